"""Filters, sorting and field selection for `list`.

A filter that does not apply to the kind asked for is a misuse, not an empty
answer: `list committees --country KR` says so instead of printing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from citynet.model.dates import PartialDate
from citynet.errors import BadOption
from citynet.model.records import (
    AgreementKind,
    AgreementStatus,
    CommitteeStatus,
    Level,
    OrganisationKind,
)
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


APPLIES: dict[str, frozenset[str]] = {
    "country": frozenset({"cities", "agreements", "memberships"}),
    "kind": frozenset({"organisations", "agreements"}),
    "status": frozenset({"agreements", "committees"}),
    "level": frozenset({"cities"}),
    "capital": frozenset({"cities"}),
    "city": frozenset({"agreements", "memberships"}),
    "member": frozenset({"memberships"}),
    "organisation": frozenset({"memberships", "committees"}),
    "since": frozenset({"organisations", "agreements", "memberships"}),
    "until": frozenset({"organisations", "agreements", "memberships"}),
    "as_of": frozenset({"agreements", "memberships"}),
}
"""Which kinds each filter applies to."""

_CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("kind", "agreements"): AgreementKind,
    ("kind", "organisations"): OrganisationKind,
    ("status", "agreements"): AgreementStatus,
    ("status", "committees"): CommitteeStatus,
    ("level", "cities"): Level,
}

_START_END = {
    "agreements": ("signed", "ended"),
    "memberships": ("since", "until"),
    "organisations": ("founded", None),
}

DEFAULT_FIELDS: dict[str, list[str]] = {
    "cities": ["id", "names.en", "country", "level", "capital"],
    "organisations": ["id", "acronym", "names.en", "kind", "founded", "headquarters"],
    "memberships": ["id", "member", "organisation", "since", "until", "roles"],
    "agreements": ["id", "kind", "parties", "signed", "ended", "status"],
    "committees": ["id", "names.en", "organisation", "status", "sector"],
    "groupings": ["id", "names.en", "city"],
}


def parse_date(option: str, value: str | None) -> PartialDate | None:
    """A date given on the command line, or a BadOption naming the option."""
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise BadOption(f"{option}: {exc}") from None


def select(registry: Registry, folder: str, filters: Filters) -> list[Entry]:
    """The records of one kind that pass every filter, in id order."""
    for name in filters.given():
        if folder not in APPLIES[name]:
            option = "--" + name.replace("_", "-")
            kinds = ", ".join(sorted(APPLIES[name]))
            raise BadOption(f"{option} does not apply to {folder} (it applies to {kinds})")
        choices = _CHOICES.get((name, folder))
        if choices and getattr(filters, name) not in {c.value for c in choices}:
            allowed = ", ".join(c.value for c in choices)
            raise BadOption(f"--{name} {getattr(filters, name)!r} is not one of: {allowed}")
    return [e for e in registry.of_kind(folder) if _passes(registry, e, filters)]


def _country_of(registry: Registry, city_id: str) -> str | None:
    city = registry.get("cities", city_id)
    return city.raw.get("country") if city else None


def _date(raw: dict[str, Any], field: str | None) -> PartialDate | None:
    value = raw.get(field) if field else None
    return None if value is None else PartialDate.parse(value)


def _passes(registry: Registry, entry: Entry, f: Filters) -> bool:
    """Whether a record passes the filters, judged on its stored data.

    Only valid records are in the registry, so the stored data has the
    model's shape; reading it directly spares building a model per record.
    """
    raw = entry.raw
    folder = entry.kind.folder
    if f.country:
        wanted = f.country.upper()
        if folder == "cities":
            countries = {raw["country"]}
        elif folder == "agreements":
            countries = {_country_of(registry, p) for p in raw["parties"]}
        else:
            countries = {_country_of(registry, raw["member"])}
        if wanted not in countries:
            return False
    for name in ("kind", "status", "level"):
        wanted_value = getattr(f, name)
        if wanted_value is not None and raw.get(name) != wanted_value:
            return False
    if f.capital is not None and bool(raw.get("capital", False)) is not f.capital:
        return False
    if f.city:
        if folder == "agreements" and f.city not in raw["parties"]:
            return False
        if folder == "memberships" and raw["member"] != f.city:
            return False
    if f.member and raw.get("member") != f.member:
        return False
    if f.organisation and folder in ("memberships", "committees") \
            and raw.get("organisation") != f.organisation:
        return False
    start_field, end_field = _START_END.get(folder, (None, None))
    if not (f.since or f.until or f.as_of):
        return True
    start, end = _date(raw, start_field), _date(raw, end_field)
    if f.since or f.until:
        if start is None:
            return False
        if f.since and start.last_day() < f.since.first_day():
            return False
        if f.until and start.first_day() > f.until.last_day():
            return False
    return f.as_of is None or in_force(start, end, f.as_of)


def in_force(start: PartialDate | None, end: PartialDate | None, on: PartialDate) -> bool:
    """Whether something may have been in force on a date: begun by then, not yet ended.

    Unknown dates do not exclude: a membership with no `since` may well be in force.
    """
    if start is not None and start.first_day() > on.last_day():
        return False
    return end is None or end.last_day() >= on.first_day()


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


def check_fields(folder: str, field_paths: list[str], known: list[str]) -> None:
    """Refuse a field path whose first part the kind does not have."""
    for path in field_paths:
        head = path.split(".")[0]
        if head not in known:
            raise BadOption(
                f"--fields: {folder} have no field {head!r} (fields: {', '.join(known)})"
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
