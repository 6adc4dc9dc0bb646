"""Site search as a reader meets it, scored over the built search/search_index.json the way
Material's worker scores it in the browser (tests/material_search.py; checked against
Chromium in tests/browser/test_search_browser.py).

"Among the first three results" counts the links a reader sees at the top of the result
list without unfolding anything: each card's page, then its best-matching sections.
"""

from __future__ import annotations

import copy
import json

import pytest

from material_search import MaterialSearch
from sitebuild import PAGES, ROOT
from explainer.faq import load_faq
from explainer.glossary import load_glossary

TERMS = load_glossary(ROOT / "data" / "glossary.yml")
NAMES = [(name, t.id) for t in TERMS for name in t.names]
FAQ = load_faq(ROOT / "data" / "faq.yml", {t.id: t.term for t in TERMS}, {p: p for p in PAGES})

# What readers type besides the exact names: phrases, questions, plurals, lower case.
PHRASES = [
    ("open source", "open-source-model"),
    ("reasoning model", "reasoning-model"),
    ("reasoning models", "reasoning-model"),
    ("what is MoE", "mixture-of-experts"),
    ("what is moe", "mixture-of-experts"),
    ("moe", "mixture-of-experts"),
    ("llm", "large-language-model"),
    ("mxfp4", "quantization"),
    ("vram", "gpu-memory"),
    ("open weight", "open-weight-model"),
    ("open-weight models", "open-weight-model"),
    ("weights", "model-weights"),
    ("fine tune", "fine-tuning"),
    ("jailbreaks", "jailbreak"),
    ("tokens", "token"),
    ("apache license", "apache-2-0"),
    ("apache licence", "apache-2-0"),
    ("mit licence", "mit-license"),
    ("red team", "red-teaming"),
    ("osi", "open-source-initiative"),
    ("what is gpt-oss", "gpt-oss"),
    ("deepseek r1", "deepseek-r1"),
    ("cot", "chain-of-thought"),
    ("rl", "reinforcement-learning"),
    ("safety tests", "safety-testing"),
    ("context length", "context-window"),
    ("what is inference", "inference"),
    ("refusals", "refusal"),
]


def first_links(search: MaterialSearch, query: str, n: int = 3) -> list[str]:
    """The first `n` links of the result list, folded sections left out."""
    return [link for card in search.cards(query) for link in card.shown][:n]


def missing_from_top(search: MaterialSearch, cases) -> list[tuple[str, str, list[str]]]:
    return [(query, target, first_links(search, query)) for query, target in cases
            if target not in first_links(search, query)]


@pytest.fixture(scope="module")
def index(site_dir) -> dict:
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def search(index) -> MaterialSearch:
    return MaterialSearch(index)


def test_every_term_and_alias_finds_its_entry_first(search):
    assert len(NAMES) >= 129  # every term and every alias of data/glossary.yml
    assert missing_from_top(search, [(name, f"glossary/#{term_id}") for name, term_id in NAMES]) == []


def test_what_readers_type_finds_the_entry(search):
    assert missing_from_top(search, [(q, f"glossary/#{term_id}") for q, term_id in PHRASES]) == []


def test_the_check_fails_when_one_entry_is_demoted(index):
    """The same check over the same index, with one entry's record stripped of what the build
    adds (its names, its boost) and weighted down: that term is reported, nothing else."""
    demoted = copy.deepcopy(index)
    for doc in demoted["docs"]:
        if doc["location"] == "glossary/#fine-tuning":
            doc.pop("names")
            doc["boost"] = 0.2
    missing = missing_from_top(MaterialSearch(demoted), [(name, f"glossary/#{term_id}") for name, term_id in NAMES])
    assert {term for term, _, _ in missing} >= {"Fine-tuning"}
    assert {target for _, target, _ in missing} == {"glossary/#fine-tuning"}


def test_faq_answers_are_found_by_their_questions(search):
    """Each question typed as it is written finds its answer as the featured section of one of
    the first three cards (what test_glossary_browser asks of terms), and all but two among
    the first three links. The one exception to the first: "What is an open-weight model?"
    leads with the glossary's definition of the term, the FAQ answer in the next card."""
    questions = [(q.question, f"faq/#{q.id}") for section in FAQ for q in section.questions]
    not_featured = [target for q, target in questions if target not in search.featured(q)[:3]]
    assert not_featured in ([], ["faq/#what-is-open-weight"]), not_featured
    assert first_links(search, "What is an open-weight model?")[:2] == ["glossary/", "glossary/#open-weight-model"]
    assert len(missing_from_top(search, questions)) <= 2


def test_pages_are_found_by_their_titles(search, index):
    titles = {"": "The gpt-oss delay", "delay/": "The delay",
              "safety/": "Safety rationale", "o3-mini/": "The o3-mini comparison",
              "open-weight-vs-open-source/": "Open-weight vs open-source", "competition/": "The competition",
              "timeline/": "Timeline", "glossary/": "Glossary", "faq/": "FAQ", "sources/": "Sources",
              "about/": "About this site"}
    assert {url for url, title in titles.items() if url not in search.featured(title)[:3]} == set()
    assert {url for url, title in titles.items() if url not in first_links(search, title)} <= {"delay/"}


def test_no_pages_sources_list_is_indexed(index):
    """A page's closing Sources list would match almost any query (the Sources page indexes
    each source once)."""
    assert [d["location"] for d in index["docs"] if d["location"].endswith("#sources")] == []


def test_why_delayed_leads_to_the_faq_not_a_sources_list(search):
    cards = search.cards("why delayed")
    assert cards[0].page == "faq/"
    assert {"faq/#why-delayed", "faq/#why-delayed-june"} <= {h.location for h in cards[0].hits}

