"""The answer bodies of a HAR parsed: :func:`parse_body` (JSON, kept text, cut), as :mod:`capture.har` and
the readers of answers (:mod:`capture.har_answers`, :mod:`capture.forked_answers`) parse them.

orjson parses JSON, the stdlib parser what orjson would not give exactly (integers beyond 64 bits) or
refuses. Nothing here redacts: the readers redact what they keep.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from kernel import redact
from kernel.exchange import without_surrogates

#: Parsed JSON bodies above this size are dropped (``body_truncated`` is set).
MAX_JSON_BODY = 32 * 1024 * 1024
#: Non-JSON text bodies are kept only up to this many characters; inference needs little of them.
MAX_TEXT_BODY = 64 * 1024
#: What :func:`parse_body` strips before a JSON text: a byte-order mark and white space.
LEADING = "\ufeff \t\r\n"
TEXTUAL = re.compile(r"^text/|json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|csv|yaml", re.I)
_JSONISH = re.compile(r"json|javascript|text/plain|graphql", re.I)
_DIGIT_MAP = bytes(0x30 if 0x30 <= i <= 0x39 else 0x78 for i in range(256))
#: orjson keeps integers exact from -2**63 to 2**64 - 1; the first integers outside have 19 digits.
_LONG_RUN = b"0" * 19


def parse_body(text: str | None, mime: str | None) -> tuple[Any, str | None, bool]:
    """(parsed JSON, kept text, truncated).

    orjson parses the body. orjson turns integers outside -2**63 .. 2**64 - 1 into floats (the
    first ones outside have 19 digits: -9223372036854775809), so a body with a run of 19 or more
    digits anywhere, and any body orjson refuses (NaN, lone surrogates), goes through the stdlib
    parser, which keeps every integer exact. (Telling the runs orjson reads exactly from the others
    costs as much as the stdlib parser saves on them.)
    """
    if not text:
        return None, None, False
    stripped = text.lstrip(LEADING)
    looks_json = stripped[:1] in ("{", "[")
    if looks_json and (not mime or _JSONISH.search(mime) or "+json" in mime):
        if len(text) > MAX_JSON_BODY:
            return None, None, True
        data, runs = _utf8_runs(stripped)
        if data is not None and not runs:
            try:
                return orjson.loads(data), None, False
            except orjson.JSONDecodeError:
                pass
        try:
            parsed = json.loads(stripped)
        except (ValueError, RecursionError):  # ValueError: invalid, or an integer of more than 4300 digits
            pass
        else:
            if _may_hold_surrogates(stripped):
                parsed = without_surrogates(parsed)
            return (parsed, None, False) if redact.json_depth_ok(parsed) else (None, None, True)
    if mime and not TEXTUAL.search(mime):
        return None, None, False
    if len(text) > MAX_TEXT_BODY:
        return None, text[:MAX_TEXT_BODY], True
    return None, text, False


def orjson_text(text: str, mime: str | None) -> str | None:
    """The text that :func:`parse_body` gives orjson alone (``text`` without a leading byte-order
    mark or white space), when it does without a further test (no run of 19 digits); None otherwise.
    When orjson accepts the text, ``parse_body(text, mime)`` is ``(orjson.loads(...), None, False)``."""
    parts = orjson_parts(text, mime)
    return None if parts is None else text[len(parts[0]):]


def orjson_parts(text: str, mime: str | None) -> tuple[str, bytes] | None:
    """(what :func:`parse_body` strips off the front of ``text``, the rest in UTF-8) when
    :func:`orjson_text` gives that rest; None when it gives None."""
    if not text:
        return None
    stripped = text.lstrip(LEADING)
    if (stripped[:1] in ("{", "[") and (not mime or _JSONISH.search(mime) or "+json" in mime)
            and len(text) <= MAX_JSON_BODY):
        data, runs = _utf8_runs(stripped)
        if data is not None and not runs:
            return text[: len(text) - len(stripped)], data
    return None


def _may_hold_surrogates(text: str) -> bool:
    """Whether the stdlib parser can give lone surrogates for ``text``: it holds one, or the
    escape of one (``\\ud800``; a text with neither parses to strings without any)."""
    if "\\ud" in text or "\\uD" in text:
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


def _long_digits(text: str) -> bool:
    """True when ``text`` has a run of 19 or more ASCII digits (or cannot be encoded as UTF-8).
    Mapping bytes to digit/other and searching for nineteen zeros is far faster than a regex."""
    try:
        data = text.encode()
    except UnicodeEncodeError:
        return True
    return data.translate(_DIGIT_MAP).find(_LONG_RUN) >= 0


def _utf8_runs(text: str) -> tuple[bytes | None, int]:
    """``text`` in UTF-8 (None when it cannot be encoded) and where its first run of 19 or more
    ASCII digits starts, plus one (0 when it has none)."""
    try:
        data = text.encode()
    except UnicodeEncodeError:
        return None, 0
    return data, data.translate(_DIGIT_MAP).find(_LONG_RUN) + 1


__all__ = ["LEADING", "MAX_JSON_BODY", "MAX_TEXT_BODY", "TEXTUAL", "orjson_parts", "orjson_text", "parse_body"]
