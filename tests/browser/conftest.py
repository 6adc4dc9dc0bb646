"""Browser fixtures: Debian's Chromium, driven by Playwright, against the built site
served by nginx under a sub-path exactly as GitHub Pages serves it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import ROOT, mkdocs_build
from tools.pages_server import PREFIX, free_port, nginx_available, serve

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
INSTALL_HINT = "install it with: apt-get install -y chromium nginx (as .ci/run does)"
# Evidence for reviewers (screenshots); git ignores it.
ARTIFACTS = ROOT / "artifacts"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _require(what: str, present: bool) -> None:
    if present:
        return
    message = f"{what} is missing; {INSTALL_HINT}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory) -> str:
    """The site, built for and served at http://127.0.0.1:<port>/openweight-explainer/."""
    _require("nginx", nginx_available())
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}"
    out = tmp_path_factory.mktemp("served-site")
    result = mkdocs_build(ROOT, out, site_url=base)
    assert result.returncode == 0, result.stderr
    with serve(out, port=port) as url:
        assert url == base
        yield url


@pytest.fixture(scope="session")
def browser():
    _require("Chromium (/usr/bin/chromium)", Path(CHROMIUM).exists())
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


class PageWatch:
    """What a page did that a reader would not want: errors and foreign requests."""

    def __init__(self, base: str):
        self.host = urlsplit(base).netloc
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("request", self._request)

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.foreign.append(request.url)

    def assert_clean(self) -> None:
        assert self.console_errors == [], self.console_errors
        assert self.failed == [], self.failed
        assert self.foreign == [], self.foreign


def _context(browser, base_url, **options):
    context = browser.new_context(**options)
    # Block anything off the site so a stray third-party request is caught, not fetched.
    host = urlsplit(base_url).netloc
    context.route(lambda url: urlsplit(url).netloc != host, lambda route: route.abort())
    return context


@pytest.fixture
def context(browser, base_url):
    context = _context(browser, base_url, viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(context, base_url):
    """A desktop page; its watch is at page.watch."""
    page = context.new_page()
    page.watch = PageWatch(base_url)
    page.watch.attach(page)
    yield page


@pytest.fixture
def phone_page(browser, base_url):
    context = _context(browser, base_url, viewport={"width": 390, "height": 844},
                       device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.watch = PageWatch(base_url)
    page.watch.attach(page)
    yield page
    context.close()



def clean_artifacts(name: str) -> Path:
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
