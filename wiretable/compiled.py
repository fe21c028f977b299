"""Inference compiled to C with mypyc, used in place of its Python modules when it matches them.

Inference is plain typed Python (``mypy --strict`` clean), which mypyc compiles into C extension
modules; the schema it infers is the same, in about three quarters of the CPU time. The build is
optional: it needs a C compiler and Python's headers, takes a few minutes, and ``make setup`` runs
it (``python -m wiretable.mypyc_build``); when it is missing or fails, the Python modules run.

The compiled modules never sit beside the sources, where a stale one would shadow an edited
source file. They go to ``build/compiled/`` with a stamp of the SHA-256 of every source they were
built from. :func:`use_compiled`, called once when the ``wiretable`` package is imported (the
command line and the web app both start there), puts them ahead of the sources only when every
stamped source is unchanged and no inference module has been imported yet (an import finder that
answers for the compiled modules only, so nothing is imported before it is asked for); otherwise it
does nothing. ``WIRETABLE_COMPILED=0`` turns them off (the test suite runs the Python modules, and
``tests/inference/test_compiled.py`` checks that both give the same schemas).

What is compiled: the modules directly in ``inference/`` (the pipeline, every rule, the drafts and
the schema builder), and of the kernel the redaction of parsed answers (``kernel.body_redactor``,
which inference also redacts with, and ``kernel.redact``, whose tests it runs on every value), the
per-value work of reading a capture. ``inference/advisor`` stays Python: it defines pydantic models
and talks to the language model, far from the per-answer work. The compiled modules are put in place
all together or not at all: one compiled module calls the others' functions directly.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import json
import os
import sys
import sysconfig
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
#: Where the compiled modules and their stamp go.
BUILD = ROOT / "build" / "compiled"
STAMP = "stamp.json"
#: The package compiled, the kernel's modules compiled with it, and what else its type checking reads.
PACKAGE = "inference"
KERNEL = ("kernel/body_redactor.py", "kernel/redact.py")
CONTEXT = ("kernel", "pyproject.toml")
SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"


def sources(root: Path = ROOT) -> list[Path]:
    """The source files compiled, relative to ``root``."""
    found = [p.relative_to(root) for p in (root / PACKAGE).glob("*.py") if p.name != "__init__.py"]
    return sorted(found + [Path(name) for name in KERNEL if (root / name).is_file()])


def module_name(source: Path) -> str:
    """The module a compiled source is imported as (``inference/keys.py``: ``inference.keys``)."""
    return ".".join(source.with_suffix("").parts)


def digests(root: Path = ROOT) -> dict[str, str]:
    """The SHA-256 of each compiled source, by its path relative to ``root``."""
    return {str(rel): hashlib.sha256((root / rel).read_bytes()).hexdigest() for rel in sources(root)}


def stamp_matches(build: Path = BUILD, root: Path = ROOT) -> bool:
    """Whether ``build`` holds modules compiled from the current sources, for this Python."""
    try:
        stamp = json.loads((build / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(stamp, dict) and stamp.get("suffix") == SUFFIX and stamp.get("sources") == digests(root)


def use_compiled(build: Path = BUILD, root: Path = ROOT) -> bool:
    """Put the compiled modules ahead of the sources (see the module docstring); whether it did."""
    if os.environ.get("WIRETABLE_COMPILED", "1") == "0":
        return False
    kernel = {module_name(Path(name)) for name in KERNEL}
    if any(name == PACKAGE or name.startswith(PACKAGE + ".") or name in kernel for name in sys.modules):
        return False  # too late: a module already imported would stay Python while others are not
    try:
        if not stamp_matches(build, root):
            return False
        modules = {module_name(rel): build / rel.with_suffix(SUFFIX) for rel in sources(root)}
    except OSError:
        return False
    # The shared library every compiled module loads is found by the finder too: the build folder is never put on
    # the import path, where its ``inference`` folder would be taken for a namespace package when the project itself
    # is found by an editable install's finder (the ``wiretable`` command run from another folder).
    libraries = {lib.name[: -len(SUFFIX)]: lib for lib in build.glob(f"*__mypyc{SUFFIX}")}
    sys.meta_path.insert(0, _CompiledFinder({**modules, **libraries}))
    return True


class _CompiledFinder(importlib.abc.MetaPathFinder):
    """Finds each compiled module (``inference.<module>``, the kernel's compiled ones) in the build when it holds
    it, and the shared library they load; every other module (the packages themselves, ``inference.advisor``, the
    rest of the kernel) is left to the usual finders."""

    def __init__(self, modules: dict[str, Path]) -> None:
        self.modules = modules

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        candidate = self.modules.get(fullname)
        if candidate is None or not candidate.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, candidate)
