"""Corpus captures of the eleventh round of cases: PostgREST as Supabase serves it (rows as bare JSON arrays at
``/rest/v1/<table>``, the columns and the embedded related rows chosen by ``?select=``, filters as ``col=eq.v``
query parameters, a single row as a bare object when the client asks for ``application/vnd.pgrst.object+json``);
Sentry's web API (``/api/0/``, bare arrays paged by ``?cursor=``, digit-string ids, camelCase, records addressed by
organization and project slugs in the path, releases by version); Auth0's Management API v2 (prefixed opaque ids,
``{start, limit, total, <plural>: [...]}`` pages, relations listed from both ends, user-defined metadata maps).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream recordings unchanged.
"""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any
from urllib.parse import quote

import yaml

from tests.inference.corpus.build_round4 import show_file

SENTRY_CLI = ("getsentry/sentry-cli", "6fb317fa78df52b3a54cda111222a7e8ce4a7a67")
GO_AUTH0 = ("auth0/go-auth0", "df1084db909530241b4d1165438324b7601a6386")
POSTGREST_JS = ("supabase/postgrest-js", "63c5d9a61a403c8b9b1af683fb259ff84a98ed39")

Call = tuple[str, str, Any] | tuple[str, str, Any, Any]  # method, URL, response body[, request body]

_SNAPSHOT = re.compile(r"toMatchInlineSnapshot\(`(.*?)`\)", re.S)


def _pretty_format(text: str) -> Any:
    """A Jest inline snapshot (pretty-format: ``Object {``, ``Array [``, trailing commas) read as JSON."""
    text = re.sub(r"\b(?:Object|Array) (?=[{\[])", "", text)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return json.loads(text)


def _snapshot(mirrors: Any, path: str, test: str, nth: int = 0) -> Any:
    """The ``data`` of the ``nth`` inline snapshot of the test named ``test``: the body PostgREST answered."""
    source = show_file(mirrors, POSTGREST_JS[0], POSTGREST_JS[1], path)
    start = source.index(f"test('{test}'")
    return _pretty_format(_SNAPSHOT.findall(source[start:])[nth])["data"]


def postgrest(mirrors: Any) -> list[Call]:
    """Answers of a PostgREST server over postgrest-js's test database, as recorded in the client's inline test
    snapshots, each served at the URL the client builds for the test's query (``from``, ``select``, ``eq``,
    ``limit``; ``single()`` asks for one object)."""
    api = "https://xyzcompany.supabase.co/rest/v1"

    def url(table: str, select: str, *filters: str) -> str:
        query = "&".join([f"select={quote(select, safe='*,():!')}", *filters])
        return f"{api}/{table}?{query}"
    rel, join = "test/relationships.test.ts", "test/relationships-join-operations.test.ts"
    friends = ("first_user:users!best_friends_first_user_fkey(*),second_user:users!best_friends_second_user_fkey(*),"
               "third_wheel:users!best_friends_third_wheel_fkey(*)")
    return [
        ("GET", url("users", "*"), _snapshot(mirrors, "test/basic.test.ts", "basic select table")),
        ("GET", url("messages", "*"), _snapshot(mirrors, "test/basic.test.ts", "basic insert", 1)),
        ("GET", url("users", "messages(*)"), _snapshot(mirrors, "test/resource-embedding.test.ts", "embedded select")),
        ("GET", url("users", "username,messages(id,message,channels(id,slug))", "limit=1"),
         _snapshot(mirrors, rel, "nested query with multiple levels and selective fields")),
        ("GET", url("messages", "user:users(*)", "limit=1"), _snapshot(mirrors, rel, "many-to-one relationship")),
        ("GET", url("channels", "channel_details(*)", "limit=1"), _snapshot(mirrors, rel, "one-to-one relationship")),
        ("GET", url("collections", "*,collections(*)", "limit=1"), _snapshot(mirrors, rel, "self reference relation")),
        ("GET", url("collections", "*,parent_id(*)", "id=eq.2", "limit=1"),
         _snapshot(mirrors, rel, "self reference relation via column")),
        ("GET", url("products", "*,categories(*)", "id=eq.1"), _snapshot(mirrors, rel, "many-to-many with join table")),
        ("GET", url("user_profiles", "*,users!left(*)", "id=eq.2", "limit=1"),
         _snapshot(mirrors, join, "!left join on zero to one with null relation")),
        ("GET", url("user_profiles", "*,users!left(status)", "id=eq.1", "limit=1"),
         _snapshot(mirrors, join, "!left join on zero to one with valid relation")),
        ("GET", url("best_friends", friends, "order=id", "limit=1"),
         _snapshot(mirrors, join, "join on 1-1 relation with nullables")),
    ]


def sentry(mirrors: Any) -> list[Call]:
    """Sentry web API answers recorded as sentry-cli's integration-test responses, each served at the route the
    test's mock endpoint answers it for (organizations, an organization's projects and monitors, a project's issues,
    unresolved and resolved, its releases, one release and its commits, the release's deploys listed and one created,
    a monitor's check-in). Each body is the upstream file unchanged."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, SENTRY_CLI[0], SENTRY_CLI[1], f"tests/integration/_responses/{name}.json"))
    api = "https://sentry.example.com/api/0"
    project, release = f"{api}/projects/wat-org/wat-project", f"{api}/organizations/wat-org/releases/wat-release"
    return [
        ("GET", f"{api}/organizations/?cursor=", data("organizations/get-organizations")),
        ("GET", f"{api}/organizations/wat-org/projects/?cursor=", data("projects/get-projects")),
        ("GET", f"{project}/issues/?query=&cursor=", data("issues/get-issues")),
        ("GET", f"{project}/issues/?query=is:resolved&cursor=", data("issues/get-resolved-issues")),
        ("GET", f"{project}/releases/", data("releases/get-releases")),
        ("GET", f"{project}/releases/wat-release/", data("releases/get-release")),
        ("GET", f"{project}/releases/wat-release/commits/", data("releases/get-release-commits")),
        ("GET", f"{release}/deploys/", data("deploys/get-deploys")),
        ("POST", f"{release}/deploys/", data("deploys/post-deploys"),
         {"environment": "production", "name": "custom-deploy"}),
        ("GET", f"{api}/organizations/wat-org/monitors/?cursor=", data("monitors/get-monitors")),
        ("POST", f"{api}/monitors/foo-monitor/checkins/", data("monitors/post-monitors")),
    ]


_AUTH0_CASSETTES = ("TestUserManager_Read", "TestUserManager_List", "TestUserManager_Roles",
                    "TestUserManager_Organizations", "TestRoleManager_Users", "TestRoleManager_Permissions",
                    "TestOrganizationManager_Read", "TestOrganizationManager_Members",
                    "TestOrganizationManager_MemberRoles")


def auth0(mirrors: Any) -> list[Call]:
    """Auth0 Management API v2 traffic recorded by go-auth0's tests (go-vcr cassettes of a live tenant): users,
    roles, organizations and a resource server created, read and listed, roles given to users and to organization
    members, a role's users and permissions, a user's organizations. Every interaction answering JSON is kept in
    order, with its request body; answers without a body (``204``) are left out."""
    calls: list[Call] = []
    for name in _AUTH0_CASSETTES:
        git = mirrors / GO_AUTH0[0].replace("/", "+") / "repo"
        raw = subprocess.run(["git", "-C", str(git), "show", f"{GO_AUTH0[1]}:test/data/recordings/{name}.yaml"],
                             check=True, capture_output=True, text=True).stdout
        for it in yaml.safe_load(raw)["interactions"]:
            request, response = it["request"], it["response"]
            if not (response.get("body") or "").strip():
                continue
            sent = (request.get("body") or "").strip()
            body = json.loads(response["body"])
            if sent and sent != "null":
                calls.append((request["method"], request["url"], body, json.loads(sent)))
            else:
                calls.append((request["method"], request["url"], body))
    return calls
