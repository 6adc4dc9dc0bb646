"""The two editions in Chromium: the language menu lands on the same page and section in the
other language (also after instant navigation), Chinese search finds entries typed in Chinese
and in English, the head names both editions, and a Chinese page fails no request and breaks
no rule of the Content-Security-Policy."""

from __future__ import annotations

import json
from urllib.request import urlopen

import pytest

from browser_helpers import RESULTS_SETTLED, SETTLE_MS, _site_path, wait_for_material
from walks import listen_for_csp

ZH = "zh-TW/"
SEARCH_FROM = ZH  # the page the module's search_page fixture opens (tests/browser/conftest.py)
ZH_LANG = "zh-Hant-TW"
MARK = "() => { window.__sameDocument = 'kept'; }"
SAME_DOCUMENT = "() => window.__sameDocument === 'kept'"
ALTERNATES = """() => Object.fromEntries([...document.head.querySelectorAll('link[rel=alternate][hreflang]')]
    .map(l => [l.hreflang, l.href]))"""


def chinese_search_groups(page, query: str) -> list[list[str]]:
    """browser_helpers.search_result_groups on a Chinese page. Material reads the query on
    keyup; Playwright enters characters that are not on the keyboard without key events, so
    the query ends with a key that changes nothing (End), as an input method's commit key does."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    page.evaluate("() => { delete window.__searchSettled; }")
    box.press_sequentially(query, delay=20)
    box.press("End")
    page.wait_for_function(RESULTS_SETTLED, arg=[query, SETTLE_MS], polling=50, timeout=10000)
    groups = page.locator(".md-search-result__list > li").evaluate_all(
        "els => els.map(li => [...li.querySelectorAll('a')].filter(a => !a.closest('details:not([open])'))"
        ".map(a => a.href))")
    return [[_site_path(page, h) for h in group] for group in groups]


def choose_language(page, hreflang: str) -> None:
    """Open the header's language menu as a reader does (it opens on hover or focus) and pick one."""
    page.locator(".md-header .md-select").hover()
    link = page.locator(f'.md-header a.md-select__link[hreflang="{hreflang}"]')
    link.wait_for(state="visible")
    link.click()


def wait_for_address(page, url: str) -> None:
    """The page at `url` (fragment included) is loaded and its content is there."""
    page.wait_for_url(url)
    page.wait_for_function("() => !!document.querySelector('article h1')")
    wait_for_material(page)


def click_nav_link(page, url: str) -> None:
    """Click the navigation's link to `url` (written relative: found by its resolved address)."""
    index = page.evaluate("""target => [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
        .findIndex(a => !a.closest('.md-nav--secondary') && a.href === target)""", url)
    assert index >= 0, f"no navigation link to {url}"
    page.locator("nav.md-nav--primary a.md-nav__link").nth(index).click()


def wait_for_instant_page(page, url: str) -> None:
    page.wait_for_function(
        """url => location.href.split('#')[0] === url
                 && document.querySelector('a.md-nav__link--active')?.href === url
                 && !!document.querySelector('article h1')""", arg=url, timeout=10000)


def test_language_menu_keeps_the_page_and_the_anchor(page, base_url):
    page.goto(base_url + "faq/#was-it-released")
    wait_for_material(page)
    choose_language(page, ZH_LANG)
    wait_for_address(page, base_url + ZH + "faq/#was-it-released")
    assert page.evaluate("() => document.documentElement.lang") in ("zh-TW", ZH_LANG)
    assert page.evaluate("() => document.querySelector(':target')?.id") == "was-it-released"
    choose_language(page, "en")
    wait_for_address(page, base_url + "faq/#was-it-released")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.evaluate("() => document.querySelector(':target')?.id") == "was-it-released"
    page.watch.assert_clean()


def test_language_menu_follows_instant_navigation(page, base_url):
    """Material keeps the header across instant navigation: the menu must still take the reader
    to the page they are on, not the first one they opened."""
    page.goto(base_url + ZH)
    wait_for_material(page)
    page.evaluate(MARK)
    target = base_url + ZH + "delay/"
    click_nav_link(page, target)
    wait_for_instant_page(page, target)
    assert page.evaluate(SAME_DOCUMENT), "the navigation link reloaded the page"
    page.locator("article h2[id]").first.scroll_into_view_if_needed()
    choose_language(page, "en")
    wait_for_address(page, base_url + "delay/")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.watch.assert_clean()


def test_a_chinese_page_searches_the_chinese_index(page, base_url):
    """The index a Chinese page's search loads is the edition's own (zh-TW/search/), and its
    result links stay in the edition."""
    page.goto(base_url + ZH + "glossary/")
    wait_for_material(page)
    with page.expect_request(lambda r: r.url.endswith("/search_index.json")) as request:
        groups = chinese_search_groups(page, "fine-tuning")
    assert request.value.url == base_url + ZH + "search/search_index.json"
    links = [link for group in groups for link in group]
    assert links and [link for link in links if not link.startswith(ZH)] == []


@pytest.fixture(scope="module")
def chinese_model(base_url):
    from test_search_zh import ChineseSiteSearch
    with urlopen(base_url + ZH + "search/search_index.json") as response:
        return ChineseSiteSearch(json.load(response))


@pytest.mark.parametrize("query", ["微調", "fine-tuning", "開放權重", "gpt-oss 授權"])
def test_chinese_search_shows_what_the_model_predicts(search_page, chinese_model, query):
    """Chromium's cards on a Chinese page, for Chinese and English queries, are the ones the
    build-level model (tests/test_search_zh.py) predicts from the same index."""
    page = search_page
    shown = chinese_search_groups(page, query)
    predicted = [[ZH + link for link in card.shown] for card in chinese_model.cards(query)]
    assert shown[:5] == predicted[:5]
    if query in ("微調", "fine-tuning"):
        assert shown[0][:2] == [ZH + "glossary/", ZH + "glossary/#fine-tuning"], shown[:2]
    page.watch.assert_clean()


def test_a_chinese_page_fails_no_request_and_breaks_no_policy(page, base_url):
    """Loaded afresh, searched, and left by instant navigation: no failed or 404 request
    (Material fetches the sitemap for instant navigation), no CSP violation."""
    violations = listen_for_csp(page)
    page.goto(base_url + ZH + "glossary/#fine-tuning", wait_until="networkidle")
    wait_for_material(page)
    chinese_search_groups(page, "權重")
    page.keyboard.press("Escape")
    click_nav_link(page, base_url + ZH + "faq/")
    wait_for_instant_page(page, base_url + ZH + "faq/")
    page.wait_for_load_state("networkidle")
    assert violations == []
    assert page.watch.problems() == {}


def test_head_names_both_editions_in_the_live_page(page, base_url):
    page.goto(base_url + ZH + "delay/")
    wait_for_material(page)
    assert page.evaluate(ALTERNATES) == {"en": base_url + "delay/", ZH_LANG: base_url + ZH + "delay/",
                                         "x-default": base_url + "delay/"}


def test_head_alternates_follow_instant_navigation(page, base_url):
    """After an instant navigation the head describes the page now shown, as after a full load."""
    page.goto(base_url + ZH + "delay/")
    wait_for_material(page)
    click_nav_link(page, base_url + ZH + "safety/")
    wait_for_instant_page(page, base_url + ZH + "safety/")
    assert page.evaluate(ALTERNATES) == {"en": base_url + "safety/", ZH_LANG: base_url + ZH + "safety/",
                                         "x-default": base_url + "safety/"}
