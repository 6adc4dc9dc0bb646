"""The search model of the build-level tests (tests/material_search.py, lunr in Python) ranks as
Material does in Chromium: for a few queries of each kind, the result cards a reader sees
(each page and its visible sections, in order) are the ones the model predicts from the same
search_index.json."""

from __future__ import annotations

import json
from urllib.request import urlopen

import pytest

from browser_helpers import search_result_groups
from material_search import MaterialSearch

CARDS = 5  # compared card by card; Material renders the first ten at once

QUERIES = [
    "Fine-tuning",          # a term inside a longer one ("Malicious fine-tuning")
    "o3",                   # ... and inside "o3-mini"
    "open source",          # a phrase, two words
    "what is MoE",          # a question around an alias
    "reasoning models",     # a plural
    "mxfp4",                # a lower-case alias
    "why delayed",          # an FAQ question, inflected
    "Is gpt-oss open source?",  # an FAQ question as written
]


@pytest.fixture(scope="module")
def model(base_url) -> MaterialSearch:
    with urlopen(base_url + "search/search_index.json") as response:
        return MaterialSearch(json.load(response))


@pytest.mark.parametrize("query", QUERIES)
def test_chromium_shows_the_cards_the_model_predicts(search_page, model, query):
    shown = search_result_groups(search_page, query)
    predicted = [list(card.shown) for card in model.cards(query)]
    assert shown[:CARDS] == predicted[:CARDS]
