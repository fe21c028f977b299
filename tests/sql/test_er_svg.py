"""The ER diagram laid out by Graphviz: one node per table with its columns, one edge per foreign
key, escaped names; SVG and PNG."""

from __future__ import annotations

import pytest

from kernel.schema import Column, ForeignKey, Schema, Table
from sql.er import neighbourhood
from sql.er_svg import dot_available, dot_source, render_png, render_svg
from tests.factories import make_schema


def test_source_has_every_table_column_and_foreign_key() -> None:
    source = dot_source(make_schema())
    assert 'n0 [id="er-0" tooltip="users"' in source and 'n1 [id="er-1" tooltip="posts"' in source
    assert "<B>users</B>" in source and "text[]" in source
    assert 'n0:r0:e -> n1:l1:w [tooltip="posts(user_id) → users(id)"]' in source


def test_names_are_escaped_and_neighbourhood_drops_other_tables() -> None:
    schema = Schema(name="x", tables=[
        Table(name="a<b>", columns=[Column(name="id&", type="integer")], primary_key=["id&"]),
        Table(name="c", columns=[Column(name="a_id", type="integer")],
              foreign_keys=[ForeignKey(columns=["a_id"], ref_table="a<b>", ref_columns=["id&"])]),
        Table(name="lonely", columns=[Column(name="id", type="integer")]),
    ])
    source = dot_source(schema, neighbourhood(schema, "c"))
    assert "a&lt;b&gt;" in source and "id&amp;" in source and "a<b>" not in source
    assert "lonely" not in source and "n1:l0:w" in source


@pytest.mark.skipif(not dot_available(), reason="Graphviz is not installed (make setup installs it)")
def test_svg_and_png() -> None:
    source = dot_source(make_schema())
    svg = render_svg(source)
    assert svg.startswith("<svg") and 'id="er&#45;0"' in svg and ">users<" in svg
    assert render_png(source).startswith(b"\x89PNG")
