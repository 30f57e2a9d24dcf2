"""Figures of chapter 19, manifolds and representation learning.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_manifold.py`` check that what it draws satisfies the mathematics.
Point clouds are scatter collections; colour encodes the swiss roll's
parameter (a viridis colour bar) or a class (one palette colour and marker
per class, with a legend), so the figures read in the light and dark themes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, real_number
from aimath.plotting import COLORS
from aimath.plotting.eigen_digits import CLASS_COLORS, CLASS_MARKERS

__all__ = [
    "cosine_density",
    "plot_cosine_histograms",
    "plot_distance_comparison",
    "plot_embeddings_by_class",
    "plot_kl_history",
    "plot_swiss_roll",
    "plot_unrolling",
]

_CMAP = "viridis"  # starts dark: kept as is in the dark theme


def _cloud(X: ArrayLike, name: str, dim: int) -> FloatArray:
    X_ = as_matrix(X, name)
    if X_.shape[1] != dim:
        msg = f"`{name}` must have {dim} columns (one point per row); got shape {X_.shape}"
        raise ValueError(msg)
    return X_


def _colour_values(c: ArrayLike, n: int, name: str, ref: str) -> FloatArray:
    c_ = as_vector(c, name)
    if c_.shape[0] != n:
        msg = f"`{name}` must have one value per point of `{ref}` ({n}); got {c_.shape[0]}"
        raise ValueError(msg)
    return c_


def _non_empty(panels: Mapping[Any, Any], name: str) -> None:
    if not isinstance(panels, Mapping) or len(panels) == 0:
        msg = f"`{name}` must be a non-empty mapping of title -> array; got {panels!r}"
        raise (TypeError if not isinstance(panels, Mapping) else ValueError)(msg)


def plot_swiss_roll(X: ArrayLike, t: ArrayLike) -> Figure:
    """The swiss roll in 3-D and seen along its axis, coloured by the roll parameter.

    Parameters
    ----------
    X : array_like, shape (n, 3)
        Points of :func:`aimath.manifold.swiss_roll`.
    t : array_like, shape (n,)
        Their roll parameter (the colour).

    Returns
    -------
    Figure
        Left: a 3-D scatter; right: the projection on the :math:`(x_1, x_3)`
        plane (a spiral); one shared colour bar labelled with :math:`t`.

    Raises
    ------
    ValueError
        If ``X`` is not a finite ``(n, 3)`` matrix or ``t`` not ``n`` finite values.

    Examples
    --------
    >>> fig = plot_swiss_roll([[1.0, 0.0, 0.0], [0.0, 1.0, 2.0]], [1.0, 2.0])
    >>> len(fig.axes)  # 3-D panel, projection, colour bar
    3
    >>> plt.close(fig)
    """
    X_ = _cloud(X, "X", 3)
    t_ = _colour_values(t, X_.shape[0], "t", "X")
    fig = plt.figure(figsize=(9.0, 4.2), layout="constrained")
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    ax3.scatter(X_[:, 0], X_[:, 1], X_[:, 2], c=t_, cmap=_CMAP, s=8, depthshade=False)
    ax3.set_xlabel("$x_1$")
    ax3.set_ylabel("$x_2$ (height)")
    ax3.set_zlabel("$x_3$")
    ax3.view_init(elev=12, azim=-70)
    ax3.set_title("the swiss roll in $\\mathbb{R}^3$")
    ax2 = fig.add_subplot(1, 2, 2)
    shown = ax2.scatter(X_[:, 0], X_[:, 2], c=t_, cmap=_CMAP, s=8)
    ax2.set_xlabel("$x_1$")
    ax2.set_ylabel("$x_3$")
    ax2.set_aspect("equal")
    ax2.set_title("seen along the axis: a spiral")
    fig.colorbar(shown, ax=[ax3, ax2], label="roll parameter $t$", shrink=0.85)
    return fig


def plot_distance_comparison(geodesic: ArrayLike, euclidean: ArrayLike, graph: ArrayLike) -> Figure:
    """Euclidean and graph shortest-path distances against the true geodesic distance.

    Parameters
    ----------
    geodesic : array_like, shape (m,)
        True geodesic distances of ``m`` pairs of points (horizontal axis).
    euclidean : array_like, shape (m,)
        Their straight-line distances in the ambient space.
    graph : array_like, shape (m,)
        Their shortest-path distances in a neighbourhood graph.

    Returns
    -------
    Figure
        One panel: two scatters (Euclidean in blue, graph in orange) and the
        diagonal ``y = x`` as a dashed grey line.

    Raises
    ------
    ValueError
        If the three arrays are not finite vectors of one length.

    Examples
    --------
    >>> fig = plot_distance_comparison([1.0, 4.0], [1.0, 2.0], [1.0, 4.1])
    >>> [c.get_label() for c in fig.axes[0].collections]
    ['Euclidean (straight line)', 'shortest path in the k-NN graph']
    >>> plt.close(fig)
    """
    g = as_vector(geodesic, "geodesic")
    e = _colour_values(euclidean, g.shape[0], "euclidean", "geodesic")
    s = _colour_values(graph, g.shape[0], "graph", "geodesic")
    fig, ax = plt.subplots(figsize=(6.0, 4.6), layout="constrained")
    ax.scatter(g, e, s=6, alpha=0.5, color=COLORS["blue"], label="Euclidean (straight line)")
    ax.scatter(
        g, s, s=6, alpha=0.5, color=COLORS["orange"], label="shortest path in the k-NN graph"
    )
    top = float(max(g.max(), e.max(), s.max()))
    ax.plot([0.0, top], [0.0, top], color="0.35", linestyle="--", linewidth=1.2, label="y = x")
    ax.set_xlabel("geodesic distance on the roll")
    ax.set_ylabel("distance")
    legend = ax.legend(loc="upper left", markerscale=3)
    for handle in legend.legend_handles:
        if handle is not None:
            handle.set_alpha(1.0)
    return fig


def plot_unrolling(embeddings: Mapping[str, ArrayLike], t: ArrayLike) -> Figure:
    """2-D embeddings side by side, each point coloured by the roll parameter ``t``.

    Parameters
    ----------
    embeddings : mapping of str to array_like, shape (n, 2)
        Panel title -> coordinates.
    t : array_like, shape (n,)
        Colour of each point.

    Returns
    -------
    Figure
        One panel per embedding (in the mapping's order) and a shared colour bar.

    Raises
    ------
    ValueError
        If ``embeddings`` is empty, an embedding is not a finite ``(n, 2)``
        matrix, or ``t`` does not have ``n`` finite values.
    TypeError
        If ``embeddings`` is not a mapping.

    Examples
    --------
    >>> fig = plot_unrolling({"a": [[0.0, 0.0], [1.0, 1.0]]}, [0.0, 1.0])
    >>> fig.axes[0].get_title()
    'a'
    >>> plt.close(fig)
    """
    _non_empty(embeddings, "embeddings")
    coords = {title: _cloud(Y, f"embeddings[{title!r}]", 2) for title, Y in embeddings.items()}
    n = next(iter(coords.values())).shape[0]
    t_ = _colour_values(t, n, "t", "embeddings")
    for title, Y in coords.items():
        if Y.shape[0] != n:
            msg = f"`embeddings[{title!r}]` must have {n} rows like the first; got {Y.shape[0]}"
            raise ValueError(msg)
    fig, axes = plt.subplots(
        1, len(coords), figsize=(4.4 * len(coords) + 0.8, 4.0), layout="constrained", squeeze=False
    )
    shown = []
    for ax, (title, Y) in zip(axes[0], coords.items(), strict=True):
        shown.append(ax.scatter(Y[:, 0], Y[:, 1], c=t_, cmap=_CMAP, s=8))
        ax.set_title(title)
        ax.set_xlabel("coordinate 1")
        ax.set_ylabel("coordinate 2")
    fig.colorbar(shown[-1], ax=list(axes[0]), label="roll parameter $t$", shrink=0.9)
    return fig


def plot_embeddings_by_class(embeddings: Mapping[str, ArrayLike], labels: ArrayLike) -> Figure:
    """2-D embeddings side by side, one colour and marker per class, one shared legend.

    Parameters
    ----------
    embeddings : mapping of str to array_like, shape (n, 2)
        Panel title -> coordinates.
    labels : array_like, shape (n,)
        Integer class of each point, at most 10 classes.

    Returns
    -------
    Figure
        One panel per embedding; in each, one scatter per class (sorted), in
        the colours and markers of :data:`aimath.plotting.eigen_digits.CLASS_COLORS`
        and ``CLASS_MARKERS``, the class name written at the class's median
        point; a legend of classes right of the last panel.

    Raises
    ------
    ValueError
        If ``embeddings`` is empty, an embedding is not a finite ``(n, 2)``
        matrix, ``labels`` does not hold ``n`` integers or has more than 10
        classes.
    TypeError
        If ``embeddings`` is not a mapping.

    Examples
    --------
    >>> fig = plot_embeddings_by_class({"a": [[0.0, 0.0], [1.0, 1.0]]}, [0, 1])
    >>> [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    ['0', '1']
    >>> plt.close(fig)
    """
    _non_empty(embeddings, "embeddings")
    coords = {title: _cloud(Y, f"embeddings[{title!r}]", 2) for title, Y in embeddings.items()}
    n = next(iter(coords.values())).shape[0]
    lab = _colour_values(labels, n, "labels", "embeddings")
    if np.any(lab != np.round(lab)):
        msg = "`labels` must hold integer classes"
        raise ValueError(msg)
    y = lab.astype(np.int64)
    classes = np.unique(y)
    if classes.size > len(CLASS_COLORS):
        msg = f"`labels` may hold at most {len(CLASS_COLORS)} classes; got {classes.size}"
        raise ValueError(msg)
    for title, Y in coords.items():
        if Y.shape[0] != n:
            msg = f"`embeddings[{title!r}]` must have {n} rows like the first; got {Y.shape[0]}"
            raise ValueError(msg)
    fig, axes = plt.subplots(
        1, len(coords), figsize=(4.8 * len(coords) + 1.0, 5.2), layout="constrained", squeeze=False
    )
    for ax, (title, Y) in zip(axes[0], coords.items(), strict=True):
        for i, c in enumerate(classes):
            pts = Y[y == c]
            ax.scatter(
                pts[:, 0], pts[:, 1], s=22, color=CLASS_COLORS[i], marker=CLASS_MARKERS[i],
                alpha=0.75, linewidths=0, label=str(c),
            )  # fmt: skip
            centre = np.median(pts, axis=0)
            ax.text(
                float(centre[0]), float(centre[1]), str(c), color=CLASS_COLORS[i], fontsize=12,
                fontweight="bold", ha="center", va="center",
                bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "alpha": 0.8,
                      "edgecolor": CLASS_COLORS[i]},
            )  # fmt: skip
        ax.set_title(title)
        ax.set_xticks([])
        ax.set_yticks([])
    legend = axes[0][-1].legend(
        title="digit", loc="upper left", bbox_to_anchor=(1.0, 1.0), markerscale=1.5, fontsize=11
    )
    for handle in legend.legend_handles:
        if handle is not None:
            handle.set_alpha(1.0)
    return fig


def plot_kl_history(
    history: ArrayLike,
    exaggeration_iter: int,
    reference: Mapping[str, float] | None = None,
) -> Figure:
    r"""The t-SNE objective :math:`\mathrm{KL}(P \| Q)` against the iteration.

    Parameters
    ----------
    history : array_like, shape (m,)
        KL after each iteration (entry 0: the initial embedding).
    exaggeration_iter : int
        Last iteration of early exaggeration: a vertical dotted line there.
    reference : mapping of str to float, optional
        Horizontal dashed lines (e.g. another implementation's final KL).

    Returns
    -------
    Figure
        One panel with the KL curve, the line at ``exaggeration_iter`` and the
        reference lines, each with a legend entry.

    Raises
    ------
    ValueError
        If ``history`` is not a finite vector, ``exaggeration_iter`` is
        negative, or a reference value is not finite.
    TypeError
        If ``exaggeration_iter`` is not an integer.

    Examples
    --------
    >>> fig = plot_kl_history([3.0, 2.0, 1.0], 1, {"other": 1.5})
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [3.0, 2.0, 1.0]
    >>> plt.close(fig)
    """
    h = as_vector(history, "history")
    if isinstance(exaggeration_iter, (bool, np.bool_)) or not isinstance(
        exaggeration_iter, (int, np.integer)
    ):
        msg = f"`exaggeration_iter` must be an integer; got {type(exaggeration_iter).__name__}"
        raise TypeError(msg)
    if exaggeration_iter < 0:
        msg = f"`exaggeration_iter` must be non-negative; got {exaggeration_iter}"
        raise ValueError(msg)
    refs = {} if reference is None else dict(reference)
    values = {name: real_number(v, f"reference[{name!r}]") for name, v in refs.items()}
    fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    ax.plot(np.arange(h.size), h, color=COLORS["blue"], label="aimath.manifold.tsne")
    ax.axvline(
        exaggeration_iter, color="0.45", linestyle=":", linewidth=1.5,
        label="end of early exaggeration",
    )  # fmt: skip
    palette = [COLORS["vermillion"], COLORS["green"], COLORS["purple"]]
    for i, (name, v) in enumerate(values.items()):
        ax.axhline(v, color=palette[i % len(palette)], linestyle="--", linewidth=1.5, label=name)
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"$\mathrm{KL}(P \,\|\, Q)$ (nats)")
    ax.legend(loc="upper right")
    return fig


def cosine_density(c: ArrayLike, d: int) -> FloatArray:
    r"""Density of the cosine similarity of two independent Gaussian vectors in :math:`\mathbb R^d`.

    Parameters
    ----------
    c : array_like
        Points in the open interval :math:`(-1, 1)`.
    d : int
        Dimension, at least 2.

    Returns
    -------
    ndarray
        :math:`f_d(c) = (1 - c^2)^{(d - 3)/2} / B(\tfrac12, \tfrac{d - 1}{2})`
        at each point, flattened to 1-D.

    Raises
    ------
    ValueError
        If ``d < 2`` or a point of ``c`` is not in :math:`(-1, 1)`.
    TypeError
        If ``d`` is not an integer.

    Notes
    -----
    The cosine is distributed like one coordinate of a uniform random unit
    vector, so :math:`(1 + c)/2` has a
    :math:`\mathrm{Beta}(\tfrac{d-1}{2}, \tfrac{d-1}{2})` law: the arcsine
    density :math:`1/(\pi\sqrt{1 - c^2})` for :math:`d = 2`, uniform for
    :math:`d = 3`, and close to the normal density of variance :math:`1/d`
    for large :math:`d`.

    Examples
    --------
    >>> round(float(cosine_density([0.0], 3)[0]), 12)  # uniform on [-1, 1]
    0.5
    """
    if isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer)):
        msg = f"`d` must be an integer dimension; got {type(d).__name__}"
        raise TypeError(msg)
    if d < 2:
        msg = f"`d` must be at least 2 (for d = 1 the cosine is only ever -1 or 1); got {d}"
        raise ValueError(msg)
    c_ = as_float_array(c, "c").ravel()
    if np.any(np.abs(c_) >= 1.0):
        msg = "`c` must lie in the open interval (-1, 1)"
        raise ValueError(msg)
    a = (d - 1) / 2.0
    log_beta = math.lgamma(0.5) + math.lgamma(a) - math.lgamma(0.5 + a)  # log B(1/2, a)
    density: FloatArray = np.exp((a - 1.0) * np.log1p(-(c_ * c_)) - log_beta)
    return density


def plot_cosine_histograms(similarities: Mapping[int, ArrayLike]) -> Figure:
    r"""Histograms of cosine similarities of random vectors, one panel per dimension.

    Parameters
    ----------
    similarities : mapping of int to array_like
        Dimension :math:`d \ge 2` -> cosine similarities of pairs of
        independent Gaussian vectors in :math:`\mathbb R^d`.

    Returns
    -------
    Figure
        One panel per dimension (two panels per row): a density histogram on
        40 bins over :math:`[-1, 1]` and the exact density
        :func:`cosine_density` (dashed).

    Raises
    ------
    ValueError
        If ``similarities`` is empty, a key is not an integer of at least 2 or
        a value is not a finite vector in :math:`[-1, 1]`.
    TypeError
        If ``similarities`` is not a mapping.

    Examples
    --------
    >>> fig = plot_cosine_histograms({2: [0.5, -0.5, 0.1]})
    >>> fig.axes[0].get_title()
    '$d = 2$'
    >>> plt.close(fig)
    """
    _non_empty(similarities, "similarities")
    data: dict[int, FloatArray] = {}
    for d, values in similarities.items():
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer)) or d < 2:
            msg = f"`similarities` keys must be integer dimensions of at least 2; got {d!r}"
            raise ValueError(msg)
        v = as_vector(values, f"similarities[{d}]")
        if np.any(np.abs(v) > 1.0):
            msg = f"`similarities[{d}]` must lie in [-1, 1] (cosines)"
            raise ValueError(msg)
        data[int(d)] = v
    ncols = min(len(data), 2)
    nrows = -(-len(data) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.2 * ncols + 0.4, 3.0 * nrows), layout="constrained",
        sharex=True, squeeze=False,
    )  # fmt: skip
    flat = list(axes.ravel())
    grid = np.linspace(-0.995, 0.995, 399)
    for ax, (d, v) in zip(flat, data.items(), strict=False):
        ax.hist(v, bins=np.linspace(-1.0, 1.0, 41), density=True, color=COLORS["sky"])
        ax.plot(grid, cosine_density(grid, d), color=COLORS["vermillion"], linestyle="--")
        ax.set_title(f"$d = {d}$")
        ax.set_ylabel("density")
    for ax in flat[len(data) :]:
        ax.set_visible(False)
    for ax in flat[-ncols:]:
        ax.set_xlabel(r"$\cos(x, y)$")
    return fig
