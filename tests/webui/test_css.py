"""The web UI's compiled CSS (webui/static/app.css) is what Tailwind builds from the UI's sources
now: a class added to the UI without `make css` would have no style, since no page compiles
Tailwind in the browser."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TAILWIND = ROOT / "node_modules" / ".bin" / "tailwindcss"


@pytest.mark.skipif(not TAILWIND.exists(), reason="the CSS build tools are not installed (make setup)")
def test_compiled_css_is_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "app.css"
    subprocess.run([str(TAILWIND), "-i", str(ROOT / "webui/static/app.in.css"), "-o", str(out), "--minify"],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert out.read_text() == (ROOT / "webui/static/app.css").read_text(), "run `make css`"


def test_pages_do_not_compile_tailwind_in_the_browser() -> None:
    from webui.app import RUN_OPTIONS

    assert RUN_OPTIONS["tailwind"] is False
    assert RUN_OPTIONS["reconnect_timeout"] >= 30
    css = (ROOT / "webui/static/app.css").read_text()
    assert ".bg-slate-800" in css and ".wt-er-box" in css
