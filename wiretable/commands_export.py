"""CLI commands over a schema document's generated backend: ``export``, ``api`` and ``reset``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kernel.errors import WiretableError


def _fail(exc: WiretableError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


SchemaArg = Annotated[Path, typer.Argument(help="A schema.json document.", show_default=False)]
TargetOpt = Annotated[str, typer.Option(help="'embedded', a postgresql:// URL, or a saved target profile's name.")]


def export(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="openapi, docs, drizzle, sqlalchemy, ddl or jsonschema.")],
    schema: SchemaArg,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (single-file formats) or directory "
                                                "to write; single-file formats print to stdout without it.")] = None,
    dialect: Annotated[str | None, typer.Option(help="drizzle: postgresql, sqlite or mysql; ddl: postgres, "
                                                "sqlite, mysql or tsql.")] = None,
    html: Annotated[bool, typer.Option("--html", help="docs: one self-contained HTML page that renders the "
                                       "diagrams.")] = False,
    version: Annotated[list[Path] | None, typer.Option("--version", help="drizzle: an earlier saved version of "
                                                       "the schema, oldest first (repeatable); one migration each.")]
    = None,
    server_url: Annotated[str | None, typer.Option(help="openapi: the API's base URL for `servers`.")] = None,
    observed: Annotated[Path | None, typer.Option(help="openapi: describe the captured app's own API as this "
                                                  "traffic (a .har or a traffic.jsonl) shows it, its bodies "
                                                  "referring to the schema's tables.", show_default=False)]
    = None,
) -> None:
    """Write the schema as OpenAPI, Markdown/HTML docs, a Drizzle schema with migrations,
    SQLAlchemy models, DDL or JSON Schema; or, with --observed, the OpenAPI of the captured API."""
    import sys

    from jobs.verbs.export import SINGLE_FILE, observed_openapi_file, render_export, write_export
    from kernel.errors import SchemaError
    from kernel.schema import load_schema

    try:
        doc = load_schema(schema)
        versions = [load_schema(v) for v in version or []]
        if observed is not None and fmt != "openapi":
            raise SchemaError(f"--observed describes the captured API as OpenAPI: use it with openapi, not {fmt}")
        if observed is not None:
            files = observed_openapi_file(doc, observed)
        else:
            files = render_export(fmt, doc, dialect=dialect, html=html, versions=versions, server_url=server_url)
        if output is None:
            if fmt not in SINGLE_FILE:
                raise SchemaError(f"{fmt} writes several files: give a directory with -o")
            (text,) = files.values()
            sys.stdout.write(text)
            return
        written = write_export(files, output, directory=fmt not in SINGLE_FILE)
    except WiretableError as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {len(written)} file(s): {output}", err=True)


def api(
    schema: SchemaArg,
    target: TargetOpt = "embedded",
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the REST API.")] = 8090,
) -> None:
    """Serve a CRUD REST API over the schema's tables in the target database (with /docs)."""
    from jobs.verbs.api import serve_api

    try:
        serve_api(schema, target, host=host, port=port,
                  on_ready=lambda url: typer.echo(f"REST API on {url} (docs: {url}docs)", err=True))
    except WiretableError as exc:
        raise _fail(exc) from None


def reset(
    schema: SchemaArg,
    target: TargetOpt = "embedded",
    yes: Annotated[bool, typer.Option("--yes", help="Really drop and recreate the tables (their rows are lost).")]
    = False,
) -> None:
    """Drop and recreate the schema's tables that wiretable's own pushes created; recorded in the ledger."""
    from jobs.verbs.reset import reset_target

    try:
        result = reset_target(schema, target, confirmed=yes)
    except WiretableError as exc:
        raise _fail(exc) from None
    typer.echo(result.summary())


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command()(api)
    app.command()(reset)
