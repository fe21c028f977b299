"""The ``replay`` benchmark shape: real captures repeated to size (see ``make_har.py --shape``).

The entries of the given HAR files (by default the public dev captures in ``../shared/eval/dev``)
are written round after round, in file order, until the target size is reached. Each round moves
the records to new keys: integers under id-like names (``id``, ``userId``, ``product_id``) and
integer path segments and id-like query values of the URLs are offset by ``round * OFFSET``, so
the tables keep growing as a long session's would. Everything else (headers, static files,
errors, request bodies) is served as captured. The same inputs and size always give the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

OFFSET = 1_000_000
DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"
_ID_NAME = re.compile(r"^(id|_id)$|(Id|_id|ID)$")


class Sink(Protocol):
    size: int

    def raw(self, entry: dict[str, Any]) -> None: ...


def dev_hars() -> list[Path]:
    return sorted(DEV.glob("*.har"))


def _entries(paths: Iterable[Path]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in paths:
        entries += json.loads(path.read_text(encoding="utf-8-sig"))["log"]["entries"]
    return entries


def _moved(value: Any, shift: int, name: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _moved(v, shift, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_moved(v, shift, name) for v in value]
    if type(value) is int and _ID_NAME.search(name) and 0 <= value < 2**53 - shift:
        return value + shift
    return value


def _moved_url(url: str, shift: int) -> str:
    parts = urlsplit(url)
    path = "/".join(str(int(s) + shift) if s.isdigit() and len(s) < 15 else s for s in parts.path.split("/"))
    query = parts.query
    if query:
        pairs = [(k, str(int(v) + shift) if v.isdigit() and _ID_NAME.search(k) else v)
                 for k, v in parse_qsl(query, keep_blank_values=True)]
        query = urlencode(pairs)
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def _moved_entry(entry: dict[str, Any], shift: int) -> dict[str, Any]:
    if not shift:
        return entry
    out = dict(entry)
    request, response = dict(entry.get("request") or {}), dict(entry.get("response") or {})
    if isinstance(request.get("url"), str):
        request["url"] = _moved_url(request["url"], shift)
    content = dict(response.get("content") or {})
    text = content.get("text")
    if isinstance(text, str) and "json" in str(content.get("mimeType", "")) and content.get("encoding") != "base64":
        with contextlib.suppress(ValueError):  # not JSON after all: served as captured
            content["text"] = json.dumps(_moved(json.loads(text), shift))
    response["content"] = content
    out["request"], out["response"] = request, response
    return out


def rounds(entries: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    round_ = 0
    while True:
        for entry in entries:
            yield _moved_entry(entry, round_ * OFFSET)
        round_ += 1


def session(sink: Sink, target: int, sources: Iterable[Path] | None = None) -> None:
    entries = _entries(sources if sources is not None else dev_hars())
    if not entries:
        raise SystemExit("replay: no HAR entries to repeat (is ../shared/eval/dev there?)")
    for entry in rounds(entries):
        if sink.size >= target:
            return
        sink.raw(entry)
