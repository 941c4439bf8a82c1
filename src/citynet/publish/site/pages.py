"""What each page of the site shows, as plain data for its template.

A page is a path inside a language's folder, a template and its data. The
report pages take their data from the report builders themselves, so a page
and `citynet report` show the same thing; record pages gather a record's
facts, the agreements and memberships that name it, and its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citynet.model.kinds import AGREEMENTS, CITIES, COMMITTEES, MEMBERSHIPS, ORGANISATIONS, Kind
from citynet.model.problems import Problem
from citynet.publish.i18n import messages, pick, sort_key, territory_name
from citynet.publish.reports import REPORTS
from citynet.publish.site.maps import city_map
from citynet.publish.site.render import safe_url
from citynet.query.rows import records
from citynet.store.registry import Entry, Registry

RECORD_KINDS = (CITIES, ORGANISATIONS, COMMITTEES)
"""The kinds that have a page of their own."""
_NOT_FACTS = ("id", "names", "sources", "notes", "location")


@dataclass
class Page:
    path: str
    """Inside the language's folder, with forward slashes: `cities/seoul.html`."""
    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


def record_path(kind: Kind, record_id: str) -> str:
    return f"{kind.folder}/{record_id}.html"


def report_path(report: str, subject: str) -> str:
    return f"reports/{report}/{subject}.html"


def _sources(entry: Entry) -> list[dict[str, Any]]:
    return [{"title": s.get("title"), "url": safe_url(s.get("url")), "as_of": _flat(s.get("as_of"))}
            for s in entry.raw.get("sources") or [] if isinstance(s, dict)]


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(_flat(v)) for v in value)
    return None if value is None else str(value)


def _facts(registry: Registry, entry: Entry, lang: str) -> list[dict[str, Any]]:
    """The record's plain fields: label, text, and a link when the field names a record."""
    texts = messages(lang)
    record = records([entry])[0]
    facts = []
    for key, value in record.items():
        if key in _NOT_FACTS or value is None or isinstance(value, dict) or (
                isinstance(value, list) and any(isinstance(v, dict) for v in value)):
            continue
        target = entry.kind.target(key)
        link = None
        if target and isinstance(value, str) and registry.get(target, value):
            link = record_path(_kind(target), value)
            value = registry.name(target, value, lang)
        elif key == "country" and isinstance(value, str):
            value = territory_name(value, lang)
        elif isinstance(value, bool):
            value = texts["site_yes"] if value else texts["site_no"]
        facts.append({"label": texts.get(key, key.replace("_", " ")), "text": _flat(value),
                      "link": link})
    return facts


def _kind(folder: str) -> Kind:
    from citynet.model.kinds import KINDS

    return KINDS[folder]


def _names(entry: Entry) -> list[dict[str, str]]:
    names = entry.raw.get("names") or {}
    return [{"lang": lang, "name": name} for lang, name in names.items()]


def _city(registry: Registry, city_id: str, lang: str) -> dict[str, Any]:
    entry = registry.get(CITIES.folder, city_id)
    country = entry.raw.get("country") if entry else None
    return {"id": city_id, "name": registry.name(CITIES.folder, city_id, lang),
            "country_name": territory_name(country, lang) if country else None,
            "path": record_path(CITIES, city_id) if entry else None}


def city_page(registry: Registry, entry: Entry, lang: str) -> Page:
    texts = messages(lang)
    agreements = []
    for agreement in registry.referring(AGREEMENTS, CITIES, entry.id):
        raw = agreement.raw
        partner = next((p for p in raw["parties"] if p != entry.id), entry.id)
        agreements.append({"partner": _city(registry, partner, lang),
                           "kind": texts.get(raw["kind"], raw["kind"]),
                           "signed": _flat(raw.get("signed")), "ended": _flat(raw.get("ended"))})
    agreements.sort(key=lambda a: sort_key(a["partner"]["name"]))
    memberships = [_membership(registry, m, lang)
                   for m in registry.referring(MEMBERSHIPS, CITIES, entry.id)]
    memberships.sort(key=lambda m: sort_key(m[ORGANISATIONS.name]["name"]))
    me = _city(registry, entry.id, lang)
    reports = [{"name": r, "path": report_path(r, entry.id), "title": _report_title(r, me, texts)}
               for r in ("partners", MEMBERSHIPS.folder)
               if (agreements if r == "partners" else memberships)]
    return Page(record_path(CITIES, entry.id), CITIES.name, me["name"], {
        "record": me, "names": _names(entry), "facts": _facts(registry, entry, lang),
        AGREEMENTS.folder: agreements, MEMBERSHIPS.folder: memberships, "reports": reports,
        "map": city_map(registry, [a["partner"] for a in agreements], me) if agreements else None,
        "sources": _sources(entry), "notes": entry.raw.get("notes")})


def _membership(registry: Registry, entry: Entry, lang: str) -> dict[str, Any]:
    raw = entry.raw
    org = raw[ORGANISATIONS.name]
    return {ORGANISATIONS.name: {"id": org, "name": registry.name(ORGANISATIONS.folder, org, lang),
                             "path": record_path(ORGANISATIONS, org)
                             if registry.get(ORGANISATIONS.folder, org) else None},
            "member": _city(registry, raw["member"], lang),
            "since": _flat(raw.get("since")), "until": _flat(raw.get("until"))}


def organisation_page(registry: Registry, entry: Entry, lang: str) -> Page:
    texts = messages(lang)
    members = [_membership(registry, m, lang)
               for m in registry.referring(MEMBERSHIPS, ORGANISATIONS, entry.id)]
    members.sort(key=lambda m: sort_key(m["member"]["name"]))
    committees = [{"name": pick(c.raw.get("names"), lang, c.id),
                   "path": record_path(COMMITTEES, c.id), "status": c.raw.get("status")}
                  for c in registry.referring(COMMITTEES, ORGANISATIONS, entry.id)]
    committees.sort(key=lambda c: sort_key(c["name"]))
    me = {"id": entry.id, "name": registry.name(ORGANISATIONS.folder, entry.id, lang)}
    reports = [{"name": r, "path": report_path(r, entry.id), "title": _report_title(r, me, texts)}
               for r, has in (("network", members), (COMMITTEES.folder, committees)) if has]
    return Page(record_path(ORGANISATIONS, entry.id), ORGANISATIONS.name, me["name"], {
        "record": me, "names": _names(entry), "facts": _facts(registry, entry, lang),
        "members": members, COMMITTEES.folder: committees, "reports": reports,
        "map": city_map(registry, [m["member"] for m in members]) if members else None,
        "sources": _sources(entry), "notes": entry.raw.get("notes")})


def committee_page(registry: Registry, entry: Entry, lang: str) -> Page:
    name = pick(entry.raw.get("names"), lang, entry.id)
    return Page(record_path(COMMITTEES, entry.id), COMMITTEES.name, name, {
        "record": {"id": entry.id, "name": name}, "names": _names(entry),
        "facts": _facts(registry, entry, lang), "sources": _sources(entry),
        "notes": entry.raw.get("notes")})


def _report_title(report: str, subject: dict[str, Any], texts: dict[str, str]) -> str:
    key = CITIES.name if REPORTS[report].subject is CITIES else ORGANISATIONS.name
    return texts[f"{report}_title"] % {key: subject["name"]}


REPORT_ROWS: dict[str, tuple[Kind, Kind]] = {
    "partners": (AGREEMENTS, CITIES), MEMBERSHIPS.folder: (MEMBERSHIPS, CITIES),
    "network": (MEMBERSHIPS, ORGANISATIONS), COMMITTEES.folder: (COMMITTEES, ORGANISATIONS)}
"""Each report: the kind of its rows, and the kind of its subject."""
HOME_MIN_ROWS = 3
"""The home page lists the reports with at least this many rows; the record pages link all."""


def _rows(registry: Registry, report: str, subject: str) -> int:
    kind, about = REPORT_ROWS[report]
    return len(registry.referring(kind, about, subject))


def report_subjects(registry: Registry) -> list[tuple[str, str]]:
    """(report, subject id) for every report that has something to show."""
    return [(report, entry.id) for report, (_, about) in REPORT_ROWS.items()
            for entry in registry.of_kind(about.folder) if _rows(registry, report, entry.id)]


def report_page(registry: Registry, report: str, subject: str, lang: str) -> Page:
    """A report's page: exactly the data `citynet report REPORT SUBJECT --format json` gives."""
    texts = messages(lang)
    data = REPORTS[report].build(registry, subject, lang=lang)
    about = data.get(CITIES.name) or data.get(ORGANISATIONS.name)
    extra: dict[str, Any] = {}
    if report == "partners":
        cities = [p for g in data["groups"] for k in data["kinds"] for p in g[k]]
        extra["map"] = city_map(registry, cities, data[CITIES.name])
    elif report == "network":
        extra["map"] = city_map(registry, [m for c in data["countries"] for m in c["members"]])
    for source in data["sources"]:
        source["url"] = safe_url(source["url"])
    return Page(report_path(report, subject), f"report-{report}",
                _report_title(report, about, texts), {"report": data, **extra})


def problems_page(problems: list[Problem]) -> Page:
    return Page("problems.html", "problems", "", {
        "problems": [p.as_dict() for p in problems]})


def home_page(registry: Registry, lang: str, reports: list[tuple[str, str]],
              problems: list[Problem]) -> Page:
    texts = messages(lang)
    sections = []
    for kind in RECORD_KINDS:
        items = [{"name": registry.name(kind.folder, e.id, lang) if kind is not COMMITTEES
                  else pick(e.raw.get("names"), lang, e.id), "path": record_path(kind, e.id)}
                 for e in registry.of_kind(kind.folder)]
        items.sort(key=lambda i: sort_key(i["name"]))
        sections.append({"kind": kind.folder, "title": texts[f"site_{kind.folder}"],
                         "entries": items})
    listed = []
    for report, subject in reports:
        if _rows(registry, report, subject) < HOME_MIN_ROWS:
            continue
        spec = REPORTS[report]
        name = registry.name(spec.subject.folder, subject, lang)
        listed.append({"path": report_path(report, subject),
                       "title": _report_title(report, {"name": name}, texts)})
    every_city = [_city(registry, e.id, lang) for e in registry.of_kind(CITIES.folder)]
    return Page("index.html", "home", texts["site_title"], {
        "sections": sections, "reports": listed, "problem_count": len(problems),
        "map": city_map(registry, every_city)})
