"""The export verb: render a schema document in one of the export formats and write the files.

Rendering is pure (``sql.exports``, and ``inference.observed_api`` for the OpenAPI document of the
captured app's own API); this module picks the format, reads the traffic that ``openapi
--observed`` describes (redacted, through the one traffic reader), loads the mermaid build that
the web UI already ships (for ``docs --html``) and writes the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kernel.errors import SchemaError
from kernel.exchange import Exchange
from kernel.schema import Schema

FORMATS = ("openapi", "docs", "drizzle", "sqlalchemy", "ddl", "jsonschema")
SINGLE_FILE = {"openapi", "docs", "sqlalchemy", "ddl"}


def mermaid_modules() -> dict[str, str]:
    """The ES modules of the mermaid build bundled with NiceGUI, by file name."""
    import nicegui

    dist = Path(nicegui.__file__).parent / "elements" / "mermaid" / "dist"
    if not (dist / "index.js").is_file():
        raise SchemaError(f"the mermaid build is missing from {dist}")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(dist.glob("*.js"))}


def _check(schema: Schema) -> None:
    from sql.validate import validate_schema

    errors = [p for p in validate_schema(schema) if p.level == "error"]
    if errors:
        raise SchemaError(f"the schema has {len(errors)} error(s), first: {errors[0].message}")


OBSERVED_FILE = "openapi.observed.json"


def render_observed_openapi(schema: Schema, exchanges: Iterable[Exchange]) -> dict[str, str]:
    """The OpenAPI 3.1 document of the app's own API as ``exchanges`` show it, its bodies' objects
    referring to components named after ``schema``'s tables: {file name: text}.

    The schema need not be valid for a push (only its tables and columns are read). Raises
    InferenceError when the exchanges hold no API call.
    """
    import json

    from inference.observed_api import observed_openapi
    from sql.exports.common import column_json_schema
    from sql.exports.openapi import component_names

    document = observed_openapi(exchanges, schema, column_schema=column_json_schema,
                                component_names=component_names(schema))
    return {OBSERVED_FILE: json.dumps(document, indent=2, ensure_ascii=False) + "\n"}


def traffic_as_har(traffic: Path) -> bytes:
    """A capture file (a HAR or Exchange JSONL) as a HAR 1.2 document other HAR tools open, its
    exchanges redacted again on the way (see :mod:`capture.har_write`)."""
    import tempfile

    from capture.har_write import write_har

    with tempfile.TemporaryDirectory(prefix="wiretable-har-") as folder:
        out = Path(folder) / "traffic.har"
        write_har(traffic, out)
        return out.read_bytes()


def observed_openapi_file(schema: Schema, traffic: Path) -> dict[str, str]:
    """:func:`render_observed_openapi` of a capture file: a HAR or an Exchange JSONL, read redacted."""
    from jobs.verbs.infer import read_traffic

    return render_observed_openapi(schema, read_traffic(traffic))


def render_export(fmt: str, schema: Schema, *, dialect: str | None = None, html: bool = False,
                  versions: Sequence[Schema] = (), server_url: str | None = None) -> dict[str, str]:
    """The files of export ``fmt`` for ``schema``: {relative path: text}."""
    _check(schema)
    if fmt == "openapi":
        from sql.exports.openapi import render_openapi

        return {"openapi.json": render_openapi(schema, server_url=server_url)}
    if fmt == "docs":
        from sql.exports.docs import render_docs

        return render_docs(schema, html_page=html, mermaid_modules=mermaid_modules() if html else None)
    if fmt == "drizzle":
        from sql.exports.drizzle import DIALECTS, render_drizzle

        drizzle_dialect = {"postgres": "postgresql", None: "postgresql"}.get(dialect, dialect)
        if drizzle_dialect not in DIALECTS:
            raise SchemaError(f"drizzle dialects are {', '.join(DIALECTS)}, not {dialect!r}")
        return render_drizzle(schema, drizzle_dialect, [*versions, schema] if versions else None)
    if fmt == "sqlalchemy":
        from sql.exports.sqlalchemy_models import render_sqlalchemy

        return render_sqlalchemy(schema)
    if fmt == "ddl":
        from sql.ddl import render_ddl
        from sql.types import DIALECTS as SQL_DIALECTS

        sql_dialect = dialect or "postgres"
        if sql_dialect not in SQL_DIALECTS:
            raise SchemaError(f"ddl dialects are {', '.join(sorted(SQL_DIALECTS))}, not {dialect!r}")
        text = render_ddl(schema, dialect=sql_dialect)
        return {f"schema.{sql_dialect}.sql": text if text.endswith("\n") else text + "\n"}
    if fmt == "jsonschema":
        from sql.exports.jsonschema import render_jsonschema

        return render_jsonschema(schema)
    raise SchemaError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_export(files: dict[str, str], output: Path, *, directory: bool | None = None) -> list[Path]:
    """Write ``files``: a single file to ``output`` itself (unless it is a directory or
    ``directory`` is true), else every file under the directory ``output``. Returns the paths."""
    if directory is None:
        directory = len(files) > 1
    if not directory and len(files) == 1 and not output.is_dir():
        (text,) = files.values()
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        return [output]
    if output.exists() and not output.is_dir():
        raise SchemaError(f"{output} is a file; this export writes several files into a directory")
    written = []
    for rel, text in files.items():
        path = output / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
