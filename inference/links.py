"""Links as identity: hyperlinked APIs name records by their address rather than by an id.

An index page of stubs (``{"name": "cheri", "url": "https://host/api/berry/1/"}``) lists rows of the
entity served at ``/berry/{id}``: each stub is that row, with the id its link carries. A nested stub
(``"firmness": {"name": "soft", "url": ".../berry-firmness/2/"}``) is a reference to the row the link
addresses: one ``firmness_id`` column, not a copied name and a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from inference.drafts import Draft, FKDraft, Row, key_text
from inference.endpoints import endpoint_template, is_action, parse_route
from inference.identity import ID_KEYS
from inference.keys import URL_KEYS
from inference.naming import is_plural, plural, singular, snake

LINK_FIELDS = ("url", "href", "uri")
#: Fields a stub copies from the row it links to, dropped beside the reference.
STUB_COPIES = ("name", "title", "label", "slug", "display_name")
#: Share of links a url-keyed table must hold when it does not serve their route.
LINK_CONTAINMENT = 0.5


def link_id(link: object, endpoints: set[str]) -> int | str | None:
    """The id a link carries when its route (``GET /api/berry/{id}``) is one of ``endpoints``."""
    found = link_route(link)
    return found[1] if found is not None and found[0] in endpoints else None


def link_route(link: object) -> tuple[str, int | str] | None:
    """(route template, id) of a link that ends in an id, else None: an absolute link, or one relative to the host's
    root (``/artists/19541``, as APIs often spell their own ``resource_url``)."""
    if not isinstance(link, str) or not link.startswith(("http://", "https://", "/")) or link.startswith("//"):
        return None
    route = parse_route("GET", link)
    value = route.values[-1] if route.values else None
    if not route.segments or route.segments[-1] != "{id}" or value is None:
        return None
    return route.template, int(value) if value.lstrip("-").isdigit() else value


def ids_from_own_links(draft: Draft) -> None:
    """Rows without an id whose own link addresses this table's detail route get the id it carries;
    the link column goes when every row's link is its id's address (it adds nothing then)."""
    if not any("id" in r.values for r in draft.rows):
        return
    field = next((f for f in LINK_FIELDS if any(f in r.values for r in draft.rows)), None)
    if field is None:
        return
    redundant, linked = True, False
    for row in draft.rows:
        link = row.values.get(field)
        if link is None:
            continue
        linked = True
        found = link_id(link, draft.endpoints)
        if found is None:
            redundant = False
        elif row.values.get("id") is None:
            row.values["id"] = found
        elif row.values["id"] != found:
            redundant = False
    if redundant and linked:  # a link that is null everywhere is no copy of the id: a column as any other
        draft.dropped.add(field)
        for row in draft.rows:
            row.values.pop(field, None)


def link_references(drafts: dict[str, Draft], draft: Draft) -> None:
    """``<field>_url`` holding links to another table's detail route: ``<field>_id`` referencing
    that table, and the stub's copied name dropped."""
    columns = draft.columns()
    for col in columns:
        field, _, suffix = col.rpartition("_")
        if not field or suffix not in LINK_FIELDS or col in (draft.pk or []):
            continue
        links = [v for v in draft.values(col) if v is not None]
        if not links or not isinstance(links[0], str) or link_route(links[0]) is None:
            continue
        routes = {found[0] if (found := link_route(v)) is not None else "" for v in links}
        if all(key_text(found[1]) == key_text(r.values.get("id")) for r in draft.rows
               if (found := link_route(r.values.get(col))) is not None):
            continue  # each row's own address, its id already said: a column as any other
        for target in drafts.values():
            if target is draft or target.pk != ["id"] or not routes <= target.endpoints:
                continue
            fk_col = f"{field}_id"
            if fk_col in columns:
                break
            if any(fk.ref_table == target.name and len(fk.columns) == 1 and all(
                    key_text(link_id(r.values.get(col), target.endpoints)) == key_text(r.values.get(fk.columns[0]))
                    for r in draft.rows if r.values.get(col) is not None) for fk in draft.fks):
                draft.dropped.add(col)  # the link of a record the row references already: it says nothing more
                for row in draft.rows:
                    row.values.pop(col, None)
                break
            for row in draft.rows:
                row.values[fk_col] = link_id(row.values.pop(col, None), target.endpoints)
                for copy in STUB_COPIES:
                    row.values.pop(f"{field}_{copy}", None)
            draft.dropped.add(col)
            draft.dropped.update(f"{field}_{copy}" for copy in STUB_COPIES)
            draft.note(fk_col, f"{col} (link)")
            draft.add_fk(FKDraft([fk_col], target.name, ["id"], "link to the row of the entity served at it", 0.85))
            break


def is_link(text: str) -> bool:
    return text.startswith(("http://", "https://", "/")) and len(text) > 1


def links_column(draft: Draft, col: str) -> bool:
    """Whether the column's first values are links (``"homeworld": "https://host/api/planets/1/"``)."""
    sample = []
    for row in draft.rows:
        value = row.values.get(col)
        if value is not None:
            sample.append(value)
            if len(sample) == 20:
                break
    return bool(sample) and all(isinstance(v, str) and is_link(v) for v in sample)


def target_by_link(drafts: dict[str, Draft], draft: Draft, values: set[str],
                   pk_of: Callable[[Draft], str | None]) -> tuple[Draft, str] | None:
    """The table keyed by its own links (``url``) whose rows these links address: it holds them, or
    serves the route they follow (``/planets/{id}`` for ``https://host/api/planets/8/``)."""
    routes = {endpoint_template("GET", v) for v in values}
    for target in drafts.values():
        pk = pk_of(target) if target.kind != "join" and target is not draft else None
        if pk is None or pk not in URL_KEYS:
            continue
        # a child table keyed by a link (``images[].url``) is served at its parent's routes, not addressed by them
        served = target.kind == "entity" and routes <= target.endpoints
        if served or target.key_hits(values, pk) >= LINK_CONTAINMENT * len(values):
            return target, pk
    return None


def details_by_path(drafts: dict[str, Draft], pending: list[Any]) -> None:
    """``GET /studies/{id}`` answering a study without its id, beside a list at ``GET /studies``
    keyed by ``study_id``: the detail rows are rows of the list's table, keyed by the path value.
    ``pending`` items (nested arrays and objects) owned by a merged table move with it."""
    for draft in list(drafts.values()):
        rows = [r for r in draft.rows if "__path_key__" in r.values]
        if rows and len(rows) < len(draft.rows):
            _own_details(draft, rows)
        if not rows or len(rows) < len(draft.rows):
            continue
        lists = {t.rsplit("/", 1)[0] for t in draft.endpoints if t.endswith("}")}
        for target in drafts.values():
            if target is draft or target.kind != "entity" or not lists & target.endpoints:
                continue
            key = next((c for c in target.columns() if c in ID_KEYS or c == f"{target.singular}_id"
                        or c.endswith("_id") and draft.singular.endswith(c[:-3])), None)
            known = {key_text(r.values.get(key)) for r in target.rows} if key else set()
            if key is None or not {r.values["__path_key__"] for r in rows} <= known:
                continue
            textual = any(isinstance(r.values.get(key), str) for r in target.rows)
            for row in rows:
                value = row.values.pop("__path_key__")
                row.values[key] = value if textual else int(value) if value.lstrip("-").isdigit() else value
                target.add_row(row)
            for col, paths in draft.paths.items():
                for path in paths:
                    target.note(col, path)
            target.endpoints |= draft.endpoints
            for item in pending:
                if item.owner is draft:
                    item.owner = target
            del drafts[draft.name]
            break


def _own_details(draft: Draft, rows: list[Row]) -> None:
    """``GET /stocks/4`` answering a stock without its id, in the table whose listed rows hold ``stock_id``: the
    detail's key is the path value, when every path value is one the listed rows hold in that field."""
    listed = [r for r in draft.rows if "__path_key__" not in r.values]
    key = next((c for c in draft.columns() if c in ID_KEYS or c == f"{draft.singular}_id"), None)
    if key is None or not {r.values["__path_key__"] for r in rows} <= {key_text(r.values.get(key)) for r in listed}:
        return
    textual = any(isinstance(r.values.get(key), str) for r in listed)
    for row in rows:
        value = row.values.pop("__path_key__")
        row.values[key] = value if textual else int(value) if value.lstrip("-").isdigit() else value


def unseen_parent_column(draft: Draft, parent_name: str, rows: list[Row]) -> None:
    """``/projects/3/jobs`` when no project was captured: the jobs still carry their project's key,
    ``project_id`` (``project_key`` for a textual key), unless a field of theirs already holds it."""
    values = {r.hint[1] for r in rows if r.hint}
    named = singular(parent_name)
    if any(all(key_text(r.values.get(c)) == r.hint[1] for r in rows if r.hint)
           for c in draft.columns() if c.startswith(named)):
        return
    numeric = all(re.fullmatch(r"-?\d{1,18}", v) for v in values)
    if not numeric and not all(re.fullmatch(r"[A-Z][A-Z0-9_-]{0,15}", v) for v in values):
        return  # a slug or a name may be anything's (``/repos/{owner}/...``): only ids and codes
    col = f"{singular(parent_name)}_{'id' if numeric else 'key'}"
    if col in draft.columns():
        return
    draft.note(col, "path parameter")
    for r in rows:
        r.values[col] = (path_value(r.hint[1]) if numeric else r.hint[1]) if r.hint else None


def path_value(text: str) -> Any:
    """A path parameter as the value a record would hold: digits as an integer."""
    return int(text) if re.fullmatch(r"-?\d{1,18}", text) else text


def aliases_join_their_entity(drafts: dict[str, Draft], pending: list[Any]) -> None:
    """``GET /me`` or ``/account/current`` answering a member of an existing entity: a table served
    only by single-record routes without parameters whose rows carry ids of another table with
    most of the same fields is that table (matched by shape and key)."""
    for draft in list(drafts.values()):
        if draft.kind != "entity" or not draft.rows or len(draft.rows) > 3:
            continue
        if any(not _alias_route(t) for t in draft.endpoints):
            continue
        key = next((k for k in ID_KEYS if all(k in r.values for r in draft.rows)), None)
        if key is None:
            continue
        ids = {key_text(r.values[key]) for r in draft.rows}
        fields = set(draft.columns())
        for target in drafts.values():
            if target is draft or target.kind != "entity" or key not in target.columns():
                continue
            if all(_alias_route(t) for t in target.endpoints):
                continue  # two singletons (the server's settings, the session's user) are two records, no alias
            if len(fields & set(target.columns())) < 0.5 * len(fields) or target.key_hits(ids, key) < len(ids):
                continue
            for row in draft.rows:
                target.add_row(row)
            for col, paths in draft.paths.items():
                for path in paths:
                    target.note(col, path)
            target.endpoints |= draft.endpoints
            for item in pending:
                if item.owner is draft:
                    item.owner = target
            del drafts[draft.name]
            break


def _alias_route(template: str) -> bool:
    """``GET /api/me``, ``GET /account/current``: a read of one named record, no parameter, no action."""
    method, _, path = template.partition(" ")
    last = path.rsplit("/", 1)[-1]
    return method == "GET" and "{" not in path and bool(last) and not is_plural(snake(last)) and not is_action(last)


def held_parent_key(objs: list[tuple[Any, dict[str, Any]]], parent_pk: str) -> str | None:
    """The field by which every item of a nested array already names its parent (a custom field's options
    each holding ``idCustomField``, a card's items ``idModel``, equal to the parent's key): the child's
    reference to its parent, so no second column repeats it."""
    first = objs[0][1]
    for key, value in first.items():
        if key in ID_KEYS or isinstance(value, dict | list | bool) or not key_text(value):
            continue
        if all(key_text(obj.get(key)) == key_text(pending.parent.values.get(parent_pk)) for pending, obj in objs):
            return key
    return None


def key_determines(objs: list[dict[str, Any]], key: str) -> bool:
    """Whether nested objects sharing a key value describe one thing: an object's id names an entity only
    when the other fields follow from it. Objects carrying one ``UUID`` with a different ``String`` each
    are groups of fields whose first happens to be a key-like name."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for obj in objs:
        groups.setdefault(key_text(obj.get(key)), []).append(obj)
    shared = [g for g in groups.values() if len(g) > 1]
    disagreeing = 0
    for group in shared:
        first = group[0]
        fields = [k for k, v in first.items() if k != key and not isinstance(v, dict | list)]
        differ = sum(1 for obj in group[1:] for k in fields if obj.get(k) != first[k])
        total = len(fields) * (len(group) - 1)
        disagreeing += bool(total) and differ * 2 > total
    return not shared or disagreeing * 2 < len(shared)


def stubs_route(objs: list[dict[str, Any]]) -> str | None:
    """The one detail route (``GET /api/tenancy/tenant-groups/{id}``) that every stub's own link (``url``,
    ``href``) follows, or None when some stub has none or they follow different routes."""
    routes: set[str] = set()
    for obj in objs:
        link = next((obj[k] for k in URL_KEYS if isinstance(obj.get(k), str)), None)
        found = link_route(link)
        if found is None:
            return None
        routes.add(found[0])
    return routes.pop() if len(routes) == 1 else None


def addressed_entity(drafts: dict[str, Draft], objs: list[dict[str, Any]]) -> Draft | None:
    """The served table whose route the stubs' own links follow (``{"id": 1, "url": ".../tenant-groups/1/",
    "name", "slug"}`` is a tenant group, though a site's stub has the same fields): the link names the collection,
    which names the table, whatever the field holding the stub is called."""
    route = stubs_route(objs)
    if route is None:
        return None
    listing = route.removesuffix("/{id}")
    found = [d for d in drafts.values() if d.kind == "entity" and d.rows and (route in d.endpoints or listing in d.endpoints)]
    return found[0] if len(found) == 1 else None


def addressed_name(objs: list[dict[str, Any]]) -> str | None:
    """The table the stubs' links name by their collection segment (``.../ipam/ip-addresses/3/`` -> ``ip_addresses``)
    when no served table answers that route."""
    route = stubs_route(objs)
    segments = route.split(" ", 1)[1].strip("/").split("/") if route else []
    if len(segments) < 2 or segments[-1] != "{id}" or segments[-2].startswith("{"):
        return None
    return plural(singular(snake(segments[-2])))
