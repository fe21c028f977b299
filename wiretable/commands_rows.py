"""``wiretable rows``: a page of a pushed table's rows, as the job page's Data view reads it."""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated

import typer

from kernel.errors import WiretableError


def rows(
    table: Annotated[str, typer.Argument(help="The table to read.", show_default=False)],
    target: Annotated[str | None, typer.Option(
        help="'embedded', 'supabase', a postgresql:// URL or a saved target profile's name "
             "(default: WIRETABLE_TARGET_URL, else embedded).")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many rows.")] = 0,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Rows to print at most.")] = 100,
    sort: Annotated[str | None, typer.Option(help="Order by this column (then by the primary key).")] = None,
    desc: Annotated[bool, typer.Option("--desc", help="With --sort: largest first.")] = False,
    width: Annotated[int, typer.Option(min=1, help="Cut each value to this many characters (…).")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print the page as one JSON object.")] = False,
) -> None:
    """Print a page of a table's rows from a target, read-only: CSV with a header (NULL as an empty
    field), or JSON with the columns, their types and the total; the row count goes to stderr."""
    from jobs.verbs.data import table_rows
    from kernel.settings import Settings

    try:
        settings = Settings()
        page = table_rows(settings, target or settings.target_url or "embedded", table, offset=offset, limit=limit,
                          order_by=sort, descending=desc, max_chars=width)
    except WiretableError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps({
            "table": page.table, "target": page.target, "total": page.total, "offset": page.offset,
            "limit": page.limit, "order_by": page.order_by, "descending": page.descending,
            "columns": [{"name": c.name, "type": c.type} for c in page.columns],
            "rows": [dict(zip((c.name for c in page.columns), row, strict=True)) for row in page.rows],
        }, ensure_ascii=False))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.name for c in page.columns])
        writer.writerows(page.rows)
    shown = f"rows {page.first}–{page.last}" if page.rows else "no rows"
    typer.echo(f"{page.table}: {page.total} row(s) in {page.target}; {shown}", err=True)
