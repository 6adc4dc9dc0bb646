"""MkDocs adapter for the explainer package: wiring only, no content logic.

Everything that turns data into Markdown or JSON-LD lives in explainer/ and
knows nothing of MkDocs; moving to another generator means rewriting this file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from explainer import DataError, site  # noqa: E402


class _State:
    content: "site.SiteContent | None" = None


def on_config(config, **_):
    pages = dict(_nav_titles(config.nav or []))
    try:
        _State.content = site.load_content(ROOT / "data", pages=pages)
    except DataError as exc:
        # Fail before a single page is written: nothing half-built is published.
        raise PluginError(f"Invalid site data: {exc}") from exc
    config.markdown_extensions.append(_State.content.term_links)
    return config


def on_page_markdown(markdown, page, config, **_):
    content = _State.content
    try:
        result = content.page_markdown(page.file.src_uri, page.url, markdown,
                                       page_url=_absolute(config, page.url), meta=page.meta)
    except DataError as exc:
        raise PluginError(f"Invalid site data: {exc}") from exc
    page.meta["jsonld"] = [json.dumps(d, ensure_ascii=False, separators=(",", ":"))
                           for d in result.jsonld]
    return result.markdown


def _absolute(config, url: str) -> str:
    return config.site_url.rstrip("/") + "/" + url if config.site_url else url


def _nav_titles(nav):
    """(path, title) for every page in the nav, however deeply nested."""
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, title
                else:
                    yield from _nav_titles(value)
