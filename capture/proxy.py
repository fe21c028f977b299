"""The capture proxy: ``mitmdump`` with the Exchange addon, run as a child process.

mitmproxy lives in its own environment (``.venv-mitm``; ``WIRETABLE_MITMDUMP`` overrides the
binary), so the app only ever talks to it as a subprocess. :class:`ProxyProcess` guarantees:

- When ``start()`` (or ``with``) returns, the proxy accepts connections on ``listen_host``
  (``127.0.0.1`` unless a manual capture asks for more) and the addon has opened the output file.
- Secret values to hide reach the addon through its environment, never its command line.
- A proxy that cannot start raises :class:`~kernel.errors.CaptureError` carrying the tail of
  mitmdump's stderr, never a hang: start-up is bounded by ``start_timeout``.
- ``stop()`` sends SIGTERM (mitmdump then runs the addon's ``done()``, so no completed flow is
  lost), kills after ``stop_timeout``, and is safe to call more than once.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from kernel.errors import CaptureError

ADDON_PATH = Path(__file__).resolve().parent / "addon.py"
_PORT_RETRIES = 3
# mitmproxy's CA (key and certificate), written in its confdir by the first mitmdump started there.
_CA_KEY = "mitmproxy-ca.pem"
_CA_LOCK = ".wiretable-ca.lock"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def resolve_mitmdump(mitmdump: str) -> str:
    """The mitmdump executable's path; CaptureError with the fix when it is missing."""
    found = shutil.which(mitmdump) if os.sep not in mitmdump else mitmdump
    if not found or not os.access(found, os.X_OK) or not os.path.isfile(found):
        raise CaptureError(
            f"mitmdump not found at {mitmdump!r}: run `make setup` to create .venv-mitm, "
            "or set WIRETABLE_MITMDUMP to a mitmdump binary",
            path=mitmdump,
        )
    return found


class ProxyProcess:
    """A running ``mitmdump -s capture/addon.py`` that writes Exchange lines to ``out_path``."""

    def __init__(
        self,
        mitmdump: str,
        out_path: Path,
        confdir: Path,
        *,
        port: int | None = None,
        body_cap: int,
        extra_args: Sequence[str] = (),
        listen_host: str = "127.0.0.1",
        redact_headers: Sequence[str] = (),
        redact_values: Sequence[str] = (),
        block_private: bool = False,
        start_timeout: float = 20.0,
        stop_timeout: float = 5.0,
    ) -> None:
        if body_cap <= 0:
            raise ValueError(f"body_cap must be positive, not {body_cap}")
        self.mitmdump = mitmdump
        self.out_path = Path(out_path)
        self.confdir = Path(confdir)
        self.body_cap = body_cap
        self.extra_args = tuple(extra_args)
        self.listen_host = listen_host
        self.redact_headers = tuple(redact_headers)
        self.redact_values = tuple(redact_values)
        self.block_private = block_private
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self._requested_port = port
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the proxy is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca_cert_path(self) -> Path:
        """mitmproxy's CA certificate (public part only), created on first start."""
        return self.confdir / "mitmproxy-ca-cert.pem"

    @property
    def _connect_host(self) -> str:
        return "127.0.0.1" if self.listen_host in ("", "0.0.0.0", "::") else self.listen_host

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def command(self, binary: str, port: int) -> list[str]:
        return [
            binary,
            "-s", str(ADDON_PATH),
            "--listen-host", self.listen_host,
            "--listen-port", str(port),
            "--set", f"confdir={self.confdir}",
            "--set", "ssl_insecure=true",
            "--set", f"wiretable_out={self.out_path}",
            "--set", f"wiretable_body_cap={self.body_cap}",
            # Bodies over the cap are passed through, never buffered in mitmdump's memory.
            "--set", f"stream_large_bodies={self.body_cap}",
            "-q",
            *[arg for name in self.redact_headers for arg in ("--set", f"wiretable_redact_headers={name}")],
            *(("--set", "wiretable_block_private=true") if self.block_private else ()),
            *self.extra_args,
        ]  # fmt: skip

    def start(self) -> ProxyProcess:
        if self._process is not None:
            raise RuntimeError("the proxy is already started")
        binary = resolve_mitmdump(self.mitmdump)
        self.confdir.mkdir(parents=True, exist_ok=True)
        self.out_path.parent.mkdir(parents=True, exist_ok=True)
        attempts = 1 if self._requested_port is not None else _PORT_RETRIES
        with self._ca_lock():
            for attempt in range(attempts):
                port = self._requested_port or free_port()
                try:
                    self._launch(binary, port)
                    return self
                except CaptureError as exc:
                    self.stop()
                    if "address already in use" not in str(exc).lower() or attempt == attempts - 1:
                        raise
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _ca_lock(self) -> Iterator[None]:
        """While the confdir has no CA yet, one mitmdump at a time starts there (on this machine),
        until it listens and so has written the CA: mitmdumps starting together (captures that a
        worker or the app starts at once) would otherwise read each other's half-written CA files
        and exit. Once the CA exists the lock is held only to look."""
        import fcntl

        with (self.confdir / _CA_LOCK).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if (self.confdir / _CA_KEY).is_file():
                fcntl.flock(lock, fcntl.LOCK_UN)
            yield

    def _launch(self, binary: str, port: int) -> None:
        existed = self.out_path.exists()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115  (lives as long as the process; closed in stop())
        try:
            env = dict(os.environ)
            env.pop("WIRETABLE_REDACT_VALUES", None)
            if self.redact_values:
                env["WIRETABLE_REDACT_VALUES"] = json.dumps(list(self.redact_values))
            self._process = subprocess.Popen(
                self.command(binary, port),
                env=env,
                stdin=subprocess.DEVNULL,
                # With -q mitmdump prints only errors, and addon errors go to stdout.
                stdout=self._stderr,
                stderr=subprocess.STDOUT,
            )
        except OSError as exc:
            raise CaptureError(f"cannot start mitmdump ({binary}): {exc}", path=binary) from exc
        self.port = port
        deadline = time.monotonic() + self.start_timeout
        while True:
            code = self._process.poll()
            if code is not None:
                raise CaptureError(
                    f"mitmdump exited with code {code} while starting: {self.stderr_tail() or 'no output'}",
                    port=port,
                )
            if _accepts(self._connect_host, port):
                break
            if time.monotonic() > deadline:
                raise CaptureError(
                    f"mitmdump did not accept connections on port {port} within "
                    f"{self.start_timeout:.0f} s: {self.stderr_tail() or 'no output'}",
                    port=port,
                )
            time.sleep(0.05)
        if not existed and not self.out_path.exists():
            raise CaptureError(
                f"the capture addon did not load into mitmdump: {self.stderr_tail() or 'no output'}",
                path=str(ADDON_PATH),
            )

    def stderr_tail(self, limit: int = 2000) -> str:
        """The last ``limit`` characters of mitmdump's output (stderr and stdout; errors only)."""
        if self._stderr is None or self._stderr.closed:
            return ""
        self._stderr.flush()
        size = self._stderr.seek(0, os.SEEK_END)
        self._stderr.seek(max(0, size - limit))
        return self._stderr.read().decode("utf-8", errors="replace").strip()

    def stop(self) -> int | None:
        """Stop mitmdump (SIGTERM, then SIGKILL after ``stop_timeout``); returns its exit code."""
        process, self._process = self._process, None
        code: int | None = None
        if process is not None:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=self.stop_timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            code = process.returncode
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        return code

    def __enter__(self) -> ProxyProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False
