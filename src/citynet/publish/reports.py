"""Report builders: the registry turned into plain data for a template.

Each builder returns dicts and lists only — names already in the reader's
language, nothing formatted — so the data is testable on its own and
`--format json` prints exactly what the template receives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from citynet.model.dates import PartialDate
from citynet.model.kinds import (
    AGREEMENTS,
    CITIES,
    COMMITTEES,
    EVENTS,
    GROUPINGS,
    MEMBERSHIPS,
    ORGANISATIONS,
    Kind,
)
from citynet.model.records import (
    Agreement,
    AgreementKind,
    Membership,
    Organisation,
)
from citynet.model.timeline import Event
from citynet.model.types import TimeSpan
from citynet.publish.citations import Sources as _Sources
from citynet.publish.citations import date_text as _date
from citynet.publish.committees import committees
from citynet.publish.grouping import group_name, grouping_for
from citynet.publish.i18n import (
    grouping_name,
    label,
    messages,
    pick,
    region_names,
    sort_key,
    territory_name,
)
from citynet.publish.reciprocity import reciprocity
from citynet.publish.steps import inherited_agreements, steps
from citynet.publish.subjects import broken as _broken
from citynet.publish.subjects import city_ref as _city_ref
from citynet.publish.subjects import org_ref as _org_ref
from citynet.publish.subjects import require as _require
from citynet.query.omissions import Omission, broken_references, unpublished_naming
from citynet.store.registry import Entry, Registry


@dataclass(frozen=True)
class Report:
    name: str
    subject: Kind | None
    """The kind of record the report's argument names; None: it takes none."""
    description: str
    build: Callable[..., dict[str, Any]]

    def run(self, registry: Registry, subject: str, **options: Any
            ) -> tuple[dict[str, Any], list[Omission]]:
        """The report's data, and what it left out or marked because a reference is broken."""
        omitted: list[Omission] = []
        return self.build(registry, subject, omitted=omitted, **options), omitted


def partners(registry: Registry, city_id: str, *, lang: str = "en",
             as_of: PartialDate | None = None, grouping: str | None = None,
             omitted: list[Omission] | None = None) -> dict[str, Any]:
    """A city's partner cities by group, sister and friendship side by side."""
    from citynet.query.regions import assign

    city = _require(registry, CITIES, city_id)
    if omitted is not None:
        omitted += unpublished_naming(registry, AGREEMENTS, CITIES, city_id)
        if grouping is None:
            omitted += unpublished_naming(registry, GROUPINGS, CITIES, city_id)
    scheme = grouping_for(registry, city_id, grouping)
    texts = messages(lang)
    sources = _Sources()
    kinds = [AgreementKind.SISTER.value, AgreementKind.FRIENDSHIP.value]
    rows: list[dict[str, Any]] = [
        {"name": group_name(scheme, i, lang), "count": 0, "partners": {}}
        for i in range(len(scheme.groups))
    ]
    other: dict[str, Any] = {"name": texts["other_group"], "count": 0, "partners": {}}
    unknown = 0  # rows kept by --as-of with no start date: maybe not yet in force then
    own = [(entry, None) for entry in registry.referring(AGREEMENTS, CITIES, city_id)]
    for entry, forebear in [*own, *inherited_agreements(registry, city_id)]:
        model = entry.model
        assert isinstance(model, Agreement)
        if as_of is not None and not model.in_force(as_of) or _broken(registry, entry, omitted):
            continue
        partner_id = next((p for p in model.parties if p not in (city_id, forebear)), city_id)
        partner = _city_ref(registry, partner_id, lang)
        index = assign(scheme, partner["country"]) if partner["country"] else None
        row = rows[index] if index is not None else other
        group = scheme.groups[index] if index is not None else None
        # A group that is one country's (or a country's and its neighbours', as China and
        # Taiwan in Seoul's table) names its cities bare; region groups say the country.
        partner["qualified"] = not (group and group.countries and not group.regions
                                    and partner["country"] == group.countries[0])
        partner["signed"] = _date(model.signed)
        partner[AGREEMENTS.name] = entry.id
        partner["ended"] = _date(model.ended)
        partner["state"] = str(model.state)
        partner["steps"] = steps(model, texts)
        partner["inherited_from"] = forebear and _city_ref(registry, forebear, lang)
        kind = str(model.kind)
        if kind not in kinds:
            kinds.append(kind)
        row["partners"].setdefault(kind, []).append(partner)
        row["count"] += 1
        unknown += as_of is not None and model.start is None
        sources.add(model.sources)
    groups: list[dict[str, Any]] = []
    for row in [*rows, other]:
        if not row["count"]:
            continue
        shown: dict[str, Any] = {"name": row["name"], "count": row["count"]}
        for kind in kinds:
            shown[kind] = sorted(row["partners"].get(kind, []), key=lambda p: sort_key(p["name"]))
        groups.append(shown)
    totals = {kind: sum(len(g[kind]) for g in groups) for kind in kinds}
    totals["all"] = sum(g["count"] for g in groups)
    return {
        "report": "partners",
        "lang": lang,
        CITIES.name: _city_ref(registry, city.id, lang),
        "as_of": _date(as_of) or sources.latest_as_of(),
        "grouping": {"id": scheme.id, "name": grouping_name(scheme, lang)},
        "kinds": kinds,
        "groups": groups,
        "totals": totals,
        "unknown_start": unknown,
        "sources": sources.listing(),
    }


def _roles(membership: Membership, lang: str, as_of: PartialDate | None) -> list[dict[str, Any]]:
    texts = messages(lang)
    return [
        {"role": str(r.role), "label": label(texts, "role", r.role),
         "since": _date(r.since), "until": _date(r.until), "note": r.note,
         "regions": [str(g) for g in r.regions],
         "regions_label": region_names(r.regions, lang) or None}
        for r in membership.roles
        if as_of is None or r.in_force(as_of)
    ]


def _timeline(registry: Registry, org_id: str, lang: str, as_of: PartialDate | None,
              sources: _Sources, omitted: list[Omission] | None) -> list[dict[str, Any]]:
    """An organisation's events up to `as_of`, oldest first, in `lang` (else English)."""
    events = []
    for entry in registry.referring(EVENTS, ORGANISATIONS, org_id):
        model = entry.model
        assert isinstance(model, Event) and model.start is not None, "an event has a date"
        if (as_of is not None and as_of.surely_before(model.start)
                or _broken(registry, entry, omitted)):
            continue
        sources.add(model.sources)
        events.append((model.start.first_day(), entry.id, {
            "id": entry.id, "date": _date(model.start),
            "name": pick(getattr(model, "names", None), lang, entry.id),
            "description": pick(getattr(model, "description", None), lang) or None,
            "planned": bool(getattr(model, "planned", False))}))
    return [event for _, _, event in sorted(events, key=lambda e: e[:2])]


def _in_force(entry: Entry, on: PartialDate) -> bool:
    """Whether a record that holds for a time (an agreement, a membership) was in force."""
    model = entry.model
    return not isinstance(model, TimeSpan) or model.in_force(on)


def network(registry: Registry, org_id: str, *, lang: str = "en",
            as_of: PartialDate | None = None, omitted: list[Omission] | None = None
            ) -> dict[str, Any]:
    """An organisation's members by country, its rules and where they are broken."""
    from citynet.query.rules import breaches, members_by_country

    org = _require(registry, ORGANISATIONS, org_id)
    model = org.model
    assert isinstance(model, Organisation)
    if omitted is not None:  # members_by_country leaves out members that are not there
        omitted += unpublished_naming(registry, MEMBERSHIPS, ORGANISATIONS, org_id)
        omitted += unpublished_naming(registry, EVENTS, ORGANISATIONS, org_id)
        omitted += [o for m in registry.referring(MEMBERSHIPS, ORGANISATIONS, org_id)
                    if as_of is None or _in_force(m, as_of)
                    for o in broken_references(registry, m)[:1]]
        omitted += [replace(o, whole=False)
                    for o in broken_references(registry, org, only="partners")]
    sources = _Sources()
    sources.add(model.sources)
    memberships = {m.model.member: m for m in registry.referring(MEMBERSHIPS, ORGANISATIONS, org_id)
                   if isinstance(m.model, Membership)}
    countries: list[dict[str, Any]] = []
    for country, cities in members_by_country(registry, org_id, as_of=as_of).items():
        members = []
        for city in cities:
            membership = memberships[city.id].model
            assert isinstance(membership, Membership)
            sources.add(membership.sources)
            members.append({**_city_ref(registry, city.id, lang), "since": _date(membership.since),
                            "roles": _roles(membership, lang, as_of),
                            "until": _date(membership.until),
                            "state": str(membership.state),
                            "steps": steps(membership, messages(lang))})
        members.sort(key=lambda m: sort_key(m["name"]))
        countries.append({"country": country, "country_name": territory_name(country, lang),
                          "count": len(members), "members": members})
    countries.sort(key=lambda c: sort_key(c["country_name"]))
    rules = []
    rule = model.rules.max_members_per_country if model.rules else None
    if rule is not None:
        rules.append({"rule": "max_members_per_country", "limit": rule.limit,
                      "role": str(rule.role) if rule.role else None,
                      "capital_included": rule.capital_included, "strict": rule.strict,
                      "note": rule.note,
                      "exceptions": [e.country for e in rule.exceptions],
                      "exception_names": [territory_name(e.country, lang)
                                          for e in rule.exceptions]})
    names = {c["country"]: {m["id"]: m["name"] for m in c["members"]} for c in countries}
    broken = [
        {"country": b.country, "country_name": territory_name(b.country, lang), "kind": b.kind,
         "count": len(b.members), "limit": b.limit, "strict": b.strict,
         "members": [names.get(b.country, {}).get(m, m) for m in b.members]}
        for b in breaches(registry, org, as_of)
    ]
    members = [m for c in countries for m in c["members"]]
    return {
        "report": "network",
        "lang": lang,
        ORGANISATIONS.name: _org_ref(registry, org_id, lang),
        "as_of": _date(as_of) or sources.latest_as_of(),
        "countries": countries,
        "rules": rules,
        "breaches": broken,
        "partners": [_org_ref(registry, p, lang) for p in model.partners
                     if registry.get(ORGANISATIONS.folder, p)],
        EVENTS.folder: _timeline(registry, org_id, lang, as_of, sources, omitted),
        "unknown_start": sum(1 for m in members if as_of is not None and m["since"] is None),
        "totals": {"members": len(members), "countries": len(countries),
                   "capitals": sum(1 for m in members if m["capital"])},
        "sources": sources.listing(),
    }


def memberships(registry: Registry, city_id: str, *, lang: str = "en",
                as_of: PartialDate | None = None, omitted: list[Omission] | None = None
                ) -> dict[str, Any]:
    """The organisations a city belongs to: joined when, in what role, how big they say they are."""
    _require(registry, CITIES, city_id)
    if omitted is not None:
        omitted += unpublished_naming(registry, MEMBERSHIPS, CITIES, city_id)
    sources = _Sources()
    rows: list[dict[str, Any]] = []
    for entry in registry.referring(MEMBERSHIPS, CITIES, city_id):
        model = entry.model
        assert isinstance(model, Membership)
        if as_of is not None and not model.in_force(as_of) or _broken(registry, entry, omitted):
            continue
        sources.add(model.sources)
        org = registry.get(ORGANISATIONS.folder, model.organisation)
        reported = []
        if org is not None and isinstance(org.model, Organisation):
            reported = [
                {"count": r.count, "approximate": r.approximate, "text": r.text,
                 "as_of": _date(r.as_of)}
                for r in org.model.reported_members
                if as_of is None or r.as_of is None or not as_of.surely_before(r.as_of)
            ]
        rows.append({"membership": entry.id,
                     ORGANISATIONS.name: _org_ref(registry, model.organisation, lang),
                     "since": _date(model.since), "until": _date(model.until),
                     "state": str(model.state), "steps": steps(model, messages(lang)),
                     "roles": _roles(model, lang, as_of), "reported_members": reported})
    rows.sort(key=lambda r: (r["since"] is None, r["since"] or "",
                             sort_key(r[ORGANISATIONS.name]["name"])))
    return {
        "report": MEMBERSHIPS.folder,
        "lang": lang,
        CITIES.name: _city_ref(registry, city_id, lang),
        "as_of": _date(as_of) or sources.latest_as_of(),
        MEMBERSHIPS.folder: rows,
        "totals": {ORGANISATIONS.folder: len(rows),
                   "with_roles": sum(1 for r in rows if r["roles"])},
        "unknown_start": sum(1 for r in rows if as_of is not None and r["since"] is None),
        "sources": sources.listing(),
    }


REPORTS: dict[str, Report] = {
    report.name: report
    for report in (
        Report("partners", CITIES, "a city's sister and friendship cities by region, with counts",
               partners),
        Report("network", ORGANISATIONS,
               "an organisation's members by country, its rules and where they are broken",
               network),
        Report(COMMITTEES.folder, ORGANISATIONS,
               "an organisation's committees by status, with sectors and workplan activities",
               committees),
        Report(MEMBERSHIPS.folder, CITIES,
               "the organisations a city belongs to, joined when and in what role", memberships),
        Report("reciprocity", None,
               "agreements confirmed by one side only, by country (--country CC) and overall",
               reciprocity),
    )
}
