"""Write captured traffic as an HTTP Archive (HAR 1.2) that other tools can open.

A capture always records Exchange JSON Lines first (one line per completed flow, appended as it
happens, so a crash loses nothing). When the user asks for a ``.har`` file, :func:`har_output`
gives the capture a JSON Lines file beside it (``NAME.har.partial.jsonl``) and, once the capture
has ended, :func:`write_har` turns it into ``NAME.har``: pages first, then the entries, written to
a temporary file and moved over the target in one step. The exchanges are redacted again on the
way (:func:`capture.har.iter_traffic`), so the HAR holds nothing the JSON Lines did not.

A ``.har`` that wiretable wrote before is added to, as a JSON Lines capture is; a HAR from another
tool is never overwritten.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, urlsplit

from capture.har import header_value, iter_traffic
from kernel.errors import CaptureError
from kernel.exchange import Exchange, Message, is_har

CREATOR = "wiretable"
_OURS = re.compile(r'"creator"\s*:\s*\{\s*"name"\s*:\s*"wiretable"')


def is_har_name(path: Path) -> bool:
    return path.suffix.lower() == ".har"


def partial_path(har: Path) -> Path:
    """The JSON Lines file a capture into ``har`` records into until it ends."""
    return har.with_name(har.name + ".partial.jsonl")


@contextmanager
def har_output(har: Path) -> Iterator[Path]:
    """Give a capture into ``har`` the JSON Lines file to record into; when it ends, write the HAR.

    What ``har`` already holds comes first: the entries of a HAR wiretable wrote, or the lines of
    a JSON Lines capture saved under a ``.har`` name. Refuses (CaptureError, before anything is
    recorded) a HAR written by another tool and a partial file left by a capture that did not
    finish. When the capture fails, the partial file is kept when it holds traffic."""
    partial = partial_path(har)
    if partial.exists():
        raise CaptureError(f"{partial} is left from a capture that did not finish; it holds that capture's "
                           f"traffic as JSON Lines (wiretable reads it as it is): move or remove it, then capture "
                           f"again", path=str(partial))
    seed = _earlier_traffic(har)
    try:
        with partial.open("w", encoding="utf-8", errors="replace") as out:
            write_lines(seed, out)
    except OSError as exc:
        with suppress(OSError):
            partial.unlink()
        raise CaptureError(f"cannot write {partial}: {exc.strerror or exc}", path=str(partial)) from exc
    try:
        yield partial
    except BaseException:
        _drop_if_empty(partial)
        raise
    write_har(partial, har)
    partial.unlink()


def _earlier_traffic(har: Path) -> Iterable[Exchange]:
    if not har.exists() or (har.is_file() and har.stat().st_size == 0):
        return ()
    if not har.is_file():
        raise CaptureError(f"{har} is not a regular file", path=str(har))
    if is_har(har):
        with har.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
        if not _OURS.search(head):
            raise CaptureError(f"{har} holds a HAR that wiretable did not write; wiretable will not overwrite it: "
                               f"give another --output", path=str(har))
    return list(iter_traffic(har))


def _drop_if_empty(partial: Path) -> None:
    with suppress(OSError):
        if partial.stat().st_size == 0:
            partial.unlink()


def write_har(source: Path, har: Path) -> int:
    """Write the exchanges of ``source`` (a traffic file of either kind) as a HAR 1.2 file at
    ``har``, replacing it in one step. Returns the number of entries.

    The source is read once: the entries go to a side file while the pages are gathered, then the
    HAR is put together with its pages first (a streaming reader learns them before the entries)."""
    pages: dict[str, str] = {}
    opened: list[dict[str, Any]] = []
    entries = har.with_name(f".{har.name}.entries")
    temp = har.with_name(f".{har.name}.writing")
    count = 0
    try:
        with entries.open("w+", encoding="utf-8", errors="replace") as side:
            for exchange in iter_traffic(source):
                if exchange.page_url and exchange.page_url not in pages:
                    pages[exchange.page_url] = f"page_{len(pages) + 1}"
                    opened.append({"startedDateTime": _started(exchange), "id": pages[exchange.page_url],
                                   "title": exchange.page_url, "pageTimings": {}})
                side.write(("," if count else "") + "\n" + _dumps(har_entry(exchange, pages)))
                count += 1
            side.seek(0)
            with temp.open("w", encoding="utf-8", errors="replace") as out:
                out.write('{"log":{"version":"1.2","creator":' + _dumps({"name": CREATOR, "version": _version()}))
                out.write(',"pages":[' + ",".join(_dumps(page) for page in opened) + '],"entries":[')
                shutil.copyfileobj(side, out)
                out.write("\n]}}\n")
        os.replace(temp, har)
    except OSError as exc:
        with suppress(OSError):
            temp.unlink()
        raise CaptureError(f"cannot write {har}: {exc.strerror or exc}; the traffic is kept in {source}",
                           path=str(har)) from exc
    finally:
        with suppress(OSError):
            entries.unlink()
    return count


def har_entry(exchange: Exchange, pages: dict[str, str]) -> dict[str, Any]:
    """One HAR 1.2 entry for ``exchange``."""
    request, response = exchange.request, exchange.response
    request_text = body_text(request)
    response_text = body_text(response)
    entry: dict[str, Any] = {
        "startedDateTime": _started(exchange),
        "time": exchange.duration_ms,
        "request": {
            "method": request.method,
            "url": request.url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _headers(request.headers),
            "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(request.url).query,
                                                                        keep_blank_values=True)],
            "headersSize": -1,
            "bodySize": _size(request_text),
        },
        "response": {
            "status": response.status,
            "statusText": _reason(response.status),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _headers(response.headers),
            "content": {"size": _size(response_text) if response_text is not None else 0,
                        "mimeType": response.content_type or ""},
            "redirectURL": header_value(response.headers, "location") or "",
            "headersSize": -1,
            "bodySize": _size(response_text),
        },
        "cache": {},
        "timings": {"send": 0, "wait": exchange.duration_ms, "receive": 0},
    }
    if request_text is not None:
        entry["request"]["postData"] = {"mimeType": request.content_type or "", "text": request_text}
    if response_text is not None:
        entry["response"]["content"]["text"] = response_text
    if request.body_truncated or response.body_truncated:
        entry["comment"] = "a body was cut at the capture's size limit"
    if exchange.page_url in pages:
        entry["pageref"] = pages[exchange.page_url or ""]
    return entry


def body_text(message: Message) -> str | None:
    """The body as the app sent it: parsed JSON written back compactly, or the kept text."""
    if message.body is not None:
        return _dumps(message.body)
    return message.body_text


def _started(exchange: Exchange) -> str:
    started = exchange.started_at
    return (started if started.tzinfo else started.replace(tzinfo=UTC)).isoformat()


def _headers(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in headers.items()]


def _size(text: str | None) -> int:
    return len(text.encode("utf-8", errors="replace")) if text is not None else 0


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wiretable")
    except PackageNotFoundError:
        return "0"


def write_lines(exchanges: Iterable[Exchange], out: IO[str]) -> None:
    """Write ``exchanges`` as Exchange JSON Lines."""
    for exchange in exchanges:
        out.write(exchange.to_json_line() + "\n")
