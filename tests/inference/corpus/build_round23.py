"""Corpus captures of the twenty-third round of cases: an OData version 2 service in its verbose JSON (every answer
``{"d": ...}``, collections ``{"d": {"results": [...], "__count": "N"}}``, every entity and complex value carrying
``__metadata {id, uri, type}``, navigation properties either ``{"__deferred": {"uri"}}`` or expanded inline (an
entity, or ``{"results": [...]}``), dates as ``"/Date(<epoch ms>)/"``, keys in parentheses ``Rooms('1')``) as Apache
Olingo's OData 2 library tests hold its reference scenario's answers.

Also Strava's API v3 (records at detail levels told by ``resource_state`` 1 to 3: an athlete embedded in an activity
as ``{id, resource_state: 1}``, the signed-in athlete with bikes, shoes and clubs at level 2; an activity's best
efforts and segment efforts each embedding ``{activity: {id}, athlete: {id}}`` and a segment at level 2; metric and
standard splits; polyline maps with their own id; a route listing segments; heart-rate and pace zones with their
distribution buckets) as stravalib's test resources hold it.

And the Bitbucket Server (Data Center) REST API 1.0 (pages ``{size, limit, isLastPage, start, nextPageStart,
values}``, projects keyed by ``key`` and ``id``, repositories by ``slug`` under their project, the project embedded
whole in each repository, ``links`` as lists of ``{href[, name]}``, permissions granted to users and groups served as
``{user|group, permission}`` pairs at the global, project and repository levels, webhooks with their events) as
atlassian-python-api's mock server answers hold it.

And Reddit's API (every record a "thing" ``{kind, data}`` typed ``t1`` comment, ``t2`` account, ``t3`` link, ``t5``
subreddit, ``t6`` trophy; lists as ``{kind: "Listing", data: {children, after, before, modhash}}``; a submission
read with its comment tree as a pair of listings, each comment's ``replies`` a listing or ``""``; references as
fullnames ``t3_<id>``/``t5_<id>`` and usernames; a user's profile subreddit embedded in the account; epoch-second
``created``/``created_utc`` floats) as PRAW's recorded Betamax cassettes hold it.

The fixtures are JSON files, Betamax cassettes (JSON) and Python literals (atlassian-python-api's ``responses[<query>] = {...}``), read as data
(never executed). Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's
SOURCE.md names the repository, commit and licence of its files.
"""

from __future__ import annotations

import ast
import json
from typing import Any

from tests.inference.corpus.build_round8 import _JsonNames
from tests.inference.corpus.pinned import show

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

OLINGO = ("apache/olingo-odata2", "c31a2ca5a56c49fea37319ad133af4ea5a5db081")
STRAVALIB = ("stravalib/stravalib", "d39b38eb3491eb2bb20104f996113f32e3048022")
ATLASSIAN = ("atlassian-api/atlassian-python-api", "4a025e87bfd122a5a6078e943cf7f99ae7ca2ef4")
PRAW = ("praw-dev/praw", "7b69758126d5a105ab7083ee49a3f6f400963ca9")

OLINGO_READS = (
    ("Teams", "JsonTeams"),
    ("Teams?$skip=1&$inlinecount=allpages", "JsonTeamsWithCount"),
    ("Teams('1')", "JsonTeam"),
    ("Teams('1')?$expand=nt_Employees", "JsonTeamsWithInlineEmployees"),
    ("Buildings('1')", "JsonBuilding"),
    ("Buildings('1')?$expand=nb_Rooms", "JsonBuildingWithInlineRooms"),
    ("Rooms('1')", "JsonRoom"),
    ("Rooms('10')?$expand=nr_Employees/ne_Team", "JsonRoom_EmptyInlineEmployeesToTeam"),
    ("Rooms?$expand=nr_Employees/ne_Team", "JsonRooms_InlineEmployeesTeams"),
    ("Rooms?$expand=nr_Employees,nr_Building", "JsonRooms_InlineEmployees_InlineBuilding"),
    ("Rooms('2')/nr_Employees?$expand=ne_Team", "JsonRoomsToEmployeesWithInlineTeams"),
    ("Employees('1')", "JsonEmployee"),
    ("Employees('1')?$expand=ne_Team", "JsonEmployeeWithInlineTeam"),
    ("Employees('1')?$expand=ne_Room/nr_Building", "JsonEmployeeInlineRoomBuilding"),
)


def olingo(mirrors: Any) -> list[Call]:
    """Apache Olingo's OData 2 reference scenario (``ReferenceScenario.svc``: employees, teams, rooms, buildings) as
    the library's JSON consumer tests hold its answers (``odata2-lib/odata-core/src/test/resources/<name>.json``,
    values unchanged), each at the request that answers it on the reference web application's address (the answers
    name it in their ``__metadata``, some without its ``olingo-odata2-ref-web/`` prefix): the teams (one page counted
    with ``$inlinecount``), a team alone and with its employees expanded, a building alone and with its rooms, a room
    alone and with its employees and their teams, the rooms with their employees and teams and with their employees
    and buildings, a room's employees with their teams, an employee alone, with its team and with its room and the
    room's building. Left out: the answers written for the parser's edge cases (no ``d`` wrapper, content only,
    properties repeated, a deleted-entries delta, an inline ``null``, inline feeds as bare arrays, ``__next`` naming
    no address, an employee list whose room-building pairs contradict the others) and the service document."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, OLINGO, f"odata2-lib/odata-core/src/test/resources/{name}.json"))

    api = "http://localhost:8080/olingo-odata2-ref-web/ReferenceScenario.svc"
    extra = {"request_headers": {"Accept": "application/json", "DataServiceVersion": "2.0"},
             "response_headers": {"DataServiceVersion": "2.0"}}
    return [("GET", f"{api}/{path}", fixture(name), None, extra) for path, name in OLINGO_READS]


STRAVA_READS = (
    ("athlete", "athlete.3"),
    ("athletes/227615", "athlete.2"),
    ("activities/99895560", "activity.3"),
    ("activities/96089609", "activity-manual.3"),
    ("activities/99895560/zones", "example_zone_response"),
    ("routes/23895346", "example_route_response"),
)


def strava(mirrors: Any) -> list[Call]:
    """Strava's API v3 as stravalib's tests serve it (``stravalib/tests/resources/<name>.json``: answers of the API,
    values unchanged), each at the address the client reads it from on ``https://www.strava.com/api/v3``: the
    signed-in athlete, another athlete read by id, an activity with its efforts and splits, a manual activity, the
    first activity's zones and a route. Left out: the Swagger document and the TCX upload sample (no answers)."""
    api = "https://www.strava.com/api/v3"
    agent = {"request_headers": {"Authorization": "Bearer <token>", "User-Agent": "stravalib"}}
    return [("GET", f"{api}/{path}", json.loads(show(mirrors, STRAVALIB, f"stravalib/tests/resources/{name}.json")),
             None, agent) for path, name in STRAVA_READS]


def mock_answers(text: str) -> dict[Any, Any]:
    """The answers of one atlassian-python-api mock response file, keyed by the query they answer (``None`` for
    none): ``responses[<query>] = {...}`` assignments, one ``responses = {<query>: {...}, ...}`` or an answer
    repeated as ``responses[<query>] = responses[<other query>]``."""
    out: dict[Any, Any] = {}
    for node in ast.parse(text).body:
        assert isinstance(node, ast.Assign)
        target, value = node.targets[0], node.value
        if isinstance(target, ast.Name):
            out.update(ast.literal_eval(_JsonNames().visit(value)))
        elif isinstance(value, ast.Subscript):
            out[ast.literal_eval(target.slice)] = out[ast.literal_eval(value.slice)]
        else:
            assert isinstance(target, ast.Subscript)
            out[ast.literal_eval(target.slice)] = ast.literal_eval(_JsonNames().visit(value))
    return out


BITBUCKET_READS = (
    ("projects", None),
    ("projects?name=My+Cool+Project", "name=My+Cool+Project"),
    ("projects/PRJ", None),
    ("projects/PRJ/repos", None),
    ("projects/PRJ/repos?start=5", "start=5"),
    ("projects/PRJ/repos/my-repo1-slug", None),
    ("admin/permissions/users", None),
    ("admin/permissions/users?filter=jcitizen1", "filter=jcitizen1"),
    ("admin/permissions/groups", None),
    ("projects/PRJ/permissions/users", None),
    ("projects/PRJ/permissions/groups", None),
    ("projects/PRJ/repos/my-repo1-slug/permissions/users", None),
    ("projects/PRJ/repos/my-repo1-slug/permissions/groups", None),
    ("projects/PRJ/repos/my-repo1-slug/webhooks", None),
    ("projects/PRJ/repos/my-repo1-slug/webhooks/3", None),
)


def bitbucket_server(mirrors: Any) -> list[Call]:
    """The Bitbucket Server REST API 1.0 as atlassian-python-api's mock server answers it
    (``tests/responses/bitbucket/server/rest/api/1.0/<path>/GET``, Python literals read as the JSON they stand for,
    values unchanged), each at its path on ``https://bitbucket.example.com/rest/api/1.0`` with the query it answers:
    the projects (also filtered by name), one project, two pages of its repositories, one repository, the users and
    groups granted global permissions (the users also filtered), those granted the project's and the repository's
    permissions, the repository's webhooks and one of them. Left out: the answers of ``PUT``, ``POST`` and
    ``DELETE``, the empty ``permissions/*/none`` pages, the repository's forks and related repositories (mock records
    whose ids and slugs contradict the repositories listed), its default branch, readme, licence, contributing
    guide and archive (files, not records)."""
    def data(path: str, query: str | None) -> Any:
        text = show(mirrors, ATLASSIAN, f"tests/responses/bitbucket/server/rest/api/1.0/{path.split('?')[0]}/GET")
        return mock_answers(text)[query]

    api = "https://bitbucket.example.com/rest/api/1.0"
    agent = {"request_headers": {"Authorization": "Basic dXNlcm5hbWU6cGFzc3dvcmQ="}}
    return [("GET", f"{api}/{path}", data(path, query), None, agent) for path, query in BITBUCKET_READS]


PRAW_CASSETTES = (
    "TestRedditor.test_moderated", "TestRedditor.test_trophies", "TestRedditor.test_fullname_init",
    "TestComment.test_attributes", "TestComment.test_parent__submission", "TestComment.test_refresh",
)


def reddit(mirrors: Any) -> list[Call]:
    """Reddit's API as PRAW's tests recorded it (``tests/integration/cassettes/<test>.json``: Betamax cassettes, each
    answer's body JSON text, parsed, values unchanged), the successful ``GET``s each at the address recorded with the
    client's user agent: a user's moderated subreddits and one of them read alone, a user's trophies, an account read
    by name, comments read by fullname (``/api/info``), two submissions read with their comments (one in a
    comment's context). Left out: the token requests, an empty moderated list (``{}``) and the account data read by
    fullname (``/api/user_data_by_account_ids``, a map keyed by fullname of another shape of the same account)."""
    calls: list[Call] = []
    for name in PRAW_CASSETTES:
        recorded = json.loads(show(mirrors, PRAW, f"tests/integration/cassettes/{name}.json"))
        for interaction in recorded["interactions"]:
            request, response = interaction["request"], interaction["response"]
            uri = request["uri"]
            if request["method"] != "GET" or response["status"]["code"] != 200 or "user_data_by_account_ids" in uri:
                continue
            body = json.loads(response["body"]["string"])
            if body == {}:
                continue
            agent = request["headers"]["User-Agent"]
            calls.append(("GET", uri, body, None, {"request_headers": {
                "User-Agent": agent[0] if isinstance(agent, list) else agent, "Authorization": "bearer <ACCESS_TOKEN>"}}))
    return calls
