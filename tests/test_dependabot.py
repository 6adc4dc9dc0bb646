"""The update path for every pin (.github/dependabot.yml): it matches GitHub's schema,
zizmor finds nothing in it, every manifest in the repository is covered by an update
entry of the right ecosystem and folder, each runs weekly and grouped, and nothing in
the repository floats: every requirement is pinned exactly."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from sitebuild import ROOT
from test_workflows import tool, zizmor

CONFIG = ROOT / ".github" / "dependabot.yml"
# Folders that hold what was installed or built, not what the repository declares.
NOT_MANIFESTS = {".git", ".venv", ".venv-zensical", "node_modules", "site", "site-zensical", "artifacts",
                 ".cache", ".pytest_cache", "__pycache__"}


def manifests(root: Path = ROOT) -> dict[Path, str]:
    """Every dependency manifest in the repository -> the Dependabot ecosystem that reads it."""
    found: dict[Path, str] = {}
    for path in root.rglob("*"):
        parts = set(path.relative_to(root).parts)
        if parts & NOT_MANIFESTS or not path.is_file():
            continue
        rel = path.relative_to(root)
        if re.fullmatch(r"requirements[\w.-]*\.(?:txt|in)", path.name) or path.name in ("pyproject.toml", "setup.py"):
            found[rel] = "pip"
        elif path.name in ("package.json", "package-lock.json"):
            found[rel] = "npm"
        elif rel.parts[:2] == (".github", "workflows") and path.suffix in (".yml", ".yaml"):
            found[rel] = "github-actions"
        elif rel.parts[:2] == (".github", "actions") and path.name in ("action.yml", "action.yaml"):
            found[rel] = "github-actions"
    return found


def uncovered(config: dict, found: dict[Path, str]) -> list[str]:
    """Manifests no update entry reads: pip and npm read the folder they are told; the
    github-actions ecosystem reads .github/workflows/ when told "/"."""
    entries = {(u["package-ecosystem"], u.get("directory", "/").rstrip("/") or "/") for u in config["updates"]}
    missing = []
    for rel, ecosystem in sorted(found.items()):
        if ecosystem == "github-actions":
            folder = "/"
        else:
            folder = "/" + rel.parent.as_posix() if rel.parent != Path(".") else "/"
        if (ecosystem, folder) not in entries:
            missing.append(f"{rel} ({ecosystem} in {folder})")
    return missing


def load() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def test_the_config_matches_githubs_schema():
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(CONFIG)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_config():
    result = zizmor(CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_manifest_in_the_repository_is_covered():
    found = manifests()
    # The manifests this repository has today, so a search that silently finds nothing fails.
    assert {"requirements.txt", "requirements-test.txt", "requirements-zensical.txt", "pyproject.toml",
            "tools/lighthouse/package.json", "tools/lighthouse/package-lock.json",
            ".github/workflows/site.yml", ".github/workflows/linkcheck.yml"} <= {p.as_posix() for p in found}
    assert uncovered(load(), found) == []


def test_the_coverage_check_can_fail(tmp_path):
    config = load()
    config["updates"] = [u for u in config["updates"] if u["package-ecosystem"] != "npm"]
    missing = uncovered(config, manifests())
    assert missing == ["tools/lighthouse/package-lock.json (npm in /tools/lighthouse)",
                       "tools/lighthouse/package.json (npm in /tools/lighthouse)"]
    # A manifest added somewhere new is caught too.
    (tmp_path / "docs-tools").mkdir()
    (tmp_path / "docs-tools" / "requirements.txt").write_text("rich==14.0.0\n")
    assert uncovered(load(), manifests(tmp_path)) == ["docs-tools/requirements.txt (pip in /docs-tools)"]


def test_updates_are_weekly_grouped_and_wait_a_week():
    for update in load()["updates"]:
        name = update["package-ecosystem"]
        assert update["schedule"]["interval"] == "weekly", name
        groups = update.get("groups") or {}
        assert any(g.get("patterns") == ["*"] for g in groups.values()), f"{name}: one group for every update"
        assert update.get("cooldown", {}).get("default-days", 0) >= 7, name


PIN = re.compile(r"^[A-Za-z0-9_.\-\[\],]+==[\w.]+$")


def unpinned(text: str) -> list[str]:
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("-r ") and not PIN.match(line)]


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-test.txt", "requirements-zensical.txt"])
def test_every_python_requirement_is_pinned_exactly(name):
    assert unpinned((ROOT / name).read_text(encoding="utf-8")) == []


def test_the_pin_check_can_fail():
    assert unpinned("mkdocs>=1.6,<2\nPillow==13.0.0\n") == ["mkdocs>=1.6,<2"]


def test_npm_and_the_build_backend_are_pinned_exactly():
    package = json.loads((ROOT / "tools" / "lighthouse" / "package.json").read_text(encoding="utf-8"))
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in package["dependencies"].values()), package
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'requires = \["setuptools==[\d.]+"\]', pyproject)
