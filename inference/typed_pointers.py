"""Typed pointers: an object of two fields, a record's id and the type of that record (``{"rid": "9f…", "rtype":
"device"}``, ``{"id": "42", "type": "user"}``, ``{"target_id", "target_type"}``), names its record by both. Where
every pointer a column holds names one type, and that type is a served table's (``device`` -> ``devices``), the id
references that table and the constant tag is no column (it is the referenced record's own type). Pointers naming
several types (a polymorphic owner), or one record only (nothing says the field names no other type), keep their tag
and reference no one table.
"""

from __future__ import annotations

from inference.drafts import Draft
from inference.naming import plural, snake

#: The endings a tag's name has, and the id beside it shares its stem (``rtype``/``rid``, ``owner_type``/``owner_id``).
_TAG_ENDINGS = ("type", "kind")


def _parents(draft: Draft, col: str) -> set[str]:
    return {p.rpartition(".")[0] for p in draft.paths.get(col, ())}


def _kind_table(kind: str) -> str:
    for sep in ("#", "/", ":", "."):
        kind = kind.rpartition(sep)[2]
    return plural(snake(kind))


def pointer_tags(draft: Draft, tables: dict[str, Draft]) -> dict[str, tuple[str, str]]:
    """The id columns of the typed pointers ``draft`` holds (see the module) -> the table their one type names and
    the tag's column; ``tables`` the served tables by name."""
    out: dict[str, tuple[str, str]] = {}
    columns = draft.columns()
    for tag in columns:
        ending = next((e for e in _TAG_ENDINGS if tag.endswith(e)), None)
        if ending is None or tag in draft.jsonb:
            continue
        key = tag[: -len(ending)] + "id"
        where = _parents(draft, tag)
        if key not in draft.paths or not where or _parents(draft, key) != where:
            continue
        if any(c not in (tag, key) and _parents(draft, c) & where for c in columns):
            continue  # a record's own id and type beside its other fields, no pointer
        values = draft.values(tag)
        kind = values[0] if values else None
        if not isinstance(kind, str) or not kind or any(v != kind for v in values):
            continue  # no one text: several kinds, or values of other types (lists and objects too)
        name = _kind_table(kind)
        target = tables.get(name)
        if target is None or target is draft or target.pk is None or len(target.pk) != 1:
            continue
        ids = {str(v) for v in draft.values(key) if v is not None}
        if len(ids) < 2 or target.key_hits(ids, target.pk[0]) * 2 < len(ids):
            continue  # one record named says nothing of the field's one type; most ids no served record of it
        out[key] = (name, tag)
    return out
