"""Spelling rewrites: a list of the request's names as the API re-spelt them (``{"from": "blue whale", "to": "Blue
whale"}``), beside the records it answered with, tells how the request was read, not what the service holds.
"""

from __future__ import annotations

from inference.drafts import Draft


def _spelling(text: str) -> str:
    """A name as it reads whatever its letter case, spaces and underscores (``blue_Whale`` reads ``bluewhale``)."""
    return "".join(ch for ch in text.lower() if ch not in " _")


def _rewrites(draft: Draft) -> bool:
    """A keyless table nested in an answer of two text columns only, every row of which holds two different
    spellings of one name: the request's names normalized, no records."""
    if draft.kind == "entity" or draft.pk or not draft.rows:
        return False
    columns = [c for c in draft.paths if c not in draft.dropped]
    if len(columns) != 2:
        return False
    first, second = columns
    for row in draft.rows:
        a, b = row.values.get(first), row.values.get(second)
        if not isinstance(a, str) or not isinstance(b, str) or a == b or _spelling(a) != _spelling(b):
            return False
    return True


def drop_rewrites(drafts: dict[str, Draft]) -> None:
    """Drop the tables of spelling rewrites (see :func:`_rewrites`) no other table references."""
    for draft in list(drafts.values()):
        if _rewrites(draft) and not any(fk.ref_table == draft.name for d in drafts.values() for fk in d.fks):
            del drafts[draft.name]
