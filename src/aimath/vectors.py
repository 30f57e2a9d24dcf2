"""Vectors and matrices: the objects every neural network is made of.

The functions here are deliberately plain. Each one implements one formula of
chapter 1 of the book, in a form that reads like the formula, and is checked
against NumPy (and, in the tests, against torch).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_float_array,
    as_matrix,
    as_vector,
    euclidean_length,
    finite_scalar,
    nonzero_norm,
    same_length,
)

__all__ = [
    "collapse_linear_layers",
    "cosine_similarity",
    "det2",
    "dot",
    "inverse2",
    "is_linearly_independent",
    "linear_layer",
    "matmul",
    "most_similar",
    "neuron",
    "norm",
    "polygon_area",
    "rank",
    "relu",
    "transform_points",
]


def _as_list(items: Sequence[ArrayLike], name: str) -> list[ArrayLike]:
    """The entries of a sequence of arrays as a list, or a TypeError naming ``name``."""
    # a string or a mapping iterates, but over characters or keys, never arrays
    if isinstance(items, (str, bytes, Mapping)) or items is None:
        msg = f"`{name}` must be a sequence of arrays; got {type(items).__name__}"
        raise TypeError(msg)
    try:
        return list(items)
    except TypeError:  # not iterable, e.g. a number or a 0-d array
        msg = f"`{name}` must be a sequence of arrays; got {type(items).__name__}"
        raise TypeError(msg) from None


def dot(a: ArrayLike, b: ArrayLike) -> float:
    r"""Dot product of two vectors of equal length.

    Parameters
    ----------
    a, b : array_like, shape (n,)
        Finite vectors of the same length.

    Returns
    -------
    float
        :math:`\sum_i a_i b_i`.

    Raises
    ------
    ValueError
        If either input is not a non-empty finite 1-D vector, or the lengths differ.

    Notes
    -----
    .. math:: a \cdot b = \sum_{i=1}^{n} a_i b_i = \lVert a\rVert\,\lVert b\rVert\cos\theta

    References
    ----------
    G. Strang, *Introduction to Linear Algebra*, 5th ed., §1.2.

    Examples
    --------
    >>> dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
    32.0
    """
    a_ = as_vector(a, "a")
    b_ = as_vector(b, "b")
    same_length(a_, b_, "a", "b")
    return float(np.sum(a_ * b_))


def norm(v: ArrayLike) -> float:
    r"""Euclidean length of a vector.

    Parameters
    ----------
    v : array_like, shape (n,)
        A finite vector.

    Returns
    -------
    float
        :math:`\lVert v\rVert_2 = \sqrt{v \cdot v}`.

    Raises
    ------
    ValueError
        If ``v`` is not a non-empty finite 1-D vector.

    Notes
    -----
    .. math:: \lVert v\rVert_2 = \sqrt{\textstyle\sum_i v_i^2}

    Chapter 3 generalises this to the :math:`L_p` norms.

    Examples
    --------
    >>> norm([3.0, 4.0])
    5.0
    """
    # computed with the largest entry factored out, so the squares of very
    # large or very small entries cannot overflow or underflow
    return euclidean_length(as_vector(v, "v"))


def cosine_similarity(a: ArrayLike, b: ArrayLike) -> float:
    r"""Cosine of the angle between two non-zero vectors.

    Parameters
    ----------
    a, b : array_like, shape (n,)
        Finite, non-zero vectors of the same length.

    Returns
    -------
    float
        A number in :math:`[-1, 1]`: 1 for the same direction, 0 for
        orthogonal vectors, -1 for opposite directions.

    Raises
    ------
    ValueError
        If the inputs are not finite 1-D vectors of equal length, or either is
        the zero vector (whose direction is undefined).

    Notes
    -----
    .. math:: \cos\theta = \frac{a \cdot b}{\lVert a\rVert\,\lVert b\rVert}

    Both vectors are scaled to unit length before the dot product, so very
    large or very small entries neither overflow nor underflow. The result is
    clipped to :math:`[-1, 1]` so that rounding cannot produce an impossible
    cosine such as ``1.0000000000000002``.

    Examples
    --------
    >>> cosine_similarity([1.0, 0.0], [0.0, 2.0])
    0.0
    >>> cosine_similarity([3.0, 4.0], [4.0, 3.0])
    0.96
    """
    a_ = as_vector(a, "a")
    b_ = as_vector(b, "b")
    same_length(a_, b_, "a", "b")
    # normalise first: a_ @ b_ itself could overflow for huge entries
    a_hat = a_ / nonzero_norm(a_, "a")
    b_hat = b_ / nonzero_norm(b_, "b")
    return float(np.clip(np.sum(a_hat * b_hat), -1.0, 1.0))


def most_similar(
    query: ArrayLike,
    candidates: Mapping[str, ArrayLike],
    *,
    exclude: Sequence[str] = (),
) -> list[tuple[str, float]]:
    """Rank named vectors by cosine similarity to a query vector.

    Parameters
    ----------
    query : array_like, shape (n,)
        The vector to compare against.
    candidates : mapping of str to array_like, shape (n,)
        Named vectors, e.g. a toy embedding table.
    exclude : sequence of str, optional
        Names to leave out of the ranking (for analogies, the input words).

    Returns
    -------
    list of (str, float)
        ``(name, cosine)`` pairs, most similar first.

    Raises
    ------
    ValueError
        If no candidate is left after ``exclude``, if ``exclude`` names a word
        that is not a candidate, or if ``query`` or a ranked candidate is not a
        finite non-zero vector of the common length (the message names it, e.g.
        ``candidates['x']``).
    TypeError
        If ``candidates`` is not a mapping, or ``query`` or a ranked candidate
        is not array-like of numbers.

    Examples
    --------
    >>> table = {"x": [1.0, 0.0], "y": [0.0, 1.0], "xy": [1.0, 1.0]}
    >>> [name for name, _ in most_similar([1.0, 0.1], table)]
    ['x', 'xy', 'y']
    """
    given: object = candidates  # checked at run time: a list of vectors is a common slip
    if not isinstance(given, Mapping):
        msg = f"`candidates` must be a mapping of names to vectors; got {type(given).__name__}"
        raise TypeError(msg)
    unknown = sorted(set(exclude) - set(candidates))
    if unknown:
        msg = f"`exclude` names words that are not candidates: {unknown}"
        raise ValueError(msg)
    q = as_vector(query, "query")
    nonzero_norm(q, "query")
    scored = []
    for name, vec in candidates.items():
        if name in exclude:
            continue
        label = f"candidates[{name!r}]"  # quoted as the caller indexes it
        v = as_vector(vec, label)
        same_length(q, v, "query", label)
        nonzero_norm(v, label)
        scored.append((name, cosine_similarity(q, v)))
    if not scored:
        msg = "`candidates` must hold at least one vector not in `exclude`"
        raise ValueError(msg)
    return sorted(scored, key=lambda pair: pair[1], reverse=True)


def neuron(w: ArrayLike, x: ArrayLike, b: float = 0.0) -> float:
    r"""Pre-activation of a single neuron: a dot product plus a bias.

    Parameters
    ----------
    w : array_like, shape (n,)
        Weights.
    x : array_like, shape (n,)
        Inputs.
    b : float, optional
        Bias (default 0).

    Returns
    -------
    float
        :math:`z = w \cdot x + b`.

    Raises
    ------
    ValueError
        If ``w`` and ``x`` are not non-empty finite 1-D vectors of equal length,
        or ``b`` is not finite.
    TypeError
        If ``w`` or ``x`` is not array-like of numbers, or ``b`` is not a real number.

    Examples
    --------
    >>> neuron([1.0, -1.0], [2.0, 3.0], b=0.5)
    -0.5
    """
    # validated here, under their own names: dot() would call them `a` and `b`
    w_ = as_vector(w, "w")
    x_ = as_vector(x, "x")
    same_length(w_, x_, "w", "x")
    return dot(w_, x_) + finite_scalar(b, "b")


def relu(x: ArrayLike) -> FloatArray:
    r"""Rectified linear unit, applied elementwise.

    Parameters
    ----------
    x : array_like
        Finite numbers of any shape.

    Returns
    -------
    ndarray
        :math:`\max(0, x)` with the shape of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN or inf.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 3.0]
    """
    return np.maximum(as_float_array(x, "x"), 0.0)


def matmul(A: ArrayLike, B: ArrayLike) -> FloatArray:
    r"""Matrix product computed entry by entry from its definition.

    This is the textbook triple loop, kept for teaching; it agrees with
    ``A @ B`` (checked in the tests) but is far slower.

    Parameters
    ----------
    A : array_like, shape (m, k)
    B : array_like, shape (k, n)

    Returns
    -------
    ndarray, shape (m, n)
        :math:`C = AB`.

    Raises
    ------
    ValueError
        If the inputs are not finite matrices or the inner dimensions differ.

    Notes
    -----
    .. math:: C_{ij} = \sum_{k} A_{ik} B_{kj}

    Examples
    --------
    >>> matmul([[1.0, 2.0]], [[3.0], [4.0]]).tolist()
    [[11.0]]
    """
    A_ = as_matrix(A, "A")
    B_ = as_matrix(B, "B")
    m, k = A_.shape
    if B_.shape[0] != k:
        msg = (
            f"inner dimensions must agree: `A` has {k} columns but `B` has "
            f"{B_.shape[0]} rows (shapes {A_.shape} and {B_.shape})"
        )
        raise ValueError(msg)
    n = B_.shape[1]
    C = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            C[i, j] = sum(A_[i, p] * B_[p, j] for p in range(k))
    return C


def linear_layer(x: ArrayLike, W: ArrayLike, b: ArrayLike | None = None) -> FloatArray:
    r"""Affine layer :math:`y = Wx + b`, for one input or a batch of inputs.

    Parameters
    ----------
    x : array_like, shape (n_in,) or (batch, n_in)
        One input vector, or a batch of them as rows.
    W : array_like, shape (n_out, n_in)
        Weight matrix, laid out as in ``torch.nn.Linear``.
    b : array_like, shape (n_out,), optional
        Bias; zero if omitted.

    Returns
    -------
    ndarray, shape (n_out,) or (batch, n_out)
        :math:`Wx + b`, or :math:`XW^\top + b` for a batch.

    Raises
    ------
    ValueError
        If shapes do not fit together or any input is not finite.

    Notes
    -----
    For a batch stored as rows of :math:`X`,

    .. math:: Y = X W^\top + \mathbf{1} b^\top,

    which is what ``torch.nn.Linear`` computes.

    Examples
    --------
    >>> W = [[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]
    >>> linear_layer([3.0, 4.0], W, b=[0.0, 0.0, 1.0]).tolist()
    [3.0, 8.0, 8.0]
    >>> linear_layer([[3.0, 4.0], [1.0, 0.0]], W).shape
    (2, 3)
    """
    x_ = as_float_array(x, "x")
    W_ = as_matrix(W, "W")
    if x_.ndim not in (1, 2):
        msg = f"`x` must be a vector or a batch matrix; got shape {x_.shape}"
        raise ValueError(msg)
    if x_.shape[-1] != W_.shape[1]:
        msg = (
            f"`x` has {x_.shape[-1]} features but `W` expects {W_.shape[1]} "
            f"(W has shape {W_.shape}; rows are outputs, columns are inputs)"
        )
        raise ValueError(msg)
    y = x_ @ W_.T  # (batch, n_out) or (n_out,)
    if b is None:
        return y
    b_ = as_vector(b, "b")
    if b_.shape[0] != W_.shape[0]:
        msg = f"`b` must have length {W_.shape[0]} (rows of `W`); got {b_.shape[0]}"
        raise ValueError(msg)
    return y + b_


def collapse_linear_layers(
    weights: Sequence[ArrayLike], biases: Sequence[ArrayLike]
) -> tuple[FloatArray, FloatArray]:
    r"""The single affine layer equal to a stack of affine layers.

    Parameters
    ----------
    weights : sequence of array_like
        ``W_1, ..., W_L`` applied in that order; ``W_l`` has shape
        ``(n_l, n_{l-1})``.
    biases : sequence of array_like
        ``b_1, ..., b_L`` with ``b_l`` of length ``n_l``.

    Returns
    -------
    W, b : ndarray
        Weight of shape ``(n_L, n_0)`` and bias of length ``n_L`` such that
        ``linear_layer(x, W, b)`` equals applying the layers one by one.

    Raises
    ------
    ValueError
        If the lists are empty, differ in length, hold non-finite or empty
        arrays, or shapes do not chain.
    TypeError
        If ``weights`` or ``biases`` is not a sequence of arrays (``None``, a
        string, a mapping), or an entry is not array-like of numbers.

    Notes
    -----
    For two layers,

    .. math:: W_2(W_1x + b_1) + b_2 = (W_2W_1)\,x + (W_2b_1 + b_2),

    and induction gives the general case: without a nonlinearity, depth adds
    no expressive power.

    Examples
    --------
    >>> W, b = collapse_linear_layers([[[2.0]], [[3.0]]], [[1.0], [-1.0]])
    >>> W.tolist(), b.tolist()
    ([[6.0]], [2.0])
    """
    weight_list = _as_list(weights, "weights")
    bias_list = _as_list(biases, "biases")
    if len(weight_list) == 0 or len(weight_list) != len(bias_list):
        msg = (
            "`weights` and `biases` must be non-empty and of equal length; "
            f"got {len(weight_list)} and {len(bias_list)}"
        )
        raise ValueError(msg)
    W = as_matrix(weight_list[0], "weights[0]")
    b = as_vector(bias_list[0], "biases[0]")
    if b.shape[0] != W.shape[0]:
        msg = (
            f"`biases[0]` must have length {W.shape[0]} (the rows of `weights[0]`, "
            f"shape {W.shape}); got {b.shape[0]}"
        )
        raise ValueError(msg)
    for layer, (W_l, b_l) in enumerate(zip(weight_list[1:], bias_list[1:], strict=True), 1):
        W_next = as_matrix(W_l, f"weights[{layer}]")
        b_next = as_vector(b_l, f"biases[{layer}]")
        if W_next.shape[1] != W.shape[0] or b_next.shape[0] != W_next.shape[0]:
            msg = (
                f"layer {layer} does not chain: `weights[{layer}]` has shape "
                f"{W_next.shape} and `biases[{layer}]` length {b_next.shape[0]}, "
                f"but the previous layer outputs {W.shape[0]} values"
            )
            raise ValueError(msg)
        W, b = W_next @ W, W_next @ b + b_next
    return W, b


def det2(A: ArrayLike) -> float:
    r"""Determinant of a 2×2 matrix from the closed form.

    Parameters
    ----------
    A : array_like, shape (2, 2)

    Returns
    -------
    float
        :math:`ad - bc`: the signed factor by which ``A`` scales areas.

    Raises
    ------
    ValueError
        If ``A`` is not a finite 2×2 matrix.

    Notes
    -----
    .. math:: \det\begin{pmatrix} a & b\\ c & d\end{pmatrix} = ad - bc

    Examples
    --------
    >>> det2([[2.0, 0.0], [0.0, 3.0]])
    6.0
    """
    A_ = as_matrix(A, "A", square=True)
    if A_.shape != (2, 2):
        msg = f"`A` must be 2x2; got shape {A_.shape}"
        raise ValueError(msg)
    (a, b), (c, d) = A_
    return float(a * d - b * c)


def inverse2(A: ArrayLike) -> FloatArray:
    r"""Inverse of an invertible 2×2 matrix from the closed form.

    Parameters
    ----------
    A : array_like, shape (2, 2)

    Returns
    -------
    ndarray, shape (2, 2)
        :math:`A^{-1}`.

    Raises
    ------
    ValueError
        If ``A`` is not a finite 2×2 matrix or is singular (determinant 0).

    Notes
    -----
    .. math:: A^{-1} = \frac{1}{ad - bc}\begin{pmatrix} d & -b\\ -c & a\end{pmatrix}

    Examples
    --------
    >>> inverse2([[2.0, 1.0], [1.0, 1.0]]).tolist()
    [[1.0, -1.0], [-1.0, 2.0]]
    """
    det = det2(A)
    if det == 0.0:
        msg = "`A` is singular (determinant 0) and has no inverse"
        raise ValueError(msg)
    (a, b), (c, d) = np.asarray(A, dtype=np.float64)
    return np.array([[d, -b], [-c, a]]) / det


def rank(A: ArrayLike, tol: float | None = None) -> int:
    r"""Rank of a matrix by Gaussian elimination with partial pivoting.

    Parameters
    ----------
    A : array_like, shape (m, n)
    tol : float, optional
        Pivots with absolute value at most ``tol`` count as zero. Default:
        ``max(m, n) * eps * max|A|``, the usual rounding-error allowance.

    Returns
    -------
    int
        The number of pivots: the number of linearly independent rows (and columns).

    Raises
    ------
    ValueError
        If ``A`` is not a finite matrix or ``tol`` is negative.

    Notes
    -----
    Row operations do not change the row space, so the rank is the number of
    non-zero rows of the echelon form. ``numpy.linalg.matrix_rank`` uses the
    singular values instead; the two agree (checked in the tests).

    Examples
    --------
    >>> rank([[1.0, 2.0], [2.0, 4.0]])
    1
    """
    R = as_matrix(A, "A").copy()
    m, n = R.shape
    if tol is None:
        tol = max(m, n) * np.finfo(np.float64).eps * float(np.max(np.abs(R)))
    elif not tol >= 0:
        msg = f"`tol` must be non-negative; got {tol!r}"
        raise ValueError(msg)
    pivots = 0
    for col in range(n):
        if pivots == m:
            break
        # choose the largest available pivot: dividing by tiny numbers amplifies error
        best = pivots + int(np.argmax(np.abs(R[pivots:, col])))
        if abs(R[best, col]) <= tol:
            continue
        R[[pivots, best]] = R[[best, pivots]]
        R[pivots + 1 :] -= np.outer(R[pivots + 1 :, col] / R[pivots, col], R[pivots])
        pivots += 1
    return pivots


def is_linearly_independent(vectors: Sequence[ArrayLike]) -> bool:
    """Whether the given vectors are linearly independent.

    Parameters
    ----------
    vectors : sequence of array_like, each of shape (n,)

    Returns
    -------
    bool
        True when no vector is a linear combination of the others, i.e. the
        matrix with these vectors as rows has full row rank.

    Raises
    ------
    ValueError
        If ``vectors`` is empty, or the vectors are not finite 1-D vectors of
        one length.
    TypeError
        If ``vectors`` is not a sequence of vectors (``None``, a string, a
        mapping), or an entry is not array-like of numbers.

    Examples
    --------
    >>> is_linearly_independent([[1.0, 0.0], [1.0, 1.0]])
    True
    >>> is_linearly_independent([[1.0, 2.0], [2.0, 4.0]])
    False
    """
    rows = [as_vector(v, f"vectors[{i}]") for i, v in enumerate(_as_list(vectors, "vectors"))]
    if not rows:
        msg = "`vectors` must hold at least one vector"
        raise ValueError(msg)
    for i, row in enumerate(rows[1:], 1):
        same_length(rows[0], row, "vectors[0]", f"vectors[{i}]")
    return rank(np.vstack(rows)) == len(rows)


def transform_points(A: ArrayLike, points: ArrayLike) -> FloatArray:
    """Apply the linear map ``A`` to each point (row) of ``points``.

    Parameters
    ----------
    A : array_like, shape (d, d)
    points : array_like, shape (N, d)

    Returns
    -------
    ndarray, shape (N, d)
        Row ``i`` is ``A @ points[i]``.

    Raises
    ------
    ValueError
        If ``A`` is not square or its size does not match the points.

    Examples
    --------
    >>> transform_points([[0.0, -1.0], [1.0, 0.0]], [[1.0, 0.0]]).tolist()
    [[0.0, 1.0]]
    """
    A_ = as_matrix(A, "A", square=True)
    P = as_matrix(points, "points")
    if P.shape[1] != A_.shape[0]:
        msg = f"`points` must have {A_.shape[0]} columns to match `A`; got {P.shape[1]}"
        raise ValueError(msg)
    return P @ A_.T  # (N, d): each row mapped by A


def polygon_area(vertices: ArrayLike) -> float:
    r"""Signed area of a simple polygon by the shoelace formula.

    Parameters
    ----------
    vertices : array_like, shape (N, 2)
        Corners in order, N ≥ 3; counter-clockwise order gives a positive area.

    Returns
    -------
    float
        The signed area.

    Raises
    ------
    ValueError
        If ``vertices`` is not an (N, 2) array with N ≥ 3.

    Notes
    -----
    .. math:: \text{area} = \tfrac12 \sum_{i} (x_i y_{i+1} - x_{i+1} y_i)

    With :func:`transform_points` this measures how a matrix scales area:
    the image of the unit square has area :math:`\det A`.

    Examples
    --------
    >>> polygon_area([[0.0, 0.0], [2.0, 0.0], [2.0, 1.0], [0.0, 1.0]])
    2.0
    """
    V = as_matrix(vertices, "vertices")
    if V.shape[1] != 2 or V.shape[0] < 3:
        msg = f"`vertices` must have shape (N, 2) with N >= 3; got {V.shape}"
        raise ValueError(msg)
    x, y = V[:, 0], V[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))
