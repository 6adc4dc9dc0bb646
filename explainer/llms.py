"""llms.txt, llms-full.txt and a Markdown copy of each page, for AI readers.

Made from the pages' own Markdown (after the glossary and FAQ are expanded),
not converted back from HTML: faster, and closer to what the authors wrote.
See https://llmstxt.org for the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lines of interface-only HTML (filter box, copy buttons) carry this attribute.
UI_MARKER = "data-ui"
ATTR_LIST = re.compile(r"\s*\{\s*[#.][^}]*\}\s*$")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
COMMENT = re.compile(r"<!--.*?-->")  # e.g. the markers around a generated part
LINK = re.compile(r"(\]\()([^)\s]+)(\))")


@dataclass(frozen=True)
class PageCopy:
    src: str          # path in the docs folder, e.g. "delay.md"
    url: str          # page URL relative to the site root, e.g. "delay/"
    title: str
    summary: str
    markdown: str     # the page's Markdown as rendered (front matter already removed)


def copy_path(url: str) -> str:
    """Where a page's Markdown copy is written, relative to the site root."""
    return f"{url}index.md" if url == "" or url.endswith("/") else re.sub(r"\.html$", ".md", url)


FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
UI_LINE = re.compile(r"<[a-zA-Z][^>]*\s" + UI_MARKER + r"\b")


def _outside_code(line: str, change) -> str:
    """`line` with `change` applied to its text outside code spans (code is kept as written)."""
    out, last = [], 0
    for m in CODE_SPAN.finditer(line):
        out += [change(line[last:m.start()]), m.group(0)]
        last = m.end()
    return "".join(out + [change(line[last:])])


def markdown_copy(page: PageCopy, urls: dict[str, str], site_url: str) -> str:
    """A page's Markdown for readers outside the site: links absolute, no interface HTML;
    fenced code and code spans kept exactly as written (markup shown there stays)."""
    out = []
    fence = None
    for line in page.markdown.splitlines():
        if m := FENCE.match(line):
            marker = m.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            out.append(line)
            continue
        if fence is not None:
            out.append(line)
            continue
        if UI_LINE.search(CODE_SPAN.sub("", line)):
            continue
        if line.lstrip().startswith("#"):
            line = ATTR_LIST.sub("", line)

        def plain(text: str) -> str:
            text = TAG.sub("", COMMENT.sub("", text))
            return LINK.sub(lambda m: m.group(1) + _absolute(m.group(2), page, urls, site_url) + m.group(3), text)

        out.append(_outside_code(line, plain))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return text + "\n"


def _absolute(target: str, page: PageCopy, urls: dict[str, str], site_url: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return target
    path, _, anchor = target.partition("#")
    url = urls.get(path, page.url) if path else page.url
    return site_url + url + (f"#{anchor}" if anchor else "")


def site_files(site_name: str, description: str, intro: str, sections: dict[str, list[str]],
               pages: list[PageCopy], site_url: str, other: str = "Pages") -> dict[str, str]:
    """Every file for AI readers (path relative to the site root -> text).

    `sections` maps an llms.txt heading to page paths, in order; a page listed
    nowhere goes under "Pages" at the end.
    """
    order = [src for paths in sections.values() for src in paths]
    pages = sorted(pages, key=lambda p: order.index(p.src) if p.src in order else len(order))
    urls = {p.src: p.url for p in pages}
    grouped: dict[str, list[PageCopy]] = {name: [] for name in sections}
    for p in pages:
        name = next((n for n, paths in sections.items() if p.src in paths), other)
        grouped.setdefault(name, []).append(p)
    files = {copy_path(p.url): markdown_copy(p, urls, site_url) for p in pages}
    files["llms.txt"] = llms_txt(site_name, description, intro, grouped, site_url)
    files["llms-full.txt"] = llms_full_txt(site_name, description, pages, urls, site_url)
    return files


def llms_txt(site_name: str, description: str, intro: str, sections: dict[str, list[PageCopy]],
             site_url: str) -> str:
    lines = [f"# {site_name}", "", f"> {description}", "", intro, ""]
    for name, members in sections.items():
        if not members:
            continue
        lines += [f"## {name}", ""]
        lines += [f"- [{p.title}]({site_url}{copy_path(p.url)}): {p.summary}" for p in members]
        lines.append("")
    return "\n".join(lines)


def llms_full_txt(site_name: str, description: str, pages: list[PageCopy], urls: dict[str, str],
                  site_url: str) -> str:
    parts = [f"# {site_name}\n\n> {description}\n"]
    for p in pages:
        parts.append(f"Source: {site_url}{p.url}\n\n{markdown_copy(p, urls, site_url)}")
    return "\n---\n\n".join(parts)
