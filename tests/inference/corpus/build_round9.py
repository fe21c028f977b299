"""Corpus captures of the ninth round: Salesforce REST query results (``{totalSize, done, records}`` with
``attributes``); Box's collections (``{total_count, entries, offset, limit}``) of typed mini objects; CouchDB
sessions (``_all_docs`` rows, ``{ok, id, rev}`` writes) recorded by nano; Okta management API traffic (bare arrays,
``profile``/``credentials`` objects, ``_links``) recorded by okta-sdk-python; Intercom's typed list objects
(``{type: "user.list", users, pages}``) with lists nested in records.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream files unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from tests.inference.corpus.build_round4 import show_file

RESTFORCE = ("restforce/restforce", "1f640b20a0c3930f805372bf191a306dc384a0a7")
BOX = ("box/box-node-sdk", "7dcf9c2bfc44d9436d73c253ce2c9805a41d0e75")
NANO = ("apache/couchdb-nano", "8d71498aed54c1d295eaf12e7e7c0ce3d3ce7cbd")
OKTA = ("okta/okta-sdk-python", "f68509793adefde945ab53ff38f83fab578e3966")
INTERCOM = ("intercom/intercom-go", "2bd1af0ce4b2148380ce0f7482c6b81663977b93")

Call = tuple[str, str, Any] | tuple[str, str, Any, Any]


def salesforce(mirrors: Any) -> list[Call]:
    """Salesforce REST API answers recorded as restforce's spec fixtures: SOQL queries (a parent relationship, a
    child relationship subquery, a result paged through ``nextRecordsUrl``, an aggregate), a record read by id and by
    an external id, recently viewed records, a SOSL search and a create."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, RESTFORCE[0], RESTFORCE[1], f"spec/fixtures/sobject/{name}.json"))
    api = "https://na1.salesforce.com/services/data/v26.0"
    rich = ("SELECT+Checkbox_Label,Text_Label,Date_Label,DateTime_Label,Picklist_Multiselect_Label,"
            "ParentWhizbang__r.Name,ParentWhizbang__r.Text_Label,(SELECT+Name+FROM+Whizbangs__r)+FROM+Whizbang")
    return [
        ("GET", f"{api}/query?q=SELECT+Text_Label+FROM+Whizbang", data("query_paginated_first_page_response")),
        ("GET", f"{api}/query/01gD", data("query_paginated_last_page_response")),
        ("GET", f"{api}/query?q={rich}", data("query_success_response")),
        ("GET", f"{api}/sobjects/Whizbang/23foo", data("sobject_find_success_response")),
        ("GET", f"{api}/sobjects/Whizbang/External_Field__c/1234?fields=External_Field__c,Id",
         data("sobject_select_success_response")),
        ("GET", f"{api}/recent", data("recent_success_response")),
        ("GET", f"{api}/search?q=FIND+%7Bbar%7D", data("search_success_response")),
        ("GET", f"{api}/query?q=SELECT+Id+FROM+Organization", data("org_query_response")),
        ("GET", f"{api}/query?q=SELECT+CampaignId,AVG(Amount)+FROM+Opportunity+GROUP+BY+CampaignId",
         data("query_aggregate_success_response")),
        ("POST", f"{api}/sobjects/Whizbang", data("create_success_response")),
    ]


def box(mirrors: Any) -> list[Call]:
    """Box Content API 2.0 answers recorded as box-node-sdk's endpoint fixtures: the signed-in user and the users,
    the root folder and its items, a file with its comments and versions, groups and a group's memberships, a
    folder's collaborations and a file's tasks."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, BOX[0], BOX[1], f"tests/fixtures/endpoints/{name}.json"))
    api = "https://api.box.com/2.0"
    return [
        ("GET", f"{api}/users/me", data("users/get_users_me_200")),
        ("GET", f"{api}/users", data("users/get_users_200")),
        ("GET", f"{api}/folders/0", data("folders/get_folders_id_200")),
        ("GET", f"{api}/folders/0/items", data("folders/get_folders_id_items_200")),
        ("GET", f"{api}/files/1234567890", data("files/get_files_id_200")),
        ("GET", f"{api}/files/1234567890/comments", data("files/get_files_id_comments_200")),
        ("GET", f"{api}/files/1234567890/versions", data("files/get_files_id_versions_200")),
        ("GET", f"{api}/groups", data("groups/get_groups_200")),
        ("GET", f"{api}/groups/11111/memberships", data("groups/get_groups_id_memberships_200")),
        ("GET", f"{api}/folders/11111/collaborations", data("folders/get_folders_id_collaborations_200")),
        ("GET", f"{api}/files/11111/tasks", data("files/get_files_id_tasks_200")),
    ]


def couchdb(mirrors: Any) -> list[Call]:
    """CouchDB HTTP API sessions recorded as nano's nock fixtures, replayed in order: a database created, listed among
    all databases, read and deleted; documents written one by one, listed through ``_all_docs`` (with ``limit``,
    ``startkey``/``endkey``, ``include_docs``, ``keys`` in a POST body) and read with ``revs_info``."""
    calls: list[Call] = []
    for name in ("database/list", "database/get", "document/list", "document/fetch", "document/get"):
        recorded = json.loads(show_file(mirrors, NANO[0], NANO[1], f"tests/fixtures/{name}.json"))
        for step in recorded:
            url = f"http://localhost:5984{step['path']}"
            body = json.loads(step["response"])
            sent = step.get("body")
            if sent and sent != "*":
                calls.append((step.get("method", "get").upper(), url, body, json.loads(sent)))
            else:
                calls.append((step.get("method", "get").upper(), url, body))
    return calls


def okta(mirrors: Any) -> list[Call]:
    """Okta management API traffic recorded as okta-sdk-python's VCR cassettes, replayed in order: groups created and
    listed; a user created, added to a group, listed among the group's users and removed; a user created, activated
    and the active users listed; user types created and listed. Exchanges answered without a body (204) are left out."""
    calls: list[Call] = []
    for name in ("test_groups_it/TestGroupsResource.test_list_groups",
                 "test_groups_it/TestGroupsResource.test_group_users_operations",
                 "test_users_it/TestUsersResource.test_activate_user",
                 "test_user_types_it/TestUserTypesResource.test_list_user_types"):
        text = show_file(mirrors, OKTA[0], OKTA[1], f"tests/integration/cassettes/{name}.yaml")
        for step in yaml.safe_load(text)["interactions"]:
            body = step["response"]["body"]["string"]
            if body:
                calls.append((step["request"]["method"], step["request"]["uri"], json.loads(body)))
    return calls


def intercom(mirrors: Any) -> list[Call]:
    """Intercom REST answers recorded as intercom-go's test fixtures: admins, two pages of users and one user,
    contacts and one contact, companies and one company, segments and one segment, tags, conversations and one
    conversation."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, INTERCOM[0], INTERCOM[1], f"fixtures/{name}.json"))
    api = "https://api.intercom.io"
    return [
        ("GET", f"{api}/admins", data("admins")),
        ("GET", f"{api}/users", data("users")),
        ("GET", f"{api}/users?per_page=50&page=2", data("users_page_2")),
        ("GET", f"{api}/users/54c42e7ea7a765fa7", data("user")),
        ("GET", f"{api}/contacts", data("contacts")),
        ("GET", f"{api}/contacts/54c42e7ea7a765fa7", data("contact")),
        ("GET", f"{api}/companies", data("companies")),
        ("GET", f"{api}/companies/54c42ed71623d8caa", data("company")),
        ("GET", f"{api}/segments", data("segments")),
        ("GET", f"{api}/segments/5443ac9b316c12246c000005", data("segment")),
        ("GET", f"{api}/tags", data("tags")),
        ("GET", f"{api}/conversations", data("conversations")),
        ("GET", f"{api}/conversations/147", data("conversation")),
    ]
