"""Entries of a map keyed by data (``servers: {"": {name: "", ...}, "gpu": {name: "gpu", ...}}``) made rows of a
child table: a field holding the entry's key tells the entries of one parent apart, since an object's keys never
repeat. A parent read at several moments gives one entry several rows: they are one entry, merged, and (parent,
that field) keys the table; the map's default entry may be keyed by the empty string."""

from __future__ import annotations

from inference.drafts import Draft, Row, key_text
from inference.keys import composite_unique, fill_row
from inference.types import is_missing

#: Fields that tell a parent's child rows apart, best first.
CHILD_KEYS = ("key", "name", "code", "slug", "step", "position", "index", "number", "date", "locale", "language")


def child_composite_key(draft: Draft) -> None:
    """A child row that names one other entity is identified by (parent, that entity); else by
    (parent, a field unique within the parent) such as a pair's ``key`` or a series' ``step``."""
    if draft.kind != "child" or draft.pk is not None or not draft.parent:
        return
    parent_fk = next((fk for fk in draft.fks if fk.ref_table == draft.parent), None)
    if parent_fk is None or len(parent_fk.columns) != 1:
        return
    others = [fk for fk in draft.fks if fk is not parent_fk and len(fk.columns) == 1]
    if len(others) == 1 and composite_unique(draft, cols := [parent_fk.columns[0], others[0].columns[0]]):
        draft.pk = cols
        return
    # {key, value} pairs, steps of a series, named parameters: unique within their parent
    columns = draft.columns()
    for field in CHILD_KEYS:
        if field in columns and map_entry_key(draft, cols := [parent_fk.columns[0], field], field):
            draft.pk = cols
            return


def map_entry_key(draft: Draft, columns: list[str], field: str) -> bool:
    """(parent, ``field``) keys the child rows: unique already, or ``field`` is held by entries of maps keyed by data
    (no key column was added to them: a field of each holds its key) and the rows sharing a pair are one entry read
    again (they agree on some other field), which are merged."""
    if composite_unique(draft, columns):
        return True
    paths = draft.paths.get(field, set())
    if not paths or not all(p.rpartition(".")[0].endswith(".*") for p in paths) or "key" in draft.columns():
        return False
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in draft.rows:
        parent, value = row.values.get(columns[0]), row.values.get(field)
        if is_missing(parent) or parent == "" or not isinstance(value, str | int) or isinstance(value, bool):
            return False
        groups.setdefault((key_text(parent), key_text(value)), []).append(row)
    if not all(_one_entry(rows, columns) for rows in groups.values() if len(rows) > 1):
        return False
    draft.had_rows_before_merge = max(draft.had_rows_before_merge, len(draft.rows))
    if draft.raw_rows is None:
        draft.raw_rows = list(draft.rows)
    for target, *others in groups.values():
        for row in others:
            fill_row(draft, target, row)
    draft.rows = [rows[0] for rows in groups.values()]
    return True


def _one_entry(rows: list[Row], columns: list[str]) -> bool:
    """Rows that agree on some field besides the pair: one entry read at several moments."""
    first = rows[0].values
    return any(not col.startswith("__") and col not in columns and not is_missing(value)
               and all(r.values.get(col) == value for r in rows[1:]) for col, value in first.items())
