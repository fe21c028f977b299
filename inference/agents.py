"""The people who act in an API (authors, owners, approvers) and the columns that name them.

A record's agent is named by a role (``author``, ``owner``, ``approver``, ``closed_by``), and many APIs serve it
as the person's user name rather than an id (``"author": "admin"``): a reference to the one table of people by
its unique name column, the natural key of users. See :func:`agent_name_target`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inference.drafts import Draft, key_text
from inference.keys import pk_of

if TYPE_CHECKING:
    from inference.entities import Collector

#: Role names of a record's agents (who wrote, owns, reported, approved or was assigned it).
AGENT_ROLES = frozenset({"author", "owner", "creator", "reporter", "assignee", "user", "sender", "actor", "committer",
                         "approver", "reviewer", "editor", "moderator"})
#: Tables of the people who act in an API, by their usual names.
PEOPLE = ("users", "accounts", "members", "people", "persons")
#: Columns that name a person uniquely in words: the natural keys of a table of people.
_NAME_KEYS = ("username", "user_name", "login", "handle", "email")


def agent_role(role: str) -> bool:
    return role.rpartition("_")[2] in AGENT_ROLES or role.endswith("_by")


def people_table(collector: Collector, draft: Draft | None = None) -> tuple[Draft, str] | None:
    """The one served table of people (by its usual names) and its key, other than ``draft``; None when none or
    several are."""
    found = [(t, pk) for name in PEOPLE if (t := collector.drafts.get(name)) is not None and t is not draft
             and t.kind == "entity" and (pk := pk_of(t)) is not None]
    return found[0] if len(found) == 1 else None


def _name_key(people: Draft, pk: str) -> str | None:
    """The people's column of user names: text in every row, one per row, not the key."""
    for col in _NAME_KEYS:
        if col == pk or col not in people.paths:
            continue
        held = [r.values.get(col) for r in people.rows]
        if held and all(isinstance(v, str) and v and not v.isdigit() for v in held) and len(set(held)) == len(held):
            return col
    return None


def _named_people(collector: Collector, draft: Draft, col: str, values: set[str]) -> tuple[Draft, str] | None:
    """The people's name column when ``col`` is an agent's role holding text found there, all of it."""
    if not agent_role(col) or not values or any(v.isdigit() for v in values):
        return None
    people = people_table(collector, draft)
    key = _name_key(*people) if people is not None else None
    if people is None or key is None or people[0].key_hits(values, key) < len(values):
        return None
    if not all(isinstance(v, str) for v in draft.values(col) if v is not None):
        return None
    return people[0], key


def agent_name_target(collector: Collector, draft: Draft, col: str, values: set[str]) -> tuple[Draft, str] | None:
    """``"author": "admin"`` beside a served table of people whose ``username`` holds ``admin``: an agent's role
    holding user names references the one table of people by that natural key. An agent's role never filled
    (``"approver": null`` everywhere) references it the same way when the capture's other agents are named by user
    name (the API names its people one way)."""
    if values:
        target = _named_people(collector, draft, col, values)
    elif agent_role(col) and not col.endswith("_id") and col not in draft.jsonb:
        target = _agents_named(collector)
    else:
        return None
    if target is not None:
        target[0].alternate_keys.add(target[1])
    return target


def _agents_named(collector: Collector) -> tuple[Draft, str] | None:
    """The people's table and name column that some agent's role of the capture holds user names of."""
    for draft in collector.drafts.values():
        for col in draft.columns():
            if agent_role(col) and not col.endswith("_id") and not col.startswith("__") and col not in draft.jsonb:
                values = {key_text(v) for v in draft.values(col)} - {""}
                if values and (found := _named_people(collector, draft, col, values)) is not None:
                    return found
    return None
