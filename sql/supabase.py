"""Supabase specifics of a push: RLS presets and their grants, realtime, the schema reload, REST checks.

Also the ``updated_at`` trigger of existing tables whose ``audit_timestamps`` changed (it works on
any Postgres); the function and trigger names are those ``sql.ddl.audit_expressions`` uses.

sqlglot has no nodes for policies, triggers, publications or NOTIFY, so these statements are
composed with ``psycopg.sql``: every table and column name enters as ``sql.Identifier`` and every
value as ``sql.Literal``, quoted by psycopg, never pasted as text.

RLS presets (``Table.rls``), applied to new tables and to existing tables whose preset changed.
Every preset starts from ``REVOKE ALL … FROM anon, authenticated`` and ``GRANT ALL … TO
service_role``, so grants never allow more than the policy:

============== ====================================== ==============================================
preset         grants                                 policy
============== ====================================== ==============================================
public_read    SELECT to anon, authenticated          SELECT for anon, authenticated, every row
authenticated_rw SELECT/INSERT/UPDATE/DELETE to auth.  ALL for authenticated, every row
owner          SELECT/INSERT/UPDATE/DELETE to auth.   ALL for authenticated where owner = auth.uid()
none           nothing                                no policy: only service_role (warned)
============== ====================================== ==============================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from psycopg import sql as pgsql

from kernel.errors import SchemaError
from kernel.schema import RlsPolicy
from sql.types import parse_type

API_ROLES = ("anon", "authenticated")
SUPABASE_ROLES = ("anon", "authenticated", "service_role")
PUBLICATION = "supabase_realtime"
POLICY_NAMES = {
    "public_read": "wiretable_public_read",
    "authenticated_rw": "wiretable_authenticated_rw",
    "owner": "wiretable_owner",
}
TRIGGER_FUNCTION = "wiretable_set_updated_at"  # the same function sql.ddl creates
SCHEMA = "public"

_DETECT = """
SELECT (SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = ANY(%(roles)s)) = 3
       AND to_regnamespace('auth') IS NOT NULL AS supabase,
       EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = %(publication)s) AS realtime,
       to_regprocedure('auth.uid()') IS NOT NULL AS auth_uid
"""


def detect_query() -> tuple[str, dict[str, object]]:
    """(Supabase roles + auth schema present, realtime publication present, auth.uid() present)."""
    return _DETECT, {"roles": list(SUPABASE_ROLES), "publication": PUBLICATION}


def _s(composable: pgsql.Composable) -> str:
    return composable.as_string(None)


def _table(name: str) -> pgsql.Composable:
    return pgsql.Identifier(SCHEMA, name)


def _roles(roles: Sequence[str]) -> pgsql.Composable:
    return pgsql.SQL(", ").join(pgsql.Identifier(r) for r in roles)


def audit_function() -> str:
    """``CREATE OR REPLACE FUNCTION public.wiretable_set_updated_at()``: sets NEW.updated_at."""
    return _s(
        pgsql.SQL(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog"
            " AS $fn$ BEGIN NEW.updated_at := now(); RETURN NEW; END $fn$"
        ).format(pgsql.Identifier(SCHEMA, TRIGGER_FUNCTION))
    )


def trigger_name(table: str) -> str:
    """The trigger's name, as ``sql.ddl`` names it in CREATE scripts."""
    return f"{table}_set_updated_at"[:63]


def audit_trigger(table: str, enabled: bool, existing: str | None = None) -> list[str]:
    name = existing or trigger_name(table)
    drop = _s(pgsql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(pgsql.Identifier(name), _table(table)))
    if not enabled:
        return [drop]
    create = pgsql.SQL("CREATE TRIGGER {} BEFORE UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()").format(
        pgsql.Identifier(name), _table(table), pgsql.Identifier(SCHEMA, TRIGGER_FUNCTION)
    )
    return [drop, _s(create)]


def _owner_match(column: str, owner_type: str | None) -> pgsql.Composable:
    base = parse_type(owner_type).base if owner_type else None
    if base == "uuid":
        return pgsql.SQL("{} = auth.uid()").format(pgsql.Identifier(column))
    if base in {"text", "varchar"}:
        return pgsql.SQL("{} = (auth.uid())::text").format(pgsql.Identifier(column))
    raise SchemaError(
        f"the owner column {column} must be uuid or text to compare with auth.uid(), not {owner_type}",
        column=column,
    )


def rls_statements(table: str, policy: RlsPolicy, owner_type: str | None = None) -> list[str]:
    """Enable RLS on ``table`` and make its grants and wiretable policy those of ``policy``."""
    t = _table(table)
    out = [_s(pgsql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(t))]
    out += [
        _s(pgsql.SQL("DROP POLICY IF EXISTS {} ON {}").format(pgsql.Identifier(name), t))
        for name in POLICY_NAMES.values()
    ]
    out.append(_s(pgsql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(t, _roles(API_ROLES))))
    out.append(_s(pgsql.SQL("GRANT ALL ON TABLE {} TO {}").format(t, pgsql.Identifier("service_role"))))
    preset = policy.preset
    if preset == "none":
        return out
    name = pgsql.Identifier(POLICY_NAMES[preset])
    if preset == "public_read":
        out.append(_s(pgsql.SQL("GRANT SELECT ON TABLE {} TO {}").format(t, _roles(API_ROLES))))
        out.append(_s(pgsql.SQL("CREATE POLICY {} ON {} FOR SELECT TO {} USING (true)").format(
            name, t, _roles(API_ROLES))))
        return out
    out.append(_s(pgsql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {} TO {}").format(
        t, pgsql.Identifier("authenticated"))))
    if preset == "authenticated_rw":
        condition: pgsql.Composable = pgsql.SQL("true")
    else:
        if not policy.owner_column:
            raise SchemaError(f"{table}: the owner-only policy needs owner_column", table=table)
        condition = _owner_match(policy.owner_column, owner_type)
    out.append(_s(pgsql.SQL("CREATE POLICY {} ON {} FOR ALL TO {} USING ({}) WITH CHECK ({})").format(
        name, t, pgsql.Identifier("authenticated"), condition, condition)))
    return out


def realtime_statement(table: str, enabled: bool) -> str:
    verb = "ADD" if enabled else "DROP"
    return _s(pgsql.SQL("ALTER PUBLICATION {} " + verb + " TABLE {}").format(
        pgsql.Identifier(PUBLICATION), _table(table)))


def reload_statement() -> str:
    """Tell PostgREST to reload its schema cache; delivered when the push commits."""
    return _s(pgsql.SQL("NOTIFY pgrst, {}").format(pgsql.Literal("reload schema")))


def preset_of(policy_names: Sequence[str], owner_expression: str | None) -> RlsPolicy:
    """The preset a table's wiretable policies stand for (RLS on and none of them: ``none``)."""
    names = set(policy_names)
    for preset, name in POLICY_NAMES.items():
        if name in names:
            owner = _owner_from_expression(owner_expression) if preset == "owner" else None
            return RlsPolicy(preset=preset, owner_column=owner)  # type: ignore[arg-type]
    return RlsPolicy(preset="none")


def _owner_from_expression(expression: str | None) -> str | None:
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    if not expression:
        return None
    try:
        parsed = sqlglot.parse_one(expression, read="postgres")
    except SqlglotError:
        return None
    for column in parsed.find_all(exp.Column):
        if not column.table:
            return column.name
    return None


@dataclass(frozen=True)
class RestCheck:
    table: str
    ok: bool
    message: str


def rest_check(url: str, key: str, tables: Sequence[str], *, timeout: float = 10.0) -> list[RestCheck]:
    """Ask Supabase's REST API (through supabase-py) whether each table answers a one-row select.

    Never raises for a table that fails: the failure is that table's result, so the pushed
    schema's report shows every table. The key is sent only as supabase-py's headers.
    """
    import httpx
    from postgrest.exceptions import APIError
    from supabase import ClientOptions, create_client

    http = httpx.Client(timeout=timeout)
    try:
        client = create_client(url, key, options=ClientOptions(httpx_client=http, postgrest_client_retry=False))
    except Exception as exc:  # supabase-py raises its own SupabaseException for a bad URL or key
        http.close()
        return [RestCheck(t, False, f"cannot create the Supabase client: {exc}") for t in tables]
    try:
        return _check_tables(client, tables, APIError)
    finally:
        http.close()


def _check_tables(client: Any, tables: Sequence[str], api_error: type[Exception]) -> list[RestCheck]:
    results = []
    for table in tables:
        try:
            response = client.table(table).select("*").limit(1).execute()
        except api_error as exc:
            code = getattr(exc, "code", None)
            hint = " (not in PostgREST's schema cache)" if code == "PGRST205" else ""
            results.append(RestCheck(table, False, f"{code or 'error'}: {getattr(exc, 'message', exc)}{hint}"))
        except Exception as exc:  # httpx transport errors: the check fails, the push stands
            results.append(RestCheck(table, False, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"))
        else:
            results.append(RestCheck(table, True, f"answers over REST ({len(response.data)} row(s) visible)"))
    return results
