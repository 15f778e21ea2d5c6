"""Tests for snippets.initialization: closed forms against measurements."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from snippets.initialization import (
    INITIALIZATIONS,
    RELU_SECOND_MOMENT_RATIO,
    RELU_VARIANCE_RATIO,
    dead_fraction,
    deep_relu_mlp,
    default_weight_variance,
    geometric_mean_ratio,
    he_uniform_variance,
    initialize,
    relu_moments,
    signal_per_layer,
    standardized_digits,
    train_deep,
    weight_variance,
)

SEEDS = [0, 1, 2]
WIDTH = 256
DEPTH = 20
N_INPUTS = 300  # enough for per-layer means of 300 x 256 values; keeps tests fast


@pytest.fixture(scope="module")
def traces():
    """Zero-bias traces for every scheme and seed, computed once."""
    return {
        (name, seed): signal_per_layer(name, DEPTH, WIDTH, seed=seed, n_inputs=N_INPUTS)
        for name in INITIALIZATIONS
        for seed in SEEDS
    }


# Closed forms and the weights each scheme draws -----------------------------


def test_weight_variance_closed_forms():
    assert weight_variance("he", 100, 7) == pytest.approx(2 / 100)
    assert weight_variance("xavier", 100, 300) == pytest.approx(2 / 400)
    assert weight_variance("pytorch", 100, 7) == pytest.approx(1 / 300)
    assert weight_variance("normal", 100, 7) == 1.0
    # He's variance is six times the default's, for every fan-in.
    for n in (1, 64, 256, 784):
        ratio = weight_variance("he", n, 1) / weight_variance("pytorch", n, 1)
        assert ratio == pytest.approx(6.0)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", INITIALIZATIONS)
def test_initialize_draws_the_stated_variance(name, seed):
    torch.manual_seed(seed)
    layer = initialize(nn.Linear(300, 200, dtype=torch.float64), name)
    measured = float(layer.weight.detach().pow(2).mean())
    # 60,000 weights: the relative standard error is at most sqrt(2 / 60,000)
    # = 0.6 %, so 4 % is more than six standard errors.
    assert measured == pytest.approx(weight_variance(name, 300, 200), rel=0.04)
    assert torch.all(layer.bias == 0)


def test_pytorch_scheme_can_keep_its_own_bias():
    torch.manual_seed(0)
    layer = initialize(nn.Linear(100, 50), "pytorch", zero_bias=False)
    bias = layer.bias.detach()
    assert torch.any(bias != 0)
    assert float(bias.abs().max()) <= 1 / math.sqrt(100)


@pytest.mark.parametrize("seed", SEEDS)
def test_default_linear_weight_variance_is_one_third_of_one_over_n(seed):
    v = default_weight_variance(64, 256, seed=seed)
    # Five standard errors of the mean of w^2 for U(-a, a).
    tolerance = 5 * v.relative_std_error * v.pytorch_closed_form
    assert abs(v.empirical - v.pytorch_closed_form) < tolerance
    assert abs(v.empirical - 1 / (3 * 64)) < tolerance
    assert v.he / v.empirical == pytest.approx(6.0, rel=0.05)


@pytest.mark.parametrize("seed", SEEDS)
def test_default_linear_matches_an_independent_uniform_draw(seed):
    torch.manual_seed(seed)
    w = nn.Linear(128, 64).weight.detach()
    bound = 1 / math.sqrt(128)
    assert float(w.abs().max()) <= bound
    # A uniform on [-bound, bound] fills it: the largest |w| is near bound.
    assert float(w.abs().max()) > 0.99 * bound


@pytest.mark.parametrize("seed", SEEDS)
def test_he_uniform_has_variance_two_over_n(seed):
    n, m = 256, 256
    rel_std_error = 3 * math.sqrt(4 / 45) / math.sqrt(n * m)
    measured = he_uniform_variance(n, m, seed=seed)
    assert measured == pytest.approx(2 / n, rel=5 * rel_std_error)
    # sqrt(6 / n) is the bound whose uniform has variance (6 / n) / 3 = 2 / n.
    assert (math.sqrt(6 / n) ** 2) / 3 == pytest.approx(2 / n)


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_halves_the_second_moment_but_not_the_variance(seed):
    m = relu_moments(1_000_000, seed=seed)
    # Standard errors are about 1e-3 or less for a million samples.
    assert m.active_fraction == pytest.approx(0.5, abs=0.005)
    assert m.second_moment_ratio == pytest.approx(RELU_SECOND_MOMENT_RATIO, abs=0.01)
    assert m.variance_ratio == pytest.approx(RELU_VARIANCE_RATIO, abs=0.01)


# The signal through 20 layers ----------------------------------------------------


def test_standardized_digits_have_unit_second_moment():
    x, y = standardized_digits()
    assert x.shape == (1797, 64) and y.shape == (1797,)
    assert float(x.mean()) == pytest.approx(0.0, abs=1e-12)
    assert float((x**2).mean()) == pytest.approx(1.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_he_keeps_the_second_moment(traces, seed):
    q = traces["he", seed].second_moment
    assert q[0] == pytest.approx(1.0, rel=0.1)  # a subset of unit-moment data
    # After 20 layers, within a factor 2 of the input's; never beyond 4.
    assert 0.5 < q[-1] / q[0] < 2.0
    assert np.all((q / q[0] > 0.25) & (q / q[0] < 4.0))
    assert 0.9 < geometric_mean_ratio(traces["he", seed]) < 1.1


@pytest.mark.parametrize("seed", SEEDS)
def test_xavier_halves_the_second_moment_per_layer(traces, seed):
    trace = traces["xavier", seed]
    # Closed form for square layers: 256 * (1 / 256) / 2 = 1 / 2 per layer.
    assert 0.4 < geometric_mean_ratio(trace) < 0.6
    assert np.all((trace.ratios[1:] > 0.3) & (trace.ratios[1:] < 0.8))
    assert trace.second_moment[-1] < 1e-5


@pytest.mark.parametrize("seed", SEEDS)
def test_pytorch_default_shrinks_by_about_six_per_layer(traces, seed):
    trace = traces["pytorch", seed]
    # Closed form: n * (1 / (3n)) / 2 = 1 / 6 per layer.
    assert 0.75 / 6 < geometric_mean_ratio(trace) < 1.25 / 6
    assert np.all((trace.ratios[1:] > 0.08) & (trace.ratios[1:] < 0.3))
    assert trace.second_moment[-1] < 1e-12


@pytest.mark.parametrize("seed", SEEDS)
def test_standard_normal_weights_explode(traces, seed):
    trace = traces["normal", seed]
    # Closed form: 256 * 1 / 2 = 128 per layer.
    assert 96 < geometric_mean_ratio(trace) < 160
    assert trace.second_moment[-1] > 1e35


@pytest.mark.parametrize("seed", SEEDS)
def test_default_bias_stops_the_shrinking_at_one_over_5n(seed):
    trace = signal_per_layer(
        "pytorch", DEPTH, WIDTH, zero_bias=False, seed=seed, n_inputs=N_INPUTS
    )
    # Fixed point of q -> q / 6 + 1 / (6n) is q* = 1 / (5n).
    fixed_point = 1 / (5 * WIDTH)
    assert np.all(
        (trace.second_moment[-5:] > fixed_point / 2)
        & (trace.second_moment[-5:] < 2 * fixed_point)
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_scale_does_not_change_which_units_are_active(traces, seed):
    he = traces["he", seed]
    for name in ("normal", "xavier"):
        other = traces[name, seed]
        # Same random draws up to one positive factor per layer, zero bias:
        # the sign of every pre-activation is the same.
        np.testing.assert_array_equal(other.active_fraction, he.active_fraction)
        np.testing.assert_array_equal(other.dead_fraction, he.dead_fraction)
    for name in INITIALIZATIONS:
        active = traces[name, seed].active_fraction
        assert np.all((active > 0.4) & (active < 0.6))


@pytest.mark.parametrize("seed", SEEDS)
def test_gradients_at_initialization(traces, seed):
    he = traces["he", seed].weight_grad_rms
    assert he.max() / he.min() < 5
    assert traces["xavier", seed].weight_grad_rms.max() < he.min() / 100
    assert traces["pytorch", seed].weight_grad_rms.max() < he.min() / 1e6
    assert traces["normal", seed].weight_grad_rms.min() > he.max() * 1e10


@pytest.mark.parametrize("seed", [0, 1])
def test_batchnorm_makes_the_forward_signal_independent_of_scale(seed):
    ends = [
        signal_per_layer(
            name, 8, 64, batchnorm=True, seed=seed, n_inputs=200
        ).second_moment[1:]
        for name in INITIALIZATIONS
    ]
    # BatchNorm gives each unit mean 0 and variance 1; ReLU halves E[z^2].
    for q in ends:
        np.testing.assert_allclose(q, 0.5, atol=0.05)


def test_geometric_mean_ratio_rejects_bad_layers(traces):
    with pytest.raises(ValueError, match="first < last"):
        geometric_mean_ratio(traces["he", 0], first=5, last=5)
    with pytest.raises(ValueError, match="first < last"):
        geometric_mean_ratio(traces["he", 0], first=0, last=DEPTH + 1)


# A short training run ---------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_he_trains_where_the_default_does_not(seed):
    he = train_deep("he", depth=10, width=64, steps=100, seed=seed)
    default = train_deep("pytorch", depth=10, width=64, steps=100, seed=seed)
    assert not he.diverged and not default.diverged
    assert np.nanmean(he.losses[-20:]) < 0.6
    assert np.nanmean(default.losses[-20:]) > 2.2  # log 10 = 2.30: chance
    assert he.test_accuracy > 0.8
    assert default.test_accuracy < 0.2


def test_standard_normal_training_diverges():
    run = train_deep("normal", depth=10, width=64, steps=20, seed=0)
    assert run.diverged
    assert np.isnan(run.losses[-1])


# Bad input ---------------------------------------------------------------------------


def test_unknown_initialization_names_are_rejected():
    for call in (
        lambda: weight_variance("kaiming", 4, 4),
        lambda: initialize(nn.Linear(4, 4), "glorot"),
        lambda: deep_relu_mlp(4, 4, 2, "lecun"),
        lambda: signal_per_layer("uniform", 2, 4, n_inputs=4),
        lambda: train_deep("zeros", 2, 4, steps=1),
    ):
        with pytest.raises(ValueError, match=r"unknown initialization .* expected"):
            call()


@pytest.mark.parametrize("bad", [0, -3])
def test_non_positive_sizes_are_rejected(bad):
    with pytest.raises(ValueError, match="width must be a positive integer"):
        deep_relu_mlp(64, bad, 2, "he")
    with pytest.raises(ValueError, match="width must be a positive integer"):
        signal_per_layer("he", 2, bad)
    with pytest.raises(ValueError, match="fan_in must be a positive integer"):
        weight_variance("he", bad, 4)
    with pytest.raises(ValueError, match="fan_out must be a positive integer"):
        default_weight_variance(4, bad)
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        train_deep("he", 2, 4, steps=bad)
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        relu_moments(bad)
    with pytest.raises(ValueError, match="n_outputs must be a positive integer"):
        deep_relu_mlp(64, 4, 2, "he", n_outputs=bad)


def test_depth_zero_is_rejected():
    with pytest.raises(ValueError, match="depth must be a positive integer, got 0"):
        deep_relu_mlp(64, 8, 0, "he")
    with pytest.raises(ValueError, match="depth must be a positive integer, got 0"):
        signal_per_layer("he", depth=0)
    with pytest.raises(ValueError, match="depth must be a positive integer"):
        train_deep("he", depth=0)


def test_non_integer_sizes_are_rejected():
    with pytest.raises(ValueError, match="width must be a positive integer"):
        deep_relu_mlp(64, 2.5, 2, "he")


def test_dead_fraction_needs_a_relu():
    with pytest.raises(ValueError, match="no ReLU"):
        dead_fraction(nn.Sequential(nn.Linear(3, 2)), torch.zeros(4, 3))


def test_dead_fraction_counts_units_off_for_every_input():
    net = nn.Sequential(nn.Linear(1, 2), nn.ReLU())
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[1.0], [0.0]]))
        net[0].bias.copy_(torch.tensor([0.0, -1.0]))
    x = torch.tensor([[-1.0], [2.0]])
    assert dead_fraction(net, x) == 0.5  # unit 2 is always -1, unit 1 is not


def test_more_bad_sizes_are_rejected():
    with pytest.raises(ValueError, match="n_inputs must be a positive integer, got 0"):
        signal_per_layer("he", 2, 4, n_inputs=0)
    with pytest.raises(ValueError, match="fan_in must be a positive integer, got -1"):
        he_uniform_variance(-1, 4)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        train_deep("he", 2, 4, steps=1, batch_size=0)


def test_experiments_repeat_and_leave_global_rng_alone():
    torch.manual_seed(1234)
    state = torch.get_rng_state()
    first = train_deep("he", depth=3, width=8, steps=5, seed=2)
    trace = signal_per_layer("xavier", 3, 8, n_inputs=16, seed=2)
    assert torch.equal(torch.get_rng_state(), state)
    torch.manual_seed(4321)
    np.testing.assert_array_equal(
        train_deep("he", depth=3, width=8, steps=5, seed=2).losses, first.losses
    )
    again = signal_per_layer("xavier", 3, 8, n_inputs=16, seed=2)
    np.testing.assert_array_equal(again.second_moment, trace.second_moment)
