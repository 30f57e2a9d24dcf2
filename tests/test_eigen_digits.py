"""Tests for aimath.plotting.eigen_digits: the figures draw the data they are given."""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.collections import PathCollection
from matplotlib.colorbar import Colorbar
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from strategies import FAST

from aimath.plotting.eigen_digits import (
    CLASS_COLORS,
    components_needed,
    plot_digit_images,
    plot_explained_variance,
    plot_projection_2d,
    plot_reconstructions,
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def images_of(fig: Figure) -> list[np.ndarray]:
    """The data of every image drawn, panel by panel."""
    found = []
    for ax in fig.axes:
        for image in ax.images:
            assert isinstance(image, AxesImage)
            found.append(np.asarray(image.get_array()))
    return found


# -- components_needed ------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratios", "level", "expected"),
    [
        ([0.5, 0.25, 0.125, 0.125], 0.75, 2),  # 0.5 + 0.25 = 0.75 exactly (binary fractions)
        ([0.5, 0.25, 0.125, 0.125], 0.76, 3),  # needs the third: 0.875
        ([0.5, 0.25, 0.125, 0.125], 1.0, 4),  # all of them sum to 1 exactly
        ([0.9, 0.1], 0.5, 1),  # the first alone suffices
        ([0.5, 0.25], 0.9, None),  # 0.75 in total: never reached
    ],
)
def test_components_needed_reference_values(
    ratios: list[float], level: float, expected: int | None
) -> None:
    assert components_needed(ratios, level) == expected


@FAST
@given(
    arrays(np.float64, st.integers(1, 20), elements=st.floats(0.0, 1.0)),
    st.floats(1e-3, 1.0),
)
def test_components_needed_is_the_first_crossing(ratios: np.ndarray, level: float) -> None:
    ratios = ratios / max(1.0, float(ratios.sum()))  # a valid split of at most all variance
    k = components_needed(ratios, level)
    cumulative = np.cumsum(ratios)
    if k is None:
        assert cumulative[-1] < level
    else:
        assert cumulative[k - 1] >= level
        assert k == 1 or cumulative[k - 2] < level


@pytest.mark.parametrize(
    ("ratios", "level", "exc", "message"),
    [
        ([0.5, np.nan], 0.5, ValueError, "`ratios` must contain only finite"),
        ([[0.5, 0.5]], 0.5, ValueError, "`ratios` must be a 1-D vector"),
        ([0.5, 0.5], 0.0, ValueError, "`level` must be in (0, 1]"),
        ([0.5, 0.5], 1.5, ValueError, "`level` must be in (0, 1]"),
        ([0.5, 0.5], "half", TypeError, "`level` must be a real number"),
    ],
)
def test_components_needed_rejects_bad_input(
    ratios: object, level: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        components_needed(ratios, level)  # type: ignore[arg-type]


# -- plot_digit_images ---------------------------------------------------------------


def test_digit_images_are_the_rows_reshaped() -> None:
    rows = np.arange(24.0).reshape(3, 8)  # three 2x4 "images"
    fig = plot_digit_images(rows, titles=["a", "b", "c"], image_shape=(2, 4))
    drawn = images_of(fig)
    assert len(drawn) == 3
    for row, image in zip(rows, drawn, strict=True):
        assert_array_equal(image, row.reshape(2, 4))
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == ["a", "b", "c"]
    assert any(ax.get_ylabel() == "pixel value" for ax in fig.axes)  # the colour bar


def test_diverging_images_are_centred_on_zero() -> None:
    components = np.array([[-3.0, 1.0, 0.5, 2.0]])
    fig = plot_digit_images(components, image_shape=(2, 2), diverging=True, colorbar_label="weight")
    (image,) = [im for ax in fig.axes for im in ax.images]
    low, high = image.get_clim()
    assert low == -high == -3.0  # symmetric around 0 so white means "no weight"


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"image_shape": (3, 3)}, ValueError, "`images` must have 3*3 = 9 pixels"),
        ({"image_shape": (2,)}, TypeError, "`image_shape` must be a pair"),
        ({"image_shape": (2.0, 2.0)}, TypeError, "`image_shape` must hold two integers"),
        ({"image_shape": (0, 4)}, ValueError, "`image_shape` must hold two positive integers"),
        ({"titles": ["only one"]}, ValueError, "`titles` must have one entry per image"),
        ({"ncols": 0}, ValueError, "`ncols` must be a positive integer"),
    ],
)
def test_digit_images_reject_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_digit_images(np.zeros((2, 4)), **{"image_shape": (2, 2), **kwargs})  # type: ignore[arg-type]


# -- plot_reconstructions -------------------------------------------------------------


def test_reconstructions_show_originals_then_each_rank() -> None:
    originals = np.array([[0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.0, 0.0]])
    recon = np.stack([0.5 * originals, 0.9 * originals])  # (ranks, m, pixels)
    fig = plot_reconstructions(originals, recon, [1, 3], image_shape=(2, 2))
    drawn = images_of(fig)
    expected = [originals[0], recon[0, 0], recon[1, 0], originals[1], recon[0, 1], recon[1, 1]]
    assert len(drawn) == len(expected)
    for image, row in zip(drawn, expected, strict=True):
        assert_array_equal(image, row.reshape(2, 2))
    assert [ax.get_title() for ax in fig.axes[:3]] == ["original", "rank 1", "rank 3"]
    # one grey scale for every panel: the originals' range
    assert {im.get_clim() for ax in fig.axes for im in ax.images} == {(0.0, 3.0)}


@pytest.mark.parametrize(
    ("recon", "ranks", "exc", "message"),
    [
        (np.zeros((2, 1, 4)), [1, 2], ValueError, "`reconstructions` must have shape"),
        (np.zeros((2, 2, 4)), [1], ValueError, "`ranks` must hold 2 positive integers"),
        (np.zeros((2, 2, 4)), [1, 0], ValueError, "`ranks` must hold 2 positive integers"),
        (np.zeros((2, 2, 4)), [1, 2.5], ValueError, "`ranks` must hold 2 positive integers"),
        (np.zeros((2, 2, 4)), None, TypeError, "`ranks` must be a sequence"),
    ],
)
def test_reconstructions_reject_bad_input(
    recon: np.ndarray, ranks: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_reconstructions(np.zeros((2, 4)), recon, ranks, image_shape=(2, 2))  # type: ignore[arg-type]


# -- plot_explained_variance -------------------------------------------------------------


def test_explained_variance_bars_curve_and_levels() -> None:
    ratios = np.array([0.5, 0.25, 0.125, 0.0625])
    fig = plot_explained_variance(ratios, levels=[0.7, 0.9])
    ax = fig.axes[0]
    heights = [patch.get_height() for patch in ax.patches if isinstance(patch, Rectangle)]
    assert_allclose(heights, ratios, rtol=0, atol=0)
    curve = next(line for line in ax.lines if line.get_label() == "cumulative")
    assert_allclose(np.asarray(curve.get_ydata(), dtype=float), np.cumsum(ratios), rtol=1e-15)
    drawn_legend = ax.get_legend()
    assert drawn_legend is not None
    legend = [t.get_text() for t in drawn_legend.get_texts()]
    # by hand: 0.5 + 0.25 = 0.75 >= 0.7 (2 components); 0.9375 >= 0.9 needs 4
    assert "70% of variance: 2 components" in legend
    assert "90% of variance: 4 components" in legend
    assert ax.get_xlabel()
    assert ax.get_ylabel()


@pytest.mark.parametrize(
    ("ratios", "levels", "message"),
    [
        ([0.5, -0.1], (0.9,), "`ratios` must be non-negative fractions"),
        ([0.7, 0.6], (0.9,), "`ratios` must be non-negative fractions"),
        ([0.5, 0.5], (1.2,), "each of `levels` must be in (0, 1]"),
        ([0.5, 0.5], (np.nan,), "`levels` must contain only finite"),
    ],
)
def test_explained_variance_rejects_bad_input(
    ratios: list[float], levels: tuple[float, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_explained_variance(ratios, levels=levels)


# -- plot_projection_2d ---------------------------------------------------------------------


def test_projection_points_sit_at_their_coordinates_in_their_class_colour() -> None:
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(30, 2))
    labels = np.repeat([2, 0, 1], 10)
    fig = plot_projection_2d(Z, labels)
    ax = fig.axes[0]
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [c.get_label() for c in collections] == ["0", "1", "2"]  # sorted classes
    for i, (collection, cls) in enumerate(zip(collections, [0, 1, 2], strict=True)):
        assert_array_equal(collection.get_offsets(), Z[labels == cls])
        face = np.asarray(collection.get_facecolor(), dtype=float)
        assert_allclose(face[0, :3], to_rgb(CLASS_COLORS[i]))
    assert ax.get_xlabel() == "principal component 1"
    assert ax.get_ylabel() == "principal component 2"


@pytest.mark.parametrize(
    ("Z", "labels", "exc", "message"),
    [
        (np.zeros((3, 3)), [0, 1, 2], ValueError, "`Z` must have 2 columns"),
        (np.zeros((3, 2)), [0, 1], ValueError, "`labels` must be 1-D with one entry per row"),
        (np.zeros((11, 2)), list(range(11)), ValueError, "`labels` may hold at most 10 classes"),
        (np.zeros((2, 2)), [0.0, np.nan], ValueError, "`labels` must be integers, strings"),
        (np.zeros((2, 2)), [None, 1], TypeError, "`labels` must be integers, strings"),
    ],
)
def test_projection_rejects_bad_input(
    Z: np.ndarray, labels: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_projection_2d(Z, labels)  # type: ignore[arg-type]


# -- on the real digits, with scikit-learn as the reference PCA ----------------------------


@pytest.fixture(scope="module")
def digits_pca() -> tuple[np.ndarray, np.ndarray, PCA]:
    """The digits data set (n, 64), its labels and sklearn's PCA of it (independent of aimath)."""
    X, y = load_digits(return_X_y=True)
    return X, y, PCA().fit(X)


def colorbar_of(image: AxesImage) -> Colorbar:
    bar = image.colorbar
    assert bar is not None, "the image has no colour bar"
    return bar


def test_mean_digit_is_drawn_as_8x8(digits_pca: tuple[np.ndarray, np.ndarray, PCA]) -> None:
    X, _, _ = digits_pca
    mean = X.mean(axis=0)
    fig = plot_digit_images(mean, titles=["mean digit"])  # a single 1-D image is accepted
    (image,) = [im for ax in fig.axes for im in ax.images]
    assert_array_equal(image.get_array(), mean.reshape(8, 8))
    assert image.get_cmap().name == "gray_r"
    assert image.get_clim() == (mean.min(), mean.max())  # grey scale spans the data exactly
    assert colorbar_of(image).ax.get_ylabel() == "pixel value"


def test_components_are_drawn_as_8x8_on_a_symmetric_diverging_scale(
    digits_pca: tuple[np.ndarray, np.ndarray, PCA],
) -> None:
    _, _, reference = digits_pca
    top = reference.components_[:8]
    fig = plot_digit_images(top, diverging=True, ncols=4, colorbar_label="weight")
    drawn = [im for ax in fig.axes for im in ax.images]
    assert len(drawn) == 8
    m = np.abs(top).max()
    for image, component in zip(drawn, top, strict=True):
        assert_array_equal(image.get_array(), component.reshape(8, 8))
        assert image.get_cmap().name == "RdBu_r"
        assert image.get_clim() == (-m, m)  # white is exactly zero, shared by all panels
    # one colour bar for the whole grid (all panels share one scale, checked above), labelled
    assert colorbar_of(drawn[-1]).ax.get_ylabel() == "weight"
    assert sum(1 for ax in fig.axes if not ax.images and ax.get_ylabel() == "weight") == 1


def test_grid_hides_unused_panels() -> None:
    fig = plot_digit_images(np.ones((5, 4)), image_shape=(2, 2), ncols=3)  # 2 rows x 3 columns
    panels = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    assert len(panels) == 6
    assert sum(ax.axison for ax in panels) == 5
    fig.canvas.draw()  # a constant image (empty scale) still renders


def test_reconstructions_of_digits_at_several_ranks(
    digits_pca: tuple[np.ndarray, np.ndarray, PCA],
) -> None:
    X, _, reference = digits_pca
    ranks = [1, 5, 10, 20, 40, 64]
    originals = X[:3]
    # reconstructions by sklearn: mean + scores_k @ components_k
    scores = reference.transform(originals)
    recon = np.stack([scores[:, :k] @ reference.components_[:k] + reference.mean_ for k in ranks])
    fig = plot_reconstructions(originals, recon, ranks)
    drawn = [im for ax in fig.axes for im in ax.images]
    assert len(drawn) == 3 * (1 + len(ranks))
    for i in range(3):
        row = drawn[i * (1 + len(ranks)) : (i + 1) * (1 + len(ranks))]
        assert_array_equal(row[0].get_array(), originals[i].reshape(8, 8))
        for j in range(len(ranks)):
            assert_array_equal(row[j + 1].get_array(), recon[j, i].reshape(8, 8))
    titles = [ax.get_title() for ax in fig.axes[: 1 + len(ranks)]]
    assert titles == ["original", *(f"rank {k}" for k in ranks)]
    # one grey scale, the originals', for every panel, and one colour bar for it
    assert {im.get_clim() for im in drawn} == {(originals.min(), originals.max())}
    assert colorbar_of(drawn[-1]).ax.get_ylabel() == "pixel value"
    # at full rank the drawn reconstruction is the original (rounding only)
    # (sklearn's mean + scores @ components: a few ulp of 16 per pixel)
    full = np.asarray(drawn[len(ranks)].get_array(), dtype=float)
    assert_allclose(full, originals[0].reshape(8, 8), rtol=0, atol=1e-10)


def test_explained_variance_of_digits(digits_pca: tuple[np.ndarray, np.ndarray, PCA]) -> None:
    _, _, reference = digits_pca
    ratios = reference.explained_variance_ratio_
    fig = plot_explained_variance(ratios, levels=[0.9, 0.95])
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert_array_equal([b.get_height() for b in bars], ratios)
    assert_array_equal([b.get_x() + b.get_width() / 2 for b in bars], np.arange(1, 65))
    curve = next(line for line in ax.lines if line.get_label() == "cumulative")
    assert_array_equal(curve.get_xdata(), np.arange(1, 65))
    # the same float64 cumulative sum: any reordering of the additions is within ~64 ulp
    assert_allclose(np.asarray(curve.get_ydata(), dtype=float), np.cumsum(ratios), rtol=1e-14)
    guides = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert sorted(float(np.asarray(g.get_ydata())[0]) for g in guides) == [0.9, 0.95]
    # the circle for each level sits on the curve at the first crossing (counted here by hand)
    circles = [
        line
        for line in ax.lines
        if line.get_marker() == "o" and np.asarray(line.get_xdata()).size == 1
    ]
    cumulative = np.cumsum(ratios)
    for circle, level in zip(circles, [0.9, 0.95], strict=True):
        k = int(np.asarray(circle.get_xdata())[0])
        assert cumulative[k - 1] >= level > cumulative[k - 2]
        assert float(np.asarray(circle.get_ydata())[0]) == cumulative[k - 1]


def test_explained_variance_says_when_a_level_is_not_reached() -> None:
    fig = plot_explained_variance([0.5, 0.25], levels=[0.9])  # only 0.75 of the variance
    drawn_legend = fig.axes[0].get_legend()
    assert drawn_legend is not None
    texts = [t.get_text() for t in drawn_legend.get_texts()]
    assert texts[-1] == "90% of variance: not reached with 2"
    assert [line for line in fig.axes[0].lines if line.get_marker() == "o"][1:] == []


@FAST
@given(arrays(np.float64, st.integers(1, 30), elements=st.floats(0.0, 1.0)))
def test_explained_variance_curve_is_the_running_sum(raw: np.ndarray) -> None:
    ratios = raw / max(1.0, float(raw.sum()) * (1 + 1e-12))  # a valid split of the variance
    fig = plot_explained_variance(ratios)
    ax = fig.axes[0]
    curve = next(line for line in ax.lines if line.get_label() == "cumulative")
    # identical float64 operations (np.cumsum on the same array): exact
    assert_array_equal(np.asarray(curve.get_ydata(), dtype=float), np.cumsum(ratios))
    plt.close(fig)


def test_projection_of_digits_by_class(digits_pca: tuple[np.ndarray, np.ndarray, PCA]) -> None:
    X, y, reference = digits_pca
    Z = reference.transform(X)[:, :2]
    fig = plot_projection_2d(Z, y)
    ax = fig.axes[0]
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(collections) == 10
    for c, collection in enumerate(collections):
        assert_array_equal(collection.get_offsets(), Z[y == c])
        assert_allclose(np.asarray(collection.get_facecolor())[0, :3], to_rgb(CLASS_COLORS[c]))
    # every point is drawn exactly once
    assert sum(np.asarray(c.get_offsets()).shape[0] for c in collections) == len(X)
    drawn_legend = ax.get_legend()
    assert drawn_legend is not None
    assert drawn_legend.get_title().get_text() == "class"
    assert [t.get_text() for t in drawn_legend.get_texts()] == [str(c) for c in range(10)]
    # the class names sit at the class means
    for c, text in enumerate(ax.texts):
        assert text.get_text() == str(c)
        assert_allclose(text.get_position(), Z[y == c].mean(axis=0), rtol=1e-12, atol=1e-12)
    fig.canvas.draw()


def test_projection_distinguishes_classes_by_marker_too() -> None:
    Z = np.arange(20.0).reshape(10, 2)
    fig = plot_projection_2d(Z, np.arange(10), annotate_means=False)
    ax = fig.axes[0]
    assert len(ax.texts) == 0
    paths = [np.asarray(c.get_paths()[0].vertices).tobytes() for c in ax.collections]
    assert len(set(paths)) == 10  # ten different marker shapes
    assert len(set(CLASS_COLORS)) == len(CLASS_COLORS) == 10


def test_projection_accepts_string_labels() -> None:
    fig = plot_projection_2d([[0.0, 1.0], [2.0, 3.0]], ["cat", "ant"])
    drawn_legend = fig.axes[0].get_legend()
    assert drawn_legend is not None
    assert [t.get_text() for t in drawn_legend.get_texts()] == ["ant", "cat"]  # sorted
