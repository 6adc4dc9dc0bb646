"""Shared fixtures: the site is built once per test session, strictly, like CI builds it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUBPATH = "/openweight-explainer/"
# Every page of the site (docs path -> built page URL); glossary and FAQ included.
PAGES = {
    "index.md": "",
    "delay.md": "delay/",
    "safety.md": "safety/",
    "o3-mini.md": "o3-mini/",
    "open-weight-vs-open-source.md": "open-weight-vs-open-source/",
    "competition.md": "competition/",
    "timeline.md": "timeline/",
    "glossary.md": "glossary/",
    "faq.md": "faq/",
    "about.md": "about/",
}
# What a build needs; copied for bad-input tests so the real tree is never touched.
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "data", "explainer")


def mkdocs_build(project: Path, out: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"),
         "-d", str(out)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


def copy_project(dest: Path) -> Path:
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The site built at the root of its host (as `mkdocs serve` shows it)."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out, site_url="http://127.0.0.1:8000/")
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def subpath_site_dir(tmp_path_factory) -> Path:
    """The site built for a GitHub Pages project address (served under /<repo>/)."""
    out = tmp_path_factory.mktemp("site-subpath")
    result = mkdocs_build(ROOT, out, site_url=f"https://example.github.io{SUBPATH}")
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return out


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throwaway copy of the project, for builds with deliberately broken input."""
    return copy_project(tmp_path / "project")
