from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from kernel.errors import PushError
from kernel.settings import Settings
from sql.embedded import EmbeddedPostgres, redact_url, resolve_target

ROOT = Path(__file__).resolve().parents[2]


def test_app_url_and_target_database(embedded: EmbeddedPostgres) -> None:
    assert embedded.app_url == f"postgresql://postgres:@/postgres?host={embedded.pgdata}"
    url = embedded.target_url()
    assert url == embedded.target_url()  # created once, then reused
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database(), version()").fetchone()[0] == "wiretable_target"
        assert conn.execute("SELECT gen_random_uuid() IS NOT NULL").fetchone() == (True,)


def test_a_second_handle_reuses_the_running_server(embedded: EmbeddedPostgres) -> None:
    assert EmbeddedPostgres(embedded.pgdata).app_url == embedded.app_url


def test_data_dirs_under_root_are_refused() -> None:
    with pytest.raises(PushError, match="under /root"):
        EmbeddedPostgres(Path("/root/.wiretable/pgdata"))


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://user:pw@db.example.com:5432/app",
        "postgres://user@host/db?sslmode=require",
        "postgresql://postgres:@/postgres?host=/tmp/x",
    ],
)
def test_postgres_urls_are_accepted_as_is(url: str) -> None:
    assert resolve_target(url, Settings()) == url


@pytest.mark.parametrize("target", ["mysql://u@h/db", "localhost:5432", "postgresql://", "", "supabase"])
def test_other_targets_are_refused(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUPABASE_DB_URL", raising=False)
    with pytest.raises(PushError, match="target"):
        resolve_target(target, Settings())


def test_embedded_target_lives_in_the_home_dir(embedded: EmbeddedPostgres) -> None:
    settings = Settings(home=embedded.pgdata.parent)
    assert resolve_target("embedded", settings) == embedded.target_url()
    assert resolve_target(None, settings) == embedded.target_url()
    assert resolve_target(None, Settings(target_url="postgres://u@h/d")) == "postgres://u@h/d"


def test_redact_url_hides_passwords() -> None:
    assert redact_url("postgresql://u:secret@h/db?password=x") == "postgresql://u:***@h/db?password=***"
    assert redact_url("postgresql://u:@/db?host=/tmp") == "postgresql://u:@/db?host=/tmp"


SCRIPT = """
import sys, time
from sql.embedded import EmbeddedPostgres, install_sigterm_handler
install_sigterm_handler()
server = EmbeddedPostgres(sys.argv[1])
print(server._server.get_pid(), flush=True)
time.sleep(60)
"""


def test_sigterm_stops_the_server_through_a_normal_exit() -> None:
    pgdata = Path(tempfile.mkdtemp(dir="/tmp", prefix="wiretable-sigterm-")) / "pgdata"
    child = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c", SCRIPT, str(pgdata)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        postmaster = int(child.stdout.readline())  # type: ignore[union-attr]
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=20) == 128 + signal.SIGTERM
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(postmaster):
            time.sleep(0.1)
        assert not _alive(postmaster)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()  # type: ignore[union-attr]
        shutil.rmtree(pgdata.parent, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
