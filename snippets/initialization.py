"""Weight initialization for deep ReLU networks (lecture section 1.5).

Four ways to draw the weights of ``nn.Linear`` layers are compared:

* ``"normal"``: every weight from N(0, 1), whatever the layer's size;
* ``"xavier"``: Glorot and Bengio's normal form, variance 2 / (fan_in + fan_out);
* ``"pytorch"``: what ``nn.Linear`` does on its own (``reset_parameters``),
  U(-1/sqrt(n), 1/sqrt(n)) with n = fan_in, variance 1 / (3n);
* ``"he"``: He et al.'s normal form, ``kaiming_normal_(nonlinearity="relu")``,
  variance 2 / n.

The functions below push real inputs (the standardized digits) through a deep
ReLU MLP and return per-layer statistics, measure the variance of a fresh
``nn.Linear`` weight, and train the deep MLP briefly under each scheme.
"""

import math
from dataclasses import dataclass
from functools import partial

import numpy as np
import torch
from torch import nn

from snippets.data import load_digits, standardized_split
from snippets.standardization import standardize
from snippets.training import accuracy, check_positive_int, mlp, sgd

#: The initializations the chapter compares, in the order the figures use.
INITIALIZATIONS = ("normal", "xavier", "pytorch", "he")

#: Closed forms for z symmetric around 0: E[ReLU(z)^2] / E[z^2] ...
RELU_SECOND_MOMENT_RATIO = 0.5
#: ... and Var(ReLU(z)) / Var(z) for Gaussian z with mean 0.
RELU_VARIANCE_RATIO = 0.5 - 1.0 / (2.0 * math.pi)


def _check_name(name: str) -> None:
    if name not in INITIALIZATIONS:
        raise ValueError(
            f"unknown initialization {name!r}: expected one of "
            f"{', '.join(repr(n) for n in INITIALIZATIONS)}"
        )


def _check_positive(**sizes: int) -> None:
    for key, size in sizes.items():
        check_positive_int(key, size)


def weight_variance(name: str, fan_in: int, fan_out: int) -> float:
    """The variance each scheme gives a weight of a ``fan_out x fan_in`` layer.

    >>> weight_variance("he", 256, 256), weight_variance("xavier", 256, 256)
    (0.0078125, 0.00390625)
    >>> weight_variance("pytorch", 64, 256) == 1 / (3 * 64)
    True
    """
    _check_name(name)
    _check_positive(fan_in=fan_in, fan_out=fan_out)
    return {
        "normal": 1.0,
        "xavier": 2.0 / (fan_in + fan_out),
        "pytorch": 1.0 / (3.0 * fan_in),
        "he": 2.0 / fan_in,
    }[name]


@torch.no_grad()
def initialize(layer: nn.Linear, name: str, zero_bias: bool = True) -> nn.Linear:
    """Draw ``layer``'s weights by the scheme ``name``, in place.

    The bias is set to zero, as in the lecture's ``nn.init.zeros_`` line,
    except for ``"pytorch"`` with ``zero_bias=False``, which keeps the bias
    that ``nn.Linear`` draws itself, U(-1/sqrt(n), 1/sqrt(n)).

    >>> layer = initialize(nn.Linear(4, 3), "he")
    >>> layer.bias.tolist()
    [0.0, 0.0, 0.0]
    """
    _check_name(name)
    if name == "normal":
        nn.init.normal_(layer.weight, mean=0.0, std=1.0)
    elif name == "xavier":
        nn.init.xavier_normal_(layer.weight)
    elif name == "pytorch":
        layer.reset_parameters()
    else:
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    if layer.bias is not None and (zero_bias or name != "pytorch"):
        nn.init.zeros_(layer.bias)
    return layer


def deep_relu_mlp(
    n_inputs: int,
    width: int,
    depth: int,
    name: str,
    *,
    n_outputs: int | None = None,
    zero_bias: bool = True,
    batchnorm: bool = False,
    seed: int = 0,
    dtype: torch.dtype = torch.float32,
) -> nn.Sequential:
    """``depth`` blocks Linear -> (BatchNorm) -> ReLU, then an optional head.

    Every Linear layer, the head included, is initialized by ``name``. The
    weights are drawn from ``seed`` without touching the global random state;
    with one seed, ``"normal"``, ``"xavier"`` and ``"he"`` draw the very same
    numbers up to one factor per layer.

    >>> net = deep_relu_mlp(64, 8, depth=2, name="he", n_outputs=10)
    >>> [type(m).__name__ for m in net]
    ['Linear', 'ReLU', 'Linear', 'ReLU', 'Linear']
    """
    _check_name(name)
    _check_positive(n_inputs=n_inputs, width=width, depth=depth)
    if n_outputs is not None:
        _check_positive(n_outputs=n_outputs)

    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return mlp(
            n_inputs,
            width,
            n_outputs,
            depth,
            batchnorm=batchnorm,
            init=partial(initialize, name=name, zero_bias=zero_bias),
            dtype=dtype,
        )


def standardized_digits() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 digits, standardized by one mean and one standard deviation
    of all their pixels, with their labels.

    >>> x, y = standardized_digits()
    >>> x.shape, round(float((x**2).mean()), 6)
    ((1797, 64), 1.0)
    """
    digits = load_digits()
    return standardize(digits.images), np.array(digits.labels)  # a writable copy


@dataclass(frozen=True)
class SignalTrace:
    """Per-layer statistics of real inputs going through a fresh deep ReLU MLP.

    Index 0 of ``second_moment`` is the input; index l is the output of the
    l-th ReLU. The other arrays have one entry per hidden layer.
    """

    name: str
    zero_bias: bool
    batchnorm: bool
    second_moment: np.ndarray  # (depth + 1,) mean of h^2 over inputs and units
    pre_second_moment: np.ndarray  # (depth,) mean of z^2 before the ReLU
    active_fraction: np.ndarray  # (depth,) share of (input, unit) with z > 0
    dead_fraction: np.ndarray  # (depth,) share of units with z <= 0 for all
    weight_grad_rms: np.ndarray  # (depth,) RMS of d loss / d W, per layer

    @property
    def ratios(self) -> np.ndarray:
        """Second moment of each layer's output over that of its input."""
        return self.second_moment[1:] / self.second_moment[:-1]


def signal_per_layer(
    name: str,
    depth: int = 20,
    width: int = 256,
    *,
    zero_bias: bool = True,
    batchnorm: bool = False,
    seed: int = 0,
    n_inputs: int | None = None,
) -> SignalTrace:
    """Push standardized digits through a fresh deep ReLU MLP and measure
    every layer, forward (activations) and backward (weight gradients).

    Runs in float64, because N(0, 1) weights make the signal grow by a
    factor of about width / 2 per layer, past float32's range within 20
    layers. ``n_inputs`` keeps only the first images (all 1,797 by default).
    The gradient is that of the cross-entropy of a 10-class head, initialized
    the same way, on the digit labels.
    """
    _check_name(name)
    _check_positive(depth=depth, width=width)
    x_np, y_np = standardized_digits()
    if n_inputs is not None:
        _check_positive(n_inputs=n_inputs)
        x_np, y_np = x_np[:n_inputs], y_np[:n_inputs]
    x = torch.as_tensor(x_np, dtype=torch.float64)  # (n, 64)
    y = torch.as_tensor(y_np, dtype=torch.int64)  # (n,)
    net = deep_relu_mlp(
        x.shape[1],
        width,
        depth,
        name,
        n_outputs=10,
        zero_bias=zero_bias,
        batchnorm=batchnorm,
        seed=seed,
        dtype=torch.float64,
    )

    # Record the input of every ReLU (z) and its output (h) on the way up.
    pre: list[torch.Tensor] = []
    post: list[torch.Tensor] = [x]
    h = x
    for module in net[:-1]:
        h = module(h)
        if isinstance(module, nn.ReLU):
            post.append(h.detach())
        elif isinstance(module, nn.BatchNorm1d) or (
            not batchnorm and isinstance(module, nn.Linear)
        ):
            pre.append(h.detach())
    nn.functional.cross_entropy(net[-1](h), y).backward()
    linears = [m for m in net[:-1] if isinstance(m, nn.Linear)]

    z = torch.stack(pre)  # (depth, n, width)
    return SignalTrace(
        name=name,
        zero_bias=zero_bias,
        batchnorm=batchnorm,
        second_moment=np.array([float((t**2).mean()) for t in post]),
        pre_second_moment=(z**2).mean(dim=(1, 2)).numpy(),
        active_fraction=(z > 0).double().mean(dim=(1, 2)).numpy(),
        dead_fraction=(z <= 0).all(dim=1).double().mean(dim=1).numpy(),
        weight_grad_rms=np.array(
            [float(m.weight.grad.pow(2).mean().sqrt()) for m in linears]
        ),
    )


def geometric_mean_ratio(trace: SignalTrace, first: int = 1, last: int | None = None):
    """The average factor per layer by which the second moment changes,
    from the output of layer ``first`` to that of layer ``last``.

    >>> import numpy as np
    >>> t = SignalTrace("he", True, False, np.array([1.0, 0.5, 0.25, 0.125]),
    ...                 *[np.zeros(3)] * 4)
    >>> geometric_mean_ratio(t)
    0.5
    """
    last = len(trace.second_moment) - 1 if last is None else last
    if not 0 <= first < last < len(trace.second_moment):
        raise ValueError(
            f"need 0 <= first < last <= {len(trace.second_moment) - 1}, "
            f"got first={first}, last={last}"
        )
    q = trace.second_moment
    return float((q[last] / q[first]) ** (1.0 / (last - first)))


# The default nn.Linear weight ---------------------------------------------------


@dataclass(frozen=True)
class DefaultWeightVariance:
    """Empirical variance of a fresh ``nn.Linear(n, m).weight`` and two
    closed forms to compare it with."""

    fan_in: int
    fan_out: int
    empirical: float
    pytorch_closed_form: float  # 1 / (3 n): U(-1/sqrt(n), 1/sqrt(n))
    he: float  # 2 / n
    relative_std_error: float  # standard error of ``empirical`` / 1 / (3 n)


def default_weight_variance(
    fan_in: int = 256, fan_out: int = 256, seed: int = 0
) -> DefaultWeightVariance:
    """Create ``nn.Linear(fan_in, fan_out)`` and measure its weight variance.

    For U(-a, a) the mean of w^2 over N weights has standard error
    sqrt(4 / 45) a^2 / sqrt(N), i.e. 0.894 / sqrt(N) relative to a^2 / 3.

    >>> v = default_weight_variance(64, 256)
    >>> round(v.he / v.pytorch_closed_form, 6)
    6.0
    """
    _check_positive(fan_in=fan_in, fan_out=fan_out)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        layer = nn.Linear(fan_in, fan_out, dtype=torch.float64)
    w = layer.weight.detach()
    return DefaultWeightVariance(
        fan_in=fan_in,
        fan_out=fan_out,
        # Mean 0 is known: the mean of w^2 estimates the variance directly.
        empirical=float(w.pow(2).mean()),
        pytorch_closed_form=1.0 / (3.0 * fan_in),
        he=2.0 / fan_in,
        relative_std_error=3.0 * math.sqrt(4.0 / 45.0) / math.sqrt(w.numel()),
    )


def he_uniform_variance(fan_in: int = 256, fan_out: int = 256, seed: int = 0):
    """Empirical variance of ``kaiming_uniform_(nonlinearity="relu")``,
    which draws from U(-sqrt(6/n), sqrt(6/n)); the closed form is 2 / n.

    >>> round(he_uniform_variance(256, 256) * 256 / 2, 1)
    1.0
    """
    _check_positive(fan_in=fan_in, fan_out=fan_out)
    w = torch.empty(fan_out, fan_in, dtype=torch.float64)
    generator = torch.Generator().manual_seed(seed)
    nn.init.kaiming_uniform_(w, nonlinearity="relu", generator=generator)
    return float(w.pow(2).mean())


# ReLU on a symmetric input --------------------------------------------------------


@dataclass(frozen=True)
class ReluMoments:
    """What ReLU does to z ~ N(0, 1), measured on samples."""

    active_fraction: float  # share of z > 0
    second_moment_ratio: float  # E[ReLU(z)^2] / E[z^2]
    variance_ratio: float  # Var(ReLU(z)) / Var(z)


def relu_moments(n_samples: int = 1_000_000, seed: int = 0) -> ReluMoments:
    """Measure the active share, the second moment and the variance of
    ReLU(z) for Gaussian z, against the closed forms 1/2, 1/2, 1/2 - 1/(2 pi).

    >>> m = relu_moments(200_000)
    >>> round(m.second_moment_ratio, 2), round(m.variance_ratio, 2)
    (0.5, 0.34)
    """
    _check_positive(n_samples=n_samples)
    z = np.random.default_rng(seed).standard_normal(n_samples)
    r = np.maximum(z, 0.0)
    return ReluMoments(
        active_fraction=float(np.mean(z > 0)),
        second_moment_ratio=float(np.mean(r**2) / np.mean(z**2)),
        variance_ratio=float(np.var(r) / np.var(z)),
    )


# A short training run ---------------------------------------------------------------


@dataclass(frozen=True)
class TrainingRun:
    """Loss per step and test accuracy of one deep MLP trained with SGD."""

    name: str
    losses: np.ndarray  # (steps,) training loss on each mini-batch; nan once diverged
    diverged: bool
    test_accuracy: float
    dead_before: float  # share of hidden units inactive on every training input
    dead_after: float


def train_deep(
    name: str,
    depth: int = 20,
    width: int = 128,
    *,
    steps: int = 200,
    batch_size: int = 64,
    lr: float = 0.01,
    seed: int = 0,
) -> TrainingRun:
    """Train a deep ReLU MLP on the standardized digits with SGD (momentum
    0.9) for a fixed number of mini-batch steps.

    ``"pytorch"`` keeps nn.Linear's own bias; the other schemes start from
    zero biases. A run whose loss stops being finite is marked as diverged
    and stops there.
    """
    _check_name(name)
    _check_positive(depth=depth, width=width, steps=steps, batch_size=batch_size)
    # The split of every chapter, standardized with the training set's own
    # mean and standard deviation, so that no statistic of the test images
    # reaches training.
    split = standardized_split(seed=seed)
    x, y = split.x_train, split.y_train  # (1348, 64), (1348,)
    net = deep_relu_mlp(
        64, width, depth, name, n_outputs=10, zero_bias=name != "pytorch", seed=seed
    )
    dead_before = dead_fraction(net, x)
    batches = np.random.default_rng(seed + 1).integers(
        0, len(y), size=(steps, batch_size)
    )  # (steps, batch)

    losses = sgd(
        net,
        x,
        y,
        torch.as_tensor(batches),
        lr=lr,
        momentum=0.9,
        stop_when_not_finite=True,
    )
    return TrainingRun(
        name=name,
        losses=losses,
        diverged=bool(np.isnan(losses).any()),
        test_accuracy=accuracy(net, split.x_test, split.y_test),
        dead_before=dead_before,
        dead_after=dead_fraction(net, x),
    )


@torch.no_grad()
def dead_fraction(net: nn.Sequential, x: torch.Tensor) -> float:
    """Share of hidden units (over all ReLU layers) that output 0 for every
    row of ``x``."""
    dead, total = 0, 0
    h = x
    for module in net:
        h = module(h)
        if isinstance(module, nn.ReLU):
            dead += int((h <= 0).all(dim=0).sum())
            total += h.shape[1]
    if total == 0:
        raise ValueError("the network has no ReLU layer to inspect")
    return dead / total
