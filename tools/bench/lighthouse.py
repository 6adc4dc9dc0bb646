"""Lighthouse 12 (pinned in tools/lighthouse/), several runs per page and form factor.

Each figure is reported as the median with its spread over the runs. The median run
(by performance score, then TBT) is kept as JSON, and from its trace Lighthouse's
`bootup-time` (main-thread time per script) and `mainthread-work-breakdown` (per kind
of work: script, style and layout, parsing...) say where blocking time comes from.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tools.bench.common import CHROMIUM, LIGHTHOUSE
from tools.bench.results import LighthouseSummary, ThreadCost, spread

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
# Screenshots change no score and cost seconds per run.
SKIPPED = "screenshot-thumbnails,final-screenshot"


def command(url: str, form_factor: str, out_json: Path, categories=CATEGORIES) -> list[str]:
    cmd = [str(LIGHTHOUSE), url, "--output=json", "--quiet", f"--output-path={out_json}",
           "--only-categories=" + ",".join(categories), f"--chrome-flags={CHROME_FLAGS}",
           f"--skip-audits={SKIPPED}", "--disable-full-page-screenshot"]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    return cmd


def run(url: str, form_factor: str, out_json: Path, categories=CATEGORIES) -> dict | str:
    """One Lighthouse run: its report (LHR) as a dict, or the error text."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    error = ""
    for _ in range(2):  # one retry: Chromium occasionally fails to start under load
        out_json.unlink(missing_ok=True)
        proc = subprocess.run(command(url, form_factor, out_json, categories), env=env,
                              capture_output=True, text=True, timeout=300)
        if proc.returncode == 0 and out_json.exists():
            lhr = json.loads(out_json.read_text())
            if not lhr.get("runtimeError"):
                return lhr
            error = json.dumps(lhr["runtimeError"])
        else:
            error = (proc.stderr or proc.stdout)[-800:]
    return error or "no report"


def score(lhr: dict, category: str) -> float | None:
    value = lhr["categories"].get(category, {}).get("score")
    return None if value is None else round(value * 100)


def metric(lhr: dict, audit: str) -> float | None:
    return lhr["audits"].get(audit, {}).get("numericValue")


def median_run(lhrs: list[dict]) -> dict:
    """The run with the median performance score (ties: median TBT), as Lighthouse advises."""
    ranked = sorted(lhrs, key=lambda r: (score(r, "performance") or 0, -(metric(r, "total-blocking-time") or 0)))
    return ranked[(len(ranked) - 1) // 2]


def failing_audits(lhr: dict) -> tuple[str, ...]:
    out = []
    for cat, data in lhr["categories"].items():
        for ref in data.get("auditRefs", []):
            audit = lhr["audits"].get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                out.append(f"{cat}: {ref['id']}" + (f" ({value})" if value else ""))
    return tuple(out)


def thread_costs(lhr: dict, base: str) -> tuple[tuple[ThreadCost, ...], tuple[ThreadCost, ...]]:
    """Main-thread time per script (bootup-time) and per kind of work, from the trace."""
    boot = lhr["audits"].get("bootup-time", {}).get("details", {}).get("items", [])
    scripts = tuple(ThreadCost(item["url"].replace(base, "/") if item["url"].startswith(base) else item["url"],
                               round(item.get("total", 0), 1)) for item in boot)
    work = lhr["audits"].get("mainthread-work-breakdown", {}).get("details", {}).get("items", [])
    groups = tuple(ThreadCost(item.get("groupLabel") or item.get("group", "?"), round(item.get("duration", 0), 1))
                   for item in work)
    return scripts, groups


def summarize(page: str, form_factor: str, lhrs: list[dict], errors: list[str], base: str,
              categories=CATEGORIES) -> LighthouseSummary:
    if not lhrs:
        return LighthouseSummary(page, form_factor, {}, {}, errors=tuple(errors))
    middle = median_run(lhrs)
    scripts, work = thread_costs(middle, base)
    return LighthouseSummary(
        page, form_factor,
        scores={c: spread(score(r, c) for r in lhrs) for c in categories},
        metrics={name: spread(metric(r, audit) for r in lhrs) for audit, name in METRICS.items()},
        failing=failing_audits(middle), scripts=scripts, work=work, errors=tuple(errors))
