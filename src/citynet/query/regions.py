"""Countries into groups: UN M49 regions (from countryinfo) and groupings.

The default grouping is the five M49 regions; a Grouping record (a source's
own table, like Seoul's) names groups by countries and regions. Both go
through `assign`, so every city's partners report comes from one code path.
"""

from __future__ import annotations

from functools import cache

from citynet.model.records import Group, Grouping, Region, Source

M49_CODES = {
    Region.AFRICA: "002",
    Region.AMERICAS: "019",
    Region.ASIA: "142",
    Region.EUROPE: "150",
    Region.OCEANIA: "009",
}
"""M49 area codes, under which CLDR names the regions in every language."""

DEFAULT_GROUPING = Grouping(
    id="un-m49-regions",
    names={"en": "UN M49 regions"},
    groups=[Group(regions=[region]) for region in Region],
    sources=[Source(title="UN M49 regions, as the countryinfo package gives them")],
)


@cache
def region_of(country: str) -> Region | None:
    """The M49 region of an ISO country code, or None (Antarctica, unknown codes)."""
    from countryinfo import CountryInfo

    try:
        name = CountryInfo(country).region()
    except Exception:  # countryinfo raises bare KeyError-like errors for unknown codes
        return None
    try:
        return Region(name) if name else None
    except ValueError:
        return None


def assign(grouping: Grouping, country: str) -> int | None:
    """The index of the group a country falls in, or None if no group holds it."""
    for index, group in enumerate(grouping.groups):
        if country in group.countries:
            return index
    region = region_of(country)
    for index, group in enumerate(grouping.groups):
        if region is not None and region in group.regions:
            return index
    return None
