"""The ``wiretable`` executable: the command line of :mod:`wiretable.cli`, started quickly.

Loading the command line and the schema model takes a tenth of a second or more before a command
runs. For ``wiretable infer FILE.har`` on a large file, the process that reads the HAR
(:func:`capture.har_fast.start_reading`) is started first, with only the few modules it needs, so
that it reads while the rest loads; the ``infer`` command then takes it over. When the arguments
turn out to mean something else, the command forks its own reader as usual and the early one is
stopped: guessing wrong costs time, never a different result.

``infer`` also ends without the interpreter's teardown once its output is written (freeing every
object and module one by one would take a noticeable share of a short run); mypy ends the same
way (``mypy.util.hard_exit``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

#: ``infer``'s options that take a value, and its flags (tests/test_launch.py checks them
#: against the command's definition).
INFER_VALUE_OPTIONS = frozenset({"-o", "--output", "--name", "--llm-log"})
INFER_FLAGS = frozenset({"--llm"})

#: Commands that leave nothing to clean up once their output is written.
_QUICK_EXIT_COMMANDS = frozenset({"infer"})


def main() -> None:
    args = sys.argv[1:]
    har = infer_har_argument(args)
    if har is not None:
        _start_reading(har)
    from wiretable.cli import main as cli_main

    try:
        cli_main()
    except SystemExit as exc:
        if har is not None:
            from capture.har_fast import stop_started

            stop_started()  # not taken over: the command failed before reading
        if args and args[0] in _QUICK_EXIT_COMMANDS and isinstance(exc.code, int | None):
            _quick_exit(exc.code or 0)
        raise


def infer_har_argument(args: Sequence[str]) -> str | None:
    """The HAR file that ``wiretable infer`` arguments name, or None when they name none or hold
    anything unusual (``--help``, ``--``, an unknown option): then nothing starts early."""
    if not args or args[0] != "infer":
        return None
    positional: list[str] = []
    rest = iter(args[1:])
    for arg in rest:
        if arg in INFER_VALUE_OPTIONS:
            if next(rest, None) is None:
                return None
        elif arg in INFER_FLAGS:
            continue
        elif arg.startswith("--"):
            if arg.partition("=")[0] not in INFER_VALUE_OPTIONS or "=" not in arg:
                return None
        elif arg.startswith("-") and arg != "-":
            if not (arg.startswith("-o") and len(arg) > 2):  # -oFILE
                return None
        else:
            positional.append(arg)
    if len(positional) != 1 or not positional[0].lower().endswith(".har"):
        return None
    return positional[0]


def _start_reading(har: str) -> None:
    """Start reading ``har`` for ``infer``; nothing happens when that cannot be done now (the
    command then reads it as usual, and reports any problem)."""
    try:
        from capture.har_fast import start_reading
        from inference.digest import Digester
        from inference.endpoints import wants_body

        start_reading(har, wants_body, Digester())
    except Exception:  # noqa: BLE001 - an optimisation only; the command itself reports problems
        pass


def _quick_exit(code: int) -> None:
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the output is lost, and the status says so
        code = code or 1
    os._exit(code)
