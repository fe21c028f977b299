"""Alias maps: a keyless list of pairs naming one record by two names (``{"from": "Old Quay", "to": "Harbour
Quay"}``), one of them the record's own unique name in a served table, is a table of other names each leading to
that record: keyed by the other name, referencing the record by the name it holds.
"""

from __future__ import annotations

from inference.drafts import Draft, FKDraft
from inference.keys import pk_of


def _texts(draft: Draft, column: str) -> list[str] | None:
    values = [row.values.get(column) for row in draft.rows]
    return [v for v in values if isinstance(v, str)] if all(isinstance(v, str) and v for v in values) else None


def _unique_names(drafts: dict[str, Draft], skip: Draft) -> list[tuple[Draft, str, set[str]]]:
    """Text columns other than the key of keyed tables, held by every row once: the records' own names."""
    found = []
    for target in drafts.values():
        pk = pk_of(target) if target is not skip and target.kind in ("entity", "child") else None
        if pk is None or len(target.rows) < 2:
            continue
        for column in target.columns():
            texts = _texts(target, column) if column != pk else None
            if texts is not None and len(set(texts)) == len(texts) and not any(t.isdigit() for t in texts):
                found.append((target, column, set(texts)))
    return found


def key_aliases(drafts: dict[str, Draft]) -> None:
    """Key each alias map (see the module) by its other name and reference the named table."""
    for draft in list(drafts.values()):
        if draft.kind in ("entity", "join", "association") or draft.pk or draft.fks or not draft.rows:
            continue
        columns = draft.columns()
        if len(columns) != 2:
            continue
        texts = {c: _texts(draft, c) for c in columns}
        if any(t is None for t in texts.values()):
            continue
        for named, other in (columns, columns[::-1]):
            names, aliases = set(texts[named] or ()), texts[other] or []
            pairs = {(row.values[other], row.values[named]) for row in draft.rows}
            if len({alias for alias, _ in pairs}) != len(pairs):
                continue  # an alias leading to two records is no key
            target = next(((t, c) for t, c, held in _unique_names(drafts, draft)
                           if names <= held and not set(aliases) <= held), None)
            if target is not None:
                draft.pk = [other]
                draft.add_fk(FKDraft([named], target[0].name, [target[1]],
                                     "an alias map: the other name of a record its table names uniquely", 0.6))
                target[0].alternate_keys.add(target[1])
                break
