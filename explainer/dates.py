"""When a page last changed, from git: the one place the site reads its history.

A page generated from a data file changed when either file did, so a page's date is
the latest commit date of all the files it is made from. Files git does not know
(a new page, a copy of the project outside a repository) changed now: the build date.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class LastChange:
    moment: datetime          # timezone-aware, UTC
    from_git: bool            # False: the build date stands in (file not in git's history)
    problem: str | None = None  # why git could not answer, when it could not (worth a warning)

    @property
    def iso(self) -> str:
        """'2026-11-29T00:58:37+00:00', for article:modified_time and dateModified."""
        return self.moment.isoformat()

    @property
    def day(self) -> str:
        """'2026-11-29', for the sitemap's lastmod."""
        return self.moment.date().isoformat()

    def shown(self, strings=None) -> str:
        """'29 November 2026': the site's one date format (as "Last reviewed" writes it);
        in another edition, its own ('2026 年 11 月 29 日')."""
        if strings is not None:
            return strings.date(self.moment.date().isoformat())
        return f"{self.moment.day} {self.moment:%B} {self.moment.year}"

    def shown_html(self, strings=None) -> str:
        """The date for Material's "Last update", labelled in words (the clock icon's
        label is only a hover title), with the exact time as its title."""
        shown = self.shown(strings)
        exact = f"{shown} {self.moment:%H:%M:%S} UTC" + ("" if self.from_git else f" ({self._build_date(strings)})")
        label = strings.last_changed if strings is not None else "Page last changed"
        gap = "" if label.endswith("：") else " "
        return f'<span class="page-date" title="{exact}">{label}{gap}{shown}</span>'

    @staticmethod
    def _build_date(strings) -> str:
        return strings.build_date if strings is not None else "build date"



def last_change(paths: list[Path | str], now: datetime | None = None) -> LastChange:
    """The latest commit date of any of `paths` (files in one repository)."""
    now = now or datetime.now(timezone.utc).replace(microsecond=0)
    paths = [Path(p).resolve() for p in paths]
    if not paths:
        return LastChange(now, False)
    cwd = paths[0].parent
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct", "--", *map(str, paths)],
                              cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return LastChange(now, False, f"git could not be run ({exc})")
    if done.returncode != 0:
        if "not a git repository" in done.stderr:
            return LastChange(now, False)  # a copy outside a repository: everything is new
        return LastChange(now, False, f"git log failed: {done.stderr.strip()}")
    stamp = done.stdout.strip()
    if not stamp:
        return LastChange(now, False)  # not committed yet
    return LastChange(datetime.fromtimestamp(int(stamp), tz=timezone.utc), True)
