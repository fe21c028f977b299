"""GET /api/v1/schemas/{id}/database/rows/{table}: pages of a table in the schema's own database,
on the real app and the embedded Postgres; hostile names and a missing database are clear 4xx."""

from __future__ import annotations

import json

import httpx
import psycopg

from tests.conftest import database_url
from tests.webui.test_api import _doc, api  # noqa: F401 - the signed-in client fixture


async def test_rows_of_the_schema_database(api: httpx.AsyncClient, pg_server: str) -> None:  # noqa: F811
    sid = (await api.post("/api/v1/schemas", json={"document": _doc()})).json()["id"]
    before = await api.get(f"/api/v1/schemas/{sid}/database/rows/users")
    assert before.status_code == 404 and "has no database yet" in before.json()["detail"]
    assert (await api.post(f"/api/v1/schemas/{sid}/database/regenerate")).status_code == 200
    with psycopg.connect(database_url(pg_server, f"wiretable_schema_{sid}"), autocommit=True) as conn:
        conn.execute("INSERT INTO users (id, email, created_at) SELECT gen_random_uuid(), 'u' || n || '@x.org', "
                     "now() - n * interval '1 day' FROM generate_series(1, 30) n")
        user = conn.execute("SELECT id FROM users LIMIT 1").fetchone()
        assert user is not None
        conn.execute("INSERT INTO posts (id, user_id, title, meta) VALUES (1, %s, 'hello', %s)",
                     (user[0], json.dumps({"body": "z" * 5000})))

    page = (await api.get(f"/api/v1/schemas/{sid}/database/rows/users",
                          params={"sort": "email", "desc": "true", "limit": 10, "offset": 10})).json()
    emails = sorted((f"u{n}@x.org" for n in range(1, 31)), reverse=True)
    assert page["total"] == 30 and [r["email"] for r in page["rows"]] == emails[10:20]
    assert [c["name"] for c in page["columns"]] == ["id", "email", "created_at"]
    assert page["columns"][2]["type"] == "timestamp with time zone"
    posts = (await api.get(f"/api/v1/schemas/{sid}/database/rows/posts")).json()
    (post,) = posts["rows"]
    assert post["tags"] is None and post["meta"].endswith("…") and len(post["meta"]) == 201

    hostile = await api.get(f"/api/v1/schemas/{sid}/database/rows/users%22;%20DROP%20TABLE%20users;--")
    assert hostile.status_code == 404 and "does not exist in" in hostile.json()["detail"]
    bad_sort = await api.get(f"/api/v1/schemas/{sid}/database/rows/users", params={"sort": "email; DROP TABLE users"})
    assert bad_sort.status_code == 400 and "has no column" in bad_sort.json()["detail"]
    assert (await api.get(f"/api/v1/schemas/{sid}/database/rows/users", params={"limit": 5000})).status_code == 422
    again = (await api.get(f"/api/v1/schemas/{sid}/database")).json()
    assert again["tables"] == {"users": 30, "posts": 1}
