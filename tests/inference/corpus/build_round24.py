"""Corpus captures of the twenty-fourth round of cases: Jira's platform REST API 2 as read for one issue and an epic's
issues (every issue ``{expand, id, self, key, fields: {...}}``, its attributes in the ``fields`` map asked for with
``fields=*all``: users by ``accountId``, statuses with their category, issue types, projects with their category,
priorities, resolutions, a sprint, custom fields ``customfield_<n>`` holding options ``{self, value, id}`` alone or in
lists, attachments, pages of comments and worklogs embedded, empty lists of links, subtasks, components and versions),
an issue's comments, remote links and properties, as atlassian-python-api's mock server answers hold them.

The fixtures are JSON files and Python literals (atlassian-python-api's ``responses[<query>] = {...}``), read as data
(never executed). Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's
SOURCE.md names the repository, commit and licence of its files.
"""

from __future__ import annotations

from typing import Any

from tests.inference.corpus.build_round23 import ATLASSIAN, mock_answers
from tests.inference.corpus.pinned import show

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
