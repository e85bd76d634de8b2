"""Screenshots of the portal in headless Chromium, to look at pages as a person would.

uv run python scripts/screenshots.py http://127.0.0.1:8000 OUTDIR PATH [PATH ...]
(a PATH may end with @mobile for a phone-sized viewport)
"""

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# Debian's Chromium, and its flags for a headless run that reaches nothing but the pages asked
# (the browser tests launch it the same way: tests/helpers.py).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(base: str, outdir: str, paths: list[str]) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for raw in paths:
            path, _, device = raw.partition("@")
            size = (
                {"width": 412, "height": 900}
                if device == "mobile"
                else {"width": 1280, "height": 900}
            )
            page = browser.new_page(viewport=size)
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
            )
            page.goto(base + path, wait_until="networkidle")
            name = (path.strip("/").replace("/", "_").replace("?", "_") or "root") + (
                f"-{device}" if device else ""
            )
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
