"""The ``wiretable`` command line: every step of the web UI, one command each.

Commands parse their arguments, call one function and map :class:`WiretableError` to a one-line
message on stderr and exit code 1. Results go to stdout or the ``-o`` file; progress to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kernel.errors import WiretableError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kernel.exchange import Exchange
    from kernel.schema import Schema
    from kernel.settings import Settings

app = typer.Typer(
    name="wiretable",
    help="Capture a web app's API traffic, infer the database schema behind it, and push it to Postgres.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

SchemaPath = Annotated[Path, typer.Argument(help="A schema.json document.", show_default=False)]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]


def _settings() -> Settings:
    from kernel.settings import Settings  # imported on use: `infer` runs without it

    return Settings()


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _fail(exc: WiretableError) -> typer.Exit:
    _err(f"error: {exc}")
    return typer.Exit(1)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def capture(
    url: Annotated[str | None, typer.Argument(help="The web app to explore, e.g. http://127.0.0.1:8081/")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Traffic file to add to: JSON Lines, or a HAR 1.2 file when named .har.")] = Path(
        "traffic.jsonl"
    ),
    budget_seconds: Annotated[float | None, typer.Option(
        min=1, help="Stop after this many seconds (default 60; no limit with --manual).")] = None,
    max_pages: Annotated[int, typer.Option(min=1, help="Visit at most this many pages.")] = 200,
    max_requests: Annotated[int | None, typer.Option(
        min=1, help="Stop exploring after this many requests.")] = None,
    storage_state: Annotated[Path | None, typer.Option(
        "--storage-state", help="A Playwright storage state (or a JSON list of cookies) to log in with.")] = None,
    header: Annotated[list[str] | None, typer.Option(
        "--header", "-H", help="An extra header for the app's requests, 'Name: value' (repeatable).")] = None,
    allow_destructive: Annotated[bool, typer.Option(
        "--allow-destructive", help="Also click delete/pay/send-like controls and submit forms.")] = False,
    manual: Annotated[bool, typer.Option(
        "--manual", help="Only run the proxy; use the app through it yourself, Ctrl+C to stop.")] = False,
    listen_host: Annotated[str | None, typer.Option(
        help="With --manual: the proxy's interface (default 127.0.0.1; 0.0.0.0 for phones).")] = None,
    port: Annotated[int | None, typer.Option(help="With --manual: the proxy's port (default: a free one).")] = None,
) -> None:
    """Explore URL in headless Chromium through the capture proxy and record its traffic.

    Credentials given with --storage-state or --header are used by the browser only and never
    written: their values are redacted from the traffic file.
    """
    from jobs.verbs.capture import CaptureProgress
    from jobs.verbs.capture import capture as capture_traffic

    def progress(p: CaptureProgress) -> None:
        _err(f"  pages {p.pages_visited:>3}  requests {p.requests_captured:>4}  {p.message or ''}")

    try:
        if manual:
            _capture_manual(output, budget_seconds, listen_host, port)
            return
        result = capture_traffic(url, output, _settings(), budget_seconds=budget_seconds or 60.0,
                                 max_pages=max_pages, on_progress=progress, storage_state=storage_state,
                                 headers=header or [],
                                 allow_destructive=allow_destructive, max_requests=max_requests)
    except WiretableError as exc:
        raise _fail(exc) from None
    _err(f"captured {result.requests_captured} requests from {len(result.pages_visited)} pages into {output}")


def _capture_manual(output: Path, budget_seconds: float | None, listen_host: str | None, port: int | None) -> None:
    import signal
    import threading

    from jobs.verbs.capture import ProxyInfo, capture_manual, instructions

    settings = _settings()
    stop = threading.Event()

    def ready(info: ProxyInfo) -> None:
        _err(f"proxy listening on {info.address}")
        _err(f"CA certificate: {info.ca_cert}")
        for line in instructions(info):
            _err(f"  - {line}")
        _err("press Ctrl+C to stop")

    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    previous_term = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        result = capture_manual(output, settings, stop=stop, budget_seconds=budget_seconds,
                                listen_host=listen_host, port=port, on_ready=ready)
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.signal(signal.SIGTERM, previous_term)
    _err(f"{result.message} into {output}")


@app.command()
def infer(
    traffic: Annotated[Path, typer.Argument(help="Captured traffic: a .jsonl file from `capture`, or a .har file.")],
    output: Output = None,
    name: Annotated[str | None, typer.Option(help="Schema name (default: the file name).")] = None,
    llm: Annotated[bool, typer.Option("--llm", help="Refine with the configured LLM; only checked patches apply.")]
    = False,
    llm_log: Annotated[Path | None, typer.Option(help="Where to log the LLM request and answer (redacted); "
                                                 "default: beside -o as <name>.llm.json.")] = None,
) -> None:
    """Infer the relational schema (tables, columns, keys, relations) behind captured traffic."""
    from jobs.verbs.infer import SchemaCounts, infer_file, read_traffic

    try:
        schema = infer_file(traffic, name=name)
        if llm:
            schema = _refine(schema, read_traffic(traffic),
                             llm_log or (output.with_suffix(".llm.json") if output else None))
    except WiretableError as exc:
        raise _fail(exc) from None
    _write(schema.to_json(), output)
    _err(SchemaCounts.of(schema).message() + (f" into {output}" if output else ""))


def _refine(schema: Schema, exchanges: Iterable[Exchange], log: Path | None) -> Schema:
    """Run the LLM advisor on a heuristic schema; report on stderr; never fail the command."""
    from jobs.verbs.refine import refine_capture, save_transcript

    records: list[dict[str, object]] = []
    result = refine_capture(schema, exchanges, _settings(), transcript=records.append)
    for message in result.messages():
        _err(message)
    if log is not None and records:
        save_transcript(records, log)
        _err(f"LLM request and answer logged (redacted) in {log}")
    return result.schema


app.command(name="eval")(__import__("wiretable.commands_eval", fromlist=["eval_"]).eval_)
__import__("wiretable.commands_auth", fromlist=["register"]).register(app)
app.command(name="worker")(__import__("wiretable.commands_worker", fromlist=["worker"]).worker)
app.command(name="rows")(__import__("wiretable.commands_rows", fromlist=["rows"]).rows)


@app.command()
def validate(schema: SchemaPath) -> None:
    """Check a schema document; exit 1 when it has errors (warnings are printed, not fatal)."""
    from kernel.schema import load_schema
    from sql.validate import validate_schema

    try:
        doc = load_schema(schema)
    except WiretableError as exc:
        raise _fail(exc) from None
    problems = validate_schema(doc)
    for p in problems:
        _err(f"{p.level}: {p.message}")
    errors = [p for p in problems if p.level == "error"]
    if errors:
        _err(f"{schema}: {len(errors)} error(s)")
        raise typer.Exit(1)
    typer.echo(f"{schema}: valid ({len(doc.tables)} tables, hash {doc.content_hash()[:12]})")


@app.command()
def ddl(
    schema: SchemaPath,
    dialect: Annotated[
        str, typer.Option(help="SQL dialect of the output: postgres, sqlite, mysql or tsql.")
    ] = "postgres",
    output: Output = None,
) -> None:
    """Print the CREATE TABLE statements for a schema document (after validating it)."""
    from jobs.verbs.plan import load_valid
    from kernel.errors import SchemaError
    from sql.ddl import render_ddl
    from sql.types import DIALECTS

    try:
        if dialect not in DIALECTS:
            raise SchemaError(f"unsupported dialect {dialect!r}; choose one of {', '.join(sorted(DIALECTS))}")
        text = render_ddl(load_valid(schema), dialect=dialect)
    except WiretableError as exc:
        raise _fail(exc) from None
    _write(text if text.endswith("\n") else text + "\n", output)


TargetOption = Annotated[
    str,
    typer.Option(help="'embedded', 'supabase' (SUPABASE_DB_URL, else the Management API), 'supabase-api',"
                      " a postgresql:// URL, or a saved target profile's name."),
]
NoRenames = Annotated[
    bool, typer.Option("--no-renames", help="Plan a drop and an add where a column looks renamed.")
]


@app.command()
def push(
    schema: SchemaPath,
    target: TargetOption = "embedded",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; change nothing.")] = False,
    allow_destructive: Annotated[bool, typer.Option(
        "--allow-destructive", help="Apply drops, narrowing type changes and NOT NULL over nulls.")] = False,
    no_renames: NoRenames = False,
    records: Annotated[Path | None, typer.Option(
        help="A JSON file {table: [record, …]} loaded into the tables this push creates.")] = None,
    with_data: Annotated[Path | None, typer.Option(
        "--with-data", help="Captured traffic (.jsonl or .har): load its records into the tables this push "
        "creates.")] = None,
    data_limit: Annotated[int, typer.Option(min=0, help="Rows loaded per table at most with --with-data.")]
    = 1000,
) -> None:
    """Apply a schema to a target database in one transaction, recorded in a ledger."""
    from jobs.verbs.plan import load_valid, push_timeouts, resolve_target
    from jobs.verbs.push import push as push_schema
    from jobs.verbs.push import read_records, sample_from_traffic
    from kernel.errors import SchemaError

    try:
        doc = load_valid(schema)
        settings = _settings()
        resolved, supa = resolve_target(target, settings)
        if records is not None and with_data is not None:
            raise SchemaError("give either --records or --with-data, not both")
        rows = read_records(records) if records is not None else None
        sample = sample_from_traffic(with_data, doc, data_limit) if with_data is not None else None
        outcome = push_schema(doc, resolved, supa, dry_run=dry_run, allow_destructive=allow_destructive,
                              detect_renames=not no_renames, applied_by="wiretable cli", records=rows,
                              sample=sample, **push_timeouts(settings), on_wait=_err)
    except WiretableError as exc:
        raise _fail(exc) from None
    if dry_run:
        typer.echo(outcome.result.render_plan(), nl=False)
    typer.echo(outcome.result.summary())
    for line in outcome.data_lines() + outcome.rest_lines():
        typer.echo(line)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the web UI.")] = 8080,
) -> None:
    """Run the web UI (and the embedded Postgres it uses)."""
    from webui.app import serve as serve_ui

    try:
        serve_ui(_settings(), host=host, port=port)
    except WiretableError as exc:
        raise _fail(exc) from None


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the demo app.")] = 8081,
) -> None:
    """Run the bundled demo app (an SPA and its JSON API), the default capture target."""
    from demo.server import main as demo_main

    demo_main(["--host", host, "--port", str(port)])


@app.command()
def plan(
    schema: SchemaPath,
    target: TargetOption = "embedded",
    no_renames: NoRenames = False,
    output: Output = None,
) -> None:
    """Print the migration plan from the live target to a schema document; change nothing."""
    from jobs.verbs.plan import load_valid, push_timeouts, resolve_target
    from jobs.verbs.plan import plan as plan_push

    try:
        doc = load_valid(schema)
        settings = _settings()
        resolved, _ = resolve_target(target, settings)
        result = plan_push(doc, resolved, detect_renames=not no_renames, **push_timeouts(settings), on_wait=_err)
    except WiretableError as exc:
        raise _fail(exc) from None
    _write(result.render_plan(), output)


from wiretable.commands_export import register as register_export  # noqa: E402

register_export(app)


def main() -> None:
    """Run the CLI; no traceback reaches the user unless WIRETABLE_DEBUG is set."""
    import os

    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except OSError as exc:  # e.g. an output path in a missing directory
        if os.environ.get("WIRETABLE_DEBUG"):
            raise
        _err(f"error: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("WIRETABLE_DEBUG"):
            raise
        _err(f"error: internal error ({type(exc).__name__}: {exc}); rerun with WIRETABLE_DEBUG=1 for details")
        sys.exit(2)


if __name__ == "__main__":
    main()
