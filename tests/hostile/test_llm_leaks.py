"""No planted secret reaches the LLM: the AI review runs over every hostile traffic file that holds
planted secrets (JSON values under neutral names, numbers, headers, URLs, request bodies, HTML,
scripts, text, enumerations; JSONL and HAR), through the real OpenAI client against a local
OpenAI-protocol server, and every request body that server received is searched for each secret.

Three ways in: the verb the command line and the job runner share (with example values off, the
default, and on), the real ``wiretable infer --llm`` command, and a HAR import job with AI review.
The scan is shown to have teeth: with example values on, the ordinary values of the same records
do reach the server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobs.model import JobOptions, JobStatus
from jobs.runner import JobRunner
from jobs.store import JobStore
from jobs.verbs.infer import infer_file, read_traffic
from jobs.verbs.refine import refine_capture
from kernel.settings import Settings
from tests.hostile.secrets import secret_needles
from tests.hostile.traffic import hostile_traffic
from tests.llm_server import LLMServer, Reply, llm_server_fixture  # noqa: F401 - a fixture

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))
NO_PATCHES = Reply(content='{"patches": []}')


def secret_files(root: Path) -> list[tuple[str, Path, list[str]]]:
    """The corpus files with planted secrets, each with the secrets its text really holds."""
    files = []
    for name, path, planted in hostile_traffic(root):
        if not planted:
            continue
        text = path.read_text(encoding="utf-8")
        present = [s for s in planted if any(n in text for n in secret_needles(s))]
        assert present, name
        files.append((name, path, present))
    assert len(files) >= 50
    return files


def sent(server: LLMServer) -> str:
    """Every request body the model server received, as one text."""
    return "\n".join(json.dumps(r["body"], ensure_ascii=False) for r in server.requests)


def leaks(text: str, planted: list[str]) -> list[str]:
    return [secret[:14] for secret in planted for needle in secret_needles(secret) if needle in text]


def llm_settings(tmp_path: Path, server: LLMServer, *, send_samples: bool) -> Settings:
    return Settings(home=tmp_path / "home", openai_api_key="sk-local-test", openai_base_url=server.url,
                    llm_model="local-model", llm_send_samples=send_samples, llm_timeout=10, llm_max_retries=0)


@pytest.mark.parametrize("send_samples", [False, True], ids=["samples-off", "samples-on"])
def test_no_planted_secret_reaches_the_model(send_samples: bool, tmp_path: Path, llm_server: LLMServer) -> None:
    settings = llm_settings(tmp_path, llm_server, send_samples=send_samples)
    leaked: dict[str, list[str]] = {}
    asked = 0
    for name, path, planted in secret_files(tmp_path / "traffic"):
        llm_server.will_reply(NO_PATCHES)
        result = refine_capture(infer_file(path), read_traffic(path), settings)
        assert result.error is None, (name, result.error)
        asked += len(llm_server.requests)
        if found := leaks(sent(llm_server), planted):
            leaked[name] = found
    assert asked >= 50
    assert leaked == {}


def test_example_values_do_reach_the_model_when_allowed(tmp_path: Path, llm_server: LLMServer) -> None:
    """The scan looks where values go: the records' ordinary values are in the requests."""
    name, path, _ = next(f for f in secret_files(tmp_path / "traffic") if f[0] == "secret-json-value-0-jsonl")
    llm_server.will_reply(NO_PATCHES)
    refine_capture(infer_file(path), read_traffic(path), llm_settings(tmp_path, llm_server, send_samples=True))
    assert "item 1" in sent(llm_server), name


def test_no_planted_secret_reaches_the_model_from_the_command(tmp_path: Path, llm_server: LLMServer) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "WIRETABLE_"))}
    env |= {"WIRETABLE_HOME": str(tmp_path / "home"), "OPENAI_API_KEY": "sk-local-test",
            "OPENAI_BASE_URL": llm_server.url, "WIRETABLE_LLM_SEND_SAMPLES": "true",
            "WIRETABLE_LLM_MAX_RETRIES": "0"}
    files = [f for f in secret_files(tmp_path / "traffic") if f[0].endswith("-0-jsonl") or f[0].endswith("-0-har")]
    assert len(files) >= 16
    for name, path, planted in files:
        llm_server.will_reply(NO_PATCHES)
        out = tmp_path / f"{name}.schema.json"
        result = subprocess.run([WIRETABLE, "infer", str(path), "-o", str(out), "--llm"], capture_output=True,
                                text=True, timeout=120, env=env, cwd=tmp_path)
        assert result.returncode == 0, (name, result.stderr)
        assert llm_server.requests, name
        log = out.with_suffix(".llm.json").read_text(encoding="utf-8")
        assert leaks(sent(llm_server) + log + result.stderr, planted) == [], name


def test_no_planted_secret_reaches_the_model_from_a_har_import_job(tmp_path: Path, llm_server: LLMServer,
                                                                   app_db_url: str) -> None:
    settings = llm_settings(tmp_path, llm_server, send_samples=True).model_copy(update={"database_url": app_db_url})
    runner = JobRunner(settings, JobStore(app_db_url))
    hars = [f for f in secret_files(tmp_path / "traffic") if f[0].endswith("-har") and "-0-" in f[0]]
    assert len(hars) >= 8
    for name, path, planted in hars:
        llm_server.will_reply(NO_PATCHES)
        job = runner.start_har(path, options=JobOptions(llm=True))
        done = runner.wait(job.id, timeout=120)
        assert done.status == JobStatus.READY, (name, done.status, done.error)
        assert llm_server.requests, name
        assert leaks(sent(llm_server), planted) == [], name
