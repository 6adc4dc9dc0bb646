"""The site's content pipeline: load every data file once, then transform pages.

Pages generated from data are ordinary Markdown files in docs/, committed: the
generated part sits between two markers,

    <!-- explainer:glossary -->
    ...written by `python -m explainer generate`...
    <!-- /explainer:glossary -->

so any engine that reads Markdown builds the same pages and anchors. An adapter
(the MkDocs plugin) calls load_content() at start-up and page_markdown() for
each page, which regenerates that part in memory (edits to data/ show up in
`mkdocs serve` at once) and says when the file on disk is stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .anchors import Registry, insert_aliases, load_registry
from .faq import Section, faq_jsonld, load_faq, render_faq
from .glossary import Term, glossary_jsonld, load_glossary, render_glossary, search_titles
from .records import DataError

GLOSSARY_PAGE = "glossary.md"
FAQ_PAGE = "faq.md"


@dataclass(frozen=True)
class GeneratedPage:
    """A page whose body (between its markers) is written from data files."""
    src: str                                   # path in docs/
    name: str                                  # marker name: <!-- explainer:NAME -->
    data_files: tuple[str, ...]                # in data/: its edit link and its date follow them
    render: Callable[["SiteContent"], str]     # the Markdown between the markers
    jsonld: Callable[["SiteContent", str, str], dict] | None = None  # (content, page URL, title)

    @property
    def start(self) -> str:
        return f"<!-- explainer:{self.name} -->"

    @property
    def end(self) -> str:
        return f"<!-- /explainer:{self.name} -->"


# Every data-driven page, in one place: add an entry here (and its markers in the page).
GENERATED_PAGES: tuple[GeneratedPage, ...] = (
    GeneratedPage(GLOSSARY_PAGE, "glossary", ("glossary.yml",),
                  lambda c: render_glossary(c.terms),
                  lambda c, url, title: glossary_jsonld(c.terms, url, title or "Glossary")),
    GeneratedPage(FAQ_PAGE, "faq", ("faq.yml",),
                  lambda c: render_faq(c.faq, GLOSSARY_PAGE),
                  lambda c, url, title: faq_jsonld(c.faq, url)),
)
GENERATED = {g.src: g for g in GENERATED_PAGES}
# Kept for callers that predate GENERATED_PAGES.
GLOSSARY_MARKER = GENERATED[GLOSSARY_PAGE].start
FAQ_MARKER = GENERATED[FAQ_PAGE].start
GENERATED_FROM = {g.src: g.data_files[0] for g in GENERATED_PAGES}


@dataclass
class PageResult:
    markdown: str
    jsonld: list[dict] = field(default_factory=list)
    stale: bool = False    # the generated part on disk differs from what the data gives now


@dataclass
class SiteContent:
    data_dir: Path
    terms: list[Term]
    faq: list[Section]
    registry: Registry

    def page_markdown(self, src_path: str, url: str, markdown: str, page_url: str,
                      meta: dict | None = None) -> PageResult:
        """Regenerate data-driven parts, add anchor aliases, collect structured data."""
        result = PageResult(markdown)
        title = (meta or {}).get("title") or ""
        generated = GENERATED.get(src_path)
        if generated is not None:
            result.markdown = expand(markdown, generated, generated.render(self))
            result.stale = result.markdown != markdown
            if generated.jsonld is not None:
                result.jsonld.append(generated.jsonld(self, page_url, title))
        aliases = self.registry.aliases_for(url)
        if aliases:
            result.markdown = insert_aliases(result.markdown, aliases, self.registry.path, url)
        return result

    def search_titles(self, glossary_url: str) -> dict[str, str]:
        """Search-result titles that carry each glossary term's aliases."""
        return search_titles(self.terms, glossary_url)

    def data_files(self, src_path: str) -> list[Path]:
        """The data files a generated page is made from (none for a hand-written page)."""
        generated = GENERATED.get(src_path)
        return [self.data_dir / name for name in generated.data_files] if generated else []

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


def load_content(data_dir: Path | str, pages: dict[str, str]) -> SiteContent:
    """Load and cross-check glossary, FAQ and anchor registry; raises DataError."""
    data_dir = Path(data_dir)
    terms = load_glossary(data_dir / "glossary.yml")
    faq = load_faq(data_dir / "faq.yml", {t.id: t.term for t in terms}, pages)
    registry = load_registry(data_dir / "anchors.yml")
    return SiteContent(data_dir, terms, faq, registry)
