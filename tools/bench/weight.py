"""Bytes on first load, and what opening search adds, as Chromium's DevTools count them.

First load: a fresh phone-sized page with the cache disabled, every response until the
network is idle (headers + body as transferred: gzip where the server compresses).
Then search is opened as a reader does ("/" focuses the field) and what that fetches
is counted separately. Stock Material fetches its search index and worker at load, so
for stock the second figure is about zero and the first includes them.
"""

from __future__ import annotations

import gzip
import http.client
import re
from pathlib import Path
from urllib.parse import urlsplit

from explainer import addresses
from explainer.csp import CONTENT_AREA
from tools.bench.results import PageWeight, Transfer


def kind(resource_type: str | None, url: str) -> str:
    path = urlsplit(url).path
    if resource_type == "Document":
        return "HTML"
    if resource_type == "Stylesheet" or path.endswith(".css"):
        return "CSS"
    if path.endswith("search_index.json"):
        return "search index"
    if "/workers/search" in path:
        return "search worker"
    if resource_type == "Script" or path.endswith(".js"):
        return "JS"
    if resource_type == "Image" or re.search(r"\.(svg|png|jpe?g|webp|avif|gif|ico)$", path):
        return "image"
    if path.endswith(".xml"):
        return "XML"
    return resource_type or "other"


def _refetch_size(url: str) -> tuple[int, bool]:
    """Bytes on the wire for a URL fetched with gzip allowed (status line, headers, body):
    for the worker script, which the page's DevTools session sees start but not finish."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path, headers={"Accept-Encoding": "gzip"})
        resp = conn.getresponse()
        body = resp.read()
        head = len(f"HTTP/1.1 {resp.status} {resp.reason}\r\n") + sum(
            len(f"{k}: {v}\r\n") for k, v in resp.getheaders()) + 2
        return head + len(body), resp.getheader("Content-Encoding", "") == "gzip"
    finally:
        conn.close()


def site_file(site_dir: Path, prefix: str, path: str) -> Path | None:
    """The built file a served path answers with; None when the path is not a file of the site."""
    if not path.startswith(prefix):
        return None
    file = addresses.built_file(site_dir, path[len(prefix):])
    return file if file.is_file() else None


def gzip6(site_dir: Path, prefix: str, path: str) -> int | None:
    """The body of a site file at gzip level 6; None when the path is not a file of the site."""
    file = site_file(site_dir, prefix, path)
    if file is None:
        return None
    data = file.read_bytes()
    return len(gzip.compress(data, 6)) if re.search(r"\.(html|css|js|json|svg|xml|txt)$", file.name) else len(data)


def text_gzip6(site_dir: Path, prefix: str, url: str) -> int | None:
    """The page's content alone (Material's <article>: its text, tables, sources) at gzip 6:
    with Material's files, the least any first load of that page can be while it keeps its
    text and Material's files as shipped. None when the page or its article is not found."""
    file = site_file(site_dir, prefix, urlsplit(url).path)
    if file is None:
        return None
    found = CONTENT_AREA.search(file.read_text(encoding="utf-8"))
    return len(gzip.compress(found.group(0).encode("utf-8"), 6)) if found else None


class _Recorder:
    def __init__(self, cdp, site_dir: Path, prefix: str):
        self.site_dir, self.prefix = site_dir, prefix
        self.reqs: dict[str, dict] = {}
        cdp.on("Network.requestWillBeSent", self.started)
        cdp.on("Network.responseReceived", self.responded)
        cdp.on("Network.loadingFinished", self.finished)

    def started(self, e):
        self.reqs.setdefault(e["requestId"], {}).update(url=e["request"]["url"], type=e.get("type"))

    def responded(self, e):
        headers = {k.lower(): v for k, v in e["response"]["headers"].items()}
        self.reqs.setdefault(e["requestId"], {})["gzip"] = headers.get("content-encoding") == "gzip"

    def finished(self, e):
        self.reqs.setdefault(e["requestId"], {})["bytes"] = e["encodedDataLength"]

    def take(self) -> tuple[Transfer, ...]:
        out = []
        for r in self.reqs.values():
            url = r.get("url", "")
            if not url or url.startswith("data:"):
                continue
            size, gz = r.get("bytes"), r.get("gzip", False)
            if size is None and urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
                size = 0  # another host: not reachable here (and none expected)
            elif size is None:
                size, gz = _refetch_size(url)
            path = urlsplit(url).path
            out.append(Transfer(path, kind(r.get("type"), url), int(size), gz, gzip6(self.site_dir, self.prefix, path)))
        self.reqs.clear()
        return tuple(sorted(out, key=lambda t: -t.bytes))


def page_weight(browser, url: str, site_dir: Path, prefix: str) -> PageWeight:
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    recorder = _Recorder(cdp, site_dir, prefix)
    page.goto(url, wait_until="networkidle", timeout=60000)
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # idle means idle: nothing more arrives
    first = recorder.take()
    page.keyboard.press("/")
    page.locator("input.md-search__input").wait_for(state="visible")
    page.wait_for_function("() => !/Initializing/.test("
                           "document.querySelector('.md-search-result__meta').textContent)", timeout=30000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    opened = recorder.take()
    context.close()
    return PageWeight(url, first, opened, text_gzip6(site_dir, prefix, url))
