"""A real headless Chromium (Debian's, driven by Playwright) with the network cut off."""

from __future__ import annotations

import shutil
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


class Page:
    """A page opened from disk, recording console errors and every request it tried."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file:"):
            route.continue_()
        else:
            route.abort()  # nothing leaves the machine

    @property
    def external(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]

    def open(self, path: Path) -> None:
        self.open_url(path.resolve().as_uri())

    def open_url(self, url: str) -> None:
        """Open a ``file:`` URL (with a fragment, say) and wait until the layout is drawn."""
        self.page.goto(url)
        # Polled from here: wait_for_function evaluates its predicate with eval() inside the
        # page, which the pages' Content-Security-Policy refuses (no 'unsafe-eval').
        deadline = time.monotonic() + 60
        while not self.page.evaluate("window.geokgStabilised !== undefined"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url}: the layout was not drawn within 60 s")
            self.page.wait_for_timeout(50)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(chromium) -> Page:
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    return Page(context.new_page())
