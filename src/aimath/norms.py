"""Norms and distances: how big a vector is, and how far apart two points are.

Each function implements one formula of chapter 3 of the book: the
:math:`L_p` norms and their unit balls, the Frobenius and spectral norms of a
matrix, the distances used by nearest-neighbour search, clustering and
retrieval, the concentration of distances in high dimension, and the geometry
of norm-constrained least squares behind L1 and L2 regularization. Every
function is checked against NumPy, SciPy or scikit-learn in the tests.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_matrix,
    as_vector,
    euclidean_length,
    finite_scalar,
    generator,
    same_length,
)
from aimath._validation import integer_at_least as _count

__all__ = [
    "ball_constrained_least_squares",
    "distance_concentration",
    "frobenius_norm",
    "lp_norm",
    "lp_quasinorm",
    "mahalanobis",
    "pairwise_distances",
    "project_onto_ball",
    "relative_contrast",
    "spectral_norm",
    "unit_ball_boundary",
]

#: Metrics understood by :func:`pairwise_distances`.
METRICS = ("euclidean", "manhattan", "chebyshev", "cosine", "minkowski")

#: Largest number of float64 differences :func:`pairwise_distances` holds at once.
_CHUNK = 2**20

#: ``cov`` counts as symmetric when ``max|cov - cov.T| <= _SYMMETRY_RTOL * max|cov|``:
#: covariance matrices computed in floating point may be asymmetric by rounding.
_SYMMETRY_RTOL = 1e-10


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _real(x: object, name: str) -> float:
    """``x`` as a float that is not NaN (``inf`` allowed), or raise naming ``name``."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        msg = f"`{name}` must be a real number (or numpy.inf); got {type(x).__name__}"
        raise TypeError(msg)
    value = float(x)
    if math.isnan(value):
        msg = f"`{name}` must be a number; got nan"
        raise ValueError(msg)
    return value


def _norm_order(p: object) -> float:
    """Validate the order of an :math:`L_p` norm: ``p >= 1`` or ``inf``."""
    order = _real(p, "p")
    if order < 1.0:
        msg = (
            f"`p` must be >= 1 (or numpy.inf) for an L_p norm; got {p!r}. For p < 1, "
            "(sum |v_i|^p)^(1/p) breaks the triangle inequality, so it is not a norm "
            "(use lp_quasinorm to compute it anyway)"
        )
        raise ValueError(msg)
    return order


# ---------------------------------------------------------------------------
# Vector norms
# ---------------------------------------------------------------------------


def _lp_last_axis(a: FloatArray, p: float) -> FloatArray:
    """:math:`(\\sum_i |a_i|^p)^{1/p}` along the last axis, for any ``p > 0`` or ``inf``."""
    mag = np.abs(a)
    if p == math.inf:
        return np.asarray(np.max(mag, axis=-1), dtype=np.float64)
    if p == 1.0:
        # overflows only if the result itself does
        return np.asarray(np.sum(mag, axis=-1), dtype=np.float64)
    # factor out the largest entry: |a_i|**p would overflow (or underflow) for
    # entries far from 1, although the norm itself is representable
    scale = np.max(mag, axis=-1, keepdims=True)
    ratios = mag / np.where(scale > 0.0, scale, 1.0)  # in [0, 1]
    if p == 2.0:
        root = np.sqrt(np.sum(ratios * ratios, axis=-1))
    else:
        root = np.sum(ratios**p, axis=-1) ** (1.0 / p)
    result: FloatArray = scale[..., 0] * root
    return result


def lp_norm(v: ArrayLike, p: float) -> float:
    r"""The :math:`L_p` norm of a vector, for :math:`p \ge 1` or :math:`p = \infty`.

    Parameters
    ----------
    v : array_like, shape (n,)
        A finite vector.
    p : float
        The order: any real :math:`p \ge 1`, or ``numpy.inf`` for the max norm.

    Returns
    -------
    float
        :math:`\lVert v \rVert_p`.

    Raises
    ------
    ValueError
        If ``v`` is not a non-empty finite 1-D vector, ``p`` is NaN, or
        ``p < 1`` (then the triangle inequality fails and the formula is not
        a norm; see :func:`lp_quasinorm`).
    TypeError
        If ``p`` is not a real number.

    Notes
    -----
    .. math::

        \lVert v \rVert_p = \Bigl(\sum_{i=1}^n |v_i|^p\Bigr)^{1/p},
        \qquad \lVert v \rVert_\infty = \max_i |v_i| .

    For :math:`p \notin \{1, \infty\}` the largest magnitude :math:`s = \max_i |v_i|`
    is factored out, :math:`\lVert v \rVert_p = s\,\lVert v / s \rVert_p`, so that
    no power :math:`|v_i|^p` overflows or underflows when the norm itself is
    representable. :math:`p = 2` is the Euclidean length of
    :func:`aimath.vectors.norm`.

    References
    ----------
    G. Strang, *Introduction to Linear Algebra*, 5th ed.; S. Boyd and
    L. Vandenberghe, *Convex Optimization*, §A.1.

    Examples
    --------
    >>> v = [3.0, -4.0, 1.0]
    >>> lp_norm(v, 1), lp_norm(v, np.inf)
    (8.0, 4.0)
    >>> lp_norm([3.0, -4.0], 2)
    5.0
    """
    order = _norm_order(p)
    return float(_lp_last_axis(as_vector(v, "v"), order))


def lp_quasinorm(v: ArrayLike, p: float) -> float:
    r""":math:`(\sum_i |v_i|^p)^{1/p}` for :math:`0 < p < 1`: a quasi-norm, not a norm.

    Parameters
    ----------
    v : array_like, shape (n,)
        A finite vector.
    p : float
        The order, strictly between 0 and 1.

    Returns
    -------
    float
        :math:`\lVert v \rVert_p` in the quasi-norm sense.

    Raises
    ------
    ValueError
        If ``v`` is not a non-empty finite 1-D vector, or ``p`` is not in
        :math:`(0, 1)` (for :math:`p \ge 1` use :func:`lp_norm`).
    TypeError
        If ``p`` is not a real number.

    Notes
    -----
    The same formula as :func:`lp_norm`, but for :math:`0 < p < 1` it violates
    the triangle inequality: for :math:`e_1 = (1, 0)` and :math:`e_2 = (0, 1)`,
    :math:`\lVert e_1 + e_2 \rVert_p = 2^{1/p} > 2 = \lVert e_1 \rVert_p + \lVert e_2 \rVert_p`.
    Only the weaker
    :math:`\lVert x + y \rVert_p \le 2^{1/p - 1}(\lVert x \rVert_p + \lVert y \rVert_p)`
    holds, which is what "quasi-norm" means, and its unit ball is not convex.

    Examples
    --------
    >>> lp_quasinorm([1.0, 0.0], 0.5), lp_quasinorm([1.0, 1.0], 0.5)
    (1.0, 4.0)
    """
    order = _real(p, "p")
    if not 0.0 < order < 1.0:
        msg = f"`p` must be in (0, 1) for the quasi-norm; got {p!r} (for p >= 1 use lp_norm)"
        raise ValueError(msg)
    return float(_lp_last_axis(as_vector(v, "v"), order))


def unit_ball_boundary(p: float, n_points: int = 401) -> FloatArray:
    r"""Points on the boundary of the 2-D unit ball :math:`\{x : \lVert x \rVert_p = 1\}`.

    Parameters
    ----------
    p : float
        Any :math:`p > 0`, or ``numpy.inf``. For :math:`0 < p < 1` the "ball"
        of the quasi-norm (:func:`lp_quasinorm`) is drawn: a star with
        inward-curved sides, not a convex set.
    n_points : int, optional
        Number of points, at least 5. The curve is closed: the last point
        repeats the first. With the default, every corner of the
        :math:`L_1` and :math:`L_\infty` balls is one of the points (to
        within rounding, about ``1e-15``).

    Returns
    -------
    ndarray, shape (n_points, 2)
        Points :math:`x` with :math:`\lVert x \rVert_p = 1` up to rounding,
        going once around the origin counter-clockwise.

    Raises
    ------
    ValueError
        If ``p`` is not positive (or is NaN), or ``n_points < 5``.
    TypeError
        If ``p`` is not a real number or ``n_points`` is not an integer.

    Notes
    -----
    For finite :math:`p` the curve is Lamé's superellipse,

    .. math::

        x(t) = \operatorname{sign}(\cos t)\,|\cos t|^{2/p}, \quad
        y(t) = \operatorname{sign}(\sin t)\,|\sin t|^{2/p}, \qquad t \in [0, 2\pi],

    so that :math:`|x|^p + |y|^p = \cos^2 t + \sin^2 t = 1`. For
    :math:`p = \infty` each direction :math:`(\cos t, \sin t)` is divided by its
    largest coordinate, giving the square.

    Examples
    --------
    >>> square = unit_ball_boundary(np.inf, n_points=9)
    >>> square[[0, 1, 2]].round(12).tolist()
    [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
    >>> diamond = unit_ball_boundary(1.0)
    >>> bool(np.allclose(np.abs(diamond).sum(axis=1), 1.0, rtol=1e-12, atol=0.0))
    True
    """
    order = _real(p, "p")
    if not order > 0.0:
        msg = f"`p` must be positive (or numpy.inf); got {p!r}"
        raise ValueError(msg)
    n = _count(n_points, "n_points", 5)
    t = np.linspace(0.0, 2.0 * np.pi, n)
    c, s = np.cos(t), np.sin(t)
    if order == math.inf:
        d = np.column_stack([c, s])
        points: FloatArray = d / np.max(np.abs(d), axis=1, keepdims=True)
    else:
        e = 2.0 / order
        points = np.column_stack([np.sign(c) * np.abs(c) ** e, np.sign(s) * np.abs(s) ** e])
    points[-1] = points[0]  # close the curve exactly (sin 2π is not exactly 0)
    return points


# ---------------------------------------------------------------------------
# Matrix norms
# ---------------------------------------------------------------------------


def frobenius_norm(A: ArrayLike) -> float:
    r"""Frobenius norm of a matrix: the Euclidean length of all its entries.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A finite matrix.

    Returns
    -------
    float
        :math:`\lVert A \rVert_F`.

    Raises
    ------
    ValueError
        If ``A`` is not a non-empty finite 2-D matrix.

    Notes
    -----
    .. math::

        \lVert A \rVert_F = \Bigl(\sum_{i,j} A_{ij}^2\Bigr)^{1/2}
        = \sqrt{\operatorname{tr}(A^\top A)} = \Bigl(\sum_k \sigma_k^2\Bigr)^{1/2},

    where :math:`\sigma_k` are the singular values. Computed with the largest
    entry factored out, like :func:`lp_norm`.

    Examples
    --------
    >>> frobenius_norm([[1.0, 2.0], [2.0, 4.0]])
    5.0
    """
    return euclidean_length(as_matrix(A, "A").ravel())


def spectral_norm(A: ArrayLike) -> float:
    r"""Spectral norm of a matrix: its largest singular value.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A finite matrix.

    Returns
    -------
    float
        :math:`\lVert A \rVert_2 = \sigma_1(A)`, the largest factor by which
        :math:`A` stretches a vector.

    Raises
    ------
    ValueError
        If ``A`` is not a non-empty finite 2-D matrix.

    Notes
    -----
    .. math::

        \lVert A \rVert_2 = \max_{\lVert x \rVert_2 = 1} \lVert A x \rVert_2 = \sigma_1(A)
        = \sqrt{\lambda_{\max}(A^\top A)} .

    Computed from the singular values alone (``numpy.linalg.svd`` with
    ``compute_uv=False``, LAPACK's ``gesdd``), which is accurate to a small
    multiple of machine epsilon relative to :math:`\lVert A \rVert_2`. Forming
    :math:`A^\top A` and taking its largest eigenvalue would square the
    condition number and lose half the digits of small singular values; the
    largest one is safe either way, but the SVD route costs nothing extra at
    the sizes of this book.

    References
    ----------
    G. H. Golub and C. F. Van Loan, *Matrix Computations*, 4th ed., §2.3 and §8.6.

    Examples
    --------
    >>> spectral_norm([[3.0, 0.0], [0.0, -4.0]])
    4.0
    """
    singular_values = np.linalg.svd(as_matrix(A, "A"), compute_uv=False)
    return float(singular_values[0])


# ---------------------------------------------------------------------------
# Distances
# ---------------------------------------------------------------------------


def _blockwise(
    X: FloatArray, Y: FloatArray, reduce: Callable[[FloatArray], FloatArray]
) -> FloatArray:
    """``D[i, j] = reduce(X[i] - Y[j])``, a block of rows of ``X`` at a time."""
    n, m, d = X.shape[0], Y.shape[0], X.shape[1]
    out = np.empty((n, m))
    rows = max(1, _CHUNK // (m * d))  # bound the (rows, m, d) difference array
    for start in range(0, n, rows):
        diff = X[start : start + rows, None, :] - Y[None, :, :]  # (rows, m, d)
        out[start : start + rows] = reduce(diff)
    return out


def _lp_distances(X: FloatArray, Y: FloatArray, p: float) -> FloatArray:
    """``D[i, j] = ||X[i] - Y[j]||_p``."""
    return _blockwise(X, Y, lambda diff: _lp_last_axis(diff, p))


def _unit_rows(M: FloatArray, name: str) -> FloatArray:
    """Rows of ``M`` scaled to Euclidean length 1; zero rows are an error."""
    lengths = _lp_last_axis(M, 2.0)
    zero = np.flatnonzero(lengths == 0.0)
    if zero.size:
        msg = (
            f"`{name}` has a zero row (row {int(zero[0])}): the cosine distance of the "
            "zero vector is undefined"
        )
        raise ValueError(msg)
    unit: FloatArray = M / lengths[:, None]
    return unit


def pairwise_distances(
    X: ArrayLike,
    Y: ArrayLike | None = None,
    metric: str = "euclidean",
    p: float | None = None,
) -> FloatArray:
    r"""Distances between every row of ``X`` and every row of ``Y``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Points as rows.
    Y : array_like, shape (m, d), optional
        Points as rows; ``X`` itself if omitted.
    metric : {"euclidean", "manhattan", "chebyshev", "cosine", "minkowski"}
        The distance (see Notes).
    p : float, optional
        Order of the Minkowski distance, :math:`p \ge 1` or ``numpy.inf``;
        required for ``"minkowski"`` and not allowed for the other metrics.

    Returns
    -------
    ndarray, shape (n, m)
        ``D[i, j]`` is the distance from ``X[i]`` to ``Y[j]``.

    Raises
    ------
    ValueError
        If ``X`` or ``Y`` is not a finite 2-D matrix, their numbers of columns
        differ, ``metric`` is unknown, ``p`` is missing, invalid (``p < 1``)
        or given for a metric other than ``"minkowski"``, or (for
        ``"cosine"``) a row is zero.
    TypeError
        If ``metric`` is not a string or ``p`` not a real number.

    Notes
    -----
    With :math:`\delta = x - y`:

    .. math::

        d_\text{euclidean} = \lVert \delta \rVert_2, \quad
        d_\text{manhattan} = \lVert \delta \rVert_1, \quad
        d_\text{chebyshev} = \lVert \delta \rVert_\infty, \quad
        d_\text{minkowski} = \lVert \delta \rVert_p, \quad
        d_\text{cosine} = 1 - \frac{x \cdot y}{\lVert x \rVert_2 \lVert y \rVert_2} .

    The differences are formed explicitly, in blocks of rows to bound memory.
    The shortcut :math:`\lVert x \rVert^2 + \lVert y \rVert^2 - 2\,x \cdot y`
    (used by scikit-learn for speed) cancels catastrophically for nearby
    points. For the same reason the cosine distance is computed as
    :math:`\tfrac12 \lVert \hat x - \hat y \rVert_2^2` with
    :math:`\hat x = x / \lVert x \rVert_2`, which equals
    :math:`1 - \cos(x, y)` exactly in real arithmetic but keeps its relative
    accuracy when the vectors are nearly parallel. The cosine distance is not
    a metric: it breaks the triangle inequality.

    Examples
    --------
    >>> X = [[0.0, 0.0], [3.0, 4.0]]
    >>> pairwise_distances(X).tolist()
    [[0.0, 5.0], [5.0, 0.0]]
    >>> pairwise_distances(X, [[1.0, 1.0]], metric="manhattan").tolist()
    [[2.0], [5.0]]
    >>> pairwise_distances([[1.0, 0.0]], [[0.0, 2.0], [-1.0, 0.0]], metric="cosine").tolist()
    [[1.0, 2.0]]
    """
    X_ = as_matrix(X, "X")
    Y_ = X_ if Y is None else as_matrix(Y, "Y")
    if Y_.shape[1] != X_.shape[1]:
        msg = (
            "`X` and `Y` must have the same number of columns (features); "
            f"got {X_.shape[1]} and {Y_.shape[1]}"
        )
        raise ValueError(msg)
    given: object = metric  # callers without type checking may pass anything
    if not isinstance(given, str):
        msg = f"`metric` must be a string, one of {METRICS}; got {type(given).__name__}"
        raise TypeError(msg)
    if metric not in METRICS:
        msg = f"`metric` must be one of {METRICS}; got {metric!r}"
        raise ValueError(msg)
    if metric == "minkowski":
        if p is None:
            msg = "`p` is required when metric='minkowski' (p >= 1 or numpy.inf)"
            raise ValueError(msg)
        order = _norm_order(p)
    elif p is not None:
        msg = f"`p` applies only to metric='minkowski'; got p={p!r} with metric={metric!r}"
        raise ValueError(msg)
    else:
        order = {"euclidean": 2.0, "manhattan": 1.0, "chebyshev": math.inf, "cosine": 2.0}[metric]
    if metric == "cosine":
        X_hat = _unit_rows(X_, "X")
        Y_hat = X_hat if Y is None else _unit_rows(Y_, "Y")
        # 1 - cos = |x_hat - y_hat|^2 / 2, without the cancellation of 1 - (x_hat . y_hat);
        # entries of unit vectors are at most 1, so the squares cannot overflow
        half_sq = _blockwise(X_hat, Y_hat, lambda diff: 0.5 * np.sum(diff * diff, axis=-1))
        return np.minimum(half_sq, 2.0)  # |x_hat - y_hat| <= 2; clip rounding above
    return _lp_distances(X_, Y_, order)


def _cholesky(cov: ArrayLike, n: int) -> FloatArray:
    """Cholesky factor ``L`` (``cov = L L^T``) of an ``n x n`` covariance, or raise."""
    C = as_matrix(cov, "cov", square=True)
    if C.shape[0] != n:
        msg = f"`cov` must be {n}x{n} to match vectors of length {n}; got shape {C.shape}"
        raise ValueError(msg)
    asymmetry = float(np.max(np.abs(C - C.T)))
    if asymmetry > _SYMMETRY_RTOL * float(np.max(np.abs(C))):
        msg = f"`cov` must be symmetric; got max |cov - cov.T| = {asymmetry:.3g}"
        raise ValueError(msg)
    try:
        L = np.asarray(np.linalg.cholesky(0.5 * (C + C.T)), dtype=np.float64)
    except np.linalg.LinAlgError:
        msg = (
            "`cov` must be positive definite (its Cholesky factorisation failed): "
            f"smallest eigenvalue {float(np.linalg.eigvalsh(C)[0]):.3g}"
        )
        raise ValueError(msg) from None
    return L


def mahalanobis(x: ArrayLike, y: ArrayLike, cov: ArrayLike) -> float:
    r"""Mahalanobis distance between two points under a covariance matrix.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Finite points of the same length.
    cov : array_like, shape (n, n)
        A symmetric positive definite covariance matrix (symmetric up to
        rounding, see Raises).

    Returns
    -------
    float
        :math:`\sqrt{(x - y)^\top \Sigma^{-1} (x - y)}`.

    Raises
    ------
    ValueError
        If the points are invalid or differ in length, ``cov`` is not
        ``n x n``, not symmetric (``max|cov - cov.T|`` above ``1e-10`` times
        ``max|cov|``) or not positive definite.

    Notes
    -----
    .. math:: d_\Sigma(x, y) = \sqrt{(x - y)^\top \Sigma^{-1} (x - y)}

    :math:`\Sigma^{-1}` is never formed. With the Cholesky factorisation
    :math:`\Sigma = L L^\top`, :math:`d_\Sigma(x, y) = \lVert z \rVert_2` where
    :math:`L z = x - y`: one triangular solve. This also shows what the
    distance is: the Euclidean distance after *whitening* the data by
    :math:`L^{-1}`, which turns :math:`\Sigma` into the identity. With
    :math:`\Sigma = I` it is the Euclidean distance.

    References
    ----------
    P. C. Mahalanobis, "On the generalized distance in statistics", 1936.

    Examples
    --------
    >>> mahalanobis([2.0, 0.0], [0.0, 0.0], [[4.0, 0.0], [0.0, 1.0]])
    1.0
    >>> mahalanobis([0.0, 2.0], [0.0, 0.0], [[4.0, 0.0], [0.0, 1.0]])
    2.0
    """
    x_ = as_vector(x, "x")
    y_ = as_vector(y, "y")
    same_length(x_, y_, "x", "y")
    L = _cholesky(cov, x_.shape[0])
    z = np.asarray(np.linalg.solve(L, x_ - y_), dtype=np.float64)  # whitened: L z = x - y
    return euclidean_length(z)


def relative_contrast(points: ArrayLike, query: ArrayLike, p: float = 2.0) -> float:
    r"""How much farther the farthest point is than the nearest, relative to the nearest.

    Parameters
    ----------
    points : array_like, shape (N, d)
        At least two points, as rows.
    query : array_like, shape (d,)
        The query point; it must not coincide with any of ``points``.
    p : float, optional
        Distances are :math:`L_p` distances (default 2, Euclidean).

    Returns
    -------
    float
        :math:`(D_\max - D_\min) / D_\min \ge 0`.

    Raises
    ------
    ValueError
        If the shapes do not match, there are fewer than two points, ``p < 1``,
        or ``query`` coincides with a point (:math:`D_\min = 0`).

    Notes
    -----
    .. math::

        \operatorname{RC} = \frac{D_\max - D_\min}{D_\min}, \qquad
        D_\max = \max_i \lVert x_i - q \rVert_p, \quad D_\min = \min_i \lVert x_i - q \rVert_p .

    When :math:`\operatorname{RC}` is close to 0, the nearest and the farthest
    point are almost equally far away and "nearest neighbour" carries little
    information. Beyer et al. (1999) show that for many distributions with
    independent coordinates :math:`\operatorname{RC} \to 0` as the dimension
    grows; see :func:`distance_concentration`.

    References
    ----------
    K. Beyer, J. Goldstein, R. Ramakrishnan and U. Shaft, "When is 'nearest
    neighbor' meaningful?", ICDT 1999.

    Examples
    --------
    >>> relative_contrast([[1.0, 0.0], [0.0, 3.0]], [0.0, 0.0])
    2.0
    """
    P = as_matrix(points, "points")
    q = as_vector(query, "query")
    if P.shape[1] != q.shape[0]:
        msg = (
            f"`points` has {P.shape[1]} columns but `query` has length {q.shape[0]}; "
            "they must live in the same dimension"
        )
        raise ValueError(msg)
    if P.shape[0] < 2:
        msg = f"`points` must hold at least 2 points; got {P.shape[0]}"
        raise ValueError(msg)
    distances = _lp_distances(q[None, :], P, _norm_order(p))[0]
    d_min, d_max = float(distances.min()), float(distances.max())
    if d_min == 0.0:
        msg = "`query` coincides with one of `points` (nearest distance 0): contrast undefined"
        raise ValueError(msg)
    return (d_max - d_min) / d_min


def distance_concentration(
    dims: Sequence[int],
    n_points: int,
    rng: np.random.Generator,
    *,
    p: float = 2.0,
    n_queries: int = 10,
) -> FloatArray:
    r"""Mean relative contrast of uniform random points in :math:`[0, 1]^d`, for each ``d``.

    Parameters
    ----------
    dims : sequence of int
        Dimensions to try, each at least 1.
    n_points : int
        Number of data points drawn for each dimension, at least 2.
    rng : numpy.random.Generator
        Source of the random points. Two calls with generators seeded alike
        draw the same points, so different ``p`` can be compared on the same data.
    p : float, optional
        Order of the :math:`L_p` distance (default 2).
    n_queries : int, optional
        Number of uniform random query points per dimension (default 10).

    Returns
    -------
    ndarray, shape (len(dims),)
        For each dimension, :func:`relative_contrast` averaged over the queries.

    Raises
    ------
    ValueError
        If ``dims`` is empty, not 1-D or holds a dimension below 1,
        ``n_points < 2``, ``n_queries < 1`` or ``p < 1``.
    TypeError
        If ``dims`` is not a sequence, ``rng`` is not a
        ``numpy.random.Generator`` or a count is not an integer.

    Notes
    -----
    For each :math:`d`, the data :math:`x_1, \dots, x_N` and the queries are
    drawn independently and uniformly from :math:`[0, 1]^d`, in that order.
    For independent coordinates :math:`D_\min` and :math:`D_\max` both grow like
    :math:`d^{1/p}` while their gap grows more slowly, so the relative contrast
    shrinks roughly like :math:`d^{-1/2}` (Beyer et al. 1999; Aggarwal,
    Hinneburg and Keim 2001, who also show that smaller :math:`p` keeps more
    contrast).

    References
    ----------
    K. Beyer et al., "When is 'nearest neighbor' meaningful?", ICDT 1999.
    C. C. Aggarwal, A. Hinneburg and D. A. Keim, "On the surprising behavior of
    distance metrics in high dimensional space", ICDT 2001.

    Examples
    --------
    >>> rc = distance_concentration([2, 200], 100, np.random.default_rng(0))
    >>> bool(rc[0] > 10 * rc[1])
    True
    """
    source = generator(rng)
    n = _count(n_points, "n_points", 2)
    queries = _count(n_queries, "n_queries", 1)
    order = _norm_order(p)
    given: object = dims  # checked at run time: None or a bare int are common slips
    if isinstance(given, (str, bytes)) or not isinstance(given, (Sequence, np.ndarray)):
        msg = f"`dims` must be a non-empty sequence of integers; got {type(given).__name__}"
        raise TypeError(msg)
    if isinstance(given, np.ndarray) and given.ndim != 1:
        msg = f"`dims` must be a 1-D sequence of integers; got an array of shape {given.shape}"
        raise ValueError(msg)
    if len(given) == 0:
        msg = f"`dims` must be a non-empty sequence of integers; got {dims!r}"
        raise ValueError(msg)
    dims_ = [_count(d, f"dims[{k}]", 1) for k, d in enumerate(dims)]
    out = np.empty(len(dims_))
    for k, d in enumerate(dims_):
        X = source.random((n, d))
        Q = source.random((queries, d))
        out[k] = np.mean([relative_contrast(X, q, order) for q in Q])
    return out


# ---------------------------------------------------------------------------
# Norm balls and regularization geometry
# ---------------------------------------------------------------------------


def project_onto_ball(v: ArrayLike, p: float, radius: float = 1.0) -> FloatArray:
    r"""Euclidean projection of ``v`` onto the ball :math:`\{w : \lVert w \rVert_p \le r\}`.

    Parameters
    ----------
    v : array_like, shape (n,)
        A finite vector.
    p : {1, 2, numpy.inf}
        Which ball.
    radius : float, optional
        The radius :math:`r \ge 0` (default 1).

    Returns
    -------
    ndarray, shape (n,)
        The point of the ball nearest to ``v`` in Euclidean distance; ``v``
        itself (a copy) if it is already inside.

    Raises
    ------
    ValueError
        If ``v`` is invalid, ``radius`` is negative or not finite, or ``p`` is
        not 1, 2 or ``inf`` (other balls have no closed-form projection).
    TypeError
        If ``p`` or ``radius`` is not a real number.

    Notes
    -----
    * :math:`p = 2`: rescale, :math:`w = v \min(1, r / \lVert v \rVert_2)`. This
      is exactly *gradient clipping by norm*.
    * :math:`p = \infty`: clip each coordinate to :math:`[-r, r]`.
    * :math:`p = 1`: soft-thresholding,
      :math:`w_i = \operatorname{sign}(v_i)\max(|v_i| - \theta, 0)`, with the
      threshold :math:`\theta \ge 0` chosen so that :math:`\lVert w \rVert_1 = r`;
      it is found by sorting :math:`|v|` (Duchi et al. 2008). Every coordinate
      with :math:`|v_i| \le \theta` becomes exactly zero: this is where the
      sparsity of L1 regularization comes from.

    References
    ----------
    J. Duchi, S. Shalev-Shwartz, Y. Singer and T. Chandra, "Efficient
    projections onto the l1-ball for learning in high dimensions", ICML 2008.

    Examples
    --------
    >>> project_onto_ball([3.0, 4.0], 2).tolist()
    [0.6, 0.8]
    >>> project_onto_ball([3.0, 1.0], 1, radius=2.0).tolist()
    [2.0, 0.0]
    >>> project_onto_ball([3.0, -0.5], np.inf).tolist()
    [1.0, -0.5]
    """
    v_ = as_vector(v, "v")
    order = _norm_order(p)
    if order not in (1.0, 2.0, math.inf):
        msg = f"`p` must be 1, 2 or numpy.inf for a projection; got {p!r}"
        raise ValueError(msg)
    r = _real(radius, "radius")
    if not math.isfinite(r):
        msg = f"`radius` must be a finite number; got {radius!r}"
        raise ValueError(msg)
    if r < 0.0:
        msg = f"`radius` must be non-negative; got {radius!r}"
        raise ValueError(msg)
    if r == 0.0:
        return np.zeros_like(v_)
    if order == math.inf:
        return np.clip(v_, -r, r)
    length = float(_lp_last_axis(v_, order))
    if length <= r:
        return v_.copy()
    if order == 2.0:
        return v_ / (length / r)  # one rounding per entry when r = 1
    mag = np.abs(v_)
    u = np.sort(mag)[::-1]  # magnitudes, largest first
    excess = np.cumsum(u) - r  # sum of the k largest minus r
    k = np.arange(1, u.size + 1)
    rho = int(np.flatnonzero(u - excess / k > 0.0)[-1])  # how many survive, minus 1
    theta = excess[rho] / (rho + 1)
    projected: FloatArray = np.sign(v_) * np.maximum(mag - theta, 0.0)
    return projected


def ball_constrained_least_squares(
    A: ArrayLike,
    b: ArrayLike,
    p: float,
    radius: float,
    *,
    max_iter: int = 10_000,
    tol: float = 1e-12,
) -> FloatArray:
    r"""Least squares restricted to a norm ball, by projected gradient descent.

    Parameters
    ----------
    A : array_like, shape (m, n)
        Design matrix.
    b : array_like, shape (m,)
        Targets.
    p : {1, 2, numpy.inf}
        The constraint :math:`\lVert w \rVert_p \le r`.
    radius : float
        The radius :math:`r \ge 0`.
    max_iter : int, optional
        Iteration budget (default 10 000).
    tol : float, optional
        Stop when a step moves :math:`w` by at most ``tol`` times
        :math:`\max(1, \lVert w \rVert_2)` (default ``1e-12``).

    Returns
    -------
    ndarray, shape (n,)
        The minimiser :math:`w` of :math:`\lVert A w - b \rVert_2^2` over the ball.

    Raises
    ------
    ValueError
        If shapes do not match, ``p`` is not 1, 2 or ``inf``, ``radius`` is
        negative, ``max_iter < 1`` or ``tol`` is not positive.
    RuntimeError
        If the iteration has not converged after ``max_iter`` steps.

    Notes
    -----
    .. math::

        \min_{w}\ \lVert A w - b \rVert_2^2 \quad \text{subject to} \quad \lVert w \rVert_p \le r,
        \qquad
        w_{k+1} = \Pi_r\bigl(w_k - \tfrac{1}{L}\, 2A^\top(A w_k - b)\bigr),

    with :math:`\Pi_r` the projection :func:`project_onto_ball` and
    :math:`L = 2\lVert A \rVert_2^2` (:func:`spectral_norm`) the Lipschitz
    constant of the gradient, which makes every step decrease the loss. The
    step length :math:`\lVert w_{k+1} - w_k \rVert` is zero exactly at the
    minimiser, so it measures convergence. For each :math:`r` there is a
    :math:`\lambda \ge 0` for which the same :math:`w` minimises the penalised
    form :math:`\lVert A w - b \rVert_2^2 + \lambda \lVert w \rVert_p` (the
    lasso for :math:`p = 1`, Tibshirani 1996), by Lagrange duality.

    References
    ----------
    R. Tibshirani, "Regression shrinkage and selection via the lasso", 1996.

    Examples
    --------
    >>> A = [[1.0, 0.0], [0.0, 1.0]]
    >>> ball_constrained_least_squares(A, [3.0, 1.0], p=1, radius=2.0).tolist()
    [2.0, 0.0]
    """
    A_ = as_matrix(A, "A")
    b_ = as_vector(b, "b")
    if b_.shape[0] != A_.shape[0]:
        msg = f"`b` must have length {A_.shape[0]} (rows of `A`); got {b_.shape[0]}"
        raise ValueError(msg)
    project_onto_ball(np.zeros(1), p, radius)  # validates p and radius up front
    iterations = _count(max_iter, "max_iter", 1)
    tolerance = finite_scalar(tol, "tol")
    if tolerance <= 0.0:
        msg = f"`tol` must be positive; got {tol!r}"
        raise ValueError(msg)
    lipschitz = 2.0 * spectral_norm(A_) ** 2
    w = np.zeros(A_.shape[1])
    if lipschitz == 0.0:  # A = 0: the loss is constant, w = 0 is a minimiser
        return w
    for _ in range(iterations):
        grad = 2.0 * (A_.T @ (A_ @ w - b_))  # (n,)
        w_next = project_onto_ball(w - grad / lipschitz, p, radius)
        if euclidean_length(w_next - w) <= tolerance * max(1.0, euclidean_length(w_next)):
            return w_next
        w = w_next
    msg = (
        f"projected gradient did not converge in `max_iter`={iterations} iterations "
        f"(tol={tolerance:g}); raise `max_iter` or loosen `tol`"
    )
    raise RuntimeError(msg)
