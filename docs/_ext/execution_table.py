"""``{execution-table}``: how long each chapter's code took to run, and with
which seeds, so that a reader can reproduce a figure.

The times come from the execution cache: both editions show the run that the
Vietnamese build made (or found in the cache). They are the one thing on the
site that differs between two clean builds; they are marked with the class
``exec-time`` so that the reproducibility check can set them aside.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

HEADERS = {
    "vi": ("Chương", "Thời gian chạy (giây)", "Seed"),
    "en": ("Chapter", "Run time (seconds)", "Seed"),
}
_SEED = re.compile(r"\bseed\s*=\s*(\d+)")


class execution_table(nodes.General, nodes.Element):
    """Placeholder, filled once every page has been read."""


class ExecutionTableDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [execution_table()]


def seeds_in(path: Path) -> list[int]:
    """Seeds the page's code uses: those it passes (``seed=...``), or 0, the
    default of every function in ``snippets`` (a test holds them to it)."""
    passed = {int(s) for s in _SEED.findall(path.read_text(encoding="utf-8"))}
    return sorted(passed or {0})


class FillExecutionTable(SphinxPostTransform):
    default_priority = 8

    def run(self, **kwargs) -> None:
        for placeholder in list(self.document.findall(execution_table)):
            placeholder.replace_self(self.table(placeholder))

    def table(self, placeholder: nodes.Node) -> nodes.table:
        env, builder = self.env, self.app.builder
        here = env.path2doc(self.document["source"])
        headers = HEADERS[self.config.language]
        group = nodes.tgroup(cols=len(headers))
        group += [nodes.colspec(colwidth=1) for _ in headers]
        head_row = nodes.row(
            "", *(nodes.entry("", nodes.paragraph(text=h)) for h in headers)
        )
        body = nodes.tbody()
        chapters = [
            d
            for d in env.found_docs
            if d != here and NbMetadataCollector.get_exec_data(env, d)
        ]
        for docname in sorted(chapters, key=lambda d: env.titles[d].astext()):
            data = NbMetadataCollector.get_exec_data(env, docname)
            title = env.titles[docname].astext()
            link = nodes.reference(
                "",
                title,
                internal=True,
                refuri=builder.get_relative_uri(here, docname),
            )
            runtime = data.get("runtime")
            seconds = "" if runtime is None else f"{runtime:.1f}"
            seeds = ", ".join(map(str, seeds_in(Path(env.doc2path(docname)))))
            body += nodes.row(
                "",
                nodes.entry("", nodes.paragraph("", "", link)),
                nodes.entry(
                    "",
                    nodes.paragraph(
                        "", "", nodes.inline(seconds, seconds, classes=["exec-time"])
                    ),
                ),
                nodes.entry("", nodes.paragraph(text=seeds)),
            )
        group += nodes.thead("", head_row)
        group += body
        return nodes.table("", group, classes=["execution-table"])


def setup(app: Sphinx) -> dict:
    app.add_node(execution_table)
    app.add_directive("execution-table", ExecutionTableDirective)
    app.add_post_transform(FillExecutionTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
