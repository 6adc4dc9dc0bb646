"""Walks over every page that several tests share: each page is visited once per walk and
what each test asserts is recorded on the way (tests/browser/conftest.py makes each walk
once per run; tests/conftest.py sends the tests of one walk to one worker).

- first_load_walk: every page loaded afresh on a desktop, light palette, as a reader opens
  a link. Recorded per page: the response, the h1, what the page did while loading (console
  errors, failed and foreign requests, layout shifts), whether it asked for search, axe's violations, and
  then, after a reader's use of it (a tooltip, a search, the glossary filter, copy-link),
  Content-Security-Policy violations and console errors. Read by test_every_page.py,
  test_search_on_demand_browser.py, test_accessibility.py and test_csp_browser.py.
- phone_walk: every page loaded afresh on a 390 px phone: layout shifts, sideways
  scrolling, axe's violations, the tables. Read by test_every_page.py, test_accessibility.py and
  test_phone_reading.py.
- print_walk: every page on screen, then as printed. Read by test_every_page.py and
  test_phone_reading.py.

The order within a page keeps each record what it was when the test walked alone: load
checks before anything runs on the page, axe before a reader's actions change it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from browser_helpers import choose_palette, color_scheme, wait_for_material

# Requests for Material's search index and worker (held back until a reader shows intent:
# assets/javascripts/search-on-demand.js).
SEARCH_INDEX = "search/search_index.json"
SEARCH_WORKER = "assets/javascripts/workers/search."

# Content-Security-Policy violations, reported to the test through a binding.
CSP_LISTEN = """() => document.addEventListener('securitypolicyviolation', e =>
    (window.__cspSeen = (window.__cspSeen || 0) + 1) && window.cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
                        `(${e.sourceFile || ''}:${e.lineNumber || ''}) ${e.sample || ''}`))"""


def listen_for_csp(page) -> list[str]:
    """Every policy violation on this page from now on, in every document it loads."""
    violations: list[str] = []
    page.expose_binding("cspViolation", lambda source, text: violations.append(f"{source['page'].url}: {text}"))
    page.add_init_script(f"({CSP_LISTEN})()")
    return violations


# Layout shifts as Chromium reports them (the sum is Lighthouse's cumulative layout shift
# for a load with no input), with the elements that moved.
LAYOUT_SHIFTS = """(() => { window.__layoutShifts = [];
    new PerformanceObserver(list => { for (const e of list.getEntries()) window.__layoutShifts.push({
        value: e.value,
        moved: (e.sources || []).map(s => !s.node ? '?' : s.node.nodeType !== 1 ? '#text'
            : s.node.tagName.toLowerCase() + (s.node.id ? '#' + s.node.id : '')
              + [...s.node.classList].map(c => '.' + c).join(''))}); })
    .observe({type: 'layout-shift', buffered: true}); })()"""


def watch_layout_shifts(page) -> None:
    """Record every layout shift of every document the page loads from now on."""
    page.add_init_script(LAYOUT_SHIFTS)


def layout_shifts(page) -> list[dict]:
    """The layout shifts of the current document so far: value, moved elements."""
    return page.evaluate("() => window.__layoutShifts || []")


def record_search_requests(page) -> list[str]:
    """Every request for the search index or worker the page makes from now on."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if (SEARCH_INDEX in r.url or SEARCH_WORKER in r.url) else None)
    return seen


@functools.cache
def axe():
    """axe-core for Playwright, imported on first use: the build-level tests (`make test-build`)
    collect the browser modules without the browser-only packages."""
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


def axe_violations(page, within: list[str] | None = None) -> dict[str, list[str]]:
    """axe-core's violations on the page as it is now (or only within the elements matching
    the `within` selectors): rule -> "target: message" per element. Transitions (a tooltip
    fading in, a button changing colour) end first: half-faded text is not what readers see."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
    context = {"include": [[sel] for sel in within]} if within else None
    found = {}
    for rule in axe().run(page, context=context).response["violations"]:
        found[rule["id"]] = [
            f"{' '.join(map(str, node['target']))}: "
            f"{(node.get('any') or node.get('all') or node.get('none') or [{}])[0].get('message', '')}"
            for node in rule["nodes"]]
    return found


def search_and_close(page, query: str) -> None:
    """Open search with "/", type `query`, wait for the result count, close it."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "() => /matching document|符合的項目/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10000)
    page.keyboard.press("Escape")


@dataclass
class FirstLoad:
    """One page loaded afresh (first_load_walk)."""
    url: str
    status: int
    h1_count: int
    load_problems: dict[str, list[str]]   # PageWatch.problems() once loaded and idle
    search_state: dict | None             # window.__searchOnDemand once loaded
    search_requests: list[str]            # requests for the index or worker while loading
    scheme: str                           # Material's colour scheme the page was drawn in
    shifts: list[dict]                    # layout shifts while loading (layout_shifts())
    axe: dict[str, list[str]]             # axe's violations as loaded
    use_problems: dict[str, list[str]]    # PageWatch.problems() after load and a reader's use
    csp: list[str]                        # policy violations, load and use


@dataclass
class FirstLoadWalk:
    pages: list[FirstLoad]
    done: dict[str, int] = field(default_factory=dict)  # how many of each action a reader took


def first_load_walk(page, base_url: str, site_pages: list[str]) -> FirstLoadWalk:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    csp = listen_for_csp(page)
    searches = record_search_requests(page)
    watch_layout_shifts(page)
    # The light palette, chosen with the header's toggle (kept for later pages).
    page.goto(base_url)
    wait_for_material(page)
    choose_palette(page, "light")
    walk = FirstLoadWalk([])

    def did(what: str) -> None:
        walk.done[what] = walk.done.get(what, 0) + 1

    for url in site_pages:
        page.watch.clear()
        searches.clear()
        csp_before = len(csp)
        response = page.goto(url, wait_until="networkidle")  # a search worker and index would be included
        wait_for_material(page)
        did("page loads")
        load_problems = page.watch.problems()
        h1_count = page.locator("article h1").count()  # before search adds its result <article>s
        shifts = layout_shifts(page)
        state = page.evaluate("() => window.__searchOnDemand")
        requested = list(searches)
        scheme = color_scheme(page)
        violations = axe_violations(page)

        # What a reader does on the page (every page: a search; where there are any: a term's
        # definition, the glossary filter, copy-link).
        term = page.locator("article a.glossary-term").first
        if term.count():
            term.scroll_into_view_if_needed()
            term.hover()
            page.locator(".term-preview--active").wait_for(state="visible")
            did("tooltips")
        search_and_close(page, "weights")
        did("searches")
        if page.locator("[data-glossary-filter] input").count():
            box = page.locator("[data-glossary-filter] input")
            box.fill("red team")
            page.wait_for_function(  # "3 of 50 terms match" / "50 個詞條中有 3 個符合"
                "() => /of \\d+ terms match|個詞條中有 \\d+ 個符合/.test("
                "document.querySelector('#glossary-filter-status').textContent)")
            box.fill("")
            did("glossary filters")
        if page.locator("button.faq-copy").count():
            page.locator("button.faq-copy").first.click()
            page.wait_for_function("() => /copied|已複製/.test(document.querySelector('[data-faq-status]').textContent)")
            did("copy-link clicks")
        walk.pages.append(FirstLoad(url, response.status, h1_count, load_problems,
                                    state, requested, scheme, shifts, violations, page.watch.problems(), csp[csp_before:]))
    return walk


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

# The tables of the article as a phone shows them: readable text, and clipped cells only
# where the box scrolls with an affordance (test_phone_reading.py).
TABLES_JS = """() => {
    const problems = [];
    document.querySelectorAll('article table').forEach((table, t) => {
        const wrap = table.closest('.md-typeset__scrollwrap');
        const cells = [...table.querySelectorAll('th, td')];
        for (const cell of cells) {
            const size = parseFloat(getComputedStyle(cell).fontSize);
            if (cell.textContent.trim() && size < 14) problems.push(`table ${t}: ${size}px text`);
        }
        const view = (wrap || table).getBoundingClientRect();
        const clipped = cells.filter(c => c.textContent.trim() && c.getBoundingClientRect().right > view.right + 1);
        if (!clipped.length) return;
        // Clipped cells need an affordance: the box scrolls, takes focus, keeps its first
        // column in view and shows a shadow at the edge.
        const style = wrap && getComputedStyle(wrap);
        if (!wrap || !/auto|scroll/.test(style.overflowX)) { problems.push(`table ${t}: clipped, cannot scroll`); return; }
        if (wrap.getAttribute('tabindex') !== '0') problems.push(`table ${t}: scrolls but takes no focus`);
        if (!/gradient/.test(style.backgroundImage)) problems.push(`table ${t}: no edge shadow`);
        const first = table.querySelector('tbody tr > :first-child');
        if (getComputedStyle(first).position !== 'sticky') problems.push(`table ${t}: first column scrolls away`);
        // Scrolled to the end, every clipped cell is in view beside the kept first column.
        wrap.scrollLeft = wrap.scrollWidth;
        const inView = wrap.getBoundingClientRect(), keep = first.getBoundingClientRect().right;
        for (const c of clipped) {
            const r = c.getBoundingClientRect();
            if (c.matches(':first-child')) continue;
            if (r.right > inView.right + 1 || r.left < keep - 1)
                problems.push(`table ${t}: "${c.textContent.trim().slice(0, 30)}" never fully in view`);
        }
        wrap.scrollLeft = 0;
    });
    return problems;
}"""


@dataclass
class PhoneLoad:
    """One page loaded afresh on a 390 x 844 phone (phone_walk)."""
    url: str
    shifts: list[dict]    # layout shifts while loading (layout_shifts())
    overflow: dict        # OVERFLOW_PROBE as loaded
    axe: dict[str, list[str]]
    tables: list[str]     # TABLES_JS's problems
    problems: dict[str, list[str]]  # PageWatch.problems() for the load and the checks


def phone_walk(page, base_url: str, site_pages: list[str]) -> list[PhoneLoad]:
    watch_layout_shifts(page)
    page.goto(base_url)
    wait_for_material(page)
    choose_palette(page, "light")
    seen = []
    for url in site_pages:
        page.watch.clear()
        page.goto(url)
        wait_for_material(page)  # site.js's idle-time work done: what moves while loading has moved
        shifts = layout_shifts(page)
        overflow = page.evaluate(OVERFLOW_PROBE)
        violations = axe_violations(page)
        tables = page.evaluate(TABLES_JS)
        seen.append(PhoneLoad(url, shifts, overflow, violations, tables, page.watch.problems()))
    return seen


# Page furniture Material must leave off paper, and the article that must stay.
FURNITURE = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-top"]
CONTENT = """() => [...document.querySelectorAll(
        'article :is(h1, h2, h3, h4, p, li, td, th, dt, dd, pre, blockquote)')]
    .filter(el => !el.closest('[role=status]') && el.checkVisibility())
    .map(el => el.tagName + ':' + el.textContent.trim().slice(0, 60))"""

# Links as printed: the site's own links print no address, the article's sources print theirs
# once in the page's source list, and the copy-link hint is not printed (test_phone_reading.py).
PRINT_JS = """() => {
    const links = [...document.querySelectorAll('article a[href]')];
    const shown = a => { const c = getComputedStyle(a, '::after').content; return c && c !== 'none' && c !== 'normal'; };
    return {
        internal: links.filter(a => a.origin === location.origin && shown(a)).map(a => a.getAttribute('href')),
        outside: links.filter(a => a.origin !== location.origin && shown(a)).length,
        listed: [...document.querySelectorAll('.page-sources a[href^="http"]')].filter(shown).length,
        sources: document.querySelectorAll('.page-sources a[href^="http"]').length,
        hint: [...document.querySelectorAll('.faq-copy-hint')].filter(e => e.offsetParent !== null).length,
    };
}"""


@dataclass
class PrintLoad:
    """One page on a desktop screen, then as printed (print_walk)."""
    url: str
    on_screen: list[str]          # CONTENT on screen
    furniture_on_screen: list[str]
    on_paper: list[str]           # CONTENT as printed
    furniture_printed: list[str]
    title_printed: bool
    links: dict                   # PRINT_JS as printed


def print_walk(page, site_pages: list[str]) -> list[PrintLoad]:
    seen = []
    for url in site_pages:
        page.emulate_media(media="screen")
        page.goto(url)
        wait_for_material(page)
        on_screen = page.evaluate(CONTENT)
        furniture_on_screen = [sel for sel in FURNITURE[:3] if page.locator(sel).first.is_visible()]
        page.emulate_media(media="print")
        seen.append(PrintLoad(url, on_screen, furniture_on_screen, page.evaluate(CONTENT),
                              [sel for sel in FURNITURE if page.locator(sel).first.is_visible()],
                              page.locator("article h1").is_visible(), page.evaluate(PRINT_JS)))
    page.emulate_media(media="screen")
    return seen
