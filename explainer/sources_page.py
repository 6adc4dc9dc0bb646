"""The Sources page: every registered source once, grouped by kind, with the
pages, glossary terms and FAQ answers that cite it."""

from __future__ import annotations

from .editions import ENGLISH, Strings
from .records import DataError
from .safe_text import md_heading, md_inline as md_text
from .sources import KINDS, Citer, Source

# Section ids of the page itself; a source id may not take one of them.
KIND_IDS = {"primary": "primary-sources", "report": "news-reports", "analysis": "analysis"}


def render_sources_page(sources: dict[str, Source], cited_by: dict[str, list[Citer]],
                        glossary_page: str = "glossary.md", faq_page: str = "faq.md",
                        strings: Strings = ENGLISH) -> str:
    """Markdown for the Sources page body: a section per kind, a heading per source (its id is the anchor)."""
    clash = set(sources) & set(KIND_IDS.values())
    if clash:
        raise DataError("data/sources.yml", sorted(clash)[0], "id is reserved for a section of the Sources page")
    out: list[str] = []
    for kind in KINDS:
        heading = strings.kinds[kind]
        members = sorted((s for s in sources.values() if s.kind == kind),
                         key=lambda s: (s.publisher.casefold(), s.title.casefold()))
        if not members:
            continue
        # The page lists documents: no glossary term links (explainer/term_links.py).
        out += [f"## {heading} {{ #{KIND_IDS[kind]} }}", "", strings.kind_help[kind], "{: .no-term-links }", ""]
        for s in members:
            out += [f"### {md_heading(s.title)} {{ #{s.id} }}", ""]
            link = f"[{md_text(s.url)}]({s.url})" if s.url else strings.no_address
            out += ['<div class="source-entry no-term-links" markdown>', ""]
            out += [f"{md_text(s.publisher)}, {strings.date(s.published)}. {link}", ""]
            if s.note:
                out += [md_text(s.note), ""]
            out += [f"{strings.lead(strings.cited_by)}{_back_links(cited_by.get(s.id, []), glossary_page, faq_page, strings)}", ""]
            out += ["</div>", ""]
    return "\n".join(out)


def _back_links(citers: list[Citer], glossary_page: str, faq_page: str, strings: Strings = ENGLISH) -> str:
    groups = {"page": [], "term": [], "faq": []}
    for c in citers:
        groups[c.kind].append(c)
    parts = []
    if groups["page"]:
        parts.append(f"{strings.cited_pages} " + ", ".join(f"[{md_text(c.label)}]({c.target})" for c in groups["page"]))
    if groups["term"]:
        parts.append(f"{strings.cited_glossary} " + ", ".join(f"[{md_text(c.label)}]({glossary_page}#{c.target})"
                                             for c in groups["term"]))
    if groups["faq"]:
        parts.append(f"{strings.cited_faq} " + ", ".join(f"[{md_text(c.label)}]({faq_page}#{c.target})" for c in groups["faq"]))
    return "; ".join(parts) or strings.cited_nothing
