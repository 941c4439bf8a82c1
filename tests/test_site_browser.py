"""The built site in a real browser: Debian's chromium, driven by playwright, nothing downloaded.

The site is built from the shipped data, served on 127.0.0.1 from a thread,
and every page is opened: no console error, no request leaves the site. Each
page type, in English, French and Vietnamese, at 1280 and 360 pixels: no
horizontal scroll, no Content-Security-Policy violation, and no serious or
critical axe-core violation (axe-core as the axe-playwright-python package
ships it, injected by playwright: nothing fetched). Search finds a city by a
name in each language, over HTTP and from disk (file://); the language switcher
keeps the page; maps mark every located partner, and a group of marks zooms
from the keyboard. Skipped, with the reason, where there is no browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, invoke

CHROMIUM = os.environ.get("CITYNET_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _browser_missing() -> str | None:
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright or axe-playwright-python is not installed (pip install -e '.[test]')"
    if not os.path.exists(CHROMIUM):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


pytestmark = pytest.mark.skipif(_browser_missing() is not None,
                                reason=_browser_missing() or "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    run = invoke("--root", str(SHIPPED), "site", "build", str(out))
    assert run.exit_code == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


CSP_WATCH = """document.addEventListener("securitypolicyviolation", (event) => {
  (window.cspViolations = window.cspViolations || []).push(event.violatedDirective + " " +
   event.blockedURI); });"""


class Watched:
    """A page whose console errors, CSP violations and requests to other hosts are recorded."""

    def __init__(self, browser: object, base: str, width: int = 1280) -> None:
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": 900})
        self.context.add_init_script(CSP_WATCH)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # A request cut short by the next navigation (the icon, say) is not a failure.
        self.page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
                     else self.errors.append(f"failed: {r.url} {r.failure}"))
        self.page.on("request", lambda r: None if r.url.startswith(base)
                     else self.outside.append(r.url))
        self.page.on("response", lambda r: self.errors.append(f"{r.status}: {r.url}")
                     if r.status >= 400 else None)

    def close(self) -> None:
        self.context.close()


def _pages(site: Path) -> list[str]:
    """Every page in English and Vietnamese (the other languages' pages are the same
    templates; their home pages are opened too), so the test takes a minute, not three."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] in ("en", "vi", "index.html")
                  or p.name == "index.html")


def test_every_page_loads_without_error_or_outside_request(site, server, browser):
    watched = Watched(browser, server)
    try:
        for path in _pages(site):
            watched.page.goto(server + path, wait_until="load")
            if path in ("", "index.html"):  # the root redirects to the first language:
                watched.page.wait_for_url("**/en/index.html")  # let it land first
            assert not watched.errors, f"{path}: {watched.errors}"
            assert not watched.outside, f"{path}: {watched.outside}"
    finally:
        watched.close()


PAGE_TYPES = ["index.html", "regions/142.html", "countries/KR.html", "organisations.html",
              "cities/seoul.html", "organisations/ascn.html", "committees/think-tank.html",
              "reports/partners/seoul.html", "reports/network/ascn.html",
              "reports/memberships/seoul.html", "reports/committees/mcsr-cities-alliance.html"]
"""One page of every type the site has."""


def _overflow(page: object) -> int:
    return page.evaluate("document.documentElement.scrollWidth - "  # type: ignore[attr-defined]
                         "document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("lang", ["en", "fr", "vi"])
def test_every_page_type_fits_the_screen_and_passes_axe(server, browser, lang, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    watched = Watched(browser, server, width)
    try:
        for path in PAGE_TYPES:
            watched.page.goto(f"{server}{lang}/{path}", wait_until="load")
            assert _overflow(watched.page) <= 0, f"{lang}/{path} scrolls sideways at {width}px"
            found = axe.run(watched.page).response["violations"]
            bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found
                   if v["impact"] in ("serious", "critical")]
            assert not bad, f"{lang}/{path} at {width}px: {bad}"
            assert not watched.page.evaluate("window.cspViolations || []"), path
            assert not watched.errors, f"{path}: {watched.errors}"
            assert not watched.outside, f"{path}: {watched.outside}"
    finally:
        watched.close()


SEARCHES = [("en", "seoul", "Seoul", "cities/seoul.html"),
            ("fr", "Pékin", "Pékin", "cities/beijing.html"),
            ("vi", "ha noi", "Hà Nội", "cities/hanoi.html")]


@pytest.mark.parametrize("over", ["http", "file"])
@pytest.mark.parametrize(("lang", "typed", "shown", "target"), SEARCHES)
def test_search_finds_a_city_by_its_name_in_each_language(site, server, browser, over, lang,
                                                           typed, shown, target):
    base = server if over == "http" else site.resolve().as_uri() + "/"
    watched = Watched(browser, base)
    try:
        page = watched.page
        page.goto(f"{base}{lang}/index.html")
        page.fill("#search", typed)
        hit = page.locator("#search-results a").filter(
            has=page.locator("span", has_text=re.compile(f"^{shown}$"))).first
        hit.wait_for(timeout=5000)
        hit.click()
        page.wait_for_url(f"**/{lang}/{target}")
        assert page.locator("h1").inner_text() == shown
        assert not watched.errors and not watched.outside
        assert not page.evaluate("window.cspViolations || []")
    finally:
        watched.close()


def test_a_group_of_marks_zooms_in_from_the_keyboard_on_a_phone(server, browser):
    watched = Watched(browser, server, 360)
    try:
        page = watched.page
        page.goto(server + "en/organisations/ascn.html")
        group = page.locator("figure.map a.group").first
        assert group.is_visible()
        whole = page.get_attribute("figure.map svg.view", "viewBox")
        group.focus()
        page.keyboard.press("Enter")
        back = page.locator("figure.map button.unzoom")
        back.wait_for()
        assert page.evaluate("document.activeElement.className") == "unzoom"
        assert page.get_attribute("figure.map svg.view", "viewBox") != whole
        assert page.locator("figure.map circle.mark.grouped").first.is_visible()
        page.keyboard.press("Enter")
        assert page.get_attribute("figure.map svg.view", "viewBox") == whole
        assert not watched.errors
    finally:
        watched.close()


def test_a_member_list_filters_as_one_types(server, browser):
    watched = Watched(browser, server)
    try:
        page = watched.page
        page.goto(server + "fr/organisations/ascn.html")
        page.fill("input[data-filter=member-list]", "malaisie")
        rows = page.locator("#member-list tbody tr:visible")
        assert rows.count() == 4  # Johor Bahru, Kota Kinabalu, Kuala Lumpur, Kuching
        assert "4 sur 26" in page.locator("p.filter output").inner_text()
        assert not watched.errors
    finally:
        watched.close()


def test_language_switcher_leads_to_the_same_page_in_vietnamese(server, browser):
    watched = Watched(browser, server)
    try:
        page = watched.page
        page.goto(server + "en/reports/partners/seoul.html")
        page.click("nav.languages a[hreflang=vi]")
        page.wait_for_url("**/vi/reports/partners/seoul.html")
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert "Seoul" in page.locator("h1").inner_text()
        assert "thành phố" in page.locator("h1").inner_text().lower()
    finally:
        watched.close()


def test_seoul_partner_map_marks_every_located_partner(server, browser):
    from citynet.model.kinds import AGREEMENTS, CITIES
    from citynet.publish.site.maps import location
    from citynet.store.registry import load

    registry, _ = load(SHIPPED)
    partners = {p for e in registry.referring(AGREEMENTS, CITIES, "seoul")
                for p in e.raw["parties"] if p != "seoul"}
    located = {p for p in partners if location(registry, p)}
    unlocated = partners - located
    assert located and unlocated  # the shipped data has both: the test means something
    watched = Watched(browser, server)
    try:
        page = watched.page
        for path in ("en/cities/seoul.html", "en/reports/partners/seoul.html"):
            page.goto(server + path)
            marks = set(page.eval_on_selector_all("figure.map circle.mark",
                                                  "cs => cs.map(c => c.dataset.id)"))
            assert marks == located, path
            listed = page.locator("p.unmapped").inner_text()
            for city in unlocated:
                assert registry.name(CITIES.folder, city) in listed
            box = page.locator("figure.map svg").bounding_box()
            assert box and box["width"] > 300  # drawn, not collapsed
    finally:
        watched.close()


@pytest.mark.parametrize("report", ["partners/seoul", "network/ascn", "committees/"
                                    "mcsr-cities-alliance", "memberships/seoul"])
def test_a_report_page_prints_on_a4(server, browser, report):
    watched = Watched(browser, server)
    try:
        page = watched.page
        page.set_viewport_size({"width": 673, "height": 950})  # A4 less the print margins
        page.goto(server + f"fr/reports/{report}.html")
        page.emulate_media(media="print")
        assert not page.locator("header.top").is_visible()  # no navigation on paper
        overflow = page.evaluate("document.documentElement.scrollWidth - "
                                 "document.documentElement.clientWidth")
        assert overflow <= 0, f"{report} is {overflow}px wider than the paper"
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
    finally:
        watched.close()
