"""The signed-in user's name and a sign-out button, for the page header."""

from __future__ import annotations

import html

from nicegui import ui

from jobs.accounts import Principal
from webui.auth.middleware import SCOPE_KEY


def account_menu() -> None:
    """Shown only for a cookie session; the open local default and tokens have nothing to sign out of."""
    request = ui.context.client.request
    principal = request.scope.get(SCOPE_KEY) if request is not None else None
    if not isinstance(principal, Principal) or principal.via != "cookie":
        return
    ui.space()
    ui.label(f"{principal.name} ({principal.role})").classes("text-slate-300 text-sm").mark("signed_in_as")
    ui.html(f'<form method="post" action="/logout" style="margin:0"><button type="submit" '
            f'title="Sign out {html.escape(principal.name)}" style="color:#e2e8f0;background:none;border:1px solid '
            '#64748b;border-radius:4px;padding:2px 10px;cursor:pointer">Sign out</button></form>',
            sanitize=False).mark("sign_out")
