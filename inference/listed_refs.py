"""Items of a list named after a served table that name one of its records by the table's own word.

A document's ``custom_fields`` hold ``{"field": 3, "value": "B-12"}``, a project's ``team_members`` ``{"member": 7,
"role": "lead"}``: the list is named after a table the capture served (``custom_fields``, ``team_members``) and each
item names one record of it under the word that ends the table's singular (``field``, ``member``) or under the whole
singular: a reference to that table when its keys hold every value (eval rule 6: the objects reference another
entity, an association of the owner and that table with the attributes the items add).
"""

from __future__ import annotations

from inference.drafts import Draft, FKDraft, key_text
from inference.keys import pk_of
from inference.naming import singular


def listed_kind_fks(drafts: dict[str, Draft]) -> None:
    """Add the reference of each child table's item field that names a record of the table its list is named after."""
    for draft in list(drafts.values()):
        if draft.kind not in ("child", "association") or not draft.parent:
            continue
        owner = singular(draft.parent) + "_"
        target = drafts.get(draft.name[len(owner):]) if draft.name.startswith(owner) else None
        pk = pk_of(target) if target is not None and target is not draft and target.kind == "entity" else None
        if target is None or pk is None:
            continue
        taken = {c for fk in draft.fks for c in fk.columns}
        word = singular(target.name)
        for col in dict.fromkeys((word, word.rpartition("_")[2])):
            values = {key_text(v) for v in draft.values(col) if v is not None} - {""} if col in draft.paths else set()
            if col in taken or not values or target.key_hits(values, pk) < len(values):
                continue
            draft.add_fk(FKDraft([col], target.name, [pk], "items of a list named after a table name its records", 0.8))
            break
