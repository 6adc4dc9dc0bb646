"""The site's own stylesheet and scripts, minified in the built site.

The sources in docs/assets/ stay commented and readable; what readers download has the
comments and white space removed (about 5 KB less on every page, gzip-compressed:
see README.md, "Where the site stands"). Material's own files are minified already and are left alone.
rjsmin and rcssmin only remove what the language ignores: comments and white space that
no token needs. Minifying a minified file changes nothing, so the step can run twice.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

# The site's own files, as built (docs/assets/... copied to site/assets/...).
OWN_ASSETS = (
    "assets/stylesheets/site.css",
    "assets/javascripts/site.js",
    "assets/javascripts/search-on-demand.js",
    "assets/javascripts/palette.js",
)


def minified(name: str, text: str) -> str:
    if name.endswith(".css"):
        return rcssmin.cssmin(text).strip() + "\n"
    if name.endswith(".js"):
        return rjsmin.jsmin(text).strip() + "\n"
    raise ValueError(f"{name}: only .css and .js files are minified")


def minify_site(site_dir: Path) -> list[str]:
    """Minify OWN_ASSETS in place; a missing one is reported (the build lost a file)."""
    problems = []
    for name in OWN_ASSETS:
        file = site_dir / name
        if not file.is_file():
            problems.append(f"{name} is not in the built site, so it was not minified")
            continue
        text = file.read_text(encoding="utf-8")
        small = minified(name, text)
        if small != text:
            file.write_text(small, encoding="utf-8")
    return problems
