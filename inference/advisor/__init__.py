"""The LLM advisor: proposals as checked patches, so refinement can only make the schema better.

::

    exchanges ──► collect_samples ──► Samples ─┐
    Schema (heuristic) ──► build_summary ──► TrafficSummary ──► SchemaAdvisor.suggest ──► [Patch]
                                               └──────────────► review: check each patch on the
                                                                samples, apply, validate ──► Refinement

The advisor is any object with ``suggest(schema, summary) -> list[Patch]`` (:class:`SchemaAdvisor`);
the client that talks to an OpenAI-compatible server is an adapter outside inference
(``jobs.llm_client``), so everything here is pure. :func:`refine` never raises for an advisor failure: the heuristic schema is kept and
``Refinement.error`` says why.
"""

from __future__ import annotations

from inference.advisor.apply import Outcome, Refinement, SchemaCheck, apply_patch, review
from inference.advisor.check import Rejected, check_patch
from inference.advisor.patches import PATCH_ADAPTER, Patch, Proposal, describe
from inference.advisor.protocol import AdvisorError, SchemaAdvisor
from inference.advisor.samples import Samples, collect_samples
from inference.advisor.summary import TrafficSummary, build_messages, build_summary
from kernel.schema import Schema

__all__ = [
    "PATCH_ADAPTER", "AdvisorError", "Outcome", "Patch", "Proposal", "Refinement", "Rejected", "Samples",
    "SchemaAdvisor", "SchemaCheck", "TrafficSummary", "apply_patch", "build_messages", "build_summary", "check_patch",
    "collect_samples", "describe", "refine", "review",
]


def refine(schema: Schema, samples: Samples, advisor: SchemaAdvisor, *, check: SchemaCheck,
           send_samples: bool = False, max_tokens: int = 12_000) -> Refinement:
    """Ask ``advisor`` for patches and keep those that hold on ``samples``."""
    summary = build_summary(schema, samples, send_samples=send_samples, max_tokens=max_tokens)
    model = getattr(advisor, "model", None)
    try:
        patches = advisor.suggest(schema, summary)
    except AdvisorError as exc:
        return Refinement(schema=schema, error=str(exc), model=model)
    return review(schema, patches, samples, model=model if isinstance(model, str) else None, check=check)
