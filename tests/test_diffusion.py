"""Tests for aimath.plotting.diffusion: the figures draw the data they are given."""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.testing import assert_allclose, assert_array_equal
from strategies import FAST

from aimath.generative import alpha_bars, beta_schedule, q_sample
from aimath.plotting.diffusion import (
    GROUP_COLORS,
    NOISE_COLOR,
    SAMPLE_COLOR,
    moving_average,
    plot_forward_process,
    plot_loss_curve,
    plot_reverse_process,
    plot_samples,
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


RNG = np.random.default_rng(0)
X0 = RNG.standard_normal((30, 2))
LABELS = (RNG.random(30) < 0.5).astype(int)


def scatters(fig: Figure) -> list[PathCollection]:
    """The scatter collection of every panel, in panel order."""
    found = []
    for ax in fig.axes:
        (collection,) = [c for c in ax.collections if isinstance(c, PathCollection)]
        found.append(collection)
    return found


def facecolors(collection: PathCollection) -> np.ndarray:
    """The RGB face colour of each drawn point (one row if all share a colour)."""
    return np.asarray(collection.get_facecolor(), dtype=float)[:, :3]


def rgb(colour: str) -> np.ndarray:
    return np.array(to_rgba(colour)[:3])


def titles(fig: Figure) -> list[str]:
    return [ax.get_title() for ax in fig.axes]


# -- moving_average ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "window", "expected"),
    [
        ([1.0, 2.0, 3.0, 4.0], 2, [1.5, 2.5, 3.5]),  # by hand: (1+2)/2, (2+3)/2, (3+4)/2
        ([1.0, 2.0, 3.0, 4.0], 4, [2.5]),  # one window: the mean
        ([5.0, -1.0, 2.0], 1, [5.0, -1.0, 2.0]),  # a window of one changes nothing
        ([0.0, 3.0, 0.0, 3.0], 3, [1.0, 2.0]),  # by hand: 3/3, 6/3
    ],
)
def test_moving_average_reference_values(
    values: list[float], window: int, expected: list[float]
) -> None:
    # sums of at most four small integers and halves: exact in binary floating point
    assert_array_equal(moving_average(values, window), expected)


@FAST
@given(
    arrays(np.float64, st.integers(1, 40), elements=st.floats(-1e3, 1e3)),
    st.integers(1, 40),
)
def test_moving_average_matches_numpy_convolve(values: np.ndarray, window: int) -> None:
    window = min(window, values.size)
    expected = np.convolve(values, np.ones(window) / window, mode="valid")
    # cumulative sums of <= 40 values up to 1e3: rounding <= 40 * 1e3 * 2.2e-16 ~ 1e-11,
    # amplified by nothing worse than the subtraction of two such sums
    assert_allclose(moving_average(values, window), expected, rtol=0, atol=1e-9)


@FAST
@given(arrays(np.float64, st.integers(2, 30), elements=st.floats(-1e3, 1e3)))
def test_moving_average_stays_between_min_and_max(values: np.ndarray) -> None:
    smooth = moving_average(values, 2)
    # a mean lies between the extremes; 1e-9 absorbs the rounding of the cumulative sum
    assert np.all(smooth >= values.min() - 1e-9)
    assert np.all(smooth <= values.max() + 1e-9)


@pytest.mark.parametrize(
    ("values", "window", "exc", "message"),
    [
        ([1.0, 2.0], 3, ValueError, "`window` must be at most the number of values (2)"),
        ([1.0, 2.0], 0, ValueError, "`window` must be at least 1"),
        ([1.0, 2.0], 1.5, TypeError, "`window` must be an integer"),
        ([[1.0, 2.0]], 1, ValueError, "`values` must be a 1-D vector"),
        ([1.0, np.nan], 1, ValueError, "`values` must contain only finite numbers"),
    ],
)
def test_moving_average_rejects_bad_input(
    values: object, window: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        moving_average(values, window)  # type: ignore[arg-type]


# -- plot_forward_process -----------------------------------------------------------


def test_forward_process_draws_q_sample_points_with_alpha_bar_titles() -> None:
    betas = beta_schedule(10, beta_start=0.01, beta_end=0.2)
    alpha_bar = alpha_bars(betas)
    eps = np.random.default_rng(1).standard_normal(X0.shape)
    steps = [2, 5, 10]
    noised = [q_sample(X0, t, alpha_bar, eps) for t in steps]
    shown = alpha_bar[np.array(steps) - 1]
    fig = plot_forward_process(X0, noised, steps, shown, labels=LABELS)
    drawn = [np.asarray(c.get_offsets()) for c in scatters(fig)]
    assert_array_equal(drawn[0], X0)
    for t, a, points in zip(steps, shown, drawn[1:], strict=True):
        # the drawn points satisfy eq. x_t = sqrt(abar) x0 + sqrt(1 - abar) eps: recover eps
        # (a few float64 roundings on values of order 1)
        assert_allclose((points - np.sqrt(a) * X0) / np.sqrt(1 - a), eps, rtol=0, atol=1e-12)
        assert f"$t = {t}$" in titles(fig)[steps.index(t) + 1]
        assert f"{a:.3g}" in titles(fig)[steps.index(t) + 1]
    assert titles(fig)[0] == "$t = 0$ (data)"
    assert all(ax.get_xlabel() for ax in fig.axes)
    assert fig.axes[0].get_ylabel()


def test_forward_process_colours_points_by_group_and_shares_a_window() -> None:
    far = [3.0 * X0]
    fig = plot_forward_process(X0, far, [4], [0.5], labels=LABELS)
    for collection in scatters(fig):
        expected = np.array([rgb(GROUP_COLORS[g]) for g in LABELS])
        assert_allclose(facecolors(collection), expected)
    reach = np.abs(3.0 * X0).max()
    for ax in fig.axes:
        low, high = ax.get_xlim()
        assert low <= -reach  # every panel shows every point
        assert high >= reach
        assert ax.get_ylim() == (low, high)


def test_forward_process_lays_out_three_panels_per_row() -> None:
    fig = plot_forward_process(X0, [X0] * 4, [1, 2, 3, 4], [0.9, 0.8, 0.7, 0.6])
    assert len(fig.axes) == 5  # the unused sixth cell of the 2 x 3 grid is removed
    fig.canvas.draw()
    rows = [round(ax.get_position().y0, 3) for ax in fig.axes]
    assert rows[0] == rows[1] == rows[2] > rows[3] == rows[4]


def test_forward_process_without_labels_uses_one_colour() -> None:
    fig = plot_forward_process(X0, [X0], [1], [1.0])
    assert_allclose(facecolors(scatters(fig)[0]), rgb(GROUP_COLORS[0])[None, :])


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"steps": [0]}, ValueError, "`steps[0]` must be at least 1"),
        (
            {"steps": [1, 2]},
            ValueError,
            "`steps` and `noised` must have the same length, one step per point cloud; got 2 steps",
        ),
        ({"steps": "1"}, TypeError, "`steps` must be a sequence of integers"),
        ({"steps": [1.5]}, TypeError, "`steps[0]` must be an integer"),
        ({"noised": [X0[:5]]}, ValueError, "`noised[0]` must have the shape of `x0`"),
        ({"noised": []}, TypeError, "`noised` must be a non-empty sequence"),
        ({"noised": [X0[:, :1]]}, ValueError, "`noised[0]` must be an array of points"),
        ({"x0": np.zeros(4)}, ValueError, "`x0` must be an array of points of shape (n, 2)"),
        ({"alpha_bar_values": [1.5]}, ValueError, "`alpha_bar_values` must lie in [0, 1]"),
        ({"alpha_bar_values": [0.5, 0.2]}, ValueError, "must hold one value per step (1)"),
        ({"labels": LABELS[:3]}, ValueError, "`labels` must have one entry per point (30)"),
        ({"labels": LABELS + 1}, ValueError, "`labels` must hold only 0 and 1"),
    ],
)
def test_forward_process_rejects_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    args: dict[str, object] = {
        "x0": X0, "noised": [X0], "steps": [1], "alpha_bar_values": [0.5], "labels": None,
    }  # fmt: skip
    args.update(kwargs)
    with pytest.raises(exc, match=re.escape(message)):
        plot_forward_process(**args)  # type: ignore[arg-type]


# -- plot_reverse_process -----------------------------------------------------------


def test_reverse_process_draws_each_snapshot_in_order() -> None:
    snaps = [2.0 * X0, 1.5 * X0, X0]
    fig = plot_reverse_process(snaps, [50, 10, 0])
    for collection, snap in zip(scatters(fig), snaps, strict=True):
        assert_array_equal(collection.get_offsets(), snap)
        assert_allclose(facecolors(collection), rgb(SAMPLE_COLOR)[None, :])
    assert titles(fig) == ["$t = 50$ (noise)", "$t = 10$", "$t = 0$ (samples)"]


def test_reverse_process_accepts_a_3d_array_and_numpy_steps() -> None:
    fig = plot_reverse_process(np.stack([X0, X0]), np.array([3, 1]))
    assert titles(fig) == ["$t = 3$ (noise)", "$t = 1$"]  # no t = 0 panel: no "samples"


@pytest.mark.parametrize(
    ("snapshots", "steps", "exc", "message"),
    [
        ([X0, X0], [1, 1], ValueError, "`steps` must be strictly decreasing"),
        ([X0, X0], [0, 1], ValueError, "`steps` must be strictly decreasing"),
        ([X0], [-1], ValueError, "`steps[0]` must be at least 0"),
        ([X0], [2, 1], ValueError, "`steps` and `snapshots` must have the same length"),
        ("points", [1], TypeError, "`snapshots` must be a non-empty sequence"),
        ([np.full((3, 2), np.inf)], [1], ValueError, "`snapshots[0]` must contain only finite"),
    ],
)
def test_reverse_process_rejects_bad_input(
    snapshots: object, steps: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_reverse_process(snapshots, steps)  # type: ignore[arg-type]


# -- plot_samples ---------------------------------------------------------------------


def test_samples_draws_data_samples_and_noise_side_by_side() -> None:
    noise = np.random.default_rng(2).standard_normal((20, 2))
    fig = plot_samples(X0, 0.5 * X0, noise)
    drawn = scatters(fig)
    assert_array_equal(drawn[0].get_offsets(), X0)
    assert_array_equal(drawn[1].get_offsets(), 0.5 * X0)
    assert_array_equal(drawn[2].get_offsets(), noise)
    expected_colours = [GROUP_COLORS[0], SAMPLE_COLOR, NOISE_COLOR]
    for collection, colour in zip(drawn, expected_colours, strict=True):
        assert_allclose(facecolors(collection), rgb(colour)[None, :])
    assert titles(fig) == ["held-out data", "generated samples", "pure noise"]
    limits = {ax.get_xlim() for ax in fig.axes}
    assert len(limits) == 1  # one common window, so the panels can be compared


def test_samples_without_noise_has_two_panels_and_custom_titles() -> None:
    fig = plot_samples(X0, X0, titles=("a", "b"))
    assert titles(fig) == ["a", "b"]


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"titles": ("only one",)}, ValueError, "`titles` must hold 2 titles"),
        ({"titles": "ab"}, ValueError, "`titles` must hold 2 titles"),
        ({"samples": np.zeros((3, 3))}, ValueError, "`samples` must be an array of points"),
        ({"noise": "noise"}, TypeError, "`noise` must be array-like"),
        ({"data": [[np.nan, 0.0]]}, ValueError, "`data` must contain only finite numbers"),
    ],
)
def test_samples_rejects_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    args: dict[str, object] = {"data": X0, "samples": X0}
    args.update(kwargs)
    with pytest.raises(exc, match=re.escape(message)):
        plot_samples(**args)  # type: ignore[arg-type]


# -- plot_loss_curve --------------------------------------------------------------------


def line_labelled(fig: Figure, label: str) -> Line2D:
    (line,) = [ln for ln in fig.axes[0].lines if ln.get_label() == label]
    return line


def test_loss_curve_draws_raw_smoothed_and_reference() -> None:
    losses = 1.0 / np.arange(1.0, 51.0) + 0.1  # a decreasing positive curve
    fig = plot_loss_curve(losses, window=10, reference=1.0, reference_label="trivial")
    raw = line_labelled(fig, "loss per step")
    assert_array_equal(raw.get_xdata(), np.arange(50))
    assert_array_equal(raw.get_ydata(), losses)
    smooth = line_labelled(fig, "moving average of 10 steps")
    # the window ending at step k: steps 9..49; values by numpy's convolution
    assert_array_equal(smooth.get_xdata(), np.arange(9, 50))
    expected = np.convolve(losses, np.ones(10) / 10, mode="valid")
    assert_allclose(
        np.asarray(smooth.get_ydata(), float), expected, rtol=1e-13
    )  # 10-term sums, a few ulp
    ref = line_labelled(fig, "trivial")
    assert_array_equal(ref.get_ydata(), [1.0, 1.0])
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel()
    assert ax.get_ylabel()


def test_loss_curve_without_reference_has_two_lines() -> None:
    fig = plot_loss_curve([1.0, 0.5, 0.25], window=1)
    assert len(fig.axes[0].lines) == 2


@pytest.mark.parametrize(
    ("losses", "kwargs", "exc", "message"),
    [
        ([1.0, 0.0], {"window": 1}, ValueError, "`losses` must be positive"),
        ([1.0, 0.5], {"window": 3}, ValueError, "`window` must be at most"),
        ([1.0, 0.5], {"window": 1, "reference": -1.0}, ValueError, "`reference` must be a pos"),
        ([1.0, 0.5], {"window": 1, "reference": "one"}, TypeError, "`reference` must be a real"),
        ("loss", {"window": 1}, TypeError, "`losses` must be array-like"),
    ],
)
def test_loss_curve_rejects_bad_input(
    losses: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_loss_curve(losses, **kwargs)  # type: ignore[arg-type]
