"""The site's Atom feeds and its OpenAPI document, held to their standards.

Atom (RFC 4287): every feed parses as Atom with feedparser (no `bozo`), and the
document's MUSTs are checked one by one: a feed's id, title, updated, author and
self link; each entry's id (unique), title, updated, alternate link and content; dates
in RFC 3339. No validator of Atom is on PyPI, so the RFC's requirements are written
here. OpenAPI: the document passes openapi-spec-validator, and every path, resolved
from its `servers` against the document's own address, is a file of the site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest

from git_history import build_history
from tests.conftest import SHIPPED, invoke

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_atom(text: str) -> ET.Element:
    """Fail on anything RFC 4287 requires that the feed lacks; return its root."""
    import feedparser

    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{tag}")) == 1, tag
    assert RFC3339.match(feed.findtext(f"{A}updated") or "")
    assert feed.find(f"{A}author/{A}name") is not None  # so no entry needs its own
    assert [link.get("rel") for link in feed.findall(f"{A}link")].count("self") == 1
    ids = [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]
    assert len(ids) == len(set(ids))
    for entry in feed.findall(f"{A}entry"):
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{tag}")) == 1, tag
        assert urlsplit(entry.findtext(f"{A}id")).scheme  # an IRI, not a bare string
        assert RFC3339.match(entry.findtext(f"{A}updated") or "")
        links = [link for link in entry.findall(f"{A}link") if link.get("rel") == "alternate"]
        assert len(links) == 1 and links[0].get("href")
        content = entry.find(f"{A}content")
        assert content is not None and content.get("type") == "html" and content.text
    return feed


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry with four commits (tests/git_history.py), then a fifth that gives Seoul a
    Spanish name and a note; built in English and French."""
    from conftest import BASE, SEOUL, write_registry
    from git_history import commit

    root = build_history(write_registry(tmp_path_factory.mktemp("reg") / "registry", BASE))
    (root / "data/cities/seoul.yaml").write_text(
        SEOUL.replace("  fr: Séoul\n", "  fr: Séoul\n  es: Seúl\n") + "notes: an aside\n")
    commit(root, "Seoul <in Spanish> & a note", "Di", "2024-02-01T09:30:00+01:00")
    out = tmp_path_factory.mktemp("out") / "site"
    run = invoke("--root", str(root), "site", "build", str(out), "--lang", "en,fr",
                 "--base-url", "https://example.org/net")
    assert run.exit_code == 0, run.stderr
    return out


def test_every_feed_is_valid_atom(history_site):
    feeds = list(history_site.rglob("*.atom"))
    assert len(feeds) == 1 + 2 * (1 + 4)  # the root's, and per language the global and 4 cities
    for path in feeds:
        check_atom(path.read_text(encoding="utf-8"))


def test_an_entry_says_what_changed_in_the_readers_words(history_site):
    feed = check_atom((history_site / "en/feed.atom").read_text(encoding="utf-8"))
    newest = feed.find(f"{A}entry")
    assert newest.findtext(f"{A}title") == "Seoul: Name (Spanish) added"
    assert newest.find(f"{A}link").get("href") == "https://example.org/net/en/cities/seoul.html"
    assert newest.findtext(f"{A}updated") == "2024-02-01T09:30:00+01:00"
    content = newest.findtext(f"{A}content")
    assert '<a href="https://example.org/net/en/cities/seoul.html">Seoul</a>' in content
    text = (history_site / "fr/feed.atom").read_text(encoding="utf-8")
    assert "Séoul\u202f: Nom (espagnol) (ajout)" in text
    for site_text in (p.read_text(encoding="utf-8") for p in history_site.rglob("*.atom")):
        assert "an aside" not in site_text and "Notes" not in site_text  # not public
        assert "&lt;in Spanish&gt;" not in site_text and ".yaml" not in site_text
        assert "urn:git" not in site_text


def test_a_city_has_its_own_feed_with_its_agreements(history_site):
    feed = check_atom((history_site / "en/feeds/cities/seoul.atom").read_text("utf-8"))
    titles = [e.findtext(f"{A}title") for e in feed.findall(f"{A}entry")]
    assert titles[0] == "Seoul: Name (Spanish) added"
    assert "Seoul – Ottawa: removed from the registry" in titles  # its agreement, by names
    ottawa = check_atom((history_site / "en/feeds/cities/ottawa.atom").read_text("utf-8"))
    assert "Seoul: Name (Spanish) added" not in [
        e.findtext(f"{A}title") for e in ottawa.findall(f"{A}entry")]
    assert feed.find(f"{A}link[@rel='self']").get("href") == \
        "https://example.org/net/en/feeds/cities/seoul.atom"
    page = (history_site / "en/cities/seoul.html").read_text(encoding="utf-8")
    assert 'href="../../en/feeds/cities/seoul.atom"' in page  # the page links its feed


def test_feeds_without_git_are_valid_and_empty(make_registry, tmp_path):
    out = tmp_path / "out"
    assert invoke("--root", str(make_registry()), "site", "build", str(out)).exit_code == 0
    for path in out.rglob("*.atom"):
        feed = check_atom(path.read_text(encoding="utf-8"))
        assert feed.find(f"{A}entry") is None
    assert (out / "en/feeds/cities/seoul.atom").is_file()


def test_a_hostile_record_cannot_break_a_feed(make_registry, tmp_path):
    from git_history import commit, git

    root = make_registry({"data/cities/seoul.yaml":
                          'names: {en: "S\\u0001eoul </title><x>", fr: "&amp;"}\n'
                          "country: KR\nsources: [{title: t}]\n"})
    git(root, "init", "-q", "-b", "main")
    commit(root, "x\x7f", "Ann", "2020-01-05T10:00:00+00:00")
    out = tmp_path / "out"
    assert invoke("--root", str(root), "site", "build", str(out)).exit_code == 0
    text = (out / "en/feed.atom").read_text(encoding="utf-8")
    check_atom(text)
    assert "&lt;/title&gt;&lt;x&gt;" in text


def test_openapi_is_valid_and_its_paths_resolve_to_files(tmp_path):
    from openapi_spec_validator import validate

    for base in (None, "https://example.org/net/"):
        out = tmp_path / ("plain" if base is None else "based")
        args = ["--base-url", base] if base else []
        assert invoke("--root", str(SHIPPED), "site", "build", str(out), "--lang", "en",
                      *args).exit_code == 0
        document = json.loads((out / "api/openapi.json").read_text(encoding="utf-8"))
        validate(document)
        here = (base or "https://anywhere.example/some/site/") + "api/openapi.json"
        server = urljoin(here, document["servers"][0]["url"]).rstrip("/")
        site_root = (base or "https://anywhere.example/some/site/")
        checked = 0
        for path in document["paths"]:
            url = server + path
            assert url.startswith(site_root), url
            relative = url[len(site_root):]
            if "{id}" in relative:
                index = json.loads((out / relative.replace("{id}.json", "index.json"))
                                   .read_text(encoding="utf-8"))
                targets = [relative.replace("{id}", record_id) for record_id in index]
            else:
                targets = [relative]
            for target in targets:
                assert (out / target).is_file(), target
                checked += 1
        assert checked > 200


def test_a_commit_of_many_records_is_one_bounded_entry(make_registry, tmp_path):
    """An import that adds hundreds of cities is one entry naming the first few and saying
    how many more, not a feed the size of the registry."""
    from git_history import commit, git

    from citynet.publish.site.feed import ENTRY_RECORDS

    files = {f"data/cities/c{i:03d}.yaml": f"names: {{en: C{i:03d}}}\ncountry: FR\n"
             "sources: [{title: t}]\n" for i in range(120)}
    root = make_registry(files)
    git(root, "init", "-q", "-b", "main")
    commit(root, "import", "Ann", "2020-01-05T10:00:00+00:00")
    out = tmp_path / "out"
    assert invoke("--root", str(root), "site", "build", str(out), "--lang", "en").exit_code == 0
    feed = check_atom((out / "en/feed.atom").read_text(encoding="utf-8"))
    [entry] = feed.findall(f"{A}entry")
    content = entry.findtext(f"{A}content")
    assert content.count("<li>") == ENTRY_RECORDS + 1
    assert f"and {120 + 5 - ENTRY_RECORDS} more" in content  # 5 records in the base registry
    assert entry.findtext(f"{A}title").endswith(f"and {120 + 5 - 1} more")
