"""`citynet site build`: pages, links, API, feed, escaping, templates and the output rules."""

from __future__ import annotations

import html
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel import Locale

from tests.conftest import SHIPPED, invoke

HOSTILE = """\
names: {en: "<script>alert(1)</script> & \\"Co\\"", fr: "Ville <b>"}
country: FR
sources:
  - title: "<img src=x onerror=alert(1)>"
  - title: Good
    url: "https://example.org/a?b=1&c=\\"x\\""
"""


class Links(HTMLParser):
    """Every href and src of a page, and whether it has an inline script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(found[name] or "")
        if tag == "script" and not found.get("src"):
            self.inline.append("script")
        if "style" in found or tag == "style" or any(a.startswith("on") for a in found):
            self.inline.append(tag)


def broken_links(site: Path) -> list[str]:
    """Every relative link in the built pages that leads to no file of the site."""
    broken = []
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = (page.parent / parts.path).resolve() if parts.path else page
            if not target.is_relative_to(site.resolve()) or not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
    return broken


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    run = invoke("--root", str(SHIPPED), "site", "build", str(out))
    assert run.exit_code == 0, run.stderr
    assert "files in 5 language(s)" in run.stdout
    return out


def test_no_broken_internal_link(site):
    assert broken_links(site) == []


def test_the_link_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html">b</a><a href="https://x.org">x</a>')
    assert broken_links(tmp_path) == ["a.html: b.html"]


def test_every_page_in_every_language_with_its_switcher(site):
    english = {p.relative_to(site / "en") for p in (site / "en").rglob("*.html")}
    assert Path("cities/seoul.html") in english
    assert Path("reports/partners/seoul.html") in english
    assert Path("reports/network/ascn.html") in english
    for lang in ("fr", "es", "pt", "vi"):
        assert {p.relative_to(site / lang) for p in (site / lang).rglob("*.html")} == english
    page = (site / "vi/cities/seoul.html").read_text(encoding="utf-8")
    assert 'hreflang="fr" href="../../fr/cities/seoul.html"' in page
    assert '<html lang="vi"' in page


def test_every_page_has_a_strict_csp_and_no_inline_code(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text and "script-src 'self'" in html.unescape(text), page
        parser = Links()
        parser.feed(text)
        assert parser.inline == [], page


def test_names_and_countries_in_the_readers_language(site):
    page = (site / "fr/cities/seoul.html").read_text(encoding="utf-8")
    assert "<h1>Séoul</h1>" in page
    assert Locale.parse("fr").territories["KR"] in page  # CLDR's name, as installed
    assert "Made with Natural Earth" in page


def test_the_map_marks_located_partners_and_lists_the_others(site):
    page = (site / "en/cities/seoul.html").read_text(encoding="utf-8")
    marks = re.findall(r'class="mark" data-id="([^"]+)"', page)
    assert "tokyo" in marks and len(marks) == len(set(marks))
    unmapped = page.split('class="unmapped"')[1].split("</p>")[0]
    assert "Guangdong" in unmapped  # a province with no location: listed, not dropped
    assert "guangdong" not in marks


def search_part(site: Path, word: str) -> list[list]:
    """The search index's part a word is looked up in, as the browser's script would choose
    it: the longest listed prefix of the folded word."""
    from citynet.publish.i18n import fold
    from citynet.publish.site.search import part_name

    def data(text: str) -> object:
        return json.loads(text[text.index(",") + 1: text.rindex(");")])

    keys = data((site / "assets/search/index.js").read_text(encoding="utf-8"))
    word = fold(word)
    key = next((word[:n] for n in range(min(len(word), 6), 1, -1) if word[:n] in keys), None)
    assert key is not None, word
    return data((site / part_name(key)).read_text(encoding="utf-8"))


def test_search_index_holds_names_in_every_language(site):
    seoul = next(i for i in search_part(site, "seo") if i[0] == "cities/seoul.html")
    assert seoul[2]["fr"] == "Séoul" and seoul[2]["es"] == "Seúl"
    assert seoul[2]["vi"] == ["Seoul", "en"]  # no Vietnamese name: English, marked as such
    assert {"seoul", "seul"} <= set(seoul[3])
    assert any(i[0] == "cities/beijing.html" for i in search_part(site, "pékin"))
    korea = Locale.parse("vi").territories["KR"]  # CLDR's name, as installed
    assert any(i[0] == "countries/KR.html" for i in search_part(site, korea))


def test_api_records_validate_against_the_openapi_description(site):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    description = json.loads((site / "api/openapi.json").read_text(encoding="utf-8"))
    assert description["openapi"].startswith("3.1")
    registry = Registry().with_resource(
        "openapi.json", Resource.from_contents(description, default_specification=DRAFT202012))
    checked = 0
    for path, spec in description["paths"].items():
        schema = spec["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" in schema:
            schema = {"$ref": "openapi.json" + schema["$ref"]}
        validator = Draft202012Validator(schema, registry=registry)
        folder = path.split("/")[1]
        files = ([site / "api" / folder / "index.json"] if path.endswith("index.json") else
                 [p for p in (site / "api" / folder).glob("*.json") if p.name != "index.json"])
        for file in files:
            errors = list(validator.iter_errors(json.loads(file.read_text(encoding="utf-8"))))
            assert not errors, f"{file}: {errors[0].message}"
            checked += 1
    assert checked == len(list((site / "api").rglob("*.json"))) - 1  # all but openapi.json


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _leaves(data: object, keys: set[str]) -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str):
                found.add(value)
            found |= _leaves(value, keys)
    elif isinstance(data, list):
        for value in data:
            found |= _leaves(value, keys)
    return found


@pytest.mark.parametrize(("report", "subject", "lang"), [
    ("partners", "seoul", "fr"), ("network", "ascn", "vi"),
    ("committees", "mcsr-cities-alliance", "es"), ("memberships", "seoul", "pt")])
def test_a_report_page_shows_the_same_data_as_the_markdown_report(site, report, subject, lang):
    data = invoke("--root", str(SHIPPED), "report", report, subject, "--lang", lang,
                  "--format", "json").json()
    markdown = invoke("--root", str(SHIPPED), "report", report, subject, "--lang", lang).stdout
    markdown = re.sub(r"\\(.)", r"\1", markdown)
    page = _text((site / lang / "reports" / report / f"{subject}.html").read_text("utf-8"))
    values = _leaves(data, {"name", "country_name", "title", "signed", "since", "label", "date"})
    shown = {value for value in values if value in markdown}
    assert len(shown) > 5 and len(shown) >= len(values) - 3  # the data is what Markdown shows
    for value in shown:
        assert " ".join(value.split()) in page, value


def test_values_are_escaped_and_only_http_links_made(make_registry, tmp_path):
    root = make_registry({"data/cities/bad.yaml": HOSTILE})
    out = tmp_path / "out"
    run = invoke("--root", str(root), "site", "build", str(out), "--lang", "en,fr")
    assert run.exit_code == 0, run.stderr
    page = (out / "en/cities/bad.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="https://example.org/a?b=1&amp;c=' not in page  # a quote in a URL: no link
    assert "&lt;b&gt;" in (out / "fr/cities/bad.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.org/",
                                 "https://x.org/\"onmouseover=", "https://x.org/ a", None, 3])
def test_only_http_addresses_become_links(url):
    from citynet.publish.site.render import safe_url

    assert safe_url(url) is None
    assert safe_url("https://www.seoul.go.kr/x?a=1&b=2") == "https://www.seoul.go.kr/x?a=1&b=2"


def test_a_registry_overrides_a_template_inside_the_sandbox(make_registry, tmp_path):
    root = make_registry({"templates/site/committee.html.j2": "x",
                          "templates/site/organisations.html.j2":
                          '{% extends "site/base.html.j2" %}{% block main %}OURS{% endblock %}'})
    out = tmp_path / "out"
    assert invoke("--root", str(root), "site", "build", str(out)).exit_code == 0
    assert "OURS" in (out / "en/organisations.html").read_text(encoding="utf-8")
    root = make_registry({"templates/site/organisations.html.j2":
                          "{{ ''.__class__.__mro__[1].__subclasses__() }}"})
    run = invoke("--root", str(root), "site", "build", str(tmp_path / "out2"))
    assert run.exit_code == 2
    assert "organisations.html.j2" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out2").exists()


def test_out_is_replaced_only_with_force_and_only_if_citynet_made_it(make_registry, tmp_path):
    root = make_registry()
    out = tmp_path / "out"
    assert invoke("--root", str(root), "site", "build", str(out)).exit_code == 0
    again = invoke("--root", str(root), "site", "build", str(out))
    assert again.exit_code == 2 and "pass --force" in again.stderr
    (out / "en" / "stale.html").write_text("x")
    refused = invoke("--root", str(root), "site", "build", str(out), "--force")
    assert refused.exit_code == 2 and "did not make" in refused.stderr
    (out / "en" / "stale.html").unlink()
    assert invoke("--root", str(root), "site", "build", str(out), "--force").exit_code == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("x")
    run = invoke("--root", str(root), "site", "build", str(mine), "--force")
    assert run.exit_code == 2 and (mine / "keep.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "out", "registry"]


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "en,de"], "--lang 'de' is not supported"),
    (["--lang", ","], "--lang names no language"),
    (["--base-url", "ftp://x"], "is not an http(s) address")])
def test_bad_options_are_one_line(make_registry, tmp_path, args, message):
    run = invoke("--root", str(make_registry()), "site", "build", str(tmp_path / "o"), *args)
    assert run.exit_code == 2 and message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_broken_record_is_left_out_and_the_build_says_so(make_registry, tmp_path):
    """The site publishes no list of problems (file paths and English messages are for the
    maintainers, who have `citynet validate`); the command tells them on stderr."""
    root = make_registry({"data/cities/broken.yaml": "names: {en: Broken}\n"})
    out = tmp_path / "out"
    run = invoke("--root", str(root), "site", "build", str(out))
    assert run.exit_code == 0, run.stderr
    assert "1 problem(s) in the registry" in run.stderr and "citynet validate" in run.stderr
    assert not (out / "en/cities/broken.html").exists()
    assert not list(out.rglob("problems.html"))


