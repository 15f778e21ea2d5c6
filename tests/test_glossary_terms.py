"""Glossary terms in the text show their pair in the other language."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import editions
import glossary_terms
import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from pages import lecture_chapters

TERMS = editions.load_glossary()["term"]
VI = glossary_terms.term_entries(TERMS, "vi")
EN = glossary_terms.term_entries(TERMS, "en")


def found(text: str, entries) -> list[tuple[str, str]]:
    """(the text matched, what its tooltip shows), in text order."""
    nfc = unicodedata.normalize("NFC", text)
    return [
        (nfc[f.start : f.end], f.entry.counterpart)
        for f in glossary_terms.find_terms(text, entries)
    ]


# Matching ---------------------------------------------------------------------


def test_longest_term_is_matched_first():
    assert found("Tỉ lệ unit chết tăng, mỗi unit chết", VI) == [
        ("Tỉ lệ unit chết", "dead fraction"),
        ("unit chết", "dead unit"),
    ]
    assert found("the test accuracy and the accuracy", EN) == [
        ("test accuracy", "độ chính xác kiểm tra"),
        ("accuracy", "độ chính xác"),
    ]


def test_only_whole_words_match():
    assert found("phương saiX, xphương sai, phương sai-x", VI) == []
    assert found("meaning, pre-activation, normalization", EN) == []
    assert found("Means, standardizing, trained, invariance", EN) == [
        ("Means", "trung bình"),
        ("standardizing", "chuẩn hoá"),
        ("trained", "huấn luyện"),
        ("invariance", "bất biến"),
    ]


def test_case_tone_spelling_and_unicode_form_do_not_matter():
    nfd = unicodedata.normalize("NFD", "Chuẩn hoá")
    assert found(nfd, VI) == [("Chuẩn hoá", "standardization")]
    assert found("CHUẨN HÓA", VI) == [("CHUẨN HÓA", "standardization")]


def test_a_pair_shared_by_two_terms_shows_both():
    assert found("dead units", EN) == [("dead units", "neuron chết / unit chết")]


def test_a_term_written_alike_in_both_languages_is_not_marked():
    assert found("skip connection", VI) == found("skip connection", EN) == []


def test_an_edition_without_marks_is_refused():
    with pytest.raises(ValueError, match="accepted: vi, en"):
        glossary_terms.term_entries(TERMS, "de")


# The doctree ------------------------------------------------------------------

PAGE = """\
Chuẩn hoá
=========

Mã ``chuẩn hoá(x)``, công thức :math:`\\text{phương sai}`,
`liên kết độ lệch chuẩn <https://example.org>`_.

.. code-block:: python

   # trung bình

.. raw:: html

   <p>đạo hàm</p>

Chuẩn hoá đưa phương sai về 1 (độ lệch chuẩn, trung bình, đạo hàm);
chuẩn hoá lần nữa không đổi gì.

Mục con
-------

Trong mục con, chuẩn hoá lại được đánh dấu.
"""


def marked_page(text: str = PAGE) -> nodes.document:
    settings = get_default_settings(Parser)
    settings.report_level = 5
    document = new_document("page.rst", settings)
    Parser().parse(text, document)
    glossary_terms.mark_terms(document, "vi")
    return document


def marks(document) -> list[tuple[str, str, str]]:
    return [
        (m.astext(), m["internal:counterpart"], m["internal:tip_id"])
        for m in document.findall(glossary_terms.glossary_term)
    ]


def test_first_occurrence_in_each_section_is_marked():
    assert marks(marked_page()) == [
        ("Chuẩn hoá", "standardization", "glossary-tip-1"),
        ("phương sai", "variance", "glossary-tip-2"),
        ("độ lệch chuẩn", "standard deviation", "glossary-tip-3"),
        ("trung bình", "mean", "glossary-tip-4"),
        ("đạo hàm", "derivative", "glossary-tip-5"),
        ("chuẩn hoá", "standardization", "glossary-tip-6"),
    ]


def test_code_math_links_titles_and_raw_html_are_left_alone():
    document = marked_page()
    for kind in (nodes.title, nodes.literal, nodes.math, nodes.reference, nodes.raw):
        for node in document.findall(kind):
            assert not list(node.findall(glossary_terms.glossary_term)), node


def test_notebook_cells_outputs_and_the_glossary_table_are_left_alone():
    document = new_document("page.rst", get_default_settings(Parser))
    for attributes in (
        {"nb_element": "cell_code"},
        {"nb_element": "cell_code_output"},
        {"classes": ["cell_output"]},
        {"classes": ["glossary-table"]},
    ):
        document += nodes.container(
            "", nodes.paragraph(text="phương sai"), **attributes
        )
    prose = nodes.paragraph(text="phương sai")
    document += prose

    glossary_terms.mark_terms(document, "vi")
    assert [m.parent for m in document.findall(glossary_terms.glossary_term)] == [prose]


def test_each_half_of_a_side_by_side_pair_is_marked_in_its_own_language():
    document = new_document("page.rst", get_default_settings(Parser))
    document += nodes.container(
        "", nodes.paragraph(text="phương sai và weight"), classes=["bilingual-vi"]
    )
    document += nodes.container(
        "", nodes.paragraph(text="the variance"), classes=["bilingual-en"]
    )
    glossary_terms.mark_terms(document, "en")
    assert [
        (m.astext(), m["internal:counterpart"], m["internal:counterpart_lang"])
        for m in document.findall(glossary_terms.glossary_term)
    ] == [("phương sai", "variance", "en"), ("variance", "phương sai", "vi")]


def test_the_marked_doctree_stays_valid_and_keeps_its_text():
    document = marked_page()
    document.validate(recursive=True)
    plain = new_document("page.rst", get_default_settings(Parser))
    plain.settings.report_level = 5
    Parser().parse(PAGE, plain)
    assert document.astext() == plain.astext()


# The built site ---------------------------------------------------------------

EDITIONS = ("vi", "en")
# Where the text is not prose a reader could look a term up in.
SKIPPED_TAGS = {"script", "style", "pre", "code", "a", "h1", "h2", "h3", "h4"}
SKIPPED_CLASSES = {"cell_output", "cell_input", "highlight", "math", "output"}
VOID = {"meta", "link", "img", "br", "hr", "input", "wbr", "source"}


class Marks(HTMLParser):
    """An article's prose and its glossary marks: (marked text, tooltip text,
    tooltip language)."""

    def __init__(self, html: str):
        super().__init__()
        self.prose: list[str] = []
        self.marks: list[list[str]] = []
        self._stack: list[str] = []  # per open element: "skip", "mark", "tip", ""
        self._in_article = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        role = ""
        if tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES:
            role = "skip"
        elif "glossary-term" in classes:
            role = "mark"
            self.marks.append(["", "", ""])
        elif "glossary-tip" in classes:
            role = "tip"
            self.marks[-1][2] = attrs.get("lang", "")
        if tag == "article":
            self._in_article += 1
        self._stack.append(role)

    def handle_endtag(self, tag):
        if tag in VOID or not self._stack:
            return
        if tag == "article":
            self._in_article -= 1
        self._stack.pop()

    def handle_data(self, data):
        if not self._in_article or "skip" in self._stack:
            return
        if "tip" in self._stack:
            self.marks[-1][1] += data
            return
        if "mark" in self._stack:
            self.marks[-1][0] += data
        self.prose.append(data)


def _fold(text: str) -> str:
    return " ".join(glossary_terms.match_key(text).split())


def unmarked_terms(html: str, language: str, terms: list[dict]) -> list[str]:
    """Glossary terms found in the prose of a page that no mark on the page
    shows with its pair in the other language, as "term -> pair".

    Vietnamese: the term, as a whole word. English: its pair, as a whole
    word or plural. A term inside a longer one counts as the longer one.
    """
    page = Marks(html)
    prose = _fold(" ".join(page.prose))
    other = editions.other_edition(language)
    missing = []
    written = "vi" if language == "vi" else "en"
    by_word: dict[str, list[dict]] = {}
    for term in terms:
        if _fold(term["vi"]) != _fold(term["en"]):
            by_word.setdefault(term[written], []).append(term)
    for written_word in sorted(by_word, key=lambda w: -len(w)):
        word = re.escape(_fold(written_word)) + ("" if language == "vi" else "s?")
        pattern = re.compile(rf"(?<![\w-]){word}(?![\w-])")
        if not pattern.search(prose):
            continue
        prose = pattern.sub(" | ", prose)
        for term in by_word[written_word]:
            pair = term["en"] if language == "vi" else term["vi"]
            if not any(
                lang == other and _fold(pair) in _fold(tip).split(" / ")
                for _, tip, lang in page.marks
            ):
                missing.append(f"{written_word} -> {pair}")
    return missing


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("name", lecture_chapters())
def test_every_term_in_a_chapter_shows_its_pair(site, language, name):
    html = (site / language / f"{name}.html").read_text(encoding="utf-8")
    assert Marks(html).marks, f"{language}/{name}: no glossary term is marked"
    assert unmarked_terms(html, language, TERMS) == []


PLANTED = """<article><p>Ta <span class="glossary-term">chuẩn hoá<span
class="glossary-tip" lang="en">normalization</span></span> phương sai, rồi tính
<span class="glossary-term">độ lệch chuẩn<span class="glossary-tip"
lang="vi">standard deviation</span></span> và <a>trung bình</a>.</p>
<pre>đạo hàm</pre></article><p>trọng số</p>"""


def test_the_site_check_catches_planted_defects():
    # A wrong pair, a term left unmarked, a tooltip in the wrong language;
    # terms in links, code and outside the article are not prose.
    assert unmarked_terms(PLANTED, "vi", TERMS) == [
        "độ lệch chuẩn -> standard deviation",
        "phương sai -> variance",
        "chuẩn hoá -> standardization",
    ]
    english = (
        '<article><p>the <span class="glossary-term">mean<span class="glossary-tip"'
        ' lang="vi">trung bình</span></span> weights</p></article>'
    )
    assert unmarked_terms(english, "en", TERMS) == ["weight -> trọng số"]
