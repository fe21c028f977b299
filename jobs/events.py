"""The typed payloads a job event may carry, one model per kind of fact, told apart by ``type``.

:class:`jobs.model.JobEvent` holds at most one of them in ``data``. They are stored as JSON in the
app database; events stored before payloads carried their ``type`` are recognised by their keys.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, JsonValue


class EndpointsSeen(BaseModel):
    """A capture's progress: the API endpoints seen so far (``METHOD /path``) and, from the
    explorer, its coverage curve: (seconds, route templates, API endpoint templates) points."""

    type: Literal["endpoints"] = "endpoints"
    endpoints: list[str] = Field(default_factory=list)
    coverage: list[tuple[float, int, int]] | None = None


class CaptureFinished(BaseModel):
    """The end of a capture: its endpoints and the live traffic view as it ended (JSON-ready)."""

    type: Literal["capture_finished"] = "capture_finished"
    endpoints: list[str] = Field(default_factory=list)
    traffic: dict[str, JsonValue] = Field(default_factory=dict)


class ProxyReady(BaseModel):
    """A manual capture's proxy is listening: where to point a browser, and how."""

    type: Literal["proxy_ready"] = "proxy_ready"
    proxy: str
    instructions: list[str] = Field(default_factory=list)


class HostChoice(BaseModel):
    """The hosts the user included in inference and excluded from it."""

    type: Literal["hosts"] = "hosts"
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class RefineReport(BaseModel):
    """What the LLM advisor's patches came to."""

    type: Literal["refined"] = "refined"
    accepted: list[str] = Field(default_factory=list)
    rejected: list[str] = Field(default_factory=list)
    error: str | None = None


class SampleDataLoaded(BaseModel):
    """Rows of captured sample data a push loaded and skipped per table, with a reason per table."""

    type: Literal["sample_data"] = "sample_data"
    loaded: dict[str, int] = Field(default_factory=dict)
    skipped: dict[str, int] = Field(default_factory=dict)
    reasons: dict[str, str] = Field(default_factory=dict)


class PushFinished(BaseModel):
    """How a push of the job ended: its result (``jobs.pushing.result_json``) or why it failed.

    It rides on the status event that ends the push, so whoever waits for a push that a worker
    runs learns its outcome from the app database."""

    type: Literal["push"] = "push"
    ok: bool
    error: str | None = None
    cancelled: bool = False
    result: dict[str, JsonValue] = Field(default_factory=dict)
    #: The target as the push was given it, without any password (``jobs.verbs.data.secretless``).
    target: str | None = None


class InferStarted(BaseModel):
    """A run of inference again from the job's captured traffic began (``jobs.reinferring``).

    ``kind``: ``hosts`` infers a job that has a schema again with the current host choices (its
    status stays); ``captured`` infers a failed or cancelled job from what it captured.
    ``queued``: the run went to the task queue (a worker runs it), else a thread of the app."""

    type: Literal["infer_started"] = "infer_started"
    run: str
    kind: Literal["hosts", "captured"]
    queued: bool = False


class InferFinished(BaseModel):
    """How the run ``run`` of inference again ended: the version it saved, or why it saved none."""

    type: Literal["infer_finished"] = "infer_finished"
    run: str
    ok: bool
    version: int | None = None
    error: str | None = None
    cancelled: bool = False


EventData = Annotated[
    EndpointsSeen | CaptureFinished | ProxyReady | HostChoice | RefineReport | SampleDataLoaded | PushFinished
    | InferStarted | InferFinished,
    Field(discriminator="type"),
]

#: How a stored payload without ``type`` is recognised: its first key found here, in this order.
_LEGACY_KEYS = (("traffic", "capture_finished"), ("endpoints", "endpoints"), ("proxy", "proxy_ready"),
                ("include", "hosts"), ("accepted", "refined"), ("loaded", "sample_data"))


def with_type(data: object) -> object:
    """``data`` as stored, with its ``type`` added when it predates the typed payloads; None for {}."""
    if not isinstance(data, dict) or "type" in data:
        return data
    if not data:
        return None
    for key, kind in _LEGACY_KEYS:
        if key in data:
            return {**data, "type": kind}
    return data
