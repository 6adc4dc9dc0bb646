"""search-on-demand.js is keyed to how Material 9.8.2 starts search: these checks fail
loudly when an upgrade changes that (then re-read the bundle's source map and adapt the
script, or drop it if Material gained an option for lazy search)."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import material

from sitebuild import ROOT

SCRIPT = ROOT / "docs/assets/javascripts/search-on-demand.js"
ASSETS = Path(material.__file__).parent / "templates/assets/javascripts"

# What the script relies on, as written in 9.8.2's TypeScript sources (from the source map; the same as 9.8.1's):
# the index is fetched at start-up with requestJSON -> request -> XMLHttpRequest open/send,
# the worker is created with `new Worker(url)`, and messages travel through
# addEventListener("message") (rxjs fromEvent) and postMessage only.
SHAPES = {
    "src/templates/assets/javascripts/bundle.ts": [
        'requestJSON<SearchIndex>(\n      new URL("search/search_index.json", config.base)\n    )',
        'const index$ = document.forms.namedItem("search")\n  ? fetchSearchIndex()',
    ],
    "src/templates/assets/javascripts/browser/request/index.ts": [
        "const req = new XMLHttpRequest()\n    req.open(\"GET\", `${url}`)",
        "req.send()",
    ],
    "src/templates/assets/javascripts/browser/worker/index.ts": [
        "url: string, worker = new Worker(url)",
        'fromEvent<MessageEvent<T>, T>(worker, "message", ev => ev.data)',
        "send$.subscribe(data => worker.postMessage(data))",
    ],
    "src/templates/assets/javascripts/integrations/search/worker/_/index.ts": [
        "const worker$ = watchWorker<SearchMessage>(url)",
    ],
    # Queries typed before the worker is ready are sent once it is (the first query works).
    "src/templates/assets/javascripts/components/search/query/index.ts": [
        "worker$.pipe(first(isSearchReadyMessage)),\n    fromEvent(el, \"keyup\"),",
    ],
}


def bundle_sources(assets: Path = ASSETS) -> dict[str, str]:
    maps = sorted(assets.glob("bundle.*.min.js.map"))
    assert len(maps) == 1, f"expected one bundle source map in {assets}, found {maps}"
    data = json.loads(maps[0].read_text(encoding="utf-8"))
    return dict(zip(data["sources"], data["sourcesContent"]))


def shape_problems(sources: dict[str, str]) -> list[str]:
    """Every expected piece of 9.8.2's code that the given bundle sources lack."""
    problems = []
    for path, snippets in SHAPES.items():
        text = sources.get(path)
        if text is None:
            problems.append(f"{path}: missing from the bundle")
            continue
        problems += [f"{path}: no longer contains {s!r}" for s in snippets if s not in text]
    return problems


def test_material_is_the_version_the_script_was_written_for():
    written_for = re.search(r'material: "([\d.]+)"', SCRIPT.read_text(encoding="utf-8")).group(1)
    assert version("mkdocs-material") == written_for == "9.8.2", (
        "Material changed: check search-on-demand.js against the new bundle's source map")
    pinned = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^mkdocs-material==9\.8\.2$", pinned, re.M), "requirements.txt no longer pins 9.8.2"


def test_the_bundle_still_starts_search_the_way_the_script_expects():
    assert shape_problems(bundle_sources()) == []


def test_the_shape_check_catches_a_changed_bundle():
    sources = bundle_sources()
    changed = dict(sources)
    key = "src/templates/assets/javascripts/bundle.ts"
    changed[key] = changed[key].replace("requestJSON<SearchIndex>(", "fetchJSON<SearchIndex>(")
    del changed["src/templates/assets/javascripts/browser/worker/index.ts"]
    problems = shape_problems(changed)
    assert len(problems) == 2, problems
    assert problems[0].startswith("src/templates/assets/javascripts/bundle.ts: no longer contains")
    assert problems[1] == "src/templates/assets/javascripts/browser/worker/index.ts: missing from the bundle"


def test_the_minified_bundle_is_the_one_the_source_map_describes():
    bundle = next(ASSETS.glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "new Worker(" in bundle and '"search/search_index.json"' in bundle
    assert "new XMLHttpRequest" in bundle


def test_the_script_loads_before_materials_bundle(site_dir):
    html = (site_dir / "faq/index.html").read_text(encoding="utf-8")
    ours = html.index("assets/javascripts/search-on-demand.js")
    bundle = re.search(r'assets/javascripts/bundle\.[0-9a-f]+\.min\.js', html).start()
    config = html.index('id="__config"')
    assert config < ours < bundle, "search-on-demand.js must run after #__config and before the bundle"
    # An external file, not inline (the content security policy allows no unhashed inline script).
    tag = html[html.rindex("<script", 0, ours):html.index("</script>", ours)]
    assert "src=" in tag and tag.endswith(">")
