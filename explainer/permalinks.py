"""Heading permalinks (the ¶ that toc adds) named by aria-label instead of title.

With `content.tooltips`, Material mounts a tooltip component on every element of the
content that has a title, at page load: on the glossary that was 42 permalinks for 45
titles, main-thread work on every load for a hint ("Link to this section") on a symbol
readers know. aria-label keeps the link's accessible name and mounts nothing.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class PermalinkLabels(Treeprocessor):
    """Runs after toc (priority 5), which adds the permalinks."""

    PRIORITY = 4

    def __init__(self, md: Markdown, label: str | None = None):
        super().__init__(md)
        self.label = label  # the edition's own words, in place of toc's permalink_title

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            if "headerlink" in (link.get("class") or "").split() and link.get("title"):
                title = link.attrib.pop("title")
                link.set("aria-label", self.label or title)


class PermalinkLabelExtension(Extension):
    """Registered in mkdocs.yml under markdown_extensions as `explainer.permalinks`."""

    def __init__(self, **kwargs):
        self.config = {"language": ["en", "The edition being rendered (explainer/editions.py)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        from .editions import edition
        ed = edition(self.getConfig("language"))
        label = None if ed.default else ed.strings.permalink
        md.treeprocessors.register(PermalinkLabels(md, label), "explainer_permalink_labels", PermalinkLabels.PRIORITY)


def makeExtension(**kwargs) -> PermalinkLabelExtension:  # noqa: N802 (Python-Markdown's name)
    return PermalinkLabelExtension(**kwargs)
