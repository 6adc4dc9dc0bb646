"""The Content-Security-Policy in Chromium: every page from sitemap.xml, used the way a
reader uses it (tooltips, search, the glossary filter, copy-link, the palette, instant
navigation), raises no `securitypolicyviolation` event and logs no console error."""

from __future__ import annotations

from browser_helpers import choose_palette, edition_of, report, wait_for_material
from walks import listen_for_csp


def test_no_policy_violation_or_console_error_on_any_page(first_load_walk, page, base_url, site_pages):
    """Each page as loaded afresh and used by a reader (the shared first-load walk,
    tests/browser/walks.py: a tooltip, a search, the glossary filter, copy-link); then
    instant navigation, the palette and a shared search link, here."""
    done = dict(first_load_walk.done)
    failures = {visit.url: visit.use_problems for visit in first_load_walk.pages if visit.use_problems}
    violations = [v for visit in first_load_walk.pages for v in visit.csp]
    assert [visit.url for visit in first_load_walk.pages] == site_pages
    later = listen_for_csp(page)

    def did(what: str) -> None:
        done[what] = done.get(what, 0) + 1

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
        # The address changes before Material swaps the new page in; the next click must
        # wait for the swap (the new navigation marks its link active), or it lands on a
        # link of the old page, detached by then, which the browser follows as a full load.
        page.wait_for_function(
            "t => location.href.split('#')[0] === t"
            " && document.querySelector('a.md-nav__link--active')?.href.split('#')[0] === t",
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
    violations += later
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
    violations = listen_for_csp(page)
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
    violations = listen_for_csp(page)
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
