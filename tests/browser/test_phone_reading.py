"""What a reader sees on a 360 and a 390 px phone (issue 18): tables that can be read
whole, a definition preview that can be read, a site name that fits, a home page that
answers its question in the first screen; and print without addresses for the site's
own links."""

from __future__ import annotations

import pytest

from browser_helpers import wait_for_material
from walks import PRINT_JS, TABLES_JS

PHONES = [(360, 740), (390, 844)]

# WCAG relative luminance and contrast of two computed CSS colours (alpha blended over
# the second one), in the page.
CONTRAST_JS = """
const rgba = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                             return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const over = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
const contrast = (fg, bg) => { const b = rgba(bg), f = over(rgba(fg), b);
                               const [hi, lo] = [lum(f), lum(b)].sort((x, y) => y - x);
                               return (hi + 0.05) / (lo + 0.05); };
"""


@pytest.fixture(params=PHONES, ids=[f"{w}px" for w, _ in PHONES])
def phone(request, browser, base_url):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def test_every_table_is_readable_on_a_360px_phone(browser, site_pages):
    width, height = PHONES[0]
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    phone = context.new_page()
    failures = {}
    for url in site_pages:
        phone.goto(url)
        wait_for_material(phone)
        problems = phone.evaluate(TABLES_JS)
        if problems:
            failures[url] = problems
    context.close()
    assert not failures, failures


def test_every_table_is_readable_on_a_390px_phone(phone_walk, site_pages):
    """Each page loaded afresh on a 390 x 844 phone (the shared phone walk, tests/browser/walks.py)."""
    assert PHONES[1] == (390, 844)
    failures = {visit.url: visit.tables for visit in phone_walk if visit.tables}
    assert [visit.url for visit in phone_walk] == site_pages
    assert not failures, failures


def test_the_table_check_can_fail(phone, base_url):
    """A clipped table without the affordance (no sticky column, no shadow) is caught."""
    phone.goto(base_url + "o3-mini/")
    wait_for_material(phone)
    phone.add_style_tag(content=".md-typeset__scrollwrap{background:none!important}"
                                ".md-typeset table :is(th,td):first-child{position:static!important}")
    problems = phone.evaluate(TABLES_JS)
    assert any("no edge shadow" in p for p in problems) and any("first column" in p for p in problems), problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_definition_preview_is_readable(browser, base_url, scheme):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + "delay/")
    wait_for_material(page)
    link = page.locator("article a.glossary-term").first
    link.scroll_into_view_if_needed()
    definition = link.get_attribute("title")
    link.tap()
    preview = page.locator(".term-preview--active")
    preview.wait_for(state="visible")
    seen = page.evaluate(CONTRAST_JS + """() => {
        const p = document.querySelector('.term-preview--active'), s = getComputedStyle(p);
        const page = getComputedStyle(document.body).backgroundColor, r = p.getBoundingClientRect();
        return {text: p.textContent, size: parseFloat(s.fontSize), weight: Number(s.fontWeight),
                contrast: contrast(s.color, s.backgroundColor),
                edge: Math.max(contrast(s.borderTopColor, page), contrast(s.borderTopColor, s.backgroundColor)),
                border: parseFloat(s.borderTopWidth), left: r.left, right: r.right, width: innerWidth};
    }""")
    context.close()
    assert seen["text"] == definition
    assert seen["size"] >= 14 and seen["weight"] == 400, seen
    assert seen["contrast"] >= 4.5, seen
    assert seen["border"] >= 1 and seen["edge"] >= 3, seen   # the box's edge shows (non-text contrast)
    assert seen["left"] >= 0 and seen["right"] <= seen["width"], seen


def test_nothing_is_built_per_term_at_load(page, base_url):
    """The preview box exists only once a reader asks for a definition."""
    page.goto(base_url + "glossary/")
    wait_for_material(page)
    page.goto(base_url + "delay/")
    wait_for_material(page)
    assert page.locator("article a.glossary-term").count() > 5
    assert page.evaluate("() => document.querySelectorAll('.term-preview, .md-tooltip2, [role=tooltip]').length") == 0


@pytest.mark.parametrize("edition", ["", "zh-TW/"])
def test_site_name_fits_the_header(phone, base_url, edition):
    phone.goto(base_url + edition + "delay/")
    wait_for_material(phone)
    name = phone.evaluate("""() => { const t = document.querySelector('.md-header__topic .md-ellipsis');
        return {text: t.textContent.trim(), scroll: t.scrollWidth, client: t.clientWidth,
                title: document.title}; }""")
    assert name["scroll"] <= name["client"], name
    assert name["title"].endswith(name["text"]), name   # the tab says the same name


def test_home_first_screen_gives_the_reason_for_the_delay(phone, base_url):
    phone.goto(base_url)
    wait_for_material(phone)
    bottom = phone.evaluate("""() => {
        const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
        for (let n; (n = walker.nextNode());) {
            const i = n.data.indexOf('safety tests');
            if (i === -1) continue;
            const range = document.createRange(); range.setStart(n, i); range.setEnd(n, i + 'safety tests'.length);
            return range.getBoundingClientRect().bottom;
        }
        return null; }""")
    assert bottom is not None, "the home page never says why"
    assert bottom <= phone.viewport_size["height"], f"the reason first shows at {bottom}px"


def test_print_has_no_address_for_the_sites_own_links(print_walk, site_pages):
    """Each page as printed (the shared print walk, tests/browser/walks.py)."""
    failures = {}
    for visit in print_walk:
        seen = visit.links
        if seen["internal"] or seen["hint"] or seen["outside"] != seen["listed"] or seen["listed"] != seen["sources"]:
            failures[visit.url] = seen
    assert [visit.url for visit in print_walk] == site_pages
    assert not failures, failures


def test_the_print_check_can_fail(page, base_url):
    page.emulate_media(media="print")
    page.goto(base_url + "delay/")
    wait_for_material(page)
    page.add_style_tag(content="@media print { article a::after { content: ' (' attr(href) ')' } }")
    assert page.evaluate(PRINT_JS)["internal"]
