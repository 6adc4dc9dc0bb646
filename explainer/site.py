"""The site's content pipeline: load every data file once, then transform pages.

A generator adapter (the MkDocs hook) calls load_content() at start-up and
page_markdown() for each page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .anchors import Registry, insert_aliases, load_registry
from .benchmarks import Benchmarks, load_benchmarks, render_benchmarks
from .citations import CitationExtension, resolve_markdown
from .faq import Section, faq_jsonld, load_faq, render_faq
from .glossary import Term, glossary_jsonld, load_glossary, render_glossary, search_titles
from .records import DataError, read_text, split_front_matter
from .sources import CitationIndex, Citer, Source, citations, display_date, load_sources
from .sources_page import render_sources_page
from .term_links import TermLinkExtension

GLOSSARY_PAGE = "glossary.md"
FAQ_PAGE = "faq.md"
SOURCES_PAGE = "sources.md"
GLOSSARY_MARKER = "<!-- explainer:glossary -->"
FAQ_MARKER = "<!-- explainer:faq -->"
SOURCES_MARKER = "<!-- explainer:sources -->"
BENCHMARKS_MARKER = "<!-- explainer:benchmarks -->"
# Pages whose body is generated from a data file: their edit link points there.
GENERATED_FROM = {GLOSSARY_PAGE: "glossary.yml", FAQ_PAGE: "faq.yml", SOURCES_PAGE: "sources.yml"}
H1 = re.compile(r"^#\s+\S")


@dataclass
class PageResult:
    markdown: str
    jsonld: list[dict] = field(default_factory=list)
    # The same page for readers outside the site (llms.txt): citations resolved to addresses.
    copy_markdown: str = ""


@dataclass
class SiteContent:
    data_dir: Path
    terms: list[Term]
    faq: list[Section]
    registry: Registry
    term_links: TermLinkExtension
    sources: dict[str, Source] = field(default_factory=dict)
    cited_by: dict[str, list[Citer]] = field(default_factory=dict)
    reviewed: dict[str, date] = field(default_factory=dict)   # page path -> last reviewed
    citation_links: CitationExtension | None = None
    page_titles: dict[str, str] = field(default_factory=dict)
    benchmarks: Benchmarks | None = None

    def page_markdown(self, src_path: str, url: str, markdown: str, page_url: str,
                      meta: dict | None = None) -> PageResult:
        """Expand generated sections, add anchor aliases, collect structured data."""
        result = PageResult(markdown)
        title = (meta or {}).get("title") or ""
        if src_path == GLOSSARY_PAGE:
            titles = {s.id: s.title for s in self.sources.values()}
            result.markdown = _expand(markdown, GLOSSARY_MARKER, render_glossary(self.terms, titles), src_path)
            result.jsonld.append(glossary_jsonld(self.terms, page_url, title or "Glossary"))
        elif src_path == FAQ_PAGE:
            result.markdown = _expand(markdown, FAQ_MARKER, render_faq(self.faq, GLOSSARY_PAGE), src_path)
            result.jsonld.append(faq_jsonld(self.faq, page_url))
        elif src_path == SOURCES_PAGE:
            body = render_sources_page(self.sources, self.cited_by, GLOSSARY_PAGE, FAQ_PAGE)
            result.markdown = _expand(markdown, SOURCES_MARKER, body, src_path)
        if self.benchmarks is not None and BENCHMARKS_MARKER in result.markdown:
            result.markdown = result.markdown.replace(BENCHMARKS_MARKER, render_benchmarks(self.benchmarks), 1)
        if src_path in self.reviewed:
            result.markdown = insert_after_title(result.markdown, reviewed_html(self.reviewed[src_path]))
        aliases = self.registry.aliases_for(url)
        if aliases:
            result.markdown = insert_aliases(result.markdown, aliases, self.registry.path, url)
        for source_id in citations(result.markdown):
            if source_id not in self.sources:
                raise DataError(f"docs/{src_path}", None, f"cites unknown source id '{source_id}'")
        result.copy_markdown = resolve_markdown(result.markdown, self.sources, SOURCES_PAGE)
        # Tell the term linker and the citation resolver which page they are about to render.
        self.term_links.set_page(src_path)
        if self.citation_links is not None:
            self.citation_links.set_page(src_path)
        return result

    def search_titles(self, glossary_url: str) -> dict[str, str]:
        """Search-result titles that carry each glossary term's aliases."""
        return search_titles(self.terms, glossary_url)

    def data_file(self, src_path: str) -> Path | None:
        """The data file a generated page is made from (None for a hand-written page)."""
        name = GENERATED_FROM.get(src_path)
        return self.data_dir / name if name else None


def _expand(markdown: str, marker: str, generated: str, src_path: str) -> str:
    if marker not in markdown:
        raise DataError(f"docs/{src_path}", None, f"needs the marker {marker} where the generated list goes")
    return markdown.replace(marker, generated, 1)


def reviewed_html(day: date) -> str:
    """The line that tells a reader when a person last checked the page."""
    return (f'<p class="page-reviewed">Last reviewed '
            f'<time datetime="{day.isoformat()}">{display_date(day.isoformat())}</time></p>')


def insert_after_title(markdown: str, block: str) -> str:
    """Put a block right under the page's `# Title` (or first, when there is none)."""
    lines = markdown.split("\n")
    fence = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence and H1.match(line):
            return "\n".join(lines[:i + 1] + ["", block, ""] + lines[i + 1:])
    return f"{block}\n\n{markdown}"


def _reviewed(meta: dict, where: str, today: date) -> date:
    value = meta.get("reviewed")
    if value is None:
        raise DataError(where, None, "front matter needs 'reviewed: YYYY-MM-DD', the date a person last "
                                     "checked the page's content (shown as \"Last reviewed\")")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if not isinstance(value, date):
        raise DataError(where, None, f"front matter 'reviewed: {value}' is not a date like 2026-11-29")
    if value > today:
        raise DataError(where, None, f"front matter 'reviewed: {value}' is in the future")
    return value


def load_content(data_dir: Path | str, pages: dict[str, str], docs_dir: Path | str | None = None,
                 today: date | None = None) -> SiteContent:
    """Load and cross-check every data file and the pages' citations; raises DataError.

    `pages` maps page paths (relative to the docs folder) to their titles; each
    is read here so that citations and `reviewed:` dates are checked before
    anything is rendered.
    """
    data_dir = Path(data_dir)
    docs_dir = Path(docs_dir) if docs_dir else data_dir.parent / "docs"
    sources_file = data_dir / "sources.yml"
    sources = load_sources(sources_file)
    terms = load_glossary(data_dir / "glossary.yml")
    faq = load_faq(data_dir / "faq.yml", {t.id: t.term for t in terms}, pages)
    registry = load_registry(data_dir / "anchors.yml")
    benchmarks_file = data_dir / "benchmarks.yml"
    benchmarks = load_benchmarks(benchmarks_file)

    index = CitationIndex(sources, sources_file)
    reviewed: dict[str, date] = {}
    chart_pages: list[str] = []
    today = today or date.today()
    for src, title in pages.items():
        where = f"docs/{src}"
        meta, body = split_front_matter(where, read_text(docs_dir / src))
        reviewed[src] = _reviewed(meta, where, today)
        index.add(Citer("page", src, title), citations(body), where)
        if src == SOURCES_PAGE and SOURCES_MARKER not in body:
            raise DataError(where, None, f"needs the marker {SOURCES_MARKER} where the generated list goes")
        if BENCHMARKS_MARKER in body:
            chart_pages.append(src)
            index.add(Citer("page", src, title), [benchmarks.source], benchmarks_file, "source")
    if not chart_pages:
        raise DataError(benchmarks_file, None, f"is shown nowhere: put the marker {BENCHMARKS_MARKER} "
                                               "on the page where the chart and table go")
    glossary_file = data_dir / "glossary.yml"
    for t in terms:
        index.add(Citer("term", t.id, t.term), [*t.source, *citations(t.definition)], glossary_file, t.id)
    faq_file = data_dir / "faq.yml"
    for s in faq:
        for q in s.questions:
            index.add(Citer("faq", q.id, q.question), citations(q.answer), faq_file, q.id)
    index.check_all_cited()

    return SiteContent(data_dir, terms, faq, registry,
                       TermLinkExtension(terms, glossary_page=GLOSSARY_PAGE, skip_pages=(SOURCES_PAGE,)),
                       sources=sources, cited_by=index.by_source, reviewed=reviewed,
                       citation_links=CitationExtension(sources=sources, sources_page=SOURCES_PAGE),
                       page_titles=dict(pages), benchmarks=benchmarks)
