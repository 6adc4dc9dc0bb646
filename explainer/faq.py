"""The FAQ: data/faq.yml in; the FAQ page and its JSON-LD out.

Each question's `id` is its permanent anchor. When an id has to change, the
old one goes into `aliases`, and links to it keep landing on the question.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import markdown

from . import dated
from .anchors import alias_html
from .editions import ENGLISH, Strings
from .records import DataError, Entry, UniqueNames, entries, load_yaml
from .safe_text import code_spans_for_html_blocks, md_heading, md_inline

SECTION_FIELDS = ("id", "title", "questions")
QUESTION_FIELDS = ("id", "question", "answer", "related", "aliases")
RELATED = re.compile(r"^(faq|glossary|page):(.+)$")


@dataclass(frozen=True)
class Related:
    kind: str    # faq | glossary | page
    target: str  # question id, glossary id, or a page path like "safety.md"
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answer: str
    related: tuple[Related, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]


def load_faq(path: Path | str, glossary_terms: dict[str, str], pages: dict[str, str]) -> list[Section]:
    """Read and check the FAQ.

    glossary_terms maps glossary ids to their display names and pages maps page
    paths (relative to the docs folder) to their titles; `related` entries must
    point into them.
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict) or set(data) != {"sections"}:
        raise DataError(path, None, "must be a mapping with a single key 'sections'")
    ids = UniqueNames(path, "id")
    questions_text = UniqueNames(path, "question")
    raw_sections = entries(path, data["sections"], "sections")

    parsed: list[tuple[Entry, str, str, list[tuple[Entry, Question, list[str]]]]] = []
    for s_index, raw in enumerate(raw_sections, start=1):
        s_entry = Entry.of(path, raw, f"section #{s_index}", SECTION_FIELDS)
        s_id = s_entry.anchor("id")
        ids.add(s_id, s_id)
        title = s_entry.plain("title")
        qs = []
        for q_index, q_raw in enumerate(entries(path, raw.get("questions"), f"questions in section '{s_id}'"), 1):
            q_entry = Entry.of(path, q_raw, f"{s_id} question #{q_index}", QUESTION_FIELDS)
            q_id = q_entry.anchor("id")
            ids.add(q_id, q_id)
            text = q_entry.plain("question")
            questions_text.add(text, q_id)
            aliases = q_entry.anchor_list("aliases")
            related_raw = q_entry.text_list("related")
            q = Question(q_id, text, q_entry.markdown("answer"), (), tuple(aliases))
            qs.append((q_entry, q, related_raw))
        parsed.append((s_entry, s_id, title, qs))

    # Aliases are old ids: unique, and never shadowing a live id.
    alias_names = UniqueNames(path, "alias")
    live = set(ids.seen)
    for _, _, _, qs in parsed:
        for q_entry, q, _ in qs:
            for a in q.aliases:
                if a in live:
                    raise q_entry.fail(f"alias '{a}' is the id of a live question or section")
                alias_names.add(a, q.id)

    questions = {q.id: q.question for _, _, _, qs in parsed for _, q, _ in qs}
    sections: list[Section] = []
    for _, s_id, title, qs in parsed:
        done = []
        for q_entry, q, related_raw in qs:
            related = tuple(_related(q_entry, r, questions, glossary_terms, pages, q.id) for r in related_raw)
            done.append(Question(q.id, q.question, q.answer, related, q.aliases))
        sections.append(Section(s_id, title, tuple(done)))
    return sections


def _related(entry: Entry, value: str, questions: dict[str, str], glossary: dict[str, str],
             pages: dict[str, str], own_id: str) -> Related:
    m = RELATED.match(value)
    if not m:
        raise entry.fail(f"related link '{value}' must start with faq:, glossary: or page:")
    kind, target = m.groups()
    table = {"faq": questions, "glossary": glossary, "page": pages}[kind]
    if kind == "faq" and target == own_id:
        raise entry.fail("lists itself under 'related'")
    if target not in table:
        raise entry.fail(f"related link '{value}' points to nothing: no {kind} '{target}'")
    return Related(kind, target, table[target])


def _href(rel: Related, glossary_page: str) -> str:
    if rel.kind == "faq":
        return f"#{rel.target}"
    if rel.kind == "glossary":
        return f"{glossary_page}#{rel.target}"
    return rel.target


def render_faq(sections: list[Section], glossary_page: str = "glossary.md", strings: Strings = ENGLISH) -> str:
    """The FAQ page body in Markdown: the list of questions, each a link to its answer,
    then a heading per section and per question."""
    out: list[str] = questions_list(sections, strings)
    for s in sections:
        out += [f"## {md_heading(s.title)} {{ #{s.id} }}", ""]
        for q in s.questions:
            for old in q.aliases:
                out += [alias_html(old, q.id), ""]
            out += [f"### {md_heading(q.question)} {{ #{q.id} }}", ""]
            # Needs JavaScript (data-js-only); without it the heading's permalink remains.
            label = html.escape(strings.copy_link_label.format(question=q.question), quote=True)
            out += [f'<div class="faq-actions" data-ui data-js-only><button type="button" class="faq-copy md-button" '
                    f'data-faq-id="{q.id}" aria-label="{label}">{html.escape(strings.copy_link)}</button></div>', ""]
            out += [code_spans_for_html_blocks(q.answer), ""]
            if q.related:
                links = " · ".join(f"[{md_inline(r.label)}]({_href(r, glossary_page)})" for r in q.related)
                gap = strings.lead(strings.see_also)[len(strings.see_also):]
                out += [f'<p class="faq-related" markdown>**{strings.see_also}**{gap}{links}</p>', ""]
    out += ['<p class="faq-copy-status" role="status" aria-live="polite" data-faq-status data-ui></p>', ""]
    return "\n".join(out)


def questions_list(sections: list[Section], strings: Strings = ENGLISH) -> list[str]:
    """Every question, grouped by section, each a link to its answer: what a phone reader
    scans first. Left out of the search index (the headings below are indexed) and of the
    term linker (a <nav>)."""
    out = [f'<nav class="faq-questions" aria-label="{html.escape(strings.questions_label)}" '
           'data-search-exclude markdown>', ""]
    for s in sections:
        out += [f'<p class="faq-questions__section">{html.escape(s.title)}</p>', ""]
        out += [f"- [{q.question}](#{q.id})" for q in s.questions]
        out += [""]
    return out + ["</nav>", ""]


def plain_text(markdown_text: str) -> str:
    """An answer as plain text (for structured data): Markdown rendered, tags dropped."""
    rendered = markdown.markdown(dated.plain(markdown_text), extensions=["tables"])
    text = re.sub(r"<[^>]+>", " ", rendered)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def faq_jsonld(sections: list[Section], page_url: str, language: str = "en") -> dict:
    """schema.org FAQPage for the FAQ page."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "@id": page_url,
        "url": page_url,
        "inLanguage": language,
        "mainEntity": [
            {
                "@type": "Question",
                "@id": f"{page_url}#{q.id}",
                "url": f"{page_url}#{q.id}",
                "name": q.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(q.answer)},
            }
            for s in sections
            for q in s.questions
        ],
    }
