r"""Helpers and figures of the mutual-information feature-selection project.

The estimates come from :mod:`aimath.information`: every mutual information
here is :func:`aimath.information.mutual_information` of a table of relative
frequencies, the plug-in estimate. What this module adds is bookkeeping for a
whole data matrix at once: the plug-in MI of every column with a target
(:func:`feature_mi`), its permutation baseline (:func:`permutation_mi`), its
first-order bias (:func:`plugin_bias`), a greedy max-relevance /
min-redundancy selection (:func:`greedy_mrmr`) and the overlap of two top-k
sets (:func:`top_k_overlap`).

Each figure function returns its :class:`~matplotlib.figure.Figure`; the tests
in ``tests/test_mi_features.py`` check that what it draws is the data it was
given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, finite_scalar, generator
from aimath.information import mutual_information
from aimath.plotting import COLORS

__all__ = [
    "feature_mi",
    "greedy_mrmr",
    "permutation_mi",
    "plot_accuracy_vs_k",
    "plot_mi_comparison",
    "plot_mi_map",
    "plugin_bias",
    "top_k_overlap",
]

_MARKERS = ("o", "x", "s", "^")
_MARKER_COLORS = (COLORS["vermillion"], COLORS["sky"], COLORS["green"], COLORS["purple"])


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _codes(column: FloatArray) -> tuple[NDArray[np.intp], int]:
    """Integer codes ``0..m-1`` of the distinct values of ``column``, and ``m``."""
    values, codes = np.unique(column, return_inverse=True)
    return codes.ravel(), int(values.size)


def _column_codes(X: FloatArray) -> tuple[NDArray[np.intp], int]:
    """Value codes of every column, shape ``(d, n)``, and the largest number of values."""
    columns = [_codes(X[:, j]) for j in range(X.shape[1])]
    return np.stack([c for c, _ in columns]), max(size for _, size in columns)


def _mi_from_codes(
    codes: NDArray[np.intp], m: int, y_codes: NDArray[np.intp], k: int, base: float
) -> FloatArray:
    """Plug-in MI of each coded feature (rows of ``codes``) with the coded target."""
    d, n = codes.shape
    # one flat index per (feature, value, label) triple: counts of all d tables at once
    flat = (np.arange(d)[:, None] * m + codes) * k + y_codes[None, :]
    counts = np.bincount(flat.ravel(), minlength=d * m * k).reshape(d, m, k)
    mi = [mutual_information(counts[j] / n, base=base) for j in range(d)]
    return np.asarray(mi, dtype=np.float64)


def _samples(X: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """``X`` as an ``(n, d)`` matrix and ``y`` as a vector of ``n`` labels, or raise."""
    X_ = as_matrix(X, "X")
    y_ = as_vector(y, "y")
    if y_.shape[0] != X_.shape[0]:
        msg = f"`y` must have one entry per row of `X` ({X_.shape[0]}); got {y_.shape[0]} entries"
        raise ValueError(msg)
    return X_, y_


def _base(base: object) -> float:
    b = finite_scalar(base, "base")
    if b <= 0.0 or b == 1.0:
        msg = f"`base` must be positive and different from 1; got {base!r}"
        raise ValueError(msg)
    return b


def feature_mi(X: ArrayLike, y: ArrayLike, base: float = 2) -> FloatArray:
    r"""Plug-in mutual information of every column of ``X`` with the labels ``y``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Samples of ``d`` discrete features (pixel intensities, bins), one row
        per sample.
    y : array_like, shape (n,)
        Discrete labels of the samples (or any discrete target, e.g. another
        column of ``X``).
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    ndarray, shape (d,)
        ``mi[j]`` is :func:`aimath.information.mutual_information` of the
        table of relative frequencies of the pairs ``(X[:, j], y)``; it equals
        ``plugin_mutual_information(X[:, j], y)``. A constant column has 0.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D array, ``y`` is not a finite vector with
        one entry per row of ``X``, or ``base`` is not positive and different
        from 1.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    With counts :math:`c_{vc}` of value :math:`v` of feature :math:`j`
    together with label :math:`c` among :math:`n` samples,

    .. math::

        \hat I(X_j; Y) = \sum_{v, c} \frac{c_{vc}}{n}
            \log_b \frac{c_{vc}\, n}{c_{v\cdot}\, c_{\cdot c}} .

    All ``d`` contingency tables are counted in one pass.

    Examples
    --------
    >>> X = [[0, 1], [0, 0], [1, 1], [1, 0]]
    >>> feature_mi(X, [0, 0, 1, 1]).tolist()  # column 0 is the label, column 1 noise
    [1.0, 0.0]
    """
    X_, y_ = _samples(X, y)
    b = _base(base)
    codes, m = _column_codes(X_)
    y_codes, k = _codes(y_)
    return _mi_from_codes(codes, m, y_codes, k, b)


def permutation_mi(
    X: ArrayLike,
    y: ArrayLike,
    n_permutations: int,
    rng: np.random.Generator,
    base: float = 2,
) -> FloatArray:
    """Plug-in MI of every feature with randomly permuted labels: the noise level.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Samples of ``d`` discrete features.
    y : array_like, shape (n,)
        Discrete labels.
    n_permutations : int
        Number of independent shuffles of ``y``.
    rng : numpy.random.Generator
        Source of the permutations.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    ndarray, shape (n_permutations, d)
        Row ``r`` is :func:`feature_mi` of ``X`` with the ``r``-th permutation
        of ``y``. Shuffling breaks any dependence but keeps both marginals, so
        the rows show what the estimator reports when the true MI is 0.

    Raises
    ------
    ValueError
        As :func:`feature_mi`, or if ``n_permutations`` is not a positive integer.
    TypeError
        If ``rng`` is not a :class:`numpy.random.Generator` or an array is not numeric.

    Examples
    --------
    >>> X = np.repeat([[0], [1]], 50, axis=0)
    >>> null = permutation_mi(X, np.tile([0, 1], 50), 3, np.random.default_rng(0))
    >>> null.shape, bool(np.all(null >= 0))
    ((3, 1), True)
    """
    X_, y_ = _samples(X, y)
    if not _is_int(n_permutations) or n_permutations < 1:
        msg = f"`n_permutations` must be a positive integer; got {n_permutations!r}"
        raise ValueError(msg)
    generator(rng)
    b = _base(base)
    codes, m = _column_codes(X_)  # the features are coded once; only the labels move
    y_codes, k = _codes(y_)
    rows = [_mi_from_codes(codes, m, rng.permutation(y_codes), k, b) for _ in range(n_permutations)]
    return np.stack(rows)


def plugin_bias(X: ArrayLike, y: ArrayLike, base: float = 2) -> FloatArray:
    r"""First-order (Miller–Madow) bias of the plug-in MI of every feature with ``y``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Samples of ``d`` discrete features.
    y : array_like, shape (n,)
        Discrete labels.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    ndarray, shape (d,)
        The expected plug-in MI of feature ``j`` with labels independent of
        it, to first order in :math:`1/n`; 0 for a constant feature.

    Raises
    ------
    ValueError
        As :func:`feature_mi`.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    With :math:`m_j` observed values of feature :math:`j`, :math:`k` observed
    labels and :math:`n` samples,

    .. math::

        \mathbb{E}\,\hat I(X_j; Y) \approx \frac{(m_j - 1)(k - 1)}{2 n \ln b} .

    The approximation assumes every cell of the table has a large expected
    count; values seen only a few times make the true bias smaller.

    References
    ----------
    G. A. Miller, "Note on the bias of information estimates", in *Information
    Theory in Psychology*, 1955. L. Paninski, "Estimation of entropy and mutual
    information", *Neural Computation* 15, 2003.

    Examples
    --------
    >>> X = np.array([[0], [1], [2], [0]] * 25)  # 3 values, 100 samples
    >>> bias = plugin_bias(X, [0, 1] * 50, base=math.e)  # (3 - 1)(2 - 1) / 200
    >>> round(float(bias[0]), 12)
    0.01
    """
    X_, y_ = _samples(X, y)
    b = _base(base)
    n = X_.shape[0]
    k = np.unique(y_).size
    m = np.array([np.unique(X_[:, j]).size for j in range(X_.shape[1])], dtype=np.float64)
    bias: FloatArray = (m - 1.0) * (k - 1) / (2.0 * n * math.log(b))
    return bias


def greedy_mrmr(X: ArrayLike, y: ArrayLike, k: int, base: float = 2) -> NDArray[np.intp]:
    r"""Greedy max-relevance, min-redundancy (mRMR) selection of ``k`` features.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Samples of ``d`` discrete features.
    y : array_like, shape (n,)
        Discrete labels.
    k : int
        Number of features to select, ``1 <= k <= d``.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    ndarray of int, shape (k,)
        Column indices in the order they were chosen. The first is the
        feature of largest MI with ``y``.

    Raises
    ------
    ValueError
        As :func:`feature_mi`, or if ``k`` is not an integer in ``[1, d]``.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    Having chosen the set :math:`S`, the next feature is

    .. math::

        \arg\max_{j \notin S} \Bigl[ \hat I(X_j; Y)
            - \frac{1}{|S|} \sum_{s \in S} \hat I(X_j; X_s) \Bigr] ,

    its relevance minus its mean redundancy with what is already chosen
    (the difference form of Peng, Long and Ding, 2005). Ties go to the lowest
    index. All MIs are plug-in estimates (:func:`feature_mi`).

    References
    ----------
    H. Peng, F. Long, C. Ding, "Feature selection based on mutual
    information: criteria of max-dependency, max-relevance, and
    min-redundancy", *IEEE TPAMI* 27(8), 2005.

    Examples
    --------
    >>> X = np.array([[0, 0, 0], [0, 0, 1], [1, 1, 0], [1, 1, 1]])
    >>> y = [0, 1, 2, 3]  # column 2 is as relevant as 0 and 1, but not redundant with 0
    >>> greedy_mrmr(X, y, 2).tolist()
    [0, 2]
    """
    X_, y_ = _samples(X, y)
    d = X_.shape[1]
    if not _is_int(k) or not 1 <= k <= d:
        msg = f"`k` must be an integer in [1, {d}] (the number of columns of `X`); got {k!r}"
        raise ValueError(msg)
    b = _base(base)
    codes, m = _column_codes(X_)
    sizes = [int(codes[j].max()) + 1 for j in range(d)]  # values of each feature
    y_codes, n_labels = _codes(y_)
    relevance = _mi_from_codes(codes, m, y_codes, n_labels, b)
    redundancy = np.zeros(d)  # running sum of I(X_j; X_s) over the chosen s
    chosen = [int(np.argmax(relevance))]
    while len(chosen) < k:
        s = chosen[-1]
        redundancy += _mi_from_codes(codes, m, codes[s], sizes[s], b)
        score = relevance - redundancy / len(chosen)
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return np.asarray(chosen, dtype=np.intp)


def top_k_overlap(scores_a: ArrayLike, scores_b: ArrayLike, k: int) -> int:
    """Number of features among the ``k`` best of both scorings.

    Parameters
    ----------
    scores_a, scores_b : array_like, shape (d,)
        Two scores of the same ``d`` features; larger is better.
    k : int
        Size of each top set, ``1 <= k <= d``.

    Returns
    -------
    int
        ``|top_k(a) ∩ top_k(b)|``, between 0 and ``k``. Ties are broken
        towards the lower index (a stable sort).

    Raises
    ------
    ValueError
        If a score vector is not finite, their lengths differ, or ``k`` is not
        an integer in ``[1, d]``.
    TypeError
        If a score vector is not numeric.

    Examples
    --------
    >>> top_k_overlap([0.9, 0.8, 0.1, 0.0], [0.7, 0.1, 0.8, 0.0], 2)
    1
    """
    a, b = as_vector(scores_a, "scores_a"), as_vector(scores_b, "scores_b")
    if a.shape != b.shape:
        msg = f"`scores_b` must have the length of `scores_a` ({a.size}); got {b.size}"
        raise ValueError(msg)
    if not _is_int(k) or not 1 <= k <= a.size:
        msg = f"`k` must be an integer in [1, {a.size}]; got {k!r}"
        raise ValueError(msg)
    top_a = set(np.argsort(-a, kind="stable")[:k].tolist())
    top_b = set(np.argsort(-b, kind="stable")[:k].tolist())
    return len(top_a & top_b)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def plot_mi_map(
    mi: ArrayLike,
    *,
    image_shape: tuple[int, int] = (8, 8),
    selections: Mapping[str, Sequence[int]] | None = None,
    colorbar_label: str = "$I(\\mathrm{pixel};\\ \\mathrm{label})$ (bits)",
) -> Figure:
    """Draw one score per pixel as an image, optionally marking selected pixels.

    Parameters
    ----------
    mi : array_like, shape (h*w,)
        One value per pixel, in row-major order (as the columns of a flattened
        image data set).
    image_shape : tuple of int, optional
        ``(h, w)`` of the image.
    selections : mapping of str to sequence of int, optional
        Named sets of pixel indices; each set is marked with its own marker
        and listed in the legend (at most four sets).
    colorbar_label : str, optional
        Label of the colour bar.

    Returns
    -------
    Figure
        One panel with the image (viridis, from 0 to the largest value) and a
        colour bar; pixel ``j`` is drawn at column ``j % w``, row ``j // w``.

    Raises
    ------
    ValueError
        If ``mi`` is not a finite vector of ``h*w`` non-negative values,
        ``image_shape`` is not two positive integers, or a selection holds an
        index outside ``[0, h*w)``, or there are more than four selections.
    TypeError
        If ``mi`` is not numeric or ``selections`` is not a mapping.

    Examples
    --------
    >>> fig = plot_mi_map([0.0, 1.0, 2.0, 3.0], image_shape=(2, 2), selections={"top": [3]})
    >>> fig.axes[0].images[0].get_array().tolist()
    [[0.0, 1.0], [2.0, 3.0]]
    >>> plt.close(fig)
    """
    values = as_vector(mi, "mi")
    if (
        not isinstance(image_shape, (tuple, list))
        or len(image_shape) != 2
        or not all(_is_int(s) and s >= 1 for s in image_shape)
    ):
        msg = f"`image_shape` must be a pair (h, w) of positive integers; got {image_shape!r}"
        raise ValueError(msg)
    h, w = int(image_shape[0]), int(image_shape[1])
    if values.size != h * w:
        msg = (
            f"`mi` must have h*w = {h * w} entries for `image_shape` {image_shape!r}; "
            f"got {values.size}"
        )
        raise ValueError(msg)
    if np.any(values < 0.0):
        msg = f"`mi` must be non-negative; got minimum {float(values.min())!r}"
        raise ValueError(msg)
    given: object = selections  # checked at run time: a list of indices is a common slip
    if given is not None and not isinstance(given, Mapping):
        msg = f"`selections` must map names to pixel indices; got {type(given).__name__}"
        raise TypeError(msg)
    chosen = dict(selections or {})
    if len(chosen) > len(_MARKERS):
        msg = f"`selections` may hold at most {len(_MARKERS)} sets; got {len(chosen)}"
        raise ValueError(msg)
    fig, ax = plt.subplots(figsize=(5.6, 4.6), layout="constrained")
    top = float(values.max()) if values.max() > 0 else 1.0
    shown = ax.imshow(values.reshape(h, w), cmap="viridis", vmin=0.0, vmax=top)
    ax.grid(False)
    ax.set_xticks(range(w))
    ax.set_yticks(range(h))
    ax.set_xlabel("pixel column")
    ax.set_ylabel("pixel row")
    fig.colorbar(shown, ax=ax, label=colorbar_label)
    for i, (name, indices) in enumerate(chosen.items()):
        idx = np.asarray(indices)
        if (
            idx.ndim != 1
            or not np.issubdtype(idx.dtype, np.integer)
            or np.any(idx < 0)
            or np.any(idx >= h * w)
        ):
            msg = f"`selections[{name!r}]` must hold pixel indices in [0, {h * w}); got {indices!r}"
            raise ValueError(msg)
        rows, cols = np.divmod(idx, w)
        ax.plot(
            cols, rows, linestyle="none", marker=_MARKERS[i], markersize=13 - 3 * i,
            markerfacecolor="none", markeredgecolor=_MARKER_COLORS[i], markeredgewidth=2.2,
            label=name,
        )  # fmt: skip
    if chosen:
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.12), ncols=len(chosen), frameon=False)
    return fig


def plot_mi_comparison(
    ours: ArrayLike,
    reference: ArrayLike,
    *,
    noise_level: float | None = None,
    labels: tuple[str, str] = ("plug-in MI (bits)", "scikit-learn MI (bits)"),
) -> Figure:
    """Compare two MI scorings of the same features, by value and by rank.

    Parameters
    ----------
    ours, reference : array_like, shape (d,)
        Two estimates of the MI of each feature with the labels, in the same unit.
    noise_level : float, optional
        A level below which an estimate of ``ours`` is indistinguishable from
        noise (e.g. the largest permutation MI), drawn as a dashed line.
    labels : tuple of str, optional
        Names of the two scorings, used as axis labels.

    Returns
    -------
    Figure
        Two panels. Left: one point per feature at ``(ours, reference)`` with
        the diagonal ``y = x``. Right: the features' ranks under both scorings
        (1 = largest; ties get the lower rank of a stable sort), with the diagonal.

    Raises
    ------
    ValueError
        If the vectors are not finite, their lengths differ, or
        ``noise_level`` is not finite.
    TypeError
        If ``labels`` is not a pair of strings or a vector is not numeric.

    Examples
    --------
    >>> fig = plot_mi_comparison([0.3, 0.1, 0.2], [0.25, 0.05, 0.3])
    >>> fig.axes[1].collections[0].get_offsets().tolist()
    [[1.0, 2.0], [3.0, 3.0], [2.0, 1.0]]
    >>> plt.close(fig)
    """
    a, b = as_vector(ours, "ours"), as_vector(reference, "reference")
    if a.shape != b.shape:
        msg = f"`reference` must have the length of `ours` ({a.size}); got {b.size}"
        raise ValueError(msg)
    if (
        not isinstance(labels, (tuple, list))
        or len(labels) != 2
        or not all(isinstance(t, str) for t in labels)
    ):
        msg = f"`labels` must be a pair of strings; got {labels!r}"
        raise TypeError(msg)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 4.2), layout="constrained")
    top = float(max(a.max(), b.max(), 0.0)) * 1.05 or 1.0
    left.plot([0.0, top], [0.0, top], color="0.4", linestyle="--", linewidth=1, label="$y = x$")
    left.scatter(a, b, s=22, color=COLORS["blue"], alpha=0.8, label="one feature")
    if noise_level is not None:
        level = finite_scalar(noise_level, "noise_level")
        left.axvline(level, color=COLORS["vermillion"], linestyle=":", linewidth=1.5,
                     label="noise level")  # fmt: skip
    left.set(xlim=(0.0, top), ylim=(0.0, top), xlabel=labels[0], ylabel=labels[1])
    left.set_title("values", fontsize=11)
    left.legend(loc="upper left")
    rank_a = np.empty(a.size)
    rank_a[np.argsort(-a, kind="stable")] = np.arange(1, a.size + 1)
    rank_b = np.empty(b.size)
    rank_b[np.argsort(-b, kind="stable")] = np.arange(1, b.size + 1)
    right.plot([1, a.size], [1, a.size], color="0.4", linestyle="--", linewidth=1)
    right.scatter(rank_a, rank_b, s=22, color=COLORS["orange"], alpha=0.9)
    right.set(
        xlabel=f"rank by {labels[0].split(' (')[0]}",
        ylabel=f"rank by {labels[1].split(' (')[0]}",
    )
    right.set_title("ranks (1 = most informative)", fontsize=11)
    return fig


def plot_accuracy_vs_k(
    ks: ArrayLike,
    curves: Mapping[str, ArrayLike],
    *,
    random: ArrayLike | None = None,
    all_features: float | None = None,
) -> Figure:
    """Test accuracy of a classifier against the number ``k`` of features kept.

    Parameters
    ----------
    ks : array_like, shape (m,)
        The numbers of features.
    curves : mapping of str to array_like, shape (m,)
        Accuracy of each selection rule at each ``k`` (at most four rules).
    random : array_like, shape (r, m), optional
        Accuracies of ``r`` random choices of ``k`` features; drawn as their
        mean with a band from the smallest to the largest.
    all_features : float, optional
        Accuracy with every feature, drawn as a horizontal line.

    Returns
    -------
    Figure
        One panel, accuracy on the vertical axis (0 to 1).

    Raises
    ------
    ValueError
        If ``ks`` is not a finite vector, a curve or ``random`` does not have
        one value per ``k``, an accuracy is outside ``[0, 1]``, or there are
        more than four curves.
    TypeError
        If ``curves`` is not a mapping or an array is not numeric.

    Examples
    --------
    >>> fig = plot_accuracy_vs_k([1, 2], {"top-k": [0.5, 0.75]}, all_features=0.8)
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [0.5, 0.75]
    >>> plt.close(fig)
    """
    k = as_vector(ks, "ks")
    given: object = curves  # checked at run time: a bare list of curves is a common slip
    if not isinstance(given, Mapping):
        msg = f"`curves` must map names to accuracies; got {type(given).__name__}"
        raise TypeError(msg)
    if len(curves) > len(_MARKERS):
        msg = f"`curves` may hold at most {len(_MARKERS)} curves; got {len(curves)}"
        raise ValueError(msg)

    def _accuracies(values: ArrayLike, name: str, ndim: int) -> FloatArray:
        arr = as_vector(values, name) if ndim == 1 else as_matrix(values, name)
        if arr.shape[-1] != k.size:
            msg = (
                f"`{name}` must have one value per entry of `ks` ({k.size}); got shape {arr.shape}"
            )
            raise ValueError(msg)
        if np.any(arr < 0.0) or np.any(arr > 1.0):
            msg = (
                f"`{name}` must hold accuracies in [0, 1]; got values in [{arr.min()}, {arr.max()}]"
            )
            raise ValueError(msg)
        return arr

    fig, ax = plt.subplots(figsize=(7.0, 4.2), layout="constrained")
    colours = (COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"])
    for i, (name, values) in enumerate(curves.items()):
        acc = _accuracies(values, f"curves[{name!r}]", 1)
        ax.plot(k, acc, color=colours[i], marker=_MARKERS[i], markersize=5, label=name)
    if random is not None:
        R = _accuracies(random, "random", 2)
        ax.fill_between(k, R.min(axis=0), R.max(axis=0), color=COLORS["grey"], alpha=0.25,
                        linewidth=0, label=f"random $k$: range of {R.shape[0]}")  # fmt: skip
        ax.plot(k, R.mean(axis=0), color=COLORS["grey"], linestyle="--", label="random $k$: mean")
    if all_features is not None:
        level = finite_scalar(all_features, "all_features")
        if not 0.0 <= level <= 1.0:
            msg = f"`all_features` must be an accuracy in [0, 1]; got {all_features!r}"
            raise ValueError(msg)
        ax.axhline(level, color="#333333", linestyle=":", linewidth=1.3, label="all features")
    ax.set(ylim=(0.0, 1.0), xlabel="number of features $k$", ylabel="test accuracy")
    ax.legend(loc="lower right")
    return fig
