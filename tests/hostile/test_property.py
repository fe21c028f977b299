"""Property: for any JSON traffic, the schema that inference writes validates, pushes to a real
Postgres, and re-pushes as a no-op (and its sample rows load)."""

from __future__ import annotations

import string

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from inference import infer_schema
from jobs.sample_records import sample_records
from kernel.errors import InferenceError
from sql.apply import push
from sql.validate import validate_schema
from tests.factories import make_exchange
from tests.hostile.check import reset_target

_KEY_CHARS = string.ascii_letters + string.digits + "_-. $名שé🔥\x00"
keys = st.one_of(st.sampled_from(["id", "userId", "user_id", "UserID", "ctid", "xmin", "name", "created_at",
                                  "wiretable_migrations", "k" * 70]),
                 st.text(_KEY_CHARS, min_size=0, max_size=12))
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
                    st.sampled_from(["2026-01-01T00:00:00Z", "550e8400-e29b-41d4-a716-446655440000", "a\x00b"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(keys, inner, max_size=4)), max_leaves=8)
records = st.lists(st.dictionaries(keys, values, min_size=1, max_size=6), min_size=1, max_size=6)
paths = st.sampled_from(["items", "users", "orders/{}/lines", "wiretable_migrations", "名前", "a" * 70])
traffic = st.lists(st.tuples(paths, st.integers(1, 3), st.one_of(records, st.dictionaries(keys, records, max_size=2))),
                   min_size=1, max_size=3)


@pytest.fixture(scope="module")
def property_target(pg_server: str) -> str:
    from tests.conftest import database_url

    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS hostile_property")
        conn.execute("CREATE DATABASE hostile_property")
        conn.execute("ALTER DATABASE hostile_property SET synchronous_commit = off")
    return database_url(pg_server, "hostile_property")


@settings(max_examples=40, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(traffic)
def test_infer_validate_push_repush(property_target: str, sample: list[tuple[str, int, object]]) -> None:
    exchanges = [make_exchange(f"https://app.test/api/{path.replace('{}', str(n))}", body)
                 for path, n, body in sample]
    try:
        schema = infer_schema(exchanges, name="prop")
    except InferenceError:
        return  # no API records at all: a clear error, which is allowed
    errors = [p.message for p in validate_schema(schema) if p.level == "error"]
    assert errors == []
    if not schema.tables:
        return
    reset_target(property_target)
    push(schema, property_target, records=sample_records(exchanges, schema).records)
    assert push(schema, property_target).no_op
