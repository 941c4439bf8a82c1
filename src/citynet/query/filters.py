"""Filters for `list`, each read from the kind's declaration.

A filter that does not apply to the kind asked for is a misuse, not an empty
answer: `list committees --country KR` says so instead of printing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from citynet.errors import BadOption
from citynet.model.dates import PartialDate
from citynet.model.kinds import KINDS, Filter, Kind, values_at
from citynet.model.records import in_force
from citynet.store.registry import Entry, Registry


@dataclass
class Filters:
    country: str | None = None
    kind: str | None = None
    status: str | None = None
    level: str | None = None
    capital: bool | None = None
    city: str | None = None
    member: str | None = None
    organisation: str | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    as_of: PartialDate | None = None

    def given(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


def applies(kind: Kind, name: str) -> bool:
    """Whether the filter `name` applies to a kind, as its declaration says."""
    if name in ("since", "until"):
        return kind.start_field is not None
    if name == "as_of":
        return kind.end_field is not None
    return kind.filter(name) is not None


def kinds_filtered_by(name: str) -> list[Kind]:
    return [kind for kind in KINDS.values() if applies(kind, name)]


def parse_date(option: str, value: str | None) -> PartialDate | None:
    """A date given on the command line, or a BadOption naming the option."""
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise BadOption(f"{option}: {exc}") from None


def select(registry: Registry, kind: Kind, filters: Filters) -> list[Entry]:
    """The records of one kind that pass every filter, in id order."""
    for name in filters.given():
        if not applies(kind, name):
            option = "--" + name.replace("_", "-")
            kinds = ", ".join(sorted(k.folder for k in kinds_filtered_by(name)))
            raise BadOption(f"{option} does not apply to {kind.folder} (it applies to {kinds})")
        spec = kind.filter(name)
        choices = kind.choices(spec.path) if spec and spec.through is None else None
        if choices and getattr(filters, name) not in {c.value for c in choices}:
            allowed = ", ".join(c.value for c in choices)
            raise BadOption(f"--{name} {getattr(filters, name)!r} is not one of: {allowed}")
    return [e for e in registry.of_kind(kind.folder) if _passes(registry, e, filters)]


def needed_kinds(kind: Kind, filters: Filters) -> set[str]:
    """The folders to read for these filters: the kind, and those a filter looks through."""
    needed = {kind.folder}
    for name in filters.given():
        spec = kind.filter(name)
        if spec is not None and spec.through is not None:
            needed.add(kind.target(spec.path) or kind.folder)
    return needed


def _date(raw: dict[str, Any], field: str | None) -> PartialDate | None:
    value = raw.get(field) if field else None
    return None if value is None else PartialDate.parse(value)


def _values(registry: Registry, kind: Kind, raw: dict[str, Any], spec: Filter) -> list[Any]:
    values = values_at(raw, spec.path)
    if spec.through is not None:
        target = kind.target(spec.path) or kind.folder
        entries = [registry.get(target, value) for value in values]
        values = [e.raw.get(spec.through) if e else None for e in entries]
    field = kind.model.model_fields.get(spec.path)
    if not values and field is not None and isinstance(field.default, bool):
        values = [field.default]  # a flag left out has its default: no `capital` is false
    return values


def _passes(registry: Registry, entry: Entry, f: Filters) -> bool:
    """Whether a record passes the filters, judged on its stored data.

    Only valid records are in the registry, so the stored data has the
    model's shape; reading it directly spares building a model per record.
    """
    raw = entry.raw
    kind = entry.kind
    for name in f.given():
        spec = kind.filter(name)
        if spec is None:
            continue
        wanted = getattr(f, name)
        if spec.upper:
            wanted = wanted.upper()
        if wanted not in _values(registry, kind, raw, spec):
            return False
    if not (f.since or f.until or f.as_of):
        return True
    start, end = _date(raw, kind.start_field), _date(raw, kind.end_field)
    if f.since or f.until:
        if start is None:
            return False
        if f.since and start.last_day() < f.since.first_day():
            return False
        if f.until and start.first_day() > f.until.last_day():
            return False
    return f.as_of is None or in_force(start, end, f.as_of)
