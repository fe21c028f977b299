"""A file of a public repository at a pinned commit, read from its local git snapshot (see ``build_cases``)."""

from __future__ import annotations

import subprocess
from typing import Any


def show(mirrors: Any, source: tuple[str, str], path: str) -> str:
    """``path`` of ``source`` (``(owner/name, commit)``) from the snapshot under ``mirrors``."""
    git = mirrors / source[0].replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git), "show", f"{source[1]}:{path}"], check=True,
                          capture_output=True, text=True).stdout
