"""Building the site for tests: strict, into a folder of the test's own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The engine the build-level tests build with: MkDocs, or ProperDocs (its maintained
# fork) with SITE_ENGINE=properdocs; `make test` runs the build-level tests with both.
ENGINE = os.environ.get("SITE_ENGINE", "mkdocs")
ENGINES = ("mkdocs", "properdocs")

SUBPATH = "/openweight-explainer/"
# Every page of the site (docs path -> built page URL); glossary and FAQ included.
PAGES = {
    "index.md": "",
    "delay.md": "delay/",
    "safety.md": "safety/",
    "o3-mini.md": "o3-mini/",
    "open-weight-vs-open-source.md": "open-weight-vs-open-source/",
    "competition.md": "competition/",
    "timeline.md": "timeline/",
    "glossary.md": "glossary/",
    "faq.md": "faq/",
    "sources.md": "sources/",
    "about.md": "about/",
}
# What a build needs; copied for bad-input tests so the real tree is never touched.
PROJECT_PARTS = ("mkdocs.yml", "pyproject.toml", "docs", "overrides", "data", "explainer", "explainer_mkdocs")


def front_matter(path: Path) -> dict:
    """A docs page's YAML front matter, read by the same function the build uses."""
    from explainer.records import split_front_matter
    return split_front_matter(path, path.read_text(encoding="utf-8"))[0]


# False while a test not marked `engine` runs (tests/conftest.py): `make test` runs only
# the tests marked `engine` again with ProperDocs, so a test that builds must say so.
engine_allowed = True


def check_engine_allowed() -> None:
    if not engine_allowed:
        raise RuntimeError("this test runs a build engine but is not marked `engine`: use a fixture of "
                           "ENGINE_FIXTURES (tests/conftest.py) or mark it @pytest.mark.builds")


def mkdocs_build(project: Path, out: Path, site_url: str | None = None,
                 engine: str = ENGINE) -> subprocess.CompletedProcess:
    """`<engine> build --strict` of `project` into `out` (run from the project folder, so a
    copy builds with its own explainer/ and explainer_mkdocs/)."""
    check_engine_allowed()
    if engine not in ENGINES:
        raise ValueError(f"SITE_ENGINE must be one of {ENGINES}, not {engine!r}")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"),
         "-d", str(out)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest




def restamp(project: Path, locale: str = "zh-TW") -> list[str]:
    """Record that every translation in `project` still holds for the English as it is now
    (what `python -m explainer translations --stamp` writes, for every entry and page), as a
    maintainer does after an English change that needs no new translation (an id renamed in
    both editions; a test's payload in an English field). Raises DataError when the English
    itself does not load."""
    import yaml
    from explainer.__main__ import stamp
    from explainer.records import SAFE_LOADER
    from explainer.siteconfig import load_site_config
    data = project / "data"

    def load(name: str):  # libyaml, as explainer/records.py loads (pure Python took half of each restamp)
        return yaml.load((data / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    items = [f"glossary:{e['id']}" for e in load("glossary.yml")]
    items += [f"faq:{q['id']}" for s in load("faq.yml")["sections"] for q in s["questions"]]
    items += [f"source:{e['id']}" for e in load("sources.yml") if e.get("note")]
    items += [f"page:{p.name}" for p in sorted((project / "docs").glob("*.md")) if p.name.count(".") == 1]
    items += ["benchmarks:all"]
    return stamp(load_site_config(project / "mkdocs.yml"), locale, items)
