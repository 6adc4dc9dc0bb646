"""The GitHub workflows, checked offline: the workflow schema, zizmor's audits, and the
shape this project relies on (tests in a bare Debian 12 through .ci/run, actions pinned
to commits, deploys never cancelled). Also the link checker `make linkcheck` runs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitebuild import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
# The actions and the commits of their tags (issue 13); a comment names the version.
PINNED = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*([^@\s]+)@(\S+)(?:\s*#\s*(\S+))?", re.M)


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or pytest.fail(f"{name} is not installed"))


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("zizmor"), "--offline", "--no-progress", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def schema(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True, timeout=120)


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_every_workflow_matches_the_github_schema():
    result = schema(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_the_checks_catch_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text((WORKFLOWS / "site.yml").read_text()
                   .replace("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
                            "actions/checkout@v4")
                   .replace("          persist-credentials: false\n", "", 1))
    assert zizmor(bad).returncode != 0
    bad.write_text((WORKFLOWS / "site.yml").read_text().replace("runs-on: ubuntu-24.04", "run-on: ubuntu-24.04", 1))
    assert schema(bad).returncode != 0


def test_actions_are_pinned_to_the_commits_of_their_tags():
    for f in WORKFLOWS.glob("*.yml"):
        uses = USES.findall(f.read_text())
        assert uses, f
        for action, ref, comment in uses:
            assert action in PINNED, f"{f.name}: {action} is not a known action"
            assert (ref, comment) == PINNED[action], f"{f.name}: {action}@{ref} # {comment}"


def test_the_test_job_runs_ci_run_in_a_bare_debian_12():
    job = load("site.yml")["jobs"]["test"]
    # Debian 12 (bookworm) with python.org's 3.11: Debian's own 3.11.2 is too old for the pins.
    assert job["container"] == "python:3.11-slim-bookworm"
    steps = job["steps"]
    runs = [s.get("run", "") for s in steps]
    checkout = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/checkout@"))
    assert any("apt-get install" in r and " git" in r for r in runs[:checkout]), "git is installed before checkout"
    assert steps[checkout]["with"]["fetch-depth"] == 0
    assert "bash .ci/run" in runs
    assert not any("sudo" in r or "chromium" in r for r in runs), "system packages are listed in .ci/run only"


def test_a_deploy_is_never_cancelled():
    wf = load("site.yml")
    assert wf["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    deploy = wf["jobs"]["deploy"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["needs"] == "test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_ci_run_installs_what_a_bare_debian_lacks():
    script = (ROOT / ".ci" / "run").read_text()
    for package in ("python3-venv", "python3", "make", "git", "chromium", "nginx", "libatomic1",
                    "fonts-dejavu-core", "fonts-wqy-microhei"):
        assert re.search(rf"\s{re.escape(package)}(\s|$)", script), package
    assert "(3, 11, 5)" in script, "an old Python stops .ci/run with a clear message"
    readme = (ROOT / "README.md").read_text()
    assert "python3-venv" in readme and "3.11.5" in readme


def test_the_python_floor_matches_the_pins():
    """.ci/run's 3.11.5 is the highest Requires-Python of the pinned packages."""
    from importlib.metadata import distribution
    floors = []
    for line in (ROOT / "requirements-test.txt").read_text().splitlines() + \
            (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            requires = distribution(line.split("==")[0]).metadata.get("Requires-Python") or ""
            floors += [tuple(map(int, m.split("."))) for m in re.findall(r">=\s*([\d.]+)", requires)]
    assert max(floors) == (3, 11, 5), max(floors)


def test_the_link_check_workflow_runs_weekly_and_on_demand():
    wf = load("linkcheck.yml")
    assert "schedule" in wf["on"] and "workflow_dispatch" in wf["on"]
    runs = [s.get("run", "") for s in wf["jobs"]["links"]["steps"]]
    assert "bash .ci/run linkcheck-external" in runs
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^linkcheck-external:", makefile, re.M) and re.search(r"^linkcheck:", makefile, re.M)


def lychee_offline(site: Path) -> subprocess.CompletedProcess:
    """What `make linkcheck` runs, on a given build."""
    return subprocess.run([tool("lychee"), "--no-progress", "--offline", "--root-dir", str(site),
                           f"{site}/**/*.html"], capture_output=True, text=True, timeout=120)


def test_linkcheck_passes_offline_on_the_built_site(site_dir):
    result = lychee_offline(site_dir)
    assert result.returncode == 0, result.stdout + result.stderr


def test_linkcheck_reports_a_dead_link(site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    page = copy / "delay" / "index.html"
    page.write_text(page.read_text().replace("</article>", '<a href="../no-such-page/">x</a></article>', 1))
    result = lychee_offline(copy)
    assert result.returncode != 0 and "no-such-page" in result.stdout + result.stderr
