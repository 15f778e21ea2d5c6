"""How the build behaves: what it re-executes, and how it fails.

Each test works on a copy of the sources with a copy of the execution cache
(the ``workspace`` fixture), so it starts warm and never disturbs the
project's own ``_build``.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(workspace: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(workspace / "docs" / "sitebuild.py")],
        cwd=workspace,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(workspace)},
    )


def executed(workspace: Path) -> dict[str, list[str]]:
    report = workspace / "_build" / "execution-report.json"
    return json.loads(report.read_text(encoding="utf-8"))


def pages_importing(workspace: Path, module: str) -> list[str]:
    """Pages whose code names ``snippets.<module>``, found by plain search."""
    pattern = re.compile(rf"\bsnippets\.{module}\b")
    return sorted(
        p.stem
        for p in (workspace / "docs").glob("*.md")
        if pattern.search(p.read_text(encoding="utf-8"))
    )


def test_prose_edits_execute_nothing_and_english_never_executes(workspace):
    """Nor does the side-by-side view, built after English."""
    first = build(workspace)
    assert first.returncode == 0, first.stderr
    assert executed(workspace) == {"vi": [], "en": [], "bilingual": []}
    unchanged = build(workspace)
    assert "the site is up to date" in unchanged.stdout

    page = workspace / "docs" / "standardization.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Suy ra:", "Từ đó suy ra:"), encoding="utf-8")
    second = build(workspace)
    assert second.returncode == 0, second.stderr
    assert executed(workspace) == {"vi": [], "en": [], "bilingual": []}
    html = (workspace / "_build" / "html" / "vi" / "standardization.html").read_text(
        encoding="utf-8"
    )
    assert "Từ đó suy ra:" in html


def test_a_snippets_edit_re_executes_exactly_the_pages_that_import_it(workspace):
    module = "standardization_plots"
    importers = [
        p.stem
        for p in (workspace / "snippets").glob("*.py")
        if f"snippets.{module}" in p.read_text(encoding="utf-8")
    ]
    assert importers == [], "the expectation below assumes no module imports it"
    expected = pages_importing(workspace, module)
    assert expected, f"no page imports snippets.{module}"

    path = workspace / "snippets" / f"{module}.py"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    result = build(workspace)
    assert result.returncode == 0, result.stderr
    assert executed(workspace) == {"vi": expected, "en": [], "bilingual": []}


def test_a_failing_cell_fails_the_build_and_keeps_the_previous_site(workspace):
    assert build(workspace).returncode == 0
    site = workspace / "_build" / "html"
    before = {p: p.read_bytes() for p in site.rglob("*.html")}

    (workspace / "docs" / "broken.md").write_text(
        "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n"
        "  display_name: Python 3\norphan: true\n---\n\n# Broken\n\n"
        "```{code-cell} ipython3\nraise RuntimeError('planted failure')\n```\n",
        encoding="utf-8",
    )
    result = build(workspace)

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "broken" in output
    assert "planted failure" in output
    assert "previous site was left as it was" in output
    assert {p: p.read_bytes() for p in site.rglob("*.html")} == before
    leftovers = [p.name for p in site.parent.iterdir() if p.name.startswith(".staging")]
    assert leftovers == []


def test_a_sphinx_warning_fails_the_build(workspace):
    page = workspace / "docs" / "standardization.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nSee {ref}`no-such-label`.\n", encoding="utf-8")
    result = build(workspace)
    assert result.returncode != 0
    assert "standardization" in result.stderr
    assert "no-such-label" in result.stderr


# Run times (the execution table) are the one thing two builds may not share.
_RUN_TIME = re.compile(rb'(<span class="exec-time">)[^<]*(</span>)')


def _comparable(path: Path) -> bytes:
    return _RUN_TIME.sub(rb"\1\2", path.read_bytes())


def tree_differences(first: Path, second: Path) -> list[str]:
    """Files that exist in only one of two trees, or differ in content (run
    times set aside)."""
    one = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    two = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    differences = [f"only in the first: {p}" for p in sorted(one - two)]
    differences += [f"only in the second: {p}" for p in sorted(two - one)]
    differences += [
        f"differs: {p}"
        for p in sorted(one & two)
        if _comparable(first / p) != _comparable(second / p)
    ]
    return differences


def test_a_clean_build_reproduces_the_site_byte_for_byte(site, tmp_path):
    """Executing every notebook afresh gives the very files of the site."""
    for folder in ("docs", "snippets"):
        shutil.copytree(
            ROOT / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
        )
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert executed(tmp_path)["vi"], "a clean build must execute the notebooks"
    assert tree_differences(site, tmp_path / "_build" / "html") == []


def test_tree_comparison_catches_planted_differences(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for root in (first, second):
        (root / "img").mkdir(parents=True)
        (root / "same.html").write_text("same")
    (first / "img" / "fig.png").write_bytes(b"\x89PNG 1")
    (second / "img" / "fig.png").write_bytes(b"\x89PNG 2")
    (second / "extra.html").write_text("new")
    (first / "times.html").write_text('<span class="exec-time">1.2</span> 3')
    (second / "times.html").write_text('<span class="exec-time">9.9</span> 3')
    assert tree_differences(first, second) == [
        "only in the second: extra.html",
        "differs: img/fig.png",
    ]
