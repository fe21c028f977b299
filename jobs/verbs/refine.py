"""Refine: let the configured LLM advisor propose patches and keep those the samples confirm.

The advisor is ``jobs.llm_client.OpenAIAdvisor`` (the adapter that talks to the network) unless
the caller passes another :class:`~inference.advisor.SchemaAdvisor`. A failing advisor never fails
the verb: the heuristic schema stands and ``Refinement.error`` says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from inference.advisor import Outcome, Refinement, Samples, SchemaAdvisor, collect_samples, refine, review
from jobs.llm_client import OpenAIAdvisor, Transcript, save_transcript
from kernel.exchange import Exchange, read_exchanges
from kernel.schema import Schema
from kernel.settings import Settings
from sql.validate import schema_errors

__all__ = [
    "Outcome", "Refinement", "Samples", "SamplesLoader", "SchemaAdvisor", "advisor_from_settings", "propose",
    "recheck", "refine_capture", "save_transcript", "traffic_samples",
]

SamplesLoader = Callable[[], Samples | None]
NO_KEY = "no OPENAI_API_KEY is set (any value works for a local server)"


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
        return Refinement(schema=schema, error=NO_KEY)
    samples = collect_samples(exchanges)
    return refine(schema, samples, advisor, check=schema_errors, send_samples=settings.llm_send_samples,
                  max_tokens=settings.llm_max_prompt_tokens)


def traffic_samples(path: str | Path | None) -> SamplesLoader:
    """A loader of the samples of a job's traffic file, read once on first use."""
    cache: dict[str, Samples | None] = {}

    def load() -> Samples | None:
        if "samples" not in cache:
            cache["samples"] = collect_samples(read_exchanges(path)) if path and Path(path).exists() else None
        return cache["samples"]

    return load


def propose(advisor: SchemaAdvisor, schema: Schema, load_samples: SamplesLoader,
            settings: Settings) -> tuple[Refinement, Samples]:
    """Ask the advisor and check its answer on the samples (blocking: run it off the event loop)."""
    samples = (load_samples() or Samples()).aligned(schema)
    result = refine(schema, samples, advisor, check=schema_errors, send_samples=settings.llm_send_samples,
                    max_tokens=settings.llm_max_prompt_tokens)
    return result, samples


def recheck(schema: Schema, outcomes: list[Outcome], samples: Samples, model: str | None) -> Refinement:
    """Check chosen patches again against ``schema`` as it is now, and apply those that still hold."""
    return review(schema, [o.patch for o in outcomes], samples.aligned(schema), model=model,
                  check=schema_errors)
