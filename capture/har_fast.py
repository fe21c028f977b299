"""The reading side of ``wiretable infer`` on a HAR file: light exchanges, bodies decoded only
where inference will read them. Split from :mod:`capture.har`, which re-exports these names."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from capture import redact
from capture.har import _body, _content_text, _dict, _header, _headers, _iter_entries, _str


class LightMessage:
    """The few fields of a request or response that schema inference reads."""

    __slots__ = ("body", "body_truncated", "content_type", "method", "status", "url")

    def __init__(self, method: str = "GET", url: str = "", status: int = 0, content_type: str | None = None,
                 body: Any = None, body_truncated: bool = False) -> None:
        self.method, self.url, self.status, self.content_type = method, url, status, content_type
        self.body, self.body_truncated = body, body_truncated


class LightExchange:
    """A redacted exchange reduced to what inference reads (duck-compatible with Exchange)."""

    __slots__ = ("request", "response")

    def __init__(self, request: LightMessage, response: LightMessage) -> None:
        self.request, self.response = request, response


#: Stands for every entry whose body inference would not read (noise, errors, non-JSON).
_SKIPPED = LightExchange(LightMessage(), LightMessage())


def iter_har_for_inference(path: Path | str,
                           wanted: Callable[[str, str, int, str | None], bool]) -> Iterator[LightExchange]:
    """The fast path of ``wiretable infer``: one light exchange per HAR entry, in file order.

    Only bodies that ``wanted(method, url, status, content_type)`` accepts are decoded; other
    entries yield a placeholder without URL or body. Request bodies and headers are not read.
    URLs are redacted, bodies are NOT: they stay in memory, inside inference, and
    :func:`inference.build.build_schema` redacts every value it writes into the schema (examples,
    enumerations) as :func:`iter_har_exchanges` would have. Raises the errors of
    :func:`iter_har_exchanges`.
    """
    for _index, entry, _pages in _iter_entries(path):
        req, resp = _dict(entry.get("request")), _dict(entry.get("response"))
        method, url = (_str(req.get("method")) or "GET").upper(), _str(req.get("url")) or ""
        status = resp.get("status") if type(resp.get("status")) is int else 0
        content = _dict(resp.get("content"))
        mime = _str(content.get("mimeType")) or _header(_headers(resp.get("headers")), "content-type")
        if not wanted(method, url, status, mime or None):
            yield _SKIPPED
            continue
        body, _text, truncated = _body(_content_text(content, mime), mime)
        yield LightExchange(
            LightMessage(method, redact.redact_url(url)),
            LightMessage(status=status, content_type=mime or None, body_truncated=truncated,
                         body=body),
        )
