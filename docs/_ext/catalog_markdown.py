"""Translate MyST Markdown block by block from a page's gettext catalog.

The English edition's pages are translated by Sphinx from
``docs/locales/en/LC_MESSAGES/<page>.po``; the downloadable notebook of a page
is Markdown, not a doctree, so its prose is translated here from the same
catalog, and no third copy of the text exists.

A catalog message is the source markup of one block (a paragraph, a heading, a
list item's paragraph, a table cell, an admonition's title) with its line
breaks turned into spaces, as ``sphinx.util.nodes.extract_messages`` makes it
from the ``rawsource`` that myst-parser gives each node. markdown-it, set up as
myst-parser sets it up, finds those blocks and the lines they come from; each
block's text is replaced by its translation and everything around it (``#``,
list markers, ``>``, fences, targets, options) stays as written. A translated
paragraph is one line: the source's one sentence per line is for diffs of the
source, and Markdown renders both the same.

Equations are never translated: a display equation keeps its source bytes,
and only the words inside ``\\text{...}`` are swapped for their pairs in
``docs/glossary.toml`` (``[[math_text]]``), as the English pages do.

A block whose text the catalog does not hold keeps its source text and is
listed, as the English pages show the source of an entry not yet translated
(the catalog tests fail until it is). An equation word without a pair, or a
directive the translation does not know, is a problem of the code, reported
apart so that the build can fail on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from editions import translate_math_text
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

#: Directives whose title and body are prose to translate.
ADMONITIONS = {
    "admonition",
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "seealso",
    "tip",
    "warning",
}
#: Directives whose body is code or is generated: nothing in them to translate.
VERBATIM = {"code", "code-block", "code-cell", "doctest", "execution-table"}
_DIRECTIVE = re.compile(r"\{([\w:-]+)\}\s*(.*)")
_INLINE_MATH = re.compile(r"(?<![\\$])\$([^$]+)\$(?!\$)")
_OPTION = re.compile(r"[ \t]*:[\w-]+:")


def message_id(text: str) -> str:
    """The catalog message of a block's source text: a backslash that ends a
    line (a hard break) is dropped, and line breaks become spaces.

    >>> message_id("Một câu.\\nHai câu.  ")
    'Một câu. Hai câu.'
    """
    text = re.sub(r"[ \t]*\\[ \t]*$", "", text, flags=re.MULTILINE)
    return text.replace("\n", " ").strip()


@cache
def markdown_parser(extensions: frozenset[str]) -> MarkdownIt:
    """markdown-it set up as myst-parser sets it up for these extensions."""
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


@dataclass
class Translator:
    """Translate Markdown from one catalog, and remember what it could not.

    >>> translator = Translator({"Ý tưởng:": "The idea:", "Một.": "One."}, {})
    >>> translator.markdown("## Ý tưởng:\\n\\n- Một.\\n- Hai.\\n")
    '## The idea:\\n\\n- One.\\n- Hai.\\n'
    >>> translator.untranslated
    ["the catalog has no translation for 'Hai.'"]
    """

    messages: dict[str, str]
    math_words: dict[str, str]
    extensions: frozenset[str] = frozenset({"dollarmath", "amsmath", "colon_fence"})
    #: The catalog's name, for the reports.
    catalog: str = "the catalog"
    #: Texts the catalog does not hold yet (a translator's work to do), one
    #: sentence each.
    untranslated: list[str] = field(default_factory=list)
    #: What cannot be translated as the code stands, one sentence each:
    #: equation words without a pair, directives it does not know.
    problems: list[str] = field(default_factory=list)

    def message(self, text: str) -> str:
        """The translation of one catalog message (``text`` is the source
        markup of one block), with the words of its inline equations paired;
        ``text`` itself, reported, if the catalog lacks it."""
        msgid = message_id(text)
        if msgid not in self.messages:
            self.untranslated.append(f"{self.catalog} has no translation for {msgid!r}")
            return text
        return _INLINE_MATH.sub(
            lambda m: "$" + self.equation(m.group(1)) + "$", self.messages[msgid]
        )

    def equation(self, latex: str) -> str:
        """``latex`` with the words of its ``\\text{...}`` paired, nothing else."""
        translated, unpaired = translate_math_text(latex, self.math_words)
        self.problems.extend(
            f"equation word {word!r} has no English pair in docs/glossary.toml "
            "[[math_text]]"
            for word in unpaired
        )
        return translated

    def markdown(self, text: str) -> str:
        """``text`` with the prose of every block replaced by its translation."""
        starts = _line_starts(text)
        edits: list[tuple[int, int, str]] = []
        cursor = 0
        for token in markdown_parser(self.extensions).parse(text):
            if token.map is None:
                continue
            first, end = token.map
            if token.type == "inline":
                if not message_id(token.content):
                    continue
                start, stop = _locate(token.content, text, starts, first, cursor)
                translated = self.message(token.content)
                if translated != token.content:  # else its lines stay as written
                    edits.append((start, stop, translated))
                cursor = stop
            elif token.type in ("math_block", "math_block_label", "amsmath"):
                start, stop = starts[first], starts[end]
                edits.append((start, stop, self.equation(text[start:stop])))
            elif token.type in ("fence", "colon_fence"):
                edits.extend(self._directive(token, text, starts))
        for start, stop, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[stop:]
        return text

    def _directive(self, token, text: str, starts: list[int]):
        """The edits of a fenced block: none for code, the title and the body
        of an admonition, and a report for a directive it cannot translate."""
        match = _DIRECTIVE.fullmatch(token.info.strip())
        if match is None:  # a code block
            return
        name, title = match.groups()
        if name == "math":
            start, stop = starts[token.map[0] + 1], _body_end(token, text, starts)
            yield start, stop, self.equation(text[start:stop])
            return
        if name in VERBATIM:
            return
        if name not in ADMONITIONS:
            self.problems.append(
                f"the {{{name}}} directive is not one the notebook can translate "
                f"(admonitions: {', '.join(sorted(ADMONITIONS))})"
            )
            return
        opening = token.map[0]
        if title:
            line_end = starts[opening + 1] if opening + 1 < len(starts) else len(text)
            start = text.rindex(title, starts[opening], line_end)
            yield start, start + len(title), self.message(title)
        options, body = _split_options(token.content)
        indent = re.match(r"[ \t]*", text[starts[opening] :]).group(0)
        translated = "".join(
            indent + line if line.strip() else line
            for line in (options + self.markdown(body)).splitlines(keepends=True)
        )
        yield starts[opening + 1], _body_end(token, text, starts), translated


def _line_starts(text: str) -> list[int]:
    """The offset of every line of ``text``, and of its end."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    if not text.endswith("\n"):
        starts.append(len(text))  # map ends may point one line past the text
    return starts


def _locate(
    content: str, text: str, starts: list[int], first: int, cursor: int
) -> tuple[int, int]:
    """Where an inline token's ``content`` (its lines without their block
    markers and indentation) lies in ``text``, its block starting on line
    ``first``, and not before ``cursor`` (so two cells of a table row are
    found in order)."""
    lines = content.split("\n")
    start = text.index(lines[0], max(cursor, starts[first]))
    if len(lines) == 1:
        return start, start + len(lines[0])
    last = starts[first + len(lines) - 1]
    return start, text.index(lines[-1], last) + len(lines[-1])


def _body_end(token, text: str, starts: list[int]) -> int:
    """The offset just after a fenced block's body, before its closing fence."""
    last = token.map[1] - 1
    closing = text[starts[last] : starts[last + 1]].strip()
    if closing and set(closing) == {token.markup[0]} and last > token.map[0]:
        return starts[last]
    return starts[token.map[1]]


def _split_options(body: str) -> tuple[str, str]:
    """A directive body as its options (``:key: value`` lines, or a YAML block
    between ``---`` lines) and the content after them."""
    lines = body.splitlines(keepends=True)
    count = 0
    if lines and lines[0].strip() == "---":
        count = next(
            (i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"),
            len(lines),
        )
    else:
        while count < len(lines) and _OPTION.match(lines[count]):
            count += 1
    return "".join(lines[:count]), "".join(lines[count:])


def translate_cells(cells: list, translator: Translator) -> None:
    """Translate notebook cells in place: the prose of Markdown cells and the
    alternative text of figures (``mystnb.image.alt``); code stays as it is."""
    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source = translator.markdown(cell.source)
            continue
        image = cell.metadata.get("mystnb", {}).get("image", {})
        if image.get("alt"):
            image["alt"] = translator.message(image["alt"])
