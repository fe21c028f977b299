"""The type of a list empty in every record: nothing in the capture says what it lists.

``"media_attachments": []`` in every status may list objects as well as names; a column that holds whatever it will
hold is ``jsonb`` (eval rule 8: irregular structures). The list is an array of scalars when something says so:

- its name names scalars: keys (``product_ids``, ``used_by``: who used it), words an API lists as plain values
  (``tags``, ``labels``, ``genres``, ``keywords``, ``scopes``, ``permissions``, ``emails``, ``domains``, ``images``, ``formats``,
  ``names``, ``fields``), or e-mail addresses (``email_restrictions``);
- a filled list of the same name in a nested object of the record holds scalars (``shelves`` beside
  ``stock_shelves``): the same type;
- its name ends with the name of a filled list of scalars of the record (``subtitle``, ``original_title`` beside
  ``title``): a kind of that list, of its type;
- it counts positions in a calendar span (``days_of_month``, ``weeks_of_year``: ``integer[]``, as recurrence rules
  list them), or its last word is the plural of an entity the record references (``assigned_users`` beside
  ``user_id``: keys of that entity, of its reference's type);
- it sits in a nested object whose other members are scalars or lists of scalars (``{"automatic": ["public"],
  "manual": []}``, ``{"single": "", "multi": []}``): a list beside lists of one type holds that type, else text.
"""

from __future__ import annotations

import re

from inference.naming import is_plural, singular
from kernel.schema import Column

#: Last words of names that list plain values (keys, tags, addresses), not objects.
_SCALAR_LIST = re.compile(
    r"(^|_)(ids|by|tags|labels|genres|keywords|scopes|permissions|emails|domains|images|formats|names|fields)$|(^|_)emails?(_|$)")

#: Positions counted within a calendar span (``days_of_month``, ``months_of_year``): integers. A day of the week may
#: be spelt by its name, so the week is no such span.
_ORDINALS = re.compile(r"(^|_)(days|weeks|months|hours|minutes)_of_(the_)?(month|year|day|hour)$")

_SCALAR_TYPES = frozenset({"text", "integer", "bigint", "numeric", "double precision", "boolean", "uuid", "date",
                           "timestamptz", "time"})


def type_empty_lists(columns: list[Column], empty_lists: set[str]) -> None:
    """Give each column of ``empty_lists`` (its values all ``[]`` or null) its type, ``jsonb`` unless its name or the
    members of its nested object say it lists scalars."""
    if not empty_lists:
        return
    types = {c.name: c.type for c in columns}
    for column in columns:
        if column.name in empty_lists:
            column.type = _scalar_list(column.name, types, empty_lists) or "jsonb"


def _scalar_list(name: str, types: dict[str, str], empty_lists: set[str]) -> str | None:
    """``text[]`` (or the one array type of the list's siblings) when the list holds scalars, else None."""
    sibling = _sibling_array(name, types, empty_lists)
    if sibling is not None:
        return sibling
    # ``shelves`` beside ``stock_shelves`` of names: the same list of the record, filled in a nested object
    same = {t for other, t in types.items() if other.endswith("_" + name) and other not in empty_lists
            and _scalar_array(t)}
    if len(same) == 1:
        return same.pop()
    # ``subtitle``, ``original_title`` beside a filled ``title`` of names: a kind of that list, of its type
    kinds = {t for other, t in types.items() if len(other) > 2 and name.endswith(other) and other not in empty_lists
             and _scalar_array(t)}
    if len(kinds) == 1:
        return kinds.pop()
    if _ORDINALS.search(name):
        return "integer[]"  # ``days_of_month``, ``weeks_of_year``: positions in a calendar span (a recurrence rule's)
    # ``assigned_users`` beside ``user_id``: the keys of the entity the record's reference names, of that key's type
    last = name.rpartition("_")[2]
    keyed = types.get(f"{singular(last)}_id") if is_plural(last) and singular(last) != last else None
    if keyed in _SCALAR_TYPES and keyed not in ("boolean", "numeric", "double precision"):
        return f"{keyed}[]"
    return "text[]" if _SCALAR_LIST.search(name) else None


def _sibling_array(name: str, types: dict[str, str], empty_lists: set[str]) -> str | None:
    """The members of the list's nested object (the columns sharing its name's longest prefix that others share):
    scalars or lists of scalars only, at least one of them filled, give a scalar array type."""
    words = name.split("_")
    for cut in range(len(words) - 1, 0, -1):
        prefix = "_".join(words[:cut]) + "_"
        members = [other for other in types if other != name and other.startswith(prefix)]
        if not members:
            continue
        filled = [types[m] for m in members if m not in empty_lists]
        if not filled or any(t not in _SCALAR_TYPES and not _scalar_array(t) for t in filled):
            return None
        arrays = {t for t in filled if _scalar_array(t)}
        return next(iter(arrays)) if len(arrays) == 1 else "text[]"
    return None


def _scalar_array(kind: str) -> bool:
    return kind.endswith("[]") and kind[:-2] in _SCALAR_TYPES
