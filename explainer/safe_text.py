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
import html
import json
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.footnotes import FootnoteExtension

# --- plain text -------------------------------------------------------------------

# Characters that are markup in Markdown or HTML, and character references.
PLAIN_FORBIDDEN = re.compile(r"[<>{}\[\]`\\*_]|&#?[A-Za-z0-9]+;")
# Unicode categories that are not text a reader sees: controls (Cc: tab, newline, U+0085,
# U+009B...), format characters (Cf: bidi overrides, zero-width spaces, soft hyphen) and the
# line and paragraph separators (Zl, Zp: U+2028, U+2029), which JavaScript and some Markdown
# readers take as line breaks. Allowed: the zero-width (non-)joiners, which some scripts and
# emoji sequences need.
INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}
INVISIBLE_ALLOWED = {"\u200c", "\u200d"}


def invisible_char(value: str) -> str | None:
    """The first control, format or separator character of `value` (None when there is none)."""
    return next((c for c in value if unicodedata.category(c) in INVISIBLE and c not in INVISIBLE_ALLOWED), None)


def line_text_problem(value: str) -> str | None:
    """Why `value` is not one line of visible text, or None. Markup characters are allowed:
    fields of this kind (source titles and publishers, benchmark names) are escaped
    wherever they are written (md_inline, md_table_cell, html.escape)."""
    char = invisible_char(value)
    if char is None:
        return None
    if char in "\n\r\x0b\x0c\x85\u2028\u2029":
        return f"must be a single line (found U+{ord(char):04X})"
    name = unicodedata.name(char, unicodedata.category(char))
    return f"must be visible text: U+{ord(char):04X} ({name}) is a control or format character"


def plain_text_problem(value: str) -> str | None:
    """Why `value` is not plain text, or None when it is."""
    if problem := line_text_problem(value):
        return problem
    found = PLAIN_FORBIDDEN.search(value)
    if not found:
        return None
    char = found.group(0)
    if len(char) > 1:
        return f"must be plain text: character reference '{char}' is not allowed"
    return f"must be plain text: '{char}' is markup (write it in words)"


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
CLASS_VALUE = re.compile(r"^[a-z0-9 _-]*\Z")
TABLE_STYLE = re.compile(r"^text-align: (left|right|center);\Z")
SLUG_FRAGMENT = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SITE_LINK = re.compile(rf"^(?:#{SLUG_FRAGMENT}|(?:[a-z0-9-]+/)*[a-z0-9-]+\.md(?:#{SLUG_FRAGMENT})?)\Z")
SOURCE_LINK = re.compile(r"^source:[A-Za-z0-9][A-Za-z0-9._-]*\Z")
# An https URL with no quote, bracket, parenthesis, space or backslash in it.
HTTPS_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9\-._~%!$&*+,;=:@/]*)?"
                       r"(?:\?[A-Za-z0-9\-._~%!$&*+,;=:@/?]*)?(?:#[A-Za-z0-9\-._~%!$&*+,;=:@/?]*)?\Z")


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
    return list(_markdown_problems(text))


# The checks are pure functions of the text: a text checked once is not checked again in the
# same process (`mkdocs serve` rebuilding after an edit; the hostile-input run loading a
# hundred copies of the project that differ in one field).
@functools.lru_cache(maxsize=4096)
def _markdown_problems(text: str) -> tuple[str, ...]:
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
    return tuple(problems)


# --- page bodies -------------------------------------------------------------------
# A page's Markdown may hold HTML (it is written by the team, reviewed like code), but
# never script: the Content-Security-Policy trusts only the scripts the templates ship.
SCRIPT_TAG = re.compile(r"<\s*script\b", re.I)
# An `on*` key in an attribute list (`{ onclick=... }`); in HTML the parser below finds them.
EVENT_ATTRIBUTE = re.compile(r"""\{[^}\n]*?[\s"'/]on[a-z]+\s*=""", re.I)
# `javascript:` however it is spelled: case, white space, character references.
SCRIPT_URL = re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|vbscript\s*:", re.I)
_FENCED = re.compile(r"(?ms)^[ \t]*(`{3,}|~{3,}).*?(?:^[ \t]*\1[ \t]*$|\Z)")


def _blank(match: re.Match) -> str:
    """The matched text with everything but its line breaks blanked (line numbers stay)."""
    return re.sub(r"[^\n]", " ", match.group(0))


class _ScriptInspector(HTMLParser):
    """What HTML may not hold, as a browser parses it (character references in attribute
    values decoded, never in names): script-like elements, event attributes, script
    addresses, and titles with markup (a tooltip may render a title as HTML). Each problem
    with the line it starts on."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
    SCRIPT_SCHEME = re.compile(r"\s*(?:javascript|vbscript|data)\s*:", re.I)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in ("script", "iframe", "object", "embed", "base"):
            self.problems.append((line, f"a <{tag}> element"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append((line, f"an event attribute {name} on <{tag}>"))
            elif name in self.URL_ATTRIBUTES and self.SCRIPT_SCHEME.match(value):
                self.problems.append((line, f"a script address in {name} on <{tag}>"))
            elif name == "title" and ("<" in value or ">" in value):
                self.problems.append((line, f"a title with markup on <{tag}> (titles are plain text)"))


def html_script_problems(text: str) -> list[tuple[int, str]]:
    """(line, problem) for everything in HTML (or Markdown holding HTML) that could run script."""
    inspector = _ScriptInspector()
    inspector.feed(text)
    inspector.close()
    return inspector.problems


@functools.lru_cache(maxsize=512)
def page_body_problem(text: str) -> tuple[int, str] | None:
    """(line, problem) for the first script in a page's Markdown: a `<script>` element, an
    `on*` event attribute (in HTML or an attribute list) or a `javascript:` address.
    Code (fenced or inline) may show them: it is shown, never run."""
    shown = CODE_SPAN.sub(_blank, _FENCED.sub(_blank, text))
    # A browser decodes character references in attribute values (so `&#106;avascript:`
    # is an address) but never in tag or attribute names: an escaped quote in a generated
    # attribute value (`aria-label="&quot; onmouseover=..."`) is text, not an attribute.
    unescaped = html.unescape(shown)
    in_html = [(line, problem) for line, problem in html_script_problems(shown)
               if problem.startswith("an event attribute")]
    if in_html:
        return in_html[0][0], ("has an on* event attribute: pages carry no script (the site's policy "
                               "runs only the scripts its templates ship); show markup as `code`")
    checks = ((SCRIPT_TAG, "a <script> element", (shown,)),
              (EVENT_ATTRIBUTE, "an on* event attribute", (shown,)),
              (SCRIPT_URL, "a javascript: address", (shown, unescaped)))
    for pattern, what, candidates in checks:
        for candidate in candidates:
            if found := pattern.search(candidate):
                line = candidate.count("\n", 0, found.start()) + 1
                # The line of the match's end for an attribute (its tag may open lines earlier).
                if pattern is EVENT_ATTRIBUTE:
                    line = candidate.count("\n", 0, found.end()) + 1
                return line, (f"has {what}: pages carry no script (the site's policy runs only the "
                              "scripts its templates ship); show markup as `code`")
    return None


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


def code_spans_for_html_blocks(markdown_text: str) -> str:
    """Restricted Markdown made safe to place inside a `<div markdown>` block: there the HTML
    parser reads the block before Markdown does and takes a `<!--` (or `<!`, `<?`) inside a
    code span for the start of a comment, swallowing the page up to the next `-->`. A code
    span holding `<` is written as a `<code>` element with its text escaped, which renders the
    same. Fenced code is stashed before the HTML parser runs and needs nothing."""
    fenced = [(m.start(), m.end()) for m in CODE_FENCE.finditer(markdown_text)]

    def as_html(match: re.Match) -> str:
        if "<" not in match.group(0) or any(a <= match.start() < b for a, b in fenced):
            return match.group(0)
        inner = match.group(0)[len(match.group(1)):-len(match.group(1))].replace("\n", " ")
        if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
            inner = inner[1:-1]
        return "<code>" + html.escape(inner, quote=False) + "</code>"

    return CODE_SPAN.sub(as_html, markdown_text)


# --- escaping per Markdown context the generator writes into -----------------------
# One function per context, so no field can change the structure it sits in. Fields are
# single lines already (line_text_problem / plain_text_problem), so none can start a block.

# Every inline marker (code, emphasis, links, attribute lists, heading closers) and `|`
# (the tables extension lets a backslash escape it); `<`, `>` and `&` become references.
_MD_INLINE = re.compile(r"([\\`*_\[\]{}#|])")


def md_inline(text: str) -> str:
    """Text inside a paragraph, a list item or link text: every Markdown and pymdownx
    inline marker backslash-escaped, `<` and `&` as character references (no HTML, no
    entity: an `&` that would start one is written `&amp;`), white space collapsed to single spaces."""
    text = " ".join(text.split())
    text = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_INLINE.sub(r"\\\1", text)


def md_table_cell(text: str) -> str:
    """Text inside a Markdown table cell: md_inline, whose escaped `|` cannot end the cell."""
    return md_inline(text)


def md_heading(text: str) -> str:
    """Text of an ATX heading (`## ...`), before its `{ #id }`: md_inline, so no `#` closes
    it early and no `{` starts an attribute list."""
    return md_inline(text)
