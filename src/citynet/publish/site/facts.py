"""A record's facts as its page shows them: each field under its label in the reader's
language, values named (a city, never its id), linked where they name a record, and marked
with their language where they are not in the page's.

Every field of a kind with a page is either shown here or listed in HIDDEN with the
reason (tests/test_site.py holds that), so a field added to a model cannot reach the
page as a raw key or an English word.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citynet.model.kinds import CITIES, COMMITTEES, ORGANISATIONS
from citynet.publish.i18n import fill, label, number, territory_name
from citynet.publish.site.words import in_language, language_name, named, term
from citynet.store.registry import Entry, Registry

HIDDEN: dict[str, str] = {
    "id": "a file name, never shown",
    "names": "the page's title, the others under field_names",
    "sources": "a section of its own",
    "notes": "the maintainers' own text, never published",
    "location": "the map shows it",
    "aliases": "ids of merged records, for maintainers",
    "distinct_from": "a maintainer's mark for `duplicates`",
    "subdivision": "an ISO code, with no name in the reader's language",
    "rules": "the network report shows them",
    "posts": "structured posts (Popolo): `citynet show` and the API give them; their roles "
             "and areas have no words in the catalogue yet",
    "governance": "rules of how it works, by topic: `citynet show` and the API give them; "
                  "their topics have no words in the catalogue yet",
}

Item = dict[str, Any]
"""One value: {text, lang?, path?, url?, note?}."""


def _date(value: Any) -> str:
    return str(value)


def _name(folder: str) -> Callable[..., list[Item]]:
    def show(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
        ids = value if isinstance(value, list) else [value]
        found = [named(registry, folder, v, lang) for v in ids if isinstance(v, str)]
        return [{"text": n["name"], "lang": n["lang"], "path": n["path"]} for n in found]
    return show


def _term(prefix: str) -> Callable[..., list[Item]]:
    def show(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
        return [{"text": term(texts, prefix, value)}]
    return show


def _country(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    return [{"text": territory_name(value, lang), "path": f"countries/{value}.html"}]


def _yes(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    return [{"text": texts["site_yes"] if value else texts["site_no"]}]


def _plain(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    return [{"text": _date(value)}]


def _text(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    text, text_lang = in_language(value, lang)
    note = fill(texts["site_in_language"], {"language": language_name(text_lang, lang)},
                lang) if text_lang else None
    return [{"text": text, "lang": text_lang, "note": note}] if text else []


def _offices(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    items = []
    for office in value:
        city = named(registry, CITIES.folder, office[CITIES.name], lang)
        own, own_lang = in_language(office.get("names"), lang)
        items.append({"text": own or city["name"], "lang": own_lang if own else city["lang"],
                      "path": city["path"], "note": term(texts, "office", office["kind"])
                      + ("" if not own else ", " + city["name"])})
    return items


def _reported(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    items = []
    for count in value:
        if count.get("count") is None:
            continue
        shown = number(count["count"], lang)
        if count.get("approximate"):
            shown = fill(texts["site_about"], {"count": count["count"]}, lang)
        items.append({"text": shown, "note": _date(count["as_of"]) if count.get("as_of")
                      else None})
    return items


def _named_spans(key: str) -> Callable[..., list[Item]]:
    def show(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
        items = []
        for part in value:
            text, text_lang = in_language(part.get("names"), lang)
            years = "–".join(_date(part[k]) for k in ("start", "end") if part.get(k))
            items.append({"text": text, "lang": text_lang, "note": years or None})
        return items
    return show


def _elsewhere(entry: Entry, texts: dict[str, str], lang: str) -> list[Item]:
    raw = entry.raw
    links = []
    if isinstance(raw.get("wikidata"), str):
        links.append({"text": fill(texts["site_external"], {"site": "Wikidata"}, lang),
                      "url": f"https://www.wikidata.org/wiki/{raw['wikidata']}"})
    if isinstance(raw.get("geonames_id"), int):
        links.append({"text": fill(texts["site_external"], {"site": "GeoNames"}, lang),
                      "url": f"https://www.geonames.org/{raw['geonames_id']}"})
    return links


def _texts(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    """A list of texts, each in its source's languages."""
    return [item for part in value for item in _text(registry, part, lang, texts)]


def _predecessors(registry: Registry, value: Any, lang: str, texts: dict[str, str]
                  ) -> list[Item]:
    """The cities it succeeded, named and linked, with how and when."""
    items = []
    for held in value:
        city = named(registry, CITIES.folder, held[CITIES.name], lang)
        items.append({"text": city["name"], "lang": city["lang"], "path": city["path"],
                      "note": f"{term(texts, 'succession', held.get('how'))}, {held['date']}"})
    return items


def _successors(registry: Registry, entry: Entry, lang: str, texts: dict[str, str]
                ) -> list[Item]:
    """The cities that succeeded it (their `predecessors` name it), named and linked."""
    from citynet.query.successors import successors_of

    items = []
    for successor, held in successors_of(registry, entry.id):
        city = named(registry, CITIES.folder, successor.id, lang)
        items.append({"text": city["name"], "lang": city["lang"], "path": city["path"],
                      "note": f"{term(texts, 'succession', held.get('how'))}, {held['date']}"})
    return items


def _workplans(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    items = []
    for plan in value:
        for activity in plan.get("activities") or []:
            text, text_lang = in_language(activity, lang)
            items.append({"text": text, "lang": text_lang, "note": str(plan["year"])})
    return items


def _member_counts(registry: Registry, value: Any, lang: str, texts: dict[str, str]
                   ) -> list[Item]:
    items = []
    for counted in value:
        for category, count in (counted.get("counts") or {}).items():
            items.append({"text": f"{number(count, lang)} "
                          f"{label(texts, 'member_category', category)}",
                          "note": _date(counted["as_of"])})
    return items


def _sector(registry: Registry, value: Any, lang: str, texts: dict[str, str]) -> list[Item]:
    return [{"text": label(texts, "sector", value)}]


SHOWN: dict[str, dict[str, Callable[..., list[Item]]]] = {
    CITIES.folder: {"country": _country, "level": _term("level"), "capital": _yes,
                    "predecessors": _predecessors},
    ORGANISATIONS.folder: {
        "acronym": _plain, "description": _text, "goal": _text, "objectives": _texts,
        "kind": _term("kind"), "founded": _plain,
        "headquarters": _name(CITIES.folder), "offices": _offices,
        "reported_members": _reported, "partners": _name(ORGANISATIONS.folder),
        "pillars": _named_spans("names"), "phases": _named_spans("names")},
    COMMITTEES.folder: {ORGANISATIONS.name: _name(ORGANISATIONS.folder),
                        "status": _term("status"), "sector": _sector,
                        "workplans": _workplans, "member_counts": _member_counts},
}
"""Each kind's fields, in the order the page shows them, and how each is worded."""
EXTERNAL = ("wikidata", "geonames_id")
"""Identifiers elsewhere: shown as links to those sites, under one label."""


def facts(registry: Registry, entry: Entry, lang: str, texts: dict[str, str]
          ) -> list[dict[str, Any]]:
    """[{label, items}] for the fields the record has, in the kind's order."""
    found = []
    for key, show in SHOWN.get(entry.kind.folder, {}).items():
        value = entry.raw.get(key)
        if value is None or value == [] or (key == "capital" and value is not True):
            continue
        items = show(registry, value, lang, texts)
        if items:
            found.append({"label": texts[f"field_{key}"], "key": key, "items": items})
    if entry.kind.folder == CITIES.folder:
        successors = _successors(registry, entry, lang, texts)
        if successors:
            found.append({"label": texts["field_successors"], "key": "successors",
                          "items": successors})
    links = _elsewhere(entry, texts, lang)
    if links:
        found.append({"label": texts["field_elsewhere"], "key": "elsewhere", "items": links})
    return found


def other_names(entry: Entry, lang: str, shown: str) -> list[Item]:
    """The record's names in other languages than the page's, each marked with its own
    language; a name written alike in several is given once, with all of them."""
    names = entry.raw.get("names") or {}
    found: dict[str, list[str]] = {}
    for code, name in names.items():
        if code != lang and name != shown and isinstance(name, str):
            found.setdefault(name, []).append(code)
    return [{"text": name, "lang": codes[0],
             "note": ", ".join(language_name(code, lang) for code in codes)}
            for name, codes in found.items()]
