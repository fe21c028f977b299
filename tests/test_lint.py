"""The code base stays ruff- and mypy-clean, keeps its import contracts and short modules: all run in the suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGES = ["kernel", "wiretable", "capture", "inference", "sql", "restapi", "jobs", "webui", "demo"]


def test_ruff_is_clean() -> None:
    result = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([str(BIN / "mypy"), *PACKAGES], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_mypy_strict_is_clean_on_the_kernel_inference_and_jobs() -> None:
    result = subprocess.run([str(BIN / "mypy"), "--strict", "kernel", "inference", "jobs"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_import_contracts_hold() -> None:
    """The layers, the thin CLI and UI, the lone demo and acyclic packages (pyproject.toml)."""
    result = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


MAX_LINES = 500


def test_no_module_is_longer_than_500_lines() -> None:
    long = {str(path.relative_to(ROOT)): n for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"
