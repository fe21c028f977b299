"""Settings and status documents: answers that describe the server or the UI, not rows of a table.

``GET /api/meta`` (``{"artifact_is_available": false, …}``), ``GET /ui-settings``, ``GET /api/admin/settings``:
one object, read again and again at an address without parameters, never listed, and with no key of
its own. Such an object configures the app; it is left out of the schema (a table needs records that
can be told apart). Views computed over another table's rows are left out too.
"""

from __future__ import annotations

import json
from typing import Any

from inference.drafts import Draft
from inference.identity import TAG_NAMES
from inference.own_parts import inline_own_parts


def drop_settings_documents(drafts: dict[str, Draft]) -> None:
    referenced = {fk.ref_table for d in drafts.values() for fk in d.fks}
    parents = {d.parent for d in drafts.values() if d.parent}
    for draft in list(drafts.values()):
        if (draft.kind != "entity" or draft.listed or draft.pk is not None or not draft.endpoints
                or draft.name in referenced or draft.name in parents or _only_references(draft)):
            continue
        if all(_settings_route(template) for template in draft.endpoints):
            del drafts[draft.name]


def _only_references(draft: Draft) -> bool:
    """Every column a reference to another table, two at least (``{first_user_username, second_user_username}``):
    the object pairs records, a row of an association read at its address, not the app's settings."""
    referencing = {c for fk in draft.fks if fk.ref_table != draft.name for c in fk.columns}
    columns = [c for c in draft.columns() if not c.startswith("__")]
    return len(columns) >= 2 and set(columns) <= referencing


def _settings_route(template: str) -> bool:
    method, _, path = template.partition(" ")
    return method == "GET" and "{" not in path


def drop_projections(drafts: dict[str, Draft]) -> None:
    """Nested rows without an id of their own that only repeat rows of another table, on fewer
    columns (a study's search space, a trial's fixed params: ``(name, distribution)`` pairs all found
    among the trials' params), are a view computed over that table, not a table."""
    for view in list(drafts.values()):
        if view.kind != "child" or not view.parent or not view.rows:
            continue
        parent_cols = {c for fk in view.fks if fk.ref_table == view.parent for c in fk.columns}
        columns = [c for c in view.columns() if c not in parent_cols and not c.startswith("__")]
        if _summary_of_descendants(drafts, view, columns):
            del drafts[view.name]
            continue
        if len(columns) < 2:
            continue
        wanted = {_row_key(r.values, columns) for r in view.rows}
        for source in drafts.values():
            if source is view or source.name not in drafts or not source.rows:
                continue
            source_cols = set(source.columns())
            if not set(columns) < source_cols:
                continue
            if wanted <= {_row_key(r.values, columns) for r in source.rows}:
                del drafts[view.name]
                break


def _summary_of_descendants(drafts: dict[str, Draft], view: Draft, columns: list[str]) -> bool:
    """A parent's list of one named value with computed flags (a study's ``union_user_attrs``: ``{key, sortable}``)
    whose values are all found in the attribute lists of the parent's own child records (the keys of its trials'
    ``user_attrs``) summarizes those records: a view, not a table. Only the flags (booleans) may be the view's own."""
    flags = [c for c in columns if all(isinstance(v, bool) for v in view.values(c) if v is not None)]
    columns = [c for c in columns if c not in flags]
    if len(columns) != 1 or not flags:
        return False
    children = {d.name for d in drafts.values() if d is not view and any(fk.ref_table == view.parent for fk in d.fks)}
    wanted = {_row_key(r.values, columns) for r in view.rows if r.values.get(columns[0]) is not None}
    return bool(wanted) and any(
        source.kind == "child" and source.parent in children and columns[0] in source.columns()
        and wanted <= {_row_key(r.values, columns) for r in source.rows} for source in drafts.values())


def _row_key(values: dict[str, Any], columns: list[str]) -> str:
    """The row's values on ``columns`` as one text; lists in any order (a view may reorder them)."""
    return json.dumps([_canonical(values.get(c)) for c in columns], sort_keys=True, default=str)


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def _tags(draft: Draft) -> dict[str, str] | None:
    """The columns beside the id of an embedded entity when each holds one text value throughout."""
    tags: dict[str, str] = {}
    for col in draft.columns():
        if col in (draft.pk or ()):
            continue
        values = {json.dumps(v, default=str) for v in draft.values(col)}
        if len(values) != 1 or not all(isinstance(v, str) for v in draft.values(col)):
            return None
        tags[col] = values.pop()
    return tags


def _bare(draft: Draft) -> bool:
    """Only the id, beside constant type tags at most (``{"type": "Link", "linkType": "Space", "id": "x"}``):
    text columns named as types, or any text column constant over several ids."""
    tags = _tags(draft)
    if not tags:
        return tags is not None
    if all(col in TAG_NAMES or col.endswith("_type") for col in tags):
        return True
    pk = draft.pk or []
    return bool(pk) and len({json.dumps(v, default=str) for v in draft.values(pk[0])}) > 1


def settle_embedded_entities(drafts: dict[str, Draft]) -> None:
    """Entities known only from objects embedded in other records: a holder's own part (its id spells the
    holder's) is flattened back into it (:mod:`inference.own_parts`); one with nothing but an id is no table."""
    inline_own_parts(drafts)
    drop_bare_id_entities(drafts)


def drop_bare_id_entities(drafts: dict[str, Draft]) -> None:
    """An entity known only from references that carry nothing but its id (``"createdBy": {"user":
    {"id": "..."}}``), never served itself, holds no data: no table; the reference columns stay, without a
    foreign key to it."""
    for bare in [d for d in drafts.values() if d.kind == "embedded" and d.pk and _bare(d)]:
        del drafts[bare.name]
        for draft in drafts.values():
            draft.fks = [fk for fk in draft.fks if fk.ref_table != bare.name]
