"""The pages that lead to the records: the home page, a page per region and per country,
and the list of organisations. Every record is two clicks from home: home → its country
(or the organisations' list) → the record; a committee is listed under its organisation
there. What the home page shows is bounded (countries, not cities), so it stays small at
any size of registry.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from citynet.model.kinds import CITIES, COMMITTEES, MEMBERSHIPS, ORGANISATIONS
from citynet.model.records import Region
from citynet.publish.i18n import colon, messages, number, sort_key, territory_name
from citynet.publish.reports import REPORTS
from citynet.publish.site import maps
from citynet.publish.site.pages import (
    Page,
    city_map,
    country_path,
    crumbs_to_country,
    region_path,
    report_path,
    report_title,
    rows,
)
from citynet.publish.site.words import ORGANISATIONS_PAGE, named
from citynet.query.regions import M49_CODES, region_of
from citynet.store.registry import Registry

HOME_REPORTS = 12
"""The home page lists this many reports, the largest; every record page links its own."""
HOME_MIN_ROWS = 3
"""…and only those with at least this many rows."""


def countries(registry: Registry) -> dict[str, list[str]]:
    """Country code -> the ids of its cities."""
    found: dict[str, list[str]] = defaultdict(list)
    for entry in registry.of_kind(CITIES.folder):
        found[entry.raw["country"]].append(entry.id)
    return dict(found)


def _country_place(registry: Registry, code: str, cities: list[str], lang: str,
                   texts: dict[str, str]) -> maps.Place | None:
    """A country as one mark, at the middle of its located cities (the median, so one
    far-off island does not move it into the sea)."""
    from citynet.publish.geo import nearest_lon

    points = [p for c in cities if (p := maps.location(registry, c))]
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    ref = points[0][1]
    lons = sorted(nearest_lon(p[1], ref) for p in points)
    name = territory_name(code, lang)
    label = f"{name} · {texts['site_cities']}{colon(lang)} {number(len(cities), lang)}"
    return maps.Place(code, name, lons[len(lons) // 2], lats[len(lats) // 2],
                      country_path(code), None, label)


def _regions(codes: list[str]) -> list[tuple[Region | None, list[str]]]:
    grouped: dict[Region | None, list[str]] = defaultdict(list)
    for code in codes:
        grouped[region_of(code)].append(code)
    order = [r for r in Region if r in grouped] + ([None] if None in grouped else [])
    return [(region, grouped[region]) for region in order]


def _country_list(codes: list[str], by_country: dict[str, list[str]], lang: str
                  ) -> list[dict[str, Any]]:
    items = [{"name": territory_name(code, lang), "path": country_path(code),
              "count": len(by_country[code])} for code in codes]
    return sorted(items, key=lambda i: sort_key(i["name"]))


def home_page(registry: Registry, lang: str, reports: list[tuple[str, str]]) -> Page:
    texts = messages(lang)
    by_country = countries(registry)
    regions = []
    for region, codes in _regions(list(by_country)):
        regions.append({"name": territory_name(M49_CODES[region], lang) if region else
                        texts["other_group"],
                        "path": region_path(region) if region else None,
                        "countries": _country_list(codes, by_country, lang)})
    places = [p for code, cities in by_country.items()
              if (p := _country_place(registry, code, cities, lang, texts))]
    sizes = {r: rows(registry, *r) for r in reports}
    largest = sorted((r for r in reports if sizes[r] >= HOME_MIN_ROWS),
                     key=lambda r: -sizes[r])[:HOME_REPORTS]
    listed = []
    for report, subject in largest:
        spec = REPORTS[report]
        assert spec.subject is not None, "only reports about a record are listed"
        about = named(registry, spec.subject.folder, subject, lang)
        listed.append({"path": report_path(report, subject),
                       "title": report_title(report, about, texts, lang)})
    listed.sort(key=lambda r: sort_key(r["title"]))
    counts = {kind.folder: len(registry.of_kind(kind.folder))
              for kind in (CITIES, ORGANISATIONS, COMMITTEES)}
    return Page("index.html", "home", texts["site_title"], {
        "regions": regions, "reports": listed, "counts": counts,
        "map": maps.draw(places)})


def region_page(registry: Registry, region: Region, lang: str) -> Page:
    texts = messages(lang)
    by_country = countries(registry)
    codes = [c for c in by_country if region_of(c) == region]
    places = [p for code in codes
              if (p := _country_place(registry, code, by_country[code], lang, texts))]
    return Page(region_path(region), "region", territory_name(M49_CODES[region], lang), {
        "countries": _country_list(codes, by_country, lang), "map": maps.draw(places)},
        None, [{"name": texts["site_home"], "path": "index.html"}])


def present_regions(registry: Registry) -> list[Region]:
    found = {region_of(code) for code in countries(registry)}
    return [region for region in Region if region in found]


def country_page(registry: Registry, code: str, city_ids: list[str], lang: str) -> Page:
    texts = messages(lang)
    cities = []
    for city_id in city_ids:
        city = named(registry, CITIES.folder, city_id, lang)
        city["partners"] = rows(registry, "partners", city_id)
        city[ORGANISATIONS.folder] = rows(registry, MEMBERSHIPS.folder, city_id)
        cities.append(city)
    cities.sort(key=lambda c: sort_key(c["name"]))
    return Page(country_path(code), "country", territory_name(code, lang), {
        CITIES.folder: cities, "map": city_map(registry, cities)},
        None, crumbs_to_country(code, lang, texts))


def organisations_page(registry: Registry, lang: str) -> Page:
    texts = messages(lang)
    listed = []
    for entry in registry.of_kind(ORGANISATIONS.folder):
        org = named(registry, ORGANISATIONS.folder, entry.id, lang)
        org["acronym"] = entry.raw.get("acronym")
        org["members"] = rows(registry, "network", entry.id)
        committees = [named(registry, COMMITTEES.folder, c.id, lang)
                      for c in registry.referring(COMMITTEES, ORGANISATIONS, entry.id)]
        org[COMMITTEES.folder] = sorted(committees, key=lambda c: sort_key(c["name"]))
        listed.append(org)
    listed.sort(key=lambda o: sort_key(o["name"]))
    return Page(ORGANISATIONS_PAGE, ORGANISATIONS.folder, texts["site_organisations"], {
        ORGANISATIONS.folder: listed}, None, [{"name": texts["site_home"], "path": "index.html"}])


