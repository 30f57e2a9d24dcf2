"""The book's plotting style and shared drawing primitives.

Figures of each chapter live in ``aimath.plotting.<topic>`` (e.g.
:mod:`aimath.plotting.vectors`) and return their
:class:`~matplotlib.figure.Figure`, so tests can check what they draw. Figures
are drawn for a white page; the book also renders each one for its dark theme
through :mod:`aimath.plotting.themes`, which :func:`use_book_style` switches
on in the book's build.

This package is the only part of ``aimath`` that needs matplotlib.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.axes import Axes

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_vector
from aimath.plotting.themes import install_themed_display

__all__ = ["COLORS", "STYLE", "draw_arrow", "use_book_style"]

#: Colour-blind-safe palette (Okabe & Ito), in the order figures use it.
COLORS: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "grey": "#7F7F7F",
}

#: rcParams applied by :func:`use_book_style`.
STYLE: dict[str, Any] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 110,
    "savefig.dpi": 144,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#222222",
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(COLORS.values())),
    "font.size": 11,
    "axes.titlesize": 12,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "image.cmap": "viridis",
    "svg.hashsalt": "aimath",  # stable ids if a figure is saved as SVG
}


def use_book_style() -> None:
    """Apply the house style to all later matplotlib figures.

    In the book's build (a notebook kernel with ``AIMATH_THEMED_FIGURES=1``)
    it also makes every figure display in a light and a dark rendering; see
    :mod:`aimath.plotting.themes`.

    Examples
    --------
    >>> use_book_style()
    >>> plt.rcParams["axes.spines.top"]
    False
    """
    plt.style.use(STYLE)
    install_themed_display()


def _point(p: ArrayLike, name: str) -> FloatArray:
    """``p`` as a finite point of the plane, or an error naming ``name``."""
    xy = as_vector(p, name)
    if xy.shape != (2,):
        msg = f"`{name}` must be a point of the plane (length 2); got length {xy.shape[0]}"
        raise ValueError(msg)
    return xy


def draw_arrow(
    ax: Axes,
    start: ArrayLike,
    end: ArrayLike,
    color: str,
    *,
    label: str | None = None,
    linestyle: str = "-",
) -> None:
    """Draw an arrow from ``start`` to ``end`` on ``ax``, labelled just past its tip.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    start, end : array_like, shape (2,)
        Tail and tip of the arrow, in data coordinates.
    color : str
        A colour, usually from :data:`COLORS`.
    label : str, optional
        Text placed just beyond the tip.
    linestyle : str, optional
        Matplotlib line style of the shaft, e.g. ``"--"``.

    Raises
    ------
    ValueError
        If ``start`` or ``end`` is not a finite vector of length 2.
    TypeError
        If ``start`` or ``end`` is not array-like of real numbers.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> draw_arrow(ax, [0.0, 0.0], [1.0, 2.0], COLORS["blue"], label="v")
    >>> ax.texts[0].xy
    (1.0, 2.0)
    >>> plt.close(fig)
    """
    x0, y0 = (float(c) for c in _point(start, "start"))
    x1, y1 = (float(c) for c in _point(end, "end"))
    ax.annotate(
        "",
        xy=(x1, y1),
        xytext=(x0, y0),
        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.2, "linestyle": linestyle},
    )
    if label is not None:
        ax.text(
            x1 + 0.04 * (x1 - x0), y1 + 0.04 * (y1 - y0) + 0.15, label, color=color, fontsize=12
        )
