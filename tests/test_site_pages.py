"""What the site's pages say and show: the reader's language, public text only, names not
ids, maps fitted and right across 180°, index pages two clicks from every record, tables
that drop empty columns, and a search index of bounded parts.

The shipped data is built once in every language; the visible text of a page is read
with the standard library's HTML parser, leaving out what a page marks as another
language (`lang="…"`), which is the only place another language may appear.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel import Locale

from tests.conftest import SHIPPED, invoke

LANGS = ("en", "fr", "es", "pt", "vi")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "image", "circle", "line", "rect", "path"}


class Visible(HTMLParser):
    """A page's visible text in its own language, its links, and its `<th>` elements."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = []
        self.own: list[str] = []
        self.other: list[str] = []
        self.links: list[str] = []
        self.headers: list[dict[str, str | None]] = []
        self.page_lang = lang

    def _hidden(self) -> bool:
        return any(tag in ("script", "style", "title", "head") for tag, _, _ in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag == "th":
            self.headers.append(found)
        if tag in VOID:
            return
        lang = found.get("lang") or (self.stack[-1][1] if self.stack else self.page_lang)
        self.stack.append((tag, lang or "", False))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack[-1][0] != tag:
            self.stack.pop()
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._hidden() or not data.strip():
            return
        lang = self.stack[-1][1] if self.stack else self.page_lang
        (self.own if lang == self.page_lang else self.other).append(data)


def read(site: Path, relative: str) -> Visible:
    lang = relative.split("/")[0]
    parser = Visible(lang)
    parser.feed((site / relative).read_text(encoding="utf-8"))
    return parser


def text(parser: Visible) -> str:
    """The visible text, runs of ASCII white space as one (U+202F and U+00A0 kept)."""
    return re.sub(r"[ \t\r\n]+", " ", " ".join(parser.own)).strip()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    run = invoke("--root", str(SHIPPED), "site", "build", str(out))
    assert run.exit_code == 0, run.stderr
    return out


def pages(site: Path, lang: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / lang).rglob("*.html"))


# Words


def test_every_field_a_page_may_show_has_a_label_in_every_language():
    """A field added to a kind with a page is either worded by facts.py or hidden there on
    purpose: it can never reach a page as a raw key."""
    from citynet.model.kinds import CITIES, COMMITTEES, ORGANISATIONS
    from citynet.publish.i18n import catalogue
    from citynet.publish.site.facts import EXTERNAL, HIDDEN, SHOWN

    for kind in (CITIES, ORGANISATIONS, COMMITTEES):
        for name in kind.model.model_fields:
            assert name in HIDDEN or name in SHOWN[kind.folder] or name in EXTERNAL, (
                f"{kind.folder}.{name}: word it in publish/site/facts.py or hide it there")
        for name in SHOWN[kind.folder]:
            assert f"field_{name}" in catalogue(), name


ENGLISH_WORDS = ("Country", "National capital", "Partner cities", "Elsewhere", "Other names",
                 "Acronym", "Partner organisations", "Members", "Filter this list",
                 "Not on the map", "On the map", "sister city", "friendship city", "yes", "Yes",
                 "geonames id", "capital", "acronym", "pilot city", "Search names", "Home")


@pytest.mark.parametrize("lang", ["fr", "vi"])
def test_no_english_word_outside_what_is_marked_english(site, lang):
    for relative in (f"{lang}/cities/seoul.html", f"{lang}/organisations/ascn.html",
                     f"{lang}/index.html", f"{lang}/countries/KR.html",
                     f"{lang}/reports/network/ascn.html", f"{lang}/organisations.html"):
        shown = text(read(site, relative))
        for word in ENGLISH_WORDS:
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", shown), (relative, word)


def test_names_that_fall_back_to_english_are_marked_english(site):
    vietnamese = (site / "vi/cities/seoul.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="[^"]*cities/moscow.html" lang="en">Moscow</a>', vietnamese)
    assert '<h1 lang="en">Seoul</h1>' in vietnamese
    assert re.search(r'<a href="[^"]*cities/hanoi.html">Hà Nội</a>', vietnamese)
    report = (site / "vi/reports/partners/seoul.html").read_text(encoding="utf-8")
    assert re.search(r'cities/moscow.html" lang="en">Moscow</a>', report)


def test_french_pages_set_a_narrow_no_break_space_before_colons(site):
    for relative in pages(site, "fr"):
        shown = text(read(site, relative))
        bare = re.findall(r"\w.{0,12}(?<![\u202f\d]):(?!\d)", shown)
        assert not bare, (relative, bare[:3])
    assert "Sur la carte\u202f:" in text(read(site, "fr/cities/seoul.html"))


def test_records_are_named_and_linked_never_shown_by_id(site):
    ascn = read(site, "en/organisations/ascn.html")
    shown = text(ascn)
    for partner, name in (("world-bank", "World Bank"), ("adb", "Asian Development Bank")):
        assert partner not in shown and name in shown
        assert any(link.endswith(f"organisations/{partner}.html") for link in ascn.links)
    for relative in pages(site, "en"):
        shown = text(read(site, relative))
        assert ".yaml" not in shown and "data/" not in shown, relative
        assert not re.search(r"\b[a-z]+(-[a-z]+)+-(sister|friendship)\b", shown), relative


def test_an_organisations_description_is_published_in_its_sources_language(site):
    english = (site / "en/organisations/pata.html").read_text(encoding="utf-8")
    assert re.search(r'<span lang="fr">Développe l’activité du tourisme[^<]*</span> '
                     r"<small>\(in French\)</small>", english)
    french = read(site, "fr/organisations/pata.html")
    assert "Développe l’activité du tourisme" in text(french)  # in the page's own language


# Public text only


def test_no_maintainers_note_is_published(site):
    from citynet.store.registry import load

    registry, _ = load(SHIPPED)
    notes = [entry.raw["notes"] for folder in registry.entries
             for entry in registry.of_kind(folder) if entry.raw.get("notes")]
    assert len(notes) > 20
    every_page = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    for note in notes:
        assert note[:60] not in every_page
    assert "docs/data.md" not in every_page and "citynet list" not in every_page


def test_a_column_empty_in_every_row_is_left_out(site):
    seoul = (site / "en/cities/seoul.html").read_text(encoding="utf-8")
    head = seoul.split('id="partner-list"')[1].split("</thead>")[0]
    assert ">Signed<" in head  # Taipei 1968, Ottawa 1997
    assert ">Ended<" not in head and ">Status<" not in head
    ascn = (site / "en/organisations/ascn.html").read_text(encoding="utf-8")
    head = ascn.split('id="member-list"')[1].split("</thead>")[0]
    assert ">Roles<" in head and ">Joined<" not in head  # the article dates none


def test_every_header_cell_has_a_scope(site):
    for lang in ("en", "vi"):
        for relative in pages(site, lang):
            for header in read(site, relative).headers:
                assert header.get("scope") in ("col", "row"), relative


# Index pages


def test_every_record_is_two_clicks_from_home(site):
    from citynet.store.registry import load

    def links(relative: str) -> set[str]:
        page = site / relative
        found = set()
        for link in read(site, relative).links:
            parts = urlsplit(link)
            if not parts.scheme and parts.path.endswith(".html"):
                found.add((page.parent / parts.path).resolve().relative_to(site.resolve())
                          .as_posix())
        return found

    registry, _ = load(SHIPPED)
    for lang in ("en", "vi"):
        one = links(f"{lang}/index.html")
        two = set().union(*(links(p) for p in one)) | one
        for folder in ("cities", "organisations", "committees"):
            for entry in registry.of_kind(folder):
                assert f"{lang}/{folder}/{entry.id}.html" in two, (lang, entry.id)


def test_a_country_page_lists_its_cities(site):
    korea = read(site, "fr/countries/KR.html")
    assert Locale.parse("fr").territories["KR"] in text(korea) and "Séoul" in text(korea)
    asia = read(site, "fr/regions/142.html")
    assert any(link.endswith("countries/KR.html") for link in asia.links)


# Maps


def _marks(page: str) -> dict[str, tuple[float, float]]:
    return {m[0]: (float(m[1]), float(m[2])) for m in re.findall(
        r'class="mark[^"]*" data-id="([^"]+)" cx="([-\d.]+)" cy="([-\d.]+)"', page)}


def test_lines_from_a_city_take_the_shorter_way(site):
    page = (site / "en/cities/seoul.html").read_text(encoding="utf-8")
    marks = _marks(page)
    seoul = re.search(r'class="centre" data-id="seoul" cx="([-\d.]+)"', page)
    x = float(seoul.group(1))
    assert marks["honolulu"][0] > x and marks["los-angeles"][0] > x  # east, over the Pacific
    assert marks["paris"][0] < x
    for x1, x2 in re.findall(r'<line class="tie" x1="([-\d.]+)" y1="[-\d.]+" x2="([-\d.]+)"',
                             page):
        assert abs(float(x2) - float(x1)) <= 180


def test_a_map_fits_its_places_with_a_world_inset(site):
    page = (site / "en/organisations/ascn.html").read_text(encoding="utf-8")
    x, y, w, h = map(float, re.search(r'class="view" viewBox="([^"]+)"', page).group(1).split())
    assert w < 90  # South-East Asia, not the world
    for mx, my in _marks(page).values():
        assert x <= mx <= x + w and y <= my <= y + h
    assert 'class="inset"' in page
    world = (site / "en/cities/seoul.html").read_text(encoding="utf-8")
    assert 'class="inset"' not in world  # partners on every continent: the world view


def test_marks_too_close_for_a_phone_are_grouped_and_each_group_zooms_onto_them(site):
    page = (site / "en/organisations/ascn.html").read_text(encoding="utf-8")
    groups = re.findall(r'<a class="group" href="#member-list" data-zoom="([^"]+)" '
                        r'aria-label="Zoom in on ([^"]+)">', page)
    assert groups
    marks = _marks(page)
    names = {re.search(rf'data-id="{k}"[^>]*><title>([^<]+)', page).group(1): v
             for k, v in marks.items()}
    for zoom, listed in groups:
        x, y, w, h = map(float, zoom.split())
        for name in listed.split(", "):
            mx, my = names[name]
            assert x <= mx <= x + w and y <= my <= y + h


# Search


def test_search_parts_stay_small_however_many_records(make_registry, tmp_path):
    """Two thousand cities whose names share a first syllable: the parts split by one more
    letter until each is under PART_BYTES, and every city is still found."""
    import json

    from citynet.publish.site.search import PART_BYTES

    files = {f"data/cities/sa{i:04d}.yaml": (
        f"names: {{en: San Test{i:04d} Longername, fr: Saint Test{i:04d}}}\n"
        "country: FR\nsources: [{title: t}]\n") for i in range(2000)}
    out = tmp_path / "out"
    assert invoke("--root", str(make_registry(files)), "site", "build", str(out),
                  "--lang", "en,fr").exit_code == 0
    parts = list((out / "assets/search").glob("*.js"))
    assert len(parts) > 10
    for part in parts:
        assert part.stat().st_size <= PART_BYTES + 2_000, part.name
    index = (out / "assets/search/index.js").read_text(encoding="utf-8")
    keys = json.loads(index[index.index(",") + 1: index.rindex(");")])
    assert "sa" not in keys and any(k.startswith("san") for k in keys)
    from tests.test_site import search_part

    assert any(row[0] == "cities/sa1234.html" for row in search_part(out, "test1234"))


def test_years_are_not_formatted_as_counts(site):
    committees = text(read(site, "en/reports/committees/mcsr-cities-alliance.html"))
    assert "Workplan 2018:" in committees and "2,018" not in committees


def test_a_timelines_texts_in_another_language_are_marked(site):
    """ASCN's events have Vietnamese and English texts: a French page shows the English,
    marked as English, names and descriptions alike."""
    page = (site / "fr/reports/network/ascn.html").read_text(encoding="utf-8")
    timeline = page.split("<h2>Chronologie</h2>")[1].split("</ul>")[0]
    items = re.findall(r"<li>(.*?)</li>", timeline)
    assert items
    for item in items:
        assert re.search(r'<span lang="en">[^<]+</span>', item), item
        assert not re.search(r"—\s+[A-Za-z]", item), item  # no unmarked English after the dash


def test_successions_and_lifecycles_are_shown_both_ways(make_registry, cli, tmp_path):
    """A city page names the cities it succeeded and those that succeeded it, linked; an
    agreement's row says when its lifecycle ended it and that it is suspended, never the
    fields lifecycles replaced."""
    root = make_registry({
        "data/cities/cherbourg-octeville.yaml": "names: {en: Cherbourg-Octeville}\ncountry: FR\n"
                                                "sources: [{title: t}]\n",
        "data/cities/cherbourg-en-cotentin.yaml": (
            "names: {en: Cherbourg-en-Cotentin}\ncountry: FR\nsources: [{title: t}]\n"
            "predecessors:\n- city: cherbourg-octeville\n  date: 2016-01-01\n  how: merged\n"),
        "data/agreements/seoul-taipei-sister.yaml": (
            "kind: sister\nparties: [seoul, taipei]\nsigned: 1968\nsources: [{title: t}]\n"
            "lifecycle:\n- step: suspended\n  date: 2022-03\n  source: {title: t}\n"),
        "data/agreements/seoul-ottawa-friendship.yaml": (
            "kind: friendship\nparties: [seoul, ottawa]\nsigned: 1997\nsources: [{title: t}]\n"
            "lifecycle:\n- step: terminated\n  date: 2023\n  source: {title: t}\n"),
    })
    out = tmp_path / "site"
    assert cli("site", "build", str(out), "--lang", "en,fr", root=root).exit_code == 0
    new = read(out, "en/cities/cherbourg-en-cotentin.html")
    assert "Succeeded" in text(new) and "Cherbourg-Octeville" in text(new)
    assert any(link.endswith("cities/cherbourg-octeville.html") for link in new.links)
    old = read(out, "fr/cities/cherbourg-octeville.html")  # the name is English, marked so
    assert "Remplacée par" in text(old)
    assert any(link.endswith("cities/cherbourg-en-cotentin.html") for link in old.links)
    seoul = text(read(out, "en/cities/seoul.html"))
    assert "suspended" in seoul and "2023" in seoul and "ended" in seoul
