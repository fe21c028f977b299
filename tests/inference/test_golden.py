"""Golden files: the schema inferred from each capture in ``golden/`` equals its ``.schema.json``.

After a reviewed change to inference, regenerate with ``.venv/bin/python -m tests.inference.regen_golden``.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from tests.inference.regen_golden import cases, expected_path, infer_case, render


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_inferred_schema_matches_golden(case: Path) -> None:
    expected_file = expected_path(case)
    assert expected_file.exists(), f"{expected_file.name} missing: run python -m tests.inference.regen_golden"
    actual = render(infer_case(case))
    expected = render(json.loads(expected_file.read_text(encoding="utf-8")))
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            fromfile=f"expected/{expected_file.name}",
                                            tofile=f"inferred/{case.name}", n=2))
        pytest.fail(f"inferred schema differs from {expected_file.name} "
                    f"(regenerate after review: python -m tests.inference.regen_golden {case.stem}):\n{diff}",
                    pytrace=False)
