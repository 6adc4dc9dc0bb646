"""FAQ deep links in Chromium: they land on the question, below the header, marked."""

from __future__ import annotations

import re

import pytest

from browser_helpers import wait_below_header, wait_for_material

DEEP_LINKS = ["can-weights-be-recalled", "run-on-own-hardware", "what-did-the-article-get-wrong"]


def assert_question_in_view(page, question_id: str) -> None:
    # Marked as the target: by the browser (:target) or, after an alias, by site.js. Not read
    # from the address: Material's navigation.tracking rewrites it to the section in view
    # 250 ms after scrolling stops, and a question near the page's end cannot be scrolled to the
    # top, so on a slow machine the address could already name its neighbour (a flaky wait).
    page.wait_for_function(
        "id => { const q = document.getElementById(id); return !!q && q.matches(':target, .anchor-target'); }",
        arg=question_id, timeout=5000)
    # Let the browser finish its scroll (Material may restore/adjust after load).
    wait_below_header(page, question_id, whole=True, slack=1)
    box = page.evaluate("""id => {
        const q = document.getElementById(id);
        return {matches: q.matches(':target, .anchor-target'), bg: getComputedStyle(q).backgroundColor,
                tag: q.tagName};
    }""", question_id)
    assert box["tag"] == "H3"
    assert box["matches"], "the question is not the :target"
    assert box["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), "the targeted question is not marked"


def scroll_and_let_tracking_settle(page, link) -> None:
    """Scroll `link` into view, then wait until Material's navigation.tracking has nothing
    left to write.

    Tracking rewrites the address (history.replaceState with the current section's hash)
    once the scroll offset has been still for 250 ms (debounceTime(250) on viewport$, keyed
    on the offset object). If that lands while an instant navigation is under way, it
    overwrites the new page's address. The page gets a second subscriber to Material's
    viewport$ with the same rule; it subscribes after tracking, so its timer for any offset
    runs after tracking's: once it reports nothing pending, tracking has written (or had
    nothing to write) for this scroll position.
    """
    page.evaluate("""() => {
        const t = window.__explainerTracking = {pending: false, last: undefined, timer: 0};
        viewport$.subscribe(({offset}) => {
            if (offset === t.last) return;              // distinctUntilKeyChanged("offset")
            t.last = offset;
            t.pending = true;
            clearTimeout(t.timer);
            t.timer = setTimeout(() => { t.pending = false; }, 250);   // debounceTime(250)
        });
    }""")
    link.scroll_into_view_if_needed()
    # The scroll reaches viewport$ by the next animation frame.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_function("() => !window.__explainerTracking.pending")


@pytest.mark.parametrize("question_id", DEEP_LINKS)
def test_cold_deep_link_lands_on_the_question(page, base_url, question_id):
    page.goto(f"{base_url}faq/#{question_id}")
    wait_for_material(page)
    assert_question_in_view(page, question_id)
    page.watch.assert_clean()


def test_alias_lands_on_its_question(page, base_url):
    page.goto(f"{base_url}faq/#release-date")
    wait_for_material(page)
    assert_question_in_view(page, "was-it-released")
    assert page.url.endswith("/faq/#was-it-released")


def test_deep_link_through_instant_navigation(page, base_url):
    page.goto(base_url + "safety/")
    wait_for_material(page)
    page.evaluate("window.__no_reload = true")
    link = page.locator('article a[href$="faq/#can-weights-be-recalled"]').first
    scroll_and_let_tracking_settle(page, link)
    link.click()
    page.wait_for_url(re.compile(r"/faq/#can-weights-be-recalled$"))
    assert page.evaluate("window.__no_reload === true"), "the link caused a full page load"
    assert_question_in_view(page, "can-weights-be-recalled")


def test_copy_control_puts_the_answer_url_on_the_clipboard(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.split("/openweight")[0])
    page = context.new_page()
    page.goto(base_url + "faq/")
    wait_for_material(page)
    button = page.locator('button.faq-copy[data-faq-id="is-gpt-oss-open-source"]')
    assert button.is_visible()
    # By keyboard: focus and press Enter, as a keyboard user would.
    button.focus()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expected = f"{base_url}faq/#is-gpt-oss-open-source"
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    assert button.inner_text() == "Link copied"
    status = page.locator("[data-faq-status]")
    assert status.get_attribute("role") == "status"
    assert expected in status.inner_text() and "Is gpt-oss open source?" in status.inner_text()
    context.close()


def test_copy_buttons_have_accessible_names(page, base_url):
    page.goto(base_url + "faq/")
    wait_for_material(page)
    buttons = page.get_by_role("button", name=re.compile(r"^Copy link to the answer: "))
    assert buttons.count() == page.locator("article h3").count() >= 12
