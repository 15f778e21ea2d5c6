"""Measure the build on this machine and print a table.

    python docs/benchmark.py [--runs 3]

Rows: the experiments alone (every chapter's code in one Python process, no
Sphinx), a cold build of the whole site (both editions and the side-by-side
view) with the seconds of each of its three builds, a rebuild with nothing
changed, a rebuild after a prose edit, a rebuild after a snippets edit, and
the transfer size of each page with everything it loads.
Builds run in throwaway copies of the sources, never in ``_build``.
Ratios are printed beside seconds: machines are noisy, ratios hold.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import gzip
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitebuild import EDITIONS

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
PROSE_EDIT = ("Suy ra:", "Từ đó suy ra:")  # one sentence of chapter 1.1
SNIPPETS_EDIT = "batchnorm_plots"  # a module that exactly one page imports


@dataclass
class Row:
    figure: str
    seconds: float | None
    ratio: str
    note: str


def chapters() -> list[Path]:
    """Pages that execute code, in file order."""
    return sorted(
        p for p in DOCS.glob("*.md") if "file_format: mystnb" in p.read_text("utf-8")
    )


# 1. The experiments alone -----------------------------------------------------


def run_experiments() -> dict[str, float]:
    """Run every chapter's code cells in this process; seconds per chapter.

    Figures a cell ends with are rendered to PNG, as the build does.
    """
    import matplotlib

    matplotlib.use("Agg")
    import torch
    from myst_nb.core.read import read_myst_markdown_notebook

    from snippets.plotting import Figure, png_bytes

    torch.set_num_threads(1)
    seconds = {}
    for page in chapters():
        notebook = read_myst_markdown_notebook(page.read_text("utf-8"))
        namespace: dict = {"__name__": "__main__"}
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    _run_cell(cell.source, namespace, Figure, png_bytes)
        seconds[page.stem] = time.perf_counter() - start
    return seconds


def _run_cell(source: str, namespace: dict, figure_type, render) -> None:
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr):
        tree.body.pop()
        exec(compile(tree, "<cell>", "exec"), namespace)
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
        if isinstance(value, figure_type):
            render(value)
    else:
        exec(compile(tree, "<cell>", "exec"), namespace)


def time_experiments() -> tuple[float, dict[str, float]]:
    """Wall time of a fresh process that imports and runs every chapter."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--experiments-only"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, json.loads(result.stdout)


# 2-6. Builds in a throwaway workspace -----------------------------------------


def workspace(parent: Path, name: str) -> Path:
    """A copy of the sources with no cache and no build."""
    target = parent / name
    for folder in ("docs", "snippets"):
        shutil.copytree(
            ROOT / folder,
            target / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
        )
    return target


def build(space: Path, *languages: str) -> tuple[float, dict[str, list[str]]]:
    """Seconds to build, and the notebooks each edition executed."""
    command = [sys.executable, str(space / "docs" / "sitebuild.py")]
    if languages:
        command += ["--language", *languages]
    start = time.perf_counter()
    subprocess.run(
        command,
        cwd=space,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(space)},
    )
    seconds = time.perf_counter() - start
    report = space / "_build" / "execution-report.json"
    return seconds, json.loads(report.read_text("utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    if old not in text:
        raise SystemExit(f"benchmark: {path.name} no longer contains {old!r}")
    path.write_text(text.replace(old, new, 1), "utf-8")


def pages_importing(space: Path, module: str) -> list[str]:
    return sorted(
        p.stem
        for p in (space / "docs").glob("*.md")
        if f"snippets.{module}" in p.read_text("utf-8")
    )


# 7. Page weight ----------------------------------------------------------------


def page_weights(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes each page transfers with everything it loads: (raw, gzip).

    Measured in Chromium, which requests what the page really loads (MathJax's
    fonts included); gzip is what a static host sends for text files.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM_FLAGS, serve
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        return {}
    weights = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_FLAGS
        )
        for language in EDITIONS:
            for html in sorted((site / language).glob("*.html")):
                name = f"{language}/{html.name}"
                context = browser.new_context()  # an empty cache per page
                page = context.new_page()
                urls: list[str] = []
                page.on("requestfinished", lambda r, urls=urls: urls.append(r.url))
                page.goto(f"{base}/{name}", wait_until="networkidle")
                page.wait_for_timeout(300)
                raw = packed = 0
                for url in set(urls):
                    path = site / url.removeprefix(base + "/").split("?")[0]
                    if path.is_file():
                        data = path.read_bytes()
                        raw += len(data)
                        compressible = path.suffix in (".html", ".js", ".css", ".svg")
                        packed += (
                            len(gzip.compress(data, 6)) if compressible else len(data)
                        )
                weights[name] = (raw, packed)
                context.close()
        browser.close()
    return weights


# The table -----------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def measure(runs: int) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="mlp-bench-") as tmp:
        parent = Path(tmp)
        floor, per_chapter = time_experiments()
        detail = ", ".join(f"{k} {v:.1f}" for k, v in per_chapter.items())
        rows.append(
            Row("1. experiments alone", floor, "1.00", f"seconds per page: {detail}")
        )

        both = workspace(parent, "both")
        cold, executed = build(both)
        rows.append(
            Row(
                "2. cold build, all three builds",
                cold,
                f"{cold / floor:.2f} x (1)",
                "target <= 1.30 x (1); executed "
                + " + ".join(f"{len(executed[code])} ({code})" for code in EDITIONS)
                + " notebooks",
            )
        )

        # Each build's own seconds within (2): the English edition and the
        # side-by-side view execute nothing, so their time is their own work.
        each = json.loads((both / "_build" / "edition-seconds.json").read_text())
        rows.append(
            Row(
                "3. within (2): Vietnamese edition",
                each["vi"],
                f"{each['vi'] / cold:.0%} of (2)",
                "executes the notebooks",
            )
        )
        english = each["en"] / (each["vi"] + each["en"])
        rows.append(
            Row(
                "3a. within (2): English edition",
                each["en"],
                f"English adds {english:.0%}",
                f"target <= 10% of the two editions; executed {len(executed['en'])}",
            )
        )
        rows.append(
            Row(
                "3b. within (2): side-by-side view",
                each["bilingual"],
                f"{each['bilingual'] / cold:.0%} of (2)",
                f"executed {len(executed['bilingual'])}",
            )
        )

        again = [build(both)[0] for _ in range(runs)]
        unchanged = statistics.median(again)
        rows.append(
            Row(
                "4. rebuild, nothing changed",
                unchanged,
                f"{unchanged / cold:.1%} of (2)",
                f"target <= 5%; median of {runs}",
            )
        )

        edit(both / "docs" / "standardization.md", *PROSE_EDIT)
        prose, executed = build(both)
        count = sum(len(pages) for pages in executed.values())
        rows.append(
            Row(
                "5. rebuild after a prose edit",
                prose,
                f"{prose / cold:.1%} of (2)",
                f"re-executed {count} notebooks (target 0)",
            )
        )

        module = both / "snippets" / f"{SNIPPETS_EDIT}.py"
        module.write_text(module.read_text("utf-8") + "\n# benchmark edit\n", "utf-8")
        snippet, executed = build(both)
        expected = pages_importing(both, SNIPPETS_EDIT)
        verdict = (
            "as expected"
            if executed == {"vi": expected, "en": [], "bilingual": []}
            else (f"expected {expected}")
        )
        rows.append(
            Row(
                f"6. rebuild after editing snippets/{SNIPPETS_EDIT}.py",
                snippet,
                f"{snippet / cold:.1%} of (2)",
                f"re-executed {[p for e in executed.values() for p in e]} ({verdict})",
            )
        )

        weights = page_weights(both / "_build" / "html")
        if weights:
            heaviest = max(weights, key=lambda k: weights[k][1])
            raw, packed = weights[heaviest]
            listing = ", ".join(
                f"{k} {v[1] / 1024:.0f}" for k, v in sorted(weights.items())
            )
            rows.append(
                Row(
                    "7. heaviest page, with all it loads",
                    None,
                    f"{packed / 1024:.0f} KiB gzip, {raw / 1024:.0f} KiB raw",
                    f"{heaviest}; target < 1024 KiB; KiB per page (gzip): {listing}",
                )
            )
        else:
            rows.append(Row("7. page weight", None, "-", "skipped: no Chromium"))
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        f"Measured {date.today().isoformat()} on {machine()}.",
        "",
        "| figure | seconds | ratio | note |",
        "|---|---:|---|---|",
    ]
    for row in rows:
        seconds = "" if row.seconds is None else f"{row.seconds:.1f}"
        lines.append(f"| {row.figure} | {seconds} | {row.ratio} | {row.note} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="repeats of the short rebuild, whose median is shown",
    )
    parser.add_argument(
        "--experiments-only", action="store_true", help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.experiments_only:
        print(json.dumps(run_experiments()))
        return 0
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    output = table(measure(args.runs))
    print(output)
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "benchmark.md").write_text(output + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
