"""Figures of chapter 16, attention and transformers.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_attention.py`` check that what it draws is the data it was given
and satisfies the mathematics (the reference lines are :math:`d_k` and 1, the
heat maps show the matrices cell for cell).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, integer_at_least, real_number
from aimath.plotting import COLORS

__all__ = ["plot_attention_weights", "plot_positional_encoding", "plot_score_variance"]


def _same_length(name: str, arr: FloatArray, n: int) -> None:
    if arr.shape != (n,):
        msg = (
            f"`{name}` must have one entry per d_k in `d_k_values` ({n}); got length {arr.shape[0]}"
        )
        raise ValueError(msg)


def plot_score_variance(
    d_k_values: ArrayLike,
    raw: ArrayLike,
    scaled: ArrayLike,
    max_weight: tuple[ArrayLike, ArrayLike] | None = None,
) -> Figure:
    r"""Variance of the scores against :math:`d_k`, unscaled and scaled, on log-log axes.

    Parameters
    ----------
    d_k_values : array_like, shape (n,)
        Vector lengths, positive.
    raw, scaled : array_like, shape (n,)
        Measured variances of :math:`q \cdot k` and :math:`q \cdot k/\sqrt{d_k}`
        (e.g. from :func:`aimath.attention.simulate_score_variance`), positive.
    max_weight : pair of array_like, optional
        ``(unscaled, scaled)``: the mean largest attention weight per query at
        each :math:`d_k`, drawn in a second panel.

    Returns
    -------
    matplotlib.figure.Figure
        Left: the measurements with the theory lines :math:`d_k` and 1 (grey).
        Right (if ``max_weight``): the saturation of the softmax.

    Raises
    ------
    TypeError
        If an input is not array-like of real numbers.
    ValueError
        If an input is not a finite vector of the same length as
        ``d_k_values``, or a value that goes on a log axis is not positive.

    Examples
    --------
    >>> fig = plot_score_variance([4, 16, 64], [4.1, 15.8, 65.0], [1.02, 0.99, 1.01])
    >>> len(fig.axes)
    1
    >>> plt.close(fig)
    """
    d = as_vector(d_k_values, "d_k_values")
    series = {"raw": as_vector(raw, "raw"), "scaled": as_vector(scaled, "scaled")}
    for name, arr in series.items():
        _same_length(name, arr, d.shape[0])
    for name, arr in {"d_k_values": d, **series}.items():
        if np.any(arr <= 0):
            msg = f"`{name}` must be positive (it is drawn on a log axis); got min {arr.min()!r}"
            raise ValueError(msg)
    extra: tuple[FloatArray, FloatArray] | None = None
    if max_weight is not None:
        pair: object = max_weight  # checked at run time
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            msg = "`max_weight` must be a pair (unscaled, scaled) of arrays"
            raise TypeError(msg)
        m_raw = as_vector(max_weight[0], "max_weight")
        m_scaled = as_vector(max_weight[1], "max_weight")
        _same_length("max_weight", m_raw, d.shape[0])
        _same_length("max_weight", m_scaled, d.shape[0])
        extra = (m_raw, m_scaled)

    ncols = 1 if extra is None else 2
    fig, axes = plt.subplots(1, ncols, figsize=(4.0 * ncols, 3.3), layout="constrained")
    ax = axes if ncols == 1 else axes[0]
    grid = np.geomspace(d.min(), d.max(), 50)
    ax.plot(grid, grid, color="0.4", ls="--", lw=1.2, label="theory: $d_k$")
    ax.plot(grid, np.ones_like(grid), color="0.4", ls=":", lw=1.5, label="theory: 1")
    ax.plot(d, series["raw"], "o", color=COLORS["blue"], label=r"$\mathrm{Var}(q\cdot k)$")
    ax.plot(
        d,
        series["scaled"],
        "s",
        color=COLORS["orange"],
        label=r"$\mathrm{Var}(q\cdot k/\sqrt{d_k})$",
    )
    ax.set(xscale="log", yscale="log", xlabel="$d_k$", ylabel="sample variance")
    ax.set_title("Score variance")
    ax.legend(loc="upper left")
    if extra is not None:
        ax2 = axes[1]
        ax2.plot(d, extra[0], "o-", color=COLORS["blue"], label="unscaled $q\\cdot k$")
        ax2.plot(d, extra[1], "s-", color=COLORS["orange"], label="scaled $q\\cdot k/\\sqrt{d_k}$")
        ax2.set(xscale="log", ylim=(0, 1.05), xlabel="$d_k$", ylabel="mean largest weight")
        ax2.set_title("Softmax saturation")
        ax2.legend(loc="center right")
    return fig


def plot_positional_encoding(pe: ArrayLike, dims: Sequence[int] = (0, 2, 6)) -> Figure:
    r"""Heat map of a positional-encoding matrix, with a few of its columns as curves.

    Parameters
    ----------
    pe : array_like, shape (n_positions, d_model)
        E.g. :func:`aimath.attention.sinusoidal_positional_encoding`.
    dims : sequence of int, optional
        Columns to draw as curves against the position (right panel).

    Returns
    -------
    matplotlib.figure.Figure
        Left: ``pe`` as an image (position down, dimension across, viridis).
        Right: the chosen columns against the position.

    Raises
    ------
    TypeError
        If ``pe`` is not array-like of real numbers or ``dims`` not integers.
    ValueError
        If ``pe`` is not a finite matrix or a column index is out of range.

    Examples
    --------
    >>> fig = plot_positional_encoding(np.zeros((5, 8)), dims=[0, 1])
    >>> fig.axes[0].images[0].get_array().shape
    (5, 8)
    >>> plt.close(fig)
    """
    P = as_matrix(pe, "pe")
    given: object = dims  # checked at run time: a 0-d array or a number is a mistake
    is_vector = isinstance(given, np.ndarray) and given.ndim == 1
    if not (is_vector or (isinstance(dims, Sequence) and not isinstance(dims, (str, bytes)))):
        msg = f"`dims` must be a sequence of column indices; got {type(dims).__name__}"
        raise TypeError(msg)
    cols = []
    for i, c in enumerate(dims):
        if isinstance(c, (bool, np.bool_)) or not isinstance(c, (int, np.integer)):
            msg = f"`dims[{i}]` must be an integer column index; got {type(c).__name__}"
            raise TypeError(msg)
        if not 0 <= int(c) < P.shape[1]:
            msg = f"`dims[{i}]` must be a column of `pe`, in [0, {P.shape[1]}); got {int(c)}"
            raise ValueError(msg)
        cols.append(int(c))
    fig, (ax, ax2) = plt.subplots(
        1, 2, figsize=(8.0, 3.4), layout="constrained", width_ratios=(1.15, 1.0)
    )
    image = ax.imshow(P, aspect="auto", cmap="viridis", vmin=-1.0, vmax=1.0, interpolation="none")
    ax.set(xlabel="encoding dimension $j$", ylabel="position $p$")
    ax.set_title("$PE_{p,j}$")
    ax.grid(False)
    fig.colorbar(image, ax=ax, shrink=0.9)
    palette = list(COLORS.values())
    positions = np.arange(P.shape[0])
    for n, c in enumerate(cols):
        ax2.plot(positions, P[:, c], color=palette[n % len(palette)], label=f"$j = {c}$")
    ax2.set(xlabel="position $p$", ylabel="$PE_{p,j}$", ylim=(-1.15, 1.85))
    ax2.set_title("Columns of $PE$")
    if cols:
        ax2.legend(loc="upper center", ncols=min(len(cols), 3), fontsize=9, handlelength=1.2)
    return fig


def plot_attention_weights(
    weights: ArrayLike,
    tokens: Sequence[str],
    titles: Sequence[str] | None = None,
    *,
    ncols: int | None = None,
    tick_rotation: float = 45.0,
) -> Figure:
    r"""Heat maps of attention weights, queries down and keys across.

    Parameters
    ----------
    weights : array_like, shape (T, T) or (P, T, T)
        One attention-weight matrix or ``P`` of them (one panel each), with
        entries in [0, 1].
    tokens : sequence of str
        The ``T`` tokens, labelling rows (queries) and columns (keys).
    titles : sequence of str, optional
        One title per panel.
    ncols : int, optional
        Panels per row (default: all in one row).
    tick_rotation : float
        Angle of the key labels in degrees (0 suits single characters).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per matrix, on a shared colour scale from 0 to 1 (viridis),
        with one labelled colour bar.

    Raises
    ------
    TypeError
        If ``weights`` is not array-like of real numbers or ``tokens``/``titles``
        are not sequences of strings.
    ValueError
        If ``weights`` is not a finite array of square matrices with entries
        in [0, 1], the numbers of tokens or titles do not match, or ``ncols``
        is less than 1.

    Examples
    --------
    >>> fig = plot_attention_weights(np.full((2, 2), 0.5), ["a", "b"])
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['a', 'b']
    >>> plt.close(fig)
    """
    W = as_float_array(weights, "weights")
    if W.ndim == 2:
        W = W[None]
    if W.ndim != 3 or W.shape[1] != W.shape[2]:
        msg = f"`weights` must be (T, T) or (P, T, T) square matrices; got shape {W.shape}"
        raise ValueError(msg)
    if np.any(W < 0) or np.any(W > 1):
        msg = "`weights` must lie in [0, 1] (attention weights); got values outside"
        raise ValueError(msg)
    labels = _strings(tokens, "tokens")
    if len(labels) != W.shape[1]:
        msg = f"`tokens` must label the {W.shape[1]} rows and columns; got {len(labels)} tokens"
        raise ValueError(msg)
    heads = [""] * W.shape[0] if titles is None else _strings(titles, "titles")
    if len(heads) != W.shape[0]:
        msg = f"`titles` must give one title per panel, {W.shape[0]}; got {len(heads)}"
        raise ValueError(msg)
    n = W.shape[0]
    cols = n if ncols is None else min(integer_at_least(ncols, "ncols", 1), n)
    rows = -(-n // cols)
    angle = real_number(tick_rotation, "tick_rotation")
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(3.6 * cols + 0.9, 3.8 if rows == 1 else 3.5 * rows),
        layout="constrained",
        squeeze=False,
    )
    ticks = np.arange(len(labels))
    size = 9 if len(labels) > 12 else None  # long texts: smaller labels
    images = []
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.set_visible(False)
            continue
        images.append(ax.imshow(W[k], cmap="viridis", vmin=0.0, vmax=1.0, interpolation="none"))
        ax.set_xticks(
            ticks, labels, rotation=angle, ha="right" if angle else "center", fontsize=size
        )
        ax.set_yticks(ticks, labels, fontsize=size)
        ax.set(xlabel="key (attended to)", ylabel="query (attending)")
        ax.set_title(heads[k])
        ax.grid(False)
    fig.colorbar(images[0], ax=list(axes.flat), shrink=0.85, label="attention weight")
    return fig


def _strings(items: object, name: str) -> list[str]:
    """``items`` as a list of str, or raise naming ``name``."""
    if isinstance(items, (str, bytes)) or not isinstance(items, (Sequence, np.ndarray)):
        msg = f"`{name}` must be a sequence of strings; got {type(items).__name__}"
        raise TypeError(msg)
    out = list(items)
    for i, s in enumerate(out):
        if not isinstance(s, str):
            msg = f"`{name}[{i}]` must be a string; got {type(s).__name__}"
            raise TypeError(msg)
    return out
