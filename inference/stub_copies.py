"""Stubs whose copied names contradict a table's records: references to another resource.

A reference is often served as a stub of the record it names, its key beside a copy of the record's name
(``"tracker": {"id": 1, "name": "Bug"}``). Small integer keys fit many tables: when the records of the same keys
in a served table hold other names (status 1 is ``New``, 2 ``In Progress``), the stubs are no copies of them and
name another resource, one the capture served only through its stubs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inference.drafts import Draft, key_text
from inference.naming import plural, singular, snake
from inference.types import detect_timestamptz

#: Objects compared at least before their copies may contradict a table.
MIN_COMPARED = 2


def contradicted(draft: Draft, objs: list[dict[str, Any]], key: str, key_col: str, least: int = MIN_COMPARED) -> bool:
    """Whether most objects whose ``key`` is a record of ``draft`` (``least`` at least) hold no text field as that
    record does, among the text fields both hold. Date-times are no such text: records made in one batch share their
    creation time (``"created": "2022-04-22 08:37:58"`` of a category and of the task of the same id), which names
    neither."""
    texts = {k: snake(k) for o in objs for k, v in o.items()
             if k != key and isinstance(v, str) and v and detect_timestamptz(v) is None}
    texts = {raw: col for raw, col in texts.items() if col in draft.paths and col != key_col}
    if not texts:
        return False
    records: dict[str, list[dict[str, Any]]] = {}
    for row in draft.rows:
        records.setdefault(key_text(row.values.get(key_col)), []).append(row.values)
    compared = agreeing = 0
    for obj in objs:
        found = records.get(key_text(obj.get(key)))
        held = [(obj[raw], col) for raw, col in texts.items()
                if isinstance(obj.get(raw), str) and obj[raw] and detect_timestamptz(obj[raw]) is None]
        if found and held:
            compared += 1
            agreeing += any(r.get(col) == value for value, col in held for r in found)
    return compared >= least and agreeing * 2 < compared


def _spelling(obj: dict[str, Any]) -> frozenset[tuple[str, str]]:
    return frozenset((k, key_text(v)) for k, v in obj.items() if not isinstance(v, dict | list))


def _holds_keys(items: list[Any], key: str, keys: set[str]) -> bool:
    """Whether the objects of ``items`` spell every one of ``keys`` under ``key`` (as :func:`_spelling` does)."""
    held: set[str] = set()
    for item in items:
        obj = item.obj
        if key in obj and not isinstance(value := obj[key], dict | list):
            held.add(key_text(value))
    return keys <= held


def spelt_alike_entity(groups: dict[tuple[str, str], list[Any]], items: list[Any], key: str | None,
                       find: Callable[[str, list[dict[str, Any]], str | None], Draft | None]) -> Draft | None:
    """The served table whose stubs under another role spell every stub of ``items`` exactly, key and copied text
    alike (an issue's ``author: {id: 1, name: "Ada"}`` where a time entry's ``user`` stubs, users' records, hold
    ``{id: 1, name: "Ada"}``), and whose records of their keys they do not contradict: one table only, else None.
    ``find(field, objects, key)`` resolves a group."""
    spelt = {_spelling(i.obj) for i in items}
    if key is None or any(len(s) < 2 or not any(k == key for k, _ in s) for s in spelt):
        return None
    # every stub's key, as it spells it: another group spelling them all holds each of them (told before a whole pass)
    keys = {text for s in spelt for k, text in s if k == key}
    targets: dict[str, Draft] = {}
    for other in groups.values():
        if other is items or not _holds_keys(other, key, keys) or not spelt <= {_spelling(i.obj) for i in other}:
            continue
        target = find(other[0].field, [i.obj for i in other], key)
        if target is not None and target.kind == "entity" and target.rows \
                and not contradicted(target, [i.obj for i in items], key, snake(key)):
            targets[target.name] = target
    return next(iter(targets.values())) if len(targets) == 1 else None


def abbreviated_entity(drafts: dict[str, Draft], field: str, objs: list[dict[str, Any]]) -> Draft | None:
    """The one served table named by a word a field of one or two letters abbreviates (``u`` of ``users``, as in
    ``"u": {"_id", "username"}``) whose columns hold every field of the objects; None otherwise."""
    short = snake(field)
    if not 1 <= len(short) <= 2 or not short.isalpha():
        return None
    fields = {snake(k) for o in objs for k in o}
    found = [d for name, d in drafts.items() if name.startswith(short) and d.kind == "entity" and d.rows
             and fields <= set(d.paths)]
    return found[0] if len(found) == 1 else None


def full_name_entity(drafts: dict[str, Draft], objs: list[dict[str, Any]], key: str | None) -> Draft | None:
    """The one served table whose records of the stubs' keys hold, in two text fields, the words of the name the
    stubs copy (``"assigned": {"id": 3, "name": "Ada Byron"}`` where user 3 has ``first_name`` ``Ada`` and
    ``last_name`` ``Byron``): a person's stub copies the full name that the record keeps in parts. Every stub must
    hold such a name, and its key's record spell it; None otherwise."""
    if key is None or not objs or any(len(o) > 3 for o in objs):
        return None
    named: list[tuple[str, str]] = []
    for obj in objs:
        spaced = [v for k, v in obj.items() if k != key and isinstance(v, str) and " " in v.strip()]
        if len(spaced) != 1 or obj.get(key) is None:
            return None
        named.append((key_text(obj[key]), " ".join(spaced[0].split())))
    key_col = snake(key)
    found: list[Draft] = []
    for draft in drafts.values():
        if draft.kind != "entity" or not draft.rows or key_col not in draft.paths or draft.pk != [key_col]:
            continue
        wanted = {k for k, _ in named}
        records = {k: row.values for row in draft.rows if (k := key_text(row.values.get(key_col))) in wanted}
        if all(k in records and _spells_in_parts(records[k], name) for k, name in named):
            found.append(draft)
    return found[0] if len(found) == 1 else None


def _spells_in_parts(record: dict[str, Any], name: str) -> bool:
    """Two text fields of the record, in the record's order, joined by a space, are the name."""
    parts = [v.strip() for v in record.values() if isinstance(v, str) and v.strip() and " " not in v.strip()]
    return any(f"{a} {b}" == name for i, a in enumerate(parts) for b in parts[i + 1:])


def last_word_entity(drafts: dict[str, Draft], field: str, fields: set[str], key: str) -> Draft | None:
    """The table a field's last word names (served, or of records embedded elsewhere: a taxon's ``taxon_photos[].photo``
    beside its ``default_photo``), the words before it a role (``last_message``, ``pinned_comment``,
    ``latest_release``), when the objects under it are keyed as that table and hold mostly its columns (three in
    five of their fields at least): records of that table, in that role, though their ids were not listed."""
    words = snake(field).split("_")
    if len(words) < 2:
        return None
    draft = drafts.get(plural(singular(words[-1])))
    if draft is None or not draft.rows or draft.kind not in ("entity", "embedded") or key not in draft.paths:
        return None
    shared = fields & set(draft.paths)
    return draft if len(shared) >= 3 and len(shared) >= 0.6 * len(fields) else None


def qualifier_entity(drafts: dict[str, Draft], field: str, objs: list[dict[str, Any]], key: str) -> Draft | None:
    """The served table named by the word before a list's last one (``region_prices``, ``country_rates``,
    ``addons_locale_fees``: a price per region, a rate per country) when every item's key is the text key of one of
    its records (``{"id": "us-east", "hourly": 0.02}``, the regions keyed by ``us-east``): the items are the listed
    holder's terms for each of those records, not records of their own. Keys of digits alone fit too many tables."""
    words = snake(field).split("_")
    if len(words) < 2 or singular(words[-1]) == words[-1]:
        return None
    draft = drafts.get(plural(singular(words[-2])))
    if draft is None or not draft.rows or draft.kind != "entity" or draft.pk != [snake(key)]:
        return None
    values = {key_text(o.get(key)) for o in objs}
    if "" in values or any(v.isdigit() for v in values):
        return None
    return draft if draft.key_hits(values, snake(key)) == len(values) else None
