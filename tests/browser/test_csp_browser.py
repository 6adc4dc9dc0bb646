"""The Content-Security-Policy in Chromium: every page from sitemap.xml, used the way a
reader uses it (tooltips, search, the glossary filter, copy-link, the palette, instant
navigation), raises no `securitypolicyviolation` event and logs no console error."""

from __future__ import annotations

from browser_helpers import choose_palette, edition_of, report, wait_for_material

LISTEN = """() => document.addEventListener('securitypolicyviolation', e =>
    (window.__cspSeen = (window.__cspSeen || 0) + 1) && window.cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
                        `(${e.sourceFile || ''}:${e.lineNumber || ''}) ${e.sample || ''}`))"""


def _listen(page) -> list[str]:
    violations: list[str] = []
    page.expose_binding("cspViolation", lambda source, text: violations.append(f"{source['page'].url}: {text}"))
    page.add_init_script(f"({LISTEN})()")
    return violations


def _search(page, query: str) -> None:
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "() => /matching document|符合的項目/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10000)
    page.keyboard.press("Escape")


def test_no_policy_violation_or_console_error_on_any_page(page, context, base_url, site_pages):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    violations = _listen(page)
    done: dict[str, int] = {}
    failures = {}

    def did(what: str) -> None:
        done[what] = done.get(what, 0) + 1

    for url in site_pages:
        page.watch.clear()
        page.goto(url, wait_until="networkidle")  # the search worker and its index included
        wait_for_material(page)
        did("page loads")
        term = page.locator("article a.glossary-term").first
        if term.count():
            term.scroll_into_view_if_needed()
            term.hover()
            page.locator(".term-preview--active").wait_for(state="visible")
            did("tooltips")
        _search(page, "weights")
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
        if problems := page.watch.problems():
            failures[url] = problems

    # Instant navigation through the whole sidebar, the palette, and a shared search link.
    page.goto(site_pages[0])
    wait_for_material(page)
    page.evaluate("window.__no_reload = true")
    links = ".md-sidebar--primary a.md-nav__link[href]"
    targets = page.locator(links).evaluate_all("els => [...new Set(els.map(a => a.href.split('#')[0]))]")
    for target in targets:
        if target == page.url.split("#")[0]:
            continue
        page.locator(links).evaluate_all("(els, t) => els.find(a => a.href.split('#')[0] === t).click()", target)
        page.wait_for_function("t => location.href.split('#')[0] === t && !!document.querySelector('.md-content')",
                               arg=target)
        wait_for_material(page)
        did("instant navigations")
    assert page.evaluate("window.__no_reload") is True, "a sidebar link reloaded the page"
    for choice in ("dark", "light"):
        choose_palette(page, choice)
        did("palette switches")
    page.goto(site_pages[0] + "?q=open+weights")
    page.wait_for_function(
        "() => /matching document/.test(document.querySelector('.md-search-result__meta').textContent)")
    did("shared search links")
    if problems := page.watch.problems():
        failures["instant navigation, palette, shared search"] = problems

    print(f"CSP browser check: {len(site_pages)} pages; interactions: {done}")
    assert violations == [], "\n".join(violations)
    assert not failures, report(failures)
    editions = {edition_of(url, base_url) for url in site_pages}
    english = [url for url in site_pages if edition_of(url, base_url) == ""]
    # One glossary and one FAQ per edition; the sidebar walked is the English edition's.
    assert done["page loads"] == len(site_pages) and done["tooltips"] >= 5
    assert done["glossary filters"] == len(editions) and done["copy-link clicks"] == len(editions)
    assert done["instant navigations"] >= len(english) - 1


def test_the_policy_blocks_an_unlisted_inline_script(page, base_url):
    """The listener above can fail: an inline script the site did not ship is refused."""
    violations = _listen(page)
    page.goto(base_url)
    wait_for_material(page)
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.body.append(s); }""")
    page.wait_for_function("() => window.__cspSeen > 0")
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations), violations


def test_a_script_written_into_a_built_page_after_the_build_is_blocked(page, base_url):
    """The policy hashes only the scripts the templates ship: a script added to a built page
    afterwards (a tampered file, a host that injects) does not run, inline or as a handler."""
    violations = _listen(page)
    target = base_url + "delay/"

    def tampered(route):
        response = route.fetch()
        html = response.text()
        assert "Content-Security-Policy" in html
        injected = html.replace("</article>", '<script>window.__injected = true</script>'
                                '<img src="data:," onerror="window.__handler = true"></article>', 1)
        assert injected != html
        route.fulfill(response=response, body=injected)

    page.route(target, tampered)
    page.goto(target)
    wait_for_material(page)
    page.wait_for_function("() => (window.__cspSeen || 0) >= 2")
    assert page.evaluate("window.__injected === undefined && window.__handler === undefined")
    assert sum("script-src" in v for v in violations) >= 2, violations
