"""Forms of the keys a reference holds: integers throughout, or a record's other identifier (``sensor_id`` holding the
``uuid`` of sensors keyed by ``id``)."""

from __future__ import annotations

from inference.drafts import Draft, key_text

#: a record's other identifier beside its key (``{"id": 7, "uuid": "…"}``)
_ALTERNATE_IDS = ("uuid", "guid")


def alternate_id(target: Draft, pk: str, values: set[str]) -> str | None:
    """``sensor_id`` holding texts where the sensors are keyed by integers, each text one sensor's ``uuid``: the name
    says whose record it names, and the record's other identifier (unique in the table) holds every value."""
    if not values or any(v.lstrip("-").isdigit() for v in values):
        return None
    for alternate in _ALTERNATE_IDS:
        if alternate == pk or alternate not in target.paths:
            continue
        held = [key_text(r.values.get(alternate)) for r in target.rows]
        if all(held) and len(set(held)) == len(held) and target.key_hits(values, alternate) == len(values):
            return alternate
    return None


def int_keys(values: set[str]) -> bool:
    """Integers throughout: a column spelt exactly as a reference to an integer-keyed table (``category_id``) holds
    its keys although the capture read other rows of it (a capture sees some of a table's rows). Only for a table
    read record by record: where its collection was listed, keys missing from it speak against the reference."""
    return bool(values) and all(v.isdigit() for v in values)


def joined_id(col: str, target: Draft, pk: str) -> bool:
    """``deviceid`` of ``devices`` keyed ``deviceid``, ``userid`` of ``users`` keyed ``id``: the table's one word and
    ``id`` spelt as one word name its key as ``device_id`` would; a single word only, never after a role
    (``hash_deviceid``, a copy of the record's own key, names nothing)."""
    return "_" not in target.singular and col == f"{target.singular}id" and pk in ("id", col)


def id_named(col: str) -> bool:
    """A name spelt as a reference to some table's id: ``device_id``, or one word ending in ``id`` (``deviceid``)."""
    return col.endswith("_id") or col.isalpha() and col.endswith("id")
