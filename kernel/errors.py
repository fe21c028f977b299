"""The operational error tree of wiretable.

Every failure a user can cause or meet (bad input, a dead target, a failing push) is raised
as a subclass of :class:`WiretableError`. The CLI maps it to a one-line message and a non-zero
exit code; the web UI maps it to a notification and a failed job. Programmer mistakes stay
``ValueError``/``TypeError`` and are never caught here.

::

    WiretableError
    ├── CaptureError      capture/: proxy, browser, HAR import, unreachable targets
    ├── InferenceError    inference/: nothing to infer from, unusable traffic
    ├── SchemaError       sql/: invalid schema documents, DDL generation
    ├── PushError         sql/: applying to a target database
    └── JobError          jobs/: unknown job, illegal state transition
"""

from __future__ import annotations


class WiretableError(Exception):
    """Base of every error that is reported to the user as a message, not a traceback."""

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context
        for key, value in context.items():
            setattr(self, key, value)

    def __str__(self) -> str:
        return self.message


class CaptureError(WiretableError):
    """Capturing traffic failed: unreachable URL, proxy or browser failure, malformed HAR."""


class InferenceError(WiretableError):
    """Inference could not produce a schema (for example, no API traffic was captured)."""


class SchemaError(WiretableError):
    """A schema document is invalid or cannot be rendered."""


class PushError(WiretableError):
    """Applying a schema to a target database failed; the target was left unchanged."""


class JobError(WiretableError):
    """A job does not exist or cannot move to the requested state."""
