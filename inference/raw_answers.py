"""Response bodies that reach inference unredacted (``wiretable infer`` on a HAR file).

The HAR reader can leave the parsed JSON of responses as it is (``redact_answers=False``) when
inference redacts them itself. :class:`AnswerRedactor` redacts a body before anything of it is
kept, with the same redactor as the reader (:class:`kernel.body_redactor.BodyRedactor`), so the
schema is the one inferred from redacted traffic, value for value.

One case needs no redaction: past a table's row cap, a page (or a single record read at its address)
whose records all have known shapes is only counted and its key-like columns (and nested objects) indexed
(``Collector._count_known``). Redaction keeps keys, list lengths and containers; under names that
are not sensitive it turns a text into a text and leaves floats, None and booleans as they are.
So when no name on the page is sensitive, nothing outside the records' own values changes
(tested), and neither integers, objects nor key-like columns change (tested), the page yields the
same batches, shapes, counts and indexed keys as its redacted form, and the texts and lists of
the other columns, which are never read, are not redacted at all. Nothing of such a page is kept
but counts and the tested values.
"""

from __future__ import annotations

import operator
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

from inference.counting import Grouped, column_name, object_groups
from inference.drafts import is_key_like
from inference.identity import identity_candidates
from kernel.body_redactor import BodyRedactor

if TYPE_CHECKING:
    from kernel.exchange import Exchange

#: Types whose values redaction never turns into another type under a name that is not sensitive.
_SAME_TYPE = frozenset({str, list, float, bool, type(None)})
_CONTAINERS = frozenset({dict, list})
_LISTS, _DICTS = {list}, {dict}
#: Pages nested deeper than this are redacted as a whole (the walks below stay far from the
#: recursion limit that makes the reader drop a body).
_MAX_DEPTH = 100

Group = tuple[tuple[str, ...], list[tuple[Any, ...]], set[tuple[type, ...]]]
#: Positions of containers walked here, of containers whose objects are walked a level down and
#: that hold lists too (only the lists walked here), of values tested (with their types), of values
#: whose type is tested, and of nested objects (with their field).
_Plan = tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, set[type]], ...], tuple[tuple[int, set[type]], ...],
              tuple[tuple[int, str], ...]]


class AnswerRedactor:
    """Redacts response bodies for inference; one per inference run (it remembers names and
    short texts, as the reader does per file)."""

    def __init__(self) -> None:
        self.redactor = BodyRedactor()
        self._plain_keys: dict[tuple[str, ...], bool] = {}
        self._plans: dict[tuple[Any, ...], _Plan | None] = {}

    def _plain(self, keys: tuple[str, ...]) -> bool:
        """No key of ``keys`` is a sensitive name (decided once per key set)."""
        verdict = self._plain_keys.get(keys)
        if verdict is None:
            sensitive = self.redactor.sensitive
            verdict = not any(type(key) is not str or sensitive(key) for key in keys)
            if len(self._plain_keys) < 10_000:
                self._plain_keys[keys] = verdict
        return verdict

    def redact(self, exchange: Exchange) -> Exchange:
        """The exchange with its response body redacted (None when too deeply nested to walk)."""
        response = exchange.response
        if response.body is not None:
            response.body = self.redactor.redact_or_drop(response.body)
        return exchange

    def only_unread_change(self, body: Any, records: list[dict[str, Any]], groups: list[Group],
                           known_keys: dict[str, str], grouped: Grouped | None = None) -> bool:
        """True when redacting ``body`` could change only what counting a page of ``records``
        (grouped by keys: ``groups``) never reads: texts and lists that are neither key-like nor
        a candidate key of a nested object (``known_keys``: the natural keys of the entities).
        ``grouped``: where the nested objects grouped on the way are noted, for counting."""
        try:
            return self._envelope_unchanged(body, records) and all(
                self._read_unchanged(group, "", known_keys, grouped, top=True) for group in groups)
        except RecursionError:
            return False

    def _read_unchanged(self, group: Group, field: str, known_keys: dict[str, str], grouped: Grouped | None, *,
                        top: bool, levels: int = _MAX_DEPTH) -> bool:
        """Whether redaction leaves alone what ``inference.counting`` reads of objects that share
        their keys: at the top (``top``) their value types and key-like values; nested under
        ``field``, their candidate keys and key-like values; and so on down objects. False too
        when a value nests containers ``levels`` deep or more (the nested objects' own values are
        tested a level down, with one level less)."""
        keys, columns, kinds = group
        candidates = () if top else identity_candidates(keys, field, known_keys)
        plan = self._plan(keys, frozenset(kinds), field, candidates, top)
        if plan is None:
            return False
        containers, lists_beside, tested, others, nested = plan
        if not all(_shallow(columns[i], levels) for i in containers):
            return False
        if nested and (levels < 1 or not all(
                _shallow([value for value in columns[i] if type(value) is list], levels) for i in lists_beside)):
            return False
        unchanged = self.redactor.unchanged
        for i, types in tested:
            if not unchanged(columns[i], types):
                return False
        for i, kinds_of in others:  # at the top, types count: an integer may become a text
            if not unchanged([value for value in columns[i] if type(value) in kinds_of], kinds_of):
                return False
        for i, inner in nested:
            if not all(self._read_unchanged((keys_of, columns_of, kinds_of), inner, known_keys, grouped, top=False,
                                            levels=levels - 1)
                       for keys_of, _objects, columns_of, kinds_of in object_groups(columns[i], grouped)
                       if columns_of is not None and kinds_of is not None):
                return False
        return True

    def _plan(self, keys: tuple[str, ...], kinds: frozenset[tuple[type, ...]], field: str,
              candidates: tuple[str, ...], top: bool) -> _Plan | None:
        """What :meth:`_read_unchanged` tests of objects of ``keys`` and value types ``kinds``:
        the positions of containers, of values that must not change (with their types), of
        values whose type must not change, and of nested objects (with their field); None when
        a name is sensitive. Decided once per shape."""
        key = (keys, kinds, field, candidates, top)
        if key in self._plans:
            return self._plans[key]
        plan: _Plan | None = None
        if self._plain(keys):
            prefix = field + "_" if field else ""
            containers, tested, others, nested = [], [], [], []
            for i, name in enumerate(keys):
                types = {kind[i] for kind in kinds}
                if types & _CONTAINERS:
                    containers.append(i)
                if name in candidates or is_key_like(column_name(prefix, name)):
                    tested.append((i, types))
                    continue
                if top and (kinds_of := types - _SAME_TYPE - _DICTS):
                    others.append((i, kinds_of))
                if dict in types:
                    nested.append((i, column_name(prefix, name)))
            below = {i for i, _field in nested}
            plan = (tuple(i for i in containers if i not in below),
                    tuple(i for i in below if any(kind[i] is list for kind in kinds)),
                    tuple(tested), tuple(others), tuple(nested))
        if len(self._plans) < 10_000:
            self._plans[key] = plan
        return plan

    def _envelope_unchanged(self, body: Any, records: list[dict[str, Any]]) -> bool:
        """True when redaction changes nothing of ``body`` outside the objects in ``records`` and
        no name on the way to them is sensitive."""
        redact, sensitive = self.redactor.redact, self.redactor.sensitive
        ids: set[int] | None = None  # the records' ids, taken when an object below the top is met
        stack = [(body, 0)]
        while stack:
            item, depth = stack.pop()
            kind = type(item)
            if kind is dict:
                if depth == 0:
                    if any(map(operator.is_, records, repeat(item))):
                        continue
                elif id(item) in (ids if ids is not None else (ids := {id(record) for record in records})):
                    continue
                if depth > _MAX_DEPTH:
                    return False
                for key, value in item.items():
                    if type(key) is not str or sensitive(key):
                        return False
                    stack.append((value, depth + 1))
            elif kind is list:
                if len(item) == len(records) and all(map(operator.is_, item, records)):
                    continue  # the records themselves
                if depth > _MAX_DEPTH:
                    return False
                stack.extend((value, depth + 1) for value in item)
            elif kind is str or kind is int:
                if redact(item) != item:
                    return False
            elif not (item is None or kind is bool or kind is float):
                return False
        return True


def _shallow(values: tuple[Any, ...] | list[Any], levels: int = _MAX_DEPTH) -> bool:
    """True when the objects and lists among ``values`` nest at most ``levels`` deep (a level at
    a time, so that a column of flat values costs a pass or two)."""
    level: Any = values
    for _depth in range(levels + 1):
        types = set(map(type, level))
        if not types & _CONTAINERS:
            return True
        if types == _LISTS:
            level = list(chain.from_iterable(level))
        elif types == _DICTS:
            level = list(chain.from_iterable(map(dict.values, level)))
        else:
            level = [item for value in level if type(value) is dict or type(value) is list
                     for item in (value.values() if type(value) is dict else value)]
    return False
