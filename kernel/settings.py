"""Settings: one typed object, built once at the entry point and passed down.

Read from the environment (``WIRETABLE_*``, plus the ``OPENAI_*`` and ``SUPABASE_*`` names that
those ecosystems use). Nothing reads configuration at import time.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_mitmdump() -> str:
    local = PROJECT_ROOT / ".venv-mitm" / "bin" / "mitmdump"
    if local.exists():
        return str(local)
    return shutil.which("mitmdump") or str(local)


def _default_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIRETABLE_", extra="ignore", populate_by_name=True)

    home: Path = Field(default=Path(".wiretable"), description="Data directory: database, captures, jobs")
    database_url: str | None = Field(default=None, description="App database; default: embedded Postgres")
    target_url: str | None = Field(default=None, description="Default push target; default: embedded")
    mitmdump: str = Field(default_factory=_default_mitmdump)
    chromium: str | None = Field(default_factory=_default_chromium)

    # Capture defaults
    budget_seconds: float = 60.0
    max_pages: int = 200
    body_cap_bytes: int = 2_000_000
    max_requests: int = 5000
    upload_max_bytes: int = Field(default=100_000_000, gt=0, description="Largest HAR upload accepted, in bytes")
    push_lock_timeout: float = Field(
        default=60.0, ge=0, description="Seconds a push waits behind another push's lock before giving up")
    push_statement_timeout: float = Field(
        default=600.0, ge=0, description="Seconds one statement of a push may run (0: no limit)")
    # Capture targets on private, loopback and link-local addresses are refused when the UI is used
    # from another machine, unless this is set (no SSRF through a shared server).
    allow_private_targets: bool = False
    # Reverse proxies whose X-Forwarded-For / Forwarded / X-Real-IP headers name the client
    # (addresses or CIDR networks, comma-separated). A request with such headers from any other
    # proxy on this host is never treated as local.
    trusted_proxies: str = ""
    # Sign-in: "auto" asks for it once a user or an API token exists; "required" always does.
    auth: Literal["auto", "required"] = "auto"
    # Jobs: "threads" runs each in a thread of the app; "postgres" defers them to the task queue in
    # the app database, for `wiretable worker` processes and the app's own worker.
    queue: Literal["threads", "postgres"] = "threads"
    worker_concurrency: int = Field(default=2, ge=1, le=64, description="Jobs one worker runs at once")
    worker_stalled_seconds: float = Field(
        default=10.0, ge=6.0, le=3600.0,
        description="Seconds without a worker's heartbeat (sent every 2 s) before its jobs are ended as its own")
    # Where the manual-mode proxy listens; 0.0.0.0 lets phones and other machines connect.
    manual_proxy_host: str = "127.0.0.1"
    manual_proxy_port: int = 0

    # LLM (off when no key is set)
    openai_api_key: str | None = Field(default=None, validation_alias=AliasChoices("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=AliasChoices("OPENAI_BASE_URL"))
    llm_model: str = "gpt-4o-mini"
    llm_send_samples: bool = Field(default=False, description="Send example values (never personal-looking ones)")
    llm_timeout: float = Field(default=60.0, gt=0, description="Seconds to wait for the model's answer")
    llm_max_retries: int = Field(default=2, ge=0, description="Retries after 429/5xx, honouring Retry-After")
    llm_max_prompt_tokens: int = Field(default=12_000, ge=500, description="Budget of the traffic summary")

    # Supabase
    supabase_db_url: str | None = Field(default=None, validation_alias=AliasChoices("SUPABASE_DB_URL"))

    @property
    def home_dir(self) -> Path:
        return self.home.resolve()

    @property
    def pgdata(self) -> Path:
        return self.home_dir / "pgdata"

    @property
    def jobs_dir(self) -> Path:
        return self.home_dir / "jobs"

    @property
    def uploads_dir(self) -> Path:
        """Raw uploads wait here only until their job has imported (and redacted) them."""
        return self.home_dir / "uploads"
