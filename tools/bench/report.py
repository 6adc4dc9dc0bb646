"""One render step: a BenchResult in, the Markdown report out (no measuring here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tools.bench import common as c
from tools.bench.results import BenchResult, SiteFigures, Spread, ThreadSplit, ratio, spread


@dataclass(frozen=True)
class Target:
    figure: str
    target: str
    ours: str
    stock: str
    ratio: float | None
    met: bool | None


def kb(n: float | None) -> str:
    return "—" if n is None else f"{n / 1000:.1f} KB"


def times(r: float | None) -> str:
    return "—" if r is None else f"{r:.2f}×"


def mark(ok: bool | None) -> str:
    return "—" if ok is None else ("✅ met" if ok else "❌ not met")


def show(s: Spread | None, unit: str = "", digits: int = 0) -> str:
    """Median [min–max] of repeated runs."""
    if s is None:
        return "—"
    f = f"{{:.{digits}f}}"
    if len(s.runs) == 1:
        return f.format(s.median) + unit
    return f"{f.format(s.median)}{unit} [{f.format(s.low)}–{f.format(s.high)}]"


def label(url: str, base: str) -> str:
    return "/" + url[len(base):] if url.startswith(base) else url


def _median_of(site: SiteFigures, form: str, getter) -> dict[str, float]:
    out = {}
    for (page, ff), summary in site.lighthouse.items():
        value = getter(summary)
        if ff == form and value is not None:
            out[page] = value.median
    return out


def evaluate(res: BenchResult) -> list[Target]:
    """The targets, each with ours, stock, the ratio and whether it is met."""
    rows: list[Target] = []
    ours, stock = res.ours, res.stock
    if ours.weight:
        first = {p: w.first_load_bytes for p, w in ours.weight.items()}
        stock_first = {p: w.first_load_bytes for p, w in stock.weight.items()}
        worst = max(first.values())
        within = sum(v <= c.TARGET_FIRST_LOAD_BYTES for v in first.values())
        rows.append(Target("First load, gzip, heaviest page (search unused)",
                           f"≤ {c.TARGET_FIRST_LOAD_BYTES / 1000:.0f} KB every page",
                           f"{kb(worst)} ({within}/{len(first)} pages within)",
                           kb(max(stock_first.values())) if stock_first else "—",
                           ratio(worst, max(stock_first.values()) if stock_first else None),
                           within == len(first)))
        ref = max(w.first_load_gzip6 for w in ours.weight.values())
        stock_ref = max(w.first_load_gzip6 for w in stock.weight.values()) if stock.weight else None
        rows.append(Target("Same files, bodies at gzip level 6 (reference), heaviest page",
                           f"≤ {c.TARGET_FIRST_LOAD_BYTES / 1000:.0f} KB every page", kb(ref), kb(stock_ref),
                           ratio(ref, stock_ref), ref <= c.TARGET_FIRST_LOAD_BYTES))
        for figure, values in (
                ("Pages over the target at their floor (Material's files + the page's text, gzip 6)",
                 {p: floor(w) for p, w in ours.weight.items()}),
                ("Pages over the target as plain Material (its files + its page, search left out, gzip 6)",
                 {p: plain_material(w, stock_weight(res, p)) for p, w in ours.weight.items()})):
            if values and all(v is not None for v in values.values()):
                beyond = sum(v > c.TARGET_FIRST_LOAD_BYTES for v in values.values())
                rows.append(Target(figure, "reported", f"{beyond}/{len(values)}: highest {kb(max(values.values()))}",
                                   "—", None, None))
        adds = max(w.search_bytes for w in ours.weight.values())
        rows.append(Target("Opening search adds, heaviest page", "reported", kb(adds),
                           kb(max(w.search_bytes for w in stock.weight.values())) if stock.weight else "—",
                           None, None))
    perf = _median_of(ours, "mobile", lambda s: s.scores.get("performance"))
    if perf:
        stock_perf = _median_of(stock, "mobile", lambda s: s.scores.get("performance"))
        low = min(perf.values())
        rows.append(Target("Lighthouse mobile performance, lowest page median",
                           f"≥ {c.TARGET_PERFORMANCE} every page", f"{low:.0f}",
                           f"{min(stock_perf.values()):.0f}" if stock_perf else "—",
                           ratio(low, min(stock_perf.values()) if stock_perf else None),
                           low >= c.TARGET_PERFORMANCE))
        tbt = _median_of(ours, "mobile", lambda s: s.metrics.get("TBT"))
        stock_tbt = _median_of(stock, "mobile", lambda s: s.metrics.get("TBT"))
        high = max(tbt.values())
        rows.append(Target("Lighthouse mobile TBT, highest page median", f"< {c.TARGET_TBT_MS} ms every page",
                           f"{high:.0f} ms", f"{max(stock_tbt.values()):.0f} ms" if stock_tbt else "—",
                           ratio(high, max(stock_tbt.values()) if stock_tbt else None), high < c.TARGET_TBT_MS))
        for cat in ("accessibility", "best-practices", "seo"):
            got = _median_of(ours, "mobile", lambda s, cat=cat: s.scores.get(cat))
            if got:
                rows.append(Target(f"Lighthouse mobile {cat}, lowest page median",
                                   f"{c.TARGET_OTHER_CATEGORIES} every page", f"{min(got.values()):.0f}",
                                   "—", None, min(got.values()) >= c.TARGET_OTHER_CATEGORIES))
    if ours.build and stock.build:
        r = ratio(ours.build.seconds.median, stock.build.seconds.median)
        rows.append(Target("Clean strict build, wall time", f"≤ {c.TARGET_BUILD_RATIO}× stock",
                           show(ours.build.seconds, " s", 2), show(stock.build.seconds, " s", 2), r,
                           r is not None and r <= c.TARGET_BUILD_RATIO))
    if ours.search:
        s, t = ours.search, stock.search
        for name, mine, theirs in (("first query after opening search", s.first_query, t and t.first_query),
                                   ("later queries", s.warm, t and t.warm)):
            rows.append(Target(f"Search, keystroke to results, {name} (median)",
                               f"≤ {c.TARGET_SEARCH_MS:.0f} ms", show(mine, " ms", 1), show(theirs, " ms", 1),
                               ratio(mine and mine.median, theirs and theirs.median),
                               mine is not None and mine.median <= c.TARGET_SEARCH_MS))
    return rows


# Material's own files carry a content hash in their names (bundle.a5f9d56c.min.js).
THEME_FILE = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")


def owner(path: str, kind: str) -> str:
    """Whose bytes a request is: Material's theme files, the page itself, or the site's own."""
    if THEME_FILE.search(path):
        return "Material"
    return "page HTML" if kind == "HTML" else "the site's own files"


def split_bytes(weight) -> dict[str, tuple[int, int]]:
    """owner -> (bytes on the wire, gzip-6 body bytes) for one page's first load."""
    out: dict[str, tuple[int, int]] = {}
    for t in weight.first_load:
        who = owner(t.path, t.kind)
        wire, ref = out.get(who, (0, 0))
        out[who] = (wire + t.bytes, ref + (t.gzip6 if t.gzip6 is not None else t.bytes))
    return out


def _bytes_rows(res: BenchResult, base: str) -> list[str]:
    """Where each page's first-load bytes go, so a miss of the 80 KB target can be read:
    what Material's files take, what the page's HTML takes, what the site adds, and two
    floors that no change to the site's own files, metadata or features can go below."""
    owners = ("Material", "page HTML", "the site's own files")
    target = c.TARGET_FIRST_LOAD_BYTES
    out = ["| Page | " + " | ".join(owners) + " | Total | The page's text | Floor: Material + text "
           "| Plain Material: its files + its page |", "|---|---|---|---|---|---|---|---|"]
    for page in res.pages:
        w = res.ours.weight.get(page)
        if not w:
            continue
        parts = split_bytes(w)
        cells = [f"{kb(parts.get(o, (0, 0))[0])} ({kb(parts.get(o, (0, 0))[1])})" for o in owners]
        least, plain = floor(w), plain_material(w, stock_weight(res, page))
        out.append(f"| {label(page, base)} | " + " | ".join(cells)
                   + f" | {kb(w.first_load_bytes)} ({kb(w.first_load_gzip6)}) | {kb(w.text_gzip6)}"
                   + f" | {kb(least)}{over(least)} | {kb(plain)}{over(plain)} |")
    out += ["", "On the wire (gzip level 1, with headers), then in brackets the bodies at gzip level 6. "
            "Material's files (its bundle, main and palette stylesheets) are the same on every page and "
            "no setting makes them smaller; what the target leaves for the page and the site is "
            f"{target / 1000:.0f} KB minus that.", "",
            "The page's text is its content (Material's `<article>`: text, tables, the sources list) alone "
            "at gzip 6. Floor: Material's files plus that text, with no header, navigation, metadata or "
            "script at all. Plain Material: Material's files plus the page stock Material writes for the "
            "same Markdown (its own header, navigation and metadata; no feature, file or metadata of the "
            "site's own; its search left out, as this site loads search on demand). A page marked "
            "(over) cannot be within the target while it keeps its text and Material's files and "
            "templates as shipped."]
    return out


def over(n: int | None) -> str:
    return " (over)" if n is not None and n > c.TARGET_FIRST_LOAD_BYTES else ""


def material_gzip6(weight) -> int:
    """Material's files in one page's first load, bodies at gzip 6."""
    return split_bytes(weight).get("Material", (0, 0))[1]


def floor(weight) -> int | None:
    """Material's files (gzip 6) plus the page's text alone (gzip 6); None when the text is unknown."""
    if weight.text_gzip6 is None:
        return None
    return material_gzip6(weight) + weight.text_gzip6


def stock_weight(res: BenchResult, page: str):
    """Stock's figures for the same page (both sites serve the same paths on different ports)."""
    path = urlsplit(page).path
    return next((w for url, w in res.stock.weight.items() if urlsplit(url).path == path), None)


def plain_material(weight, stock) -> int | None:
    """Material's files (gzip 6, as this site loads them) plus stock Material's page HTML for the
    same Markdown (gzip 6): the page as Material ships it, with its search left out."""
    if stock is None:
        return None
    html = [t.gzip6 for t in stock.first_load if t.kind == "HTML" and t.gzip6 is not None]
    if not html:
        return None
    return material_gzip6(weight) + sum(html)


def _page_rows(res: BenchResult, base: str, stock_base: str) -> list[str]:
    out = ["| Page | First load (stock, ratio) | Search adds | Mobile perf | stock | Mobile TBT ms | stock "
           "| Mobile LCP ms | Desktop perf | stock |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for page in res.pages:
        spage = stock_base + page[len(base):]
        w, sw = res.ours.weight.get(page), res.stock.weight.get(spage)
        lm, sm = res.ours.lighthouse.get((page, "mobile")), res.stock.lighthouse.get((spage, "mobile"))
        ld, sd = res.ours.lighthouse.get((page, "desktop")), res.stock.lighthouse.get((spage, "desktop"))
        first = (f"{kb(w.first_load_bytes)} ({kb(sw.first_load_bytes) if sw else '—'}, "
                 f"{times(ratio(w.first_load_bytes, sw and sw.first_load_bytes))})") if w else "—"
        out.append(" | ".join([
            f"| {label(page, base)}", first, kb(w.search_bytes) if w else "—",
            show(lm and lm.scores.get("performance")), show(sm and sm.scores.get("performance")),
            show(lm and lm.metrics.get("TBT")), show(sm and sm.metrics.get("TBT")),
            show(lm and lm.metrics.get("LCP")),
            show(ld and ld.scores.get("performance")), show(sd and sd.scores.get("performance")) + " |"]))
    return out


def _thread_rows(res: BenchResult, base: str, stock_base: str) -> list[str]:
    out = ["Main-thread time in the median mobile run, from Lighthouse's trace (`bootup-time` per script, "
           "`mainthread-work-breakdown` per kind of work), ms. Lighthouse's simulated 4× CPU slowdown applies.", "",
           "| Page | Site | Per script | Per kind of work |", "|---|---|---|---|"]
    for page in res.pages:
        for name, site, b in (("ours", res.ours, base), ("stock", res.stock, stock_base)):
            key = (b + page[len(base):], "mobile")
            summary = site.lighthouse.get(key)
            if not summary:
                continue
            scripts = ", ".join(f"{t.what.split('/')[-1] or t.what} {t.ms:.0f}" for t in summary.scripts[:4])
            work = ", ".join(f"{t.what} {t.ms:.0f}" for t in summary.work[:5])
            out.append(f"| {label(page, base)} | {name} | {scripts or '—'} | {work or '—'} |")
    return out


def split_rows(ours: dict[str, ThreadSplit], stock: dict[str, ThreadSplit], pages: list[str]) -> list[str]:
    """Main-thread time by cause, this site beside stock, per page (tools/bench/trace.py)."""
    causes, culprits = [], []
    for page in pages:
        for name, split in (("ours", ours.get(page)), ("stock", stock.get(page))):
            if not split:
                continue
            c, n = split.causes_ms, split.passes
            causes.append(f"| {page} | {name} | {show(split.blocking_ms)} | {show(c.get('script'))} "
                          f"| {show(c.get('style'))} | {show(n.get('style'))} | {show(split.style_elements)} "
                          f"| {show(c.get('layout'))} | {show(n.get('layout'))} | {show(c.get('parse HTML'))} "
                          f"| {show(c.get('other'))} |")
            scripts = ", ".join(f"{t.what.removeprefix('Material ')} {t.ms:.0f}" for t in split.scripts[:8])
            forced = ", ".join(f"{t.what.replace('Material ', '')} {t.ms:.0f}" for t in split.forced[:5])
            culprits.append(f"| {page} | {name} | {scripts or '—'} | {forced or '—'} |")
    return ["All main-thread time of a load, every task (Chromium trace, phone viewport, CPU slowed 4×, "
            "this site and stock alternating), by cause, ms: median [min–max] over the loads. Style and "
            "layout also count their passes; \"elements\" is how many elements all style passes restyled "
            "together (a page restyled whole twice counts its elements twice).", "",
            "| Page | Site | Blocking | Script | Style | Style passes | Elements restyled | Layout "
            "| Layout passes | Parse HTML | Other |",
            "|---|---|---|---|---|---|---|---|---|---|---|", *causes, "",
            "Script by file and function (the load with the median total; library time such as rxjs "
            "is charged to the Material component or site script that called it), and the style and "
            "layout that ran inside a script, by the code that forced it, ms:", "",
            "| Page | Site | Script by file and function | Style and layout forced by |", "|---|---|---|---|",
            *culprits]


def render(res: BenchResult, base: str, stock_base: str) -> str:
    m = res.machine
    lines = [
        "# Benchmark: this site against stock Material, same run, same machine", "",
        f"{m.date} · commit {m.commit}" + (f" (+{m.dirty_files} changed files)" if m.dirty_files else "")
        + f" · {m.cpu}, {m.cores} cores · {m.chromium} · Lighthouse {m.lighthouse} · Material {m.material}"
        + (f" · {res.runs} Lighthouse run(s) per page and form factor" if res.runs else " · Lighthouse not run")
        + f" · {res.seconds / 60:.1f} min", "",
        "Load average (1 min) at each phase: " + ", ".join(f"{x.phase} {x.load1}" for x in res.load)
        + ". The machine is shared: absolute figures move with its load; the stock baseline, "
          "measured alternately in the same run, moves with it, so read the ratios.", "",
        "Stock = the same Markdown (glossary and FAQ expanded from data/) built with plain Material: "
        "no hooks, no site CSS/JS, no theme features, the search plugin as shipped.", "",
        "## Targets", "",
        "| Figure | Target | This site | Stock | Ratio | |", "|---|---|---|---|---|---|",
    ]
    for t in evaluate(res):
        lines.append(f"| {t.figure} | {t.target} | {t.ours} | {t.stock} | {times(t.ratio)} | {mark(t.met)} |")
    lines += ["", "Lighthouse figures: median [min–max] over the runs.", "", "## Per page", ""]
    lines += _page_rows(res, base, stock_base)
    if res.ours.weight:
        lines += ["", "## Where the first-load bytes go", ""] + _bytes_rows(res, base)
    if res.ours.trace:
        pages = [label(p, base) for p in res.pages if label(p, base) in res.ours.trace]
        lines += ["", "## Main thread by cause, this site against stock (traces)", ""]
        lines += split_rows(res.ours.trace, res.stock.trace, pages)
    lines += ["", "## Where main-thread time goes (Lighthouse)", ""] + _thread_rows(res, base, stock_base)
    failing = [(k, s.failing) for k, s in res.ours.lighthouse.items() if s.failing]
    errors = [(k, s.errors) for k, s in {**res.ours.lighthouse, **res.stock.lighthouse}.items() if s.errors]
    lines += ["", "## Audits losing points (this site, median run)", ""]
    lines += [f"- {label(p, base)} {ff}: " + "; ".join(f) for (p, ff), f in failing] or ["None."]
    if errors:
        lines += ["", "## Lighthouse errors", ""] + [f"- {p} {ff}: {'; '.join(e)[:300]}" for (p, ff), e in errors]
    if res.ours.weight:
        heaviest = max(res.ours.weight.values(), key=lambda w: w.first_load_bytes)
        lines += ["", f"## First load of the heaviest page, {label(heaviest.page, base)}", "",
                  "| File | Kind | Bytes | gzip |", "|---|---|---|---|"]
        lines += [f"| {t.path} | {t.kind} | {kb(t.bytes)} | {'yes' if t.gzip else 'no'} |"
                  for t in heaviest.first_load]
        lines += ["", "Bytes on the wire are what the test server sends: nginx with its default "
                  "gzip_comp_level 1, plus headers. The gzip-6 row compresses the same files' bodies at "
                  "level 6, as CDNs commonly do (what GitHub Pages' CDN uses is not documented)."]
        lines += ["", "Opening search then fetches: "
                  + (", ".join(f"{t.path.split('/')[-1]} {kb(t.bytes)}" for t in heaviest.search_opened) or "nothing")]
    return "\n".join(lines) + "\n"


__all__ = ["Target", "evaluate", "render", "spread"]
