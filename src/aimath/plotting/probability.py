"""Figures of chapter 10, probability for machine learning.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_probability.py`` check that what it draws satisfies the
mathematics (the base-rate curves are Bayes' rule, the bands are
:math:`\\mu \\pm 2\\sigma/\\sqrt n`, the bell curves are the standard normal
density, the bias–variance curves are the simulation's numbers).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, same_length
from aimath._validation import integer_at_least as _count
from aimath._validation import real_number as _real
from aimath.plotting import COLORS
from aimath.probability import (
    BiasVariance,
    fit_power_law,
    positive_predictive_value,
    running_mean,
)

__all__ = [
    "plot_base_rate",
    "plot_bias_variance",
    "plot_central_limit",
    "plot_error_rate",
    "plot_running_means",
]

_PALETTE = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["vermillion"]]
_INK = "#333333"  # reference curves: inverted with the axes in the dark theme


def _positive(x: object, name: str) -> float:
    value = _real(x, name)
    if value <= 0.0:
        msg = f"`{name}` must be positive; got {value!r}"
        raise ValueError(msg)
    return value


def _positive_vector(x: ArrayLike, name: str) -> FloatArray:
    v = as_vector(x, name)
    if np.any(v <= 0.0):
        msg = f"`{name}` must be positive (it is plotted on a log axis); got {float(v.min())!r}"
        raise ValueError(msg)
    return v


def plot_base_rate(
    sensitivity: float = 0.99,
    specificities: Sequence[float] = (0.9, 0.99, 0.999),
    *,
    marked_prevalence: float | None = None,
    n_points: int = 200,
) -> Figure:
    r"""Posterior :math:`P(D \mid +)` against the prior :math:`P(D)`: the base-rate effect.

    Parameters
    ----------
    sensitivity : float, optional
        :math:`P(+ \mid D)`, in :math:`[0, 1]`.
    specificities : sequence of float, optional
        One curve per specificity :math:`P(- \mid \neg D)`, each in :math:`[0, 1]`.
    marked_prevalence : float, optional
        A prevalence in :math:`(0, 1)` to mark with a dot on each curve.
    n_points : int, optional
        Prevalences per curve, log-spaced from :math:`10^{-4}` to :math:`1/2`; at least 2.

    Returns
    -------
    Figure
        One panel, log prevalence axis: a curve per specificity (from
        :func:`aimath.probability.positive_predictive_value`) and the grey
        diagonal "posterior = prior".

    Raises
    ------
    ValueError
        If a probability is outside :math:`[0, 1]` (or the marked prevalence
        outside :math:`(0, 1)`), ``specificities`` is empty or not 1-D, or
        ``n_points < 2``.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> fig = plot_base_rate(0.99, (0.99,), marked_prevalence=0.001)
    >>> fig.axes[0].get_xscale()
    'log'
    >>> plt.close(fig)
    """
    specs = as_vector(specificities, "specificities")
    for k, s in enumerate(specs):
        if not 0.0 <= s <= 1.0:
            msg = f"`specificities[{k}]` must be a probability in [0, 1]; got {float(s)!r}"
            raise ValueError(msg)
    points = _count(n_points, "n_points", 2)
    marked = None if marked_prevalence is None else _real(marked_prevalence, "marked_prevalence")
    if marked is not None and not 0.0 < marked < 1.0:
        msg = f"`marked_prevalence` must be in (0, 1) (a log axis); got {marked!r}"
        raise ValueError(msg)
    prevalence = np.logspace(-4.0, math.log10(0.5), points)
    curves = [
        [positive_predictive_value(p, sensitivity, float(s)) for p in prevalence] for s in specs
    ]
    fig, ax = plt.subplots(layout="constrained")
    for k, (s, ppv) in enumerate(zip(specs, curves, strict=True)):
        color = _PALETTE[k % len(_PALETTE)]
        ax.plot(prevalence, ppv, color=color, label=f"specificity {s:g}")
        if marked is not None:
            dot = positive_predictive_value(marked, sensitivity, float(s))
            ax.plot([marked], [dot], "o", color=color, ms=7, zorder=3)
    ax.plot(
        prevalence, prevalence, color=COLORS["grey"], ls="--", lw=1.2, label="posterior = prior"
    )
    ax.set_xscale("log")
    ax.set(
        ylim=(0.0, 1.02), xlabel="prevalence $P(D)$ (prior)", ylabel="$P(D \\mid +)$ (posterior)"
    )
    ax.set_title(f"positive test, sensitivity {float(sensitivity):g}")
    ax.legend(loc="upper left")
    return fig


def plot_running_means(draws: ArrayLike, mean: float, std: float) -> Figure:
    r"""Running means of several sequences of draws, with the band :math:`\mu \pm 2\sigma/\sqrt n`.

    Parameters
    ----------
    draws : array_like, shape (P, N)
        ``P`` sequences of ``N`` i.i.d. draws, one per row.
    mean : float
        The true mean :math:`\mu`.
    std : float
        The true standard deviation :math:`\sigma > 0`.

    Returns
    -------
    Figure
        One panel, log :math:`n` axis: one running mean per row (from
        :func:`aimath.probability.running_mean`), the line :math:`\mu` and the
        shaded band :math:`\mu \pm 2\sigma/\sqrt n`.

    Raises
    ------
    ValueError
        If ``draws`` is not a finite non-empty 2-D array, or ``mean``/``std``
        is not finite (``std`` must be positive).
    TypeError
        If an argument is not a real number or array-like of them.

    Examples
    --------
    >>> fig = plot_running_means([[1.0, 0.0, 1.0, 1.0]], 0.7, 0.46)
    >>> len(fig.axes[0].lines)
    2
    >>> plt.close(fig)
    """
    D = as_matrix(draws, "draws")
    mu, sigma = _real(mean, "mean"), _positive(std, "std")
    paths = running_mean(D)
    n = np.arange(1, D.shape[1] + 1)
    fig, ax = plt.subplots(layout="constrained")
    half = 2.0 * sigma / np.sqrt(n)
    ax.fill_between(n, mu - half, mu + half, color=COLORS["grey"], alpha=0.2, lw=0)
    for k, path in enumerate(paths):
        ax.plot(n, path, color=_PALETTE[k % len(_PALETTE)], lw=1.3)
    ax.axhline(mu, color=_INK, ls="--", lw=1.2)
    low, high = min(float(paths.min()), mu), max(float(paths.max()), mu)
    pad = 0.08 * (high - low) if high > low else 1.0
    ax.set_ylim(low - pad, high + pad)  # the band is widest at n = 1: clip it to the data
    ax.set_xscale("log")
    ax.set(xlabel="number of draws $n$", ylabel="running mean $\\bar x_n$")
    ax.set_title(f"law of large numbers: band $\\mu \\pm 2\\sigma/\\sqrt{{n}}$, $\\mu$ = {mu:g}")
    return fig


def plot_error_rate(ns: ArrayLike, errors: ArrayLike, std: float) -> Figure:
    r"""Error of the sample mean against :math:`n` on log–log axes, with the fitted slope.

    Parameters
    ----------
    ns : array_like, shape (k,)
        Sample sizes, positive.
    errors : array_like, shape (k,)
        RMS errors of the sample mean (e.g. from
        :func:`aimath.probability.sample_mean_rmse`), positive.
    std : float
        :math:`\sigma > 0`, for the reference line :math:`\sigma/\sqrt n`.

    Returns
    -------
    Figure
        One panel: the measured errors (markers), the least-squares line of
        :func:`aimath.probability.fit_power_law` and the dashed theory
        :math:`\sigma/\sqrt n`; the legend gives the fitted slope.

    Raises
    ------
    ValueError
        If ``ns`` or ``errors`` is not a positive finite vector, the lengths
        differ, the ``ns`` are all equal, or ``std`` is not positive.
    TypeError
        If an argument is not a real number or array-like of them.

    Examples
    --------
    >>> fig = plot_error_rate([1, 100, 10000], [1.0, 0.1, 0.01], 1.0)
    >>> fig.axes[0].get_yscale()
    'log'
    >>> plt.close(fig)
    """
    n = _positive_vector(ns, "ns")
    err = _positive_vector(errors, "errors")
    same_length(n, err, "ns", "errors")
    sigma = _positive(std, "std")
    slope, prefactor = fit_power_law(n, err)
    fig, ax = plt.subplots(layout="constrained")
    ax.plot(n, err, "o", color=COLORS["blue"], ms=6, label="measured RMS error")
    ax.plot(
        n,
        prefactor * n**slope,
        color=COLORS["orange"],
        label=f"least-squares fit, slope {slope:.3f}",
    )
    ax.plot(n, sigma / np.sqrt(n), color=_INK, ls="--", lw=1.2, label="theory $\\sigma/\\sqrt{n}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set(xlabel="sample size $n$", ylabel="RMS error of $\\bar x_n$")
    ax.legend(loc="lower left")
    return fig


def _normal_pdf(z: FloatArray) -> FloatArray:
    pdf: FloatArray = np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    return pdf


def plot_central_limit(samples_by_n: Mapping[int, ArrayLike], bins: int = 40) -> Figure:
    r"""Histograms of standardised sample means beside the standard normal density.

    Parameters
    ----------
    samples_by_n : mapping of int to array_like, shape (R,)
        For each sample size ``n``, the values :math:`Z_n` (e.g. from
        :func:`aimath.probability.standardized_means`); at most 6 sizes.
    bins : int, optional
        Histogram bins on :math:`[-4, 4]`, at least 2.

    Returns
    -------
    Figure
        One panel per ``n``: a density histogram of :math:`Z_n` and the
        curve :math:`\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}`.

    Raises
    ------
    ValueError
        If ``samples_by_n`` is empty or has more than 6 entries, a key is not
        a positive integer, a series is not a finite non-empty 1-D vector, or
        ``bins < 2``.
    TypeError
        If ``samples_by_n`` is not a mapping or ``bins`` is not an integer.

    Examples
    --------
    >>> fig = plot_central_limit({1: [-1.0, 0.0, 1.0], 4: [-0.5, 0.0, 0.5]})
    >>> [ax.get_title() for ax in fig.axes]
    ['$n$ = 1', '$n$ = 4']
    >>> plt.close(fig)
    """
    given: object = samples_by_n  # checked at run time: callers may pass anything
    if not isinstance(given, Mapping):
        msg = f"`samples_by_n` must be a mapping n -> values; got {type(given).__name__}"
        raise TypeError(msg)
    if not 1 <= len(given) <= 6:
        msg = f"`samples_by_n` must hold 1 to 6 sample sizes; got {len(given)}"
        raise ValueError(msg)
    n_bins = _count(bins, "bins", 2)
    series = {}
    for n, values in given.items():
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral) or n < 1:
            msg = f"`samples_by_n` keys must be positive integers (sample sizes); got {n!r}"
            raise ValueError(msg)
        series[int(n)] = as_vector(values, f"samples_by_n[{n!r}]")
    edges = np.linspace(-4.0, 4.0, n_bins + 1)
    z = np.linspace(-4.0, 4.0, 401)
    ncols = 2 if len(series) == 4 else min(len(series), 3)  # four panels as a 2 x 2 grid
    nrows = math.ceil(len(series) / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(3.3 * ncols, 2.6 * nrows + 0.3),
        sharex=True,
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for k, (ax, (n, values)) in enumerate(zip(axes.flat, series.items(), strict=False)):
        ax.hist(values, bins=edges, density=True, color=COLORS["sky"], alpha=0.8)
        ax.plot(z, _normal_pdf(z), color=COLORS["vermillion"], lw=1.8)
        ax.set_title(f"$n$ = {n}")
        if k // ncols == nrows - 1:
            ax.set_xlabel("$z$")
        if k % ncols == 0:
            ax.set_ylabel("density")
    for ax in list(axes.flat)[len(series) :]:
        fig.delaxes(ax)  # an unused cell of the grid
    return fig


def plot_bias_variance(result: BiasVariance, show_degrees: Sequence[int] = (1, 3, 9)) -> Figure:
    r"""Polynomial fits of three degrees, and bias², variance and test error against degree.

    Parameters
    ----------
    result : BiasVariance
        From :func:`aimath.probability.bias_variance_simulation`.
    show_degrees : sequence of int, optional
        One to four degrees, each among ``result.degrees``, whose fits are drawn.

    Returns
    -------
    Figure
        Top row: for each shown degree, up to 20 fitted polynomials (thin), their
        average and the true :math:`\sin(2\pi x)` (dashed). Bottom: estimated and
        exact bias², variance, noise, their sum (with the estimated bias²) and the
        measured test error (with two-standard-error bars) against the degree,
        log scale.

    Raises
    ------
    ValueError
        If ``show_degrees`` is empty, longer than 4, not 1-D, or names a
        degree that was not simulated.
    TypeError
        If ``result`` is not a :class:`~aimath.probability.BiasVariance` or
        ``show_degrees`` is not array-like of numbers.

    Examples
    --------
    >>> from aimath.probability import bias_variance_simulation
    >>> bv = bias_variance_simulation([1, 3], n_datasets=20)
    >>> fig = plot_bias_variance(bv, show_degrees=[1, 3])
    >>> len(fig.axes)
    3
    >>> plt.close(fig)
    """
    given: object = result  # checked at run time: callers may pass anything
    if not isinstance(given, BiasVariance):
        msg = f"`result` must be a BiasVariance; got {type(given).__name__}"
        raise TypeError(msg)
    shown = as_vector(show_degrees, "show_degrees")
    if shown.size > 4:
        msg = f"`show_degrees` must hold at most 4 degrees; got {shown.size}"
        raise ValueError(msg)
    index = []
    for d in shown:
        hits = np.flatnonzero(result.degrees == d)
        if hits.size == 0:
            simulated = result.degrees.tolist()
            msg = f"`show_degrees` holds {d:g}, not among the simulated degrees {simulated}"
            raise ValueError(msg)
        index.append(int(hits[0]))
    top = "abcd"[: len(index)]  # one letter per small panel; "z" is the wide bottom panel
    fig, axd = plt.subplot_mosaic(
        f"{top};{'z' * len(top)}", figsize=(8.0, 6.4), layout="constrained"
    )
    for key, j in zip(top, index, strict=True):
        ax = axd[key]
        fits = result.predictions[j]
        for fit in fits[:20]:
            ax.plot(result.x_test, fit, color=COLORS["blue"], lw=0.7, alpha=0.35)
        ax.plot(result.x_test, fits.mean(axis=0), color=COLORS["orange"], lw=2.2)
        ax.plot(result.x_test, result.f_test, color=_INK, ls="--", lw=1.4)
        ax.set(ylim=(-2.0, 2.0), xlabel="$x$", title=f"degree {result.degrees[j]}")
    axd[top[0]].set_ylabel("fits (blue), mean (orange)")
    ax = axd["z"]
    deg = result.degrees
    total = result.bias_sq + result.variance + result.noise
    ax.plot(deg, result.bias_sq, "o-", color=COLORS["blue"], label="bias² (estimated)")
    ax.plot(deg, result.bias_sq_exact, "--", color=COLORS["blue"], lw=1.2, label="bias² (exact)")
    ax.plot(deg, result.variance, "s-", color=COLORS["orange"], label="variance")
    ax.plot(deg, np.full(deg.shape, result.noise), color=COLORS["grey"], ls=":", label="noise σ²")
    ax.plot(deg, total, color=COLORS["green"], lw=3, alpha=0.6, label="bias² + variance + noise")
    ax.errorbar(
        deg,
        result.test_error,
        yerr=2 * result.test_error_se,
        fmt="x",
        color=COLORS["vermillion"],
        ms=7,
        label="measured test error",
    )
    ax.set_yscale("log")
    # the exact bias^2 can fall to ~0 (rounding): let it leave the panel at the bottom
    shown = np.concatenate([result.bias_sq, result.variance, [result.noise]])
    low = float(np.min(shown[shown > 0])) / 3 if np.any(shown > 0) else 1e-6
    ax.set_ylim(bottom=low)
    ax.set(xlabel="polynomial degree", ylabel="squared error")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=3, fontsize=9)
    return fig
