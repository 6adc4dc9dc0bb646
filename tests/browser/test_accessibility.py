"""Accessibility in Chromium: axe-core finds nothing on any page in either palette, nor in
the states a reader puts the site in (search open, drawer open, tooltip shown, filter on,
404); and every control this project added works from the keyboard with a visible ring.

axe runs with its default rule set (WCAG 2.x A/AA and best practices), nothing disabled.
What stock Material failed and how it is fixed: assets/stylesheets/site.css and
fixMarkupAccessibility() in assets/javascripts/site.js.
"""

from __future__ import annotations

import re

import pytest

from browser_helpers import (assert_visible_focus_ring, choose_palette, color_scheme, edition_of,
                             report, search_results, tab_to, wait_below_header, wait_for_material)
from walks import axe_violations

PALETTES = {"light": "default", "dark": "slate"}


def summary(violations: dict[str, list[str]]) -> dict[str, list[str]]:
    return {f"{rule} ({len(nodes)} elements)": nodes[:3] for rule, nodes in violations.items()}


def record_violations(page, where: str, failures: dict) -> None:
    """Run axe on the page as it is now; note what it finds under `where`."""
    violations = axe_violations(page)
    if violations:
        failures[where] = summary(violations)


def in_palette(page, base_url, palette: str) -> None:
    """Open the site and choose `palette` with the header's toggle (kept for later pages)."""
    if not page.url.startswith(base_url):
        page.goto(base_url)
        wait_for_material(page)
    choose_palette(page, palette)
    assert color_scheme(page) == PALETTES[palette]


def visit_by_navigation(page, url: str) -> None:
    """Go to `url` by clicking its link in the navigation; Material swaps the page in."""
    href = page.evaluate("""url => [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
        .find(a => a.href === url && !a.closest('.md-nav--secondary'))?.getAttribute('href')""", url)
    assert href, f"no navigation link to {url}"
    page.locator(f'nav.md-nav--primary a.md-nav__link[href="{href}"]').first.click()
    page.wait_for_function("u => document.querySelector('a.md-nav__link--active')?.href === u", arg=url)


# Every page in each palette. Pages are reached both ways a reader reaches them: loaded
# afresh (light: the shared first-load walk, tests/browser/walks.py, records axe's findings
# on each page before anything is done on it) and swapped in by instant navigation (dark),
# where the runtime fixes must be made again for the new content and the mouse rests on a
# just-clicked (hovered) link.
def test_no_axe_violations_on_any_page_loaded_in_the_light_palette(first_load_walk, site_pages):
    failures = {}
    for visit in first_load_walk.pages:
        assert visit.scheme == PALETTES["light"], f"{visit.url} is not drawn in the light palette"
        if visit.axe:
            failures[visit.url] = summary(visit.axe)
    assert [visit.url for visit in first_load_walk.pages] == site_pages
    assert not failures, report(failures)


def test_no_axe_violations_on_any_page_by_instant_navigation_in_the_dark_palette(page, base_url, site_pages):
    in_palette(page, base_url, "dark")
    page.evaluate("() => { window.__sameDocument = 'kept'; }")
    failures = {}
    for url in site_pages:
        if edition_of(url, base_url) != edition_of(page.url, base_url):
            # Another edition: a reader gets there by the language menu, a full load (each
            # edition is its own site to Material); then on by instant navigation again.
            page.goto(url)
            wait_for_material(page)
            page.evaluate("() => { window.__sameDocument = 'kept'; }")
        elif url != page.url:
            visit_by_navigation(page, url)
            assert page.evaluate("() => window.__sameDocument === 'kept'"), f"{url} was loaded in full"
        assert color_scheme(page) == PALETTES["dark"], f"{url} is not drawn in the dark palette"
        record_violations(page, url, failures)
    assert not failures, report(failures)


# What a reader opens or sets off on top of a page; the page itself is covered above, so
# axe looks at what changed (quicker on the long glossary).
@pytest.mark.parametrize("palette", PALETTES)
def test_no_axe_violations_in_interactive_states(page, base_url, palette):
    in_palette(page, base_url, palette)
    seen = {}

    # Search open, with results (matched words marked) and the result count.
    page.goto(base_url)
    wait_for_material(page)
    query = page.locator("nav.md-nav--primary > ul > li > a.md-nav__link").nth(2).inner_text().strip()
    search_results(page, query)
    page.locator(".md-search-result__list mark").first.wait_for(state="visible")
    seen["search results"] = axe_violations(page, [".md-search"])

    # A page opened from a result: the query's words highlighted in its text.
    page.locator(".md-search-result__list > li a").first.click()
    page.wait_for_url(re.compile(r"\?h="))
    page.locator("article mark:visible").first.wait_for()
    seen["search highlight"] = axe_violations(page, ["article"])

    # Hovered: a link in the text, then an entry of the navigation.
    page.locator("article p a:not(.glossary-term)").first.hover()
    seen["link hovered"] = axe_violations(page, ["article p a:not(.glossary-term):hover"])
    page.locator("nav.md-nav--primary > ul > li > a.md-nav__link").first.hover()
    seen["nav hovered"] = axe_violations(page, ["nav.md-nav--primary > ul > li > a.md-nav__link:hover"])

    # A glossary term's tooltip shown.
    page.goto(base_url + "delay/")
    wait_for_material(page)
    page.locator("article a.glossary-term").first.hover()
    page.locator(".term-preview--active").wait_for(state="visible")
    seen["tooltip"] = axe_violations(page, [".term-preview--active", "article a.glossary-term:hover"])

    # Scrolled down and back up a little: Material's "Back to top" button shows.
    page.mouse.move(640, 500)
    page.mouse.wheel(0, 2500)
    page.wait_for_function("() => window.scrollY >= 2000")
    page.mouse.wheel(0, -400)
    page.locator(".md-top").wait_for(state="visible")
    seen["back to top"] = axe_violations(page, [".md-top"])

    # The glossary filtered down (letters without a match switched off).
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    term = page.locator(".glossary-entry h2").last.inner_text().rstrip("¶").strip()
    page.get_by_label("Filter the glossary").fill(term)
    page.wait_for_selector(".glossary-letters a.glossary-letters__off", state="attached")
    seen["glossary filtered"] = axe_violations(page, [".glossary-filter", ".glossary-letters"])

    # A FAQ link copied (the button and the status line change).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "faq/")
    wait_for_material(page)
    page.locator("button.faq-copy").first.click()
    page.wait_for_selector("button.faq-copy.faq-copy--done")
    seen["faq link copied"] = axe_violations(page, ["button.faq-copy--done", "[data-faq-status]"])

    # The 404 page, whole.
    page.goto(base_url + "no/such/page/")
    wait_for_material(page)
    seen["404 page"] = axe_violations(page)

    failures = {state: summary(found) for state, found in seen.items() if found}
    assert not failures, report(failures)


def test_no_axe_violations_on_a_phone(phone_walk, site_pages):
    """The phone layout (tables scroll in their boxes, the menu is a drawer), light palette:
    each page loaded afresh on a 390 px phone (the shared phone walk, tests/browser/walks.py)."""
    failures = {visit.url: summary(visit.axe) for visit in phone_walk if visit.axe}
    assert [visit.url for visit in phone_walk] == site_pages
    assert not failures, report(failures)


@pytest.mark.parametrize("palette", PALETTES)
def test_no_axe_violations_in_the_phone_drawer_and_search(phone_page, base_url, palette):
    page = phone_page
    in_palette(page, base_url, palette)
    seen = {}
    page.locator("label.md-header__button[for=__drawer]").tap()
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= -1")
    seen["drawer open"] = axe_violations(page, [".md-sidebar--primary"])
    page.touchscreen.tap(375, 500)
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    page.locator("label.md-header__button[for=__search]").tap()
    page.locator("input.md-search__input").press_sequentially("safety", delay=20)
    page.locator(".md-search-result__list > li").first.wait_for(state="visible")
    seen["search open"] = axe_violations(page, [".md-header", ".md-search"])
    failures = {where: summary(found) for where, found in seen.items() if found}
    assert not failures, report(failures)


def test_axe_would_report_a_violation(page, base_url):
    """The checks above can fail: an unlabelled input and low-contrast text are caught."""
    page.goto(base_url)
    wait_for_material(page)
    page.evaluate("""() => { const p = document.createElement('p');
        p.innerHTML = '<input type="text"><span style="color:#ccc;background:#fff">faint</span>';
        document.querySelector('article').append(p); }""")
    violations = axe_violations(page)
    assert {"label", "color-contrast"} <= set(violations), violations


# Keyboard: every control the project added is reached with Tab, shows a focus ring and works.

def test_glossary_filter_by_keyboard(page, base_url):
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    tab_to(page, "el => el.id === 'glossary-filter-input'")
    assert_visible_focus_ring(page)
    total = page.locator(".glossary-entry").count()
    page.keyboard.type("expert")
    shown = page.locator(".glossary-entry:visible").count()
    assert 0 < shown < total
    page.keyboard.press("Escape")
    assert page.locator(".glossary-entry:visible").count() == total
    assert page.evaluate("() => document.activeElement.id") == "glossary-filter-input"


def test_glossary_letter_bar_by_keyboard(page, base_url):
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    letters = page.locator(".glossary-letters a")
    assert letters.count() >= 5
    # The first letter, then the next ones in order: each reached by one more Tab.
    tab_to(page, "el => !!el.closest('.glossary-letters')")
    assert_visible_focus_ring(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    letter = page.evaluate("() => document.activeElement.dataset.letter")
    assert letter == letters.nth(2).get_attribute("data-letter")
    assert_visible_focus_ring(page)
    page.keyboard.press("Enter")
    target = f"letter-{letter.lower()}"
    page.wait_for_url(re.compile(rf"#{target}$"))
    page.wait_for_function(
        """id => { const r = document.getElementById(id).closest('.glossary-entry').getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight / 2; }""", arg=target, timeout=5000)


def test_faq_copy_link_by_keyboard(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "faq/")
    wait_for_material(page)
    tab_to(page, "el => el.matches('button.faq-copy')")
    assert_visible_focus_ring(page)
    question = page.evaluate("() => document.activeElement.dataset.faqId")
    page.keyboard.press("Enter")
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{base_url}faq/#{question}"
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Link copied"
    # The next question's button is the next stop of the Tab key, and Space works too.
    tab_to(page, "el => el.matches('button.faq-copy')", limit=40)
    assert_visible_focus_ring(page)
    second = page.evaluate("() => document.activeElement.dataset.faqId")
    assert second != question
    page.keyboard.press("Space")
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{base_url}faq/#{second}"
    context.close()


def test_glossary_term_link_by_keyboard(page, base_url):
    page.goto(base_url + "delay/")
    wait_for_material(page)
    tab_to(page, "el => el.matches('article a.glossary-term')")
    assert_visible_focus_ring(page)
    href = page.evaluate("() => document.activeElement.href")
    term_id = href.split("#")[1]
    page.evaluate("() => { window.__sameDocument = 'kept'; }")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/glossary/#{re.escape(term_id)}$"))
    # The address changes before Material swaps the glossary in: wait for the entry,
    # on screen below the header.
    wait_below_header(page, term_id)
    assert page.evaluate("() => window.__sameDocument === 'kept'"), "following the term reloaded the page"


def test_wide_table_scrolls_by_keyboard_on_a_phone(phone_page, site_pages):
    """A table wider than the phone scrolls inside its box: the box takes focus (with a
    ring and a name) so the arrow keys can scroll it."""
    page = phone_page
    for url in site_pages:
        page.goto(url)
        wait_for_material(page)
        if page.locator(".md-typeset__scrollwrap[tabindex='0']").count():
            break
    else:
        pytest.skip("no table is wider than a phone on this site")
    tab_to(page, "el => el.matches('.md-typeset__scrollwrap')")
    assert_visible_focus_ring(page)
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')").startswith("Table")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=3000)


def test_focus_ring_check_would_fail_without_a_ring(page, base_url):
    """The ring check can fail: the same control with its outline removed is caught."""
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    page.add_style_tag(content="#glossary-filter-input:focus-visible { outline: none !important; }")
    tab_to(page, "el => el.id === 'glossary-filter-input'")
    with pytest.raises(AssertionError, match="no visible focus ring"):
        assert_visible_focus_ring(page)
