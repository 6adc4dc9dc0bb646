"""Clean build time: this site (strict) and the stock baseline, alternated."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tools.bench.common import ROOT, log
from tools.bench.results import BuildTimes, spread


def build_command(config: Path, out: Path, strict: bool) -> list[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(config), "-d", str(out)]
    return cmd[:4] + ["--strict"] + cmd[4:] if strict else cmd


def build(config: Path, out: Path, site_url: str, strict: bool) -> float:
    """One clean build; its wall time in seconds. A failed build stops the benchmark."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url)
    start = time.perf_counter()
    result = subprocess.run(build_command(config, out, strict), cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    took = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"bench: build of {config} failed, nothing measured:\n{result.stderr[-3000:]}")
    return took


def timed_builds(count: int, ours: tuple[Path, Path], stock: tuple[Path, Path],
                 site_url: str, stock_url: str) -> tuple[BuildTimes, BuildTimes]:
    """`count` clean builds of each, alternating so that load changes hit both alike."""
    mine, theirs = [], []
    for i in range(1, count + 1):
        mine.append(build(*ours, site_url, strict=True))
        theirs.append(build(*stock, stock_url, strict=True))
        log(f"  build {i}/{count}: ours {mine[-1]:.2f} s, stock {theirs[-1]:.2f} s")
    return (BuildTimes("mkdocs build --strict --clean", spread(mine)),
            BuildTimes("mkdocs build --strict --clean", spread(theirs)))
