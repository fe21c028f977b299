"""Settings and status documents: answers that describe the server or the UI, not rows of a table.

``GET /api/meta`` (``{"artifact_is_available": false, …}``), ``GET /ui-settings``, ``GET /api/admin/settings``:
one object, read again and again at an address without parameters, never listed, and with no key of
its own. Such an object configures the app; it is left out of the schema (a table needs records that
can be told apart).
"""

from __future__ import annotations

from inference.drafts import Draft


def drop_settings_documents(drafts: dict[str, Draft]) -> None:
    referenced = {fk.ref_table for d in drafts.values() for fk in d.fks}
    parents = {d.parent for d in drafts.values() if d.parent}
    for draft in list(drafts.values()):
        if (draft.kind != "entity" or draft.listed or draft.pk is not None or not draft.endpoints
                or draft.name in referenced or draft.name in parents):
            continue
        if all(_settings_route(template) for template in draft.endpoints):
            del drafts[draft.name]


def _settings_route(template: str) -> bool:
    method, _, path = template.partition(" ")
    return method == "GET" and "{" not in path
