"""What reaches the model: never a secret, sample values only when allowed, within the budget."""

from __future__ import annotations

import pytest

from inference import infer_schema
from inference.advisor import Samples, build_summary, collect_samples, refine
from inference.advisor.summary import looks_personal, safe_template
from jobs.llm_client import OpenAIAdvisor
from kernel.schema import Schema
from sql.validate import schema_errors
from tests.factories import make_exchange
from tests.inference.advisor.conftest import SAMPLE_VALUES, SECRETS
from tests.llm_server import LLMServer


@pytest.mark.parametrize("send_samples", [False, True])
def test_no_secret_reaches_the_server(llm_server: LLMServer, blog: tuple[Schema, Samples], send_samples: bool) -> None:
    advisor = OpenAIAdvisor(api_key="sk-test", base_url=llm_server.url, model="m", timeout=5, max_retries=0)
    result = refine(blog[0], blog[1], advisor, send_samples=send_samples, check=schema_errors)
    assert result.error is None
    prompts = llm_server.prompts()
    assert "posts" in prompts and "GET /api/comments" in prompts
    for secret in SECRETS:
        assert secret not in prompts, secret
    assert "sekrit" not in str(llm_server.requests[0]["body"])
    for value in SAMPLE_VALUES:
        assert (value in prompts) is send_samples, value
    assert ('"examples"' in prompts) is send_samples


def test_enumerations_are_sample_values_too() -> None:
    rows = [{"id": i, "status": ["open", "closed"][i % 2]} for i in range(20)]
    exchanges = [make_exchange("http://127.0.0.1:8081/api/tickets", rows)]
    schema, samples = infer_schema(exchanges), collect_samples(exchanges)
    assert schema.tables[0].column("status").enum == ["closed", "open"]  # type: ignore[union-attr]
    hidden = build_summary(schema, samples, send_samples=False).to_prompt_json()
    shown = build_summary(schema, samples, send_samples=True).to_prompt_json()
    assert '"enum_values":2' in hidden and "closed" not in hidden
    assert '"enum":["closed","open"]' in shown


@pytest.mark.parametrize("column, value, personal", [
    ("title", "On ferns", False),
    ("status", "shipped", False),
    ("count", 12, False),
    ("email", "x", True),
    ("first_name", "Ada", True),
    ("notes", "ada@example.com", True),
    ("ref", "+44 20 7946 0958", True),
    ("ref", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", True),
    ("ref", "sk-proj-abcdefghijkl", True),
    ("ref", "[REDACTED:str:16-64]", True),
    ("ref", "https://x.example/a?token=1", True),
    ("ref", "4111 1111 1111 1111", True),
    ("ref", "10.0.0.1", True),
    ("card_number", 4111111111111111, True),
    ("api_key", "abc", True),
])
def test_personal_or_secret_values_are_recognised(column: str, value: object, personal: bool) -> None:
    assert looks_personal(column, value) is personal


def test_endpoint_segments_that_look_like_values_are_masked() -> None:
    assert safe_template("GET /users/ada@example.com/posts?token=x") == "GET /users/{value}/posts"
    assert safe_template("GET /api/v2/posts/{id}") == "GET /api/v2/posts/{id}"


def test_large_capture_fits_the_token_budget() -> None:
    exchanges = []
    for t in range(16):
        rows = [{"id": i, **{f"field_{c}": f"value {c} {i}" for c in range(50)}} for i in range(6)]
        exchanges.append(make_exchange(f"http://127.0.0.1:8081/api/things{t}", rows))
        exchanges += [make_exchange(f"http://127.0.0.1:8081/api/things{t}/{i}/extra{t}", rows[0]) for i in range(3)]
    schema, samples = infer_schema(exchanges), collect_samples(exchanges)
    full = build_summary(schema, samples, send_samples=True, max_tokens=10**7)
    assert full.tokens() > 12_000 and not full.notes
    for budget in (12_000, 6_000, 1_500):
        summary = build_summary(schema, samples, send_samples=True, max_tokens=budget)
        assert summary.tokens() <= budget, (budget, summary.notes)
        assert summary.notes
        assert not summary.samples_included
    tight = build_summary(schema, samples, max_tokens=1_500)
    assert any("tables left out" in note for note in tight.notes)
