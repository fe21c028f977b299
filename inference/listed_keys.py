"""Lists of scalars whose name alone says whose keys they hold, though the capture read other rows of that table.

``group_ids`` of opaque tokens or integers names the groups by its spelling; a list spelt exactly as a served table
(``transactions`` of a block, ``invoices`` of an account) names it as well, when its items have the form of that
table's opaque keys (tokens of letters and digits, hash digests) and some of them are keys of rows the capture read:
such keys do not collide between tables, so the rows not read are that table's too (eval rule 5: a join table).
"""

from __future__ import annotations

from inference.drafts import Draft
from inference.named import integer_keys, opaque_keys


def keys_by_name(col: str, stem: str, texts: set[str], target: Draft, pk: str) -> bool:
    """Whether the list ``col`` (its items' texts ``texts``) holds keys of ``target`` by its name and their form."""
    if col == f"{stem}_ids":
        return opaque_keys(texts, target, pk) or integer_keys(texts, target, pk)
    return col == target.name and opaque_keys(texts, target, pk) and target.key_hits(texts, pk) > 0
