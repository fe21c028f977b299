"""Random API traffic: a few exchanges of JSON made of the edge values of every type (integers beyond
64 bits, negative zero, the largest and smallest floats, NUL characters, empty and very long names,
card numbers, URLs, sentinels) at random places, under random addresses, methods and statuses.
Seeded, so each set is the same on every run."""

from __future__ import annotations

import random
from typing import Any

from kernel.exchange import Exchange
from tests.factories import make_exchange

_KEYS = ["id", "userId", "user_id", "UserID", "name", "created_at", "updated_ms", "url", "type", "data", "items",
         "parent", "tags", "", " ", "名前", "k" * 70, "a\x00b", "$ref", "_id", "email", "token", "count", "next"]
_SCALARS: list[Any] = [None, True, False, 0, -1, 7, 2**63, -(2**63) - 1, 10**30, 1.5, -0.0, 1e308, 5e-324, "", "x",
                       "2026-01-01T00:00:00Z", "1700000000000", "550e8400-e29b-41d4-a716-446655440000", "a\x00b",
                       "N/A", "https://app.test/api/users/3", "/users/3", "4111111111111111", "名"]
_PATHS = ["items", "users", "users/{}", "orders/{}/lines", "me", "search", "名前", "a" * 70, "rpc"]


def _value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth >= 4 or roll < 0.55:
        return rng.choice(_SCALARS) if rng.random() < 0.7 else rng.randint(-5, 40)
    if roll < 0.75:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(_KEYS): _value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def random_traffic(seed: int) -> list[Exchange]:
    """A few exchanges of random JSON: records of random keys and values (the edge values of each
    type), lists of them, wrappers, scalars, at random addresses, methods and statuses."""
    rng = random.Random(seed)
    exchanges = []
    for _ in range(rng.randint(1, 6)):
        records = [{rng.choice(_KEYS): _value(rng, 1) for _ in range(rng.randint(1, 6))} for _ in range(rng.randint(0, 5))]
        shape = rng.random()
        body: Any = records if shape < 0.4 else {rng.choice(_KEYS): records, rng.choice(_KEYS): _value(rng, 2)} \
            if shape < 0.8 else records[0] if records else _value(rng, 0)
        path = rng.choice(_PATHS).replace("{}", str(rng.randint(1, 4)))
        method = rng.choice(["GET", "GET", "GET", "POST", "PATCH", "DELETE"])
        exchanges.append(make_exchange(f"https://app.test/api/{path}", body, method=method,
                                       status=rng.choice([200, 200, 201, 404]),
                                       request_body=_value(rng, 1) if method in ("POST", "PATCH") else None))
    return exchanges
