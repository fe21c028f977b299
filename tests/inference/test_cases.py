"""The synthetic convention cases (``tests/inference/cases``): the golden copies are what the
generators write, and inference reaches the recorded figures on each.

Regenerate the captures and truths with ``.venv/bin/python -m tests.inference.cases``.
"""

from __future__ import annotations

import json

import pytest

from capture.har import iter_traffic
from inference import infer_schema
from inference.scoring import score
from tests.inference.cases.__main__ import CASES, GOLDEN

#: Figures reached on each case; a change that lowers one is a regression.
REACHED = {
    "jsonapi": {"tables_f1": 1.0, "cols_f1": 1.0, "type_acc": 1.0, "null_acc": 1.0, "pk_acc": 1.0, "fk_f1": 1.0},
    # products.metadata is always {}: inferred as an all-null column, absent from the truth.
    "stripe-like": {"tables_f1": 1.0, "cols_f1": 0.987, "type_acc": 1.0, "null_acc": 1.0, "pk_acc": 1.0,
                    "fk_f1": 1.0},
    "hal-cursor": {"tables_f1": 1.0, "cols_f1": 1.0, "type_acc": 1.0, "null_acc": 1.0, "pk_acc": 1.0, "fk_f1": 1.0},
    "github-like": {"tables_f1": 1.0, "cols_f1": 1.0, "type_acc": 1.0, "null_acc": 1.0, "pk_acc": 1.0, "fk_f1": 1.0},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_copy_is_what_the_generator_writes(name: str) -> None:
    module = CASES[name]
    assert json.loads((GOLDEN / f"{name}.har").read_text(encoding="utf-8")) == module.build_har()
    assert json.loads((GOLDEN / f"{name}.truth.json").read_text(encoding="utf-8")) == {"tables": module.TRUTH}


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_reaches_recorded_figures(name: str) -> None:
    schema = infer_schema(iter_traffic(GOLDEN / f"{name}.har"), name=name)
    truth = json.loads((GOLDEN / f"{name}.truth.json").read_text(encoding="utf-8"))
    figures = score(truth, schema.model_dump(mode="json"))
    for metric, floor in REACHED[name].items():
        assert figures[metric] >= floor, (metric, figures)
