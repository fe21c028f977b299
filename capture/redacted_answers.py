"""The answers of a HAR, redacted, read by two processes (``wiretable infer`` on a large HAR).

:func:`iter_redacted_answers` yields what :func:`capture.har_answers.iter_har_answers` yields,
each JSON answer redacted as :func:`capture.har.iter_har_exchanges` redacts it
(:class:`kernel.body_redactor.BodyRedactor`). A child process reads the file: it decodes the
entries, picks the fields inference reads (:func:`capture.har_answers.answer_fields`), parses
each answer and tests whether redaction leaves it as it is. It sends this process the fields,
the answer's text and that verdict, a batch at a time through a pipe. This process parses the
text again (a parse costs less than sending the parsed value) and redacts only the answers that
redaction changes; the others are their own redacted form (redaction returns the very object it
is given when it changes nothing). Parsing and redaction are functions of the text alone, so both
processes reach the same values and verdicts, and the answers equal those read in one process.

Reading the file and testing the answers then run beside inference, on a second core (worth it
for files from ``SPLIT_AT`` bytes on). Without ``os.fork``, or in a process that runs other threads,
the same work is done in this process.
An error that ends the reading (a truncated or invalid HAR) is raised here, after the entries
read before it, as in :func:`capture.har_answers.iter_har_answers`.
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

from capture.har import KeepBody, iter_entries, orjson_text, parse_body
from capture.har_answers import AnswerFields, answer, answer_fields
from kernel.body_redactor import BodyRedactor
from kernel.errors import CaptureError
from kernel.exchange import Exchange

#: Files from this size on are worth reading in a child process.
SPLIT_AT = 8 * 1024 * 1024
#: Characters of answer text sent per batch: a few fit in the pipe, so that the child goes on
#: reading while this process takes in a batch it wrote.
_BATCH_CHARS = 1 << 18
#: The pipe's capacity asked for (Linux; the most an unprivileged process may ask by default).
_PIPE_BYTES = 1 << 20

#: (entry index, picked fields with the answer's text, how to read the answer: ``_CLEAN`` and
#: ``_ORJSON`` or neither)
_Item = tuple[int, AnswerFields, int]
#: Redaction leaves the answer as it is.
_CLEAN = 1
#: The text is the one ``parse_body`` gives orjson alone, and orjson accepts it (``orjson_text``).
_ORJSON = 2


def iter_redacted_answers(path: Path | str, keep_body: KeepBody) -> Iterator[Exchange]:
    """Yield one exchange per HAR entry, in file order, as :func:`capture.har_answers.iter_har_answers`
    does, with each JSON answer redacted (see the module docstring). Raises CaptureError as
    that reader does."""
    path = Path(path)
    items = _forked_items(path, keep_body) if can_fork() else _items(path, keep_body, BodyRedactor())
    redactor = BodyRedactor()
    for index, (method, url, status, resp_type, text), how in items:
        body, truncated = None, False
        if how & _ORJSON and text is not None:
            body = orjson.loads(text)  # parse_body's own first step, the rest of it done by the reader
        elif text is not None:
            body, _text, truncated = parse_body(text, resp_type)
        if body is not None and not how & _CLEAN:
            body = redactor.redact_or_drop(body)
        yield answer(index, method, url, status, resp_type, body, truncated)


def can_fork() -> bool:
    """Whether the reading is done by a child process: ``os.fork`` exists, this process may run on
    two processors or more (on one, a second process only adds work) and it runs no other thread (a
    lock another thread holds would stay held in the child)."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return (len(cpus) if cpus is not None else os.cpu_count() or 1) >= 2


def _items(path: Path, keep_body: KeepBody, redactor: BodyRedactor) -> Iterator[_Item]:
    """The entries' fields and how to read each answer (see ``_Item``)."""
    for index, entry, _pages in iter_entries(path):
        fields = answer_fields(entry, keep_body)
        method, url, status, resp_type, text = fields
        how = _CLEAN
        if text is not None:
            body = None
            quick = orjson_text(text, resp_type)
            if quick is not None:
                try:
                    body = orjson.loads(quick)
                except orjson.JSONDecodeError:
                    quick = None
                else:
                    fields, how = (method, url, status, resp_type, quick), _CLEAN | _ORJSON
            if quick is None:
                body = parse_body(text, resp_type)[0]
            if body is not None and redactor.redact_or_drop(body) is not body:
                how &= ~_CLEAN
        yield index, fields, how


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
                _send(_items(path, keep_body, BodyRedactor()), out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    done = False
    try:
        with os.fdopen(read_fd, "rb") as source:
            while True:
                try:
                    message = pickle.load(source)
                except EOFError:
                    raise CaptureError(f"{path}: the reader of the file stopped") from None
                kind, payload = message
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
            text = item[1][4]
            chars += 64 + (len(text) if text is not None else 0)
            if chars >= _BATCH_CHARS:
                pickle.dump(("items", batch), out, protocol=pickle.HIGHEST_PROTOCOL)
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


__all__ = ["SPLIT_AT", "can_fork", "iter_redacted_answers"]
