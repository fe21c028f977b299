"""Past a table's row cap, records of known shapes are counted and their key-like values indexed
(nested ones such as ``customer.id`` as ``customer_id`` too), a page at a time and column by
column, without being flattened (see :meth:`inference.entities.Collector._count_known`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from inference.drafts import is_key_like
from inference.identity import identity_candidates, irregular_keys, usable_key
from inference.naming import snake

MAX_DEPTH = 4
_OBJECTS = {dict}

#: Where key-like values go: ``emit(column, values)`` (``Draft.index_keys``).
Emit = Callable[[str, Sequence[Any]], None]
Shape = tuple[tuple[str, ...], tuple[type, ...]]
#: The objects of a column grouped by key tuple: (keys, the objects, their value columns, the
#: distinct tuples of their value types), as :func:`page_groups` groups a page's records.
ObjectGroup = tuple[tuple[str, ...], list[dict[str, Any]], list[tuple[Any, ...]] | None, set[tuple[type, ...]] | None]
#: Object groups of columns already grouped, by the column's ``id`` (the column is kept with them,
#: so that no other object takes its ``id`` meanwhile): one page's walks share them.
Grouped = dict[int, tuple[tuple[Any, ...], list[ObjectGroup]]]


def page_groups(records: list[dict[str, Any]]) -> list[tuple[tuple[str, ...], list[tuple[Any, ...]],
                                                             set[tuple[type, ...]]]]:
    """A page's records grouped by key tuple: (keys, their value columns, the distinct tuples of
    their value types); a record's shape is (keys, one of those tuples)."""
    groups = []
    for keys, group in _by_keys(records):
        columns = value_columns(keys, group)
        kinds: set[tuple[type, ...]] = _kinds(columns) if keys else {()}
        groups.append((keys, columns, kinds))
    return groups


def object_groups(column: tuple[Any, ...], grouped: Grouped | None = None, *, columns: bool = True) -> list[ObjectGroup]:
    """The objects among a column's values, grouped by key tuple, with their columns and kinds
    (without them when not ``columns``, unless ``grouped`` has them: a column grouped with them
    is noted there)."""
    if grouped is not None and (known := grouped.get(id(column))) is not None:
        return known[1]
    objects = _by_keys(list(column) if set(map(type, column)) == _OBJECTS else [v for v in column if type(v) is dict])
    if not columns:
        return [(keys, group, None, None) for keys, group in objects]
    groups: list[ObjectGroup] = []
    for keys, group in objects:
        values = value_columns(keys, group)
        groups.append((keys, group, values, _kinds(values) if keys else {()}))
    if grouped is not None:
        grouped[id(column)] = (column, groups)
    return groups


def index_columns(emit: Emit, known_keys: dict[str, str], keys: tuple[str, ...],
                  columns: list[tuple[Any, ...]], prefix: str, depth: int,
                  kinds: set[tuple[type, ...]] | None = None, grouped: Grouped | None = None) -> None:
    """Index the key-like columns of records that share ``keys`` (``columns[i]`` holds every
    record's value of ``keys[i]``, ``kinds`` the distinct tuples of their types); nested
    objects contribute ``<field>_<key>`` references and their own key-like fields. Lists are
    left out, as in flattening. ``grouped``: nested objects already grouped (see ``Grouped``)."""
    if not keys:
        return
    if kinds is None:
        kinds = _kinds(columns)
    nested: set[int] = set()
    for kind in kinds:
        nested.update(_containers(kind))
    for i, col in key_columns(prefix, keys):
        values: list[Any] | tuple[Any, ...] = columns[i]
        if i in nested:
            values = [v for v in values if type(v) is not dict and type(v) is not list]
            if not values:
                continue
        emit(col, values)
    if depth < MAX_DEPTH:
        for i in sorted(nested):
            groups = object_groups(columns[i], grouped, columns=False)
            if groups:
                _index_nested(emit, known_keys, column_name(prefix, keys[i]), groups, depth, grouped)


def _index_nested(emit: Emit, known_keys: dict[str, str], col: str, groups: list[ObjectGroup], depth: int,
                  grouped: Grouped | None) -> None:
    refs: dict[str, list[Any]] = {}
    for keys, group, columns, kinds in groups:
        candidates = identity_candidates(keys, col, known_keys)
        if candidates and set(map(type, map(itemgetter(candidates[0]), group))) == {int}:
            # An integer is always a usable key: every object of these keys is identified by it.
            fk_col = _fk_column(col, candidates[0])
            if is_key_like(fk_col):
                refs.setdefault(fk_col, []).extend(obj[candidates[0]] for obj in group)
            continue
        inner: list[dict[str, Any]] = []
        plain = bool(keys) and not irregular_keys(keys)
        for obj in group:
            key = usable_key(obj, candidates) if candidates else None
            if key is not None:
                fk_col = _fk_column(col, key)
                if is_key_like(fk_col):
                    refs.setdefault(fk_col, []).append(obj.get(key))
            elif plain:
                inner.append(obj)
        if columns is not None and len(inner) == len(group):  # all of them: the group's own columns
            index_columns(emit, known_keys, keys, columns, col + "_", depth + 1, kinds, grouped)
        elif inner:
            index_columns(emit, known_keys, keys, value_columns(keys, inner), col + "_", depth + 1, None, grouped)
    for fk_col, found in refs.items():
        emit(fk_col, found)


@lru_cache(maxsize=1 << 12)
def _fk_column(col: str, key: str) -> str:
    """``customer`` + ``id`` -> ``customer_id``; a column already ending in the key keeps its name."""
    return f"{col}_{snake(key)}" if not col.endswith("_" + snake(key)) else col


@lru_cache(maxsize=1 << 12)
def column_name(prefix: str, raw_key: str) -> str:
    return prefix + snake(raw_key)


@lru_cache(maxsize=1 << 12)
def key_columns(prefix: str, keys: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """(position, column) of the key-like columns among ``keys`` under ``prefix``."""
    return tuple((i, col) for i, raw in enumerate(keys) if is_key_like(col := column_name(prefix, raw)))


@lru_cache(maxsize=1 << 12)
def _containers(kinds: tuple[type, ...]) -> tuple[int, ...]:
    """Positions of objects and lists in a tuple of value types."""
    return tuple(i for i, kind in enumerate(kinds) if issubclass(kind, dict | list))


def _by_keys(records: list[dict[str, Any]]) -> list[tuple[tuple[str, ...], list[dict[str, Any]]]]:
    """Records grouped by their key tuple, in order of first appearance (usually one group)."""
    key_rows = list(map(tuple, records))
    if not key_rows:
        return []
    first = key_rows[0]
    if key_rows.count(first) == len(key_rows):
        return [(first, records)]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for keys, record in zip(key_rows, records, strict=True):
        group = groups.get(keys)
        if group is None:
            group = groups[keys] = []
        group.append(record)
    return list(groups.items())


def _kinds(columns: list[tuple[Any, ...]]) -> set[tuple[type, ...]]:
    """The distinct tuples of value types across the records that ``columns`` were cut from."""
    return set(zip(*[map(type, c) for c in columns], strict=True))


def value_columns(keys: tuple[str, ...], records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The values of each of ``keys`` across ``records`` (which all have exactly these keys)."""
    if not keys:
        return []
    if len(keys) == 1:
        return [tuple(map(itemgetter(keys[0]), records))]
    return list(zip(*map(itemgetter(*keys), records), strict=True))


