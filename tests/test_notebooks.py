"""Each chapter offered as a notebook that runs in a fresh Jupyter kernel,
its prose in the language of the edition that offers it."""

import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from catalog_markdown import Translator
from editions import load_glossary, read_catalog, translate_math_text
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient
from pages import lecture_chapters, notebook_pages

DOCS = Path(__file__).resolve().parents[1] / "docs"
CHAPTERS = lecture_chapters()
MATH_WORDS = {pair["vi"]: pair["en"] for pair in load_glossary()["math_text"]}


@pytest.mark.parametrize("language", ["vi", "en", "bilingual"])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_links_to_its_notebook(site, chapter, language):
    page = site / language / f"{chapter}.html"
    links = re.findall(
        r'class="notebook-download" href="([^"]+)"', page.read_text(encoding="utf-8")
    )
    assert len(links) == 1
    notebook = nbformat.read(page.parent / links[0], as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "markdown"
    assert 'pip install -e ".[docs]"' in first.source
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert any("from snippets" in c for c in code)


def test_pages_without_code_offer_no_notebook(site):
    for language in ("vi", "en", "bilingual"):
        html = (site / language / "audit.html").read_text(encoding="utf-8")
        assert "notebook-download" not in html


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_notebook_runs_top_to_bottom_in_a_fresh_kernel(site, chapter, tmp_path):
    path = site / "vi" / "_downloads" / "notebooks" / f"{chapter}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},  # run away from the repo
    )
    client.execute()  # raises CellExecutionError, naming the cell, on failure
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []


# The English notebook --------------------------------------------------------

_DISPLAY_MATH = re.compile(r"^\$\$.*?\$\$", re.MULTILINE | re.DOTALL)
_INLINE_MATH = re.compile(r"\$[^$]+\$")
_CODE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`]*`")
_TEXT = re.compile(r"\\text\{[^{}]*\}")


def notebook(site: Path, language: str, page: str) -> nbformat.NotebookNode:
    path = site / language / "_downloads" / "notebooks" / f"{page}.ipynb"
    return nbformat.read(path, as_version=4)


def vietnamese_words(text: str) -> list[str]:
    """The words of ``text``'s prose with a Latin letter outside ASCII (every
    Vietnamese letter with a diacritic is one), leaving out equations and code.

    >>> vietnamese_words("Dead $\\text{nếu}$ `ổn` units chết ở đây")
    ['chết', 'ở', 'đây']
    """
    for pattern in (_CODE, _DISPLAY_MATH, _INLINE_MATH, _INLINE_CODE):
        text = pattern.sub(" ", text)
    return [
        word
        for word in text.split()
        if any(ord(c) > 127 and "LATIN" in unicodedata.name(c, "") for c in word)
    ]


def figure_alt(cell) -> str:
    return cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")


@pytest.mark.parametrize("page", notebook_pages())
def test_the_english_notebook_has_no_vietnamese_prose(site, page):
    english = notebook(site, "en", page)
    vietnamese = notebook(site, "vi", page)
    prose = [c.source for c in english.cells if c.cell_type == "markdown"]
    alts = [figure_alt(c) for c in english.cells if figure_alt(c)]
    assert {w for text in prose + alts for w in vietnamese_words(text)} == set()
    # The same prose, translated: as many Markdown cells, as many headings.
    source = [c.source for c in vietnamese.cells if c.cell_type == "markdown"]
    assert len(prose) == len(source)
    for ours, theirs in zip(prose[1:], source[1:], strict=True):
        assert re.findall(r"^#+ ", ours, re.M) == re.findall(r"^#+ ", theirs, re.M)
    assert len(alts) == len([c for c in vietnamese.cells if figure_alt(c)])


@pytest.mark.parametrize("page", notebook_pages())
def test_english_equations_are_the_sources_with_only_text_words_paired(site, page):
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    english = "\n".join(
        c.source for c in notebook(site, "en", page).cells if c.cell_type == "markdown"
    )
    ours = _DISPLAY_MATH.findall(english)
    theirs = _DISPLAY_MATH.findall(source)
    assert ours == [translate_math_text(e, MATH_WORDS)[0] for e in theirs]
    # Independently of that function: blank the words, and the bytes agree.
    assert [_TEXT.sub("", e) for e in ours] == [_TEXT.sub("", e) for e in theirs]
    # Inline equations: the same ones, wherever the translation put them.
    inline = Counter(
        _TEXT.sub("", m) for m in _INLINE_MATH.findall(_DISPLAY_MATH.sub("", english))
    )
    expected = Counter(
        _TEXT.sub("", m)
        for m in _INLINE_MATH.findall(
            _DISPLAY_MATH.sub("", _CODE.sub("", source.split("\n---\n", 1)[1]))
        )
    )
    assert inline == expected


@pytest.mark.parametrize("page", notebook_pages())
def test_the_vietnamese_notebook_is_the_source(site, page):
    source = read_myst_markdown_notebook((DOCS / f"{page}.md").read_text("utf-8"))
    cells = notebook(site, "vi", page).cells[1:]
    assert [c.source for c in cells] == [c.source for c in source.cells]


@pytest.mark.parametrize("page", notebook_pages())
def test_both_notebooks_have_the_same_code_cells(site, page):
    english = notebook(site, "en", page).cells
    vietnamese = notebook(site, "vi", page).cells
    assert [c.cell_type for c in english] == [c.cell_type for c in vietnamese]
    code = [
        (c.source, c.metadata.get("tags")) for c in english if c.cell_type == "code"
    ]
    assert code == [
        (c.source, c.metadata.get("tags")) for c in vietnamese if c.cell_type == "code"
    ]
    assert code


def test_figure_alt_text_comes_from_the_catalog(site):
    catalog = read_catalog(DOCS / "locales" / "en" / "LC_MESSAGES" / "dying-relu.po")
    pairs = [
        (figure_alt(vi), figure_alt(en))
        for vi, en in zip(
            notebook(site, "vi", "dying-relu").cells,
            notebook(site, "en", "dying-relu").cells,
            strict=True,
        )
        if figure_alt(vi)
    ]
    assert len(pairs) == 2
    assert all(catalog[vi] == en for vi, en in pairs)


PLANTED = """\
# Tiêu đề

Câu một.
Câu hai với $\\text{nếu}$.

> Trích dẫn.

1. Mục một.
2. Mục
   hai.

| Cột | Hai |
|---|---|
| hai | Cột |

(a-target)=

:::{admonition} Ghi chú: $a < 0$
:class: note

Thân ghi chú.
:::

$$\\bar{Y} = \\begin{cases} X, & \\text{nếu } a > 0 \\end{cases}$$

```python
print("giữ nguyên")
```
"""

PLANTED_CATALOG = {
    "Tiêu đề": "Title",
    "Câu một. Câu hai với $\\text{nếu}$.": "Sentence one, two with $\\text{nếu}$.",
    "Trích dẫn.": "A quote.",
    "Mục một.": "Item one.",
    "Mục hai.": "Item two.",
    "Ghi chú: $a < 0$": "Note: $a < 0$",
    "Thân ghi chú.": "The note's body.",
    "Cột": "Column",
    "Hai": "Two",
    "hai": "two",
}


def test_markdown_blocks_are_replaced_and_their_markup_kept():
    translator = Translator(PLANTED_CATALOG, MATH_WORDS)
    assert translator.markdown(PLANTED) == (
        "# Title\n\n"
        "Sentence one, two with $\\text{if}$.\n\n"
        "> A quote.\n\n"
        "1. Item one.\n"
        "2. Item two.\n\n"
        "| Column | Two |\n|---|---|\n| two | Column |\n\n"
        "(a-target)=\n\n"
        ":::{admonition} Note: $a < 0$\n"
        ":class: note\n\n"
        "The note's body.\n"
        ":::\n\n"
        "$$\\bar{Y} = \\begin{cases} X, & \\text{if } a > 0 \\end{cases}$$\n\n"
        '```python\nprint("giữ nguyên")\n```\n'
    )
    assert translator.problems == []


def test_what_the_catalog_lacks_is_reported_and_kept_as_it_was():
    catalog = {k: v for k, v in PLANTED_CATALOG.items() if k != "Mục hai."}
    translator = Translator(catalog, {})
    text = translator.markdown(PLANTED + "\n:::{figure} x.png\nChú thích.\n:::\n")
    assert "2. Mục\n   hai.\n" in text
    assert translator.untranslated == ["the catalog has no translation for 'Mục hai.'"]
    assert translator.problems == [
        "equation word 'nếu' has no English pair in docs/glossary.toml [[math_text]]",
        "equation word 'nếu' has no English pair in docs/glossary.toml [[math_text]]",
        "the {figure} directive is not one the notebook can translate "
        "(admonitions: admonition, attention, caution, danger, error, hint, "
        "important, note, seealso, tip, warning)",
    ]


def test_a_missing_catalog_entry_keeps_its_vietnamese_and_the_build_goes_on(
    workspace,
):
    """As on the English pages: a prose edit not yet translated must not stop
    the site from building; the catalog tests are what fail until it is."""
    catalog = workspace / "docs" / "locales" / "en" / "LC_MESSAGES" / "dying-relu.po"
    entry = 'msgid "Khi đó:"\nmsgstr "Then:"\n'
    text = catalog.read_text(encoding="utf-8")
    assert entry in text
    catalog.write_text(text.replace(entry, ""), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "docs/sitebuild.py", "--language", "en"],
        cwd=workspace,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(workspace)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    path = workspace / "_build" / "html" / "en" / "_downloads" / "notebooks"
    notebook = nbformat.read(path / "dying-relu.ipynb", as_version=4)
    prose = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert any(re.search(r"^Khi đó:$", p, re.MULTILINE) for p in prose)
    assert not any(re.search(r"^Then:$", p, re.MULTILINE) for p in prose)
