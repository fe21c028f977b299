"""Data: the targets a job pushed to, and the rows of a pushed table a page at a time.

Every successful push of a job records, on the event that ends it, the target it was given with
any password removed (:func:`secretless`): a keyword, a saved profile's name or a URL. Reading the
target again resolves that the way a push does: a profile with the secrets this process holds
(``jobs.targets``), ``supabase`` from the environment, and a URL that is the configured
``WIRETABLE_TARGET_URL`` without its password with that password. Rows are read with
:func:`sql.rows.read_rows` (read-only, bounded by :data:`READ_STATEMENT_TIMEOUT`, names quoted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from jobs.events import PushFinished
from jobs.store import JobStore
from jobs.targets import TargetStore, split_password
from jobs.verbs.plan import resolve_target
from kernel.errors import PushError
from kernel.settings import Settings
from sql.embedded import URL_SCHEMES
from sql.rows import RowsColumn, RowsPage, existing_tables, read_rows

__all__ = ["PAGE_ROWS", "READ_STATEMENT_TIMEOUT", "PushedTarget", "RowsColumn", "RowsPage", "pushed_tables",
           "pushed_targets", "secretless", "table_rows"]

#: Rows per page of the data view.
PAGE_ROWS = 100
#: Seconds one statement reading a target may run, as for the generated REST API's reads.
READ_STATEMENT_TIMEOUT = 10.0
#: Characters of a value shown in a cell; longer values end with "…".
CELL_CHARS = 200

@dataclass(frozen=True)
class PushedTarget:
    """A target a job was pushed to: ``target`` names it again (no secret), ``label`` shows it."""

    target: str
    label: str
    at: datetime


def secretless(target: str) -> str:
    """``target`` with the password of a URL (in its user part or a ``password=`` parameter) removed."""
    cleaned = target.strip()
    if not cleaned.lower().startswith(URL_SCHEMES):
        return cleaned
    url, _ = split_password(cleaned)
    parts = urlsplit(url)
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0].lower() != "password"]
    return urlunsplit(parts._replace(query="&".join(kept)))


def pushed_targets(store: JobStore, job_id: str) -> list[PushedTarget]:
    """The targets the job's pushes applied to, the latest push's first, each once."""
    seen: dict[str, PushedTarget] = {}
    for event in reversed(store.push_events(job_id)):
        data = event.data
        if not isinstance(data, PushFinished) or not data.ok:
            continue
        recorded = data.result.get("target")
        label = recorded if isinstance(recorded, str) else None
        # Pushes recorded before their target was kept name it by its label: a URL unless it held a password.
        target = data.target or (label if label and label.lower().startswith(URL_SCHEMES) and "***" not in label
                                 else None)
        if target and target not in seen:
            seen[target] = PushedTarget(target=target, label=label or target, at=event.at)
    return list(seen.values())


def _url(target: str, settings: Settings, stores: Callable[[], TargetStore] | None) -> str:
    configured = settings.target_url
    if configured and target == secretless(configured):
        target = configured
    resolved, _ = resolve_target(target, settings, stores)
    if resolved.url is None:
        raise PushError(f"{resolved.label} is reached through the Supabase Management API: its rows can be read "
                        "only over a Postgres connection (use SUPABASE_DB_URL or a Postgres profile)")
    return resolved.url


def table_rows(settings: Settings, target: str, table: str, *, stores: Callable[[], TargetStore] | None = None,
               offset: int = 0, limit: int = PAGE_ROWS, order_by: str | None = None,
               descending: bool = False, max_chars: int = CELL_CHARS) -> RowsPage:
    """A page of ``table``'s rows in ``target`` (a keyword, a URL or a saved profile's name),
    ordered by ``order_by`` when given; PushError when the target cannot be reached or lacks the
    table or column."""
    return read_rows(_url(target, settings, stores), table, offset=offset, limit=limit, order_by=order_by,
                     descending=descending, max_chars=max_chars, statement_timeout=READ_STATEMENT_TIMEOUT)


def pushed_tables(settings: Settings, target: str, names: list[str], *,
                  stores: Callable[[], TargetStore] | None = None) -> list[str]:
    """Those of ``names`` that are tables in ``target``, in the order given."""
    present = set(existing_tables(_url(target, settings, stores), statement_timeout=READ_STATEMENT_TIMEOUT))
    return [name for name in names if name in present]
