"""The reading side of ``wiretable infer`` on a HAR file: light exchanges, bodies decoded only
where inference will read them. Split from :mod:`capture.har`, which re-exports these names."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import signal
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from capture import redact
from capture.har import (
    _DIGIT_MAP,
    _JSONISH,
    _TEXTUAL,
    _TWENTY_DIGITS,
    MAX_JSON_BODY,
    MAX_TEXT_BODY,
    _body,
    _content_text,
    _dict,
    _header,
    _headers,
    _iter_entries,
    _str,
)
from wiretable.errors import CaptureError


class LightMessage:
    """The few fields of a request or response that schema inference reads."""

    __slots__ = ("body", "body_truncated", "content_type", "method", "status", "url")

    def __init__(self, method: str = "GET", url: str = "", status: int = 0, content_type: str | None = None,
                 body: Any = None, body_truncated: bool = False) -> None:
        self.method, self.url, self.status, self.content_type = method, url, status, content_type
        self.body, self.body_truncated = body, body_truncated


class LightExchange:
    """A redacted exchange reduced to what inference reads (duck-compatible with Exchange).
    ``passed`` is the reader's ``wanted`` test when this exchange passed it (it need not be
    applied again), else None."""

    __slots__ = ("passed", "request", "response")

    def __init__(self, request: LightMessage, response: LightMessage,
                 passed: Callable[[str, str, int, str | None], bool] | None = None) -> None:
        self.request, self.response, self.passed = request, response, passed


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
        method, url, status, content, mime = _entry_head(entry)
        if not wanted(method, url, status, mime or None):
            yield _SKIPPED
            continue
        body, _text, truncated = _body(_content_text(content, mime), mime)
        yield LightExchange(
            LightMessage(method, redact.redact_url(url)),
            LightMessage(status=status, content_type=mime or None, body_truncated=truncated,
                         body=body),
            wanted,
        )


def _entry_head(entry: dict[str, Any]) -> tuple[str, str, int, dict[str, Any], str | None]:
    """What both readers look at before deciding on an entry: its method, unredacted URL, status,
    response ``content`` object and response media type (``""`` or None when it has none)."""
    req, resp = _dict(entry.get("request")), _dict(entry.get("response"))
    raw_status = resp.get("status")
    content = _dict(resp.get("content"))
    return ((_str(req.get("method")) or "GET").upper(), _str(req.get("url")) or "",
            raw_status if type(raw_status) is int else 0, content,
            _str(content.get("mimeType")) or _header(_headers(resp.get("headers")), "content-type"))


#: Files smaller than this are read in one process: a second one would not pay for itself.
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
_BATCH_ITEMS = 256
_BATCH_BYTES = 1 << 21
_FRAME = struct.Struct("<Q")

#: What the reading process sends per entry: None (skipped), or (method, url, status, mime,
#: body bytes for orjson or None, parsed body, truncated, truncated if the bytes are no JSON).
_Item = tuple[str, str, int, str | None, bytes | None, Any, bool, bool] | None


def iter_har_for_inference_parallel(path: Path | str,
                                    wanted: Callable[[str, str, int, str | None], bool]) -> Iterator[LightExchange]:
    """:func:`iter_har_for_inference` with the reading in a second process.

    A forked child scans the HAR, filters and redacts URLs and prepares each wanted body (UTF-8
    bytes checked for over-long integers); this process parses the bodies with orjson while the
    child reads ahead, so reading overlaps with inference. The exchanges, their order and the
    errors (a malformed file's :class:`CaptureError`, raised after the entries before the damage)
    are those of :func:`iter_har_for_inference`. The child ends with the iteration, however it
    ends (exhausted, closed, an exception, Ctrl-C). Small files, and platforms without ``fork``,
    are read in this process.
    """
    path = Path(path)
    try:
        small = path.stat().st_size < PARALLEL_MIN_BYTES
    except OSError:
        small = True  # the serial reader reports the problem
    if small or not hasattr(os, "fork"):
        yield from iter_har_for_inference(path, wanted)
        return
    read_fd, write_fd = os.pipe()
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl  # a larger pipe buffer: fewer switches between the processes (Linux)

        fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves with os._exit, coverage never sees it
        os.close(read_fd)
        _read_ahead(path, wanted, write_fd)
    os.close(write_fd)
    reaped = False
    try:
        with open(read_fd, "rb", buffering=1 << 20) as pipe:
            while True:
                message = _receive(pipe, path)
                if message[0] != "items":
                    break
                for item in message[1]:
                    yield _SKIPPED if item is None else _exchange(item, wanted)
        _pid, status = os.waitpid(pid, 0)
        reaped = True
        if message[0] == "error":
            raise CaptureError(message[1], **message[2])
        if message[0] == "failed":
            raise RuntimeError(f"reading {path} failed: {message[1]}")
    finally:
        if not reaped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _exchange(item: tuple[str, str, int, str | None, bytes | None, Any, bool, bool],
              wanted: Callable[[str, str, int, str | None], bool]) -> LightExchange:
    method, url, status, mime, data, body, truncated, text_truncated = item
    if data is not None:
        try:
            body = orjson.loads(data)
        except orjson.JSONDecodeError:
            body, truncated = _body_from_text(data.decode(), text_truncated)
    return LightExchange(LightMessage(method, url),
                         LightMessage(status=status, content_type=mime, body_truncated=truncated, body=body),
                         wanted)


def _body_from_text(text: str, text_truncated: bool) -> tuple[Any, bool]:
    """What ``_body`` makes of JSON-looking text that orjson refused (NaN, lone surrogates)."""
    try:
        return json.loads(text), False
    except (json.JSONDecodeError, RecursionError):
        return None, text_truncated


def _receive(pipe: IO[bytes], path: Path) -> tuple[Any, ...]:
    head = pipe.read(_FRAME.size)
    size = _FRAME.unpack(head)[0] if len(head) == _FRAME.size else 0
    data = pipe.read(size) if size else b""
    if not size or len(data) < size:
        raise CaptureError(f"{path}: the reading process ended unexpectedly", path=str(path))
    message: tuple[Any, ...] = pickle.loads(data)
    return message


def _read_ahead(path: Path, wanted: Callable[[str, str, int, str | None], bool],
                fd: int) -> None:  # pragma: no cover - runs in the forked child
    """The child's whole life: send batches of prepared entries, then how reading ended."""
    code = 0
    try:
        # Ctrl-C reaches the parent, which ends the child; a parent that dies instead leaves it a
        # broken pipe at its next write.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        gc.disable()  # entries die by reference counting; the parent's objects stay shared
        with open(fd, "wb") as out:
            try:
                batch: list[_Item] = []
                size = 0
                for item in _prepared(path, wanted):
                    batch.append(item)
                    if item is not None and item[4] is not None:
                        size += len(item[4])
                    if len(batch) >= _BATCH_ITEMS or size >= _BATCH_BYTES:
                        _send(out, ("items", batch))
                        batch, size = [], 0
                _send(out, ("items", batch))
                _send(out, ("end",))
            except CaptureError as exc:
                _send(out, ("items", batch))
                _send(out, ("error", exc.message, exc.context))
            except Exception as exc:  # reported by the parent, which owns the error handling
                _send(out, ("items", batch))
                _send(out, ("failed", f"{type(exc).__name__}: {exc}"))
    except BaseException:  # the parent went away (broken pipe) or a signal: nothing to tell
        code = 1
    finally:
        os._exit(code)


def _send(out: IO[bytes], message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_FRAME.pack(len(data)))
    out.write(data)
    out.flush()


def _prepared(path: Path, wanted: Callable[[str, str, int, str | None], bool]) -> Iterator[_Item]:
    """The scanning half of :func:`iter_har_for_inference`; bodies are prepared, not parsed."""
    for _index, entry, _pages in _iter_entries(path):
        method, url, status, content, mime = _entry_head(entry)
        if not wanted(method, url, status, mime or None):
            yield None
            continue
        text = _content_text(content, mime)
        data = _json_bytes(text, mime)
        if data is not None:
            assert text is not None
            text_truncated = not (mime and not _TEXTUAL.search(mime)) and len(text) > MAX_TEXT_BODY
            yield method, redact.redact_url(url), status, mime or None, data, None, False, text_truncated
        else:
            body, _text, truncated = _body(text, mime)
            yield method, redact.redact_url(url), status, mime or None, None, body, truncated, False


def _json_bytes(text: str | None, mime: str | None) -> bytes | None:
    """The UTF-8 of a body that ``_body`` would hand to orjson, else None (``_body`` decides)."""
    if not text or len(text) > MAX_JSON_BODY:
        return None
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] not in ("{", "[") or not (not mime or _JSONISH.search(mime) or "+json" in mime):
        return None
    try:
        data = stripped.encode()
    except UnicodeEncodeError:
        return None
    return None if data.translate(_DIGIT_MAP).find(_TWENTY_DIGITS) >= 0 else data
