"""Take the screenshots of the site: every page type in English, French and Vietnamese, at a
desktop's width (1280 px) and a phone's (360 px), as a visitor first sees each page.

Builds the site from the shipped data and opens it in Debian's chromium through
playwright (nothing is downloaded). Run from the repository's root:
`python docs/screenshots/make.py`. Files are `TYPE-LANG-WIDTH.png`.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = {"home": "index.html", "region": "regions/142.html", "country": "countries/KR.html",
         "organisations": "organisations.html", "city": "cities/seoul.html",
         "organisation": "organisations/ascn.html", "committee": "committees/think-tank.html",
         "report-partners": "reports/partners/seoul.html",
         "report-network": "reports/network/ascn.html",
         "report-memberships": "reports/memberships/seoul.html",
         "report-committees": "reports/committees/mcsr-cities-alliance.html"}
LANGS = ("en", "fr", "vi")
SIZES = {1280: 900, 360: 780}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        subprocess.run([sys.executable, "-m", "citynet", "site", "build", str(site)], check=True)
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        for old in HERE.glob("*.png"):
            old.unlink()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for width, height in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in PAGES.items():
                    for lang in LANGS:
                        page.goto(f"{base}{lang}/{path}")
                        page.screenshot(path=HERE / f"{name}-{lang}-{width}.png")
                page.close()
            browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main()
