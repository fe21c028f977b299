"""Edits checked against the captured values kept in the evidence."""

from __future__ import annotations

from kernel.schema import Column, Evidence, Schema, Table
from sql.sample_fit import sample_problems


def schema_with(column: Column) -> Schema:
    return Schema(name="s", tables=[Table(name="books", columns=[Column(name="id", type="integer"), column],
                                          primary_key=["id"])])


def test_a_length_the_captured_values_do_not_fit_names_table_column_and_value() -> None:
    ev = Evidence(samples=3, examples=["ab", "abcdef"])
    [problem] = sample_problems(schema_with(Column(name="code", type="varchar(2)", evidence=ev)))
    assert problem.level == "warning" and (problem.table, problem.column) == ("books", "code")
    assert "books.code" in problem.message and "'abcdef'" in problem.message and "longer than 2" in problem.message
    assert sample_problems(schema_with(Column(name="code", type="varchar(6)", evidence=ev))) == []


def test_type_not_null_and_enum_misfits() -> None:
    cases = [
        (Column(name="n", type="integer", evidence=Evidence(samples=2, examples=[1, "x1"])), "'x1' is not an integer"),
        (Column(name="n", type="smallint", evidence=Evidence(samples=1, examples=[70000])), "out of range"),
        (Column(name="n", type="uuid", evidence=Evidence(samples=1, examples=["nope"])), "is not a uuid"),
        (Column(name="n", type="text", nullable=False, evidence=Evidence(samples=5, nulls=2)), "2 of 5"),
        (Column(name="n", type="enum", enum=["a", "b"], evidence=Evidence(samples=2, examples=["a", "c"])),
         "'c' is not one of the enum's values"),
        (Column(name="n", type="numeric(4,2)", evidence=Evidence(samples=1, examples=[123.5])), "more than 2 digits"),
    ]
    for column, expected in cases:
        messages = [p.message for p in sample_problems(schema_with(column))]
        assert any(expected in m for m in messages), (column, messages)


def test_fitting_values_and_columns_without_evidence_give_nothing() -> None:
    column = Column(name="n", type="integer", nullable=False, evidence=Evidence(samples=3, examples=[1, 2, "3"]))
    assert sample_problems(schema_with(column)) == []
    assert sample_problems(schema_with(Column(name="n", type="varchar(1)"))) == []
