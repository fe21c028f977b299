"""``wiretable infer --llm``: the advisor runs after the heuristics and reports on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kernel.schema import load_schema
from tests.inference.advisor.conftest import SECRETS, blog_exchanges
from tests.llm_server import LLMServer, Reply, llm_server_fixture, patches  # noqa: F401 - a fixture

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


def _infer(tmp_path: Path, server_url: str | None, *extra: str) -> subprocess.CompletedProcess[str]:
    traffic = tmp_path / "traffic.jsonl"
    traffic.write_text("".join(e.to_json_line() + "\n" for e in blog_exchanges()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "WIRETABLE_"))}
    env["WIRETABLE_HOME"] = str(tmp_path / "home")
    if server_url:
        env |= {"OPENAI_API_KEY": "sk-cli-key", "OPENAI_BASE_URL": server_url, "WIRETABLE_LLM_MODEL": "local-model",
                "WIRETABLE_LLM_TIMEOUT": "5", "WIRETABLE_LLM_MAX_RETRIES": "0"}
    return subprocess.run([WIRETABLE, "infer", str(traffic), "-o", str(tmp_path / "schema.json"), "--llm", *extra],
                          capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)


def test_infer_llm_applies_checked_patches_and_reports_both(tmp_path: Path, llm_server: LLMServer) -> None:
    llm_server.will_reply(patches(
        {"op": "rename_column", "table": "comments", "column": "writer", "new_name": "author_id",
         "rationale": "the writing user"},
        {"op": "change_type", "table": "posts", "column": "title", "new_type": "integer", "rationale": "numbers"},
    ))
    result = _infer(tmp_path, llm_server.url)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "AI refinement: 1 patch(es) accepted, 1 rejected (local-model)" in lines
    assert "accepted: rename column comments.writer → author_id" in lines
    assert any(line.startswith("rejected: change type of posts.title → integer: ") and "do not fit integer" in line
               for line in lines)
    schema = load_schema(tmp_path / "schema.json")
    comments = schema.table("comments")
    assert comments is not None and comments.column("author_id") is not None
    assert schema.table("posts").column("title").type == "text"  # type: ignore[union-attr]
    log = tmp_path / "schema.llm.json"
    assert f"LLM request and answer logged (redacted) in {log}" in lines
    text = log.read_text()
    assert "sk-cli-key" not in text and all(secret not in text for secret in SECRETS)
    assert json.loads(text)[0]["response"]["status"] == 200


def test_infer_llm_failure_keeps_the_heuristic_schema(tmp_path: Path, llm_server: LLMServer) -> None:
    llm_server.will_reply(Reply(status=404, body={"error": {"message": "no such model"}}))
    result = _infer(tmp_path, llm_server.url)
    assert result.returncode == 0, result.stderr
    assert ("AI refinement failed: model 'local-model' was not found at " + llm_server.url) in result.stderr
    assert "kept the heuristic schema" in result.stderr
    assert load_schema(tmp_path / "schema.json").table("comments").column("writer") is not None  # type: ignore[union-attr]


def test_infer_llm_without_a_key_says_so(tmp_path: Path) -> None:
    result = _infer(tmp_path, None)
    assert result.returncode == 0, result.stderr
    assert "AI refinement failed: no OPENAI_API_KEY is set" in result.stderr
    assert "Traceback" not in result.stderr
    assert load_schema(tmp_path / "schema.json").table("posts") is not None
