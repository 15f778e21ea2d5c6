"""Dead ReLU units: how to count them, what makes them, whether they revive
(lecture section 1.3).

A hidden unit is *dead* when the derivative of its activation function is zero
on every training example, so that no example sends a gradient through it.
For ReLU that is exactly "its pre-activation is <= 0 on every training
example". For Leaky ReLU, PReLU, ELU and GELU the same definition applies; it
can only be met where the derivative underflows to zero in floating point (or,
for PReLU, where the learned slope reaches zero), and the experiments measure
whether that happens.
"""

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from snippets.data import TensorSplit, standardized_split
from snippets.training import (
    accuracy,
    activation,
    check_positive_float,
    check_positive_int,
    hidden_linears,
    is_activation,
    mlp,
    random_batches,
    sgd,
)

#: Activation functions compared in the chapter, by the names the pages use
#: (``snippets.training.ACTIVATIONS`` builds them).
ACTIVATIONS = ("relu", "leaky_relu", "prelu", "elu", "gelu")

#: The grids the pages sweep: learning rates (the largest where ReLU still
#: trains without diverging) and initial biases of every hidden layer.
LEARNING_RATES = (0.01, 0.1, 0.3, 1.0, 2.0)
BIASES = (0.0, -0.25, -0.5, -1.0, -2.0)


def build_mlp(
    n_inputs: int,
    n_hidden: int,
    n_classes: int,
    depth: int,
    activation_name: str = "relu",
    bias: float | None = None,
    batchnorm: bool = False,
) -> nn.Sequential:
    """``snippets.training.mlp`` with every hidden bias set to ``bias``
    (``None`` keeps PyTorch's default).

    Setting a constant draws no random number, so a seeded caller gets the
    same weights with or without ``bias``.

    >>> build_mlp(4, 2, 3, depth=1, bias=-1.0)[0].bias.tolist()
    [-1.0, -1.0]
    """
    model = mlp(
        n_inputs,
        n_hidden,
        n_classes,
        depth,
        activation_name=activation_name,
        batchnorm=batchnorm,
    )
    if bias is not None:
        for layer in hidden_linears(model):
            nn.init.constant_(layer.bias, bias)
    return model


def derivatives(module: nn.Module, z: torch.Tensor) -> torch.Tensor:
    """The derivative of an elementwise activation at every entry of ``z``,
    as autograd computes it (the gradient a unit actually passes back).

    >>> derivatives(nn.ReLU(), torch.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 1.])
    """
    with torch.enable_grad():
        z = z.detach().requires_grad_(True)
        (grad,) = torch.autograd.grad(module(z).sum(), z)
    return grad


@torch.no_grad()
def pre_activations(model: nn.Sequential, x: torch.Tensor) -> list[torch.Tensor]:
    """The input of every activation layer of ``model`` for the inputs ``x``.

    The model is run in its current mode (train or eval) and left in it.
    """
    found = []
    h = x
    for module in model:
        if is_activation(module):
            found.append(h)  # (examples, units)
        h = module(h)
    return found


def dead_masks(model: nn.Sequential, x: torch.Tensor) -> list[torch.Tensor]:
    """For each hidden layer, which units are dead on all of ``x``.

    A unit is dead when its activation's derivative is exactly zero for every
    row of ``x``: then no example sends any gradient through it.
    """
    activations = [m for m in model if is_activation(m)]
    masks = []
    for module, z in zip(activations, pre_activations(model, x), strict=True):
        if not torch.isfinite(z).all():
            raise ValueError(
                "pre-activations contain NaN or infinity (training diverged): "
                "dead units are undefined"
            )
        grad = derivatives(module, z)  # (examples, units)
        masks.append((grad == 0).all(dim=0))
    return masks


def dead_fraction(model: nn.Sequential, x: torch.Tensor) -> float:
    """Fraction of all hidden units that are dead on ``x``."""
    masks = dead_masks(model, x)
    return float(torch.cat(masks).float().mean())


# Training runs ---------------------------------------------------------------


def digits_split(seed: int = 0) -> TensorSplit:
    """The chapter's digits: split by ``seed``, each pixel standardized with
    the training set's statistics (``standardized_split(per_pixel=True)``)."""
    return standardized_split(seed, per_pixel=True)


@dataclass(frozen=True)
class RunConfig:
    """One training run: an MLP trained by plain mini-batch SGD."""

    activation: str = "relu"
    lr: float = 0.05
    bias: float | None = None  # None: PyTorch's default initialization
    batchnorm: bool = False
    steps: int = 150
    depth: int = 3
    n_hidden: int = 32
    batch_size: int = 64
    seed: int = 0

    def __post_init__(self) -> None:
        activation(self.activation)
        check_positive_float("lr", self.lr)
        for name in ("steps", "depth", "n_hidden", "batch_size"):
            check_positive_int(name, getattr(self, name))


@dataclass(frozen=True)
class RunResult:
    """What a run left behind. ``dead_fraction`` is NaN when training diverged
    (a non-finite loss or parameter), since dead units are then undefined."""

    config: RunConfig
    dead_fraction: float
    diverged: bool
    train_loss: float
    test_accuracy: float
    output_spread: float  # std of the logits over training examples


def train(
    config: RunConfig, split: TensorSplit | None = None
) -> tuple[nn.Module, RunResult]:
    """Train one MLP as ``config`` says and measure its dead units.

    Deterministic for a given config: the seed fixes the initialization and
    the order of the mini-batches; the global random state is left as it was.
    Dead units are counted on the whole training set in eval mode, that is
    with BatchNorm's running statistics, as the trained network computes.
    """
    split = split or digits_split()
    x, y = split.x_train, split.y_train
    with torch.random.fork_rng():
        torch.manual_seed(config.seed)
        model = build_mlp(
            x.shape[1],
            config.n_hidden,
            10,
            config.depth,
            config.activation,
            config.bias,
            config.batchnorm,
        )
    batches = random_batches(len(x), config.steps, config.batch_size, config.seed)

    model.train()
    sgd(model, x, y, batches, lr=config.lr)
    return model.eval(), _measure(model, config, split)


@torch.no_grad()
def _measure(model: nn.Module, config: RunConfig, split: TensorSplit) -> RunResult:
    logits = model(split.x_train)  # (examples, classes)
    finite = all(torch.isfinite(p).all() for p in model.parameters())
    finite = finite and bool(torch.isfinite(logits).all())
    if not finite:
        return RunResult(config, math.nan, True, math.nan, math.nan, math.nan)
    loss = nn.functional.cross_entropy(logits, split.y_train)
    return RunResult(
        config=config,
        dead_fraction=dead_fraction(model, split.x_train),
        diverged=False,
        train_loss=float(loss),
        test_accuracy=accuracy(model, split.x_test, split.y_test),
        output_spread=float(logits.std(dim=0).max()),
    )


def sweep(
    activations: Sequence[str],
    values: Sequence[float],
    vary: str,
    base: RunConfig | None = None,
) -> list[RunResult]:
    """Train one run per activation and per value of ``vary`` (``"lr"`` or
    ``"bias"``), everything else as in ``base``."""
    if vary not in ("lr", "bias"):
        raise ValueError(f"vary must be 'lr' or 'bias', got {vary!r}")
    base = base or RunConfig()
    split = digits_split(base.seed)
    results = []
    for name in activations:
        for value in values:
            config = _replace(base, activation=name, **{vary: value})
            results.append(train(config, split)[1])
    return results


def _replace(config: RunConfig, **changes: object) -> RunConfig:
    return dataclasses.replace(config, **changes)


# Revival ---------------------------------------------------------------------


@dataclass(frozen=True)
class RevivalTrace:
    """Dead units over training: a phase at a high learning rate, then one at
    a low learning rate."""

    steps: np.ndarray  # (checkpoints,)
    dead: np.ndarray  # (checkpoints, layers, units), bool
    switch_step: int  # first step of the low-learning-rate phase

    @property
    def dead_fraction(self) -> np.ndarray:
        """Fraction of dead units per layer at each checkpoint."""
        return self.dead.mean(axis=2)  # (checkpoints, layers)

    def revived(self) -> np.ndarray:
        """Per layer, how many units dead at the switch are alive at the end."""
        at_switch = self.dead[list(self.steps).index(self.switch_step)]
        return (at_switch & ~self.dead[-1]).sum(axis=1)

    def largest_jump(self) -> tuple[int, float]:
        """The step whose update raised the dead fraction of all hidden units
        the most, and by how much (consecutive checkpoints must be one step
        apart there to call it a single update)."""
        total = self.dead.reshape(len(self.steps), -1).mean(axis=1)
        k = int(np.argmax(np.diff(total)))
        return int(self.steps[k]), float(total[k + 1] - total[k])


def revival_trace(
    high_lr: float = 2.0,
    low_lr: float = 0.05,
    high_steps: int = 100,
    low_steps: int = 300,
    every: int = 5,
    seed: int = 0,
) -> RevivalTrace:
    """Train a ReLU MLP at ``high_lr``, then at ``low_lr``, and record which
    units are dead on the training set: after every step of the first phase,
    every ``every`` steps in the second."""
    check_positive_float("high_lr", high_lr)
    check_positive_float("low_lr", low_lr)
    check_positive_int("high_steps", high_steps)
    check_positive_int("low_steps", low_steps)
    check_positive_int("every", every)
    config = RunConfig(lr=high_lr, seed=seed)
    split = digits_split(seed)
    x, y = split.x_train, split.y_train
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = build_mlp(x.shape[1], config.n_hidden, 10, config.depth)
    batches = random_batches(len(x), high_steps + low_steps, config.batch_size, seed)

    steps, dead = [], []

    def record(step: int) -> None:
        if step <= high_steps or step % every == 0:
            steps.append(step)
            dead.append(torch.stack(dead_masks(model, x)).numpy())  # (layers, units)

    # Plain SGD keeps no state between steps, so a new optimizer at the low
    # rate continues the same run.
    sgd(model, x, y, batches[:high_steps], lr=high_lr, before_step=record)
    sgd(
        model,
        x,
        y,
        batches[high_steps:],
        lr=low_lr,
        before_step=lambda step: record(high_steps + step),
    )
    record(high_steps + low_steps)
    return RevivalTrace(np.array(steps), np.array(dead), high_steps)


# Gradients in the negative region --------------------------------------------


def negative_region_derivatives(
    names: Sequence[str], points: Sequence[float]
) -> dict[str, np.ndarray]:
    """Each activation's derivative at each point, as autograd computes it.

    >>> d = negative_region_derivatives(["relu", "sigmoid"], [-2.0])
    >>> float(d["relu"][0]), round(float(d["sigmoid"][0]), 4)
    (0.0, 0.105)
    """
    z = torch.tensor(list(points), dtype=torch.float32)
    return {name: derivatives(activation(name), z).numpy() for name in names}


def gradient_below_dead_layer(residual: bool, width: int = 16) -> float:
    """Gradient norm reaching the first layer when every ReLU of the layer
    above it is dead (its bias set to -100), with or without a skip
    connection around that layer.
    """
    check_positive_int("width", width)
    with torch.random.fork_rng():
        torch.manual_seed(0)
        first = nn.Linear(8, width)
        dead = nn.Linear(width, width)
        head = nn.Linear(width, 1)
        x = torch.randn(32, 8)
    nn.init.constant_(dead.bias, -100.0)

    h = torch.relu(first(x))  # (32, width)
    block = torch.relu(dead(h))  # all zeros: every unit is dead
    out = head(h + block if residual else block)
    out.sum().backward()
    return float(first.weight.grad.norm())
