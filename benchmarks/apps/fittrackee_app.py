"""FitTrackee (PyPI, AGPL-3.0): a self-hosted workout tracker, a Vue single-page app over a Flask JSON API
(``{status, data: {<things>: [...]}}`` with a sibling ``pagination``), behind a sign-in, on PostgreSQL with PostGIS;
served by ``fittrackee_server.py`` on a cluster of its own, seeded through its own sign-up, sign-in and API by
``seed_fittrackee.py``, which also writes the signed-in browser state of an athlete who is an administrator."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import httpx
from playwright.sync_api import Page

from benchmarks.apps.common import HERE_APPS, Running, answers, app_dir, run_in, spawn, venv, wait_until
from benchmarks.apps.walking import click_all, visit
from capture.auth import Credentials

NAME = "fittrackee"
VERSION = "1.3.6"
REGISTRY = "PyPI"
LICENCE = "AGPL-3.0-only"
REQUIREMENTS = ("fittrackee==1.3.6",)
OWNER = ("admin", "admin@example.org", "wiretable-seed")  # the local owner of the seeded instance: test data only
STATE = "state.json"  # the captured athlete's signed-in browser state, beside the app's environment
CAPTURE_PATH = ""  # the root is the signed-in dashboard
PG_BIN = Path(os.environ.get("FITTRACKEE_PG_BIN", "/usr/lib/postgresql/15/bin"))
POSTGIS = Path(os.environ.get("FITTRACKEE_POSTGIS", "/usr/share/postgresql/15/extension/postgis.control"))


def install() -> None:
    venv(NAME, REQUIREMENTS)
    if not has_postgis():
        print(f"  {NAME} also needs PostgreSQL 15 with PostGIS: apt-get install postgresql-15-postgis-3 "
              "(make apps does)", flush=True)


def has_postgis() -> bool:
    """FitTrackee keeps tracks as PostGIS geometries: Debian's PostgreSQL 15 and PostGIS (``make postgis``)."""
    return (PG_BIN / "pg_ctl").exists() and POSTGIS.exists()


def state_path() -> Path:
    return app_dir(NAME) / STATE


def credentials() -> Credentials:
    """The seeded athlete's session, for a capture that starts signed in."""
    return Credentials(storage_state=json.loads(state_path().read_text(encoding="utf-8")))


def start(port: int) -> Running:
    if not has_postgis():
        raise RuntimeError(f"{NAME} needs PostgreSQL 15 with PostGIS (apt-get install postgresql-15-postgis-3)")
    env = venv(NAME, REQUIREMENTS)
    home = app_dir(NAME)
    data = home / "data"
    shutil.rmtree(data, ignore_errors=True)  # a fresh cluster and database, seeded the same way every time
    data.mkdir()
    process, log = spawn([str(env / "bin" / "python"), str(HERE_APPS / "fittrackee_server.py"), str(data), str(port),
                          *OWNER], home, {"FITTRACKEE_PG_BIN": str(PG_BIN)})
    url = f"http://127.0.0.1:{port}/"
    wait_until(lambda: answers(f"{url}api/ping"), 300, NAME, process, log)
    running = Running(NAME, url, process, home)
    try:
        run_in(env, HERE_APPS / "seed_fittrackee.py", url, OWNER[1], OWNER[2], str(state_path()))
    except BaseException:
        running.stop()
        raise
    return running


def walk(page: Page, url: str) -> None:
    """Signed in as the seeded athlete (an administrator): the dashboard, the workouts, each of the athlete's
    workouts with its segment and comments, statistics, the users and their followers, every profile tab with an
    equipment, notifications and every administration page."""
    base = url.rstrip("/")
    state = json.loads(state_path().read_text(encoding="utf-8"))
    page.context.add_cookies(state["cookies"])
    cookies = {c["name"]: c["value"] for c in state["cookies"]}

    def api(path: str) -> dict[str, object]:
        answer = httpx.get(f"{base}/api/{path}", cookies=cookies, timeout=10, trust_env=False)
        answer.raise_for_status()
        data: dict[str, object] = answer.json()["data"]
        return data

    visit(page, f"{base}/")
    for path in ("/workouts", "/workouts/map", "/statistics", "/users", "/notifications", "/workouts/add"):
        visit(page, base + path)
    click_all(page, "[role=tab], .statistics-tabs button", limit=4)
    workouts = api("workouts?per_page=5")["workouts"]
    assert isinstance(workouts, list)
    for workout in workouts[:4]:
        visit(page, f"{base}/workouts/{workout['id']}")
        detail = api(f"workouts/{workout['id']}")["workouts"]
        assert isinstance(detail, list)
        for segment in detail[0].get("segments", [])[:1]:
            visit(page, f"{base}/workouts/{workout['id']}/segment/{segment['segment_id']}")
        visit(page, f"{base}/workouts/{workout['id']}/likes")
    for name in ("sam_runs", "tomas_hikes", "admin"):
        for tail in ("", "/followers", "/following"):
            visit(page, f"{base}/users/{name}{tail}")
    equipments = api("equipments")["equipments"]
    assert isinstance(equipments, list)
    for tab in ("", "/account", "/preferences", "/notifications", "/sports", "/equipments", "/follow-requests",
                "/followers", "/following", "/blocked-users", "/apps", "/moderation", "/archive-uploads",
                "/edit/sports", "/edit/equipments"):
        visit(page, f"{base}/profile{tab}")
    for equipment in equipments[:2]:
        visit(page, f"{base}/profile/equipments/{equipment['id']}")
    for path in ("", "/application", "/equipment-types", "/sports", "/reports", "/users", "/users/sam_runs",
                 "/queued-tasks"):
        visit(page, f"{base}/admin{path}")
