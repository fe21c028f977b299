"""Free-form objects: a nested object whose fields differ from record to record is stored whole.

``parameters`` of a run (``{}``, ``{"model": …, "epochs": …}``, ``{"bucket": …}``), the ``data`` of a
configuration block, a ``distribution`` whose fields depend on its ``type``: such objects have no
fixed set of fields, so flattening them makes a column per key any record ever had. An object field
whose key sets share less than half of their union across the records of one endpoint is such an
object, and becomes one ``jsonb`` column. Objects that keep their fields (an ``address``, a
``dimensions`` block, optional fields here and there) are flattened as before, and so are objects whose
key sets all fall within one occurrence's (an API leaving empty fields out: ``{"A": 1}``, ``{"A": 1, "B": 2}``),
and typed values whose one key names the value's type (``{"number": "2"}``, ``{"text": "a"}``).

The key sets are learnt while records are held back at the start of a capture (see
``entities.Collector``), at most ``MAX_OBSERVED`` records per endpoint. A JSON Schema document
nested in a record is stored whole too.
"""

from __future__ import annotations

import re
from typing import Any

from inference.datakeys import is_data_key, is_hostile_key
from inference.geometries import GEOJSON_MEMBERS
from inference.identity import ID_KEYS, NATURAL_KEYS, irregular, uniform_entries
from inference.records import is_generic

_SCHEMA_MARKS = ("$schema", "$defs", "definitions", "$ref")


def feature_properties(record: dict[str, Any], key: str) -> bool:
    """The ``properties`` of a GeoJSON ``Feature`` (``{"type": "Feature", "id", "geometry", "properties": {...}}``):
    the feature's own attributes, flattened into it even when they repeat its id, no record of another table."""
    return key == "properties" and record.get("type") == "Feature" and "geometry" in record


def json_schema(obj: dict[str, Any]) -> bool:
    """A JSON Schema document (``{"type": "object", "properties": {...}}``, ``$schema``, ``$defs``), or a
    GeoJSON geometry (``{"type": "Point", "coordinates": [4.9, 52.4]}``): one value, stored whole."""
    if any(mark in obj for mark in _SCHEMA_MARKS):
        return True
    kind = obj.get("type")
    if isinstance(kind, str) and GEOJSON_MEMBERS.get(kind, "") in obj:
        return True
    return kind == "object" and isinstance(obj.get("properties"), dict)


#: Names of the key-value pairs users attach to a record (Stripe's and Mollie's ``metadata``, Kubernetes' ``labels``
#: and ``annotations``, cloud resources' ``tags``).
_USER_PAIRS = frozenset({"metadata", "labels", "tags", "annotations"})
#: Keys that make such an object a header of the record instead (Kubernetes' ``metadata: {name, uid}``).
_HEADER_KEYS = frozenset({"id", "uid", "uuid", "name", "self", "type"})


#: Names of the maps a user or an app defines on a record, whatever their values (``user_metadata``,
#: ``app_metadata``, ``custom_attributes``).
_USER_MAPS = re.compile(r"^(\w+_)?metadata$|^custom_attributes$")


def user_key_values(field: str, obj: dict[str, Any]) -> bool:
    """Key-value pairs a user attached to the record under a conventional name (``"metadata": {"order_id":
    "12345"}``, ``"labels": {"app": "web"}``): texts under keys the user chose, one value stored whole. A map named
    as metadata (``metadata``, ``<owner>_metadata``) or as custom attributes holds whatever its definer chose
    (``{"is_vip": true, "facts": ["a", "b"]}``): one value too."""
    if not obj or _HEADER_KEYS & {k.lower() for k in obj}:
        return False
    if field.lower() in _USER_PAIRS and all(isinstance(v, str) for v in obj.values()):
        return True
    return _USER_MAPS.match(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", field).lower()) is not None


def typed_properties(obj: dict[str, Any]) -> bool:
    """A map of typed property values: every member an object whose ``type`` names the member holding its value
    (``{"Status": {"id": "x1", "type": "select", "select": {...}}, "title": {"id": "title", "type": "title",
    "title": [...]}}``), its names the properties a user defined. One value, stored whole; a single member only
    when its own id is its name."""
    if not obj:
        return False
    for member in obj.values():
        if not isinstance(member, dict) or not isinstance(kind := member.get("type"), str) or kind == "type" \
                or kind not in member:
            return False
    return len(obj) > 1 or all(member.get("id") == name for name, member in obj.items())


#: Value types that name the one key of a typed value (``{"number": "2"}``, ``{"stringValue": "a"}``).
_VALUE_TYPES = frozenset({"string", "text", "number", "integer", "int", "double", "float", "decimal", "boolean",
                          "bool", "checked", "date", "datetime", "timestamp", "time", "bytes", "null"})


def typed_value_key(key: str) -> bool:
    """A key naming the type of the one value beside it: ``number``, ``text``, ``stringValue``,
    ``integer_value``, ``boolValue``."""
    word = key.lower().replace("_", "")
    return word in _VALUE_TYPES or (word.endswith("value") and word[:-5] in _VALUE_TYPES)


#: The most fields a nested object of fixed fields may have to be flattened (a table holds 1600 columns at most).
WIDE_RECORD = 400
#: Records looked at per endpoint.
MAX_OBSERVED = 500
#: Below this share of common keys (common / all keys seen), an object field is free-form.
COMMON_KEYS = 0.5
_MAX_DEPTH = 4
_MAX_ITEMS = 50


class KeySets:
    """Per (endpoint, JSON path) of an object field: how often it was seen, the keys every
    occurrence had and the keys any occurrence had."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], int] = {}
        self.common: dict[tuple[str, str], set[str]] = {}
        self.union: dict[tuple[str, str], set[str]] = {}
        self.widest: dict[tuple[str, str], int] = {}  # the most keys one occurrence had
        #: The one key set of every member of every occurrence, when each member is an object; None otherwise.
        self.members: dict[tuple[str, str], frozenset[str] | None] = {}
        self.records: dict[str, int] = {}
        #: Per field name: the one key of its one-key objects holding an object; None once it had other shapes.
        self.variants: dict[str, set[str] | None] = {}
        #: Field names seen holding an empty object somewhere in the capture; those holding fields, and those
        #: holding an object whose fields are not mostly null.
        self.emptied: set[str] = set()
        #: Field names seen holding a filled list of objects somewhere in the capture.
        self.object_lists: set[str] = set()
        self.filled: set[str] = set()
        self.dense: set[str] = set()
        #: Per (endpoint, path): the holder's type tag -> the keys the object had under it and how often it was seen;
        #: None once one tag went with two key sets.
        self.kinds: dict[tuple[str, str], dict[str, tuple[frozenset[str], int]] | None] = {}
        #: The (endpoint, path)s of object fields some occurrence of which held a value other than a number or null.
        self.worded: set[tuple[str, str]] = set()

    def observe(self, endpoint: str, path: str, records: list[dict[str, Any]]) -> None:
        room = MAX_OBSERVED - self.records.get(endpoint, 0)
        if room <= 0:
            return
        records = records[:room]
        self.records[endpoint] = self.records.get(endpoint, 0) + len(records)
        for record in records:
            self._walk(endpoint, path, record, 0)

    def _walk(self, endpoint: str, path: str, record: dict[str, Any], depth: int) -> None:
        for key, value in record.items():
            if isinstance(value, dict):
                vpath = f"{path}.{key}"
                self._note(endpoint, vpath, value)
                if isinstance(tag := record.get("type"), str):
                    self._note_kind((endpoint, vpath), tag, value)
                if depth < _MAX_DEPTH and value:
                    self._walk(endpoint, vpath, value, depth + 1)
            elif isinstance(value, list) and value and depth < _MAX_DEPTH:
                if isinstance(value[0], dict):
                    self.object_lists.add(key)
                vpath = f"{path}.{key}[]"
                for item in value[:_MAX_ITEMS]:
                    if isinstance(item, dict):
                        self._walk(endpoint, vpath, item, depth + 1)

    def _note(self, endpoint: str, path: str, obj: dict[str, Any]) -> None:
        where = (endpoint, path)
        keys = set(obj)
        name = path.rpartition(".")[2]
        if not obj:
            self.emptied.add(name)
        else:
            self.filled.add(name)
            if 2 * sum(v is None for v in obj.values()) <= len(obj):
                self.dense.add(name)
        variants = self.variants.get(name, set())
        if variants is not None:
            only = next(iter(obj.values())) if len(obj) == 1 else None
            self.variants[name] = variants | keys if isinstance(only, dict) and only else None
        shapes = {frozenset(v) if isinstance(v, dict) and v else None for v in obj.values()}
        shape = next(iter(shapes)) if len(shapes) == 1 and len(obj) > 1 else None
        self.members[where] = shape if self.members.get(where, shape) == shape else None
        self.seen[where] = self.seen.get(where, 0) + 1
        if any(v is not None and (isinstance(v, bool) or not isinstance(v, int | float)) for v in obj.values()):
            self.worded.add(where)
        self.widest[where] = max(self.widest.get(where, 0), len(keys))
        if where in self.common:
            self.common[where] &= keys
            self.union[where] |= keys
        else:
            self.common[where] = keys
            self.union[where] = set(keys)

    def _note_kind(self, where: tuple[str, str], tag: str, obj: dict[str, Any]) -> None:
        kinds = self.kinds.setdefault(where, {})
        if kinds is None:
            return
        keys, count = kinds.get(tag, (frozenset(obj), 0))
        if keys != obj.keys():
            self.kinds[where] = None
        else:
            kinds[tag] = (keys, count + 1)

    def by_kind(self, where: tuple[str, str]) -> bool:
        """Whether the object's fields change only with its holder's type tag (each module ``type`` has its own
        readings, every module of one type the same): fixed fields per kind, some read twice, not fields by data."""
        kinds = self.kinds.get(where)
        return kinds is not None and len(kinds) >= 2 and sum(n for _, n in kinds.values()) > len(kinds)

    def freeform(self, endpoint: str, path: str) -> bool:
        """Whether the object field at ``path`` of ``endpoint``'s records has no fixed fields."""
        where = (endpoint, path)
        union = self.union.get(where)
        if not union or self.seen.get(where, 0) < 2:
            return False
        if self.widest.get(where, 0) == len(union):
            return False  # one occurrence had every key: the others omit optional fields (empty ones left out)
        if self.widest.get(where, 0) == 1 and all(typed_value_key(k) for k in union):
            return False  # a typed value ({"number": "2"}, {"text": "a"}): one column per type
        if self.by_kind(where) and not is_generic(path.rpartition(".")[2]):
            return False  # readings per kind of device; a generic ``content`` is the payload its kind defines
        if self.members.get(where) is not None:
            return True  # members of one shape under names that change from record to record: a map keyed by data
        return len(self.common[where]) < COMMON_KEYS * len(union)

    def measures(self, endpoint: str, path: str) -> bool:
        """Whether the object field at ``path`` of ``endpoint``'s records holds the same numeric fields wherever it
        is filled: read in three records at least, every value a number or null, two fields at least, and one
        occurrence holding every field the others hold (``"data": {"steps": 216, "distance": 185, ...}`` of each
        activity). Such a payload is the record's own measures under the API's wrapper, not values its kind or its
        users define (a stored block's ``{"host", "port", "database"}``)."""
        where = (endpoint, path)
        union = self.union.get(where)
        return (union is not None and len(union) >= 2 and self.seen.get(where, 0) >= 3 and where not in self.worded
                and self.widest.get(where, 0) == len(union))

    def irregular(self, endpoint: str, path: str, obj: dict[str, Any]) -> bool:
        """Whether the object ``obj`` at ``path`` of ``endpoint``'s records is keyed by data (:func:`irregular`): not
        when its many fields (more than the sixty a record usually has at most) are the same in every occurrence, two
        at least, and are named as fields are (a camera's eighty settings, the same eighty in each camera)."""
        if not irregular(obj):
            return False
        where = (endpoint, path)
        return not (self.seen.get(where, 0) >= 2 and self.common.get(where) == self.union.get(where) == obj.keys()
                    and len(obj) <= WIDE_RECORD and not any(map(is_hostile_key, obj))
                    and 2 * sum(map(is_data_key, obj)) < len(obj) and not uniform_entries(obj))

    def settings(self, column: str, endpoint: str, path: str) -> bool:
        """Whether the object field ``column`` at ``path`` holds settings or a payload (:func:`settings_name`), one
        ``jsonb`` document: not a payload of the record's own measures (:meth:`measures`)."""
        return settings_name(column) and not (column in _PAYLOAD_NAMES and self.measures(endpoint, path))

    def one_of(self, path: str) -> bool:
        """Whether the object field at ``path`` is a one-of (a tagged union): wherever a field of its name was
        seen, in any answer, it held one key naming the variant and that variant's object, and the variants
        differ (``"source": {"card": {...}}`` here, ``{"wallet": {...}}`` there). Its fields change with the
        variant: one jsonb value, not a column per variant's field."""
        variants = self.variants.get(path.rpartition(".")[2])
        return variants is not None and len(variants) >= 2

    def sparse_details(self, path: str) -> bool:
        """Whether a field of the name at ``path`` is a bag of optional details: served as an empty object somewhere
        in the capture and, wherever it holds fields, most of them null (``{}`` in one answer, eighteen fields of which
        fourteen null in another). Its fields are present or not at the server's whim: one jsonb value, not a
        column per field that is null nearly everywhere."""
        name = path.rpartition(".")[2]
        return name in self.emptied and name in self.filled and name not in self.dense


_SETTINGS_NAME = re.compile(r"(^|_)(configuration|policy|context)$|^config$")
#: A record's own field named as a payload: what the record carries (a block's stored values, a state's result).
_PAYLOAD_NAMES = frozenset({"data", "payload"})


def settings_name(column: str) -> bool:
    """An object named as a configuration, a policy or a context (``storage_configuration``, ``retry_policy``,
    ``config_context``, ``config`` alone) holds settings whose fields the app or its users define: one ``jsonb``
    document, not a column per setting. So does a field named ``data`` or ``payload`` alone: what the record carries (a stored
    block's values, a state's result), whose fields its kind or its users define, not attributes of the record."""
    return _SETTINGS_NAME.search(column) is not None or column in _PAYLOAD_NAMES


def own_data(column: str, record: dict[str, Any], value: dict[str, Any]) -> bool:
    """A record's ``data`` or ``payload`` member that repeats the record's own key beside other fields
    (``{"key": "AB12", "version": 3, "links": {...}, "data": {"key": "AB12", "version": 3, "title": ...}}``) is the
    record's editable fields under the wrapper the API adds to them, not a payload whose fields its kind defines:
    flattened as ``data_*`` columns (optional where another kind of record lacks them), its lists child tables."""
    if column not in _PAYLOAD_NAMES:
        return False
    shared = [k for k, v in value.items() if not isinstance(v, dict | list) and k in record and record[k] == v]
    return len(value) > len(shared) and any(
        k in ID_KEYS or k in NATURAL_KEYS or k.endswith(("_id", "Id", "_key", "Key")) for k in shared)


def own_label(obj: dict[str, Any]) -> bool:
    """A choice of an enumeration spelt as an object (``{"id": "active", "name": "Active"}``): an id that is its own
    label (the same words, case and separators aside) names a value, not a record; flattened into its holder."""
    if obj.keys() != {"id", "name"} or not all(isinstance(v, str) for v in obj.values()):
        return False
    words = [re.sub(r"[\s_-]+", "", v).lower() for v in (obj["id"], obj["name"])]
    return words[0] == words[1] and words[0].isalpha()


def own_fields(record: dict[str, Any], key: str, obj: dict[str, Any]) -> bool:
    """An object that holds fields of its holder, never a record of another table even with an id: an enumeration's
    choice (:func:`own_label`) or a GeoJSON feature's ``properties`` (:func:`feature_properties`)."""
    return own_label(obj) or feature_properties(record, key)
