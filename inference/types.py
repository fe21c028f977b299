"""Column types: an ordered registry of small detectors, and widening when values disagree.

Each detector is ``(value) -> type | None`` and looks at one non-null value. A column's type is
the narrowest type that every observed value agrees with; disagreeing types widen (integer +
numeric -> numeric, date + timestamptz -> timestamptz, anything + text -> text, objects and
mixed arrays -> jsonb). Epoch numbers count as timestamps only in time-named columns.
``"NULL"``-like sentinels count as missing; empty strings carry no type but are not null.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any

from kernel.markers import is_marker

Detector = Callable[[Any], str | None]

INT32 = 2**31
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
# dates as ISO 8601 and as Ruby, Perl and PHP print them by default (``2010/07/29``, ``2011/01/10 20:44:56 -0800``)
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_DATETIME = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?"
    r"\s*(Z|[+-]\d{2}(:?\d{2})?| ?UTC| ?GMT)?$",
    re.I,
)
# an Internet Message Format (RFC 2822/HTTP) date: ``Fri, 24 May 2019 17:18:27 +0000``
_MAIL_DATE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UTC|UT|Z)$"
)
_WEEKDAYS = frozenset({"Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"})
# a Microsoft JSON date (ASP.NET, WCF): epoch milliseconds and an optional offset, ``/Date(1539993600000+0000)/``
_MS_DATE = re.compile(r"^/Date\(-?\d{1,15}([+-]\d{4})?\)/$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")
_TIME_NAME = re.compile(r"(^|_)(at|on|time|date|timestamp|ts|created|updated|modified|deleted|expires?|expiry|"
                        r"since|until|start|end|born|published|seen|login|opened|closed|ms|millis|epoch)($|_)"
                        r"|(^|_)last_[a-z]"  # when something last happened (``last_setup``, ``last_upgrade``)
                        r"|^[a-z]time$"  # a time named by one letter glued before it (``mtime``, ``ctime``, ``stime``)
                        r"|^(start|end|begin|stop|create|update|modify|birth)(date|time)$")  # glued (``startdate``)
#: Names of when something last happened or happened at all (``last_seen``, ``confirmed_at``) and names of a point in
#: time whatever it marks (``timestamp``, ``modified``), where epoch zero is the sentinel of "never" or "unset"
#: (``"last_seen": 0``, ``"timestamp": 0``) beside epoch values.
_EVENT_TIME = re.compile(r"(^|_)last_[a-z]|_at$|(^|_)(timestamp|created|updated|modified|deleted)$")
#: Names that say a moment and nothing else, so epoch zero in every record is a moment not yet set (``"timestamp": 0``).
_MOMENT_NAME = re.compile(r"(^|_)timestamp$|_at$")
SENTINELS = frozenset({"NULL", "null", "None", "none", "N/A", "n/a", "NaN", "nil", "undefined"})


def detect_boolean(value: Any) -> str | None:
    return "boolean" if isinstance(value, bool) else None


def detect_integer(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return "integer" if -INT32 <= value < INT32 else "bigint"
    return None


def detect_numeric(value: Any) -> str | None:
    if isinstance(value, float):
        return "numeric" if value == value and value not in (float("inf"), float("-inf")) else "double precision"
    return None


def detect_uuid(value: Any) -> str | None:
    return "uuid" if isinstance(value, str) and _UUID.match(value) else None


def detect_timestamptz(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if value[:4] in _WEEKDAYS:
        return "timestamptz" if is_mail_date(value) else None
    if value[:6] == "/Date(":
        return "timestamptz" if is_ms_json_date(value) else None
    match = _DATETIME.match(value.strip())
    return "timestamptz" if match and _valid_ymd(match) else None


def is_mail_date(value: str) -> bool:
    """An Internet Message Format date (``Fri, 24 May 2019 17:18:27 +0000``), as RFC 2822 and HTTP spell them."""
    return value[:4] in _WEEKDAYS and _MAIL_DATE.match(value.strip()) is not None


def is_ms_json_date(value: str) -> bool:
    """A Microsoft JSON date (``/Date(1539993600000+0000)/``): a point in time in epoch milliseconds."""
    return value[:6] == "/Date(" and _MS_DATE.match(value.strip()) is not None


def detect_date(value: Any) -> str | None:
    match = _DATE.match(value.strip()) if isinstance(value, str) else None
    return "date" if match and _valid_ymd(match) else None


def detect_time(value: Any) -> str | None:
    return "time" if isinstance(value, str) and _TIME.match(value.strip()) else None


_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def detect_decimal_text(value: Any) -> str | None:
    """A decimal written as a string (``"12.50"``, as APIs often send money); digit-only strings
    stay text, since codes and zip codes look the same."""
    return "numeric" if isinstance(value, str) and _DECIMAL.match(value.strip()) else None


def detect_text(value: Any) -> str | None:
    return "text" if isinstance(value, str) else None


def detect_array(value: Any) -> str | None:
    if not isinstance(value, list):
        return None
    inner = {scalar_type(v) for v in value if v is not None}
    if not inner:
        return "text[]"
    if len(inner) == 1 and not next(iter(inner)).endswith(("[]", "jsonb")):
        return next(iter(inner)) + "[]"
    widened = widen_all(inner)
    return "jsonb" if widened in {"jsonb", "text"} and len(inner) > 1 and "text" not in inner else widened + "[]"


def detect_jsonb(value: Any) -> str | None:
    return "jsonb" if isinstance(value, dict | list) else None


#: Order matters: the first detector that answers wins for a value.
DETECTORS: tuple[Detector, ...] = (
    detect_boolean, detect_integer, detect_numeric, detect_uuid, detect_timestamptz, detect_date,
    detect_time, detect_decimal_text, detect_text, detect_array, detect_jsonb,
)


_HEX = frozenset("0123456789abcdefABCDEF")


def scalar_type(value: Any) -> str:
    kind = type(value)
    if (kind is str and value[:1] not in _HEX and not value.lstrip()[:1].isdigit() and value[:1] != "-"
            and value[:4] not in _WEEKDAYS and value[:6] != "/Date("):
        # Only text: the uuid detector needs a hex digit first, the date and time ones a digit.
        return "text"
    if kind is bool:
        return "boolean"
    if kind is int:
        return "integer" if -INT32 <= value < INT32 else "bigint"
    if kind is float:
        return detect_numeric(value) or "numeric"  # what the detectors below answer first for a float
    for detector in DETECTORS:
        found = detector(value)
        if found:
            return found
    return "text"


def _valid_ymd(match: re.Match[str]) -> bool:
    """A plausible calendar date in a match of ``_DATE`` or ``_DATETIME`` (year, month, day groups)."""
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    return 1 <= month <= 12 and 1 <= day <= 31 and 1 <= year <= 9999


_ORDER = {"integer": 0, "bigint": 1, "numeric": 2, "double precision": 3}


def widen(a: str, b: str) -> str:
    if a == b:
        return a
    if a in _ORDER and b in _ORDER:
        return a if _ORDER[a] > _ORDER[b] else b
    if {a, b} == {"date", "timestamptz"}:
        return "timestamptz"
    if a.endswith("[]") and b.endswith("[]"):
        inner = widen(a[:-2], b[:-2])
        return "jsonb" if inner == "jsonb" else inner + "[]"
    if "jsonb" in (a, b) or a.endswith("[]") or b.endswith("[]"):
        return "jsonb"
    return "text"


def widen_all(types: Iterable[str]) -> str:
    result: str | None = None
    for t in types:
        result = t if result is None else widen(result, t)
    return result or "text"


def is_missing(value: Any) -> bool:
    """None and textual null sentinels ("NULL", "N/A") count as missing values."""
    return value is None or (isinstance(value, str) and value.strip() in SENTINELS)


def is_epoch(value: Any) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    return 1e8 <= value <= 1e10 or 1e11 <= value <= 1e13


#: Names of an amount of time (``duration``, ``elapsed``, ``run_time``), which a clock's form does not make a time of day.
_DURATION_NAME = re.compile(r"(^|_)(duration|elapsed|uptime|run_?time)(_|$)")
#: A clock whose hours are unpadded or past a day's (``0:06:27``, ``1:55:00``, ``36:00:00``), with seconds: an amount
#: of time as Python's ``str(timedelta)`` and Postgres' ``interval`` output spell it; a time of day is ``HH:MM:SS``.
_SPAN = re.compile(r"^(\d|2[4-9]|[3-9]\d|\d{3,}):[0-5]\d:[0-5]\d(\.\d+)?$")
_LABEL_NAME = re.compile(r"(^|_)(name|title|label|version)$")
#: Words after ``date_`` that name a setting about dates, no moment (``date_format``, ``date_range``).
_DATE_SETTING = r"(format|range|type|style|pattern|string|text|locale|zone|picker|display|separator|order|filter|field|mode)(_|$)"
#: Names that say a column's type when it never held a value (``birth_date``, a day; ``deleted_at``, ``done_timestamp``,
#: ``date_started``, ``expiry_date``, ``date_expires``,
#: ``can_edit``, ``cache_exclude_media``, ``retry_limit``; ``retry_options``, ``data``, ``extra``: a document of settings,
#: a payload or a bag of extras, as when filled).
_UNSEEN_TYPES = ((re.compile(r"(^|_)(birth_?date|birthday|date_of_birth)$"), "date"),
                 (re.compile(r"_(at|till|until)$|(^|_)timestamp$|(^|_)(last|date)_[a-z]+ed$|(^|_)date(_(?!" + _DATE_SETTING + r")|$)"),
                  "timestamptz"),
                 (re.compile(r"(^|_)(can|is|has)_|(^|_)(exclude|include|allow|enable|disable)_[a-z]+[^s]$"), "boolean"),
                 (re.compile(r"_(count|limit)$"), "integer"),
                 (re.compile(r"(^|_)(options|settings|configuration|policy|context)$|^(data|payload|extras?)$"), "jsonb"))


def unseen_type(column: str) -> str:
    """The type a column that was null in every record takes from its name; ``text`` when the name says none."""
    return next((t for pattern, t in _UNSEEN_TYPES if pattern.search(column)), "text")


def time_named(column: str) -> bool:
    return bool(_TIME_NAME.search(column))


#: The types a redaction marker names (``[REDACTED:int]``): the secret's own type, which the marker keeps.
_MARKED = {"int": "integer", "float": "numeric", "bool": "boolean"}


def column_type(values: Iterable[Any], column: str = "", *, distinct: bool = False) -> str:
    """The Postgres type for one column's observed values (missing values ignored);
    ``distinct``: the values are already those of :func:`distinct_values`."""
    seen: set[str] = set()
    all_epoch = True
    zero = nonzero = False
    text_seen = False
    count = numbers = 0
    only_null = True
    empty_list = False
    span = False
    if not distinct:
        values = distinct_values(values)
    for value in values:
        kind = type(value)
        if kind is int or kind is float:  # the common numbers, without the general calls below
            count += 1
            numbers += 1
            seen.add(scalar_type(value))
            if value == 0:
                zero = True  # epoch zero, "never", in a time-named column (``"last_seen": 0``)
            else:
                nonzero = True
                all_epoch = all_epoch and (1e8 <= value <= 1e10 or 1e11 <= value <= 1e13)
            continue
        if kind is str and text_seen:
            # After "text", other values that are text can no longer change the type: text widens
            # with every type a string can have to text, and with arrays and jsonb to jsonb.
            all_epoch = False
            continue
        if is_missing(value) or value == "":
            only_null = only_null and value is None
            continue
        if kind is list and not value:
            empty_list = True  # an empty list says it is a list, not what it lists
            continue
        count += 1
        found = _MARKED.get(value.partition(":")[2].partition(":")[0].rstrip("]"), "text") if kind is str and \
            value[:10] == "[REDACTED:" and is_marker(value) else scalar_type(value)
        seen.add(found)
        span = span or found == "time" and _SPAN.match(value) is not None
        text_seen = text_seen or found == "text"
        all_epoch = all_epoch and is_epoch(value)
    if not seen:
        return "text[]" if empty_list else unseen_type(column) if only_null else "text"
    if all_epoch and (nonzero and _EVENT_TIME.search(column) or not zero or not nonzero and _MOMENT_NAME.search(column)) \
            and time_named(column) and seen <= {"integer", "bigint", "numeric"}:
        return "timestamptz"
    if seen == {"time"} and (span or _DURATION_NAME.search(column)):
        return "text"  # ``"duration": "0:00:05.0"``, ``"moving": "0:06:27"``: an amount of time spelt as a clock
    if seen == {"numeric"} and numbers == 0 and _LABEL_NAME.search(column):
        return "text"  # a name, title or version spelt with digits (``"friendly_name": "0.36"``) is a label
    return widen_all(sorted(seen, key=lambda t: _ORDER.get(t, 9)))


_SECOND = itemgetter(1)


def distinct_values(values: Iterable[Any]) -> list[Any]:
    """The values without repeats (``1``, ``1.0`` and ``True`` stay apart); as given when some
    value cannot be hashed. A column's type depends only on which values occur, not how often."""
    values = values if isinstance(values, list) else list(values)
    try:
        return list(map(_SECOND, set(zip(map(type, values), values, strict=True))))
    except TypeError:
        return values


def enum_values(values: list[Any], max_distinct: int = 8) -> list[str] | None:
    """Allowed values for an enumeration-like text column: few distinct short words, each repeated."""
    texts = [v for v in values if isinstance(v, str) and not is_missing(v) and v != ""]
    if len(texts) < 8 or len(texts) != len([v for v in values if not is_missing(v) and v != ""]):
        return None
    distinct = sorted(set(texts))
    if not 2 <= len(distinct) <= max_distinct or len(texts) < 3 * len(distinct):
        return None
    if any(len(v) > 32 or not re.match(r"^[\w][\w .:/+-]*$", v) for v in distinct):
        return None
    return distinct
