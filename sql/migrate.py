"""From a target name to a plan: where a push goes, and what the live database looks like there.

:func:`resolve` turns ``--target`` (``embedded``, ``supabase``, ``supabase-api``, a
``postgresql://`` URL, or a saved profile already looked up by the caller) into a
:class:`Target`. :func:`read_live` reads the target's catalog and the facts the planner needs
(row counts, null counts, sampled values of columns that may be dropped or renamed, the tables
earlier pushes of the same schema created — the only ones a push may drop or rename — and whether
the target has Supabase's roles and realtime publication); :func:`plan_against` diffs that against
the desired Schema. Reading goes through a ``fetch`` callable so that a direct connection and the
Management API share one code path.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlglot import exp

from kernel.errors import PushError, SchemaError
from kernel.schema import Schema
from sql.compare import same_type
from sql.ddl import ident
from sql.embedded import redact_url, resolve_target
from sql.expressions import parse_expression, referenced_columns, same_expression
from sql.introspect import Catalog, Fetch, read_catalog
from sql.plan import LiveFacts, Plan, effective_schema, plan
from sql.supabase import detect_query

if TYPE_CHECKING:
    from kernel.settings import Settings
    from sql.management_api import ManagementApi

MAX_SAMPLED_VALUES = 50


class SupabaseSettings(BaseSettings):
    """The Supabase variables, under the names Supabase's own tools use. Built at the entry point."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    db_url: SecretStr | None = Field(default=None, validation_alias=AliasChoices("SUPABASE_DB_URL"))
    access_token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("SUPABASE_ACCESS_TOKEN"))
    project_ref: str | None = Field(default=None, validation_alias=AliasChoices("SUPABASE_PROJECT_REF"))
    api_url: str = Field(default="https://api.supabase.com", validation_alias=AliasChoices("SUPABASE_API_URL"))
    url: str | None = Field(default=None, validation_alias=AliasChoices("SUPABASE_URL"))
    key: SecretStr | None = Field(default=None, validation_alias=AliasChoices("SUPABASE_KEY"))

    @property
    def rest_configured(self) -> bool:
        return bool(self.url and self.key)


@dataclass(frozen=True)
class Target:
    """A resolved push target: a Postgres URL, or a project reached through the Management API."""

    kind: Literal["postgres", "management_api"]
    url: str | None = None
    api: ManagementApi | None = None

    @property
    def label(self) -> str:
        if self.api is not None:
            return self.api.label
        return redact_url(self.url or "")


def management_api(supa: SupabaseSettings, **kwargs: Any) -> Target:
    from sql.management_api import ManagementApi

    token = supa.access_token.get_secret_value() if supa.access_token else ""
    api = ManagementApi(token, supa.project_ref or "", base_url=supa.api_url, **kwargs)
    return Target("management_api", api=api)


def resolve(target: str | None, settings: Settings, supa: SupabaseSettings | None = None) -> Target:
    """``supabase`` prefers SUPABASE_DB_URL and falls back to the Management API when only
    SUPABASE_ACCESS_TOKEN and SUPABASE_PROJECT_REF are set; ``supabase-api`` forces the API."""
    supa = supa or SupabaseSettings()
    name = (target or "").strip().lower()
    if name == "supabase-api":
        return management_api(supa)
    if name == "supabase":
        db_url = supa.db_url.get_secret_value() if supa.db_url else settings.supabase_db_url
        if db_url:
            return Target("postgres", url=db_url.strip())
        if supa.access_token and supa.project_ref:
            return management_api(supa)
        raise PushError(
            "target 'supabase' needs SUPABASE_DB_URL (preferred), or SUPABASE_ACCESS_TOKEN and SUPABASE_PROJECT_REF"
        )
    return Target("postgres", url=resolve_target(target, settings))


@dataclass(frozen=True)
class Live:
    catalog: Catalog
    facts: LiveFacts
    ledger_version: int | None
    latest_hash: str | None


_LEDGER = "SELECT to_regclass('public.wiretable_migrations') IS NOT NULL"
_LATEST = (
    "SELECT version, schema_hash FROM public.wiretable_migrations WHERE schema_name = %(name)s"
    " ORDER BY version DESC LIMIT 1"
)
_MAX_VERSION = "SELECT max(version) FROM public.wiretable_migrations"
_HAS_TABLES = (
    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute"
    " WHERE attrelid = 'public.wiretable_migrations'::regclass AND attname = 'tables' AND NOT attisdropped)"
)
_MANAGED = (
    "SELECT tables FROM public.wiretable_migrations WHERE schema_name = %(name)s AND tables IS NOT NULL"
    " ORDER BY version DESC LIMIT 1"
)


def _counts(fetch: Fetch, schema: Schema) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    rows: dict[str, int] = {}
    nulls: dict[tuple[str, str], int] = {}
    for table in schema.tables:
        nullable = [c.name for c in table.columns if c.nullable]
        # every result column gets its own name: the Management API answers rows as JSON objects
        query = exp.select(
            exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True),
            *[exp.alias_(exp.Count(this=exp.Column(this=ident(c))), f"c{i}", quoted=True)
              for i, c in enumerate(nullable)],
        ).from_(exp.Table(this=ident(table.name), db=ident("public")))
        result = fetch(query.sql("postgres"), {})[0]
        rows[table.name] = int(result[0])
        for name, count in zip(nullable, result[1:], strict=True):
            nulls[(table.name, name)] = int(result[0]) - int(count)
    return rows, nulls


def _samples(fetch: Fetch, live: Schema, desired: Schema) -> dict[tuple[str, str], tuple[str, ...]]:
    """Distinct values of live columns the document lacks: the evidence for a likely rename."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for table in live.tables:
        wanted = desired.table(table.name)
        if wanted is None:
            continue
        for column in table.columns:
            if wanted.column(column.name) is not None:
                continue
            col = exp.Column(this=ident(column.name))
            query = (
                exp.select(exp.Cast(this=col, to=exp.DataType.build("text")))
                .distinct()
                .from_(exp.Table(this=ident(table.name), db=ident("public")))
                .where(exp.Not(this=exp.Is(this=col.copy(), expression=exp.Null())))
                .limit(MAX_SAMPLED_VALUES)
            )
            out[(table.name, column.name)] = tuple(str(r[0]) for r in fetch(query.sql("postgres"), {}))
    return out


def _violations(fetch: Fetch, live: Schema, desired: Schema, rows: dict[str, int]) -> dict[tuple[str, str], int]:
    """Rows of each live table that fail a CHECK the document adds or changes there; counted only
    where every column the CHECK names is live with the document's type (else: unknown)."""
    out: dict[tuple[str, str], int] = {}
    for wanted in desired.tables:
        table = live.table(wanted.name)
        if table is None or not rows.get(table.name) or not wanted.checks:
            continue
        live_checks = {c.name: c.expression for c in table.checks}
        columns = [c.name for c in wanted.columns]
        for check in wanted.checks:
            old = live_checks.get(check.name)
            if old is not None and same_expression(old, check.expression, columns):
                continue
            try:
                tree = parse_expression(check.expression, columns)
            except SchemaError:
                continue
            names = referenced_columns(tree)
            if not all((c := table.column(n)) is not None and (w := wanted.column(n)) is not None
                       and same_type(c.type, w.type) for n in names):
                continue
            query = exp.select(exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True)).from_(
                exp.Table(this=ident(table.name), db=ident("public"))).where(exp.Not(this=exp.Paren(this=tree)))
            out[(table.name, check.name)] = int(fetch(query.sql("postgres"), {})[0][0])
    return out


def read_live(fetch: Fetch, desired: Schema, schema_name: str = "public") -> Live:
    catalog = read_catalog(fetch, schema_name)
    rows, nulls = _counts(fetch, catalog.schema)
    supabase, publication, auth_uid = fetch(*detect_query())[0]
    effective = effective_schema(desired)
    facts = LiveFacts(
        rows=rows,
        nulls=nulls,
        values=_samples(fetch, catalog.schema, effective),
        enum_types={name: tuple(values) for name, values in catalog.enum_types.items()},
        violations=_violations(fetch, catalog.schema, effective, rows),
        names=catalog.names,
        supabase=bool(supabase),
        realtime_publication=bool(publication),
        auth_uid=bool(auth_uid),
    )
    version = latest = None
    managed: frozenset[str] = frozenset()
    if fetch(_LEDGER, {})[0][0]:
        version = fetch(_MAX_VERSION, {})[0][0]
        row = fetch(_LATEST, {"name": desired.name})
        latest = row[0][1] if row else None
        if fetch(_HAS_TABLES, {})[0][0]:
            tables = fetch(_MANAGED, {"name": desired.name})
            managed = frozenset(tables[0][0]) if tables else frozenset()
    return Live(catalog, replace(facts, managed=managed), version, latest)


def plan_against(live: Live, desired: Schema, *, detect_renames: bool = True) -> Plan:
    return plan(live.catalog.schema, desired, live.facts, detect_renames=detect_renames)


def refuse_destructive(the_plan: Plan, target: str) -> None:
    """PushError naming every destructive edit, unless there are none."""
    from sql.edits import describe

    edits = the_plan.destructive
    if not edits:
        return
    names = "; ".join(describe(e) for e in edits)
    raise DestructiveChangeError(
        f"the plan for {target} holds {len(edits)} destructive edit(s): {names}; nothing was changed"
        " (pass --allow-destructive to apply them)",
        url=target,
        edits=[describe(e) for e in edits],
    )


class DestructiveChangeError(PushError):
    """The plan would drop or narrow something and destructive edits were not allowed."""
