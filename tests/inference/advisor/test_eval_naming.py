"""On the dev evaluation cases, patches can reach the truth's table names without costing any metric.

A scripted advisor proposes the ground truth's names for the tables the scorer matches; the names
go through the same check-and-apply path as a model's proposals. Run with ``-s`` to print the
scorer's figures before and after.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from capture.har import iter_har_exchanges
from inference import infer_schema
from inference.advisor import Patch, Samples, TrafficSummary, collect_samples, refine, review
from inference.advisor.patches import RenameTable
from inference.scoring import match_tables, score
from kernel.schema import Schema
from sql.validate import schema_errors

DEV = Path(__file__).resolve().parents[4] / "shared" / "eval" / "dev"
CASES = sorted(p.name.removesuffix(".har") for p in DEV.glob("*.har"))


class TruthNames:
    """Proposes the truth's name for every matched table (through a free name when two swap)."""

    model = "scripted-truth-names"

    def __init__(self, truth: dict[str, Any]) -> None:
        self.truth = truth

    def suggest(self, schema: Schema, summary: TrafficSummary) -> list[Patch]:
        inferred = schema.model_dump(mode="json")["tables"]
        wanted = {inferred[j]["name"]: self.truth["tables"][i]["name"]
                  for i, j in match_tables(self.truth["tables"], inferred).items()}
        wanted = {old: new for old, new in wanted.items() if old != new}
        names = {t.name for t in schema.tables}
        first: list[Patch] = []
        then: list[Patch] = []
        for old, new in wanted.items():
            if new in names:
                parked = f"{old}_renaming"
                first.append(RenameTable(op="rename_table", table=old, new_name=parked, rationale="free the name"))
                old = parked
            then.append(RenameTable(op="rename_table", table=old, new_name=new, rationale="the app calls it so"))
        return first + then


def name_accuracy(truth: dict[str, Any], inferred: dict[str, Any]) -> float:
    matched = match_tables(truth["tables"], inferred["tables"])
    same = sum(truth["tables"][i]["name"] == inferred["tables"][j]["name"] for i, j in matched.items())
    return same / len(truth["tables"])


def _scrambled(schema: Schema, samples: Samples) -> tuple[Schema, Samples]:
    """The same schema with meaningless table names (``table_1``...), as a weak namer would give."""
    renames: list[Patch] = [RenameTable(op="rename_table", table=t.name, new_name=f"table_{k}", rationale="-")
                            for k, t in enumerate(schema.tables, start=1)]
    result = review(schema, renames, samples, check=schema_errors)
    assert not result.rejected
    moved = samples.copy()
    for k, table in enumerate(schema.tables, start=1):
        moved.rename_table(table.name, f"table_{k}")
    return result.schema, moved


@pytest.mark.skipif(not CASES, reason="evaluation set not present")
@pytest.mark.parametrize("start", ["heuristic", "scrambled"])
@pytest.mark.parametrize("case", CASES)
def test_truth_names_are_reached_without_breaking_other_metrics(case: str, start: str) -> None:
    har = DEV / f"{case}.har"
    truth = json.loads((DEV / f"{case}.truth.json").read_text())
    schema = infer_schema(iter_har_exchanges(har), name=case)
    samples = collect_samples(iter_har_exchanges(har))
    if start == "scrambled":
        schema, samples = _scrambled(schema, samples)
    result = refine(schema, samples, TruthNames(truth), check=schema_errors)
    before, after = schema.model_dump(mode="json"), result.schema.model_dump(mode="json")
    figures_before, figures_after = score(truth, before), score(truth, after)
    names_before, names_after = name_accuracy(truth, before), name_accuracy(truth, after)
    print(f"\n{case} ({start}): names {names_before:.3f} -> {names_after:.3f}; "
          + " ".join(f"{k}={figures_before[k]:.3f}->{figures_after[k]:.3f}"
                     for k in ("tables_f1", "cols_f1", "type_acc", "null_acc", "pk_acc", "fk_f1")))
    assert result.rejected == [], result.messages()
    assert names_after == len(match_tables(truth["tables"], before["tables"])) / len(truth["tables"])
    for metric, value in figures_before.items():
        assert figures_after[metric] == value, metric
    renamed = [t for t in result.schema.tables if t.evidence is not None and t.evidence.source == "llm"]
    assert len(renamed) == sum(1 for o in result.accepted if "_renaming" not in o.summary.split("→")[1])
