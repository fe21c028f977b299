"""Shared plumbing for the app targets: folders, free ports, processes and readiness."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
HERE_APPS = Path(__file__).resolve().parent
APPS_DIR = Path(os.environ.get("WIRETABLE_APPS_DIR", ROOT / ".apps"))
PIP_FLAGS = ("--quiet", "--disable-pip-version-check")


def app_dir(name: str) -> Path:
    path = APPS_DIR / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def venv(name: str, requirements: Sequence[str]) -> Path:
    """A virtual environment of its own for one app, with ``requirements`` installed (idempotent)."""
    home = app_dir(name)
    env = home / "venv"
    stamp = env / ".installed"
    wanted = "\n".join(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return env
    if not (env / "bin" / "pip").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(env)], check=True)
    subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", *PIP_FLAGS, *requirements], check=True)
    stamp.write_text(wanted)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], timeout: float, what: str, process: subprocess.Popen[bytes] | None = None,
               log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if check():
                return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not become ready within {timeout:.0f} s")


def answers(url: str) -> bool:
    return httpx.get(url, timeout=2.0, trust_env=False).status_code < 500


@dataclass
class Running:
    """One started app: its base URL and process; ``stop()`` ends the whole process group."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    home: Path
    notes: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def spawn(cmd: Sequence[str], home: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], Path]:
    log = home / "server.log"
    handle = log.open("wb")
    process = subprocess.Popen(
        list(cmd), cwd=home, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    return process, log


def run_in(env: Path, script: Path, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 600) -> None:
    """Run a seeding script with the app's own Python (its library); its output goes to
    ``seed.log`` beside the app's environment, and a failure raises with the log's tail."""
    log = env.parent / "seed.log"
    with log.open("wb") as handle:
        done = subprocess.run([str(env / "bin" / "python"), str(script), *args], timeout=timeout,
                              stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(extra_env or {})})
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"seeding with {script.name} failed ({done.returncode}):\n{tail}")
