"""Write every synthetic case (``<name>.har`` and ``<name>.truth.json``) into the golden folder."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inference.cases import github_like, hal_cursor, jsonapi, stripe_like

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CASES = {"jsonapi": jsonapi, "stripe-like": stripe_like, "hal-cursor": hal_cursor, "github-like": github_like}


def main() -> None:
    for name, module in CASES.items():
        (GOLDEN / f"{name}.har").write_text(json.dumps(module.build_har(), indent=1) + "\n", encoding="utf-8")
        truth = {"tables": module.TRUTH}
        (GOLDEN / f"{name}.truth.json").write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {name}.har, {name}.truth.json")


if __name__ == "__main__":
    main()
