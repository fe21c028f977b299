"""Merging endpoint templates that differ only in a literal key segment.

``endpoint_template`` sees one URL at a time, so a plain-word key (``/genres/crime``,
``/genres/poetry``) stays literal. Seen together, sibling routes under an observed collection
(``/genres``) that differ in exactly one literal segment are one route with a parameter
(``/genres/{key}``); a literal sibling of an existing parameter route (``/books/tide-tables`` next
to ``/books/{slug}``) joins that route.
"""

from __future__ import annotations

from collections import defaultdict

PARAM = "{key}"


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _shape(segments: list[str], position: int) -> tuple[str, ...]:
    return tuple(s if i != position and not _is_param(s) else "{}" for i, s in enumerate(segments))


def _collapse_once(current: dict[str, int], min_siblings: int) -> bool:
    split = {t: t.split(" ", 1) for t in current if " " in t}
    paths = {parts[1] for parts in split.values()}
    for position in range(1, 16):
        groups: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
        params: dict[tuple[str, tuple[str, ...]], str] = {}
        for template, (method, path) in split.items():
            segments = path.split("/")
            if position >= len(segments) or not segments[position]:
                continue
            key = (method, _shape(segments, position))
            if _is_param(segments[position]):
                params.setdefault(key, template)
            else:
                groups[key].append(template)
        for key, members in groups.items():
            target = params.get(key)
            if target is None:
                method, path = split[members[0]]
                segments = path.split("/")
                parent = "/".join(segments[:position])
                if len(members) < min_siblings or parent not in paths:
                    continue
                target = f"{method} " + "/".join(segments[:position] + [PARAM] + segments[position + 1:])
            for member in members:
                current[target] = current.get(target, 0) + current.pop(member)
            return True
    return False


def template_covers(collapsed: str, raw: str) -> bool:
    """Whether the collapsed template ``collapsed`` stands for the raw template ``raw``."""
    a, b = raw.split("/"), collapsed.split("/")
    return len(a) == len(b) and all(x == y or y.startswith("{") for x, y in zip(a, b, strict=True))


def collapse_templates(counts: dict[str, int], min_siblings: int = 3) -> dict[str, int]:
    """The same routes with literal key segments merged; counts are summed."""
    current = dict(counts)
    while _collapse_once(current, min_siblings):
        pass
    return current
