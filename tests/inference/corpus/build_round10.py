"""Corpus captures of the tenth round: the Hacker News API on Firebase (items and users at ``/v0/<kind>/<id>.json``,
children as id arrays, live lists of ids).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream examples unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.inference.corpus.build_round4 import show_file

HACKERNEWS = ("HackerNews/API", "8a0528f538bca407c2ceeeefc9bee48bdb99c1c8")

Call = tuple[str, str, Any]

_EXAMPLE = re.compile(r"(https://hacker-news\.firebaseio\.com/\S+?)\?print=pretty\s*```javascript\n(.*?)```", re.S)


def hackernews(mirrors: Any) -> list[Call]:
    """The Hacker News API's documented examples, each served at the address the README reads it from: six items
    (story, comment, Ask HN, job, poll, poll option), one user, the largest item id and the recent changes. The
    abridged story lists (``[ 9129911, ..., 9038733 ]``) are no JSON and are left out."""
    readme = show_file(mirrors, HACKERNEWS[0], HACKERNEWS[1], "README.md")
    calls: list[Call] = []
    for url, body in _EXAMPLE.findall(readme):
        try:
            calls.append(("GET", url, json.loads(body)))
        except json.JSONDecodeError:
            continue
    return calls
