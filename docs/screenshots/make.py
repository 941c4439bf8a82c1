"""Take the README's screenshots of the site: home, Seoul, a network, at desktop and phone widths.

Builds the site from the shipped data and opens it in Debian's chromium through
playwright (nothing is downloaded). Run from the repository's root:
`python docs/screenshots/make.py`.
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
SHOTS = [("home", "en/index.html"), ("city-en", "en/cities/seoul.html"),
         ("city-vi", "vi/cities/seoul.html"), ("network-fr", "fr/reports/network/ascn.html")]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
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
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for size, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in SHOTS:
                    page.goto(base + path)
                    if name != "home":
                        page.locator("figure.map").first.scroll_into_view_if_needed()
                    page.screenshot(path=HERE / f"{name}-{size}.png")
                page.close()
            browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main()
