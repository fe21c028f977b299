"""Roles in the NiceGUI pages: every socket event from a page is checked before it reaches its element.

A page's actions travel as socket events, not as HTTP writes, so the middleware cannot see them.
The principal of the page's socket connection decides:

- a viewer may only change what is shown (expansions, tabs, selections) and download, never act;
- pushing and managing target profiles needs admin (elements marked with :data:`ADMIN_MARKS`);
- anything else (captures, uploads, schema edits) needs editor.

A refused event is dropped and the page says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from nicegui import Client, core, ui

from jobs.accounts import OPEN, Principal, Role
from webui.auth.gate import Gate
from webui.auth.middleware import SCOPE_KEY

log = logging.getLogger("wiretable.auth")

ADMIN_MARKS = frozenset({"push", "confirm_destructive", "save_profile", "delete_profile"})
VIEWER_MARKS = frozenset({"download"})  # reading actions that happen to be buttons
VIEW_ONLY = ("Expansion", "Tabs", "Tab", "TabPanels", "TabPanel", "Select", "Toggle", "Table", "Tree",
             "Dialog", "Pagination", "ScrollArea", "Splitter")


def needed_role(element: Any, event_type: str) -> Role:
    marks = set(getattr(element, "_markers", []) or [])
    if marks & ADMIN_MARKS:
        return "admin"
    if marks & VIEWER_MARKS:
        return "viewer"
    if type(element).__name__ in VIEW_ONLY and event_type != "click":
        return "viewer"
    return "editor"


def client_principal(client: Client, gate: Gate) -> Principal | None:
    environ = getattr(client, "environ", None) or {}
    scope = environ.get("asgi.scope") or {}
    principal = scope.get(SCOPE_KEY)
    if isinstance(principal, Principal):
        return principal
    return None if gate.required() else OPEN


def install(gate: Gate) -> None:
    """Put the role check in front of NiceGUI's socket event handler."""
    handlers = core.sio.handlers.get("/", {})
    original: Callable[[str, dict[str, Any]], None] = getattr(handlers["event"], "unguarded", handlers["event"])

    def guarded(sid: str, msg: dict[str, Any]) -> None:
        client = Client.instances.get(msg.get("client_id", ""))
        if client is None:
            return
        element = client.elements.get(int(msg.get("id") or -1))
        principal = client_principal(client, gate)
        needed = needed_role(element, str(msg.get("type", "")))
        if principal is None or not principal.allows(needed):
            role = principal.role if principal else "signed out"
            log.info("refused a %s event for %s (%s)", msg.get("type"), principal.name if principal else "-", role)
            with client:
                ui.notify(f"your role ({role}) cannot do this; it needs {needed}", type="warning")
            return
        original(sid, msg)

    guarded.unguarded = original  # type: ignore[attr-defined]
    core.sio.on("event", guarded)
