"""Objects of one shape in one record hold one kind of number.

A record often spells several amounts as objects of the same members: a plan's ``price: {hourly, monthly}`` and its
``region_prices: [{id, hourly, monthly}]``, an order's ``total: {net, gross}`` beside ``discount: {net, gross}``.
A member is one measure in all of them, as in objects sharing most of their members (a station's latest reading
embedded beside its readings listed apart); when the values of one happen to be whole (``"monthly": 20`` in every
listed price) while the same member elsewhere holds decimals (``"monthly": 2.5``), the whole values are decimals
too: ``numeric``, not ``integer``. Only groups of two members at least, spelt alike to the last member, within a
table and the tables it references, are compared; keys and references are no amounts, nor letters and numbers
(``count_a``, ``pm2_5``) members of an object.
"""

from __future__ import annotations

from collections.abc import Iterable

from kernel.schema import Column, Table

_WHOLE = frozenset({"integer", "bigint"})
_NUMBERS = _WHOLE | {"numeric"}


def _groups(table: Table) -> dict[str, dict[str, Column]]:
    """The table's number columns by the prefix that flattened them (``price`` of ``price_monthly``, ``""`` of a
    column of the record itself), each group's members by their last word."""
    keys = set(table.primary_key or []) | {c for fk in table.foreign_keys for c in fk.columns}
    groups: dict[str, dict[str, Column]] = {}
    for column in table.columns:
        if column.type not in _NUMBERS or column.name in keys or column.name == "id" or column.name.endswith("_id"):
            continue
        prefix, _, leaf = column.name.rpartition("_")
        if len(leaf) < 3 or not leaf.isalpha():
            continue  # a channel's or an axis' letter (``count_a``, ``size_x``) names no member of an object
        groups.setdefault(prefix, {})[leaf] = column
    return groups


def numbers_of_one_shape(tables: list[Table]) -> None:
    """Widen the whole members of an object to ``numeric`` where an object of the same members in the same record
    (the table itself or a table it references) holds decimals under that member."""
    by_name = {t.name: t for t in tables}
    shapes = {t.name: _groups(t) for t in tables}
    for table in tables:
        related = [table.name] + [fk.ref_table for fk in table.foreign_keys if fk.ref_table in by_name]
        for members in shapes[table.name].values():
            if len(members) < 2 or not any(c.type in _WHOLE for c in members.values()):
                continue
            alike = [other for name in dict.fromkeys(related) for other in shapes[name].values()
                     if other is not members and _alike(other.keys(), members.keys())]
            for leaf, column in members.items():
                if column.type in _WHOLE and any(leaf in other and other[leaf].type == "numeric" for other in alike):
                    column.type = "numeric"



def _alike(one: Iterable[str], other: Iterable[str]) -> bool:
    """Objects of the same members, or sharing four at least and half the members of the smaller: a record's latest
    reading embedded in its holder (``latest: {temp, wind, rain, hum, gust}``) beside the readings listed apart,
    each side with members of its own (the sensors a station has), one measure under each shared member."""
    a, b = set(one), set(other)
    shared = a & b
    return a == b or len(shared) >= 4 and 2 * len(shared) >= min(len(a), len(b))
