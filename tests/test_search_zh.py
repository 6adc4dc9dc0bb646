"""Site search in the Traditional Chinese edition, as a reader meets it: scored over the built
zh-TW/search/search_index.json the way Material's worker scores it in the browser, after the
query has passed through what the page does to it first.

What happens to a query typed on a Chinese page, in order:

1. docs/assets/javascripts/search-on-demand.js (the page's stand-in for Material's worker)
   puts a space between adjacent Han characters: "開放權重" -> "開 放 權 重";
2. Material 9.8's worker (integrations/search/_/index.ts, search()) replaces each Han run
   (\\p{sc=Han}+) with query/segment's segmentation of it against the inverted index, joined
   with "* ". After step 1 every run is one character, and segment() of one character is that
   character (no cut fits inside it, so it returns the query itself): each stays itself;
3. then everything tests/material_search.py models (transformSearchQuery, lunr, boosts, cards).

"Among the first three results" counts what test_search_ranking counts: the first three
links a reader sees without unfolding anything.
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from material_search import MaterialSearch, Hit, _matched_words, _query_words, transform_query
from sitebuild import ROOT
from explainer.editions import ZH_TW
from explainer.faq import load_faq
from explainer.glossary import load_glossary
from explainer.translations import load_faq_translation, load_terms

# search-on-demand.js's HAN (a Han character followed by another one).
HAN = "[\u3400-\u9fff\uf900-\ufaff]"
ON_DEMAND = re.compile(f"({HAN})(?={HAN})")
# Material's /\p{sc=Han}+/gu, over the characters this site writes.
HAN_RUN = re.compile(f"{HAN}+")

TERMS = load_terms(ROOT / "data" / "glossary.yml", ZH_TW.locale)
ZH_NAMES = [(name, t.id) for t in TERMS for name in t.names]
EN_NAMES = [(name, t.id) for t in TERMS for name in t.original]


def on_demand_query(query: str) -> str:
    """search-on-demand.js query(): a space after each Han character followed by another."""
    return ON_DEMAND.sub(r"\1 ", query)


def material_segment(query: str, index) -> list[str]:
    """Material 9.8 query/segment/index.ts segment(), line for line (`value in index`: the
    words of lunr's inverted index)."""
    segments: dict[str, None] = {}  # an ordered set
    wordcuts = [0] * len(query)
    for i in range(len(query)):
        for j in range(i + 1, len(query)):
            if query[i:j] in index:
                wordcuts[i] = j - i
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments[query[p:p + q]] = None
                stack.append(p + q)
        q = p + wordcuts[p]
        if q < len(query) and wordcuts[q] and q < len(query) - 1:
            stack.append(q)
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


class ChineseSiteSearch(MaterialSearch):
    """MaterialSearch with the two steps a query takes on the Chinese site before
    transformSearchQuery (see the module's docstring); scored as MaterialSearch.hits() scores."""

    def worker_query(self, query: str) -> str:
        query = on_demand_query(query)
        return HAN_RUN.sub(lambda m: "* ".join(material_segment(m.group(0), self.index.inverted_index)), query)


def first_links(search: MaterialSearch, query: str, n: int = 3) -> list[str]:
    return [link for card in search.cards(query) for link in card.shown][:n]


def missing_from_top(search: MaterialSearch, cases) -> list[tuple[str, str, list[str]]]:
    return [(query, target, first_links(search, query)) for query, target in cases
            if target not in first_links(search, query)]


# Natural Chinese queries and what each must find among the first three links (read from
# data/zh-TW/faq.yml and data/zh-TW/glossary.yml).
QUERIES = [
    ("什麼是開放權重", "faq/#what-is-open-weight"),       # the FAQ's own question is 什麼是開放權重模型？
    ("7 月為什麼延後", "faq/#why-delayed"),
    ("微調", "glossary/#fine-tuning"),
    ("紅隊演練", "glossary/#red-teaming"),
    ("混合專家模型", "glossary/#mixture-of-experts"),
    ("模型卡", "glossary/#model-card"),
    ("gpt-oss 授權", "glossary/#apache-2-0"),              # gpt-oss's licence (the FAQ's was-it-released too)
    ("gpt-oss 是開源的嗎", "faq/#is-gpt-oss-open-source"),
    ("權重收得回來嗎", "faq/#can-weights-be-recalled"),
    ("gpt-oss 可以商用嗎", "faq/#commercial-use"),
    ("在自己的電腦上執行", "faq/#run-on-own-hardware"),
    ("gpt-oss 有多安全", "faq/#is-it-safe-in-practice"),
    ("oss 是什麼意思", "faq/#what-does-oss-mean"),
    ("原文報導哪裡寫錯了", "faq/#what-did-the-article-get-wrong"),
    ("延後有沒有削弱競爭力", "faq/#effect-on-competition"),
    ("DeepSeek 推出了什麼", "faq/#what-did-deepseek-and-moonshot-release"),
]


@pytest.fixture(scope="module")
def index(site_dir) -> dict:
    return json.loads((site_dir / "zh-TW" / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def search(index) -> ChineseSiteSearch:
    return ChineseSiteSearch(index)


def test_query_transform_matches_the_page_and_worker():
    assert on_demand_query("開放權重") == "開 放 權 重"
    assert on_demand_query("gpt-oss 授權") == "gpt-oss 授 權"
    assert on_demand_query("o3-mini比較") == "o3-mini比 較"
    # Material's segment(): one character stays itself; a longer run is cut by the index's words
    # (what search-on-demand.js spares it: its last character would be dropped).
    assert material_segment("權", {"權": 1, "重": 1}) == ["權"]
    assert "重" not in material_segment("權重", {"權": 1, "重": 1})


def test_every_chinese_term_and_alias_finds_its_entry(search):
    assert [t.id for t in TERMS] == [t.id for t in load_glossary(ROOT / "data" / "glossary.yml")]
    assert missing_from_top(search, [(name, f"glossary/#{term_id}") for name, term_id in ZH_NAMES]) == []


def test_every_english_term_and_alias_typed_on_the_chinese_site_finds_its_entry(search):
    assert {n for n, _ in EN_NAMES} >= {t.term for t in load_glossary(ROOT / "data" / "glossary.yml")}
    assert missing_from_top(search, [(name, f"glossary/#{term_id}") for name, term_id in EN_NAMES]) == []


def test_natural_chinese_queries_find_the_answer(search, capsys):
    rows = [(q, target, first_links(search, q)) for q, target in QUERIES]
    with capsys.disabled():
        print("\n| Query | Expected | First three links |\n|---|---|---|")
        for q, target, links in rows:
            print(f"| {q} | {target} | {', '.join(link or '/' for link in links)}{'' if target in links else '  **MISSED**'} |")
    # A known miss, kept in view rather than dropped: every character of "什麼" is in other
    # questions (為什麼), and the answer's question says 哪些 (search matches characters, with no
    # Chinese stop words). Any other miss, or this one fixed, fails here.
    assert {q for q, t, links in rows if t not in links} == KNOWN_MISSES


KNOWN_MISSES = {"DeepSeek 推出了什麼"}


def test_the_check_fails_when_one_entry_is_demoted(search, index):
    """The same check with 微調's record stripped of what the build adds (its names, its boost)
    and weighted down: 微調 and Fine-tuning are reported, and nothing that passed before is
    reported for another entry."""
    cases = [(name, f"glossary/#{term_id}") for name, term_id in ZH_NAMES + EN_NAMES]
    before = {(q, t) for q, t, _ in missing_from_top(search, cases)}
    demoted = copy.deepcopy(index)
    for doc in demoted["docs"]:
        if doc["location"] == "glossary/#fine-tuning":
            doc.pop("names")
            doc["boost"] = 0.2
    new = {(q, t) for q, t, _ in missing_from_top(ChineseSiteSearch(demoted), cases)} - before
    assert {"微調", "Fine-tuning"} <= {query for query, _ in new}
    assert {target for _, target in new} == {"glossary/#fine-tuning"}


def test_why_delayed_leads_to_the_faq(search):
    """為什麼延後 (why delayed): the FAQ card first, holding both delays' answers (as in English)."""
    cards = search.cards("為什麼延後")
    assert cards[0].page == "faq/"
    assert {"faq/#why-delayed", "faq/#why-delayed-june"} <= {h.location for h in cards[0].hits}


def test_chinese_faq_questions_find_their_answers(search):
    """Each Chinese question typed as written finds its answer among the first three links."""
    terms = load_glossary(ROOT / "data" / "glossary.yml")
    pages = {p: p for p in ("index.md", "delay.md", "safety.md", "o3-mini.md", "competition.md", "timeline.md",
                            "about.md", "open-weight-vs-open-source.md", "glossary.md", "faq.md", "sources.md")}
    english = load_faq(ROOT / "data" / "faq.yml", {t.id: t.term for t in terms}, pages)
    faq = load_faq_translation(ROOT / "data" / "zh-TW" / "faq.yml", english, ZH_TW, TERMS, pages)
    questions = [(q.question, f"faq/#{q.id}") for s in faq for q in s.questions]
    assert missing_from_top(search, questions) == []
