"""FitTrackee, a real app captured signed in: the stored capture of the corpus (a HAR file), and (where the app is
installed, ``python -m benchmarks.apps install fittrackee`` with PostGIS, ``make apps``) a live capture of a
freshly seeded instance.

The stored capture always runs: the explorer's traffic reached the app's API signed in, kept no credential, and
infers the app's main tables. The live test starts FitTrackee on 127.0.0.1 on a PostgreSQL cluster of its own (no
network needed), seeds it through its sign-up, sign-in and API, captures it with the explorer through mitmproxy and
checks the same; it skips with the reason when the app, PostGIS, Chromium or mitmdump is not installed (CI installs
none of them)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from capture.har import iter_traffic
from capture.run import run_capture
from inference import infer_schema
from kernel.settings import Settings

CASE = Path(__file__).resolve().parents[1] / "inference" / "corpus" / "fittrackee"
SEEDED_PASSWORDS = ("wiretable-seed", "pedal-and-run-2024")  # the seed's owner and athletes (see the seed script)
_SHORT_ID = re.compile(r"^[A-Za-z0-9]{22}$")


def _api_paths(traffic: Path) -> set[str]:
    paths = set()
    for exchange in iter_traffic(traffic):
        path = urlsplit(exchange.request.url).path.rstrip("/")
        if path.startswith("/api/") and exchange.response.status == 200:
            parts = ["{id}" if _SHORT_ID.match(p) else p for p in path.split("/")]
            paths.add(f"{exchange.request.method} {'/'.join(parts)}")
    return paths


def _check_capture(traffic: Path, cookie_values: list[str], run: str = "") -> None:
    paths = _api_paths(traffic)
    # signed in: the profile, the workouts and a workout answered (401 to a visitor)
    assert {"GET /api/auth/profile", "GET /api/workouts", "GET /api/workouts/{id}", "GET /api/sports"} <= paths, \
        (paths, run)
    text = traffic.read_text(encoding="utf-8")
    for secret in [*SEEDED_PASSWORDS, *cookie_values]:
        assert secret not in text
    assert not re.search(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ", text)  # no JWT, though the app renews it on every answer
    schema = infer_schema(iter_traffic(traffic))
    tables = {t.name: t for t in schema.tables}
    assert tables["users"].primary_key == ["username"] and tables["sports"].primary_key == ["id"]
    workouts = tables["workouts"]
    assert {"title", "workout_date", "distance", "sport_id"} <= {c.name for c in workouts.columns}
    assert {(tuple(fk.columns), fk.ref_table) for fk in workouts.foreign_keys} >= {(("sport_id",), "sports"),
                                                                                  (("user_username",), "users")}
    assert {c.name: c.type for c in workouts.columns}["workout_date"] == "timestamptz"


def test_the_stored_capture_reached_the_api_signed_in_and_kept_no_credential() -> None:
    exchanges = list(iter_traffic(CASE / "traffic.har"))
    cookies = [e.request.headers.get("cookie", "") for e in exchanges if "cookie" in e.request.headers]
    assert cookies and all("access_token_cookie=[REDACTED" in c for c in cookies if "access_token_cookie=" in c)
    _check_capture(CASE / "traffic.har", [])


def test_the_truth_names_only_tables_the_capture_served() -> None:
    truth = json.loads((CASE / "truth.json").read_text(encoding="utf-8"))
    names = {t["name"] for t in truth["tables"]}
    assert names == {"users", "sports", "equipment_types", "equipments", "workouts", "workout_segments", "records",
                     "comments", "notifications", "app_config", "workout_equipments", "sport_default_equipments",
                     "workout_likes", "follows"}
    for table in truth["tables"]:
        for fk in table["foreign_keys"]:
            assert fk["ref_table"] in names


@pytest.mark.e2e
def test_a_live_fittrackee_is_captured_signed_in(tmp_path: Path) -> None:
    from benchmarks.apps import fittrackee_app
    from benchmarks.apps.common import APPS_DIR, free_port

    stamp = APPS_DIR / fittrackee_app.NAME / "venv" / ".installed"
    if not stamp.exists() or stamp.read_text() != "\n".join(fittrackee_app.REQUIREMENTS):
        pytest.skip("FitTrackee is not installed (python -m benchmarks.apps install fittrackee)")
    if not fittrackee_app.has_postgis():
        pytest.skip("PostgreSQL 15 with PostGIS is not installed (apt-get install postgresql-15-postgis-3)")
    settings = Settings(home=tmp_path / "home")
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    running = fittrackee_app.start(free_port())
    try:
        credentials = fittrackee_app.credentials()
        traffic = tmp_path / "traffic.jsonl"
        result = run_capture(running.url + fittrackee_app.CAPTURE_PATH, traffic, settings=settings,
                             budget_seconds=120, credentials=credentials)
    finally:
        running.stop()
    _check_capture(traffic, [c["value"] for c in (credentials.storage_state or {}).get("cookies", [])],
                   f"{result.message}; pages {result.pages_visited}; errors {result.errors}")
