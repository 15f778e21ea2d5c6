"""Standardization and its invariance to affine changes (lecture section 1.1).

Standardizing X means subtracting its mean and dividing by its standard
deviation, both taken with 1/n as in the lecture. For Y = aX + b with a != 0
the lecture shows that standardizing Y gives sign(a) times standardized X.
This module computes that identity numerically and measures what it means for
real images whose brightness and contrast change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from snippets.data import PIXEL_MAX, Digits, load_digits, train_test_split
from snippets.training import accuracy, fit_classifier


def standardize(x: ArrayLike, axis: int | None = None) -> np.ndarray:
    """Return ``(x - mean) / std``, with the 1/n standard deviation.

    With ``axis=None`` the statistics are taken over all values; with an
    axis, over that axis (``axis=1`` standardizes each row on its own).

    >>> standardize([1.0, 2.0, 3.0]).round(4)
    array([-1.2247,  0.    ,  1.2247])
    >>> standardize([[0, 2], [5, 9]], axis=1)
    array([[-1.,  1.],
           [-1.,  1.]])
    >>> standardize([4, 4, 4])
    Traceback (most recent call last):
    ...
    ValueError: cannot standardize constant data: all values are equal, ...
    """
    values = _as_numeric_array(x)
    if values.ndim == 0:
        raise ValueError(
            "cannot standardize a single scalar: pass a sequence or an array "
            "of at least two different numbers"
        )
    if axis is not None and not -values.ndim <= axis < values.ndim:
        raise ValueError(
            f"axis {axis} is out of range for an array of {values.ndim} "
            f"dimension(s); use None or an integer in [{-values.ndim}, "
            f"{values.ndim - 1}]"
        )

    # An exact range of 0 is the honest test for constant data: a computed
    # standard deviation of [0.1, 0.1, 0.1] is a rounding error, not 0.
    constant = np.ptp(values, axis=axis, keepdims=True) == 0
    if np.any(constant):
        where = (
            "" if axis is None else f" in {constant.sum()} slice(s) along axis {axis}"
        )
        raise ValueError(
            "cannot standardize constant data: all values are equal"
            f"{where}, so the standard deviation is 0 and dividing by it is "
            "undefined"
        )

    mean = values.mean(axis=axis, keepdims=True)
    std = values.std(axis=axis, keepdims=True)  # ddof=0: the lecture's 1/n
    return (values - mean) / std


def _as_numeric_array(x: ArrayLike) -> np.ndarray:
    """Convert to a float64 array, or say precisely why that is impossible."""
    try:
        values = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise ValueError(
            f"cannot standardize input that is not a rectangular array: {err}"
        ) from None
    if values.dtype.kind not in "iuf":
        raise ValueError(
            f"cannot standardize values of type {values.dtype}: expected "
            "integers or real floating-point numbers"
        )
    if values.size == 0:
        raise ValueError(
            "cannot standardize empty input: the mean and the standard "
            "deviation of no values are undefined"
        )
    values = values.astype(np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError(
            "cannot standardize input that contains NaN or infinity: the mean "
            "and the standard deviation would be undefined"
        )
    return values


def affine(x: ArrayLike, a: float, b: float) -> np.ndarray:
    """Return ``a * x + b``, refusing ``a = 0``, which the lecture excludes.

    >>> affine([1.0, 2.0], a=-2.0, b=1.0)
    array([-1., -3.])
    """
    if a == 0:
        raise ValueError(
            "a must be non-zero: with a = 0 every value becomes b, which has "
            "no standard deviation to divide by"
        )
    return a * _as_numeric_array(x) + b


@dataclass(frozen=True)
class InvarianceRow:
    """How far standardized aX + b lies from +X_bar and from sign(a) X_bar."""

    a: float
    b: float
    distance_to_x_bar: float  # max |Y_bar - X_bar|
    distance_to_sign_a_x_bar: float  # max |Y_bar - sign(a) X_bar|


def invariance_table(
    x: ArrayLike, coefficients: Sequence[tuple[float, float]]
) -> list[InvarianceRow]:
    """Standardize ``a * x + b`` for each ``(a, b)`` and compare with X_bar.

    >>> rows = invariance_table([0.0, 1.0, 5.0], [(3.0, 2.0), (-3.0, 2.0)])
    >>> [r.distance_to_sign_a_x_bar < 1e-12 for r in rows]
    [True, True]
    >>> [r.distance_to_x_bar < 1e-12 for r in rows]
    [True, False]
    """
    x_bar = standardize(x)
    rows = []
    for a, b in coefficients:
        y_bar = standardize(affine(x, a, b))
        rows.append(
            InvarianceRow(
                a=float(a),
                b=float(b),
                distance_to_x_bar=float(np.max(np.abs(y_bar - x_bar))),
                distance_to_sign_a_x_bar=float(
                    np.max(np.abs(y_bar - np.sign(a) * x_bar))
                ),
            )
        )
    return rows


# Real images -----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A brightness and contrast change: ``contrast * pixel + brightness``.

    With ``clip`` the result is cut back to the valid pixel range [0, 16], as
    an image editor or a camera sensor does; that makes the change non-affine.
    """

    name: str
    contrast: float
    brightness: float
    clip: bool = False

    def apply(self, images: np.ndarray) -> np.ndarray:
        """Apply the change to images given as rows of pixel values."""
        changed = affine(images, self.contrast, self.brightness)
        if self.clip:
            changed = np.clip(changed, 0.0, PIXEL_MAX)
        return changed


#: The changes every page shows, from harmless to harmful.
CHANGES: tuple[Change, ...] = (
    Change("original", 1.0, 0.0),
    Change("lower contrast", 0.5, 0.0),
    Change("brighter", 1.0, 6.0),
    Change("dim and bright", 0.4, 8.0),
    Change("inverted (a < 0)", -1.0, PIXEL_MAX),
    Change("brighter, clipped", 1.5, 6.0, clip=True),
)


@dataclass(frozen=True)
class ChangeEffect:
    """Mean distance of changed images from the originals, per image (RMS)."""

    change: Change
    raw_distance: float  # in pixel units
    standardized_distance: float  # in standard deviations


def change_effects(
    images: np.ndarray, changes: Sequence[Change] = CHANGES
) -> list[ChangeEffect]:
    """Measure how much each change moves the images, before and after
    per-image standardization.

    >>> effects = change_effects(load_digits().images[:50])
    >>> {e.change.name: round(e.standardized_distance, 6) for e in effects[:3]}
    {'original': 0.0, 'lower contrast': 0.0, 'brighter': 0.0}
    """
    reference = standardize(images, axis=1)
    effects = []
    for change in changes:
        changed = change.apply(images)
        effects.append(
            ChangeEffect(
                change=change,
                raw_distance=_mean_rms(changed - images),
                standardized_distance=_mean_rms(
                    standardize(changed, axis=1) - reference
                ),
            )
        )
    return effects


def _mean_rms(differences: np.ndarray) -> float:
    """Root mean square over each row, averaged over rows."""
    return float(np.mean(np.sqrt(np.mean(differences**2, axis=1))))


# Recognition under changed brightness and contrast ---------------------------

#: Ways to turn pixels into network inputs, compared on the page.
PIPELINES = ("raw pixels", "dataset statistics", "per-image standardization")


@dataclass(frozen=True)
class RecognitionResult:
    """Test accuracy of one trained classifier on one changed test set."""

    pipeline: str
    change: Change
    accuracy: float


def recognition_under_changes(
    changes: Sequence[Change] = CHANGES, seed: int = 0, steps: int = 300
) -> list[RecognitionResult]:
    """Train one small MLP per input pipeline on unchanged digits, then test
    it on the test set under each change.

    The three pipelines: raw pixels scaled to [0, 1]; standardization with one
    mean and one standard deviation taken over the whole training set (the
    usual recipe for MNIST); standardization of each image by its own
    statistics.
    """
    if steps <= 0:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    train, test = train_test_split(load_digits(), seed=seed)
    mean, std = float(train.images.mean()), float(train.images.std())
    prepare = {
        "raw pixels": lambda images: images / PIXEL_MAX,
        "dataset statistics": lambda images: (images - mean) / std,
        "per-image standardization": lambda images: standardize(images, axis=1),
    }

    results = []
    for pipeline in PIPELINES:
        model = fit_classifier(
            prepare[pipeline](train.images), train.labels, steps=steps, seed=seed
        )
        for change in changes:
            changed = Digits(change.apply(test.images), test.labels)
            acc = accuracy(model, prepare[pipeline](changed.images), changed.labels)
            results.append(RecognitionResult(pipeline, change, acc))
    return results
