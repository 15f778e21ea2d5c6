"""Small fixes so that an accessibility scan finds nothing serious.

- Toctree captions are written as ``role="heading"`` without the
  ``aria-level`` that this role requires; they get level 2.
- Code and output blocks that scroll sideways must be reachable by keyboard;
  ``_static/site.js`` gives every such block ``tabindex="0"``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class AccessibleTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, with ``aria-level`` on toctree captions."""

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
            attributes = {"CLASS": "caption", "ROLE": "heading", "aria-level": "2"}
            self.body.append(self.starttag(node, "p", "", **attributes))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)


def setup(app: Sphinx) -> dict:
    app.set_translator("html", AccessibleTranslator, override=True)
    app.add_js_file("site.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
