"""Dated statements: a claim about how things stand, with the month it was checked.

In pages, glossary definitions, FAQ answers and source notes a statement that can go
stale carries an inline marker with the month it was last checked:

    [As of 2026-11] this site knows of no later general-purpose model ...
    ... the deprecations page listed it [as of 2026-12].

The marker's first word keeps its case ("As of" opens a sentence). It renders as
visible text in a <time> element: `<time class="as-of" datetime="2026-11">As of
November 2026</time>`. Copies read outside the site (llms.txt, JSON-LD) get the same
words without the element (`plain()`).

Rules, checked when the data is loaded, when a page is rendered (the extension below,
so every engine that reads mkdocs.yml's extensions enforces them) and by
`python -m explainer freshness`:
- the month is YYYY-MM, a real month;
- it is not in the future;
- the words "as of" never appear outside a marker (outside code), so a statement
  about the present cannot be dated by hand and then forgotten.

A regular Python-Markdown extension, configured in mkdocs.yml:

    markdown_extensions:
      - explainer.dated
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from .editions import ENGLISH
from .records import DataError

# Anything in brackets that starts with "as of" is meant as a marker; its date is checked.
MARKER = re.compile(r"\[([Aa]s of)[ \t]+([^\]\n]*)\]")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
BARE = re.compile(r"\b[Aa]s\s+of\b")
CODE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
HEADING_ID = re.compile(r"^#{1,6}[ \t].*?\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}[ \t]*$")
MONTHS = ENGLISH.months  # the names of the months: explainer/editions.py
CSS_CLASS = "as-of"


def month_problem(raw: str, today: date) -> str | None:
    """What is wrong with a marker's month (None when it is a real month, not in the future)."""
    m = MONTH.match(raw.strip())
    if not m:
        return f"dated statement '[as of {raw}]' needs a month written YYYY-MM, e.g. [as of 2026-11]"
    if (int(m.group(1)), int(m.group(2))) > (today.year, today.month):
        return (f"dated statement '[as of {raw}]' is in the future "
                f"(today is {today.isoformat()}): give the month it was checked")
    return None


def words(opening: str, month: str) -> str:
    """The marker as a reader sees it: 'As of November 2026'."""
    return ENGLISH.dated(opening, month)


def _outside_code(markdown: str) -> str:
    """The text the rules apply to: code blocks, code spans and comments blanked out."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731 (keeps offsets and lines)
    return CODE_SPAN.sub(blank, CODE_FENCE.sub(blank, COMMENT.sub(blank, markdown)))


def problems(markdown: str, today: date | None = None, first_line: int = 1) -> list[str]:
    """Every broken rule in `markdown` (empty when there is none), with its line number
    (counted from `first_line`, the line the text starts on in its file)."""
    today = today or date.today()
    text = _outside_code(markdown)
    found: list[str] = []
    for m in MARKER.finditer(text):
        problem = month_problem(m.group(2), today)
        if problem:
            found.append(f"line {_line(text, m.start()) + first_line - 1}: {problem}")
    rest = MARKER.sub(lambda m: " " * len(m.group(0)), text)
    for m in BARE.finditer(rest):
        around = " ".join(markdown[max(0, m.start() - 40):m.end() + 40].split())
        found.append(f"line {_line(text, m.start()) + first_line - 1}: the words '{m.group(0)}' without "
                     f"a date marker ('…{around}…'): write [as of YYYY-MM] with the month it was "
                     "checked, or state it as a dated past fact")
    return found


def check(markdown: str, where: str, entry: str | None = None, today: date | None = None,
          first_line: int = 1) -> None:
    """Raise a DataError naming the file and entry for the first broken rule."""
    found = problems(markdown, today, first_line)
    if found:
        raise DataError(where, entry, found[0])


def plain(markdown: str, strings=None) -> str:
    """Markers replaced by their words, for copies outside the site (llms.txt, JSON-LD)."""
    def replace(m: re.Match) -> str:
        if not MONTH.match(m.group(2).strip()):
            return m.group(0)
        return strings.dated(m.group(1), m.group(2)) if strings is not None else words(m.group(1), m.group(2))
    return MARKER.sub(replace, markdown)


@dataclass(frozen=True)
class Statement:
    month: str      # "2026-11"
    page: str       # docs path, "o3-mini.md"
    anchor: str     # the id of the section it sits in ("" before the first one)
    line: int
    text: str       # the sentence, as a reader sees it (links reduced to their text)


LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
TAG = re.compile(r"<[^>]+>")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _readable(line: str, opening: str) -> str:
    """The line as prose: the marker in words, no Markdown syntax around it."""
    text = plain(line.strip())
    if text.startswith("|"):  # a table row: the cell that holds the statement
        text = next((c for c in text.strip("|").split("|") if opening in c), text)
    text = re.sub(r"^(?:[!?]{3}\+?\s+\S+\s*|>\s*|[-*+]\s+|\d+\.\s+)", "", text.strip())
    text = EMPHASIS.sub(r"\2", LINK.sub(r"\1", TAG.sub("", text)))
    return re.sub(r"\s+", " ", text).strip().strip('"')


def statements(markdown: str, page: str) -> list[Statement]:
    """Every dated statement of a page's Markdown, in page order, with its section's id.
    A paragraph wrapped over several lines (as in the generated glossary and FAQ) is read
    as one; a table row or list item as itself."""
    text = _outside_code(markdown)
    out: list[Statement] = []
    anchor = ""
    block: list[tuple[int, str]] = []  # (line number, original line) of the current paragraph

    def flush() -> None:
        if not block:
            return
        joined = " ".join(line.strip() for _, line in block)
        for m in MARKER.finditer(joined):
            if not MONTH.match(m.group(2).strip()):
                continue
            opening = words(m.group(1), m.group(2))
            readable = _readable(joined if not joined.startswith("|") else _row(block, m.group(0)), opening)
            sentence = next((s for s in SENTENCE_END.split(readable) if opening in s), readable)
            number = next((n for n, line in block if m.group(0) in line), block[0][0])
            out.append(Statement(m.group(2).strip(), page, anchor, number, _shorten(sentence, 240)))
        block.clear()

    for number, (blanked, original) in enumerate(zip(text.splitlines(), markdown.splitlines()), start=1):
        heading = HEADING_ID.match(original)
        starts_item = re.match(r"^\s*(?:[-*+]\s|\d+\.\s|\||!!!|\?\?\?)", original)
        if not blanked.strip() or heading or starts_item:
            flush()
        if heading:
            anchor = heading.group(1)
            continue
        if blanked.strip():
            block.append((number, original if MARKER.search(blanked) or not MARKER.search(original) else blanked))
            if starts_item and original.lstrip().startswith(("|", "!!!", "???")):
                flush()  # a table row or an admonition title stands alone
    flush()
    return out


def _row(block: list[tuple[int, str]], marker: str) -> str:
    return next((line for _, line in block if marker in line), block[0][1])


def oldest_first(found: Iterable[Statement]) -> list[Statement]:
    return sorted(found, key=lambda s: (s.month, s.page, s.line))


def report(found: list[Statement], markdown: bool = True) -> str:
    """The list `python -m explainer freshness` prints: a Markdown table, oldest first."""
    rows = oldest_first(found)
    lines = [f"## Dated statements, oldest first ({len(rows)})", ""]
    if not rows:
        return "\n".join(lines + ["None.", ""])
    lines += ["| Checked | Page and anchor | Statement |", "|---|---|---|"]
    for s in rows:
        where = s.page + (f"#{s.anchor}" if s.anchor else "")
        cell = s.text.replace("|", "\\|")
        lines.append(f"| {s.month} | `{where}` | {cell} |")
    return "\n".join(lines) + "\n"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# --- the Markdown extension ---------------------------------------------------------


class DatedCheck(Preprocessor):
    """Refuses a page that breaks the rules (every engine that renders it runs this)."""

    def __init__(self, md: Markdown, ext: "DatedExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        check("\n".join(lines), "the page being rendered", None, self.ext.today())
        return lines


class DatedInline(InlineProcessor):
    """`[As of 2026-11]` -> `<time class="as-of" datetime="2026-11">As of November 2026</time>`
    (in Chinese: 截至 2026 年 11 月)."""

    def __init__(self, pattern: str, md: Markdown, strings=None):
        super().__init__(pattern, md)
        from .editions import ENGLISH
        self.strings = strings or ENGLISH

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 (Python-Markdown's name)
        month = m.group(2).strip()
        if not MONTH.match(month):
            return None, None, None  # the preprocessor has already refused the page
        el = etree.Element("time")
        el.set("class", CSS_CLASS)
        el.set("datetime", month)
        el.text = self.strings.dated(m.group(1), month)
        return el, m.start(0), m.end(0)


class DatedExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"today": ["", "The date the rules count as today (YYYY-MM-DD); empty: the real date"],
                       "language": ["en", "The edition being rendered (explainer/editions.py): its words"]}
        super().__init__(**kwargs)

    def today(self) -> date:
        raw = self.getConfig("today")
        return date.fromisoformat(raw) if raw else date.today()

    def extendMarkdown(self, md: Markdown) -> None:
        # Before raw HTML is stashed (20), on the page's whole Markdown.
        md.preprocessors.register(DatedCheck(md, self), "explainer_dated_check", 26)
        # Before links (160) and reference links (170), after escapes (180) and code (190).
        from .editions import edition
        strings = edition(self.getConfig("language")).strings
        md.inlinePatterns.register(DatedInline(MARKER.pattern, md, strings), "explainer_dated", 175)


def makeExtension(**kwargs) -> DatedExtension:  # noqa: N802 (Python-Markdown's name)
    return DatedExtension(**kwargs)
