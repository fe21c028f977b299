"""Indexes, CHECK constraints, identity keys and enum types in the other dialects, run on real
engines where the machine has them: SQLite (stdlib), MariaDB (for MySQL); SQL Server's DDL is
parse-checked with sqlglot's T-SQL parser."""

from __future__ import annotations

import sqlite3

import pytest
import sqlglot
from sqlglot import exp

from kernel.errors import SchemaError
from kernel.schema import Schema
from sql.ddl import create_statements
from tests.sql.mariadb import MariaDB
from tests.sql.test_push_objects import shop


def sqlite_db(schema: Schema) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    for statement in create_statements(schema, "sqlite"):
        db.execute(statement)
    return db


def test_sqlite_enforces_checks_enums_and_partial_indexes_and_fills_identity_keys() -> None:
    db = sqlite_db(shop())
    db.execute("INSERT INTO products (sku, Price) VALUES ('abc', 1)")
    db.execute("INSERT INTO products (sku, Price) VALUES ('abd', 1)")
    assert db.execute("SELECT id, status FROM products ORDER BY id").fetchall() == [(1, "draft"), (2, "draft")]
    for statement in ("INSERT INTO products (sku, Price) VALUES ('abe', -1)",  # price_positive
                      "INSERT INTO products (sku) VALUES ('ab')",  # sku_shape
                      "INSERT INTO products (sku, status) VALUES ('abf', 'gone')",  # the enum's CHECK
                      "INSERT INTO products (sku) VALUES ('abc')"):  # the partial unique index
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(statement)
    db.execute("UPDATE products SET deleted_at = '2020-01-01' WHERE sku = 'abc'")
    db.execute("INSERT INTO products (sku) VALUES ('abc')")
    indexes = {r[0]: r[1] for r in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")}
    assert indexes["products_sku_key"].endswith('WHERE "deleted_at" IS NULL')


def test_sqlite_refuses_an_identity_it_cannot_generate() -> None:
    schema = shop()
    schema.tables[1].primary_key = ["id", "product_id"]
    with pytest.raises(SchemaError, match="SQLite generates values only for a table's sole INTEGER primary key"):
        create_statements(schema, "sqlite")


def test_mysql_refuses_a_unique_partial_index() -> None:
    with pytest.raises(SchemaError, match="MySQL has no partial indexes"):
        create_statements(shop(), "mysql")


def mysql_shop() -> Schema:
    schema = shop()
    schema.tables[0].indexes[0].unique = False  # MySQL makes it a full index
    return schema


def test_mariadb_gets_enum_columns_auto_increment_and_checks(mariadb: MariaDB) -> None:
    mariadb.run("DROP DATABASE IF EXISTS t_objects; CREATE DATABASE t_objects;")
    mariadb.run(";\n".join(create_statements(mysql_shop(), "mysql")) + ";", "t_objects")
    columns = dict(
        tuple(line.split("\t")[:2]) for line in mariadb.run(
            "SELECT concat(table_name, '.', column_name), concat(column_type, ' ', extra)"
            " FROM information_schema.columns WHERE table_schema = 't_objects'").splitlines()
    )
    assert columns["products.status"].strip() == "enum('draft','live')"
    assert columns["orders.state"].strip() == "enum('new','paid')"
    assert columns["products.id"] == "bigint(20) auto_increment"
    checks = mariadb.run("SELECT constraint_name FROM information_schema.check_constraints"
                         " WHERE constraint_schema = 't_objects' ORDER BY 1").split()
    assert checks == ["price_positive", "sku_shape"]
    mariadb.run("INSERT INTO products (sku) VALUES ('abc'), ('abc')", "t_objects")  # a full, non-unique index
    assert mariadb.run("SELECT id, status FROM products ORDER BY id", "t_objects").split() == [
        "1", "draft", "2", "draft"]
    with pytest.raises(AssertionError, match="price_positive"):
        mariadb.run("INSERT INTO products (sku, Price) VALUES ('abd', -1)", "t_objects")
    with pytest.raises(AssertionError, match="status"):
        mariadb.run("SET sql_mode = 'STRICT_ALL_TABLES'; INSERT INTO products (sku, status) VALUES ('abd', 'gone')",
                    "t_objects")


def test_sql_server_ddl_parses_as_tsql() -> None:
    statements = create_statements(shop(), "tsql")
    for statement in statements:
        parsed = sqlglot.parse_one(statement, read="tsql")
        assert not isinstance(parsed, exp.Command), statement
        assert parsed.sql("tsql") == statement
    products = next(s for s in statements if s.startswith("CREATE TABLE [products]"))
    assert "[id] BIGINT IDENTITY(1, 1) NOT NULL" in products
    assert "CHECK ([status] IN ('draft', 'live'))" in products
    assert "CONSTRAINT [price_positive] CHECK ([Price] >= 0)" in products
    assert 'CREATE UNIQUE INDEX [products_sku_key] ON [products]([sku]) WHERE [deleted_at] IS NULL' in statements
