"""Small steps the browser tests share."""

from __future__ import annotations

from urllib.parse import urlsplit

# Search results count as settled when unchanged for this long (each keystroke re-renders them).
SETTLE_MS = 300
RESULTS_SETTLED = """([query, quiet]) => {
    const box = document.querySelector('input.md-search__input');
    const meta = document.querySelector('.md-search-result__meta');
    const list = document.querySelector('.md-search-result');
    // Material's result count, in either edition's words.
    if (!box || box.value !== query || !meta || !/matching document|符合的項目/.test(meta.textContent)) return false;
    const now = performance.now(), html = list.innerHTML, seen = window.__searchSettled;
    if (!seen || seen.html !== html) { window.__searchSettled = {html, since: now}; return false; }
    return now - seen.since >= quiet;
}"""


# The editions' address prefixes after the site's root (explainer/editions.py).
EDITION_PREFIXES = ("zh-TW/",)


def edition_of(url: str, base_url: str) -> str:
    """The edition a served page belongs to: "" (English, at the root) or its prefix ("zh-TW/")."""
    rest = url[len(base_url):] if url.startswith(base_url) else url
    return next((p for p in EDITION_PREFIXES if rest.startswith(p)), "")


def wait_for_material(page) -> None:
    """Material's bundle has started (document$ exists), the content is there, site.js
    has done its idle-time work on it (data-site-ready: wide tables marked), and the
    sitemap has arrived: Material's instant navigation combines each click with the
    sitemap (combineLatestWith(sitemap$) in integrations/instant), so a link clicked
    before it arrives loads the page in full, and under load a test could click that early."""
    page.wait_for_function("() => typeof document$ !== 'undefined' && "
                           "!!document.querySelector('.md-content[data-site-ready]') && "
                           "performance.getEntriesByType('resource').some("
                           "e => /\\/sitemap\\.xml$/.test(e.name) && e.responseEnd > 0)")


def search_results(page, query: str) -> list[str]:
    """Type a query into Material's search as a reader does; return the results in order.

    Each result is "<page path>#<section id>" relative to the site (the page itself
    as "<page path>"), with the highlight query (?h=) dropped.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # browser-only package

    page.keyboard.press("/")  # Material's keyboard shortcut for search
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    page.evaluate("() => { delete window.__searchSettled; }")
    box.press_sequentially(query, delay=20)
    # Results follow each keystroke (the count shown can still belong to the query minus
    # its last letter): wait until those for the whole query are in and stay unchanged.
    # A timeout fails the test: partial results are never returned.
    try:
        page.wait_for_function(RESULTS_SETTLED, arg=[query, SETTLE_MS], polling=50, timeout=10000)
    except PlaywrightTimeoutError:
        shown = page.evaluate("() => [document.querySelector('.md-search-result__meta')?.textContent, "
                              "document.querySelector('input.md-search__input').value]")
        raise AssertionError(f"search results for {query!r} did not settle within 10 s (showing: {shown[0]!r}, "
                             f"typed: {shown[1]!r})") from None
    hrefs = page.locator(".md-search-result__list a").evaluate_all("els => els.map(a => a.href)")
    return [_site_path(page, h) for h in hrefs]


def search_result_groups(page, query: str) -> list[list[str]]:
    """The result cards a reader sees for a query, in order: per page, its visible links
    (the page, then the best-matching sections; more matches stay folded)."""
    search_results(page, query)
    # Folded means inside a closed <details> (Chromium lays such content out, hidden, so
    # offsetParent cannot tell).
    groups = page.locator(".md-search-result__list > li").evaluate_all(
        "els => els.map(li => [...li.querySelectorAll('a')].filter(a => !a.closest('details:not([open])'))"
        ".map(a => a.href))")
    return [[_site_path(page, h) for h in group] for group in groups]


def _site_path(page, href: str) -> str:
    base = urlsplit(page.url).path.split("/")[1]
    parts = urlsplit(href)
    path = parts.path.removeprefix(f"/{base}/")
    return path + (f"#{parts.fragment}" if parts.fragment else "")


# The palette toggle: two options in mkdocs.yml (light, dark), told apart by their media query.
# Its form in the header (palette.js takes Material's data-md-component away, so that
# Material does not mount its own palette component).
PALETTE_FORM = ".md-header form:has(input[name=__palette])"
PALETTE_MEDIA = {
    "light": "(prefers-color-scheme: light)",
    "dark": "(prefers-color-scheme: dark)",
}


def palette_choice(page) -> str | None:
    """The palette option in force ("light", "dark"), as the toggle shows it: each
    option has a button (which switches to the next option) and only the current one's is shown.
    (On a first visit no radio input is checked yet, so the inputs cannot tell.)"""
    media = page.evaluate("""selector => {
        const form = document.querySelector(selector);
        const labels = [...form.querySelectorAll('label')];
        const shown = labels.filter(l => !l.hidden);
        if (shown.length !== 1) return null;
        return form.querySelectorAll('input[name=__palette]')[labels.indexOf(shown[0])].dataset.mdColorMedia;
    }""", PALETTE_FORM)
    return next((name for name, m in PALETTE_MEDIA.items() if m == media), None)


def color_scheme(page) -> str:
    """The scheme the page is drawn in: Material's "default" (light) or "slate" (dark)."""
    return page.evaluate("() => document.body.dataset.mdColorScheme")


def choose_palette(page, name: str) -> None:
    """Click the header's palette toggle, as a reader does, until `name` is chosen."""
    for _ in range(len(PALETTE_MEDIA) + 1):
        if palette_choice(page) == name:
            return
        page.locator(f"{PALETTE_FORM} label:visible").click()
    raise AssertionError(f"the palette toggle never reached {name!r}")


def tab_to(page, predicate: str, limit: int = 400) -> int:
    """Press Tab until `predicate` (a JS function of the focused element) holds; return
    how many presses it took. Fails when the element cannot be reached by keyboard."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({predicate})(document.activeElement)"):
            return presses
    raise AssertionError(f"not reachable with Tab in {limit} presses: {predicate}")


def focus_ring(page) -> dict:
    """How the focused element shows its focus: outline and box-shadow as computed."""
    return page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
                style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
                color: s.outlineColor, shadow: s.boxShadow,
                focusVisible: document.activeElement.matches(':focus-visible')};
    }""")


def assert_visible_focus_ring(page) -> None:
    """The focused element draws a ring a sighted keyboard user can see."""
    ring = focus_ring(page)
    assert ring["focusVisible"], "the focus did not come from the keyboard"
    transparent = ring["color"] in ("transparent", "rgba(0, 0, 0, 0)")
    outlined = ring["style"] not in ("none", "hidden") and ring["width"] >= 1 and not transparent
    shadowed = ring["shadow"] not in ("none", "")
    assert outlined or shadowed, f"no visible focus ring: {ring}"


# Is the element's top on screen, below the sticky header (and its top within the first
# `within` of the window, or, with `whole`, its bottom on screen too)? Read after two
# animation frames, so a scroll the browser has started is finished.
BELOW_HEADER = """([id, within, whole, slack]) => new Promise(ok => requestAnimationFrame(() =>
    requestAnimationFrame(() => {
        const el = document.getElementById(id), r = el && el.getBoundingClientRect();
        if (!r) return ok(false);  // mid instant navigation: the new page is not in yet
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        ok(r.top >= header - slack && r.top < window.innerHeight * within
           && (!whole || r.bottom <= window.innerHeight));
    })))"""


def below_header(page, element_id: str, *, within: float = 1.0, whole: bool = False,
                 slack: float = 2) -> bool:
    """The element with this id is on screen, below the sticky header (see BELOW_HEADER)."""
    return page.evaluate(BELOW_HEADER, [element_id, within, whole, slack])


def wait_below_header(page, element_id: str, *, within: float = 1.0, whole: bool = False,
                      slack: float = 2, timeout: float = 5000) -> None:
    """Wait until below_header() holds; fail after `timeout` ms."""
    page.wait_for_function(BELOW_HEADER, arg=[element_id, within, whole, slack], timeout=timeout)


def report(failures: dict) -> str:
    """A readable, untruncated failure message: one line per page (or state) and problem."""
    lines = []
    for where, problems in failures.items():
        lines.append(f"{where}:")
        items = problems.items() if isinstance(problems, dict) else [("", problems)]
        for what, details in items:
            details = details if isinstance(details, list) else [details]
            lines.append(f"  {what}:" if what else "")
            lines.extend(f"    - {d}" for d in details)
    return "\n".join(lines)
