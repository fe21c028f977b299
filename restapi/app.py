"""The generated REST API: a FastAPI application over the tables of a Schema in a Postgres database.

``create_app(schema, conninfo)`` serves, per table, the routes that ``sql.exports.openapi``
documents, and serves that very document at ``/openapi.json`` with interactive docs at
``/docs``: Swagger UI, whose script, stylesheet and icon the app serves itself from the
``swagger-ui-bundle-v2`` package (``/docs/<file>``), so the docs work with no internet. Answers: 200/201/204, and JSON errors — 400 (unknown column, relation or operator,
a value the column's type cannot hold), 404 (no row with this key), 409 (a unique or foreign-key
constraint refused the change), 422 (the body does not match the table's columns, with field
errors). A database failure that is not the client's becomes 503, never a traceback.
Connections come from one pool, opened on first use, so the app can also be mounted in a
running server.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime
import decimal
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
import psycopg
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from psycopg import errors as pg_errors
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kernel.schema import Schema, Table
from restapi.models import TableModels
from restapi.query import ApiError, Expand, ListQuery, QueryParser, bad
from restapi.statements import TableSql
from sql.exports.openapi import key_params, openapi_document, table_paths

log = logging.getLogger(__name__)
Row = dict[str, Any]
STATEMENT_TIMEOUT_MS = 10_000
#: The Swagger UI files that ``/docs`` loads, by name, with their media types.
SWAGGER_ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
                  "swagger-ui.css": "text/css; charset=utf-8", "favicon-32x32.png": "image/png"}


def swagger_ui_dir() -> Path:
    """The folder of the Swagger UI build that the ``swagger-ui-bundle-v2`` package ships."""
    import swagger_ui_bundle

    return Path(str(swagger_ui_bundle.swagger_ui_path))


def _default(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, datetime.timedelta):
        return f"P{value.days}DT{value.seconds + value.microseconds / 1e6:g}S"
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(type(value).__name__)


def json_response(content: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(content, default=_default, option=orjson.OPT_NON_STR_KEYS),
                    status_code=status, media_type="application/json")


def _error(exc: ApiError) -> Response:
    return json_response(exc.body(), exc.status)


def _database_error(exc: psycopg.Error) -> ApiError:
    diag = getattr(exc, "diag", None)
    detail = (diag.message_primary if diag is not None else None) or str(exc).split("\n")[0]
    if isinstance(exc, pg_errors.UniqueViolation | pg_errors.ForeignKeyViolation | pg_errors.ExclusionViolation):
        return ApiError(409, "conflict", detail)
    if isinstance(exc, pg_errors.IntegrityError):  # not null, check
        return ApiError(422, "constraint", detail)
    if isinstance(exc, psycopg.DataError | pg_errors.DatatypeMismatch | pg_errors.UndefinedFunction):
        return bad(detail, "invalid_value")  # a value the column's type cannot hold, NUL bytes, overflow
    log.warning("database error: %s", detail)
    return ApiError(503, "database", "the database could not answer")


class Database:
    """A connection pool opened on first use."""

    def __init__(self, conninfo: str, size: int) -> None:
        self.pool = AsyncConnectionPool(conninfo, min_size=1, max_size=size, open=False,
                                        kwargs={"autocommit": True, "row_factory": dict_row,
                                                "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"})
        self._opened = False
        self._lock = asyncio.Lock()

    async def open(self) -> AsyncConnectionPool:
        if not self._opened:
            async with self._lock:
                if not self._opened:
                    await self.pool.open(wait=True, timeout=10)
                    self._opened = True
        return self.pool

    async def close(self) -> None:
        if self._opened:
            await self.pool.close()
            self._opened = False


class TableApi:
    """The handlers of one table."""

    def __init__(self, schema: Schema, table: Table, db: Database, apis: dict[str, TableApi]) -> None:
        self.table = table
        self.sql = TableSql(table)
        self.parser = QueryParser(schema, table)
        self.models = TableModels(table)
        self.db = db
        self.apis = apis
        self.key_params = [p for _, p in key_params(table)]

    async def _run(self, fn: Callable[[psycopg.AsyncConnection[Any]], Awaitable[Response]]) -> Response:
        try:
            pool = await self.db.open()
            async with pool.connection() as conn:
                return await fn(conn)
        except ApiError as exc:
            return _error(exc)
        except psycopg.Error as exc:
            return _error(_database_error(exc))
        except UnicodeEncodeError:
            return _error(bad("a value is not valid UTF-8 text", "invalid_value"))
        except Exception:  # a failure of the database connection or pool, never a traceback
            log.exception("request failed")
            return _error(ApiError(503, "unavailable", "the database could not answer"))

    def _key(self, request: Request) -> list[str]:
        return [request.path_params[p] for p in self.key_params]

    async def list_rows(self, request: Request) -> Response:
        try:
            query = self.parser.parse_list(request.query_params.multi_items())
        except ApiError as exc:
            return _error(exc)

        async def go(conn: psycopg.AsyncConnection[Any]) -> Response:
            fetch = self._fetch_columns(query)
            statement, params = self.sql.select_page(query, fetch)
            rows = await (await conn.execute(statement, params)).fetchall()
            count_sql, count_params = self.sql.count(query)
            total_row = await (await conn.execute(count_sql, count_params)).fetchone()
            rows = await self._expand(conn, rows, query.expand)
            if fetch is not None and query.columns is not None:
                keep = set(query.columns) | {e.relation.name for e in query.expand}
                rows = [{k: v for k, v in r.items() if k in keep} for r in rows]
            total = total_row["count"] if total_row else 0
            return json_response({"data": rows, "total": total, "limit": query.limit, "offset": query.offset})

        return await self._run(go)

    def _fetch_columns(self, query: ListQuery) -> list[str] | None:
        if query.columns is None:
            return None
        extra = [c for e in query.expand for c, _ in e.relation.pairs]
        return list(dict.fromkeys([*query.columns, *extra]))

    async def _expand(self, conn: psycopg.AsyncConnection[Any], rows: list[Row], expands: Sequence[Expand]) -> list[Row]:
        for expand in expands:
            rel = expand.relation
            own = [a for a, _ in rel.pairs]
            theirs = [b for _, b in rel.pairs]
            keys = list(dict.fromkeys(tuple(r[c] for c in own) for r in rows if all(r[c] is not None for c in own)))
            related: list[Row] = []
            if keys:
                target = self.apis[rel.target].sql
                fetch = None if expand.columns is None else list(dict.fromkeys([*expand.columns, *theirs]))
                statement, params = target.rows_matching(theirs, keys, fetch)
                related = await (await conn.execute(statement, params)).fetchall()
            by_key: dict[tuple[Any, ...], list[Row]] = {}
            for r in related:
                by_key.setdefault(tuple(r[c] for c in theirs), []).append(r)
            if expand.columns is not None:
                keep = set(expand.columns)
                by_key = {k: [{c: v for c, v in r.items() if c in keep} for r in rs] for k, rs in by_key.items()}
            for r in rows:
                found = by_key.get(tuple(r[c] for c in own), [])
                r[rel.name] = found if rel.many else (found[0] if found else None)
        return rows

    async def get(self, request: Request) -> Response:
        expands: list[Expand] = []
        try:
            self.parser.parse_expand(request.query_params.get("expand"), expands)
        except ApiError as exc:
            return _error(exc)

        async def go(conn: psycopg.AsyncConnection[Any]) -> Response:
            statement, params = self.sql.select_one(self._key(request))
            row = await (await conn.execute(statement, params)).fetchone()
            if row is None:
                raise ApiError(404, "not_found", f"no {self.table.name} row with this key")
            return json_response((await self._expand(conn, [row], expands))[0])

        return await self._run(go)

    async def create(self, request: Request) -> Response:
        body = await request.body()
        try:
            values = self.models.validate(body)
        except ApiError as exc:
            return _error(exc)

        async def go(conn: psycopg.AsyncConnection[Any]) -> Response:
            statement, params = self.sql.insert(values)
            row = await (await conn.execute(statement, params)).fetchone()
            return json_response(row, 201)

        return await self._run(go)

    async def update(self, request: Request) -> Response:
        body = await request.body()
        try:
            values = self.models.validate(body, update=True)
        except ApiError as exc:
            return _error(exc)

        async def go(conn: psycopg.AsyncConnection[Any]) -> Response:
            if values:
                statement, params = self.sql.update(values, self._key(request))
            else:
                statement, params = self.sql.select_one(self._key(request))
            row = await (await conn.execute(statement, params)).fetchone()
            if row is None:
                raise ApiError(404, "not_found", f"no {self.table.name} row with this key")
            return json_response(row)

        return await self._run(go)

    async def delete(self, request: Request) -> Response:
        async def go(conn: psycopg.AsyncConnection[Any]) -> Response:
            statement, params = self.sql.delete(self._key(request))
            cursor = await conn.execute(statement, params)
            if cursor.rowcount == 0:
                raise ApiError(404, "not_found", f"no {self.table.name} row with this key")
            return Response(status_code=204)

        return await self._run(go)


def create_app(schema: Schema, conninfo: str, *, pool_size: int = 8, root_path: str = "") -> FastAPI:
    """The REST API over ``schema``'s tables in the database at ``conninfo``."""
    from sql.ddl import resolve_enum_types

    schema = resolve_enum_types(schema)
    db = Database(conninfo, pool_size)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await db.close()

    app = FastAPI(title=f"{schema.name} REST API", openapi_url=None, docs_url=None, redoc_url=None,
                  root_path=root_path, lifespan=lifespan)
    document = openapi_document(schema)
    document_bytes = orjson.dumps(document)
    segments = table_paths(schema)
    apis: dict[str, TableApi] = {}
    for table in schema.tables:
        apis[table.name] = TableApi(schema, table, db, apis)
    for table in schema.tables:
        api = apis[table.name]
        base = f"/{segments[table.name]}"
        app.add_route(base, api.list_rows, methods=["GET"])
        app.add_route(base, api.create, methods=["POST"])
        if api.key_params:
            path = base + "/" + "/".join("{" + p + "}" for p in api.key_params)
            app.add_route(path, api.get, methods=["GET"])
            app.add_route(path, api.update, methods=["PATCH"])
            app.add_route(path, api.delete, methods=["DELETE"])

    async def openapi_json(request: Request) -> Response:
        return Response(document_bytes, media_type="application/json")

    async def docs(request: Request) -> HTMLResponse:
        prefix = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{prefix}/openapi.json", title=f"{schema.name} REST API",
            swagger_js_url=f"{prefix}/docs/swagger-ui-bundle.js", swagger_css_url=f"{prefix}/docs/swagger-ui.css",
            swagger_favicon_url=f"{prefix}/docs/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None})  # no badge fetched from the online validator

    assets: dict[str, bytes] = {}  # read on first request, then kept for the app's lifetime

    async def docs_asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in SWAGGER_ASSETS:
            return _error(ApiError(404, "not_found", f"no docs file {name!r}"))
        if name not in assets:
            assets[name] = (swagger_ui_dir() / name).read_bytes()
        return Response(assets[name], media_type=SWAGGER_ASSETS[name],
                        headers={"Cache-Control": "public, max-age=86400"})

    app.add_route("/openapi.json", openapi_json, methods=["GET"])
    app.add_route("/docs", docs, methods=["GET"])
    app.add_route("/docs/{name}", docs_asset, methods=["GET"])
    app.state.database = db
    return app
