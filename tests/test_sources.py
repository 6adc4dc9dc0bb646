"""The source registry, citations by id, the Sources page and "Last reviewed".

Every registry check is shown failing on a copy of the data with one defect;
the built site is then checked the way a reader meets it.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from urllib.parse import urlsplit

import markdown
import pytest
import yaml

from sitebuild import PAGES, ROOT, front_matter, mkdocs_build
from sitehtml import soup
from explainer.citations import CitationExtension, resolve_markdown
from explainer.front_matter import parse_day
from explainer.faq import load_faq
from explainer.glossary import load_glossary
from explainer.records import DataError
from explainer.site import hand_written, load_content
from explainer.sources import KINDS, citations, display_date, load_sources

SOURCES = load_sources(ROOT / "data" / "sources.yml")
NAV = {p: p for p in PAGES}
# Pages that end with their own list of sources: every page but the Sources page itself.
CONTENT_PAGES = {p: u for p, u in PAGES.items() if p != "sources.md"}

GOOD = """\
- id: model-card
  title: gpt-oss-120b & gpt-oss-20b Model Card
  publisher: OpenAI
  url: https://openai.com/index/gpt-oss-model-card/
  published: "2025-08-05"
  kind: primary
- id: report
  title: OpenAI delays its open model
  publisher: Some Paper
  url: https://news.example/2025/07/openai-delays
  published: "2025-07"
  kind: report
  note: Quotes the post.
- id: article
  title: The article
  publisher: Communeify
  published: "2025"
  kind: report
  note: No address recorded.
"""


def write(tmp_path, text):
    path = tmp_path / "sources.yml"
    path.write_text(textwrap.dedent(text))
    return path


# --- The registry file --------------------------------------------------------------------------------------------

def test_registry_loads_in_file_order_with_readable_dates(tmp_path):
    sources = load_sources(write(tmp_path, GOOD))
    assert list(sources) == ["model-card", "report", "article"]
    assert [s.date_text for s in sources.values()] == ["5 August 2025", "July 2025", "2025"]
    assert display_date("2019-11-05") == "5 November 2019"


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("id: report", "id: model-card"), "entry 'model-card': id 'model-card' is already used"),
    (lambda t: t.replace("https://news.example/2025/07/openai-delays", "https://www.openai.com/index/gpt-oss-model-card"),
     "entry 'report': url 'https://www.openai.com/index/gpt-oss-model-card' is the same address as entry 'model-card'"),
    (lambda t: t.replace("https://news.example/2025/07/openai-delays", "http://news.example/2025/07/x"),
     "entry 'report': url 'http://news.example/2025/07/x' must use https"),
    (lambda t: t.replace("https://news.example/2025/07/openai-delays", "https://news.example/a)b"),
     "entry 'report': url 'https://news.example/a)b' is not a valid address"),
    (lambda t: t.replace("https://news.example/2025/07/openai-delays", "https://techstory.in"),
     "entry 'report': url 'https://techstory.in' is a home page"),
    (lambda t: t.replace("https://news.example/2025/07/openai-delays", "https://techstory.in/"),
     "entry 'report': url 'https://techstory.in/' is a home page"),
    (lambda t: t.replace("  title: OpenAI delays its open model\n", ""), "entry 'report': missing required field 'title'"),
    (lambda t: t.replace("  publisher: Some Paper\n", ""), "entry 'report': missing required field 'publisher'"),
    (lambda t: t.replace('  published: "2025-07"\n', ""), "entry 'report': missing required field 'published'"),
    (lambda t: t.replace('"2025-07"', '"July 2025"'), "entry 'report': field 'published' = 'July 2025' must be"),
    (lambda t: t.replace('"2025-07"', '"2025-13"'), "entry 'report': field 'published' = '2025-13' is not a real date"),
    (lambda t: t.replace("kind: report\n  note: Quotes", "kind: blog\n  note: Quotes"),
     "entry 'report': field 'kind' = 'blog' must be one of: primary, report, analysis"),
    (lambda t: t.replace("  note: No address recorded.\n", ""), "entry 'article': has no 'url'"),
    (lambda t: t.replace("id: report", "id: Report_1"), "'Report_1' is not a lower-case slug"),
    (lambda t: t.replace("  note: Quotes the post.\n", "  note: Quotes the post.\n  colour: red\n"),
     "entry 'report': unknown field(s) colour"),
    (lambda t: "just: a mapping\n", "must be a non-empty YAML list of sources"),
    # Refused while loading, not when the Sources page's Markdown is checked at the end of the build.
    (lambda t: t.replace("note: Quotes the post.", "note: 'Quotes {: onmouseover=\"alert(1)\" }'"),
     "entry 'report': field 'note' has an on* event attribute"),
    (lambda t: t.replace("title: The article", "title: 'The {: onclick=x } article'"),
     "entry 'article': field 'title' has an on* event attribute"),
])
def test_bad_registry_names_file_and_entry(tmp_path, change, message):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(DataError) as err:
        load_sources(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_real_registry_is_valid_and_every_source_is_cited():
    content = load_content(ROOT / "data", pages=NAV)
    assert set(content.cited_by) == set(SOURCES)
    assert all(content.cited_by[s] for s in SOURCES)


# --- Site-wide checks on a copy of the project with one defect each ----------------------------------------------

def _first_term_id(project):
    return yaml.safe_load((project / "data" / "glossary.yml").read_text())[0]["id"]


def _first_question_id(project):
    return yaml.safe_load((project / "data" / "faq.yml").read_text())["sections"][0]["questions"][0]["id"]


def _add_to_first_term_definition(project, text):
    path = project / "data" / "glossary.yml"
    data = path.read_text()
    # The first definition block: append a sentence to its first line.
    path.write_text(re.sub(r"(\n  definition: \|\n    [^\n]*)", lambda m: m.group(1) + " " + text, data, count=1))


def _add_to_first_answer(project, text):
    path = project / "data" / "faq.yml"
    data = path.read_text()
    path.write_text(re.sub(r"(\n +answer: \|\n +[^\n]*)", lambda m: m.group(1) + " " + text, data, count=1))


@pytest.mark.parametrize("defect, where", [
    ("page", "docs/delay.md: cites unknown source id 'no-such-source'"),
    ("term", "glossary.yml: entry '{term}': cites unknown source id 'no-such-source'"),
    ("term-field", "glossary.yml: entry '{term}': cites unknown source id 'no-such-source'"),
    ("answer", "faq.yml: entry '{question}': cites unknown source id 'no-such-source'"),
])
def test_unknown_source_id_fails_naming_the_citing_entry(project_copy, defect, where):
    link = "([x](source:no-such-source))"
    if defect == "page":
        path = project_copy / "docs" / "delay.md"
        path.write_text(path.read_text() + f"\nOne more claim {link}.\n")
    elif defect == "term":
        _add_to_first_term_definition(project_copy, link)
    elif defect == "term-field":
        path = project_copy / "data" / "glossary.yml"
        path.write_text(re.sub(r"\n  source: [^\n]*", "\n  source: no-such-source", path.read_text(), count=1))
    else:
        _add_to_first_answer(project_copy, link)
    with pytest.raises(DataError) as err:
        load_content(project_copy / "data", pages=NAV)
    expected = where.format(term=_first_term_id(project_copy), question=_first_question_id(project_copy))
    assert expected in str(err.value)


def test_registered_source_nobody_cites_fails(project_copy):
    path = project_copy / "data" / "sources.yml"
    path.write_text(path.read_text() + textwrap.dedent("""
        - id: lonely-source
          title: Nobody cites me
          publisher: Nobody
          url: https://example.org/lonely
          published: "2025"
          kind: analysis
        """))
    with pytest.raises(DataError) as err:
        load_content(project_copy / "data", pages=NAV)
    assert "sources.yml: entry 'lonely-source': is registered but cited nowhere" in str(err.value)


def test_a_page_without_reviewed_date_fails(project_copy):
    path = project_copy / "docs" / "safety.md"
    path.write_text(re.sub(r"\nreviewed: [^\n]*", "", path.read_text(), count=1))
    with pytest.raises(DataError) as err:
        load_content(project_copy / "data", pages=NAV)
    assert "docs/safety.md: front matter needs 'reviewed: YYYY-MM-DD'" in str(err.value)


def test_a_reviewed_date_in_the_future_fails(project_copy):
    path = project_copy / "docs" / "safety.md"
    path.write_text(re.sub(r"\nreviewed: [^\n]*", "\nreviewed: 2999-01-01", path.read_text(), count=1))
    with pytest.raises(DataError) as err:
        load_content(project_copy / "data", pages=NAV, today=date(2026, 12, 3))
    assert "docs/safety.md: front matter 'reviewed: 2999-01-01' is in the future" in str(err.value)


def test_unknown_source_fails_the_build_before_anything_is_written(project_copy, tmp_path):
    path = project_copy / "docs" / "timeline.md"
    path.write_text(path.read_text() + "\nA claim ([x](source:no-such-source)).\n")
    out = tmp_path / "out"
    result = mkdocs_build(project_copy, out)
    assert result.returncode != 0
    assert "Invalid site data: docs/timeline.md: cites unknown source id 'no-such-source'" in result.stderr
    assert not (out / "index.html").exists()


# --- The citation extension, on plain Markdown --------------------------------------------------------------------

def render(text, tmp_path):
    ext = CitationExtension(sources=load_sources(write(tmp_path, GOOD)))
    return markdown.markdown(text, extensions=[ext, "attr_list", "md_in_html"])


def test_citation_becomes_a_plain_link_and_the_page_ends_with_its_sources(tmp_path):
    html = render("The [card](source:model-card) and a [report](source:report); the "
                  "[card again](source:model-card).", tmp_path)
    # No title attribute: each one would cost a Material tooltip at page load (issue 11).
    assert '<a class="citation" href="https://openai.com/index/gpt-oss-model-card/">card</a>' in html
    assert "source:" not in html
    heading = re.search(r'<h2 ([^>]*)>Sources</h2>', html)
    assert heading, "no Sources section"
    # Kept out of the site search (Material's data-search-exclude): it matches almost any query.
    assert 'id="sources"' in heading.group(1) and "data-search-exclude" in heading.group(1), heading.group(0)
    listed = html[heading.end():]
    items = re.findall(r"<li>(.*?)</li>", listed)
    assert len(items) == 2, "each source once, in order of first citation"
    assert items[0].startswith('<a href="https://openai.com/index/gpt-oss-model-card/">gpt-oss-120b &amp; '
                               'gpt-oss-20b Model Card</a>, OpenAI, 5 August 2025')
    assert "Some Paper, July 2025" in items[1]


def test_source_without_address_links_to_its_entry_on_the_sources_page(tmp_path):
    html = render("Per [the article](source:article).", tmp_path)
    # Docs-relative, like the term links: the engine makes it relative to the page.
    assert '<a class="citation" href="/sources.md#article">the article</a>' in html


def test_no_citation_no_sources_section_and_state_is_reset_between_documents(tmp_path):
    ext = CitationExtension(sources=load_sources(write(tmp_path, GOOD)))
    md = markdown.Markdown(extensions=[ext, "attr_list", "md_in_html"])
    assert 'id="sources"' in md.convert("A [claim](source:report).")
    md.reset()
    assert 'id="sources"' not in md.convert("No claims here.")
    assert ext.cited == []


def test_extension_loads_by_name_as_mkdocs_yml_configures_it(tmp_path):
    """`- explainer.citations: {sources_file: ...}` under markdown_extensions: the registry is
    read on the first document, and each document gets its own list of sources."""
    md = markdown.Markdown(extensions=["explainer.citations", "attr_list", "md_in_html"],
                           extension_configs={"explainer.citations": {"sources_file": str(write(tmp_path, GOOD))}})
    first = md.convert("A [claim](source:report).")
    md.reset()
    second = md.convert("The [card](source:model-card).")
    assert first.count("<li>") == 1 and "Some Paper" in first
    assert second.count("<li>") == 1 and "Some Paper" not in second and "Model Card" in second


def test_unknown_id_in_the_extension_fails(tmp_path):
    with pytest.raises(DataError, match="cites unknown source id 'nope'"):
        render("A [claim](source:nope).", tmp_path)


def test_a_hand_written_sources_section_is_refused(tmp_path):
    with pytest.raises(DataError, match="has its own '#sources' section"):
        render("A [claim](source:report).\n\n## Sources { #sources }\n\n- a list\n", tmp_path)


def test_a_citation_in_raw_html_is_refused(tmp_path):
    with pytest.raises(DataError, match="cites a source in raw HTML"):
        render('<p>A <a href="source:report">claim</a>.</p>', tmp_path)


def test_no_unresolved_citation_reaches_a_built_page(site_dir):
    left = [f"{url or '/'}: {a['href']}" for url in PAGES.values()
            for a in soup(site_dir, url).select('a[href^="source:"]')]
    assert left == []


def test_citations_in_code_are_not_citations():
    assert citations("```\n[x](source:in-code)\n```\n[y](source:real)") == ["real"]


def test_copy_for_machine_readers_resolves_citations(tmp_path):
    out = resolve_markdown("The [card](source:model-card).", load_sources(write(tmp_path, GOOD)))
    assert "(https://openai.com/index/gpt-oss-model-card/)" in out and "source:" not in out
    assert "## Sources { #sources }" in out


def test_extension_can_be_configured_by_name_from_a_file(tmp_path):
    html = markdown.markdown("[c](source:model-card)", extensions=["explainer.citations"],
                             extension_configs={"explainer.citations": {
                                 "sources_file": str(write(tmp_path, GOOD))}})
    assert 'href="https://openai.com/index/gpt-oss-model-card/"' in html


# --- No raw links: every external link goes through the registry ------------------------------------------------

RAW_URL = re.compile(r"https?://", re.I)


def raw_links(docs_dir, data_dir) -> list[str]:
    """Every raw http(s) address in page Markdown, glossary definitions and FAQ answers.

    A generated page's generated part is written from the registry and the data files
    (checked here and by the registry's own rules), so only what people wrote is read."""
    found = []
    for page in sorted(docs_dir.glob("*.md")):
        written = hand_written(page.read_text(encoding="utf-8"), page.name)
        for n, line in enumerate(written.splitlines(), 1):
            if RAW_URL.search(line):
                found.append(f"docs/{page.name}:{n}: {line.strip()[:100]}")
    terms = load_glossary(data_dir / "glossary.yml")
    found += [f"data/glossary.yml: entry '{t.id}'" for t in terms
              if RAW_URL.search(t.definition) or RAW_URL.search(t.short)]
    for s in load_faq(data_dir / "faq.yml", {t.id: t.term for t in terms}, NAV):
        found += [f"data/faq.yml: entry '{q.id}'" for q in s.questions if RAW_URL.search(q.answer)]
    return found


def test_no_raw_external_link_in_pages_definitions_or_answers():
    found = raw_links(ROOT / "docs", ROOT / "data")
    assert found == [], "cite by id ([text](source:ID)), never by URL:\n" + "\n".join(found)


def test_raw_link_check_can_fail(project_copy):
    page = project_copy / "docs" / "delay.md"
    page.write_text(page.read_text() + "\nSee [the post](https://x.com/sama/status/1).\n")
    found = raw_links(project_copy / "docs", project_copy / "data")
    assert any(f.startswith("docs/delay.md:") for f in found)
    # In the data files the loader itself refuses a raw address, naming the entry.
    _add_to_first_answer(project_copy, "([TechCrunch](https://techcrunch.com/2025/07/11/x/))")
    with pytest.raises(DataError, match=r"faq\.yml: entry '[a-z0-9-]+': field 'answer': "
                                        r"link target 'https://techcrunch\.com/2025/07/11/x/' is not allowed"):
        raw_links(project_copy / "docs", project_copy / "data")


def external_links(page):
    """(link, address parts) for links in a page's content to other sites (the edit button is not content)."""
    for a in page.select("article a[href]:not(.md-content__button)"):
        parts = urlsplit(a["href"])
        if parts.scheme in ("http", "https") and parts.netloc not in ("127.0.0.1:8000",):
            yield a, parts


def link_problems(site, registered: set[str]) -> list[str]:
    """Content links to a home page, and external content links that bypass the registry."""
    problems = []
    for url in PAGES.values():
        for a, parts in external_links(soup(site, url)):
            if parts.path in ("", "/") and not parts.query:
                problems.append(f"{url or '/'}: home page {a['href']}")
            if a["href"] not in registered:
                problems.append(f"{url or '/'}: unregistered {a['href']}")
    return problems


def test_no_content_link_goes_to_a_home_page_or_around_the_registry(site_dir):
    assert link_problems(site_dir, {s.url for s in SOURCES.values() if s.url}) == []


def test_link_check_can_fail(site_dir, tmp_path):
    copy = _site_copy(site_dir, tmp_path)
    page = copy / "delay" / "index.html"
    page.write_text(page.read_text().replace(
        "</article>", '<p><a href="https://techstory.in">TechStory</a></p></article>', 1))
    problems = link_problems(copy, {s.url for s in SOURCES.values() if s.url})
    assert "delay/: home page https://techstory.in" in problems
    assert "delay/: unregistered https://techstory.in" in problems


def _site_copy(site_dir, tmp_path):
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    return copy


# --- Every page ends with its sources -----------------------------------------------------------------------------

def _content_blocks(page):
    """The article's top-level content, without Material's parts (edit button, page date)."""
    article = page.select_one("article")
    return [el for el in article.find_all(recursive=False)
            if el.name and not ({"md-source-file", "md-content__button"} & set(el.get("class") or []))]


def sources_list_problems(page, sources) -> list[str]:
    """A content page must end with `## Sources`, listing each cited source once, in first-citation order."""
    heading = page.select_one("article h2#sources")
    if heading is None:
        return ["no Sources section"]
    blocks = _content_blocks(page)
    listing = heading.find_next_sibling()
    if blocks[-2:] != [heading, listing]:
        return ["Sources is not the last section"]
    listed = [_site_relative(a["href"]) for a in listing.select("li > a:first-child")]
    problems = [] if listed else ["the Sources list is empty"]
    if len(listed) != len(set(listed)):
        problems.append("a source is listed twice")
    addresses = {s.url or f"sources/#{s.id}" for s in sources.values()}
    cited = []
    for a in page.select("article a.citation[href]"):
        href = _site_relative(a["href"])
        if a.find_parent(class_="page-sources") is None and href in addresses and href not in cited:
            cited.append(href)
    problems += [f"cited but not listed: {h}" for h in cited if h not in listed]
    if [h for h in listed if h in cited] != [h for h in cited if h in listed]:
        problems.append("not in order of first citation")
    return problems


def _site_relative(href: str) -> str:
    """Links from a page one level down ("../sources/#x") as paths from the site root."""
    return href if "://" in href else re.sub(r"^(\.\./)+", "", href)


@pytest.mark.parametrize("url", CONTENT_PAGES.values(), ids=list(CONTENT_PAGES))
def test_every_content_page_ends_with_its_sources(site_dir, url):
    assert sources_list_problems(soup(site_dir, url), SOURCES) == []


def test_sources_list_check_can_fail(site_dir):
    page = soup(site_dir, "delay/")
    first = page.select_one("article .page-sources li")
    first.decompose()
    assert any(p.startswith("cited but not listed") for p in sources_list_problems(page, SOURCES))
    page = soup(site_dir, "delay/")
    page.select_one("article .page-sources").insert_after(page.new_tag("p"))
    assert sources_list_problems(page, SOURCES) == ["Sources is not the last section"]
    page = soup(site_dir, "delay/")
    items = page.select("article .page-sources li")
    items[0].insert_before(items[-1].extract())
    assert "not in order of first citation" in sources_list_problems(page, SOURCES)


def _href_from_sources_page(citer):
    """Where the Sources page (at sources/) links to reach a page, a term or an answer."""
    if citer.kind == "term":
        return f"../glossary/#{citer.target}"
    if citer.kind == "faq":
        return f"../faq/#{citer.target}"
    return "../" + PAGES[citer.target]


KIND_SECTIONS = {"primary": "primary-sources", "report": "news-reports", "analysis": "analysis"}


def sources_page_problems(page, sources, cited_by) -> list[str]:
    """Every registered source once, under its kind, linking to its address and back to every citer."""
    problems = []
    ids = [h["id"] for h in page.select("article h3[id]")]
    problems += [f"listed twice: {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [f"missing: {i}" for i in sources if i not in ids]
    problems += [f"not registered: {i}" for i in ids if i not in sources]
    for h in page.select("article h3[id]"):
        source = sources.get(h["id"])
        if source is None:
            continue
        if h.find_previous("h2").get("id") != KIND_SECTIONS[source.kind]:
            problems.append(f"{source.id}: not under {KINDS[source.kind]}")
        entry = h.find_next_sibling("div", class_="source-entry")
        if source.url and not entry.select_one(f'a[href="{source.url}"]'):
            problems.append(f"{source.id}: no link to {source.url}")
        back = sorted(a["href"] for a in entry.select("a") if not a["href"].startswith("http"))
        expected = sorted(_href_from_sources_page(c) for c in cited_by[source.id])
        if back != expected:
            problems.append(f"{source.id}: back-links {back} != {expected}")
    return problems


def test_sources_page_lists_every_source_once_grouped_by_kind_with_back_links(site_dir):
    content = load_content(ROOT / "data", pages=NAV)
    assert sources_page_problems(soup(site_dir, "sources/"), SOURCES, content.cited_by) == []


def test_sources_page_check_can_fail(site_dir):
    content = load_content(ROOT / "data", pages=NAV)
    page = soup(site_dir, "sources/")
    entries = page.select("article h3[id]")
    gone = entries[0]["id"]
    entries[0].decompose()
    entries[1].find_next_sibling("div", class_="source-entry").select_one("a:not([href^=http])").decompose()
    problems = sources_page_problems(page, SOURCES, content.cited_by)
    assert f"missing: {gone}" in problems
    assert any(p.startswith(f"{entries[1]['id']}: back-links") for p in problems)


# --- Last reviewed ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_every_page_says_when_it_was_last_reviewed(site_dir, src, url):
    # Data files and front matter are read with the YAML 1.2 core schema: a date is text, checked as a date.
    reviewed = parse_day(front_matter(ROOT / "docs" / src).get("reviewed"))
    assert isinstance(reviewed, date), f"docs/{src} needs reviewed: in its front matter"
    line = soup(site_dir, url).select_one("article .page-reviewed")
    assert line is not None
    assert " ".join(line.get_text(" ").split()) == f"Last reviewed {display_date(reviewed.isoformat())}"
    assert line.select_one("time")["datetime"] == reviewed.isoformat()
