"""Integers wider than 32 bits served as strings by a GraphQL API.

GraphQL's ``Int`` is a signed 32-bit integer, so servers that map database columns to GraphQL types (as Hasura and
PostGraphile do) serve a ``bigint`` column as a string of digits (``"id": "1"``, ``"number": "123456789"``) while
their ``Int`` columns stay JSON numbers. Where an API answering at a GraphQL address (``POST /graphql``,
``/v1/graphql``) serves integers as numbers somewhere, a column of its tables whose every value is the canonical
decimal spelling of an integer of at most 19 digits is such an integer, and its values are read as numbers.
Digit strings of APIs that serve no integer as a number stay text (codes and zip codes look the same).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from inference.drafts import Draft

_INTEGER_TEXT = re.compile(r"^-?(0|[1-9][0-9]{0,18})$")


def _graphql(draft: Draft) -> bool:
    return bool(draft.endpoints) and all(e.startswith("POST ") and e.rstrip("/").endswith("/graphql")
                                         for e in draft.endpoints)


def read_big_integers(drafts: Iterable[Draft]) -> None:
    """Read the digit strings of GraphQL tables as integers where the API serves integers as numbers."""
    graphql = [d for d in drafts if _graphql(d)]
    if not any(type(v) is int for d in graphql for r in d.rows for v in r.values.values()):
        return
    for draft in graphql:
        for column in draft.columns():
            values = [r.values[column] for r in draft.rows if r.values.get(column) is not None]
            if values and all(type(v) is str and _INTEGER_TEXT.match(v) for v in values):
                for row in draft.rows:
                    if type(value := row.values.get(column)) is str:
                        row.values[column] = int(value)
