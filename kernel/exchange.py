"""The Exchange model: one captured HTTP request/response pair.

Every capture source (the mitmproxy addon, HAR import, the browser) converts its input into this
model at the edge; nothing downstream sees raw flows or HAR dicts. Exchanges are stored as JSON
Lines, one per line, and read back as a stream so memory stays flat on large captures.

Secrets are redacted before an Exchange is written (see ``capture.redact``); bodies are capped
and truncation is recorded in ``body_truncated``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kernel.errors import CaptureError

Source = Literal["proxy", "har", "browser"]


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
    """Stream exchanges from a JSONL file. Raises CaptureError naming the bad line."""
    path = Path(path)
    try:
        handle = path.open("r", encoding="utf-8-sig")
    except OSError as exc:
        raise CaptureError(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc
    with handle:
        yield from parse_exchange_lines(handle, name=str(path))


def parse_exchange_lines(lines: Iterable[str], name: str = "<stream>") -> Iterator[Exchange]:
    for lineno, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        try:
            yield Exchange.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise CaptureError(
                f"{name}:{lineno}: not a valid exchange line ({first})", path=name, line=lineno
            ) from exc


def write_exchanges(exchanges: Iterable[Exchange], out: IO[str]) -> int:
    count = 0
    for exchange in exchanges:
        out.write(exchange.to_json_line())
        out.write("\n")
        count += 1
    return count
