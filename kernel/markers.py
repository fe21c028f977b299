"""What a redacted secret becomes: a marker, and for most secrets a pseudonym.

Standard library only, like ``kernel/redact.py``, which uses it (the mitmproxy addon loads both
files by their paths).

A marker names the value's type and, for a string, a length class: ``[REDACTED:str:16-64]``,
``[REDACTED:int]``. Unless it is asked to be fixed, it also carries a pseudonym of the value:
``[REDACTED:str:16-64:fkbnaopcdhgjelmi]``, 16 letters a-p spelling a 64-bit keyed BLAKE2b hash of
the value. The key is random, made once per process (so once per capture run, HAR import or
``wiretable`` command) and never written, logged or derived from anything: equal values get
equal pseudonyms within a process and different values different ones (a collision needs about
2**32 distinct secrets), so the uniqueness and containment that keys and references are found by
survive redaction, while no guess of a secret can be checked against its pseudonym, however few
values the secret can take. Another process gives the same value another pseudonym:
:func:`unkeyed` writes pseudonyms back as their fixed markers where output must not change from
run to run. Letters only: a pseudonym never looks like a card number, a token or a digit run.
"""

from __future__ import annotations

import hashlib
import re
import secrets

__all__ = ["is_marker", "marker", "unkeyed", "unkeyed_value"]

_KEY = secrets.token_bytes(32)
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
_MARKER_RE = re.compile(r"\[REDACTED:(?:str:(?:0|1-15|16-64|65-256|257\+)|[a-z]\w*)(?::[a-p]{16})?\]")
_KEYED_RE = re.compile(r"(\[REDACTED:[\w:+-]*?):[a-p]{16}\]")


def _length_class(length: int) -> str:
    for bound, label in ((0, "0"), (15, "1-15"), (64, "16-64"), (256, "65-256")):
        if length <= bound:
            return label
    return "257+"


def is_marker(value: object) -> bool:
    """True for a string that is one whole marker (fixed or with a pseudonym)."""
    return isinstance(value, str) and value.startswith("[REDACTED:") and _MARKER_RE.fullmatch(value) is not None


def unkeyed(text: str) -> str:
    """``text`` with every pseudonym marker in it written as its fixed marker."""
    return _KEYED_RE.sub(r"\1]", text) if "[REDACTED:" in text else text


def unkeyed_value(value: object) -> object:
    """A JSON value with :func:`unkeyed` applied to every text in it (keys included)."""
    if isinstance(value, str):
        return unkeyed(value)
    if isinstance(value, dict):
        return {unkeyed_value(k): unkeyed_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unkeyed_value(item) for item in value]
    return value


def marker(value: object, *, fixed: bool = False) -> str:
    """The replacement for a secret value: its type, for a string a length class, and unless
    ``fixed`` its pseudonym. A marker is returned as it is (redacting twice changes nothing)."""
    if isinstance(value, str):
        if is_marker(value):
            return value
        kind, data = f"str:{_length_class(len(value))}", value.encode("utf-8", "surrogatepass")
    elif isinstance(value, bool):
        return "[REDACTED:bool]"
    elif isinstance(value, int | float):
        kind, data = type(value).__name__, repr(value).encode()
    else:
        return f"[REDACTED:{type(value).__name__}]"
    if fixed:
        return f"[REDACTED:{kind}]"
    tag = hashlib.blake2b(data, key=_KEY, digest_size=8).hexdigest().translate(_LETTERS)
    return f"[REDACTED:{kind}:{tag}]"
