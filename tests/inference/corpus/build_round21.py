"""Corpus captures of the twenty-first round of cases: the Overpass API of OpenStreetMap (one interpreter address
answering ``{version, generator, osm3s, elements}``, the elements of several kinds told apart by ``type``
(``node``, ``way``, ``relation``, ``area``), a way's nodes as a list of node ids, a relation's members as
``{type, ref, role}`` naming elements of any kind, free-form ``tags`` maps) as overpy's test fixtures hold it.

Also Discogs' database API (artists, labels, releases and users read by id or name, stubs
``{id, name, resource_url}`` of other records everywhere, a release's artists and labels as lists of stubs with
attributes of their credit, pages ``{pagination: {page, pages, per_page, items, urls}, <plural>: [...]}``, a user's
wants embedding the release as ``basic_information``) as python3-discogs-client's test fixtures hold it.

And Crossref's REST API (every answer ``{status, message-type, message-version, message}``, lists as
``message.items`` beside ``total-results`` and ``items-per-page``, kebab-case members, works keyed by DOIs that hold a
slash and are read at ``/works/{prefix}/{suffix}``, dates as ``{date-parts: [[y, m, d]], date-time, timestamp}``, a
work's type naming a record of ``/types``) as habanero's recorded cassettes hold it.

And Zotero's Web API v3 (every record ``{key, version, library, links, meta, data}``, its editable fields under
``data`` repeating its 8-character ``key``, the library embedded in each record, ``false`` for a collection without
parent, an item's collections as a list of collection keys, fields that depend on the item type) as pyzotero's test
fixtures hold it.

The fixtures are JSON files and vcrpy cassettes (YAML, their answers' bodies gzip-compressed JSON), read as data
(never executed). Used by ``build_cases``
(``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names the repository, commit and
licence of its files.
"""

from __future__ import annotations

import gzip
import json
from typing import Any
from urllib.parse import quote

from tests.inference.corpus.pinned import show

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

OVERPY = ("DinoTools/python-overpy", "a8acf84e7182e2e315fd3627529b238f8688ee77")
HABANERO = ("sckott/habanero", "461adbcf3970a1448daf2896165c9e43fd269b8f")
PYZOTERO = ("urschrei/pyzotero", "f331564f8393f93c95df26d3dae4e9dd0d34f221")
DISCOGS = ("joalla/discogs_client", "93ab911eabfa8c7b9fa72178f9aced6b7ce9e747")

OVERPASS_QUERIES = [
    ("node-01", "[out:json];node(50.745,7.17,50.75,7.18);out meta;"),
    ("way-01", "[out:json];way(50.745,7.17,50.75,7.18);out meta;"),
    ("way-02", "[out:json];way(317146077);(._;>;);out;"),
    ("way-03", "[out:json];way(225576797);(._;>;);out meta center;"),
    ("relation-02", "[out:json];relation(2046898);(._;>;);out meta;"),
    ("relation-03", "[out:json];relation(23092);out center;"),
    ("area-01", "[out:json];is_in(50.8,7.15);area._;out;"),
]


def overpass(mirrors: Any) -> list[Call]:
    """The Overpass API as overpy's tests serve it (``tests/json/<name>.json``: answers of the interpreter, values
    unchanged), each at a ``GET`` of the interpreter with an Overpass QL query that asks for what it holds (the
    query is chosen here; the fixtures do not record it): nodes, ways with and without their nodes and centres,
    a route relation with its members' nodes and way, a motorway relation with its centre, the areas around a
    point. Left out: the answers with remarks or errors, the XML answers, the relation with members' geometries
    and the duplicates of the files kept."""
    calls: list[Call] = []
    for name, query in OVERPASS_QUERIES:
        body = json.loads(show(mirrors, OVERPY, f"tests/json/{name}.json"))
        calls.append(("GET", f"https://overpass-api.de/api/interpreter?data={quote(query, safe='')}", body))
    return calls


def discogs(mirrors: Any) -> list[Call]:
    """Discogs' API as python3-discogs-client's tests serve it (``discogs_client/tests/res/<path>.json``: answers of
    the API named after the path and query they answer, values unchanged), each at that address on
    ``https://api.discogs.com`` with the client's user agent: two artists, a label, two releases, a user and the
    user's wantlist. Left out: the searches, masters, lists, marketplace, collection and an artist's releases
    (records of two kinds), and the releases whose answers repeat these."""
    def fixture(path: str) -> Any:
        return json.loads(show(mirrors, DISCOGS, f"discogs_client/tests/res/{path}.json"))

    api = "https://api.discogs.com"
    agent = {"request_headers": {"User-Agent": "wiretable-corpus/1.0 +python3-discogs-client"}}
    reads = [("artists/1", "artists/1"), ("artists/2", "artists/2"), ("labels/1", "labels/1"),
             ("releases/79", "releases/79"), ("releases/2", "releases/2"), ("users/example", "users/example"),
             ("users/example/wants?per_page=50&page=1", "users/example/wants_per_page=50&page=1")]
    return [("GET", f"{api}/{path}", fixture(name), None, agent) for path, name in reads]


def crossref(mirrors: Any) -> list[Call]:
    """Crossref's REST API as habanero's tests recorded it (``test/cassettes/<test>/<case>.yaml``: vcrpy cassettes of
    the API's answers, read with ``yaml.safe_load``, each body decompressed and parsed, values unchanged), each at the
    address recorded, without the recorded user agent's contact address: the work types, two funders and six works
    read by DOI. Left out: the members and journals (coverage statistics by work type), the searches, samples and
    cursors, the error answers and the content negotiation (citation formats)."""
    import yaml

    calls: list[Call] = []
    agent = {"request_headers": {"User-Agent": "python-httpx2/2.3.0 habanero/2.4.0"}}
    for cassette in ("test-types/test_types", "test-funders/test_funders", "test-works/test_works_with_one_id",
                     "test-works/test_works_with_many_ids"):
        for interaction in yaml.safe_load(show(mirrors, HABANERO, f"test/cassettes/{cassette}.yaml"))["interactions"]:
            body = interaction["response"]["body"]["string"]
            text = gzip.decompress(body).decode("utf-8") if isinstance(body, bytes) else body
            calls.append(("GET", interaction["request"]["uri"], json.loads(text), None, agent))
    return calls


def zotero(mirrors: Any) -> list[Call]:
    """Zotero's Web API v3 as pyzotero's tests serve it (``tests/api_responses/<name>.json``: answers of the API,
    values unchanged), each at the request the client makes for it on ``https://api.zotero.org`` (``format=json``,
    version 3 of the API asked in a header, the count of records answered in ``Total-Results``): one user library's
    items, one of them read alone, and its collections. Left out: the other libraries' answers (tags, groups, an
    attachment, a collection), the versions maps, templates, item types and fields, citations and files."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, PYZOTERO, f"tests/api_responses/{name}.json"))

    api = "https://api.zotero.org/users/475425"
    calls: list[Call] = []
    for path, name in (("items?format=json&limit=100", "items_doc"), ("items/X42A7DEE?format=json", "item_doc"),
                       ("collections?format=json&limit=100", "collections_doc")):
        body = fixture(name)
        headers = {"Total-Results": str(len(body) if isinstance(body, list) else 1), "Zotero-API-Version": "3"}
        calls.append(("GET", f"{api}/{path}", body, None,
                      {"request_headers": {"Zotero-API-Version": "3"}, "response_headers": headers}))
    return calls
