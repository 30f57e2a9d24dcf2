"""Tests for aimath.optimality (chapter 7): reference values, properties, references, errors.

Tolerances. The quadratic programs of the property tests have entries in
[-3, 3] (bounded away from overflow and from meaningless scales) and are
kept well conditioned by construction (positive definite ``Q = B^T B + s I``
with ``s >= 0.5``, constraint rows whose smallest singular value is at least
1e-2 of the largest). A backward-stable solve of the KKT system then leaves
residuals of a few eps times the size of the terms (Higham, *Accuracy and
Stability of Numerical Algorithms*, §9), so residuals are checked against
``1e-10`` times that size: 1e5 times the rounding error, yet a wrong formula
misses by O(1). Solutions are compared with other methods at ``1e-8``
relative, which allows a condition number up to about 1e7.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.integrate
import scipy.optimize
import scipy.stats
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.contour import ContourSet
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.text import Annotation
from numpy.testing import assert_allclose, assert_array_equal
from strategies import FAST

from aimath import optimality
from aimath.optimality import (
    KKTResiduals,
    QPSolution,
    SegmentGap,
    convexity_gap,
    goe_matrices,
    hessian_index_distribution,
    kkt_residuals,
    local_minima_1d,
    search_convexity_violation,
    solve_equality_qp,
    solve_inequality_qp,
)
from aimath.plotting.optimality import (
    plot_convexity_chords,
    plot_kkt_cases,
    plot_lagrange_geometry,
    plot_local_minima,
    plot_saddle_statistics,
)

#: The book's worked problem: min 2x^2 + xy + y^2 (Q below, c = 0) subject to x + y = 2.
Q_BOOK = np.array([[4.0, 1.0], [1.0, 2.0]])
C_BOOK = np.zeros(2)


#: The book's function with several minima, and f'(x) = x^5 - 5x^3 + 4x + 3/10.
def sextic(x: float) -> float:
    return x**6 / 6 - 5 * x**4 / 4 + 2 * x**2 + 0.3 * x


def quadratic(Q: np.ndarray, c: np.ndarray) -> Callable[[np.ndarray], float]:
    return lambda v: float(0.5 * v @ Q @ v + c @ v)


def logistic(z: float) -> float:
    return float(np.logaddexp(0.0, -z))


def double_well(x: float) -> float:
    return (x * x - 1.0) ** 2


@pytest.fixture(autouse=True)
def _no_open_figures() -> Iterator[None]:
    """Each test starts and ends without open figures (error tests check none is left)."""
    plt.close("all")
    yield
    plt.close("all")


# ---------------------------------------------------------------------------
# strategies for this file
# ---------------------------------------------------------------------------

_entry = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@st.composite
def spd_matrices(draw: st.DrawFn, n: int) -> np.ndarray:
    """``B^T B + s I`` with entries of ``B`` in [-3, 3] and ``s`` in [0.5, 5]: cond <= ~150."""
    B = draw(hnp.arrays(np.float64, (n, n), elements=_entry))
    s = draw(st.floats(0.5, 5.0))
    Q: np.ndarray = B.T @ B + s * np.eye(n)
    return Q


@st.composite
def full_row_rank(draw: st.DrawFn, p: int, n: int) -> np.ndarray:
    """``p x n`` matrices with singular values in [0.1, ~10]: well conditioned, of size ~1.

    Rows of extreme size are tested separately (test_tiny_and_huge_constraint_rows).
    """
    A = draw(hnp.arrays(np.float64, (p, n), elements=_entry))
    s = np.linalg.svd(A, compute_uv=False)
    assume(s[-1] >= 0.1)
    return A


@st.composite
def equality_qps(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    n = draw(st.integers(1, 4))
    p = draw(st.integers(1, n))
    Q = draw(spd_matrices(n))
    c = draw(hnp.arrays(np.float64, n, elements=_entry))
    A = draw(full_row_rank(p, n))
    b = draw(hnp.arrays(np.float64, p, elements=_entry))
    return Q, c, A, b


@st.composite
def inequality_qps(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    """Feasible problems: ``h = G x0 + slack`` with ``slack >= 0`` makes ``x0`` feasible."""
    n = draw(st.integers(1, 3))
    m = draw(st.integers(1, 5))
    Q = draw(spd_matrices(n))
    c = draw(hnp.arrays(np.float64, n, elements=_entry))
    G = draw(hnp.arrays(np.float64, (m, n), elements=_entry))
    assume(np.all(np.linalg.norm(G, axis=1) > 1e-2))
    x0 = draw(hnp.arrays(np.float64, n, elements=_entry))
    slack = draw(hnp.arrays(np.float64, m, elements=st.floats(0.0, 2.0)))
    return Q, c, G, G @ x0 + slack, x0


def null_space_solution(
    Q: np.ndarray, c: np.ndarray, A: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Independent method (Nocedal & Wright §16.2): x = x_p + Z y, then lambda by least squares."""
    p = A.shape[0]
    x_p = np.linalg.lstsq(A, b, rcond=None)[0]
    Z = np.linalg.svd(A)[2][p:].T
    if Z.size:
        y = np.linalg.solve(Z.T @ Q @ Z, -Z.T @ (Q @ x_p + c))
        x = x_p + Z @ y
    else:
        x = x_p
    lam = np.linalg.lstsq(A.T, -(Q @ x + c), rcond=None)[0]
    return x, lam


# ---------------------------------------------------------------------------
# 1. Reference values (provenance in the comments)
# ---------------------------------------------------------------------------


def test_book_problem_matches_sympy_exact() -> None:
    # sympy: stationarity of L = 2x^2 + xy + y^2 + lam (x + y - 2), solved exactly
    x, y, lam = sp.symbols("x y lam", real=True)
    L = 2 * x**2 + x * y + y**2 + lam * (x + y - 2)
    (exact,) = sp.solve([sp.diff(L, v) for v in (x, y, lam)], [x, y, lam], dict=True)
    assert (exact[x], exact[y], exact[lam]) == (
        sp.Rational(1, 2),
        sp.Rational(3, 2),
        -sp.Rational(7, 2),
    )
    sol = solve_equality_qp(Q_BOOK, C_BOOK, [[1.0, 1.0]], [2.0])
    # a 3x3 solve with small integers: rounding only, rtol=1e-15
    assert_allclose(sol.x, [0.5, 1.5], rtol=1e-15)
    assert_allclose(sol.multipliers, [-3.5], rtol=1e-15)
    # hand computation: 2/4 + 3/4 + 9/4 = 7/2
    assert sol.value == pytest.approx(3.5, rel=1e-15)
    assert_array_equal(sol.active, [True])
    assert isinstance(sol.value, float)


def test_book_problem_sensitivity_is_minus_lambda() -> None:
    # sympy: p*(c) = 7 c^2 / 8 for the constraint x + y = c, so dp*/dc = 7c/4 = 7/2 at c = 2
    c_sym = sp.symbols("c")
    p_star = sp.Rational(7, 8) * c_sym**2
    slope = float(sp.diff(p_star, c_sym).subs(c_sym, 2))
    sol = solve_equality_qp(Q_BOOK, C_BOOK, [[1.0, 1.0]], [2.0])
    assert slope == 3.5
    # a 3x3 solve after scaling the row by 1/sqrt(2): a few ulp, rel=1e-15
    assert -sol.multipliers[0] == pytest.approx(slope, rel=1e-15)
    for level in (1.0, 2.0, 3.0):
        value = solve_equality_qp(Q_BOOK, C_BOOK, [[1.0, 1.0]], [level]).value
        assert value == pytest.approx(float(p_star.subs(c_sym, level)), rel=1e-14)


def test_book_problem_matches_scipy() -> None:
    sol = solve_equality_qp(Q_BOOK, C_BOOK, [[1.0, 1.0]], [2.0])
    f = quadratic(Q_BOOK, C_BOOK)
    ref = scipy.optimize.minimize(
        f,
        [0.0, 0.0],
        jac=lambda v: Q_BOOK @ v,
        method="SLSQP",
        constraints=[{"type": "eq", "fun": lambda v: v[0] + v[1] - 2.0}],
        options={"ftol": 1e-14},
    )
    assert ref.success
    # SLSQP stops on a change of f below ftol: x agrees to ~1e-8, allow 1e-7
    assert_allclose(sol.x, ref.x, rtol=0, atol=1e-7)
    # scipy writes L = f - lambda c(x) for equality constraints: the opposite sign of ours
    assert_allclose(sol.multipliers, -np.asarray(ref.multipliers), rtol=0, atol=1e-6)


def test_closest_point_on_a_plane() -> None:
    # closed form: the point of x + 2y + 3z = 14 nearest the origin is 14 a / |a|^2 = (1, 2, 3),
    # and with f = |x|^2 (Q = 2I), 2x + lambda a = 0 gives lambda = -2
    sol = solve_equality_qp(2.0 * np.eye(3), np.zeros(3), [[1.0, 2.0, 3.0]], [14.0])
    assert_allclose(sol.x, [1.0, 2.0, 3.0], rtol=1e-14)
    assert_allclose(sol.multipliers, [-2.0], rtol=1e-14)
    assert sol.value == pytest.approx(14.0, rel=1e-14)


def test_as_many_constraints_as_unknowns_gives_the_unique_feasible_point() -> None:
    # closed form: A x = b with A = I has the single point b; Q need not be definite there
    sol = solve_equality_qp([[-1.0, 0.0], [0.0, -1.0]], [1.0, 1.0], np.eye(2), [2.0, -1.0])
    assert_allclose(sol.x, [2.0, -1.0], rtol=1e-15)
    # stationarity by hand: lambda = -(Q x + c) = (2 - 1, -1 - 1) = (1, -2)
    assert_allclose(sol.multipliers, [1.0, -2.0], rtol=1e-15)


def test_indefinite_q_that_curves_up_along_the_constraint_is_fine() -> None:
    # Q = diag(1, -1) is indefinite, but along x2 = 0 only x1 moves: a minimum at x1 = -c1 = -1
    sol = solve_equality_qp([[1.0, 0.0], [0.0, -1.0]], [1.0, 0.0], [[0.0, 1.0]], [0.0])
    assert_allclose(sol.x, [-1.0, 0.0], rtol=0, atol=1e-15)


@pytest.mark.parametrize("scale", [1e-200, 7e-249, 1e150])
def test_tiny_and_huge_constraint_rows(scale: float) -> None:
    # the constraint s (x1 + x2) = 2 s is x1 + x2 = 2 whatever s: same x*, lambda / s
    # (rows are normalised before the solve, else s = 1e-200 makes the KKT matrix singular)
    sol = solve_equality_qp(Q_BOOK, C_BOOK, [[scale, scale]], [2.0 * scale])
    assert_allclose(sol.x, [0.5, 1.5], rtol=1e-14)
    assert sol.multipliers[0] * scale == pytest.approx(-3.5, rel=1e-14)
    # 1x1: x = 0 is forced by 7e-249 x = 0 whatever Q
    assert_array_equal(solve_equality_qp([[1.0]], [0.0], [[scale]], [0.0]).x, [0.0])


def test_solution_that_overflows_is_an_error() -> None:
    # 1e-300 x = 1e100 has the solution 1e400, beyond float64
    with pytest.raises(ValueError, match=re.escape("the solution overflows float64")):
        solve_equality_qp([[1.0]], [0.0], [[1e-300]], [1e100])


def test_equality_solution_has_no_negative_zero() -> None:
    sol = solve_inequality_qp(Q_BOOK, C_BOOK, [[1.0, 1.0]], [2.0])
    assert not np.any(np.signbit(sol.x))  # -0.0 would print as "-0.0" on the page


def test_inequality_book_cases_active_and_inactive() -> None:
    # active: x + y >= 2 written -x - y <= -2; the equality solution with mu = -lambda = 7/2
    active = solve_inequality_qp(Q_BOOK, C_BOOK, [[-1.0, -1.0]], [-2.0])
    assert_allclose(active.x, [0.5, 1.5], rtol=1e-15)
    assert_allclose(active.multipliers, [3.5], rtol=1e-15)
    assert_array_equal(active.active, [True])
    # inactive: x + y <= 2 holds at the unconstrained minimiser 0, so mu = 0
    inactive = solve_inequality_qp(Q_BOOK, C_BOOK, [[1.0, 1.0]], [2.0])
    assert_array_equal(inactive.x, [0.0, 0.0])
    assert_array_equal(inactive.multipliers, [0.0])
    assert_array_equal(inactive.active, [False])
    assert inactive.value == 0.0


def test_inequality_box_one_active_one_inactive() -> None:
    # closed form: min (x-2)^2 + (y-2)^2 s.t. x <= 1, y <= 3 -> (1, 2); mu_1 = -df/dx = 2, mu_2 = 0
    sol = solve_inequality_qp(2.0 * np.eye(2), [-4.0, -4.0], np.eye(2), [1.0, 3.0])
    assert_allclose(sol.x, [1.0, 2.0], rtol=1e-15)
    assert_allclose(sol.multipliers, [2.0, 0.0], rtol=1e-15, atol=0)
    assert_array_equal(sol.active, [True, False])


def test_inequality_with_duplicated_constraint_rows() -> None:
    # the same active constraint twice: {both} is dependent and skipped; {one} already works
    sol = solve_inequality_qp(Q_BOOK, C_BOOK, [[-1.0, -1.0], [-1.0, -1.0]], [-2.0, -2.0])
    assert_allclose(sol.x, [0.5, 1.5], rtol=1e-15)
    assert_allclose(sol.multipliers, [3.5, 0.0], rtol=1e-15)


def test_inequality_vertex_with_two_active_constraints() -> None:
    # closed form: min x^2 + y^2 s.t. x >= 1, y >= 2 -> (1, 2) with mu = 2x = 2 and 2y = 4
    sol = solve_inequality_qp(2.0 * np.eye(2), [0.0, 0.0], -np.eye(2), [-1.0, -2.0])
    assert_allclose(sol.x, [1.0, 2.0], rtol=1e-15)
    assert_allclose(sol.multipliers, [2.0, 4.0], rtol=1e-15)
    assert_array_equal(sol.active, [True, True])


def test_kkt_residuals_are_zero_at_the_book_optima() -> None:
    # active case: grad f = Q x* = (3.5, 3.5), g = 2 - x - y = 0, grad g = (-1, -1), mu = 3.5
    r = kkt_residuals(Q_BOOK @ [0.5, 1.5], g=[0.0], jac_g=[[-1.0, -1.0]], mu=[3.5])
    assert r == KKTResiduals(0.0, 0.0, 0.0, 0.0)
    # equality form: h = x + y - 2 = 0, lambda = -3.5
    r = kkt_residuals(Q_BOOK @ [0.5, 1.5], h=[0.0], jac_h=[[1.0, 1.0]], lam=[-3.5])
    assert r.largest == 0.0
    # inactive case at 0: g = x + y - 2 = -2 < 0 and mu = 0
    r = kkt_residuals([0.0, 0.0], g=[-2.0], jac_g=[[1.0, 1.0]], mu=[0.0])
    assert r.largest == 0.0


def test_kkt_residuals_measure_each_violation() -> None:
    # the unconstrained minimiser 0 for x + y >= 2: stationary with mu = 0 but g = 2 > 0
    r = kkt_residuals([0.0, 0.0], g=[2.0], jac_g=[[-1.0, -1.0]], mu=[0.0])
    assert (r.stationarity, r.primal_feasibility, r.dual_feasibility) == (0.0, 2.0, 0.0)
    assert r.complementary_slackness == 0.0
    # the equality solution for x + y <= 2: stationary only with mu = -3.5 < 0
    r = kkt_residuals(Q_BOOK @ [0.5, 1.5], g=[0.0], jac_g=[[1.0, 1.0]], mu=[-3.5])
    assert r == KKTResiduals(0.0, 0.0, 3.5, 0.0)
    # a multiplier on an inactive constraint: complementary slackness |mu g| = 1 * 2
    r = kkt_residuals([-1.0, -1.0], g=[-2.0], jac_g=[[1.0, 1.0]], mu=[1.0])
    assert r == KKTResiduals(0.0, 0.0, 0.0, 2.0)
    # a non-stationary point, and an equality violated by 0.5
    r = kkt_residuals([1.0, -3.0], h=[0.5], jac_h=[[1.0, 1.0]], lam=[1.0])
    assert r == KKTResiduals(2.0, 0.5, 0.0, 0.0)
    assert r.largest == 2.0


def test_kkt_fails_without_a_constraint_qualification() -> None:
    # min x s.t. x^2 <= 0: x* = 0 is optimal, but grad g(0) = 0, so 1 + mu * 0 = 0 has no
    # solution: every mu leaves stationarity residual 1 (Nocedal & Wright §12.2)
    for mu in (0.0, 1.0, 1e6):
        r = kkt_residuals([1.0], g=[0.0], jac_g=[[0.0]], mu=[mu])
        assert r.stationarity == 1.0


def test_kkt_residuals_unconstrained() -> None:
    assert kkt_residuals([0.0, -2.5]) == KKTResiduals(2.5, 0.0, 0.0, 0.0)


def test_convexity_gap_reference() -> None:
    # closed form: for f = v.v the gap is t (1 - t) |x - y|^2 = 0.25 * 2
    assert convexity_gap(lambda v: float(v @ v), [1.0, 0.0], [0.0, 1.0], 0.5) == 0.5
    # hand computation: double well at x = -1, y = 1, t = 1/2: 0 + 0 - f(0) = -1
    assert convexity_gap(double_well, -1.0, 1.0, 0.5) == -1.0
    # closed form: |x| at x = -1, y = 3, t = 1/4: 0.25 + 2.25 - |2| = 0.5
    assert convexity_gap(abs, -1.0, 3.0, 0.25) == 0.5


def test_convexity_gap_passes_floats_for_scalar_points() -> None:
    seen: list[object] = []

    def f(x: object) -> float:
        seen.append(x)
        return 0.0

    convexity_gap(f, 1.0, 2.0, 0.5)
    assert all(type(x) is float for x in seen)
    seen.clear()
    convexity_gap(f, [1.0], [2.0], 0.5)
    assert all(isinstance(x, np.ndarray) and x.shape == (1,) for x in seen)


def test_local_minima_of_the_sextic_match_sympy() -> None:
    # sympy: real roots of f'(x) = x^5 - 5x^3 + 4x + 3/10, minima where f'' > 0
    x = sp.symbols("x")
    f = x**6 / 6 - sp.Rational(5, 4) * x**4 + 2 * x**2 + sp.Rational(3, 10) * x
    roots = [float(r) for r in sp.Poly(sp.diff(f, x), x).nroots(n=30) if abs(sp.im(r)) < 1e-20]
    second = sp.lambdify(x, sp.diff(f, x, 2))
    exact_min = sorted(r for r in roots if second(r) > 0)
    exact_max = sorted(r for r in roots if second(r) < 0)
    assert len(exact_min) == 3
    assert len(exact_max) == 2
    # golden section locates a minimiser to ~sqrt(eps |f| / f'') ~ 1e-8: atol=1e-7
    assert_allclose(local_minima_1d(sextic, -3.0, 3.0), exact_min, rtol=0, atol=1e-7)
    assert_allclose(local_minima_1d(lambda s: -sextic(s), -3.0, 3.0), exact_max, rtol=0, atol=1e-7)


def test_local_minima_agree_with_scipy_minimize_scalar() -> None:
    ours = local_minima_1d(sextic, -3.0, 3.0)
    for m in ours:
        ref = scipy.optimize.minimize_scalar(
            sextic, bounds=(m - 0.3, m + 0.3), method="bounded", options={"xatol": 1e-12}
        )
        # both are limited by the flatness of f at its minimum: atol=1e-7
        assert m == pytest.approx(ref.x, abs=1e-7)


def test_local_minima_edge_cases() -> None:
    assert local_minima_1d(lambda x: x, -1.0, 1.0).shape == (0,)  # monotone: none inside
    assert local_minima_1d(lambda x: 1.0, -1.0, 1.0).shape == (0,)  # constant: no strict dip
    # closed form: cos has minima at odd multiples of pi
    assert_allclose(local_minima_1d(math.cos, 0.0, 10.0), [math.pi, 3 * math.pi], rtol=0, atol=1e-7)
    # a minimum at an end point is not interior
    assert local_minima_1d(lambda x: x * x, 0.0, 1.0).shape == (0,)


def test_goe_variance_and_symmetry() -> None:
    n, count = 4, 20_000
    H = goe_matrices(n, count, np.random.default_rng(1))
    assert H.shape == (count, n, n)
    assert_array_equal(H, H.transpose(0, 2, 1))
    off, diag = H[:, 0, 1], H[:, 2, 2]
    # closed form: variances 1/n off the diagonal and 2/n on it; the sample variance of
    # 20000 normals has relative standard error sqrt(2/20000) = 1%: allow 5 %
    assert off.var() == pytest.approx(1.0 / n, rel=0.05)
    assert diag.var() == pytest.approx(2.0 / n, rel=0.05)


def test_goe_semicircle_edge() -> None:
    # the semicircle lives on [-2, 2]; at n = 200 the extreme eigenvalues are within ~0.1
    eig = np.linalg.eigvalsh(goe_matrices(200, 3, np.random.default_rng(2)))
    assert np.all(np.abs(eig.max(axis=1) - 2.0) < 0.15)
    assert np.all(np.abs(eig.min(axis=1) + 2.0) < 0.15)


def test_index_distribution_n1_and_n2_match_closed_forms() -> None:
    # n = 1: H = N(0, 2) > 0 with probability 1/2
    N = 40_000
    d1 = hessian_index_distribution(1, n_samples=N, seed=3)
    sd = math.sqrt(0.25 / N)  # binomial standard error
    assert d1[0] == pytest.approx(0.5, abs=5 * sd)
    # n = 2: lambda = u +- r with u ~ N(0, 1) and r Rayleigh, so P(PD) = int r e^{-r^2/2}
    # Phi(-r) dr = (2 - sqrt 2)/4; the integral checked with scipy.integrate.quad
    exact = (2.0 - math.sqrt(2.0)) / 4.0
    integral, _ = scipy.integrate.quad(
        lambda r: r * math.exp(-r * r / 2) * scipy.stats.norm.sf(r), 0, np.inf
    )
    assert integral == pytest.approx(exact, rel=1e-10)
    d2 = hessian_index_distribution(2, n_samples=N, seed=4)
    sd = math.sqrt(exact * (1 - exact) / N)
    assert d2[0] == pytest.approx(exact, abs=5 * sd)
    # H and -H have the same law: minima and maxima are equally frequent
    assert d2[2] == pytest.approx(exact, abs=5 * sd)


def test_index_distribution_shift_extremes() -> None:
    # the spectrum stays within about [-2.5, 2.5] for n = 5: a shift of 10 makes every
    # sample positive definite, -10 every sample negative definite
    assert_array_equal(hessian_index_distribution(5, n_samples=500, shift=10.0), [1, 0, 0, 0, 0, 0])
    assert_array_equal(
        hessian_index_distribution(5, n_samples=500, shift=-10.0), [0, 0, 0, 0, 0, 1]
    )


def test_index_distribution_is_reproducible_and_chunk_independent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = hessian_index_distribution(3, n_samples=999, seed=7)
    assert_array_equal(first, hessian_index_distribution(3, n_samples=999, seed=7))
    monkeypatch.setattr(optimality, "_CHUNK", 20)  # two 3x3 matrices per batch
    assert_array_equal(first, hessian_index_distribution(3, n_samples=999, seed=7))


def test_search_finds_the_double_well_violation_and_reports_its_segment() -> None:
    found = search_convexity_violation(double_well, -2.0, 2.0, n_segments=300, seed=0)
    assert isinstance(found, SegmentGap)
    assert found.gap < -0.1
    # the reported segment reproduces the gap
    assert convexity_gap(double_well, found.x, found.y, found.t) == found.gap
    again = search_convexity_violation(double_well, -2.0, 2.0, n_segments=300, seed=0)
    assert again == found or (again.gap == found.gap and again.t == found.t)


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------


@FAST
@given(equality_qps())
def test_equality_qp_satisfies_kkt(problem: tuple[np.ndarray, ...]) -> None:
    Q, c, A, b = problem
    sol = solve_equality_qp(Q, c, A, b)
    r = kkt_residuals(Q @ sol.x + c, h=A @ sol.x - b, jac_h=A, lam=sol.multipliers)
    # residual of a backward-stable solve: a few eps times the terms (module docstring)
    size = (
        1.0
        + np.abs(Q).max() * np.abs(sol.x).max()
        + np.abs(A).max() * np.abs(sol.multipliers).max()
    )
    assert r.stationarity <= 1e-10 * size
    assert r.primal_feasibility <= 1e-10 * (1.0 + np.abs(A).max() * np.abs(sol.x).max())
    assert r.dual_feasibility == r.complementary_slackness == 0.0


@FAST
@given(equality_qps())
def test_equality_qp_agrees_with_the_null_space_method(problem: tuple[np.ndarray, ...]) -> None:
    Q, c, A, b = problem
    sol = solve_equality_qp(Q, c, A, b)
    x, lam = null_space_solution(Q, c, A, b)
    scale_x = 1.0 + np.abs(x).max()
    scale_lam = 1.0 + np.abs(lam).max()
    # cond <= ~1e4 by construction: 1e-8 relative leaves ample room
    assert_allclose(sol.x, x, rtol=0, atol=1e-8 * scale_x)
    assert_allclose(sol.multipliers, lam, rtol=0, atol=1e-8 * scale_lam)


@FAST
@given(equality_qps(), st.data())
def test_equality_qp_is_the_minimum_on_the_feasible_set(
    problem: tuple[np.ndarray, ...], data: st.DataObject
) -> None:
    Q, c, A, b = problem
    sol = solve_equality_qp(Q, c, A, b)
    p = A.shape[0]
    Z = np.linalg.svd(A)[2][p:].T
    if Z.size == 0:
        return  # one feasible point
    d = Z @ data.draw(hnp.arrays(np.float64, Z.shape[1], elements=_entry))
    f = quadratic(Q, c)
    # f(x* + d) - f(x*) = d^T Q d / 2 >= 0 exactly (grad f(x*) is normal to d); rounding of f
    assert f(sol.x + d) >= sol.value - 1e-10 * (1.0 + abs(sol.value) + float(d @ Q @ d))
    assert f(sol.x + d) - sol.value == pytest.approx(0.5 * d @ Q @ d, rel=1e-6, abs=1e-8)


@FAST
@given(equality_qps(), st.integers(0, 3))
def test_multiplier_is_minus_the_sensitivity(problem: tuple[np.ndarray, ...], k: int) -> None:
    Q, c, A, b = problem
    k = k % A.shape[0]
    sol = solve_equality_qp(Q, c, A, b)
    delta = 1e-3
    up, down = b.copy(), b.copy()
    up[k] += delta
    down[k] -= delta
    slope = (solve_equality_qp(Q, c, A, up).value - solve_equality_qp(Q, c, A, down).value) / (
        2 * delta
    )
    # p*(b) is quadratic, so the central difference is exact but for rounding, which is
    # about eps |p*| / delta ~ 1e-13 |p*|; 1e-7 absolute on top of the size of p*
    assert slope == pytest.approx(-sol.multipliers[k], abs=1e-7 * (1.0 + abs(sol.value)))


@FAST
@given(inequality_qps())
def test_inequality_qp_satisfies_kkt_and_beats_a_feasible_point(
    problem: tuple[np.ndarray, ...],
) -> None:
    Q, c, G, h, x0 = problem
    sol = solve_inequality_qp(Q, c, G, h)
    r = kkt_residuals(Q @ sol.x + c, g=G @ sol.x - h, jac_g=G, mu=sol.multipliers)
    size = 1.0 + np.abs(Q).max() * np.abs(sol.x).max() + np.abs(G).max() * sol.multipliers.max()
    # feasibility and mu >= 0 are accepted at KKT_RTOL = 1e-9 of the terms: allow 1e-8
    assert r.stationarity <= 1e-8 * size
    assert r.primal_feasibility <= 1e-8 * (
        1.0 + np.abs(h).max() + np.abs(G).max() * np.abs(sol.x).max()
    )
    assert r.dual_feasibility == 0.0  # clipped to exact zeros
    assert r.complementary_slackness <= 1e-8 * size * (1.0 + np.abs(h).max())
    assert np.all(sol.multipliers[~sol.active] == 0.0)
    # global optimality (convex problem): no feasible point is lower
    f = quadratic(Q, c)
    assert sol.value <= f(x0) + 1e-9 * (1.0 + abs(f(x0)))


@FAST
@given(inequality_qps())
def test_loose_constraints_give_the_unconstrained_minimiser(
    problem: tuple[np.ndarray, ...],
) -> None:
    Q, c, G, _, _ = problem
    x_free = np.linalg.solve(Q, -c)
    sol = solve_inequality_qp(Q, c, G, G @ x_free + 1.0)  # every constraint has slack 1
    assert_array_equal(sol.active, np.zeros(G.shape[0], dtype=bool))
    assert_array_equal(sol.multipliers, 0.0)
    assert_allclose(sol.x, x_free, rtol=0, atol=1e-12 * (1 + np.abs(x_free).max()))


@FAST
@given(
    hnp.arrays(np.float64, 3, elements=_entry),
    hnp.arrays(np.float64, 3, elements=_entry),
    st.floats(0.0, 1.0),
)
def test_gap_of_the_squared_norm_is_the_closed_form(x: np.ndarray, y: np.ndarray, t: float) -> None:
    gap = convexity_gap(lambda v: float(v @ v), x, y, t)
    exact = t * (1 - t) * float((x - y) @ (x - y))
    # cancellation of terms of size |x|^2 + |y|^2 <= 27: absolute rounding ~ 1e-14
    assert gap == pytest.approx(exact, abs=1e-12)


def _convex_functions() -> list[Callable[[np.ndarray], float]]:
    M = np.array([[2.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 2.0]])  # positive definite
    return [
        lambda v: float(v @ M @ v),  # quadratic with PSD matrix
        lambda v: float(np.logaddexp.reduce(v)),  # log-sum-exp
        lambda v: float(np.linalg.norm(v)),  # a norm
        lambda v: float(np.max(v)),  # max of affine functions
        lambda v: float(np.sum(np.logaddexp(0.0, -v))),  # logistic loss
    ]


@FAST
@given(
    hnp.arrays(np.float64, 3, elements=_entry),
    hnp.arrays(np.float64, 3, elements=_entry),
    st.floats(0.0, 1.0),
    st.integers(0, 4),
)
def test_convex_functions_have_non_negative_gaps(
    x: np.ndarray, y: np.ndarray, t: float, which: int
) -> None:
    f = _convex_functions()[which]
    # three evaluations of f, each rounded at ~eps |f| with |f| <= ~60: allow -1e-12
    assert convexity_gap(f, x, y, t) >= -1e-12


@FAST
@given(
    hnp.arrays(np.float64, 2, elements=_entry),
    hnp.arrays(np.float64, 2, elements=_entry),
    st.floats(0.0, 1.0),
)
def test_gap_of_an_affine_function_vanishes_and_endpoints_are_exact(
    x: np.ndarray, y: np.ndarray, t: float
) -> None:
    def affine(v: np.ndarray) -> float:
        return float(3.0 * v[0] - 2.0 * v[1] + 1.0)

    def f(v: np.ndarray) -> float:  # any function: the gap is 0 at the ends exactly
        return float(np.sin(v).sum())

    # affine: chord = graph; rounding of terms of size <= 16: atol=1e-13
    assert convexity_gap(affine, x, y, t) == pytest.approx(0.0, abs=1e-13)
    assert convexity_gap(f, x, y, 0.0) == 0.0
    assert convexity_gap(f, x, y, 1.0) == 0.0


@FAST
@given(st.integers(0, 4), st.integers(0, 2**16))
def test_search_never_certifies_a_convex_function_as_non_convex(which: int, seed: int) -> None:
    f = _convex_functions()[which]
    found = search_convexity_violation(f, [-3.0] * 3, [3.0] * 3, n_segments=30, seed=seed)
    assert found.gap >= -1e-12  # rounding only, as above
    assert np.all((found.x >= -3.0) & (found.x <= 3.0))


@FAST
@given(st.integers(1, 6), st.integers(0, 2**16), st.floats(-3.0, 3.0))
def test_index_distribution_is_a_distribution(n: int, seed: int, shift: float) -> None:
    d = hessian_index_distribution(n, n_samples=200, seed=seed, shift=shift)
    assert d.shape == (n + 1,)
    assert np.all(d >= 0)
    # counts divided by 200 and summed: a few roundings
    assert d.sum() == pytest.approx(1.0, rel=1e-14)
    # each entry is a count divided by 200
    assert_allclose(d * 200, np.round(d * 200), rtol=0, atol=1e-12)


# ---------------------------------------------------------------------------
# 3. Reference implementations: scipy.optimize
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_equality_qp_agrees_with_scipy_trust_constr(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, p = 4, 2
    B = rng.normal(size=(n, n))
    Q, c = B.T @ B + np.eye(n), rng.normal(size=n)
    A, b = rng.normal(size=(p, n)), rng.normal(size=p)
    sol = solve_equality_qp(Q, c, A, b)
    ref = scipy.optimize.minimize(
        quadratic(Q, c),
        np.zeros(n),
        jac=lambda v: Q @ v + c,
        hess=lambda v: Q,
        method="trust-constr",
        constraints=[scipy.optimize.LinearConstraint(A, b, b)],
        options={"gtol": 1e-12, "xtol": 1e-14, "maxiter": 2000},
    )
    # trust-constr stops at gtol 1e-12 on the Lagrangian gradient: agreement to ~1e-9
    assert_allclose(sol.x, ref.x, rtol=0, atol=1e-8)
    # trust-constr's v uses our sign convention (L = f + v^T c)
    assert_allclose(sol.multipliers, ref.v[0], rtol=0, atol=1e-7)


@pytest.mark.parametrize("seed", range(6))
def test_inequality_qp_agrees_with_scipy_slsqp(seed: int) -> None:
    rng = np.random.default_rng(10 + seed)
    n, m = 3, 5
    B = rng.normal(size=(n, n))
    Q, c = B.T @ B + np.eye(n), 3.0 * rng.normal(size=n)
    G = rng.normal(size=(m, n))
    h = G @ rng.normal(size=n) + rng.random(m)  # a feasible point exists
    sol = solve_inequality_qp(Q, c, G, h)
    ref = scipy.optimize.minimize(
        quadratic(Q, c),
        np.zeros(n),
        jac=lambda v: Q @ v + c,
        method="SLSQP",
        constraints=[{"type": "ineq", "fun": lambda v: h - G @ v, "jac": lambda v: -G}],
        options={"ftol": 1e-12, "maxiter": 500},
    )
    assert ref.success
    # SLSQP converges to ~1e-8 on these problems: atol=1e-6 for x, 1e-5 for multipliers
    assert_allclose(sol.x, ref.x, rtol=0, atol=1e-6)
    # SLSQP's inequality multipliers (fun >= 0) are our mu for g = G x - h <= 0
    assert_allclose(sol.multipliers, ref.multipliers, rtol=0, atol=1e-5)


def test_weight_decay_penalty_is_a_norm_constraint() -> None:
    # ridge with penalty lam equals least squares with |w|^2 <= r^2, r = |w_ridge|, and mu = lam
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 4))
    y = X @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.1 * rng.normal(size=30)
    lam = 5.0
    w = np.linalg.solve(X.T @ X + lam * np.eye(4), X.T @ y)
    r2 = float(w @ w)
    ref = scipy.optimize.minimize(
        lambda v: float(np.sum((X @ v - y) ** 2)),
        np.zeros(4),
        jac=lambda v: 2 * X.T @ (X @ v - y),
        method="SLSQP",
        constraints=[{"type": "ineq", "fun": lambda v: r2 - v @ v, "jac": lambda v: -2 * v}],
        options={"ftol": 1e-15, "maxiter": 500},
    )
    assert_allclose(ref.x, w, rtol=0, atol=1e-6)  # SLSQP accuracy, as above
    assert ref.multipliers[0] == pytest.approx(lam, rel=1e-5)
    res = kkt_residuals(2 * X.T @ (X @ w - y), g=[w @ w - r2], jac_g=[2 * w], mu=[lam])
    # a solve of a 4x4 system with entries ~30: residual ~1e-13 in gradients of size ~100
    assert res.largest <= 1e-10


# ---------------------------------------------------------------------------
# 4. Error paths
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("Q", "c", "A", "b", "exc", "message"),
    [
        ([[1.0, 2.0], [0.0, 1.0]], [0, 0], [[1, 1]], [1], ValueError, "`Q` must be symmetric"),
        ([[1.0, 0.0, 0.0]], [0, 0], [[1, 1]], [1], ValueError, "`Q` must be square"),
        (np.eye(2), [0, 0, 0], [[1, 1]], [1], ValueError, "`c` must have length 2"),
        (np.eye(2), [0, 0], [[1, 1, 1]], [1], ValueError, "`A` must have 2 columns"),
        (np.eye(2), [0, 0], [1, 1], [1], ValueError, "`A` must be a 2-D matrix"),
        (np.eye(2), [0, 0], [[1, 1]], [1, 2], ValueError, "`b` must have length 1"),
        (np.eye(2), [0, 0], [[1, 1], [2, 2]], [1, 2], ValueError, "`A` must have full row rank"),
        (np.eye(2), [0, 0], [[0, 0]], [1], ValueError, "got rank 0 for 1 rows"),
        (np.eye(2), [0, 0], np.ones((3, 2)), [1, 1, 1], ValueError, "`A` must have full row rank"),
        (np.diag([1.0, -1.0]), [0, 0], [[1, 0]], [1], ValueError, "unbounded below"),
        (np.zeros((2, 2)), [1, 0], [[1, 1]], [1], ValueError, "the KKT matrix is singular"),
        (np.diag([1.0, 0.0]), [0, 0], [[1, 0]], [1], ValueError, "no unique minimiser"),
        ([[np.nan, 0], [0, 1]], [0, 0], [[1, 1]], [1], ValueError, "`Q` must contain only finite"),
        (np.eye(2), [0, np.inf], [[1, 1]], [1], ValueError, "`c` must contain only finite"),
        (np.eye(2), [0, 0], [[1, 1]], [np.nan], ValueError, "`b` must contain only finite"),
        ("abc", [0, 0], [[1, 1]], [1], TypeError, "`Q` must be array-like of numbers"),
        (np.eye(2), [0, 0], None, [1], TypeError, "`A` must be array-like of numbers"),
    ],
)
def test_solve_equality_qp_rejects_bad_input(
    Q: object, c: object, A: object, b: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        solve_equality_qp(Q, c, A, b)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("Q", "G", "h", "message"),
    [
        (np.diag([1.0, 0.0]), [[1, 1]], [1], "`Q` must be positive definite"),
        (np.diag([1.0, -1.0]), [[1, 1]], [1], "`Q` must be positive definite"),
        (np.eye(2), [[1, 1, 1]], [1], "`G` must have 2 columns"),
        (np.eye(2), [[1, 1]], [1, 2], "`h` must have length 1"),
        (np.eye(2), np.ones((13, 2)), np.ones(13), "`G` may have at most 12 rows"),
        (np.eye(1), [[1.0], [-1.0]], [-1.0, -1.0], "`G` x <= `h` have no feasible point"),
        (np.eye(2), [[np.inf, 1]], [1], "`G` must contain only finite numbers"),
    ],
)
def test_solve_inequality_qp_rejects_bad_input(
    Q: object, G: object, h: object, message: str
) -> None:
    n = np.asarray(Q).shape[0]
    with pytest.raises(ValueError, match=re.escape(message)):
        solve_inequality_qp(Q, np.zeros(n), G, h)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"g": [0.0]}, "`g`, `jac_g` and `mu` must be given together; missing `jac_g`, `mu`"),
        ({"h": [0.0], "lam": [1.0]}, "missing `jac_h`"),
        ({"g": [0.0], "jac_g": [[1.0, 1.0, 1.0]], "mu": [1.0]}, "`jac_g` must have shape (1, 2)"),
        ({"g": [0.0], "jac_g": [1.0, 1.0], "mu": [1.0]}, "`jac_g` must be a 2-D matrix"),
        ({"g": [0.0], "jac_g": [[1.0, 1.0]], "mu": [1.0, 2.0]}, "`mu` must have length 1"),
        ({"h": [0.0, 1.0], "jac_h": [[1.0, 1.0]], "lam": [1.0]}, "`jac_h` must have shape (2, 2)"),
        ({"g": [np.nan], "jac_g": [[1.0, 1.0]], "mu": [1.0]}, "`g` must contain only finite"),
        ({"g": [0.0], "jac_g": [[1.0, 1.0]], "mu": [-np.inf]}, "`mu` must contain only finite"),
    ],
)
def test_kkt_residuals_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        kkt_residuals([1.0, 2.0], **kwargs)  # type: ignore[arg-type]


def test_kkt_residuals_rejects_bad_gradient() -> None:
    with pytest.raises(ValueError, match=re.escape("`grad_f` must be a 1-D vector")):
        kkt_residuals([[1.0, 2.0]])
    with pytest.raises(TypeError, match=re.escape("`grad_f` must be array-like of numbers")):
        kkt_residuals("abc")


@pytest.mark.parametrize(
    ("f", "x", "y", "t", "exc", "message"),
    [
        (abs, 0.0, 1.0, 1.5, ValueError, "`t` must lie in [0, 1]"),
        (abs, 0.0, 1.0, -0.1, ValueError, "`t` must lie in [0, 1]"),
        (abs, 0.0, 1.0, math.nan, ValueError, "`t` must be a finite number"),
        (abs, 0.0, 1.0, "half", TypeError, "`t` must be a real number"),
        (abs, 0.0, 1.0, True, TypeError, "`t` must be a real number, not a boolean"),
        (abs, [0.0, 1.0], [1.0], 0.5, ValueError, "`x` and `y` must have the same shape"),
        (abs, [[0.0]], [[1.0]], 0.5, ValueError, "`x` must be a number or a 1-D vector"),
        (abs, math.inf, 1.0, 0.5, ValueError, "`x` must contain only finite numbers"),
        (abs, 0.0, None, 0.5, TypeError, "`y` must be array-like of numbers"),
        ("abs", 0.0, 1.0, 0.5, TypeError, "`f` must be a callable function; got str"),
        (math.log, 0.0, 1.0, 0.5, ValueError, "math domain error"),
        (lambda x: math.nan, 0.0, 1.0, 0.5, ValueError, "`f` must return a finite number"),
        (lambda x: [x, x], 0.0, 1.0, 0.5, ValueError, "`f` must return one real number"),
        (lambda x: "one", 0.0, 1.0, 0.5, TypeError, "`f` must return a real number; got str"),
        (lambda x: None, 0.0, 1.0, 0.5, TypeError, "`f` must return a real number"),
        (lambda x: {1: 2}, 0.0, 1.0, 0.5, TypeError, "`f` must return a real number; got dict"),
    ],
)
def test_convexity_gap_rejects_bad_input(
    f: object, x: object, y: object, t: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        convexity_gap(f, x, y, t)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("low", "high", "kwargs", "exc", "message"),
    [
        ([0.0, 1.0], [1.0, 0.0], {}, ValueError, "`low` must not exceed `high`"),
        ([0.0], [1.0, 2.0], {}, ValueError, "`low` and `high` must have the same shape"),
        (0.0, 1.0, {"n_segments": 0}, ValueError, "`n_segments` must be at least 1"),
        (0.0, 1.0, {"n_segments": 2.5}, TypeError, "`n_segments` must be an integer"),
        (0.0, 1.0, {"seed": -1}, ValueError, "`seed` must be at least 0"),
        (np.nan, 1.0, {}, ValueError, "`low` must contain only finite"),
    ],
)
def test_search_convexity_violation_rejects_bad_input(
    low: object, high: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        search_convexity_violation(abs, low, high, **kwargs)  # type: ignore[arg-type]


def test_search_convexity_violation_rejects_a_non_callable() -> None:
    with pytest.raises(TypeError, match=re.escape("`f` must be a callable function")):
        search_convexity_violation(None, 0.0, 1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("f", "lower", "upper", "n_grid", "exc", "message"),
    [
        (abs, 1.0, 1.0, 11, ValueError, "`lower` must be less than `upper`"),
        (abs, 2.0, 1.0, 11, ValueError, "`lower` must be less than `upper`"),
        (abs, -math.inf, 1.0, 11, ValueError, "`lower` must be a finite number"),
        (abs, 0.0, "1", 11, TypeError, "`upper` must be a real number; got str"),
        (abs, 0.0, 1.0, 2, ValueError, "`n_grid` must be at least 3"),
        (abs, 0.0, 1.0, 10.0, TypeError, "`n_grid` must be an integer"),
        (abs, 0.0, 1.0, True, TypeError, "`n_grid` must be an integer; got bool"),
        (42, 0.0, 1.0, 11, TypeError, "`f` must be a callable function; got int"),
        (lambda x: 1 / x, -1.0, 1.0, 11, ZeroDivisionError, "division by zero"),
        (lambda x: math.inf, 0.0, 1.0, 11, ValueError, "`f` must return a finite number"),
    ],
)
def test_local_minima_1d_rejects_bad_input(
    f: object, lower: object, upper: object, n_grid: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        local_minima_1d(f, lower, upper, n_grid)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "count", "rng", "exc", "message"),
    [
        (0, 5, np.random.default_rng(0), ValueError, "`n` must be at least 1"),
        (2, 0, np.random.default_rng(0), ValueError, "`n_samples` must be at least 1"),
        (2.0, 5, np.random.default_rng(0), TypeError, "`n` must be an integer; got float"),
        (2, 5, 0, TypeError, "`rng` must be a numpy.random.Generator"),
        (2, 5, np.random.RandomState(0), TypeError, "got RandomState"),
    ],
)
def test_goe_matrices_rejects_bad_input(
    n: object, count: object, rng: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        goe_matrices(n, count, rng)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"n": 0}, ValueError, "`n` must be at least 1"),
        ({"n": 2, "n_samples": -3}, ValueError, "`n_samples` must be at least 1"),
        ({"n": 2, "seed": -1}, ValueError, "`seed` must be at least 0"),
        ({"n": 2, "seed": None}, TypeError, "`seed` must be an integer; got NoneType"),
        ({"n": 2, "shift": math.nan}, ValueError, "`shift` must be a finite number"),
        ({"n": 2, "shift": "a"}, TypeError, "`shift` must be a real number"),
    ],
)
def test_hessian_index_distribution_rejects_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        hessian_index_distribution(**kwargs)  # type: ignore[arg-type]


def test_result_types_are_frozen() -> None:
    sol = solve_equality_qp(np.eye(1), [0.0], [[1.0]], [1.0])
    assert isinstance(sol, QPSolution)
    with pytest.raises(AttributeError):
        sol.value = 0.0  # type: ignore[misc]


# ---------------------------------------------------------------------------
# 5. Figures
# ---------------------------------------------------------------------------


def by_gid(ax: Axes, gid: str) -> Line2D:
    (line,) = [line for line in ax.lines if line.get_gid() == gid]
    return line


def legend(ax: Axes) -> Legend:
    found = ax.get_legend()
    assert found is not None
    return found


def xy_data(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_xydata(), dtype=np.float64)


def arrow(ax: Axes, gid: str) -> tuple[np.ndarray, np.ndarray]:
    """(tail, tip) of the annotation arrow with this gid."""
    (ann,) = [t for t in ax.texts if isinstance(t, Annotation) and t.get_gid() == gid]
    return np.asarray(ann.xyann, dtype=float), np.asarray(ann.xy, dtype=float)


def contour_with_gid(ax: Axes, gid: str) -> ContourSet:
    (found,) = [c for c in ax.collections if isinstance(c, ContourSet) and c.get_gid() == gid]
    return found


def test_convexity_chords_draw_the_chord_and_the_gap() -> None:
    fig = plot_convexity_chords(
        {"logistic": logistic, "double well": double_well}, -1.3, 1.1, lower=-2.0, upper=2.0
    )
    assert len(fig.axes) == 2
    for ax, f in zip(fig.axes, (logistic, double_well), strict=True):
        graph = xy_data(by_gid(ax, "graph"))
        assert_allclose(graph[:, 1], [f(x) for x in graph[:, 0]], rtol=1e-15)
        chord = xy_data(by_gid(ax, "chord"))
        # the chord joins (x, f(x)) and (y, f(y)) and is a straight line
        assert_allclose(chord[0], [-1.3, f(-1.3)], rtol=1e-15)
        assert_allclose(chord[-1], [1.1, f(1.1)], rtol=1e-15)
        slope = (chord[-1, 1] - chord[0, 1]) / (chord[-1, 0] - chord[0, 0])
        assert_allclose(chord[:, 1], chord[0, 1] + slope * (chord[:, 0] - chord[0, 0]), atol=1e-13)
        assert_array_equal(xy_data(by_gid(ax, "endpoints")), [chord[0], chord[-1]])
        assert ax.get_title()
        assert ax.get_xlabel()
        assert ax.get_ylabel()
    below = {
        ax.get_title(): next(c for c in ax.collections if c.get_gid() == "gap-below")
        for ax in fig.axes
    }
    # convex: nothing where the chord dips below the graph; the double well: a region
    assert all(np.asarray(p.vertices).size == 0 for p in below["logistic"].get_paths())
    assert sum(np.asarray(p.vertices).size for p in below["double well"].get_paths()) > 0
    assert all(t.get_text() for t in fig.legends[0].get_texts())
    fig.canvas.draw()
    plt.close(fig)


@pytest.mark.parametrize(
    ("functions", "x", "y", "kwargs", "exc", "message"),
    [
        ({}, 0.0, 1.0, {}, ValueError, "`functions` must hold at least one function"),
        ([abs], 0.0, 1.0, {}, TypeError, "`functions` must be a mapping"),
        ({"a": 3}, 0.0, 1.0, {}, TypeError, "`functions['a']` must be a callable"),
        ({"a": abs}, 1.0, 1.0, {}, ValueError, "`x` and `y` must differ"),
        ({"a": abs}, 0.0, 3.0, {}, ValueError, "`x` and `y` must lie in [`lower`, `upper`]"),
        ({"a": abs}, math.nan, 1.0, {}, ValueError, "`x` must be a finite number"),
        ({"a": abs}, 0.0, 1.0, {"lower": 2.0}, ValueError, "`lower` must be less than `upper`"),
        ({"a": abs}, 0.0, 1.0, {"n_points": 2}, ValueError, "`n_points` must be at least 3"),
        (
            {"a": lambda s: math.inf},
            0.0,
            1.0,
            {},
            ValueError,
            "`functions['a']` must return finite",
        ),
        ({"a": lambda s: "x"}, 0.0, 1.0, {}, TypeError, "`functions['a']` must return a real"),
    ],
)
def test_convexity_chords_rejects_bad_input(
    functions: object,
    x: float,
    y: float,
    kwargs: dict[str, object],
    exc: type[Exception],
    message: str,
) -> None:
    options: dict[str, object] = {"lower": -1.0, "upper": 2.0, **kwargs}
    with pytest.raises(exc, match=re.escape(message)):
        plot_convexity_chords(functions, x, y, **options)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_local_minima_figure_marks_the_extrema() -> None:
    fig = plot_local_minima(sextic, -2.6, 2.6)
    (ax,) = fig.axes
    minima = xy_data(by_gid(ax, "local-minima"))
    assert_array_equal(minima[:, 0], local_minima_1d(sextic, -2.6, 2.6))
    assert_allclose(minima[:, 1], [sextic(x) for x in minima[:, 0]], rtol=1e-15)
    maxima = xy_data(by_gid(ax, "local-maxima"))
    assert maxima.shape == (2, 2)
    # a local maximum lies between consecutive minima and above both
    for k, (xm, ym) in enumerate(maxima):
        assert minima[k, 0] < xm < minima[k + 1, 0]
        assert ym > max(minima[k, 1], minima[k + 1, 1])
    (best,) = xy_data(by_gid(ax, "global-minimum"))
    graph = xy_data(by_gid(ax, "graph"))
    # the refined minimum is at most the lowest grid value
    assert best[1] <= graph[:, 1].min()
    assert best[0] == pytest.approx(minima[np.argmin(minima[:, 1]), 0])
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert all(t.get_text() for t in legend(ax).get_texts())
    fig.canvas.draw()
    plt.close(fig)


def test_local_minima_figure_global_minimum_can_be_an_end_point() -> None:
    # x^3 - 3x on [-3, 3]: local minimum f(1) = -2, but f(-3) = -18 is lower
    fig = plot_local_minima(lambda x: x**3 - 3 * x, -3.0, 3.0)
    (best,) = xy_data(by_gid(fig.axes[0], "global-minimum"))
    assert_array_equal(best, [-3.0, -18.0])
    assert xy_data(by_gid(fig.axes[0], "local-minima"))[0, 0] == pytest.approx(1.0, abs=1e-7)
    plt.close(fig)


@pytest.mark.parametrize(
    ("f", "lower", "upper", "exc", "message"),
    [
        (abs, 1.0, 0.0, ValueError, "`lower` must be less than `upper`"),
        ("f", 0.0, 1.0, TypeError, "`f` must be a callable function"),
        (lambda x: math.nan, 0.0, 1.0, ValueError, "`f` must return a finite number"),
    ],
)
def test_local_minima_figure_rejects_bad_input(
    f: object, lower: float, upper: float, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_local_minima(f, lower, upper)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_saddle_statistics_figure_draws_the_data() -> None:
    dims, fractions, N = [1, 2, 3, 4], [0.5, 0.146, 0.02, 0.0], 1000
    dist = {"n = 4": [0.05, 0.2, 0.5, 0.2, 0.05]}
    fig = plot_saddle_statistics(dims, fractions, N, dist)
    left, right = fig.axes
    assert left.get_yscale() == "log"
    measured = xy_data(by_gid(left, "measured"))
    assert_array_equal(measured, [[1, 0.5], [2, 0.146], [3, 0.02]])
    assert_array_equal(xy_data(by_gid(left, "upper-bound")), [[4, 3.0 / N]])
    guess = xy_data(by_gid(left, "independent-signs"))
    assert_allclose(guess[:, 1], 2.0 ** -guess[:, 0], rtol=1e-15)
    rate = xy_data(by_gid(left, "large-n-rate"))
    assert_allclose(rate[:, 1], 3.0 ** (-(rate[:, 0] ** 2) / 4), rtol=1e-14)
    # each error bar is a Wilson interval around the measured value
    (bars,) = [
        c
        for c in left.collections
        if isinstance(c, LineCollection) and c.get_gid() == "measured-interval"
    ]
    for (x, p), seg in zip(measured, bars.get_segments(), strict=True):
        (x0, low), (x1, high) = seg
        assert x0 == x1 == x
        assert 0 < low < p < high < 1
    index = xy_data(by_gid(right, "index n = 4"))
    assert_allclose(index, np.column_stack([np.arange(5) / 4, dist["n = 4"]]), rtol=1e-15)
    for ax in (left, right):
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        assert ax.get_title()
        assert all(t.get_text() for t in legend(ax).get_texts())
    fig.canvas.draw()
    plt.close(fig)


def test_wilson_interval_matches_scipy() -> None:
    # scipy.stats.binomtest(...).proportion_ci(method="wilson") is the reference
    from aimath.plotting.optimality import _wilson

    for k, n in [(1, 1000), (146, 1000), (500, 1000), (3, 20)]:
        low, high = _wilson(np.array([k / n]), n)
        ref = scipy.stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert low[0] == pytest.approx(ref.low, rel=1e-9)
        assert high[0] == pytest.approx(ref.high, rel=1e-9)


@pytest.mark.parametrize(
    ("dims", "fractions", "n_samples", "dist", "exc", "message"),
    [
        (
            [0, 1],
            [0.5, 0.1],
            10,
            {"a": [0.5, 0.5]},
            ValueError,
            "`dims` must hold positive integers",
        ),
        ([1.5], [0.5], 10, {"a": [0.5, 0.5]}, ValueError, "`dims` must hold positive integers"),
        ([1, 2], [0.5], 10, {"a": [0.5, 0.5]}, ValueError, "`fraction_minima` must hold one value"),
        ([1], [1.5], 10, {"a": [0.5, 0.5]}, ValueError, "`fraction_minima` must lie in [0, 1]"),
        ([1], [0.5], 0, {"a": [0.5, 0.5]}, ValueError, "`n_samples` must be at least 1"),
        ([1], [0.5], 10, {}, ValueError, "`index_distributions` must hold at least one"),
        ([1], [0.5], 10, [[0.5, 0.5]], TypeError, "`index_distributions` must be a mapping"),
        ([1], [0.5], 10, {"a": [0.5, 0.6]}, ValueError, "`index_distributions['a']` must be a"),
        ([1], [0.5], 10, {"a": [1.0]}, ValueError, "`index_distributions['a']` must be a"),
    ],
)
def test_saddle_statistics_rejects_bad_input(
    dims: object,
    fractions: object,
    n_samples: object,
    dist: object,
    exc: type[Exception],
    message: str,
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_saddle_statistics(dims, fractions, n_samples, dist)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_lagrange_geometry_shows_parallel_gradients_at_the_optimum() -> None:
    fig = plot_lagrange_geometry(Q_BOOK, C_BOOK, [1.0, 1.0], 2.0)
    (ax,) = fig.axes
    sol = solve_equality_qp(Q_BOOK, C_BOOK, [[1.0, 1.0]], [2.0])
    x_star = xy_data(by_gid(ax, "optimum"))[0]
    assert_array_equal(x_star, sol.x)
    line = xy_data(by_gid(ax, "constraint"))
    assert_allclose(line @ [1.0, 1.0], 2.0, rtol=1e-14)  # the line is x + y = 2
    other = xy_data(by_gid(ax, "other-point"))[0]
    assert other @ [1.0, 1.0] == pytest.approx(2.0, rel=1e-14)
    f = quadratic(Q_BOOK, C_BOOK)
    (tangent_level,) = contour_with_gid(ax, "tangent-level").levels
    assert tangent_level == pytest.approx(f(x_star), rel=1e-15)
    (crossing_level,) = contour_with_gid(ax, "crossing-level").levels
    assert crossing_level == pytest.approx(f(other), rel=1e-14)
    assert crossing_level > tangent_level  # x* is the lowest point of the line
    tail_f, tip_f = arrow(ax, "grad-f")
    tail_h, tip_h = arrow(ax, "grad-h")
    assert_array_equal(tail_f, x_star)
    assert_array_equal(tail_h, x_star)
    d_f, d_h = tip_f - tail_f, tip_h - tail_h
    # parallel: the 2-D cross product vanishes; common scale: length ratio |lambda*| = 3.5
    assert d_f[0] * d_h[1] - d_f[1] * d_h[0] == pytest.approx(0.0, abs=1e-12)
    assert np.linalg.norm(d_f) / np.linalg.norm(d_h) == pytest.approx(3.5, rel=1e-12)
    assert_allclose(d_f / np.linalg.norm(d_f), Q_BOOK @ x_star / np.linalg.norm(Q_BOOK @ x_star))
    tail_o, tip_o = arrow(ax, "grad-f-other")
    d_o = tip_o - tail_o
    assert abs(d_o[0] * 1.0 - d_o[1] * 1.0) > 0.1 * np.linalg.norm(d_o)  # not parallel to a
    assert ax.get_title()
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    fig.canvas.draw()
    plt.close(fig)


@pytest.mark.parametrize(
    ("Q", "c", "a", "b", "exc", "message"),
    [
        (np.eye(3), [0, 0, 0], [1, 1], 1.0, ValueError, "`Q` must be 2 x 2"),
        (np.eye(2), [0, 0, 0], [1, 1], 1.0, ValueError, "`c` must have length 2"),
        (np.eye(2), [0, 0], [1, 1, 1], 1.0, ValueError, "`a` must have length 2"),
        (np.eye(2), [0, 0], [0, 0], 1.0, ValueError, "`a` must not be the zero vector"),
        (np.diag([1.0, -1.0]), [0, 0], [1, 0], 1.0, ValueError, "`Q` must curve upwards"),
        (np.eye(2), [0, 0], [1, 1], math.inf, ValueError, "`b` must be a finite number"),
        (np.eye(2), [0, 0], [1, 1], "2", TypeError, "`b` must be a real number"),
        ([[1.0, 0.5], [0.0, 1.0]], [0, 0], [1, 1], 1.0, ValueError, "`Q` must be symmetric"),
    ],
)
def test_lagrange_geometry_rejects_bad_input(
    Q: object, c: object, a: object, b: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_lagrange_geometry(Q, c, a, b)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_kkt_cases_draw_feasible_sets_and_solutions() -> None:
    G, h = np.array([[-1.0, -1.0], [1.0, 1.0]]), np.array([-2.0, 2.0])
    fig = plot_kkt_cases(Q_BOOK, C_BOOK, G, h)
    assert len(fig.axes) == 2
    for i, ax in enumerate(fig.axes):
        sol = solve_inequality_qp(Q_BOOK, C_BOOK, G[i : i + 1], h[i : i + 1])
        assert_array_equal(xy_data(by_gid(ax, "solution"))[0], sol.x)
        assert_allclose(xy_data(by_gid(ax, "unconstrained"))[0], [0.0, 0.0], atol=1e-15)
        boundary = xy_data(by_gid(ax, "boundary"))
        assert_allclose(boundary @ G[i], h[i], rtol=1e-13, atol=1e-13)
        (region,) = [p for p in ax.patches if isinstance(p, Polygon) and p.get_gid() == "feasible"]
        vertices = region.get_xy()
        assert np.all(vertices @ G[i] <= h[i] + 1e-12)  # the shaded polygon is feasible
        (level,) = contour_with_gid(ax, "solution-level").levels
        assert level == pytest.approx(sol.value, abs=1e-15)
    active, inactive = fig.axes
    assert active.get_title().startswith("active")
    assert inactive.get_title().startswith("inactive")
    tail_f, tip_f = arrow(active, "minus-grad-f")
    tail_g, tip_g = arrow(active, "grad-g")
    # -grad f = mu grad g: same direction, length ratio mu* = 3.5
    d_f, d_g = tip_f - tail_f, tip_g - tail_g
    assert_allclose(d_f, 3.5 * d_g, rtol=1e-12)
    assert not [t for t in inactive.texts if isinstance(t, Annotation)]  # no arrows when inactive
    assert all(t.get_text() for t in fig.legends[0].get_texts())
    fig.canvas.draw()
    plt.close(fig)


def test_kkt_cases_custom_titles() -> None:
    fig = plot_kkt_cases(Q_BOOK, C_BOOK, [[1.0, 0.0]], [1.0], titles=["x <= 1"])
    assert fig.axes[0].get_title() == "x <= 1"
    plt.close(fig)


@pytest.mark.parametrize(
    ("Q", "G", "h", "titles", "exc", "message"),
    [
        (np.eye(2), np.ones((5, 2)), np.ones(5), None, ValueError, "`G` must have shape (k, 2)"),
        (np.eye(2), [[1.0, 1.0]], [1.0, 2.0], None, ValueError, "`h` must have one entry per row"),
        (np.eye(2), [[0.0, 0.0]], [1.0], None, ValueError, "`G` must not have a zero row"),
        (np.eye(2), [[1.0, 1.0]], [1.0], ["a", "b"], ValueError, "`titles` must have one entry"),
        (np.eye(2), [[1.0, 1.0]], [1.0], "a", TypeError, "`titles` must be a list of strings"),
        (np.diag([1.0, -1.0]), [[1.0, 1.0]], [1.0], None, ValueError, "`Q` must be positive"),
        (np.eye(2), [[np.nan, 1.0]], [1.0], None, ValueError, "`G` must contain only finite"),
    ],
)
def test_kkt_cases_rejects_bad_input(
    Q: object, G: object, h: object, titles: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_kkt_cases(Q, [0.0, 0.0], G, h, titles=titles)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_figures_leave_no_figure_open_on_a_solver_error() -> None:
    # infeasible for the solver is impossible with one constraint; a singular Q is caught first
    with pytest.raises(ValueError, match=re.escape("`Q` must be positive definite")):
        plot_kkt_cases(np.zeros((2, 2)), [0.0, 0.0], [[1.0, 1.0]], [1.0])
    assert plt.get_fignums() == []


def test_polygon_clipping_by_a_half_plane() -> None:
    from aimath.plotting.optimality import _clip_halfplane

    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    # x + y <= 1 keeps the lower-left triangle, area 1/2 (shoelace)
    tri = _clip_halfplane(square, np.array([1.0, 1.0]), 1.0)
    x, y = tri[:, 0], tri[:, 1]
    area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    assert area == pytest.approx(0.5, rel=1e-15)
    assert _clip_halfplane(square, np.array([1.0, 0.0]), -1.0).shape == (0, 2)  # nothing kept
    assert_array_equal(_clip_halfplane(square, np.array([1.0, 0.0]), 5.0), square)  # all kept


def test_convexity_chords_shade_with_fill_between() -> None:
    # fill_between returns a PolyCollection (FillBetweenPolyCollection in matplotlib >= 3.10)
    fig = plot_convexity_chords({"a": abs}, -1.0, 1.0, lower=-2.0, upper=2.0)
    assert any(isinstance(c, PolyCollection) for c in fig.axes[0].collections)
    plt.close(fig)
