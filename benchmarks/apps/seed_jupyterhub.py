"""Seed a running JupyterHub through its own REST API (standard library only; run with any Python).

    python seed_jupyterhub.py http://127.0.0.1:PORT SEED_TOKEN ADMIN_PASSWORD USER_PASSWORD STATE.json

Deterministic: a course hub with an admin, two more admins, teaching assistants and students (some users
never signed in), groups with members and properties (roles come from the hub's configuration), default and
named servers started for some users (the hub's mock single-user server), one of them stopped again, API
tokens with notes, and users who signed in through the login form. STATE.json receives the admin's session
cookies as a Playwright storage state, for a capture that starts signed in.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

ADMINS = ("admin", "lena", "tomas")
ASSISTANTS = ("priya", "oskar", "mei")
STUDENTS = ("amara", "ben", "carla", "dmitri", "elif", "farid", "grace", "hiro", "ines", "jonas", "kofi",
            "lucia", "mateo", "nadia", "olga", "pavel", "quinn", "rosa", "sanjay", "tessa", "umar", "vera")
GROUPS = {
    "teaching-assistants": (ASSISTANTS, {"course": "data-101", "room": "B2.14"}),
    "students": (STUDENTS, {"course": "data-101", "term": "2024-autumn", "quota_gb": 5}),
    "lab-a": (STUDENTS[:8], {"session": "monday", "gpu": False}),
    "lab-b": (STUDENTS[8:16], {"session": "wednesday", "gpu": False}),
    "gpu-pilot": (("hiro", "ines", "mei"), {"gpu": True, "image": "cuda-12"}),
    "alumni": ((), {}),
}
DEFAULT_SERVERS = ("amara", "ben", "carla", "hiro", "priya", "lena")
NAMED_SERVERS = [("ines", "thesis", {"profile": "large"}), ("ines", "scratch", {}), ("mei", "gpu-test", {"gpu": 1}),
                 ("dmitri", "project", {"profile": "small"})]
STOPPED = [("ines", "scratch"), ("ben", "")]
TOKENS = [("lena", "grading script", 86400 * 30), ("priya", "nbgrader export", None), ("hiro", "vscode", 3600 * 8)]
SIGN_INS = ("amara", "carla", "elif", "kofi", "mei", "oskar")


class Hub:
    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}/hub/api{path}", data=data, method=method,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
        return json.loads(text) if text else None


def sign_in(base: str, username: str, password: str) -> http.cookiejar.CookieJar:
    """Sign in through the login form, as a browser does (the form's XSRF token from its page)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/hub/login", timeout=30) as response:
        page = response.read().decode()
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
    form = {"username": username, "password": password, **({"_xsrf": xsrf.group(1)} if xsrf else {})}
    with opener.open(f"{base}/hub/login?next=%2Fhub%2Fhome", data=urllib.parse.urlencode(form).encode(),
                     timeout=30) as response:
        response.read()
    names = {c.name for c in jar}
    if not any(n.startswith("jupyterhub-session") or n == "jupyterhub-hub-login" for n in names):
        raise RuntimeError(f"signing in as {username} failed: cookies {sorted(names)}")
    return jar


def wait_ready(hub: Hub, user: str, server: str) -> None:
    for _ in range(120):
        model = hub.call("GET", f"/users/{user}")
        state = model.get("servers", {}).get(server)
        if state and state.get("ready"):
            return
        time.sleep(0.5)
    raise RuntimeError(f"server {user}/{server!r} did not start")


def main(base: str, token: str, admin_password: str, user_password: str, state_path: str) -> None:
    base = base.rstrip("/")
    hub = Hub(base, token)
    hub.call("POST", "/users", {"usernames": [a for a in ADMINS if a != "admin"], "admin": True})
    hub.call("POST", "/users", {"usernames": list(ASSISTANTS) + list(STUDENTS)})
    for name, (members, properties) in GROUPS.items():
        try:
            hub.call("POST", f"/groups/{name}", {"users": list(members)})
        except urllib.error.HTTPError as exc:  # a group the configuration's roles name exists from the start
            if exc.code != 409:
                raise
            hub.call("POST", f"/groups/{name}/users", {"users": list(members)})
        if properties:
            hub.call("PUT", f"/groups/{name}/properties", properties)
    for user in DEFAULT_SERVERS:
        hub.call("POST", f"/users/{user}/server", {})
        wait_ready(hub, user, "")
    for user, server, options in NAMED_SERVERS:
        hub.call("POST", f"/users/{user}/servers/{server}", options)
        wait_ready(hub, user, server)
    for user, server in STOPPED:
        path = f"/users/{user}/servers/{server}" if server else f"/users/{user}/server"
        hub.call("DELETE", path)
    for user, note, expires in TOKENS:
        hub.call("POST", f"/users/{user}/tokens", {"note": note, **({"expires_in": expires} if expires else {})})
    for user in SIGN_INS:
        sign_in(base, user, user_password)
    jar = sign_in(base, "admin", admin_password)
    cookies = [{"name": c.name, "value": c.value or "", "domain": c.domain.lstrip(".").removesuffix(".local"),
                "path": c.path, "expires": -1, "httpOnly": False, "secure": False, "sameSite": "Lax"} for c in jar]
    with open(state_path, "w", encoding="utf-8") as handle:
        json.dump({"cookies": cookies, "origins": []}, handle, indent=1)
    print(f"seeded {len(ADMINS) + len(ASSISTANTS) + len(STUDENTS)} users, {len(GROUPS)} groups")


if __name__ == "__main__":
    main(*sys.argv[1:6])
