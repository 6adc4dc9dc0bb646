"""Page front matter, checked before anything is built.

A generator quietly turns a broken front-matter block into page text and prints a
title wherever its theme likes; here a page's front matter must parse (no duplicate
keys), be a mapping of known keys, and hold plain text where it holds text.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from .records import FRONT_MATTER, DataError, load_yaml, read_text, shorten
from .safe_text import page_body_problem, plain_text_problem

OPENS = re.compile(r"\A-{3}[ \t]*\r?\n")
REQUIRED = ("title", "description")
HIDE = {"navigation", "toc", "footer", "path", "tags", "feedback"}
SEARCH = {"boost", "exclude"}


def read_front_matter(path: Path | str, label: str, templates: set[str]) -> dict[str, Any]:
    """The checked front matter of one page; `label` names it in errors (e.g. docs/delay.md)."""
    text = read_text(path, label)
    match = FRONT_MATTER.match(text)
    if not match:
        if OPENS.match(text):
            raise DataError(label, None, "front matter starts with '---' but is never closed by a '---' line")
        raise DataError(label, None, "needs a front matter block with a title and a description")
    if found := page_body_problem(text):
        line, problem = found
        raise DataError(f"{label}:{line}", None, problem)
    data = load_yaml(label, match.group(1) or "")
    if not isinstance(data, dict):
        raise DataError(label, "front matter", f"must be a mapping of keys, got {type(data).__name__}")
    return check_front_matter(data, label, templates)


def check_front_matter(data: dict[str, Any], label: str, templates: set[str]) -> dict[str, Any]:
    def fail(problem: str) -> DataError:
        return DataError(label, "front matter", problem)

    checks = {"title": _plain, "description": _plain, "search": _search, "published": _past_date,
              "reviewed": _date,  # required on content pages: explainer/site.py
              "hide": _hide, "template": lambda v: _template(v, templates)}
    if TRANSLATION.search(label):
        # A translation's fingerprint of the English it translates (explainer/translations.py).
        checks["translates"] = _fingerprint
    unknown = sorted(set(map(str, data)) - set(checks))
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(checks))}")
    for key in REQUIRED:
        if key not in data:
            raise fail(f"missing '{key}'")
    for key, value in data.items():
        if problem := checks[key](value):
            raise fail(f"'{key}' {problem}")
    return data


TRANSLATION = re.compile(r"\.[a-z]{2}(?:-[A-Za-z]{2,4})*\.md$")


def _fingerprint(value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{12}", value):
        return "must be the 12-hex-digit fingerprint `python -m explainer translations --stamp` writes"
    return None


def _plain(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"must be non-empty text, got {type(value).__name__}"
    # A folded or literal YAML block may hold line breaks (shown as spaces); no other
    # control, format or separator character (str.split would hide U+2028 and U+0085).
    return plain_text_problem(value.replace("\n", " ").strip())


def _search(value: Any) -> str | None:
    if not isinstance(value, dict) or not set(value) <= SEARCH:
        return f"must be a mapping with the keys {', '.join(sorted(SEARCH))}"
    boost = value.get("boost", 1)
    if isinstance(boost, bool) or not isinstance(boost, (int, float)) or not 0 < boost <= 10:
        return "boost must be a number above 0 and at most 10"
    if not isinstance(value.get("exclude", False), bool):
        return "exclude must be true or false"
    return None


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


def parse_day(value: Any) -> date | None:
    """A date written YYYY-MM-DD that exists (text: data files read no YAML timestamps)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DAY.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _date(value: Any) -> str | None:
    if parse_day(value) is None:
        return f"must be a real date like 2025-08-05, got {shorten(value)}"
    return None


def _past_date(value: Any) -> str | None:
    """A publication date: real, and not after today (`reviewed:` is checked in site.py)."""
    if problem := _date(value):
        return problem
    day = parse_day(value)
    return f"is {day.isoformat()}, a date in the future" if day > date.today() else None


def _hide(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v in HIDE for v in value):
        return f"must list some of {', '.join(sorted(HIDE))}"
    return None


def _template(value: Any, templates: set[str]) -> str | None:
    if not isinstance(value, str) or value not in templates:
        return (f"names no template a page may use: {shorten(value)} "
                f"(page templates: {', '.join(sorted(templates))})")
    return None


# Templates that are not pages: the error page and everything under partials/.
NOT_PAGE_TEMPLATES = {"404.html"}


def template_names(dirs: Iterable[Path | str]) -> set[str]:
    """The page templates a page may name with `template:`: Material's `main.html` and the
    top-level templates of the site's own folder (the first of `dirs`, overrides/), never
    a partial or the error page (a page rendered with one loses its content or its head)."""
    names = {"main.html"}
    for folder in list(map(Path, dirs))[:1]:
        if folder.is_dir():
            names |= {f.name for f in folder.glob("*.html") if f.name not in NOT_PAGE_TEMPLATES}
    return names


def check_pages(docs_dir: Path | str, template_dirs: Iterable[Path | str]) -> dict[str, dict[str, Any]]:
    """Front matter of every Markdown page in docs_dir, checked (src path -> front matter)."""
    docs_dir = Path(docs_dir)
    templates = template_names(template_dirs)
    out = {}
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        out[src] = read_front_matter(path, f"{docs_dir.name}/{src}", templates)
    return out
