"""AI refinement in the UI: the "AI refine" toggle on the home page and "Ask AI" in the schema editor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from inference import infer_schema
from jobs.store import JobStore
from tests.inference.advisor.conftest import blog_exchanges
from tests.jobs.test_jobs import AUTHORS, BOOKS, write_har
from tests.llm_server import LLMServer, Reply, llm_server_fixture, patches  # noqa: F401 - a fixture
from tests.webui.editor_support import element, make_job, open_job, sql_has, sql_lacks, until, wait_for


@pytest.fixture
def ui_env(ui_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, llm_server: LLMServer) -> dict[str, str]:
    env = {"OPENAI_API_KEY": "sk-ui-key", "OPENAI_BASE_URL": llm_server.url, "WIRETABLE_LLM_MODEL": "local-model",
           "WIRETABLE_LLM_TIMEOUT": "5", "WIRETABLE_LLM_MAX_RETRIES": "0"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return ui_env | env


async def test_ai_refine_toggle_runs_the_advisor_on_a_har_job(user: User, llm_server: LLMServer,
                                                              tmp_path: Path) -> None:
    llm_server.will_reply(patches({"op": "set_description", "table": "authors", "column": None,
                                   "description": "People who write books.", "rationale": "GET /api/authors"}))
    har = write_har(tmp_path / "books.har", [("http://api.test/api/authors", AUTHORS),
                                             ("http://api.test/api/books", BOOKS)])
    await user.open("/")
    toggle = element(user, "llm")
    assert isinstance(toggle, ui.switch) and toggle.value is False
    toggle.value = True
    upload = element(user, "har_upload")
    await upload.handle_uploads([SmallFileUpload("books.har", "application/json", har.read_bytes())])
    await wait_for(user, content="AI refinement: 1 patch(es) accepted, 0 rejected (local-model)", seconds=20)
    await user.should_see("accepted: describe authors: People who write books.")
    assert len(llm_server.requests) == 1


async def test_ask_ai_shows_patches_for_review_and_applies_the_chosen(user: User, llm_server: LLMServer,
                                                                      ui_env: dict[str, str], tmp_path: Path) -> None:
    store = JobStore(ui_env["WIRETABLE_DATABASE_URL"])
    exchanges = blog_exchanges()
    traffic = tmp_path / "traffic.jsonl"
    traffic.write_text("".join(e.to_json_line() + "\n" for e in exchanges), encoding="utf-8")
    job = make_job(store, infer_schema(exchanges, name="blog"))
    store.update(job.id, artifacts={"traffic": str(traffic)})
    proposal = patches(
        {"op": "rename_column", "table": "comments", "column": "writer", "new_name": "writer_id",
         "rationale": "the id of the writing user"},
        {"op": "add_foreign_key", "table": "comments", "columns": ["writer_id"], "ref_table": "users",
         "ref_columns": ["id"], "rationale": "writer ids are user ids"},
        {"op": "change_type", "table": "posts", "column": "title", "new_type": "integer", "rationale": "numbers"},
        {"op": "set_description", "table": "posts", "column": None, "description": "Posts.", "rationale": "posts"},
    )
    llm_server.will_reply(proposal, proposal)
    await open_job(user, job)

    user.find(marker="ask_ai").click()
    await wait_for(user, marker="ai_review", seconds=10)
    await user.should_see("3 patch(es) hold on the samples, 1 refuted (local-model)")
    await user.should_see("~ posts description: None → Posts.")
    await user.should_see("+ comments foreign key (writer_id) → users(id)")
    reason = element(user, "ai_reason_2")
    assert "do not fit integer" in reason.text
    assert not element(user, "ai_patch_2").enabled
    user.find(marker="ai_reject_all").click()
    await user.should_see("rejected 4 AI proposal(s); nothing changed")
    await sql_lacks(user, "writer_id")

    user.find(marker="ask_ai").click()
    await until(lambda: len(llm_server.requests) == 2, "the second request")
    await wait_for(user, marker="ai_patch_3", seconds=10)
    element(user, "ai_patch_3").value = False
    user.find(marker="ai_apply").click()
    await user.should_see("applied 2 AI patch(es)")
    await sql_has(user, '"writer_id"', 'REFERENCES "users"')
    user.find(marker="save").click()
    await wait_for(user, content="saved as version 2")
    saved = store.load_schema(job.id)
    assert saved is not None
    comments, posts = saved.table("comments"), saved.table("posts")
    assert comments is not None and posts is not None
    assert [fk.columns for fk in comments.foreign_keys] == [["post_id"], ["writer_id"]]
    assert posts.description is None and posts.column("title").type == "text"  # type: ignore[union-attr]
    evidence = comments.column("writer_id").evidence  # type: ignore[union-attr]
    assert evidence is not None and evidence.source == "llm"
    assert "sekrit" not in json.dumps(llm_server.requests)
