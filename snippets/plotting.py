"""Shared figure conventions: bilingual labels, fixed size, a white canvas.

Both editions show the same executed output, so every label on a figure
carries both languages, Vietnamese first. The white canvas keeps black text
and lines legible when the site is read in dark mode.

Importing this module inside IPython or Jupyter makes a returned figure show
as a PNG image, without pyplot and its global state.
"""

import io

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Colours for up to six series, distinguishable in colour-blind palettes.
COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")

STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100,
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def bilingual(vi: str, en: str) -> str:
    """Join a Vietnamese and an English label, Vietnamese first.

    >>> bilingual("độ chính xác", "accuracy")
    'độ chính xác / accuracy'
    """
    return f"{vi} / {en}"


def new_axes(width: float = 6.4, height: float = 3.2) -> Axes:
    """One axes on a new figure drawn in the project's style."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        return fig.add_subplot()


def new_grid(nrows: int, ncols: int, width: float, height: float):
    """A grid of axes on a new figure drawn in the project's style."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        return fig.subplots(nrows, ncols, squeeze=False)


def figure_of(ax: Axes) -> Figure:
    """The top-level figure that holds ``ax``."""
    return ax.get_figure(root=True)


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG, with no metadata that changes between runs."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, metadata={"Software": None})
    return buffer.getvalue()


def _display_figures_as_png() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing displays figures
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, png_bytes)


_display_figures_as_png()
