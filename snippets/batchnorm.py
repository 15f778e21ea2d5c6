"""BatchNorm before ReLU, and what BatchNorm does to z = aX + b (lecture
section 1.4).

The dead-unit measurement of ``snippets.dying_relu`` is repeated with
``nn.BatchNorm1d`` between each Linear layer and its ReLU. The invariance the
lecture claims is checked against its closed form: in train mode, for a
feature z of the mini-batch with batch mean mu and (1/m) variance var,

    BN(a z + b) = gamma * sign(a) * (z - mu) / sqrt(var + eps / a**2) + beta,

so the scale and the shift vanish up to the sign of a and the small epsilon,
while in eval mode the running statistics are fixed numbers and nothing
vanishes.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from snippets.dying_relu import (
    RunConfig,
    RunResult,
    digits_split,
    pre_activations,
    train,
)
from snippets.training import mlp


def compare_batchnorm(
    values: Sequence[float], vary: str, base: RunConfig | None = None
) -> list[RunResult]:
    """Train ReLU MLPs without and with BatchNorm before each ReLU, one run
    per value of ``vary`` (``"lr"`` or ``"bias"``)."""
    if vary not in ("lr", "bias"):
        raise ValueError(f"vary must be 'lr' or 'bias', got {vary!r}")
    base = base or RunConfig()
    split = digits_split(base.seed)
    results = []
    for batchnorm in (False, True):
        for value in values:
            config = dataclasses.replace(
                base, activation="relu", batchnorm=batchnorm, **{vary: value}
            )
            results.append(train(config, split)[1])
    return results


def batchnorm_closed_form(
    z: torch.Tensor,
    a: torch.Tensor | float = 1.0,
    b: torch.Tensor | float = 0.0,
    gamma: torch.Tensor | float = 1.0,
    beta: torch.Tensor | float = 0.0,
    eps: float = 1e-5,
) -> torch.Tensor:
    """Train-mode BatchNorm of ``a * z + b`` written through the statistics
    of ``z`` alone, with the (1/m) batch variance, as in the lecture.

    >>> z = torch.tensor([[0.0], [2.0]])
    >>> batchnorm_closed_form(z, a=-3.0, b=5.0, eps=0.0)
    tensor([[ 1.],
            [-1.]])
    """
    a = torch.as_tensor(a, dtype=z.dtype)
    if torch.any(a == 0):
        raise ValueError("a must be non-zero in every feature: a = 0 leaves no spread")
    mu = z.mean(dim=0)
    var = z.var(dim=0, unbiased=False)
    return gamma * torch.sign(a) * (z - mu) / torch.sqrt(var + eps / a**2) + beta


@dataclass(frozen=True)
class InvarianceRow:
    """BatchNorm of a z + b compared with BatchNorm of z, in one mode."""

    a: float
    b: float
    mode: str  # "train" or "eval"
    distance_to_bn_z: float  # max |BN(a z + b) - BN(z)|
    distance_to_closed_form: float  # max |BN(a z + b) - closed form|


def invariance_table(
    z: torch.Tensor, coefficients: Sequence[tuple[float, float]], seed: int = 0
) -> list[InvarianceRow]:
    """Feed ``z`` and ``a * z + b`` through one BatchNorm1d layer with
    non-trivial gamma and beta, in train mode and in eval mode.

    In eval mode the layer uses the running statistics it gathered from
    ``z`` (``momentum=None``: their plain average), so the closed form
    column compares with the train-mode formula, which eval mode does not
    follow.
    """
    if z.ndim != 2 or z.shape[0] < 2:
        raise ValueError(
            f"z must have shape (batch, features) with a batch of at least 2, "
            f"got {tuple(z.shape)}"
        )
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        bn = nn.BatchNorm1d(z.shape[1], momentum=None)
        with torch.no_grad():
            bn.weight.uniform_(0.5, 2.0)  # gamma
            bn.bias.uniform_(-1.0, 1.0)  # beta

    with torch.no_grad():
        bn.train()
        bn(z)  # running statistics: those of z (momentum=None, one batch)
        bn.eval()
        layers = {
            # train mode through the functional form, which leaves the running
            # statistics alone; the same computation as bn.train()
            "train": lambda x: nn.functional.batch_norm(
                x, None, None, bn.weight, bn.bias, training=True, eps=bn.eps
            ),
            "eval": bn,
        }
        rows = []
        for mode, layer in layers.items():
            reference = layer(z)
            for a, b in coefficients:
                out = layer(a * z + b)
                closed = batchnorm_closed_form(z, a, b, bn.weight, bn.bias, bn.eps)
                rows.append(
                    InvarianceRow(
                        float(a),
                        float(b),
                        mode,
                        float((out - reference).abs().max()),
                        float((out - closed).abs().max()),
                    )
                )
    return rows


def linear_bias_gradient(seed: int = 0, batch_size: int = 64) -> tuple[float, float]:
    """Gradient norms of the Linear layer's bias b and weights W when
    BatchNorm follows it in train mode: b is removed by the batch mean, so its
    gradient is zero up to rounding."""
    split = digits_split(seed)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = mlp(split.x_train.shape[1], 32, 10, batchnorm=True)
    linear = model[0]  # Linear -> BatchNorm1d -> ReLU -> Linear
    x, y = split.x_train[:batch_size], split.y_train[:batch_size]
    nn.functional.cross_entropy(model(x), y).backward()
    return float(linear.bias.grad.norm()), float(linear.weight.grad.norm())


def active_share(config: RunConfig) -> np.ndarray:
    """For each hidden unit of a trained network, the share of training
    examples on which its ReLU input is positive."""
    model, _ = train(config)
    split = digits_split(config.seed)
    inputs = pre_activations(model, split.x_train)  # per layer: (examples, units)
    shares = [(z > 0).float().mean(dim=0) for z in inputs]
    return torch.cat(shares).numpy()
