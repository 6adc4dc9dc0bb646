"""Hostile input, browser side: on every site a hostile case built (tests/hostile_runner.py:
cases that edit different files share one), Chromium runs no script: on load, on hover
and focus, in search results and from a shared `?q=` search link. Each payload calls
alert(N) for its case number N, so a dialog names the case.

The probe goes where the payloads landed: every page whose HTML carries a case's marker
(`alert(N)`) or the word every payload carries; on it, hover and focus on every element
holding either in its text or in an attribute (titles become Material's tooltips) and on
every element with an event attribute. Event attributes and script URLs anywhere on a
visited page fail the check even where no pointer reached them. A case whose marker is
on no page gets every page probed, hovering what a reader can point at."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser_helpers import wait_for_material
from explainer import addresses
from hostile import MARK
from hostile_runner import BuiltSite, report
from sitebuild import ROOT
from tools.pages_server import serve

POKE_LIMIT = 30
# Where nothing marks the payload: what a reader may point at or tab to where data text
# ends up with behaviour (titles, abbreviations, event attributes).
POINTABLE = ("article [title], article abbr, [onmouseover], [onmouseenter], [onpointerover], "
             "[onpointerenter], [onfocus], [onfocusin], [onclick]")
# Elements carrying a marker in their own text or an attribute, or any event attribute;
# tagged so Playwright can hover and focus them in turn.
TAG_MARKED = """(markers) => {
    const hit = value => !!value && markers.some(m => value.includes(m));
    document.querySelectorAll('[data-hostile-probe]').forEach(el => el.removeAttribute('data-hostile-probe'));
    let n = 0;
    for (const el of document.body.querySelectorAll('*')) {
        const own = [...el.childNodes].filter(c => c.nodeType === Node.TEXT_NODE).map(c => c.data).join('');
        if ([...el.attributes].some(a => /^on/i.test(a.name) || hit(a.value)) || hit(own))
            el.setAttribute('data-hostile-probe', String(n++));
    }
    return n;
}"""
# Behaviour the data put into the page even where no pointer reached it: event attributes,
# script URLs.
LATENT = """() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
    .filter(a => /^on/i.test(a.name) || (/^(href|src|action|formaction)$/i.test(a.name)
                                         && /^\\s*(javascript|vbscript|data):/i.test(a.value)
                                         && a.value !== 'javascript:void(0)'))  // Material's share button
    .map(a => `<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`))"""


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8", errors="replace")


def _pages(site_url: str) -> list[str]:
    """The site's pages from its sitemap.xml, addressed where the site is served."""
    return [site_url + url for url in addresses.sitemap_page_urls(_fetch(site_url + "sitemap.xml").encode())]


# The i-th element matching a selector, scrolled into view as Playwright's hover does: the
# point a pointer rests on (its box's centre, in the window), or null when it has no box.
POINT = """([selector, i]) => {
    const el = document.querySelectorAll(selector)[i];
    if (!el || !el.checkVisibility()) return null;
    el.scrollIntoView({block: 'center', inline: 'center'});
    const r = el.getClientRects()[0];
    return r && r.width && r.height ? [r.left + r.width / 2, r.top + r.height / 2] : null;
}"""
# Focus on each of the first `limit` elements matching a selector in turn, as
# locator.focus() does (element.focus()); a payload's dialog is answered while this runs.
FOCUS_EACH = """([selector, limit]) => {
    for (const el of [...document.querySelectorAll(selector)].slice(0, limit)) {
        if (el.isConnected) el.focus();
    }
}"""


def _hover_and_focus(page, selector: str) -> None:
    """The pointer on each of the first POKE_LIMIT elements matching `selector` that a
    reader can see (a real mouse move: :hover, mouseover and Material's tooltips follow),
    then the focus on each. One round trip per element instead of a locator's several."""
    count = min(page.locator(selector).count(), POKE_LIMIT)
    for i in range(count):
        try:
            point = page.evaluate(POINT, [selector, i])
            if point:
                page.mouse.move(*point)
        except Exception:  # noqa: BLE001 - detached by a navigation: nothing a reader can reach
            pass
    try:
        page.evaluate(FOCUS_EACH, [selector, POKE_LIMIT])
    except Exception:  # noqa: BLE001
        pass


def _poke(page, markers: list[str]) -> None:
    """Hover and focus every element where a marker landed (and any event attribute)."""
    page.evaluate(TAG_MARKED, markers)
    _hover_and_focus(page, "[data-hostile-probe]")


def _poke_pointable(page) -> None:
    """Hover and focus what a reader could point at or tab to (no marker to go by)."""
    _hover_and_focus(page, POINTABLE)


def _latent(page, seen: list[str]) -> None:
    seen.extend(f"latent script {found} on {page.url}" for found in page.evaluate(LATENT))


def _search(page) -> None:
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.fill("")
    box.press_sequentially(MARK, delay=10)
    page.wait_for_function(
        "() => /matching|No matching|符合的項目/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10000)
    results = page.locator(".md-search-result__list a")
    for i in range(min(results.count(), 5)):
        try:
            results.nth(i).hover(force=True, timeout=5000)
        except Exception:  # noqa: BLE001
            pass
    page.keyboard.press("Escape")


def plan(site: BuiltSite) -> tuple[list[str], list[str], bool]:
    """(the markers, the pages they landed on, whether to probe every page instead)."""
    markers = [MARK, *(c.marker for c in site.cases)]
    html = {url: _fetch(url) for url in _pages(site.url)}
    landed = {c.marker: [u for u, text in html.items() if c.marker in text] for c in site.cases}
    pages = [u for u, text in html.items() if any(m in text for m in markers)]
    everywhere = any(not found for found in landed.values())
    return markers, list(html) if everywhere else pages, everywhere


def check_site(page, site: BuiltSite, search: bool = True, visited: list[str] | None = None) -> list[str]:
    """What ran on this site: the dialogs' messages, uncaught errors, pages left empty.
    A step that cannot be done (a control the input broke) is noted, not fatal. The pages
    visited are added to `visited`."""
    seen: list[str] = []
    page.set_default_timeout(10000)

    def on_dialog(dialog) -> None:
        seen.append(f"dialog {dialog.message!r} on {page.url}")
        try:
            dialog.dismiss()
        except Exception:  # noqa: BLE001 - already closed by the navigation that followed
            pass

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: seen.append(f"page error {e} on {page.url}"))
    markers, pages, everywhere = plan(site)
    pages = pages or [site.url]
    if visited is not None:
        visited.extend(url[len(site.url):] or "/" for url in pages)
    for url in pages:
        page.goto(url, wait_until="load")
        try:
            wait_for_material(page)
        except PlaywrightTimeout:
            # A page the hostile input emptied (e.g. a script block that never closes).
            seen.append(f"page broken: Material never started on {url}")
            continue
        _latent(page, seen)
        _poke(page, markers)
        if everywhere:
            _poke_pointable(page)
    if not search:
        return seen
    try:
        _search(page)
        page.goto(site.url + f"?q={MARK}", wait_until="load")
        wait_for_material(page)
        page.wait_for_function(
            "() => /matching|No matching/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')")
        _poke(page, markers)
    except PlaywrightTimeout as exc:
        seen.append(f"search broken: {str(exc).splitlines()[0]}")
    return seen


def _blame(site: BuiltSite, seen: list[str]) -> dict[int, list[str]]:
    """Each finding to the case it names (a dialog's alert(N)); the rest to every case of the site."""
    numbers = {c.number for c in site.cases}
    runs: dict[int, list[str]] = {}
    for finding in seen:
        named = {int(n) for n in re.findall(r"^dialog '(\d+)'", finding)} & numbers
        for number in named or numbers:
            runs.setdefault(number, []).append(finding)
    return runs


def test_no_hostile_case_runs_script(browser, hostile_run):
    runs: dict[int, list[str]] = {}
    visited: dict[str, list[str]] = {}
    assert hostile_run.sites or not any(o.built for o in hostile_run.outcomes)
    with serve(hostile_run.root, prefix="/hostile/", port=hostile_run.port):
        for site in hostile_run.sites:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            try:
                seen = check_site(page, site, visited=visited.setdefault(site.name, []))
            finally:
                context.close()
            for number, found in _blame(site, seen).items():
                runs.setdefault(number, []).extend(found)
    summary = {**report(hostile_run, runs), "pages probed": visited}
    folder = ROOT / "artifacts" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    assert not runs, json.dumps(summary["cases running script"], indent=2)


def _fake_site(root, port: int, body: str) -> BuiltSite:
    """A one-page site under root/x/ served at /hostile/x/, with a sitemap."""
    from hostile import SAFE, Case
    site = root / "x"
    site.mkdir(parents=True)
    (root / "index.html").write_text("up")
    url = f"http://127.0.0.1:{port}/hostile/x/"
    (site / "index.html").write_text(
        # What wait_for_material waits for: Material's document$, the content marked ready
        # by site.js, and the sitemap fetched (instant navigation needs it).
        '<!doctype html><title>t</title><script>window.document$ = {}; fetch("sitemap.xml")</script>'
        f'<div class="md-content" data-site-ready><article>{body}</article></div>')
    (site / "sitemap.xml").write_text(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{url}</loc></url></urlset>')
    return BuiltSite("x", site, url, (Case(7, "data/glossary.yml", "term", "test", SAFE, lambda p: None),))


def test_the_browser_check_sees_a_script_run(browser, tmp_path):
    """The check above can fail: an event attribute on a glossary link is found on load and
    fires on hover, another fires on focus; a title carrying the marker is hovered, and a
    tooltip that would render it as HTML (here a listener standing in for one) runs the payload."""
    from tools.pages_server import free_port
    port = free_port()
    site = _fake_site(tmp_path / "site", port,
                      '<a class="glossary-term" href="#" onmouseover="alert(7)">term</a> '
                      '<a href="#" title="zzhostile alert(7) tip">other</a> '
                      '<a href="#" onfocus="alert(\'7 focus\')">focused</a>'
                      "<script>document.querySelector('[title]').addEventListener('mouseover', "
                      "() => alert('7 tooltip'))</script>")
    with serve(tmp_path / "site", prefix="/hostile/", port=port):
        assert plan(site)[1] == [site.url]  # the page carrying the marker is visited
        context = browser.new_context()
        page = context.new_page()
        seen = check_site(page, site, search=False)  # the fake page has no search
        context.close()
    dialogs = sorted(s.split(" on ")[0] for s in seen if s.startswith("dialog"))
    assert dialogs == ["dialog '7 focus'", "dialog '7 tooltip'", "dialog '7'"], seen
    assert any(s.startswith('latent script <a onmouseover="alert(7)">') for s in seen), seen
    assert set(_blame(site, seen)) == {7}


pytestmark = pytest.mark.browser
