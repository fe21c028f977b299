"""Plan: read a schema document, resolve a push target, and show the migration a push would run.

Also the two steps push shares with plan: :func:`load_valid` (a schema document with no errors)
and :func:`resolve_target` (a keyword, a URL or a saved profile's name as a target).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

from jobs.targets import TargetStore, resolve_any
from kernel.errors import SchemaError
from kernel.schema import Schema, load_schema
from kernel.settings import Settings
from sql.apply import PushResult, plan_push
from sql.migrate import SupabaseSettings, Target
from sql.validate import validate_schema


def load_valid(path: Path) -> Schema:
    """The schema document at ``path``; SchemaError when it has errors (warnings pass)."""
    doc = load_schema(path)
    errors = [p for p in validate_schema(doc) if p.level == "error"]
    if errors:
        raise SchemaError(f"{path} has {len(errors)} error(s), first: {errors[0].message}; "
                          f"run `wiretable validate {path}`")
    return doc


def resolve_target(target: str | None, settings: Settings,
                   stores: Callable[[], TargetStore] | None = None) -> tuple[Target, SupabaseSettings]:
    """The push target ``target`` names; profile names are looked up in ``stores()``, by default
    the app database's saved profiles."""

    def app_profiles() -> TargetStore:
        from sql.embedded import EmbeddedPostgres

        return TargetStore(settings.database_url or EmbeddedPostgres(settings.pgdata).app_url)

    return resolve_any(target, settings, stores or app_profiles)


def plan(schema: Schema, target: Target, *, detect_renames: bool = True, lock_timeout: float = 60.0,
         statement_timeout: float = 600.0, on_wait: Callable[[str], None] | None = None) -> PushResult:
    """The migration a push of ``schema`` would apply to ``target`` now; changes nothing. It waits
    for another push at most ``lock_timeout`` seconds, like a push (``push_timeouts``)."""
    return plan_push(schema, target, detect_renames=detect_renames, lock_timeout=lock_timeout,
                     statement_timeout=statement_timeout, on_wait=on_wait)


class PushTimeouts(TypedDict):
    lock_timeout: float
    statement_timeout: float


def push_timeouts(settings: Settings) -> PushTimeouts:
    """The lock and statement timeouts every push and plan takes from the settings
    (``WIRETABLE_PUSH_LOCK_TIMEOUT``, ``WIRETABLE_PUSH_STATEMENT_TIMEOUT``), as keyword arguments,
    whether the command line, the web UI or the REST API asks."""
    return PushTimeouts(lock_timeout=settings.push_lock_timeout, statement_timeout=settings.push_statement_timeout)
