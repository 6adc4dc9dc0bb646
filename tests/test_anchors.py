"""Published anchors never disappear: every registered anchor still lands somewhere."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from sitebuild import ROOT, mkdocs_build
from explainer.anchors import load_registry, missing_anchors, unregistered_anchors
from explainer.records import DataError

REGISTRY = ROOT / "data" / "anchors.yml"


def test_every_registered_anchor_resolves(site_dir):
    assert missing_anchors(load_registry(REGISTRY), site_dir) == []


def test_every_published_anchor_is_registered(site_dir):
    """Publishing an anchor includes registering it (`make anchors`)."""
    assert unregistered_anchors(load_registry(REGISTRY), site_dir) == []


def test_registry_covers_every_faq_question_and_glossary_term():
    from explainer.faq import load_faq
    from explainer.glossary import load_glossary
    reg = load_registry(REGISTRY)
    terms = load_glossary(ROOT / "data" / "glossary.yml")
    assert {t.id for t in terms} <= set(reg.pages["glossary/"])
    faq = load_faq(ROOT / "data" / "faq.yml", {t.id: t.term for t in terms},
                   {p: p for p in ("index.md", "delay.md", "safety.md", "o3-mini.md", "competition.md",
                                   "timeline.md", "about.md", "open-weight-vs-open-source.md",
                                   "glossary.md", "faq.md")})
    ids = {q.id for s in faq for q in s.questions} | {a for s in faq for q in s.questions for a in q.aliases}
    assert ids <= set(reg.pages["faq/"])


def test_removing_a_question_without_an_alias_is_caught(project_copy, tmp_path):
    # Rename the id everywhere the site links to it, but leave no alias behind.
    for f in [project_copy / "data" / "faq.yml", *(project_copy / "docs").glob("*.md")]:
        f.write_text(f.read_text().replace("can-weights-be-recalled", "weights-recall"))
    out = tmp_path / "out"
    assert mkdocs_build(project_copy, out).returncode == 0
    problems = missing_anchors(load_registry(project_copy / "data" / "anchors.yml"), out)
    assert any("faq/#can-weights-be-recalled" in p for p in problems), problems


def add_alias(registry, page: str, old: str, new: str) -> None:
    """Add `old: new` under `aliases:` for `page`, whatever aliases the registry already has."""
    data = yaml.safe_load(registry.read_text())
    data["aliases"] = data.get("aliases") or {}
    data["aliases"].setdefault(page, {})[old] = new
    registry.write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_page_alias_keeps_a_renamed_section_working(project_copy, tmp_path):
    """Renaming a section id: add `old: new` under aliases and the old link still lands."""
    page = project_copy / "docs" / "delay.md"
    page.write_text(page.read_text().replace("{ #june-delay }", "{ #first-delay }"))
    registry = project_copy / "data" / "anchors.yml"
    add_alias(registry, "delay/", "june-delay", "first-delay")
    out = tmp_path / "out"
    result = mkdocs_build(project_copy, out)
    assert result.returncode == 0, result.stderr
    assert missing_anchors(load_registry(registry), out) == []
    html = (out / "delay" / "index.html").read_text()
    assert 'id="june-delay" data-alias-for="first-delay"' in html


def test_alias_to_a_missing_section_fails_the_build(project_copy, tmp_path):
    registry = project_copy / "data" / "anchors.yml"
    add_alias(registry, "delay/", "old-id", "no-such-id")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "anchors.yml: entry 'delay/#old-id': alias target 'no-such-id'" in result.stderr


def test_registry_listing_an_anchor_twice_is_an_error(tmp_path):
    path = tmp_path / "anchors.yml"
    path.write_text(textwrap.dedent("""\
        pages:
          faq/: [a, b, a]
        """))
    with pytest.raises(DataError, match="anchors.yml: entry 'faq/': lists anchor 'a' twice"):
        load_registry(path)
