"""Dated statements (explainer/dated.py): `[As of 2026-11]` renders as visible text in a
<time>, the rules fail broken copies (malformed month, future month, "as of" without a
marker) wherever the text lives, `python -m explainer freshness` lists every statement
oldest first, and the copies readers get elsewhere (search, tooltips, JSON-LD, llms.txt)
carry the words, never the marker."""

from __future__ import annotations

import json
import re
from datetime import date

import markdown
import pytest

from sitebuild import PAGES, ROOT, mkdocs_build
from sitehtml import soup
from explainer import dated
from explainer.__main__ import main
from explainer.records import DataError
from explainer.site import load_content

TODAY = date(2026, 12, 3)
NAV = {src: src for src in PAGES}


def render(text: str, today: date = TODAY) -> str:
    return markdown.markdown(text, extensions=[dated.DatedExtension(today=today.isoformat())])


# --- the marker and its rendering -------------------------------------------------------------------------------

def test_a_marker_renders_as_words_in_a_time_element():
    html = render("OpenAI listed it [as of 2026-11].")
    assert html == '<p>OpenAI listed it <time class="as-of" datetime="2026-11">as of November 2026</time>.</p>'


def test_a_marker_keeps_the_case_of_its_first_word():
    assert '<time class="as-of" datetime="2025-01">As of January 2025</time> this' in render("[As of 2025-01] this")


def test_a_marker_inside_code_is_left_as_code():
    assert "<code>[as of 2026-11]</code>" in render("Write `[as of 2026-11]` to date a statement.")


def test_plain_gives_the_words_without_the_element():
    assert dated.plain("[As of 2026-12] a; b [as of 2026-02].") == "As of December 2026 a; b as of February 2026."


# --- the rules ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Checked [as of 2026-13].", "needs a month written YYYY-MM"),
    ("Checked [as of November 2026].", "needs a month written YYYY-MM"),
    ("Checked [as of 2026-1].", "needs a month written YYYY-MM"),
    ("Checked [As of 26-11].", "needs a month written YYYY-MM"),
    ("Checked [as of 2027-01].", "is in the future (today is 2026-12-03)"),
    ("Checked [as of 2026-12] and [as of 2099-05].", "'[as of 2099-05]' is in the future"),
    ("The model is not on the list as of November 2026.", "the words 'as of' without a date marker"),
    ("As of\nNovember 2026 nothing changed.", "the words 'As of' without a date marker"),
    ("Fine [as of 2026-11], but as of today not.", "the words 'as of' without a date marker"),
])
def test_each_rule_fails_a_broken_text(text, expected):
    found = dated.problems(text, TODAY)
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize("text", [
    "Checked [as of 2026-12].",
    "[As of 2025-07] he led the team.",
    "Write `as of` only in code, or in a block:\n\n```\nas of November 2026\n```\n",
    "Words like gas office or has often are not the phrase.",
    "<!-- as of November 2026, a note to editors -->",
])
def test_correct_text_passes(text):
    assert dated.problems(text, TODAY) == []


def test_the_extension_refuses_a_page_that_breaks_a_rule():
    # What every engine that reads mkdocs.yml's extensions runs (Zensical included).
    with pytest.raises(DataError, match="without a date marker"):
        render("The list had it as of November 2026.")
    with pytest.raises(DataError, match="in the future"):
        render("The list had it [as of 2026-12].", today=date(2026, 11, 30))


def test_problems_name_the_line_in_the_file():
    found = dated.problems("one\ntwo as of 2026\n", TODAY, first_line=5)
    assert found[0].startswith("line 6:"), found


# --- broken copies of the project -------------------------------------------------------------------------------

def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, where", [
    ("data/glossary.yml", "was not, [as of 2026-11].", "was not, as of November 2026.",
     "glossary.yml: entry 'open-source-initiative'"),
    ("data/faq.yml", "could find [as of 2026-11].", "could find [as of 2026-31].", "faq.yml: entry 'anything-open-since'"),
    ("data/glossary.yml", "and [as of 2026-12] its", "and [as of 2030-01] its", "glossary.yml: entry 'gpt-5'"),
    ("data/sources.yml", "A page OpenAI keeps updating, checked",
     "A page OpenAI keeps updating, as of December 2026 checked", "sources.yml: entry 'openai-api-deprecations'"),
    ("docs/safety.md", "[As of 2026-11] this site had found", "As of November 2026 this site had found",
     "docs/safety.md: line"),
    ("docs/timeline.md", "It ends in December 2025; [as of 2026-11]", "It ends in December 2025; [as of 2026-11-29]",
     "docs/timeline.md: line"),
    ("docs/competition.md", "description: ", "description: As of November 2026, ",
     "docs/competition.md, front matter 'description': line 1: the words 'As of'"),
])
def test_the_data_check_fails_a_broken_copy(project_copy, file, old, new, where):
    _replace(project_copy / file, old, new)
    with pytest.raises(DataError) as err:
        load_content(project_copy / "data", pages=NAV, docs_dir=project_copy / "docs", today=TODAY)
    assert where in str(err.value), str(err.value)


def test_the_strict_build_fails_on_a_future_month(project_copy, tmp_path):
    _replace(project_copy / "docs" / "delay.md", "[as of 2026-11]", "[as of 2099-11]")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/delay.md" in result.stdout + result.stderr and "in the future" in result.stdout + result.stderr


# --- python -m explainer freshness ------------------------------------------------------------------------------

def test_freshness_lists_every_statement_oldest_first(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["freshness"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if re.match(r"^\| \d{4}-\d{2} \|", line)]
    months = [row.split("|")[1].strip() for row in rows]
    assert rows and months == sorted(months)
    assert f"## Dated statements, oldest first ({len(rows)})" in out
    # Page, anchor and the sentence as a reader sees it.
    assert any("`o3-mini.md#o3-mini-facts`" in r and "as of December 2026" in r for r in rows), out
    assert any("`glossary.md#gpt-5`" in r for r in rows) and any("`faq.md#anything-open-since`" in r for r in rows)
    assert "[as of" not in out and "[As of" not in out and "](" not in out


def test_freshness_writes_the_job_summary(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["freshness", "--job-summary"]) == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n## Dated statements, oldest first")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    assert main(["freshness", "--job-summary"]) == 1


def test_freshness_fails_on_a_broken_copy(project_copy, monkeypatch, capsys):
    _replace(project_copy / "docs" / "competition.md", "[As of 2026-11] this site knew", "As of November 2026 this site knew")
    monkeypatch.chdir(project_copy)
    assert main(["freshness"]) == 2
    assert "docs/competition.md" in capsys.readouterr().err


def test_the_weekly_workflow_puts_the_list_in_its_job_summary():
    workflow = (ROOT / ".github" / "workflows" / "linkcheck.yml").read_text()
    assert "bash .ci/run freshness FRESHNESS_ARGS=--job-summary" in workflow
    assert "schedule:" in workflow
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^freshness:.*\n\t\$\(BIN\)/python -m explainer freshness \$\(FRESHNESS_ARGS\)$", makefile, re.M)
    # `make test` runs it before the suite.
    assert re.search(r"^test:.*\n\t\$\(BIN\)/python -m explainer freshness\n", makefile, re.M)


# --- what readers get: visible words in <time>; no marker in any copy --------------------------------------------

def marker_leaks(text: str) -> list[str]:
    return re.findall(r"\[[Aa]s of [^\]]*\]", text)


def test_the_leak_check_can_fail():
    assert marker_leaks('{"text": "listed [as of 2026-11]"}') == ["[as of 2026-11]"]


def test_pages_show_dated_statements_as_time_elements(site_dir):
    times = [t for url in PAGES.values() for t in soup(site_dir, url).select("article time.as-of")]
    assert len(times) >= 10
    for t in times:
        year, month = t["datetime"].split("-")
        assert t.get_text() == f"{t.get_text().split()[0]} of {dated.MONTHS[int(month) - 1]} {year}"
    for url in PAGES.values():
        assert marker_leaks(soup(site_dir, url).select_one("article").get_text()) == [], url


def test_search_index_llms_copies_and_json_ld_carry_words_not_markers(site_dir):
    index = (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert marker_leaks(index) == [] and "as of November 2026" in index
    for name in ("llms.txt", "llms-full.txt", "o3-mini/index.md", "faq/index.md", "glossary/index.md"):
        assert marker_leaks((site_dir / name).read_text(encoding="utf-8")) == [], name
    assert "as of December 2026" in (site_dir / "o3-mini" / "index.md").read_text(encoding="utf-8")
    for url in ("faq/", "glossary/"):
        for block in soup(site_dir, url).select('script[type="application/ld+json"]'):
            assert marker_leaks(block.string) == [], url
    faq_ld = [json.loads(b.string) for b in soup(site_dir, "faq/").select('script[type="application/ld+json"]')]
    answers = [q["acceptedAnswer"]["text"] for d in faq_ld if d.get("@type") == "FAQPage" for q in d["mainEntity"]]
    assert any("could find as of November 2026" in a for a in answers)


def test_tooltips_carry_no_marker(site_dir):
    titles = [a.get("title", "") for url in PAGES.values() for a in soup(site_dir, url).select("[title]")]
    assert titles and all(marker_leaks(t) == [] for t in titles)
