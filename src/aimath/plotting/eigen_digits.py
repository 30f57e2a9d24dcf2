"""Figures of the eigen-digits project: PCA of small images.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_eigen_digits.py`` check that what it draws is the data it was
given: every image is its row reshaped to ``image_shape``, the cumulative curve
is the running sum of the ratios, every scatter point sits at its coordinates
in its class's colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, finite_scalar
from aimath.plotting import COLORS

__all__ = [
    "CLASS_COLORS",
    "CLASS_MARKERS",
    "components_needed",
    "plot_digit_images",
    "plot_explained_variance",
    "plot_projection_2d",
    "plot_reconstructions",
]

#: Ten distinguishable class colours, the Okabe–Ito palette of
#: :data:`aimath.plotting.COLORS` followed by three more from Paul Tol's
#: colour-blind-safe "muted" scheme. Markers differ too, so classes never
#: depend on colour alone.
CLASS_COLORS: tuple[str, ...] = (*COLORS.values(), "#000000", "#882255", "#999933")
#: One marker per class, in the order of :data:`CLASS_COLORS`.
CLASS_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")

_SEQUENTIAL_CMAP = "gray_r"  # ink is dark on white paper, as in the scanned digits
_DIVERGING_CMAP = "RdBu_r"  # blue below 0, white at 0, red above 0


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _image_shape(image_shape: object) -> tuple[int, int]:
    """Check that ``image_shape`` is a pair of positive integers."""
    if not isinstance(image_shape, (tuple, list)) or len(image_shape) != 2:
        msg = f"`image_shape` must be a pair (h, w) of positive integers; got {image_shape!r}"
        raise TypeError(msg)
    h, w = image_shape
    if not (_is_int(h) and _is_int(w)):
        msg = f"`image_shape` must hold two integers; got {image_shape!r}"
        raise TypeError(msg)
    if h < 1 or w < 1:
        msg = f"`image_shape` must hold two positive integers; got {image_shape!r}"
        raise ValueError(msg)
    return int(h), int(w)


def _as_images(images: ArrayLike, image_shape: object, name: str) -> FloatArray:
    """``images`` as an ``(n, h*w)`` matrix; a single 1-D image becomes one row."""
    h, w = _image_shape(image_shape)
    arr = as_float_array(images, name)
    if arr.ndim == 1:
        arr = arr[None, :]
    arr = as_matrix(arr, name)
    if arr.shape[1] != h * w:
        msg = (
            f"`{name}` must have {h}*{w} = {h * w} pixels per image (image_shape "
            f"{image_shape!r}); got {arr.shape[1]}"
        )
        raise ValueError(msg)
    return arr


def _plain_image_axes(ax: Axes) -> None:
    """An image panel: no ticks, no grid, a thin frame on all four sides."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():  # the house style hides the top and right spines
        spine.set_visible(True)
        spine.set_color("#999999")
        spine.set_linewidth(0.6)


def plot_digit_images(
    images: ArrayLike,
    *,
    titles: Sequence[str] | None = None,
    ncols: int | None = None,
    image_shape: tuple[int, int] = (8, 8),
    diverging: bool = False,
    colorbar_label: str = "pixel value",
) -> Figure:
    """Draw each row of ``images`` as a small picture, all on one colour scale.

    Parameters
    ----------
    images : array_like, shape (n, h*w) or (h*w,)
        One flattened image per row (row-major, as ``X.reshape(n, -1)`` gives).
    titles : sequence of str, optional
        One title per image.
    ncols : int, optional
        Images per row of the grid; by default all in one row, at most 8.
    image_shape : tuple of int, optional
        ``(h, w)`` of each image.
    diverging : bool, optional
        Use a diverging colour map centred at 0 (for principal components,
        whose entries have both signs and whose zero means "no change").
        Otherwise a grey scale from the smallest to the largest value (for
        images and means).
    colorbar_label : str, optional
        Label of the figure's single colour bar.

    Returns
    -------
    Figure
        A grid of image panels sharing one colour scale and one colour bar.
        With ``diverging=True`` the scale is symmetric, ``[-m, m]`` with
        ``m`` the largest absolute value, so white is exactly 0.

    Raises
    ------
    ValueError
        If ``images`` is not finite or its rows do not have ``h*w`` entries,
        ``titles`` has the wrong length, or ``ncols`` is not positive.
    TypeError
        If ``images`` is not numeric.

    Examples
    --------
    >>> fig = plot_digit_images(np.eye(4), titles=list("abcd"), image_shape=(2, 2))
    >>> [ax.get_title() for ax in fig.axes[:4]]
    ['a', 'b', 'c', 'd']
    >>> plt.close(fig)
    """
    X = _as_images(images, image_shape, "images")
    n = X.shape[0]
    if titles is not None and len(titles) != n:
        msg = f"`titles` must have one entry per image of `images` ({n}); got {len(titles)}"
        raise ValueError(msg)
    if ncols is None:
        ncols = min(n, 8)
    if not _is_int(ncols) or ncols < 1:
        msg = f"`ncols` must be a positive integer; got {ncols!r}"
        raise ValueError(msg)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)  # ceiling division
    if diverging:
        m = float(np.max(np.abs(X)))
        m = m if m > 0.0 else 1.0  # an all-zero image still needs a non-empty scale
        cmap, vmin, vmax = _DIVERGING_CMAP, -m, m
    else:
        low, high = float(X.min()), float(X.max())
        high = high if high > low else low + 1.0
        cmap, vmin, vmax = _SEQUENTIAL_CMAP, low, high
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(1.25 * ncols + 1.2, 1.35 * nrows + 0.3),
        layout="constrained",
        squeeze=False,
    )
    flat = list(axes.ravel())
    shown: AxesImage | None = None
    for i, ax in enumerate(flat):
        if i >= n:
            ax.set_axis_off()
            continue
        shown = ax.imshow(
            X[i].reshape(_image_shape(image_shape)),
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
            interpolation="nearest",
        )
        _plain_image_axes(ax)
        if titles is not None:
            ax.set_title(titles[i], fontsize=10)
    assert shown is not None  # n >= 1: at least one image was drawn
    fig.colorbar(shown, ax=flat, label=colorbar_label, shrink=0.9)
    return fig


def plot_reconstructions(
    originals: ArrayLike,
    reconstructions: ArrayLike,
    ranks: Sequence[int],
    *,
    image_shape: tuple[int, int] = (8, 8),
) -> Figure:
    """Draw each original image next to its reconstructions at several ranks.

    Parameters
    ----------
    originals : array_like, shape (m, h*w)
        The images, one per row.
    reconstructions : array_like, shape (len(ranks), m, h*w)
        ``reconstructions[j]`` holds the approximations of all ``m`` images
        from ``ranks[j]`` components.
    ranks : sequence of int
        The rank of each block of ``reconstructions``, for the column titles.
    image_shape : tuple of int, optional
        ``(h, w)`` of each image.

    Returns
    -------
    Figure
        One row per image: the original, then one column per rank. Every
        panel uses the grey scale of the originals (values outside it are
        drawn at its ends), so a faint reconstruction looks faint.

    Raises
    ------
    ValueError
        If the shapes do not match, an array is not finite, or a rank is
        not a positive integer.
    TypeError
        If an array is not numeric.

    Examples
    --------
    >>> x = np.arange(4.0).reshape(1, 4)
    >>> fig = plot_reconstructions(x, np.stack([0.5 * x, x]), [1, 2], image_shape=(2, 2))
    >>> [ax.get_title() for ax in fig.axes[:3]]
    ['original', 'rank 1', 'rank 2']
    >>> plt.close(fig)
    """
    X = _as_images(originals, image_shape, "originals")
    R = as_float_array(reconstructions, "reconstructions")
    m, d = X.shape
    if R.ndim != 3 or R.shape[1:] != (m, d):
        msg = (
            f"`reconstructions` must have shape (len(ranks), {m}, {d}) to match "
            f"`originals`; got {R.shape}"
        )
        raise ValueError(msg)
    if not isinstance(ranks, (list, tuple, np.ndarray)) or np.ndim(ranks) != 1:
        msg = f"`ranks` must be a sequence of positive integers; got {ranks!r}"
        raise TypeError(msg)
    if len(ranks) != R.shape[0] or not all(
        isinstance(k, (int, np.integer)) and not isinstance(k, bool) and k >= 1 for k in ranks
    ):
        msg = (
            f"`ranks` must hold {R.shape[0]} positive integers, one per block of "
            f"`reconstructions`; got {list(ranks)!r}"
        )
        raise ValueError(msg)
    low, high = float(X.min()), float(X.max())
    high = high if high > low else low + 1.0
    ncols = 1 + len(ranks)
    fig, axes = plt.subplots(
        m,
        ncols,
        figsize=(1.2 * ncols + 1.2, 1.3 * m + 0.3),
        layout="constrained",
        squeeze=False,
    )
    titles = ["original", *(f"rank {int(k)}" for k in ranks)]
    shown: AxesImage | None = None
    for i in range(m):
        panels = [X[i], *(R[j, i] for j in range(len(ranks)))]
        for col, (ax, image) in enumerate(zip(axes[i], panels, strict=True)):
            shown = ax.imshow(
                image.reshape(_image_shape(image_shape)),
                cmap=_SEQUENTIAL_CMAP,
                vmin=low,
                vmax=high,
                interpolation="nearest",
            )
            _plain_image_axes(ax)
            if i == 0:
                ax.set_title(titles[col], fontsize=10)
    assert shown is not None
    fig.colorbar(shown, ax=list(axes.ravel()), label="pixel value", shrink=0.9)
    return fig


def components_needed(ratios: ArrayLike, level: float) -> int | None:
    """Smallest ``k`` whose first ``k`` ratios add up to at least ``level``.

    Parameters
    ----------
    ratios : array_like, shape (k,)
        Explained-variance ratios, largest first.
    level : float
        The target fraction of variance, in ``(0, 1]``.

    Returns
    -------
    int or None
        The number of components, or ``None`` if all of ``ratios`` together
        stay below ``level``.

    Raises
    ------
    ValueError
        If ``ratios`` is not a finite 1-D vector or ``level`` is outside ``(0, 1]``.

    Examples
    --------
    >>> components_needed([0.5, 0.25, 0.125, 0.125], 0.75)
    2
    >>> components_needed([0.5, 0.25], 0.9) is None
    True
    """
    r = as_vector(ratios, "ratios")
    if not 0.0 < finite_scalar(level, "level") <= 1.0:
        msg = f"`level` must be in (0, 1]; got {level!r}"
        raise ValueError(msg)
    cumulative = np.cumsum(r)
    reached = np.flatnonzero(cumulative >= level)
    return int(reached[0]) + 1 if reached.size else None


def plot_explained_variance(
    ratios: ArrayLike,
    *,
    levels: Sequence[float] = (0.9, 0.95),
) -> Figure:
    """Draw explained-variance ratios as bars and their running total as a curve.

    Parameters
    ----------
    ratios : array_like, shape (k,)
        Fraction of the total variance along each principal component,
        largest first (``PCAResult.explained_variance_ratio``).
    levels : sequence of float, optional
        Fractions of variance to mark with a horizontal guide line; where the
        curve first reaches a level, a point marks the number of components
        needed (:func:`components_needed`).

    Returns
    -------
    Figure
        One panel: bars at ``1..k`` of height ``ratios``, the cumulative sum
        as a line with markers, a dashed guide line per level, and a legend
        stating how many components each level needs.

    Raises
    ------
    ValueError
        If ``ratios`` is not a finite 1-D vector of non-negative numbers with
        sum at most 1 (up to rounding), or a level is outside ``(0, 1]``.

    Examples
    --------
    >>> fig = plot_explained_variance([0.5, 0.3, 0.2], levels=[0.8])
    >>> fig.axes[0].get_legend().get_texts()[-1].get_text()
    '80% of variance: 2 components'
    >>> plt.close(fig)
    """
    r = as_vector(ratios, "ratios")
    if np.any(r < 0.0) or float(np.sum(r)) > 1.0 + 1e-9:
        msg = (
            "`ratios` must be non-negative fractions of variance with sum at most 1; "
            f"got min {float(r.min()):.3g} and sum {float(np.sum(r)):.6g}"
        )
        raise ValueError(msg)
    level_values = as_vector(levels, "levels")
    for level in level_values:
        if not 0.0 < level <= 1.0:
            msg = f"each of `levels` must be in (0, 1]; got {level!r}"
            raise ValueError(msg)
    k = np.arange(1, r.size + 1)
    cumulative = np.cumsum(r)
    fig, ax = plt.subplots(figsize=(7.0, 4.0), layout="constrained")
    bars = ax.bar(k, r, width=0.8, color=COLORS["sky"], label="per component")
    (curve,) = ax.plot(
        k, cumulative, color=COLORS["blue"], marker="o", markersize=3, label="cumulative"
    )
    handles: list[Any] = [bars, curve]  # a BarContainer is a legend handle too
    guide_colors = [COLORS["vermillion"], COLORS["orange"], COLORS["green"], COLORS["purple"]]
    for i, level in enumerate(level_values.tolist()):
        color = guide_colors[i % len(guide_colors)]
        needed = components_needed(r, level)
        if needed is None:
            text = f"{level:.0%} of variance: not reached with {r.size}"
        else:
            text = f"{level:.0%} of variance: {needed} component{'s' if needed > 1 else ''}"
        handles.append(ax.axhline(level, color=color, linestyle="--", linewidth=1.2, label=text))
        if needed is not None:
            ax.plot(
                [needed], [cumulative[needed - 1]], linestyle="none", marker="o",
                markersize=8, markerfacecolor="none", markeredgecolor=color, markeredgewidth=2,
            )  # fmt: skip
    ax.set(
        xlim=(0.0, r.size + 1.0),
        ylim=(0.0, 1.05),
        xlabel="principal component $k$",
        ylabel="fraction of variance",
    )
    ax.legend(handles=handles, loc="center right")
    return fig


def plot_projection_2d(
    Z: ArrayLike,
    labels: ArrayLike,
    *,
    axis_labels: tuple[str, str] = ("principal component 1", "principal component 2"),
    annotate_means: bool = True,
) -> Figure:
    """Scatter 2-D coordinates, one colour and marker per class, with a legend.

    Parameters
    ----------
    Z : array_like, shape (n, 2)
        Coordinates of the points (e.g. the first two PCA scores).
    labels : array_like, shape (n,)
        Class of each point (integers or strings); at most 10 classes.
    axis_labels : tuple of str, optional
        Labels of the horizontal and vertical axes.
    annotate_means : bool, optional
        Write each class's name at the mean of its points.

    Returns
    -------
    Figure
        One panel with one scatter collection per class (sorted), in
        :data:`CLASS_COLORS` / :data:`CLASS_MARKERS` order, and a legend.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite ``(n, 2)`` matrix, ``labels`` does not have
        ``n`` entries, or there are more than 10 classes.

    Examples
    --------
    >>> fig = plot_projection_2d([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]], [0, 1, 1])
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['0', '1']
    >>> plt.close(fig)
    """
    Z_ = as_matrix(Z, "Z")
    if Z_.shape[1] != 2:
        msg = f"`Z` must have 2 columns (one point per row); got shape {Z_.shape}"
        raise ValueError(msg)
    y = np.asarray(labels)
    if y.dtype.kind not in "iuUSf" or (y.dtype.kind == "f" and not np.all(np.isfinite(y))):
        msg = f"`labels` must be integers, strings or finite numbers; got dtype {y.dtype}"
        raise TypeError(msg) if y.dtype.kind != "f" else ValueError(msg)
    if y.ndim != 1 or y.shape[0] != Z_.shape[0]:
        msg = f"`labels` must be 1-D with one entry per row of `Z` ({Z_.shape[0]}); got {y.shape}"
        raise ValueError(msg)
    classes = np.unique(y)
    if classes.size > len(CLASS_COLORS):
        msg = f"`labels` may hold at most {len(CLASS_COLORS)} classes; got {classes.size}"
        raise ValueError(msg)
    fig, ax = plt.subplots(figsize=(7.0, 5.5), layout="constrained")
    for i, c in enumerate(classes):
        points = Z_[y == c]
        ax.scatter(
            points[:, 0],
            points[:, 1],
            s=14,
            color=CLASS_COLORS[i],
            marker=CLASS_MARKERS[i],
            alpha=0.6,
            linewidths=0,
            label=str(c),
        )
    if annotate_means:
        for i, c in enumerate(classes):
            centre = Z_[y == c].mean(axis=0)
            ax.text(
                float(centre[0]),
                float(centre[1]),
                str(c),
                color=CLASS_COLORS[i],
                fontsize=15,
                fontweight="bold",
                ha="center",
                va="center",
                bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "alpha": 0.85,
                      "edgecolor": CLASS_COLORS[i]},
            )  # fmt: skip
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    legend = ax.legend(title="class", loc="upper left", bbox_to_anchor=(1.01, 1.0), markerscale=1.6)
    for handle in legend.legend_handles:
        if handle is not None:
            handle.set_alpha(1.0)
    return fig
