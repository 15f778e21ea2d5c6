"""Figures for lecture section 1.4: dead ReLU units without and with
BatchNorm before each ReLU."""

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from snippets.dying_relu import RunResult
from snippets.dying_relu_plots import check_vary, format_sweep_axis
from snippets.plotting import COLORS, figure_of, new_axes, new_grid

#: Layer orders, written the same in both languages.
SETUPS = {False: "Linear → ReLU", True: "Linear → BatchNorm1d → ReLU"}


def plot_with_without(
    results: Sequence[RunResult], vary: str, ax: Axes | None = None
) -> Figure:
    """Draw the dead fraction of ReLU units against ``vary`` (``"lr"`` or
    ``"bias"``): one line without BatchNorm, one with it."""
    check_vary(vary)
    if ax is None:
        ax = new_axes(width=4.0, height=3.0)

    for i, batchnorm in enumerate((False, True)):
        runs = [r for r in results if r.config.batchnorm == batchnorm]
        if not runs:
            continue
        values = [getattr(r.config, vary) for r in runs]
        ax.plot(
            values,
            [r.dead_fraction for r in runs],
            marker="o" if batchnorm else "s",
            ms=4,
            color=COLORS[i * 5],
            label=SETUPS[batchnorm],
        )
    format_sweep_axis(ax, vary)
    return figure_of(ax)


def plot_batchnorm_comparison(
    lr_results: Sequence[RunResult],
    bias_results: Sequence[RunResult],
    axes: np.ndarray | None = None,
) -> Figure:
    """Two panels: against the learning rate and against the initial bias."""
    if axes is None:
        axes = new_grid(1, 2, width=7.2, height=3.1)[0]
    plot_with_without(lr_results, "lr", axes[0])
    plot_with_without(bias_results, "bias", axes[1])
    axes[1].set_ylabel("")
    axes[0].legend(fontsize=7, frameon=False, loc="upper left")
    return figure_of(axes[0])
