"""Lists of stubs linked to their own records in another table: joins to that table.

A record lists other records as stubs, each its id, a copy of the record's name and its own link
(``"aliases": [{"id": 19541, "name": "Dick Track", "resource_url": "/artists/19541"}]`` in an artist,
``"extraartists": [{"id": 26, "name", "role": "Producer", "resource_url": "/artists/26"}]`` in a release). When
every stub's link follows the detail route of another served table and carries the stub's own id, the stubs are
that table's records: the list is a join (``<parent>_<field>``) of the holder and the records, the id a reference
``<record>_id`` (``<field's singular>_id`` when the holder is a record of the same table: ``alias_id``), with the
attributes the stubs add to the credit (a role); the link and the copied name go.
"""

from __future__ import annotations

from inference.drafts import Draft, FKDraft, key_text
from inference.keys import URL_KEYS
from inference.links import STUB_COPIES, link_route
from inference.naming import plural, singular, snake


def _target(drafts: dict[str, Draft], draft: Draft, field: str) -> Draft | None:
    """The served table every row's own link (its id's address) names by its collection, or None."""
    routes: set[str] = set()
    for row in draft.rows:
        found = link_route(row.values.get(field))
        if found is None or key_text(found[1]) != key_text(row.values.get("id")):
            return None
        routes.add(found[0])
    if len(routes) != 1:
        return None
    segments = routes.pop().split(" ", 1)[1].strip("/").split("/")
    if len(segments) < 2 or segments[-2].startswith("{"):
        return None
    target = drafts.get(plural(singular(snake(segments[-2]))))
    if target is None or target is draft or target.kind != "entity" or target.pk != ["id"] or not target.rows:
        return None
    return target


def own_linked_stubs(drafts: dict[str, Draft], draft: Draft) -> None:
    """Make a nested list of stubs linked to another table's records a join to it (see the module)."""
    if draft.kind not in ("entity", "child") or not draft.parent or draft.pk not in (None, ["id"]) or not draft.rows:
        return
    parent_fks = [fk for fk in draft.fks if fk.ref_table == draft.parent and len(fk.columns) == 1]
    columns = draft.columns()
    field = next((f for f in URL_KEYS if f in columns), None)
    if not parent_fks or field is None or "id" not in columns:
        return
    target = _target(drafts, draft, field)
    if target is None:
        return
    parent_col = parent_fks[0].columns[0]
    fk_col = f"{target.singular}_id"
    if fk_col == parent_col or fk_col in columns:
        fk_col = f"{singular(draft.name.rpartition('_')[2] if draft.name.startswith(draft.parent) else draft.name)}_id"
    if fk_col == parent_col or fk_col in columns:
        return
    for row in draft.rows:
        row.values[fk_col] = row.values.pop("id", None)
        row.values.pop(field, None)
        for copy in STUB_COPIES:
            row.values.pop(copy, None)
    draft.dropped.update({field, "id", *STUB_COPIES})
    draft.note(fk_col, f"{field} (own link)")
    draft.kind, draft.rule, draft.pk = "association", "list of stubs linked to records of another table", None
    draft.add_fk(FKDraft([fk_col], target.name, ["id"], "stubs' own links to the rows of the entity served at them",
                         0.85))


def own_linked_entities(drafts: dict[str, Draft]) -> None:
    """A table of bare stubs (an id, a copied name, the stub's own link) each linked to its own record of another
    served table is that table: the references to it reference the records the links address, and it goes (the
    stubs an artist's ``aliases`` lists, read under several artists, are artists)."""
    for draft in list(drafts.values()):
        if draft.kind not in ("entity", "embedded") or draft.pk != ["id"] or not draft.rows:
            continue
        columns = set(draft.columns())
        field = next((f for f in URL_KEYS if f in columns), None)
        if field is None or columns - {"id", field, *STUB_COPIES}:
            continue
        target = _target(drafts, draft, field)
        if target is None or any(fk.ref_table == draft.name for fk in target.fks):
            continue
        for other in drafts.values():
            for fk in other.fks:
                if fk.ref_table == draft.name:
                    fk.ref_table = target.name
        del drafts[draft.name]
