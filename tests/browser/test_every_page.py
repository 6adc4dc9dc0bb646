"""Every page of the site, as its sitemap.xml lists them: it loads cleanly, fits a phone
and prints as an article. Each test reads a walk over all pages that other modules' checks
share (tests/browser/walks.py) and reports every failing page at once."""

from __future__ import annotations

from browser_helpers import report, wait_for_material
from walks import OVERFLOW_PROBE


def test_every_page_loads_without_errors_or_foreign_requests(first_load_walk, site_pages):
    """Each page loaded afresh (the shared first-load walk, tests/browser/walks.py), until
    the network is idle: a search worker and index would be included."""
    failures = {}
    for visit in first_load_walk.pages:
        problems = dict(visit.load_problems)
        if visit.status != 200:
            problems["status"] = [visit.status]
        if visit.h1_count != 1:
            problems["h1"] = [f"{visit.h1_count} h1 in the article"]
        if problems:
            failures[visit.url] = problems
    assert not failures, report(failures)
    assert [visit.url for visit in first_load_walk.pages] == site_pages
    assert len(site_pages) >= 2, site_pages


def test_no_page_scrolls_sideways_on_a_phone(phone_walk, site_pages):
    """Each page loaded afresh on a 390 px phone (the shared phone walk)."""
    failures = {}
    for visit in phone_walk:
        seen = visit.overflow
        if seen["scrollWidth"] > seen["clientWidth"] or seen["innerWidth"] != 390 or seen["wide"]:
            failures[visit.url] = seen
    assert not failures, report(failures)
    assert [visit.url for visit in phone_walk] == site_pages
    problems = {visit.url: visit.problems for visit in phone_walk if visit.problems}
    assert not problems, report(problems)


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


# What a reader reading as the page loads would see jump: Lighthouse's cumulative layout
# shift for the load (stock Material's pages: 0.001 or less). "Good" is below 0.1; nothing
# on these pages needs to move at all.
MAX_LOAD_SHIFT = 0.01


def _shift_failures(visits) -> dict:
    failures = {}
    for visit in visits:
        total = sum(shift["value"] for shift in visit.shifts)
        if total > MAX_LOAD_SHIFT:
            failures[visit.url] = [f"layout shift {total:.3f} in all"] + [
                f"{shift['value']:.3f}: {', '.join(shift['moved'])}" for shift in visit.shifts]
    return failures


def test_nothing_moves_while_a_page_loads_on_a_desktop(first_load_walk, site_pages):
    failures = _shift_failures(first_load_walk.pages)
    assert [visit.url for visit in first_load_walk.pages] == site_pages
    assert not failures, report(failures)


def test_nothing_moves_while_a_page_loads_on_a_phone(phone_walk, site_pages):
    failures = _shift_failures(phone_walk)
    assert [visit.url for visit in phone_walk] == site_pages
    assert not failures, report(failures)


def test_print_keeps_the_article_and_drops_the_furniture(print_walk, site_pages):
    """Each page on screen, then printed (the shared print walk, tests/browser/walks.py)."""
    failures = {}
    for visit in print_walk:
        problems = {}
        if visit.furniture_printed:
            problems["furniture printed"] = visit.furniture_printed
        on_paper = set(visit.on_paper)
        missing = [text for text in visit.on_screen if text not in on_paper]
        if missing:
            problems["content missing on paper"] = missing[:5]
        if not visit.title_printed:
            problems["h1"] = ["the title is not printed"]
        # The check means something only if the furniture was there on screen.
        if len(visit.furniture_on_screen) != 3:
            problems["furniture on screen"] = visit.furniture_on_screen
        if problems:
            failures[visit.url] = problems
    assert not failures, report(failures)
    assert [visit.url for visit in print_walk] == site_pages
