"""What every /api/v1 route shares: the caller's principal and role checks, JSON errors without
tracebacks, and the body size limit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from jobs.accounts import Principal, Role
from kernel.errors import JobError, SchemaError, WiretableError
from webui.auth.middleware import SCOPE_KEY

log = logging.getLogger("wiretable.api")

MAX_JSON_BYTES = 5_000_000


def principal(request: Request) -> Principal:
    found = request.scope.get(SCOPE_KEY)
    if not isinstance(found, Principal):  # the sign-in middleware is not in front of this app
        raise HTTPException(401, "sign in required")
    return found


def require(role: Role) -> Callable[[Request], Principal]:
    """A dependency: the caller's principal, or 403 when its role is below ``role``."""

    def check(request: Request) -> Principal:
        who = principal(request)
        if not who.allows(role):
            raise HTTPException(403, f"this needs the {role} role; yours is {who.role}")
        return who

    return check


def error_status(exc: WiretableError) -> int:
    from jobs.schema_store import NotFound, StaleVersion
    from jobs.uploads import UploadTooLarge

    if isinstance(exc, UploadTooLarge):
        return 413
    if isinstance(exc, NotFound) or str(exc).startswith("no job with id") or getattr(exc, "missing", False):
        return 404
    if isinstance(exc, StaleVersion):
        return 412
    if isinstance(exc, JobError) and "cannot go from" in str(exc):
        return 409
    if isinstance(exc, SchemaError | JobError):
        return 422
    return 400


class SafeRoute(APIRoute):
    """Maps errors to JSON: a WiretableError to a 4xx with its message, anything else to a 500 that
    names no internals (the traceback goes to the log only)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def safe(request: Request) -> Response:
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > MAX_JSON_BYTES and "multipart" not in (
                    request.headers.get("content-type") or ""):
                return JSONResponse({"detail": f"body too large: at most {MAX_JSON_BYTES} bytes"}, 413)
            try:
                return await handler(request)
            except (HTTPException, RequestValidationError):
                raise
            except WiretableError as exc:
                return JSONResponse({"detail": str(exc)}, error_status(exc))
            except Exception as exc:
                log.error("API %s %s failed", request.method, request.url.path, exc_info=True)
                return JSONResponse({"detail": f"internal error ({type(exc).__name__}); see the server log"}, 500)

        return safe
