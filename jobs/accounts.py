"""Users, API tokens and roles, kept in the app database.

Three roles, each including the one before it:

- ``viewer`` reads jobs, schemas and their exports;
- ``editor`` also starts captures and imports, and edits schemas;
- ``admin`` also pushes to targets and manages users, tokens and target profiles.

Passwords are hashed with argon2 (argon2-cffi); an API token is shown once, when it is created,
and only its SHA-256 digest is stored (a token carries 256 random bits, so a fast digest is as
safe as a slow hash here and lets every request be checked in one indexed lookup). The secret
that signs UI session cookies lives in the app database too, so every server process of one
installation accepts the same sessions.

Sign-in is *configured* as soon as one user or one token exists; from then on every interface
asks for it (see ``webui.auth``).
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import psycopg

from jobs.appdb import app_connection
from kernel.errors import WiretableError

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
TOKEN_PREFIX = "wt_"
MIN_PASSWORD = 8

_DDL = """
CREATE TABLE IF NOT EXISTS wiretable_users (
    name text PRIMARY KEY,
    password_hash text NOT NULL,
    role text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS wiretable_tokens (
    id text PRIMARY KEY,
    digest text NOT NULL UNIQUE,
    role text NOT NULL,
    label text,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE TABLE IF NOT EXISTS wiretable_auth_secret (
    id integer PRIMARY KEY CHECK (id = 1),
    secret text NOT NULL
);
"""


class AuthError(WiretableError):
    """Signing in failed, or a user, token or role given is not valid."""


def check_role(role: str) -> Role:
    if role not in _RANK:
        raise AuthError(f"unknown role {role!r}: choose viewer, editor or admin")
    return role


def role_allows(role: str, needed: Role) -> bool:
    """True when ``role`` includes ``needed`` (admin ⊃ editor ⊃ viewer)."""
    return role in _RANK and _RANK[role] >= _RANK[needed]


@dataclass(frozen=True)
class Principal:
    """Who a request acts for. ``via`` is how it signed in: a session cookie, a token, or ``open``
    when sign-in is not configured (the frictionless local default)."""

    name: str
    role: Role
    via: Literal["cookie", "token", "open"]
    csrf: str | None = None

    def allows(self, needed: Role) -> bool:
        return role_allows(self.role, needed)


OPEN = Principal(name="local", role="admin", via="open")


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AccountStore:
    """Users and tokens in the app database; one short connection per operation.

    ``configured()`` is asked on every request, so its answer is kept for ``ttl`` seconds
    (changes made through this object are seen at once; those of another process within ``ttl``).
    """

    def __init__(self, conninfo: str, ttl: float = 2.0) -> None:
        self.conninfo = conninfo
        self.ttl = ttl
        self._lock = threading.Lock()
        self._configured: tuple[float, bool] | None = None
        with self._connect() as conn:
            conn.execute(_DDL)

    def _connect(self) -> AbstractContextManager[psycopg.Connection[dict[str, Any]]]:
        return app_connection(self.conninfo, AuthError)

    # users ------------------------------------------------------------------------------

    def add_user(self, name: str, password: str, role: str) -> None:
        """Create a user, or set the password and role of an existing one."""
        role = check_role(role)
        if not _NAME.match(name or ""):
            raise AuthError(f"invalid user name {name!r}: use letters, digits, '.', '_', '@' or '-'")
        if len(password or "") < MIN_PASSWORD:
            raise AuthError(f"the password must have at least {MIN_PASSWORD} characters")
        digest = _hasher().hash(password)
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO wiretable_users (name, password_hash, role, created_at) VALUES (%s,%s,%s,%s)"
                " ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role",
                (name, digest, role, datetime.now(UTC)),
            )
        self._configured = None

    def remove_user(self, name: str) -> None:
        with self._connect() as conn:
            deleted = conn.execute("DELETE FROM wiretable_users WHERE name = %s", (name,)).rowcount
        if not deleted:
            raise AuthError(f"no user named {name!r}")
        self._configured = None

    def users(self) -> list[dict[str, Any]]:
        with self._connect() as conn:
            return conn.execute("SELECT name, role, created_at FROM wiretable_users ORDER BY name").fetchall()

    def user_role(self, name: str) -> Role | None:
        with self._connect() as conn:
            row = conn.execute("SELECT role FROM wiretable_users WHERE name = %s", (name,)).fetchone()
        return None if row is None else check_role(row["role"])

    def authenticate(self, name: str, password: str) -> Principal | None:
        """The user's principal when the password matches, else None (same work either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        with self._connect() as conn:
            row = conn.execute("SELECT password_hash, role FROM wiretable_users WHERE name = %s",
                               (name,)).fetchone()
        hasher = _hasher()
        stored = row["password_hash"] if row else _dummy_hash()
        try:
            hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        return Principal(name=name, role=check_role(row["role"]), via="cookie")

    # tokens -----------------------------------------------------------------------------

    def create_token(self, role: str, label: str | None = None) -> str:
        """A new API token; returned once, stored only as its digest."""
        role = check_role(role)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO wiretable_tokens (id, digest, role, label, created_at) VALUES (%s,%s,%s,%s,%s)",
                (secrets.token_hex(6), token_digest(token), role, label, datetime.now(UTC)),
            )
        self._configured = None
        return token

    def tokens(self) -> list[dict[str, Any]]:
        with self._connect() as conn:
            return conn.execute("SELECT id, role, label, created_at, revoked_at FROM wiretable_tokens"
                                " ORDER BY created_at").fetchall()

    def revoke_token(self, token_id: str) -> None:
        with self._connect() as conn:
            done = conn.execute("UPDATE wiretable_tokens SET revoked_at = %s WHERE id = %s AND revoked_at IS NULL",
                                (datetime.now(UTC), token_id)).rowcount
        if not done:
            raise AuthError(f"no active token with id {token_id!r}")
        self._configured = None

    def token_principal(self, token: str) -> Principal | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        with self._connect() as conn:
            row = conn.execute("SELECT id, role FROM wiretable_tokens WHERE digest = %s AND revoked_at IS NULL",
                               (token_digest(token),)).fetchone()
        return None if row is None else Principal(name=f"token:{row['id']}", role=check_role(row["role"]),
                                                  via="token")

    # installation state -----------------------------------------------------------------

    def configured(self) -> bool:
        """True as soon as one user or one active token exists."""
        cached = self._configured
        now = time.monotonic()
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        with self._connect() as conn:
            row = conn.execute(
                "SELECT EXISTS (SELECT 1 FROM wiretable_users) OR EXISTS"
                " (SELECT 1 FROM wiretable_tokens WHERE revoked_at IS NULL) AS any"
            ).fetchone()
        value = bool(row and row["any"])
        self._configured = (now, value)
        return value

    def session_secret(self) -> str:
        """The key that signs session cookies, created on first use and shared by every process."""
        with self._lock, self._connect() as conn:
            conn.execute("INSERT INTO wiretable_auth_secret (id, secret) VALUES (1, %s) ON CONFLICT (id) DO NOTHING",
                         (secrets.token_urlsafe(48),))
            row = conn.execute("SELECT secret FROM wiretable_auth_secret WHERE id = 1").fetchone()
        assert row is not None
        return str(row["secret"])


@functools.cache
def _dummy_hash() -> str:
    """A real hash to verify against for unknown users, so that timing does not reveal names."""
    return str(_hasher().hash(secrets.token_urlsafe(16)))
