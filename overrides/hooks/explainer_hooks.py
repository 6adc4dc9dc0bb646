"""MkDocs adapter for the explainer package: wiring only, no content logic.

Everything that turns data into Markdown or JSON-LD lives in explainer/ and
knows nothing of MkDocs; moving to another generator means rewriting this file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from explainer import DataError, csp, llms, metadata, safe_text, site, social_image  # noqa: E402


class _State:
    content: "site.SiteContent | None" = None
    site: "metadata.Site | None" = None
    cards: list = []  # (path in site_dir, social_image.Card), drawn after the build
    glossary_url: str = "glossary/"
    copies: list = []  # llms.PageCopy per page, written after the build
    serving: bool = False  # `mkdocs serve`: its live-reload script is inline and changes per request


def on_startup(command, **_):
    _State.serving = command == "serve"


def on_config(config, **_):
    pages = dict(_nav_titles(config.nav or []))
    try:
        _State.content = site.load_content(ROOT / "data", pages=pages, docs_dir=config.docs_dir,
                                           template_dirs=config.theme.dirs)
    except DataError as exc:
        # Fail before a single page is written: nothing half-built is published.
        raise PluginError(f"Invalid site data: {exc}") from exc
    config.markdown_extensions.append(_State.content.term_links)

    if not config.site_url:
        raise PluginError("site_url must be set: canonical links, social cards and robots.txt need it")
    _State.site = metadata.Site(name=config.site_name, url=config.site_url.rstrip("/") + "/",
                                description=config.site_description or "",
                                language=config.theme.get("language") or "en")
    _State.cards = []
    _State.copies = []
    try:
        social_image.check_fonts()
    except social_image.SocialImageError as exc:
        raise PluginError(str(exc)) from exc
    return config


def on_page_markdown(markdown, page, config, **_):
    content = _State.content
    try:
        result = content.page_markdown(page.file.src_uri, page.url, markdown,
                                       page_url=_absolute(config, page.url), meta=page.meta)
    except DataError as exc:
        raise PluginError(f"Invalid site data: {exc}") from exc
    page.meta["jsonld"] = [_json(d) for d in result.jsonld]
    if page.file.src_uri == site.GLOSSARY_PAGE:
        _State.glossary_url = page.url
    _State.copies.append(llms.PageCopy(
        src=page.file.src_uri, url=page.url, title=page.title or "",
        summary=metadata.describe(page.meta, _State.site), markdown=result.markdown))
    return result.markdown


def on_page_content(html, page, config, **_):
    """Head tags, structured data, freshness and edit link of a page.

    Runs after every plugin's on_page_markdown (so the git dates are known) and
    before sitemap.xml is written (so its lastmod can use them).
    """
    meta = page.meta
    dates = config.plugins.get("git-revision-date-localized")
    zone = dates.config.get("timezone", "UTC") if dates is not None else "UTC"
    data_file = _State.content.data_file(page.file.src_uri)
    if data_file is not None and dates is not None:
        _show_data_file_date(page, dates, data_file, config)
    try:
        published = metadata.front_matter_date(meta.get("published"), f"docs/{page.file.src_uri}")
    except DataError as exc:
        raise PluginError(str(exc)) from exc
    info = metadata.PageInfo(
        url=page.url,
        title=str(meta.get("title") or page.title or ""),
        description=metadata.describe(meta, _State.site),
        is_home=page.is_homepage,
        modified=metadata.iso_datetime(meta.get("git_revision_date_localized_raw_iso_datetime"), zone),
        published=published,
    )
    head = metadata.page_head(info, _State.site)
    meta["html_title"] = head.title
    # Material prints the description into an attribute without escaping it.
    meta["description"] = escape(head.description)
    meta["social_tags"] = head.tags
    meta["jsonld"] = [_json(d) for d in head.jsonld] + list(meta.get("jsonld") or [])
    if info.modified:
        page.update_date = info.modified[:10]  # sitemap.xml <lastmod>
    if data_file is not None and page.edit_url:
        page.edit_url = metadata.repo_edit_url(config.edit_uri, _repo_path(config.docs_dir),
                                               _repo_path(data_file)) or page.edit_url
    _State.cards.append((head.image_path, head.card))
    return html


def _show_data_file_date(page, dates, data_file, config):
    """A page generated from a data file changed when either file did: show the later date.

    Uses the git-revision-date plugin's own reader and formats, so the date looks
    (and falls back to the build date) exactly like every other page's.
    """
    util = getattr(dates, "util", None)
    shown_raw = page.meta.get("git_revision_date_localized_raw_iso_datetime")
    if util is None or not shown_raw:
        return
    _, stamp = util.get_git_commit_timestamp(path=str(data_file), is_first_commit=False)
    locale = config.theme.get("language") or "en"
    raw = util.get_date_formats_for_timestamp(stamp, locale=locale, add_spans=False)
    if raw["iso_datetime"] <= shown_raw:
        return
    page.meta["git_revision_date_localized"] = util.get_date_formats_for_timestamp(
        stamp, locale=locale, add_spans=True)[dates.config.get("type", "date")]
    for kind, value in raw.items():
        page.meta[f"git_revision_date_localized_raw_{kind}"] = value


def on_post_build(config, **_):
    """Draw the social cards and write robots.txt (site_url comes from the environment)."""
    out = Path(config.site_dir)
    try:
        for path, card in _State.cards:
            social_image.save_card(card, out / path)
    except social_image.SocialImageError as exc:
        raise PluginError(str(exc)) from exc
    (out / "robots.txt").write_text(metadata.robots_txt(_State.site), encoding="utf-8")
    _index_glossary_aliases(out / "search" / "search_index.json", config)
    _write_llms(out, config)
    if not _State.serving:
        csp.apply_to_site(out)  # last: hashes the inline scripts of the finished pages


def _write_llms(out: Path, config) -> None:
    """llms.txt, llms-full.txt and a Markdown copy of every page."""
    settings = config.extra.get("llms", {})
    files = llms.site_files(config.site_name, _State.site.description, settings.get("intro", ""),
                            settings.get("sections", {}), _State.copies, _State.site.url)
    for path, text in files.items():
        (out / path).write_text(text, encoding="utf-8")


def _index_glossary_aliases(index_file: Path, config) -> None:
    """Material indexes a section under its heading only; add each term's aliases."""
    if not index_file.exists():
        return
    titles = _State.content.search_titles(_State.glossary_url)
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        doc["title"] = titles.get(doc["location"], doc["title"])
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _json(data) -> str:
    return safe_text.script_json(data)


def _repo_path(path) -> str:
    return Path(path).resolve().relative_to(ROOT).as_posix()


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
