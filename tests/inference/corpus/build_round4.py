"""Corpus captures of the fourth round: Jira's paged values, Slack's Web API, Notion's lists, Contentful's CDN.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream files unchanged (VCR cassettes are
decoded, and the per-request ``request_id`` Notion adds stays as served).
"""

from __future__ import annotations

import gzip
import json
import subprocess
from typing import Any

import yaml

GO_JIRA = ("andygrunwald/go-jira", "05fb5bc92aec")
SLACK = ("slackapi/python-slack-sdk", "ae87985e2c38")
NOTION = ("ramnes/notion-sdk-py", "9d715dd48229")
CONTENTFUL = ("contentful/contentful.py", "25f50db67b47")

Call = tuple[str, str, Any]


def show_file(mirrors: Any, repo: str, commit: str, path: str) -> str:
    """The text of ``path`` at ``commit`` in the fetched mirror of ``repo``."""
    git = mirrors / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def _cassette(mirrors: Any, repo: str, commit: str, path: str) -> list[Call]:
    """The (method, URL, JSON body) of every interaction of a VCR cassette, gzip bodies decoded."""
    git = mirrors / repo.replace("/", "+") / "repo"
    raw = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"], check=True,
                         capture_output=True).stdout
    doc = yaml.load(raw, Loader=yaml.Loader)  # noqa: S506 - cassettes tag bodies !!binary
    calls: list[Call] = []
    for it in doc["interactions"]:
        body = it["response"]["body"]["string"]
        if isinstance(body, bytes):
            body = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
        calls.append((it["request"]["method"], it["request"]["uri"], json.loads(body)))
    return calls


def jira_agile(mirrors: Any) -> list[Call]:
    """Jira Software's agile and platform REST answers recorded as go-jira's mock data."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, GO_JIRA[0], GO_JIRA[1], f"testing/mock-data/{name}.json"))
    return [
        ("GET", "https://test.jira.org/rest/agile/1.0/board", data("all_boards")),
        ("GET", "https://jira.com/rest/agile/1.0/board/734/sprint", data("sprints")),
        ("GET", "https://issues.apache.org/jira/rest/api/2/statuscategory", data("all_statuscategories")),
        ("GET", "https://issues.apache.org/jira/rest/api/2/resolution", data("all_resolutions")),
        ("GET", "https://issues.apache.org/jira/rest/api/2/issueLinkType", data("all_issuelinktypes")),
    ]


def slack_conversations(mirrors: Any) -> list[Call]:
    """Slack Web API ``conversations.list`` answers: ``{ok, channels, response_metadata}`` and cursor pages."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, SLACK[0], SLACK[1], f"tests/slack_sdk_fixture/{name}.json"))
    api = "https://slack.com/api/conversations.list"
    return [
        ("GET", f"{api}?limit=100", data("web_response_conversations_list")),
        ("GET", f"{api}?limit=1", data("web_response_conversations_list_pagination")),
        ("GET", f"{api}?limit=1&cursor=has_page2", data("web_response_conversations_list_pagination_has_page2")),
        ("GET", f"{api}?limit=1&cursor=has_page3", data("web_response_conversations_list_pagination_has_page3")),
    ]


def notion(mirrors: Any) -> list[Call]:
    """Notion API cassettes: users list, a page created and read, a comment created and listed."""
    calls: list[Call] = []
    for name in ("test_users_list", "test_pages_retrieve", "test_comments_list"):
        calls += [c for c in _cassette(mirrors, NOTION[0], NOTION[1], f"tests/cassettes/{name}.yaml")
                  if c[0] != "DELETE"]
    return calls


def contentful(mirrors: Any) -> list[Call]:
    """Contentful Delivery API cassettes of the example space: content types, entries, assets, one entry."""
    calls: list[Call] = []
    for name in ("content_types", "entries", "assets", "entry", "asset"):
        calls += _cassette(mirrors, CONTENTFUL[0], CONTENTFUL[1], f"fixtures/client/{name}.yaml")
    return calls
