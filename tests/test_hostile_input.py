"""Hostile input, build side: every malformed or hostile variant of the data and the
front matter (tests/hostile.py) fails with a clear message or builds strictly.
Whether a variant that builds runs script is checked in the browser
(tests/browser/test_hostile_browser.py)."""

from __future__ import annotations

import json

from hostile import CASES, summary
from sitebuild import ROOT


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


def test_every_case_fails_clearly_or_builds(hostile_run):
    report = summary(hostile_run)
    folder = ROOT / "artifacts" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "build.json").write_text(json.dumps(report, indent=2) + "\n")
    unclear = {o.case.name: o.stderr[-1500:] for o in hostile_run.outcomes if not o.built and not o.clear_error}
    assert not unclear, "\n\n".join(f"{name}:\n{err}" for name, err in unclear.items())
