"""Figures of chapter 7, optimization fundamentals.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_optimality.py`` check that what it draws satisfies the
mathematics (the chord joins two points of the graph, the marked minima are
minima, the level set through the constrained optimum touches the constraint
and the gradients drawn there are parallel, the shaded region is the feasible
set). Every argument is validated before a figure is created, so a bad call
leaves no empty figure behind.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, real_number
from aimath.optimality import (
    local_minima_1d,
    solve_equality_qp,
    solve_inequality_qp,
)
from aimath.plotting import COLORS, draw_arrow

__all__ = [
    "plot_convexity_chords",
    "plot_kkt_cases",
    "plot_lagrange_geometry",
    "plot_local_minima",
    "plot_saddle_statistics",
]

#: z-value of the two-sided 95 % Wilson interval drawn around measured fractions.
Z_95 = 1.959963984540054


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _callable(f: object, name: str) -> Callable[..., Any]:
    if not callable(f):
        msg = f"`{name}` must be a callable function; got {type(f).__name__}"
        raise TypeError(msg)
    return f


def _count(x: object, name: str, minimum: int) -> int:
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)):
        msg = f"`{name}` must be an integer; got {type(x).__name__}"
        raise TypeError(msg)
    if int(x) < minimum:
        msg = f"`{name}` must be at least {minimum}; got {int(x)}"
        raise ValueError(msg)
    return int(x)


def _interval(lower: object, upper: object) -> tuple[float, float]:
    a, b = real_number(lower, "lower"), real_number(upper, "upper")
    if not a < b:
        msg = f"`lower` must be less than `upper`; got lower={a!r}, upper={b!r}"
        raise ValueError(msg)
    return a, b


def _values(f: Callable[..., Any], xs: FloatArray, name: str) -> FloatArray:
    """``f`` at each point of ``xs`` (Python floats in), finite real numbers out."""
    out = np.empty(xs.shape[0])
    for i, x in enumerate(xs):
        value = f(float(x))
        try:
            number = float(value)
        except (TypeError, ValueError):
            msg = f"`{name}` must return a real number; got {type(value).__name__} at {x!r}"
            raise TypeError(msg) from None
        if not math.isfinite(number):
            msg = f"`{name}` must return finite numbers; got {number!r} at {float(x)!r}"
            raise ValueError(msg)
        out[i] = number
    return out


def _planar_quadratic(Q: ArrayLike, c: ArrayLike) -> tuple[FloatArray, FloatArray]:
    Q_ = as_matrix(Q, "Q", square=True)
    if Q_.shape != (2, 2):
        msg = f"`Q` must be 2 x 2 (the figure is drawn in the plane); got shape {Q_.shape}"
        raise ValueError(msg)
    c_ = as_vector(c, "c")
    if c_.shape != (2,):
        msg = f"`c` must have length 2 (the size of `Q`); got length {c_.shape[0]}"
        raise ValueError(msg)
    return Q_, c_


def _quadratic_on_grid(
    Q: FloatArray, c: FloatArray, center: FloatArray, reach: float, n: int = 241
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Grid ``X, Y`` around ``center`` and ``f = ½xᵀQx + cᵀx`` on it."""
    xs = np.linspace(center[0] - reach, center[0] + reach, n)
    ys = np.linspace(center[1] - reach, center[1] + reach, n)
    X, Y = np.meshgrid(xs, ys)
    P = np.stack([X, Y], axis=-1)  # (n, n, 2) grid points
    Z: FloatArray = 0.5 * np.einsum("...i,ij,...j->...", P, Q, P) + P @ c
    return X, Y, Z


def _contour_levels(Z: FloatArray, through: float, count: int = 12) -> FloatArray:
    """Levels spread over the range of ``Z`` (denser near its minimum), avoiding ``through``."""
    low, high = float(Z.min()), float(Z.max())
    levels = low + (high - low) * np.linspace(0.0, 1.0, count + 2)[1:-1] ** 2
    keep = np.abs(levels - through) > 0.02 * (high - low)  # the highlighted level stands alone
    result: FloatArray = levels[keep]
    return result


def _arrow(
    ax: Axes,
    start: FloatArray,
    vec: FloatArray,
    color: str,
    label: str,
    gid: str,
    *,
    side: float,
    offset: float,
    at: float = 0.6,
) -> None:
    """Arrow from ``start`` along ``vec``, labelled on ``side`` (±1) at ``at`` of its length."""
    tip = start + vec
    draw_arrow(ax, start, tip, color)
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    arrows[-1].set_gid(gid)
    length = float(np.linalg.norm(vec))
    normal = np.array([-vec[1], vec[0]]) / length if length > 0 else np.zeros(2)
    where = start + at * vec + side * offset * normal
    ax.text(
        float(where[0]), float(where[1]), label, color=color, fontsize=12, ha="center", va="center"
    )


def _common_scale(vectors: list[FloatArray], longest: float) -> float:
    """One factor for all arrows, so that their lengths compare honestly."""
    top = max(float(np.linalg.norm(v)) for v in vectors)
    return longest / top if top > 0 else 0.0


# ---------------------------------------------------------------------------
# Convexity: the chord above the graph
# ---------------------------------------------------------------------------


def plot_convexity_chords(
    functions: Mapping[str, Callable[[float], float]],
    x: float,
    y: float,
    *,
    lower: float,
    upper: float,
    n_points: int = 401,
) -> Figure:
    r"""Graphs with the chord between :math:`(x, f(x))` and :math:`(y, f(y))`, one panel each.

    Parameters
    ----------
    functions : mapping of str to callable
        Panel title → function of a Python float returning a real number.
    x, y : float
        End points of the chord, distinct, inside ``[lower, upper]``.
    lower, upper : float
        The interval on which each graph is drawn.
    n_points : int, optional
        Points per graph (at least 3; default 401).

    Returns
    -------
    Figure
        One panel per function: the graph, the chord (dashed), the end points,
        and the region between chord and graph shaded green where the chord
        lies above the graph and vermillion where it dips below (which proves
        the function is not convex).

    Raises
    ------
    TypeError
        If ``functions`` is not a mapping of callables, a function does not
        return a real number, or ``x``, ``y``, ``lower``, ``upper`` or
        ``n_points`` has the wrong type.
    ValueError
        If ``functions`` is empty, a number is not finite, ``x == y``, ``x``
        or ``y`` lies outside ``[lower, upper]``, ``lower >= upper``,
        ``n_points < 3``, or a function returns a non-finite value.

    Notes
    -----
    On the segment, the point :math:`t x + (1 - t) y` carries the chord value
    :math:`t f(x) + (1 - t) f(y)`; the shaded height is the convexity gap
    (:func:`aimath.optimality.convexity_gap`).

    Examples
    --------
    >>> fig = plot_convexity_chords({"$x^2$": lambda s: s * s}, -1.0, 2.0, lower=-2.0, upper=2.5)
    >>> [ax.get_title() for ax in fig.axes]
    ['$x^2$']
    >>> plt.close(fig)
    """
    table: object = functions  # checked at run time
    if not isinstance(table, Mapping):
        msg = f"`functions` must be a mapping of titles to functions; got {type(table).__name__}"
        raise TypeError(msg)
    if len(functions) == 0:
        msg = "`functions` must hold at least one function"
        raise ValueError(msg)
    for title, f in functions.items():
        _callable(f, f"functions[{title!r}]")
    x0, y0 = real_number(x, "x"), real_number(y, "y")
    a, b = _interval(lower, upper)
    if x0 == y0:
        msg = f"`x` and `y` must differ (they are the ends of a chord); got {x0!r} twice"
        raise ValueError(msg)
    if not (a <= x0 <= b and a <= y0 <= b):
        msg = f"`x` and `y` must lie in [`lower`, `upper`] = [{a!r}, {b!r}]; got x={x0!r}, y={y0!r}"
        raise ValueError(msg)
    n = _count(n_points, "n_points", 3)
    grid = np.linspace(a, b, n)
    t = np.linspace(1.0, 0.0, 201)  # from x (t = 1) to y (t = 0)
    segment = t * x0 + (1.0 - t) * y0
    panels = []
    for title, f in functions.items():
        name = f"functions[{title!r}]"
        fx, fy = _values(f, np.array([x0, y0]), name)
        panels.append(
            (title, _values(f, grid, name), t * fx + (1.0 - t) * fy, _values(f, segment, name))
        )

    fig, axes = plt.subplots(
        1, len(panels), figsize=(4.0 * len(panels), 3.6), squeeze=False, layout="constrained"
    )
    for ax, (title, graph, chord, on_segment) in zip(axes[0], panels, strict=True):
        ax.plot(grid, graph, color=COLORS["blue"], label="graph of $f$", gid="graph")
        ax.fill_between(
            segment,
            on_segment,
            chord,
            where=chord >= on_segment,
            color=COLORS["green"],
            alpha=0.3,
            interpolate=True,
            label="chord above the graph",
            gid="gap-above",
        )
        ax.fill_between(
            segment,
            on_segment,
            chord,
            where=chord < on_segment,
            color=COLORS["vermillion"],
            alpha=0.35,
            interpolate=True,
            label="chord below the graph",
            gid="gap-below",
        )
        ax.plot(segment, chord, color="#333333", ls="--", lw=1.6, label="chord", gid="chord")
        ax.plot([x0, y0], [chord[0], chord[-1]], "o", color="#333333", ms=6, gid="endpoints")
        ax.set_title(title)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$f(x)$")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4, fontsize=9)
    return fig


# ---------------------------------------------------------------------------
# Local and global minima of a function of one variable
# ---------------------------------------------------------------------------


def plot_local_minima(
    f: Callable[[float], float], lower: float, upper: float, n_grid: int = 1001
) -> Figure:
    r"""A function of one variable with its local minima, local maxima and global minimum.

    Parameters
    ----------
    f : callable
        A function of a Python float returning a real number.
    lower, upper : float
        The interval drawn, ``lower < upper``.
    n_grid : int, optional
        Grid size for drawing and for bracketing the extrema (default 1001;
        see :func:`aimath.optimality.local_minima_1d`).

    Returns
    -------
    Figure
        One panel: the graph, every interior local minimum (circles), every
        interior local maximum (triangles), and the global minimum on
        ``[lower, upper]`` (a star; it may be an end point).

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number, ``lower``
        or ``upper`` is not a real number, or ``n_grid`` is not an integer.
    ValueError
        If ``lower`` or ``upper`` is not finite, ``lower >= upper``,
        ``n_grid < 3``, or ``f`` returns a non-finite value.

    Examples
    --------
    >>> fig = plot_local_minima(lambda x: (x * x - 1.0) ** 2 + 0.3 * x, -1.8, 1.8)
    >>> len(fig.axes[0].get_legend().get_texts())
    4
    >>> plt.close(fig)
    """
    func = _callable(f, "f")
    a, b = _interval(lower, upper)
    n = _count(n_grid, "n_grid", 3)
    minima = local_minima_1d(func, a, b, n)
    maxima = local_minima_1d(lambda s: -func(s), a, b, n)
    grid = np.linspace(a, b, n)
    graph = _values(func, grid, "f")
    candidates = np.concatenate([[a, b], minima])  # the global minimum is one of these
    values = _values(func, candidates, "f")
    best = int(np.argmin(values))

    fig, ax = plt.subplots(figsize=(6.8, 4.0), layout="constrained")
    ax.plot(grid, graph, color=COLORS["blue"], label="$f(x)$", gid="graph")
    ax.plot(
        minima,
        _values(func, minima, "f"),
        "o",
        ms=8,
        color=COLORS["green"],
        label="local minimum",
        gid="local-minima",
    )
    ax.plot(
        maxima,
        _values(func, maxima, "f"),
        "^",
        ms=8,
        color=COLORS["orange"],
        label="local maximum",
        gid="local-maxima",
    )
    ax.plot(
        [candidates[best]],
        [values[best]],
        "*",
        ms=17,
        color=COLORS["vermillion"],
        label="global minimum",
        gid="global-minimum",
    )
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.legend(loc="upper center", ncols=2, fontsize=9)
    ax.set_ylim(top=float(graph.max()) + 0.35 * float(np.ptp(graph)))  # room for the legend
    return fig


# ---------------------------------------------------------------------------
# Saddle points in high dimensions
# ---------------------------------------------------------------------------


def _wilson(p: FloatArray, n: int) -> tuple[FloatArray, FloatArray]:
    """Two-sided 95 % Wilson score interval of measured fractions ``p`` from ``n`` trials."""
    z2 = Z_95 * Z_95
    center = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z_95 * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return center - half, center + half


def plot_saddle_statistics(
    dims: ArrayLike,
    fraction_minima: ArrayLike,
    n_samples: int,
    index_distributions: Mapping[str, ArrayLike],
) -> Figure:
    r"""Fraction of random critical points that are minima, and how many directions go down.

    Parameters
    ----------
    dims : array_like of int, shape (k,)
        Dimensions :math:`n \ge 1`.
    fraction_minima : array_like, shape (k,)
        Measured fraction of positive definite random Hessians at each
        dimension, in :math:`[0, 1]` (entry 0 of
        :func:`aimath.optimality.hessian_index_distribution`).
    n_samples : int
        Number of samples behind each fraction, for the 95 % intervals.
    index_distributions : mapping of str to array_like
        Label → distribution of the index (entry :math:`k` = fraction with
        :math:`k` negative eigenvalues, length :math:`n + 1`, summing to 1).

    Returns
    -------
    Figure
        Top, on a log scale: the measured fractions with 95 % Wilson
        intervals (a fraction of zero is drawn as the upper bound
        :math:`3/N`, the "rule of three"), the independent-signs guess
        :math:`2^{-n}` and the large-:math:`n` rate :math:`3^{-n^2/4}` of
        Dean & Majumdar. Bottom: each index distribution against the fraction
        :math:`k/n` of negative eigenvalues.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``dims`` is not a vector of positive integers, ``fraction_minima``
        does not match it or leaves :math:`[0, 1]`, ``n_samples < 1``, or
        ``index_distributions`` is empty or holds a vector that is not a
        distribution of length at least 2.

    Examples
    --------
    >>> fig = plot_saddle_statistics([1, 2, 3], [0.5, 0.15, 0.0], 1000, {"n = 2": [0.2, 0.6, 0.2]})
    >>> fig.axes[0].get_yscale()
    'log'
    >>> plt.close(fig)
    """
    d = as_vector(dims, "dims")
    if not np.all((d >= 1) & (d == np.round(d))):
        msg = f"`dims` must hold positive integers; got {d.tolist()}"
        raise ValueError(msg)
    p = as_vector(fraction_minima, "fraction_minima")
    if p.shape != d.shape:
        msg = (
            f"`fraction_minima` must hold one value per entry of `dims` ({d.shape[0]}); "
            f"got {p.shape[0]}"
        )
        raise ValueError(msg)
    if not np.all((p >= 0) & (p <= 1)):
        msg = f"`fraction_minima` must lie in [0, 1]; got {p.tolist()}"
        raise ValueError(msg)
    N = _count(n_samples, "n_samples", 1)
    table: object = index_distributions  # checked at run time
    if not isinstance(table, Mapping):
        msg = (
            "`index_distributions` must be a mapping of labels to distributions; "
            f"got {type(table).__name__}"
        )
        raise TypeError(msg)
    if len(index_distributions) == 0:
        msg = "`index_distributions` must hold at least one distribution"
        raise ValueError(msg)
    series = {}
    for label, values in index_distributions.items():
        name = f"index_distributions[{label!r}]"
        q = as_vector(values, name)
        if q.shape[0] < 2 or np.any(q < 0) or abs(float(q.sum()) - 1.0) > 1e-9:
            msg = (
                f"`{name}` must be a distribution over 0..n negative eigenvalues "
                f"(length n + 1 >= 2, non-negative, summing to 1); got {q.tolist()}"
            )
            raise ValueError(msg)
        series[label] = q

    # stacked, not side by side: each panel keeps the page's full width
    fig, (left, right) = plt.subplots(2, 1, figsize=(6.6, 7.6), layout="constrained")
    seen = p > 0
    low, high = _wilson(p[seen], N)
    bars = left.errorbar(
        d[seen],
        p[seen],
        yerr=np.vstack([p[seen] - low, high - p[seen]]),
        fmt="o",
        ms=6,
        capsize=3,
        color=COLORS["vermillion"],
        label="measured (95 % interval)",
    )
    data_line, caps, intervals = bars.lines
    if data_line is not None:
        data_line.set_gid("measured")
    for cap in caps:
        cap.set_gid("measured-caps")
    for interval in intervals:
        interval.set_gid("measured-interval")
    if np.any(~seen):
        left.plot(
            d[~seen],
            np.full(int(np.sum(~seen)), 3.0 / N),
            "v",
            ms=8,
            color=COLORS["vermillion"],
            label="none seen: below $3/N$",
            gid="upper-bound",
        )
    n_line = np.linspace(1.0, float(d.max()), 200)
    left.plot(
        n_line, 2.0**-n_line, "--", color=COLORS["blue"], label="$2^{-n}$ (independent signs)"
    )
    left.lines[-1].set_gid("independent-signs")
    left.plot(
        n_line, 3.0 ** (-(n_line**2) / 4.0), ":", color="#333333", label="$3^{-n^2/4}$ (large $n$)"
    )
    left.lines[-1].set_gid("large-n-rate")
    left.set_yscale("log")
    left.set_xticks(d)  # dimensions are integers
    left.set_xlabel("dimension $n$")
    left.set_ylabel("fraction that are minima")
    left.set_title("random symmetric Hessians (GOE)")
    left.legend(loc="lower left", fontsize=9)

    palette = [COLORS["blue"], COLORS["green"], COLORS["orange"], COLORS["purple"]]
    for k, (label, q) in enumerate(series.items()):
        n = q.shape[0] - 1
        right.plot(
            np.arange(n + 1) / n,
            q,
            marker="o",
            ms=3,
            color=palette[k % len(palette)],
            label=label,
            gid=f"index {label}",
        )
    right.set_xlabel("fraction of negative eigenvalues $k/n$")
    right.set_ylabel("fraction of samples")
    right.set_title("how many directions go down")
    right.legend(loc="upper right", fontsize=9)
    return fig


# ---------------------------------------------------------------------------
# Lagrange multipliers and KKT in the plane
# ---------------------------------------------------------------------------


def plot_lagrange_geometry(Q: ArrayLike, c: ArrayLike, a: ArrayLike, b: float) -> Figure:
    r"""Level sets of a quadratic touching the line :math:`a \cdot x = b` at its minimiser there.

    Parameters
    ----------
    Q : array_like, shape (2, 2)
        Symmetric matrix of :math:`f(x) = \tfrac12 x^\top Q x + c^\top x`,
        with positive curvature along the line.
    c : array_like, shape (2,)
        Linear term of :math:`f`.
    a : array_like, shape (2,)
        Normal of the constraint line :math:`h(x) = a \cdot x - b = 0`, non-zero.
    b : float
        Level of the constraint.

    Returns
    -------
    Figure
        One panel: contours of :math:`f`, the constraint line, the minimiser
        :math:`x^*` from :func:`aimath.optimality.solve_equality_qp` with the
        level set through it (it touches the line), the arrows
        :math:`\nabla f(x^*)` and :math:`\nabla h(x^*) = a` (parallel), and
        at another point of the line the level set crossing it and the
        gradient of :math:`f`, which is not parallel to :math:`a`.

    Raises
    ------
    TypeError
        If an argument is not numeric.
    ValueError
        If an argument is not finite or has the wrong shape, ``Q`` is not
        symmetric, ``a`` is zero, or :math:`f` is not strictly convex along the line.

    Examples
    --------
    >>> fig = plot_lagrange_geometry([[4.0, 1.0], [1.0, 2.0]], [0.0, 0.0], [1.0, 1.0], 2.0)
    >>> [line.get_gid() for line in fig.axes[0].lines]
    ['constraint', 'optimum', 'other-point']
    >>> plt.close(fig)
    """
    Q_, c_ = _planar_quadratic(Q, c)
    a_ = as_vector(a, "a")
    if a_.shape != (2,):
        msg = f"`a` must have length 2 (a normal of a line in the plane); got length {a_.shape[0]}"
        raise ValueError(msg)
    if not np.any(a_ != 0.0):
        msg = "`a` must not be the zero vector: it is the normal of the constraint line"
        raise ValueError(msg)
    level = real_number(b, "b")
    direction = np.array([-a_[1], a_[0]]) / math.hypot(float(a_[0]), float(a_[1]))
    curvature = float(direction @ (0.5 * (Q_ + Q_.T)) @ direction)
    if not curvature > 0.0:
        msg = (
            f"`Q` must curve upwards along the line with normal `a` (d^T Q d > 0 for d "
            f"perpendicular to a); got {curvature:.3g}, so there is no minimiser on the line"
        )
        raise ValueError(msg)
    sol = solve_equality_qp(Q_, c_, a_[None, :], [level])
    x_star, lam = sol.x, float(sol.multipliers[0])
    reach = 1.6 * max(1.0, float(np.linalg.norm(x_star)))
    X, Y, Z = _quadratic_on_grid(0.5 * (Q_ + Q_.T), c_, x_star, reach)
    other = x_star + 0.55 * reach * direction
    f_other = float(0.5 * other @ Q_ @ other + c_ @ other)

    def grad(p: FloatArray) -> FloatArray:
        g: FloatArray = 0.5 * (Q_ + Q_.T) @ p + c_
        return g

    fig, ax = plt.subplots(figsize=(6.2, 5.6), layout="constrained")
    ax.contour(X, Y, Z, levels=_contour_levels(Z, sol.value), colors=COLORS["grey"], linewidths=0.7)
    tangent = ax.contour(X, Y, Z, levels=[sol.value], colors=COLORS["vermillion"], linewidths=2.2)
    tangent.set_gid("tangent-level")
    crossing = ax.contour(
        X, Y, Z, levels=[f_other], colors=COLORS["purple"], linewidths=1.6, linestyles="--"
    )
    crossing.set_gid("crossing-level")
    s = np.linspace(-1.5 * reach, 1.5 * reach, 2)
    line = x_star[None, :] + s[:, None] * direction[None, :]
    ax.plot(line[:, 0], line[:, 1], color=COLORS["blue"], lw=2.2, gid="constraint")
    ax.plot(*x_star, "o", ms=9, color=COLORS["vermillion"], gid="optimum")
    ax.plot(*other, "o", ms=7, color=COLORS["purple"], gid="other-point")
    # at x* both arrows share one scale: their length ratio is |lambda*|
    scale = _common_scale([grad(x_star), a_], 0.5 * reach)
    _arrow(
        ax,
        x_star,
        scale * grad(x_star),
        COLORS["vermillion"],
        r"$\nabla f(x^*)$",
        "grad-f",
        side=1.0,
        offset=0.12 * reach,
    )
    _arrow(
        ax,
        x_star,
        scale * a_,
        COLORS["blue"],
        r"$\nabla h(x^*)$",
        "grad-h",
        side=-1.0,
        offset=0.2 * reach,
        at=1.3,
    )
    g_other = grad(other)
    _arrow(
        ax,
        other,
        0.35 * reach * g_other / max(float(np.linalg.norm(g_other)), 1e-300),
        COLORS["purple"],
        r"$\nabla f$",
        "grad-f-other",
        side=1.0,
        offset=0.1 * reach,
    )
    ax.set(
        xlim=(x_star[0] - reach, x_star[0] + reach),
        ylim=(x_star[1] - reach, x_star[1] + reach),
        aspect="equal",
    )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(rf"at $x^*$: $\nabla f = -\lambda^* \nabla h$ with $\lambda^* = {lam:.3g}$")
    return fig


def _clip_halfplane(polygon: FloatArray, g: FloatArray, h: float) -> FloatArray:
    """The part of a convex polygon (vertices in order) where ``g @ x <= h``."""
    kept: list[FloatArray] = []
    for k in range(polygon.shape[0]):
        p, q = polygon[k], polygon[(k + 1) % polygon.shape[0]]
        sp, sq = float(g @ p) - h, float(g @ q) - h
        if sp <= 0:
            kept.append(p)
        if sp * sq < 0:  # the edge crosses the boundary line
            kept.append(p + (sp / (sp - sq)) * (q - p))
    return np.array(kept, dtype=np.float64).reshape(-1, 2)


def plot_kkt_cases(
    Q: ArrayLike,
    c: ArrayLike,
    G: ArrayLike,
    h: ArrayLike,
    *,
    titles: list[str] | None = None,
) -> Figure:
    r"""One inequality-constrained quadratic per panel: active or inactive constraint.

    Parameters
    ----------
    Q : array_like, shape (2, 2)
        Symmetric positive definite matrix of :math:`f(x) = \tfrac12 x^\top Q x + c^\top x`.
    c : array_like, shape (2,)
        Linear term of :math:`f`.
    G : array_like, shape (k, 2)
        Row :math:`i` defines the single constraint :math:`G_i x \le h_i` of
        panel :math:`i` (each panel is a separate problem), :math:`1 \le k \le 4`.
    h : array_like, shape (k,)
        The right-hand sides.
    titles : list of str, optional
        Panel titles; by default each panel says whether its constraint is
        active and gives :math:`\mu^*`.

    Returns
    -------
    Figure
        :math:`k` panels with the same view: contours of :math:`f`, the
        feasible half-plane (shaded) and its boundary, the unconstrained
        minimiser :math:`-Q^{-1}c`, the constrained minimiser from
        :func:`aimath.optimality.solve_inequality_qp` with its level set and,
        when the constraint is active, the arrows :math:`-\nabla f(x^*)` and
        :math:`\nabla g(x^*) = G_i`, which point the same way (:math:`\mu^* > 0`).

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If an argument is not finite or has the wrong shape, ``Q`` is not
        symmetric positive definite, a row of ``G`` is zero, ``k`` is not in
        1..4, or ``titles`` does not have ``k`` entries.

    Examples
    --------
    >>> G = [[-1.0, -1.0], [1.0, 1.0]]
    >>> fig = plot_kkt_cases([[4.0, 1.0], [1.0, 2.0]], [0.0, 0.0], G, [-2.0, 2.0])
    >>> [ax.get_title() for ax in fig.axes]
    ['active: $\\mu^* = 3.5$', 'inactive: $\\mu^* = 0$']
    >>> plt.close(fig)
    """
    Q_, c_ = _planar_quadratic(Q, c)
    G_ = as_matrix(G, "G")
    if G_.shape[1] != 2 or not 1 <= G_.shape[0] <= 4:
        msg = f"`G` must have shape (k, 2) with 1 <= k <= 4 (one panel per row); got {G_.shape}"
        raise ValueError(msg)
    h_ = as_vector(h, "h")
    if h_.shape[0] != G_.shape[0]:
        msg = f"`h` must have one entry per row of `G` ({G_.shape[0]}); got {h_.shape[0]}"
        raise ValueError(msg)
    if np.any(np.all(G_ == 0.0, axis=1)):
        msg = "`G` must not have a zero row: each row is the normal of a constraint line"
        raise ValueError(msg)
    if titles is not None:
        if not isinstance(titles, (list, tuple)) or not all(isinstance(t, str) for t in titles):
            msg = f"`titles` must be a list of strings; got {type(titles).__name__}"
            raise TypeError(msg)
        if len(titles) != G_.shape[0]:
            msg = f"`titles` must have one entry per row of `G` ({G_.shape[0]}); got {len(titles)}"
            raise ValueError(msg)
    solutions = [solve_inequality_qp(Q_, c_, G_[i : i + 1], h_[i : i + 1]) for i in range(len(h_))]
    Q_sym = 0.5 * (Q_ + Q_.T)
    x_free = np.linalg.solve(Q_sym, -c_)  # the unconstrained minimiser
    points = np.vstack([x_free] + [s.x for s in solutions])
    center = 0.5 * (points.min(axis=0) + points.max(axis=0))
    reach = 1.5 * max(1.0, float(np.max(np.abs(points - center))))
    X, Y, Z = _quadratic_on_grid(Q_sym, c_, center, reach)
    square = center + reach * np.array([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])

    k = G_.shape[0]
    fig, axes = plt.subplots(1, k, figsize=(4.4 * k, 4.6), squeeze=False, layout="constrained")
    for i, (ax, sol) in enumerate(zip(axes[0], solutions, strict=True)):
        g_i, mu = G_[i], float(sol.multipliers[0])
        ax.contour(
            X, Y, Z, levels=_contour_levels(Z, sol.value), colors=COLORS["grey"], linewidths=0.7
        )
        region = _clip_halfplane(square, g_i, float(h_[i]))
        ax.fill(*region.T, color=COLORS["sky"], alpha=0.3, gid="feasible", label="feasible set")
        normal = g_i / float(np.linalg.norm(g_i))
        foot = normal * float(h_[i]) / float(np.linalg.norm(g_i))  # closest point of the line to 0
        along = np.array([-normal[1], normal[0]])
        shift = float(along @ (center - foot))
        s = shift + np.array([-2.0, 2.0]) * reach
        ax.plot(*(foot[:, None] + along[:, None] * s), color=COLORS["blue"], lw=2, gid="boundary")
        level = ax.contour(X, Y, Z, levels=[sol.value], colors=COLORS["vermillion"], linewidths=2)
        level.set_gid("solution-level")
        ax.plot(*x_free, "X", ms=10, color="black", label="unconstrained minimiser")
        ax.lines[-1].set_gid("unconstrained")
        ax.plot(
            *sol.x,
            "o",
            ms=14,
            mfc="none",
            mew=2.5,
            color=COLORS["vermillion"],
            label="constrained minimiser",
        )
        ax.lines[-1].set_gid("solution")
        if sol.active[0]:
            # one scale for both arrows: their length ratio is mu*
            minus_grad = -(Q_sym @ sol.x + c_)
            scale = _common_scale([minus_grad, g_i], 0.45 * reach)
            _arrow(
                ax,
                sol.x,
                scale * minus_grad,
                COLORS["vermillion"],
                r"$-\nabla f$",
                "minus-grad-f",
                side=1.0,
                offset=0.1 * reach,
            )
            _arrow(
                ax,
                sol.x,
                scale * g_i,
                COLORS["blue"],
                r"$\nabla g$",
                "grad-g",
                side=-1.0,
                offset=0.12 * reach,
                at=1.3,
            )
        default = f"{'active' if sol.active[0] else 'inactive'}: $\\mu^* = {mu:.3g}$"
        ax.set_title(default if titles is None else titles[i])
        ax.set(
            xlim=(center[0] - reach, center[0] + reach),
            ylim=(center[1] - reach, center[1] + reach),
            aspect="equal",
        )
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=9)
    return fig
