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

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from snippets.data import load_digits, train_test_split

logger = logging.getLogger(__name__)

#: Activation functions compared in the chapter, by the names the pages use.
ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,  # negative slope 0.01, PyTorch's default
    "prelu": nn.PReLU,  # one learned slope per layer, 0.25 at the start
    "elu": nn.ELU,
    "gelu": nn.GELU,
}

#: The grids the pages sweep: learning rates (the largest where ReLU still
#: trains without diverging) and initial biases of every hidden layer.
LEARNING_RATES = (0.01, 0.1, 0.3, 1.0, 2.0)
BIASES = (0.0, -0.25, -0.5, -1.0, -2.0)

#: Smooth activations of the lecture's comparison, for derivative tables.
SATURATING = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh}


def make_activation(name: str) -> nn.Module:
    """A fresh activation module for one of the names in ``ACTIVATIONS``.

    >>> make_activation("leaky_relu")
    LeakyReLU(negative_slope=0.01)
    """
    known = {**ACTIVATIONS, **SATURATING}
    if name not in known:
        raise ValueError(f"unknown activation {name!r}; accepted: {', '.join(known)}")
    return known[name]()


def _check_positive_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


def _check_positive_float(name: str, value: object) -> None:
    if not isinstance(value, int | float) or not value > 0 or math.isinf(value):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")


def build_mlp(
    n_inputs: int,
    n_hidden: int,
    n_classes: int,
    depth: int,
    activation: str = "relu",
    bias: float | None = None,
    batchnorm: bool = False,
) -> nn.Sequential:
    """An MLP of ``depth`` hidden layers: Linear, [BatchNorm1d], activation.

    ``bias`` sets every hidden bias to one constant (``None`` keeps PyTorch's
    default). With ``batchnorm`` the normalization sits between the Linear
    layer and the activation, the order the lecture recommends.

    >>> build_mlp(64, 16, 10, depth=1, batchnorm=True)
    Sequential(
      (0): Linear(in_features=64, out_features=16, bias=True)
      (1): BatchNorm1d(16, eps=1e-05, momentum=0.1, affine=True, ...)
      (2): ReLU()
      (3): Linear(in_features=16, out_features=10, bias=True)
    )
    """
    for name, size in (
        ("n_inputs", n_inputs),
        ("n_hidden", n_hidden),
        ("n_classes", n_classes),
    ):
        _check_positive_int(name, size)
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ValueError(
            f"depth must be a positive integer (number of hidden layers), got {depth!r}"
        )
    make_activation(activation)  # validates the name before building

    layers: list[nn.Module] = []
    width = n_inputs
    for _ in range(depth):
        linear = nn.Linear(width, n_hidden)
        if bias is not None:
            nn.init.constant_(linear.bias, bias)
        layers.append(linear)
        if batchnorm:
            layers.append(nn.BatchNorm1d(n_hidden))
        layers.append(make_activation(activation))
        width = n_hidden
    layers.append(nn.Linear(width, n_classes))
    return nn.Sequential(*layers)


def _is_activation(module: nn.Module) -> bool:
    kinds = tuple(ACTIVATIONS.values()) + tuple(SATURATING.values())
    return isinstance(module, kinds)


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
        if _is_activation(module):
            found.append(h)  # (examples, units)
        h = module(h)
    return found


def dead_masks(model: nn.Sequential, x: torch.Tensor) -> list[torch.Tensor]:
    """For each hidden layer, which units are dead on all of ``x``.

    A unit is dead when its activation's derivative is exactly zero for every
    row of ``x``: then no example sends any gradient through it.
    """
    activations = [m for m in model if _is_activation(m)]
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


@dataclass(frozen=True)
class Split:
    """Standardized digits as tensors: training and test inputs and labels."""

    x_train: torch.Tensor  # (1348, 64)
    y_train: torch.Tensor  # (1348,)
    x_test: torch.Tensor  # (449, 64)
    y_test: torch.Tensor  # (449,)


def digits_split(seed: int = 0) -> Split:
    """The digits, split by ``seed``, each pixel standardized with the
    training set's mean and standard deviation (pixels that are always 0 in
    the training set are only centred)."""
    train, test = train_test_split(load_digits(), seed=seed)
    mean = train.images.mean(axis=0)
    std = train.images.std(axis=0)
    std[std == 0] = 1.0

    def tensor(images: np.ndarray) -> torch.Tensor:
        return torch.as_tensor((images - mean) / std, dtype=torch.float32)

    return Split(
        tensor(train.images),
        torch.as_tensor(train.labels),
        tensor(test.images),
        torch.as_tensor(test.labels),
    )


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
        make_activation(self.activation)
        _check_positive_float("lr", self.lr)
        for name in ("steps", "depth", "n_hidden", "batch_size"):
            _check_positive_int(name, getattr(self, name))


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


def train(config: RunConfig, split: Split | None = None) -> tuple[nn.Module, RunResult]:
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
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    batches = torch.Generator().manual_seed(config.seed)

    model.train()
    for step in range(config.steps):
        idx = torch.randint(len(x), (config.batch_size,), generator=batches)
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 50 == 0:
            logger.debug("%s step %d: loss %.4f", config, step, loss.item())

    return model.eval(), _measure(model, config, split)


@torch.no_grad()
def _measure(model: nn.Module, config: RunConfig, split: Split) -> RunResult:
    logits = model(split.x_train)  # (examples, classes)
    finite = all(torch.isfinite(p).all() for p in model.parameters())
    finite = finite and bool(torch.isfinite(logits).all())
    if not finite:
        return RunResult(config, math.nan, True, math.nan, math.nan, math.nan)
    loss = nn.functional.cross_entropy(logits, split.y_train)
    predicted = model(split.x_test).argmax(dim=1)
    return RunResult(
        config=config,
        dead_fraction=dead_fraction(model, split.x_train),
        diverged=False,
        train_loss=float(loss),
        test_accuracy=float((predicted == split.y_test).float().mean()),
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
    fields = {**config.__dict__, **changes}
    return RunConfig(**fields)


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
    _check_positive_float("high_lr", high_lr)
    _check_positive_float("low_lr", low_lr)
    for name, value in (
        ("high_steps", high_steps),
        ("low_steps", low_steps),
        ("every", every),
    ):
        _check_positive_int(name, value)
    config = RunConfig(lr=high_lr, seed=seed)
    split = digits_split(seed)
    x, y = split.x_train, split.y_train
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = build_mlp(x.shape[1], config.n_hidden, 10, config.depth)
    optimizer = torch.optim.SGD(model.parameters(), lr=high_lr)
    batches = torch.Generator().manual_seed(seed)

    steps, dead = [], []
    for step in range(high_steps + low_steps + 1):
        if step == high_steps:
            for group in optimizer.param_groups:
                group["lr"] = low_lr
        if step <= high_steps or step % every == 0:
            steps.append(step)
            dead.append(torch.stack(dead_masks(model, x)).numpy())
        if step == high_steps + low_steps:
            break
        idx = torch.randint(len(x), (config.batch_size,), generator=batches)
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
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
    return {name: derivatives(make_activation(name), z).numpy() for name in names}


def gradient_below_dead_layer(residual: bool, width: int = 16) -> float:
    """Gradient norm reaching the first layer when every ReLU of the layer
    above it is dead (its bias set to -100), with or without a skip
    connection around that layer.
    """
    _check_positive_int("width", width)
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
