"""Figures of chapter 8, gradient descent theory.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_optim.py`` check what it draws: the plotted iterates are those of
:func:`aimath.optim.gd_quadratic_path`, the contour lines are level sets of
the quadratic, the curves are the data passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import is_color_like
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, finite_scalar
from aimath._validation import integer_at_least as _count
from aimath.optim import gd_quadratic_path
from aimath.plotting import COLORS

__all__ = ["plot_curves", "plot_lr_regimes", "plot_quadratic_paths"]

_PALETTE = [
    COLORS["blue"],
    COLORS["orange"],
    COLORS["green"],
    COLORS["vermillion"],
    COLORS["purple"],
    COLORS["sky"],
]


def _color(k: int) -> str:
    return _PALETTE[k % len(_PALETTE)]


def _named_arrays(items: object, name: str) -> dict[str, FloatArray]:
    """A non-empty mapping of labels to finite arrays, or raise naming ``name``."""
    if not isinstance(items, Mapping):
        msg = f"`{name}` must be a mapping of labels to arrays; got {type(items).__name__}"
        raise TypeError(msg)
    if not items:
        msg = f"`{name}` must hold at least one entry"
        raise ValueError(msg)
    out: dict[str, FloatArray] = {}
    for key, value in items.items():
        if not isinstance(key, str):
            msg = f"`{name}` must have string labels; got the key {key!r}"
            raise TypeError(msg)
        out[key] = as_float_array(value, f"{name}[{key!r}]")
    return out


def _limits(value: object, name: str) -> tuple[float, float] | None:
    """``None`` or a pair ``(low, high)`` with ``low < high``."""
    if value is None:
        return None
    pair = as_vector(value, name)  # type: ignore[arg-type]
    if pair.shape != (2,) or not pair[0] < pair[1]:
        msg = f"`{name}` must be a pair (low, high) with low < high; got {pair.tolist()}"
        raise ValueError(msg)
    return float(pair[0]), float(pair[1])


def plot_lr_regimes(
    w0: float = 10.0,
    target: float = 3.0,
    lrs: Sequence[float] = (0.01, 0.1, 0.8, 1.0, 1.1),
    n_steps: int = 30,
) -> Figure:
    r"""Gradient descent on :math:`(w - w^\ast)^2` for several learning rates.

    Parameters
    ----------
    w0, target : float, optional
        Start and minimizer.
    lrs : sequence of float, optional
        Learning rates, each ``>= 0``; one curve per rate.
    n_steps : int, optional
        Steps per run, ``>= 1``.

    Returns
    -------
    Figure
        Left: the iterates :math:`w_k` over the first 15 steps at most, so
        oscillations stay readable (runs that leave the frame are cut by the
        axes; the lines hold all the steps). Right: the distance
        :math:`|w_k - w^\ast|` on a log scale (exact zeros are not drawn),
        where geometric convergence is a straight line. Each line's gid is ``"lr=<rate>"``.

    Raises
    ------
    TypeError
        If ``lrs`` is not a sequence of numbers or another argument has the
        wrong type.
    ValueError
        If ``lrs`` is empty, a rate is negative or not finite, ``n_steps < 1``,
        ``w0 == target``, or a run overflows.

    Examples
    --------
    >>> fig = plot_lr_regimes(10.0, 3.0, [0.1, 1.0], 5)
    >>> fig.axes[0].lines[0].get_ydata()[:3]
    array([10.  ,  8.6 ,  7.48])
    >>> plt.close(fig)
    """
    rates = as_vector(lrs, "lrs")
    steps = _count(n_steps, "n_steps", 1)
    start = finite_scalar(w0, "w0")
    w_star = finite_scalar(target, "target")
    if start == w_star:
        msg = f"`w0` must differ from `target` ({w_star!r}): there is nothing to descend"
        raise ValueError(msg)
    paths = [gd_quadratic_path(start, w_star, float(lr), steps) for lr in rates]
    d0 = abs(start - w_star)

    fig, (ax_w, ax_d) = plt.subplots(1, 2, figsize=(8.0, 3.9), layout="constrained")
    k = np.arange(steps + 1)
    for j, (lr, path) in enumerate(zip(rates, paths, strict=True)):
        label = rf"$\eta = {lr:g}$"
        ax_w.plot(k, path, marker="o", ms=3, lw=1.4, color=_color(j), label=label)
        ax_w.lines[-1].set_gid(f"lr={lr:g}")
        dist = np.abs(path - w_star)
        keep = dist > 0.0  # an exact hit has no logarithm
        ax_d.semilogy(k[keep], dist[keep], marker="o", ms=3, lw=1.4, color=_color(j), label=label)
        ax_d.lines[-1].set_gid(f"lr={lr:g}")
    ax_w.axhline(w_star, color="0.4", lw=1.0, ls="--")
    ax_w.set_ylim(w_star - 1.6 * d0, w_star + 1.6 * d0)
    ax_w.set_xlim(-0.5, min(steps, 15) + 0.5)  # zig-zags of 30 steps are a blur
    ax_w.set(xlabel="step $k$", ylabel="$w_k$", title="iterates")
    ax_d.set(xlabel="step $k$", ylabel=r"$|w_k - w^\ast|$", title="distance to the minimum")
    for ax in (ax_w, ax_d):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # one legend above both panels: the width goes to the data
    fig.legend(*ax_d.get_legend_handles_labels(), loc="outside upper center", ncols=len(rates))
    return fig


def plot_quadratic_paths(
    hessian: ArrayLike,
    paths: Mapping[str, ArrayLike],
    *,
    minimum: ArrayLike = (0.0, 0.0),
    xlim: ArrayLike | None = None,
    ylim: ArrayLike | None = None,
    n_levels: int = 10,
) -> Figure:
    r"""Optimizer paths over the contour lines of a 2-D quadratic.

    Parameters
    ----------
    hessian : array_like, shape (2, 2)
        Symmetric positive definite :math:`H` of
        :math:`f(x) = \tfrac12 (x - x^\ast)^\top H (x - x^\ast)`.
    paths : mapping of str to array_like, shape (k, 2)
        Labelled iterates, each with at least one point.
    minimum : array_like, shape (2,), optional
        :math:`x^\ast`, marked with a star.
    xlim, ylim : pair of float, optional
        The visible box; by default the paths and the minimum with a margin.
    n_levels : int, optional
        Number of contour lines, ``>= 1``, at geometrically spaced values of
        :math:`f` (equally spaced in :math:`\log f`).

    Returns
    -------
    Figure
        One equal-aspect panel: grey contour lines, then each path as a line
        with markers (gid = its label), its start as an open circle, and the
        minimum as a star.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``hessian`` is not a 2x2 symmetric positive definite matrix, a path
        is not a finite ``(k, 2)`` array, the limits are not increasing pairs,
        or ``n_levels < 1``.

    Examples
    --------
    >>> fig = plot_quadratic_paths([[2.0, 0.0], [0.0, 8.0]], {"GD": [[3.0, 3.0], [1.8, -1.8]]})
    >>> fig.axes[0].lines[0].get_gid(), fig.axes[0].lines[0].get_xydata()[1].tolist()
    ('GD', [1.8, -1.8])
    >>> plt.close(fig)
    """
    H = as_matrix(hessian, "hessian", square=True)
    if H.shape != (2, 2):
        msg = f"`hessian` must be 2x2 for a planar picture; got shape {H.shape}"
        raise ValueError(msg)
    if abs(H[0, 1] - H[1, 0]) > 1e-12 * float(np.max(np.abs(H))):
        msg = f"`hessian` must be symmetric; got off-diagonal entries {H[0, 1]!r}, {H[1, 0]!r}"
        raise ValueError(msg)
    if not np.all(np.linalg.eigvalsh(H) > 0.0):
        msg = "`hessian` must be positive definite: the contours of f are then ellipses"
        raise ValueError(msg)
    center = as_vector(minimum, "minimum")
    if center.shape != (2,):
        msg = f"`minimum` must be a point of the plane; got shape {center.shape}"
        raise ValueError(msg)
    curves = _named_arrays(paths, "paths")
    for key, xy in curves.items():
        if xy.ndim != 2 or xy.shape[1] != 2:
            msg = f"`paths[{key!r}]` must have shape (k, 2); got {xy.shape}"
            raise ValueError(msg)
    n_lines = _count(n_levels, "n_levels", 1)
    box_x, box_y = _limits(xlim, "xlim"), _limits(ylim, "ylim")
    points = np.vstack([center[None, :], *curves.values()])
    span = np.ptp(points, axis=0)
    margin = 0.12 * max(float(span.max()), 1.0)
    if box_x is None:
        box_x = (float(points[:, 0].min()) - margin, float(points[:, 0].max()) + margin)
    if box_y is None:
        box_y = (float(points[:, 1].min()) - margin, float(points[:, 1].max()) + margin)

    gx, gy = np.linspace(*box_x, 241), np.linspace(*box_y, 241)
    X, Y = np.meshgrid(gx, gy)
    D = np.stack([X - center[0], Y - center[1]], axis=-1)  # (241, 241, 2)
    F = 0.5 * np.einsum("...i,ij,...j->...", D, H, D)
    f_top = float(F.max())
    levels = f_top * np.geomspace(1e-3, 0.9, n_lines) if n_lines > 1 else [0.5 * f_top]

    fig, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
    ax.contour(X, Y, F, levels=levels, colors="0.6", linewidths=0.8)
    for j, (key, xy) in enumerate(curves.items()):
        ax.plot(xy[:, 0], xy[:, 1], marker="o", ms=3.5, lw=1.6, color=_color(j), label=key)
        ax.lines[-1].set_gid(key)
        ax.plot(*xy[0], marker="o", ms=9, mfc="none", mec=_color(j), lw=0)
    ax.plot(*center, marker="*", ms=14, color=COLORS["vermillion"], lw=0)
    ax.set(xlim=box_x, ylim=box_y, aspect="equal", xlabel="$x$", ylabel="$y$")
    ax.grid(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig


def plot_curves(
    curves: Mapping[str, ArrayLike],
    *,
    xlabel: str = "step",
    ylabel: str = "loss",
    log_y: bool = False,
    dashed: Sequence[str] = (),
    hline: float | None = None,
    title: str | None = None,
    colors: Mapping[str, str] | None = None,
) -> Figure:
    """Curves indexed by step: losses, distances, learning rates.

    Parameters
    ----------
    curves : mapping of str to array_like, shape (n,)
        Labelled 1-D sequences; entry ``k`` is drawn at ``x = k``.
    xlabel, ylabel : str, optional
        Axis labels (non-empty).
    log_y : bool, optional
        A logarithmic y axis; every value must then be positive.
    dashed : sequence of str, optional
        Labels of curves drawn dashed (theory, references).
    hline : float, optional
        A horizontal grey reference line (a noise floor, an optimum).
    title : str, optional
        Panel title.
    colors : mapping of str to str, optional
        Colours of some curves by label (e.g. a theory curve in the colour of
        the curve it predicts); the others follow the house palette.

    Returns
    -------
    Figure
        One panel, one line per curve with its label as gid and legend entry.

    Raises
    ------
    TypeError
        If ``curves`` is not a mapping of labels to arrays or a label or flag
        has the wrong type.
    ValueError
        If a curve is not a finite non-empty 1-D array, a value is not
        positive on a log axis, a label is empty, or ``dashed`` or
        ``colors`` names a curve that does not exist.

    Examples
    --------
    >>> fig = plot_curves({"GD": [4.0, 2.0, 1.0]}, log_y=True)
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [4.0, 2.0, 1.0]
    >>> plt.close(fig)
    """
    data = _named_arrays(curves, "curves")
    for key, y in data.items():
        if y.ndim != 1:
            msg = f"`curves[{key!r}]` must be 1-D; got shape {y.shape}"
            raise ValueError(msg)
    flag: object = log_y
    if not isinstance(flag, (bool, np.bool_)):
        msg = f"`log_y` must be True or False; got {type(flag).__name__}"
        raise TypeError(msg)
    if flag:
        for key, y in data.items():
            if np.any(y <= 0.0):
                msg = f"`curves[{key!r}]` must be positive for a log axis; got min {y.min()!r}"
                raise ValueError(msg)
    for name, text in (("xlabel", xlabel), ("ylabel", ylabel)):
        given: object = text
        if not isinstance(given, str):
            msg = f"`{name}` must be a string; got {type(given).__name__}"
            raise TypeError(msg)
        if not given.strip():
            msg = f"`{name}` must not be empty: every axis is labelled"
            raise ValueError(msg)
    if isinstance(dashed, (str, bytes)) or not isinstance(dashed, Sequence):
        msg = f"`dashed` must be a sequence of labels; got {type(dashed).__name__}"
        raise TypeError(msg)
    unknown = [d for d in dashed if d not in data]
    if unknown:
        msg = f"`dashed` must name curves of `curves`; got unknown labels {unknown}"
        raise ValueError(msg)
    chosen: object = {} if colors is None else colors
    if not isinstance(chosen, Mapping):
        msg = f"`colors` must be a mapping of labels to colours; got {type(chosen).__name__}"
        raise TypeError(msg)
    strays = [c for c in chosen if c not in data]
    if strays:
        msg = f"`colors` must name curves of `curves`; got unknown labels {strays}"
        raise ValueError(msg)
    for key, value in chosen.items():
        if not is_color_like(value):
            msg = f"`colors[{key!r}]` must be a matplotlib colour; got {value!r}"
            raise ValueError(msg)
    level = None if hline is None else finite_scalar(hline, "hline")
    if level is not None and flag and level <= 0.0:
        msg = f"`hline` must be positive on a log axis; got {level!r}"
        raise ValueError(msg)

    fig, ax = plt.subplots(figsize=(6.8, 3.9), layout="constrained")
    for j, (key, y) in enumerate(data.items()):
        style = "--" if key in dashed else "-"
        color = str(chosen.get(key, _color(j)))
        ax.plot(np.arange(y.size), y, ls=style, lw=1.6, color=color, label=key)
        ax.lines[-1].set_gid(key)
    if level is not None:
        ax.axhline(level, color="0.4", lw=1.0, ls=":")
    if flag:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title is not None:
        ax.set_title(str(title))
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
    return fig
