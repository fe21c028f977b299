"""PostgREST's ``select=`` parameter: the projection a read declares, parsed (pure, no I/O).

``select=*,name,alias:col,rel(*),alias:rel!hint(col,sub(*))`` names exactly which columns each row
carries and which related rows are embedded in it, under which key (the alias, else the relation's
name). A column selected as ``col::type`` or ``col->>field`` is served under its alias or its last
JSON key; ``...rel(cols)`` spreads the related row's columns into the holder (no embed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from inference.naming import snake


@dataclass(frozen=True)
class Embed:
    """A related table embedded under ``key``: ``relation`` names the table (or a foreign-key column)."""

    key: str
    relation: str
    star: bool = False
    columns: tuple[str, ...] = ()
    embeds: tuple[Embed, ...] = field(default=())
    #: What follows ``!`` (``people!orders_owner_fkey``): the foreign key to go through, or a join's kind (``left``).
    hint: str = field(default="", compare=False)

    def holder_constraint(self, holder: str) -> bool:
        """The hint names the holder's own foreign key by PostgREST's default constraint name,
        ``<holder>_<column>_fkey``: the holder's rows hold the reference, whatever else they carry."""
        return self.hint.startswith(holder + "_") and self.hint.endswith("_fkey") and len(self.hint) > len(holder) + 6


@dataclass(frozen=True)
class Projection:
    """What each row of a read carries: all its columns (``*``) or those named, and its embeds."""

    star: bool
    columns: tuple[str, ...]
    embeds: tuple[Embed, ...]

    def embed(self, key: str) -> Embed | None:
        return next((e for e in self.embeds if e.key == key), None)


_ALIAS = re.compile(r"^\s*([A-Za-z_][\w]*)\s*:(?!:)(.*)$", re.S)


def _split(text: str) -> list[str]:
    """Top-level comma-separated items (commas inside parentheses belong to an embed)."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return [item.strip() for item in items if item.strip()]


def parse_select(text: str) -> Projection | None:
    """The projection ``text`` declares; None when it is not PostgREST's grammar (unbalanced parentheses)."""
    if text.count("(") != text.count(")"):
        return None
    star, columns, embeds = False, [], []
    for item in _split(text):
        if item.startswith("..."):
            continue  # a spread: the related row's columns join the holder's, under their own names
        alias, rest = ("", item) if (m := _ALIAS.match(item)) is None else (m[1], m[2])
        if rest.endswith(")") and "(" in rest:
            head, _, inner = rest.partition("(")
            relation, _, hint = head.partition("!")
            relation = relation.strip()
            sub = parse_select(inner[:-1])
            if sub is None or not relation:
                return None
            embeds.append(Embed(alias.strip() or relation, relation, sub.star, sub.columns, sub.embeds, hint.strip()))
        elif rest.strip() == "*":
            star = True
        else:
            name = rest.split("::")[0].strip()
            name = name.replace("->>", "->").split("->")[-1] if "->" in name else name
            columns.append((alias or name).strip("'\""))
    return Projection(star, tuple(columns), tuple(embeds))


def url_projection(url: str) -> Projection | None:
    """The projection of a read at ``url`` (its ``select=`` parameter), or None when it declares none."""
    if "select" not in url and "%" not in url:  # no such parameter, even percent-encoded: most reads, unparsed
        return None
    for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if name == "select" and value:
            return parse_select(value)
    return None


def declared_json(url: str, records: list[dict[str, Any]]) -> frozenset[str]:
    """Fields of a projected read (``select=*`` or named columns) holding objects that no embed names: JSON columns
    served as they are stored (PostgREST embeds only what ``rel(...)`` names), one value each, not flattened."""
    projection = url_projection(url)
    if projection is None:
        return frozenset()
    embedded = {e.key for e in projection.embeds}
    return frozenset(k for r in records for k, v in r.items() if isinstance(v, dict) and k not in embedded
                     and (projection.star or k in projection.columns))


#: The row marker holding the fields its read named (see :func:`asked_fields`).
ASKED = "__asked__"
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def asked_fields(url: str, records: list[dict[str, Any]]) -> frozenset[str]:
    """The fields a read names in its query (``include=id,title,color``, ``fields=``, whatever the parameter),
    in snake_case, when every record it answers holds only named fields: a projection the client chose, so a field
    it did not name says nothing of the record (another read of it may hold it). Empty when the read names none."""
    if "," not in url and "%2" not in url.upper() or not records:
        return frozenset()
    for _name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        names = {n.strip() for n in value.split(",")}
        if len(names) < 2 or not all(_FIELD_NAME.match(n) for n in names):
            continue
        if all(isinstance(r, dict) and r.keys() <= names for r in records):
            return frozenset(snake(n) for n in names)
    return frozenset()
