"""Addresses, in one place: page file to URL and back, URL to built file, absolute URLs,
the sub-path a site is served under, and the sitemap reader.

Used by the package, the MkDocs adapter, the tests and the tools, so a page has one
address however it is reached. URLs here are relative to the site root: "" for the home
page, "delay/" for docs/delay.md (directory URLs, as MkDocs, ProperDocs and Zensical
publish them), "404.html" for a file that is not a page folder.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from .records import DataError

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# A folder or file name inside the site: letters, digits, dot, hyphen, underscore; not "." or "..".
SITE_PATH_PART = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


def site_path_problem(rel: str) -> str | None:
    """Why `rel` is not a path inside the site (relative, no `..`, no odd characters), or None."""
    parts = rel.strip("/").split("/") if isinstance(rel, str) else None
    if not parts or rel.startswith(("/", "\\")) or not all(SITE_PATH_PART.fullmatch(p) and p != ".." for p in parts):
        return f"'{rel}' must be a relative path inside the site (folders of letters, digits, '.', '-', '_'; no '..')"
    return None


def output_path(site_dir: Path | str, rel: str) -> Path:
    """The file `rel` in the built site, refusing any path that would land outside it."""
    site_dir = Path(site_dir).resolve()
    out = (site_dir / rel).resolve()
    if not out.is_relative_to(site_dir) or out == site_dir:
        raise DataError(site_dir, None, f"a file would be written outside the site folder: '{rel}'")
    return out


def page_url(src: str) -> str:
    """docs path -> page URL: "index.md" -> "", "delay.md" -> "delay/", "a/index.md" -> "a/"."""
    stem = posixpath.splitext(src)[0]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return f"{stem}/" if stem else ""


def page_src(url: str, docs_dir: Path) -> str | None:
    """page URL -> docs path that publishes it ("delay/" -> "delay.md"), None when there is none."""
    stem = url.strip("/")
    for candidate in ([f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md", "README.md"]):
        if (Path(docs_dir) / candidate).is_file():
            return candidate
    return None


def page_folder(url: str) -> str:
    """The folder a page's relative links start from: "delay/" -> "delay/", "404.html" -> ""."""
    return url if url.endswith("/") or url == "" else posixpath.dirname(url) + "/"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one page to another, as a browser resolves it: ("delay/", "glossary/") ->
    "../glossary/"; from a file URL ("404.html") the link starts at its folder."""
    here = page_folder(from_url)
    rel = posixpath.relpath(to_url or ".", here.rstrip("/") or ".")
    if to_url == "" or to_url.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def built_file(site_dir: Path, url: str) -> Path:
    """page URL -> the file a static server answers with: "delay/" -> site/delay/index.html."""
    path = Path(site_dir) / url
    return path / "index.html" if url == "" or url.endswith("/") else path


def url_of_file(site_dir: Path, file: Path) -> str:
    """built file -> page URL: site/delay/index.html -> "delay/"; site/404.html -> "404.html"."""
    rel = Path(file).relative_to(site_dir).as_posix()
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def html_pages(site_dir: Path) -> dict[str, Path]:
    """Every HTML file of a built site, by page URL, in a stable order."""
    site_dir = Path(site_dir)
    return {url_of_file(site_dir, f): f for f in sorted(site_dir.rglob("*.html"))}


def site_root(site_url: str) -> str:
    """site_url with exactly one trailing slash ("https://x.io/repo" -> "https://x.io/repo/")."""
    return site_url.rstrip("/") + "/"


def absolute_url(site_url: str, url: str) -> str:
    """A page URL on the published site: ("https://x.io/repo/", "delay/") -> ".../repo/delay/"."""
    return site_root(site_url) + url.lstrip("/")


def path_prefix(site_url: str) -> str:
    """The sub-path the site is served under: "https://x.github.io/repo/" -> "/repo/"."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def sitemap_locations(sitemap_xml: str | bytes) -> list[str]:
    """Every <loc> of a sitemap, as written (absolute URLs)."""
    root = ET.fromstring(sitemap_xml)
    return [el.text.strip() for el in root.iter(f"{SITEMAP_NS}loc") if el.text and el.text.strip()]


def sitemap_entries(sitemap_xml: str | bytes) -> dict[str, str | None]:
    """<loc> -> <lastmod> (None when absent) for every URL of a sitemap."""
    root = ET.fromstring(sitemap_xml)
    out = {}
    for item in root.iter(f"{SITEMAP_NS}url"):
        loc = (item.findtext(f"{SITEMAP_NS}loc") or "").strip()
        if loc:
            out[loc] = (item.findtext(f"{SITEMAP_NS}lastmod") or "").strip() or None
    return out


def sitemap_page_urls(sitemap_xml: str | bytes) -> list[str]:
    """The pages of a sitemap as page URLs relative to the site root ("", "delay/", ...).

    The sitemap carries site_url, which need not be where the site is served (tests and
    the benchmark serve it elsewhere), so each address is taken relative to the sitemap's
    own root: its home page, or failing that the longest common folder.
    """
    locs = sitemap_locations(sitemap_xml)
    if not locs:
        return []
    root = min(locs, key=len)
    if not all(loc.startswith(root) for loc in locs):
        common = posixpath.commonprefix(locs)
        root = common[: common.rfind("/") + 1]
    return [loc[len(root):] for loc in locs]
