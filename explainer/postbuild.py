"""`python -m explainer postbuild site/`: everything written after the HTML exists.

Social cards, robots.txt, the search records, llms.txt and the Markdown copies
are files beside the built pages; no step needs the engine, only the built site and
what the pages are made from. The MkDocs plugin calls run() from on_post_build (so
`mkdocs serve` keeps them); after any other engine, run the command.

Each step is a function (site folder, Build) -> warnings, listed in POSTBUILD_STEPS:
add a step there. A step that cannot do its work says why in a warning (the plugin
logs it, so `--strict` fails; the command exits non-zero).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from . import addresses, anchors, csp, editions, llms, metadata, minify, social_image
from . import search_records as search_records_module
from .records import DataError
from .site import FAQ_PAGE, GLOSSARY_PAGE, SiteContent
from .records import split_front_matter
from .siteconfig import SiteConfig


@dataclass(frozen=True)
class BuiltPage:
    src: str               # path in docs/, e.g. "delay.md"
    url: str               # page URL relative to the site root, e.g. "delay/"
    title: str             # its navigation title (llms.txt lists pages by it)
    meta: Mapping          # its front matter
    markdown: str          # its Markdown for readers outside the site (front matter removed, generated
                           # parts filled in, citations resolved to their addresses)


@dataclass(frozen=True)
class LlmsSettings:
    intro: str = ""
    sections: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # heading -> docs paths


@dataclass(frozen=True)
class Build:
    site: metadata.Site
    content: SiteContent
    pages: tuple[BuiltPage, ...]
    llms: LlmsSettings = LlmsSettings()
    fonts: social_image.Fonts | None = None
    with_csp: bool = True  # False only for a live-reloading preview (its injected script is inline)
    cache_dir: Path | None = None  # kept between builds (social cards); None: draw everything
    # The inline scripts the templates rendered (collected by the plugin); None: read them
    # from the built pages outside their content (explainer/csp.py).
    template_scripts: frozenset[str] | None = None
    # The edition these pages are (its pages' src and url are the English path and the address
    # under the edition's root: "delay.md", "delay/" in every edition).
    edition: editions.Edition = editions.EN
    lastmod: Mapping[str, str] = field(default_factory=dict)  # page address -> day of its last change

    def url_of(self, src: str) -> str | None:
        return next((p.url for p in self.pages if p.src == src), None)

    def dir(self, site_dir: Path) -> Path:
        """The edition's folder in the built site."""
        return Path(site_dir) / self.edition.prefix if self.edition.prefix else Path(site_dir)


def _own_pages(site_dir: Path, build: Build) -> dict[str, Path]:
    """The edition's HTML files by address under its root (the default edition's without the others')."""
    others = tuple(e.prefix for e in editions.EDITIONS if e.prefix and e != build.edition)
    return {url: f for url, f in addresses.html_pages(build.dir(site_dir)).items() if not url.startswith(others)}


def social_cards(site_dir: Path, builds: list[Build]) -> list[str]:
    """One PNG per page of every edition (in its own folder), from the title and summary its
    head names; drawn once and then taken from the cache while nothing it shows changes."""
    cache = builds[0].cache_dir / "cards" if builds[0].cache_dir else None
    used: set[str] = set()
    for build in builds:
        heads = [metadata.page_head(metadata.page_info(p.url, p.title, dict(p.meta), build.site, p.src), build.site)
                 for p in build.pages]
        used |= social_image.save_cards([(h.card, addresses.output_path(build.dir(site_dir), h.image_path))
                                         for h in heads], build.fonts, cache, prune=False)
    if cache is not None:
        social_image.prune_cache(cache, used)
    return []


def robots_txt(site_dir: Path, builds: list[Build]) -> list[str]:
    (site_dir / "robots.txt").write_text(metadata.robots_txt(builds[0].site, [b.site.url for b in builds[1:]]),
                                         encoding="utf-8")
    return []


def sitemaps(site_dir: Path, builds: list[Build]) -> list[str]:
    """With more than one edition, a sitemap per edition (Material's instant navigation reads
    the one of the edition's root), each page with its hreflang alternates and x-default
    (the English page); the root one lists every page of every edition."""
    if len(builds) < 2:
        return []
    default = builds[0]
    alternates = {}
    for b in builds:
        for p in b.pages:
            alternates.setdefault(p.url, {})[editions.HREFLANG[b.edition.locale]] = b.site.url + p.url
    lastmod = {(b.edition.locale, p.url): _lastmod(site_dir, b, p.url) for b in builds for p in b.pages}
    def in_nav_order(b: Build) -> list[tuple[Build, BuiltPage]]:
        order = list(b.content.page_titles)
        return [(b, p) for p in sorted(b.pages, key=lambda p: order.index(p.src) if p.src in order else len(order))]

    everything = [pair for b in builds for pair in in_nav_order(b)]
    for target, listed in [(default, everything)] + [(b, in_nav_order(b)) for b in builds[1:]]:
        xml = metadata.sitemap_xml([(b.site.url + p.url, lastmod[(b.edition.locale, p.url)], alternates[p.url],
                                     default.site.url + p.url) for b, p in listed])
        out = target.dir(site_dir) / "sitemap.xml"
        out.write_text(xml, encoding="utf-8")
        gz = out.with_suffix(".xml.gz")
        if gz.exists():
            gz.unlink()
    return []


def _lastmod(site_dir: Path, build: Build, url: str) -> str | None:
    """The page's date as MkDocs wrote it into its own sitemap (the page's last change)."""
    return build.lastmod.get(url)


# Where search indexes lie and the key of their entry list: Material 9 (MkDocs,
# ProperDocs), then Zensical. Each entry has a "location" ("glossary/#moe") and a "title".
SEARCH_INDEXES = (("search/search_index.json", "docs"), ("search.json", "items"))


def search_records(site_dir: Path, builds: list[Build]) -> list[str]:
    """One search index per edition (the engine writes one for all: a reader searching the
    Chinese edition gets Chinese results, and English ones only in English). In each, every
    glossary entry's search title carries its aliases; in Material's index, glossary terms,
    FAQ answers and pages also get the names a reader types for them (explainer/search_records.py)."""
    found_index = next(((path, key) for path, key in SEARCH_INDEXES if (site_dir / path).is_file()), None)
    if found_index is None:
        return [f"no search index ({' or '.join(p for p, _ in SEARCH_INDEXES)}): "
                "glossary aliases were not added to the search titles"]
    path, key = found_index
    warnings = _split_index(site_dir, path, key, builds) if len(builds) > 1 else []
    for build in builds:
        warnings += _name_records(build.dir(site_dir) / path, key, build)
    return warnings


def _split_index(site_dir: Path, path: str, key: str, builds: list[Build]) -> list[str]:
    """The engine's index, one per edition: each edition's entries, located from its root."""
    index_file = site_dir / path
    index = json.loads(index_file.read_text(encoding="utf-8"))
    entries = index.get(key) if isinstance(index, dict) else None
    if not isinstance(entries, list):
        return [f"{path} has no list '{key}': the search index was not split by edition"]
    for build in builds[1:]:
        prefix = build.edition.prefix
        if not any(isinstance(e, dict) and str(e.get("location", "")).startswith(prefix) for e in entries):
            continue  # split already (the command run again over a built site)
        own = [dict(e, location=e["location"][len(prefix):]) for e in entries
               if isinstance(e, dict) and str(e.get("location", "")).startswith(prefix)]
        entries = [e for e in entries if not (isinstance(e, dict) and str(e.get("location", "")).startswith(prefix))]
        out = build.dir(site_dir) / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({**index, key: own}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    index[key] = entries
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return []


def _name_records(index_file: Path, key: str, build: Build) -> list[str]:
    glossary_url = build.url_of(GLOSSARY_PAGE)
    if glossary_url is None:
        return [f"{GLOSSARY_PAGE} was not built: glossary aliases were not added to the search titles"]
    if not index_file.is_file():
        return [f"no search index at {index_file}: glossary aliases were not added to the search titles"]
    titles = build.content.search_titles(glossary_url)
    index = json.loads(index_file.read_text(encoding="utf-8"))
    entries = index.get(key) if isinstance(index, dict) else None
    if not isinstance(entries, list) or not all(isinstance(d, dict) and "location" in d for d in entries):
        return [f"{index_file.name} has no list '{key}' of entries with a location: "
                "search titles were left alone"]
    found = 0
    for entry in entries:
        if entry["location"] in titles:
            entry["title"] = titles[entry["location"]]
            found += 1
    warnings = []
    if found < len(titles):
        warnings.append(f"the {build.edition.locale} search index has {found} of {len(titles)} glossary entries: "
                        "the others keep their plain headings as titles")
    config = index.get("config")
    if key == "docs" and isinstance(config, dict) and isinstance(config.get("separator"), str):
        wanted = _search_records(build, glossary_url, re.compile(config["separator"]))
        named = search_records_module.apply(index, wanted)
        if named < len(wanted):
            missing = sorted(set(wanted) - {d["location"] for d in entries})
            warnings.append(f"the {build.edition.locale} search index lacks {len(wanted) - named} record(s) to name: "
                            f"{', '.join(missing[:5])}")
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return warnings


def _search_records(build: Build, glossary_url: str, separator: re.Pattern) -> dict[str, dict]:
    questions = {q.id: q.question for section in build.content.faq for q in section.questions}
    page_titles = {p.url: [p.title, str(p.meta.get("title") or "")] for p in build.pages}
    glossary_meta = next((p.meta for p in build.pages if p.src == GLOSSARY_PAGE), {})
    boost = (glossary_meta.get("search") or {}).get("boost", 1)
    return search_records_module.records(build.content.terms, questions, page_titles, glossary_url,
                                         build.url_of(FAQ_PAGE) or "faq/", separator, glossary_boost=boost)


DOCS_LINK = re.compile(r"""(\shref=")/([^"#?]+\.md)((?:#[^"]*)?")""")


def docs_relative_links(site_dir: Path, build: Build) -> list[str]:
    """Links written docs-relative ("/glossary.md#moe", as the term linker writes them) made
    relative to their page. MkDocs and ProperDocs resolve them while building (then this
    finds nothing); an engine that leaves them alone gets them resolved here."""
    urls = {p.src: p.url for p in build.pages}
    problems: list[str] = []
    for url, file in _own_pages(site_dir, build).items():
        text = file.read_text(encoding="utf-8")
        if 'href="/' not in text:
            continue

        def resolve(match: re.Match) -> str:
            target = urls.get(match.group(2))
            if target is None:
                problems.append(f"{url or '/'}: link to /{match.group(2)}, which is not a page of the site")
                return match.group(0)
            return match.group(1) + addresses.relative_url(url, target) + match.group(3)

        fixed = DOCS_LINK.sub(resolve, text)
        if fixed != text:
            file.write_text(fixed, encoding="utf-8")
    return problems


BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "p", "dl", "dt", "table", "figure", "ul", "ol"}


def anchor_aliases(site_dir: Path, build: Build) -> list[str]:
    """Old ids of data/anchors.yml (`aliases:`) as anchors beside their new ids. The MkDocs
    plugin puts them into the Markdown (then this finds them present); an engine without
    it gets them here, in the same markup (site.js forwards them to the new id)."""
    problems: list[str] = []
    registry = build.content.registry
    for page in build.pages:
        aliases = registry.aliases_for(page.url)
        if not aliases:
            continue
        file = addresses.built_file(build.dir(site_dir), page.url)
        if not file.is_file():
            problems.append(f"{build.edition.prefix}{page.url or '/'} was not built: its anchor aliases were not added")
            continue
        text = original = file.read_text(encoding="utf-8")
        for old, new in aliases.items():
            if re.search(r'\sid="' + re.escape(old) + '"', text):
                continue
            target = re.search(r'<(\w+)\b[^>]*\sid="' + re.escape(new) + '"', text)
            if target is None:
                problems.append(f"{page.url or '/'}: alias target '{new}' (for '{old}') is not an anchor of the page")
                continue
            anchor = anchors.alias_html(old, new)
            if target.group(1).lower() in BLOCK_TAGS:
                anchor = f"<p>{anchor}</p>"
            text = text[:target.start()] + anchor + text[target.start():]
        if text != original:
            file.write_text(text, encoding="utf-8")
    return problems


def llms_files(site_dir: Path, build: Build) -> list[str]:
    """llms.txt, llms-full.txt and a Markdown copy of every page."""
    copies = [llms.PageCopy(src=p.src, url=p.url, title=p.title,
                            summary=metadata.describe(dict(p.meta), build.site), markdown=p.markdown)
              for p in build.pages]
    words = build.edition.strings  # a translation's own intro and section names
    sections = {words.llms_sections.get(name, name): list(paths) for name, paths in build.llms.sections.items()}
    intro = build.llms.intro if words.llms_intro is None else words.llms_intro
    files = llms.site_files(build.site.name, build.site.description, intro, sections,
                            copies, build.site.url, words.llms_other)
    for path, text in files.items():
        out = addresses.output_path(build.dir(site_dir), path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return []


STYLESHEET_LINK = re.compile(r'(<link rel="stylesheet" href=")([^"/:#?][^":#?]*)(")')


def root_relative_stylesheets(site_dir: Path, builds: list[Build]) -> list[str]:
    """Each page's stylesheet links written from the site's root ("../assets/x.css" on
    delay/ -> "/repo/assets/x.css"), the same words on every page. Material's instant
    navigation makes every relative address absolute when it starts by assigning it to
    itself, and Chromium then loads the stylesheet again and restyles the whole page (about
    100 ms with the CPU slowed 4x on the Chinese glossary); search-on-demand.js lets such a
    link keep an address written from the root, and Material keeps links whose words are
    the same on the next page."""
    root = addresses.path_prefix(builds[0].site.url)
    for url, file in addresses.html_pages(site_dir).items():
        here = root + addresses.page_folder(url)
        text = file.read_text(encoding="utf-8")
        fixed = STYLESHEET_LINK.sub(
            lambda m: m.group(1) + posixpath.normpath(posixpath.join(here, m.group(2))) + m.group(3), text)
        if fixed != text:
            file.write_text(fixed, encoding="utf-8")
    return []


def minify_assets(site_dir: Path, builds: list[Build]) -> list[str]:
    """The site's own CSS and JavaScript without comments and spare white space (explainer/minify.py)."""
    return minify.minify_site(site_dir)


def content_security_policy(site_dir: Path, builds: list[Build]) -> list[str]:
    """A strict Content-Security-Policy <meta> on every page of every edition (explainer/csp.py)."""
    if builds[0].with_csp:
        return csp.apply_to_site(site_dir, builds[0].template_scripts)[1]
    return []


# Kept between builds, beside mkdocs.yml (git ignores .cache/).
CACHE_DIR = Path(".cache/explainer")


# Every step that runs over one edition of the built site, in order: add one here.
EDITION_STEPS: tuple[Callable[[Path, Build], list[str]], ...] = (
    docs_relative_links,
    anchor_aliases,
    llms_files,
)
# Then the steps over the whole site (every edition at once), in order.
SITE_STEPS: tuple[Callable[[Path, list[Build]], list[str]], ...] = (
    social_cards,
    robots_txt,
    sitemaps,
    search_records,
    root_relative_stylesheets,
    minify_assets,
    content_security_policy,  # last: it hashes the inline scripts of the finished pages
)
POSTBUILD_STEPS = (*EDITION_STEPS, *SITE_STEPS)


def run(site_dir: Path | str, build: Build, *more: Build) -> list[str]:
    """Run every post-build step over `site_dir` (one Build per edition, English first);
    return what could not be done."""
    site_dir = Path(site_dir)
    builds = [build, *more]
    warnings: list[str] = []
    for step in EDITION_STEPS:
        for b in builds:
            warnings += step(site_dir, b)
    for step in SITE_STEPS:
        warnings += step(site_dir, builds)
    return warnings


def llms_settings(raw: Mapping | None, pages: list[str], where: str = "mkdocs.yml") -> LlmsSettings:
    """The llms.txt settings, checked: a page listed under a section must be a page of the site."""
    raw = raw or {}
    unknown = set(raw) - {"intro", "sections"}
    if unknown:
        raise DataError(where, "explainer.llms", f"unknown setting(s) {', '.join(sorted(unknown))}")
    sections = raw.get("sections") or {}
    for name, paths in sections.items():
        if not isinstance(paths, (list, tuple)):
            raise DataError(where, f"explainer.llms.sections.{name}", "must list docs paths")
        for src in paths:
            if src not in pages:
                raise DataError(where, f"explainer.llms.sections.{name}",
                                f"'{src}' is not a page of the site (pages: {', '.join(pages)})")
    return LlmsSettings(intro=" ".join(str(raw.get("intro") or "").split()),
                        sections={name: tuple(paths) for name, paths in sections.items()})


def pages_from_docs(config: SiteConfig, content: SiteContent) -> tuple[BuiltPage, ...]:
    """Every page of the navigation as it is rendered, read from docs/ without an engine
    (in the content's edition: its files, its titles, addresses under its root)."""
    edition = content.edition
    pages = []
    for src, title in config.edition_titles(edition).items():
        own = edition.src(src)
        meta, body = split_front_matter(f"docs/{own}", (config.docs_dir / own).read_text(encoding="utf-8"))
        body = body.lstrip("\n")
        url = addresses.page_url(src)
        result = content.page_markdown(own, edition.url(url), body,
                                       addresses.absolute_url(config.site_url, edition.url(url)), meta)
        pages.append(BuiltPage(src=src, url=url, title=title, meta=meta, markdown=result.copy_markdown))
    return tuple(pages)


def build_from_config(config: SiteConfig, content: SiteContent) -> Build:
    """What the post-build steps need for the content's edition, from mkdocs.yml and docs/ alone
    (for engines without our plugin)."""
    from .dates import last_change
    plugin = config.plugin
    if problem := addresses.site_path_problem(plugin.get("card_dir", metadata.SOCIAL_DIR)):
        raise DataError(config.root / "mkdocs.yml", "explainer.card_dir", problem)
    edition = content.edition
    site = metadata.Site(name=config.edition_value(edition, "site_name"),
                         url=addresses.site_root(config.site_url) + edition.prefix,
                         description=config.edition_value(edition, "site_description"),
                         language=editions.HREFLANG[edition.locale],
                         card_dir=plugin.get("card_dir", metadata.SOCIAL_DIR))
    pages = pages_from_docs(config, content)
    lastmod = {p.url: last_change([config.docs_dir / edition.src(p.src), *content.data_files(p.src)]).day
               for p in pages}
    return Build(site=site, content=content, pages=pages,
                 llms=llms_settings(plugin.get("llms"), [src for src, _ in config.nav]),
                 fonts=social_image.Fonts.for_language(edition.locale, plugin.get("fonts")),
                 cache_dir=config.root / CACHE_DIR, edition=edition, lastmod=lastmod)
