"""Working structures shared by the inference stages: draft tables, their rows and evidence.

Memory and time are bounded however large the capture: a draft keeps the first ``MAX_ROWS``
rows, then only exemplar rows that show a column in a shape or with a null not seen before, so
that types and nullability still see the rare cases (records of a known shape are not even
flattened past the cap, see :mod:`inference.entities`). Key-like columns also remember up to ``MAX_KEYS`` distinct values of
every row ever seen (and the integer range beyond that), so that foreign-key containment is judged
against all keys, not the sample. Below the caps every result is exact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from inference.naming import singular
from kernel.redact import is_sensitive_name

#: Rows kept per table before sampling starts.
MAX_ROWS = 2_000
#: Extra rows kept because they show a column's type or null-ness for the first time.
MAX_EXEMPLARS = 1_000
#: Distinct values remembered per key-like column.
MAX_KEYS = 250_000

_KEYLIKE = re.compile(r"^(id|uuid|guid|_id|slug|username|code|handle|key|sku|isbn|login|email|name)$"
                      r"|_(id|uuid|key|code)$")
_INT_TEXT = re.compile(r"^-?\d{1,18}$")
_INT_LIMIT = 10**18
_PATH_PARTS = re.compile(r"[.\[\]]+")
_NULL_TEXTS = frozenset({"NULL", "null", "None"})


@dataclass(eq=False)
class Row:
    """One record flattened to columns. ``hint`` carries a parent resource from the URL path."""

    values: dict[str, Any]
    endpoint: str
    hint: tuple[str, str] | None = None


@dataclass
class FKDraft:
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    rule: str
    confidence: float


@dataclass
class ChildLink:
    """A row of a child/association/join table that still needs its parent's key value."""

    row: Row
    parent: Row
    column: str


@dataclass
class KeySet:
    """Distinct values of one key-like column over every row seen; past the cap, an integer range.

    Integers, and texts written exactly as one (``"42"``), are kept as ``int``: the common key
    needs no text of its own until :attr:`values` is read. Other texts are kept as they are."""

    ints: set[int] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    overflow: bool = False
    low: int | None = None
    high: int | None = None
    _values: set[str] | None = field(default=None, repr=False, compare=False)

    @property
    def values(self) -> set[str]:
        """Every remembered value as text (``key_text``); do not modify."""
        if self._values is None:
            self._values = self.texts | set(map(str, self.ints))
        return self._values

    def __len__(self) -> int:
        return len(self.ints) + len(self.texts)

    def add(self, text: str) -> None:
        if not text:
            return
        if _INT_TEXT.match(text):
            number = int(text)
            self.low = number if self.low is None else min(self.low, number)
            self.high = number if self.high is None else max(self.high, number)
            if str(number) == text:
                self._put(self.ints, number)
                return
        self._put(self.texts, text)

    def _put(self, kept: set[Any], value: Any) -> None:
        self._values = None
        if len(self) < MAX_KEYS:
            kept.add(value)
        elif value not in kept:
            self.overflow = True

    def add_int(self, number: int) -> None:
        """``add(str(number))`` for an integer of at most 18 digits."""
        self._put(self.ints, number)
        if self.low is None or number < self.low:
            self.low = number
        if self.high is None or number > self.high:
            self.high = number

    def add_ints(self, numbers: Sequence[int], low: int, high: int) -> None:
        """``add_int`` for each of ``numbers``, whose least and greatest are ``low`` and ``high``."""
        self._values = None
        if len(self) + len(numbers) <= MAX_KEYS:
            self.ints.update(numbers)
        else:
            for number in numbers:
                self._put(self.ints, number)
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)

    def add_texts(self, texts: Sequence[str]) -> None:
        """``add`` for each of ``texts`` (strings)."""
        kept = [t for t in texts if t and t not in _NULL_TEXTS]
        if len(self) + len(kept) > MAX_KEYS:
            for text in kept:
                self.add(text)
            return
        self._values = None
        if not any((text[0] == "-" or text[0].isdigit()) and _INT_TEXT.match(text) for text in kept):
            self.texts.update(kept)  # no integer among them (ids, slugs, emails)
            return
        numbers: list[int] = []
        for text in kept:
            if (text[0] == "-" or text[0].isdigit()) and _INT_TEXT.match(text):
                number = int(text)
                numbers.append(number)
                if str(number) == text:
                    self.ints.add(number)
                    continue
            self.texts.add(text)
        if numbers:
            low, high = min(numbers), max(numbers)
            self.low = low if self.low is None else min(self.low, low)
            self.high = high if self.high is None else max(self.high, high)

    def held(self, texts: set[str]) -> set[str]:
        """Those of ``texts`` that are remembered (``texts & values`` without building ``values``)."""
        if self._values is not None:
            return texts & self._values
        found = texts & self.texts
        ints = self.ints
        for text in texts:
            if (text[:1] == "-" or text[:1].isdigit()) and _INT_TEXT.match(text):
                number = int(text)
                if number in ints and str(number) == text:
                    found.add(text)
        return found

    def hits(self, texts: set[str]) -> int:
        """How many of ``texts`` are known values; past the cap, integers inside the range count."""
        found = len(texts & self.values)
        if self.overflow and self.low is not None and self.high is not None:
            low, high = self.low, self.high
            found += sum(1 for t in texts - self.values if _INT_TEXT.match(t) and low <= int(t) <= high)
        return found


def _shape(value: Any) -> str:
    if isinstance(value, str):
        return "str" if not value else "str:" + ("9" if value[0].isdigit() else "a") + str(min(len(value), 40) // 10)
    return type(value).__name__


#: ``_shape`` of a text by its first character and length class.
_DIGIT_SHAPES = tuple(f"str:9{n}" for n in range(5))
_ALPHA_SHAPES = tuple(f"str:a{n}" for n in range(5))


@dataclass
class Draft:
    name: str
    kind: str  # entity | embedded | child | association | join
    rows: list[Row] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)
    paths: dict[str, set[str]] = field(default_factory=dict)
    ref_values: dict[str, set[str]] = field(default_factory=dict)
    fks: list[FKDraft] = field(default_factory=list)
    pk: list[str] | None = None
    parent: str | None = None
    links: list[ChildLink] = field(default_factory=list)
    rule: str = "collection endpoint"
    order: list[str] = field(default_factory=list)
    jsonb: set[str] = field(default_factory=set)
    declared_json: set[str] = field(default_factory=set)  # fields a read's projection names as JSON values
    #: Fields holding stubs of records never served (``commit``: ``{hash, type, links}``), with the stub's key.
    stub_keys: dict[str, str] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)
    had_rows_before_merge: int = 0
    raw_rows: list[Row] | None = None
    seen: int = 0  # rows offered, kept or not
    sampled: bool = False  # True once rows were dropped: row-based figures are estimates
    key_index: dict[str, KeySet] = field(default_factory=dict)
    shapes: set[tuple[str, str]] = field(default_factory=set)
    exemplars: int = 0
    record_shapes: set[tuple[tuple[str, ...], tuple[type, ...]]] = field(default_factory=set)
    secret: set[str] = field(default_factory=set)  # columns reached through a credential-named key
    #: The rows as they were when no primary key was found in them (see ``relations._pk_of``).
    keyless_state: tuple[Any, ...] | None = None
    #: (prefix, JSON key) -> its column; distinct keys that snake_case to one name get suffixes.
    key_columns: dict[tuple[str, str], str] = field(default_factory=dict)
    claimed: set[str] = field(default_factory=set)
    #: (path, prefix) -> JSON key -> column, for scalar values already noted there: flattening a
    #: scalar seen before at that place only stores it (``key_columns`` and ``note`` would not change).
    scalar_columns: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    #: Other names the API gives the same records (a nested route's ``queues`` of ``work_queues``).
    aliases: set[str] = field(default_factory=set)
    #: The key sets of the stubs that name its records elsewhere (``{"id", "username", "avatar_template"}``).
    stub_shapes: set[frozenset[str]] = field(default_factory=set)
    #: The id columns of metadata headers flattened into the records (``sys_id`` of ``{"sys": {"id"}}``).
    header_keys: set[str] = field(default_factory=set)
    #: Key attributes a request named (a read by key's ``Key``, a query's partition key ``ForumName = :f``).
    named_keys: set[str] = field(default_factory=set)
    #: A table an answer declared without serving a row of it (an empty list named after a served table).
    declared: bool = False
    #: Only id-like fields may be the primary key (a document's header: its names are not its key).
    id_keys_only: bool = False
    #: Names a family of reference columns ends in across the capture (``ref`` of ``order_ref``, ``item_ref``).
    id_names: frozenset[str] = frozenset()
    #: The one ``<word>_id`` field whose word names no table: its key when nothing better is (``dev_id``).
    lone_id: str | None = None
    #: Some answer served its records as a list (a collection), not only as single objects.
    listed: bool = False
    #: Every answer served its records as the values of a map keyed by data (``{flow_id: run}``).
    keyed_view: bool = False
    #: Natural keys other tables reference beside the primary key (``code`` of accounts): unique columns.
    alternate_keys: set[str] = field(default_factory=set)
    #: Key columns of typed references (``{"kind": "x#video", "videoId": "v1"}``) -> the table their tag
    #: names and the tag's column.
    typed_refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Query filters its lists were read with (see :attr:`inference.records.Unwrapped.filters`).
    filters: set[tuple[str, str, frozenset[str]]] = field(default_factory=set)
    #: Values requests put in a path right after its collection's address (see :mod:`inference.path_values`).
    path_values: set[str] = field(default_factory=set)
    #: Per column, the reads that held it null before merging filled it from another read of the record.
    filled_nulls: dict[str, int] = field(default_factory=dict)

    def column_for(self, prefix: str, raw_key: str, base: str, record: Mapping[str, Any] | None = None) -> str:
        """The column of ``raw_key`` under ``prefix`` (``base`` is its snake_case name): the first
        key to reach a name keeps it, every other distinct key that collides with it (``userId``,
        ``user_id``, ``UserID``) in one ``record`` gets ``_2``, ``_3``... so no value is merged away; spelt apart
        in records of their own (``companyId`` in one answer, ``company-id`` in another), they are one column."""
        col = self.key_columns.get((prefix, raw_key))
        spellings = [k for (p, k), c in self.key_columns.items() if c == base and p == prefix] \
            if col is None and record is not None and base in self.claimed else []
        if spellings and record is not None and not any(k in record for k in spellings):
            self.key_columns[(prefix, raw_key)] = base
            return base
        if col is None:
            col, n = base, 2
            while col in self.claimed:
                col, n = f"{base}_{n}", n + 1
            self.key_columns[(prefix, raw_key)] = col
            self.claimed.add(col)
        return col

    def add_row(self, row: Row) -> None:
        """Keep the row, or past ``MAX_ROWS`` sample it (see the module docstring)."""
        self.seen += 1
        if not self.sampled:
            if len(self.rows) < MAX_ROWS:
                self.rows.append(row)
                return
            self.sampled = True
            for kept in self.rows:
                self._index(kept)
                self._novel(kept)
        self._index(row)
        if self._novel(row) and self.exemplars < MAX_EXEMPLARS:
            self.exemplars += 1
            self.rows.append(row)

    def _index(self, row: Row) -> None:
        for col, value in row.values.items():
            if is_key_like(col):
                self.index_key(col, value)

    def index_key(self, col: str, value: Any) -> None:
        keys = self.key_index.get(col)
        if keys is None:
            keys = self.key_index[col] = KeySet()
        if type(value) is int and -_INT_LIMIT < value < _INT_LIMIT:
            keys.add_int(value)  # the common case, without the text round trip
        else:
            keys.add(key_text(value))

    def index_keys(self, col: str, values: Sequence[Any]) -> None:
        """``index_key`` for each value, in bulk when they are all small integers."""
        keys = self.key_index.get(col)
        if keys is None:
            keys = self.key_index[col] = KeySet()
        if not values:
            return
        kinds = set(map(type, values))
        if kinds == {int}:
            low, high = min(values), max(values)
            if low > -_INT_LIMIT and high < _INT_LIMIT:
                keys.add_ints(values, low, high)
                return
        elif kinds == {str}:
            keys.add_texts(values)
            return
        for value in values:
            if type(value) is int and -_INT_LIMIT < value < _INT_LIMIT:
                keys.add_int(value)
            else:
                keys.add(key_text(value))

    def _novel(self, row: Row) -> bool:
        known = self.shapes
        values = row.values
        new = []
        for col, value in values.items():  # ``_shape`` of each value, inline
            kind = type(value)
            if kind is str:
                shape = (col, (_DIGIT_SHAPES if value[0].isdigit() else _ALPHA_SHAPES)[min(len(value), 40) // 10]
                         if value else "str")
            elif isinstance(value, str):  # a subclass
                shape = (col, _shape(value))
            else:
                shape = (col, kind.__name__)
            if shape not in known:
                new.append(shape)
        if len(values) < len(self.paths):
            new += [(col, "missing") for col in self.paths if col not in values and (col, "missing") not in known]
        known.update(new)
        return bool(new)

    def note(self, column: str, path: str) -> None:
        paths = self.paths.get(column)
        if paths is None:
            paths = self.paths[column] = set()
            self.order.append(column)
        if path not in paths:
            if len(paths) < 8:
                paths.add(path)
            if secret_path(path):
                self.secret.add(column)

    def columns(self) -> list[str]:
        return [c for c in self.order if c not in self.dropped]

    def data_columns(self) -> set[str]:
        """The columns that hold the records' fields: not the ``__marker__`` columns of bookkeeping."""
        return {c for c in self.order if c not in self.dropped and not c.startswith("__")}

    def every_row(self) -> list[Row]:
        """The kept rows and the raw rows kept beside them (``raw_rows``), each once."""
        return list({id(r): r for r in [*self.rows, *(self.raw_rows or [])]}.values())

    def values(self, column: str) -> list[Any]:
        return [r.values[column] for r in self.rows if column in r.values]

    def key_values(self, column: str) -> set[str]:
        """Every value this column is known to hold, as text, including embedded references."""
        out = {key_text(r.values.get(column)) for r in self.rows}
        out |= self.ref_values.get(column, set())
        if column in self.key_index:
            out |= self.key_index[column].values
        out.discard("")
        return out

    def key_hits(self, texts: set[str], column: str) -> int:
        """How many of ``texts`` this column is known to hold (see :class:`KeySet`): the same
        count as ``len(texts & key_values(column))`` plus, past the key cap, the integers in range."""
        keys = self.key_index.get(column)
        rest = texts - keys.held(texts) if keys is not None else texts
        if rest:
            known = {key_text(r.values.get(column)) for r in self.rows}
            known |= self.ref_values.get(column, set())
            known.discard("")
            rest = rest - known
        found = len(texts) - len(rest)
        if keys is not None and keys.overflow:
            found += keys.hits(rest)
        return found

    @property
    def samples(self) -> int:
        """Rows seen for this table, including rows dropped by sampling."""
        return max(self.seen, len(self.rows), self.had_rows_before_merge)

    @property
    def singular(self) -> str:
        return singular(self.name)

    def add_fk(self, fk: FKDraft) -> None:
        if any(f.columns == fk.columns for f in self.fks):
            return
        self.fks.append(fk)


@lru_cache(maxsize=1 << 14)
def is_key_like(column: str) -> bool:
    """Columns whose every value is remembered for foreign-key containment (see :class:`KeySet`)."""
    return _KEYLIKE.search(column) is not None


@lru_cache(maxsize=1 << 14)
def secret_path(path: str) -> bool:
    """True when a key along the JSON path names a credential (``$.auth.token``); the values of
    such columns are redacted wherever they leave inference (see :mod:`inference.build`)."""
    return any(is_sensitive_name(part) for part in _PATH_PARTS.split(path) if part and part != "$")


def key_text(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return "" if value in _NULL_TEXTS else value
    if kind is int:
        return str(value)
    if value is None or isinstance(value, dict | list | bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return "" if text in _NULL_TEXTS else text


def list_columns_of(rows: list[Row]) -> set[str]:
    """The columns that some row has and whose every value is a list, in one pass over the rows
    (a pass per column would be quadratic on wide, sparse records)."""
    lists: set[str] = set()
    others: set[str] = set()
    for row in rows:
        for col, value in row.values.items():
            (lists if isinstance(value, list) else others).add(col)
    return lists - others
