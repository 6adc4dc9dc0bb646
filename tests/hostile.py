"""Hostile input: what an outside contributor could put into a data file or a page's
front matter, and what each variant must lead to.

This module is data: one list of cases, each with the outcome it must have. A case edits
a copy of the project and is then either an ERROR (the build stops with a clear message
naming the file, no traceback, nothing published) or SAFE (the site builds strictly, and
Chromium runs no script on it: on load, hover, focus, search or a shared `?q=` link,
tests/browser/test_hostile_browser.py). How the cases are run, quickly, is
tests/hostile_runner.py: add or change a case here and the runner follows. Each payload
calls alert(N), N being the case's number, so a dialog names the case that let script
through, and `alert(N)` in the built pages shows where the payload landed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from explainer.front_matter import FRONT_MATTER
from explainer.records import SAFE_LOADER

MARK = "zzhostile"  # a word every payload carries, typed into search by the browser check

# What a case must lead to.
ERROR = "error"  # the build stops with a clear message naming the file (no traceback, no site)
SAFE = "safe"    # the site builds strictly and runs no script in Chromium


@dataclass(frozen=True)
class Case:
    number: int
    file: str        # the file edited, relative to the project
    field: str       # which field (or "structure")
    payload: str     # short description
    expect: str      # ERROR or SAFE
    apply: Callable[[Path], None] = field(compare=False, repr=False)
    target: str = ""  # which entry, where cases of one field edit different entries

    @property
    def slot(self) -> tuple[str, str, str]:
        """Where the payload goes: two cases with the same slot cannot share a site."""
        return self.file, self.field, self.target

    @property
    def name(self) -> str:
        return f"{self.number:03d}-{self.file.split('/')[-1]}-{self.field}-{self.payload}"

    @property
    def in_translation(self) -> bool:
        """The case edits a translation (data/zh-TW/, docs/*.zh-TW.md), not the English."""
        return "/zh-TW/" in f"/{self.file}" or ".zh-TW." in self.file

    @property
    def marker(self) -> str:
        """The text the payload carries that no other case's does: its alert call."""
        return f"alert({self.number})"

    def __reduce__(self):
        # Pickled as its number (`apply` is a closure): pytest-xdist's workers share one
        # hostile run (tests/shared_run.py), and each finds the case in its own CASES.
        return numbered, (self.number,)


def numbered(number: int) -> Case:
    """The case of CASES with this number."""
    return next(case for case in CASES if case.number == number)


# Payloads for plain-text fields (terms, aliases, short definitions, questions, titles):
# (name, expected outcome, value for case number k). Quotes are plain text: they build,
# escaped wherever they go.
TEXT_PAYLOADS: list[tuple[str, str, Callable[[int], str]]] = [
    ("script-tag", ERROR, lambda k: f"{MARK} <script>alert({k})</script>"),
    ("img-onerror", ERROR, lambda k: f"{MARK} <img src=x onerror=alert({k})>"),
    ("double-quote", SAFE, lambda k: f'{MARK}" onmouseover="alert({k})" tabindex="0" x="'),
    ("single-quote", SAFE, lambda k: f"{MARK}' onfocus='alert({k})' autofocus x='"),
    ("attr-list", ERROR, lambda k: f'{MARK} {{: onmouseover="alert({k})" }}'),
    ("comment-script", ERROR, lambda k: f"{MARK} <!--<script>alert({k})</script>"),
    ("entities", ERROR, lambda k: f"{MARK} &lt;img src=x onerror=alert({k})&gt;"),
]


# Payloads for Markdown fields (definitions, answers). Some are legitimate (inline code
# showing markup): those must build, and stay inert.
MARKDOWN_PAYLOADS: list[tuple[str, str, Callable[[int], str]]] = [
    ("script-block", ERROR, lambda k: f"{MARK}\n\n<script>alert({k})</script>\n"),
    ("img-onerror", ERROR, lambda k: f"{MARK} <img src=x onerror=alert({k})>"),
    ("javascript-link", ERROR, lambda k: f"[{MARK}](javascript:alert({k}))"),
    ("javascript-mixed-case", ERROR, lambda k: f"[{MARK}](JaVaScRiPt:alert({k}))"),
    ("data-link", ERROR, lambda k: f"[{MARK}](data:text/html,<script>alert({k})</script>)"),
    ("vbscript-link", ERROR, lambda k: f"[{MARK}](vbscript:msgbox({k}))"),
    ("block-attr-list", ERROR, lambda k: f'{MARK}\n{{: onmouseover="alert({k})" tabindex="0" }}'),
    ("inline-attr-list", ERROR, lambda k: f'*{MARK}*{{ onmouseover="alert({k})" }} text'),
    ("comment-script-code", SAFE, lambda k: f"Shows `<!--<script>alert({k})` as code ({MARK})."),
    ("comment-script-raw", ERROR, lambda k: f"{MARK} <!--<script>alert({k})</script>"),
    ("link-title-html", ERROR, lambda k: f'[{MARK}](#x "<img src=x onerror=alert({k})>")'),
    ("paren-in-url", ERROR, lambda k: f"[{MARK}](https://example.org/a)<img src=x onerror=alert({k})>)"),
    ("autolink-javascript", ERROR, lambda k: f"{MARK} <javascript:alert({k})>"),
    ("reference-javascript", ERROR, lambda k: f"[{MARK}][zz{k}]\n\n[zz{k}]: javascript:alert({k})"),
    ("abbr-html", ERROR, lambda k: f"{MARK} word\n\n*[{MARK}]: <img src=x onerror=alert({k})>"),
    ("md-in-html", ERROR, lambda k: f'<div markdown onmouseover="alert({k})">{MARK}</div>'),
]

GLOSSARY = "data/glossary.yml"
FAQ = "data/faq.yml"
ANCHORS = "data/anchors.yml"
PAGE = "docs/delay.md"
ZH_GLOSSARY = "data/zh-TW/glossary.yml"
ZH_FAQ = "data/zh-TW/faq.yml"
ZH_SOURCES = "data/zh-TW/sources.yml"
ZH_PAGE = "docs/delay.zh-TW.md"
TERM = "open-weight-model"  # linked from most pages, so its tooltip is everywhere


# libyaml when PyYAML has it, as explainer/records.py loads (the pure-Python parser made
# applying the cases a third of the run).
_LOADER = SAFE_LOADER
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _load(text: str):
    return yaml.load(text, Loader=_LOADER)


def _dump(data) -> str:
    """YAML as the project writes it; a translation's fingerprint stays a quoted string (PyYAML
    would leave 3314362e1522 bare, which YAML 1.2 reads as a number)."""
    text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=1000)
    return re.sub(r"(?m)^(\s*(?:- )?translates: )([0-9a-f]{12})$", r'\1"\2"', text)


def _yaml_edit(rel: str, change: Callable[[object], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        data = _load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(_dump(data), encoding="utf-8")
    return apply


def _text_edit(rel: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        before = path.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, f"case did not change {rel}"
        path.write_text(after, encoding="utf-8")
    return apply


def _term(data) -> dict:
    return next(t for t in data if t["id"] == TERM)


def _question(data) -> dict:
    return data["sections"][0]["questions"][0]


def _front_matter_edit(change: Callable[[dict], None], page: str = PAGE) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / page
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        meta = _load(match.group(1))
        change(meta)
        dumped = _dump(meta)
        path.write_text(f"---\n{dumped}---\n" + text[match.end():], encoding="utf-8")
    return apply


def _set(container: Callable[[object], dict], key: str, value: object) -> Callable[[object], None]:
    def change(data) -> None:
        container(data)[key] = value
    return change


def _append(container: Callable[[object], dict], key: str, value: object) -> Callable[[object], None]:
    def change(data) -> None:
        container(data).setdefault(key, []).append(value)
    return change


def _text_fields(glossary: str, faq: str, page: str) -> list[tuple[str, str, Callable]]:
    """The plain-text fields of one edition: (file, field, value -> edit)."""
    return [
        (glossary, "term", lambda v: _yaml_edit(glossary, _set(_term, "term", v))),
        (glossary, "aliases", lambda v: _yaml_edit(glossary, _append(_term, "aliases", v))),
        (glossary, "short", lambda v: _yaml_edit(glossary, _set(_term, "short", v))),
        (faq, "section-title", lambda v: _yaml_edit(faq, _set(lambda d: d["sections"][0], "title", v))),
        (faq, "question", lambda v: _yaml_edit(faq, _set(_question, "question", v))),
        (page, "title", lambda v: _front_matter_edit(_set(lambda m: m, "title", v), page)),
        (page, "description", lambda v: _front_matter_edit(_set(lambda m: m, "description", v), page)),
    ]


def _markdown_fields(glossary: str, faq: str) -> list[tuple[str, str, Callable]]:
    """The Markdown fields of one edition: (file, field, value -> edit)."""
    return [
        (glossary, "definition", lambda v: _yaml_edit(
            glossary, lambda d: _term(d).update(definition=_term(d)["definition"] + "\n\n" + v))),
        (faq, "answer", lambda v: _yaml_edit(
            faq, lambda d: _question(d).update(answer=_question(d)["answer"] + "\n\n" + v))),
    ]


def build_cases() -> list[Case]:
    cases: list[Case] = []

    def add(file: str, field_name: str, payload: str, expect: str, apply: Callable[[Path], None],
            target: str = "") -> None:
        cases.append(Case(len(cases) + 1, file, field_name, payload, expect, apply, target))

    def k() -> int:
        return len(cases) + 1

    # Plain-text fields.
    for file, name, make in _text_fields(GLOSSARY, FAQ, PAGE):
        for payload, expect, value in TEXT_PAYLOADS:
            add(file, name, payload, expect, make(value(k())))

    # Markdown fields.
    for file, name, make in _markdown_fields(GLOSSARY, FAQ):
        for payload, expect, value in MARKDOWN_PAYLOADS:
            add(file, name, payload, expect, make(value(k())))

    # Ids, links and sources: none of these may build.
    add(GLOSSARY, "id", "script-tag", ERROR, _yaml_edit(GLOSSARY, _set(_term, "id", f"<script>alert({k()})</script>")))
    add(GLOSSARY, "source", "javascript", ERROR, _yaml_edit(GLOSSARY, _set(_term, "source", f"javascript:alert({k()})")))
    add(GLOSSARY, "source", "data", ERROR, _yaml_edit(
        GLOSSARY, _set(_term, "source", f"data:text/html,<script>alert({k()})</script>")))
    add(GLOSSARY, "source", "paren-in-url", ERROR, _yaml_edit(
        GLOSSARY, _set(_term, "source", f"https://example.org/a)<img src=x onerror=alert({k()})>")))
    add(GLOSSARY, "source", "quote-in-url", ERROR, _yaml_edit(
        GLOSSARY, _set(_term, "source", f'https://example.org/a" onmouseover="alert({k()})')))
    add(GLOSSARY, "related", "javascript", ERROR, _yaml_edit(GLOSSARY, _append(_term, "related", f"javascript:alert({k()})")))
    add(FAQ, "related", "javascript", ERROR, _yaml_edit(FAQ, _append(_question, "related", f"page:javascript:alert({k()})")))
    add(FAQ, "related", "attr-list", ERROR, _yaml_edit(
        FAQ, _append(_question, "related", f'page:safety.md){{: onmouseover="alert({k()})" }}')))
    add(FAQ, "aliases", "double-quote", ERROR, _yaml_edit(FAQ, _append(_question, "aliases", f'x" onfocus="alert({k()})')))
    add(FAQ, "id", "script-tag", ERROR, _yaml_edit(FAQ, _set(_question, "id", f"<script>alert({k()})</script>")))
    add(ANCHORS, "aliases", "double-quote", ERROR, _yaml_edit(
        ANCHORS, lambda d: d.update(aliases={"delay/": {f'x"><img src=x onerror=alert({k()})>': "june-delay"}})))
    add(ANCHORS, "pages", "script-tag", ERROR, _yaml_edit(
        ANCHORS, lambda d: d["pages"]["delay/"].append(f"<script>alert({k()})</script>")))

    # Duplicate keys: the last one would silently win.
    add(GLOSSARY, "structure", "duplicate-key", ERROR, _text_edit(
        GLOSSARY, lambda t: t.replace("  term: Open-weight model\n", "  term: Open-weight model\n  term: Other\n", 1)))
    add(FAQ, "structure", "duplicate-sections", ERROR, _text_edit(FAQ, lambda t: t + "\nsections: []\n"))
    add(FAQ, "structure", "duplicate-question-key", ERROR, _text_edit(
        FAQ, lambda t: re.sub(r"(\n(\s+)question: [^\n]*\n)", r"\1\2question: Replaced?\n", t, count=1)))
    add(ANCHORS, "structure", "duplicate-pages", ERROR, _text_edit(ANCHORS, lambda t: t + "pages: {}\n"))
    add(PAGE, "structure", "duplicate-title", ERROR, _text_edit(PAGE, lambda t: t.replace("\ntitle:", "\ntitle: One\ntitle:", 1)))

    # Wrong shapes.
    add(GLOSSARY, "structure", "mapping-not-list", ERROR, _text_edit(GLOSSARY, lambda t: "terms:\n" + re.sub(r"(?m)^", "  ", t)))
    add(GLOSSARY, "structure", "entry-is-text", ERROR, _text_edit(GLOSSARY, lambda t: t + "\n- just text\n"))
    add(GLOSSARY, "term", "list", ERROR, _yaml_edit(GLOSSARY, _set(_term, "term", ["a", "b"])))
    add(GLOSSARY, "aliases", "mapping", ERROR, _yaml_edit(GLOSSARY, _set(_term, "aliases", {"a": "b"})))
    add(GLOSSARY, "short", "number", ERROR, _yaml_edit(GLOSSARY, _set(_term, "short", 42)))
    add(GLOSSARY, "definition", "list", ERROR, _yaml_edit(GLOSSARY, _set(_term, "definition", ["x"])))
    add(FAQ, "structure", "sections-mapping", ERROR, _yaml_edit(FAQ, lambda d: d.update(sections={"a": 1})))
    add(FAQ, "structure", "questions-text", ERROR, _yaml_edit(FAQ, _set(lambda d: d["sections"][0], "questions", "none")))
    add(FAQ, "answer", "mapping", ERROR, _yaml_edit(FAQ, _set(_question, "answer", {"a": 1})))
    add(FAQ, "aliases", "text", ERROR, _yaml_edit(FAQ, _set(_question, "aliases", "old-id")))
    add(ANCHORS, "structure", "pages-list", ERROR, _yaml_edit(ANCHORS, lambda d: d.update(pages=[{"delay/": ["a"]}])))
    add(ANCHORS, "structure", "aliases-list", ERROR, _yaml_edit(ANCHORS, lambda d: d.update(aliases=["x"])))
    add(ANCHORS, "structure", "top-level-list", ERROR, _text_edit(ANCHORS, lambda t: "- pages\n- aliases\n"))
    add(ANCHORS, "aliases", "nested-mapping", ERROR, _yaml_edit(
        ANCHORS, lambda d: d.update(aliases={"delay/": {"old": {"deep": 1}}})))
    add(PAGE, "structure", "broken-yaml", ERROR, _text_edit(PAGE, lambda t: t.replace("\ntitle:", "\ntitle: [unclosed\nx:", 1)))
    add(PAGE, "structure", "front-matter-list", ERROR, _text_edit(PAGE, lambda t: FRONT_MATTER.sub("---\n- a\n- b\n---\n", t, 1)))
    add(PAGE, "title", "number", ERROR, _front_matter_edit(_set(lambda m: m, "title", 12)))
    add(PAGE, "template", "missing", ERROR, _front_matter_edit(_set(lambda m: m, "template", "no-such-template.html")))
    add(PAGE, "structure", "unknown-key", ERROR, _front_matter_edit(_set(lambda m: m, "extra_js", "<script>x</script>")))

    # The Chinese edition's fields (data/zh-TW/, docs/*.zh-TW.md): the same payloads, the same rules.
    for file, name, make in _text_fields(ZH_GLOSSARY, ZH_FAQ, ZH_PAGE):
        for payload, expect, value in TEXT_PAYLOADS:
            add(file, name, payload, expect, make(value(k())))
    # A source note is a line of text that may show markup characters (as a document's title
    # may): whatever it holds is written escaped, so the markup payloads build and stay inert;
    # Markdown's own attribute lists are refused.
    # Each payload in the note of another source, so the ones that build share a site.
    for i, (payload, expect, value) in enumerate(TEXT_PAYLOADS):
        add(ZH_SOURCES, "note", payload, ERROR if payload == "attr-list" else SAFE,
            _yaml_edit(ZH_SOURCES, _set(lambda d, i=i: d[i], "note", value(k()))), target=f"entry {i}")
    for file, name, make in _markdown_fields(ZH_GLOSSARY, ZH_FAQ):
        for payload, expect, value in MARKDOWN_PAYLOADS:
            add(file, name, payload, expect, make(value(k())))
    add(ZH_GLOSSARY, "id", "unknown", ERROR, _yaml_edit(ZH_GLOSSARY, _set(_term, "id", f"x{k()}")))
    add(ZH_GLOSSARY, "translates", "script-tag", ERROR, _yaml_edit(
        ZH_GLOSSARY, _set(_term, "translates", f"<script>alert({k()})</script>")))
    add(ZH_GLOSSARY, "structure", "unknown-key", ERROR, _yaml_edit(ZH_GLOSSARY, _set(_term, "related", ["x"])))
    add(ZH_PAGE, "translates", "number", ERROR, _front_matter_edit(_set(lambda m: m, "translates", 12), ZH_PAGE))
    return cases


CASES = build_cases()

