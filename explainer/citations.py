"""A Python-Markdown extension that resolves citations to the source registry.

Pages, glossary definitions and FAQ answers cite a source as a link to
`source:<id>` (`the [model card](source:gpt-oss-model-card) says ...`). This
extension
- appends `## Sources { #sources }` to every page that cites anything, listing
  the sources in order of first citation (added to the Markdown, so the table of
  contents and the search index see it like any other section);
- rewrites each `<a href="source:ID">` to the registered address, with the
  source's title as the link's title (Material shows it as a tooltip);
- fails with a DataError on an id the registry does not know.

Python-Markdown (not MkDocs) is the interface here: `makeExtension(sources_file=...)`
configures it from any generator's extension list.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .records import DataError
from .sources import SCHEME, Source, citations, load_sources, sources_section

OWN_SECTION = re.compile(r"\{[^}]*#sources\b[^}]*\}")
# Raw HTML is stashed before the tree exists, so a citation there would never be resolved.
RAW_HTML_CITATION = re.compile(r"""href\s*=\s*["']?source:""", re.I)
REWRITE = re.compile(r"(\]\(\s*<?|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?)source:([^\s)>]*)", re.M)


class CitationPreprocessor(Preprocessor):
    """Records the page's citations and appends its list of sources."""

    def __init__(self, md: Markdown, ext: "CitationExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if RAW_HTML_CITATION.search(text):
            raise DataError(self.ext.where(), None, "cites a source in raw HTML (href=\"source:...\"); "
                                                    "write the citation as a Markdown link [text](source:ID)")
        ids = citations(text)
        for source_id in ids:
            self.ext.check(source_id)
        self.ext.cited = ids
        if not ids:
            return lines
        if OWN_SECTION.search(text):
            raise DataError(self.ext.where(), None, "has its own '#sources' section; the build writes it "
                                                    "from the page's citations, remove the hand-written one")
        return lines + [""] + sources_section(ids, self.ext.sources, self.ext.sources_page).splitlines()


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
            if not link.get("title"):
                link.set("title", source.title)


class CitationExtension(Extension):
    """Configure with the registry (or the path of data/sources.yml)."""

    def __init__(self, sources: dict[str, Source] | None = None, **kwargs):
        self.config = {
            "sources_file": ["", "Path of the source registry (data/sources.yml); not needed when "
                                 "the registry is passed in as `sources`"],
            "sources_page": ["sources.md", "The Sources page, relative to the docs folder; sources "
                                           "without an address link to their entry there"],
            "page": ["", "The page being rendered, for error messages (optional)"],
        }
        super().__init__(**kwargs)
        if sources is None:
            path = self.getConfig("sources_file")
            if not path:
                raise DataError("markdown_extensions", "explainer.citations", "needs sources_file")
            sources = load_sources(Path(path))
        self.sources = sources
        self.sources_page = self.getConfig("sources_page")
        self.page = self.getConfig("page")
        self.cited: list[str] = []

    def set_page(self, src_path: str) -> None:
        """Name the page about to be rendered in error messages (optional)."""
        self.page = src_path

    def where(self) -> str:
        return f"docs/{self.page}" if self.page else "the page being rendered"

    def check(self, source_id: str, text: str = "") -> Source:
        source = self.sources.get(source_id)
        if source is None:
            label = f" (link text '{text}')" if text else ""
            raise DataError(self.where(), None, f"cites unknown source id '{source_id}'{label}")
        return source

    def href(self, source: Source) -> str:
        return source.url or f"{self.sources_page}#{source.id}"

    def reset(self) -> None:
        self.cited = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After whitespace normalising (30), before raw HTML is stashed (20): the
        # appended list is Markdown inside <div markdown>.
        md.preprocessors.register(CitationPreprocessor(md, self), "explainer_citations", 25)
        # After inline parsing (20); before MkDocs resolves relative links (0).
        md.treeprocessors.register(CitationTreeprocessor(md, self), "explainer_citation_links", 4)


def resolve_markdown(markdown: str, sources: dict[str, Source], sources_page: str = "sources.md") -> str:
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

    return REWRITE.sub(target, markdown).rstrip("\n") + "\n\n" + sources_section(ids, sources, sources_page)


def makeExtension(**kwargs) -> CitationExtension:  # noqa: N802 (Python-Markdown's name)
    return CitationExtension(**kwargs)
