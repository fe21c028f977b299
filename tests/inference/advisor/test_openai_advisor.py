"""The real openai client against a local OpenAI-compatible server with scripted answers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from inference.advisor import Refinement, Samples, refine
from jobs.llm_client import OpenAIAdvisor
from kernel.schema import Schema
from sql.validate import schema_errors, validate_schema
from tests.llm_server import LLMServer, Reply, patches


def _advisor(server: LLMServer, transcript: list[dict[str, Any]] | None = None, **kwargs: Any) -> OpenAIAdvisor:
    options: dict[str, Any] = {"timeout": 5.0, "max_retries": 2} | kwargs
    return OpenAIAdvisor(api_key="sk-test-key-123", base_url=server.url, model="test-model",
                         transcript=transcript.append if transcript is not None else None, **options)


def _run(server: LLMServer, blog: tuple[Schema, Samples], *replies: Reply, **kwargs: Any) -> Refinement:
    server.will_reply(*replies)
    schema, samples = blog
    return refine(schema, samples, _advisor(server, **kwargs), check=schema_errors)


GOOD = [
    {"op": "rename_column", "table": "comments", "column": "writer", "new_name": "writer_id",
     "rationale": "holds the id of the user who wrote the comment"},
    {"op": "add_foreign_key", "table": "comments", "columns": ["writer_id"], "ref_table": "users",
     "ref_columns": ["id"], "rationale": "every writer value is a user id"},
    {"op": "change_type", "table": "posts", "column": "score", "new_type": "numeric",
     "rationale": "scores are decimal numbers sent as strings"},
    {"op": "set_enum", "table": "posts", "column": "status", "values": ["draft", "published"],
     "rationale": "publication state"},
    {"op": "mark_server_generated", "table": "posts", "column": "created_at",
     "rationale": "set by the server when a post is created"},
    {"op": "set_description", "table": "posts", "column": None, "description": "Blog posts written by users.",
     "rationale": "the collection holds posts"},
    {"op": "rename_table", "table": "logins", "new_name": "login_results", "rationale": "answers of POST /login"},
]


def test_good_refinement_is_applied_with_llm_evidence(llm_server: LLMServer, blog: tuple[Schema, Samples]) -> None:
    result = _run(llm_server, blog, patches(*GOOD))
    assert result.error is None
    assert [o.accepted for o in result.outcomes] == [True] * len(GOOD), result.messages()
    schema = result.schema
    comments, posts = schema.table("comments"), schema.table("posts")
    assert comments is not None and posts is not None
    assert comments.column("writer") is None
    fk = next(fk for fk in comments.foreign_keys if fk.columns == ["writer_id"])
    assert (fk.ref_table, fk.ref_columns) == ("users", ["id"])
    assert fk.evidence is not None and fk.evidence.source == "llm"
    assert fk.evidence.model_extra == {"heuristic_rule": None, "rationale": "every writer value is a user id",
                                       "model": "test-model", "llm_changes": ["add foreign key comments(writer_id) → "
                                                                              "users(id)"]}
    score = posts.column("score")
    assert score is not None and score.type == "numeric" and score.evidence is not None
    assert score.evidence.source == "llm" and score.evidence.model_extra is not None
    assert score.evidence.model_extra["rationale"] == "scores are decimal numbers sent as strings"
    assert posts.column("status").enum == ["draft", "published"]  # type: ignore[union-attr]
    assert posts.column("created_at").default == "now()"  # type: ignore[union-attr]
    assert posts.description == "Blog posts written by users."
    assert schema.table("login_results") is not None and schema.table("logins") is None
    assert not [p for p in validate_schema(schema) if p.level == "error"]
    assert result.headline() == "AI refinement: 7 patch(es) accepted, 0 rejected (test-model)"
    # the input schema is untouched
    assert blog[0].table("comments").column("writer") is not None  # type: ignore[union-attr]
    request = llm_server.requests[0]["body"]
    assert request["model"] == "test-model"
    assert request["response_format"]["type"] == "json_schema"


HOSTILE = [
    {"op": "rename_table", "table": "posts", "new_name": "posts; DROP TABLE users; --", "rationale": "cleaner"},
    {"op": "rename_column", "table": "users", "column": "handle", "new_name": 'handle" text); DROP TABLE x; --',
     "rationale": "cleaner"},
    {"op": "add_foreign_key", "table": "comments", "columns": ["writer"], "ref_table": "posts",
     "ref_columns": ["id"], "rationale": "writer is a post"},
    {"op": "change_type", "table": "posts", "column": "title", "new_type": "integer", "rationale": "titles are numbers"},
    {"op": "set_primary_key", "table": "comments", "columns": ["post_id"], "rationale": "one comment per post"},
    {"op": "rename_table", "table": "comments", "new_name": "users", "rationale": "they are users"},
    {"op": "change_type", "table": "comments", "column": "id", "new_type": "integer); DROP TABLE users; --",
     "rationale": "x"},
]


def test_hostile_refinement_is_rejected_with_reasons(llm_server: LLMServer, blog: tuple[Schema, Samples]) -> None:
    result = _run(llm_server, blog, patches(*HOSTILE))
    assert result.error is None
    assert result.accepted == []
    reasons = [o.reason or "" for o in result.rejected]
    assert "not a plain snake_case identifier" in reasons[0]
    assert "not a plain snake_case identifier" in reasons[1]
    assert "samples contradict this relation" in reasons[2] and "comments(writer)" in reasons[2]
    assert "do not fit integer" in reasons[3] and "'Quixotic" in reasons[3]
    assert "is not unique" in reasons[4]
    assert "already used" in reasons[5]
    assert "unknown column type" in reasons[6]
    assert result.schema.content_hash() == blog[0].content_hash()
    assert result.headline() == "AI refinement: 0 patch(es) accepted, 7 rejected (test-model)"
    assert result.messages()[3].startswith("rejected: add foreign key comments(writer) → posts(id): ")


@pytest.mark.parametrize("reply, reason", [
    (Reply(content='{"patches": [{"op": "rename_table", "table": '), "not valid JSON"),
    (Reply(content='{"patches": [{"op": "drop_table", "table": "users", "rationale": "x"}]}'),
     "does not follow the patch format"),
    (Reply(content='{"patches": [{"op": "rename_t', finish_reason="length"), "cut off"),
    (Reply(content=None, refusal="I can't help with that."), "the model refused: I can't help with that."),
    (Reply(status=404, body={"error": {"message": "model 'nope' not found"}}), "was not found"),
    (Reply(status=401, body={"error": {"message": "bad key"}}), "refused the API key"),
    (Reply(status=500, body="upstream exploded"), "HTTP 500"),
    (Reply(status=200, body="<html>gateway</html>"), "is not a chat completion"),
])
def test_failures_keep_the_heuristic_schema_and_say_why(llm_server: LLMServer, blog: tuple[Schema, Samples],
                                                        reply: Reply, reason: str) -> None:
    result = _run(llm_server, blog, reply, max_retries=0)
    assert result.error is not None and reason in result.error, result.error
    assert result.schema is blog[0]
    assert result.outcomes == []
    assert result.headline().startswith("AI refinement failed: ")
    assert result.headline().endswith("; kept the heuristic schema")
    assert "sk-test-key-123" not in result.error


def test_429_with_retry_after_then_success(llm_server: LLMServer, blog: tuple[Schema, Samples]) -> None:
    limited = Reply(status=429, headers={"retry-after": "0.2"}, body={"error": {"message": "slow down"}})
    result = _run(llm_server, blog, limited, patches(GOOD[0]))
    assert len(llm_server.requests) == 2
    assert result.error is None
    assert [o.summary for o in result.accepted] == ["rename column comments.writer → writer_id"]


def test_429_that_persists_is_reported(llm_server: LLMServer, blog: tuple[Schema, Samples]) -> None:
    limited = Reply(status=429, headers={"retry-after": "0.1"}, body={"error": {"message": "slow down"}})
    result = _run(llm_server, blog, limited, max_retries=1)
    assert len(llm_server.requests) == 2
    assert result.error is not None and "rate-limiting requests (HTTP 429), still after 1 retries" in result.error
    assert result.schema is blog[0]


def test_5xx_is_retried(llm_server: LLMServer, blog: tuple[Schema, Samples]) -> None:
    result = _run(llm_server, blog, Reply(status=503, headers={"retry-after": "0.1"}, body={}), patches(GOOD[2]))
    assert len(llm_server.requests) == 2
    assert [o.accepted for o in result.outcomes] == [True]


def test_timeout_is_reported(llm_server: LLMServer, blog: tuple[Schema, Samples]) -> None:
    result = _run(llm_server, blog, Reply(delay=30, content='{"patches": []}'), timeout=0.5, max_retries=0)
    assert result.error is not None and "did not answer within 0.5 s" in result.error
    assert result.schema is blog[0]


def test_unreachable_server_is_reported(blog: tuple[Schema, Samples]) -> None:
    advisor = OpenAIAdvisor(api_key="k", base_url="http://127.0.0.1:9/v1", model="m", timeout=2, max_retries=0)
    result = refine(blog[0], blog[1], advisor, check=schema_errors)
    assert result.error is not None and "cannot reach http://127.0.0.1:9/v1" in result.error


def test_transcript_records_request_and_answer_without_the_key(llm_server: LLMServer,
                                                               blog: tuple[Schema, Samples]) -> None:
    records: list[dict[str, Any]] = []
    echo = dict(GOOD[2], rationale="the key was sk-test-key-123")
    llm_server.will_reply(patches(echo))
    result = refine(blog[0], blog[1], _advisor(llm_server, records), check=schema_errors)
    assert len(records) == 1
    assert records[0]["request"]["model"] == "test-model"
    assert records[0]["request"]["messages"][1]["content"] == llm_server.requests[0]["body"]["messages"][1]["content"]
    assert records[0]["response"]["status"] == 200
    text = json.dumps(records)
    assert "sk-test-key-123" not in text and "[REDACTED]" in text
    assert llm_server.requests[0]["headers"]["authorization"] == "Bearer sk-test-key-123"
    assert "sk-test-key-123" not in result.schema.to_json()
    assert result.accepted[0].patch.rationale == "the key was [REDACTED]"
