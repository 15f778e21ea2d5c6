"""Each chapter offered as a notebook that runs in a fresh Jupyter kernel."""

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from pages import lecture_chapters

DOCS = Path(__file__).resolve().parents[1] / "docs"
CHAPTERS = lecture_chapters()


@pytest.mark.parametrize("language", ["vi", "en"])
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
    for language in ("vi", "en"):
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
