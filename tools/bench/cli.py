"""`make bench`: build, serve and measure this site and the stock baseline, then report."""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import tempfile
import time
from pathlib import Path

from explainer import addresses
from tools.bench import common as c
from tools.bench.builds import timed_builds
from tools.bench.lighthouse import CATEGORIES, run as lighthouse_run, summarize
from tools.bench.report import render
from tools.bench.results import BenchResult, SiteFigures
from tools.bench.search import search_latency
from tools.bench.stock import write_stock_project
from tools.bench.weight import page_weight
from tools.pages_server import PREFIX, free_port, serve


def sitemap_pages(site_dir: Path, base: str) -> list[str]:
    urls = addresses.sitemap_locations((site_dir / "sitemap.xml").read_bytes())
    if not urls or any(not u.startswith(base) for u in urls):
        raise SystemExit(f"bench: sitemap.xml does not list pages under {base}: {urls[:3]}")
    return urls


def chosen(pages: list[str], base: str, wanted: str | None) -> list[str]:
    """--pages "glossary/,faq/" (paths under the site; "/" is the home page)."""
    if not wanted:
        return pages
    keys = {w.strip().strip("/") for w in wanted.split(",")}
    picked = [p for p in pages if p[len(base):].strip("/") in keys]
    if len(picked) != len(keys):
        raise SystemExit(f"bench: --pages {wanted!r}: not all in sitemap.xml ({[p[len(base):] for p in pages]})")
    return picked


def _jsonable(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {(" ".join(k) if isinstance(k, tuple) else str(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form factor (default 3)")
    parser.add_argument("--pages", help='only these pages, e.g. "/,glossary/,faq/" (default: every page)')
    parser.add_argument("--form-factors", default="mobile,desktop", help="default mobile,desktop")
    parser.add_argument("--builds", type=int, default=5, help="timed clean builds of each site (default 5)")
    parser.add_argument("--search-passes", type=int, default=2, help="passes over the ten queries (default 2)")
    parser.add_argument("--trace-runs", type=int, default=3,
                        help="traced loads per page and site, main thread by cause (default 3; 0 skips)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--out", type=Path, default=c.OUT, help="report folder (default artifacts/bench)")
    args = parser.parse_args(argv)
    if not args.skip_lighthouse and not c.LIGHTHOUSE.exists():
        raise SystemExit("bench: Lighthouse is not installed; `make bench` runs `npm ci` in tools/lighthouse")
    if not Path(c.CHROMIUM).exists():
        raise SystemExit("bench: Chromium is missing: apt-get install -y chromium nginx")
    form_factors = [f for f in args.form_factors.split(",") if f]

    started = time.perf_counter()
    out_dir = args.out.resolve()
    lh_dir = out_dir / "lighthouse"
    shutil.rmtree(lh_dir, ignore_errors=True)
    lh_dir.mkdir(parents=True)
    machine = c.machine()
    c.log(f"bench: {machine.cpu}, {machine.cores} cores, {machine.chromium}, Lighthouse {machine.lighthouse}")
    loads = [c.load("start")]
    port, stock_port = free_port(), free_port()
    base, stock_base = f"http://127.0.0.1:{port}{PREFIX}", f"http://127.0.0.1:{stock_port}{PREFIX}"

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        site, stock_site = tmp / "site", tmp / "stock-site"
        stock_yml = write_stock_project(tmp / "stock", stock_base)
        loads.append(c.load("builds"))
        c.log(f"[1/5] {args.builds} clean strict builds each, this site and stock, alternating")
        build, stock_build = timed_builds(args.builds, (c.ROOT / "mkdocs.yml", site), (stock_yml, stock_site),
                                          base, stock_base)
        ours = SiteFigures("this site", build)
        stock = SiteFigures("stock Material", stock_build)

        with serve(site, port=port), serve(stock_site, port=stock_port):
            pages = chosen(sitemap_pages(site, base), base, args.pages)
            pairs = [(p, stock_base + p[len(base):]) for p in pages]
            from playwright.sync_api import sync_playwright
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=c.CHROMIUM, args=["--no-sandbox"])
                loads.append(c.load("bytes"))
                c.log(f"[2/5] bytes: first load (search unused), then opening search; {len(pages)} pages")
                for mine, theirs in pairs:
                    ours.weight[mine] = page_weight(browser, mine, site, PREFIX)
                    stock.weight[theirs] = page_weight(browser, theirs, stock_site, PREFIX)
                    c.log(f"  {mine[len(base) - 1:]:32} {ours.weight[mine].first_load_bytes / 1000:6.1f} KB "
                          f"(+{ours.weight[mine].search_bytes / 1000:.1f} KB with search); "
                          f"stock {stock.weight[theirs].first_load_bytes / 1000:6.1f} KB; "
                          f"gzip-6 bodies {ours.weight[mine].first_load_gzip6 / 1000:.1f} KB, "
                          f"stock {stock.weight[theirs].first_load_gzip6 / 1000:.1f} KB")
                loads.append(c.load("search"))
                c.log("[3/5] search: keystroke to results (first query after opening, then warm)")
                ours = dataclasses.replace(ours, search=search_latency(browser, base, args.search_passes))
                stock = dataclasses.replace(stock, search=search_latency(browser, stock_base, args.search_passes))
                for s in (ours, stock):
                    c.log(f"  {s.name:15} first query median {s.search.first_query.median:.1f} ms, "
                          f"warm median {s.search.warm.median:.1f} ms")
                if args.trace_runs:
                    from tools.bench.trace import compare_sites, material_maps
                    loads.append(c.load("traces"))
                    c.log(f"[4/5] traces: main thread by cause, {args.trace_runs} loads per page, "
                          "this site and stock alternating")
                    labelled = [(p[len(base) - 1:], p, s) for p, s in pairs]
                    traced = compare_sites(browser, labelled, args.trace_runs, material_maps())
                    ours.trace.update(traced[0])
                    stock.trace.update(traced[1])
                browser.close()

            if not args.skip_lighthouse:
                loads.append(c.load("lighthouse"))
                total = args.runs * len(pairs) * len(form_factors) * 2
                c.log(f"[5/5] Lighthouse: {args.runs} runs x {len(pages)} pages x {len(form_factors)} "
                      f"form factors, this site and stock alternating ({total} runs)")
                collected: dict[tuple[str, str, str], list] = {}
                n = 0
                for i in range(args.runs):
                    for mine, theirs in pairs:
                        for ff in form_factors:
                            for who, url, cats in (("ours", mine, CATEGORIES), ("stock", theirs, ("performance",))):
                                n += 1
                                t0 = time.perf_counter()
                                slug = (url[len(base if who == "ours" else stock_base):].strip("/") or "home")
                                path = lh_dir / f"{who}.{slug.replace('/', '_')}.{ff}.run{i + 1}.json"
                                got = lighthouse_run(url, ff, path, cats)
                                collected.setdefault((who, url, ff), []).append((got, path))
                                perf = (round(got["categories"]["performance"]["score"] * 100)
                                        if isinstance(got, dict) else "ERROR")
                                c.log(f"  {n:3}/{total} {who:5} {slug:28} {ff:7} perf {perf}  "
                                      f"({time.perf_counter() - t0:.0f} s)")
                loads.append(c.load("end"))
                for (who, url, ff), got in collected.items():
                    lhrs = [g for g, _ in got if isinstance(g, dict)]
                    errors = [g for g, _ in got if isinstance(g, str)]
                    cats = CATEGORIES if who == "ours" else ("performance",)
                    summary = summarize(url, ff, lhrs, errors, base if who == "ours" else stock_base, cats)
                    (ours if who == "ours" else stock).lighthouse[(url, ff)] = summary
                    # Keep the median run's report; drop the others.
                    if lhrs:
                        from tools.bench.lighthouse import median_run
                        keep = median_run(lhrs)
                        for g, path in got:
                            if g is keep:
                                path.replace(path.with_name(path.name.rsplit(".run", 1)[0] + ".json"))
                            else:
                                path.unlink(missing_ok=True)

    result = BenchResult(machine, tuple(pages), 0 if args.skip_lighthouse else args.runs, ours, stock, tuple(loads),
                         round(time.perf_counter() - started, 1))
    report = render(result, base, stock_base)
    (out_dir / "report.md").write_text(report, encoding="utf-8")
    data = json.dumps(_jsonable(result), indent=1)
    (out_dir / "bench.json").write_text(data, encoding="utf-8")
    history = out_dir / "history"
    history.mkdir(exist_ok=True)
    (history / f"{machine.date.replace(':', '')}.json").write_text(data, encoding="utf-8")
    c.log("\n" + report.split("## Per page")[0])
    c.log(f"bench: {c.shown(out_dir / 'report.md')} ({result.seconds / 60:.1f} min)")
    return 0
