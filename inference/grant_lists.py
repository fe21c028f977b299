"""Grant lists: a list of principals each paired with attributes of its relation to the address's holder.

``GET /projects/{key}/permissions/users`` answering ``[{"user": {"id", "name", ...}, "permission": "ADMIN"}]`` (as
Bitbucket Server, Jira's project roles and Confluence space permissions answer, and any ACL listing grants as
``{principal, role}`` pairs) lists grants, not users: each item is the one object of a principal, named as the
address's last word names the collection (``users``: ``user``), beside scalars that are the grant's own attributes.
Its records are rows of an association of the holder and the principal (``user_permissions``, named by the word
before), the principal a reference (eval rule 6, as ``cart_products``), not rows of the principal's table. Grants
read beneath a holder are named after the holder nearest the list (``project_user_permissions``,
``repo_user_permissions`` beneath a project's repo): a grant on a project and one on its repo are two relations, not
one table of nullable holders' keys.
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
    holder = next((segs[i - 1] for i in range(len(segs) - 2, 0, -1) if vals[i] is not None
                   and not segs[i - 1].startswith("{")), None)
    if holder is not None:
        grant = f"{singular(snake(holder))}_{grant}"
    return Route(route.method, route.host, (*segs[:-1], grant), vals)
