"""SQLAlchemy 2.0 declarative models (``models.py``) for a Schema, with relationships.

Every table with a primary key becomes a mapped class; a table without one becomes a Core
``Table`` on the same metadata (the ORM cannot map it). Column types carry a SQLite variant
matching wiretable's SQLite DDL, so ``Base.metadata.create_all`` gives the catalog that
``wiretable ddl`` gives, on Postgres and on SQLite. Key columns autoincrement only as identity
columns (``Identity(always=…)``): other keys are plain values. Enums are CHECK constraints, as in
the DDL, or Postgres enum types (``postgresql.ENUM``, a CHECK on SQLite); CHECK constraints and
partial indexes carry each dialect's SQL (``ddl_if``, ``postgresql_where``/``sqlite_where``).
"""

from __future__ import annotations

from typing import Any

from kernel.schema import Column, Schema, Table
from sql.ddl import normalize_default, resolve_enum_types, table_order
from sql.exports.common import UniqueNames, column_type, pascal, relations, snake
from sql.exports.drizzle_dialects import check_name, enum_checked, expression, index_names
from sql.types import TypeName

_PY = {"smallint": "int", "integer": "int", "bigint": "int", "numeric": "decimal.Decimal", "real": "float",
       "double precision": "float", "text": "str", "varchar": "str", "char": "str", "boolean": "bool",
       "uuid": "uuid.UUID", "date": "datetime.date", "time": "datetime.time", "timestamp": "datetime.datetime",
       "timestamptz": "datetime.datetime", "interval": "datetime.timedelta", "json": "Any", "jsonb": "Any",
       "bytea": "bytes"}
_SQLITE_VARIANT = {"smallint": "Integer()", "numeric": "Numeric()", "bigint": "Integer()", "boolean": "Integer()", "real": "REAL()", "double precision": "REAL()",
                   "varchar": "Text()", "char": "Text()", "uuid": "Text()", "date": "Text()", "time": "Text()",
                   "timestamp": "Text()", "timestamptz": "Text()", "interval": "Text()", "json": "Text()",
                   "jsonb": "Text()"}


def _sa_element(t: TypeName) -> str:
    p = t.params
    return {
        "smallint": "SmallInteger()", "integer": "Integer()", "bigint": "BigInteger()",
        "numeric": f"Numeric({', '.join(map(str, p))})", "real": "REAL()", "double precision": "Double()",
        "text": "Text()", "varchar": f"String({p[0] if p else ''})", "char": f"CHAR({p[0] if p else ''})",
        "boolean": "Boolean()", "uuid": "Uuid()", "date": "Date()",
        "time": "Time()", "timestamp": "DateTime()", "timestamptz": "DateTime(timezone=True)",
        "interval": "Interval()", "json": "JSON()", "jsonb": "postgresql.JSONB()", "bytea": "LargeBinary()",
    }[t.base]


def sa_type(t: TypeName) -> str:
    if t.array_dims:
        inner = _sa_element(t.element)
        return f"postgresql.ARRAY({inner}, dimensions={t.array_dims}).with_variant(Text(), 'sqlite')"
    out = _sa_element(t)
    if t.base in _SQLITE_VARIANT:
        out += f".with_variant({_SQLITE_VARIANT[t.base]}, 'sqlite')"
    return out


def py_type(column: Column) -> str:
    t = column_type(column)
    out = _PY[t.base]
    for _ in range(t.array_dims):
        out = f"list[{out}]"
    return f"Optional[{out}]" if column.nullable else out


def _enum_type(column: Column) -> str:
    values = ", ".join(repr(v) for v in column.enum or [])
    return f"postgresql.ENUM({values}, name={column.enum_type!r}).with_variant(Text(), 'sqlite')"


def _column_args(table: Table, column: Column) -> str:
    t = column_type(column)
    kind = _enum_type(column) if column.enum_type and column.enum else sa_type(t)
    args = [repr(column.name), kind]
    if column.identity is not None:
        args.append(f"Identity(always={column.identity == 'always'})")
    args.append(f"nullable={column.nullable}")
    if column.unique:
        args.append("unique=True")
    if column.default is not None:
        args.append(f"server_default=sql_text({normalize_default(column.default, column.type)!r})")
    if column.name in (table.primary_key or []) and column.identity is None:
        args.append("autoincrement=False")
    return ", ".join(args)


def _table_args(table: Table, schema: Schema) -> list[str]:
    out: list[str] = []
    if table.primary_key:
        out.append("PrimaryKeyConstraint(" + ", ".join(repr(c) for c in table.primary_key) + ")")
    for fk in table.foreign_keys:
        if schema.table(fk.ref_table) is None:
            continue
        refs = [f"{fk.ref_table}.{c}" for c in fk.ref_columns]
        ondelete = f", ondelete={fk.on_delete.upper()!r}" if fk.on_delete != "no action" else ""
        out.append(f"ForeignKeyConstraint({fk.columns!r}, {refs!r}{ondelete})")
    for column in table.columns:
        if column.enum:
            values = ", ".join("'" + v.replace("'", "''") + "'" for v in column.enum)
            quoted = '"' + column.name.replace('"', '""') + '"'
            only = "" if enum_checked(column) else ".ddl_if(dialect='sqlite')"  # Postgres: the enum type
            out.append(f"CheckConstraint({quoted + ' IN (' + values + ')'!r}, name={check_name(table, column)!r}){only}")
    for check in table.checks:
        pg, lite = expression(table, check.expression, "postgresql"), expression(table, check.expression, "sqlite")
        if pg == lite:
            out.append(f"CheckConstraint({pg!r}, name={check.name!r})")
        else:
            out += [f"CheckConstraint({pg!r}, name={check.name!r}).ddl_if(dialect='postgresql')",
                    f"CheckConstraint({lite!r}, name={check.name!r}).ddl_if(dialect='sqlite')"]
    for index, name in index_names(table):
        cols = ", ".join(repr(c) for c in index.columns)
        where = ""
        if index.where is not None:
            where = (f", postgresql_where=sql_text({expression(table, index.where, 'postgresql')!r})"
                     f", sqlite_where=sql_text({expression(table, index.where, 'sqlite')!r})")
        out.append(f"Index({name!r}, {cols}, unique={index.unique}{where})")
    return out


def render_models(schema: Schema) -> str:
    """The text of ``models.py``."""
    schema = resolve_enum_types(schema)
    ordered = table_order(schema.tables)
    classes = UniqueNames({"Base", "Any", "Optional", "Table"})
    mapped = {t.name for t in ordered if t.primary_key}
    cls = {t.name: classes(t.name, pascal(t.name)) for t in ordered}
    attrs: dict[str, dict[str, str]] = {}
    for table in ordered:
        names = UniqueNames({"metadata", "registry"})
        attrs[table.name] = {c.name: names(c.name, snake(c.name)) for c in table.columns}
    rel_attrs = _relationship_names(schema, ordered, attrs, mapped)
    lines = [
        '"""SQLAlchemy models generated by wiretable from the schema document."""',
        "",
        "from __future__ import annotations",
        "",
        "import datetime",
        "import decimal",
        "import uuid",
        "from typing import Any, Optional",
        "",
        "from sqlalchemy import (CHAR, JSON, REAL, BigInteger, Boolean, CheckConstraint, Column, Date, DateTime, "
        "Double,",
        "                        ForeignKeyConstraint, Identity, Index, Integer, Interval, LargeBinary, Numeric, "
        "PrimaryKeyConstraint,",
        "                        SmallInteger, String, Table, Text, Time, Uuid)",
        "from sqlalchemy import text as sql_text",
        "from sqlalchemy.dialects import postgresql",
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship",
        "",
        "",
        "class Base(DeclarativeBase):",
        "    pass",
        "",
    ]
    for table in ordered:
        lines += ["", ""]
        args = _table_args(table, schema)
        if table.name not in mapped:
            lines.append(f"{cls[table.name]} = Table(")
            lines.append(f"    {table.name!r}, Base.metadata,")
            for column in table.columns:
                lines.append(f"    Column({_column_args(table, column)}),")
            lines += [f"    {a}," for a in args]
            lines.append(")")
            continue
        lines.append(f"class {cls[table.name]}(Base):")
        if table.description:
            lines.append(f"    {table.description!r}")
            lines.append("")
        lines.append(f"    __tablename__ = {table.name!r}")
        lines.append("    __table_args__ = (" + "".join(f"\n        {a}," for a in args) + ("\n    )" if args else ")"))
        lines.append("")
        for column in table.columns:
            lines.append(f"    {attrs[table.name][column.name]}: Mapped[{py_type(column)}] = "
                         f"mapped_column({_column_args(table, column)})")
        for attr, line in rel_attrs.get(table.name, []):
            lines.append(f"    {attr}: {line}")
    return "\n".join(lines) + "\n"


def _relationship_names(schema: Schema, ordered: list[Table], attrs: dict[str, dict[str, str]],
                        mapped: set[str]) -> dict[str, list[tuple[str, str]]]:
    cls_names = UniqueNames({"Base", "Any", "Optional", "Table"})
    cls = {t.name: cls_names(t.name, pascal(t.name)) for t in ordered}
    taken = {t.name: UniqueNames(set(attrs[t.name].values()) | {"metadata", "registry"}) for t in ordered}
    names: dict[tuple[str, int, bool], str] = {}
    for table in ordered:
        for rel in relations(schema, table):
            if rel.table not in mapped or rel.target not in mapped:
                continue
            key = (rel.child, id(rel.fk), rel.many)
            names[key] = taken[table.name](f"{rel.name}/{rel.many}/{id(rel.fk)}", snake(rel.name))
    out: dict[str, list[tuple[str, str]]] = {}
    for table in ordered:
        for rel in relations(schema, table):
            key = (rel.child, id(rel.fk), rel.many)
            if key not in names:
                continue
            other = names[(rel.child, id(rel.fk), not rel.many)]
            fk_cols = ", ".join(f"{cls[rel.child]}.{attrs[rel.child][c]}" for c in rel.fk.columns)
            if rel.many:
                annotation = f"Mapped[list[{cls[rel.target]}]]"
            else:
                nullable = any((c := table.column(n)) is not None and c.nullable for n in rel.fk.columns)
                annotation = f"Mapped[Optional[{cls[rel.target]}]]" if nullable else f"Mapped[{cls[rel.target]}]"
            line = (f"{annotation} = relationship(foreign_keys=\"[{fk_cols}]\", "
                    f"back_populates={other!r})")
            out.setdefault(table.name, []).append((names[key], line))
    return out


def render_sqlalchemy(schema: Schema) -> dict[str, Any]:
    return {"models.py": render_models(schema)}
