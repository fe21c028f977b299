"""Corpus captures of the seventeenth round of cases: a Redmine server's REST API (Rails' JSON: every list
``{<collection>: [...], total_count, offset, limit}``, every record ``{<resource>: {...}}``, references as
``{id, name}`` stubs, ``YYYY/MM/DD`` dates and ``YYYY/MM/DD HH:MM:SS -0800`` times of Redmine 1.x) as the recorded
answers of redmine-java-api's tests hold it.

Also a Nextcloud server's OCS API (``/ocs/v1.php/cloud/…`` and ``/ocs/v2.php/apps/…``, every answer
``{"ocs": {"meta": {status, statuscode, message, …}, "data": …}}``, failures answered ``200`` with a failing
``statuscode`` and empty ``data``, lists of bare names, updates as ``{key, value}``) as nextcloud-node-client's
recorded test sessions hold it.

And a Jenkins server's JSON API (``…/api/json`` after any page's address, ``_class`` naming each object's Java
class, lists of polymorphic ``actions``, builds as ``{number, url}`` stubs, epoch milliseconds) as the answers of
jenkins-rest's mock tests hold it.

The fixtures are JSON files read as data, never executed.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

JENKINSREST = ("cdancy/jenkins-rest", "75206d967913135b5dc2dd89ae183d37d94dcc9d")
NEXTCLOUDNODE = ("hobigo/nextcloud-node-client", "df5cd1762a11c191d80fce18dc8777eaa1275a3b")
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


def nextcloud(mirrors: Any) -> list[Call]:
    """A Nextcloud 18 server's OCS API as nextcloud-node-client's tests recorded it (``src/test/recordings/``: each
    file a test's list of ``{request, response}`` pairs, taken from a live server), the exchanges of the user and
    group provisioning API and of the sharing API in the recorded order, requests and answers unchanged (the
    answer's recorded text parsed, the request's JSON body sent as JSON), at the server's address with the
    ``OCS-APIRequest`` header and basic authentication: users listed by search and paged, created, read and updated
    one member at a time, groups listed and searched, a group's members and sub-admins, users added to groups and
    promoted to sub-admins, everything deleted again (failures included: the OCS API answers them ``200`` with a
    failing ``statuscode``); public link shares created, read, updated and deleted. Left out: the WebDAV exchanges
    of the share tests (``PROPFIND``/``MKCOL``/``PUT`` of files: XML or no body)."""
    from urllib.parse import quote

    def recording(path: str) -> list[dict[str, Any]]:
        return list(json.loads(_show(mirrors, NEXTCLOUDNODE, f"src/test/recordings/{path}.json")))

    users = "12-NEXCLOUD-NODE-CLIENT-USER-MANAGEMENT/"
    shares = "13-NEXCLOUD-NODE-CLIENT-SHARE/"
    names = [users + "09_get_users", users + "10_get_and_update_user", users + "20_get_user_groups",
             users + "23_get_members_of_user_group", users + "24_get_subadmins_of_user_group",
             users + "30_add_user_to_user_group_and_get_user_Groups",
             users + "40_promote_user_to_user_group_admin_and_get_subadmin_user_groups",
             shares + "01_create_public_share", shares + "03_create_public_share_for_folder"]
    base = "https://cloud.example.org"
    headers = {"OCS-APIRequest": "true", "Authorization": "Basic TU9DS19VU0VSOk1PQ0tfUEFTU1dPUkQ="}
    calls: list[Call] = []
    for name in names:
        for pair in recording(name):
            request, response = pair["request"], pair["response"]
            if not request["url"].startswith("/ocs/"):
                continue
            body = request.get("body")
            sent = None if body in (None, "<Body is undefined>") else json.loads(body)
            calls.append((request["method"], base + quote(request["url"], safe="/?=&"), json.loads(response["body"]),
                          sent, {"status": response["status"], "request_headers": headers}))
    return calls


def jenkins(mirrors: Any) -> list[Call]:
    """A Jenkins server's JSON API as jenkins-rest's mock tests serve it (``src/test/resources/``: answers taken from
    Jenkins servers, values unchanged), each at the address the client reads it from (``<page>/api/json``, basic
    authentication with an API token): the root's jobs, one job (``fish``), one of its builds, the build queue, one
    queue item, the nodes (``/computer/api/json?depth=1``), a user and the plugins with their dependencies. Left
    out: the answers of actions, the pipeline (workflow) and warnings plugins, the variants of one answer (queue
    items cancelled, pending, with empty or several parameters; builds without parameters or with a git commit) and
    a folder's jobs (a copy of the root's shape)."""
    def fixture(name: str) -> Any:
        return json.loads(_show(mirrors, JENKINSREST, f"src/test/resources/{name}.json"))

    base = "http://localhost:32769"
    auth = {"request_headers": {"Authorization": "Basic TU9DS19VU0VSOk1PQ0tfQVBJX1RPS0VO"}}
    reads = [("api/json", "jobsInRootFolder"), ("job/fish/api/json", "job-info"),
             ("job/fish/10/api/json", "build-info"), ("queue/api/json", "queue"),
             ("queue/item/143/api/json", "queueItemRunning"), ("computer/api/json?depth=1", "computer"),
             ("user/admin/api/json", "user"), ("pluginManager/api/json?depth=1", "plugins")]
    return [("GET", f"{base}/{path}", fixture(name), None, auth) for path, name in reads]
