"""The shared page frame: header with navigation, a content column."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from webui.auth.menu import account_menu

STATUS_COLORS = {
    "queued": "grey", "capturing": "blue", "inferring": "indigo", "ready": "teal",
    "applying": "orange", "applied": "green", "failed": "red", "cancelled": "grey",
}


@contextmanager
def frame(title: str) -> Iterator[None]:
    ui.page_title(f"{title} · wiretable")
    with ui.header().classes("items-center bg-slate-800 px-6 py-2"):
        ui.link("wiretable", "/").classes("text-white text-xl font-bold no-underline")
        ui.label("capture → infer → push").classes("text-slate-300 text-sm")
        account_menu()
    with ui.column().classes("w-full max-w-[1800px] mx-auto p-2 sm:p-4 gap-4"):
        yield


def status_badge(status: str) -> ui.badge:
    return ui.badge(status, color=STATUS_COLORS.get(status, "grey")).mark("status")
