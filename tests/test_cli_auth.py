"""`wiretable users`, `wiretable token` and `wiretable serve --host` from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

from jobs.accounts import AccountStore, token_digest

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WIRETABLE, *args], capture_output=True, text=True, env=env, timeout=120)


def _env(tmp_path: Path, app_db_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "WIRETABLE_HOME": str(tmp_path / "home"), "WIRETABLE_DATABASE_URL": app_db_url, **extra}


def test_serve_beyond_loopback_refuses_until_sign_in_is_configured(tmp_path: Path, app_db_url: str) -> None:
    env = _env(tmp_path, app_db_url)
    refused = _run("serve", "--host", "0.0.0.0", "--port", "1", env=env)
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "wiretable users add" in lines[0] and "Traceback" not in refused.stderr


def test_users_add_and_token_create(tmp_path: Path, app_db_url: str) -> None:
    env = _env(tmp_path, app_db_url, WIRETABLE_PASSWORD="correct horse")
    added = _run("users", "add", "ana", "--role", "editor", env=env)
    assert added.returncode == 0, added.stderr
    accounts = AccountStore(app_db_url)
    assert accounts.authenticate("ana", "correct horse") is not None
    assert accounts.authenticate("ana", "wrong horse") is None
    with psycopg.connect(app_db_url) as conn:
        stored = conn.execute("SELECT password_hash FROM wiretable_users WHERE name = 'ana'").fetchone()
    assert stored and stored[0].startswith("$argon2")

    made = _run("token", "create", "--role", "admin", env=env)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert made.stdout == token + "\n" and token.startswith("wt_")  # only the token on stdout
    principal = accounts.token_principal(token)
    assert principal is not None and principal.role == "admin"
    with psycopg.connect(app_db_url) as conn:
        rows = conn.execute("SELECT digest FROM wiretable_tokens").fetchall()
    assert [r[0] for r in rows] == [token_digest(token)]  # stored hashed, never as is

    bad = _run("users", "add", "bob", "--role", "owner", env=env)
    assert bad.returncode == 1 and bad.stderr.startswith("error: unknown role")
    short = _run("users", "add", "bob", env={**env, "WIRETABLE_PASSWORD": "short"})
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
