"""The generated API's interactive docs work offline: ``/docs`` references only files that the
same server serves (Swagger UI from the swagger-ui-bundle-v2 package), mounted or not, and a
headless Chromium that may reach nothing but 127.0.0.1 renders every operation from them.

The API needs no database for its docs, so these tests give it a connection URL it never opens."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.routing import Mount

from restapi.app import create_app
from sql.exports.openapi import openapi_document
from tests.restapi.conftest import demo, serve_in_thread

NO_DATABASE = "postgresql://nobody@127.0.0.1:1/none"


class _Links(HTMLParser):
    """Every URL a page loads: script sources, stylesheets and icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (tag, name) in {("script", "src"), ("link", "href"), ("img", "src")}:
                self.urls.append(value)


def _loaded_urls(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.urls


@pytest.mark.parametrize("prefix", ["", "/rest/job42"], ids=["alone", "mounted"])
def test_docs_load_only_files_the_api_serves(prefix: str) -> None:
    api = create_app(demo(), NO_DATABASE)
    app = Starlette(routes=[Mount(prefix, app=api)]) if prefix else api
    with TestClient(app) as client:
        page = client.get(f"{prefix}/docs")
        assert page.status_code == 200
        assert not re.search(r"(https?:)?//[\w.-]+\.[a-z]{2,}", page.text), "an external URL in /docs"
        urls = _loaded_urls(page.text)
        assert f"{prefix}/openapi.json" in page.text
        assert {u.rsplit("/", 1)[1] for u in urls} == {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}
        kinds = {}
        for url in urls:
            assert url.startswith(f"{prefix}/docs/"), url
            answer = client.get(url)
            assert answer.status_code == 200, url
            kinds[url.rsplit(".", 1)[1]] = answer
        assert kinds["js"].headers["content-type"].startswith("text/javascript")
        assert len(kinds["js"].content) > 500_000 and b"SwaggerUIBundle" in kinds["js"].content
        assert kinds["css"].headers["content-type"].startswith("text/css") and b".swagger-ui" in kinds["css"].content
        assert kinds["png"].content.startswith(b"\x89PNG")
        assert client.get(f"{prefix}/docs/index.html").status_code == 404
        assert client.get(f"{prefix}/docs/..%2Fpyproject.toml").status_code == 404
        assert client.get(f"{prefix}/openapi.json").json() == openapi_document(demo())


@pytest.mark.e2e
def test_swagger_ui_renders_every_operation_with_no_internet(artifacts_dir: Path) -> None:
    from playwright.sync_api import Route, sync_playwright

    from kernel.settings import Settings

    schema = demo()
    document = openapi_document(schema)
    operations = sum(len([m for m in item if m != "parameters"]) for item in document["paths"].values())
    url, server, thread = serve_in_thread(create_app(schema, NO_DATABASE))
    chromium = Settings().chromium
    assert chromium, "chromium is not installed (make setup installs it)"
    refused: list[str] = []
    errors: list[str] = []

    def only_loopback(route: Route) -> None:
        if route.request.url.startswith(url + "/"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                         "--disable-dev-shm-usage"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", only_loopback)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url + "/docs")
            page.wait_for_selector(".opblock", timeout=60_000)
            page.wait_for_function(f"document.querySelectorAll('.opblock').length >= {operations}", timeout=60_000)
            shown = page.locator(".opblock").count()
            title = page.locator(".info .title").inner_text()
            page.screenshot(path=str(artifacts_dir / "api-docs-offline.png"))
            browser.close()
    finally:
        server.should_exit = True  # type: ignore[attr-defined]
        thread.join(10)
    assert not refused and not errors, (refused, errors)
    assert shown == operations
    assert schema.name in title
