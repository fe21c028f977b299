"""The captured samples that every patch is checked against, and the endpoint statistics.

:func:`collect_samples` runs the same record collection and resolution that inference runs, so
that its tables and columns are the heuristic schema's, and keeps each table's flattened rows (a
deterministic sample past :data:`MAX_ROWS`) plus every value known for key-like columns, so a
foreign key is judged against all keys that were seen. Renames and merges applied by the advisor
are mirrored here, so later patches are checked under the new names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from inference.drafts import Draft, key_text
from inference.endpoints import endpoint_template, is_api_exchange
from inference.templates import collapse_templates, template_covers
from inference.types import is_missing
from kernel.exchange import Exchange
from kernel.schema import Schema

#: Rows kept per table for checks; past it a deterministic stride sample.
MAX_ROWS = 5_000


@dataclass
class TableSamples:
    rows: list[dict[str, Any]] = field(default_factory=list)
    #: Values known for a column beyond ``rows`` (key indexes, embedded references), as text.
    keys: dict[str, set[str]] = field(default_factory=dict)

    def values(self, column: str) -> list[Any]:
        """Every observed value of ``column`` that is not missing (null or a null sentinel)."""
        return [r[column] for r in self.rows if column in r and not is_missing(r[column])]

    def key_texts(self, column: str) -> set[str]:
        texts = {key_text(v) for v in self.values(column)} | self.keys.get(column, set())
        texts.discard("")
        return texts


@dataclass
class EndpointStat:
    template: str
    count: int
    statuses: list[int]


@dataclass
class Samples:
    tables: dict[str, TableSamples] = field(default_factory=dict)
    endpoints: list[EndpointStat] = field(default_factory=list)
    exchanges: int = 0

    def table(self, name: str) -> TableSamples | None:
        return self.tables.get(name)

    def rename_table(self, old: str, new: str) -> None:
        if old in self.tables:
            self.tables[new] = self.tables.pop(old)

    def rename_column(self, table: str, old: str, new: str) -> None:
        samples = self.tables.get(table)
        if samples is None:
            return
        for row in samples.rows:
            if old in row:
                row[new] = row.pop(old)
        if old in samples.keys:
            samples.keys[new] = samples.keys.pop(old)

    def merge(self, source: str, into: str) -> None:
        src = self.tables.pop(source, None)
        if src is None:
            return
        dst = self.tables.setdefault(into, TableSamples())
        dst.rows.extend(src.rows)
        for column, texts in src.keys.items():
            dst.keys.setdefault(column, set()).update(texts)

    def aligned(self, schema: Schema) -> Samples:
        """A copy whose tables carry ``schema``'s names where a table was renamed since capture.

        A schema table without samples of its name takes the unclaimed sample table that shares
        most of its column names (at least half), so an edited schema is still checked on data.
        """
        out = self.copy()
        free = {name for name in out.tables if schema.table(name) is None}
        for table in schema.tables:
            if table.name in out.tables or not free:
                continue
            columns = {c.name for c in table.columns}

            def overlap(name: str, columns: set[str] = columns) -> float:
                theirs = {k for row in out.tables[name].rows[:50] for k in row}
                return len(columns & theirs) / max(1, len(columns | theirs))

            best = max(sorted(free), key=overlap)
            if overlap(best) >= 0.5:
                out.rename_table(best, table.name)
                free.discard(best)
        return out

    def copy(self) -> Samples:
        return Samples(
            tables={name: TableSamples([dict(r) for r in t.rows], {c: set(v) for c, v in t.keys.items()})
                    for name, t in self.tables.items()},
            endpoints=list(self.endpoints),
            exchanges=self.exchanges,
        )


def _table_samples(draft: Draft) -> TableSamples:
    rows = draft.rows
    if len(rows) > MAX_ROWS:
        step = len(rows) / MAX_ROWS
        rows = [rows[int(i * step)] for i in range(MAX_ROWS)]
    kept = [{k: v for k, v in r.values.items() if not k.startswith("__")} for r in rows]
    keys: dict[str, set[str]] = {}
    for column in set(draft.key_index) | set(draft.ref_values):
        if not column.startswith("__"):
            keys[column] = draft.key_values(column)
    return TableSamples(kept, keys)


class _EndpointTap:
    """Counts API endpoint templates and their statuses while the exchanges stream past."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.statuses: dict[str, set[int]] = defaultdict(set)
        self.exchanges = 0

    def tap(self, exchanges: Iterable[Exchange]) -> Iterator[Exchange]:
        for exchange in exchanges:
            self.exchanges += 1
            if is_api_exchange(exchange):
                template = endpoint_template(exchange.request.method, exchange.request.url)
                if template:
                    self.counts[template] += 1
                    self.statuses[template].add(exchange.response.status)
            yield exchange

    def stats(self) -> list[EndpointStat]:
        collapsed = collapse_templates(dict(self.counts))
        statuses: dict[str, set[int]] = defaultdict(set)
        for template, found in self.statuses.items():
            target = template if template in collapsed else next(
                (c for c in collapsed if template_covers(c, template)), template)
            statuses[target] |= found
        return sorted((EndpointStat(t, n, sorted(statuses.get(t, ()))) for t, n in collapsed.items()),
                      key=lambda e: (-e.count, e.template))


def collect_samples(exchanges: Iterable[Exchange]) -> Samples:
    """The samples behind the heuristic schema of the same exchanges (consumed as a stream)."""
    from inference.entities import Collector
    from inference.relations import resolve

    tap = _EndpointTap()
    collector = Collector()
    collector.observe_all(tap.tap(exchanges))
    resolve(collector)
    tables = {name: _table_samples(d) for name, d in collector.drafts.items() if d.rows}
    return Samples(tables=tables, endpoints=tap.stats(), exchanges=tap.exchanges)
