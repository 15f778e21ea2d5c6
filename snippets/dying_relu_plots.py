"""Figures for lecture section 1.3: dead units against the learning rate and
the bias, and dead units over training."""

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from snippets.dying_relu import ACTIVATIONS, RevivalTrace, RunResult
from snippets.plotting import COLORS, bilingual, figure_of, new_axes, new_grid

#: Names printed in figures and legends, the same in both languages.
LABELS = {
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "prelu": "PReLU",
    "elu": "ELU",
    "gelu": "GELU",
}
DEAD_FRACTION_LABEL = bilingual("tỉ lệ unit chết", "dead fraction")
#: Axis labels of the two sweeps, shared with the BatchNorm chapter's figure.
AXIS_LABELS = {
    "lr": "learning rate α",  # noqa: RUF001  the lecture's term in both languages
    "bias": bilingual("bias khởi tạo", "initial bias"),
}


def check_vary(vary: str) -> None:
    """Refuse an axis other than the learning rate or the initial bias."""
    if vary not in AXIS_LABELS:
        raise ValueError(f"vary must be 'lr' or 'bias', got {vary!r}")


def format_sweep_axis(ax: Axes, vary: str) -> None:
    """Scales, limits and labels of a dead-fraction plot against ``vary``:
    learning rates on a log scale, more negative biases to the right."""
    if vary == "lr":
        ax.set_xscale("log")
    else:
        ax.invert_xaxis()
    ax.set_ylim(-0.02, 1.0)
    ax.set_xlabel(AXIS_LABELS[vary])
    ax.set_ylabel(DEAD_FRACTION_LABEL)


def plot_dead_fraction(
    results: Sequence[RunResult], vary: str, ax: Axes | None = None
) -> Figure:
    """Draw the dead fraction against ``vary`` (``"lr"`` or ``"bias"``), one
    line per activation; a diverged run is drawn as a cross at the top."""
    check_vary(vary)
    if ax is None:
        ax = new_axes(width=4.0, height=3.0)
    names = [n for n in ACTIVATIONS if any(r.config.activation == n for r in results)]

    for i, name in enumerate(names):
        runs = [r for r in results if r.config.activation == name]
        values = np.array([getattr(r.config, vary) for r in runs], dtype=float)
        dead = np.array([r.dead_fraction for r in runs])
        ax.plot(values, dead, marker="o", ms=4, color=COLORS[i], label=LABELS[name])
        diverged = np.array([r.diverged for r in runs])
        if diverged.any():
            ax.plot(
                values[diverged],
                np.full(diverged.sum(), 1.02 + 0.025 * i),
                "x",
                color=COLORS[i],
                clip_on=False,
            )

    format_sweep_axis(ax, vary)
    return figure_of(ax)


def plot_sweeps(
    lr_results: Sequence[RunResult],
    bias_results: Sequence[RunResult],
    axes: np.ndarray | None = None,
) -> Figure:
    """Two panels side by side: dead fraction against the learning rate and
    against the initial bias, with one shared legend."""
    if axes is None:
        axes = new_grid(1, 2, width=7.2, height=3.3)[0]
    plot_dead_fraction(lr_results, "lr", axes[0])
    plot_dead_fraction(bias_results, "bias", axes[1])
    axes[1].set_ylabel("")
    axes[0].plot(
        [], [], "x", color="0.3", label=bilingual("phân kỳ (NaN)", "diverged (NaN)")
    )
    axes[0].legend(fontsize=7, frameon=False, loc="upper left")
    return figure_of(axes[0])


def plot_revival(trace: RevivalTrace, ax: Axes | None = None) -> Figure:
    """Draw the dead fraction of each hidden layer over training, with the
    step where the learning rate drops."""
    if ax is None:
        ax = new_axes(width=6.4, height=3.0)
    fractions = trace.dead_fraction  # (checkpoints, layers)
    for layer in range(fractions.shape[1]):
        ax.plot(
            trace.steps,
            fractions[:, layer],
            color=COLORS[layer],
            label=bilingual(f"tầng ẩn {layer + 1}", f"hidden layer {layer + 1}"),
        )
    ax.axvline(trace.switch_step, color="0.5", ls="--", lw=1)
    ax.text(
        trace.switch_step,
        0.97,
        " " + bilingual("giảm learning rate", "learning rate lowered"),
        fontsize=7,
        va="top",
        color="0.3",
        transform=ax.get_xaxis_transform(),
    )
    ax.set_ylim(-0.02, 1.0)
    ax.set_xlabel(bilingual("bước SGD", "SGD step"))
    ax.set_ylabel(DEAD_FRACTION_LABEL)
    ax.legend(fontsize=7, frameon=False, loc="upper right")
    return figure_of(ax)
