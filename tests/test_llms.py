"""Markdown copies for AI readers: absolute links, no interface HTML, every page listed."""

from __future__ import annotations

from explainer.llms import PageCopy, copy_path, markdown_copy, site_files

SITE = "https://x.test/repo/"
URLS = {"index.md": "", "faq.md": "faq/", "glossary.md": "glossary/"}


def page(markdown, src="faq.md", url="faq/"):
    return PageCopy(src=src, url=url, title="FAQ", summary="Answers.", markdown=markdown)


def test_copy_drops_interface_html_and_heading_ids_and_makes_links_absolute():
    md = "\n".join([
        "# FAQ",
        '<div class="faq-actions" data-ui><button>Copy link</button></div>',
        "## Why? { #why-delayed }",
        '<p class="glossary-aliases"><span>Also called:</span> <em>open weights</em></p>',
        "See [a term](glossary.md#open-weight-model), [another answer](#other), [home](index.md)",
        "and [a source](https://openai.com/index/introducing-gpt-oss/).",
    ])
    out = markdown_copy(page(md), URLS, SITE)
    assert "Copy link" not in out and "data-ui" not in out and "{ #" not in out
    assert "## Why?\n" in out
    assert "Also called: open weights" in out
    assert "(https://x.test/repo/glossary/#open-weight-model)" in out
    assert "(https://x.test/repo/faq/#other)" in out
    assert "(https://x.test/repo/)" in out
    assert "(https://openai.com/index/introducing-gpt-oss/)" in out


def test_site_files_list_pages_by_section_in_order_with_their_summaries():
    pages = [page("x"), page("y", "index.md", ""), page("z", "extra.md", "extra/")]
    files = site_files("Site", "What it is.", "Intro.", {"Story": ["index.md"], "Reference": ["faq.md"]},
                       pages, SITE)
    text = files["llms.txt"]
    assert text.startswith("# Site\n\n> What it is.\n\nIntro.\n")
    assert text.index("## Story") < text.index("https://x.test/repo/index.md") < text.index("## Reference")
    assert "- [FAQ](https://x.test/repo/faq/index.md): Answers." in text
    assert text.index("## Reference") < text.index("## Pages") < text.index("extra/index.md")
    assert set(files) == {"index.md", "faq/index.md", "extra/index.md", "llms.txt", "llms-full.txt"}
    assert files["llms-full.txt"].index("Source: https://x.test/repo/\n") < files["llms-full.txt"].index(
        "Source: https://x.test/repo/faq/")
    assert copy_path("") == "index.md" and copy_path("faq/") == "faq/index.md"
