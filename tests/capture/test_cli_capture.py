"""`wiretable capture`: credential options, and --manual driven by a client through the proxy."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kernel.exchange import read_exchanges
from kernel.settings import Settings
from tests.capture.conftest import DemoApp

ROOT = Path(__file__).resolve().parents[2]
WIRETABLE = [sys.executable, "-m", "wiretable.cli"]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WIRETABLE, *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "WIRETABLE_HOME": str(cwd / "home")})


@pytest.mark.parametrize(("args", "message"), [
    (["--header", "no-colon-here"], "error: a header must look like 'Name: value'"),
    (["--storage-state", "missing.json"], "error: cannot read the storage state missing.json"),
])
def test_bad_credentials_exit_1_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = _run("capture", "http://127.0.0.1:1/", *args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(message), result.stderr


def test_capture_without_url_or_manual_is_explained(tmp_path: Path) -> None:
    result = _run("capture", cwd=tmp_path)
    assert result.returncode == 1 and "--manual" in result.stderr


def test_manual_capture_records_until_interrupted(tmp_path: Path, demo_app: DemoApp) -> None:
    if not Path(Settings().mitmdump).exists():
        pytest.skip("mitmdump is not installed")
    out = tmp_path / "manual.jsonl"
    process = subprocess.Popen([*WIRETABLE, "capture", "--manual", "-o", str(out)], cwd=tmp_path, text=True,
                               stderr=subprocess.PIPE, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                                            "WIRETABLE_HOME": str(tmp_path / "home")})
    try:
        assert process.stderr is not None
        address = None
        deadline = time.monotonic() + 30
        while address is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            match = re.match(r"proxy listening on (\S+)", line)
            address = match.group(1) if match else None
        assert address, "the proxy address was never printed"
        with httpx.Client(proxy=f"http://{address}", trust_env=False, timeout=10) as client:
            assert client.get(demo_app.url + "api/users").status_code == 200
            assert client.get(demo_app.url + "api/stats").status_code == 200
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, rest
    assert "manual capture stopped: 2 requests captured" in rest
    assert [x.request.url.rsplit("/", 1)[1] for x in read_exchanges(out)] == ["users", "stats"]
