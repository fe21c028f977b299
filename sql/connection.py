"""Connecting to a target database so that a dead or wrong URL fails fast with a clear message."""

from __future__ import annotations

import psycopg

from kernel.errors import PushError
from sql.embedded import redact_url

DEFAULT_CONNECT_TIMEOUT = 5.0


def server_message(exc: BaseException) -> str:
    """The server's whole message on one line: the primary text, then its detail and hint."""
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if diag is None or not primary:
        return " ".join(str(exc).split()) or type(exc).__name__
    parts = [primary]
    for label, text in (("detail", diag.message_detail), ("hint", diag.message_hint)):
        if text:
            parts.append(f"{label}: {' '.join(text.split())}")
    return "; ".join(parts)


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message (server messages carry DETAIL/HINT lines)."""
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def connect(
    url: str, *, connect_timeout: float = DEFAULT_CONNECT_TIMEOUT, autocommit: bool = False
) -> psycopg.Connection:
    """Open a connection or raise PushError; never waits longer than ``connect_timeout`` seconds.

    libpq's minimum timeout is 2 seconds, so smaller values are raised to 2.
    """
    timeout = max(2, int(round(connect_timeout)))
    try:
        return psycopg.connect(url, connect_timeout=timeout, autocommit=autocommit)
    except psycopg.Error as exc:
        raise PushError(f"cannot connect to {redact_url(url)}: {one_line(exc)}", url=redact_url(url)) from exc
