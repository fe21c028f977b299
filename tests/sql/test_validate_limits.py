"""What validate accepts pushes: the limits Postgres enforces are errors before any push, and
`ddl` refuses what validate refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kernel.schema import Column, Schema, Table
from sql.validate import validate_schema
from wiretable.cli import app


def _doc(table: str = "t", column: Column | None = None, **table_extra: object) -> Schema:
    columns = [Column(name="id", type="integer", nullable=False)] + ([column] if column else [])
    return Schema(name="s", tables=[Table(name=table, primary_key=["id"], columns=columns, **table_extra)])


@pytest.mark.parametrize(("doc", "message"), [
    (_doc("t" * 64), "Postgres keeps only 63 bytes"),
    (_doc(column=Column(name="é" * 32, type="text")), "Postgres keeps only 63 bytes"),
    (_doc(column=Column(name="ctid", type="text")), "system column"),
    (_doc(column=Column(name="xmin", type="integer")), "system column"),
    (_doc("wiretable_migrations"), "ledger"),
    (_doc(column=Column(name="v", type="numeric(0)")), "precision"),
    (_doc(column=Column(name="v", type="varchar(0)")), "length"),
    (_doc(column=Column(name="v", type="text[][]")), "one-dimensional"),
    (_doc(column=Column(name="v", type="timestamptz(9)")), "precision"),
    (_doc(column=Column(name="v", type="json", unique=True)), "no equality"),
    (_doc(column=Column(name="v", type="integer", enum=["a"])), "not a number"),
    (_doc(column=Column(name="v", type="text", enum=["a\x00"])), "NUL"),
    (_doc(column=Column(name="v", type="text", default="'\x00'")), "NUL"),
], ids=lambda x: x if isinstance(x, str) else "")
def test_validate_refuses_what_postgres_would(doc: Schema, message: str) -> None:
    errors = [p.message for p in validate_schema(doc) if p.level == "error"]
    assert any(message in e for e in errors), errors


def test_too_many_tables_and_columns() -> None:
    wide = Schema(name="s", tables=[Table(name="t", columns=[Column(name=f"c{i}", type="integer")
                                                             for i in range(1601)])])
    many = Schema(name="s", tables=[Table(name=f"t{i}", columns=[Column(name="c", type="integer")])
                                    for i in range(1501)])
    assert any("at most 1600 columns" in p.message for p in validate_schema(wide))
    assert any("at most 1500 tables" in p.message for p in validate_schema(many))


def test_ddl_fails_the_same_way_as_validate(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_doc(column=Column(name="ctid", type="text")).model_dump(mode="json")))
    runner = CliRunner()
    validate, ddl = runner.invoke(app, ["validate", str(path)]), runner.invoke(app, ["ddl", str(path)])
    assert validate.exit_code == ddl.exit_code == 1
    assert "system column" in ddl.output and "CREATE TABLE" not in ddl.output
