"""Engine-independent commands over the site.

    python -m explainer generate [--check]   write the data-driven pages in docs/ (or check them)
    python -m explainer postbuild SITE_DIR   social cards, robots.txt, search titles, llms.txt

Both read mkdocs.yml (the one configuration every engine here reads) for the site's
name, address, pages and the explainer plugin's settings. MkDocs runs both through the
plugin; after another engine (e.g. `zensical build`), run them yourself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import postbuild
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
        content = load_content(config.data_dir, pages=config.titles)
        warnings = postbuild.run(args.site_dir, postbuild.build_from_config(config, content))
    except DataError as exc:
        print(f"Invalid site data: {exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
