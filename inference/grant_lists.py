"""Grant lists: a list of principals each paired with attributes of its relation to the address's holder.

``GET /projects/{key}/permissions/users`` answering ``[{"user": {"id", "name", ...}, "permission": "ADMIN"}]`` (as
Bitbucket Server, Jira's project roles and Confluence space permissions answer, and any ACL listing grants as
``{principal, role}`` pairs) lists grants, not users: each item is the one object of a principal, named as the
address's last word names the collection (``users``: ``user``), beside scalars that are the grant's own attributes.
Its records are rows of an association of the holder and the principal (``user_permissions``, named by the word
before), the principal a reference (eval rule 6, as ``cart_products``), not rows of the principal's table.
"""

from __future__ import annotations

from typing import Any

from inference.endpoints import Route
from inference.naming import plural, singular, snake


def grant_route(route: Route, records: list[dict[str, Any]]) -> Route:
    """The route naming an association for a grant list (see the module); ``route`` itself for any other answer."""
    segs, vals = route.segments, route.values
    if route.method != "GET" or len(segs) < 2 or vals[-1] is not None or segs[-2].startswith("{") or not records:
        return route
    last = snake(segs[-1])
    principal = None
    for record in records:
        objects = [k for k, v in record.items() if isinstance(v, dict)]
        if len(objects) != 1 or len(record) < 2 or any(isinstance(v, list) for v in record.values()):
            return route
        if principal not in (None, objects[0]) or plural(snake(objects[0])) != last:
            return route
        principal = objects[0]
        inner = record[objects[0]]
        if not inner or any(isinstance(v, dict | list) for v in inner.values()):
            return route
    grant = f"{singular(last)}_{snake(segs[-2])}"
    return Route(route.method, route.host, (*segs[:-1], grant), vals)
