"""The inference pipeline: exchanges in, a :class:`kernel.schema.Schema` out (see :mod:`inference`)."""

from __future__ import annotations

from collections.abc import Iterable

from inference.aliases import key_aliases
from inference.answer_meta import drop_answer_metadata
from inference.big_integers import read_big_integers
from inference.build import build_schema
from inference.catalogs import drop_field_catalogs
from inference.copied_columns import drop_copied_names
from inference.embedded_reads import split_reads
from inference.empty_relations import empty_relations
from inference.entities import Collector
from inference.flattened_copies import drop_flattened_copies
from inference.own_copies import drop_own_key_copies
from inference.parent_split import split_by_parent
from inference.relations import resolve
from inference.rewrites import drop_rewrites
from inference.route_split import split_by_route
from inference.shared_children import share_children
from inference.status_envelope import drop_listed_keys
from inference.tagged_refs import tagged_refs
from inference.twin_keys import drop_twin_keys
from kernel.errors import InferenceError
from kernel.exchange import Exchange
from kernel.schema import Schema


def infer_schema(exchanges: Iterable[Exchange], name: str = "schema", *, answers_redacted: bool = True) -> Schema:
    """Infer tables, columns, types, keys and relations from captured API traffic.

    The exchanges are consumed as a stream and memory stays bounded however many there are
    (see :mod:`inference.drafts`); below the sampling caps the result is exact.
    ``answers_redacted=False``: the parsed response bodies arrive unredacted and inference redacts
    them itself before it keeps anything of them (see :mod:`inference.raw_answers`).
    Raises InferenceError when no exchange carries a JSON API response to learn from.
    """
    collector = Collector(answers_redacted)
    collector.observe_all(split_reads(exchanges))
    count = collector.exchanges
    if not any(d.rows for d in collector.drafts.values()):
        raise InferenceError(
            f"no JSON API responses found in the capture ({count} exchanges; "
            "static files, HTML, errors and third-party requests are ignored)",
            exchanges=count,
        )
    for draft in collector.drafts.values():
        drop_listed_keys(draft)
        drop_answer_metadata(draft)
        drop_twin_keys(draft)
    read_big_integers(collector.drafts.values())
    split_by_parent(collector)
    split_by_route(collector)
    drop_field_catalogs(collector.drafts)
    resolve(collector)
    tagged_refs(collector.drafts)
    share_children(collector.drafts)
    for draft in collector.drafts.values():
        drop_own_key_copies(draft)
    drop_copied_names(collector.drafts)
    drop_flattened_copies(collector.drafts)
    empty_relations(collector)
    drop_rewrites(collector.drafts)
    key_aliases(collector.drafts)
    schema = build_schema(list(collector.drafts.values()), name)
    if not schema.tables:
        raise InferenceError(
            f"no JSON API responses found in the capture ({count} exchanges held no records)",
            exchanges=count,
        )
    return schema
