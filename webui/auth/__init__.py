"""Sign-in and roles for the web UI and the REST API (see ``gate``, ``middleware``, ``events``)."""

from __future__ import annotations

from fastapi import FastAPI

from jobs.accounts import AccountStore
from kernel.errors import WiretableError
from kernel.settings import Settings
from webui.auth.clients import ClientAddresses, parse_networks
from webui.auth.gate import Gate, is_loopback


def install(app: FastAPI, settings: Settings, conninfo: str) -> Gate:
    """Put sign-in in front of every route and socket event of ``app``; returns the gate."""
    from webui.auth import events, login
    from webui.auth.middleware import AuthMiddleware

    gate = Gate(AccountStore(conninfo), required=settings.auth == "required",
                clients=ClientAddresses(parse_networks(settings.trusted_proxies)))
    login.register(app, gate)
    events.install(gate)
    app.add_middleware(AuthMiddleware, gate=gate)
    return gate


def check_exposure(conninfo: str, host: str) -> None:
    """Refuse to listen beyond loopback while anyone could use the app without signing in."""
    if is_loopback(host) or host == "localhost" or AccountStore(conninfo).configured():
        return
    raise WiretableError(
        f"refusing to listen on {host} without sign-in: create a user first "
        "(`wiretable users add NAME --role admin`) or an API token (`wiretable token create --role admin`)"
    )
