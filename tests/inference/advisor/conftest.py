"""A small capture with a relation hidden behind an odd name, and secrets the summary must drop."""

from __future__ import annotations

import pytest

from inference import infer_schema
from inference.advisor import Samples, collect_samples
from kernel.exchange import Exchange
from kernel.schema import Schema
from tests.factories import make_exchange
from tests.llm_server import llm_server_fixture  # noqa: F401 - a fixture

#: Values that must never reach a model, whatever the settings.
SECRETS = ["sekrit-bearer-0001", "sekrit-cookie-0002", "sekrit-query-0003", "sekrit-pw-0004",
           "sekrit-token-0005", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "alice@example.com",
           "+1 415 555 0100"]
#: Ordinary sample values: sent only when the user allows it.
SAMPLE_VALUES = ["Quixotic zebra handbook", "Marmalade theorem"]


def _secret_exchange(url: str, body: object) -> Exchange:
    exchange = make_exchange(url, body)
    exchange.request.headers = {"Authorization": "Bearer sekrit-bearer-0001", "Cookie": "session=sekrit-cookie-0002"}
    return exchange


def blog_exchanges() -> list[Exchange]:
    users = [{"id": i, "email": "alice@example.com" if i == 1 else f"u{i}@example.org",
              "phone": "+1 415 555 0100", "api_token": "sekrit-token-0005", "handle": f"user{i}",
              "session_ref": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"} for i in range(1, 6)]
    posts = [{"id": i, "userId": 1 + i % 5, "title": t, "score": s, "status": st,
              "createdAt": f"2026-01-0{i}T10:00:00Z"}
             for i, t, s, st in [(1, "Quixotic zebra handbook", "12.5", "draft"), (2, "Marmalade theorem", "7", "published"),
                                 (3, "On ferns", "3.25", "published")]]
    comments = [{"id": 100 + i, "postId": 1 + i % 3, "writer": 1 + i % 5, "text": f"comment {i}"} for i in range(10)]
    out = [
        _secret_exchange("http://127.0.0.1:8081/api/users?access_token=sekrit-query-0003", users),
        _secret_exchange("http://127.0.0.1:8081/api/posts", posts),
        _secret_exchange("http://127.0.0.1:8081/api/comments", comments),
        make_exchange("http://127.0.0.1:8081/api/login", {"ok": True, "user": "alice"}, method="POST",
                      request_body={"user": "alice", "password": "sekrit-pw-0004"}),
    ]
    return out


@pytest.fixture
def blog() -> tuple[Schema, Samples]:
    exchanges = blog_exchanges()
    return infer_schema(exchanges, name="blog"), collect_samples(exchanges)
