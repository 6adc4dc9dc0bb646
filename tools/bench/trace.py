"""Where the main thread goes on a page load, from a Chromium performance trace.

    .venv/bin/python -m tools.bench.trace glossary/ faq/ o3-mini/   # this site's build in site/, and stock

Loads each page of this site's build and of the stock baseline (tools/bench/stock.py, built
for the occasion unless --stock-site names one), alternating, and splits all main-thread
time of each load by cause: script (by file and function), style recalculation, layout,
HTML parsing and the rest, with the number of style and layout passes, how many elements
they restyled, and which code forced the ones that ran inside a script (split_by_cause).
All loads use a phone viewport with the CPU slowed 4× (Lighthouse's mobile setting), a
trace (devtools.timeline) and a V8 CPU profile; Material's bundle is mapped back to its
TypeScript modules and functions through the source map Material ships. `make bench` runs
the same comparison and reports the table.

    .venv/bin/python -m tools.bench.trace glossary/ --no-stock

only this site, each load's long tasks (> 50 ms) and their blocking time split by what ran
inside them, and JavaScript self time per source.

    .venv/bin/python -m tools.bench.trace glossary/ --ablate palette,instant

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
from tools.bench.results import ThreadCost, ThreadSplit, spread
from tools.pages_server import PREFIX

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
    """Generated (line, column) -> original source file and line, for one minified script."""
    sources: list[str]
    lines: list[tuple[list[int], list[int], list[int]]]  # per generated line: columns, sources, original lines
    contents: list[list[str]]  # each original source's lines (the map ships them)

    @classmethod
    def load(cls, path: Path) -> "SourceMap":
        data = json.loads(path.read_text(encoding="utf-8"))
        lines, src, orig = [], 0, 0
        for line in data["mappings"].split(";"):
            cols, srcs, origs, col = [], [], [], 0
            for seg in filter(None, line.split(",")):
                v = _vlq(seg)
                col += v[0]
                if len(v) > 1:
                    src += v[1]
                    orig += v[2]
                    cols.append(col)
                    srcs.append(src)
                    origs.append(orig)
            lines.append((cols, srcs, origs))
        contents = [(text or "").split("\n") for text in data.get("sourcesContent") or []]
        return cls([s.removeprefix("src/templates/assets/javascripts/") for s in data["sources"]], lines, contents)

    def position(self, line: int, column: int) -> tuple[str, int]:
        """(original source, 0-based original line) of a generated position; ("?", -1) when unmapped."""
        if line >= len(self.lines):
            return "?", -1
        cols, srcs, origs = self.lines[line]
        i = bisect.bisect_right(cols, column) - 1
        return (self.sources[srcs[i]], origs[i]) if i >= 0 else ("?", -1)

    def source(self, line: int, column: int) -> str:
        return self.position(line, column)[0]

    def function(self, line: int, column: int) -> str:
        """The original function a generated position falls in: "components/palette/index.ts mountPalette"
        (the nearest named function or method at or above the original line)."""
        source, orig = self.position(line, column)
        if orig < 0:
            return source
        index = self.sources.index(source)
        text = self.contents[index] if index < len(self.contents) else []
        for row in range(min(orig, len(text) - 1), -1, -1):
            found = FUNCTION_NAME.search(text[row])
            if found:
                return f"{source} {found.group(1) or found.group(2)}"
        return source


# A named function in TypeScript/JavaScript source: `function name(`, `export function name<T>(`,
# or a method `name(args) {`.
FUNCTION_NAME = re.compile(r"\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)|^\s{2,}(?!(?:if|for|while|switch|catch|return)\b)([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*(?::[^{]*)?\{\s*$")


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


def main_thread_events(trace: dict | list) -> list[dict]:
    """The page's main-thread complete events ("X"), parents before their children."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    mains = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"}
    # The page's renderer: the main thread that parsed HTML the longest.
    parsed = Counter((e.get("pid"), e.get("tid")) for e in events
                     if e.get("name") == "ParseHTML" and (e.get("pid"), e.get("tid")) in mains)
    main = {parsed.most_common(1)[0][0]} if parsed else mains
    return sorted((e for e in events if (e.get("pid"), e.get("tid")) in main and e.get("ph") == "X"
                   and "dur" in e), key=lambda e: (e["ts"], -e["dur"]))


def long_tasks(trace: dict) -> list[dict]:
    """Top-level main-thread tasks over 50 ms, with the time inside them per kind of work."""
    evs = main_thread_events(trace)
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


# The causes main-thread time is split into, side by side for this site and stock.
CAUSES = ("script", "style", "layout", "parse HTML", "other")
PASS_KINDS = {"UpdateLayoutTree": "style", "RecalculateStyles": "style", "Layout": "layout"}


def split_by_cause(trace: dict | list, profile: dict | None = None,
                   maps: dict[str, SourceMap] | None = None) -> dict:
    """All main-thread time of a load (every task, long or not), split by cause.

    Each trace event's self time (its duration less its children's) goes to its kind
    (KINDS; paint and anything unnamed count as "other"), an unnamed event's to the kind of
    the event it runs in. Style and layout are also counted in passes: each outermost
    style recalculation or layout, with how many elements or layout objects it touched and,
    when it ran inside a script (forced, synchronous), which code forced it. With a CPU
    profile, script time is split by file and function: each sample outside style, layout
    and parsing goes to the innermost frame that is a Material component or one of the
    site's scripts (the code responsible for library time such as rxjs)."""
    events = main_thread_events(trace)
    causes: Counter = Counter()
    passes: list[dict] = []
    stack: list[list] = []  # [end, effective kind, event, children's time]
    in_task = False
    busy: list[tuple[float, float, str]] = []  # outermost style/layout/parse intervals

    def close(until: float) -> None:
        while stack and stack[-1][0] <= until:
            end, kind, event, children = stack.pop()
            causes[kind] += max(0.0, event["dur"] - children) / 1000

    for e in events:
        close(e["ts"])
        if e["name"] == "RunTask" and not stack:
            in_task = True
        elif not stack:
            in_task = False
        if not in_task:
            continue
        parent_kind = stack[-1][1] if stack else "other"
        own = KINDS.get(e["name"])
        kind = own if own in CAUSES else ("other" if own else parent_kind)
        if stack:
            stack[-1][3] += min(e["dur"], stack[-1][0] - e["ts"])
        pass_kind = PASS_KINDS.get(e["name"])
        if pass_kind and parent_kind != pass_kind and not any(s[1] == pass_kind for s in stack):
            args = e.get("args", {})
            size = (args.get("elementCount") or args.get("endData", {}).get("elementCount")
                    if pass_kind == "style" else args.get("beginData", {}).get("dirtyObjects"))
            passes.append({"kind": pass_kind, "start_ms": e["ts"] / 1000, "ms": e["dur"] / 1000,
                           "size": size, "forced": any(s[1] == "script" for s in stack)})
        if kind in ("style", "layout", "parse HTML") and parent_kind not in ("style", "layout", "parse HTML"):
            busy.append((e["ts"], e["ts"] + e["dur"], kind))
        stack.append([e["ts"] + e["dur"], kind, e, 0.0])
    close(float("inf"))

    scripts: Counter = Counter()
    forced_by: dict[int, Counter] = {}
    if profile and profile.get("samples"):
        nodes = {n["id"]: n for n in profile["nodes"]}
        parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
        starts = [b[0] for b in busy]
        owners: dict[int, str] = {}
        t = profile["startTime"]
        for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
            t += delta
            if sample not in owners:
                owners[sample] = _responsible(sample, nodes, parent, maps or {})
            owner = owners[sample]
            if owner.startswith("("):
                continue  # (idle), (program), (garbage collector)
            i = bisect.bisect_right(starts, t) - 1
            if i >= 0 and t < busy[i][1]:
                forced_by.setdefault(i, Counter())[owner] += 1
                continue
            scripts[owner] += delta / 1000
        # Which code forced each style or layout pass that ran inside a script.
        for p in passes:
            i = bisect.bisect_right(starts, p["start_ms"] * 1000) - 1
            if p["forced"] and i >= 0 and i in forced_by:
                p["by"] = forced_by[i].most_common(1)[0][0]
    forced: Counter = Counter()
    for p in passes:
        if p["forced"]:
            forced[f"{p['kind']}: {p.get('by', 'a script')}"] += p["ms"]
    return {
        "causes_ms": {k: round(causes.get(k, 0.0), 1) for k in CAUSES},
        "passes": {k: sum(1 for p in passes if p["kind"] == k) for k in ("style", "layout")},
        "forced_passes": {k: sum(1 for p in passes if p["kind"] == k and p["forced"]) for k in ("style", "layout")},
        "style_elements": sum(p["size"] or 0 for p in passes if p["kind"] == "style"),
        "pass_list": [{**p, "start_ms": round(p["start_ms"], 1), "ms": round(p["ms"], 2)} for p in passes],
        "script_ms": {k: round(v, 1) for k, v in scripts.most_common(15)},
        "forced_ms": {k: round(v, 1) for k, v in forced.most_common(8)},
    }


def _responsible(node: int, nodes: dict, parent: dict, maps: dict[str, SourceMap]) -> str:
    """"file function" of the innermost frame on a sample's stack that is a Material component
    (or integration, patch) or one of the site's scripts; the innermost frame when none is."""
    first = None
    while node is not None:
        frame = nodes[node]["callFrame"]
        url = frame.get("url", "")
        label, responsible = None, False
        if not url:
            label = frame.get("functionName") or "(native)"
        else:
            for script, smap in maps.items():
                if url.endswith(script):
                    fn = smap.function(frame["lineNumber"], frame["columnNumber"])
                    label = "Material " + fn
                    responsible = fn.startswith(("components/", "patches/", "integrations/"))
                    break
            else:
                name = Path(urlsplit(url).path).name or url
                label = f"{name} {frame.get('functionName') or '(top level)'}"
                responsible = True
        if responsible:
            return label
        first = first or label
        node = parent.get(node)
    return first or "(native)"


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
    return {"url": url, "long_tasks": tasks, "split": split_by_cause(trace, profile, maps), "blocking_ms": round(sum(t["blocking_ms"] for t in tasks), 1),
            "long_task_ms_by_kind": {k: round(v, 1) for k, v in kinds.most_common()},
            "js_self_ms": {k: round(v, 1) for k, v in own.most_common(12) if not k.startswith("(")},
            "js_by_component_ms": {k: round(v, 1) for k, v in charged.most_common(14) if not k.startswith("(")},
            "program_gc_idle_ms": {k: round(v, 1) for k, v in own.items() if k.startswith("(")}}


def thread_split(page: str, loads: list[dict]) -> ThreadSplit:
    """The loads of one page (profile_page results) as medians with their spread; the scripts
    and forced passes of the load whose total main-thread time is the median."""
    def total(load: dict) -> float:
        return sum(load["split"]["causes_ms"].values())
    middle = sorted(loads, key=total)[(len(loads) - 1) // 2]
    return ThreadSplit(
        page, len(loads), spread(x["blocking_ms"] for x in loads),
        {k: spread(x["split"]["causes_ms"][k] for x in loads) for k in CAUSES},
        {k: spread(x["split"]["passes"][k] for x in loads) for k in ("style", "layout")},
        spread(x["split"]["style_elements"] for x in loads),
        tuple(ThreadCost(k, v) for k, v in middle["split"]["script_ms"].items()),
        tuple(ThreadCost(k, v) for k, v in middle["split"]["forced_ms"].items()))


def compare_sites(browser, pairs: list[tuple[str, str, str]], runs: int,
                  maps: dict[str, SourceMap]) -> tuple[dict[str, ThreadSplit], dict[str, ThreadSplit]]:
    """Trace each (page, our URL, stock URL) `runs` times, this site and stock alternating so
    that the machine's load hits both alike; page -> ThreadSplit for each site."""
    ours: dict[str, list[dict]] = {}
    stock: dict[str, list[dict]] = {}
    for i in range(runs):
        for page, mine, theirs in pairs:
            ours.setdefault(page, []).append(profile_page(browser, mine, maps))
            if theirs:
                stock.setdefault(page, []).append(profile_page(browser, theirs, maps))
            log(f"  trace {i + 1}/{runs} {page:28} ours {ours[page][-1]['blocking_ms']:7.1f} ms blocking"
                + (f", stock {stock[page][-1]['blocking_ms']:7.1f} ms" if theirs else ""))
    return ({p: thread_split(p, loads) for p, loads in ours.items()},
            {p: thread_split(p, loads) for p, loads in stock.items()})


def build_stock(into: Path) -> Path:
    """Build the stock baseline (tools/bench/stock.py) into `into`/site; return the site folder."""
    from tools.bench.builds import build
    from tools.bench.stock import write_stock_project
    url = "http://127.0.0.1" + PREFIX
    site = into / "site"
    build(write_stock_project(into / "project", url), site, url, strict=True)
    return site


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
    parser.add_argument("--stock-site", type=Path, help="a built stock baseline (default: build one now)")
    parser.add_argument("--no-stock", action="store_true",
                        help="only this site, with each load's long tasks and JS self time")
    parser.add_argument("--ablate", default="", help=f"comma-separated, also measured without each: "
                                                     f"{', '.join(ABLATIONS)}")
    args = parser.parse_args(argv)
    ablations = [a for a in args.ablate.split(",") if a]
    if ablations:
        return _ablate(args, ablations)
    if not args.no_stock:
        return _side_by_side(args)
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


def _side_by_side(args) -> int:
    """This site and stock on the same pages, alternating; the table `make bench` reports."""
    from playwright.sync_api import sync_playwright

    from tools.bench.report import split_rows
    from tools.pages_server import serve
    maps = material_maps()
    with tempfile.TemporaryDirectory(prefix="trace-stock-") as tmp:
        stock_site = args.stock_site or build_stock(Path(tmp))
        with serve(args.site) as base, serve(stock_site) as stock_base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            pairs = [(page, base + page.lstrip("/"), stock_base + page.lstrip("/")) for page in args.pages]
            ours, stock = compare_sites(browser, pairs, args.runs, maps)
            browser.close()
    log("\n" + "\n".join(split_rows(ours, stock, [p for p, _, _ in pairs])))
    if args.json:
        from tools.bench.cli import _jsonable
        args.json.write_text(json.dumps({"ours": _jsonable(ours), "stock": _jsonable(stock)}, indent=1))
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
