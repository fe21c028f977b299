"""The ``eval`` verb: infer from captured traffic and score the result against a ground truth.

A folder of cases holds either one sub-folder per case (``<case>/traffic.har`` or
``<case>/traffic.jsonl`` beside ``<case>/truth.json``) or flat pairs (``<name>.har`` or
``<name>.jsonl`` beside ``<name>.truth.json``). The figures are those of
:func:`inference.scoring.score`, the same as the evaluation set's scorer; the CLI formats them
with the scorer's own functions, offered here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from capture.har import iter_traffic
from inference.pipeline import infer_schema
from inference.scoring import format_case_table, format_report, load_truth, mean_figures, score
from kernel.errors import CaptureError, InferenceError, WiretableError

TRAFFIC_NAMES = ("traffic.har", "traffic.jsonl")
TRAFFIC_SUFFIXES = (".har", ".jsonl")


def find_cases(folder: Path) -> dict[str, tuple[Path, Path]]:
    """Case name -> (traffic, truth), sorted by name; sub-folder cases and flat pairs alike."""
    cases: dict[str, tuple[Path, Path]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            truth = entry / "truth.json"
            traffic = next((entry / n for n in TRAFFIC_NAMES if (entry / n).is_file()), None)
            if traffic is not None and truth.is_file():
                cases[entry.name] = (traffic, truth)
        elif entry.suffix in TRAFFIC_SUFFIXES:
            truth = entry.with_name(entry.stem + ".truth.json")
            if truth.is_file():
                cases[entry.stem] = (entry, truth)
    return cases


def read_truth(truth: Path) -> dict[str, Any]:
    """The truth document; CaptureError with one line when it cannot be read or is not a schema."""
    try:
        return load_truth(truth.read_text(encoding="utf-8"), name=str(truth))
    except (OSError, UnicodeDecodeError) as exc:
        raise CaptureError(f"cannot read {truth}: {getattr(exc, 'strerror', None) or exc}") from None
    except ValueError as exc:
        raise CaptureError(str(exc)) from None


def evaluate_case(traffic: Path, truth: Path, name: str | None = None, *,
                  nothing_scores_empty: bool = False) -> dict[str, Any]:
    """Infer from ``traffic`` and score against ``truth``; raises WiretableError on bad input.

    ``nothing_scores_empty``: a capture that is read but from which inference takes no record is a
    measurement, not a failure: it is scored as an empty schema (every F1 0) and its figures carry
    the reason under ``"nothing_inferred"``, so that a mean over many cases counts it.
    """
    truth_doc = read_truth(truth)
    try:
        schema = infer_schema(iter_traffic(traffic), name=name or traffic.stem)
    except InferenceError as exc:
        if not nothing_scores_empty:
            raise
        return {**score(truth_doc, {"tables": []}), "nothing_inferred": str(exc)}
    return score(truth_doc, schema.model_dump(mode="json"))


def evaluate_folder(folder: Path) -> dict[str, dict[str, Any]]:
    """Every case of the folder: its figures, or ``{"error": message}`` when it cannot be scored.

    A case inference takes nothing from is scored as an empty schema (see :func:`evaluate_case`).

    Raises CaptureError when the folder holds no case at all.
    """
    cases = find_cases(folder)
    if not cases:
        raise CaptureError(
            f"no cases in {folder} (a case is <case>/traffic.har or traffic.jsonl with <case>/truth.json, "
            "or <name>.har or <name>.jsonl with <name>.truth.json)")
    results: dict[str, dict[str, Any]] = {}
    for name, (traffic, truth) in cases.items():
        try:
            results[name] = evaluate_case(traffic, truth, name, nothing_scores_empty=True)
        except WiretableError as exc:
            results[name] = {"error": str(exc)}
    return results


__all__ = ["evaluate_case", "evaluate_folder", "find_cases", "format_case_table", "format_report",
           "mean_figures", "read_truth"]
