"""HAR 1.2 documents and truth tables, built from plain Python values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STARTED = "2026-01-05T10:00:00.000Z"


def entry(url: str, body: Any, method: str = "GET", status: int = 200) -> dict[str, Any]:
    """One HAR entry: a request to ``url`` answered with ``body`` as JSON."""
    text = json.dumps(body, separators=(",", ":"))
    return {
        "startedDateTime": STARTED,
        "time": 12,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1",
                    "headers": [{"name": "Accept", "value": "application/json"}],
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "OK", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "Content-Type", "value": "application/json; charset=utf-8"}],
                     "cookies": [], "content": {"size": len(text), "mimeType": "application/json", "text": text},
                     "redirectURL": "", "headersSize": -1, "bodySize": len(text)},
        "cache": {},
        "timings": {"send": 1, "wait": 10, "receive": 1},
    }


def har(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"log": {"version": "1.2", "creator": {"name": "wiretable-cases", "version": "1"}, "entries": entries}}


def infer_tables(tmp_path: Path, entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The tables inferred from a HAR of ``entries`` (written under ``tmp_path``), by name."""
    from capture.har import iter_traffic
    from inference import infer_schema

    path = tmp_path / "traffic.har"
    path.write_text(json.dumps(har(entries)))
    schema = infer_schema(iter_traffic(path)).model_dump(mode="json")
    return {t["name"]: t for t in schema["tables"]}


def table(name: str, pk: list[str] | None, columns: str, fks: list[tuple[str, str, str]] = ()) -> dict[str, Any]:
    """``columns``: ``"name type [null]"`` items separated by commas; ``fks``: (column, table, column)."""
    cols = []
    for item in columns.split(","):
        parts = item.split()
        cols.append({"name": parts[0], "type": parts[1], "nullable": parts[-1] == "null"})
    return {"name": name, "primary_key": pk, "columns": cols,
            "foreign_keys": [{"columns": [c], "ref_table": t, "ref_columns": [r]} for c, t, r in fks]}
