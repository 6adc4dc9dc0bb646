"""Published anchors: the registry that keeps every shared link working.

data/anchors.yml lists, per page, every anchor the site has published, and
the aliases (old id -> current id) that keep renamed anchors landing on the
right section. A registered anchor must resolve in the built site, directly
or through an alias; a new anchor is published by adding it to the registry
(`python -m explainer.anchors --update site/` does that for you).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .addresses import html_pages, url_of_file
from .records import SLUG, DataError, load_yaml

ID_ATTR = re.compile(r"""\sid=["']([^"']+)["']""")
ALIAS_ATTR = re.compile(r"""<[^>]*\bid=["']([^"']+)["'][^>]*\bdata-alias-for=["']([^"']+)["']""")
# Section headings; the page title (h1) is the page itself, linked without an anchor.
HEADING_ID = re.compile(r"""<h[2-6][^>]*\sid=["']([^"']+)["']""")
# Headings of MkDocs' and Material's own chrome, not authored sections.
CHROME_IDS = {"__skip", "__comments"}


def alias_html(old_id: str, new_id: str) -> str:
    """An empty anchor under an old id; site.js forwards it to the new one."""
    return (f'<span class="anchor-alias" id="{html.escape(old_id)}" '
            f'data-alias-for="{html.escape(new_id)}"></span>')


def insert_aliases(markdown_text: str, aliases: dict[str, str], registry_path: Path | str, page: str) -> str:
    """Put an alias anchor right before the block that carries each target id."""
    lines = markdown_text.split("\n")
    for old, new in aliases.items():
        target = re.compile(r"\{[^}]*#" + re.escape(new) + r"[\s}]|\bid=[\"']" + re.escape(new) + r"[\"']")
        for i, line in enumerate(lines):
            if target.search(line):
                lines[i:i] = [alias_html(old, new), ""]
                break
        else:
            raise DataError(registry_path, f"{page}#{old}", f"alias target '{new}' is not an anchor of that page")
    return "\n".join(lines)


@dataclass
class Registry:
    path: Path
    pages: dict[str, list[str]] = field(default_factory=dict)        # page url -> anchors
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # page url -> {old: new}

    def aliases_for(self, page_url: str) -> dict[str, str]:
        return self.aliases.get(page_url, {})


def load_registry(path: Path | str) -> Registry:
    path = Path(path)
    return registry_from(load_yaml(path), path)


def registry_from(data: object, path: Path | str) -> Registry:
    """Check the parsed registry's shape; every problem is a DataError naming the entry."""
    path = Path(path)
    data = {} if data is None else data
    if not isinstance(data, dict) or not set(data) <= {"pages", "aliases"}:
        raise DataError(path, None, "must be a mapping with the keys 'pages' and 'aliases'")
    reg = Registry(path)
    pages = data.get("pages") or {}
    if not isinstance(pages, dict):
        raise DataError(path, "pages", "must map each page URL to the list of its anchor ids")
    for url, ids in pages.items():
        if not isinstance(url, str):
            raise DataError(path, str(url), "page URLs must be text")
        if not isinstance(ids, list) or not all(isinstance(i, str) and SLUG.match(i) for i in ids):
            raise DataError(path, url, "must list anchor ids (lower-case slugs)")
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise DataError(path, url, f"lists anchor '{dup}' twice")
        reg.pages[url] = ids
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, dict):
        raise DataError(path, "aliases", "must map each page URL to its aliases (old id: current id)")
    for url, mapping in aliases.items():
        if not isinstance(mapping, dict):
            raise DataError(path, str(url), "aliases must map an old id to the current id")
        for old, new in mapping.items():
            if not (isinstance(old, str) and SLUG.match(old) and isinstance(new, str) and SLUG.match(new)):
                raise DataError(path, f"{url}#{old}", "alias and target must be lower-case slugs")
        reg.aliases[url] = dict(mapping)
    return reg


def dropped_anchors(before: Registry, after: Registry) -> list[str]:
    """Anchors `before` published that `after` no longer knows, neither as an anchor nor
    as an alias: the registry only grows (a renamed id stays, with an alias)."""
    problems = []
    for url in sorted(set(before.pages) | set(before.aliases)):
        known = set(after.pages.get(url, [])) | set(after.aliases.get(url, {}))
        for anchor in [*before.pages.get(url, []), *before.aliases.get(url, {})]:
            if anchor not in known:
                problems.append(f"{after.path}: '{url}#{anchor}' was published and is gone from the registry; "
                                f"keep it under pages: and, if it was renamed, add it under aliases: '{url}'")
    return problems


def page_url_of(html_file: Path, site_dir: Path) -> str:
    return url_of_file(site_dir, html_file)


def anchors_in(page_html: str) -> set[str]:
    return set(ID_ATTR.findall(page_html))


def published_in(page_html: str) -> set[str]:
    """Anchors a page publishes: section headings and explicit aliases."""
    return ({i for i in HEADING_ID.findall(page_html) if i not in CHROME_IDS}
            | {old for old, _ in ALIAS_ATTR.findall(page_html)})


def resolve(page_html: str, anchor: str) -> str | None:
    """The id a link to `anchor` lands on (after an alias), or None if it lands nowhere."""
    aliases = dict(ALIAS_ATTR.findall(page_html))
    ids = anchors_in(page_html)
    target = aliases.get(anchor, anchor)
    return target if target in ids else None


def site_pages(site_dir: Path) -> dict[str, str]:
    return {url: f.read_text(encoding="utf-8") for url, f in html_pages(site_dir).items()
            if f.name != "404.html"}


def missing_anchors(reg: Registry, site_dir: Path) -> list[str]:
    """Registered anchors that no longer land anywhere in the built site."""
    pages = site_pages(site_dir)
    problems = []
    for url, ids in reg.pages.items():
        if url not in pages:
            problems.append(f"{reg.path}: page '{url}' is registered but was not built")
            continue
        for anchor in ids:
            if resolve(pages[url], anchor) is None:
                problems.append(f"{reg.path}: '{url}#{anchor}' no longer resolves; "
                                f"restore it or add an alias under aliases: '{url}'")
    return problems


def unregistered_anchors(reg: Registry, site_dir: Path) -> list[str]:
    """Anchors the built site publishes that the registry does not know yet."""
    out = []
    for url, page_html in site_pages(site_dir).items():
        known = set(reg.pages.get(url, []))
        out += [f"{url}#{a}" for a in sorted(published_in(page_html) - known)]
    return out


def update_registry(reg: Registry, site_dir: Path) -> int:
    """Add every newly published anchor; never removes one. Returns how many were added."""
    added = 0
    for url, page_html in site_pages(site_dir).items():
        ids = reg.pages.setdefault(url, [])
        for anchor in sorted(published_in(page_html) - set(ids)):
            ids.append(anchor)
            added += 1
    header = (reg.path.read_text(encoding="utf-8").split("\npages:")[0]
              if reg.path.exists() else "")
    body = yaml.safe_dump({"pages": reg.pages, "aliases": reg.aliases or {}},
                          sort_keys=False, allow_unicode=True, width=100)
    reg.path.write_text((header.rstrip() + "\n" if header.strip() else "") + body, encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--registry", type=Path, default=Path("data/anchors.yml"))
    parser.add_argument("--update", action="store_true", help="register newly published anchors")
    args = parser.parse_args(argv)
    reg = load_registry(args.registry) if args.registry.exists() else Registry(args.registry)
    if args.update:
        print(f"registered {update_registry(reg, args.site)} new anchor(s) in {args.registry}")
    problems = missing_anchors(reg, args.site)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
