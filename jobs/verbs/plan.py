"""Plan: read a schema document, resolve a push target, and show the migration a push would run.

Also the two steps push shares with plan: :func:`load_valid` (a schema document with no errors)
and :func:`resolve_target` (a keyword, a URL or a saved profile's name as a target).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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


def plan(schema: Schema, target: Target, *, detect_renames: bool = True) -> PushResult:
    """The migration a push of ``schema`` would apply to ``target`` now; changes nothing."""
    return plan_push(schema, target, detect_renames=detect_renames)
