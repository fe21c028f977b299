"""The evaluation cases: infer from each golden capture and score it against its ground truth.

The captures and truths are in-project copies (``golden/``, sources in ``golden/SOURCES.md``).
Run ``.venv/bin/pytest tests/inference/test_eval.py -q -s`` to print the per-case figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capture.har import iter_traffic
from inference import infer_schema
from inference.scoring import score
from tests.inference.regen_golden import GOLDEN, cases

CASES = [c for c in cases() if (GOLDEN / f"{c.stem}.truth.json").exists()]
THRESHOLDS = {"tables_f1": 0.95, "cols_f1": 0.95, "type_acc": 0.95, "pk_acc": 0.95, "fk_f1": 0.90,
              "null_acc": 0.95}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_eval_case(case: Path) -> None:
    schema = infer_schema(iter_traffic(case), name=case.stem)
    truth = json.loads((GOLDEN / f"{case.stem}.truth.json").read_text())
    figures = score(truth, schema.model_dump(mode="json"))
    print(f"\n{case.stem}: " + " ".join(f"{k}={figures[k]:.3f}" for k in THRESHOLDS))
    for metric, floor in THRESHOLDS.items():
        assert figures[metric] >= floor, (metric, figures)
    assert all(t.evidence is not None for t in schema.tables)
    assert all(c.evidence is not None for t in schema.tables for c in t.columns)
    assert all(fk.evidence is not None for t in schema.tables for fk in t.foreign_keys)


def test_every_case_has_a_truth() -> None:
    assert {c.stem for c in CASES} >= {"demo", "dummyjson", "jsonplaceholder", "northwind", "petstore"}
