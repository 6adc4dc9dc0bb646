"""Corrections from the review of 29 November 2026 that a machine can keep fixed.

Each check reads what readers get (the built pages) or the data, and each is
shown failing on a sentence that repeats the old error.
"""

from __future__ import annotations

import re

import pytest

from sitebuild import PAGES, ROOT
from sitehtml import soup
from explainer.benchmarks import load_benchmarks
from explainer.sources import load_sources

# Wrong statements the review found, as patterns over a page's visible text.
WRONG = {
    # The worst-case fine-tuning targeted biology and cybersecurity; there was no chemistry fine-tune.
    "biology and chemistry fine-tuning": re.compile(r"biology\s*(?:and|/|&)\s*chemistry", re.I),
    # The README says the models were post-trained with MXFP4 quantization, not trained natively in it.
    "trained natively in MXFP4": re.compile(
        r"(?:trained\s+natively|natively\s+trained)\s+in\s+MXFP4|native(?:ly)?\s+MXFP4\s+training", re.I),
    # A role can change: "was ... in July 2025", never "is".
    "present-tense VP of Research": re.compile(
        r"\bis\s+(?:now\s+)?OpenAI['’]s\s+(?:VP|Vice[\s-]President)\s+of\s+Research", re.I),
}


def wrong_statements(text: str) -> list[str]:
    return [name for name, pattern in WRONG.items() if pattern.search(" ".join(text.split()))]


@pytest.mark.parametrize("sentence, name", [
    ("A copy was fine-tuned for biology and chemistry.", "biology and chemistry fine-tuning"),
    ("Tuned for biology/chemistry and cyber.", "biology and chemistry fine-tuning"),
    ("The models were trained natively in MXFP4.", "trained natively in MXFP4"),
    ("Aidan Clark is OpenAI's VP of Research.", "present-tense VP of Research"),
    ("Clark is OpenAI’s Vice President of Research and led the team.", "present-tense VP of Research"),
])
def test_each_pattern_catches_the_old_error(sentence, name):
    assert wrong_statements(sentence) == [name]


@pytest.mark.parametrize("sentence", [
    "Copies were fine-tuned for biology and for cybersecurity.",
    "The models were post-trained with MXFP4 quantization of the MoE weights.",
    "Aidan Clark, who was in July 2025 OpenAI's Vice President of Research, wrote...",
    "It was judged against the Biological and Chemical category.",
])
def test_correct_wording_passes(sentence):
    assert wrong_statements(sentence) == []


@pytest.mark.parametrize("url", PAGES.values(), ids=list(PAGES))
def test_no_page_repeats_a_corrected_error(site_dir, url):
    text = soup(site_dir, url).select_one("article").get_text(" ")
    assert wrong_statements(text) == []


# --- The techstory.in home page is not a source --------------------------------------------------------------------

TECHSTORY_HOME = re.compile(r"^https?://(?:www\.)?techstory\.in/?$", re.I)


def techstory_home_links(pages) -> list[str]:
    return [f"{url or '/'}: {a['href']}" for url, page in pages.items()
            for a in page.select("a[href]") if TECHSTORY_HOME.match(a["href"])]


def test_no_link_to_the_techstory_home_page(site_dir):
    assert techstory_home_links({u: soup(site_dir, u) for u in PAGES.values()}) == []
    assert not [s.id for s in load_sources(ROOT / "data" / "sources.yml").values() if TECHSTORY_HOME.match(s.url)]


def test_techstory_check_can_fail(site_dir):
    page = soup(site_dir, "about/")
    link = page.new_tag("a", href="https://techstory.in/")
    page.select_one("article").append(link)
    assert techstory_home_links({"about/": page}) == ["about/: https://techstory.in/"]


# --- DeepSeek-R1's context length is in its README: 128K ------------------------------------------------------------

def table_cell(page, column: str, row: str) -> str | None:
    """The text of a cell in the first table with that column heading and row label."""
    for table in page.select("article table"):
        heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        if column not in heads:
            continue
        for tr in table.select("tbody tr"):
            cells = [td.get_text(" ", strip=True) for td in tr.find_all(["td", "th"])]
            if cells and cells[0] == row:
                return cells[heads.index(column)]
    return None


def test_competition_table_shows_deepseek_r1_context_as_128k(site_dir):
    cell = table_cell(soup(site_dir, "competition/"), "DeepSeek-R1", "Context window")
    assert cell is not None and "128K" in cell, cell


def test_table_cell_reader_can_fail(site_dir):
    page = soup(site_dir, "competition/")
    assert table_cell(page, "DeepSeek-R1", "No such row") is None
    assert table_cell(page, "No such model", "Context window") is None


# --- The o3-mini page shows the model card's numbers as a chart and a table ---------------------------------------

BENCHMARKS = load_benchmarks(ROOT / "data" / "benchmarks.yml")


def benchmark_problems(page) -> list[str]:
    problems = []
    chart = page.select_one("article figure svg[role=img]")
    if chart is None:
        return ["no chart"]
    if chart.find("title") is None or chart.find("desc") is None:
        problems.append("chart has no title/desc")
    if chart.find(attrs={"style": True}) or chart.get("style"):
        problems.append("chart uses style attributes")
    if any(el.get("href") or el.get("xlink:href") for el in chart.find_all(True)):
        problems.append("chart refers to something outside itself")
    bars = chart.select("rect.bench-bar")
    expected_bars = sum(len(b.scores) for b in BENCHMARKS.benchmarks)
    if len(bars) != expected_bars:
        problems.append(f"{len(bars)} bars, expected {expected_bars}")
    for b in BENCHMARKS.benchmarks:
        for m in BENCHMARKS.models:
            value = b.score(m.id)
            cell = table_cell(page, m.name, b.name)
            want = f"{value:.1f}" if value is not None else "not reported"
            if cell != want:
                problems.append(f"table {b.name} / {m.name}: {cell!r}, expected {want!r}")
    return problems


def test_o3_mini_page_has_the_benchmark_chart_and_table(site_dir):
    assert benchmark_problems(soup(site_dir, "o3-mini/")) == []


def test_benchmark_check_can_fail(site_dir):
    page = soup(site_dir, "o3-mini/")
    page.select_one("article svg rect.bench-bar").decompose()
    first = BENCHMARKS.benchmarks[0]
    row = next(tr for tr in page.select("article table tbody tr")
               if tr.find("td").get_text(strip=True) == first.name)
    row.find_all("td")[1].string = "99.9"
    problems = benchmark_problems(page)
    assert any("bars, expected" in p for p in problems)
    assert any(p.startswith(f"table {first.name} / ") for p in problems)
    page = soup(site_dir, "o3-mini/")
    page.select_one("article figure svg[role=img]").decompose()
    assert benchmark_problems(page) == ["no chart"]
