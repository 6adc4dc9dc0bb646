"""The glossary: data/glossary.yml in; the glossary page, tooltip data and JSON-LD out."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from .records import SLUG, DataError, Entry, UniqueNames, by_content, entries, load_yaml
from .safe_text import code_spans_for_html_blocks, md_heading, md_inline as md_text
from .editions import ENGLISH, Strings
from .spelling import spellings_attribute

SHORT_MAX = 160
FIELDS = ("id", "term", "aliases", "short", "definition", "related", "source")


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    aliases: tuple[str, ...]
    short: str
    definition: str
    related: tuple[str, ...]
    source: tuple[str, ...]  # source ids in data/sources.yml (checked by site.load_content)
    # In a translated edition: the English term and aliases, shown and searched beside the
    # translation (explainer/translations.py). Empty in English.
    original: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a reader may meet or type: the term first, then its aliases."""
        return (self.term, *self.aliases)

    @property
    def searched(self) -> tuple[str, ...]:
        """Every name a reader may type to find it: its names, then the English ones (translations)."""
        return (*self.names, *(n for n in self.original if n not in self.names))

    @property
    def letter(self) -> str:
        first = (self.original[0] if self.original else self.term)[0].upper()
        return first if first.isalpha() else "#"


@by_content
def load_glossary(path: Path) -> list[Term]:
    """Read and check the glossary; terms come back sorted alphabetically."""
    path = Path(path)
    raw = entries(path, load_yaml(path), "terms")
    ids = UniqueNames(path, "id")
    names = UniqueNames(path, "term or alias")
    terms: list[Term] = []
    for index, item in enumerate(raw, start=1):
        entry = Entry.of(path, item, f"#{index}", FIELDS)
        term_id = entry.anchor("id")
        ids.add(term_id, term_id)
        term = Term(
            id=term_id,
            term=entry.plain("term"),
            aliases=tuple(entry.plain_list("aliases")),
            short=entry.plain("short", max_len=SHORT_MAX),
            definition=entry.markdown("definition"),
            related=tuple(entry.slug_list("related")),
            source=_source_ids(entry),
        )
        if "\n" in term.short:
            raise entry.fail("field 'short' must be one line (it becomes a tooltip)")
        for name in term.names:
            names.add(name, term_id)
        terms.append(term)

    known = {t.id for t in terms}
    for t in terms:
        for rel in t.related:
            if rel == t.id:
                raise DataError(path, t.id, "lists itself under 'related'")
            if rel not in known:
                raise DataError(path, t.id, f"related id '{rel}' is not a term in this file")
    return sorted(terms, key=lambda t: (t.term.casefold(), t.id))


def _source_ids(entry: Entry) -> tuple[str, ...]:
    """`source:` is one source id or a list of them."""
    value = entry.data.get("source")
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise entry.fail("field 'source' must be a source id or a non-empty list of source ids")
    ids = [v.strip() for v in values]
    for v in ids:
        if not SLUG.match(v):
            raise entry.fail(f"field 'source' has '{v}', which is not a source id "
                             "(cite by id from data/sources.yml, never by URL)")
    if len(set(ids)) != len(ids):
        raise entry.fail("field 'source' lists a source twice")
    return tuple(ids)


def source_links(term: Term, titles: dict[str, str] | None = None) -> str:
    """Markdown citing a term's sources by id; the citation extension resolves them."""
    titles = titles or {}
    return ", ".join(f"[{md_text(titles.get(s, s))}](source:{s})" for s in term.source)


def render_glossary(terms: list[Term], source_titles: dict[str, str] | None = None,
                    strings: Strings = ENGLISH) -> str:
    """The glossary page body in Markdown: filter box, letter bar, one heading per term.
    A translated glossary keeps the English order (its letter bar is by English term)
    and gives each entry's English names under its heading."""
    e = lambda text: html.escape(text, quote=True)  # noqa: E731
    by_id = {t.id: t for t in terms}
    letters: dict[str, str] = {}
    for t in terms:
        letters.setdefault(t.letter, t.id)

    # Interface-only HTML sits on single lines marked data-ui (left out of Markdown copies).
    out: list[str] = [
        # Needs JavaScript (data-js-only): without it the box is not shown and the full list stays readable.
        f'<div class="glossary-filter" data-glossary-filter data-spellings="{spellings_attribute()}" data-ui data-js-only>'
        f'<label for="glossary-filter-input">{e(strings.filter_label)}</label>'
        '<input id="glossary-filter-input" type="search" autocomplete="off" spellcheck="false" '
        f'placeholder="{e(strings.filter_placeholder)}" aria-controls="glossary-terms" '
        'aria-describedby="glossary-filter-status">'
        f'<p id="glossary-filter-status" class="glossary-filter__status" role="status" '
        f'aria-live="polite" data-total="{len(terms)}">{e(strings.terms_count.format(n=len(terms)))}</p>'
        "</div>",
        "",
        f'<nav class="glossary-letters" aria-label="{e(strings.letters_label)}" data-ui>'
        + " ".join(
            f'<a href="#letter-{_letter_slug(letter)}" data-letter="{html.escape(letter)}">{html.escape(letter)}</a>'
            for letter in letters
        )
        + "</nav>",
        "",
        '<div id="glossary-terms" class="glossary-terms" markdown>',
        "",
    ]
    for t in terms:
        out.append(f'<div class="glossary-entry" data-term-id="{t.id}" data-letter="{e(t.letter)}" markdown>')
        out.append("")
        if letters.get(t.letter) == t.id:
            out.append(f'<span class="glossary-letter" id="letter-{_letter_slug(t.letter)}" data-ui></span>')
            out.append("")
        out.append(f"## {md_heading(t.term)} {{ #{t.id} }}")
        out.append("")
        if t.original:
            out.append(f'<p class="glossary-aliases glossary-english" lang="en"><span lang="{strings.language}">'
                       f'{e(strings.english_names)}</span>{" " if not strings.english_names.endswith("：") else ""}'
                       + ", ".join(f"<em>{html.escape(a)}</em>" for a in t.original) + "</p>")  # English: ", "
            out.append("")
        if t.aliases:
            out.append(f'<p class="glossary-aliases"><span>{e(strings.also_called)}</span>{" " if not strings.also_called.endswith("：") else ""}'
                       + strings.list_separator.join(f"<em>{html.escape(a)}</em>" for a in t.aliases) + "</p>")
            out.append("")
        out.append(code_spans_for_html_blocks(t.definition))
        out.append("")
        details = []
        if t.related:
            links = strings.list_separator.join(f"[{md_text(by_id[r].term)}](#{r})" for r in t.related)
            details.append(f"**{strings.related}**{strings.lead(strings.related)[len(strings.related):]}{links}")
        label = strings.source_one if len(t.source) == 1 else strings.source_many
        details.append(f"**{label}**{strings.lead(label)[len(label):]}{source_links(t, source_titles)}")
        out.append('<p class="glossary-meta" markdown>' + " · ".join(details) + "</p>")
        out.append("")
        out.append("</div>")
        out.append("")
    out.append("</div>")
    out.append("")
    return "\n".join(out)


def _letter_slug(letter: str) -> str:
    return letter.lower() if letter.isalpha() else "other"


def search_titles(terms: list[Term], page_path: str) -> dict[str, str]:
    """Title to index for each entry's search result: the term, then its aliases.

    Search engines weigh titles far above body text, so a reader who types an
    alias ("open weights", "MoE") gets the entry first and sees why it matched.
    Keys are "<page_path>#<id>", as search indexes locate sections.
    """
    # Material renders these titles as HTML: escape them.
    return {f"{page_path}#{t.id}":
            html.escape(t.term + (f" ({', '.join(t.searched[1:])})" if t.searched[1:] else ""), quote=False)
            for t in terms}


def glossary_jsonld(terms: list[Term], page_url: str, name: str, language: str = "en") -> dict:
    """schema.org DefinedTermSet for the glossary page, one DefinedTerm per entry."""
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": page_url,
        "url": page_url,
        "name": name,
        "inLanguage": language,
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "@id": f"{page_url}#{t.id}",
                "url": f"{page_url}#{t.id}",
                "name": t.term,
                "termCode": t.id,
                **({"alternateName": list(t.searched[1:])} if t.searched[1:] else {}),
                "description": t.short,
                "inDefinedTermSet": page_url,
            }
            for t in terms
        ],
    }
