"""A local OpenAI-compatible chat completions server for tests: scripted answers, recorded requests.

Each POST to ``/v1/chat/completions`` takes the next scripted :class:`Reply` (the last one repeats)
and records the request's headers and JSON body, so tests can assert on exactly what a model
would have received. Replies can be a completion whose content is given, any status with headers
(429 with Retry-After, 500, 404), or a delay longer than the client's timeout.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    status: int = 200
    content: str | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    finish_reason: str = "stop"
    refusal: str | None = None


def completion(content: str | None, finish_reason: str = "stop", refusal: str | None = None,
               model: str = "test-model") -> dict[str, Any]:
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 1767225600, "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def patches(*items: dict[str, Any]) -> Reply:
    return Reply(content=json.dumps({"patches": list(items)}))


class LLMServer:
    def __init__(self) -> None:
        self.script: list[Reply] = [Reply(content='{"patches": []}')]
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        server = self
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:  # noqa: N802 - the http.server hook name
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                with server._lock:
                    server.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                            "body": json.loads(raw or b"null")})
                    reply = server.script.pop(0) if len(server.script) > 1 else server.script[0]
                if reply.delay and server.stopping.wait(reply.delay):
                    return
                if reply.status == 200 and reply.body is None:
                    payload = completion(reply.content, reply.finish_reason, reply.refusal)
                else:
                    payload = reply.body if reply.body is not None else {"error": {"message": "scripted error"}}
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def will_reply(self, *replies: Reply) -> None:
        with self._lock:
            self.script = list(replies)
            self.requests.clear()

    def prompts(self) -> str:
        """Everything the model was sent (every message of every request), as one text."""
        return "\n".join(m.get("content") or "" for r in self.requests for m in (r["body"] or {}).get("messages", []))

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(name="llm_server")
def llm_server_fixture() -> Iterator[LLMServer]:
    """A running scripted server; import ``llm_server_fixture`` into a test module to use it."""
    server = LLMServer()
    yield server
    server.close()
