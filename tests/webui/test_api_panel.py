"""After a push the job page shows the generated REST API, mounted in the app itself; the
editor's Export menu downloads every format."""

from __future__ import annotations

import io
import zipfile

import httpx
import psycopg
from nicegui.testing import User

from jobs.store import JobStore
from tests.factories import make_schema
from tests.webui.editor_support import make_job, open_job, wait_for
from webui.components.export_menu import CHOICES, export_bytes


async def test_the_api_panel_answers_over_the_pushed_tables(user: User, ui_env: dict[str, str]) -> None:
    job = make_job(JobStore(ui_env["WIRETABLE_DATABASE_URL"]), make_schema())
    await open_job(user, job)
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="created 2 table(s)")
    await wait_for(user, marker="api_panel")
    await wait_for(user, marker="api_sample_users", content='"total": 0')
    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"], autocommit=True) as conn:
        conn.execute("INSERT INTO users VALUES (gen_random_uuid(), 'ada@example.org', now())")
    from nicegui import app

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ui") as client:
        page = (await client.get(f"/rest/{job.id}/users")).json()
        assert page["total"] == 1 and page["data"][0]["email"] == "ada@example.org"
        assert (await client.get(f"/rest/{job.id}/openapi.json")).json()["openapi"] == "3.1.0"


def test_every_export_choice_downloads() -> None:
    for _label, fmt, options in CHOICES:
        content, name = export_bytes(make_schema(), fmt, **options)
        assert content and name.startswith("blog")
        if name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                assert archive.namelist()
