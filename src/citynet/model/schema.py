"""JSON Schema (draft 2020-12) of every kind, generated from the pydantic models.

One source of truth: editors (through a `yaml-language-server` modeline),
check-jsonschema and other tools read the same rules `validate` applies to a
single file. Cross-record rules (references, duplicates, dates in order) are
beyond a schema; `citynet validate` checks those.
"""

from __future__ import annotations

from typing import Any

from citynet.model.kinds import Kind

DRAFT = "https://json-schema.org/draft/2020-12/schema"


_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
"""pydantic writes a bound on a union (`lat: float | int` with `ge=-90`) under its own name,
which no JSON Schema validator reads: these are the names JSON Schema gives them."""


def _standard(value: Any) -> Any:
    """`value` with pydantic's own bound keywords turned into JSON Schema's."""
    if isinstance(value, dict):
        return {_BOUNDS.get(key, key) if key in _BOUNDS and isinstance(item, int | float)
                else key: _standard(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_standard(item) for item in value]
    return value


def schema_for(kind: Kind) -> dict[str, Any]:
    schema = _standard(kind.model.model_json_schema(mode="validation"))
    return {
        "$schema": DRAFT,
        "$id": f"{kind.folder}.schema.json",
        "title": f"citynet {kind.name}",
        "description": (kind.model.__doc__ or "").strip().splitlines()[0],
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def file_name(kind: Kind) -> str:
    return f"{kind.folder}.schema.json"
