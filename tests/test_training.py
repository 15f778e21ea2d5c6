"""The shared builder and training loops: repeatable, and they learn."""

import re

import numpy as np
import pytest
import torch

from snippets.data import load_digits, train_test_split
from snippets.training import (
    ACTIVATIONS,
    accuracy,
    activation,
    check_positive_float,
    check_positive_int,
    fit_classifier,
    hidden_linears,
    is_activation,
    mlp,
    random_batches,
    sgd,
)


def test_training_is_repeatable_and_leaves_global_rng_alone():
    train, _ = train_test_split(load_digits())
    torch.manual_seed(123)
    state = torch.get_rng_state()
    first = fit_classifier(train.images / 16, train.labels, steps=20, seed=4)
    second = fit_classifier(train.images / 16, train.labels, steps=20, seed=4)

    for p, q in zip(first.parameters(), second.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=0, atol=0)
    assert torch.equal(torch.get_rng_state(), state)


def test_a_trained_classifier_beats_chance_by_far():
    train, test = train_test_split(load_digits())
    model = fit_classifier(train.images / 16, train.labels, steps=150)
    assert accuracy(model, test.images / 16, test.labels) > 0.85


def test_accuracy_counts_matching_predictions():
    model = torch.nn.Linear(2, 2, bias=False)
    with torch.no_grad():
        model.weight.copy_(torch.eye(2))
    inputs = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 1.0], [0.0, 3.0]])
    assert accuracy(model, inputs, np.array([0, 1, 1, 1])) == 0.75


@pytest.mark.parametrize("sizes", [(0, 3, 2), (4, -1, 2), (4, 3, 2.5)])
def test_mlp_refuses_non_positive_sizes(sizes):
    with pytest.raises(ValueError, match="must be a positive integer"):
        mlp(*sizes)


def test_fit_refuses_non_positive_steps():
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        fit_classifier(np.zeros((4, 2)), np.array([0, 1, 0, 1]), steps=0)


# The shared builder, batches and SGD loop --------------------------------------


@pytest.mark.parametrize("depth", [1, 3])
@pytest.mark.parametrize("batchnorm", [False, True])
def test_mlp_has_the_stated_layers(depth, batchnorm):
    model = mlp(5, 7, 3, depth, activation_name="tanh", batchnorm=batchnorm)
    block = ["Linear", *(["BatchNorm1d"] if batchnorm else []), "Tanh"]
    assert [type(m).__name__ for m in model] == block * depth + ["Linear"]
    assert model(torch.zeros(4, 5)).shape == (4, 3)
    assert len(hidden_linears(model)) == depth
    headless = mlp(5, 7, None, depth, batchnorm=batchnorm)
    assert len(hidden_linears(headless)) == depth
    assert headless(torch.zeros(4, 5)).shape == (4, 7)


def test_mlp_calls_init_on_every_linear_right_after_creating_it():
    seen = []

    def init(layer):
        # The previous layer is already initialized when this one is made.
        seen.append((layer.in_features, layer.out_features))
        torch.nn.init.zeros_(layer.weight)

    model = mlp(5, 7, 3, depth=2, init=init)
    assert seen == [(5, 7), (7, 7), (7, 3)]
    for layer in (m for m in model if isinstance(m, torch.nn.Linear)):
        assert torch.all(layer.weight == 0)


def test_seeded_mlp_draws_the_same_weights_as_plain_linear_layers():
    """A second construction: the builder draws in layer order and nothing else."""
    torch.manual_seed(7)
    model = mlp(6, 4, 2, depth=2)
    torch.manual_seed(7)
    reference = [torch.nn.Linear(6, 4), torch.nn.Linear(4, 4), torch.nn.Linear(4, 2)]
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    for ours, theirs in zip(linears, reference, strict=True):
        assert torch.equal(ours.weight, theirs.weight)
        assert torch.equal(ours.bias, theirs.bias)


def test_activation_lookup_covers_every_name_and_refuses_others():
    for name, make in ACTIVATIONS.items():
        assert type(activation(name)) is make
        assert is_activation(activation(name))
    assert not is_activation(torch.nn.Linear(2, 2))
    with pytest.raises(ValueError, match="unknown activation 'swish'; accepted: relu"):
        activation("swish")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_batches_are_repeatable_and_do_not_touch_global_rng(seed):
    torch.manual_seed(99)
    state = torch.get_rng_state()
    a = random_batches(50, steps=30, batch_size=8, seed=seed)
    assert torch.equal(torch.get_rng_state(), state)
    assert a.shape == (30, 8)
    assert int(a.min()) >= 0 and int(a.max()) < 50
    assert torch.equal(a, random_batches(50, steps=30, batch_size=8, seed=seed))
    assert not torch.equal(a, random_batches(50, steps=30, batch_size=8, seed=seed + 3))
    # Drawing all steps at once is the same as one draw per step, in order.
    generator = torch.Generator().manual_seed(seed)
    first = torch.randint(50, (8,), generator=generator)
    assert torch.equal(a[0], first)


def test_sgd_takes_the_same_steps_as_a_hand_written_loop():
    x = torch.randn(40, 3, generator=torch.Generator().manual_seed(0))  # (40, 3)
    y = (x[:, 0] > 0).long()  # (40,)
    batches = random_batches(40, steps=15, batch_size=8, seed=1)
    torch.manual_seed(0)
    model = mlp(3, 5, 2)
    reference = mlp(3, 5, 2)
    reference.load_state_dict(model.state_dict())

    seen = []
    losses = sgd(model, x, y, batches, lr=0.1, momentum=0.9, before_step=seen.append)

    optimizer = torch.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9)
    expected = []
    for idx in batches:
        loss = torch.nn.functional.cross_entropy(reference(x[idx]), y[idx])
        expected.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert seen == list(range(15))
    np.testing.assert_allclose(losses, expected, rtol=0, atol=0)
    for p, q in zip(model.parameters(), reference.parameters(), strict=True):
        assert torch.equal(p, q)


def test_sgd_stops_before_a_non_finite_loss_reaches_the_weights():
    model = torch.nn.Linear(2, 2)
    x = torch.tensor([[1.0, 0.0], [float("inf"), 0.0]])  # (2, 2)
    y = torch.tensor([0, 1])
    before = [p.clone() for p in model.parameters()]
    batches = torch.tensor([[1], [0]])  # the first step sees the infinite input
    losses = sgd(model, x, y, batches, lr=0.1, stop_when_not_finite=True)
    assert np.isnan(losses).all()
    for p, q in zip(model.parameters(), before, strict=True):
        assert torch.equal(p, q)


@pytest.mark.parametrize("value", [0, -2, 2.5, True, "3", None])
def test_check_positive_int_refuses_what_is_not_a_size(value):
    with pytest.raises(ValueError, match=r"^width must be a positive integer, got"):
        check_positive_int("width", value)


@pytest.mark.parametrize("value", [0, -0.1, float("inf"), float("nan"), True, "1"])
def test_check_positive_float_refuses_what_is_not_a_rate(value):
    with pytest.raises(ValueError, match=r"^lr must be a positive finite number"):
        check_positive_float("lr", value)


def test_checks_accept_valid_values():
    check_positive_int("width", 1)
    check_positive_float("lr", 1e-9)
    check_positive_float("lr", 2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mlp(4, 3, 2, depth=0), "depth must be a positive integer, got 0"),
        (lambda: mlp(4, 3, 0), "n_classes must be a positive integer, got 0"),
        (lambda: mlp(4, 3, 2, activation_name="Relu"), "unknown activation 'Relu'"),
        (lambda: random_batches(9, 0, 4, 0), "steps must be a positive integer"),
        (lambda: random_batches(9, 2, 0, 0), "batch_size must be a positive integer"),
        (
            lambda: sgd(mlp(2, 2, 2), torch.zeros(1, 2), torch.zeros(1), [], lr=-1.0),
            "lr must be a positive finite number, got -1.0",
        ),
    ],
)
def test_builder_and_loop_refuse_bad_arguments(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
