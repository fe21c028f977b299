"""Identifier helpers: snake_case and English singular/plural for table and column names.

The rules are deliberately small and predictable (suffix rules plus a few irregular words);
an editor can rename anything afterwards, and names never change what is matched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inference.drafts import Draft

_IRREGULAR = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "datum": "data",
    "medium": "media",
    "analysis": "analyses",
    "index": "indexes",
    # -f/-fe nouns whose plural is -ves; other -ves words (archives, moves, valves) only drop the s.
    "shelf": "shelves",
    "leaf": "leaves",
    "half": "halves",
    "wolf": "wolves",
    "calf": "calves",
    "loaf": "loaves",
    "thief": "thieves",
    "knife": "knives",
    "wife": "wives",
    "life": "lives",
    # Greek nouns in -on whose plural is -a (other -a words, agenda, area, camera, schema, are singular).
    "criterion": "criteria",
    "phenomenon": "phenomena",
    "taxon": "taxa",
    "automaton": "automata",
    "polyhedron": "polyhedra",
    # -as nouns whose plural is -ases; other -ases words (databases, purchases, releases) only drop the s.
    "alias": "aliases",
    "atlas": "atlases",
    "canvas": "canvases",
    "bias": "biases",
}
_IRREGULAR_SINGULAR = {v: k for k, v in _IRREGULAR.items()}
_UNCOUNTABLE = {"data", "info", "news", "series", "species", "metadata", "media", "inventory", "feedback", "staff"}


@lru_cache(maxsize=1 << 16)
def snake(name: str) -> str:
    """``createdAt`` -> ``created_at``; ``territoryIDs`` -> ``territory_ids``; ``URL`` -> ``url``."""
    text = re.sub(r"([A-Z])([A-Z]+)s(?![a-z])", lambda m: m[1] + m[2].lower() + "s", str(name))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    # Letters of every script are kept (Postgres quotes them), so non-Latin keys stay distinct.
    text = re.sub(r"[\W_]+", "_", text).strip("_").lower()
    text = re.sub(r"_+", "_", text)
    if not text:
        return "field"
    return clip(text, 48)


def clip(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` UTF-8 bytes, at a character boundary (Postgres cuts
    identifiers past 63 bytes, and a cut name would no longer match on the next push)."""
    data = name.encode()
    return name if len(data) <= limit else data[:limit].decode(errors="ignore").rstrip("_")


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """English singular of the last ``_`` part of a snake_case word."""
    head, _, last = word.rpartition("_")
    return (head + "_" if head else "") + _singular_word(last)


@lru_cache(maxsize=1 << 16)
def plural(word: str) -> str:
    head, _, last = word.rpartition("_")
    return (head + "_" if head else "") + _plural_word(last)


@lru_cache(maxsize=1 << 16)
def is_plural(word: str) -> bool:
    last = word.rpartition("_")[2]
    return last in _IRREGULAR_SINGULAR or (_singular_word(last) != last and last not in _UNCOUNTABLE)


def _singular_word(word: str) -> str:
    if word in _UNCOUNTABLE or len(word) <= 3:
        return word
    if word in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z)es$", word) or word.endswith("uses") or word.endswith("sses"):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _plural_word(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _UNCOUNTABLE or word in _IRREGULAR_SINGULAR:
        return word
    if _singular_word(word) != word:
        return word
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|sh|ch|x|z)$", word):
        return word + "es"
    return word + "s"


def reference_column(field: str, key: str, served: bool) -> str:
    """The column of a reference held as a nested object: ``<field>_<key>`` (``assignee`` and ``id``: ``assignee_id``);
    when ``served`` (a table named after the field serves such records), the words the field ends in and the key
    starts with said once (``contact`` and ``contact_id``: ``contact_id``; ``billing_contact`` and ``contact_id``:
    ``billing_contact_id``)."""
    if field.endswith("_" + key):
        return field
    words = field.split("_")
    for i in range(len(words) if served else 0):
        tail = "_".join(words[i:])
        if key.startswith(tail + "_"):
            return f"{field}{key[len(tail):]}"
    return f"{field}_{key}"


#: A predicate's name (``is_admin``, ``has_children``, ``can_edit``): a flag about the record, whatever noun follows.
_PREDICATE = re.compile(r"^(is|has|can|should|was|did|does|allow|allows)_[a-z]")


def predicate_name(column: str) -> bool:
    """A flag's name (``is_guest_member``): its ``0``/``1`` are no keys, even of the table the noun after it names."""
    return _PREDICATE.match(column) is not None


def no_reference(col: str, drafts: Mapping[str, Draft], draft: Draft) -> bool:
    """A column of ``draft`` that references no table by its name: a predicate's flag (:func:`predicate_name`), or the
    table's own key, unless that key is named as a reference to another table keyed otherwise (states keyed by
    ``meter_id`` beside meters keyed by ``meter_uuid``: the key references that table, one to one)."""
    if predicate_name(col):
        return True
    if draft.pk != [col]:
        return False
    target = drafts.get(plural(col[:-3])) if col.endswith("_id") else None
    pk = target.pk if target is not None and target is not draft else None
    if target is None and (bare := drafts.get(plural(col))) is not None and bare is not draft and bare.pk \
            and len(bare.pk) == 1 and bare.pk[0] != col:
        return False  # keyed by ``user``, the bare name of a table keyed otherwise: one to one with it
    return not (pk is not None and len(pk) == 1 and pk[0] != col and pk[0].startswith(col[:-2]))
