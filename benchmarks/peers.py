"""The peer tools' side of the benchmark, run inside benchmarks/.venv (never the app's venv).

    benchmarks/.venv/bin/python benchmarks/peers.py {floor,genson,dlt} FILE.har

``floor``: orjson parses the whole file, nothing else. ``genson``: every JSON response body is
added to one JSON Schema builder per endpoint path. ``dlt``: response bodies are unwrapped into
records and run through dlt's extract and normalize steps, which infer its relational schema
(tables, columns, types, child tables); nothing is loaded anywhere.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson


def _bodies(path: str) -> Iterator[tuple[str, Any]]:
    har = orjson.loads(Path(path).read_bytes())
    for entry in har["log"]["entries"]:
        content = entry.get("response", {}).get("content", {})
        if "json" not in str(content.get("mimeType", "")) or not content.get("text"):
            continue
        try:
            body = orjson.loads(content["text"])
        except orjson.JSONDecodeError:
            continue
        yield urlsplit(entry["request"]["url"]).path, body


def _records(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, list):
        return [x for x in body if isinstance(x, dict)]
    if isinstance(body, dict):
        lists = [v for v in body.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        return lists[0] if len(lists) == 1 else [body]
    return []


def _table(path: str) -> str:
    words = [s for s in path.split("/") if s and not s.isdigit() and s != "api"]
    return (words[0] if words else "root").replace("-", "_")


def floor(path: str) -> None:
    orjson.loads(Path(path).read_bytes())


def genson(path: str) -> None:
    from genson import SchemaBuilder

    builders: dict[str, SchemaBuilder] = {}
    for url_path, body in _bodies(path):
        builders.setdefault(_table(url_path), SchemaBuilder()).add_object(body)
    print(len(orjson.dumps({k: b.to_schema() for k, b in builders.items()})), "bytes of JSON Schema")


def dlt(path: str) -> None:
    import dlt as dlt_lib

    def rows() -> Iterator[Any]:
        for url_path, body in _bodies(path):
            for record in _records(body):
                yield dlt_lib.mark.with_table_name(record, _table(url_path))

    with tempfile.TemporaryDirectory() as tmp:
        pipeline = dlt_lib.pipeline(pipeline_name="bench", pipelines_dir=tmp,
                                    destination=dlt_lib.destinations.filesystem(bucket_url=f"file://{tmp}/out"),
                                    dataset_name="bench")
        pipeline.extract(dlt_lib.resource(rows(), name="traffic"))
        pipeline.normalize()
        tables = pipeline.default_schema.data_tables()
        print(len(tables), "tables", sum(len(t["columns"]) for t in tables), "columns")


if __name__ == "__main__":
    {"floor": floor, "genson": genson, "dlt": dlt}[sys.argv[1]](sys.argv[2])
