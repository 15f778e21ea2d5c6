"""Serve MathJax from the site itself, so math renders with no network.

Only the files a page loads are copied: the combined TeX-to-CHTML script and
its web fonts (about 1.9 MB in all, of 35 MB in the package).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

#: Where the script lands, relative to ``_static``.
MATHJAX_PATH = "mathjax/tex-chtml.js"


def mathjax_source() -> Path:
    """The folder of MathJax's browser build inside the installed package."""
    import mathjax  # from django-static-mathjax; plain files, no Django needed

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "tex-chtml.js", target / "tex-chtml.js")
    fonts = Path("output") / "chtml" / "fonts" / "woff-v2"
    shutil.copytree(source / fonts, target / fonts, dirs_exist_ok=True)


def setup(app: Sphinx) -> dict:
    app.config.mathjax_path = MATHJAX_PATH
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
