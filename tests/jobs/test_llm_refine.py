"""Jobs with the "AI refine" option: checked patches become a new schema version; failures never block."""

from __future__ import annotations

import json
from pathlib import Path

from jobs.model import JobOptions, JobStatus
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.settings import Settings
from tests.jobs.test_jobs import AUTHORS, BOOKS, write_har
from tests.llm_server import LLMServer, Reply, llm_server_fixture, patches  # noqa: F401 - a fixture


def _run(settings: Settings, tmp_path: Path, server: LLMServer) -> tuple[JobRunner, str]:
    har = write_har(tmp_path / "books.har", [("http://api.test/api/authors", AUTHORS),
                                             ("http://api.test/api/books", BOOKS)])
    configured = settings.model_copy(update={"openai_api_key": "sk-job-key", "openai_base_url": server.url,
                                             "llm_model": "local-model", "llm_timeout": 5.0, "llm_max_retries": 0})
    runner = JobRunner(configured, JobStore(settings.database_url or ""))
    job = runner.start_har(har, options=JobOptions(llm=True))
    done = runner.wait(job.id, timeout=60)
    assert done.status is JobStatus.READY, done.error
    return runner, job.id


def test_accepted_patches_become_a_new_schema_version(settings: Settings, tmp_path: Path,
                                                      llm_server: LLMServer) -> None:
    llm_server.will_reply(patches(
        {"op": "set_description", "table": "books", "column": None, "description": "Books in the catalogue.",
         "rationale": "GET /api/books lists books"},
        {"op": "add_foreign_key", "table": "books", "columns": ["price"], "ref_table": "authors",
         "ref_columns": ["id"], "rationale": "price looks like an author"},
    ))
    runner, job_id = _run(settings, tmp_path, llm_server)
    messages = [e.message for e in runner.store.events(job_id)]
    assert "AI refinement: 1 patch(es) accepted, 1 rejected (local-model)" in messages
    assert "accepted: describe books: Books in the catalogue." in messages
    assert any(m.startswith("rejected: add foreign key books(price) → authors(id): ") for m in messages)
    schema = runner.store.load_schema(job_id)
    assert schema is not None and schema.table("books").description == "Books in the catalogue."  # type: ignore[union-attr]
    job = runner.store.get_job(job_id)
    log = Path(job.artifacts["llm_log"])
    text = log.read_text()
    assert log.parent.name == job_id and "sk-job-key" not in text and "s3cr3t-t0ken-value" not in text
    assert json.loads(text)[0]["request"]["model"] == "local-model"
    assert "s3cr3t-t0ken-value" not in llm_server.prompts()


def test_a_failing_model_leaves_the_job_ready_with_the_heuristic_schema(settings: Settings, tmp_path: Path,
                                                                        llm_server: LLMServer) -> None:
    llm_server.will_reply(Reply(content="{not json"))
    runner, job_id = _run(settings, tmp_path, llm_server)
    messages = [e.message for e in runner.store.events(job_id)]
    failure = next(m for m in messages if m.startswith("AI refinement failed: "))
    assert "not valid JSON" in failure and failure.endswith("kept the heuristic schema")
    schema = runner.store.load_schema(job_id)
    assert schema is not None and schema.table("books").description is None  # type: ignore[union-attr]
    assert runner.store.get_job(job_id).error is None
