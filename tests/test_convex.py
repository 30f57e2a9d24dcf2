"""Tests for aimath.convex (chapter 9): reference values, properties, references, errors.

Tolerances. Inputs from ``tests/strategies.py`` have at most 6 entries with
magnitudes in [1e-3, 1e3] (or 0). Soft-thresholding and the simplex projection
take one subtraction per entry (plus a cumulative sum of at most 6 terms for
the threshold of the projection), so their results carry an absolute error of
a few ulp of the largest input, about 1e-13 for inputs up to 1e3. ``ATOL_ENTRY
= 1e-10`` is ~1000x that, and a wrong formula misses by O(1).

Iterative solvers (ISTA, FISTA, the dual QP solver) are compared through
certificates rather than fixed digits where possible: for a strongly convex
lasso with modulus mu = sigma_min(A)^2, F(x) - F* >= mu/2 ||x - x*||^2, so a
certified duality gap bounds the distance to the minimiser (see
``_distance_bound``).
"""

from __future__ import annotations

import itertools
import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.optimize
import sympy
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import Lasso
from strategies import FAST, matrices, vectors

from aimath.convex import (
    LassoResult,
    QPDualResult,
    fista,
    ista,
    lasso_dual_gap,
    lasso_kkt_violation,
    lasso_lambda_max,
    lasso_objective,
    partition_dual_function,
    partition_optimum,
    project_simplex,
    projected_gradient_descent,
    prox_squared_l2,
    qp_dual_function,
    qp_lagrangian_minimizer,
    soft_threshold,
    solve_qp_dual,
)
from aimath.norms import project_onto_ball
from aimath.plotting.convex import (
    plot_dual_function,
    plot_objective_gaps,
    plot_qp_duality,
    plot_shrinkage,
    plot_simplex_trajectory,
)

#: Absolute tolerance for one-pass formulas on entries up to 1e3 (module docstring).
ATOL_ENTRY = 1e-10

#: The chapter's two-variable QP: min 1/2 x^T P x + q^T x subject to x1 + x2 <= 1.
P_BOOK = [[2.0, 0.5], [0.5, 1.0]]
Q_BOOK = [-2.0, -3.0]
G_BOOK = [[1.0, 1.0]]
H_BOOK = [1.0]

#: The frustrated triangle of the chapter: every pair wants opposite signs.
W_TRIANGLE = np.ones((3, 3)) - np.eye(3)


def regression(seed: int, m: int = 50, n: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Seeded data in the chapter's style: sparse true weights plus noise."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(m, n))
    w = np.zeros(n)
    w[: min(n, 6)] = [1.0, -2.0, 3.0, 0.0, 0.5, -0.5][: min(n, 6)]
    return A, A @ w + 0.5 * rng.normal(size=m)


def _distance_bound(A: np.ndarray, b: np.ndarray, x: np.ndarray, lam: float) -> float:
    """Certified bound on ||x - x*||_2 for a full-column-rank lasso.

    F is mu-strongly convex with mu = sigma_min(A)^2, so
    ||x - x*||^2 <= 2 (F(x) - F*) / mu <= 2 gap / mu. The gap itself is computed
    in float64 from numbers of size F(x): add 1e-14 F(x) for its rounding.
    """
    mu = float(np.linalg.svd(A, compute_uv=False)[-1] ** 2)
    gap = lasso_dual_gap(A, b, x, lam) + 1e-14 * lasso_objective(A, b, x, lam)
    return math.sqrt(2.0 * gap / mu)


# ---------------------------------------------------------------------------
# 1. Reference values
# ---------------------------------------------------------------------------


def test_soft_threshold_reference() -> None:
    # hand computation: sign(x) max(|x| - t, 0)
    out = soft_threshold([3.0, -0.5, 1.0, -2.0, 0.0], 1.0)
    assert_array_equal(out, [2.0, 0.0, 0.0, -1.0, 0.0])
    assert not np.any(np.signbit(out[[1, 2, 4]]))  # zeros are +0.0, never -0.0
    assert soft_threshold(-0.25, 0.5).shape == ()  # scalars stay 0-d
    assert_array_equal(soft_threshold([[1.5, -3.0]], 0.0), [[1.5, -3.0]])  # t = 0: identity


def test_prox_squared_l2_reference() -> None:
    # closed form x / (1 + t)
    assert_array_equal(prox_squared_l2([3.0, -0.5], 1.0), [1.5, -0.25])
    assert_array_equal(prox_squared_l2([[2.0]], 3.0), [[0.5]])


def test_lasso_objective_reference() -> None:
    # hand: 1/2 ||(2,0)-(3,1)||^2 + 1*2 = 1/2 * 2 + 2
    A = [[1.0, 0.0], [0.0, 1.0]]
    assert lasso_objective(A, [3.0, 1.0], [2.0, 0.0], 1.0) == 3.0
    # A x - b = (1*1 + 2*(-1) - 1) = -2 -> 2; lam * |x|_1 = 0.5 * 2
    assert lasso_objective([[1.0, 2.0]], [1.0], [1.0, -1.0], 0.5) == 3.0


def test_lasso_lambda_max_reference_and_meaning() -> None:
    A, b = regression(0)
    lam_max = lasso_lambda_max(A, b)
    assert lam_max == np.max(np.abs(A.T @ b))  # definition, same float ops
    # at lam_max the lasso solution is exactly 0; slightly below it is not
    assert_array_equal(ista(A, b, lam_max).x, 0.0)
    below = ista(A, b, 0.99 * lam_max)
    assert below.converged
    assert np.count_nonzero(below.x) >= 1


def test_lasso_kkt_violation_reference() -> None:
    A = [[1.0, 0.0], [0.0, 1.0]]
    b = [3.0, 1.0]
    # optimum (2, 0): g = b - x = (1, 1); g_1 = lam sign(x_1); |g_2| <= lam
    assert lasso_kkt_violation(A, b, [2.0, 0.0], 1.0) == 0.0
    # x = (3, 0): g = (0, 1): |0 - 1| = 1 on the support
    assert lasso_kkt_violation(A, b, [3.0, 0.0], 1.0) == 1.0
    # x = (0, 0): g = (3, 1): (|3| - 1)_+ = 2 off the support
    assert lasso_kkt_violation(A, b, [0.0, 0.0], 1.0) == 2.0
    # wrong sign on the support: g = (3 + 1, 1), |4 - (-1)| = 5
    assert lasso_kkt_violation(A, b, [-1.0, 0.0], 1.0) == 5.0


def test_lasso_dual_gap_reference() -> None:
    A = [[1.0, 0.0], [0.0, 1.0]]
    b = [3.0, 0.0]
    assert lasso_dual_gap(A, b, [2.0, 0.0], 1.0) == 0.0
    # hand: F(0) = 4.5; v = (3, 0)/3 = (1, 0); D(v) = 3 - 1/2 = 2.5
    assert lasso_dual_gap(A, b, [0.0, 0.0], 1.0) == 2.0


def test_ista_orthonormal_design_is_one_soft_threshold() -> None:
    # closed form: with A^T A = I, F separates and x* = S_lam(A^T b)
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.normal(size=(20, 6)))
    b = rng.normal(size=20) * 3.0
    lam = 0.8
    expected = soft_threshold(Q.T @ b, lam)
    for solver in (ista, fista):
        result = solver(Q, b, lam, tol=1e-14)
        assert result.converged
        # L = 1 and the first step is exactly S_lam(Q^T b) up to rounding of Q^T Q
        assert_allclose(result.x, expected, rtol=0, atol=1e-12)
        assert_array_equal(result.x == 0.0, expected == 0.0)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_ista_and_fista_agree_with_sklearn_lasso(seed: int) -> None:
    A, b = regression(seed)
    m = A.shape[0]
    alpha = 0.1  # sklearn minimises 1/(2m)||b - Ax||^2 + alpha ||x||_1
    lam = m * alpha  # ... which is F / m with lam = m alpha
    sk = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(A, b)
    for solver in (ista, fista):
        result = solver(A, b, lam, tol=1e-13)
        assert result.converged
        # both points are certified close to the unique minimiser (strong convexity)
        bound = _distance_bound(A, b, result.x, lam) + _distance_bound(A, b, sk.coef_, lam)
        assert np.linalg.norm(result.x - sk.coef_) <= bound
        # the certificate means something: the square root turns a rounding-level
        # gap (~1e-14 of F ~ 1e2) into ~1e-6 in x, over mu = sigma_min(A)^2 ~ 10
        assert bound < 1e-4
        # in fact they agree far better: both stop at rounding-level optimality and
        # the minimiser is well conditioned; 1e-8 is the tolerance the chapter states
        assert_allclose(result.x, sk.coef_, rtol=0, atol=1e-8)
        # the same support: exact zeros where sklearn has exact zeros
        assert_array_equal(result.x == 0.0, sk.coef_ == 0.0)


def test_qp_book_example_against_sympy() -> None:
    # sympy exact: KKT system P x + q + lam G^T = 0, G x = h (constraint active)
    x1, x2, lam = sympy.symbols("x1 x2 lam")
    P = sympy.Matrix([[2, sympy.Rational(1, 2)], [sympy.Rational(1, 2), 1]])
    q = sympy.Matrix([-2, -3])
    x = sympy.Matrix([x1, x2])
    stationarity = P * x + q + lam * sympy.Matrix([1, 1])
    sol = sympy.solve([*stationarity, x1 + x2 - 1], [x1, x2, lam], dict=True)[0]
    assert sol[lam] > 0  # the constraint is active with a positive multiplier
    p_star = (sympy.Rational(1, 2) * x.T * P * x + q.T * x)[0].subs(sol)
    # the dual function at lam* in exact arithmetic
    c = q + sympy.Matrix([1, 1]) * sol[lam]
    d_star = -sympy.Rational(1, 2) * (c.T * P.inv() * c)[0] - sol[lam]
    assert sympy.simplify(p_star - d_star) == 0  # strong duality, exactly
    result = solve_qp_dual(P_BOOK, Q_BOOK, G_BOOK, H_BOOK)
    assert result.converged
    # float64 solves of a 2x2 SPD system: a few ulp
    assert_allclose(result.lam, [float(sol[lam])], rtol=1e-13)
    assert_allclose(result.x, [float(sol[x1]), float(sol[x2])], rtol=1e-13)
    assert_allclose(result.primal_value, float(p_star), rtol=1e-13)
    assert_allclose(result.dual_value, float(d_star), rtol=1e-13)
    assert abs(result.gap) <= 1e-13
    lam_star = [float(sol[lam])]
    assert_allclose(qp_dual_function(lam_star, P_BOOK, Q_BOOK, G_BOOK, H_BOOK), float(d_star))
    assert_allclose(
        qp_lagrangian_minimizer(lam_star, P_BOOK, Q_BOOK, G_BOOK),
        [float(sol[x1]), float(sol[x2])],
        rtol=1e-13,
    )


def test_qp_inactive_constraint_has_zero_multiplier() -> None:
    # the unconstrained minimiser -P^{-1} q = (2/7, 20/7) satisfies x1 + x2 <= 10
    result = solve_qp_dual(P_BOOK, Q_BOOK, G_BOOK, [10.0])
    assert result.converged
    assert result.lam.tolist() == [0.0]
    assert_allclose(result.x, [2 / 7, 20 / 7], rtol=1e-14)


def test_partition_triangle_has_a_duality_gap_of_one() -> None:
    # hand: x^T W x = (sum x)^2 - 3 and (sum x)^2 >= 1 for three signs
    value, x = partition_optimum(W_TRIANGLE)
    assert value == -2.0
    assert x.tolist() == [1.0, 1.0, -1.0]
    # dual: nu = 1 makes W + I = J (eigenvalues 0, 0, 3) feasible, g = -3
    assert partition_dual_function([1.0, 1.0, 1.0], W_TRIANGLE) == -3.0
    # the certificate: P = I - J/3 is PSD and tr(P (W + diag nu)) = -2 + 2/3 sum(nu),
    # so every dual-feasible nu has sum(nu) >= 3, i.e. g(nu) <= -3 = d*
    proj = np.eye(3) - np.ones((3, 3)) / 3
    rng = np.random.default_rng(2)
    for nu in rng.uniform(-1.0, 4.0, size=(500, 3)):
        trace = float(np.trace(proj @ (W_TRIANGLE + np.diag(nu))))
        assert trace == pytest.approx(-2.0 + 2.0 / 3.0 * nu.sum(), abs=1e-12)
        g = partition_dual_function(nu, W_TRIANGLE)
        assert g <= -3.0 or g == -math.inf
        if g > -math.inf:
            assert nu.sum() >= 3.0 - 1e-12


def test_partition_optimum_agrees_with_full_enumeration() -> None:
    rng = np.random.default_rng(3)
    for n in (1, 2, 4, 6):
        B = rng.normal(size=(n, n))
        W = B + B.T
        # reference: all 2^n sign vectors, both x and -x
        best = min(
            float(np.array(s) @ W @ np.array(s)) for s in itertools.product([-1, 1], repeat=n)
        )
        value, x = partition_optimum(W)
        # einsum vs @ of at most 6x6 O(1) numbers: rounding ~1e-14
        assert value == pytest.approx(best, abs=1e-12)
        assert x[0] == 1.0
        assert set(np.abs(x).tolist()) == {1.0}


# ---------------------------------------------------------------------------
# 2. Properties
# ---------------------------------------------------------------------------

thresholds = st.floats(0.0, 1e3, allow_nan=False, allow_infinity=False)


@FAST
@given(vectors(), thresholds)
def test_soft_threshold_satisfies_the_prox_optimality_condition(v: np.ndarray, t: float) -> None:
    z = soft_threshold(v, t)
    # z is the prox iff v - z is in t * subdifferential of ||.||_1 at z
    nonzero = z != 0.0
    assert_allclose((v - z)[nonzero], t * np.sign(z[nonzero]), rtol=0, atol=ATOL_ENTRY)
    assert np.all(np.abs(v[~nonzero]) <= t)
    # and never moves a coordinate across zero or by more than t
    assert np.all(np.sign(z) * np.sign(v) >= 0)
    assert np.all(np.abs(v - z) <= t + ATOL_ENTRY)


@FAST
@given(vectors(), thresholds, st.floats(-1.0, 1.0))
def test_soft_threshold_is_the_argmin(v: np.ndarray, t: float, delta: float) -> None:
    def objective(z: np.ndarray) -> float:
        return float(0.5 * np.sum((z - v) ** 2) + t * np.sum(np.abs(z)))

    z = soft_threshold(v, t)
    rng = np.random.default_rng(0)
    scale = 1.0 + float(np.max(np.abs(v)))
    for _ in range(5):  # no perturbation, in any direction, does better
        other = z + delta * scale * rng.normal(size=z.shape)
        # both objectives are sums of <= 12 terms of size <= ~1e6: rounding <= 1e-9
        assert objective(z) <= objective(other) + 1e-9 * (1.0 + objective(other))


@FAST
@given(vectors(), thresholds)
def test_moreau_decomposition_l1_and_linf_ball(v: np.ndarray, t: float) -> None:
    # prox of t||.||_1 plus the projection onto the inf-ball of radius t is the identity
    recombined = soft_threshold(v, t) + project_onto_ball(v, np.inf, t)
    assert_allclose(recombined, v, rtol=0, atol=ATOL_ENTRY)


@FAST
@given(vectors(), st.floats(0.0, 1e3))
def test_prox_squared_l2_is_the_argmin(v: np.ndarray, t: float) -> None:
    z = prox_squared_l2(v, t)
    # gradient of 1/2||z - v||^2 + t/2 ||z||^2 vanishes: z - v + t z = 0
    assert_allclose(z - v + t * z, 0.0, rtol=0, atol=ATOL_ENTRY)


simplex_radii = st.floats(1e-2, 1e2)


@FAST
@given(vectors(), simplex_radii)
def test_project_simplex_lands_on_the_simplex_and_is_idempotent(v: np.ndarray, r: float) -> None:
    p = project_simplex(v, r)
    assert np.all(p >= 0.0)
    # a sum of <= 6 entries of size <= 1e3 after a subtraction: ~1e-13 absolute
    assert p.sum() == pytest.approx(r, abs=ATOL_ENTRY)
    assert_allclose(project_simplex(p, r), p, rtol=0, atol=ATOL_ENTRY)


@FAST
@given(vectors(), simplex_radii)
def test_project_simplex_is_the_nearest_point(v: np.ndarray, r: float) -> None:
    # variational inequality (v - p)^T (y - p) <= 0 for every y in the simplex;
    # it is linear in y, so checking the vertices y = r e_i checks every y
    p = project_simplex(v, r)
    for i in range(v.shape[0]):
        y = np.zeros_like(v)
        y[i] = r
        # products of numbers <= ~1e3: rounding ~1e-10 absolute
        assert (v - p) @ (y - p) <= 1e-7


@FAST
@given(vectors(), st.floats(-1e3, 1e3), simplex_radii)
def test_project_simplex_shift_and_scale(v: np.ndarray, c: float, r: float) -> None:
    # adding a constant to every entry changes only the threshold
    assert_allclose(project_simplex(v + c, r), project_simplex(v, r), rtol=0, atol=1e-9)
    # the simplex of radius r is r times the unit simplex
    assert_allclose(project_simplex(v, r), r * project_simplex(v / r, 1.0), rtol=0, atol=1e-9)


@st.composite
def feasible_qps(
    draw: st.DrawFn,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A strictly convex QP with a strictly feasible point (so Slater holds)."""
    n = draw(st.integers(1, 4))
    m = draw(st.integers(1, 4))
    small = st.floats(-3.0, 3.0)
    B = draw(hnp.arrays(np.float64, (n, n), elements=small))
    P = B @ B.T + np.eye(n)  # condition number <= ~40
    q = draw(hnp.arrays(np.float64, n, elements=small))
    G = draw(hnp.arrays(np.float64, (m, n), elements=small))
    x0 = draw(hnp.arrays(np.float64, n, elements=small))
    slack = draw(hnp.arrays(np.float64, m, elements=st.floats(0.1, 2.0)))
    return P, q, G, G @ x0 + slack, x0


@FAST
@given(feasible_qps(), st.data())
def test_weak_duality_and_concavity(
    qp: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    P, q, G, h, x0 = qp
    m = G.shape[0]
    lams = [data.draw(hnp.arrays(np.float64, m, elements=st.floats(0.0, 10.0))) for _ in range(2)]
    f_x0 = 0.5 * x0 @ P @ x0 + q @ x0
    g = [qp_dual_function(lam, P, q, G, h) for lam in lams]
    # every g(lam) bounds f at every feasible point; slack for O(100)-sized rounding
    for value in g:
        assert value <= f_x0 + 1e-9 * (1 + abs(f_x0))
    # concave: the midpoint lies above the chord
    mid = qp_dual_function(0.5 * (lams[0] + lams[1]), P, q, G, h)
    assert mid >= 0.5 * (g[0] + g[1]) - 1e-9 * (1 + abs(mid))


@FAST
@given(feasible_qps())
def test_solve_qp_dual_kkt_and_zero_gap(
    qp: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    P, q, G, h, _ = qp
    result = solve_qp_dual(P, q, G, h, max_iter=200_000, tol=1e-13)
    assert isinstance(result, QPDualResult)
    assert result.converged
    scale = 1.0 + abs(result.primal_value)
    # the iteration stops at steps of 1e-13 relative: KKT holds to ~1e-8 for these
    # condition numbers, and the gap (a difference of O(scale) numbers) to ~1e-8 scale
    assert np.all(result.lam >= 0.0)
    assert result.max_violation <= 1e-7 * (1 + float(np.max(np.abs(h))))
    slack = G @ result.x - h
    assert_allclose(result.lam * slack, 0.0, atol=1e-6)  # complementary slackness
    assert abs(result.gap) <= 1e-7 * scale


@FAST
@given(
    hnp.arrays(np.float64, (4, 4), elements=st.floats(-3.0, 3.0)),
    hnp.arrays(np.float64, 4, elements=st.floats(-5.0, 5.0)),
)
def test_partition_weak_duality(B: np.ndarray, nu: np.ndarray) -> None:
    W = B + B.T
    p_star, _ = partition_optimum(W)
    assert partition_dual_function(nu, W) <= p_star + 1e-12
    # the eigenvalue bound: nu = -lambda_min(W) 1 is always dual feasible
    lam_min = float(np.linalg.eigvalsh(W)[0])
    bound = partition_dual_function(np.full(4, -lam_min), W)
    # rtol=1e-12 accepts the rounding of lambda_min; value n lambda_min to ~1e-14
    assert bound == pytest.approx(4 * lam_min, abs=1e-12)
    assert bound <= p_star + 1e-12


@FAST
@given(matrices(6, 3), vectors(6), st.floats(0.01, 10.0))
def test_ista_is_monotone_and_obeys_beck_teboulle(
    A: np.ndarray, b: np.ndarray, lam_scale: float
) -> None:
    lam = lam_scale * (1.0 + lasso_lambda_max(A, b)) / 10.0
    reference = fista(A, b, lam, max_iter=5_000, tol=1e-13)
    f_star = float(reference.objective.min())
    x_star = reference.x
    L = float(np.linalg.norm(A, 2) ** 2)
    ist = ista(A, b, lam, max_iter=60, tol=0.0)
    fis = fista(A, b, lam, max_iter=60, tol=0.0)
    scale = 1.0 + abs(f_star)
    # monotone (step 1/L), up to rounding of O(scale) objective values
    assert np.all(np.diff(ist.objective) <= 1e-12 * scale)
    k = np.arange(1, ist.n_iter + 1)
    R2 = float(x_star @ x_star)  # ||x0 - x*||^2 with x0 = 0
    slack = 1e-9 * scale  # F* is itself approximate and the values are rounded
    assert np.all(ist.objective[1:] - f_star <= L * R2 / (2 * k) + slack)
    k = np.arange(1, fis.n_iter + 1)
    assert np.all(fis.objective[1:] - f_star <= 2 * L * R2 / (k + 1) ** 2 + slack)


@FAST
@given(matrices(5, 3), vectors(5), st.floats(0.01, 2.0))
def test_kkt_violation_and_dual_gap_vanish_at_the_optimum(
    A: np.ndarray, b: np.ndarray, lam_scale: float
) -> None:
    lam = lam_scale * (1.0 + lasso_lambda_max(A, b))
    result = fista(A, b, lam, max_iter=50_000, tol=1e-14)
    scale = 1.0 + float(np.linalg.norm(A, 2)) * (1.0 + float(np.linalg.norm(b)))
    # at a converged iterate the KKT residual is rounding-level times the data scale
    assert lasso_kkt_violation(A, b, result.x, lam) <= 1e-6 * scale
    gap = lasso_dual_gap(A, b, result.x, lam)
    assert gap >= 0.0
    assert gap <= 1e-6 * scale**2
    # and the gap bounds the suboptimality of any other point
    other = result.x + 0.1
    assert (
        lasso_dual_gap(A, b, other, lam)
        >= (lasso_objective(A, b, other, lam) - lasso_objective(A, b, result.x, lam))
        - 1e-9 * scale**2
    )


def test_kkt_violation_is_positive_away_from_the_optimum() -> None:
    A, b = regression(4)
    lam = 5.0
    x = ista(A, b, lam, tol=1e-13).x
    assert lasso_kkt_violation(A, b, x, lam) <= 1e-9 * lam
    rng = np.random.default_rng(4)
    for _ in range(20):
        moved = x + 1e-3 * rng.normal(size=x.shape)
        assert lasso_kkt_violation(A, b, moved, lam) > 1e-6


# ---------------------------------------------------------------------------
# Behaviour of the solvers
# ---------------------------------------------------------------------------


def test_ista_result_bookkeeping() -> None:
    A, b = regression(5)
    result = ista(A, b, 2.0, max_iter=7, tol=0.0)
    assert isinstance(result, LassoResult)
    assert not result.converged
    assert result.n_iter == 7
    assert result.objective.shape == (8,)
    assert result.step == pytest.approx(1 / np.linalg.norm(A, 2) ** 2, rel=1e-13)
    # objective[0] is F(0) = 1/2 ||b||^2
    assert result.objective[0] == pytest.approx(0.5 * b @ b, rel=1e-15)
    assert result.objective[-1] == pytest.approx(lasso_objective(A, b, result.x, 2.0), rel=1e-14)


def test_ista_warm_start_at_the_solution_stops_at_once() -> None:
    A, b = regression(6)
    x = fista(A, b, 3.0, tol=1e-14).x
    again = ista(A, b, 3.0, x0=x, tol=1e-8)
    assert again.converged
    assert again.n_iter == 1


def test_ista_longer_steps_below_two_over_L_still_converge() -> None:
    A, b = regression(7)
    L = float(np.linalg.norm(A, 2) ** 2)
    short = ista(A, b, 2.0, tol=1e-13)
    long = ista(A, b, 2.0, step=1.9 / L, tol=1e-13, max_iter=50_000)
    assert long.converged
    assert_allclose(long.x, short.x, rtol=0, atol=1e-8)


def test_ista_zero_design_returns_zero() -> None:
    result = ista(np.zeros((3, 2)), [1.0, 2.0, 3.0], 1.0, x0=[5.0, -1.0])
    assert result.converged
    assert_array_equal(result.x, 0.0)


def test_lambda_zero_is_least_squares() -> None:
    A, b = regression(8)
    result = fista(A, b, 0.0, tol=1e-14, max_iter=50_000)
    expected = np.linalg.lstsq(A, b, rcond=None)[0]
    # full column rank, condition ~3: the fixed point is LS to ~1e-12
    assert_allclose(result.x, expected, rtol=0, atol=1e-9)


def test_solve_qp_dual_reports_infeasibility_by_not_converging() -> None:
    # x <= -1 and -x <= -1 (x >= 1): no feasible point, the dual is unbounded
    result = solve_qp_dual([[1.0]], [0.0], [[1.0], [-1.0]], [-1.0, -1.0], max_iter=500)
    assert not result.converged
    assert result.n_iter == 500
    assert result.max_violation > 0.5


def test_projected_gradient_descent_reaches_the_ball_projection() -> None:
    # minimise ||x - c||^2 over the unit L2 ball: the answer is c / ||c||
    c = np.array([3.0, -4.0])
    path = projected_gradient_descent(
        lambda x: 2 * (x - c), lambda z: project_onto_ball(z, 2), [0.0, 0.0], lr=0.25, n_steps=50
    )
    assert path.shape == (51, 2)
    assert_array_equal(path[0], [0.0, 0.0])
    # lr = 1/(2L) with L = 2: contraction factor 1/2 per step, 50 steps: exact to rounding
    assert_allclose(path[-1], [0.6, -0.8], rtol=1e-14)
    assert np.all(np.linalg.norm(path[1:], axis=1) <= 1 + 1e-15)


def test_projected_gradient_fixed_point_is_the_constrained_minimiser() -> None:
    c = np.array([0.9, 0.6, -0.3])
    path = projected_gradient_descent(
        lambda x: x - c, project_simplex, [0.0, 0.0, 1.0], lr=0.5, n_steps=200
    )
    # minimising 1/2||x - c||^2 over the simplex is projecting c onto it
    assert_allclose(path[-1], project_simplex(c), rtol=0, atol=1e-14)


def test_projected_gradient_passes_copies_to_grad() -> None:
    seen: list[np.ndarray] = []

    def grad(x: np.ndarray) -> np.ndarray:
        x += 100.0  # a careless gradient that mutates its argument
        seen.append(x)
        return np.zeros_like(x)

    path = projected_gradient_descent(grad, project_simplex, [0.5, 0.5], lr=0.1, n_steps=2)
    assert_array_equal(path[-1], [0.5, 0.5])


# ---------------------------------------------------------------------------
# 3. Reference implementations
# ---------------------------------------------------------------------------


def test_soft_threshold_matches_scipy_scalar_minimisation() -> None:
    for x, t in [(3.0, 1.0), (-0.5, 1.0), (2.0, 2.5), (-7.25, 0.75)]:
        res = scipy.optimize.minimize_scalar(
            lambda z, x=x, t=t: 0.5 * (z - x) ** 2 + t * abs(z),
            bracket=(-10.0, 10.0),
            options={"xtol": 1e-12},
        )
        # Brent's method on a kinked function: accurate to ~1e-8 at the kink
        assert float(soft_threshold(x, t)) == pytest.approx(res.x, abs=1e-6)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_project_simplex_matches_scipy_slsqp(seed: int) -> None:
    rng = np.random.default_rng(seed)
    v = rng.normal(size=6) * 2.0
    res = scipy.optimize.minimize(
        lambda x: 0.5 * np.sum((x - v) ** 2),
        x0=np.full(6, 1 / 6),
        jac=lambda x: x - v,
        bounds=[(0.0, None)] * 6,
        constraints=[
            {"type": "eq", "fun": lambda x: x.sum() - 1.0, "jac": lambda x: np.ones((1, 6))}
        ],
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},  # tighter makes its line search give up
    )
    assert res.success
    # SLSQP solves this QP exactly in a few active-set steps; allow its ftol-level error
    assert_allclose(project_simplex(v), res.x, rtol=0, atol=1e-7)


def test_project_simplex_matches_bisection_on_the_threshold() -> None:
    # the characterisation: p = max(v - theta, 0) with sum(p) = 1, theta by bisection
    rng = np.random.default_rng(9)
    for _ in range(20):
        v = rng.normal(size=8) * 3.0
        lo, hi = float(v.min()) - 1.0, float(v.max())
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if np.maximum(v - mid, 0).sum() > 1.0 else (lo, mid)
        assert_allclose(project_simplex(v), np.maximum(v - lo, 0.0), rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_solve_qp_dual_matches_scipy_slsqp(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 3, 4
    B = rng.normal(size=(n, n))
    P, q = B @ B.T + np.eye(n), rng.normal(size=n) * 3
    G = rng.normal(size=(m, n))
    h = G @ rng.normal(size=n) + 0.1  # strictly feasible: Slater holds
    res = scipy.optimize.minimize(
        lambda x: 0.5 * x @ P @ x + q @ x,
        x0=np.zeros(n),
        jac=lambda x: P @ x + q,
        constraints=[{"type": "ineq", "fun": lambda x: h - G @ x, "jac": lambda x: -G}],
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert res.success
    ours = solve_qp_dual(P, q, G, h)
    assert ours.converged
    assert_allclose(ours.x, res.x, rtol=0, atol=1e-6)  # SLSQP's accuracy
    assert ours.primal_value == pytest.approx(res.fun, abs=1e-8)
    assert abs(ours.gap) < 1e-9


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

EYE2 = [[1.0, 0.0], [0.0, 1.0]]


@pytest.mark.parametrize("func", [soft_threshold, prox_squared_l2])
@pytest.mark.parametrize(
    ("x", "t", "exc", "message"),
    [
        ([1.0], -0.5, ValueError, "`t` must be non-negative; got -0.5"),
        ([1.0], math.nan, ValueError, "`t` must be a finite number; got nan"),
        ([1.0], "1", TypeError, "`t` must be a real number; got str"),
        ([1.0], True, TypeError, "`t` must be a real number, not a boolean"),
        ([1.0, math.inf], 1.0, ValueError, "`x` must contain only finite numbers"),
        ([], 1.0, ValueError, "`x` must not be empty"),
        ("abc", 1.0, TypeError, "`x` must be array-like of numbers"),
    ],
)
def test_prox_operators_reject_bad_input(
    func: object, x: object, t: object, exc: type[Exception], message: str
) -> None:
    assert callable(func)
    with pytest.raises(exc, match=re.escape(message)):
        func(x, t)


@pytest.mark.parametrize("func", [lasso_objective, lasso_kkt_violation, lasso_dual_gap])
@pytest.mark.parametrize(
    ("A", "b", "x", "lam", "exc", "message"),
    [
        (EYE2, [1.0, 2.0, 3.0], [0.0, 0.0], 1.0, ValueError, "`b` must have length 2 (rows of"),
        (EYE2, [1.0, 2.0], [0.0], 1.0, ValueError, "`x` must have length 2 (columns of `A`)"),
        ([1.0, 2.0], [1.0], [0.0], 1.0, ValueError, "`A` must be a 2-D matrix"),
        (EYE2, [1.0, math.nan], [0.0, 0.0], 1.0, ValueError, "`b` must contain only finite"),
        (EYE2, [1.0, 2.0], [0.0, 0.0], -1.0, ValueError, "`lam` must be"),
        (EYE2, [1.0, 2.0], [0.0, 0.0], None, TypeError, "`lam` must be a real number"),
    ],
)
def test_lasso_functions_reject_bad_input(
    func: object, A: object, b: object, x: object, lam: object, exc: type[Exception], message: str
) -> None:
    assert callable(func)
    with pytest.raises(exc, match=re.escape(message)):
        func(A, b, x, lam)


def test_lasso_dual_gap_needs_positive_lambda() -> None:
    with pytest.raises(ValueError, match=re.escape("`lam` must be positive; got 0.0")):
        lasso_dual_gap(EYE2, [1.0, 2.0], [0.0, 0.0], 0.0)


def test_lasso_lambda_max_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`b` must have length 2 (rows of `A`)")):
        lasso_lambda_max(EYE2, [1.0])
    with pytest.raises(TypeError, match=re.escape("`A` must be array-like of numbers")):
        lasso_lambda_max(None, [1.0])  # type: ignore[arg-type]


@pytest.mark.parametrize("solver", [ista, fista])
@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"lam": -1.0}, ValueError, "`lam` must be non-negative; got -1.0"),
        ({"step": 0.0}, ValueError, "`step` must be positive; got 0.0"),
        ({"step": -0.1}, ValueError, "`step` must be positive"),
        ({"step": 2.0}, ValueError, "`step` must be below 2/L = 2 (L = ||A||_2^2)"),
        ({"step": math.inf}, ValueError, "`step` must be a finite number; got inf"),
        ({"max_iter": 0}, ValueError, "`max_iter` must be at least 1; got 0"),
        ({"max_iter": 10.0}, TypeError, "`max_iter` must be an integer; got float"),
        ({"tol": -1e-3}, ValueError, "`tol` must be non-negative"),
        ({"tol": math.nan}, ValueError, "`tol` must be a finite number"),
        ({"x0": [1.0, 2.0, 3.0]}, ValueError, "`x0` must have length 2 (columns of `A`)"),
        ({"x0": [1.0, math.inf]}, ValueError, "`x0` must contain only finite numbers"),
    ],
)
def test_solvers_reject_bad_input(
    solver: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    assert callable(solver)
    args: dict[str, object] = {"lam": 1.0, **kwargs}
    lam = args.pop("lam")
    with pytest.raises(exc, match=re.escape(message)):
        solver(EYE2, [1.0, 2.0], lam, **args)


def test_solvers_reject_mismatched_data() -> None:
    with pytest.raises(ValueError, match=re.escape("`b` must have length 2 (rows of `A`)")):
        ista(EYE2, [1.0], 1.0)
    with pytest.raises(ValueError, match=re.escape("`A` must contain only finite numbers")):
        fista([[1.0, math.nan]], [1.0], 1.0)


@pytest.mark.parametrize(
    ("v", "radius", "exc", "message"),
    [
        ([1.0, 2.0], 0.0, ValueError, "`radius` must be positive; got 0.0"),
        ([1.0, 2.0], -1.0, ValueError, "`radius` must be positive"),
        ([1.0, 2.0], math.inf, ValueError, "`radius` must be a finite number"),
        ([[1.0, 2.0]], 1.0, ValueError, "`v` must be a 1-D vector"),
        ([1.0, math.nan], 1.0, ValueError, "`v` must contain only finite numbers"),
        ([], 1.0, ValueError, "`v` must not be empty"),
        ([1.0], "1", TypeError, "`radius` must be a real number; got str"),
    ],
)
def test_project_simplex_rejects_bad_input(
    v: object, radius: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        project_simplex(v, radius)  # type: ignore[arg-type]


def _zero(x: np.ndarray) -> np.ndarray:
    return np.zeros_like(x)


@pytest.mark.parametrize(
    ("grad", "project", "kwargs", "exc", "message"),
    [
        (np.zeros(2), project_simplex, {}, TypeError, "`grad` must be callable; got ndarray"),
        (_zero, None, {}, TypeError, "`project` must be callable; got NoneType"),
        (_zero, project_simplex, {"lr": 0.0}, ValueError, "`lr` must be positive; got 0.0"),
        (_zero, project_simplex, {"lr": math.nan}, ValueError, "`lr` must be a finite number"),
        (_zero, project_simplex, {"n_steps": 0}, ValueError, "`n_steps` must be at least 1"),
        (_zero, project_simplex, {"n_steps": 2.5}, TypeError, "`n_steps` must be an integer"),
        (_zero, project_simplex, {"x0": [[1.0]]}, ValueError, "`x0` must be a 1-D vector"),
        (
            lambda x: np.zeros(3),
            project_simplex,
            {},
            ValueError,
            "`grad` must return a finite array of shape (2,); got shape (3,)",
        ),
        (
            lambda x: np.full_like(x, math.nan),
            project_simplex,
            {},
            ValueError,
            "`grad` must return a finite array of shape (2,); got shape (2,) with NaN or inf",
        ),
        (
            _zero,
            lambda z: z[:1],
            {},
            ValueError,
            "`project` must return a finite array of shape (2,); got shape (1,)",
        ),
    ],
)
def test_projected_gradient_descent_rejects_bad_input(
    grad: object, project: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    args: dict[str, object] = {"x0": [0.5, 0.5], "lr": 0.1, "n_steps": 3, **kwargs}
    with pytest.raises(exc, match=re.escape(message)):
        projected_gradient_descent(grad, project, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lam", "P", "q", "G", "h", "message"),
    [
        ([1.0], [[1.0, 2.0], [0.0, 1.0]], [0.0, 0.0], [[1.0, 1.0]], [1.0], "`P` must be symmetric"),
        ([1.0], [[1.0, 0.0], [0.0, -1.0]], [0.0, 0.0], [[1.0, 1.0]], [1.0], "`P` must be positive"),
        ([1.0], EYE2, [0.0], [[1.0, 1.0]], [1.0], "`q` must have length 2 (the size of `P`)"),
        ([1.0], EYE2, [0.0, 0.0], [[1.0]], [1.0], "`G` must have 2 columns (the size of `P`)"),
        ([1.0, 2.0], EYE2, [0.0, 0.0], [[1.0, 1.0]], [1.0], "`lam` must have length 1 (rows of"),
        ([-1.0], EYE2, [0.0, 0.0], [[1.0, 1.0]], [1.0], "`lam` must be non-negative"),
        ([1.0], EYE2, [0.0, 0.0], [[1.0, 1.0]], [1.0, 2.0], "`h` must have length 1 (rows of `G`)"),
        ([1.0], EYE2, [0.0, math.inf], [[1.0, 1.0]], [1.0], "`q` must contain only finite"),
    ],
)
def test_qp_functions_reject_bad_input(
    lam: object, P: object, q: object, G: object, h: object, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        qp_dual_function(lam, P, q, G, h)  # type: ignore[arg-type]
    if "`h`" not in message:
        with pytest.raises(ValueError, match=re.escape(message)):
            qp_lagrangian_minimizer(lam, P, q, G)  # type: ignore[arg-type]
    if "`lam`" not in message:
        with pytest.raises(ValueError, match=re.escape(message)):
            solve_qp_dual(P, q, G, h)  # type: ignore[arg-type]


def test_solve_qp_dual_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match=re.escape("`max_iter` must be at least 1; got 0")):
        solve_qp_dual(EYE2, [0.0, 0.0], [[1.0, 1.0]], [1.0], max_iter=0)
    with pytest.raises(ValueError, match=re.escape("`tol` must be non-negative; got -1.0")):
        solve_qp_dual(EYE2, [0.0, 0.0], [[1.0, 1.0]], [1.0], tol=-1.0)


def test_partition_functions_reject_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`W` must be symmetric")):
        partition_optimum([[0.0, 1.0], [2.0, 0.0]])
    with pytest.raises(ValueError, match=re.escape("`W` must be square")):
        partition_optimum([[0.0, 1.0]])
    with pytest.raises(ValueError, match=re.escape("`W` must be at most 16x16")):
        partition_optimum(np.eye(17))
    with pytest.raises(ValueError, match=re.escape("`nu` must have length 3 (the size of `W`)")):
        partition_dual_function([1.0, 1.0], W_TRIANGLE)
    with pytest.raises(ValueError, match=re.escape("`rtol` must be non-negative")):
        partition_dual_function([1.0, 1.0, 1.0], W_TRIANGLE, rtol=-1.0)
    with pytest.raises(ValueError, match=re.escape("`nu` must contain only finite numbers")):
        partition_dual_function([1.0, math.inf, 1.0], W_TRIANGLE)


def test_partition_dual_rtol_decides_the_boundary() -> None:
    # at nu = 1 the smallest eigenvalue of W + I is 0 up to rounding (computed ~ -6e-16)
    assert partition_dual_function([1.0, 1.0, 1.0], W_TRIANGLE) == -3.0
    eps = 1e-9
    assert partition_dual_function([1.0 - eps] * 3, W_TRIANGLE) == -math.inf
    assert partition_dual_function([1.0 - eps] * 3, W_TRIANGLE, rtol=1e-6) == pytest.approx(
        -3.0 + 3 * eps
    )


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def by_gid(ax: Axes, gid: str) -> list[Line2D]:
    return [line for line in ax.lines if line.get_gid() == gid]


def xy(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_xydata(), dtype=np.float64)


def test_plot_shrinkage_draws_the_two_proxes() -> None:
    fig = plot_shrinkage(0.75, x_max=2.5)
    (ax,) = fig.axes
    (soft,) = by_gid(ax, "soft-threshold")
    (ridge,) = by_gid(ax, "ridge")
    (ident,) = by_gid(ax, "identity")
    pts = xy(soft)
    assert pts[0, 0] == -2.5
    assert pts[-1, 0] == 2.5
    # hand formula of the soft threshold at every plotted input
    assert_allclose(pts[:, 1], np.sign(pts[:, 0]) * np.maximum(np.abs(pts[:, 0]) - 0.75, 0))
    assert np.all(pts[np.abs(pts[:, 0]) <= 0.75, 1] == 0.0)  # the dead zone
    assert_allclose(xy(ridge)[:, 1], xy(ridge)[:, 0] / 1.75, rtol=1e-15)
    assert_array_equal(xy(ident)[:, 0], xy(ident)[:, 1])
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_title()
    legend = ax.get_legend()
    assert legend is not None
    assert all(t.get_text() for t in legend.get_texts())
    plt.close(fig)


def test_plot_shrinkage_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`t` must be positive; got 0.0")):
        plot_shrinkage(0.0)
    with pytest.raises(ValueError, match=re.escape("`x_max` must exceed `t`")):
        plot_shrinkage(2.0, x_max=1.0)
    assert plt.get_fignums() == []


def test_plot_objective_gaps_draws_positive_points_on_log_axes() -> None:
    gaps = np.array([5.0, 1.0, 0.5, 0.0, 0.1])
    bound = 10.0 / np.arange(1.0, 6.0)
    fig = plot_objective_gaps({"ISTA": gaps, "FISTA": gaps / 2}, bounds={"ISTA": bound})
    (ax,) = fig.axes
    assert ax.get_xscale() == "log"
    assert ax.get_yscale() == "log"
    (line,) = by_gid(ax, "gap:ISTA")
    # k = 0 and the zero gap at k = 3 cannot be on log axes: left out
    assert_array_equal(xy(line), [[1.0, 1.0], [2.0, 0.5], [4.0, 0.1]])
    (bline,) = by_gid(ax, "bound:ISTA")
    assert_array_equal(xy(bline)[:, 1], bound[1:])
    assert bline.get_color() == line.get_color()
    assert bline.get_linestyle() == "--"
    assert by_gid(ax, "gap:FISTA")
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    plt.close(fig)


def test_plot_objective_gaps_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`gaps` must hold at least one series")):
        plot_objective_gaps({})
    with pytest.raises(ValueError, match=re.escape("`gaps['a']` must hold at least 2 values")):
        plot_objective_gaps({"a": [1.0]})
    with pytest.raises(ValueError, match=re.escape("`bounds` has the key 'b'")):
        plot_objective_gaps({"a": [1.0, 2.0]}, bounds={"b": [1.0, 2.0]})
    with pytest.raises(ValueError, match=re.escape("`bounds['a']` must have the length of")):
        plot_objective_gaps({"a": [1.0, 2.0]}, bounds={"a": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match=re.escape("`gaps['a']` must contain only finite")):
        plot_objective_gaps({"a": [1.0, math.nan]})
    assert plt.get_fignums() == []


def test_plot_dual_function_marks_maximum_gap_and_infinite_stretch() -> None:
    t = np.linspace(0.0, 2.0, 201)
    values = [partition_dual_function(np.full(3, s), W_TRIANGLE) for s in t]
    fig = plot_dual_function(t, values, -2.0)
    (ax,) = fig.axes
    curve = np.vstack([xy(line) for line in by_gid(ax, "dual-function")])
    # the drawn curve is g(t 1) = -3t on t >= 1, nothing where g = -inf
    assert np.all(curve[:, 0] >= 1.0 - 1e-12)
    assert_allclose(curve[:, 1], -3.0 * curve[:, 0], rtol=1e-14)
    ((lam_star, d_star),) = xy(by_gid(ax, "dual-optimum")[0])
    assert lam_star == pytest.approx(1.0, abs=1e-12)
    assert d_star == pytest.approx(-3.0, abs=1e-12)
    (p_line,) = by_gid(ax, "primal-value")
    assert set(xy(p_line)[:, 1].tolist()) == {-2.0}
    # weak duality on the drawing: every plotted dual value is below p*
    assert np.all(curve[:, 1] <= -2.0)
    texts = [text.get_text() for text in ax.texts]
    assert any("duality gap 1" in text for text in texts)
    assert ax.patches  # the shaded g = -inf stretch
    assert ax.get_xlabel()
    assert ax.get_title()
    plt.close(fig)


def test_plot_dual_function_without_gap_has_no_arrow() -> None:
    lam = np.linspace(0.0, 2.0, 5)
    fig = plot_dual_function(lam, -((lam - 1.0) ** 2), 0.0)
    assert len(fig.axes[0].texts) == 0
    plt.close(fig)


@pytest.mark.parametrize(
    ("lams", "values", "p_star", "exc", "message"),
    [
        ([0.0, 0.0], [1.0, 1.0], 2.0, ValueError, "`lams` must be a strictly increasing grid"),
        ([0.0, 1.0], [1.0], 2.0, ValueError, "`values` must have shape (2,), one per entry"),
        ([0.0, 1.0], [1.0, math.nan], 2.0, ValueError, "`values` must be finite or -inf"),
        ([0.0, 1.0], [1.0, math.inf], 2.0, ValueError, "`values` must be finite or -inf"),
        ([0.0, 1.0], [-math.inf] * 2, 2.0, ValueError, "`values` must have at least one finite"),
        ([0.0, 1.0], "ab", 2.0, TypeError, "`values` must be array-like of numbers"),
        ([0.0, 1.0], [1.0, 1.0], math.nan, ValueError, "`p_star` must be a finite number"),
    ],
)
def test_plot_dual_function_rejects_bad_input(
    lams: object, values: object, p_star: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_dual_function(lams, values, p_star)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_plot_qp_duality_draws_path_solution_and_dual() -> None:
    fig = plot_qp_duality(P_BOOK, Q_BOOK, G_BOOK, H_BOOK)
    left, right = fig.axes
    result = solve_qp_dual(P_BOOK, Q_BOOK, G_BOOK, H_BOOK)
    path = xy(by_gid(left, "lagrangian-path")[0])
    # every point of the path minimises the Lagrangian: P x + q + lam G^T = 0 for
    # lam = -(P x + q)_1, the same for both coordinates
    residual = path @ np.asarray(P_BOOK) + np.asarray(Q_BOOK)  # = -lam (1, 1)
    assert_allclose(residual[:, 0], residual[:, 1], rtol=0, atol=1e-12)
    assert_allclose(xy(by_gid(left, "primal-solution")[0])[0], result.x, rtol=1e-14)
    assert_allclose(xy(by_gid(left, "unconstrained")[0])[0], path[0], rtol=1e-14)
    curve = xy(by_gid(right, "dual-function")[0])
    g = [qp_dual_function([lam], P_BOOK, Q_BOOK, G_BOOK, H_BOOK) for lam in curve[:, 0]]
    assert_allclose(curve[:, 1], g, rtol=1e-14)
    assert np.all(curve[:, 1] <= result.primal_value + 1e-12)  # weak duality
    ((lam_star, _),) = xy(by_gid(right, "dual-optimum")[0])
    # the marker sits at the best grid point: within one grid spacing of lam*
    assert abs(lam_star - result.lam[0]) <= curve[1, 0] - curve[0, 0]
    assert curve[-1, 0] == pytest.approx(2 * result.lam[0])
    for ax in (left, right):
        assert ax.get_xlabel()
        assert ax.get_title()
    plt.close(fig)


def test_plot_qp_duality_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`P` must be 2x2 and `G` 1x2")):
        plot_qp_duality(np.eye(3), [0.0] * 3, [[1.0, 1.0, 1.0]], [1.0])
    with pytest.raises(ValueError, match=re.escape("`G` x <= `h` must be feasible")):
        plot_qp_duality(EYE2, [0.0, 0.0], [[0.0, 0.0]], [-1.0])
    with pytest.raises(ValueError, match=re.escape("`lam_max` must be positive")):
        plot_qp_duality(P_BOOK, Q_BOOK, G_BOOK, H_BOOK, lam_max=-1.0)
    assert plt.get_fignums() == []


def test_plot_simplex_trajectory_maps_points_barycentrically() -> None:
    c = np.array([0.9, 0.6, -0.3])
    path = projected_gradient_descent(
        lambda x: x - c, project_simplex, [0.0, 0.0, 1.0], lr=0.3, n_steps=10
    )

    def objective(x: np.ndarray) -> float:
        return float(0.5 * np.sum((x - c) ** 2))

    fig = plot_simplex_trajectory(path, objective, project_simplex(c))
    (ax,) = fig.axes
    drawn = xy(by_gid(ax, "trajectory")[0])
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, math.sqrt(3) / 2]])
    assert_allclose(drawn, path @ corners, rtol=0, atol=1e-15)
    # back from the plane: x2 and x3 from the coordinates, x1 = 1 - x2 - x3
    x3 = drawn[:, 1] / (math.sqrt(3) / 2)
    x2 = drawn[:, 0] - 0.5 * x3
    assert_allclose(np.column_stack([1 - x2 - x3, x2, x3]), path, atol=1e-12)
    (star,) = by_gid(ax, "solution")
    assert_allclose(xy(star)[0], project_simplex(c) @ corners, atol=1e-15)
    assert ax.collections  # the contour lines of the objective
    assert ax.get_title()
    assert [t.get_text() for t in ax.texts] == ["$e_1$", "$e_2$", "$e_3$"]
    plt.close(fig)


def test_plot_simplex_trajectory_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`trajectory` must lie on the probability")):
        plot_simplex_trajectory([[0.5, 0.5, 0.5]])
    with pytest.raises(ValueError, match=re.escape("`trajectory` must have 3 columns")):
        plot_simplex_trajectory([[0.5, 0.5]])
    with pytest.raises(ValueError, match=re.escape("`solution` must lie on the probability")):
        plot_simplex_trajectory([[1.0, 0.0, 0.0]], solution=[1.0, 1.0, 0.0])
    with pytest.raises(TypeError, match=re.escape("`objective` must be callable or None")):
        plot_simplex_trajectory([[1.0, 0.0, 0.0]], objective=3.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`objective` must return finite values")):
        plot_simplex_trajectory([[1.0, 0.0, 0.0]], objective=lambda x: math.inf)
    plt.close("all")
