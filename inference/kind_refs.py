"""References within one typed collection: records of several kinds in one table, told apart by a type tag.

Media servers, content trees and document stores often keep every kind of record in one collection (``"Type":
"MusicAlbum"``, ``"Series"``, ``"Season"``, ``"Audio"``) and link them to each other by fields named after a kind or a
place in the tree: a track's ``AlbumId`` (an album is a record of kind ``MusicAlbum``), a season's ``SeriesId``, any
item's ``ParentId``. Such a field references the collection's own key when its name is a hierarchy word or the last
word of one of the collection's kinds, and some of its values are keys of records served (the others are records of
the collection the capture did not read: library folders, roots). A field naming the collection itself after a role
(``parent_backdrop_item_id`` in ``items``) references it too, whatever its values. A record's ``parent`` (or
``parent_<key>``) null in every record read, in any collection, is such a place left empty (the top-level records):
it references the collection's own key.
"""

from __future__ import annotations

from inference.drafts import Draft, FKDraft, key_text
from inference.identity import TAG_NAMES
from inference.keys import pk_of
from inference.naming import plural, snake
from inference.typed_pointers import pointer_tags

#: Words naming a record's place in a tree of records of one collection.
_HIERARCHY = frozenset({"parent", "root", "container", "folder"})
#: Distinct kinds that make a collection a typed one (two could be a flag).
MIN_KINDS = 3


def kind_fks(drafts: dict[str, Draft], draft: Draft) -> None:
    """Add the references of a typed collection's records to records of it (see the module docstring), and note
    the typed pointers naming one table's records (see :mod:`inference.typed_pointers`) for :mod:`inference.named`."""
    for col, pointer in pointer_tags(draft, drafts).items():
        draft.typed_refs.setdefault(col, pointer)  # {"rid": "9f…", "rtype": "device"}: the id of its one type
    own = pk_of(draft) if draft.kind == "entity" else None
    if own is not None:
        _unfilled_parent(drafts, draft, own)
    kinds = _kinds(draft)
    if own is None or not kinds:
        return
    keys = {key_text(r.values.get(own)) for r in draft.rows} - {""}
    textual = all(isinstance(r.values.get(own), str) for r in draft.rows)
    taken = {c for fk in draft.fks for c in fk.columns}
    for col in draft.columns():
        if col in taken or col == own or col in draft.jsonb or not col.endswith("_" + own) or col.startswith("__"):
            continue
        word = col[: -len(own) - 1]
        held = [v for v in draft.values(col) if v is not None and v != ""]
        if not held or any(isinstance(v, str) != textual or isinstance(v, dict | list | bool) for v in held):
            continue
        named = word.endswith("_" + draft.singular)  # ``parent_backdrop_item_id`` in ``items``
        kind = word in _HIERARCHY or word in kinds and plural(word) not in drafts
        if named or kind and {key_text(v) for v in held} & keys:
            draft.add_fk(FKDraft([col], draft.name, [own], "a typed collection's record named by its kind", 0.7))


def _unfilled_parent(drafts: dict[str, Draft], draft: Draft, own: str) -> None:
    """``parent`` or ``parent_<key>`` null in every record: a reference to the table's own key, never filled (a
    ``parent`` where some table's ``parent`` holds stubs, ``parent_<key>``, is that reference's empty form)."""
    taken = {c for fk in draft.fks for c in fk.columns}
    for col in ("parent", f"parent_{own}"):
        if col in draft.paths and col not in taken and col not in draft.jsonb \
                and all(v is None for v in draft.values(col)) and not any(f"{col}_{own}" in d.paths for d in drafts.values()):
            draft.add_fk(FKDraft([col], draft.name, [own], "never filled; a record's parent is one of its table", 0.5))


def _kinds(draft: Draft) -> set[str]:
    """The last words of the kinds a collection's type tag spells (``music_album`` → ``album``), when it spells at
    least ``MIN_KINDS``; else none."""
    for tag in TAG_NAMES:
        values = {v for r in draft.rows if isinstance(v := r.values.get(tag), str) and v}
        if len(values) >= MIN_KINDS:
            return {snake(v).rpartition("_")[2] for v in values} | {snake(v) for v in values}
    return set()
