"""The counting shortcuts of inference (null counts, distinct key texts, the common id key of
array elements) agree with their plain definitions on every kind of column."""

from __future__ import annotations

import random
from typing import Any

import pytest

from inference.build import _distinct_count, _missing_count
from inference.drafts import key_text
from inference.naming import singular, snake
from inference.relations import _common_id_key
from inference.types import distinct_values, is_missing

_POOL: list[Any] = [None, "", " ", " null ", "NULL", "null", "None", "none", "n/a", "N/A", "NaN", "nil", "\tundefined",
                    "x", "y", "42", 42, 7, -3, 2**70, 1.0, 42.0, -0.0, 0.0, 1e300, 2.5, float("nan"), float("inf"), True, False, [1], [], {"a": 1}, {}]


def _columns(seed: int) -> list[list[Any]]:
    rng = random.Random(seed)
    columns = []
    for _ in range(3000):
        column = [rng.choice(_POOL) for _ in range(rng.randint(0, 12))]
        keep = rng.random()
        if keep < 0.3:
            column = [v for v in column if v is None or isinstance(v, str)]
        elif keep < 0.5:
            column = [v for v in column if v is None or type(v) is int]
        elif keep < 0.7:
            column = [v for v in column if v is None or type(v) is float]
        columns.append(column)
    return columns


@pytest.mark.parametrize("seed", range(3))
def test_missing_count_is_the_number_of_missing_values(seed: int) -> None:
    for column in _columns(seed):
        assert _missing_count(column) == sum(1 for v in column if is_missing(v)), column


@pytest.mark.parametrize("seed", range(3))
def test_distinct_count_is_the_number_of_key_texts(seed: int) -> None:
    for column in _columns(seed):
        uniq = list(distinct_values(column))
        plain = len({key_text(v) if not isinstance(v, dict | list) else repr(v) for v in uniq if not is_missing(v)})
        assert _distinct_count(uniq) == plain, uniq


def _plain_common_id_key(objs: list[dict[str, Any]], field: str) -> str | None:
    for candidate in ("id", "uuid", "guid", "_id", f"{singular(field)}_id"):
        hits = [o for o in objs if any(snake(k) == candidate for k in o)]
        if hits and len(hits) >= 0.9 * len(objs):
            return next(k for k in hits[0] if snake(k) == candidate)
    return None


@pytest.mark.parametrize("seed", range(3))
def test_common_id_key_is_the_key_most_objects_share(seed: int) -> None:
    rng = random.Random(seed)
    keys = ["id", "ID", "Id", "uuid", "UUID", "_id", "guid", "tagId", "tag_id", "name", "qty"]
    for _ in range(2000):
        objs = [{k: 1 for k in rng.sample(keys, rng.randint(0, 4))} for _ in range(rng.randint(1, 15))]
        if rng.random() < 0.5:  # mostly one shape, as in real arrays
            objs = [dict(objs[0]) for _ in objs[:-1]] + objs[-1:]
        assert _common_id_key(objs, "tags") == _plain_common_id_key(objs, "tags"), objs
