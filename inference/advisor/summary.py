"""The compact traffic summary that is all the model ever sees, and the prompt built from it.

What it carries: the API endpoint templates with their counts and statuses, the heuristic schema
(tables, columns with type, nullability and statistics, keys and relations, the JSON paths the
records came from), and, only when ``send_samples`` is on, up to three example values per column.
What it never carries: headers, cookies, query strings, request bodies, redaction markers, or any
value that looks personal or secret (by the column's name or by the value's shape); endpoint path
segments that look like such values are replaced by ``{value}``. Enumerated values are sample
values too and follow the same switch.

The summary fits a token budget (about four characters a token): on a large capture it drops the
examples first, then keeps the busiest endpoints, then the column statistics, then omits tables,
and says in ``notes`` what it left out.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, Field

from inference.advisor.samples import Samples
from inference.types import is_missing
from kernel.schema import Schema

CHARS_PER_TOKEN = 4
MAX_EXAMPLES = 3

_PERSONAL_NAME = re.compile(
    r"(^|_)(e?mail|phone|mobile|tel|fax|first|last|full|given|family|middle|maiden|surname|username|user_name|"
    r"login|handle|nick(name)?|display|address|street|addr|zip|zipcode|postcode|postal|birth(day|date)?|dob|"
    r"ssn|sin|tax|passport|licen[cs]e|iban|bic|card|cc|cvv|account|acct|ip|ipv4|ipv6|mac|lat|lng|lon|latitude|"
    r"longitude|geo|coordinates|password|passwd|pass|pwd|secret|token|key|apikey|auth|session|sid|cookie|"
    r"signature|sig|otp|pin|hash|salt|credential|credentials|bearer|jwt|name|owner|author|contact|"
    r"gender|age|salary|income|avatar|photo|image|picture|url|uri|href|link)($|_)"
)
_PERSONAL_VALUE = [
    re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"),  # e-mail
    re.compile(r"^\+?[\d\s().-]{7,}\d$"),  # phone-like
    re.compile(r"^\d{1,3}(\.\d{1,3}){3}$"),  # IPv4
    re.compile(r"^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$", re.I),  # IPv6
    re.compile(r"^(\d[ -]?){13,19}$"),  # card-like
    re.compile(r"eyJ[\w-]{5,}\.[\w-]{5,}"),  # JWT
    re.compile(r"^(sk|pk|rk|ghp|gho|xox[abp]|AKIA|AIza)[-_]?[\w-]{8,}", re.I),  # API keys
    re.compile(r"^[A-Za-z0-9+/_=-]{20,}$"),  # long opaque token
    re.compile(r"REDACTED", re.I),
    re.compile(r"^[a-z][a-z0-9+.-]*://", re.I),  # URLs may carry tokens
]


def looks_personal(column: str, value: Any) -> bool:
    """True for values that must never be sent: personal or secret by name or by shape."""
    if _PERSONAL_NAME.search(column.lower()):
        return True
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return len(str(abs(value))) >= 9  # phone numbers, card numbers, ids of people
    if not isinstance(value, str):
        return True
    return len(value) > 40 or any(p.search(value) for p in _PERSONAL_VALUE)


def _safe_segment(segment: str) -> str:
    if segment.startswith("{") or not segment:
        return segment
    return "{value}" if looks_personal("", segment) or any(ch.isdigit() for ch in segment) and len(segment) > 8 \
        else segment


def safe_template(template: str) -> str:
    method, _, path = template.partition(" ")
    path = path.split("?", 1)[0]
    return f"{method} " + "/".join(_safe_segment(s) for s in path.split("/"))


class ColumnSummary(BaseModel):
    name: str
    type: str
    nullable: bool
    unique: bool = False
    default: str | None = None
    samples: int | None = None
    nulls: int | None = None
    distinct: int | None = None
    enum_values: int | None = None
    enum: list[str] | None = None
    examples: list[Any] | None = None


class TableSummary(BaseModel):
    name: str
    description: str | None = None
    rows_seen: int | None = None
    primary_key: list[str] | None = None
    foreign_keys: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list)
    endpoints: list[str] = Field(default_factory=list)
    columns: list[ColumnSummary] | None = None
    column_names: list[str] | None = None


class EndpointSummary(BaseModel):
    endpoint: str
    count: int
    statuses: list[int]


class TrafficSummary(BaseModel):
    """Everything the model is told about the capture (see the module docstring)."""

    schema_name: str
    exchanges: int
    samples_included: bool
    endpoints: list[EndpointSummary]
    tables: list[TableSummary]
    notes: list[str] = Field(default_factory=list)

    def to_prompt_json(self) -> str:
        return json.dumps(self.model_dump(mode="json", exclude_none=True), ensure_ascii=False,
                          separators=(",", ":"), default=str)

    def tokens(self) -> int:
        return len(self.to_prompt_json()) // CHARS_PER_TOKEN + 1


def _examples(values: list[Any], column: str) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if is_missing(value) or value == "" or isinstance(value, dict | list) or looks_personal(column, value):
            continue
        if value not in out:
            out.append(value)
        if len(out) == MAX_EXAMPLES:
            break
    return out


def _tables(schema: Schema, samples: Samples | None, send_samples: bool) -> list[TableSummary]:
    tables = []
    for table in schema.tables:
        found = samples.table(table.name) if samples is not None else None
        columns = []
        for col in table.columns:
            ev = col.evidence
            enum_allowed = send_samples and col.enum and not any(looks_personal(col.name, v) for v in col.enum)
            columns.append(ColumnSummary(
                name=col.name, type=col.type, nullable=col.nullable, unique=col.unique, default=col.default,
                samples=ev.samples if ev else None, nulls=ev.nulls if ev else None,
                distinct=ev.distinct if ev else None,
                enum_values=len(col.enum) if col.enum else None,
                enum=list(col.enum) if enum_allowed and col.enum else None,
                examples=_examples(found.values(col.name)[:200], col.name) or None
                if send_samples and found is not None else None,
            ))
        ev = table.evidence
        tables.append(TableSummary(
            name=table.name, description=table.description,
            rows_seen=ev.samples if ev else (len(found.rows) if found else None),
            primary_key=table.primary_key,
            foreign_keys=[f"({', '.join(fk.columns)}) -> {fk.ref_table}({', '.join(fk.ref_columns)})"
                          for fk in table.foreign_keys],
            paths=(ev.paths[:3] if ev else []),
            endpoints=[safe_template(e) for e in (ev.endpoints[:5] if ev else [])],
            columns=columns,
        ))
    return tables


def build_summary(schema: Schema, samples: Samples | None, *, send_samples: bool = False,
                  max_tokens: int = 12_000) -> TrafficSummary:
    """The summary of ``schema`` and its samples, shrunk until it fits ``max_tokens``."""
    endpoints = [EndpointSummary(endpoint=safe_template(e.template), count=e.count, statuses=e.statuses)
                 for e in (samples.endpoints if samples is not None else [])]
    summary = TrafficSummary(
        schema_name=schema.name, exchanges=samples.exchanges if samples is not None else 0,
        samples_included=send_samples, endpoints=endpoints, tables=_tables(schema, samples, send_samples),
    )
    if summary.tokens() <= max_tokens:
        return summary
    if send_samples:
        summary.samples_included = False
        for table in summary.tables:
            for col in table.columns or []:
                col.examples, col.enum = None, None
        summary.notes.append("example values left out to fit the budget")
    if summary.tokens() > max_tokens and len(summary.endpoints) > 40:
        summary.notes.append(f"{len(summary.endpoints) - 40} less frequent endpoints left out")
        summary.endpoints = summary.endpoints[:40]
    if summary.tokens() > max_tokens:
        for table in summary.tables:
            table.column_names = [f"{c.name}:{c.type}{'' if c.nullable else '!'}" for c in table.columns or []]
            table.columns, table.paths, table.endpoints = None, [], []
        summary.notes.append("column statistics left out to fit the budget; name:type, ! = not null")
    notes = list(summary.notes)
    while summary.tokens() > max_tokens and summary.tables:
        summary.tables.pop()
        summary.notes = notes + [f"{len(schema.tables) - len(summary.tables)} tables left out to fit the budget"]
    return summary


SYSTEM_PROMPT = """\
You review a relational database schema that was inferred by heuristics from an app's captured \
JSON API traffic. Propose patches only where the traffic summary supports them: better table and \
column names (snake_case; plural table names for entity collections), short descriptions, more \
precise Postgres types, enumerations, foreign keys hidden behind odd naming, wrong foreign keys to \
remove, primary keys, tables that are the same entity and should be merged, and columns whose \
values the server generates (creation timestamps, uuids). Every patch is checked against the \
captured samples and refused if they contradict it, so do not guess. Refer to tables and columns \
by their current names; patches are applied in order, so a later patch must use names given by \
an earlier one. Give a one-sentence rationale for each patch. Propose nothing if the schema is \
already right."""


def build_messages(summary: TrafficSummary) -> list[dict[str, str]]:
    """The chat messages sent to the model: the instructions and the summary, nothing else."""
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "Traffic summary and heuristic schema (JSON):\n" + summary.to_prompt_json()},
    ]
