"""Figures of chapter 3, norms and distances.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_norms.py`` check that what it draws satisfies the mathematics
(the unit-ball curves have norm 1, the ellipses have Mahalanobis radius r, the
marked solutions are the constrained least-squares minimisers).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, finite_scalar
from aimath.norms import ball_constrained_least_squares, unit_ball_boundary
from aimath.plotting import COLORS

__all__ = [
    "plot_distance_concentration",
    "plot_mahalanobis_contours",
    "plot_regularization_geometry",
    "plot_unit_balls",
]

_PALETTE = [
    COLORS["vermillion"],
    COLORS["blue"],
    COLORS["green"],
    COLORS["orange"],
    COLORS["purple"],
    COLORS["sky"],
]


def _p_label(p: float) -> str:
    """Legend text for the order ``p``, with the shape of its unit ball."""
    shapes = {1.0: " (diamond)", 2.0: " (circle)", math.inf: " (square)"}
    name = "\\infty" if p == math.inf else f"{p:g}"
    extra = " (not a norm)" if p < 1.0 else shapes.get(p, "")
    return f"$p = {name}${extra}"


def _orders(ps: object) -> list[float]:
    """The orders ``ps[k]``, each positive or ``inf``, or raise naming ``ps[k]``."""
    if isinstance(ps, (str, bytes)) or not isinstance(ps, (Sequence, np.ndarray)):
        msg = f"`ps` must be a sequence of orders p; got {type(ps).__name__}"
        raise TypeError(msg)
    if isinstance(ps, np.ndarray) and ps.ndim != 1:
        msg = f"`ps` must be a 1-D sequence of orders p; got an array of shape {ps.shape}"
        raise ValueError(msg)
    if len(ps) == 0:
        msg = "`ps` must hold at least one order p"
        raise ValueError(msg)
    orders = []
    for k, p in enumerate(ps):
        if isinstance(p, (bool, np.bool_)) or not isinstance(p, numbers.Real):
            msg = f"`ps[{k}]` must be a real number (or numpy.inf); got {type(p).__name__}"
            raise TypeError(msg)
        order = float(p)
        if not order > 0.0:  # also catches NaN
            msg = f"`ps[{k}]` must be positive (or numpy.inf); got {order!r}"
            raise ValueError(msg)
        orders.append(order)
    return orders


def plot_unit_balls(
    ps: Sequence[float] = (0.5, 1.0, 2.0, 3.0, math.inf), n_points: int = 401
) -> Figure:
    r"""Draw the boundaries :math:`\lVert x \rVert_p = 1` of 2-D unit balls.

    Parameters
    ----------
    ps : sequence of float, optional
        The orders to draw, each positive or ``inf``; orders below 1 give the
        non-convex "ball" of a quasi-norm.
    n_points : int, optional
        Points per curve (see :func:`aimath.norms.unit_ball_boundary`).

    Returns
    -------
    Figure
        One panel with one closed curve per order, in the order of ``ps``,
        labelled in the legend.

    Raises
    ------
    ValueError
        If ``ps`` is empty or not 1-D, an order is not positive (or is NaN),
        or ``n_points < 5``.
    TypeError
        If ``ps`` is not a sequence, an order is not a real number, or
        ``n_points`` is not an integer.

    Examples
    --------
    >>> fig = plot_unit_balls((1.0, 2.0))
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    ['$p = 1$ (diamond)', '$p = 2$ (circle)']
    >>> plt.close(fig)
    """
    orders = _orders(ps)
    curves = [unit_ball_boundary(p, n_points) for p in orders]  # validates before drawing
    # a fixed layout: constrained layout mis-places the y label of an equal-aspect
    # panel next to a legend outside it
    fig, ax = plt.subplots(figsize=(7.0, 4.8))
    fig.subplots_adjust(left=0.1, right=0.62, bottom=0.12, top=0.92)
    for k, (p, xy) in enumerate(zip(orders, curves, strict=True)):
        ax.plot(xy[:, 0], xy[:, 1], color=_PALETTE[k % len(_PALETTE)], label=_p_label(p))
        ax.lines[-1].set_gid(f"p={p:g}")
    ax.axhline(0.0, color=COLORS["grey"], lw=0.8)
    ax.axvline(0.0, color=COLORS["grey"], lw=0.8)
    ax.set(xlim=(-1.25, 1.25), ylim=(-1.25, 1.25), aspect="equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(r"unit balls $\{x : \Vert x \Vert_p = 1\}$")
    ax.legend(loc="center left", bbox_to_anchor=(1.04, 0.5))
    return fig


def _ellipse(center: FloatArray, L: FloatArray, radius: float, n: int = 361) -> FloatArray:
    """Points ``center + radius * L u`` for unit vectors ``u``: Mahalanobis radius ``radius``."""
    t = np.linspace(0.0, 2.0 * np.pi, n)
    circle = np.column_stack([np.cos(t), np.sin(t)])  # (n, 2) unit vectors
    points: FloatArray = center + radius * circle @ L.T
    return points


def plot_mahalanobis_contours(
    X: ArrayLike,
    radii: Sequence[float] = (1.0, 2.0, 3.0),
    marked: ArrayLike | None = None,
) -> Figure:
    r"""Euclidean circles and Mahalanobis ellipses around the mean of 2-D data.

    Parameters
    ----------
    X : array_like, shape (N, 2)
        Data points, N ≥ 3; their sample mean :math:`\mu` and sample
        covariance :math:`\Sigma` (``numpy.cov``, divisor N − 1) define the
        Mahalanobis distance.
    radii : sequence of float, optional
        Distances at which to draw the contours, each positive.
    marked : array_like, shape (k, 2), optional
        Points to highlight, labelled P1, P2, ... in the order given.

    Returns
    -------
    Figure
        One panel: the data, for each radius :math:`r` a dashed circle
        :math:`\lVert x - \mu \rVert_2 = r` and a solid ellipse
        :math:`d_\Sigma(x, \mu) = r`, and the marked points.

    Raises
    ------
    ValueError
        If ``X`` is not a finite (N, 2) matrix with N ≥ 3, its covariance is
        not positive definite, ``radii`` is empty, not 1-D, not finite or not
        positive, or ``marked`` is not a (k, 2) matrix.
    TypeError
        If ``X``, ``radii`` or ``marked`` is not array-like of real numbers.

    Notes
    -----
    With :math:`\Sigma = L L^\top` (Cholesky), the ellipse of radius :math:`r` is
    :math:`\{\mu + r L u : \lVert u \rVert_2 = 1\}`, since
    :math:`d_\Sigma(\mu + rLu, \mu) = \lVert L^{-1} r L u \rVert_2 = r`.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(50, 2))
    >>> fig = plot_mahalanobis_contours(X, radii=(1.0,))
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    ['data', 'Euclidean distance 1', 'Mahalanobis distance 1', 'mean $\\mu$']
    >>> plt.close(fig)
    """
    X_ = as_matrix(X, "X")
    if X_.shape[1] != 2 or X_.shape[0] < 3:
        msg = f"`X` must have shape (N, 2) with N >= 3; got {X_.shape}"
        raise ValueError(msg)
    radii_ = as_vector(radii, "radii")
    if not np.all(radii_ > 0):
        msg = f"`radii` must be a non-empty sequence of positive numbers; got {radii!r}"
        raise ValueError(msg)
    points = None if marked is None else as_matrix(marked, "marked")
    if points is not None and points.shape[1] != 2:
        msg = f"`marked` must have shape (k, 2); got {points.shape}"
        raise ValueError(msg)
    mu = X_.mean(axis=0)
    cov = np.cov(X_, rowvar=False)
    try:
        L = np.asarray(np.linalg.cholesky(cov), dtype=np.float64)
    except np.linalg.LinAlgError:
        msg = "the sample covariance of `X` must be positive definite (points not on a line)"
        raise ValueError(msg) from None

    fig, ax = plt.subplots(figsize=(6.4, 5.0), layout="constrained")
    ax.scatter(X_[:, 0], X_[:, 1], s=8, color=COLORS["grey"], alpha=0.45, label="data")
    reach = [X_]
    listed = ", ".join(f"{r:g}" for r in radii_)
    for k, r in enumerate(radii_):
        circle = _ellipse(mu, np.eye(2), float(r))
        ellipse = _ellipse(mu, L, float(r))
        reach += [circle, ellipse]
        first = k == 0
        (circle_line,) = ax.plot(
            *circle.T,
            color=COLORS["blue"],
            ls="--",
            lw=1.6,
            label=f"Euclidean distance {listed}" if first else "_circle",
        )
        (ellipse_line,) = ax.plot(
            *ellipse.T,
            color=COLORS["vermillion"],
            lw=2.0,
            label=f"Mahalanobis distance {listed}" if first else "_ellipse",
        )
        circle_line.set_gid(f"euclidean r={r:g}")  # for the tests: which contour is which
        ellipse_line.set_gid(f"mahalanobis r={r:g}")
        # label each pair of contours once, at the top of the ellipse
        top = ellipse[np.argmax(ellipse[:, 1])]
        ax.annotate(
            f"{r:g}",
            xy=(float(top[0]), float(top[1])),
            xytext=(3, 3),
            textcoords="offset points",
            color=COLORS["vermillion"],
            fontsize=10,
        )
    (mean_marker,) = ax.plot(
        *mu, marker="+", ms=12, mew=2, color="black", ls="none", label="mean $\\mu$"
    )
    mean_marker.set_gid("mean")
    if points is not None:
        reach.append(points)
        for k, pt in enumerate(points, start=1):
            (marker,) = ax.plot(
                *pt,
                marker="o",
                ms=8,
                color=COLORS["green"],
                ls="none",
                label="marked points" if k == 1 else f"_P{k}",
            )
            marker.set_gid(f"P{k}")
            ax.annotate(
                f"P{k}",
                xy=(float(pt[0]), float(pt[1])),
                xytext=(6, -12),
                textcoords="offset points",
                color=COLORS["green"],
                fontsize=12,
            )
    everything = np.vstack(reach)
    low, high = everything.min(axis=0) - 0.3, everything.max(axis=0) + 0.3
    ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), aspect="equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper left", fontsize=9)
    return fig


def plot_distance_concentration(
    dims: ArrayLike, contrasts: Mapping[str, ArrayLike], *, reference_slope: float = -0.5
) -> Figure:
    r"""Relative contrast against dimension, on log–log axes.

    Parameters
    ----------
    dims : array_like, shape (k,)
        Dimensions, positive.
    contrasts : mapping of str to array_like, shape (k,)
        For each label (e.g. ``"L2"``), the relative contrast at each
        dimension, positive (from :func:`aimath.norms.distance_concentration`).
    reference_slope : float, optional
        Slope of a dashed guide line :math:`\propto d^{\text{slope}}` through the
        last point of the first series (default :math:`-1/2`).

    Returns
    -------
    Figure
        One panel, one line with markers per label, and the guide line.

    Raises
    ------
    ValueError
        If ``dims`` or a series is not a positive finite vector, the lengths
        differ, ``contrasts`` is empty, or ``reference_slope`` is not finite.
    TypeError
        If ``dims`` or a series is not array-like of real numbers, or
        ``reference_slope`` is not a real number.

    Examples
    --------
    >>> fig = plot_distance_concentration([1, 10, 100], {"L2": [10.0, 1.0, 0.3]})
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
    ('log', 'log')
    >>> plt.close(fig)
    """
    d = as_vector(dims, "dims")
    if not np.all(d > 0):
        msg = "`dims` must be positive (they are plotted on a log axis)"
        raise ValueError(msg)
    slope = finite_scalar(reference_slope, "reference_slope")
    if len(contrasts) == 0:
        msg = "`contrasts` must hold at least one series"
        raise ValueError(msg)
    series = {}
    for label, values in contrasts.items():
        y = as_vector(values, f"contrasts[{label!r}]")
        if y.shape != d.shape:
            msg = (
                f"`contrasts[{label!r}]` must hold {d.size} positive values, one per "
                f"dimension in `dims`; got shape {y.shape} for `dims` of shape {d.shape}"
            )
            raise ValueError(msg)
        if not np.all(y > 0):
            msg = (
                f"`contrasts[{label!r}]` must hold {d.size} positive values, one per "
                "dimension (they are plotted on a log axis)"
            )
            raise ValueError(msg)
        series[label] = y
    fig, ax = plt.subplots(layout="constrained")
    markers = ["o", "s", "^", "D", "v"]
    for k, (label, y) in enumerate(series.items()):
        ax.plot(
            d,
            y,
            marker=markers[k % len(markers)],
            ms=5,
            label=label,
            color=_PALETTE[(k + 1) % len(_PALETTE)],
        )
    first = next(iter(series.values()))
    guide = first[-1] * (d / d[-1]) ** slope
    ax.plot(
        d,
        guide,
        color=COLORS["grey"],
        ls="--",
        lw=1.4,
        label=f"$\\propto d^{{{slope:g}}}$ (guide)",
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("dimension $d$")
    ax.set_ylabel(r"relative contrast $(D_{\max} - D_{\min}) / D_{\min}$")
    ax.legend(loc="upper right")
    return fig


def plot_regularization_geometry(A: ArrayLike, b: ArrayLike, radius: float = 1.0) -> Figure:
    r"""Least-squares contours meeting the L1 ball (left) and the L2 ball (right).

    Parameters
    ----------
    A : array_like, shape (m, 2)
        Design matrix with two columns (two weights).
    b : array_like, shape (m,)
        Targets.
    radius : float, optional
        Radius :math:`r` of both balls (default 1).

    Returns
    -------
    Figure
        Two panels. Each shows contours of :math:`\lVert Aw - b \rVert_2^2`, the
        unconstrained minimiser, the ball :math:`\lVert w \rVert_p \le r` (shaded),
        the constrained minimiser from
        :func:`aimath.norms.ball_constrained_least_squares`, and the contour
        through it (thick), which touches the ball there.

    Raises
    ------
    ValueError
        If ``A`` does not have two columns and full column rank, ``b`` does not
        match, or ``radius`` is not positive and finite.
    TypeError
        If ``A`` or ``b`` is not array-like of real numbers, or ``radius`` is
        not a real number.

    Examples
    --------
    >>> fig = plot_regularization_geometry([[2.0, 0.0], [1.0, 1.0]], [4.0, 4.0])
    >>> [ax.get_title() for ax in fig.axes]
    ['$L_1$ ball: $w = (1, 0)$', '$L_2$ ball: $w = (0.932, 0.362)$']
    >>> plt.close(fig)
    """
    A_ = as_matrix(A, "A")
    b_ = as_vector(b, "b")
    if A_.shape[1] != 2 or np.linalg.matrix_rank(A_) < 2:
        msg = f"`A` must have 2 linearly independent columns; got shape {A_.shape}"
        raise ValueError(msg)
    if b_.shape[0] != A_.shape[0]:
        msg = f"`b` must have length {A_.shape[0]} (rows of `A`); got {b_.shape[0]}"
        raise ValueError(msg)
    radius = finite_scalar(radius, "radius")
    if not radius > 0:
        msg = f"`radius` must be positive and finite; got {radius!r}"
        raise ValueError(msg)
    w_ls = np.asarray(np.linalg.lstsq(A_, b_, rcond=None)[0], dtype=np.float64)
    solutions = {p: ball_constrained_least_squares(A_, b_, p, radius) for p in (1.0, 2.0)}

    def loss(w: FloatArray) -> FloatArray:
        residual = w @ A_.T - b_  # (..., m)
        result: FloatArray = np.sum(residual * residual, axis=-1)
        return result

    reach = 1.25 * max(radius, float(np.max(np.abs(w_ls))))
    grid = np.linspace(-reach, reach, 301)
    W1, W2 = np.meshgrid(grid, grid)
    Z = loss(np.stack([W1, W2], axis=-1))  # (301, 301) loss surface
    lowest = float(loss(w_ls))
    levels = lowest + (float(Z.max()) - lowest) * np.linspace(0.0, 1.0, 14)[1:] ** 2

    # a fixed layout: the layout engines mis-place the titles of these equal-aspect
    # panels above a figure legend
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 5.2))
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.93, wspace=0.22)
    for ax, p in zip(axes, (1.0, 2.0), strict=True):
        w = solutions[p]
        ball = radius * unit_ball_boundary(p, 401)
        ax.contour(W1, W2, Z, levels=levels, colors=COLORS["grey"], linewidths=0.7)
        ax.fill(*ball.T, color=COLORS["sky"], alpha=0.35)
        ax.plot(*ball.T, color=COLORS["blue"], lw=2.0, label="boundary of the ball")
        ax.lines[-1].set_gid("ball")
        tangent = ax.contour(
            W1, W2, Z, levels=[float(loss(w))], colors=COLORS["vermillion"], linewidths=2.0
        )
        tangent.set_gid("tangent-level")
        ax.plot(*w_ls, marker="X", ms=10, color="black", ls="none", label="least-squares solution")
        ax.lines[-1].set_gid("least-squares")
        ax.plot(
            *w,
            marker="o",
            ms=9,
            color=COLORS["vermillion"],
            ls="none",
            label="constrained minimiser",
        )
        ax.lines[-1].set_gid("minimiser")
        ax.axhline(0.0, color=COLORS["grey"], lw=0.8)
        ax.axvline(0.0, color=COLORS["grey"], lw=0.8)
        coords = ", ".join(f"{c:.3g}" for c in np.where(w == 0.0, 0.0, w))  # no "-0"
        ax.set_title(f"$L_{p:g}$ ball: $w = ({coords})$")
        ax.set(xlim=(-reach, reach), ylim=(-reach, reach), aspect="equal")
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
    handles, labels = axes[0].get_legend_handles_labels()
    handles.append(Line2D([], [], color=COLORS["vermillion"], lw=2.0))
    labels.append("loss contour through the minimiser")
    fig.legend(handles, labels, loc="lower center", ncols=2)
    return fig
