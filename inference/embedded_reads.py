"""Reads that declare a projection with embedded relations (PostgREST's ``select=``), split into one read per table.

A row read with ``?select=col,rel(...),alias:rel!hint(...)`` carries the columns named and the related rows
embedded under each relation's key (see :mod:`inference.projection`). Each embedded row is a row of the table the
relation names, served as a read of that table; the holder keeps its own columns and the reference:

- a to-one object carrying its table's key becomes the holder's reference column (``channel_id``);
- an array of children is the children's reference to the holder: their column holding the holder's key when one
  does, else the holder's key added to them; children read with ``*`` (all their columns) of which none holds the
  holder's key are linked through a join table (``<holder>_<children>``) that PostgREST never serves;
- a holder row that carries no column of its own (``select=rel(*)``) is no row of its table, unless an embed goes
  through a foreign key of the holder's named by PostgREST's default constraint name
  (``first:people!pairs_first_fkey(*)``, ``<holder>_<column>_fkey``): the row then holds that reference (a row of
  an association read only through the records it pairs).

An embed named after a column (``parent_id(*)``) is left as it is. Pure: exchanges in, exchanges out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from inference.identity import NATURAL_KEYS
from inference.naming import reference_column, singular
from inference.projection import Embed, Projection, url_projection
from kernel.exchange import Exchange

Rows = dict[str, list[dict[str, Any]]]


def split_reads(exchanges: Iterable[Exchange]) -> Iterator[Exchange]:
    """Every exchange, those reading embedded relations split into one read per table."""
    for exchange in exchanges:
        yield from _split(exchange)


def _key(row: dict[str, Any]) -> str | None:
    """The row's key column: ``id``, else a natural key it holds (``username``, ``slug``)."""
    for name in ("id", *NATURAL_KEYS):
        if isinstance(row.get(name), str | int) and not isinstance(row.get(name), bool):
            return name
    return None


def _reference(table: str, key: str) -> str:
    """The column referencing ``table`` by ``key``: ``user_id``, ``team_slug``; a key named after the table is
    its own name (``username``)."""
    word = singular(table)
    return key if key.startswith(word) else reference_column(word, key, True)


def _sub(embed: Embed) -> Projection:
    return Projection(embed.star, embed.columns, embed.embeds)


def _unnest(row: dict[str, Any], table: str, projection: Projection, out: Rows) -> dict[str, Any]:
    """The row's own columns; its embedded rows go to ``out`` by table."""
    own = {k: v for k, v in row.items() if projection.embed(k) is None}
    key = _key(own)
    for embed in projection.embeds:
        if embed.key not in row:
            continue
        value, target = row[embed.key], embed.relation
        if target in own or target.endswith("_id") or target == table and isinstance(value, dict):
            own[embed.key] = value  # a foreign-key column expanded in place
            continue
        if isinstance(value, list):
            kids = [_unnest(v, target, _sub(embed), out) for v in value if isinstance(v, dict)]
            child = _key(kids[0]) if kids else None
            if key is not None and kids and not any(v == own[key] for c in kids for k, v in c.items() if k != child):
                if embed.star and child is not None:  # all their columns and none holds the holder's: a join table
                    join = f"{singular(table)}_{target}"
                    out.setdefault(join, []).extend(
                        {_reference(table, key): own[key], _reference(target, child): c.get(child)} for c in kids)
                else:
                    for c in kids:
                        c.setdefault(_reference(table, key), own[key])
            out.setdefault(target, []).extend(kids)
        elif isinstance(value, dict):
            obj = _unnest(value, target, _sub(embed), out)
            if (child := _key(obj)) is not None:
                out.setdefault(target, []).append(obj)
                if own or embed.holder_constraint(table):
                    own.setdefault(_reference(embed.key, child), obj[child])
    return own


def _split(exchange: Exchange) -> list[Exchange]:
    request, body = exchange.request, exchange.response.body
    if request.method != "GET" or not 200 <= exchange.response.status < 300:
        return [exchange]
    projection = url_projection(request.url)
    if projection is None or not projection.embeds:
        return [exchange]
    rows = body if isinstance(body, list) else [body]
    if not rows or not all(isinstance(r, dict) for r in rows):
        return [exchange]
    if not any(e.key in r for r in rows for e in projection.embeds):
        return [exchange]
    parts = urlsplit(request.url)
    base, _, table = parts.path.rstrip("/").rpartition("/")
    out: Rows = {}
    holders = [h for h in (_unnest(r, table, projection, out) for r in rows) if h]
    reads = []
    if holders:
        answer = holders if isinstance(body, list) else holders[0]
        reads.append(exchange.model_copy(update={"response": exchange.response.model_copy(update={"body": answer})}))
    for target, found in out.items():
        if not found:
            continue
        url = urlunsplit((parts.scheme, parts.netloc, f"{base}/{target}", "", ""))
        req = request.model_copy(update={"url": url})
        resp = exchange.response.model_copy(update={"body": found, "body_text": None})
        reads.append(exchange.model_copy(update={"id": f"{exchange.id}/{target}", "request": req, "response": resp}))
    return reads
