"""Figures of chapter 1, vectors and matrices.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_vectors.py`` check that what it draws satisfies the mathematics.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike
from aimath._validation import as_matrix, as_vector, finite_scalar, same_length
from aimath.plotting import COLORS, draw_arrow
from aimath.vectors import det2, transform_points

__all__ = ["plot_linear_map", "plot_unit_square", "plot_vector_arithmetic"]


def _grid_lines(extent: float, n: int, samples: int = 50) -> list[np.ndarray]:
    """Horizontal and vertical lines of a square grid, each as (samples, 2) points."""
    ticks = np.linspace(-extent, extent, n)
    t = np.linspace(-extent, extent, samples)
    lines = [np.column_stack([t, np.full_like(t, c)]) for c in ticks]
    lines += [np.column_stack([np.full_like(t, c), t]) for c in ticks]
    return lines


def plot_linear_map(A: ArrayLike, *, extent: float = 2.0, n: int = 9) -> Figure:
    """Draw a square grid before and after the 2-D linear map ``A``.

    Parameters
    ----------
    A : array_like, shape (2, 2)
        The map.
    extent : float, optional
        The grid covers ``[-extent, extent]`` in both directions.
    n : int, optional
        Number of grid lines in each direction.

    Returns
    -------
    Figure
        Two panels: the original grid with the basis vectors, and its image
        with the images ``A e1`` and ``A e2`` (the columns of ``A``).

    Raises
    ------
    ValueError
        If ``A`` is not a finite 2×2 matrix, ``extent`` is not a finite positive
        number, or ``n`` is less than 2.
    TypeError
        If ``A`` is not array-like of numbers, ``extent`` is not a real number,
        or ``n`` is not an integer.

    Examples
    --------
    >>> fig = plot_linear_map([[1.0, 1.0], [0.0, 1.0]])
    >>> [ax.get_title() for ax in fig.axes]
    ['before: the standard grid', 'after: the grid mapped by A']
    >>> plt.close(fig)
    """
    A_ = as_matrix(A, "A", square=True)
    if A_.shape != (2, 2):
        msg = f"`A` must be 2x2; got shape {A_.shape}"
        raise ValueError(msg)
    extent = finite_scalar(extent, "extent")
    if extent <= 0:
        msg = f"`extent` must be positive; got {extent!r}"
        raise ValueError(msg)
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
        msg = f"`n` must be an integer (a number of grid lines); got {type(n).__name__}"
        raise TypeError(msg)
    if n < 2:
        msg = f"`n` must be at least 2; got {n!r}"
        raise ValueError(msg)
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.0), layout="constrained")
    panels = [(np.eye(2), "before: the standard grid"), (A_, "after: the grid mapped by A")]
    for ax, (M, title) in zip(axes, panels, strict=True):
        for line in _grid_lines(extent, n):
            image = transform_points(M, line)
            ax.plot(image[:, 0], image[:, 1], color=COLORS["grey"], lw=0.8, alpha=0.7)
        for column, (color, label) in enumerate(
            [(COLORS["vermillion"], "e1"), (COLORS["blue"], "e2")]
        ):
            tip = M[:, column]
            ax.annotate(
                "",
                xy=(tip[0], tip[1]),
                xytext=(0.0, 0.0),
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.2},
            )
            name = label if M is not A_ else f"A{label}"
            ax.text(tip[0] * 1.08, tip[1] * 1.08, name, color=color, fontsize=12)
        reach = extent * max(1.0, float(np.max(np.abs(M).sum(axis=1))))
        ax.set(xlim=(-reach, reach), ylim=(-reach, reach), aspect="equal", title=title)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
    return fig


def plot_vector_arithmetic(
    a: ArrayLike, b: ArrayLike, scalars: tuple[float, ...] = (2.0, -1.0)
) -> Figure:
    """Draw vector addition (the parallelogram rule) and scalar multiples.

    Parameters
    ----------
    a, b : array_like, shape (2,)
        The vectors to add.
    scalars : tuple of float, optional
        Multiples of ``b`` drawn in the right panel, next to ``b`` itself.

    Returns
    -------
    Figure
        Left: ``a``, ``b`` and ``a + b`` from the origin, with dashed copies of
        ``b`` starting at ``a`` and of ``a`` starting at ``b``, closing the
        parallelogram. Right: ``b`` and ``c b`` for each ``c`` in ``scalars``.

    Raises
    ------
    ValueError
        If ``a`` or ``b`` is not a finite 2-D vector, or ``scalars`` is not a
        non-empty 1-D sequence of finite numbers.
    TypeError
        If ``a``, ``b`` or ``scalars`` is not array-like of real numbers.

    Examples
    --------
    >>> fig = plot_vector_arithmetic([3.0, 1.0], [1.0, 2.0])
    >>> [ax.get_title() for ax in fig.axes]
    ['addition', 'scalar multiples']
    >>> plt.close(fig)
    """
    a_ = as_vector(a, "a")
    b_ = as_vector(b, "b")
    same_length(a_, b_, "a", "b")
    if a_.shape != (2,):
        msg = f"`a` and `b` must be 2-D vectors; got length {a_.shape[0]}"
        raise ValueError(msg)
    multiples = as_vector(scalars, "scalars")  # (k,) finite factors c
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.0, 4.0), layout="constrained")
    origin = np.zeros(2)
    draw_arrow(left, origin, a_, COLORS["blue"], label="a")
    draw_arrow(left, origin, b_, COLORS["orange"], label="b")
    draw_arrow(left, origin, a_ + b_, COLORS["vermillion"], label="a + b")
    draw_arrow(left, a_, a_ + b_, COLORS["orange"], linestyle="--")
    draw_arrow(left, b_, a_ + b_, COLORS["blue"], linestyle="--")
    draw_arrow(right, origin, b_, COLORS["orange"], label="b")
    palette = [COLORS["green"], COLORS["purple"], COLORS["sky"], COLORS["grey"]]
    for k, c in enumerate(multiples):
        draw_arrow(right, origin, c * b_, palette[k % len(palette)], label=f"{c:g}b")
    panels = [
        (left, np.vstack([origin, a_, b_, a_ + b_]), "addition"),
        (right, np.vstack([origin, b_, *(c * b_ for c in multiples)]), "scalar multiples"),
    ]
    for ax, points, title in panels:
        low, high = points.min(axis=0) - 1.0, points.max(axis=0) + 1.0
        ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), aspect="equal", title=title)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
    return fig


def plot_unit_square(A: ArrayLike) -> Figure:
    """Draw the unit square and its image under ``A``, annotated with the areas.

    Parameters
    ----------
    A : array_like, shape (2, 2)
        The map.

    Returns
    -------
    Figure
        One panel: the unit square (area 1) and the parallelogram ``A`` maps
        it to, whose area is ``|det A|``.

    Raises
    ------
    ValueError
        If ``A`` is not a finite 2×2 matrix.

    Examples
    --------
    >>> fig = plot_unit_square([[2.0, 0.0], [0.0, 1.5]])
    >>> fig.axes[0].get_xlabel()
    '$x_1$'
    >>> plt.close(fig)
    """
    det = det2(A)
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    image = transform_points(A, square)
    fig, ax = plt.subplots(figsize=(5.0, 5.0), layout="constrained")
    ax.fill(*square.T, color=COLORS["sky"], alpha=0.45, label="unit square, area 1")
    ax.fill(
        *image.T,
        color=COLORS["orange"],
        alpha=0.45,
        label=f"image under A, area |det A| = {abs(det):.3g}",
    )
    ax.plot(*np.vstack([image, image[:1]]).T, color=COLORS["vermillion"])
    corners = np.vstack([square, image, [[0.0, 0.0]]])
    low, high = corners.min(axis=0) - 0.5, corners.max(axis=0) + 0.5
    ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), aspect="equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper left")
    return fig
