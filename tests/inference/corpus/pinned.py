"""A file of a public repository at a pinned commit, read from its local git snapshot (see ``build_cases``)."""

from __future__ import annotations

import ast
import subprocess
from typing import Any


def show(mirrors: Any, source: tuple[str, str], path: str) -> str:
    """``path`` of ``source`` (``(owner/name, commit)``) from the snapshot under ``mirrors``."""
    git = mirrors / source[0].replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git), "show", f"{source[1]}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def literals(text: str) -> dict[str, Any]:
    """The module-level ``NAME = <literal>`` assignments of a Python file, read as data (never executed)."""
    out: dict[str, Any] = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return out
