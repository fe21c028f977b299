"""The OpenAI-compatible advisor: the adapter behind ``inference.advisor.SchemaAdvisor`` that talks
to a network (it lives outside inference, which stays pure).

It sends the summary (:func:`.summary.build_messages`) to any server that speaks the OpenAI chat
completions protocol (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio) with the patch format as a
JSON-schema ``response_format``, and turns every way the call can go wrong into one
:class:`AdvisorError` with a plain reason: a timeout, 429 (retried as ``Retry-After`` says, up to
``max_retries``), 5xx, a wrong model name, a refused key, an unreachable server, a refusal, a
truncated or malformed answer. The caller keeps the heuristic schema and reports the reason.

Each call is recorded for inspection through the ``transcript`` sink: the request body (the
messages and the model name; never headers, so never the key) and the raw answer, with the key
scrubbed from both should a server echo it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openai
from pydantic import ValidationError

from inference.advisor.patches import Patch, Proposal
from inference.advisor.protocol import AdvisorError
from inference.advisor.summary import TrafficSummary, build_messages
from kernel.schema import Schema

Transcript = Callable[[dict[str, Any]], None]


def _scrub(value: Any, secret: str | None) -> Any:
    if not secret:
        return value
    if isinstance(value, str):
        return value.replace(secret, "[REDACTED]")
    if isinstance(value, dict):
        return {k: _scrub(v, secret) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secret) for v in value]
    return value


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class OpenAIAdvisor:
    """A :class:`SchemaAdvisor` backed by an OpenAI-compatible chat completions endpoint."""

    def __init__(self, *, api_key: str, model: str, base_url: str | None = None, timeout: float = 60.0,
                 max_retries: int = 2, transcript: Transcript | None = None) -> None:
        self.model = model
        self.base_url = base_url or "https://api.openai.com/v1"
        self.timeout = timeout
        self.max_retries = max_retries
        self._key = api_key
        self._transcript = transcript
        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)

    def suggest(self, schema: Schema, summary: TrafficSummary) -> list[Patch]:
        messages = build_messages(summary)
        record: dict[str, Any] = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "base_url": self.base_url,
            "request": {"model": self.model, "messages": messages, "response_format": "json_schema: Proposal"},
        }
        try:
            raw = self._client.chat.completions.with_raw_response.parse(
                model=self.model, messages=messages,  # type: ignore[arg-type]
                response_format=Proposal,
            )
            record["response"] = {"status": raw.http_response.status_code, "body": _body(raw.http_response.text)}
            return self._patches(raw.http_response.text)
        except AdvisorError as exc:
            record["error"] = str(exc)
            raise
        except openai.APIError as exc:
            error = AdvisorError(self._reason(exc))
            record["error"] = str(error)
            raise error from None
        finally:
            if self._transcript is not None:
                self._transcript(_scrub(record, self._key))

    def _reason(self, exc: openai.APIError) -> str:
        where = f"{self.base_url} (model {self.model})"
        if isinstance(exc, openai.APITimeoutError):
            return f"{where} did not answer within {self.timeout:g} s"
        if isinstance(exc, openai.APIConnectionError):
            return f"cannot reach {self.base_url}: {_short(str(exc.__cause__ or exc))}"
        if isinstance(exc, openai.RateLimitError):
            return f"{where} is rate-limiting requests (HTTP 429), still after {self.max_retries} retries"
        if isinstance(exc, openai.NotFoundError):
            return f"model {self.model!r} was not found at {self.base_url} (HTTP 404); check WIRETABLE_LLM_MODEL"
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return f"{self.base_url} refused the API key (HTTP {exc.status_code}); check OPENAI_API_KEY"
        if isinstance(exc, openai.APIStatusError):
            return f"{where} answered HTTP {exc.status_code}: {_short(_scrub(exc.message, self._key))}"
        return f"{where} failed: {_short(_scrub(str(exc), self._key))}"

    def _patches(self, text: str) -> list[Patch]:
        try:
            body = json.loads(text)
            choice = body["choices"][0]
            message = choice["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise AdvisorError(f"the answer of {self.base_url} is not a chat completion") from None
        if message.get("refusal"):
            raise AdvisorError(f"the model refused: {_short(message['refusal'])}")
        finish = choice.get("finish_reason")
        if finish == "length":
            raise AdvisorError("the model's answer was cut off (finish_reason: length); nothing was applied")
        if finish == "content_filter":
            raise AdvisorError("the model's answer was withheld by a content filter")
        content = _scrub(message.get("content"), self._key)
        if not content:
            raise AdvisorError("the model gave an empty answer")
        try:
            proposal = Proposal.model_validate_json(content)
        except ValidationError as exc:
            first = exc.errors()[0]
            if first["type"] == "json_invalid":
                raise AdvisorError(f"the model's answer is not valid JSON ({_short(first['msg'], 80)})") from None
            where = ".".join(str(p) for p in first["loc"])
            raise AdvisorError(f"the model's answer does not follow the patch format ({where}: "
                               f"{_short(first['msg'], 80)})") from None
        return list(proposal.patches)


def _body(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text[:20_000]


def save_transcript(records: list[dict[str, Any]], path: Path) -> None:
    """Write the recorded calls as one JSON document (nothing secret is in them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)
