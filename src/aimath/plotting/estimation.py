"""Figures of chapter 12, maximum likelihood and MAP.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_estimation.py`` check what it draws (the likelihood curve is
:math:`\\exp(-\\mathrm{NLL})` and peaks at the MLE, the bars are the
coefficients passed in, the band is the predictive mean plus and minus two
predictive standard deviations).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike
from aimath._validation import as_matrix, as_vector
from aimath.estimation import bernoulli_mle, bernoulli_nll
from aimath.plotting import COLORS

__all__ = [
    "plot_bernoulli_likelihood",
    "plot_blr_predictive",
    "plot_coefficients",
    "plot_variance_bias",
]

_PALETTE = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"], COLORS["sky"]]


def _grid_size(n_points: object) -> int:
    if isinstance(n_points, (bool, np.bool_)) or not isinstance(n_points, numbers.Integral):
        msg = f"`n_points` must be an integer; got {type(n_points).__name__}"
        raise TypeError(msg)
    if int(n_points) < 3:
        msg = f"`n_points` must be at least 3; got {int(n_points)}"
        raise ValueError(msg)
    return int(n_points)


def plot_bernoulli_likelihood(data: ArrayLike, n_points: int = 401) -> Figure:
    r"""Likelihood and log-likelihood of Bernoulli ``data`` as functions of ``p``.

    Parameters
    ----------
    data : array_like, shape (n,)
        Observed outcomes, each 0 or 1.
    n_points : int, optional
        Grid points in :math:`(0, 1)` (at least 3).

    Returns
    -------
    Figure
        Two panels over the same grid: the likelihood :math:`L(p) = e^{-\mathrm{NLL}(p)}`
        (left) and the log-likelihood :math:`\ell(p)` (right), each with a
        vertical line at :math:`\hat p` (:func:`aimath.estimation.bernoulli_mle`).

    Raises
    ------
    ValueError
        If ``data`` is not a non-empty 1-D vector of 0s and 1s or ``n_points < 3``.
    TypeError
        If ``data`` is not array-like of numbers or ``n_points`` is not an integer.

    Examples
    --------
    >>> fig = plot_bernoulli_likelihood([1, 0, 1])
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['likelihood $L(p)$', 'log-likelihood $\\ell(p)$']
    >>> plt.close(fig)
    """
    m = _grid_size(n_points)
    p_hat = bernoulli_mle(data)
    # open grid: the log-likelihood is -inf at an endpoint where the data are impossible
    p = np.linspace(0.0, 1.0, m + 2)[1:-1]
    loglik = -np.asarray(bernoulli_nll(p, data))
    fig, (ax_l, ax_ll) = plt.subplots(1, 2, figsize=(9.0, 3.6), layout="constrained")
    ax_l.plot(p, np.exp(loglik), color=COLORS["blue"], label="likelihood")
    ax_ll.plot(p, loglik, color=COLORS["green"], label="log-likelihood")
    for ax in (ax_l, ax_ll):
        ax.axvline(
            p_hat, color=COLORS["vermillion"], ls="--", lw=1.5, label=rf"$\hat p = {p_hat:.3g}$"
        )
        ax.set_xlabel("$p$")
        ax.legend(loc="upper left")
    ax_l.set_ylabel("likelihood $L(p)$")
    ax_ll.set_ylabel(r"log-likelihood $\ell(p)$")
    ax_l.set_title("the likelihood is tiny")
    ax_ll.set_title("its logarithm is well scaled")
    return fig


def plot_variance_bias(
    ns: ArrayLike, mean_ratio: ArrayLike, stderr: ArrayLike | None = None
) -> Figure:
    r"""Simulated :math:`\mathbb E[\hat\sigma^2]/\sigma^2` against :math:`(n-1)/n`.

    Parameters
    ----------
    ns : array_like, shape (k,)
        Sample sizes, each at least 1.
    mean_ratio : array_like, shape (k,)
        For each ``n``, the average over simulations of :math:`\hat\sigma^2/\sigma^2`.
    stderr : array_like, shape (k,), optional
        Standard errors of those averages, drawn as :math:`\pm 2` error bars.

    Returns
    -------
    Figure
        One panel: the simulated ratios (markers), the exact curve
        :math:`(n-1)/n` and the unbiased level 1.

    Raises
    ------
    ValueError
        If the arrays are not finite 1-D vectors of one length, or a size is below 1.
    TypeError
        If an input is not array-like of numbers.

    Examples
    --------
    >>> fig = plot_variance_bias([2, 4, 8], [0.5, 0.75, 0.875])
    >>> fig.axes[0].get_xlabel()
    'sample size $n$'
    >>> plt.close(fig)
    """
    n = as_vector(ns, "ns")
    r = as_vector(mean_ratio, "mean_ratio")
    if r.shape != n.shape:
        msg = f"`mean_ratio` must have the length of `ns` ({n.shape[0]}); got {r.shape[0]}"
        raise ValueError(msg)
    if np.any(n < 1):
        msg = f"`ns` must hold sample sizes of at least 1; got {float(n.min())!r}"
        raise ValueError(msg)
    se = None if stderr is None else as_vector(stderr, "stderr")
    if se is not None and se.shape != n.shape:
        msg = f"`stderr` must have the length of `ns` ({n.shape[0]}); got {se.shape[0]}"
        raise ValueError(msg)
    fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    grid = np.geomspace(float(n.min()), float(n.max()), 200)
    ax.plot(grid, (grid - 1.0) / grid, color=COLORS["blue"], label=r"exact $(n-1)/n$")
    ax.axhline(1.0, color="0.4", ls=":", lw=1.2, label="unbiased")
    ax.errorbar(
        n,
        r,
        yerr=None if se is None else 2.0 * se,
        fmt="o",
        color=COLORS["vermillion"],
        capsize=3,
        label=r"simulated mean of $\hat\sigma^2/\sigma^2$",
    )
    ax.set_xscale("log", base=2)
    ax.set_xlabel("sample size $n$")
    ax.set_ylabel(r"$\mathbb{E}[\hat\sigma^2] / \sigma^2$")
    ax.legend(loc="lower right")
    return fig


def plot_coefficients(coefs: object, true_w: ArrayLike | None = None) -> Figure:
    r"""Grouped bars of several coefficient vectors, optionally with the true weights.

    Parameters
    ----------
    coefs : mapping of str to array_like
        Named coefficient vectors (for example OLS, ridge, lasso), all of length d.
    true_w : array_like, shape (d,), optional
        The weights that generated the data, drawn as black markers.

    Returns
    -------
    Figure
        One panel: for each coefficient index, one bar per entry of ``coefs``
        in the order given.

    Raises
    ------
    ValueError
        If ``coefs`` is empty or the vectors are not finite, 1-D and of one length.
    TypeError
        If ``coefs`` is not a mapping or a vector is not array-like of numbers.

    Examples
    --------
    >>> fig = plot_coefficients({"a": [1.0, 0.0], "b": [0.5, 0.0]}, [1.0, 0.0])
    >>> len(fig.axes[0].patches)
    4
    >>> plt.close(fig)
    """
    if not isinstance(coefs, Mapping):
        msg = f"`coefs` must be a mapping of names to vectors; got {type(coefs).__name__}"
        raise TypeError(msg)
    if len(coefs) == 0:
        msg = "`coefs` must hold at least one coefficient vector"
        raise ValueError(msg)
    vectors = {str(key): as_vector(v, f"coefs[{key!r}]") for key, v in coefs.items()}
    d = next(iter(vectors.values())).shape[0]
    for key, v in vectors.items():
        if v.shape[0] != d:
            msg = f"`coefs[{key!r}]` must have length {d} like the first vector; got {v.shape[0]}"
            raise ValueError(msg)
    truth = None if true_w is None else as_vector(true_w, "true_w")
    if truth is not None and truth.shape[0] != d:
        msg = f"`true_w` must have length {d}; got {truth.shape[0]}"
        raise ValueError(msg)
    fig, ax = plt.subplots(figsize=(8.0, 3.8), layout="constrained")
    idx = np.arange(d)
    width = 0.8 / len(vectors)
    for k, (name, v) in enumerate(vectors.items()):
        offset = (k - (len(vectors) - 1) / 2) * width
        ax.bar(idx + offset, v, width, color=_PALETTE[k % len(_PALETTE)], label=name)
    if truth is not None:
        ax.scatter(
            idx, truth, marker="_", s=400, color="black", linewidths=2, label="true $w$", zorder=3
        )
    ax.axhline(0.0, color="0.4", lw=0.8)
    ax.set_xticks(idx, [f"$w_{{{j}}}$" for j in idx])
    ax.set_xlabel("coefficient")
    ax.set_ylabel("value")
    ax.legend(loc="upper right", ncols=min(len(vectors) + 1, 4))
    return fig


def plot_blr_predictive(
    x_train: ArrayLike,
    y_train: ArrayLike,
    x_grid: ArrayLike,
    pred_mean: ArrayLike,
    pred_var: ArrayLike,
    sample_lines: ArrayLike | None = None,
    true_line: ArrayLike | None = None,
) -> Figure:
    r"""Posterior predictive mean and :math:`\pm 2` standard-deviation band of a 1-D regression.

    Parameters
    ----------
    x_train, y_train : array_like, shape (n,)
        The observed points.
    x_grid : array_like, shape (m,)
        Inputs at which the predictive distribution was evaluated, increasing.
    pred_mean, pred_var : array_like, shape (m,)
        Predictive mean and variance at ``x_grid``
        (:func:`aimath.estimation.blr_predictive`); variances positive.
    sample_lines : array_like, shape (k, m), optional
        Regression functions :math:`x^\top w^{(s)}` of posterior weight samples, on ``x_grid``.
    true_line : array_like, shape (m,), optional
        The noise-free function that generated the data.

    Returns
    -------
    Figure
        One panel: the band, the mean, the sample lines (thin), the true line
        (dotted) and the data.

    Raises
    ------
    ValueError
        If the lengths do not match, an input is not finite, or a variance is not positive.
    TypeError
        If an input is not array-like of numbers.

    Examples
    --------
    >>> fig = plot_blr_predictive([0.0], [1.0], [0.0, 1.0], [1.0, 1.0], [0.5, 0.5])
    >>> fig.axes[0].get_xlabel()
    '$x$'
    >>> plt.close(fig)
    """
    xt, yt = as_vector(x_train, "x_train"), as_vector(y_train, "y_train")
    if xt.shape != yt.shape:
        msg = f"`y_train` must have the length of `x_train` ({xt.shape[0]}); got {yt.shape[0]}"
        raise ValueError(msg)
    xg = as_vector(x_grid, "x_grid")
    mean, var = as_vector(pred_mean, "pred_mean"), as_vector(pred_var, "pred_var")
    for name, arr in (("pred_mean", mean), ("pred_var", var)):
        if arr.shape != xg.shape:
            msg = f"`{name}` must have the length of `x_grid` ({xg.shape[0]}); got {arr.shape[0]}"
            raise ValueError(msg)
    if np.any(var <= 0.0):
        msg = f"`pred_var` must be positive; got {float(var.min())!r}"
        raise ValueError(msg)
    lines = None if sample_lines is None else as_matrix(sample_lines, "sample_lines")
    if lines is not None and lines.shape[1] != xg.shape[0]:
        msg = (
            f"`sample_lines` must have {xg.shape[0]} columns (length of `x_grid`); "
            f"got {lines.shape[1]}"
        )
        raise ValueError(msg)
    truth = None if true_line is None else as_vector(true_line, "true_line")
    if truth is not None and truth.shape != xg.shape:
        msg = f"`true_line` must have the length of `x_grid` ({xg.shape[0]}); got {truth.shape[0]}"
        raise ValueError(msg)
    sd = np.sqrt(var)
    fig, ax = plt.subplots(figsize=(6.8, 4.0), layout="constrained")
    ax.fill_between(
        xg,
        mean - 2.0 * sd,
        mean + 2.0 * sd,
        color=COLORS["sky"],
        alpha=0.35,
        lw=0,
        label=r"mean $\pm 2$ sd",
    )
    if lines is not None:
        for k, line in enumerate(lines):
            ax.plot(
                xg,
                line,
                color=COLORS["green"],
                lw=0.8,
                alpha=0.6,
                label="posterior samples" if k == 0 else None,
            )
    ax.plot(xg, mean, color=COLORS["blue"], label="predictive mean")
    if truth is not None:
        ax.plot(xg, truth, color=COLORS["purple"], ls=":", lw=2.0, label="true function")
    ax.scatter(
        xt, yt, color=COLORS["vermillion"], s=22, zorder=3, label=f"data (n = {xt.shape[0]})"
    )
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="lower left", fontsize=9)
    return fig
