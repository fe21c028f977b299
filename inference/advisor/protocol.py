"""The advisor's seam: what an advisor is, and the one error it may raise.

The client that talks to a server lives outside inference (``jobs.llm_client``); inference only
knows this Protocol, so refinement stays pure and is tested with any object that has ``suggest``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kernel.errors import InferenceError

if TYPE_CHECKING:
    from inference.advisor.patches import Patch
    from inference.advisor.summary import TrafficSummary
    from kernel.schema import Schema


class AdvisorError(InferenceError):
    """The advisor gave no usable answer; the heuristic schema stands."""


@runtime_checkable
class SchemaAdvisor(Protocol):
    """Proposes patches for a schema from a traffic summary; raises AdvisorError when it cannot."""

    def suggest(self, schema: Schema, summary: TrafficSummary) -> list[Patch]: ...
