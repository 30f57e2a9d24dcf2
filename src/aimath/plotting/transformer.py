"""Figures of the project *a transformer block from scratch*.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_transformer.py`` check that it draws the data it is given: the
loss curves and their reference levels, the attention weights cell for cell,
the mean next-token entropy at each temperature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_vector, finite_scalar
from aimath.plotting import COLORS
from aimath.plotting.attention import plot_attention_weights

__all__ = ["char_label", "plot_attention_heads", "plot_loss_curves", "plot_temperature_entropy"]

#: Grey line styles of the reference levels, in order.
_REFERENCE_STYLES = ("--", ":", "-.")


def _same_length(name: str, arr: FloatArray, other: str, n: int) -> None:
    if arr.shape != (n,):
        msg = (
            f"`{name}` must have one entry per entry of `{other}` ({n}); got length {arr.shape[0]}"
        )
        raise ValueError(msg)


def char_label(c: str) -> str:
    r"""A printable label for one character: space as ␣, newline as ⏎.

    Parameters
    ----------
    c : str
        One character.

    Returns
    -------
    str
        ``c`` itself, except ``" "`` becomes ``"␣"`` and ``"\n"`` becomes ``"⏎"``.

    Raises
    ------
    TypeError
        If ``c`` is not a string.
    ValueError
        If ``c`` is not exactly one character.

    Examples
    --------
    >>> char_label(" ")
    '␣'
    >>> [char_label(c) for c in "a \n"]
    ['a', '␣', '⏎']
    """
    given: object = c
    if not isinstance(given, str):
        msg = f"`c` must be a one-character string; got {type(given).__name__}"
        raise TypeError(msg)
    if len(c) != 1:
        msg = f"`c` must be exactly one character; got {len(c)} characters"
        raise ValueError(msg)
    return {" ": "␣", "\n": "⏎"}.get(c, c)


def plot_loss_curves(
    steps: ArrayLike,
    train_loss: ArrayLike,
    eval_steps: ArrayLike,
    heldout_loss: ArrayLike,
    references: Mapping[str, float],
) -> Figure:
    r"""Training and held-out loss against the step, with horizontal reference levels.

    Parameters
    ----------
    steps : array_like, shape (n,)
        Training steps at which ``train_loss`` was recorded.
    train_loss : array_like, shape (n,)
        Loss of each training mini-batch, in nats.
    eval_steps : array_like, shape (m,)
        Steps at which the held-out loss was measured.
    heldout_loss : array_like, shape (m,)
        Loss on the held-out text, in nats.
    references : mapping of str to float
        Up to three labelled levels drawn as grey horizontal lines, e.g.
        ``{"ln V (uniform)": 3.8}``.

    Returns
    -------
    matplotlib.figure.Figure
        One panel: the training loss (blue), the held-out loss (orange,
        markers) and the references (grey).

    Raises
    ------
    TypeError
        If an array is not array-like of real numbers, ``references`` is not
        a mapping of strings to numbers.
    ValueError
        If an array is not a finite vector, lengths disagree, or
        ``references`` has more than three entries.

    Examples
    --------
    >>> fig = plot_loss_curves([0, 1, 2], [3.0, 2.0, 1.0], [0, 2], [3.0, 2.5], {"ln V": 3.0})
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['training batch', 'held-out text', 'ln V']
    >>> plt.close(fig)
    """
    s = as_vector(steps, "steps")
    tr = as_vector(train_loss, "train_loss")
    _same_length("train_loss", tr, "steps", s.shape[0])
    es = as_vector(eval_steps, "eval_steps")
    ho = as_vector(heldout_loss, "heldout_loss")
    _same_length("heldout_loss", ho, "eval_steps", es.shape[0])
    given: object = references
    if not isinstance(given, Mapping):
        msg = f"`references` must be a mapping of labels to levels; got {type(given).__name__}"
        raise TypeError(msg)
    if len(references) > len(_REFERENCE_STYLES):
        msg = f"`references` must hold at most 3 levels; got {len(references)}"
        raise ValueError(msg)
    levels = {}
    for label, value in references.items():
        key: object = label  # checked at run time
        if not isinstance(key, str):
            msg = f"`references` labels must be strings; got {type(label).__name__}"
            raise TypeError(msg)
        levels[label] = finite_scalar(value, f"references[{label!r}]")
    fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    ax.plot(s, tr, color=COLORS["blue"], lw=1.2, label="training batch")
    ax.plot(es, ho, "o-", color=COLORS["orange"], ms=3.5, lw=1.5, label="held-out text")
    for (label, level), style in zip(levels.items(), _REFERENCE_STYLES, strict=False):
        ax.axhline(level, color="0.35", ls=style, lw=1.2, label=label)
    top = max(float(tr.max()), float(ho.max()), *levels.values())
    # head room above the curves for a two-column legend, so it covers no data
    ax.set(
        xlabel="training step", ylabel="cross-entropy (nats per character)", ylim=(0, 1.45 * top)
    )
    ax.legend(loc="upper center", fontsize=9, ncols=2)
    return fig


def plot_attention_heads(
    weights: ArrayLike, chars: Sequence[str], titles: Sequence[str] | None = None
) -> Figure:
    r"""Heat maps of the causal attention weights of several heads over the characters of a text.

    Parameters
    ----------
    weights : array_like, shape (H, T, T)
        Attention weights of ``H`` heads, entries in [0, 1].
    chars : sequence of str
        The ``T`` characters (or a string of them) labelling queries and keys;
        spaces and newlines are shown as ␣ and ⏎ (:func:`char_label`).
    titles : sequence of str, optional
        One title per head (default "head 0", "head 1", ...).

    Returns
    -------
    matplotlib.figure.Figure
        Heads in a grid of two columns, queries down and keys across, on one
        colour scale from 0 to 1 (viridis) with a labelled colour bar: the
        chapter's :func:`aimath.plotting.attention.plot_attention_weights`
        with character labels.

    Raises
    ------
    TypeError
        If ``weights`` is not array-like of real numbers or ``chars``/``titles``
        are not sequences of strings.
    ValueError
        If ``weights`` is not a finite (H, T, T) array with entries in [0, 1],
        or the numbers of characters or titles do not match.

    Examples
    --------
    >>> fig = plot_attention_heads(np.full((2, 2, 2), 0.5), "ab")
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['a', 'b']
    >>> plt.close(fig)
    """
    W = as_float_array(weights, "weights")
    if W.ndim != 3 or W.shape[1] != W.shape[2]:
        msg = f"`weights` must be (H, T, T): one square matrix per head; got shape {W.shape}"
        raise ValueError(msg)
    labels = [char_label(c) for c in _strings(chars, "chars")]
    if len(labels) != W.shape[1]:
        msg = f"`chars` must label the {W.shape[1]} rows and columns; got {len(labels)}"
        raise ValueError(msg)
    n = W.shape[0]
    heads = [f"head {h}" for h in range(n)] if titles is None else _strings(titles, "titles")
    if len(heads) != n:
        msg = f"`titles` must give one title per head, {n}; got {len(heads)}"
        raise ValueError(msg)
    return plot_attention_weights(W, labels, heads, ncols=2, tick_rotation=0.0)


def plot_temperature_entropy(
    temperatures: ArrayLike,
    entropies: ArrayLike,
    max_entropy: float,
    marked: ArrayLike | None = None,
) -> Figure:
    r"""Next-token entropy against sampling temperature: the mean and the 10–90 % band.

    Parameters
    ----------
    temperatures : array_like, shape (m,)
        Temperatures :math:`T > 0`, increasing.
    entropies : array_like, shape (n, m)
        Entropy (nats) of :math:`\operatorname{softmax}(z/T)` at ``n`` positions
        of a text (rows) and each temperature (columns).
    max_entropy : float
        :math:`\ln V`, the entropy of the uniform distribution, drawn in grey.
    marked : array_like, optional
        Temperatures to mark with vertical grey lines (e.g. those sampled from).

    Returns
    -------
    matplotlib.figure.Figure
        The mean over positions (blue, markers), the band between the 10th
        and 90th percentiles (light blue), and the reference level.

    Raises
    ------
    TypeError
        If an input is not array-like of real numbers.
    ValueError
        If an input is not finite, the shapes disagree, a temperature is not
        positive, an entropy is negative, or ``max_entropy`` is not positive.

    Examples
    --------
    >>> fig = plot_temperature_entropy([0.5, 1.0], [[0.1, 0.5], [0.3, 0.7]], 2.0)
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [0.2, 0.6]
    >>> plt.close(fig)
    """
    t = as_vector(temperatures, "temperatures")
    if np.any(t <= 0):
        msg = f"`temperatures` must be positive; got min {t.min()!r}"
        raise ValueError(msg)
    H = as_float_array(entropies, "entropies")
    if H.ndim != 2 or H.shape[1] != t.shape[0]:
        msg = (
            f"`entropies` must have shape (n_positions, {t.shape[0]}), one column per "
            f"entry of `temperatures`; got {H.shape}"
        )
        raise ValueError(msg)
    if np.any(H < 0):
        msg = "`entropies` must be non-negative (entropies in nats); got a negative value"
        raise ValueError(msg)
    h_max = finite_scalar(max_entropy, "max_entropy")
    if h_max <= 0:
        msg = f"`max_entropy` must be positive; got {h_max!r}"
        raise ValueError(msg)
    marks = np.empty(0) if marked is None else as_vector(marked, "marked")
    fig, ax = plt.subplots(figsize=(6.0, 3.6), layout="constrained")
    mean = H.mean(axis=0)
    ax.plot(t, mean, "o-", color=COLORS["blue"], ms=4, label="mean over positions")
    lo, hi = np.percentile(H, [10, 90], axis=0)
    ax.fill_between(t, lo, hi, color=COLORS["sky"], alpha=0.35, lw=0, label="10–90 % of positions")
    ax.axhline(h_max, color="0.35", ls="--", lw=1.2, label=r"uniform: $\ln V$")
    for x in marks:
        ax.axvline(x, color="0.6", ls=":", lw=1.0)
    ax.set(xlabel="temperature $T$", ylabel="next-token entropy (nats)", ylim=(0, 1.08 * h_max))
    ax.legend(loc="lower right", fontsize=9)
    return fig


def _strings(items: object, name: str) -> list[str]:
    """``items`` (a sequence of str, or a str of characters) as a list of str."""
    if isinstance(items, str):
        return list(items)
    if isinstance(items, bytes) or not isinstance(items, (Sequence, np.ndarray)):
        msg = f"`{name}` must be a sequence of strings; got {type(items).__name__}"
        raise TypeError(msg)
    out = list(items)
    for i, s in enumerate(out):
        if not isinstance(s, str):
            msg = f"`{name}[{i}]` must be a string; got {type(s).__name__}"
            raise TypeError(msg)
    return out
