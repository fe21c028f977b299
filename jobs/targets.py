"""Saved push targets ("profiles") in the app database, without their secrets.

A profile keeps what names a target — a Postgres URL with its password removed, a Supabase
project ref, a REST URL — and whether each secret was given (no part of it). The secrets themselves
(database password, Management API token, REST key) never reach the database or the disk: they
live in this process's memory for as long as the app runs, or come from the environment
(``PGPASSWORD``/``~/.pgpass`` for Postgres, ``SUPABASE_ACCESS_TOKEN``, ``SUPABASE_KEY``), so the CLI
and a restarted app use a profile with the secrets of their own environment.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import psycopg
from pydantic import BaseModel, SecretStr

from kernel.errors import JobError, PushError
from kernel.settings import Settings
from sql.embedded import URL_SCHEMES
from sql.migrate import SupabaseSettings, Target, management_api, resolve

Kind = Literal["postgres", "supabase_api"]
KEYWORDS = {"embedded", "supabase", "supabase-api"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

_DDL = """
CREATE TABLE IF NOT EXISTS wiretable_targets (
    name text PRIMARY KEY,
    kind text NOT NULL,
    url text,
    project_ref text,
    rest_url text,
    secret_hint text,
    rest_key_hint text,
    updated_at timestamptz NOT NULL
)
"""
_COLUMNS = "name, kind, url, project_ref, rest_url, secret_hint, rest_key_hint"


SECRET_SET = "set (kept in memory only)"


def mask(secret: str | None) -> str | None:
    """Whether a secret was given: no character, length or digest of it is kept."""
    return SECRET_SET if secret else None


def split_password(url: str) -> tuple[str, str | None]:
    """(the URL without its password, the password) for ``postgresql://user:pass@host/db``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{quote(unquote(parts.username or ''), safe='')}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), unquote(parts.password)


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    user = quote(unquote(parts.username or ""), safe="")
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{user}:{quote(password, safe='')}@{host}", parts.path, parts.query,
                       parts.fragment))


class TargetProfile(BaseModel):
    name: str
    kind: Kind = "postgres"
    url: str | None = None
    project_ref: str | None = None
    rest_url: str | None = None
    secret_hint: str | None = None
    rest_key_hint: str | None = None


class TargetStore:
    """Profiles in ``wiretable_targets``; secrets in memory only (see the module docstring)."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._secrets: dict[tuple[str, str], SecretStr] = {}
        self._lock = threading.Lock()
        with psycopg.connect(conninfo, connect_timeout=10) as conn:
            conn.execute(_DDL)
            # Hints stored by earlier versions held a secret's first and last characters.
            conn.execute("UPDATE wiretable_targets SET secret_hint = %s WHERE secret_hint IS NOT NULL "
                         "AND secret_hint <> %s", (SECRET_SET, SECRET_SET))
            conn.execute("UPDATE wiretable_targets SET rest_key_hint = %s WHERE rest_key_hint IS NOT NULL "
                         "AND rest_key_hint <> %s", (SECRET_SET, SECRET_SET))

    def save(
        self,
        name: str,
        kind: Kind,
        *,
        url: str | None = None,
        project_ref: str | None = None,
        secret: str | None = None,
        rest_url: str | None = None,
        rest_key: str | None = None,
    ) -> TargetProfile:
        name = name.strip()
        if not _NAME.match(name) or name.lower() in KEYWORDS:
            raise JobError(f"invalid profile name {name!r}: use letters, digits, '.', '_' or '-'")
        if kind == "postgres":
            if not url or not url.strip().lower().startswith(URL_SCHEMES):
                raise JobError("a Postgres profile needs a postgresql:// URL")
            url, password = split_password(url.strip())
            secret = secret or password
        elif not project_ref or not re.fullmatch(r"[A-Za-z0-9_-]+", project_ref.strip()):
            raise JobError("a Management API profile needs the project ref")
        profile = TargetProfile(
            name=name, kind=kind, url=url, project_ref=(project_ref or "").strip() or None,
            rest_url=(rest_url or "").strip() or None, secret_hint=mask(secret), rest_key_hint=mask(rest_key),
        )
        with self._lock:
            for label, value in (("secret", secret), ("rest_key", rest_key)):
                if value:
                    self._secrets[(name, label)] = SecretStr(value)
        with psycopg.connect(self.conninfo) as conn:
            conn.execute(
                f"INSERT INTO wiretable_targets ({_COLUMNS}, updated_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)"
                " ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, url = EXCLUDED.url,"
                " project_ref = EXCLUDED.project_ref, rest_url = EXCLUDED.rest_url,"
                " secret_hint = EXCLUDED.secret_hint, rest_key_hint = EXCLUDED.rest_key_hint,"
                " updated_at = EXCLUDED.updated_at",
                (profile.name, profile.kind, profile.url, profile.project_ref, profile.rest_url,
                 profile.secret_hint, profile.rest_key_hint, datetime.now(UTC)),
            )
        return profile

    def list(self) -> list[TargetProfile]:
        with psycopg.connect(self.conninfo) as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM wiretable_targets ORDER BY name").fetchall()
        return [TargetProfile(**dict(zip(_COLUMNS.split(", "), r, strict=True))) for r in rows]

    def get(self, name: str) -> TargetProfile | None:
        return next((p for p in self.list() if p.name == name), None)

    def delete(self, name: str) -> None:
        with psycopg.connect(self.conninfo) as conn:
            conn.execute("DELETE FROM wiretable_targets WHERE name = %s", (name,))
        with self._lock:
            self._secrets.pop((name, "secret"), None)
            self._secrets.pop((name, "rest_key"), None)

    def holds_secrets(self, name: str) -> bool:
        """Whether this process keeps a secret of the profile ``name`` in memory."""
        with self._lock:
            return (name, "secret") in self._secrets or (name, "rest_key") in self._secrets

    def _secret(self, name: str, label: str) -> str | None:
        with self._lock:
            value = self._secrets.get((name, label))
        return value.get_secret_value() if value else None

    def target(self, profile: TargetProfile, supa: SupabaseSettings) -> tuple[Target, SupabaseSettings]:
        """The profile as a push target, and the Supabase settings its REST check uses."""
        rest_key = self._secret(profile.name, "rest_key")
        rest = supa.model_copy(update={
            "url": profile.rest_url or supa.url,
            "key": SecretStr(rest_key) if rest_key else supa.key,
        })
        secret = self._secret(profile.name, "secret")
        if profile.kind == "supabase_api":
            token = SecretStr(secret) if secret else supa.access_token
            api = supa.model_copy(update={"access_token": token, "project_ref": profile.project_ref})
            return management_api(api), rest
        assert profile.url is not None
        url = with_password(profile.url, secret) if secret else profile.url
        return Target("postgres", url=url), rest


def is_profile_name(target: str | None) -> bool:
    name = (target or "").strip()
    return bool(_NAME.match(name)) and name.lower() not in KEYWORDS


def secret_in_memory(target: str | None, stores: Callable[[], TargetStore] | None) -> bool:
    """Whether pushing to ``target`` needs a secret that only this process holds: a password typed
    into a URL, or a profile whose secrets were given to this process. Such a push cannot be handed
    to another process without writing the secret down."""
    name = (target or "").strip()
    if is_profile_name(name):
        return stores is not None and stores().holds_secrets(name)
    lowered = name.lower()
    return "password=" in lowered or (lowered.startswith(URL_SCHEMES) and bool(split_password(name)[1]))


def resolve_any(
    target: str | None,
    settings: Settings,
    stores: Callable[[], TargetStore] | None,
    supa: SupabaseSettings | None = None,
) -> tuple[Target, SupabaseSettings]:
    """A keyword, a URL, or the name of a saved profile (looked up in ``stores()``), as a push target."""
    supa = supa or SupabaseSettings()
    name = (target or "").strip()
    if is_profile_name(name) and stores is not None:
        store = stores()
        profile = store.get(name)
        if profile is None:
            raise PushError(f"unknown target {name!r}: use 'embedded', 'supabase', a postgresql:// URL"
                            " or the name of a saved target profile")
        return store.target(profile, supa)
    return resolve(target, settings, supa), supa
