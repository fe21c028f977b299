"""Lazily loaded values: an object of exactly a payload and a flag telling whether it was loaded.

ORMs serialised as they stand wrap a relation that loads on demand (``"profile": {"value": {...}, "isLoaded":
true}``, ``{"data": [...], "loaded": true}``): the wrapper is the serialiser's, the payload the related record (or
list), read in the wrapper's place as the plain value it holds.
"""

from __future__ import annotations

import re
from typing import Any

from inference.answer_text import compact

_MAX_DEPTH = 32
#: A member named as a loaded flag with a boolean value, as compact JSON written in lower case writes it
#: (``"isLoaded":true`` as ``"isloaded":true``): searched in the lowered text, a literal search, where a search
#: ignoring case tests every character (the same matches: both fold ASCII letters only).
_FLAG_TEXT = re.compile(rb'oaded":(?:true|false)')


def _flag(key: str, value: Any) -> bool:
    k = key.lower().replace("_", "").replace("-", "")
    return isinstance(value, bool) and k in ("loaded", "isloaded", "hasloaded", "wasloaded")


def _payload(obj: dict[str, Any]) -> tuple[str, Any] | None:
    """The payload member of a lazily loaded wrapper (exactly one loaded flag beside one object or list), or None."""
    if len(obj) != 2:
        return None
    (k1, v1), (k2, v2) = obj.items()
    if _flag(k2, v2) and isinstance(v1, dict | list):
        return k1, v1
    if _flag(k1, v1) and isinstance(v2, dict | list):
        return k2, v2
    return None


def lazy_payloads(body: Any) -> Any:
    """The answer with every lazily loaded wrapper read as its payload (unchanged when it holds none)."""
    return lazy_payloads_in(body, compact(body))


def lazy_payloads_in(body: Any, text: bytes | None) -> Any:
    """:func:`lazy_payloads` of an answer whose compact JSON is ``text`` (see :mod:`inference.answer_text`):
    unchanged when that text holds no loaded flag, or when orjson could not write it (None)."""
    if text is None or not may_hold_flag(text):
        return body
    return _read(body, 0)


def may_hold_flag(text: bytes) -> bool:
    """False when no loaded flag with a boolean value is anywhere in the answer whose compact JSON is ``text``."""
    return _FLAG_TEXT.search(text.lower()) is not None


def _read(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, list):
        return [_read(item, depth + 1) for item in value]
    if not isinstance(value, dict):
        return value
    payload = _payload(value)
    if payload is not None and depth > 0:  # a wrapper inside a record; the answer itself stays what it is
        return _read(payload[1], depth + 1)
    return {k: _read(v, depth + 1) for k, v in value.items()}
