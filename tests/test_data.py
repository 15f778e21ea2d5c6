"""The bundled digits, and the split every experiment uses."""

import numpy as np
import pytest
import torch

from snippets.data import PIXEL_MAX, load_digits, standardized_split, train_test_split


def test_digits_are_the_bundled_8x8_images():
    digits = load_digits()
    assert digits.images.shape == (1797, 64)
    assert digits.side == 8
    assert digits.images.min() == 0.0
    assert digits.images.max() == PIXEL_MAX
    assert set(np.unique(digits.labels)) == set(range(10))


def test_digits_cannot_be_modified_by_accident():
    with pytest.raises(ValueError, match="read-only"):
        load_digits().images[0, 0] = 1.0


@pytest.mark.parametrize("seed", [0, 1])
def test_split_is_a_repeatable_partition(seed):
    digits = load_digits()
    train, test = train_test_split(digits, test_fraction=0.2, seed=seed)
    again, _ = train_test_split(digits, test_fraction=0.2, seed=seed)

    assert len(train.labels) + len(test.labels) == len(digits.labels)
    assert len(test.labels) == round(0.2 * len(digits.labels))
    np.testing.assert_array_equal(train.images, again.images)
    # Every image appears exactly once across the two parts.
    both = np.concatenate([train.images, test.images])
    assert np.unique(both, axis=0).shape == np.unique(digits.images, axis=0).shape


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.5, 2.0])
def test_split_refuses_fractions_outside_zero_one(fraction):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        train_test_split(load_digits(), test_fraction=fraction)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("per_pixel", [False, True])
def test_standardized_split_uses_training_statistics_alone(seed, per_pixel):
    split = standardized_split(seed, per_pixel=per_pixel)
    train, test = train_test_split(load_digits(), seed=seed)
    # An independent computation of the same standardization, in float64.
    axis = 0 if per_pixel else None
    mean, std = train.images.mean(axis=axis), train.images.std(axis=axis)
    if per_pixel:
        std = np.where(std == 0, 1.0, std)
    np.testing.assert_allclose(
        split.x_test.numpy(), (test.images - mean) / std, atol=1e-5
    )
    np.testing.assert_array_equal(split.y_train.numpy(), train.labels)
    x = split.x_train.double().numpy()
    if per_pixel:
        varying = train.images.std(axis=0) > 0
        np.testing.assert_allclose(x.mean(axis=0), 0.0, atol=1e-6)
        np.testing.assert_allclose(x[:, varying].std(axis=0), 1.0, atol=1e-5)
        np.testing.assert_array_equal(x[:, ~varying], 0.0)
    else:
        assert abs(x.mean()) < 1e-6 and abs(x.std() - 1.0) < 1e-5
    assert split.x_train.dtype == torch.float32 and split.y_train.dtype == torch.int64
