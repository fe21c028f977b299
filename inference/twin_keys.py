"""A key spelt twice: Mongo's ``_id`` beside the ``id`` its object mappers add (Mongoose's ``id`` virtual).

Document stores name a record's key ``_id``; their object mappers add an ``id`` that repeats it, so answers carry
both (``{"_id": "7bc0…", "id": "7bc0…"}``). When the two agree in every record that holds either, they are one
key: a single column, not ``id`` and ``id_2``.
"""

from __future__ import annotations

from inference.drafts import Draft

_TWINS = ("_id", "id")


def drop_twin_keys(draft: Draft) -> None:
    """Mark the second column of a key spelt both ``_id`` and ``id`` (same values in every record) as dropped."""
    by_prefix: dict[str, dict[str, str]] = {}
    for (prefix, raw), column in draft.key_columns.items():
        if raw in _TWINS:
            by_prefix.setdefault(prefix, {})[raw] = column
    for twins in by_prefix.values():
        if len(twins) != 2:
            continue
        first, second = sorted(twins.values(), key=lambda c: (len(c), c))
        if first in draft.dropped or second in draft.dropped:
            continue
        holding = [r.values for r in draft.rows if r.values.get(first) is not None or r.values.get(second) is not None]
        if holding and all(v.get(first) == v.get(second) for v in holding):
            draft.dropped.add(second)
