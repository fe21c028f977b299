"""Schema inference: captured exchanges in, a relational :class:`kernel.schema.Schema` out.

Pure functions only: no disk, network, database or clock. The stages are

``endpoints`` (noise filter, route templates) -> ``records`` (envelope unwrapping) ->
``entities`` (which table each record belongs to, flattening) -> ``keys`` (primary keys, merging
list and detail views) -> ``relations`` (embedded references, child, association and join tables,
foreign keys) -> ``build`` (types, nullability, enumerations and evidence).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inference.endpoints import endpoint_template, is_api_exchange
    from inference.pipeline import infer_schema

__all__ = ["endpoint_template", "infer_schema", "is_api_exchange"]

_HOMES = {"infer_schema": "inference.pipeline", "endpoint_template": "inference.endpoints",
          "is_api_exchange": "inference.endpoints"}


def __getattr__(name: str) -> Any:
    """The package's names, loaded on first use: the reading side of ``infer`` imports its
    stages (``inference.digest``, ``inference.endpoints``) without the schema model."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
