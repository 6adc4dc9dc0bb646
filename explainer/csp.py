"""A Content-Security-Policy for every page, as a <meta http-equiv> tag (GitHub Pages
cannot send headers), written into the built HTML after the build.

Scripts run only from the site itself or, inline, when their exact text is one the
templates ship (Material's and overrides/): the MkDocs plugin collects the inline
scripts of each rendered template with the page's content taken out (on_post_page,
on_post_template), so a script that reached a page's content is never hashed and never
runs. Page content may hold none anyway: pages are checked when loaded
(safe_text.page_body_problem) and again once rendered (content_problems). Without the
plugin (another engine, `python -m explainer postbuild`), the scripts are taken from
the built pages outside their content (<article>). The same policy goes on every page
(instant navigation swaps pages without reloading, so a page's scripts run under the
first page's policy).
Nothing comes from another origin. Styles keep 'unsafe-inline': Markdown tables
align cells with style attributes and Material sets styles from its bundle; a
style cannot run script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from .safe_text import html_script_problems

# Script types a browser executes (a data block such as JSON-LD is never run).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                    "application/ecmascript"}
META_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)
# The tag alone, not the white space after it: applying the policy twice gives the same page.
EXISTING = re.compile(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", re.I)


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        a = {k: (v or "") for k, v in attrs}
        if "src" not in a and a.get("type", "").strip().lower() in EXECUTABLE_TYPES:
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def content_problems(content_html: str) -> list[str]:
    """Everything in a page's rendered content that could run script (empty when nothing)."""
    return list(dict.fromkeys(problem for _line, problem in html_script_problems(content_html)))


# The content area of a Material page (everything else is the templates' own markup).
CONTENT_AREA = re.compile(r'(<article class="md-content__inner[^"]*">).*?(</article>)', re.S)


def template_part(page_html: str) -> str:
    """A built page with its content area emptied: what the templates wrote."""
    return CONTENT_AREA.sub(r"\1\2", page_html)


def inline_scripts(page_html: str) -> list[str]:
    """The text of every inline script a browser would run, exactly as written."""
    parser = _InlineScripts()
    parser.feed(page_html)
    parser.close()
    return parser.scripts


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: list[str]) -> str:
    """The site's policy. worker-src: Material's search runs in a worker from the site."""
    directives = [
        "default-src 'self'",
        "script-src 'self' " + " ".join(sorted(set(hashes))),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(d.strip() for d in directives)


def meta_tag(csp: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{csp}">'


def with_policy(page_html: str, csp: str) -> str:
    """The page with the policy as the first thing after <meta charset> (a policy only
    governs what comes after it); an earlier policy tag is replaced."""
    page_html = EXISTING.sub("", page_html)
    match = META_CHARSET.search(page_html)
    if not match:
        raise ValueError("the page has no <meta charset=utf-8> to put the policy after")
    return page_html[: match.end()] + meta_tag(csp) + page_html[match.end():]


def apply_to_site(site_dir: Path | str, template_scripts: set[str] | frozenset[str] | None = None
                  ) -> tuple[str, list[str]]:
    """Put one policy on every HTML page, covering the inline scripts the templates ship
    (`template_scripts`; None: read from the pages outside their content). Returns the
    policy and one problem per page that holds an inline script the templates did not
    ship (the policy blocks it; the build must say so)."""
    pages = sorted(Path(site_dir).rglob("*.html"))
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    if template_scripts is None:
        template_scripts = {s for text in texts.values() for s in inline_scripts(template_part(EXISTING.sub("", text)))}
    csp = policy([script_hash(s) for s in template_scripts])
    problems = []
    for path, text in texts.items():
        foreign = [s for s in inline_scripts(EXISTING.sub("", text)) if s not in template_scripts]
        if foreign:
            problems.append(f"{path.relative_to(site_dir)}: an inline script the templates did not ship "
                            f"(blocked by the policy): {foreign[0][:60]!r}")
        try:
            path.write_text(with_policy(text, csp), encoding="utf-8")
        except ValueError as exc:
            problems.append(f"{path.relative_to(site_dir)}: no policy written: {exc}")
    return csp, problems
