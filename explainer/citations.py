"""A Python-Markdown extension that resolves citations to the source registry.

Pages, glossary definitions and FAQ answers cite a source as a link to
`source:<id>` (`the [model card](source:gpt-oss-model-card) says ...`). This
extension
- appends `## Sources { #sources }` to every page that cites anything, listing
  the sources in order of first citation (added to the Markdown, so the table of
  contents sees it like any other section; marked `data-search-exclude`, so the
  site search leaves it out);
- rewrites each `<a href="source:ID">` to the registered address, with no
  `title` attribute: Material's `content.tooltips` mounts a tooltip component on
  every titled element at page load, and on the glossary (192 citations) that cost
  about 390 ms of main-thread time on a throttled phone for a hover a phone never
  makes. The source's title, publisher and date are in the page's Sources list.
  The link gets the class `citation`, so it can be told apart from other links;
- fails with a DataError on an id the registry does not know.

A regular Python-Markdown extension (not a MkDocs one), configured in mkdocs.yml:

    markdown_extensions:
      - explainer.citations:
          sources_file: data/sources.yml   # relative to the working directory
          sources_page: sources.md

It needs to know nothing about the page being rendered: a source without an
address links docs-relative ("/sources.md#id"), which MkDocs and ProperDocs turn
into a relative page link (validation.links.absolute_links: relative_to_docs);
per-document state is cleared in reset(). The site's data check names the page of
an unknown id before anything is rendered; the extension itself can only say
"the page being rendered".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .editions import ENGLISH, edition
from .records import DataError
from .sources import SCHEME, Source, citations, load_sources, sources_section

OWN_SECTION = re.compile(r"\{[^}]*#sources\b[^}]*\}")
# Raw HTML is stashed before the tree exists, so a citation there would never be resolved.
RAW_HTML_CITATION = re.compile(r"""href\s*=\s*["']?source:""", re.I)
REWRITE = re.compile(r"(\]\(\s*<?|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?)source:([^\s)>]*)", re.M)


def markup_problem(text: str) -> str | None:
    """What is wrong with how a page's Markdown cites (None when nothing is)."""
    if RAW_HTML_CITATION.search(text):
        return ("cites a source in raw HTML (href=\"source:...\"); "
                "write the citation as a Markdown link [text](source:ID)")
    if citations(text) and OWN_SECTION.search(text):
        return ("has its own '#sources' section; the build writes it from the page's citations, "
                "remove the hand-written one")
    return None


class CitationPreprocessor(Preprocessor):
    """Records the page's citations and appends its list of sources."""

    def __init__(self, md: Markdown, ext: "CitationExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        self.ext.load()
        text = "\n".join(lines)
        problem = markup_problem(text)
        if problem:
            raise DataError(self.ext.where(), None, problem)
        ids = citations(text)
        for source_id in ids:
            self.ext.check(source_id)
        self.ext.cited = ids
        if not ids:
            return lines
        return lines + [""] + sources_section(ids, self.ext.sources, self.ext.sources_href,
                                              search_exclude=True, strings=self.ext.strings).splitlines()


CITATION_CLASS = "citation"


class CitationTreeprocessor(Treeprocessor):
    """Turns every `source:` link into a link to the source itself."""

    def __init__(self, md: Markdown, ext: "CitationExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href") or ""
            if not href.startswith(SCHEME):
                continue
            source = self.ext.check(href[len(SCHEME):], "".join(link.itertext()))
            link.set("href", self.ext.href(source))
            link.set("class", " ".join(filter(None, (link.get("class"), CITATION_CLASS))))


class CitationExtension(Extension):
    """Configure with the registry (or the path of data/sources.yml)."""

    def __init__(self, sources: dict[str, Source] | None = None, **kwargs):
        self.config = {
            "sources_file": ["data/sources.yml", "The source registry (relative to the working directory); "
                                                 "not read when the registry is passed in as `sources`"],
            "sources_page": ["sources.md", "The Sources page, relative to the docs folder; sources "
                                           "without an address link to their entry there"],
            "language": ["en", "The edition being rendered (explainer/editions.py): the words of its list"],
        }
        super().__init__(**kwargs)
        self.sources: dict[str, Source] | None = sources
        self.sources_page = self.getConfig("sources_page")
        # Docs-relative: the engine makes it relative to whichever page is rendered.
        self.sources_href = "/" + self.sources_page.lstrip("/")
        self.strings = edition(self.getConfig("language")).strings
        self.cited: list[str] = []

    def load(self) -> None:
        """Read the registry before the first document (not when the engine checks its
        configuration: bad data is reported by the site's own data check first)."""
        if self.sources is None:
            self.sources = load_sources(self.getConfig("sources_file"))  # parsed once per version of the file

    def where(self) -> str:
        return "the page being rendered"

    def check(self, source_id: str, text: str = "") -> Source:
        source = self.sources.get(source_id)
        if source is None:
            label = f" (link text '{text}')" if text else ""
            raise DataError(self.where(), None, f"cites unknown source id '{source_id}'{label}")
        return source

    def href(self, source: Source) -> str:
        return source.url or f"{self.sources_href}#{source.id}"

    def reset(self) -> None:
        """A new document: nothing cited yet."""
        self.cited = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)  # so md.reset() calls reset()
        # After whitespace normalising (30), before raw HTML is stashed (20): the
        # appended list is Markdown inside <div markdown>.
        md.preprocessors.register(CitationPreprocessor(md, self), "explainer_citations", 25)
        # After inline parsing (20); before MkDocs resolves relative links (0).
        md.treeprocessors.register(CitationTreeprocessor(md, self), "explainer_citation_links", 4)


def resolve_markdown(markdown: str, sources: dict[str, Source], sources_page: str = "sources.md",
                     strings=ENGLISH) -> str:
    """The same result as Markdown text, for copies read outside the site (llms.txt):
    `source:` links replaced by their addresses and the list of sources appended."""
    ids = citations(markdown)
    if not ids:
        return markdown
    for source_id in ids:
        if source_id not in sources:
            raise DataError("a page copy", None, f"cites unknown source id '{source_id}'")

    def target(m: re.Match) -> str:
        s = sources[m.group(2)]
        return m.group(1) + (s.url or f"{sources_page}#{s.id}")

    return (REWRITE.sub(target, markdown).rstrip("\n") + "\n\n"
            + sources_section(ids, sources, sources_page, strings=strings))


def makeExtension(**kwargs) -> CitationExtension:  # noqa: N802 (Python-Markdown's name)
    return CitationExtension(**kwargs)
