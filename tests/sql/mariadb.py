"""A throwaway MariaDB server (Debian's mariadb-server) on a Unix socket in a temp dir, for running
the MySQL dialect's DDL; the tests that need it skip when it is not installed."""

from __future__ import annotations

import getpass
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


class MariaDB:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = root / "mysql.sock"

    def run(self, sql: str, database: str | None = None) -> str:
        args = ["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot", "-N", "-B"]
        if database:
            args.append(database)
        done = subprocess.run(args, input=sql, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise AssertionError(f"MariaDB refused the SQL: {done.stderr.strip()}\n{sql}")
        return done.stdout


def mariadb_server() -> Iterator[MariaDB]:
    """A throwaway MariaDB server on a Unix socket (no TCP), data dir in /tmp."""
    if not shutil.which("mariadbd") and not Path("/usr/sbin/mariadbd").exists():
        pytest.skip("MariaDB is not installed: `make mariadb` (apt-get install mariadb-server) installs it")
    server = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
    root = Path(tempfile.mkdtemp(prefix="wiretable-mariadb-", dir="/tmp"))
    user = getpass.getuser()
    install = subprocess.run(
        ["mariadb-install-db", "--no-defaults", f"--datadir={root / 'data'}", f"--user={user}",
         "--auth-root-authentication-method=normal", "--skip-test-db"],
        capture_output=True, text=True, timeout=120,
    )
    if install.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"mariadb-install-db failed: {install.stderr.strip()[-300:]}")
    db = MariaDB(root)
    log = (root / "server.log").open("w")
    proc = subprocess.Popen(
        [server, "--no-defaults", f"--datadir={root / 'data'}", f"--socket={db.socket}", "--skip-networking",
         f"--user={user}", f"--pid-file={root / 'mariadb.pid'}", f"--log-error={root / 'error.log'}"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(150):
            if proc.poll() is not None:
                pytest.skip(f"mariadbd exited: {(root / 'error.log').read_text()[-300:]}")
            try:
                db.run("SELECT 1")
                break
            except AssertionError:
                time.sleep(0.1)
        yield db
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(root, ignore_errors=True)
