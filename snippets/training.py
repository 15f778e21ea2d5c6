"""Small MLPs and the deterministic loops that train them, shared by every
chapter's experiments.

One builder (``mlp``) makes every fully connected network of the chapters
except the residual one, one lookup (``activation``) names their activation
functions, and one loop (``sgd``) runs their mini-batch training, so a change
of recipe shows in one place.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np
import torch
from numpy.typing import ArrayLike
from torch import nn

logger = logging.getLogger(__name__)


# Checks shared by every public function ---------------------------------------


def check_positive_int(name: str, value: object) -> None:
    """Refuse anything but a positive ``int`` (``True`` is not a size).

    >>> check_positive_int("width", 0)
    Traceback (most recent call last):
    ...
    ValueError: width must be a positive integer, got 0
    """
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


def check_positive_float(name: str, value: object) -> None:
    """Refuse anything but a positive finite number (NaN included).

    >>> check_positive_float("lr", float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: lr must be a positive finite number, got inf
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not value > 0
        or math.isinf(value)
    ):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")


# Activation functions and the MLP builder --------------------------------------

#: Every activation function the chapters use, by the names the pages use.
ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,  # negative slope 0.01, PyTorch's default
    "prelu": nn.PReLU,  # one learned slope per layer, 0.25 at the start
    "elu": nn.ELU,
    "gelu": nn.GELU,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
}


def activation(name: str) -> nn.Module:
    """A fresh activation module for one of the names in ``ACTIVATIONS``.

    >>> activation("leaky_relu")
    LeakyReLU(negative_slope=0.01)
    """
    if name not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {name!r}; accepted: {', '.join(ACTIVATIONS)}"
        )
    return ACTIVATIONS[name]()


def is_activation(module: nn.Module) -> bool:
    """Whether ``module`` is one of the activation functions of ``ACTIVATIONS``."""
    return isinstance(module, tuple(ACTIVATIONS.values()))


def mlp(
    n_inputs: int,
    n_hidden: int,
    n_classes: int | None,
    depth: int = 1,
    *,
    activation_name: str = "relu",
    batchnorm: bool = False,
    init: Callable[[nn.Linear], object] | None = None,
    dtype: torch.dtype = torch.float32,
) -> nn.Sequential:
    """``depth`` hidden blocks Linear, [BatchNorm1d], activation, then a Linear
    head of ``n_classes`` outputs (none when ``n_classes`` is None).

    BatchNorm sits between the Linear layer and the activation, the order the
    lecture recommends. ``init`` is called on every Linear layer, the head
    included, right after it is created, so that a seeded caller draws the
    same numbers whatever the depth. Without it, PyTorch's default
    initialization stays.

    >>> mlp(64, 32, 10)
    Sequential(
      (0): Linear(in_features=64, out_features=32, bias=True)
      (1): ReLU()
      (2): Linear(in_features=32, out_features=10, bias=True)
    )
    >>> [type(m).__name__ for m in mlp(64, 16, None, depth=2, batchnorm=True)]
    ['Linear', 'BatchNorm1d', 'ReLU', 'Linear', 'BatchNorm1d', 'ReLU']
    """
    check_positive_int("n_inputs", n_inputs)
    check_positive_int("n_hidden", n_hidden)
    if n_classes is not None:
        check_positive_int("n_classes", n_classes)
    check_positive_int("depth", depth)
    activation(activation_name)  # validates the name before building

    def linear(n_in: int, n_out: int) -> nn.Linear:
        layer = nn.Linear(n_in, n_out, dtype=dtype)
        if init is not None:
            init(layer)
        return layer

    layers: list[nn.Module] = []
    for i in range(depth):
        layers.append(linear(n_inputs if i == 0 else n_hidden, n_hidden))
        if batchnorm:
            layers.append(nn.BatchNorm1d(n_hidden, dtype=dtype))
        layers.append(activation(activation_name))
    if n_classes is not None:
        layers.append(linear(n_hidden, n_classes))
    return nn.Sequential(*layers)


def hidden_linears(model: nn.Sequential) -> list[nn.Linear]:
    """The Linear layers of an ``mlp`` that feed an activation (not the head)."""
    return [m for m, _next in pairwise(model) if isinstance(m, nn.Linear)]


# Training loops ----------------------------------------------------------------


def random_batches(
    n_examples: int, steps: int, batch_size: int, seed: int
) -> torch.Tensor:
    """Indices of ``steps`` mini-batches drawn with replacement, from their own
    generator: the same seed gives the same batches whatever ran before.

    >>> random_batches(1000, steps=3, batch_size=4, seed=0).shape
    torch.Size([3, 4])
    """
    check_positive_int("steps", steps)
    check_positive_int("batch_size", batch_size)
    generator = torch.Generator().manual_seed(seed)
    # One draw per step, the order in which the loops used to draw them.
    return torch.stack(
        [
            torch.randint(n_examples, (batch_size,), generator=generator)
            for _ in range(steps)
        ]
    )  # (steps, batch)


def sgd(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    batches: torch.Tensor | Sequence[torch.Tensor],
    *,
    lr: float,
    momentum: float = 0.0,
    stop_when_not_finite: bool = False,
    before_step: Callable[[int], object] | None = None,
) -> np.ndarray:
    """One SGD step of the mean cross-entropy per row of ``batches``; return
    the loss of each step's mini-batch, measured before the step.

    ``before_step(step)`` runs before each step (to record the network as it
    is). With ``stop_when_not_finite`` a non-finite loss ends training before
    it reaches the weights; the remaining losses are NaN.
    """
    check_positive_float("lr", lr)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    losses = np.full(len(batches), np.nan)
    for step, idx in enumerate(batches):  # idx: (batch,)
        if before_step is not None:
            before_step(step)
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        if stop_when_not_finite and not torch.isfinite(loss):
            logger.info("loss is not finite at step %d: training stops", step)
            break
        losses[step] = loss.item()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 50 == 0:
            logger.debug("step %d: loss %.4f", step, losses[step])
    return losses


def fit_classifier(
    inputs: np.ndarray,
    labels: np.ndarray,
    *,
    n_hidden: int = 32,
    steps: int = 300,
    lr: float = 1e-2,
    seed: int = 0,
) -> nn.Module:
    """Train ``mlp(n_inputs, n_hidden, 10)`` with full-batch Adam.

    A fixed number of steps and a fixed seed make the result repeatable; the
    global torch random state is left as it was.
    """
    check_positive_int("steps", steps)
    x = torch.as_tensor(inputs, dtype=torch.float32)  # (n, features)
    y = torch.as_tensor(labels, dtype=torch.int64)  # (n,)
    n_classes = int(y.max()) + 1

    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = mlp(x.shape[1], n_hidden, n_classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()

    for step in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            logger.debug("step %d: loss %.4f", step, loss.item())
    return model.eval()


@torch.no_grad()
def accuracy(model: nn.Module, inputs: ArrayLike, labels: ArrayLike) -> float:
    """Fraction of ``inputs`` whose predicted class equals the label.

    >>> accuracy(nn.Identity(), [[0.0, 1.0], [3.0, 2.0]], [1, 1])
    0.5
    """
    logits = model(torch.as_tensor(inputs, dtype=torch.float32))  # (n, classes)
    predicted = logits.argmax(dim=1).numpy()
    return float(np.mean(predicted == np.asarray(labels)))
