"""A record and everything tied to it, as plain data, for `show`.

A city brings its agreements (with each partner's name and state), memberships,
events and cooperation projects (those it provides and those it receives), and the
cities it succeeded and that succeeded it; an organisation its members,
committees, partners, events (its timeline, by date) and the projects it takes
part in; an agreement, membership, committee or project the records it names,
and an agreement's or a membership's lifecycle, step by step, with the state each
step left it in. A record named that the registry does not hold is
marked `"missing": true`, and said as an Omission.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from citynet.errors import AmbiguousRecord, UnknownRecord, did_you_mean
from citynet.model.kinds import (
    AGREEMENTS,
    CITIES,
    COMMITTEES,
    EVENTS,
    KINDS,
    MEMBERSHIPS,
    ORGANISATIONS,
    PROJECTS,
    Kind,
    kind_by_name,
)
from citynet.model.projects import Project
from citynet.model.records import Agreement, City, Committee, Membership, Organisation, Side
from citynet.model.timeline import Event
from citynet.query.omissions import Omission, absent, broken_references, unpublished_naming
from citynet.store.registry import Entry, Registry


def find_entry(registry: Registry, record_id: str, kind: str | None = None) -> Entry:
    """The one record with this id (in `kind`, if given)."""
    if kind is not None:
        found = kind_by_name(kind)
        entry = registry.get(found.folder, record_id)
        if entry is None:
            raise UnknownRecord(absent(registry, found, record_id))
        return entry
    matches = registry.find(record_id)
    if not matches:
        invalid = [k for folder, k in KINDS.items() if record_id in registry.known[folder]]
        if len(invalid) == 1:
            raise UnknownRecord(absent(registry, invalid[0], record_id))
        every = (i for ids in registry.known.values() for i in ids)
        raise UnknownRecord(f"no record has the id {record_id!r}{did_you_mean(record_id, every)}")
    if len(matches) > 1:
        kinds = ", ".join(e.kind.name for e in matches)
        raise AmbiguousRecord(f"{record_id!r} is the id of a {kinds}: add --kind to choose")
    return matches[0]


def _city_ref(registry: Registry, city_id: str) -> dict[str, Any]:
    entry = registry.get(CITIES.folder, city_id)
    country = entry.model.country if entry and isinstance(entry.model, City) else None
    return {"id": city_id, "name": registry.name(CITIES.folder, city_id), "country": country,
            **({} if entry else {"missing": True})}


def _org_ref(registry: Registry, org_id: str) -> dict[str, Any]:
    entry = registry.get(ORGANISATIONS.folder, org_id)
    acronym = entry.model.acronym if entry and isinstance(entry.model, Organisation) else None
    return {"id": org_id, "name": registry.name(ORGANISATIONS.folder, org_id), "acronym": acronym,
            **({} if entry else {"missing": True})}


def _dates(model: Any, *names: str) -> dict[str, str | None]:
    return {n: (str(v) if (v := getattr(model, n)) is not None else None) for n in names}


def _roles(model: Membership) -> list[dict[str, Any]]:
    return [{"role": str(r.role), **_dates(r, "since", "until")} for r in model.roles]


REFERRING = ((AGREEMENTS, CITIES), (MEMBERSHIPS, CITIES), (MEMBERSHIPS, ORGANISATIONS),
             (CITIES, CITIES),
             (COMMITTEES, ORGANISATIONS), (EVENTS, CITIES), (EVENTS, ORGANISATIONS),
             (PROJECTS, CITIES), (PROJECTS, ORGANISATIONS))
"""The (kind, target) references `describe` and `omissions` follow back to a record: what
`show` reads besides the record and what all these name."""


def _events(registry: Registry, target: Kind, record_id: str) -> list[dict[str, Any]]:
    """The events of a city's or an organisation's timeline, by date, each naming the other
    party it has (the organisation of a city's event, the city of an organisation's)."""
    other = ORGANISATIONS if target is CITIES else CITIES
    ref = _org_ref if other is ORGANISATIONS else _city_ref
    rows = []
    for event in registry.referring(EVENTS, target, record_id):
        if not isinstance(event.model, Event):
            continue
        party = getattr(event.model, other.name)
        rows.append({"id": event.id, "date": str(event.model.date),
                     "name": registry.name(EVENTS.folder, event.id),
                     other.name: ref(registry, party) if party else None,
                     "planned": event.model.planned})
    return sorted(rows, key=lambda row: (row["date"], row["id"]))


def _projects(registry: Registry, target: Kind, record_id: str) -> list[dict[str, Any]]:
    """The projects a city provides or receives, or an organisation takes part in."""
    rows = []
    for project in registry.referring(PROJECTS, target, record_id):
        if not isinstance(project.model, Project):
            continue
        rows.append({"id": project.id, "name": registry.name(PROJECTS.folder, project.id),
                     "sector": project.model.sector and str(project.model.sector),
                     "provider": _city_ref(registry, project.model.provider),
                     "recipients": list(project.model.recipients),
                     "countries": list(project.model.countries),
                     **_dates(project.model, "since", "until")})
    return rows


def _steps(registry: Registry, model: Any) -> list[dict[str, Any]]:
    """An agreement's or a membership's steps, oldest first, each with the state it left."""
    from citynet.model import lifecycle

    rows = []
    steps = model.steps
    state = lifecycle.initial(steps)
    if model.start is not None or steps:
        rows.append({"date": str(model.start) if model.start else None,
                     "step": model.start_field, "state": state.value})
    for held, step in zip(getattr(model, model.lifecycle_field), steps, strict=True):
        state = lifecycle.state_after(state, step.kind)
        by = [_side(registry, model, side) for side in held.by]
        rows.append({"date": str(held.date) if held.date else None, "step": str(held.step),
                     "by": by, "reason": held.reason,
                     "source": held.source.title if held.source else None,
                     "state": state.value})
    return rows


def _side(registry: Registry, model: Any, side: str) -> dict[str, Any]:
    """Who decided a step, as a reference: a party, or a membership's member or organisation."""
    if isinstance(model, Membership):
        return _org_ref(registry, model.organisation) if side == Side.ORGANISATION \
            else _city_ref(registry, model.member)
    return _city_ref(registry, side)


def _successions(registry: Registry, model: City, city_id: str) -> dict[str, Any]:
    """The cities a city succeeded, and those that succeeded it, each with date and how."""
    from citynet.query.successors import successors_of

    before = [{**_city_ref(registry, held.city), "date": str(held.date), "how": str(held.how)}
              for held in model.predecessors]
    after = [{**_city_ref(registry, entry.id), "date": str(held["date"]), "how": held["how"]}
             for entry, held in successors_of(registry, city_id)]
    return {"predecessors": before, "successors": after}


def omissions(registry: Registry, entry: Entry) -> list[Omission]:
    """What `describe` marks as missing (the record's and its related records' broken
    references) and the files naming the record that are left out because they have errors."""
    found = [replace(o, whole=False) for o in broken_references(registry, entry)]
    for kind, target in REFERRING:
        if entry.kind is target:
            found += unpublished_naming(registry, kind, target, entry.id)
            found += [replace(o, whole=False) for related in registry.referring(kind, target,
                                                                                entry.id)
                      for o in broken_references(registry, related) if o.missing != entry.id]
    return found


def describe(registry: Registry, entry: Entry) -> dict[str, Any]:
    """`{"kind", "id", "path", "record", "related": {...}}` for one record."""
    model = entry.model
    related: dict[str, Any] = {}
    if isinstance(model, City):
        related[AGREEMENTS.folder] = []
        for agreement in registry.referring(AGREEMENTS, CITIES, entry.id):
            assert isinstance(agreement.model, Agreement)
            partners = [p for p in agreement.model.parties if p != entry.id] or [entry.id]
            related[AGREEMENTS.folder].append(
                {
                    "id": agreement.id,
                    "kind": str(agreement.model.kind),
                    "partner": _city_ref(registry, partners[0]),
                    **_dates(agreement.model, "signed", "ended"),
                    "status": str(agreement.model.state),
                }
            )
        related[MEMBERSHIPS.folder] = []
        for membership in registry.referring(MEMBERSHIPS, CITIES, entry.id):
            assert isinstance(membership.model, Membership)
            related[MEMBERSHIPS.folder].append(
                {
                    "id": membership.id,
                    ORGANISATIONS.name: _org_ref(registry, membership.model.organisation),
                    **_dates(membership.model, "since", "until"),
                    "status": str(membership.model.state),
                    "roles": _roles(membership.model),
                }
            )
        related[EVENTS.folder] = _events(registry, CITIES, entry.id)
        related.update(_successions(registry, model, entry.id))
        related[PROJECTS.folder] = _projects(registry, CITIES, entry.id)
    elif isinstance(model, Organisation):
        if model.headquarters:
            related["headquarters"] = _city_ref(registry, model.headquarters)
        related["members"] = []
        for membership in registry.referring(MEMBERSHIPS, ORGANISATIONS, entry.id):
            assert isinstance(membership.model, Membership)
            related["members"].append(
                {
                    "id": membership.id,
                    "member": _city_ref(registry, membership.model.member),
                    **_dates(membership.model, "since", "until"),
                    "roles": _roles(membership.model),
                }
            )
        related[COMMITTEES.folder] = [
            {"id": c.id, "name": registry.name(COMMITTEES.folder, c.id),
             "status": str(c.model.status)}
            for c in registry.referring(COMMITTEES, ORGANISATIONS, entry.id)
            if isinstance(c.model, Committee)
        ]
        related["partners"] = [_org_ref(registry, p) for p in model.partners]
        related[EVENTS.folder] = _events(registry, ORGANISATIONS, entry.id)
        related[PROJECTS.folder] = _projects(registry, ORGANISATIONS, entry.id)
    elif isinstance(model, Agreement):
        related["parties"] = [_city_ref(registry, p) for p in model.parties]
        related["lifecycle"] = _steps(registry, model)
    elif isinstance(model, Membership):
        related["member"] = _city_ref(registry, model.member)
        related[ORGANISATIONS.name] = _org_ref(registry, model.organisation)
        related["lifecycle"] = _steps(registry, model)
    elif isinstance(model, Committee):
        related[ORGANISATIONS.name] = _org_ref(registry, model.organisation)
    elif isinstance(model, Project):
        related["provider"] = _city_ref(registry, model.provider)
        related["recipients"] = [_city_ref(registry, c) for c in model.recipients]
        related["partners"] = [_org_ref(registry, p) for p in model.partners]
    return {
        "kind": entry.kind.name,
        "id": entry.id,
        "path": entry.path,
        "record": entry.as_stored(),
        "related": related,
    }
