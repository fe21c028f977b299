"""The answers of a HAR read by a second process (``wiretable infer`` on a large HAR).

:func:`iter_forked_answers` yields what :func:`capture.har_answers.iter_har_answers` yields. A
child process reads the file: it decodes the entries (the standard library's JSON decoder, the
costliest part of reading), picks the fields inference reads with
:func:`capture.har_answers.answer_fields` (the URL redacted, ``keep_body`` asked) and tells for
each answer whether ``parse_body`` would give its text to orjson first (``orjson_parts``): then it
sends the text in UTF-8, which this process hands orjson as it comes (no text to decode and build
here). It sends this process those fields and the answer, a batch at a time through a pipe, and
reads on while this process parses the answers and infers. Nothing is done twice: each answer is parsed
once, here, as :func:`capture.har_answers.answer_exchange` parses it.

The child only pays off when it runs on a core of its own: :func:`can_fork` says whether there
can be one (``os.fork``, two processors or more, no other thread in this process, whose locks
would stay held in the child). Otherwise the file is read here, by ``iter_har_answers``. An error
that ends the reading (a truncated or invalid HAR) is raised here, after the entries read before
it, as ``iter_har_answers`` raises it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from capture.har import KeepBody, iter_entries, orjson_parts, parse_body
from capture.har_answers import AnswerFields, answer, answer_fields, iter_har_answers
from kernel.errors import CaptureError
from kernel.exchange import Exchange

#: Files from this size on are worth reading in a child process.
SPLIT_AT = 8 * 1024 * 1024
#: Characters of answer text sent per batch: a few fit in the pipe, so that the child goes on
#: reading while this process takes in a batch it wrote.
_BATCH_CHARS = 1 << 18
#: The pipe's capacity asked for (Linux; the most an unprivileged process may ask by default).
_PIPE_BYTES = 1 << 20

#: (entry index, picked fields with the answer's text, None) or, when parse_body gives the text to orjson
#: first, (entry index, picked fields with what parse_body strips off the text's front, the rest in UTF-8)
_Item = tuple[int, AnswerFields, "bytes | None"]


def iter_forked_answers(path: Path | str, keep_body: KeepBody) -> Iterator[Exchange]:
    """Yield one exchange per HAR entry, in file order, as :func:`capture.har_answers.iter_har_answers`
    does (the JSON answers unredacted), the file read by a child process when :func:`can_fork`
    (see the module docstring). Raises CaptureError as that reader does."""
    if not can_fork():
        yield from iter_har_answers(path, keep_body)
        return
    for index, (method, url, status, resp_type, text, call), data in _forked_items(Path(path), keep_body):
        body, truncated = None, False
        if data is not None:
            try:
                body = orjson.loads(data)  # what parse_body returns when orjson accepts it
            except orjson.JSONDecodeError:
                body, _text, truncated = parse_body((text or "") + data.decode(), resp_type)
        elif text is not None:
            body, _text, truncated = parse_body(text, resp_type)
        yield answer(index, method, url, status, resp_type, body, truncated, call)


def can_fork() -> bool:
    """Whether the reading is done by a child process: ``os.fork`` exists, this process may run on
    two processors or more (on one, a second process only adds work) and it runs no other thread (a
    lock another thread holds would stay held in the child)."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return (len(cpus) if cpus is not None else os.cpu_count() or 1) >= 2


def _items(path: Path, keep_body: KeepBody) -> Iterator[_Item]:
    """The entries' fields, each answer still a text or its UTF-8 (see ``_Item``)."""
    for index, entry, _pages in iter_entries(path):
        fields = answer_fields(entry, keep_body)
        method, url, status, resp_type, text, call = fields
        parts = orjson_parts(text, resp_type) if text is not None else None
        if parts is None:
            yield index, fields, None
        else:
            yield index, (method, url, status, resp_type, parts[0], call), parts[1]


def _forked_items(path: Path, keep_body: KeepBody) -> Iterator[_Item]:
    """:func:`_items`, computed by a child process and read from a pipe."""
    import fcntl  # POSIX, as os.fork is

    read_fd, write_fd = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    pid = os.fork()
    if pid == 0:  # the child: it never returns
        status = 1
        try:
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as out:
                _send(_items(path, keep_body), out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    done = False
    try:
        with os.fdopen(read_fd, "rb") as source:
            while True:
                try:
                    kind, payload = pickle.load(source)
                except EOFError:
                    raise CaptureError(f"{path}: the reader of the file stopped") from None
                if kind == "items":
                    yield from payload
                elif kind == "error":
                    raise CaptureError(payload[0], **payload[1])
                else:
                    done = True
                    return
    finally:
        if not done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _send(items: Iterator[_Item], out: BinaryIO) -> None:
    """Write ``items`` to ``out`` in batches, then the end, or the error that ended them."""
    batch: list[_Item] = []
    chars = 0
    try:
        for item in items:
            batch.append(item)
            text, data = item[1][4], item[2]
            chars += 64 + (len(data) if data is not None else len(text) if text is not None else 0)
            if chars >= _BATCH_CHARS:
                _dump(out, ("items", batch))
                batch, chars = [], 0
    except CaptureError as exc:
        _dump(out, ("items", batch))
        _dump(out, ("error", (exc.message, _plain(exc.context))))
        return
    _dump(out, ("items", batch))
    _dump(out, ("end", None))


def _dump(out: BinaryIO, message: tuple[str, Any]) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)


def _plain(context: dict[str, object]) -> dict[str, object]:
    """An error's context as far as it can be sent (texts, numbers; anything else as its text)."""
    return {key: value if isinstance(value, str | int | float | bool | None) else str(value)
            for key, value in context.items()}


__all__ = ["SPLIT_AT", "can_fork", "iter_forked_answers"]
