r"""Graphs as matrices: Laplacians, spectral clustering, PageRank and GCN layers.

Chapter 18 of the book. A graph on ``n`` vertices is stored as its (weighted)
adjacency matrix ``A`` of shape ``(n, n)``: ``A[i, j] >= 0`` is the weight of
the edge from ``i`` to ``j`` (0 when there is none). Undirected graphs have a
symmetric ``A``. Functions that need an undirected graph (Laplacians,
components, spectral methods, GCN) say so and reject an asymmetric ``A``.

Dense matrices throughout: the graphs of the book have at most a few hundred
vertices, and a dense matrix keeps every formula one line of NumPy.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, finite_scalar, integer_at_least

__all__ = [
    "adjacency_from_edges",
    "connected_components",
    "degree_matrix",
    "gcn_normalize",
    "gcn_propagate",
    "google_matrix",
    "kmeans",
    "laplacian",
    "laplacian_quadratic_form",
    "pagerank",
    "planted_partition",
    "random_walk",
    "spectral_clustering",
    "spectral_embedding",
    "transition_matrix",
]

#: Asymmetry ``max|A - A^T|`` tolerated, relative to ``max|A|``, as rounding.
SYMMETRY_RTOL = 1e-12

#: Tolerance on ``sum(p) == 1`` for a probability vector.
PROB_ATOL = 1e-9

LaplacianKind = str
_LAPLACIANS = ("combinatorial", "symmetric", "random_walk")


# ---------------------------------------------------------------------------
# argument checks (used only in this module)
# ---------------------------------------------------------------------------


def _rng_arg(rng: object) -> np.random.Generator:
    """``rng`` itself, or ``default_rng(0)`` for ``None``; a TypeError otherwise."""
    if rng is None:
        return np.random.default_rng(0)
    if not isinstance(rng, np.random.Generator):
        msg = f"`rng` must be a numpy.random.Generator or None; got {type(rng).__name__}"
        raise TypeError(msg)
    return rng


def _adjacency(A: ArrayLike, *, symmetric: bool, name: str = "A") -> FloatArray:
    """``A`` as a finite, square, non-negative (and if asked symmetric) float matrix."""
    A_ = as_matrix(A, name, square=True)
    if np.any(A_ < 0.0):
        i, j = np.argwhere(A_ < 0.0)[0]
        msg = f"`{name}` must have non-negative edge weights; got {name}[{i}, {j}] = {A_[i, j]!r}"
        raise ValueError(msg)
    if symmetric:
        asymmetry = float(np.max(np.abs(A_ - A_.T)))
        if asymmetry > SYMMETRY_RTOL * float(np.max(A_)):
            msg = (
                f"`{name}` must be symmetric (an undirected graph); "
                f"got max|A - A^T| = {asymmetry:.3g}"
            )
            raise ValueError(msg)
        A_ = (A_ + A_.T) / 2.0  # exact symmetry; the difference was rounding
    return A_


def _inv_sqrt_degrees(d: FloatArray) -> FloatArray:
    """:math:`d_i^{-1/2}`, with 0 for isolated vertices (:math:`d_i = 0`)."""
    out = np.zeros_like(d)
    positive = d > 0.0
    out[positive] = 1.0 / np.sqrt(d[positive])
    return out


# ---------------------------------------------------------------------------
# graphs as matrices
# ---------------------------------------------------------------------------


def adjacency_from_edges(
    n: int,
    edges: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    directed: bool = False,
) -> FloatArray:
    r"""Adjacency matrix of a graph given as a list of edges.

    Parameters
    ----------
    n : int
        Number of vertices, labelled ``0, ..., n - 1``.
    edges : array_like of int, shape (m, 2)
        Pairs ``(i, j)``; may be empty (a graph with no edges).
    weights : array_like, shape (m,), optional
        Non-negative edge weights; all 1 if omitted.
    directed : bool, optional
        If ``False`` (default) each pair is an undirected edge and ``A`` is
        symmetric; if ``True`` the pair ``(i, j)`` is the edge
        :math:`i \to j`, stored in ``A[i, j]``.

    Returns
    -------
    ndarray, shape (n, n)
        ``A[i, j]`` is the total weight of the edges from ``i`` to ``j``
        (repeated edges add up; an undirected self-loop ``(i, i)`` adds its
        weight to ``A[i, i]`` once).

    Raises
    ------
    ValueError
        If ``n < 1``, ``edges`` is not of shape (m, 2), holds non-integers or
        vertices outside ``0..n-1``, or ``weights`` has the wrong length, a
        negative or a non-finite entry.
    TypeError
        If ``n`` is not an integer, ``directed`` is not a bool, or ``edges``
        / ``weights`` are not array-like of numbers.

    Examples
    --------
    >>> adjacency_from_edges(3, [(0, 1), (1, 2)]).tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    >>> adjacency_from_edges(2, [(0, 1)], [2.5], directed=True).tolist()
    [[0.0, 2.5], [0.0, 0.0]]
    """
    n_ = integer_at_least(n, "n", 1)
    directed_: object = directed  # checked at run time
    if not isinstance(directed_, (bool, np.bool_)):
        msg = f"`directed` must be a bool; got {type(directed_).__name__}"
        raise TypeError(msg)
    if isinstance(edges, (list, tuple)) and len(edges) == 0:
        E = np.zeros((0, 2))
    else:
        E = as_float_array(edges, "edges")
    if E.ndim != 2 or E.shape[1] != 2:
        msg = f"`edges` must have shape (m, 2), one (i, j) pair per row; got shape {E.shape}"
        raise ValueError(msg)
    if np.any(np.round(E) != E) or np.any(E < 0) or np.any(n_ - 1 < E):
        msg = f"`edges` must hold integer vertex labels in 0..{n_ - 1}; got {E.tolist()}"
        raise ValueError(msg)
    m = E.shape[0]
    if weights is None:
        w = np.ones(m)
    else:
        w = as_vector(weights, "weights")
        if w.shape[0] != m:
            msg = f"`weights` must have one entry per edge ({m}); got length {w.shape[0]}"
            raise ValueError(msg)
        if np.any(w < 0.0):
            msg = f"`weights` must be non-negative; got minimum {float(w.min())!r}"
            raise ValueError(msg)
    i, j = E[:, 0].astype(np.intp), E[:, 1].astype(np.intp)
    A = np.zeros((n_, n_))
    np.add.at(A, (i, j), w)  # add.at: repeated edges accumulate
    if not directed:
        off = i != j  # a self-loop is its own mirror image: add it once
        np.add.at(A, (j[off], i[off]), w[off])
    return A


def degree_matrix(A: ArrayLike) -> FloatArray:
    r"""Diagonal matrix of (weighted, out-) degrees :math:`D_{ii} = \sum_j A_{ij}`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Non-negative adjacency matrix (directed graphs allowed: the degree is
        then the out-degree, the row sum).

    Returns
    -------
    ndarray, shape (n, n)
        :math:`D = \operatorname{diag}(A \mathbf{1})`.

    Raises
    ------
    ValueError
        If ``A`` is not a finite square matrix with non-negative entries.
    TypeError
        If ``A`` is not array-like of numbers.

    Examples
    --------
    >>> degree_matrix([[0, 1, 1], [1, 0, 0], [1, 0, 0]]).diagonal().tolist()
    [2.0, 1.0, 1.0]
    """
    A_ = _adjacency(A, symmetric=False)
    return np.diag(A_.sum(axis=1))


def laplacian(A: ArrayLike, kind: LaplacianKind = "combinatorial") -> FloatArray:
    r"""Graph Laplacian of an undirected graph: combinatorial or normalised.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency matrix.
    kind : {"combinatorial", "symmetric", "random_walk"}
        Which Laplacian (see Notes).

    Returns
    -------
    ndarray, shape (n, n)
        The Laplacian.

    Raises
    ------
    ValueError
        If ``A`` is not a finite, square, symmetric, non-negative matrix, or
        ``kind`` is unknown.
    TypeError
        If ``A`` is not array-like of numbers.

    Notes
    -----
    With :math:`D = \operatorname{diag}(A\mathbf 1)`,

    .. math:: L = D - A, \qquad
              L_{\mathrm{sym}} = D^{-1/2} L D^{-1/2}, \qquad
              L_{\mathrm{rw}} = D^{-1} L .

    For a graph without isolated vertices
    :math:`L_{\mathrm{sym}} = I - D^{-1/2} A D^{-1/2}` and
    :math:`L_{\mathrm{rw}} = I - D^{-1} A`. An isolated vertex
    (:math:`d_i = 0`) has a zero row in :math:`L`; the normalised versions
    keep it zero (:math:`d_i^{-1/2}` and :math:`d_i^{-1}` are taken as 0), the
    convention of ``scipy.sparse.csgraph.laplacian(normed=True)``.
    Self-loops cancel in :math:`L`: they change no difference
    :math:`x_i - x_j`.

    References
    ----------
    F. R. K. Chung, *Spectral Graph Theory*, AMS, 1997, ch. 1.
    U. von Luxburg, "A tutorial on spectral clustering", *Statistics and
    Computing* 17, 2007, §3.

    Examples
    --------
    >>> A = [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    >>> laplacian(A).tolist()
    [[1.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 1.0]]
    >>> laplacian(A, "random_walk").tolist()
    [[1.0, -1.0, 0.0], [-0.5, 1.0, -0.5], [0.0, -1.0, 1.0]]
    """
    A_ = _adjacency(A, symmetric=True)
    if kind not in _LAPLACIANS:
        msg = f"`kind` must be one of {_LAPLACIANS}; got {kind!r}"
        raise ValueError(msg)
    d = A_.sum(axis=1)
    L = np.diag(d) - A_
    if kind == "symmetric":
        s = _inv_sqrt_degrees(d)
        return s[:, None] * L * s[None, :]  # D^{-1/2} L D^{-1/2}
    if kind == "random_walk":
        inv = np.where(d > 0.0, 1.0 / np.where(d > 0.0, d, 1.0), 0.0)
        return inv[:, None] * L  # D^{-1} L
    return L


def laplacian_quadratic_form(A: ArrayLike, x: ArrayLike) -> float:
    r"""The Laplacian energy :math:`\tfrac12 \sum_{i,j} A_{ij} (x_i - x_j)^2`, edge by edge.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency matrix.
    x : array_like, shape (n,)
        A value on each vertex.

    Returns
    -------
    float
        The sum over edges of weight times squared difference; equals
        :math:`x^\top L x` with :math:`L = D - A`.

    Raises
    ------
    ValueError
        If ``A`` is not a finite, square, symmetric, non-negative matrix, or
        ``x`` is not a finite vector of length ``n``.
    TypeError
        If ``A`` or ``x`` is not array-like of numbers.

    Notes
    -----
    .. math:: x^\top L x = \sum_i d_i x_i^2 - \sum_{i,j} A_{ij} x_i x_j
              = \frac12 \sum_{i,j} A_{ij} (x_i - x_j)^2 \;\ge\; 0 .

    The right-hand side is computed here directly, so it is a check of
    :func:`laplacian`, not a copy of it.

    Examples
    --------
    >>> laplacian_quadratic_form([[0, 2], [2, 0]], [1.0, 4.0])
    18.0
    """
    A_ = _adjacency(A, symmetric=True)
    x_ = as_vector(x, "x")
    if x_.shape[0] != A_.shape[0]:
        msg = f"`x` must have one value per vertex ({A_.shape[0]}); got length {x_.shape[0]}"
        raise ValueError(msg)
    diff = x_[:, None] - x_[None, :]  # (n, n): x_i - x_j
    return float(0.5 * np.sum(A_ * diff**2))


def connected_components(A: ArrayLike) -> tuple[int, np.ndarray]:
    r"""Connected components of an undirected graph, by breadth-first search.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency matrix; ``A[i, j] > 0`` is an edge.

    Returns
    -------
    n_components : int
        Number of connected components.
    labels : ndarray of int, shape (n,)
        Component of each vertex, numbered ``0, 1, ...`` in the order of
        their smallest vertex.

    Raises
    ------
    ValueError
        If ``A`` is not a finite, square, symmetric, non-negative matrix.
    TypeError
        If ``A`` is not array-like of numbers.

    Notes
    -----
    Each unvisited vertex starts a new component; a queue then visits every
    vertex reachable from it. Every vertex and edge is handled once:
    :math:`O(n^2)` work on a dense matrix.

    Examples
    --------
    >>> A = [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    >>> k, labels = connected_components(A)
    >>> k, labels.tolist()
    (3, [0, 0, 1, 2])
    """
    A_ = _adjacency(A, symmetric=True)
    n = A_.shape[0]
    neighbours = [np.flatnonzero(row) for row in A_ > 0.0]
    labels = np.full(n, -1, dtype=np.int64)
    count = 0
    for start in range(n):
        if labels[start] >= 0:
            continue
        labels[start] = count
        queue = deque([start])
        while queue:
            u = queue.popleft()
            for v in neighbours[u]:
                if labels[v] < 0:
                    labels[v] = count
                    queue.append(int(v))
        count += 1
    return count, labels


# ---------------------------------------------------------------------------
# spectral embedding and clustering
# ---------------------------------------------------------------------------


def spectral_embedding(
    A: ArrayLike, k: int, *, kind: LaplacianKind = "symmetric"
) -> tuple[FloatArray, FloatArray]:
    r"""The ``k`` smallest eigenvalues of a Laplacian and their eigenvectors.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency matrix.
    k : int
        Number of eigenpairs, ``1 <= k <= n``.
    kind : {"symmetric", "combinatorial"}
        Which (symmetric) Laplacian to decompose; see :func:`laplacian`.

    Returns
    -------
    eigenvalues : ndarray, shape (k,)
        In ascending order.
    U : ndarray, shape (n, k)
        Orthonormal eigenvectors as columns; the entry of largest absolute
        value in each column is made positive, so the result is reproducible.

    Raises
    ------
    ValueError
        If ``A`` is not a finite, square, symmetric, non-negative matrix,
        ``k`` is out of range, or ``kind`` is not one of the two.
    TypeError
        If ``A`` is not array-like of numbers or ``k`` is not an integer.

    Notes
    -----
    The eigenvectors minimise the Laplacian energy (Courant–Fischer):
    column :math:`j` solves :math:`\min x^\top L x` over unit vectors
    orthogonal to the previous columns. For ``k = 2`` and the combinatorial
    Laplacian the second column is the *Fiedler vector*. The decomposition
    is LAPACK's ``numpy.linalg.eigh``: the Jacobi method
    :func:`aimath.decomposition.eig_sym` gives the same result but costs
    seconds for a few hundred vertices.

    Examples
    --------
    >>> lam, U = spectral_embedding([[0, 1], [1, 0]], 2, kind="combinatorial")
    >>> lam.round(12).tolist()
    [0.0, 2.0]
    >>> U.round(6).tolist()
    [[0.707107, 0.707107], [0.707107, -0.707107]]
    """
    if kind not in ("symmetric", "combinatorial"):
        msg = f"`kind` must be 'symmetric' or 'combinatorial'; got {kind!r}"
        raise ValueError(msg)
    L = laplacian(A, kind)
    k_ = integer_at_least(k, "k", 1, L.shape[0])
    eigenvalues, vectors = np.linalg.eigh(L)
    U = vectors[:, :k_]
    idx = np.argmax(np.abs(U), axis=0)  # first index on a tie
    signs = np.where(U[idx, np.arange(k_)] < 0.0, -1.0, 1.0)
    return eigenvalues[:k_] + 0.0, U * signs  # + 0.0 turns -0.0 into 0.0


def _kmeans_pp(X: FloatArray, k: int, rng: np.random.Generator) -> FloatArray:
    """k-means++ seeding: each new centre drawn with probability ∝ squared distance."""
    n = X.shape[0]
    centers = [X[rng.integers(n)]]
    for _ in range(1, k):
        d2 = np.min([np.sum((X - c) ** 2, axis=1) for c in centers], axis=0)
        total = float(d2.sum())
        # all points coincide with a centre: any point will do
        p = d2 / total if total > 0.0 else np.full(n, 1.0 / n)
        centers.append(X[rng.choice(n, p=p)])
    return np.array(centers)


def kmeans(
    X: ArrayLike,
    k: int,
    *,
    rng: np.random.Generator | None = None,
    n_init: int = 10,
    max_iter: int = 300,
) -> tuple[np.ndarray, FloatArray, float]:
    r"""k-means clustering: k-means++ seeding, then Lloyd's iterations.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Points as rows.
    k : int
        Number of clusters, ``1 <= k <= n``.
    rng : numpy.random.Generator, optional
        Source of the random seeding; ``default_rng(0)`` if omitted, so the
        result is reproducible.
    n_init : int, optional
        Number of independent seedings; the run with the smallest inertia
        is kept. Default 10.
    max_iter : int, optional
        Maximum Lloyd iterations per run. Default 300.

    Returns
    -------
    labels : ndarray of int, shape (n,)
        Cluster of each point, numbered in order of first appearance
        (point 0 is in cluster 0).
    centers : ndarray, shape (k, d)
        Cluster means, in the order of ``labels``.
    inertia : float
        :math:`\sum_i \lVert x_i - c_{\ell(i)} \rVert_2^2`.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D matrix, or ``k``, ``n_init`` or
        ``max_iter`` is out of range.
    TypeError
        If ``X`` is not array-like of numbers, ``k``, ``n_init`` or
        ``max_iter`` is not an integer, or ``rng`` is not a Generator.

    Notes
    -----
    *Seeding* (k-means++, Arthur and Vassilvitskii 2007): the first centre is
    a uniformly random point; each next one is a point drawn with probability
    proportional to its squared distance to the nearest centre so far.
    *Lloyd's iteration* then alternates

    .. math:: \ell(i) = \arg\min_j \lVert x_i - c_j \rVert_2^2, \qquad
              c_j = \operatorname{mean}\{x_i : \ell(i) = j\},

    until no label changes; neither step can raise the inertia. A cluster
    that empties is re-seeded at the point farthest from its centre.

    Examples
    --------
    >>> labels, centers, inertia = kmeans([[0.0], [0.2], [5.0], [5.2]], 2)
    >>> labels.tolist(), centers.round(6).ravel().tolist(), round(inertia, 12)
    ([0, 0, 1, 1], [0.1, 5.1], 0.04)
    """
    X_ = as_matrix(X, "X")
    n = X_.shape[0]
    k_ = integer_at_least(k, "k", 1, n)
    n_init_ = integer_at_least(n_init, "n_init", 1)
    max_iter_ = integer_at_least(max_iter, "max_iter", 1)
    gen = _rng_arg(rng)
    best: tuple[float, np.ndarray, FloatArray] | None = None
    for _ in range(n_init_):
        C = _kmeans_pp(X_, k_, gen)
        labels = np.full(n, -1)
        for _ in range(max_iter_):
            d2 = np.sum((X_[:, None, :] - C[None, :, :]) ** 2, axis=2)  # (n, k)
            new = np.argmin(d2, axis=1)
            if np.array_equal(new, labels):
                break
            labels = new
            for j in range(k_):
                members = X_[labels == j]
                if members.shape[0] == 0:  # empty cluster: restart it at the worst point
                    far = int(np.argmax(d2[np.arange(n), labels]))
                    C[j] = X_[far]
                else:
                    C[j] = members.mean(axis=0)
        inertia = float(np.sum((X_ - C[labels]) ** 2))
        if best is None or inertia < best[0]:
            best = (inertia, labels.copy(), C.copy())
    assert best is not None  # n_init >= 1
    inertia, labels, C = best
    # renumber clusters in order of first appearance: a canonical labelling
    _, first = np.unique(labels, return_index=True)
    order = np.unique(labels)[np.argsort(first)]
    relabel = np.empty(k_, dtype=np.int64)
    relabel[order] = np.arange(order.size)
    unused = np.setdiff1d(np.arange(k_), order)  # can only occur for duplicate points
    relabel[unused] = np.arange(order.size, k_)
    centers = np.empty_like(C)
    centers[relabel] = C
    return relabel[labels], centers, inertia


def spectral_clustering(
    A: ArrayLike, k: int, *, rng: np.random.Generator | None = None, n_init: int = 10
) -> np.ndarray:
    r"""Normalised spectral clustering (Ng, Jordan and Weiss) of an undirected graph.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency (affinity) matrix.
    k : int
        Number of clusters, ``1 <= k <= n``.
    rng : numpy.random.Generator, optional
        Source of the k-means seeding; ``default_rng(0)`` if omitted.
    n_init : int, optional
        Number of k-means seedings (see :func:`kmeans`). Default 10.

    Returns
    -------
    ndarray of int, shape (n,)
        Cluster of each vertex, numbered in order of first appearance.

    Raises
    ------
    ValueError
        If ``A`` is not a finite, square, symmetric, non-negative matrix, or
        ``k`` or ``n_init`` is out of range.
    TypeError
        If ``A`` is not array-like of numbers, ``k`` or ``n_init`` is not an
        integer, or ``rng`` is not a Generator.

    Notes
    -----
    1. :math:`U \in \mathbb R^{n \times k}`: eigenvectors of the ``k``
       smallest eigenvalues of :math:`L_{\mathrm{sym}}`
       (:func:`spectral_embedding`).
    2. Normalise each row of :math:`U` to unit length (a zero row, from an
       isolated vertex, stays zero).
    3. Cluster the rows with :func:`kmeans`.

    For ``k`` well-separated clusters :math:`L_{\mathrm{sym}}` has ``k``
    eigenvalues near 0 and the normalised rows of one cluster nearly
    coincide, so k-means finds them easily.

    References
    ----------
    A. Y. Ng, M. I. Jordan and Y. Weiss, "On spectral clustering: analysis
    and an algorithm", NIPS 2001. U. von Luxburg, "A tutorial on spectral
    clustering", 2007, §4.

    Examples
    --------
    >>> A = adjacency_from_edges(6, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> spectral_clustering(A, 2).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    _, U = spectral_embedding(A, k, kind="symmetric")
    lengths = np.linalg.norm(U, axis=1, keepdims=True)
    rows = U / np.where(lengths > 0.0, lengths, 1.0)  # unit rows; zero rows stay zero
    labels, _, _ = kmeans(rows, U.shape[1], rng=rng, n_init=n_init)
    return labels


# ---------------------------------------------------------------------------
# random walks and PageRank
# ---------------------------------------------------------------------------


def transition_matrix(A: ArrayLike) -> FloatArray:
    r"""Random-walk transition matrix :math:`P = D^{-1} A` (rows sum to 1).

    Parameters
    ----------
    A : array_like, shape (n, n)
        Non-negative adjacency matrix (directed allowed) in which every
        vertex has an outgoing edge.

    Returns
    -------
    ndarray, shape (n, n)
        :math:`P_{ij} = A_{ij} / d_i`: the probability that a walker at
        ``i`` steps to ``j``.

    Raises
    ------
    ValueError
        If ``A`` is not a finite square non-negative matrix, or a vertex has
        no outgoing edge (its row of ``P`` would be 0/0; :func:`pagerank`
        handles such *dangling* vertices).
    TypeError
        If ``A`` is not array-like of numbers.

    Examples
    --------
    >>> transition_matrix([[0, 1, 1], [1, 0, 0], [1, 0, 0]]).tolist()
    [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    """
    A_ = _adjacency(A, symmetric=False)
    d = A_.sum(axis=1)
    if np.any(d == 0.0):
        msg = (
            f"`A` must give every vertex an outgoing edge; vertex "
            f"{int(np.flatnonzero(d == 0.0)[0])} has none"
        )
        raise ValueError(msg)
    P: FloatArray = A_ / d[:, None]
    return P


def random_walk(A: ArrayLike, p0: ArrayLike, steps: int) -> FloatArray:
    r"""Distributions of a random walk: :math:`p_{t+1}^\top = p_t^\top P`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Adjacency matrix as in :func:`transition_matrix`.
    p0 : array_like, shape (n,)
        Starting distribution: non-negative, summing to 1.
    steps : int
        Number of steps, ``>= 0``.

    Returns
    -------
    ndarray, shape (steps + 1, n)
        Row ``t`` is the distribution of the walker after ``t`` steps.

    Raises
    ------
    ValueError
        If ``A`` is invalid (see :func:`transition_matrix`), ``p0`` is not a
        probability vector of length ``n``, or ``steps < 0``.
    TypeError
        If ``A`` or ``p0`` is not array-like of numbers or ``steps`` is not
        an integer.

    Notes
    -----
    On a connected, non-bipartite undirected graph the walk forgets its
    start: :math:`p_t \to \pi` with :math:`\pi_i = d_i / \sum_j d_j`, the
    unique stationary distribution :math:`\pi^\top P = \pi^\top`.

    Examples
    --------
    >>> random_walk([[0, 1], [1, 0]], [1.0, 0.0], 3).tolist()
    [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]
    """
    P = transition_matrix(A)
    p = as_vector(p0, "p0")
    if p.shape[0] != P.shape[0]:
        msg = f"`p0` must have one entry per vertex ({P.shape[0]}); got length {p.shape[0]}"
        raise ValueError(msg)
    if np.any(p < 0.0) or abs(float(p.sum()) - 1.0) > PROB_ATOL:
        msg = f"`p0` must be a probability vector (>= 0, sum 1); got sum {float(p.sum())!r}"
        raise ValueError(msg)
    steps_ = integer_at_least(steps, "steps", 0)
    out = np.empty((steps_ + 1, p.shape[0]))
    out[0] = p
    for t in range(steps_):
        out[t + 1] = out[t] @ P  # row vector times P
    return out


def _damping_arg(damping: object) -> float:
    d = finite_scalar(damping, "damping")
    if not 0.0 < d < 1.0:
        msg = f"`damping` must lie strictly between 0 and 1; got {d!r}"
        raise ValueError(msg)
    return d


def _stochastic_with_dangling(A_: FloatArray) -> FloatArray:
    """:math:`D^{-1}A` with each dangling row (no out-edges) replaced by uniform 1/n."""
    n = A_.shape[0]
    d = A_.sum(axis=1)
    P = np.full((n, n), 1.0 / n)
    out = d > 0.0
    P[out] = A_[out] / d[out, None]
    return P


def google_matrix(A: ArrayLike, damping: float = 0.85) -> FloatArray:
    r"""The Google matrix of a directed graph: the PageRank surfer's transition matrix.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Non-negative adjacency matrix of a directed graph: ``A[i, j]`` is
        the weight of the link :math:`i \to j`.
    damping : float, optional
        :math:`\alpha`, strictly between 0 and 1. Default 0.85.

    Returns
    -------
    ndarray, shape (n, n)
        Row-stochastic, with every entry at least :math:`(1 - \alpha)/n`.

    Raises
    ------
    ValueError
        If ``A`` is not a finite square non-negative matrix or ``damping``
        is not in (0, 1).
    TypeError
        If ``A`` is not array-like of numbers or ``damping`` is not a real
        number.

    Notes
    -----
    :math:`\bar P` is :math:`D^{-1}A` with each *dangling* row (a vertex
    without out-links) replaced by the uniform row :math:`\tfrac1n
    \mathbf 1^\top`: a surfer stuck on such a page jumps anywhere. PageRank
    is the left eigenvector :math:`\pi^\top G = \pi^\top`. The dense
    :math:`G` is for checking :func:`pagerank`, which never forms it.

    Examples
    --------
    >>> google_matrix([[0, 1], [0, 0]], damping=0.5).tolist()
    [[0.25, 0.75], [0.5, 0.5]]
    """
    A_ = _adjacency(A, symmetric=False)
    alpha = _damping_arg(damping)
    n = A_.shape[0]
    G: FloatArray = alpha * _stochastic_with_dangling(A_) + (1.0 - alpha) / n
    return G


def pagerank(
    A: ArrayLike, damping: float = 0.85, *, tol: float = 1e-12, max_iter: int = 1000
) -> tuple[FloatArray, int]:
    r"""PageRank by power iteration, with dangling vertices handled.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Non-negative adjacency matrix of a directed graph: ``A[i, j]`` is
        the weight of the link :math:`i \to j` (an undirected graph is the
        symmetric case).
    damping : float, optional
        :math:`\alpha`, the probability of following a link rather than
        jumping to a uniformly random vertex; strictly between 0 and 1.
        Default 0.85.
    tol : float, optional
        Stop when :math:`\lVert x_{k+1} - x_k \rVert_1 \le` ``tol``.
        Default ``1e-12``.
    max_iter : int, optional
        Maximum number of iterations. Default 1000.

    Returns
    -------
    scores : ndarray, shape (n,)
        The PageRank vector: positive, summing to 1.
    iterations : int
        Number of iterations used.

    Raises
    ------
    ValueError
        If ``A`` is not a finite square non-negative matrix, ``damping`` is
        not in (0, 1), ``tol`` is not positive, ``max_iter < 1``, or the
        iteration has not reached ``tol`` after ``max_iter`` steps.
    TypeError
        If ``A`` is not array-like of numbers, ``damping`` or ``tol`` is not
        a real number, or ``max_iter`` is not an integer.

    Notes
    -----
    Starting from the uniform :math:`x_0 = \tfrac1n \mathbf 1`, one step is
    :math:`x_{k+1}^\top = x_k^\top G` with :math:`G` from
    :func:`google_matrix`, computed without forming :math:`G`:

    .. math:: x_{k+1} = \alpha P^\top x_k
              + \frac{\alpha}{n} \sum_{i\ \mathrm{dangling}} (x_k)_i
              + \frac{1 - \alpha}{n} ,

    where :math:`P` is :math:`D^{-1}A` with dangling rows left at zero. The
    mass a dangling vertex holds is spread uniformly, so
    :math:`\sum_i (x_k)_i = 1` at every step. :math:`G` maps the difference
    of two distributions to one at most :math:`\alpha` times as large in
    :math:`\lVert\cdot\rVert_1`, so the error after :math:`k` steps is at
    most :math:`2\alpha^k`.

    References
    ----------
    L. Page, S. Brin, R. Motwani and T. Winograd, "The PageRank citation
    ranking: bringing order to the web", Stanford InfoLab, 1999.

    Examples
    --------
    >>> scores, iters = pagerank([[0, 1], [1, 0]])
    >>> scores.tolist()
    [0.5, 0.5]
    """
    A_ = _adjacency(A, symmetric=False)
    alpha = _damping_arg(damping)
    tol_ = finite_scalar(tol, "tol")
    if tol_ <= 0.0:
        msg = f"`tol` must be positive; got {tol_!r}"
        raise ValueError(msg)
    max_iter_ = integer_at_least(max_iter, "max_iter", 1)
    n = A_.shape[0]
    d = A_.sum(axis=1)
    dangling = d == 0.0
    P = np.zeros_like(A_)
    P[~dangling] = A_[~dangling] / d[~dangling, None]
    x = np.full(n, 1.0 / n)
    for k in range(1, max_iter_ + 1):
        x_new = alpha * (P.T @ x) + (alpha * float(x[dangling].sum()) + 1.0 - alpha) / n
        x_new /= x_new.sum()  # mass is conserved exactly in theory; remove rounding drift
        change = float(np.abs(x_new - x).sum())
        x = x_new
        if change <= tol_:
            return x, k
    msg = (
        f"PageRank did not reach `tol` = {tol_:g} within `max_iter` = {max_iter_} "
        f"iterations (last change {change:.3g})"
    )
    raise ValueError(msg)


# ---------------------------------------------------------------------------
# graph convolutional networks
# ---------------------------------------------------------------------------


def gcn_normalize(A: ArrayLike) -> FloatArray:
    r"""Renormalised GCN propagation matrix :math:`\hat D^{-1/2} \hat A \hat D^{-1/2}`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency matrix, usually without self-loops.

    Returns
    -------
    ndarray, shape (n, n)
        :math:`\hat D^{-1/2} \hat A \hat D^{-1/2}` with :math:`\hat A = A + I`
        and :math:`\hat D = \operatorname{diag}(\hat A \mathbf 1)`.

    Raises
    ------
    ValueError
        If ``A`` is not a finite, square, symmetric, non-negative matrix.
    TypeError
        If ``A`` is not array-like of numbers.

    Notes
    -----
    The self-loop keeps a node's own features in its update, and makes
    every :math:`\hat d_i \ge 1`, so no division by zero. The symmetric
    scaling gives edge :math:`(i, j)` the weight
    :math:`\hat A_{ij} / \sqrt{\hat d_i \hat d_j}`; the eigenvalues of the
    result lie in :math:`(-1, 1]`, so repeated layers do not blow up.

    References
    ----------
    T. N. Kipf and M. Welling, "Semi-supervised classification with graph
    convolutional networks", ICLR 2017, eq. (2).

    Examples
    --------
    >>> gcn_normalize([[0, 1], [1, 0]]).round(12).tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """
    A_ = _adjacency(A, symmetric=True)
    A_hat = A_ + np.eye(A_.shape[0])
    s = 1.0 / np.sqrt(A_hat.sum(axis=1))  # d_hat >= 1
    A_norm: FloatArray = s[:, None] * A_hat * s[None, :]
    return A_norm


def gcn_propagate(
    A: ArrayLike, H: ArrayLike, W: ArrayLike, *, activation: str = "relu"
) -> FloatArray:
    r"""One graph-convolution layer :math:`\sigma(\hat D^{-1/2} \hat A \hat D^{-1/2} H W)`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency matrix.
    H : array_like, shape (n, f_in)
        Node features, one row per vertex.
    W : array_like, shape (f_in, f_out)
        Layer weights, shared by all vertices.
    activation : {"relu", "none"}
        :math:`\sigma`. Default ``"relu"``.

    Returns
    -------
    ndarray, shape (n, f_out)
        New node features.

    Raises
    ------
    ValueError
        If ``A`` is invalid (see :func:`gcn_normalize`), ``H`` does not have
        ``n`` rows, ``W`` does not have ``f_in`` rows, or ``activation`` is
        unknown.
    TypeError
        If an array argument is not array-like of numbers.

    Notes
    -----
    Row by row, vertex :math:`i` averages the transformed features of its
    neighbours and itself:

    .. math:: h_i' = \sigma\Bigl( \sum_{j \in N(i) \cup \{i\}}
              \frac{\hat A_{ij}}{\sqrt{\hat d_i \hat d_j}} \, h_j W \Bigr) .

    References
    ----------
    T. N. Kipf and M. Welling, ICLR 2017, eq. (2).

    Examples
    --------
    >>> gcn_propagate([[0, 1], [1, 0]], [[1.0], [3.0]], [[1.0, -1.0]]).round(12).tolist()
    [[2.0, 0.0], [2.0, 0.0]]
    """
    A_norm = gcn_normalize(A)
    H_ = as_matrix(H, "H")
    W_ = as_matrix(W, "W")
    n = A_norm.shape[0]
    if H_.shape[0] != n:
        msg = f"`H` must have one row per vertex ({n}); got shape {H_.shape}"
        raise ValueError(msg)
    if W_.shape[0] != H_.shape[1]:
        msg = f"`W` must have {H_.shape[1]} rows to match the columns of `H`; got shape {W_.shape}"
        raise ValueError(msg)
    if activation not in ("relu", "none"):
        msg = f"`activation` must be 'relu' or 'none'; got {activation!r}"
        raise ValueError(msg)
    Z = A_norm @ H_ @ W_  # (n, f_out)
    return np.maximum(Z, 0.0) if activation == "relu" else Z


# ---------------------------------------------------------------------------
# random graphs
# ---------------------------------------------------------------------------


def planted_partition(
    sizes: ArrayLike,
    p_in: float,
    p_out: float,
    *,
    rng: np.random.Generator | None = None,
) -> tuple[FloatArray, np.ndarray]:
    r"""A stochastic block model with equal in- and between-block edge probabilities.

    Parameters
    ----------
    sizes : array_like of int, shape (k,)
        Number of vertices in each block (each at least 1).
    p_in : float
        Probability of an edge between two vertices of the same block.
    p_out : float
        Probability of an edge between vertices of different blocks.
    rng : numpy.random.Generator, optional
        Source of randomness; ``default_rng(0)`` if omitted.

    Returns
    -------
    A : ndarray, shape (n, n)
        Symmetric 0/1 adjacency matrix without self-loops,
        ``n = sum(sizes)``.
    labels : ndarray of int, shape (n,)
        The planted block of each vertex: ``0`` for the first ``sizes[0]``
        vertices, and so on.

    Raises
    ------
    ValueError
        If ``sizes`` is not a finite 1-D array of positive integers, or a
        probability is outside ``[0, 1]``.
    TypeError
        If ``sizes`` is not array-like of numbers, a probability is not a
        real number, or ``rng`` is not a Generator.

    Notes
    -----
    Each of the :math:`\binom n2` pairs is an edge independently, with
    probability ``p_in`` inside a block and ``p_out`` across. With
    ``p_in > p_out`` the blocks are *communities*, the ground truth a
    clustering method should recover.

    References
    ----------
    P. W. Holland, K. B. Laskey and S. Leinhardt, "Stochastic blockmodels:
    first steps", *Social Networks* 5, 1983.

    Examples
    --------
    >>> A, labels = planted_partition([2, 2], 1.0, 0.0)
    >>> A.astype(int).tolist()
    [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]
    >>> labels.tolist()
    [0, 0, 1, 1]
    """
    s = as_vector(sizes, "sizes")
    if np.any(s != np.round(s)) or np.any(s < 1):
        msg = f"`sizes` must be positive integers; got {s.tolist()}"
        raise ValueError(msg)
    probs = []
    for value, name in ((p_in, "p_in"), (p_out, "p_out")):
        p = finite_scalar(value, name)
        if not 0.0 <= p <= 1.0:
            msg = f"`{name}` must be a probability in [0, 1]; got {p!r}"
            raise ValueError(msg)
        probs.append(p)
    gen = _rng_arg(rng)
    labels = np.repeat(np.arange(s.size), s.astype(np.int64))
    n = labels.size
    same = labels[:, None] == labels[None, :]
    prob = np.where(same, probs[0], probs[1])
    upper = np.triu(gen.random((n, n)) < prob, k=1)  # each pair i < j once
    A = (upper | upper.T).astype(np.float64)
    return A, labels
