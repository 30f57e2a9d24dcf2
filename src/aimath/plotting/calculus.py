"""Figures of chapter 5, derivatives and multivariate calculus.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_calculus.py`` check that what it draws satisfies the mathematics
(tangent lines touch the curve with slope :math:`f'(a)`, the fitted lines of the
error plot have the measured slopes, the arrows are the gradients, the Taylor
curves are the polynomials).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_vector, finite_scalar
from aimath.calculus import (
    directional_derivative,
    loglog_slope,
    numerical_gradient,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softplus,
    softplus_derivative,
    tanh_derivative,
    taylor_polynomial,
)
from aimath.plotting import COLORS, draw_arrow

__all__ = [
    "plot_activation_derivatives",
    "plot_difference_errors",
    "plot_directional_derivatives",
    "plot_gradient_field",
    "plot_tangent_lines",
    "plot_taylor_polynomials",
]

_PALETTE = [
    COLORS["blue"],
    COLORS["vermillion"],
    COLORS["green"],
    COLORS["orange"],
    COLORS["purple"],
    COLORS["sky"],
]

#: Colour of the function being approximated or differentiated: ink, not data.
_INK = "#333333"


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _callable(f: object, name: str) -> Callable[..., Any]:
    if not callable(f):
        msg = f"`{name}` must be a callable function; got {type(f).__name__}"
        raise TypeError(msg)
    return f


def _interval(lim: object, name: str) -> tuple[float, float]:
    """``(low, high)`` with finite ``low < high``, or an error naming ``name``."""
    bounds = as_vector(lim, name)  # type: ignore[arg-type]
    if bounds.shape != (2,) or not bounds[0] < bounds[1]:
        msg = f"`{name}` must be an interval (low, high) with low < high; got {lim!r}"
        raise ValueError(msg)
    return float(bounds[0]), float(bounds[1])


def _count(n: object, name: str, minimum: int) -> int:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
        msg = f"`{name}` must be an integer; got {type(n).__name__}"
        raise TypeError(msg)
    if int(n) < minimum:
        msg = f"`{name}` must be at least {minimum}; got {int(n)}"
        raise ValueError(msg)
    return int(n)


def _curve(f: Callable[..., Any], x: FloatArray, name: str) -> FloatArray:
    """``f(x)`` for a vectorised ``f``, checked to be finite real values of the shape of ``x``."""
    raw = np.asarray(f(x))
    if raw.dtype.kind not in "biuf":  # complex, text, objects: not real values
        msg = f"`{name}` must map an array of real numbers to real numbers of the same shape"
        raise TypeError(msg)
    y = raw.astype(np.float64)
    if y.shape != x.shape:
        msg = f"`{name}` must be vectorised: an input of shape {x.shape} gave shape {y.shape}"
        raise ValueError(msg)
    if not np.all(np.isfinite(y)):
        msg = f"`{name}` must be finite on the plotted range; got NaN or inf"
        raise ValueError(msg)
    return y


# ---------------------------------------------------------------------------
# One variable
# ---------------------------------------------------------------------------


def plot_tangent_lines(
    f: Callable[[FloatArray], FloatArray],
    df: Callable[[FloatArray], FloatArray],
    points: ArrayLike,
    xlim: tuple[float, float] = (-3.0, 3.0),
    secant_steps: ArrayLike | None = None,
) -> Figure:
    r"""A curve with its tangent lines, and secants closing in on the first tangent.

    Parameters
    ----------
    f, df : callable
        The function and its derivative, vectorised (arrays in, arrays of the
        same shape out), e.g. ``lambda x: x**2`` and ``lambda x: 2 * x``.
    points : array_like, shape (k,)
        The points :math:`a` where tangents are drawn.
    xlim : (float, float), optional
        The plotted range of :math:`x`.
    secant_steps : array_like, shape (s,), optional
        Steps :math:`h > 0`: for each, the secant through
        :math:`(a, f(a))` and :math:`(a + h, f(a + h))` at the first point.

    Returns
    -------
    Figure
        One panel: the curve, each tangent
        :math:`y = f(a) + f'(a)(x - a)` (gid ``"tangent a=<a>"``) with its
        point of contact, and the dashed secants (gid ``"secant h=<h>"``).

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable, or an array argument is not
        array-like of real numbers.
    ValueError
        If ``points`` or ``secant_steps`` is not a finite 1-D array,
        ``secant_steps`` holds a step that is not positive, ``xlim`` is not an
        interval, or ``f``/``df`` is not vectorised or not finite there.

    Examples
    --------
    >>> fig = plot_tangent_lines(lambda x: x**2, lambda x: 2 * x, [1.0])
    >>> fig.axes[0].get_legend().get_texts()[1].get_text()
    'tangent at $a = 1$, slope $2$'
    >>> plt.close(fig)
    """
    func, deriv = _callable(f, "f"), _callable(df, "df")
    a = as_vector(points, "points")
    low, high = _interval(xlim, "xlim")
    steps = np.empty(0) if secant_steps is None else as_vector(secant_steps, "secant_steps")
    if np.any(steps <= 0.0):
        msg = "`secant_steps` must hold positive steps h"
        raise ValueError(msg)
    x = np.linspace(low, high, 401)
    y = _curve(func, x, "f")
    fa, slopes = _curve(func, a, "f"), _curve(deriv, a, "df")
    # f(a + h) for every secant, checked before anything is drawn
    f_right = _curve(func, float(a[0]) + steps, "f")
    half_width = 0.22 * (high - low)

    fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
    ax.plot(x, y, color=_INK, lw=2.4, label="$f(x)$")
    for k, (ak, fk, sk) in enumerate(zip(a, fa, slopes, strict=True)):
        color = _PALETTE[k % len(_PALETTE)]
        xs = np.array([ak - half_width, ak + half_width])
        (line,) = ax.plot(
            xs,
            fk + sk * (xs - ak),
            color=color,
            lw=1.8,
            label=f"tangent at $a = {ak:g}$, slope ${sk:g}$",
        )
        line.set_gid(f"tangent a={ak:g}")
        ax.plot([ak], [fk], "o", color=color, ms=6, zorder=3)
    # secants: dashed, in colours the tangents (first three of _PALETTE) do not use
    secant_styles = [("--", COLORS["purple"]), ("-.", COLORS["orange"]), (":", COLORS["grey"])]
    a0, f0 = float(a[0]), float(fa[0])
    for k, (h, f1) in enumerate(zip(steps, f_right, strict=True)):
        style, color = secant_styles[k % len(secant_styles)]
        slope = (f1 - f0) / h
        xs = np.array([a0 - 0.4 * half_width, a0 + h + 0.4 * half_width])
        (line,) = ax.plot(
            xs,
            f0 + slope * (xs - a0),
            color=color,
            ls=style,
            lw=1.5,
            label=f"secant, $h = {h:g}$: slope ${slope:.3g}$",
        )
        line.set_gid(f"secant h={h:g}")
        ax.plot([a0 + h], [f1], "s", color=color, ms=5, zorder=3)
    span = float(np.max(y) - np.min(y))
    ax.set(xlim=(low, high), ylim=(float(np.min(y)) - 0.15 * span, float(np.max(y)) + 0.1 * span))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="upper center", fontsize=9)
    return fig


def plot_difference_errors(
    hs: ArrayLike,
    forward_errors: ArrayLike,
    central_errors: ArrayLike,
    fit_range: tuple[float, float] = (1e-4, 1e-1),
) -> Figure:
    r"""Error of forward and central differences against the step, on log–log axes.

    Parameters
    ----------
    hs : array_like, shape (k,)
        Positive steps.
    forward_errors, central_errors : array_like, shape (k,)
        Non-negative errors at those steps (e.g. from
        :func:`aimath.calculus.finite_difference_errors`). Zeros (an exact
        answer by luck) cannot be shown on a log axis and are left out.
    fit_range : (float, float), optional
        The steps, ``low <= h <= high``, where truncation dominates: a straight
        line is fitted there by :func:`aimath.calculus.loglog_slope` and drawn
        with its slope in the legend.

    Returns
    -------
    Figure
        One panel: both error curves (gids ``"forward"``, ``"central"``), the
        fitted lines (gids ``"fit forward"``, ``"fit central"``) and the
        shaded fit range.

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If the arrays are not finite 1-D arrays of one length, ``hs`` is not
        positive, an error is negative, ``fit_range`` is not a positive
        interval, or fewer than two positive errors of a method fall in it.

    Examples
    --------
    >>> hs = [1e-3, 1e-2, 1e-1]
    >>> fig = plot_difference_errors(hs, [1e-3, 1e-2, 1e-1], [1e-6, 1e-4, 1e-2], (1e-3, 1e-1))
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2]
    ['forward difference', 'fitted slope 1.00']
    >>> plt.close(fig)
    """
    h = as_vector(hs, "hs")
    if np.any(h <= 0.0):
        msg = "`hs` must hold positive steps (they are plotted on a log axis)"
        raise ValueError(msg)
    series = {}
    for name, values in (("forward_errors", forward_errors), ("central_errors", central_errors)):
        e = as_vector(values, name)
        if e.shape != h.shape:
            msg = f"`{name}` must have one error per step in `hs`, {h.size}; got {e.size}"
            raise ValueError(msg)
        if np.any(e < 0.0):
            msg = f"`{name}` must be non-negative (absolute errors)"
            raise ValueError(msg)
        series[name.split("_")[0]] = e
    low, high = _interval(fit_range, "fit_range")
    if low <= 0.0:
        msg = f"`fit_range` must be positive (steps); got {fit_range!r}"
        raise ValueError(msg)

    fits = {}
    for method, e in series.items():
        fit = (e > 0.0) & (h >= low) & (h <= high)
        if np.count_nonzero(fit) < 2:
            msg = f"`fit_range` must contain at least two positive {method} errors to fit a slope"
            raise ValueError(msg)
        fits[method] = (fit, loglog_slope(h[fit], e[fit]))

    fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
    ax.axvspan(low, high, color=COLORS["grey"], alpha=0.12, lw=0)
    for k, (method, e) in enumerate(series.items()):
        color = _PALETTE[k]
        shown = e > 0.0  # a log axis cannot show an exact 0
        (line,) = ax.plot(
            h[shown], e[shown], "o-", ms=3, lw=1.2, color=color, label=f"{method} difference"
        )
        line.set_gid(method)
        fit, slope = fits[method]
        # the least-squares line in log space passes through the mean point
        u0, v0 = float(np.mean(np.log10(h[fit]))), float(np.mean(np.log10(e[fit])))
        xs = np.array([float(np.min(h[fit])), float(np.max(h[fit]))])
        ys = 10.0 ** (v0 + slope * (np.log10(xs) - u0))
        (fitted,) = ax.plot(
            xs, ys, color=color, lw=5, alpha=0.35, label=f"fitted slope {slope:.2f}"
        )
        fitted.set_gid(f"fit {method}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("step $h$")
    ax.set_ylabel(r"absolute error $|D_h f(x) - f'(x)|$")
    ax.legend(loc="upper center", fontsize=9, ncols=2)
    return fig


def plot_activation_derivatives(
    xlim: tuple[float, float] = (-5.0, 5.0), n_points: int = 401
) -> Figure:
    r"""Four activation functions (left) and their derivatives (right).

    Parameters
    ----------
    xlim : (float, float), optional
        The plotted range.
    n_points : int, optional
        Points per curve, at least 3.

    Returns
    -------
    Figure
        Two panels with one curve each (gids ``"sigmoid"``, ``"tanh"``,
        ``"softplus"``, ``"relu"``): the functions, and their derivatives from
        the closed forms of :mod:`aimath.calculus`, with the sigmoid's peak
        slope :math:`1/4` marked by a dotted line (gid ``"one quarter"``).

    Raises
    ------
    TypeError
        If ``xlim`` is not array-like of real numbers or ``n_points`` is not
        an integer.
    ValueError
        If ``xlim`` is not a finite interval or ``n_points < 3``.

    Examples
    --------
    >>> fig = plot_activation_derivatives()
    >>> [ax.get_title() for ax in fig.axes]
    ['activation $g(x)$', "derivative $g'(x)$"]
    >>> plt.close(fig)
    """
    low, high = _interval(xlim, "xlim")
    x = np.linspace(low, high, _count(n_points, "n_points", 3))
    curves = {
        "sigmoid": (r"$\sigma(x)$", sigmoid(x), r"$\sigma(1-\sigma)$", sigmoid_derivative(x)),
        "tanh": (r"$\tanh x$", np.tanh(x), r"$1-\tanh^2$", tanh_derivative(x)),
        "softplus": (r"softplus", softplus(x), r"$\sigma(x)$", softplus_derivative(x)),
        "relu": (r"ReLU", np.maximum(x, 0.0), r"$\mathbf{1}[x>0]$", relu_derivative(x)),
    }
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 3.8), layout="constrained")
    for k, (gid, (name, g, dname, dg)) in enumerate(curves.items()):
        color = _PALETTE[k]
        (line,) = left.plot(x, g, color=color, label=name)
        line.set_gid(gid)
        (dline,) = right.plot(x, dg, color=color, label=dname)
        dline.set_gid(gid)
    (quarter,) = right.plot([low, high], [0.25, 0.25], color=_INK, ls=":", lw=1.2, label="$1/4$")
    quarter.set_gid("one quarter")
    left.set(xlim=(low, high), ylim=(-1.1, 3.0), title="activation $g(x)$", xlabel="$x$")
    right.set(xlim=(low, high), ylim=(-0.05, 1.1), title="derivative $g'(x)$", xlabel="$x$")
    left.legend(loc="upper left", fontsize=9)
    right.legend(loc="upper left", fontsize=9)
    return fig


def plot_taylor_polynomials(
    f: Callable[[FloatArray], FloatArray],
    derivatives: ArrayLike,
    x0: float,
    xlim: tuple[float, float],
    orders: Sequence[int] = (1, 2, 3, 4),
    ylim: tuple[float, float] | None = None,
) -> Figure:
    r"""Taylor polynomials of several orders against the function, and their errors.

    Parameters
    ----------
    f : callable
        The function, vectorised, finite on ``xlim`` (e.g. ``np.log1p``).
    derivatives : sequence of float
        :math:`f(x_0), f'(x_0), \dots`; at least ``max(orders) + 1`` of them.
    x0 : float
        The expansion point.
    xlim : (float, float)
        The plotted range.
    orders : sequence of int, optional
        The orders :math:`n \ge 0` to draw.
    ylim : (float, float), optional
        The value range of the left panel (default: the range of :math:`f`, padded).

    Returns
    -------
    Figure
        Left: :math:`f` and each :math:`T_n` (gid ``"order <n>"``) from
        :func:`aimath.calculus.taylor_polynomial`. Right: the errors
        :math:`|f(x) - T_n(x)|` on a log axis (same gids; exact zeros left out).

    Raises
    ------
    TypeError
        If ``f`` is not callable, an array argument is not array-like of real
        numbers, or an order is not an integer.
    ValueError
        If ``derivatives`` is too short or not finite, ``x0`` is not finite,
        ``xlim``/``ylim`` is not an interval, an order is negative, ``orders``
        is empty, or ``f`` is not vectorised or not finite on ``xlim``.

    Examples
    --------
    >>> fig = plot_taylor_polynomials(np.exp, [1.0, 1.0, 1.0], 0.0, (-1.0, 1.0), orders=(1, 2))
    >>> [line.get_gid() for line in fig.axes[0].lines]
    ['function', 'order 1', 'order 2', 'x0']
    >>> plt.close(fig)
    """
    func = _callable(f, "f")
    d = as_vector(derivatives, "derivatives")
    center = finite_scalar(x0, "x0")
    low, high = _interval(xlim, "xlim")
    given: object = orders  # checked at run time: a bare integer is a common slip
    if isinstance(given, (str, bytes)) or not isinstance(given, (Sequence, np.ndarray)):
        msg = f"`orders` must be a sequence of integers; got {type(given).__name__}"
        raise TypeError(msg)
    if isinstance(given, np.ndarray) and given.ndim != 1:
        msg = f"`orders` must be a 1-D sequence of integers; got an array of shape {given.shape}"
        raise ValueError(msg)
    if len(orders) == 0:
        msg = "`orders` must be a non-empty sequence of integers"
        raise ValueError(msg)
    ns = [_count(n, f"orders[{k}]", 0) for k, n in enumerate(orders)]
    if max(ns) + 1 > d.size:
        msg = (
            f"`derivatives` must hold at least max(`orders`) + 1 = {max(ns) + 1} values; "
            f"got {d.size}"
        )
        raise ValueError(msg)
    x = np.linspace(low, high, 401)
    y = _curve(func, x, "f")
    polynomials = [taylor_polynomial(d[: n + 1], center, x) for n in ns]
    if ylim is None:
        span = float(np.max(y) - np.min(y)) or 1.0
        ylim = (float(np.min(y)) - 0.5 * span, float(np.max(y)) + 0.5 * span)
    y_range = _interval(ylim, "ylim")

    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 3.8), layout="constrained")
    (line,) = left.plot(x, y, color=_INK, lw=3.0, label="$f(x)$")
    line.set_gid("function")
    for k, (n, t) in enumerate(zip(ns, polynomials, strict=True)):
        color = _PALETTE[k % len(_PALETTE)]
        (line,) = left.plot(x, t, color=color, lw=1.6, label=f"$T_{n}$")
        line.set_gid(f"order {n}")
        err = np.abs(y - t)
        shown = err > 0.0
        (eline,) = right.plot(x[shown], err[shown], color=color, lw=1.6, label=f"$|f - T_{n}|$")
        eline.set_gid(f"order {n}")
    (mark,) = left.plot([center], [float(d[0])], "o", color=_INK, ms=6, label="$x_0$")
    mark.set_gid("x0")
    left.set(xlim=(low, high), ylim=y_range, xlabel="$x$", title="Taylor polynomials")
    right.set_yscale("log")
    right.set(xlim=(low, high), xlabel="$x$", title="error (log scale)")
    left.legend(loc="upper left", fontsize=9)
    right.legend(loc="lower right", fontsize=9)
    return fig


# ---------------------------------------------------------------------------
# Two variables
# ---------------------------------------------------------------------------


def _grid_values(func: Callable[..., Any], X: FloatArray, Y: FloatArray) -> FloatArray:
    """``f`` at every grid point, one call per point (``f`` takes a 2-vector)."""
    Z = np.empty_like(X)
    for idx in np.ndindex(X.shape):
        out = func(np.array([X[idx], Y[idx]]))
        raw = np.asarray(out)
        if raw.dtype.kind not in "biuf":  # complex, text, objects: not a real value
            msg = f"`f` must return a real scalar; got {type(out).__name__}"
            raise TypeError(msg)
        value = raw.astype(np.float64)
        if value.ndim != 0 or not math.isfinite(float(value)):
            msg = "`f` must return a finite real scalar at every grid point"
            raise ValueError(msg)
        Z[idx] = float(value)
    return Z


def plot_gradient_field(
    f: Callable[[FloatArray], float],
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    n_arrows: int = 7,
    point: ArrayLike | None = None,
    axis_labels: tuple[str, str] = ("$x$", "$y$"),
) -> Figure:
    r"""Contour lines of :math:`f(x, y)` with gradient arrows on a grid.

    Parameters
    ----------
    f : callable
        A function of a 2-vector returning a real number.
    xlim, ylim : (float, float), optional
        The plotted rectangle.
    n_arrows : int, optional
        Arrows per side of the grid, at least 2.
    point : array_like, shape (2,), optional
        A point to highlight with the unit direction of steepest ascent.
    axis_labels : (str, str), optional
        Labels of the two axes (the names of the variables).

    Returns
    -------
    Figure
        One panel: contours of :math:`f`, a quiver of gradients from
        :func:`aimath.calculus.numerical_gradient` (one common scale, so
        lengths compare), and the highlighted point.

    Raises
    ------
    TypeError
        If ``f`` is not callable, an array argument is not array-like of real
        numbers, or ``n_arrows`` is not an integer.
    ValueError
        If ``xlim`` or ``ylim`` is not an interval, ``n_arrows < 2``, ``point``
        is not a finite 2-vector, or ``f`` does not return finite scalars.

    Examples
    --------
    >>> fig = plot_gradient_field(lambda v: float(v @ v), n_arrows=3)
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('$x$', '$y$')
    >>> plt.close(fig)
    """
    func = _callable(f, "f")
    xlo, xhi = _interval(xlim, "xlim")
    ylo, yhi = _interval(ylim, "ylim")
    n = _count(n_arrows, "n_arrows", 2)
    p = None if point is None else as_vector(point, "point")
    if p is not None and p.shape != (2,):
        msg = f"`point` must be a point of the plane (length 2); got length {p.size}"
        raise ValueError(msg)
    X, Y = np.meshgrid(np.linspace(xlo, xhi, 81), np.linspace(ylo, yhi, 81))
    Z = _grid_values(func, X, Y)
    QX, QY = np.meshgrid(np.linspace(xlo, xhi, n + 2)[1:-1], np.linspace(ylo, yhi, n + 2)[1:-1])
    G = np.array(
        [numerical_gradient(func, [qx, qy]) for qx, qy in zip(QX.ravel(), QY.ravel(), strict=True)]
    )
    spacing = min(xhi - xlo, yhi - ylo) / (n + 1)
    longest = float(np.max(np.hypot(G[:, 0], G[:, 1]))) or 1.0
    scale = 0.9 * spacing / longest  # the longest arrow spans 90 % of a grid cell
    g_point = None if p is None else numerical_gradient(func, p)

    fig, ax = plt.subplots(figsize=(5.6, 5.0), layout="constrained")
    levels = np.quantile(Z, np.linspace(0.02, 0.98, 12))
    ax.contour(X, Y, Z, levels=np.unique(levels), colors=COLORS["blue"], linewidths=1.0, alpha=0.8)
    quiver = ax.quiver(
        QX.ravel(),
        QY.ravel(),
        scale * G[:, 0],
        scale * G[:, 1],
        angles="xy",
        scale_units="xy",
        scale=1.0,
        color=COLORS["vermillion"],
        width=0.006,
    )
    quiver.set_gid("gradients")
    if p is not None and g_point is not None:
        ax.plot(*p, "o", color=COLORS["green"], ms=7, zorder=4)
        norm_g = float(np.hypot(g_point[0], g_point[1]))
        if norm_g > 0.0:  # a critical point has no direction of steepest ascent
            draw_arrow(ax, p, p + 0.9 * spacing * g_point / norm_g, COLORS["green"])
    ax.set(xlim=(xlo, xhi), ylim=(ylo, yhi), aspect="equal")
    ax.set_xlabel(str(axis_labels[0]))
    ax.set_ylabel(str(axis_labels[1]))
    ax.set_title("contour lines and gradient arrows")
    return fig


def plot_directional_derivatives(
    f: Callable[[FloatArray], float], x: ArrayLike, n_angles: int = 361
) -> Figure:
    r"""The directional derivative :math:`D_u f(x)` against the angle of the unit vector :math:`u`.

    Parameters
    ----------
    f : callable
        A function of a 2-vector returning a real number.
    x : array_like, shape (2,)
        The point.
    n_angles : int, optional
        Directions :math:`u = (\cos\theta, \sin\theta)`, evenly spaced over
        :math:`[0°, 360°]`, at least 3.

    Returns
    -------
    Figure
        One panel: :math:`D_u f(x)` from
        :func:`aimath.calculus.directional_derivative` (gid ``"directional"``),
        the levels :math:`\pm\lVert\nabla f(x)\rVert` (gid ``"gradient norm"``)
        and the angle of :math:`\nabla f(x)` (gid ``"gradient angle"``).

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` is not array-like of real numbers, or
        ``n_angles`` is not an integer.
    ValueError
        If ``x`` is not a finite 2-vector, ``n_angles < 3``, or ``f`` does not
        return finite scalars.

    Examples
    --------
    >>> fig = plot_directional_derivatives(lambda v: float(v @ v), [1.0, 0.0])
    >>> fig.axes[0].get_xlabel()
    'angle of $u$ (degrees)'
    >>> plt.close(fig)
    """
    func = _callable(f, "f")
    p = as_vector(x, "x")
    if p.shape != (2,):
        msg = f"`x` must be a point of the plane (length 2); got length {p.size}"
        raise ValueError(msg)
    n = _count(n_angles, "n_angles", 3)
    theta = np.linspace(0.0, 360.0, n)
    rad = np.radians(theta)
    D = np.array([directional_derivative(func, p, [np.cos(t), np.sin(t)]) for t in rad])
    g = numerical_gradient(func, p)
    norm_g = float(np.hypot(g[0], g[1]))
    angle = float(np.degrees(np.arctan2(g[1], g[0])) % 360.0)

    fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    (line,) = ax.plot(theta, D, color=COLORS["blue"], label=r"$D_u f(x) = \nabla f \cdot u$")
    line.set_gid("directional")
    (level,) = ax.plot(
        [0.0, 360.0],
        [norm_g, norm_g],
        color=COLORS["vermillion"],
        ls="--",
        lw=1.4,
        label=r"$\pm\Vert\nabla f(x)\Vert$",
    )
    level.set_gid("gradient norm")
    ax.plot([0.0, 360.0], [-norm_g, -norm_g], color=COLORS["vermillion"], ls="--", lw=1.4)
    (vline,) = ax.plot(
        [angle, angle],
        [-norm_g, norm_g],
        color=COLORS["green"],
        ls=":",
        lw=1.6,
        label=r"angle of $\nabla f(x)$",
    )
    vline.set_gid("gradient angle")
    ax.set(xlim=(0.0, 360.0), xticks=np.arange(0, 361, 45))
    ax.set_xlabel("angle of $u$ (degrees)")
    ax.set_ylabel("slope along $u$")
    fig.legend(loc="outside lower center", ncols=3, fontsize=9)
    return fig
