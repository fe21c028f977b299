"""The live traffic view of a capture: hosts (with an include toggle for inference), API endpoints
(method and path template, count, status codes) and the latest requests.

The view is rebuilt only when its snapshot changes, so a timer may call :meth:`update` often.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui


def _status_text(statuses: dict[str, int]) -> str:
    return " ".join(f"{code}×{count}" if count > 1 else code for code, count in statuses.items())


class LiveTrafficView:
    def __init__(self, on_toggle: Callable[[str, bool], None]) -> None:
        self.on_toggle = on_toggle
        self._last: dict[str, Any] | None = None
        with ui.card().classes("w-full") as self.card:
            ui.label("Live traffic").classes("text-lg font-semibold")
            with ui.row().classes("w-full gap-6 items-start no-wrap"):
                with ui.column().classes("gap-1 min-w-64"):
                    ui.label("Hosts").classes("text-xs text-slate-500 uppercase")
                    self.hosts = ui.column().classes("gap-0").mark("live_hosts")
                with ui.column().classes("gap-1 grow"):
                    ui.label("API endpoints").classes("text-xs text-slate-500 uppercase")
                    self.endpoints = ui.column().classes("gap-0 font-mono text-sm").mark("live_endpoints")
            ui.label("Latest requests").classes("text-xs text-slate-500 uppercase")
            self.latest = ui.column().classes("gap-0 font-mono text-xs text-slate-600").mark("latest")
        self.card.visible = False

    def update(self, snapshot: dict[str, Any] | None) -> None:
        if not snapshot or snapshot == self._last:
            return
        previous, self._last = self._last, snapshot
        self.card.visible = True
        if previous is None or previous.get("hosts") != snapshot.get("hosts"):
            self._render_hosts(snapshot.get("hosts") or [])
        if previous is None or previous.get("endpoints") != snapshot.get("endpoints"):
            self._render_endpoints(snapshot.get("endpoints") or [], snapshot.get("hosts") or [])
        if previous is None or previous.get("latest") != snapshot.get("latest"):
            self.latest.clear()
            with self.latest:
                for item in snapshot.get("latest") or []:
                    ui.label(f"{item['status']} {item['method']} {item['host']}{item['path']}"[:200])

    def _render_hosts(self, hosts: list[dict[str, Any]]) -> None:
        self.hosts.clear()
        with self.hosts:
            for item in hosts:
                host = item["host"]
                with ui.row().classes("items-center gap-2 no-wrap"):
                    ui.switch(value=bool(item["included"]),
                              on_change=lambda e, h=host: self.on_toggle(h, bool(e.value))).props(
                        "dense").mark(f"host-{host}").tooltip("Use this host's API traffic for inference")
                    ui.label(host).classes("font-mono text-sm")
                    if item["third_party"]:
                        ui.badge("third party", color="orange").props("outline")
                    ui.label(f"{item['requests']} req, {item['api_requests']} API").classes(
                        "text-xs text-slate-500")

    def _render_endpoints(self, endpoints: list[dict[str, Any]], hosts: list[dict[str, Any]]) -> None:
        included = {h["host"]: h["included"] for h in hosts}
        self.endpoints.clear()
        with self.endpoints:
            if not endpoints:
                ui.label("no API calls yet").classes("text-slate-500")
            for item in endpoints:
                style = "" if included.get(item["host"], True) else "text-slate-400 line-through"
                ui.label(f"{item['method']} {item['path']}  ×{item['count']}  {_status_text(item['statuses'])}"
                         f"  ({item['host']})").classes(style).mark("endpoint")
