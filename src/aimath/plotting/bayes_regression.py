r"""Figures of the Bayesian linear regression project.

The posterior over the weights of a linear model is a Gaussian
:math:`\mathcal N(m, \Sigma)`; the predictive distribution at a new input with
features :math:`\phi` is :math:`\mathcal N(\phi^\top m, \sigma^2 + \phi^\top
\Sigma \phi)` (:func:`aimath.estimation.blr_predictive`). This module draws

* :func:`plot_line_updates` -- the classic grid for a straight line
  :math:`y = w_0 + w_1 x`: one row per number of data points seen, the weight
  density on the left (contours at Mahalanobis radii 1, 2, 3, the true weights
  and the sampled weights marked), and on the right the data seen so far, the
  lines of the sampled weights, the predictive mean and its band;
* :func:`plot_predictive_bands` -- predictive mean and band of any basis-feature
  model, one panel per feature map, to show where the band widens;
* :func:`plot_evidence` -- the log evidence over a grid of prior and noise
  variances, with chosen points marked.

The tests in ``tests/test_bayes_regression.py`` check that each figure draws
what it is given: the contour lines lie where the given density has the stated
level, each sampled line is its weight vector's line, and the band is the
predictive formula.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_float_array,
    as_matrix,
    as_vector,
    integer_at_least,
    real_number,
)
from aimath.distributions import mvn_pdf
from aimath.estimation import blr_predictive
from aimath.plotting import COLORS

__all__ = [
    "MAHALANOBIS_RADII",
    "SAMPLE_COLORS",
    "plot_evidence",
    "plot_line_updates",
    "plot_predictive_bands",
]

#: The Mahalanobis radii of the drawn density contours. The level of radius
#: ``r`` is the peak density times :math:`e^{-r^2/2}`.
MAHALANOBIS_RADII: tuple[float, ...] = (3.0, 2.0, 1.0)
#: The colours of the sampled weights, one per sample (cycled). A sample's dot in
#: weight space and its line in data space share a colour. Blue is kept for the
#: predictive mean and band.
SAMPLE_COLORS: tuple[str, ...] = (
    COLORS["orange"],
    COLORS["green"],
    COLORS["vermillion"],
    COLORS["purple"],
    COLORS["sky"],
)
#: The true weights, the true line and the data are drawn in ink (recoloured in
#: dark mode); the model's beliefs in colour.
_BAND = COLORS["blue"]
#: Fills between the density contours, outermost first: light to dark blue.
_DENSITY_FILLS = ("#D6E6F4", "#9ECAE1", "#4A98C9")
_INK = "#333333"  # data points and the true line: ink, recoloured in dark mode


def _positive(value: object, name: str) -> float:
    number = real_number(value, name)
    if number <= 0.0:
        msg = f"`{name}` must be a positive number; got {number!r}"
        raise ValueError(msg)
    return number


def _interval(value: object, name: str) -> tuple[float, float]:
    """``value`` as a finite interval ``(low, high)`` with ``low < high``."""
    pair = as_vector(value, name)  # type: ignore[arg-type]
    if pair.shape != (2,) or not pair[0] < pair[1]:
        msg = f"`{name}` must be an interval (low, high) with low < high; got {value!r}"
        raise ValueError(msg)
    return float(pair[0]), float(pair[1])


def _sequence(value: object, name: str) -> list[Any]:
    """The entries of a list, tuple or array ``value``, or a ``TypeError`` naming ``name``."""
    if isinstance(value, np.ndarray):
        if value.ndim >= 1:
            return list(value)
        got = f"an array of shape {value.shape}"
    elif isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return list(value)
    else:
        got = type(value).__name__
    msg = f"`{name}` must be a sequence (a list, tuple or array); got {got}"
    raise TypeError(msg)


def _data(x: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    xs, ys = as_vector(x, "x_data"), as_vector(y, "y_data")
    if xs.shape != ys.shape:
        msg = f"`x_data` and `y_data` must have the same length; got {xs.size} and {ys.size}"
        raise ValueError(msg)
    return xs, ys


def _gaussian(
    mean: ArrayLike, cov: ArrayLike, d: int, where: str, source: str = ""
) -> tuple[FloatArray, FloatArray]:
    """A mean of length ``d`` and a ``d x d`` covariance, or an error naming them.

    ``source`` says where ``d`` comes from (e.g. "the 3 columns of `features[0]`"),
    so that a mismatch names every argument involved.
    """
    m = as_vector(mean, f"means{where}")
    S = as_matrix(cov, f"covs{where}", square=True)
    if m.shape != (d,) or S.shape != (d, d):
        msg = (
            f"`means{where}` must have length {d} and `covs{where}` shape ({d}, {d})"
            f"{f' to match {source}' if source else ''}; got {m.shape} and {S.shape}"
        )
        raise ValueError(msg)
    return m, S


def _draw_band(
    ax: Axes,
    x_grid: FloatArray,
    features: FloatArray,
    mean: FloatArray,
    cov: FloatArray,
    noise_var: float,
    n_sd: float,
) -> tuple[float, float]:
    """Predictive mean (gid ``mean``) and ``mean +- n_sd * sd`` (gid ``band``) on ``ax``.

    Returns the lowest and highest value of the band.
    """
    pred_mean, pred_var = blr_predictive(features, mean, cov, noise_var)
    sd = np.sqrt(pred_var)
    ax.fill_between(
        x_grid,
        pred_mean - n_sd * sd,
        pred_mean + n_sd * sd,
        color=_BAND,
        alpha=0.18,
        linewidth=0,
        label=f"predictive mean ± {n_sd:g} sd",
        gid="band",
    )
    ax.plot(x_grid, pred_mean, color=_BAND, linewidth=2.2, gid="mean")
    return float(np.min(pred_mean - n_sd * sd)), float(np.max(pred_mean + n_sd * sd))


def _draw_samples(ax: Axes, x_grid: FloatArray, features: FloatArray, samples: FloatArray) -> None:
    """One curve ``features @ w`` per sampled weight vector ``w`` (gid ``sample``)."""
    for i, w in enumerate(samples):
        ax.plot(
            x_grid,
            features @ w,
            color=SAMPLE_COLORS[i % len(SAMPLE_COLORS)],
            linewidth=1.1,
            alpha=0.9,
            gid="sample",
        )


def _draw_data(ax: Axes, x: FloatArray, y: FloatArray) -> None:
    if x.size:
        ax.scatter(x, y, s=26, color=_INK, zorder=5, label="data seen", gid="data")


def _draw_density(
    ax: Axes,
    mean: FloatArray,
    cov: FloatArray,
    w_range: tuple[float, float],
    grid_size: int,
) -> None:
    """Filled density and contour lines (gid ``contours``) at :data:`MAHALANOBIS_RADII`."""
    axis = np.linspace(w_range[0], w_range[1], grid_size)
    W0, W1 = np.meshgrid(axis, axis)
    points = np.column_stack([W0.ravel(), W1.ravel()])  # (grid_size**2, 2)
    density = np.asarray(mvn_pdf(points, mean, cov)).reshape(W0.shape)
    peak = float(mvn_pdf(mean, mean, cov))  # the density at its mode
    levels = peak * np.exp(-0.5 * np.asarray(MAHALANOBIS_RADII) ** 2)  # increasing
    top = max(float(density.max()), float(levels[-1])) * (1.0 + 1e-9)  # fill up to the peak
    ax.contourf(W0, W1, density, levels=[*levels, top], colors=_DENSITY_FILLS)
    lines = ax.contour(W0, W1, density, levels=levels, colors=_INK, linewidths=0.8)
    lines.set_gid("contours")


def _check_samples(samples: object, d: int, name: str) -> FloatArray:
    arr = as_float_array(samples, name)  # type: ignore[arg-type]
    if arr.ndim != 2 or arr.shape[1] != d:
        msg = f"`{name}` must have shape (s, {d}), one weight vector per row; got {arr.shape}"
        raise ValueError(msg)
    return arr


def _marks(marks: object) -> dict[str, tuple[float, float]]:
    """Each entry of ``marks`` as a point ``(prior_var, noise_var)`` of two positive numbers."""
    if marks is None:
        return {}
    if not isinstance(marks, Mapping):
        msg = (
            "`marks` must be a mapping of label to (prior_var, noise_var); "
            f"got {type(marks).__name__}"
        )
        raise TypeError(msg)
    points: dict[str, tuple[float, float]] = {}
    for label, point in marks.items():
        name = f"marks[{label!r}]"
        p = as_vector(point, name)
        if p.shape != (2,) or np.any(p <= 0.0):
            msg = (
                f"`{name}` must be a point (prior_var, noise_var) of two positive numbers "
                f"(the axes are logarithmic); got {p.tolist()}"
            )
            raise ValueError(msg)
        points[str(label)] = (float(p[0]), float(p[1]))
    return points


def plot_line_updates(
    x_data: ArrayLike,
    y_data: ArrayLike,
    counts: Sequence[int],
    means: Sequence[ArrayLike],
    covs: Sequence[ArrayLike],
    weight_samples: Sequence[ArrayLike],
    *,
    noise_var: float,
    true_w: ArrayLike | None = None,
    x_range: tuple[float, float] = (-1.0, 1.0),
    w_range: tuple[float, float] = (-1.5, 1.5),
    grid_size: int = 201,
    n_sd: float = 2.0,
) -> Figure:
    r"""Draw the weight posterior and the predictive band of a line as data arrive.

    The model is :math:`y = w_0 + w_1 x + \varepsilon` with
    :math:`\varepsilon \sim \mathcal N(0, \sigma^2)`; row ``i`` shows the
    Gaussian :math:`\mathcal N(m_i, \Sigma_i)` over :math:`(w_0, w_1)` after
    the first ``counts[i]`` data points.

    Parameters
    ----------
    x_data, y_data : array_like, shape (n,)
        The data, in the order they arrive.
    counts : sequence of int
        Number of points seen in each row, each in ``0..n`` (0 is the prior).
    means : sequence of array_like, shape (2,)
        The mean :math:`m_i` of the weights in each row.
    covs : sequence of array_like, shape (2, 2)
        The covariance :math:`\Sigma_i` of the weights in each row, positive definite.
    weight_samples : sequence of array_like, shape (s, 2)
        Weight vectors drawn in each row; each is a dot on the left and a line
        on the right, in the same colour.
    noise_var : float
        The noise variance :math:`\sigma^2 > 0` of the predictive band.
    true_w : array_like, shape (2,), optional
        The weights that generated the data: a cross on the left, a dashed
        line on the right.
    x_range : tuple of float, optional
        Inputs over which lines and bands are drawn.
    w_range : tuple of float, optional
        Range of both weight axes.
    grid_size : int, optional
        Points per weight axis for the density.
    n_sd : float, optional
        Half-width of the band in predictive standard deviations.

    Returns
    -------
    Figure
        ``len(counts)`` rows of two panels. Left: filled density with contour
        lines (gid ``"contours"``) at Mahalanobis radii
        :data:`MAHALANOBIS_RADII`. Right: the data seen (gid ``"data"``), one
        line per sample (gid ``"sample"``), the predictive mean (gid
        ``"mean"``) and the band :math:`\phi^\top m \pm n_{sd}
        \sqrt{\sigma^2 + \phi^\top \Sigma \phi}` with :math:`\phi = (1, x)`
        (gid ``"band"``).

    Raises
    ------
    ValueError
        If the sequences differ in length or are empty, a count is not in
        ``0..n``, a mean, covariance or sample array has the wrong shape or
        is not finite, ``noise_var``, ``n_sd`` is not positive, a range is not
        an interval, or ``grid_size < 3``.
    TypeError
        If an array is not numeric, ``grid_size``/a count is not an integer, or
        ``counts``, ``means``, ``covs`` or ``weight_samples`` is not a list,
        tuple or array.

    Examples
    --------
    >>> fig = plot_line_updates([0.5], [0.1], [0, 1], [[0.0, 0.0], [0.1, 0.1]],
    ...                         [np.eye(2), 0.5 * np.eye(2)], [np.zeros((1, 2))] * 2,
    ...                         noise_var=0.04, grid_size=21)
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['prior: no data', 'prior: lines and predictive band']
    >>> plt.close(fig)
    """
    x, y = _data(x_data, y_data)
    counts_ = _sequence(counts, "counts")
    means_, covs_ = _sequence(means, "means"), _sequence(covs, "covs")
    samples_ = _sequence(weight_samples, "weight_samples")
    rows = len(counts_)
    if rows == 0 or not (len(means_) == len(covs_) == len(samples_) == rows):
        msg = (
            "`counts`, `means`, `covs` and `weight_samples` must be non-empty and of equal "
            f"length; got {rows}, {len(means_)}, {len(covs_)} and {len(samples_)}"
        )
        raise ValueError(msg)
    for k in counts_:
        if not isinstance(k, (int, np.integer)) or isinstance(k, (bool, np.bool_)):
            msg = f"`counts` must hold integers; got {k!r}"
            raise TypeError(msg)
        if not 0 <= k <= x.size:
            msg = f"each of `counts` must be in 0..{x.size} (the number of data); got {k}"
            raise ValueError(msg)
    sigma2 = _positive(noise_var, "noise_var")
    width = _positive(n_sd, "n_sd")
    xr, wr = _interval(x_range, "x_range"), _interval(w_range, "w_range")
    n_grid = integer_at_least(grid_size, "grid_size", 3)
    truth = None if true_w is None else as_vector(true_w, "true_w")
    if truth is not None and truth.shape != (2,):
        msg = f"`true_w` must have length 2 (w0, w1); got length {truth.size}"
        raise ValueError(msg)
    stages = [_gaussian(means_[i], covs_[i], 2, f"[{i}]") for i in range(rows)]
    samples = [_check_samples(s, 2, f"weight_samples[{i}]") for i, s in enumerate(samples_)]

    x_grid = np.linspace(xr[0], xr[1], 200)
    features = np.column_stack([np.ones_like(x_grid), x_grid])  # (200, 2): phi(x) = (1, x)
    fig, axes = plt.subplots(
        rows, 2, figsize=(8.0, 2.6 * rows), layout="constrained", squeeze=False,
        gridspec_kw={"width_ratios": [1.0, 1.5]},
    )  # fmt: skip
    bands = []  # (low, high) of every band, for one shared y range
    for i, (k, (m, S), ws) in enumerate(zip(counts_, stages, samples, strict=True)):
        left, right = axes[i]
        _draw_density(left, m, S, wr, n_grid)
        left.scatter(
            ws[:, 0],
            ws[:, 1],
            s=30,
            c=[SAMPLE_COLORS[j % len(SAMPLE_COLORS)] for j in range(len(ws))],
            edgecolors="white",
            linewidths=0.6,
            zorder=4,
            gid="sampled-weights",
        )
        if truth is not None:
            left.plot(
                [truth[0]], [truth[1]], marker="X", markersize=10, color=_INK,
                markeredgecolor="white", linestyle="none", zorder=6, gid="true-weights",
            )  # fmt: skip
        left.set(xlim=wr, ylim=wr, xlabel="$w_0$ (intercept)", ylabel="$w_1$ (slope)")
        left.set_aspect("equal")
        seen = "no data" if k == 0 else f"after {k} point{'s' if k > 1 else ''}"
        left.set_title(("prior: " if k == 0 else "posterior ") + seen)

        bands.append(_draw_band(right, x_grid, features, m, S, sigma2, width))
        _draw_samples(right, x_grid, features, ws)
        if truth is not None:
            right.plot(
                x_grid, features @ truth, color=_INK, linestyle="--", linewidth=1.2,
                gid="true-line", label="true line",
            )  # fmt: skip
        _draw_data(right, x[:k], y[:k])
        right.set(xlim=xr, xlabel="$x$", ylabel="$y$", xticks=np.linspace(xr[0], xr[1], 5))
        right.set_title(
            "prior: lines and predictive band" if k == 0 else f"{k} data: lines and band"
        )
    low = min(b[0] for b in bands)
    high = max(b[1] for b in bands)
    pad = 0.05 * (high - low)
    for right in axes[:, 1]:
        right.set_ylim(low - pad, high + pad)  # one scale: the band visibly narrows
    axes[0, 1].legend(loc="upper left", fontsize=9)
    return fig


def plot_predictive_bands(
    x_grid: ArrayLike,
    features: Sequence[ArrayLike],
    means: Sequence[ArrayLike],
    covs: Sequence[ArrayLike],
    *,
    noise_var: float,
    titles: Sequence[str],
    x_data: ArrayLike,
    y_data: ArrayLike,
    weight_samples: Sequence[ArrayLike] | None = None,
    truth: ArrayLike | None = None,
    n_sd: float = 2.0,
    ylim: tuple[float, float] | None = None,
) -> Figure:
    r"""Draw the predictive mean and band of basis-feature models, one panel each.

    Parameters
    ----------
    x_grid : array_like, shape (g,)
        Inputs at which the band is drawn, increasing.
    features : sequence of array_like, shape (g, d_j)
        For panel ``j``, the feature matrix :math:`\Phi_j` with row
        :math:`\phi_j(x)` for each ``x`` of ``x_grid``.
    means, covs : sequences of array_like, shapes (d_j,) and (d_j, d_j)
        The weight posterior of each panel.
    noise_var : float
        The noise variance :math:`\sigma^2 > 0`, shared by the panels.
    titles : sequence of str
        One title per panel.
    x_data, y_data : array_like, shape (n,)
        The training data, drawn as points.
    weight_samples : sequence of array_like, shape (s, d_j), optional
        Sampled weights of each panel, each drawn as the curve
        :math:`\Phi_j w`.
    truth : array_like, shape (g,), optional
        The noise-free function at ``x_grid``, drawn dashed.
    n_sd : float, optional
        Half-width of the band in predictive standard deviations.
    ylim : tuple of float, optional
        Shared vertical range; by default matplotlib's, which fits the widest band.

    Returns
    -------
    Figure
        One panel per feature matrix, sharing the vertical axis: the band
        (gid ``"band"``), the predictive mean (gid ``"mean"``), the sampled
        curves (gid ``"sample"``), the truth (gid ``"truth"``) and the data
        (gid ``"data"``).

    Raises
    ------
    ValueError
        If the sequences are empty or differ in length, a feature matrix does
        not have one row per point of ``x_grid``, a mean/covariance/sample
        array does not match its features, an array is not finite,
        ``noise_var`` or ``n_sd`` is not positive, or ``ylim`` is not an interval.
    TypeError
        If an array is not numeric, or ``features``, ``means``, ``covs``,
        ``titles`` or ``weight_samples`` is not a list, tuple or array.

    Examples
    --------
    >>> xs = np.linspace(-1.0, 1.0, 5)
    >>> phi = np.column_stack([np.ones(5), xs])
    >>> fig = plot_predictive_bands(xs, [phi], [[0.0, 1.0]], [0.1 * np.eye(2)],
    ...                             noise_var=0.04, titles=["a line"], x_data=[0.0], y_data=[0.0])
    >>> fig.axes[0].get_title()
    'a line'
    >>> plt.close(fig)
    """
    xg = as_vector(x_grid, "x_grid")
    xs, ys = _data(x_data, y_data)
    features_, means_ = _sequence(features, "features"), _sequence(means, "means")
    covs_, titles_ = _sequence(covs, "covs"), _sequence(titles, "titles")
    panels = len(features_)
    if panels == 0 or not (len(means_) == len(covs_) == len(titles_) == panels):
        msg = (
            "`features`, `means`, `covs` and `titles` must be non-empty and of equal length; "
            f"got {panels}, {len(means_)}, {len(covs_)} and {len(titles_)}"
        )
        raise ValueError(msg)
    samples_ = None if weight_samples is None else _sequence(weight_samples, "weight_samples")
    if samples_ is not None and len(samples_) != panels:
        msg = f"`weight_samples` must hold one array per panel ({panels}); got {len(samples_)}"
        raise ValueError(msg)
    sigma2 = _positive(noise_var, "noise_var")
    width = _positive(n_sd, "n_sd")
    y_range = None if ylim is None else _interval(ylim, "ylim")
    f_true = None if truth is None else as_vector(truth, "truth")
    if f_true is not None and f_true.shape != xg.shape:
        msg = f"`truth` must have one value per point of `x_grid` ({xg.size}); got {f_true.size}"
        raise ValueError(msg)
    # every panel is checked before the figure exists: a bad one leaves no figure behind
    models: list[tuple[FloatArray, FloatArray, FloatArray, FloatArray | None]] = []
    for j in range(panels):
        Phi = as_matrix(features_[j], f"features[{j}]")
        if Phi.shape[0] != xg.size:
            msg = (
                f"`features[{j}]` must have one row per point of `x_grid` ({xg.size}); "
                f"got shape {Phi.shape}"
            )
            raise ValueError(msg)
        d = Phi.shape[1]
        m, S = _gaussian(means_[j], covs_[j], d, f"[{j}]", f"the {d} columns of `features[{j}]`")
        ws = None if samples_ is None else _check_samples(samples_[j], d, f"weight_samples[{j}]")
        models.append((Phi, m, S, ws))
    fig, axes = plt.subplots(
        1, panels, figsize=(4.4 * panels + 0.6, 3.8), layout="constrained", sharey=True,
        squeeze=False,
    )  # fmt: skip
    for j, (Phi, m, S, ws) in enumerate(models):
        ax = axes[0, j]
        _draw_band(ax, xg, Phi, m, S, sigma2, width)
        if ws is not None:
            _draw_samples(ax, xg, Phi, ws)
        if f_true is not None:
            ax.plot(xg, f_true, color=_INK, linestyle="--", linewidth=1.2, gid="truth",
                    label="true function")  # fmt: skip
        _draw_data(ax, xs, ys)
        ax.set(xlim=(float(xg[0]), float(xg[-1])), xlabel="$x$", title=str(titles_[j]))
    axes[0, 0].set_ylabel("$y$")
    if y_range is not None:
        axes[0, 0].set_ylim(y_range)  # shared by every panel
    axes[0, 0].legend(loc="lower left", fontsize=9)
    return fig


def plot_evidence(
    prior_vars: ArrayLike,
    noise_vars: ArrayLike,
    log_evidence: ArrayLike,
    *,
    marks: Mapping[str, tuple[float, float]] | None = None,
    levels_below_max: ArrayLike = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0),
) -> Figure:
    r"""Draw the log evidence over a grid of prior and noise variances.

    Parameters
    ----------
    prior_vars : array_like, shape (a,)
        Prior variances :math:`\tau^2 > 0` (horizontal axis, log scale), increasing.
    noise_vars : array_like, shape (b,)
        Noise variances :math:`\sigma^2 > 0` (vertical axis, log scale), increasing.
    log_evidence : array_like, shape (b, a)
        :math:`\log p(y \mid \tau^2, \sigma^2)`; row ``i`` is ``noise_vars[i]``.
    marks : mapping of str to (float, float), optional
        Labelled points ``(prior_var, noise_var)`` to mark, e.g. the grid's
        maximiser and another method's estimate.
    levels_below_max : array_like, optional
        Contour lines are drawn where the log evidence is this far below its
        maximum over the grid (in nats), all positive.

    Returns
    -------
    Figure
        One panel: contour lines (gid ``"evidence"``) at ``max - levels_below_max``
        and one marker per entry of ``marks``; the legend names each contour
        (``"max − 1 nats"``, innermost first) and then each mark.

    Raises
    ------
    ValueError
        If a variance is not positive or the grid is not increasing, the
        shape of ``log_evidence`` does not match, a level is not positive,
        an entry of ``marks`` is not two positive numbers, or an array is not
        finite.
    TypeError
        If an array or an entry of ``marks`` is not numeric, or ``marks`` is
        not a mapping.

    Examples
    --------
    >>> a, b = np.array([0.1, 1.0, 10.0]), np.array([0.01, 0.1, 1.0])
    >>> L = -np.add.outer(np.log(b) ** 2, np.log(a) ** 2)
    >>> fig = plot_evidence(a, b, L, marks={"best": (1.0, 1.0)})
    >>> fig.axes[0].get_xscale()
    'log'
    >>> plt.close(fig)
    """
    a, b = as_vector(prior_vars, "prior_vars"), as_vector(noise_vars, "noise_vars")
    for arr, name in ((a, "prior_vars"), (b, "noise_vars")):
        if np.any(arr <= 0.0) or np.any(np.diff(arr) <= 0.0) or arr.size < 2:
            msg = f"`{name}` must be at least two positive, increasing variances; got {arr!r}"
            raise ValueError(msg)
    L = as_matrix(log_evidence, "log_evidence")
    if L.shape != (b.size, a.size):
        msg = (
            f"`log_evidence` must have shape (len(`noise_vars`), len(`prior_vars`)) = "
            f"({b.size}, {a.size}); got {L.shape}"
        )
        raise ValueError(msg)
    gaps = as_vector(levels_below_max, "levels_below_max")
    if np.any(gaps <= 0.0):
        msg = f"`levels_below_max` must be positive numbers of nats; got {gaps!r}"
        raise ValueError(msg)
    points = _marks(marks)
    top = float(L.max())
    fig, ax = plt.subplots(figsize=(7.4, 4.6), layout="constrained")
    levels = np.sort(top - gaps)  # increasing: the outermost contour first
    shades = plt.get_cmap("viridis")(np.linspace(0.75, 0.0, levels.size))  # dark at the top
    lines = ax.contour(a, b, L, levels=levels, colors=shades, linewidths=1.3)
    lines.set_gid("evidence")
    # one legend entry per contour, innermost first: "max − 1 nats", ...
    handles: list[Line2D] = [
        Line2D([], [], color=shades[k], linewidth=1.3, label=f"max − {top - levels[k]:g} nats")
        for k in range(levels.size - 1, -1, -1)
    ]
    markers = ("o", "s", "D", "^")
    colors = (COLORS["vermillion"], COLORS["orange"], COLORS["green"], COLORS["purple"])
    for i, (label, (pa, pb)) in enumerate(points.items()):
        (mark,) = ax.plot(
            [pa], [pb], linestyle="none",
            marker=markers[i % 4], markersize=9, markerfacecolor="none",
            markeredgecolor=colors[i % 4], markeredgewidth=2.2, label=label,
        )  # fmt: skip
        handles.append(mark)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel=r"prior variance $\tau^2$",
        ylabel=r"noise variance $\sigma^2$",
        title="log evidence (contours below its maximum)",
    )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9)
    return fig
