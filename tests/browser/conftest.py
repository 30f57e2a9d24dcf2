"""Serve the built site on loopback and drive headless Chromium over it.

Run with ``python3 noxfile.py -s browser`` after a docs build (``.ci/run`` does
both). The site is ``_build/html`` unless ``AIMATH_SITE`` names another folder;
Chromium is the system's (``AIMATH_CHROMIUM``, else ``chromium`` on PATH),
driven through Playwright; axe-core comes from the npm registry, fetched once
and integrity-checked into the same cache as MathJax.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from browser.site import ARTIFACTS, AXE, chromium_path, serve, site_root, verified_book


@pytest.fixture(scope="session")
def site() -> Path:
    return site_root()


@pytest.fixture(scope="session")
def origin(site: Path) -> Iterator[str]:
    server, address = serve(site)
    yield address
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=chromium_path(),
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            # nothing may resolve but the local server: the site must work offline
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    cache = verified_book.default_cache_dir() / f"axe-core-{AXE.version}"
    script = cache / "axe.min.js"
    if not script.exists():
        cache.mkdir(parents=True, exist_ok=True)
        verified_book._extract(verified_book._download(AXE), ("axe.min.js",), cache)
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
