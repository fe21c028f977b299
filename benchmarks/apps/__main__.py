"""``python -m benchmarks.apps install|serve|walk [APP...]``: the real-app capture targets.

- ``install``: each app into its own environment under ``.apps/`` (``make apps``).
- ``serve APP [--port N]``: start it with its seeded data on 127.0.0.1 until Ctrl-C.
- ``walk APP``: start it, run the guided walk, print the API endpoint templates it reaches.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.apps.common import free_port
from benchmarks.apps.guided import endpoint_templates, record_walk, started
from benchmarks.apps.registry import APPS
from kernel.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.apps")
    parser.add_argument("command", choices=["install", "serve", "walk"])
    parser.add_argument("apps", nargs="*", help=f"among {', '.join(APPS)} (default: all)")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    names = args.apps or list(APPS)
    unknown = [n for n in names if n not in APPS]
    if unknown:
        parser.error(f"unknown app {unknown[0]!r}; choose among {', '.join(APPS)}")
    if args.command == "install":
        for name in names:
            print(f"installing {name} {APPS[name].VERSION} from {APPS[name].REGISTRY}", flush=True)
            APPS[name].install()
        return 0
    if args.command == "serve":
        if len(names) != 1:
            parser.error("serve takes one app")
        with started(APPS[names[0]], args.port or free_port()) as url:
            print(f"{names[0]} is running at {url} (Ctrl-C stops it)", flush=True)
            done = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: done.set())
            with contextlib.suppress(KeyboardInterrupt):
                done.wait()
        return 0
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="wiretable-walk-")))
    for name in names:
        with started(APPS[name], args.port or free_port()) as url:
            out = settings.home_dir / f"{name}.walk.jsonl"
            record_walk(APPS[name], url, out, settings)
            templates = endpoint_templates(out, urlsplit(url).hostname or "")
            print(f"{name}: {len(templates)} endpoint templates ({out})")
            for template in sorted(templates):
                print(f"  {template}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
