"""Matrix decompositions: eigenvalues, PCA, SVD, low rank, LU, QR, conditioning.

Each function implements one idea of chapter 2 of the book. Where the reader
should see an algorithm (power iteration, the cyclic Jacobi method, modified
Gram–Schmidt, LU with partial pivoting) it is written out here; where the
lesson is the *result* (PCA, truncated SVD, Eckart–Young) the function calls
LAPACK through ``numpy.linalg`` and adds the validation, ordering and sign
conventions that make outputs reproducible. The tests check every function
against NumPy, SciPy and scikit-learn.

Sign conventions. Eigenvectors, principal components and singular vectors are
defined only up to sign. Here every such vector is flipped so that its entry
of largest absolute value is positive (the first such entry on a tie), which
is the convention of ``sklearn.decomposition.PCA`` (``scikit-learn >= 1.5``).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_matrix,
    as_vector,
    euclidean_length,
    finite_scalar,
    integer_at_least,
)

__all__ = [
    "PCAResult",
    "condition_number",
    "eig_sym",
    "gram_schmidt",
    "lora_parameter_counts",
    "low_rank_approx",
    "low_rank_error",
    "low_rank_errors",
    "lu",
    "lu_solve",
    "pca",
    "pca_reconstruct",
    "pca_transform",
    "power_iteration",
    "power_iteration_path",
    "truncated_svd",
]

#: Relative asymmetry ``max|A - A^T| / max|A|`` that :func:`eig_sym` tolerates.
SYMMETRY_RTOL = 1e-10


# ---------------------------------------------------------------------------
# small shared helpers (used only in this module)
# ---------------------------------------------------------------------------


def _rank_arg(r: object, shape: tuple[int, ...], name: str = "r") -> int:
    """Validate a target rank ``1 <= r <= min(shape)``."""
    r_ = integer_at_least(r, name, 1)
    limit = min(shape)
    if r_ > limit:
        msg = f"`{name}` must be at most min(m, n) = {limit} for shape {shape}; got {r_}"
        raise ValueError(msg)
    return r_


def _seed_arg(seed: object) -> int | None:
    """Return ``seed`` as ``None`` or an ``int`` >= 0, or raise naming ``seed``."""
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        msg = f"`seed` must be a non-negative integer or None; got {type(seed).__name__}"
        raise TypeError(msg)
    if int(seed) < 0:
        msg = f"`seed` must be a non-negative integer or None; got {int(seed)}"
        raise ValueError(msg)
    return int(seed)


def _positive_float(value: object, name: str) -> float:
    x = finite_scalar(value, name)
    if x <= 0.0:
        msg = f"`{name}` must be positive; got {x!r}"
        raise ValueError(msg)
    return x


def _row_signs(V: FloatArray) -> FloatArray:
    """Signs (+1/-1) that make the largest-magnitude entry of each row of ``V`` positive."""
    idx = np.argmax(np.abs(V), axis=1)  # first index on a tie
    return np.where(V[np.arange(V.shape[0]), idx] < 0.0, -1.0, 1.0)


def _svd(A: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Thin SVD with the sign convention of the module (rows of ``Vt``)."""
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    signs = _row_signs(Vt)
    return U * signs, s, Vt * signs[:, None]


# ---------------------------------------------------------------------------
# PCA
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PCAResult:
    """A fitted principal component analysis (returned by :func:`pca`).

    Its four fields are float64 arrays:

    ``mean``, shape ``(d,)``
        The column means of the data; PCA works on the centred data.
    ``components``, shape ``(k, d)``
        Orthonormal rows, the principal directions, sorted by decreasing
        variance. In each row the entry of largest absolute value is positive.
    ``explained_variance``, shape ``(k,)``
        Sample variance (``ddof=1``) of the data along each component, decreasing.
    ``explained_variance_ratio``, shape ``(k,)``
        ``explained_variance`` divided by the total variance of the data
        (the trace of the sample covariance). Sums to 1 when ``k`` equals the
        rank of the centred data.
    """

    mean: FloatArray
    components: FloatArray
    explained_variance: FloatArray
    explained_variance_ratio: FloatArray

    @property
    def n_components(self) -> int:
        """Number of components ``k``."""
        return int(self.components.shape[0])


def pca(X: ArrayLike, n_components: int | None = None, *, method: str = "svd") -> PCAResult:
    r"""Principal component analysis of the rows of ``X``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Data, one sample per row; at least two samples, not all equal.
    n_components : int, optional
        Number of components ``k`` to keep, ``1 <= k <= min(n, d)``.
        Default: ``min(n, d)``.
    method : {"svd", "covariance"}, optional
        ``"svd"`` (default) takes the right singular vectors of the centred
        data; ``"covariance"`` takes the eigenvectors of the sample covariance
        matrix. Both give the same result up to rounding (checked in the tests).

    Returns
    -------
    PCAResult
        Mean, components (rows), explained variance and its ratio.

    Raises
    ------
    ValueError
        If ``X`` is not a finite matrix with at least two rows, has zero total
        variance, ``n_components`` is out of range, or ``method`` is unknown.
    TypeError
        If ``n_components`` is not an integer.

    Notes
    -----
    With the centred data :math:`X_c = X - \mathbf{1}\mu^\top` and the sample
    covariance

    .. math:: C = \frac{1}{n-1} X_c^\top X_c = V \Lambda V^\top ,

    the components are the columns of :math:`V` (the eigenvectors of
    :math:`C`) sorted by decreasing eigenvalue :math:`\lambda_j`, the explained
    variances. If :math:`X_c = U \Sigma V^\top` is the SVD, then
    :math:`C = V \frac{\Sigma^2}{n-1} V^\top`, so the right singular vectors are
    the same components and :math:`\lambda_j = \sigma_j^2/(n-1)`. The SVD route
    never forms :math:`X_c^\top X_c`, whose condition number is the square of
    that of :math:`X_c`, and is the numerically preferred one. The covariance
    route uses ``numpy.linalg.eigh`` (LAPACK); :func:`eig_sym` is the
    teaching implementation of the same decomposition.

    References
    ----------
    K. Pearson, "On lines and planes of closest fit to systems of points in
    space", *Philosophical Magazine* 2 (1901).

    Examples
    --------
    >>> res = pca([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], n_components=1)
    >>> res.components.round(6).tolist()
    [[0.707107, 0.707107]]
    >>> res.explained_variance.round(6).tolist(), res.explained_variance_ratio.round(6).tolist()
    ([2.0], [1.0])
    """
    X_ = as_matrix(X, "X")
    n, d = X_.shape
    if n < 2:
        msg = f"`X` must have at least 2 rows (samples) for a sample variance; got {n}"
        raise ValueError(msg)
    k = min(n, d) if n_components is None else _rank_arg(n_components, (n, d), "n_components")
    if method not in ("svd", "covariance"):
        msg = f"`method` must be 'svd' or 'covariance'; got {method!r}"
        raise ValueError(msg)
    mean = X_.mean(axis=0)
    Xc = X_ - mean  # (n, d) centred data
    total_variance = float(np.sum(Xc**2)) / (n - 1)  # trace of the sample covariance
    if total_variance == 0.0:
        msg = "`X` has zero total variance (all rows are equal): no direction to find"
        raise ValueError(msg)
    if method == "svd":
        _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
        variances = s**2 / (n - 1)
        components = Vt
    else:
        C = Xc.T @ Xc / (n - 1)  # (d, d) sample covariance
        eigenvalues, V = np.linalg.eigh(C)  # ascending
        # rounding can leave a tiny negative eigenvalue; a variance cannot be negative
        variances = np.maximum(eigenvalues[::-1], 0.0)
        components = V[:, ::-1].T
    components = components[:k]
    components = components * _row_signs(components)[:, None]
    explained = variances[:k]
    return PCAResult(
        mean=mean,
        components=components,
        explained_variance=explained,
        explained_variance_ratio=explained / total_variance,
    )


def _check_pca_result(result: object) -> PCAResult:
    if not isinstance(result, PCAResult):
        msg = f"`result` must be a PCAResult returned by pca(); got {type(result).__name__}"
        raise TypeError(msg)
    return result


def pca_transform(result: PCAResult, X: ArrayLike) -> FloatArray:
    r"""Scores: coordinates of the rows of ``X`` along the principal components.

    Parameters
    ----------
    result : PCAResult
        A fitted PCA from :func:`pca`.
    X : array_like, shape (n, d)
        Data with the same number of columns as the data ``result`` was fitted on.

    Returns
    -------
    ndarray, shape (n, k)
        :math:`Z = (X - \mathbf{1}\mu^\top)\, W^\top`, where the rows of
        :math:`W` are the components.

    Raises
    ------
    TypeError
        If ``result`` is not a :class:`PCAResult`.
    ValueError
        If ``X`` is not a finite matrix with ``d`` columns.

    Examples
    --------
    >>> res = pca([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], n_components=1)
    >>> (pca_transform(res, [[3.0, 3.0]]) ** 2).round(6).tolist()
    [[2.0]]
    """
    res = _check_pca_result(result)
    X_ = as_matrix(X, "X")
    d = res.mean.shape[0]
    if X_.shape[1] != d:
        msg = f"`X` must have {d} columns, like the data the PCA was fitted on; got {X_.shape[1]}"
        raise ValueError(msg)
    return (X_ - res.mean) @ res.components.T  # (n, k)


def pca_reconstruct(result: PCAResult, Z: ArrayLike) -> FloatArray:
    r"""Map scores back to data space: the projection onto the principal subspace.

    Parameters
    ----------
    result : PCAResult
        A fitted PCA from :func:`pca`.
    Z : array_like, shape (n, k)
        Scores, e.g. from :func:`pca_transform`.

    Returns
    -------
    ndarray, shape (n, d)
        :math:`\hat X = \mathbf{1}\mu^\top + Z W`. For ``Z = pca_transform(result, X)``
        this is the orthogonal projection of each centred row onto the span of
        the components, shifted back by the mean.

    Raises
    ------
    TypeError
        If ``result`` is not a :class:`PCAResult`.
    ValueError
        If ``Z`` is not a finite matrix with ``k`` columns.

    Examples
    --------
    >>> res = pca([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], n_components=1)
    >>> pca_reconstruct(res, pca_transform(res, [[3.0, 1.0]])).round(6).tolist()
    [[2.0, 2.0]]
    """
    res = _check_pca_result(result)
    Z_ = as_matrix(Z, "Z")
    k = res.n_components
    if Z_.shape[1] != k:
        msg = f"`Z` must have {k} columns (one per component); got {Z_.shape[1]}"
        raise ValueError(msg)
    return Z_ @ res.components + res.mean  # (n, d)


# ---------------------------------------------------------------------------
# Eigenvalues: power iteration and the Jacobi method
# ---------------------------------------------------------------------------


def _start_vector(
    n: int, v0: ArrayLike | None, rng: np.random.Generator | None, seed: int | None
) -> FloatArray:
    """The unit start vector of power iteration, from exactly one source."""
    seed = _seed_arg(seed)
    given = [name for name, val in (("v0", v0), ("rng", rng), ("seed", seed)) if val is not None]
    if len(given) > 1:
        msg = f"give at most one of `v0`, `rng` and `seed`; got {', '.join(given)}"
        raise ValueError(msg)
    if v0 is not None:
        v = as_vector(v0, "v0")
        if v.shape[0] != n:
            msg = f"`v0` must have length {n} to match `A`; got {v.shape[0]}"
            raise ValueError(msg)
    else:
        rng_given: object = rng  # checked at run time: rng=42 is a common slip
        if rng_given is not None and not isinstance(rng_given, np.random.Generator):
            msg = f"`rng` must be a numpy.random.Generator; got {type(rng_given).__name__}"
            raise TypeError(msg)
        generator = rng if rng is not None else np.random.default_rng(0 if seed is None else seed)
        v = generator.standard_normal(n)
    length = euclidean_length(v)
    if length == 0.0:
        msg = "`v0` must not be the zero vector"
        raise ValueError(msg)
    return v / length


def power_iteration(
    A: ArrayLike,
    *,
    tol: float = 1e-10,
    max_iter: int = 1000,
    v0: ArrayLike | None = None,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[float, FloatArray, int]:
    r"""Dominant eigenvalue and eigenvector by power iteration.

    Parameters
    ----------
    A : array_like, shape (n, n)
        A square matrix whose eigenvalue of largest absolute value is real and
        strictly larger in absolute value than all others.
    tol : float, optional
        Stop when the residual :math:`\lVert Av - \lambda v\rVert_2` is at most
        ``tol`` times :math:`\lVert A\rVert_F`. Default ``1e-10``.
    max_iter : int, optional
        Maximum number of multiplications by ``A``. Default 1000.
    v0 : array_like, shape (n,), optional
        Start vector. Give at most one of ``v0``, ``rng`` and ``seed``.
    rng : numpy.random.Generator, optional
        Generator for a Gaussian start vector.
    seed : int, optional
        Seed for a Gaussian start vector. If none of ``v0``, ``rng`` and
        ``seed`` is given, seed 0 is used, so results are reproducible.

    Returns
    -------
    eigenvalue : float
        The Rayleigh quotient :math:`v^\top A v` at the last iterate.
    eigenvector : ndarray, shape (n,)
        Unit vector; its entry of largest absolute value is positive.
    iterations : int
        Number of multiplications by ``A`` used.

    Raises
    ------
    ValueError
        If ``A`` is not a finite square matrix, ``tol`` or ``max_iter`` is not
        positive, more than one start source is given, ``seed`` is negative,
        ``v0`` has the wrong length or is zero, an iterate is mapped to the zero vector, or the
        residual is still above ``tol`` after ``max_iter`` iterations. The
        last happens when two eigenvalues share the largest absolute value
        (e.g. :math:`\pm 1`), when they are complex, or when the gap is so
        small that ``max_iter`` is not enough.
    TypeError
        If ``max_iter`` or ``seed`` is not an integer, or ``rng`` is not a
        Generator.

    Notes
    -----
    Each step multiplies by :math:`A` and renormalises:

    .. math:: v_{k+1} = \frac{A v_k}{\lVert A v_k\rVert_2}, \qquad
              \lambda^{(k)} = v_k^\top A v_k .

    Writing :math:`v_0 = \sum_i a_i x_i` in eigenvectors,
    :math:`A^k v_0 = \lambda_1^k \bigl(a_1 x_1 + \sum_{i \ge 2} a_i
    (\lambda_i/\lambda_1)^k x_i\bigr)`, so the direction error shrinks like
    :math:`|\lambda_2/\lambda_1|^k` (and, for symmetric :math:`A`, the
    eigenvalue error like :math:`|\lambda_2/\lambda_1|^{2k}`).

    References
    ----------
    G. H. Golub and C. F. Van Loan, *Matrix Computations*, 4th ed., §7.3.1 and §8.2.1.

    Examples
    --------
    >>> lam, v, k = power_iteration([[2.0, 1.0], [1.0, 2.0]], seed=0)
    >>> round(lam, 9), v.round(6).tolist()
    (3.0, [0.707107, 0.707107])
    """
    A_ = as_matrix(A, "A", square=True)
    tol_ = _positive_float(tol, "tol")
    max_iter_ = integer_at_least(max_iter, "max_iter", 1)
    v = _start_vector(A_.shape[0], v0, rng, seed)
    scale = euclidean_length(A_.ravel())  # ||A||_F, for a relative residual
    residual = np.inf
    Av = A_ @ v
    for k in range(1, max_iter_ + 1):
        length = euclidean_length(Av)
        if length == 0.0:
            msg = f"`A` maps iterate {k - 1} to the zero vector: power iteration cannot continue"
            raise ValueError(msg)
        v = Av / length  # v_k = A v_{k-1} / ||A v_{k-1}||
        Av = A_ @ v  # one product per step, reused by the next step
        lam = float(v @ Av)  # Rayleigh quotient of the unit vector v
        residual = euclidean_length(Av - lam * v)
        if residual <= tol_ * scale:
            sign = _row_signs(v[None, :])[0]
            return lam, sign * v, k
    msg = (
        f"power iteration did not converge within `max_iter` = {max_iter_} iterations "
        f"(relative residual {residual / scale:.2e} > `tol` = {tol_:g}); the two "
        "largest |eigenvalues| may be equal, complex, or too close"
    )
    raise ValueError(msg)


def power_iteration_path(
    A: ArrayLike,
    n_iter: int,
    *,
    v0: ArrayLike | None = None,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
) -> tuple[FloatArray, FloatArray]:
    r"""Every iterate of power iteration, for studying its convergence.

    Parameters
    ----------
    A : array_like, shape (n, n)
        A square matrix.
    n_iter : int
        Number of steps to take (no stopping test).
    v0, rng, seed
        The start vector, as in :func:`power_iteration` (default: seed 0).

    Returns
    -------
    eigenvalues : ndarray, shape (n_iter + 1,)
        Rayleigh quotients :math:`v_k^\top A v_k` for :math:`k = 0, \dots, n_iter`.
    vectors : ndarray, shape (n_iter + 1, n)
        The unit iterates :math:`v_0, \dots, v_{n\_iter}` (no sign normalisation:
        for a negative dominant eigenvalue they alternate in sign).

    Raises
    ------
    ValueError
        As :func:`power_iteration`, except that it never reports non-convergence.
    TypeError
        If ``n_iter`` or ``seed`` is not an integer, or ``rng`` is not a
        Generator.

    Examples
    --------
    >>> lams, vs = power_iteration_path([[2.0, 0.0], [0.0, 1.0]], 3, v0=[1.0, 1.0])
    >>> lams.round(6).tolist()
    [1.5, 1.8, 1.941176, 1.984615]
    """
    A_ = as_matrix(A, "A", square=True)
    n_iter_ = integer_at_least(n_iter, "n_iter", 1)
    v = _start_vector(A_.shape[0], v0, rng, seed)
    vectors = np.empty((n_iter_ + 1, A_.shape[0]))
    vectors[0] = v
    for k in range(1, n_iter_ + 1):
        w = A_ @ v
        length = euclidean_length(w)
        if length == 0.0:
            msg = f"`A` maps iterate {k - 1} to the zero vector: power iteration cannot continue"
            raise ValueError(msg)
        v = w / length
        vectors[k] = v
    eigenvalues = np.einsum("ki,ij,kj->k", vectors, A_, vectors)  # v_k^T A v_k for each k
    return eigenvalues, vectors


def eig_sym(
    A: ArrayLike, *, tol: float = 1e-15, max_sweeps: int = 50
) -> tuple[FloatArray, FloatArray]:
    r"""Eigendecomposition :math:`A = Q \Lambda Q^\top` of a symmetric matrix (cyclic Jacobi).

    Parameters
    ----------
    A : array_like, shape (n, n)
        A finite symmetric matrix (asymmetry up to ``SYMMETRY_RTOL`` relative
        to the largest entry is treated as rounding and averaged away).
    tol : float, optional
        Stop when the off-diagonal part has Frobenius norm at most ``tol``
        times :math:`\lVert A\rVert_F`. Default ``1e-15``.
    max_sweeps : int, optional
        Maximum number of sweeps over all pairs ``(p, q)``. Default 50; in
        practice a handful suffice (convergence is quadratic).

    Returns
    -------
    eigenvalues : ndarray, shape (n,)
        In ascending order, as ``numpy.linalg.eigh`` returns them.
    Q : ndarray, shape (n, n)
        Orthogonal matrix whose column ``j`` is a unit eigenvector for
        ``eigenvalues[j]``; in each column the entry of largest absolute value
        is positive.

    Raises
    ------
    ValueError
        If ``A`` is not a finite square matrix, is not symmetric, ``tol`` is
        not positive, or the iteration has not converged after ``max_sweeps``.
    TypeError
        If ``max_sweeps`` is not an integer.

    Notes
    -----
    Each step picks an off-diagonal pair :math:`(p, q)` and applies the
    rotation :math:`J` in the :math:`(p, q)` plane that zeroes
    :math:`a_{pq}`: :math:`A \leftarrow J^\top A J`. With

    .. math:: \tau = \frac{a_{qq} - a_{pp}}{2 a_{pq}}, \quad
              t = \frac{\operatorname{sign}\tau}{|\tau| + \sqrt{1 + \tau^2}}, \quad
              c = \frac{1}{\sqrt{1 + t^2}}, \quad s = t c ,

    :math:`J` equals the identity except :math:`J_{pp} = J_{qq} = c`,
    :math:`J_{pq} = s`, :math:`J_{qp} = -s`. Each rotation lowers the squared
    off-diagonal norm by :math:`2 a_{pq}^2`; a *sweep* visits every pair once.
    The product of all rotations is :math:`Q`, and the diagonal that remains
    is :math:`\Lambda`. The smaller root :math:`t` (rotation angle at most
    :math:`\pi/4`) keeps the method stable.

    References
    ----------
    G. H. Golub and C. F. Van Loan, *Matrix Computations*, 4th ed., §8.5.

    Examples
    --------
    >>> lam, Q = eig_sym([[5.0, 2.0], [2.0, 2.0]])
    >>> lam.round(12).tolist()
    [1.0, 6.0]
    >>> Q.round(6).tolist()
    [[-0.447214, 0.894427], [0.894427, 0.447214]]
    """
    A_ = as_matrix(A, "A", square=True)
    tol_ = _positive_float(tol, "tol")
    max_sweeps_ = integer_at_least(max_sweeps, "max_sweeps", 1)
    largest = float(np.max(np.abs(A_)))
    asymmetry = float(np.max(np.abs(A_ - A_.T)))
    if asymmetry > SYMMETRY_RTOL * largest:
        msg = (
            f"`A` must be symmetric; got max|A - A^T| = {asymmetry:.3g} "
            f"(max|A| = {largest:.3g}). For a general matrix use numpy.linalg.eig"
        )
        raise ValueError(msg)
    A_ = (A_ + A_.T) / 2.0  # exact symmetry; the difference was rounding
    n = A_.shape[0]
    Q = np.eye(n)
    target = tol_ * euclidean_length(A_.ravel())

    def off_norm(M: FloatArray) -> float:
        return euclidean_length((M - np.diag(np.diag(M))).ravel())

    sweeps = 0
    while off_norm(A_) > target:
        if sweeps == max_sweeps_:
            msg = f"Jacobi did not converge within `max_sweeps` = {max_sweeps_} sweeps"
            raise ValueError(msg)
        sweeps += 1
        for p in range(n - 1):
            for q in range(p + 1, n):
                if A_[p, q] == 0.0:
                    continue
                tau = (A_[q, q] - A_[p, p]) / (2.0 * A_[p, q])
                t = (1.0 if tau >= 0.0 else -1.0) / (abs(tau) + np.hypot(1.0, tau))
                c = 1.0 / np.hypot(1.0, t)
                s = t * c
                # A <- A J (columns p, q), then A <- J^T A (rows p, q), Q <- Q J
                Ap, Aq = A_[:, p].copy(), A_[:, q].copy()
                A_[:, p], A_[:, q] = c * Ap - s * Aq, s * Ap + c * Aq
                Ap, Aq = A_[p, :].copy(), A_[q, :].copy()
                A_[p, :], A_[q, :] = c * Ap - s * Aq, s * Ap + c * Aq
                A_[p, q] = A_[q, p] = 0.0  # zero by construction; store it exactly
                Qp, Qq = Q[:, p].copy(), Q[:, q].copy()
                Q[:, p], Q[:, q] = c * Qp - s * Qq, s * Qp + c * Qq
    eigenvalues = np.diag(A_).copy()
    order = np.argsort(eigenvalues, kind="stable")
    Q = Q[:, order]
    return eigenvalues[order], Q * _row_signs(Q.T)


# ---------------------------------------------------------------------------
# SVD and low-rank approximation
# ---------------------------------------------------------------------------


def truncated_svd(A: ArrayLike, r: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""The first ``r`` singular triplets of ``A``.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A finite matrix.
    r : int
        Number of triplets, ``1 <= r <= min(m, n)``.

    Returns
    -------
    U_r : ndarray, shape (m, r)
        Left singular vectors (orthonormal columns).
    s_r : ndarray, shape (r,)
        The ``r`` largest singular values, in decreasing order.
    Vt_r : ndarray, shape (r, n)
        Right singular vectors as rows (orthonormal); in each row the entry of
        largest absolute value is positive, and ``U_r`` is flipped to match.

    Raises
    ------
    ValueError
        If ``A`` is not a finite matrix or ``r`` is out of range.
    TypeError
        If ``r`` is not an integer.

    Notes
    -----
    .. math:: A = U \Sigma V^\top = \sum_{i=1}^{\min(m,n)} \sigma_i u_i v_i^\top,
              \qquad \sigma_1 \ge \sigma_2 \ge \dots \ge 0 .

    Computed with LAPACK (``numpy.linalg.svd``), then truncated.

    Examples
    --------
    >>> U, s, Vt = truncated_svd([[3.0, 0.0], [0.0, 1.0]], 1)
    >>> U.tolist(), s.tolist(), Vt.tolist()
    ([[1.0], [0.0]], [3.0], [[1.0, 0.0]])
    """
    A_ = as_matrix(A, "A")
    r_ = _rank_arg(r, A_.shape)
    U, s, Vt = _svd(A_)
    return U[:, :r_], s[:r_], Vt[:r_]


def low_rank_approx(A: ArrayLike, r: int) -> FloatArray:
    r"""Best rank-``r`` approximation of ``A`` (truncated SVD).

    Parameters
    ----------
    A : array_like, shape (m, n)
        A finite matrix.
    r : int
        Target rank, ``1 <= r <= min(m, n)``.

    Returns
    -------
    ndarray, shape (m, n)
        :math:`A_r = \sum_{i=1}^{r} \sigma_i u_i v_i^\top = U_r \Sigma_r V_r^\top`.

    Raises
    ------
    ValueError
        If ``A`` is not a finite matrix or ``r`` is out of range.
    TypeError
        If ``r`` is not an integer.

    Notes
    -----
    By the Eckart–Young theorem no matrix of rank at most ``r`` is closer to
    ``A`` in the Frobenius or the spectral norm; see :func:`low_rank_error`.

    References
    ----------
    C. Eckart and G. Young, "The approximation of one matrix by another of
    lower rank", *Psychometrika* 1 (1936).

    Examples
    --------
    >>> low_rank_approx([[3.0, 0.0], [0.0, 1.0]], 1).tolist()
    [[3.0, 0.0], [0.0, 0.0]]
    """
    U_r, s_r, Vt_r = truncated_svd(A, r)
    return (U_r * s_r) @ Vt_r  # U_r diag(s_r) Vt_r without forming diag


def low_rank_error(A: ArrayLike, r: int, norm: str = "fro") -> float:
    r"""Error :math:`\lVert A - A_r\rVert` of the best rank-``r`` approximation.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A finite matrix.
    r : int
        Target rank, ``1 <= r <= min(m, n)``.
    norm : {"fro", "spectral"}, optional
        Frobenius (default) or spectral (operator 2-) norm.

    Returns
    -------
    float
        Computed from the singular values that the approximation drops (the
        *tail*), without forming :math:`A_r`; 0 when ``r = min(m, n)``.

    Raises
    ------
    ValueError
        If ``A`` is not a finite matrix, ``r`` is out of range or ``norm`` is unknown.
    TypeError
        If ``r`` is not an integer.

    Notes
    -----
    Eckart–Young (Frobenius) and Mirsky (spectral):

    .. math:: \lVert A - A_r\rVert_F = \sqrt{\sigma_{r+1}^2 + \dots + \sigma_{p}^2},
              \qquad \lVert A - A_r\rVert_2 = \sigma_{r+1},

    with :math:`p = \min(m, n)`, and :math:`A_r` attains the minimum over all
    matrices of rank at most :math:`r`.

    References
    ----------
    C. Eckart and G. Young, *Psychometrika* 1 (1936); G. H. Golub and
    C. F. Van Loan, *Matrix Computations*, 4th ed., §2.4.

    Examples
    --------
    >>> A = [[3.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 1.0]]
    >>> low_rank_error(A, 1), low_rank_error(A, 1, norm="spectral")
    (2.23606797749979, 2.0)
    """
    A_ = as_matrix(A, "A")
    r_ = _rank_arg(r, A_.shape)
    if norm not in ("fro", "spectral"):
        msg = f"`norm` must be 'fro' or 'spectral'; got {norm!r}"
        raise ValueError(msg)
    s = np.asarray(np.linalg.svd(A_, compute_uv=False), dtype=np.float64)  # decreasing
    tail = s[r_:]  # the singular values A_r drops
    if tail.size == 0:
        return 0.0
    return euclidean_length(tail) if norm == "fro" else float(tail[0])


def low_rank_errors(A: ArrayLike, norm: str = "fro", *, relative: bool = False) -> FloatArray:
    r"""Best rank-``r`` approximation errors for every ``r = 0, 1, ..., min(m, n)``.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A finite matrix.
    norm : {"fro", "spectral"}, optional
        Frobenius (default) or spectral norm.
    relative : bool, optional
        If true, divide by :math:`\lVert A\rVert` in the same norm (the
        ``r = 0`` error), so the curve starts at 1. ``A`` must then be non-zero.

    Returns
    -------
    ndarray, shape (min(m, n) + 1,)
        Entry ``r`` is :math:`\lVert A - A_r\rVert`, from one SVD; it equals
        ``low_rank_error(A, r, norm)`` for ``r >= 1``.

    Raises
    ------
    ValueError
        If ``A`` is not a finite matrix, ``norm`` is unknown, or ``relative``
        is requested for the zero matrix.

    Notes
    -----
    The Frobenius tails :math:`\sum_{i > r} \sigma_i^2` are accumulated from
    the smallest singular value upwards, so small tails are not lost to
    rounding against large ones.

    Examples
    --------
    >>> low_rank_errors([[3.0, 0.0], [0.0, 4.0]], norm="spectral").tolist()
    [4.0, 3.0, 0.0]
    >>> low_rank_errors([[3.0, 0.0], [0.0, 4.0]], relative=True).tolist()
    [1.0, 0.6, 0.0]
    """
    A_ = as_matrix(A, "A")
    if norm not in ("fro", "spectral"):
        msg = f"`norm` must be 'fro' or 'spectral'; got {norm!r}"
        raise ValueError(msg)
    s = np.linalg.svd(A_, compute_uv=False)
    scale = float(s[0]) if s.size else 0.0
    if scale == 0.0:
        errors = np.zeros(s.size + 1)
    elif norm == "fro":
        t = s / scale  # scaled so the squares cannot overflow or underflow
        tails = np.cumsum((t**2)[::-1])[::-1]  # tails[r] = sum_{i >= r} t_i^2, smallest first
        errors = scale * np.sqrt(np.append(tails, 0.0))
    else:
        errors = np.append(s, 0.0)
    if relative:
        if errors[0] == 0.0:
            msg = "`A` must not be the zero matrix when `relative` is true"
            raise ValueError(msg)
        errors = errors / errors[0]
    return errors


def lora_parameter_counts(d_out: int, d_in: int, r: int) -> tuple[int, int, float]:
    r"""Trainable parameters of a full weight update vs a rank-``r`` LoRA update.

    Parameters
    ----------
    d_out, d_in : int
        Shape ``(d_out, d_in)`` of the weight matrix :math:`W`.
    r : int
        LoRA rank, ``1 <= r <= min(d_out, d_in)``.

    Returns
    -------
    full : int
        :math:`d_\text{out} d_\text{in}`, the entries of a full update :math:`\Delta W`.
    lora : int
        :math:`r (d_\text{out} + d_\text{in})`, the entries of :math:`B` and :math:`A`.
    fraction : float
        ``lora / full``.

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If an argument is below 1 or ``r`` exceeds ``min(d_out, d_in)``.

    Notes
    -----
    LoRA freezes :math:`W` and trains a low-rank update

    .. math:: W' = W + \Delta W = W + B A, \qquad
              B \in \mathbb{R}^{d_\text{out} \times r},\ A \in \mathbb{R}^{r \times d_\text{in}} .

    References
    ----------
    E. J. Hu et al., "LoRA: Low-rank adaptation of large language models",
    ICLR 2022 (arXiv:2106.09685, 2021).

    Examples
    --------
    >>> lora_parameter_counts(100, 50, 2)
    (5000, 300, 0.06)
    """
    d_out_ = integer_at_least(d_out, "d_out", 1)
    d_in_ = integer_at_least(d_in, "d_in", 1)
    r_ = _rank_arg(r, (d_out_, d_in_))
    full = d_out_ * d_in_
    lora = r_ * (d_out_ + d_in_)
    return full, lora, lora / full


# ---------------------------------------------------------------------------
# QR, LU and conditioning
# ---------------------------------------------------------------------------


def gram_schmidt(A: ArrayLike, *, rtol: float = 1e-10) -> tuple[FloatArray, FloatArray]:
    r"""Thin QR factorisation :math:`A = QR` by modified Gram–Schmidt.

    Parameters
    ----------
    A : array_like, shape (m, n), m >= n
        A finite matrix with linearly independent columns.
    rtol : float, optional
        Column ``j`` counts as dependent on the earlier ones when what is left
        of it after removing their directions has length at most ``rtol``
        times its original length. Default ``1e-10``.

    Returns
    -------
    Q : ndarray, shape (m, n)
        Orthonormal columns spanning the same nested subspaces as the columns of ``A``.
    R : ndarray, shape (n, n)
        Upper triangular with positive diagonal.

    Raises
    ------
    ValueError
        If ``A`` is not a finite matrix, has more columns than rows, or its
        columns are (numerically) linearly dependent; or ``rtol`` is not positive.

    Notes
    -----
    Column by column, normalise, then remove the new direction from every
    later column at once:

    .. math:: r_{jj} = \lVert a_j\rVert,\quad q_j = a_j / r_{jj},\quad
              r_{jk} = q_j^\top a_k,\quad a_k \leftarrow a_k - r_{jk} q_j \ (k > j).

    This *modified* order subtracts each projection from the already-updated
    columns, which is mathematically the same as classical Gram–Schmidt but
    loses orthogonality only like :math:`\varepsilon\,\kappa(A)` rather than
    :math:`\varepsilon\,\kappa(A)^2`. Householder QR (``numpy.linalg.qr``) is
    more accurate still.

    References
    ----------
    L. N. Trefethen and D. Bau, *Numerical Linear Algebra*, Lectures 7–8.

    Examples
    --------
    >>> Q, R = gram_schmidt([[3.0, 1.0], [4.0, 2.0]])
    >>> Q.round(6).tolist()
    [[0.6, -0.8], [0.8, 0.6]]
    >>> R.round(6).tolist()
    [[5.0, 2.2], [0.0, 0.4]]
    """
    Q = as_matrix(A, "A").copy()
    rtol_ = _positive_float(rtol, "rtol")
    m, n = Q.shape
    if m < n:
        msg = (
            f"`A` must have at least as many rows as columns for independent columns; "
            f"got shape {Q.shape}"
        )
        raise ValueError(msg)
    original_lengths = [euclidean_length(Q[:, j]) for j in range(n)]
    R = np.zeros((n, n))
    for j in range(n):
        R[j, j] = euclidean_length(Q[:, j])
        if R[j, j] <= rtol_ * original_lengths[j]:
            msg = (
                f"`A` has linearly dependent columns: column {j} lies in the span of "
                f"columns 0..{j - 1} (what is left of it has relative length "
                f"{R[j, j] / original_lengths[j] if original_lengths[j] else 0.0:.1e})"
            )
            raise ValueError(msg)
        Q[:, j] /= R[j, j]
        R[j, j + 1 :] = Q[:, j] @ Q[:, j + 1 :]  # components of later columns along q_j
        Q[:, j + 1 :] -= np.outer(Q[:, j], R[j, j + 1 :])
    return Q, R


def lu(A: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""LU factorisation with partial pivoting, :math:`PA = LU`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        A finite square matrix (it may be singular).

    Returns
    -------
    P : ndarray, shape (n, n)
        Permutation matrix recording the row swaps.
    L : ndarray, shape (n, n)
        Unit lower triangular, all entries of absolute value at most 1.
    U : ndarray, shape (n, n)
        Upper triangular. ``A`` is singular exactly when ``U`` has a zero
        on its diagonal.

    Raises
    ------
    ValueError
        If ``A`` is not a finite square matrix.

    Notes
    -----
    Gaussian elimination: at step :math:`k` swap into row :math:`k` the row
    whose entry in column :math:`k` is largest in absolute value (the pivot),
    then subtract multiples :math:`\ell_{ik} = u_{ik}/u_{kk}` of it from the
    rows below. The multipliers fill :math:`L`:

    .. math:: P A = L U .

    ``scipy.linalg.lu`` returns the permutation the other way round
    (:math:`A = P' L U`, so :math:`P' = P^\top`).

    References
    ----------
    L. N. Trefethen and D. Bau, *Numerical Linear Algebra*, Lectures 20–21.

    Examples
    --------
    >>> P, L, U = lu([[1.0, 2.0], [3.0, 4.0]])
    >>> P.tolist(), L.round(6).tolist(), U.round(6).tolist()
    ([[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [0.333333, 1.0]], [[3.0, 4.0], [0.0, 0.666667]])
    """
    U = as_matrix(A, "A", square=True).copy()
    n = U.shape[0]
    L = np.eye(n)
    perm = np.arange(n)
    for k in range(n - 1):
        # the largest pivot keeps every multiplier |l_ik| <= 1
        p = k + int(np.argmax(np.abs(U[k:, k])))
        if p != k:
            U[[k, p], k:] = U[[p, k], k:]
            L[[k, p], :k] = L[[p, k], :k]
            perm[[k, p]] = perm[[p, k]]
        if U[k, k] == 0.0:
            continue  # the whole column is zero below the diagonal: nothing to eliminate
        L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
        U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])
        U[k + 1 :, k] = 0.0  # eliminated by construction; store it exactly
    P = np.eye(n)[perm]  # row i of PA is row perm[i] of A
    return P, L, U


def lu_solve(P: ArrayLike, L: ArrayLike, U: ArrayLike, b: ArrayLike) -> FloatArray:
    r"""Solve :math:`Ax = b` from the factors of :math:`PA = LU`.

    Parameters
    ----------
    P, L, U : array_like, shape (n, n)
        The output of :func:`lu`.
    b : array_like, shape (n,)
        Right-hand side.

    Returns
    -------
    ndarray, shape (n,)
        :math:`x` with :math:`Ly = Pb` (forward substitution) and
        :math:`Ux = y` (back substitution).

    Raises
    ------
    ValueError
        If the shapes do not match or ``U`` has a zero on its diagonal
        (``A`` is singular).

    Notes
    -----
    .. math:: y_i = (Pb)_i - \sum_{j<i} \ell_{ij} y_j, \qquad
              x_i = \Bigl(y_i - \sum_{j>i} u_{ij} x_j\Bigr) / u_{ii} .

    Factoring costs about :math:`\tfrac23 n^3` flops, each solve about
    :math:`2n^2`: factor once, solve for many right-hand sides.

    Examples
    --------
    >>> lu_solve(*lu([[1.0, 2.0], [3.0, 4.0]]), [5.0, 6.0]).round(6).tolist()
    [-4.0, 4.5]
    """
    P_ = as_matrix(P, "P", square=True)
    L_ = as_matrix(L, "L", square=True)
    U_ = as_matrix(U, "U", square=True)
    b_ = as_vector(b, "b")
    n = U_.shape[0]
    if P_.shape != (n, n) or L_.shape != (n, n) or b_.shape != (n,):
        msg = (
            f"`P`, `L`, `U` must be ({n}, {n}) and `b` of length {n}; got shapes "
            f"{P_.shape}, {L_.shape}, {U_.shape} and {b_.shape}"
        )
        raise ValueError(msg)
    if np.any(np.diag(U_) == 0.0):
        msg = "`U` has a zero on its diagonal: the matrix is singular"
        raise ValueError(msg)
    y = P_ @ b_
    for i in range(n):  # forward substitution, L has a unit diagonal
        y[i] -= L_[i, :i] @ y[:i]
    x = np.empty(n)
    for i in range(n - 1, -1, -1):  # back substitution
        x[i] = (y[i] - U_[i, i + 1 :] @ x[i + 1 :]) / U_[i, i]
    return x


def condition_number(A: ArrayLike) -> float:
    r"""2-norm condition number :math:`\kappa_2(A) = \sigma_\text{max} / \sigma_\text{min}`.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A finite matrix.

    Returns
    -------
    float
        Ratio of the largest to the smallest of the :math:`\min(m, n)`
        singular values; ``inf`` if ``A`` is numerically rank deficient, i.e.
        the smallest is at most :math:`\max(m, n)\,\varepsilon\,\sigma_\text{max}`
        (the tolerance of ``numpy.linalg.matrix_rank``): below that level the
        computed :math:`\sigma_\text{min}` is rounding noise, and so would be
        the ratio.

    Raises
    ------
    ValueError
        If ``A`` is not a finite matrix.

    Notes
    -----
    For square invertible :math:`A`, :math:`\kappa_2(A) = \lVert A\rVert_2
    \lVert A^{-1}\rVert_2`, and a relative change :math:`\delta b` in the
    right-hand side of :math:`Ax = b` changes the solution by at most

    .. math:: \frac{\lVert \delta x\rVert}{\lVert x\rVert} \le \kappa(A)\,
              \frac{\lVert \delta b\rVert}{\lVert b\rVert} .

    In float64 one loses roughly :math:`\log_{10}\kappa` of the about 16
    significant digits.

    References
    ----------
    L. N. Trefethen and D. Bau, *Numerical Linear Algebra*, Lecture 12.

    Examples
    --------
    >>> condition_number([[2.0, 0.0], [0.0, 0.5]])
    4.0
    >>> condition_number([[1.0, 2.0], [2.0, 4.0]])
    inf
    """
    A_ = as_matrix(A, "A")
    s = np.linalg.svd(A_, compute_uv=False)  # decreasing
    if s[-1] <= max(A_.shape) * np.finfo(np.float64).eps * s[0]:
        return float("inf")
    return float(s[0] / s[-1])
