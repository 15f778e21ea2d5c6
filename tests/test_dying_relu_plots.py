"""Tests for snippets.dying_relu_plots: what each figure draws."""

import math

import numpy as np
import pytest

from snippets.dying_relu import RevivalTrace, RunConfig, RunResult
from snippets.dying_relu_plots import (
    LABELS,
    plot_dead_fraction,
    plot_revival,
    plot_sweeps,
)


def _result(name: str, dead: float, **config) -> RunResult:
    diverged = math.isnan(dead)
    return RunResult(RunConfig(activation=name, **config), dead, diverged, 0, 0, 0)


def _lr_results():
    return [
        _result("relu", 0.0, lr=0.1),
        _result("relu", 0.4, lr=1.0),
        _result("elu", 0.0, lr=0.1),
        _result("elu", math.nan, lr=1.0),
    ]


def test_one_line_per_activation_and_crosses_for_diverged():
    fig = plot_dead_fraction(_lr_results(), "lr")
    ax = fig.axes[0]
    lines = [line for line in ax.lines if line.get_marker() == "o"]
    assert [line.get_label() for line in lines] == [LABELS["relu"], LABELS["elu"]]
    assert np.allclose(lines[0].get_ydata(), [0.0, 0.4])
    crosses = [line for line in ax.lines if line.get_marker() == "x"]
    assert len(crosses) == 1
    assert np.allclose(crosses[0].get_xdata(), [1.0])
    assert ax.get_xscale() == "log"


def test_sweeps_draw_two_panels_with_a_legend():
    bias = [_result("relu", d, bias=b) for b, d in [(0.0, 0.0), (-1.0, 0.6)]]
    fig = plot_sweeps(_lr_results(), bias)
    left, right = fig.axes
    assert left.get_legend() is not None
    legend = [t.get_text() for t in left.get_legend().get_texts()]
    assert "ReLU" in legend
    assert any("diverged" in t for t in legend)
    assert np.allclose(right.lines[0].get_xdata(), [0.0, -1.0])
    assert right.xaxis_inverted()
    assert "initial bias" in right.get_xlabel()


def test_revival_draws_one_line_per_layer():
    dead = np.zeros((3, 2, 4), dtype=bool)
    dead[1:, 1, :2] = True
    trace = RevivalTrace(np.array([0, 5, 10]), dead, switch_step=5)
    ax = plot_revival(trace).axes[0]
    layers = [line for line in ax.lines if "layer" in line.get_label()]
    assert len(layers) == 2
    assert np.allclose(layers[1].get_ydata(), [0.0, 0.5, 0.5])
    assert ax.lines[-1].get_xdata()[0] == 5  # the switch line


def test_bad_vary():
    with pytest.raises(ValueError, match="vary must be"):
        plot_dead_fraction(_lr_results(), "depth")
