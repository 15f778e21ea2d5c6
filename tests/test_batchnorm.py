"""Tests for snippets.batchnorm: BatchNorm before ReLU and its invariance."""

import pytest
import torch
from torch import nn

from snippets.batchnorm import (
    active_share,
    batchnorm_closed_form,
    compare_batchnorm,
    invariance_table,
    linear_bias_gradient,
)
from snippets.dying_relu import RunConfig

SEEDS = [0, 1, 2]


@pytest.mark.parametrize("seed", SEEDS)
def test_batchnorm_prevents_dead_units(seed):
    lr = compare_batchnorm([2.0], "lr", RunConfig(seed=seed))
    bias = compare_batchnorm([-1.0], "bias", RunConfig(seed=seed))
    for without, with_bn in (lr, bias):
        assert not without.config.batchnorm and with_bn.config.batchnorm
        assert without.dead_fraction > 0.3
        assert with_bn.dead_fraction < 0.05
        assert with_bn.test_accuracy > without.test_accuracy + 0.3


@pytest.mark.parametrize("seed", SEEDS)
def test_closed_form_matches_pytorch_train_mode(seed):
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(50, 6, generator=gen, dtype=torch.float64) * 3 + 1
    a = torch.tensor([2.0, -0.5, 1e-3, -4.0, 0.3, 1.0], dtype=torch.float64)
    b = torch.randn(6, generator=gen, dtype=torch.float64) * 10
    bn = nn.BatchNorm1d(6, dtype=torch.float64).train()
    with torch.no_grad():
        bn.weight.uniform_(0.5, 2.0, generator=gen)
        bn.bias.uniform_(-1.0, 1.0, generator=gen)
        out = bn(a * z + b)
    closed = batchnorm_closed_form(z, a, b, bn.weight, bn.bias, bn.eps)
    assert torch.allclose(out, closed, atol=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
def test_invariance_table(seed):
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(64, 8, generator=gen) * 2 + 0.5
    rows = invariance_table(z, [(2.0, 5.0), (-1.0, 1.0), (1e-3, 0.0)], seed=seed)
    train = {(r.a, r.b): r for r in rows if r.mode == "train"}
    evaluation = {(r.a, r.b): r for r in rows if r.mode == "eval"}
    # a > 0: the scale and the shift vanish (float32 rounding)
    assert train[2.0, 5.0].distance_to_bn_z < 1e-4
    # a < 0: the sign survives, and the gap is about twice the output spread
    assert train[-1.0, 1.0].distance_to_bn_z > 1.0
    # a tiny a: epsilon is no longer small next to a**2 var
    assert train[1e-3, 0.0].distance_to_bn_z > 0.1
    for row in train.values():
        assert row.distance_to_closed_form < 1e-4
    # eval mode uses fixed running statistics: nothing vanishes
    for row in evaluation.values():
        assert row.distance_to_bn_z > 0.5


def test_linear_bias_before_batchnorm_gets_no_gradient():
    bias_grad, weight_grad = linear_bias_gradient()
    assert weight_grad > 1e-2
    assert bias_grad < 1e-5 * weight_grad


@pytest.mark.parametrize("seed", SEEDS)
def test_batchnorm_keeps_every_unit_active_on_part_of_the_data(seed):
    with_bn = active_share(RunConfig(batchnorm=True, seed=seed))
    assert with_bn.min() > 0.1
    assert with_bn.max() < 0.9
    assert abs(with_bn.mean() - 0.5) < 0.1


def test_bad_input():
    with pytest.raises(ValueError, match="vary must be"):
        compare_batchnorm([0.1], "depth")
    with pytest.raises(ValueError, match="a must be non-zero"):
        batchnorm_closed_form(torch.ones(3, 1), a=0.0)
    with pytest.raises(ValueError, match="batch of at least 2"):
        invariance_table(torch.ones(1, 4), [(1.0, 0.0)])
    with pytest.raises(ValueError, match="lr must be a positive"):
        compare_batchnorm([-0.1], "lr")


def test_functional_train_mode_equals_module_train_mode():
    """The table's train-mode rows use the functional form; it must agree
    with the module in train mode."""
    z = torch.randn(32, 4, generator=torch.Generator().manual_seed(0))
    bn = nn.BatchNorm1d(4).train()
    with torch.no_grad():
        expected = bn(3 * z - 2)
    rows = invariance_table(z, [(3.0, -2.0)])
    assert rows[0].mode == "train"
    closed = batchnorm_closed_form(z, 3.0, -2.0)
    assert torch.allclose(expected, closed, atol=1e-5)
    assert rows[0].distance_to_closed_form < 1e-4


def test_invariance_table_rejects_non_matrix_input():
    with pytest.raises(ValueError, match=r"shape \(batch, features\).*got \(8,\)"):
        invariance_table(torch.ones(8), [(1.0, 0.0)])


def test_experiments_leave_global_rng_alone():
    torch.manual_seed(1234)
    state = torch.get_rng_state()
    first = linear_bias_gradient(seed=1)
    invariance_table(torch.randn(8, 2, generator=torch.Generator()), [(2.0, 1.0)])
    assert torch.equal(torch.get_rng_state(), state)
    torch.manual_seed(4321)
    assert linear_bias_gradient(seed=1) == first
