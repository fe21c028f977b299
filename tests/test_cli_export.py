"""``wiretable export``: every format writes its files; bad input is a one-line error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.factories import make_schema
from wiretable.cli import app

runner = CliRunner()


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(make_schema().to_json())
    return path


@pytest.mark.parametrize("fmt, args, written", [
    ("openapi", [], ["out"]),
    ("docs", [], ["out"]),
    ("docs", ["--html"], ["out"]),
    ("sqlalchemy", [], ["out"]),
    ("ddl", ["--dialect", "sqlite"], ["out"]),
    ("drizzle", [], ["out/schema.ts", "out/drizzle/0000_blog.sql", "out/drizzle/meta/_journal.json",
                     "out/drizzle/meta/0000_snapshot.json"]),
    ("drizzle", ["--dialect", "mysql"], ["out/schema.ts", "out/drizzle/0000_blog.sql", "out/drizzle/meta/_journal.json",
                                         "out/drizzle/meta/0000_snapshot.json", "out/drizzle.config.json"]),
    ("drizzle", ["--dialect", "sqlite"], ["out/schema.ts", "out/drizzle/0000_blog.sql",
                                          "out/drizzle/meta/0000_snapshot.json", "out/drizzle.config.json"]),
    ("jsonschema", [], ["out/users.schema.json", "out/posts.schema.json"]),
])
def test_every_format_writes_its_files(fmt: str, args: list[str], written: list[str], schema_file: Path,
                                       tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", fmt, str(schema_file), "-o", str(tmp_path / "out"), *args])
    assert result.exit_code == 0, result.output
    for rel in written:
        assert (tmp_path / rel).is_file() and (tmp_path / rel).stat().st_size > 0


def test_single_file_formats_print_to_stdout(schema_file: Path) -> None:
    result = runner.invoke(app, ["export", "openapi", str(schema_file)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["openapi"] == "3.1.0"


@pytest.mark.parametrize("args, message", [
    (["export", "yaml"], "unknown export format 'yaml'"),
    (["export", "drizzle"], "give a directory with -o"),
    (["export", "drizzle", "-o", "x", "--dialect", "oracle"], "drizzle dialects are"),
    (["export", "ddl", "--dialect", "oracle"], "ddl dialects are"),
])
def test_bad_input_is_one_line(args: list[str], message: str, schema_file: Path, tmp_path: Path) -> None:
    argv = [*args[:2], str(schema_file), *args[2:]]
    argv = [str(tmp_path / a) if a == "x" else a for a in argv]
    result = runner.invoke(app, argv)
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1


def test_a_missing_schema_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "openapi", str(tmp_path / "nope.json")])
    assert result.exit_code == 1 and "cannot read" in result.output


GOLDEN = Path(__file__).resolve().parent / "inference" / "golden"


def test_openapi_of_the_observed_api(tmp_path: Path) -> None:
    from openapi_spec_validator import validate

    out = tmp_path / "observed.json"
    result = runner.invoke(app, ["export", "openapi", str(GOLDEN / "demo.schema.json"), "--observed",
                                 str(GOLDEN / "demo.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    validate(doc)
    assert doc["paths"]["/api/authors/{uuid}"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"] == {"$ref": "#/components/schemas/Authors"}


@pytest.mark.parametrize("fmt, traffic, message", [
    ("openapi", "missing.har", "no such file"),
    ("openapi", "empty.har", "no API calls found in the traffic"),
    ("openapi", "not-jsonl.jsonl", "not a valid exchange line"),
    ("docs", "empty.har", "--observed describes the captured API as OpenAPI"),
])
def test_observed_bad_input_is_one_line(fmt: str, traffic: str, message: str, schema_file: Path,
                                        tmp_path: Path) -> None:
    (tmp_path / "empty.har").write_text('{"log": {"version": "1.2", "entries": []}}')
    (tmp_path / "not-jsonl.jsonl").write_text("hello\n")
    result = runner.invoke(app, ["export", fmt, str(schema_file), "--observed", str(tmp_path / traffic)])
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1
