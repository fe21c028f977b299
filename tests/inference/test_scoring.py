"""inference.scoring agrees exactly with the evaluation set's own scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inference.scoring import score
from tests.factories import make_schema
from tests.inference.regen_golden import GOLDEN

SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"
TRUTHS = sorted(GOLDEN.glob("*.truth.json"))


@pytest.mark.skipif(not SCORER.exists(), reason="the reference scorer (../shared/eval/score.py) is not present")
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json"))
def test_matches_reference_scorer(truth: Path, tmp_path: Path) -> None:
    inferred = make_schema().model_dump(mode="json")
    truth_doc = json.loads(truth.read_text())
    # A partially right guess exercises every metric: drop a table, rename, keep the rest.
    guess = {"tables": truth_doc["tables"][1:] + inferred["tables"]}
    for doc in (guess, inferred, truth_doc):
        path = tmp_path / "inferred.json"
        path.write_text(json.dumps(doc))
        out = subprocess.run([sys.executable, str(SCORER), str(truth), str(path), "--json"],
                             capture_output=True, text=True, check=True)
        assert score(truth_doc, doc) == json.loads(out.stdout)
