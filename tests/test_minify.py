"""The site's own CSS and JavaScript reach readers minified (issue 11: bytes on every page),
and the minifier is safe to run twice."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from explainer.minify import OWN_ASSETS, minified, minify_site

ROOT = Path(__file__).resolve().parent.parent
SOURCE = {name: ROOT / "docs" / name for name in OWN_ASSETS}


@pytest.mark.parametrize("name", OWN_ASSETS)
def test_built_asset_is_the_minified_source(site_dir, name):
    source = SOURCE[name].read_text(encoding="utf-8")
    built = (site_dir / name).read_text(encoding="utf-8")
    assert built == minified(name, source)
    assert "/*" not in built.replace('"/*"', ""), "comments are gone"
    # Smaller on the wire (gzip), not just on disk: the point of the step.
    assert len(gzip.compress(built.encode(), 6)) < 0.8 * len(gzip.compress(source.encode(), 6))


@pytest.mark.parametrize("name", OWN_ASSETS)
def test_minifying_twice_changes_nothing(name):
    once = minified(name, SOURCE[name].read_text(encoding="utf-8"))
    assert minified(name, once) == once


def test_strings_and_selectors_survive():
    js = 'var a = "/* not a comment */"; // gone\nvar b = a + "  two  spaces";\n'
    assert minified("x.js", js) == 'var a="/* not a comment */";var b=a+"  two  spaces";\n'
    css = "/* gone */\n.md-typeset a:where(:not(.x)) > b  {\n  color : red ;\n}\n"
    assert minified("x.css", css) == ".md-typeset a:where(:not(.x))>b{color:red}\n"


def test_a_missing_asset_is_reported_and_others_still_minified(tmp_path):
    present = OWN_ASSETS[0]
    (tmp_path / present).parent.mkdir(parents=True)
    (tmp_path / present).write_text("/* c */ a { color: red; }\n", encoding="utf-8")
    problems = minify_site(tmp_path)
    assert (tmp_path / present).read_text(encoding="utf-8") == "a{color:red}\n"
    assert len(problems) == len(OWN_ASSETS) - 1
    assert all("is not in the built site" in p for p in problems)


def test_only_css_and_js():
    with pytest.raises(ValueError, match="only .css and .js"):
        minified("page.html", "<p>x</p>")
