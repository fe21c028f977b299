"""The Exchange model: one captured HTTP request/response pair.

Every capture source (the mitmproxy addon, HAR import, the browser) converts its input into this
model at the edge; nothing downstream sees raw flows or HAR dicts. Exchanges are stored as JSON
Lines, one per line, and read back as a stream so memory stays flat on large captures.

Secrets are redacted before an Exchange is written (see ``kernel.redact``); bodies are capped
and truncation is recorded in ``body_truncated``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kernel.errors import CaptureError
from kernel.redact import MAX_JSON_DEPTH, json_depth_ok

Source = Literal["proxy", "har", "browser"]
#: Bodies nested deeper than MAX_JSON_DEPTH are not kept (``body_truncated``): no reader or walker
#: after the capture has to go that deep.


class Message(BaseModel):
    model_config = ConfigDict(extra="ignore")

    headers: dict[str, str] = Field(default_factory=dict)
    content_type: str | None = None
    body: Any = None
    body_text: str | None = None
    body_truncated: bool = False


class Request(Message):
    method: str
    url: str


class Response(Message):
    status: int


class Exchange(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    started_at: datetime
    duration_ms: float = 0.0
    source: Source = "proxy"
    page_url: str | None = None
    request: Request
    response: Response

    def to_json_line(self) -> str:
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))


def read_exchanges(path: Path | str) -> Iterator[Exchange]:
    """Stream exchanges from a JSONL file. Raises CaptureError naming the bad line.

    Bytes that are not UTF-8 and lone surrogate escapes become U+FFFD instead of failing the
    read; a line nested too deeply to parse is refused with its line number. Only regular files
    are read (a FIFO or a device would block or never end).
    """
    path = Path(path)
    try:
        handle = open_regular(path)
    except OSError as exc:
        raise CaptureError(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc
    with handle:
        lines = (raw.decode("utf-8", errors="replace").lstrip("\ufeff") for raw in handle)
        yield from parse_exchange_lines(lines, name=str(path))


def open_regular(path: Path) -> IO[bytes]:
    """``path`` opened for binary reading, or CaptureError when it is no regular file."""
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CaptureError(f"{path} is not a regular file (a pipe, device or folder cannot be read as traffic)",
                               path=str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def without_surrogates(value: Any) -> Any:
    """``value`` (parsed JSON) with lone surrogates in its strings replaced by U+FFFD, without
    recursion; values without any are returned as they are."""
    if isinstance(value, str):
        return _fix(value)
    if not isinstance(value, dict | list):
        return value
    root: list[Any] = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, str):
            container[key] = _fix(item)
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            fixed = {_fix(k) if isinstance(k, str) else k: v for k, v in item.items()}
            container[key] = fixed
            stack.extend((fixed, k) for k in fixed)
    return root[0]


def _fix(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def parse_exchange_lines(lines: Iterable[str], name: str = "<stream>") -> Iterator[Exchange]:
    for lineno, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            first = str(exc).splitlines()[0]
            raise CaptureError(
                f"{name}:{lineno}: not a valid exchange line ({first})", path=name, line=lineno
            ) from exc
        except RecursionError:
            raise CaptureError(f"{name}:{lineno}: JSON nested too deeply to read", path=name, line=lineno) from None
        if "\\ud" in line or "\\uD" in line:
            data = without_surrogates(data)
        if isinstance(data, dict):
            for part in ("request", "response"):
                message = data.get(part)
                if isinstance(message, dict) and not json_depth_ok(message.get("body"), MAX_JSON_DEPTH):
                    message["body"], message["body_truncated"] = None, True
        try:
            yield Exchange.model_validate(data)
        except ValidationError as exc:
            first = str(exc).splitlines()[0]
            raise CaptureError(
                f"{name}:{lineno}: not a valid exchange line ({first})", path=name, line=lineno
            ) from exc


def is_har(path: Path | str) -> bool:
    """Whether ``path`` holds a HAR rather than Exchange JSON Lines, told by its first key: a HAR is
    ``{"log": …}``, an exchange line starts with one of the Exchange's fields. Files whose start says
    neither (or that cannot be read here: the reader then names the problem) go by their suffix.
    So a capture saved under a ``.har`` name, or a HAR saved as ``.json``, is still read as what it is."""
    path = Path(path)
    try:
        with open_regular(path) as handle:
            head = handle.read(4096)
    except (OSError, CaptureError):
        head = b""
    match = _FIRST_KEY.match(head.decode("utf-8", errors="replace").lstrip("\ufeff"))
    if match is not None and match.group(1) == "log":
        return True
    if match is not None and match.group(1) in Exchange.model_fields:
        return False
    return path.suffix.lower() == ".har"


_FIRST_KEY = re.compile(r'\s*\{\s*"([^"\\]{1,64})"\s*:')


def write_exchanges(exchanges: Iterable[Exchange], out: IO[str]) -> int:
    count = 0
    for exchange in exchanges:
        out.write(exchange.to_json_line())
        out.write("\n")
        count += 1
    return count
