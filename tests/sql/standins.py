"""Local stand-ins for Supabase: a database with its roles, the Management API route, PostgREST.

The HTTP servers speak the same protocol as the real services for the calls wiretable makes and
run every query against a real Postgres database.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg
from psycopg import sql as pgsql

SUPABASE_SETUP = """
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role', 'authenticator'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', r);
    END IF;
  END LOOP;
END $$;
ALTER ROLE service_role BYPASSRLS;
GRANT anon, authenticated, service_role TO authenticator;
CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('request.jwt.claims', true)::jsonb ->> 'sub', '')::uuid $$;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
CREATE PUBLICATION supabase_realtime;
"""


def prepare_supabase(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SUPABASE_SETUP)


def _json(handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
    data = json.dumps(body, default=str).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def management_api(db_url: str, token: str, project_ref: str, log: list[str] | None = None) -> Iterator[str]:
    """``POST /v1/projects/{ref}/database/query`` → 201 and the rows of the last statement."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            match = re.fullmatch(r"/v1/projects/([^/]+)/database/query", self.path)
            if match is None or match[1] != project_ref:
                _json(self, 404, {"message": "Not Found"})
                return
            if self.headers.get("Authorization") != f"Bearer {token}":
                _json(self, 401, {"message": "Unauthorized"})
                return
            length = int(self.headers.get("Content-Length", 0))
            query = json.loads(self.rfile.read(length))["query"]
            if log is not None:
                log.append(query)
            try:
                with psycopg.connect(db_url, autocommit=True) as conn, conn.cursor() as cur:
                    cur.execute(query)
                    rows: list[dict[str, Any]] = []
                    while True:
                        if cur.description is not None:
                            names = [d.name for d in cur.description]
                            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
                        if not cur.nextset():
                            break
            except psycopg.Error as exc:
                _json(self, 400, {"message": f"Failed to run sql query: {exc}"})
                return
            _json(self, 201, rows)

    with serve(Handler) as url:
        yield url


@contextmanager
def postgrest(db_url: str) -> Iterator[str]:
    """``GET /rest/v1/{table}?select=*&limit=n``: the rows, or 404 PGRST205 for a missing table."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            match = re.fullmatch(r"/rest/v1/([^/]+)", parts.path)
            if match is None or not self.headers.get("apikey"):
                _json(self, 401, {"message": "No API key found in request"})
                return
            table = match[1]
            limit = int(parse_qs(parts.query).get("limit", ["100"])[0])
            with psycopg.connect(db_url, autocommit=True) as conn:
                found = conn.execute("SELECT to_regclass(format('public.%%I', %s::text))", (table,)).fetchone()
                if found is None or found[0] is None:
                    _json(self, 404, {
                        "code": "PGRST205", "details": None, "hint": None,
                        "message": f"Could not find the table 'public.{table}' in the schema cache",
                    })
                    return
                query = pgsql.SQL("SELECT row_to_json(t) FROM (SELECT * FROM {} LIMIT %s) t").format(
                    pgsql.Identifier("public", table))
                rows = conn.execute(query, (limit,)).fetchall()
            _json(self, 200, [r[0] for r in rows])

    with serve(Handler) as url:
        yield url
