"""References named by an abbreviated id: a letter or two and ``id`` (``rid`` of a room, ``pid`` of a program).

Document stores and terse APIs name a reference by the first letter of what it references and ``id`` (a message's
``rid``, its room's ``_id``), as they name a stub by that letter (``"u": {"_id": …}``). Such a column references the
one served table whose name begins with those letters and whose key holds every one of its values (two at least
when they are numbers, which fit many tables' keys): the name says little, the values say the rest. A column that
keys its own table is none.
"""

from __future__ import annotations

import re

from inference.drafts import Draft, FKDraft, key_text
from inference.entities import Collector
from inference.keys import pk_of

_ABBREVIATED_ID = re.compile(r"^([a-z]{1,2})id$")


def abbreviated_fks(collector: Collector, draft: Draft) -> None:
    """Add the references of ``draft``'s abbreviated id columns (see the module)."""
    taken = {c for fk in draft.fks for c in fk.columns}
    for col in draft.columns():
        match = _ABBREVIATED_ID.match(col)
        if match is None or col in taken or col in draft.jsonb or col in (draft.pk or ()):
            continue
        values = {key_text(v) for v in draft.values(col)} - {""}
        if not values or len(values) < 2 and all(v.isdigit() for v in values):
            continue  # one small number fits any table's keys; one token names one record
        found = [(target, key) for target in collector.drafts.values()
                 if target is not draft and target.kind == "entity" and target.name.startswith(match[1])
                 and (key := pk_of(target)) is not None and target.key_hits(values, key) == len(values)]
        if len(found) == 1:
            draft.add_fk(FKDraft([col], found[0][0].name, [found[0][1]],
                                 "an abbreviated id (a letter and id) whose values are keys of the table it names", 0.7))
