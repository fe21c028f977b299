"""Behind a reverse proxy on the same host, a visitor is not local: the real server (``wiretable
serve``) takes the client from X-Forwarded-For / Forwarded / X-Real-IP only when the peer is in
WIRETABLE_TRUSTED_PROXIES, and a request such a header came with from any other loopback peer is
never given the open local access."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from jobs.accounts import AccountStore
from tests.webui.test_browser_smoke import free_port
from webui.auth.clients import ClientAddresses, parse_address, parse_networks

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))
REMOTE = "203.0.113.7"


def scope(peer: str, *headers: tuple[str, str]) -> dict[str, Any]:
    return {"type": "http", "client": (peer, 40000),
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]}


@pytest.mark.parametrize(("trusted", "peer", "headers", "client"), [
    ("", "127.0.0.1", [], "127.0.0.1"),
    ("", "::1", [], "::1"),
    ("", "127.0.0.1", [("X-Forwarded-For", REMOTE)], None),  # an untrusted proxy on this host
    ("", "127.0.0.1", [("X-Forwarded-For", "127.0.0.1")], None),  # ... whatever it claims
    ("", "127.0.0.1", [("Forwarded", f"for={REMOTE}")], None),
    ("", "127.0.0.1", [("X-Real-IP", "127.0.0.1")], None),
    ("", "198.51.100.9", [("X-Forwarded-For", "127.0.0.1")], "198.51.100.9"),  # headers of a remote peer
    ("127.0.0.1", "127.0.0.1", [("X-Forwarded-For", REMOTE)], REMOTE),
    ("127.0.0.1", "127.0.0.1", [("X-Forwarded-For", "127.0.0.1")], "127.0.0.1"),
    ("127.0.0.1", "127.0.0.1", [("X-Forwarded-For", f"127.0.0.1, {REMOTE}")], REMOTE),  # a spoofed first hop
    ("127.0.0.1, 10.0.0.0/8", "127.0.0.1", [("X-Forwarded-For", f"{REMOTE}, 10.1.2.3")], REMOTE),
    ("127.0.0.1", "127.0.0.1", [("X-Forwarded-For", f"{REMOTE}, 10.1.2.3")], "10.1.2.3"),
    ("127.0.0.1", "127.0.0.1", [("Forwarded", 'for="[::1]:4711";proto=https')], "::1"),
    ("127.0.0.1", "127.0.0.1", [("Forwarded", f"for=127.0.0.1, for={REMOTE};by=127.0.0.1")], REMOTE),
    ("127.0.0.1", "127.0.0.1", [("Forwarded", "for=unknown")], None),
    ("127.0.0.1", "127.0.0.1", [("Forwarded", "for=_hidden"), ("X-Forwarded-For", "127.0.0.1")], None),
    ("127.0.0.1", "127.0.0.1", [("X-Forwarded-For", "127.0.0.1"), ("X-Real-IP", REMOTE)], None),  # they disagree
    ("127.0.0.1", "127.0.0.1", [("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-For", REMOTE)], REMOTE),
    ("::1", "::ffff:127.0.0.1", [("X-Forwarded-For", "::1")], None),  # a mapped v4 peer is 127.0.0.1
])
def test_who_the_client_is(trusted: str, peer: str, headers: list[tuple[str, str]], client: str | None) -> None:
    assert ClientAddresses(parse_networks(trusted)).client(scope(peer, *headers)) == client


def test_addresses_of_hops() -> None:
    assert str(parse_address("[2001:db8::1]:443")) == "2001:db8::1"
    assert str(parse_address('"192.0.2.4:80"')) == "192.0.2.4"
    assert parse_address("unknown") is None and parse_address("") is None


@contextmanager
def serving(tmp_path: Path, app_db_url: str, target_db_url: str, **extra: str) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_") and k != "PYTEST_CURRENT_TEST"}
    env.update(WIRETABLE_HOME=str(tmp_path / "home"), WIRETABLE_DATABASE_URL=app_db_url,
               WIRETABLE_TARGET_URL=target_db_url, **extra)
    log_path = tmp_path / f"serve-{port}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([WIRETABLE, "serve", "--port", str(port)], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(url + "/login", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None:
                    pytest.fail(f"wiretable serve exited: {log_path.read_text()[-2000:]}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def status(url: str, *headers: tuple[str, str]) -> int:
    return httpx.get(url + "/api/v1/jobs", headers=list(headers), timeout=10).status_code


def test_a_same_host_reverse_proxy_does_not_make_visitors_local(tmp_path: Path, app_db_url: str,
                                                                target_db_url: str) -> None:
    with serving(tmp_path, app_db_url, target_db_url) as url:
        assert status(url) == 200  # a browser on this machine, no proxy: open local access
        for header in (("X-Forwarded-For", REMOTE), ("X-Forwarded-For", "127.0.0.1"),
                       ("Forwarded", f"for={REMOTE}"), ("Forwarded", "for=127.0.0.1"), ("X-Real-IP", REMOTE)):
            assert status(url, header) == 401, header
        page = httpx.get(url + "/", headers={"Forwarded": f"for={REMOTE}", "Accept": "text/html"}, timeout=10)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        # signed in through the proxy: a capture of a private address is refused as from another machine
        token = AccountStore(app_db_url).create_token("editor")
        refused = httpx.post(url + "/api/v1/jobs", json={"url": "http://127.0.0.1:9/"}, timeout=10,
                             headers={"Authorization": f"Bearer {token}", "Forwarded": f"for={REMOTE}"})
        assert refused.status_code in (400, 403, 422) and "WIRETABLE_ALLOW_PRIVATE_TARGETS" in refused.text


def test_a_trusted_proxy_names_the_client(tmp_path: Path, app_db_url: str, target_db_url: str) -> None:
    with serving(tmp_path, app_db_url, target_db_url, WIRETABLE_TRUSTED_PROXIES="127.0.0.1, ::1") as url:
        assert status(url, ("X-Forwarded-For", "127.0.0.1")) == 200  # a browser on the proxy's host
        assert status(url, ("Forwarded", 'for="[::1]"')) == 200
        assert status(url, ("X-Forwarded-For", REMOTE)) == 401
        assert status(url, ("X-Forwarded-For", f"127.0.0.1, {REMOTE}")) == 401  # the client's own claim is not trusted


def test_a_bad_trusted_proxies_setting_is_one_clear_error(tmp_path: Path, app_db_url: str) -> None:
    env = {**os.environ, "WIRETABLE_HOME": str(tmp_path / "home"), "WIRETABLE_DATABASE_URL": app_db_url,
           "WIRETABLE_TRUSTED_PROXIES": "127.0.0.1, proxy.internal"}
    result = subprocess.run([WIRETABLE, "serve", "--port", str(free_port())], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: WIRETABLE_TRUSTED_PROXIES: 'proxy.internal' is not an IP address or network "
        "(give addresses or CIDR networks separated by commas)")
