"""Heading permalinks carry an accessible name but no title (explainer/permalinks.py):
Material would mount a tooltip on each title at page load."""

from __future__ import annotations

import markdown
import pytest

from explainer.glossary import load_glossary
from explainer.term_links import TermLinkExtension
from sitebuild import PAGES, ROOT
from sitehtml import soup

TOC = {"toc": {"permalink": True, "permalink_title": "Link to this section"}}


def render(text: str, extensions) -> str:
    return markdown.markdown(text, extensions=["toc", *extensions], extension_configs=TOC)


def test_permalinks_are_named_by_aria_label():
    html = render("## Why { #why }\n\nText.\n", ["explainer.permalinks", "attr_list"])
    assert 'class="headerlink"' in html and 'aria-label="Link to this section"' in html
    assert "title=" not in html


def test_without_the_extension_toc_writes_a_title():
    """The check above can fail: toc alone writes the title Material would turn into a tooltip."""
    assert 'title="Link to this section"' in render("## Why { #why }\n", ["attr_list"])


def test_other_titles_stay():
    terms = load_glossary(ROOT / "data" / "glossary.yml")
    ext = TermLinkExtension(terms, glossary_page="glossary.md")
    html = render("## Open weights\n\nAn open-weight model.\n", [ext, "explainer.permalinks"])
    assert 'class="glossary-term"' in html and 'title="' in html  # the term's tooltip stays


@pytest.mark.parametrize("url", list(PAGES.values()), ids=list(PAGES))
def test_built_permalinks_have_names_and_no_titles(site_dir, url):
    links = soup(site_dir, url).select("article a.headerlink")
    assert links, f"{url or '/'}: no permalinks"
    for a in links:
        assert a.get("aria-label") == "Link to this section" and not a.has_attr("title"), str(a)
