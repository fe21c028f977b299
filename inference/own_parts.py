"""Parts of a record embedded with an id of their own that only spells their holder's.

``"map": {"id": "a4711", "polyline": ..., "summary_polyline": ...}`` inside activity ``4711`` (and ``r93`` inside
route ``93``): an object never served on its own, one in each holder, whose id is the holder's id with a tag
around it, is no entity of its own but a part of its holder (eval rule 3): its fields are the holder's
(``map_id``, ``map_polyline``), not rows of a table the holder references.
"""

from __future__ import annotations

from inference.drafts import Draft, key_text


def inline_own_parts(drafts: dict[str, Draft]) -> None:
    for part in [d for d in drafts.values() if d.kind == "embedded" and d.pk and len(d.pk) == 1 and d.rows]:
        key = part.pk[0] if part.pk else ""
        holders = [(d, fk.columns[0]) for d in drafts.values() for fk in d.fks
                   if fk.ref_table == part.name and len(fk.columns) == 1]
        if not holders or any(not d.pk or len(d.pk) != 1 or d is part or not col.endswith("_" + key)
                              for d, col in holders):
            continue
        by_key = {key_text(r.values.get(key)): r.values for r in part.rows}
        if "" in by_key or not _spells_holders(part, key, holders, set(by_key)):
            continue
        fields = [c for c in part.columns() if c != key]
        if any(col[: -len(key)] + c in holder.paths for holder, col in holders for c in fields):
            continue  # a field of the holder's own by that name
        for holder, col in holders:
            prefix = col[: -len(key)]
            for row in holder.every_row():
                values = by_key.get(key_text(row.values.get(col)))
                for c in fields:
                    if values is not None and c in values:
                        row.values[prefix + c] = values[c]
            for c in fields:
                for path in sorted(part.paths.get(c, ())):
                    holder.note(prefix + c, path)
            holder.fks = [fk for fk in holder.fks if fk.ref_table != part.name]
        del drafts[part.name]


def _spells_holders(part: Draft, key: str, holders: list[tuple[Draft, str]], keys: set[str]) -> bool:
    """Whether each part is held by one record, whose own key its id spells with a short tag of letters before or
    after it (``a4711`` of ``4711``; ``11`` of ``1`` is another number), and every part is held."""
    held: set[str] = set()
    for holder, col in holders:
        pk = holder.pk[0] if holder.pk else ""
        for row in holder.rows:
            ref = key_text(row.values.get(col))
            if not ref:
                continue
            own = key_text(row.values.get(pk))
            tag = ref[: -len(own)] if ref.endswith(own) else ref[len(own):] if ref.startswith(own) else ""
            if ref in held or not own or not tag or len(tag) > 3 or not all(c.isalpha() or c in "_-" for c in tag):
                return False
            held.add(ref)
    return held == keys
