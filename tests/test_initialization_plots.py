"""Tests for snippets.initialization_plots: what each figure draws."""

import numpy as np
import pytest

from snippets.initialization import (
    INITIALIZATIONS,
    signal_per_layer,
    train_deep,
)
from snippets.initialization_plots import init_label, plot_signal, plot_training


@pytest.fixture(scope="module")
def traces():
    small = [signal_per_layer(n, 4, 16, n_inputs=50) for n in INITIALIZATIONS]
    with_bias = signal_per_layer("pytorch", 4, 16, zero_bias=False, n_inputs=50)
    return [*small, with_bias]


@pytest.fixture(scope="module")
def runs():
    return [train_deep(n, depth=10, width=64, steps=5) for n in INITIALIZATIONS]


def test_plot_signal_draws_one_line_per_trace_on_each_panel(traces):
    fig = plot_signal(traces)
    forward, backward = fig.axes
    assert len(forward.lines) == len(backward.lines) == len(traces)
    for line, trace in zip(forward.lines, traces, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), trace.second_moment)
        np.testing.assert_array_equal(line.get_xdata(), np.arange(5))
    for line, trace in zip(backward.lines, traces, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), trace.weight_grad_rms)
    assert forward.get_yscale() == backward.get_yscale() == "log"
    assert backward.lines[-1].get_linestyle() == "--"  # the run with its bias


def test_plot_signal_legend_names_every_scheme_in_both_languages(traces):
    fig = plot_signal(traces)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == [init_label(t) for t in traces]
    assert "He (Kaiming)" in labels
    assert "mặc định của nn.Linear / nn.Linear default" in labels
    assert labels[-1].endswith("with its bias")
    assert "/" in fig.axes[0].get_xlabel()


def test_plot_training_draws_losses_and_accuracies(runs):
    fig = plot_training(runs)
    curves, bars = fig.axes
    assert len(curves.lines) == len(runs)
    heights = [p.get_height() for p in bars.patches]
    np.testing.assert_allclose(heights, [r.test_accuracy for r in runs])
    he_line = curves.lines[INITIALIZATIONS.index("he")]
    np.testing.assert_allclose(he_line.get_ydata(), runs[-1].losses)
    legend = [t.get_text() for t in curves.get_legend().get_texts()]
    assert legend[0] == "N(0, 1) (phân kỳ) / N(0, 1) (diverged)"
    assert len(curves.lines[0].get_ydata()) == 0  # no finite loss to draw


def test_plots_draw_on_given_axes(traces):
    from snippets.plotting import new_grid

    axes = new_grid(1, 2, width=6, height=3)
    fig = plot_signal(traces[:2], axes=axes)
    assert fig is axes[0, 0].get_figure(root=True)
    assert len(axes[0, 1].lines) == 2
