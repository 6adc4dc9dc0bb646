"""Hostile input by class (issue 20): each class of bad input, over every field it applies
to, checked at the loader where the failure happens (fast), plus one end-to-end strict
build per class (the `e2e` tests at the end, built in parallel once per session).

Every case ends one of two ways: a DataError naming the file (and the entry) with the
value cut short, or data that loads and renders without changing the structure it sits
in. Any other exception is a traceback a contributor would see: the `outcome` helper
turns it into a test failure. The counts for the closing note are written to
artifacts/hostile/classes.json.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import markdown
import pytest
import yaml

from explainer import social_image
from explainer.addresses import output_path, site_path_problem
from explainer.anchors import load_registry
from explainer.benchmarks import load_benchmarks, render_benchmarks
from explainer.csp import apply_to_site, content_problems, inline_scripts, script_hash
from explainer.faq import load_faq, render_faq
from explainer.front_matter import read_front_matter, template_names
from explainer.glossary import load_glossary, render_glossary
from explainer.records import MAX_FILE_BYTES, SLUG, DataError, parse_yaml
from explainer import reserved_ids
from explainer.reserved_ids import SITE_IDS
from explainer.safe_text import HTTPS_URL, SITE_LINK, SOURCE_LINK, markdown_problems, md_heading, md_inline
from explainer.siteconfig import check_config, load_site_config
from explainer.sources import citations, load_sources
from explainer.sources_page import render_sources_page
from sitebuild import PAGES, ROOT, copy_project, mkdocs_build, restamp

DATA = ROOT / "data"
NAV = {src: src for src in PAGES}
TALLY: Counter = Counter()  # class -> cases; "clear" / "loaded" per outcome


# --- how a case ends -----------------------------------------------------------------

def outcome(kind: str, load: Callable[[], Any]) -> DataError | Any:
    """Run a loader: a DataError (returned) or a value; anything else fails the test."""
    TALLY[kind] += 1
    try:
        value = load()
    except DataError as exc:
        TALLY["clear errors"] += 1
        assert len(str(exc)) < 600, f"the message is not cut short: {len(str(exc))} characters"
        return exc
    except Exception as exc:  # noqa: BLE001 - exactly what must never happen
        pytest.fail(f"{kind}: {type(exc).__name__} instead of a DataError: {str(exc)[:300]}")
    TALLY["loaded"] += 1
    return value


def fails(kind: str, load: Callable[[], Any], *expected: str) -> DataError:
    result = outcome(kind, load)
    assert isinstance(result, DataError), f"{kind}: loaded instead of failing"
    for text in expected:
        assert text in str(result), f"{text!r} not in {str(result)!r}"
    return result


def _yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                              allow_unicode=True, width=1000), encoding="utf-8")


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of data/ to break."""
    out = tmp_path / "data"
    out.mkdir()
    for f in DATA.glob("*.yml"):
        (out / f.name).write_bytes(f.read_bytes())
    return out


def _terms(d: Path) -> dict[str, str]:
    return {t.id: t.term for t in load_glossary(d / "glossary.yml")}


# Every data file and its loader; a page's front matter is one more "file".
LOADERS: dict[str, Callable[[Path], Any]] = {
    "glossary.yml": lambda d: load_glossary(d / "glossary.yml"),
    "faq.yml": lambda d: load_faq(d / "faq.yml", _terms(d), NAV),
    "sources.yml": lambda d: load_sources(d / "sources.yml"),
    "benchmarks.yml": lambda d: load_benchmarks(d / "benchmarks.yml"),
    "anchors.yml": lambda d: load_registry(d / "anchors.yml"),
    "delay.md": lambda d: read_front_matter(d / "delay.md", "docs/delay.md", template_names([ROOT / "overrides"])),
}


@pytest.fixture
def files(data) -> Path:
    """data/ plus docs/delay.md beside it (the page whose front matter and body are broken)."""
    (data / "delay.md").write_bytes((ROOT / "docs" / "delay.md").read_bytes())
    return data


# --- class 1: tracebacks instead of messages ---------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi"))


def _front(text: str) -> str:
    return f"---\n{text}---\n\n# Page\n"


@pytest.mark.parametrize("name", LOADERS)
def test_class_1_unreadable_input_is_a_message_not_a_traceback(files, name):
    path = files / name
    original = path.read_bytes()
    is_page = name.endswith(".md")
    # A byte that is not UTF-8: the file and the byte offset.
    path.write_bytes(original[:40] + b"\xff\xfe" + original[40:])
    fails("tracebacks", lambda: LOADERS[name](files), name, "not UTF-8", "offset 40")
    # An alias bomb: refused fast, and the message does not print the expansion.
    path.write_text(_front(BOMB) if is_page else BOMB, encoding="utf-8")
    started = time.perf_counter()
    fails("tracebacks", lambda: LOADERS[name](files), name, "alias")
    assert time.perf_counter() - started < 2
    # Nesting deep enough to exhaust Python's recursion.
    deep = "a: " + "[" * 20000 + "]" * 20000 + "\n"
    path.write_text(_front(deep) if is_page else deep, encoding="utf-8")
    fails("tracebacks", lambda: LOADERS[name](files), name)
    # A file past the size cap.
    path.write_bytes(original + b"#" * MAX_FILE_BYTES)
    fails("tracebacks", lambda: LOADERS[name](files), name, "limit")
    # Tags beyond the core schema, including an impossible explicit timestamp.
    for tagged in ("x: !!timestamp 2025-02-30\n", "x: !!python/object:os.system [x]\n", "x: !!binary aGk=\n",
                   "x: !custom 1\n"):
        path.write_text(_front(tagged) if is_page else tagged, encoding="utf-8")
        fails("tracebacks", lambda: LOADERS[name](files), name)


def test_class_1_mkdocs_yml_as_the_engine_independent_commands_read_it(tmp_path):
    config = tmp_path / "mkdocs.yml"
    original = (ROOT / "mkdocs.yml").read_bytes()
    name_line = re.compile(rb"^site_name: [^\n]*", re.M)
    for broken, expected in ((name_line.sub(b"site_name: \xffThe site", original, count=1), "not UTF-8"),
                             (name_line.sub(b"site_name: 2025-02-30", original, count=1), "not valid YAML"),
                             (b"site_name: [" * 5000, "not valid YAML"),
                             (b"- a list\n", "mapping")):
        config.write_bytes(broken)
        fails("tracebacks", lambda: load_site_config(config), "mkdocs.yml", expected)


def test_class_1_impossible_and_future_dates_everywhere_a_date_is_read(files, data):
    # Unquoted impossible dates were YAML timestamps (ValueError); now text, checked per field.
    text = (data / "sources.yml").read_text(encoding="utf-8")
    first = re.search(r"\n  published: [^\n]*", text)
    for value, message in (("2025-02-30", "not a real date"), ("'2025-02-30'", "not a real date"),
                           ("2999-01-01", "in the future"), ("2025-13", "not a real date"),
                           ("2025-8-5", "must be YYYY-MM-DD")):
        (data / "sources.yml").write_text(text.replace(first.group(0), f"\n  published: {value}", 1))
        fails("tracebacks", lambda: load_sources(data / "sources.yml"), "sources.yml", message)
    page = (files / "delay.md").read_text(encoding="utf-8")
    for key, value, message in (("reviewed", "2025-02-30", "must be a real date"),
                                ("published", "2025-02-30", "must be a real date"),
                                ("published", "2999-01-01", "in the future")):
        (files / "delay.md").write_text(re.sub(r"\nreviewed: [^\n]*", f"\n{key}: {value}", page, count=1))
        fails("tracebacks", lambda: LOADERS["delay.md"](files), "docs/delay.md", message)
    # An id that looks like a date is text: a slug like any other.
    glossary = _yaml(data / "glossary.yml")
    glossary[0]["id"] = "2025-02-30"
    (data / "glossary.yml").write_text(yaml.safe_dump(glossary, sort_keys=False, allow_unicode=True)
                                       .replace("id: '2025-02-30'", "id: 2025-02-30"))
    result = outcome("tracebacks", lambda: load_glossary(data / "glossary.yml"))
    # It loads, or fails only because other terms still name the old id under `related`.
    assert not isinstance(result, DataError) or "related id" in str(result), str(result)
    assert parse_yaml("id: 2025-02-30\n") == {"id": "2025-02-30"}


# --- class 2: YAML 1.1 reads that change values silently ------------------------------

def test_class_2_yaml_reads_numbers_and_words_as_written(data):
    text = (data / "benchmarks.yml").read_text(encoding="utf-8")
    score = re.search(r"\b(o3-mini): [0-9.]+(?=[,}])", text)
    assert score, "a score to change"
    model = score.group(1)

    def with_score(value: str) -> str:
        return text.replace(score.group(0), f"{model}: {value}", 1)

    (data / "benchmarks.yml").write_text(with_score("077"))
    loaded = outcome("yaml", lambda: load_benchmarks(data / "benchmarks.yml"))
    assert 77.0 in [v for b in loaded.benchmarks for m, v in b.scores if m == model], "077 is 77, not octal 63"
    for value in ("1:20", "0b11", "yes"):  # base 60, binary, a YAML 1.1 boolean: all text, not numbers
        (data / "benchmarks.yml").write_text(with_score(value))
        fails("yaml", lambda: load_benchmarks(data / "benchmarks.yml"), "benchmarks.yml", "must be a number")
    (data / "benchmarks.yml").write_text(text + "\nextra: &x {a: 1}\nmore:\n  <<: *x\n")
    fails("yaml", lambda: load_benchmarks(data / "benchmarks.yml"), "merge keys")
    # `term: yes`, `term: off` are the words, not booleans.
    glossary = (data / "glossary.yml").read_text(encoding="utf-8")
    term = re.search(r"\n  term: [^\n]*\n", glossary).group(0)
    (data / "glossary.yml").write_text(glossary.replace(term, "\n  term: Off\n", 1))
    assert "Off" in [t.term for t in outcome("yaml", lambda: load_glossary(data / "glossary.yml"))]


# --- class 3: plain text means plain --------------------------------------------------

INVISIBLE = {"line-separator": "\u2028", "paragraph-separator": "\u2029", "next-line": "\u0085",
             "csi": "\u009b", "vertical-tab": "\u000b", "bidi-override": "\u202e", "zero-width-space": "\u200b",
             "soft-hyphen": "\u00ad", "newline": "\n", "nul": "\u0000"}


def _glossary_field(key: str, value: Any):
    def edit(d):
        d[0][key] = value
    return "glossary.yml", edit


def _faq_field(key: str, value: Any, section: bool = False):
    def edit(d):
        (d["sections"][0] if section else d["sections"][0]["questions"][0])[key] = value
    return "faq.yml", edit


def _source_field(key: str, value: Any):
    def edit(d):
        d[0][key] = value
    return "sources.yml", edit


def _bench(edit_one: Callable[[dict], None]):
    return "benchmarks.yml", edit_one


# Every one-line text field of every data file.
TEXT_FIELDS: dict[str, Callable[[str], tuple[str, Callable]]] = {
    "glossary term": lambda v: _glossary_field("term", v),
    "glossary aliases": lambda v: _glossary_field("aliases", [v]),
    "glossary short": lambda v: _glossary_field("short", v),
    "faq section title": lambda v: _faq_field("title", v, section=True),
    "faq question": lambda v: _faq_field("question", v),
    "source title": lambda v: _source_field("title", v),
    "source publisher": lambda v: _source_field("publisher", v),
    "source note": lambda v: _source_field("note", v),
    "benchmark setting": lambda v: _bench(lambda d: d.update(setting=v)),
    "benchmark model name": lambda v: _bench(lambda d: d["models"][0].update(name=v)),
    "benchmark name": lambda v: _bench(lambda d: d["benchmarks"][0].update(name=v)),
    "benchmark from": lambda v: _bench(lambda d: d["benchmarks"][0].update({"from": v})),
    "benchmark not_reported": lambda v: _bench(
        lambda d: d["benchmarks"][0].update(not_reported={m: v for m in list(d["benchmarks"][0]["scores"])[:1]},
                                            scores=dict(list(d["benchmarks"][0]["scores"].items())[1:]))),
}


def _load_file(d: Path, name: str) -> Any:
    return LOADERS[name](d)


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_class_3_text_fields_refuse_control_format_and_separator_characters(data, field):
    for label, char in INVISIBLE.items():
        name, edit = TEXT_FIELDS[field](f"zz {char}injected")
        original = (data / name).read_bytes()
        content = _yaml(data / name)
        edit(content)
        _dump(data / name, content)
        err = fails("plain text", lambda: _load_file(data, name), name)
        assert "single line" in str(err) or "control or format character" in str(err), (label, str(err))
        (data / name).write_bytes(original)


PAGE_TEXT_FIELDS = ("title", "description")


@pytest.mark.parametrize("key", PAGE_TEXT_FIELDS)
def test_class_3_front_matter_text_refuses_them_too(files, key):
    page = (files / "delay.md").read_text(encoding="utf-8")
    for label, char in INVISIBLE.items():
        if char in "\n":
            continue  # a newline in a YAML plain scalar folds to a space; the quoted form is below
        value = json.dumps(f"zz {char}injected")  # a JSON string is a double-quoted YAML scalar
        (files / "delay.md").write_text(re.sub(rf"\n{key}: [^\n]*", lambda m: f"\n{key}: {value}", page, count=1))
        err = fails("plain text", lambda: LOADERS["delay.md"](files), "docs/delay.md", key)
        assert "single line" in str(err) or "control or format" in str(err), (label, str(err))


def test_class_3_every_context_the_generator_writes_keeps_its_structure(data):
    """`|` in a table cell, `#`/`{`/`*`/`[` in headings, list items and link text: the
    rendered structure is the same as with harmless text."""
    hostile = "A | B ## {: #x } *e* [l](javascript:x) <b> &lt; `c` \\"
    benchmarks = load_benchmarks(data / "benchmarks.yml")
    bench = _yaml(data / "benchmarks.yml")
    bench["models"][0]["name"] = hostile
    bench["benchmarks"][0]["name"] = hostile
    bench["benchmarks"][0]["from"] = hostile
    _dump(data / "benchmarks.yml", bench)
    broken = outcome("structure", lambda: load_benchmarks(data / "benchmarks.yml"))

    def table_shape(md: str) -> list[int]:
        html = markdown.markdown(md, extensions=["tables", "md_in_html", "attr_list"])
        return [len(re.findall(r"<t[dh]\b", row)) for row in re.findall(r"<tr>.*?</tr>", html, re.S)]

    assert table_shape(render_benchmarks(broken)) == table_shape(render_benchmarks(benchmarks))
    # One heading, with its own id, per source title / term / question; no link, tag or emphasis made.
    for render_md in (md_heading(hostile), md_inline(hostile)):
        html = markdown.markdown(f"## {render_md} {{ #own-id }}", extensions=["attr_list"])
        assert html.count("<h2") == 1 and 'id="own-id"' in html
        assert "<a" not in html and "<b>" not in html and "<em>" not in html and "<code>" not in html
    sources = load_sources(DATA / "sources.yml")
    one = next(iter(sources.values()))
    sources = {one.id: one.__class__(**{**one.__dict__, "title": hostile, "publisher": hostile})}
    html = markdown.markdown(render_sources_page(sources, {}), extensions=["attr_list", "md_in_html"])
    assert html.count("<h3") == 1 and f'id="{one.id}"' in html and "<b>" not in html and "<em>" not in html
    TALLY["structure"] += 1
    TALLY["loaded"] += 1


def test_class_3_markdown_copies_keep_code_as_written():
    """llms.txt copies: markup shown in code spans and fences survives; interface HTML goes."""
    from explainer.llms import PageCopy, markdown_copy
    md = ("# Page\n\nShows `<script>` and `<b data-ui>x</b>`, a [link](delay.md) and <b>bold</b>.\n\n"
          "```html\n<div data-ui><!-- kept --></div>\n```\n\n<div data-ui>interface</div>\n")
    copy = markdown_copy(PageCopy("p.md", "p/", "Page", "", md), {"delay.md": "delay/"}, "https://example.org/")
    assert "`<script>`" in copy and "`<b data-ui>x</b>`" in copy
    assert "<div data-ui><!-- kept --></div>" in copy and "interface" not in copy
    assert "[link](https://example.org/delay/)" in copy and "<b>bold</b>" not in copy and "bold" in copy
    TALLY["structure"] += 1
    TALLY["loaded"] += 1


# --- class 4: ids and paths ---------------------------------------------------------

ID_FIELDS: dict[str, Callable[[str], tuple[str, Callable]]] = {
    "glossary id": lambda v: _glossary_field("id", v),
    "faq question id": lambda v: _faq_field("id", v),
    "faq section id": lambda v: _faq_field("id", v, section=True),
    "faq aliases": lambda v: _faq_field("aliases", [v]),
    "source id": lambda v: _source_field("id", v),
}


@pytest.mark.parametrize("field", ID_FIELDS)
def test_class_4_data_ids_stay_out_of_the_reserved_namespace(data, field):
    for reserved in sorted(SITE_IDS) + ["letter-a", "sources"]:
        name, edit = ID_FIELDS[field](reserved)
        original = (data / name).read_bytes()
        content = _yaml(data / name)
        edit(content)
        _dump(data / name, content)
        fails("ids", lambda: _load_file(data, name), name, "reserved")
        (data / name).write_bytes(original)


def test_class_4_ids_and_links_are_matched_as_whole_strings():
    for pattern, good in ((SLUG, "gpt-oss"), (SITE_LINK, "delay.md#june-delay"), (SOURCE_LINK, "source:article"),
                          (HTTPS_URL, "https://openai.com/index/x/")):
        TALLY["ids"] += 1
        assert pattern.match(good) and not pattern.match(good + "\n"), pattern.pattern
        TALLY["clear errors"] += 1
    TALLY["ids"] += 1
    assert markdown_problems("[x](delay.md\n)") or markdown_problems("[x](<delay.md\n>)")
    TALLY["clear errors"] += 1


def test_class_4_template_is_a_page_template_of_the_site(files):
    page = (files / "delay.md").read_text(encoding="utf-8")
    for template in ("404.html", "partials/header.html", "base.html", "partials/javascripts/base.html", "../x.html"):
        (files / "delay.md").write_text(page.replace("\nreviewed:", f"\ntemplate: {template}\nreviewed:", 1))
        fails("ids", lambda: LOADERS["delay.md"](files), "docs/delay.md", "template")
    (files / "delay.md").write_text(page.replace("\nreviewed:", "\ntemplate: main.html\nreviewed:", 1))
    assert isinstance(outcome("ids", lambda: LOADERS["delay.md"](files)), dict)


def test_class_4_output_paths_stay_inside_the_site(tmp_path):
    for bad in ("../outside", "/tmp/outside", "a/../../outside", "..", "a//b", "./x", "a\\b"):
        TALLY["ids"] += 1
        assert site_path_problem(bad), bad
        TALLY["clear errors"] += 1
    assert site_path_problem("assets/images/social") is None
    for bad in ("../x.png", "a/../../x.png", "/etc/x.png"):
        fails("ids", lambda: output_path(tmp_path / "site", bad), "outside the site")


def test_class_4_one_address_spelled_two_ways_is_a_duplicate(data):
    sources = _yaml(data / "sources.yml")
    url = next(s["url"] for s in sources if s.get("url", "").startswith("https://openai.com/"))
    host, _, path = url.removeprefix("https://").partition("/")
    path = "/" + path
    encoded = path.replace("-", "%2D", 1) if "-" in path else path.replace("o", "%6F", 1)
    variants = [f"https://{host}:443{path}", f"https://{host.upper()}{path}", f"https://{host}{encoded}",
                f"https://{host}{encoded.replace('%2D', '%2d').replace('%6F', '%6f')}", f"https://www.{host}{path}",
                f"https://{host}{path.rstrip('/')}/", f"https://{host}{path}#part"]
    for variant in variants:
        copy = [dict(s) for s in sources]
        copy[0]["url"] = variant
        _dump(data / "sources.yml", copy)
        if copy[0]["url"] == url:
            continue
        fails("ids", lambda: load_sources(data / "sources.yml"), "sources.yml", "same address")
    for bad in ("https://openai.com:99999/x", "https://openai.com/x\u2028y", "https://openai.com/ü"):
        copy = [dict(s) for s in sources]
        copy[0]["url"] = bad
        _dump(data / "sources.yml", copy)
        fails("ids", lambda: load_sources(data / "sources.yml"), "sources.yml", "url")


def test_class_4_the_reserved_namespace_covers_every_id_the_site_writes(site_dir):
    """Every id of a built page that no data file gave is reserved, so the list cannot fall
    behind the templates (Material's own ids start with `__`, which no slug can)."""
    from explainer.anchors import load_registry as registry
    data_ids = {t.id for t in load_glossary(DATA / "glossary.yml")}
    data_ids |= set(load_sources(DATA / "sources.yml"))
    for s in load_faq(DATA / "faq.yml", _terms(DATA), NAV):
        data_ids |= {s.id} | {q.id for q in s.questions} | {a for q in s.questions for a in q.aliases}
    page_ids = {i for ids in registry(DATA / "anchors.yml").pages.values() for i in ids}
    for src in PAGES:  # the ids pages give themselves (titles, headings), checked against data ids at load
        page_ids |= reserved_ids.page_ids((ROOT / "docs" / src).read_text(encoding="utf-8"))
    found = set()
    for f in site_dir.rglob("*.html"):
        found |= set(re.findall(r'\sid="([^"]+)"', f.read_text(encoding="utf-8")))
    unaccounted = {i for i in found - data_ids - page_ids - SITE_IDS
                   if not i.startswith(("__", "letter-", "fn:", "fnref:")) and not re.fullmatch(r"[a-z0-9-]+-\d+", i)}
    assert not unaccounted, f"ids the site writes that explainer/reserved_ids.py does not reserve: {sorted(unaccounted)}"


# --- class 5: a CSP that trusts only what the site ships ----------------------------

BODY_SCRIPTS = {
    "script": "<script>alert(1)</script>",
    "script-upper": "<SCRIPT src=x></SCRIPT>",
    "onerror": "<img src=x\n  onerror=alert(1)>",
    "onmouseover-attr-list": "Text\n{: onmouseover=\"alert(1)\" }",
    "javascript-link": "[x](javascript:alert(1))",
    "javascript-entity": "[x](java&#x73;cript:alert(1))",
    "javascript-href": "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
}


@pytest.mark.parametrize("payload", BODY_SCRIPTS)
def test_class_5_a_page_body_with_script_fails_with_file_and_line(files, payload):
    page = (files / "delay.md").read_text(encoding="utf-8")
    lines = page.split("\n")
    at = lines.index("# The delay") + 2  # a line in the body, well below the front matter
    lines.insert(at, BODY_SCRIPTS[payload])
    (files / "delay.md").write_text("\n".join(lines))
    err = fails("csp", lambda: LOADERS["delay.md"](files), "pages carry no script")
    last_line = at + 1 + BODY_SCRIPTS[payload].count("\n")
    assert str(err).startswith((f"docs/delay.md:{at + 1}:", f"docs/delay.md:{last_line}:")), str(err)
    # Shown as code, the same text is fine.
    lines[at] = "```html\n" + BODY_SCRIPTS[payload] + "\n```"
    (files / "delay.md").write_text("\n".join(lines))
    assert isinstance(outcome("csp", lambda: LOADERS["delay.md"](files)), dict)


CONFIG_VALUES = {
    "site_name": "Site</script><script>alert(1)</script>",
    "site_description": "x\" onmouseover=\"alert(1)",
    "site_author": "<b>me</b>",
    "copyright": "<img src=x onerror=alert(1)>",
    "repo_name": "x\u2028y",
    "site_url": "https://example.org/\"><script>alert(1)</script>",
    "repo_url": "javascript:alert(1)",
    "edit_uri": "https://example.org/edit'><svg onload=alert(1)>",
    "extra": {"social": [{"link": "javascript:alert(1)"}]},
    "theme": {"palette": [{"toggle": {"name": "\"><img src=x onerror=alert(1)>"}}]},
    "nav": [{"<script>": "index.md"}],
}


@pytest.mark.parametrize("key", CONFIG_VALUES)
def test_class_5_mkdocs_values_the_templates_print_are_checked_like_data(key):
    fails("csp", lambda: check_config({key: CONFIG_VALUES[key]}, "mkdocs.yml"), "mkdocs.yml")


def test_class_5_site_url_from_the_environment_is_checked(tmp_path, monkeypatch):
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for bad in ('https://example.org/">', "https://example.org/ onload=x", "[unclosed"):
        monkeypatch.setenv("SITE_URL", bad)
        fails("csp", lambda: load_site_config(config), "mkdocs.yml")
    monkeypatch.setenv("SITE_URL", "https://example.github.io/repo/")
    assert outcome("csp", lambda: load_site_config(config)).site_url == "https://example.github.io/repo/"


def test_class_5_rendered_content_with_script_or_a_marked_up_title_is_refused():
    for html in ('<p><a href="#x" title="&lt;img src=x onerror=alert(1)&gt;">x</a></p>', "<script>x</script>",
                 '<p onclick="x">x</p>', '<a href="javascript:x">x</a>', '<iframe srcdoc="x"></iframe>'):
        TALLY["csp"] += 1
        assert content_problems(html), html
        TALLY["clear errors"] += 1
    assert content_problems('<p><a href="#x" title="Plain &amp; simple">x</a></p>') == []


def test_class_5_the_policy_hashes_template_scripts_only(tmp_path):
    template = "__md_scope=new URL('.',location)"
    page = ('<!doctype html><html><head><meta charset="utf-8"><script>' + template + "</script></head><body>"
            '<article class="md-content__inner md-typeset"><script>alert(1)</script></article></body></html>')
    (tmp_path / "index.html").write_text(page)
    csp, problems = apply_to_site(tmp_path, frozenset({template}))
    assert script_hash(template) in csp and script_hash("alert(1)") not in csp
    assert problems and "did not ship" in problems[0]
    # Without the plugin's list, scripts come from outside the content area only.
    (tmp_path / "index.html").write_text(page)
    csp, problems = apply_to_site(tmp_path)
    assert script_hash(template) in csp and script_hash("alert(1)") not in csp and problems
    TALLY["csp"] += 2
    TALLY["clear errors"] += 2


# --- class 6: slow paths and wrong rejections --------------------------------------

class _CountingFont:
    """A font that counts its measurements (what made the card loop quadratic)."""

    def __init__(self, font):
        self.font, self.calls = font, 0

    def getlength(self, text: str) -> float:
        self.calls += 1
        return self.font.getlength(text)


@pytest.mark.parametrize("text", ["w" * 25000, "a " + "w" * 25000 + " b", "word " * 5000, "x" * 200])
def test_class_6_an_oversized_field_costs_a_bounded_number_of_measurements(text):
    fonts = social_image.Fonts.in_dir()
    font = _CountingFont(social_image._font(fonts.regular, 30))
    lines = social_image._fit_lines(text, font, social_image.TEXT_WIDTH, 3)
    assert len(lines) <= 3 and all(font.font.getlength(line) <= social_image.TEXT_WIDTH for line in lines)
    assert font.calls < 500, f"{font.calls} measurements for {len(text)} characters"
    TALLY["slow"] += 1
    TALLY["loaded"] += 1


def test_class_6_citations_in_code_or_comments_do_not_count():
    for text in ("`[x](source:article)`", "``[x](source:article)``", "<!-- [x](source:article) -->",
                 "<!--\n[x](source:article)\n-->", "```\n[x](source:article)\n```", "`a\n[x](source:article)`"):
        TALLY["slow"] += 1
        assert citations(text) == [], text
        TALLY["loaded"] += 1
    assert citations("`code` and [x](source:article)") == ["article"]


# --- one end-to-end strict build per class ------------------------------------------

def _edit(rel: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        before = path.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, rel
        path.write_text(after, encoding="utf-8")
    return apply


def _bytes(rel: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).write_bytes(change((root / rel).read_bytes()))
    return apply


LONG_WORD = "w" * 25000
# class -> (edit, expected: "error" with the file named, or "build")
E2E: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "1-not-utf8-page": (_bytes("docs/delay.md", lambda b: b.replace(b"# The delay", b"# The \xff delay", 1)),
                        "error", "docs/delay.md"),
    "2-octal-and-dates": (_edit("data/sources.yml", lambda t: re.sub(r"\n  published: [^\n]*", "\n  published: 2025-02-30",
                                                                     t, count=1)), "error", "sources.yml"),
    "3-separator-in-title": (_edit("data/glossary.yml", lambda t: re.sub(r"\n  short: [^\n]*", lambda m: "\n  short: \"zz\\u2028 line\"",
                                                                         t, count=1)), "error", "glossary.yml"),
    "3-pipe-in-benchmark": (_edit("data/benchmarks.yml", lambda t: t.replace("name: o3-mini", "name: o3 | mini", 1)),
                            "build", ""),
    "4-reserved-id": (_edit("data/sources.yml", lambda t: t.replace("- id: article\n", "- id: sources\n", 1)
                            .replace("source:article)", "source:sources)")), "error", "sources.yml"),
    "5-script-in-page": (_edit("docs/delay.md", lambda t: t.replace("# The delay\n", "# The delay\n\n<script>alert(5)</script>\n", 1)),
                         "error", "docs/delay.md:"),
    "5-site-name": (_edit("mkdocs.yml", lambda t: re.sub(r"(?m)^site_name: ", "site_name: </script><script>alert(5)</script> ", t, count=1)),
                    "error", "mkdocs.yml"),
    "6-long-word": (_edit("docs/delay.md", lambda t: re.sub(r"\ndescription: [^\n]*", f"\ndescription: A {LONG_WORD} word", t, count=1)),
                    "build", ""),
}


@pytest.fixture(scope="module")
def e2e_builds(tmp_path_factory) -> dict[str, tuple[Any, Path, float]]:
    root = tmp_path_factory.mktemp("hostile-classes")

    def one(name: str):
        project = copy_project(root / name / "project")
        E2E[name][0](project)
        if E2E[name][1] == "build":  # the generated pages follow the data, as `make build` does
            restamp(project)  # a payload in English is nothing to translate (tests/sitebuild.py)
            generated = subprocess.run([sys.executable, "-m", "explainer", "generate"], cwd=project,
                                       capture_output=True, text=True, timeout=300)
            assert generated.returncode == 0, generated.stderr
        started = time.perf_counter()
        result = mkdocs_build(project, root / name / "site")
        return name, (result, root / name / "site", time.perf_counter() - started)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, E2E))


@pytest.mark.builds
@pytest.mark.parametrize("name", E2E)
def test_e2e_each_class_fails_clearly_or_builds_safely(e2e_builds, name):
    result, site, seconds = e2e_builds[name]
    _, expected, where = E2E[name]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    if expected == "error":
        assert result.returncode != 0, f"{name} built"
        assert where in result.stderr, result.stderr[-1500:]
        assert not (site / "index.html").exists(), "nothing is published"
    else:
        assert result.returncode == 0, result.stderr[-2000:]
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            body = text.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
            assert not inline_scripts(body), f"{page}: a script in the content"
    print(f"{name}: {seconds:.1f} s")  # reported, not asserted (timings under shared load)


@pytest.mark.builds
def test_e2e_pipe_in_a_benchmark_name_keeps_the_table(e2e_builds):
    result, site, _ = e2e_builds["3-pipe-in-benchmark"]
    html = (site / "o3-mini" / "index.html").read_text(encoding="utf-8")
    table = re.search(r"<table>.*?</table>", html.split("bench-figure", 1)[1], re.S).group(0)
    widths = {len(re.findall(r"<t[dh]\b", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
    assert len(widths) == 1, f"rows of different widths: {widths}"
    assert "o3 | mini" in table


@pytest.fixture(scope="module", autouse=True)
def _counts_for_the_closing_note():
    """After the module: the loader-level tallies, for the closing note's counts."""
    yield
    if TALLY:
        folder = ROOT / "artifacts" / "hostile"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "classes.json").write_text(json.dumps(dict(TALLY), indent=2, sort_keys=True) + "\n")
