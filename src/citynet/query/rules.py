"""Organisation rules, evaluated once for both `validate` and the network report.

A rule such as ASCN's "at most three pilot cities per member state, the
capital included" yields Breaches; the `rule-breach` check turns them into
Problems, the network report lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from citynet.model.dates import PartialDate
from citynet.model.kinds import CITIES, MEMBERSHIPS, ORGANISATIONS
from citynet.model.records import City, MaxMembersPerCountry, Membership, Organisation
from citynet.store.registry import Entry, Registry


@dataclass(frozen=True)
class Breach:
    organisation: str
    country: str
    kind: str
    """`over-limit` or `capital-missing`."""
    members: tuple[str, ...]
    limit: int
    role: str | None
    strict: bool


def members_by_country(registry: Registry, org_id: str, role: str | None = None,
                       as_of: PartialDate | None = None) -> dict[str, list[Entry]]:
    """An organisation's member cities by country (only those holding `role`, if given)."""
    by_country: dict[str, list[Entry]] = {}
    for membership in registry.referring(MEMBERSHIPS, ORGANISATIONS, org_id):
        model = membership.model
        assert isinstance(model, Membership)
        if role and role not in {r.role for r in model.roles}:
            continue
        if as_of is not None and not model.in_force(as_of):
            continue
        city = registry.get(CITIES.folder, model.member)
        if city is not None and isinstance(city.model, City):
            by_country.setdefault(city.model.country, []).append(city)
    return {c: sorted(cities, key=lambda e: e.id) for c, cities in sorted(by_country.items())}


def breaches(registry: Registry, org: Entry, as_of: PartialDate | None = None) -> list[Breach]:
    """Every breach of the organisation's rules not silenced by a recorded exception."""
    assert isinstance(org.model, Organisation)
    rules = org.model.rules
    rule: MaxMembersPerCountry | None = rules.max_members_per_country if rules else None
    if rule is None:
        return []
    excepted = {exception.country for exception in rule.exceptions}
    # Whether a capital is missing can be told only where the registry knows the
    # country's capital; elsewhere the check has nothing to go on and stays silent.
    capital_known = {e.model.country for e in registry.of_kind(CITIES.folder)
                     if isinstance(e.model, City) and e.model.capital}
    found = []
    role = str(rule.role) if rule.role else None
    for country, members in members_by_country(registry, org.id, role, as_of).items():
        if country in excepted:
            continue
        ids = tuple(m.id for m in members)
        if len(members) > rule.limit:
            found.append(Breach(org.id, country, "over-limit", ids, rule.limit, role, rule.strict))
        if rule.capital_included and country in capital_known and not any(
            isinstance(m.model, City) and m.model.capital for m in members
        ):
            found.append(
                Breach(org.id, country, "capital-missing", ids, rule.limit, role, rule.strict)
            )
    return found
