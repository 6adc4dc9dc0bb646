"""The FAQ generator and its checks, on small data written by each test."""

from __future__ import annotations

import textwrap

import markdown
import pytest

from sitebuild import ROOT
from explainer.faq import faq_jsonld, load_faq, plain_text, render_faq
from explainer.records import DataError

GLOSSARY = {"open-weight-model": "Open-weight model"}
PAGES = {"safety.md": "Safety rationale"}
GOOD = """\
sections:
  - id: the-delay
    title: The delay
    questions:
      - id: why-delayed
        question: Why was it delayed?
        aliases: [why-was-it-delayed]
        answer: |
          For **safety** testing.
        related: [faq:can-weights-be-recalled, glossary:open-weight-model, page:safety.md]
      - id: can-weights-be-recalled
        question: Can weights be recalled?
        answer: No.
        related: []
"""


def write(tmp_path, text):
    path = tmp_path / "faq.yml"
    path.write_text(textwrap.dedent(text))
    return path


def load(path):
    return load_faq(path, GLOSSARY, PAGES)


def test_page_has_a_heading_per_section_and_question_with_stable_ids(tmp_path):
    sections = load(write(tmp_path, GOOD))
    html = markdown.markdown(render_faq(sections), extensions=["attr_list", "md_in_html"])
    assert '<h2 id="the-delay">The delay</h2>' in html
    assert '<h3 id="why-delayed">Why was it delayed?</h3>' in html
    assert '<h3 id="can-weights-be-recalled">Can weights be recalled?</h3>' in html
    # the old id lands on the question, right before it
    alias = html.index('id="why-was-it-delayed" data-alias-for="why-delayed"')
    assert alias < html.index('<h3 id="why-delayed">')
    assert 'data-faq-id="why-delayed"' in html and 'aria-label="Copy link to the answer: Why was it delayed?"' in html
    assert '<a href="#can-weights-be-recalled">Can weights be recalled?</a>' in html
    assert '<a href="glossary.md#open-weight-model">Open-weight model</a>' in html
    assert '<a href="safety.md">Safety rationale</a>' in html


def test_jsonld_is_an_faq_page(tmp_path):
    data = faq_jsonld(load(write(tmp_path, GOOD)), "https://x.test/faq/")
    assert data["@type"] == "FAQPage"
    first = data["mainEntity"][0]
    assert first["name"] == "Why was it delayed?"
    assert first["url"] == "https://x.test/faq/#why-delayed"
    assert first["acceptedAnswer"]["text"] == "For safety testing."


def test_plain_text_drops_markup_but_keeps_words():
    assert plain_text("See [the *card*](https://x.test) &amp; more.") == "See the card & more."


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("title: The delay", "title: [The delay"), "is not valid YAML at line"),
    (lambda t: t.replace("        answer: No.\n", ""), "entry 'can-weights-be-recalled': missing required field 'answer'"),
    (lambda t: t.replace("question: Why was it delayed?", "question: "), "entry 'why-delayed': missing required field 'question'"),
    (lambda t: t.replace("id: can-weights-be-recalled", "id: why-delayed"), "entry 'why-delayed': id 'why-delayed' is already used"),
    (lambda t: t.replace("id: can-weights-be-recalled", "id: the-delay"), "id 'the-delay' is already used"),
    (lambda t: t.replace("id: why-delayed", "id: Why Delayed"), "'Why Delayed' is not a lower-case slug"),
    (lambda t: t.replace("aliases: [why-was-it-delayed]", "aliases: [can-weights-be-recalled]"),
     "entry 'why-delayed': alias 'can-weights-be-recalled' is the id of a live question"),
    (lambda t: t.replace("aliases: [why-was-it-delayed]", "aliases: [old-id, old-id]"),
     "entry 'why-delayed': alias 'old-id' is already used by itself"),
    (lambda t: t.replace("aliases: [why-was-it-delayed]", "aliases: [Old_Id]"), "'Old_Id' in field 'aliases' is not a lower-case slug"),
    (lambda t: t.replace("faq:can-weights-be-recalled", "faq:no-such-question"),
     "entry 'why-delayed': related link 'faq:no-such-question' points to nothing"),
    (lambda t: t.replace("glossary:open-weight-model", "glossary:no-such-term"),
     "related link 'glossary:no-such-term' points to nothing"),
    (lambda t: t.replace("page:safety.md", "page:nowhere.md"), "related link 'page:nowhere.md' points to nothing"),
    (lambda t: t.replace("page:safety.md", "safety.md"), "must start with faq:, glossary: or page:"),
    (lambda t: t.replace("related: []", "related: [faq:can-weights-be-recalled]"), "entry 'can-weights-be-recalled': lists itself"),
    (lambda t: t.replace("        answer: No.\n", "        answer: No.\n        votes: 3\n"), "unknown field(s) votes"),
    (lambda t: "- just a list\n", "must be a mapping with a single key 'sections'"),
])
def test_bad_input_names_file_and_entry(tmp_path, change, message):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(DataError) as err:
        load(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_real_faq_has_the_questions_people_link_to():
    from explainer.glossary import load_glossary
    terms = {t.id: t.term for t in load_glossary(ROOT / "data" / "glossary.yml")}
    pages = {p.name: p.stem for p in (ROOT / "docs").glob("*.md")}
    ids = [q.id for s in load_faq(ROOT / "data" / "faq.yml", terms, pages) for q in s.questions]
    assert len(ids) >= 12
    for required in ("why-delayed", "how-does-it-compare", "what-is-open-weight", "effect-on-competition",
                     "can-weights-be-recalled", "was-it-released"):
        assert required in ids
