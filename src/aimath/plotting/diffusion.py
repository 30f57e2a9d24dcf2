"""Figures of the tiny-diffusion project: point clouds of a 2-D diffusion model.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_diffusion.py`` check that what it draws is the data it was given:
every scatter point sits at its coordinates, every title states the step (and
the ``alpha_bar`` value it was passed), the smoothed loss curve is the
trailing mean of the raw one. None of them imports torch: the page trains the
network and hands these functions NumPy arrays.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_vector, finite_scalar, integer_at_least
from aimath.plotting import COLORS

__all__ = [
    "moving_average",
    "plot_forward_process",
    "plot_loss_curve",
    "plot_reverse_process",
    "plot_samples",
]

#: Colours of the two groups of the data (e.g. the two moons), then of generated
#: samples and of pure noise.
GROUP_COLORS: tuple[str, str] = (COLORS["blue"], COLORS["orange"])
SAMPLE_COLOR: str = COLORS["green"]
NOISE_COLOR: str = COLORS["vermillion"]

_INK = "#333333"
_PANEL = 2.5  # inches per scatter panel
_MAX_COLUMNS = 3  # panels per row: the book's text column fits three legibly


def _points(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a finite ``(n, 2)`` array of points of the plane."""
    arr = as_float_array(x, name)
    if arr.ndim != 2 or arr.shape[1] != 2:
        msg = f"`{name}` must be an array of points of shape (n, 2); got shape {arr.shape}"
        raise ValueError(msg)
    return arr


def _clouds(clouds: Sequence[ArrayLike] | np.ndarray, name: str) -> list[FloatArray]:
    """A non-empty sequence of ``(n_i, 2)`` point clouds."""
    given: object = clouds  # callers without type checking may pass anything
    if isinstance(given, np.ndarray) and given.ndim == 3:
        given = list(given)
    if not isinstance(given, Sequence) or isinstance(given, str) or len(given) == 0:
        msg = f"`{name}` must be a non-empty sequence of (n, 2) arrays; got {type(clouds).__name__}"
        raise TypeError(msg)
    return [_points(c, f"{name}[{i}]") for i, c in enumerate(given)]


def _steps(steps: Sequence[int] | np.ndarray, name: str, count: int, clouds: str) -> list[int]:
    """``count`` non-negative integer steps, one per point cloud of the argument ``clouds``."""
    given: object = steps  # callers without type checking may pass anything
    if isinstance(given, np.ndarray):
        given = given.tolist()
    if not isinstance(given, Sequence) or isinstance(given, str):
        msg = f"`{name}` must be a sequence of integers; got {type(steps).__name__}"
        raise TypeError(msg)
    if len(given) != count:
        msg = (
            f"`{name}` and `{clouds}` must have the same length, one step per point cloud; "
            f"got {len(given)} steps and {count} point clouds"
        )
        raise ValueError(msg)
    return [integer_at_least(t, f"{name}[{i}]", 0) for i, t in enumerate(given)]


def _labels(labels: ArrayLike | None, n: int) -> np.ndarray | None:
    """Group labels 0/1, one per point, or ``None``."""
    if labels is None:
        return None
    arr = as_vector(labels, "labels")
    if arr.shape[0] != n:
        msg = f"`labels` must have one entry per point ({n}); got {arr.shape[0]}"
        raise ValueError(msg)
    if not np.all((arr == 0.0) | (arr == 1.0)):
        msg = f"`labels` must hold only 0 and 1 (two groups); got values {np.unique(arr)!r}"
        raise ValueError(msg)
    return arr.astype(np.int64)


def _limit(clouds: Sequence[FloatArray]) -> float:
    """Half-width of a square window, centred at 0, that holds every point."""
    reach = max(float(np.max(np.abs(c))) for c in clouds)
    return 1.05 * reach if reach > 0.0 else 1.0


def _scatter_grid(
    clouds: Sequence[FloatArray],
    titles: Sequence[str],
    colors: Sequence[str | list[str]],
) -> Figure:
    """One square scatter panel per cloud, at most three per row, all on the same window."""
    lim = _limit(clouds)
    n = len(clouds)
    ncols = min(n, _MAX_COLUMNS)
    nrows = -(-n // ncols)  # ceiling division
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(_PANEL * ncols + 0.4, (_PANEL + 0.55) * nrows + 0.2),
        layout="constrained", sharex=True, sharey=True, squeeze=False,
    )  # fmt: skip
    flat = list(axes.ravel())
    for ax in flat[n:]:  # unused cells of the grid are removed, so fig.axes are the panels
        fig.delaxes(ax)
    for ax, cloud, title, color in zip(flat, clouds, titles, colors, strict=False):
        _scatter(ax, cloud, color)
        ax.set_title(title, fontsize=11)
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.xaxis.set_tick_params(labelbottom=True)
    for row in axes:
        row[0].set_ylabel("$x_2$")
    return fig


def _scatter(ax: Axes, cloud: FloatArray, color: str | list[str]) -> None:
    ax.scatter(cloud[:, 0], cloud[:, 1], s=5, c=color, alpha=0.6, linewidths=0)


def _group_colors(labels: np.ndarray | None, n: int) -> str | list[str]:
    if labels is None:
        return GROUP_COLORS[0]
    return [GROUP_COLORS[int(g)] for g in labels] if n else GROUP_COLORS[0]


def plot_forward_process(
    x0: ArrayLike,
    noised: Sequence[ArrayLike] | np.ndarray,
    steps: Sequence[int] | np.ndarray,
    alpha_bar_values: ArrayLike,
    *,
    labels: ArrayLike | None = None,
) -> Figure:
    """Draw the data and the same points noised to several steps, side by side.

    Parameters
    ----------
    x0 : array_like, shape (n, 2)
        The clean data.
    noised : sequence of array_like, each of shape (n, 2)
        ``noised[j]`` holds the points ``x_t`` at step ``steps[j]``, row ``i``
        coming from row ``i`` of ``x0``.
    steps : sequence of int
        The step ``t >= 1`` of each noised cloud, for the titles.
    alpha_bar_values : array_like, shape (len(steps),)
        ``alpha_bar_t`` at each of those steps, in ``[0, 1]``, printed in the
        titles (three significant digits).
    labels : array_like of 0/1, shape (n,), optional
        The group of each data point (e.g. which moon); points keep their
        group's colour in every panel, so the figure shows the groups mixing.

    Returns
    -------
    Figure
        Square panels on a common window, three per row: ``t = 0`` (the
        data), then one panel per step titled with ``t`` and ``alpha_bar_t``.

    Raises
    ------
    ValueError
        If an array is not finite or not of shape ``(n, 2)``, the lengths
        disagree, a step is below 1, an ``alpha_bar`` value is outside
        ``[0, 1]``, or ``labels`` holds anything but 0 and 1.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> x0 = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> fig = plot_forward_process(x0, [0.5 * x0], [3], [0.25])
    >>> [ax.get_title() for ax in fig.axes]
    ['$t = 0$ (data)', '$t = 3$\\n$\\\\bar\\\\alpha_t = 0.25$']
    >>> plt.close(fig)
    """
    data = _points(x0, "x0")
    clouds = _clouds(noised, "noised")
    ts = _steps(steps, "steps", len(clouds), "noised")
    for i, t in enumerate(ts):
        if t < 1:
            msg = f"`steps[{i}]` must be at least 1 (step 0 is the data itself); got {t}"
            raise ValueError(msg)
    for i, cloud in enumerate(clouds):
        if cloud.shape != data.shape:
            msg = (
                f"`noised[{i}]` must have the shape of `x0` {data.shape}, one noised point per "
                f"data point; got {cloud.shape}"
            )
            raise ValueError(msg)
    ab = as_vector(alpha_bar_values, "alpha_bar_values")
    if ab.shape[0] != len(ts):
        msg = f"`alpha_bar_values` must hold one value per step ({len(ts)}); got {ab.shape[0]}"
        raise ValueError(msg)
    if np.any((ab < 0.0) | (ab > 1.0)):
        msg = f"`alpha_bar_values` must lie in [0, 1]; got {ab!r}"
        raise ValueError(msg)
    groups = _labels(labels, data.shape[0])
    color = _group_colors(groups, data.shape[0])
    titles = ["$t = 0$ (data)"]
    for t, a in zip(ts, ab.tolist(), strict=True):
        titles.append(f"$t = {t}$\n$\\bar\\alpha_t = {a:.3g}$")
    return _scatter_grid([data, *clouds], titles, [color] * (1 + len(clouds)))


def plot_reverse_process(
    snapshots: Sequence[ArrayLike] | np.ndarray, steps: Sequence[int] | np.ndarray
) -> Figure:
    """Draw snapshots of the reverse (sampling) process, from noise to samples.

    Parameters
    ----------
    snapshots : sequence of array_like, each of shape (n, 2)
        The points ``x_t`` of the sampling chain at the steps ``steps``.
    steps : sequence of int
        The step of each snapshot, strictly decreasing (the chain runs from
        ``t = T`` down to ``t = 0``).

    Returns
    -------
    Figure
        Square panels on a common window, three per row, titled ``t = ...``; the
        first panel (the largest step) is labelled as noise and a panel at
        ``t = 0`` as the samples.

    Raises
    ------
    ValueError
        If a snapshot is not a finite ``(n, 2)`` array, or the steps are not
        as many as the snapshots, negative, or not strictly decreasing.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> x = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> fig = plot_reverse_process([2 * x, x], [5, 0])
    >>> [ax.get_title() for ax in fig.axes]
    ['$t = 5$ (noise)', '$t = 0$ (samples)']
    >>> plt.close(fig)
    """
    clouds = _clouds(snapshots, "snapshots")
    ts = _steps(steps, "steps", len(clouds), "snapshots")
    if any(later >= earlier for earlier, later in itertools.pairwise(ts)):
        msg = f"`steps` must be strictly decreasing (from T down to 0); got {ts!r}"
        raise ValueError(msg)
    titles = [f"$t = {t}$" for t in ts]
    titles[0] += " (noise)"
    if ts[-1] == 0:
        titles[-1] += " (samples)"
    return _scatter_grid(clouds, titles, [SAMPLE_COLOR] * len(clouds))


def plot_samples(
    data: ArrayLike,
    samples: ArrayLike,
    noise: ArrayLike | None = None,
    *,
    titles: Sequence[str] = ("held-out data", "generated samples", "pure noise"),
) -> Figure:
    """Draw data, generated samples and (optionally) pure noise side by side.

    Parameters
    ----------
    data : array_like, shape (n, 2)
        Points from the data distribution.
    samples : array_like, shape (m, 2)
        Points the model generated.
    noise : array_like, shape (k, 2), optional
        Standard normal points, the starting distribution of the sampler.
    titles : sequence of str, optional
        Titles of the panels, in the order data, samples, noise.

    Returns
    -------
    Figure
        Two or three square panels in a row, on a common window.

    Raises
    ------
    ValueError
        If an array is not a finite ``(n, 2)`` array, or there are fewer
        titles than panels.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> x = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> fig = plot_samples(x, 0.9 * x)
    >>> [ax.get_title() for ax in fig.axes]
    ['held-out data', 'generated samples']
    >>> plt.close(fig)
    """
    clouds = [_points(data, "data"), _points(samples, "samples")]
    colors: list[str | list[str]] = [GROUP_COLORS[0], SAMPLE_COLOR]
    if noise is not None:
        clouds.append(_points(noise, "noise"))
        colors.append(NOISE_COLOR)
    if isinstance(titles, str) or len(titles) < len(clouds):
        msg = f"`titles` must hold {len(clouds)} titles, one per panel; got {titles!r}"
        raise ValueError(msg)
    return _scatter_grid(clouds, list(titles[: len(clouds)]), colors)


def moving_average(values: ArrayLike, window: int) -> FloatArray:
    """Trailing mean of ``window`` consecutive values.

    Parameters
    ----------
    values : array_like, shape (n,)
        A noisy sequence, e.g. the loss at each training step.
    window : int
        Number of values averaged, ``1 <= window <= n``.

    Returns
    -------
    ndarray, shape (n - window + 1,)
        Entry ``j`` is the mean of ``values[j : j + window]``, the average of
        the window that ends at index ``j + window - 1``.

    Raises
    ------
    ValueError
        If ``values`` is not a finite 1-D vector or ``window`` is outside
        ``[1, n]``.
    TypeError
        If ``window`` is not an integer.

    Notes
    -----
    Computed from a cumulative sum, :math:`m_j = (S_{j+w} - S_j)/w` with
    :math:`S_k = \\sum_{i<k} v_i`; for the loss curves of this project
    (values of order 1, ``n`` in the thousands) its rounding error is far
    below what a plot can show.

    Examples
    --------
    >>> moving_average([1.0, 2.0, 3.0, 4.0], 2).tolist()
    [1.5, 2.5, 3.5]
    """
    v = as_vector(values, "values")
    w = integer_at_least(window, "window", 1)
    if w > v.shape[0]:
        msg = f"`window` must be at most the number of values ({v.shape[0]}); got {w}"
        raise ValueError(msg)
    cumulative = np.concatenate([[0.0], np.cumsum(v)])
    averaged: FloatArray = (cumulative[w:] - cumulative[:-w]) / w
    return averaged


def plot_loss_curve(
    losses: ArrayLike,
    *,
    window: int = 100,
    reference: float | None = None,
    reference_label: str = "reference",
) -> Figure:
    """Draw a training loss against the step: raw values and their moving average.

    Parameters
    ----------
    losses : array_like, shape (n,)
        The loss at training steps ``0..n-1``; positive (drawn on a log axis).
    window : int, optional
        Window of the trailing :func:`moving_average`, drawn at the step at
        which each window ends.
    reference : float, optional
        A positive loss to mark with a dashed horizontal line (e.g. the loss
        of a trivial predictor).
    reference_label : str, optional
        Legend text of the reference line.

    Returns
    -------
    Figure
        One panel with a log-scaled loss axis: the raw losses (thin, pale),
        the moving average (thick) and the reference line, with a legend.

    Raises
    ------
    ValueError
        If ``losses`` is not a finite 1-D vector of positive numbers, ``window``
        is outside ``[1, n]`` or ``reference`` is not positive.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> fig = plot_loss_curve([1.0, 0.5, 0.25, 0.125], window=2, reference=1.0)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['loss per step', 'moving average of 2 steps', 'reference']
    >>> plt.close(fig)
    """
    v = as_vector(losses, "losses")
    if np.any(v <= 0.0):
        msg = f"`losses` must be positive (drawn on a log axis); got min {float(v.min())!r}"
        raise ValueError(msg)
    smooth = moving_average(v, window)
    w = v.shape[0] - smooth.shape[0] + 1
    fig, ax = plt.subplots(figsize=(7.0, 4.0), layout="constrained")
    steps = np.arange(v.shape[0])
    ax.plot(steps, v, color=COLORS["sky"], linewidth=0.6, alpha=0.7, label="loss per step")
    ax.plot(
        steps[w - 1 :], smooth, color=COLORS["blue"], linewidth=2.2,
        label=f"moving average of {w} steps",
    )  # fmt: skip
    if reference is not None:
        level = finite_scalar(reference, "reference")
        if level <= 0.0:
            msg = f"`reference` must be a positive loss; got {level!r}"
            raise ValueError(msg)
        ax.axhline(level, color=_INK, linestyle="--", linewidth=1.2, label=reference_label)
    ax.set_yscale("log")
    ax.set(xlabel="training step", ylabel="loss")
    ax.legend(loc="center right")  # the curves fill the bottom, the reference the top
    return fig
