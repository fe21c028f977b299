"""Supabase targets: RLS presets seen through SET ROLE, realtime, the reload NOTIFY, the
Management API route and the REST check, against local stand-ins on a real Postgres."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from kernel.errors import PushError
from kernel.schema import Column, RlsPolicy, Schema, Table
from sql.apply import PushResult, push
from sql.introspect import introspect
from sql.migrate import SupabaseSettings, Target, management_api
from sql.supabase import rest_check
from tests.sql.standins import management_api as api_server
from tests.sql.standins import postgrest, prepare_supabase

ALICE = str(uuid.UUID(int=1))
BOB = str(uuid.UUID(int=2))
TOKEN = "sbp_" + "0123456789abcdef" * 2
REF = "abcdefghijklmnopqrst"


@pytest.fixture
def supabase_url(target_url: str) -> str:
    prepare_supabase(target_url)
    return target_url


def app_schema() -> Schema:
    def table(name: str, rls: RlsPolicy | None, **kwargs: object) -> Table:
        return Table(
            name=name,
            columns=[Column(name="id", type="integer", nullable=False), Column(name="owner_id", type="uuid"),
                     Column(name="body", type="text")],
            primary_key=["id"], rls=rls, **kwargs,  # type: ignore[arg-type]
        )

    return Schema(name="app", tables=[
        table("notes", RlsPolicy(preset="public_read"), realtime=True),
        table("tasks", RlsPolicy(preset="authenticated_rw"), audit_timestamps=True),
        table("profiles", RlsPolicy(preset="owner", owner_column="owner_id")),
        table("vault", RlsPolicy(preset="none")),
    ])


def visible(conn: psycopg.Connection, role: str, table: str, sub: str | None = None) -> list[int] | str:
    """The ids ``role`` sees in ``table`` (with the JWT subject ``sub``), or the error's SQLSTATE name."""
    claims = json.dumps({"sub": sub, "role": role}) if sub else ""
    with conn.transaction(force_rollback=True):
        conn.execute("SELECT set_config('request.jwt.claims', %s, true)", (claims,))
        conn.execute(psycopg.sql.SQL("SET LOCAL ROLE {}").format(psycopg.sql.Identifier(role)))
        try:
            with conn.transaction():
                rows = conn.execute(psycopg.sql.SQL("SELECT id FROM {} ORDER BY id").format(
                    psycopg.sql.Identifier(table))).fetchall()
        except psycopg.errors.InsufficientPrivilege:
            return "denied"
    return [r[0] for r in rows]


def writes(conn: psycopg.Connection, role: str, sub: str | None, owner: str) -> str:
    claims = json.dumps({"sub": sub}) if sub else ""
    with conn.transaction(force_rollback=True):
        conn.execute("SELECT set_config('request.jwt.claims', %s, true)", (claims,))
        conn.execute(psycopg.sql.SQL("SET LOCAL ROLE {}").format(psycopg.sql.Identifier(role)))
        try:
            with conn.transaction():
                conn.execute("INSERT INTO profiles VALUES (99, %s, 'x')", (owner,))
        except psycopg.errors.InsufficientPrivilege as exc:
            return "row-level security" if "row-level security" in str(exc) else "denied"
    return "ok"


@pytest.fixture
def pushed(supabase_url: str) -> Iterator[tuple[psycopg.Connection, PushResult]]:
    with psycopg.connect(supabase_url, autocommit=True) as listener:
        listener.execute("LISTEN pgrst")
        result = push(app_schema(), supabase_url)
        notices = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
        assert notices == ["reload schema"]
    with psycopg.connect(supabase_url, autocommit=True) as conn:
        for table in ("notes", "tasks", "profiles", "vault"):
            conn.execute(psycopg.sql.SQL("INSERT INTO {} VALUES (1, %s, 'a'), (2, %s, 'b')").format(
                psycopg.sql.Identifier(table)), (ALICE, BOB))
        yield conn, result


def test_rls_presets_let_each_role_see_exactly_the_allowed_rows(
    pushed: tuple[psycopg.Connection, PushResult],
) -> None:
    conn, result = pushed
    assert result.supabase and any("vault" in w and "no policy" in w for w in result.policy_warnings)
    expected = {
        ("anon", None): {"notes": [1, 2], "tasks": "denied", "profiles": "denied", "vault": "denied"},
        ("authenticated", ALICE): {"notes": [1, 2], "tasks": [1, 2], "profiles": [1], "vault": "denied"},
        ("authenticated", BOB): {"notes": [1, 2], "tasks": [1, 2], "profiles": [2], "vault": "denied"},
        ("service_role", None): {"notes": [1, 2], "tasks": [1, 2], "profiles": [1, 2], "vault": [1, 2]},
    }
    for (role, sub), tables in expected.items():
        for table, rows in tables.items():
            assert visible(conn, role, table, sub) == rows, (role, sub, table)
    assert writes(conn, "authenticated", ALICE, ALICE) == "ok"
    assert writes(conn, "authenticated", ALICE, BOB) == "row-level security"
    assert writes(conn, "anon", None, ALICE) == "denied"


def test_realtime_audit_trigger_and_read_back(pushed: tuple[psycopg.Connection, PushResult], supabase_url: str) -> None:
    conn, _ = pushed
    published = conn.execute("SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime'")
    assert [r[0] for r in published] == ["notes"]
    before = conn.execute("SELECT created_at, updated_at FROM tasks WHERE id = 1").fetchone()
    conn.execute("UPDATE tasks SET body = 'changed' WHERE id = 1")
    after = conn.execute("SELECT created_at, updated_at FROM tasks WHERE id = 1").fetchone()
    assert before is not None and after is not None and after[0] == before[0] and after[1] > before[1]
    live = introspect(conn)
    assert live.table("profiles").rls == RlsPolicy(preset="owner", owner_column="owner_id")  # type: ignore[union-attr]
    assert live.table("tasks").audit_timestamps and live.table("notes").realtime  # type: ignore[union-attr]
    assert push(app_schema(), supabase_url).no_op
    changed = app_schema()
    changed.tables[1].rls = RlsPolicy(preset="public_read")
    changed.tables[0].realtime = False
    result = push(changed, supabase_url)
    assert result.changes == ("remove notes from supabase_realtime", "row-level security on tasks: public_read")
    assert visible(conn, "anon", "tasks") == [1, 2]


def test_a_plain_postgres_target_gets_no_policies(target_url: str) -> None:
    result = push(app_schema(), target_url)
    assert not result.supabase
    assert not any(s.startswith(("CREATE POLICY", "NOTIFY")) for s in result.statements)
    assert any("no Supabase roles" in n for n in result.notes)


def _api_target(url: str) -> Target:
    return management_api(SupabaseSettings(SUPABASE_ACCESS_TOKEN=TOKEN, SUPABASE_PROJECT_REF=REF, SUPABASE_API_URL=url))


def test_the_management_api_route_pushes_in_one_transaction(supabase_url: str) -> None:
    requests: list[str] = []
    with api_server(supabase_url, TOKEN, REF, requests) as url:
        planned = push(app_schema(), _api_target(url), dry_run=True)
        assert planned.dry_run and introspect(supabase_url).tables == []
        result = push(app_schema(), _api_target(url), applied_by="api test")
        assert result.version == 1 and result.created_tables == ("notes", "tasks", "profiles", "vault")
        assert push(app_schema(), _api_target(url)).no_op
        broken = app_schema()
        broken.tables.append(Table(name="extra", columns=[Column(name="id", type="integer")]))
        broken.tables[0].columns.append(Column(name="total", type="integer", nullable=False, default="0"))
        broken.tables[0].columns[2].unique = True
        with psycopg.connect(supabase_url, autocommit=True) as conn:
            conn.execute("INSERT INTO notes VALUES (1, NULL, 'same'), (2, NULL, 'same')")
            before = introspect(conn)
            with pytest.raises(PushError) as info:
                push(broken, _api_target(url))
            assert introspect(conn) == before
            assert conn.execute("SELECT count(*) FROM wiretable_migrations").fetchone() == (1,)
    message = str(info.value)
    assert 'statement: ALTER TABLE "notes" ADD UNIQUE ("body")' in message
    assert "could not create unique index" in message and TOKEN not in message
    assert any("pg_advisory_xact_lock" in r for r in requests)
    assert visible(psycopg.connect(supabase_url, autocommit=True), "anon", "notes") == [1, 2]


def test_the_management_api_route_reports_a_bad_token(supabase_url: str) -> None:
    with api_server(supabase_url, TOKEN, REF) as url:
        bad = management_api(SupabaseSettings(SUPABASE_ACCESS_TOKEN="sbp_wrong", SUPABASE_PROJECT_REF=REF,
                                              SUPABASE_API_URL=url))
        with pytest.raises(PushError, match="answered 401: Unauthorized") as info:
            push(app_schema(), bad)
    assert "sbp_wrong" not in str(info.value)


def test_the_rest_check_reports_each_table(supabase_url: str) -> None:
    push(app_schema(), supabase_url)
    key = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl"
    with postgrest(supabase_url) as url:
        checks = rest_check(url, key, ["notes", "missing_table"])
    assert [(c.table, c.ok) for c in checks] == [("notes", True), ("missing_table", False)], checks
    assert "PGRST205" in checks[1].message
    dead = rest_check("http://127.0.0.1:9", key, ["notes"], timeout=2)
    assert not dead[0].ok


def test_the_management_api_route_pushes_checks_identity_enums_and_sample_rows(supabase_url: str) -> None:
    from tests.sql.test_push_objects import shop

    records = {"products": [{"id": 5, "sku": "abc", "status": "live"}], "orders": [{"product_id": 5}]}
    with api_server(supabase_url, TOKEN, REF) as url:
        result = push(shop(), _api_target(url), records=records)
        assert result.version == 1
        assert push(shop(), _api_target(url)).no_op
        grown = shop()
        grown.tables[1].column("state").enum.append("refunded")  # type: ignore[union-attr]
        assert push(grown, _api_target(url)).statements[0] == "ALTER TYPE \"order_state\" ADD VALUE 'refunded'"
    with psycopg.connect(supabase_url, autocommit=True) as conn:
        conn.execute("INSERT INTO products (sku) VALUES ('abd')")
        assert conn.execute("SELECT id, status::text FROM products ORDER BY id").fetchall() == [
            (5, "live"), (6, "draft")]
        assert conn.execute("SELECT enum_range(NULL::order_state)::text").fetchone() == ("{new,paid,refunded}",)
