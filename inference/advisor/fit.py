"""Does an observed JSON value fit a Postgres column type?

A value fits when Postgres would store it in that type without losing or inventing anything: a
JSON integer in range for ``integer``, any number (or numeric text) for ``numeric``, an ISO date
for ``date``, an ISO date-time or epoch number for ``timestamptz``, a list of fitting elements for
an array. Missing values (null, null sentinels) fit every type: nullability is a separate fact.
Types whose values cannot be judged from JSON (``interval``, ``bytea``) fit nothing, so a change to
them is refused rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from inference.types import detect_date, detect_time, detect_timestamptz, detect_uuid, is_epoch, is_missing
from kernel.types import TypeName

_INT_TEXT = re.compile(r"^-?\d{1,19}$")
_BOUNDS = {"smallint": 2**15, "integer": 2**31, "bigint": 2**63}


def _integer(value: Any, bound: int) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _INT_TEXT.match(value.strip()):
        value = int(value)
    return isinstance(value, int) and -bound <= value < bound


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _numeric(value: Any, params: tuple[int, ...]) -> bool:
    number = _decimal(value)
    if number is None or not number.is_finite():
        return False
    if not params:
        return True
    precision, scale = params[0], params[1] if len(params) > 1 else 0
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    fraction = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    return fraction <= scale and whole <= precision - scale


def _float(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) or (
        isinstance(value, str) and _decimal(value) is not None)


def _text(value: Any, params: tuple[int, ...]) -> bool:
    if isinstance(value, dict | list):
        return False
    text = value if isinstance(value, str) else str(value)
    return not params or len(text) <= params[0]


def _boolean(value: Any) -> bool:
    return isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in {"true", "false"})


def _timestamp(value: Any) -> bool:
    return bool(detect_timestamptz(value) or detect_date(value)) or is_epoch(value)


_SCALAR: dict[str, Callable[[Any, tuple[int, ...]], bool]] = {
    "smallint": lambda v, _p: _integer(v, _BOUNDS["smallint"]),
    "integer": lambda v, _p: _integer(v, _BOUNDS["integer"]),
    "bigint": lambda v, _p: _integer(v, _BOUNDS["bigint"]),
    "numeric": _numeric,
    "real": lambda v, _p: _float(v),
    "double precision": lambda v, _p: _float(v),
    "text": _text,
    "varchar": _text,
    "char": _text,
    "boolean": lambda v, _p: _boolean(v),
    "uuid": lambda v, _p: bool(detect_uuid(v)),
    "date": lambda v, _p: bool(detect_date(v)),
    "time": lambda v, _p: bool(detect_time(v)),
    "timestamp": lambda v, _p: _timestamp(v),
    "timestamptz": lambda v, _p: _timestamp(v),
    "json": lambda v, _p: True,
    "jsonb": lambda v, _p: True,
}


def fits(value: Any, type_name: TypeName) -> bool:
    """Whether one observed value can be stored in a column of ``type_name`` unchanged."""
    if is_missing(value):
        return True
    if type_name.array_dims:
        if not isinstance(value, list):
            return False
        inner = TypeName(type_name.base, type_name.params, type_name.array_dims - 1)
        return all(fits(v, inner) for v in value)
    check = _SCALAR.get(type_name.base)
    return check is not None and check(value, type_name.params)


def first_misfit(values: list[Any], type_name: TypeName) -> Any | None:
    """The first value that does not fit, wrapped in a 1-tuple so a misfit ``None`` is visible."""
    for value in values:
        if not fits(value, type_name):
            return (value,)
    return None
