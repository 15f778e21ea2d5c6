"""Skip connections: the lecture's MyMLP and deep plain versus residual MLPs
(lecture section 1.2).

The lecture's ``MyMLP`` adds the pre-activation ``x1`` to ``ReLU(x1)`` before
its output layer. This module keeps that class as the lecture wrote it,
computes what its sum really is, and measures the claim behind skip
connections on real digits: at initialization, the gradient of a deep plain
ReLU MLP fades on its way back to the first layer, while a residual MLP, whose
blocks compute ``h + F(h)``, carries it back whole, and trains.
"""

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import torch
import torch.nn.functional as functional
from torch import nn

from snippets.data import standardized_split
from snippets.training import (
    accuracy,
    check_positive_float,
    check_positive_int,
    random_batches,
    sgd,
)


# The lecture's example, kept as the lecture wrote it (784 MNIST inputs); the
# page shows the same code in a cell and a test checks that the two agree.
# fmt: off
class MyMLP(nn.Module):
    def __init__(self, hidden_dim=256):
        super().__init__()
        self.fc1 = nn.Linear(784, hidden_dim)
        self.activation = nn.ReLU()
        self.fc2 = nn.Linear(hidden_dim, 10)

    def forward(self, x):
        # x: (B, 784)
        x1 = self.fc1(x)           # (B, 256) - nhánh chính
        x = self.activation(x1)    # (B, 256) - qua hàm kích hoạt

        # Skip connection: cộng trực tiếp biểu diễn trước activation
        x = x + x1                 # (B, 256)

        x = self.fc2(x)           # (B, 10) - logit đầu ra
        return x
# fmt: on

# The docstring is set here so that the class above stays as the lecture wrote it.
MyMLP.__doc__ = """The lecture's MLP with a skip: ``fc2(ReLU(fc1(x)) + fc1(x))``.

784 inputs (28x28 MNIST), ``hidden_dim`` hidden units, 10 outputs. The skip
adds ``fc1``'s output to its own ReLU, so it bypasses only the activation
(see ``skip_sum``).
"""


def skip_sum(x1: torch.Tensor) -> torch.Tensor:
    """MyMLP's hidden representation, ``ReLU(x1) + x1``.

    It equals ``2 * x1`` where ``x1 > 0`` and ``x1`` elsewhere: a piecewise
    linear activation of ``x1``, with slopes 2 and 1.

    >>> skip_sum(torch.tensor([-2.0, 0.0, 3.0]))
    tensor([-2.,  0.,  6.])
    """
    return torch.relu(x1) + x1


def leaky_form(model: MyMLP, x: torch.Tensor) -> torch.Tensor:
    """MyMLP's output written without a skip: ``fc2(2 * LeakyReLU_0.5(fc1(x)))``.

    ``ReLU(z) + z`` is twice a leaky ReLU of negative slope 0.5, so MyMLP is an
    ordinary one-hidden-layer MLP with that activation.
    """
    x1 = model.fc1(x)  # (B, hidden)
    return model.fc2(2.0 * functional.leaky_relu(x1, negative_slope=0.5))


# Two ways to reach fc1 in MyMLP ----------------------------------------------


@dataclass(frozen=True)
class Fc1Gradient:
    """The gradient that reaches MyMLP's fc1, with and without the skip."""

    with_skip_norm: float  # Frobenius norm of d loss / d fc1.weight
    without_skip_norm: float
    with_skip_blocked: float  # fraction of d loss / d x1 entries that are 0
    without_skip_blocked: float
    local_slopes: tuple[float, ...]  # distinct values of d(ReLU(x1) + x1)/d x1


def fc1_gradient(
    inputs: torch.Tensor, labels: torch.Tensor, hidden_dim: int = 256, seed: int = 0
) -> Fc1Gradient:
    """Backpropagate one cross-entropy loss through MyMLP, with its skip and
    with the skip removed (``fc2(ReLU(x1))``), from the same weights.

    ``inputs`` may have any number of features: fc1 is resized to match.
    """
    check_positive_int("hidden_dim", hidden_dim)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = MyMLP(hidden_dim)
    model.fc1 = _resized(model.fc1, inputs.shape[1], seed)

    grads, blocked = {}, {}
    for skip in (True, False):
        model.zero_grad()
        x1 = model.fc1(inputs)  # (B, hidden)
        x1.retain_grad()
        hidden = skip_sum(x1) if skip else torch.relu(x1)
        functional.cross_entropy(model.fc2(hidden), labels).backward()
        grads[skip] = float(model.fc1.weight.grad.norm())
        blocked[skip] = float((x1.grad == 0).float().mean())

    x1 = model.fc1(inputs).detach().requires_grad_()
    skip_sum(x1).sum().backward()
    slopes = tuple(float(v) for v in torch.unique(x1.grad))
    return Fc1Gradient(grads[True], grads[False], blocked[True], blocked[False], slopes)


def _resized(layer: nn.Linear, n_inputs: int, seed: int) -> nn.Linear:
    """A fresh ``nn.Linear(n_inputs, out)`` in place of ``layer``, seeded."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return nn.Linear(n_inputs, layer.out_features)


# Deep plain and residual MLPs ------------------------------------------------

KINDS = ("plain", "residual")
DEPTH = 20
WIDTH = 32
STEPS = 200
LR = 0.02
BATCH_SIZE = 64
INITS = ("default", "he")


class DeepMLP(nn.Module):
    """``depth`` hidden Linear layers of ``width`` units, then a Linear output.

    ``plain``: ``h_l = ReLU(W_l h_{l-1} + b_l)``, the usual MLP.
    ``residual``: the first layer projects the input to ``width`` units, and
    every later layer is a block ``h_l = h_{l-1} + F_l(h_{l-1})`` with
    ``F_l(h) = W_l ReLU(h) + b_l``; the output layer reads ``ReLU(h)``.
    Both kinds have the same layers, so the same weights, and differ only
    in the skip.
    """

    def __init__(
        self,
        kind: str,
        n_inputs: int,
        width: int,
        depth: int,
        n_classes: int = 10,
        init: str = "default",
    ):
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; accepted: {', '.join(KINDS)}")
        if init not in INITS:
            raise ValueError(
                f"unknown initialization {init!r}; accepted: {', '.join(INITS)}"
            )
        for name, value in (
            ("n_inputs", n_inputs),
            ("width", width),
            ("depth", depth),
            ("n_classes", n_classes),
        ):
            check_positive_int(name, value)
        self.kind = kind
        sizes = [n_inputs] + [width] * depth
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))
        self.output = nn.Linear(width, n_classes)
        if init == "he":
            for layer in self.hidden:
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                nn.init.zeros_(layer.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        first, *rest = self.hidden
        if self.kind == "plain":
            h = torch.relu(first(x))  # (B, width)
            for layer in rest:
                h = torch.relu(layer(h))
            return self.output(h)
        h = first(x)  # (B, width)
        for layer in rest:
            h = h + layer(torch.relu(h))  # x + F(x)
        return self.output(torch.relu(h))

    def layers(self) -> list[nn.Linear]:
        """Every Linear layer, from the input to the output."""
        return [*self.hidden, self.output]


def build(
    kind: str, depth: int, width: int, seed: int, init: str = "default"
) -> DeepMLP:
    """A DeepMLP for the 64-pixel digits, seeded; the global torch random
    state is left as it was."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return DeepMLP(kind, 64, width, depth, init=init)


def layer_gradient_norms(
    model: DeepMLP, inputs: torch.Tensor, labels: torch.Tensor
) -> np.ndarray:
    """Frobenius norm of d loss / d W for every Linear layer, input first.

    The loss is the mean cross-entropy over ``inputs``.
    """
    model.zero_grad()
    functional.cross_entropy(model(inputs), labels).backward()
    return np.array([float(layer.weight.grad.norm()) for layer in model.layers()])


@dataclass(frozen=True)
class Run:
    """One network trained on the digits from one seed."""

    kind: str
    seed: int
    gradient_norms: np.ndarray  # (depth + 1,) at initialization, input first
    losses: np.ndarray  # (steps,) training loss before each step
    test_accuracy: float

    @property
    def first_to_last(self) -> float:
        """First layer's gradient norm divided by the output layer's."""
        return float(self.gradient_norms[0] / self.gradient_norms[-1])


def train_run(
    kind: str,
    depth: int = DEPTH,
    width: int = WIDTH,
    steps: int = STEPS,
    lr: float = LR,
    batch_size: int = BATCH_SIZE,
    seed: int = 0,
    init: str = "default",
) -> Run:
    """Measure a fresh network's gradient norms on the whole training set,
    then train it with mini-batch SGD (momentum 0.9) and test it.

    Plain SGD on purpose: the update of each layer is proportional to its
    gradient, as in the lecture's argument; Adam would rescale each update.
    """
    check_positive_float("lr", lr)
    split = standardized_split(seed)
    batches = random_batches(len(split.y_train), steps, batch_size, seed)
    model = build(kind, depth, width, seed, init)
    norms = layer_gradient_norms(model, split.x_train, split.y_train)

    losses = sgd(model, split.x_train, split.y_train, batches, lr=lr, momentum=0.9)
    test_accuracy = accuracy(model, split.x_test, split.y_test)
    return Run(kind, seed, norms, losses, test_accuracy)


def gradient_profile(
    kind: str,
    seed: int = 0,
    depth: int = DEPTH,
    width: int = WIDTH,
    init: str = "default",
) -> np.ndarray:
    """Per-layer weight-gradient norms of a fresh network on the training
    digits, input layer first (no training).

    >>> norms = gradient_profile("plain", depth=3, width=8)
    >>> norms.shape
    (4,)
    """
    split = standardized_split(seed)
    model = build(kind, depth, width, seed, init)
    return layer_gradient_norms(model, split.x_train, split.y_train)
