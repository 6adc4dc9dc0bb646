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
from mkdocs.plugins import BasePlugin

from explainer import DataError, addresses, csp, dates, metadata, postbuild, safe_text, siteconfig, social_image
from explainer.site import SiteContent, load_content
from explainer.siteconfig import nav_titles

from .config import ExplainerConfig

log = logging.getLogger("mkdocs.plugins.explainer")
# Markdown extensions of the package that read a data file: (name, option, file in data/, loss without it).
DATA_EXTENSIONS = (
    ("explainer.term_links", "glossary", "glossary.yml", "no page links its glossary terms"),
    ("explainer.citations", "sources_file", "sources.yml",
     "citations stay source: links and no page lists its sources"),
)


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

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` injects an inline live-reload script that differs per request:
        # a hash-based CSP would block it, so the served preview goes without the policy.
        self.serving = command == "serve"

    def on_config(self, config, **_):
        self.root = Path(config.config_file_path).resolve().parent
        titles = dict(nav_titles(config.nav or []))
        data_dir = self.root / self.config.data_dir
        # The values Material prints unescaped into every page (SITE_URL included) are data.
        values = {key: config.get(key) for key in (*siteconfig.PLAIN_KEYS, *siteconfig.URL_KEYS, "extra", "nav")}
        values["theme"] = {key: config.theme[key] for key in config.theme}
        try:
            siteconfig.check_config(values, config.config_file_path)
            # Fail before a single page is written: nothing half-built is published.
            self.content = load_content(data_dir, pages=titles, docs_dir=config.docs_dir,
                                        template_dirs=config.theme.dirs)
            self.llms = postbuild.llms_settings(dict(self.config.llms), list(titles),
                                                where=config.config_file_path)
        except DataError as exc:
            raise PluginError(f"Invalid site data: {exc}") from exc
        if not config.site_url:
            raise PluginError("site_url must be set: canonical links, social cards and robots.txt need it")
        if problem := addresses.site_path_problem(self.config.card_dir):
            raise PluginError(f"Invalid site data: {config.config_file_path}: plugins.explainer.card_dir {problem}")
        self.site = metadata.Site(name=config.site_name, url=config.site_url.rstrip("/") + "/",
                                  description=config.site_description or "",
                                  language=config.theme.get("language") or "en",
                                  card_dir=self.config.card_dir)
        self.fonts = social_image.Fonts.in_dir(self.config.fonts)
        try:
            social_image.check_fonts(self.fonts)
        except social_image.SocialImageError as exc:
            raise PluginError(str(exc)) from exc
        self.pages = []
        self.template_scripts = set()
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
        self.pages.append(postbuild.BuiltPage(src=src, url=page.url, title=page.title or "",
                                              meta=dict(page.meta), markdown=result.copy_markdown))
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
            info = metadata.page_info(page.url, page.title or "", page.meta, self.site, src, modified=change.iso)
        except DataError as exc:
            raise PluginError(str(exc)) from exc
        head = metadata.page_head(info, self.site)
        meta = page.meta
        meta["html_title"] = head.title
        # Material prints the description into an attribute without escaping it.
        meta["description"] = escape(head.description)
        meta["social_tags"] = head.tags
        meta["jsonld"] = [safe_text.script_json(d) for d in [*head.jsonld, *meta.pop("page_jsonld", [])]]
        meta["revision_date"] = change.shown_html()  # Material's "Last update"
        page.update_date = change.day            # sitemap.xml <lastmod>
        edit_file = self.content.edit_file(src)
        if edit_file is not None and page.edit_url:
            page.edit_url = metadata.repo_edit_url(config.edit_uri, self._repo_path(config.docs_dir),
                                                   self._repo_path(edit_file)) or page.edit_url
        return html

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

    def on_post_build(self, config, **_):
        """Social cards, robots.txt, search titles and llms.txt: the same steps as
        `python -m explainer postbuild site/`."""
        build = postbuild.Build(site=self.site, content=self.content, pages=tuple(self.pages),
                                llms=self.llms, fonts=self.fonts, with_csp=not self.serving,
                                cache_dir=Path(config.config_file_path).parent / postbuild.CACHE_DIR,
                                template_scripts=frozenset(self.template_scripts))
        try:
            warnings = postbuild.run(Path(config.site_dir), build)
        except (social_image.SocialImageError, DataError) as exc:
            raise PluginError(str(exc)) from exc
        for warning in warnings:
            log.warning(warning)

    def _absolute(self, url: str) -> str:
        return addresses.absolute_url(self.site.url, url)

    def _repo_path(self, path) -> str:
        return Path(path).resolve().relative_to(self.root).as_posix()
