"""Golden cases for inference: each capture in ``golden/`` beside its expected ``.schema.json``.

    .venv/bin/python -m tests.inference.regen_golden            # rewrite every expectation
    .venv/bin/python -m tests.inference.regen_golden demo       # or only the named cases

Run it after a reviewed change to inference, then read the diff of the ``.schema.json`` files
before committing them. Expectations hold the schema's structure only: evidence (sample counts,
examples, confidences) is left out so that it can evolve without touching the golden files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from capture.har import iter_traffic
from inference import infer_schema

GOLDEN = Path(__file__).resolve().parent / "golden"
INPUT_SUFFIXES = (".har", ".jsonl")


def cases() -> list[Path]:
    """Every golden input, sorted by name."""
    return sorted(p for p in GOLDEN.iterdir() if p.suffix in INPUT_SUFFIXES)


def expected_path(case: Path) -> Path:
    return case.with_suffix(".schema.json")


def structure(doc: Any) -> Any:
    """The schema document without its evidence, in a stable form."""
    if isinstance(doc, dict):
        return {k: structure(v) for k, v in doc.items() if k != "evidence"}
    if isinstance(doc, list):
        return [structure(v) for v in doc]
    return doc


def infer_case(case: Path) -> dict[str, Any]:
    return structure(infer_schema(iter_traffic(case), name=case.stem).model_dump(mode="json"))


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    chosen = [c for c in cases() if not argv or c.stem in argv]
    for case in chosen:
        out = expected_path(case)
        text = render(infer_case(case))
        changed = not out.exists() or out.read_text(encoding="utf-8") != text
        out.write_text(text, encoding="utf-8")
        print(f"{'updated' if changed else 'unchanged'}: {out.relative_to(GOLDEN.parent.parent.parent)}")
    return 0 if chosen else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
