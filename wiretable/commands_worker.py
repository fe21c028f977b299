"""``wiretable worker``: run jobs from the task queue in the app database, on any machine reaching it."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from kernel.errors import WiretableError


def worker(
    concurrency: Annotated[int | None, typer.Option(
        min=1, max=64, help="Jobs this worker runs at once (default WIRETABLE_WORKER_CONCURRENCY, 2).")] = None,
    queue: Annotated[list[str] | None, typer.Option(
        "--queue", "-q", help="Take tasks only from this queue: captures, imports or pushes (repeatable; default all).")]
    = None,
    name: Annotated[str | None, typer.Option(help="This worker's name in the logs.")] = None,
) -> None:
    """Run queued jobs (captures, HAR imports with their inference, pushes, re-inference) until stopped.

    Needs the app database the server uses (WIRETABLE_DATABASE_URL, or the embedded one under
    WIRETABLE_HOME) and a server started with WIRETABLE_QUEUE=postgres.
    """
    import asyncio  # imported here: every other command starts faster without it

    from jobs.queue import QUEUES, TaskQueue
    from jobs.store import JobStore
    from kernel.settings import Settings

    settings = Settings()
    chosen = tuple(queue or QUEUES)
    unknown = [q for q in chosen if q not in QUEUES]
    try:
        if unknown:
            raise WiretableError(f"unknown queue {unknown[0]!r}: choose {' or '.join(QUEUES)}")
        url = settings.database_url
        if not url:
            from sql.embedded import EmbeddedPostgres

            url = EmbeddedPostgres(settings.pgdata).app_url
        task_queue = TaskQueue(settings, JobStore(url))
    except WiretableError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    typer.echo(f"worker {name or ''} taking {', '.join(chosen)} (at most {concurrency or settings.worker_concurrency}"
               " at once); Ctrl+C to stop", err=True)
    asyncio.run(task_queue.work(concurrency=concurrency or settings.worker_concurrency, queues=chosen, name=name))
