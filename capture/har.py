"""HAR 1.2 import: turn any exporter's HAR file into a stream of :class:`Exchange` records.

Chrome, Firefox, Safari, Charles, Fiddler, Insomnia, mitmproxy and Polly.JS all write HAR, each with
its own omissions: missing ``pages``, missing ``postData``, ``time`` of -1, base64 response bodies,
a UTF-8 byte-order mark. Every entry becomes one Exchange with ``source="har"``; fields a HAR lacks
get neutral defaults rather than errors.

The file is read incrementally: the ``log.entries`` array is decoded one entry at a time with
``json.JSONDecoder.raw_decode`` over a growing text buffer, so memory stays proportional to the
largest entry, not the file. Secrets are redacted (``kernel.redact``) before an Exchange leaves
this module, on every path: the job import, ``wiretable infer`` and every other reader of a HAR go
through :func:`iter_har_exchanges`. A reader that needs only some bodies (inference reads only API
answers) says which with ``keep_body``; the others are not decoded at all. A file that is not a
HAR (not JSON, no ``log.entries``, truncated) raises :class:`CaptureError` with a one-line message
that names the file and the problem.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from capture.bodies import LEADING as LEADING
from capture.bodies import MAX_JSON_BODY as MAX_JSON_BODY
from capture.bodies import MAX_TEXT_BODY as MAX_TEXT_BODY
from capture.bodies import TEXTUAL
from capture.bodies import _long_digits as _long_digits
from capture.bodies import orjson_parts as orjson_parts
from capture.bodies import orjson_text as orjson_text
from capture.bodies import parse_body as parse_body
from kernel import redact
from kernel.body_redactor import BodyRedactor
from kernel.errors import CaptureError
from kernel.exchange import (
    Exchange,
    Request,
    Response,
    is_har,
    open_regular,
    read_exchanges,
)

#: ``keep_body(method, url, status, content_type)``: whether an entry's bodies are read. The URL
#: is redacted; the test runs before any body is decoded.
KeepBody = Callable[[str, str, int, "str | None"], bool]

_CHUNK = 1 << 20
#: Values shorter than this never straddle the end of the buffer (see ``_Reader.value``).
_MARGIN = 1 << 18
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_WS = " \t\n\r"


class _Reader:
    """A text buffer over a file that refills on demand and decodes JSON values in place."""

    def __init__(self, handle: IO[bytes], name: str) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self._json = json.JSONDecoder()
        self.name = name
        self.buf = ""
        self.pos = 0
        self.eof = False

    def _fill(self, size: int = _CHUNK) -> bool:
        if self.eof:
            return False
        data = self._handle.read(size)
        if self.pos:
            self.buf = self.buf[self.pos :]
            self.pos = 0
        if not data:
            self.eof = True
            self.buf += self._decoder.decode(b"", final=True)
            return False
        self.buf += self._decoder.decode(data)
        return True

    def peek(self) -> str:
        """The next non-whitespace character, or '' at end of file."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def expect(self, char: str, what: str) -> None:
        found = self.peek()
        if found != char:
            raise self.error(f"expected {what}" + (", found end of file (truncated?)" if not found else ""))
        self.pos += 1

    def value(self) -> Any:
        """Decode the next JSON value, reading more of the file until it is complete."""
        self.peek()
        if len(self.buf) - self.pos < _MARGIN:
            # Refilled before a value that may not fit: an incomplete value is a failed decode,
            # and the decoder's error message counts the lines of the whole buffer.
            self._fill()
        size = _CHUNK
        while True:
            try:
                value, end = self._json.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise self.error("JSON nested too deeply to read") from None
            except json.JSONDecodeError as exc:
                if self.eof:
                    cut = exc.pos >= len(self.buf) - 1 or "Unterminated" in exc.msg
                    raise self.error("the file ends inside a JSON value (truncated?)" if cut
                                     else f"invalid JSON ({exc.msg})") from exc
                self._fill(size)
                size = min(size * 2, 64 * _CHUNK)
                continue
            except ValueError as exc:  # an integer of more than 4300 digits, which Python refuses to read
                raise self.error(f"a value it cannot read ({str(exc).split(';')[0]})") from None
            # A number at the very end of the buffer may continue in the next chunk.
            if end >= len(self.buf) and not self.eof:
                self._fill(size)
                continue
            self.pos = end
            return value

    def error(self, problem: str) -> CaptureError:
        return CaptureError(f"{self.name}: not a valid HAR file: {problem}", path=self.name)


def iter_har_exchanges(path: Path | str, keep_body: KeepBody | None = None, *,
                       redact_answers: bool = True) -> Iterator[Exchange]:
    """Yield one redacted Exchange per HAR entry, in file order.

    ``keep_body``, when given, chooses the entries whose request and response bodies are read
    (see :data:`KeepBody`); the others come without bodies. ``redact_answers=False`` leaves the
    parsed JSON of responses unredacted (everything else is redacted) for a reader that redacts
    it itself before it keeps any of it: inference (``infer_schema(..., answers_redacted=False)``)
    redacts what it keeps and only tests the rest. Raises CaptureError when the file cannot be read
    or is not a HAR 1.2 document. Entries already yielded before a truncation stay valid; the
    error comes when the damage is reached.
    """
    redactor = BodyRedactor()
    for index, entry, pages in iter_entries(path):
        yield entry_to_exchange(entry, index, pages, redactor, keep_body, redact_answer=redact_answers)


def iter_entries(path: Path | str) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    """(index, entry, page URLs) for each object in ``log.entries``, read incrementally."""
    path = Path(path)
    name = str(path)
    try:
        handle = open_regular(path)
    except OSError as exc:
        raise CaptureError(f"cannot read {name}: {exc.strerror or exc}", path=name) from exc
    with handle:
        reader = _Reader(handle, name)
        first = reader.peek()
        if first != "{":
            raise reader.error("the file is empty" if not first else "it is not a JSON object")
        found = False
        for key in _object_keys(reader, "the top-level object"):
            if key != "log":
                reader.value()
                continue
            if reader.peek() != "{":
                raise reader.error("'log' is not an object")
            pages: dict[str, str] = {}
            for log_key in _object_keys(reader, "the 'log' object"):
                if log_key == "pages":
                    pages = _page_urls(reader.value())
                elif log_key == "entries":
                    found = True
                    for index, entry in _entries(reader):
                        yield index, entry, pages
                else:
                    reader.value()
        if not found:
            raise reader.error("it has no log.entries array")
        if reader.peek():
            raise reader.error("unexpected data after the HAR object")


def _object_keys(reader: _Reader, what: str) -> Iterator[str]:
    """Walk an object's keys; the caller must consume each value before asking for the next."""
    reader.expect("{", f"the start of {what}")
    if reader.peek() == "}":
        reader.pos += 1
        return
    while True:
        if reader.peek() != '"':
            raise reader.error(f"expected a key in {what}" + ("" if reader.peek() else " (truncated?)"))
        key = reader.value()
        reader.expect(":", f"':' after key {key!r}")
        yield key
        sep = reader.peek()
        if sep == ",":
            reader.pos += 1
        elif sep == "}":
            reader.pos += 1
            return
        else:
            raise reader.error(f"expected ',' or '}}' in {what}" + ("" if sep else " (truncated?)"))


def _entries(reader: _Reader) -> Iterator[tuple[int, dict[str, Any]]]:
    reader.expect("[", "log.entries to be an array")
    if reader.peek() == "]":
        reader.pos += 1
        return
    index = 0
    while True:
        entry = reader.value()
        if isinstance(entry, dict):
            yield index, entry
        index += 1
        sep = reader.peek()
        if sep == ",":
            reader.pos += 1
        elif sep == "]":
            reader.pos += 1
            return
        else:
            raise reader.error(f"log.entries is cut off after entry {index}" if not sep else
                               f"expected ',' or ']' after entry {index}")


def _page_urls(pages: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(pages, list):
        for page in pages:
            if isinstance(page, dict) and isinstance(page.get("id"), str):
                title = page.get("title")
                if isinstance(title, str) and re.match(r"^https?://", title):
                    out[page["id"]] = title
    return out


def entry_to_exchange(entry: dict[str, Any], index: int, pages: dict[str, str] | None = None,
                      redactor: BodyRedactor | None = None, keep_body: KeepBody | None = None, *,
                      redact_answer: bool = True) -> Exchange:
    """Convert one HAR entry dict; tolerant of every optional or missing field. ``keep_body`` and
    ``redact_answer``: see :func:`iter_har_exchanges`."""
    redactor = redactor or BodyRedactor()
    req = _dict(entry.get("request"))
    resp = _dict(entry.get("response"))
    req_headers = header_map(req.get("headers"))
    resp_headers = header_map(resp.get("headers"))
    method = (_str(req.get("method")) or "GET").upper()
    url = redact.redact_url(_str(req.get("url")) or "")
    status = resp.get("status")
    status = status if isinstance(status, int) and not isinstance(status, bool) else 0
    content = _dict(resp.get("content"))
    resp_type = _str(content.get("mimeType")) or header_value(resp_headers, "content-type")
    if keep_body is not None and not keep_body(method, url, status, resp_type or None):
        req, content = {key: value for key, value in req.items() if key != "postData"}, {}

    post = _dict(req.get("postData"))
    req_type = _str(post.get("mimeType")) or header_value(req_headers, "content-type")
    req_text = _str(post.get("text"))
    if req_text is None and isinstance(post.get("params"), list):
        req_text = "&".join(
            f"{_str(p.get('name')) or ''}={_str(p.get('value')) or ''}" for p in post["params"] if isinstance(p, dict)
        )
    req_body, req_body_text, req_trunc = parse_body(req_text, req_type)

    resp_text = content_text(content, resp_type)
    resp_body, resp_body_text, resp_trunc = parse_body(resp_text, resp_type)

    page = pages.get(entry["pageref"]) if pages and isinstance(entry.get("pageref"), str) else None
    return Exchange(
        id=f"har-{index + 1}",
        started_at=_timestamp(entry.get("startedDateTime")),
        duration_ms=_duration(entry.get("time")),
        source="har",
        page_url=redact.redact_url(page) if page else None,
        request=Request(
            method=method,
            url=url,
            headers=redact.redact_headers(req_headers),
            content_type=req_type or None,
            body=redactor.redact_or_drop(req_body),
            body_text=redact.redact_document(req_body_text) if req_body_text else None,
            body_truncated=req_trunc,
        ),
        response=Response(
            status=status,
            headers=redact.redact_headers(resp_headers),
            content_type=resp_type or None,
            body=redactor.redact_or_drop(resp_body) if redact_answer else resp_body,
            body_text=redact.redact_document(resp_body_text) if resp_body_text else None,
            body_truncated=resp_trunc,
        ),
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def header_map(raw: Any) -> dict[str, str]:
    """HAR headers are a list of {name, value}; repeated names are joined as HTTP allows."""
    out: dict[str, str] = {}
    if isinstance(raw, dict):
        raw = [{"name": k, "value": v} for k, v in raw.items()]
    if not isinstance(raw, list):
        return out
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        name, value = item["name"], item.get("value")
        value = value if isinstance(value, str) else "" if value is None else str(value)
        if name.startswith(":"):
            continue
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def header_value(headers: dict[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name), None)


def content_text(content: dict[str, Any], mime: str | None) -> str | None:
    text = content.get("text")
    if not isinstance(text, str):
        return None
    if str(content.get("encoding") or "").lower() != "base64":
        return text
    if mime and not TEXTUAL.search(mime):
        return None
    try:
        raw = base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return None
    charset = re.search(r"charset=([\w.-]+)", mime or "", re.I)
    try:
        return raw.decode(charset.group(1) if charset else "utf-8", errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def _timestamp(value: Any) -> datetime:
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return EPOCH
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return EPOCH


def _duration(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return 0.0


def iter_traffic(path: Path | str) -> Iterator[Exchange]:
    """Stream the exchanges of a capture file: a HAR or Exchange JSONL, told by its content (see
    :func:`kernel.exchange.is_har`).

    Raises CaptureError when the file is missing or unreadable.
    """
    path = Path(path)
    if not path.exists():
        raise CaptureError(f"no such file: {path}", path=str(path))
    if not path.is_file():
        raise CaptureError(f"{path} is not a regular file (a pipe, device or folder cannot be read as traffic)",
                           path=str(path))
    return iter_har_exchanges(path) if is_har(path) else _redacted(read_exchanges(path))


def _redacted(exchanges: Iterator[Exchange]) -> Iterator[Exchange]:
    """Exchanges of a JSONL file redacted once more: a file written by hand or by an older capture
    may hold secrets that today's redaction finds (values already redacted stay as they are)."""
    redactor = BodyRedactor()
    for exchange in exchanges:
        for message in (exchange.request, exchange.response):
            if message.body is not None:
                message.body = redactor.redact(message.body)
            if message.body_text:
                message.body_text = redact.redact_document(message.body_text)
            message.headers = redact.redact_headers(message.headers)
        exchange.request.url = redact.redact_url(exchange.request.url)
        yield exchange


__all__ = ["EPOCH", "KeepBody", "content_text", "entry_to_exchange", "header_map", "header_value", "iter_entries",
           "iter_har_exchanges", "iter_traffic", "parse_body"]
