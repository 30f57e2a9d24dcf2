"""Figures of chapter 9, convexity and duality.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_convex.py`` check that what it draws satisfies the mathematics
(the shrinkage curves are the proximal operators, the dual curve lies below
the primal optimum and peaks at the dual solution, the trajectory stays on
the simplex).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.tri import Triangulation

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, finite_scalar
from aimath.convex import (
    prox_squared_l2,
    qp_dual_function,
    qp_lagrangian_minimizer,
    soft_threshold,
    solve_qp_dual,
)
from aimath.plotting import COLORS

__all__ = [
    "plot_dual_function",
    "plot_objective_gaps",
    "plot_qp_duality",
    "plot_shrinkage",
    "plot_simplex_trajectory",
]

_PALETTE = [COLORS["blue"], COLORS["vermillion"], COLORS["green"], COLORS["orange"]]

#: Corners of the probability simplex in the plane: e1, e2, e3.
_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, math.sqrt(3.0) / 2.0]])


def _positive(x: object, name: str) -> float:
    value = finite_scalar(x, name)
    if not value > 0.0:
        msg = f"`{name}` must be positive; got {value!r}"
        raise ValueError(msg)
    return value


def plot_shrinkage(t: float = 1.0, x_max: float = 3.0) -> Figure:
    r"""Soft-thresholding and ridge shrinkage against the identity.

    Parameters
    ----------
    t : float, optional
        The weight :math:`t > 0` of both proximal operators (default 1).
    x_max : float, optional
        The inputs run over :math:`[-x_{\max}, x_{\max}]`; must exceed ``t``
        (default 3).

    Returns
    -------
    Figure
        One panel: the identity (dashed), :func:`aimath.convex.soft_threshold`
        (the prox of :math:`t\lVert\cdot\rVert_1`),
        :func:`aimath.convex.prox_squared_l2` (the prox of
        :math:`\tfrac t2\lVert\cdot\rVert_2^2`), and the dead zone
        :math:`[-t, t]` shaded.

    Raises
    ------
    ValueError
        If ``t`` or ``x_max`` is not positive and finite, or ``x_max <= t``.
    TypeError
        If ``t`` or ``x_max`` is not a real number.

    Examples
    --------
    >>> fig = plot_shrinkage(1.0)
    >>> [line.get_gid() for line in fig.axes[0].lines]
    ['identity', 'soft-threshold', 'ridge', 'axis']
    >>> plt.close(fig)
    """
    t_ = _positive(t, "t")
    reach = _positive(x_max, "x_max")
    if reach <= t_:
        msg = f"`x_max` must exceed `t` = {t_:g} so the plot shows both regimes; got {reach:g}"
        raise ValueError(msg)
    x = np.linspace(-reach, reach, 601)
    fig, ax = plt.subplots(figsize=(6.4, 4.6), layout="constrained")
    ax.axvspan(-t_, t_, color=COLORS["sky"], alpha=0.25, label=f"dead zone $|x| \\leq {t_:g}$")
    ax.plot(x, x, color="0.4", ls="--", lw=1.4, label="identity", gid="identity")
    ax.plot(
        x,
        soft_threshold(x, t_),
        color=COLORS["blue"],
        label=r"soft threshold: prox of $t\Vert x \Vert_1$",
        gid="soft-threshold",
    )
    ax.plot(
        x,
        prox_squared_l2(x, t_),
        color=COLORS["orange"],
        label=r"$x / (1 + t)$: prox of $\frac{t}{2}\Vert x \Vert_2^2$",
        gid="ridge",
    )
    ax.axhline(0.0, color="0.4", lw=0.8, gid="axis")
    ax.set(xlim=(-reach, reach), ylim=(-reach, reach), aspect="equal")
    ax.set_xlabel("input $x$")
    ax.set_ylabel(r"output $\mathrm{prox}(x)$")
    ax.set_title(f"proximal operators, $t = {t_:g}$")
    ax.legend(loc="upper left", fontsize=9)
    return fig


def plot_objective_gaps(
    gaps: Mapping[str, ArrayLike], bounds: Mapping[str, ArrayLike] | None = None
) -> Figure:
    r"""Suboptimality :math:`F(x_k) - F^\star` against the iteration :math:`k`, log–log.

    Parameters
    ----------
    gaps : mapping of str to array_like, shape (K + 1,)
        For each method, the gaps :math:`F(x_k) - F^\star` for
        :math:`k = 0, \dots, K`, finite. Entries that are not positive (the
        iteration reached :math:`F^\star` to rounding) and :math:`k = 0`
        cannot be shown on log axes and are left out.
    bounds : mapping of str to array_like, shape (K + 1,), optional
        For some of the methods (same keys), a theoretical bound at each
        :math:`k`, drawn dashed in the method's colour; entries that are not
        positive are left out.

    Returns
    -------
    Figure
        One log–log panel, one line per method (gid ``"gap:<label>"``) and
        per bound (gid ``"bound:<label>"``).

    Raises
    ------
    ValueError
        If ``gaps`` is empty, a series is not a finite vector with at least two
        entries, or a bound's key or length does not match a series of ``gaps``.
    TypeError
        If a series is not array-like of real numbers.

    Examples
    --------
    >>> k = np.arange(11.0)
    >>> fig = plot_objective_gaps({"ISTA": 1 / (k + 1)}, bounds={"ISTA": 2 / (k + 1)})
    >>> [line.get_gid() for line in fig.axes[0].lines]
    ['gap:ISTA', 'bound:ISTA']
    >>> plt.close(fig)
    """
    if len(gaps) == 0:
        msg = "`gaps` must hold at least one series"
        raise ValueError(msg)
    series: dict[str, FloatArray] = {}
    for label, values in gaps.items():
        y = as_vector(values, f"gaps[{label!r}]")
        if y.shape[0] < 2:
            msg = f"`gaps[{label!r}]` must hold at least 2 values (k = 0, 1, ...); got 1"
            raise ValueError(msg)
        series[label] = y
    limits: dict[str, FloatArray] = {}
    for label, values in (bounds or {}).items():
        if label not in series:
            msg = f"`bounds` has the key {label!r}, which is not a series of `gaps`"
            raise ValueError(msg)
        y = as_vector(values, f"bounds[{label!r}]")
        if y.shape != series[label].shape:
            msg = (
                f"`bounds[{label!r}]` must have the length of `gaps[{label!r}]`, "
                f"{series[label].shape[0]}; got {y.shape[0]}"
            )
            raise ValueError(msg)
        limits[label] = y
    fig, ax = plt.subplots(layout="constrained")
    for n, (label, y) in enumerate(series.items()):
        color = _PALETTE[n % len(_PALETTE)]
        k = np.arange(y.shape[0], dtype=np.float64)
        shown = (k > 0) & (y > 0)
        ax.plot(k[shown], y[shown], color=color, label=label, gid=f"gap:{label}")
        if label in limits:
            bound = limits[label]
            shown = (k > 0) & (bound > 0)
            ax.plot(
                k[shown],
                bound[shown],
                color=color,
                ls="--",
                lw=1.4,
                label=f"bound for {label}",
                gid=f"bound:{label}",
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(r"$F(x_k) - F^\star$")
    ax.legend(loc="lower left", fontsize=9)
    return fig


def _draw_dual(
    ax: Axes, lams: FloatArray, values: FloatArray, p_star: float, xlabel: str
) -> tuple[float, float]:
    """Draw a dual function, its maximum and the primal value; return (lam*, d*)."""
    finite = np.isfinite(values)
    # -inf stretches: shade them; finite stretches: draw them, one line each
    edges = np.flatnonzero(np.diff(finite.astype(int))) + 1
    first_curve, first_shade = True, True
    for run in np.split(np.arange(lams.shape[0]), edges):
        if finite[run[0]]:
            ax.plot(
                lams[run],
                values[run],
                color=COLORS["blue"],
                label="dual function $g$" if first_curve else "_g",
                gid="dual-function",
            )
            first_curve = False
        else:
            ax.axvspan(
                lams[run[0]],
                lams[run[-1]],
                color="0.5",
                alpha=0.15,
                label=r"$g = -\infty$" if first_shade else "_inf",
            )
            first_shade = False
    best = int(np.argmax(np.where(finite, values, -np.inf)))
    lam_star, d_star = float(lams[best]), float(values[best])
    ax.axhline(p_star, color="0.3", ls="--", lw=1.4, label=r"primal optimum $p^\star$")
    ax.lines[-1].set_gid("primal-value")
    ax.plot(
        lam_star,
        d_star,
        marker="o",
        ms=9,
        color=COLORS["vermillion"],
        ls="none",
        label=r"dual optimum $d^\star$",
        gid="dual-optimum",
    )
    gap = p_star - d_star
    if gap > 1e-9 * max(1.0, abs(p_star)):
        ax.annotate(
            "",
            xy=(lam_star, p_star),
            xytext=(lam_star, d_star),
            arrowprops={"arrowstyle": "<->", "color": COLORS["vermillion"], "lw": 1.6},
        )
        ax.text(
            lam_star,
            0.5 * (p_star + d_star),
            f"  duality gap {gap:.3g}",
            color=COLORS["vermillion"],
            va="center",
        )
    low = min(float(values[finite].min()), p_star)
    span = max(p_star, d_star) - low
    ax.set_ylim(low - 0.08 * span, max(p_star, d_star) + 0.15 * span + 1e-12)
    ax.set_xlim(float(lams[0]), float(lams[-1]))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("value")
    ax.legend(loc="best", fontsize=9)
    return lam_star, d_star


def plot_dual_function(
    lams: ArrayLike,
    values: ArrayLike,
    p_star: float,
    *,
    xlabel: str = r"multiplier $\lambda$",
) -> Figure:
    r"""A dual function over a grid of multipliers, against the primal optimum.

    Parameters
    ----------
    lams : array_like, shape (k,)
        Increasing grid of multipliers (or of a parameter along a line of them).
    values : array_like, shape (k,)
        The dual function on the grid: finite numbers or ``-inf`` (where the
        Lagrangian is unbounded below), with at least one finite entry.
    p_star : float
        The primal optimal value :math:`p^\star`.
    xlabel : str, optional
        Label of the horizontal axis.

    Returns
    -------
    Figure
        One panel: the finite part of the dual function (gid
        ``"dual-function"``), the stretches where it is :math:`-\infty`
        shaded, its largest grid value marked (gid ``"dual-optimum"``), the
        line :math:`p^\star` (gid ``"primal-value"``), and, if
        :math:`p^\star` exceeds it, the duality gap as an arrow.

    Raises
    ------
    ValueError
        If ``lams`` is not a strictly increasing finite vector, ``values`` does
        not match it, holds NaN or ``+inf`` or no finite entry, or ``p_star``
        is not finite.
    TypeError
        If ``lams`` or ``values`` is not array-like of real numbers, or
        ``p_star`` is not a real number.

    Examples
    --------
    >>> lam = np.linspace(0.0, 2.0, 5)
    >>> fig = plot_dual_function(lam, -((lam - 1.0) ** 2), 0.0)
    >>> fig.axes[0].lines[-1].get_xydata().tolist()
    [[1.0, -0.0]]
    >>> plt.close(fig)
    """
    grid = as_vector(lams, "lams")
    if grid.shape[0] < 2 or np.any(np.diff(grid) <= 0.0):
        msg = "`lams` must be a strictly increasing grid of at least 2 multipliers"
        raise ValueError(msg)
    y = _dual_values(values, grid.shape[0])
    p = finite_scalar(p_star, "p_star")
    fig, ax = plt.subplots(layout="constrained")
    _draw_dual(ax, grid, y, p, xlabel)
    ax.set_title(r"weak duality: $g \leq p^\star$ everywhere")
    return fig


def _dual_values(values: ArrayLike, k: int) -> FloatArray:
    """``values`` as a float vector of length ``k`` whose entries are finite or ``-inf``."""
    given: object = values
    if isinstance(given, (str, bytes)) or given is None:
        msg = f"`values` must be array-like of numbers; got {type(given).__name__}"
        raise TypeError(msg)
    if isinstance(given, np.ndarray) and np.iscomplexobj(given):
        msg = "`values` must be array-like of real numbers; got a complex array"
        raise TypeError(msg)
    try:
        y = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = f"`values` must be array-like of numbers; got {type(given).__name__} ({exc})"
        raise TypeError(msg) from None
    if y.shape != (k,):
        msg = f"`values` must have shape ({k},), one per entry of `lams`; got {y.shape}"
        raise ValueError(msg)
    if np.any(np.isnan(y)) or np.any(y == np.inf):
        msg = "`values` must be finite or -inf (a dual function is never NaN or +inf)"
        raise ValueError(msg)
    if not np.any(np.isfinite(y)):
        msg = "`values` must have at least one finite entry"
        raise ValueError(msg)
    return y


def plot_qp_duality(
    P: ArrayLike, q: ArrayLike, G: ArrayLike, h: ArrayLike, *, lam_max: float | None = None
) -> Figure:
    r"""A two-variable quadratic program with one constraint, and its dual function.

    Parameters
    ----------
    P, q, G, h : array_like
        The problem :math:`\min \tfrac12 x^\top P x + q^\top x` subject to
        :math:`Gx \le h`, as in :func:`aimath.convex.qp_dual_function`, with
        two variables (``P`` is 2 × 2) and one constraint (``G`` is 1 × 2).
    lam_max : float, optional
        Right end of the multiplier axis (default twice the dual solution
        :math:`\lambda^\star`, or 1 if :math:`\lambda^\star = 0`).

    Returns
    -------
    Figure
        Two panels. Left: contours of the objective, the feasible half-plane
        (shaded), the minimisers :math:`x(\lambda)` of the Lagrangian for
        :math:`0 \le \lambda \le \lambda_{\max}` (gid ``"lagrangian-path"``),
        the unconstrained minimiser :math:`x(0)` (gid ``"unconstrained"``) and
        the solution :math:`x^\star = x(\lambda^\star)` (gid ``"primal-solution"``).
        Right: the dual function :math:`g(\lambda)` as in
        :func:`plot_dual_function`, with :math:`\lambda^\star` marked.

    Raises
    ------
    ValueError
        If the problem is not of this size, is invalid (see
        :func:`aimath.convex.qp_dual_function`), is infeasible, or ``lam_max``
        is not positive and finite.
    TypeError
        If an input is not array-like of real numbers.

    Examples
    --------
    >>> fig = plot_qp_duality([[1.0, 0.0], [0.0, 1.0]], [-2.0, -2.0], [[1.0, 1.0]], [1.0])
    >>> fig.axes[1].get_title()
    '$\\lambda^\\star = 1.5$, $d^\\star = p^\\star = -1.75$'
    >>> plt.close(fig)
    """
    G_ = as_matrix(G, "G")
    P_ = as_matrix(P, "P")
    if P_.shape != (2, 2) or G_.shape != (1, 2):
        msg = (
            "`P` must be 2x2 and `G` 1x2 (two variables, one constraint) for this figure; "
            f"got shapes {P_.shape} and {G_.shape}"
        )
        raise ValueError(msg)
    result = solve_qp_dual(P_, q, G_, h)
    if not result.converged:
        msg = "the constraint `G` x <= `h` must be feasible: the dual iteration diverged"
        raise ValueError(msg)
    lam_star = float(result.lam[0])
    top = (2.0 * lam_star if lam_star > 0 else 1.0) if lam_max is None else lam_max
    top = _positive(top, "lam_max")
    h_ = as_vector(h, "h")
    q_ = as_vector(q, "q")

    lams = np.linspace(0.0, top, 401)
    path = np.array([qp_lagrangian_minimizer([lam], P_, q_, G_) for lam in lams])  # (401, 2)
    dual = np.array([qp_dual_function([lam], P_, q_, G_, h_) for lam in lams])
    x_star = result.x

    # a fixed layout: the layout engines mis-place an equal-aspect panel next to a
    # figure legend
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 5.0))
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.24, top=0.92, wspace=0.3)
    points = np.vstack([path, x_star])
    center = 0.5 * (points.min(axis=0) + points.max(axis=0))
    half = 0.5 * float(np.max(points.max(axis=0) - points.min(axis=0))) + 0.6
    g1 = np.linspace(center[0] - half, center[0] + half, 241)
    g2 = np.linspace(center[1] - half, center[1] + half, 241)
    X1, X2 = np.meshgrid(g1, g2)
    XY = np.stack([X1, X2], axis=-1)  # (241, 241, 2)
    F = 0.5 * np.einsum("...i,ij,...j->...", XY, P_, XY) + XY @ q_
    slack = XY @ G_[0] - h_[0]  # <= 0 on the feasible side
    left.contourf(
        X1, X2, slack, levels=[float(slack.min()) - 1.0, 0.0], colors=[COLORS["sky"]], alpha=0.3
    )
    left.contour(X1, X2, slack, levels=[0.0], colors=[COLORS["blue"]], linewidths=1.8)
    f_star = result.primal_value
    lowest = float(F.min())
    levels = lowest + (float(F.max()) - lowest) * np.linspace(0.0, 1.0, 16)[1:] ** 2
    # solid lines at every level: matplotlib dashes negative levels by default
    left.contour(
        X1, X2, F, levels=levels, colors="0.55", linewidths=0.7, negative_linestyles="solid"
    )
    # the level set f = p*: it touches the constraint line at x*
    left.contour(
        X1,
        X2,
        F,
        levels=[f_star],
        colors=[COLORS["vermillion"]],
        linewidths=1.0,
        negative_linestyles="solid",
    )
    left.plot(
        path[:, 0],
        path[:, 1],
        color=COLORS["vermillion"],
        lw=2.0,
        label=r"$x(\lambda)$, minimiser of the Lagrangian",
        gid="lagrangian-path",
    )
    left.plot(
        *path[0],
        marker="X",
        ms=10,
        color="0.2",
        ls="none",
        label=r"unconstrained minimiser $x(0)$",
        gid="unconstrained",
    )
    left.plot(
        *x_star,
        marker="o",
        ms=9,
        color=COLORS["vermillion"],
        ls="none",
        label=r"solution $x^\star = x(\lambda^\star)$",
        gid="primal-solution",
    )
    left.set(
        xlim=(g1[0], g1[-1]), ylim=(g2[0], g2[-1]), aspect="equal", xlabel="$x_1$", ylabel="$x_2$"
    )
    left.set_title(r"primal: $Gx \leq h$ shaded")
    _draw_dual(right, lams, dual, f_star, r"multiplier $\lambda$")
    right.get_legend().remove()  # one legend for both panels, below them
    right.set_title(f"$\\lambda^\\star = {lam_star:.5g}$, $d^\\star = p^\\star = {f_star:.5g}$")
    handles, labels = left.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    fig.legend(handles + more[0], labels + more[1], loc="lower center", ncols=3, fontsize=9)
    return fig


def _to_plane(X: FloatArray) -> FloatArray:
    """Points of the simplex (rows) to the plane: the corners go to an equilateral triangle."""
    plane: FloatArray = X @ _CORNERS
    return plane


def plot_simplex_trajectory(
    trajectory: ArrayLike,
    objective: Callable[[FloatArray], float] | None = None,
    solution: ArrayLike | None = None,
) -> Figure:
    r"""Iterates on the probability simplex in :math:`\mathbb R^3`, drawn as a triangle.

    Parameters
    ----------
    trajectory : array_like, shape (k, 3)
        Points of the simplex :math:`\{x \ge 0,\ x_1 + x_2 + x_3 = 1\}`, e.g.
        rows of :func:`aimath.convex.projected_gradient_descent` (up to
        rounding: entries :math:`\ge -10^{-9}`, sums within :math:`10^{-9}` of 1).
    objective : callable, optional
        ``objective(x)`` for a point ``x`` of the simplex; if given, its contour
        lines over the simplex are drawn.
    solution : array_like, shape (3,), optional
        A point of the simplex to mark, e.g. the exact minimiser.

    Returns
    -------
    Figure
        One panel. The point :math:`x` is drawn at
        :math:`x_1 c_1 + x_2 c_2 + x_3 c_3` with the corners
        :math:`c_1 = (0, 0)`, :math:`c_2 = (1, 0)`, :math:`c_3 = (1/2, \sqrt3/2)`
        (barycentric coordinates). The trajectory has gid ``"trajectory"``,
        the solution ``"solution"``.

    Raises
    ------
    ValueError
        If ``trajectory`` or ``solution`` is not finite, not of the stated
        shape or not on the simplex, or ``objective`` returns a non-finite value.
    TypeError
        If ``trajectory`` or ``solution`` is not array-like of real numbers, or
        ``objective`` is not callable.

    Examples
    --------
    >>> fig = plot_simplex_trajectory([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    >>> fig.axes[0].lines[0].get_xydata().tolist()
    [[0.0, 0.0], [0.5, 0.0]]
    >>> plt.close(fig)
    """
    X = _simplex_points(as_matrix(trajectory, "trajectory"), "trajectory")
    star = None
    if solution is not None:
        star = _simplex_points(as_vector(solution, "solution")[None, :], "solution")[0]
    supplied: object = objective
    if supplied is not None and not callable(supplied):
        msg = f"`objective` must be callable or None; got {type(supplied).__name__}"
        raise TypeError(msg)
    contours = None
    if objective is not None:
        n = 40  # lattice points (i, j, n - i - j) / n cover the simplex
        lattice = np.array(
            [(i, j, n - i - j) for i in range(n + 1) for j in range(n + 1 - i)], dtype=np.float64
        ) / float(n)
        values = np.array([float(objective(p)) for p in lattice])
        if not np.all(np.isfinite(values)):
            msg = "`objective` must return finite values on the simplex"
            raise ValueError(msg)
        contours = (_to_plane(lattice), values)
    fig, ax = plt.subplots(figsize=(6.0, 5.4), layout="constrained")
    if contours is not None:
        flat, values = contours
        ax.tricontour(
            Triangulation(flat[:, 0], flat[:, 1]), values, levels=14, colors="0.6", linewidths=0.8
        )
    outline = _CORNERS[[0, 1, 2, 0]]
    plane = _to_plane(X)
    ax.plot(
        plane[:, 0],
        plane[:, 1],
        color=COLORS["vermillion"],
        marker="o",
        ms=4,
        lw=1.6,
        label="iterates $x_k$",
        gid="trajectory",
    )
    ax.plot(outline[:, 0], outline[:, 1], color="0.25", lw=1.4, gid="simplex")
    ax.plot(*plane[0], marker="s", ms=8, color=COLORS["vermillion"], ls="none", label="start")
    if star is not None:
        ax.plot(
            *_to_plane(star[None, :])[0],
            marker="*",
            ms=16,
            color=COLORS["green"],
            ls="none",
            label="minimiser",
            gid="solution",
        )
    offsets = [(-0.07, -0.05), (0.02, -0.05), (-0.02, 0.03)]
    for k, ((cx, cy), (dx, dy)) in enumerate(zip(_CORNERS, offsets, strict=True), start=1):
        ax.text(cx + dx, cy + dy, f"$e_{k}$", fontsize=12, color="0.2")
    ax.set(xlim=(-0.12, 1.12), ylim=(-0.1, 0.95), aspect="equal")
    ax.set_axis_off()
    ax.set_title(r"projected gradient descent on the simplex $\Delta^3$")
    ax.legend(loc="upper right", fontsize=9)
    return fig


def _simplex_points(X: FloatArray, name: str) -> FloatArray:
    """Rows of ``X`` as points of the 3-simplex (up to rounding), or raise naming ``name``."""
    if X.shape[1] != 3:
        msg = f"`{name}` must have 3 columns (points of the simplex in R^3); got shape {X.shape}"
        raise ValueError(msg)
    if np.any(X < -1e-9) or np.any(np.abs(X.sum(axis=1) - 1.0) > 1e-9):
        msg = f"`{name}` must lie on the probability simplex (entries >= 0 summing to 1)"
        raise ValueError(msg)
    return X
