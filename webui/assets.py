"""Where the web UI's static files are served: the compiled CSS and two small scripts.

They hold no data, so they are served without sign-in (``webui.auth.middleware``): the login
page uses the same stylesheet as every other page.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/wiretable-static"
FILES = ("app.css", "diagram.js", "page.js")


def static_url(name: str) -> str:
    """The URL of a static file, with a version that changes when the files change (no stale cache)."""
    version = int(max((STATIC_DIR / f).stat().st_mtime for f in FILES))
    return f"{STATIC_PREFIX}/{name}?v={version}"
