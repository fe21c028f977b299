"""Infer: captured traffic (an Exchange JSONL file or a HAR) in, a Schema out.

``infer_file`` is the one-shot path of ``wiretable infer``; the job runner infers from a job's
stored traffic with ``infer_exchanges``. HAR files are read redacted, as every capture is.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kernel.errors import CaptureError
from kernel.exchange import Exchange, is_har, read_exchanges
from kernel.schema import Schema


@dataclass(frozen=True)
class SchemaCounts:
    """How big an inferred schema is, as the CLI and the job page report it."""

    tables: int
    columns: int
    foreign_keys: int

    @classmethod
    def of(cls, schema: Schema) -> SchemaCounts:
        return cls(len(schema.tables), sum(len(t.columns) for t in schema.tables),
                   sum(len(t.foreign_keys) for t in schema.tables))

    def message(self) -> str:
        return f"inferred {self.tables} tables, {self.columns} columns, {self.foreign_keys} foreign keys"

    def counters(self) -> dict[str, int]:
        return {"tables": self.tables, "columns": self.columns, "foreign_keys": self.foreign_keys}


def read_traffic(path: Path) -> Iterator[Exchange]:
    """The exchanges of a capture file: a HAR (read redacted) or JSONL, told by its content.

    Raises CaptureError when the file is missing or unreadable.
    """
    from capture.har import iter_traffic

    return iter_traffic(path)


def infer_exchanges(exchanges: Iterable[Exchange], *, name: str, answers_redacted: bool = True) -> Schema:
    """Infer the schema of ``exchanges`` (see :func:`inference.infer_schema`)."""
    from inference import infer_schema

    return infer_schema(exchanges, name=name, answers_redacted=answers_redacted)


def infer_file(traffic: Path, *, name: str | None = None) -> Schema:
    """Infer the schema behind a capture file; the schema is named after the file unless ``name``."""
    from capture.forked_answers import SPLIT_AT, iter_forked_answers
    from capture.har_answers import iter_har_answers
    from inference.endpoints import wants_body

    if not traffic.exists():
        raise CaptureError(f"no such file: {traffic}")
    if not traffic.is_file():
        raise CaptureError(f"{traffic} is not a regular file (a pipe, device or folder cannot be read as traffic)")
    har = is_har(traffic)
    # Only what inference reads of a HAR: methods, redacted URLs, statuses, content types, and the
    # JSON answers that can be API data, redacted by inference, which redacts what it keeps and
    # tests the rest; headers and other bodies are never decoded.
    # A large HAR is read by a second process (where it can run on a core of its own) while this one infers.
    if har:
        reader = iter_forked_answers if traffic.stat().st_size >= SPLIT_AT else iter_har_answers
        exchanges = reader(traffic, keep_body=wants_body)
    else:
        exchanges = read_exchanges(traffic)
    with _collector_off():
        return infer_exchanges(exchanges, name=name or traffic.stem, answers_redacted=not har)


def import_har(har: Path, traffic: Path) -> int:
    """Convert a HAR into a job's Exchange JSONL (redacted, written atomically); returns the count."""
    from capture.har import iter_har_exchanges

    count = 0
    tmp = traffic.with_suffix(".jsonl.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as out:
            for exchange in iter_har_exchanges(har):
                out.write(exchange.to_json_line() + "\n")
                count += 1
        tmp.replace(traffic)
    finally:
        tmp.unlink(missing_ok=True)
    return count


@contextmanager
def _collector_off() -> Iterator[None]:
    """A one-shot inference keeps tens of thousands of rows alive and creates few reference cycles
    (a few thousand objects in a 100 MB capture), so the cyclic garbage collector is off meanwhile: its
    passes over the rows only find them alive (1 to 2% of the inferring process's CPU time, and of the
    reading child's, which is forked inside). What cycles there are wait for the next collection.
    Only the command line's process does this: it changes the whole process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
