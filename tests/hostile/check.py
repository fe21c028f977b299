"""Run one hostile input through the product's verbs and say what went wrong, if anything.

Used by the corpus tests and, on its own, to count failures per kind (``python -m
tests.hostile.check``). Every verb runs in this process; a few inputs also go through the real
command in the tests.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from typer.testing import CliRunner

from kernel.errors import WiretableError


@dataclass
class Outcome:
    name: str
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def reset_target(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def check_schema_document(name: str, doc: dict[str, Any], workdir: Path, target_url: str) -> Outcome:
    """validate, ddl (through the command), push and re-push one schema document.

    Problems: a traceback anywhere; ``ddl`` succeeding on a document ``validate`` rejects; a
    valid document that does not push, or whose re-push is not a no-op.
    """
    from kernel.schema import load_schema
    from sql.apply import push
    from sql.validate import validate_schema
    from wiretable.cli import app

    out = Outcome(name)
    start = time.perf_counter()
    path = workdir / f"{name}.schema.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    runner = CliRunner()
    try:
        try:
            schema = load_schema(path)
        except WiretableError:
            schema = None
        errors = [p for p in validate_schema(schema) if p.level == "error"] if schema is not None else ["unreadable"]
        result = runner.invoke(app, ["ddl", str(path)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            out.problems.append(f"ddl traceback: {result.exception!r}")
        if errors and result.exit_code == 0:
            out.problems.append("ddl printed DDL for a document validate rejects")
        if not errors and result.exit_code != 0:
            out.problems.append(f"ddl failed on a valid document: {result.output.strip()[:200]}")
        if schema is not None and not errors:
            reset_target(target_url)
            try:
                push(schema, target_url, allow_destructive=False)
            except WiretableError as exc:
                out.problems.append(f"valid but push failed: {str(exc)[:300]}")
            else:
                try:
                    again = push(schema, target_url)
                    if not again.no_op:
                        out.problems.append(f"re-push not a no-op: {list(again.statements)[:2]}")
                except WiretableError as exc:
                    out.problems.append(f"re-push failed: {str(exc)[:300]}")
    except Exception as exc:  # noqa: BLE001 - a traceback is what this looks for
        out.problems.append(f"traceback: {type(exc).__name__}: {exc!s:.200}\n{traceback.format_exc(limit=-3)}")
    out.seconds = time.perf_counter() - start
    return out


def _main() -> None:  # pragma: no cover - a counting tool
    from sql.embedded import EmbeddedPostgres
    from tests.hostile.schemas import hostile_schemas

    root = Path(tempfile.mkdtemp(prefix="wiretable-hostile-", dir="/tmp"))
    server = EmbeddedPostgres(root / "pgdata")
    url = server.app_url.replace("/postgres?", "/hostile?")
    with psycopg.connect(server.app_url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE hostile")
        conn.execute("ALTER DATABASE hostile SET synchronous_commit = off")
    only = sys.argv[1:]
    kinds: Counter[str] = Counter()
    if only and only[0] == "traffic":
        from tests.hostile.traffic import hostile_traffic

        for name, path, planted in hostile_traffic(root / "traffic"):
            if len(only) > 1 and not any(name.startswith(o) for o in only[1:]):
                continue
            outcome = check_traffic_file(name, path, planted, url)
            if outcome.problems:
                kinds[outcome.problems[0].split(":")[0]] += 1
                print(f"{name} ({outcome.seconds:.1f}s): {' | '.join(p.splitlines()[0] for p in outcome.problems)}",
                      flush=True)
        print(dict(kinds))
        server.close()
        return
    for name, doc in hostile_schemas():
        if only and not any(name.startswith(o) for o in only):
            continue
        outcome = check_schema_document(name, doc, root, url)
        if outcome.problems:
            kinds[outcome.problems[0].split(":")[0]] += 1
            print(f"{name} ({outcome.seconds:.1f}s): {' | '.join(p.splitlines()[0] for p in outcome.problems)}")
    print(dict(kinds))
    server.close()


def dump_database(url: str) -> str:
    """Every row of every table in the target's public schema, and every constraint, as text."""
    parts: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'").fetchall()]
        for table in tables:
            parts += [str(r) for r in conn.execute(f"SELECT t::text FROM {table} t").fetchall()]  # noqa: S608
        parts += [str(r) for r in conn.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace")]
    return "\n".join(parts)


def check_traffic_file(name: str, path: Path, planted: list[str], target_url: str,
                       time_limit: float = 60.0) -> Outcome:
    """infer, validate, push, re-push and push --with-data one traffic file.

    Problems: a traceback; more than ``time_limit`` seconds; an inferred schema that does not
    validate, push, or re-push as a no-op; a row load that fails the push; a planted secret in
    the schema, the evidence or the target database.
    """
    from capture.har import iter_traffic
    from inference import infer_schema
    from jobs.sample_records import sample_records
    from sql.apply import push
    from sql.validate import validate_schema
    from tests.hostile.secrets import secret_needles

    out = Outcome(name)
    start = time.perf_counter()
    try:
        try:
            schema = infer_schema(iter_traffic(path), name=path.stem)
        except WiretableError:
            schema = None
        texts: list[str] = []
        if schema is not None:
            texts.append(schema.to_json())
            errors = [p.message for p in validate_schema(schema) if p.level == "error"]
            if errors:
                out.problems.append(f"inferred schema does not validate: {errors[0]}")
            elif schema.tables:
                reset_target(target_url)
                try:
                    sample = sample_records(iter_traffic(path), schema)
                    push(schema, target_url, records=sample.records)
                    texts.append(dump_database(target_url))
                    if not push(schema, target_url).no_op:
                        out.problems.append("re-push of the inferred schema is not a no-op")
                except WiretableError as exc:
                    out.problems.append(f"inferred schema did not push: {str(exc)[:300]}")
        leaked = [s[:12] for s in planted for n in secret_needles(s) if any(n in t for t in texts)]
        if leaked:
            out.problems.append(f"leaked: {leaked}")
    except Exception as exc:  # noqa: BLE001 - a traceback is what this looks for
        out.problems.append(f"traceback: {type(exc).__name__}: {exc!s:.200}\n{traceback.format_exc(limit=-3)}")
    out.seconds = time.perf_counter() - start
    if out.seconds > time_limit:
        out.problems.append(f"took {out.seconds:.0f}s")
    return out


if __name__ == "__main__":
    _main()
