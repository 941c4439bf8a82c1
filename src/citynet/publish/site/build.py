"""`citynet site build`: the whole site written into a fresh folder that then replaces OUT.

Layout: `index.html` (leads to the first language's home), `<lang>/…` (every
page in each language asked for, same paths in each: `index.html`,
`organisations.html`, `regions/`, `countries/`, a page per city, organisation
and committee, `reports/`, and the Atom feeds `feed.atom` and `feeds/`),
`assets/` (css, js, basemap, the search index in parts), `api/` (JSON and its
OpenAPI description) and `feed.atom` (the first language's). Every link is
relative, so the site works from any address, and offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.model.kinds import CITIES, COMMITTEES, ORGANISATIONS
from citynet.publish.formats import dumps
from citynet.publish.i18n import LANGUAGES, fill, messages
from citynet.publish.site import api, basemap, feed, indexes, pages
from citynet.publish.site.render import Renderer, safe_url
from citynet.publish.site.search import search_files
from citynet.publish.site.words import named, own_name
from citynet.store.registry import Registry

MADE_BY = "citynet site build"
STATIC = ("site.css", "print.css", "site.js", "favicon.svg")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'")
"""No inline script or style, nothing from elsewhere, nothing fetched by a script."""


def check_base_url(base_url: str | None) -> str:
    """`base_url` with a final slash; empty when not given."""
    if not base_url:
        return ""
    if safe_url(base_url) is None:
        raise BadOption(f"--base-url {base_url!r} is not an http(s) address")
    return base_url if base_url.endswith("/") else base_url + "/"


def build_site(registry: Registry, out: Path, *, langs: list[str] | None = None,
               base_url: str | None = None, force: bool = False) -> dict[str, int]:
    """Build the site into a staging folder beside `out`, then swap it in for `out`.

    `out` is checked first under `export`'s rules: a new folder, or one citynet
    made, replaced only with `force`. Returns counts of what was written.
    """
    from citynet.store.atomic import replace_folder, staged_folder
    from citynet.store.output import check_output

    langs = langs or ["en"]
    base = check_base_url(base_url)
    check_output(out, kind="folder", force=force, root=registry.root, label="OUT")
    with staged_folder(out) as staging:
        counts = _write(registry, staging, langs, base)
        check_output(out, kind="folder", force=True, label="OUT")  # still ours?
        replace_folder(staging, out, made_by=MADE_BY)
    return counts


def _pages(registry: Registry, lang: str, reports: list[tuple[str, str]],
           countries: dict[str, list[str]]) -> Iterator[pages.Page]:
    """Every page of one language, one at a time (a page's data is dropped once written)."""
    yield indexes.home_page(registry, lang, reports)
    yield indexes.organisations_page(registry, lang)
    for region in indexes.present_regions(registry):
        yield indexes.region_page(registry, region, lang)
    for code, cities in countries.items():
        yield indexes.country_page(registry, code, cities, lang)
    makers = {CITIES.folder: pages.city_page, ORGANISATIONS.folder: pages.organisation_page,
              COMMITTEES.folder: pages.committee_page}
    for folder, make in makers.items():
        for entry in registry.of_kind(folder):
            yield make(registry, entry, lang)
    for report, subject in reports:
        yield pages.report_page(registry, report, subject, lang)


def _write(registry: Registry, folder: Path, langs: list[str], base: str) -> dict[str, int]:
    renderer = Renderer(registry.root)
    reports = pages.report_subjects(registry)
    countries = indexes.countries(registry)
    language_names = {code: own_name(code) for code in langs}
    written = 0

    made: set[Path] = set()

    def put(relative: str, text: str) -> None:
        """Write a file of the staging folder, which is swapped in whole once complete (so
        each file needs no atomic write of its own)."""
        nonlocal written
        path = folder / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        with open(path, "x", encoding="utf-8", newline="") as stream:
            stream.write(text)
        written += 1

    steps = feed.history(registry.root) if registry.root else []
    per_record = feed.by_feed(steps)
    for lang in langs:
        texts = messages(lang)
        for page in _pages(registry, lang, reports, countries):
            depth = page.path.count("/") + 1
            context: dict[str, Any] = {
                "page": page, "lang": lang, "langs": langs, "t": texts, "csp": CSP,
                "root": "../" * depth, "here": page.path, "base_url": base,
                "language_names": language_names, **page.data}
            put(f"{lang}/{page.path}", renderer.render(page.template, **context))
        for relative, text in _feeds(registry, steps, per_record, lang, base):
            put(relative, text)
    put("index.html", renderer.render("redirect", t=messages(langs[0]), csp=CSP, lang=langs[0],
                                      langs=langs, root="", language_names=language_names))
    put("feed.atom", _global_feed(registry, steps, langs[0], base, ""))
    static = resources.files(__package__).joinpath("static")
    for name in STATIC:
        put(f"assets/{name}", static.joinpath(name).read_text(encoding="utf-8"))
    for zoom in range(basemap.ZOOMS):
        put(f"assets/world-{zoom}.svg", basemap.world_svg(zoom))
    for relative, text in search_files(registry, langs, list(countries)).items():
        put(relative, text)
    for relative, data in api.api_files(registry, base):
        put(f"api/{relative}", dumps(data))
    return {"languages": len(langs), "files": written}


def _global_feed(registry: Registry, steps: list[feed.Step], lang: str, base: str,
                 here: str) -> str:
    """The registry's feed in `lang`, written at `here` (`en/` or the site's root)."""
    texts = messages(lang)
    up = base or "../" * here.count("/")
    return feed.atom([(step, step.records) for step in steps], registry=registry, lang=lang,
                     title=f"{texts['site_title']}: {texts['site_changes']}",
                     feed_id=f"{base}{here}feed.atom" if base else f"urn:citynet:feed:{lang}",
                     self_href=f"{base}{here}feed.atom" if base else "feed.atom",
                     home_href=f"{up}{lang}/index.html",
                     page_href=lambda folder, rid: f"{up}{lang}/{folder}/{rid}.html")


def _feeds(registry: Registry, steps: list[feed.Step],
           per_record: dict[tuple[str, str], feed.Entries], lang: str, base: str
           ) -> Iterator[tuple[str, str]]:
    """(path, text) of the language's global feed and of each city's and organisation's."""
    texts = messages(lang)
    yield f"{lang}/feed.atom", _global_feed(registry, steps, lang, base, f"{lang}/")
    updated = steps[0].date if steps else None
    for kind in pages.FEED_KINDS:
        for entry in registry.of_kind(kind.folder):
            relative = f"{lang}/{pages.feed_path(kind, entry.id)}"
            up = base or "../../../"
            name = named(registry, kind.folder, entry.id, lang)["name"]
            yield relative, feed.atom(
                per_record.get((kind.folder, entry.id), []), registry=registry, lang=lang,
                title=fill(texts["site_changes_of"], {"name": name}, lang),
                feed_id=f"{base}{relative}" if base else
                f"urn:citynet:feed:{lang}:{kind.folder}:{entry.id}",
                self_href=f"{base}{relative}" if base else f"{entry.id}.atom",
                home_href=f"{up}{lang}/{kind.folder}/{entry.id}.html",
                page_href=lambda folder, rid, up=up: f"{up}{lang}/{folder}/{rid}.html",
                updated=updated)


def parse_languages(text: str) -> list[str]:
    """`en,fr` -> ["en", "fr"], each supported, none twice."""
    langs = [part.strip() for part in text.split(",") if part.strip()]
    if not langs:
        raise BadOption("--lang names no language")
    for lang in langs:
        if lang not in LANGUAGES:
            raise BadOption(f"--lang {lang!r} is not supported "
                            f"(languages: {', '.join(LANGUAGES)})")
    return list(dict.fromkeys(langs))
