"""The site's content pipeline: load every data file once, then transform pages.

A generator adapter (the MkDocs hook) calls load_content() at start-up and
page_markdown() for each page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .anchors import Registry, insert_aliases, load_registry
from .front_matter import check_pages
from .faq import Section, faq_jsonld, load_faq, render_faq
from .glossary import Term, glossary_jsonld, load_glossary, render_glossary, search_titles
from .records import DataError
from .term_links import TermLinkExtension

GLOSSARY_PAGE = "glossary.md"
FAQ_PAGE = "faq.md"
GLOSSARY_MARKER = "<!-- explainer:glossary -->"
FAQ_MARKER = "<!-- explainer:faq -->"
# Pages whose body is generated from a data file: their edit link points there.
GENERATED_FROM = {GLOSSARY_PAGE: "glossary.yml", FAQ_PAGE: "faq.yml"}


@dataclass
class PageResult:
    markdown: str
    jsonld: list[dict] = field(default_factory=list)


@dataclass
class SiteContent:
    data_dir: Path
    terms: list[Term]
    faq: list[Section]
    registry: Registry
    term_links: TermLinkExtension

    def page_markdown(self, src_path: str, url: str, markdown: str, page_url: str,
                      meta: dict | None = None) -> PageResult:
        """Expand generated sections, add anchor aliases, collect structured data."""
        result = PageResult(markdown)
        title = (meta or {}).get("title") or ""
        if src_path == GLOSSARY_PAGE:
            result.markdown = _expand(markdown, GLOSSARY_MARKER, render_glossary(self.terms), src_path)
            result.jsonld.append(glossary_jsonld(self.terms, page_url, title or "Glossary"))
        elif src_path == FAQ_PAGE:
            result.markdown = _expand(markdown, FAQ_MARKER, render_faq(self.faq, GLOSSARY_PAGE), src_path)
            result.jsonld.append(faq_jsonld(self.faq, page_url))
        aliases = self.registry.aliases_for(url)
        if aliases:
            result.markdown = insert_aliases(result.markdown, aliases, self.registry.path, url)
        # Tell the term linker which page it is about to render.
        self.term_links.set_page(src_path)
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


def load_content(data_dir: Path | str, pages: dict[str, str], docs_dir: Path | str | None = None,
                 template_dirs: Iterable[Path | str] = ()) -> SiteContent:
    """Load and cross-check glossary, FAQ and anchor registry, and (given docs_dir) every
    page's front matter against the templates in template_dirs; raises DataError."""
    data_dir = Path(data_dir)
    if docs_dir is not None:
        check_pages(docs_dir, template_dirs)
    terms = load_glossary(data_dir / "glossary.yml")
    faq = load_faq(data_dir / "faq.yml", {t.id: t.term for t in terms}, pages)
    registry = load_registry(data_dir / "anchors.yml")
    return SiteContent(data_dir, terms, faq, registry,
                       TermLinkExtension(terms, glossary_page=GLOSSARY_PAGE))
