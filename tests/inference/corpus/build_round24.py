"""Corpus captures of the twenty-fourth round of cases: Jira's platform REST API 2 as read for one issue and an epic's
issues (every issue ``{expand, id, self, key, fields: {...}}``, its attributes in the ``fields`` map asked for with
``fields=*all``: users by ``accountId``, statuses with their category, issue types, projects with their category,
priorities, resolutions, a sprint, custom fields ``customfield_<n>`` holding options ``{self, value, id}`` alone or in
lists, attachments, pages of comments and worklogs embedded, empty lists of links, subtasks, components and versions),
an issue's comments, remote links and properties, as atlassian-python-api's mock server answers hold them.

Also Jira Service Management's REST API (``/rest/servicedeskapi``: pages ``{_expands, size, start, limit, isLastPage,
_links: {base, context, next, prev}, values}``, every record with its ``_links``, customers keyed by ``accountId`` with
their avatars among their links, organizations by digit-string ``id``, a service desk's customers and organizations
and an organization's users as pages of the records they associate, an organization's property keys) as the same
client's mock answers hold it.

And the August (Yale Access) API (the signed-in user's locks and doorbells as maps keyed by their ids
``{<LockID>: {LockName, UserType, HouseID, HouseName, ...}}``; a lock read alone in PascalCase and camelCase mixed, its
users as a map keyed by user id, its offline keys as lists grouped by state, its bridge and keypad embedded with Mongo
``_id``s, its house as flat ``HouseID``/``HouseName``; a lock's PINs grouped by state; a doorbell with settings,
telemetry and its recent image; a house's activities embedding the users and house they name and listing their ids
again in an ``entities`` map, epoch-millisecond ``dateTime``) as yalexs's test fixtures hold it.

And Harvest's API v2 (pages named for their resource ``{<resource>: [...], per_page, total_pages, total_entries,
next_page, previous_page, page, links: {first, next, previous, last}}``, records referencing others by brief objects
``{id, name[, code, currency]}``, a time entry embedding its user and task assignments whole, assignments listed
both globally and under their project, ``/users/me``) as python-harvest's tests serve the answers of Harvest's
reference.

And Home Assistant's REST API (``/api/states``: every entity's state ``{entity_id, state, attributes, last_changed,
last_updated, context: {id, user_id}}``, the attributes differing with each entity's domain; ``/api/states/<entity
id>``; ``/api/events`` as ``{event, listener_count}``; ``/api/services`` as ``[{domain, services: {<service>:
{description, fields: {<field>: {description, example | values}}}}}]``, maps keyed by name two levels deep) as the
Home Assistant command line's test fixtures hold it.

The fixtures are JSON files and Python literals (atlassian-python-api's ``responses[<query>] = {...}``), read as data
(never executed). Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's
SOURCE.md names the repository, commit and licence of its files.
"""

from __future__ import annotations

import ast
import json
from typing import Any

from tests.inference.corpus.build_round23 import ATLASSIAN, mock_answers
from tests.inference.corpus.pinned import show

YALEXS = ("bdraco/yalexs", "d431a9c534a999ce12e49e41da0e299b38be22fa")

HARVEST = ("lionheart/python-harvest", "0e82bab")
HASS_CLI = ("home-assistant-ecosystem/home-assistant-cli", "e9ab228a6fbc50aabe2251cbefbecaabc48efc0b")

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

JIRA_READS = (
    ("api/2/issue/FOO-123?fields=*all", "fields=*all"),
    ("api/2/issue/FOO-123/comment", None),
    ("api/2/issue/FOO-123/comment/10000", None),
    ("api/2/issue/FOO-123/remotelink", None),
    ("api/2/issue/FOO-123/properties", None),
    ("api/2/issue/FOO-123/properties/Bar1", None),
    ("agile/1.0/epic/BAR-22/issue?fields=*all", "fields=*all"),
)


def jira(mirrors: Any) -> list[Call]:
    """Jira's REST API as atlassian-python-api's mock server answers it (``tests/responses/jira/rest/<path>/GET``,
    Python literals read as the JSON they stand for, values unchanged), each at its path on
    ``https://sample.atlassian.net/rest`` with the query it answers: an issue with all its fields, its comments and
    one of them, its remote links, its property keys and one property, and the issues of an epic (Jira Software's
    agile API). Left out: the answers of ``PUT``, ``POST`` and ``DELETE``, the empty page of an epic-less search
    (``epic/none/issue``) and an attachment's file (not a record)."""
    def data(path: str, query: str | None) -> Any:
        text = show(mirrors, ATLASSIAN, f"tests/responses/jira/rest/{path.split('?')[0]}/GET")
        return mock_answers(text)[query]

    api = "https://sample.atlassian.net/rest"
    agent = {"request_headers": {"Authorization": "Basic dXNlcm5hbWU6cGFzc3dvcmQ=", "Accept": "application/json"}}
    return [("GET", f"{api}/{path}", data(path, query), None, agent) for path, query in JIRA_READS]


SERVICEDESK_READS = (
    ("organization?start=0&limit=50", "organization", "start=0&limit=50"),
    ("organization/1/user?start=0&limit=50", "organization/{organizationId}/user", "start=0&limit=50"),
    ("organization/1/property", "organization/{organizationId}/property", None),
    ("servicedesk/1/customer?start=0&limit=50", "servicedesk/{serviceDeskId}/customer", "start=0&limit=50"),
    ("servicedesk/10001/organization?start=0&limit=50", "servicedesk/{serviceDeskId}/organization", "start=0&limit=50"),
)


def servicedesk(mirrors: Any) -> list[Call]:
    """Jira Service Management's REST API as atlassian-python-api's mock server answers it
    (``tests/responses/servicedesk/rest/servicedeskapi/<path>/GET``, the path's ids written as ``{organizationId}``
    and ``{serviceDeskId}``; Python literals read as the JSON they stand for, values unchanged), each at its path on
    ``https://your-domain.atlassian.net/rest/servicedeskapi`` with the ids the answers' own links name and the query
    it answers: the organizations, an organization's users and its property keys, a service desk's customers and
    its organizations. Left out: the answers of ``POST`` and ``DELETE`` and the organization read alone (its ``id``
    is the unexpanded ``{organizationId}``)."""
    def data(path: str, query: str | None) -> Any:
        text = show(mirrors, ATLASSIAN, f"tests/responses/servicedesk/rest/servicedeskapi/{path}/GET")
        return mock_answers(text)[query]

    api = "https://your-domain.atlassian.net/rest/servicedeskapi"
    agent = {"request_headers": {"Authorization": "Basic dXNlcm5hbWU6cGFzc3dvcmQ=", "Accept": "application/json",
                                 "X-ExperimentalApi": "opt-in"}}
    return [("GET", f"{api}/{route}", data(path, query), None, agent) for route, path, query in SERVICEDESK_READS]


AUGUST_READS = (
    ("users/locks/mine", "get_locks"),
    ("locks/A6697750D607098BAE8D6BAA11EF8063", "get_lock.online"),
    ("locks/ABC", "get_lock.offline"),
    ("locks/A6697750D607098BAE8D6BAA11EF8063/pins", "get_pins"),
    ("users/doorbells/mine", "get_doorbells"),
    ("doorbells/K98GiDT45GUL", "get_doorbell"),
    ("houses/mock-house-id/activities", "get_house_activities"),
)


def august(mirrors: Any) -> list[Call]:
    """The August (Yale Access) API as yalexs's tests serve it (``tests/fixtures/<name>.json``, values unchanged),
    each at the address the client reads it from on ``https://api-production.august.com`` (``API_GET_*_URL`` of
    ``yalexs/api_common.py``) with the client's headers: the user's locks, two locks read alone (one online with a
    keypad, a bridge and offline keys, one offline), the first lock's PINs, the user's doorbells, one doorbell read
    alone and a house's activities. Left out: the other lock and doorbell variants (the same ids with other states,
    or ``ABC`` twice with contradicting records), the single activities written for the activity parser and the
    answers of the remote operations."""
    api = "https://api-production.august.com"
    agent = {"request_headers": {"x-august-api-key": "<api key>", "x-kease-api-key": "<api key>",
                                 "x-august-access-token": "<access token>", "Accept-Version": "0.0.1",
                                 "User-Agent": "August/Luna-3.2.2"}}
    return [("GET", f"{api}/{path}", json.loads(show(mirrors, YALEXS, f"tests/fixtures/{name}.json")), None, agent)
            for path, name in AUGUST_READS]


HARVEST_READS = (
    ("test_clients", "clients?page=1&per_page=100", "clients_dict"),
    ("test_clients", "clients/5735776", "client_5735776_dict"),
    ("test_client_contacts", "contacts?page=1&per_page=100", "contacts_dict"),
    ("test_client_contacts", "contacts/4706479", "contact_4706479_dict"),
    ("test_tasks", "tasks?page=1&per_page=100", "tasks_dict"),
    ("test_tasks", "tasks/8083800", "task_8083800_dict"),
    ("test_projects", "projects?page=1&per_page=100", "project_dict"),
    ("test_projects", "projects/14308069", "project_14308069_dict"),
    ("test_project_task_assignments", "task_assignments?page=1&per_page=100", "task_assignments_dict"),
    ("test_project_task_assignments", "projects/14308069/task_assignments?page=1&per_page=100",
     "task_assignments_project_14308069_dict"),
    ("test_project_task_assignments", "projects/14308069/task_assignments/155505016", "task_assignment_155505016_dict"),
    ("test_project_user_assignments", "user_assignments?page=1&per_page=100", "user_assignments_dict"),
    ("test_project_user_assignments", "projects/14308069/user_assignments", "project_user_assignments_dict"),
    ("test_project_user_assignments", "projects/14308069/user_assignments/125068554", "user_assignment_125068554_dict"),
    ("test_time_entries", "time_entries?page=1&per_page=100", "time_entries_dict"),
    ("test_time_entries", "time_entries/636708723", "time_entry_636708723_dict"),
    ("test_users", "users?page=1&per_page=100", "users_dict"),
    ("test_users", "users/me", "user_1782884_dict"),
    ("test_users", "users/1782974", "user_1782974_dict"),
    ("test_roles", "roles?page=1&per_page=100", "roles_dict"),
    ("test_roles", "roles/1782974", "role_1782974_dict"),
)


class _Known(ast.NodeTransformer):
    """Names of answers written earlier in a test replaced by their values (a page lists its records by name)."""

    def __init__(self, known: dict[str, Any]) -> None:
        self.known = known

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Constant(self.known[node.id]) if node.id in self.known else node


def test_answers(text: str) -> dict[str, dict[str, Any]]:
    """The ``<name> = <literal>`` assignments of each test method of a test module, by test and name, read as data
    (never executed); a literal may name an answer assigned before it in the same test."""
    out: dict[str, dict[str, Any]] = {}
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.FunctionDef):
            continue
        known: dict[str, Any] = {}
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                try:
                    known[stmt.targets[0].id] = ast.literal_eval(_Known(known).visit(stmt.value))
                except ValueError:
                    continue
        out[node.name] = known
    return out


def harvest(mirrors: Any) -> list[Call]:
    """Harvest's API v2 as python-harvest's tests serve it (``tests/harvest_test.py``: each answer a Python literal
    ``<name>_dict = {...}`` registered with ``httpretty`` for the request that reads it, the examples of Harvest's API
    reference; read as data, values unchanged), each at its path on Harvest's address ``https://api.harvestapp.com/v2``
    (the one the answers' own links name; the tests register ``/api/v2``) with the client's headers: the clients,
    contacts, tasks, projects, task and user assignments (all, and a project's), time entries, users (also the
    signed-in one) and roles, each listed and one read alone. Left out: invoices, estimates, expenses, their messages,
    payments and categories, the company, users' rates and project assignments, and the answers of ``POST``,
    ``PATCH`` and ``DELETE``."""
    answers = test_answers(show(mirrors, HARVEST, "tests/harvest_test.py"))
    api = "https://api.harvestapp.com/v2"
    agent = {"request_headers": {"Authorization": "Bearer <personal access token>", "Harvest-Account-Id": "1234567",
                                 "User-Agent": "python-harvest"}}
    return [("GET", f"{api}/{path}", answers[test][name], None, agent) for test, path, name in HARVEST_READS]


def home_assistant(mirrors: Any) -> list[Call]:
    """Home Assistant's REST API as the Home Assistant command line's tests serve it (``tests/fixtures/<name>.json``,
    values unchanged), each at the address the command line reads it from on ``http://homeassistant.local:8123/api``
    with a long-lived token: the states of every entity (``default_entities``), three entities' states read alone
    (``basic_entities``, one answer each, as ``hass-cli state get`` reads them), the events and the services. Left out:
    the area and device registries (read over the WebSocket API, not REST)."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, HASS_CLI, f"tests/fixtures/{name}.json"))

    api = "http://homeassistant.local:8123/api"
    agent = {"request_headers": {"Authorization": "Bearer <long-lived access token>",
                                 "User-Agent": "home-assistant-cli"}}
    calls: list[Call] = [("GET", f"{api}/states", fixture("default_entities"), None, agent)]
    calls += [("GET", f"{api}/states/{state['entity_id']}", state, None, agent) for state in fixture("basic_entities")]
    calls += [("GET", f"{api}/events", fixture("default_events"), None, agent),
              ("GET", f"{api}/services", fixture("default_services"), None, agent)]
    return calls
