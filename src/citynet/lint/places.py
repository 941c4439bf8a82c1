"""Checks of places: country and subdivision codes, and groupings of countries.

They register in the same catalogue as the other checks (`citynet.lint.checks`);
the engine imports this module so they run.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from citynet.lint.checks import OWN, Finding, check
from citynet.model import codes
from citynet.model.kinds import CITIES, GROUPINGS, KINDS, stored_refs
from citynet.store.registry import Registry


@cache
def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


def _subdivision_country(code: str) -> str | None:
    import pycountry

    subdivision = pycountry.subdivisions.get(code=code)
    return subdivision.country_code if subdivision else None


@check(codes.UNKNOWN_COUNTRY, OWN)
def countries_exist(registry: Registry) -> Iterator[Finding]:
    """Country codes are real ISO 3166-1 alpha-2 codes (from pycountry's ISO data), wherever
    a kind's declaration says it holds them (`countries`)."""
    codes = _country_codes()
    for kind in KINDS.values():
        for path in kind.countries:
            for entry in registry.of_kind(kind.folder):
                for loc, code in stored_refs(entry.raw, path):
                    if code not in codes:
                        yield Finding(f"{code!r} is not an ISO 3166-1 alpha-2 country code",
                                      entry.path, loc=loc)


@check(codes.UNKNOWN_SUBDIVISION, OWN)
def subdivisions_exist(registry: Registry) -> Iterator[Finding]:
    """A city's ISO 3166-2 subdivision exists and lies in the city's country."""
    for entry in registry.of_kind(CITIES.folder):
        code = entry.raw.get("subdivision")
        if code is None:
            continue
        country = _subdivision_country(code)
        if country is None:
            message = f"{code!r} is not an ISO 3166-2 subdivision code"
        elif country != entry.raw["country"]:
            message = f"{code!r} is a subdivision of {country}, not of {entry.raw['country']}"
        else:
            continue
        yield Finding(message, entry.path, loc=("subdivision",))


@check(codes.GROUPING_OVERLAP, OWN)
def grouping_countries_are_unique(registry: Registry) -> Iterator[Finding]:
    """A country is named outright in at most one group of a grouping."""
    for entry in registry.of_kind(GROUPINGS.folder):
        seen: dict[str, int] = {}
        for index, group in enumerate(entry.raw["groups"]):
            for position, country in enumerate(group.get("countries") or ()):
                if country in seen:
                    yield Finding(
                        f"{country} is already in group {seen[country] + 1}; a country "
                        "belongs to one group",
                        entry.path,
                        loc=("groups", index, "countries", position),
                    )
                seen.setdefault(country, index)
