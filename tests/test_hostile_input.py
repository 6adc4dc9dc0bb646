"""Hostile input, build side: every malformed or hostile variant of the data and the
front matter (tests/hostile.py) has the outcome the case list gives it: an ERROR stops
the build with a clear message (naming the file, no traceback), a SAFE case builds
strictly. How they are run is tests/hostile_runner.py; whether a site that builds runs
script is checked in the browser (tests/browser/test_hostile_browser.py)."""

from __future__ import annotations

import pytest

from hostile import CASES, ERROR, SAFE
from hostile_runner import LOADER, landed

# Cases that must build but do not, because of a bug in the site (not in the test): the
# case stays SAFE in tests/hostile.py and is reported here until the bug is fixed (strict:
# a fix makes these fail until the entry goes). Keyed by (file, field, payload).
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def test_the_suite_covers_every_field_and_payload():
    fields = {(c.file, c.field) for c in CASES}
    for needed in [("data/glossary.yml", f) for f in ("id", "term", "aliases", "short", "definition",
                                                    "related", "source", "structure")] + \
                  [("data/faq.yml", f) for f in ("section-title", "id", "question", "answer",
                                                 "related", "aliases", "structure")] + \
                  [("data/anchors.yml", f) for f in ("pages", "aliases", "structure")] + \
                  [("docs/delay.md", f) for f in ("title", "description", "template", "structure")]:
        assert needed in fields, needed
    assert len(CASES) >= 80
    assert {c.expect for c in CASES} == {ERROR, SAFE}


def _params():
    for case in CASES:
        bug = KNOWN_BUGS.get((case.file, case.field, case.payload))
        marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
        yield pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_case_has_its_expected_outcome(hostile_run, case):
    outcome = next(o for o in hostile_run.outcomes if o.case == case)
    if case.expect == SAFE:
        assert outcome.built, f"{case.name} must build, and did not ({outcome.stage}):\n{outcome.message[-2000:]}"
    else:
        assert outcome.clear_error, (f"{case.name} must stop the build with a clear message naming "
                                     f"{case.file} (no traceback); got ({outcome.stage}):\n{outcome.message[-2000:]}")


def test_the_loader_refusal_is_what_a_build_prints(hostile_run):
    """Cases refused while loading the data are refused exactly as a build refuses them: for
    one refused case per edited file, a full strict build stops with the same message, no
    traceback, and publishes nothing."""
    refused_files = {o.case.file for o in hostile_run.outcomes if o.stage == LOADER}
    assert {loader.case.file for loader, _ in hostile_run.end_to_end} == refused_files
    for loader, build in hostile_run.end_to_end:
        assert not build.built, loader.case.name
        message = loader.message.strip().splitlines()[-1]
        assert message in build.message, (loader.case.name, message, build.message[-2000:])
        assert "Traceback" not in build.message, build.message[-2000:]
        site = hostile_run.root / "end-to-end" / loader.case.name / "site"
        assert not (site / "index.html").exists(), f"{loader.case.name}: a page was published"


def test_shared_sites_hold_every_payload(hostile_run):
    """Each built site holds the payload of every case it stands for (so no case is judged
    on a site where another case's edit took its payload away), and no two of them set the
    same field of the same entry."""
    for site in hostile_run.sites:
        for case in site.cases:
            assert landed(site.path, case.marker), f"{case.name}: {case.marker} is nowhere in {site.name}"
        assert len({c.slot for c in site.cases}) == len(site.cases), site.name



def test_sites_are_shared_only_by_cases_in_different_slots():
    """The grouping itself (no build): cases setting the same field of the same entry never
    share a site; cases in other fields, entries or files do; a failed shared build is split
    by the file its message names, else in halves, so every case ends in a build of its own."""
    from hostile_runner import share_sites, split
    safe = [c for c in CASES if c.expect == SAFE]
    groups = share_sites(safe)
    assert sorted(c.number for g in groups for c in g) == sorted(c.number for c in safe)
    for group in groups:
        assert len({c.slot for c in group}) == len(group)
    by_slot: dict = {}
    for case in safe:
        by_slot.setdefault(case.slot, []).append(case)
    assert len(groups) == max(len(v) for v in by_slot.values())  # no more sites than needed
    glossary = [c for c in safe if c.file == "data/glossary.yml"]
    assert any(len({c.field for c in g if c in glossary}) > 1 for g in groups)  # fields of one file share
    group = groups[0]
    named = split(group, f"Error: {group[0].file}: entry 'x': ...")
    assert named[0] == tuple(c for c in group if c.file == group[0].file) and sum(map(len, named)) == len(group)
    halves = split(group, "no file named")
    assert [len(h) for h in halves] == [len(group) // 2, len(group) - len(group) // 2]
