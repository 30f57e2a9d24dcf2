"""Tests for aimath.calculus (chapter 5): reference values, properties, references, errors.

Tolerances. A central difference with step h has truncation error
h^2 |f'''| / 6 and round-off error about eps |f| / h (eps = 2.2e-16); with the
default h = 1e-5 and |f|, |f'''| of order 1 both are ~1e-11, so agreement with
an exact derivative is asserted at rtol 1e-8 (1000x margin) plus an atol that
covers derivatives near 0. The forward difference (h = 1e-8) is good to
~1e-8 and is asserted at 1e-6. Second differences (h = 1e-4) carry round-off
eps |f| / h^2 ~ 1e-8 |f| and are asserted at 1e-5 |f|. Closed forms evaluated
in float64 with a handful of operations agree with SymPy's expressions to a
few ulp, asserted at 1e-12. Where a formula is exact in binary arithmetic
(dyadic inputs, polynomials of low degree) equality is asserted exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy as sp
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.quiver import Quiver
from matplotlib.text import Annotation
from numpy.testing import assert_allclose, assert_array_equal
from strategies import FAST

from aimath.calculus import (
    CENTRAL_STEP,
    FORWARD_STEP,
    HESSIAN_STEP,
    central_difference,
    classify_critical_point,
    directional_derivative,
    finite_difference_errors,
    forward_difference,
    gradient_check,
    hessian,
    jacobian,
    loglog_slope,
    numerical_gradient,
    relative_error,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softplus,
    softplus_derivative,
    tanh_derivative,
    taylor_polynomial,
)
from aimath.plotting.calculus import (
    plot_activation_derivatives,
    plot_difference_errors,
    plot_directional_derivatives,
    plot_gradient_field,
    plot_tangent_lines,
    plot_taylor_polynomials,
)

torch.set_default_dtype(torch.float64)

EPS = float(np.finfo(np.float64).eps)

#: Central differences with the default step against an exact derivative (module docstring).
FD_RTOL, FD_ATOL = 1e-8, 1e-10

#: Moderate inputs for the property tests: |x| <= 10 keeps |f| and its
#: derivatives O(1)..O(1e4), so the finite-difference bounds above apply.
moderate = st.floats(-10.0, 10.0, allow_nan=False, allow_infinity=False)


def small_vectors(n: int | None = None) -> st.SearchStrategy[np.ndarray]:
    """Vectors of length ``n`` (or 1..5) with entries in [-2, 2]."""
    size = st.integers(1, 5) if n is None else st.just(n)
    return hnp.arrays(np.float64, size, elements=st.floats(-2.0, 2.0))


def square(t: Any) -> Any:
    """t^2 for a float or, elementwise, an array."""
    return t * t


def sum_of_squares(v: np.ndarray) -> float:
    return float(np.sum(v * v))


# -- SymPy: the derivatives of chapter 5, exactly ------------------------------------------

_x = sp.symbols("x", real=True)
_sig = 1 / (1 + sp.exp(-_x))

#: name: (SymPy expression of f, library closed form of f', NumPy f)
ACTIVATIONS: dict[str, tuple[sp.Expr, Callable[..., Any], Callable[..., Any]]] = {
    "sigmoid": (_sig, sigmoid_derivative, sigmoid),
    "tanh": (sp.tanh(_x), tanh_derivative, np.tanh),
    "softplus": (sp.log(1 + sp.exp(_x)), softplus_derivative, softplus),
    "exp": (sp.exp(_x), np.exp, np.exp),
}
#: SymPy's derivatives, lambdified once (provenance: sympy.diff, exact)
SYMPY_DERIVATIVES = {
    name: sp.lambdify(_x, sp.diff(expr, _x), "numpy") for name, (expr, _, _) in ACTIVATIONS.items()
}


def _scalar(f: Callable[..., object]) -> Callable[[float], float]:
    """``f`` as a function of one float returning a float."""
    return lambda t: float(np.asarray(f(t)))


# ---------------------------------------------------------------------------
# 1. Reference values (provenance in the comments)
# ---------------------------------------------------------------------------


def test_forward_difference_of_square_errs_by_exactly_h() -> None:
    # hand computation: ((x + h)^2 - x^2) / h = 2x + h; dyadic inputs make it exact
    for h in (1.0, 0.5, 0.25, 2.0**-10):
        assert forward_difference(square, 3.0, h) == 6.0 + h


def test_central_difference_of_cube_errs_by_exactly_h_squared() -> None:
    # hand computation: ((x + h)^3 - (x - h)^3) / (2h) = 3x^2 + h^2, exact for dyadic h
    for h in (1.0, 0.5, 0.25, 2.0**-8):
        assert central_difference(lambda t: t**3, 2.0, h) == 12.0 + h * h


def test_default_steps_are_the_balance_points() -> None:
    # closed form: h* ~ eps^(1/2), eps^(1/3), eps^(1/4); the defaults are those, rounded
    assert FORWARD_STEP / math.sqrt(EPS) == pytest.approx(1.0, rel=0.5)
    assert pytest.approx(1.0, rel=0.7) == CENTRAL_STEP / EPS ** (1 / 3)
    assert pytest.approx(1.0, rel=0.5) == HESSIAN_STEP / EPS ** (1 / 4)


def test_default_steps_give_the_expected_accuracy() -> None:
    # closed form: sin' = cos, exp' = exp
    assert central_difference(np.sin, 1.0) == pytest.approx(math.cos(1.0), rel=1e-9)
    assert forward_difference(np.exp, 0.0) == pytest.approx(1.0, rel=1e-7)
    assert central_difference(np.exp, 0.0) == pytest.approx(1.0, rel=1e-9)


def test_step_is_the_one_actually_taken() -> None:
    # at x = 1e5 the step 1e-5 is not representable: x + h - x != h; dividing by the
    # step really taken keeps the derivative of the identity exactly 1
    x = 1e5
    assert (x + 1e-5) - x != 1e-5
    assert forward_difference(lambda t: t, x, 1e-5) == 1.0
    assert central_difference(lambda t: t, x, 1e-5) == 1.0
    assert_array_equal(numerical_gradient(lambda v: float(v[0]), [x]), [1.0])


def test_finite_difference_errors_reference() -> None:
    # hand computation: forward error of x^2 is h, central error of x^3 at 2 is h^2
    hs = [0.5, 0.25, 0.125]
    assert_array_equal(finite_difference_errors(square, lambda t: 2 * t, 3.0, hs, "forward"), hs)
    assert_array_equal(
        finite_difference_errors(lambda t: t**3, lambda t: 3 * t**2, 2.0, hs, "central"),
        np.square(hs),
    )
    # the default method is central
    assert_array_equal(
        finite_difference_errors(lambda t: t**3, lambda t: 3 * t**2, 2.0, hs), np.square(hs)
    )


def test_loglog_slope_reference() -> None:
    # closed form: e = 3 h^2 has slope 2; powers of two make log2 exact
    h = 2.0 ** -np.arange(1, 8)
    assert loglog_slope(h, 3 * h**2) == 2.0
    # numpy.polyfit on the logs (a reference implementation of the same least squares)
    rng = np.random.default_rng(1)
    e = h**1.5 * np.exp(rng.normal(scale=0.1, size=h.size))
    assert loglog_slope(h, e) == pytest.approx(np.polyfit(np.log(h), np.log(e), 1)[0], rel=1e-12)


@pytest.mark.parametrize(
    ("f", "df", "x"),
    [
        (np.sin, np.cos, 1.0),
        (np.exp, np.exp, 0.5),
        (lambda t: float(sigmoid(t)), lambda t: float(sigmoid_derivative(t)), 1.0),
        (np.tanh, lambda t: float(tanh_derivative(t)), 0.3),
    ],
    ids=["sin", "exp", "sigmoid", "tanh"],
)
def test_measured_orders_of_convergence(
    f: Callable[[float], float], df: Callable[[float], float], x: float
) -> None:
    # Theorem (eq-calc-forward/central): slopes 1 and 2 where truncation dominates;
    # the next Taylor term shifts the local slope by O(h) <= 0.1 at the top of the range
    hs = np.logspace(-4, -1, 13)
    fwd = finite_difference_errors(f, df, x, hs, "forward")
    cen = finite_difference_errors(f, df, x, hs, "central")
    assert loglog_slope(hs, fwd) == pytest.approx(1.0, abs=0.05)
    assert loglog_slope(hs, cen) == pytest.approx(2.0, abs=0.05)


def test_round_off_dominates_for_tiny_steps() -> None:
    # eq-calc-total-error: below h ~ 1e-10 the error grows like eps |f| / h
    hs = np.logspace(-13, -10, 13)
    err = finite_difference_errors(np.sin, np.cos, 1.0, hs, "forward")
    assert loglog_slope(hs, err) == pytest.approx(-1.0, abs=0.3)
    assert err.min() > 1e-8 > finite_difference_errors(np.sin, np.cos, 1.0, [1e-8], "forward")[0]


def test_numerical_gradient_keeps_the_shape_of_x() -> None:
    # closed form: d/dW sum(W^2) = 2W, for a weight matrix
    W = np.arange(6.0).reshape(2, 3) / 4
    g = numerical_gradient(sum_of_squares, W)
    assert g.shape == (2, 3)
    # quadratic: no truncation error; round-off eps |f| / h ~ 1e-10
    assert_allclose(g, 2 * W, rtol=0, atol=1e-9)
    # a 0-d point
    assert_allclose(numerical_gradient(lambda v: float(v) ** 3, 2.0), 12.0, rtol=1e-8)


def test_numerical_gradient_does_not_modify_x() -> None:
    x = np.array([1.0, 2.0])
    numerical_gradient(sum_of_squares, x)
    assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_passes_fresh_copies() -> None:
    # f may keep or modify what it is given without corrupting the differences
    def mutating(v: np.ndarray) -> float:
        value = float(np.sum(v**2))
        v[:] = 1e9
        return value

    assert_allclose(numerical_gradient(mutating, [1.0, -2.0]), [2.0, -4.0], rtol=1e-8)


def test_jacobian_reference() -> None:
    # closed form: f(x, y) = (x^2 + y, sin(xy)) has J = [[2x, 1], [y cos(xy), x cos(xy)]]
    def f(v: np.ndarray) -> np.ndarray:
        return np.array([v[0] ** 2 + v[1], np.sin(v[0] * v[1])])

    x, y = 1.0, 2.0
    expected = [[2 * x, 1.0], [y * math.cos(x * y), x * math.cos(x * y)]]
    assert_allclose(jacobian(f, [x, y]), expected, rtol=FD_RTOL, atol=FD_ATOL)


def test_jacobian_of_scalar_function_is_a_row() -> None:
    # a scalar output counts as m = 1: the Jacobian is the gradient as a 1 x n row
    J = jacobian(sum_of_squares, [1.0, 2.0, 3.0])
    assert J.shape == (1, 3)
    assert_allclose(J[0], [2.0, 4.0, 6.0], rtol=FD_RTOL)


def test_hessian_references() -> None:
    # closed forms: x^2 + xy + y^2 -> [[2, 1], [1, 2]];
    # Rosenbrock (1 - x)^2 + 100 (y - x^2)^2 at (1, 1) -> [[802, -400], [-400, 200]]
    assert_allclose(
        hessian(lambda v: float(v[0] ** 2 + v[0] * v[1] + v[1] ** 2), [0.3, -0.7]),
        [[2.0, 1.0], [1.0, 2.0]],
        rtol=0,
        atol=1e-5,
    )

    def rosenbrock(v: np.ndarray) -> float:
        return float((1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2)

    H = hessian(rosenbrock, [1.0, 1.0])
    # truncation h^2 |f''''| / 12 ~ 1e-8 * 2400 / 12; round-off ~ 1e-8 |f| (f = 0 here)
    assert_allclose(H, [[802.0, -400.0], [-400.0, 200.0]], rtol=1e-6)
    assert_array_equal(H, H.T)  # mirrored, so exactly symmetric


def test_directional_derivative_reference() -> None:
    # closed form: grad ||x||^2 at (1, 2) is (2, 4); along (3, 4)/5 the slope is 22/5
    f = sum_of_squares
    assert directional_derivative(f, [1.0, 2.0], [3.0, 4.0]) == pytest.approx(4.4, rel=1e-9)
    # the direction is normalised: its length does not matter
    assert directional_derivative(f, [1.0, 2.0], [300.0, 400.0]) == pytest.approx(4.4, rel=1e-9)
    # the opposite direction reverses the sign
    assert directional_derivative(f, [1.0, 2.0], [-3.0, -4.0]) == pytest.approx(-4.4, rel=1e-9)


def test_taylor_polynomial_references() -> None:
    # closed form: exp at 0, 18 terms: the remainder at 1 is < e / 18! ~ 4e-16
    derivs = [1.0] * 18
    assert taylor_polynomial(derivs, 0.0, 1.0) == pytest.approx(math.e, rel=2e-16, abs=0)
    # hand computation: derivatives of (x - 1)^3 at 1 are 0, 0, 0, 6 -> (x - 1)^3 exactly
    x = np.array([-1.0, 0.0, 1.0, 2.5])
    assert_array_equal(taylor_polynomial([0.0, 0.0, 0.0, 6.0], 1.0, x), (x - 1) ** 3)
    # a constant, and the shape of x is kept (2-D and 0-d)
    assert_array_equal(taylor_polynomial([7.0], 3.0, np.zeros((2, 2))), np.full((2, 2), 7.0))
    assert taylor_polynomial([1.0, 2.0], 0.0, 0.5).shape == ()


def test_taylor_polynomial_many_terms_do_not_overflow_factorials() -> None:
    # 1/k! underflows gracefully to 0: 200 derivatives of exp at 0, evaluated at 2
    assert taylor_polynomial([1.0] * 200, 0.0, 2.0) == pytest.approx(math.exp(2.0), rel=1e-15)


def test_relative_error_references() -> None:
    # closed forms of eq-calc-relerr
    a = np.array([3.0, 4.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert relative_error(a, np.zeros(2)) == 1.0
    assert relative_error(a, -a) == 1.0
    assert relative_error(a, 2 * a) == pytest.approx(1 / 3, rel=1e-15)  # |c - 1| / (c + 1)
    # matrices are flattened; huge and tiny entries neither overflow nor underflow
    assert relative_error(1e300 * np.eye(2), 2e300 * np.eye(2)) == pytest.approx(1 / 3, rel=1e-15)
    assert relative_error([1e-300], [3e-300]) == pytest.approx(0.5, rel=1e-15)


def test_gradient_check_references() -> None:
    f = sum_of_squares
    x = np.array([1.0, -2.0, 0.5])
    # central differences of a quadratic: round-off only, ~1e-11
    assert gradient_check(f, lambda v: 2 * v, x) < 1e-9
    # a gradient off by the factor 3: rel = |3 - 1| / (3 + 1) = 1/2
    assert gradient_check(f, lambda v: 6 * v, x) == pytest.approx(0.5, rel=1e-8)
    # a matrix-shaped parameter
    W = np.arange(4.0).reshape(2, 2) - 1.5
    assert gradient_check(f, lambda v: 2 * v, W) < 1e-9


@pytest.mark.parametrize(
    ("eigenvalues", "kind"),
    [
        ([1.0, 2.0], "minimum"),
        ([-1.0, -2.0], "maximum"),
        ([1.0, -1.0], "saddle"),
        ([1.0, 0.0, -1.0], "saddle"),  # a flat direction does not hide a sign change
        ([1.0, 0.0], "degenerate"),  # x^2 + y^4 (min) and x^2 + y^3 (saddle) look alike
        ([0.0, -3.0], "degenerate"),
        ([0.0, 0.0], "degenerate"),
        ([5.0], "minimum"),
    ],
)
def test_classify_critical_point_reference(eigenvalues: list[float], kind: str) -> None:
    # a rotated diagonal matrix has exactly these eigenvalues
    n = len(eigenvalues)
    Q = np.linalg.qr(np.random.default_rng(n).normal(size=(n, n)))[0]
    H = Q @ np.diag(eigenvalues) @ Q.T
    H = (H + H.T) / 2
    assert classify_critical_point(H) == kind


def test_classify_tolerance_is_relative() -> None:
    # 1e-9 of the largest eigenvalue counts as 0 under tol = 1e-6, not under tol = 0
    H = np.diag([1.0, 1e-9])
    assert classify_critical_point(H) == "degenerate"
    assert classify_critical_point(H, tol=0.0) == "minimum"
    # the classification does not change with the scale of f
    assert classify_critical_point(1e-200 * np.diag([1.0, 2.0])) == "minimum"
    assert classify_critical_point(1e200 * np.diag([1.0, -2.0])) == "saddle"


def test_classify_numerical_hessians() -> None:
    # closed forms: x^2 + 3xy + y^2 (eigenvalues 5, -1), (x + y)^2 (4, 0), x^2 + y^2 (2, 2)
    p = np.zeros(2)
    assert (
        classify_critical_point(
            hessian(lambda v: float(v[0] ** 2 + 3 * v[0] * v[1] + v[1] ** 2), p)
        )
        == "saddle"
    )
    assert classify_critical_point(hessian(lambda v: float((v[0] + v[1]) ** 2), p)) == "degenerate"
    assert classify_critical_point(hessian(lambda v: -sum_of_squares(v), p)) == "maximum"


def test_activation_references() -> None:
    # closed forms: sigma(0) = 1/2, sigma'(0) = 1/4, tanh'(0) = 1, softplus(0) = log 2
    assert_array_equal(sigmoid([0.0]), [0.5])
    assert_array_equal(sigmoid_derivative([0.0]), [0.25])
    assert_array_equal(tanh_derivative([0.0]), [1.0])
    assert softplus(0.0) == pytest.approx(math.log(2.0), rel=1e-16)
    assert_array_equal(softplus_derivative([0.0]), [0.5])
    # ReLU: 1 for x > 0, 0 for x < 0 and, by the PyTorch convention, at 0
    assert_array_equal(relu_derivative([-2.0, -0.0, 0.0, 3.0]), [0.0, 0.0, 0.0, 1.0])


def test_activations_do_not_overflow() -> None:
    # the naive formulas overflow in exp (a RuntimeWarning, an error in this suite)
    x = np.array([-1000.0, -50.0, 50.0, 1000.0])
    assert_array_equal(sigmoid(x)[[0, 3]], [0.0, 1.0])
    assert_array_equal(softplus([1000.0]), [1000.0])
    assert_array_equal(softplus([-1000.0]), [0.0])
    # closed form e^{-|x|} / (1 + e^{-|x|})^2 has no cancellation: full relative accuracy
    tail = np.exp(-50.0) / (1 + np.exp(-50.0)) ** 2
    assert_allclose(sigmoid_derivative(x[1:3]), [tail, tail], rtol=1e-14)
    assert_allclose(softplus([-50.0]), [np.log1p(np.exp(-50.0))], rtol=1e-15)


def test_activations_keep_the_shape() -> None:
    X = np.linspace(-2, 2, 6).reshape(2, 3)
    for fn in (
        sigmoid,
        sigmoid_derivative,
        tanh_derivative,
        softplus,
        softplus_derivative,
        relu_derivative,
    ):
        assert fn(X).shape == (2, 3)
        assert fn(1.5).shape == ()


def test_vanishing_gradient_bound() -> None:
    # sigma' <= 1/4 everywhere (max at 0, SymPy: sigma''(x) = 0 only at x = 0)
    assert sp.solve(sp.diff(_sig, _x, 2), _x) == [0]
    assert sp.nsimplify(sp.diff(_sig, _x).subs(_x, 0)) == sp.Rational(1, 4)
    x = np.linspace(-30, 30, 6001)
    assert float(sigmoid_derivative(x).max()) == 0.25


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@FAST
@given(x=moderate)
def test_sympy_derivative_equals_closed_form_and_numerics(name: str, x: float) -> None:
    _, closed, f = ACTIVATIONS[name]
    exact = float(SYMPY_DERIVATIVES[name](x))
    # closed form vs SymPy's expression: a few ulp apart; atol for 1 - tanh^2 near 0
    assert float(closed(x)) == pytest.approx(exact, rel=1e-12, abs=1e-15)
    # central difference: truncation h^2 |f'''| / 6 and round-off eps |f| / h, both
    # <= ~1e-11 relative to max(|f'|, |f|) on |x| <= 10 (exp: |f'''| / |f'| = 1)
    scale = max(abs(exact), abs(float(np.asarray(f(x)))))
    assert central_difference(_scalar(f), x) == pytest.approx(
        exact, rel=FD_RTOL, abs=1e-9 * scale + FD_ATOL
    )


def test_sympy_log_and_relu_derivatives() -> None:
    # log: 1/x; ReLU: Heaviside, whose value at 0 SymPy takes as 1/2 (we take 0)
    assert sp.simplify(sp.diff(sp.log(_x), _x) - 1 / _x) == 0
    heaviside = sp.diff(sp.Max(0, _x), _x)
    assert heaviside == sp.Heaviside(_x)
    pts = np.array([-3.0, -0.5, 0.25, 4.0])
    assert_array_equal(relu_derivative(pts), sp.lambdify(_x, heaviside, "numpy")(pts))
    for p in (0.1, 1.0, 7.5):
        assert central_difference(np.log, p) == pytest.approx(1 / p, rel=FD_RTOL)


@FAST
@given(x=moderate)
def test_sigmoid_identities(x: float) -> None:
    # sigma(-x) = 1 - sigma(x), sigma' = sigma (1 - sigma), softplus' = sigma,
    # tanh'(x) = 4 sigma'(2x): all exact identities, computed with a few roundings
    s = float(sigmoid(x))
    assert float(sigmoid(-x)) == pytest.approx(1 - s, abs=1e-15)
    assert float(sigmoid_derivative(x)) == pytest.approx(s * (1 - s), rel=1e-12, abs=1e-16)
    assert float(softplus_derivative(x)) == s
    assert float(tanh_derivative(x)) == pytest.approx(
        4 * float(sigmoid_derivative(2 * x)), abs=1e-15
    )
    assert 0.0 < float(sigmoid_derivative(x)) <= 0.25


@FAST
@given(x=moderate, h=st.floats(1e-6, 1e-2))
def test_central_difference_is_exact_for_quadratics(x: float, h: float) -> None:
    # the truncation term h^2 f''' / 6 vanishes for a quadratic: only round-off remains,
    # eps |f| / h <= 2.2e-16 * 300 / 1e-6 ~ 1e-7
    f = lambda t: 3 * t * t - 2 * t + 1  # noqa: E731
    assert central_difference(f, x, h) == pytest.approx(6 * x - 2, abs=1e-6)


@FAST
@given(data=st.data())
def test_numerical_gradient_of_quadratic_form(data: st.DataObject) -> None:
    # closed form: grad (x^T A x + b . x) = (A + A^T) x + b
    x = data.draw(small_vectors())
    n = x.size
    A = data.draw(hnp.arrays(np.float64, (n, n), elements=st.floats(-2.0, 2.0)))
    b = data.draw(small_vectors(n))
    g = numerical_gradient(lambda v: float(v @ A @ v + b @ v), x)
    # no truncation error for a quadratic; round-off eps |f| / h with |f| <= 5*5*2*2*2 + 20
    assert_allclose(g, (A + A.T) @ x + b, rtol=0, atol=1e-7)


@FAST
@given(data=st.data())
def test_jacobian_of_linear_map_and_hessian_of_quadratic(data: st.DataObject) -> None:
    x = data.draw(small_vectors())
    n = x.size
    m = data.draw(st.integers(1, 4))
    A = data.draw(hnp.arrays(np.float64, (m, n), elements=st.floats(-2.0, 2.0)))
    # closed form: J(Ax) = A; round-off eps |Ax| / h ~ 1e-10
    assert_allclose(jacobian(lambda v: A @ v, x), A, rtol=0, atol=1e-8)
    S = data.draw(hnp.arrays(np.float64, (n, n), elements=st.floats(-2.0, 2.0)))
    # closed form: H(x^T S x) = S + S^T; second differences: eps |f| / h^2 ~ 1e-6 * 40
    H = hessian(lambda v: float(v @ S @ v), x)
    assert_allclose(H, S + S.T, rtol=0, atol=1e-5)
    assert_array_equal(H, H.T)


@FAST
@given(data=st.data())
def test_directional_derivative_is_gradient_dot_unit_direction(data: st.DataObject) -> None:
    x = data.draw(small_vectors())
    d = data.draw(small_vectors(x.size).filter(lambda v: bool(np.linalg.norm(v) > 1e-3)))
    c = data.draw(st.floats(1e-3, 1e3))

    def f(v: np.ndarray) -> float:
        return float(np.sum(np.sin(v)) + np.sum(v) ** 2)

    g = numerical_gradient(f, x)
    u = d / np.linalg.norm(d)
    # eq-calc-directional; both sides are central differences of O(1..100) values
    assert directional_derivative(f, x, d) == pytest.approx(g @ u, rel=1e-6, abs=1e-7)
    # normalised direction: scaling it by c > 0 changes nothing (up to rounding of u)
    assert directional_derivative(f, x, c * d) == pytest.approx(
        directional_derivative(f, x, d), rel=1e-8, abs=1e-8
    )
    # Cauchy-Schwarz: no direction is steeper than the gradient
    assert abs(directional_derivative(f, x, d)) <= np.linalg.norm(g) * (1 + 1e-6) + 1e-7


# magnitudes below 1e-290 are excluded: scaled by c >= 1e-3 they would reach the
# subnormal range (or 0), where relative precision is lost and scale invariance fails
_NOT_TINY = st.floats(-1e3, 1e3).filter(lambda v: v == 0.0 or abs(v) > 1e-290)


@FAST
@given(
    a=hnp.arrays(np.float64, st.integers(1, 6), elements=_NOT_TINY),
    data=st.data(),
)
def test_relative_error_properties(a: np.ndarray, data: st.DataObject) -> None:
    b = data.draw(hnp.arrays(np.float64, a.shape, elements=_NOT_TINY))
    c = data.draw(st.floats(1e-3, 1e3))
    r = relative_error(a, b)
    assert 0.0 <= r <= 1.0
    assert r == relative_error(b, a)  # the formula is symmetric term by term
    assert (r == 0.0) == bool(np.array_equal(a, b))
    # scale invariance; a few roundings in the scaled norms: 1e-12
    assert relative_error(c * a, c * b) == pytest.approx(r, rel=1e-12, abs=1e-15)


@FAST
@given(
    coeffs=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-3.0, 3.0)),
    x=hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(-2.0, 2.0)),
)
def test_taylor_polynomial_reproduces_polynomials(coeffs: np.ndarray, x: np.ndarray) -> None:
    # a polynomial sum c_k x^k has derivatives k! c_k at 0, and equals its own Taylor
    # polynomial; numpy.polyval is the reference (Horner too, in another order)
    derivs = [math.factorial(k) * c for k, c in enumerate(coeffs)]
    expected = np.polyval(coeffs[::-1], x)
    bound = np.polyval(np.abs(coeffs[::-1]), np.abs(x))  # the sum of |terms|
    assert_allclose(
        taylor_polynomial(derivs, 0.0, x), expected, rtol=0, atol=1e-13 * (1 + bound.max())
    )


@FAST
@given(
    p=st.floats(-3.0, 3.0).filter(lambda v: abs(v) > 1e-3),
    c=st.floats(1e-3, 1e3),
)
def test_loglog_slope_recovers_power_laws(p: float, c: float) -> None:
    h = np.logspace(-6, -1, 11)
    # logs of c h^p are exact to a few ulp: the fitted slope to ~1e-13
    assert loglog_slope(h, c * h**p) == pytest.approx(p, rel=1e-10, abs=1e-12)


@FAST
@given(
    signs=st.lists(st.sampled_from([-1.0, 0.0, 1.0]), min_size=1, max_size=5),
    mags=st.lists(st.floats(0.1, 10.0), min_size=5, max_size=5),
    seed=st.integers(0, 2**16),
)
def test_classification_follows_eigenvalue_signs(
    signs: list[float], mags: list[float], seed: int
) -> None:
    eig = np.array(signs) * np.array(mags[: len(signs)])
    Q = np.linalg.qr(np.random.default_rng(seed).normal(size=(eig.size, eig.size)))[0]
    H = Q @ np.diag(eig) @ Q.T
    H = (H + H.T) / 2  # symmetric to the last bit; rounding moves eigenvalues by ~1e-15 << 1e-6
    pos, neg = any(s > 0 for s in signs), any(s < 0 for s in signs)
    expected = (
        "saddle"
        if pos and neg
        else "degenerate"
        if 0.0 in signs
        else "minimum"
        if pos
        else "maximum"
    )
    assert classify_critical_point(H) == expected


# ---------------------------------------------------------------------------
# 3. Reference implementations: torch.autograd
# ---------------------------------------------------------------------------


def _torch_f(v: torch.Tensor) -> torch.Tensor:
    return torch.stack([v[0] ** 2 + v[1], torch.sin(v[0] * v[1]), torch.exp(v[2]) * v[0]])


def _torch_loss(v: torch.Tensor) -> torch.Tensor:
    return torch.logsumexp(v, 0) + (v**2).sum() / 2 + torch.sin(v[0] * v[1])


@FAST
@given(x=small_vectors(3))
def test_jacobian_and_hessian_agree_with_torch(x: np.ndarray) -> None:
    t = torch.tensor(x)
    J_torch = torch.autograd.functional.jacobian(_torch_f, t).numpy()  # type: ignore[no-untyped-call]
    J = jacobian(lambda v: _torch_f(torch.tensor(v)).numpy(), x)
    # central differences of O(10) values: errors ~1e-10; torch is exact to rounding
    assert_allclose(J, J_torch, rtol=1e-7, atol=1e-8)
    H_torch = torch.autograd.functional.hessian(_torch_loss, t).numpy()  # type: ignore[no-untyped-call]
    H = hessian(lambda v: float(_torch_loss(torch.tensor(v))), x)
    # second differences with h = 1e-4: round-off ~ eps |f| / h^2 ~ 1e-7; truncation ~ 1e-8
    assert_allclose(H, H_torch, rtol=1e-5, atol=1e-5)


def test_numerical_gradient_agrees_with_torch_on_a_logistic_loss() -> None:
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(20, 3)), rng.normal(size=(3, 2))
    y = rng.integers(0, 2, size=20)

    def loss_t(W_t: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.cross_entropy(torch.tensor(X) @ W_t, torch.tensor(y))

    W_t = torch.tensor(W, requires_grad=True)
    loss_t(W_t).backward()  # type: ignore[no-untyped-call]
    assert W_t.grad is not None
    grad_torch = W_t.grad.numpy()
    g = numerical_gradient(lambda M: float(loss_t(torch.tensor(M))), W)
    # central differences on a loss of size ~1: ~1e-11 absolute
    assert_allclose(g, grad_torch, rtol=0, atol=1e-9)
    assert gradient_check(lambda M: float(loss_t(torch.tensor(M))), lambda M: grad_torch, W) < 1e-8


def test_activations_agree_with_torch() -> None:
    # torch's softplus returns x itself (and slope 1) above its threshold 20, dropping
    # log1p(exp(-x)) < 2.1e-9: compare there with rtol 1e-8, elsewhere to a few ulp
    x = np.linspace(-30.0, 30.0, 121)
    below = x <= 20
    for ours, theirs, dours in (
        (sigmoid, torch.sigmoid, sigmoid_derivative),
        (np.tanh, torch.tanh, tanh_derivative),
        (softplus, torch.nn.functional.softplus, softplus_derivative),
        (lambda v: np.maximum(v, 0.0), torch.relu, relu_derivative),
    ):
        t = torch.tensor(x, requires_grad=True)
        out = theirs(t)
        out.sum().backward()  # type: ignore[no-untyped-call]  # elementwise derivative
        assert t.grad is not None
        value, slope = out.detach().numpy(), t.grad.numpy()
        assert_allclose(ours(x)[below], value[below], rtol=1e-14, atol=1e-15)
        assert_allclose(dours(x)[below], slope[below], rtol=1e-12, atol=1e-15)
        assert_allclose(ours(x), value, rtol=1e-8, atol=1e-15)
        assert_allclose(dours(x), slope, rtol=1e-8, atol=1e-15)


def test_relu_derivative_at_zero_matches_torch() -> None:
    t = torch.tensor(0.0, requires_grad=True)
    torch.relu(t).backward()  # type: ignore[no-untyped-call]
    assert t.grad is not None
    assert relu_derivative(0.0) == t.grad.item() == 0.0
    # the central difference straddles the kink: the average of the one-sided slopes
    assert central_difference(lambda v: max(v, 0.0), 0.0) == 0.5


# ---------------------------------------------------------------------------
# Error paths
# ---------------------------------------------------------------------------

ONE_D = [forward_difference, central_difference]


@pytest.mark.parametrize("func", ONE_D)
def test_one_variable_errors(func: Callable[..., float]) -> None:
    with pytest.raises(TypeError, match="`f` must be a callable function; got int"):
        func(3, 1.0)
    with pytest.raises(ValueError, match=re.escape("`x` must be a finite number; got nan")):
        func(square, math.nan)
    with pytest.raises(TypeError, match="`x` must be a real number, not a boolean"):
        func(square, True)
    with pytest.raises(TypeError, match="`x` must be a real number; got str"):
        func(square, "1")
    for h in (0.0, -1e-3):
        with pytest.raises(ValueError, match="`h` must be positive; got"):
            func(square, 1.0, h)
    with pytest.raises(ValueError, match="`h` must be a finite number; got inf"):
        func(square, 1.0, math.inf)
    with pytest.raises(TypeError, match="`h` must be a real number, not a boolean"):
        func(square, 1.0, True)
    with pytest.raises(ValueError, match="`h` = 1e-05 is below the float spacing at `x`"):
        func(square, 1e20, 1e-5)


@pytest.mark.parametrize("func", ONE_D)
@pytest.mark.parametrize(
    ("f", "exc", "message"),
    [
        (lambda t: [t, t], ValueError, "`f` must return a real scalar; got an array of shape (2,)"),
        (
            lambda t: np.array([t]),
            ValueError,
            "`f` must return a real scalar; got an array of shape (1,)",
        ),
        (lambda t: math.nan, ValueError, "`f` must return a finite value; got nan"),
        (lambda t: math.inf, ValueError, "`f` must return a finite value; got inf"),
        (lambda t: 1j * t, TypeError, "`f` must return real numbers; got complex"),
        (lambda t: "x", TypeError, "`f` must return real numbers; got str"),
        (lambda t: None, TypeError, "`f` must return real numbers; got NoneType"),
        (lambda t: np.array([1j], dtype=object), TypeError, "`f` must return real numbers"),
    ],
)
def test_bad_function_output(
    func: Callable[..., float], f: Callable[[float], object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        func(f, 1.0)


def test_finite_difference_errors_errors() -> None:
    with pytest.raises(TypeError, match="`df` must be a callable function"):
        finite_difference_errors(square, 2.0, 1.0, [0.1])  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=re.escape("`hs` must hold positive steps; got a minimum of -0.1")
    ):
        finite_difference_errors(square, lambda t: 2 * t, 1.0, [0.1, -0.1])
    with pytest.raises(ValueError, match=re.escape("`hs` must be a 1-D vector")):
        finite_difference_errors(square, lambda t: 2 * t, 1.0, [[0.1]])
    with pytest.raises(ValueError, match="`method` must be one of"):
        finite_difference_errors(square, lambda t: 2 * t, 1.0, [0.1], "backward")
    with pytest.raises(TypeError, match=r"`method` must be one of .*; got int"):
        finite_difference_errors(square, lambda t: 2 * t, 1.0, [0.1], 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`df` must return a finite value"):
        finite_difference_errors(square, lambda t: math.nan, 1.0, [0.1])


def test_loglog_slope_errors() -> None:
    with pytest.raises(ValueError, match="`errors` must be positive to take logarithms"):
        loglog_slope([0.1, 0.01], [1e-3, 0.0])
    with pytest.raises(ValueError, match="`hs` must be positive to take logarithms"):
        loglog_slope([-0.1, 0.01], [1e-3, 1e-4])
    with pytest.raises(ValueError, match="`hs` and `errors` must have the same length"):
        loglog_slope([0.1, 0.01], [1e-3])
    with pytest.raises(ValueError, match="at least two distinct step sizes"):
        loglog_slope([0.1, 0.1], [1e-3, 1e-4])
    with pytest.raises(ValueError, match=re.escape("`errors` must contain only finite numbers")):
        loglog_slope([0.1, 0.01], [1e-3, math.nan])


def test_numerical_gradient_errors() -> None:
    with pytest.raises(TypeError, match="`f` must be a callable function; got list"):
        numerical_gradient([1.0], [1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`x` must contain only finite numbers")):
        numerical_gradient(sum_of_squares, [1.0, math.inf])
    with pytest.raises(ValueError, match=re.escape("`x` must not be empty")):
        numerical_gradient(sum_of_squares, [])
    with pytest.raises(ValueError, match="`h` must be positive; got"):
        numerical_gradient(sum_of_squares, [1.0], h=0.0)
    with pytest.raises(
        ValueError, match=re.escape("`f` must return a real scalar; got an array of shape (2,)")
    ):
        numerical_gradient(lambda v: v, [1.0, 2.0])  # type: ignore[arg-type, return-value]
    with pytest.raises(
        ValueError, match="`f` must return a finite value; got nan at `x` shifted in entry 1"
    ):
        numerical_gradient(lambda v: math.nan if v[1] < 0 else float(v[1]), [1.0, 0.0])
    with pytest.raises(ValueError, match="below the float spacing"):
        numerical_gradient(sum_of_squares, [1.0, 1e20])


def test_jacobian_errors() -> None:
    with pytest.raises(TypeError, match="`f` must be a callable function"):
        jacobian(None, [1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`x` must be a 1-D vector")):
        jacobian(lambda v: v, [[1.0, 2.0]])
    with pytest.raises(
        ValueError, match=re.escape("`f` must return a scalar or a 1-D vector; got shape (2, 2)")
    ):
        jacobian(lambda v: np.outer(v, v), [1.0, 2.0])
    with pytest.raises(ValueError, match="`f` must return outputs of one length; got 1 and then 2"):
        jacobian(lambda v: np.ones(1 if v[0] > 1.0 else 2), [1.0])
    with pytest.raises(ValueError, match="`f` must return finite values; got NaN or inf"):
        jacobian(lambda v: np.full_like(v, np.inf) if v[0] > 1 else v, [1.0])
    with pytest.raises(TypeError, match="`f` must return real numbers; got str"):
        jacobian(lambda v: "v", [1.0])
    with pytest.raises(ValueError, match="`h` must be positive; got"):
        jacobian(lambda v: v, [1.0], h=-1.0)


def test_hessian_errors() -> None:
    with pytest.raises(TypeError, match="`f` must be a callable function"):
        hessian("f", [1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`x` must be a 1-D vector")):
        hessian(sum_of_squares, 1.0)
    with pytest.raises(ValueError, match=re.escape("`f` must return a real scalar; got an array")):
        hessian(lambda v: v, [1.0, 2.0])  # type: ignore[arg-type, return-value]
    with pytest.raises(
        ValueError,
        match="`f` must return a finite value; got inf at `x` shifted in entries 0 and 1",
    ):
        hessian(lambda v: math.inf if v[0] > 1 and v[1] > 1 else 0.0, [1.0, 1.0])
    with pytest.raises(ValueError, match="`h` must be a finite number"):
        hessian(sum_of_squares, [1.0], h=math.nan)


def test_directional_derivative_errors() -> None:
    with pytest.raises(ValueError, match="`direction` must not be the zero vector"):
        directional_derivative(sum_of_squares, [1.0, 2.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="`x` and `direction` must have the same length"):
        directional_derivative(sum_of_squares, [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match=re.escape("`direction` must contain only finite numbers")):
        directional_derivative(sum_of_squares, [1.0, 2.0], [1.0, math.nan])
    with pytest.raises(TypeError, match="`f` must be a callable function"):
        directional_derivative(1.0, [1.0], [1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`h` must be positive; got"):
        directional_derivative(sum_of_squares, [1.0], [1.0], h=0.0)
    with pytest.raises(ValueError, match="below the float spacing at `x`"):
        directional_derivative(sum_of_squares, [1e20], [1.0])
    with pytest.raises(ValueError, match="`f` must return a real scalar"):
        directional_derivative(lambda v: v, [1.0, 2.0], [1.0, 0.0])  # type: ignore[arg-type, return-value]


def test_taylor_polynomial_errors() -> None:
    with pytest.raises(ValueError, match=re.escape("`derivatives` must not be empty")):
        taylor_polynomial([], 0.0, 1.0)
    with pytest.raises(ValueError, match=re.escape("`derivatives` must be a 1-D vector")):
        taylor_polynomial([[1.0]], 0.0, 1.0)
    with pytest.raises(ValueError, match="`x0` must be a finite number"):
        taylor_polynomial([1.0], math.inf, 1.0)
    with pytest.raises(TypeError, match="`x0` must be a real number, not a boolean"):
        taylor_polynomial([1.0], False, 1.0)
    with pytest.raises(ValueError, match=re.escape("`x` must contain only finite numbers")):
        taylor_polynomial([1.0], 0.0, [math.nan])
    with pytest.raises(
        ValueError, match="`x` is too far from `x0`: the Taylor polynomial overflows"
    ):
        taylor_polynomial([1.0] * 10, 0.0, 1e200)


def test_relative_error_errors() -> None:
    with pytest.raises(
        ValueError, match=re.escape("`a` and `b` must have the same shape; got (2,) and (3,)")
    ):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=re.escape("`b` must contain only finite numbers")):
        relative_error([1.0], [math.nan])
    with pytest.raises(TypeError, match="`a` must be array-like of numbers; got str"):
        relative_error("a", [1.0])


def test_gradient_check_errors() -> None:
    x = [1.0, 2.0]
    with pytest.raises(TypeError, match="`grad` must be a callable function; got list"):
        gradient_check(sum_of_squares, [2.0, 4.0], x)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="`f` must be a callable function"):
        gradient_check(None, lambda v: v, x)  # type: ignore[arg-type]
    with pytest.raises(
        ValueError,
        match=re.escape("`grad` must return an array of the shape of `x`, (2,); got (3,)"),
    ):
        gradient_check(sum_of_squares, lambda v: np.ones(3), x)
    with pytest.raises(ValueError, match="`grad` must return finite values"):
        gradient_check(sum_of_squares, lambda v: np.full_like(v, np.nan), x)
    with pytest.raises(ValueError, match="`h` must be positive; got"):
        gradient_check(sum_of_squares, lambda v: 2 * v, x, h=-1.0)


def test_classify_critical_point_errors() -> None:
    with pytest.raises(ValueError, match=re.escape("`hess` must be square; got shape (2, 3)")):
        classify_critical_point(np.ones((2, 3)))
    with pytest.raises(ValueError, match="`hess` must be symmetric"):
        classify_critical_point([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match=re.escape("`hess` must contain only finite numbers")):
        classify_critical_point([[1.0, math.nan], [math.nan, 1.0]])
    for tol in (-0.1, 1.0):
        with pytest.raises(ValueError, match=re.escape("`tol` must lie in [0, 1)")):
            classify_critical_point(np.eye(2), tol=tol)
    with pytest.raises(TypeError, match="`tol` must be a real number, not a boolean"):
        classify_critical_point(np.eye(2), tol=True)


@pytest.mark.parametrize(
    "func",
    [sigmoid, sigmoid_derivative, tanh_derivative, softplus, softplus_derivative, relu_derivative],
)
def test_activation_errors(func: Callable[[object], np.ndarray]) -> None:
    with pytest.raises(ValueError, match=re.escape("`x` must contain only finite numbers")):
        func([0.0, math.nan])
    with pytest.raises(TypeError, match="`x` must be array-like of numbers; got str"):
        func("0")
    with pytest.raises(ValueError, match=re.escape("`x` must not be empty")):
        func([])


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def by_gid(ax: Axes, gid: str) -> Line2D:
    (line,) = [line for line in ax.lines if line.get_gid() == gid]
    return line


def xy(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_xydata(), dtype=np.float64)


def test_tangent_lines_touch_with_slope_f_prime() -> None:
    fig = plot_tangent_lines(square, lambda t: 2 * t, [1.0, -2.0, 0.0], secant_steps=[1.0, 0.5])
    (ax,) = fig.axes
    for a in (1.0, -2.0, 0.0):
        pts = xy(by_gid(ax, f"tangent a={a:g}"))
        slope = (pts[1, 1] - pts[0, 1]) / (pts[1, 0] - pts[0, 0])
        assert slope == pytest.approx(2 * a, abs=1e-12)
        # the line passes through (a, a^2): its value at a equals f(a)
        assert pts[0, 1] + slope * (a - pts[0, 0]) == pytest.approx(a * a, abs=1e-12)
    for h in (1.0, 0.5):
        pts = xy(by_gid(ax, f"secant h={h:g}"))
        slope = (pts[1, 1] - pts[0, 1]) / (pts[1, 0] - pts[0, 0])
        assert slope == pytest.approx(2 + h, rel=1e-12)  # eq-calc-square-secant
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) == 6
    assert all(labels)
    assert ax.get_xlabel()
    assert ax.get_ylabel()


def test_difference_errors_figure_shows_data_and_fitted_slopes() -> None:
    hs = np.logspace(-8, -1, 15)
    fwd = finite_difference_errors(np.sin, np.cos, 1.0, hs, "forward")
    cen = finite_difference_errors(np.sin, np.cos, 1.0, hs, "central")
    cen[0] = 0.0  # an exact zero cannot be drawn on a log axis: it is left out
    fig = plot_difference_errors(hs, fwd, cen, fit_range=(1e-4, 1e-1))
    (ax,) = fig.axes
    assert_array_equal(xy(by_gid(ax, "forward")), np.column_stack([hs, fwd]))
    assert_array_equal(xy(by_gid(ax, "central")), np.column_stack([hs[1:], cen[1:]]))
    fit = (hs >= 1e-4) & (hs <= 1e-1)
    for method, err in (("forward", fwd), ("central", cen)):
        line = xy(by_gid(ax, f"fit {method}"))
        drawn = np.diff(np.log10(line[:, 1])) / np.diff(np.log10(line[:, 0]))
        assert drawn[0] == pytest.approx(loglog_slope(hs[fit], err[fit]), rel=1e-12)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert "fitted slope 1.00" in labels
    assert "fitted slope 2.00" in labels
    assert ax.get_xlabel()
    assert ax.get_ylabel()


def test_difference_errors_figure_errors() -> None:
    hs = [1e-3, 1e-2]
    with pytest.raises(
        ValueError, match="`fit_range` must contain at least two positive forward errors"
    ):
        plot_difference_errors(hs, [1e-3, 1e-2], [1e-6, 1e-4], fit_range=(1e-3, 5e-3))
    with pytest.raises(ValueError, match="`central_errors` must have one error per step"):
        plot_difference_errors(hs, [1e-3, 1e-2], [1e-6])
    with pytest.raises(ValueError, match="`forward_errors` must be non-negative"):
        plot_difference_errors(hs, [-1e-3, 1e-2], [1e-6, 1e-4])
    with pytest.raises(ValueError, match="`hs` must hold positive steps"):
        plot_difference_errors([0.0, 1e-2], [1e-3, 1e-2], [1e-6, 1e-4])
    with pytest.raises(ValueError, match="`fit_range` must be positive"):
        plot_difference_errors(hs, [1e-3, 1e-2], [1e-6, 1e-4], fit_range=(-1.0, 1.0))
    assert plt.get_fignums() == []


def test_activation_figure_draws_the_derivatives() -> None:
    fig = plot_activation_derivatives((-4.0, 4.0), 801)
    left, right = fig.axes
    derivatives = {
        "sigmoid": sigmoid_derivative,
        "tanh": tanh_derivative,
        "softplus": softplus_derivative,
        "relu": relu_derivative,
    }
    for gid, deriv in derivatives.items():
        g, dg = xy(by_gid(left, gid)), xy(by_gid(right, gid))
        assert_array_equal(dg[:, 1], deriv(dg[:, 0]))
        # the right panel is the slope of the left one: np.gradient (second order on a
        # grid of spacing 0.01) agrees to ~1e-4 away from ReLU's kink
        slope = np.gradient(g[:, 1], g[:, 0])
        away = np.abs(g[:, 0]) > 0.02
        assert_allclose(slope[away], dg[away, 1], rtol=0, atol=1e-4)
    assert_array_equal(xy(by_gid(right, "one quarter"))[:, 1], [0.25, 0.25])
    assert all(ax.get_title() and ax.get_xlabel() for ax in fig.axes)


def test_activation_figure_errors() -> None:
    with pytest.raises(ValueError, match="`n_points` must be at least 3"):
        plot_activation_derivatives(n_points=2)
    with pytest.raises(ValueError, match="`xlim` must be an interval"):
        plot_activation_derivatives((1.0, -1.0))
    assert plt.get_fignums() == []


def test_taylor_figure_draws_the_polynomials() -> None:
    derivs = [0.0, 1.0, -1.0, 2.0, -6.0]
    fig = plot_taylor_polynomials(np.log1p, derivs, 0.0, (-0.5, 1.5), orders=(1, 2, 4))
    left, right = fig.axes
    f = xy(by_gid(left, "function"))
    assert_array_equal(f[:, 1], np.log1p(f[:, 0]))
    for n in (1, 2, 4):
        t = xy(by_gid(left, f"order {n}"))
        assert_array_equal(t[:, 1], taylor_polynomial(derivs[: n + 1], 0.0, t[:, 0]))
        e = xy(by_gid(right, f"order {n}"))
        expected = np.abs(np.log1p(e[:, 0]) - taylor_polynomial(derivs[: n + 1], 0.0, e[:, 0]))
        assert_array_equal(e[:, 1], expected)
        assert np.all(e[:, 1] > 0)  # exact zeros are left out of the log axis
    assert_array_equal(xy(by_gid(left, "x0")), [[0.0, 0.0]])
    assert right.get_yscale() == "log"
    assert all(ax.get_title() for ax in fig.axes)


def test_taylor_figure_errors() -> None:
    with pytest.raises(
        ValueError, match=re.escape("`derivatives` must hold at least max(`orders`) + 1 = 5")
    ):
        plot_taylor_polynomials(np.exp, [1.0, 1.0], 0.0, (-1.0, 1.0))
    with pytest.raises(ValueError, match="`orders` must be a non-empty sequence"):
        plot_taylor_polynomials(np.exp, [1.0, 1.0], 0.0, (-1.0, 1.0), orders=())
    with pytest.raises(TypeError, match="`orders` must be a sequence of integers; got int"):
        plot_taylor_polynomials(np.exp, [1.0, 1.0], 0.0, (-1.0, 1.0), orders=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`orders[0]` must be at least 0")):
        plot_taylor_polynomials(np.exp, [1.0, 1.0], 0.0, (-1.0, 1.0), orders=(-1,))
    with pytest.raises(ValueError, match="`f` must be vectorised"):
        plot_taylor_polynomials(lambda t: 1.0, [1.0, 1.0], 0.0, (-1.0, 1.0), orders=(1,))  # type: ignore[arg-type, return-value]
    with pytest.raises(ValueError, match="`f` must be finite on the plotted range"):
        plot_taylor_polynomials(
            lambda t: np.where(t > 0.5, np.inf, t), [0.0, 1.0], 0.0, (-1.0, 1.0), orders=(1,)
        )
    with pytest.raises(TypeError, match="`f` must be a callable function"):
        plot_taylor_polynomials(None, [1.0], 0.0, (-1.0, 1.0), orders=(0,))  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_gradient_field_arrows_are_the_gradients() -> None:
    def f(v: np.ndarray) -> float:
        return float(v[0] ** 2 + 3 * v[1] ** 2 + v[0] * v[1])

    fig = plot_gradient_field(f, (-2.0, 2.0), (-2.0, 2.0), n_arrows=4, point=[1.0, 0.5])
    (ax,) = fig.axes
    (quiver,) = [c for c in ax.collections if isinstance(c, Quiver)]
    assert quiver.get_gid() == "gradients"
    feet = np.asarray(quiver.get_offsets())
    arrows = np.column_stack([quiver.U, quiver.V])
    exact = np.column_stack([2 * feet[:, 0] + feet[:, 1], 6 * feet[:, 1] + feet[:, 0]])
    # one common positive scale for all arrows (lengths compare across the plot)
    scales = np.linalg.norm(arrows, axis=1) / np.linalg.norm(exact, axis=1)
    assert_allclose(scales, scales[0], rtol=1e-8)
    assert_allclose(arrows, scales[0] * exact, rtol=1e-8, atol=1e-12)
    # the highlighted point's arrow points along its gradient (2 + 0.5, 3 + 1)
    (arrow,) = ax.texts
    assert isinstance(arrow, Annotation)
    tip, tail = np.array(arrow.xy), np.array(arrow.xyann)
    direction = (tip - tail) / np.linalg.norm(tip - tail)
    assert_allclose(direction, np.array([2.5, 4.0]) / np.hypot(2.5, 4.0), rtol=1e-8)
    assert ax.get_xlabel() == "$x$"
    assert ax.get_title()


def test_gradient_field_errors() -> None:
    with pytest.raises(ValueError, match="`n_arrows` must be at least 2"):
        plot_gradient_field(sum_of_squares, n_arrows=1)
    with pytest.raises(ValueError, match="`point` must be a point of the plane"):
        plot_gradient_field(sum_of_squares, point=[1.0, 2.0, 3.0])
    with pytest.raises(
        ValueError, match="`f` must return a finite real scalar at every grid point"
    ):
        plot_gradient_field(lambda v: v)  # type: ignore[arg-type, return-value]
    with pytest.raises(TypeError, match="`f` must return a real scalar; got str"):
        plot_gradient_field(lambda v: "f")  # type: ignore[arg-type, return-value]
    with pytest.raises(ValueError, match="`ylim` must be an interval"):
        plot_gradient_field(sum_of_squares, ylim=(0.0, 0.0))
    assert plt.get_fignums() == []


def test_directional_figure_is_the_cosine_of_the_angle() -> None:
    def f(v: np.ndarray) -> float:
        return float(3 * v[0] + 4 * v[1] + v[0] ** 2)

    fig = plot_directional_derivatives(f, [0.0, 0.0], n_angles=73)
    (ax,) = fig.axes
    curve = xy(by_gid(ax, "directional"))
    theta = np.radians(curve[:, 0])
    # eq-calc-directional with grad f(0) = (3, 4): D_u f = 3 cos t + 4 sin t
    assert_allclose(curve[:, 1], 3 * np.cos(theta) + 4 * np.sin(theta), rtol=1e-8, atol=1e-9)
    assert_allclose(xy(by_gid(ax, "gradient norm"))[:, 1], 5.0, rtol=1e-9)
    angle = xy(by_gid(ax, "gradient angle"))[0, 0]
    assert angle == pytest.approx(math.degrees(math.atan2(4, 3)), rel=1e-8)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert fig.legends


def test_directional_figure_errors() -> None:
    with pytest.raises(ValueError, match="`x` must be a point of the plane"):
        plot_directional_derivatives(sum_of_squares, [1.0])
    with pytest.raises(ValueError, match="`n_angles` must be at least 3"):
        plot_directional_derivatives(sum_of_squares, [1.0, 0.0], n_angles=2)
    with pytest.raises(TypeError, match="`n_angles` must be an integer"):
        plot_directional_derivatives(sum_of_squares, [1.0, 0.0], n_angles=3.0)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_tangent_figure_errors() -> None:
    with pytest.raises(TypeError, match="`df` must be a callable function"):
        plot_tangent_lines(square, 2.0, [1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`secant_steps` must hold positive steps"):
        plot_tangent_lines(square, square, [1.0], secant_steps=[0.0])
    with pytest.raises(ValueError, match=re.escape("`points` must contain only finite numbers")):
        plot_tangent_lines(square, square, [math.nan])
    with pytest.raises(ValueError, match="`f` must be finite on the plotted range"):
        plot_tangent_lines(
            lambda t: np.where(t > 2.5, np.inf, t * t), square, [1.0], (-1.0, 2.0), [2.0]
        )
    assert plt.get_fignums() == []
