"""What every page needs: settings, the job store and the runner, built once per app."""

from __future__ import annotations

from dataclasses import dataclass

from jobs.reinferring import recover
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.settings import Settings


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    store: JobStore
    runner: JobRunner


def build_context(settings: Settings) -> AppContext:
    """Open the app database (embedded Postgres unless WIRETABLE_DATABASE_URL is set)."""
    url = settings.database_url
    if not url:
        from sql.embedded import EmbeddedPostgres

        url = EmbeddedPostgres(settings.pgdata).app_url
    store = JobStore(url)
    if settings.queue == "postgres":
        from jobs.queue import recover_unqueued

        recover_unqueued(store)
    else:
        store.recover_interrupted()
    runner = JobRunner(settings, store)
    recover(runner, queued_too=settings.queue != "postgres")
    return AppContext(settings=settings, store=store, runner=runner)
