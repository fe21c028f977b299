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

And Rocket.Chat's REST API (``/api/v1/<method>``, ``X-Auth-Token`` and ``X-User-Id`` headers, ``success: true``
beside the data of every answer, Mongo ``_id`` keys, ``u`` user stubs, one-letter room types, ``rooms.get`` and
``subscriptions.get`` answering ``{update, remove}``) as the answers in the Kotlin SDK's tests hold it.

And Portainer's API with the Docker Engine API it proxies (``/api/endpoints/{id}/docker/…``, ``X-API-Key``):
PascalCase members (``Id``, ``EndpointId``, ``ResourceControl``) beside camelCase ones, Docker's 64-hex ids, maps of
labels and of networks keyed by name, as pyportainer's test fixtures hold it.

The fixtures are JSON files, and Kotlin string constants holding JSON (read with a small parser of string literals and
their concatenation), read as data, never executed.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.inference.corpus.pinned import show as _show

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

JENKINSREST = ("cdancy/jenkins-rest", "75206d967913135b5dc2dd89ae183d37d94dcc9d")
NEXTCLOUDNODE = ("hobigo/nextcloud-node-client", "df5cd1762a11c191d80fce18dc8777eaa1275a3b")
PYPORTAINER = ("erwindouna/pyportainer", "5fbb8cfe51b0727aaec0f1eed7e8a6ddb85b5da3")
ROCKETCHATKOTLIN = ("RocketChat/Rocket.Chat.Kotlin.SDK", "bb5fb852cc79050b8d52172337c15eb7002b9b12")
REDMINEJAVA = ("taskadapter/redmine-java-api", "e7d4eff4d2a38c18b081781b27ca3d84878a9d23")


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


def _kotlin_constants(text: str) -> dict[str, str]:
    """The ``const val NAME = …`` string constants of a Kotlin file: raw strings (triple quotes) as written, quoted
    strings unescaped, ``"…" + "…"`` concatenations joined."""
    literal = re.compile(r'"((?:[^"\\]|\\.)*)"')
    plus = re.compile(r"\s*\+\s*")
    out: dict[str, str] = {}
    for head in re.finditer(r"const val ([A-Z_0-9]+)\s*=\s*", text):
        at = head.end()
        if text.startswith('"""', at):
            out[head.group(1)] = text[at + 3:text.index('"""', at + 3)]
            continue
        parts = []
        while (found := literal.match(text, at)) is not None:
            parts.append(json.loads('"' + found.group(1).replace("\\$", "$") + '"'))
            joined = plus.match(text, found.end())
            if joined is None or not text.startswith('"', joined.end()):
                break
            at = joined.end()
        out[head.group(1)] = "".join(parts)
    return out


def rocketchat(mirrors: Any) -> list[Call]:
    """A Rocket.Chat server's REST API as the Kotlin SDK's tests serve it (``core/src/test/kotlin/chat/rocket/core/
    internal/rest/Constants.kt``: answers taken from servers, among them the open community server, as JSON
    string constants), values unchanged, each at the request the SDK makes for it (``/api/v1/<method>``, the
    ``X-Auth-Token`` and ``X-User-Id`` headers): the signed-in user, the rooms and subscriptions
    (``rooms.get``, ``subscriptions.get``), the channels joined, a channel's members, messages and mentions, a
    spotlight search, users listed, the directory of users and of channels, a message posted and one sent with its
    id, a channel and a direct-message room created (the bodies as the SDK's payload classes write them). Left
    out: the sign-in and sign-out answers, the errors, the answers without data (``{"success": true}``, a deleted
    message's id), a user's registration and update (the same test user as the signed-in one), the roles and the
    messages of the reaction tests (not answers of an address)."""
    consts = _kotlin_constants(_show(mirrors, ROCKETCHATKOTLIN,
                                     "core/src/test/kotlin/chat/rocket/core/internal/rest/Constants.kt"))
    api = "https://open.rocket.chat/api/v1"
    auth = {"request_headers": {"X-Auth-Token": "MOCK_ROCKETCHAT_TOKEN", "X-User-Id": "MOCK_ROCKETCHAT_USER"}}
    reads = [("me", "ME_SUCCESS"), ("rooms.get", "ROOMS_OK"), ("subscriptions.get", "SUBSCRIPTIONS_OK"),
             ("channels.list.joined?offset=0&count=1", "USER_SUBSCRIPTIONS_OK"),
             ("channels.members?roomId=GENERAL&offset=0&count=1", "MEMBERS_OK"),
             ("channels.messages?roomId=GENERAL", "MESSAGES_OK"),
             ("channels.getAllUserMentionsByChannel?roomId=GENERAL&offset=0&count=1", "MENTIONS_OK"),
             ("spotlight?query=aaa", "SPOTLIGHT_OK"), ("users.list?offset=0&count=50", "QUERY_USERS_SUCCESS"),
             ("directory?query=%7B%22text%22%3A%22user.test%22%2C%22type%22%3A%22users%22%7D", "DIRECTORY_USERS_OK"),
             ("directory?query=%7B%22text%22%3A%22general%22%2C%22type%22%3A%22channels%22%7D&offset=2",
              "DIRECTORY_CHANNELS_OK")]
    calls: list[Call] = [("GET", f"{api}/{path}", json.loads(consts[name]), None, auth) for path, name in reads]
    writes = [("chat.postMessage", "SEND_MESSAGE_OK",
               {"roomId": "GENERAL", "text": "Sending message from SDK to #general and @here with url "
                "https://github.com/RocketChat/Rocket.Chat.Kotlin.SDK/", "alias": "TestingAlias",
                "avatar": "https://avatars2.githubusercontent.com/u/224255?s=88&v=4"}),
              ("chat.sendMessage", "SEND_MESSAGE_WITH_ID_OK",
               {"message": {"_id": "1abbbf94-c839-4436-9476-6de03011c1e0", "rid": "GENERAL",
                            "msg": "Sending message from SDK to #general and @here"}}),
              ("channels.create", "CREATE_CHANNEL_SUCCESS", {"name": "elf", "members": [], "readOnly": False}),
              ("im.create", "CREATE_DM_OK", {"username": "user.test"})]
    calls += [("POST", f"{api}/{path}", json.loads(consts[name]), body, auth) for path, name, body in writes]
    return calls


def portainer(mirrors: Any) -> list[Call]:
    """A Portainer server's API and the Docker Engine API it proxies, as pyportainer's tests serve them
    (``tests/fixtures/<name>.json``, values unchanged; Portainer's and Docker's API reference examples), each at
    the request the client makes for it (``src/pyportainer/pyportainer.py``: ``https://<host>:9443/api/…`` with the
    ``X-API-Key`` header): the environments (endpoints), the stacks and one stack, and environment 1's containers
    (all, ``?all=1``) and volumes. Left out: the container read alone and its statistics, the images, the Docker
    system and version documents, the events and the answers of actions."""
    def fixture(name: str) -> Any:
        return json.loads(_show(mirrors, PYPORTAINER, f"tests/fixtures/{name}.json"))

    api = "https://portainer.local:9443/api"
    auth = {"request_headers": {"X-API-Key": "MOCK_PORTAINER_API_KEY"}}
    reads = [("endpoints", "endpoints"), ("stacks", "stacks"), ("stacks/1", "stack"),
             ("endpoints/1/docker/containers/json?all=1", "containers"), ("endpoints/1/docker/volumes", "volumes")]
    return [("GET", f"{api}/{path}", fixture(name), None, auth) for path, name in reads]
