"""What each record and report page shows, as plain data for its template.

A page is a path inside a language's folder, a template and its data. The
report pages take their data from the report builders themselves, so a page
and `citynet report` show the same thing; record pages gather a record's
facts (publish/site/facts.py), the agreements and memberships that name it, and
its sources. Nothing a maintainer wrote for maintainers (`notes`) is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citynet.model.kinds import (
    AGREEMENTS,
    CITIES,
    COMMITTEES,
    EVENTS,
    MEMBERSHIPS,
    ORGANISATIONS,
    Kind,
)
from citynet.publish.i18n import fill, messages, sort_key, territory_name
from citynet.publish.reports import REPORTS
from citynet.publish.site import maps
from citynet.publish.site.facts import facts, other_names
from citynet.publish.site.render import safe_url
from citynet.publish.site.words import ORGANISATIONS_PAGE, in_language, named, record_path, term
from citynet.query.regions import M49_CODES, region_of
from citynet.store.registry import Entry, Registry

RECORD_KINDS = (CITIES, ORGANISATIONS, COMMITTEES)
"""The kinds that have a page of their own."""
FEED_KINDS = (CITIES, ORGANISATIONS)
"""The kinds that have a feed of their own (publish/site/feed.py)."""


@dataclass
class Page:
    path: str
    """Inside the language's folder, with forward slashes: `cities/seoul.html`."""
    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    title_lang: str | None = None
    """The title's language when it is not the page's (a name with no translation)."""
    crumbs: list[dict[str, Any]] = field(default_factory=list)
    """The way down from the home page: [{name, path}]."""
    feed: str | None = None
    """The path of the page's own Atom feed, inside the language's folder."""


def report_path(report: str, subject: str) -> str:
    return f"reports/{report}/{subject}.html"


def country_path(code: str) -> str:
    return f"countries/{code}.html"


def region_path(region: Any) -> str:
    return f"regions/{M49_CODES[region]}.html"


def feed_path(kind: Kind, record_id: str) -> str:
    return f"feeds/{kind.folder}/{record_id}.atom"


def _sources(entry: Entry) -> list[dict[str, Any]]:
    return [{"title": s.get("title"), "url": safe_url(s.get("url")), "as_of": _flat(s.get("as_of"))}
            for s in entry.raw.get("sources") or [] if isinstance(s, dict)]


def _flat(value: Any) -> Any:
    return None if value is None else str(value)


def place(registry: Registry, city: dict[str, Any], label: str = "") -> maps.Place | None:
    point = maps.location(registry, city["id"])
    if point is None:
        return None
    return maps.Place(city["id"], city["name"], point[1], point[0], city.get("path"),
                      city.get("lang"), label)


def city_map(registry: Registry, cities: list[dict[str, Any]],
             centre: dict[str, Any] | None = None) -> dict[str, Any]:
    """A map of `cities` ({"id", "name", "lang", "path"}), each drawn once, `centre` apart;
    the ones with no location are listed under it."""
    places, missing, seen = [], [], set()
    for city in cities:
        if city["id"] in seen or (centre and city["id"] == centre["id"]):
            continue
        seen.add(city["id"])
        found = place(registry, city)
        if found is None:
            missing.append(city)
        else:
            places.append(found)
    return maps.draw(places, missing, place(registry, centre) if centre else None)


def crumbs_to_country(code: str, lang: str, texts: dict[str, str]) -> list[dict[str, Any]]:
    found = [{"name": texts["site_home"], "path": "index.html"}]
    region = region_of(code)
    if region is not None:
        found.append({"name": territory_name(M49_CODES[region], lang),
                      "path": region_path(region)})
    return found


def _with_country(registry: Registry, city: dict[str, Any], lang: str) -> dict[str, Any]:
    entry = registry.get(CITIES.folder, city["id"])
    country = entry.raw.get("country") if entry else None
    return {**city, "country_name": territory_name(country, lang) if country else None}


def city_page(registry: Registry, entry: Entry, lang: str) -> Page:
    texts = messages(lang)
    agreements = []
    for agreement in registry.referring(AGREEMENTS, CITIES, entry.id):
        raw, model = agreement.raw, agreement.model
        partner = next((p for p in raw["parties"] if p != entry.id), entry.id)
        agreements.append({"partner": _with_country(registry, named(
                               registry, CITIES.folder, partner, lang), lang),
                           "kind": term(texts, AGREEMENTS.name, raw["kind"]),
                           "signed": _flat(raw.get("signed")), "ended": _end(model),
                           "status": _state(model, texts)})
    agreements.sort(key=lambda a: sort_key(a["partner"]["name"]))
    memberships = [_membership(registry, m, lang, texts)
                   for m in registry.referring(MEMBERSHIPS, CITIES, entry.id)]
    memberships.sort(key=lambda m: sort_key(m[ORGANISATIONS.name]["name"]))
    me = named(registry, CITIES.folder, entry.id, lang)
    reports = [{"path": report_path(r, entry.id), "title": report_title(r, me, texts, lang)}
               for r in ("partners", MEMBERSHIPS.folder)
               if (agreements if r == "partners" else memberships)]
    country = entry.raw["country"]
    crumbs = crumbs_to_country(country, lang, texts) + [
        {"name": territory_name(country, lang), "path": country_path(country)}]
    return Page(record_path(CITIES.folder, entry.id), CITIES.name, me["name"], {
        "record": me, "names": other_names(entry, lang, me["name"]),
        "facts": facts(registry, entry, lang, texts),
        AGREEMENTS.folder: agreements, "columns": _filled(agreements, ("signed", "ended",
                                                                        "status")),
        MEMBERSHIPS.folder: memberships, "reports": reports,
        "map": city_map(registry, [a["partner"] for a in agreements], me) if agreements else None,
        "sources": _sources(entry)}, me["lang"], crumbs, feed_path(CITIES, entry.id))


def _end(model: Any) -> str | None:
    """When its lifecycle ended it (None: it has not, or the source gives no date)."""
    return str(model.end) if getattr(model, "end", None) is not None else None


def _state(model: Any, texts: dict[str, str]) -> str | None:
    """Its state today in the reader's words, unless it is simply in force (the usual case:
    a column of "in force" would say nothing)."""
    state = getattr(model, "state", None)
    return term(texts, "status", state) if state is not None and state != "active" else None


def _filled(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[str]:
    """The optional columns some row fills: a column empty for every row is left out."""
    return [key for key in keys if any(row.get(key) for row in rows)]


def _membership(registry: Registry, entry: Entry, lang: str, texts: dict[str, str]
                ) -> dict[str, Any]:
    raw = entry.raw
    roles = [term(texts, "role", role["role"]) for role in raw.get("roles") or []
             if isinstance(role, dict) and role.get("role") != "member"]
    return {ORGANISATIONS.name: named(registry, ORGANISATIONS.folder, raw[ORGANISATIONS.name],
                                      lang),
            "member": _with_country(registry, named(registry, CITIES.folder, raw["member"], lang),
                                    lang),
            "since": _flat(raw.get("since")), "until": _end(entry.model),
            "roles": ", ".join(roles) or None}


def organisation_page(registry: Registry, entry: Entry, lang: str) -> Page:
    texts = messages(lang)
    members = [_membership(registry, m, lang, texts)
               for m in registry.referring(MEMBERSHIPS, ORGANISATIONS, entry.id)]
    members.sort(key=lambda m: sort_key(m["member"]["name"]))
    committees = [named(registry, COMMITTEES.folder, c.id, lang)
                  for c in registry.referring(COMMITTEES, ORGANISATIONS, entry.id)]
    committees.sort(key=lambda c: sort_key(c["name"]))
    me = named(registry, ORGANISATIONS.folder, entry.id, lang)
    reports = [{"path": report_path(r, entry.id), "title": report_title(r, me, texts, lang)}
               for r, has in (("network", members), (COMMITTEES.folder, committees)) if has]
    crumbs = [{"name": texts["site_home"], "path": "index.html"},
              {"name": texts["site_organisations"], "path": ORGANISATIONS_PAGE}]
    return Page(record_path(ORGANISATIONS.folder, entry.id), ORGANISATIONS.name, me["name"], {
        "record": me, "names": other_names(entry, lang, me["name"]),
        "facts": facts(registry, entry, lang, texts),
        "members": members, "columns": _filled(members, ("since", "until", "roles")),
        COMMITTEES.folder: committees, "reports": reports,
        "map": city_map(registry, [m["member"] for m in members]) if members else None,
        "sources": _sources(entry)}, me["lang"], crumbs, feed_path(ORGANISATIONS, entry.id))


def committee_page(registry: Registry, entry: Entry, lang: str) -> Page:
    texts = messages(lang)
    me = named(registry, COMMITTEES.folder, entry.id, lang)
    org = named(registry, ORGANISATIONS.folder, entry.raw[ORGANISATIONS.name], lang)
    crumbs = [{"name": texts["site_home"], "path": "index.html"},
              {"name": texts["site_organisations"], "path": ORGANISATIONS_PAGE}]
    if org["path"]:
        crumbs.append({"name": org["name"], "lang": org["lang"], "path": org["path"]})
    return Page(record_path(COMMITTEES.folder, entry.id), COMMITTEES.name, me["name"], {
        "record": me, "names": other_names(entry, lang, me["name"]),
        "facts": facts(registry, entry, lang, texts), "sources": _sources(entry)},
        me["lang"], crumbs)


def report_title(report: str, subject: dict[str, Any], texts: dict[str, str], lang: str
                  ) -> str:
    key = CITIES.name if REPORTS[report].subject is CITIES else ORGANISATIONS.name
    return fill(texts[f"{report}_title"], {key: subject["name"]}, lang)


REPORT_ROWS: dict[str, tuple[Kind, Kind]] = {
    "partners": (AGREEMENTS, CITIES), MEMBERSHIPS.folder: (MEMBERSHIPS, CITIES),
    "network": (MEMBERSHIPS, ORGANISATIONS), COMMITTEES.folder: (COMMITTEES, ORGANISATIONS)}
"""Each report: the kind of its rows, and the kind of its subject."""


def rows(registry: Registry, report: str, subject: str) -> int:
    kind, about = REPORT_ROWS[report]
    return len(registry.referring(kind, about, subject))


def report_subjects(registry: Registry) -> list[tuple[str, str]]:
    """(report, subject id) for every report that has something to show."""
    return [(report, entry.id) for report, (_, about) in REPORT_ROWS.items()
            for entry in registry.of_kind(about.folder) if rows(registry, report, entry.id)]


_NAMED_KINDS = (CITIES.folder, ORGANISATIONS.folder, COMMITTEES.folder, EVENTS.folder)


def mark_languages(registry: Registry, data: Any, lang: str) -> None:
    """Give each {id, name} in a report's data the language its name fell back to
    (`name_lang`), and its `description` likewise (`description_lang`), so the page marks
    them; the report builders give the texts only."""
    if isinstance(data, list):
        for item in data:
            mark_languages(registry, item, lang)
        return
    if not isinstance(data, dict):
        return
    if isinstance(data.get("id"), str) and isinstance(data.get("name"), str):
        for folder in _NAMED_KINDS:
            entry = registry.get(folder, data["id"])
            if entry is None:
                continue
            name, fallback = in_language(entry.raw.get("names"), lang, data["id"])
            if name == data["name"]:
                data["name_lang"] = fallback
                if isinstance(data.get("description"), str):
                    data["description_lang"] = in_language(entry.raw.get("description"),
                                                           lang)[1]
                break
    for value in data.values():
        if isinstance(value, dict | list):
            mark_languages(registry, value, lang)


def report_page(registry: Registry, report: str, subject: str, lang: str) -> Page:
    """A report's page: exactly the data `citynet report REPORT SUBJECT --format json` gives,
    each name marked with its language where it is not the page's."""
    texts = messages(lang)
    data = REPORTS[report].build(registry, subject, lang=lang)
    mark_languages(registry, data, lang)
    about = data.get(CITIES.name) or data.get(ORGANISATIONS.name)
    assert about is not None, "every report is about a city or an organisation"
    about_kind = CITIES if data.get(CITIES.name) else ORGANISATIONS
    extra: dict[str, Any] = {}
    if report == "partners":
        cities = [{**p, "lang": p.get("name_lang"), "path": record_path(CITIES.folder, p["id"])}
                  for g in data["groups"] for k in data["kinds"] for p in g[k]]
        centre = {**data[CITIES.name], "lang": data[CITIES.name].get("name_lang")}
        extra["map"] = city_map(registry, cities, centre)
    elif report == "network":
        extra["map"] = city_map(registry, [
            {**m, "lang": m.get("name_lang"), "path": record_path(CITIES.folder, m["id"])}
            for c in data["countries"] for m in c["members"]])
    for source in data["sources"]:
        source["url"] = safe_url(source["url"])
    crumbs = [{"name": texts["site_home"], "path": "index.html"},
              {"name": about["name"], "lang": about.get("name_lang"),
               "path": record_path(about_kind.folder, about["id"])}]
    return Page(report_path(report, subject), f"report-{report}",
                report_title(report, about, texts, lang), {"report": data, **extra},
                None, crumbs)
