"""Working structures shared by the inference stages: draft tables, their rows and evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from inference.naming import singular


@dataclass(eq=False)
class Row:
    """One record flattened to columns. ``hint`` carries a parent resource from the URL path."""

    values: dict[str, Any]
    endpoint: str
    hint: tuple[str, str] | None = None


@dataclass
class FKDraft:
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    rule: str
    confidence: float


@dataclass
class ChildLink:
    """A row of a child/association/join table that still needs its parent's key value."""

    row: Row
    parent: Row
    column: str


@dataclass
class Draft:
    name: str
    kind: str  # entity | embedded | child | association | join
    rows: list[Row] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)
    paths: dict[str, set[str]] = field(default_factory=dict)
    ref_values: dict[str, set[str]] = field(default_factory=dict)
    fks: list[FKDraft] = field(default_factory=list)
    pk: list[str] | None = None
    parent: str | None = None
    links: list[ChildLink] = field(default_factory=list)
    rule: str = "collection endpoint"
    order: list[str] = field(default_factory=list)
    jsonb: set[str] = field(default_factory=set)
    dropped: set[str] = field(default_factory=set)
    had_rows_before_merge: int = 0
    raw_rows: list[Row] | None = None

    def note(self, column: str, path: str) -> None:
        if column not in self.paths:
            self.paths[column] = set()
            self.order.append(column)
        if len(self.paths[column]) < 8:
            self.paths[column].add(path)

    def columns(self) -> list[str]:
        return [c for c in self.order if c not in self.dropped]

    def values(self, column: str) -> list[Any]:
        return [r.values[column] for r in self.rows if column in r.values]

    def key_values(self, column: str) -> set[str]:
        """Every value this column is known to hold, as text, including embedded references."""
        out = {key_text(r.values.get(column)) for r in self.rows}
        out |= self.ref_values.get(column, set())
        out.discard("")
        return out

    @property
    def singular(self) -> str:
        return singular(self.name)

    def add_fk(self, fk: FKDraft) -> None:
        if any(f.columns == fk.columns for f in self.fks):
            return
        self.fks.append(fk)


def key_text(value: Any) -> str:
    if value is None or isinstance(value, dict | list | bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return "" if text in {"NULL", "null", "None"} else text
