"""Figures for lecture section 1.2: gradient norms per layer and training
curves of deep plain and residual MLPs."""

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from snippets.plotting import COLORS, bilingual, figure_of, new_axes
from snippets.skip_connections import KINDS, Run

_KIND_LABEL = {
    "plain": bilingual("MLP thường", "plain MLP"),
    "residual": bilingual("MLP residual", "residual MLP"),
}
_KIND_COLOR = dict(zip(KINDS, COLORS, strict=False))


def kind_label(kind: str) -> str:
    """The bilingual name of a network kind, as the figures print it."""
    return _KIND_LABEL[kind]


def plot_gradient_norms(
    profiles: Sequence[tuple[str, np.ndarray]], ax: Axes | None = None
) -> Figure:
    """Draw the weight-gradient norm of every layer, on a log scale.

    ``profiles`` holds ``(kind, norms)`` pairs, norms input layer first; each
    pair is one line, coloured by kind, one legend entry per kind.
    """
    if ax is None:
        ax = new_axes(width=6.4, height=3.2)
    labelled = set()

    for kind, norms in profiles:
        layers = np.arange(1, len(norms) + 1)
        ax.plot(
            layers,
            norms,
            marker="o",
            markersize=3,
            linewidth=1.2,
            color=_KIND_COLOR[kind],
            label=None if kind in labelled else kind_label(kind),
        )
        labelled.add(kind)

    ax.set_yscale("log")
    ax.set_xlabel(bilingual("tầng (1 = gần đầu vào)", "layer (1 = next to input)"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("‖∂L/∂W‖ " + bilingual("(khởi tạo", "initialization)"))
    ax.legend(fontsize=8, loc="center left")
    return figure_of(ax)


def plot_losses(runs: Sequence[Run], ax: Axes | None = None) -> Figure:
    """Draw the training loss of each run against the step; a dashed line
    marks ln 10, the loss of a uniform guess over the ten digits."""
    if ax is None:
        ax = new_axes(width=6.4, height=3.2)
    labelled = set()

    for run in runs:
        ax.plot(
            np.arange(1, len(run.losses) + 1),
            run.losses,
            linewidth=1.2,
            color=_KIND_COLOR[run.kind],
            label=None if run.kind in labelled else kind_label(run.kind),
        )
        labelled.add(run.kind)
    ax.axhline(math.log(10), color="gray", linestyle="--", linewidth=1)
    ax.annotate(
        bilingual("đoán đều", "uniform guess") + " (ln 10)",
        xy=(1.0, math.log(10)),
        xycoords=("axes fraction", "data"),
        xytext=(0, 4),
        textcoords="offset points",
        ha="right",
        fontsize=7,
        color="gray",
    )

    ax.set_ylim(bottom=0)
    ax.set_xlabel(bilingual("bước huấn luyện", "training step"))
    ax.set_ylabel(bilingual("loss huấn luyện", "training loss"))
    ax.legend(fontsize=8, loc="center right")
    return figure_of(ax)
