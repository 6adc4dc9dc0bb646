"""explainer/search_records.py and explainer/spelling.py on their own (the ranking they give
the built site is tests/test_search_ranking.py)."""

from __future__ import annotations

import re

from explainer.glossary import Term
from explainer.search_records import NAMES_BOOST, NAMES_FIELD, apply, nesting, records, words
from explainer.spelling import other_spellings, spellings_attribute

SEPARATOR = re.compile(r'[\s\-,:!=\[\]()"/?;·–—…]+|\.(?!\d)|&[lg]t;|&amp;')


def term(id, name, *aliases):
    return Term(id=id, term=name, aliases=aliases, short="s", definition="d", related=(), source=("x",))


def test_words_as_the_index_splits_them_each_once():
    assert words("Is gpt-oss open source? GPT-OSS's licence", SEPARATOR) == ["is", "gpt", "oss", "open", "source",
                                                                          "licence"]


def test_other_spellings_both_ways():
    assert other_spellings("licence") == ["license"] and other_spellings("licensed") == ["licenced"]
    assert other_spellings("quantisation") == ["quantization"] and other_spellings("model") == []
    assert "licence license" in spellings_attribute().split("|")


def test_a_term_inside_another_is_counted_as_nested():
    terms = [term("o3", "o3", "OpenAI o3"), term("o3-mini", "o3-mini", "OpenAI o3-mini"), term("moe", "MoE")]
    assert nesting(terms, SEPARATOR) == {"o3": 1, "o3-mini": 0, "moe": 0}


def test_records_name_terms_questions_and_pages():
    terms = [term("o3", "o3"), term("o3-mini", "o3-mini"), term("mit", "MIT License")]
    found = records(terms, {"why": "Why was it delayed?"}, {"": ["Home", "The story"]}, "glossary/", "faq/",
                    SEPARATOR, glossary_boost=3)
    assert found["glossary/#o3"] == {NAMES_FIELD: "o3", "boost": 3.45}
    assert found["glossary/#o3-mini"] == {NAMES_FIELD: "o3 mini"}
    assert found["glossary/#mit"] == {NAMES_FIELD: "mit license licence"}
    assert found["faq/#why"] == {NAMES_FIELD: "why was it delayed"}
    assert found[""] == {NAMES_FIELD: "home the story"}


def test_apply_declares_the_field_and_sets_the_boost_once():
    index = {"config": {"fields": {"title": {"boost": 1e3}}},
             "docs": [{"location": "glossary/#o3", "title": "o3", "text": "", "boost": 3}, {"location": "x/"}]}
    found = {"glossary/#o3": {NAMES_FIELD: "o3", "boost": 3.45}, "y/": {NAMES_FIELD: "y"}}
    assert apply(index, found) == 1
    assert apply(index, found) == 1  # again, as `postbuild` after the plugin: the same index
    assert index["config"]["fields"][NAMES_FIELD] == {"boost": NAMES_BOOST}
    assert index["docs"][0][NAMES_FIELD] == "o3" and index["docs"][0]["boost"] == 3.45
    assert NAMES_FIELD not in index["docs"][1]
