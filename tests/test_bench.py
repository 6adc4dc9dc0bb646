"""The benchmark's parts that need no browser: statistics, the stock configuration,
Lighthouse summaries and the report (tools/bench/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import ROOT
from tools.bench import lighthouse, report, stock
from tools.bench.results import (BenchResult, BuildTimes, LighthouseSummary, Load, Machine, PageWeight,
                                 SearchLatency, SiteFigures, Transfer, ratio, spread)
from tools.bench.weight import kind

BASE, STOCK = "http://h:1/p/", "http://h:2/p/"


def test_spread_keeps_median_and_range_and_drops_missing_runs():
    s = spread([97, None, 99, 90])
    assert (s.median, s.low, s.high, s.runs) == (97, 90, 99, (97.0, 99.0, 90.0))
    assert s.width == 9
    assert spread([None]) is None


def test_ratio_is_ours_over_stock():
    assert ratio(1.3, 1.0) == pytest.approx(1.3)
    assert ratio(1.0, 0) is None and ratio(None, 1) is None


def test_stock_config_keeps_pages_and_markdown_but_none_of_the_sites_code():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = stock.stock_config(text, "http://x/", Path("/tmp/docs"))
    for ours in ("hooks:", "custom_dir", "extra_css", "extra_javascript", "features:", "separator",
                 "git-revision-date", "explainer_hooks", "explainer.term_links", "explainer.permalinks",
                 "- explainer:"):
        assert ours not in config, ours
    assert "plugins:\n  - search\n" in config and "name: material" in config
    # The pages' own Markdown syntax still renders: every other extension is kept as it is.
    assert "pymdownx.superfences" in config and "  - explainer.citations:\n      sources_file:" in config
    assert stock.section(text, "nav") in config
    pages = stock.nav_pages(text)
    assert pages["glossary.md"] == "Glossary" and "index.md" in pages
    english = [p for p in (ROOT / "docs").glob("*.md") if p.name.count(".") == 1]
    assert len(pages) == len(english)
    # Every other file is a page's translation (delay.zh-TW.md), built by the i18n plugin in stock too.
    assert all(p.name.split(".")[0] + ".md" in pages for p in (ROOT / "docs").glob("*.*.md"))
    assert "  - i18n:\n      docs_structure: suffix" in config


def test_section_reads_one_top_level_block_and_fails_on_a_missing_one():
    text = "a: 1\nnav:\n  - Home: index.md\n  # note\n  - B: b.md\nextra:\n  x: 1\n"
    assert stock.section(text, "nav") == "nav:\n  - Home: index.md\n  # note\n  - B: b.md\n"
    with pytest.raises(ValueError):
        stock.section(text, "markdown_extensions")


def test_stock_project_renders_the_same_markdown_as_the_site(tmp_path):
    yml = stock.write_stock_project(tmp_path, "http://x/p/")
    glossary = (tmp_path / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert "glossary-entry" in glossary and "Last reviewed" in glossary
    faq = (tmp_path / "docs" / "faq.md").read_text(encoding="utf-8")
    assert "{ #why-delayed }" in faq
    # The benchmark chart the o3-mini page shows is in stock's Markdown too.
    assert "<svg" in (tmp_path / "docs" / "o3-mini.md").read_text(encoding="utf-8")
    assert f"docs_dir: {tmp_path / 'docs'}" in yml.read_text(encoding="utf-8")


def test_resource_kinds():
    assert kind(None, "http://h/p/search/search_index.json") == "search index"
    assert kind("Script", "http://h/p/assets/javascripts/workers/search.a7633da7.min.js") == "search worker"
    assert kind("Script", "http://h/p/assets/javascripts/site.js") == "JS"
    assert kind("Document", "http://h/p/") == "HTML"


def lhr(perf: float, tbt: float, a11y: float = 1.0) -> dict:
    return {
        "categories": {"performance": {"score": perf, "auditRefs": [{"id": "total-blocking-time", "weight": 30}]},
                       "accessibility": {"score": a11y, "auditRefs": []}},
        "audits": {"total-blocking-time": {"numericValue": tbt, "score": 1 if tbt < 100 else 0.5,
                                           "displayValue": f"{tbt} ms"},
                   "bootup-time": {"details": {"items": [{"url": BASE + "assets/x.js", "total": 120.4}]}},
                   "mainthread-work-breakdown": {"details": {"items": [
                       {"group": "scriptEvaluation", "groupLabel": "Script Evaluation", "duration": 300}]}}},
    }


def test_lighthouse_summary_takes_the_median_run_and_the_spread():
    runs = [lhr(0.99, 40), lhr(0.80, 400), lhr(0.95, 150)]
    assert lighthouse.median_run(runs) is runs[2]
    s = lighthouse.summarize(BASE, "mobile", runs, [], BASE, ("performance", "accessibility"))
    assert s.scores["performance"].median == 95 and (s.scores["performance"].low, s.scores["performance"].high) == (80, 99)
    assert s.metrics["TBT"].median == 150
    assert s.failing == ("performance: total-blocking-time (150 ms)",)
    assert s.scripts[0].what == "/assets/x.js" and s.work[0].what == "Script Evaluation"


def result(first_load: int, tbt: float, perf: float, build: float) -> BenchResult:
    page, spage = BASE + "glossary/", STOCK + "glossary/"
    machine = Machine("2026-11-29T00:00:00+00:00", "cpu", 2, "Chromium", "12.2.3", "9.8.1", "abc", 0)

    def weight(url, n, search):
        return PageWeight(url, (Transfer("/p/", "HTML", n, True, n - 1000),), (Transfer("/i.json", "search index", search, True, None),))

    def lh(url, p, t):
        return LighthouseSummary(url, "mobile", {"performance": spread([p]), "accessibility": spread([100]),
                                                 "best-practices": spread([100]), "seo": spread([100])},
                                 {"TBT": spread([t])})
    ours = SiteFigures("this site", BuildTimes("b", spread([build])), {page: weight(page, first_load, 30_000)},
                       SearchLatency(spread([40]), spread([20]), ("q",)), {(page, "mobile"): lh(page, perf, tbt)})
    theirs = SiteFigures("stock", BuildTimes("b", spread([1.0])), {spage: weight(spage, 100_000, 0)},
                         SearchLatency(spread([30]), spread([20]), ("q",)), {(spage, "mobile"): lh(spage, 90, 200)})
    return BenchResult(machine, (page,), 1, ours, theirs, (Load("start", 1.0),), 60.0)


def test_targets_met_and_missed():
    good = {t.figure: t for t in report.evaluate(result(70_000, 50, 99, 1.2))}
    assert all(t.met in (True, None) for t in good.values()), good
    assert good["First load, gzip, heaviest page (search unused)"].ratio == pytest.approx(0.7)
    assert good["Clean strict build, wall time"].ratio == pytest.approx(1.2)
    bad = {t.figure: t for t in report.evaluate(result(81_000, 100, 97, 1.4))}
    missed = {f for f, t in bad.items() if t.met is False}
    assert missed == {"First load, gzip, heaviest page (search unused)",
                      "Lighthouse mobile performance, lowest page median",
                      "Lighthouse mobile TBT, highest page median", "Clean strict build, wall time"}


def test_report_renders_every_target_and_page():
    text = report.render(result(70_000, 50, 99, 1.2), BASE, STOCK)
    assert "| /glossary/ | 70.0 KB (100.0 KB, 0.70×) | 30.0 KB | 99 | 90 | 50 | 200 |" in text
    assert text.count("✅ met") == len([t for t in report.evaluate(result(70_000, 50, 99, 1.2)) if t.met])
    assert "llms" not in text


def test_trace_maps_bundle_positions_back_to_materials_sources():
    from tools.bench.trace import material_maps, module_of
    import material
    (script, smap), = material_maps().items()
    bundle = (Path(material.__file__).parent / "templates/assets/javascripts" / script).read_text(encoding="utf-8")
    lines = bundle.split("\n")
    line = next(i for i, text in enumerate(lines) if "new Worker(" in text)
    assert smap.source(line, lines[line].index("new Worker(")) == "browser/worker/index.ts"
    assert smap.source(line, lines[line].index("function requestJSON") if "function requestJSON" in lines[line]
                       else lines[line].index('"search/search_index.json"')) == "bundle.ts"
    assert module_of("components/tooltip2/index.ts") == "components/tooltip2/index.ts"
    assert module_of("node_modules/rxjs/dist/esm5/x.js") == "library: rxjs"


def test_long_tasks_split_blocking_time_by_kind():
    from tools.bench.trace import long_tasks
    main = {"pid": 1, "tid": 2}
    events = [{"name": "thread_name", "ph": "M", "args": {"name": "CrRendererMain"}, **main},
              {"name": "ParseHTML", "ph": "X", "ts": 0, "dur": 5000, **main},
              {"name": "RunTask", "ph": "X", "ts": 10_000, "dur": 120_000, **main},
              {"name": "FunctionCall", "ph": "X", "ts": 10_000, "dur": 100_000, **main},
              {"name": "Layout", "ph": "X", "ts": 20_000, "dur": 30_000, **main},   # forced inside the script
              {"name": "RunTask", "ph": "X", "ts": 200_000, "dur": 40_000, **main}]  # short: not a long task
    (task,) = long_tasks({"traceEvents": events})
    assert task["ms"] == 120 and task["blocking_ms"] == 70
    assert task["kinds"] == {"script": 70.0, "layout": 30.0}


def test_first_load_bytes_are_split_by_owner():
    page = BASE + "delay/"
    w = PageWeight(page, (Transfer("/p/assets/javascripts/bundle.a5f9d56c.min.js", "JS", 41_000, True, 35_000),
                          Transfer("/p/assets/stylesheets/main.57a0d79d.min.css", "CSS", 30_000, True, 23_000),
                          Transfer("/p/delay/", "HTML", 11_000, True, 9_500),
                          Transfer("/p/assets/javascripts/site.js", "JS", 2_600, True, 2_400),
                          Transfer("/p/sitemap.xml", "XML", 600, True, None)), ())
    assert report.split_bytes(w) == {"Material": (71_000, 58_000), "page HTML": (11_000, 9_500),
                                     "the site's own files": (3_200, 3_000)}
    res = result(70_000, 50, 99, 1.2)
    res = BenchResult(res.machine, (page,), 1, SiteFigures("this site", None, {page: w}), res.stock, res.load, 1.0)
    text = report.render(res, BASE, STOCK)
    assert "| /delay/ | 71.0 KB (58.0 KB) | 11.0 KB (9.5 KB) | 3.2 KB (3.0 KB) | 85.2 KB" in text


def test_the_floors_mark_pages_that_cannot_be_within_the_target():
    material = (Transfer("/p/assets/javascripts/bundle.a5f9d56c.min.js", "JS", 41_000, True, 35_000),
                Transfer("/p/assets/stylesheets/main.57a0d79d.min.css", "CSS", 30_000, True, 23_000))
    long, short = BASE + "glossary/", BASE + "delay/"
    w_long = PageWeight(long, material + (Transfer("/p/glossary/", "HTML", 40_000, True, 34_000),), (), 22_500)
    w_short = PageWeight(short, material + (Transfer("/p/delay/", "HTML", 11_000, True, 9_500),), (), 4_700)
    # Stock's pages: the same paths on its own port, its own HTML, and its search at load (not counted).
    index = (Transfer("/p/search/search_index.json", "search index", 60_000, True, 55_000),)
    s_long = PageWeight(STOCK + "glossary/", (Transfer("/p/glossary/", "HTML", 25_000, True, 21_800),) + index, ())
    s_short = PageWeight(STOCK + "delay/", (Transfer("/p/delay/", "HTML", 8_000, True, 7_100),) + index, ())
    assert report.floor(w_long) == 80_500 and report.floor(w_short) == 62_700
    assert report.floor(PageWeight(short, material, ())) is None, "no text measured: no floor"
    assert report.plain_material(w_long, s_long) == 79_800 and report.plain_material(w_short, s_short) == 65_100
    assert report.plain_material(w_short, None) is None
    res = result(70_000, 50, 99, 1.2)
    res = BenchResult(res.machine, (long, short), 1,
                      SiteFigures("this site", None, {long: w_long, short: w_short}),
                      SiteFigures("stock", None, {STOCK + "delay/": s_short, STOCK + "glossary/": s_long}),
                      res.load, 1.0)
    assert report.stock_weight(res, long) is s_long and report.stock_weight(res, short) is s_short
    text = report.render(res, BASE, STOCK)
    assert "| 22.5 KB | 80.5 KB (over) | 79.8 KB |" in text and "| 4.7 KB | 62.7 KB | 65.1 KB |" in text
    rows = {t.figure.split(" (")[0]: t.ours for t in report.evaluate(res)}
    assert rows["Pages over the target at their floor"] == "1/2: highest 80.5 KB"
    assert rows["Pages over the target as plain Material"] == "0/2: highest 79.8 KB"


def test_the_pages_text_is_its_article_alone(site_dir):
    import gzip
    import re
    from tools.bench.weight import text_gzip6
    html = (site_dir / "glossary/index.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner.*?</article>', html, re.S).group(0)
    assert "Fine-tuning" in article and "md-header" not in article and "ld+json" not in article
    assert text_gzip6(site_dir, "/p/", "http://h:1/p/glossary/") == len(gzip.compress(article.encode(), 6))
    assert text_gzip6(site_dir, "/p/", "http://h:1/p/no-such-page/") is None
    assert text_gzip6(site_dir, "/p/", "http://h:1/elsewhere/glossary/") is None


def test_ablations_take_the_feature_out_of_the_built_html(site_dir, tmp_path):
    from tools.bench import trace
    # (content.tooltips is no longer in the build: site.js's definition preview replaced it;
    # toc.follow shows the same feature-flag ablation.)
    copy = trace.ablated_copy(site_dir, ["palette", "toc-follow"], tmp_path / "copy")
    before = (site_dir / "glossary/index.html").read_text(encoding="utf-8")
    after = (copy / "glossary/index.html").read_text(encoding="utf-8")
    assert 'data-md-component="palette"' in before and 'data-md-component="palette"' not in after
    assert '"toc.follow"' in before and '"toc.follow"' not in after
    assert '"navigation.instant"' in after, "only the named features go"
    with pytest.raises(SystemExit, match="no ablation"):
        trace.ablated_copy(site_dir, ["nonsense"], tmp_path / "other")


def test_split_by_cause_counts_every_task_and_charges_forced_passes_to_their_script():
    from tools.bench.trace import split_by_cause
    main = {"pid": 1, "tid": 2}
    ms = 1000  # trace times are in microseconds
    events = [{"name": "thread_name", "ph": "M", "args": {"name": "CrRendererMain"}, **main},
              {"name": "RunTask", "ph": "X", "ts": 0, "dur": 100 * ms, **main},
              {"name": "ParseHTML", "ph": "X", "ts": 0, "dur": 10 * ms, **main},
              {"name": "FunctionCall", "ph": "X", "ts": 20 * ms, "dur": 40 * ms, **main},
              {"name": "UpdateLayoutTree", "ph": "X", "ts": 30 * ms, "dur": 10 * ms, "args": {"elementCount": 500},
               **main},  # forced inside the script
              {"name": "Layout", "ph": "X", "ts": 70 * ms, "dur": 10 * ms,
               "args": {"beginData": {"dirtyObjects": 12}}, **main},
              {"name": "Paint", "ph": "X", "ts": 85 * ms, "dur": 5 * ms, **main},
              {"name": "Layout", "ph": "X", "ts": 200 * ms, "dur": 50 * ms, **main}]  # outside any task: idle
    profile = {"startTime": 0, "samples": [2, 2], "timeDeltas": [25 * ms, 10 * ms],
               "nodes": [{"id": 1, "callFrame": {"functionName": "(root)", "url": ""}, "children": [2]},
                         {"id": 2, "callFrame": {"functionName": "setUp", "url": "http://h/p/assets/site.js",
                                                 "lineNumber": 0, "columnNumber": 0}}]}
    split = split_by_cause({"traceEvents": events}, profile, {})
    assert split["causes_ms"] == {"script": 30.0, "style": 10.0, "layout": 10.0, "parse HTML": 10.0, "other": 40.0}
    assert split["passes"] == {"style": 1, "layout": 1} and split["forced_passes"] == {"style": 1, "layout": 0}
    assert split["style_elements"] == 500
    assert split["script_ms"] == {"site.js setUp": 25.0}
    assert split["forced_ms"] == {"style: site.js setUp": 10.0}


def test_report_sets_the_trace_split_of_this_site_beside_stock():
    from tools.bench.results import ThreadCost, ThreadSplit
    def split(style, passes):
        return ThreadSplit("/glossary/", 3, spread([100]), {"script": spread([50]), "style": spread([style]),
                                                          "layout": spread([40]), "parse HTML": spread([10]),
                                                          "other": spread([30])},
                           {"style": spread([passes]), "layout": spread([9])}, spread([2000]),
                           (ThreadCost("Material components/palette/index.ts mountPalette", 12.0),),
                           (ThreadCost("style: Material components/palette/index.ts mountPalette", 150.0),))
    rows = "\n".join(report.split_rows({"/glossary/": split(700, 30)}, {"/glossary/": split(230, 12)},
                                       ["/glossary/"]))
    assert "| /glossary/ | ours | 100 | 50 | 700 | 30 | 2000 | 40 | 9 | 10 | 30 |" in rows
    assert "| /glossary/ | stock | 100 | 50 | 230 | 12 | 2000 | 40 | 9 | 10 | 30 |" in rows
    assert "| /glossary/ | ours | components/palette/index.ts mountPalette 12 | style: components/palette/index.ts mountPalette 150 |" in rows
    res = result(70_000, 50, 99, 1.2)
    res.ours.trace["/glossary/"] = split(700, 30)
    assert "## Main thread by cause, this site against stock (traces)" in report.render(res, BASE, STOCK)


def test_function_names_come_from_materials_source_map():
    from tools.bench.trace import material_maps
    import material
    (script, smap), = material_maps().items()
    lines = (Path(material.__file__).parent / "templates/assets/javascripts" / script).read_text(
        encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if "data-md-color-switching" in text)
    assert smap.function(line, lines[line].index("data-md-color-switching")) == \
        "components/palette/index.ts mountPalette"
