"""Benchmark results: data/benchmarks.yml in; a bar chart (inline SVG) and a table out.

The chart needs no script and no external file: it is drawn at build time as
SVG markup with classes only (colours come from the site's stylesheet, for the
light and the dark palette). The same numbers follow as a Markdown table, for
screen readers, print and copies of the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from .records import DataError, Entry, UniqueNames, load_yaml
from .editions import ENGLISH, Strings
from .safe_text import line_text_problem
from .safe_text import md_inline, md_table_cell

FILE_FIELDS = ("source", "setting", "models", "benchmarks")
MODEL_FIELDS = ("id", "name")
BENCH_FIELDS = ("id", "name", "from", "scores", "not_reported")

# Chart geometry (SVG user units; the SVG scales to the column width).
# Drawn at a phone's width: at 360 units wide the 15-unit labels show at 14-15 px on a
# 360-390 px screen (site.css caps the chart's width on larger ones).
WIDTH = 360
LABEL_W = 114          # model names left of the bars
VALUE_W = 44           # room right of the longest bar for its value
BAR_H = 16
BAR_GAP = 5
TITLE_H = 24
GROUP_GAP = 14


@dataclass(frozen=True)
class Model:
    id: str
    name: str


@dataclass(frozen=True)
class Benchmark:
    id: str
    name: str
    origin: str                               # where in the card: "Figure 1", "Table 2"
    scores: tuple[tuple[str, float], ...]     # (model id, value) for the models the card reports
    not_reported: tuple[tuple[str, str], ...]  # (model id, why)

    def score(self, model_id: str) -> float | None:
        return dict(self.scores).get(model_id)


@dataclass(frozen=True)
class Benchmarks:
    source: str       # a source id in data/sources.yml
    setting: str      # reasoning setting and unit, as the caption states it
    models: tuple[Model, ...]
    benchmarks: tuple[Benchmark, ...]


def load_benchmarks(path: Path | str) -> Benchmarks:
    """Read and check the benchmark file; raises DataError naming the file and entry."""
    path = Path(path)
    top = Entry(path, load_yaml(path), None)
    top.reject_unknown(FILE_FIELDS)
    source = top.slug("source")
    setting = top.line("setting")

    models: list[Model] = []
    model_ids = UniqueNames(path, "model id")
    raw_models = top.data.get("models")
    if not isinstance(raw_models, list) or not raw_models:
        raise top.fail("field 'models' must be a non-empty list")
    for index, item in enumerate(raw_models, start=1):
        entry = Entry.of(path, item, f"model #{index}", MODEL_FIELDS)
        model = Model(entry.slug("id"), entry.line("name"))
        model_ids.add(model.id, model.id)
        models.append(model)
    known = {m.id for m in models}

    benchmarks: list[Benchmark] = []
    bench_ids = UniqueNames(path, "benchmark id")
    raw_benchmarks = top.data.get("benchmarks")
    if not isinstance(raw_benchmarks, list) or not raw_benchmarks:
        raise top.fail("field 'benchmarks' must be a non-empty list")
    for index, item in enumerate(raw_benchmarks, start=1):
        entry = Entry.of(path, item, f"benchmark #{index}", BENCH_FIELDS)
        bench_id = entry.slug("id")
        bench_ids.add(bench_id, bench_id)
        scores = _scores(entry, known)
        missing = _not_reported(entry, known)
        both = set(dict(scores)) & set(dict(missing))
        if both:
            raise entry.fail(f"model '{sorted(both)[0]}' has a score and is listed under 'not_reported'")
        for m in models:
            if m.id not in dict(scores) and m.id not in dict(missing):
                raise entry.fail(f"no score for model '{m.id}': give the card's number, or list the model "
                                 "under 'not_reported' with the reason (never guess a number)")
        benchmarks.append(Benchmark(bench_id, entry.line("name"), entry.line("from"),
                                    tuple(sorted(scores, key=lambda s: _order(models, s[0]))),
                                    tuple(sorted(missing, key=lambda s: _order(models, s[0])))))
    return Benchmarks(source, setting, tuple(models), tuple(benchmarks))


def _order(models: list[Model], model_id: str) -> int:
    return next(i for i, m in enumerate(models) if m.id == model_id)


def _scores(entry: Entry, known: set[str]) -> list[tuple[str, float]]:
    raw = entry.data.get("scores")
    if not isinstance(raw, dict) or not raw:
        raise entry.fail("field 'scores' must be a mapping of model id to a number")
    out = []
    for model_id, value in raw.items():
        if model_id not in known:
            raise entry.fail(f"score for unknown model '{model_id}' (models: {', '.join(sorted(known))})")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise entry.fail(f"score for '{model_id}' must be a number, got {value!r}")
        if not 0 <= value <= 100:
            raise entry.fail(f"score for '{model_id}' is {value}; scores are per cent, 0 to 100")
        out.append((model_id, float(value)))
    return out


def _not_reported(entry: Entry, known: set[str]) -> list[tuple[str, str]]:
    raw = entry.data.get("not_reported") or {}
    if not isinstance(raw, dict):
        raise entry.fail("field 'not_reported' must be a mapping of model id to the reason")
    out = []
    for model_id, why in raw.items():
        if model_id not in known:
            raise entry.fail(f"'not_reported' names unknown model '{model_id}'")
        if not isinstance(why, str) or not why.strip():
            raise entry.fail(f"'not_reported' for '{model_id}' needs the reason as text")
        if problem := line_text_problem(why):
            raise entry.fail(f"'not_reported' for '{model_id}' {problem}")
        out.append((model_id, why.strip()))
    return out


def _num(value: float) -> str:
    return f"{value:.1f}"


def render_chart(data: Benchmarks, strings: Strings = ENGLISH) -> str:
    """The chart as one line of SVG markup (so Markdown keeps it as a single raw HTML block)."""
    bar_area = WIDTH - LABEL_W - VALUE_W
    group_h = TITLE_H + len(data.models) * (BAR_H + BAR_GAP) + GROUP_GAP
    height = len(data.benchmarks) * group_h
    names = {m.id: m.name for m in data.models}
    desc = " ".join(
        f"{b.name}: " + ", ".join(
            f"{names[m.id]} {_num(b.score(m.id))}" if b.score(m.id) is not None
            else f"{names[m.id]} {strings.bench_missing}"
            for m in data.models) + "."
        for b in data.benchmarks)
    parts = [
        f'<svg class="bench-chart" role="img" aria-labelledby="bench-chart-title bench-chart-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="bench-chart-title">'
        f'{html.escape(strings.bench_chart_title.format(models=", ".join(m.name for m in data.models)))}</title>',
        f'<desc id="bench-chart-desc">{html.escape(data.setting)}{"." if strings.months else "。"} '
        f'{html.escape(desc)}</desc>',
    ]
    for g, b in enumerate(data.benchmarks):
        top = g * group_h
        parts.append(f'<g class="bench-group">')
        parts.append(f'<text class="bench-title" x="0" y="{top + 16}">{html.escape(b.name)}</text>')
        for i, m in enumerate(data.models):
            y = top + TITLE_H + i * (BAR_H + BAR_GAP)
            mid = y + BAR_H / 2
            parts.append(f'<text class="bench-model" x="{LABEL_W - 8}" y="{mid:.1f}" '
                         f'text-anchor="end" dominant-baseline="central">{html.escape(m.name)}</text>')
            value = b.score(m.id)
            if value is None:
                parts.append(f'<text class="bench-value bench-value--missing" x="{LABEL_W}" y="{mid:.1f}" '
                             f'dominant-baseline="central">{html.escape(strings.bench_missing)}</text>')
                continue
            w = bar_area * value / 100
            parts.append(f'<rect class="bench-bar bench-bar--{i + 1}" x="{LABEL_W}" y="{y}" '
                         f'width="{w:.1f}" height="{BAR_H}"/>')
            parts.append(f'<text class="bench-value" x="{LABEL_W + w + 6:.1f}" y="{mid:.1f}" '
                         f'dominant-baseline="central">{_num(value)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def render_benchmarks(data: Benchmarks, strings: Strings = ENGLISH) -> str:
    """Markdown for the marker: the chart (a figure) and a table with the same numbers."""
    names = [m.name for m in data.models]
    caption = strings.bench_caption.format(setting=md_inline(data.setting), source=data.source)
    figcaption = strings.bench_figcaption.format(setting=html.escape(data.setting))
    # data-ui: left out of the page's Markdown copy, where the table carries the numbers.
    lines = [
        f'<figure class="bench-figure" data-ui><figcaption>{figcaption}</figcaption>'
        f'{render_chart(data, strings)}</figure>',
        "",
        caption,
        "",
        f"| {md_table_cell(strings.bench_column)} | " + " | ".join(md_table_cell(n) for n in names)
        + f" | {md_table_cell(strings.bench_origin_column)} |",
        "|---|" + "---:|" * len(names) + "---|",
    ]
    notes: list[str] = []
    for b in data.benchmarks:
        cells = []
        for m in data.models:
            value = b.score(m.id)
            cells.append(_num(value) if value is not None else strings.bench_missing)
        lines.append(f"| {md_table_cell(b.name)} | " + " | ".join(cells) + f" | {md_table_cell(b.origin)} |")
        notes += [f"{md_inline(b.name)}, {md_inline(dict((m.id, m.name) for m in data.models)[mid])}: {md_inline(why)}"
                  for mid, why in b.not_reported]
    lines.append("")
    if notes:
        lines += [strings.not_reported + " " + " ".join(notes), ""]
    return "\n".join(lines)
