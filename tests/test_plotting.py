"""Tests for aimath.plotting: the house style and the shared drawing primitives.

Each topic's figures are tested with the topic, in ``tests/test_<topic>.py``.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Annotation

from aimath.plotting import COLORS, STYLE, draw_arrow, use_book_style


def test_use_book_style_applies_style() -> None:
    with mpl.rc_context():  # restore the global rcParams afterwards
        use_book_style()
        for key in ("figure.facecolor", "axes.facecolor", "axes.spines.top", "svg.hashsalt"):
            assert mpl.rcParams[key] == STYLE[key]
        fig = plt.figure()
        # opaque white background, readable on a dark page
        assert mpl.colors.to_rgba(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)


def test_draw_arrow_goes_from_start_to_end_with_its_label() -> None:
    fig, ax = plt.subplots()
    draw_arrow(ax, [1.0, 1.0], [3.0, -2.0], COLORS["green"], label="d", linestyle="--")
    (arrow,) = [t for t in ax.texts if isinstance(t, Annotation)]
    assert arrow.xy == (3.0, -2.0)  # tip
    assert arrow.xyann == (1.0, 1.0)  # tail
    (label,) = [t for t in ax.texts if t is not arrow]
    assert label.get_text() == "d"
    # the label sits beyond the tip, along the arrow's direction
    direction = np.array([2.0, -3.0])
    offset = np.array(label.get_position()) - np.array([3.0, -2.0])
    assert offset @ direction > 0
    plt.close(fig)


def test_palette_colours_are_distinct_hex_codes() -> None:
    assert len(set(COLORS.values())) == len(COLORS)
    assert all(c.startswith("#") and len(c) == 7 for c in COLORS.values())
    assert STYLE["figure.facecolor"] == "white"  # readable on the dark theme


@pytest.mark.parametrize(
    ("bad", "exc", "message"),
    [
        ([np.nan, 1.0], ValueError, "must contain only finite numbers"),
        ([1.0, np.inf], ValueError, "must contain only finite numbers"),
        ([], ValueError, "must not be empty"),
        ([1.0, 2.0, 3.0], ValueError, r"must be a point of the plane \(length 2\); got length 3"),
        ([1.0], ValueError, r"must be a point of the plane \(length 2\); got length 1"),
        ([[1.0, 2.0]], ValueError, "must be a 1-D vector"),
        ("abc", TypeError, "must be array-like of numbers"),
        (None, TypeError, "must be array-like of numbers"),
        ({"a": 1.0}, TypeError, "must be array-like of numbers"),
        (np.array([1.0, 2.0]) + 0.5j, TypeError, "must be array-like of numbers"),
        (np.array([None, 2.0], dtype=object), TypeError, "must be array-like of numbers"),
    ],
    ids=[
        "nan",
        "inf",
        "empty",
        "length-3",
        "length-1",
        "matrix",
        "str",
        "None",
        "dict",
        "complex",
        "object-with-None",
    ],
)
@pytest.mark.parametrize("name", ["start", "end"])
def test_draw_arrow_rejects_bad_points(
    name: str, bad: object, exc: type[Exception], message: str
) -> None:
    fig, ax = plt.subplots()
    points: dict[str, object] = {"start": [0.0, 0.0], "end": [1.0, 2.0], name: bad}
    try:
        with pytest.raises(exc, match=f"`{name}` " + message):
            draw_arrow(ax, color=COLORS["blue"], label="v", **points)  # type: ignore[arg-type]
        assert len(ax.texts) == 0  # nothing half-drawn
    finally:
        plt.close(fig)
