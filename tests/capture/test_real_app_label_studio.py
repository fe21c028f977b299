"""Label Studio, a real app captured signed in: the stored capture of the corpus (a HAR file), and (where the app
is installed, ``python -m benchmarks.apps install label-studio``) a live capture of a freshly seeded instance.

The stored capture always runs: the explorer's traffic reached the app's API signed in, kept no credential,
and infers the app's main tables. The live test starts Label Studio on 127.0.0.1 (no network needed), seeds it
through its sign-up, sign-in and API, captures it with the explorer through mitmproxy and checks the same; it
skips with the reason when the app, Chromium or mitmdump is not installed (CI installs none of its 1 GB)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from capture.har import iter_traffic
from capture.run import run_capture
from inference import infer_schema
from kernel.settings import Settings

CASE = Path(__file__).resolve().parents[1] / "inference" / "corpus" / "label-studio"
SEEDED_PASSWORDS = ("wiretable-seed", "annotate-2024!")  # the seed's admin and annotators (see the seed script)


def _api_paths(traffic: Path) -> set[str]:
    paths = set()
    for exchange in iter_traffic(traffic):
        path = urlsplit(exchange.request.url).path.rstrip("/")
        if path.startswith("/api/") and exchange.response.status == 200:
            paths.add(f"{exchange.request.method} {'/'.join('{id}' if p.isdigit() else p for p in path.split('/'))}")
    return paths


def _check_capture(traffic: Path, cookie_values: list[str], run: str = "") -> None:
    paths = _api_paths(traffic)
    # signed in: the projects, a project and a Data Manager page of its tasks answered (401 to a visitor)
    assert {"GET /api/current-user/whoami", "GET /api/projects", "GET /api/projects/{id}",
            "GET /api/tasks"} <= paths, (paths, run)
    text = traffic.read_text(encoding="utf-8")
    for secret in [*SEEDED_PASSWORDS, *cookie_values]:
        assert secret not in text
    schema = infer_schema(iter_traffic(traffic))
    tables = {t.name: t for t in schema.tables}
    projects = next(t for name, t in tables.items() if "project" in name)
    tasks = next(t for name, t in tables.items() if "task" in name)
    assert projects.primary_key == ["id"] and tasks.primary_key == ["id"]
    assert {"title", "label_config", "created_at"} <= {c.name for c in projects.columns}
    assert any(fk.ref_table == projects.name for fk in tasks.foreign_keys)
    assert {c.name: c.type for c in projects.columns}["created_at"] == "timestamptz"


def test_the_stored_capture_reached_the_api_signed_in_and_kept_no_credential() -> None:
    exchanges = list(iter_traffic(CASE / "traffic.har"))
    cookies = [e.request.headers.get("cookie", "") for e in exchanges if "cookie" in e.request.headers]
    assert cookies and all("sessionid=[REDACTED" in c for c in cookies if "sessionid=" in c)
    _check_capture(CASE / "traffic.har", [])


def test_the_truth_names_only_tables_the_capture_served() -> None:
    truth = json.loads((CASE / "truth.json").read_text(encoding="utf-8"))
    names = {t["name"] for t in truth["tables"]}
    assert names == {"users", "projects", "tasks", "views", "project_summaries", "organization_members",
                     "jwt_settings"}
    for table in truth["tables"]:
        for fk in table["foreign_keys"]:
            assert fk["ref_table"] in names


@pytest.mark.e2e
def test_a_live_label_studio_is_captured_signed_in(tmp_path: Path) -> None:
    from benchmarks.apps import label_studio_app
    from benchmarks.apps.common import APPS_DIR, free_port

    stamp = APPS_DIR / label_studio_app.NAME / "venv" / ".installed"
    if not stamp.exists() or stamp.read_text() != "\n".join(label_studio_app.REQUIREMENTS):
        pytest.skip("Label Studio is not installed (python -m benchmarks.apps install label-studio)")
    settings = Settings(home=tmp_path / "home")
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    running = label_studio_app.start(free_port())
    try:
        credentials = label_studio_app.credentials()
        traffic = tmp_path / "traffic.jsonl"
        result = run_capture(running.url + label_studio_app.CAPTURE_PATH, traffic, settings=settings,
                             budget_seconds=120, credentials=credentials)
    finally:
        running.stop()
    _check_capture(traffic, [c["value"] for c in (credentials.storage_state or {}).get("cookies", [])],
                   f"{result.message}; pages {result.pages_visited}; errors {result.errors}")
