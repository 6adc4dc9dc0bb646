"""The glossary generator and its checks, on small data written by each test."""

from __future__ import annotations

import json
import textwrap

import markdown
import pytest

from sitebuild import ROOT
from explainer.glossary import SHORT_MAX, glossary_jsonld, load_glossary, render_glossary
from explainer.records import DataError
from explainer.term_links import TermLinkExtension

GOOD = """\
- id: open-weight-model
  term: Open-weight model
  aliases: [open weights, open model]
  short: A model whose trained weights are published for anyone to download and run.
  definition: |
    A model released as its **weights**. See [fine-tuning](#fine-tuning).
  related: [fine-tuning]
  source: article
- id: fine-tuning
  term: Fine-tuning
  aliases: []
  short: Further training of a released model on new data to change its behaviour.
  definition: Training a model further.
  related: [open-weight-model]
  source: gpt-oss-model-card
- id: mixture-of-experts
  term: Mixture of experts
  aliases: [MoE]
  short: An architecture that routes each token through a few of many expert sub-networks.
  definition: Only some experts run per token.
  related: [open-weight-model]
  source: [github-openai-gpt-oss, gpt-oss-model-card]
"""


def write(tmp_path, text):
    path = tmp_path / "glossary.yml"
    path.write_text(textwrap.dedent(text))
    return path


def test_loads_and_sorts_alphabetically(tmp_path):
    terms = load_glossary(write(tmp_path, GOOD))
    assert [t.id for t in terms] == ["fine-tuning", "mixture-of-experts", "open-weight-model"]
    assert terms[2].aliases == ("open weights", "open model")


def test_page_has_one_heading_per_term_with_its_id(tmp_path):
    terms = load_glossary(write(tmp_path, GOOD))
    html = markdown.markdown(render_glossary(terms), extensions=["attr_list", "md_in_html"])
    for t in terms:
        assert f'<h2 id="{t.id}">{t.term}</h2>' in html
    assert 'href="#letter-f"' in html and 'id="letter-f"' in html
    assert "<em>open weights</em>" in html  # aliases are part of the entry, so search finds them
    # Sources are cited by id; the citation extension turns them into links (tests/test_sources.py).
    assert 'href="source:github-openai-gpt-oss"' in html and 'href="source:gpt-oss-model-card"' in html


def test_jsonld_is_a_defined_term_set(tmp_path):
    terms = load_glossary(write(tmp_path, GOOD))
    data = json.loads(json.dumps(glossary_jsonld(terms, "https://x.test/glossary/", "Glossary")))
    assert data["@type"] == "DefinedTermSet"
    names = {d["name"]: d for d in data["hasDefinedTerm"]}
    assert names["Open-weight model"]["url"] == "https://x.test/glossary/#open-weight-model"
    assert names["Mixture of experts"]["alternateName"] == ["MoE"]


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("aliases: [open weights, open model]", "aliases: [open weights, open model"),
     "is not valid YAML at line"),
    (lambda t: t.replace("  short: Further training of a released model on new data to change its behaviour.\n", ""),
     "entry 'fine-tuning': missing required field 'short'"),
    (lambda t: t.replace("id: fine-tuning", "id: open-weight-model"),
     "entry 'open-weight-model': id 'open-weight-model' is already used"),
    (lambda t: t.replace("term: Fine-tuning", "term: Open-weight model"),
     "entry 'fine-tuning': term or alias 'Open-weight model' is already used by entry 'open-weight-model'"),
    (lambda t: t.replace("aliases: [MoE]", "aliases: [Open Model]"),
     "entry 'mixture-of-experts': term or alias 'Open Model' is already used by entry 'open-weight-model'"),
    (lambda t: t.replace("id: fine-tuning", "id: Fine_Tuning"),
     "'Fine_Tuning' is not a lower-case slug"),
    (lambda t: t.replace("related: [fine-tuning]", "related: [no-such-term]"),
     "entry 'open-weight-model': related id 'no-such-term' is not a term"),
    (lambda t: t.replace("  short: An architecture", "  short: " + "x" * SHORT_MAX + " An architecture"),
     "entry 'mixture-of-experts': field 'short' is"),
    (lambda t: t.replace("source: article", "source: https://example.org/page"),
     "entry 'open-weight-model': field 'source' has 'https://example.org/page', which is not a source id"),
    (lambda t: t.replace("source: article", "source: []"),
     "entry 'open-weight-model': field 'source' must be a source id or a non-empty list"),
    (lambda t: t.replace("source: gpt-oss-model-card", "source: [gpt-oss-model-card, gpt-oss-model-card]"),
     "entry 'fine-tuning': field 'source' lists a source twice"),
    (lambda t: t.replace("  related: [fine-tuning]\n", "  related: [fine-tuning]\n  colour: red\n"),
     "entry 'open-weight-model': unknown field(s) colour"),
    (lambda t: "just: a mapping\n", "must be a non-empty YAML list of terms"),
])
def test_bad_input_names_file_and_entry(tmp_path, change, message):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(DataError) as err:
        load_glossary(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def term_markdown(tmp_path) -> markdown.Markdown:
    """Python-Markdown with the term linker loaded by name and configured as mkdocs.yml does."""
    return markdown.Markdown(extensions=["explainer.term_links", "attr_list", "admonition"],
                             extension_configs={"explainer.term_links": {
                                 "glossary": str(write(tmp_path, GOOD)), "glossary_page": "glossary.md"}})


def render_with_terms(tmp_path, text):
    return term_markdown(tmp_path).convert(text)


def test_first_occurrence_links_to_the_glossary_with_its_definition(tmp_path):
    html = render_with_terms(tmp_path, "An open-weight model is rare. Another open-weight model follows.")
    assert html.count('class="glossary-term"') == 1
    assert ('<a class="glossary-term" href="/glossary.md#open-weight-model" '
            'title="A model whose trained weights are published for anyone to download and run.">'
            'open-weight model</a>') in html


def test_aliases_plurals_and_case_rules(tmp_path):
    html = render_with_terms(tmp_path, "Two open models use an MoE design; moe is a word.")
    assert 'href="/glossary.md#open-weight-model"' in html and ">open models</a>" in html
    assert ">MoE</a>" in html and ">moe</a>" not in html


def test_never_inside_headings_links_code_or_admonition_titles(tmp_path):
    text = ("## Fine-tuning\n\n`fine-tuning` and [fine-tuning](x.md)\n\n"
            '!!! note "Fine-tuning"\n    Body.\n')
    assert 'class="glossary-term"' not in render_with_terms(tmp_path, text)


def test_not_inside_hyphenated_compounds(tmp_path):
    assert 'class="glossary-term"' not in render_with_terms(tmp_path, "A fine-tuning-free method.")


def test_text_marked_no_term_links_is_left_alone(tmp_path):
    """The glossary's own prose carries this class: it explains the terms already."""
    assert 'class="glossary-term"' not in render_with_terms(tmp_path, "Fine-tuning.\n{: .no-term-links }")
    assert 'class="glossary-term"' in render_with_terms(tmp_path, "Fine-tuning.\n{: .other }")


def test_each_document_links_its_own_first_mentions(tmp_path):
    """Per-document state lives in reset(): a second document is linked afresh."""
    md = term_markdown(tmp_path)
    first = md.convert("Fine-tuning, then fine-tuning.")
    md.reset()
    second = md.convert("Fine-tuning again.")
    assert first.count('class="glossary-term"') == 1 and second.count('class="glossary-term"') == 1


def test_term_linker_object_can_be_given_terms_directly(tmp_path):
    ext = TermLinkExtension(load_glossary(write(tmp_path, GOOD)), glossary_page="words.md")
    html = markdown.markdown("Fine-tuning.", extensions=[ext])
    assert 'href="/words.md#fine-tuning"' in html


def test_real_glossary_loads():
    terms = load_glossary(ROOT / "data" / "glossary.yml")
    assert len(terms) >= 25


def test_search_titles_carry_the_aliases(tmp_path):
    from explainer.glossary import search_titles
    titles = search_titles(load_glossary(write(tmp_path, GOOD)), "glossary/")
    assert titles["glossary/#open-weight-model"] == "Open-weight model (open weights, open model)"
    assert titles["glossary/#fine-tuning"] == "Fine-tuning"


def test_search_titles_are_escaped_for_html(tmp_path):
    """Material renders search titles as HTML: markup in a name must arrive as text."""
    from explainer.glossary import Term, search_titles
    term = Term("x", "A & B", ("<i>c</i>",), "Short.", "Definition.", (), ("article",))
    assert search_titles([term], "glossary/")["glossary/#x"] == "A &amp; B (&lt;i&gt;c&lt;/i&gt;)"


def test_a_term_named_by_a_link_in_the_same_paragraph_stays_plain(tmp_path):
    """No phrase linked twice in a row: "fine-tuning ... ([fine-tuning](x))" keeps its
    words plain; the term's next mention, in another paragraph, is linked instead."""
    html = render_with_terms(tmp_path, "Fine-tuning is cheap ([fine-tuning guide](https://example.org/a)).\n\n"
                                       "Later, fine-tuning again.")
    first, second = html.split("</p>")[:2]
    assert 'class="glossary-term"' not in first
    assert second.count('class="glossary-term"') == 1


def test_tooltip_title_is_the_plain_definition():
    """The preview shows a link's title as text (site.js sets textContent), so the attribute,
    as the browser reads it, is the short definition itself: markup arrives as text."""
    from explainer.glossary import Term
    term = Term("x", "Widget", (), "A <b>bold</b> & more", "Definition.", (), ("article",))
    ext = TermLinkExtension([term])
    html = markdown.markdown("A widget.", extensions=[ext])
    from bs4 import BeautifulSoup
    link = BeautifulSoup(html, "html.parser").a
    assert link["title"] == term.short  # the attribute as the browser reads it
    assert link.find("b") is None and "<b>" not in link.get_text()
