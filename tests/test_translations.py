"""Translations stay tied to the English they translate.

(a) The stale-translation check: when an English glossary entry, FAQ answer, source note,
    page or data/benchmarks.yml changes, loading the Chinese edition fails with a message
    naming the file and the entry, until `python -m explainer translations --stamp` records
    that the translation matches the English again.
(b) Every number and every date of an English text appears in its translation: dates compared
    as dates whatever their form (5 August 2025 == 2025 年 8 月 5 日), large numbers by value
    (117 billion == 1,170 億; $20 million == 2,000 萬美元).
"""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from sitebuild import PAGES, ROOT, mkdocs_build
from explainer.editions import ZH_TW
from explainer.faq import load_faq
from explainer.glossary import load_glossary
from explainer.records import DataError, split_front_matter
from explainer.site import hand_written, load_content
from explainer.siteconfig import load_site_config
from explainer.sources import load_sources
from explainer.translations import load_faq_translation, load_source_notes, load_terms


# --- (a) the stale-translation check ----------------------------------------------------

def load_chinese(project: Path):
    config = load_site_config(project / "mkdocs.yml")
    return load_content(config.data_dir, pages=config.edition_titles(ZH_TW), docs_dir=config.docs_dir,
                        edition=ZH_TW)


def stamp(project: Path, *items: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explainer", "translations", "--stamp", "zh-TW", *items],
                          cwd=project, capture_output=True, text=True, timeout=120)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# What changes in the English -> (the translation file the message names, the entry, the stamp item).
STALE_CASES = {
    "glossary entry": ("data/zh-TW/glossary.yml", "fine-tuning", "glossary:fine-tuning"),
    "faq answer": ("data/zh-TW/faq.yml", "why-delayed", "faq:why-delayed"),
    "source note": ("data/zh-TW/sources.yml", "metr-gpt-oss-review", "source:metr-gpt-oss-review"),
    "page": ("docs/delay.zh-TW.md", "delay.md", "page:delay.md"),
    "benchmarks": ("data/zh-TW/benchmarks.yml", None, "benchmarks:all"),
}


def _append_to_field(path: Path, entry_id: str, field: str, words: str, block: bool = False) -> None:
    """Words added at the end of the first line of an entry's field (of a `|` block's first line)."""
    text = path.read_text(encoding="utf-8")
    at = text.index(f"{field}:", text.index(f"- id: {entry_id}\n"))
    line_end = text.index("\n", text.index("\n", at) + 1) if block else text.index("\n", at)
    path.write_text(text[:line_end] + words + text[line_end:], encoding="utf-8")


def change_english(project: Path, case: str) -> None:
    """One real change of wording in the English, as an editor would make it."""
    if case == "glossary entry":
        _append_to_field(project / "data" / "glossary.yml", "fine-tuning", "definition", " It is cheap.", block=True)
    elif case == "faq answer":
        _append_to_field(project / "data" / "faq.yml", "why-delayed", "answer", " He gave no date.", block=True)
    elif case == "source note":
        _append_to_field(project / "data" / "sources.yml", "metr-gpt-oss-review", "note", " Checked again.")
    elif case == "page":
        page = project / "docs" / "delay.md"
        meta, body = split_front_matter("docs/delay.md", page.read_text(encoding="utf-8"))
        paragraph = next(p for p in body.split("\n\n") if p and p[0].isalpha())
        edit(page, paragraph, paragraph + " This sentence is new.")
    elif case == "benchmarks":
        edit(project / "data" / "benchmarks.yml", "setting: ", "setting: Checked again. ")


@pytest.mark.parametrize("case", list(STALE_CASES))
def test_a_changed_english_text_fails_until_the_translation_is_stamped(project_copy, case):
    translation, entry, item = STALE_CASES[case]
    load_chinese(project_copy)  # the copy loads as it is
    change_english(project_copy, case)
    with pytest.raises(DataError) as failure:
        load_chinese(project_copy)
    message = str(failure.value)
    assert translation in message, message
    if entry:
        assert entry in message, message
    assert f"python -m explainer translations --stamp zh-TW {item}" in message, message
    done = stamp(project_copy, item)
    assert done.returncode == 0, done.stderr
    load_chinese(project_copy)  # passes again


def test_generate_check_names_the_stale_translation(project_copy):
    change_english(project_copy, "faq answer")
    result = subprocess.run([sys.executable, "-m", "explainer", "generate", "--check"], cwd=project_copy,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "data/zh-TW/faq.yml" in result.stderr and "why-delayed" in result.stderr, result.stderr


def test_the_strict_build_shows_the_stale_translation(project_copy, tmp_path, capsys):
    change_english(project_copy, "glossary entry")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    lines = [l for l in result.stderr.splitlines() if "fine-tuning" in l]
    with capsys.disabled():
        print("\nWhat `mkdocs build --strict` says:\n" + "\n".join(lines))
    assert any("data/zh-TW/glossary.yml" in l and "translates an older English version" in l for l in lines), \
        result.stderr[-3000:]
    assert not (tmp_path / "site" / "zh-TW" / "glossary" / "index.html").exists()


# --- (b) every number and date of the English in its translation -------------------------

MONTHS = {m: i for i, m in enumerate(("january february march april may june july august september "
                                      "october november december").split(), start=1)}
# Full names and the abbreviations tables use ("5 Aug 2025", "Sept").
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())} | {"sept": 9})
MONTH = "(" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
EN_SCALE = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
ZH_SCALE = {"千": 3, "萬": 4, "億": 8, "兆": 12}
# What is not a number or date of the text: link targets (source ids hold dates:
# source:altman-x-2025-07-11), code spans, heading ids, HTML comments.
NOT_TEXT = re.compile(r"\]\([^)]*\)|`[^`]*`|\{[^}]*#[^}]*\}|<!--.*?-->", re.S)


def _value(number: str, power: int = 0) -> Decimal:
    return Decimal(number.replace(",", "")).scaleb(power).normalize()


def _as_list(found) -> list:
    return found if isinstance(found, list) else [found]


def english_dates_and_numbers(text: str) -> tuple[set, set]:
    """(dates as (year, month, day) with None for what is not given, numbers by value)."""
    text = NOT_TEXT.sub(" ", text)
    dates: set = set()
    patterns = [
        # a span of days: "13 and 17 November 2025", "28–29 May"
        (rf"\b(\d{{1,2}})(?:–|-| to | and )(\d{{1,2}}) {MONTH}(?:,? (\d{{4}}))?\b",
         lambda m: [(int(m[4]) if m[4] else None, MONTHS[m[3].lower()], int(m[i])) for i in (1, 2)]),
        (rf"\b(\d{{1,2}}) {MONTH},? (\d{{4}})\b", lambda m: (int(m[3]), MONTHS[m[2].lower()], int(m[1]))),
        (rf"\b{MONTH} (\d{{1,2}}),? (\d{{4}})\b", lambda m: (int(m[3]), MONTHS[m[1].lower()], int(m[2]))),
        (rf"\b{MONTH},? (\d{{4}})\b", lambda m: (int(m[2]), MONTHS[m[1].lower()], None)),
        (rf"\b(\d{{1,2}}) {MONTH}\b", lambda m: (None, MONTHS[m[2].lower()], int(m[1]))),
        (rf"\b{MONTH} (\d{{1,2}})\b(?!,? ?\d)", lambda m: (None, MONTHS[m[1].lower()], int(m[2]))),
        (r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", lambda m: (int(m[1]), int(m[2]), int(m[3]) if m[3] else None)),
    ]
    for pattern, date_of in patterns:
        for match in re.finditer(pattern, text):
            dates.update(_as_list(date_of(match)))
        text = re.sub(pattern, " ", text)
    numbers = set()
    scale = "|".join(EN_SCALE)
    for match in re.finditer(rf"(?<![\w.])\$?({NUMBER})(?:[ -]({scale})\b)?", text):
        numbers.add(_value(match[1], EN_SCALE.get(match[2] or "", 0)))
    return dates, numbers


def chinese_dates_and_numbers(text: str) -> tuple[set, set]:
    text = NOT_TEXT.sub(" ", text)
    dates: set = set()
    years: set = set()
    link = r" ?[\u4e00-\u9fff]{0,3}(?:到|至|與|和|、|–|—|-|~) ?"
    patterns = [
        # spans that give the year (and month) once: "2025 年 10 月 30 日延續到 11 月 22 日",
        # "2025 年 11 月 13 日與 17 日", "5 月 28–29 日"
        (rf"(\d{{4}}) ?年 ?(\d{{1,2}}) ?月 ?(\d{{1,2}}) ?日{link}(\d{{1,2}}) ?月 ?(\d{{1,2}}) ?日",
         lambda m: [(int(m[1]), int(m[2]), int(m[3])), (int(m[1]), int(m[4]), int(m[5]))]),
        (rf"(\d{{4}}) ?年 ?(\d{{1,2}}) ?月 ?(\d{{1,2}}) ?日{link}(\d{{1,2}}) ?日",
         lambda m: [(int(m[1]), int(m[2]), int(m[3])), (int(m[1]), int(m[2]), int(m[4]))]),
        (r"(?:(\d{4}) ?年 ?)?(\d{1,2}) ?月 ?(\d{1,2}) ?[–—-] ?(\d{1,2}) ?日",
         lambda m: [(int(m[1]) if m[1] else None, int(m[2]), int(m[i])) for i in (3, 4)]),
        (r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (r"(\d{4}) ?年 ?(\d{1,2}) ?月", lambda m: (int(m[1]), int(m[2]), None)),
        (r"(?<![\d,.])(\d{1,2}) ?月 ?(\d{1,2}) ?日", lambda m: (None, int(m[1]), int(m[2]))),
        (r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", lambda m: (int(m[1]), int(m[2]), int(m[3]) if m[3] else None)),
    ]
    for pattern, date_of in patterns:
        for match in re.finditer(pattern, text):
            for date in _as_list(date_of(match)):
                dates.add(date)
                if date[0]:
                    years.add(Decimal(date[0]))
        text = re.sub(pattern, " ", text)
    numbers = set(years)  # "2025 年 8 月" says 2025 too
    scale = "|".join(ZH_SCALE)
    for match in re.finditer(rf"(?<![\w.])({NUMBER}) ?((?:{scale})+)?", text):
        power = sum(ZH_SCALE[c] for c in (match[2] or ""))
        numbers.add(_value(match[1], power))
    return dates, numbers


def _date_text(date: tuple) -> str:
    return "-".join("?" if part is None else str(part) for part in date)


def missing_numbers_and_dates(english: str, translation: str) -> list[str]:
    """Each number or date of `english` that `translation` does not give, as a reader would
    read it ("date 2025-8-5", "number 117000000000"). A date without a year in the English
    matches the same month and day with any year; the translation may say more."""
    en_dates, en_numbers = english_dates_and_numbers(english)
    zh_dates, zh_numbers = chinese_dates_and_numbers(translation)
    missing = []
    for date in sorted(en_dates, key=_date_text):
        if date in zh_dates:
            continue
        if date[0] is None and any(d[1:] == date[1:] for d in zh_dates):
            continue
        missing.append(f"date {_date_text(date)}")
    missing += [f"number {n:f}" for n in sorted(en_numbers) if n not in zh_numbers]
    return missing


def test_the_checker_reads_dates_and_large_numbers_as_values():
    assert missing_numbers_and_dates("shipped on 5 August 2025", "於 2025 年 8 月 5 日釋出") == []
    assert missing_numbers_and_dates("in August 2025", "2025 年 8 月") == []
    assert missing_numbers_and_dates("on August 5, 2025", "2025 年 8 月 5 日") == []
    assert missing_numbers_and_dates("[As of 2026-11] none", "[As of 2026-11] 沒有") == []
    assert missing_numbers_and_dates("117 billion weights", "1,170 億個權重") == []
    assert missing_numbers_and_dates("$20 million", "2,000 萬美元") == []
    assert missing_numbers_and_dates("475 million", "4.75 億") == []
    assert missing_numbers_and_dates("the 0.4-billion-parameter model", "4 億參數的模型") == []
    assert missing_numbers_and_dates("two delays", "兩次延後") == []  # words stay words
    assert missing_numbers_and_dates("| 5 Aug 2025 |", "| 2025 年 8 月 5 日 |") == []
    assert missing_numbers_and_dates("13 and 17 November 2025", "2025 年 11 月 13 日與 17 日") == []
    assert missing_numbers_and_dates("from 30 October to 22 November 2025",
                                     "從 2025 年 10 月 30 日延續到 11 月 22 日") == []
    assert missing_numbers_and_dates('"28–29 May"', "「5 月 28–29 日」") == []
    assert missing_numbers_and_dates("[post](source:altman-x-2025-07-11)", "[貼文](source:altman-x-2025-07-11)") == []


def test_the_checker_fails_when_a_date_or_number_is_dropped():
    assert missing_numbers_and_dates("shipped on 5 August 2025", "於 2025 年 8 月釋出") == ["date 2025-8-5"]
    assert missing_numbers_and_dates("in August 2025", "2025 年") == ["date 2025-8-?"]
    assert missing_numbers_and_dates("117 billion weights", "117 個權重") == ["number 117000000000"]
    assert missing_numbers_and_dates("scored 96.6%", "分數很高") == ["number 96.6"]
    assert missing_numbers_and_dates("13 and 17 November 2025", "2025 年 11 月 13 日") == ["date 2025-11-17"]
    # A real translation with its date removed fails.
    english = {q.id: q for s in english_faq() for q in s.questions}["why-delayed"]
    chinese = {q.id: q for s in chinese_faq() for q in s.questions}["why-delayed"]
    assert missing_numbers_and_dates(english.answer, chinese.answer) == []
    dropped = chinese.answer.replace("2025 年 8 月 5 日", "同年夏天")
    assert missing_numbers_and_dates(english.answer, dropped) == ["date 2025-8-5"]


PAGE_NAMES = {p: p for p in PAGES}


def english_faq():
    terms = load_glossary(ROOT / "data" / "glossary.yml")
    return load_faq(ROOT / "data" / "faq.yml", {t.id: t.term for t in terms}, PAGE_NAMES)


def chinese_faq():
    terms = load_terms(ROOT / "data" / "glossary.yml", ZH_TW.locale)
    return load_faq_translation(ROOT / "data" / "zh-TW" / "faq.yml", english_faq(), ZH_TW, terms, PAGE_NAMES)


def text_pairs() -> dict[str, tuple[str, str]]:
    """Every translated text with its English: "data/zh-TW/glossary.yml: fine-tuning" -> (en, zh)."""
    pairs = {}
    english_terms = {t.id: t for t in load_glossary(ROOT / "data" / "glossary.yml")}
    for t in load_terms(ROOT / "data" / "glossary.yml", ZH_TW.locale):
        e = english_terms[t.id]
        pairs[f"data/zh-TW/glossary.yml: {t.id}"] = ("\n".join([e.term, e.short, e.definition]),
                                                     "\n".join([t.term, t.short, t.definition]))
    english_questions = {q.id: q for s in english_faq() for q in s.questions}
    for s in chinese_faq():
        for q in s.questions:
            e = english_questions[q.id]
            pairs[f"data/zh-TW/faq.yml: {q.id}"] = (f"{e.question}\n{e.answer}", f"{q.question}\n{q.answer}")
    english_sources = load_sources(ROOT / "data" / "sources.yml")
    chinese_sources = load_source_notes(ROOT / "data" / "zh-TW" / "sources.yml", english_sources, ZH_TW)
    for source_id, source in english_sources.items():
        if source.note:
            pairs[f"data/zh-TW/sources.yml: {source_id}"] = (source.note, chinese_sources[source_id].note)
    for src in PAGES:
        own = src.replace(".md", ".zh-TW.md")
        texts = []
        for name in (src, own):
            meta, body = split_front_matter(name, (ROOT / "docs" / name).read_text(encoding="utf-8"))
            texts.append("\n".join([str(meta.get("title", "")), str(meta.get("description", "")),
                                    hand_written(body, name)]))
        pairs[f"docs/{own}"] = (texts[0], texts[1])
    return pairs


PAIRS = text_pairs()


def test_every_text_is_checked():
    assert sum(k.startswith("data/zh-TW/glossary.yml") for k in PAIRS) == len(load_glossary(ROOT / "data" / "glossary.yml"))
    assert sum(k.startswith("docs/") for k in PAIRS) == len(PAGES)


@pytest.mark.parametrize("where", list(PAIRS))
def test_every_number_and_date_of_the_english_is_in_the_translation(where):
    english, chinese = PAIRS[where]
    assert missing_numbers_and_dates(english, chinese) == [], where
