"""Engine-independent commands over the site.

    python -m explainer generate [--check]   write the data-driven pages in docs/ (or check them)
    python -m explainer postbuild SITE_DIR   social cards, robots.txt, search titles, llms.txt
    python -m explainer freshness            every dated statement ([As of 2026-11]), oldest first

Both read mkdocs.yml (the one configuration every engine here reads) for the site's
name, address, pages and the explainer plugin's settings. MkDocs runs both through the
plugin; after another engine (e.g. `zensical build`), run them yourself.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import dated, postbuild
from .generate import generate
from .records import DataError
from .site import load_content
from .siteconfig import load_site_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write the data-driven pages in docs/")
    gen.add_argument("--check", action="store_true", help="write nothing; fail when a page is stale")
    post = commands.add_parser("postbuild", help="files written after the HTML exists")
    post.add_argument("site_dir", type=Path)
    fresh = commands.add_parser("freshness", help="list dated statements, oldest first; fail on a broken marker")
    fresh.add_argument("--job-summary", action="store_true",
                       help="also append the list to the file named by $GITHUB_STEP_SUMMARY")
    args = parser.parse_args(argv)

    try:
        config = load_site_config(args.config_file)
        if args.command == "generate":
            outcomes = generate(config, check=args.check)
            stale = [o.path for o in outcomes if o.changed]
            for path in stale:
                print(f"{'stale' if args.check else 'written'}: {path}", file=sys.stderr)
            if args.check and stale:
                print("run `python -m explainer generate` and commit the result", file=sys.stderr)
                return 1
            return 0
        if args.command == "freshness":
            return freshness(config, args.job_summary)
        content = load_content(config.data_dir, pages=config.titles, docs_dir=config.docs_dir)
        warnings = postbuild.run(args.site_dir, postbuild.build_from_config(config, content))
    except DataError as exc:
        print(f"Invalid site data: {exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    return 1 if warnings else 0


def freshness(config, job_summary: bool = False) -> int:
    """Every page of the navigation (generated ones carry the data's statements), checked,
    then listed oldest first. The data files are loaded first, so a broken marker in a
    definition or an answer is reported with its file and entry."""
    load_content(config.data_dir, pages=config.titles, docs_dir=config.docs_dir)
    found: list[dated.Statement] = []
    for src, _title in config.nav:
        text = (config.docs_dir / src).read_text(encoding="utf-8")
        dated.check(text, f"docs/{src}")
        found += dated.statements(text, src)
    listing = dated.report(found)
    print(listing)
    if job_summary:
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if not target:
            print("--job-summary: GITHUB_STEP_SUMMARY is not set", file=sys.stderr)
            return 1
        with open(target, "a", encoding="utf-8") as out:
            out.write(listing + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
