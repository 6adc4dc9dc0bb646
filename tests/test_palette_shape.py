"""palette.js is keyed to how Material 9.8.2 mounts its palette component: these checks fail
when an upgrade changes that (then re-read the bundle's source map and adapt the script).
That Material's component really stays unmounted, and what the toggle does, is checked in
Chromium (tests/browser/test_navigation.py)."""

from __future__ import annotations

import re

from sitebuild import ROOT
from test_search_on_demand_shape import bundle_sources

SCRIPT = ROOT / "docs/assets/javascripts/palette.js"

# What the script relies on and copies, as written in 9.8.2's TypeScript sources.
SHAPES = {
    # The component is mounted once, when the bundle runs, on the elements marked at that moment.
    "src/templates/assets/javascripts/bundle.ts": [
        '...getComponentElements("palette")\n    .map(el => mountPalette(el)),',
    ],
    "src/templates/assets/javascripts/components/_/index.ts": [
        "`[data-md-component=${type}]`",
    ],
    # What the component does on a switch, which palette.js does in its place.
    "src/templates/assets/javascripts/components/palette/index.ts": [
        'document.body.setAttribute("data-md-color-switching", "")',
        "document.body.setAttribute(`data-md-color-${key}`, value)",
        "label.hidden = palette.index !== index",
        '__md_set("__palette", palette)',
        'filter(ev => ev.key === "Enter")',
        'const meta = h("meta", { name: "theme-color" })',
        'const scheme = h("meta", { name: "color-scheme" })',
        "scheme.content = style.colorScheme",
        'document.body.removeAttribute("data-md-color-switching")',
    ],
}


def test_the_bundle_still_mounts_the_palette_the_way_the_script_expects():
    sources = bundle_sources()
    missing = [f"{path}: {snippet!r}" for path, snippets in SHAPES.items()
               for snippet in snippets if snippet not in sources.get(path, "")]
    assert missing == [], "Material changed: check palette.js against the new bundle's source map"


def test_the_script_takes_the_form_away_from_material_before_the_bundle_runs(site_dir):
    html = (site_dir / "glossary/index.html").read_text(encoding="utf-8")
    form = html.index('<form class="md-header__option" data-md-component="palette">')
    ours = html.index("assets/javascripts/palette.js")
    bundle = re.search(r'assets/javascripts/bundle\.[0-9a-f]+\.min\.js', html).start()
    assert form < ours < bundle, "palette.js must run after the header's form and before the bundle"
    # An external file, not inline (the content security policy allows no unhashed inline script).
    tag = html[html.rindex("<script", 0, ours):html.index("</script>", ours)]
    assert "src=" in tag and tag.endswith(">")
    assert 'form.removeAttribute("data-md-component")' in SCRIPT.read_text(encoding="utf-8")
