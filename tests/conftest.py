"""Shared fixtures: each site is built once per test run, strictly, like CI builds it, and
shared by pytest-xdist's workers (tests/shared_run.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import shared_run
import sitebuild
from sitebuild import ROOT, SUBPATH, copy_project, mkdocs_build


# Fixtures that build sites beyond the shared `site_dir`: a test using one is marked
# `builds` (left out of `make test-quick`); a test that builds by itself says so with
# @pytest.mark.builds.
BUILDING_FIXTURES = {"project_copy", "subpath_site_dir", "hostile_run"}
# What a build engine made: a test using one of these, or marked `builds`, is marked
# `engine`. Only such a test can turn out differently with ProperDocs than with MkDocs,
# and only those run again in `make test`'s ProperDocs pass: any other test neither runs
# an engine nor reads what one built (mkdocs_build refuses to run in it, so a test that
# forgets the mark fails in the MkDocs pass).
ENGINE_FIXTURES = {"site_dir", "subpath_site_dir", "hostile_run", "project_copy", "base_url"}
# The modules whose tests use the `hostile_run` fixture: `make test` sends them to one worker.
HOSTILE_RUN_MODULES = {"tests/test_hostile_input.py", "tests/browser/test_hostile_browser.py"}
# The modules with a module-scoped fixture: each goes to one worker whole (the fixture is
# made once). Every other test is scheduled on its own, so the long browser walks of one
# module run on both workers at once (checked in pytest_collection_modifyitems).
MODULE_FIXTURE_MODULES = {
    "tests/test_search_zh.py", "tests/test_search_ranking.py", "tests/test_hostile_classes.py",
    "tests/browser/test_editions_browser.py", "tests/browser/test_search_browser.py",
    "tests/browser/test_glossary_browser.py",
    "tests/browser/test_screenshots.py",
}

# The walks several tests share (tests/browser/walks.py, made by session fixtures in
# tests/browser/conftest.py): the tests reading one walk go to one worker together, so the
# walk is made once (checked in pytest_collection_modifyitems both ways).
WALK_TESTS = {
    "first_load_walk": {
        "tests/browser/test_every_page.py::test_every_page_loads_without_errors_or_foreign_requests",
        "tests/browser/test_every_page.py::test_nothing_moves_while_a_page_loads_on_a_desktop",
        "tests/browser/test_search_on_demand_browser.py::test_no_page_requests_search_at_load",
        "tests/browser/test_accessibility.py::test_no_axe_violations_on_any_page_loaded_in_the_light_palette",
        "tests/browser/test_csp_browser.py::test_no_policy_violation_or_console_error_on_any_page",
    },
    "phone_walk": {
        "tests/browser/test_every_page.py::test_no_page_scrolls_sideways_on_a_phone",
        "tests/browser/test_every_page.py::test_nothing_moves_while_a_page_loads_on_a_phone",
        "tests/browser/test_accessibility.py::test_no_axe_violations_on_a_phone",
        "tests/browser/test_phone_reading.py::test_every_table_is_readable_on_a_390px_phone",
    },
    "print_walk": {
        "tests/browser/test_every_page.py::test_print_keeps_the_article_and_drops_the_furniture",
        "tests/browser/test_phone_reading.py::test_print_has_no_address_for_the_sites_own_links",
    },
}
WALK_OF_TEST = {nodeid: walk for walk, nodeids in WALK_TESTS.items() for nodeid in nodeids}

_ENDS_RUN = pytest.StashKey[bool]()


def pytest_configure(config):
    # Before xdist starts its workers (pytest_sessionstart), so they inherit the folder.
    config.stash[_ENDS_RUN] = shared_run.start_run()


def pytest_unconfigure(config):
    if config.stash.get(_ENDS_RUN, False):
        shared_run.end_run()


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if BUILDING_FIXTURES & fixtures:
            item.add_marker(pytest.mark.builds)
        if ENGINE_FIXTURES & fixtures or item.get_closest_marker("builds"):
            item.add_marker(pytest.mark.engine)
        module = item.nodeid.split("::")[0]
        if "hostile_run" in fixtures and module not in HOSTILE_RUN_MODULES:
            raise pytest.UsageError(f"{module} uses hostile_run: list it in HOSTILE_RUN_MODULES (tests/conftest.py)")
        walks = fixtures & WALK_TESTS.keys()
        if walks != ({WALK_OF_TEST[item.nodeid]} if item.nodeid in WALK_OF_TEST else set()):
            raise pytest.UsageError(f"{item.nodeid} uses {sorted(walks) or 'no walk'}: list it under that walk, "
                                    "and only there, in WALK_TESTS (tests/conftest.py)")
        definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        if module not in MODULE_FIXTURE_MODULES | HOSTILE_RUN_MODULES and any(
                d.scope == "module" for defs in definitions.values() for d in defs):
            raise pytest.UsageError(f"{module} has a module-scoped fixture: list it in MODULE_FIXTURE_MODULES "
                                    "(tests/conftest.py)")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With --dist loadfile (`make test`): the modules that use the hostile run go to one
    worker together (otherwise one worker would wait idle while the other builds that run),
    a module with a module-scoped fixture to one worker whole (the fixture is made once),
    the tests reading one shared walk to one worker together (the walk is made once),
    and every other test on its own, so no single module's walks hold one worker while the
    other has finished. xdist hands out the largest groups first (the hostile run, then the
    modules kept whole), then single tests in file order, the browser walks first.
    (--dist loadgroup would say this with marks, but does not group on pytest 9.2:
    pytest-dev/pytest-xdist#1386.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Grouped(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            if module in HOSTILE_RUN_MODULES:
                return "hostile run"
            if nodeid in WALK_OF_TEST:
                return WALK_OF_TEST[nodeid]
            return module if module in MODULE_FIXTURE_MODULES else nodeid

    return Grouped(config, log)


def pytest_runtest_setup(item):
    sitebuild.engine_allowed = item.get_closest_marker("engine") is not None


def pytest_runtest_teardown(item):
    sitebuild.engine_allowed = True


def built_once(name: str, site_url: str) -> Path:
    """The project built strictly for `site_url`, once per run (shared by the workers)."""
    def make(folder: Path) -> tuple[Path, int, str]:
        result = mkdocs_build(ROOT, folder / "site", site_url=site_url)
        return folder / "site", result.returncode, result.stderr
    out, returncode, stderr = shared_run.once(name, make)
    assert returncode == 0, f"strict build failed:\n{stderr}"
    return out


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The site built at the root of its host (as `mkdocs serve` shows it)."""
    return built_once("site", "http://127.0.0.1:8000/")


@pytest.fixture(scope="session")
def subpath_site_dir() -> Path:
    """The site built for a GitHub Pages project address (served under /<repo>/)."""
    return built_once("site-subpath", f"https://example.github.io{SUBPATH}")


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throwaway copy of the project, for builds with deliberately broken input."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def hostile_run():
    """Every hostile-input case (tests/hostile.py) checked once per run (tests/hostile_runner.py),
    for the build and browser checks; the counts go to artifacts/hostile/build.json."""
    from hostile import CASES
    from hostile_runner import report, run
    from tools.pages_server import free_port

    def make(root: Path):
        (root / "index.html").write_text("hostile-input sites")
        port = free_port()
        done = run(CASES, root, f"http://127.0.0.1:{port}/hostile/", port)
        folder = ROOT / "artifacts" / "hostile"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "build.json").write_text(json.dumps(report(done), indent=2) + "\n")
        return done

    return shared_run.once("hostile", make)
