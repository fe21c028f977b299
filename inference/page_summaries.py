"""Page summaries: figures an answer computes over the records it lists, served beside them.

``{"workouts": [...], "statistics": {"all": {"count": 5, "total_distance": 95.0}, "current_page": {...}}}``: the
object beside the list is no record holding the list but the page's summary (sums, averages, counts), data of no
table, as pagination counters are.
"""

from __future__ import annotations

from typing import Any

from inference.identity import ID_KEYS
from inference.naming import snake

#: Names of figures computed over a page's records (``"statistics": {"all": {...}, "current_page": {...}}``).
_SUMMARY_WORDS = ("statistic", "stats", "summary", "aggregat", "totals")


def summary(key: str, value: dict[str, Any]) -> bool:
    """An object named as figures computed over the records beside it (``statistics``, ``summary``,
    ``aggregations``) that names no record anywhere (no id, no list of objects): the page's summary."""
    return any(word in snake(key) for word in _SUMMARY_WORDS) and _anonymous(value)


def _anonymous(value: Any) -> bool:
    if isinstance(value, list):
        return not any(isinstance(v, dict) for v in value)
    if not isinstance(value, dict):
        return True
    return all(snake(k) not in ID_KEYS and not snake(k).endswith("_id") and _anonymous(v) for k, v in value.items())
