"""Corpus captures of the seventeenth round of cases: a Redmine server's REST API (Rails' JSON: every list
``{<collection>: [...], total_count, offset, limit}``, every record ``{<resource>: {...}}``, references as
``{id, name}`` stubs, ``YYYY/MM/DD`` dates and ``YYYY/MM/DD HH:MM:SS -0800`` times of Redmine 1.x) as the recorded
answers of redmine-java-api's tests hold it.

The fixtures are JSON files read as data, never executed.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

REDMINEJAVA = ("taskadapter/redmine-java-api", "e7d4eff4d2a38c18b081781b27ca3d84878a9d23")


def _show(mirrors: Any, source: tuple[str, str], path: str) -> str:
    git = mirrors / source[0].replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git), "show", f"{source[1]}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def redmine(mirrors: Any) -> list[Call]:
    """A Redmine server's REST API as redmine-java-api's tests parse it (``src/test/resources/``: answers recorded
    from Redmine 1.x and 2.3 servers, values unchanged), each at the address the client reads it from
    (``https://<host>/<collection>.json``, the ``X-Redmine-API-Key`` header): the projects, one project with its
    trackers and custom field values, the issues (one page of 25), one issue (the file holds the record bare; Redmine
    serves it as ``{"issue": {...}}``, so it is wrapped), the users, the issue statuses, the time entries, the time
    entry activities, a project's issue categories and the custom fields' definitions. Left out: files that are not
    JSON (the news and the 1.2.2 issues: unquoted member names), the version (a copy of a project's answer), the
    empty lists and the variants of one answer (a project without trackers, an issue with a multi-line
    description)."""
    def fixture(path: str) -> Any:
        return json.loads(_show(mirrors, REDMINEJAVA, f"src/test/resources/{path}"))

    base = "https://redmine.example.org"
    auth = {"request_headers": {"X-Redmine-API-Key": "MOCK_REDMINE_API_KEY"}}
    return [("GET", f"{base}/projects.json", fixture("project/redmine_projects.json"), None, auth),
            ("GET", f"{base}/projects/23.json?include=trackers", fixture("project/redmine_projectWithCustomField.json"),
             None, auth),
            ("GET", f"{base}/issues.json?offset=0&limit=25", fixture("issue/redmine_issues.json"), None, auth),
            ("GET", f"{base}/issues/239.json", {"issue": fixture("issue/issue_with_assignee.json")}, None, auth),
            ("GET", f"{base}/users.json", fixture("redmine_users.json"), None, auth),
            ("GET", f"{base}/issue_statuses.json", fixture("redmine_issue_statuses.json"), None, auth),
            ("GET", f"{base}/time_entries.json", fixture("redmine_time_entries.json"), None, auth),
            ("GET", f"{base}/enumerations/time_entry_activities.json", fixture("redmine_time_entry_activities.json"),
             None, auth),
            ("GET", f"{base}/projects/2096/issue_categories.json", fixture("issue_categories.json"), None, auth),
            ("GET", f"{base}/custom_fields.json", fixture("custom_fields_redmine_2.3.json"), None, auth)]
