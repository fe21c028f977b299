"""Build inference (and the kernel's redaction) compiled with mypyc into ``build/compiled/`` (see :mod:`wiretable.compiled`).

    python -m wiretable.mypyc_build            # build when missing or out of date (``make compiled``)
    python -m wiretable.mypyc_build --force    # build again
    python -m wiretable.mypyc_build status

The sources are copied to a temporary folder and compiled there, so nothing is written beside
them; the result replaces the earlier build only when the whole build succeeded. A failed build is
a warning (exit 0, or 1 with ``--strict``): wiretable then runs the Python modules.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from wiretable.compiled import BUILD, CONTEXT, PACKAGE, ROOT, STAMP, SUFFIX, digests, sources, stamp_matches


def build(dest: Path = BUILD, root: Path = ROOT) -> None:
    """Compile the sources into ``dest`` (replaced only when the build succeeds). Raises
    ``RuntimeError`` naming what failed."""
    try:
        import mypyc  # noqa: F401  (mypy ships it)
    except ImportError as exc:
        raise RuntimeError("mypyc is not installed (pip install mypy)") from exc
    if shutil.which((sysconfig.get_config_var("CC") or "cc").split()[0]) is None:
        raise RuntimeError("no C compiler found (install gcc)")
    want = digests(root)
    with tempfile.TemporaryDirectory(prefix="wiretable-mypyc-") as tmp:
        work = Path(tmp)
        shutil.copytree(root / PACKAGE, work / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        for name in CONTEXT:
            src = root / name
            if src.is_dir():
                shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
            else:
                shutil.copy2(src, work / name)
        files = [str(rel) for rel in sources(work)]
        env = {**os.environ, "MYPYC_OPT_LEVEL": os.environ.get("MYPYC_OPT_LEVEL", "3")}
        done = subprocess.run([sys.executable, "-m", "mypyc", *files], cwd=work, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        if done.returncode != 0:
            tail = "\n".join(done.stdout.splitlines()[-15:])
            raise RuntimeError(f"mypyc failed (exit {done.returncode}):\n{tail}")
        if digests(work) != want:
            raise RuntimeError("the sources changed while they were compiled")
        modules = [rel.with_suffix(SUFFIX) for rel in sources(work)]
        missing = [str(module) for module in modules if not (work / module).is_file()]
        if missing:
            raise RuntimeError(f"mypyc built {len(modules) - len(missing)} modules of {len(files)} (not {missing[0]})")
        dest.parent.mkdir(parents=True, exist_ok=True)  # staged beside it: a rename, not a copy, replaces it
        staged = Path(tempfile.mkdtemp(prefix=".compiled-", dir=dest.parent))
        for lib in work.glob(f"*__mypyc{SUFFIX}"):
            shutil.copy2(lib, staged / lib.name)
        for module in modules:
            (staged / module.parent).mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / module, staged / module)
        (staged / STAMP).write_text(json.dumps({"suffix": SUFFIX, "sources": want}, indent=1, sort_keys=True))
    old = dest.with_name(dest.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    staged.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m wiretable.mypyc_build [status | build]``."""
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "build"
    if command == "status":
        state = "up to date" if stamp_matches() else "missing or out of date (python -m wiretable.mypyc_build)"
        print(f"compiled inference in {BUILD}: {state}")
        return 0
    if command in ("build", "--force", "--strict"):
        if stamp_matches() and "--force" not in args:
            print(f"compiled inference in {BUILD} is up to date")
            return 0
        print(f"compiling inference with mypyc into {BUILD} (a few minutes; optional: wiretable runs without it)")
        try:
            build()
        except (RuntimeError, OSError) as exc:
            print(f"warning: inference was not compiled, the Python modules will run: {exc}", file=sys.stderr)
            return 0 if "--strict" not in args else 1
        print("compiled inference is ready")
        return 0
    print("usage: python -m wiretable.mypyc_build [status | build [--force] [--strict]]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
