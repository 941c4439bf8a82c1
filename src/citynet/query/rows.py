"""Rows: records as plain dicts, built once for `list`, `show` and `export` alike.

A row holds values as stored (dates as text, lists and mappings as they are);
the writers in `citynet.publish.formats` turn the same rows into every format.
"""

from __future__ import annotations

from typing import Any

from citynet.errors import BadOption, did_you_mean
from citynet.model.kinds import KINDS, Kind, item_index
from citynet.store.registry import Entry, Registry


def records(entries: list[Entry]) -> list[dict[str, Any]]:
    """Each entry as stored, its id first."""
    return [entry.as_stored() for entry in entries]


def value_at(record: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (`names.en`, `parties.0`), or None."""
    value: Any = record
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and (index := item_index(part, len(value))) is not None:
            value = value[index]
        else:
            return None
    return value


PARTNER = "partner"
"""A field of a kind with `parties`: the other party to `--city`, or both parties."""


def _reach(kind: Kind, path: str) -> tuple[str, str, str] | None:
    """(reference, target folder, rest) for a path reaching through a reference.

    `member.capital` reads `capital` of the city `member` names; `partner.country`
    the country of an agreement's partner. None for a path of the record itself.
    """
    parts = path.split(".")
    if parts[0] == PARTNER and kind.target("parties.*"):
        return PARTNER, kind.target("parties.*") or "", ".".join(parts[1:])
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        target = kind.target(prefix)
        if target is not None:
            return prefix, target, ".".join(parts[end:])
    return None


class Reader:
    """Reads dotted fields of a kind's records, reaching through references.

    `cities` are the ids `--city` asked about: an agreement's partner is its
    other party; without them (or when both parties were asked about), both.
    """

    def __init__(self, kind: Kind, registry: Registry | None = None,
                 cities: tuple[str, ...] | None = None) -> None:
        self.kind, self.registry, self.cities = kind, registry, set(cities or ())

    def value(self, record: dict[str, Any], path: str) -> Any:
        derive = self.kind.derive(path)
        if derive is not None and path not in record:  # `ended`, `status`: from the lifecycle
            return derive(record)
        reach = _reach(self.kind, path)
        if reach is None or self.registry is None:
            return value_at(record, path)
        prefix, folder, rest = reach
        if prefix == PARTNER:
            parties = record.get("parties") or []
            ids: Any = [p for p in parties if p not in self.cities] or parties
        else:
            ids = value_at(record, prefix)
        if not rest:
            return ids[0] if isinstance(ids, list) and len(ids) == 1 else ids
        found = [self._of(folder, i, rest) for i in (ids if isinstance(ids, list) else [ids])]
        return found[0] if len(found) == 1 else found

    def _of(self, folder: str, record_id: Any, rest: str) -> Any:
        registry = self.registry
        entry = registry.get(folder, record_id) if registry and isinstance(record_id, str) \
            else None
        if entry is None:
            return None
        if rest == "id":
            return entry.id
        value = value_at(entry.raw, rest)
        field = KINDS[folder].model.model_fields.get(rest)
        if value is None and field is not None and isinstance(field.default, bool):
            return field.default  # a flag left out: `capital` false
        return value


def project(records: list[dict[str, Any]], field_paths: list[str] | None,
            reader: Reader | None = None) -> list[dict[str, Any]]:
    """The records as they are, or only the chosen fields, keyed by their paths."""
    if field_paths is None:
        return records
    if reader is None:
        return [{path: value_at(record, path) for path in field_paths} for record in records]
    return [{path: reader.value(record, path) for path in field_paths} for record in records]


def needed_kinds(kind: Kind, field_paths: list[str]) -> set[str]:
    """The folders to read for these fields: those a path reaches through."""
    return {reach[1] for path in field_paths if (reach := _reach(kind, path.lstrip("-")))}


def check_fields(kind: Kind, field_paths: list[str], option: str = "--fields") -> None:
    """Refuse (BadOption, with the nearest field) a list naming no field, and a field path
    the kind (or the kind it reaches) does not have, or with an empty part (`names.`)."""
    if not field_paths:
        example = ",".join(kind.columns[:2]) if option == "--fields" else \
            f"{kind.columns[1]} (or -{kind.columns[1]}, reversed)"
        raise BadOption(f"{option} names no field: give {'some' if option == '--fields' else 'one'}"
                        f", such as {option} {example} (fields: {', '.join(kind.field_names)})")
    for path in field_paths:
        _check_path(kind, path, option)


def _check_path(kind: Kind, path: str, option: str) -> None:
    from citynet.model.paths import path_problem

    parts = path.split(".")
    if "" in parts:
        prefix = ".".join(parts[:parts.index("")])
        raise BadOption(f"{option}: {path!r} names no field{_after(kind, prefix)}")
    plain = ".".join(part for part in parts if not part.isdigit())  # parties.0: an item
    reach = _reach(kind, plain)
    if reach is not None and reach[2]:
        target = KINDS[reach[1]]
        head = reach[2].split(".")[0]
        if head not in target.field_names:
            raise BadOption(f"{option}: {reach[0]} is a {target.name}, and {target.folder} "
                            f"have no field {head!r} (fields: {', '.join(target.field_names)})"
                            f"{did_you_mean(head, target.field_names)}")
        problem = path_problem(target.model, reach[2])
        if problem:
            raise BadOption(f"{option}: {path!r}: in the {target.name} {reach[0]} names, "
                            f"{problem}")
        return
    derived = [name for name, _ in kind.derived if name not in kind.field_names]
    known = kind.field_names + derived + ([PARTNER] if kind.target("parties.*") else [])
    head = parts[0]
    if head not in known:
        raise BadOption(
            f"{option}: {kind.folder} have no field {head!r} (fields: {', '.join(known)})"
            f"{did_you_mean(head, known)}"
        )
    problem = None if head == PARTNER or head in derived else path_problem(kind.model, plain)
    if problem:
        raise BadOption(f"{option}: {path!r}: {problem}")


def _after(kind: Kind, prefix: str) -> str:
    """The hint for a path cut short: `; name a part after names., such as names.en`."""
    from citynet.model.paths import parts_after

    if not prefix:
        return f"; name one of {', '.join(kind.field_names)}"
    columns = [c for c in kind.columns if c.startswith(prefix + ".")]
    after = parts_after(kind.model, prefix)
    examples = columns or [f"{prefix}.{part}" for part in after or ()][:3]
    if examples:
        return f"; name a part after {prefix}., such as {' or '.join(examples[:3])}"
    if after is None:
        return f"; name a key after {prefix}."
    return f"; {prefix} has no parts"


def sort_rows(records: list[dict[str, Any]], key: str,
              reader: Reader | None = None) -> list[dict[str, Any]]:
    """Sort by a dotted field; `-field` sorts descending; records without it go last.

    Numbers sort as numbers when every value is one; otherwise values sort as
    text, which also orders partial dates (`1968` < `2017-03`) correctly. Text
    sorts by the Unicode collation algorithm (pyuca), so `Ámsterdam` falls
    among the A's whatever the language of `names.es`.
    """
    descending = key.startswith("-")
    path = key.lstrip("-")
    read = reader.value if reader is not None else value_at
    present = [(read(r, path), r) for r in records]
    missing = [r for value, r in present if value is None]
    present = [(value, r) for value, r in present if value is not None]
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v, _ in present)
    if numeric:
        ordered = sorted(present, key=lambda item: float(item[0]), reverse=descending)
    else:
        collate = _collation_key()
        ordered = sorted(present, key=lambda item: collate(str(item[0])), reverse=descending)
    return [r for _, r in ordered] + missing


def _collation_key() -> Any:
    """The UCA sort key: letters first, then accents, then case (ties by the text itself)."""
    import pyuca

    collator = pyuca.Collator()
    return lambda text: (collator.sort_key(text.casefold()), text)


def list_rows(kind: Kind, stored: list[dict[str, Any]], field_paths: list[str] | None,
              whole: bool, reader: Reader | None = None
              ) -> tuple[list[dict[str, Any]], list[str] | None]:
    """Rows and columns for `list`: whole records (JSON, YAML) or the kind's columns."""
    if whole:
        return project(stored, field_paths, reader), field_paths
    columns = field_paths or list(kind.columns)
    return project(stored, columns, reader), columns
