"""The CLI: help on every command, one-line errors and non-zero exits for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.factories import make_schema
from wiretable.cli import app

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))
COMMANDS = sorted((c.name or (c.callback.__name__ if c.callback else "")).replace("_", "-")
                  for c in app.registered_commands)

runner = CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    info = next(c for c in app.registered_commands
                if (c.name or (c.callback.__name__ if c.callback else "")).replace("_", "-") == command)
    doc = info.callback.__doc__ if info.callback else None
    assert doc and doc.split("\n")[0].strip() in " ".join(result.output.split())


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WIRETABLE, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


@pytest.mark.parametrize("args, message", [
    (["capture", "http://127.0.0.1:9/", "-o", "t.jsonl"], "cannot reach"),
    (["capture", "ftp://example.com/", "-o", "t.jsonl"], "only http:// and https://"),
    (["infer", "missing.jsonl"], "no such file"),
    (["infer", "broken.har"], "broken.har"),
    (["infer", "garbage.jsonl"], "garbage.jsonl:1"),
    (["infer", "empty.jsonl"], "no JSON API"),
    (["validate", "notjson.json"], "not valid JSON"),
    (["ddl", "missing.json"], "cannot read"),
    (["ddl", "schema.json", "-o", "no/such/dir/out.sql"], "No such file or directory"),
    (["ddl", "schema.json", "--dialect", "oracle"], "unsupported dialect 'oracle'"),
    (["push", "schema.json", "--target", "mysql://x"], "postgres"),
])
def test_bad_input_gives_one_line_error(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "broken.har").write_text('{"log": {"entries": [{"req', encoding="utf-8")
    (tmp_path / "garbage.jsonl").write_text("this is not json\n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "notjson.json").write_text("{nope", encoding="utf-8")
    (tmp_path / "schema.json").write_text(make_schema().to_json(), encoding="utf-8")
    result = _run(*args, cwd=tmp_path)
    assert result.returncode != 0
    assert message.lower() in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_validate_reports_errors_with_exit_code(tmp_path: Path) -> None:
    doc = make_schema().model_dump(mode="json")
    doc["tables"][1]["foreign_keys"][0]["ref_table"] = "nobody"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = _run("validate", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert "nobody" in result.stderr


def test_ddl_prints_postgres_create_table(tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text(make_schema().to_json(), encoding="utf-8")
    result = _run("ddl", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("CREATE TABLE") == 2


def test_the_pipeline_commands_exist() -> None:
    assert {"capture", "infer", "validate", "ddl", "push", "serve", "demo", "eval"} <= set(COMMANDS)


def test_out_of_range_options_are_usage_errors(tmp_path: Path) -> None:
    result = _run("capture", "http://127.0.0.1:9/", "--max-pages", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert "--max-pages" in result.stderr and "Traceback" not in result.stderr


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "wiretable", "--help"], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in COMMANDS:
        assert command in result.stdout
