"""Tests for snippets.batchnorm_plots: what the comparison figure draws."""

import numpy as np
import pytest

from snippets.batchnorm_plots import (
    SETUPS,
    plot_batchnorm_comparison,
    plot_with_without,
)
from snippets.dying_relu import RunConfig, RunResult


def _results(vary: str, values, dead_without, dead_with):
    out = []
    for batchnorm, dead in ((False, dead_without), (True, dead_with)):
        for v, d in zip(values, dead, strict=True):
            out.append(
                RunResult(
                    RunConfig(batchnorm=batchnorm, **{vary: v}), d, False, 0, 0, 0
                )
            )
    return out


def test_two_lines_with_their_data():
    results = _results("lr", [0.1, 1.0], [0.1, 0.5], [0.0, 0.0])
    ax = plot_with_without(results, "lr").axes[0]
    assert [line.get_label() for line in ax.lines] == [SETUPS[False], SETUPS[True]]
    assert np.allclose(ax.lines[0].get_ydata(), [0.1, 0.5])
    assert np.allclose(ax.lines[1].get_ydata(), [0.0, 0.0])
    assert ax.get_xscale() == "log"


def test_comparison_has_two_panels_and_one_legend():
    lr = _results("lr", [0.1, 1.0], [0.1, 0.5], [0.0, 0.0])
    bias = _results("bias", [0.0, -1.0], [0.0, 0.6], [0.0, 0.0])
    left, right = plot_batchnorm_comparison(lr, bias).axes
    assert left.get_legend() is not None and right.get_legend() is None
    assert np.allclose(right.lines[0].get_xdata(), [0.0, -1.0])
    assert right.xaxis_inverted()


def test_bad_vary():
    with pytest.raises(ValueError, match="vary must be"):
        plot_with_without([], "steps")
