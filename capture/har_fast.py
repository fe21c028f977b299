"""The reading side of ``wiretable infer`` on a HAR file: light exchanges, bodies decoded only
where inference will read them. Split from :mod:`capture.har`, which re-exports these names."""

from __future__ import annotations

import array
import atexit
import collections
import contextlib
import gc
import json
import mmap
import os
import pickle
import select
import signal
import struct
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from capture import redact

try:
    import fcntl
    import termios
except ImportError:  # pragma: no cover - not POSIX: files are read in one process anyway
    pass
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
from kernel.errors import CaptureError


class LightMessage:
    """The few fields of a request or response that schema inference reads."""

    __slots__ = ("body", "body_truncated", "content_type", "method", "status", "url")

    def __init__(self, method: str = "GET", url: str = "", status: int = 0, content_type: str | None = None,
                 body: Any = None, body_truncated: bool = False) -> None:
        self.method, self.url, self.status, self.content_type = method, url, status, content_type
        self.body, self.body_truncated = body, body_truncated


class LazyResponse:
    """A response whose JSON body is parsed when first read: inference may never need it (see
    ``digest`` in :func:`iter_har_for_inference_parallel`)."""

    __slots__ = ("_body", "_data", "_text_truncated", "_truncated", "content_type", "status")

    method, url = "GET", ""

    def __init__(self, status: int, content_type: str | None, data: bytes, text_truncated: bool) -> None:
        self.status, self.content_type = status, content_type
        self._data: bytes | None = data
        self._text_truncated = text_truncated
        self._body: Any = None
        self._truncated = False

    def _load(self) -> None:
        if self._data is not None:
            self._body, self._truncated = _parse_json(self._data, self._text_truncated)
            self._data = None

    @property
    def body(self) -> Any:
        self._load()
        return self._body

    @property
    def body_truncated(self) -> bool:
        self._load()
        return self._truncated


class LightExchange:
    """A redacted exchange reduced to what inference reads (duck-compatible with Exchange).
    ``passed`` is the reader's ``wanted`` test when this exchange passed it (it need not be
    applied again), else None; ``digest`` what the reading process made of it, if anything."""

    __slots__ = ("digest", "passed", "request", "response")

    def __init__(self, request: LightMessage, response: LightMessage | LazyResponse,
                 passed: Callable[[str, str, int, str | None], bool] | None = None, digest: Any = None) -> None:
        self.request, self.response, self.passed, self.digest = request, response, passed, digest


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
_BATCH_ITEMS = 64
_BATCH_BYTES = 1 << 19
_PIPE_BYTES = 1 << 20
#: The reading process digests a body when at least this much it sent is still unread.
DIGEST_BACKLOG = 1 << 18
#: How much the reading process holds for the parent beyond what the pipe holds.
_QUEUE_BYTES = 64 << 20
_FRAME = struct.Struct("<Q")

#: What the reading process sends per entry: None (skipped), or (method, url, status, mime,
#: body bytes for orjson or None, parsed body, truncated, truncated if the bytes are no JSON,
#: digest or None).
_Prepared = tuple[str, str, int, str | None, bytes | None, Any, bool, bool, Any]
_Item = _Prepared | None


def iter_har_for_inference_parallel(path: Path | str,
                                    wanted: Callable[[str, str, int, str | None], bool],
                                    digest: Callable[[LightExchange], Any] | None = None) -> ParallelReader:
    """:func:`iter_har_for_inference` with the reading in a second process.

    A forked child scans the HAR, filters and redacts URLs and prepares each wanted body (UTF-8
    bytes checked for over-long integers); this process parses the bodies with orjson while the
    child reads ahead, so reading overlaps with inference. The exchanges, their order and the
    errors (a malformed file's :class:`CaptureError`, raised after the entries before the damage)
    are those of :func:`iter_har_for_inference`. The child ends with the iteration, however it
    ends (exhausted, closed, an exception, Ctrl-C). Small files, and platforms without ``fork``,
    are read in this process.

    ``digest``, when given, runs in the child on a parsed exchange whenever this process lags
    behind (``DIGEST_BACKLOG`` bytes sent and not yet read) and the consumer has said that it
    takes digests (:meth:`ParallelReader.welcome_digests`): what it returns (not None; it must
    pickle) arrives as the exchange's ``digest``, with a body parsed only if it is read.
    """
    return ParallelReader(Path(path), wanted, digest)


class ParallelReader(Iterator[LightExchange]):
    """The exchanges of :func:`iter_har_for_inference_parallel`."""

    def __init__(self, path: Path, wanted: Callable[[str, str, int, str | None], bool],
                 digest: Callable[[LightExchange], Any] | None) -> None:
        # The generator shares the switch, not this object: no reference cycle, so a reader
        # dropped half-way is closed (and its process stopped) at once.
        self._welcome = _Switch()
        self._items = _read_parallel(path, wanted, digest, self._welcome)

    def __next__(self) -> LightExchange:
        return next(self._items)

    def close(self) -> None:
        """Stop reading (the reading process ends)."""
        self._items.close()

    def welcome_digests(self) -> None:
        """From now on the consumer takes digests: until then the reading process makes none
        (they would be wasted work), however far behind this process is."""
        self._welcome.turn_on()


class _Switch:
    """On or off, and the shared byte of a reading process that follows it (once there is one)."""

    def __init__(self) -> None:
        self.on = False
        self.shared: mmap.mmap | None = None

    def turn_on(self) -> None:
        self.on = True
        if self.shared is not None:
            self.shared[0] = 1

    def follow(self, shared: mmap.mmap) -> None:
        self.shared = shared
        if self.on:
            shared[0] = 1


def _read_parallel(path: Path, wanted: Callable[[str, str, int, str | None], bool],
                   digest: Callable[[LightExchange], Any] | None,
                   welcome: _Switch) -> Generator[LightExchange, None, None]:
    reading = _take_started(path, wanted, digest)
    if reading is None:
        try:
            small = path.stat().st_size < PARALLEL_MIN_BYTES
        except OSError:
            small = True  # the serial reader reports the problem
        if small or not hasattr(os, "fork"):
            yield from iter_har_for_inference(path, wanted)
            return
        reading = _fork_reader(path, wanted, digest)
    welcome.follow(reading.welcome)
    reaped = False
    try:
        # Unbuffered: what the child sent and this process has not taken stays in the pipe,
        # where the child sees how far behind this process is.
        with open(reading.read_fd, "rb", buffering=0) as pipe:
            while True:
                message = _receive(pipe, path)
                if message[0] != "items":
                    break
                for item in message[1]:
                    yield _SKIPPED if item is None else _exchange(item, wanted)
        _pid, status = os.waitpid(reading.pid, 0)
        reaped = True
        if message[0] == "error":
            raise CaptureError(message[1], **message[2])
        if message[0] == "failed":
            raise RuntimeError(f"reading {path} failed: {message[1]}")
    finally:
        if not reaped:
            _stop(reading.pid)


class _Reading:
    """A reading process: its pid, the read end of its pipe and the shared byte through which
    it is told that digests are welcome."""

    def __init__(self, pid: int, read_fd: int, welcome: mmap.mmap) -> None:
        self.pid, self.read_fd, self.welcome = pid, read_fd, welcome


def _fork_reader(path: Path, wanted: Callable[[str, str, int, str | None], bool],
                 digest: Callable[[LightExchange], Any] | None) -> _Reading:
    """Fork the reading process."""
    welcome = mmap.mmap(-1, 1)  # anonymous and shared: the parent writes it, the child reads it
    read_fd, write_fd = os.pipe()
    with contextlib.suppress(NameError, AttributeError, OSError):
        # a larger pipe buffer: fewer switches between the processes (Linux)
        fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves with os._exit, coverage never sees it
        os.close(read_fd)
        _read_ahead(path, wanted, write_fd, digest, welcome)
    os.close(write_fd)
    return _Reading(pid, read_fd, welcome)


class _Started:
    """A reading process started by :func:`start_reading` and not yet taken over."""

    def __init__(self, reading: _Reading, identity: tuple[int, ...],
                 wanted: Callable[[str, str, int, str | None], bool], digest_type: type | None) -> None:
        self.reading, self.identity = reading, identity
        self.wanted, self.digest_type = wanted, digest_type


_started: _Started | None = None


def _identity(path: Path) -> tuple[int, ...] | None:
    """Which file ``path`` is, and its version: device, inode, size and modification time."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def start_reading(path: Path | str, wanted: Callable[[str, str, int, str | None], bool],
                  digest: Callable[[LightExchange], Any] | None = None) -> bool:
    """Start the reading process of :func:`iter_har_for_inference_parallel` now, before the
    caller has loaded what it needs to take the exchanges (the command line, inference).

    The first later ``iter_har_for_inference_parallel`` call for the same file, unchanged, with
    the same ``wanted`` function and a ``digest`` of the same type takes the process over;
    any other call forks its own, and the unused one is stopped (so is one never taken, at
    exit or by :func:`stop_started`). False when nothing was started: a small or missing file,
    no ``fork``, or a process already waiting.
    """
    global _started
    path = Path(path)
    identity = _identity(path)
    if _started or identity is None or identity[2] < PARALLEL_MIN_BYTES or not hasattr(os, "fork"):
        return False
    reading = _fork_reader(path, wanted, digest)
    _started = _Started(reading, identity, wanted, type(digest) if digest is not None else None)
    return True


def stop_started() -> None:
    """Stop a reading process that :func:`start_reading` started and nothing took over."""
    global _started
    if _started is not None:
        reading, _started = _started.reading, None
        _stop(reading.pid)
        with contextlib.suppress(OSError):
            os.close(reading.read_fd)


atexit.register(stop_started)


def _take_started(path: Path, wanted: Callable[[str, str, int, str | None], bool],
                  digest: Callable[[LightExchange], Any] | None) -> _Reading | None:
    """The started reading process, when it reads what this call asks for."""
    global _started
    started = _started
    if started is None:
        return None
    if (started.wanted is wanted and started.digest_type is (type(digest) if digest is not None else None)
            and started.identity == _identity(path)):
        _started = None
        return started.reading
    stop_started()
    return None


def _stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _exchange(item: _Prepared,
              wanted: Callable[[str, str, int, str | None], bool]) -> LightExchange:
    method, url, status, mime, data, body, truncated, text_truncated, digest = item
    if digest is not None and data is not None:
        return LightExchange(LightMessage(method, url), LazyResponse(status, mime, data, text_truncated),
                             wanted, digest)
    if data is not None:
        body, truncated = _parse_json(data, text_truncated)
    return LightExchange(LightMessage(method, url),
                         LightMessage(status=status, content_type=mime, body_truncated=truncated, body=body),
                         wanted)


def _parse_json(data: bytes, text_truncated: bool) -> tuple[Any, bool]:
    """The body and its truncation flag, as ``_body`` gives them, from a body's JSON bytes."""
    try:
        return orjson.loads(data), False
    except orjson.JSONDecodeError:
        pass
    try:  # JSON-looking text that orjson refused (NaN, lone surrogates)
        return json.loads(data.decode()), False
    except (json.JSONDecodeError, RecursionError):
        return None, text_truncated


def _receive(pipe: IO[bytes], path: Path) -> tuple[Any, ...]:
    head = _read_exactly(pipe, _FRAME.size)
    size = _FRAME.unpack(head)[0] if len(head) == _FRAME.size else 0
    data = _read_exactly(pipe, size) if size else b""
    if not size or len(data) < size:
        raise CaptureError(f"{path}: the reading process ended unexpectedly", path=str(path))
    message: tuple[Any, ...] = pickle.loads(data)
    return message


def _read_exactly(pipe: IO[bytes], size: int) -> bytes | bytearray:
    """``size`` bytes from an unbuffered pipe, or fewer when it ends first."""
    data = pipe.read(size)
    if data is None or len(data) == size:
        return data or b""
    buffer = bytearray(data)
    while len(buffer) < size:
        more = pipe.read(size - len(buffer))
        if not more:
            break
        buffer += more
    return buffer


def _read_ahead(path: Path, wanted: Callable[[str, str, int, str | None], bool], fd: int,
                digest: Callable[[LightExchange], Any] | None, welcome: mmap.mmap) -> None:  # pragma: no cover - runs in the forked child
    """The child's whole life: send batches of prepared entries, then how reading ended."""
    code = 0
    try:
        # Ctrl-C reaches the parent, which ends the child; a parent that dies instead leaves it a
        # broken pipe at its next write.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        gc.disable()  # entries die by reference counting; the parent's objects stay shared
        out = _Sender(fd, welcome, None if digest is None else lambda item: _digested(item, wanted, digest))
        batch: list[_Item] = []
        size = 0
        tried = False
        try:
            for item in _prepared(path, wanted):
                if digest is not None and item is not None and item[4] is not None and out.digesting():
                    tried = True
                    if out.lagging():
                        item = _digested(item, wanted, digest)
                batch.append(item)
                if item is not None and item[4] is not None:
                    size += len(item[4])
                if len(batch) >= _BATCH_ITEMS or size >= _BATCH_BYTES:
                    out.send(("items", batch), tried)
                    out.catch_up()
                    batch, size, tried = [], 0, False
            out.send(("items", batch), tried)
            out.send(("end",), True)
        except CaptureError as exc:
            out.send(("items", batch), True)
            out.send(("error", exc.message, exc.context), True)
        except Exception as exc:  # reported by the parent, which owns the error handling
            out.send(("items", batch), True)
            out.send(("failed", f"{type(exc).__name__}: {exc}"), True)
        out.close()
    except BaseException:  # the parent went away (broken pipe) or a signal: nothing to tell
        code = 1
    finally:
        os._exit(code)


def _backlog(fd: int) -> int:
    """Bytes written to the pipe and not yet read (0 where the platform cannot tell)."""
    count = array.array("i", [0])
    try:
        fcntl.ioctl(fd, termios.FIONREAD, count)
    except (OSError, NameError):
        return 0
    return count[0]


def _digested(item: _Prepared,
              wanted: Callable[[str, str, int, str | None], bool],
              digest: Callable[[LightExchange], Any]) -> _Item:  # pragma: no cover - runs in the forked child
    """The item with its digest, or as it was when its body is no JSON or it has no digest."""
    method, url, status, mime, data, _body, _truncated, text_truncated, _digest = item
    assert data is not None
    try:
        body = orjson.loads(data)
        exchange = LightExchange(LightMessage(method, url), LightMessage(status=status, content_type=mime, body=body),
                                 wanted)
        made = digest(exchange)
    except Exception:  # noqa: BLE001 - the parent reads this body itself, and reports any problem
        return item
    return item if made is None else (method, url, status, mime, data, None, False, text_truncated, made)


class _Sender:
    """The child's end of the pipe.

    Batches that the pipe cannot take yet wait in memory (up to ``_QUEUE_BYTES`` of bodies), so
    that reading goes on while the parent is busy: loading its modules at the start, or working
    through a slow stretch. Once digests are welcome, waiting batches read before that are
    digested while they wait (:meth:`catch_up`), as new ones are when the parent lags.
    """

    def __init__(self, fd: int, welcome: mmap.mmap, digest: Callable[[_Prepared], _Item] | None) -> None:
        self.fd = fd
        self.welcome = welcome
        self.digest = digest
        #: Messages not yet pickled, each with whether its bodies had their chance of a digest
        #: and the size of its bodies.
        self.waiting: collections.deque[tuple[tuple[Any, ...], bool, int]] = collections.deque()
        self.waiting_bytes = 0
        self.untried = 0  # waiting messages whose bodies have not had their chance
        self.out = memoryview(b"")  # what is left to write of the pickled message at the front
        os.set_blocking(fd, False)

    def digesting(self) -> bool:
        """Whether a body read now has its chance of a digest: digests are welcome and no
        waiting batch is still to have its chance. (Digests are made in the order they are
        sent: the first digest of a record shape numbers it for the later ones.)"""
        return self.digest is not None and self.welcome[0] != 0 and not self.untried

    def lagging(self) -> bool:
        """True when the parent has ``DIGEST_BACKLOG`` bytes or more still to read."""
        ahead = self.waiting_bytes + len(self.out)
        return ahead >= DIGEST_BACKLOG or ahead + _backlog(self.fd) >= DIGEST_BACKLOG

    def send(self, message: tuple[Any, ...], tried: bool) -> None:
        """Queue a message (``tried``: its bodies had their chance of a digest) and write what
        the pipe takes."""
        size = _body_bytes(message)
        self.waiting.append((message, tried, size))
        self.waiting_bytes += size
        self.untried += not tried
        self._write(_QUEUE_BYTES)

    def catch_up(self) -> bool:
        """Digest the bodies of the oldest waiting batch that has not had its chance, when the
        parent takes digests and lags; False when there was none to digest."""
        if not self.untried or self.digest is None or not self.welcome[0] or not self.lagging():
            return False
        index, message, size = next((i, m, n) for i, (m, tried, n) in enumerate(self.waiting) if not tried)
        if message[0] == "items":
            digest = self.digest
            message = ("items", [item if item is None or item[4] is None or item[8] is not None else digest(item)
                                 for item in message[1]])
        self.waiting[index] = (message, True, size)  # digests keep the bodies
        self.untried -= 1
        return True

    def close(self) -> None:
        self._write(0)
        os.close(self.fd)

    def _write(self, most: int) -> None:
        """Write what the pipe takes; while more than ``most`` bytes wait, digest waiting batches
        or else wait for the parent."""
        while self.out or self.waiting:
            if not self.out:
                if not most:  # reading is over: nothing better to do while the parent lags
                    self.catch_up()
                message, tried, size = self.waiting.popleft()
                self.waiting_bytes -= size
                self.untried -= not tried
                data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                self.out = memoryview(_FRAME.pack(len(data)) + data)
            try:
                written = os.write(self.fd, self.out)
            except BlockingIOError:
                if self.waiting_bytes + len(self.out) <= most:
                    return
                if not self.catch_up():
                    select.select([], [self.fd], [])
                continue
            self.out = self.out[written:]


def _body_bytes(message: tuple[Any, ...]) -> int:
    """The size of the bodies in a message (most of its size once pickled)."""
    if message[0] != "items":
        return 64
    return sum(len(item[4]) for item in message[1] if item is not None and item[4] is not None) + 64 * len(message[1])


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
            yield method, redact.redact_url(url), status, mime or None, data, None, False, text_truncated, None
        else:
            body, _text, truncated = _body(text, mime)
            yield method, redact.redact_url(url), status, mime or None, None, body, truncated, False, None


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
