"""The Sphinx extension's doctree handlers, on doctrees built here (no Sphinx build)."""

from types import SimpleNamespace

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from helpers.book import sphinx_ext

HTML_APP = SimpleNamespace(builder=SimpleNamespace(format="html"))


def _doctree(text: str) -> nodes.document:
    doc = new_document("page", get_default_settings(Parser))
    Parser().parse(text, doc)
    return doc


CHAPTER = """
A chapter
=========

.. admonition:: Learning objectives
   :class: sssp-objectives

   - one

Body.
"""


def test_a_chapter_gets_its_handout_link_right_under_its_title():
    doc = _doctree(CHAPTER)
    sphinx_ext._on_doctree_resolved(HTML_APP, doc, "book/executed/cfbt_impact")
    section = next(doc.findall(nodes.section))
    title_at = section.index(next(section.findall(nodes.title)))
    link = section[title_at + 1]
    assert isinstance(link, nodes.raw)
    assert 'href="../../handouts/cfbt_impact.pdf"' in link.astext()


def test_a_page_without_objectives_or_a_non_html_build_gets_no_link():
    plain = _doctree("Title\n=====\n\nBody.\n")
    sphinx_ext._on_doctree_resolved(HTML_APP, plain, "sources")
    assert not list(plain.findall(nodes.raw))
    chapter = _doctree(CHAPTER)
    sphinx_ext._on_doctree_resolved(SimpleNamespace(builder=SimpleNamespace(format="latex")), chapter, "x")
    assert not list(chapter.findall(nodes.raw))


def test_thebe_configuration_nodes_are_dropped_and_other_raw_html_kept():
    doc = _doctree("Title\n=====\n\nBody.\n")
    doc.append(nodes.raw(text='<script type="text/x-thebe-config">{}</script>', format="html"))
    doc.append(nodes.raw(text="<script>kernelName = 'python3'</script>", format="html"))
    doc.append(nodes.raw(text="<p>kept</p>", format="html"))
    sphinx_ext._drop_thebe_nodes(HTML_APP, doc, "page")
    assert [n.astext() for n in doc.findall(nodes.raw)] == ["<p>kept</p>"]


def _fact_paragraph(*parts) -> nodes.paragraph:
    """A paragraph of text and facts: a str is text, a 1-tuple is a fact's wording."""
    para = nodes.paragraph()
    for part in parts:
        if isinstance(part, tuple):
            fact = nodes.abbreviation(part[0], part[0], explanation="Source: x")
            fact["classes"] = ["sssp-fact"]
            para += fact
        else:
            para += nodes.Text(part)
    return para


def _case(*parts) -> list[str]:
    doc = _doctree("Title\n=====\n")
    doc += _fact_paragraph(*parts)
    sphinx_ext._sentence_case_facts(HTML_APP, doc, "page")
    return [n.astext() for n in doc.findall(nodes.abbreviation)]


def test_a_fact_takes_the_case_of_its_place_in_our_sentence():
    assert _case("In Lincolnshire, ", ("Nearly 20 per cent",), " had a vacancy.") == ["nearly 20 per cent"]
    assert _case(("around a third",), " of schools. Then ", ("over 20",)) == ["Around a third", "over 20"]
    assert _case("Schools grew. ", ("Over a fifth",), " were academies.") == ["Over a fifth"]
    # Names and months keep their capital mid-sentence.
    assert _case("It began in ", ("September 2014",), " and ", ("Grade 3",)) == ["September 2014", "Grade 3"]


def test_text_split_at_a_line_break_still_counts_as_before_the_fact():
    assert _case("In Lincolnshire,", "\n", ("Nearly 20 per cent",)) == ["nearly 20 per cent"]
