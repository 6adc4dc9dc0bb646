"""Small steps the browser tests share."""

from __future__ import annotations

from urllib.parse import urlsplit


def wait_for_material(page) -> None:
    """Material's bundle has started (document$ exists) and the content is there."""
    page.wait_for_function("() => typeof document$ !== 'undefined' && !!document.querySelector('.md-content')")


def search_results(page, query: str) -> list[str]:
    """Type a query into Material's search as a reader does; return the results in order.

    Each result is "<page path>#<section id>" relative to the site (the page itself
    as "<page path>"), with the highlight query (?h=) dropped.
    """
    page.keyboard.press("/")  # Material's keyboard shortcut for search
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "() => /matching document/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10000)
    hrefs = page.locator(".md-search-result__list a").evaluate_all("els => els.map(a => a.href)")
    base = urlsplit(page.url).path.split("/")[1]
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path.removeprefix(f"/{base}/")
        out.append(path + (f"#{parts.fragment}" if parts.fragment else ""))
    return out
