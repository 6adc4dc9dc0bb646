"""What the engine-independent commands need from mkdocs.yml, read without any engine.

MkDocs, ProperDocs and Zensical all read mkdocs.yml, so it stays the one
configuration file; `python -m explainer generate|postbuild` read the few keys they
need from it here: the site's name, address and description, the page tree, and the
settings of the `explainer` plugin. `!ENV` values are resolved as MkDocs resolves
them; other tags (Python objects for Markdown extensions) are not needed and not run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .records import DataError, read_text, shorten
from .safe_text import line_text_problem, plain_text_problem


class _Loader(yaml.SafeLoader):
    """Safe loading plus MkDocs' !ENV; any other tag loads as None (never executed)."""


def _env(loader: _Loader, node: yaml.Node) -> Any:
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else \
        loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


def _ignored(loader: _Loader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignored)
_Loader.add_multi_constructor("!", _ignored)


@dataclass(frozen=True)
class SiteConfig:
    root: Path                        # the folder of mkdocs.yml
    site_name: str
    site_url: str
    site_description: str
    language: str
    docs_dir: Path
    nav: tuple[tuple[str, str], ...]  # (docs path, title), in order
    plugin: dict = field(default_factory=dict)  # the `explainer` plugin's settings as written
    i18n: dict = field(default_factory=dict)    # the `i18n` plugin's settings as written (mkdocs-static-i18n)

    @property
    def editions(self):
        """The editions the site is built in (English first), from the i18n plugin's languages."""
        return site_editions(self.i18n.get("languages"), self.root / "mkdocs.yml")

    def edition_titles(self, edition) -> dict[str, str]:
        """Page path -> navigation title in an edition (its `nav_translations`)."""
        return edition_titles(self.titles, self.i18n.get("languages"), edition)

    def edition_value(self, edition, key: str) -> str:
        """site_name or site_description in an edition (the language's own, else the site's)."""
        for lang in self.i18n.get("languages") or []:
            if isinstance(lang, dict) and lang.get("locale") == edition.locale and lang.get(key):
                return " ".join(str(lang[key]).split())
        return str(getattr(self, key))

    @property
    def data_dir(self) -> Path:
        return self.root / self.plugin.get("data_dir", "data")

    @property
    def titles(self) -> dict[str, str]:
        return dict(self.nav)


def site_editions(languages: Any, where: Path | str = "mkdocs.yml"):
    """The editions named by the i18n plugin's `languages` (English alone without it)."""
    from .editions import BY_LOCALE, EN
    if not languages:
        return (EN,)
    found = []
    for lang in languages:
        locale = lang.get("locale") if isinstance(lang, dict) else getattr(lang, "locale", None)
        build = lang.get("build", True) if isinstance(lang, dict) else getattr(lang, "build", True)
        if locale not in BY_LOCALE:
            raise DataError(where, f"i18n.languages.{locale}", "is not an edition this site has words for "
                                                            f"(explainer/editions.py: {', '.join(BY_LOCALE)})")
        if build:
            found.append(BY_LOCALE[locale])
    if not found or not found[0].default:
        raise DataError(where, "i18n.languages", "must list English (the default edition) first")
    return tuple(found)


def edition_titles(titles: dict[str, str], languages: Any, edition) -> dict[str, str]:
    """Navigation titles of an edition: the English ones through its `nav_translations`."""
    if edition.default:
        return dict(titles)
    translated: dict = {}
    for lang in languages or []:
        locale = lang.get("locale") if isinstance(lang, dict) else getattr(lang, "locale", None)
        if locale == edition.locale:
            translated = (lang.get("nav_translations") if isinstance(lang, dict)
                          else getattr(lang, "nav_translations", None)) or {}
    return {src: str(translated.get(title, title)) for src, title in titles.items()}


def nav_titles(nav: Any):
    """(path, title) for every page in a MkDocs nav, however deeply nested."""
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, title
                else:
                    yield from nav_titles(value)


# mkdocs.yml is code, but the values Material prints into every page are data: its
# templates print them without escaping (MkDocs turns autoescape off), into text,
# attributes and scripts. Each is checked like a data field.
PLAIN_KEYS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
URL_KEYS = ("site_url", "repo_url", "edit_uri")
# An http(s) address with nothing that could end an attribute, a string or a tag.
CONFIG_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9\-._~%!$&*+,;=:@/]*)?"
                        r"(?:\?[A-Za-z0-9\-._~%!$&*+,;=:@/?]*)?(?:#[A-Za-z0-9\-._~%!$&*+,;=:@/?]*)?")
# In any other printed string (theme and extra settings, nav titles): no tag, no quote
# that ends an attribute, no script address.
LOOSE_FORBIDDEN = re.compile(r"[<>\"`]|&#?[A-Za-z0-9]+;|^\s*(?:javascript|data|vbscript):", re.I)


def _loose_problem(value: str) -> str | None:
    if problem := line_text_problem(value):
        return problem
    if found := LOOSE_FORBIDDEN.search(value):
        return f"must not contain {found.group(0).strip()!r} (it is printed into HTML unescaped)"
    return None


def _strings(value: Any, key: str):
    """Every string inside a setting, with its dotted key."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{key}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _strings(v, f"{key}[{i}]")


def config_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, problem) for every printed value of mkdocs.yml that breaks its rule: names and
    descriptions are plain text without double quotes, addresses are plain http(s) URLs, every other string of
    `theme`, `extra` and the nav titles may hold no tag, quote or script address."""
    out: list[tuple[str, str]] = []
    for key in PLAIN_KEYS:
        value = values.get(key)
        text = str(value).replace("\n", " ").strip() if value is not None else ""
        if value is not None and (problem := plain_text_problem(text) or _loose_problem(text)):
            out.append((key, f"{problem}: '{shorten(value)}'"))
    for key in URL_KEYS:
        value = values.get(key)
        if value and not (isinstance(value, str) and CONFIG_URL.fullmatch(value)):
            out.append((key, f"must be a plain http(s) address (no quotes, brackets or spaces): '{shorten(value)}'"))
    for key in ("theme", "extra"):
        for where, text in _strings(values.get(key), key):
            if problem := _loose_problem(text):
                out.append((where, f"{problem}: '{shorten(text)}'"))
    for path, title in nav_titles(values.get("nav")):
        if problem := plain_text_problem(title):
            out.append((f"nav '{shorten(title)}'", problem))
    return out


def check_config(values: dict[str, Any], where: Path | str) -> None:
    """A DataError for the first printed value of mkdocs.yml (or SITE_URL) that breaks its rule."""
    for key, problem in config_problems(values):
        raise DataError(where, key, problem)


def load_site_config(path: Path | str = "mkdocs.yml") -> SiteConfig:
    path = Path(path).resolve()
    text = read_text(path)
    try:
        data = yaml.load(text, Loader=_Loader) or {}
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # ValueError: an impossible YAML 1.1 date
        raise DataError(path, None, f"is not valid YAML: {shorten(str(exc), 300)}") from None
    if not isinstance(data, dict):
        raise DataError(path, None, "must be a mapping of settings")
    check_config(data, path)
    plugin: dict = {}
    i18n: dict = {}
    for item in data.get("plugins") or []:
        if isinstance(item, dict) and "explainer" in item:
            plugin = dict(item["explainer"] or {})
        elif item == "explainer":
            plugin = {}
        if isinstance(item, dict) and "i18n" in item:
            i18n = dict(item["i18n"] or {})
    theme = data.get("theme") or {}
    return SiteConfig(
        root=path.parent,
        site_name=str(data.get("site_name") or ""),
        site_url=str(data.get("site_url") or ""),
        site_description=str(data.get("site_description") or ""),
        language=str(theme.get("language") or "en") if isinstance(theme, dict) else "en",
        docs_dir=path.parent / str(data.get("docs_dir") or "docs"),
        nav=tuple(nav_titles(data.get("nav"))),
        plugin=plugin,
        i18n=i18n,
    )


