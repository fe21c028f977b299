"""How a nested field of a record is read before it is flattened: a reference as ``{value, label}``, a record's own
metadata header, a deep document stored whole, a list of nested values without records (pure predicates over JSON).
"""

from __future__ import annotations

from typing import Any

from inference.identity import ID_KEYS, NATURAL_KEYS, irregular
from inference.naming import snake
from inference.trees import tree_key
from inference.types import detect_uuid

#: The keys of a choice or a labelled reference (``{"value": 3, "label": "Paris"}``).
LABELLED = frozenset({"value", "label"})

#: Last words of a field naming the key it holds (``author_id``, ``book_isbn``).
_KEY_WORDS = frozenset({*ID_KEYS, *NATURAL_KEYS} - {"name", "email"})


def reference_name(field: str) -> bool:
    """A field named as a reference by its key (``depot_id``, ``book_isbn``): a ``{value, label}`` object there is the
    key with its row's label; elsewhere (a Django REST framework choice) a value and its display label, two columns."""
    name = snake(field)
    return name.rpartition("_")[2] in _KEY_WORDS or name.endswith("id")


#: Levels of nested objects, through a list of them, that make a field one document.
DOCUMENT_LEVELS = 4


def deep_document(obj: dict[str, Any]) -> bool:
    """A field whose objects nest four levels down through a list of objects (a workload's ``spec``: its containers,
    their probes, the probe's HTTP check) is one document, stored whole as jsonb, not a tree of child tables. Objects
    with an id and maps keyed by data end the count, an object holding one list alone only names it; nesting without
    lists (``file.details.image.width``) is flat."""
    return _levels(obj, through_list=True) >= DOCUMENT_LEVELS


def lists_in_list(items: list[dict[str, Any]]) -> bool:
    """A list of objects without ids whose items hold lists of objects without ids (``"category": [{"coding":
    [{"system", "code"}], "text"}]``): nested values, no records; one jsonb value, not a child table of a child table.
    Items that each hold a UUID of their own (a different one in each, whatever the field's name) are records."""
    def anonymous(obj: Any) -> bool:
        return isinstance(obj, dict) and not any(snake(k) in ID_KEYS or k == "uid" or snake(k).endswith(("_id", "_uid"))
                                                 for k in obj)  # a ``uid`` keys a line of its own too
    if _keyed_by_uuids(items) or any(tree_key(item) is not None for item in items):
        return False  # nodes of a tree (``sub_zones`` of zones keyed by ``code``) are records too
    return all(map(anonymous, items)) and any(
        isinstance(v, list) and v and all(map(anonymous, v)) for item in items for v in item.values())


def _levels(value: Any, through_list: bool = False) -> int:
    """Levels of objects below ``value`` (itself included); with ``through_list`` only along paths that pass
    a list of objects (0 when none does)."""
    if isinstance(value, list):
        items = [_levels(item) for item in value if isinstance(item, dict)]
        return max(items, default=0)
    if not isinstance(value, dict) or not value or irregular(value) or any(k in value for k in ID_KEYS):
        return 0  # a record of its own (an id) or a map keyed by data ends the document's nesting
    if len(value) == 1 and isinstance(only := next(iter(value.values())), list):
        return _levels(only)  # ``{"objects": [...]}``: a name for its one list, no level of its own
    below = [_levels(item, through_list) for item in value.values() if isinstance(item, dict | list)]
    best = max(below, default=0)
    return 1 + best if best or not through_list else 0


def scalar_uid(obj: dict[str, Any]) -> bool:
    """A ``uid`` that can key the object holding it (a non-empty string or an integer, Kubernetes' ``metadata.uid``)."""
    return isinstance(obj.get("uid"), str | int) and not isinstance(obj.get("uid"), bool) and obj["uid"] != ""


def own_header(record: dict[str, Any], field: str, obj: dict[str, Any], key: str) -> bool:
    """A nested object holding the id of a record that has no scalar id of its own, with at least three
    attributes of its own beside it (a metadata header such as Kubernetes' ``metadata`` or a CMS's ``sys``),
    is part of the record: flattened, its id the record's key, not a reference."""
    if any(not isinstance(v, dict | list) and (k.lower() in ("id", "uuid", "_id") or snake(k).endswith("_id"))
           for k, v in record.items() if k != field):
        return False
    if len(record) == 2 and all(isinstance(v, str) and not reference_name(k) for k, v in record.items() if k != field):
        return False  # one text beside the one object, no key of the record: a grant's attribute beside its principal
    return sum(1 for k, v in obj.items() if k != key and not isinstance(v, dict | list)) >= 3


def _keyed_by_uuids(items: list[dict[str, Any]]) -> bool:
    """Some field holds a UUID in every item, a different one in each: the items have identity."""
    if len(items) < 2:
        return False
    return any(all(isinstance(v := item.get(k), str) and detect_uuid(v) for item in items)
               and len({item.get(k) for item in items}) == len(items) for k in items[0])
