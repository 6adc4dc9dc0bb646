"""Reading the built site the way a browser would: pages, links and anchors."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from explainer.addresses import built_file, html_pages


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(built_file(site, url).read_text(encoding="utf-8"), "html.parser")


def references(page: BeautifulSoup):
    """(attribute, value) of everything a page links to or loads."""
    for tag in page.find_all(True):
        for attr in ("href", "src", "srcset", "data", "poster", "action"):
            value = tag.get(attr)
            if value:
                yield tag, attr, value


def broken_internal_links(site: Path, base: str) -> list[str]:
    """Every internal link or asset that does not resolve, with the #anchor checked.

    `base` is the address the site is served from (e.g. "http://host/repo/");
    links are resolved against each page's URL exactly as a browser resolves them.
    """
    base_parts = urlsplit(base)
    pages = html_pages(site)
    ids_cache: dict[Path, set[str]] = {}
    problems = []
    for url, file in pages.items():
        if url == "404.html":
            continue  # its links are absolute by design; checked separately
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        page_url = urljoin(base, url)
        for tag, attr, value in references(page):
            if attr == "srcset" or value.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urlsplit(urljoin(page_url, value))
            if target.scheme not in ("http", "https") or target.netloc != base_parts.netloc:
                continue  # external; checked by the third-party test
            if not target.path.startswith(base_parts.path):
                problems.append(f"{url}: {value} leaves the site's path {base_parts.path}")
                continue
            rel = unquote(target.path[len(base_parts.path):])
            file_path = built_file(site, rel)
            if not file_path.is_file():
                problems.append(f"{url}: <{tag.name} {attr}={value!r}> -> missing {rel or '/'}")
                continue
            if target.fragment and file_path.suffix == ".html":
                if file_path not in ids_cache:
                    target_page = BeautifulSoup(file_path.read_text(encoding="utf-8"), "html.parser")
                    ids_cache[file_path] = {t["id"] for t in target_page.find_all(id=True)}
                if unquote(target.fragment) not in ids_cache[file_path]:
                    problems.append(f"{url}: {value} -> no element with id '{target.fragment}'")
    return problems
