"""The answers of a HAR, read for schema inference only (``wiretable infer FILE.har``).

Schema inference (``inference.infer_schema``) reads six things of an exchange: the request's
method and URL, and the response's status, content type, parsed JSON body and whether that body
was cut. :func:`iter_har_answers` reads just these: the URL redacted as every reader redacts it,
and the JSON answer, for the entries ``keep_body`` accepts, parsed but left unredacted for a
reader that redacts it itself before it keeps any of it (``answers_redacted=False``), as
:func:`capture.har.iter_har_exchanges` does with ``redact_answers=False``. Headers, request
bodies, text bodies, page URLs and timings are never decoded, redacted or kept: the exchanges
come without them (no headers, no request body, the epoch as start time), so nothing of them can
be written, logged or sent. The one exception is a call over one address (a POST naming its
operation in a header, a JSON-RPC call, a call's envelope or a POSTed form naming its operation in a field), of which
inference reads what names its operation and table: its operation headers and those fields of its body, never a value of its key
(:func:`call_of`, :mod:`kernel.calls`); and of a bulk deletion, the names of the fields its listed records are named
by, no value. Every other reader of a HAR, the job import among them, reads whole
exchanges with :func:`capture.har.iter_har_exchanges`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from capture.har import EPOCH, KeepBody, content_text, header_map, header_value, iter_entries, parse_body
from kernel import redact
from kernel.calls import (
    DELETION,
    OPERATION_TEXT,
    body_operation,
    call_parts,
    deletion_names,
    form_operation,
    operation_headers,
)
from kernel.exchange import Exchange, Request, Response


def iter_har_answers(path: Path | str, keep_body: KeepBody) -> Iterator[Exchange]:
    """Yield one exchange per HAR entry, in file order, carrying only what schema inference reads
    (see the module docstring); the JSON answers of the entries ``keep_body`` accepts are
    unredacted. Raises CaptureError as :func:`capture.har.iter_har_exchanges` does."""
    for index, entry, _pages in iter_entries(path):
        yield answer_exchange(entry, index, keep_body)


def answer_exchange(entry: dict[str, Any], index: int, keep_body: KeepBody) -> Exchange:
    """One HAR entry as :func:`iter_har_answers` reads it; its method, redacted URL, status,
    content type and answer equal those of :func:`capture.har.entry_to_exchange`."""
    method, url, status, resp_type, text, call = answer_fields(entry, keep_body)
    body, truncated = None, False
    if text is not None:
        body, _text, truncated = parse_body(text, resp_type)
    return answer(index, method, url, status, resp_type, body, truncated, call)


#: What :func:`answer_fields` picks of an entry: method, redacted URL, status, content type, the
#: answer's text when ``keep_body`` accepts the entry (None otherwise), and for a call over one address
#: the parts of its request that name its operation and table (see :func:`call_of`; None otherwise).
Call = tuple[dict[str, str], "dict[str, Any] | list[dict[str, None]] | None"]
AnswerFields = tuple[str, str, int, "str | None", "str | None", "Call | None"]


def answer_fields(entry: dict[str, Any], keep_body: KeepBody) -> AnswerFields:
    """The fields of a HAR entry that :func:`answer_exchange` reads, the answer still a text."""
    req = entry.get("request")
    req = req if isinstance(req, dict) else {}
    resp = entry.get("response")
    resp = resp if isinstance(resp, dict) else {}
    method = req.get("method")
    method = method.upper() if isinstance(method, str) and method else "GET"
    url = req.get("url")
    url = redact.redact_url(url if isinstance(url, str) else "")
    status = resp.get("status")
    status = status if isinstance(status, int) and not isinstance(status, bool) else 0
    content = resp.get("content")
    content = content if isinstance(content, dict) else {}
    mime = content.get("mimeType")
    resp_type = (mime if isinstance(mime, str) else None) or header_value(header_map(resp.get("headers")), "content-type")
    text = None
    if keep_body(method, url, status, resp_type or None):
        text = content_text(content, resp_type) or ""
    return method, url, status, resp_type or None, text, call_of(req, method) if text is not None else None


def call_of(req: dict[str, Any], method: str) -> Call | None:
    """Of a POST that names its operation in a header, is a JSON-RPC call or posts a call's envelope naming its
    operation (:func:`kernel.calls.body_operation`): its operation headers and the fields
    of its body that name the operation, the table and the key attributes (:func:`kernel.calls.call_parts`), which
    inference reads of a call over one address; of a bulk deletion the field names it lists records by (no header);
    None for any other request (nothing of it is kept)."""
    if method not in ("POST", "DELETE"):
        return None
    post = req.get("postData")
    text = post.get("text") if isinstance(post, dict) else None
    url = req.get("url")
    last = urlsplit(url).path.rstrip("/").rpartition("/")[2] if isinstance(url, str) else ""
    if isinstance(text, str) and (method == "DELETE" or DELETION.match(last)):
        listed = deletion_names(parse_body(text, "application/json")[0])
        if listed is not None:
            return {}, listed
    if method != "POST":
        return None
    sent = header_map(req.get("headers"))
    headers = operation_headers(sent)
    named = bool(headers) or isinstance(text, str) and "jsonrpc" in text
    if not named and (form := form_call(post, sent)) is not None:
        return headers, form
    if not named and not (isinstance(text, str) and OPERATION_TEXT.search(text)):
        return None
    body, _text, _cut = parse_body(text, "application/json") if isinstance(text, str) else (None, None, False)
    if not named and body_operation(body) is None:
        return None
    return headers, call_parts(body)


def form_call(post: Any, headers: dict[str, str]) -> dict[str, str] | None:
    """Of a POSTed form (``application/x-www-form-urlencoded``, its text or its listed ``params``) naming its
    operation in one field (``action=getmeas&startdate=…``): that field alone (:func:`kernel.calls.form_operation`),
    no other field nor value of the form."""
    if not isinstance(post, dict):
        return None
    mime = post.get("mimeType")
    mime = mime if isinstance(mime, str) and mime else header_value(headers, "content-type") or ""
    if "x-www-form-urlencoded" not in mime.lower():
        return None
    text, params = post.get("text"), post.get("params")
    if not isinstance(text, str) and isinstance(params, list):
        text = "&".join(f"{p.get('name')}={p.get('value')}" for p in params if isinstance(p, dict)
                        and isinstance(p.get("name"), str) and isinstance(p.get("value"), str))
    return form_operation(text)


def answer(index: int, method: str, url: str, status: int, content_type: str | None, body: Any,
           truncated: bool, call: Call | None = None) -> Exchange:
    """The exchange of the ``index``-th entry (counted from 0) as the answers readers give it."""
    # Validated: pydantic's validation runs in compiled code, ``model_construct`` in Python (slower).
    headers, request_body = call if call is not None else ({}, None)
    return Exchange(
        id=f"har-{index + 1}",
        started_at=EPOCH,
        source="har",
        request=Request(method=method, url=url, headers=headers, body=request_body),
        response=Response(status=status, content_type=content_type, body=body, body_truncated=truncated),
    )


__all__ = ["AnswerFields", "Call", "call_of", "answer", "answer_exchange", "answer_fields", "iter_har_answers"]
