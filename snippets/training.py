"""Small, deterministic training loops shared by the chapters' experiments."""

import logging

import numpy as np
import torch
from torch import nn

logger = logging.getLogger(__name__)


def mlp(n_inputs: int, n_hidden: int, n_classes: int) -> nn.Sequential:
    """A one-hidden-layer ReLU MLP with PyTorch's default initialization.

    >>> mlp(64, 32, 10)
    Sequential(
      (0): Linear(in_features=64, out_features=32, bias=True)
      (1): ReLU()
      (2): Linear(in_features=32, out_features=10, bias=True)
    )
    """
    for name, size in (
        ("n_inputs", n_inputs),
        ("n_hidden", n_hidden),
        ("n_classes", n_classes),
    ):
        if not isinstance(size, int) or size <= 0:
            raise ValueError(f"{name} must be a positive integer, got {size!r}")
    return nn.Sequential(
        nn.Linear(n_inputs, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_classes)
    )


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
    if steps <= 0:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
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
def accuracy(model: nn.Module, inputs: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of ``inputs`` whose predicted class equals the label."""
    logits = model(torch.as_tensor(inputs, dtype=torch.float32))  # (n, classes)
    predicted = logits.argmax(dim=1).numpy()
    return float(np.mean(predicted == np.asarray(labels)))
