"""Where the main thread goes on a page load, from a Chromium performance trace.

    .venv/bin/python -m tools.bench.trace glossary/ faq/ o3-mini/   # this site's build in site/

Loads each page in Chromium on a phone viewport with the CPU slowed 4× (Lighthouse's
mobile setting), records a trace (devtools.timeline) and a V8 CPU profile, and reports:
  - long tasks (> 50 ms) and their blocking time (the part over 50 ms), each split by
    what ran inside it: script, style recalculation, layout, HTML parsing, paint;
  - JavaScript self time per source: Material's bundle is mapped back to its TypeScript
    modules through the source map Material ships (e.g. components/tooltip2), our own
    scripts by file.
Not part of `make bench` (a minute per page); its figures explain the benchmark's.

    .venv/bin/python -m tools.bench.trace glossary/ --ablate palette,tooltips

measures what a feature costs: the same pages again from copies of the site with the
feature taken out of the built HTML (ABLATIONS), side by side with the site as built.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tools.bench.common import CHROMIUM, ROOT, log

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing"]
KINDS = {  # trace event name -> kind of work
    "EvaluateScript": "script", "FunctionCall": "script", "v8.compile": "script", "v8.compileModule": "script",
    "TimerFire": "script", "EventDispatch": "script", "FireAnimationFrame": "script", "v8.run": "script",
    "RunMicrotasks": "script", "V8.GCCompactor": "script", "MajorGC": "script", "MinorGC": "script",
    "UpdateLayoutTree": "style", "RecalculateStyles": "style", "ParseAuthorStyleSheet": "style",
    "Layout": "layout", "UpdateLayerTree": "layout", "PrePaint": "layout", "HitTest": "layout",
    "ParseHTML": "parse HTML", "Paint": "paint", "Layerize": "paint", "Commit": "paint",
}
VLQ = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _vlq(segment: str) -> list[int]:
    values, shift, value = [], 0, 0
    for ch in segment:
        digit = VLQ[ch]
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            values.append(-(value >> 1) if value & 1 else value >> 1)
            shift = value = 0
    return values


@dataclass(frozen=True)
class SourceMap:
    """Generated (line, column) -> original source file, for one minified script."""
    sources: list[str]
    lines: list[tuple[list[int], list[int]]]  # per generated line: columns, source indexes

    @classmethod
    def load(cls, path: Path) -> "SourceMap":
        data = json.loads(path.read_text(encoding="utf-8"))
        lines, src = [], 0
        for line in data["mappings"].split(";"):
            cols, srcs, col = [], [], 0
            for seg in filter(None, line.split(",")):
                v = _vlq(seg)
                col += v[0]
                if len(v) > 1:
                    src += v[1]
                    cols.append(col)
                    srcs.append(src)
            lines.append((cols, srcs))
        return cls([s.removeprefix("src/templates/assets/javascripts/") for s in data["sources"]], lines)

    def source(self, line: int, column: int) -> str:
        if line >= len(self.lines):
            return "?"
        cols, srcs = self.lines[line]
        i = bisect.bisect_right(cols, column) - 1
        return self.sources[srcs[i]] if i >= 0 else "?"


def module_of(source: str) -> str:
    """A readable bucket for a Material source path."""
    parts = source.split("/")
    if "node_modules" in parts:
        return "library: " + parts[parts.index("node_modules") + 1]
    return "/".join(parts[:3]) if parts[0] == "components" else "/".join(parts[:2])


def _frame_label(frame: dict, maps: dict[str, SourceMap]) -> tuple[str, bool]:
    """(label, is it a Material component or our own script) for one call frame."""
    url = frame.get("url", "")
    if not url:
        return frame.get("functionName") or "(native)", False
    for script, smap in maps.items():
        if url.endswith(script):
            module = module_of(smap.source(frame["lineNumber"], frame["columnNumber"]))
            return "Material " + module, module.startswith(("components/", "patches/", "integrations/"))
    return Path(urlsplit(url).path).name or url, True


def js_time(profile: dict, maps: dict[str, SourceMap]) -> tuple[Counter, Counter]:
    """From a V8 CPU profile: self time per source (ms), and time per responsible component:
    each sample is charged to the innermost frame on its stack that is a Material component
    (or integration, or patch) or one of our scripts, so that library time (rxjs) and
    forced style or layout inside a call land on the code that asked for it."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    own: Counter = Counter()
    charged: Counter = Counter()
    cache: dict[int, tuple[str, str]] = {}
    for sample, delta in zip(profile["samples"][1:], profile["timeDeltas"][1:]):
        if sample not in cache:
            label, _ = _frame_label(nodes[sample]["callFrame"], maps)
            owner, node = None, sample
            while node is not None and owner is None:
                name, responsible = _frame_label(nodes[node]["callFrame"], maps)
                if responsible:
                    owner = name
                node = parent.get(node)
            cache[sample] = (label, owner or label)
        label, owner = cache[sample]
        own[label] += delta / 1000
        charged[owner] += delta / 1000
    return own, charged


def long_tasks(trace: dict) -> list[dict]:
    """Top-level main-thread tasks over 50 ms, with the time inside them per kind of work."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    mains = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"}
    # The page's renderer: the main thread that parsed HTML the longest.
    parsed = Counter((e.get("pid"), e.get("tid")) for e in events
                     if e.get("name") == "ParseHTML" and (e.get("pid"), e.get("tid")) in mains)
    main = {parsed.most_common(1)[0][0]} if parsed else mains
    evs = sorted((e for e in events if (e.get("pid"), e.get("tid")) in main and e.get("ph") == "X"
                  and "dur" in e), key=lambda e: (e["ts"], -e["dur"]))
    tasks, current = [], None
    for e in evs:
        if e["name"] == "RunTask":
            current = {"start": e["ts"], "end": e["ts"] + e["dur"], "ms": e["dur"] / 1000, "kinds": Counter(),
                       "_open": []}
            tasks.append(current)
            continue
        if current is None or e["ts"] >= current["end"]:
            continue
        kind = KINDS.get(e["name"])
        if not kind:
            continue
        # Count only outermost events of a kind chain (nested script inside script once).
        open_ = [o for o in current["_open"] if o[1] > e["ts"]]
        current["_open"] = open_
        if any(o[0] == kind for o in open_):
            continue
        if open_:  # time nested in another kind is taken out of the parent
            current["kinds"][open_[-1][0]] -= e["dur"] / 1000
        current["kinds"][kind] += e["dur"] / 1000
        current["_open"].append((kind, e["ts"] + e["dur"]))
    out = []
    for t in tasks:
        if t["ms"] > 50:
            kinds = {k: round(v, 1) for k, v in t["kinds"].most_common() if v > 0.5}
            out.append({"start_ms": round(t["start"] / 1000, 1), "ms": round(t["ms"], 1),
                        "blocking_ms": round(t["ms"] - 50, 1), "kinds": kinds})
    return out


def profile_page(browser, url: str, maps: dict[str, SourceMap], throttle: float = 4) -> dict:
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(url, wait_until="networkidle", timeout=120000)
    page.wait_for_timeout(1500)
    trace = json.loads(browser.stop_tracing())
    profile = cdp.send("Profiler.stop")["profile"]
    context.close()
    tasks = long_tasks(trace)
    kinds: Counter = Counter()
    for t in tasks:
        kinds.update(t["kinds"])
    own, charged = js_time(profile, maps)
    return {"url": url, "long_tasks": tasks, "blocking_ms": round(sum(t["blocking_ms"] for t in tasks), 1),
            "long_task_ms_by_kind": {k: round(v, 1) for k, v in kinds.most_common()},
            "js_self_ms": {k: round(v, 1) for k, v in own.most_common(12) if not k.startswith("(")},
            "js_by_component_ms": {k: round(v, 1) for k, v in charged.most_common(14) if not k.startswith("(")},
            "program_gc_idle_ms": {k: round(v, 1) for k, v in own.items() if k.startswith("(")}}


def material_maps() -> dict[str, SourceMap]:
    import material
    assets = Path(material.__file__).parent / "templates/assets/javascripts"
    return {p.name[:-4]: SourceMap.load(p) for p in assets.glob("bundle.*.min.js.map")}


def _without_feature(name: str):
    def edit(html: str) -> str:
        def config(m: re.Match) -> str:
            data = json.loads(m.group(2))
            data["features"] = [f for f in data.get("features", []) if f != name]
            return m.group(1) + json.dumps(data) + m.group(3)
        return re.sub(r'(<script id="__config" type="application/json">)(.*?)(</script>)', config, html, flags=re.S)
    return edit


# Experiments: a feature taken out of every built page, to measure what it costs.
ABLATIONS = {
    # Material's colour-palette toggle (the form in the header; its component sets the
    # body's colour attributes at load, restyling the whole page).
    "palette": lambda html: re.sub(r'<form class="md-header__option" data-md-component="palette">.*?</form>',
                                   "", html, flags=re.S),
    # Material's tooltips on every element with a title (content.tooltips).
    "tooltips": _without_feature("content.tooltips"),
    # Instant navigation (navigation.instant): its set-up at load.
    "instant": _without_feature("navigation.instant"),
    # The table of contents following the scroll position (toc.follow).
    "toc-follow": _without_feature("toc.follow"),
}


def ablated_copy(site: Path, names: list[str], into: Path) -> Path:
    """A copy of the built site with the named features taken out of every page."""
    unknown = [n for n in names if n not in ABLATIONS]
    if unknown:
        raise SystemExit(f"trace: no ablation {unknown}; known: {', '.join(ABLATIONS)}")
    shutil.copytree(site, into)
    for page in into.rglob("*.html"):
        html = original = page.read_text(encoding="utf-8")
        for name in names:
            html = ABLATIONS[name](html)
        if html != original:
            page.write_text(html, encoding="utf-8")
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=["glossary/", "faq/", "o3-mini/"])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (default site/)")
    parser.add_argument("--runs", type=int, default=3, help="loads per page; the median-blocking one is shown")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--ablate", default="", help=f"comma-separated, also measured without each: "
                                                     f"{', '.join(ABLATIONS)}")
    args = parser.parse_args(argv)
    ablations = [a for a in args.ablate.split(",") if a]
    if ablations:
        return _ablate(args, ablations)
    from playwright.sync_api import sync_playwright

    from tools.pages_server import serve
    maps = material_maps()
    results = []
    with serve(args.site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for page in args.pages:
            runs = sorted((profile_page(browser, base + page.lstrip("/"), maps) for _ in range(args.runs)),
                          key=lambda r: r["blocking_ms"])
            r = runs[(len(runs) - 1) // 2]
            r["blocking_runs_ms"] = [x["blocking_ms"] for x in runs]
            results.append(r)
            log(f"\n{page}: blocking {r['blocking_ms']} ms (runs {r['blocking_runs_ms']}), "
                f"{len(r['long_tasks'])} long tasks")
            log("  long-task time by kind: " + ", ".join(f"{k} {v}" for k, v in r["long_task_ms_by_kind"].items()))
            for t in r["long_tasks"]:
                log(f"    task at {t['start_ms']:.0f} ms: {t['ms']} ms  {t['kinds']}")
            log("  JS self time: " + ", ".join(f"{k} {v}" for k, v in r["js_self_ms"].items()))
            log("  JS by responsible component: " + ", ".join(f"{k} {v}" for k, v in r["js_by_component_ms"].items()))
            log("  outside JS: " + ", ".join(f"{k} {v}" for k, v in r["program_gc_idle_ms"].items()))
        browser.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


def _ablate(args, ablations: list[str]) -> int:
    """Blocking time (median of --runs) of each page: as built, without each feature, without all."""
    from playwright.sync_api import sync_playwright

    from tools.pages_server import serve
    maps = material_maps()
    variants = [("as built", [])] + [(f"without {a}", [a]) for a in ablations]
    if len(ablations) > 1:
        variants.append(("without " + " and ".join(ablations), ablations))
    table: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="ablate-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        sites = [(name, ablated_copy(args.site, names, Path(tmp) / str(i)) if names else args.site)
                 for i, (name, names) in enumerate(variants)]
        for _ in range(args.runs):  # variants alternate, so machine load hits them alike
            for name, site in sites:
                with serve(site) as base:
                    for page in args.pages:
                        r = profile_page(browser, base + page.lstrip("/"), maps)
                        table.setdefault(page, {}).setdefault(name, []).append(r["blocking_ms"])
        browser.close()
    results = {}
    for page, rows in table.items():
        log(f"\n{page}: main-thread blocking time (long tasks over 50 ms, 4x CPU slowdown), median of {args.runs}")
        base_ms = sorted(rows["as built"])[(args.runs - 1) // 2]
        for name, runs in rows.items():
            med = sorted(runs)[(len(runs) - 1) // 2]
            log(f"  {name:40} {med:7.1f} ms  ({med - base_ms:+7.1f})  runs {runs}")
            results.setdefault(page, {})[name] = {"median_ms": med, "runs": runs}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
