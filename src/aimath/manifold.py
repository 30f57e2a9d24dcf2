r"""Manifold learning: Isomap, classical MDS, t-SNE and the geometry of embeddings.

Chapter 19 of the book. Data points are the rows of a matrix ``X`` of shape
``(n, d)``. A *neighbourhood graph* of the points is a weighted adjacency
matrix as in :mod:`aimath.graphs` (``W[i, j] > 0`` is an edge of length
``W[i, j]``), so :func:`aimath.graphs.connected_components` and
:func:`aimath.graphs.laplacian` apply to it directly.

Dense ``(n, n)`` matrices throughout: the examples of the book have at most a
thousand points, and every formula stays one line of NumPy. Each t-SNE
iteration costs :math:`O(n^2)`.
"""

from __future__ import annotations

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_float_array,
    as_matrix,
    as_vector,
    generator,
    integer_at_least,
    real_number,
)
from aimath.graphs import connected_components
from aimath.norms import pairwise_distances

__all__ = [
    "classical_mds",
    "conditional_affinities",
    "cosine_similarity_matrix",
    "isomap",
    "joint_affinities",
    "knn_accuracy",
    "knn_graph",
    "neighbourhood_preservation",
    "shortest_path_distances",
    "swiss_roll",
    "swiss_roll_geodesics",
    "trustworthiness",
    "tsne",
    "tsne_gradient",
    "tsne_kl",
]

#: Asymmetry ``max|D - D^T|`` tolerated, relative to ``max|D|``, as rounding.
SYMMETRY_RTOL = 1e-12

#: Tolerance on each row sum of a conditional affinity matrix.
ROW_SUM_ATOL = 1e-9


# ---------------------------------------------------------------------------
# argument checks (used only in this module)
# ---------------------------------------------------------------------------


def _points(X: ArrayLike, name: str = "X", min_rows: int = 2) -> FloatArray:
    """``X`` as a finite ``(n, d)`` matrix with at least ``min_rows`` rows."""
    X_ = as_matrix(X, name)
    if X_.shape[0] < min_rows:
        msg = f"`{name}` must have at least {min_rows} rows (points); got shape {X_.shape}"
        raise ValueError(msg)
    return X_


def _distance_matrix(D: ArrayLike, name: str) -> FloatArray:
    """``D`` as a finite, square, symmetric, non-negative matrix with zero diagonal."""
    D_ = as_matrix(D, name, square=True)
    if np.any(D_ < 0.0):
        i, j = np.argwhere(D_ < 0.0)[0]
        msg = f"`{name}` must be non-negative; got {name}[{i}, {j}] = {D_[i, j]!r}"
        raise ValueError(msg)
    if np.any(np.diag(D_) != 0.0):
        msg = f"`{name}` must have a zero diagonal (a point's distance to itself)"
        raise ValueError(msg)
    asymmetry = float(np.max(np.abs(D_ - D_.T)))
    if asymmetry > SYMMETRY_RTOL * float(np.max(D_)):
        msg = f"`{name}` must be symmetric; got max|D - D^T| = {asymmetry:.3g}"
        raise ValueError(msg)
    return (D_ + D_.T) / 2.0


def _same_rows(X_: FloatArray, Y_: FloatArray, name_x: str, name_y: str) -> None:
    if X_.shape[0] != Y_.shape[0]:
        msg = (
            f"`{name_x}` and `{name_y}` must have the same number of rows (points); "
            f"got {X_.shape[0]} and {Y_.shape[0]}"
        )
        raise ValueError(msg)


def _knn_indices(D: FloatArray, k: int) -> np.ndarray:
    """Indices of the ``k`` nearest other points of each row of the distance matrix ``D``."""
    D_off = D.copy()
    np.fill_diagonal(D_off, np.inf)  # a point is not its own neighbour
    # stable sort: among equal distances the smaller index comes first
    return np.argsort(D_off, axis=1, kind="stable")[:, :k]


# ---------------------------------------------------------------------------
# the swiss roll
# ---------------------------------------------------------------------------


def swiss_roll(
    n: int, *, noise: float = 0.0, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    r"""Sample points from the swiss roll, a 2-D sheet rolled up in 3-D space.

    Parameters
    ----------
    n : int
        Number of points, at least 1.
    noise : float, optional
        Standard deviation of Gaussian noise added to each coordinate
        (default 0: the points lie exactly on the surface).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    X : ndarray, shape (n, 3)
        The points :math:`(t \cos t,\ h,\ t \sin t)` (plus noise).
    t : ndarray, shape (n,)
        The roll parameter of each point (its angle, which is also its distance
        from the roll's axis).

    Raises
    ------
    ValueError
        If ``n < 1`` or ``noise`` is negative or not finite.
    TypeError
        If ``n`` is not an integer or ``rng`` is not a ``numpy.random.Generator``.

    Notes
    -----
    The parametrisation of scikit-learn's ``make_swiss_roll``:

    .. math::

        t \sim \mathcal U\bigl(\tfrac{3\pi}{2}, \tfrac{9\pi}{2}\bigr), \quad
        h \sim \mathcal U(0, 21), \quad
        x = (t \cos t,\ h,\ t \sin t) .

    The two intrinsic coordinates :math:`(t, h)` are drawn first (``t`` then
    ``h``), then the noise.

    Examples
    --------
    >>> X, t = swiss_roll(4, rng=np.random.default_rng(0))
    >>> X.shape, t.shape
    ((4, 3), (4,))
    >>> bool(np.allclose(np.hypot(X[:, 0], X[:, 2]), t))
    True
    """
    n_ = integer_at_least(n, "n", 1)
    sigma = real_number(noise, "noise")
    if sigma < 0.0:
        msg = f"`noise` must be non-negative; got {sigma!r}"
        raise ValueError(msg)
    gen = generator(rng)
    t = 1.5 * np.pi * (1.0 + 2.0 * gen.random(n_))
    h = 21.0 * gen.random(n_)
    X = np.column_stack([t * np.cos(t), h, t * np.sin(t)])
    if sigma > 0.0:
        X = X + sigma * gen.standard_normal((n_, 3))
    return X, t


def _spiral_arclength(t: FloatArray) -> FloatArray:
    """Arc length of the spiral :math:`r = t` from angle 0 to ``t``."""
    return 0.5 * (t * np.sqrt(1.0 + t * t) + np.arcsinh(t))


def swiss_roll_geodesics(t: ArrayLike, height: ArrayLike) -> FloatArray:
    r"""Exact geodesic distances on the swiss roll between points given by ``(t, h)``.

    Parameters
    ----------
    t : array_like, shape (n,)
        Roll parameters, non-negative.
    height : array_like, shape (n,)
        Heights :math:`h` (the second coordinate of :func:`swiss_roll`'s points).

    Returns
    -------
    ndarray, shape (n, n)
        The length of the shortest path *on the surface* between each pair.

    Raises
    ------
    ValueError
        If ``t`` or ``height`` is not a finite vector, their lengths differ, or
        ``t`` has a negative entry.
    TypeError
        If they are not array-like of numbers.

    Notes
    -----
    The roll is a cylinder over the spiral :math:`r = t`, so it unrolls onto a
    flat strip without stretching: the point :math:`(t, h)` goes to
    :math:`(s(t), h)`, with :math:`s` the spiral's arc length

    .. math::

        s(t) = \int_0^t \sqrt{1 + u^2}\, du
             = \tfrac12 \bigl( t \sqrt{1 + t^2} + \operatorname{arsinh} t \bigr),

    and the geodesic distance is the straight-line distance on the strip,
    :math:`\sqrt{(s(t_i) - s(t_j))^2 + (h_i - h_j)^2}` (the strip is convex).

    Examples
    --------
    >>> D = swiss_roll_geodesics([0.0, 0.0], [0.0, 3.0])
    >>> D.tolist()
    [[0.0, 3.0], [3.0, 0.0]]
    """
    t_ = as_vector(t, "t")
    h_ = as_vector(height, "height")
    if t_.shape != h_.shape:
        msg = f"`t` and `height` must have the same length; got {t_.size} and {h_.size}"
        raise ValueError(msg)
    if np.any(t_ < 0.0):
        msg = f"`t` must be non-negative (an angle along the roll); got min {t_.min()!r}"
        raise ValueError(msg)
    unrolled = np.column_stack([_spiral_arclength(t_), h_])  # (n, 2) flat coordinates
    return pairwise_distances(unrolled)


# ---------------------------------------------------------------------------
# neighbourhood graphs and Isomap
# ---------------------------------------------------------------------------


def knn_graph(X: ArrayLike, k: int) -> FloatArray:
    r"""Symmetric k-nearest-neighbour graph of the rows of ``X``, weighted by distance.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Points as rows, at least 2 of them, no two equal.
    k : int
        Number of neighbours per point, ``1 <= k <= n - 1``.

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric adjacency matrix: ``W[i, j]`` is the Euclidean distance
        :math:`\lVert x_i - x_j \rVert_2` if ``j`` is among the ``k`` nearest
        neighbours of ``i`` or ``i`` among those of ``j``, and 0 (no edge)
        otherwise.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D matrix with at least 2 rows, two rows are
        equal (their edge would have length 0, which means "no edge"), or ``k``
        is not in ``[1, n - 1]``.
    TypeError
        If ``X`` is not array-like of numbers or ``k`` is not an integer.

    Notes
    -----
    Ties between equally distant neighbours are broken towards the smaller
    index. The graph is the *union* of the directed k-NN relations, as in
    scikit-learn's ``Isomap``, so every vertex has degree at least ``k``.

    Examples
    --------
    >>> W = knn_graph([[0.0], [1.0], [3.0]], 1)
    >>> W.tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 2.0], [0.0, 2.0, 0.0]]
    """
    X_ = _points(X)
    n = X_.shape[0]
    k_ = integer_at_least(k, "k", 1, n - 1)
    D = pairwise_distances(X_)
    off = D + np.diag(np.full(n, np.inf))
    if np.any(off == 0.0):
        i, j = np.argwhere(off == 0.0)[0]
        msg = f"`X` must not contain duplicate points; rows {i} and {j} are equal"
        raise ValueError(msg)
    nbrs = _knn_indices(D, k_)  # (n, k)
    W = np.zeros((n, n))
    rows = np.repeat(np.arange(n), k_)
    W[rows, nbrs.ravel()] = D[rows, nbrs.ravel()]
    return np.maximum(W, W.T)  # i -> j or j -> i: an undirected edge


def shortest_path_distances(W: ArrayLike) -> FloatArray:
    r"""All-pairs shortest-path lengths of a weighted graph (Floyd–Warshall).

    Parameters
    ----------
    W : array_like, shape (n, n)
        Non-negative adjacency matrix: ``W[i, j] > 0`` is an edge from ``i`` to
        ``j`` of length ``W[i, j]``; 0 is no edge. The diagonal is ignored.
        It need not be symmetric (a directed graph).

    Returns
    -------
    ndarray, shape (n, n)
        ``G[i, j]``, the length of the shortest path from ``i`` to ``j``;
        ``numpy.inf`` where there is none; 0 on the diagonal.

    Raises
    ------
    ValueError
        If ``W`` is not a finite, square, non-negative matrix.
    TypeError
        If ``W`` is not array-like of numbers.

    Notes
    -----
    Floyd–Warshall: after step :math:`m`, ``G[i, j]`` is the shortest path
    whose intermediate vertices are among :math:`0, \dots, m`:

    .. math::

        G^{(m)}_{ij} = \min\bigl( G^{(m-1)}_{ij},\ G^{(m-1)}_{im} + G^{(m-1)}_{mj} \bigr).

    Each step is one vectorised :math:`n \times n` update, :math:`O(n^3)` in
    all. The sums are formed in the same order as in SciPy's
    ``shortest_path(method="FW")``, so the two agree bit for bit.

    Examples
    --------
    >>> W = [[0, 1, 0, 0], [1, 0, 2, 0], [0, 2, 0, 0], [0, 0, 0, 0]]
    >>> shortest_path_distances(W).tolist()
    [[0.0, 1.0, 3.0, inf], [1.0, 0.0, 2.0, inf], [3.0, 2.0, 0.0, inf], [inf, inf, inf, 0.0]]
    """
    W_ = as_matrix(W, "W", square=True)
    if np.any(W_ < 0.0):
        i, j = np.argwhere(W_ < 0.0)[0]
        msg = f"`W` must have non-negative edge lengths; got W[{i}, {j}] = {W_[i, j]!r}"
        raise ValueError(msg)
    G = np.where(W_ > 0.0, W_, np.inf)
    np.fill_diagonal(G, 0.0)
    for m in range(G.shape[0]):
        # row m and column m do not change in step m (G[m, m] = 0): in place is safe
        np.minimum(G, G[:, m, None] + G[None, m, :], out=G)
    return G


def classical_mds(D: ArrayLike, n_components: int = 2) -> tuple[FloatArray, FloatArray]:
    r"""Classical (Torgerson) multidimensional scaling of a distance matrix.

    Parameters
    ----------
    D : array_like, shape (n, n)
        Symmetric, non-negative distances with zero diagonal.
    n_components : int, optional
        Dimension of the embedding, ``1 <= n_components <= n`` (default 2).

    Returns
    -------
    Y : ndarray, shape (n, n_components)
        Coordinates whose Euclidean distances approximate ``D``.
    eigenvalues : ndarray, shape (n,)
        All eigenvalues of the double-centred matrix :math:`B`, in descending
        order. Negative ones mean ``D`` is not a Euclidean distance matrix.

    Raises
    ------
    ValueError
        If ``D`` is not a finite, square, symmetric, non-negative matrix with
        zero diagonal, or ``n_components`` is out of range.
    TypeError
        If ``D`` is not array-like of numbers or ``n_components`` not an integer.

    Notes
    -----
    With the centring matrix :math:`J = I - \tfrac1n \mathbf 1 \mathbf 1^\top`,

    .. math::

        B = -\tfrac12 J D^{\circ 2} J, \qquad
        Y = V_k \Lambda_k^{1/2},

    where :math:`D^{\circ 2}` squares each entry and :math:`V_k, \Lambda_k`
    hold the top :math:`k` eigenpairs of :math:`B`. If
    :math:`D_{ij} = \lVert x_i - x_j \rVert_2` for some points, then
    :math:`B = \tilde X \tilde X^\top` with :math:`\tilde X` the centred points,
    and :math:`Y` recovers them up to a rotation (Torgerson 1952). Negative
    eigenvalues among the top :math:`k` are clipped to 0. Each column's sign is
    fixed so that its largest-magnitude entry is positive.

    References
    ----------
    W. S. Torgerson, "Multidimensional scaling: I. Theory and method",
    Psychometrika 17, 1952.

    Examples
    --------
    >>> Y, lam = classical_mds([[0.0, 3.0], [3.0, 0.0]], 1)
    >>> Y.ravel().round(12).tolist(), lam.round(12).tolist()
    ([1.5, -1.5], [4.5, 0.0])
    """
    D_ = _distance_matrix(D, "D")
    n = D_.shape[0]
    k = integer_at_least(n_components, "n_components", 1, n)
    D2 = D_ * D_
    # J D2 J without forming J: subtract row means and column means, add back the grand mean
    B = -0.5 * (D2 - D2.mean(axis=0) - D2.mean(axis=1)[:, None] + D2.mean())
    lam, V = np.linalg.eigh((B + B.T) / 2.0)
    order = np.argsort(lam)[::-1]
    lam, V = lam[order], V[:, order]
    Vk = V[:, :k]
    # fix the arbitrary sign of each eigenvector: largest-magnitude entry positive
    signs = np.sign(Vk[np.argmax(np.abs(Vk), axis=0), np.arange(k)])
    Y = Vk * signs * np.sqrt(np.maximum(lam[:k], 0.0))
    return Y + 0.0, lam + 0.0  # + 0.0 turns -0.0 into 0.0


def isomap(X: ArrayLike, k: int, n_components: int = 2) -> FloatArray:
    r"""Isomap embedding: classical MDS of shortest-path distances in a k-NN graph.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Points as rows, no two equal.
    k : int
        Number of neighbours of the k-NN graph, ``1 <= k <= n - 1``.
    n_components : int, optional
        Dimension of the embedding (default 2).

    Returns
    -------
    ndarray, shape (n, n_components)
        The embedding.

    Raises
    ------
    ValueError
        If ``X`` or ``k`` is invalid (see :func:`knn_graph`), ``n_components``
        is out of range, or the k-NN graph is disconnected (the geodesic
        distance between components would be infinite: increase ``k``).
    TypeError
        If ``X`` is not array-like of numbers or ``k`` / ``n_components`` not
        integers.

    Notes
    -----
    Three steps (Tenenbaum, de Silva and Langford 2000): the graph
    :func:`knn_graph`; the graph distances :func:`shortest_path_distances`,
    which approximate geodesic distances along the data manifold; and
    :func:`classical_mds` of those distances.

    References
    ----------
    J. B. Tenenbaum, V. de Silva and J. C. Langford, "A global geometric
    framework for nonlinear dimensionality reduction", Science 290, 2000.

    Examples
    --------
    >>> X = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [2.0, 1.0]]  # a bent path
    >>> isomap(X, 1, 1).ravel().round(12).tolist()  # unbent: equally spaced on a line
    [1.5, 0.5, -0.5, -1.5]
    """
    X_ = _points(X)
    W = knn_graph(X_, k)
    n_comp, _ = connected_components(W)
    if n_comp > 1:
        msg = (
            f"the k-NN graph of `X` with `k`={k} has {n_comp} connected components; "
            "Isomap needs a connected graph (geodesic distances between components "
            "are infinite): increase `k`"
        )
        raise ValueError(msg)
    integer_at_least(n_components, "n_components", 1, X_.shape[0])
    Y, _ = classical_mds(shortest_path_distances(W), n_components)
    return Y


# ---------------------------------------------------------------------------
# t-SNE
# ---------------------------------------------------------------------------


def _row_entropies(D2: FloatArray, beta: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Rows ``p_{j|i} ∝ exp(-beta_i d2_ij)`` (zero diagonal) and their entropies in nats."""
    n = D2.shape[0]
    off = D2 + np.diag(np.full(n, np.inf))
    shifted = off - off.min(axis=1, keepdims=True)  # >= 0: exp cannot overflow
    E = np.exp(-beta[:, None] * shifted)  # diagonal: exp(-inf) = 0
    Z = E.sum(axis=1)  # >= 1: the nearest neighbour contributes exp(0)
    P = E / Z[:, None]
    np.fill_diagonal(shifted, 0.0)  # 0 * inf on the diagonal would be NaN
    H = np.log(Z) + beta * np.sum(P * shifted, axis=1)
    return P, H


def conditional_affinities(
    D2: ArrayLike,
    perplexity: float = 30.0,
    *,
    tol: float = 1e-5,
    max_iter: int = 200,
) -> tuple[FloatArray, FloatArray]:
    r"""Gaussian neighbour probabilities :math:`p_{j|i}`, calibrated to a perplexity.

    Parameters
    ----------
    D2 : array_like, shape (n, n)
        Squared distances: symmetric, non-negative, zero diagonal; ``n >= 3``.
    perplexity : float, optional
        Target perplexity :math:`2^{H}` of every row, the "effective number
        of neighbours": ``1 < perplexity < n - 1`` (default 30).
    tol : float, optional
        Stop a row's search once its entropy is within ``tol`` nats of
        :math:`\log(\text{perplexity})`, so its perplexity is within a
        relative ``tol`` (to first order) of the target (default ``1e-5``).
    max_iter : int, optional
        Maximum number of bisection steps per row (default 200).

    Returns
    -------
    P : ndarray, shape (n, n)
        ``P[i, j]`` is :math:`p_{j|i}`; each row sums to 1, the diagonal is 0.
    perplexities : ndarray, shape (n,)
        The perplexity each row achieved.

    Raises
    ------
    ValueError
        If ``D2`` is not a valid squared-distance matrix with at least 3 rows,
        ``perplexity`` is not in ``(1, n - 1)``, ``tol`` is not positive or
        ``max_iter < 1``.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    With precision :math:`\beta_i = 1 / (2\sigma_i^2)`,

    .. math::

        p_{j|i} = \frac{\exp(-\beta_i d_{ij}^2)}{\sum_{k \ne i} \exp(-\beta_i d_{ik}^2)},
        \qquad \operatorname{Perp}(P_i) = e^{H(P_i)}, \quad
        H(P_i) = -\sum_j p_{j|i} \log p_{j|i} .

    (:math:`2^H` with :math:`H` in bits is the same number.) The entropy
    decreases from :math:`\log(n - 1)` at :math:`\beta_i = 0` (uniform) to
    :math:`\log m` as :math:`\beta_i \to \infty` (uniform on the :math:`m`
    nearest neighbours, :math:`m = 1` without ties), so each row's
    :math:`\beta_i` is found by bisection, all rows at once: doubling or
    halving until the target is bracketed, then halving the bracket. A row
    whose nearest neighbours are tied may not reach a perplexity below the
    size of the tie; its best value is returned, and ``perplexities`` shows it.
    Distances are shifted by each row's minimum before exponentiating, so
    nothing underflows to an all-zero row.

    References
    ----------
    L. van der Maaten and G. Hinton, "Visualizing data using t-SNE", JMLR 9, 2008.

    Examples
    --------
    >>> D2 = [[0.0, 1.0, 4.0, 9.0], [1.0, 0.0, 1.0, 4.0],
    ...       [4.0, 1.0, 0.0, 1.0], [9.0, 4.0, 1.0, 0.0]]
    >>> P, perp = conditional_affinities(D2, 2.0)
    >>> P.sum(axis=1).round(12).tolist(), perp.round(4).tolist()
    ([1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0])
    """
    D2_ = _distance_matrix(D2, "D2")
    n = D2_.shape[0]
    if n < 3:
        msg = f"`D2` must describe at least 3 points (perplexity in (1, n - 1)); got n = {n}"
        raise ValueError(msg)
    perp = real_number(perplexity, "perplexity")
    if not 1.0 < perp < n - 1:
        msg = (
            f"`perplexity` must be in the open interval (1, n - 1) = (1, {n - 1}) for "
            f"n = {n} points; got {perp!r}"
        )
        raise ValueError(msg)
    tol_ = real_number(tol, "tol")
    if tol_ <= 0.0:
        msg = f"`tol` must be positive; got {tol_!r}"
        raise ValueError(msg)
    iters = integer_at_least(max_iter, "max_iter", 1)
    target = np.log(perp)
    # start at beta = 1 / (mean squared distance of the row): scale-free
    scale = D2_.sum(axis=1) / (n - 1)
    beta = np.where(scale > 0.0, 1.0 / np.where(scale > 0.0, scale, 1.0), 1.0)
    lo = np.zeros(n)
    hi = np.full(n, np.inf)
    P, H = _row_entropies(D2_, beta)
    for _ in range(iters):
        active = np.abs(H - target) > tol_
        if not np.any(active):
            break
        too_flat = active & (target < H)  # entropy too high: sharpen (raise beta)
        too_sharp = active & (target > H)
        lo = np.where(too_flat, beta, lo)
        hi = np.where(too_sharp, beta, hi)
        beta = np.where(
            too_flat,
            np.where(np.isinf(hi), 2.0 * beta, (beta + hi) / 2.0),
            np.where(too_sharp, (beta + lo) / 2.0, beta),
        )
        P, H = _row_entropies(D2_, beta)
    return P, np.exp(H)


def joint_affinities(P_cond: ArrayLike) -> FloatArray:
    r"""Symmetrised t-SNE affinities :math:`p_{ij} = (p_{j|i} + p_{i|j}) / 2n`.

    Parameters
    ----------
    P_cond : array_like, shape (n, n)
        Conditional probabilities :math:`p_{j|i}` (row ``i``): non-negative,
        zero diagonal, each row summing to 1.

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric, non-negative, zero diagonal, summing to 1.

    Raises
    ------
    ValueError
        If ``P_cond`` is not a finite square matrix with at least 2 rows, has a
        negative or non-zero diagonal entry, or a row does not sum to 1
        (within ``1e-9``).
    TypeError
        If ``P_cond`` is not array-like of numbers.

    Notes
    -----
    .. math::

        p_{ij} = \frac{p_{j|i} + p_{i|j}}{2n}, \qquad \sum_{i, j} p_{ij} = 1 .

    Symmetrising guarantees :math:`\sum_j p_{ij} > \tfrac{1}{2n}`: every point,
    even an outlier far from all others, keeps a share of the attraction.

    Examples
    --------
    >>> joint_affinities([[0.0, 1.0], [1.0, 0.0]]).tolist()
    [[0.0, 0.5], [0.5, 0.0]]
    """
    P_ = as_matrix(P_cond, "P_cond", square=True)
    n = P_.shape[0]
    if n < 2:
        msg = f"`P_cond` must have at least 2 rows; got shape {P_.shape}"
        raise ValueError(msg)
    if np.any(P_ < 0.0) or np.any(np.diag(P_) != 0.0):
        msg = "`P_cond` must be non-negative with a zero diagonal (p_{i|i} = 0)"
        raise ValueError(msg)
    sums = P_.sum(axis=1)
    if np.any(np.abs(sums - 1.0) > ROW_SUM_ATOL):
        msg = f"`P_cond` rows must sum to 1; got sums in [{sums.min():.6g}, {sums.max():.6g}]"
        raise ValueError(msg)
    P: FloatArray = (P_ + P_.T) / (2.0 * n)
    return P


def _joint_and_embedding(P: ArrayLike, Y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Validate a joint affinity matrix and an embedding of the same points."""
    P_ = as_matrix(P, "P", square=True)
    Y_ = _points(Y, "Y")
    _same_rows(P_, Y_, "P", "Y")
    if np.any(P_ < 0.0):
        msg = "`P` must be non-negative (joint probabilities)"
        raise ValueError(msg)
    total = float(P_.sum())
    if abs(total - 1.0) > ROW_SUM_ATOL:
        msg = f"`P` must sum to 1 (joint probabilities); got {total:.6g}"
        raise ValueError(msg)
    return P_, Y_


def _squared_distances_few_columns(Y: FloatArray) -> FloatArray:
    """``D2[i, j] = |y_i - y_j|^2`` one column at a time: fast for an embedding of
    few columns (a matrix product with inner dimension 2 is slow), and without
    the cancellation of ``|y_i|^2 + |y_j|^2 - 2 y_i . y_j``."""
    D2 = np.zeros((Y.shape[0], Y.shape[0]))
    for c in range(Y.shape[1]):
        diff = Y[:, c, None] - Y[None, :, c]
        D2 += diff * diff
    return D2


def _student_kernel(Y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``num[i, j] = 1 / (1 + |y_i - y_j|^2)`` (zero diagonal) and ``Q = num / sum(num)``."""
    num = 1.0 / (1.0 + _squared_distances_few_columns(Y))
    np.fill_diagonal(num, 0.0)
    return num, num / num.sum()


def tsne_kl(P: ArrayLike, Y: ArrayLike) -> float:
    r"""The t-SNE objective :math:`\mathrm{KL}(P \,\|\, Q)` of an embedding ``Y``.

    Parameters
    ----------
    P : array_like, shape (n, n)
        Joint affinities (:func:`joint_affinities`): non-negative, summing to 1.
    Y : array_like, shape (n, m)
        Embedding, one row per point.

    Returns
    -------
    float
        :math:`\sum_{i \ne j} p_{ij} \log (p_{ij} / q_{ij}) \ge 0`, in nats;
        terms with :math:`p_{ij} = 0` contribute 0.

    Raises
    ------
    ValueError
        If ``P`` is not a finite square non-negative matrix summing to 1,
        ``Y`` is not a finite matrix with at least 2 rows, or their numbers of
        rows differ.
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    The embedding's affinities use a Student-t kernel with one degree of
    freedom, whose heavy tail lets moderately distant points sit far apart:

    .. math::

        q_{ij} = \frac{(1 + \lVert y_i - y_j \rVert^2)^{-1}}
                      {\sum_{k \ne l} (1 + \lVert y_k - y_l \rVert^2)^{-1}} .

    Examples
    --------
    >>> P = [[0.0, 0.5], [0.5, 0.0]]
    >>> tsne_kl(P, [[0.0, 0.0], [1.0, 0.0]])  # any two points: Q = P
    0.0
    """
    P_, Y_ = _joint_and_embedding(P, Y)
    _, Q = _student_kernel(Y_)
    mask = P_ > 0.0
    if np.any(mask & (Q == 0.0)):
        msg = "`P` puts mass on a diagonal entry, where Q is 0: KL is infinite"
        raise ValueError(msg)
    return float(np.sum(P_[mask] * (np.log(P_[mask]) - np.log(Q[mask]))))


def tsne_gradient(P: ArrayLike, Y: ArrayLike) -> FloatArray:
    r"""Gradient of :func:`tsne_kl` with respect to the embedding ``Y``.

    Parameters
    ----------
    P : array_like, shape (n, n)
        Joint affinities, symmetric, non-negative, summing to 1.
    Y : array_like, shape (n, m)
        Embedding.

    Returns
    -------
    ndarray, shape (n, m)
        :math:`\partial\, \mathrm{KL}(P \| Q) / \partial y_i` in row ``i``.

    Raises
    ------
    ValueError
        As :func:`tsne_kl`.
    TypeError
        As :func:`tsne_kl`.

    Notes
    -----
    For symmetric :math:`P` (van der Maaten and Hinton 2008, eq. 5):

    .. math::

        \frac{\partial C}{\partial y_i}
        = 4 \sum_j (p_{ij} - q_{ij})\, \frac{y_i - y_j}{1 + \lVert y_i - y_j \rVert^2} .

    With :math:`M_{ij} = (p_{ij} - q_{ij}) / (1 + \lVert y_i - y_j \rVert^2)`
    this is :math:`4\,(\operatorname{diag}(M \mathbf 1) - M)\, Y`: two matrix
    products, no loop. Attraction (:math:`p_{ij} > q_{ij}`) pulls :math:`y_i`
    towards :math:`y_j`; repulsion pushes it away.

    Examples
    --------
    >>> P = [[0.0, 0.5], [0.5, 0.0]]
    >>> tsne_gradient(P, [[0.0, 0.0], [1.0, 0.0]]).tolist()  # Q = P: stationary
    [[0.0, 0.0], [0.0, 0.0]]
    """
    P_, Y_ = _joint_and_embedding(P, Y)
    num, Q = _student_kernel(Y_)
    M = (P_ - Q) * num  # (n, n)
    grad: FloatArray = 4.0 * (M.sum(axis=1)[:, None] * Y_ - M @ Y_) + 0.0
    return grad


def tsne(
    X: ArrayLike,
    n_components: int = 2,
    perplexity: float = 30.0,
    *,
    n_iter: int = 1000,
    learning_rate: float = 200.0,
    early_exaggeration: float = 12.0,
    exaggeration_iter: int = 250,
    momentum: float = 0.8,
    initial_momentum: float = 0.5,
    rng: np.random.Generator | None = None,
    init: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    r"""t-distributed stochastic neighbour embedding (exact, :math:`O(n^2)` per step).

    Parameters
    ----------
    X : array_like, shape (n, d)
        Points as rows, ``n >= 3``.
    n_components : int, optional
        Dimension of the embedding (default 2).
    perplexity : float, optional
        Perplexity of the input affinities, ``1 < perplexity < n - 1`` (default 30).
    n_iter : int, optional
        Number of gradient steps, at least 1 (default 1000).
    learning_rate : float, optional
        Step size, positive (default 200).
    early_exaggeration : float, optional
        Factor, at least 1, multiplying ``P`` during the first
        ``exaggeration_iter`` steps (default 12).
    exaggeration_iter : int, optional
        Number of exaggerated steps, at least 0 (default 250; at most
        ``n_iter`` are taken); ``initial_momentum`` applies during them.
    momentum, initial_momentum : float, optional
        Momentum coefficients in ``[0, 1)`` after and during the exaggeration
        phase (defaults 0.8 and 0.5).
    rng : numpy.random.Generator, optional
        Source of the initial embedding :math:`y_i \sim \mathcal N(0, 10^{-8} I)`;
        required unless ``init`` is given.
    init : array_like, shape (n, n_components), optional
        The initial embedding (then ``rng`` is not used).

    Returns
    -------
    Y : ndarray, shape (n, n_components)
        The embedding.
    kl_history : ndarray, shape (n_iter + 1,)
        :math:`\mathrm{KL}(P \| Q)` (with the un-exaggerated ``P``) at the
        initial embedding and after each step.

    Raises
    ------
    ValueError
        If an argument is out of its range (see above) or ``X`` is not a finite
        matrix.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    The input affinities are :func:`joint_affinities` of
    :func:`conditional_affinities` of the squared Euclidean distances. Starting
    from :math:`y_i \sim \mathcal N(0, 10^{-8} I)` (or ``init``), each step is
    momentum gradient descent with per-coordinate adaptive gains
    (delta-bar-delta, as in the reference implementation of van der Maaten and
    Hinton 2008, and in scikit-learn):

    .. math::

        g \leftarrow \begin{cases} g + 0.2 & \text{if } u \odot \nabla C < 0
        \\ 0.8\, g & \text{otherwise} \end{cases}, \qquad
        u \leftarrow \mu u - \eta\, g \odot \nabla C, \qquad y \leftarrow y + u,

    with gains :math:`g \ge 0.01`. During early exaggeration the gradient uses
    :math:`\alpha P` in place of :math:`P`, which pulls clusters together
    tightly first and lets them separate later. When the exaggeration ends,
    the update :math:`u` and the gains restart from 0 and 1, as in
    scikit-learn's ``TSNE``: the momentum built up under the exaggerated
    objective would otherwise throw the embedding far off.

    References
    ----------
    L. van der Maaten and G. Hinton, "Visualizing data using t-SNE", JMLR 9, 2008.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (10, 5)), rng.normal(20, 1, (10, 5))])
    >>> Y, kl = tsne(X, perplexity=5.0, n_iter=300, learning_rate=2.0,
    ...              early_exaggeration=4.0, exaggeration_iter=50, rng=rng)
    >>> Y.shape, knn_accuracy(Y, [0] * 10 + [1] * 10, 3), bool(kl[-1] < kl[0] / 10)
    ((20, 2), 1.0, True)
    """
    X_ = _points(X, "X", min_rows=3)
    n = X_.shape[0]
    dim = integer_at_least(n_components, "n_components", 1)
    steps = integer_at_least(n_iter, "n_iter", 1)
    eta = real_number(learning_rate, "learning_rate")
    if eta <= 0.0:
        msg = f"`learning_rate` must be positive; got {eta!r}"
        raise ValueError(msg)
    alpha = real_number(early_exaggeration, "early_exaggeration")
    if alpha < 1.0:
        msg = f"`early_exaggeration` must be at least 1; got {alpha!r}"
        raise ValueError(msg)
    n_exag = min(integer_at_least(exaggeration_iter, "exaggeration_iter", 0), steps)
    mus = []
    for value, name in ((momentum, "momentum"), (initial_momentum, "initial_momentum")):
        mu = real_number(value, name)
        if not 0.0 <= mu < 1.0:
            msg = f"`{name}` must be in [0, 1); got {mu!r}"
            raise ValueError(msg)
        mus.append(mu)
    if init is None:
        if rng is None:
            msg = "`rng` must be a numpy.random.Generator when `init` is not given; got None"
            raise TypeError(msg)
        Y = 1e-4 * generator(rng).standard_normal((n, dim))
    else:
        Y = as_matrix(init, "init").copy()
        if Y.shape != (n, dim):
            msg = f"`init` must have shape (n, n_components) = {(n, dim)}; got {Y.shape}"
            raise ValueError(msg)
    D2 = pairwise_distances(X_) ** 2
    P_cond, _ = conditional_affinities(D2, perplexity)
    P = joint_affinities(P_cond)
    update = np.zeros_like(Y)
    gains = np.ones_like(Y)
    # KL(P || Q) = sum p log p - sum p log q, and log q_ij = -log(1 + d2_ij) - log Z
    p_log_p = float(np.sum(P[P > 0.0] * np.log(P[P > 0.0])))
    history = np.empty(steps + 1)
    for it in range(steps + 1):
        D2_Y = _squared_distances_few_columns(Y)
        num = 1.0 / (1.0 + D2_Y)
        np.fill_diagonal(num, 0.0)
        Z = num.sum()
        history[it] = p_log_p + float(np.sum(P * np.log1p(D2_Y))) + np.log(Z)
        if it == steps:
            break
        exaggerated = it < n_exag
        if it == n_exag and it > 0:
            # a new phase starts afresh, as in scikit-learn: no momentum, unit gains
            update = np.zeros_like(Y)
            gains = np.ones_like(Y)
        M = ((alpha * P if exaggerated else P) - num / Z) * num
        grad = 4.0 * (M.sum(axis=1)[:, None] * Y - M @ Y)
        flipped = update * grad < 0.0  # the step went against the gradient: speed up
        gains = np.maximum(np.where(flipped, gains + 0.2, gains * 0.8), 0.01)
        mu = mus[1] if exaggerated else mus[0]
        update = mu * update - eta * gains * grad
        Y = Y + update
    return Y, history


# ---------------------------------------------------------------------------
# judging an embedding
# ---------------------------------------------------------------------------


def _embedding_pair(X: ArrayLike, Y: ArrayLike, k: int) -> tuple[FloatArray, FloatArray, int]:
    X_ = _points(X, "X")
    Y_ = _points(Y, "Y")
    _same_rows(X_, Y_, "X", "Y")
    k_ = integer_at_least(k, "k", 1, X_.shape[0] - 1)
    return X_, Y_, k_


def neighbourhood_preservation(X: ArrayLike, Y: ArrayLike, k: int = 10) -> float:
    r"""Mean fraction of each point's ``k`` nearest neighbours kept by the embedding.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Original points.
    Y : array_like, shape (n, m)
        Their embedding.
    k : int, optional
        Neighbourhood size, ``1 <= k <= n - 1`` (default 10).

    Returns
    -------
    float
        :math:`\frac{1}{nk} \sum_i |N_k^X(i) \cap N_k^Y(i)|`, in :math:`[0, 1]`;
        1 when every neighbourhood is kept; about :math:`k / (n - 1)` for a
        random embedding.

    Raises
    ------
    ValueError
        If ``X`` or ``Y`` is not a finite matrix with at least 2 rows, their
        row counts differ, or ``k`` is out of range.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    :math:`N_k^X(i)` is the set of the ``k`` points nearest to :math:`x_i`
    (itself excluded) in Euclidean distance, ties broken towards the smaller
    index; :math:`N_k^Y(i)` likewise in the embedding.

    Examples
    --------
    >>> X = [[0.0], [1.0], [3.0], [7.0]]
    >>> neighbourhood_preservation(X, [[0.0], [-1.0], [-3.0], [-7.0]], 1)
    1.0
    >>> neighbourhood_preservation(X, [[0.0], [1.0], [7.0], [3.0]], 1)
    0.5
    """
    X_, Y_, k_ = _embedding_pair(X, Y, k)
    NX = _knn_indices(pairwise_distances(X_), k_)
    NY = _knn_indices(pairwise_distances(Y_), k_)
    n = X_.shape[0]
    in_X = np.zeros((n, n), dtype=bool)
    in_X[np.repeat(np.arange(n), k_), NX.ravel()] = True
    kept = in_X[np.repeat(np.arange(n), k_), NY.ravel()]
    return float(kept.sum() / (n * k_))


def trustworthiness(X: ArrayLike, Y: ArrayLike, k: int = 5) -> float:
    r"""Trustworthiness of an embedding (Venna and Kaski 2001).

    Parameters
    ----------
    X : array_like, shape (n, d)
        Original points.
    Y : array_like, shape (n, m)
        Their embedding.
    k : int, optional
        Neighbourhood size, ``1 <= k < n / 2`` (default 5).

    Returns
    -------
    float
        At most 1; 1 when no embedding neighbour is an intruder.

    Raises
    ------
    ValueError
        If ``X`` or ``Y`` is not a finite matrix with at least 2 rows, their
        row counts differ, or ``k`` is not in ``[1, n / 2)``.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    With :math:`r(i, j)` the rank of :math:`x_j` among the points nearest to
    :math:`x_i` (1 for the nearest) and :math:`U_k(i)` the points among the
    ``k`` nearest to :math:`y_i` in the embedding but not to :math:`x_i` in
    the data,

    .. math::

        T(k) = 1 - \frac{2}{n k (2n - 3k - 1)} \sum_i \sum_{j \in U_k(i)} (r(i, j) - k) .

    Each intruder is penalised by how far it really is. Ties are broken
    towards the smaller index, as in :func:`neighbourhood_preservation`.

    References
    ----------
    J. Venna and S. Kaski, "Neighborhood preservation in nonlinear projection
    methods: an experimental study", ICANN 2001.

    Examples
    --------
    >>> X = [[0.0], [1.0], [3.0], [7.0], [15.0]]
    >>> trustworthiness(X, [[0.0], [-1.0], [-3.0], [-7.0], [-15.0]], 1)
    1.0
    """
    X_, Y_, k_ = _embedding_pair(X, Y, k)
    n = X_.shape[0]
    if not 2 * k_ < n:
        msg = f"`k` must be less than n / 2 = {n / 2} for trustworthiness; got {k_}"
        raise ValueError(msg)
    order_X = _knn_indices(pairwise_distances(X_), n - 1)  # (n, n - 1) all others, by rank
    rank = np.zeros((n, n), dtype=np.int64)
    rank[np.repeat(np.arange(n), n - 1), order_X.ravel()] = np.tile(np.arange(1, n), n)
    NY = _knn_indices(pairwise_distances(Y_), k_)
    excess = rank[np.repeat(np.arange(n), k_), NY.ravel()] - k_  # > 0 only for intruders
    penalty = float(np.sum(excess[excess > 0]))
    return float(1.0 - 2.0 * penalty / (n * k_ * (2.0 * n - 3.0 * k_ - 1.0)))


def knn_accuracy(Y: ArrayLike, labels: ArrayLike, k: int = 5) -> float:
    r"""Leave-one-out accuracy of the ``k``-nearest-neighbour classifier on ``Y``.

    Parameters
    ----------
    Y : array_like, shape (n, m)
        Points (e.g. an embedding), at least 2.
    labels : array_like, shape (n,)
        Integer class of each point.
    k : int, optional
        Number of neighbours voting, ``1 <= k <= n - 1`` (default 5).

    Returns
    -------
    float
        The fraction of points whose class is the majority class among their
        ``k`` nearest *other* points.

    Raises
    ------
    ValueError
        If ``Y`` is not a finite matrix with at least 2 rows, ``labels`` does
        not hold ``n`` non-negative integers, or ``k`` is out of range.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    Neighbour ties are broken towards the smaller index, vote ties towards
    the smaller class (as ``scipy.stats.mode`` and scikit-learn's
    ``KNeighborsClassifier`` do). A high score means the classes form
    separate groups in ``Y``.

    Examples
    --------
    >>> knn_accuracy([[0.0], [0.1], [5.0], [5.1]], [0, 0, 1, 1], 1)
    1.0
    """
    Y_ = _points(Y, "Y")
    n = Y_.shape[0]
    lab = as_float_array(labels, "labels")
    if lab.shape != (n,) or np.any(lab < 0) or np.any(lab != np.round(lab)):
        msg = f"`labels` must hold {n} non-negative integers (one per row of `Y`); got {lab.shape}"
        raise ValueError(msg)
    y = lab.astype(np.int64)
    k_ = integer_at_least(k, "k", 1, n - 1)
    votes_for = y[_knn_indices(pairwise_distances(Y_), k_)]  # (n, k) neighbour classes
    counts = np.zeros((n, int(y.max()) + 1), dtype=np.int64)
    np.add.at(counts, (np.repeat(np.arange(n), k_), votes_for.ravel()), 1)
    predicted = np.argmax(counts, axis=1)  # first maximum: the smaller class wins ties
    return float(np.mean(predicted == y))


# ---------------------------------------------------------------------------
# geometry of embeddings
# ---------------------------------------------------------------------------


def cosine_similarity_matrix(X: ArrayLike) -> FloatArray:
    r"""Cosine similarity between every pair of rows of ``X``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Non-zero vectors as rows (e.g. embeddings).

    Returns
    -------
    ndarray, shape (n, n)
        ``S[i, j]`` :math:`= \frac{x_i \cdot x_j}{\lVert x_i \rVert \lVert x_j \rVert}`,
        in :math:`[-1, 1]`, with ones on the diagonal.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D matrix or a row is zero.
    TypeError
        If ``X`` is not array-like of numbers.

    Notes
    -----
    Rows are scaled to unit length first (by their largest entry, then the
    norm, so squares neither overflow nor underflow); then :math:`S = \hat X
    \hat X^\top`, clipped to :math:`[-1, 1]` against rounding. For independent
    standard Gaussian vectors in :math:`\mathbb R^d` the off-diagonal entries
    have mean 0 and variance :math:`1/d`: in high dimension, random directions
    are nearly orthogonal.

    Examples
    --------
    >>> cosine_similarity_matrix([[3.0, 4.0], [1.0, 0.0], [-3.0, -4.0]]).tolist()
    [[1.0, 0.6, -1.0], [0.6, 1.0, -0.6], [-1.0, -0.6, 1.0]]
    """
    X_ = as_matrix(X, "X")
    scale = np.max(np.abs(X_), axis=1, keepdims=True)
    if np.any(scale == 0.0):
        i = int(np.flatnonzero(scale.ravel() == 0.0)[0])
        msg = f"`X` must not have a zero row (its direction is undefined); row {i} is zero"
        raise ValueError(msg)
    Xs = X_ / scale
    U = Xs / np.linalg.norm(Xs, axis=1, keepdims=True)
    S: FloatArray = np.clip(U @ U.T, -1.0, 1.0)
    np.fill_diagonal(S, 1.0)
    return S
