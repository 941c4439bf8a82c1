"""Rows: records as plain dicts, built once for `list`, `show` and `export` alike.

A row holds values as stored (dates as text, lists and mappings as they are);
the writers in `citynet.publish.formats` turn the same rows into a table,
JSON, CSV, YAML or Markdown.
"""

from __future__ import annotations

import json
from typing import Any

from citynet.errors import BadOption
from citynet.model.kinds import Kind
from citynet.store.registry import Entry


def records(entries: list[Entry]) -> list[dict[str, Any]]:
    """Each entry as stored, its id first."""
    return [entry.as_stored() for entry in entries]


def value_at(record: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (`names.en`, `parties.0`), or None."""
    value: Any = record
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def project(records: list[dict[str, Any]], field_paths: list[str] | None) -> list[dict[str, Any]]:
    """The records as they are, or only the chosen fields, keyed by their paths."""
    if field_paths is None:
        return records
    return [{path: value_at(record, path) for path in field_paths} for record in records]


def check_fields(kind: Kind, field_paths: list[str]) -> None:
    """Refuse a field path whose first part the kind does not have."""
    known = kind.field_names
    for path in field_paths:
        head = path.split(".")[0]
        if head not in known:
            raise BadOption(
                f"--fields: {kind.folder} have no field {head!r} (fields: {', '.join(known)})"
            )


def sort_rows(records: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Sort by a dotted field; `-field` sorts descending; records without it go last.

    Numbers sort as numbers when every value is one; otherwise values sort as
    text, which also orders partial dates (`1968` < `2017-03`) correctly.
    """
    descending = key.startswith("-")
    path = key.lstrip("-")
    present = [(value_at(r, path), r) for r in records]
    missing = [r for value, r in present if value is None]
    present = [(value, r) for value, r in present if value is not None]
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v, _ in present)

    def sort_key(item: tuple[Any, dict[str, Any]]) -> Any:
        value = item[0]
        return float(value) if numeric else str(value).casefold()

    return [r for _, r in sorted(present, key=sort_key, reverse=descending)] + missing


def list_rows(kind: Kind, stored: list[dict[str, Any]], field_paths: list[str] | None,
              whole: bool) -> tuple[list[dict[str, Any]], list[str] | None]:
    """Rows and columns for `list`: whole records (JSON, YAML) or the kind's columns."""
    if whole:
        return project(stored, field_paths), field_paths
    columns = field_paths or list(kind.columns)
    return project(stored, columns), columns


def export_row(kind: Kind, record: dict[str, Any]) -> list[Any]:
    """One record's flat export row, in the order of the kind's export columns."""
    return [flat(value_at(record, column.source)) for column in kind.export]


def flat(value: Any) -> Any:
    """A value for one flat cell: structures as compact JSON, dates as text."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value if value is None or isinstance(value, bool | int | float) else str(value)
