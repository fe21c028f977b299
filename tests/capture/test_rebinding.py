"""DNS rebinding cannot get the capture proxy into the private network: each upstream host is
resolved once, checked, and the connection pinned to the checked address.

The real test runs the real mitmdump with the real addon, resolving through a real DNS server on
a loopback address: mitmdump runs in its own mount namespace (``unshare``) where
``/etc/resolv.conf`` names that server, so glibc asks it exactly as it would ask any resolver.
The server answers a public address to the first question for a name and ``127.0.0.1`` to every
later one, as a rebinding attacker's would. It needs root (to serve on port 53 and to mount);
without it the test is skipped and the checks of :func:`capture.pinning.pin` below still run.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import struct
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from capture import pinning
from capture.addon import ExchangeWriter
from capture.proxy import ProxyProcess
from kernel.settings import Settings
from tests.capture.spa_app import serve

PUBLIC = "1.1.1.1"  # a public address; nothing of the test listens there


@dataclass
class DnsServer:
    """Answers A questions from ``answers`` (name -> addresses, one per question, the last
    repeating), AAAA with no address, anything else with NXDOMAIN; records every question."""

    answers: dict[str, list[str]]
    address: str = ""
    questions: list[tuple[str, int]] = field(default_factory=list)

    def asked(self, name: str, qtype: int = 1) -> int:
        return sum(1 for q in self.questions if q == (name, qtype))

    def _reply(self, data: bytes) -> bytes:
        tid = struct.unpack(">H", data[:2])[0]
        i, labels = 12, []
        while data[i]:
            labels.append(data[i + 1:i + 1 + data[i]].decode("ascii").lower())
            i += data[i] + 1
        qtype = struct.unpack(">H", data[i + 1:i + 3])[0]
        question = data[12:i + 5]
        name = ".".join(labels)
        self.questions.append((name, qtype))
        answer, count, rcode = b"", 0, 0
        if name not in self.answers:
            rcode = 3
        elif qtype == 1:
            seen = self.asked(name) - 1
            choices = self.answers[name]
            address = choices[min(seen, len(choices) - 1)]
            answer, count = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 0, 4) + socket.inet_aton(address), 1
        return struct.pack(">HHHHHH", tid, 0x8180 | rcode, 1, count, 0, 0) + question + answer

    def serve(self) -> Iterator[DnsServer]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for _ in range(20):
            self.address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"
            try:
                sock.bind((self.address, 53))
                break
            except OSError:
                continue
        else:
            pytest.skip("no loopback address with port 53 free")
        sock.settimeout(0.2)
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                try:
                    data, peer = sock.recvfrom(512)
                except OSError:
                    continue
                sock.sendto(self._reply(data), peer)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join(2)
            sock.close()


class _Internal(BaseHTTPRequestHandler):
    """A service on 127.0.0.1 that only the local machine should reach."""

    requests: list[str] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = b"internal only"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _can_use_a_private_resolver() -> str | None:
    if os.geteuid() != 0:
        return "needs root to serve DNS on port 53 and to mount a resolv.conf"
    if shutil.which("unshare") is None:
        return "needs unshare (util-linux)"
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, timeout=10)
    if probe.returncode != 0:
        return f"unshare --mount is not allowed here: {probe.stderr.decode(errors='replace').strip()}"
    return None


@pytest.fixture
def internal() -> Iterator[int]:
    _Internal.requests = []
    with serve(_Internal) as server:
        yield int(server.server_port)


@pytest.fixture
def dns() -> Iterator[DnsServer]:
    reason = _can_use_a_private_resolver()
    if reason:
        pytest.skip(reason)
    server = DnsServer({"rebind.wiretable.test": [PUBLIC, "127.0.0.1"], "inside.wiretable.test": ["127.0.0.1"]})
    yield from server.serve()


@pytest.fixture
def mitmdump_resolving_with(dns: DnsServer, tmp_path: Path) -> str:
    """A mitmdump whose every lookup (the addon's and mitmproxy's own) goes to ``dns``."""
    real = Settings(home=tmp_path).mitmdump
    if not Path(real).exists():
        pytest.skip("mitmdump is not installed")
    resolv = tmp_path / "resolv.conf"
    resolv.write_text(f"nameserver {dns.address}\noptions timeout:2 attempts:1\n", encoding="utf-8")
    wrapper = tmp_path / "mitmdump"
    wrapper.write_text("#!/bin/sh\nexec unshare --mount /bin/sh -c "
                       "'mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"' "
                       f"'{resolv}' '{real}' \"$@\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


def fetch(proxy: ProxyProcess, url: str) -> httpx.Response | httpx.HTTPError:
    with httpx.Client(proxy=proxy.url, trust_env=False, timeout=15) as client:
        try:
            return client.get(url)
        except httpx.HTTPError as exc:
            return exc


def test_a_rebinding_name_never_reaches_loopback(mitmdump_resolving_with: str, dns: DnsServer, internal: int,
                                                  tmp_path: Path) -> None:
    assert pinning.is_public_address(PUBLIC)
    with ProxyProcess(mitmdump_resolving_with, tmp_path / "out.jsonl", tmp_path / "conf", body_cap=10_000,
                      block_private=True) as proxy:
        answer = fetch(proxy, f"http://rebind.wiretable.test:{internal}/secret")
    assert _Internal.requests == []  # the service behind 127.0.0.1 was never asked
    assert dns.asked("rebind.wiretable.test") == 1  # one lookup, checked, and the connection went there
    assert not isinstance(answer, httpx.Response) or "internal only" not in answer.text


def test_a_name_on_loopback_is_refused_by_name(mitmdump_resolving_with: str, dns: DnsServer, internal: int,
                                               tmp_path: Path) -> None:
    with ProxyProcess(mitmdump_resolving_with, tmp_path / "out.jsonl", tmp_path / "conf", body_cap=10_000,
                      block_private=True) as proxy:
        refused = fetch(proxy, f"http://inside.wiretable.test:{internal}/secret")
        unknown = fetch(proxy, f"http://nowhere.wiretable.test:{internal}/")
    assert _Internal.requests == []
    assert isinstance(refused, httpx.Response) and refused.status_code == 502
    assert "wiretable refused a private address: inside.wiretable.test (127.0.0.1)" in refused.text
    assert isinstance(unknown, httpx.Response) and unknown.status_code == 502
    assert "wiretable refused nowhere.wiretable.test: it does not resolve" in unknown.text


# -- the pinning itself, with a resolver that changes its answer -----------------------------------


class Rebinder:
    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.calls = 0

    def __call__(self, host: str, port: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        address = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))]


def test_pin_resolves_once_and_returns_the_checked_address() -> None:
    rebinder = Rebinder(PUBLIC, "127.0.0.1")
    assert pinning.pin("rebind.example", rebinder) == PUBLIC
    assert rebinder.calls == 1
    with pytest.raises(pinning.Refused, match=r"private address: rebind.example \(127.0.0.1\)"):
        pinning.pin("rebind.example", rebinder)
    assert pinning.pin("8.8.8.8", Rebinder("127.0.0.1")) == "8.8.8.8"  # an address is not looked up
    for private in ("127.0.0.1", "[::1]", "10.0.0.8", "169.254.169.254"):
        with pytest.raises(pinning.Refused, match="private address"):
            pinning.pin(private, Rebinder(PUBLIC))


def test_pin_refuses_a_name_that_does_not_resolve() -> None:
    def failing(host: str, port: Any, **kwargs: Any) -> list[Any]:
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(pinning.Refused, match="does not resolve"):
        pinning.pin("gone.example", failing)


def test_the_addon_connects_to_the_checked_address_and_keeps_the_name_for_tls(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rebinder = Rebinder(PUBLIC, "127.0.0.1")
    monkeypatch.setattr(pinning.socket, "getaddrinfo", rebinder)
    writer = ExchangeWriter()
    writer.block_private = True
    server = SimpleNamespace(address=("app.example", 443), sni=None, error=None)
    writer.server_connect(SimpleNamespace(server=server))
    assert (server.address, server.sni, server.error) == ((PUBLIC, 443), "app.example", None)
    again = SimpleNamespace(address=("app.example", 443), sni="app.example", error=None)
    writer.server_connect(SimpleNamespace(server=again))
    assert again.error == "wiretable refused a private address: app.example (127.0.0.1)"
    assert rebinder.calls == 2  # one lookup per connection
