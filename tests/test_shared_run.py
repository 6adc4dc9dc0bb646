"""The test run's own machinery: what pytest-xdist's workers share (tests/shared_run.py) and
the rule that only tests marked `engine` may build (tests/sitebuild.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

import shared_run
from sitebuild import ROOT, mkdocs_build
from tools.pages_server import nginx_available

TESTS = Path(__file__).parent


def test_a_test_not_marked_engine_cannot_build(tmp_path):
    """`make test` runs only the tests marked `engine` with ProperDocs: a test that builds
    without the mark would escape that pass, so the build refuses to start."""
    with pytest.raises(RuntimeError, match="not marked `engine`"):
        mkdocs_build(ROOT, tmp_path / "out")
    assert not (tmp_path / "out").exists()


MAKE_ONCE = """
import os, shared_run
def make(folder):
    with open(os.path.join(os.environ["COUNTER"]), "a") as f:
        f.write("made\\n")
    (folder / "result").write_text("built")
    return os.getpid()
print(shared_run.once("thing", make))
"""


def test_once_makes_a_thing_once_for_all_workers(tmp_path):
    """Two processes (as two xdist workers) ask for the same thing at the same time: one
    makes it, both get its result."""
    env = dict(os.environ, **{shared_run.ENV: str(tmp_path / "run"), "COUNTER": str(tmp_path / "counter"),
                              "PYTHONPATH": f"{TESTS}{os.pathsep}{ROOT}"})
    (tmp_path / "run").mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", MAKE_ONCE], env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [proc.communicate(timeout=60)[0].strip() for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    assert (tmp_path / "counter").read_text() == "made\n"
    assert outputs[0] == outputs[1] and outputs[0].isdigit(), outputs
    assert (tmp_path / "run" / "thing" / "result").read_text() == "built"


def test_once_tries_again_after_a_failure(tmp_path, monkeypatch):
    monkeypatch.setenv(shared_run.ENV, str(tmp_path))
    calls = []

    def make(folder):
        calls.append(folder)
        if len(calls) == 1:
            (folder / "half-done").write_text("x")
            raise RuntimeError("first try fails")
        assert not (folder / "half-done").exists(), "the failed try's files are cleared"
        return "second"

    with pytest.raises(RuntimeError, match="first try fails"):
        shared_run.once("flaky", make)
    assert shared_run.once("flaky", make) == "second"
    assert shared_run.once("flaky", make) == "second" and len(calls) == 2


def test_the_run_stops_its_servers_and_removes_its_folder(tmp_path, monkeypatch):
    if not nginx_available():
        pytest.skip("nginx is missing; install it with: apt-get install -y nginx (as .ci/run does)")
    monkeypatch.delenv(shared_run.ENV)
    assert shared_run.start_run()
    root = Path(os.environ[shared_run.ENV])
    assert not shared_run.start_run(), "a worker's run is its controller's"
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("served")
    from tools.pages_server import free_port
    base = shared_run.serve_until_the_run_ends(site, "tiny", free_port())
    with urllib.request.urlopen(base, timeout=10) as response:
        assert response.read() == b"served"
    shared_run.end_run()
    assert not root.exists()
    with pytest.raises(OSError):
        urllib.request.urlopen(base, timeout=10)
