"""Figures of chapter 13, sampling and Monte Carlo.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_sampling.py`` check that what it draws is the mathematics it
illustrates (the fitted line is :math:`c\\,n^b`, the envelope is
:math:`M q`, the histogram is the chain's, the Gibbs staircase moves one
coordinate at a time, the bars are the decoding probabilities).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, finite_scalar, same_length
from aimath.plotting import COLORS

__all__ = [
    "plot_decoding",
    "plot_gibbs",
    "plot_gradient_estimators",
    "plot_mc_error",
    "plot_mcmc",
    "plot_rejection",
]

_PALETTE = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["vermillion"]]


def _curve(f: object, x: FloatArray, name: str) -> FloatArray:
    if not callable(f):
        msg = f"`{name}` must be a callable; got {type(f).__name__}"
        raise TypeError(msg)
    y = np.asarray(f(x), dtype=np.float64)
    if y.shape != x.shape or not np.all(np.isfinite(y)):
        msg = f"`{name}` must return finite values of shape {x.shape}; got shape {y.shape}"
        raise ValueError(msg)
    return y


def plot_mc_error(
    ns: ArrayLike,
    errors: ArrayLike,
    exponent: float,
    prefactor: float,
    *,
    sigma: float | None = None,
    ylabel: str = "RMS error",
) -> Figure:
    r"""Log–log plot of a Monte Carlo error against the sample size, with its fitted power law.

    Parameters
    ----------
    ns : array_like, shape (k,)
        Sample sizes, positive.
    errors : array_like, shape (k,)
        Measured errors at those sizes, positive.
    exponent, prefactor : float
        The fitted law :math:`c\, n^{b}` (e.g. from
        :func:`aimath.probability.fit_power_law`), drawn as a line.
    sigma : float, optional
        If given, also draw the theoretical :math:`\sigma / \sqrt n` (dashed).
    ylabel : str, optional
        Label of the vertical axis.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the inputs are not finite, positive where required, or differ in length.
    TypeError
        If an input is not numbers.

    Examples
    --------
    >>> fig = plot_mc_error([10, 100, 1000], [0.3, 0.1, 0.03], -0.5, 1.0, sigma=1.0)
    >>> fig.axes[0].get_xscale()
    'log'
    >>> plt.close(fig)
    """
    n_, e_ = as_vector(ns, "ns"), as_vector(errors, "errors")
    same_length(n_, e_, "ns", "errors")
    if np.any(n_ <= 0.0) or np.any(e_ <= 0.0):
        msg = "`ns` and `errors` must be positive (they are drawn on log axes)"
        raise ValueError(msg)
    b = finite_scalar(exponent, "exponent")
    c = finite_scalar(prefactor, "prefactor")
    fig, ax = plt.subplots(layout="constrained")
    ax.loglog(n_, e_, "o", color=COLORS["blue"], label="measured")
    grid = np.geomspace(n_.min(), n_.max(), 100)
    ax.loglog(grid, c * grid**b, color=COLORS["orange"], label=f"fit: ${c:.2f}\\, n^{{{b:.3f}}}$")
    if sigma is not None:
        s = finite_scalar(sigma, "sigma")
        ax.loglog(grid, s / np.sqrt(grid), ls="--", color="0.4", label=r"$\sigma / \sqrt{n}$")
    ax.set(xlabel="number of samples $n$", ylabel=ylabel)
    ax.legend()
    return fig


def plot_rejection(
    target_pdf: Callable[[FloatArray], ArrayLike],
    proposal_pdf: Callable[[FloatArray], ArrayLike],
    M: float,
    samples: ArrayLike,
    x_range: tuple[float, float],
    *,
    bins: int = 40,
) -> Figure:
    r"""Rejection sampling: target :math:`p`, envelope :math:`M q`, and the accepted samples.

    Parameters
    ----------
    target_pdf, proposal_pdf : callable
        Vectorised densities :math:`p` and :math:`q`.
    M : float
        The envelope constant.
    samples : array_like, shape (n,)
        Accepted samples, drawn as a density histogram.
    x_range : tuple of float
        The plotted interval.
    bins : int, optional
        Histogram bins.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If an input is not finite, ``x_range`` is empty, or a density
        returns non-finite values.
    TypeError
        If a density is not callable or an input is not numbers.

    Examples
    --------
    >>> fig = plot_rejection(lambda x: 2 * x, np.ones_like, 2.0, [0.3, 0.7, 0.9], (0.0, 1.0))
    >>> len(fig.axes[0].lines)
    2
    >>> plt.close(fig)
    """
    M_ = finite_scalar(M, "M")
    x = as_vector(samples, "samples")
    bounds = as_vector(x_range, "x_range")
    if bounds.shape != (2,):
        msg = f"`x_range` must be an interval (lo, hi); got {bounds.shape[0]} numbers"
        raise ValueError(msg)
    lo, hi = float(bounds[0]), float(bounds[1])
    if not lo < hi:
        msg = f"`x_range` must be an interval (lo, hi) with lo < hi; got {x_range!r}"
        raise ValueError(msg)
    grid = np.linspace(lo, hi, 400)
    p = _curve(target_pdf, grid, "target_pdf")
    q = _curve(proposal_pdf, grid, "proposal_pdf")
    fig, ax = plt.subplots(layout="constrained")
    ax.hist(
        x,
        bins=bins,
        range=(lo, hi),
        density=True,
        color=COLORS["sky"],
        alpha=0.6,
        label="accepted samples",
    )
    ax.plot(grid, p, color=COLORS["blue"], label="target $p(x)$")
    ax.plot(grid, M_ * q, color=COLORS["orange"], ls="--", label="envelope $M\\,q(x)$")
    ax.fill_between(grid, p, M_ * q, color=COLORS["orange"], alpha=0.12, label="rejected region")
    ax.set(xlabel="$x$", ylabel="density", xlim=(lo, hi))
    ax.legend()
    return fig


def plot_mcmc(
    chain: ArrayLike,
    target_pdf: Callable[[FloatArray], ArrayLike],
    *,
    burn_in: int = 0,
    bins: int = 50,
) -> Figure:
    r"""Trace of a 1-D MCMC chain (left) and its histogram against the target density (right).

    Parameters
    ----------
    chain : array_like, shape (n,)
        The states of the chain.
    target_pdf : callable
        The normalised target density, vectorised.
    burn_in : int, optional
        Leading states discarded from the histogram (shaded on the trace).
    bins : int, optional
        Histogram bins.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``chain`` is not a finite 1-D vector or ``burn_in`` leaves fewer
        than two states.
    TypeError
        If ``chain`` is not numbers or ``target_pdf`` is not callable.

    Examples
    --------
    >>> fig = plot_mcmc([0.0, 0.5, -0.2, 0.1], lambda x: np.exp(-x**2 / 2) / np.sqrt(2 * np.pi))
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['step $t$', '$x$']
    >>> plt.close(fig)
    """
    x = as_vector(chain, "chain")
    if isinstance(burn_in, bool) or not isinstance(burn_in, (int, np.integer)):
        msg = f"`burn_in` must be an integer; got {type(burn_in).__name__}"
        raise TypeError(msg)
    if not 0 <= burn_in <= x.shape[0] - 2:
        msg = f"`burn_in` must be in [0, {x.shape[0] - 2}] to keep two states; got {burn_in}"
        raise ValueError(msg)
    kept = x[burn_in:]
    fig, (ax_t, ax_h) = plt.subplots(
        1, 2, figsize=(9.6, 3.8), layout="constrained", gridspec_kw={"width_ratios": [1.6, 1]}
    )
    ax_t.plot(np.arange(x.shape[0]), x, color=COLORS["blue"], lw=0.6)
    if burn_in > 0:
        ax_t.axvspan(0, burn_in, color="0.85", label="burn-in")
        ax_t.legend(loc="upper right")
    ax_t.set(xlabel="step $t$", ylabel="state $x_t$", title="trace")
    lo, hi = float(kept.min()), float(kept.max())
    pad = 0.1 * (hi - lo) + 1e-9
    grid = np.linspace(lo - pad, hi + pad, 400)
    ax_h.hist(kept, bins=bins, density=True, color=COLORS["sky"], alpha=0.7, label="chain")
    ax_h.plot(
        grid, _curve(target_pdf, grid, "target_pdf"), color=COLORS["orange"], label="target $p(x)$"
    )
    ax_h.set(xlabel="$x$", ylabel="density", title="histogram vs target")
    ax_h.legend()
    return fig


def plot_gibbs(samples: ArrayLike, rho: float, *, n_path: int = 25) -> Figure:
    r"""Gibbs samples of a bivariate Gaussian, the first sweeps as a staircase, and its contours.

    Parameters
    ----------
    samples : array_like, shape (n, 2)
        The state after each sweep, as returned by
        :func:`aimath.sampling.gibbs_bivariate_gaussian`; the path starts at
        the origin (its default start).
    rho : float
        The correlation of the target, for the contour ellipses at
        Mahalanobis radii 1 and 2.
    n_path : int, optional
        Number of sweeps drawn as a path.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``samples`` is not a finite (n, 2) array or ``rho`` not in (-1, 1).
    TypeError
        If an input is not numbers.

    Examples
    --------
    >>> fig = plot_gibbs([[0.5, 0.3], [0.1, -0.2]], 0.5, n_path=2)
    >>> fig.axes[0].get_aspect()
    1.0
    >>> plt.close(fig)
    """
    xy = as_matrix(samples, "samples")
    if xy.shape[1] != 2:
        msg = f"`samples` must have shape (n, 2); got {xy.shape}"
        raise ValueError(msg)
    r = finite_scalar(rho, "rho")
    if not -1.0 < r < 1.0:
        msg = f"`rho` must be in (-1, 1); got {r!r}"
        raise ValueError(msg)
    if isinstance(n_path, (bool, np.bool_)) or not isinstance(n_path, (int, np.integer)):
        msg = f"`n_path` must be an integer; got {type(n_path).__name__}"
        raise TypeError(msg)
    if n_path < 1:
        msg = f"`n_path` must be at least 1; got {n_path}"
        raise ValueError(msg)
    k = min(int(n_path), xy.shape[0])
    # staircase: (x_t, y_t) -> (x_{t+1}, y_t) -> (x_{t+1}, y_{t+1}), from the origin
    path = [(0.0, 0.0)]
    for x_new, y_new in xy[:k]:
        path.append((float(x_new), path[-1][1]))
        path.append((float(x_new), float(y_new)))
    path_xy = np.array(path)
    fig, ax = plt.subplots(figsize=(5.6, 5.0), layout="constrained")
    ax.scatter(xy[:, 0], xy[:, 1], s=3, color=COLORS["sky"], alpha=0.35, label="samples")
    theta = np.linspace(0.0, 2.0 * np.pi, 200)
    L = np.linalg.cholesky(np.array([[1.0, r], [r, 1.0]]))
    for radius, style in ((1.0, "-"), (2.0, "--")):
        ring = radius * L @ np.vstack([np.cos(theta), np.sin(theta)])
        ax.plot(ring[0], ring[1], color="0.3", ls=style, lw=1.2)
    ax.plot(
        path_xy[:, 0], path_xy[:, 1], color=COLORS["vermillion"], lw=1.2, label=f"first {k} sweeps"
    )
    ax.set(xlabel="$x$", ylabel="$y$", aspect=1.0)
    ax.legend(loc="upper left")
    return fig


def plot_gradient_estimators(
    estimates: Mapping[str, ArrayLike], exact: float, *, bins: int = 60
) -> Figure:
    r"""Histograms of per-sample gradient estimates, with the exact gradient marked.

    Parameters
    ----------
    estimates : mapping of str to array_like, shape (n,)
        For each estimator (legend label), its per-sample estimates.
    exact : float
        The exact gradient, drawn as a vertical line.
    bins : int, optional
        Histogram bins, over a common range.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``estimates`` is empty or holds a non-finite or non-1-D array.
    TypeError
        If an estimate is not numbers or ``exact`` is not a real number.

    Examples
    --------
    >>> fig = plot_gradient_estimators({"a": [1.0, 2.0, 1.5], "b": [0.5, 2.5, 1.5]}, 1.5)
    >>> len(fig.axes[0].patches) > 0
    True
    >>> plt.close(fig)
    """
    if len(estimates) == 0:
        msg = "`estimates` must hold at least one estimator"
        raise ValueError(msg)
    g = finite_scalar(exact, "exact")
    arrays = {label: as_vector(v, "estimates") for label, v in estimates.items()}
    everything = np.concatenate(list(arrays.values()))
    lo, hi = np.quantile(everything, [0.005, 0.995])
    fig, ax = plt.subplots(layout="constrained")
    for (label, v), color in zip(arrays.items(), _PALETTE, strict=False):
        ax.hist(
            v,
            bins=bins,
            range=(float(lo), float(hi)),
            density=True,
            histtype="stepfilled",
            alpha=0.45,
            color=color,
            label=f"{label} (sd {v.std(ddof=1):.2f})",
        )
    ax.axvline(g, color="0.2", ls="--", lw=1.5, label="exact gradient")
    ax.set(xlabel="per-sample gradient estimate", ylabel="density")
    ax.legend()
    return fig


def plot_decoding(vocab: Sequence[str], distributions: Mapping[str, ArrayLike]) -> Figure:
    """Grouped bars of next-token distributions under several decoding settings.

    Parameters
    ----------
    vocab : sequence of str
        The token strings, one per bar group.
    distributions : mapping of str to array_like, shape (V,)
        For each setting (legend label), the probabilities of the tokens.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``distributions`` is empty or a distribution does not have one
        finite, non-negative entry per token.
    TypeError
        If a distribution is not numbers.

    Examples
    --------
    >>> fig = plot_decoding(["a", "b"], {"T = 1": [0.25, 0.75]})
    >>> [round(float(p.get_height()), 2) for p in fig.axes[0].patches]
    [0.25, 0.75]
    >>> plt.close(fig)
    """
    words = [str(w) for w in vocab]
    if len(distributions) == 0:
        msg = "`distributions` must hold at least one distribution"
        raise ValueError(msg)
    rows = {label: as_vector(p, "distributions") for label, p in distributions.items()}
    for label, p in rows.items():
        if p.shape != (len(words),) or np.any(p < 0.0):
            msg = (
                f"`distributions[{label!r}]` must hold {len(words)} non-negative "
                f"probabilities; got shape {p.shape}"
            )
            raise ValueError(msg)
    palette = [*_PALETTE, COLORS["purple"], COLORS["sky"]]
    width = 0.8 / len(rows)
    fig, ax = plt.subplots(figsize=(7.2, 3.8), layout="constrained")
    positions = np.arange(len(words))
    for j, (label, p) in enumerate(rows.items()):
        ax.bar(
            positions + (j - (len(rows) - 1) / 2) * width,
            p,
            width,
            color=palette[j % len(palette)],
            label=label,
        )
    ax.set_xticks(positions, words)
    top = max(float(p.max()) for p in rows.values())
    ax.set(xlabel="token", ylabel="probability", ylim=(0.0, 1.15 * top))
    ax.legend(ncols=2)
    return fig
