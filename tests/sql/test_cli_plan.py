"""`wiretable plan` and `wiretable push` against a real Postgres: scriptable, no prompts."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from jobs.targets import TargetStore
from kernel.schema import Column
from sql.embedded import EmbeddedPostgres
from sql.introspect import introspect
from tests.factories import make_schema

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([WIRETABLE, *args], capture_output=True, text=True, timeout=60, cwd=cwd,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


def test_plan_prints_the_plan_and_push_refuses_destructive_edits(target_url: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    wider = make_schema()
    wider.tables[0].columns.append(Column(name="legacy", type="text"))
    schema.write_text(wider.to_json(), encoding="utf-8")

    planned = run("plan", str(schema), "--target", target_url, cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout.startswith("-- plan for postgresql://")
    assert "--   + create table users" in planned.stdout and 'CREATE TABLE "users"' in planned.stdout
    assert introspect(target_url).tables == []

    assert run("push", str(schema), "--target", target_url, cwd=tmp_path).returncode == 0
    empty = run("plan", str(schema), "--target", target_url, cwd=tmp_path)
    assert empty.returncode == 0 and "nothing to do" in empty.stdout

    schema.write_text(make_schema().to_json(), encoding="utf-8")
    refused = run("push", str(schema), "--target", target_url, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ") and len(refused.stderr.strip().splitlines()) == 1
    assert "drop column users.legacy" in refused.stderr and "--allow-destructive" in refused.stderr
    assert introspect(target_url).table("users").column("legacy") is not None  # type: ignore[union-attr]
    preview = run("plan", str(schema), "--target", target_url, cwd=tmp_path)
    assert "--   ! drop column users.legacy (table holds 0 row(s))   [destructive]" in preview.stdout

    applied = run("push", str(schema), "--target", target_url, "--allow-destructive", cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert introspect(target_url).table("users").column("legacy") is None  # type: ignore[union-attr]


def test_a_saved_profile_is_a_target(embedded: EmbeddedPostgres, target_url: str, tmp_path: Path) -> None:
    app_db = f"app_{uuid.uuid4().hex[:8]}"
    app_url = embedded.ensure_database(app_db)
    try:
        TargetStore(app_url).save("staging", "postgres", url=target_url)
        schema = tmp_path / "schema.json"
        schema.write_text(make_schema().to_json(), encoding="utf-8")
        env = {"WIRETABLE_DATABASE_URL": app_url, "WIRETABLE_HOME": str(tmp_path / "home")}
        planned = run("plan", str(schema), "--target", "staging", cwd=tmp_path, env=env)
        assert planned.returncode == 0, planned.stderr
        assert "create table posts" in planned.stdout
        unknown = run("plan", str(schema), "--target", "nosuch", cwd=tmp_path, env=env)
        assert unknown.returncode == 1 and "unknown target 'nosuch'" in unknown.stderr
    finally:
        embedded.drop_database(app_db)


@pytest.mark.parametrize("command", ["plan", "push"])
def test_plan_and_push_have_help(command: str, tmp_path: Path) -> None:
    result = run(command, "--help", cwd=tmp_path)
    assert result.returncode == 0 and "--target" in result.stdout
    assert ("--allow-destructive" in result.stdout) == (command == "push")
