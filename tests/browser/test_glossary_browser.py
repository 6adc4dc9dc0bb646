"""The glossary in Chromium: definitions on hover, focus and tap; the filter; search."""

from __future__ import annotations

import re

import pytest

from browser_helpers import search_result_groups, tab_to, wait_for_material
from conftest import module_page

TERM_PAGE = "delay/"


def visible_terms(page) -> list[str]:
    return [t.rstrip("¶").strip() for t in page.locator(".glossary-entry:visible h2").all_inner_texts()]


def first_term(page):
    link = page.locator("article a.glossary-term").first
    link.scroll_into_view_if_needed()
    return link


def tooltip_text(page, link) -> str:
    """The text of the definition preview site.js shows for `link`, once it is shown.

    site.js points the link at its preview with aria-describedby while it is shown (as
    Material's tooltip did before the preview replaced it); reading the element it names,
    not any preview on the page, ties the text to this link.
    """
    host = link.element_handle()
    page.wait_for_function(
        """el => { const id = el.getAttribute('aria-describedby'), tip = id && document.getElementById(id);
                   return !!tip && tip.classList.contains('term-preview--active')
                          && tip.getBoundingClientRect().width > 0 && tip.innerText.trim() !== ''; }""",
        arg=host, timeout=5000)
    return host.evaluate("el => document.getElementById(el.getAttribute('aria-describedby')).innerText.trim()")


def test_hover_shows_the_short_definition(page, base_url):
    page.goto(base_url + TERM_PAGE)
    wait_for_material(page)
    link = first_term(page)
    definition = link.get_attribute("title")
    assert definition
    link.hover()
    assert tooltip_text(page, link) == definition
    page.watch.assert_clean()


def test_keyboard_focus_shows_the_short_definition(page, base_url):
    page.goto(base_url + TERM_PAGE)
    wait_for_material(page)
    link = first_term(page)
    definition = link.get_attribute("title")
    # Tab through the page until the first term has focus, as a keyboard user would.
    tab_to(page, "el => el.matches('article a.glossary-term')", limit=200)
    assert link.evaluate("el => el === document.activeElement"), "Tab reached another term first"
    assert tooltip_text(page, link) == definition
    focus_ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focus_ring != "none"


def test_tap_shows_the_definition_and_a_second_tap_follows_the_link(phone_page, base_url):
    page = phone_page
    page.goto(base_url + TERM_PAGE)
    wait_for_material(page)
    link = first_term(page)
    definition = link.get_attribute("title")
    href = link.get_attribute("href")
    link.tap()
    assert tooltip_text(page, link) == definition
    assert page.url.endswith(TERM_PAGE)
    link.tap()
    page.wait_for_url(re.compile(r"/glossary/#"))
    assert page.url.split("#")[1] == href.split("#")[1]


def test_filter_narrows_and_restores(page, base_url):
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    entries = page.locator(".glossary-entry")
    total = entries.count()
    box = page.get_by_label("Filter the glossary")
    assert box.is_visible()
    box.focus()
    page.keyboard.type("MoE")
    visible = visible_terms(page)
    assert "Mixture of experts" in visible
    assert 0 < len(visible) < total
    assert re.match(rf"\d+ of {total} terms match", page.locator("#glossary-filter-status").inner_text())
    page.keyboard.press("Escape")
    assert page.locator(".glossary-entry:visible").count() == total
    box.fill("zzzz-no-such-term")
    assert page.locator(".glossary-entry:visible").count() == 0
    assert "No term matches" in page.locator("#glossary-filter-status").inner_text()
    box.fill("")
    assert page.locator(".glossary-entry:visible").count() == total
    page.watch.assert_clean()


def test_filter_survives_instant_navigation(page, base_url):
    page.goto(base_url)
    wait_for_material(page)
    page.locator("nav.md-nav--primary a", has_text="Glossary").first.click()
    page.wait_for_url(re.compile(r"/glossary/$"))
    page.get_by_label("Filter the glossary").fill("Kimi")
    visible = visible_terms(page)
    assert "Kimi K2" in visible and len(visible) < page.locator(".glossary-entry").count()


def test_without_javascript_the_full_list_is_readable(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "glossary/")
    assert page.locator(".glossary-entry:visible").count() == page.locator(".glossary-entry").count() >= 25
    assert not page.locator("[data-glossary-filter]").is_visible()
    context.close()


@pytest.mark.parametrize("query, term_id", [
    ("mixture of experts", "mixture-of-experts"),
    ("Apache 2.0", "apache-2-0"),
    ("red teaming", "red-teaming"),
    ("MXFP4", "quantization"),          # an alias
    ("open weights", "open-weight-model"),  # an alias
    ("o3-mini", "o3-mini"),
])
def test_search_puts_the_glossary_entry_in_the_top_three(search_page, query, term_id):
    groups = search_result_groups(search_page, query)
    # Each card shows a page and its best-matching section; the entry must be the
    # featured section of one of the first three cards.
    featured = [next((link for link in g if "#" in link), g[0] if g else "") for g in groups]
    assert f"glossary/#{term_id}" in featured[:3], groups[:3]


@pytest.fixture(scope="module")
def _module_glossary_page(browser, base_url):
    yield from module_page(browser, base_url, "glossary/")


@pytest.fixture
def glossary_page(_module_glossary_page):
    """The glossary, loaded once for the module's tests that only type into its filter
    (the order shown is computed from the page's own order each time: site.js), each
    given it with the filter emptied."""
    _module_glossary_page.get_by_label("Filter the glossary").fill("")
    return _module_glossary_page


def filter_glossary(page, base_url, query: str) -> list[str]:
    """Type into the glossary's filter; the entries left, in the order shown."""
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    page.get_by_label("Filter the glossary").fill(query)
    return visible_terms(page)


def test_filter_puts_term_and_alias_matches_first_and_skips_source_lines(page, base_url):
    total = 50
    shown = filter_glossary(page, base_url, "open source")
    # The two terms named so come first; entries that only say "open source" in their
    # definition follow; the Source and Related lines (every entry has one) count for nothing.
    assert shown[:2] == ["Open Source Initiative", "Open-source model"], shown
    assert len(shown) < total // 3, shown
    # "arXiv" is in five entries' Source lines and in no term, alias or definition.
    assert filter_glossary(page, base_url, "arxiv") == [], "a Source line matched"
    page.watch.assert_clean()


@pytest.mark.parametrize("query, named", [
    ("licence", ["Apache 2.0", "MIT License"]),    # British spelling; the data says "license"
    ("license", ["Apache 2.0", "MIT License"]),
    ("quantisation", ["Quantization (MXFP4)"]),
    ("quantization", ["Quantization (MXFP4)"]),
    ("moe", ["Mixture of experts"]),               # a lower-case alias
    ("gpt oss", ["gpt-oss", "gpt-oss-safeguard", "Usage policy"]),  # a space for the hyphen
])
def test_filter_knows_spellings_and_aliases(glossary_page, query, named):
    """The entries whose term or alias matches come first (alphabetically), then those whose
    definition only mentions it."""
    glossary_page.get_by_label("Filter the glossary").fill(query)
    shown = visible_terms(glossary_page)
    assert shown[:len(named)] == named, shown


def test_clearing_the_filter_restores_the_alphabetical_list(page, base_url):
    before = filter_glossary(page, base_url, "")
    box = page.get_by_label("Filter the glossary")
    box.fill("open source")
    box.fill("")
    assert visible_terms(page) == before
    assert page.locator(".glossary-entry").first.locator("h2").inner_text().rstrip("¶").strip() == before[0]
