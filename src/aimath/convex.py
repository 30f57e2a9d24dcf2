"""Convexity and duality: proximal operators, the lasso, projections and Lagrange duality.

Each function implements one formula or one algorithm of chapter 9 of the
book: the soft-thresholding operator (the proximal operator of the
:math:`L_1` norm), ISTA and FISTA for the lasso with its optimality (KKT)
conditions and duality-gap certificate, the Euclidean projection onto the
probability simplex, projected gradient descent, the Lagrange dual of a
quadratic program, and a small non-convex problem whose dual leaves a gap.
The tests check them against closed forms, SciPy, SymPy and scikit-learn.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, euclidean_length
from aimath._validation import integer_at_least as _count
from aimath._validation import nonnegative_number as _nonnegative
from aimath._validation import positive_number as _positive
from aimath.norms import spectral_norm

__all__ = [
    "LassoResult",
    "QPDualResult",
    "fista",
    "ista",
    "lasso_dual_gap",
    "lasso_kkt_violation",
    "lasso_lambda_max",
    "lasso_objective",
    "partition_dual_function",
    "partition_optimum",
    "project_simplex",
    "projected_gradient_descent",
    "prox_squared_l2",
    "qp_dual_function",
    "qp_lagrangian_minimizer",
    "soft_threshold",
    "solve_qp_dual",
]

#: ``P`` counts as symmetric when ``max|P - P.T| <= _SYMMETRY_RTOL * max|P|``.
_SYMMETRY_RTOL = 1e-10

#: Largest matrix :func:`partition_optimum` enumerates (2**(n-1) sign vectors).
_MAX_PARTITION = 16


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _design(A: ArrayLike, b: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """``A`` as an (m, n) matrix and ``b`` as a vector of length m."""
    A_ = as_matrix(A, "A")
    b_ = as_vector(b, "b")
    if b_.shape[0] != A_.shape[0]:
        msg = f"`b` must have length {A_.shape[0]} (rows of `A`); got {b_.shape[0]}"
        raise ValueError(msg)
    return A_, b_


def _coefficients(x: ArrayLike, n: int, name: str = "x") -> FloatArray:
    """``x`` as a vector of length ``n`` (columns of ``A``)."""
    x_ = as_vector(x, name)
    if x_.shape[0] != n:
        msg = f"`{name}` must have length {n} (columns of `A`); got {x_.shape[0]}"
        raise ValueError(msg)
    return x_


def _symmetric(M: ArrayLike, name: str) -> FloatArray:
    """``M`` as a square matrix, symmetric up to rounding, symmetrised exactly."""
    M_ = as_matrix(M, name, square=True)
    asymmetry = float(np.max(np.abs(M_ - M_.T)))
    if asymmetry > _SYMMETRY_RTOL * float(np.max(np.abs(M_))):
        msg = f"`{name}` must be symmetric; got max |{name} - {name}.T| = {asymmetry:.3g}"
        raise ValueError(msg)
    symmetrised: FloatArray = 0.5 * (M_ + M_.T)
    return symmetrised


# ---------------------------------------------------------------------------
# Proximal operators
# ---------------------------------------------------------------------------


def soft_threshold(x: ArrayLike, t: float) -> FloatArray:
    r"""Soft-thresholding: the proximal operator of :math:`t\lVert \cdot \rVert_1`.

    Parameters
    ----------
    x : array_like
        A finite number or array (any shape); the operator acts entry by entry.
    t : float
        The threshold :math:`t \ge 0`.

    Returns
    -------
    ndarray, same shape as ``x``
        :math:`S_t(x)`: every entry moved towards 0 by ``t``, and set to exactly
        0 (never ``-0.0``) if its magnitude is at most ``t``.

    Raises
    ------
    ValueError
        If ``x`` is empty or not finite, or ``t`` is negative or not finite.
    TypeError
        If ``x`` is not array-like of real numbers or ``t`` is not a real number.

    Notes
    -----
    .. math::

        S_t(x)_i = \operatorname{sign}(x_i)\max(|x_i| - t, 0)
        = \operatorname*{arg\,min}_{z}\ \tfrac12 \lVert z - x \rVert_2^2 + t \lVert z \rVert_1 .

    The minimisation separates over coordinates. For :math:`z_i \ne 0` the
    derivative :math:`z_i - x_i + t\,\operatorname{sign}(z_i)` vanishes at
    :math:`z_i = x_i - t\,\operatorname{sign}(x_i)`, which has the right sign
    only when :math:`|x_i| > t`; otherwise :math:`0` is optimal, because the
    subdifferential :math:`[-t, t]` of :math:`t|z_i|` at 0 contains
    :math:`x_i`. The interval :math:`[-t, t]` is the *dead zone*: this is where
    the exact zeros of the lasso come from.

    References
    ----------
    N. Parikh and S. Boyd, "Proximal algorithms", *Foundations and Trends in
    Optimization* 1(3), 2014, §6.5.2.

    Examples
    --------
    >>> soft_threshold([3.0, -0.5, 1.0, -2.0], 1.0).tolist()
    [2.0, 0.0, 0.0, -1.0]
    """
    return _shrink(as_float_array(x, "x"), _nonnegative(t, "t"))


def _shrink(x: FloatArray, t: float) -> FloatArray:
    """:func:`soft_threshold` without the argument checks, for inner loops."""
    # + 0.0 turns the -0.0 of sign(x) * 0 for negative x into +0.0
    shrunk: FloatArray = np.sign(x) * np.maximum(np.abs(x) - t, 0.0) + 0.0
    return shrunk


def prox_squared_l2(x: ArrayLike, t: float) -> FloatArray:
    r"""The proximal operator of :math:`\tfrac{t}{2}\lVert \cdot \rVert_2^2`: uniform shrinkage.

    Parameters
    ----------
    x : array_like
        A finite number or array (any shape).
    t : float
        The weight :math:`t \ge 0`.

    Returns
    -------
    ndarray, same shape as ``x``
        :math:`x / (1 + t)`.

    Raises
    ------
    ValueError
        If ``x`` is empty or not finite, or ``t`` is negative or not finite.
    TypeError
        If ``x`` is not array-like of real numbers or ``t`` is not a real number.

    Notes
    -----
    .. math::

        \operatorname*{arg\,min}_{z}\ \tfrac12 \lVert z - x \rVert_2^2
        + \tfrac{t}{2}\lVert z \rVert_2^2 = \frac{x}{1 + t},

    from setting the gradient :math:`z - x + t z` to zero. Unlike
    :func:`soft_threshold`, it scales every entry by the same factor and sets
    none to zero: the proximal view of ridge regression and weight decay.

    Examples
    --------
    >>> prox_squared_l2([3.0, -0.5], 1.0).tolist()
    [1.5, -0.25]
    """
    x_ = as_float_array(x, "x")
    t_ = _nonnegative(t, "t")
    scaled: FloatArray = x_ / (1.0 + t_)
    return scaled


# ---------------------------------------------------------------------------
# The lasso
# ---------------------------------------------------------------------------


def lasso_objective(A: ArrayLike, b: ArrayLike, x: ArrayLike, lam: float) -> float:
    r"""The lasso objective :math:`\tfrac12\lVert Ax - b \rVert_2^2 + \lambda \lVert x \rVert_1`.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Design matrix.
    b : array_like, shape (m,)
        Targets.
    x : array_like, shape (n,)
        Coefficients.
    lam : float
        The penalty weight :math:`\lambda \ge 0`.

    Returns
    -------
    float
        :math:`F(x)`.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, or ``lam`` is negative.
    TypeError
        If an input is not array-like of real numbers or ``lam`` is not a real number.

    Notes
    -----
    .. math::

        F(x) = \tfrac12 \lVert A x - b \rVert_2^2 + \lambda \lVert x \rVert_1 .

    This is the scaling used throughout the book. scikit-learn's ``Lasso``
    minimises :math:`\tfrac{1}{2m}\lVert b - Ax \rVert_2^2 + \alpha \lVert x \rVert_1`
    instead, which is :math:`F / m` with :math:`\lambda = m\alpha`: the same
    minimiser.

    References
    ----------
    R. Tibshirani, "Regression shrinkage and selection via the lasso", 1996.

    Examples
    --------
    >>> lasso_objective([[1.0, 0.0], [0.0, 1.0]], [3.0, 1.0], [2.0, 0.0], 1.0)
    3.0
    """
    A_, b_ = _design(A, b)
    x_ = _coefficients(x, A_.shape[1])
    lam_ = _nonnegative(lam, "lam")
    return _lasso_value(A_ @ x_ - b_, x_, lam_)


def lasso_lambda_max(A: ArrayLike, b: ArrayLike) -> float:
    r"""The smallest :math:`\lambda` for which :math:`x = 0` solves the lasso.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Design matrix.
    b : array_like, shape (m,)
        Targets.

    Returns
    -------
    float
        :math:`\lambda_{\max} = \lVert A^\top b \rVert_\infty`.

    Raises
    ------
    ValueError
        If the shapes do not match or an input is not finite.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    By :func:`lasso_kkt_violation`, :math:`x = 0` is optimal exactly when
    :math:`|A^\top b|_j \le \lambda` for every :math:`j`:

    .. math:: \lambda \ge \lambda_{\max} = \max_j |a_j^\top b| .

    Below it at least one coefficient is non-zero. In scikit-learn's scaling
    the same threshold is :math:`\alpha_{\max} = \lambda_{\max} / m`, where
    its regularisation paths start.

    Examples
    --------
    >>> lasso_lambda_max([[1.0, 0.0], [0.0, 1.0]], [3.0, -4.0])
    4.0
    """
    A_, b_ = _design(A, b)
    return float(np.max(np.abs(A_.T @ b_)))


def lasso_kkt_violation(A: ArrayLike, b: ArrayLike, x: ArrayLike, lam: float) -> float:
    r"""How far ``x`` is from satisfying the lasso optimality conditions.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Design matrix.
    b : array_like, shape (m,)
        Targets.
    x : array_like, shape (n,)
        Candidate coefficients.
    lam : float
        The penalty weight :math:`\lambda \ge 0` of :func:`lasso_objective`.

    Returns
    -------
    float
        The distance, in the max norm, from 0 to the subdifferential of the
        objective at ``x``: 0 exactly when ``x`` is a minimiser.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, or ``lam`` is negative.
    TypeError
        If an input is not array-like of real numbers or ``lam`` is not a real number.

    Notes
    -----
    :math:`x` minimises the convex :math:`F` of :func:`lasso_objective` if and
    only if :math:`0 \in \partial F(x) = -A^\top(b - Ax) + \lambda\,\partial\lVert x \rVert_1`.
    With :math:`g = A^\top (b - Ax)` that reads, coordinate by coordinate,

    .. math::

        g_j = \lambda \operatorname{sign}(x_j) \ \text{ if } x_j \ne 0, \qquad
        |g_j| \le \lambda \ \text{ if } x_j = 0,

    and the violation returned is

    .. math::

        \max\Bigl( \max_{x_j \ne 0} |g_j - \lambda \operatorname{sign}(x_j)|,\;
                   \max_{x_j = 0} (|g_j| - \lambda)_+ \Bigr) .

    A coordinate counts as zero only if it is exactly zero, which is what
    :func:`soft_threshold` produces.

    Examples
    --------
    >>> A = [[1.0, 0.0], [0.0, 1.0]]
    >>> lasso_kkt_violation(A, [3.0, 1.0], [2.0, 0.0], 1.0)
    0.0
    >>> lasso_kkt_violation(A, [3.0, 1.0], [3.0, 0.0], 1.0)
    1.0
    """
    A_, b_ = _design(A, b)
    x_ = _coefficients(x, A_.shape[1])
    lam_ = _nonnegative(lam, "lam")
    g = A_.T @ (b_ - A_ @ x_)  # (n,) negative gradient of the smooth part
    on_support = np.abs(g - lam_ * np.sign(x_))
    off_support = np.maximum(np.abs(g) - lam_, 0.0)
    return float(np.max(np.where(x_ != 0.0, on_support, off_support)))


def lasso_dual_gap(A: ArrayLike, b: ArrayLike, x: ArrayLike, lam: float) -> float:
    r"""A certified upper bound on :math:`F(x) - F^\star` for the lasso, from its dual.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Design matrix.
    b : array_like, shape (m,)
        Targets.
    x : array_like, shape (n,)
        Candidate coefficients.
    lam : float
        The penalty weight :math:`\lambda > 0` of :func:`lasso_objective`.

    Returns
    -------
    float
        The duality gap :math:`F(x) - D(v) \ge F(x) - F^\star \ge 0` at the
        dual point :math:`v` built from the residual (see Notes). Rounding can
        make the computed difference a few ulp negative at the optimum; it is
        then reported as 0.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, or ``lam`` is not positive.
    TypeError
        If an input is not array-like of real numbers or ``lam`` is not a real number.

    Notes
    -----
    The Lagrange dual of the lasso is

    .. math::

        \max_{v}\ D(v) = b^\top v - \tfrac12 \lVert v \rVert_2^2
        \quad \text{subject to} \quad \lVert A^\top v \rVert_\infty \le \lambda ,

    with :math:`v^\star = b - Ax^\star` at the optimum. Scaling the residual
    :math:`r = b - Ax` into the feasible set,
    :math:`v = r \min(1, \lambda / \lVert A^\top r \rVert_\infty)`, gives by weak
    duality :math:`D(v) \le F^\star \le F(x)`, so the gap bounds the
    suboptimality of ``x`` without knowing :math:`F^\star`. It tends to 0 as
    :math:`x \to x^\star` (strong duality). This is the stopping test of
    scikit-learn's coordinate descent.

    References
    ----------
    O. Fercoq, A. Gramfort and J. Salmon, "Mind the duality gap: safer rules
    for the lasso", ICML 2015.

    Examples
    --------
    At the minimiser the gap is 0; at :math:`x = 0` it is 2, which here is
    exactly :math:`F(0) - F^\star = 4.5 - 2.5`:

    >>> A = [[1.0, 0.0], [0.0, 1.0]]
    >>> lasso_dual_gap(A, [3.0, 0.0], [2.0, 0.0], 1.0)
    0.0
    >>> lasso_dual_gap(A, [3.0, 0.0], [0.0, 0.0], 1.0)
    2.0
    """
    A_, b_ = _design(A, b)
    x_ = _coefficients(x, A_.shape[1])
    lam_ = _positive(lam, "lam")
    r = b_ - A_ @ x_  # (m,) residual
    correlation = float(np.max(np.abs(A_.T @ r)))
    v = r * min(1.0, lam_ / correlation) if correlation > 0.0 else r  # dual feasible
    primal = 0.5 * float(r @ r) + lam_ * float(np.sum(np.abs(x_)))
    dual = float(b_ @ v) - 0.5 * float(v @ v)
    return max(primal - dual, 0.0)


@dataclass(frozen=True)
class LassoResult:
    """The outcome of :func:`ista` or :func:`fista`.

    ``x``, shape ``(n,)``
        The last iterate :math:`x_k`.
    ``objective``, shape ``(n_iter + 1,)``
        :math:`F(x_0), F(x_1), \\dots, F(x_k)` of :func:`lasso_objective`.
    ``n_iter``
        Number of iterations taken.
    ``converged``
        Whether the stopping rule was met before the iteration budget ran out.
    ``step``
        The step size :math:`s` used.
    """

    x: FloatArray
    objective: FloatArray
    n_iter: int
    converged: bool
    step: float


def _lasso_value(residual: FloatArray, x: FloatArray, lam: float) -> float:
    """:func:`lasso_objective` from the residual ``Ax - b``, without argument checks."""
    return float(0.5 * (residual @ residual) + lam * np.sum(np.abs(x)))


def _length(v: FloatArray) -> float:
    """Euclidean length; the overflow-safe scaled sum only when the plain one overflows."""
    length = math.sqrt(float(v @ v))
    return length if math.isfinite(length) else euclidean_length(v)


def _proximal_gradient(
    A: ArrayLike,
    b: ArrayLike,
    lam: float,
    step: float | None,
    max_iter: int,
    tol: float,
    x0: ArrayLike | None,
    *,
    accelerated: bool,
) -> LassoResult:
    """ISTA (``accelerated=False``) or FISTA on the lasso; arguments as in :func:`ista`."""
    A_, b_ = _design(A, b)
    lam_ = _nonnegative(lam, "lam")
    iterations = _count(max_iter, "max_iter", 1)
    tolerance = _nonnegative(tol, "tol")
    lipschitz = spectral_norm(A_) ** 2  # L of the gradient A^T(Ax - b)
    if step is None:
        s = 1.0 / lipschitz if lipschitz > 0.0 else 1.0
    else:
        s = _positive(step, "step")
        if s * lipschitz >= 2.0:
            msg = (
                f"`step` must be below 2/L = {2.0 / lipschitz:.6g} "
                f"(L = ||A||_2^2) for the iteration to converge; got {s!r}"
            )
            raise ValueError(msg)
    n = A_.shape[1]
    x = np.zeros(n) if x0 is None else _coefficients(x0, n, "x0").copy()
    # A x is kept in step with x: one product with A and one with A^T per step
    Ax = A_ @ x  # (m,)
    history = [_lasso_value(Ax - b_, x, lam_)]
    # y: the point the step starts from (FISTA extrapolates), with A y; t: momentum counter
    y, Ay, t = x, Ax, 1.0
    for k in range(1, iterations + 1):
        # gradient step on the smooth part, then the prox of s * lam * ||.||_1
        x_next = _shrink(y - s * (A_.T @ (Ay - b_)), s * lam_)
        Ax_next = A_ @ x_next
        if accelerated:
            t_next = 0.5 * (1.0 + math.sqrt(1.0 + 4.0 * t * t))
            beta = (t - 1.0) / t_next
            y, Ay = x_next + beta * (x_next - x), Ax_next + beta * (Ax_next - Ax)
            t = t_next
        else:
            y, Ay = x_next, Ax_next
        moved = _length(x_next - x)
        x, Ax = x_next, Ax_next
        history.append(_lasso_value(Ax - b_, x, lam_))
        if moved <= tolerance * max(1.0, _length(x)):
            return LassoResult(x, np.array(history), k, True, s)
    return LassoResult(x, np.array(history), iterations, False, s)


def ista(
    A: ArrayLike,
    b: ArrayLike,
    lam: float,
    *,
    step: float | None = None,
    max_iter: int = 10_000,
    tol: float = 1e-10,
    x0: ArrayLike | None = None,
) -> LassoResult:
    r"""Solve the lasso with ISTA (proximal gradient descent).

    Parameters
    ----------
    A : array_like, shape (m, n)
        Design matrix.
    b : array_like, shape (m,)
        Targets.
    lam : float
        The penalty weight :math:`\lambda \ge 0` in
        :math:`F(x) = \tfrac12\lVert Ax - b \rVert_2^2 + \lambda\lVert x \rVert_1`
        (:func:`lasso_objective`; scikit-learn's ``alpha`` is :math:`\lambda / m`).
    step : float, optional
        Step size :math:`s`, with :math:`0 < s < 2/L` where
        :math:`L = \lVert A \rVert_2^2` is the Lipschitz constant of the gradient
        of the smooth part. Default :math:`1/L` (or 1 if :math:`A = 0`), the
        step for which the rate below is proved.
    max_iter : int, optional
        Iteration budget (default 10 000).
    tol : float, optional
        Stop when a step moves :math:`x` by at most ``tol`` times
        :math:`\max(1, \lVert x \rVert_2)` (default ``1e-10``). With ``tol=0``
        the iteration runs the whole budget unless it reaches an exact fixed point.
    x0 : array_like, shape (n,), optional
        Starting point (default 0).

    Returns
    -------
    LassoResult
        The last iterate, the objective history, the number of iterations and
        whether the stopping rule was met. Check ``converged``: running out of
        iterations is not an error.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, ``lam`` or ``tol``
        is negative, ``step`` is not in :math:`(0, 2/L)`, or ``max_iter < 1``.
    TypeError
        If an input is not array-like of real numbers, a scalar is not a real
        number, or ``max_iter`` is not an integer.

    Notes
    -----
    Each iteration takes a gradient step on the smooth part and then applies
    the proximal operator of :math:`s\lambda\lVert\cdot\rVert_1`,
    :func:`soft_threshold`:

    .. math::

        x_{k+1} = S_{s\lambda}\bigl(x_k - s A^\top (A x_k - b)\bigr) .

    With :math:`s = 1/L` the objective decreases monotonically and
    :math:`F(x_k) - F^\star \le L \lVert x_0 - x^\star \rVert_2^2 / (2k)`
    (Beck and Teboulle 2009, Theorem 3.1): an :math:`O(1/k)` rate. When
    :math:`A` has full column rank the objective is strongly convex and the
    convergence is in fact linear.

    References
    ----------
    I. Daubechies, M. Defrise and C. De Mol, "An iterative thresholding
    algorithm for linear inverse problems with a sparsity constraint", 2004.
    A. Beck and M. Teboulle, "A fast iterative shrinkage-thresholding algorithm
    for linear inverse problems", *SIAM J. Imaging Sciences* 2(1), 2009.

    Examples
    --------
    >>> result = ista([[1.0, 0.0], [0.0, 1.0]], [3.0, 1.0], 1.0)
    >>> result.x.tolist(), result.converged
    ([2.0, 0.0], True)
    """
    return _proximal_gradient(A, b, lam, step, max_iter, tol, x0, accelerated=False)


def fista(
    A: ArrayLike,
    b: ArrayLike,
    lam: float,
    *,
    step: float | None = None,
    max_iter: int = 10_000,
    tol: float = 1e-10,
    x0: ArrayLike | None = None,
) -> LassoResult:
    r"""Solve the lasso with FISTA (ISTA with Nesterov momentum).

    Parameters
    ----------
    A, b, lam, step, max_iter, tol, x0
        As in :func:`ista`.

    Returns
    -------
    LassoResult
        As in :func:`ista`; ``objective`` holds :math:`F(x_k)` of the iterates
        :math:`x_k`, not of the extrapolated points :math:`y_k`.

    Raises
    ------
    ValueError
        As in :func:`ista`.
    TypeError
        As in :func:`ista`.

    Notes
    -----
    The proximal step is taken from an extrapolated point :math:`y_k`:

    .. math::

        x_{k} = S_{s\lambda}\bigl(y_k - s A^\top (A y_k - b)\bigr), \quad
        t_{k+1} = \frac{1 + \sqrt{1 + 4 t_k^2}}{2}, \quad
        y_{k+1} = x_k + \frac{t_k - 1}{t_{k+1}} (x_k - x_{k-1}),

    with :math:`y_1 = x_0` and :math:`t_1 = 1`. With :math:`s = 1/L`,
    :math:`F(x_k) - F^\star \le 2L\lVert x_0 - x^\star \rVert_2^2 / (k+1)^2`
    (Beck and Teboulle 2009, Theorem 4.4): an :math:`O(1/k^2)` rate, optimal
    for first-order methods. The objective need not decrease at every step.

    References
    ----------
    A. Beck and M. Teboulle, "A fast iterative shrinkage-thresholding algorithm
    for linear inverse problems", *SIAM J. Imaging Sciences* 2(1), 2009.

    Examples
    --------
    >>> result = fista([[2.0, 0.0], [0.0, 1.0]], [4.0, 0.5], 1.0)
    >>> result.x.round(10).tolist(), result.converged
    ([1.75, 0.0], True)
    """
    return _proximal_gradient(A, b, lam, step, max_iter, tol, x0, accelerated=True)


# ---------------------------------------------------------------------------
# Projections
# ---------------------------------------------------------------------------


def project_simplex(v: ArrayLike, radius: float = 1.0) -> FloatArray:
    r"""Euclidean projection onto the simplex :math:`\{x : x \ge 0,\ \sum_i x_i = r\}`.

    Parameters
    ----------
    v : array_like, shape (n,)
        A finite vector.
    radius : float, optional
        The sum :math:`r > 0` (default 1: the probability simplex).

    Returns
    -------
    ndarray, shape (n,)
        The point of the simplex nearest to ``v``: non-negative entries summing
        to ``radius`` up to rounding.

    Raises
    ------
    ValueError
        If ``v`` is not a non-empty finite 1-D vector, or ``radius`` is not
        positive and finite.
    TypeError
        If ``v`` is not array-like of real numbers or ``radius`` is not a real number.

    Notes
    -----
    The projection shifts every entry down by one threshold and clips at zero,

    .. math::

        \Pi(v)_i = \max(v_i - \theta, 0), \qquad
        \theta = \frac{1}{\rho}\Bigl(\sum_{j=1}^{\rho} u_j - r\Bigr),

    where :math:`u_1 \ge \dots \ge u_n` are the entries of :math:`v` sorted in
    decreasing order and :math:`\rho = \max\{j : u_j - (\sum_{i \le j} u_i - r)/j > 0\}`
    is the number of entries that survive. These are the KKT conditions of
    :math:`\min \tfrac12\lVert x - v \rVert^2` subject to :math:`x \ge 0`,
    :math:`\mathbf 1^\top x = r`, with :math:`\theta` the multiplier of the
    equality. Cost :math:`O(n \log n)` for the sort. Applied to a vector of
    logits this is *sparsemax* (Martins and Astudillo 2016).

    References
    ----------
    J. Duchi, S. Shalev-Shwartz, Y. Singer and T. Chandra, "Efficient
    projections onto the l1-ball for learning in high dimensions", ICML 2008.

    Examples
    --------
    >>> project_simplex([0.5, 0.25, -0.5]).tolist()
    [0.625, 0.375, 0.0]
    >>> project_simplex([2.0, 0.0, 0.0]).tolist()
    [1.0, 0.0, 0.0]
    """
    v_ = as_vector(v, "v")
    r = _positive(radius, "radius")
    u = np.sort(v_)[::-1]  # largest first
    excess = np.cumsum(u) - r  # sum of the j largest minus r
    j = np.arange(1, u.size + 1)
    # index of the last survivor (rho - 1); j = 1 always passes, so there is one
    rho = int(np.flatnonzero(u - excess / j > 0.0)[-1])
    theta = excess[rho] / (rho + 1)
    projected: FloatArray = np.maximum(v_ - theta, 0.0)
    return projected


def projected_gradient_descent(
    grad: Callable[[FloatArray], ArrayLike],
    project: Callable[[FloatArray], ArrayLike],
    x0: ArrayLike,
    *,
    lr: float,
    n_steps: int,
) -> FloatArray:
    r"""Projected gradient descent: a gradient step, then back onto the feasible set.

    Parameters
    ----------
    grad : callable
        ``grad(x)`` returns the gradient of the objective at ``x`` (same shape).
    project : callable
        ``project(z)`` returns the Euclidean projection of ``z`` onto the
        convex feasible set, e.g. :func:`project_simplex` or
        :func:`aimath.norms.project_onto_ball`.
    x0 : array_like, shape (n,)
        Starting point; it need not be feasible.
    lr : float
        Step size :math:`\eta > 0`.
    n_steps : int
        Number of steps, at least 1.

    Returns
    -------
    ndarray, shape (n_steps + 1, n)
        The trajectory: row 0 is ``x0`` as given, row :math:`k` is
        :math:`x_k`; every row after the first is feasible.

    Raises
    ------
    ValueError
        If ``x0`` is not a non-empty finite vector, ``lr`` is not positive and
        finite, ``n_steps < 1``, or ``grad`` or ``project`` returns an array of
        the wrong shape or with NaN or inf.
    TypeError
        If ``grad`` or ``project`` is not callable, ``lr`` is not a real number
        or ``n_steps`` is not an integer.

    Notes
    -----
    .. math::

        x_{k+1} = \Pi_C\bigl(x_k - \eta \nabla f(x_k)\bigr) .

    For a convex :math:`f` with :math:`L`-Lipschitz gradient and
    :math:`\eta \le 1/L`, :math:`f(x_k) - f^\star = O(1/k)`; a point is a fixed
    point exactly when it minimises :math:`f` over :math:`C`, because the
    projection characterises optimality:
    :math:`x^\star = \Pi_C(x^\star - \eta\nabla f(x^\star))`.

    Examples
    --------
    The point of the probability simplex nearest to the origin (minimise
    :math:`\lVert x \rVert^2`) is its centre:

    >>> path = projected_gradient_descent(
    ...     lambda x: 2 * x, project_simplex, [1.0, 0.0, 0.0], lr=0.1, n_steps=100
    ... )
    >>> path.shape, path[-1].round(6).tolist()
    ((101, 3), [0.333333, 0.333333, 0.333333])
    """
    for name, given in (("grad", grad), ("project", project)):
        supplied: object = given  # checked at run time: an array is a common slip
        if not callable(supplied):
            msg = f"`{name}` must be callable; got {type(supplied).__name__}"
            raise TypeError(msg)
    x = as_vector(x0, "x0")
    eta = _positive(lr, "lr")
    steps = _count(n_steps, "n_steps", 1)

    def checked(value: ArrayLike, name: str) -> FloatArray:
        arr = np.asarray(value, dtype=np.float64)
        if arr.shape != x.shape or not np.all(np.isfinite(arr)):
            msg = (
                f"`{name}` must return a finite array of shape {x.shape}; "
                f"got shape {arr.shape}" + ("" if arr.shape != x.shape else " with NaN or inf")
            )
            raise ValueError(msg)
        return arr

    path = np.empty((steps + 1, x.shape[0]))
    path[0] = x
    for k in range(steps):
        step = x - eta * checked(grad(x.copy()), "grad")
        x = checked(project(step), "project")
        path[k + 1] = x
    return path


# ---------------------------------------------------------------------------
# Lagrange duality of a quadratic program
# ---------------------------------------------------------------------------


def _qp_data(
    P: ArrayLike, q: ArrayLike, G: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """``P`` (SPD) with its Cholesky factor, ``q`` and ``G`` checked against each other."""
    P_ = _symmetric(P, "P")
    try:
        L = np.asarray(np.linalg.cholesky(P_), dtype=np.float64)
    except np.linalg.LinAlgError:
        msg = (
            "`P` must be positive definite (its Cholesky factorisation failed): "
            f"smallest eigenvalue {float(np.linalg.eigvalsh(P_)[0]):.3g}"
        )
        raise ValueError(msg) from None
    n = P_.shape[0]
    q_ = as_vector(q, "q")
    if q_.shape[0] != n:
        msg = f"`q` must have length {n} (the size of `P`); got {q_.shape[0]}"
        raise ValueError(msg)
    G_ = as_matrix(G, "G")
    if G_.shape[1] != n:
        msg = f"`G` must have {n} columns (the size of `P`); got shape {G_.shape}"
        raise ValueError(msg)
    return P_, L, q_, G_


def _multipliers(lam: ArrayLike, m: int) -> FloatArray:
    lam_ = as_vector(lam, "lam")
    if lam_.shape[0] != m:
        msg = f"`lam` must have length {m} (rows of `G`); got {lam_.shape[0]}"
        raise ValueError(msg)
    if np.any(lam_ < 0.0):
        msg = (
            "`lam` must be non-negative (multipliers of inequality constraints); "
            f"got min {float(lam_.min())!r}"
        )
        raise ValueError(msg)
    return lam_


def _offsets(h: ArrayLike, m: int) -> FloatArray:
    h_ = as_vector(h, "h")
    if h_.shape[0] != m:
        msg = f"`h` must have length {m} (rows of `G`); got {h_.shape[0]}"
        raise ValueError(msg)
    return h_


def _cho_solve(L: FloatArray, rhs: FloatArray) -> FloatArray:
    """Solve ``L L^T z = rhs`` with the Cholesky factor ``L``."""
    w = np.linalg.solve(L, rhs)
    z: FloatArray = np.linalg.solve(L.T, w)
    return z


def qp_lagrangian_minimizer(lam: ArrayLike, P: ArrayLike, q: ArrayLike, G: ArrayLike) -> FloatArray:
    r"""The minimiser over :math:`x` of the Lagrangian of a quadratic program.

    Parameters
    ----------
    lam : array_like, shape (m,)
        Multipliers :math:`\lambda \ge 0`, one per constraint.
    P : array_like, shape (n, n)
        Symmetric positive definite matrix of the objective.
    q : array_like, shape (n,)
        Linear term of the objective.
    G : array_like, shape (m, n)
        Constraint matrix (the constraints are :math:`Gx \le h`).

    Returns
    -------
    ndarray, shape (n,)
        :math:`x(\lambda) = -P^{-1}(q + G^\top \lambda)`.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, ``P`` is not
        symmetric positive definite, or ``lam`` has a negative entry.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    For the problem :math:`\min \tfrac12 x^\top P x + q^\top x` subject to
    :math:`Gx \le h`, the Lagrangian

    .. math::

        \mathcal L(x, \lambda) = \tfrac12 x^\top P x + q^\top x + \lambda^\top (Gx - h)

    is a strictly convex quadratic in :math:`x`; its gradient
    :math:`Px + q + G^\top\lambda` vanishes at :math:`x(\lambda)`. ``h`` does
    not enter. At the dual optimum :math:`\lambda^\star`, :math:`x(\lambda^\star)`
    is the primal solution. :math:`P^{-1}` is never formed (Cholesky solves).

    Examples
    --------
    >>> P, q, G = [[1.0, 0.0], [0.0, 1.0]], [-2.0, -2.0], [[1.0, 1.0]]
    >>> qp_lagrangian_minimizer([1.0], P, q, G).tolist()
    [1.0, 1.0]
    """
    _, L, q_, G_ = _qp_data(P, q, G)
    lam_ = _multipliers(lam, G_.shape[0])
    x: FloatArray = -_cho_solve(L, q_ + G_.T @ lam_)
    return x


def qp_dual_function(
    lam: ArrayLike, P: ArrayLike, q: ArrayLike, G: ArrayLike, h: ArrayLike
) -> float:
    r"""The Lagrange dual function of a quadratic program with inequality constraints.

    Parameters
    ----------
    lam : array_like, shape (m,)
        Multipliers :math:`\lambda \ge 0`.
    P : array_like, shape (n, n)
        Symmetric positive definite matrix of the objective.
    q : array_like, shape (n,)
        Linear term of the objective.
    G : array_like, shape (m, n)
        Constraint matrix.
    h : array_like, shape (m,)
        Constraint bounds: the constraints are :math:`Gx \le h`.

    Returns
    -------
    float
        :math:`g(\lambda) = \min_x \mathcal L(x, \lambda)`, a lower bound on the
        optimal value :math:`p^\star` (weak duality).

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, ``P`` is not
        symmetric positive definite, or ``lam`` has a negative entry.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    Substituting :math:`x(\lambda)` of :func:`qp_lagrangian_minimizer` into
    the Lagrangian gives

    .. math::

        g(\lambda) = -\tfrac12 (q + G^\top\lambda)^\top P^{-1} (q + G^\top\lambda)
        - h^\top \lambda ,

    a concave quadratic in :math:`\lambda`. Every dual function is concave,
    whatever the primal problem: it is a minimum of functions that are affine
    in :math:`\lambda`. For any feasible :math:`x` and :math:`\lambda \ge 0`,
    :math:`g(\lambda) \le \mathcal L(x, \lambda) \le f(x)`.

    Examples
    --------
    Minimise :math:`\tfrac12\lVert x \rVert^2 - 2x_1 - 2x_2` subject to
    :math:`x_1 + x_2 \le 1`. The optimum is :math:`p^\star = -1.75` at
    :math:`x^\star = (0.5, 0.5)`, and the dual attains it at :math:`\lambda^\star = 1.5`:

    >>> P, q, G, h = [[1.0, 0.0], [0.0, 1.0]], [-2.0, -2.0], [[1.0, 1.0]], [1.0]
    >>> qp_dual_function([1.5], P, q, G, h), qp_dual_function([0.0], P, q, G, h)
    (-1.75, -4.0)
    """
    _, L, q_, G_ = _qp_data(P, q, G)
    lam_ = _multipliers(lam, G_.shape[0])
    h_ = _offsets(h, G_.shape[0])
    c = q_ + G_.T @ lam_  # (n,)
    w = np.linalg.solve(L, c)  # c^T P^{-1} c = ||L^{-1} c||^2
    return float(-0.5 * (w @ w) - h_ @ lam_)


@dataclass(frozen=True)
class QPDualResult:
    """The outcome of :func:`solve_qp_dual`.

    ``x``, shape ``(n,)``
        The primal point :math:`x(\\lambda)` recovered from the multipliers.
    ``lam``, shape ``(m,)``
        The dual iterate :math:`\\lambda \\ge 0`.
    ``primal_value``
        :math:`f(x) = \\tfrac12 x^\\top P x + q^\\top x`.
    ``dual_value``
        :math:`g(\\lambda)`.
    ``max_violation``
        :math:`\\max(0, \\max_i (Gx - h)_i)`: how far ``x`` is from feasible.
    ``n_iter``
        Number of iterations taken.
    ``converged``
        Whether the stopping rule was met within the budget.
    """

    x: FloatArray
    lam: FloatArray
    primal_value: float
    dual_value: float
    max_violation: float
    n_iter: int
    converged: bool

    @property
    def gap(self) -> float:
        """The duality gap ``primal_value - dual_value`` (0 under strong duality)."""
        return self.primal_value - self.dual_value


def solve_qp_dual(
    P: ArrayLike,
    q: ArrayLike,
    G: ArrayLike,
    h: ArrayLike,
    *,
    max_iter: int = 10_000,
    tol: float = 1e-12,
) -> QPDualResult:
    r"""Solve a strictly convex quadratic program through its dual.

    Parameters
    ----------
    P : array_like, shape (n, n)
        Symmetric positive definite matrix of the objective
        :math:`\tfrac12 x^\top P x + q^\top x`.
    q : array_like, shape (n,)
        Linear term of the objective.
    G : array_like, shape (m, n)
        Constraint matrix.
    h : array_like, shape (m,)
        Constraint bounds: the constraints are :math:`Gx \le h`.
    max_iter : int, optional
        Iteration budget (default 10 000).
    tol : float, optional
        Stop when a step moves :math:`\lambda` by at most ``tol`` times
        :math:`\max(1, \lVert \lambda \rVert_2)` (default ``1e-12``).

    Returns
    -------
    QPDualResult
        The multipliers, the recovered primal point, both objective values,
        the constraint violation and convergence information. If the
        constraints are infeasible the dual is unbounded and the iteration
        does not converge (``converged`` is false).

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, ``P`` is not
        symmetric positive definite, ``max_iter < 1`` or ``tol`` is negative.
    TypeError
        If an input is not array-like of real numbers, ``tol`` is not a real
        number or ``max_iter`` is not an integer.

    Notes
    -----
    The dual problem :math:`\max_{\lambda \ge 0} g(\lambda)` of
    :func:`qp_dual_function` has only the simple constraint
    :math:`\lambda \ge 0`, whose projection is clipping at zero. Its gradient is
    the constraint residual, :math:`\nabla g(\lambda) = G x(\lambda) - h`, so
    projected gradient ascent reads

    .. math::

        \lambda_{k+1} = \max\bigl(0,\ \lambda_k + s\,(G x(\lambda_k) - h)\bigr),
        \qquad s = 1 / \lVert G P^{-1} G^\top \rVert_2 ,

    where :math:`G P^{-1} G^\top` is the (negated) Hessian of :math:`g`. The
    problem is convex with affine constraints, so if it is feasible strong
    duality holds (Slater's condition in its refined form) and
    :math:`x(\lambda^\star)` is the primal solution. This is how SVM solvers
    work: the SVM dual is such a problem.

    References
    ----------
    S. Boyd and L. Vandenberghe, *Convex Optimization*, 2004, §5.2 and §5.5.

    Examples
    --------
    >>> P, q, G, h = [[1.0, 0.0], [0.0, 1.0]], [-2.0, -2.0], [[1.0, 1.0]], [1.0]
    >>> result = solve_qp_dual(P, q, G, h)
    >>> result.x.round(9).tolist(), result.lam.round(9).tolist(), round(result.gap, 9)
    ([0.5, 0.5], [1.5], 0.0)
    """
    P_, L, q_, G_ = _qp_data(P, q, G)
    h_ = _offsets(h, G_.shape[0])
    iterations = _count(max_iter, "max_iter", 1)
    tolerance = _nonnegative(tol, "tol")
    # x(lam) = x_free - M lam with M = P^{-1} G^T: the iteration needs only matvecs
    x_free = -_cho_solve(L, q_)  # (n,) unconstrained minimiser
    M = _cho_solve(L, G_.T)  # (n, m)
    B = G_ @ M  # (m, m) = G P^{-1} G^T, the curvature of -g
    c = G_ @ x_free - h_  # (m,) constraint residual at lam = 0
    curvature = float(np.linalg.eigvalsh(0.5 * (B + B.T))[-1])
    s = 1.0 / curvature if curvature > 0.0 else 1.0
    lam = np.zeros(G_.shape[0])
    converged, n_iter = False, iterations
    for k in range(1, iterations + 1):
        # ascent step along grad g(lam) = G x(lam) - h, then clip onto lam >= 0
        lam_next = np.maximum(lam + s * (c - B @ lam), 0.0)
        step = lam_next - lam
        lam = lam_next
        # squared lengths: lam stays far below 1e150 in any realistic run, and the
        # scaled euclidean_length would dominate the cost of these tiny iterations
        if step @ step <= tolerance**2 * max(1.0, float(lam @ lam)):
            converged, n_iter = True, k
            break
    x = x_free - M @ lam
    primal = float(0.5 * (x @ P_ @ x) + q_ @ x)
    w = np.linalg.solve(L, q_ + G_.T @ lam)
    dual = float(-0.5 * (w @ w) - h_ @ lam)
    violation = max(0.0, float(np.max(G_ @ x - h_)))
    return QPDualResult(x, lam, primal, dual, violation, n_iter, converged)


# ---------------------------------------------------------------------------
# A non-convex problem with a duality gap: two-way partitioning
# ---------------------------------------------------------------------------


def partition_optimum(W: ArrayLike) -> tuple[float, FloatArray]:
    r"""The exact optimum of two-way partitioning, by enumerating every partition.

    Parameters
    ----------
    W : array_like, shape (n, n)
        Symmetric cost matrix, :math:`n \le 16`.

    Returns
    -------
    value : float
        :math:`p^\star = \min_{x \in \{-1, 1\}^n} x^\top W x`.
    x : ndarray, shape (n,)
        A minimiser with :math:`x_1 = 1` (:math:`x` and :math:`-x` give the
        same value); the first in lexicographic order, with :math:`+1` before
        :math:`-1`.

    Raises
    ------
    ValueError
        If ``W`` is not a finite square symmetric matrix, or is larger than
        :math:`16 \times 16` (the enumeration doubles with each row).
    TypeError
        If ``W`` is not array-like of real numbers.

    Notes
    -----
    .. math::

        \min_x\ x^\top W x \quad \text{subject to} \quad x_i^2 = 1,\ i = 1, \dots, n .

    The constraints :math:`x_i^2 = 1` are not affine, so the problem is not
    convex; it contains max-cut, and no efficient exact algorithm is known in
    general. The :math:`2^{n-1}` sign vectors with :math:`x_1 = 1` cover every
    partition once.

    References
    ----------
    S. Boyd and L. Vandenberghe, *Convex Optimization*, 2004, §5.1.5.

    Examples
    --------
    Three nodes that all want to be on different sides (a frustrated triangle):

    >>> W = [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
    >>> value, x = partition_optimum(W)
    >>> value, x.tolist()
    (-2.0, [1.0, 1.0, -1.0])
    """
    W_ = _symmetric(W, "W")
    n = W_.shape[0]
    if n > _MAX_PARTITION:
        msg = (
            f"`W` must be at most {_MAX_PARTITION}x{_MAX_PARTITION} for enumeration "
            f"(2**(n-1) partitions); got shape {W_.shape}"
        )
        raise ValueError(msg)
    signs = list(itertools.product([1.0, -1.0], repeat=n - 1))
    tails = np.array(signs, dtype=np.float64).reshape(len(signs), n - 1)
    X = np.hstack([np.ones((tails.shape[0], 1)), tails])  # (2**(n-1), n) sign vectors
    values = np.einsum("ki,ij,kj->k", X, W_, X)
    best = int(np.argmin(values))
    x: FloatArray = X[best]
    return float(values[best]), x


def partition_dual_function(nu: ArrayLike, W: ArrayLike, *, rtol: float = 1e-12) -> float:
    r"""The Lagrange dual function of two-way partitioning.

    Parameters
    ----------
    nu : array_like, shape (n,)
        Multipliers :math:`\nu` of the constraints :math:`x_i^2 = 1` (any sign).
    W : array_like, shape (n, n)
        Symmetric cost matrix of :func:`partition_optimum`.
    rtol : float, optional
        :math:`W + \operatorname{diag}(\nu)` counts as positive semidefinite when
        its smallest eigenvalue is at least ``-rtol`` times its largest
        eigenvalue magnitude (default ``1e-12``): at the dual optimum the
        smallest eigenvalue is exactly 0, and rounding makes it a few ulp
        negative.

    Returns
    -------
    float
        :math:`g(\nu) = -\sum_i \nu_i` if :math:`W + \operatorname{diag}(\nu) \succeq 0`,
        else ``-inf``. A lower bound on :math:`p^\star` for every :math:`\nu`.

    Raises
    ------
    ValueError
        If ``W`` is not a finite square symmetric matrix, ``nu`` does not
        match it or is not finite, or ``rtol`` is negative or not finite.
    TypeError
        If an input is not array-like of real numbers or ``rtol`` is not a real number.

    Notes
    -----
    The Lagrangian is
    :math:`\mathcal L(x, \nu) = x^\top W x + \sum_i \nu_i (x_i^2 - 1)
    = x^\top (W + \operatorname{diag}\nu)\, x - \mathbf 1^\top \nu`. Its minimum
    over :math:`x \in \mathbb R^n` is at :math:`x = 0` if the matrix is positive
    semidefinite, and :math:`-\infty` otherwise:

    .. math::

        g(\nu) = \begin{cases} -\mathbf 1^\top \nu & W + \operatorname{diag}(\nu) \succeq 0, \\
        -\infty & \text{otherwise.} \end{cases}

    Like every dual function it is concave, although the primal is not
    convex; here the best bound :math:`d^\star = \max_\nu g(\nu)` can be
    strictly below :math:`p^\star`. (Maximising it is a semidefinite program,
    the relaxation behind the Goemans–Williamson max-cut algorithm.)

    References
    ----------
    S. Boyd and L. Vandenberghe, *Convex Optimization*, 2004, §5.1.5.

    Examples
    --------
    >>> W = [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
    >>> partition_dual_function([1.0, 1.0, 1.0], W), partition_dual_function([0.5, 0.5, 0.5], W)
    (-3.0, -inf)
    """
    W_ = _symmetric(W, "W")
    nu_ = as_vector(nu, "nu")
    if nu_.shape[0] != W_.shape[0]:
        msg = f"`nu` must have length {W_.shape[0]} (the size of `W`); got {nu_.shape[0]}"
        raise ValueError(msg)
    tolerance = _nonnegative(rtol, "rtol")
    eigenvalues = np.linalg.eigvalsh(W_ + np.diag(nu_))  # ascending
    scale = float(np.max(np.abs(eigenvalues)))
    if eigenvalues[0] < -tolerance * scale:
        return -math.inf
    return -float(np.sum(nu_))
