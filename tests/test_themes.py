"""The light and dark renderings of figures (aimath.plotting.themes)."""

from __future__ import annotations

import colorsys
import io
import itertools
from collections.abc import Iterator
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure

from aimath.plotting import COLORS, STYLE, use_book_style
from aimath.plotting.themes import (
    DARK_BACKGROUND,
    DARK_CHUNK,
    DARK_INK,
    dark_color,
    dark_colors,
    dark_variant,
    figure_png,
    install_themed_display,
    split_themed_png,
    themed_png,
)


def _luminance(color: object) -> float:
    """WCAG relative luminance."""
    channels: np.ndarray = np.array(to_rgba(color)[:3])  # type: ignore[arg-type]
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def _contrast(a: object, b: object) -> float:
    """WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _pixels(png: bytes) -> np.ndarray:
    return plt.imread(io.BytesIO(png))


@pytest.fixture
def drawn() -> Iterator[Figure]:
    """A figure with the artists the book uses: lines, text, a legend, a scatter, a fill."""
    use_book_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0, 1, 0], color=COLORS["blue"], label="data")
    ax.axhline(0.5, color="black", linewidth=1)
    ax.scatter([0.5, 1.5], [0.2, 0.4], color=COLORS["orange"])
    ax.fill_between([0, 2], [0, 0], [0.1, 0.1], color=COLORS["green"], alpha=0.3)
    ax.annotate("peak", xy=(1, 1), xytext=(1.5, 0.8), arrowprops={"arrowstyle": "->"})
    ax.set_title("title")
    ax.legend()
    yield fig
    plt.close(fig)


# -- the colour map -------------------------------------------------------------------


def test_paper_and_ink_swap_places() -> None:
    # by construction: white is the light page, black its text
    assert to_hex(dark_color("white")) == DARK_BACKGROUND
    assert to_hex(dark_color("black")) == DARK_INK


def test_greys_keep_their_order_reversed() -> None:
    greys = np.linspace(0.0, 1.0, 11)
    mapped = [_luminance(dark_color((g, g, g))) for g in greys]
    # lighter on the light page -> darker on the dark page, strictly
    assert all(a > b for a, b in itertools.pairwise(mapped))


@pytest.mark.parametrize("name", [n for n in COLORS if n != "grey"])
def test_palette_keeps_its_hue_and_stands_out_on_the_dark_page(name: str) -> None:
    light = to_rgba(COLORS[name])
    dark = dark_color(COLORS[name])
    hue_light = colorsys.rgb_to_hls(*light[:3])[0]
    hue_dark = colorsys.rgb_to_hls(*dark[:3])[0]
    # only the lightness is lifted, so the hue is unchanged up to rounding
    assert hue_dark == pytest.approx(hue_light, abs=1e-9)
    # WCAG asks 3:1 for graphical objects; the light page gives Okabe-Ito about that
    assert _contrast(dark, DARK_BACKGROUND) >= 3.0
    assert _contrast(dark, DARK_BACKGROUND) >= _contrast(light, "white") - 0.5


def test_text_of_the_house_style_is_readable_on_the_dark_page() -> None:
    for key in ("axes.labelcolor", "xtick.color", "axes.edgecolor"):
        # WCAG AA for text: 4.5:1
        assert _contrast(dark_color(STYLE[key]), DARK_BACKGROUND) >= 4.5


def test_alpha_is_kept() -> None:
    assert dark_color((0.2, 0.4, 0.6, 0.25))[3] == 0.25
    np.testing.assert_array_equal(dark_colors(np.array([[0.0, 0.0, 0.0, 0.7]]))[:, 3], [0.7])


def test_dark_colors_is_dark_color_row_by_row() -> None:
    rows = np.array([to_rgba(c) for c in COLORS.values()])
    expected = np.array([dark_color(c) for c in COLORS.values()])
    np.testing.assert_array_equal(dark_colors(rows), expected)


@pytest.mark.parametrize("bad", ["not a colour", (0.1, 0.2), (np.nan, 0.0, 0.0), 3j])
def test_dark_color_rejects_non_colours(bad: object) -> None:
    with pytest.raises(ValueError, match="`color` must be a matplotlib colour"):
        dark_color(bad)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.zeros((2, 3)), r"`colors` must be an \(n, 4\) array of RGBA values; got shape"),
        (np.zeros(4), "got shape"),
        (np.full((1, 4), 2.0), r"`colors` must hold RGBA values in \[0, 1\]"),
        (np.full((1, 4), np.nan), "`colors` must contain only finite numbers"),
    ],
)
def test_dark_colors_rejects_bad_arrays(bad: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dark_colors(bad)  # type: ignore[arg-type]


# -- recolouring a figure ---------------------------------------------------------------


def test_dark_variant_recolours_and_then_restores_everything(drawn: Figure) -> None:
    before = figure_png(drawn, "light")
    ax = drawn.axes[0]
    title = ax.title.get_color()
    with dark_variant(drawn):
        assert to_hex(drawn.patch.get_facecolor()) == DARK_BACKGROUND
        assert ax.title.get_color() == dark_color(title)
        assert to_hex(ax.lines[1].get_color()) == DARK_INK  # the black reference line
        assert ax.lines[0].get_color() == dark_color(COLORS["blue"])
    # the light rendering is byte-for-byte what it was
    assert figure_png(drawn, "light") == before


def test_dark_rendering_is_drawn_on_the_dark_page(drawn: Figure) -> None:
    light = _pixels(figure_png(drawn, "light"))
    dark = _pixels(figure_png(drawn, "dark"))
    assert light.shape == dark.shape
    # the top-left corner is background in both
    np.testing.assert_allclose(light[0, 0, :3], 1.0)
    np.testing.assert_allclose(dark[0, 0, :3], to_rgba(DARK_BACKGROUND)[:3], atol=1 / 255)
    # mostly dark: most pixels are background
    assert _luminance(tuple(np.median(dark[..., :3].reshape(-1, 3), axis=0))) < 0.05


def test_colormaps_that_start_light_are_reversed_the_others_kept() -> None:
    fig, (left, middle, right) = plt.subplots(1, 3)
    ink_on_paper = left.imshow(np.eye(3), cmap="gray_r")  # white background: flipped
    dark_start = middle.imshow(np.eye(3), cmap="gray")  # black background: kept
    x, y = np.meshgrid(np.linspace(-1, 1, 20), np.linspace(-1, 1, 20))
    density = right.contourf(x, y, np.exp(-(x**2) - y**2), cmap="Blues")
    field = right.imshow(np.eye(3), cmap="viridis")
    with dark_variant(fig):
        assert ink_on_paper.get_cmap().name == "gray"
        assert dark_start.get_cmap().name == "gray"
        assert density.get_cmap().name == "Blues_r"
        assert field.get_cmap().name == "viridis"
    assert ink_on_paper.get_cmap().name == "gray_r"
    assert density.get_cmap().name == "Blues"
    plt.close(fig)


def test_colormapped_scatter_keeps_its_colours() -> None:
    fig, ax = plt.subplots()
    points = ax.scatter([0, 1, 2], [0, 1, 2], c=[0.0, 0.5, 1.0], cmap="viridis")
    fig.canvas.draw()
    before = np.array(points.get_facecolor(), copy=True)
    with dark_variant(fig):
        fig.canvas.draw()
        np.testing.assert_array_equal(points.get_facecolor(), before)
    plt.close(fig)


def test_dark_colors_rejects_non_numbers() -> None:
    with pytest.raises(TypeError, match="`colors` must be array-like of numbers"):
        dark_colors([["a", "b", "c", "d"]])


def test_dark_variant_needs_a_figure() -> None:
    with pytest.raises(TypeError, match="`fig` must be a matplotlib Figure; got list"):
        dark_variant([]).__enter__()  # type: ignore[arg-type]


# -- carrying the pair in one PNG ----------------------------------------------------------


def test_themed_png_is_the_light_png_carrying_the_dark_one(drawn: Figure) -> None:
    both = themed_png(drawn)
    light, dark = split_themed_png(both)
    assert light == figure_png(drawn, "light")
    assert dark == figure_png(drawn, "dark")
    # an image viewer sees the light figure
    np.testing.assert_array_equal(_pixels(both), _pixels(light))
    assert DARK_CHUNK in both


def test_split_of_a_plain_png_has_no_dark_rendering(drawn: Figure) -> None:
    plain = figure_png(drawn)
    assert split_themed_png(plain) == (plain, None)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (b"GIF89a", "`png` must be the bytes of a PNG file"),
        ("text", "`png` must be the bytes of a PNG file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "`png` is a truncated PNG file"),
    ],
)
def test_split_rejects_what_is_not_a_png(bad: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        split_themed_png(bad)


def test_split_rejects_two_dark_renderings(drawn: Figure) -> None:
    both = themed_png(drawn)
    _, dark = split_themed_png(both)
    assert dark is not None
    twice = themed_png(drawn)
    end = twice.rindex(b"IEND") - 4
    chunk = both[both.index(DARK_CHUNK) - 4 : both.index(DARK_CHUNK) + 8 + len(dark)]
    with pytest.raises(ValueError, match="`png` carries more than one dark rendering"):
        split_themed_png(twice[:end] + chunk + twice[end:])


def test_figure_png_rejects_bad_arguments(drawn: Figure) -> None:
    with pytest.raises(TypeError, match="`fig` must be a matplotlib Figure"):
        figure_png("fig")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='`theme` must be "light" or "dark"'):
        figure_png(drawn, "sepia")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="`fig` must be a matplotlib Figure"):
        themed_png(None)  # type: ignore[arg-type]


def test_outside_a_kernel_figures_display_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    monkeypatch.setenv("AIMATH_THEMED_FIGURES", "1")
    assert install_themed_display() is False  # no IPython shell running
    monkeypatch.delenv("AIMATH_THEMED_FIGURES")
    assert install_themed_display() is False


class _Shell:
    """The two parts of an IPython shell the themed display touches."""

    def __init__(self) -> None:
        from IPython.core.events import EventManager, available_events
        from IPython.core.formatters import PNGFormatter

        self.events = EventManager(self, available_events)  # type: ignore[arg-type]
        self.display_formatter = SimpleNamespace(formatters={"image/png": PNGFormatter()})


def test_in_the_book_kernel_figures_display_in_both_themes(
    monkeypatch: pytest.MonkeyPatch, drawn: Figure
) -> None:
    import IPython

    shell = _Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    monkeypatch.setenv("AIMATH_THEMED_FIGURES", "1")
    assert install_themed_display() is True
    assert install_themed_display() is True  # idempotent: one hook, not two
    hooks = shell.events.callbacks["post_execute"]
    assert len(hooks) == 1
    png_formatter = shell.display_formatter.formatters["image/png"]
    _, dark = split_themed_png(png_formatter(drawn))
    assert dark == figure_png(drawn, "dark")
    # someone (matplotlib-inline) re-selects its own PNG formatter; the hook that
    # runs before the end-of-cell display claims it back
    png_formatter.for_type(Figure, lambda fig: figure_png(fig))
    assert split_themed_png(png_formatter(drawn))[1] is None
    hooks[0]()
    assert split_themed_png(png_formatter(drawn))[1] == dark
    # an empty figure displays nothing, as in Jupyter
    empty = plt.figure()
    assert png_formatter(empty) is None
    plt.close(empty)
