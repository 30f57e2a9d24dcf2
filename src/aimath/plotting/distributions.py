"""Figures of chapter 11, probability distributions.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_distributions.py`` check that what it draws is the mathematics it
illustrates (bar heights are the pmf, the shaded bands hold the stated mass,
contour lines sit at the stated Mahalanobis radii, posterior curves are the
conjugate-update densities).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, finite_scalar
from aimath.distributions import (
    beta_bernoulli_update,
    beta_pdf,
    mvn_logpdf,
    normal_cdf,
    normal_pdf,
)
from aimath.plotting import COLORS

__all__ = [
    "plot_beta_posteriors",
    "plot_mvn_samples",
    "plot_normal_sigma_bands",
    "plot_pmf_bars",
    "plot_sample_fit",
]

_PALETTE = [
    COLORS["blue"],
    COLORS["orange"],
    COLORS["green"],
    COLORS["vermillion"],
    COLORS["purple"],
    COLORS["sky"],
]


def _positive_scalar(x: object, name: str) -> float:
    if isinstance(x, (bool, np.bool_, str, bytes)):
        msg = f"`{name}` must be a real number; got {type(x).__name__}"
        raise TypeError(msg)
    value = finite_scalar(x, name)
    if not value > 0.0:
        msg = f"`{name}` must be positive; got {value!r}"
        raise ValueError(msg)
    return value


def plot_pmf_bars(
    support: ArrayLike,
    pmfs: Mapping[str, ArrayLike],
    *,
    xlabel: str = "$k$",
    title: str | None = None,
) -> Figure:
    r"""Grouped bar chart of one or more pmfs on a common support.

    Parameters
    ----------
    support : array_like, shape (m,)
        The points :math:`k` (usually integers), in increasing order.
    pmfs : mapping of str to array_like, shape (m,)
        For each legend label, the probabilities :math:`P(X = k)`, finite and
        non-negative.
    xlabel : str, optional
        Label of the horizontal axis.
    title : str, optional
        Title of the panel.

    Returns
    -------
    Figure
        One panel; series ``i`` is the bar container ``ax.containers[i]``,
        labelled with its key, its bars side by side around each :math:`k`.

    Raises
    ------
    ValueError
        If ``support`` is not a finite increasing vector, ``pmfs`` is empty,
        or a series has the wrong length or a negative entry.
    TypeError
        If ``support`` or a series is not array-like of numbers.

    Examples
    --------
    >>> fig = plot_pmf_bars([0, 1], {"p = 0.3": [0.7, 0.3]})
    >>> [round(float(bar.get_height()), 2) for bar in fig.axes[0].containers[0]]
    [0.7, 0.3]
    >>> plt.close(fig)
    """
    k = as_vector(support, "support")
    if k.size > 1 and not np.all(np.diff(k) > 0):
        msg = "`support` must be strictly increasing"
        raise ValueError(msg)
    if len(pmfs) == 0:
        msg = "`pmfs` must hold at least one series"
        raise ValueError(msg)
    series: dict[str, FloatArray] = {}
    for label, values in pmfs.items():
        y = as_vector(values, f"pmfs[{label!r}]")
        if y.shape != k.shape:
            msg = (
                f"`pmfs[{label!r}]` must have one probability per point of `support` "
                f"({k.size}); got {y.size}"
            )
            raise ValueError(msg)
        if np.any(y < 0):
            msg = f"`pmfs[{label!r}]` must be non-negative (probabilities)"
            raise ValueError(msg)
        series[label] = y
    spacing = float(np.min(np.diff(k))) if k.size > 1 else 1.0
    width = 0.8 * spacing / len(series)
    fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    for i, (label, y) in enumerate(series.items()):
        offset = (i - (len(series) - 1) / 2) * width
        ax.bar(k + offset, y, width=width, color=_PALETTE[i % len(_PALETTE)], label=label)
    if k.size <= 25 and np.all(k == np.round(k)):
        ax.set_xticks(k)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("probability")
    if title is not None:
        ax.set_title(title)
    ax.legend(loc="best")
    return fig


def plot_normal_sigma_bands(
    mu: float = 0.0, sigma: float = 1.0, ks: Sequence[float] = (1.0, 2.0, 3.0)
) -> Figure:
    r"""The normal density with the bands :math:`\mu \pm k\sigma` shaded and their mass stated.

    Parameters
    ----------
    mu : float, optional
        Mean.
    sigma : float, optional
        Standard deviation, positive.
    ks : sequence of float, optional
        Half-widths of the bands in units of :math:`\sigma`, positive and
        increasing.

    Returns
    -------
    Figure
        One panel: the density over :math:`\mu \pm (\max k + 1)\sigma`, and
        for each :math:`k` the ring between the previous band and
        :math:`\mu \pm k\sigma`, shaded lighter outwards (two patches with
        gid ``"band k"``). The legend entry of :math:`k` gives the mass of the
        whole band, :math:`P(|X - \mu| \le k\sigma)`, computed from
        :func:`aimath.distributions.normal_cdf`.

    Raises
    ------
    ValueError
        If ``mu`` is not finite, ``sigma`` is not positive, or ``ks`` is empty,
        not positive or not increasing.
    TypeError
        If ``mu``/``sigma`` is not a real number or ``ks`` not array-like of numbers.

    Examples
    --------
    >>> fig = plot_normal_sigma_bands(0.0, 1.0, ks=(1.0,))
    >>> fig.axes[0].get_legend().get_texts()[1].get_text()
    '$\\mu \\pm 1\\sigma$: 68.27 %'
    >>> plt.close(fig)
    """
    mu_ = finite_scalar(mu, "mu")
    sigma_ = _positive_scalar(sigma, "sigma")
    widths = as_vector(ks, "ks")
    if not (np.all(widths > 0) and np.all(np.diff(widths) > 0)):
        msg = f"`ks` must be positive and increasing; got {widths.tolist()}"
        raise ValueError(msg)
    reach = float(widths[-1]) + 1.0
    x = np.linspace(mu_ - reach * sigma_, mu_ + reach * sigma_, 801)
    y = np.asarray(normal_pdf(x, mu_, sigma_))
    fig, ax = plt.subplots(figsize=(6.8, 3.8), layout="constrained")
    ax.plot(x, y, color=COLORS["blue"], lw=2.2, label="density $p(x)$", gid="pdf")
    shades = np.linspace(0.6, 0.15, widths.size)  # one hue, lighter outwards
    inner = 0.0
    for k, shade in zip(widths, shades, strict=True):
        mass = float(normal_cdf(mu_ + k * sigma_, mu_, sigma_)) - float(
            normal_cdf(mu_ - k * sigma_, mu_, sigma_)
        )
        for side in (1.0, -1.0):  # the ring between the previous band and this one
            xs = mu_ + side * sigma_ * np.linspace(inner, k, 200)
            band = ax.fill_between(
                xs,
                np.asarray(normal_pdf(xs, mu_, sigma_)),
                color=COLORS["blue"],
                alpha=float(shade),
                lw=0,
                label=f"$\\mu \\pm {k:g}\\sigma$: {100 * mass:.2f} %" if side > 0 else "_nolegend_",
            )
            band.set_gid(f"band {k:g}")
        inner = float(k)
    ax.legend(loc="upper right")
    ax.set_xlabel("$x$")
    ax.set_ylabel("density")
    ax.set_ylim(bottom=0.0)
    return fig


def plot_sample_fit(
    samples: ArrayLike,
    pdf: Callable[[FloatArray], object],
    cdf: Callable[[FloatArray], object],
    *,
    bins: int = 40,
) -> Figure:
    r"""Samples against a model: histogram vs density, and empirical vs model cdf.

    Parameters
    ----------
    samples : array_like, shape (n,)
        The samples, at least 2.
    pdf, cdf : callable
        The model's density and cdf, each mapping an array of points to an
        array of values.
    bins : int, optional
        Number of histogram bins.

    Returns
    -------
    Figure
        Two panels. Left: the normalised histogram and the density. Right:
        the empirical cdf :math:`F_n` (a step function), the model cdf
        :math:`F`, and a vertical segment (gid ``"ks"``) where
        :math:`|F_n - F|` is largest; its length is the Kolmogorov–Smirnov
        statistic :math:`D_n = \sup_x |F_n(x) - F(x)|`, also in the title.

    Raises
    ------
    ValueError
        If ``samples`` is not a finite vector with at least 2 entries or
        ``bins < 1``.
    TypeError
        If ``samples`` is not array-like of numbers, ``pdf``/``cdf`` is not
        callable, or ``bins`` is not an integer.

    Notes
    -----
    For sorted samples :math:`x_{(1)} \le \dots \le x_{(n)}`,
    :math:`D_n = \max_i \max\bigl(i/n - F(x_{(i)}),\ F(x_{(i)}) - (i - 1)/n\bigr)`:
    the supremum is reached just before or at a jump of :math:`F_n`.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=200)
    >>> fig = plot_sample_fit(x, normal_pdf, normal_cdf)
    >>> fig.axes[1].get_title().startswith("KS distance")
    True
    >>> plt.close(fig)
    """
    x = np.sort(as_vector(samples, "samples"))
    if x.size < 2:
        msg = f"`samples` must hold at least 2 values; got {x.size}"
        raise ValueError(msg)
    functions: tuple[tuple[str, object], ...] = (("pdf", pdf), ("cdf", cdf))
    for name, f in functions:  # checked at run time: a non-callable is a TypeError
        if not callable(f):
            msg = f"`{name}` must be callable (points -> values); got {type(f).__name__}"
            raise TypeError(msg)
    given: object = bins  # checked at run time: the annotation is a promise, not a guarantee
    if isinstance(given, (bool, np.bool_)) or not isinstance(given, numbers.Integral):
        msg = f"`bins` must be an integer; got {type(given).__name__}"
        raise TypeError(msg)
    if bins < 1:
        msg = f"`bins` must be at least 1; got {bins}"
        raise ValueError(msg)
    n = x.size
    spread = float(x[-1] - x[0]) or 1.0
    grid = np.linspace(x[0] - 0.1 * spread, x[-1] + 0.1 * spread, 400)
    F = np.asarray(cdf(x), dtype=np.float64)  # model cdf at the samples
    i = np.arange(1, n + 1)
    above, below = i / n - F, F - (i - 1) / n  # gaps just after and just before each jump
    j = int(np.argmax(np.maximum(above, below)))
    d_n = float(max(above[j], below[j]))
    step_value = i[j] / n if above[j] >= below[j] else (i[j] - 1) / n

    fig, (ax_h, ax_c) = plt.subplots(1, 2, figsize=(9.6, 3.8), layout="constrained")
    ax_h.hist(x, bins=bins, density=True, color=COLORS["sky"], alpha=0.7, label="samples")
    ax_h.plot(grid, np.asarray(pdf(grid)), color=COLORS["blue"], lw=2, label="density", gid="pdf")
    ax_h.set_xlabel("$x$")
    ax_h.set_ylabel("density")
    ax_h.set_title(f"histogram of {n} samples")
    ax_h.legend(loc="upper right")

    ax_c.step(
        np.concatenate([[grid[0]], x, [grid[-1]]]),
        np.concatenate([[0.0], i / n, [1.0]]),
        where="post",
        color=COLORS["orange"],
        lw=1.6,
        label="empirical cdf $F_n$",
        gid="ecdf",
    )
    ax_c.plot(
        grid, np.asarray(cdf(grid)), color=COLORS["blue"], lw=2, label="model cdf $F$", gid="cdf"
    )
    ax_c.plot(
        [x[j], x[j]],
        [float(F[j]), step_value],
        color=COLORS["vermillion"],
        lw=3,
        label="largest gap $D_n$",
        gid="ks",
    )
    ax_c.set_xlabel("$x$")
    ax_c.set_ylabel("probability")
    ax_c.set_title(f"KS distance $D_n$ = {d_n:.4f}")
    ax_c.legend(loc="lower right")
    return fig


def plot_mvn_samples(
    mean: ArrayLike,
    cov: ArrayLike,
    samples: ArrayLike,
    *,
    radii: Sequence[float] = (1.0, 2.0, 3.0),
) -> Figure:
    r"""Density contours of a 2-D Gaussian with samples drawn from it.

    Parameters
    ----------
    mean : array_like, shape (2,)
        The mean :math:`\mu`.
    cov : array_like, shape (2, 2)
        The covariance :math:`\Sigma`, symmetric positive definite.
    samples : array_like, shape (N, 2)
        Points to scatter, N ≥ 1.
    radii : sequence of float, optional
        Mahalanobis radii :math:`r` of the contour lines, positive.

    Returns
    -------
    Figure
        One panel: the samples (gid ``"samples"``), the density contours
        :math:`p(x) = p(\mu)\, e^{-r^2/2}` (the ellipses
        :math:`(x - \mu)^\top \Sigma^{-1} (x - \mu) = r^2`, gid
        ``"contours"``), the mean :math:`\mu` and the sample mean.

    Raises
    ------
    ValueError
        If ``mean``/``cov`` are not a valid 2-D Gaussian, ``samples`` is not
        an (N, 2) finite matrix, or ``radii`` is empty or not positive.
    TypeError
        If an argument is not array-like of numbers.

    Examples
    --------
    >>> S = [[1.0, 0.7], [0.7, 1.0]]
    >>> X = np.random.default_rng(0).multivariate_normal([0.0, 0.0], S, size=50)
    >>> fig = plot_mvn_samples([0.0, 0.0], S, X)
    >>> len(fig.axes[0].collections[0].get_offsets())
    50
    >>> plt.close(fig)
    """
    mu = as_vector(mean, "mean")
    if mu.shape != (2,):
        msg = f"`mean` must have length 2 (a plane figure); got length {mu.shape[0]}"
        raise ValueError(msg)
    C = as_matrix(cov, "cov", square=True)
    X = as_matrix(samples, "samples")
    if X.shape[1] != 2:
        msg = f"`samples` must have shape (N, 2); got {X.shape}"
        raise ValueError(msg)
    r = as_vector(radii, "radii")
    if not np.all(r > 0):
        msg = f"`radii` must be positive; got {r.tolist()}"
        raise ValueError(msg)
    r = np.unique(r)  # sorted, without repeats: contour levels must increase strictly
    peak = float(mvn_logpdf(mu, mu, C))  # validates cov (symmetric positive definite)
    sd = np.sqrt(np.diag(C))
    reach = max(float(r.max()) + 0.5, 3.5)
    lo = np.minimum(mu - reach * sd, X.min(axis=0) - 0.2 * sd)  # every sample in view
    hi = np.maximum(mu + reach * sd, X.max(axis=0) + 0.2 * sd)
    g1, g2 = np.linspace(lo[0], hi[0], 241), np.linspace(lo[1], hi[1], 241)
    G1, G2 = np.meshgrid(g1, g2)
    logp = np.asarray(mvn_logpdf(np.column_stack([G1.ravel(), G2.ravel()]), mu, C))
    Z = np.exp(logp - peak).reshape(G1.shape)  # density relative to its peak, in (0, 1]
    levels = np.exp(-0.5 * r[::-1] ** 2)  # increasing, as contour requires

    fig, ax = plt.subplots(figsize=(5.6, 5.6), layout="constrained")
    ax.scatter(
        X[:, 0], X[:, 1], s=6, color=COLORS["blue"], alpha=0.35, label="samples", gid="samples"
    )
    contours = ax.contour(G1, G2, Z, levels=levels, colors=COLORS["vermillion"], linewidths=1.8)
    contours.set_gid("contours")
    labels = {lev: f"r = {rad:g}" for lev, rad in zip(levels, r[::-1], strict=True)}
    ax.clabel(contours, fmt=labels, fontsize=9)
    ax.plot(*mu, marker="+", ms=14, mew=2.5, color="black", ls="none", label="mean $\\mu$")
    ax.lines[-1].set_gid("mean")
    x_bar = X.mean(axis=0)
    ax.plot(
        *x_bar, marker="x", ms=10, mew=2.5, color=COLORS["orange"], ls="none", label="sample mean"
    )
    ax.lines[-1].set_gid("sample-mean")
    ax.plot([], [], color=COLORS["vermillion"], lw=1.8, label="density contours (Mahalanobis $r$)")
    ax.set(aspect="equal", xlim=(g1[0], g1[-1]), ylim=(g2[0], g2[-1]))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    fig.legend(loc="outside lower center", ncols=2, fontsize=9)
    return fig


def _checkpoints(checkpoints: object, n: int) -> list[int]:
    """The checkpoints as ints in [0, n], or an error naming them."""
    if isinstance(checkpoints, (str, bytes)) or not isinstance(checkpoints, (Sequence, np.ndarray)):
        msg = f"`checkpoints` must be a sequence of counts; got {type(checkpoints).__name__}"
        raise TypeError(msg)
    if isinstance(checkpoints, np.ndarray) and checkpoints.ndim != 1:
        msg = f"`checkpoints` must be a 1-D sequence of counts; got shape {checkpoints.shape}"
        raise ValueError(msg)
    if len(checkpoints) == 0:
        msg = "`checkpoints` must hold at least one count"
        raise ValueError(msg)
    counts: list[int] = []
    for i, entry in enumerate(checkpoints):
        c: object = entry  # checked at run time
        if isinstance(c, (bool, np.bool_)) or not isinstance(c, numbers.Integral):
            msg = f"`checkpoints[{i}]` must be an integer; got {type(c).__name__}"
            raise TypeError(msg)
        if not 0 <= int(c) <= n:
            msg = f"`checkpoints[{i}]` must be between 0 and len(`data`) = {n}; got {int(c)}"
            raise ValueError(msg)
        counts.append(int(c))
    return counts


def plot_beta_posteriors(
    alpha: float,
    beta: float,
    data: ArrayLike,
    checkpoints: Sequence[int],
    *,
    true_p: float | None = None,
) -> Figure:
    r"""Beta posteriors of a coin's bias after the first ``n`` observations, for several ``n``.

    Parameters
    ----------
    alpha, beta : float
        The prior Beta(:math:`\alpha`, :math:`\beta`), positive.
    data : array_like, shape (m,)
        Observations, each 0 or 1, in the order they arrive.
    checkpoints : sequence of int
        The numbers of observations :math:`n` after which to draw the
        posterior, each in :math:`[0, m]` (0 draws the prior).
    true_p : float, optional
        The bias that generated the data, drawn as a vertical line.

    Returns
    -------
    Figure
        One panel with one density curve per checkpoint (gid ``"n=<n>"``),
        the posterior Beta(:math:`\alpha + s_n`, :math:`\beta + n - s_n`) from
        :func:`aimath.distributions.beta_bernoulli_update`, where :math:`s_n`
        is the number of 1s among the first :math:`n` observations.

    Raises
    ------
    ValueError
        If ``alpha``/``beta`` is not positive, ``data`` is not 0s and 1s, a
        checkpoint is outside :math:`[0, m]`, or ``true_p`` is outside
        :math:`[0, 1]`.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> fig = plot_beta_posteriors(1.0, 1.0, [1, 1, 0], [0, 3])
    >>> [line.get_gid() for line in fig.axes[0].lines]
    ['n=0', 'n=3']
    >>> plt.close(fig)
    """
    y = as_vector(data, "data")
    beta_bernoulli_update(alpha, beta, y)  # validates the prior and the data
    counts = _checkpoints(checkpoints, y.shape[0])
    if true_p is not None:
        p_true = finite_scalar(true_p, "true_p")
        if not 0.0 <= p_true <= 1.0:
            msg = f"`true_p` must be in [0, 1]; got {p_true!r}"
            raise ValueError(msg)
    grid = np.linspace(0.0, 1.0, 801)[1:-1]  # open interval: the density may be infinite at 0, 1
    fig, ax = plt.subplots(figsize=(6.8, 4.0), layout="constrained")
    for i, n in enumerate(counts):
        a_n, b_n = beta_bernoulli_update(alpha, beta, y[:n])
        heads = int(np.sum(y[:n]))
        ax.plot(
            grid,
            np.asarray(beta_pdf(grid, a_n, b_n)),
            color=_PALETTE[i % len(_PALETTE)],
            lw=2.0,
            label=(
                f"prior: Beta({a_n:g}, {b_n:g})"
                if n == 0
                else f"n = {n} ({heads} ones): Beta({a_n:g}, {b_n:g})"
            ),
            gid=f"n={n}",
        )
    if true_p is not None:
        ax.axvline(true_p, color="0.3", ls="--", lw=1.4, label=f"true $p$ = {true_p:g}")
    ax.set_xlabel("bias $p$")
    ax.set_ylabel("density")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(bottom=0.0)
    ax.legend(loc="upper left", fontsize=9)
    return fig
