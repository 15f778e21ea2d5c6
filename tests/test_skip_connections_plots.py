"""Tests for snippets.skip_connections_plots: what each figure draws."""

import math

import numpy as np
from matplotlib.figure import Figure

from snippets import skip_connections as sc
from snippets.skip_connections_plots import (
    kind_label,
    plot_gradient_norms,
    plot_losses,
)


def test_gradient_norms_one_line_per_profile_one_legend_entry_per_kind():
    profiles = [
        ("plain", np.array([1e-6, 1e-3, 1e-1])),
        ("plain", np.array([2e-6, 2e-3, 2e-1])),
        ("residual", np.array([1.0, 0.8, 1.2])),
    ]
    fig = plot_gradient_norms(profiles)
    ax = fig.axes[0]
    assert isinstance(fig, Figure)
    assert len(ax.lines) == 3
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), profiles[1][1])
    assert ax.get_yscale() == "log"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [kind_label("plain"), kind_label("residual")]
    assert " / " in ax.get_xlabel()


def test_losses_draws_each_run_and_the_uniform_guess():
    runs = [
        sc.Run("plain", 0, np.ones(3), np.full(5, 2.3), 0.1),
        sc.Run("residual", 0, np.ones(3), np.linspace(2.5, 0.1, 5), 0.9),
    ]
    fig = plot_losses(runs)
    ax = fig.axes[0]
    assert len(ax.lines) == 3  # two runs and the ln 10 line
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), runs[1].losses)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), np.arange(1, 6))
    assert ax.lines[2].get_ydata()[0] == math.log(10)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        kind_label("plain"),
        kind_label("residual"),
    ]


def test_plots_draw_on_a_given_axes():
    from snippets.plotting import new_axes

    ax = new_axes()
    fig = plot_gradient_norms([("residual", np.ones(4))], ax=ax)
    assert fig is ax.figure
    assert len(ax.lines) == 1
