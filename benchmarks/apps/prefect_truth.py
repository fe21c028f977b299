"""Derives the Prefect case's truth from Prefect's own ORM models and a captured traffic file.

    .apps/prefect/venv/bin/python benchmarks/apps/prefect_truth.py traffic.jsonl truth.json

Run it with the prefect environment's Python (it imports ``prefect.server.database.orm_models``).
A table is in the truth when the captured API served records of it (non-empty); its columns are
the ORM columns that the API shows under the same name; ORM JSON and Pydantic columns are
``jsonb`` (``tags``, a list of strings, is ``text[]``); nullability follows the served records
(a column is nullable when a record has null or lacks it), as the evaluation rules say; foreign
keys are the ORM's, plus the references the ORM leaves undeclared (``*_id`` columns naming a
table of the truth). Which endpoint serves which table is listed in ``SERVED_BY``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from typing import Any

from prefect.server.database import orm_models

# table -> (endpoint path pattern, where its records are in the answer)
SERVED_BY: dict[str, list[tuple[str, str]]] = {
    "flow": [(r"/api/flows/filter$", "[]"), (r"/api/flows/[0-9a-f-]{36}$", "."), (r"/api/flows/paginate$", "results")],
    "flow_run": [(r"/api/flow_runs/filter$", "[]"), (r"/api/flow_runs/[0-9a-f-]{36}$", "."),
                 (r"/api/flow_runs/paginate$", "results")],
    "flow_run_state": [(r"/api/flow_runs/filter$", "[].state"), (r"/api/flow_runs/[0-9a-f-]{36}$", ".state")],
    "task_run": [(r"/api/task_runs/filter$", "[]"), (r"/api/task_runs/[0-9a-f-]{36}$", "."),
                 (r"/api/task_runs/paginate$", "results")],
    "task_run_state": [(r"/api/task_runs/filter$", "[].state"), (r"/api/task_runs/[0-9a-f-]{36}$", ".state")],
    "deployment": [(r"/api/deployments/filter$", "[]"), (r"/api/deployments/[0-9a-f-]{36}$", "."),
                   (r"/api/deployments/paginate$", "results")],
    "work_pool": [(r"/api/work_pools/filter$", "[]"), (r"/api/work_pools/[^/]+$", ".")],
    "work_queue": [(r"/api/work_queues/filter$", "[]"), (r"/api/work_pools/[^/]+/queues/filter$", "[]"),
                   (r"/api/work_pools/[^/]+/queues/[^/]+$", ".")],
    "block_type": [(r"/api/block_types/filter$", "[]"), (r"/api/block_documents/filter$", "[].block_type"),
                   (r"/api/block_documents/[0-9a-f-]{36}$", ".block_type")],
    "block_schema": [(r"/api/block_documents/filter$", "[].block_schema"),
                     (r"/api/block_documents/[0-9a-f-]{36}$", ".block_schema")],
    "block_document": [(r"/api/block_documents/filter$", "[]"), (r"/api/block_documents/[0-9a-f-]{36}$", ".")],
    "variable": [(r"/api/variables/filter$", "[]")],
    "artifact": [(r"/api/artifacts/filter$", "[]"), (r"/api/artifacts/[0-9a-f-]{36}$", ".")],
    "artifact_collection": [(r"/api/artifacts/latest/filter$", "[]"), (r"/api/artifacts/[^/]+/latest$", ".")],
    "concurrency_limit_v2": [(r"/api/v2/concurrency_limits/filter$", "[]"),
                             (r"/api/v2/concurrency_limits/[0-9a-f-]{36}$", ".")],
    "events": [(r"/api/events/filter$", "events")],
    "log": [(r"/api/logs/filter$", "[]")],
    "saved_search": [(r"/api/saved_searches/filter$", "[]")],
    "worker": [(r"/api/work_pools/[^/]+/workers/filter$", "[]")],
    "automation": [(r"/api/automations/filter$", "[]")],
}
# References the ORM leaves undeclared (no constraint), and API names of ORM columns.
EXTRA_FKS = {("flow_run", "deployment_id"): "deployment", ("task_run", "state_id"): "task_run_state",
             ("artifact_collection", "latest_id"): "artifact", ("artifact", "flow_run_id"): "flow_run",
             ("artifact", "task_run_id"): "task_run", ("artifact_collection", "flow_run_id"): "flow_run",
             ("artifact_collection", "task_run_id"): "task_run"}
TYPES = {"UUID": "uuid", "Timestamp": "timestamptz", "String": "text", "Text": "text", "Enum": "text",
         "Boolean": "boolean", "Integer": "integer", "SmallInteger": "integer", "Double": "double precision|numeric",
         "Float": "double precision|numeric", "JSON": "jsonb", "Pydantic": "jsonb",
         "Interval": "double precision|numeric|interval"}


def _records(body: Any, where: str) -> list[dict[str, Any]]:
    if where == ".":
        return [body] if isinstance(body, dict) else []
    if where == "[]":
        return [r for r in body if isinstance(r, dict)] if isinstance(body, list) else []
    if where.startswith("[]."):
        key = where[3:]
        return [r[key] for r in body if isinstance(r, dict) and isinstance(r.get(key), dict)] \
            if isinstance(body, list) else []
    if where.startswith("."):
        value = body.get(where[1:]) if isinstance(body, dict) else None
        return [value] if isinstance(value, dict) else []
    value = body.get(where) if isinstance(body, dict) else None
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def main(traffic: str, out: str) -> None:
    served: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with open(traffic, encoding="utf-8") as handle:
        for line in handle:
            exchange = json.loads(line)
            path = exchange["request"]["url"].split("?")[0]
            body = exchange["response"].get("body")
            if not 200 <= exchange["response"]["status"] < 300 or body is None:
                continue
            for table, routes in SERVED_BY.items():
                for pattern, where in routes:
                    if re.search(pattern, path):
                        served[table].extend(_records(body, where))
    orm = {t.name: t for t in orm_models.Base.metadata.sorted_tables}
    present = {name for name, records in served.items() if records}
    tables = []
    for name in sorted(present):
        records = served[name]
        columns = []
        for column in orm[name].columns:
            if not any(column.name in r for r in records):
                continue
            kind = TYPES.get(type(column.type).__name__, "text")
            if column.name == "tags":
                kind = "text[]"
            nullable = any(r.get(column.name) is None for r in records)
            columns.append({"name": column.name, "type": kind, "nullable": nullable})
        names = {c["name"] for c in columns}
        fks = [{"columns": [fk.parent.name], "ref_table": fk.column.table.name, "ref_columns": [fk.column.name]}
               for fk in orm[name].foreign_keys
               if fk.parent.name in names and fk.column.table.name in present]
        fks += [{"columns": [column], "ref_table": target, "ref_columns": ["id"]}
                for (table, column), target in EXTRA_FKS.items()
                if table == name and column in names and target in present]
        tables.append({"name": name, "primary_key": ["id"], "columns": columns,
                       "foreign_keys": sorted(fks, key=lambda f: f["columns"])})
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"tables": tables}, handle, indent=1)
        handle.write("\n")
    print(f"{len(tables)} tables: {', '.join(t['name'] for t in tables)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
