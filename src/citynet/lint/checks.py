"""Cross-record checks: each a small generator of Problems with a stable code.

Reading and schema problems come from the loader and the models; these run
on the whole registry once it is loaded. A check yields Problems with a
`loc` (where in the record); the engine finds line and column. Each
docstring shows a record that passes and one that fails.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache

from citynet.model.records import (
    SLUG_PATTERN,
    Agreement,
    City,
    Grouping,
    Membership,
    Organisation,
)
from citynet.model.kinds import AGREEMENTS, CITIES, GROUPINGS, KINDS, MEMBERSHIPS, ORGANISATIONS, iter_refs  # noqa: E501
from citynet.model.problems import Problem, Severity
from citynet.store.registry import Registry

CheckFunction = Callable[[Registry], Iterator[Problem]]


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    function: CheckFunction

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip()


CHECKS: dict[str, Check] = {}


def check(code: str, severity: Severity = Severity.ERROR) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under its stable code."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[code] = Check(code, severity, function)
        return function

    return register


@check("id-mismatch")
def id_matches_file_name(registry: Registry) -> Iterator[Problem]:
    """A record's `id`, when written, equals its file's stem.

    passes: data/cities/seoul.yaml with `id: seoul` (or no `id` at all)
    fails:  data/cities/seoul.yaml with `id: soul`
    """
    for doc in registry.documents:
        written = (doc.data or {}).get("id")
        if isinstance(written, str) and written != doc.id:
            yield Problem(
                "id-mismatch",
                f"the id {written!r} differs from the file name {doc.id!r}; "
                "the file name is the id",
                doc.path,
                loc=("id",),
            )


@check("invalid-id")
def file_name_is_slug(registry: Registry) -> Iterator[Problem]:
    """A file's stem is a lowercase slug, because it is the record's id.

    passes: data/cities/ho-chi-minh-city.yaml
    fails:  data/cities/Ho Chi Minh.yaml
    """
    slug = re.compile(SLUG_PATTERN)
    for doc in registry.documents:
        if not slug.match(doc.id):
            yield Problem(
                "invalid-id",
                f"the file name {doc.id!r} is not a valid id: use a lowercase slug "
                "such as 'ho-chi-minh-city'",
                doc.path,
                line=1,
                column=1,
            )


@check("duplicate-id")
def ids_are_unique(registry: Registry) -> Iterator[Problem]:
    """Two files of one kind never share an id, even in different sub-folders.

    passes: data/cities/kr/seoul.yaml alone
    fails:  data/cities/kr/seoul.yaml and data/cities/asia/seoul.yaml
    """
    first: dict[tuple[str, str], str] = {}
    for doc in registry.documents:
        key = (doc.kind.folder, doc.id)
        if key in first:
            yield Problem(
                "duplicate-id",
                f"the {doc.kind.name} id {doc.id!r} is already used by {first[key]}",
                doc.path,
                line=1,
                column=1,
            )
        else:
            first[key] = doc.path


@check("dangling-ref")
def references_resolve(registry: Registry) -> Iterator[Problem]:
    """Every id a record refers to names an existing record of the right kind.

    passes: an agreement with `parties: [seoul, taipei]`, both city files present
    fails:  an agreement with `parties: [seoul, atlantis]`
    """
    for folder, kind in KINDS.items():
        for entry in registry.of_kind(folder):
            for path, target in kind.refs:
                for loc, ref in iter_refs(entry.model, path):
                    if ref not in registry.known[target]:
                        field = ".".join(str(part) for part in loc)
                        yield Problem(
                            "dangling-ref",
                            f"{field} refers to {ref!r}, but there is no "
                            f"{KINDS[target].name} with that id (data/{target}/{ref}.yaml)",
                            entry.path,
                            loc=loc,
                        )


@check("self-agreement")
def parties_differ(registry: Registry) -> Iterator[Problem]:
    """An agreement is between two different cities.

    passes: `parties: [seoul, taipei]`
    fails:  `parties: [seoul, seoul]`
    """
    for entry in registry.of_kind(AGREEMENTS.folder):
        assert isinstance(entry.model, Agreement)
        a, b = entry.model.parties
        if a == b:
            yield Problem(
                "self-agreement",
                f"an agreement needs two different cities, but both parties are {a!r}",
                entry.path,
                loc=("parties", 1),
            )


@check("duplicate-agreement")
def agreements_are_unique(registry: Registry) -> Iterator[Problem]:
    """No two agreements of one kind between the same two cities, in either order.

    passes: one sister agreement seoul-taipei, one friendship agreement seoul-taipei
    fails:  sister [seoul, taipei] and sister [taipei, seoul]
    """
    first: dict[tuple[str, frozenset[str]], str] = {}
    for entry in sorted(registry.of_kind(AGREEMENTS.folder), key=lambda e: e.path):
        assert isinstance(entry.model, Agreement)
        key = (str(entry.model.kind), frozenset(entry.model.parties))
        if key in first:
            yield Problem(
                "duplicate-agreement",
                f"a {entry.model.kind} agreement between {' and '.join(entry.model.parties)} "
                f"is already recorded in {first[key]}",
                entry.path,
                loc=("parties",),
            )
        else:
            first[key] = entry.path


@check("date-order")
def dates_in_order(registry: Registry) -> Iterator[Problem]:
    """An end never comes before its start (`ended`/`signed`, `until`/`since`).

    passes: `signed: 1968`, `ended: 1968-03` (same year: may well be in order)
    fails:  `signed: 2010`, `ended: 2009-12`
    """
    for folder, kind in KINDS.items():
        start_field, end_field = kind.start_field, kind.end_field
        if start_field is None or end_field is None:
            continue
        for entry in registry.of_kind(folder):
            start, end = getattr(entry.model, start_field), getattr(entry.model, end_field)
            if start and end and end.surely_before(start):
                yield Problem(
                    "date-order",
                    f"{end_field} {end} comes before {start_field} {start}",
                    entry.path,
                    loc=(end_field,),
                )
    for entry in registry.of_kind(MEMBERSHIPS.folder):
        assert isinstance(entry.model, Membership)
        for index, held in enumerate(entry.model.roles):
            if held.since and held.until and held.until.surely_before(held.since):
                yield Problem(
                    "date-order",
                    f"the {held.role} role's until {held.until} comes before its since {held.since}",
                    entry.path,
                    loc=("roles", index, "until"),
                )


@check("role-dates")
def roles_within_membership(registry: Registry) -> Iterator[Problem]:
    """A role is held while the membership lasts.

    passes: membership since 1989, role president since 2014
    fails:  membership since 1989, role president since 1980
    """
    for entry in registry.of_kind(MEMBERSHIPS.folder):
        model = entry.model
        assert isinstance(model, Membership)
        for index, held in enumerate(model.roles):
            if held.since and model.since and held.since.surely_before(model.since):
                yield Problem(
                    "role-dates",
                    f"the {held.role} role starts ({held.since}) before the membership "
                    f"({model.since})",
                    entry.path,
                    loc=("roles", index, "since"),
                )
            if held.until and model.until and model.until.surely_before(held.until):
                yield Problem(
                    "role-dates",
                    f"the {held.role} role ends ({held.until}) after the membership "
                    f"({model.until})",
                    entry.path,
                    loc=("roles", index, "until"),
                )


@cache
def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


def _subdivision_country(code: str) -> str | None:
    import pycountry

    subdivision = pycountry.subdivisions.get(code=code)
    return subdivision.country_code if subdivision else None


@check("unknown-country")
def countries_exist(registry: Registry) -> Iterator[Problem]:
    """Country codes are real ISO 3166-1 alpha-2 codes (from pycountry's ISO data).

    passes: `country: NO` (Norway)
    fails:  `country: UK` (the ISO code of the United Kingdom is GB)
    """
    codes = _country_codes()

    def unknown(code: str, path: str, loc: tuple[str | int, ...]) -> Iterator[Problem]:
        if code not in codes:
            yield Problem(
                "unknown-country",
                f"{code!r} is not an ISO 3166-1 alpha-2 country code",
                path,
                loc=loc,
            )

    for entry in registry.of_kind(CITIES.folder):
        assert isinstance(entry.model, City)
        yield from unknown(entry.model.country, entry.path, ("country",))
    for entry in registry.of_kind(GROUPINGS.folder):
        assert isinstance(entry.model, Grouping)
        for index, group in enumerate(entry.model.groups):
            for position, code in enumerate(group.countries):
                yield from unknown(code, entry.path, ("groups", index, "countries", position))
    for entry in registry.of_kind(ORGANISATIONS.folder):
        assert isinstance(entry.model, Organisation)
        rules = entry.model.rules
        if rules is None:
            continue
        for index, code in enumerate(rules.member_countries):
            yield from unknown(code, entry.path, ("rules", "member_countries", index))
        if rules.max_members_per_country:
            for index, exception in enumerate(rules.max_members_per_country.exceptions):
                loc = ("rules", "max_members_per_country", "exceptions", index, "country")
                yield from unknown(exception.country, entry.path, loc)


@check("unknown-subdivision")
def subdivisions_exist(registry: Registry) -> Iterator[Problem]:
    """A city's ISO 3166-2 subdivision exists and lies in the city's country.

    passes: `country: KR`, `subdivision: KR-11`
    fails:  `country: KR`, `subdivision: JP-13`
    """
    for entry in registry.of_kind(CITIES.folder):
        assert isinstance(entry.model, City)
        code = entry.model.subdivision
        if code is None:
            continue
        country = _subdivision_country(code)
        if country is None:
            message = f"{code!r} is not an ISO 3166-2 subdivision code"
        elif country != entry.model.country:
            message = f"{code!r} is a subdivision of {country}, not of {entry.model.country}"
        else:
            continue
        yield Problem("unknown-subdivision", message, entry.path, loc=("subdivision",))


@check("missing-source", Severity.WARNING)
def records_cite_sources(registry: Registry) -> Iterator[Problem]:
    """Every record says where its facts come from.

    passes: `sources: [{title: Diplomatie de la ville, as_of: 2017-03}]`
    fails:  no `sources`, or an empty list
    """
    for folder in KINDS:
        for entry in registry.of_kind(folder):
            if not entry.model.sources:
                yield Problem(
                    "missing-source",
                    "the record cites no source: add `sources` with at least a title",
                    entry.path,
                    loc=("sources",) if "sources" in entry.raw else (),
                )


@check("rule-breach", Severity.WARNING)
def organisation_rules_hold(registry: Registry) -> Iterator[Problem]:
    """An organisation's `max_members_per_country` holds, unless an exception records it.

    The rule caps the members per country and, with `capital_included`, wants
    each country's capital among them. A breach is a warning, or an error when
    the rule says `strict: true`; an entry in the rule's `exceptions` for that
    country, with a source, silences it.
    passes: ASCN with three pilot cities in Viet Nam, Hanoi among them (limit 3)
    fails:  ASCN with four pilot cities in Malaysia and no recorded exception
    """
    from citynet.query.rules import breaches

    for org in registry.of_kind(ORGANISATIONS.folder):
        for breach in breaches(registry, org):
            what = f"{breach.role} members" if breach.role else "members"
            members = ", ".join(breach.members)
            if breach.kind == "over-limit":
                message = (f"{org.id}: {breach.country} has {len(breach.members)} {what} "
                           f"({members}), more than the rule's limit of {breach.limit} per country")
                field = "limit"
            else:
                message = (f"{org.id}: none of {breach.country}'s {what} ({members}) is its "
                           "capital, which the rule wants included")
                field = "capital_included"
            yield Problem(
                "rule-breach",
                message,
                org.path,
                loc=("rules", "max_members_per_country", field),
                severity=Severity.ERROR if breach.strict else None,
            )


@check("grouping-overlap")
def grouping_countries_are_unique(registry: Registry) -> Iterator[Problem]:
    """A country is named outright in at most one group of a grouping.

    passes: groups `{countries: [US]}` and `{countries: [CN, TW]}`
    fails:  groups `{countries: [US]}` and `{countries: [US, CA]}`
    """
    for entry in registry.of_kind(GROUPINGS.folder):
        assert isinstance(entry.model, Grouping)
        seen: dict[str, int] = {}
        for index, group in enumerate(entry.model.groups):
            for position, country in enumerate(group.countries):
                if country in seen:
                    yield Problem(
                        "grouping-overlap",
                        f"{country} is already in group {seen[country] + 1}; a country "
                        "belongs to one group",
                        entry.path,
                        loc=("groups", index, "countries", position),
                    )
                seen.setdefault(country, index)


def run_checks(registry: Registry) -> Iterator[Problem]:
    """Every registered check in order; a problem without a severity gets its check's."""
    for registered in CHECKS.values():
        for problem in registered.function(registry):
            yield problem if problem.severity else replace(problem, severity=registered.severity)
