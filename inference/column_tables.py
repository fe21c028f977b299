"""Tables served column-wise: the column names once, each row a bare list of values in that order.

``{"fields": ["id", "name"], "data": [[1, "a"], [2, "b"]]}`` (as many SQL-over-HTTP and analytics APIs answer:
``{columns, rows}``, ``{meta: [{name, type}], data}``, ``{header, rows}``) stands for the records
``{"data": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}``: the names are the answer's header, no data; the
members beside them (the query echoed back, the answer's stamps) stay as they are.
"""

from __future__ import annotations

from typing import Any

#: Names of the member listing the columns (as strings, or objects naming each column by ``name``).
_HEADERS = frozenset({"fields", "columns", "cols", "header", "headers", "names", "column_names", "columnnames",
                      "field_names", "fieldnames", "meta"})
#: Names of the member listing the rows (each a list of values).
_ROWS = frozenset({"data", "rows", "values", "records", "results", "items", "data_array", "dataarray"})


def _norm(key: str) -> str:
    return key.lower().replace("-", "_")


def _column_names(value: Any) -> list[str] | None:
    """The column names a header lists: distinct non-empty strings, or objects each naming one by ``name``."""
    if not isinstance(value, list) or not value:
        return None
    names: list[str] = []
    for item in value:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name:
            return None
        names.append(name)
    return names if len(set(names)) == len(names) else None


def _rows_of(value: Any, width: int) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(row, list) and len(row) == width for row in value)


def column_wise(body: Any) -> Any:
    """``body`` with a table served column-wise (see the module) read as records under the rows' member, its header
    dropped; anything else as it is. One header and one member of rows, each named so, the rows as long as the
    header."""
    if not isinstance(body, dict) or len(body) < 2:
        return body
    headers = [k for k, v in body.items() if _norm(k) in _HEADERS and isinstance(v, list) and v]
    rows = [k for k, v in body.items() if _norm(k) in _ROWS and isinstance(v, list) and v
            and isinstance(v[0], list)]
    if len(headers) != 1 or len(rows) != 1:
        return body
    names = _column_names(body[headers[0]])
    if names is None or not _rows_of(body[rows[0]], len(names)):
        return body
    records = [dict(zip(names, row, strict=True)) for row in body[rows[0]]]
    return {k: records if k == rows[0] else v for k, v in body.items() if k != headers[0]}
