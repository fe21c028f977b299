"""Catalogues of another table's fields: answers that describe columns, not rows.

A data grid asks the server which columns to show (``GET /grid/columns?board=3`` answering
``[{"id": "created_at", "title": "Created", "type": "Datetime", "visible": true}, …]``): each record is keyed by the
name of a field that another table's records hold. Such records configure the UI over that table; they are no table
of their own (the fields they describe are already its columns).
"""

from __future__ import annotations

from inference.drafts import Draft, key_text
from inference.identity import first_id_key

#: Keys that must name another table's columns before a table is read as a catalogue of them.
MIN_NAMED = 5


def drop_field_catalogs(drafts: dict[str, Draft]) -> None:
    """Leave out each listed table whose records are keyed (by an id-like field every record holds) by texts naming,
    for half of them at least and ``MIN_NAMED`` at least, columns of one other table; with it the tables nested in
    it. Run before relations are resolved, so that no list naming such fields is read as a join to it."""
    columns = {d.name: set(d.columns()) for d in drafts.values() if d.kind == "entity" and d.rows}
    for draft in list(drafts.values()):
        if draft.kind != "entity" or not draft.listed or draft.name not in drafts:
            continue
        key = first_id_key(draft.name, [r.values for r in draft.rows])
        keys = {key_text(r.values.get(key)) for r in draft.rows} if key is not None else set()
        if "" in keys or len(keys) < MIN_NAMED or any(k.isdigit() for k in keys):
            continue
        if not any(len(keys & names) >= max(MIN_NAMED, len(keys) / 2)
                   for name, names in columns.items() if name != draft.name):
            continue
        for name in {draft.name} | {d.name for d in drafts.values() if d.parent == draft.name}:
            drafts.pop(name, None)
