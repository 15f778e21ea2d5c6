"""Glossary terms in the text show their pair in the other language.

The first occurrence of each glossary term (``docs/glossary.toml``) in each
section is wrapped in a focusable mark; the HTML gives it a tooltip
(``role="tooltip"``, the other language's ``lang``) that ``_static/site.css``
shows on hover and on keyboard focus. In the Vietnamese edition a term shows
its English pair; in the English edition the pair, or a form the glossary
accepts for it, shows the Vietnamese term.

Known limits: a term split across two inline styles (half of it in italics)
is not found, and text in titles, links, code, outputs, equations and the
glossary page's table is never marked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html import escape

from bilingual import TITLE_LINE
from bilingual import VIETNAMESE as VIETNAMESE_HALF
from docutils import nodes
from editions import GLOSSARY, load_glossary, other_edition
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from vietnamese_search import match_key

# Matching ---------------------------------------------------------------------

# Whole words: a hyphen joins words ("pre-activation" is not "activation").
_BEFORE = r"(?<![\w-])"
_AFTER = r"(?![\w-])"
# An English pair may take a plural or past ending ("weights", "shifted");
# "mean" must not match "meaning", so no more than these.
_PAIR_ENDINGS = r"(?:s|es|d|ed)?"
# A listed form is a stem ("standardiz", "train") and takes the usual endings;
# "normal" must not match "normalization", so no more than these.
_FORM_ENDINGS = r"(?:e|es|ed|d|s|ing|ion|ions|ation|ations|ce|t|able|y|ies)?"


@dataclass(frozen=True)
class Entry:
    """One way a term is written in an edition, and what its tooltip shows."""

    term: str  # the term as the glossary writes it, in this edition's language
    counterpart: str  # what the tooltip shows, in the other language
    pattern: re.Pattern
    length: int  # of the written form: longer forms are matched first


def _entry(term: str, counterpart: str, key: str, endings: str = "") -> Entry:
    pattern = re.compile(_BEFORE + re.escape(match_key(key)) + endings + _AFTER)
    return Entry(term, counterpart, pattern, len(key))


def term_entries(terms: list[dict], language: str) -> list[Entry]:
    """What to look for in a page of the ``language`` edition.

    Vietnamese: each term, shown with its English pair. English: each pair,
    and each accepted form (``forms``) that no pair already covers, shown with
    every Vietnamese term that has this pair ("neuron chết / unit chết").
    A term written alike in both languages ("skip connection") is not marked.
    """
    terms = [t for t in terms if match_key(t["vi"]) != match_key(t["en"])]
    if language == "vi":
        return [_entry(t["vi"], t["en"], t["vi"]) for t in terms]
    if language != "en":
        raise ValueError(
            f"no glossary marks for edition {language!r}; accepted: vi, en"
        )

    pairs: dict[str, list[str]] = {}
    for t in terms:
        pairs.setdefault(t["en"], []).append(t["vi"])
    entries = [
        _entry(en, " / ".join(vi), en, _PAIR_ENDINGS) for en, vi in pairs.items()
    ]
    for t in terms:
        for form in t.get("forms", []):
            if any(e.pattern.fullmatch(match_key(form)) for e in entries):
                continue  # "dead units" is the pair "dead unit", plural
            counterpart = " / ".join(pairs[t["en"]])
            entries.append(_entry(t["en"], counterpart, form, _FORM_ENDINGS))
    return entries


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    entry: Entry


def find_terms(text: str, entries: list[Entry]) -> list[Found]:
    """Every occurrence of the ``entries`` in ``text``, in text order.

    Longer forms are matched first and hide the shorter ones inside them
    ("tỉ lệ unit chết" is not also "unit chết"). Offsets are those of
    ``unicodedata.normalize("NFC", text)``.
    """
    folded = match_key(text)
    taken: list[Found] = []
    for entry in sorted(entries, key=lambda e: (-e.length, e.term)):
        for match in entry.pattern.finditer(folded):
            start, end = match.span()
            if all(end <= f.start or start >= f.end for f in taken):
                taken.append(Found(start, end, entry))
    return sorted(taken, key=lambda f: f.start)


# The doctree ------------------------------------------------------------------


class glossary_term(nodes.inline):
    """A glossary term in the text; ``internal:counterpart`` is its pair,
    written in ``internal:counterpart_lang``; ``internal:tip_id`` names its
    tooltip."""


# Never marked: equations, code, outputs, titles, links, raw HTML, the glossary,
# and the reference's docstrings (English in both editions, not the lecture).
_SKIPPED = (
    addnodes.desc,
    nodes.math,
    nodes.math_block,
    nodes.FixedTextElement,  # literal and doctest blocks, raw HTML
    nodes.literal,
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.reference,
    nodes.target,
    nodes.comment,
    nodes.image,
    nodes.substitution_definition,
    addnodes.pending_xref,
    addnodes.toctree,
    glossary_term,
)
# The Vietnamese line under a title in the side-by-side view is a title too.
_SKIPPED_CLASSES = {
    "cell",
    "cell_input",
    "cell_output",
    "glossary-table",
    "output",
    TITLE_LINE,
}


def _skipped(node: nodes.Node) -> bool:
    if isinstance(node, _SKIPPED):
        return True
    if isinstance(node, nodes.Element):
        if str(node.get("nb_element", "")).startswith("cell_code"):
            return True
        return bool(_SKIPPED_CLASSES & set(node.get("classes", [])))
    return False


def _texts_by_section(node: nodes.Node, language: str, section: int = 0) -> Iterator:
    """The text nodes that may hold a term, in document order, each with its
    language and the number of its innermost section. The Vietnamese half of
    a pair in the side-by-side view is Vietnamese on an English page."""
    for child in list(node.children):
        if isinstance(child, nodes.Text):
            yield child, language, section
        elif isinstance(child, nodes.section):
            yield from _texts_by_section(child, language, id(child))
        elif not _skipped(child):
            if VIETNAMESE_HALF in child.get("classes", []):
                yield from _texts_by_section(child, "vi", section)
            else:
                yield from _texts_by_section(child, language, section)


@cache
def entries_for(language: str) -> list[Entry]:
    """The glossary's entries for text in ``language``, made once per build."""
    return term_entries(load_glossary()["term"], language)


def mark_terms(document: nodes.document, language: str, entries=entries_for) -> int:
    """Wrap the first occurrence of each term in each innermost section of
    ``document``, whose text is in ``language`` (``entries`` gives the terms
    to look for in each language); return how many were marked. Tooltip ids
    are numbered in document order, so two builds give the same ids."""
    seen: set[tuple[int, str, str]] = set()
    count = 0
    for text, lang, section in list(_texts_by_section(document, language)):
        found = []
        for f in find_terms(str(text), entries(lang)):
            key = (section, lang, f.entry.term)
            if key not in seen:
                seen.add(key)
                found.append(f)
        if not found:
            continue

        source = unicodedata.normalize("NFC", str(text))
        pieces: list[nodes.Node] = []
        at = 0
        for f in found:
            if f.start > at:
                pieces.append(nodes.Text(source[at : f.start]))
            count += 1
            mark = glossary_term(
                "", nodes.Text(source[f.start : f.end]), classes=["glossary-term"]
            )
            # "internal:" attributes are the project's own, outside the
            # docutils schema that a valid doctree follows.
            mark["internal:counterpart"] = f.entry.counterpart
            mark["internal:counterpart_lang"] = other_edition(lang)
            mark["internal:tip_id"] = f"glossary-tip-{count}"
            pieces.append(mark)
            at = f.end
        if at < len(source):
            pieces.append(nodes.Text(source[at:]))
        text.parent.replace(text, pieces)
    return count


class MarkGlossaryTerms(SphinxPostTransform):
    """Mark glossary terms once the page is translated and its outputs and
    references are in place."""

    default_priority = 150  # after references (10) and notebook outputs (4, 5)
    formats = ("html",)

    def run(self, **kwargs) -> None:
        # The glossary page's table is skipped by its class, like any other.
        mark_terms(self.document, self.config.language)


# HTML -------------------------------------------------------------------------


def visit_glossary_term(self, node: glossary_term) -> None:
    self.body.append(
        self.starttag(
            node,
            "span",
            "",
            tabindex="0",
            **{"aria-describedby": node["internal:tip_id"]},
        )
    )


def depart_glossary_term(self, node: glossary_term) -> None:
    self.body.append(
        f'<span class="glossary-tip" role="tooltip" id="{node["internal:tip_id"]}" '
        f'lang="{node["internal:counterpart_lang"]}">{escape(node["internal:counterpart"])}</span>'
        "</span>"
    )


def note_glossary(app: Sphinx, docname: str, source: list[str]) -> None:
    """Every page depends on the glossary: a new pair changes its marks."""
    app.env.note_dependency(str(GLOSSARY), docname=docname)


def setup(app: Sphinx) -> dict:
    app.add_node(glossary_term, html=(visit_glossary_term, depart_glossary_term))
    app.add_post_transform(MarkGlossaryTerms)
    app.connect("source-read", note_glossary)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
