"""The API's OpenAPI description: openapi.yml with the facet registry filled in.

The JSON API serves it and checks requests against it; the pathway pages check
their parameters against it too, so it lives apart from both blueprints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kb import facets

OPENAPI_FILE = Path(__file__).with_name("openapi.yml")


def openapi_spec() -> dict[str, Any]:
    """openapi.yml with the facets of ``kb.facets`` filled in: the search
    parameters, the names of the response's facet counts and each document's
    facet fields. openapi.yml names no facet itself. Made once per registry,
    so a facet added at run time (in tests) shows too."""
    global _made
    registry = facets.FACETS
    if _made is None or _made[0] is not registry:
        _made = (registry, _spec_for(registry))
    return _made[1]


_made: tuple[tuple[facets.Facet, ...], dict[str, Any]] | None = None


def _spec_for(registry: tuple[facets.Facet, ...]) -> dict[str, Any]:
    spec = yaml.safe_load(OPENAPI_FILE.read_text("utf-8"))
    search = spec["paths"]["/api/search"]["get"]
    search["parameters"][1:1] = [_facet_parameter(f) for f in registry]
    schemas = spec["components"]["schemas"]
    schemas["SearchResponse"]["properties"]["facets"]["propertyNames"] = {
        "enum": [f.name for f in registry]}
    summary = schemas["DocumentSummary"]
    summary["properties"].update({f.key: _facet_field(f) for f in registry})
    summary["required"] += [f.key for f in registry]
    return spec


def _values(facet: facets.Facet) -> dict[str, Any]:
    items: dict[str, Any] = {"type": "string"}
    if facet.fixed:
        items["enum"] = list(facet.fixed)
    return items


def _facet_parameter(facet: facets.Facet) -> dict[str, Any]:
    if facet.scoped:
        return {"name": facet.name, "in": "query", "schema": {
            "type": "string", "minLength": 1},
            "description": f"{facet.label}: one id from /api/areas. Adds that area's "
                           "local documents to the results; without it, none are "
                           "found. An unknown area is refused with 404."}
    return {"name": facet.name, "in": "query", "style": "form", "explode": True,
            "description": f"{facet.label}; repeat for more than one.",
            "schema": {"type": "array", "items": _values(facet)}}


def _facet_field(facet: facets.Facet) -> dict[str, Any]:
    described = {"description": facet.label}
    if facet.multi:
        return {"type": "array", "items": _values(facet), **described}
    return {**_values(facet), **described}


def search_operation() -> dict[str, Any]:
    """``GET /api/search`` as the OpenAPI description gives it."""
    return operation("/api/search")


def operation(path: str) -> dict[str, Any]:
    """``GET path`` as the OpenAPI description gives it."""
    return openapi_spec()["paths"][path]["get"]
