"""Schemas the export tests share: the demo's inferred schema and one with every column type."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kernel.schema import Column, ForeignKey, Index, Schema, Table, load_schema

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "tests" / "inference" / "golden" / "demo.schema.json"
NODE_MODULES = ROOT / "tools" / "node_modules"


def demo_schema() -> Schema:
    return load_schema(DEMO)


def varied_schema() -> Schema:
    """Every base type, arrays, defaults, enums (with a quote), indexes, composite keys, two
    foreign keys from one table to another, and names that need quoting."""
    return Schema(name="varied", tables=[
        Table(name="Accounts", primary_key=["id"], columns=[
            Column(name="id", type="bigint", nullable=False, default="0"),
            Column(name="handle", type="varchar(20)", nullable=False, unique=True),
            Column(name="status", type="text", nullable=False, default="'active'", enum=["active", "it's"]),
            Column(name="score", type="numeric(10,2)"), Column(name="seen", type="timestamp"),
            Column(name="ts", type="timestamptz", nullable=False, default="now()"),
            Column(name="uid", type="uuid"), Column(name="flags", type="boolean[]"),
            Column(name="doc", type="jsonb"), Column(name="raw", type="bytea"),
            Column(name="d", type="double precision"), Column(name="sm", type="smallint"),
            Column(name="ch", type="char(2)"), Column(name="t", type="time"), Column(name="js", type="json"),
            Column(name="day", type="date", default="current_date"), Column(name="Mixed Case", type="text"),
        ], indexes=[Index(columns=["score"]), Index(columns=["handle", "score"], unique=True)]),
        Table(name="links", primary_key=["a", "b"], columns=[
            Column(name="a", type="bigint", nullable=False), Column(name="b", type="bigint", nullable=False),
            Column(name="note", type="text"), Column(name="c", type="bigint")],
            foreign_keys=[ForeignKey(columns=["a"], ref_table="Accounts", ref_columns=["id"], on_delete="cascade"),
                          ForeignKey(columns=["c"], ref_table="Accounts", ref_columns=["id"], on_delete="set null")]),
    ])


def node_tools() -> Path:
    """tools/node_modules (``make setup`` installs drizzle-kit there); skips only outside CI."""
    if shutil.which("node") is None or not (NODE_MODULES / ".bin" / "drizzle-kit").exists():
        if os.environ.get("CI"):
            pytest.fail("drizzle-kit is not installed in tools/node_modules: run `make setup`")
        pytest.skip("drizzle-kit is not installed in tools/node_modules (make setup installs it)")
    return NODE_MODULES
