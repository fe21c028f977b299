"""Embedded copies of an entity's records: the ones its own endpoints never served are its records too, and so is a
copy of a served record that shows fields the served reads lack (an episode embedded in a queue item on request, with
its ``absolute_number``): another read of that record, more complete, whose fields are the entity's columns and whose
missing fields make theirs nullable. A stub (a few fields and a link) is no such read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from inference.drafts import Draft, Row, key_text
from inference.keys import merge_rows
from inference.links import is_link
from inference.naming import singular, snake
from inference.types import detect_uuid
from inference.versioned_values import property_values

if TYPE_CHECKING:
    from inference.entities import Collector, PendingObject


def add_unseen(collector: Collector, target: Draft, items: list[PendingObject], ref_key: str) -> None:
    """Embedded copies of records that the entity's own endpoints never served are records of
    the entity too (with only the fields the copy shows); copies of served records showing more are reads of them
    (see the module docstring)."""
    pk = target.pk[0] if target.pk and len(target.pk) == 1 else None
    if pk != snake(ref_key) or target.sampled:
        return
    known = {key_text(r.values.get(pk)) for r in target.rows}
    columns, richer = set(target.columns()), False
    for item in items:
        key = key_text(item.obj.get(ref_key))
        if key in known and _richer(item.obj, columns):
            richer = True
        elif not key or key in known:
            continue
        known.add(key)
        row = Row({}, item.endpoint)
        collector.flatten(item.obj, target, row, "", item.path, item.endpoint, 1)
        target.add_row(row)
        if target.raw_rows is not None:
            target.raw_rows.append(row)
    if richer:
        merge_rows(target)


def flatten_into_owners(collector: Collector, items: list[PendingObject], field: str) -> None:
    """Nested objects that name no record: their fields are their holders' (``<field>_<name>`` columns)."""
    for item in items:
        if item.row is not None:
            collector.flatten(item.obj, item.owner, item.row, field + "_", item.path, item.endpoint, 1)


def holder_echo(items: list[PendingObject], ref_key: str) -> bool:
    """Objects whose key repeats a field of their holder, the same value in every holder (``{"uid": 7, "card":
    {"uid": 7, "last4": "1234"}}``): the holder's own part, named by the holder's key or owner, no record of its own.
    A plain ``id`` equal to its holder's may be chance (small integers), and a key named after the object
    (``contact_id`` of a ``contact``) is the object's own, which its holder copies as a reference."""
    key = snake(ref_key)
    if key == "id" or key.startswith(singular(snake(items[0].field)) + "_"):
        return False
    return all(item.row is not None and item.obj.get(ref_key) is not None and not isinstance(item.obj[ref_key], bool)
               and key_text(item.obj[ref_key]) == key_text(item.row.values.get(key)) for item in items)


def other_key_form(target: Draft, objs: list[dict[str, Any]], ref_key: str) -> bool:
    """Objects naming a served table (by their field's name or type tag) whose ids are of another form than every
    key of its records: texts with letters (``"a1b2-…"``) where its records' keys are integers. They point at no
    record of it by its key (another of its fields, or none), so they are no copies of its records."""
    key = snake(ref_key)
    if target.kind != "entity" or not target.rows or not target.pk or target.pk != [key]:
        return False
    keys = [r.values.get(key) for r in target.rows]
    ids = [o.get(ref_key) for o in objs]
    return all(isinstance(k, int) and not isinstance(k, bool) for k in keys) and all(
        isinstance(v, str) and any(c.isalpha() for c in v) for v in ids)


def other_keys(target: Draft, pk: str, objs: list[dict[str, Any]], raw: str) -> bool:
    """Objects holding a served table's key field whose values are none of its records' keys and all of another form
    than every one of them (integers where its records are keyed by UUIDs or words, and the other way round): records
    of another kind that share its key's name (``key``) and its bookkeeping fields, not its records."""
    keys = {key_text(r.values.get(pk)) for r in target.rows} - {""}
    ids = {key_text(o.get(raw)) for o in objs} - {""}
    return bool(keys and ids) and not keys & ids and not {_key_form(v) for v in keys} & {_key_form(v) for v in ids}


def _key_form(value: str) -> str:
    return "integer" if value.lstrip("-").isdigit() else "uuid" if detect_uuid(value) else "text"


#: Share of the entity's columns a copy must show to be a read of the record, not a stub of it.
FULL_COPY = 0.6


def _richer(obj: dict[str, object], columns: set[str]) -> bool:
    """A copy holding most of the entity's columns and a scalar field (no link) none of its reads showed."""
    for key, value in list(obj.items()):  # a map of the record's fields served as versioned values: those fields
        if isinstance(value, dict) and (props := property_values(value)) is not None:
            obj = {**{k: v for k, v in obj.items() if k != key}, **props[0]}
    fields = {snake(k) for k in obj}
    return len(fields & columns) >= FULL_COPY * len(columns) and any(
        snake(k) not in columns and isinstance(v, int | float | str) and not (isinstance(v, str) and is_link(v))
        for k, v in obj.items())
