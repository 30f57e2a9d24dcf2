"""Figures of chapter 18, graph theory and spectral methods.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_graphs.py`` check that what it draws satisfies the mathematics.
Vertices are drawn as scatter points with ``gid`` ``"vertices"``; edges as line
segments (``gid`` ``"edges"``) or arrows for directed graphs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, nonnegative_number, real_number
from aimath.graphs import connected_components, laplacian
from aimath.plotting import COLORS

__all__ = [
    "component_layout",
    "draw_graph",
    "plot_clusterings",
    "plot_laplacian_spectrum",
    "plot_pagerank",
    "plot_spectral_clustering",
]

_PALETTE = list(COLORS.values())


def _labels(labels: ArrayLike, n: int, name: str) -> np.ndarray:
    """Integer labels of length ``n``, or an error naming ``name``."""
    lab = as_vector(labels, name)
    if lab.shape[0] != n or np.any(np.round(lab) != lab) or np.any(lab < 0):
        msg = f"`{name}` must hold {n} non-negative integer labels; got {lab.tolist()}"
        raise ValueError(msg)
    return lab.astype(np.int64)


def _colors(labels: np.ndarray) -> list[str]:
    return [_PALETTE[int(c) % len(_PALETTE)] for c in labels]


def component_layout(A: ArrayLike) -> FloatArray:
    """Vertex positions: each connected component on its own circle, side by side.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency matrix.

    Returns
    -------
    ndarray, shape (n, 2)
        Positions; component ``c`` (numbered as :func:`aimath.graphs.connected_components`
        does) is centred at ``(3 c, 0)`` on a circle of radius 1 (a single
        vertex sits at the centre).

    Raises
    ------
    ValueError
        If ``A`` is not a finite, square, symmetric, non-negative matrix.

    Examples
    --------
    >>> component_layout([[0, 1], [1, 0]]).round(6).tolist()
    [[1.0, 0.0], [-1.0, 0.0]]
    """
    k, labels = connected_components(A)
    pos = np.zeros((labels.size, 2))
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if members.size == 1:
            pos[members] = (3.0 * c, 0.0)
            continue
        t = 2 * np.pi * np.arange(members.size) / members.size
        pos[members] = np.column_stack([3.0 * c + np.cos(t), np.sin(t)])
    return pos


def draw_graph(
    ax: Axes,
    A: ArrayLike,
    positions: ArrayLike,
    *,
    colors: Sequence[str] | None = None,
    sizes: ArrayLike | None = None,
    directed: bool = False,
    labels: bool = True,
) -> None:
    """Draw the graph ``A`` on ``ax`` at ``positions``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    A : array_like, shape (n, n)
        Non-negative adjacency matrix; ``A[i, j] > 0`` is an edge.
    positions : array_like, shape (n, 2)
        Vertex coordinates.
    colors : sequence of str, optional
        One colour per vertex (default: all blue).
    sizes : array_like, shape (n,), optional
        Marker areas (default 220).
    directed : bool, optional
        Draw arrows ``i -> j`` instead of segments.
    labels : bool, optional
        Write the vertex number on each vertex.

    Raises
    ------
    ValueError
        If ``positions`` is not of shape (n, 2) or ``colors`` / ``sizes`` have
        the wrong length.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> draw_graph(ax, [[0, 1], [1, 0]], [[0, 0], [1, 0]])
    >>> len(ax.collections)
    2
    >>> plt.close(fig)
    """
    A_ = as_matrix(A, "A", square=True)
    n = A_.shape[0]
    pos = as_matrix(positions, "positions")
    if pos.shape != (n, 2):
        msg = f"`positions` must have shape ({n}, 2); got {pos.shape}"
        raise ValueError(msg)
    cols = [COLORS["blue"]] * n if colors is None else list(colors)
    if len(cols) != n:
        msg = f"`colors` must give one colour per vertex ({n}); got {len(cols)}"
        raise ValueError(msg)
    s = np.full(n, 220.0) if sizes is None else as_vector(sizes, "sizes")
    if s.shape[0] != n:
        msg = f"`sizes` must give one size per vertex ({n}); got {s.shape[0]}"
        raise ValueError(msg)
    pairs = np.argwhere(A_ > 0.0)
    if directed:
        for i, j in pairs:
            if i != j:
                ax.annotate(
                    "",
                    xy=tuple(pos[j]),
                    xytext=tuple(pos[i]),
                    arrowprops={
                        "arrowstyle": "-|>",
                        "color": "0.45",
                        "lw": 1.2,
                        "shrinkA": 11,
                        "shrinkB": 11,
                        "connectionstyle": "arc3,rad=0.12",
                    },
                )
    else:
        segments = [(pos[i], pos[j]) for i, j in pairs if i < j]
        ax.add_collection(LineCollection(segments, colors="0.6", linewidths=0.9, gid="edges"))
    ax.scatter(
        pos[:, 0], pos[:, 1], s=s, c=cols, edgecolors="#333333", linewidths=0.6, zorder=3
    ).set_gid("vertices")
    if labels:
        for v, (x, y) in enumerate(pos):
            ax.text(x, y, str(v), ha="center", va="center", fontsize=8, color="white", zorder=4)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)


def plot_laplacian_spectrum(A: ArrayLike, *, zero_tol: float = 1e-10) -> Figure:
    """A graph coloured by component, next to the eigenvalues of its Laplacian.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric, non-negative adjacency matrix.
    zero_tol : float, optional
        Eigenvalues below ``zero_tol`` times the largest are drawn as zeros
        (orange). Default ``1e-10``.

    Returns
    -------
    Figure
        Left: the graph laid out by :func:`component_layout`, vertices coloured
        by component. Right: the sorted eigenvalues of :math:`L = D - A`
        (``gid`` ``"eigenvalues"``), the zero ones in orange.

    Raises
    ------
    ValueError
        If ``A`` is not a finite, square, symmetric, non-negative matrix, or
        ``zero_tol`` is negative or not finite.
    TypeError
        If ``A`` is not array-like of numbers or ``zero_tol`` is not a real number.

    Examples
    --------
    >>> fig = plot_laplacian_spectrum([[0, 1, 0], [1, 0, 0], [0, 0, 0]])
    >>> fig.axes[1].get_ylabel()
    'eigenvalue of $L = D - A$'
    >>> plt.close(fig)
    """
    L = laplacian(A)
    tol = nonnegative_number(zero_tol, "zero_tol")
    A_ = np.diag(np.diag(L)) - L  # A without self-loops, as L sees it
    _, comp = connected_components(A_)
    lam = np.linalg.eigvalsh(L)
    zero = lam <= tol * max(float(lam[-1]), 1.0)
    fig, (ax_g, ax_s) = plt.subplots(
        1, 2, figsize=(9.0, 3.6), layout="constrained", gridspec_kw={"width_ratios": [1.6, 1]}
    )
    draw_graph(ax_g, A_, component_layout(A_), colors=_colors(comp))
    ax_g.set_title("the graph, coloured by connected component")
    idx = np.arange(1, lam.size + 1)
    ax_s.plot(idx, lam, "o", color=COLORS["blue"], gid="eigenvalues", label="eigenvalue")
    ax_s.plot(idx[zero], lam[zero], "o", color=COLORS["orange"], ms=9, label="zero eigenvalue")
    ax_s.axhline(0.0, color="0.4", lw=0.8)
    ax_s.set_xlabel("index $i$ (ascending)")
    ax_s.set_ylabel("eigenvalue of $L = D - A$")
    ax_s.set_title(f"{int(zero.sum())} zero eigenvalues")
    ax_s.legend(loc="upper left")
    return fig


def plot_spectral_clustering(
    A: ArrayLike, U: ArrayLike, true_labels: ArrayLike, found_labels: ArrayLike
) -> Figure:
    """The adjacency matrix of a block model and its spectral embedding.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Adjacency matrix.
    U : array_like, shape (n, k), k >= 3
        Spectral embedding (e.g. the rows normalised to unit length); columns
        1 and 2 are plotted.
    true_labels, found_labels : array_like of int, shape (n,)
        Planted blocks (marker shape) and found clusters (colour).

    Returns
    -------
    Figure
        Left: ``A`` as an image with vertices in a random order and then
        sorted by found cluster. Right: the embedding, one point per vertex
        (``gid`` ``"embedding"``).

    Raises
    ------
    ValueError
        If the shapes disagree, ``U`` has fewer than 3 columns or a label is
        not a non-negative integer.

    Examples
    --------
    >>> A = np.kron(np.eye(3), np.ones((2, 2)))
    >>> U = np.repeat(np.eye(3), 2, axis=0)
    >>> fig = plot_spectral_clustering(A, U, [0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2])
    >>> len(fig.axes)
    3
    >>> plt.close(fig)
    """
    A_ = as_matrix(A, "A", square=True)
    U_ = as_matrix(U, "U")
    n = A_.shape[0]
    if U_.shape[0] != n or U_.shape[1] < 3:
        msg = f"`U` must have shape ({n}, k) with k >= 3; got {U_.shape}"
        raise ValueError(msg)
    truth = _labels(true_labels, n, "true_labels")
    found = _labels(found_labels, n, "found_labels")
    fig, axes = plt.subplots(1, 3, figsize=(10.5, 3.6), layout="constrained")
    shuffled = np.random.default_rng(0).permutation(n)  # fixed: the figure is reproducible
    order = np.argsort(found, kind="stable")
    for ax, perm, title in (
        (axes[0], shuffled, "A, vertices in random order"),
        (axes[1], order, "A, sorted by found cluster"),
    ):
        ax.imshow(A_[np.ix_(perm, perm)], cmap="Greys", interpolation="nearest")
        ax.set_title(title)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    markers = "osD^v<>"
    ax = axes[2]
    for t in np.unique(truth):
        sel = truth == t
        ax.scatter(
            U_[sel, 1],
            U_[sel, 2],
            c=_colors(found[sel]),
            marker=markers[int(t) % len(markers)],
            s=28,
            edgecolors="#333333",
            linewidths=0.4,
            label=f"planted block {int(t)}",
            gid="embedding",
        )
    ax.set_xlabel("eigenvector 2 (row-normalised)")
    ax.set_ylabel("eigenvector 3 (row-normalised)")
    ax.set_title("spectral embedding, coloured by cluster")
    ax.legend(loc="best", fontsize=8)
    return fig


def plot_clusterings(X: ArrayLike, labelings: Mapping[str, ArrayLike]) -> Figure:
    """The same 2-D points coloured by several clusterings, one panel each.

    Parameters
    ----------
    X : array_like, shape (n, 2)
        The points.
    labelings : mapping of str to array_like of int, shape (n,)
        Panel title → cluster label of each point.

    Returns
    -------
    Figure
        One scatter panel per clustering (``gid`` ``"points"``).

    Raises
    ------
    ValueError
        If ``X`` is not of shape (n, 2), ``labelings`` is empty, or a labelling
        does not hold one non-negative integer label per row of ``X``.
    TypeError
        If ``X`` or a labelling is not array-like of numbers, or ``labelings``
        is not a mapping.

    Examples
    --------
    >>> fig = plot_clusterings([[0, 0], [1, 1]], {"a": [0, 1], "b": [0, 0]})
    >>> [ax.get_title() for ax in fig.axes]
    ['a', 'b']
    >>> plt.close(fig)
    """
    X_ = as_matrix(X, "X")
    if X_.shape[1] != 2:
        msg = f"`X` must have shape (n, 2); got {X_.shape}"
        raise ValueError(msg)
    given: object = labelings  # the hint is not a check: a list or None can arrive
    if not isinstance(given, Mapping):
        msg = f"`labelings` must be a mapping of panel title to labels; got {type(given).__name__}"
        raise TypeError(msg)
    if len(given) == 0:
        msg = "`labelings` must hold at least one clustering"
        raise ValueError(msg)
    n = X_.shape[0]
    panels: list[tuple[str, np.ndarray]] = []
    for title, lab in given.items():
        name = f"labelings[{title!r}]"
        size = as_vector(lab, name).size
        if size != n:
            msg = f"`{name}` must hold one label per row of `X`: {n} expected, got {size}"
            raise ValueError(msg)
        panels.append((str(title), _labels(lab, n, name)))
    m = len(panels)
    fig, axes = plt.subplots(1, m, figsize=(4.2 * m, 3.4), layout="constrained", squeeze=False)
    for ax, (title, labels) in zip(axes[0], panels, strict=True):
        ax.scatter(
            X_[:, 0],
            X_[:, 1],
            c=_colors(labels),
            s=14,
            edgecolors="none",
            gid="points",
        )
        ax.set_title(title)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_aspect("equal")
    return fig


def plot_pagerank(
    A: ArrayLike,
    positions: ArrayLike,
    scores: ArrayLike,
    errors: ArrayLike,
    damping: float,
) -> Figure:
    """A directed graph with vertex area ∝ PageRank, and the convergence of power iteration.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Adjacency matrix of the directed graph.
    positions : array_like, shape (n, 2)
        Vertex coordinates.
    scores : array_like, shape (n,)
        PageRank scores.
    errors : array_like, shape (m,)
        :math:`\\lVert x_k - \\pi \\rVert_1` for ``k = 0, ..., m - 1`` (positive).
    damping : float
        :math:`\\alpha`, strictly between 0 and 1, for the bound :math:`2 \\alpha^k`.

    Returns
    -------
    Figure
        Left: the graph. Right: the errors (``gid`` ``"errors"``) and the
        bound (``gid`` ``"bound"``) on a log scale.

    Raises
    ------
    ValueError
        If the shapes disagree, a score is negative or all are zero, an error
        is not positive, or ``damping`` is not strictly between 0 and 1.
    TypeError
        If an array is not array-like of numbers or ``damping`` is not a real number.

    Examples
    --------
    >>> fig = plot_pagerank([[0, 1], [1, 0]], [[0, 0], [1, 0]], [0.5, 0.5], [0.1, 0.01], 0.85)
    >>> fig.axes[1].get_yscale()
    'log'
    >>> plt.close(fig)
    """
    A_ = as_matrix(A, "A", square=True)
    n = A_.shape[0]
    s = as_vector(scores, "scores")
    if s.shape[0] != n:
        msg = f"`scores` must have one entry per vertex ({n}); got {s.shape[0]}"
        raise ValueError(msg)
    if np.any(s < 0.0) or not np.any(s > 0.0):
        msg = (
            "`scores` must be non-negative and not all zero (vertex area is proportional "
            f"to the score); got {s.tolist()}"
        )
        raise ValueError(msg)
    err = as_vector(errors, "errors")
    if np.any(err <= 0.0):
        msg = "`errors` must be positive (they are drawn on a log scale)"
        raise ValueError(msg)
    alpha = real_number(damping, "damping")
    if not 0.0 < alpha < 1.0:
        msg = f"`damping` must lie strictly between 0 and 1; got {alpha!r}"
        raise ValueError(msg)
    fig, (ax_g, ax_e) = plt.subplots(1, 2, figsize=(9.5, 3.8), layout="constrained")
    sizes = 2500.0 * s / float(s.max())  # area proportional to the score
    draw_graph(ax_g, A_, positions, sizes=sizes, directed=True)
    ax_g.margins(0.15)
    ax_g.set_title("vertex area proportional to PageRank")
    k = np.arange(err.size)
    ax_e.semilogy(k, err, "o-", color=COLORS["blue"], ms=3, gid="errors", label="power iteration")
    ax_e.semilogy(
        k, 2.0 * alpha**k, "--", color=COLORS["orange"], gid="bound", label=r"bound $2\alpha^k$"
    )
    ax_e.set_xlabel("iteration $k$")
    ax_e.set_ylabel(r"$\|x_k - \pi\|_1$")
    ax_e.set_title("convergence of power iteration")
    ax_e.legend()
    return fig
