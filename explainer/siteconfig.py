"""What the engine-independent commands need from mkdocs.yml, read without any engine.

MkDocs, ProperDocs and Zensical all read mkdocs.yml, so it stays the one
configuration file; `python -m explainer generate|postbuild` read the few keys they
need from it here: the site's name, address and description, the page tree, and the
settings of the `explainer` plugin. `!ENV` values are resolved as MkDocs resolves
them; other tags (Python objects for Markdown extensions) are not needed and not run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .records import DataError, read_text


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

    @property
    def data_dir(self) -> Path:
        return self.root / self.plugin.get("data_dir", "data")

    @property
    def titles(self) -> dict[str, str]:
        return dict(self.nav)


def nav_titles(nav: Any):
    """(path, title) for every page in a MkDocs nav, however deeply nested."""
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, title
                else:
                    yield from nav_titles(value)


def load_site_config(path: Path | str = "mkdocs.yml") -> SiteConfig:
    path = Path(path).resolve()
    try:
        data = yaml.load(read_text(path), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise DataError(path, None, f"is not valid YAML: {exc}") from exc
    plugin: dict = {}
    for item in data.get("plugins") or []:
        if isinstance(item, dict) and "explainer" in item:
            plugin = dict(item["explainer"] or {})
        elif item == "explainer":
            plugin = {}
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
    )


