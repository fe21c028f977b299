"""Record the bundled demo app's API traffic as a deterministic Exchange JSONL golden input.

    .venv/bin/python -m tests.inference.make_demo_traffic

Starts the demo server in-process on a free port, requests every read route of its API with
httpx (each list page, each detail, each nested collection), and writes
``tests/inference/golden/demo.jsonl`` plus a copy of ``demo/truth.json`` as ``demo.truth.json``.
Ids, timestamps and the port are fixed in the output (the host is written as ``demo.local``) so the
file is byte-identical from run to run. Write routes are left out: what they create depends on
the clock.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

import demo
from demo.server import make_server
from kernel.exchange import Exchange, Request, Response

GOLDEN = Path(__file__).resolve().parent / "golden"
HOST = "http://demo.local"
_STARTED = datetime(2026, 1, 1, tzinfo=UTC)


def _paths(client: httpx.Client) -> Iterator[str]:
    """Every read route, discovered by following the API's own lists and pages."""
    page = 1
    books: list[dict[str, Any]] = []
    while True:
        yield f"/api/books?page={page}"
        body = client.get(f"/api/books?page={page}").json()
        books += body["data"]
        if page * body["per_page"] >= body["total"]:
            break
        page += 1
    for book in books:
        yield f"/api/books/{book['slug']}"
        yield f"/api/books/{book['slug']}/reviews"
    for resource, key in (("authors", "id"), ("publishers", "id"), ("genres", "slug"), ("customers", "id")):
        yield f"/api/{resource}"
        for record in client.get(f"/api/{resource}").json():
            yield f"/api/{resource}/{record[key]}"
            if resource == "customers":
                yield f"/api/customers/{record[key]}/orders"
    url: str | None = "/api/orders?page=1"
    while url:
        yield url
        body = client.get(url).json()
        for order in body["results"]:
            yield f"/api/orders/{order['id']}"
        url = body["next"]


def record(client: httpx.Client) -> list[Exchange]:
    exchanges = []
    for index, path in enumerate(_paths(client)):
        response = client.get(path)
        content_type = response.headers.get("content-type")
        exchanges.append(Exchange(
            id=f"demo-{index + 1}",
            started_at=_STARTED,
            source="proxy",
            page_url=f"{HOST}/",
            request=Request(method="GET", url=HOST + path, headers={"Accept": "application/json"}),
            response=Response(status=response.status_code, headers={"Content-Type": content_type or ""},
                              content_type=content_type, body=response.json()),
        ))
    return exchanges


def main() -> None:
    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        with httpx.Client(base_url=f"http://{host}:{port}", timeout=10) as client:
            exchanges = record(client)
    finally:
        server.shutdown()
        server.server_close()
    GOLDEN.mkdir(exist_ok=True)
    out = GOLDEN / "demo.jsonl"
    out.write_text("".join(e.to_json_line() + "\n" for e in exchanges), encoding="utf-8")
    shutil.copyfile(Path(demo.__file__).resolve().parent / "truth.json", GOLDEN / "demo.truth.json")
    print(f"{out}: {len(exchanges)} exchanges, {out.stat().st_size / 1e6:.2f} MB")
    json.loads((GOLDEN / "demo.truth.json").read_text())


if __name__ == "__main__":
    main()
