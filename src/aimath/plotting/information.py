r"""Figures of chapter 14, information theory.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_information.py`` check that what it draws is the mathematics it
illustrates (the binary-entropy curve is :math:`H(p)`, the two KL curves are
the two directions of the divergence, the fitted normals have the fitted
parameters, the bar segments add up to the entropies they stand for, the
entropy-versus-temperature curve is the entropy of the tempered softmax).
Drawn elements carry a ``gid`` so the tests can find them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_vector, finite_scalar
from aimath.information import (
    conditional_entropy,
    entropy,
    fit_gaussian_kl,
    kl_divergence,
    log_softmax,
    mutual_information,
)
from aimath.plotting import COLORS

__all__ = [
    "plot_binary_entropy",
    "plot_information_bars",
    "plot_kl_asymmetry",
    "plot_kl_fits",
    "plot_temperature_entropy",
]

_PALETTE = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["vermillion"]]


def _unit(base: float) -> str:
    """The name of the unit of information for a logarithm base."""
    if base == 2.0:
        return "bits"
    if base == math.e:
        return "nats"
    return f"base-{base:g} units"


def _base(base: object) -> float:
    """A valid logarithm base (checked by calling the library once)."""
    if isinstance(base, (bool, np.bool_)):
        msg = f"`base` must be a real number; got {type(base).__name__}"
        raise TypeError(msg)
    entropy([1.0], base)  # type: ignore[arg-type]  # raises naming `base` if invalid
    return float(base)  # type: ignore[arg-type]


def _open_probability(x: object, name: str) -> float:
    """A probability strictly between 0 and 1."""
    if isinstance(x, (bool, np.bool_, str, bytes)):
        msg = f"`{name}` must be a real number; got {type(x).__name__}"
        raise TypeError(msg)
    value = finite_scalar(x, name)
    if not 0.0 < value < 1.0:
        msg = f"`{name}` must lie strictly between 0 and 1; got {value!r}"
        raise ValueError(msg)
    return value


def _binary_entropy(p: FloatArray, base: float) -> FloatArray:
    return np.array([entropy([pi, 1.0 - pi], base) for pi in p])


def plot_binary_entropy(marked: Sequence[float] = (0.5, 0.9), base: float = 2) -> Figure:
    r"""The entropy of a Bernoulli(:math:`p`) variable as a function of :math:`p`.

    Parameters
    ----------
    marked : sequence of float, optional
        Probabilities in :math:`[0, 1]` to mark and label on the curve.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    Figure
        One panel: the curve :math:`H(p) = -p \log p - (1 - p) \log(1 - p)`
        on 401 points of :math:`[0, 1]` (gid ``"entropy"``), the marked points
        (gid ``"marked"``), each with a text label giving its entropy.

    Raises
    ------
    ValueError
        If a marked value is not a probability or ``base`` is invalid.
    TypeError
        If ``marked`` is not numeric or ``base`` is not a real number.

    Examples
    --------
    >>> fig = plot_binary_entropy([0.5], 2)
    >>> fig.axes[0].get_lines()[1].get_ydata().tolist()
    [1.0]
    >>> plt.close(fig)
    """
    b = _base(base)
    pts = as_vector(marked, "marked")
    if np.any((pts < 0.0) | (pts > 1.0)):
        msg = f"`marked` must hold probabilities in [0, 1]; got {pts.tolist()}"
        raise ValueError(msg)
    p = np.linspace(0.0, 1.0, 401)
    fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    ax.plot(p, _binary_entropy(p, b), color=COLORS["blue"], gid="entropy")
    h_marked = _binary_entropy(pts, b)
    ax.plot(pts, h_marked, "o", color=COLORS["orange"], ms=7, gid="marked")
    for pi, hi in zip(pts, h_marked, strict=True):
        ax.annotate(
            f"$H({pi:g}) = {hi:.3f}$",
            (pi, hi),
            xytext=(6, -16 if hi > 0.9 * math.log(2.0, b) else 6),
            textcoords="offset points",
            color="#333333",
        )
    ax.set(
        xlabel="probability of heads $p$",
        ylabel=f"entropy $H(p)$ ({_unit(b)})",
        xlim=(0.0, 1.0),
        ylim=(0.0, 1.12 * math.log(2.0, b)),
    )
    return fig


def plot_kl_asymmetry(p: float = 0.2, base: float = 2) -> Figure:
    r"""Both directions of the KL divergence between Bernoulli(:math:`p`) and Bernoulli(:math:`q`).

    Parameters
    ----------
    p : float, optional
        The fixed Bernoulli parameter, strictly between 0 and 1.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    Figure
        One panel over 197 values of :math:`q` in :math:`[0.01, 0.99]`:
        :math:`\mathrm{KL}(P \,\|\, Q)` (gid ``"forward"``),
        :math:`\mathrm{KL}(Q \,\|\, P)` (gid ``"reverse"``) and a vertical line
        at :math:`q = p` (gid ``"p"``), where both vanish.

    Raises
    ------
    ValueError
        If ``p`` is not strictly between 0 and 1 or ``base`` is invalid.
    TypeError
        If ``p`` or ``base`` is not a real number.

    Examples
    --------
    >>> fig = plot_kl_asymmetry(0.2)
    >>> len(fig.axes[0].get_lines())
    3
    >>> plt.close(fig)
    """
    p_ = _open_probability(p, "p")
    b = _base(base)
    qs = np.linspace(0.01, 0.99, 197)
    P = [p_, 1.0 - p_]
    forward = [kl_divergence(P, [q, 1.0 - q], b) for q in qs]
    reverse = [kl_divergence([q, 1.0 - q], P, b) for q in qs]
    fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    ax.plot(qs, forward, color=COLORS["blue"], label=r"$\mathrm{KL}(P\,\|\,Q)$", gid="forward")
    ax.plot(
        qs,
        reverse,
        color=COLORS["orange"],
        ls="--",
        label=r"$\mathrm{KL}(Q\,\|\,P)$",
        gid="reverse",
    )
    ax.axvline(p_, color="0.4", lw=1, ls=":", gid="p")
    ax.set(
        xlabel=f"$q$, where $Q$ = Bernoulli($q$) and $P$ = Bernoulli({p_:g})",
        ylabel=f"divergence ({_unit(b)})",
        xlim=(0.0, 1.0),
    )
    ax.set_ylim(0.0, 1.05 * max(max(forward), max(reverse)))
    ax.legend(loc="upper center")
    return fig


def plot_kl_fits(x: ArrayLike, density: ArrayLike) -> Figure:
    r"""A target density and the normals that minimise forward and reverse KL to it.

    Parameters
    ----------
    x : array_like, shape (n,)
        An evenly spaced, increasing grid.
    density : array_like, shape (n,)
        The target density :math:`p` on the grid (positive; normalised on the grid).

    Returns
    -------
    Figure
        One panel: the normalised target (gid ``"target"``, filled), the
        forward-KL fit (gid ``"forward"``) and the reverse-KL fit (gid
        ``"reverse"``), both from :func:`aimath.information.fit_gaussian_kl`,
        their parameters in the legend.

    Raises
    ------
    ValueError
        If the grid or the density is invalid (see
        :func:`aimath.information.fit_gaussian_kl`).
    TypeError
        If ``x`` or ``density`` is not numeric.

    Examples
    --------
    >>> x = np.linspace(-6.0, 6.0, 121)
    >>> fig = plot_kl_fits(x, np.exp(-0.5 * (x - 2.0) ** 2) + np.exp(-0.5 * (x + 2.0) ** 2))
    >>> [line.get_gid() for line in fig.axes[0].get_lines()]
    ['target', 'forward', 'reverse']
    >>> plt.close(fig)
    """
    mu_f, sigma_f = fit_gaussian_kl(x, density, "forward")
    mu_r, sigma_r = fit_gaussian_kl(x, density, "reverse")
    grid, p = as_vector(x, "x"), as_vector(density, "density")
    p_density = p / (p.sum() * (grid[1] - grid[0]))  # integrates to 1 on the grid
    fig, ax = plt.subplots(figsize=(6.8, 3.8), layout="constrained")
    ax.plot(grid, p_density, color="#333333", lw=1.5, label="target $p$", gid="target")
    ax.fill_between(grid, p_density, color=COLORS["grey"], alpha=0.25, lw=0)
    for (mu, sigma), gid, colour, style, text in (
        ((mu_f, sigma_f), "forward", COLORS["blue"], "-", r"$\mathrm{KL}(p\,\|\,q)$"),
        ((mu_r, sigma_r), "reverse", COLORS["orange"], "--", r"$\mathrm{KL}(q\,\|\,p)$"),
    ):
        q = np.exp(-0.5 * ((grid - mu) / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))
        label = f"min {text}: $\\mu$ = {mu:.2f}, $\\sigma$ = {sigma:.2f}"
        ax.plot(grid, q, color=colour, ls=style, label=label, gid=gid)
    ax.set(xlabel="$x$", ylabel="density")
    ax.set_ylim(0.0, 1.35 * float(ax.get_ylim()[1]))  # room for the legend
    ax.legend(loc="upper left")
    return fig


def plot_information_bars(P_xy: ArrayLike, base: float = 2) -> Figure:
    r"""Entropies of a joint table as aligned bars: the information diagram.

    Parameters
    ----------
    P_xy : array_like, shape (m, n)
        Joint probability table, rows indexing :math:`X`.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    Figure
        Three horizontal bars, :math:`H(X, Y)`, :math:`H(X)` and :math:`H(Y)`,
        cut into the segments :math:`H(X \mid Y)` (gid ``"H(X|Y)"``),
        :math:`I(X; Y)` (gid ``"I(X;Y)"``) and :math:`H(Y \mid X)` (gid
        ``"H(Y|X)"``), aligned so that the shared information sits in one column.

    Raises
    ------
    ValueError
        If ``P_xy`` is not a 2-D probability table or ``base`` is invalid.
    TypeError
        If ``P_xy`` is not numeric or ``base`` is not a real number.

    Examples
    --------
    >>> fig = plot_information_bars([[0.5, 0.0], [0.0, 0.5]])
    >>> sorted({patch.get_gid() for patch in fig.axes[0].patches})
    ['H(X|Y)', 'H(Y|X)', 'I(X;Y)']
    >>> plt.close(fig)
    """
    b = _base(base)
    info = mutual_information(P_xy, b)  # validates P_xy, naming it
    P = np.asarray(P_xy, dtype=np.float64)
    h_x_given_y = conditional_entropy(P.T, b)
    h_y_given_x = conditional_entropy(P, b)
    rows = {  # label -> segments (gid, left, width)
        "$H(Y)$": [("I(X;Y)", h_x_given_y, info), ("H(Y|X)", h_x_given_y + info, h_y_given_x)],
        "$H(X)$": [("H(X|Y)", 0.0, h_x_given_y), ("I(X;Y)", h_x_given_y, info)],
        "$H(X, Y)$": [
            ("H(X|Y)", 0.0, h_x_given_y),
            ("I(X;Y)", h_x_given_y, info),
            ("H(Y|X)", h_x_given_y + info, h_y_given_x),
        ],
    }
    colours = {"H(X|Y)": COLORS["blue"], "I(X;Y)": COLORS["green"], "H(Y|X)": COLORS["orange"]}
    names = {"H(X|Y)": r"$H(X \mid Y)$", "I(X;Y)": r"$I(X;Y)$", "H(Y|X)": r"$H(Y \mid X)$"}
    fig, ax = plt.subplots(figsize=(6.8, 2.9), layout="constrained")
    seen: set[str] = set()
    for row, segments in enumerate(rows.values()):
        for gid, left, width in segments:
            (bar,) = ax.barh(
                row,
                width,
                left=left,
                height=0.6,
                color=colours[gid],
                edgecolor="white",
                label=names[gid] if gid not in seen else "_nolegend_",
            )
            bar.set_gid(gid)
            seen.add(gid)
            if width > 0.08 * (h_x_given_y + info + h_y_given_x):
                ax.text(left + width / 2, row, f"{width:.3f}", ha="center", va="center")
    ax.set_yticks(range(len(rows)), list(rows))
    ax.set_xlabel(f"information ({_unit(b)})")
    ax.grid(axis="y", visible=False)
    handles, texts = ax.get_legend_handles_labels()
    order = [texts.index(names[gid]) for gid in ("H(X|Y)", "I(X;Y)", "H(Y|X)")]
    ax.legend(
        [handles[i] for i in order],
        [texts[i] for i in order],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.3),
        ncols=3,
    )
    return fig


def plot_temperature_entropy(
    logits: ArrayLike,
    temperatures: Sequence[float] = (0.5, 1.0, 2.0),
    labels: Sequence[str] | None = None,
) -> Figure:
    r"""How the softmax temperature sets the entropy of the next-token distribution.

    Parameters
    ----------
    logits : array_like, shape (K,)
        Finite logits, :math:`K \ge 2`.
    temperatures : sequence of float, optional
        Positive temperatures whose distributions are drawn as bars (at most 4).
    labels : sequence of str, optional
        Names of the :math:`K` outcomes (tokens) for the bar chart.

    Returns
    -------
    Figure
        Left: :math:`\operatorname{softmax}(z / T)` as grouped bars, one
        container per temperature. Right: the entropy in bits of
        :math:`\operatorname{softmax}(z / T)` for 121 temperatures from
        :math:`10^{-1.5}` to :math:`10^{1.5}` (gid ``"entropy"``, log axis), the
        drawn temperatures marked (gid ``"marked"``) and the maximum
        :math:`\log_2 K` (gid ``"max"``).

    Raises
    ------
    ValueError
        If ``logits`` is not a finite vector of length at least 2, a temperature
        is not positive and finite, there are more than 4 temperatures, or
        ``labels`` has the wrong length.
    TypeError
        If ``logits`` or ``temperatures`` is not numeric.

    Examples
    --------
    >>> fig = plot_temperature_entropy([2.0, 1.0, 0.1])
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    z = as_vector(logits, "logits")
    if z.shape[0] < 2:
        msg = f"`logits` must hold at least 2 classes; got {z.shape[0]}"
        raise ValueError(msg)
    temps = as_vector(temperatures, "temperatures")
    if np.any(temps <= 0.0):
        msg = f"`temperatures` must be positive; got {temps.tolist()}"
        raise ValueError(msg)
    if temps.shape[0] > len(_PALETTE):
        msg = f"`temperatures` must hold at most {len(_PALETTE)} values; got {temps.shape[0]}"
        raise ValueError(msg)
    k = z.shape[0]
    names = [str(i) for i in range(k)] if labels is None else [str(s) for s in labels]
    if len(names) != k:
        msg = f"`labels` must name each of the {k} classes of `logits`; got {len(names)} names"
        raise ValueError(msg)

    def tempered_entropy(t: float) -> float:
        return entropy(np.exp(log_softmax(z / t)), 2)

    fig, (ax_p, ax_h) = plt.subplots(1, 2, figsize=(9.6, 3.8), layout="constrained")
    width = 0.8 / temps.shape[0]
    for i, t in enumerate(temps):
        offset = (i - (temps.shape[0] - 1) / 2) * width
        ax_p.bar(
            np.arange(k) + offset,
            np.exp(log_softmax(z / t)),
            width=width,
            color=_PALETTE[i],
            label=f"$T = {t:g}$",
        )
    ax_p.set_xticks(range(k), names)
    ax_p.set(xlabel="token", ylabel="probability")
    ax_p.legend(loc="upper left")

    ts = np.logspace(-1.5, 1.5, 121)
    ax_h.plot(ts, [tempered_entropy(t) for t in ts], color=COLORS["blue"], gid="entropy")
    ax_h.axhline(math.log2(k), color="0.4", ls="--", lw=1, gid="max")
    ax_h.text(ts[0], math.log2(k), r"  uniform: $\log_2 K$", va="bottom", color="#333333")
    ax_h.plot(
        temps,
        [tempered_entropy(t) for t in temps],
        "o",
        color=COLORS["orange"],
        ms=7,
        gid="marked",
    )
    ax_h.set_xscale("log")
    ax_h.set(xlabel="temperature $T$", ylabel="entropy (bits)", ylim=(0.0, 1.15 * math.log2(k)))
    return fig
