"""The built site in a real browser: Debian's chromium, driven by playwright, nothing downloaded.

The site is built from the shipped data, served on 127.0.0.1 from a thread,
and every page is opened: no console error, no request leaves the site, search
works in the browser, the language switcher keeps the page, the map has a
mark for every located partner. Skipped, with the reason, where there is no
browser.
"""

from __future__ import annotations

import functools
import http.server
import os
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
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
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


class Watched:
    """A page whose console errors and requests to other hosts are recorded."""

    def __init__(self, browser: object, base: str) -> None:
        self.context = browser.new_context()  # type: ignore[attr-defined]
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


def test_search_finds_seoul_from_seo(server, browser):
    watched = Watched(browser, server)
    try:
        page = watched.page
        page.goto(server + "fr/index.html")
        page.fill("#search", "seo")
        hit = page.locator("#search-results a", has_text="Séoul").first
        hit.wait_for(timeout=5000)
        hit.click()
        page.wait_for_url("**/fr/cities/seoul.html")
        assert page.locator("h1").inner_text() == "Séoul"
        assert not watched.errors and not watched.outside
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
