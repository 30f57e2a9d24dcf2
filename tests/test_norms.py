"""Tests for aimath.norms (chapter 3): reference values, properties, references, errors.

Tolerances. Inputs from ``tests/strategies.py`` have at most 6 entries with
magnitudes in [1e-3, 1e3] (or 0). An L_p norm of such a vector is a sum of at
most 6 non-negative terms followed by a root, so its relative error is a few
units of eps = 2.2e-16 (Higham, *Accuracy and Stability of Numerical
Algorithms*, §3.1); the general-p path adds a division and a power per entry,
each correctly rounded or nearly so. ``REL = 1e-12`` is therefore about 1000x
the rounding error, yet any wrong formula misses by O(1). Inequalities between
norms are checked as ``lhs <= rhs * (1 + REL)``: exact in real arithmetic,
and rounding can only make the computed sides differ by a few ulp.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.optimize
import scipy.spatial.distance as ssd
import sklearn.metrics
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.contour import ContourSet
from matplotlib.lines import Line2D
from numpy.testing import assert_allclose, assert_array_equal
from strategies import FAST, MAX_DIM, matrices, nonzero_vectors, vector_pairs, vectors

from aimath.norms import (
    ball_constrained_least_squares,
    distance_concentration,
    frobenius_norm,
    lp_norm,
    lp_quasinorm,
    mahalanobis,
    pairwise_distances,
    project_onto_ball,
    relative_contrast,
    spectral_norm,
    unit_ball_boundary,
)
from aimath.plotting.norms import (
    plot_distance_concentration,
    plot_mahalanobis_contours,
    plot_regularization_geometry,
    plot_unit_balls,
)

#: Relative tolerance for float64 results of short sums (see module docstring).
REL = 1e-12

#: Orders exercised by the property tests: the three classics and two others.
ORDERS = [1.0, 1.5, 2.0, 3.0, math.inf]

#: The book's example vector.
V_BOOK = [3.0, -4.0, 1.0]


@st.composite
def point_sets(draw: st.DrawFn, max_rows: int = MAX_DIM) -> tuple[np.ndarray, np.ndarray]:
    """``(X, Y)`` with the same (random) number of columns."""
    d = draw(st.integers(1, MAX_DIM))
    X = draw(matrices(st.integers(1, max_rows), d))
    Y = draw(matrices(st.integers(1, max_rows), d))
    return X, Y


@st.composite
def spd_matrices(draw: st.DrawFn, n: int) -> np.ndarray:
    """Symmetric positive definite ``n x n`` matrices with condition number <= ~1e4."""
    B = draw(hnp.arrays(np.float64, (n, n), elements=st.floats(-3.0, 3.0)))
    # B B^T is PSD; adding a multiple of I bounded away from 0 makes it definite
    shift = draw(st.floats(1e-2, 10.0))
    spd: np.ndarray = B @ B.T + shift * np.eye(n)
    return spd


# ---------------------------------------------------------------------------
# 1. Reference values (provenance in the comments)
# ---------------------------------------------------------------------------


def test_lp_norm_book_example() -> None:
    # hand computation: |3| + |-4| + |1| = 8; max = 4; sqrt(9 + 16 + 1) = sqrt(26)
    assert lp_norm(V_BOOK, 1) == 8.0
    assert lp_norm(V_BOOK, math.inf) == 4.0
    assert lp_norm(V_BOOK, 2) == pytest.approx(math.sqrt(26.0), rel=1e-15)
    # hand computation: (27 + 64 + 1)^(1/3) = 92^(1/3)
    assert lp_norm(V_BOOK, 3) == pytest.approx(92.0 ** (1.0 / 3.0), rel=1e-15)
    assert isinstance(lp_norm(V_BOOK, 2), float)


@pytest.mark.parametrize("p", ORDERS)
def test_lp_norm_of_zero_and_of_basis_vector(p: float) -> None:
    # definition: ||0|| = 0 and ||e_i||_p = 1 for every p
    assert lp_norm([0.0, 0.0, 0.0], p) == 0.0
    assert lp_norm([0.0, -1.0, 0.0], p) == 1.0


@pytest.mark.parametrize("p", [1.0, 2.0, 3.0, 7.5, math.inf])
@pytest.mark.parametrize("c", [1e200, 1e-200])
def test_lp_norm_does_not_overflow_or_underflow(p: float, c: float) -> None:
    # closed form: ||(c, c)||_p = 2^(1/p) c; c**p overflows (1e200**2) or underflows
    # (1e-200**2) in float64, which the scaling by max|v| must avoid
    expected = c if p == math.inf else 2.0 ** (1.0 / p) * c
    assert lp_norm([c, c], p) == pytest.approx(expected, rel=1e-14, abs=0.0)


def test_lp_norm_large_p_approaches_max_norm() -> None:
    # closed form: ||(1, 1)||_p = 2^(1/p) -> 1 = ||(1, 1)||_inf; at p = 1e6 the gap
    # is ln(2)/1e6 ~ 6.9e-7 to first order
    assert lp_norm([1.0, 1.0], 1e6) == pytest.approx(1.0 + math.log(2.0) / 1e6, rel=1e-12)


def test_lp_quasinorm_reference() -> None:
    # hand computation: (sqrt(1) + sqrt(1))^2 = 4 and (sqrt(4) + sqrt(9))^2 = 25
    assert lp_quasinorm([1.0, 1.0], 0.5) == 4.0
    assert lp_quasinorm([4.0, 9.0], 0.5) == pytest.approx(25.0, rel=1e-15)
    # definition: a basis vector has quasi-norm 1
    assert lp_quasinorm([0.0, 1.0], 0.25) == 1.0


def test_unit_ball_boundary_corners_and_closure() -> None:
    # the default grid has t = 2*pi*k/400, so t = multiples of pi/4 are on it:
    # closed form: the square's corners (±1, ±1) and the diamond's corners (±1, 0), (0, ±1)
    square = unit_ball_boundary(math.inf)
    diamond = unit_ball_boundary(1.0)
    assert square.shape == diamond.shape == (401, 2)
    # linspace puts t within a few ulp of 2*pi of k*pi/4, so a corner is off by ~1e-15
    for k, corner in zip((50, 150, 250, 350), [(1, 1), (-1, 1), (-1, -1), (1, -1)], strict=True):
        assert_allclose(square[k], corner, rtol=0, atol=1e-14)
    for k, corner in zip((0, 100, 200, 300), [(1, 0), (0, 1), (-1, 0), (0, -1)], strict=True):
        assert_allclose(diamond[k], corner, rtol=0, atol=1e-14)
    assert_array_equal(square[-1], square[0])  # closed exactly
    assert_array_equal(diamond[-1], diamond[0])


def test_unit_ball_boundary_goes_once_around_counter_clockwise() -> None:
    # the shoelace formula gives the enclosed area with a positive sign for a
    # counter-clockwise curve; closed forms: area of the unit disk pi, of the
    # diamond 2, of the square 4; the quasi-ball p = 1/2 has area 1/6 * 4 = 2/3
    # (Lamé curve area 4 Γ(1+1/p)^2 / Γ(1+2/p) = 4 * 2^2 / 24)
    for p, area in [(2.0, math.pi), (1.0, 2.0), (math.inf, 4.0), (0.5, 2.0 / 3.0)]:
        xy = unit_ball_boundary(p, 4001)
        x, y = xy[:, 0], xy[:, 1]
        shoelace = 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))
        # a 4000-gon inscribed in the curve: area error O(1/n^2) ~ 1e-6, allow 1e-4
        assert shoelace == pytest.approx(area, rel=1e-4)


def test_frobenius_reference() -> None:
    # hand computation: 1 + 4 + 9 + 16 = 30
    assert frobenius_norm([[1.0, 2.0], [3.0, 4.0]]) == pytest.approx(math.sqrt(30.0), rel=1e-15)
    # closed form: ||I_n||_F = sqrt(n)
    assert frobenius_norm(np.eye(9)) == 3.0
    # closed form: huge entries must not overflow when squared: sqrt(2) * 1e200
    assert frobenius_norm([[1e200], [1e200]]) == pytest.approx(math.sqrt(2.0) * 1e200, rel=1e-15)


def test_spectral_reference() -> None:
    # closed form: A^T A = [[10, 14], [14, 20]] has eigenvalues 15 ± sqrt(221), so
    # sigma_1 = sqrt(15 + sqrt(221))
    expected = math.sqrt(15.0 + math.sqrt(221.0))
    assert spectral_norm([[1.0, 2.0], [3.0, 4.0]]) == pytest.approx(expected, rel=1e-14)
    # closed form: a diagonal matrix stretches most along its largest |entry|
    assert spectral_norm(np.diag([1.0, -7.0, 3.0])) == pytest.approx(7.0, rel=1e-15)
    # closed form: the rank-1 matrix u v^T has sigma_1 = |u| |v| = 3 * 5
    u, v = np.array([1.0, 2.0, 2.0]), np.array([3.0, 4.0])
    assert spectral_norm(np.outer(u, v)) == pytest.approx(15.0, rel=1e-14)
    # closed form: an orthogonal matrix (a rotation) has all singular values 1
    c, s = math.cos(0.3), math.sin(0.3)
    assert spectral_norm([[c, -s], [s, c]]) == pytest.approx(1.0, rel=1e-14)


def test_pairwise_distances_reference() -> None:
    X = [[0.0, 0.0], [3.0, 4.0]]
    Y = [[1.0, 1.0], [0.0, 4.0], [3.0, 0.0]]
    # hand computation: differences (-1,-1), (0,-4), (-3,0) from X[0]; (2,3), (3,0), (0,4) from X[1]
    expected = {
        "euclidean": [[math.sqrt(2.0), 4.0, 3.0], [math.sqrt(13.0), 3.0, 4.0]],
        "manhattan": [[2.0, 4.0, 3.0], [5.0, 3.0, 4.0]],
        "chebyshev": [[1.0, 4.0, 3.0], [3.0, 3.0, 4.0]],
    }
    for metric, D in expected.items():
        assert_allclose(pairwise_distances(X, Y, metric=metric), D, rtol=1e-15, atol=0.0)
    # hand computation: (2^3 + 3^3)^(1/3) = 35^(1/3)
    D3 = pairwise_distances(X, Y, metric="minkowski", p=3)
    assert D3[1, 0] == pytest.approx(35.0 ** (1.0 / 3.0), rel=1e-15)
    # Y omitted means Y = X: a symmetric matrix with a zero diagonal, |(3, 4)| = 5
    assert_array_equal(pairwise_distances(X), [[0.0, 5.0], [5.0, 0.0]])


def test_cosine_distance_reference() -> None:
    # closed form: 1 - cos(angle); angles 0, 45, 90, 180 degrees
    X = [[1.0, 0.0]]
    Y = [[5.0, 0.0], [1.0, 1.0], [0.0, 2.0], [-3.0, 0.0]]
    expected = [[0.0, 1.0 - 1.0 / math.sqrt(2.0), 1.0, 2.0]]
    assert_allclose(pairwise_distances(X, Y, metric="cosine"), expected, rtol=1e-15, atol=1e-16)


def test_cosine_distance_keeps_small_distances_accurate() -> None:
    # closed form: for an angle t, 1 - cos t = 2 sin^2(t/2); at t = 1e-7 that is
    # 5e-15, which 1 - (x.y)/(|x||y|) can only resolve to a multiple of eps ~ 1.1e-16,
    # i.e. to ~2% relative error; the |x_hat - y_hat|^2 / 2 form keeps ~1e-8 relative
    t = 1e-7
    D = pairwise_distances([[1.0, 0.0]], [[math.cos(t), math.sin(t)]], metric="cosine")
    assert D[0, 0] == pytest.approx(2.0 * math.sin(t / 2.0) ** 2, rel=1e-8)


def test_mahalanobis_reference() -> None:
    # closed form: Sigma = [[2, 1], [1, 2]] has Sigma^-1 = [[2, -1], [-1, 2]] / 3, so
    # d = (1, 0): 2/3; d = (1, 1): (2 - 1 - 1 + 2)/3 = 2/3; d = (1, -1): (2+1+1+2)/3 = 2
    cov = [[2.0, 1.0], [1.0, 2.0]]
    assert mahalanobis([1.0, 0.0], [0.0, 0.0], cov) == pytest.approx(math.sqrt(2 / 3), rel=1e-15)
    assert mahalanobis([2.0, 2.0], [1.0, 1.0], cov) == pytest.approx(math.sqrt(2 / 3), rel=1e-15)
    assert mahalanobis([1.0, -1.0], [0.0, 0.0], cov) == pytest.approx(math.sqrt(2.0), rel=1e-15)
    # closed form: a diagonal covariance divides each coordinate by its std: 6/2 = 3, 4/4 = 1
    assert mahalanobis([6.0, 4.0], [0.0, 0.0], np.diag([4.0, 16.0])) == pytest.approx(
        math.sqrt(10.0), rel=1e-15
    )
    # definition: identity covariance gives the Euclidean distance, |(3, 4)| = 5
    assert mahalanobis([3.0, 4.0], [0.0, 0.0], np.eye(2)) == 5.0


def test_relative_contrast_reference() -> None:
    # hand computation: distances 1 and 3 from the origin, (3 - 1)/1 = 2
    assert relative_contrast([[1.0, 0.0], [0.0, 3.0]], [0.0, 0.0]) == 2.0
    # with L1 distances: |(1,1)|_1 = 2 and |(0,3)|_1 = 3, (3 - 2)/2
    assert relative_contrast([[1.0, 1.0], [0.0, 3.0]], [0.0, 0.0], p=1) == 0.5
    # equal distances: contrast 0
    assert relative_contrast([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]) == 0.0


@pytest.mark.parametrize(
    ("v", "p", "radius", "expected"),
    [
        # hand computation (L1): u = (3, 1), theta = (3 - 2)/1 = 1: (3-1, max(1-1, 0))
        ([3.0, 1.0], 1, 2.0, [2.0, 0.0]),
        # hand computation (L1): theta = (2 + 2 - 2)/2 = 1, both survive
        ([2.0, -2.0], 1, 2.0, [1.0, -1.0]),
        # hand computation (L1): u = (4, 2, 1), theta = (4 + 2 - 3)/2 = 1.5 > 1: (2.5, -0.5, 0)
        ([4.0, -2.0, 1.0], 1, 3.0, [2.5, -0.5, 0.0]),
        ([0.5, 0.25], 1, 1.0, [0.5, 0.25]),  # already inside: unchanged
        ([3.0, 4.0], 2, 1.0, [0.6, 0.8]),  # closed form: v / |v|
        ([3.0, 4.0], 2, 10.0, [3.0, 4.0]),  # inside
        ([3.0, -0.5, -7.0], math.inf, 2.0, [2.0, -0.5, -2.0]),  # clip to [-2, 2]
        ([3.0, -4.0], 1, 0.0, [0.0, 0.0]),  # radius 0: the origin
    ],
)
def test_project_onto_ball_reference(
    v: list[float], p: float, radius: float, expected: list[float]
) -> None:
    assert_allclose(project_onto_ball(v, p, radius), expected, rtol=1e-15, atol=1e-15)


def test_project_onto_ball_does_not_alias_input() -> None:
    v = np.array([0.1, 0.2])
    w = project_onto_ball(v, 2, 1.0)  # inside: a copy
    w[0] = 99.0
    assert v[0] == 0.1


def test_ball_constrained_book_example_l1_is_a_corner() -> None:
    # KKT by hand: at w = (1, 0), A w - b = (2, 1) - (4, 4) = (-2, -3), the gradient
    # 2 A^T (A w - b) = 2 (2*(-2) + 1*(-3), -3) = (-14, -6); -g = (14, 6) lies in the
    # normal cone {lambda (1, s): |s| <= 1} of the L1 ball at the corner (1, 0), since
    # 14 >= |6|. So (1, 0) is the minimiser, and projection makes its zero exact.
    A, b = [[2.0, 0.0], [1.0, 1.0]], [4.0, 4.0]
    w = ball_constrained_least_squares(A, b, p=1, radius=1.0)
    assert w[1] == 0.0
    assert w[0] == pytest.approx(1.0, rel=1e-12)


def _l2_constrained_reference(A: np.ndarray, b: np.ndarray, r: float) -> np.ndarray:
    """Minimiser of |Aw - b|^2 over |w|_2 <= r, by the secular equation.

    On the boundary, the KKT conditions read (A^T A + mu I) w = A^T b with mu >= 0
    and |w(mu)| = r; |w(mu)| decreases in mu, so brentq finds the root.
    """
    AtA, Atb = A.T @ A, A.T @ b
    w_free = np.linalg.solve(AtA, Atb)
    if np.linalg.norm(w_free) <= r:
        return w_free

    def excess(mu: float) -> float:
        return float(np.linalg.norm(np.linalg.solve(AtA + mu * np.eye(A.shape[1]), Atb)) - r)

    mu = scipy.optimize.brentq(excess, 0.0, 1e8, xtol=1e-15, rtol=1e-15)
    return np.linalg.solve(AtA + mu * np.eye(A.shape[1]), Atb)


def test_ball_constrained_book_example_l2_matches_secular_equation() -> None:
    A, b = np.array([[2.0, 0.0], [1.0, 1.0]]), np.array([4.0, 4.0])
    w = ball_constrained_least_squares(A, b, p=2, radius=1.0)
    # independent method (root of the secular equation, brentq to 1e-15): agree to 1e-9,
    # the accuracy of projected gradient stopped at steps of 1e-12 (contraction factor
    # 1 - 1/cond(A)^2 ~ 0.85 per step here, so the remaining error is ~1e-12 / 0.15)
    assert_allclose(w, _l2_constrained_reference(A, b, 1.0), rtol=1e-9, atol=1e-10)
    assert np.all(w != 0.0)  # the L2 solution is not sparse


def test_ball_constrained_interior_solution_is_least_squares() -> None:
    # closed form: with A = I the least-squares solution is b = (0.3, -0.2), inside
    # the L1, L2 and L_inf balls of radius 1, so the constraint is inactive: w = b
    for p in (1, 2, math.inf):
        w = ball_constrained_least_squares(np.eye(2), [0.3, -0.2], p=p, radius=1.0)
        assert_allclose(w, [0.3, -0.2], rtol=1e-10, atol=1e-12)


def test_ball_constrained_identity_design_is_projection() -> None:
    # closed form: with A = I the problem is min |w - b|^2 over the ball, i.e. the
    # Euclidean projection of b; projected gradient reaches it in one step
    b = np.array([3.0, -1.0, 0.5])
    for p in (1, 2, math.inf):
        w = ball_constrained_least_squares(np.eye(3), b, p=p, radius=1.5)
        assert_allclose(w, project_onto_ball(b, p, 1.5), rtol=1e-12, atol=1e-15)


def test_ball_constrained_zero_design_returns_zero() -> None:
    # definition: with A = 0 the loss |b|^2 is constant; w = 0 is a minimiser
    assert_array_equal(ball_constrained_least_squares(np.zeros((2, 2)), [1.0, 2.0], 2, 1.0), 0.0)


def test_distance_concentration_is_reproducible_and_decreasing() -> None:
    dims = [2, 20, 200]
    a = distance_concentration(dims, 200, np.random.default_rng(7), n_queries=5)
    b = distance_concentration(dims, 200, np.random.default_rng(7), n_queries=5)
    assert_array_equal(a, b)  # same seed, same points, same numbers
    # Beyer et al. 1999: contrast shrinks as the dimension grows (asymptotically by
    # ~sqrt(10) per decade; at these small sizes the drop is larger); a strict decrease
    # over three decades is far outside the sampling noise of 5 queries x 200 points
    assert np.all(np.diff(a) < 0.0)


def test_distance_concentration_uses_relative_contrast_on_the_drawn_points() -> None:
    # the documented drawing order: for each d, N data points then the queries
    rng = np.random.default_rng(3)
    X, Q = rng.random((50, 4)), rng.random((3, 4))
    expected = np.mean([relative_contrast(X, q, 1.0) for q in Q])
    got = distance_concentration([4], 50, np.random.default_rng(3), p=1, n_queries=3)
    assert got[0] == expected


def test_distances_scale_each_pair_separately() -> None:
    # closed form: |(c, c)|_2 = sqrt(2) c and |(c, c)|_3 = 2^(1/3) c, for c = 1e200
    # and c = 1e-200 in the same call; the largest entry is factored out of each
    # difference on its own (a scale shared by both pairs would leave (1e-200/1e200)^p,
    # which underflows to 0); rtol 1e-14 as in test_lp_norm_does_not_overflow_or_underflow
    X, Y = [[0.0, 0.0]], [[1e200, 1e200], [1e-200, 1e-200]]
    for metric, p, factor in [
        ("euclidean", None, math.sqrt(2.0)),
        ("minkowski", 3.0, 2 ** (1 / 3)),
    ]:
        D = pairwise_distances(X, Y, metric=metric, p=p)
        assert_allclose(D, [[factor * 1e200, factor * 1e-200]], rtol=1e-14, atol=0.0)
    # the cosine distance normalises each row by its own length: rows at 1e200 and
    # 1e-200 are both valid directions (closed form: 1 - cos 45 deg, and 0)
    D = pairwise_distances([[1e200, 0.0], [1e-200, 1e-200]], [[1.0, 1.0]], metric="cosine")
    assert_allclose(D, [[1.0 - 1.0 / math.sqrt(2.0)], [0.0]], rtol=1e-15, atol=1e-16)


def test_pairwise_distances_larger_than_one_block() -> None:
    # 5 x 131072 pairs of 5-D points: 3.3e6 differences, more than the ~1e6 held at
    # once, so the rows of X are processed in several blocks; every block must be
    # filled. scipy's cdist is the reference (same differences, summation order
    # differs by a few ulp: rtol REL)
    rng = np.random.default_rng(11)
    X, Y = rng.normal(size=(5, 5)), rng.normal(size=(2**17, 5))
    assert_allclose(pairwise_distances(X, Y), ssd.cdist(X, Y), rtol=REL, atol=0.0)
    assert_allclose(
        pairwise_distances(X, Y, metric="manhattan"),
        ssd.cdist(X, Y, metric="cityblock"),
        rtol=REL,
        atol=0.0,
    )


def test_cosine_distance_of_opposite_vectors_is_exactly_two() -> None:
    # closed form: cos(pi) = -1, so d = 2, the documented upper bound. For (10, 6)
    # the normalised row has squared length 1 + eps in float64, so |x_hat - y_hat|^2/2
    # rounds to 2 + 4.4e-16: the result must be clipped back to the bound
    X = [[1.0, 0.0], [10.0, 6.0], [3.0, -7.0]]
    D = pairwise_distances(X, -np.asarray(X), metric="cosine")
    assert np.all(np.diag(D) <= 2.0)
    assert_allclose(np.diag(D), 2.0, rtol=1e-15, atol=0.0)


def test_relative_contrast_defaults_to_euclidean() -> None:
    # hand computation: L2 distances sqrt(2) and 3 from the origin; the points are
    # not on the axes, so another order would give other distances
    expected = (3.0 - math.sqrt(2.0)) / math.sqrt(2.0)
    got = relative_contrast([[1.0, 1.0], [0.0, 3.0]], [0.0, 0.0])
    # a root and a division: a few ulp
    assert got == pytest.approx(expected, rel=1e-14)


def test_distance_concentration_defaults_agree_with_scipy() -> None:
    # documented defaults: Euclidean distances and 10 queries, drawn after the data;
    # reference: scipy's cdist on the same draws, RC = (max - min) / min per query.
    # The two distance computations differ by a few ulp, amplified at most by
    # D_max / D_min (< 100 here) in the contrast: rtol 1e-12
    rng = np.random.default_rng(5)
    X, Q = rng.random((30, 3)), rng.random((10, 3))
    D = ssd.cdist(Q, X)
    expected = float(np.mean((D.max(axis=1) - D.min(axis=1)) / D.min(axis=1)))
    got = distance_concentration([3], 30, np.random.default_rng(5))
    assert got.shape == (1,)
    assert got[0] == pytest.approx(expected, rel=1e-12)


def test_project_onto_ball_defaults_to_the_unit_ball() -> None:
    # closed form: (3, 4)/5 and the clip of (0, 1.5) to [-1, 1]
    assert_allclose(project_onto_ball([3.0, 4.0], 2), [0.6, 0.8], rtol=1e-15, atol=0.0)
    assert_array_equal(project_onto_ball([0.0, 1.5], math.inf), [0.0, 1.0])
    # hand computation (L1): u = (2, 1), theta = (2 + 1 - 1)/2 = 1 is not < 1, so
    # theta = (2 - 1)/1 = 1 and only the first coordinate survives
    assert_array_equal(project_onto_ball([2.0, -1.0], 1), [1.0, 0.0])


@pytest.mark.parametrize(
    ("v", "p"),
    [([0.1, -0.2, 0.3], 1), ([3.0, -4.0], 2), ([0.5, -2.0, 2.0], math.inf)],
)
def test_project_onto_ball_keeps_points_on_the_boundary(v: list[float], p: float) -> None:
    # the ball is closed: a point with |v|_p = r (r taken as numpy's norm of v) is in
    # it and is its own projection, bit for bit. For the L1 case numpy sums
    # 0.1 + 0.2 + 0.3 to 0.6000000000000001 while the sorted sum 0.3 + 0.2 + 0.1 is
    # 0.6, so soft-thresholding at such a radius would shift every entry by an ulp
    r = float(np.linalg.norm(v, p))
    assert_array_equal(project_onto_ball(v, p, r), v)


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        # hand computation (L1): b/2 = (1.5, -0.5, 0.25), u = (1.5, 0.5, 0.25),
        # theta = (1.5 - 1)/1 = 0.5 (k = 2 gives 0.5 - (2 - 1)/2 = 0, not > 0)
        (1, [1.0, 0.0, 0.0]),
        # closed form: b/2 / |b/2|_2 with |b/2|_2^2 = 2.25 + 0.25 + 0.0625 = 2.5625
        (2, [1.5 / 1.6007810593582121, -0.5 / 1.6007810593582121, 0.25 / 1.6007810593582121]),
        # closed form: clip b/2 to [-1, 1]
        (math.inf, [1.0, -0.5, 0.25]),
    ],
)
def test_ball_constrained_full_step_converges_at_once(p: float, expected: list[float]) -> None:
    # with A = 2 I, |Aw - b|^2 = 4 |w - b/2|^2: the minimiser is the projection of
    # b/2. The documented step 1/L with L = 2 |A|_2^2 = 8 and gradient
    # 2 A^T (A w - b) = 8 (w - b/2) jumps from 0 straight to b/2, so the first
    # iterate is the answer and the second step has length 0: two iterations suffice
    # (a shorter or longer step would only approach it geometrically)
    assert math.sqrt(2.5625) == 1.6007810593582121  # the constant used above
    b = [3.0, -1.0, 0.5]
    w = ball_constrained_least_squares(2.0 * np.eye(3), b, p, 1.0, max_iter=2)
    assert_allclose(w, expected, rtol=1e-15, atol=0.0)


@pytest.mark.parametrize(
    ("b", "radius", "tol", "expected"),
    [
        # first step 0 -> (1, 0): length 1 = tol * max(1, |w|) = 1 * 1: converged
        ([5.0, 0.0], 1.0, 1.0, [1.0, 0.0]),
        # first step 0 -> (4, 0): length 4 = tol * max(1, |w|) = 1 * 4: converged
        ([8.0, 0.0], 4.0, 1.0, [4.0, 0.0]),
        # length 1 > 0.75 * max(1, 1): not converged after one step
        ([5.0, 0.0], 1.0, 0.75, None),
        # length 4 > 0.9 * max(1, 4) = 3.6: not converged after one step
        ([8.0, 0.0], 4.0, 0.9, None),
    ],
)
def test_ball_constrained_stopping_rule(
    b: list[float], radius: float, tol: float, expected: list[float] | None
) -> None:
    # documented: stop when a step moves w by at most tol * max(1, |w|_2). With A = I
    # the first step (from w = 0, step 1/L = 1/2) lands exactly on clip(b) (box
    # projection), whose length is computed exactly, so the rule is tested at and
    # just past its boundary with a budget of one iteration
    if expected is None:
        with pytest.raises(RuntimeError, match=re.escape("did not converge in `max_iter`=1")):
            ball_constrained_least_squares(np.eye(2), b, math.inf, radius, max_iter=1, tol=tol)
    else:
        w = ball_constrained_least_squares(np.eye(2), b, math.inf, radius, max_iter=1, tol=tol)
        assert_array_equal(w, expected)


def test_ball_constrained_default_budget_is_ten_thousand_iterations() -> None:
    # A = diag(1, 1e-3): along the second axis each step contracts the error only by
    # 1 - (1e-3)^2 = 1 - 1e-6 (condition number 1e3, squared), while the solution
    # (|w| = 100 on the L2 ball, about 1e3 from the start) needs ~1e7 steps; the
    # documented default budget of 10 000 runs out first, and the message says so
    with pytest.raises(RuntimeError) as info:
        ball_constrained_least_squares(np.diag([1.0, 1e-3]), [1.0, 1.0], 2, 100.0)
    assert str(info.value) == (
        "projected gradient did not converge in `max_iter`=10000 iterations "
        "(tol=1e-12); raise `max_iter` or loosen `tol`"
    )


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------


@FAST
@given(vector_pairs(), st.sampled_from(ORDERS))
def test_lp_norm_triangle_inequality(pair: tuple[np.ndarray, np.ndarray], p: float) -> None:
    a, b = pair
    assert lp_norm(a + b, p) <= (lp_norm(a, p) + lp_norm(b, p)) * (1.0 + REL)


@FAST
@given(
    vectors(),
    st.sampled_from(ORDERS),
    # subnormal scalars keep only a few bits: the relative bound is tested on normals
    st.floats(-100.0, 100.0, allow_subnormal=False),
)
def test_lp_norm_is_absolutely_homogeneous(v: np.ndarray, p: float, s: float) -> None:
    assert lp_norm(s * v, p) == pytest.approx(abs(s) * lp_norm(v, p), rel=REL, abs=0.0)


@FAST
@given(vectors(), st.sampled_from(ORDERS))
def test_lp_norm_is_positive_definite(v: np.ndarray, p: float) -> None:
    value = lp_norm(v, p)
    assert value >= 0.0
    assert (value == 0.0) == bool(np.all(v == 0.0))


@FAST
@given(vectors())
def test_norm_inequalities(v: np.ndarray) -> None:
    # ||v||_inf <= ||v||_2 <= ||v||_1 <= sqrt(n) ||v||_2 and ||v||_2 <= sqrt(n) ||v||_inf
    n = v.size
    l1, l2, linf = lp_norm(v, 1), lp_norm(v, 2), lp_norm(v, math.inf)
    slack = 1.0 + REL
    assert linf <= l2 * slack
    assert l2 <= l1 * slack
    assert l1 <= math.sqrt(n) * l2 * slack
    assert l2 <= math.sqrt(n) * linf * slack


@FAST
@given(vectors(), st.sampled_from(ORDERS), st.sampled_from(ORDERS))
def test_lp_norm_decreases_with_p(v: np.ndarray, p: float, q: float) -> None:
    # for p <= q: ||v||_q <= ||v||_p <= n^(1/p - 1/q) ||v||_q (Hölder)
    p, q = min(p, q), max(p, q)
    n = v.size
    assert lp_norm(v, q) <= lp_norm(v, p) * (1.0 + REL)
    assert lp_norm(v, p) <= n ** (1.0 / p - 1.0 / q) * lp_norm(v, q) * (1.0 + REL)


@FAST
@given(vector_pairs(nonzero=True), st.floats(0.1, 0.9))
def test_quasinorm_satisfies_only_the_weak_triangle_inequality(
    pair: tuple[np.ndarray, np.ndarray], p: float
) -> None:
    a, b = pair
    # ||a + b||_p <= 2^(1/p - 1) (||a||_p + ||b||_p) for 0 < p < 1
    bound = 2.0 ** (1.0 / p - 1.0) * (lp_quasinorm(a, p) + lp_quasinorm(b, p))
    assert lp_quasinorm(a + b, p) <= bound * (1.0 + REL)


@FAST
@given(st.floats(0.05, 0.95))
def test_quasinorm_breaks_the_triangle_inequality(p: float) -> None:
    # closed form: ||e1 + e2||_p = 2^(1/p) > 2 = ||e1||_p + ||e2||_p for p < 1
    e1, e2 = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    lhs = lp_quasinorm(e1 + e2, p)
    assert lhs == pytest.approx(2.0 ** (1.0 / p), rel=REL)
    assert lhs > lp_quasinorm(e1, p) + lp_quasinorm(e2, p)


@FAST
@given(st.one_of(st.floats(0.2, 20.0), st.just(math.inf)), st.integers(5, 600))
def test_unit_ball_boundary_points_have_norm_one(p: float, n_points: int) -> None:
    xy = unit_ball_boundary(p, n_points)
    assert xy.shape == (n_points, 2)
    norm = lp_quasinorm if p < 1.0 else lp_norm
    # |cos t|^(2/p) raised back to p: a few roundings, and for small p the 1/p-th
    # power amplifies a relative error by 1/p <= 5; 1e-12 is still ~100x above that
    values = [norm(point, p) for point in xy]
    assert_allclose(values, 1.0, rtol=1e-12)


@FAST
@given(matrices())
def test_matrix_norm_inequalities(A: np.ndarray) -> None:
    # ||A||_2 <= ||A||_F <= sqrt(rank A) ||A||_2, with the rank from numpy's SVD
    two, fro = spectral_norm(A), frobenius_norm(A)
    rank = np.linalg.matrix_rank(A)
    assert two <= fro * (1.0 + REL)
    # (rank 0 means A = 0, where both norms are exactly 0)
    assert fro <= math.sqrt(rank) * two * (1.0 + REL)


@FAST
@given(matrices(), st.data())
def test_spectral_norm_bounds_the_stretch(A: np.ndarray, data: st.DataObject) -> None:
    x = data.draw(nonzero_vectors(A.shape[1]))
    # ||A x|| <= ||A||_2 ||x||; the product A @ x rounds relative to sum |A_ij x_j|
    scale = float(np.sum(np.abs(A) @ np.abs(x)))
    assert lp_norm(A @ x, 2) <= spectral_norm(A) * lp_norm(x, 2) * (1.0 + REL) + REL * scale


@FAST
@given(matrices())
def test_frobenius_is_root_sum_of_squared_singular_values(A: np.ndarray) -> None:
    sigma = np.linalg.svd(A, compute_uv=False)
    # the SVD is backward stable: singular values are exact for A + E, |E| ~ eps |A|
    assert frobenius_norm(A) == pytest.approx(lp_norm(sigma, 2), rel=1e-12, abs=1e-12)


@FAST
@given(point_sets(), st.sampled_from(["euclidean", "manhattan", "chebyshev"]))
def test_pairwise_distances_metric_axioms(XY: tuple[np.ndarray, np.ndarray], metric: str) -> None:
    X, Y = XY
    Z = np.vstack([X, Y])
    D = pairwise_distances(Z, metric=metric)
    assert_array_equal(np.diag(D), 0.0)  # x - x is exactly 0
    assert_array_equal(D, D.T)  # |x - y| and |y - x| round identically
    assert np.all(D >= 0.0)
    # triangle inequality D[i, k] <= D[i, j] + D[j, k] for all triples
    assert np.all(D[:, None, :] <= (D[:, :, None] + D[None, :, :]) * (1.0 + REL))


@FAST
@given(point_sets())
def test_pairwise_distances_rows_are_lp_norms(XY: tuple[np.ndarray, np.ndarray]) -> None:
    X, Y = XY
    for p in ORDERS:
        D = pairwise_distances(X, Y, metric="minkowski", p=p)
        expected = [[lp_norm(x - y, p) for y in Y] for x in X]
        # the same formula; numpy's vectorised power on the (n, m, d) block may round
        # an ulp differently from the 1-D call: rtol 1e-14
        assert_allclose(D, expected, rtol=1e-14, atol=0.0)


@FAST
@given(point_sets().filter(lambda XY: bool(np.all(XY[0].any(1)) and np.all(XY[1].any(1)))))
def test_cosine_distance_properties(XY: tuple[np.ndarray, np.ndarray]) -> None:
    X, Y = XY
    D = pairwise_distances(X, Y, metric="cosine")
    assert np.all((D >= 0.0) & (D <= 2.0))
    # positive scaling changes nothing: x/|x| is the same direction (to rounding)
    assert_allclose(pairwise_distances(3.5 * X, Y, metric="cosine"), D, rtol=1e-10, atol=1e-14)
    # flipping one argument maps d to 2 - d (cos -> -cos)
    assert_allclose(pairwise_distances(-X, Y, metric="cosine"), 2.0 - D, rtol=0, atol=1e-14)


@FAST
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(vectors(n), vectors(n), spd_matrices(n))))
def test_mahalanobis_is_euclidean_after_whitening(
    data: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    x, y, cov = data
    d = mahalanobis(x, y, cov)
    assert d == pytest.approx(mahalanobis(y, x, cov), rel=REL)  # symmetric
    # whitening with any square root of cov: here the symmetric one from eigh
    lam, Q = np.linalg.eigh(cov)
    whiten = Q @ np.diag(lam**-0.5) @ Q.T
    # condition number <= ~1e4 (spd_matrices): relative error ~ cond * eps ~ 1e-12,
    # plus an absolute floor for nearly equal points
    assert d == pytest.approx(
        lp_norm(whiten @ (x - y), 2), rel=1e-9, abs=1e-9 * lp_norm(x - y, 2) + 1e-300
    )


@FAST
@given(nonzero_vectors(), st.sampled_from([1.0, 2.0, math.inf]), st.floats(0.1, 100.0))
def test_projection_lands_in_ball_and_is_idempotent(v: np.ndarray, p: float, r: float) -> None:
    w = project_onto_ball(v, p, r)
    assert lp_norm(w, p) <= r * (1.0 + REL)
    assert_allclose(project_onto_ball(w, p, r), w, rtol=1e-12, atol=1e-12 * r)
    if lp_norm(v, p) > r:  # outside: lands on the boundary
        assert lp_norm(w, p) == pytest.approx(r, rel=1e-12)


def _ball_vertices(n: int, p: float, r: float) -> np.ndarray:
    """Extreme points of the L1 ball (±r e_i) or the L_inf ball (all sign patterns)."""
    if p == 1.0:
        return np.vstack([r * np.eye(n), -r * np.eye(n)])
    return r * np.array(list(itertools.product([-1.0, 1.0], repeat=n)))


@FAST
@given(nonzero_vectors(), st.sampled_from([1.0, math.inf]), st.floats(0.1, 100.0))
def test_projection_is_the_nearest_point(v: np.ndarray, p: float, r: float) -> None:
    # w is the Euclidean projection onto a convex set iff (v - w).(z - w) <= 0 for
    # every z in the set; the left side is linear in z, so checking the vertices
    # (whose convex hull is the ball) suffices
    w = project_onto_ball(v, p, r)
    Z = _ball_vertices(v.size, p, r)
    scale = lp_norm(v - w, 2) * (lp_norm(v, 2) + r) + 1e-300
    assert np.all((Z - w) @ (v - w) <= REL * scale * 10)


# ---------------------------------------------------------------------------
# 3. Reference implementations: NumPy, SciPy, scikit-learn, torch
# ---------------------------------------------------------------------------


@FAST
@given(vectors(), st.sampled_from(ORDERS))
def test_lp_norm_agrees_with_numpy(v: np.ndarray, p: float) -> None:
    assert lp_norm(v, p) == pytest.approx(np.linalg.norm(v, ord=p), rel=REL, abs=0.0)


@FAST
@given(matrices())
def test_matrix_norms_agree_with_numpy_and_torch(A: np.ndarray) -> None:
    assert frobenius_norm(A) == pytest.approx(np.linalg.norm(A, "fro"), rel=REL)
    # both call LAPACK SVD drivers; float64 singular values agree to ~eps * ||A||
    assert spectral_norm(A) == pytest.approx(np.linalg.norm(A, 2), rel=1e-12, abs=0.0)
    t = torch.linalg.matrix_norm(torch.from_numpy(A), ord=2).item()
    assert spectral_norm(A) == pytest.approx(t, rel=1e-12, abs=0.0)


_SCIPY_NAMES = {"euclidean": "euclidean", "manhattan": "cityblock", "chebyshev": "chebyshev"}


@FAST
@given(point_sets(), st.sampled_from(sorted(_SCIPY_NAMES)))
def test_pairwise_distances_agree_with_scipy_cdist(
    XY: tuple[np.ndarray, np.ndarray], metric: str
) -> None:
    X, Y = XY
    expected = ssd.cdist(X, Y, metric=_SCIPY_NAMES[metric])
    # scipy also forms the differences; only the summation and scaling differ
    assert_allclose(pairwise_distances(X, Y, metric=metric), expected, rtol=REL, atol=0.0)


@FAST
@given(point_sets(), st.sampled_from([1.0, 1.5, 3.0, math.inf]))
def test_minkowski_agrees_with_scipy_cdist(XY: tuple[np.ndarray, np.ndarray], p: float) -> None:
    X, Y = XY
    expected = ssd.cdist(X, Y, metric="minkowski", p=p)
    assert_allclose(pairwise_distances(X, Y, metric="minkowski", p=p), expected, rtol=REL, atol=0.0)


@FAST
@given(point_sets().filter(lambda XY: bool(np.all(XY[0].any(1)) and np.all(XY[1].any(1)))))
def test_cosine_agrees_with_scipy_and_sklearn(XY: tuple[np.ndarray, np.ndarray]) -> None:
    X, Y = XY
    ours = pairwise_distances(X, Y, metric="cosine")
    # scipy and sklearn compute 1 - x.y/(|x||y|): absolute error ~ a few eps near 0
    # (cancellation), so compare with an absolute tolerance of 1e-13
    assert_allclose(ours, ssd.cdist(X, Y, metric="cosine"), rtol=1e-12, atol=1e-13)
    sk = sklearn.metrics.pairwise_distances(X, Y, metric="cosine")
    assert_allclose(ours, sk, rtol=1e-12, atol=1e-13)


@FAST
@given(point_sets(), st.sampled_from(["euclidean", "manhattan", "chebyshev"]))
def test_pairwise_distances_agree_with_sklearn(
    XY: tuple[np.ndarray, np.ndarray], metric: str
) -> None:
    X, Y = XY
    ours = pairwise_distances(X, Y, metric=metric)
    sk = sklearn.metrics.pairwise_distances(X, Y, metric=metric)
    if metric == "euclidean":
        # sklearn uses |x|^2 + |y|^2 - 2 x.y: the squared distance has absolute error
        # ~ eps * (|x|^2 + |y|^2), so the distance is off by up to
        # sqrt(eps * (|x|^2 + |y|^2)) when the points are close; the bound below is
        # 10x that (relative terms use the largest squared row norm)
        big = max(float(np.max(np.sum(X * X, axis=1))), float(np.max(np.sum(Y * Y, axis=1))))
        assert_allclose(ours, sk, rtol=1e-12, atol=10.0 * math.sqrt(4e-16 * big) + 1e-300)
    else:
        assert_allclose(ours, sk, rtol=REL, atol=0.0)


def test_sklearn_euclidean_loses_small_distances_and_ours_does_not() -> None:
    # hand computation: the points differ by 1e-6 in one coordinate of size 1e3;
    # the expansion |x|^2 + |y|^2 - 2 x.y cancels 2e6 down to 1e-12 and rounds to 0
    x = np.array([[1e3, 1e3 + 1e-6, 3.0]])
    y = np.array([[1e3, 1e3, 3.0]])
    gap = (1e3 + 1e-6) - 1e3  # the float64 difference actually stored
    assert pairwise_distances(x, y)[0, 0] == gap
    assert ssd.cdist(x, y)[0, 0] == gap
    assert sklearn.metrics.pairwise_distances(x, y)[0, 0] != pytest.approx(gap, rel=0.5)


@FAST
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(vectors(n), vectors(n), spd_matrices(n))))
def test_mahalanobis_agrees_with_scipy(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    x, y, cov = data
    expected = ssd.mahalanobis(x, y, np.linalg.inv(cov))
    # scipy uses the explicit inverse: its error grows with cond(cov) <= ~1e4, so
    # rtol 1e-9, with an absolute floor for nearly equal points
    assert mahalanobis(x, y, cov) == pytest.approx(
        expected, rel=1e-9, abs=1e-9 * lp_norm(x - y, 2) + 1e-300
    )


def test_l2_projection_is_torch_gradient_clipping() -> None:
    # torch.nn.utils.clip_grad_norm_ scales by max_norm / (total_norm + 1e-6): it is
    # the projection onto the L2 ball up to that 1e-6 in the denominator
    rng = np.random.default_rng(0)
    g = rng.normal(size=10) * 5.0
    param = torch.nn.Parameter(torch.zeros(10, dtype=torch.float64))
    param.grad = torch.from_numpy(g.copy())
    torch.nn.utils.clip_grad_norm_([param], max_norm=1.0)
    clipped = np.asarray(param.grad.numpy(), dtype=np.float64)
    total = float(np.linalg.norm(g))
    assert_allclose(clipped, project_onto_ball(g, 2, 1.0), rtol=2e-6 / total, atol=0.0)


@pytest.mark.parametrize("seed", range(4))
def test_ball_constrained_agrees_with_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(8, 4)) + 2.0 * np.eye(8, 4)  # well conditioned, cond ~ a few
    b = rng.normal(size=8) * 3.0
    r = 0.5 * float(np.linalg.norm(np.linalg.lstsq(A, b, rcond=None)[0], 1))
    # L_inf: a box constraint, exactly what scipy.optimize.lsq_linear solves
    box = scipy.optimize.lsq_linear(A, b, bounds=(-r / 4, r / 4), tol=1e-14, method="bvls")
    ours = ball_constrained_least_squares(A, b, math.inf, r / 4)
    assert_allclose(ours, box.x, rtol=1e-8, atol=1e-9)
    # L2: the secular-equation reference
    assert_allclose(
        ball_constrained_least_squares(A, b, 2, r / 2),
        _l2_constrained_reference(A, b, r / 2),
        rtol=1e-8,
        atol=1e-9,
    )
    # L1: split w = u - v with u, v >= 0 and sum(u + v) <= r, a smooth QP for SLSQP
    n = A.shape[1]

    def loss(z: np.ndarray) -> float:
        res = A @ (z[:n] - z[n:]) - b
        return float(res @ res)

    qp = scipy.optimize.minimize(
        loss,
        np.zeros(2 * n),
        method="SLSQP",
        bounds=[(0.0, None)] * (2 * n),
        constraints=[{"type": "ineq", "fun": lambda z: r - np.sum(z)}],
        options={"ftol": 1e-15, "maxiter": 1000},
    )
    w_qp = qp.x[:n] - qp.x[n:]
    ours_l1 = ball_constrained_least_squares(A, b, 1, r)
    # SLSQP stops at ftol on the loss, so the argmin is accurate to ~sqrt(1e-15)
    assert_allclose(ours_l1, w_qp, rtol=0, atol=1e-6)
    assert loss(np.concatenate([np.maximum(ours_l1, 0), np.maximum(-ours_l1, 0)])) <= qp.fun + 1e-9


# ---------------------------------------------------------------------------
# 4. Error paths
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.5, 0.0, -1.0, -math.inf])
def test_lp_norm_rejects_p_below_one(p: float) -> None:
    with pytest.raises(ValueError, match=r"`p` must be >= 1 .*triangle inequality"):
        lp_norm(V_BOOK, p)


@pytest.mark.parametrize(
    ("p", "exc", "message"),
    [
        (float("nan"), ValueError, "`p` must be a number; got nan"),
        ("2", TypeError, "`p` must be a real number"),
        (True, TypeError, "`p` must be a real number"),
        (None, TypeError, "`p` must be a real number"),
    ],
)
def test_lp_norm_rejects_bad_p_type(p: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        lp_norm(V_BOOK, p)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("v", "exc", "message"),
    [
        ([[1.0, 2.0]], ValueError, "`v` must be a 1-D vector"),
        ([], ValueError, "`v` must not be empty"),
        ([1.0, float("nan")], ValueError, "`v` must contain only finite numbers"),
        ("abc", TypeError, "`v` must be array-like of numbers"),
    ],
)
def test_lp_norm_rejects_bad_v(v: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        lp_norm(v, 2)  # type: ignore[arg-type]


@pytest.mark.parametrize("p", [1.0, 2.0, 0.0, -0.5, math.inf])
def test_lp_quasinorm_rejects_p_outside_unit_interval(p: float) -> None:
    with pytest.raises(ValueError, match=re.escape("`p` must be in (0, 1)")):
        lp_quasinorm([1.0, 2.0], p)


@pytest.mark.parametrize(
    ("p", "n_points", "exc", "message"),
    [
        (0.0, 10, ValueError, "`p` must be positive"),
        (-2.0, 10, ValueError, "`p` must be positive"),
        (float("nan"), 10, ValueError, "`p` must be a number"),
        (2.0, 4, ValueError, "`n_points` must be at least 5"),
        (2.0, 10.0, TypeError, "`n_points` must be an integer"),
        (2.0, True, TypeError, "`n_points` must be an integer"),
    ],
)
def test_unit_ball_boundary_rejects_bad_input(
    p: float, n_points: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        unit_ball_boundary(p, n_points)  # type: ignore[arg-type]


@pytest.mark.parametrize("func", [frobenius_norm, spectral_norm])
@pytest.mark.parametrize(
    ("A", "message"),
    [
        ([1.0, 2.0], "`A` must be a 2-D matrix"),
        ([[1.0, np.inf]], "`A` must contain only finite numbers"),
        (np.zeros((0, 2)), "`A` must not be empty"),
    ],
)
def test_matrix_norms_reject_bad_A(func: object, A: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        func(A)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"Y": np.ones((2, 3))}, ValueError, "`X` and `Y` must have the same number of columns"),
        ({"metric": "hamming"}, ValueError, "`metric` must be one of"),
        ({"metric": 2}, TypeError, "`metric` must be a string"),
        ({"metric": "minkowski"}, ValueError, "`p` is required when metric='minkowski'"),
        ({"metric": "minkowski", "p": 0.5}, ValueError, "`p` must be >= 1"),
        ({"metric": "euclidean", "p": 2}, ValueError, "`p` applies only to metric='minkowski'"),
        ({"Y": np.ones(2)}, ValueError, "`Y` must be a 2-D matrix"),
        ({"Y": [[1.0, np.nan]]}, ValueError, "`Y` must contain only finite numbers"),
    ],
)
def test_pairwise_distances_rejects_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        pairwise_distances(np.ones((3, 2)), **kwargs)  # type: ignore[arg-type]


def test_pairwise_distances_rejects_vector_X() -> None:
    with pytest.raises(ValueError, match=re.escape("`X` must be a 2-D matrix")):
        pairwise_distances([1.0, 2.0])


@pytest.mark.parametrize(
    ("X", "Y", "name"),
    [([[0.0, 0.0]], [[1.0, 0.0]], "X"), ([[1.0, 0.0]], [[1.0, 0.0], [0.0, 0.0]], "Y")],
)
def test_cosine_distance_rejects_zero_rows(X: object, Y: object, name: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"`{name}` has a zero row")):
        pairwise_distances(X, Y, metric="cosine")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "y", "cov", "message"),
    [
        ([1.0, 0.0], [0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]], "`cov` must be symmetric"),
        ([1.0, 0.0], [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], "`cov` must be positive definite"),
        ([1.0, 0.0], [0.0, 0.0], [[1.0, 0.0], [0.0, 0.0]], "`cov` must be positive definite"),
        ([1.0, 0.0], [0.0, 0.0], np.eye(3), "`cov` must be 2x2"),
        ([1.0, 0.0], [0.0, 0.0], np.ones((2, 3)), "`cov` must be square"),
        ([1.0, 0.0], [0.0, 0.0, 0.0], np.eye(2), "`x` and `y` must have the same length"),
        ([1.0, np.nan], [0.0, 0.0], np.eye(2), "`x` must contain only finite numbers"),
        ([[1.0, 0.0]], [0.0, 0.0], np.eye(2), "`x` must be a 1-D vector"),
    ],
)
def test_mahalanobis_rejects_bad_input(x: object, y: object, cov: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        mahalanobis(x, y, cov)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("points", "query", "p", "message"),
    [
        ([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0, 0.0], 2.0, "`points` has 2 columns but `query`"),
        ([[1.0, 0.0]], [0.0, 0.0], 2.0, "`points` must hold at least 2 points"),
        ([[1.0, 0.0], [0.0, 1.0]], [1.0, 0.0], 2.0, "`query` coincides with one of `points`"),
        ([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0], 0.5, "`p` must be >= 1"),
    ],
)
def test_relative_contrast_rejects_bad_input(
    points: object, query: object, p: float, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        relative_contrast(points, query, p)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "message"),
    [
        (([2], 10, 0), {}, TypeError, "`rng` must be a numpy.random.Generator"),
        (([2], 10, np.random.RandomState(0)), {}, TypeError, "`rng` must be a numpy.random"),
        (([], 10, None), {}, ValueError, "`dims` must be a non-empty sequence"),
        (([2, 0], 10, None), {}, ValueError, "`dims[1]` must be at least 1"),
        (([2.5], 10, None), {}, TypeError, "`dims[0]` must be an integer"),
        (([2], 1, None), {}, ValueError, "`n_points` must be at least 2"),
        (([2], 10, None), {"n_queries": 0}, ValueError, "`n_queries` must be at least 1"),
        (([2], 10, None), {"p": 0.5}, ValueError, "`p` must be >= 1"),
        ((None, 10, None), {}, TypeError, "`dims` must be a non-empty sequence of integers"),
        ((3, 10, None), {}, TypeError, "`dims` must be a non-empty sequence of integers"),
        ((np.array(2), 10, None), {}, ValueError, "`dims` must be a 1-D sequence of integers"),
    ],
)
def test_distance_concentration_rejects_bad_input(
    args: tuple[object, ...], kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    dims, n, rng = args
    generator = np.random.default_rng(0) if rng is None else rng
    with pytest.raises(exc, match=re.escape(message)):
        distance_concentration(dims, n, generator, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("p", "radius", "exc", "message"),
    [
        (3.0, 1.0, ValueError, "`p` must be 1, 2 or numpy.inf"),
        (0.5, 1.0, ValueError, "`p` must be >= 1"),
        (1.0, -1.0, ValueError, "`radius` must be non-negative"),
        (1.0, float("inf"), ValueError, "`radius` must be a finite number"),
        (1.0, "1", TypeError, "`radius` must be a real number"),
    ],
)
def test_project_onto_ball_rejects_bad_input(
    p: float, radius: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        project_onto_ball([1.0, 2.0], p, radius)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"b": [1.0, 2.0, 3.0]}, ValueError, "`b` must have length 2"),
        ({"p": 3.0}, ValueError, "`p` must be 1, 2 or numpy.inf"),
        ({"radius": -1.0}, ValueError, "`radius` must be non-negative"),
        ({"max_iter": 0}, ValueError, "`max_iter` must be at least 1"),
        ({"tol": 0.0}, ValueError, "`tol` must be positive"),
        ({"A": [1.0, 2.0]}, ValueError, "`A` must be a 2-D matrix"),
    ],
)
def test_ball_constrained_rejects_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    args: dict[str, object] = {"A": np.eye(2), "b": [1.0, 2.0], "p": 1.0, "radius": 1.0}
    args.update(kwargs)
    with pytest.raises(exc, match=re.escape(message)):
        ball_constrained_least_squares(**args)  # type: ignore[arg-type]


def test_ball_constrained_reports_non_convergence() -> None:
    with pytest.raises(RuntimeError, match=re.escape("did not converge in `max_iter`=1")):
        ball_constrained_least_squares([[2.0, 0.0], [1.0, 1.0]], [4.0, 4.0], 2, 1.0, max_iter=1)


_METRICS_REPR = "('euclidean', 'manhattan', 'chebyshev', 'cosine', 'minkowski')"


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (
            lambda: lp_norm(V_BOOK, 0.5),
            ValueError,
            "`p` must be >= 1 (or numpy.inf) for an L_p norm; got 0.5. For p < 1, "
            "(sum |v_i|^p)^(1/p) breaks the triangle inequality, so it is not a norm "
            "(use lp_quasinorm to compute it anyway)",
        ),
        (
            lambda: lp_norm(V_BOOK, "2"),  # type: ignore[arg-type]
            TypeError,
            "`p` must be a real number (or numpy.inf); got str",
        ),
        (
            lambda: unit_ball_boundary(2.0, 10.0),  # type: ignore[arg-type]
            TypeError,
            "`n_points` must be an integer; got float",
        ),
        (
            lambda: distance_concentration([2], 10, 0),  # type: ignore[arg-type]
            TypeError,
            "`rng` must be a numpy.random.Generator (e.g. np.random.default_rng(0)); got int",
        ),
        (
            lambda: distance_concentration(3, 10, np.random.default_rng(0)),  # type: ignore[arg-type]
            TypeError,
            "`dims` must be a non-empty sequence of integers; got int",
        ),
        (
            lambda: distance_concentration(np.array([[2, 3]]), 10, np.random.default_rng(0)),  # type: ignore[arg-type]
            ValueError,
            "`dims` must be a 1-D sequence of integers; got an array of shape (1, 2)",
        ),
        (
            lambda: pairwise_distances(np.ones((3, 2)), np.ones((2, 3))),
            ValueError,
            "`X` and `Y` must have the same number of columns (features); got 2 and 3",
        ),
        (
            lambda: pairwise_distances(np.ones((3, 2)), metric=2),  # type: ignore[arg-type]
            TypeError,
            f"`metric` must be a string, one of {_METRICS_REPR}; got int",
        ),
        (
            lambda: pairwise_distances(np.ones((3, 2)), metric="minkowski"),
            ValueError,
            "`p` is required when metric='minkowski' (p >= 1 or numpy.inf)",
        ),
        (
            lambda: pairwise_distances([[1.0, 0.0], [0.0, 0.0]], metric="cosine"),
            ValueError,
            "`X` has a zero row (row 1): the cosine distance of the zero vector is undefined",
        ),
        (
            # eigenvalues of [[1, 2], [2, 1]]: 1 - 2 = -1 and 1 + 2 = 3
            lambda: mahalanobis([1.0, 0.0], [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]]),
            ValueError,
            "`cov` must be positive definite (its Cholesky factorisation failed): "
            "smallest eigenvalue -1",
        ),
        (
            # the zero matrix is symmetric (0 asymmetry is not above 1e-10 * 0) but singular
            lambda: mahalanobis([1.0, 0.0], [0.0, 0.0], np.zeros((2, 2))),
            ValueError,
            "`cov` must be positive definite (its Cholesky factorisation failed): "
            "smallest eigenvalue 0",
        ),
        (
            lambda: relative_contrast([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0, 0.0]),
            ValueError,
            "`points` has 2 columns but `query` has length 3; they must live in the same dimension",
        ),
        (
            lambda: relative_contrast([[1.0, 0.0, 0.0]], [0.0, 0.0, 0.0]),
            ValueError,
            "`points` must hold at least 2 points; got 1",
        ),
        (
            lambda: relative_contrast([[1.0, 0.0], [0.0, 1.0]], [1.0, 0.0]),
            ValueError,
            "`query` coincides with one of `points` (nearest distance 0): contrast undefined",
        ),
        (
            lambda: ball_constrained_least_squares(np.ones((3, 2)), [1.0, 2.0], 2, 1.0),
            ValueError,
            "`b` must have length 3 (rows of `A`); got 2",
        ),
        (
            # A = 0 would return w = 0 at once: the radius is still checked first
            lambda: ball_constrained_least_squares(np.zeros((2, 2)), [1.0, 2.0], 2, -1.0),
            ValueError,
            "`radius` must be non-negative; got -1.0",
        ),
    ],
)
def test_error_messages_in_full(
    call: Callable[[], object], exc: type[Exception], message: str
) -> None:
    # the whole message: it names the argument, the requirement and the value received
    with pytest.raises(exc) as info:
        call()
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: lp_quasinorm([1.0, 2.0], "0.5"), TypeError, "`p` must be a real number"),  # type: ignore[arg-type]
        (lambda: lp_quasinorm([1.0, 2.0], math.nan), ValueError, "`p` must be a number; got nan"),
        (lambda: lp_quasinorm([[1.0, 2.0]], 0.5), ValueError, "`v` must be a 1-D vector"),
        (lambda: mahalanobis([1.0, 0.0], [[0.0, 0.0]], np.eye(2)), ValueError, "`y` must be a 1-D"),
        (lambda: relative_contrast([1.0, 0.0], [0.0, 0.0]), ValueError, "`points` must be a 2-D"),
        (
            lambda: relative_contrast([[1.0, 0.0], [0.0, 1.0]], [[0.0, 0.0]]),
            ValueError,
            "`query` must be a 1-D vector",
        ),
        (lambda: project_onto_ball([[1.0, 2.0]], 2), ValueError, "`v` must be a 1-D vector"),
        (
            lambda: ball_constrained_least_squares(np.eye(2), [[1.0, 2.0]], 2, 1.0),
            ValueError,
            "`b` must be a 1-D vector",
        ),
        (
            lambda: ball_constrained_least_squares(np.eye(2), [1.0, 2.0], 2, 1.0, tol="abc"),  # type: ignore[arg-type]
            TypeError,
            "`tol` must be a real number",
        ),
        (
            lambda: ball_constrained_least_squares(np.eye(2), [1.0, 2.0], 2, 1.0, tol=math.nan),
            ValueError,
            "`tol` must be a finite number",
        ),
    ],
)
def test_errors_name_the_offending_argument(
    call: Callable[[], object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        call()


def test_mahalanobis_symmetry_check_is_relative_to_the_size_of_cov() -> None:
    # documented: cov may be asymmetric by up to 1e-10 * max|cov| (rounding)
    base = np.array([[2.0, 1.0], [1.0, 2.0]])
    big = 1e4 * base
    big[0, 1] += 1e-8  # asymmetry 1e-8 = 5e-13 * max|cov|: accepted
    # closed form: base^-1 = [[2, -1], [-1, 2]] / 3, so for d = (1, -1) the squared
    # distance is 6/3 / 1e4 = 2e-4; the symmetrised cov differs from 1e4 * base by
    # 5e-9, a relative change of ~3e-13 in the result: rtol 1e-9
    assert mahalanobis([1.0, -1.0], [0.0, 0.0], big) == pytest.approx(math.sqrt(2e-4), rel=1e-9)
    small = 1e-4 * base
    small[0, 1] += 1e-13  # asymmetry 1e-13 = 5e-10 * max|cov|: rejected
    with pytest.raises(
        ValueError, match=re.escape("`cov` must be symmetric; got max |cov - cov.T| = 1e-13")
    ):
        mahalanobis([1.0, -1.0], [0.0, 0.0], small)


# ---------------------------------------------------------------------------
# 5. Figures: what they draw satisfies the mathematics
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def xy_data(line: Line2D) -> np.ndarray:
    """The (x, y) points of a drawn line as an (N, 2) float array."""
    return np.asarray(line.get_xydata(), dtype=np.float64)


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def by_gid(ax: Axes, gid: str) -> Line2D:
    (line,) = [line for line in ax.lines if line.get_gid() == gid]
    return line


def test_unit_balls_curves_have_norm_one() -> None:
    ps = (0.5, 1.0, 2.0, 3.0, math.inf)
    fig = plot_unit_balls(ps)
    (ax,) = fig.axes
    for p in ps:
        xy = xy_data(by_gid(ax, f"p={p:g}"))
        norm = lp_quasinorm if p < 1.0 else lp_norm
        # see test_unit_ball_boundary_points_have_norm_one for the tolerance
        assert_allclose([norm(pt, p) for pt in xy], 1.0, rtol=1e-12)
        assert_array_equal(xy[0], xy[-1])  # closed curve
    labels = legend_texts(ax)
    assert len(labels) == len(ps)
    assert all(labels)
    assert "not a norm" in labels[0]
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_title()
    # every curve is inside the visible square
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < -1.0 < 1.0 < x1
    assert y0 < -1.0 < 1.0 < y1
    fig.canvas.draw()


def test_unit_balls_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`ps` must hold at least one order")):
        plot_unit_balls(())
    with pytest.raises(ValueError, match=re.escape("`ps[1]` must be positive")):
        plot_unit_balls((1.0, -1.0))
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    ("ps", "exc", "message"),
    [
        ((1.0, math.nan), ValueError, "`ps[1]` must be positive (or numpy.inf); got nan"),
        ((-math.inf, 2.0), ValueError, "`ps[0]` must be positive (or numpy.inf); got -inf"),
        (np.array([[1.0, 2.0]]), ValueError, "`ps` must be a 1-D sequence of orders p"),
        ("abc", TypeError, "`ps` must be a sequence of orders p; got str"),
        (None, TypeError, "`ps` must be a sequence of orders p; got NoneType"),
        ({"a": 1.0}, TypeError, "`ps` must be a sequence of orders p; got dict"),
        (np.array([1.0 + 0.5j]), TypeError, "`ps[0]` must be a real number"),
        ((1.0, None), TypeError, "`ps[1]` must be a real number (or numpy.inf); got NoneType"),
    ],
)
def test_unit_balls_names_the_bad_order(ps: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_unit_balls(ps)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def _correlated_data(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.multivariate_normal([1.0, -0.5], [[1.0, 0.8], [0.8, 1.0]], size=200)


def test_mahalanobis_contours_have_the_stated_distances() -> None:
    X = _correlated_data()
    radii = (1.0, 2.0, 3.0)
    marked = np.array([[2.0, 1.0], [0.0, 0.5]])
    fig = plot_mahalanobis_contours(X, radii=radii, marked=marked)
    (ax,) = fig.axes
    mu, cov = X.mean(axis=0), np.cov(X, rowvar=False)
    for r in radii:
        ellipse = xy_data(by_gid(ax, f"mahalanobis r={r:g}"))
        circle = xy_data(by_gid(ax, f"euclidean r={r:g}"))
        # a Cholesky factor times a unit vector: a few roundings, cond(cov) ~ 10
        assert_allclose([mahalanobis(pt, mu, cov) for pt in ellipse], r, rtol=1e-12)
        assert_allclose(np.linalg.norm(circle - mu, axis=1), r, rtol=1e-12)
    assert_allclose(xy_data(by_gid(ax, "mean"))[0], mu, rtol=1e-15)
    for k, pt in enumerate(marked, start=1):
        assert_array_equal(xy_data(by_gid(ax, f"P{k}"))[0], pt)
    labels = legend_texts(ax)
    assert all(labels)
    assert any("Mahalanobis" in s for s in labels)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    # everything drawn is inside the axes
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for line in ax.lines:
        xy = xy_data(line)
        assert np.all((x0 < xy[:, 0]) & (xy[:, 0] < x1) & (y0 < xy[:, 1]) & (xy[:, 1] < y1))
    fig.canvas.draw()


@pytest.mark.parametrize(
    ("X", "kwargs", "message"),
    [
        (np.ones((5, 3)), {}, "`X` must have shape (N, 2) with N >= 3"),
        (np.ones((2, 2)), {}, "`X` must have shape (N, 2) with N >= 3"),
        (np.column_stack([np.arange(5.0), 2 * np.arange(5.0)]), {}, "must be positive definite"),
        (_correlated_data(), {"radii": ()}, "`radii` must not be empty"),
        (_correlated_data(), {"radii": (1.0, -2.0)}, "`radii` must be a non-empty sequence"),
        (_correlated_data(), {"radii": (1.0, np.inf)}, "`radii` must contain only finite"),
        (_correlated_data(), {"radii": [[1.0, 2.0]]}, "`radii` must be a 1-D vector"),
        (_correlated_data(), {"marked": [[1.0, 2.0, 3.0]]}, "`marked` must have shape (k, 2)"),
    ],
)
def test_mahalanobis_contours_rejects_bad_input(
    X: np.ndarray, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_mahalanobis_contours(X, **kwargs)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


@pytest.mark.parametrize("radii", ["abc", {"a": 1.0}, np.array([1.0 + 0.5j]), [1.0 + 0.5j]])
def test_mahalanobis_contours_rejects_radii_that_are_not_real_numbers(radii: object) -> None:
    with pytest.raises(TypeError, match=re.escape("`radii` must be array-like of numbers")):
        plot_mahalanobis_contours(_correlated_data(), radii=radii)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_distance_concentration_plot_draws_the_data() -> None:
    dims = np.array([1.0, 10.0, 100.0, 1000.0])
    series = {"L1": [50.0, 3.0, 0.8, 0.25], "L2": [40.0, 2.0, 0.6, 0.2]}
    fig = plot_distance_concentration(dims, series)
    (ax,) = fig.axes
    assert ax.get_xscale() == ax.get_yscale() == "log"
    drawn = {str(line.get_label()): xy_data(line) for line in ax.lines}
    for label, values in series.items():
        assert_array_equal(drawn[label], np.column_stack([dims, values]))
    (guide,) = [xy for label, xy in drawn.items() if "guide" in label]
    # the guide has slope -1/2 on log-log axes and passes through the last L1 point
    slopes = np.diff(np.log(guide[:, 1])) / np.diff(np.log(guide[:, 0]))
    assert_allclose(slopes, -0.5, rtol=1e-12)
    assert guide[-1, 1] == pytest.approx(0.25, rel=1e-15)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    fig.canvas.draw()


@pytest.mark.parametrize(
    ("dims", "series", "message"),
    [
        ([0.0, 1.0], {"L2": [1.0, 1.0]}, "`dims` must be positive"),
        ([1.0, 2.0], {}, "`contrasts` must hold at least one series"),
        ([1.0, 2.0], {"L2": [1.0]}, "`contrasts['L2']` must hold 2 positive values"),
        ([1.0, 2.0], {"L2": [1.0, 0.0]}, "`contrasts['L2']` must hold 2 positive values"),
        ([1.0], {"L2": [1.0, 2.0]}, "got shape (2,) for `dims` of shape (1,)"),
    ],
)
def test_distance_concentration_plot_rejects_bad_input(
    dims: list[float], series: dict[str, list[float]], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_distance_concentration(dims, series)
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    ("slope", "exc", "message"),
    [
        (math.nan, ValueError, "`reference_slope` must be a finite number; got nan"),
        (math.inf, ValueError, "`reference_slope` must be a finite number; got inf"),
        ("abc", TypeError, "`reference_slope` must be a real number; got str"),
    ],
)
def test_distance_concentration_plot_rejects_bad_reference_slope(
    slope: object, exc: type[Exception], message: str
) -> None:
    # a NaN slope used to draw a guide line of NaNs
    with pytest.raises(exc, match=re.escape(message)):
        plot_distance_concentration([1, 10], {"L2": [1.0, 0.3]}, reference_slope=slope)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_regularization_geometry_marks_the_constrained_minimisers() -> None:
    A, b = np.array([[2.0, 0.0], [1.0, 1.0]]), np.array([4.0, 4.0])
    fig = plot_regularization_geometry(A, b, radius=1.0)
    assert len(fig.axes) == 2
    for ax, p in zip(fig.axes, (1.0, 2.0), strict=True):
        w = xy_data(by_gid(ax, "minimiser"))[0]
        assert_array_equal(w, ball_constrained_least_squares(A, b, p, 1.0))
        ball = xy_data(by_gid(ax, "ball"))
        assert_allclose([lp_norm(pt, p) for pt in ball], 1.0, rtol=1e-12)
        w_ls = xy_data(by_gid(ax, "least-squares"))[0]
        assert_allclose(w_ls, np.linalg.solve(A, b), rtol=1e-12)  # square, invertible A
        (tangent,) = [
            c
            for c in ax.collections
            if isinstance(c, ContourSet) and c.get_gid() == "tangent-level"
        ]
        residual = A @ w - b
        (level,) = tangent.levels
        assert level == pytest.approx(float(residual @ residual), rel=1e-12)
        assert ax.get_title()
        assert ax.get_xlabel()
        assert ax.get_ylabel()
    # the L1 panel shows the sparse corner, the L2 panel a dense point
    assert xy_data(by_gid(fig.axes[0], "minimiser"))[0][1] == 0.0
    assert np.all(xy_data(by_gid(fig.axes[1], "minimiser"))[0] != 0.0)
    fig.canvas.draw()


@pytest.mark.parametrize(
    ("A", "b", "radius", "message"),
    [
        (np.eye(3), [1.0, 2.0, 3.0], 1.0, "`A` must have 2 linearly independent columns"),
        ([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0], 1.0, "`A` must have 2 linearly independent"),
        (np.eye(2), [1.0, 2.0, 3.0], 1.0, "`b` must have length 2"),
        (np.eye(2), [1.0, 2.0], 0.0, "`radius` must be positive and finite"),
        (np.eye(2), [1.0, 2.0], math.nan, "`radius` must be a finite number"),
        (np.eye(2), [1.0, 2.0], math.inf, "`radius` must be a finite number"),
    ],
)
def test_regularization_geometry_rejects_bad_input(
    A: object, b: list[float], radius: float, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_regularization_geometry(A, b, radius)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_regularization_geometry_rejects_a_radius_that_is_not_a_number() -> None:
    with pytest.raises(TypeError, match=re.escape("`radius` must be a real number; got str")):
        plot_regularization_geometry(np.eye(2), [1.0, 2.0], "abc")  # type: ignore[arg-type]
    assert plt.get_fignums() == []
