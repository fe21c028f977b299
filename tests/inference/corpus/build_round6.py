"""Corpus captures of the sixth round: Mastodon statuses, a Discourse forum, Kubernetes lists, Elasticsearch documents.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream files unchanged (Mastodon's are the
decoded VCR cassettes, Kubernetes' the recorded replays' response bodies, Elasticsearch's the response
examples of its API specification).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from tests.inference.corpus.build_round4 import _cassette, show_file

MASTODON = ("halcy/Mastodon.py", "b9f2effbb5a9f07ebca3807466f4130e69b1614c")
DISCOURSE = ("discourse/discourse_api", "6e5e71b692bbf86e9d052506e7647cb9aa5a84c2")
K8S = ("Arnavion/k8s-openapi", "b2c839b8b1828e9035ff8467cdac87756190aa4e")

Call = tuple[str, str, Any]


def mastodon(mirrors: Any) -> list[Call]:
    """Statuses posted, replied to, reblogged and favourited, and the notifications they raised (Mastodon REST v1).

    Every interaction of four of the client's VCR cassettes, in recorded order; the cassettes were recorded
    against a local Mastodon server at ``http://localhost:3000``.
    """
    calls: list[Call] = []
    for name in ("test_status_reply", "test_status_reblog_unreblog", "test_status_favourited_by",
                 "test_notifications"):
        calls += _cassette(mirrors, MASTODON[0], MASTODON[1], f"tests/cassettes/{name}.yaml")
    return calls


def discourse(mirrors: Any) -> list[Call]:
    """A Discourse forum's hot list (topics beside side-loaded users), one topic with its posts, the latest posts
    and the admin's list of active users, on the routes Discourse serves them at (``.json`` suffixes).

    The answers are the API client's spec fixtures, recorded from Discourse sites (the topic from try.discourse.org).
    """
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, DISCOURSE[0], DISCOURSE[1], f"spec/fixtures/{name}.json"))
    host = "https://forum.example.com"
    return [
        ("GET", f"{host}/hot.json", data("hot")),
        ("GET", f"{host}/t/57.json", data("topic")),
        ("GET", f"{host}/posts.json", data("posts_latest")),
        ("GET", f"{host}/admin/users/list/active.json", data("user_list")),
    ]


def kubernetes(mirrors: Any) -> list[Call]:
    """Kubernetes API lists and objects as k8s-openapi's tests recorded them against a v1.36 cluster: the kube-system
    pods and deployments, and a Job created, polled until done, its pods listed, then deleted.

    Each replay file holds the request's method and path beside the response body; every exchange is kept, in order.
    """
    base = "k8s-openapi-tests/test-replays/v1-36"
    calls: list[Call] = []
    for name in ("pod-list", "deployment-list", "job-create"):
        for r in json.loads(show_file(mirrors, K8S[0], K8S[1], f"{base}/{name}.json")):
            calls.append((r["request_method"], "https://kubernetes.default.svc" + r["request_url"],
                          json.loads(r["response_body"])))
    return calls


ES_SPEC = ("elastic/elasticsearch-specification", "9d9b9a521cc1070c1c9eb6c77d91c3a5fb09730d")


def elasticsearch(mirrors: Any) -> list[Call]:
    """Elasticsearch's document APIs on one index: a search page of hits, three gets (the ``_source``, stored
    ``fields``, a ``_routing``), a document indexed with a generated id, one deleted, and a count.

    The answers are the response examples of Elasticsearch's API specification, each sent at the request its
    description names (``A successful response from `GET my-index-000001/_doc/0```).
    """
    def example(path: str) -> Any:
        doc = yaml.safe_load(show_file(mirrors, ES_SPEC[0], ES_SPEC[1], f"specification/_global/{path}.yaml"))
        return json.loads(doc["value"])
    host = "http://localhost:9200"
    return [
        ("GET", f"{host}/my-index-000001/_search?from=40&size=20",
         example("search/examples/200_response/SearchResponseExample1")),
        ("GET", f"{host}/my-index-000001/_doc/0", example("get/examples/response/GetResponseExample1")),
        ("GET", f"{host}/my-index-000001/_doc/1?stored_fields=tags,counter",
         example("get/examples/response/GetResponseExample2")),
        ("GET", f"{host}/my-index-000001/_doc/2?routing=user1&stored_fields=tags,counter",
         example("get/examples/response/GetResponseExample3")),
        ("POST", f"{host}/my-index-000001/_doc/", example("index/examples/response/IndexResponseExample1")),
        ("DELETE", f"{host}/my-index-000001/_doc/1", example("delete/examples/response/DeleteResponseExample1")),
        ("GET", f"{host}/my-index-000001/_count?q=user:kimchy", example("count/examples/200_response/CountResponseExample1")),
    ]
