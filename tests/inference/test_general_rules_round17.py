"""General inference rules of the seventeenth round (calls over one address, typed attribute values, GraphQL root
fields by key and aggregates, ...), each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from capture.har import iter_traffic
from inference import infer_schema
from tests.inference.cases._har import entry, har
from tests.inference.test_general_rules import _columns

HOST = "https://ledger.test"


def _call(url: str, request: Any, answer: Any, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A POST entry carrying ``request`` as its JSON body and ``headers`` beside the Accept header."""
    item = entry(url, answer, method="POST")
    text = json.dumps(request)
    item["request"]["postData"] = {"mimeType": "application/json", "text": text}
    item["request"]["bodySize"] = len(text)
    item["request"]["headers"] += [{"name": k, "value": v} for k, v in (headers or {}).items()]
    return item


def _infer_entries(tmp_path: Path, entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    path = tmp_path / "traffic.har"
    path.write_text(json.dumps(har(entries)))
    schema = infer_schema(iter_traffic(path)).model_dump(mode="json")
    return {t["name"]: t for t in schema["tables"]}


def test_calls_over_one_address_name_their_table_in_a_header_or_the_body(tmp_path: Path) -> None:
    """Every call ``POST /`` with the operation in a header (``X-Svc-Target: Ledger_2021.ListAccounts``) or in a
    JSON-RPC body (``{"jsonrpc": "2.0", "method": "journals.list"}``), the table named by the operation or by a
    ``table`` field of the body: each answer's records are rows of the table the call names, not of no table."""
    accounts = [{"accountId": f"a{i}", "label": f"Account {i}", "opened": f"2021-0{i}-01"} for i in (1, 2, 3)]
    entries_ = [{"entryNo": i, "amount": 10 * i, "memo": f"m{i}"} for i in (1, 2)]
    journals = [{"journal": "general", "period": 3}, {"journal": "sales", "period": 4}]
    target = {"X-Svc-Target": "Ledger_2021.ListAccounts"}
    tables = _infer_entries(tmp_path, [
        _call(f"{HOST}/", {"Limit": 10}, {"Accounts": accounts, "NextToken": None}, target),
        _call(f"{HOST}/", {"table": "Entries"}, {"Rows": entries_}, {"X-Svc-Target": "Ledger_2021.Scan"}),
        _call(f"{HOST}/rpc", {"jsonrpc": "2.0", "id": 7, "method": "journals.list", "params": {}},
              {"jsonrpc": "2.0", "id": 7, "result": journals}),
    ])
    assert {"accounts", "entries", "journals"} <= set(tables), tables
    assert set(_columns(tables["accounts"])) == {"account_id", "label", "opened"}, tables["accounts"]
    assert set(_columns(tables["entries"])) == {"entry_no", "amount", "memo"}, tables["entries"]
    assert set(_columns(tables["journals"])) == {"journal", "period"}, tables["journals"]
