"""An answer's compact JSON text, written once and shared by the text tests that rule out the answers a pass can
never act on (lazily loaded wrappers, self-addressed records, GraphQL fields named by a table's suffixes): each is
one search of compiled code over the text, where the pass itself would visit every container in Python."""

from __future__ import annotations

from typing import Any

import orjson


def compact(body: Any) -> bytes | None:
    """``body`` as compact JSON (``orjson.dumps``); None when orjson cannot write it (an integer beyond 64 bits, a
    lone surrogate, nesting past its limit): the passes then run without a text test."""
    try:
        return orjson.dumps(body)
    except TypeError:  # orjson.JSONEncodeError is one
        return None


__all__ = ["compact"]
