"""Paths, tools, targets and the machine: what every measurement shares."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from importlib import metadata
from pathlib import Path

from tools.bench.results import Load, Machine

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "artifacts" / "bench"
LIGHTHOUSE_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"

# The targets (figures to reach, reported met or not; never a failing exit).
# 1 KB = 1000 bytes: the stricter reading of "80 KB".
TARGET_FIRST_LOAD_BYTES = 80_000
TARGET_PERFORMANCE = 98          # Lighthouse mobile performance, median, every page
TARGET_TBT_MS = 100              # total blocking time, median, every page (mobile)
TARGET_OTHER_CATEGORIES = 100    # accessibility, best practices, SEO
TARGET_BUILD_RATIO = 1.3         # clean strict build, ours / stock
TARGET_SEARCH_MS = 50.0          # keystroke to results, median, first query included


def log(message: str) -> None:
    print(message, flush=True)


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=ROOT).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def load(phase: str) -> Load:
    return Load(phase, round(os.getloadavg()[0], 2))


def machine() -> Machine:
    cpu = ""
    try:
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1).strip()
    except (OSError, AttributeError):
        pass
    try:
        lighthouse = json.loads((LIGHTHOUSE_DIR / "node_modules/lighthouse/package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        lighthouse = ""
    dirty = _run(["git", "status", "--porcelain", "--untracked-files=no"])
    return Machine(
        date=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        cpu=cpu, cores=os.cpu_count() or 0,
        chromium=(_run([CHROMIUM, "--version"]).splitlines() or [""])[-1],
        lighthouse=lighthouse, material=metadata.version("mkdocs-material"),
        commit=_run(["git", "rev-parse", "--short", "HEAD"]),
        dirty_files=len(dirty.splitlines()) if dirty else 0,
    )
