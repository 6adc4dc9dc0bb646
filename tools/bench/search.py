"""Search speed in Chromium: keydown of a query's last character to the DOM mutation
that renders its results.

First query: a fresh page, search opened with "/" and the query typed at once (25 ms
between keys), so on this site it includes fetching the index and starting the worker
that the first intent triggers. Warm: later queries on a page whose index is loaded.
"""

from __future__ import annotations

from tools.bench.results import SearchLatency, spread

QUERIES = ("o3-mini", "open weights", "MoE", "Apache 2.0", "Kimi K2",
           "red teaming", "safety testing", "DeepSeek", "Altman", "license")

# Arms a one-shot probe: the next keydown starts the clock, the first mutation that shows
# results (or "No matching documents") for the full query stops it.
ARM_JS = """(query) => {
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  const input = document.querySelector('.md-search__input');
  const b = window.__bench = {t0: null, t1: null};
  const rendered = () => input.value === query &&
    (list.children.length > 0 || /No matching/.test(meta.textContent));
  const observer = new MutationObserver(() => {
    if (b.t0 === null || b.t1 !== null || !rendered()) return;
    b.t1 = performance.now();
    observer.disconnect();
  });
  window.addEventListener('keydown', () => { b.t0 = performance.now(); }, {capture: true, once: true});
  observer.observe(list, {childList: true, subtree: true});
  observer.observe(meta, {childList: true, characterData: true, subtree: true});
}"""

SETTLED_JS = """(ms) => new Promise(resolve => {
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  let timer = setTimeout(done, ms);
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, ms); });
  observer.observe(list, {childList: true, subtree: true});
  observer.observe(meta, {childList: true, characterData: true, subtree: true});
  function done() { observer.disconnect(); resolve(meta.textContent.trim()); }
})"""


def _last_key(page, box, query: str) -> float:
    """Type all but the last character, arm the probe, type the last; return its ms."""
    if len(query) > 1:
        box.press_sequentially(query[:-1], delay=25)
    page.evaluate(ARM_JS, query)
    page.keyboard.type(query[-1])
    page.wait_for_function("() => window.__bench.t1 !== null", timeout=15000)
    return page.evaluate("() => window.__bench.t1 - window.__bench.t0")


def first_queries(browser, url: str, queries=QUERIES[:5]) -> list[float]:
    """One fresh page per query: open search, type the query at once."""
    out = []
    for query in queries:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(url, wait_until="networkidle", timeout=60000)
        page.wait_for_function("() => typeof document$ !== 'undefined'")
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.wait_for(state="visible")
        out.append(_last_key(page, box, query))
        context.close()
    return out


def warm_queries(browser, url: str, passes: int, queries=QUERIES) -> list[float]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url, wait_until="networkidle", timeout=60000)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    page.wait_for_function("() => !/Initializing/.test("
                           "document.querySelector('.md-search-result__meta').textContent)", timeout=30000)
    out = []
    for _ in range(passes):
        for query in queries:
            box.fill("")
            page.keyboard.press("Backspace")  # a keyup with the empty query: Material resets
            page.evaluate(SETTLED_JS, 150)
            if len(query) > 1:
                box.press_sequentially(query[:-1], delay=25)
                page.evaluate(SETTLED_JS, 250)
            page.evaluate(ARM_JS, query)
            page.keyboard.type(query[-1])
            page.wait_for_function("() => window.__bench.t1 !== null", timeout=15000)
            out.append(page.evaluate("() => window.__bench.t1 - window.__bench.t0"))
    context.close()
    return out


def search_latency(browser, url: str, passes: int) -> SearchLatency:
    return SearchLatency(first_query=spread(first_queries(browser, url)),
                         warm=spread(warm_queries(browser, url, passes)), queries=QUERIES)
