"""The built site as a reader gets it: every page, every link, nothing third-party."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from sitebuild import PAGES, SUBPATH, mkdocs_build, restamp
from sitehtml import broken_internal_links, html_pages, references, soup

SITE_HOSTS = {"127.0.0.1:8000", "example.github.io"}


@pytest.mark.parametrize("url", PAGES.values(), ids=list(PAGES))
def test_page_has_title_heading_and_description(site_dir, url):
    page = soup(site_dir, url)
    title = page.title.get_text(strip=True)
    assert title and title != "None", f"{url or '/'} has no <title>"
    h1 = page.select_one("article h1")
    assert h1 and h1.get_text(strip=True), f"{url or '/'} has no visible H1"
    description = page.find("meta", attrs={"name": "description"})
    assert description and len(description["content"]) >= 50, f"{url or '/'} lacks a meta description"


def test_titles_and_descriptions_are_unique(site_dir):
    titles = [soup(site_dir, u).title.get_text(strip=True) for u in PAGES.values()]
    descriptions = [soup(site_dir, u).find("meta", attrs={"name": "description"})["content"]
                    for u in PAGES.values()]
    assert len(set(titles)) == len(titles), titles
    assert len(set(descriptions)) == len(descriptions), descriptions


def test_nav_lists_every_page(site_dir):
    nav_links = {a["href"] for a in soup(site_dir, "").select("nav.md-nav--primary a.md-nav__link[href]")}
    for url in PAGES.values():
        assert any(href.rstrip("./") == url.rstrip("/") or href == f"{url}" for href in nav_links | {"."}), url


def test_every_internal_link_and_anchor_resolves(site_dir):
    assert broken_internal_links(site_dir, "http://127.0.0.1:8000/") == []


def test_every_link_resolves_when_served_under_a_subpath(subpath_site_dir):
    assert broken_internal_links(subpath_site_dir, f"https://example.github.io{SUBPATH}") == []


def test_crawler_catches_a_broken_anchor(site_dir, tmp_path):
    """The link crawler itself must be able to fail."""
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    page = copy / "delay" / "index.html"
    page.write_text(page.read_text().replace("</article>", '<a href="../faq/#no-such-question">x</a></article>'))
    problems = broken_internal_links(copy, "http://127.0.0.1:8000/")
    assert any("no-such-question" in p for p in problems)


def test_no_third_party_resources(site_dir):
    """Scripts, styles, fonts, images and frames all come from the site itself."""
    offenders = []
    for url, file in html_pages(site_dir).items():
        page = soup(site_dir, url)
        for tag, attr, value in references(page):
            loads = tag.name in ("script", "img", "iframe", "source", "video", "audio", "embed", "object") or (
                tag.name == "link" and set(tag.get("rel", [])) & {"stylesheet", "preload", "preconnect",
                                                                   "dns-prefetch", "icon", "modulepreload"})
            host = urlsplit(value).netloc
            if loads and host and host not in SITE_HOSTS:
                offenders.append(f"{url}: <{tag.name} {attr}={value}>")
    for css in site_dir.rglob("*.css"):
        for ref in re.findall(r"url\(['\"]?(https?://[^)'\"]+)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(site_dir)}: url({ref})")
    assert offenders == []


def test_no_repository_facts_request(site_dir):
    """With repo_url set, Material would ask api.github.com for stars on every page load."""
    assert soup(site_dir, "").select('[data-md-component="source"]') == []


def test_search_separator_keeps_hyphenated_terms(site_dir):
    import json
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    separator = index["config"]["separator"]
    assert re.split(separator, "o3-mini") == ["o3", "mini"]
    assert re.split(separator, "Apache 2.0") == ["Apache", "2.0"]


def test_custom_404_offers_a_way_home(subpath_site_dir):
    page = soup(subpath_site_dir, "404.html")
    assert page.select_one("article h1").get_text(strip=True) == "Page not found"
    home = page.select_one('article a[href$="%s"]' % SUBPATH)
    assert home is not None and "home" in home.get_text().lower()
    # Assets use absolute paths, so the page renders at any depth of unknown path.
    css = [l["href"] for l in page.select('link[rel="stylesheet"]')]
    assert css and all(h.startswith(SUBPATH) for h in css), css


def test_status_note_says_the_model_shipped(site_dir):
    text = soup(site_dir, "").select_one("article").get_text(" ", strip=True)
    assert "5 August 2025" in text and "gpt-oss-120b" in text and "Apache 2.0" in text


@pytest.mark.parametrize("case, edit, expected", [
    ("broken link", lambda t: t + "\n\nSee [nowhere](no-such-page.md).\n", "no-such-page.md"),
    ("broken anchor", lambda t: t + "\n\nSee [the FAQ](faq.md#no-such-question).\n", "no-such-question"),
])
def test_broken_link_in_a_page_fails_the_build_naming_the_file(project_copy, tmp_path, case, edit, expected):
    page = project_copy / "docs" / "delay.md"
    page.write_text(edit(page.read_text()))
    restamp(project_copy)  # else the stale Chinese translation is what stops the build
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0, f"{case} did not fail the build"
    assert "delay.md" in result.stderr and expected in result.stderr, result.stderr
