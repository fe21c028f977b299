"""The evaluation set: read each dev HAR, infer, and score against its ground truth.

Run ``.venv/bin/pytest tests/inference/test_eval.py -q -s`` to print the per-case figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capture.har import iter_har_exchanges
from inference import infer_schema
from inference.scoring import score

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"
CASES = sorted(p.name.removesuffix(".har") for p in DEV.glob("*.har"))
THRESHOLDS = {"tables_f1": 0.95, "cols_f1": 0.95, "type_acc": 0.95, "pk_acc": 0.95, "fk_f1": 0.90,
              "null_acc": 0.95}


@pytest.mark.skipif(not CASES, reason="evaluation set not present")
@pytest.mark.parametrize("case", CASES)
def test_dev_case(case: str) -> None:
    schema = infer_schema(iter_har_exchanges(DEV / f"{case}.har"), name=case)
    truth = json.loads((DEV / f"{case}.truth.json").read_text())
    figures = score(truth, schema.model_dump(mode="json"))
    print(f"\n{case}: " + " ".join(f"{k}={figures[k]:.3f}" for k in THRESHOLDS))
    for metric, floor in THRESHOLDS.items():
        assert figures[metric] >= floor, (metric, figures)
    assert all(t.evidence is not None for t in schema.tables)
    assert all(c.evidence is not None for t in schema.tables for c in t.columns)
    assert all(fk.evidence is not None for t in schema.tables for fk in t.foreign_keys)
