"""Engine-independent commands over the site.

    python -m explainer generate [--check]   write the data-driven pages in docs/ (or check them)
    python -m explainer postbuild SITE_DIR   social cards, robots.txt, search titles, llms.txt
    python -m explainer freshness            every dated statement ([As of 2026-11]), oldest first
    python -m explainer translations --stamp LOCALE KIND:ID ...
                                             record that a translation matches the English as it is now
                                             (KIND: glossary, faq, source, page, benchmarks; `--stamp
                                             zh-TW glossary:fine-tuning page:delay.md`)

Both read mkdocs.yml (the one configuration every engine here reads) for the site's
name, address, pages and the explainer plugin's settings. MkDocs runs both through the
plugin; after another engine (e.g. `zensical build`), run them yourself.
"""

from __future__ import annotations

import argparse
import os
import re
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
    post.add_argument("--editions", metavar="LOCALES",
                      help="the editions the engine built, comma-separated (default: every edition of mkdocs.yml; "
                           "Zensical builds English only: --editions en)")
    fresh = commands.add_parser("freshness", help="list dated statements, oldest first; fail on a broken marker")
    fresh.add_argument("--job-summary", action="store_true",
                       help="also append the list to the file named by $GITHUB_STEP_SUMMARY")
    tr = commands.add_parser("translations", help="record that translations match the English as it is now")
    tr.add_argument("--stamp", nargs="+", metavar=("LOCALE", "KIND:ID"), required=True,
                    help="the edition, then what was checked: glossary:ID, faq:ID, source:ID, page:delay.md, "
                         "benchmarks:all")
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
        if args.command == "translations":
            for line in stamp(config, args.stamp[0], args.stamp[1:]):
                print(line)
            return 0
        chosen = config.editions
        if args.editions:
            wanted = [x.strip() for x in args.editions.split(",") if x.strip()]
            unknown = [x for x in wanted if x not in {e.locale for e in chosen}]
            if unknown or not wanted or wanted[0] != chosen[0].locale:
                raise DataError("--editions", None, f"must name editions of mkdocs.yml, English first "
                                                    f"({', '.join(e.locale for e in chosen)}); got {args.editions}")
            chosen = tuple(e for e in chosen if e.locale in wanted)
        builds = [postbuild.build_from_config(config, load_content(
            config.data_dir, pages=config.edition_titles(e), docs_dir=config.docs_dir, edition=e))
            for e in chosen]
        warnings = postbuild.run(args.site_dir, *builds)
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
    found: list[dated.Statement] = []
    for edition in config.editions:
        load_content(config.data_dir, pages=config.edition_titles(edition), docs_dir=config.docs_dir,
                     edition=edition)
        for src, _title in config.nav:
            own = edition.src(src)
            text = (config.docs_dir / own).read_text(encoding="utf-8")
            dated.check(text, f"docs/{own}")
            found += dated.statements(text, own)
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


def stamp(config, locale: str, items: list[str]) -> list[str]:
    """Write the current English fingerprint into each named translation; says what it wrote."""
    from . import translations as tr
    from .benchmarks import load_benchmarks
    from .editions import BY_LOCALE
    from .faq import load_faq
    from .glossary import load_glossary
    from .records import split_front_matter
    from .site import english_page_hash
    from .sources import load_sources
    edition = BY_LOCALE.get(locale)
    if edition is None or edition.default:
        raise DataError("mkdocs.yml", locale, f"is not a translated edition ({', '.join(BY_LOCALE)})")
    data, docs = config.data_dir, config.docs_dir
    terms = {t.id: t for t in load_glossary(data / "glossary.yml")}
    questions = {q.id: q for s in load_faq(data / "faq.yml", {t: x.term for t, x in terms.items()}, config.titles)
                 for q in s.questions}
    sources = load_sources(data / "sources.yml")
    done = []
    texts: dict[Path, str] = {}  # each translation file read once and written once, at the end

    def read(target: Path) -> str:
        if target not in texts:
            texts[target] = target.read_text(encoding="utf-8")
        return texts[target]

    for item in items:
        kind, _, entry_id = item.partition(":")
        if kind == "page":
            if entry_id not in config.titles:
                raise DataError("mkdocs.yml", entry_id, "is not a page of the navigation")
            meta, body = split_front_matter(entry_id, (docs / entry_id).read_text(encoding="utf-8"))
            target = docs / edition.src(entry_id)
            text = tr.set_fingerprint_page(read(target),
                                           english_page_hash(meta, body, entry_id), str(target))
        else:
            files = {"glossary": ("glossary.yml", terms, tr.term_hash), "faq": ("faq.yml", questions, tr.question_hash),
                     "source": ("sources.yml", sources, tr.note_hash)}
            if kind == "benchmarks":
                target = data / locale / "benchmarks.yml"
                fingerprint = tr.benchmarks_hash(load_benchmarks(data / "benchmarks.yml"))
                text = read(target)
                text = (re.sub(r"^translates:.*$", f"translates: \"{fingerprint}\"", text, count=1, flags=re.M)
                        if re.search(r"^translates:", text, re.M) else
                        re.sub(r"^(setting:)", f"translates: \"{fingerprint}\"\n\\1", text, count=1, flags=re.M))
            elif kind in files:
                name, table, fingerprint_of = files[kind]
                if entry_id not in table:
                    raise DataError(data / name, entry_id, "is not an entry of the English file")
                target = data / locale / name
                text = tr.set_fingerprint_yaml(read(target), entry_id,
                                               fingerprint_of(table[entry_id]), str(target))
            else:
                raise DataError(item, None, "must be glossary:ID, faq:ID, source:ID, page:PATH or benchmarks:all")
        texts[target] = text
        done.append(f"stamped {item} in {target.relative_to(config.root)}")
    for target, text in texts.items():
        target.write_text(text, encoding="utf-8")
    return done


if __name__ == "__main__":
    sys.exit(main())
