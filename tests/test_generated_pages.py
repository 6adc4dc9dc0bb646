"""The built glossary and FAQ pages, and the term links on every other page."""

from __future__ import annotations

import json

import pytest

from sitebuild import PAGES, ROOT, mkdocs_build
from sitehtml import soup
from explainer.glossary import load_glossary

TERMS = load_glossary(ROOT / "data" / "glossary.yml")


def jsonld(page, kind):
    blocks = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    return [b for b in blocks if b.get("@type") == kind]


def test_every_term_has_its_own_heading_and_anchor(site_dir):
    page = soup(site_dir, "glossary/")
    for t in TERMS:
        heading = page.select_one(f"article h2#{t.id}")
        assert heading is not None, t.id
        assert heading.get_text().rstrip("¶").strip() == t.term
    headings = [h.get_text().rstrip("¶").strip() for h in page.select("article .glossary-entry h2")]
    assert headings == sorted(headings, key=str.casefold)


def test_every_term_shows_aliases_definition_related_and_source(site_dir):
    page = soup(site_dir, "glossary/")
    for t in TERMS:
        entry = page.select_one(f'.glossary-entry[data-term-id="{t.id}"]')
        text = entry.get_text(" ", strip=True)
        for alias in t.aliases:
            assert alias in text, (t.id, alias)
        label = "Source:" if len(t.source) == 1 else "Sources:"
        assert label in text, (t.id, label)
        cited = entry.select(".glossary-meta a.citation[href^='http']")
        assert cited, (t.id, "the source line links to the source")
        for link in cited:
            # No title: Material would mount a tooltip on each at page load (issue 11).
            assert link.get("title") is None, (t.id, link)
        for rel in t.related:
            assert entry.select_one(f'.glossary-meta a[href="#{rel}"]'), (t.id, rel)


def test_letter_bar_links_to_each_letter(site_dir):
    page = soup(site_dir, "glossary/")
    letters = {t.term[0].upper() for t in TERMS}
    bar = page.select("nav.glossary-letters a")
    assert {a.get_text() for a in bar} == letters
    for a in bar:
        assert page.select_one(a["href"]) is not None


def test_glossary_jsonld_lists_every_term(site_dir):
    page = soup(site_dir, "glossary/")
    [data] = jsonld(page, "DefinedTermSet")
    assert {d["termCode"] for d in data["hasDefinedTerm"]} == {t.id for t in TERMS}
    assert all(d["url"].startswith("http://127.0.0.1:8000/glossary/#") for d in data["hasDefinedTerm"])


def test_faq_jsonld_matches_the_questions_on_the_page(site_dir):
    page = soup(site_dir, "faq/")
    [data] = jsonld(page, "FAQPage")
    questions = [h.get_text().rstrip("¶").strip() for h in page.select("article h3")]
    assert [q["name"] for q in data["mainEntity"]] == questions
    assert all(q["acceptedAnswer"]["text"] for q in data["mainEntity"])


def test_faq_questions_have_copy_controls_and_ids(site_dir):
    page = soup(site_dir, "faq/")
    questions = page.select("article h3[id]")
    assert len(questions) >= 12
    for h in questions:
        button = h.find_next_sibling().select_one("button.faq-copy")
        assert button is not None and button["data-faq-id"] == h["id"], h["id"]


# The glossary explains terms itself; the Sources page lists documents, not prose.
@pytest.mark.parametrize("url", [u for p, u in PAGES.items() if p not in ("glossary.md", "sources.md")])
def test_terms_are_explained_where_they_appear(site_dir, url):
    page = soup(site_dir, url)
    links = page.select("article a.glossary-term")
    assert links, f"{url or '/'} explains no glossary term"
    ids = [a["href"].split("#")[1] for a in links]
    assert len(ids) == len(set(ids)), "a term is decorated more than once on a page"
    by_id = {t.id: t for t in TERMS}
    for a in links:
        term = by_id[a["href"].split("#")[1]]
        assert a["title"] == term.short
        assert a["href"].split("#")[0].endswith("glossary/")
        assert not a.find_parent(["h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"])
        assert not a.find_parent("a")


def test_glossary_page_has_no_term_tooltips(site_dir):
    assert soup(site_dir, "glossary/").select("article a.glossary-term") == []


@pytest.mark.parametrize("file, change, message", [
    ("data/glossary.yml", lambda t: t.replace("- id: gpt-2\n", "- id: gpt-oss\n", 1),
     "Invalid site data: {root}/data/glossary.yml: entry 'gpt-oss': id 'gpt-oss' is already used"),
    ("data/glossary.yml", lambda t: t.replace("related: [", "related: [no-such-term, ", 1),
     "related id 'no-such-term' is not a term in this file"),
    ("data/glossary.yml", lambda t: t + "\n- id: broken\n  term: [unclosed\n",
     "data/glossary.yml: is not valid YAML"),
    ("data/faq.yml", lambda t: t.replace("- release-date", "- why-delayed"),
     "data/faq.yml: entry 'was-it-released': alias 'why-delayed' is the id of a live question"),
    ("data/faq.yml", lambda t: t.replace("- glossary:", "- glossary:nope-", 1),
     "points to nothing: no glossary 'nope-"),
    ("docs/glossary.md", lambda t: t.replace("<!-- explainer:glossary -->", ""),
     "docs/glossary.md: needs the marker <!-- explainer:glossary -->"),
])
def test_bad_data_fails_the_build_before_writing_anything(project_copy, tmp_path, file, change, message):
    path = project_copy / file
    path.write_text(change(path.read_text()))
    out = tmp_path / "out"
    result = mkdocs_build(project_copy, out)
    assert result.returncode != 0
    assert message.format(root=project_copy) in result.stderr, result.stderr[-2000:]
    assert not (out / "index.html").exists(), "a page was published from bad data"


def test_search_index_carries_each_terms_aliases(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    titles = {d["location"]: d["title"] for d in index["docs"]}
    for t in TERMS:
        for alias in t.aliases:
            assert alias in titles[f"glossary/#{t.id}"], (t.id, alias)
