"""Merge a cell's printed output exactly as it was printed.

The kernel sends what a cell prints in chunks, cut wherever its flush timer
happens to fall: ``print("a")`` may arrive as ``"a"`` then ``"\\nb..."``.
myst-nb's merging (``nb_merge_streams``) strips each later chunk's trailing
whitespace but keeps its leading newline, so such a cut shows as a blank line,
and two builds of the same page differ (seen on the chapter 1.5 page). This
extension first joins consecutive chunks of the same stream as they were
written, then lets myst-nb do the rest.
"""

from __future__ import annotations

import copy

import myst_nb.core.render as render
from sphinx.application import Sphinx

_MYST_NB_COALESCE = render.coalesce_streams


def join_chunks(outputs: list) -> list:
    """Consecutive outputs of one stream, joined into one, text untouched.

    >>> chunks = [{"output_type": "stream", "name": "stdout", "text": "a"},
    ...           {"output_type": "stream", "name": "stdout", "text": "\\nb\\n"}]
    >>> join_chunks(chunks)[0]["text"]
    'a\\nb\\n'
    """
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and output["output_type"] == "stream"
            and previous["output_type"] == "stream"
            and previous["name"] == output["name"]
        ):
            previous["text"] += output["text"]
        else:
            joined.append(copy.deepcopy(output))
    return joined


def coalesce_streams(outputs: list) -> list:
    return _MYST_NB_COALESCE(join_chunks(outputs))


def setup(app: Sphinx) -> dict:
    render.coalesce_streams = coalesce_streams
    return {"parallel_read_safe": True, "parallel_write_safe": True}
