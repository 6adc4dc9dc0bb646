"""One namespace of ids the site's own markup uses, which no data id may take.

Glossary terms, FAQ questions, sections and their old ids, and sources become element ids
on pages that also carry ids of the site's own: the `## Sources { #sources }` section
every citing page ends with, the glossary's filter box and letter bar, the benchmark
chart, the Sources page's sections, and the error page's heading. A data id equal to one of them would duplicate it (and take its links,
its label or its script). Material's own ids all start with `__`, which no slug can.
tests/test_hostile_classes.py checks that every id of a built page that no data file
gave is in this namespace, so the list cannot fall behind the templates.
"""

from __future__ import annotations

import re

# Ids written by explainer/ (glossary.py, benchmarks.py, sources.py, sources_page.py) and
# by overrides/404.html.
SITE_IDS = frozenset({
    "sources",                                          # every citing page's list of sources
    "glossary-filter-input", "glossary-filter-status", "glossary-terms",   # glossary.py
    "bench-chart-title", "bench-chart-desc",            # benchmarks.py
    "primary-sources", "news-reports", "analysis",      # sources_page.py
    "not-found", "not-found-zh-tw",                     # overrides/404.html (both languages)
})
# Prefixes of families of ids: the glossary's letter anchors, Material's own ids.
PREFIXES = ("letter-", "__")


# Ids a page's own Markdown gives: `{ #id }` attribute lists and the slug of its `# Title`
# (the table of contents gives the title heading an id from its text).
EXPLICIT_ID = re.compile(r"\{[^}\n]*#([A-Za-z0-9_:.-]+)[^}\n]*\}")
TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


def page_ids(markdown_text: str) -> set[str]:
    """The ids a hand-written page part gives its elements (a data id on that page may not take one)."""
    from pymdownx.slugs import slugify  # the slugify mkdocs.yml configures for the toc
    ids = set(EXPLICIT_ID.findall(markdown_text))
    if title := TITLE.search(markdown_text):
        ids.add(slugify(case="lower")(EXPLICIT_ID.sub("", title.group(1)).strip(), "-"))
    return ids


def reserved_id_problem(value: str) -> str | None:
    """Why `value` may not be a data id (None when it may)."""
    if value in SITE_IDS:
        return f"'{value}' is reserved: the site's own markup uses that id"
    prefix = next((p for p in PREFIXES if value.startswith(p)), None)
    if prefix:
        return f"'{value}' is reserved: ids starting with '{prefix}' belong to the site's own markup"
    return None
