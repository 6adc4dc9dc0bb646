"""The `explainer` MkDocs plugin: wiring only, no content logic.

Per-build state lives on the plugin instance (MkDocs makes one per configuration load);
everything that turns data into Markdown, head tags, dates or files is a call into
explainer/. Anything the plugin cannot do as configured is logged as a warning, so
`mkdocs build --strict` fails instead of quietly publishing less.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from explainer import DataError, addresses, csp, dates, editions, metadata, postbuild, safe_text, siteconfig, social_image
from explainer.site import SiteContent, load_content
from explainer.siteconfig import edition_titles, nav_titles, site_editions

from .config import ExplainerConfig

log = logging.getLogger("mkdocs.plugins.explainer")
# Markdown extensions of the package that read a data file: (name, option, file in data/, loss without it).
DATA_EXTENSIONS = (
    ("explainer.term_links", "glossary", "glossary.yml", "no page links its glossary terms"),
    ("explainer.citations", "sources_file", "sources.yml",
     "citations stay source: links and no page lists its sources"),
)
# Markdown extensions of the package that write words: told the edition of each page they render.
LANGUAGE_EXTENSIONS = ("explainer.term_links", "explainer.citations", "explainer.dated", "explainer.permalinks")


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.root: Path | None = None
        self.content: SiteContent | None = None
        self.site: metadata.Site | None = None
        self.llms = postbuild.LlmsSettings()
        self.fonts: social_image.Fonts | None = None
        self.pages: list[postbuild.BuiltPage] = []
        self.template_scripts: set[str] = set()  # inline scripts the templates rendered (the CSP's)
        self.serving = False
        # mkdocs-static-i18n builds one edition after another with this same plugin: each
        # edition's content and pages are kept until the last build ends (on_post_build).
        self.edition = editions.EN
        self.editions: tuple[editions.Edition, ...] = (editions.EN,)
        # locale -> (edition, site, content, pages, lastmod, template scripts): the objects each
        # edition's build fills (kept by reference: the next edition's on_config makes new ones).
        self.editions_built: dict[str, tuple] = {}
        self._dropped_404 = False
        self.preloaded: dict[str, SiteContent] = {}

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` injects an inline live-reload script that differs per request:
        # a hash-based CSP would block it, so the served preview goes without the policy.
        self.serving = command == "serve"

    # After mkdocs-static-i18n (-100), which sets the edition being built (site_name, theme language).
    @event_priority(-110)
    def on_config(self, config, **_):
        self.root = Path(config.config_file_path).resolve().parent
        i18n = config.plugins.get("i18n")
        languages = i18n.config.languages if i18n is not None else None
        try:
            self.editions = site_editions(languages, config.config_file_path)
        except DataError as exc:
            raise PluginError(f"Invalid site data: {exc}") from exc
        self.edition = editions.edition(i18n.current_language if i18n is not None else None)
        if not self.edition.default and i18n is None:
            raise PluginError("a translated edition needs the i18n plugin")
        if self.edition.default:
            self.editions_built = {}
        # One 404.html for the whole site, at its root (GitHub Pages serves it for any unknown
        # address, in either edition): the default edition's, which speaks both languages.
        static = config.theme.static_templates
        if self.edition.default and self._dropped_404:
            static.add("404.html")
            self._dropped_404 = False
        elif not self.edition.default and "404.html" in static:
            static.discard("404.html")
            self._dropped_404 = True
        titles = edition_titles(dict(nav_titles(config.nav or [])), languages, self.edition)
        data_dir = self.root / self.config.data_dir
        # The values Material prints unescaped into every page (SITE_URL included) are data.
        values = {key: config.get(key) for key in (*siteconfig.PLAIN_KEYS, *siteconfig.URL_KEYS, "extra", "nav")}
        values["theme"] = {key: config.theme[key] for key in config.theme}
        try:
            siteconfig.check_config(values, config.config_file_path)
            # Fail before a single page is written: nothing half-built is published.
            if self.edition.default:
                # Every edition's data and pages, checked before a single page of any is written
                # (the other editions are built later, after this one's files exist).
                self.preloaded = {e.locale: load_content(
                    data_dir, pages=edition_titles(dict(nav_titles(config.nav or [])), languages, e),
                    docs_dir=config.docs_dir, template_dirs=config.theme.dirs, edition=e) for e in self.editions}
            self.content = self.preloaded.get(self.edition.locale) or load_content(
                data_dir, pages=titles, docs_dir=config.docs_dir, template_dirs=config.theme.dirs,
                edition=self.edition)
            self.llms = postbuild.llms_settings(dict(self.config.llms), list(titles),
                                                where=config.config_file_path)
        except DataError as exc:
            raise PluginError(f"Invalid site data: {exc}") from exc
        if not config.site_url:
            raise PluginError("site_url must be set: canonical links, social cards and robots.txt need it")
        if problem := addresses.site_path_problem(self.config.card_dir):
            raise PluginError(f"Invalid site data: {config.config_file_path}: plugins.explainer.card_dir {problem}")
        # Each edition is a site of its own under its prefix (its pages' addresses, cards, llms.txt).
        self.root_url = config.site_url.rstrip("/") + "/"
        self.site = metadata.Site(name=config.site_name, url=self.root_url + self.edition.prefix,
                                  description=config.site_description or "",
                                  language=editions.HREFLANG[self.edition.locale],
                                  card_dir=self.config.card_dir)
        self.fonts = social_image.Fonts.for_language(self.edition.locale, self.config.fonts)
        try:
            social_image.check_fonts(self.fonts)
        except social_image.SocialImageError as exc:
            raise PluginError(str(exc)) from exc
        self.pages = []
        self.lastmod = {}
        self.template_scripts = set()
        self.editions_built[self.edition.locale] = (self.edition, self.site, self.content, self.pages,
                                                    self.lastmod, self.template_scripts, self.fonts)
        for extension, option, data_file, without in DATA_EXTENSIONS:
            if extension in config.markdown_extensions:
                # Relative to mkdocs.yml rather than to wherever mkdocs was started.
                options = config.mdx_configs.setdefault(extension, {})
                options[option] = str(self.root / options.get(option, f"{self.config.data_dir}/{data_file}"))
            else:
                log.warning(f"{extension} is not under markdown_extensions: {without}")
        return config

    def on_page_markdown(self, markdown, page, config, **_):
        src = page.file.src_uri
        for extension in LANGUAGE_EXTENSIONS:
            if extension in config.markdown_extensions:
                config.mdx_configs.setdefault(extension, {})["language"] = self.edition.locale
        try:
            result = self.content.page_markdown(src, page.url, markdown, page_url=self._absolute(page.url),
                                                meta=page.meta)
        except DataError as exc:
            raise PluginError(f"Invalid site data: {exc}") from exc
        if result.stale:
            files = ", ".join(str(p.relative_to(self.root)) for p in self.content.data_files(src))
            log.warning(f"docs/{src} is older than {files}: run `python -m explainer generate` "
                        "(this build uses the data as it is now)")
        page.meta["page_jsonld"] = result.jsonld
        # llms.txt copies are read outside the site: their citations point at the sources.
        # In the edition's own terms: its English page path, its address under the edition's root.
        self.pages.append(postbuild.BuiltPage(src=self.edition.base_src(src), url=self.edition.base_url(page.url),
                                              title=page.title or "", meta=dict(page.meta),
                                              markdown=result.copy_markdown))
        return result.markdown

    def on_page_content(self, html, page, config, **_):
        """Head tags, structured data, date and edit link of a page (before sitemap.xml is written)."""
        src = page.file.src_uri
        if problems := csp.content_problems(html):
            raise PluginError(f"Invalid site data: docs/{src}: the rendered page holds {problems[0]}: "
                              "pages carry no script, and link titles are plain text")
        data_files = self.content.data_files(src)
        change = dates.last_change([Path(page.file.abs_src_path), *data_files])
        if change.problem:
            log.warning(f"docs/{src}: the build date stands in for the last change: {change.problem}")
        try:
            info = metadata.page_info(self.edition.base_url(page.url), page.title or "", page.meta, self.site, src,
                                      modified=change.iso)
        except DataError as exc:
            raise PluginError(str(exc)) from exc
        head = metadata.page_head(info, self.site)
        meta = page.meta
        meta["html_title"] = head.title
        # Material prints the description into an attribute without escaping it.
        meta["description"] = escape(head.description)
        meta["social_tags"] = head.tags
        meta["jsonld"] = [safe_text.script_json(d) for d in [*head.jsonld, *meta.pop("page_jsonld", [])]]
        meta["revision_date"] = change.shown_html(self.edition.strings)  # Material's "Last update"
        meta["head_links"] = [{"hreflang": "x-default", "href": self._absolute(self.edition.base_url(page.url))}]
        page.update_date = change.day            # sitemap.xml <lastmod>
        self.lastmod[self.edition.base_url(page.url)] = change.day
        edit_file = self.content.edit_file(src)
        if edit_file is not None and page.edit_url:
            page.edit_url = metadata.repo_edit_url(config.edit_uri, self._repo_path(config.docs_dir),
                                                   self._repo_path(edit_file)) or page.edit_url
        return html

    def on_page_context(self, context, page, config, nav, **_):
        """The language menu and the head's hreflang links for this page (Material prints both from
        extra.alternate); a translated edition is its own site to Material: its `base` (search
        index, sitemap, instant navigation) is the edition's folder. The reader's palette and
        other stored choices stay shared (extra.scope: the site root)."""
        base = self.edition.base_url(page.url)
        config.extra["alternate"] = [
            {"name": names, "link": self._absolute(e.url(base)), "lang": editions.HREFLANG[e.locale]}
            for e, names in ((e, editions.MENU_NAMES[e.locale]) for e in self.editions)]
        root_base = context.get("base_url") or "."
        config.extra["scope"] = root_base if root_base.endswith("/") else root_base + "/"
        if not self.edition.default:
            # With its slash: Material resolves "search/search_index.json" and "sitemap.xml" against it.
            context["base_url"] = f"{root_base.rstrip('/')}/{self.edition.prefix}"
        context["explainer"] = safe_text.script_json({
            "strings": self.edition.strings.script,
            "editions": {editions.HREFLANG[e.locale]: self._absolute(e.prefix) for e in self.editions},
        })
        return context

    def on_post_page(self, output, page, config, **_):
        """The inline scripts the templates wrote around this page's content (the CSP hashes these only)."""
        content = page.content or ""
        self.template_scripts.update(csp.inline_scripts(output.replace(content, "", 1) if content else output))
        return output

    def on_post_template(self, output_content, template_name, config, **_):
        """The same for templates rendered without a page (404.html)."""
        if template_name.endswith(".html"):
            self.template_scripts.update(csp.inline_scripts(output_content))
        return output_content

    # After mkdocs-static-i18n (-100): its post_build runs the other editions' builds and
    # writes the search index of all of them; the steps below run once, after the last.
    @event_priority(-120)
    def on_post_build(self, config, **_):
        """Social cards, robots.txt, sitemaps, search indexes and llms.txt: the same steps as
        `python -m explainer postbuild site/`."""
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return  # a nested edition's build: the default edition's post_build runs the steps for all
        missing = [e.locale for e in self.editions if e.locale not in self.editions_built]
        if missing:
            raise PluginError(f"the {', '.join(missing)} edition was not built")
        scripts = frozenset().union(*(built[5] for built in self.editions_built.values()))
        cache_dir = Path(config.config_file_path).parent / postbuild.CACHE_DIR
        builds = []
        for e in self.editions:
            edition, site, content, pages, lastmod, _, fonts = self.editions_built[e.locale]
            builds.append(postbuild.Build(site=site, content=content, pages=tuple(pages), llms=self.llms,
                                          fonts=fonts, with_csp=not self.serving, cache_dir=cache_dir,
                                          template_scripts=scripts, edition=edition, lastmod=dict(lastmod)))
        try:
            warnings = postbuild.run(Path(config.site_dir), *builds)
        except (social_image.SocialImageError, DataError) as exc:
            raise PluginError(str(exc)) from exc
        for warning in warnings:
            log.warning(warning)

    def _absolute(self, url: str) -> str:
        """An address relative to the site's root (not the edition's), made absolute."""
        return addresses.absolute_url(self.root_url, url)

    def _repo_path(self, path) -> str:
        return Path(path).resolve().relative_to(self.root).as_posix()
