"""End to end on the corpus: every case (public API recordings and real apps captured by the explorer)
is inferred from its traffic and scored against its truth; no figure may fall below its floor.

The floors are the figures measured when the last inference rule landed (``corpus/floors.json``,
rounded down). Raise them when a change improves a case; a change that lowers one is a regression.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobs.evaluating import evaluate_case, find_cases

CORPUS = Path(__file__).resolve().parent / "corpus"
FLOORS = json.loads((CORPUS / "floors.json").read_text(encoding="utf-8"))
METRICS = ("tables_f1", "cols_f1", "type_acc", "pk_acc", "fk_f1")
CASES = find_cases(CORPUS)


def test_every_corpus_case_has_a_floor() -> None:
    assert sorted(CASES) == sorted(FLOORS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_case_stays_at_or_above_its_floor(name: str) -> None:
    traffic, truth = CASES[name]
    # a capture inference takes no record from scores as an empty schema, as in `wiretable eval`: below every
    # floor above zero, so a case that stops being read still fails
    figures = evaluate_case(traffic, truth, name, nothing_scores_empty=True)
    below = {m: (round(figures[m], 3), FLOORS[name][m]) for m in METRICS
             if figures[m] < FLOORS[name][m] - 1e-9}  # a figure's last bit of rounding is no drop
    assert not below, f"{name}: (measured, floor) {below}"
