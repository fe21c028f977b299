"""The inference pipeline: exchanges in, a :class:`kernel.schema.Schema` out (see :mod:`inference`)."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from inference.build import build_schema
from inference.entities import Collector
from inference.relations import resolve
from kernel.errors import InferenceError
from kernel.exchange import Exchange
from kernel.schema import Schema


def infer_schema(exchanges: Iterable[Exchange], name: str = "schema") -> Schema:
    """Infer tables, columns, types, keys and relations from captured API traffic.

    The exchanges are consumed as a stream and memory stays bounded however many there are
    (see :mod:`inference.drafts`); below the sampling caps the result is exact.
    Raises InferenceError when no exchange carries a JSON API response to learn from.
    """
    with _fewer_collections():
        return _infer(exchanges, name)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Inference keeps tens of thousands of rows alive and creates few reference cycles, so the
    cyclic garbage collector runs less often meanwhile (its full passes over the rows cost more
    than they free)."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], 50_000), max(previous[1], 20), max(previous[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _infer(exchanges: Iterable[Exchange], name: str) -> Schema:
    collector = Collector()
    collector.observe_all(exchanges)
    count = collector.exchanges
    if not any(d.rows for d in collector.drafts.values()):
        raise InferenceError(
            f"no JSON API responses found in the capture ({count} exchanges; "
            "static files, HTML, errors and third-party requests are ignored)",
            exchanges=count,
        )
    resolve(collector)
    schema = build_schema(list(collector.drafts.values()), name)
    if not schema.tables:
        raise InferenceError(
            f"no JSON API responses found in the capture ({count} exchanges held no records)",
            exchanges=count,
        )
    return schema
