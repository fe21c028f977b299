"""The mitmproxy addon that writes one Exchange JSON line per completed HTTP flow.

Run inside mitmproxy's own environment::

    mitmdump -s capture/addon.py --set wiretable_out=exchanges.jsonl \\
        [--set wiretable_body_cap=2000000] [--set wiretable_exclude_hosts=PATTERN ...] \\
        [--set wiretable_redact_headers=NAME ...] [--set wiretable_block_private=true]

It uses only mitmproxy and the standard library. mitmproxy is imported lazily, so the conversion
functions (``exchange_record``, ``convert_body``, ...) are plain functions over plain values that
the app's tests import as ``capture.addon`` without mitmproxy installed.

Guarantees:

- Every line follows the Exchange contract (``kernel.exchange.Exchange``) and is redacted with
  ``redact`` before it is written.
- Each line is written and flushed as soon as its response is complete; SIGINT and SIGTERM run
  ``done()``, so a stopped proxy loses no completed flow.
- Header names are lowercased; repeated headers are joined with ", ".
- Bodies above the cap are not kept (``body_truncated`` is true); responses whose declared length
  is above the cap, and server-sent event streams, are streamed through instead of buffered.
- An event stream is written as soon as its headers arrive (it may stay open for the whole
  capture); a response whose body is cut off (client gone, server hung up) is still written,
  its body marked truncated. A websocket is written as its ``101`` handshake; frames are not kept.
- Each message carries an extra ``http_version`` (``"HTTP/2.0"``...), which the Exchange model
  ignores: the request's is what the client spoke to the proxy, the response's what the server spoke.
- Chromium's background and update hosts are left out (``DEFAULT_EXCLUDE_HOSTS``).
- Headers named in ``wiretable_redact_headers`` (the user's extra credential headers) are hidden
  whatever their name looks like, and every value listed in the ``WIRETABLE_REDACT_VALUES``
  environment variable (a JSON list; the environment keeps it off the command line) is replaced
  wherever it appears in a record.
- With ``wiretable_block_private``, connections to private, loopback and link-local addresses are
  refused: each upstream host is resolved once, refused unless every address is public, and the
  connection is pinned to the checked address (TLS still sends the host name), so redirects and
  DNS rebinding cannot reach the private network (``pinning``).
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any

# mitmdump loads this file as a script, outside the ``capture`` package: pinning.py is found
# beside it, and the redactor (standard library only) is loaded from ``kernel/redact.py`` by its path,
# after ``kernel/markers.py``, which it uses (the pseudonym key is made once, in this process).
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.append(_HERE)

import pinning  # noqa: E402


def _load_kernel_file(name: str) -> ModuleType:
    module = sys.modules.get(f"wiretable_{name}")
    if module is None:
        spec = importlib.util.spec_from_file_location(f"wiretable_{name}", Path(_HERE).parent / "kernel" / f"{name}.py")
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load kernel/{name}.py beside capture/")
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"wiretable_{name}"] = module
        spec.loader.exec_module(module)
    return module


_load_kernel_file("markers")
redact = _load_kernel_file("redact")

if TYPE_CHECKING:
    from mitmproxy import http
    from mitmproxy.addonmanager import Loader

logger = logging.getLogger("wiretable.capture")

DEFAULT_BODY_CAP = 2_000_000
# Non-JSON text is kept up to this many bytes; HTML only as a short prefix.
TEXT_LIMIT = 64 * 1024
HTML_PREFIX = 2 * 1024
DEFAULT_EXCLUDE_HOSTS: tuple[str, ...] = (
    "update.googleapis.com",
    "*-pa.googleapis.com",
    "safebrowsing*.googleapis.com",
    "clientservices.googleapis.com",
    "content-autofill.googleapis.com",
    "www.googleapis.com",
    "*.gvt1.com",
    "gvt1.com",
    "clients*.google.com",
    "accounts.google.com",
    "*.gstatic.com",
)

_JSON_SNIFF_TYPES = frozenset({"", "text/plain", "application/octet-stream", "text/javascript"})
_STATIC_TYPES = frozenset(
    {"text/css", "text/javascript", "application/javascript", "application/x-javascript"}
)
_TEXT_TYPES = frozenset(
    {
        "application/xml",
        "application/x-www-form-urlencoded",
        "application/graphql",
        "application/x-ndjson",
        "application/jsonl",
        "application/yaml",
        "application/x-yaml",
        "application/csv",
    }
)


def media_type(content_type: str | None) -> str | None:
    """``"application/json"`` from ``"Application/JSON; charset=utf-8"``; None when absent."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _charset(content_type: str | None) -> str:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
            try:
                "".encode(charset)
            except LookupError:
                break
            return charset
    return "utf-8"


def _is_json_type(media: str) -> bool:
    return media == "application/json" or media.endswith("+json") or media.endswith("/json")


def _is_text_type(media: str) -> bool:
    return media.startswith("text/") or media in _TEXT_TYPES or media.endswith("+xml")


def convert_body(
    content: bytes | None, content_type: str | None, *, body_cap: int, truncated: bool = False
) -> tuple[Any, str | None, bool]:
    """``(body, body_text, body_truncated)`` for one message's decoded content, redacted.

    JSON (by content type, or sniffed from untyped or plain-text bodies) becomes ``body``;
    Python's json keeps big integers exact. Other textual bodies become ``body_text``, HTML only
    as a short prefix. Scripts, styles and binary bodies keep nothing. ``truncated`` says the
    content was not captured in full (for example, it was streamed through).
    """
    if content is None:
        return None, None, truncated
    media = media_type(content_type) or ""
    over_cap = len(content) > body_cap
    truncated = truncated or over_cap
    looks_json = content.lstrip()[:1] in (b"{", b"[")
    if not content or (media in _STATIC_TYPES and not looks_json):
        return None, None, truncated
    sniff = media in _JSON_SNIFF_TYPES and looks_json
    if (_is_json_type(media) or sniff) and not over_cap:
        try:
            parsed = json.loads(content.decode(_charset(content_type), errors="strict"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            pass
        else:
            if not redact.json_depth_ok(parsed):
                return None, None, True  # too deeply nested to keep
            return redact.redact_body(parsed), None, truncated
    if over_cap and (_is_json_type(media) or sniff):
        return None, None, truncated  # a JSON prefix cannot be parsed; keep nothing
    if not (_is_text_type(media) or _is_json_type(media) or sniff):
        return None, None, truncated
    limit = HTML_PREFIX if media in ("text/html", "application/xhtml+xml") else TEXT_LIMIT
    limit = min(limit, body_cap)
    text = content[:limit].decode(_charset(content_type), errors="replace")
    return None, redact.redact_document(text), truncated or len(content) > limit


def join_headers(fields: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers as a dict with lowercased names; repeated headers joined with ", "."""
    headers: dict[str, str] = {}
    for name, value in fields:
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def message_record(
    fields: Iterable[tuple[str, str]], content: bytes | None, *, body_cap: int, truncated: bool = False
) -> dict[str, Any]:
    headers = join_headers(fields)
    content_type = headers.get("content-type")
    body, body_text, body_truncated = convert_body(
        content, content_type, body_cap=body_cap, truncated=truncated
    )
    return {
        "headers": redact.redact_headers(headers),
        "content_type": media_type(content_type),
        "body": body,
        "body_text": body_text,
        "body_truncated": body_truncated,
    }


def exchange_record(
    *,
    flow_id: str,
    started: float,
    ended: float | None,
    method: str,
    url: str,
    request_headers: Sequence[tuple[str, str]],
    request_content: bytes | None,
    status: int,
    response_headers: Sequence[tuple[str, str]],
    response_content: bytes | None,
    body_cap: int = DEFAULT_BODY_CAP,
    request_truncated: bool = False,
    response_truncated: bool = False,
    request_http_version: str | None = None,
    response_http_version: str | None = None,
) -> dict[str, Any]:
    """One redacted Exchange (as plain JSON-ready data) from the plain parts of a flow.

    ``started`` and ``ended`` are Unix timestamps; content is the decoded body bytes, or None
    when the body was streamed through and not kept. The HTTP versions, when given, are added
    as an extra ``http_version`` field of each message (``"HTTP/2.0"``; the request's is what
    the client spoke to the proxy, the response's what the server spoke); the Exchange model
    ignores it.
    """
    request = message_record(request_headers, request_content, body_cap=body_cap, truncated=request_truncated)
    response = message_record(
        response_headers, response_content, body_cap=body_cap, truncated=response_truncated
    )
    if request_http_version:
        request["http_version"] = request_http_version
    if response_http_version:
        response["http_version"] = response_http_version
    referer = request["headers"].get("referer")  # already redacted
    duration = max(0.0, (ended - started) * 1000.0) if ended is not None else 0.0
    return {
        "id": flow_id,
        "started_at": datetime.fromtimestamp(started, UTC).isoformat(),
        "duration_ms": round(duration, 3),
        "source": "proxy",
        "page_url": referer or None,
        "request": {"method": method.upper(), "url": redact.redact_url(url), **request},
        "response": {"status": status, **response},
    }


def encode_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def host_excluded(host: str, patterns: Sequence[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(fnmatch.fnmatchcase(host, pattern.lower()) for pattern in patterns)


def hide_headers(record: dict[str, Any], names: frozenset[str]) -> None:
    """Replace the values of the headers named in ``names`` (lowercase) in both messages."""
    for part in ("request", "response"):
        headers = record[part]["headers"]
        for name in headers:
            if name in names:
                headers[name] = redact.marker(headers[name], fixed=True)


def scrub_values(value: Any, secrets: Sequence[str]) -> Any:
    """``value`` with every occurrence of a secret (also percent-encoded) replaced by a marker."""
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, redact.marker(secret, fixed=True))
            quoted = _quote(secret)
            if quoted != secret and quoted in value:
                value = value.replace(quoted, redact.marker(secret, fixed=True))
        return value
    if isinstance(value, dict):
        return {scrub_values(k, secrets): scrub_values(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_values(item, secrets) for item in value]
    return value


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def secrets_from_env(environ: dict[str, str] | None = None) -> tuple[str, ...]:
    raw = (environ if environ is not None else os.environ).get("WIRETABLE_REDACT_VALUES", "")
    if not raw:
        return ()
    try:
        values = json.loads(raw)
    except ValueError:
        return ()
    if not isinstance(values, list):
        return ()
    return tuple(sorted({v for v in values if isinstance(v, str) and v}, key=len, reverse=True))


def _flow_record(flow: http.HTTPFlow, body_cap: int) -> dict[str, Any]:
    request, response = flow.request, flow.response
    assert response is not None
    # Streamed bodies (see responseheaders and mitmproxy's stream_large_bodies) were not kept,
    # nor were the bodies of responses cut off by an error.
    request_streamed = bool(request.stream)
    streamed = bool(flow.metadata.get("wiretable_streamed") or response.stream)
    return exchange_record(
        flow_id=flow.id,
        started=request.timestamp_start,
        ended=response.timestamp_end or response.timestamp_start,
        method=request.method,
        url=request.pretty_url,
        request_headers=list(request.headers.items(multi=True)),
        request_content=None if request_streamed else request.get_content(strict=False),
        status=response.status_code,
        response_headers=list(response.headers.items(multi=True)),
        response_content=None if streamed else response.get_content(strict=False),
        body_cap=body_cap,
        request_truncated=request_streamed,
        response_truncated=streamed,
        request_http_version=request.http_version or None,
        response_http_version=response.http_version or None,
    )


class ExchangeWriter:
    """Writes Exchange lines to ``out`` (tests pass a StringIO) or to the ``wiretable_out`` file."""

    def __init__(self, out: IO[str] | None = None) -> None:
        self._out = out
        self._owned: IO[str] | None = None
        self.body_cap = DEFAULT_BODY_CAP
        self.exclude_hosts: tuple[str, ...] = DEFAULT_EXCLUDE_HOSTS
        self.hidden_headers: frozenset[str] = frozenset()
        self.secrets: tuple[str, ...] = secrets_from_env()
        self.block_private = False
        self.written = 0

    def load(self, loader: Loader) -> None:
        loader.add_option("wiretable_out", str, "", "File that receives one Exchange JSON line per flow.")
        loader.add_option(
            "wiretable_body_cap", int, DEFAULT_BODY_CAP, "Bodies larger than this many bytes are not kept."
        )
        loader.add_option(
            "wiretable_exclude_hosts",
            Sequence[str],
            list(DEFAULT_EXCLUDE_HOSTS),
            "Host patterns (fnmatch) whose traffic is not written; setting it replaces the defaults.",
        )
        loader.add_option(
            "wiretable_redact_headers", Sequence[str], [], "Header names whose values are always hidden."
        )
        loader.add_option(
            "wiretable_block_private", bool, False, "Refuse connections to private and loopback addresses."
        )

    def configure(self, updated: set[str]) -> None:
        from mitmproxy import ctx, exceptions

        options = ctx.options
        if "wiretable_body_cap" in updated:
            if options.wiretable_body_cap <= 0:
                raise exceptions.OptionsError(
                    f"wiretable_body_cap must be a positive number of bytes, not {options.wiretable_body_cap}"
                )
            self.body_cap = options.wiretable_body_cap
        if "wiretable_exclude_hosts" in updated:
            self.exclude_hosts = tuple(p.strip() for p in options.wiretable_exclude_hosts if p.strip())
        if "wiretable_redact_headers" in updated:
            self.hidden_headers = frozenset(n.strip().lower() for n in options.wiretable_redact_headers if n.strip())
        if "wiretable_block_private" in updated:
            self.block_private = bool(options.wiretable_block_private)
        if "wiretable_out" in updated and options.wiretable_out:
            self._close()
            path = Path(options.wiretable_out).expanduser()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._owned = path.open("a", encoding="utf-8", buffering=1)
            except OSError as exc:
                raise exceptions.OptionsError(f"cannot open wiretable_out {path}: {exc}") from exc
            self._out = self._owned

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        """Stream event streams and bodies over the cap instead of buffering them."""
        response = flow.response
        if response is None:
            return
        declared = response.headers.get("content-length", "")
        too_big = declared.isdigit() and int(declared) > self.body_cap
        event_stream = media_type(response.headers.get("content-type")) == "text/event-stream"
        if too_big or event_stream:
            response.stream = True
            flow.metadata["wiretable_streamed"] = True
        if event_stream:
            # An event stream may stay open for the whole capture, or be cut when its page goes
            # away; its events are not kept, so it is written as soon as its headers arrive.
            self._write_flow(flow)

    def response(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None:
            self._write_flow(flow)

    def _write_flow(self, flow: http.HTTPFlow) -> None:
        """Write the flow's exchange once (event streams are written before they end)."""
        if self._out is None or flow.metadata.get("wiretable_written"):
            return
        if host_excluded(flow.request.pretty_host, self.exclude_hosts):
            return
        flow.metadata["wiretable_written"] = True
        self.write(_flow_record(flow, self.body_cap))

    def server_connect(self, data: Any) -> None:
        """With ``wiretable_block_private``, refuse upstreams that are not public, and connect to
        the very address that was checked (see ``pinning``)."""
        if not self.block_private or not data.server.address:
            return
        host, port = str(data.server.address[0]), int(data.server.address[1])
        try:
            address = pinning.pin(host)
        except pinning.Refused as exc:
            data.server.error = str(exc)
            return
        if address != host.strip("[]"):
            if data.server.sni is None:
                data.server.sni = host  # TLS names the host, not the pinned address
            data.server.address = (address, port)

    def error(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None:
            # The answer began but its body was cut off (the client left, the server hung up):
            # the exchange is written with its body marked as not kept.
            flow.metadata["wiretable_streamed"] = True
            self._write_flow(flow)
            return
        if flow.error is not None:
            logger.info(
                "not captured, the request failed: %s %s: %s",
                flow.request.method,
                redact.redact_url(flow.request.pretty_url),
                flow.error.msg,
            )

    def write(self, record: dict[str, Any]) -> None:
        assert self._out is not None
        if self.hidden_headers:
            hide_headers(record, self.hidden_headers)
        if self.secrets:
            record = scrub_values(record, self.secrets)
        self._out.write(encode_line(record))
        self._out.flush()
        self.written += 1

    def done(self) -> None:
        self._close()

    def _close(self) -> None:
        if self._owned is not None:
            self._owned.close()
            if self._out is self._owned:
                self._out = None
            self._owned = None


addons = [ExchangeWriter()]
