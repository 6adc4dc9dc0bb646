"""Material for MkDocs 9.8.1's site search, run in Python over a built `search_index.json`.

What a reader sees after typing a query, without a browser: the `lunr` package scores as
lunr.js 2.3.9 does (the version Material's worker bundles), and this module adds what the
worker and the result list do around it (read in Material 9.8.1's source, shipped in
`material/templates/assets/javascripts/workers/search.*.min.js.map` and `bundle.*.min.js.map`):

- integrations/search/_/index.ts (the worker's Search class): the index is built with
  `b(0)`, the fields and boosts of the index's `config.fields`, each document's `boost`,
  Material's tokenizer (below), and of lunr's pipeline (trimmer, stopWordFilter, stemmer)
  only the functions named in `config.pipeline`, at index and at query time alike; after
  lunr has scored, each result is multiplied by 1 + boost², boost being 1 for a page (0 for
  a section) plus the share of the query's words it matched; results are sorted again and
  grouped by page, in the order of each page's best result;
- internal/tokenize, internal/extract: text between HTML tags, split by `config.separator`,
  lower-cased;
- query/transform, query/_ (transformSearchQuery): each word of the query is split by the
  separator and gets a trailing wildcard (`delay` -> `delay*`);
- templates/search/index.tsx (renderSearchResultItem): each page is one card, showing the
  page and the sections that score as high as the card's best result; the other sections
  are folded under "N more on this page".

tests/browser/test_search_browser.py checks that this ranks as Material does in Chromium.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from lunr.builder import Builder
from lunr.query import Query, QueryPresence
from lunr.query_lexer import QueryLexer
from lunr.query_parser import QueryParser
from lunr.stemmer import stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS, stop_word_filter
from lunr.trimmer import trimmer

PIPELINE = {"trimmer": trimmer, "stopWordFilter": stop_word_filter, "stemmer": stemmer}
QUERY_FIELDS = ("title", "text", "tags")  # the field names transformSearchQuery keeps


def _split(text: str, separator: re.Pattern) -> list[tuple[int, int]]:
    """internal/_/index.ts split(): the non-empty ranges between separator matches."""
    ranges, index = [], 0
    for match in separator.finditer(text):
        if index < match.start():
            ranges.append((index, match.start()))
        index = match.end()
    if index < len(text):
        ranges.append((index, len(text)))
    return ranges


def _text_sections(html: str) -> list[str]:
    """internal/extract/index.ts extract(): the text between tags (entities stay as written)."""
    sections, start, end, stack = [], 0, 0, 0
    while end < len(html):
        char = html[end]
        if char == "<" and end > start:
            sections.append(html[start:end])
            start = end
        elif char == ">":
            if html[start + 1:start + 2] == "/":
                stack -= 1
            elif html[end - 1] != "/":
                stack += 1
            start = end + 1
        end += 1
    if end > start:
        sections.append(html[start:end])
    return sections


def tokenize(value: str | list[str] | None, separator: re.Pattern) -> list[str]:
    """internal/tokenize/index.ts tokenize(): a field's words, lower-cased."""
    if value is None:
        return []
    words = []
    for item in value if isinstance(value, list) else [value]:
        for section in _text_sections(item):
            words += [section[a:b].lower() for a, b in _split(section, separator)]
    return words


def transform_query(query: str, separator: re.Pattern) -> str:
    """query/transform + query/_ transformSearchQuery(): what the worker hands to lunr."""
    query = query.strip()
    parts = re.split(r'"([^"]+)"', query)
    query = "".join(re.sub(r"^\b|^(?![^\x00-\x7F]|$)|\s+", " +", p) if i & 1 else p
                    for i, p in enumerate(parts))
    query = re.sub(r'"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)', "", query)
    terms: list[str] = []
    for part in re.split(r"\s+", query):
        lexer = QueryLexer(part)
        lexer.run()
        for lexeme in lexer.lexemes:
            term, start, end = lexeme["string"], lexeme["start"], lexeme["end"]
            if lexeme["type"] == QueryLexer.FIELD and term not in QUERY_FIELDS:
                part = part[:end] + " " + part[end + 1:]  # Material's hack: a colon is no field
            elif lexeme["type"] == QueryLexer.TERM:
                terms += [part[:start] + term[a:b] + part[end:] for a, b in _split(term, separator)]
    terms = [t + "1" if re.search(r"[~^]$", t) else t for t in terms]
    return " ".join(t if re.search(r"(^[+-]|[~^]\d+$)", t) else t + "*" for t in terms)


def _query_words(query: str) -> list[str]:
    """query/_ parseSearchQuery(): the clauses' words, wildcards stripped, prohibited ones left out."""
    parsed = Query(list(QUERY_FIELDS))
    QueryParser(query, parsed).parse()
    return [c.term.strip("*") for c in parsed.clauses if c.presence != QueryPresence.PROHIBITED]


def _matched_words(words: list[str], matched_terms: list[str]) -> dict[str, bool]:
    """query/_ getSearchQueryTerms(): which query words a result matched; stop words left unmatched
    do not count."""
    open_words = list(words)
    result: dict[str, bool] = {}
    for term in matched_terms:
        for word in list(open_words):
            if term.startswith(word):
                result[word] = True
                open_words.remove(word)
    for word in open_words:
        if word not in STOP_WORDS and word:
            result[word] = False
    return result


@dataclass(frozen=True)
class Hit:
    location: str   # "glossary/#moe", or "glossary/" for the page itself
    score: float


@dataclass(frozen=True)
class Card:
    """One search result card: a page and its sections in score order."""
    hits: tuple[Hit, ...]

    @property
    def page(self) -> str:
        return next(h.location for h in self.hits if "#" not in h.location)

    @property
    def shown(self) -> tuple[str, ...]:
        """The links a reader sees without unfolding: the page, then the sections that score as
        high as the card's best result (templates/search/index.tsx)."""
        threshold = self.hits[0].score
        sections = [h for h in self.hits if "#" in h.location]
        cut = next((i for i, h in enumerate(sections) if h.score < threshold), len(sections))
        return (self.page, *(h.location for h in sections[:cut]))

    @property
    def featured(self) -> str:
        """The card's best-matching section as shown, or the page when no section is."""
        return next((link for link in self.shown if "#" in link), self.page)


class MaterialSearch:
    """A built site's search index, queried as Material's worker queries it."""

    def __init__(self, index: dict):
        config = index["config"]
        if config.get("lang") != ["en"]:
            raise ValueError(f"only English search is modelled, the index has lang {config.get('lang')}")
        unknown = set(config["pipeline"]) - set(PIPELINE)
        if unknown:
            raise ValueError(f"unknown search pipeline function(s) {sorted(unknown)}")
        self.separator = re.compile(config["separator"])
        self.docs = {d["location"]: d for d in index["docs"]}
        builder = Builder()
        builder.b(0)
        order = [name for name in PIPELINE if name in config["pipeline"]]
        builder.pipeline.add(*(PIPELINE[name] for name in order))
        if "stemmer" in order:
            builder.search_pipeline.add(stemmer)
        builder.ref("location")
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec.get("boost", 1),
                          extractor=lambda doc, name=name: tokenize(doc.get(name), self.separator))
        for doc in index["docs"]:
            builder.add(doc, {"boost": doc["boost"]} if "boost" in doc else None)
        self.index = builder.build()
        # setupSearchDocumentMap: the first document of a path is the page, the others its sections.
        self.page_of: dict[str, str] = {}
        for doc in index["docs"]:
            path = doc["location"].split("#")[0]
            self.page_of.setdefault(path, doc["location"])

    @classmethod
    def from_site(cls, site_dir: Path) -> "MaterialSearch":
        return cls(json.loads((Path(site_dir) / "search" / "search_index.json").read_text(encoding="utf-8")))

    def is_page(self, location: str) -> bool:
        return self.page_of.get(location.split("#")[0]) == location

    def worker_query(self, query: str) -> str:
        """What reaches transformSearchQuery (a subclass adds what the page and worker do first:
        tests/test_search_zh.py models Chinese)."""
        if re.search(r"[\u4e00-\u9fff]", query):
            raise ValueError("Chinese segmentation of queries is not modelled here (tests/test_search_zh.py)")
        return query

    def hits(self, query: str) -> list[Hit]:
        """Every matching document, best first, scored as the worker scores it."""
        lunr_query = transform_query(self.worker_query(query), self.separator)
        if not lunr_query:
            return []
        words = _query_words(lunr_query)
        hits = []
        for result in self.index.search(lunr_query):
            matched = _matched_words(words, list(result["match_data"].metadata))
            share = sum(matched.values()) / len(matched) if matched else float("nan")
            boost = int(self.is_page(result["ref"])) + share
            hits.append(Hit(result["ref"], result["score"] * (1 + boost ** 2)))
        return sorted(hits, key=lambda h: -h.score)

    def cards(self, query: str) -> list[Card]:
        """The result cards in the order a reader sees them."""
        groups: dict[str, list[Hit]] = {}
        for hit in self.hits(query):
            groups.setdefault(self.page_of[hit.location.split("#")[0]], []).append(hit)
        cards = []
        for page, hits in groups.items():
            if not any(h.location == page for h in hits):
                hits.append(Hit(page, 0.0))
            cards.append(Card(tuple(hits)))
        return cards

    def featured(self, query: str) -> list[str]:
        """Each card's featured link, in order (what tests/browser/browser_helpers reads)."""
        return [card.featured for card in self.cards(query)]
