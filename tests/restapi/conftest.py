"""The generated API over the demo schema, loaded with the demo's captured records, on the
session's embedded Postgres (one database for the module)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jobs.sample_records import sample_records
from kernel.exchange import read_exchanges
from kernel.schema import Schema, load_schema
from restapi.app import create_app
from sql.apply import push
from sql.embedded import EmbeddedPostgres

GOLDEN = Path(__file__).resolve().parents[1] / "inference" / "golden"


def demo() -> Schema:
    return load_schema(GOLDEN / "demo.schema.json")


@pytest.fixture(scope="module")
def demo_db(embedded_pg: EmbeddedPostgres) -> Iterator[str]:
    name = f"api_{uuid.uuid4().hex[:10]}"
    url = embedded_pg.ensure_database(name)
    schema = demo()
    push(schema, url, records=sample_records(read_exchanges(GOLDEN / "demo.jsonl"), schema).records)
    yield url
    embedded_pg.drop_database(name)


@pytest.fixture(scope="module")
def client(demo_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(demo(), demo_db), raise_server_exceptions=True) as c:
        yield c


def serve_in_thread(app: object) -> tuple[str, object, threading.Thread]:
    """Run ``app`` with uvicorn on a free port of 127.0.0.1 in a thread; returns its base URL."""
    import socket

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API server did not start")
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", server, thread


@pytest.fixture(scope="module")
def api_url(demo_db: str) -> Iterator[str]:
    url, server, thread = serve_in_thread(create_app(demo(), demo_db))
    yield url
    server.should_exit = True  # type: ignore[attr-defined]
    thread.join(10)


@pytest.fixture(scope="module")
def api_schema(api_url: str) -> object:
    import schemathesis

    schema = schemathesis.openapi.from_url(api_url + "/openapi.json")
    # Postgres text holds UTF-8 without NUL bytes: such strings are refused (400), rightly.
    schema.config.generation.update(allow_x00=False, codec="utf-8")
    return schema
