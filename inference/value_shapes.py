"""Shapes: what the JSON values seen at one place of an API had in common, merged as they stream by.

A :class:`Shape` records the JSON kinds seen (null, boolean, integer, number, string, array,
object), for strings the detected formats, a few distinct values and the longest length, for
numbers their range, for arrays the merged shape of their items, and for objects the merged
shape of each property with how often it was present. Objects keyed by data (ids, dates, hashes)
or with more than :data:`MAX_PROPERTIES` keys become maps: one shape for all of their values.
Memory is bounded by the shape of the data, never by how much of it there is.
"""

from __future__ import annotations

import re
from typing import Any

from inference.types import is_mail_date, is_ms_json_date, scalar_type

MAX_PROPERTIES = 200
MAX_VALUES = 24
MAX_DEPTH = 24
_FORMATS = {"uuid": "uuid", "date": "date", "timestamptz": "date-time", "time": "time"}
_DATA_KEY = re.compile(r"^-?\d+$|^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$|"
                       r"^\d{4}-\d{2}-\d{2}|^[0-9a-f]{16,}$", re.I)


class Shape:
    """The merged shape of the JSON values seen at one place."""

    __slots__ = ("count", "kinds", "formats", "values", "overflow", "max_length", "low", "high",
                 "items", "props", "present", "objects", "map_values")

    def __init__(self) -> None:
        self.count = 0
        self.kinds: set[str] = set()
        self.formats: set[str] = set()  # scalar types detected in the strings (uuid, date, text…)
        self.values: set[Any] = set()  # distinct strings, integers and booleans, up to MAX_VALUES
        self.overflow = False
        self.max_length = 0
        self.low: float | None = None
        self.high: float | None = None
        self.items: Shape | None = None
        self.props: dict[str, Shape] = {}
        self.present: dict[str, int] = {}
        self.objects = 0
        self.map_values: Shape | None = None  # set when the objects are maps keyed by data

    # -- adding values -----------------------------------------------------------------------

    def add(self, value: Any, depth: int = 0) -> None:
        self.count += 1
        if value is None:
            self.kinds.add("null")
        elif isinstance(value, bool):
            self.kinds.add("boolean")
            self._value(value)
        elif isinstance(value, int | float):
            self._number(value)
        elif isinstance(value, str):
            self._string(value)
        elif isinstance(value, list):
            self.kinds.add("array")
            if depth < MAX_DEPTH:
                for item in value:
                    self._items().add(item, depth + 1)
        elif isinstance(value, dict):
            self._object(value, depth)

    def add_body(self, body: Any) -> None:
        """Add a message body: None stands for a body that was not kept (too large, not JSON),
        which is counted but says nothing of the shape."""
        if body is None:
            self.count += 1
        else:
            self.add(body)

    def _value(self, value: Any) -> None:
        if not self.overflow:
            self.values.add(value)
            if len(self.values) > MAX_VALUES:
                self.overflow, self.values = True, set()

    def _number(self, value: float) -> None:
        self.kinds.add("integer" if isinstance(value, int) or value.is_integer() and abs(value) < 2**53
                       else "number")
        if isinstance(value, int):
            self._value(value)
        if value == value:  # NaN compares with nothing
            self.low = value if self.low is None else min(self.low, value)
            self.high = value if self.high is None else max(self.high, value)

    def _string(self, value: str) -> None:
        self.kinds.add("string")
        # an RFC 2822 or Microsoft JSON date is a timestamp to store but no JSON Schema ``date-time`` (RFC 3339)
        self.formats.add(scalar_type(value) if value and not is_mail_date(value) and not is_ms_json_date(value)
                         else "text")
        self.max_length = max(self.max_length, len(value))
        self._value(value)

    def _items(self) -> Shape:
        if self.items is None:
            self.items = Shape()
        return self.items

    def _object(self, value: dict[str, Any], depth: int) -> None:
        self.kinds.add("object")
        self.objects += 1
        if depth >= MAX_DEPTH:
            return
        if self.map_values is None and (len(self.props) + len(value) > MAX_PROPERTIES
                                        or any(_DATA_KEY.match(k) for k in value)):
            self._become_map()
        if self.map_values is not None:
            for item in value.values():
                self.map_values.add(item, depth + 1)
            return
        for key, item in value.items():
            prop = self.props.get(key)
            if prop is None:
                prop = self.props[key] = Shape()
            prop.add(item, depth + 1)
            self.present[key] = self.present.get(key, 0) + 1

    def _become_map(self) -> None:
        self.map_values = Shape()
        for prop in self.props.values():
            self.map_values._merge(prop)
        self.props, self.present = {}, {}

    # -- merging shapes ----------------------------------------------------------------------

    def merge(self, other: Shape) -> bool:
        """Add everything ``other`` saw; True when this shape can now describe more than before
        (a new kind, format, value, property, wider range or longer string), not only more often."""
        before = self.signature()
        self._merge(other)
        return self.signature() != before

    def _merge(self, other: Shape) -> None:
        self.count += other.count
        self.kinds |= other.kinds
        self.formats |= other.formats
        if other.overflow:
            self.overflow, self.values = True, set()
        for value in other.values:
            self._value(value)
        self.max_length = max(self.max_length, other.max_length)
        if other.low is not None:
            self.low = other.low if self.low is None else min(self.low, other.low)
        if other.high is not None:
            self.high = other.high if self.high is None else max(self.high, other.high)
        if other.items is not None:
            self._items()._merge(other.items)
        self.objects += other.objects
        if other.map_values is not None and self.map_values is None:
            self._become_map()
        if self.map_values is not None:
            for prop in [*other.props.values(), *([other.map_values] if other.map_values else [])]:
                self.map_values._merge(prop)
            return
        for key, prop in other.props.items():
            self.props.setdefault(key, Shape())._merge(prop)
            self.present[key] = self.present.get(key, 0) + other.present.get(key, 0)

    def signature(self) -> tuple[Any, ...]:
        """What the shape admits, without counts: equal signatures describe the same values."""
        return (frozenset(self.kinds), frozenset(self.formats), self.overflow, frozenset(self.values),
                self.max_length, self.low, self.high, self.items.signature() if self.items else None,
                tuple(sorted((k, p.signature()) for k, p in self.props.items())),
                self.map_values.signature() if self.map_values else None,
                frozenset(k for k, n in self.present.items() if n == self.objects))

    # -- reading -----------------------------------------------------------------------------

    @property
    def is_object(self) -> bool:
        return "object" in self.kinds and self.map_values is None

    def required(self) -> list[str]:
        """The properties present in every object seen."""
        return [k for k in self.props if self.objects and self.present.get(k, 0) == self.objects]

    def string_format(self) -> str | None:
        """The JSON Schema format that every string seen had, if one."""
        return _FORMATS.get(next(iter(self.formats))) if len(self.formats) == 1 else None

    def scalar_schema(self) -> dict[str, Any]:
        """JSON Schema for the scalar kinds seen (null, boolean, integer, number, string)."""
        kinds = [k for k in ("string", "integer", "number", "boolean", "null") if k in self.kinds]
        if "number" in kinds and "integer" in kinds:
            kinds.remove("integer")
        out: dict[str, Any] = {"type": kinds[0] if len(kinds) == 1 else kinds} if kinds else {}
        fmt = self.string_format() if "string" in kinds else None
        if fmt:
            out["format"] = fmt
        return out
