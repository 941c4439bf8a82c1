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


def schema_for(kind: Kind) -> dict[str, Any]:
    schema = kind.model.model_json_schema(mode="validation")
    return {
        "$schema": DRAFT,
        "$id": f"{kind.folder}.schema.json",
        "title": f"citynet {kind.name}",
        "description": (kind.model.__doc__ or "").strip().splitlines()[0],
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def file_name(kind: Kind) -> str:
    return f"{kind.folder}.schema.json"
