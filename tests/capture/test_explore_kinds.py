"""Which kinds of pages the explorer visits first, in real headless Chromium through a real mitmdump against a small
app on 127.0.0.1: the pages below a section of settings (``/settings/tokens``, a profile's blocked users) list data,
so they come before forms, though the section itself (``/settings``) is one; and of the forms, a section of settings
(the user's own records) comes before the forms that make or edit a record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.capture.local_pages import explore_through_proxy, serve_local

_PAGE = """<!doctype html><html><head><title>{title}</title></head><body><main id="app">loading</main>
<script>
fetch({api!r}).then(r => r.json()).then(data => {{
  const links = {links};
  const app = document.getElementById('app');
  app.textContent = '';
  for (const [href, text] of links(data)) {{
    const a = document.createElement('a'); a.href = href; a.textContent = text; app.appendChild(a);
  }}
}});
</script></body></html>"""


@dataclass
class SectionsApp:
    url: str = ""
    hits: list[str] = field(default_factory=list)


def _handler(app: SectionsApp) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, body: str, kind: str) -> None:
            data = body.encode()
            self.send_response(200)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _page(self, title: str, api: str, links: str) -> None:
            self._send(_PAGE.format(title=title, api=api, links=links), "text/html")

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.path.partition("?")[0]
            app.hits.append(path)
            if path == "/start":
                self._page("Start", "/api/me", "() => [['/board', 'Board'], ['/settings', 'Settings'], "
                           "['/projects/new', 'New project'], ['/items/new', 'New item'], ['/notes/add', 'Add']]")
            elif path == "/begin":
                self._page("Begin", "/api/me", "() => [['/board', 'Board'], ['/projects/new', 'New project'], "
                           "['/items/new', 'New item'], ['/account', 'Account']]")
            elif path == "/account":
                self._page("Account", "/api/account", "() => []")
            elif path == "/settings":
                self._page("Settings", "/api/me", "() => [['/settings/tokens', 'Tokens']]")
            elif path in ("/board", "/projects/new", "/items/new", "/notes/add", "/settings/tokens"):
                self._page("Page", "/api" + path.replace("/new", "/defaults").replace("/add", "/defaults"), "() => []")
            elif path == "/api/me":
                self._send(json.dumps({"me": {"id": 1, "username": "ana_k"}}), "application/json")
            elif path in ("/api/board", "/api/settings/tokens", "/api/account") or path.endswith("/defaults"):
                self._send(json.dumps({"items": [{"id": 1, "label": "x"}]}), "application/json")
            else:
                self.send_error(404)

    return Handler


@pytest.fixture
def sections() -> Iterator[SectionsApp]:
    state = SectionsApp()
    with serve_local(state, _handler(state)) as served:
        yield served


def test_the_pages_below_a_section_of_settings_come_before_forms(sections: SectionsApp, tmp_path: Path) -> None:
    # four pages: the start, its data page, the section of settings (a form), then the list below it
    result = explore_through_proxy(f"{sections.url}/start", tmp_path, saturation_seconds=5, max_pages=4)
    assert "GET /api/settings/tokens" in result.api_templates, (result.api_templates, result.pages_visited)
    assert not any(page.endswith("/new") for page in result.pages_visited), result.pages_visited


def test_a_section_of_settings_comes_before_the_forms_that_make_records(sections: SectionsApp, tmp_path: Path) -> None:
    # three pages: the start, its data page, then the account (found after two forms), not a form to make a record
    result = explore_through_proxy(f"{sections.url}/begin", tmp_path, saturation_seconds=5, max_pages=3)
    assert "GET /api/account" in result.api_templates, (result.api_templates, result.pages_visited)
    assert not any(page.endswith("/new") for page in result.pages_visited), result.pages_visited
