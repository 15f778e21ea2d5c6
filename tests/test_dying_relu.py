"""Tests for snippets.dying_relu: the dead-unit count and what drives it."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from snippets.dying_relu import (
    ACTIVATIONS,
    RunConfig,
    build_mlp,
    dead_fraction,
    dead_masks,
    derivatives,
    digits_split,
    gradient_below_dead_layer,
    negative_region_derivatives,
    pre_activations,
    revival_trace,
    sweep,
    train,
)
from snippets.training import activation

SEEDS = [0, 1, 2]


@pytest.fixture(scope="module")
def split():
    return digits_split(0)


# Definition of a dead unit ---------------------------------------------------


def test_relu_dead_means_pre_activation_never_positive(split):
    """For ReLU the derivative definition equals "z <= 0 on every example"."""
    torch.manual_seed(0)
    model = build_mlp(64, 32, 10, depth=3, bias=-0.5)
    by_gradient = dead_masks(model, split.x_train)
    by_sign = [(z <= 0).all(dim=0) for z in pre_activations(model, split.x_train)]
    for g, s in zip(by_gradient, by_sign, strict=True):
        assert torch.equal(g, s)
    assert 0.2 < dead_fraction(model, split.x_train) < 1.0


def test_derivatives_match_closed_forms():
    z = torch.linspace(-6, 6, 101)
    sig = torch.sigmoid(z)
    assert torch.allclose(derivatives(nn.Sigmoid(), z), sig * (1 - sig), atol=1e-6)
    assert torch.allclose(derivatives(nn.Tanh(), z), 1 - torch.tanh(z) ** 2, atol=1e-6)
    expected_elu = torch.where(z > 0, torch.ones_like(z), torch.exp(z))
    assert torch.allclose(derivatives(nn.ELU(), z), expected_elu, atol=1e-6)
    expected_leaky = torch.where(z > 0, 1.0, 0.01)
    assert torch.allclose(derivatives(nn.LeakyReLU(), z), expected_leaky)


def test_negative_region_derivatives():
    d = negative_region_derivatives(["relu", "sigmoid", "tanh", "elu"], [-1.0, -5.0])
    assert np.all(d["relu"] == 0)
    for name in ("sigmoid", "tanh", "elu"):  # small but not zero
        assert np.all(d[name] > 0)
    assert d["sigmoid"][1] == pytest.approx(math.exp(-5) / (1 + math.exp(-5)) ** 2)
    assert d["tanh"][1] < d["sigmoid"][1] < d["sigmoid"][0]


def test_dead_masks_refuse_diverged_models(split):
    model = build_mlp(64, 8, 10, depth=1)
    with torch.no_grad():
        model[0].weight.fill_(float("nan"))
    with pytest.raises(ValueError, match="diverged"):
        dead_masks(model, split.x_train)


# The experiments' claims, across seeds --------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_dead_fraction_grows_with_learning_rate(seed):
    small = train(RunConfig(lr=0.01, seed=seed))[1]
    large = train(RunConfig(lr=2.0, seed=seed))[1]
    assert not large.diverged
    assert small.dead_fraction < 0.1
    assert large.dead_fraction > small.dead_fraction + 0.25


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_dead_fraction_grows_with_negative_bias(seed):
    results = sweep(["relu"], [0.0, -0.5, -2.0], "bias", RunConfig(seed=seed))
    dead = [r.dead_fraction for r in results]
    assert dead[0] < 0.05
    assert dead[0] + 0.2 < dead[1] < dead[2]
    # the whole network is a constant function once a layer is all dead
    assert results[2].output_spread < 1e-6
    assert results[2].test_accuracy < 0.2


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if n != "relu"])
def test_variants_do_not_die(name, seed):
    for config in (
        RunConfig(activation=name, lr=0.3, seed=seed),
        RunConfig(activation=name, bias=-2.0, seed=seed),
    ):
        result = train(config)[1]
        assert not result.diverged
        assert result.dead_fraction == 0.0


def test_diverged_run_is_reported_not_counted(split):
    result = train(RunConfig(activation="elu", lr=2.0), split)[1]
    assert result.diverged
    assert math.isnan(result.dead_fraction)


def test_dead_first_layer_unit_never_changes(split):
    """A unit dead on the whole training set gets no gradient, so plain SGD
    leaves its weights exactly as they were."""
    torch.manual_seed(0)
    model = build_mlp(64, 16, 10, depth=2)
    with torch.no_grad():
        model[0].bias[3] = -100.0
    before = model[0].weight[3].clone()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(20):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(split.x_train), split.y_train).backward()
        optimizer.step()
    assert torch.equal(model[0].weight[3], before)
    assert model[0].bias[3] == -100.0
    assert dead_masks(model, split.x_train)[0][3]


def test_revival_trace():
    trace = revival_trace(high_steps=20, low_steps=20, every=10)
    assert list(trace.steps) == [*range(21), 30, 40]
    assert trace.dead.shape == (23, 3, 32)
    assert trace.dead_fraction.shape == (23, 3)
    revived = trace.revived()
    assert np.all(revived <= trace.dead[20].sum(axis=1))


@pytest.mark.parametrize("seed", SEEDS)
def test_one_large_update_kills_many_units(seed):
    """At learning rate 2, some single SGD step kills over 5% of all units.

    The dynamics at this rate are chaotic: the largest one-step jump ranged
    from 7.3% to 19.8% over seeds 0-5 with one or two torch threads.
    """
    trace = revival_trace(high_steps=100, low_steps=1, every=1, seed=seed)
    step, jump = trace.largest_jump()
    assert 0 <= step < 100
    assert jump > 0.05
    total = trace.dead.reshape(len(trace.steps), -1).mean(axis=1)
    assert total[step + 1] - total[step] == pytest.approx(jump)


def test_skip_connection_carries_gradient_past_dead_layer():
    assert gradient_below_dead_layer(residual=False) == 0.0
    assert gradient_below_dead_layer(residual=True) > 0.1


# Bad input -----------------------------------------------------------------


def test_unknown_activation():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        activation("swish")
    with pytest.raises(ValueError, match="unknown activation"):
        build_mlp(64, 8, 10, depth=1, activation_name="Relu")
    with pytest.raises(ValueError, match="unknown activation"):
        RunConfig(activation="")


@pytest.mark.parametrize("size", [0, -3, 2.5, True])
def test_non_positive_sizes(size):
    with pytest.raises(ValueError, match="n_hidden must be a positive integer"):
        build_mlp(64, size, 10, depth=1)
    with pytest.raises(ValueError, match="n_inputs must be a positive integer"):
        build_mlp(size, 8, 10, depth=1)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        RunConfig(batch_size=size)


@pytest.mark.parametrize("depth", [0, -1])
def test_depth_zero(depth):
    with pytest.raises(ValueError, match="depth must be a positive integer"):
        build_mlp(64, 8, 10, depth=depth)
    with pytest.raises(ValueError, match="depth must be a positive integer"):
        RunConfig(depth=depth)


@pytest.mark.parametrize("lr", [0, -0.1, float("inf"), float("nan")])
def test_non_positive_learning_rate(lr):
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        RunConfig(lr=lr)
    with pytest.raises(ValueError, match="high_lr must be a positive"):
        revival_trace(high_lr=lr)


def test_bad_sweep_and_steps():
    with pytest.raises(ValueError, match="vary must be 'lr' or 'bias'"):
        sweep(["relu"], [0.1], "steps")
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        RunConfig(steps=0)
    with pytest.raises(ValueError, match="every must be a positive integer"):
        revival_trace(every=0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"low_lr": 0.0}, "low_lr must be a positive finite number"),
        ({"high_steps": 0}, "high_steps must be a positive integer"),
        ({"low_steps": -1}, "low_steps must be a positive integer"),
    ],
)
def test_revival_trace_rejects_bad_phases(kwargs, message):
    with pytest.raises(ValueError, match=message):
        revival_trace(**kwargs)


def test_gradient_below_dead_layer_rejects_bad_width():
    with pytest.raises(ValueError, match="width must be a positive integer, got 0"):
        gradient_below_dead_layer(residual=True, width=0)


@pytest.mark.parametrize(
    "experiment",
    [
        lambda: train(RunConfig(steps=5, seed=1))[1].train_loss,
        lambda: revival_trace(high_steps=3, low_steps=2, every=1, seed=1).dead,
        lambda: gradient_below_dead_layer(residual=True),
    ],
)
def test_experiments_repeat_and_leave_global_rng_alone(experiment):
    torch.manual_seed(1234)
    state = torch.get_rng_state()
    first = experiment()
    assert torch.equal(torch.get_rng_state(), state)
    torch.manual_seed(4321)  # another global state must not change the result
    np.testing.assert_array_equal(experiment(), first)
