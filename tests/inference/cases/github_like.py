"""A GitHub-like API: users embedded as ``user``/``assignee`` objects (login + id), labels as arrays
of objects shared between issues, resources nested in ``/repos/{owner}/{repo}/issues/{number}``."""

from __future__ import annotations

import random
from typing import Any

from tests.inference.cases._har import entry, har, table

BASE = "https://api.code.example.test"
REPO = f"{BASE}/repos/acme/widget"
LOGINS = ["octocat", "hubot", "monalisa", "defunkt", "mojombo", "pjhyett"]


def _user(i: int) -> dict[str, Any]:
    return {"login": LOGINS[i], "id": 583231 + i * 1117, "node_id": f"MDQ6VXNlcj{i}",
            "avatar_url": f"https://avatars.example.test/u/{583231 + i * 1117}?v=4",
            "html_url": f"https://code.example.test/{LOGINS[i]}", "type": "Bot" if i == 1 else "User",
            "site_admin": i == 0}


LABELS = [{"id": 208045946 + i, "node_id": f"MDU6TGFiZWw{i}", "name": n, "color": c,
           "default": i == 0, "description": None if i == 3 else f"{n} items"}
          for i, (n, c) in enumerate([("bug", "d73a4a"), ("enhancement", "a2eeef"), ("docs", "0075ca"),
                                      ("good first issue", "7057ff"), ("wontfix", "ffffff")])]


def _issues(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for n in range(1, 11):
        closed = n % 3 == 0
        assignee = None if n % 4 == 0 else _user(rng.randrange(6))
        out.append({"id": 3100000000 + n * 7919, "node_id": f"I_kwDO{n}", "number": n, "title": f"Widget fails case {n}",
                    "user": _user(rng.randrange(6)), "labels": [dict(x) for x in rng.sample(LABELS, rng.randint(0, 2))],
                    "state": "closed" if closed else "open", "locked": False, "assignee": assignee,
                    "comments": 3 if n <= 4 else 0, "created_at": f"2024-06-{n:02d}T10:00:00Z",
                    "updated_at": f"2024-06-{n + 5:02d}T10:00:00Z",
                    "closed_at": f"2024-06-{n + 4:02d}T18:30:00Z" if closed else None,
                    "author_association": rng.choice(["OWNER", "MEMBER", "CONTRIBUTOR", "NONE"]),
                    "body": None if n == 7 else f"Steps to reproduce {n}"})
    return out


def _pulls(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for n in range(11, 17):
        merged = n % 2 == 0
        out.append({"id": 2800000000 + n * 104729, "number": n, "state": "closed" if merged else "open",
                    "title": f"Fix widget path {n}", "user": _user(rng.randrange(6)),
                    "labels": [dict(x) for x in rng.sample(LABELS, rng.randint(1, 2))], "draft": n == 15,
                    "head": {"label": f"acme:fix-{n}", "ref": f"fix-{n}", "sha": f"{n:02d}" + "ab3f9c0d" * 5},
                    "base": {"label": "acme:main", "ref": "main", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e"},
                    "created_at": f"2024-07-{n - 10:02d}T09:00:00Z",
                    "merged_at": f"2024-07-{n - 8:02d}T16:00:00Z" if merged else None})
    return out


def _comments(rng: random.Random, issue: int, start: int) -> list[dict[str, Any]]:
    return [{"id": 1500000000 + start + j, "node_id": f"IC_{start + j}", "body": f"Seen on build {rng.randint(100, 999)}",
             "user": _user(rng.randrange(6)), "created_at": f"2024-06-{issue + 1:02d}T1{j}:00:00Z",
             "updated_at": f"2024-06-{issue + 1:02d}T1{j}:05:00Z",
             "author_association": rng.choice(["OWNER", "MEMBER", "NONE"])} for j in range(3)]


def build_har() -> dict[str, Any]:
    rng = random.Random(11)
    issues, pulls = _issues(rng), _pulls(rng)
    entries = [entry(f"{REPO}/issues?state=all&per_page=5&page=1", issues[:5]),
               entry(f"{REPO}/issues?state=all&per_page=5&page=2", issues[5:])]
    for issue in issues[:4]:
        entries.append(entry(f"{REPO}/issues/{issue['number']}", issue))
        entries.append(entry(f"{REPO}/issues/{issue['number']}/comments",
                             _comments(rng, issue["number"], issue["number"] * 10)))
    entries.append(entry(f"{REPO}/pulls?state=all", pulls))
    entries.append(entry(f"{REPO}/labels", LABELS))
    for i in (0, 2):
        detail = dict(_user(i), name=["The Octocat", None, "Mona Lisa"][i], company=None if i else "@acme",
                      public_repos=8 + i, followers=3938 - i, created_at=f"2011-01-2{i}T20:19:03Z")
        entries.append(entry(f"{BASE}/users/{LOGINS[i]}", detail))
    return har(entries)


TRUTH = [
    table("users", ["id"], "login text, id integer, node_id text, avatar_url text, html_url text, type text, "
          "site_admin boolean, name text null, company text null, public_repos integer null, followers integer null, "
          "created_at timestamptz null"),
    table("labels", ["id"], "id bigint|integer, node_id text, name text, color text, default boolean, "
          "description text null"),
    table("issues", ["id"], "id bigint, node_id text, number integer, title text, user_id integer, state text, "
          "locked boolean, assignee_id integer null, comments integer, created_at timestamptz, updated_at timestamptz, "
          "closed_at timestamptz null, author_association text, body text null",
          [("user_id", "users", "id"), ("assignee_id", "users", "id")]),
    table("issue_labels", ["issue_id", "label_id"], "issue_id bigint, label_id bigint|integer",
          [("issue_id", "issues", "id"), ("label_id", "labels", "id")]),
    table("pulls", ["id"], "id bigint, number integer, state text, title text, user_id integer, draft boolean, "
          "head_label text, head_ref text, head_sha text, base_label text, base_ref text, base_sha text, "
          "created_at timestamptz, merged_at timestamptz null", [("user_id", "users", "id")]),
    table("pull_labels", ["pull_id", "label_id"], "pull_id bigint, label_id bigint|integer",
          [("pull_id", "pulls", "id"), ("label_id", "labels", "id")]),
    table("issue_comments", ["id"], "id integer, node_id text, body text, user_id integer, created_at timestamptz, "
          "updated_at timestamptz, author_association text, issue_number integer",
          [("user_id", "users", "id"), ("issue_number", "issues", "number")]),
]
