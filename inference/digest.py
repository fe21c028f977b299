"""Digests: what the reading process of ``wiretable infer`` works out about a page, so that
inference need not parse it.

A large HAR is read in a second process (:func:`capture.har.iter_har_for_inference_parallel`).
While that process is ahead of inference, it parses some of the JSON bodies itself and sends a
:data:`inference.entities.Digest` with each: the page's route template and table, its record
count, and what counting a page past the row cap needs, namely the record shapes and the
key-like values to index. The body travels too.

Inference takes a digest only when it gives exactly what parsing would
(:meth:`inference.entities.Collector._take_digest`):

- the table is already past its row cap;
- every record shape is known;
- nested objects are identified as the digest identified them.

Otherwise it parses the body as usual. The schema therefore does not depend on which pages were
digested, or whether any were.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from types import ModuleType

    from capture.har_fast import LightExchange
    from inference.entities import Digest, Shape
    from kernel.exchange import Exchange

#: Record shapes numbered at most; past that, pages with new shapes go undigested.
MAX_NUMBERED = 20_000


class Digester:
    """Makes digests in the reading process; numbers record shapes the first time it sends them."""

    def __init__(self) -> None:
        self.numbers: dict[Shape, int] = {}

    def __call__(self, exchange: Exchange | LightExchange) -> Digest | None:
        """The digest of one exchange, or None when it holds several batches (those are read in
        full by inference)."""
        entities = _entities()
        batches = entities.exchange_batches(cast("Exchange", exchange))  # a LightExchange has every field read
        if not batches:
            return ()
        if len(batches) > 1:
            return None
        route, name, unwrapped = batches[0]
        records = unwrapped.records
        refs: list[int] = []
        defs: list[tuple[int, Shape]] = []
        asked: list[tuple[tuple[str, ...], str]] = []
        pairs: list[tuple[str, Sequence[Any]]] = []

        def emit(column: str, values: Sequence[Any]) -> None:
            pairs.append((column, values))

        groups = entities.page_groups(records)
        shapes = [(keys, kind) for keys, _columns, kinds in groups for kind in kinds]
        numbers = self.numbers
        if len(numbers) + len(shapes) > MAX_NUMBERED and not all(shape in numbers for shape in shapes):
            return None
        for keys, columns, kinds in groups:
            # No natural keys are known here; inference checks that its own would change nothing.
            entities.index_columns(emit, {}, keys, columns, "", 0, kinds, asked)
        for shape in shapes:  # last: a number is given only in a digest that is sent
            number = numbers.get(shape)
            if number is None:
                number = numbers[shape] = len(numbers)
                defs.append((number, shape))
            refs.append(number)
        return ((route.template, name, entities.first_id_key(name, records), len(records), tuple(refs), tuple(defs),
                 tuple(asked), tuple(pairs)),)


def _entities() -> ModuleType:
    """:mod:`inference.entities`, imported on the first digest: ``wiretable infer`` starts its
    reading process before loading it, and digests come later (see :mod:`wiretable.launch`)."""
    import inference.entities

    return inference.entities
