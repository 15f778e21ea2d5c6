"""Shared figure conventions."""

import io

from matplotlib.figure import Figure

from snippets.plotting import bilingual, new_axes, new_grid, png_bytes


def test_bilingual_labels_put_vietnamese_first():
    assert bilingual("độ chính xác", "accuracy") == "độ chính xác / accuracy"


def test_figures_have_a_white_canvas_for_dark_mode():
    fig = new_axes().get_figure()
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)
    assert new_grid(2, 3, 4, 3).shape == (2, 3)


def test_png_bytes_are_repeatable_and_carry_no_software_stamp():
    def draw() -> Figure:
        ax = new_axes(2, 2)
        ax.plot([0, 1], [1, 0])
        return ax.get_figure()

    first, second = png_bytes(draw()), png_bytes(draw())
    assert first.startswith(b"\x89PNG")
    assert first == second
    assert b"matplotlib" not in first.lower()
    assert io.BytesIO(first).getbuffer().nbytes > 100
