"""Corpus captures of the fifth round: Twilio's 2010 API, a Trello board, Zendesk's cursor pages, Airtable's records.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream files unchanged (Twilio's are the
JSON strings its generated tests mock, Zendesk's the decoded Betamax recordings).
"""

from __future__ import annotations

import ast
import base64
import gzip
import json
import subprocess
from typing import Any

from tests.inference.corpus.build_round4 import show_file

TWILIO = ("twilio/twilio-python", "e7b851e4345e217717f2f5264f6bba6bf977c3fd")
TOUCAN = ("ToucanToco/toucan-connectors", "6c4e1b5a64da81b9a063677ae69170fece212c40")
ZENPY = ("facetoe/zenpy", "fa6aab1de6880c9c0a9c5232bdfc9fa5e2effa0f")

Call = tuple[str, str, Any]


def _mocked(mirrors: Any, path: str) -> dict[str, Any]:
    """The JSON body each ``test_*_response`` of a generated Twilio test mocks, by test name."""
    out: dict[str, Any] = {}
    for fn in ast.walk(ast.parse(show_file(mirrors, TWILIO[0], TWILIO[1], path))):
        if isinstance(fn, ast.FunctionDef) and fn.name.endswith("_response"):
            for node in ast.walk(fn):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Response"
                        and len(node.args) == 2 and isinstance(node.args[1], ast.Constant)
                        and isinstance(node.args[1].value, str) and node.args[1].value.strip()):
                    out[fn.name] = json.loads(node.args[1].value)
    return out


def twilio(mirrors: Any) -> list[Call]:
    """Twilio REST 2010: messages, their media, queues and queue members, each read at its own ``uri``."""
    base = "tests/integration/api/v2010/account"
    msg = _mocked(mirrors, f"{base}/test_message.py")
    media = _mocked(mirrors, f"{base}/message/test_media.py")
    queue = _mocked(mirrors, f"{base}/test_queue.py")
    member = _mocked(mirrors, f"{base}/queue/test_member.py")
    host = "https://api.twilio.com"
    created = msg["test_create_response"]
    calls: list[Call] = [("POST", host + created["uri"].rsplit("/", 1)[0] + ".json", created)]
    for body in (msg["test_read_full_page1_response"], msg["test_fetch_response"],
                 media["test_read_full_response"], media["test_fetch_response"],
                 queue["test_read_full_response"], queue["test_fetch_response"],
                 member["test_read_full_response"], member["test_fetch_response"]):
        calls.append(("GET", host + body["uri"], body))
    return calls


def trello(mirrors: Any) -> list[Call]:
    """A Trello board's lists, members, labels, custom fields and cards, as the connector's tests serve them."""
    data = json.loads(show_file(mirrors, TOUCAN[0], TOUCAN[1], "tests/trello/fixtures/fixture.json"))
    board = "https://api.trello.com/1/boards/5b2775500401ad42967638a5"
    return [
        ("GET", f"{board}/lists?fields=name", data["lists"]),
        ("GET", f"{board}/members?fields=fullName", data["members"]),
        ("GET", f"{board}/labels?fields=name", data["labels"]),
        ("GET", f"{board}/customFields?fields=name", data["customFields"]),
        ("GET", f"{board}/cards?fields=name&fields=url&fields=idList&fields=labels&fields=idMembers"
                "&customFieldItems=true&filter=open", data["cards_1"]),
        ("GET", f"{board}/cards?fields=name&fields=idList&fields=idMembers", data["cards_2"]),
    ]


def _betamax(mirrors: Any, name: str) -> list[Call]:
    """The (method, URL, JSON body) of every interaction with a body in a Betamax cassette."""
    doc = json.loads(show_file(mirrors, ZENPY[0], ZENPY[1], f"tests/test_api/betamax/{name}.json"))
    calls: list[Call] = []
    for it in doc["http_interactions"]:
        body = it["response"]["body"]
        raw = base64.b64decode(body["base64_string"]) if body.get("base64_string") else body["string"].encode()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        if raw.strip():
            calls.append((it["request"]["method"], it["request"]["uri"], json.loads(raw)))
    return calls


def zendesk(mirrors: Any) -> list[Call]:
    """Zendesk Support groups (created, then read in offset and cursor pages) and group memberships."""
    return (_betamax(mirrors, "TestGroupCreateUpdateDelete.test_pagination")
            + _betamax(mirrors, "TestGroupMemberships.test_pagination"))


AIRTABLE = ("gtalarico/pyairtable", "5428ad08e0651b30e2f70858901239bb0b2e8580")


def airtable(mirrors: Any) -> list[Call]:
    """Airtable REST v0 answers the client's integration tests recorded (``tests/dump``), in file-name order.

    Each dump file holds the request's method and URL beside the JSON answer; the one error answer (422) is left out.
    """
    git = mirrors / AIRTABLE[0].replace("/", "+") / "repo"
    names = subprocess.run(["git", "-C", str(git), "ls-tree", "--name-only", AIRTABLE[1], "tests/dump/"],
                           check=True, capture_output=True, text=True).stdout.split()
    calls: list[Call] = []
    for name in sorted(names):
        if "-200_" not in name:
            continue
        dump = json.loads(show_file(mirrors, AIRTABLE[0], AIRTABLE[1], name))
        calls.append((dump["method"], dump["url"], dump["response_json"]))
    return calls
