"""What each field may contain (explainer/safe_text.py, explainer/front_matter.py) and the
escaping for each output context; every rule shown rejecting what it must."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from explainer import safe_text
from explainer.front_matter import check_front_matter, read_front_matter, template_names
from explainer.records import DataError, parse_yaml
from explainer.social_image import Fonts, SocialImageError, check_fonts
from hostile import MARKDOWN_PAYLOADS, SAFE
from sitebuild import ROOT

TEMPLATES = {"main.html", "404.html"}


@pytest.mark.parametrize("value", ["Open-weight model", "Why did OpenAI wait? (July 2025)",
                                   'The article\'s "marathon" argument', "R&D, 5% and 3/4"])
def test_plain_text_accepts_words_and_punctuation(value):
    assert safe_text.plain_text_problem(value) is None


@pytest.mark.parametrize("value", ["<b>x</b>", "a > b", "x {: onclick=y }", "[link](x)", "`code`", "a\\b",
                                   "*em*", "snake_case", "&lt;img&gt;", "&#60;", "two\nlines", "tab\there"])
def test_plain_text_rejects_markup(value):
    assert safe_text.plain_text_problem(value)


@pytest.mark.parametrize("name, expect, make", MARKDOWN_PAYLOADS, ids=[n for n, _, _ in MARKDOWN_PAYLOADS])
def test_markdown_payloads(name, expect, make):
    problems = safe_text.markdown_problems("A definition.\n\n" + make(1))
    if expect == SAFE:
        assert problems == []  # markup shown as code is fine: it is escaped
    else:
        assert problems, name


def test_markdown_allows_what_the_data_uses():
    text = ("Some **bold**, *em*, `<b>code</b>` and a [page](safety.md#no-recall), "
            "a [term](#gpt-oss), a [source](source:openai-gpt-oss-card).\n\n"
            "- one\n- two\n\n1. first\n\n> quoted\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
            "```python\nprint('<b>')\n```\n")
    assert safe_text.markdown_problems(text) == []


@pytest.mark.parametrize("text", ["## Heading", "![x](a.png)", "!!! note\n    body", "term\n:   definition",
                                  "x[^1]\n\n[^1]: note", "- [x] done", "??? note\n    body",
                                  "[a](../elsewhere)", "[a](//evil.example)", "[a](mailto:x@y.z)",
                                  "[a](source:bad id)", "[a](https://x.example/a(b))"])
def test_markdown_rejects_structure_and_foreign_links(text):
    assert safe_text.markdown_problems(text), text


def test_raw_https_links_are_refused_a_source_id_is_not():
    """Outside documents are cited through the source registry, never by address."""
    assert safe_text.markdown_problems("[OpenAI](https://openai.com/index/introducing-gpt-oss/)")
    assert safe_text.markdown_problems("[OpenAI](source:openai-introducing-gpt-oss)") == []


def _site_extensions() -> set[str]:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    return {next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]}


def test_the_markdown_check_renders_with_every_syntax_extension_the_site_enables():
    # toc only gives headings ids (and headings are not allowed in fields); the site's own
    # extensions (explainer.*) add no syntax: they rewrite links the check already vets
    # (source:ID, glossary terms) and heading permalinks. The one exception, the dated-statement
    # marker [as of YYYY-MM] (explainer.dated), is checked on every field by dated.check when the
    # data loads, and renders only the <time> element the extension builds from a valid month.
    ours = {"explainer.term_links", "explainer.citations", "explainer.permalinks", "explainer.dated"}
    assert ours <= _site_extensions()
    assert set(safe_text.SITE_EXTENSIONS) == _site_extensions() - {"toc"} - ours


def test_script_json_cannot_end_or_comment_out_its_script_block():
    data = {"text": "`<!--<script>` </script> & more >"}
    out = safe_text.script_json(data)
    assert not set("<>&") & set(out)
    assert json.loads(out) == data


def test_tooltip_text_is_escaped_once_for_the_serializer():
    assert safe_text.html_for_tooltip('<img src=x onerror=alert(1)> & "q"') == \
        '&lt;img src=x onerror=alert(1)&gt; &amp; "q"'


def test_duplicate_keys_are_rejected():
    with pytest.raises(yaml.YAMLError, match="duplicate key 'a' \\(first given at line 1\\)"):
        parse_yaml("a: 1\nb: 2\na: 3\n")
    with pytest.raises(yaml.YAMLError, match="duplicate key"):
        parse_yaml("- id: x\n  term: A\n  term: B\n")
    with pytest.raises(yaml.YAMLError, match="duplicate key 'a'"):
        parse_yaml("{a: 1, a: 2}")
    # Merge keys (YAML 1.1 only) are refused: the data files are read with the 1.2 core schema.
    with pytest.raises(yaml.YAMLError, match="merge keys"):
        parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")


def test_no_yaml_file_of_the_project_repeats_a_key():
    class Loader(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            keys = [self.construct_object(k, deep=True) for k, _ in node.value]
            dup = {k for k in keys if keys.count(k) > 1}
            assert not dup, f"duplicate key(s) {dup} at {node.start_mark}"
            return super().construct_mapping(node, deep)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    files = [*ROOT.glob("*.yml"), *(ROOT / "data").glob("*.yml"), *(ROOT / ".github").rglob("*.yml")]
    assert len(files) >= 5
    for f in files:
        yaml.load(f.read_text(encoding="utf-8"), Loader=Loader)


def write_page(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text)
    return page


GOOD_PAGE = "---\ntitle: A page\ndescription: What it says.\nsearch:\n  boost: 2\n---\n\n# A page\n"


def test_real_front_matter_is_valid():
    templates = template_names([ROOT / "overrides"])
    for page in (ROOT / "docs").glob("*.md"):
        read_front_matter(page, f"docs/{page.name}", templates)


@pytest.mark.parametrize("text, message", [
    (GOOD_PAGE.replace("---\n\n#", "\n#"), "front matter starts with '---' but is never closed"),
    ("# No front matter\n", "needs a front matter block"),
    (GOOD_PAGE.replace("title: A page", "title: [unclosed"), "is not valid YAML at line"),
    (GOOD_PAGE.replace("title: A page", "title: A page\ntitle: B"), "duplicate key 'title'"),
    ("---\n- a\n---\n", "must be a mapping of keys, got list"),
    (GOOD_PAGE.replace("title: A page", "title: <b>A</b>"), "'title' must be plain text"),
    (GOOD_PAGE.replace("title: A page", "title: 12"), "'title' must be non-empty text, got int"),
    (GOOD_PAGE.replace("description: What it says.", "description: x &lt;b&gt;"), "'description' must be plain"),
    (GOOD_PAGE.replace("title: A page", "title: A page\ntemplate: nope.html"), "names no template"),
    (GOOD_PAGE.replace("title: A page", "title: A page\nextra_js: x"), "unknown key(s) extra_js"),
    (GOOD_PAGE.replace("boost: 2", "boost: lots"), "boost must be a number"),
    (GOOD_PAGE.replace("title: A page\n", ""), "missing 'title'"),
])
def test_bad_front_matter_is_a_clear_error(tmp_path, text, message):
    with pytest.raises(DataError) as err:
        read_front_matter(write_page(tmp_path, text), "docs/page.md", TEMPLATES)
    assert str(err.value).startswith("docs/page.md")
    assert message in str(err.value)


def test_good_front_matter_passes(tmp_path):
    meta = read_front_matter(write_page(tmp_path, GOOD_PAGE), "docs/page.md", TEMPLATES)
    assert meta["title"] == "A page"
    assert check_front_matter({"title": "T", "description": "D", "template": "main.html"}, "x", TEMPLATES)


def test_a_missing_or_empty_font_stops_the_build_before_anything_is_written(tmp_path):
    check_fonts()  # the real fonts load
    empty = tmp_path / "DejaVuSans.ttf"
    empty.write_bytes(b"")
    with pytest.raises(SocialImageError, match="cannot be loaded"):
        check_fonts(Fonts(bold=empty, regular=empty))
    with pytest.raises(SocialImageError, match="is missing"):
        check_fonts(Fonts(bold=tmp_path / "absent.ttf", regular=tmp_path / "absent.ttf"))


def test_a_code_span_showing_a_comment_cannot_swallow_the_generated_page():
    """Inside the glossary's and the FAQ's `<div markdown>` blocks the HTML parser reads a
    `<!--` in a code span as a comment that runs to the next `-->`: the generator writes such
    a code span as a <code> element, so the entries after it stay on the page."""
    import markdown

    from explainer.safe_text import code_spans_for_html_blocks

    definition = "Shows `<!--<script>` as code."
    page = ('<div class="a" markdown>\n{}\n</div>\n<div class="b" markdown>\nNext entry.\n</div>\n'
            '\n<!-- /explainer:glossary -->\n')
    for text, kept in ((definition, False), (code_spans_for_html_blocks(definition), True)):
        html = markdown.markdown(page.format(text), extensions=["md_in_html"])
        assert ('<div class="b">\n<p>Next entry.</p>' in html and "markdown>" not in html) is kept, html
        assert "<code>&lt;!--&lt;script&gt;</code>" in html
