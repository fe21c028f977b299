"""A JSON:API blog: resource objects (``id`` strings, ``type``, ``attributes``, ``relationships``),
compound documents with ``included``, ``links`` and ``meta`` beside the data."""

from __future__ import annotations

import random
from typing import Any

from tests.inference.cases._har import entry, har, table

BASE = "https://blog.example.test/api"
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike"]


def _people(rng: random.Random) -> list[dict[str, Any]]:
    first = ["Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret"]
    last = ["Lovelace", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton"]
    return [{"type": "people", "id": str(i + 1),
             "attributes": {"firstName": first[i], "lastName": last[i],
                            "twitter": f"@{first[i].lower()}" if i % 3 else None,
                            "createdAt": f"2023-0{i + 1}-1{i}T08:{10 + i}:00Z"},
             "links": {"self": f"{BASE}/people/{i + 1}"}} for i in range(6)]


def _tags() -> list[dict[str, Any]]:
    return [{"type": "tags", "id": str(i + 1), "attributes": {"name": w}} for i, w in enumerate(WORDS[:5])]


def _articles(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for i in range(8):
        tags = rng.sample(range(1, 6), rng.randint(1, 3))
        out.append({
            "type": "articles", "id": str(i + 1),
            "attributes": {"title": f"{WORDS[i].title()} considered", "body": " ".join(rng.sample(WORDS, 6)),
                           "publishedAt": None if i == 7 else f"2024-02-{10 + i}T12:00:00.000Z",
                           "wordCount": rng.randint(200, 3000)},
            "relationships": {
                "author": {"links": {"related": f"{BASE}/articles/{i + 1}/author"},
                           "data": {"type": "people", "id": str(i % 6 + 1)}},
                "tags": {"data": [{"type": "tags", "id": str(t)} for t in tags]},
            },
            "links": {"self": f"{BASE}/articles/{i + 1}"},
        })
    return out


def _comments(rng: random.Random, article: int, start: int) -> list[dict[str, Any]]:
    return [{"type": "comments", "id": str(start + j),
             "attributes": {"body": " ".join(rng.sample(WORDS, 4)), "createdAt": f"2024-03-0{j + 1}T09:30:00Z"},
             "relationships": {"author": {"data": {"type": "people", "id": str(rng.randint(1, 6))}}},
             "links": {"self": f"{BASE}/comments/{start + j}"}} for j in range(3)]


def build_har() -> dict[str, Any]:
    rng = random.Random(7)
    people, tags, articles = _people(rng), _tags(), _articles(rng)
    entries = [
        entry(f"{BASE}/articles?include=author,tags&page[size]=4&page[number]={p + 1}",
              {"data": articles[p * 4:p * 4 + 4],
               "included": [x for x in people if any(a["relationships"]["author"]["data"]["id"] == x["id"]
                                                     for a in articles[p * 4:p * 4 + 4])] + tags,
               "links": {"self": f"{BASE}/articles?page[number]={p + 1}", "next": f"{BASE}/articles?page[number]=2"},
               "meta": {"totalPages": 2}, "jsonapi": {"version": "1.1"}})
        for p in range(2)
    ]
    comment_id = 1
    for article in articles[:5]:
        aid = article["id"]
        entries.append(entry(f"{BASE}/articles/{aid}", {"data": article, "links": {"self": f"{BASE}/articles/{aid}"}}))
        comments = _comments(rng, int(aid), comment_id)
        comment_id += len(comments)
        authors = {c["relationships"]["author"]["data"]["id"] for c in comments}
        entries.append(entry(f"{BASE}/articles/{aid}/comments?include=author",
                             {"data": comments, "included": [p for p in people if p["id"] in authors],
                              "meta": {"count": len(comments)}}))
    entries.append(entry(f"{BASE}/people", {"data": people, "links": {"self": f"{BASE}/people"}}))
    entries.append(entry(f"{BASE}/people/3", {"data": people[2]}))
    entries.append(entry(f"{BASE}/tags", {"data": tags, "meta": {"count": 5}}))
    return har(entries)


_ID = "text|integer"
TRUTH = [
    table("people", ["id"], f"id {_ID}, first_name text, last_name text, twitter text null, created_at timestamptz"),
    table("tags", ["id"], f"id {_ID}, name text"),
    table("articles", ["id"], f"id {_ID}, title text, body text, published_at timestamptz null, word_count integer, "
          f"author_id {_ID}", [("author_id", "people", "id")]),
    table("article_tags", ["article_id", "tag_id"], f"article_id {_ID}, tag_id {_ID}",
          [("article_id", "articles", "id"), ("tag_id", "tags", "id")]),
    table("comments", ["id"], f"id {_ID}, body text, created_at timestamptz, author_id {_ID}, article_id {_ID}",
          [("author_id", "people", "id"), ("article_id", "articles", "id")]),
]
