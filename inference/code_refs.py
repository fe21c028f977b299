"""References by a code's name and form: ``sales_default_account_code``, ``default_currency``, ``payable_tax_type``.

A table keyed by short codes (``code`` of accounts, currencies' ``NZD``, a tax rate's ``tax_type``) is a table of
reference data: a capture reads the few codes it was shown, and records elsewhere name others (``USD``, ``660``).
A column named after such a table's code, alone or after a role, whose values are all codes of the same form as
the table's (the same kinds of character, a length within the keys' range) references it, although the capture
never read those very rows. The name decides, the form must agree: neither alone makes the reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from inference.drafts import Draft, key_text
from inference.keys import pk_of

#: A code: a short word of letters and digits (``NZD``, ``091``, ``OUTPUT2``, ``GB-ENG``), no space, no date.
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$")


def _classes(text: str) -> frozenset[str]:
    return frozenset("9" if c.isdigit() else "A" if c.isupper() else "a" if c.islower() else "-" for c in text)


def _codes(keys: list[str]) -> bool:
    """Every row holds one, each unique, every one a code (and not all of them integers, which are ids)."""
    return bool(keys) and "" not in keys and len(set(keys)) == len(keys) and all(map(_CODE.match, keys)) and not all(
        k.isdigit() and not k.startswith("0") for k in keys)


def same_form(values: set[str], keys: list[str]) -> bool:
    """``values`` are codes spelt as ``keys`` are: each value's kinds of character (upper, lower, digit, other)
    are those of some key, and its length lies within the keys' lengths."""
    forms = {_classes(k) for k in keys}
    low, high = min(map(len, keys)), max(map(len, keys))
    return bool(values) and all(_CODE.match(v) and _classes(v) in forms and low <= len(v) <= high for v in values)


def code_target(drafts: Iterable[Draft], draft: Draft, col: str, values: set[str], naming: Callable[[str, Draft, str], int],
                natural_keys: Iterable[str], owned: list[tuple[Draft, str]]) -> tuple[Draft, str] | None:
    """The one table of codes that ``col`` names (by its key, a natural key or its own code name, alone or after a
    role) and whose codes have the form of ``values``; None when none or several do."""
    found: dict[str, tuple[Draft, str]] = {}
    for target in drafts:
        if target is draft or target.kind != "entity" or not target.rows:
            continue
        pk = pk_of(target)
        columns = [pk] if pk is not None else []
        columns += [k for k in natural_keys if k != pk and k in target.paths]
        columns += [k for t, k in owned if t is target and k not in columns]
        for key in columns:
            if key in target.jsonb or not (naming(col, target, key) or any(t is target and k == key for t, k in owned)):
                continue
            keys = [key_text(r.values.get(key)) for r in target.rows[:200]]
            if _codes(keys) and same_form(values, keys):
                found.setdefault(target.name, (target, key))
    return next(iter(found.values())) if len(found) == 1 else None
