"""The Job model, its state machine and the small typed events a job emits.

States::

    queued → capturing → inferring → ready → applying → applied
                                       ▲         │
                                       └─────────┘  (a failed push returns the job to ready)

``failed`` and ``cancelled`` are reachable from every state that is still running. A finished job
can be pushed again (``applied → applying``), so a user can push an edited schema.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, HttpUrl, TypeAdapter, ValidationError, field_validator

from jobs.events import EventData, with_type
from kernel.errors import JobError


class JobStatus(StrEnum):
    QUEUED = "queued"
    CAPTURING = "capturing"
    INFERRING = "inferring"
    READY = "ready"
    APPLYING = "applying"
    APPLIED = "applied"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def running(self) -> bool:
        return self in RUNNING

    @property
    def has_schema(self) -> bool:
        return self in (JobStatus.READY, JobStatus.APPLYING, JobStatus.APPLIED)


RUNNING = frozenset({JobStatus.QUEUED, JobStatus.CAPTURING, JobStatus.INFERRING, JobStatus.APPLYING})

_TERMINAL = {JobStatus.FAILED, JobStatus.CANCELLED}
TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    JobStatus.QUEUED: frozenset({JobStatus.CAPTURING, JobStatus.INFERRING} | _TERMINAL),
    JobStatus.CAPTURING: frozenset({JobStatus.INFERRING} | _TERMINAL),
    JobStatus.INFERRING: frozenset({JobStatus.READY} | _TERMINAL),
    JobStatus.READY: frozenset({JobStatus.APPLYING, JobStatus.CANCELLED}),
    JobStatus.APPLYING: frozenset({JobStatus.APPLIED, JobStatus.READY} | _TERMINAL),
    JobStatus.APPLIED: frozenset({JobStatus.APPLYING}),
    # A job cut off (by an error, a cancel or a restart) can still be inferred from what it captured.
    JobStatus.FAILED: frozenset({JobStatus.INFERRING}),
    JobStatus.CANCELLED: frozenset({JobStatus.INFERRING}),
}


def check_transition(job_id: str, current: JobStatus, new: JobStatus) -> None:
    if new not in TRANSITIONS[current]:
        raise JobError(f"job {job_id} cannot go from {current} to {new}", job_id=job_id)


Mode = Literal["browser", "manual", "har"]


class JobOptions(BaseModel):
    budget_seconds: float = Field(default=60.0, gt=0, le=3600)
    max_pages: int = Field(default=200, ge=1, le=10_000)
    same_origin: bool = True
    llm: bool = False
    max_requests: int = Field(default=5000, ge=1, le=1_000_000)
    # Clicking delete/pay/send-like controls and submitting forms (off: exploration is read-only).
    allow_destructive_clicks: bool = False
    # Third-party hosts to include in inference, first-party ones to leave out (host names).
    include_hosts: list[str] = Field(default_factory=list)
    exclude_hosts: list[str] = Field(default_factory=list)
    # Only that credentials were supplied and the names of the extra headers: never their values.
    authenticated: bool = False
    auth_header_names: list[str] = Field(default_factory=list)


class Job(BaseModel):
    id: str
    target_url: str
    mode: Mode = "browser"
    options: JobOptions = Field(default_factory=JobOptions)
    status: JobStatus = JobStatus.QUEUED
    stage: str = "queued"
    counters: dict[str, int] = Field(default_factory=dict)
    error: str | None = None
    artifacts: dict[str, str] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime


class JobEvent(BaseModel):
    """One stored progress event. ``kind`` distinguishes progress, state changes and failures;
    ``data`` is the typed fact it carries, if any (:mod:`jobs.events`)."""

    job_id: str
    seq: int = 0
    at: datetime
    kind: Literal["progress", "status", "failed", "info"] = "progress"
    stage: str
    message: str
    counters: dict[str, int] = Field(default_factory=dict)
    fraction: float | None = None
    data: EventData | None = None

    @field_validator("data", mode="before")
    @classmethod
    def _stored(cls, value: object) -> object:
        return with_type(value)


_URL = TypeAdapter(HttpUrl)


def check_target_url(url: str) -> str:
    """Accept only absolute http(s) URLs; the message says what is wrong and what to do."""
    from kernel.errors import CaptureError

    url = url.strip()
    if not url:
        raise CaptureError("enter the URL of the web app to capture, e.g. http://127.0.0.1:8081/")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        raise CaptureError(f"only http:// and https:// URLs can be captured, not {url!r}", url=url)
    try:
        _URL.validate_python(url)
    except ValidationError as exc:
        raise CaptureError(f"not a valid URL: {url!r}", url=url) from exc
    return url
