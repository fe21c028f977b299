"""The embedded Postgres 16 (the ``pgserver`` wheel): the app database and the default push target.

pgserver shares one server per data directory across processes and stops it from ``atexit`` when
the last process using it exits. ``atexit`` does not run on SIGTERM, so a long-running entry point
calls :func:`install_sigterm_handler` to turn SIGTERM into a normal exit.

When run as root, pgserver runs Postgres as a ``pgserver`` user and opens the permissions of the
data directory's parents, so the data directory must not live under ``/root``.

:func:`resolve_target` turns the user's ``--target`` into a connection URL.
"""

from __future__ import annotations

import contextlib
import re
import signal
import sys
import warnings
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import psycopg
from sqlglot import exp

from kernel.errors import PushError

if TYPE_CHECKING:
    from kernel.settings import Settings

TARGET_DATABASE = "wiretable_target"
URL_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD_PARAM = re.compile(r"(password=)[^&]*", re.IGNORECASE)


def _get_server(pgdata: Path, cleanup_mode: str | None) -> Any:
    # pgserver asks platformdirs for a runtime dir at import, which warns when XDG_RUNTIME_DIR is unset.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        get_server: Any = pgserver.get_server  # type: ignore[attr-defined, unused-ignore]
        return get_server(pgdata, cleanup_mode=cleanup_mode)


class EmbeddedPostgres:
    """A handle on the embedded server for one data directory; starts it or reuses a running one.

    ``cleanup_mode`` is pgserver's: ``"stop"`` stops the server when the last process using it
    exits, ``"delete"`` also removes the data directory (for tests), ``None`` leaves it running.
    """

    def __init__(
        self, pgdata: Path | str, *, cleanup_mode: Literal["stop", "delete"] | None = "stop"
    ) -> None:
        self.pgdata = Path(pgdata).expanduser().resolve()
        if self.pgdata == Path("/root") or Path("/root") in self.pgdata.parents:
            raise PushError(
                f"the embedded Postgres data directory {self.pgdata} is under /root, which the server"
                " cannot use; set WIRETABLE_HOME to a directory outside /root",
                path=str(self.pgdata),
            )
        try:
            self.pgdata.parent.mkdir(parents=True, exist_ok=True)
            self._server = _get_server(self.pgdata, cleanup_mode)
        except Exception as exc:  # pgserver raises plain exceptions from initdb/pg_ctl
            raise PushError(
                f"cannot start the embedded Postgres in {self.pgdata}: {_one_line(exc)}",
                path=str(self.pgdata),
            ) from exc
        self.app_url = self.url("postgres")

    def url(self, database: str) -> str:
        """The socket URI of ``database`` on this server."""
        info = self._server.get_postmaster_info()
        if info.socket_dir is not None:
            return f"postgresql://postgres:@/{quote(database, safe='')}?host={quote(str(info.socket_dir), safe='/')}"
        return str(self._server.get_uri(database))

    def database_exists(self, name: str) -> bool:
        with psycopg.connect(self.app_url, autocommit=True) as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        return row is not None

    def ensure_database(self, name: str) -> str:
        """Create database ``name`` if it is missing and return its URI."""
        if not self.database_exists(name):
            statement = exp.Create(
                this=exp.Table(this=exp.Identifier(this=name, quoted=True)), kind="DATABASE"
            )
            # Another process may create it between the check and here.
            with (
                psycopg.connect(self.app_url, autocommit=True) as conn,
                contextlib.suppress(psycopg.errors.DuplicateDatabase),
            ):
                conn.execute(statement.sql("postgres"))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        statement = exp.Drop(
            tables=[exp.Table(this=exp.Identifier(this=name, quoted=True))], kind="DATABASE", exists=True
        )
        with psycopg.connect(self.app_url, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            conn.execute(statement.sql("postgres"))

    def close(self) -> None:
        """Release this process's handle now (the server stops if it was the last one)."""
        self._server.cleanup()

    def target_url(self) -> str:
        """The default push target, the ``wiretable_target`` database, created on first use."""
        return self.ensure_database(TARGET_DATABASE)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def install_sigterm_handler() -> None:
    """Make SIGTERM exit normally so ``atexit`` handlers (which stop the server) run."""

    def _exit(signum: int, frame: FrameType | None) -> None:
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, _exit)


def resolve_target(target: str | None, settings: Settings) -> str:
    """Turn a push target into a Postgres URL.

    ``None`` means the configured ``WIRETABLE_TARGET_URL``, or the embedded target when unset;
    ``"embedded"`` is the ``wiretable_target`` database on the embedded server; ``"supabase"``
    is ``SUPABASE_DB_URL``; anything starting with ``postgresql://`` or ``postgres://`` is used as
    is (including the socket form ``postgresql://user:@/db?host=/path``).
    """
    if target is None:
        target = settings.target_url or "embedded"
    cleaned = target.strip()
    if cleaned.lower() == "embedded":
        return EmbeddedPostgres(settings.pgdata).target_url()
    if cleaned.lower() == "supabase":
        if not settings.supabase_db_url:
            raise PushError(
                "target 'supabase' needs SUPABASE_DB_URL (the project's Postgres connection string)"
            )
        cleaned = settings.supabase_db_url.strip()
    if cleaned.lower().startswith(URL_SCHEMES) and len(cleaned.split("://", 1)[1]) > 0:
        return cleaned
    raise PushError(
        f"unsupported target {redact_url(cleaned)!r}: use 'embedded' or a postgresql:// URL",
        url=redact_url(cleaned),
    )


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***``, fit for messages and logs."""
    url = _PASSWORD_PARAM.sub(r"\1***", url)
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, tail = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if at and ":" in userinfo:
        user, _, password = userinfo.partition(":")
        if password:
            authority = f"{user}:***@{host}"
    return f"{scheme}{sep}{authority}{slash}{tail}"
