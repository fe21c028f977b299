"""/api/v1/session and /api/v1/health."""

from __future__ import annotations

import shutil
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from jobs.accounts import Principal
from webui.api.deps import SafeRoute, principal, require
from webui.context import AppContext


def _check(name: str, probe: Any) -> dict[str, Any]:
    try:
        detail = probe()
    except Exception as exc:  # a health check reports, it does not fail
        return {"name": name, "ok": False, "detail": str(exc).strip().splitlines()[0] if str(exc).strip()
                else type(exc).__name__}
    return {"name": name, "ok": True, "detail": detail}


def router(ctx: AppContext) -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["system"], route_class=SafeRoute)

    @api.get("/session", summary="Who the caller is: name, role, and the CSRF token of a cookie session")
    def session(request: Request) -> dict[str, Any]:
        who: Principal = principal(request)
        return {"name": who.name, "role": who.role, "via": who.via, "csrf": who.csrf}

    def app_db() -> str:
        ctx.store.list_jobs(limit=1)
        return "answers"

    def target() -> str:
        import psycopg

        from jobs.targets import resolve_any
        from sql.embedded import redact_url

        resolved, _ = resolve_any(ctx.settings.target_url or "embedded", ctx.settings, None)
        if resolved.url is None:
            return f"{resolved.label} (not probed)"
        with psycopg.connect(resolved.url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
        return redact_url(resolved.url)

    def mitmdump() -> str:
        found = shutil.which(ctx.settings.mitmdump)
        if not found:
            raise FileNotFoundError(f"mitmdump not found at {ctx.settings.mitmdump}")
        return found

    def chromium() -> str:
        found = ctx.settings.chromium and shutil.which(ctx.settings.chromium)
        if not found:
            raise FileNotFoundError("Chromium not found (apt-get install chromium)")
        return str(found)

    @api.get("/health", dependencies=[Depends(require("viewer"))],
             summary="App database, push target, mitmdump and Chromium")
    async def health() -> dict[str, Any]:
        checks = [await run_in_threadpool(_check, name, probe) for name, probe in
                  (("app_database", app_db), ("target", target), ("mitmdump", mitmdump), ("chromium", chromium))]
        return {"ok": all(c["ok"] for c in checks), "checks": checks}

    return api
