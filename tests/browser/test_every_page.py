"""Every page of the site, as its sitemap.xml lists them: it loads cleanly, fits a phone
and prints as an article. Each test walks all pages and reports every failing page at once."""

from __future__ import annotations

from browser_helpers import report, wait_for_material

# Elements reaching past the right edge of the screen, outside any element that scrolls
# or clips them (Material wraps tables and code in scroll boxes: those are fine, the page
# itself must not scroll) and outside fixed layers (the closed drawer waits off-screen).
OVERFLOW_PROBE = """() => {
    const width = document.documentElement.clientWidth;
    const top = [document.body, document.documentElement];
    const scrolls = el => { for (let p = el.parentElement; p && !top.includes(p); p = p.parentElement) {
        const s = getComputedStyle(p);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) || s.position === 'fixed') return true;
    } return false; };
    const wide = [...document.querySelectorAll('body *')].filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1 && !scrolls(el)
            && getComputedStyle(el).position !== 'fixed';
    }).slice(0, 5).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width,
            innerWidth: window.innerWidth, wide};
}"""

# Page furniture Material must leave off paper, and the article that must stay.
FURNITURE = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-top"]
CONTENT = """() => [...document.querySelectorAll(
        'article :is(h1, h2, h3, h4, p, li, td, th, dt, dd, pre, blockquote)')]
    .filter(el => !el.closest('[role=status]') && el.checkVisibility())
    .map(el => el.tagName + ':' + el.textContent.trim().slice(0, 60))"""


def test_every_page_loads_without_errors_or_foreign_requests(page, site_pages):
    failures = {}
    for url in site_pages:
        page.watch.clear()
        response = page.goto(url, wait_until="networkidle")  # search index and worker included
        wait_for_material(page)
        problems = page.watch.problems()
        if response.status != 200:
            problems["status"] = [response.status]
        if page.locator("article h1").count() != 1:
            problems["h1"] = [f"{page.locator('article h1').count()} h1 in the article"]
        if problems:
            failures[url] = problems
    assert not failures, report(failures)
    assert len(site_pages) >= 2, site_pages


def test_no_page_scrolls_sideways_on_a_phone(phone_page, site_pages):
    page = phone_page
    failures = {}
    for url in site_pages:
        page.goto(url)
        wait_for_material(page)
        seen = page.evaluate(OVERFLOW_PROBE)
        if seen["scrollWidth"] > seen["clientWidth"] or seen["innerWidth"] != 390 or seen["wide"]:
            failures[url] = seen
    assert not failures, report(failures)
    page.watch.assert_clean()


def test_the_overflow_probe_sees_a_too_wide_element(phone_page, site_pages):
    """The check above can fail: one element wider than the phone is caught."""
    page = phone_page
    page.goto(site_pages[0])
    wait_for_material(page)
    page.evaluate("""() => { const d = document.createElement('div'); d.className = 'too-wide';
        d.style.width = '600px'; d.textContent = 'x';
        document.querySelector('article').append(d); }""")
    seen = page.evaluate(OVERFLOW_PROBE)
    assert seen["scrollWidth"] > seen["clientWidth"] and "div.too-wide" in seen["wide"], seen


def test_print_keeps_the_article_and_drops_the_furniture(page, site_pages):
    failures = {}
    for url in site_pages:
        page.emulate_media(media="screen")
        page.goto(url)
        wait_for_material(page)
        on_screen = page.evaluate(CONTENT)
        furniture_on_screen = [sel for sel in FURNITURE[:3] if page.locator(sel).first.is_visible()]
        page.emulate_media(media="print")
        on_paper = set(page.evaluate(CONTENT))
        problems = {}
        printed = [sel for sel in FURNITURE if page.locator(sel).first.is_visible()]
        if printed:
            problems["furniture printed"] = printed
        missing = [text for text in on_screen if text not in on_paper]
        if missing:
            problems["content missing on paper"] = missing[:5]
        if not page.locator("article h1").is_visible():
            problems["h1"] = ["the title is not printed"]
        # The check means something only if the furniture was there on screen.
        if len(furniture_on_screen) != 3:
            problems["furniture on screen"] = furniture_on_screen
        if problems:
            failures[url] = problems
    page.emulate_media(media="screen")
    assert not failures, report(failures)
