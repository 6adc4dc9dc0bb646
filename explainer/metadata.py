"""How each page presents itself to the web: titles, descriptions, social tags,
structured data, robots.txt and the page summaries machine readers get.

Plain Python with no knowledge of MkDocs: the adapter hands in a Site and a
PageInfo per page and prints what comes back.
"""

from __future__ import annotations

import html

import posixpath
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from .records import DataError
from .social_image import HEIGHT, WIDTH, Card

SCHEMA = "https://schema.org"
# Where per-page social cards go, relative to the site root.
SOCIAL_DIR = "assets/images/social"
# schema.org asks for an Article headline of at most 110 characters.
HEADLINE_MAX = 110


@dataclass(frozen=True)
class Site:
    name: str
    url: str               # absolute, ends with "/"
    description: str
    language: str = "en"
    card_dir: str = SOCIAL_DIR  # where the social cards go, relative to the site root

    @property
    def organization(self) -> dict:
        """The site itself as publisher and author: a team, not a person."""
        return {"@type": "Organization", "@id": f"{self.url}#organization", "name": self.name, "url": self.url}


@dataclass(frozen=True)
class PageInfo:
    url: str               # page URL relative to the site root: "" for home, "delay/"
    title: str
    description: str = ""
    is_home: bool = False
    modified: str | None = None   # ISO 8601, from the page's history
    published: str | None = None  # ISO 8601, where known


@dataclass(frozen=True)
class PageHead:
    """Everything a page's <head> needs beyond what the theme prints itself."""
    title: str             # the <title>
    description: str       # the meta description, never empty
    canonical: str         # absolute URL of the page
    image_path: str        # social card, relative to the site root
    image_url: str         # the same, absolute
    tags: list[dict]       # [{"attr": "property"|"name", "key": "og:title", "content": "..."}]
    jsonld: list[dict]     # schema.org objects, ready for json.dumps
    card: Card             # what the social card at image_path shows


def describe(meta: dict | None, site: Site) -> str:
    """A page's one-line summary: its front-matter description, else the site's."""
    value = (meta or {}).get("description")
    text = " ".join(value.split()) if isinstance(value, str) else ""
    return text or " ".join(site.description.split())


def iso_datetime(raw: str | None, timezone: str = "UTC") -> str | None:
    """'2026-11-29 00:58:37' in the given zone -> '2026-11-29T00:58:37+00:00'."""
    if not raw:
        return None
    try:
        moment = datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=ZoneInfo(timezone)).isoformat()


def front_matter_date(value: Any, where: str, key: str = "published") -> str | None:
    """A front-matter date (`published: 2025-08-05`) as ISO 8601, or None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).isoformat() if "T" in value else \
                date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise DataError(where, None, f"front matter '{key}: {value}' is not a date like 2025-08-05")


def html_title(page: PageInfo, site: Site) -> str:
    """A unique <title>: the page title, then the site name (the home page says it once)."""
    if page.is_home:
        return page.title or site.name
    return f"{page.title} - {site.name}" if page.title else site.name


def social_image_path(page_url: str, card_dir: str = SOCIAL_DIR) -> str:
    """The card of a page, relative to the site root: "delay/" -> assets/images/social/delay.png."""
    stem = page_url.strip("/") or "index"
    if stem.endswith(".html"):
        stem = stem[: -len(".html")]
    return f"{card_dir.strip('/')}/{stem}.png"


def page_info(url: str, nav_title: str, meta: dict | None, site: Site, src: str,
              modified: str | None = None) -> PageInfo:
    """What the head of a page is made from: its address, its front matter and its history.

    The title is the front matter's `title:` (else the navigation title); `published:`
    must be a date (DataError naming docs/<src> otherwise).
    """
    meta = meta or {}
    return PageInfo(
        url=url,
        title=str(meta.get("title") or nav_title or ""),
        description=describe(meta, site),
        is_home=url == "",
        modified=modified,
        published=front_matter_date(meta.get("published"), f"docs/{src}"),
    )


def page_head(page: PageInfo, site: Site) -> PageHead:
    """Social tags and structured data for one page."""
    canonical = urljoin(site.url, page.url)
    description = page.description or " ".join(site.description.split())
    title = page.title or site.name
    image_path = social_image_path(page.url, site.card_dir)
    image_url = urljoin(site.url, image_path)
    image_alt = f"{title} - {site.name}" if not page.is_home else site.name

    tags: list[tuple[str, str, str | None]] = [
        ("property", "og:type", "website" if page.is_home else "article"),
        ("property", "og:site_name", site.name),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", canonical),
        ("property", "og:image", image_url),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(WIDTH)),
        ("property", "og:image:height", str(HEIGHT)),
        ("property", "og:image:alt", image_alt),
    ]
    if not page.is_home:
        tags += [
            ("property", "article:published_time", page.published),
            ("property", "article:modified_time", page.modified),
        ]
    tags += [
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image_url),
        ("name", "twitter:image:alt", image_alt),
    ]

    jsonld = [website_jsonld(site) if page.is_home else
              article_jsonld(page, site, canonical, title, description, image_url)]
    return PageHead(
        title=html_title(page, site),
        description=description,
        canonical=canonical,
        image_path=image_path,
        image_url=image_url,
        tags=[{"attr": a, "key": k, "content": v} for a, k, v in tags if v],
        jsonld=jsonld,
        card=Card(title=title, line=description, site_name=site.name,
                  address=canonical.split("://", 1)[-1]),
    )


def website_jsonld(site: Site) -> dict:
    """schema.org WebSite, for the home page."""
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": f"{site.url}#website",
        "url": site.url,
        "name": site.name,
        "description": " ".join(site.description.split()),
        "inLanguage": site.language,
        "publisher": site.organization,
        "image": urljoin(site.url, social_image_path("", site.card_dir)),
    }


def article_jsonld(page: PageInfo, site: Site, canonical: str, title: str, description: str,
                   image_url: str) -> dict:
    """schema.org Article, for every page but the home page."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Article",
        "@id": f"{canonical}#article",
        "url": canonical,
        "mainEntityOfPage": canonical,
        "headline": _shorten(title, HEADLINE_MAX),
        "description": description,
        "image": image_url,
        "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "@id": f"{site.url}#website", "name": site.name, "url": site.url},
        "author": site.organization,
        "publisher": site.organization,
    }
    if page.published:
        data["datePublished"] = page.published
    if page.modified:
        data["dateModified"] = page.modified
    return data




def robots_txt(site: Site, other_roots: list[str] | tuple[str, ...] = ()) -> str:
    """Everything may be crawled; the sitemaps (one per edition) are named by their absolute URLs."""
    return (
        f"# {site.name}\n"
        "User-agent: *\n"
        "Allow: /\n"
        "\n"
        + "".join(f"Sitemap: {urljoin(root, 'sitemap.xml')}\n" for root in (site.url, *other_roots))
    )


def sitemap_xml(urls: list[tuple[str, str | None, dict[str, str], str]]) -> str:
    """A sitemap: (address, last change day, {hreflang: address}, x-default address) per page."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for loc, lastmod, alternates, default in urls:
        out.append("<url>")
        out.append(f"<loc>{html.escape(loc)}</loc>")
        if lastmod:
            out.append(f"<lastmod>{html.escape(lastmod)}</lastmod>")
        for lang, href in alternates.items():
            out.append(f'<xhtml:link rel="alternate" hreflang="{html.escape(lang)}" href="{html.escape(href)}"/>')
        out.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{html.escape(default)}"/>')
        out.append("</url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def repo_edit_url(edit_uri: str | None, docs_dir: str, repo_path: str) -> str | None:
    """The edit link of a file outside the docs folder (e.g. data/faq.yml).

    edit_uri is the absolute edit address of the docs folder
    (".../edit/main/docs/"); docs_dir and repo_path are relative to the repository root.
    """
    if not edit_uri or "://" not in edit_uri:
        return None
    base = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
    return urljoin(base, posixpath.relpath(repo_path, docs_dir.strip("/") or "."))


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"
