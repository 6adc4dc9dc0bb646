"""What each kind of field may contain, checked when the data is loaded, and the
escaping for each context the site writes text into.

Two kinds of authored text (README.md, "What each field may contain"):

- plain text (terms, aliases, short definitions, questions, section titles, page
  titles and descriptions): one line of words and punctuation, no markup at all;
- restricted Markdown (definitions, answers): paragraphs, emphasis, lists, block
  quotes, tables, code and links, but no raw HTML, no attribute lists, no headings,
  images, abbreviation, reference or footnote definitions, and links only to pages
  of this site, to ids on the same page, or to registered sources (`source:ID`).

The Markdown check renders the text with every syntax extension the site enables
and inspects the result, so what it lets through is what the page will contain.
"""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.footnotes import FootnoteExtension

# --- plain text -------------------------------------------------------------------

# Characters that are markup in Markdown or HTML, character references, control characters.
PLAIN_FORBIDDEN = re.compile(r"[<>{}\[\]`\\*_]|&#?[A-Za-z0-9]+;|[\x00-\x1f\x7f]")


def plain_text_problem(value: str) -> str | None:
    """Why `value` is not plain text, or None when it is."""
    found = PLAIN_FORBIDDEN.search(value)
    if not found:
        return None
    char = found.group(0)
    if char in "\n\r":
        return "must be a single line"
    if len(char) > 1:
        return f"must be plain text: character reference '{char}' is not allowed"
    shown = repr(char) if ord(char) < 32 or ord(char) == 127 else f"'{char}'"
    return f"must be plain text: {shown} is markup (write it in words)"


# --- restricted Markdown ----------------------------------------------------------

# The syntax extensions mkdocs.yml enables (tests/test_safe_text.py keeps the two lists equal).
SITE_EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
                   "pymdownx.details", "pymdownx.highlight", "pymdownx.inlinehilite",
                   "pymdownx.smartsymbols", "pymdownx.superfences", "pymdownx.tasklist")

# Elements and attributes rendered Markdown may produce (code blocks come out highlighted).
ALLOWED = {
    "p": set(), "em": set(), "strong": set(), "br": set(), "hr": set(), "blockquote": set(),
    "ul": set(), "ol": {"start"}, "li": set(), "a": {"href"}, "code": {"class"},
    "pre": {"class"}, "span": {"class"}, "div": {"class"},
    "table": set(), "thead": set(), "tbody": set(), "tr": set(), "th": {"style"}, "td": {"style"},
}
CLASS_VALUE = re.compile(r"^[a-z0-9 _-]*$")
TABLE_STYLE = re.compile(r"^text-align: (left|right|center);$")
SLUG_FRAGMENT = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SITE_LINK = re.compile(rf"^(?:#{SLUG_FRAGMENT}|(?:[a-z0-9-]+/)*[a-z0-9-]+\.md(?:#{SLUG_FRAGMENT})?)$")
SOURCE_LINK = re.compile(r"^source:[A-Za-z0-9][A-Za-z0-9._-]*$")
# An https URL with no quote, bracket, parenthesis, space or backslash in it.
HTTPS_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9\-._~%!$&*+,;=:@/]*)?"
                       r"(?:\?[A-Za-z0-9\-._~%!$&*+,;=:@/?]*)?(?:#[A-Za-z0-9\-._~%!$&*+,;=:@/?]*)?$")


def link_problem(href: str) -> str | None:
    """Why a link target is not allowed, or None."""
    if SITE_LINK.match(href) or SOURCE_LINK.match(href):
        return None
    allowed = "a site page ('page.md', 'page.md#id'), '#id' on the same page or 'source:ID'"
    return f"link target '{href}' is not allowed; link to {allowed}"


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"<{tag}> is not allowed (no headings, images, HTML or extension blocks)")
            return
        for name, value in attrs:
            value = value or ""
            if name not in ALLOWED[tag]:
                self.problems.append(f"attribute '{name}' on <{tag}> is not allowed "
                                     "(no attribute lists, no link titles)")
            elif name == "href":
                if problem := link_problem(value):
                    self.problems.append(problem)
            elif name == "class" and not CLASS_VALUE.match(value):
                self.problems.append(f"class '{value}' is not allowed")
            elif name == "style" and not TABLE_STYLE.match(value):
                self.problems.append(f"style '{value}' is not allowed")

    def handle_comment(self, data: str) -> None:
        self.problems.append("HTML comments are not allowed")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("markup declarations are not allowed")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instructions are not allowed")


CODE_FENCE = re.compile(r"(?ms)^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$")
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
TAG_START = re.compile(r"<[A-Za-z!/?]")
HIGHLIGHTED = re.compile(r'^\s*<(?:div class="highlight"|code class=")')


@functools.lru_cache(maxsize=1)
def _checker() -> tuple[markdown.Markdown, AbbrExtension, FootnoteExtension]:
    """One Markdown converter with the site's extensions, made once and reset before each
    use (making one per field was most of the time spent loading the data). The abbr and
    footnotes extensions are kept to read what a text defined; reset() clears both."""
    abbr, footnotes = AbbrExtension(), FootnoteExtension()
    extensions: list[Any] = [e for e in SITE_EXTENSIONS if e not in ("abbr", "footnotes")]
    return markdown.Markdown(extensions=[abbr, footnotes, *extensions]), abbr, footnotes


def markdown_problems(text: str) -> list[str]:
    """Everything that makes `text` more than restricted Markdown (empty when it is fine)."""
    problems = []
    if TAG_START.search(CODE_SPAN.sub("", CODE_FENCE.sub("", text))):
        problems.append("raw HTML is not allowed (write Markdown; show markup as `code`)")
    md, abbr, footnotes = _checker()
    rendered = md.reset().convert(text)
    # The stash holds raw HTML, but also entities and highlighted code (checked below with the rest).
    raw = [s for s in md.htmlStash.rawHtmlBlocks
           if not isinstance(s, str) or (s.lstrip().startswith("<") and not HIGHLIGHTED.match(s))]
    if raw and not problems:
        problems.append("raw HTML is not allowed (write Markdown; show markup as `code`)")
    if md.references:
        problems.append("reference-style link definitions are not allowed; write links inline: [text](target)")
    if abbr.abbrs:
        problems.append("abbreviation definitions (*[...]: ...) are not allowed")
    if footnotes.footnotes:
        problems.append("footnotes are not allowed")
    inspector = _Inspector()
    inspector.feed(rendered)
    inspector.close()
    for p in inspector.problems:
        if p not in problems:
            problems.append(p)
    return problems


# --- escaping per output context --------------------------------------------------

def script_json(data: Any) -> str:
    """JSON safe inside <script type="application/ld+json">: no '<', '>' or '&' at all,
    so neither '</script>' nor '<!--' can change how the HTML parser reads the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def html_for_tooltip(text: str) -> str:
    """Text escaped for an attribute that Python-Markdown's serializer writes (it keeps
    entity references as they are, so `&`, `<` and `>` are escaped here, once): the
    browser then reads the attribute as exactly `text`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
