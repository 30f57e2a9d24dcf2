"""Tests for aimath.plotting: the figures draw what they claim to draw."""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib as mpl

mpl.use("Agg")  # before pyplot is imported (aimath.plotting imports it)

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.text import Annotation
from numpy.testing import assert_allclose, assert_array_equal

from aimath.plotting import (
    STYLE,
    plot_linear_map,
    plot_unit_square,
    plot_vector_arithmetic,
    use_book_style,
)

# (A, det A) with det A by hand: a*d - b*c
MATRICES = {
    "shear": ([[1.0, 1.0], [0.0, 1.0]], 1.0),  # 1*1 - 1*0
    "scale": ([[2.0, 0.0], [0.0, 1.5]], 3.0),  # 2*1.5 - 0
    "rotation": ([[0.0, -1.0], [1.0, 0.0]], 1.0),  # 0 - (-1)*1
    "reflection": ([[0.0, 1.0], [1.0, 0.0]], -1.0),  # 0 - 1*1
    "singular": ([[1.0, 2.0], [2.0, 4.0]], 0.0),  # 4 - 4
    "book": ([[3.0, 1.0], [2.0, 4.0]], 10.0),  # 12 - 2
}
CASES = pytest.mark.parametrize(("A", "det"), list(MATRICES.values()), ids=list(MATRICES))

# Drawn coordinates are the library's float64 products of small numbers; 1e-12
# absorbs rounding in A @ p (a few ulps) and is far below any drawing error.
RTOL, ATOL = 1e-12, 1e-12


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def image_of_unit_square(A: list[list[float]]) -> np.ndarray:
    """Corners (0,0), (1,0), (1,1), (0,1) mapped by A, by hand: 0, Ae1, Ae1+Ae2, Ae2."""
    (a, b), (c, d) = A
    return np.array([[0.0, 0.0], [a, c], [a + b, c + d], [b, d]])


def shoelace(P: np.ndarray) -> float:
    """Signed area of a closed polygon (independent of aimath.polygon_area)."""
    x, y = P[:, 0], P[:, 1]
    return 0.5 * float(sum(x[i] * y[i + 1] - x[i + 1] * y[i] for i in range(len(P) - 1)))


def closed(P: np.ndarray) -> np.ndarray:
    return np.vstack([P, P[:1]])


def xy_data(line: Line2D) -> np.ndarray:
    """The (x, y) points of a drawn line as an (N, 2) float array."""
    return np.asarray(line.get_xydata(), dtype=np.float64)


def polygons(ax: Axes) -> list[Polygon]:
    return [p for p in ax.patches if isinstance(p, Polygon)]


# ---------------------------------------------------------------------------
# plot_unit_square
# ---------------------------------------------------------------------------


@CASES
def test_unit_square_draws_square_and_its_image(A: list[list[float]], det: float) -> None:
    fig = plot_unit_square(A)
    (ax,) = fig.axes
    drawn = polygons(ax)
    assert len(drawn) == 2
    square, image = (p.get_xy() for p in drawn)
    # matplotlib closes filled polygons: the first vertex is repeated at the end
    assert_array_equal(square, closed(np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])))
    assert_allclose(image, closed(image_of_unit_square(A)), rtol=RTOL, atol=ATOL)
    # the drawn parallelogram has area det A (signed), as the figure claims
    assert shoelace(image) == pytest.approx(det, rel=1e-12, abs=1e-12)
    assert shoelace(square) == 1.0


@CASES
def test_unit_square_outline_and_legend(A: list[list[float]], det: float) -> None:
    fig = plot_unit_square(A)
    (ax,) = fig.axes
    # the outline traces the image, closed
    (outline,) = ax.lines
    assert_allclose(xy_data(outline), closed(image_of_unit_square(A)), rtol=RTOL, atol=ATOL)
    # the legend states the areas: 1 for the square, |det A| for the image
    legend = ax.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert len(texts) == 2
    assert "area 1" in texts[0]
    assert texts[1].endswith(f"|det A| = {abs(det):.3g}")


@CASES
def test_unit_square_axes_labelled_and_everything_visible(A: list[list[float]], det: float) -> None:
    fig = plot_unit_square(A)
    (ax,) = fig.axes
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for p in polygons(ax):
        xy = p.get_xy()
        assert np.all((x0 < xy[:, 0]) & (xy[:, 0] < x1))
        assert np.all((y0 < xy[:, 1]) & (xy[:, 1] < y1))
    fig.canvas.draw()  # renders without warnings (warnings are errors)


@pytest.mark.parametrize(
    ("A", "exc", "message"),
    [
        (np.eye(3), ValueError, "`A` must be 2x2"),
        (np.ones((2, 3)), ValueError, "`A` must be square"),
        ([1.0, 2.0], ValueError, "`A` must be a 2-D matrix"),
        ([[1.0, np.nan], [0.0, 1.0]], ValueError, "`A` must contain only finite numbers"),
        ("[[1, 0], [0, 1]]", TypeError, "`A` must be array-like of numbers"),
    ],
    ids=["3x3", "non-square", "vector", "nan", "string"],
)
def test_unit_square_rejects_bad_A(A: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_unit_square(A)  # type: ignore[arg-type]
    assert plt.get_fignums() == []  # no half-drawn figure is left behind


# ---------------------------------------------------------------------------
# plot_linear_map
# ---------------------------------------------------------------------------


def _split_grid(lines: list[np.ndarray]) -> tuple[list[float], list[float]]:
    """The constant coordinate of each horizontal and each vertical line."""
    horizontal, vertical = [], []
    for xy in lines:
        if np.all(xy[:, 1] == xy[0, 1]):
            horizontal.append(float(xy[0, 1]))
        elif np.all(xy[:, 0] == xy[0, 0]):
            vertical.append(float(xy[0, 0]))
        else:
            pytest.fail(f"grid line is neither horizontal nor vertical: {xy[:3]}...")
    return horizontal, vertical


@pytest.mark.parametrize(("extent", "n"), [(2.0, 9), (1.0, 2), (3.5, 5)])
def test_linear_map_first_panel_is_the_standard_grid(extent: float, n: int) -> None:
    fig = plot_linear_map([[1.0, 1.0], [0.0, 1.0]], extent=extent, n=n)
    before = fig.axes[0]
    lines = [xy_data(line) for line in before.lines]
    assert len(lines) == 2 * n
    horizontal, vertical = _split_grid(lines)
    # n evenly spaced lines from -extent to extent in each direction
    ticks = [-extent + 2.0 * extent * i / (n - 1) for i in range(n)]
    assert sorted(horizontal) == pytest.approx(ticks, rel=1e-12, abs=1e-12)
    assert sorted(vertical) == pytest.approx(ticks, rel=1e-12, abs=1e-12)
    # every line spans the whole square
    for xy in lines:
        assert xy.min() == pytest.approx(-extent, rel=1e-12)
        assert xy.max() == pytest.approx(extent, rel=1e-12)


@CASES
def test_linear_map_second_panel_is_image_of_first(A: list[list[float]], det: float) -> None:
    fig = plot_linear_map(A)
    before, after = fig.axes
    assert len(before.lines) == len(after.lines) > 0
    M = np.array(A)
    for line, image in zip(before.lines, after.lines, strict=True):
        # each point p of the grid is drawn at A p: rows map as P @ A^T
        assert_allclose(xy_data(image), xy_data(line) @ M.T, rtol=RTOL, atol=ATOL)


@CASES
def test_linear_map_arrows_are_basis_vectors_and_their_images(
    A: list[list[float]], det: float
) -> None:
    fig = plot_linear_map(A)
    before, after = fig.axes
    (a, b), (c, d) = A
    expected = {
        before: {"e1": (1.0, 0.0), "e2": (0.0, 1.0)},
        after: {"Ae1": (a, c), "Ae2": (b, d)},  # A e_j is column j of A
    }
    for ax, tips in expected.items():
        arrows = [t for t in ax.texts if isinstance(t, Annotation)]
        labels = [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]
        assert labels == list(tips)
        assert len(arrows) == 2
        for arrow, tip in zip(arrows, tips.values(), strict=True):
            assert arrow.xy == pytest.approx(tip)
            assert arrow.xyann == pytest.approx((0.0, 0.0))


@CASES
def test_linear_map_titles_labels_and_visibility(A: list[list[float]], det: float) -> None:
    fig = plot_linear_map(A)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_title().strip()
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        for line in ax.lines:
            xy = xy_data(line)
            # the whole (image of the) grid fits in the panel
            assert np.all((x0 <= xy[:, 0]) & (xy[:, 0] <= x1))
            assert np.all((y0 <= xy[:, 1]) & (xy[:, 1] <= y1))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] != titles[1]
    fig.canvas.draw()  # renders without warnings, even for a singular A


def test_linear_map_of_zero_matrix_renders() -> None:
    # every grid line collapses to the origin; the figure must still draw
    fig = plot_linear_map(np.zeros((2, 2)))
    for line in fig.axes[1].lines:
        assert_array_equal(xy_data(line), 0.0)
    fig.canvas.draw()


@pytest.mark.parametrize(
    ("A", "message"),
    [
        (np.eye(3), "`A` must be 2x2"),
        (np.eye(1), "`A` must be 2x2"),
        (np.ones((2, 3)), "`A` must be square"),
        ([1.0, 0.0], "`A` must be a 2-D matrix"),
        ([[np.inf, 0.0], [0.0, 1.0]], "`A` must contain only finite numbers"),
    ],
    ids=["3x3", "1x1", "non-square", "vector", "inf"],
)
def test_linear_map_rejects_bad_A(A: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_linear_map(A)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    ("extent", "n"),
    [(0.0, 9), (-1.0, 9), (float("nan"), 9), (2.0, 1), (2.0, 0), (2.0, -3)],
    ids=["extent-zero", "extent-negative", "extent-nan", "n-1", "n-0", "n-negative"],
)
def test_linear_map_rejects_bad_extent_or_n(extent: float, n: int) -> None:
    message = "`extent` must be positive and finite and `n` at least 2"
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_linear_map(np.eye(2), extent=extent, n=n)
    assert plt.get_fignums() == []


# ---------------------------------------------------------------------------
# use_book_style
# ---------------------------------------------------------------------------


def test_use_book_style_applies_style() -> None:
    with mpl.rc_context():  # restore the global rcParams afterwards
        use_book_style()
        for key in ("figure.facecolor", "axes.facecolor", "axes.spines.top", "svg.hashsalt"):
            assert mpl.rcParams[key] == STYLE[key]
        fig = plt.figure()
        # opaque white background, readable on a dark page
        assert mpl.colors.to_rgba(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)


# -- plot_vector_arithmetic ------------------------------------------------------


def arrows(ax: Axes) -> list[tuple[np.ndarray, np.ndarray, str]]:
    """(start, end, linestyle) of every arrow annotation in ``ax``."""
    found = []
    for text in ax.texts:
        if isinstance(text, Annotation) and text.arrow_patch is not None:
            start = np.asarray(text.xyann, dtype=float)
            end = np.asarray(text.xy, dtype=float)
            found.append((start, end, str(text.arrow_patch.get_linestyle())))
    return found


@pytest.mark.parametrize(("a", "b"), [([3.0, 4.0], [1.0, 2.0]), ([2.0, -1.0], [-0.5, 1.5])])
def test_vector_arithmetic_draws_the_parallelogram_rule(a: list[float], b: list[float]) -> None:
    fig = plot_vector_arithmetic(a, b, scalars=(2.0, -1.0))
    left, right = fig.axes
    a_, b_ = np.array(a), np.array(b)
    s = a_ + b_  # the sum, by hand
    drawn = {(tuple(st), tuple(en)) for st, en, _ in arrows(left)}
    expected = {
        ((0.0, 0.0), tuple(a_)),
        ((0.0, 0.0), tuple(b_)),
        ((0.0, 0.0), tuple(s)),
        (tuple(a_), tuple(s)),  # b moved to the tip of a
        (tuple(b_), tuple(s)),  # a moved to the tip of b
    }
    assert drawn == expected
    dashed = [(st, en) for st, en, ls in arrows(left) if ls in {"--", "dashed"}]
    assert len(dashed) == 2  # the two translated copies close the parallelogram
    ends = sorted(tuple(en) for _, en, _ in arrows(right))
    assert ends == sorted([tuple(b_), tuple(2.0 * b_), tuple(-1.0 * b_)])
    labels = {t.get_text() for t in right.texts if not isinstance(t, Annotation)}
    assert labels == {"b", "2b", "-1b"}


def test_vector_arithmetic_axes_show_every_arrow() -> None:
    fig = plot_vector_arithmetic([3.0, 4.0], [1.0, 2.0], scalars=(3.0,))
    for ax in fig.axes:
        assert ax.get_title()
        assert ax.get_xlabel() == "$x_1$"
        assert ax.get_ylabel() == "$x_2$"
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        for start, end, _ in arrows(ax):
            for point in (start, end):
                assert x0 < point[0] < x1
                assert y0 < point[1] < y1


@pytest.mark.parametrize(
    ("a", "b", "scalars", "message"),
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], (2.0,), "`a` and `b` must be 2-D vectors"),
        ([1.0, 2.0], [1.0, 2.0, 3.0], (2.0,), "`a` and `b` must have the same length"),
        ([1.0, np.nan], [1.0, 2.0], (2.0,), "`a` must contain only finite numbers"),
        ([1.0, 2.0], [1.0, 2.0], (), "`scalars` must be a non-empty tuple"),
        ([1.0, 2.0], [1.0, 2.0], (np.inf,), "`scalars` must be a non-empty tuple"),
    ],
)
def test_vector_arithmetic_rejects_bad_input(
    a: list[float], b: list[float], scalars: tuple[float, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_vector_arithmetic(a, b, scalars=scalars)
    assert plt.get_fignums() == []
