"""Explorer coverage on real apps: the share of a guided walk's API endpoint templates that a
`wiretable capture` run reaches within each budget, and how many clicks failed on the way.

    PYTHONPATH=$PWD .venv/bin/python -m benchmarks.explorer_coverage --budgets 120 300 --label after

For each app (``benchmarks/apps``): start it with its seeded data, record the guided walk through
the capture proxy, then run the capture exactly as ``wiretable capture URL -o traffic.jsonl
--budget-seconds B`` does (``capture.run.run_capture`` with default settings). Both traffic files
are templated by the job page's own endpoint list (``jobs.live.LiveTraffic``). Failed clicks
(Playwright click calls that raised, such as clicks on elements detached by a re-render) are
counted by wrapping Playwright's click methods for the run, plus the clicks the explorer itself
reports as failed (it clicks inside the page, without Playwright's click). Results go to stdout and, as JSON, to
``benchmarks/results/explorer-coverage-<label>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ElementHandle, Locator, Page

from benchmarks.apps.common import ROOT, free_port
from benchmarks.apps.guided import coverage, endpoint_templates, record_walk, started
from benchmarks.apps.registry import APPS
from capture.run import run_capture
from kernel.errors import CaptureError
from kernel.settings import Settings

RESULTS = ROOT / "benchmarks" / "results"


class ClickFailures:
    """Counts Playwright click calls that raise, for the duration of a ``with`` block."""

    def __init__(self) -> None:
        self.count = 0
        self.reasons: list[str] = []

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        originals: list[tuple[type, Callable[..., Any]]] = []
        for cls in (Page, Locator, ElementHandle):
            original = cls.click
            originals.append((cls, original))
            cls.click = self._wrap(original)
        try:
            yield
        finally:
            for cls, original in originals:
                cls.click = original

    def _wrap(self, original: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(original)
        def click(*args: Any, **kwargs: Any) -> Any:
            try:
                return original(*args, **kwargs)
            except Exception as exc:
                self.count += 1
                self.reasons.append(str(exc).splitlines()[0][:160])
                raise
        return click


def measure(name: str, budgets: list[float], keep: Path | None, walks: Path | None = None) -> dict[str, Any]:
    app = APPS[name]
    work = Path(tempfile.mkdtemp(prefix=f"wiretable-coverage-{name}-"))
    settings = Settings(home=work / "home")
    row: dict[str, Any] = {"app": name, "version": app.VERSION, "registry": app.REGISTRY, "budgets": {}}
    with started(app, free_port()) as url:
        host = urlsplit(url).hostname or ""
        walk_file = work / "walk.jsonl"
        recorded = walks / f"{name}-walk.jsonl" if walks is not None else None
        if recorded is not None and recorded.exists():
            shutil.copy(recorded, walk_file)  # the same seeded app walked before: its templates do not change
        else:
            record_walk(app, url, walk_file, settings)
        wanted = endpoint_templates(walk_file, host)
        row["walk_templates"] = sorted(wanted)
        for budget in budgets:
            traffic = work / f"traffic-{budget:g}.jsonl"
            failures = ClickFailures()
            started_at = time.monotonic()
            try:
                with failures.watching():
                    # an app behind a sign-in gives the capture its signed-in state and the page to start at
                    credentials = app.credentials() if hasattr(app, "credentials") else None
                    result = run_capture(url + getattr(app, "CAPTURE_PATH", ""), traffic, settings=settings,
                                         budget_seconds=budget, credentials=credentials)
            except CaptureError as exc:
                print(f"  {name} {budget:g}s: the capture failed: {exc}", flush=True)
                row["budgets"][f"{budget:g}"] = {"coverage": 0.0, "found": 0, "of": len(wanted), "missed": [],
                                                 "click_failures": failures.count, "error": str(exc)}
                continue
            found = endpoint_templates(traffic, host)
            hit, of, missed = coverage(found, wanted)
            explored = getattr(result, "explored", None)  # the explorer's own click report, where it gives one
            own_failures = list(getattr(explored, "failed_clicks", []) or [])
            share = hit / of if of else 1.0
            row["budgets"][f"{budget:g}"] = {
                "coverage": round(share, 3), "found": hit, "of": of,
                "missed": missed, "explorer_templates": sorted(found), "pages": len(result.pages_visited),
                "requests": result.requests_captured, "click_failures": failures.count + len(own_failures),
                "click_failure_reasons": (failures.reasons + own_failures)[:10],
                "controls_gone": getattr(explored, "gone_controls", None),
                "settle_timeouts": getattr(explored, "settle_timeouts", None),
                "stopped_by": getattr(explored, "stopped_by", None),
                "typed": getattr(explored, "typed", None),  # fields typed into, "words = value"
                "withheld": getattr(explored, "withheld", None),  # writes the browser withheld meanwhile
                "coverage_curve": [[c.seconds, c.route_templates, c.api_templates]
                                   for c in getattr(explored, "coverage", [])],
                "seconds": round(time.monotonic() - started_at, 1),
                "message": result.message,
            }
            print(f"  {name} {budget:g}s: {share:.0%} ({hit}/{of}), "
                  f"{failures.count + len(own_failures)} failed clicks; missed {missed}", flush=True)
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(traffic, keep / f"{name}-{budget:g}.jsonl")
        if keep is not None:
            shutil.copy(walk_file, keep / f"{name}-walk.jsonl")
    shutil.rmtree(work, ignore_errors=True)
    return row


def rescore(folder: Path, names: list[str], budgets: list[float]) -> list[dict[str, Any]]:
    """Coverage of traffic files kept with ``--keep`` (``<app>-<budget>.jsonl`` beside
    ``<app>-walk.jsonl``), computed again without running anything."""
    rows = []
    for name in names:
        walk = folder / f"{name}-walk.jsonl"
        if not walk.exists():
            continue
        wanted = endpoint_templates(walk, "127.0.0.1")
        row: dict[str, Any] = {"app": name, "walk_templates": sorted(wanted), "budgets": {}}
        for budget in budgets:
            traffic = folder / f"{name}-{budget:g}.jsonl"
            if not traffic.exists():
                continue
            hit, of, missed = coverage(endpoint_templates(traffic, "127.0.0.1"), wanted)
            row["budgets"][f"{budget:g}"] = {"coverage": round(hit / of if of else 1.0, 3), "found": hit, "of": of,
                                             "missed": missed, "click_failures": "see the run's log"}
        rows.append(row)
    return rows


def table(rows: list[dict[str, Any]], budgets: list[float]) -> str:
    head = "| app | walk templates | " + " | ".join(f"{b:g} s coverage | {b:g} s failed clicks" for b in budgets) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(budgets))]
    for row in rows:
        first = next(iter(row["budgets"].values()), {"of": len(row["walk_templates"])})
        cells = [row["app"], str(first["of"])]
        for budget in budgets:
            entry = row["budgets"].get(f"{budget:g}")
            if entry is None:
                cells += ["-", "-"]
                continue
            cells += [f"{entry['coverage']:.0%} ({entry['found']}/{entry['of']})", str(entry["click_failures"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", nargs="*", default=list(APPS), choices=list(APPS))
    parser.add_argument("--budgets", nargs="*", type=float, default=[120.0, 300.0])
    parser.add_argument("--label", default="run")
    parser.add_argument("--keep", type=Path, help="copy the traffic files (and walks) into this folder")
    parser.add_argument("--walks", type=Path, help="reuse <app>-walk.jsonl from this folder instead of walking")
    parser.add_argument("--rescore", type=Path, help="only score the traffic files kept in this folder")
    args = parser.parse_args()
    rows = []
    if args.rescore is not None:
        rows = rescore(args.rescore, args.apps, args.budgets)
    for name in [] if args.rescore is not None else args.apps:
        print(f"{name}:", flush=True)
        rows.append(measure(name, args.budgets, args.keep, args.walks))
    print(table(rows, args.budgets))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"explorer-coverage-{args.label}.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous.update({row["app"]: row for row in rows})
    out.write_text(json.dumps(previous, indent=1) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
