"""Schema inference: captured exchanges in, a relational :class:`kernel.schema.Schema` out.

Pure functions only: no disk, network, database or clock. The stages are

``endpoints`` (noise filter, route templates) -> ``records`` (envelope unwrapping) ->
``entities`` (which table each record belongs to, flattening) -> ``keys`` (primary keys, merging
list and detail views) -> ``relations`` (embedded references, child, association and join tables,
foreign keys) -> ``build`` (types, nullability, enumerations and evidence).
"""

from __future__ import annotations

from inference.endpoints import endpoint_template, is_api_exchange
from inference.pipeline import infer_schema

__all__ = ["endpoint_template", "infer_schema", "is_api_exchange"]
