"""Offer each chapter as a Jupyter notebook (``.ipynb``) to download.

The notebook is made from the chapter's source page: its first cell says how
to install the project, the rest are the page's cells, prose and code, in
order. Code and results are the same in both editions; the prose of the
notebook is the Vietnamese original in both (the English translation lives in
the site's catalogs, paragraph by paragraph, not in notebook cells).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from myst_nb.core.read import read_myst_markdown_notebook
from sphinx.application import Sphinx

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
        "then open the notebook in Jupyter and run it from top to bottom. "
        "Its prose is the Vietnamese original; the English translation is on "
        "the site, and the code and results are the same."
    ),
}


def is_notebook_page(source: str) -> bool:
    return "file_format: mystnb" in source


def make_notebook(source: str, title: str, language: str) -> nbformat.NotebookNode:
    """The chapter as a notebook, led by a cell that says how to install."""
    notebook = read_myst_markdown_notebook(source)
    notebook.cells.insert(
        0, nbformat.v4.new_markdown_cell(INSTALL[language].format(title=title))
    )
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"  # fixed ids: two builds write the same bytes
    return notebook


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / FOLDER
    for docname in sorted(app.env.found_docs):
        path = Path(app.env.doc2path(docname))
        source = path.read_text(encoding="utf-8")
        if not is_notebook_page(source):
            continue
        title = app.env.titles[docname].astext()
        notebook = make_notebook(source, title, app.config.language)
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
    context["notebook_url"] = "../" * depth + f"{FOLDER}/{pagename}.ipynb"


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", write_notebooks)
    app.connect("html-page-context", add_download_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
