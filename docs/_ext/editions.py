"""The editions of the site: which one is being built, and the links and
equation words that differ between them.

Two editions, Vietnamese (``vi``) and English (``en``), and a side-by-side
view (``bilingual``, see ``bilingual.py``) built with Sphinx's language set to
English. The choice comes from the ``LECTURE_LANGUAGE`` environment variable,
set by ``docs/sitebuild.py``: Sphinx applies ``-D language=...`` only after
``conf.py`` has run, too late for what ``conf.py`` derives from it.
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import docname_to_domain

logger = logging.getLogger(__name__)

#: Edition code -> (its name in its own language, the label of the link to it).
EDITIONS = {
    "vi": ("Tiếng Việt", "Đọc bằng tiếng Việt"),
    "en": ("English", "Read in English"),
}
#: The side-by-side view: each paragraph in Vietnamese beside its English.
BILINGUAL = "bilingual"
#: The label of the link to the side-by-side view, in each edition's language.
BILINGUAL_LABELS = {
    "vi": "Song ngữ: tiếng Việt bên cạnh tiếng Anh",
    "en": "Side by side: Vietnamese and English",
}
#: Everything ``LECTURE_LANGUAGE`` may name, in the order the site is built.
BUILDS = (*EDITIONS, BILINGUAL)
ENV_VAR = "LECTURE_LANGUAGE"
GLOSSARY = Path(__file__).resolve().parents[1] / "glossary.toml"


def edition_from_environment() -> str:
    """The edition to build, from ``LECTURE_LANGUAGE`` (default ``vi``)."""
    edition = os.environ.get(ENV_VAR, "vi")
    if edition not in BUILDS:
        raise ValueError(
            f"{ENV_VAR}={edition!r} names no edition of this site; "
            f"accepted: {', '.join(BUILDS)} "
            f"({BILINGUAL}: Vietnamese and English side by side)"
        )
    return edition


def sphinx_language(edition: str) -> str:
    """Sphinx's ``language`` for an edition: the side-by-side view is
    translated from the English catalogs, so its language is English."""
    return "en" if edition == BILINGUAL else edition


def other_edition(language: str) -> str:
    """The code of the edition that is not ``language``."""
    return next(code for code in EDITIONS if code != language)


@cache
def load_glossary(path: Path = GLOSSARY) -> dict:
    """The glossary data file: term pairs and words used inside equations.

    Read once per build (each build is a process of its own, and every page
    depends on the file); callers must not change what it returns.
    """
    with path.open("rb") as f:
        return tomllib.load(f)


# Catalogs ---------------------------------------------------------------------


def page_catalog(srcdir: str | Path, config, docname: str) -> Path:
    """The English catalog of page ``docname`` (it may not exist yet)."""
    domain = docname_to_domain(docname, config.gettext_compact)
    return Path(srcdir, config.locale_dirs[0], "en", "LC_MESSAGES", f"{domain}.po")


def read_catalog(path: Path) -> dict[str, str]:
    """The translated messages of a ``.po`` file, msgid -> msgstr.

    Empty and fuzzy entries are left out, as Sphinx leaves them out of the
    compiled catalog; a missing file has no messages.
    """
    from babel.messages.pofile import read_po

    if not path.is_file():
        return {}
    with path.open("rb") as f:
        catalog = read_po(f)
    return {
        message.id: message.string
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


# Glossary consistency ---------------------------------------------------------


def term_forms(term: dict) -> list[str]:
    """The English words that may render a term: its pair, and the forms the
    glossary accepts for it (``forms``), all lower case."""
    return [f.lower() for f in [term["en"], *term.get("forms", [])]]


def glossary_mismatches(source: str, translation: str, terms: list[dict]) -> list[str]:
    """Glossary terms of a Vietnamese ``source`` whose English pair (or an
    accepted form) is missing from its ``translation``.

    A longer term hides the shorter ones inside it ("tỉ lệ unit chết" is
    "dead fraction", not "dead unit").

    >>> terms = [{"vi": "chuẩn hoá", "en": "standardization",
    ...           "forms": ["standardiz"]}]
    >>> glossary_mismatches("Chuẩn hoá X", "Standardizing X", terms)
    []
    >>> glossary_mismatches("Chuẩn hóa X", "Normalizing X", terms)
    ['chuẩn hoá']
    """
    from vietnamese_search import match_key

    text = match_key(source)  # either tone placement: "hóa" is "hoá"
    english = translation.lower()
    missing = []
    for term in sorted(terms, key=lambda t: -len(t["vi"])):
        pattern = re.compile(r"(?<!\w)" + re.escape(match_key(term["vi"])) + r"(?!\w)")
        if not pattern.search(text):
            continue
        text = pattern.sub(" ", text)
        if not any(form in english for form in term_forms(term)):
            missing.append(term["vi"])
    return missing


def check_glossary(app: Sphinx) -> None:
    """In the English build, warn (an error under -W) for every catalog entry
    that renders a glossary term with a word other than its pair."""
    if app.config.lecture_edition != "en":
        return  # the English catalogs are checked once, in the English build
    terms = load_glossary()["term"]
    folder = Path(app.srcdir) / app.config.locale_dirs[0] / "en" / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po")):
        for source, translation in read_catalog(path).items():
            for term in glossary_mismatches(source, translation, terms):
                pair = next(t for t in terms if t["vi"] == term)
                logger.warning(
                    "%s: %r is rendered without its glossary pair %r "
                    "(docs/glossary.toml) in: %s",
                    path.name,
                    term,
                    pair["en"],
                    translation[:80],
                )


# The glossary page ------------------------------------------------------------

GLOSSARY_HEADERS = {"vi": ("Tiếng Việt", "Tiếng Anh"), "en": ("Vietnamese", "English")}


def glossary_table(terms: list[dict], language: str) -> str:
    """The term pairs as a MyST list-table, sorted by the Vietnamese term
    with its diacritics folded (so "đạo hàm" sorts with the d's)."""
    from vietnamese_search import fold

    first, second = GLOSSARY_HEADERS[language]
    lines = [
        "```{list-table}",
        ":header-rows: 1",
        ":class: glossary-table",
        "",
        f"* - {first}\n  - {second}",
    ]
    for term in sorted(terms, key=lambda t: (fold(t["vi"]), t["vi"])):
        lines.append(f"* - {term['vi']}\n  - {term['en']}")
    lines.append("```")
    return "\n".join(lines)


class GlossaryTable(SphinxDirective):
    """``{glossary-table}``: every term pair of ``docs/glossary.toml``."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(GLOSSARY))
        terms = load_glossary()["term"]
        result = self.parse_text_to_nodes(glossary_table(terms, self.config.language))
        # The pairs are already in both languages: nothing goes to a catalog.
        for root in result:
            for node in root.findall(nodes.TextElement):
                node["translatable"] = False
        return result


# Equations ------------------------------------------------------------------


@cache
def math_words() -> dict[str, str]:
    """The English pair of each Vietnamese word used inside equations."""
    return {pair["vi"]: pair["en"] for pair in load_glossary()["math_text"]}


_TEXT = re.compile(r"\\text\{([^{}]*)\}")
_VIETNAMESE = re.compile(r"[^\x00-\x7f]")


def translate_math_text(latex: str, words: dict[str, str]) -> tuple[str, list[str]]:
    """Replace the Vietnamese words of ``\\text{...}`` by their pairs.

    Returns the new LaTeX and the ``\\text`` contents that look Vietnamese but
    have no pair. Only the words change; symbols and structure stay as they are.

    >>> translate_math_text(r"\\bar{X}, \\text{nếu } a > 0", {"nếu": "if"})
    ('\\\\bar{X}, \\\\text{if } a > 0', [])
    """
    missing: list[str] = []

    def swap(match: re.Match) -> str:
        inner = match.group(1)
        word = inner.strip()
        if word in words:
            return r"\text{" + inner.replace(word, words[word]) + "}"
        if _VIETNAMESE.search(word):
            missing.append(word)
        return match.group(0)

    return _TEXT.sub(swap, latex), missing


class KeepEquations(SphinxTransform):
    """Keep display equations out of the catalogs: both editions show the
    source's LaTeX, so a translation can never alter an equation."""

    default_priority = 5  # before the Locale transform (20) reads messages

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False


def in_vietnamese(node: nodes.Node) -> bool:
    """Whether ``node`` sits in the Vietnamese half of the side-by-side view
    (a block marked ``bilingual-vi``, see ``bilingual.py``)."""
    while node is not None:
        if isinstance(node, nodes.Element) and "bilingual-vi" in node["classes"]:
            return True
        node = node.parent
    return False


class TranslateMathText(SphinxTransform):
    """In the English edition, render ``\\text{nếu}`` as ``\\text{if}``."""

    default_priority = 25  # after the Locale transform (20) has run

    def apply(self, **kwargs) -> None:
        if self.config.language != "en":
            return
        words = math_words()
        for node in self.document.findall(
            lambda n: isinstance(n, (nodes.math, nodes.math_block))
        ):
            if in_vietnamese(node):
                continue  # the Vietnamese half of the side-by-side view
            latex, missing = translate_math_text(node.astext(), words)
            for word in missing:
                logger.warning(
                    "equation word %r has no English pair; add it to "
                    "docs/glossary.toml under [[math_text]]",
                    word,
                    location=node,
                )
            if latex != node.astext():
                node.children = [nodes.Text(latex)]


# Figures ----------------------------------------------------------------------


class TranslateFigureAlt(SphinxPostTransform):
    """Translate the alternative text of executed figures.

    myst-nb turns an output into an image only after the Locale transform has
    translated the page, so the alt text (set in a cell's ``mystnb.image.alt``)
    is translated here, from the page's catalog. ``nb_mime_priority_overrides``
    in ``conf.py`` lets the gettext builder see the images, so the alt text
    reaches the catalog in the first place.
    """

    default_priority = 5  # after myst-nb picks each output's MIME type (4)

    def run(self, **kwargs) -> None:
        if self.config.language == "vi":
            return
        docname = self.env.path2doc(self.document["source"])
        messages = read_catalog(page_catalog(self.env.srcdir, self.config, docname))
        for node in self.document.findall(nodes.image):
            if node.get("alt"):
                node["alt"] = messages.get(node["alt"], node["alt"])


# Links between the editions -------------------------------------------------


#: The name of the list of those links, for screen readers.
SWITCH_LABELS = {"vi": "Các bản khác", "en": "Other editions"}


def edition_links(edition: str, pagename: str) -> list[dict[str, str]]:
    """The links from a page to the same page elsewhere on the site: the
    other edition first, then the side-by-side view; from the side-by-side
    view, both editions."""
    up = "../" * (pagename.count("/") + 1)  # +1 leaves this edition's folder
    if edition == BILINGUAL:
        targets = list(EDITIONS)
    else:
        targets = [other_edition(edition), BILINGUAL]
    links = []
    for target in targets:
        # ``lang``: the language of the page linked to and of its label; the
        # side-by-side view has two, and its label is in this edition's.
        link = {"url": f"{up}{target}/{pagename}.html", "lang": ""}
        if target == BILINGUAL:
            link["label"] = BILINGUAL_LABELS[edition]
        else:
            link.update(label=EDITIONS[target][1], lang=target)
        links.append(link)
    return links


def add_edition_links(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Give every page the addresses of the same page in the other edition
    and in the side-by-side view."""
    edition = app.config.lecture_edition
    context["edition_links"] = edition_links(edition, pagename)
    context["edition_switch_label"] = SWITCH_LABELS[sphinx_language(edition)]


def setup(app: Sphinx) -> dict:
    # Set in conf.py from LECTURE_LANGUAGE: vi, en or bilingual.
    app.add_config_value("lecture_edition", "vi", "env", types=frozenset({str}))
    # Set in conf.py from the code of the project's extensions: Sphinx does not
    # notice when an extension changes, and would keep pages read by the old
    # code; a changed value makes it read every page again.
    app.add_config_value("extensions_digest", "", "env", types=frozenset({str}))
    app.add_directive("glossary-table", GlossaryTable)
    app.connect("builder-inited", check_glossary)
    app.add_transform(KeepEquations)
    app.add_transform(TranslateMathText)
    app.add_post_transform(TranslateFigureAlt)
    app.connect("html-page-context", add_edition_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
