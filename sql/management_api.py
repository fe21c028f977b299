"""Supabase's Management API as a push route: ``POST /v1/projects/{ref}/database/query`` (answers 201).

The route runs one SQL text per request and answers the rows of its last statement as JSON
objects. A push through it therefore sends the whole migration as one multi-statement text,
which Postgres runs as one implicit transaction: any failure rolls back everything. Inside that
text the push takes the same advisory lock as a direct push, checks that the ledger has not moved
since the plan was read (another push in between makes this one fail, changing nothing), and
wraps each planned statement in a ``DO`` block that re-raises its error as ``wiretable statement
N: …`` so that the failing statement can be named.

The access token travels only in the Authorization header and never appears in messages.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
from psycopg import sql as pgsql

from kernel.errors import PushError

DEFAULT_API_URL = "https://api.supabase.com"
_PARAM = re.compile(r"%\((\w+)\)s")
_FAILED_STATEMENT = re.compile(r"wiretable statement (\d+): (.*)", re.DOTALL)


def inline(query: str, params: Mapping[str, Any]) -> str:
    """Replace ``%(name)s`` placeholders by literals quoted by psycopg (for a route without binds)."""

    def literal(match: re.Match[str]) -> str:
        return pgsql.Literal(params[match[1]]).as_string(None)

    return _PARAM.sub(literal, query)


class ManagementApi:
    """A client of one project's database query route."""

    def __init__(
        self,
        token: str,
        project_ref: str,
        *,
        base_url: str = DEFAULT_API_URL,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not token or not project_ref:
            raise PushError("the Management API route needs SUPABASE_ACCESS_TOKEN and SUPABASE_PROJECT_REF")
        if not re.fullmatch(r"[A-Za-z0-9_-]+", project_ref):
            raise PushError(f"invalid Supabase project ref {project_ref!r}")
        self.project_ref = project_ref
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
            transport=transport,
        )

    @property
    def label(self) -> str:
        return f"supabase project {self.project_ref} (Management API)"

    def close(self) -> None:
        self._client.close()

    def query(self, text: str) -> list[dict[str, Any]]:
        """Run ``text``; the rows of its last statement. PushError with the server's message."""
        path = f"/v1/projects/{self.project_ref}/database/query"
        try:
            response = self._client.post(path, json={"query": text})
        except httpx.HTTPError as exc:
            raise PushError(f"cannot reach the Supabase Management API at {self.base_url}: {exc}",
                            url=self.base_url) from exc
        if response.status_code not in (200, 201):
            raise PushError(
                f"{self.label} answered {response.status_code}: {_message(response)}", url=self.base_url
            )
        try:
            rows = response.json()
        except ValueError as exc:
            raise PushError(f"{self.label} answered something that is not JSON", url=self.base_url) from exc
        if not isinstance(rows, list):
            raise PushError(f"{self.label} answered {type(rows).__name__}, not a list of rows", url=self.base_url)
        return rows

    def fetch(self, query: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return [tuple(row.values()) for row in self.query(inline(query, params))]


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return " ".join(response.text.split())[:300] or response.reason_phrase
    if isinstance(body, dict):
        return " ".join(str(body.get("message") or body.get("error") or body).split())[:500]
    return str(body)[:300]


def guarded(statements: Sequence[str]) -> tuple[str, list[str]]:
    """Each statement inside a DO block naming it on failure; returns (tag, wrapped statements)."""
    tag = "wt_" + secrets.token_hex(6)
    while any(f"${tag}$" in s for s in statements):
        tag = "wt_" + secrets.token_hex(6)
    wrapped = []
    for number, statement in enumerate(statements, start=1):
        body = pgsql.SQL(
            "DO ${tag}$ BEGIN EXECUTE {stmt}; EXCEPTION WHEN OTHERS THEN"
            " RAISE EXCEPTION 'wiretable statement %: %', {n}, SQLERRM USING ERRCODE = SQLSTATE; END ${tag}$"
        ).format(tag=pgsql.SQL(tag), stmt=pgsql.Literal(statement), n=pgsql.Literal(number))
        wrapped.append(body.as_string(None))
    return tag, wrapped


def failed_statement(message: str, statements: Sequence[str]) -> tuple[str | None, str]:
    """(the statement a guarded script failed on, the server's own message) from an error text."""
    match = _FAILED_STATEMENT.search(message)
    if not match:
        return None, message
    number = int(match[1])
    statement = statements[number - 1] if 0 < number <= len(statements) else None
    return statement, match[2].strip()


def ledger_guard(expected_version: int | None) -> str:
    """Fail the script when the ledger moved since the plan was read (another push came first)."""
    expected = pgsql.Literal(expected_version if expected_version is not None else 0)
    return pgsql.SQL(
        "DO $guard$ DECLARE v bigint := 0; BEGIN IF to_regclass('public.wiretable_migrations') IS NOT NULL"
        " THEN EXECUTE 'SELECT coalesce(max(version), 0) FROM public.wiretable_migrations' INTO v; END IF;"
        " IF v <> {} THEN RAISE EXCEPTION 'the target changed since it was planned; plan again'; END IF;"
        " END $guard$"
    ).format(expected).as_string(None)
