"""Published anchors never disappear: every registered anchor still lands somewhere."""

from __future__ import annotations

import subprocess
import textwrap

import pytest
import yaml

from sitebuild import ROOT, mkdocs_build, restamp
from explainer.anchors import (dropped_anchors, load_registry, missing_anchors, registry_from,
                               unregistered_anchors, update_registry)
from explainer.records import DataError, parse_yaml

REGISTRY = ROOT / "data" / "anchors.yml"
REGISTRY_PATH = "data/anchors.yml"


def add_alias(registry, page: str, old: str, new: str) -> None:
    """The README's rename step: `old: new` under aliases: for the page (whatever is there already)."""
    data = yaml.safe_load(registry.read_text())
    aliases = data.get("aliases") or {}
    aliases.setdefault(page, {})[old] = new
    data["aliases"] = aliases
    header = registry.read_text().split("\npages:")[0]
    registry.write_text(header.rstrip() + "\n" + yaml.safe_dump(data, sort_keys=False, width=100))


def git(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def registry_at(commit: str, cwd=ROOT):
    """The registry as committed at `commit`, or None when git cannot show it."""
    shown = git("show", f"{commit}:{REGISTRY_PATH}", cwd=cwd)
    return registry_from(parse_yaml(shown.stdout), f"{commit}:{REGISTRY_PATH}") if shown.returncode == 0 else None


def previous_registries(cwd=ROOT) -> dict[str, object]:
    """The registry of the last commit (HEAD) and of the one before it on the branch (HEAD^1:
    main's previous commit after a push, main's tip in a pull request's merge commit)."""
    if git("rev-parse", "--git-dir", cwd=cwd).returncode != 0:
        pytest.skip("not a git checkout: no earlier registry to compare with")
    found = {c: registry_at(c, cwd) for c in ("HEAD", "HEAD^1")}
    if found["HEAD^1"] is None:
        if git("rev-parse", "--verify", "--quiet", "HEAD^1", cwd=cwd).returncode != 0:
            if git("rev-parse", "--is-shallow-repository", cwd=cwd).stdout.strip() == "true":
                pytest.skip("shallow clone: HEAD's parent commit is not here (check out with fetch-depth: 0)")
            pytest.skip("HEAD is the repository's first commit: there is no earlier registry")
        del found["HEAD^1"]  # the parent had no registry yet
    return {c: r for c, r in found.items() if r is not None}


def test_every_registered_anchor_resolves(site_dir):
    assert missing_anchors(load_registry(REGISTRY), site_dir) == []


def test_every_published_anchor_is_registered(site_dir):
    """Publishing an anchor includes registering it (`make anchors`)."""
    assert unregistered_anchors(load_registry(REGISTRY), site_dir) == []


def test_registry_covers_every_faq_question_and_glossary_term():
    from explainer.faq import load_faq
    from explainer.glossary import load_glossary
    reg = load_registry(REGISTRY)
    terms = load_glossary(ROOT / "data" / "glossary.yml")
    assert {t.id for t in terms} <= set(reg.pages["glossary/"])
    faq = load_faq(ROOT / "data" / "faq.yml", {t.id: t.term for t in terms},
                   {p: p for p in ("index.md", "delay.md", "safety.md", "o3-mini.md", "competition.md",
                                   "timeline.md", "about.md", "open-weight-vs-open-source.md",
                                   "glossary.md", "faq.md")})
    ids = {q.id for s in faq for q in s.questions} | {a for s in faq for q in s.questions for a in q.aliases}
    assert ids <= set(reg.pages["faq/"])


def test_removing_a_question_without_an_alias_is_caught(project_copy, tmp_path):
    # Rename the id everywhere the site links to it, but leave no alias behind.
    for f in [*(project_copy / "data").rglob("faq.yml"), *(project_copy / "docs").glob("*.md")]:
        f.write_text(f.read_text().replace("can-weights-be-recalled", "weights-recall"))
    restamp(project_copy)
    out = tmp_path / "out"
    assert mkdocs_build(project_copy, out).returncode == 0
    problems = missing_anchors(load_registry(project_copy / "data" / "anchors.yml"), out)
    assert any("faq/#can-weights-be-recalled" in p for p in problems), problems


def test_the_readme_rename_procedure_passes_every_check(project_copy, tmp_path):
    """README, "Renaming an anchor": change the id in the page, add `old: new` under aliases:,
    run `make anchors`. The old link still lands, and the registry only grew."""
    registry = project_copy / "data" / "anchors.yml"
    before = load_registry(registry)
    # In every edition: the id is the same in the English page and its translation.
    for page in (project_copy / "docs").glob("delay*.md"):
        page.write_text(page.read_text().replace("{ #june-delay }", "{ #first-delay }"))
    add_alias(registry, "delay/", "june-delay", "first-delay")  # one alias: it holds in every edition
    restamp(project_copy)  # the translation still holds: only an id changed
    out = tmp_path / "out"
    result = mkdocs_build(project_copy, out)
    assert result.returncode == 0, result.stderr
    # `make anchors` registers first-delay, on the English page and on its translation
    assert update_registry(load_registry(registry), out) == 2
    after = load_registry(registry)
    assert missing_anchors(after, out) == []
    assert unregistered_anchors(after, out) == []
    assert dropped_anchors(before, after) == []
    html = (out / "delay" / "index.html").read_text()
    assert 'id="june-delay" data-alias-for="first-delay"' in html


def test_renaming_an_id_inside_the_registry_is_caught():
    """Editing anchors.yml along with a rename passes the build checks; the history check does not."""
    before = load_registry(REGISTRY)
    data = yaml.safe_load(REGISTRY.read_text())
    data["pages"]["delay/"] = [("first-delay" if a == "june-delay" else a) for a in data["pages"]["delay/"]]
    after = registry_from(data, REGISTRY)
    assert dropped_anchors(before, after) == [
        f"{REGISTRY}: 'delay/#june-delay' was published and is gone from the registry; "
        "keep it under pages: and, if it was renamed, add it under aliases: 'delay/'"]
    data["aliases"] = {"delay/": {"june-delay": "first-delay"}}
    assert dropped_anchors(before, registry_from(data, REGISTRY)) == []


def test_the_registry_only_grows_since_the_previous_commit():
    current = load_registry(REGISTRY)
    for commit, earlier in previous_registries().items():
        assert dropped_anchors(earlier, current) == [], f"compared with {commit}"


def test_the_history_check_fails_on_a_committed_removal(tmp_path):
    """The check above can fail: in a throwaway repository, a commit that drops an id is caught."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    for args in (["init", "-q"], ["config", "user.email", "t@example.org"], ["config", "user.name", "t"]):
        assert git(*args, cwd=repo).returncode == 0
    reg = repo / REGISTRY_PATH
    reg.write_text("pages:\n  delay/: [june-delay, no-recall]\naliases: {}\n")
    git("add", ".", cwd=repo), git("commit", "-qm", "one", cwd=repo)
    reg.write_text("pages:\n  delay/: [first-delay, no-recall]\naliases: {}\n")
    git("add", ".", cwd=repo), git("commit", "-qm", "two", cwd=repo)
    earlier = previous_registries(repo)["HEAD^1"]
    assert dropped_anchors(earlier, load_registry(reg)) != []


def test_alias_to_a_missing_section_fails_the_build(project_copy, tmp_path):
    registry = project_copy / "data" / "anchors.yml"
    add_alias(registry, "delay/", "old-id", "no-such-id")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "anchors.yml: entry 'delay/#old-id': alias target 'no-such-id'" in result.stderr


def test_registry_listing_an_anchor_twice_is_an_error(tmp_path):
    path = tmp_path / "anchors.yml"
    path.write_text(textwrap.dedent("""\
        pages:
          faq/: [a, b, a]
        """))
    with pytest.raises(DataError, match="anchors.yml: entry 'faq/': lists anchor 'a' twice"):
        load_registry(path)
