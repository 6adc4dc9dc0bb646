"""Fixes from the review of 3 December 2026 that a machine can keep fixed.

Each check reads what readers get (the built pages) or the data every page is made
from, and each is shown failing on a copy that repeats the old error.
"""

from __future__ import annotations

import re

import pytest

from sitebuild import PAGES, ROOT
from sitehtml import soup
from explainer.faq import load_faq
from explainer.glossary import load_glossary
from explainer.sources import citations, load_sources

DATA = ROOT / "data"
SOURCES = load_sources(DATA / "sources.yml")
TERMS = load_glossary(DATA / "glossary.yml")
ANSWERS = {q.id: q.answer for s in load_faq(DATA / "faq.yml", {t.id: t.term for t in TERMS},
                                            {src: src for src in PAGES}) for q in s.questions}
DEFINITIONS = {t.id: t.definition for t in TERMS}
TERM_SOURCES = {t.id: set(t.source) | set(citations(t.definition)) for t in TERMS}


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()))


def article_text(site_dir, url: str) -> str:
    return " ".join(soup(site_dir, url).select_one("article").get_text(" ").split())


# --- Wrong statements, as patterns over what readers see ---------------------------------------------------------

WRONG = {
    # OpenAI fine-tuned a separate copy for each domain, not one copy for both.
    "one copy for biology and cybersecurity": re.compile(
        r"\ba\s+(?:[\w-]+\s+){0,3}?(?:copy|version)\b[^.;]{0,80}?\bbiology\b[^.;]{0,20}?\bcyber", re.I),
    # No cited source says developers thought the model had been "outclassed".
    "outclassed": re.compile(r"\boutclassed\b", re.I),
    # By November 2026 GPT-5 was itself deprecated in the API.
    "GPT-5 as the current flagship": re.compile(r"flagship\s+line\s+has\s+since\s+moved\s+to\s+GPT-5", re.I),
    # The study supports "generally below o3", not below it on every test it ran.
    "below o3 on every test": re.compile(r"stayed\s+below\s+o3\s+on\s+the\s+risk\s+tests", re.I),
    # It was an on-the-record briefing for several reporters, not an interview.
    "the CNBC interview": re.compile(r"CNBC\s+interview|interview\s+with\s+CNBC", re.I),
    # The 14 business days limited which recommendations counted, not METR's own work.
    "METR's work limited to 14 days": re.compile(r"METR's\s+scope\s+was\s+limited\s+to\s+14\s+business\s+days", re.I),
}


def wrong_statements(text: str) -> list[str]:
    return [name for name, pattern in WRONG.items() if pattern.search(" ".join(text.split()))]


@pytest.mark.parametrize("sentence, name", [
    ("OpenAI then fine-tuned a copy to be as capable as possible in biology and in cybersecurity.",
     "one copy for biology and cybersecurity"),
    ("A copy fine-tuned for biology and for cybersecurity also stayed below High.",
     "one copy for biology and cybersecurity"),
    ("a maliciously fine-tuned version, trained for biology and for cybersecurity, stayed below",
     "one copy for biology and cybersecurity"),
    ("Some developers read the delay as a sign the model had been outclassed.", "outclassed"),
    ("OpenAI's flagship line has since moved to GPT-5.", "GPT-5 as the current flagship"),
    ("gpt-oss-120b stayed below o3 on the risk tests it ran", "below o3 on every test"),
    ("Mint, reporting the CNBC interview", "the CNBC interview"),
    ("the statement that METR's scope was limited to 14 business days of work", "METR's work limited to 14 days"),
])
def test_each_pattern_catches_the_old_error(sentence, name):
    assert wrong_statements(sentence) == [name]


@pytest.mark.parametrize("sentence", [
    "OpenAI fine-tuned two separate copies, one for biology and one for cybersecurity.",
    "A copy deliberately fine-tuned for harm was tested.",
    "gpt-oss-120b generally performed below o3.",
    "Altman told reporters at a briefing, CNBC among them.",
])
def test_correct_wording_passes(sentence):
    assert wrong_statements(sentence) == []


@pytest.mark.parametrize("url", [u for u in PAGES.values() if u != "about/"], ids=[s for s in PAGES if s != "about.md"])
def test_no_page_repeats_an_error_the_review_found(site_dir, url):
    # About quotes the old wording in its corrections log, on purpose.
    assert wrong_statements(article_text(site_dir, url)) == []


# --- gpt-oss-safeguard's licence is named with its usage policy wherever it appears --------------------------------

def licence_without_policy(text: str) -> list[str]:
    return [s for s in sentences(text)
            if "gpt-oss-safeguard" in s and "Apache 2.0" in s and "usage policy" not in s]


def test_gpt_oss_safeguard_licence_comes_with_its_usage_policy(site_dir):
    # Pages as readers see them; the glossary and FAQ through the data they are made from
    # (on the built glossary, an entry's "Related" and "Sources" lines run into the next entry).
    generated = {"glossary/", "faq/", "sources/", "about/"}
    texts = [article_text(site_dir, url) for url in PAGES.values() if url not in generated]
    texts += list(DEFINITIONS.values()) + list(ANSWERS.values())
    assert [s for t in texts for s in licence_without_policy(t)] == []
    assert SOURCES["gpt-oss-safeguard-usage-policy"].kind == "primary"


def test_the_licence_check_can_fail():
    assert licence_without_policy("OpenAI released gpt-oss-safeguard under Apache 2.0 on 29 October 2025.")


# --- Who is cited for what -------------------------------------------------------------------------------------------

def citers(ids: set[str]) -> list[str]:
    """Glossary entries and FAQ answers that cite any of `ids`."""
    found = [f"glossary:{t}" for t, cited in TERM_SOURCES.items() if cited & ids]
    return found + [f"faq:{q}" for q, answer in ANSWERS.items() if set(citations(answer)) & ids]


def page_citations(src: str) -> set[str]:
    return set(citations((ROOT / "docs" / src).read_text(encoding="utf-8")))


PRIMARY_CIRCUIT_SPARSITY = {"openai-sparse-circuits", "circuit-sparsity-paper"}


def circuit_sparsity_problems(texts: dict[str, str]) -> list[str]:
    """Every text that tells of circuit-sparsity must cite OpenAI's post or paper, and none may
    cite the reworded copy of a report for it."""
    problems = []
    for where, text in texts.items():
        cited = set(citations(text))
        if "circuit-sparsity" in text and not cited & PRIMARY_CIRCUIT_SPARSITY:
            problems.append(f"{where}: tells of circuit-sparsity without OpenAI's post or paper")
        if "alltopicstoday-circuit-sparsity" in cited:
            problems.append(f"{where}: cites the reworded copy")
    return problems


def test_circuit_sparsity_is_cited_to_openai_not_to_a_rewritten_report():
    texts = {f"docs/{src}": (ROOT / "docs" / src).read_text(encoding="utf-8")
             for src in PAGES if src not in ("about.md", "glossary.md", "faq.md", "sources.md")}
    texts |= {f"glossary:{k}": v for k, v in DEFINITIONS.items()} | {f"faq:{k}": v for k, v in ANSWERS.items()}
    assert circuit_sparsity_problems(texts) == []
    # The reworded copy is only named where the corrections log says what it replaced.
    assert [src for src in PAGES if "alltopicstoday-circuit-sparsity" in page_citations(src)] == ["about.md"]


def test_the_circuit_sparsity_check_can_fail():
    assert circuit_sparsity_problems({"x": "In December 2025 it published circuit-sparsity "
                                           "([report](source:alltopicstoday-circuit-sparsity))."}) == [
        "x: tells of circuit-sparsity without OpenAI's post or paper", "x: cites the reworded copy"]


CARD = {"gpt-oss-model-card", "gpt-oss-model-card-arxiv"}


def cutoff_problems(texts: dict[str, str]) -> list[str]:
    """A sentence giving gpt-oss's knowledge cutoff (June 2024) cites the model card."""
    return [f"{where}: {s[:60]}" for where, text in texts.items() for s in sentences(text)
            if re.search(r"June 2024|2024-06", s) and re.search(r"knowledge|cutoff", s, re.I)
            and not set(citations(s)) & CARD]


def test_the_knowledge_cutoff_is_cited_to_the_model_card():
    texts = {f"glossary:{k}": v for k, v in DEFINITIONS.items()} | {f"faq:{k}": v for k, v in ANSWERS.items()}
    assert cutoff_problems(texts) == []
    assert CARD & TERM_SOURCES["knowledge-cutoff"]


def test_the_cutoff_check_can_fail():
    assert cutoff_problems({"x": "Their knowledge stops in June 2024 ([harmony guide](source:openai-harmony-guide))."})


def first_since_gpt2_problems(texts: dict[str, str]) -> list[str]:
    """"First open-weight language models since GPT-2" is the launch post's own claim: cite it."""
    return [f"{where}: {s[:60]}" for where, text in texts.items() for s in sentences(text)
            if re.search(r"first\s+open-weight\s+language\s+models?\s+since\s+GPT", s, re.I)
            and "openai-introducing-gpt-oss" not in citations(s)]


def test_first_since_gpt2_is_cited_to_the_launch_post():
    texts = {"glossary:gpt-oss": DEFINITIONS["gpt-oss"], "faq:was-it-released": ANSWERS["was-it-released"]}
    assert first_since_gpt2_problems(texts) == []


def test_the_first_since_gpt2_check_can_fail():
    assert first_since_gpt2_problems({"x": "They were OpenAI's first open-weight language models since GPT-2 "
                                           "([TechCrunch](source:techcrunch-2025-08-05))."})


def test_altmans_remark_cites_cnbc_and_metr_is_primary():
    assert "cnbc-2025-08-18" in page_citations("competition.md")
    assert SOURCES["cnbc-2025-08-18"].kind == "report"
    assert SOURCES["metr-gpt-oss-review"].kind == "primary"


def test_o3_mini_status_cites_the_deprecations_page(site_dir):
    text = article_text(site_dir, "o3-mini/")
    assert "23 October 2026" in text and "11 December 2026" in text
    assert "openai-api-deprecations" in page_citations("o3-mini.md")
    assert SOURCES["openai-api-deprecations"].kind == "primary"
    assert "no primary source for o3-mini" not in text
