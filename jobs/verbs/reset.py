"""Reset: drop and recreate the schema's tables that wiretable's own pushes created (``sql.reset``).

Destroys rows, so it refuses unless confirmed. Only Postgres targets reached by URL (the
embedded server, a URL, a saved profile with a URL) can be reset; the Management API route
cannot, since the reset must read the ledger and run in one transaction on one connection.
"""

from __future__ import annotations

from pathlib import Path

from jobs.verbs.plan import load_valid, resolve_target
from kernel.errors import PushError
from kernel.settings import Settings
from sql.reset import ResetResult, reset

__all__ = ["ResetResult", "reset_target"]


def reset_target(schema_path: Path, target: str, *, confirmed: bool, settings: Settings | None = None) -> ResetResult:
    if not confirmed:
        raise PushError("reset drops the tables wiretable created and every row in them: add --yes to go ahead")
    doc = load_valid(schema_path)
    resolved, _ = resolve_target(target, settings or Settings())
    if resolved.url is None:
        raise PushError(f"{resolved.label}: reset needs a Postgres connection (a URL, 'embedded' or "
                        "SUPABASE_DB_URL), not the Management API")
    return reset(doc, resolved.url, applied_by="wiretable reset", label=resolved.label)
