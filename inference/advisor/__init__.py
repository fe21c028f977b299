"""The LLM advisor: proposals as checked patches, so refinement can only make the schema better.

::

    exchanges ──► collect_samples ──► Samples ─┐
    Schema (heuristic) ──► build_summary ──► TrafficSummary ──► SchemaAdvisor.suggest ──► [Patch]
                                               └──────────────► review: check each patch on the
                                                                samples, apply, validate ──► Refinement

The advisor is any object with ``suggest(schema, summary) -> list[Patch]`` (:class:`SchemaAdvisor`);
:class:`OpenAIAdvisor` is the one that talks to an OpenAI-compatible server. Everything except that
client is pure. :func:`refine` never raises for an advisor failure: the heuristic schema is kept and
``Refinement.error`` says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from inference.advisor.apply import Outcome, Refinement, apply_patch, review
from inference.advisor.check import Rejected, check_patch
from inference.advisor.client import AdvisorError, OpenAIAdvisor, Transcript, save_transcript
from inference.advisor.patches import PATCH_ADAPTER, Patch, Proposal, describe
from inference.advisor.samples import Samples, collect_samples
from inference.advisor.summary import TrafficSummary, build_messages, build_summary
from kernel.exchange import Exchange
from kernel.schema import Schema
from kernel.settings import Settings

__all__ = [
    "PATCH_ADAPTER", "AdvisorError", "OpenAIAdvisor", "Outcome", "Patch", "Proposal", "Refinement", "Rejected", "Samples",
    "SchemaAdvisor", "TrafficSummary", "advisor_from_settings", "apply_patch", "build_messages", "build_summary", "check_patch",
    "collect_samples", "describe", "refine", "refine_capture", "review", "save_transcript",
]


@runtime_checkable
class SchemaAdvisor(Protocol):
    """Proposes patches for a schema from a traffic summary; raises AdvisorError when it cannot."""

    def suggest(self, schema: Schema, summary: TrafficSummary) -> list[Patch]: ...


def refine(schema: Schema, samples: Samples, advisor: SchemaAdvisor, *, send_samples: bool = False,
           max_tokens: int = 12_000) -> Refinement:
    """Ask ``advisor`` for patches and keep those that hold on ``samples``."""
    summary = build_summary(schema, samples, send_samples=send_samples, max_tokens=max_tokens)
    model = getattr(advisor, "model", None)
    try:
        patches = advisor.suggest(schema, summary)
    except AdvisorError as exc:
        return Refinement(schema=schema, error=str(exc), model=model)
    return review(schema, patches, samples, model=model if isinstance(model, str) else None)


def advisor_from_settings(settings: Settings, transcript: Transcript | None = None) -> OpenAIAdvisor | None:
    """The configured OpenAI-compatible advisor, or None when no API key is set."""
    if not settings.openai_api_key:
        return None
    return OpenAIAdvisor(api_key=settings.openai_api_key, base_url=settings.openai_base_url,
                         model=settings.llm_model, timeout=settings.llm_timeout,
                         max_retries=settings.llm_max_retries, transcript=transcript)


def refine_capture(schema: Schema, exchanges: Iterable[Exchange], settings: Settings,
                   transcript: Transcript | None = None, advisor: SchemaAdvisor | None = None) -> Refinement:
    """Refine the heuristic schema of ``exchanges`` with the advisor the settings configure."""
    advisor = advisor or advisor_from_settings(settings, transcript)
    if advisor is None:
        return Refinement(schema=schema, error="no OPENAI_API_KEY is set (any value works for a local server)")
    samples = collect_samples(exchanges)
    return refine(schema, samples, advisor, send_samples=settings.llm_send_samples,
                  max_tokens=settings.llm_max_prompt_tokens)
