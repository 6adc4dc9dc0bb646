"""The source registry: data/sources.yml in; checked sources and who cites them out.

Pages, glossary definitions and FAQ answers cite a source only by its id, as a
Markdown link to `source:<id>`. This module loads and checks the registry,
finds every citation in the site's Markdown (so a source nobody cites is caught
before anything is rendered), and writes the per-page source list and the
Sources page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

from .editions import ENGLISH
from .records import DataError, Entry, UniqueNames, by_content, entries, load_yaml, shorten
from .safe_text import HTTPS_URL, line_text_problem, md_inline

FIELDS = ("id", "title", "publisher", "url", "published", "kind", "note")
# The kinds of source; their headings and help, in each language: explainer/editions.py.
KINDS = ENGLISH.kinds
SCHEME = "source:"
# A Markdown link target `source:<id>`: inline `](source:id)` or `](source:id "x")`,
# or a reference definition `[x]: source:id`.
CITATION = re.compile(r"(?:\]\(\s*<?|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?)source:([^\s)>]*)", re.M)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")

@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str          # "" when the document has no known address (then `note` says why)
    published: str    # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    kind: str         # primary | report | analysis
    note: str = ""

    @property
    def date_text(self) -> str:
        """The publication date as a reader reads it: "5 August 2025", "August 2025", "2025"."""
        return display_date(self.published)


@dataclass(frozen=True)
class Citer:
    """Something that cites a source: a page, a glossary term or an FAQ answer."""
    kind: str    # page | term | faq
    target: str  # page path ("delay.md"), term id or question id
    label: str   # page title, term or question

    @property
    def where(self) -> str:
        return {"page": f"docs/{self.target}", "term": f"glossary term '{self.target}'",
                "faq": f"FAQ answer '{self.target}'"}[self.kind]


def display_date(published: str) -> str:
    """"5 August 2025", "August 2025", "2025" (explainer/editions.py writes every edition's dates)."""
    return ENGLISH.date(published)


@by_content
def load_sources(path: Path) -> dict[str, Source]:
    """Read and check the registry: id -> Source, in file order. Raises DataError."""
    path = Path(path)
    raw = entries(path, load_yaml(path), "sources")
    ids = UniqueNames(path, "id")
    urls: dict[str, str] = {}  # normalised address -> source id
    sources: dict[str, Source] = {}
    for index, item in enumerate(raw, start=1):
        entry = Entry.of(path, item, f"#{index}", FIELDS)
        source_id = entry.anchor("id")
        ids.add(source_id, source_id)
        url = entry.text("url", required=False)
        note = entry.line("note", required=False)
        if url:
            _check_url(entry, url)
            other = urls.setdefault(normal_url(url), source_id)
            if other != source_id:
                raise entry.fail(f"url '{url}' is the same address as entry '{other}' (one entry per source)")
        elif not note:
            raise entry.fail("has no 'url'; a source without an address needs a 'note' saying why")
        kind = entry.text("kind")
        if kind not in KINDS:
            raise entry.fail(f"field 'kind' = '{kind}' must be one of: {', '.join(KINDS)}")
        sources[source_id] = Source(
            id=source_id,
            title=entry.line("title"),
            publisher=entry.line("publisher"),
            url=url,
            published=_published(entry),
            kind=kind,
            note=note,
        )
    return sources


def _check_url(entry: Entry, url: str) -> None:
    if line_text_problem(url) or not url.isascii():
        raise entry.fail(f"url '{shorten(url)}' must be one line of ASCII (percent-encode anything else)")
    parts = urlsplit(url)
    try:
        parts.port
    except ValueError:
        raise entry.fail(f"url '{shorten(url)}' has an invalid port") from None
    if parts.scheme != "https":
        raise entry.fail(f"url '{url}' must use https")
    if not HTTPS_URL.match(url):
        # Addresses are written into links and into llms.txt's Markdown: no quote, bracket,
        # parenthesis, space or backslash that could end the link early.
        raise entry.fail(f"url '{url}' is not a valid address (no quotes, brackets, parentheses or spaces)")
    if parts.path in ("", "/") and not parts.query:
        raise entry.fail(f"url '{url}' is a home page; cite the document itself")


UNRESERVED = re.compile(r"%([0-9A-Fa-f]{2})")


def _normal_percent(text: str) -> str:
    """Percent-encoding as RFC 3986 normalises it: unreserved characters decoded, hex upper-case."""
    def one(m: re.Match) -> str:
        char = chr(int(m.group(1), 16))
        return char if re.fullmatch(r"[A-Za-z0-9._~-]", char) else f"%{m.group(1).upper()}"
    return UNRESERVED.sub(one, text)


def normal_url(url: str) -> str:
    """Two spellings of one address count as a duplicate: scheme and host case, `www.`,
    the default port, percent-encoding of unreserved characters and its hex case, a
    trailing slash; the fragment is not part of the document's address."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port not in (None, 443):
        host += f":{parts.port}"
    path = _normal_percent(parts.path).rstrip("/")
    query = _normal_percent(parts.query)
    return f"{host}{path}" + (f"?{query}" if query else "")


def _published(entry: Entry) -> str:
    value = entry.data.get("published")
    if isinstance(value, date):  # an unquoted YAML date
        return value.isoformat()
    text = entry.text("published") if not isinstance(value, int) else str(value)
    m = PUBLISHED.match(text)
    if not m:
        raise entry.fail(f"field 'published' = '{shorten(text)}' must be YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        first = date(year, month or 1, day or 1)
    except ValueError:
        raise entry.fail(f"field 'published' = '{text}' is not a real date") from None
    if first > date.today():
        raise entry.fail(f"field 'published' = '{text}' is in the future")
    return text


# What is never a citation however it looks: HTML comments and code spans (both may
# run over lines); fenced code is skipped line by line in citations().
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def citations(markdown: str) -> list[str]:
    """Source ids cited in a Markdown text, in order of first citation, outside code fences,
    code spans and HTML comments (what renders as a link is what counts)."""
    kept: list[str] = []
    fence = None
    for line in markdown.splitlines():
        m = FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            kept.append("")
            continue
        kept.append("" if fence is not None else line)
    text = CODE_SPAN.sub(" ", COMMENT.sub(" ", "\n".join(kept)))
    found: list[str] = []
    for source_id in CITATION.findall(text):
        if source_id not in found:
            found.append(source_id)
    return found


class CitationIndex:
    """Who cites what, site-wide: built before rendering so every check can run first."""

    def __init__(self, sources: dict[str, Source], path: Path | str):
        self.sources = sources
        self.path = path
        self.by_source: dict[str, list[Citer]] = {s: [] for s in sources}

    def add(self, citer: Citer, ids: Iterable[str], file: Path | str, entry: str | None = None) -> None:
        """Record citations; an unknown id fails naming the file and the entry that cites it."""
        for source_id in ids:
            if source_id not in self.sources:
                raise DataError(file, entry, f"cites unknown source id '{source_id}' "
                                             f"(not in {Path(self.path).name})")
            if citer not in self.by_source[source_id]:
                self.by_source[source_id].append(citer)

    def check_all_cited(self) -> None:
        for source_id, citers in self.by_source.items():
            if not citers:
                raise DataError(self.path, source_id, "is registered but cited nowhere "
                                                      "(no page, glossary term or FAQ answer links to source:"
                                                      f"{source_id}); cite it or remove it")


def sources_section(ids: Iterable[str], sources: dict[str, Source], sources_page: str = "sources.md",
                    search_exclude: bool = False, strings=None) -> str:
    """The Markdown that ends a page: `## Sources { #sources }` and one item per source cited.
    On the site (`search_exclude`) the list stays out of the search (Material's
    `data-search-exclude`): it matches almost any query and would crowd out the answer, and the
    Sources page indexes every source once."""
    heading = strings.sources_heading if strings is not None else "Sources"
    lines = [f"## {heading} {{ #sources data-search-exclude }}" if search_exclude else f"## {heading} {{ #sources }}", "",
             '<div class="page-sources no-term-links" markdown>', ""]
    for source_id in ids:
        lines.append(f"1. {source_item(sources[source_id], sources_page, strings)}")
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def source_item(s: Source, sources_page: str = "sources.md", strings=None) -> str:
    """One source as Markdown: linked title, publisher, date (in the edition's words)."""
    title = md_text(s.title)
    target = s.url or f"{sources_page}#{s.id}"
    day = strings.date(s.published) if strings is not None else s.date_text
    return f"[{title}]({target}), {md_text(s.publisher)}, {day}"


# Text safe to put into Markdown inline (paragraphs, list items, link text): explainer/safe_text.py.
md_text = md_inline
