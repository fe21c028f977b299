"""The login page and logout: a plain HTML form (no script needed) styled by the app's stylesheet
(served without sign-in), and a signed session cookie.

Failed attempts are rate-limited per client address and per user name (429 with Retry-After).
The cookie is HttpOnly and SameSite=Lax, Secure when the request came over HTTPS; ``next``
only ever leads to a path of this server.
"""

from __future__ import annotations

import html
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from webui.assets import static_url
from webui.auth.clients import request_client
from webui.auth.gate import COOKIE, SESSION_SECONDS, Gate, same_origin

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · wiretable</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{css}">
</head>
<body class="min-h-screen bg-slate-100 flex justify-center px-4 pt-[12vh] font-sans">
<form method="post" action="/login" class="bg-white p-8 rounded-lg shadow w-80 h-fit" data-mark="login_form">
<h1 class="text-2xl font-semibold mb-4">wiretable</h1>
<input type="hidden" name="next" value="{next}">
<label for="username" class="block mt-3 mb-1 text-slate-700">User name</label>
<input id="username" name="username" autocomplete="username" required
       class="w-full p-2 text-base border border-slate-300 rounded">
<label for="password" class="block mt-3 mb-1 text-slate-700">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required
       class="w-full p-2 text-base border border-slate-300 rounded">
{error}<button type="submit"
        class="mt-5 w-full p-2.5 text-base bg-slate-800 text-white rounded cursor-pointer">Sign in</button>
</form></body></html>
"""


def safe_next(value: Any) -> str:
    """A local path to return to after signing in; anything else becomes ``/``."""
    text = str(value or "/")
    if not text.startswith("/") or text.startswith("//") or "\\" in text or "\n" in text or "\r" in text:
        return "/"
    return text


def login_page(next_path: str = "/", error: str | None = None, status: int = 200) -> HTMLResponse:
    message = f'<p class="text-red-700 mt-2" role="alert">{html.escape(error)}</p>' if error else ""
    return HTMLResponse(_PAGE.format(css=html.escape(static_url("app.css")), next=html.escape(safe_next(next_path)),
                                     error=message), status_code=status)


def register(app: FastAPI, gate: Gate) -> None:
    @app.get("/login", include_in_schema=False)
    def login_form(next: str = "/") -> HTMLResponse:  # noqa: A002 - the query parameter's name
        return login_page(next)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("username") or ""), str(form.get("password") or "")
        next_path = safe_next(form.get("next"))
        if (request.headers.get("origin") or request.headers.get("referer")) and not same_origin(dict(request.scope)):
            return login_page(next_path, "cross-site sign-in refused", status=403)
        client = request_client(request.scope) or "unknown"
        keys = (f"addr:{client}", f"user:{name.lower()}")
        wait = gate.login_limiter.retry_after(*keys)
        if wait:
            refused = login_page(next_path, f"too many failed attempts; try again in {wait} s", status=429)
            refused.headers["Retry-After"] = str(wait)
            return refused
        principal = await run_in_threadpool(gate.accounts.authenticate, name, password) if name and password else None
        if principal is None:
            gate.login_limiter.failed(*keys)
            return login_page(next_path, "wrong user name or password", status=401)
        gate.login_limiter.succeeded(*keys)
        gate.forget(principal.name)
        response = RedirectResponse(next_path, status_code=303)
        response.set_cookie(COOKIE, gate.session_cookie(principal), max_age=SESSION_SECONDS, httponly=True,
                            samesite="lax", secure=request.url.scheme == "https", path="/")
        return response

    @app.post("/logout", include_in_schema=False)
    def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response
