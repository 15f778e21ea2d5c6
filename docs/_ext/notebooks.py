"""Offer each chapter as a Jupyter notebook (``.ipynb``) to download.

The notebook is made from the chapter's source page: its first cell says how
to install the project, the rest are the page's cells, prose and code, in
order. Code is the same in both editions. The English edition's notebook has
its prose (and the alternative text of its figures) translated from the page's
catalog by ``catalog_markdown``, the same messages the English pages show. A
block the catalog does not hold yet keeps its Vietnamese, as on the English
pages, and the catalog tests fail until it is translated; an equation word or
a directive the translation cannot handle is a build warning.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from catalog_markdown import Translator, translate_cells
from editions import math_words, page_catalog, read_catalog
from myst_nb.core.read import read_myst_markdown_notebook
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FOLDER = "_downloads/notebooks"
INSTALL = {
    "vi": (
        "# {title}\n\n"
        "Notebook này là một chương của bài giảng song ngữ *Những góc nhìn sâu "
        "sắc về MLP*. Để chạy nó, hãy cài dự án từ thư mục gốc của mã nguồn:\n\n"
        '```console\npython -m pip install -e ".[docs]"\n```\n\n'
        "rồi mở notebook trong Jupyter và chạy lần lượt từ trên xuống."
    ),
    "en": (
        "# {title}\n\n"
        "This notebook is a chapter of the bilingual lecture *Insights into "
        "MLPs*. To run it, install the project from the root of its source "
        "tree:\n\n"
        '```console\npython -m pip install -e ".[docs]"\n```\n\n'
        "then open the notebook in Jupyter and run it from top to bottom."
    ),
}


def is_notebook_page(source: str) -> bool:
    return "file_format: mystnb" in source


def make_notebook(
    source: str, title: str, language: str, translator: Translator | None = None
) -> nbformat.NotebookNode:
    """The chapter as a notebook, led by a cell that says how to install;
    with a ``translator``, its prose is translated by it."""
    notebook = read_myst_markdown_notebook(source)
    if translator is not None:
        translate_cells(notebook.cells, translator)
    notebook.cells.insert(
        0, nbformat.v4.new_markdown_cell(INSTALL[language].format(title=title))
    )
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"  # fixed ids: two builds write the same bytes
    return notebook


def page_translator(app: Sphinx, docname: str) -> Translator | None:
    """What translates the notebook of ``docname`` in this edition: its page's
    catalog (``None`` in the Vietnamese edition, whose notebook is the source)."""
    if app.config.language == "vi":
        return None
    path = page_catalog(app.srcdir, app.config, docname)
    messages = read_catalog(path)
    words = math_words()
    extensions = frozenset(app.config.myst_enable_extensions)
    return Translator(messages, words, extensions, str(path.relative_to(app.srcdir)))


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if app.config.lecture_edition == "bilingual":
        return  # the view links to the English edition's notebooks
    target = Path(app.outdir) / FOLDER
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        source = path.read_text(encoding="utf-8")
        if not is_notebook_page(source):
            continue
        title = app.env.titles[docname].astext()
        translator = page_translator(app, docname)
        notebook = make_notebook(source, title, app.config.language, translator)
        # Text not yet translated is kept, as on the English pages; the
        # catalog tests fail until it is translated.
        for missing in translator.untranslated if translator else []:
            logger.info(
                "the English notebook of %s keeps Vietnamese text: %s",
                docname,
                missing,
            )
        for problem in translator.problems if translator else []:
            logger.warning(
                "the English notebook of this page keeps Vietnamese text: %s",
                problem,
                location=(docname, None),
            )
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target / f"{docname}.ipynb")


def add_download_link(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Tell the sidebar template where this page's notebook is, if it has one."""
    path = Path(app.env.doc2path(pagename)) if pagename in app.env.found_docs else None
    if path is None or not is_notebook_page(path.read_text(encoding="utf-8")):
        context["notebook_url"] = None
        return
    depth = pagename.count("/")
    if app.config.lecture_edition == "bilingual":
        # The side-by-side view is English: it offers the English notebook,
        # which is the same file the English edition writes.
        context["notebook_url"] = "../" * (depth + 1) + f"en/{FOLDER}/{pagename}.ipynb"
    else:
        context["notebook_url"] = "../" * depth + f"{FOLDER}/{pagename}.ipynb"


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", write_notebooks)
    app.connect("html-page-context", add_download_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
