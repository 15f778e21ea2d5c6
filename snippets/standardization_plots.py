"""Figures for lecture section 1.1: images and accuracies before and after
standardization."""

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from snippets.data import PIXEL_MAX
from snippets.plotting import COLORS, bilingual, figure_of, new_axes, new_grid
from snippets.standardization import (
    PIPELINES,
    Change,
    RecognitionResult,
    standardize,
)

_CHANGE_VI = {
    "original": "ảnh gốc",
    "lower contrast": "giảm tương phản",
    "brighter": "sáng hơn",
    "dim and bright": "nhạt và sáng",
    "inverted (a < 0)": "đảo màu (a < 0)",
    "brighter, clipped": "sáng hơn, bị cắt",
}
_PIPELINE_VI = {
    "raw pixels": "pixel thô",
    "dataset statistics": "thống kê toàn tập",
    "per-image standardization": "chuẩn hoá từng ảnh",
}


def change_label(change: Change) -> str:
    """The bilingual name of a change, as the figures print it."""
    return bilingual(_CHANGE_VI.get(change.name, change.name), change.name)


def plot_changed_images(
    image: np.ndarray, changes: Sequence[Change], axes: np.ndarray | None = None
) -> Figure:
    """Draw one image under each change: raw pixels on top, standardized below.

    Both rows use one fixed colour scale, so equal pictures mean equal values.
    """
    if axes is None:
        axes = new_grid(2, len(changes), width=1.25 * len(changes), height=3.1)
    side = round(image.size**0.5)

    for col, change in enumerate(changes):
        changed = change.apply(image[np.newaxis, :])  # (1, pixels)
        top, bottom = axes[0, col], axes[1, col]
        top.imshow(
            changed.reshape(side, side), cmap="gray_r", vmin=0, vmax=1.5 * PIXEL_MAX
        )
        bottom.imshow(
            standardize(changed, axis=1).reshape(side, side),
            cmap="RdBu_r",
            vmin=-3,
            vmax=3,
        )
        top.set_title(change_label(change).replace(" / ", "\n"), fontsize=7)
        for ax in (top, bottom):
            ax.set_xticks([])
            ax.set_yticks([])
        for spine in (*top.spines.values(), *bottom.spines.values()):
            spine.set_visible(False)
    axes[0, 0].set_ylabel("trước\nbefore", fontsize=8)
    axes[1, 0].set_ylabel("chuẩn hoá\nstandardized", fontsize=8)
    return figure_of(axes[0, 0])


def plot_recognition(
    results: Sequence[RecognitionResult], ax: Axes | None = None
) -> Figure:
    """Draw test accuracy per change, one bar per input pipeline."""
    if ax is None:
        ax = new_axes(width=7.0, height=3.4)
    changes = list(dict.fromkeys(r.change for r in results))
    pipelines = [p for p in PIPELINES if any(r.pipeline == p for r in results)]
    width = 0.8 / len(pipelines)

    for i, pipeline in enumerate(pipelines):
        heights = [
            next(
                r.accuracy
                for r in results
                if r.pipeline == pipeline and r.change == change
            )
            for change in changes
        ]
        positions = np.arange(len(changes)) + (i - (len(pipelines) - 1) / 2) * width
        ax.bar(
            positions,
            heights,
            width,
            color=COLORS[i],
            label=bilingual(_PIPELINE_VI[pipeline], pipeline),
        )

    ax.set_xticks(
        np.arange(len(changes)),
        [change_label(c).replace(" / ", "\n") for c in changes],
        fontsize=7,
    )
    ax.set_ylim(0, 1)
    ax.set_ylabel(bilingual("độ chính xác kiểm tra", "test accuracy"))
    ax.legend(
        fontsize=7,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=len(pipelines),
        frameon=False,
    )
    return figure_of(ax)
