"""Redaction of parsed JSON bodies as they are read: ``redact.redact_body``, made cheap for captures.

A capture repeats the same few hundred field names millions of times, pages of records that share
their keys, and many of the same values (states, names, categories). :class:`BodyRedactor` decides
each field name and each short text once per file, looks at a page of records column by column
(one test over all the texts of a column instead of one per text), and returns an object or
array in which nothing changes as it is instead of copying it. The result always equals
``redact.redact_body(body)`` (tests/capture_har checks this on generated and real bodies).
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Any

from kernel import redact

#: Remembered for a text that redaction leaves as it is (the text itself is then returned).
_SAME = "\x00same"
_MAYBE_SECRET_TEXT = re.compile(r"[=:<]|eyJ|bearer|basic|digest|token|negotiate|ntlm", re.I)
_THREE_LETTERS = re.compile(r"[A-Za-z][^A-Za-z]*[A-Za-z][^A-Za-z]*[A-Za-z]")
#: The words of ``_MAYBE_SECRET_TEXT``, lowercased, for ASCII text.
_SECRET_WORDS = ("eyj", "bearer", "basic", "digest", "token", "negotiate", "ntlm")
#: Integers below this are never card numbers (``redact.is_secret_number`` needs 13 digits).
_SMALLEST_CARD = 10**12
_SKIPPED = frozenset({type(None), bool, float})


class BodyRedactor:
    """``redact.redact_body`` with what it decided remembered for one file (see the module)."""

    #: Texts remembered at most (only short ones: long texts rarely repeat).
    TEXTS = 50_000
    TEXT_LENGTH = 96

    def __init__(self) -> None:
        self._names: dict[str, int] = {}
        self._texts: dict[str, str] = {}

    def _sensitive(self, name: str) -> int:
        verdict = self._names.get(name)
        if verdict is None:
            verdict = redact.secret_level(name)
            if len(self._names) < 100_000:
                self._names[name] = verdict
        return verdict

    def text(self, value: str) -> str:
        """A string value as ``redact.redact_body`` leaves it (the same object when unchanged)."""
        done = self._texts.get(value)
        if done is not None:
            return value if done is _SAME else done
        new = _redact_str(value)
        if new == value:
            new = value
        if len(value) <= self.TEXT_LENGTH and len(self._texts) < self.TEXTS:
            self._texts[value] = _SAME if new is value else new
        return new

    def redact_or_drop(self, body: Any) -> Any:
        """A parsed body redacted; None when it is too deeply nested to walk (the parsers accept
        nesting that a walk over it cannot follow), as when it is not kept."""
        if body is None:
            return None
        try:
            return self.redact(body)
        except RecursionError:
            return None

    def sensitive(self, name: str) -> int:
        """``redact.secret_level(name)`` (0 when not sensitive), decided once per name."""
        verdict = self._names.get(name)
        return self._sensitive(name) if verdict is None else verdict

    def unchanged(self, items: list[Any] | tuple[Any, ...], types: set[type] | None = None) -> bool:
        """True when redaction leaves each of ``items`` (values not under a sensitive name) as it
        is; False when something might change. ``types``: the set of their types, when known."""
        return self._items_unchanged(items, types)

    def redact(self, value: Any, force: int = False) -> Any:
        """``value`` redacted; ``force``: 1 (True) hides every value by a pseudonym, 2 by the fixed marker."""
        kind = type(value)
        if kind is dict:
            return self._dict(value, force)
        if kind is list:
            return self._list(value, force)
        if value is None or kind is bool:
            return value
        if force or (kind is int and redact.is_secret_number(value)):
            return redact.marker(value, fixed=force != 1)
        if kind is str:
            return self.text(value)
        if isinstance(value, str):  # a subclass
            return _redact_str(value)
        if isinstance(value, dict | list):  # subclasses
            return self._dict(value, force) if isinstance(value, dict) else self._list(value, force)
        return value

    def _list(self, value: list[Any], force: int) -> list[Any]:
        if force:
            return [self.redact(item, force) for item in value]
        if len(value) > 1 and type(value) is list and self._items_unchanged(value):
            return value
        out: list[Any] | None = None
        redact_one = self.redact
        for i, item in enumerate(value):
            kind = type(item)
            if item is None or kind is bool or kind is float:
                continue
            new = redact_one(item)
            if new is not item:
                if out is None:
                    out = list(value)
                out[i] = new
        if out is None:
            return value if type(value) is list else list(value)
        return out

    def _dict(self, value: dict[Any, Any], force: int) -> dict[Any, Any]:
        if force:
            return {key: self.redact(item, max(force, self.sensitive(key) if type(key) is str else 0))
                    for key, item in value.items()}
        names = self._names
        out: dict[Any, Any] | None = None
        new: Any
        for key, item in value.items():
            kind = type(item)
            if item is None or kind is bool:
                continue
            sensitive = type(key) is str and (names[key] if key in names else self._sensitive(key))
            if kind is str and not sensitive:
                new = self.text(item)
            elif kind is int or kind is float:
                new = redact.marker(item, fixed=sensitive != 1) \
                    if sensitive or (kind is int and redact.is_secret_number(item)) else item
            else:
                new = self.redact(item, sensitive)
            if new is not item:
                if out is None:
                    out = dict(value)
                out[key] = new
        if out is None:
            return value if type(value) is dict else dict(value)
        return out

    # -- pages of records, column by column -------------------------------------------------------
    # Redacting a list redacts each item on its own, and an object each value on its own (under a
    # name that is not sensitive): so a list, or a column of values, is unchanged exactly when each
    # of its items is. These tests decide that for many items at once and may answer False when
    # something might change; the caller then redacts item by item.

    def _items_unchanged(self, items: list[Any] | tuple[Any, ...], types: set[type] | None = None) -> bool:
        """True when redaction changes none of ``items`` (values not under a sensitive name);
        ``types``: the set of their types, when known."""
        if types is None:
            types = set(map(type, items))
        kinds = types - _SKIPPED
        if not kinds:
            return True
        alone = len(types) == 1  # no None, bool or float among them: no filtering needed
        if kinds == {int}:
            return max(items if alone else (value for value in items if type(value) is int)) < _SMALLEST_CARD
        if kinds == {str}:
            return self._texts_unchanged(items if alone else [value for value in items if type(value) is str])
        if kinds <= {dict, list}:
            objects = items if types == _OBJECT else [value for value in items if type(value) is dict]
            if objects and not self._objects_unchanged(objects):
                return False
            inner = [] if types == _OBJECT else [item for value in items if type(value) is list for item in value]
            return not inner or self._items_unchanged(inner)
        return all(self.redact(value) is value for value in items if type(value) not in _SKIPPED)

    def _objects_unchanged(self, objects: list[dict[Any, Any]] | tuple[dict[Any, Any], ...]) -> bool:
        """True when redaction changes none of ``objects``: objects that share their keys are
        looked at column by column, the others one by one."""
        first = tuple(objects[0])
        key_rows = list(map(tuple, objects))
        if key_rows.count(first) == len(key_rows):
            groups = [(first, objects)]
        else:
            by_keys: dict[tuple[Any, ...], list[dict[Any, Any]]] = {}
            for keys, obj in zip(key_rows, objects, strict=True):
                by_keys.setdefault(keys, []).append(obj)
            groups = list(by_keys.items())
        names = self._names
        for keys, group in groups:
            if len(group) == 1:
                if self._dict(group[0], False) is not group[0]:
                    return False
                continue
            if not keys:
                continue
            for key in keys:
                if type(key) is not str or (names[key] if key in names else self._sensitive(key)):
                    return False
            columns = [tuple(map(itemgetter(keys[0]), group))] if len(keys) == 1 else \
                zip(*map(itemgetter(*keys), group), strict=True)
            # The columns of texts alone are tested together first, then one by one if need be.
            texts: list[tuple[str, ...]] = []
            for column in columns:
                types = set(map(type, column))
                if types == _TEXT:
                    texts.append(column)
                elif not self._items_unchanged(column, types):
                    return False
            if texts and not self._text_columns_unchanged(texts):
                return False
        return True

    def _text_columns_unchanged(self, columns: list[tuple[str, ...]]) -> bool:
        verdict = _verdict("\x00".join(map("\x00".join, columns))) if len(columns) > 1 else _DIRTY
        if verdict == _CLEAN:
            return True
        if verdict == _PAIRS:
            return all(self._pairs_unchanged(column) for column in columns)
        return all(self._texts_unchanged(column) for column in columns)

    def _texts_unchanged(self, texts: list[str] | tuple[str, ...]) -> bool:
        """True when none of ``texts`` changes. A test that holds for the joined texts holds for
        each of them (a pattern found in one text is found in the joined ones), so one test over
        the joined texts stands for a test of each."""
        joined = "\x00".join(texts)
        verdict = _verdict(joined)
        if verdict == _DIRTY:
            return _plain_urls(texts, joined) or all(self.text(value) is value for value in texts)
        return verdict == _CLEAN or self._pairs_unchanged(texts)

    def _pairs_unchanged(self, texts: list[str] | tuple[str, ...]) -> bool:
        """For texts whose only cause of change can be ``name: value`` pairs: a name has 3 letters."""
        return all(self.text(value) is value for value in texts
                   if ":" in value and ("%" in value or _THREE_LETTERS.search(value)))


_CLEAN, _PAIRS, _DIRTY = 0, 1, 2
_TEXT = {str}
_OBJECT = {dict}


def _verdict(joined: str) -> int:
    """What can change the texts joined in ``joined``: nothing (``_CLEAN``), only ``name: value``
    pairs (``_PAIRS``, when the only trigger is a colon), or anything (``_DIRTY``)."""
    if not joined.isascii():  # ``_maybe_secret`` of a text that is not ASCII, for all at once
        if "://" in joined or _MAYBE_SECRET_TEXT.search(joined) or redact.may_hold_value_secret(joined):
            return _DIRTY
        return _CLEAN
    if ("://" in joined or "=" in joined or "<" in joined
            or _has_secret_word(joined.lower()) or redact.may_hold_value_secret(joined)):
        return _DIRTY
    return _PAIRS if ":" in joined else _CLEAN


_URL_SCHEMES = ("http://", "https://")


def _plain_urls(texts: list[str] | tuple[str, ...], joined: str) -> bool:
    """True when every text is a plain http(s) URL that ``redact.redact_url`` returns as it is: no
    query, fragment, userinfo or brackets (so it is rebuilt from its scheme, host and path alone),
    printable ASCII, and no secret value, JWT or scheme word in any path."""
    return (joined.isascii() and all(text.startswith(_URL_SCHEMES) for text in texts)
            and "?" not in joined and "#" not in joined and "@" not in joined and "[" not in joined
            and "]" not in joined and all(map(str.isprintable, texts))
            and not _has_secret_word(joined.lower()) and not redact.may_hold_value_secret(joined))


def _redact_str(value: str) -> str:
    if value.startswith(("http://", "https://")):
        return redact.redact_url(value)
    return redact.redact_text(value) if _maybe_secret(value) else value


def _maybe_secret(text: str) -> bool:
    """False when ``redact.redact_text`` surely returns ``text`` unchanged: each change needs a
    secret found by its value, or one of ``=:<``, "eyJ" or a scheme word and a name, scheme or JWT
    of three or more ASCII letters (percent-escapes can spell letters, so a ``%`` always counts)."""
    if redact.may_hold_value_secret(text):
        return True
    if text.isascii():  # ``_MAYBE_SECRET_TEXT.search``, by substring tests (the same answer, faster)
        if "=" not in text and ":" not in text and "<" not in text and not _has_secret_word(text.lower()):
            return False
    elif not _MAYBE_SECRET_TEXT.search(text):
        return False
    return "%" in text or _THREE_LETTERS.search(text) is not None


def _has_secret_word(lower: str) -> bool:
    """One of ``_SECRET_WORDS`` in a lowercased ASCII text (spelled out: no generator to run)."""
    return ("token" in lower or "bearer" in lower or "basic" in lower or "digest" in lower or "eyj" in lower
            or "negotiate" in lower or "ntlm" in lower)
