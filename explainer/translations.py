"""Translations of the data and the pages, each tied to the English it translates.

An edition other than English keeps its translations beside the English, keyed by
the same ids:

    data/zh-TW/glossary.yml   - id, translates, term, aliases, short, definition
    data/zh-TW/faq.yml        - sections: id, title, questions: id, translates, question, answer
    data/zh-TW/sources.yml    - id, translates, note (titles stay in their own language)
    docs/delay.zh-TW.md       - front matter `translates:`

`translates` is a fingerprint of the English it was written from (english_hash: the
first 12 hex digits of a SHA-256 of the English fields). When the English changes, the
fingerprint no longer matches and the build fails naming the file and the entry,
until the translation is updated, or a translator has checked that it still holds,
and the new fingerprint is written (`python -m explainer translations --stamp
zh-TW glossary:fine-tuning`). Everything else (related links, sources, aliases of
old ids, the order) comes from the English entry: it is written once.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .editions import Edition
from .faq import Question, Related, Section
from .glossary import SHORT_MAX, Term
from .records import DataError, Entry, UniqueNames, entries, load_yaml
from .sources import Source

GLOSSARY_FIELDS = ("id", "translates", "term", "aliases", "short", "definition")
FAQ_SECTION_FIELDS = ("id", "title", "questions")
FAQ_QUESTION_FIELDS = ("id", "translates", "question", "answer")
SOURCE_FIELDS = ("id", "translates", "note")
FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")


def english_hash(*parts: object) -> str:
    """The fingerprint of some English fields (order matters; white space at the ends does not)."""
    norm = [p.strip() if isinstance(p, str) else list(p) if isinstance(p, tuple) else p for p in parts]
    return hashlib.sha256(json.dumps(norm, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def term_hash(t: Term) -> str:
    return english_hash(t.term, t.aliases, t.short, t.definition)


def question_hash(q: Question) -> str:
    return english_hash(q.question, q.answer)


def section_hash(s: Section) -> str:
    return english_hash(s.title)


def note_hash(s: Source) -> str:
    return english_hash(s.note)


def page_hash(english_own_markdown: str) -> str:
    """A page's fingerprint: its hand-written Markdown (front matter title and description
    included by the caller), generated parts left out (they follow the data)."""
    return english_hash(english_own_markdown)


def stamp_command(edition: Edition, kind: str, entry_id: str) -> str:
    return f"python -m explainer translations --stamp {edition.locale} {kind}:{entry_id}"


def _check_fingerprint(entry: Entry, wanted: str, edition: Edition, kind: str, entry_id: str) -> None:
    recorded = entry.data.get("translates")
    if recorded is None:
        raise entry.fail(f"has no 'translates' (the fingerprint of the English it translates): "
                         f"once the translation is checked, run `{stamp_command(edition, kind, entry_id)}`")
    if not isinstance(recorded, str) or not FINGERPRINT.match(recorded):
        raise entry.fail(f"'translates: {recorded}' is not a fingerprint (12 hex digits)")
    if recorded != wanted:
        raise entry.fail(f"translates an older English version (fingerprint {recorded}; the English is now "
                         f"{wanted}): update the translation to the English, then run "
                         f"`{stamp_command(edition, kind, entry_id)}` (or run it if the translation still holds)")


def _translated(path: Path, items, what: str, fields: tuple[str, ...], english: dict, unknown: str,
                edition: Edition, kind: str, fingerprint, done: UniqueNames | None = None):
    """(entry, id, English record) for each item of a translation file: known fields only, each
    id once and one of the English file's, its fingerprint the English record's."""
    ids = done if done is not None else UniqueNames(path, "id")
    for index, item in enumerate(entries(path, items, what), start=1):
        entry = Entry.of(path, item, f"#{index}", fields)
        entry_id = entry.anchor("id")
        ids.add(entry_id, entry_id)
        source = english.get(entry_id)
        if source is None:
            raise entry.fail(f"translates '{entry_id}', which is not {unknown}")
        _check_fingerprint(entry, fingerprint(source), edition, kind, entry_id)
        yield entry, entry_id, source


def load_glossary_translation(path: Path, english: list[Term], edition: Edition) -> list[Term]:
    """The glossary in `edition`'s language, in the English order: the translated term,
    aliases, short text and definition; related terms and sources from the English; the
    English term and aliases kept as `original` (shown and searched beside the translation)."""
    names = UniqueNames(path, "term or alias")
    translated: dict[str, Term] = {}
    for entry, term_id, source in _translated(path, load_yaml(path), "terms", GLOSSARY_FIELDS,
                                              {t.id: t for t in english}, "a term of the English glossary",
                                              edition, "glossary", term_hash):
        term = replace(source, term=entry.plain("term"), aliases=tuple(entry.plain_list("aliases")),
                       short=entry.plain("short", max_len=SHORT_MAX), definition=entry.markdown("definition"),
                       original=source.names)
        if "\n" in term.short:
            raise entry.fail("field 'short' must be one line (it becomes a tooltip)")
        for name in term.names:
            names.add(name, term_id)
        translated[term_id] = term
    missing = [t.id for t in english if t.id not in translated]
    if missing:
        raise DataError(path, missing[0], f"has no translation of the English term '{missing[0]}' "
                                          f"({len(missing)} missing): every term is in every edition")
    return [translated[t.id] for t in english]


def load_faq_translation(path: Path, english: list[Section], edition: Edition,
                         glossary: list[Term], pages: dict[str, str]) -> list[Section]:
    """The FAQ in `edition`'s language: titles, questions and answers translated; related
    links, old ids and the order from the English (their labels in this language)."""
    data = load_yaml(path)
    if not isinstance(data, dict) or set(data) != {"sections"}:
        raise DataError(path, None, "must be a mapping with a single key 'sections'")
    raw_sections = entries(path, data["sections"], "sections")
    english_sections = {s.id: s for s in english}
    english_questions = {q.id: q for s in english for q in s.questions}
    ids = UniqueNames(path, "id")
    titles: dict[str, str] = {}
    texts: dict[str, tuple[str, str]] = {}
    for s_index, s_item in enumerate(raw_sections, start=1):
        s_entry = Entry.of(path, s_item, f"section #{s_index}", FAQ_SECTION_FIELDS)
        s_id = s_entry.anchor("id")
        ids.add(s_id, s_id)
        if s_id not in english_sections:
            raise s_entry.fail(f"translates section '{s_id}', which is not a section of the English FAQ")
        titles[s_id] = s_entry.plain("title")
        for q_entry, q_id, _ in _translated(path, s_entry.data.get("questions"), "questions", FAQ_QUESTION_FIELDS,
                                            english_questions, "a question of the English FAQ", edition, "faq",
                                            question_hash, ids):
            texts[q_id] = (q_entry.plain("question"), q_entry.markdown("answer"))
    missing = [i for i in [*english_sections, *english_questions] if i not in titles and i not in texts]
    if missing:
        raise DataError(path, missing[0], f"has no translation of the English FAQ's '{missing[0]}' "
                                          f"({len(missing)} missing): every question is in every edition")
    term_names = {t.id: t.term for t in glossary}
    questions = {q_id: question for q_id, (question, _) in texts.items()}
    labels = {"faq": questions, "glossary": term_names, "page": pages}
    out = []
    for s in english:
        qs = tuple(Question(q.id, texts[q.id][0], texts[q.id][1],
                            tuple(Related(r.kind, r.target, labels[r.kind].get(r.target, r.label)) for r in q.related),
                            q.aliases)
                   for q in s.questions)
        out.append(Section(s.id, titles[s.id], qs))
    return out


def load_source_notes(path: Path, english: dict[str, Source], edition: Edition) -> dict[str, Source]:
    """The sources with their notes in `edition`'s language (titles, publishers, addresses unchanged)."""
    notes: dict[str, str] = {}
    with_notes = {i: s for i, s in english.items() if s.note}
    for entry, source_id, _ in _translated(path, load_yaml(path), "sources", SOURCE_FIELDS, with_notes,
                                           "a source of data/sources.yml with a note to translate",
                                           edition, "source", note_hash):
        notes[source_id] = entry.line("note")
    missing = [i for i, s in english.items() if s.note and i not in notes]
    if missing:
        raise DataError(path, missing[0], f"has no translation of the note of '{missing[0]}' "
                                          f"({len(missing)} missing)")
    return {i: replace(s, note=notes.get(i, s.note)) for i, s in english.items()}


def check_page(where: str, meta: dict, wanted: str, edition: Edition, base_src: str) -> None:
    """A translated page names the fingerprint of the English page it translates."""
    recorded = meta.get("translates")
    command = stamp_command(edition, "page", base_src)
    if recorded is None:
        raise DataError(where, None, f"front matter needs 'translates:' (the fingerprint of docs/{base_src} "
                                     f"it translates): once the translation is checked, run `{command}`")
    if str(recorded) != wanted:
        raise DataError(where, None, f"translates an older version of docs/{base_src} (fingerprint {recorded}; "
                                     f"the English is now {wanted}): update the translation, then run "
                                     f"`{command}` (or run it if the translation still holds)")


# --- Writing fingerprints (the --stamp command) -------------------------------------

def set_fingerprint_yaml(text: str, entry_id: str, fingerprint: str, where: str) -> str:
    """The YAML text with `translates:` of the item `- id: entry_id` set (added under its id line)."""
    lines = text.split("\n")
    item = re.compile(r"^(\s*)- id:\s*['\"]?" + re.escape(entry_id) + r"['\"]?\s*(#.*)?$")
    for i, line in enumerate(lines):
        m = item.match(line) if entry_id in line else None  # the substring test first: most lines are not ids
        if not m:
            continue
        indent = m.group(1) + "  "
        j = i + 1
        while j < len(lines) and (lines[j].startswith(indent) or not lines[j].strip()):
            if re.match(r"^" + re.escape(indent) + r"translates:", lines[j]):
                lines[j] = f"{indent}translates: \"{fingerprint}\""
                return "\n".join(lines)
            if lines[j].startswith(indent + "- ") or not lines[j].startswith(indent) and lines[j].strip():
                break
            j += 1
        lines.insert(i + 1, f"{indent}translates: \"{fingerprint}\"")
        return "\n".join(lines)
    raise DataError(where, entry_id, "has no item with this id")


def set_fingerprint_page(text: str, fingerprint: str, where: str) -> str:
    """The page with front matter `translates:` set."""
    if not text.startswith("---\n"):
        raise DataError(where, None, "has no front matter")
    end = text.index("\n---", 4)
    head, rest = text[4:end], text[end:]
    if re.search(r"^translates:", head, re.M):
        head = re.sub(r"^translates:.*$", f"translates: \"{fingerprint}\"", head, count=1, flags=re.M)
    else:
        head = head + f"\ntranslates: \"{fingerprint}\""
    return "---\n" + head + rest


def translation_file(english_file: Path | str, locale: str) -> Path:
    """data/glossary.yml -> data/zh-TW/glossary.yml."""
    english_file = Path(english_file)
    return english_file.parent / locale / english_file.name


def load_terms(glossary_file: Path | str, locale: str | None = None) -> list[Term]:
    """The glossary of an edition: the English one, or its translation (checked against it)."""
    from .editions import edition
    from .glossary import load_glossary
    english = load_glossary(glossary_file)
    ed = edition(locale)
    if ed.default:
        return english
    return _translated_terms(translation_file(glossary_file, ed.locale), tuple(english), ed)


def _translated_terms(path: Path, english: tuple[Term, ...], ed: Edition) -> list[Term]:
    key = (str(Path(path).resolve()), _bytes(path), english, ed.locale)
    if key not in _TERM_CACHE:
        if len(_TERM_CACHE) >= 4:
            _TERM_CACHE.clear()
        _TERM_CACHE[key] = load_glossary_translation(Path(path), list(english), ed)
    return list(_TERM_CACHE[key])


_TERM_CACHE: dict = {}


def _bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


BENCH_FIELDS = ("translates", "setting", "benchmarks")
BENCH_ITEM_FIELDS = ("id", "name", "from", "not_reported")


def benchmarks_hash(b) -> str:
    """The English words of data/benchmarks.yml (its numbers are not translated)."""
    return english_hash(b.setting, [[x.id, x.name, x.origin, [list(n) for n in x.not_reported]] for x in b.benchmarks])


def load_benchmarks_translation(path: Path, english, edition: Edition):
    """The benchmark chart's words in `edition`'s language: the setting, each benchmark's
    name and place in the card, the reasons a score is missing. Scores and models stay."""
    from .benchmarks import Benchmarks
    data = load_yaml(path)
    top = Entry.of(path, data, "the file", BENCH_FIELDS)
    _check_fingerprint(top, benchmarks_hash(english), edition, "benchmarks", "all")
    by_id = {b.id: b for b in english.benchmarks}
    done: dict[str, object] = {}
    for index, item in enumerate(entries(path, top.data.get("benchmarks"), "benchmarks"), start=1):
        entry = Entry.of(path, item, f"benchmark #{index}", BENCH_ITEM_FIELDS)
        bench_id = entry.anchor("id")
        source = by_id.get(bench_id)
        if source is None:
            raise entry.fail(f"translates '{bench_id}', which is not a benchmark of data/benchmarks.yml")
        if bench_id in done:
            raise entry.fail(f"translates '{bench_id}' twice")
        reasons = entry.data.get("not_reported") or {}
        if not isinstance(reasons, dict) or set(reasons) != {m for m, _ in source.not_reported}:
            raise entry.fail("'not_reported' must give a reason for exactly the models the English lists: "
                             + ", ".join(m for m, _ in source.not_reported))
        for model, why in reasons.items():
            Entry(path, {"why": why}, bench_id).line("why")
        done[bench_id] = replace(source, name=entry.line("name"), origin=entry.line("from"),
                                 not_reported=tuple((m, reasons[m]) for m, _ in source.not_reported))
    missing = [b.id for b in english.benchmarks if b.id not in done]
    if missing:
        raise DataError(path, missing[0], f"has no translation of the benchmark '{missing[0]}'")
    return Benchmarks(source=english.source, setting=top.line("setting"), models=english.models,
                      benchmarks=tuple(done[b.id] for b in english.benchmarks))
