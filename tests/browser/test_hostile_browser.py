"""Hostile input, browser side: in every site a hostile case managed to build, Chromium
runs no script: on load, on hover and focus of everything with a title or an event
attribute (Material turns titles into tooltips), in search results, and from a shared
`?q=` search link. Each payload calls alert(N) for its case number N."""

from __future__ import annotations

import json
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser_helpers import wait_for_material
from hostile import MARK, summary
from sitebuild import ROOT
from tools.pages_server import serve

# What a reader may point at or tab to where text from the data ends up with behaviour:
# titles (Material turns them into tooltips) and anything carrying an event attribute.
POINTABLE = ("article [title], article abbr, [onmouseover], [onmouseenter], [onpointerover], "
             "[onpointerenter], [onfocus], [onfocusin], [onclick]")
POKE_LIMIT = 30


def _pages(site_url: str) -> list[str]:
    with urllib.request.urlopen(site_url + "sitemap.xml", timeout=10) as response:
        tree = ET.fromstring(response.read())
    locs = [el.text.strip() for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return [site_url + loc[len(site_url):] if loc.startswith(site_url) else loc for loc in locs]


# Behaviour the data put into the page even where no pointer reached it: event attributes,
# javascript: links.
LATENT = """() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
    .filter(a => /^on/i.test(a.name) || (/^(href|src|action|formaction)$/i.test(a.name)
                                         && /^\\s*(javascript|vbscript|data):/i.test(a.value)
                                         && a.value !== 'javascript:void(0)'))  // Material's share button
    .map(a => `<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`))"""


def _latent(page, seen: list[str]) -> None:
    seen.extend(f"latent script {found} on {page.url}" for found in page.evaluate(LATENT))


def _poke(page) -> None:
    """Hover and focus everything a reader could point at or tab to."""
    items = page.locator(POINTABLE)
    for i in range(min(items.count(), POKE_LIMIT)):
        item = items.nth(i)
        try:
            if item.is_visible():
                item.hover(force=True, timeout=5000)  # force: no waiting for animations to settle
            item.focus(timeout=5000)
        except Exception:  # noqa: BLE001 - hidden or detached: nothing a reader can reach
            pass


def _search(page) -> None:
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.fill("")
    box.press_sequentially(MARK, delay=10)
    page.wait_for_function(
        "() => /matching|No matching/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10000)
    results = page.locator(".md-search-result__list a")
    for i in range(min(results.count(), 5)):
        try:
            results.nth(i).hover(force=True, timeout=5000)
        except Exception:  # noqa: BLE001
            pass
    page.keyboard.press("Escape")


def _check_site(page, site_url: str) -> list[str]:
    """What ran on this site: the dialogs' messages, uncaught errors, pages left empty.
    A step that cannot be done (a control the input broke) is noted, not fatal."""
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
    for url in _pages(site_url):
        page.goto(url, wait_until="load")
        try:
            wait_for_material(page)
        except PlaywrightTimeout:
            # A page the hostile input emptied (e.g. a script block that never closes).
            seen.append(f"page broken: Material never started on {url}")
            continue
        _latent(page, seen)
        _poke(page)
    try:
        _search(page)
        page.goto(site_url + f"?q={MARK}", wait_until="load")
        wait_for_material(page)
        page.wait_for_function(
            "() => /matching|No matching/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')")
        _poke(page)
    except PlaywrightTimeout as exc:
        seen.append(f"search broken: {str(exc).splitlines()[0]}")
    return seen


def test_no_hostile_case_runs_script(browser, hostile_run):
    built = [o for o in hostile_run.outcomes if o.built]
    runs: dict[int, list[str]] = {}
    with serve(hostile_run.root, prefix="/hostile/", port=hostile_run.port):
        for outcome in built:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            try:
                seen = _check_site(page, hostile_run.site_url(outcome))
            finally:
                context.close()
            if seen:
                runs[outcome.case.number] = seen
    report = summary(hostile_run, runs)
    folder = ROOT / "artifacts" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if not isinstance(v, (dict, list))}))
    assert not runs, json.dumps(report["cases running script"], indent=2)


def test_the_browser_check_sees_a_script_run(browser, tmp_path):
    """The check above can fail: a page whose glossary link carries an event handler is caught."""
    site = tmp_path / "site" / "x"
    site.mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("up")
    (site / "index.html").write_text(
        "<!doctype html><title>t</title><script>window.document$ = {}</script>"
        '<div class="md-content"><article><a class="glossary-term" href="#" '
        'onmouseover="alert(7)">term</a></article></div>')
    (site / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>PLACEHOLDER</loc></url></urlset>')
    from tools.pages_server import free_port
    port = free_port()
    url = f"http://127.0.0.1:{port}/hostile/x/"
    (site / "sitemap.xml").write_text((site / "sitemap.xml").read_text().replace("PLACEHOLDER", url))
    with serve(tmp_path / "site", prefix="/hostile/", port=port):
        context = browser.new_context()
        page = context.new_page()
        seen = []
        page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
        page.goto(url)
        _poke(page)
        context.close()
    assert seen == ["7"], seen


pytestmark = pytest.mark.browser
