"""Search loads when it is used: no index or worker at page load, on any page; both on the
first sign of intent; shared ?q= links and the first query typed at once still work.
(assets/javascripts/search-on-demand.js; what search does once loaded is checked in
test_navigation.py, test_glossary_browser.py and test_accessibility.py, unchanged.)"""

from __future__ import annotations

import pytest

from browser_helpers import wait_for_material
from walks import SEARCH_INDEX as INDEX
from walks import SEARCH_WORKER as WORKER
from walks import record_search_requests as search_requests
RESULTS_SHOWN = ("() => /matching document/.test("
                 "document.querySelector('.md-search-result__meta').textContent)")


def settle(page) -> None:
    """Loaded and idle: the bundle started and no request is in flight."""
    page.wait_for_load_state("networkidle")
    wait_for_material(page)


def test_no_page_requests_search_at_load(first_load_walk, site_pages):
    """Each page loaded afresh until the network is idle (the shared first-load walk,
    tests/browser/walks.py)."""
    for visit in first_load_walk.pages:
        state = visit.search_state
        # Material still asked for both at start-up (what the script holds back) ...
        assert state and state["heldIndex"] and state["heldWorker"], (visit.url, state)
        assert state["released"] is None, (visit.url, state)
    # ... and nothing reached the network, on any page.
    assert {visit.url: visit.search_requests for visit in first_load_walk.pages if visit.search_requests} == {}
    assert [visit.url for visit in first_load_walk.pages] == site_pages
    problems = {visit.url: visit.load_problems for visit in first_load_walk.pages if visit.load_problems}
    assert not problems, problems


def test_instant_navigation_does_not_request_search(page, base_url):
    seen = search_requests(page)
    page.goto(base_url)
    settle(page)
    page.locator("nav.md-nav--primary a.md-nav__link[href$='glossary/']").first.click()
    page.wait_for_url("**/glossary/")
    settle(page)
    assert seen == []


@pytest.mark.parametrize("how", ["click", "slash", "s", "f"])
def test_intent_loads_the_index_and_worker(page, base_url, how):
    seen = search_requests(page)
    page.goto(base_url + "faq/")
    settle(page)
    assert seen == []
    with page.expect_request(lambda r: INDEX in r.url):
        if how == "click":
            page.locator("input.md-search__input").click()
        else:
            page.keyboard.press({"slash": "/", "s": "s", "f": "f"}[how])
    page.wait_for_function("() => !!window.__searchOnDemand.released")
    page.wait_for_load_state("networkidle")
    assert any(INDEX in u for u in seen) and any(WORKER in u for u in seen), seen
    page.watch.assert_clean()


def test_phone_search_icon_loads_search(phone_page, base_url):
    page = phone_page
    seen = search_requests(page)
    page.goto(base_url + "glossary/")
    settle(page)
    assert seen == []
    with page.expect_request(lambda r: INDEX in r.url):
        page.locator("label.md-header__button[for=__search]").tap()
    page.locator("input.md-search__input").press_sequentially("safety", delay=20)
    page.wait_for_function(RESULTS_SHOWN)
    assert page.locator(".md-search-result__list > li").count() > 0


def test_a_shared_search_link_loads_search_and_shows_results(page, base_url):
    seen = search_requests(page)
    page.goto(base_url + "delay/?q=gpt-oss")
    page.wait_for_function(RESULTS_SHOWN)
    assert page.locator(".md-search-result__list > li").count() > 0
    assert page.evaluate("() => window.__searchOnDemand.released") == "?q="
    assert any(INDEX in u for u in seen)


def test_a_highlight_link_loads_search_and_marks_the_words(page, base_url):
    page.goto(base_url + "safety/?h=safety")
    page.locator("article mark").first.wait_for(state="attached")
    assert page.evaluate("() => window.__searchOnDemand.released") == "?h="


def test_the_first_query_typed_right_after_focus_shows_results(page, base_url):
    page.goto(base_url + "glossary/")
    settle(page)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    # Typed at once, before the index has arrived: Material sends it when the worker is ready.
    box.press_sequentially("o3-mini", delay=10)
    page.wait_for_function(RESULTS_SHOWN, timeout=10000)
    hrefs = page.locator(".md-search-result__list a").evaluate_all("els => els.map(a => a.href)")
    assert any("o3-mini/" in h for h in hrefs), hrefs
