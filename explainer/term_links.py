"""A Python-Markdown extension that explains glossary terms where they appear.

The first occurrence of each term (or alias) on a page becomes a link to its
glossary entry, carrying the short definition as its title. site.js shows that
title in a definition preview on hover, keyboard focus and tap (one delegated
listener, nothing built per link at load). Later occurrences stay plain, so prose is not noisy.
Headings, links, code, buttons and admonition titles are never touched.

A regular Python-Markdown extension (not a MkDocs one), configured in mkdocs.yml:

    markdown_extensions:
      - explainer.term_links:
          glossary: data/glossary.yml     # relative to the working directory
          glossary_page: glossary.md

It needs to know nothing about the page being rendered: links are written
docs-relative ("/glossary.md#id"), which MkDocs and ProperDocs turn into relative
page links (validation.links.absolute_links: relative_to_docs); the glossary page
marks its own prose with the class `no-term-links`.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from typing import Iterable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .glossary import Term
from .translations import load_terms
from .safe_text import html_for_tooltip

SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr", "kbd", "script",
             "style", "button", "summary", "svg", "label", "input", "textarea", "select", "nav"}
# Blocks within which a term and a link naming it would sit side by side.
BLOCK_TAGS = {"p", "li", "td", "th", "dd", "dt"}
SKIP_CLASSES = {"admonition-title", "glossary-entry", "no-term-links", "glossary-filter"}


HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _case_sensitive(name: str) -> bool:
    """Acronyms and brand spellings (STEM, MoE, GPT-2) only match as written."""
    return any(c.isupper() for c in name[1:])


def build_matcher(terms: Iterable[Term]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every name (longest first) and a map from matched name to term id."""
    pattern, lookup = _matcher(tuple(terms))
    return pattern, dict(lookup)


@functools.lru_cache(maxsize=4)
def _matcher(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Built once per glossary, not once per page (engines make an extension per page)."""
    lookup: dict[str, str] = {}
    alternatives: list[tuple[int, str]] = []
    for t in terms:
        # A translated term is found by its own names and by its English ones ("gpt-oss" in Chinese text).
        for name in t.searched:
            key = name if _case_sensitive(name) else name.casefold()
            lookup.setdefault(key, t.id)
            body = re.escape(name).replace(r"\ ", r"\s+")
            alt = body if _case_sensitive(name) else f"(?i:{body})"
            # Not part of a longer word or hyphenated compound; an English plural is allowed.
            # Chinese is written without spaces: a name in Han characters has no word edge to wait for.
            before = "" if HAN.match(name) else r"(?<![\w-])"
            after = "" if HAN.search(name[-1]) else r"(?:e?s)?(?![\w-])"
            alternatives.append((len(name), before + alt + after))
    alternatives.sort(key=lambda a: -a[0])
    pattern = "(?:" + "|".join(a for _, a in alternatives) + ")"
    return re.compile(pattern), lookup


def _lookup_id(text: str, lookup: dict[str, str]) -> str | None:
    normal = re.sub(r"\s+", " ", text)
    for candidate in (normal, normal[:-1], normal[:-2]):
        for key in (candidate, candidate.casefold()):
            if key in lookup:
                return lookup[key]
    return None


class TermLinkTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: "TermLinkExtension"):
        super().__init__(md)
        self.ext = ext
        self.named_by_links: set[str] = set()  # terms a link in the current block names

    def run(self, root: etree.Element) -> None:
        self.ext.load()
        if self.ext.matcher is not None:
            self._walk(root)

    def _skipped(self, el: etree.Element) -> bool:
        classes = set((el.get("class") or "").split())
        return el.tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)

    def _walk(self, el: etree.Element) -> None:
        if self._skipped(el):
            return
        if el.tag in BLOCK_TAGS:
            # A term that a link in the same paragraph already names ("a model card ...
            # (model card)") is left plain here: the same words would be linked twice, to
            # two places. Its next mention elsewhere is linked instead.
            outer, self.named_by_links = self.named_by_links, self._terms_in_links(el)
            self._walk_children(el)
            self.named_by_links = outer
        else:
            self._walk_children(el)

    def _terms_in_links(self, block: etree.Element) -> set[str]:
        matcher, lookup = self.ext.matcher, self.ext.lookup
        found: set[str] = set()
        for link in block.iter("a"):
            for match in matcher.finditer("".join(link.itertext())):
                term_id = _lookup_id(match.group(0), lookup)
                if term_id:
                    found.add(term_id)
        return found

    def _walk_children(self, el: etree.Element) -> None:
        if el.text:
            el.text = self._link_text(el.text, el, 0)
        for child in list(el):
            self._walk(child)
            if child.tail:
                index = list(el).index(child) + 1
                child.tail = self._link_text(child.tail, el, index)

    def _link_text(self, text: str, parent: etree.Element, index: int) -> str:
        """Wrap the first unseen term in `text`; return what stays as plain text."""
        matcher, lookup = self.ext.matcher, self.ext.lookup
        for match in matcher.finditer(text):
            term_id = _lookup_id(match.group(0), lookup)
            if term_id is None or term_id in self.ext.seen or term_id in self.named_by_links:
                continue
            self.ext.seen.add(term_id)
            term = self.ext.terms[term_id]
            link = etree.Element("a", {
                "href": f"{self.ext.glossary_href}#{term_id}",
                "class": "glossary-term",
                # The short definition as plain text: what assistive technology reads as
                # the link's description, and what site.js shows in its preview (as text).
                # Python-Markdown's serializer keeps entity references as they are, so the
                # text is escaped here, once.
                "title": html_for_tooltip(term.short),
            })
            link.text = AtomicString(match.group(0))
            rest = text[match.end():]
            parent.insert(index, link)
            # Keep looking for other terms in what follows the link.
            link.tail = self._link_text(rest, parent, index + 1) if rest else rest
            return text[:match.start()]
        return text


class TermLinkExtension(Extension):
    """Links the first mention of each glossary term in a document to its entry."""

    def __init__(self, terms: Iterable[Term] | None = None, **kwargs):
        self.config = {
            "glossary": ["data/glossary.yml", "The glossary data file (relative to the working directory)"],
            "glossary_page": ["glossary.md", "The glossary page, relative to the docs folder"],
            "language": ["en", "The edition being rendered (explainer/editions.py): its glossary is linked"],
        }
        super().__init__(**kwargs)
        self.terms: dict[str, Term] | None = None
        self.matcher, self.lookup = None, {}
        if terms is not None:
            self._use(terms)
        # Docs-relative: the engine makes it relative to whichever page is rendered.
        self.glossary_href = "/" + self.getConfig("glossary_page").lstrip("/")
        self.seen: set[str] = set()

    def load(self) -> None:
        """Read the glossary before the first document (not when the engine checks its
        configuration: bad data is reported by the site's own data check first)."""
        if self.terms is None:
            self._use(tuple(load_terms(self.getConfig("glossary"), self.getConfig("language"))))

    def _use(self, terms: Iterable[Term]) -> None:
        self.terms = {t.id: t for t in terms}
        self.matcher, self.lookup = build_matcher(self.terms.values()) if self.terms else (None, {})

    def reset(self) -> None:
        """A new document: every term may be linked once again."""
        self.seen = set()

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)  # so md.reset() calls reset()
        # After inline parsing (20) and attr_list/toc (8, 5); before link resolution (0).
        md.treeprocessors.register(TermLinkTreeprocessor(md, self), "explainer_term_links", 3)


def makeExtension(**kwargs) -> TermLinkExtension:  # noqa: N802 (Python-Markdown's name)
    return TermLinkExtension(**kwargs)
