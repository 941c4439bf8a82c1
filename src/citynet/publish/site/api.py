"""The site's JSON API: a file per record, an index per kind, and their OpenAPI description.

Records are as `citynet export --format json` writes them. The description's
schemas are the kinds' own JSON Schemas (`citynet schema`), so a record file
validates against the schema its path names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from citynet.model.kinds import KINDS
from citynet.model.schema import schema_for
from citynet.query.rows import records
from citynet.store.registry import Registry

OPENAPI_VERSION = "3.1.0"


def api_files(registry: Registry, base_url: str = "") -> Iterator[tuple[str, Any]]:
    """(relative path under api/, JSON-ready data), the description included: one kind at a
    time, so a large registry's records are never all held as JSON at once."""
    for folder in KINDS:
        items = records(registry.of_kind(folder))
        yield f"{folder}/index.json", [item["id"] for item in items]
        for item in items:
            yield f"{folder}/{item['id']}.json", item
    yield "openapi.json", openapi(base_url)


def _component(folder: str) -> dict[str, Any]:
    """A kind's schema as an OpenAPI component: its `$defs` referred to from where it now is."""
    schema = {k: v for k, v in schema_for(KINDS[folder]).items() if k not in ("$schema", "$id")}
    moved: dict[str, Any] = _moved(schema, f"#/components/schemas/{folder}/$defs/")
    return moved


def _moved(value: Any, prefix: str) -> Any:
    """`value` with every `$ref` to `#/$defs/…` pointing under `prefix` instead."""
    if isinstance(value, dict):
        return {key: (prefix + item.removeprefix("#/$defs/")
                      if key == "$ref" and isinstance(item, str) and item.startswith("#/$defs/")
                      else _moved(item, prefix)) for key, item in value.items()}
    if isinstance(value, list):
        return [_moved(item, prefix) for item in value]
    return value


def openapi(base_url: str = "") -> dict[str, Any]:
    """The description of the API. Its server is where the files are: `api/` under
    `base_url`, or, without one, the folder of the description itself (`.`, which OpenAPI
    resolves against the description's own address), so every path resolves to a file."""
    from citynet import __version__

    paths: dict[str, Any] = {}
    for folder, kind in KINDS.items():
        paths[f"/{folder}/index.json"] = {"get": {
            "summary": f"The id of every {kind.name}",
            "responses": {"200": {"description": "ids", "content": {"application/json": {
                "schema": {"type": "array", "items": {"type": "string"}}}}}}}}
        paths[f"/{folder}/{{id}}.json"] = {"get": {
            "summary": f"One {kind.name}",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": kind.name, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{folder}"}}}}}}}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "citynet registry", "version": __version__,
                 "description": "Every record of the registry, one JSON file each."},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": f"{base_url}api" if base_url else "."}],
        "paths": paths,
        "components": {"schemas": {folder: _component(folder) for folder in KINDS}},
    }
