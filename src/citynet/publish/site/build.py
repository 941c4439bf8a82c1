"""`citynet site build`: the whole site written into a fresh folder that then replaces OUT.

Layout: `index.html` (the first language's home), `<lang>/…` (every page in
each language asked for, same paths in each), `assets/` (css, js, search
index), `api/` (JSON and its OpenAPI description) and `feed.atom`. Every link
is relative, so the site works from any address, and offline.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.model.kinds import CITIES, COMMITTEES, ORGANISATIONS
from citynet.model.problems import Problem
from citynet.publish.formats import dumps
from citynet.publish.i18n import LANGUAGES, messages
from citynet.publish.site import api, basemap, feed, pages
from citynet.publish.site.render import Renderer, safe_url
from citynet.publish.site.search import search_index
from citynet.store.atomic import write_atomic
from citynet.store.registry import Registry

MADE_BY = "citynet site build"
STATIC = ("site.css", "print.css", "site.js", "favicon.svg")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'")
"""No inline script or style, nothing from elsewhere."""


def check_base_url(base_url: str | None) -> str:
    """`base_url` with a final slash; empty when not given."""
    if not base_url:
        return ""
    if safe_url(base_url) is None:
        raise BadOption(f"--base-url {base_url!r} is not an http(s) address")
    return base_url if base_url.endswith("/") else base_url + "/"


def build_site(registry: Registry, out: Path, *, langs: list[str] | None = None,
               base_url: str | None = None, force: bool = False,
               problems: list[Problem] | None = None) -> dict[str, int]:
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
        counts = _write(registry, staging, langs, base, problems or [])
        check_output(out, kind="folder", force=True, label="OUT")  # still ours?
        replace_folder(staging, out, made_by=MADE_BY)
    return counts


def _pages(registry: Registry, lang: str, reports: list[tuple[str, str]],
           problems: list[Problem]) -> list[pages.Page]:
    found = [pages.home_page(registry, lang, reports, problems), pages.problems_page(problems)]
    makers = {CITIES.folder: pages.city_page, ORGANISATIONS.folder: pages.organisation_page,
              COMMITTEES.folder: pages.committee_page}
    for folder, make in makers.items():
        found += [make(registry, entry, lang) for entry in registry.of_kind(folder)]
    found += [pages.report_page(registry, report, subject, lang) for report, subject in reports]
    return found


def _write(registry: Registry, folder: Path, langs: list[str], base: str,
           problems: list[Problem]) -> dict[str, int]:
    renderer = Renderer(registry.root)
    reports = pages.report_subjects(registry)
    written = 0

    def put(relative: str, text: str) -> None:
        nonlocal written
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text, durable=False)
        written += 1

    for lang in langs:
        texts = messages(lang)
        for page in _pages(registry, lang, reports, problems):
            depth = page.path.count("/") + 1
            context: dict[str, Any] = {
                "page": page, "lang": lang, "langs": langs, "t": texts, "csp": CSP,
                "root": "../" * depth, "here": page.path, "base_url": base,
                "language_names": {code: _language_name(code) for code in langs},
                **page.data}
            put(f"{lang}/{page.path}", renderer.render(page.template, **context))
    put("index.html", renderer.render("redirect", t=messages(langs[0]), csp=CSP, lang=langs[0],
                                      langs=langs, root="", language_names={
                                          code: _language_name(code) for code in langs}))
    static = resources.files(__package__).joinpath("static")
    for name in STATIC:
        put(f"assets/{name}", static.joinpath(name).read_text(encoding="utf-8"))
    put("assets/world.svg", basemap.world_svg())
    put("assets/search.json", dumps(search_index(registry, langs), pretty=False))
    for relative, data in api.api_files(registry).items():
        put(f"api/{relative}", dumps(data))
    put("feed.atom", feed.atom(feed.changes(registry.root), base, messages(langs[0])["site_title"]))
    return {"languages": len(langs), "files": written}


def _language_name(code: str) -> str:
    from babel import Locale

    return Locale.parse(code).get_display_name(code) or code


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
