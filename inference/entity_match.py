"""Which table of a schema an object seen in the traffic is a row of.

An object shape (:class:`inference.value_shapes.Shape`) is scored against every table: how many of its
keys are the table's columns with a fitting JSON kind (a nested object counts when the table has
columns flattened from it, ``author`` → ``author_id``; an array when a child table holds it), how
much of the table those keys cover, and four hints: the columns' evidence names the same JSON
path, the table's evidence names the same endpoint, the object sits under a key that a foreign
key of its parent row names (``author`` → ``books.author_id`` → ``authors``) or a child table is
named after, and the key or the endpoint's collection is the table's name. The best table wins
when more than half of the keys are its columns, one of them at least as it is (an object of
references alone, such as a JSON:API ``relationships`` member, is no row); otherwise the object is no entity of the schema.
Nothing here names a dataset: only the schema document and the shape are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inference.naming import singular, snake
from inference.templates import template_covers
from inference.value_shapes import Shape
from kernel.schema import Column, Schema, Table

_KINDS = {
    "smallint": {"integer"}, "integer": {"integer"}, "bigint": {"integer"}, "numeric": {"integer", "number", "string"},
    "real": {"integer", "number"}, "double precision": {"integer", "number"}, "boolean": {"boolean"},
    "timestamp": {"string", "integer", "number"}, "timestamptz": {"string", "integer", "number"},
}
_ANY = {"json", "jsonb"}


def json_kinds(column: Column) -> set[str] | None:
    """The JSON kinds a column's values may arrive as; None for any (json, jsonb)."""
    text = column.type.strip().lower()
    if text.endswith("[]"):
        return {"array"}
    base = text.split("(", 1)[0].strip()
    if base in _ANY:
        return None
    return _KINDS.get(base, {"string"})


def kind_fits(column: Column, shape: Shape) -> bool:
    kinds = json_kinds(column)
    seen = shape.kinds - {"null"}
    return kinds is None or not seen or bool(seen & kinds)


@dataclass
class _Facts:
    table: Table
    columns: dict[str, Column]
    endpoints: list[str]
    paths: dict[str, set[str]]
    refs: dict[str, str] = field(default_factory=dict)  # foreign-key column -> referenced table
    parents: set[str] = field(default_factory=set)


class EntityMatcher:
    """Scores object shapes against the tables of one schema."""

    def __init__(self, schema: Schema) -> None:
        self.facts: dict[str, _Facts] = {}
        for table in schema.tables:
            facts = _Facts(table, {c.name: c for c in table.columns},
                           list(table.evidence.endpoints) if table.evidence else [],
                           {c.name: set(c.evidence.paths) for c in table.columns if c.evidence})
            for fk in table.foreign_keys:
                facts.parents.add(fk.ref_table)
                for column in fk.columns:
                    facts.refs[column] = fk.ref_table
            self.facts[table.name] = facts

    def match(self, shape: Shape, path: str | None = None, endpoint: str | None = None,
              parent: str | None = None, key: str | None = None) -> str | None:
        """The table whose rows ``shape`` describes, or None. ``path`` is the JSON path of the
        objects in their body (``$.data[]``), ``endpoint`` the route template they came from,
        ``parent`` the table of the row they are nested in and ``key`` the key they sit under."""
        if not shape.is_object or not shape.props:
            return None
        best: tuple[float, str] | None = None
        for name, facts in self.facts.items():
            score = self._score(facts, shape, path, endpoint, parent, key)
            if score is not None and (best is None or score > best[0]):
                best = (score, name)
        return best[1] if best else None

    def _score(self, facts: _Facts, shape: Shape, path: str | None, endpoint: str | None,
               parent: str | None, key: str | None) -> float | None:
        hits, direct, used, traced = 0, 0, set(), 0
        for prop_key, prop in shape.props.items():
            name = snake(prop_key)
            column = facts.columns.get(prop_key) or facts.columns.get(name)
            if column is not None and kind_fits(column, prop):
                hits += 1
                direct += 1
                used.add(column.name)
                if path is not None and f"{path}.{prop_key}" in facts.paths.get(column.name, ()):
                    traced += 1
            elif "object" in prop.kinds and (flat := [c for c in facts.columns if c.startswith(name + "_")]):
                hits += 1
                used.update(flat)
            elif "array" in prop.kinds and self._child_named(facts.table.name, name):
                hits += 1
        keys = len(shape.props)
        hinted = self._related(facts, parent, key) or self._named(facts.table.name, key, endpoint)
        if not direct or hits * 2 <= keys or hits < min(2, keys) or (hits < 2 and not hinted):
            return None
        score = 2 * hits / keys + len(used) / max(1, len(facts.columns)) + traced / keys
        if endpoint is not None and any(e == endpoint or template_covers(e, endpoint) or template_covers(endpoint, e)
                                        for e in facts.endpoints):
            score += 0.5
        if self._related(facts, parent, key):
            score += 1.0
        if self._named(facts.table.name, key, endpoint):
            score += 0.5
        return score

    def _related(self, facts: _Facts, parent: str | None, key: str | None) -> bool:
        """The object sits under a key of a ``parent`` row that refers to this table, or this
        table is a child of ``parent`` named after the key."""
        if parent is None or key is None or parent not in self.facts:
            return False
        name = snake(key)
        refs = self.facts[parent].refs
        if any(ref == facts.table.name and (column == name or column.startswith(name + "_"))
               for column, ref in refs.items()):
            return True
        return parent in facts.parents and _ends_with(facts.table.name, name)

    def _child_named(self, table: str, key: str) -> bool:
        return any(table in f.parents and _ends_with(f.table.name, key) for f in self.facts.values())

    @staticmethod
    def _named(table: str, key: str | None, endpoint: str | None) -> bool:
        """The key the objects sit under, or the endpoint's last collection, names the table."""
        words = [snake(key)] if key else []
        if endpoint is not None:
            literals = [s for s in endpoint.partition(" ")[2].split("/") if s and not s.startswith("{")]
            words += literals[-1:]
        target = singular(snake(table))
        return any(singular(snake(w)) == target for w in words)


def _ends_with(table: str, key: str) -> bool:
    table, key = singular(snake(table)), singular(snake(key))
    return table == key or table.endswith("_" + key)


#: The record-keeping date-times nearly every table carries: sharing them tells nothing of two shapes' kinship.
RECORD_TIMES = frozenset({"created_at", "updated_at", "modified_at", "deleted_at", "created", "updated", "modified",
                          "created_on", "updated_on", "date_created", "date_updated", "date_modified", "inserted_at"})


def only_key_and_times(fields: set[str], columns: set[str], key: str) -> bool:
    """Objects whose fields beyond ``key`` and the record-keeping times (a season's ``season_number``, ``status``)
    are none of a table's ``columns``: sharing the key and the times, the objects are no records of that table."""
    telling = fields - {key} - RECORD_TIMES
    return bool(telling) and not telling & columns
