"""Throughput and memory of `wiretable infer` against its peers, in one run on the same files.

    .venv/bin/python benchmarks/run.py [FILE.har ...] [--tools wiretable,floor,genson,dlt,mitmproxy2swagger]
                                       [--repeat N]

Without files it uses benchmarks/data/shop-{10,100,500}mb.har that exist (make them with
benchmarks/make_har.py). Peers run from benchmarks/.venv, created on first use with
``pip install orjson genson dlt mitmproxy2swagger``. Each tool runs as its own child process; the
table shows its wall time (from start to exit; the median of ``--repeat`` runs taken in turns),
its peak resident memory (the child's max RSS from
``getrusage(RUSAGE_CHILDREN)``, measured in a fresh wrapper process per run: the largest single
process), the peak of the summed resident memory of the tool's whole process tree (sampled every
50 ms; shared pages count once per process, so this errs high) and MB/s of HAR.
A tool that fails shows its exit code instead.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEER_VENV = HERE / ".venv"
PEER_PY = PEER_VENV / "bin" / "python"
PEER_PACKAGES = ["orjson", "genson", "dlt", "mitmproxy2swagger"]
TOOLS = ("wiretable", "floor", "genson", "dlt", "mitmproxy2swagger")


def ensure_peers() -> None:
    if not PEER_PY.exists():
        venv.create(PEER_VENV, with_pip=True)
        subprocess.run([str(PEER_PY), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)


def command(tool: str, har: Path, tmp: Path) -> list[str]:
    if tool == "wiretable":
        # the executable of the environment that runs this script (the app's venv)
        return [str(Path(sys.executable).parent / "wiretable"), "infer", str(har), "-o", str(tmp / "schema.json")]
    if tool == "mitmproxy2swagger":
        # Its documented flow: one pass lists the endpoints (all marked "ignore:"), the user keeps
        # them, a second pass describes them. Both passes are timed.
        tool_bin = PEER_VENV / "bin" / "mitmproxy2swagger"
        out = tmp / "openapi.yaml"
        run = f"'{tool_bin}' -i '{har}' -o '{out}' -p https://shop.example.test/api -f har"
        return ["sh", "-c", f"{run} >/dev/null && sed -i 's/- ignore:/- /' '{out}' && {run} >/dev/null"]
    return [str(PEER_PY), str(HERE / "peers.py"), tool, str(har)]


def measure(argv: list[str]) -> dict[str, float]:
    """Run argv in a fresh wrapper process; its children's max RSS is then this command's alone."""
    probe = (
        "import os, resource, subprocess, sys, time, json\n"
        "def tree(pid):\n"
        "    try:\n"
        "        kids = open(f'/proc/{pid}/task/{pid}/children').read().split()\n"
        "        rss = int(open(f'/proc/{pid}/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE')\n"
        "    except (OSError, ValueError, IndexError):\n"
        "        return 0\n"
        "    return rss + sum(tree(int(k)) for k in kids)\n"
        "import threading\n"
        "t = time.perf_counter()\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "peak = 0\n"
        "done = threading.Event()\n"
        "def sample():\n"
        "    global peak\n"
        "    while not done.is_set():\n"
        "        peak = max(peak, tree(p.pid))\n"
        "        done.wait(0.05)\n"
        "sampler = threading.Thread(target=sample)\n"
        "sampler.start()\n"
        "p.wait()\n"
        "wall = time.perf_counter() - t\n"
        "done.set()\n"
        "sampler.join()\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'rc': p.returncode, 'wall': wall, 'rss_mb': rss, 'tree_mb': peak / 2**20}))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ratios(results: list[dict[str, Any]], name: str) -> None:
    """wiretable's wall time as a multiple of each other tool's, for one file (taken in one run)."""
    walls = {str(r["tool"]): float(r["wall"]) for r in results
             if r["file"] == name and r["rc"] == 0}
    if "wiretable" in walls and len(walls) > 1:
        print("  wiretable takes " + ", ".join(f"{walls['wiretable'] / wall:.2f}x {tool}"
                                               for tool, wall in walls.items() if tool != "wiretable"))


def _summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    """Several runs of one tool: the median wall time, the largest memory, every wall time."""
    failed = [r for r in runs if r["rc"] != 0]
    if failed:
        return dict(failed[0]) | {"walls": [r["wall"] for r in runs]}
    walls = sorted(r["wall"] for r in runs)
    return {"rc": 0, "wall": statistics.median(walls), "rss_mb": max(r["rss_mb"] for r in runs),
            "tree_mb": max(r["tree_mb"] for r in runs), "walls": walls}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per tool and file, taken in turns; the table shows the median wall time "
                             "and the largest memory")
    args = parser.parse_args(argv)
    files = args.files or [p for s in (10, 100, 500) if (p := HERE / "data" / f"shop-{s}mb.har").exists()]
    if not files:
        print("error: no HAR files; make them with benchmarks/make_har.py --size-mb 10", file=sys.stderr)
        return 1
    tools = [t for t in args.tools.split(",") if t]
    if any(t != "wiretable" for t in tools):
        ensure_peers()
    results = []
    print(f"{'file':<22}{'tool':<19}{'wall s':>9}{'peak RSS MB':>13}{'tree MB':>9}{'MB/s':>8}")
    for har in files:
        size_mb = har.stat().st_size / 1e6
        runs: dict[str, list[dict[str, float]]] = {tool: [] for tool in tools}
        for _round in range(max(1, args.repeat)):
            for tool in tools:
                with tempfile.TemporaryDirectory() as tmp:
                    runs[tool].append(measure(command(tool, har, Path(tmp))))
        for tool in tools:
            figures = _summary(runs[tool])
            figures |= {"file": har.name, "tool": tool, "size_mb": size_mb, "mb_s": size_mb / figures["wall"]}
            results.append(figures)
            status = "" if figures["rc"] == 0 else f"  (failed, exit {figures['rc']})"
            print(f"{har.name:<22}{tool:<19}{figures['wall']:>9.2f}{figures['rss_mb']:>13.0f}"
                  f"{figures['tree_mb']:>9.0f}{figures['mb_s']:>8.1f}{status}", flush=True)
        ratios(results, har.name)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
