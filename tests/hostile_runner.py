"""Running the hostile-input cases of tests/hostile.py: every case, the same checks, a
fraction of the builds. Driven only by the case list: add or change a case there.

1. Loader. Each case is applied to a copy of the project, and the engine's start of a
   build runs on the copy in one child process for many copies: load mkdocs.yml, then the
   plugins' `on_startup` and `on_config`, where the explainer plugin loads and checks every
   data file and every page's front matter before a single page is written
   (`explainer.site.load_content`). That is where a real build stops for bad data, with the
   same message, so a case refused here is refused as a build would refuse it. One refused
   case per edited file is also built end to end, to show the message as a user sees it.
2. Builds. A case the loader lets through is built as a contributor builds it: the generated
   pages written from the edited data (`python -m explainer generate`, which `make build`
   runs), then a strict build. Cases that set different fields (or the same field of
   different entries) share one site: their payloads land in different places. If a shared
   build fails, its cases are built again in parts (those on the file the message names,
   then the rest, down to one case), so a case is refused only by a build of its own; if a
   case's marker `alert(N)` is missing from a shared site, its cases are built one by one,
   so no case is judged on a site another case changed.
3. Browser (tests/browser/test_hostile_browser.py): each built site, on the pages where a
   marker landed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback

import yaml
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from hostile import SAFE, Case
from explainer.records import DataError
from sitebuild import ENGINE, check_engine_allowed, copy_project, mkdocs_build, restamp

LOADER = "loader"  # refused while the build loaded the data (step 1)
BUILD = "build"    # decided by a full strict build (step 2)
WORKERS = 2        # builds and loader processes at a time (the machine CI uses has 2 cores)
# Built files a payload can land in (pages, search index, sitemap, llms.txt, Markdown copies).
TEXT_SUFFIXES = {".html", ".json", ".xml", ".txt", ".md", ".js"}


@dataclass
class Outcome:
    case: Case
    built: bool
    message: str         # what the loader or the build printed when it stopped ('' when built)
    stage: str           # LOADER or BUILD
    site: Path | None = None

    @property
    def clear_error(self) -> bool:
        """Stopped with a message that names the file and shows no traceback."""
        return (not self.built and "Traceback" not in self.message
                and Path(self.case.file).name in self.message)

    @property
    def as_expected(self) -> bool:
        return self.built if self.case.expect == SAFE else self.clear_error


@dataclass
class BuiltSite:
    """A strictly built site holding the payloads of one or more SAFE-looking cases."""
    name: str
    path: Path
    url: str                          # where it is served
    cases: tuple[Case, ...]


@dataclass
class HostileRun:
    root: Path                        # serve this folder at base_url
    port: int
    base_url: str                     # http://127.0.0.1:<port>/hostile/
    outcomes: list[Outcome]           # one per case, in case order
    sites: list[BuiltSite]            # every site a case built, for the browser check
    # One refused case per edited file, built end to end: (the loader's outcome, the build's).
    end_to_end: list[tuple[Outcome, Outcome]] = field(default_factory=list)


def run(cases: list[Case], root: Path, base_url: str, port: int, engine: str = ENGINE) -> HostileRun:
    """Check every case; built sites go under root/<site>/site/, to be served at base_url."""
    check_engine_allowed()  # the loader step runs the engine too
    projects = {c.number: _applied(c, root / "projects" / c.name) for c in cases}
    control = copy_project(root / "projects" / "control")
    verdicts = load_projects([control, *projects.values()], engine, base_url + "control/")
    if verdicts[str(control)] is not None:
        raise RuntimeError(f"the unmodified project does not pass the loader:\n{verdicts[str(control)]}")

    outcomes: dict[int, Outcome] = {}
    passed: list[Case] = []
    for case in cases:
        message = verdicts[str(projects[case.number])]
        if message is None:
            passed.append(case)
        else:
            outcomes[case.number] = Outcome(case, False, message, LOADER)

    first_refused: dict[str, Outcome] = {}
    for outcome in outcomes.values():
        first_refused.setdefault(outcome.case.file, outcome)

    def end_to_end(outcome: Outcome) -> tuple[Outcome, Outcome]:
        case = outcome.case
        out = root / "end-to-end" / case.name / "site"
        result = mkdocs_build(projects[case.number], out, site_url=f"{base_url}end-to-end/{case.name}/site/",
                              engine=engine)
        return outcome, Outcome(case, result.returncode == 0, result.stderr, BUILD,
                                out if result.returncode == 0 else None)

    sites: list[BuiltSite] = []

    def build(group: tuple[Case, ...]) -> list[Outcome]:
        name = group[0].name if len(group) == 1 else "shared-" + "-".join(f"{c.number:03d}" for c in group)
        project = projects[group[0].number] if len(group) == 1 else _applied_all(group, root / "projects" / name)
        site = BuiltSite(name, root / name / "site", f"{base_url}{name}/site/", group)
        result = generate(project)
        if result.returncode == 0:
            result = mkdocs_build(project, site.path, site_url=site.url, engine=engine)
        if len(group) > 1 and result.returncode != 0:
            # Judge the cases apart: those on the file the message names, then the rest.
            return [o for part in split(group, result.stderr) for o in build(part)]
        if len(group) > 1 and _missing_markers(site):
            return [o for case in group for o in build((case,))]  # a payload overwritten: each on its own
        if result.returncode == 0:
            sites.append(site)
        return [Outcome(c, result.returncode == 0, "" if result.returncode == 0 else result.stderr, BUILD,
                        site.path if result.returncode == 0 else None) for c in group]

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        checks = [pool.submit(end_to_end, o) for o in first_refused.values()]
        builds = [pool.submit(build, group) for group in share_sites(passed)]
        for done in builds:
            for outcome in done.result():
                outcomes[outcome.case.number] = outcome
        pairs = [done.result() for done in checks]
    sites.sort(key=lambda s: s.name)
    return HostileRun(root, port, base_url, [outcomes[c.number] for c in cases], sites, pairs)


def generate(project: Path) -> subprocess.CompletedProcess:
    """`python -m explainer generate` in the project: the generated pages follow the data."""
    return subprocess.run([sys.executable, "-m", "explainer", "generate"], cwd=project, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def report(run: HostileRun, script_runs: dict[int, list[str]] | None = None) -> dict:
    """The counts for the closing note, and which cases fell where."""
    out = {
        "cases": len(run.outcomes),
        "refused while loading": sum(o.stage == LOADER for o in run.outcomes),
        "refused by a full build": sum(o.stage == BUILD and not o.built for o in run.outcomes),
        "built": sum(o.built for o in run.outcomes),
        "sites built": {s.name: [c.name for c in s.cases] for s in run.sites},
        "not as expected": [o.case.name for o in run.outcomes if not o.as_expected],
    }
    if script_runs is not None:
        out["cases running script"] = {
            next(o.case.name for o in run.outcomes if o.case.number == n): seen
            for n, seen in sorted(script_runs.items())}
    return out


def share_sites(cases: list[Case]) -> list[tuple[Case, ...]]:
    """Cases grouped so that no two in a group set the same field of the same entry (each
    group one site): payloads in different fields, entries or files all land."""
    groups: list[list[Case]] = []
    for case in cases:
        group = next((g for g in groups if all(c.slot != case.slot for c in g)), None)
        if group is None:
            groups.append([case])
        else:
            group.append(case)
    return [tuple(g) for g in groups]


def split(group: tuple[Case, ...], message: str) -> list[tuple[Case, ...]]:
    """A group whose shared build failed, in parts to build apart: the cases on the file the
    message names and the others (or two halves when that tells nothing)."""
    named = tuple(c for c in group if c.file in message)
    rest = tuple(c for c in group if c not in named)
    if named and rest:
        return [named, rest]
    half = len(group) // 2
    return [group[:half], group[half:]]


def landed(site: Path, marker: str) -> list[Path]:
    """The built files the marker landed in."""
    return [p for p in sorted(site.rglob("*")) if p.suffix in TEXT_SUFFIXES and p.is_file()
            and marker in p.read_text(encoding="utf-8", errors="replace")]


def _missing_markers(site: BuiltSite) -> list[Case]:
    return [c for c in site.cases if not landed(site.path, c.marker)]


def _applied(case: Case, dest: Path) -> Path:
    project = copy_project(dest)
    case.apply(project)
    _translations_hold(project, (case,))
    return project


def _applied_all(cases: tuple[Case, ...], dest: Path) -> Path:
    project = copy_project(dest)
    for case in cases:
        case.apply(project)
    _translations_hold(project, cases)
    return project


def _translations_hold(project: Path, cases: tuple[Case, ...]) -> None:
    """A payload in an English field is no new English to translate: the translations are
    stamped as still holding (else every build would stop at the stale-translation check
    instead of showing what the payload does). A payload in a translation changes no English
    and is left exactly as it is (its fingerprint too). English that does not load is left as
    it is: the loader refuses it, which is what the case checks."""
    if all(case.in_translation for case in cases):
        return
    try:
        restamp(project)
    except (DataError, OSError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError):
        pass


def load_projects(projects: list[Path], engine: str, site_url: str) -> dict[str, str | None]:
    """For each project: the message its build would stop with while loading, or None."""
    chunks = [projects[i::WORKERS] for i in range(WORKERS)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url)
    procs = [subprocess.Popen([sys.executable, __file__, engine, *map(str, chunk)], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for chunk in chunks if chunk]
    verdicts: dict[str, str | None] = {}
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"the loader check itself failed:\n{err[-3000:]}")
        for line in out.splitlines():
            record = json.loads(line)
            verdicts[record["project"]] = record["message"]
    return verdicts


def _load_one(engine: str, project: Path) -> str | None:
    """What `<engine> build --strict` does before it writes anything (its CLI, then the
    start of commands/build.py): the message it would stop with, or None."""
    import importlib
    import logging
    config = importlib.import_module(f"{engine}.config")
    exceptions = importlib.import_module(f"{engine}.exceptions")
    # What the engine logs on the way (a configuration error is logged, then Abort raised).
    logged: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: logged.append(f"{record.levelname} - {record.getMessage()}")
    logging.getLogger(engine).addHandler(handler)
    try:
        cfg = config.load_config(str(project / "mkdocs.yml"), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            cfg.plugins.on_config(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (exceptions.BuildError, exceptions.Abort, exceptions.ConfigurationError) as exc:
        return "\n".join([*logged, str(exc) or type(exc).__name__])  # printed without a traceback
    except Exception:  # noqa: BLE001 - a crash: the build would print this traceback
        return "\n".join([*logged, traceback.format_exc()])
    finally:
        logging.getLogger(engine).removeHandler(handler)
    return None


def _main(engine: str, projects: list[str]) -> None:
    import importlib
    importlib.import_module(engine)
    if engine == "properdocs":
        importlib.import_module("properdocs.replacement")  # as its CLI does: mkdocs.* is properdocs.*
    for project in projects:
        os.chdir(project)  # as the build runs: from the project folder
        print(json.dumps({"project": project, "message": _load_one(engine, Path(project))}), flush=True)


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2:])
