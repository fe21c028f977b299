"""The schema as an ER diagram laid out on the server by Graphviz (``dot``): SVG for the editor and
for download, PNG for download.

Each table is one node, its columns rows of an HTML-like label (key marks, name, type); each
foreign key is one edge from the referencing column's row to the referenced column's row. Laying
out on the server keeps the browser free: it only shows a finished SVG.

Table nodes carry ``id="er-<n>"`` (n: the table's position in the schema) and a ``<title>`` with
the table's name, so the page can tell which table was clicked.
"""

from __future__ import annotations

import functools
import html
import shutil
import subprocess
from collections.abc import Iterable

from kernel.errors import WiretableError
from kernel.schema import Schema, Table

DOT_SECONDS = 60
HEAD = "#1e293b"
KEY = "#b45309"
MUTED = "#64748b"


class DiagramError(WiretableError):
    """Graphviz is missing or could not lay out the diagram."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


def _node(table: Table, index: int) -> str:
    pk = set(table.primary_key or [])
    fks = {c for fk in table.foreign_keys for c in fk.columns}
    rows = [f'<TR><TD COLSPAN="3" BGCOLOR="{HEAD}" PORT="_t"><FONT COLOR="white"><B>'
            f"{html.escape(table.name or '(unnamed)')}</B></FONT></TD></TR>"]
    for i, column in enumerate(table.columns):
        keys = "PK" if column.name in pk else ("FK" if column.name in fks else ("UK" if column.unique else ""))
        name = html.escape(column.name or "(unnamed)")
        if not column.nullable and column.name not in pk:
            name = f"<B>{name}</B>"
        mark = f'<FONT COLOR="{KEY}" POINT-SIZE="9">{keys}</FONT>' if keys else " "
        kind = html.escape(column.type or "?")
        rows.append(f'<TR><TD ALIGN="LEFT" PORT="l{i}">{mark}</TD><TD ALIGN="LEFT">{name}</TD>'
                    f'<TD ALIGN="LEFT" PORT="r{i}"><FONT COLOR="{MUTED}">{kind}</FONT></TD></TR>')
    label = ('<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="#94a3b8" BGCOLOR="white">'
             + "".join(rows) + "</TABLE>>")
    return f'  n{index} [id="er-{index}" tooltip="{html.escape(table.name, quote=True)}" label={label}];'


def dot_source(schema: Schema, tables: Iterable[str] | None = None) -> str:
    """Graphviz source of the diagram: every table, or only the named ones and the foreign keys
    between them (the neighbourhood of a selected table)."""
    keep = None if tables is None else set(tables)
    index = {t.name: i for i, t in enumerate(schema.tables)}
    shown = [t for t in schema.tables if keep is None or t.name in keep]
    lines = [
        "digraph er {",
        '  graph [rankdir=LR, nodesep=0.35, ranksep=0.9, bgcolor="transparent", fontname="Helvetica"];',
        '  node [shape=plaintext, fontname="Helvetica", fontsize=11, margin=0];',
        f'  edge [color="{MUTED}", arrowsize=0.7, arrowhead=none, arrowtail=crow, dir=both];',
    ]
    lines += [_node(t, index[t.name]) for t in shown]
    shown_names = {t.name for t in shown}
    for table in shown:
        for fk in table.foreign_keys:
            ref = schema.table(fk.ref_table)
            if fk.ref_table not in shown_names or ref is None:
                continue
            columns = [c.name for c in table.columns]
            ref_columns = [c.name for c in ref.columns]
            src = f"n{index[table.name]}"
            if fk.columns and fk.columns[0] in columns:
                src += f":l{columns.index(fk.columns[0])}:w"
            dst = f"n{index[ref.name]}"
            if fk.ref_columns and fk.ref_columns[0] in ref_columns:
                dst += f":r{ref_columns.index(fk.ref_columns[0])}:e"
            tip = html.escape(f"{table.name}({', '.join(fk.columns)}) → {ref.name}({', '.join(fk.ref_columns)})",
                              quote=True)
            lines.append(f'  {dst} -> {src} [tooltip="{tip}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=32)
def _render(source: str, fmt: str) -> bytes:
    if not dot_available():
        raise DiagramError("Graphviz is not installed (`make setup` installs it): the diagram cannot be drawn")
    try:
        done = subprocess.run(["dot", f"-T{fmt}"], input=source.encode(), capture_output=True,
                              timeout=DOT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise DiagramError(f"Graphviz took more than {DOT_SECONDS} s to lay out the diagram") from exc
    if done.returncode != 0:
        raise DiagramError(f"Graphviz failed: {done.stderr.decode(errors='replace').strip()[:300]}")
    return done.stdout


def render_svg(source: str) -> str:
    """The SVG of a diagram's Graphviz source (cached: the same source is laid out once)."""
    svg = _render(source, "svg").decode()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def render_png(source: str) -> bytes:
    return _render(source, "png")
