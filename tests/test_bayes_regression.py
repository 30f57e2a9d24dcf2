"""Tests for aimath.plotting.bayes_regression: the figures draw what they are given.

The band is checked against the predictive formula written out by hand here
(and against scikit-learn's ``BayesianRidge.predict(return_std=True)``), the
sampled lines against their weight vectors, and the contour lines against the
Mahalanobis radius of the given Gaussian.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.collections import Collection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import BayesianRidge
from strategies import FAST

from aimath.plotting.bayes_regression import (
    MAHALANOBIS_RADII,
    SAMPLE_COLORS,
    plot_evidence,
    plot_line_updates,
    plot_predictive_bands,
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def lines_with_gid(ax: Axes, gid: str) -> list[Line2D]:
    return [line for line in ax.lines if line.get_gid() == gid]


def collection_with_gid(ax: Axes, gid: str) -> Collection:
    (found,) = [c for c in ax.collections if c.get_gid() == gid]
    return found


def xy(line: Line2D) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def band_vertices(ax: Axes) -> np.ndarray:
    """All vertices of the filled band (fill_between's polygon), shape (k, 2)."""
    band = collection_with_gid(ax, "band")
    return np.concatenate([path.vertices for path in band.get_paths()])


Edge = Callable[[np.ndarray], np.ndarray]


def assert_band_is(ax: Axes, lower: Edge, upper: Edge, rtol: float, atol: float) -> None:
    """Every vertex of the band lies on the curve ``lower`` or on ``upper`` (functions of x)."""
    verts = band_vertices(ax)
    lo, hi = lower(verts[:, 0]), upper(verts[:, 0])
    on_edge = np.isclose(verts[:, 1], lo, rtol=rtol, atol=atol) | np.isclose(
        verts[:, 1], hi, rtol=rtol, atol=atol
    )
    assert bool(np.all(on_edge)), "a band vertex lies on neither edge of the band"
    # both edges are really drawn, not just one of them
    assert np.any(np.isclose(verts[:, 1], lo, rtol=rtol, atol=atol))
    assert np.any(np.isclose(verts[:, 1], hi, rtol=rtol, atol=atol))


def line_band(
    m: np.ndarray, S: np.ndarray, noise_var: float, n_sd: float = 2.0
) -> tuple[Edge, Edge]:
    """Lower and upper band edges of the line model, written out by hand.

    phi = (1, x): mean m0 + m1 x, variance noise + S00 + 2 S01 x + S11 x^2.
    """

    def sd(x: np.ndarray) -> np.ndarray:
        return np.asarray(np.sqrt(noise_var + S[0, 0] + 2 * S[0, 1] * x + S[1, 1] * x**2))

    def lower(x: np.ndarray) -> np.ndarray:
        return np.asarray(m[0] + m[1] * x - n_sd * sd(x))

    def upper(x: np.ndarray) -> np.ndarray:
        return np.asarray(m[0] + m[1] * x + n_sd * sd(x))

    return lower, upper


# -- a small hand-made sequence of stages -------------------------------------------

X_DATA = np.array([0.5, -0.5, 0.9])
Y_DATA = np.array([0.1, -0.6, 0.2])
COUNTS = [0, 1, 3]
MEANS = [np.zeros(2), np.array([-0.2, 0.3]), np.array([-0.25, 0.45])]
COVS = [
    0.5 * np.eye(2),
    np.array([[0.3, -0.1], [-0.1, 0.4]]),
    np.array([[0.02, 0.005], [0.005, 0.03]]),
]
SAMPLES = [
    np.array([[0.1, -0.2], [0.4, 0.3]]),
    np.array([[-0.3, 0.2], [-0.1, 0.5], [0.0, 0.1]]),
    np.array([[-0.2, 0.4]]),
]
TRUE_W = np.array([-0.3, 0.5])


@pytest.fixture
def updates() -> Figure:
    return plot_line_updates(
        X_DATA, Y_DATA, COUNTS, MEANS, COVS, SAMPLES, noise_var=0.04, true_w=TRUE_W,
        grid_size=161,
    )  # fmt: skip


def test_line_updates_layout_and_labels(updates: Figure) -> None:
    axes = updates.axes
    panels = [ax for ax in axes if ax.get_subplotspec() is not None]
    assert len(panels) == 2 * len(COUNTS)
    for ax in panels:
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        assert ax.get_title()
    assert panels[0].get_title() == "prior: no data"
    assert panels[2].get_title() == "posterior after 1 point"
    assert panels[4].get_title() == "posterior after 3 points"
    # one vertical scale on every data panel, so narrowing bands can be compared
    assert len({ax.get_ylim() for ax in panels[1::2]}) == 1


def test_line_updates_contours_sit_at_the_mahalanobis_radii(updates: Figure) -> None:
    for i, (m, S) in enumerate(zip(MEANS, COVS, strict=True)):
        ax = updates.axes[2 * i]
        contours = collection_with_gid(ax, "contours")
        assert isinstance(contours, ContourSet)
        # closed form: the peak of a 2-D Gaussian is 1 / (2 pi sqrt(det S))
        peak = 1.0 / (2 * np.pi * np.sqrt(np.linalg.det(S)))
        radii = np.array(MAHALANOBIS_RADII)
        levels = np.asarray(contours.levels, dtype=float)
        assert_allclose(levels, peak * np.exp(-0.5 * radii**2), rtol=1e-12)
        S_inv = np.linalg.inv(S)
        drawn = 0
        for path, r in zip(contours.get_paths(), radii, strict=True):
            vertices = np.asarray(path.vertices, dtype=float)
            if len(vertices) == 0:
                continue  # a level entirely outside the plotted window
            d = vertices - m
            radius = np.sqrt(np.einsum("ni,ij,nj->n", d, S_inv, d))
            # marching squares interpolates the density linearly between grid
            # points (161 per axis over 3 units): the radius is off by < 1 %
            assert_allclose(radius, r, rtol=1e-2)
            drawn += 1
        assert drawn >= 2


def test_line_updates_samples_are_dots_and_their_lines(updates: Figure) -> None:
    for i, ws in enumerate(SAMPLES):
        left, right = updates.axes[2 * i], updates.axes[2 * i + 1]
        dots = collection_with_gid(left, "sampled-weights")
        assert_array_equal(np.asarray(dots.get_offsets()), ws)
        lines = lines_with_gid(right, "sample")
        assert len(lines) == len(ws)
        for j, (line, w) in enumerate(zip(lines, ws, strict=True)):
            x, y = xy(line)
            assert_allclose(y, w[0] + w[1] * x, rtol=1e-14, atol=1e-15)  # y = w0 + w1 x
            assert to_rgb(line.get_color()) == to_rgb(SAMPLE_COLORS[j])
            # the dot of sample j has the colour of line j
            assert_allclose(np.asarray(dots.get_facecolor())[j, :3], to_rgb(SAMPLE_COLORS[j]))


def test_line_updates_band_and_mean_are_the_predictive_formula(updates: Figure) -> None:
    for i, (m, S) in enumerate(zip(MEANS, COVS, strict=True)):
        right = updates.axes[2 * i + 1]
        lower, upper = line_band(m, S, 0.04)
        # the same few float64 operations in another order: a few ulp
        assert_band_is(right, lower, upper, rtol=1e-12, atol=1e-14)
        (mean,) = lines_with_gid(right, "mean")
        x, y = xy(mean)
        assert_allclose(y, m[0] + m[1] * x, rtol=1e-14, atol=1e-15)
        assert (x[0], x[-1]) == (-1.0, 1.0)  # the default x_range


def test_line_updates_data_and_truth(updates: Figure) -> None:
    for i, k in enumerate(COUNTS):
        left, right = updates.axes[2 * i], updates.axes[2 * i + 1]
        data = [c for c in right.collections if c.get_gid() == "data"]
        if k == 0:
            assert data == []
        else:
            assert_array_equal(
                np.asarray(data[0].get_offsets()), np.column_stack([X_DATA, Y_DATA])[:k]
            )
        (cross,) = lines_with_gid(left, "true-weights")
        assert_array_equal(np.concatenate(xy(cross)), TRUE_W)
        (true_line,) = lines_with_gid(right, "true-line")
        x, y = xy(true_line)
        assert_allclose(y, TRUE_W[0] + TRUE_W[1] * x, rtol=1e-14, atol=1e-15)


def test_line_updates_band_matches_sklearn_bayesian_ridge() -> None:
    """The band is BayesianRidge's predictive mean +- 2 std at its own fitted posterior."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, 15)
    y = -0.3 + 0.5 * x + rng.normal(0, 0.2, 15)
    Phi = np.column_stack([np.ones_like(x), x])
    br = BayesianRidge(fit_intercept=False).fit(Phi, y)
    fig = plot_line_updates(
        x, y, [15], [br.coef_], [br.sigma_], [np.zeros((1, 2))], noise_var=1 / br.alpha_,
        grid_size=31,
    )  # fmt: skip

    def edge(sign: float):  # type: ignore[no-untyped-def]
        def f(xs: np.ndarray) -> np.ndarray:
            mean, std = br.predict(np.column_stack([np.ones_like(xs), xs]), return_std=True)
            return np.asarray(mean + sign * 2 * std)

        return f

    # sklearn computes the variance as (X sigma_ * X).sum(1) + 1/alpha_: rounding only
    assert_band_is(fig.axes[1], edge(-1.0), edge(1.0), rtol=1e-10, atol=1e-12)


def test_line_updates_reference_value() -> None:
    # by hand: mean 0, cov I, noise 1 -> at x = 1 the variance is 1 + 1 + 1 = 3,
    # at x = 0 it is 1 + 1 = 2; with n_sd = 1 the band is +-sqrt(3) and +-sqrt(2)
    fig = plot_line_updates(
        [0.0], [0.0], [0], [np.zeros(2)], [np.eye(2)], [np.zeros((1, 2))], noise_var=1.0,
        x_range=(0.0, 1.0), n_sd=1.0, grid_size=11,
    )  # fmt: skip
    verts = band_vertices(fig.axes[1])
    at_one = np.sort(verts[verts[:, 0] == 1.0, 1])
    at_zero = np.sort(verts[verts[:, 0] == 0.0, 1])
    assert_allclose(at_one[[0, -1]], [-np.sqrt(3.0), np.sqrt(3.0)], rtol=1e-15)
    assert_allclose(at_zero[[0, -1]], [-np.sqrt(2.0), np.sqrt(2.0)], rtol=1e-15)


@FAST
@given(
    st.floats(-2.0, 2.0),
    st.floats(-2.0, 2.0),
    st.floats(0.01, 2.0),
    st.floats(0.01, 2.0),
    st.floats(-0.95, 0.95),
    st.floats(0.001, 1.0),
)
def test_line_band_is_symmetric_and_at_least_the_noise(
    m0: float, m1: float, s0: float, s1: float, rho: float, noise_var: float
) -> None:
    S = np.array([[s0**2, rho * s0 * s1], [rho * s0 * s1, s1**2]])  # a valid covariance
    fig = plot_predictive_bands(
        np.linspace(-1, 1, 21), [np.column_stack([np.ones(21), np.linspace(-1, 1, 21)])],
        [[m0, m1]], [S], noise_var=noise_var, titles=["t"], x_data=[0.0], y_data=[0.0],
    )  # fmt: skip
    ax = fig.axes[0]
    verts = band_vertices(ax)
    (mean,) = lines_with_gid(ax, "mean")
    x, y = xy(mean)
    centre = np.interp(verts[:, 0], x, y)
    half = np.abs(verts[:, 1] - centre)
    # the band is mean +- 2 sd with sd^2 = noise + phi^T S phi >= noise; rounding of
    # values up to ~10 in float64: 1e-12 absolute
    assert bool(np.all(half >= 2 * np.sqrt(noise_var) - 1e-12))
    lower, upper = line_band(np.array([m0, m1]), S, noise_var)
    assert_band_is(ax, lower, upper, rtol=1e-12, atol=1e-12)
    plt.close(fig)


# -- plot_predictive_bands ------------------------------------------------------------


def test_predictive_bands_draw_the_formula_samples_and_truth() -> None:
    x_grid = np.linspace(-2, 2, 81)
    poly = np.vander(x_grid, 4, increasing=True)  # (81, 4): 1, x, x^2, x^3
    bumps = np.column_stack([np.ones_like(x_grid), np.exp(-0.5 * (x_grid / 0.3) ** 2)])
    rng = np.random.default_rng(1)
    A = rng.normal(size=(4, 4))
    S_poly = A @ A.T / 10 + 0.01 * np.eye(4)
    m_poly = rng.normal(size=4)
    S_bump, m_bump = np.array([[0.2, 0.05], [0.05, 0.1]]), np.array([0.1, 0.8])
    samples = [rng.normal(size=(3, 4)), rng.normal(size=(2, 2))]
    truth = np.sin(x_grid)
    fig = plot_predictive_bands(
        x_grid, [poly, bumps], [m_poly, m_bump], [S_poly, S_bump], noise_var=0.01,
        titles=["cubic", "one bump"], x_data=[0.0, 0.5], y_data=[0.1, 0.4],
        weight_samples=samples, truth=truth, n_sd=1.5, ylim=(-4.0, 4.0),
    )  # fmt: skip
    for ax, Phi, m, S, ws, title in zip(
        fig.axes, [poly, bumps], [m_poly, m_bump], [S_poly, S_bump], samples, ["cubic", "one bump"],
        strict=True,
    ):  # fmt: skip
        assert ax.get_title() == title
        assert ax.get_xlabel() == "$x$"
        assert ax.get_ylim() == (-4.0, 4.0)
        # the predictive formula, row by row: mean phi^T m, var noise + phi^T S phi
        mean = np.array([phi @ m for phi in Phi])
        sd = np.sqrt(np.array([0.01 + phi @ S @ phi for phi in Phi]))

        def edge(sign: float, mean: np.ndarray = mean, sd: np.ndarray = sd):  # type: ignore[no-untyped-def]
            return lambda xs: np.interp(xs, x_grid, mean + sign * 1.5 * sd)

        # vertices are at grid points, where interp is exact: a few ulp
        assert_band_is(ax, edge(-1.0), edge(1.0), rtol=1e-12, atol=1e-12)
        (mean_line,) = lines_with_gid(ax, "mean")
        assert_allclose(xy(mean_line)[1], mean, rtol=1e-12, atol=1e-14)
        drawn = lines_with_gid(ax, "sample")
        assert len(drawn) == len(ws)
        for line, w in zip(drawn, ws, strict=True):
            assert_allclose(xy(line)[1], Phi @ w, rtol=1e-14, atol=1e-14)
        (truth_line,) = lines_with_gid(ax, "truth")
        assert_array_equal(xy(truth_line)[1], truth)
        data = collection_with_gid(ax, "data")
        assert isinstance(data, PathCollection)
        assert_array_equal(np.asarray(data.get_offsets()), [[0.0, 0.1], [0.5, 0.4]])
    assert fig.axes[0].get_ylabel() == "$y$"


# -- plot_evidence ------------------------------------------------------------------------


def test_evidence_contours_and_marks() -> None:
    a = np.logspace(-2, 2, 21)
    b = np.logspace(-3, 0, 16)
    # a bowl in log space with its maximum 7 at (a, b) = (1, 0.1)
    L = 7.0 - np.add.outer((np.log10(b) + 1) ** 2, np.log10(a) ** 2)
    fig = plot_evidence(a, b, L, marks={"best": (1.0, 0.1), "other": (0.5, 0.2)},
                        levels_below_max=(1.0, 3.0))  # fmt: skip
    ax = fig.axes[0]
    contours = collection_with_gid(ax, "evidence")
    assert isinstance(contours, ContourSet)
    assert_allclose(np.asarray(contours.levels, dtype=float), [7.0 - 3.0, 7.0 - 1.0], rtol=1e-15)
    for path, gap in zip(contours.get_paths(), (3.0, 1.0), strict=True):
        # the level set of the bowl is a circle of radius sqrt(gap) in log10
        # coordinates; linear interpolation on the 0.2-decade grid: ~2 %
        vertices = np.asarray(path.vertices, dtype=float)
        la, lb = np.log10(vertices[:, 0]), np.log10(vertices[:, 1]) + 1
        assert_allclose(np.hypot(la, lb), np.sqrt(gap), rtol=0.03)
    marks = [line for line in ax.lines if line.get_label() in ("best", "other")]
    assert [np.concatenate(xy(line)).tolist() for line in marks] == [[1.0, 0.1], [0.5, 0.2]]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    legend = ax.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == ["max − 1 nats", "max − 3 nats", "best", "other"]


# -- bad input -------------------------------------------------------------------------------


def _updates(**kwargs: object) -> Figure:
    arguments: dict[str, object] = {
        "x_data": X_DATA, "y_data": Y_DATA, "counts": COUNTS, "means": MEANS, "covs": COVS,
        "weight_samples": SAMPLES, "noise_var": 0.04, "grid_size": 11,
    }  # fmt: skip
    arguments.update(kwargs)
    return plot_line_updates(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"y_data": [0.0]}, ValueError, "`x_data` and `y_data` must have the same length"),
        ({"x_data": [0.0, np.nan, 1.0]}, ValueError, "`x_data` must contain only finite"),
        ({"counts": [0, 1]}, ValueError, "must be non-empty and of equal length"),
        ({"counts": []}, ValueError, "must be non-empty and of equal length"),
        ({"counts": [0, 1, 4]}, ValueError, "each of `counts` must be in 0..3"),
        ({"counts": [0, 1.0, 3]}, TypeError, "`counts` must hold integers"),
        ({"noise_var": 0.0}, ValueError, "`noise_var` must be a positive number"),
        ({"noise_var": "big"}, TypeError, "`noise_var` must be a real number"),
        ({"n_sd": -1.0}, ValueError, "`n_sd` must be a positive number"),
        ({"x_range": (1.0, -1.0)}, ValueError, "`x_range` must be an interval"),
        ({"w_range": (0.0, 1.0, 2.0)}, ValueError, "`w_range` must be an interval"),
        ({"grid_size": 2}, ValueError, "`grid_size` must be at least 3"),
        ({"grid_size": 10.5}, TypeError, "`grid_size` must be an integer"),
        ({"true_w": [0.0, 1.0, 2.0]}, ValueError, "`true_w` must have length 2"),
        ({"means": [np.zeros(3), *MEANS[1:]]}, ValueError, "`means[0]` must have length 2"),
        ({"covs": [np.eye(3), *COVS[1:]]}, ValueError, "`covs[0]` shape (2, 2)"),
        ({"covs": [*COVS[:2], np.ones((2, 3))]}, ValueError, "`covs[2]` must be square"),
        (
            {"weight_samples": [np.zeros(2), *SAMPLES[1:]]},
            ValueError,
            "`weight_samples[0]` must have shape (s, 2)",
        ),
        (
            {"covs": [np.array([[1.0, 0.0], [0.0, -1.0]]), *COVS[1:]]},
            ValueError,
            "`cov` must be positive definite",
        ),
    ],
)
def test_line_updates_rejects_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        _updates(**kwargs)


def test_line_updates_names_a_sequence_argument_that_is_not_one() -> None:
    # a 0-d array, None or a mapping has no entries to count: the argument is named
    with pytest.raises(TypeError, match=re.escape("`counts` must be a sequence")):
        plot_line_updates(X_DATA, Y_DATA, np.array(3), MEANS, COVS, SAMPLES, noise_var=0.04)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`counts` must be a sequence")):
        plot_line_updates(X_DATA, Y_DATA, None, MEANS, COVS, SAMPLES, noise_var=0.04)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`means` must be a sequence")):
        plot_line_updates(X_DATA, Y_DATA, COUNTS, None, COVS, SAMPLES, noise_var=0.04)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`covs` must be a sequence")):
        plot_line_updates(X_DATA, Y_DATA, COUNTS, MEANS, None, SAMPLES, noise_var=0.04)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`weight_samples` must be a sequence")):
        plot_line_updates(X_DATA, Y_DATA, COUNTS, MEANS, COVS, {"a": 1.0}, noise_var=0.04)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`counts` must hold integers")):
        plot_line_updates(X_DATA, Y_DATA, [0.0, 1.0, 3.0], MEANS, COVS, SAMPLES, noise_var=0.04)  # type: ignore[list-item]
    with pytest.raises(TypeError, match=re.escape("`noise_var` must be a real number")):
        plot_line_updates(X_DATA, Y_DATA, COUNTS, MEANS, COVS, SAMPLES, noise_var="0.04")  # type: ignore[arg-type]


def test_line_updates_accepts_counts_as_an_array() -> None:
    counts, means, covs = np.array(COUNTS), np.stack(MEANS), np.stack(COVS)
    fig = plot_line_updates(X_DATA, Y_DATA, counts, means, covs, SAMPLES, noise_var=0.04,  # type: ignore[arg-type]
                            grid_size=11)  # fmt: skip
    titles = [ax.get_title() for ax in fig.axes[::2]]
    assert titles == ["prior: no data", "posterior after 1 point", "posterior after 3 points"]


def _bands(**kwargs: object) -> Figure:
    x = np.linspace(-1, 1, 5)
    arguments: dict[str, object] = {
        "x_grid": x, "features": [np.column_stack([np.ones(5), x])], "means": [[0.0, 1.0]],
        "covs": [0.1 * np.eye(2)], "noise_var": 0.04, "titles": ["a"], "x_data": [0.0],
        "y_data": [0.0],
    }  # fmt: skip
    arguments.update(kwargs)
    return plot_predictive_bands(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"titles": []}, ValueError, "must be non-empty and of equal length"),
        ({"features": [np.ones((4, 2))]}, ValueError, "`features[0]` must have one row per point"),
        ({"means": [[0.0, 1.0, 2.0]]}, ValueError, "`means[0]` must have length 2"),
        ({"weight_samples": []}, ValueError, "`weight_samples` must hold one array per panel"),
        ({"weight_samples": [np.ones((2, 3))]}, ValueError, "`weight_samples[0]` must have shape"),
        ({"truth": np.zeros(4)}, ValueError, "`truth` must have one value per point"),
        ({"noise_var": -1.0}, ValueError, "`noise_var` must be a positive number"),
        ({"ylim": (2.0, 1.0)}, ValueError, "`ylim` must be an interval"),
        ({"x_grid": "abc"}, TypeError, "`x_grid` must be array-like of numbers"),
        ({"y_data": [0.0, 1.0]}, ValueError, "`x_data` and `y_data` must have the same length"),
    ],
)
def test_predictive_bands_reject_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        _bands(**kwargs)


GRID5 = np.linspace(-1.0, 1.0, 5)
PHI5 = np.column_stack([np.ones(5), GRID5])  # features (1, x) at GRID5


def test_predictive_bands_name_the_argument_of_a_bad_sequence() -> None:
    with pytest.raises(TypeError, match=re.escape("`features` must be a sequence")):
        plot_predictive_bands(GRID5, None, [[0.0, 1.0]], [np.eye(2)], noise_var=0.04,  # type: ignore[arg-type]
                              titles=["a"], x_data=[0.0], y_data=[0.0])  # fmt: skip
    with pytest.raises(TypeError, match=re.escape("`means` must be a sequence")):
        plot_predictive_bands(GRID5, [PHI5], {"a": 1.0}, [np.eye(2)], noise_var=0.04,  # type: ignore[arg-type]
                              titles=["a"], x_data=[0.0], y_data=[0.0])  # fmt: skip
    with pytest.raises(TypeError, match=re.escape("`covs` must be a sequence")):
        plot_predictive_bands(GRID5, [PHI5], [[0.0, 1.0]], None, noise_var=0.04,  # type: ignore[arg-type]
                              titles=["a"], x_data=[0.0], y_data=[0.0])  # fmt: skip
    with pytest.raises(TypeError, match=re.escape("`titles` must be a sequence")):
        plot_predictive_bands(GRID5, [PHI5], [[0.0, 1.0]], [np.eye(2)], noise_var=0.04,
                              titles=None, x_data=[0.0], y_data=[0.0])  # type: ignore[arg-type]  # fmt: skip


def test_predictive_bands_name_the_features_a_posterior_does_not_match() -> None:
    # three feature columns but a posterior over two weights: both sides are named
    message = (
        "`means[0]` must have length 3 and `covs[0]` shape (3, 3) "
        "to match the 3 columns of `features[0]`"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_predictive_bands(GRID5, [np.column_stack([PHI5, GRID5**2])], [[0.0, 1.0]],
                              [np.eye(2)], noise_var=0.04, titles=["a"], x_data=[0.0],
                              y_data=[0.0])  # fmt: skip
    # a bad second panel is found before any figure is made
    with pytest.raises(ValueError, match=re.escape("`covs[1]` must be square")):
        plot_predictive_bands(GRID5, [PHI5, PHI5], [[0.0, 1.0]] * 2,
                              [np.eye(2), np.ones((2, 3))], noise_var=0.04, titles=["a", "b"],
                              x_data=[0.0], y_data=[0.0])  # fmt: skip
    assert plt.get_fignums() == []


Z2 = np.eye(2)  # a valid 2x2 log-evidence grid


@pytest.mark.parametrize(
    ("a", "b", "L", "kwargs", "message"),
    [
        ([1.0, 0.5], [1.0, 2.0], Z2, {}, "`prior_vars` must be at least two positive"),
        ([1.0, 2.0], [-1.0, 2.0], Z2, {}, "`noise_vars` must be at least two positive"),
        ([1.0, 2.0], [1.0, 2.0], np.zeros((3, 2)), {}, "`log_evidence` must have shape"),
        ([1.0, 2.0], [1.0, 2.0], [[0.0, np.inf], [0.0, 0.0]], {}, "`log_evidence` must contain"),
        ([1.0, 2.0], [1.0, 2.0], Z2, {"levels_below_max": [0.0]}, "`levels_below_max` must be"),
        ([1.0, 2.0], [1.0, 2.0], Z2, {"marks": {"m": (np.nan, 1.0)}}, "`marks['m']` must contain"),
    ],
)  # fmt: skip
def test_evidence_rejects_bad_input(
    a: list[float], b: list[float], L: object, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_evidence(a, b, L, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("point", "exc", "message"),
    [
        ([], ValueError, "`marks['best']` must not be empty"),
        ((1.0,), ValueError, "`marks['best']` must be a point (prior_var, noise_var)"),
        (np.ones((1, 2)), ValueError, "`marks['best']` must be a 1-D vector"),
        ((-1.0, 1.0), ValueError, "`marks['best']` must be a point (prior_var, noise_var) of two"),
        ("ab", TypeError, "`marks['best']` must be array-like of numbers"),
        (None, TypeError, "`marks['best']` must be array-like of numbers"),
        ({"a": 1.0}, TypeError, "`marks['best']` must be array-like of numbers"),
        (np.array([1.0 + 0.5j, 1.0]), TypeError, "`marks['best']` must be array-like of numbers"),
    ],
)  # fmt: skip
def test_evidence_names_the_bad_mark(point: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_evidence([1.0, 2.0], [1.0, 2.0], Z2, marks={"best": point})  # type: ignore[dict-item]


def test_evidence_marks_must_be_a_mapping() -> None:
    with pytest.raises(TypeError, match=re.escape("`marks` must be a mapping")):
        plot_evidence([1.0, 2.0], [1.0, 2.0], Z2, marks=[(1.0, 1.0)])  # type: ignore[arg-type]
