"""The real images every experiment uses: scikit-learn's bundled digits.

The lecture's examples use 28x28 MNIST (784 inputs). MNIST would have to be
downloaded; the digits ship inside scikit-learn (1,797 images of 8x8 pixels,
64 inputs, pixel values 0 to 16), so every experiment here runs offline and in
seconds.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
import torch

#: Largest pixel value in the digits images (values run from 0 to 16).
PIXEL_MAX = 16.0


@dataclass(frozen=True)
class Digits:
    """Images as rows of pixel values, with their labels."""

    images: np.ndarray  # (n_images, 64), float64 in [0, 16]
    labels: np.ndarray  # (n_images,), int64 in 0..9

    @property
    def side(self) -> int:
        """Side of the square image, in pixels."""
        return round(self.images.shape[1] ** 0.5)


@cache
def load_digits() -> Digits:
    """Load the 1,797 bundled digit images as ``float64`` rows of 64 pixels.

    >>> d = load_digits()
    >>> d.images.shape, d.side, float(d.images.max())
    ((1797, 64), 8, 16.0)
    """
    from sklearn.datasets import load_digits as _sklearn_digits

    bunch = _sklearn_digits()
    images = bunch.data.astype(np.float64)
    images.setflags(write=False)
    labels = bunch.target.astype(np.int64)
    labels.setflags(write=False)
    return Digits(images=images, labels=labels)


def train_test_split(
    digits: Digits, test_fraction: float = 0.25, seed: int = 0
) -> tuple[Digits, Digits]:
    """Split the digits into a training and a test set, shuffled by ``seed``.

    >>> train, test = train_test_split(load_digits(), test_fraction=0.25)
    >>> len(train.labels), len(test.labels)
    (1348, 449)
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(
            f"test_fraction must lie strictly between 0 and 1, got {test_fraction!r}"
        )
    n = len(digits.labels)
    order = np.random.default_rng(seed).permutation(n)
    n_test = round(n * test_fraction)
    test_idx, train_idx = order[:n_test], order[n_test:]
    return (
        Digits(digits.images[train_idx], digits.labels[train_idx]),
        Digits(digits.images[test_idx], digits.labels[test_idx]),
    )


@dataclass(frozen=True)
class TensorSplit:
    """Standardized digits as tensors, ready for a network."""

    x_train: torch.Tensor  # (1348, 64), float32
    y_train: torch.Tensor  # (1348,), int64
    x_test: torch.Tensor  # (449, 64), float32
    y_test: torch.Tensor  # (449,), int64


def standardized_split(seed: int = 0, per_pixel: bool = False) -> TensorSplit:
    """The digits split by ``seed`` and standardized with statistics of the
    training set alone: one mean and one standard deviation of all its pixels,
    or with ``per_pixel`` one of each pixel (a pixel that is 0 in every
    training image is only centred).

    >>> split = standardized_split(seed=0, per_pixel=True)
    >>> split.x_train.shape, split.x_test.shape
    (torch.Size([1348, 64]), torch.Size([449, 64]))
    >>> bool(split.x_train.mean(dim=0).abs().max() < 1e-6)  # every pixel centred
    True
    """
    train, test = train_test_split(load_digits(), seed=seed)
    axis = 0 if per_pixel else None
    mean = train.images.mean(axis=axis)
    std = train.images.std(axis=axis)
    if per_pixel:
        std[std == 0] = 1.0

    def x(images: np.ndarray) -> torch.Tensor:
        return torch.as_tensor((images - mean) / std, dtype=torch.float32)

    def y(labels: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(labels, dtype=torch.int64)

    return TensorSplit(x(train.images), y(train.labels), x(test.images), y(test.labels))
