"""The side-by-side view: each block of Vietnamese prose beside its English.

Built as a third build (``LECTURE_LANGUAGE=bilingual``) whose Sphinx language
is English, so that the Locale transform translates the pages from the very
catalogs of the English edition; no third copy of the text exists. Before
Locale runs, every block of prose with something to translate (a paragraph,
a list, a table) becomes a pair: a deep copy marked ``translatable = False``,
which stays Vietnamese, and the block itself, which Locale then translates.
A title cannot be doubled (a section has one heading, a figure one caption),
so its Vietnamese follows it as a line of its own. Equations, code cells and
outputs have nothing to translate and appear once.

In HTML a pair is ``<div class="bilingual-pair">`` holding two halves, the
Vietnamese one with ``lang="vi"`` (docutils writes a ``language-vi`` class as
that attribute; the class is added only at write time, after smart quotes,
which has no rules for Vietnamese and leaves the Vietnamese as the Vietnamese
edition shows it). ``_static/bilingual.css`` sets the halves side by side on
a wide screen and one under the other on a narrow one.

A pair never shows the same text twice. A block whose catalog entry is
missing or empty (Vietnamese just written, not yet translated) is shown once,
in Vietnamese, with a line saying that its English is missing and in which
catalog; the build goes on, as the English edition's does, and the tests
fail until the entry is translated. A block translated as itself (a name
such as "Leaky ReLU") is shown once.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from editions import page_catalog
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import LITERAL_TYPE_NODES, is_translatable

logger = logging.getLogger(__name__)

#: Blocks of prose shown as a pair, when they hold something to translate.
PROSE = (
    nodes.paragraph,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.definition_list,
    nodes.field_list,
    nodes.line_block,
    nodes.block_quote,
    nodes.rubric,
    nodes.table,
)
#: What must appear once even inside a block of prose: a block holding one
#: of these is not paired whole, its own blocks are.
SHOWN_ONCE = (*LITERAL_TYPE_NODES, nodes.container, nodes.image)
PAIR, HALF = "bilingual-pair", "bilingual-half"
#: Marks of the two languages; ``editions.in_vietnamese`` reads the first.
VIETNAMESE, ENGLISH = "bilingual-vi", "bilingual-en"
TITLE_LINE = "bilingual-title"
UNTRANSLATED, MISSING = "bilingual-untranslated", "bilingual-missing"


def translatable_nodes(node: nodes.Element) -> list[nodes.Element]:
    """The text elements under ``node`` (itself included) that Locale would
    translate; toctrees and images (alt text) are left to the English."""
    return [
        n
        for n in node.findall(nodes.TextElement)
        if is_translatable(n) and not isinstance(n, nodes.image)
    ]


def shows_once(node: nodes.Element) -> bool:
    """Whether ``node`` holds something that must appear once on the page."""
    return any(node.findall(lambda n: isinstance(n, SHOWN_ONCE)))


def vietnamese_copy(node: nodes.Element) -> nodes.Element:
    """A deep copy of ``node`` that Locale leaves alone, without the ids
    (an id names one element on a page)."""
    copy = node.deepcopy()
    copy["support_smartquotes"] = False  # as in the Vietnamese edition
    for element in copy.findall(nodes.Element):
        element["ids"] = []
        if isinstance(element, nodes.TextElement):
            element["translatable"] = False
    return copy


def make_pair(block: nodes.Element) -> nodes.container:
    """Put ``block`` in a pair, after a Vietnamese copy of itself."""
    pair = nodes.container("", classes=[PAIR])
    # Not replace_self, which would give the pair the block's classes.
    block.parent.replace(block, pair)
    vietnamese = nodes.container("", vietnamese_copy(block), classes=[HALF, VIETNAMESE])
    english = nodes.container("", block, classes=[HALF, ENGLISH])
    pair += [vietnamese, english]
    return pair


def title_line(title: nodes.Element) -> nodes.paragraph:
    """The Vietnamese of a title, as a paragraph to show under it."""
    copy = vietnamese_copy(title)
    line = nodes.paragraph("", "", *copy.children, classes=[TITLE_LINE, VIETNAMESE])
    line["translatable"] = False
    line["support_smartquotes"] = False
    return line


def add_title_line(title: nodes.Element) -> None:
    """Show the Vietnamese of a section or admonition title after it, and of
    a figure's caption in its legend (both end up inside ``<figcaption>``)."""
    line = title_line(title)
    parent = title.parent
    if isinstance(title, nodes.caption) and isinstance(parent, nodes.figure):
        legend = next(iter(parent.findall(nodes.legend, descend=False)), None)
        if legend is None:
            legend = nodes.legend()
            parent += legend
        legend.insert(0, line)
    else:
        parent.insert(parent.index(title) + 1, line)


def is_metadata(node: nodes.Node) -> bool:
    """Whether ``node`` is a page's front matter: a field list first in the
    document, which docutils turns into the page's metadata."""
    document = node.parent
    return (
        isinstance(node, nodes.field_list)
        and isinstance(document, nodes.document)
        and document.first_child_not_matching_class(nodes.PreBibliographic)
        == document.index(node)
    )


def pair_blocks(parent: nodes.Element) -> None:
    """Pair every block of prose under ``parent``; descend into the rest."""
    for child in list(parent.children):
        if not isinstance(child, nodes.Element) or not translatable_nodes(child):
            continue
        if is_metadata(child):
            continue
        if isinstance(child, (nodes.title, nodes.caption)):
            add_title_line(child)
        elif isinstance(child, PROSE) and not shows_once(child):
            make_pair(child)
        elif isinstance(child, nodes.TextElement):
            logger.warning(
                "the side-by-side view cannot show a %s (docs/_ext/bilingual.py "
                "pairs %s, and adds a line under titles and captions)",
                child.tagname,
                ", ".join(kind.__name__ for kind in PROSE),
                location=child,
            )
        else:
            pair_blocks(child)


class PairBlocks(SphinxTransform):
    """Pair every block of prose with a Vietnamese copy, before Locale."""

    # After KeepEquations (5) and Sphinx's source fixes (10), before Locale (20).
    default_priority = 15

    def apply(self, **kwargs) -> None:
        if self.config.lecture_edition == "bilingual":
            pair_blocks(self.document)


def titled(line: nodes.paragraph) -> nodes.Element:
    """The title or caption that a Vietnamese line was added for."""
    parent = line.parent
    if isinstance(parent, nodes.legend):
        return parent.parent.next_node(nodes.caption)
    return parent[parent.index(line) - 1]


def untranslated_block(vietnamese: nodes.Element, catalog: str) -> nodes.container:
    """A Vietnamese half shown alone, with a line saying where its English
    belongs."""
    note = nodes.paragraph(
        "", f"No English translation yet (in {catalog}).", classes=[MISSING]
    )
    note["translatable"] = False
    vietnamese["classes"].remove(HALF)  # stays marked Vietnamese (lang="vi")
    return nodes.container("", vietnamese, note, classes=[UNTRANSLATED])


class CheckPairs(SphinxTransform):
    """After Locale: show once, in Vietnamese, a block with no English; show
    once a block translated as itself."""

    default_priority = 21  # right after the Locale transform (20)

    def apply(self, **kwargs) -> None:
        if self.config.lecture_edition != "bilingual":
            return
        # Named from the source folder (docs/...), whatever the working one.
        source = Path(self.env.srcdir)
        path = page_catalog(source, self.config, self.env.current_document.docname)
        catalog = path.relative_to(source.parent).as_posix()
        pairs = [
            n for n in self.document.findall(nodes.container) if PAIR in n["classes"]
        ]
        for pair in pairs:
            vietnamese, english = pair.children
            # Locale marks what it translated; a page without a catalog has
            # no marks at all.
            untranslated = [
                n for n in translatable_nodes(english) if not n.get("translated")
            ]
            if untranslated:
                logger.info(
                    "no English yet in %s for %r",
                    catalog,
                    untranslated[0].rawsource[:80],
                    location=untranslated[0],
                )
                pair.parent.replace(pair, untranslated_block(vietnamese, catalog))
            elif vietnamese.astext() == english.astext():
                pair.parent.replace(pair, english.children)
        # An untranslated title is Vietnamese already: no line under it.
        for line in list(self.document.findall(nodes.paragraph)):
            if TITLE_LINE in line["classes"] and not titled(line).get("translated"):
                line.parent.remove(line)


class MarkLanguages(SphinxPostTransform):
    """Give each half its ``lang`` attribute in HTML (as a ``language-*``
    class), once smart quotes are done with the page."""

    default_priority = 900

    def run(self, **kwargs) -> None:
        if self.config.lecture_edition != "bilingual":
            return
        marks = {VIETNAMESE: "language-vi", ENGLISH: "language-en"}
        for node in self.document.findall(nodes.Element):
            for mark, language in marks.items():
                if mark in node["classes"]:
                    node["classes"].append(language)


def setup(app: Sphinx) -> dict:
    app.add_transform(PairBlocks)
    app.add_transform(CheckPairs)
    app.add_post_transform(MarkLanguages)
    app.connect("builder-inited", add_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def add_stylesheet(app: Sphinx) -> None:
    if app.config.lecture_edition == "bilingual":
        app.add_css_file("bilingual.css")
