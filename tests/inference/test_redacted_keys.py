"""Identifiers that redaction hides (by their name or by their shape) still give primary and
foreign keys: redaction replaces them by pseudonyms that keep equality, and nothing written holds
the secret or changes from run to run."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from capture.har import iter_traffic
from inference import infer_schema
from jobs.verbs.infer import import_har

ROOT = Path(__file__).resolve().parents[2]


def _har(path: Path) -> list[str]:
    """Sessions keyed by ``session_id`` (a credential name) and API keys whose ids have the shape
    of Twilio API keys (``SK`` and 32 hex digits), each referenced by another collection. Returns
    the secrets."""
    rnd = random.Random(7)

    def hexes(n: int) -> str:
        return "".join(rnd.choice("0123456789abcdef") for _ in range(n))

    sessions = [{"session_id": f"sess-{hexes(24)}", "user_name": f"user{i % 5}",
                 "started_at": f"2024-03-0{1 + i % 9}T10:00:00Z"} for i in range(12)]
    events = [{"id": i + 1, "session_id": sessions[i % 12]["session_id"], "kind": ["click", "view"][i % 2]}
              for i in range(30)]
    keys = [{"id": "SK" + hexes(32), "friendly_name": f"key {i}", "created_at": "2024-03-01T10:00:00Z"}
            for i in range(10)]
    grants = [{"id": i + 1, "key_id": keys[i % 10]["id"], "scope": ["read", "write"][i % 2]} for i in range(25)]

    def entry(route: str, body: Any) -> dict[str, Any]:
        return {"startedDateTime": "2024-01-02T03:04:05.000Z", "time": 1,
                "request": {"method": "GET", "url": f"https://api.example.test/api/{route}", "headers": []},
                "response": {"status": 200, "headers": [],
                             "content": {"mimeType": "application/json", "text": json.dumps(body)}}}

    entries = [entry("sessions", {"sessions": sessions}), entry("events", {"events": events}),
               entry("keys", {"keys": keys}), entry("grants", {"grants": grants})]
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}), encoding="utf-8")
    return [s["session_id"] for s in sessions] + [k["id"] for k in keys]


def _keys(schema: dict[str, Any]) -> dict[str, tuple[Any, list[tuple[list[str], str, list[str]]]]]:
    return {t["name"]: (t["primary_key"], [(f["columns"], f["ref_table"], f["ref_columns"]) for f in t["foreign_keys"]])
            for t in schema["tables"]}


EXPECTED = {
    "sessions": (["session_id"], []),
    "events": (["id"], [(["session_id"], "sessions", ["session_id"])]),
    "keys": (["id"], []),
    "grants": (["id"], [(["key_id"], "keys", ["id"])]),
}


def test_redacted_ids_give_primary_and_foreign_keys(tmp_path: Path) -> None:
    har = tmp_path / "ids.har"
    _har(har)
    schema = infer_schema(iter_traffic(har), name="ids").model_dump(mode="json")
    assert _keys(schema) == EXPECTED


def test_the_command_writes_no_secret_and_the_same_schema_every_run(tmp_path: Path) -> None:
    har = tmp_path / "ids.har"
    secrets = _har(har)
    cli = "from wiretable.cli import app; app()"
    written = []
    for run in range(2):
        out = tmp_path / f"schema{run}.json"
        result = subprocess.run([sys.executable, "-c", cli, "infer", str(har), "-o", str(out)],
                                capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        data = out.read_bytes()
        assert [s for s in secrets if s.encode() in data or s in result.stdout + result.stderr] == []
        written.append(data)
    assert written[0] == written[1]  # each run has its own key: no pseudonym is written
    schema = json.loads(written[0])
    assert _keys(schema) == EXPECTED
    examples = {c["name"]: c["evidence"]["examples"] for t in schema["tables"] for c in t["columns"]}
    assert examples["session_id"] == ["[REDACTED:str:16-64]"]


def test_stored_traffic_keeps_equality_and_no_secret(tmp_path: Path) -> None:
    har = tmp_path / "ids.har"
    secrets = _har(har)
    traffic = tmp_path / "traffic.jsonl"
    assert import_har(har, traffic) == 4
    data = traffic.read_bytes()
    assert [s for s in secrets if s.encode() in data] == []
    # Read again (and redacted again) in this process: the markers stay as they are.
    schema = infer_schema(iter_traffic(traffic), name="ids").model_dump(mode="json")
    assert _keys(schema) == EXPECTED
