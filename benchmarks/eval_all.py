"""Score every capture in a folder that has a ground truth beside it, and print one table.

    .venv/bin/python benchmarks/eval_all.py [FOLDER] [--json]

FOLDER defaults to the in-project golden cases (tests/inference/golden). A case is any
``<name>.har`` or ``<name>.jsonl`` with a ``<name>.truth.json`` beside it. A case that cannot be
read or inferred is listed with its one-line error and makes the exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from capture.har import iter_traffic  # noqa: E402
from inference import infer_schema  # noqa: E402
from inference.scoring import load_truth, score  # noqa: E402
from kernel.errors import WiretableError  # noqa: E402

COLUMNS = ("tables_f1", "cols_f1", "fk_f1", "type_acc", "null_acc", "pk_acc")
DEFAULT_FOLDER = ROOT / "tests" / "inference" / "golden"


def find_cases(folder: Path) -> list[tuple[Path, Path]]:
    """(capture, truth) pairs in the folder, sorted by name."""
    pairs = []
    for capture in sorted(folder.iterdir()):
        truth = capture.with_name(capture.stem + ".truth.json")
        if capture.suffix in (".har", ".jsonl") and truth.is_file():
            pairs.append((capture, truth))
    return pairs


def evaluate(capture: Path, truth: Path) -> dict[str, Any]:
    """The figures of one case, or ``{"error": message}``."""
    try:
        truth_doc = load_truth(truth.read_text(encoding="utf-8"), name=str(truth))
        schema = infer_schema(iter_traffic(capture), name=capture.stem)
    except (WiretableError, ValueError, OSError) as exc:
        return {"error": str(exc)}
    return score(truth_doc, schema.model_dump(mode="json"))


def table(results: dict[str, dict[str, Any]]) -> str:
    width = max([len("case"), *map(len, results)])
    lines = [f"{'case':<{width}}  " + "  ".join(f"{c:>9}" for c in COLUMNS)]
    for case, figures in results.items():
        if "error" in figures:
            lines.append(f"{case:<{width}}  error: {figures['error']}")
        else:
            lines.append(f"{case:<{width}}  " + "  ".join(f"{figures[c]:>9.3f}" for c in COLUMNS))
    scored = [f for f in results.values() if "error" not in f]
    if scored:
        lines.append(f"{'mean':<{width}}  " + "  ".join(f"{sum(f[c] for f in scored) / len(scored):>9.3f}"
                                                       for c in COLUMNS))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=DEFAULT_FOLDER)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"error: not a folder: {args.folder}", file=sys.stderr)
        return 1
    cases = find_cases(args.folder)
    if not cases:
        print(f"error: no <name>.har or <name>.jsonl with a <name>.truth.json in {args.folder}", file=sys.stderr)
        return 1
    results = {capture.stem: evaluate(capture, truth) for capture, truth in cases}
    print(json.dumps(results, indent=2) if args.json else table(results))
    return 1 if any("error" in f for f in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
