"""What the reproducibility page promises: seeds, versions, run times."""

import importlib
import inspect
import pkgutil
import re

import snippets


def test_every_seed_in_snippets_defaults_to_zero():
    """The page says that code which passes no seed uses 0: a seed parameter
    either has to be given or defaults to 0."""
    found = 0
    for module_info in pkgutil.iter_modules(snippets.__path__):
        module = importlib.import_module(f"snippets.{module_info.name}")
        for _, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            parameters = inspect.signature(function).parameters
            if "seed" in parameters:
                found += 1
                default = parameters["seed"].default
                assert default in (0, inspect.Parameter.empty), (
                    f"{module.__name__}.{function.__name__}: seed={default!r}"
                )
    assert found > 10


def test_the_page_lists_each_chapter_with_its_run_time_and_seed(site):
    chapters = [
        "standardization",
        "skip-connections",
        "dying-relu",
        "batchnorm",
        "he-initialization",
    ]
    for language in ("vi", "en"):
        html = (site / language / "reproducibility.html").read_text(encoding="utf-8")
        table = html[html.index("<table") : html.index("</table>")]
        rows = re.findall(r'<a class="reference internal" href="([\w-]+)\.html"', table)
        assert rows == chapters
        times = re.findall(r'<span class="exec-time">([\d.]+)</span>', table)
        assert len(times) == len(chapters) and all(float(t) > 0 for t in times)
        assert "torch threads per kernel: 1" in html
        assert re.search(r"torch \d+\.\d+", html)
