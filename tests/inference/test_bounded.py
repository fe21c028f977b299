"""Memory stays bounded on large captures: rows are sampled past a cap, keys and rare shapes are not lost."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import pytest

from inference import drafts, entities, infer_schema
from inference.drafts import Draft, KeySet, Row
from kernel.exchange import Exchange
from tests.factories import make_exchange

N = 3000


def _traffic(consumed: list[int]) -> Iterator[Exchange]:
    """Pages of users and posts; one late user has a null email and one late post a fractional score."""
    for page in range(N // 30):
        users = [{"id": i, "name": f"user {i}", "email": None if i == N - 7 else f"u{i}@x.test"}
                 for i in range(page * 30 + 1, page * 30 + 31)]
        consumed.append(page)
        yield make_exchange(f"http://api.test/api/users?page={page}", {"data": users, "total": N})
        posts = [{"id": i, "userId": i, "title": f"post {i}", "score": 2.5 if i == N - 3 else i % 5}
                 for i in range(page * 30 + 1, page * 30 + 31)]
        yield make_exchange(f"http://api.test/api/posts?page={page}", posts)


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "MAX_ROWS", 200)
    monkeypatch.setattr(drafts, "MAX_KEYS", 500)
    monkeypatch.setattr(entities, "LOOKAHEAD_RECORDS", 100)


def test_sampled_inference_keeps_keys_types_nulls_and_relations(small_caps: None) -> None:
    schema = infer_schema(_traffic([]), name="big")
    tables = {t.name: t for t in schema.tables}
    users, posts = tables["users"], tables["posts"]
    assert users.primary_key == ["id"] and posts.primary_key == ["id"]
    assert {c.name: c.nullable for c in users.columns}["email"] is True
    assert {c.name: c.type for c in posts.columns}["score"] == "numeric"
    assert [(fk.columns, fk.ref_table) for fk in posts.foreign_keys] == [(["user_id"], "users")]
    assert users.evidence is not None and users.evidence.samples == N


def test_the_capture_is_consumed_as_a_stream(small_caps: None) -> None:
    consumed: list[int] = []
    collector = entities.Collector()
    stream = _traffic(consumed)
    collector.observe_all(islice(stream, 40))
    assert len(consumed) == 20  # nothing was read ahead of what was asked for
    collector.observe_all(stream)
    for draft in collector.drafts.values():
        assert len(draft.rows) <= drafts.MAX_ROWS + drafts.MAX_EXEMPLARS
        assert draft.seen == N


def test_sampling_is_deterministic(small_caps: None) -> None:
    first = infer_schema(_traffic([]), name="big").model_dump(mode="json")
    assert infer_schema(_traffic([]), name="big").model_dump(mode="json") == first


def test_below_the_cap_every_row_is_kept() -> None:
    draft = Draft(name="things", kind="entity")
    for i in range(100):
        draft.add_row(Row({"id": i}, "GET /things"))
    assert [r.values["id"] for r in draft.rows] == list(range(100))
    assert not draft.sampled and not draft.key_index


def test_key_set_past_its_cap_counts_integers_in_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "MAX_KEYS", 10)
    keys = KeySet()
    for i in range(1, 101):
        keys.add(str(i))
    assert keys.overflow and len(keys.values) == 10
    assert keys.hits({"5", "50", "99", "500", "abc"}) == 3


def test_key_set_holds_integers_and_their_texts_as_one_value() -> None:
    keys = KeySet()
    keys.add_ints([42, 7], 7, 42)
    keys.add_texts(["42", "007", "-3", "-0", "abc", "null", ""])
    keys.add("7")
    assert keys.values == {"42", "7", "007", "-3", "-0", "abc"} and len(keys) == 6
    assert (keys.low, keys.high) == (-3, 42)
    asked = {"42", "7", "007", "7.0", "0042", "-3", "zzz"}
    assert keys.held(asked) == asked & keys.values == {"42", "7", "007", "-3"}
    draft = Draft(name="t", kind="entity")
    draft.index_keys("id", [1, 2, 3])
    draft.rows.append(Row({"id": "x9"}, "GET /t"))
    draft.ref_values["id"] = {"r1"}
    asked = {"1", "3", "x9", "r1", "4", "", "01"}
    assert draft.key_hits(asked, "id") == len(asked & draft.key_values("id")) == 4


def test_bulk_indexing_equals_one_value_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "MAX_KEYS", 20)
    batches = [list(range(1, 31)), [5, 7, 90, 91], ["a", "null", "", "-12", "x7", "0031"], [None, 3.0, "b", 2**70]]
    bulk, single = Draft(name="t", kind="entity"), Draft(name="t", kind="entity")
    for values in batches:
        bulk.index_keys("id", values)
        for value in values:
            single.index_key("id", value)
    a, b = bulk.key_index["id"], single.key_index["id"]
    assert (a.values, a.overflow, a.low, a.high) == (b.values, b.overflow, b.low, b.high)
    assert a.overflow and a.low == -12 and a.high == 91


def test_past_the_cap_key_columns_count_every_distinct_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "MAX_ROWS", 200)
    monkeypatch.setattr(entities, "LOOKAHEAD_RECORDS", 100)
    schema = infer_schema(_traffic([]), name="big")
    users = next(t for t in schema.tables if t.name == "users")
    evidence = {c.name: c.evidence for c in users.columns}
    assert evidence["id"] is not None and evidence["id"].distinct == N
    assert users.evidence is not None and users.evidence.distinct == N and users.evidence.samples == N
