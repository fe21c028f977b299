"""Values a client put in a path right after a collection's address (``/users/ada/server``): the API addresses
that collection's records by them. A field of the records holding those values (a ``name``, served with no id) is
their key, though two reads of a record at other moments differ in some field (see :func:`addressed_by`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from inference.drafts import Draft, key_text
from inference.endpoints import host_and_path, is_noise_url

#: Distinct (address, value) pairs remembered over a capture; memory stays bounded past it.
MAX_PAIRS = 20_000


class PathValues:
    """The values seen after each address (its literal path segments) in the requests of a capture."""

    def __init__(self, cap: int = MAX_PAIRS) -> None:
        self.cap = cap
        self.after: dict[tuple[str, ...], set[str]] = {}
        self.pairs = 0

    def note(self, method: str, url: str, status: int) -> None:
        """Remember the path of a request that was answered (2xx or 3xx), not of noise."""
        if self.pairs >= self.cap or not 200 <= status < 400 or is_noise_url(method, url):
            return
        try:
            path = host_and_path(url)[1]
        except ValueError:
            return
        segments = tuple(unquote(s) if "%" in s else s for s in path.split("/") if s)
        for i in range(1, len(segments)):
            seen = self.after.setdefault(segments[:i], set())
            if segments[i] not in seen and self.pairs < self.cap:
                seen.add(segments[i])
                self.pairs += 1

    def attach(self, drafts: list[Draft]) -> None:
        """Give each table the values seen after the address of its collection endpoints (``GET /users``)."""
        for draft in drafts:
            for template in draft.endpoints:
                method, _, path = template.partition(" ")
                segments = tuple(s for s in path.split("/") if s)
                if method == "GET" and segments and not any(s.startswith("{") for s in segments):
                    draft.path_values |= self.after.get(segments, set())


def addressed_by(draft: Draft, column: str) -> bool:
    """The API addresses the table's records by ``column``: most of the values a path held after its collection's
    address are values of the column, two of them at least."""
    if not draft.path_values:
        return False
    held = {key_text(r.values.get(column)) for r in draft.rows}
    found = draft.path_values & held
    return len(found) >= 2 and 2 * len(found) >= len(draft.path_values)


def addressed_values_table(drafts: Iterable[Draft], draft: Draft, texts: set[str], elems: list[Any]) -> Draft | None:
    """The one other table whose records the API addressed by every one of these texts (``/groups/{name}``), two
    values at least and none a number: a list of ``draft`` not named after a table (``subadmin``) holding them lists
    that table's keys. Numbers, and one value alone, fit many tables."""
    if len(texts) < 2 or not all(isinstance(e, str) for e in elems) or any(t.lstrip("-").isdigit() for t in texts):
        return None
    found = [d for d in drafts if d is not draft and d.kind == "entity" and texts <= d.path_values]
    return found[0] if len(found) == 1 else None
