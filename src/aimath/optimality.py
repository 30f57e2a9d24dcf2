"""Optimization fundamentals: minima, convexity, Lagrange multipliers and KKT conditions.

Each function implements one idea of chapter 7 of the book: finding the local
minima of a function of one variable, measuring convexity along a segment
(the gap between the chord and the graph), the random-matrix experiment behind
"saddle points dominate in high dimensions", solving an equality-constrained
quadratic program through its Lagrange (KKT) linear system, solving a small
inequality-constrained one by trying every active set, and measuring how far a
candidate point is from satisfying the KKT conditions. The tests check the
solvers against SymPy's exact solutions and ``scipy.optimize.minimize``.

Sign conventions (those of Boyd & Vandenberghe, *Convex Optimization*, ch. 5).
Inequality constraints are written :math:`g_i(x) \\le 0` with multipliers
:math:`\\mu_i \\ge 0`, equality constraints :math:`h_j(x) = 0` with multipliers
:math:`\\lambda_j` of either sign, and the Lagrangian is
:math:`L = f + \\sum_i \\mu_i g_i + \\sum_j \\lambda_j h_j`. With this sign, the
optimal value :math:`p^*(b)` of a problem with constraints :math:`Ax = b` has
gradient :math:`\\nabla p^*(b) = -\\lambda^*`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, generator, real_number
from aimath._validation import integer_at_least as _integer

__all__ = [
    "KKTResiduals",
    "QPSolution",
    "SegmentGap",
    "convexity_gap",
    "goe_matrices",
    "hessian_index_distribution",
    "kkt_residuals",
    "local_minima_1d",
    "search_convexity_violation",
    "solve_equality_qp",
    "solve_inequality_qp",
]

#: ``Q`` counts as symmetric when ``max|Q - Q^T| <= SYMMETRY_RTOL * max|Q|``.
SYMMETRY_RTOL = 1e-10

#: A curvature (eigenvalue) counts as zero when it is at most ``CURVATURE_RTOL``
#: times the largest absolute eigenvalue of ``Q``: the KKT system is then
#: singular to working precision (its condition number would exceed ~1e12).
CURVATURE_RTOL = 1e-12

#: Relative tolerance of :func:`solve_inequality_qp` for "feasible" and "μ ≥ 0".
KKT_RTOL = 1e-9

#: :func:`solve_inequality_qp` tries all 2**m active sets: m is capped here.
MAX_ENUMERATED_CONSTRAINTS = 12

#: Golden-section refinement of :func:`local_minima_1d` stops when the bracket
#: is narrower than ``_XTOL * max(1, |x|)``.
_XTOL = 1e-10

#: Largest number of float64 entries :func:`hessian_index_distribution` draws at once.
_CHUNK = 2**20


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _function(f: object, name: str) -> Callable[..., Any]:
    """``f`` if it can be called, or a TypeError naming ``name``."""
    if not callable(f):
        msg = f"`{name}` must be a callable function; got {type(f).__name__}"
        raise TypeError(msg)
    return f


def _point(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a finite number (0-d) or 1-D vector, or raise naming ``name``."""
    arr = as_float_array(x, name)
    if arr.ndim > 1:
        msg = f"`{name}` must be a number or a 1-D vector; got an array of shape {arr.shape}"
        raise ValueError(msg)
    return arr


def _same_shape(a: FloatArray, b: FloatArray, name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        msg = f"`{name_a}` and `{name_b}` must have the same shape; got {a.shape} and {b.shape}"
        raise ValueError(msg)


def _argument(p: FloatArray) -> float | FloatArray:
    """What a function receives: a Python float for a 0-d point, else a copy of the vector."""
    return float(p) if p.ndim == 0 else p.copy()


def _value(f: Callable[..., Any], p: FloatArray, name: str = "f") -> float:
    """``f(p)`` as a finite float, or an error naming ``name`` and the point."""
    out = f(_argument(p))
    if isinstance(out, (bool, np.bool_, str, bytes)) or out is None:
        msg = f"`{name}` must return a real number; got {type(out).__name__} at {p.tolist()}"
        raise TypeError(msg)
    try:
        arr = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        msg = f"`{name}` must return a real number; got {type(out).__name__} at {p.tolist()}"
        raise TypeError(msg) from None
    if arr.size != 1:
        msg = f"`{name}` must return one real number; got an array of shape {arr.shape}"
        raise ValueError(msg)
    value = float(arr.reshape(()))
    if not math.isfinite(value):
        msg = f"`{name}` must return a finite number; got {value!r} at {p.tolist()}"
        raise ValueError(msg)
    return value


def _symmetric(Q: ArrayLike, name: str) -> FloatArray:
    """``Q`` as a finite symmetric matrix (its symmetric part), or raise naming ``name``."""
    M = as_matrix(Q, name, square=True)
    asymmetry = float(np.max(np.abs(M - M.T)))
    if asymmetry > SYMMETRY_RTOL * float(np.max(np.abs(M))):
        msg = f"`{name}` must be symmetric; got max|{name} - {name}^T| = {asymmetry:.3g}"
        raise ValueError(msg)
    sym: FloatArray = 0.5 * (M + M.T)
    return sym


def _vector_of_length(v: ArrayLike, name: str, n: int, what: str) -> FloatArray:
    vec = as_vector(v, name)
    if vec.shape[0] != n:
        msg = f"`{name}` must have length {n} ({what}); got length {vec.shape[0]}"
        raise ValueError(msg)
    return vec


def _constraint_matrix(A: ArrayLike, name: str, n: int) -> FloatArray:
    M = as_matrix(A, name)
    if M.shape[1] != n:
        msg = f"`{name}` must have {n} columns (the size of `Q`); got shape {M.shape}"
        raise ValueError(msg)
    return M


def _right_hand_side(b: ArrayLike, name: str, A: FloatArray, name_A: str) -> FloatArray:
    return _vector_of_length(b, name, A.shape[0], f"one entry per row of `{name_A}`")


# ---------------------------------------------------------------------------
# Local and global minima of a function of one variable
# ---------------------------------------------------------------------------


def _golden_section(f: Callable[..., Any], a: float, b: float) -> float:
    """A local minimiser of ``f`` in ``[a, b]``, given a bracket with a lower interior point."""
    inv_phi = (math.sqrt(5.0) - 1.0) / 2.0  # 0.618...: each step keeps this fraction
    c, d = b - inv_phi * (b - a), a + inv_phi * (b - a)
    fc, fd = _value(f, np.asarray(c)), _value(f, np.asarray(d))
    for _ in range(200):  # 0.618**200 ~ 1e-42: the bracket always shrinks below _XTOL first
        if b - a <= _XTOL * max(1.0, abs(a), abs(b)):
            break
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - inv_phi * (b - a)
            fc = _value(f, np.asarray(c))
        else:
            a, c, fc = c, d, fd
            d = a + inv_phi * (b - a)
            fd = _value(f, np.asarray(d))
    return 0.5 * (a + b)


def local_minima_1d(
    f: Callable[[float], float], lower: float, upper: float, n_grid: int = 1001
) -> FloatArray:
    r"""Interior local minimisers of a function of one variable on an interval.

    Parameters
    ----------
    f : callable
        A function of a Python float returning a real number.
    lower, upper : float
        The interval :math:`[a, b]`, with :math:`a < b`.
    n_grid : int, optional
        Number of equally spaced grid points (at least 3) used to bracket the
        minima (default 1001).

    Returns
    -------
    ndarray, shape (k,)
        The local minimisers found strictly inside the interval, increasing;
        empty if there are none. Minima at the end points are not reported.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number, ``lower``
        or ``upper`` is not a real number, or ``n_grid`` is not an integer.
    ValueError
        If ``lower`` or ``upper`` is not finite, ``lower >= upper``,
        ``n_grid < 3``, or ``f`` returns an array or a non-finite value.

    Notes
    -----
    A grid point :math:`x_i` with :math:`f(x_{i-1}) > f(x_i) \le f(x_{i+1})`
    brackets a local minimum in :math:`[x_{i-1}, x_{i+1}]`; golden-section
    search then shrinks the bracket by the factor :math:`(\sqrt5 - 1)/2` per
    evaluation. Near a minimum :math:`f(x^* + \delta) - f(x^*) \approx
    \tfrac12 f''(x^*) \delta^2`, which drops below the rounding of :math:`f`
    once :math:`|\delta| \lesssim \sqrt{2 \varepsilon |f(x^*)| / f''(x^*)}`:
    comparisons of values cannot locate a minimiser better than about
    :math:`\sqrt{\varepsilon} \approx 10^{-8}` (relative), whatever the
    stopping rule. Two minima closer than the grid spacing can be missed.

    References
    ----------
    J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., ch. 2;
    W. H. Press et al., *Numerical Recipes*, 3rd ed., §10.2.

    Examples
    --------
    :math:`f(x) = (x^2 - 1)^2` has minima at :math:`\pm 1`:

    >>> local_minima_1d(lambda x: (x * x - 1.0) ** 2, -2.0, 2.0).round(6).tolist()
    [-1.0, 1.0]
    """
    func = _function(f, "f")
    a, b = real_number(lower, "lower"), real_number(upper, "upper")
    if not a < b:
        msg = f"`lower` must be less than `upper`; got lower={a!r}, upper={b!r}"
        raise ValueError(msg)
    n = _integer(n_grid, "n_grid", 3)
    grid = np.linspace(a, b, n)
    values = np.array([_value(func, np.asarray(x)) for x in grid])
    # a grid point lower than its left neighbour and not higher than its right one
    inner = (values[1:-1] < values[:-2]) & (values[1:-1] <= values[2:])
    brackets = np.flatnonzero(inner) + 1
    minima = [_golden_section(func, float(grid[i - 1]), float(grid[i + 1])) for i in brackets]
    return np.array(sorted(minima), dtype=np.float64)


# ---------------------------------------------------------------------------
# Convexity along segments
# ---------------------------------------------------------------------------


def _fraction(t: object, name: str) -> float:
    value = real_number(t, name)
    if not 0.0 <= value <= 1.0:
        msg = f"`{name}` must lie in [0, 1] (a point between `x` and `y`); got {value!r}"
        raise ValueError(msg)
    return value


def _gap(f: Callable[..., Any], x: FloatArray, y: FloatArray, t: float) -> float:
    # the chord at t minus the graph at t
    z = t * x + (1.0 - t) * y
    return t * _value(f, x) + (1.0 - t) * _value(f, y) - _value(f, z)


def convexity_gap(f: Callable[[Any], float], x: ArrayLike, y: ArrayLike, t: float) -> float:
    r"""How far the chord between :math:`f(x)` and :math:`f(y)` lies above the graph at :math:`t`.

    Parameters
    ----------
    f : callable
        A function returning a real number. It receives a Python float when
        ``x`` and ``y`` are numbers, and a float64 vector when they are vectors.
    x, y : float or array_like, shape (n,)
        The end points of the segment, of the same shape.
    t : float
        The position on the segment, in :math:`[0, 1]`: ``t = 1`` is ``x``,
        ``t = 0`` is ``y``.

    Returns
    -------
    float
        :math:`t f(x) + (1 - t) f(y) - f(t x + (1 - t) y)`. Non-negative for
        every :math:`x, y, t` exactly when :math:`f` is convex; one negative
        value proves that :math:`f` is not convex.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number, or ``x``,
        ``y`` or ``t`` is not numeric.
    ValueError
        If ``x`` or ``y`` is not finite or has more than one dimension, their
        shapes differ, ``t`` is not in :math:`[0, 1]`, or ``f`` returns an
        array or a non-finite value.

    Notes
    -----
    :math:`f` is convex when its graph never rises above a chord:

    .. math::

        f(t x + (1 - t) y) \le t f(x) + (1 - t) f(y)
        \qquad \text{for all } x, y \text{ and } t \in [0, 1].

    In floating point a convex function can show a gap slightly below zero,
    of the order of the rounding errors of the three evaluations of
    :math:`f` (about :math:`\varepsilon \max |f|`); compare with a tolerance.
    At :math:`t \in \{0, 1\}` the gap is exactly zero.

    References
    ----------
    S. Boyd and L. Vandenberghe, *Convex Optimization*, §3.1.1.

    Examples
    --------
    For :math:`f(v) = v \cdot v` the gap is :math:`t(1-t)\lVert x - y \rVert^2`:

    >>> convexity_gap(lambda v: float(v @ v), [1.0, 0.0], [0.0, 1.0], 0.5)
    0.5
    """
    func = _function(f, "f")
    x_, y_ = _point(x, "x"), _point(y, "y")
    _same_shape(x_, y_, "x", "y")
    return _gap(func, x_, y_, _fraction(t, "t"))


@dataclass(frozen=True)
class SegmentGap:
    """The most negative convexity gap found by :func:`search_convexity_violation`.

    ``gap`` (float)
        :math:`t f(x) + (1 - t) f(y) - f(t x + (1 - t) y)` at the worst segment.
    ``x``, ``y`` (ndarray, shape () or (n,))
        The end points of that segment.
    ``t`` (float)
        The position on it.
    """

    gap: float
    x: FloatArray
    y: FloatArray
    t: float


def search_convexity_violation(
    f: Callable[[Any], float],
    low: ArrayLike,
    high: ArrayLike,
    n_segments: int = 1000,
    seed: int = 0,
) -> SegmentGap:
    r"""Look for a chord below the graph on random segments inside a box.

    Parameters
    ----------
    f : callable
        A function returning a real number; it receives a Python float when
        ``low`` and ``high`` are numbers, else a float64 vector.
    low, high : float or array_like, shape (n,)
        Corners of the box :math:`\{x : \text{low} \le x \le \text{high}\}`
        from which the end points are drawn uniformly, entry by entry.
    n_segments : int, optional
        Number of random segments (default 1000); each costs three
        evaluations of ``f``.
    seed : int, optional
        Seed of the random generator (default 0).

    Returns
    -------
    SegmentGap
        The smallest :func:`convexity_gap` seen, with its segment and
        position :math:`t` (drawn uniformly from :math:`[0, 1]`).

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number, ``low`` or
        ``high`` is not numeric, or ``n_segments`` or ``seed`` is not an integer.
    ValueError
        If ``low`` or ``high`` is not finite or has more than one dimension,
        their shapes differ, some entry of ``low`` exceeds ``high``,
        ``n_segments < 1``, ``seed < 0``, or ``f`` returns an array or a
        non-finite value.

    Notes
    -----
    A negative gap (beyond rounding, see :func:`convexity_gap`) is a
    certificate: :math:`f` is not convex on the box. A gap that stays
    non-negative is only evidence: a finite search can miss a small region
    where the chord dips below the graph.

    Examples
    --------
    >>> sphere = lambda v: float(v @ v)
    >>> search_convexity_violation(sphere, [-1.0, -1.0], [1.0, 1.0], seed=0).gap >= 0.0
    True
    >>> double_well = lambda x: (x * x - 1.0) ** 2
    >>> search_convexity_violation(double_well, -2.0, 2.0, seed=0).gap < 0.0
    True
    """
    func = _function(f, "f")
    lo, hi = _point(low, "low"), _point(high, "high")
    _same_shape(lo, hi, "low", "high")
    if np.any(lo > hi):
        msg = (
            f"`low` must not exceed `high` in any entry; got low={lo.tolist()}, high={hi.tolist()}"
        )
        raise ValueError(msg)
    n = _integer(n_segments, "n_segments", 1)
    rng = np.random.default_rng(_integer(seed, "seed", 0))

    def draw() -> SegmentGap:
        x = np.asarray(lo + (hi - lo) * rng.random(lo.shape), dtype=np.float64)
        y = np.asarray(lo + (hi - lo) * rng.random(lo.shape), dtype=np.float64)
        t = float(rng.random())
        return SegmentGap(_gap(func, x, y, t), x, y, t)

    best = draw()
    for _ in range(n - 1):
        candidate = draw()
        if candidate.gap < best.gap:
            best = candidate
    return best


# ---------------------------------------------------------------------------
# Saddle points in high dimensions: random symmetric Hessians
# ---------------------------------------------------------------------------


def goe_matrices(n: int, n_samples: int, rng: np.random.Generator) -> FloatArray:
    r"""Random symmetric matrices from the Gaussian orthogonal ensemble (GOE).

    Parameters
    ----------
    n : int
        Size of each matrix, at least 1.
    n_samples : int
        Number of matrices, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray, shape (n_samples, n, n)
        Symmetric matrices :math:`H = (G + G^\top)/\sqrt{2n}` with :math:`G`
        of independent standard normal entries: off-diagonal entries have
        variance :math:`1/n`, diagonal ones :math:`2/n`.

    Raises
    ------
    TypeError
        If ``n`` or ``n_samples`` is not an integer, or ``rng`` is not a
        ``numpy.random.Generator``.
    ValueError
        If ``n`` or ``n_samples`` is less than 1.

    Notes
    -----
    The distribution of :math:`H` is invariant under :math:`H \mapsto O H O^\top`
    for every orthogonal :math:`O`: no direction is special. With this scaling
    the eigenvalue density tends, as :math:`n \to \infty`, to Wigner's
    semicircle on :math:`[-2, 2]`,

    .. math:: \rho(\lambda) = \frac{1}{2\pi} \sqrt{4 - \lambda^2},

    which is symmetric about 0: half of the eigenvalues are negative.

    References
    ----------
    M. L. Mehta, *Random Matrices*, 3rd ed., ch. 2.

    Examples
    --------
    >>> H = goe_matrices(3, 2, np.random.default_rng(0))
    >>> H.shape, bool(np.all(H == H.transpose(0, 2, 1)))
    ((2, 3, 3), True)
    """
    size = _integer(n, "n", 1)
    count = _integer(n_samples, "n_samples", 1)
    source = generator(rng)
    G = source.standard_normal((count, size, size))
    H: FloatArray = (G + G.transpose(0, 2, 1)) / math.sqrt(2.0 * size)
    return H


def hessian_index_distribution(
    n: int, n_samples: int = 10_000, seed: int = 0, shift: float = 0.0
) -> FloatArray:
    r"""How often a random :math:`n \times n` "Hessian" has :math:`k` negative eigenvalues.

    Parameters
    ----------
    n : int
        The dimension, at least 1.
    n_samples : int, optional
        Number of random matrices (default 10 000).
    seed : int, optional
        Seed of the random generator (default 0).
    shift : float, optional
        Add ``shift`` times the identity to every matrix (default 0): a
        positive shift moves the spectrum to the right, a crude model of the
        Hessian at critical points of low loss (see Notes).

    Returns
    -------
    ndarray, shape (n + 1,)
        Entry :math:`k` is the fraction of the samples :math:`H + sI`, with
        :math:`H` from :func:`goe_matrices`, that have exactly :math:`k`
        negative eigenvalues (the *index* of the critical point). Entry 0 is
        the fraction that are positive definite (minima), entry :math:`n` the
        fraction that are negative definite (maxima); everything in between
        is a saddle. The entries sum to 1.

    Raises
    ------
    TypeError
        If ``n``, ``n_samples`` or ``seed`` is not an integer, or ``shift``
        is not a real number.
    ValueError
        If ``n`` or ``n_samples`` is less than 1, ``seed`` is negative, or
        ``shift`` is not finite.

    Notes
    -----
    If the signs of the :math:`n` eigenvalues were independent fair coins,
    the fraction of minima would be :math:`2^{-n}`. GOE eigenvalues repel each
    other, and the true fraction falls much faster: Dean & Majumdar (2006)
    show

    .. math:: P(\text{all } n \text{ eigenvalues} > 0) \approx e^{-\theta n^2},
        \qquad \theta = \tfrac{\ln 3}{4},

    for large :math:`n`. For :math:`n = 1` it is :math:`1/2` and for
    :math:`n = 2` exactly :math:`(2 - \sqrt 2)/4`. In Bray & Dean's (2007)
    Gaussian random-field model the Hessian at a critical point is such a
    matrix shifted by an amount that grows as the value of the field at the
    point decreases, which is what ``shift`` imitates: low critical points
    have few negative eigenvalues.

    References
    ----------
    D. S. Dean and S. N. Majumdar, "Large deviations of extreme eigenvalues
    of random matrices", *Phys. Rev. Lett.* 97, 160201 (2006);
    A. J. Bray and D. S. Dean, "Statistics of critical points of Gaussian
    fields on large-dimensional spaces", *Phys. Rev. Lett.* 98, 150201 (2007);
    Y. Dauphin et al., "Identifying and attacking the saddle point problem in
    high-dimensional non-convex optimization", NeurIPS 2014.

    Examples
    --------
    >>> dist = hessian_index_distribution(3, n_samples=2000, seed=0)
    >>> dist.shape, bool(np.isclose(dist.sum(), 1.0))
    ((4,), True)
    """
    size = _integer(n, "n", 1)
    count = _integer(n_samples, "n_samples", 1)
    rng = np.random.default_rng(_integer(seed, "seed", 0))
    s = real_number(shift, "shift")
    counts = np.zeros(size + 1, dtype=np.int64)
    batch = max(1, _CHUNK // (size * size))  # bound the (batch, n, n) array in memory
    for start in range(0, count, batch):
        H = goe_matrices(size, min(batch, count - start), rng) + s * np.eye(size)
        negative = np.sum(np.linalg.eigvalsh(H) < 0.0, axis=1)  # index of each sample
        counts += np.bincount(negative, minlength=size + 1)
    fractions: FloatArray = counts / count
    return fractions


# ---------------------------------------------------------------------------
# Quadratic programs: Lagrange multipliers and KKT
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QPSolution:
    """The solution of a quadratic program (from :func:`solve_equality_qp` or
    :func:`solve_inequality_qp`).

    ``x`` (ndarray, shape (n,))
        The minimiser :math:`x^*`.
    ``multipliers`` (ndarray, shape (p,) or (m,))
        The Lagrange multipliers, one per constraint: :math:`\\lambda^*` for
        equality constraints (any sign), :math:`\\mu^* \\ge 0` for inequality
        constraints (zero for every inactive one).
    ``value`` (float)
        The optimal value :math:`\\tfrac12 x^{*\\top} Q x^* + c^\\top x^*`.
    ``active`` (ndarray of bool, shape (p,) or (m,))
        Which constraints were treated as equalities: all of them for an
        equality-constrained problem, the active set found for an
        inequality-constrained one.
    """

    x: FloatArray
    multipliers: FloatArray
    value: float
    active: NDArray[np.bool_]


def _objective(Q: FloatArray, c: FloatArray, x: FloatArray) -> float:
    return float(0.5 * x @ Q @ x + c @ x)


def _kkt_solve(
    Q: FloatArray, c: FloatArray, A: FloatArray, b: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Solve the KKT system of min ½xᵀQx + cᵀx subject to Ax = b (rows of A independent)."""
    n, p = Q.shape[0], A.shape[0]
    # scale each constraint row to a norm in [1/2, 1): a row of size 1e-200 (or 1e200)
    # would make the KKT matrix singular (or overflow) in floating point, though the
    # problem is fine. The scales are powers of 2, so scaling is exact.
    largest = np.max(np.abs(A), axis=1, keepdims=True)  # > 0: the rows are independent
    row_norms = largest[:, 0] * np.linalg.norm(A / largest, axis=1)  # no underflow of squares
    norms = np.ldexp(1.0, np.frexp(row_norms)[1])  # 2**e with row_norms / 2**e in [1/2, 1)
    K = np.block([[Q, (A / norms[:, None]).T], [A / norms[:, None], np.zeros((p, p))]])
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
        try:
            solution = np.linalg.solve(K, np.concatenate([-c, b / norms]))
        except np.linalg.LinAlgError:
            msg = "the KKT matrix of `Q` and `A` is singular to working precision"
            raise ValueError(msg) from None
        x, lam = solution[:n], solution[n:] / norms  # multipliers of the unscaled rows
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(lam))):
        msg = "the solution overflows float64: rescale `Q`, `c`, `A` and `b`"
        raise ValueError(msg)
    return x, lam


def _check_full_row_rank(A: FloatArray, name: str) -> None:
    p = A.shape[0]
    rank = int(np.linalg.matrix_rank(A))
    if rank < p:
        msg = (
            f"`{name}` must have full row rank (linearly independent constraints), "
            f"else the KKT matrix is singular; got rank {rank} for {p} rows"
        )
        raise ValueError(msg)


def _check_reduced_hessian(Q: FloatArray, A: FloatArray) -> None:
    """Raise unless ``Q`` is positive definite on the null space of ``A``."""
    n, p = Q.shape[0], A.shape[0]
    if p == n:
        return  # one feasible point: no direction to move in
    Z = np.linalg.svd(A)[2][p:].T  # (n, n - p) orthonormal basis of {d : A d = 0}
    curvatures = np.linalg.eigvalsh(Z.T @ Q @ Z)
    scale = float(np.max(np.abs(np.linalg.eigvalsh(Q))))
    smallest = float(curvatures[0])
    if smallest < -CURVATURE_RTOL * scale:
        msg = (
            "`Q` must be positive definite on the null space of `A` (the directions "
            f"that keep Ax = b); it has curvature {smallest:.3g} < 0 there, so the "
            "objective is unbounded below on the feasible set"
        )
        raise ValueError(msg)
    if smallest <= CURVATURE_RTOL * scale:
        msg = (
            "`Q` must be positive definite on the null space of `A` (the directions "
            f"that keep Ax = b); its curvature there is {smallest:.3g}, zero to working "
            "precision, so the KKT matrix is singular and there is no unique minimiser"
        )
        raise ValueError(msg)


def solve_equality_qp(Q: ArrayLike, c: ArrayLike, A: ArrayLike, b: ArrayLike) -> QPSolution:
    r"""Minimise a quadratic subject to linear equality constraints, via Lagrange's system.

    Parameters
    ----------
    Q : array_like, shape (n, n)
        Symmetric matrix of the quadratic term.
    c : array_like, shape (n,)
        Linear term.
    A : array_like, shape (p, n)
        Constraint matrix with linearly independent rows (:math:`p \le n`).
    b : array_like, shape (p,)
        Constraint levels.

    Returns
    -------
    QPSolution
        The minimiser :math:`x^*`, the multipliers :math:`\lambda^*` (one per
        constraint), the optimal value and ``active`` (all true).

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If an argument is not finite or has the wrong shape, ``Q`` is not
        symmetric, ``A`` does not have full row rank, or ``Q`` is not positive
        definite on the null space of ``A`` (then the KKT matrix is singular
        or the problem is unbounded below, and there is no unique minimiser).

    Notes
    -----
    For :math:`\min_x \tfrac12 x^\top Q x + c^\top x` subject to :math:`Ax = b`,
    the Lagrangian is :math:`L(x, \lambda) = \tfrac12 x^\top Q x + c^\top x
    + \lambda^\top (Ax - b)`. Setting its gradients with respect to
    :math:`x` and :math:`\lambda` to zero gives one linear system, the KKT system

    .. math::

        \begin{pmatrix} Q & A^\top \\ A & 0 \end{pmatrix}
        \begin{pmatrix} x^* \\ \lambda^* \end{pmatrix}
        = \begin{pmatrix} -c \\ b \end{pmatrix} .

    It is non-singular exactly when :math:`A` has full row rank and
    :math:`Z^\top Q Z` is non-singular, where the columns of :math:`Z` span
    the null space of :math:`A`; :math:`x^*` is the unique minimiser when
    :math:`Z^\top Q Z` is positive definite (the second-order condition),
    which is checked first. The multipliers measure sensitivity:
    :math:`\partial p^* / \partial b = -\lambda^*`.

    References
    ----------
    J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., §16.1;
    S. Boyd and L. Vandenberghe, *Convex Optimization*, §5.6.3 and §10.1.1.

    Examples
    --------
    Minimise :math:`x_1^2 + x_2^2` on the line :math:`x_1 + x_2 = 2`:

    >>> sol = solve_equality_qp([[2.0, 0.0], [0.0, 2.0]], [0.0, 0.0], [[1.0, 1.0]], [2.0])
    >>> sol.x.tolist(), sol.multipliers.tolist(), sol.value
    ([1.0, 1.0], [-2.0], 2.0)
    """
    Q_ = _symmetric(Q, "Q")
    n = Q_.shape[0]
    c_ = _vector_of_length(c, "c", n, "the size of `Q`")
    A_ = _constraint_matrix(A, "A", n)
    b_ = _right_hand_side(b, "b", A_, "A")
    _check_full_row_rank(A_, "A")
    _check_reduced_hessian(Q_, A_)
    x, lam = _kkt_solve(Q_, c_, A_, b_)
    # + 0.0 turns a -0.0 into 0.0: the same number, printed without a stray sign
    return QPSolution(x + 0.0, lam + 0.0, _objective(Q_, c_, x), np.ones(A_.shape[0], dtype=bool))


def solve_inequality_qp(Q: ArrayLike, c: ArrayLike, G: ArrayLike, h: ArrayLike) -> QPSolution:
    r"""Minimise a strictly convex quadratic subject to linear inequalities, by trying active sets.

    Parameters
    ----------
    Q : array_like, shape (n, n)
        Symmetric positive definite matrix of the quadratic term.
    c : array_like, shape (n,)
        Linear term.
    G : array_like, shape (m, n)
        One inequality :math:`G_i x \le h_i` per row, :math:`m \le`
        ``MAX_ENUMERATED_CONSTRAINTS``.
    h : array_like, shape (m,)
        Right-hand sides.

    Returns
    -------
    QPSolution
        The minimiser :math:`x^*`, the multipliers :math:`\mu^* \ge 0` (zero
        for inactive constraints), the optimal value, and the active set.

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If an argument is not finite or has the wrong shape, ``Q`` is not
        symmetric positive definite, ``G`` has more than
        ``MAX_ENUMERATED_CONSTRAINTS`` rows, or no feasible point exists.

    Notes
    -----
    The KKT conditions of :math:`\min \tfrac12 x^\top Q x + c^\top x`
    subject to :math:`Gx \le h` are

    .. math::

        Qx + c + G^\top \mu = 0, \quad Gx \le h, \quad \mu \ge 0, \quad
        \mu_i (G x - h)_i = 0 .

    Complementary slackness says that each constraint is either *active*
    (:math:`G_i x = h_i`) or has :math:`\mu_i = 0`. So guess the active set
    :math:`S`, solve the equality-constrained problem with :math:`G_S x = h_S`
    (:func:`solve_equality_qp`), and accept the guess if the result is
    feasible and :math:`\mu_S \ge 0`. Active sets are tried from the smallest
    up, skipping those with linearly dependent rows; for positive definite
    :math:`Q` the KKT point is the unique global minimiser, and one with
    independent active rows exists whenever the constraints are feasible.
    Feasibility and :math:`\mu \ge 0` are tested with the relative tolerance
    ``KKT_RTOL``. The cost grows like :math:`2^m`: this is a teaching
    solver for small problems; active-set and interior-point methods search
    the same conditions efficiently.

    References
    ----------
    J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., §16.5;
    S. Boyd and L. Vandenberghe, *Convex Optimization*, §5.5.3.

    Examples
    --------
    Minimise :math:`x_1^2 + x_2^2` subject to :math:`x_1 + x_2 \ge 2`
    (written :math:`-x_1 - x_2 \le -2`): the constraint is active.

    >>> sol = solve_inequality_qp([[2.0, 0.0], [0.0, 2.0]], [0.0, 0.0], [[-1.0, -1.0]], [-2.0])
    >>> sol.x.tolist(), sol.multipliers.tolist(), sol.active.tolist()
    ([1.0, 1.0], [2.0], [True])
    """
    Q_ = _symmetric(Q, "Q")
    n = Q_.shape[0]
    c_ = _vector_of_length(c, "c", n, "the size of `Q`")
    G_ = _constraint_matrix(G, "G", n)
    h_ = _right_hand_side(h, "h", G_, "G")
    m = G_.shape[0]
    if m > MAX_ENUMERATED_CONSTRAINTS:
        msg = (
            f"`G` may have at most {MAX_ENUMERATED_CONSTRAINTS} rows (all 2**m active sets "
            f"are tried); got {m}"
        )
        raise ValueError(msg)
    eigenvalues = np.linalg.eigvalsh(Q_)
    if not eigenvalues[0] > CURVATURE_RTOL * float(np.max(np.abs(eigenvalues))):
        msg = (
            "`Q` must be positive definite (a strictly convex objective has one "
            f"minimiser); got smallest eigenvalue {float(eigenvalues[0]):.3g}"
        )
        raise ValueError(msg)
    for size in range(m + 1):
        for subset in itertools.combinations(range(m), size):
            S = list(subset)
            if size and np.linalg.matrix_rank(G_[S]) < size:
                continue  # dependent active rows: a smaller set covers this case
            x: FloatArray
            mu_S: FloatArray
            if size:
                x, mu_S = _kkt_solve(Q_, c_, G_[S], h_[S])
            else:
                x, mu_S = np.asarray(np.linalg.solve(Q_, -c_), dtype=np.float64), np.zeros(0)
            # feasibility up to rounding, relative to the size of the terms in G x - h
            slack_tol = KKT_RTOL * (1.0 + np.abs(h_) + np.abs(G_) @ np.abs(x))
            if np.any(G_ @ x - h_ > slack_tol):
                continue
            if size and np.any(mu_S < -KKT_RTOL * (1.0 + float(np.max(np.abs(mu_S))))):
                continue
            mu = np.zeros(m)
            mu[S] = np.maximum(mu_S, 0.0)  # a multiplier of -1e-17 is a rounded zero
            active = np.zeros(m, dtype=bool)
            active[S] = True
            return QPSolution(x + 0.0, mu, _objective(Q_, c_, x), active)  # no -0.0
    msg = (
        "the constraints `G` x <= `h` have no feasible point: no active set satisfies "
        "the KKT conditions"
    )
    raise ValueError(msg)


@dataclass(frozen=True)
class KKTResiduals:
    """How far a point and multipliers are from satisfying the KKT conditions.

    Each field is a non-negative float, zero exactly when its condition holds
    (returned by :func:`kkt_residuals`):

    ``stationarity``
        :math:`\\lVert \\nabla f + J_g^\\top \\mu + J_h^\\top \\lambda \\rVert_\\infty`.
    ``primal_feasibility``
        :math:`\\max(\\max_i g_i^+, \\max_j |h_j|)`, with :math:`g^+ = \\max(g, 0)`.
    ``dual_feasibility``
        :math:`\\max_i \\max(-\\mu_i, 0)`.
    ``complementary_slackness``
        :math:`\\max_i |\\mu_i g_i|`.
    """

    stationarity: float
    primal_feasibility: float
    dual_feasibility: float
    complementary_slackness: float

    @property
    def largest(self) -> float:
        """The largest of the four residuals."""
        return max(
            self.stationarity,
            self.primal_feasibility,
            self.dual_feasibility,
            self.complementary_slackness,
        )


def _constraint_group(
    values: ArrayLike | None,
    jac: ArrayLike | None,
    mult: ArrayLike | None,
    names: tuple[str, str, str],
    n: int,
) -> tuple[FloatArray, FloatArray, FloatArray] | None:
    """Validate one group (values, Jacobian, multipliers) of constraints, or ``None``."""
    if values is None and jac is None and mult is None:
        return None
    v_name, j_name, m_name = names
    if values is None or jac is None or mult is None:
        given = (values, jac, mult)
        missing = ", ".join(f"`{nm}`" for nm, arg in zip(names, given, strict=True) if arg is None)
        msg = f"`{v_name}`, `{j_name}` and `{m_name}` must be given together; missing {missing}"
        raise ValueError(msg)
    v = as_vector(values, v_name)
    J = as_matrix(jac, j_name)
    if J.shape != (v.shape[0], n):
        msg = (
            f"`{j_name}` must have shape ({v.shape[0]}, {n}): one row per entry of "
            f"`{v_name}`, one column per entry of `grad_f`; got {J.shape}"
        )
        raise ValueError(msg)
    mu = _vector_of_length(mult, m_name, v.shape[0], f"one per entry of `{v_name}`")
    return v, J, mu


def kkt_residuals(
    grad_f: ArrayLike,
    *,
    g: ArrayLike | None = None,
    jac_g: ArrayLike | None = None,
    mu: ArrayLike | None = None,
    h: ArrayLike | None = None,
    jac_h: ArrayLike | None = None,
    lam: ArrayLike | None = None,
) -> KKTResiduals:
    r"""Residuals of the four KKT conditions at a candidate point and multipliers.

    Parameters
    ----------
    grad_f : array_like, shape (n,)
        :math:`\nabla f(x)` at the candidate :math:`x`.
    g : array_like, shape (m,), optional
        Values :math:`g_i(x)` of the inequality constraints :math:`g_i(x) \le 0`.
    jac_g : array_like, shape (m, n), optional
        Their Jacobian: row :math:`i` is :math:`\nabla g_i(x)`.
    mu : array_like, shape (m,), optional
        Candidate multipliers of the inequalities; a negative entry is
        allowed and reported as a dual-feasibility violation.
    h : array_like, shape (p,), optional
        Values :math:`h_j(x)` of the equality constraints :math:`h_j(x) = 0`.
    jac_h : array_like, shape (p, n), optional
        Their Jacobian.
    lam : array_like, shape (p,), optional
        Candidate multipliers of the equalities (any sign).

    Returns
    -------
    KKTResiduals
        Stationarity, primal feasibility, dual feasibility and complementary
        slackness residuals, each zero exactly when its condition holds.

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If an argument is not finite or has the wrong shape, or only part of
        a group (``g``, ``jac_g``, ``mu``) or (``h``, ``jac_h``, ``lam``) is given.

    Notes
    -----
    For :math:`\min f(x)` subject to :math:`g(x) \le 0`, :math:`h(x) = 0`, a
    point :math:`x^*` with multipliers :math:`\mu^*, \lambda^*` satisfies the
    KKT conditions when

    .. math::

        \nabla f(x^*) + \sum_i \mu_i^* \nabla g_i(x^*) + \sum_j \lambda_j^* \nabla h_j(x^*) = 0,
        \quad g(x^*) \le 0, \quad h(x^*) = 0, \quad \mu^* \ge 0, \quad
        \mu_i^* g_i(x^*) = 0 .

    The residuals are absolute (infinity norms), in the units of
    :math:`\nabla f` and of the constraints: compare them with a tolerance
    scaled to the problem.

    References
    ----------
    S. Boyd and L. Vandenberghe, *Convex Optimization*, §5.5.3;
    J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., §12.3.

    Examples
    --------
    :math:`\min x_1^2 + x_2^2` subject to :math:`2 - x_1 - x_2 \le 0` at
    :math:`x = (1, 1)` with :math:`\mu = 2`:

    >>> r = kkt_residuals([2.0, 2.0], g=[0.0], jac_g=[[-1.0, -1.0]], mu=[2.0])
    >>> r.largest
    0.0
    """
    grad = as_vector(grad_f, "grad_f")
    n = grad.shape[0]
    ineq = _constraint_group(g, jac_g, mu, ("g", "jac_g", "mu"), n)
    eq = _constraint_group(h, jac_h, lam, ("h", "jac_h", "lam"), n)
    stationarity = grad.copy()
    primal = dual = slackness = 0.0
    if ineq is not None:
        g_, J_g, mu_ = ineq
        stationarity += J_g.T @ mu_
        primal = float(np.max(np.maximum(g_, 0.0)))
        dual = float(np.max(np.maximum(-mu_, 0.0)))
        slackness = float(np.max(np.abs(mu_ * g_)))
    if eq is not None:
        h_, J_h, lam_ = eq
        stationarity += J_h.T @ lam_
        primal = max(primal, float(np.max(np.abs(h_))))
    return KKTResiduals(float(np.max(np.abs(stationarity))), primal, dual, slackness)
