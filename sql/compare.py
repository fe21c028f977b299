"""Pure judgements the planner relies on: is a type change widening, is a drop+add a rename.

A type change is *widening* when every value of the old type converts to the new type without
loss or failure (``integer`` → ``bigint``, ``varchar(20)`` → ``text``, ``date`` →
``timestamptz``). Anything else is *narrowing* and therefore destructive: the cast can fail on
existing rows or silently lose precision.

A dropped column and an added column of the same table are a *likely rename* when they have the
same type and either similar names or overlapping values (the live column's sampled values
against the examples recorded in the document's evidence).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from kernel.errors import SchemaError
from kernel.schema import Column, Table
from sql.types import TypeName, parse_type

_INT_RANK = {"smallint": 0, "integer": 1, "bigint": 2}
_INT_DIGITS = {"smallint": 5, "integer": 10, "bigint": 19}
_TEXTUAL = {"text", "varchar"}
# (from, to) pairs that widen regardless of parameters.
_WIDENING_PAIRS = {
    ("real", "double precision"),
    ("smallint", "double precision"),
    ("integer", "double precision"),
    ("smallint", "real"),
    ("timestamp", "timestamptz"),
    ("date", "timestamp"),
    ("date", "timestamptz"),
    ("json", "jsonb"),
    ("jsonb", "json"),
}

RENAME_NAME_RATIO = 0.6
RENAME_VALUE_OVERLAP = 0.5


def _parse(text: str) -> TypeName | None:
    try:
        return parse_type(text)
    except SchemaError:
        return None


def same_type(a: str, b: str) -> bool:
    pa, pb = _parse(a), _parse(b)
    if pa is None or pb is None:
        return a.strip().lower() == b.strip().lower()
    return pa == pb


def _precision(t: TypeName, default: int) -> int:
    return t.params[0] if t.params else default


def _element_widens(old: TypeName, new: TypeName) -> bool:
    if old == new:
        return True
    if new.base in _TEXTUAL and (new.base == "text" or not new.params):
        return True  # every value has a text form
    if old.base in _TEXTUAL | {"char"} and new.base == "varchar" and new.params:
        return old.base in {"varchar", "char"} and bool(old.params) and old.params[0] <= new.params[0]
    if old.base in _INT_RANK and new.base in _INT_RANK:
        return _INT_RANK[old.base] <= _INT_RANK[new.base]
    if new.base == "numeric":
        if old.base in _INT_DIGITS:
            if not new.params:
                return True
            scale = new.params[1] if len(new.params) > 1 else 0
            return new.params[0] - scale >= _INT_DIGITS[old.base]
        if old.base == "numeric":
            if not new.params:
                return True
            if not old.params:
                return False
            old_scale = old.params[1] if len(old.params) > 1 else 0
            new_scale = new.params[1] if len(new.params) > 1 else 0
            return new_scale >= old_scale and new.params[0] - new_scale >= old.params[0] - old_scale
        return False
    if old.base == new.base and old.base in {"time", "timestamp", "timestamptz"}:
        return _precision(new, 6) >= _precision(old, 6)
    if old.base == "timestamp" and new.base == "timestamptz":
        return _precision(new, 6) >= _precision(old, 6)
    return (old.base, new.base) in _WIDENING_PAIRS


def is_widening(old_text: str, new_text: str) -> bool:
    """True when converting ``old_text`` values to ``new_text`` can neither fail nor lose data."""
    old, new = _parse(old_text), _parse(new_text)
    if old is None or new is None or old.array_dims != new.array_dims:
        return False
    return _element_widens(old.element, new.element)


def _name_key(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def name_similarity(a: str, b: str) -> float:
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    ratio = SequenceMatcher(None, ka, kb).ratio()
    if ka in kb or kb in ka:
        ratio = max(ratio, 0.75)
    return ratio


def value_overlap(live_values: Iterable[str], examples: Iterable[object]) -> tuple[int, float]:
    """How many of the document's example values the live column holds, and the share of them."""
    live = {str(v) for v in live_values}
    wanted = {str(v) for v in examples if v is not None}
    if not live or not wanted:
        return 0, 0.0
    common = len(live & wanted)
    return common, common / min(len(live), len(wanted))


@dataclass(frozen=True)
class RenameGuess:
    old: str
    new: str
    reason: str
    score: float


def _column_guess(old: Column, new: Column, live_values: tuple[str, ...]) -> RenameGuess | None:
    if not same_type(old.type, new.type):
        return None
    ratio = name_similarity(old.name, new.name)
    examples = new.evidence.examples if new.evidence is not None else []
    common, share = value_overlap(live_values, examples)
    reasons = []
    if ratio >= RENAME_NAME_RATIO:
        reasons.append(f"similar name ({ratio:.2f})")
    if common and share >= RENAME_VALUE_OVERLAP:
        reasons.append(f"{common} sample value(s) match")
    if not reasons:
        return None
    return RenameGuess(old.name, new.name, "same type, " + ", ".join(reasons), ratio + share)


def guess_column_renames(
    dropped: list[Column], added: list[Column], live_values: dict[str, tuple[str, ...]]
) -> list[RenameGuess]:
    """One-to-one pairs (best score first) of dropped and added columns that look like renames."""
    guesses = [
        guess
        for old in dropped
        for new in added
        if (guess := _column_guess(old, new, live_values.get(old.name, ()))) is not None
    ]
    guesses.sort(key=lambda g: -g.score)
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    chosen = []
    for guess in guesses:
        if guess.old in taken_old or guess.new in taken_new:
            continue
        taken_old.add(guess.old)
        taken_new.add(guess.new)
        chosen.append(guess)
    return chosen


def guess_table_renames(dropped: list[Table], added: list[Table]) -> list[RenameGuess]:
    """Pairs of dropped and added tables whose columns (name and type) are at least 80% the same."""
    guesses = []
    for old in dropped:
        old_cols = {(c.name, str(_parse(c.type) or c.type)) for c in old.columns}
        for new in added:
            new_cols = {(c.name, str(_parse(c.type) or c.type)) for c in new.columns}
            if not old_cols or not new_cols:
                continue
            share = len(old_cols & new_cols) / len(old_cols | new_cols)
            if share >= 0.8:
                reason = f"{len(old_cols & new_cols)} of {len(old_cols | new_cols)} columns match"
                guesses.append(RenameGuess(old.name, new.name, reason, share + name_similarity(old.name, new.name)))
    guesses.sort(key=lambda g: -g.score)
    taken: set[str] = set()
    chosen = []
    for guess in guesses:
        if guess.old in taken or guess.new in taken:
            continue
        taken |= {guess.old, guess.new}
        chosen.append(guess)
    return chosen
