"""Hearing of new job events as they are stored, by whichever process stores them.

Every event the job store writes is announced on the app database's ``wiretable_job_events``
channel (``NOTIFY``, delivered when its transaction commits). :class:`EventFeed` holds one
connection that ``LISTEN``\\ s on it, in a thread of its own, and wakes the subscribers of that
job: the job page and the API's event stream of the web app, a worker watching for a cancel.

- A subscriber is woken, never handed the event: it reads what is new from the store, so a
  wake-up that arrives twice or late costs one read, and nothing is lost.
- Polling stays the fallback. While the feed is not listening (the database went away, the
  connection dropped) :attr:`EventFeed.listening` is False and readers poll more often; once it
  listens again every subscriber is woken, for the events that were announced in between.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from psycopg import sql

from jobs.store import EVENTS_CHANNEL

log = logging.getLogger("wiretable.feed")

Wake = Callable[[], None]
RETRY_SECONDS = (0.25, 0.5, 1.0, 2.0)  # between attempts to listen again, then every 2 s


class EventFeed:
    """One ``LISTEN`` connection per process; see the module docstring."""

    def __init__(self, conninfo: str, *, channel: str = EVENTS_CHANNEL) -> None:
        self.conninfo = conninfo
        self.channel = channel
        self._subscribers: dict[str, list[Wake]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def subscribe(self, job_id: str, wake: Wake) -> Callable[[], None]:
        """Call ``wake`` (from the feed's thread) after each event of ``job_id``; returns the
        function that ends the subscription."""
        with self._lock:
            self._subscribers.setdefault(job_id, []).append(wake)

        def unsubscribe() -> None:
            with self._lock:
                wakes = self._subscribers.get(job_id, [])
                if wake in wakes:
                    wakes.remove(wake)
                if not wakes:
                    self._subscribers.pop(job_id, None)

        return unsubscribe

    def start(self, wait: float = 5.0) -> EventFeed:
        """Start listening; waits up to ``wait`` seconds for the first ``LISTEN`` (polling covers
        the time until then if the database is slow to answer)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="wiretable-event-feed", daemon=True)
            self._thread.start()
        self._listening.wait(wait)
        return self

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(5)
        self._thread = None

    def wait_listening(self, timeout: float) -> bool:
        return self._listening.wait(timeout)

    # the feed's thread --------------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    self._listening.set()
                    failures = 0
                    self._wake_all()  # events stored while nobody listened are read now
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self._wake(note.payload)
            except psycopg.Error as exc:
                if not self._stop.is_set():
                    log.warning("job events: not listening (%s); polling until the app database answers",
                                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
            finally:
                self._listening.clear()
            self._stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
            failures += 1

    def _wake(self, payload: str) -> None:
        job_id = payload.rpartition(":")[0]
        with self._lock:
            wakes = list(self._subscribers.get(job_id, ()))
        for wake in wakes:
            self._call(wake)

    def _wake_all(self) -> None:
        with self._lock:
            wakes = [w for ws in self._subscribers.values() for w in ws]
        for wake in wakes:
            self._call(wake)

    @staticmethod
    def _call(wake: Wake) -> None:
        try:
            wake()
        except Exception:  # a subscriber that broke must not stop the feed
            log.exception("a job event subscriber failed")
