"""The site outlives its engine: generated pages are committed Markdown, the post-build
steps run without MkDocs, and ProperDocs (the maintained MkDocs 1.x fork) builds the same
site byte for byte, the generator tag aside."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ENGINE, ENGINES, ROOT, mkdocs_build, restamp

LOCAL = "http://127.0.0.1:8000/"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def explainer_command(project: Path, *args: str, site_url: str = LOCAL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explainer", *args], cwd=project, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, SITE_URL=site_url))


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two built sites, ignoring the generator tag."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    out = [f"only in {a.name}: {f}" for f in sorted(files_a - files_b)]
    out += [f"only in {b.name}: {f}" for f in sorted(files_b - files_a)]
    for rel in sorted(files_a & files_b):
        if filecmp.cmp(a / rel, b / rel, shallow=False):
            continue
        if rel.suffix == ".html" and GENERATOR.sub(b"", (a / rel).read_bytes()) == \
                GENERATOR.sub(b"", (b / rel).read_bytes()):
            continue
        out.append(f"differs: {rel}")
    return out


@pytest.mark.builds
def test_the_other_engine_builds_the_same_site(site_dir, tmp_path):
    other = next(e for e in ENGINES if e != ENGINE)
    out = tmp_path / other
    result = mkdocs_build(ROOT, out, site_url=LOCAL, engine=other)
    assert result.returncode == 0, result.stderr[-3000:]
    assert differences(site_dir, out) == []
    assert GENERATOR.search((out / "index.html").read_bytes()), "no generator tag: the comparison proves less"


def test_the_comparison_sees_a_changed_file(site_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(site_dir, copy)
    page = copy / "delay" / "index.html"
    page.write_bytes(GENERATOR.sub(b'<meta name="generator" content="other">', page.read_bytes()))
    assert differences(site_dir, copy) == []
    page.write_bytes(page.read_bytes().replace(b"</article>", b"<p>extra</p></article>"))
    assert differences(site_dir, copy) == ["differs: delay/index.html"]


def test_generated_pages_are_committed_up_to_date():
    result = explainer_command(ROOT, "generate", "--check")
    assert result.returncode == 0, result.stderr


def test_a_stale_generated_page_is_caught_and_regenerated(project_copy, tmp_path):
    data = project_copy / "data" / "glossary.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("What normally stays private is the recipe", "What normally stays private is the whole recipe", 1), encoding="utf-8")
    restamp(project_copy)  # the Chinese translation still holds for the new word
    check = explainer_command(project_copy, "generate", "--check")
    assert check.returncode == 1 and "stale" in check.stderr and "docs/glossary.md" in check.stderr
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "docs/glossary.md is older than data/glossary.yml" in build.stderr, build.stderr[-2000:]
    assert explainer_command(project_copy, "generate").returncode == 0
    assert "the whole recipe" in (project_copy / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert explainer_command(project_copy, "generate", "--check").returncode == 0
    assert mkdocs_build(project_copy, tmp_path / "out2").returncode == 0


def test_postbuild_command_writes_what_the_plugin_wrote(site_dir, tmp_path):
    """`python -m explainer postbuild` over the HTML alone gives the plugin's files."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    written = ["robots.txt", "llms.txt", "llms-full.txt", "delay/index.md", "glossary/index.md",
               "assets/images/social/delay.png", "assets/images/social/index.png"]
    for rel in written:
        (copy / rel).unlink()
    index = copy / "search" / "search_index.json"
    index.write_text(index.read_text(encoding="utf-8").replace("(open weights", "(", 1), encoding="utf-8")
    result = explainer_command(ROOT, "postbuild", str(copy))
    assert result.returncode == 0, result.stderr
    assert differences(site_dir, copy) == []


def test_postbuild_command_warns_and_fails_when_a_step_cannot_work(site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    (copy / "search" / "search_index.json").unlink()
    result = explainer_command(ROOT, "postbuild", str(copy))
    assert result.returncode == 1
    assert "WARNING: no search index" in result.stderr


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("            - about.md\n", "            - abuot.md\n"),
     "'abuot.md' is not a page of the site"),
    (lambda t: t.replace("      llms:\n        intro:", "      llms:\n        intro_text: x\n        intro:"),
     "intro_text"),
    (lambda t: t.replace("      data_dir: data\n", "      data_dir: [data]\n"),
     "data_dir"),
])
def test_plugin_settings_are_checked(project_copy, tmp_path, edit, message):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert edit(text) != text, "the edit did not apply"
    config.write_text(edit(text), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr[-2000:]


def test_overrides_holds_only_templates():
    """Other engines may publish whatever else sits there (Zensical published the old hook)."""
    others = [p for p in (ROOT / "overrides").rglob("*") if p.is_file() and p.suffix != ".html"]
    assert others == []


def test_nothing_patches_sys_path():
    """explainer/ and the plugin are installed (pip install -e .); pytest.ini names test paths."""
    parts = ["explainer", "explainer_mkdocs", "tests", "tools"]
    offenders = [str(p.relative_to(ROOT)) for part in parts for p in (ROOT / part).rglob("*.py")
                 if re.search(r"sys\.path\.(insert|append)|sys\.path\s*[+]?=", p.read_text(encoding="utf-8"))]
    assert offenders == []
