"""`python -m explainer generate`: write the data-driven pages as ordinary Markdown.

The pages listed in site.GENERATED_PAGES are committed with their generated part
filled in, so MkDocs, ProperDocs, Zensical or any Markdown reader sees the same
content. A file is written only when its content changes (`mkdocs serve` watches
docs/ and would otherwise rebuild in a loop); `--check` writes nothing and fails
when a committed page is stale (a test runs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .site import GENERATED_PAGES, SiteContent, expand, load_content
from .siteconfig import SiteConfig


@dataclass(frozen=True)
class Outcome:
    path: Path
    changed: bool      # the file on disk differs (was rewritten, or would be with check=True)


def generated_text(content: SiteContent, docs_dir: Path, src: str) -> tuple[str, str]:
    """(current file text, text it should have) for one generated page (src: its English
    path; the file is the content's edition's)."""
    page = next(g for g in GENERATED_PAGES if g.src == src)
    path = Path(docs_dir) / content.edition.src(src)
    current = path.read_text(encoding="utf-8")
    return current, expand(current, page, page.render(content))


def generate(config: SiteConfig, check: bool = False) -> list[Outcome]:
    """Bring every generated page up to date with data/ (or, with check, only compare)."""
    out = []
    for edition in config.editions:
        content = load_content(config.data_dir, pages=config.edition_titles(edition), docs_dir=config.docs_dir,
                               edition=edition)
        for page in GENERATED_PAGES:
            current, wanted = generated_text(content, config.docs_dir, page.src)
            path = config.docs_dir / edition.src(page.src)
            if wanted != current and not check:
                path.write_text(wanted, encoding="utf-8")
            out.append(Outcome(path, wanted != current))
    return out
