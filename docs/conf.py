"""Sphinx configuration for the editions of the MLP-insights lecture.

Build through ``docs/sitebuild.py`` (``nox -s docs``), which sets the edition
in ``LECTURE_LANGUAGE`` and builds Vietnamese, then English, then the two
side by side (``bilingual``).
"""

import hashlib
import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(DOCS / "_ext"), str(ROOT)]

from editions import edition_from_environment, sphinx_language  # noqa: E402

# -- The edition ---------------------------------------------------------------

lecture_edition = edition_from_environment()
# The side-by-side view is English, with the Vietnamese source beside it.
language = sphinx_language(lecture_edition)
TITLES = {
    "vi": "Những góc nhìn sâu sắc về MLP",
    "en": "Insights into MLPs",
    "bilingual": "Insights into MLPs, side by side",
}

# Every page is read again when the project's extensions change (see editions).
extensions_digest = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted((DOCS / "_ext").glob("*.py")))
).hexdigest()

# -- Project -------------------------------------------------------------------

project = TITLES[lecture_edition]
author = "TimeSeries Team"
copyright = {
    "vi": "2025, TimeSeries Team (bài giảng); "
    "những người đóng góp cho dự án (trang web)",
    "en": "2025, TimeSeries Team (lecture); the project's contributors (site)",
}[language]
html_title = TITLES[lecture_edition]
html_last_updated_fmt = None
today = "2025-11-26"

extensions = [
    "myst_nb",
    "sphinx_copybutton",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "editions",
    "glossary_terms",
    "offline_math",
    "snippet_cache",
    "claims",
    "vietnamese_search",
    "accessibility",
    "interface",
    "notebooks",
    "execution_table",
    "streams",
    "reference",
    "bilingual",
]
exclude_patterns = [
    "_build",
    "_ext",
    "_templates",
    "locales",
    "claims",
    "Thumbs.db",
    ".DS_Store",
    "**.ipynb_checkpoints",
    "sitebuild.py",
    "benchmark.py",
    "glossary.toml",
]
templates_path = ["_templates"]
nitpicky = True

# -- MyST and notebook execution -----------------------------------------------

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

# One cache for both editions: the English build executes nothing and shows
# the very outputs of the Vietnamese one.
nb_execution_mode = "cache"
nb_execution_cache_path = str(ROOT / "_build" / ".jupyter_cache")
# A failing cell is reported as a warning, which -W turns into a failed build.
# Raising instead would lose the cell and its traceback in a parallel build.
nb_execution_raise_on_error = False
nb_execution_show_tb = True
nb_execution_timeout = 120
nb_merge_streams = True
# Let the gettext builder see figures, so their alt text reaches the catalogs.
nb_mime_priority_overrides = [("gettext", "image/png", 5)]

# One torch (OpenMP) thread per notebook kernel: two kernels run side by side
# on two cores, and more threads than cores slow both down. Kernels inherit
# this process's environment.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"
# Kernels import the snippets package of this checkout, whatever is installed.
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
)

# -- Translation ---------------------------------------------------------------

locale_dirs = ["locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = False
gettext_last_translator = "MLP-insights translators"

# -- Reference page (autodoc) -------------------------------------------------

# Signatures show the names the code uses (``ArrayLike``), not their expansion.
autodoc_type_aliases = {"ArrayLike": "numpy.typing.ArrayLike"}
# A method without a docstring is left out rather than shown with its base
# class's text (torch's nn.Module.forward describes torch, not this project).
autodoc_inherit_docstrings = False
# Type hints name classes of torch, numpy, matplotlib and collections.abc,
# documented on other hosts. The build is offline (no intersphinx), so these
# names stay plain text; any other unresolved name, such as a snippets class
# missing from docs/reference.md, still fails the build.
nitpick_ignore_regex = [
    ("py:class", r"(torch|numpy|matplotlib|sklearn)(\..+)?"),
    ("py:class", r"collections\.abc\.\w+"),
]

# -- HTML ----------------------------------------------------------------------

html_theme = "furo"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["site.css"]
html_show_sourcelink = False
html_copy_source = False
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "edition-switch.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
# Copy buttons on code a reader runs: notebook cells and doctest examples,
# never on outputs; prompts and printed results are left out of the copy.
copybutton_selector = (
    "div.cell_input div.highlight pre, div.highlight-pycon div.highlight pre, "
    "div.highlight-python div.highlight pre"
)
copybutton_exclude = ".linenos, .gp, .go"
mathjax3_config = {
    # The page needs no menu, and MathJax would fetch it on first click.
    "options": {"enableMenu": False},
}
