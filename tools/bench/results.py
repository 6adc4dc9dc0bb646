"""Typed results of every measurement, and the small statistics they share."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Spread:
    """Repeated measurements of one figure: the median counts, min and max show the noise."""
    median: float
    low: float
    high: float
    runs: tuple[float, ...]

    @property
    def width(self) -> float:
        return self.high - self.low


def spread(values) -> Spread | None:
    got = [float(v) for v in values if v is not None]
    if not got:
        return None
    return Spread(statistics.median(got), min(got), max(got), tuple(got))


def ratio(ours: float | None, stock: float | None) -> float | None:
    """Ours as a multiple of stock (None when either is missing or stock is zero)."""
    if ours is None or stock is None or stock == 0:
        return None
    return ours / stock


@dataclass(frozen=True)
class Machine:
    date: str
    cpu: str
    cores: int
    chromium: str
    lighthouse: str
    material: str
    commit: str
    dirty_files: int


@dataclass(frozen=True)
class Load:
    """The 1-minute load average when a phase started (the machine is shared)."""
    phase: str
    load1: float


@dataclass(frozen=True)
class BuildTimes:
    """Wall seconds of repeated clean builds of one site."""
    command: str
    seconds: Spread


@dataclass(frozen=True)
class Transfer:
    path: str
    kind: str
    bytes: int          # on the wire: headers + body as the server sent it
    gzip: bool
    gzip6: int | None   # the same file's body at gzip level 6 (reference; None: not a site file)


@dataclass(frozen=True)
class PageWeight:
    """Bytes on the wire (headers + gzip bodies) for one page."""
    page: str
    first_load: tuple[Transfer, ...]       # everything until the page is idle, search unused
    search_opened: tuple[Transfer, ...]    # what opening search added after that
    text_gzip6: int | None = None          # the page's content (<article>) alone at gzip 6; None: not found

    @property
    def first_load_bytes(self) -> int:
        return sum(t.bytes for t in self.first_load)

    @property
    def search_bytes(self) -> int:
        return sum(t.bytes for t in self.search_opened)

    @property
    def first_load_gzip6(self) -> int:
        """Bodies only, each file compressed at level 6 (the test server uses nginx's level 1)."""
        return sum(t.gzip6 if t.gzip6 is not None else t.bytes for t in self.first_load)


@dataclass(frozen=True)
class SearchLatency:
    """Keystroke (keydown of the query's last character) to rendered results, in ms."""
    first_query: Spread | None   # typed at once after opening search on a fresh page
    warm: Spread | None          # later queries, index loaded
    queries: tuple[str, ...]


@dataclass(frozen=True)
class ThreadCost:
    """Main-thread milliseconds from Lighthouse's trace of the median mobile run."""
    what: str
    ms: float


@dataclass(frozen=True)
class LighthouseSummary:
    """Lighthouse runs of one page and form factor: median and spread per figure."""
    page: str
    form_factor: str
    scores: dict[str, Spread | None]       # category -> score 0-100
    metrics: dict[str, Spread | None]      # FCP, LCP, TBT, CLS, SI (ms or unitless)
    failing: tuple[str, ...] = ()          # audits losing points in the median run
    scripts: tuple[ThreadCost, ...] = ()   # bootup-time: main-thread time per script URL
    work: tuple[ThreadCost, ...] = ()      # mainthread-work-breakdown per group
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThreadSplit:
    """Main-thread time of one page's loads by cause, from Chromium traces with the CPU slowed
    4× (tools/bench/trace.py `split_by_cause`): median over the loads."""
    page: str
    loads: int
    blocking_ms: Spread | None                 # long tasks' time over 50 ms each
    causes_ms: dict[str, Spread | None]        # script, style, layout, parse HTML, other
    passes: dict[str, Spread | None]           # how many style recalculations and layouts
    style_elements: Spread | None              # elements restyled, all passes together
    scripts: tuple[ThreadCost, ...] = ()       # script time by file and function (median load)
    forced: tuple[ThreadCost, ...] = ()        # style and layout run inside a script, by the code that forced it


@dataclass(frozen=True)
class SiteFigures:
    """Everything measured for one site (ours or stock)."""
    name: str
    build: BuildTimes | None
    weight: dict[str, PageWeight] = field(default_factory=dict)
    search: SearchLatency | None = None
    lighthouse: dict[tuple[str, str], LighthouseSummary] = field(default_factory=dict)
    trace: dict[str, ThreadSplit] = field(default_factory=dict)   # page -> main thread by cause


@dataclass(frozen=True)
class BenchResult:
    machine: Machine
    pages: tuple[str, ...]
    runs: int
    ours: SiteFigures
    stock: SiteFigures
    load: tuple[Load, ...]
    seconds: float
