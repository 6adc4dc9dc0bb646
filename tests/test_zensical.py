"""Zensical, Material's successor: it reads mkdocs.yml but runs no MkDocs plugin. Built with
it, then `python -m explainer postbuild`, the site keeps every registered anchor, its term
links, the glossary and FAQ content, the Sources page, resolved citations with each page's
Sources list and the benchmark chart (what it still lacks: README, "Moving engines").

Zensical lives in its own environment (.venv-zensical, `make test` creates it from
requirements-zensical.txt). Without it the check is skipped locally and fails in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from dataclasses import replace

from explainer import addresses
from explainer.editions import edition_of_url
from explainer.anchors import load_registry, missing_anchors
from explainer.faq import load_faq
from explainer.glossary import load_glossary
from explainer.sources import load_sources
from sitebuild import ENGINE, PAGES, ROOT, copy_project
from sitehtml import soup

ZENSICAL = Path(os.environ.get("ZENSICAL", ROOT / ".venv-zensical" / "bin" / "zensical"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
LOCAL = "http://127.0.0.1:8000/"
BASE = "http://served.test/repo/"  # any address works: links must be relative


def site_problems(site: Path, data_dir: Path) -> list[str]:
    """What a reader of this engine's build would miss: registered anchors (of the English
    edition: Zensical builds no other, README "Moving engines"), term links that land on their
    glossary entry, the glossary's terms and the FAQ's questions."""
    registry = load_registry(data_dir / "anchors.yml")
    english = replace(registry, pages={url: ids for url, ids in registry.pages.items()
                                       if edition_of_url(url).default})
    problems = missing_anchors(english, site)
    terms = load_glossary(data_dir / "glossary.yml")
    glossary = soup(site, "glossary/")
    for t in terms:
        heading = glossary.select_one(f'.glossary-entry h2[id="{t.id}"]')
        if heading is None or heading.get_text().rstrip("¶").strip() != t.term:
            problems.append(f"glossary/: no entry heading for {t.term!r} (#{t.id})")
    titles = {src: src for src in PAGES}
    faq = soup(site, "faq/")
    for section in load_faq(data_dir / "faq.yml", {t.id: t.term for t in terms}, titles):
        for q in section.questions:
            heading = faq.select_one(f'h3[id="{q.id}"]')
            if heading is None or heading.get_text().rstrip("¶").strip() != q.question:
                problems.append(f"faq/: no question heading {q.question!r} (#{q.id})")
    glossary_ids = {t.id for t in terms}
    sources = load_sources(data_dir / "sources.yml")
    listed = {h["id"] for h in soup(site, "sources/").select("article h3[id]")}
    problems += [f"sources/: source {i!r} is not listed" for i in sources if i not in listed]
    if not soup(site, "o3-mini/").select_one("article svg.bench-chart"):
        problems.append("o3-mini/: no benchmark chart")
    for src, url in PAGES.items():
        page = soup(site, url)
        for a in page.select('article a[href^="source:"]'):
            problems.append(f"{url or '/'}: citation {a['href']!r} not resolved to its source")
        cites = page.select_one("article a.citation")
        if cites and not page.select_one('article h2[id="sources"]'):
            problems.append(f"{url or '/'}: cites sources but has no Sources list")
        # The glossary explains terms itself; the Sources page lists documents, not prose.
        if src in ("glossary.md", "sources.md"):
            continue
        links = page.select("article a.glossary-term")
        if not links:
            problems.append(f"{url or '/'}: no term links")
        for a in links:
            # As a browser resolves it, from the page's address.
            landing = urlsplit(urljoin(f"{BASE}{url}", a["href"]))
            if landing.path != f"{urlsplit(BASE).path}glossary/" or landing.fragment not in glossary_ids:
                problems.append(f"{url or '/'}: term link {a['href']!r} does not land on a glossary entry")
    return problems


def test_the_check_fails_on_a_site_that_lost_content(site_dir, tmp_path):
    """The check passes on the MkDocs build and fails once an entry or a term link is lost."""
    assert site_problems(site_dir, ROOT / "data") == []
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    page = addresses.built_file(copy, "glossary/")
    page.write_text(page.read_text(encoding="utf-8").replace('id="mixture-of-experts"', 'id="moe"'),
                    encoding="utf-8")
    delay = addresses.built_file(copy, "delay/")
    delay.write_text(delay.read_text(encoding="utf-8").replace('href="../glossary/#', 'href="/glossary.md#'),
                     encoding="utf-8")
    sources = addresses.built_file(copy, "sources/")
    sources.write_text(sources.read_text(encoding="utf-8").replace('id="gpt-oss-model-card"', 'id="card"'),
                       encoding="utf-8")
    safety = addresses.built_file(copy, "safety/")
    text = safety.read_text(encoding="utf-8")
    safety.write_text(re.sub(r'<a class="citation" href="https://(?!github\.com/)[^"]*"', r'<a class="citation" href="source:x"', text, count=1)
                      .replace('id="sources"', 'id="gone"'), encoding="utf-8")
    problems = "\n".join(site_problems(copy, ROOT / "data"))
    assert "glossary/#mixture-of-experts' no longer resolves" in problems
    assert "no entry heading for 'Mixture of experts'" in problems
    assert "delay/: term link '/glossary.md#" in problems
    assert "sources/: source 'gpt-oss-model-card' is not listed" in problems
    assert "safety/: citation 'source:x' not resolved to its source" in problems
    assert "safety/: cites sources but has no Sources list" in problems


@pytest.mark.builds
def test_zensical_builds_every_anchor_term_link_and_generated_page(tmp_path):
    if ENGINE != "mkdocs":
        pytest.skip("Zensical does not depend on SITE_ENGINE: it is checked in the MkDocs pass")
    if not ZENSICAL.is_file():
        message = f"Zensical is not installed at {ZENSICAL}; `make test` installs it (requirements-zensical.txt)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    project = copy_project(tmp_path / "project")
    # Zensical has no i18n: the translations would be built as pages of their own ("delay.zh-TW/").
    for translation in (project / "docs").glob("*.*.md"):
        translation.unlink()
    env = dict(os.environ, SITE_URL=LOCAL)
    built = subprocess.run([str(ZENSICAL), "build", "--clean", "-f", "mkdocs.yml"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    site = project / "site"
    post = subprocess.run([sys.executable, "-m", "explainer", "postbuild", "--editions", "en", str(site)],
                          cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert post.returncode == 0, post.stderr
    assert site_problems(site, project / "data") == []
    for rel in ("llms.txt", "robots.txt", "delay/index.md", "assets/images/social/delay.png"):
        assert (site / rel).is_file(), rel
