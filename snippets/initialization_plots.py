"""Figures for lecture section 1.5: the signal through a deep ReLU MLP under
four initializations, and a short training run under each."""

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from snippets.initialization import INITIALIZATIONS, SignalTrace, TrainingRun
from snippets.plotting import COLORS, bilingual, figure_of, new_grid

_NAMES = {  # (Vietnamese, English)
    "normal": ("N(0, 1)", "N(0, 1)"),
    "xavier": ("Xavier (Glorot)", "Xavier (Glorot)"),
    "pytorch": ("mặc định của nn.Linear", "nn.Linear default"),
    "he": ("He (Kaiming)", "He (Kaiming)"),
}
_SHORT_NAMES = {
    "normal": "N(0, 1)",
    "xavier": "Xavier",
    "pytorch": bilingual("mặc định", "default"),
    "he": "He",
}


def init_label(run: SignalTrace | TrainingRun) -> str:
    """The label a figure prints for one run, bias and divergence included.

    >>> from snippets.initialization import signal_per_layer
    >>> init_label(signal_per_layer("he", depth=1, width=4, n_inputs=8))
    'He (Kaiming)'
    >>> init_label(signal_per_layer("pytorch", 1, 4, zero_bias=False, n_inputs=8))
    'mặc định của nn.Linear, cả bias / nn.Linear default, with its bias'
    """
    vi, en = _NAMES[run.name]
    if isinstance(run, SignalTrace) and not run.zero_bias:
        vi, en = vi + ", cả bias", en + ", with its bias"
    if isinstance(run, TrainingRun) and run.diverged:
        vi, en = vi + " (phân kỳ)", en + " (diverged)"
    return vi if vi == en else bilingual(vi, en)


def _style(trace: SignalTrace) -> dict:
    color = COLORS[INITIALIZATIONS.index(trace.name)]
    if trace.zero_bias:
        return {"color": color, "marker": "o", "markersize": 3}
    return {"color": color, "linestyle": "--", "marker": "x", "markersize": 4}


def plot_signal(
    traces: Sequence[SignalTrace], axes: np.ndarray | None = None
) -> Figure:
    """Draw, per layer, the second moment of the activations (left) and the
    RMS of the weight gradient at initialization (right), on log scales."""
    if axes is None:
        axes = new_grid(1, 2, width=8.0, height=3.6)
    forward, backward = np.ravel(axes)

    for trace in traces:
        style = _style(trace)
        forward.plot(
            np.arange(len(trace.second_moment)),
            trace.second_moment,
            label=init_label(trace),
            **style,
        )
        backward.plot(
            np.arange(1, len(trace.weight_grad_rms) + 1),
            trace.weight_grad_rms,
            **style,
        )

    forward.set(
        yscale="log",
        xlabel=bilingual("tầng", "layer"),
        ylabel="E[h²]",
        title=bilingual("moment bậc hai theo tầng", "second moment per layer").replace(
            " / ", "\n"
        ),
    )
    backward.set(
        yscale="log",
        xlabel=bilingual("tầng", "layer"),
        ylabel="RMS ∂L/∂W",
        title=bilingual("gradient lúc khởi tạo", "gradient at initialization").replace(
            " / ", "\n"
        ),
    )
    fig = figure_of(forward)
    fig.legend(
        *forward.get_legend_handles_labels(),
        loc="outside lower center",
        ncols=3,
        fontsize=7,
        frameon=False,
    )
    return fig


def plot_training(
    runs: Sequence[TrainingRun], axes: np.ndarray | None = None
) -> Figure:
    """Draw the training loss per step of each run (left) and its test
    accuracy (right); a diverged run shows where its loss stopped."""
    if axes is None:
        axes = new_grid(1, 2, width=8.0, height=3.2)
    curves, bars = np.ravel(axes)

    for i, run in enumerate(runs):
        color = COLORS[INITIALIZATIONS.index(run.name)]
        finite = np.isfinite(run.losses) & (run.losses < 10)
        curves.plot(
            np.flatnonzero(finite),
            run.losses[finite],
            color=color,
            label=init_label(run),
        )
        bars.bar(i, run.test_accuracy, color=color)

    curves.set(
        xlabel=bilingual("bước", "step"),
        ylabel=bilingual("loss huấn luyện", "training loss"),
        ylim=(0, None),
    )
    curves.legend(fontsize=7, frameon=False)
    bars.set_xticks(
        range(len(runs)),
        [_SHORT_NAMES[r.name].replace(" / ", "\n") for r in runs],
        fontsize=7,
    )
    bars.set(ylim=(0, 1), ylabel=bilingual("độ chính xác kiểm tra", "test accuracy"))
    return figure_of(curves)
