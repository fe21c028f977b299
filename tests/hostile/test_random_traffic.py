"""Random traffic (``tests/hostile/random_traffic.py``) ends in a schema that serializes, or in a
clear error: never an exception of another kind."""

from __future__ import annotations

import pytest

from inference import infer_schema
from kernel.errors import WiretableError
from tests.hostile.random_traffic import random_traffic

SETS = 1500


@pytest.mark.parametrize("start", range(0, SETS, 250))
def test_random_traffic_ends_in_a_schema_or_a_clear_error(start: int) -> None:
    schemas = errors = 0
    for seed in range(start, start + 250):
        try:
            schema = infer_schema(random_traffic(seed), name="random")
        except WiretableError:
            errors += 1
            continue
        schema.model_dump_json()
        schemas += 1
    assert schemas > errors  # most sets hold records
