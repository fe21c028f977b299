"""The answers reader (``wiretable infer FILE.har``) gives inference what the whole-exchange reader
gives it, and carries nothing else: no headers, no request or text bodies, URLs redacted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from capture.har import iter_har_exchanges
from capture.har_answers import iter_har_answers
from inference.endpoints import wants_body
from inference.pipeline import infer_schema
from kernel.errors import InferenceError

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = (sorted((ROOT / "tests" / "inference" / "corpus").glob("*/traffic.har"))
            + sorted((ROOT.parent / "shared" / "eval" / "dev").glob("*.har")))


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.parent.name if p.name == "traffic.har" else p.stem)
def test_inference_reads_the_same_from_answers_as_from_whole_exchanges(path: Path) -> None:
    whole = list(iter_har_exchanges(path, keep_body=wants_body, redact_answers=False))
    answers = list(iter_har_answers(path, wants_body))
    assert len(answers) == len(whole)
    for ex, ax in zip(whole, answers, strict=True):
        assert ax.id == ex.id
        assert (ax.request.method, ax.request.url) == (ex.request.method, ex.request.url)
        assert (ax.response.status, ax.response.content_type) == (ex.response.status, ex.response.content_type)
        assert ax.response.body == ex.response.body
        assert ax.response.body_truncated == ex.response.body_truncated
    raw = _schema_or_error(iter_har_exchanges(path, keep_body=wants_body, redact_answers=False))
    assert _schema_or_error(iter_har_answers(path, wants_body)) == raw


def _schema_or_error(exchanges: Any) -> str:
    """The inferred schema, or the error of a capture inference reads nothing from (both readers must agree)."""
    try:
        return infer_schema(exchanges, name="s", answers_redacted=False).to_json()
    except InferenceError as exc:
        return f"error: {exc}"


def test_answers_carry_no_headers_nor_other_bodies(tmp_path: Path) -> None:
    secret = "s3cr3tvalue99"
    entries = [
        {"request": {"method": "post", "url": f"https://api.example.com/users?access_token={secret}",
                     "headers": [{"name": "Authorization", "value": f"Bearer {secret}"}],
                     "postData": {"mimeType": "application/json", "text": json.dumps({"password": secret})}},
         "response": {"status": 201, "headers": [{"name": "Set-Cookie", "value": f"sid={secret}"},
                                                 {"name": "Content-Type", "value": "application/json"}],
                      "content": {"text": json.dumps({"id": 1, "name": "ann"})}}},
        {"request": {"url": "https://api.example.com/page"},
         "response": {"status": 200, "content": {"mimeType": "text/html", "text": f"<p>{secret}</p>"}}},
    ]
    path = tmp_path / "t.har"
    path.write_text(json.dumps({"log": {"entries": entries}}))
    api, page = iter_har_answers(path, wants_body)
    assert api.request.method == "POST" and api.response.content_type == "application/json"
    assert api.response.body == {"id": 1, "name": "ann"}
    assert page.response.body is None and page.response.content_type == "text/html"
    for exchange in (api, page):
        assert secret not in exchange.model_dump_json()
        assert not exchange.request.headers and not exchange.response.headers


def test_a_posted_form_naming_its_operation_keeps_that_field_alone(tmp_path: Path) -> None:
    """``action=list-parcels&token=…`` posted as a form: the answers reader keeps the field naming the operation,
    read as a call's envelope is, and nothing else of the form (no argument, no secret); a form naming no
    operation, or one whose operation is no name (a value of data), keeps nothing."""
    secret = "s3cr3tvalue99"
    forms = [f"action=list-parcels&since=2024-01-01&token={secret}", f"password={secret}&user=ann",
             f"action={secret}&since=2024-01-01"]
    entries = [{"request": {"method": "POST", "url": "https://api.example.com/rpc",
                            "postData": {"mimeType": "application/x-www-form-urlencoded", "text": text}},
                "response": {"status": 200, "content": {"mimeType": "application/json", "text": '{"parcels": []}'}}}
               for text in forms]
    entries.append({"request": {"method": "POST", "url": "https://api.example.com/rpc",
                                "postData": {"mimeType": "application/x-www-form-urlencoded",
                                             "params": [{"name": "action", "value": "list-parcels"},
                                                        {"name": "token", "value": secret}]}},
                    "response": {"status": 200, "content": {"mimeType": "application/json", "text": "{}"}}})
    path = tmp_path / "t.har"
    path.write_text(json.dumps({"log": {"entries": entries}}))
    named, unnamed, valued, listed = iter_har_answers(path, wants_body)
    assert named.request.body == {"action": "list-parcels"} and listed.request.body == {"action": "list-parcels"}
    assert unnamed.request.body is None and valued.request.body is None
    for exchange in (named, unnamed, valued, listed):
        assert secret not in exchange.model_dump_json()
