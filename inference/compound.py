"""JSON:API compound documents: resource objects (``{type, id, attributes, relationships}``) and the resources
included beside them, one group of records per resource type."""

from __future__ import annotations

from typing import Any

from inference.naming import singular, snake
from inference.records import Unwrapped, _is_meta

_RESOURCE_KEYS = frozenset({"id", "lid", "type", "attributes", "relationships", "links", "meta"})


def _is_resource(obj: Any) -> bool:
    """A resource object in the JSON:API shape: ``{type, id, attributes, relationships, links}``."""
    return (isinstance(obj, dict) and isinstance(obj.get("type"), str) and "id" in obj
            and isinstance(obj.get("attributes", obj.get("relationships")), dict) and obj.keys() <= _RESOURCE_KEYS)


def _resource_record(obj: dict[str, Any]) -> dict[str, Any]:
    """The record a resource object stands for: its id and attributes, a to-one relationship as an
    embedded ``{id, type}`` reference and a to-many one as the list of the ids it names."""
    record: dict[str, Any] = {"id": obj["id"]}
    record.update(obj.get("attributes") or {})
    for name, rel in (obj.get("relationships") or {}).items():
        if not isinstance(rel, dict) or "data" not in rel:
            continue
        data = rel["data"]
        if isinstance(data, dict) and "id" in data:
            record[name] = {"id": data["id"], "type": data.get("type")}
        elif isinstance(data, list):
            record[name] = [d["id"] for d in data if isinstance(d, dict) and "id" in d]
        elif data is None:
            record[name] = None
    return record


def compound_document(body: Any) -> list[Unwrapped] | None:
    """A JSON:API document (``{"data": resource(s), "included": [...], "links", "meta"}``): one
    group of records per resource type, the ``included`` ones marked as served beside the data.
    None when the body is not in that shape."""
    if not isinstance(body, dict) or "data" not in body:
        return None
    data = body["data"]
    many = isinstance(data, list)
    primary: list[Any] = data if many else [data]
    raw_included = body.get("included")
    included: list[Any] = raw_included if isinstance(raw_included, list) else []
    if not primary or not all(_is_resource(r) for r in primary) or not all(_is_resource(r) for r in included):
        return None
    if any(k not in ("data", "included") and not _is_meta(k, v) for k, v in body.items()):
        return None
    records = {id(r): _resource_record(r) for r in (*primary, *included)}
    _nested_members(primary + included, records)
    groups: list[Unwrapped] = []
    for side, resources, path in ((False, primary, "$.data[]" if many else "$.data"), (True, included, "$.included[]")):
        by_type: dict[str, list[dict[str, Any]]] = {}
        for resource in resources:
            by_type.setdefault(resource["type"], []).append(records[id(resource)])
        groups += [Unwrapped(records, kind, path, many or side, side) for kind, records in by_type.items()]
    return groups


def _nested_members(resources: list[dict[str, Any]], records: dict[int, dict[str, Any]]) -> None:
    """A to-many relationship whose ``related`` link is a collection under the resource itself
    (``/articles/1/comments``) lists resources nested in it, as a nested route serves them: each of
    them carries the parent's key (``article_id``) instead of the parent holding their list."""
    by_key = {(r["type"], r["id"]): records[id(r)] for r in resources}
    for resource in resources:
        record = records[id(resource)]
        for name, rel in (resource.get("relationships") or {}).items():
            data = rel.get("data") if isinstance(rel, dict) else None
            related = (rel.get("links") or {}).get("related") if isinstance(rel, dict) else None
            if not isinstance(data, list) or not isinstance(related, str):
                continue
            if not related.rstrip("/").endswith(f"/{resource['id']}/{name}"):
                continue
            members = [by_key.get((d.get("type"), d.get("id"))) for d in data if isinstance(d, dict)]
            if not members or None in members:
                continue  # a member that is not in the document keeps the list (a join table)
            column = f"{singular(snake(resource['type']))}_id"
            for member in members:
                assert member is not None
                member.setdefault(column, resource["id"])
            record.pop(name, None)
