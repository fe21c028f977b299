"""JupyterHub, a real app captured signed in: the stored capture of the corpus, and (where the app is installed,
``python -m benchmarks.apps install jupyterhub``) a live capture of a freshly seeded hub.

The stored capture always runs: the explorer's traffic reached the hub's REST API signed in as the admin, kept no
credential, and infers the users and groups. The live test starts JupyterHub on 127.0.0.1 (no network needed),
seeds it through its API, captures its React admin page with the explorer through mitmproxy and checks the same; it
skips with the reason when the app, Chromium or mitmdump is not installed (CI installs none of it)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from capture.run import run_capture
from inference import infer_schema
from kernel.exchange import read_exchanges
from kernel.settings import Settings

CASE = Path(__file__).resolve().parents[1] / "inference" / "corpus" / "jupyterhub"
# the seeded hub's admin and users' passwords and its seeding service's token (see benchmarks/apps/jupyterhub_app.py)
SEEDED_SECRETS = ("wiretable-seed-admin-password-0123456789", "wiretable-users", "wiretable-seed-service-token-5f1c2a")


def _api_paths(traffic: Path) -> set[str]:
    paths = set()
    for exchange in read_exchanges(traffic):
        path = urlsplit(exchange.request.url).path
        if path.startswith("/hub/api/") and exchange.response.status == 200:
            paths.add(f"{exchange.request.method} {path}")
    return paths


def _check_capture(traffic: Path, cookie_values: list[str], run: str = "") -> None:
    paths = _api_paths(traffic)
    # signed in as the admin: the users and groups answered (they answer 403 to a visitor)
    assert {"GET /hub/api/users", "GET /hub/api/groups"} <= paths, (paths, run)
    text = traffic.read_text(encoding="utf-8")
    for secret in [*SEEDED_SECRETS, *cookie_values]:
        assert secret not in text
    schema = infer_schema(read_exchanges(traffic))
    tables = {t.name: t for t in schema.tables}
    users = next(t for name, t in tables.items() if name == "users")
    groups = next(t for name, t in tables.items() if name == "groups")
    assert {"name", "admin", "created", "last_activity"} <= {c.name for c in users.columns}
    assert {"name", "properties"} <= {c.name for c in groups.columns}
    assert {c.name: c.type for c in users.columns}["created"] == "timestamptz"
    assert any("server" in name for name in tables), sorted(tables)  # the servers map of each user


def test_the_stored_capture_reached_the_api_signed_in_and_kept_no_credential() -> None:
    exchanges = list(read_exchanges(CASE / "traffic.jsonl"))
    cookies = [e.request.headers.get("cookie", "") for e in exchanges if "cookie" in e.request.headers]
    assert cookies and all("jupyterhub-hub-login=[REDACTED" in c for c in cookies if "jupyterhub-hub-login=" in c)
    _check_capture(CASE / "traffic.jsonl", [])


def test_the_truth_names_only_tables_the_capture_served() -> None:
    truth = json.loads((CASE / "truth.json").read_text(encoding="utf-8"))
    names = {t["name"] for t in truth["tables"]}
    assert names == {"users", "groups", "user_group_map", "spawners"}
    for table in truth["tables"]:
        for fk in table["foreign_keys"]:
            assert fk["ref_table"] in names


@pytest.mark.e2e
def test_a_live_jupyterhub_is_captured_signed_in(tmp_path: Path) -> None:
    from benchmarks.apps import jupyterhub_app
    from benchmarks.apps.common import APPS_DIR, free_port

    stamp = APPS_DIR / jupyterhub_app.NAME / "venv" / ".installed"
    if not stamp.exists() or stamp.read_text() != "\n".join(jupyterhub_app.REQUIREMENTS):
        pytest.skip("JupyterHub is not installed (python -m benchmarks.apps install jupyterhub)")
    settings = Settings(home=tmp_path / "home")
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    running = jupyterhub_app.start(free_port())
    try:
        credentials = jupyterhub_app.credentials()
        traffic = tmp_path / "traffic.jsonl"
        result = run_capture(running.url + jupyterhub_app.CAPTURE_PATH, traffic, settings=settings,
                             budget_seconds=60, credentials=credentials)
    finally:
        running.stop()
    _check_capture(traffic, [c["value"] for c in (credentials.storage_state or {}).get("cookies", [])],
                   f"{result.message}; pages {result.pages_visited}; errors {result.errors}")
