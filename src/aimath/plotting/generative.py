"""Figures of chapter 17, generative models.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_generative.py`` check what it draws: the schedule curves are the
betas and their cumulative products, the scatter panels hold the given points,
the discriminator curve is :math:`p_{\\text{data}}/(p_{\\text{data}} + p_g)`.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector
from aimath.generative import alpha_bars, optimal_discriminator
from aimath.plotting import COLORS

__all__ = ["plot_diffusion_scatter", "plot_gan_discriminator", "plot_schedules"]

_PALETTE = [
    COLORS["blue"],
    COLORS["orange"],
    COLORS["vermillion"],
    COLORS["green"],
    COLORS["purple"],
    COLORS["sky"],
]


def plot_schedules(schedules: Mapping[str, ArrayLike]) -> Figure:
    r"""Draw :math:`\beta_t` and :math:`\bar\alpha_t` of several noise schedules.

    Parameters
    ----------
    schedules : mapping of str to array_like, shape (T,)
        Legend label → betas (each schedule may have its own ``T``). The
        horizontal axis is the fraction :math:`t/T` of the chain, so schedules
        of different lengths can be compared.

    Returns
    -------
    matplotlib.figure.Figure
        Left: :math:`\beta_t` (log scale). Right: :math:`\bar\alpha_t`. Each
        line has ``gid`` ``"beta:<label>"`` or ``"alpha_bar:<label>"``.

    Raises
    ------
    TypeError
        If ``schedules`` is not a mapping.
    ValueError
        If it is empty or a schedule is not a valid beta array.

    Examples
    --------
    >>> from aimath.generative import beta_schedule
    >>> fig = plot_schedules({"linear": beta_schedule(100), "cosine": beta_schedule(100, "cosine")})
    >>> len(fig.axes)
    2
    """
    given: object = schedules  # checked at run time
    if not isinstance(given, Mapping):
        msg = f"`schedules` must be a mapping of label to betas; got {type(given).__name__}"
        raise TypeError(msg)
    if len(schedules) == 0:
        msg = "`schedules` must hold at least one schedule"
        raise ValueError(msg)
    fig, (ax_b, ax_a) = plt.subplots(1, 2, figsize=(9.0, 4.2), layout="constrained")
    for k, (label, betas) in enumerate(schedules.items()):
        name = f"schedules[{label!r}]"
        b = as_vector(betas, name)
        if np.any((b <= 0.0) | (b >= 1.0)):
            msg = (
                f"`{name}` must hold betas strictly between 0 and 1; "
                f"got values in [{b.min():.3g}, {b.max():.3g}]"
            )
            raise ValueError(msg)
        abar = alpha_bars(b)
        frac = np.arange(1, b.shape[0] + 1) / b.shape[0]
        color = _PALETTE[k % len(_PALETTE)]
        style = "-" if k < 2 else "--"
        ax_b.plot(frac, b, color=color, linestyle=style, label=label, gid=f"beta:{label}")
        ax_a.plot(frac, abar, color=color, linestyle=style, label=label, gid=f"alpha_bar:{label}")
    ax_b.set_yscale("log")
    ax_b.set_xlabel("fraction of the chain $t/T$")
    ax_b.set_ylabel(r"noise per step $\beta_t$")
    ax_b.set_title(r"$\beta_t$")
    ax_a.set_xlabel("fraction of the chain $t/T$")
    ax_a.set_ylabel(r"signal fraction $\bar\alpha_t$")
    ax_a.set_title(r"$\bar\alpha_t = \prod_{s\leq t}(1-\beta_s)$")
    ax_a.set_ylim(-0.02, 1.02)
    # below the panels: inside, the legend would cover the curves
    handles, labels = ax_a.get_legend_handles_labels()  # one entry per schedule
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=9)
    return fig


def _cloud(points: ArrayLike, name: str) -> FloatArray:
    pts = as_matrix(points, name)
    if pts.shape[1] != 2:
        msg = f"`{name}` must be points of the plane, shape (n, 2); got shape {pts.shape}"
        raise ValueError(msg)
    return pts


def plot_diffusion_scatter(
    data: ArrayLike,
    noised: ArrayLike,
    sampled: ArrayLike,
    titles: tuple[str, str, str] = ("data $x_0$", "noised $x_T$", "sampled $x_0$"),
) -> Figure:
    """Three scatter panels: data, the same data fully noised, and generated samples.

    Parameters
    ----------
    data, noised, sampled : array_like, shape (n, 2)
        Point clouds of the plane (their sizes may differ).
    titles : tuple of three str
        Panel titles.

    Returns
    -------
    matplotlib.figure.Figure
        Three panels with a shared, equal-aspect frame; each scatter has
        ``gid`` ``"data"``, ``"noised"`` or ``"sampled"``.

    Raises
    ------
    ValueError
        If a cloud is not a finite ``(n, 2)`` array or ``titles`` does not hold three strings.

    Examples
    --------
    >>> fig = plot_diffusion_scatter([[0.0, 1.0], [1.0, 0.0]], [[0.3, -0.2]], [[0.1, 0.9]])
    >>> [ax.get_title() for ax in fig.axes]
    ['data $x_0$', 'noised $x_T$', 'sampled $x_0$']
    """
    clouds = {
        "data": _cloud(data, "data"),
        "noised": _cloud(noised, "noised"),
        "sampled": _cloud(sampled, "sampled"),
    }
    if len(titles) != 3 or not all(isinstance(t, str) for t in titles):
        msg = f"`titles` must be three strings; got {titles!r}"
        raise ValueError(msg)
    colors = (COLORS["blue"], COLORS["grey"], COLORS["vermillion"])
    fig, axes = plt.subplots(
        1, 3, figsize=(9.6, 3.5), sharex=True, sharey=True, layout="constrained"
    )
    for ax, (gid, pts), color, title in zip(axes, clouds.items(), colors, titles, strict=True):
        ax.scatter(pts[:, 0], pts[:, 1], s=4, alpha=0.5, color=color, gid=gid, rasterized=True)
        ax.set_title(title)
        ax.set_xlabel("$x_1$")
        ax.set_aspect("equal")
    axes[0].set_ylabel("$x_2$")
    return fig


def plot_gan_discriminator(x: ArrayLike, p_data: ArrayLike, p_model: ArrayLike) -> Figure:
    r"""Two 1-D densities and the optimal discriminator between them.

    Parameters
    ----------
    x : array_like, shape (n,)
        Grid, increasing.
    p_data, p_model : array_like, shape (n,)
        Data and generator densities on the grid.

    Returns
    -------
    matplotlib.figure.Figure
        Top: the densities (``gid`` ``"p_data"``, ``"p_model"``). Bottom:
        :math:`D^*(x)` (``gid`` ``"d_star"``) and the level 1/2 of a
        discriminator that cannot tell the two apart.

    Raises
    ------
    ValueError
        If the arrays differ in length, ``x`` is not increasing, or the
        densities are invalid for :func:`aimath.generative.optimal_discriminator`.

    Examples
    --------
    >>> fig = plot_gan_discriminator([-1.0, 0.0, 1.0], [0.2, 0.4, 0.2], [0.1, 0.4, 0.3])
    >>> fig.axes[1].lines[0].get_ydata().tolist()
    [0.6666666666666666, 0.5, 0.4]
    """
    grid = as_vector(x, "x")
    p = as_vector(p_data, "p_data")
    q = as_vector(p_model, "p_model")
    if p.shape != grid.shape or q.shape != grid.shape:
        msg = (
            "`x`, `p_data` and `p_model` must have the same length; "
            f"got {grid.shape[0]}, {p.shape[0]} and {q.shape[0]}"
        )
        raise ValueError(msg)
    if np.any(np.diff(grid) <= 0.0):
        msg = "`x` must be strictly increasing"
        raise ValueError(msg)
    d_star = optimal_discriminator(p, q)
    fig, (ax_p, ax_d) = plt.subplots(
        2, 1, figsize=(6.4, 4.6), sharex=True, height_ratios=(3, 2), layout="constrained"
    )
    ax_p.plot(grid, p, color=COLORS["blue"], label=r"$p_{\mathrm{data}}$", gid="p_data")
    ax_p.fill_between(grid, p, color=COLORS["blue"], alpha=0.15)
    ax_p.plot(grid, q, color=COLORS["orange"], label="$p_g$ (generator)", gid="p_model")
    ax_p.fill_between(grid, q, color=COLORS["orange"], alpha=0.15)
    ax_p.set_ylabel("density")
    ax_p.legend(loc="upper right")
    ax_d.plot(grid, d_star, color=COLORS["vermillion"], gid="d_star", label="$D^*(x)$")
    ax_d.axhline(0.5, color="0.4", linestyle=":", linewidth=1.2, label="$D = 1/2$")
    ax_d.set_ylim(-0.05, 1.05)
    ax_d.set_xlabel("$x$")
    ax_d.set_ylabel("$D^*(x)$")
    ax_d.legend(loc="center right", fontsize=9)
    return fig
