"""The site's content pipeline: load every data file once, then transform pages.

Pages generated from data are ordinary Markdown files in docs/, committed: the
generated part sits between two markers,

    <!-- explainer:glossary -->
    ...written by `python -m explainer generate`...
    <!-- /explainer:glossary -->

so any engine that reads Markdown builds the same pages and anchors: the
glossary, the FAQ, the Sources page and the benchmark chart on the o3-mini page.
An adapter (the MkDocs plugin) calls load_content() at start-up and
page_markdown() for each page, which regenerates that part in memory (edits to
data/ show up in `mkdocs serve` at once), says when the file on disk is stale,
and adds what is not generated Markdown: anchor aliases and the "Last reviewed"
line (from the page's own front matter, so it needs no generated copy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from . import dated, translations
from .editions import EN, HREFLANG, Edition, Strings, edition_of_src
from .anchors import Registry, insert_aliases, load_registry
from .benchmarks import Benchmarks, load_benchmarks, render_benchmarks
from .citations import markup_problem, resolve_markdown
from .front_matter import check_pages, parse_day
from .faq import Section, faq_jsonld, load_faq, render_faq
from .glossary import Term, glossary_jsonld, load_glossary, render_glossary, search_titles
from .records import DataError, read_text, shorten, split_front_matter
from .reserved_ids import page_ids
from .sources import CitationIndex, Citer, Source, citations, display_date, load_sources
from .sources_page import render_sources_page

GLOSSARY_PAGE = "glossary.md"
FAQ_PAGE = "faq.md"
SOURCES_PAGE = "sources.md"
BENCHMARKS_PAGE = "o3-mini.md"
H1 = re.compile(r"^#\s+\S")


@dataclass(frozen=True)
class GeneratedPage:
    """A page whose body (between its markers) is written from data files."""
    src: str                                   # path in docs/
    name: str                                  # marker name: <!-- explainer:NAME -->
    data_files: tuple[str, ...]                # in data/: its edit link and its date follow them
    render: Callable[["SiteContent"], str]     # the Markdown between the markers
    jsonld: Callable[["SiteContent", str, str], dict] | None = None  # (content, page URL, title)
    # True: the page is its data (its edit link opens the first data file). False: a
    # hand-written page with one generated part (its edit link stays on the page).
    edit_data: bool = True

    @property
    def start(self) -> str:
        return f"<!-- explainer:{self.name} -->"

    @property
    def end(self) -> str:
        return f"<!-- /explainer:{self.name} -->"


# Every data-driven page, in one place: add an entry here (and its markers in the page).
GENERATED_PAGES: tuple[GeneratedPage, ...] = (
    GeneratedPage(GLOSSARY_PAGE, "glossary", ("glossary.yml",),
                  lambda c: render_glossary(c.terms, {s.id: s.title for s in c.sources.values()}, c.strings),
                  lambda c, url, title: glossary_jsonld(c.terms, url, title or "Glossary", c.language)),
    GeneratedPage(FAQ_PAGE, "faq", ("faq.yml",),
                  lambda c: render_faq(c.faq, GLOSSARY_PAGE, c.strings),
                  lambda c, url, title: faq_jsonld(c.faq, url, c.language)),
    # Every source once, with back-links to whatever cites it: pages, terms, answers, the chart.
    GeneratedPage(SOURCES_PAGE, "sources", ("sources.yml", "glossary.yml", "faq.yml", "benchmarks.yml"),
                  lambda c: render_sources_page(c.sources, c.cited_by, GLOSSARY_PAGE, FAQ_PAGE, c.strings)),
    # The chart and table of data/benchmarks.yml, inside the hand-written o3-mini page.
    GeneratedPage(BENCHMARKS_PAGE, "benchmarks", ("benchmarks.yml",),
                  lambda c: render_benchmarks(c.benchmarks, c.strings), edit_data=False),
)
GENERATED = {g.src: g for g in GENERATED_PAGES}
BENCHMARKS_MARKER = GENERATED[BENCHMARKS_PAGE].start


@dataclass
class PageResult:
    markdown: str
    jsonld: list[dict] = field(default_factory=list)
    stale: bool = False    # the generated part on disk differs from what the data gives now
    # The same page for readers outside the site (llms.txt): citations resolved to addresses.
    copy_markdown: str = ""


@dataclass
class SiteContent:
    data_dir: Path
    terms: list[Term]
    faq: list[Section]
    registry: Registry
    sources: dict[str, Source] = field(default_factory=dict)
    cited_by: dict[str, list[Citer]] = field(default_factory=dict)
    reviewed: dict[str, date] = field(default_factory=dict)   # page path -> last reviewed
    page_titles: dict[str, str] = field(default_factory=dict)
    benchmarks: Benchmarks | None = None
    edition: Edition = EN

    @property
    def strings(self) -> Strings:
        return self.edition.strings

    @property
    def language(self) -> str:
        """The language it declares (html lang, hreflang, JSON-LD inLanguage)."""
        return HREFLANG[self.edition.locale]

    def translated_files(self, data_file: str) -> list[Path]:
        """A data file and, in a translated edition, its translation (first)."""
        own = self.data_dir / data_file
        if self.edition.default:
            return [own]
        translated = translations.translation_file(own, self.edition.locale)
        return [translated, own] if translated.is_file() else [own]

    def page_markdown(self, src_path: str, url: str, markdown: str, page_url: str,
                      meta: dict | None = None) -> PageResult:
        """Regenerate data-driven parts, add the "Last reviewed" line and anchor aliases,
        check citations, collect structured data and the page's copy for llms.txt."""
        result = PageResult(markdown)
        title = (meta or {}).get("title") or ""
        src_path = self.edition.base_src(src_path)
        generated = GENERATED.get(src_path)
        if generated is not None:
            result.markdown = expand(markdown, generated, generated.render(self))
            # (an engine's plugin may drop the file's final newline: mkdocs-static-i18n does)
            result.stale = result.markdown.rstrip("\n") != markdown.rstrip("\n")
            if generated.jsonld is not None:
                result.jsonld.append(generated.jsonld(self, page_url, title))
        if src_path in self.reviewed:
            result.markdown = insert_after_title(result.markdown, reviewed_html(self.reviewed[src_path], self.strings))
        aliases = self.registry.aliases_for(self.edition.base_url(url))
        if aliases:
            result.markdown = insert_aliases(result.markdown, aliases, self.registry.path, url)
        for source_id in citations(result.markdown):
            if source_id not in self.sources:
                raise DataError(f"docs/{src_path}", None, f"cites unknown source id '{source_id}'")
        result.copy_markdown = dated.plain(resolve_markdown(result.markdown, self.sources, SOURCES_PAGE, self.strings),
                                           self.strings)
        return result

    def search_titles(self, glossary_url: str) -> dict[str, str]:
        """Search-result titles that carry each glossary term's aliases."""
        return search_titles(self.terms, glossary_url)

    def data_files(self, src_path: str) -> list[Path]:
        """The data files a generated page is made from (none for a hand-written page);
        in a translated edition its translations too."""
        generated = GENERATED.get(self.edition.base_src(src_path))
        return [f for name in generated.data_files for f in self.translated_files(name)] if generated else []

    def edit_file(self, src_path: str) -> Path | None:
        """The data file a page's edit link opens (None: the page's own file)."""
        generated = GENERATED.get(self.edition.base_src(src_path))
        return self.translated_files(generated.data_files[0])[0] if generated and generated.edit_data else None

    def data_file(self, src_path: str) -> Path | None:
        """The main data file of a generated page (None for a hand-written page)."""
        files = self.data_files(src_path)
        return files[0] if files else None


def expand(markdown: str, page: GeneratedPage, body: str) -> str:
    """The page with `body` between its markers (the end marker is added when missing)."""
    if page.start not in markdown:
        raise DataError(f"docs/{page.src}", None, f"needs the marker {page.start} where the generated list goes")
    before, _, rest = markdown.partition(page.start)
    _, found, after = rest.partition(page.end)
    if not found:
        after = rest
    return f"{before}{page.start}\n\n{body.strip()}\n\n{page.end}{_tail(after)}"


def _tail(after: str) -> str:
    after = re.sub(r"^[ \t]*\n?", "", after, count=1)
    return "\n" + after if after.strip() else "\n"


def hand_written(markdown: str, src_path: str) -> str:
    """A page without its generated part (what its author wrote); src_path in any edition."""
    page = GENERATED.get(edition_of_src(src_path).base_src(src_path))
    if page is None or page.start not in markdown:
        return markdown
    before, _, rest = markdown.partition(page.start)
    _, found, after = rest.partition(page.end)
    return before + page.start + (after if found else rest)


def reviewed_html(day: date, strings: Strings = EN.strings) -> str:
    """The line that tells a reader when a person last checked the page."""
    return (f'<p class="page-reviewed">{strings.lead(strings.last_reviewed)}'
            f'<time datetime="{day.isoformat()}">{strings.date(day.isoformat())}</time></p>')


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
    day = parse_day(value)
    if day is None:
        raise DataError(where, None, f"front matter 'reviewed: {shorten(value)}' is not a real date like 2026-11-29")
    value = day
    if value > today:
        raise DataError(where, None, f"front matter 'reviewed: {value}' is in the future")
    return value


def check_dated_data(data_dir: Path, terms: list[Term], faq: list[Section], sources: dict[str, Source],
                     today: date) -> None:
    """The dated-statement rules (explainer/dated.py) on every text field of the data files
    (data_dir: where they lie, data/ or a translation's data/zh-TW/)."""
    for t in terms:
        for text in (t.term, *t.aliases, t.short, t.definition):
            dated.check(text, data_dir / "glossary.yml", t.id, today)
    for s in faq:
        dated.check(s.title, data_dir / "faq.yml", s.id, today)
        for q in s.questions:
            for text in (q.question, q.answer):
                dated.check(text, data_dir / "faq.yml", q.id, today)
    for source in sources.values():
        for text in (source.title, source.publisher, source.note):
            dated.check(text, data_dir / "sources.yml", source.id, today)


def _check_page_ids(own_markdown: str, where: str, data_ids: dict[str, Path]) -> None:
    """A data id equal to an id the page's own Markdown gives would duplicate it."""
    for clash in sorted(page_ids(own_markdown) & set(data_ids)):
        raise DataError(data_ids[clash], clash, f"id '{clash}' is already an id of {where} (its title or a heading)")


def load_content(data_dir: Path | str, pages: dict[str, str], docs_dir: Path | str | None = None,
                 today: date | None = None, template_dirs: Iterable[Path | str] = (),
                 edition: Edition = EN) -> SiteContent:
    """Load and cross-check every data file and the pages' citations; raises DataError.

    `pages` maps page paths (relative to the docs folder) to their titles; each
    is read here so that citations and `reviewed:` dates are checked before
    anything is rendered. A generated page counts without its generated part
    (what is cited there is counted from the data it is made of).
    """
    data_dir = Path(data_dir)
    docs_dir = Path(docs_dir) if docs_dir else data_dir.parent / "docs"
    # Every page's front matter (plain-text title and description, a template that exists).
    check_pages(docs_dir, template_dirs)
    sources_file = data_dir / "sources.yml"
    sources = load_sources(sources_file)
    terms = load_glossary(data_dir / "glossary.yml")
    faq = load_faq(data_dir / "faq.yml", {t.id: t.term for t in terms}, pages)
    registry = load_registry(data_dir / "anchors.yml")
    benchmarks_file = data_dir / "benchmarks.yml"
    benchmarks = load_benchmarks(benchmarks_file)
    own_data = data_dir
    if not edition.default:
        # The translation, checked against the English it translates (explainer/translations.py).
        own_data = data_dir / edition.locale
        terms = translations.load_glossary_translation(own_data / "glossary.yml", terms, edition)
        faq = translations.load_faq_translation(own_data / "faq.yml", faq, edition, terms, pages)
        sources = translations.load_source_notes(own_data / "sources.yml", sources, edition)
        benchmarks = translations.load_benchmarks_translation(own_data / "benchmarks.yml", benchmarks, edition)

    index = CitationIndex(sources, sources_file)
    # The ids each generated page takes from data (file, ids): none may repeat one the page's own Markdown gives.
    data_ids = {
        GLOSSARY_PAGE: {t.id: data_dir / "glossary.yml" for t in terms},
        FAQ_PAGE: {i: data_dir / "faq.yml" for s in faq for i in
                   (s.id, *(q.id for q in s.questions), *(a for q in s.questions for a in q.aliases))},
        SOURCES_PAGE: {i: sources_file for i in sources},
    }
    reviewed: dict[str, date] = {}
    chart_pages: list[str] = []
    missing_markers: list[tuple[str, GeneratedPage]] = []
    today = today or date.today()
    check_dated_data(own_data, terms, faq, sources, today)
    for src, title in pages.items():
        where = f"docs/{edition.src(src)}"
        raw = read_text(docs_dir / edition.src(src), where)
        meta, body = split_front_matter(where, raw)
        if not edition.default:
            english_meta, english_body = split_front_matter(f"docs/{src}", read_text(docs_dir / src, f"docs/{src}"))
            translations.check_page(where, meta, english_page_hash(english_meta, english_body, src), edition, src)
        reviewed[src] = _reviewed(meta, where, today)
        own = hand_written(body, src)
        problem = markup_problem(own)
        if problem:
            raise DataError(where, None, problem)
        dated.check(own, where, today=today, first_line=raw.count("\n") - body.count("\n") + 1)
        for key in ("title", "description"):  # plain text (no marker fits): "as of" has no place there
            dated.check(str(meta.get(key) or ""), f"{where}, front matter '{key}'", None, today)
        index.add(Citer("page", src, title), citations(own), where)
        generated = GENERATED.get(src)
        if generated is not None and generated.start in body:  # (a missing marker is reported below)
            _check_page_ids(own, where, data_ids.get(src, {}))
        if generated is not None and generated.start not in body:
            missing_markers.append((where, generated))
        if BENCHMARKS_MARKER in body:
            chart_pages.append(src)
            index.add(Citer("page", src, title), [benchmarks.source], benchmarks_file, "source")
    if not chart_pages:
        raise DataError(benchmarks_file, None, f"is shown nowhere: put the marker {BENCHMARKS_MARKER} "
                                               "on the page where the chart and table go")
    for where, generated in missing_markers:
        raise DataError(where, None, f"needs the marker {generated.start} where the generated part goes")
    glossary_file = own_data / "glossary.yml"
    for t in terms:
        index.add(Citer("term", t.id, t.term), [*t.source, *citations(t.definition)], glossary_file, t.id)
    faq_file = own_data / "faq.yml"
    for s in faq:
        for q in s.questions:
            index.add(Citer("faq", q.id, q.question), citations(q.answer), faq_file, q.id)
    index.check_all_cited()

    return SiteContent(data_dir, terms, faq, registry, sources=sources, cited_by=index.by_source,
                       reviewed=reviewed, page_titles=dict(pages), benchmarks=benchmarks, edition=edition)


def english_page_hash(meta: dict, body: str, src: str) -> str:
    """The fingerprint a translation of an English page records: its title, description
    and hand-written Markdown (the generated part follows the data, checked there)."""
    return translations.page_hash("\n".join([str(meta.get("title") or ""), str(meta.get("description") or ""),
                                             hand_written(body, src)]))
