"""The shared training loop: repeatable, and it learns."""

import numpy as np
import pytest
import torch

from snippets.data import load_digits, train_test_split
from snippets.training import accuracy, fit_classifier, mlp


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
