"""Sample rows travel as bound parameters, and a row that cannot be stored is skipped, counted and
named per table while the push and the other rows go through (real embedded Postgres, real CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from jobs.sample_records import sample_records
from jobs.verbs.push import push as push_verb
from kernel.exchange import Exchange
from kernel.schema import Column, ForeignKey, Schema, Table
from sql.apply import push
from sql.migrate import SupabaseSettings, Target
from sql.seed import SkippedRows
from tests.factories import make_exchange
from tests.sql.test_cli_plan import run

#: Would end the statement and drop the table if it were ever spliced into SQL text.
HOSTILE = "O'Brien'); DROP TABLE things; --"


def things_schema() -> Schema:
    return Schema(name="s", tables=[Table(name="things", primary_key=["id"], columns=[
        Column(name="id", type="integer", nullable=False), Column(name="code", type="varchar(10)"),
        Column(name="note", type="text")])])


def captured() -> list[Exchange]:
    return [make_exchange("http://127.0.0.1:8081/api/things", [
        {"id": 1, "code": "a\x00b", "note": "nul in the code"},
        {"id": 2, "code": "x" * 11, "note": "too long for varchar(10)"},
        {"id": 3, "code": "ok", "note": HOSTILE},
    ])]


def rows(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT id, code, note FROM things ORDER BY id").fetchall()


def test_captured_nul_and_too_long_values_skip_only_their_row(target_url: str) -> None:
    schema = things_schema()
    sample = sample_records(captured(), schema)
    outcome = push_verb(schema, Target("postgres", url=target_url), SupabaseSettings(), applied_by="test",
                        sample=sample)
    result = outcome.result
    assert rows(target_url) == [(1, "ab", "nul in the code"), (3, "ok", HOSTILE)]
    assert result.seed is not None and result.seed.loaded == {"things": 2} and result.seed.skipped == {"things": 1}
    assert result.skipped_rows == (SkippedRows("things", 1, "code: 'xxxxxxxxxxx' is longer than varchar(10)"),)
    assert result.skipped_rows[0].line() == "table things: 1 row skipped: code: 'xxxxxxxxxxx' is longer than " \
                                            "varchar(10)"
    assert "loaded sample records (things: 2); skipped things: 1" in result.summary()
    assert "  table things: 1 row skipped: code: 'xxxxxxxxxxx' is longer than varchar(10)" in outcome.data_lines()


def test_the_command_line_names_the_skipped_rows(target_url: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(things_schema().to_json(), encoding="utf-8")
    traffic = tmp_path / "traffic.jsonl"
    traffic.write_text("".join(e.model_dump_json() + "\n" for e in captured()), encoding="utf-8")
    pushed = run("push", str(schema), "--target", target_url, "--with-data", str(traffic), cwd=tmp_path)
    assert pushed.returncode == 0, pushed.stderr
    assert "  things: 2 loaded, 1 skipped" in pushed.stdout
    assert "  table things: 1 row skipped: code: 'xxxxxxxxxxx' is longer than varchar(10)" in pushed.stdout
    assert rows(target_url) == [(1, "ab", "nul in the code"), (3, "ok", HOSTILE)]


def test_rows_are_bound_parameters_never_sql_text(target_url: str) -> None:
    traced: list[str] = []
    push(things_schema(), target_url, records={"things": [{"id": 3, "code": "ok", "note": HOSTILE}]},
         tracer=traced.append)
    inserts = [s for s in traced if s.startswith("INSERT INTO \"things\"")]
    assert inserts == ['INSERT INTO "things" ("id", "code", "note") VALUES (CAST(%(r0c0)s AS INT), '
                       'CAST(%(r0c1)s AS TEXT), CAST(%(r0c2)s AS TEXT)) ON CONFLICT DO NOTHING']
    assert not any("O'Brien" in s or "O''Brien" in s for s in traced)
    assert rows(target_url) == [(3, "ok", HOSTILE)]


def test_rows_postgres_rejects_are_skipped_with_its_reason(target_url: str) -> None:
    """Records that were not shaped for the schema (``--records``): Postgres judges each value."""
    schema = Schema(name="s", tables=[
        Table(name="parents", primary_key=["id"], columns=[
            Column(name="id", type="integer", nullable=False), Column(name="code", type="varchar(3)"),
            Column(name="at", type="timestamptz")]),
        Table(name="children", primary_key=["id"], columns=[
            Column(name="id", type="integer", nullable=False), Column(name="parent_id", type="integer"),
            Column(name="tags", type="integer[]"), Column(name="meta", type="jsonb")],
            foreign_keys=[ForeignKey(columns=["parent_id"], ref_table="parents", ref_columns=["id"])]),
    ])
    records: dict[str, list[dict[str, Any]]] = {
        "parents": [{"id": 1, "code": "abc"}, {"id": 2, "code": "abcd"}, {"id": 3, "at": "not a time"},
                    {"id": 4, "code": "z\ud800"}, {"id": 1, "code": "dup"}],
        "children": [{"id": 10, "parent_id": 1, "tags": [1, None, 3], "meta": {"k\x00": ["v\x00", "\\u0000"]}},
                     {"id": 11, "parent_id": 2}, {"id": 12, "parent_id": 1, "tags": ["x"]}],
    }
    result = push(schema, target_url, records=records)
    with psycopg.connect(target_url) as conn:
        assert conn.execute("SELECT id, code FROM parents").fetchall() == [(1, "abc")]  # never cut to fit
        assert conn.execute("SELECT id, tags, meta FROM children").fetchall() == [
            (10, [1, None, 3], {"k": ["v", "\\u0000"]})]
    assert result.seed is not None
    assert result.seed.loaded == {"parents": 1, "children": 1}
    assert result.seed.skipped == {"parents": 4, "children": 2}
    why = result.seed.reasons
    assert list(why["parents"]) == ["code holds text that is not valid Unicode (a lone surrogate)",
                                    "repeats the primary key of an earlier row",
                                    "value too long for type character varying(3)",
                                    'invalid input syntax for type timestamp with time zone: "not a time"']
    assert list(why["children"])[0].startswith('insert or update on table "children" violates foreign key '
                                                'constraint')
    assert list(why["children"])[1] == 'invalid input syntax for type integer: "x"'
    lines = [s.line() for s in result.skipped_rows]
    assert lines[0] == "table parents: 4 rows skipped: code holds text that is not valid Unicode (a lone " \
                       "surrogate) (and 3 other reasons)"
    assert lines[1].startswith("table children: 2 rows skipped: insert or update on table")
    assert result.seeded == "loaded sample records (parents: 1, children: 1); skipped parents: 4, children: 2"
    assert records["parents"][1]["code"] == "abcd"


def test_the_management_api_route_quotes_each_row_and_skips_what_cannot_be_sent(target_url: str) -> None:
    from tests.sql.standins import management_api as api_server
    from tests.sql.standins import prepare_supabase
    from tests.sql.test_supabase import REF, TOKEN, _api_target

    prepare_supabase(target_url)
    records = {"things": [{"id": 1, "code": "a\x00b", "note": HOSTILE}, {"id": 2, "code": "\udc00"},
                          {"id": 3, "note": "fine"}]}
    with api_server(target_url, TOKEN, REF) as url:
        result = push(things_schema(), _api_target(url), records=records)
    assert rows(target_url) == [(1, "ab", HOSTILE), (3, None, "fine")]
    assert [s.line() for s in result.skipped_rows] == [
        "table things: 1 row skipped: code holds text that is not valid Unicode (a lone surrogate)"]


def test_the_skipped_rows_travel_with_a_push_run_on_a_worker(target_url: str) -> None:
    """A push run by a queue worker comes back as JSON (``jobs.pushing``); its skipped rows too."""
    from jobs.pushing import result_from_json, result_json

    schema = things_schema()
    result = push_verb(schema, Target("postgres", url=target_url), SupabaseSettings(), applied_by="test",
                       sample=sample_records(captured(), schema)).result
    back = result_from_json(result_json(result))
    assert back.skipped_rows == result.skipped_rows != ()
    assert back.summary() == result.summary()
