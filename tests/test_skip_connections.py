"""Tests for snippets.skip_connections: the lecture's MyMLP, the gradient that
reaches its fc1, and deep plain versus residual MLPs on the digits."""

import inspect
import re
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as functional

from snippets import skip_connections as sc
from snippets.data import standardized_split

PAGE = Path(__file__).resolve().parents[1] / "docs" / "skip-connections.md"
SEEDS = [0, 1, 2]


# The lecture's MyMLP -----------------------------------------------------------


def test_page_shows_the_class_that_the_tests_check():
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", PAGE.read_text(), re.S)
    shown = next(cell for cell in cells if "class MyMLP" in cell)
    assert inspect.getsource(sc.MyMLP) in shown


@pytest.mark.parametrize("seed", SEEDS)
def test_mymlp_output_shape(seed):
    torch.manual_seed(seed)
    model = sc.MyMLP(256)
    assert model(torch.rand(32, 784)).shape == (32, 10)
    assert sc.MyMLP(17)(torch.rand(5, 784)).shape == (5, 10)


@pytest.mark.parametrize("seed", SEEDS)
def test_skip_sum_is_two_x_above_zero_and_x_below(seed):
    x1 = torch.randn(1000, generator=torch.Generator().manual_seed(seed))
    expected = torch.where(x1 > 0, 2 * x1, x1)  # independent piecewise form
    assert torch.equal(sc.skip_sum(x1), expected)
    assert torch.allclose(
        sc.skip_sum(x1), 2 * functional.leaky_relu(x1, 0.5), rtol=0, atol=1e-6
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_mymlp_equals_its_leaky_relu_form(seed):
    torch.manual_seed(seed)
    model = sc.MyMLP(64)
    x = torch.rand(16, 784)
    with torch.no_grad():
        gap = (model(x) - sc.leaky_form(model, x)).abs().max().item()
    assert gap < 1e-5


@pytest.mark.parametrize("seed", SEEDS)
def test_skip_keeps_every_gradient_entry_that_relu_blocks(seed):
    split = standardized_split(seed)
    x, y = split.x_train, split.y_train
    g = sc.fc1_gradient(x, y, hidden_dim=64, seed=seed)
    assert g.local_slopes == (1.0, 2.0)
    assert g.with_skip_blocked == 0.0
    assert 0.3 < g.without_skip_blocked < 0.7  # about half of ReLU's inputs < 0
    assert g.with_skip_norm > 1.5 * g.without_skip_norm


def test_fc1_gradient_rejects_bad_width():
    split = standardized_split(0)
    x, y = split.x_train, split.y_train
    with pytest.raises(ValueError, match="hidden_dim must be a positive integer"):
        sc.fc1_gradient(x, y, hidden_dim=0)


# Deep plain and residual MLPs ------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_plain_first_layer_gradient_vanishes_at_initialization(seed):
    norms = sc.gradient_profile("plain", seed=seed)
    assert norms.shape == (sc.DEPTH + 1,)
    assert norms[0] / norms[-1] < 1e-4  # measured: below 2e-6 on seeds 0-4


@pytest.mark.parametrize("seed", SEEDS)
def test_residual_first_layer_gradient_keeps_its_size(seed):
    norms = sc.gradient_profile("residual", seed=seed)
    assert 0.1 < norms[0] / norms[-1] < 10  # measured: 1.1 to 2.2
    assert norms.min() > 1e-2 * norms.max()


@pytest.mark.parametrize("seed", SEEDS)
def test_he_initialization_keeps_the_plain_gradient(seed):
    norms = sc.gradient_profile("plain", seed=seed, init="he")
    assert norms[0] / norms[-1] > 1e-2


def test_layer_gradient_norms_match_autograd():
    split = standardized_split(0)
    x, y = split.x_train, split.y_train
    model = sc.build("residual", depth=3, width=8, seed=0)
    norms = sc.layer_gradient_norms(model, x, y)
    weights = [layer.weight for layer in model.layers()]
    grads = torch.autograd.grad(functional.cross_entropy(model(x), y), weights)
    np.testing.assert_allclose(norms, [float(g.norm()) for g in grads], rtol=1e-6)


def test_both_kinds_share_their_weights_and_differ_only_in_the_skip():
    plain = sc.build("plain", depth=4, width=8, seed=3)
    residual = sc.build("residual", depth=4, width=8, seed=3)
    for a, b in zip(plain.parameters(), residual.parameters(), strict=True):
        assert torch.equal(a, b)
    x = torch.randn(5, 64)
    # A second implementation of the residual forward pass.
    h = residual.hidden[0](x)
    for layer in residual.hidden[1:]:
        h = h + layer(torch.relu(h))
    assert torch.allclose(residual(x), residual.output(torch.relu(h)), atol=1e-6)


def test_residual_block_with_zero_weights_passes_its_input_intact():
    model = sc.build("residual", depth=5, width=8, seed=0)
    with torch.no_grad():
        for layer in model.hidden[1:]:
            layer.weight.zero_()
            layer.bias.zero_()
    x = torch.randn(4, 64)
    shallow = model.output(torch.relu(model.hidden[0](x)))
    assert torch.equal(model(x), shallow)


@pytest.mark.parametrize("seed", SEEDS)
def test_residual_trains_and_plain_does_not(seed):
    plain = sc.train_run("plain", steps=100, seed=seed)
    residual = sc.train_run("residual", steps=100, seed=seed)
    assert plain.losses[-20:].mean() > 2.2  # ln 10 = 2.30: a uniform guess
    assert residual.losses[-20:].mean() < 0.6
    assert plain.test_accuracy < 0.2
    assert residual.test_accuracy > 0.85
    assert plain.losses.shape == (100,)


def test_training_is_deterministic():
    a = sc.train_run("residual", steps=20, seed=1)
    b = sc.train_run("residual", steps=20, seed=1)
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.gradient_norms, b.gradient_norms)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "dense"}, "unknown kind 'dense'; accepted: plain, residual"),
        ({"init": "xavier"}, "unknown initialization 'xavier'; accepted"),
        ({"depth": 0}, "depth must be a positive integer, got 0"),
        ({"width": -3}, "width must be a positive integer, got -3"),
        ({"width": 2.5}, "width must be a positive integer, got 2.5"),
        ({"n_inputs": 0}, "n_inputs must be a positive integer"),
        ({"n_classes": True}, "n_classes must be a positive integer"),
    ],
)
def test_deep_mlp_rejects_bad_arguments(kwargs, message):
    arguments = {"kind": "plain", "n_inputs": 64, "width": 8, "depth": 2, **kwargs}
    with pytest.raises(ValueError, match=re.escape(message)):
        sc.DeepMLP(**arguments)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"steps": 0}, "steps must be a positive integer"),
        ({"batch_size": -1}, "batch_size must be a positive integer"),
        ({"lr": 0.0}, "lr must be a positive finite number"),
        ({"depth": 0}, "depth must be a positive integer"),
    ],
)
def test_train_run_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        sc.train_run("plain", **kwargs)


def test_train_run_rejects_a_non_finite_learning_rate():
    with pytest.raises(
        ValueError, match="lr must be a positive finite number, got nan"
    ):
        sc.train_run("plain", lr=float("nan"))


def test_experiments_leave_global_rng_alone():
    torch.manual_seed(1234)
    state = torch.get_rng_state()
    first = sc.train_run("residual", depth=3, width=8, steps=5, seed=2)
    split = standardized_split(0)
    g = sc.fc1_gradient(split.x_train[:32], split.y_train[:32], hidden_dim=8)
    assert torch.equal(torch.get_rng_state(), state)
    torch.manual_seed(4321)
    again = sc.train_run("residual", depth=3, width=8, steps=5, seed=2)
    np.testing.assert_array_equal(again.losses, first.losses)
    assert g == sc.fc1_gradient(split.x_train[:32], split.y_train[:32], hidden_dim=8)
