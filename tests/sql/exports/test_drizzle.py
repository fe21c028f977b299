"""The drizzle export checked by the real drizzle-kit: its snapshot matches schema.ts, and
drizzle-kit's own SQL for the exported schema.ts gives the catalog that ``wiretable push`` gives."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import psycopg
import pytest

from jobs.verbs.export import render_export, write_export
from kernel.schema import Column, Schema
from sql.apply import push
from sql.embedded import EmbeddedPostgres
from sql.introspect import introspect
from tests.sql.exports.conftest import demo_schema, node_tools, varied_schema
from tests.sql.test_push_objects import shop


def drizzle_kit(folder: Path, *args: str) -> str:
    modules = node_tools()
    link = folder / "node_modules"
    if not link.exists():
        link.symlink_to(modules)
    done = subprocess.run([str(modules / ".bin" / "drizzle-kit"), *args], cwd=folder, capture_output=True,
                          text=True, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 0 and "Error" not in said, said  # it exits 0 on a schema that throws
    return said


def run_sql_files(url: str, files: list[Path]) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for path in files:
            for statement in path.read_text().split("--> statement-breakpoint"):
                if statement.strip():
                    conn.execute(statement)  # drizzle-kit's or the export's own migration file


def structure(url: str) -> dict[str, object]:
    """The catalog as a document, tables by name (creation order differs between tools)."""
    doc = introspect(url).structure()
    doc["tables"] = sorted(doc["tables"], key=lambda t: t["name"])
    for table in doc["tables"]:
        table["foreign_keys"] = sorted(table["foreign_keys"], key=lambda fk: fk["columns"])
    return doc


@pytest.mark.parametrize("schema", [demo_schema(), varied_schema(), shop()], ids=lambda s: s.name)
def test_drizzle_kit_agrees_with_the_export(schema: Schema, tmp_path: Path, embedded: EmbeddedPostgres) -> None:
    out = tmp_path / "export"
    write_export(render_export("drizzle", schema), out)
    said = drizzle_kit(out, "generate", "--config", "drizzle.config.json")
    assert "No schema changes" in said
    assert sorted(p.name for p in (out / "drizzle").glob("*.sql")) == [f"0000_{schema.name}.sql"]

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "schema.ts").write_text((out / "schema.ts").read_text())
    drizzle_kit(fresh, "generate", "--dialect", "postgresql", "--schema", "schema.ts", "--out", "out", "--name", "x")

    import uuid

    names = {k: f"dz_{k}_{uuid.uuid4().hex[:8]}" for k in ("pushed", "drizzle_sql", "exported_sql")}
    urls = {k: embedded.ensure_database(n) for k, n in names.items()}
    try:
        push(schema, urls["pushed"])
        run_sql_files(urls["drizzle_sql"], sorted((fresh / "out").glob("*.sql")))
        run_sql_files(urls["exported_sql"], sorted((out / "drizzle").glob("*.sql")))
        expected = structure(urls["pushed"])
        assert structure(urls["drizzle_sql"]) == expected
        assert structure(urls["exported_sql"]) == expected
    finally:
        for name in names.values():
            embedded.drop_database(name)


def test_one_migration_per_saved_version(tmp_path: Path) -> None:
    first = demo_schema()
    second = first.model_copy(deep=True)
    books = second.table("books")
    assert books is not None
    books.columns.append(Column(name="blurb", type="text"))
    out = tmp_path / "export"
    write_export(render_export("drizzle", second, versions=[first]), out)
    journal = json.loads((out / "drizzle" / "meta" / "_journal.json").read_text())
    assert [e["tag"] for e in journal["entries"]] == ["0000_demo", "0001_demo"]
    assert "blurb" in (out / "drizzle" / "0001_demo.sql").read_text()
    said = drizzle_kit(out, "generate", "--config", "drizzle.config.json")
    assert "No schema changes" in said


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_other_dialects_load_in_drizzle_kit(dialect: str, tmp_path: Path) -> None:
    out = tmp_path / "export"
    write_export(render_export("drizzle", varied_schema(), dialect=dialect), out, directory=True)
    kit_dialect = {"sqlite": "sqlite", "mysql": "mysql"}[dialect]
    drizzle_kit(out, "generate", "--dialect", kit_dialect, "--schema", "schema.ts", "--out", "out")
    sql = "".join(p.read_text() for p in (out / "out").glob("*.sql"))
    assert 'CREATE TABLE `Accounts`' in sql and "`links`" in sql


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_other_dialects_carry_checks_identity_enums_and_partial_indexes(dialect: str, tmp_path: Path) -> None:
    schema = shop()
    if dialect == "mysql":
        schema.tables[0].indexes[0].unique = False  # MySQL has no partial indexes: a full one
    out = tmp_path / "export"
    write_export(render_export("drizzle", schema, dialect=dialect), out, directory=True)
    drizzle_kit(out, "generate", "--dialect", dialect, "--schema", "schema.ts", "--out", "out")
    sql = "".join(p.read_text() for p in (out / "out").glob("*.sql"))
    if dialect == "sqlite":
        assert "CONSTRAINT \"price_positive\" CHECK(\"Price\" >= 0)" in sql
        assert "WHERE \"deleted_at\" IS NULL" in sql
        assert "CHECK(\"status\" IN ('draft', 'live'))" in sql
    else:
        assert "`status` enum('draft','live')" in sql and "`id` bigint AUTO_INCREMENT" in sql
