"""Corpus captures of the eighth round: Bitbucket Cloud 2.0 pages of ``values`` with ``links`` on every object; Square's
resource-named lists with money objects; Matrix client-server room directory, hierarchy and event context; Todoist API v1
``{results, next_cursor}`` pages.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream files unchanged (atlassian-python-api's
mock answers are Python literals, ``responses[<query>] = {...}``, read here as the JSON they stand for; Square's are the
response examples of its OpenAPI document).
"""

from __future__ import annotations

import ast
import json
from typing import Any
from urllib.parse import quote

from tests.inference.corpus.build_round4 import show_file

BITBUCKET = ("atlassian-api/atlassian-python-api", "4a025e87bfd122a5a6078e943cf7f99ae7ca2ef4")
SQUARE = ("square/connect-api-specification", "5733f6624e9a5b930a8426f0e02a6bf7e35c6c0f")
MATRIX = ("matrix-nio/matrix-nio", "331c93ed3e9ca86e7444b4dfdf05086654842ace")
TODOIST = ("Doist/todoist-api-python", "daa3df97eee90affbf15c2a3283eea08453d6781")

Call = tuple[str, str, Any]

_LITERALS = {"true": True, "false": False, "null": None}


class _JsonNames(ast.NodeTransformer):
    """``true``/``false``/``null`` written as names become the constants they stand for."""

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Constant(_LITERALS[node.id])


def mock_answers(text: str) -> dict[Any, Any]:
    """The answers of one mock response file, keyed by the query they answer (``None`` for none)."""
    out: dict[Any, Any] = {}
    for node in ast.parse(text).body:
        assert isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript)
        key = ast.literal_eval(node.targets[0].slice)
        out[key] = ast.literal_eval(_JsonNames().visit(node.value))
    return out


def bitbucket(mirrors: Any) -> list[Call]:
    """Bitbucket Cloud REST 2.0 answers recorded as atlassian-python-api's mock server responses: two pages of
    workspaces, one workspace, a repository, its issues and its pull requests."""
    def data(path: str, query: str | None = None) -> Any:
        text = show_file(mirrors, BITBUCKET[0], BITBUCKET[1], f"tests/responses/bitbucket/cloud/2.0/{path}/GET")
        return mock_answers(text)[query]
    api = "https://api.bitbucket.org/2.0"
    repo = "repositories/TestWorkspace1/testrepository1"
    return [
        ("GET", f"{api}/workspaces", data("workspaces")),
        ("GET", f"{api}/workspaces?nextPage", data("workspaces", "nextPage")),
        ("GET", f"{api}/workspaces/TestWorkspace1", data("workspaces/TestWorkspace1")),
        ("GET", f"{api}/{repo}", data(repo)),
        ("GET", f"{api}/{repo}/issues", data(f"{repo}/issues")),
        ("GET", f"{api}/{repo}/pullrequests", data(f"{repo}/pullrequests")),
    ]


def square(mirrors: Any) -> list[Call]:
    """Square API v2: locations, customers, customer groups, payments, refunds and one order listed or read; each
    answer is the response example of Square's OpenAPI document for that operation (``{"customers": [...]}``,
    ``cursor``, money as ``{amount, currency}``)."""
    schemas = json.loads(show_file(mirrors, SQUARE[0], SQUARE[1], "api.json"))["components"]["schemas"]
    api = "https://connect.squareup.com/v2"
    return [
        ("GET", f"{api}/locations", schemas["ListLocationsResponse"]["example"]),
        ("GET", f"{api}/customers", schemas["ListCustomersResponse"]["example"]),
        ("GET", f"{api}/customers/groups", schemas["ListCustomerGroupsResponse"]["example"]),
        ("GET", f"{api}/payments", schemas["ListPaymentsResponse"]["example"]),
        ("GET", f"{api}/refunds", schemas["ListPaymentRefundsResponse"]["example"]),
        ("GET", f"{api}/orders/CAISENgvlJ6jLWAzERDzjyHVybY", schemas["RetrieveOrderResponse"]["example"]),
    ]


def matrix(mirrors: Any) -> list[Call]:
    """Matrix client-server API answers recorded as matrix-nio's test data: the public room directory (``chunk``,
    ``next_batch``), a space's hierarchy (``rooms`` with stripped ``children_state``) and the context of one event
    (``event``, ``events_before``/``events_after``, the room's ``state``), room and event ids escaped in the path."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, MATRIX[0], MATRIX[1], f"tests/data/{name}.json"))
    api = "https://matrix.example.org/_matrix/client"
    room, event = quote("!SVkFJHzfwvuaIEawgC:localhost", safe=""), quote("$15163622445EBvZJ:localhost", safe="")
    return [
        ("GET", f"{api}/v3/publicRooms?limit=10", data("list_public_rooms")),
        ("GET", f"{api}/v1/rooms/{quote('!space:example.org', safe='')}/hierarchy", data("get_hierarchy_response")),
        ("GET", f"{api}/v3/rooms/{room}/context/{event}?limit=10", data("context")),
    ]


def _data_module(text: str) -> dict[str, Any]:
    """The module-level data of a Python test-data file, read without running it: names bound to literals, to other
    names, to ``dict(NAME)`` copies, and items set with ``NAME["key"] = value``; everything else is skipped."""
    names: dict[str, Any] = {}

    def value(node: ast.expr) -> Any:
        if isinstance(node, ast.Name):
            return names[node.id]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            return dict(value(node.args[0]))
        if isinstance(node, ast.Dict):
            return {ast.literal_eval(k): value(v) for k, v in zip(node.keys, node.values, strict=True)
                    if k is not None}
        if isinstance(node, ast.List):
            return [value(v) for v in node.elts]
        return ast.literal_eval(node)

    for stmt in ast.parse(text).body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target if isinstance(
            stmt, ast.AnnAssign) else None
        if target is None or stmt.value is None:
            continue
        if isinstance(target, ast.Name):
            names[target.id] = value(stmt.value)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            names[target.value.id][ast.literal_eval(target.slice)] = value(stmt.value)
    return names


def todoist(mirrors: Any) -> list[Call]:
    """Todoist API v1 answers recorded as todoist-api-python's test data: two ``{results, next_cursor}`` pages each
    of projects, tasks, sections, one task's comments and labels."""
    data = _data_module(show_file(mirrors, TODOIST[0], TODOIST[1], "tests/data/test_defaults.py"))
    api = "https://api.todoist.com/api/v1"
    calls: list[Call] = []
    for route, name in (("projects", "PROJECTS"), ("tasks", "TASKS"), ("sections", "SECTIONS"),
                        ("comments?task_id=6X7rM8997g3RQmvh", "COMMENTS"), ("labels", "LABELS")):
        first, second = data[f"DEFAULT_{name}_RESPONSE"]
        calls.append(("GET", f"{api}/{route}", first))
        calls.append(("GET", f"{api}/{route}{'&' if '?' in route else '?'}cursor={first['next_cursor']}", second))
    return calls
