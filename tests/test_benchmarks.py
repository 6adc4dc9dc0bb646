"""data/benchmarks.yml: its checks, the chart and the table, on small data written by each test."""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as etree

import markdown
import pytest

from sitebuild import PAGES, ROOT
from explainer.benchmarks import load_benchmarks, render_benchmarks, render_chart
from explainer.records import DataError
from explainer.site import load_content

GOOD = """\
source: gpt-oss-model-card
setting: Reasoning level high; accuracy in per cent
models:
  - id: small
    name: Small <model>
  - id: large
    name: Large
benchmarks:
  - id: quiz
    name: Quiz & more
    from: Table 9
    scores: {small: 40.5, large: 80}
  - id: exam
    name: Exam
    from: Figure 9
    scores: {large: 12.25}
    not_reported:
      small: Not in the card.
"""


def write(tmp_path, text):
    path = tmp_path / "benchmarks.yml"
    path.write_text(textwrap.dedent(text))
    return path


def test_loads_scores_in_model_order(tmp_path):
    data = load_benchmarks(write(tmp_path, GOOD))
    assert [m.id for m in data.models] == ["small", "large"]
    assert data.benchmarks[0].scores == (("small", 40.5), ("large", 80.0))
    assert data.benchmarks[1].score("small") is None


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("    scores: {large: 12.25}\n", "    scores: {large: 12.25}\n").replace(
        "    not_reported:\n      small: Not in the card.\n", ""),
     "entry 'exam': no score for model 'small'"),
    (lambda t: t.replace("{small: 40.5, large: 80}", "{small: 40.5, large: 80, huge: 90}"),
     "entry 'quiz': score for unknown model 'huge'"),
    (lambda t: t.replace("large: 80}", "large: 180}"), "entry 'quiz': score for 'large' is 180"),
    (lambda t: t.replace("large: 80}", "large: high}"), "entry 'quiz': score for 'large' must be a number"),
    (lambda t: t.replace("{large: 12.25}", "{small: 1, large: 12.25}"),
     "entry 'exam': model 'small' has a score and is listed under 'not_reported'"),
    (lambda t: t.replace("      small: Not in the card.", "      small: ''"),
     "entry 'exam': 'not_reported' for 'small' needs the reason"),
    (lambda t: t.replace("    from: Table 9\n", ""), "entry 'quiz': missing required field 'from'"),
    (lambda t: t.replace("id: exam", "id: quiz"), "entry 'quiz': benchmark id 'quiz' is already used"),
    (lambda t: t.replace("setting: Reasoning", "colour: red\nsetting: Reasoning"), "unknown field(s) colour"),
])
def test_bad_benchmarks_name_file_and_entry(tmp_path, change, message):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(DataError) as err:
        load_benchmarks(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_chart_is_a_self_contained_accessible_svg(tmp_path):
    svg = render_chart(load_benchmarks(write(tmp_path, GOOD)))
    assert "\n" not in svg, "one line, so Markdown keeps it as one raw HTML block"
    root = etree.fromstring(svg)  # well-formed XML: every name is escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "bench-chart-title bench-chart-desc"
    assert root.find(f"{ns}title").text.startswith("Benchmark results")
    assert "Exam: Small <model> not reported, Large 12.2" in root.find(f"{ns}desc").text
    assert not any(el.get("style") or el.get("href") for el in root.iter())
    assert "<script" not in svg and "url(" not in svg
    bars = [el for el in root.iter(f"{ns}rect")]
    assert len(bars) == 3, "one bar per reported score, none for a score the card does not give"
    small_quiz, large_quiz = (float(b.get("width")) for b in bars[:2])
    assert large_quiz / small_quiz == pytest.approx(80 / 40.5, rel=0.01), "bar length is proportional"


def test_table_has_the_same_numbers_and_says_what_is_missing(tmp_path):
    md = render_benchmarks(load_benchmarks(write(tmp_path, GOOD)))
    html = markdown.markdown(md, extensions=["tables", "md_in_html"])
    assert "<td>Quiz &amp; more</td>" in html
    assert re.search(r"<td[^>]*>40\.5</td>\s*<td[^>]*>80\.0</td>", html)
    assert re.search(r"<td[^>]*>not reported</td>\s*<td[^>]*>12\.2</td>", html)
    assert "Not reported: Exam, Small &lt;model&gt;: Not in the card." in html
    assert "(source:gpt-oss-model-card)" in md


def test_benchmarks_citing_an_unknown_source_fail(project_copy):
    path = project_copy / "data" / "benchmarks.yml"
    path.write_text(re.sub(r"^source: .*$", "source: no-such-card", path.read_text(), count=1, flags=re.M))
    with pytest.raises(DataError) as err:
        load_content(project_copy / "data", pages={p: p for p in PAGES})
    assert "benchmarks.yml: entry 'source': cites unknown source id 'no-such-card'" in str(err.value)


def test_benchmarks_shown_nowhere_fail(project_copy):
    for page in (project_copy / "docs").glob("*.md"):
        page.write_text(page.read_text().replace("<!-- explainer:benchmarks -->", ""))
    with pytest.raises(DataError) as err:
        load_content(project_copy / "data", pages={p: p for p in PAGES})
    assert "benchmarks.yml: is shown nowhere" in str(err.value)


def test_real_benchmarks_load():
    data = load_benchmarks(ROOT / "data" / "benchmarks.yml")
    assert [m.id for m in data.models] == ["o3-mini", "gpt-oss-20b", "gpt-oss-120b", "o4-mini"]
    assert all(b.origin.startswith(("Figure ", "Table ")) for b in data.benchmarks)
