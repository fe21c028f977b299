"""The inferred schema of a job: one card per table with its columns, keys and evidence."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from jobs.model import Job
from sql.model import Table
from webui.components.push_panel import ddl_and_push
from webui.context import AppContext


def _column_rows(table: Table) -> list[dict[str, Any]]:
    pk = set(table.primary_key or [])
    refs = {c: f"{fk.ref_table}.{fk.ref_columns[i]}" for fk in table.foreign_keys for i, c in enumerate(fk.columns)}
    rows = []
    for col in table.columns:
        ev = col.evidence
        rows.append({
            "name": col.name,
            "type": col.type + (f" ({', '.join(col.enum)})" if col.enum else ""),
            "key": " ".join(k for k, on in (("PK", col.name in pk), ("UQ", col.unique and col.name not in pk)) if on),
            "references": refs.get(col.name, ""),
            "nullable": "null" if col.nullable else "not null",
            "evidence": (f"{ev.samples} samples, {ev.nulls} null, conf {ev.confidence:.2f}"
                         if ev and ev.confidence is not None else (f"{ev.samples} samples" if ev else "")),
        })
    return rows


COLUMNS = [{"name": k, "label": k.capitalize(), "field": k, "align": "left"}
           for k in ("name", "type", "key", "references", "nullable", "evidence")]


def render_schema(ctx: AppContext, area: ui.column, job: Job) -> None:
    area.clear()
    if not job.status.has_schema:
        return
    schema = ctx.store.load_schema(job.id)
    if schema is None:
        return
    with area:
        ui.separator()
        ui.label(f"Inferred schema: {len(schema.tables)} tables").classes("text-xl font-semibold").mark(
            "schema_title")
        for table in schema.tables:
            _table_card(table)
        ddl_and_push(ctx, job, schema)


def _table_card(table: Table) -> None:
    with ui.card().classes("w-full").mark(f"table-{table.name}"):
        with ui.row().classes("items-center gap-2"):
            ui.label(table.name).classes("text-lg font-semibold font-mono")
            if table.primary_key:
                ui.badge(f"PK ({', '.join(table.primary_key)})", color="teal")
            for fk in table.foreign_keys:
                ui.badge(f"{', '.join(fk.columns)} → {fk.ref_table}", color="indigo")
        if table.evidence and table.evidence.endpoints:
            ui.label("from " + ", ".join(table.evidence.endpoints[:4])).classes("text-xs text-slate-500")
        ui.table(columns=COLUMNS, rows=_column_rows(table), row_key="name").props("dense flat").classes("w-full")


