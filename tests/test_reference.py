"""The reference page: every public function and class of snippets, with its
signature and its docstring, the same in both editions."""

import html
import importlib
import inspect
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import snippets

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = ("vi", "en")

_ENTRY = re.compile(
    r'<dt class="sig sig-object py" id="([\w.]+)">(.*?)</dt>\s*<dd>(.*?)(?:<dl|</dd>)',
    re.S,
)
_PARAM = re.compile(r'<em class="sig-param">(.*?)</em>', re.S)
_DEFAULT = re.compile(r'<span class="default_value">(.*?)</span></span>', re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def public_objects(package: ModuleType) -> dict[str, object]:
    """Every public function and class of ``package``, by full name: defined
    in one of its modules, with a name that does not start with ``_``."""
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, obj in vars(module).items():
            if (
                (inspect.isfunction(obj) or inspect.isclass(obj))
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found[f"{module.__name__}.{name}"] = obj
    return found


def expected_parameters(obj: object) -> list[str]:
    """The parameters autodoc shows, as ``name`` or ``name=default``, with
    ``/`` and ``*`` where the signature has them."""
    shown = []
    parameters = list(inspect.signature(obj).parameters.values())
    for i, p in enumerate(parameters):
        previous = parameters[i - 1].kind if i else None
        if p.kind is p.KEYWORD_ONLY and previous not in (
            p.KEYWORD_ONLY,
            p.VAR_POSITIONAL,
        ):
            shown.append("*")
        star = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
        default = "" if p.default is p.empty else f"={p.default!r}"
        shown.append(f"{star}{p.name}{default}")
        if p.kind is p.POSITIONAL_ONLY and (
            i + 1 == len(parameters) or parameters[i + 1].kind is not p.POSITIONAL_ONLY
        ):
            shown.append("/")
    return shown


def shown_parameters(signature_html: str) -> list[str]:
    """The parameters of a rendered signature, as ``expected_parameters``."""
    shown = []
    for param in _PARAM.findall(signature_html):
        text = _text(param)
        name = re.match(r"[*/]*\w*", text).group(0)
        default = _DEFAULT.search(param)
        shown.append(name + (f"={_text(default.group(1))}" if default else ""))
    return shown


def entries(page: Path) -> dict[str, tuple[str, str]]:
    """What the reference page documents: full name -> (signature, description)."""
    return {
        name: (signature, _text(description))
        for name, signature, description in _ENTRY.findall(
            page.read_text(encoding="utf-8")
        )
    }


def reference_problems(page: Path, objects: dict[str, object]) -> list[str]:
    """Each public object missing from the page, without a description, or
    shown with parameters other than its own."""
    documented = entries(page)
    problems = []
    for name, obj in sorted(objects.items()):
        if name not in documented:
            problems.append(f"{name}: not on the page (has it a docstring?)")
            continue
        signature, description = documented[name]
        if not description:
            problems.append(f"{name}: no description")
        if shown_parameters(signature) != expected_parameters(obj):
            problems.append(
                f"{name}: signature shows {shown_parameters(signature)}, "
                f"expected {expected_parameters(obj)}"
            )
    return problems


# The built page -----------------------------------------------------------------


@pytest.mark.parametrize("language", EDITIONS)
def test_every_public_function_and_class_is_on_the_page(site, language):
    objects = public_objects(snippets)
    assert sum(inspect.isfunction(o) for o in objects.values()) > 50
    assert reference_problems(site / language / "reference.html", objects) == []


def _plain_quotes(documented: dict[str, tuple[str, str]]) -> dict:
    # Docutils' smart quotes apply to the English edition only.
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    return {
        name: tuple(part.translate(table).replace("\u2026", "...") for part in entry)
        for name, entry in documented.items()
    }


def test_both_editions_show_the_same_english_reference(site):
    vi, en = (
        _plain_quotes(entries(site / language / "reference.html"))
        for language in EDITIONS
    )
    assert vi == en
    assert "Load the 1,797 bundled digit images" in vi["snippets.data.load_digits"][1]


def test_the_english_reference_is_marked_english_on_the_vietnamese_page(site):
    """A screen reader reads the docstrings with English pronunciation."""
    page = (site / "vi" / "reference.html").read_text(encoding="utf-8")
    modules = {
        f"snippets.{info.name}" for info in pkgutil.iter_modules(snippets.__path__)
    }
    marked = set(re.findall(r'<section id="module-([\w.]+)" lang="en">', page))
    assert marked == modules


def test_the_reference_is_in_the_index_next_to_the_glossary():
    toctree = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "glossary\nreference\n" in toctree


# Planted defects ------------------------------------------------------------------


def _planted_package(tmp_path: Path, listed: list[str]) -> Path:
    """A small package documented by the reference directive: ``documented``
    has docstrings everywhere, ``planted`` has one function without."""
    package = tmp_path / "plantedpkg"
    package.mkdir()
    (package / "__init__.py").write_text('"""A package."""\n')
    (package / "documented.py").write_text(
        '"""Documented."""\n\n\n'
        "def scale(x: float, factor: float = 2.0, *, clip: bool = False) -> float:\n"
        '    """Scale ``x``.\n\n    >>> scale(1.5)\n    3.0\n    """\n'
        "    return x * factor\n"
    )
    (package / "planted.py").write_text(
        '"""Planted."""\n\n\n'
        "def kept(n: int) -> int:\n"
        '    """Kept."""\n'
        "    return n\n\n\n"
        "def undocumented(n: int) -> int:\n"
        "    return n\n"
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        f"import sys\nsys.path[:0] = [{str(ROOT / 'docs' / '_ext')!r}, "
        f"{str(tmp_path)!r}]\n"
        "extensions = ['myst_parser', 'sphinx.ext.autodoc', 'reference']\n"
        "reference_package = 'plantedpkg'\n"
    )
    (docs / "index.md").write_text(
        "# Reference\n\n```{snippets-reference}\n" + "\n".join(listed) + "\n```\n"
    )
    return docs


def _build(docs: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "-q", docs, out],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": ""},
    )


def test_reference_check_names_a_function_without_docstring(tmp_path, monkeypatch):
    docs = _planted_package(tmp_path, ["documented", "planted"])
    result = _build(docs, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    objects = public_objects(importlib.import_module("plantedpkg"))
    page = tmp_path / "html" / "index.html"
    assert reference_problems(page, objects) == [
        "plantedpkg.planted.undocumented: not on the page (has it a docstring?)"
    ]
    assert shown_parameters(entries(page)["plantedpkg.documented.scale"][0]) == [
        "x",
        "factor=2.0",
        "*",
        "clip=False",
    ]

    # A page that shows another signature, or no description, is named too.
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("factor", "ratio").replace("<p>Kept.</p>", ""),
        encoding="utf-8",
    )
    assert reference_problems(page, objects) == [
        "plantedpkg.documented.scale: signature shows "
        "['x', 'ratio=2.0', '*', 'clip=False'], "
        "expected ['x', 'factor=2.0', '*', 'clip=False']",
        "plantedpkg.planted.kept: no description",
        "plantedpkg.planted.undocumented: not on the page (has it a docstring?)",
    ]


def test_a_module_left_off_the_page_fails_the_build(tmp_path):
    docs = _planted_package(tmp_path, ["documented"])
    result = _build(docs, tmp_path / "html")
    assert result.returncode != 0
    assert "snippets-reference leaves out: planted" in result.stderr
