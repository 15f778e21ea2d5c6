"""The chapter 1.1 figures draw what the experiments computed."""

import numpy as np
import pytest

from snippets.data import load_digits
from snippets.standardization import (
    CHANGES,
    PIPELINES,
    RecognitionResult,
    standardize,
)
from snippets.standardization_plots import plot_changed_images, plot_recognition


def test_changed_images_show_raw_and_standardized_rows():
    image = load_digits().images[3]
    fig = plot_changed_images(image, CHANGES)
    axes = np.array(fig.axes).reshape(2, len(CHANGES))

    for col, change in enumerate(CHANGES):
        raw = axes[0, col].images[0].get_array()
        standardized = axes[1, col].images[0].get_array()
        changed = change.apply(image[np.newaxis, :])
        np.testing.assert_allclose(raw.ravel(), changed.ravel())
        np.testing.assert_allclose(
            standardized.ravel(), standardize(changed, axis=1).ravel()
        )
        assert change.name in axes[0, col].get_title()
    # One colour scale per row, so equal pictures mean equal values.
    assert len({ax.images[0].get_clim() for ax in axes[1]}) == 1


def test_recognition_bars_have_the_measured_heights():
    results = [
        RecognitionResult(pipeline, change, accuracy=0.1 * (i + 1) + 0.01 * j)
        for i, pipeline in enumerate(PIPELINES)
        for j, change in enumerate(CHANGES)
    ]
    ax = plot_recognition(results).axes[0]
    heights = [bar.get_height() for bar in ax.patches]

    assert heights == pytest.approx([r.accuracy for r in results])
    assert len(ax.get_legend().get_texts()) == len(PIPELINES)
    assert ax.get_ylim() == (0.0, 1.0)
