"""The Content-Security-Policy every built page carries (the browser side is
tests/browser/test_csp_browser.py)."""

from __future__ import annotations

import re

import pytest

from explainer.csp import apply_to_site, inline_scripts, policy, script_hash, with_policy
from sitehtml import html_pages

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}


def test_every_page_has_one_policy_before_anything_it_governs(site_dir):
    for url, file in html_pages(site_dir).items():
        text = file.read_text(encoding="utf-8")
        found = CSP_META.findall(text)
        assert len(found) == 1, url
        head = text[: text.index(CSP_META.search(text).group(0))]
        assert "<script" not in head and "<link" not in head and "<style" not in head, url


def test_the_policy_is_strict(site_dir):
    csp = CSP_META.search((site_dir / "index.html").read_text(encoding="utf-8")).group(1)
    d = directives(csp)
    assert d["default-src"] == ["'self'"]
    assert d["object-src"] == ["'none'"] and d["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in d["script-src"] and "'unsafe-eval'" not in d["script-src"]
    assert all(s == "'self'" or s.startswith("'sha256-") for s in d["script-src"])
    assert not re.search(r"https?:|\*|//", csp), "no other origin is allowed"


def test_every_inline_script_of_the_site_is_hashed_in_the_policy(site_dir):
    pages = html_pages(site_dir)
    csp = CSP_META.search(pages[""].read_text(encoding="utf-8")).group(1)
    allowed = set(directives(csp)["script-src"])
    scripts = {s for f in pages.values() for s in inline_scripts(f.read_text(encoding="utf-8"))}
    assert scripts, "the site has inline scripts (Material's and ours)"
    assert {script_hash(s) for s in scripts} <= allowed
    # Data blocks (JSON-LD, Material's config) are not scripts and need no hash.
    assert all(not s.lstrip().startswith("{") for s in scripts)


def test_hash_matches_the_browsers_definition():
    # sha256 of the exact bytes between the tags, base64 (CSP Level 3, 'hash-source').
    assert script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"


def test_apply_to_site_writes_a_policy_that_changes_when_a_script_does(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<!doctype html><html><head><meta charset="utf-8"><script>one()</script>'
                    '<script type="application/ld+json">{"a":1}</script><script src="x.js"></script></head></html>')
    csp, problems = apply_to_site(tmp_path)
    assert not problems
    assert script_hash("one()") in csp and "sha256" in csp and csp.count("sha256-") == 1
    page.write_text(page.read_text().replace("one()", "two()"))
    csp2, _ = apply_to_site(tmp_path)
    assert script_hash("two()") in csp2 and script_hash("one()") not in csp2
    assert page.read_text().count("Content-Security-Policy") == 1


def test_applying_the_policy_twice_changes_nothing():
    """`python -m explainer postbuild` may run over a site the plugin already finished."""
    page = '<html><head>\n  <meta charset="utf-8">\n  <script>var a = 1</script>\n</head></html>'
    once = with_policy(page, policy([script_hash("var a = 1")]))
    assert with_policy(once, policy([script_hash("var a = 1")])) == once


def test_a_page_without_charset_is_an_error():
    with pytest.raises(ValueError):
        with_policy("<html><head></head></html>", policy([]))
