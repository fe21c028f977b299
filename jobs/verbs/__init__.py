"""The verbs: one function per thing a user can do, the only door the CLI and the UI go through.

Each verb is a module here named for what it does (``capture``, ``infer``, ``refine``,
``versions``, ``plan``, ``push``, …) with plain typed functions: arguments in, a result object
out, :class:`kernel.errors.WiretableError` raised for anything the user must hear about. A verb
orchestrates ``capture/``, ``inference/`` and ``sql/``; it never prints, never touches a widget
and never exits. Then:

- the CLI (``wiretable/``) parses arguments, calls one verb and prints its result;
- the job runner (``jobs/runner.py``) calls the same verbs for a job and stores their events;
- a UI component (``webui/``) binds widgets, calls a verb (off the event loop when it blocks)
  and shows the result.

Adding a verb: a new module here, its result a dataclass or pydantic model (no ``Any``), a test
under ``tests/jobs/``, then one CLI command in a module of its own and/or a UI call. The
import-linter contracts in ``pyproject.toml`` keep the CLI and the UI from reaching past this
layer into ``capture/`` and ``inference/``.
"""
