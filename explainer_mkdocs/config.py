"""The plugin's settings, validated by MkDocs: a typo or a wrong type is a config error."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class LlmsConfig(base.Config):
    """What llms.txt says and how it groups the pages (see explainer/llms.py)."""
    intro = c.Type(str, default="")
    # llms.txt heading -> docs paths, in order; a page listed nowhere goes under "Pages".
    sections = c.DictOfItems(c.ListOfItems(c.Type(str)), default={})


class ExplainerConfig(base.Config):
    # The data files (glossary.yml, faq.yml, anchors.yml), relative to mkdocs.yml.
    data_dir = c.Type(str, default="data")
    # DejaVu Sans for the social cards; Debian's fonts-dejavu-core puts it here.
    fonts = c.Type(str, default="/usr/share/fonts/truetype/dejavu")
    # Where the cards are written, relative to the site root.
    card_dir = c.Type(str, default="assets/images/social")
    llms = c.SubConfig(LlmsConfig)
