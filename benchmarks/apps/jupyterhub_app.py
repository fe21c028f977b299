"""JupyterHub (PyPI, BSD-3-Clause): the multi-user notebook hub. Its admin page is a React single-page app
(`/hub/admin`, client-side routes for users, groups and their edit forms) over the hub's REST API
(`/hub/api/users`, `/hub/api/groups`, records keyed by name, servers as a map keyed by server name), behind a
sign-in; the database is SQLAlchemy (`jupyterhub/orm.py`). It runs behind the pure-Python
configurable-http-proxy (PyPI) rather than the Node one, and spawns the hub's own mock single-user server
(`jupyterhub.tests.mocksu`, shipped in the wheel) so that servers really start without Jupyter Server. Seeded
through its REST API by ``seed_jupyterhub.py``, which also writes the signed-in browser state."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from pathlib import Path

import httpx
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from benchmarks.apps.common import HERE_APPS, Running, app_dir, free_port, run_in, spawn, venv, wait_until
from benchmarks.apps.walking import click_all, settle, visit
from capture.auth import Credentials

NAME = "jupyterhub"
VERSION = "6.1.1"
REGISTRY = "PyPI"
LICENCE = "BSD-3-Clause"
REQUIREMENTS = ("jupyterhub==6.1.1", "configurable-http-proxy==0.4.0")
# local test data only: the seeded hub's admin password (at least 32 characters), the users' shared password,
# and the token of the service that seeds it
ADMIN_PASSWORD = "wiretable-seed-admin-password-0123456789"
USER_PASSWORD = "wiretable-users"
SEED_TOKEN = "wiretable-seed-service-token-5f1c2a"
STATE = "state.json"  # the admin's signed-in browser state, beside the app's environment
CAPTURE_PATH = "hub/admin"  # the React admin page; the hub's other pages are rendered on the server

CONFIG = """\
import sys
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{data}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{data}/cookie_secret"
c.JupyterHub.pid_file = "{data}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.admin_password = {admin_password!r}
c.SharedPasswordAuthenticator.user_password = {user_password!r}
c.Authenticator.admin_users = {{"admin"}}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{data}/home/{{username}}"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.tests.mocksu"]
c.JupyterHub.allow_named_servers = True
c.JupyterHub.named_server_limit_per_user = 3
c.JupyterHub.services = [{{"name": "seeder", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "admin", "services": ["seeder"]}},
    {{"name": "grader", "description": "Reads students and opens their servers",
      "scopes": ["list:users", "read:users", "access:servers!group=students"], "groups": ["teaching-assistants"]}},
    {{"name": "observer", "description": "Reads activity for the usage report",
      "scopes": ["list:users", "read:users:activity"], "users": ["priya"]}},
]
"""


def install() -> None:
    venv(NAME, REQUIREMENTS)


def state_path() -> Path:
    return app_dir(NAME) / STATE


def credentials() -> Credentials:
    """The seeded admin's session, for a capture that starts signed in."""
    return Credentials(storage_state=json.loads(state_path().read_text(encoding="utf-8")))


class _Hub(Running):
    """The hub's process group, then its proxy, which the hub starts in a session of its own and does not
    always end when it is stopped early (its pid file says which process it is)."""

    def stop(self) -> None:
        super().stop()
        pid_file = self.home / "home" / "jupyterhub-proxy.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)


def start(port: int) -> Running:
    env = venv(NAME, REQUIREMENTS)
    home = app_dir(NAME)
    data = home / "home"
    shutil.rmtree(data, ignore_errors=True)  # a fresh database, seeded the same way every time
    (data / "home").mkdir(parents=True)
    config = home / "jupyterhub_config.py"
    config.write_text(CONFIG.format(port=port, hub_port=free_port(), api_port=free_port(), data=data,
                                    proxy=str(env / "bin" / "configurable-http-proxy"),
                                    admin_password=ADMIN_PASSWORD, user_password=USER_PASSWORD, token=SEED_TOKEN),
                      encoding="utf-8")
    process, log = spawn([str(env / "bin" / "jupyterhub"), "-f", str(config)], data,
                         {"PATH": f"{env / 'bin'}:/usr/bin:/bin"})
    url = f"http://127.0.0.1:{port}/"
    # the proxy answers 404 until the hub has added its route: ready when the hub itself answers
    wait_until(lambda: httpx.get(f"{url}hub/api/", timeout=2.0, trust_env=False).status_code == 200, 120, NAME,
               process, log)
    running = _Hub(NAME, url, process, home)
    try:
        run_in(env, HERE_APPS / "seed_jupyterhub.py", url, SEED_TOKEN, ADMIN_PASSWORD, USER_PASSWORD,
               str(state_path()))
    except BaseException:
        running.stop()
        raise
    return running


def walk(page: Page, url: str) -> None:
    """Signed in as the admin: the users list (sorted by each column, filtered by state), the groups list, a
    group's edit form with a user name checked by "Add user" (the form is not applied), the forms that add users
    and create a group, and the hub's own pages (home, token)."""
    base = url.rstrip("/")
    state = json.loads(state_path().read_text(encoding="utf-8"))
    page.context.add_cookies(state["cookies"])
    visit(page, f"{base}/hub/admin")
    click_all(page, "th [role=button], th button, th svg", limit=4)
    visit(page, f"{base}/hub/admin#/groups")
    with contextlib.suppress(PlaywrightError):
        page.locator("a[href='#/group-edit']").nth(2).click(timeout=5000)
        settle(page)
        page.fill("#username-input", "vera", timeout=5000)
        page.click("#validate-user", timeout=5000)
        settle(page)
    for route in ("#/add-users", "#/create-group"):
        visit(page, f"{base}/hub/admin")
        visit(page, f"{base}/hub/admin{route}")
    visit(page, f"{base}/hub/home")
    visit(page, f"{base}/hub/token")
