"""Light and dark renderings of every figure of the book.

The site has a light and a dark theme. A figure drawn for a white page is a
glaring white box on a dark one, and its black text vanishes if the box is
made transparent. So the book renders each figure twice, from the same
:class:`~matplotlib.figure.Figure`:

- **light**: as drawn, in the house style of :mod:`aimath.plotting`;
- **dark**: the same artists recoloured by :func:`dark_color`, which turns the
  greys (paper, ink, grid, spines, reference lines) around so that white becomes
  the dark page's background and black its text colour, while palette colours
  keep their hue and are lifted just enough to stand out on the dark page.
  Colormaps that start light (``Blues``, ``gray_r``) are reversed, so that low
  values, often the background of an image or the outside of a density, are
  dark; colormaps that start dark (``viridis``, ``gray``) are kept.

When the book is built (``AIMATH_THEMED_FIGURES=1``, set by ``conf.py``),
:func:`aimath.plotting.use_book_style` makes the notebook display each figure
as :func:`themed_png`: the light PNG, carrying the dark PNG in a private chunk
that image viewers ignore. The Sphinx extension takes the two apart and shows
each in its own theme (the ``only-light``/``only-dark`` classes). Outside the
build (a downloaded notebook, a test) figures display as usual.
"""

from __future__ import annotations

import colorsys
import io
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colormaps
from matplotlib.collections import Collection
from matplotlib.colors import Colormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array

__all__ = [
    "DARK_BACKGROUND",
    "DARK_CHUNK",
    "DARK_INK",
    "dark_color",
    "dark_colors",
    "dark_variant",
    "figure_png",
    "install_themed_display",
    "split_themed_png",
    "themed_png",
]

RGBA = tuple[float, float, float, float]
Theme = Literal["light", "dark"]

#: Background of the dark theme (sphinx-book-theme's ``--pst-color-background``).
DARK_BACKGROUND = "#14181e"
#: Text colour of the dark theme (``--pst-color-text-base``).
DARK_INK = "#ced6dd"
#: Type of the private PNG chunk that carries a figure's dark rendering
#: (ancillary, private, safe to copy: ignored by image viewers).
DARK_CHUNK = b"aiDk"

# Colours whose chroma (max - min of R, G, B) is below _GREY_CHROMA are treated
# as greys and turned around; above _FULL_CHROMA they are palette colours and
# keep their hue; in between the two treatments are blended, so that
# antialiased edges and pale tints change smoothly.
_GREY_CHROMA = 0.1
_FULL_CHROMA = 0.3
# Palette colours darker than this HLS lightness are lifted to it: Okabe-Ito
# blue and green are too dark on the dark page otherwise.
_MIN_LIGHTNESS = 0.5

# A colormap whose low end is this much lighter (in luminance) than its high
# end is flipped for the dark page: low values, usually the background of an
# image or the outside of a density, become dark instead of glaring.
_FLIP_MARGIN = 0.25


def dark_color(color: object) -> RGBA:
    """The dark-theme counterpart of a matplotlib colour.

    Greys are mapped linearly from the light page to the dark one: white
    becomes :data:`DARK_BACKGROUND`, black becomes :data:`DARK_INK`. Saturated
    colours keep their hue and saturation; their lightness is raised to at
    least one half. Alpha is kept.

    Parameters
    ----------
    color : color
        Anything ``matplotlib.colors.to_rgba`` accepts.

    Returns
    -------
    tuple of 4 float
        The RGBA colour for the dark theme.

    Raises
    ------
    ValueError
        If ``color`` is not a matplotlib colour.

    Examples
    --------
    >>> from matplotlib.colors import to_hex
    >>> to_hex(dark_color("white")) == DARK_BACKGROUND
    True
    >>> to_hex(dark_color("black")) == DARK_INK
    True
    >>> to_hex(dark_color("#56B4E9"))  # Okabe-Ito sky blue is kept
    '#56b4e9'
    """
    try:
        r, g, b, a = to_rgba(color)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        msg = f"`color` must be a matplotlib colour; got {color!r}"
        raise ValueError(msg) from exc
    if not all(np.isfinite((r, g, b, a))):
        msg = f"`color` must be a matplotlib colour; got {color!r}"
        raise ValueError(msg)
    paper = np.array(to_rgba(DARK_BACKGROUND)[:3])
    ink = np.array(to_rgba(DARK_INK)[:3])
    rgb = np.array([r, g, b])
    chroma = float(rgb.max() - rgb.min())
    # the grey treatment: lightness turned around, white -> paper, black -> ink
    grey_value = float(rgb.mean())
    grey = paper + (1.0 - grey_value) * (ink - paper)
    # the colour treatment: hue and saturation kept, lightness lifted
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    kept = np.array(colorsys.hls_to_rgb(hue, max(lightness, _MIN_LIGHTNESS), saturation))
    weight = min(max((chroma - _GREY_CHROMA) / (_FULL_CHROMA - _GREY_CHROMA), 0.0), 1.0)
    out = np.clip(weight * kept + (1.0 - weight) * grey, 0.0, 1.0)
    return (float(out[0]), float(out[1]), float(out[2]), float(a))


def dark_colors(colors: ArrayLike) -> FloatArray:
    """:func:`dark_color` applied to each row of an ``(n, 4)`` RGBA array.

    Parameters
    ----------
    colors : numpy.ndarray, shape (n, 4)
        RGBA rows with entries in [0, 1], as matplotlib collections hold them.

    Returns
    -------
    numpy.ndarray, shape (n, 4)
        The dark-theme colours.

    Raises
    ------
    TypeError
        If ``colors`` is not an array of real numbers.
    ValueError
        If ``colors`` is not an ``(n, 4)`` array of finite values in [0, 1].

    Examples
    --------
    >>> dark_colors(np.array([[1.0, 1.0, 1.0, 0.5]]))[0, 3]
    np.float64(0.5)
    """
    rows = as_float_array(colors, "colors")
    if rows.ndim != 2 or rows.shape[1] != 4:
        msg = f"`colors` must be an (n, 4) array of RGBA values; got shape {rows.shape}"
        raise ValueError(msg)
    if not np.all((rows >= 0.0) & (rows <= 1.0)):  # also catches NaN
        msg = "`colors` must hold RGBA values in [0, 1]"
        raise ValueError(msg)
    return np.array([dark_color(tuple(row)) for row in rows]).reshape(-1, 4)


def _check_figure(fig: object) -> None:
    if not isinstance(fig, Figure):
        msg = f"`fig` must be a matplotlib Figure; got {type(fig).__name__}"
        raise TypeError(msg)


def _swap(
    undo: list[Callable[[], object]],
    getter: Callable[[], Any],
    setter: Callable[[Any], object],
    *,
    array: bool = False,
) -> None:
    """Recolour one property through ``setter``, remembering how to undo it."""
    old = getter()
    if array:
        old_array = np.array(old, dtype=float, copy=True)
        if old_array.size == 0:
            return
        setter(dark_colors(old_array))
        undo.append(lambda: setter(old_array))
        return
    if isinstance(old, str) and old in {"none", "auto", "face", "inherit"}:
        return
    new = dark_color(old)
    if to_rgba(old)[3] == 0.0:
        return
    setter(new)
    undo.append(lambda: setter(old))


def _reversed_cmap(cmap: Colormap) -> Colormap:
    """``cmap`` reversed (dark values become light), by its registered name if it has one."""
    name = cmap.name.removesuffix("_r") if cmap.name.endswith("_r") else f"{cmap.name}_r"
    return colormaps[name] if name in colormaps else cmap.reversed()


@contextmanager
def dark_variant(fig: Figure) -> Iterator[Figure]:
    """Recolour ``fig`` for the dark theme inside a ``with`` block, then restore it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, drawn in the light house style.

    Yields
    ------
    matplotlib.figure.Figure
        The same figure, recoloured.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib figure.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> with dark_variant(fig):
    ...     fig.patch.get_facecolor() == dark_color("white")
    True
    >>> fig.patch.get_facecolor()
    (1.0, 1.0, 1.0, 1.0)
    >>> plt.close(fig)
    """
    _check_figure(fig)
    undo: list[Callable[[], object]] = []
    try:
        for artist in fig.findobj(include_self=True):
            _recolor(artist, undo)
        yield fig
    finally:
        for action in reversed(undo):
            action()


def _recolor(artist: object, undo: list[Callable[[], object]]) -> None:
    """Append to ``undo`` the restoring actions of recolouring one artist."""
    if isinstance(artist, Text):
        _swap(undo, artist.get_color, artist.set_color)
        box = artist.get_bbox_patch()
        if box is not None:
            _recolor(box, undo)
        if isinstance(artist, Annotation) and artist.arrow_patch is not None:
            _recolor(artist.arrow_patch, undo)
    elif isinstance(artist, Line2D):
        _swap(undo, artist.get_color, artist.set_color)
        _swap(undo, artist.get_markerfacecolor, artist.set_markerfacecolor)
        _swap(undo, artist.get_markeredgecolor, artist.set_markeredgecolor)
    elif isinstance(artist, Patch):
        _swap(undo, artist.get_facecolor, artist.set_facecolor)
        _swap(undo, artist.get_edgecolor, artist.set_edgecolor)
    elif isinstance(artist, AxesImage):
        _flip_light_low_cmap(artist, undo)
    elif isinstance(artist, Collection):
        if artist.get_array() is None:  # colours set directly, not by a colormap
            _swap(undo, artist.get_facecolor, artist.set_facecolor, array=True)
        else:  # a density, a colour-coded scatter, a colorbar
            _flip_light_low_cmap(artist, undo)
        _swap(undo, artist.get_edgecolor, artist.set_edgecolor, array=True)


def _luminance(rgba: tuple[float, ...]) -> float:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _flip_light_low_cmap(artist: AxesImage | Collection, undo: list[Callable[[], object]]) -> None:
    """Reverse the artist's colormap if its low end is light (``Blues``, ``gray_r``...)."""
    cmap = artist.get_cmap()
    if _luminance(cmap(0.0)) > _luminance(cmap(1.0)) + _FLIP_MARGIN:
        artist.set_cmap(_reversed_cmap(cmap))
        undo.append(lambda: artist.set_cmap(cmap))


def figure_png(fig: Figure, theme: Theme = "light") -> bytes:
    """Render ``fig`` as PNG bytes for one theme.

    The PNG is cropped to the drawn content (like Jupyter's inline display)
    at the figure's own dpi; the figure is left as it was.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to render.
    theme : {"light", "dark"}, optional
        Which rendering.

    Returns
    -------
    bytes
        A PNG file.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib figure.
    ValueError
        If ``theme`` is not ``"light"`` or ``"dark"``.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> figure_png(fig, "dark")[:4]
    b'\\x89PNG'
    >>> plt.close(fig)
    """
    _check_figure(fig)
    if theme not in ("light", "dark"):
        msg = f'`theme` must be "light" or "dark"; got {theme!r}'
        raise ValueError(msg)
    buffer = io.BytesIO()

    def save() -> None:
        fig.savefig(
            buffer,
            format="png",
            dpi=fig.dpi,
            bbox_inches="tight",
            facecolor=fig.get_facecolor(),
            edgecolor=fig.get_edgecolor(),
        )

    if theme == "dark":
        with dark_variant(fig):
            save()
    else:
        save()
    return buffer.getvalue()


_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunks(png: bytes, name: str) -> list[tuple[bytes, bytes]]:
    """The ``(type, data)`` chunks of a PNG file, or an error naming ``name``."""
    if not isinstance(png, (bytes, bytearray)) or not png.startswith(_SIGNATURE):
        msg = f"`{name}` must be the bytes of a PNG file"
        raise ValueError(msg)
    chunks = []
    position = len(_SIGNATURE)
    while position < len(png):
        if position + 12 > len(png):
            msg = f"`{name}` is a truncated PNG file"
            raise ValueError(msg)
        length = int.from_bytes(png[position : position + 4], "big")
        kind = bytes(png[position + 4 : position + 8])
        data = bytes(png[position + 8 : position + 8 + length])
        chunks.append((kind, data))
        position += 12 + length
    return chunks


def _png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = bytearray(_SIGNATURE)
    for kind, data in chunks:
        out += len(data).to_bytes(4, "big") + kind + data
        out += zlib.crc32(kind + data).to_bytes(4, "big")
    return bytes(out)


def themed_png(fig: Figure) -> bytes:
    """The light PNG of ``fig`` carrying its dark rendering inside.

    The dark PNG travels in a private ancillary chunk (:data:`DARK_CHUNK`),
    which image viewers ignore: a notebook shows the light figure, and the
    book's build takes the pair apart with :func:`split_themed_png`.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, drawn in the light house style.

    Returns
    -------
    bytes
        A PNG file.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib figure.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> light, dark = split_themed_png(themed_png(fig))
    >>> light == figure_png(fig, "light"), dark == figure_png(fig, "dark")
    (True, True)
    >>> plt.close(fig)
    """
    light = _chunks(figure_png(fig, "light"), "light")
    dark = figure_png(fig, "dark")
    return _png([*light[:-1], (DARK_CHUNK, dark), light[-1]])


def split_themed_png(png: bytes) -> tuple[bytes, bytes | None]:
    """Take a PNG from :func:`themed_png` apart into its light and dark PNGs.

    Parameters
    ----------
    png : bytes
        A PNG file.

    Returns
    -------
    light : bytes
        The PNG without the dark rendering.
    dark : bytes or None
        The dark rendering, or ``None`` if ``png`` does not carry one.

    Raises
    ------
    ValueError
        If ``png`` is not a PNG file.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> plain = figure_png(fig)
    >>> split_themed_png(plain) == (plain, None)
    True
    >>> plt.close(fig)
    """
    chunks = _chunks(png, "png")
    dark = [data for kind, data in chunks if kind == DARK_CHUNK]
    if not dark:
        return bytes(png), None
    if len(dark) > 1:
        msg = "`png` carries more than one dark rendering"
        raise ValueError(msg)
    return _png([(kind, data) for kind, data in chunks if kind != DARK_CHUNK]), dark[0]


def install_themed_display() -> bool:
    """Make the running IPython kernel display figures with :func:`themed_png`.

    Does nothing (and returns ``False``) outside IPython or unless the
    environment variable ``AIMATH_THEMED_FIGURES`` is ``"1"``, so notebooks
    run anywhere else display figures as usual. Idempotent.

    Returns
    -------
    bool
        Whether the themed display is installed.

    Examples
    --------
    >>> install_themed_display()  # not in a notebook kernel
    False
    """
    if os.environ.get("AIMATH_THEMED_FIGURES") != "1":
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the docs extra
        return False
    shell = get_ipython()
    if shell is None:
        return False
    # matplotlib-inline selects its own figure formats when pyplot first loads
    # its backend, which can happen inside any later cell: claim the PNG
    # formatter now, and again just before the end-of-cell figure display
    plt.close(plt.figure())  # loads the backend now, so that a display mid-cell is ours
    _use_themed_formatter(shell)
    callbacks = shell.events.callbacks["post_execute"]
    callbacks[:] = [cb for cb in callbacks if getattr(cb, "__name__", "") != "_claim"]

    def _claim() -> None:
        _use_themed_formatter(shell)

    callbacks.insert(0, _claim)
    return True


def _use_themed_formatter(shell: Any) -> None:
    shell.display_formatter.formatters["image/png"].for_type(Figure, _display_png)


def _display_png(fig: Figure) -> bytes | None:
    """IPython's PNG formatter for figures: both themes, nothing for empty figures."""
    if not fig.axes and not fig.lines:
        return None
    return themed_png(fig)
