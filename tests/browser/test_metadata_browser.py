"""Head metadata survives Material's instant navigation.

Material swaps the page without a reload and diffs <head>: elements the new page
has are appended, those it lacks are removed. So social tags and JSON-LD must
describe the page shown, not the page first loaded.
"""

from __future__ import annotations

import json

from browser_helpers import wait_for_material

HEAD = """() => ({
    title: document.title,
    ogUrl: [...document.head.querySelectorAll('meta[property="og:url"]')].map(m => m.content),
    ogImage: [...document.head.querySelectorAll('meta[property="og:image"]')].map(m => m.content),
    canonical: [...document.head.querySelectorAll('link[rel="canonical"]')].map(l => l.href),
    jsonld: [...document.head.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent),
    same: window.__sameDocument === 'kept',
})"""


def test_head_tags_follow_instant_navigation(page, base_url):
    page.goto(base_url)
    wait_for_material(page)
    page.evaluate("() => { window.__sameDocument = 'kept'; }")
    target = base_url + "delay/"
    # Material makes the nav's links absolute once it has started.
    page.locator(f'nav.md-nav--primary a.md-nav__link[href="{target}"]').first.click()
    page.wait_for_function("url => location.href === url && document.title.startsWith('The delay')",
                           arg=target, timeout=10000)
    head = page.evaluate(HEAD)
    assert head["same"], "the click reloaded the page: instant navigation was not exercised"
    assert head["ogUrl"] == [target]
    assert head["canonical"] == [target]
    assert head["ogImage"] == [base_url + "assets/images/social/delay.png"]
    types = [json.loads(block)["@type"] for block in head["jsonld"]]
    assert types == ["Article"], types
    assert json.loads(head["jsonld"][0])["url"] == target
