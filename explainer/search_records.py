"""What the site search indexes for each glossary term, FAQ answer and page, from the data.

Material's search (lunr, `b(0)`: no length normalisation) adds up, word by word, how well
a result matches; the page heading is one field (`title`, boost 1e3) among the body text
and `tags` (1e6). A glossary entry titled "Malicious fine-tuning" then matches the query
"fine-tuning" as fully as the entry "Fine-tuning" does, and an FAQ question or a section
heading that happens to contain a term competes with the term's own entry. So each record
a reader looks up by name gets one more field, `names`: the words of the names a reader
types for it, each once (the glossary term, its aliases and their British or American
spelling, explainer/spelling.py; an FAQ
question; a page's titles). It is declared in the index's `config.fields` (Material's
worker indexes every configured field and shows only title, text and tags), boosted
above titles and far below `tags`; and where the names of one term lie inside another's
("o3" in "o3-mini"), the shorter one's record gets a slightly higher boost, so the exact
name wins the tie and the longer one still wins its own (it matches one word more).

Engine-independent: explainer.postbuild applies it to Material's `search_index.json`
(MkDocs, ProperDocs); tests/test_search_ranking.py scores the result as the browser does.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from .glossary import Term
from .spelling import other_spellings

NAMES_FIELD = "names"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NAMES_BOOST = 1e4      # titles 1e3, tags 1e6 (Material's defaults)
NESTED_BOOST = 0.15    # per longer term whose names contain this term's (ties broken, see above)


def words(text: str, separator: re.Pattern) -> list[str]:
    """The words of `text` as the search index splits them, lower-cased, each once, without a
    possessive "'s" (a rarer form would score above the plain word)."""
    seen: dict[str, None] = {}
    for word in separator.split(text.lower()):
        word = re.sub(r"['’]s$", "", word)
        if word:
            seen.setdefault(word, None)
    return list(seen)


def term_words(term: Term, separator: re.Pattern) -> list[str]:
    """Every word of a term's names, each once, with its other spelling."""
    found = words(" ".join(term.searched), separator)  # a translation: its English names too
    return list(dict.fromkeys(w for word in found for w in (word, *other_spellings(word))))


def nesting(terms: Iterable[Term], separator: re.Pattern) -> dict[str, int]:
    """For each term id: how many other terms have a name whose words include all the words of
    one of its names ("o3" in "OpenAI o3-mini")."""
    terms = list(terms)
    name_sets = {t.id: [set(words(n, separator)) for n in t.searched] for t in terms}

    def within(mine: str, theirs: str, mine_words: set, their_words: set) -> bool:
        # Chinese: the name as a run of characters inside the other (模型權重 is not in
        # 開放權重模型, although every character of it is); otherwise its words among the other's.
        if HAN.search(mine):
            return mine.casefold() in theirs.casefold()
        return mine_words <= their_words

    return {t.id: sum(1 for other in terms if other.id != t.id
                      and any(within(m, o, mw, ow) for m, mw in zip(t.searched, name_sets[t.id])
                              for o, ow in zip(other.searched, name_sets[other.id])))
            for t in terms}


def records(terms: Iterable[Term], questions: Mapping[str, str], page_titles: Mapping[str, list[str]],
            glossary_url: str, faq_url: str, separator: re.Pattern, glossary_boost: float = 1) -> dict[str, dict]:
    """Search location -> fields to set on its record: `names`, and for nested terms `boost` (the
    glossary page's own boost, front matter `search: boost:`, times 1 + NESTED_BOOST per nesting)."""
    terms = list(terms)
    nested = nesting(terms, separator)
    out: dict[str, dict] = {}
    for t in terms:
        record: dict = {NAMES_FIELD: " ".join(term_words(t, separator))}
        if nested[t.id]:
            record["boost"] = round(glossary_boost * (1 + NESTED_BOOST * nested[t.id]), 4)
        out[f"{glossary_url}#{t.id}"] = record
    for question_id, question in questions.items():
        out[f"{faq_url}#{question_id}"] = {NAMES_FIELD: " ".join(words(question, separator))}
    for url, titles in page_titles.items():
        out[url] = {NAMES_FIELD: " ".join(words(" ".join(titles), separator))}
    return out


def apply(index: dict, found: Mapping[str, dict]) -> int:
    """Write the records into a Material search index (its "config" and "docs"); return how many
    documents were given names."""
    index["config"].setdefault("fields", {})[NAMES_FIELD] = {"boost": NAMES_BOOST}
    done = 0
    for doc in index["docs"]:
        record = found.get(doc["location"])
        if record is None:
            continue
        doc.update(record)  # set, not multiplied: the step can run twice over one index
        done += 1
    return done
