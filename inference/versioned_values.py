"""Versioned property maps: a record's fields served each as an object of its value and that value's provenance.

``"properties": {"website": {"value": "x.test", "timestamp": 1700000000000, "source": "API", "versions": [{"value":
"x.test", "timestamp": …, "source": …}, …]}, "city": {"value": "Oslo"}}`` (as CRM and content APIs serve a record's
properties) stands for the record's own fields ``website``, ``city`` holding the values; the provenance beside a
value repeats its latest version; the versions are the properties' history, one list for every property of the
record: rows of ``<property>_versions`` (``property_versions``) with the property's name in ``name``.
"""

from __future__ import annotations

from typing import Any

_TIMES = frozenset({"timestamp", "time", "updatedat", "changedat", "modifiedat", "date"})
_HISTORY = frozenset({"versions", "history"})


def _norm(key: str) -> str:
    return key.lower().replace("-", "").replace("_", "")


def _provenance(key: str, value: Any) -> bool:
    """A fact of where or when a value came from (``source``, ``sourceId``, ``timestamp``, ``selected``; the
    sources' ids as a list of scalars, ``sourceVid: []``)."""
    k = _norm(key)
    if isinstance(value, list):
        return k.startswith("source") and not any(isinstance(v, dict | list) for v in value)
    return not isinstance(value, dict) and (k.startswith("source") or k in _TIMES or k in ("selected", "requestid"))


def _versioned(obj: Any, history: bool) -> bool:
    """``{"value": <scalar>, ...provenance}``, with lists of such versions beside it when ``history`` (a version
    may name its property again: ``name``)."""
    if not isinstance(obj, dict) or "value" not in obj or isinstance(obj["value"], dict | list):
        return False
    for key, value in obj.items():
        if key == "value" or _provenance(key, value) or not history and key == "name" and isinstance(value, str):
            continue
        if not (history and _norm(key) in _HISTORY and isinstance(value, list)
                and all(_versioned(v, False) for v in value)):
            return False
    return True


def property_values(obj: dict[str, Any]) -> tuple[dict[str, Any], str | None, list[dict[str, Any]]] | None:
    """The fields a versioned property map stands for (see the module), the name of its history's list and the
    history's rows; None when ``obj`` is no such map: two members at least, each a versioned value, one at least
    with provenance or versions beside its value."""
    if len(obj) < 2:
        return None
    first = next(iter(obj.values()))
    if not isinstance(first, dict) or "value" not in first:
        return None  # most objects: spare the rest
    if not all(_versioned(v, True) for v in obj.values()):
        return None
    fields = {name: prop["value"] for name, prop in obj.items()}
    listed: str | None = None
    rows: list[dict[str, Any]] = []
    for name, prop in obj.items():
        for key, versions in prop.items():
            if isinstance(versions, list):
                listed = listed or key
                rows.extend({**version, "name": name} for version in versions)
    return fields, listed, rows

