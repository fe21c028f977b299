"""Corpus captures of the twelfth round of cases: the WordPress REST API (``/wp-json/wp/v2/``, bare arrays with
``X-WP-Total``/``X-WP-TotalPages`` headers, ``_links`` on every listed record, rendered fields as ``{rendered}``
objects, term and author references as integers, revisions and autosaves under their post); DynamoDB's low-level
JSON protocol (every call a ``POST /`` naming its operation in ``X-Amz-Target`` and its table in the body, every
attribute a one-key typed value: ``{"S": …}``, ``{"N": "…"}``, ``{"BOOL": …}``, ``{"L": [...]}``); Hasura's
GraphQL engine (``POST /v1/graphql``, root fields named after the tables, ``<table>_by_pk``,
``<table>_aggregate {aggregate, nodes}``, object and array relationships nested to any depth, bigint as strings).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from tests.inference.corpus.build_round4 import show_file

# A public copy of wordpress-develop (its snapshot is over the mirror's size limit); the fixture file is WordPress's.
WORDPRESS = ("hkhan26/DiceAssignment", "7f697bceb1655d16a62561c02f432c14d30b5d88")
DYNAMODB_GUIDE = ("awsdocs/amazon-dynamodb-developer-guide", "822948021fcd815a33c040fb6cce5fa0d4127df4")

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]


def _wp_fixtures(mirrors: Any) -> dict[str, Any]:
    """``tests/qunit/fixtures/wp-api-generated.js``: ``mockedApiResponse.<Name> = <JSON>;`` per route, as
    WordPress's own test (``test_build_wp_api_client_fixtures``) wrote the answers of its REST server."""
    text = show_file(mirrors, WORDPRESS[0], WORDPRESS[1], "tests/qunit/fixtures/wp-api-generated.js")
    parts = re.split(r"\nmockedApiResponse\.(\w+) = ", text)
    return {parts[i]: json.loads(parts[i + 1].rstrip().rstrip(";")) for i in range(1, len(parts), 2)}


def wordpress(mirrors: Any) -> list[Call]:
    """The answers of the routes the fixture test reads (``rest-schema-setup.php``), each served at its route under
    ``/wp-json`` (the API's address with pretty permalinks), collections with the paging headers WordPress sends.
    Left out: the API index and the oEmbed answers (descriptions of the API, no records) and the registries of post
    types, statuses and taxonomies (declared in code, not stored)."""
    fx = _wp_fixtures(mirrors)
    api = "http://example.org/wp-json/wp/v2"
    routes = [
        ("PostsCollection", "/posts"), ("PostModel", "/posts/4"), ("postRevisions", "/posts/4/revisions"),
        ("revision", "/posts/4/revisions/5"), ("postAutosaves", "/posts/4/autosaves"),
        ("autosave", "/posts/4/autosaves/6"), ("PagesCollection", "/pages"), ("PageModel", "/pages/7"),
        ("pageRevisions", "/pages/7/revisions"), ("pageRevision", "/pages/7/revisions/8"),
        ("pageAutosaves", "/pages/7/autosaves"), ("pageAutosave", "/pages/7/autosaves/9"),
        ("MediaCollection", "/media"), ("MediaModel", "/media/10"), ("CategoriesCollection", "/categories"),
        ("CategoryModel", "/categories/1"), ("TagsCollection", "/tags"), ("TagModel", "/tags/2"),
        ("UsersCollection", "/users"), ("UserModel", "/users/2"), ("me", "/users/me"),
        ("CommentsCollection", "/comments"), ("CommentModel", "/comments/2"), ("settings", "/settings"),
    ]
    calls: list[Call] = []
    for name, route in routes:
        body = fx[name]
        extra = None
        if isinstance(body, list):
            extra = {"response_headers": {"X-WP-Total": str(len(body)), "X-WP-TotalPages": "1"}}
        calls.append(("GET", api + route, body, None, extra))
    return calls


def _dynamodb_samples(mirrors: Any) -> dict[str, list[dict[str, Any]]]:
    """The guide's sample data files (``BatchWriteItem`` request items), one fenced JSON block per table."""
    text = show_file(mirrors, DYNAMODB_GUIDE[0], DYNAMODB_GUIDE[1], "doc_source/AppendixSampleTables.md")
    out: dict[str, list[dict[str, Any]]] = {}
    for block in re.findall(r"```\n(.*?)```", text, re.S):
        out.update(json.loads(block))
    return out


def dynamodb(mirrors: Any) -> list[Call]:
    """DynamoDB low-level API traffic over the Developer Guide's sample tables: the four ``BatchWriteItem`` calls
    that load them (request bodies the guide's files), then ``Scan`` of each table, ``Query`` of a forum's threads
    and of a thread's replies, ``GetItem`` of a product and of a forum, answered in DynamoDB's documented shapes
    (``{Items, Count, ScannedCount}``, ``{Item}``, ``{UnprocessedItems: {}}``) with the loaded items."""
    samples = _dynamodb_samples(mirrors)
    items = {table: [r["PutRequest"]["Item"] for r in rows] for table, rows in samples.items()}
    url = "https://dynamodb.us-east-1.amazonaws.com/"

    def call(op: str, request: Any, answer: Any) -> Call:
        headers = {"X-Amz-Target": f"DynamoDB_20120810.{op}", "Content-Type": "application/x-amz-json-1.0"}
        return ("POST", url, answer, request, {"request_headers": headers, "mime": "application/x-amz-json-1.0"})

    def page(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"Items": rows, "Count": len(rows), "ScannedCount": len(rows)}

    calls = [call("BatchWriteItem", {"RequestItems": {t: rows}}, {"UnprocessedItems": {}})
             for t, rows in samples.items()]
    calls += [call("Scan", {"TableName": t}, page(items[t])) for t in ("ProductCatalog", "Forum", "Thread", "Reply")]
    forum = "Amazon DynamoDB"
    calls.append(call("Query", {"TableName": "Thread", "KeyConditionExpression": "ForumName = :name",
                                "ExpressionAttributeValues": {":name": {"S": forum}}},
                      page([i for i in items["Thread"] if i["ForumName"]["S"] == forum])))
    thread = "Amazon DynamoDB#DynamoDB Thread 1"
    calls.append(call("Query", {"TableName": "Reply", "KeyConditionExpression": "Id = :id",
                                "ExpressionAttributeValues": {":id": {"S": thread}}},
                      page([i for i in items["Reply"] if i["Id"]["S"] == thread])))
    calls.append(call("GetItem", {"TableName": "ProductCatalog", "Key": {"Id": {"N": "101"}}},
                      {"Item": next(i for i in items["ProductCatalog"] if i["Id"]["N"] == "101")}))
    calls.append(call("GetItem", {"TableName": "Forum", "Key": {"Name": {"S": "Amazon S3"}}},
                      {"Item": next(i for i in items["Forum"] if i["Name"]["S"] == "Amazon S3")}))
    return calls


def hasura(_mirrors: Any) -> list[Call]:
    """Hasura GraphQL traffic as hasura/graphql-engine's test suite records it (``hasura-graphql/upstream-tests.yaml``,
    the suite's files unchanged; the repository's snapshot is over the mirror's size limit): each test's query
    posted to its URL, answered with the response the suite checks the server gives. Two of its test databases
    are read, holding the same authors and articles (``basic``: ``author``, ``article``, ``user``;
    ``aggregations``: ``author``, ``article``)."""
    text = (Path(__file__).resolve().parent / "hasura-graphql" / "upstream-tests.yaml").read_text(encoding="utf-8")
    return [("POST", "https://hasura.example.com" + doc["url"], doc["response"], doc["query"],
             {"status": doc["status"]}) for doc in yaml.safe_load_all(text)]


GHOST_DOCS = ("TryGhost/docs", "b1cd88b00b33c6b2367c174eb92e2a4600b5aeaa")


def ghost(mirrors: Any) -> list[Call]:
    """Ghost Content API v2 answers of the Ghost demo site as the docs' generator recorded them
    (``content/.examples/api/v2/content/demo/generator.js``: each read by slug, with and without ``include=``, and
    the settings), each file served at the request the generator made for it (the content key is the demo's
    public one). The duplicate ``posts-tags-authors.json``, which the generator does not write, is left out."""
    folder = "content/.examples/api/v2/content/demo"
    api = "https://demo.ghost.io/ghost/api/v2/content"
    key = "key=22444f78447824223cefc48062"
    reads = [("posts", "posts/slug/welcome-short/", ""), ("posts-with-tags-authors", "posts/slug/welcome-short/",
             "&include=tags,authors"), ("pages", "pages/slug/about/", ""),
             ("pages-with-tags-authors", "pages/slug/about/", "&include=tags,authors"),
             ("tags", "tags/slug/getting-started/", ""), ("tags-with-count", "tags/slug/getting-started/",
             "&include=count.posts"), ("authors", "authors/slug/cameron/", ""),
             ("authors-with-count", "authors/slug/cameron/", "&include=count.posts"), ("settings", "settings/", "")]
    return [("GET", f"{api}/{route}?{key}{include}",
             json.loads(show_file(mirrors, GHOST_DOCS[0], GHOST_DOCS[1], f"{folder}/{name}.json")))
            for name, route, include in reads]
