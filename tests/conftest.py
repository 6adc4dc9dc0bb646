"""Shared fixtures: the site is built once per test session, strictly, like CI builds it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitebuild import ROOT, SUBPATH, copy_project, mkdocs_build


# Fixtures that build sites beyond the shared `site_dir`: a test using one is marked
# `builds` (left out of `make test-quick`); a test that builds by itself says so with
# @pytest.mark.builds.
BUILDING_FIXTURES = {"project_copy", "subpath_site_dir", "hostile_run"}


def pytest_collection_modifyitems(items):
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.builds)


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


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory):
    """Every hostile-input case (tests/hostile.py) checked once (tests/hostile_runner.py),
    for the build and browser checks; the counts go to artifacts/hostile/build.json."""
    from hostile import CASES
    from hostile_runner import report, run
    from tools.pages_server import free_port
    root = tmp_path_factory.mktemp("hostile")
    (root / "index.html").write_text("hostile-input sites")
    port = free_port()
    done = run(CASES, root, f"http://127.0.0.1:{port}/hostile/", port)
    folder = ROOT / "artifacts" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "build.json").write_text(json.dumps(report(done), indent=2) + "\n")
    return done
