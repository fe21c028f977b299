"""Load sample records into freshly pushed tables, in foreign-key order, inside the push's transaction.

Only tables created by the same push are seeded, so existing data is never touched and a re-push
(which creates nothing) loads nothing. Rows are sent as bound parameters, never as SQL text: up
to ``BATCH`` rows per ``INSERT ... VALUES (CAST(%(r0c0)s AS <type>), ...), ...``. Values are sent
as text, lists as arrays element by element, objects as JSON text (a json/jsonb value that is not
JSON text is stored as a JSON string), and NUL characters, which Postgres text cannot hold, are
left out. Keys the table lacks are ignored, and a column with a default takes it where a record
lacks the key (or holds null for a NOT NULL column).

A row that cannot be stored is skipped and counted per table with its reason, never failing the
push: before loading, a row whose foreign key points at a parent row that is not being loaded,
that lacks a required value, that repeats a primary key already loaded, or that holds text that is
not valid Unicode; while loading, a row Postgres rejects (a data exception or a constraint, such
as a value too long for its ``varchar``; each such batch is retried row by row, each row in its
own savepoint), or that repeats a unique key (``ON CONFLICT DO NOTHING``). Rows of a table that
refers to itself are ordered parents first. An identity column takes the records' values (a
GENERATED ALWAYS one is BY DEFAULT while they load, :func:`around_load`) and then continues after
the largest; a column of a Postgres enum type takes its values cast to that type. Any other
failure (a timeout, a lost connection) fails the push, which rolls back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlglot import exp

from kernel.errors import PushError
from kernel.schema import Column, ForeignKey, Schema, Table
from sql.connection import server_message
from sql.ddl import ident, resolve_enum_types, table_order
from sql.ddl_parts import enum_type_ref
from sql.plan import effective_table
from sql.types import parse_type, to_datatype

Records = Mapping[str, Sequence[Mapping[str, Any]]]
_DEFAULT = exp.var("DEFAULT")
BATCH = 500
#: Parameters one statement may carry (Postgres' protocol allows 65535).
_MAX_PARAMS = 60_000
#: SQLSTATE classes of errors that belong to one row: data exceptions and constraint violations.
_ROW_ERRORS = ("22", "23")
_MAX_REASON = 200
CONFLICT = "repeats a unique key of a row loaded before"


@dataclass(frozen=True)
class SkippedRows:
    """Rows of one table left out of a load, and why (the first reason, and how many others)."""

    table: str
    count: int
    reason: str

    def line(self) -> str:
        return f"table {self.table}: {self.count} row{'s' if self.count != 1 else ''} skipped: {self.reason}"


@dataclass
class SeedReport:
    """Rows loaded and skipped per table (tables of the push that had records), with the reasons."""

    loaded: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    #: Per table, each reason rows were skipped for and how many, in the order first seen.
    reasons: dict[str, dict[str, int]] = field(default_factory=dict)

    def skip(self, table: str, reason: str, count: int = 1) -> None:
        if count <= 0:
            return
        self.skipped[table] = self.skipped.get(table, 0) + count
        why = self.reasons.setdefault(table, {})
        why[reason] = why.get(reason, 0) + count

    def reason(self, table: str) -> str | None:
        """The first reason rows of ``table`` were skipped for, saying how many other reasons there were."""
        why = list(self.reasons.get(table, {}))
        if not why:
            return None
        return why[0] + (f" (and {len(why) - 1} other reason{'s' if len(why) > 2 else ''})" if len(why) > 1 else "")

    def skipped_rows(self) -> tuple[SkippedRows, ...]:
        return tuple(SkippedRows(t, n, self.reason(t) or "not loaded") for t, n in self.skipped.items() if n)

    def summary(self) -> str:
        if not self.loaded and not self.skipped:
            return "no sample records loaded"
        parts = [f"{t}: {n}" for t, n in self.loaded.items()]
        text = "loaded sample records (" + ", ".join(parts) + ")"
        if any(self.skipped.values()):
            text += "; skipped " + ", ".join(f"{t}: {n}" for t, n in self.skipped.items() if n)
        return text

    def add_skipped(self, skipped: Mapping[str, Mapping[str, int]]) -> SeedReport:
        """A copy that also counts rows left out before seeding (``{table: {reason: count}}``) for
        the tables it loads."""
        out = SeedReport(dict(self.loaded), dict(self.skipped), {t: dict(r) for t, r in self.reasons.items()})
        for table, reasons in skipped.items():
            if table in out.loaded:
                for reason, count in reasons.items():
                    out.skip(table, reason, count)
        return out

    def lines(self) -> list[str]:
        """One ``table: N loaded, M skipped`` line per table, in load order."""
        return [f"{t}: {n} loaded, {self.skipped.get(t, 0)} skipped" for t, n in self.loaded.items()]


class _Unfit(ValueError):
    """A value that cannot be sent at all; its row is skipped."""


def _no_nul(value: Any) -> Any:
    """``value`` with NUL characters left out of every string, keys of objects included."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_no_nul(str(k)): _no_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    return value


def _sendable(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _Unfit("holds text that is not valid Unicode (a lone surrogate)") from None
    return text


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return _sendable(json.dumps(_no_nul(value), ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    return _sendable(str(value).replace("\x00", ""))


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return _sendable(json.dumps(_no_nul(value), ensure_ascii=False))
        if "\\u0000" in value:
            return _sendable(json.dumps(_no_nul(parsed), ensure_ascii=False))
        return _sendable(value)
    return _sendable(json.dumps(_no_nul(value), ensure_ascii=False))


def _param(value: Any, type_text: str) -> Any:
    """The bound parameter for ``value`` in a column of type ``type_text``: text, a list of text, or None."""
    if value is None:
        return None
    parsed = parse_type(type_text)
    as_text = _json_text if parsed.base in ("json", "jsonb") else _text
    if parsed.array_dims == 1 and isinstance(value, list):
        return [None if v is None else as_text(v) for v in value]
    return as_text(value)


def _column_cast(column: Column) -> exp.DataType:
    if column.enum_type and column.enum:
        return enum_type_ref(column.enum_type)
    return _cast_type(column.type)


def _cast_type(type_text: str) -> exp.DataType:
    """What a parameter is cast to: the column's type, except that text of a limited length is cast
    to ``text``, so that storing a longer value fails (and skips its row) instead of cutting it."""
    parsed = parse_type(type_text)
    if parsed.base in ("varchar", "char"):
        return to_datatype("text" + "[]" * parsed.array_dims)
    return to_datatype(type_text)
def _key(record: Mapping[str, Any], columns: Sequence[str]) -> tuple[str, ...] | None:
    values = [record.get(c) for c in columns]
    if any(v is None for v in values):
        return None
    return tuple(_text(v) for v in values)


@dataclass(frozen=True)
class RowBatch:
    """Consecutive rows of one table that take a default in the same columns, so that one INSERT
    with a ``%(rIcJ)s`` placeholder per value loads any number of them (:meth:`statement`)."""

    table: Table
    columns: tuple[Column, ...]
    defaults: tuple[bool, ...]
    #: The parameters of each row, keyed ``cJ`` by column position (columns with a default absent).
    rows: tuple[dict[str, Any], ...]

    @property
    def per_chunk(self) -> int:
        """Rows sent in one statement: at most ``BATCH``, and within Postgres' limit of parameters."""
        return max(1, min(BATCH, _MAX_PARAMS // max(1, self.defaults.count(False))))

    def statement(self, count: int = 1) -> str:
        """``INSERT ... VALUES`` for ``count`` rows (their parameters from :meth:`params`)."""
        tuples = [exp.Tuple(expressions=[
            _DEFAULT.copy() if default else exp.Cast(this=exp.Placeholder(this=f"r{i}c{j}"), to=_column_cast(c))
            for j, (c, default) in enumerate(zip(self.columns, self.defaults, strict=True))]) for i in range(count)]
        insert = exp.Insert(
            this=exp.Schema(this=exp.Table(this=ident(self.table.name)), expressions=[ident(c.name) for c in self.columns]),
            expression=exp.Values(expressions=tuples),
            conflict=exp.OnConflict(action=exp.var("DO NOTHING")),
        )
        return insert.sql("postgres")

    @staticmethod
    def params(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        return {f"r{i}{key}": value for i, row in enumerate(rows) for key, value in row.items()}


def _admitted(schema: Schema, records: Records,
              tables: Sequence[str]) -> tuple[list[tuple[Table, list[Mapping[str, Any]]]], SeedReport]:
    report = SeedReport()
    wanted = set(tables)
    chosen = [effective_table(t) for t in resolve_enum_types(schema).tables
              if t.name in wanted and records.get(t.name)]
    seeded = {t.name for t in chosen}
    loaded_keys: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]] = {}
    refs = {(fk.ref_table, tuple(fk.ref_columns)) for t in chosen for fk in t.foreign_keys}
    out: list[tuple[Table, list[Mapping[str, Any]]]] = []
    for table in table_order(chosen):
        rows = _admissible(table, records[table.name], loaded_keys, seeded, report)
        for ref in refs:
            if ref[0] == table.name:
                loaded_keys[ref] = {k for r in rows if (k := _key(r, ref[1])) is not None}
        out.append((table, rows))
        report.loaded[table.name] = len(rows)
    return out, report


def seed_report(schema: Schema, records: Records, tables: Sequence[str]) -> SeedReport:
    """What a load of ``records`` into ``tables`` would report if Postgres took every admitted row."""
    return _admitted(schema, records, tables)[1]


def row_batches(schema: Schema, records: Records, tables: Sequence[str]) -> tuple[list[RowBatch], SeedReport]:
    """The batches that load the records of ``tables`` (new tables of this push), parents before
    children, and the report of the rows admitted (``loaded``) and skipped before loading."""
    admitted, report = _admitted(schema, records, tables)
    batches: list[RowBatch] = []
    for table, rows in admitted:
        batches += _batches(table, rows)
    return batches, report


def _row_problem(table: Table, row: Mapping[str, Any]) -> str | None:
    for column in table.columns:
        if column.name in row:
            try:
                _param(row[column.name], column.type)
            except _Unfit as exc:
                return f"{column.name} {exc}"
    return None


def _admissible(
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    loaded: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]],
    seeded: set[str],
    report: SeedReport,
) -> list[Mapping[str, Any]]:
    kept = []
    required = [c.name for c in table.columns if not c.nullable and c.default is None and c.identity is None]
    pk = list(table.primary_key or [])
    seen_pk: set[tuple[str, ...]] = set()
    for row in rows:
        why = _row_problem(table, row)
        missing = next((name for name in required if row.get(name) is None), None)
        if why is None and missing is not None:
            why = f"{missing} is missing (a NOT NULL column)"
        for fk in table.foreign_keys if why is None else ():
            key = _key(row, fk.columns)
            if key is None or fk.ref_table == table.name:
                continue
            parents = loaded.get((fk.ref_table, tuple(fk.ref_columns)))
            if fk.ref_table not in seeded or parents is None or key not in parents:
                why = f"{', '.join(fk.columns)} refers to a {fk.ref_table} row that is not loaded"
                break
        if why is None and pk:
            pk_key = _key(row, pk)
            if pk_key is not None and pk_key in seen_pk:
                why = "repeats the primary key of an earlier row"
            elif pk_key is not None:
                seen_pk.add(pk_key)
        if why is None:
            kept.append(row)
        else:
            report.skip(table.name, why)
    self_refs = [fk for fk in table.foreign_keys if fk.ref_table == table.name]
    if self_refs:
        ordered = _parents_first(kept, self_refs)
        report.skip(table.name, f"refers to a {table.name} row that is not loaded", len(kept) - len(ordered))
        kept = ordered
    report.skipped.setdefault(table.name, 0)
    return kept


def _parents_first(rows: list[Mapping[str, Any]], fks: Sequence[ForeignKey]) -> list[Mapping[str, Any]]:
    """Rows of a table that refers to itself, each after the row it refers to; rows whose parent
    is absent (or part of a cycle) are left out."""
    ordered: list[Mapping[str, Any]] = []
    emitted = {(tuple(fk.ref_columns)): set[tuple[str, ...]]() for fk in fks}
    pending = list(rows)
    while pending:
        waiting = []
        for row in pending:
            if all((key := _key(row, fk.columns)) is None or key in emitted[tuple(fk.ref_columns)]
                   or key == _key(row, fk.ref_columns) for fk in fks):
                ordered.append(row)
                for columns, keys in emitted.items():
                    if (own := _key(row, columns)) is not None:
                        keys.add(own)
            else:
                waiting.append(row)
        if len(waiting) == len(pending):
            break
        pending = waiting
    return ordered


def _takes_default(row: Mapping[str, Any], column: Column) -> bool:
    generated = column.default is not None or column.identity is not None
    return generated and (column.name not in row or (row.get(column.name) is None
                                                                       and not column.nullable))


def _batches(table: Table, rows: Sequence[Mapping[str, Any]]) -> list[RowBatch]:
    """Runs of consecutive rows that take a default in the same columns (the order of the rows is
    kept: a table that refers to itself loads parents first)."""
    columns = tuple(c for c in table.columns if any(c.name in r for r in rows))
    if not columns:
        return []
    out: list[RowBatch] = []
    shape: tuple[bool, ...] | None = None
    run: list[dict[str, Any]] = []
    for row in rows:
        defaults = tuple(_takes_default(row, c) for c in columns)
        if defaults != shape and run:
            assert shape is not None
            out.append(RowBatch(table, columns, shape, tuple(run)))
            run = []
        shape = defaults
        run.append({f"c{j}": _param(row.get(c.name), c.type)
                    for j, (c, default) in enumerate(zip(columns, defaults, strict=True)) if not default})
    if run and shape is not None:
        out.append(RowBatch(table, columns, shape, tuple(run)))
    return out


def around_load(batches: Sequence[RowBatch]) -> tuple[list[str], list[str]]:
    """Statements to run before and after ``batches`` for identity columns they give values: a
    GENERATED ALWAYS one is BY DEFAULT while they load, and each continues after its largest value."""
    from sql.alter import restart_identity, set_generated

    given: dict[tuple[str, str], Column] = {}
    for batch in batches:
        for column, default in zip(batch.columns, batch.defaults, strict=True):
            if column.identity is not None and not default:
                given.setdefault((batch.table.name, column.name), column)
    always = [(t, c) for (t, c), column in given.items() if column.identity == "always"]
    before = [set_generated(t, c, "by default").sql("postgres") for t, c in always]
    after = [set_generated(t, c, "always").sql("postgres") for t, c in always]
    after += [restart_identity(t, c).sql("postgres") for t, c in given]
    return before, after


def _row_error(exc: psycopg.Error) -> bool:
    return (exc.sqlstate or "")[:2] in _ROW_ERRORS


def _reason(exc: psycopg.Error) -> str:
    text = server_message(exc)
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 3] + "..."


def load_rows(conn: psycopg.Connection, batches: Sequence[RowBatch], report: SeedReport, *, target: str,
              trace: Callable[[str], None] | None = None) -> SeedReport:
    """Run ``batches`` on ``conn`` (inside the push's transaction) and return ``report`` counting
    what Postgres stored: rows it rejects, and rows that repeat a unique key, are skipped with
    the reason instead of failing the push. Any other error raises :class:`PushError`."""
    loaded: dict[str, int] = {}
    before, after = around_load(batches)
    for statement in before:
        _run(conn, statement, target, trace)
    for batch in batches:
        name = batch.table.name
        for start in range(0, len(batch.rows), batch.per_chunk):
            chunk = batch.rows[start: start + batch.per_chunk]
            statement = batch.statement(len(chunk))
            if trace is not None:
                trace(statement)
            try:
                stored = _run_chunk(conn, batch, chunk, statement, report)
            except psycopg.Error as exc:
                raise PushError(f"push to {target} failed and was rolled back while loading sample rows into "
                                f"{name} — server said: {server_message(exc)}", url=target,
                                statement=statement) from exc
            loaded[name] = loaded.get(name, 0) + stored
    for statement in after:
        _run(conn, statement, target, trace)
    for table in report.loaded:
        report.loaded[table] = loaded.get(table, 0)
    return report


def _run(conn: psycopg.Connection, statement: str, target: str, trace: Callable[[str], None] | None) -> None:
    if trace is not None:
        trace(statement)
    try:
        conn.execute(statement)
    except psycopg.Error as exc:
        raise PushError(f"push to {target} failed and was rolled back while loading sample rows — server said: "
                        f"{server_message(exc)}", url=target, statement=statement) from exc


def _run_chunk(conn: psycopg.Connection, batch: RowBatch, chunk: Sequence[dict[str, Any]], statement: str,
               report: SeedReport) -> int:
    """Rows of ``chunk`` stored: all in one statement, else (a row was rejected) one by one, each
    in its own savepoint."""
    name = batch.table.name
    try:
        with conn.transaction():
            stored = max(conn.execute(statement, batch.params(chunk)).rowcount, 0)
    except psycopg.Error as exc:
        if not _row_error(exc):
            raise
        single = batch.statement(1)
        stored = rejected = 0
        for row in chunk:
            try:
                with conn.transaction():
                    stored += max(conn.execute(single, batch.params([row])).rowcount, 0)
            except psycopg.Error as row_exc:
                if not _row_error(row_exc):
                    raise
                rejected += 1
                report.skip(name, _reason(row_exc))
        report.skip(name, CONFLICT, len(chunk) - stored - rejected)
        return stored
    report.skip(name, CONFLICT, len(chunk) - stored)
    return stored


def data_report(schema: Schema, records: Records, created_tables: Sequence[str],
                skipped: Mapping[str, Mapping[str, int]] | None = None) -> SeedReport:
    """Rows a push that created ``created_tables`` would load from ``records`` per table (as a dry
    run reports them: Postgres may still reject some); ``skipped`` adds rows left out before
    seeding (``{table: {reason: count}}``, values that did not fit)."""
    return seed_report(schema, records, created_tables).add_skipped(skipped or {})


def report_lines(report: SeedReport, created_tables: Sequence[str], *, dry_run: bool = False) -> list[str]:
    """The per-table lines the CLI prints after a push with sample data: rows loaded and skipped,
    then ``table X: N rows skipped: reason`` for each table that skipped rows."""
    if not report.loaded:
        if not created_tables:
            return ["sample data: nothing loaded, the push created no tables "
                    "(data is only loaded into the tables a push creates)"]
        return ["sample data: nothing loaded, no captured records match the created tables"]
    head = "sample data (would load):" if dry_run else "sample data:"
    return [head] + [f"  {line}" for line in report.lines()] + [f"  {s.line()}" for s in report.skipped_rows()]
