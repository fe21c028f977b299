"""The login page and logout: a plain HTML form (no script needed), a signed session cookie.

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

from webui.auth.gate import COOKIE, SESSION_SECONDS, Gate, same_origin

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · wiretable</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; background: #f1f5f9; display: flex; justify-content: center;
       padding-top: 12vh; margin: 0; }}
form {{ background: white; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 20rem; }}
h1 {{ font-size: 1.4rem; margin: 0 0 1rem; }} label {{ display: block; margin: .8rem 0 .2rem; color: #334155; }}
input {{ width: 100%; padding: .5rem; box-sizing: border-box; font-size: 1rem; }}
button {{ margin-top: 1.2rem; width: 100%; padding: .6rem; background: #1e293b; color: white; border: 0;
         border-radius: 4px; font-size: 1rem; cursor: pointer; }}
.error {{ color: #b91c1c; margin: .5rem 0 0; }}
</style></head>
<body><form method="post" action="/login">
<h1>wiretable</h1>
<input type="hidden" name="next" value="{next}">
<label for="username">User name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
{error}<button type="submit">Sign in</button>
</form></body></html>
"""


def safe_next(value: Any) -> str:
    """A local path to return to after signing in; anything else becomes ``/``."""
    text = str(value or "/")
    if not text.startswith("/") or text.startswith("//") or "\\" in text or "\n" in text or "\r" in text:
        return "/"
    return text


def login_page(next_path: str = "/", error: str | None = None, status: int = 200) -> HTMLResponse:
    message = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    return HTMLResponse(_PAGE.format(next=html.escape(safe_next(next_path)), error=message), status_code=status)


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
        client = request.client.host if request.client else "unknown"
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
