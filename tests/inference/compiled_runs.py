"""The schemas inference gives on every stored capture and every hostile traffic file, as one
JSON document: run in a process with inference compiled (``python -m tests.inference.compiled_runs
DIR``) and in one without, the two must be equal (``tests/inference/test_compiled.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.hostile.random_traffic import random_traffic

SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev"
#: Random traffic sets compared (see :mod:`tests.hostile.random_traffic`).
RANDOM = 400


def captures() -> list[Path]:
    """The stored captures: the corpus, the golden cases and the public dev set when it is beside."""
    found = sorted((ROOT / "tests" / "inference" / "corpus").glob("*/traffic.har"))
    found += sorted((ROOT / "tests" / "inference" / "golden").glob("*.har"))
    found += sorted(SHARED_DEV.glob("*.har")) if SHARED_DEV.is_dir() else []
    return found


def outcomes(hostile_dir: Path) -> dict[str, str]:
    """Each input's schema (compact JSON) or the error it ended in (class and message)."""
    from jobs.verbs.infer import infer_file
    from kernel.errors import WiretableError
    from tests.hostile.traffic import hostile_traffic

    inputs = [(str(path.relative_to(path.parents[2])), path) for path in captures()]
    inputs += [(f"hostile/{name}", path) for name, path, _planted in hostile_traffic(hostile_dir)]
    results: dict[str, str] = {}
    for name, path in inputs:
        try:
            results[name] = infer_file(path, name="case").model_dump_json()
        except WiretableError as exc:
            results[name] = f"{type(exc).__name__}: {exc}"
    return results


def random_outcomes(count: int) -> dict[str, str]:
    """The schema (or error) of each of ``count`` random traffic sets."""
    from inference import infer_schema
    from kernel.errors import WiretableError

    results: dict[str, str] = {}
    for seed in range(count):
        try:
            results[f"random/{seed}"] = infer_schema(random_traffic(seed), name="case").model_dump_json()
        except WiretableError as exc:
            results[f"random/{seed}"] = f"{type(exc).__name__}: {exc}"
    return results


def compiled_in_use() -> bool:
    import inference.entities

    return not inference.entities.__file__.endswith(".py")


if __name__ == "__main__":
    import wiretable  # noqa: F401  (puts the compiled modules in place)

    json.dump({"compiled": compiled_in_use(), "outcomes": {**outcomes(Path(sys.argv[1])), **random_outcomes(RANDOM)}},
              sys.stdout)
