"""``wiretable api``: a real process serving the demo tables; a clear error when they are missing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from jobs.verbs.api import api_app
from kernel.errors import PushError
from tests.restapi.conftest import GOLDEN, demo

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_wiretable_api_serves_the_pushed_tables(demo_db: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "WIRETABLE_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([WIRETABLE, "api", str(GOLDEN / "demo.schema.json"), "--target", demo_db,
                             "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(base + "/books", params={"limit": 3, "expand": "author"}, timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "wiretable api did not start"
                time.sleep(0.2)
        assert answer.status_code == 200
        page = answer.json()
        assert len(page["data"]) == 3 and page["data"][0]["author"]["id"] == page["data"][0]["author_id"]
        assert httpx.get(base + "/openapi.json").json()["openapi"] == "3.1.0"
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_unpushed_schema_is_a_clear_error(target_db_url: str) -> None:
    with pytest.raises(PushError, match="push the schema first"):
        api_app(demo(), target_db_url)
