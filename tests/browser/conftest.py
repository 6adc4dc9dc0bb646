"""Browser fixtures: Debian's Chromium, driven by Playwright, against the built site
served by nginx under a sub-path exactly as GitHub Pages serves it."""

from __future__ import annotations

import os
import shutil
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import shared_run
from explainer import addresses
from sitebuild import ROOT, mkdocs_build
from tools.pages_server import PREFIX, free_port, nginx_available

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
def base_url() -> str:
    """The site, built for and served at http://127.0.0.1:<port>/openweight-explainer/,
    once per run: both xdist workers use the same server (tests/shared_run.py)."""
    _require("nginx", nginx_available())

    def make(folder: Path) -> tuple[str, int, str]:
        port = free_port()
        base = f"http://127.0.0.1:{port}{PREFIX}"
        result = mkdocs_build(ROOT, folder / "site", site_url=base)
        if result.returncode == 0:
            assert shared_run.serve_until_the_run_ends(folder / "site", "served-site", port) == base
        return base, result.returncode, result.stderr

    base, returncode, stderr = shared_run.once("served-site", make)
    assert returncode == 0, stderr
    return base


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
    """What a page did that a reader would not want: errors, failed or foreign requests."""

    def __init__(self, base: str):
        self.host = urlsplit(base).netloc
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        # HTTP errors (a missing image or script answers 404: no "requestfailed" for that).
        self.bad_status: list[str] = []
        self._expected: set[tuple[int, str]] = set()
        self._error_urls: list[str] = []  # where each console error came from, in step with console_errors
        # Documents loaded so far, and the document each request belongs to: a request the
        # browser aborts because the test went on to the next page (the search worker still
        # loading, on a busy machine) is not a failure a reader would meet.
        self._document = 0
        self._document_of: dict = {}

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.on("requestfailed", self._request_failed)
        page.on("request", self._request)
        page.on("response", self._response)

    def _page_error(self, error) -> None:
        self.console_errors.append(str(error))
        self._error_urls.append("")

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)
            self._error_urls.append((message.location or {}).get("url", ""))

    def _response(self, response) -> None:
        if response.status >= 400 and (response.status, response.url) not in self._expected:
            self.bad_status.append(f"{response.status} {response.url}")

    def expect_status(self, status: int, url: str) -> None:
        """An error response the test asks for (the 404 page): neither it nor the
        console line Chromium logs for it counts as a problem."""
        self._expected.add((status, url))

    def clear(self) -> None:
        """Forget what was seen so far (one page object reused for many pages)."""
        for seen in (self.console_errors, self.failed, self.foreign, self.bad_status, self._error_urls):
            seen.clear()

    def problems(self) -> dict[str, list[str]]:
        expected_urls = {url for _, url in self._expected}
        console = [text for text, url in zip(self.console_errors, self._error_urls)
                   if not (url in expected_urls and text.startswith("Failed to load resource"))]
        found = {"console errors": console, "failed requests": self.failed,
                 "requests to other hosts": self.foreign, "HTTP errors": self.bad_status}
        return {what: list(items) for what, items in found.items() if items}

    def _request_failed(self, request) -> None:
        left = self._document > self._document_of.get(request, self._document)
        if request.failure == "net::ERR_ABORTED" and left:
            return
        self.failed.append(f"{request.url} ({request.failure})")

    def _request(self, request) -> None:
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self._document += 1
        self._document_of[request] = self._document
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.foreign.append(request.url)

    def assert_clean(self) -> None:
        assert self.problems().get("console errors", []) == [], self.console_errors
        assert self.failed == [], self.failed
        assert self.foreign == [], self.foreign
        assert self.bad_status == [], self.bad_status


def _context(browser, base_url, **options):
    # No request routing: interception changes how Chromium handles fragment navigation
    # (:target is not updated). Foreign requests are still recorded by PageWatch, and
    # this machine has no route to other hosts anyway.
    return browser.new_context(**options)


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


def module_page(browser, base_url, path: str):
    """For a module-scoped fixture: a watched desktop page loaded at `path` once, shared by
    the module's tests that change nothing a later test reads (closed when the module ends)."""
    from browser_helpers import wait_for_material
    context = _context(browser, base_url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.watch = PageWatch(base_url)
    page.watch.attach(page)
    page.goto(base_url + path)
    wait_for_material(page)
    yield page
    context.close()


@pytest.fixture(scope="module")
def _module_search_page(request, browser, base_url):
    """The module's page at its SEARCH_FROM (the English home unless it says otherwise):
    Material's search index and worker start once for all the module's queries."""
    yield from module_page(browser, base_url, getattr(request.module, "SEARCH_FROM", ""))


@pytest.fixture
def search_page(_module_search_page):
    """For a test that only types a query into search and reads the results: the module's
    shared page, with search closed and its box emptied, as a reader leaves it before the
    next search. Its watch keeps what every earlier query of the module did."""
    page = _module_search_page
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    # Material may leave the focus in the closed box; "/" would then be typed into it.
    page.evaluate("() => { const box = document.querySelector('input.md-search__input'); "
                  "box.value = ''; box.blur(); delete window.__searchSettled; }")
    page.wait_for_function("() => document.activeElement !== document.querySelector('input.md-search__input')")
    return page


@pytest.fixture
def phone_page(browser, base_url):
    context = _context(browser, base_url, viewport={"width": 390, "height": 844},
                       device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.watch = PageWatch(base_url)
    page.watch.attach(page)
    yield page
    context.close()


# The shared walks (tests/browser/walks.py): each made once per run, on the worker its
# tests are sent to together (WALK_TESTS in tests/conftest.py). A walk's record is plain
# data: its browser context is closed as soon as the walk is done.
def _walk_in(context, base_url, walk, *args):
    page = context.new_page()
    page.watch = PageWatch(base_url)
    page.watch.attach(page)
    try:
        return walk(page, *args)
    finally:
        context.close()


@pytest.fixture(scope="session")
def first_load_walk(browser, base_url, site_pages):
    from walks import first_load_walk as walk
    context = _context(browser, base_url, viewport={"width": 1280, "height": 800})
    return _walk_in(context, base_url, walk, base_url, site_pages)


@pytest.fixture(scope="session")
def phone_walk(browser, base_url, site_pages):
    from walks import phone_walk as walk
    context = _context(browser, base_url, viewport={"width": 390, "height": 844},
                       device_scale_factor=2, is_mobile=True, has_touch=True)
    return _walk_in(context, base_url, walk, base_url, site_pages)


@pytest.fixture(scope="session")
def print_walk(browser, base_url, site_pages):
    from walks import print_walk as walk
    context = _context(browser, base_url, viewport={"width": 1280, "height": 800})
    return _walk_in(context, base_url, walk, site_pages)


@pytest.fixture(scope="session")
def site_pages(base_url) -> list[str]:
    """Every page of the built site, as listed by its sitemap.xml, addressed on the served site.

    The sitemap carries site_url, which need not be where the tests serve the site, so each
    address is taken relative to the sitemap's own root (the home page) and put on base_url.
    """
    with urllib.request.urlopen(base_url + "sitemap.xml", timeout=10) as response:
        urls = addresses.sitemap_page_urls(response.read())
    assert urls, "sitemap.xml lists no page"
    pages = [base_url + url for url in urls]
    assert base_url in pages, f"the home page is not in sitemap.xml: {urls}"
    return pages


def clean_artifacts(name: str) -> Path:
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
