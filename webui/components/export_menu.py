"""The Export menu: the schema being edited as OpenAPI, docs, Drizzle, SQLAlchemy, DDL or JSON
Schema, downloaded at once (several files come as one zip); for a job with captured traffic also
the OpenAPI document of the captured app's own API, its bodies referring to the schema's tables, and
the captured traffic itself as a HAR 1.2 file (redacted) that devtools and other HAR tools open."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from nicegui import run, ui

from jobs.verbs.export import render_export
from kernel.errors import WiretableError
from kernel.schema import Schema

CHOICES: list[tuple[str, str, dict[str, object]]] = [
    ("OpenAPI 3.1 (openapi.json)", "openapi", {}),
    ("Docs: Markdown with ER diagrams", "docs", {}),
    ("Docs: one HTML page", "docs", {"html": True}),
    ("Drizzle schema.ts + migrations (zip)", "drizzle", {}),
    ("SQLAlchemy models.py", "sqlalchemy", {}),
    ("DDL (Postgres)", "ddl", {}),
    ("JSON Schema per table (zip)", "jsonschema", {}),
]


def export_bytes(schema: Schema, fmt: str, **options: object) -> tuple[bytes, str]:
    """The download for one choice: (content, file name)."""
    files = render_export(fmt, schema, **options)  # type: ignore[arg-type]
    base = schema.name or "schema"
    if len(files) == 1 and fmt not in ("drizzle", "jsonschema"):
        ((name, text),) = files.items()
        return text.encode("utf-8"), f"{base}.{name}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(f"{base}-{fmt}/{name}", text)
    return buffer.getvalue(), f"{base}-{fmt}.zip"


#: ``observed(schema)``: the files of the observed API's OpenAPI document (a job's traffic read).
Observed = Callable[[Schema], dict[str, str]]
OBSERVED_LABEL = "OpenAPI (observed API)"
#: ``traffic()``: the job's captured traffic as HAR 1.2 bytes.
Traffic = Callable[[], bytes]
TRAFFIC_LABEL = "Captured traffic (HAR)"


def export_menu(current: Callable[[], Schema], observed: Observed | None = None,
                traffic: Traffic | None = None) -> None:
    """A dropdown button that downloads ``current()`` in the chosen format; with ``observed``, also
    the OpenAPI document of the captured API, and with ``traffic`` the captured traffic as a HAR
    (both read off the event loop: the traffic may be large)."""

    async def download_traffic() -> None:
        assert traffic is not None
        try:
            content = await run.io_bound(traffic)
        except WiretableError as exc:
            ui.notify(f"Export failed: {exc}", type="negative")
            return
        if content is not None:  # None: the app is shutting down
            ui.download.content(content, f"{current().name or 'traffic'}.har", media_type="application/json")

    async def download_observed() -> None:
        assert observed is not None
        schema = current()
        try:
            files = await run.io_bound(observed, schema)
        except WiretableError as exc:
            ui.notify(f"Export failed: {exc}", type="negative")
            return
        if files is None:  # the app is shutting down
            return
        ((name, text),) = files.items()
        ui.download.content(text.encode("utf-8"), f"{schema.name or 'schema'}.{name}", media_type="application/json")

    def download(fmt: str, options: dict[str, object]) -> None:
        try:
            content, name = export_bytes(current(), fmt, **options)
        except WiretableError as exc:
            ui.notify(f"Export failed: {exc}", type="negative")
            return
        ui.download.content(content, name)

    with ui.dropdown_button("Export", icon="ios_share", auto_close=True).props("flat dense no-caps").mark("export"):
        for label, fmt, options in CHOICES:
            mark = f"export-{fmt}" + ("-html" if options else "")
            ui.item(label, on_click=lambda f=fmt, o=options: download(f, o)).mark(mark)
        if observed is not None:
            ui.item(OBSERVED_LABEL, on_click=download_observed).mark("export-openapi-observed")
        if traffic is not None:
            ui.item(TRAFFIC_LABEL, on_click=download_traffic).mark("export-traffic-har")
