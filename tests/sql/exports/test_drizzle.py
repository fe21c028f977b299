"""The drizzle export checked by the real drizzle-kit, for Postgres, SQLite and MySQL: its snapshot
matches schema.ts (``drizzle-kit generate`` finds nothing to migrate), and drizzle-kit's own SQL for
the exported schema.ts gives the catalog that the exported migrations (wiretable's DDL) give: on the
embedded Postgres, on SQLite and on MariaDB."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest

from jobs.verbs.export import render_export, write_export
from kernel.schema import Column, Schema
from sql.apply import push
from sql.embedded import EmbeddedPostgres
from sql.introspect import introspect
from tests.sql.exports.conftest import demo_schema, node_tools, varied_schema
from tests.sql.mariadb import MariaDB
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


def _statements(files: list[Path]) -> list[str]:
    return [st for path in files for st in path.read_text().split("--> statement-breakpoint") if st.strip()]


def _affinity(declared: str) -> str:
    """SQLite's column affinity for a declared type (its own rules, in order)."""
    text = declared.upper()
    for needle, affinity in (("INT", "INTEGER"), ("CHAR", "TEXT"), ("CLOB", "TEXT"), ("TEXT", "TEXT"),
                             ("BLOB", "BLOB"), ("REAL", "REAL"), ("FLOA", "REAL"), ("DOUB", "REAL")):
        if needle in text:
            return affinity
    return "BLOB" if not text else "NUMERIC"


def sqlite_catalog(files: list[Path]) -> dict[str, object]:
    """Tables as SQLite reads them back after running the files: columns (affinity, NOT NULL,
    default, key position), foreign keys, unique and plain indexes by their columns."""
    db = sqlite3.connect(":memory:")
    for statement in _statements(files):
        db.execute(statement)
    out: dict[str, object] = {}
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        def cols(index: str) -> tuple[str, ...]:
            return tuple(r[2] for r in db.execute(f'PRAGMA index_info("{index}")'))

        indexes = list(db.execute(f'PRAGMA index_list("{name}")'))
        out[name] = {
            "columns": [(r[1], _affinity(r[2]), r[3], r[4], r[5]) for r in db.execute(f'PRAGMA table_info("{name}")')],
            "foreign_keys": sorted(r[2:5] + (r[6],) for r in db.execute(f'PRAGMA foreign_key_list("{name}")')),
            "unique": sorted(cols(r[1]) for r in indexes if r[2] and r[3] != "pk"),
            "indexes": sorted(cols(r[1]) for r in indexes if not r[2]),
        }
    db.close()
    return out


def mariadb_catalog(mariadb: MariaDB, files: list[Path]) -> dict[str, object]:
    """Tables as MariaDB reads them back after running the files in a new database."""
    database = f"dz_{uuid.uuid4().hex[:10]}"
    mariadb.run(f"CREATE DATABASE {database}")
    try:
        mariadb.run(";\n".join(_statements(files)) + ";", database)
        columns = mariadb.run(
            "SELECT table_name, column_name, column_type, is_nullable, column_default FROM information_schema.columns "
            f"WHERE table_schema = '{database}' ORDER BY table_name, ordinal_position")
        keys = mariadb.run(
            "SELECT k.table_name, k.column_name, c.constraint_type, k.referenced_table_name, k.referenced_column_name "
            "FROM information_schema.key_column_usage k JOIN information_schema.table_constraints c "
            "USING (constraint_schema, table_name, constraint_name) "
            f"WHERE k.table_schema = '{database}' ORDER BY 1, 2, 3, 4")
        indexes = mariadb.run(
            "SELECT table_name, non_unique, GROUP_CONCAT(column_name ORDER BY seq_in_index) FROM "
            f"information_schema.statistics WHERE table_schema = '{database}' GROUP BY table_name, index_name, "
            "non_unique ORDER BY 1, 2, 3")
        checks = mariadb.run(
            "SELECT table_name, check_clause FROM information_schema.check_constraints "
            f"WHERE constraint_schema = '{database}' ORDER BY 1, 2")
    finally:
        mariadb.run(f"DROP DATABASE {database}")
    return {"columns": columns.splitlines(), "keys": keys.splitlines(), "indexes": indexes.splitlines(),
            "checks": checks.splitlines()}


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
@pytest.mark.parametrize("schema", [demo_schema(), varied_schema(), shop()], ids=lambda s: s.name)
def test_sqlite_and_mysql_migrations_in_drizzle_kit_layout(dialect: str, schema: Schema, tmp_path: Path,
                                                           request: pytest.FixtureRequest) -> None:
    """The exported folder is drizzle-kit's (0000_<name>.sql, meta/_journal.json, a snapshot);
    drizzle-kit finds nothing to migrate; and the exported migration (wiretable's DDL) and
    drizzle-kit's own SQL for schema.ts build the same tables in SQLite / MariaDB (columns, types,
    defaults, keys, foreign keys, indexes and CHECKs; identity keys, enum types, partial indexes)."""
    if dialect == "mysql" and schema.name == "shop":
        schema.tables[0].indexes[0].unique = False  # MySQL has no partial indexes: a full one
    out = tmp_path / "export"
    write_export(render_export("drizzle", schema, dialect=dialect), out)
    journal = json.loads((out / "drizzle" / "meta" / "_journal.json").read_text())
    assert journal["dialect"] == dialect and [e["tag"] for e in journal["entries"]] == [f"0000_{schema.name}"]
    snapshot = json.loads((out / "drizzle" / "meta" / "0000_snapshot.json").read_text())
    assert snapshot["dialect"] == dialect and set(snapshot["tables"]) == {t.name for t in schema.tables}
    assert "No schema changes" in drizzle_kit(out, "generate", "--config", "drizzle.config.json")
    assert sorted(p.name for p in (out / "drizzle").glob("*.sql")) == [f"0000_{schema.name}.sql"]

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "schema.ts").write_text((out / "schema.ts").read_text())
    drizzle_kit(fresh, "generate", "--dialect", dialect, "--schema", "schema.ts", "--out", "out", "--name", "x")
    kit_sql = sorted((fresh / "out").glob("*.sql"))
    ours = sorted((out / "drizzle").glob("*.sql"))
    if dialect == "sqlite":
        assert sqlite_catalog(ours) == sqlite_catalog(kit_sql)
    else:
        mariadb = request.getfixturevalue("mariadb")
        assert mariadb_catalog(mariadb, ours) == mariadb_catalog(mariadb, kit_sql)


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_sqlite_and_mysql_get_one_migration_per_saved_version(dialect: str, tmp_path: Path) -> None:
    first = demo_schema()
    second = first.model_copy(deep=True)
    books = second.table("books")
    assert books is not None
    books.columns.append(Column(name="blurb", type="text"))
    out = tmp_path / "export"
    write_export(render_export("drizzle", second, dialect=dialect, versions=[first]), out)
    journal = json.loads((out / "drizzle" / "meta" / "_journal.json").read_text())
    assert [e["tag"] for e in journal["entries"]] == ["0000_demo", "0001_demo"]
    assert "blurb" in (out / "drizzle" / "0001_demo.sql").read_text()
    assert "No schema changes" in drizzle_kit(out, "generate", "--config", "drizzle.config.json")
    if dialect == "sqlite":  # the two migrations in order give the second version's tables
        expected = sqlite_catalog([write_export({"x.sql": render_export("ddl", second, dialect="sqlite")[
            "schema.sqlite.sql"].replace(";\n", ";\n--> statement-breakpoint\n")}, tmp_path / "ddl")[0]])
        assert sqlite_catalog(sorted((out / "drizzle").glob("*.sql"))) == expected
