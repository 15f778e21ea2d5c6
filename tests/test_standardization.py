"""Standardization against its closed form and the lecture's identity."""

import numpy as np
import pytest

from snippets.data import PIXEL_MAX, load_digits
from snippets.standardization import (
    CHANGES,
    PIPELINES,
    Change,
    affine,
    change_effects,
    invariance_table,
    recognition_under_changes,
    standardize,
)

RNG_SEEDS = [0, 1, 2]


def reference_standardize(values: list[float]) -> list[float]:
    """The lecture's formulas, written out with plain Python sums."""
    n = len(values)
    mean = sum(values) / n
    std = (sum((v - mean) ** 2 for v in values) / n) ** 0.5
    return [(v - mean) / std for v in values]


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_standardize_matches_the_closed_form(seed):
    values = np.random.default_rng(seed).normal(3.0, 7.0, size=50)
    expected = reference_standardize(values.tolist())
    np.testing.assert_allclose(standardize(values), expected, rtol=1e-12, atol=1e-12)


def test_standardized_data_have_mean_zero_and_std_one():
    result = standardize(load_digits().images[:10], axis=1)
    np.testing.assert_allclose(result.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(result.std(axis=1), 1.0, rtol=1e-12)


def test_axis_standardizes_each_slice_on_its_own():
    x = np.array([[1.0, 2.0, 3.0], [10.0, 30.0, 50.0]])
    np.testing.assert_allclose(standardize(x, axis=1)[0], standardize(x[0]))
    np.testing.assert_allclose(standardize(x, axis=1)[1], standardize(x[1]))
    np.testing.assert_allclose(standardize(x, axis=0)[:, 2], [-1.0, 1.0])


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_moments_of_an_affine_map(seed):
    """mu_Y = a mu_X + b and sigma_Y = |a| sigma_X, over many random (a, b)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=200)
    for a, b in zip(rng.uniform(-20, 20, 100), rng.uniform(-50, 50, 100), strict=True):
        y = affine(x, a, b)
        assert y.mean() == pytest.approx(a * x.mean() + b, rel=1e-9, abs=1e-9)
        assert y.std() == pytest.approx(abs(a) * x.std(), rel=1e-9)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_standardizing_an_affine_map_gives_sign_a_times_x_bar(seed):
    """The lecture's identity, as a property over many random a and b."""
    rng = np.random.default_rng(seed)
    x = rng.exponential(size=64)
    magnitudes = 10.0 ** rng.uniform(-3, 3, 200)
    signs = rng.choice([-1.0, 1.0], 200)
    coefficients = list(
        zip(magnitudes * signs, rng.uniform(-100, 100, 200), strict=True)
    )

    for row in invariance_table(x, coefficients):
        # Relative rounding of a*x + b grows with |b| / |a|: 1e-9 holds for
        # |b| / |a| up to 1e5 here.
        assert row.distance_to_sign_a_x_bar < 1e-9
        if row.a < 0:
            # -X_bar is 2 |X_bar| away from X_bar: far from it, never close.
            assert row.distance_to_x_bar == pytest.approx(
                2 * np.abs(standardize(x)).max(), rel=1e-9
            )
        else:
            assert row.distance_to_x_bar < 1e-9


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([5.0, 5.0, 5.0], "constant data"),
        ([0.1, 0.1, 0.1], "constant data"),
        ([], "empty input"),
        (np.zeros((0, 3)), "empty input"),
        (["a", "b"], "expected integers or real floating-point numbers"),
        ([1.0, "b"], "expected integers or real floating-point numbers"),
        ([1 + 2j, 3j], "expected integers or real floating-point numbers"),
        ([1.0, float("nan")], "NaN or infinity"),
        ([1.0, float("inf")], "NaN or infinity"),
        ([[1.0, 2.0], [3.0]], "not a rectangular array"),
        (4.0, "single scalar"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(bad, message):
    with pytest.raises(ValueError, match=message):
        standardize(bad)


def test_a_constant_row_is_named_when_standardizing_along_an_axis():
    with pytest.raises(ValueError, match="in 1 slice"):
        standardize([[1.0, 2.0], [3.0, 3.0]], axis=1)


def test_axis_out_of_range_is_refused():
    with pytest.raises(ValueError, match="out of range"):
        standardize([1.0, 2.0], axis=1)


def test_a_zero_is_refused():
    with pytest.raises(ValueError, match="a must be non-zero"):
        affine([1.0, 2.0], 0.0, 3.0)


def test_clipped_change_stays_in_the_pixel_range():
    images = load_digits().images[:20]
    changed = Change("bright", 2.0, 10.0, clip=True).apply(images)
    assert changed.min() >= 0.0
    assert changed.max() == PIXEL_MAX


def test_change_effects_separate_affine_from_non_affine_changes():
    effects = {e.change.name: e for e in change_effects(load_digits().images)}

    for name in ("original", "lower contrast", "brighter", "dim and bright"):
        assert effects[name].standardized_distance < 1e-12
    assert effects["brighter"].raw_distance == pytest.approx(6.0)
    # Inverting gives -X_bar, whose RMS distance from X_bar is exactly 2.
    assert effects["inverted (a < 0)"].standardized_distance == pytest.approx(2.0)
    # Clipping is not affine: standardization leaves a visible difference.
    assert effects["brighter, clipped"].standardized_distance > 0.1


@pytest.fixture(scope="module", params=RNG_SEEDS)
def recognition(request):
    results = recognition_under_changes(seed=request.param, steps=200)
    return {(r.pipeline, r.change.name): r.accuracy for r in results}


def test_every_pipeline_recognizes_unchanged_digits(recognition):
    for pipeline in PIPELINES:
        assert recognition[pipeline, "original"] > 0.9


def test_per_image_standardization_is_blind_to_affine_changes(recognition):
    original = recognition["per-image standardization", "original"]
    for name in ("lower contrast", "brighter", "dim and bright"):
        # Same inputs up to rounding, so the same predictions.
        assert recognition["per-image standardization", name] == pytest.approx(
            original, abs=0.005
        )


def test_shared_statistics_do_not_remove_brightness(recognition):
    for pipeline in ("raw pixels", "dataset statistics"):
        assert recognition[pipeline, "dim and bright"] < 0.6


def test_clipping_and_inversion_defeat_per_image_standardization(recognition):
    original = recognition["per-image standardization", "original"]
    assert recognition["per-image standardization", "brighter, clipped"] < original
    assert recognition["per-image standardization", "inverted (a < 0)"] < 0.3


def test_recognition_refuses_non_positive_steps():
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        recognition_under_changes(steps=0)


def test_changes_cover_the_cases_the_page_discusses():
    assert any(c.contrast < 0 for c in CHANGES)
    assert any(c.clip for c in CHANGES)
    assert CHANGES[0] == Change("original", 1.0, 0.0)
