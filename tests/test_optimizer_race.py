"""Tests for aimath.plotting.optimizer_race: the race's rules, its table and its figures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.axes import Axes
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from numpy.testing import assert_allclose, assert_array_equal
from scipy.optimize import rosen
from strategies import FAST

from aimath.optim import (
    Adam,
    GradientDescent,
    Momentum,
    optimize,
    rosenbrock_gradient,
    rosenbrock_grid,
    steps_to_tolerance,
)
from aimath.plotting.optimizer_race import (
    RACER_COLORS,
    RACER_MARKERS,
    Course,
    RaceResult,
    pick_learning_rate,
    plot_race_losses,
    plot_race_trajectories,
    plot_rate_check,
    race_results,
    race_table,
    settling_step,
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def sphere(points: np.ndarray) -> np.ndarray:
    """f(x) = ||x||^2, vectorised over the last axis."""
    values: np.ndarray = np.sum(points**2, axis=-1)
    return values


def sphere_gradient(x: np.ndarray) -> np.ndarray:
    return 2.0 * x


BOWL = Course(
    "bowl", sphere, sphere_gradient, start=[1.0, 0.0], minimizer=[0.0, 0.0],
    xlim=(-2.0, 2.0), ylim=(-1.5, 1.5), n_steps=6, tol=1e-3,
)  # fmt: skip

BANANA = Course(
    "Rosenbrock", lambda p: rosenbrock_grid(p[..., 0], p[..., 1]), rosenbrock_gradient,
    start=[-1.2, 1.0], minimizer=[1.0, 1.0], xlim=(-2.0, 2.0), ylim=(-1.0, 3.0),
    n_steps=50, tol=1e-8,
)  # fmt: skip


def gd_path(lr: float, n: int = 6) -> np.ndarray:
    """Gradient descent on BOWL: x_k = (1 - 2 lr)^k x_0 (closed form)."""
    return np.outer((1.0 - 2.0 * lr) ** np.arange(n + 1), BOWL.start)


def lines_with_label(fig: Figure, label: str) -> list[Line2D]:
    return [line for ax in fig.axes for line in ax.lines if line.get_label() == label]


def xy(line: Line2D) -> np.ndarray:
    return np.column_stack(
        [np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)]
    )


# -- Course -----------------------------------------------------------------------------


def test_course_stores_checked_values() -> None:
    assert_array_equal(BOWL.start, [1.0, 0.0])
    assert BOWL.start.dtype == np.float64
    assert BOWL.xlim == (-2.0, 2.0)
    assert BOWL.optimum == 0.0
    assert BANANA.optimum == 0.0  # Rosenbrock's minimum 0 at (a, a^2) = (1, 1)
    # the loss is evaluated on grids and on whole paths in one call
    assert BOWL.values(np.zeros((3, 4, 2))).shape == (3, 4)
    assert_array_equal(BOWL.values([[1.0, 2.0], [3.0, 4.0]]), [5.0, 25.0])  # by hand


def test_rosenbrock_course_agrees_with_scipy() -> None:
    rng = np.random.default_rng(1)
    points = rng.uniform(-2.0, 2.0, size=(100, 2))
    # scipy.optimize.rosen takes the coordinates along axis 0; same formula, same floats
    # up to the order of two additions: a few ulp of values up to ~2500
    assert_allclose(BANANA.values(points), rosen(points.T), rtol=1e-14)


@pytest.mark.parametrize(
    ("changes", "exc", "message"),
    [
        ({"name": ""}, TypeError, "`name` must be a non-empty string"),
        ({"loss": 3.0}, TypeError, "`loss` must be callable"),
        ({"gradient": None}, TypeError, "`gradient` must be callable"),
        ({"start": [1.0, np.nan]}, ValueError, "`start` must contain only finite"),
        ({"start": [1.0, 2.0, 3.0]}, ValueError, "`start` must be a point of the plane"),
        ({"minimizer": "origin"}, TypeError, "`minimizer` must be array-like"),
        ({"xlim": (1.0, -1.0)}, ValueError, "`xlim` must be increasing"),
        ({"ylim": (0.0,)}, TypeError, "`ylim` must be a pair"),
        ({"ylim": (0.0, np.inf)}, ValueError, "`ylim` must be a finite number"),
        ({"n_steps": 2.5}, TypeError, "`n_steps` must be an integer"),
        ({"n_steps": 0}, ValueError, "`n_steps` must be at least 1"),
        ({"tol": -1e-3}, ValueError, "`tol` must be positive"),
        ({"tol": "small"}, TypeError, "`tol` must be a real number"),
        ({"loss": lambda p: 1.0}, ValueError, "`loss` must map points of shape (..., 2)"),
    ],
)
def test_course_rejects_bad_input(
    changes: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        replace(BOWL, **changes)  # type: ignore[arg-type]


def test_course_values_rejects_points_off_the_plane() -> None:
    with pytest.raises(ValueError, match=re.escape("`points` must have shape (..., 2)")):
        BOWL.values(np.zeros((4, 3)))


# -- settling_step ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "tol", "expected"),
    [
        ([4.0, 1.0, 0.25, 0.0625], 0.5, 2),  # monotone: the first crossing
        ([4.0, 0.1, 2.0, 0.1, 0.01], 0.5, 3),  # dips at 1, back above at 2, stays from 3
        ([0.1, 0.2, 0.3], 0.5, 0),  # below from the start
        ([4.0, 0.1, 2.0], 0.5, None),  # ends above
        ([1.0, 0.5, 0.4], 0.5, 2),  # strictly below: 0.5 is not < 0.5
    ],
)
def test_settling_step_reference_values(
    values: list[float], tol: float, expected: int | None
) -> None:
    assert settling_step(values, tol) == expected


@FAST
@given(
    arrays(np.float64, st.integers(1, 40), elements=st.floats(0.0, 10.0)),
    st.floats(0.01, 10.0),
)
def test_settling_step_is_where_the_tail_stays_below(values: np.ndarray, tol: float) -> None:
    k = settling_step(values, tol)
    if k is None:
        assert values[-1] >= tol
    else:
        assert np.all(values[k:] < tol)
        assert k == 0 or values[k - 1] >= tol
        first = steps_to_tolerance(values, tol)
        assert first is not None
        assert first <= k


@FAST
@given(arrays(np.float64, st.integers(1, 40), elements=st.floats(0.0, 10.0)), st.floats(0.01, 10.0))
def test_settling_equals_first_crossing_for_decreasing_sequences(
    values: np.ndarray, tol: float
) -> None:
    decreasing = np.sort(values)[::-1]
    assert settling_step(decreasing, tol) == steps_to_tolerance(decreasing, tol)


@pytest.mark.parametrize(
    ("values", "tol", "exc", "message"),
    [
        ([1.0, np.nan], 0.5, ValueError, "`values` must contain only finite"),
        ([[1.0, 0.1]], 0.5, ValueError, "`values` must be a 1-D vector"),
        ([], 0.5, ValueError, "`values` must not be empty"),
        ([1.0, 0.1], 0.0, ValueError, "`tol` must be positive"),
        ([1.0, 0.1], None, TypeError, "`tol` must be a real number"),
    ],
)
def test_settling_step_rejects_bad_input(
    values: object, tol: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        settling_step(values, tol)  # type: ignore[arg-type]


# -- pick_learning_rate ---------------------------------------------------------------------


def test_pick_learning_rate_prefers_the_earliest_settler() -> None:
    curves = {
        0.1: [1.0, 0.5, 0.2, 0.05, 0.01],  # settles at 3
        0.3: [1.0, 0.05, 0.5, 0.01, 0.01],  # first crossing at 1, settles at 3 too: tie
        1.0: [1.0, 0.01, 0.001, 0.5, 0.01],  # first crossing at 1, settles at 4
        3.0: None,  # diverged
    }
    # by hand with tol 0.1: settling steps 3, 3, 4; the tie goes to the smaller rate
    assert pick_learning_rate(curves, 0.1) == 0.1


def test_pick_learning_rate_without_finishers_takes_the_smallest_final_gap() -> None:
    curves = {0.01: [1.0, 0.9, 0.8], 0.1: [1.0, 0.02, 0.5], 1.0: [1.0, 0.6, 0.3]}
    # nobody is below 0.01 at the end; final gaps 0.8, 0.5, 0.3
    assert pick_learning_rate(curves, 0.01) == 1.0


def test_pick_learning_rate_on_gradient_descent_runs() -> None:
    # GD on ||x||^2 from (1, 0): f(x_k) = (1 - 2 lr)^(2k). lr = 0.5 jumps to the
    # minimum in one step; lr = 1 oscillates with |1 - 2 lr| = 1; lr = 1.5 diverges
    curves: dict[float, np.ndarray | None] = {
        lr: BOWL.values(gd_path(lr)) for lr in (0.05, 0.25, 0.5, 1.0)
    }
    curves[1.5] = None
    assert pick_learning_rate(curves, BOWL.tol) == 0.5


@pytest.mark.parametrize(
    ("curves", "tol", "exc", "message"),
    [
        ([0.1, 0.2], 0.1, TypeError, "`curves` must be a mapping"),
        ({}, 0.1, ValueError, "`curves` must hold at least one learning rate"),
        ({0.1: None, 1.0: None}, 0.1, ValueError, "at least one run that did not diverge"),
        ({-0.1: [1.0, 0.0]}, 0.1, ValueError, "learning rates (keys of `curves`) must be positive"),
        ({0.1: [1.0, np.inf]}, 0.1, ValueError, "`curves` must contain only finite"),
        ({0.1: [1.0, 0.0]}, 0.0, ValueError, "`tol` must be positive"),
        ({"fast": [1.0, 0.0]}, 0.1, TypeError, "`curves` must be a real number"),
    ],
)
def test_pick_learning_rate_rejects_bad_input(
    curves: object, tol: float, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        pick_learning_rate(curves, tol)  # type: ignore[arg-type]


# -- race_results and race_table ---------------------------------------------------------------


def test_race_results_of_gradient_descent_match_the_closed_form() -> None:
    lr = 0.25  # x_k = 0.5^k (1, 0), f(x_k) = 0.25^k: 1, 0.25, 0.0625, 0.0156, 0.0039, 0.00098
    path = optimize(GradientDescent([BOWL.start.copy()], lr=lr), BOWL.gradient, BOWL.n_steps)
    assert_allclose(path, gd_path(lr), rtol=0, atol=0)  # halvings are exact in binary
    result = race_results(BOWL, {"GD": path})["GD"]
    # 0.25^5 = 0.0009765625 < 1e-3 is the first gap below tol, and it stays below
    assert result == RaceResult(first=5, settled=5, final_gap=0.25**6, distance=0.5**6)


def test_race_results_score_an_oscillating_racer_by_its_settling_step() -> None:
    path = np.array([[1.0, 0.0], [0.01, 0.0], [0.5, 0.0], [0.001, 0.0], [0.0, 0.0]])
    result = race_results(BOWL, {"M": path})["M"]
    # gaps 1, 1e-4, 0.25, 1e-6, 0 (by hand): first below 1e-3 at 1, stays from 3
    assert (result.first, result.settled) == (1, 3)
    assert result.final_gap == 0.0
    assert result.distance == 0.0


def test_race_table_renders_results() -> None:
    paths = {"GD": gd_path(0.25), "slow": gd_path(0.01)}
    table = race_table(BOWL, paths, {"GD": 0.25, "slow": 0.01})
    lines = table.splitlines()
    assert lines[0] == (
        "| optimizer | η | first below tol | below tol from | final loss gap | final distance |"
    )
    assert lines[1] == "|---|---:|---:|---:|---:|---:|"
    # GD: 0.25^6 = 2.44e-04 and 0.5^6 = 1.5625e-02; slow: 0.98^12 = 0.785, 0.98^6 = 0.886
    assert lines[2] == "| GD | 0.25 | 5 | 5 | 2.44e-04 | 1.56e-02 |"
    assert lines[3] == "| slow | 0.01 | did not reach | did not reach | 7.85e-01 | 8.86e-01 |"


PATH = np.zeros((3, 2))  # a trajectory of three points


@pytest.mark.parametrize(
    ("course", "paths", "lrs", "exc", "message"),
    [
        ("bowl", {"GD": PATH}, {"GD": 0.1}, TypeError, "`course` must be a Course"),
        (BOWL, [PATH], {"GD": 0.1}, TypeError, "`trajectories` must be a mapping"),
        (BOWL, {}, {}, ValueError, "`trajectories` must hold between 1 and 8 racers"),
        (BOWL, {"GD": np.zeros((3, 3))}, {"GD": 0.1}, ValueError, "must have shape (n_steps + 1"),
        (BOWL, {"GD": PATH}, {"Adam": 0.1}, ValueError, "`lrs` must map exactly"),
        (BOWL, {"GD": PATH}, {"GD": np.nan}, ValueError, "`lrs['GD']` must be a finite number"),
        (BOWL, {1: PATH}, {1: 0.1}, TypeError, "keys of `trajectories` must be"),
    ],
)
def test_race_table_rejects_bad_input(
    course: object, paths: object, lrs: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        race_table(course, paths, lrs)  # type: ignore[arg-type]


def test_race_results_rejects_bad_input() -> None:
    message = "`trajectories['GD']` must contain only finite"
    with pytest.raises(ValueError, match=re.escape(message)):
        race_results(BOWL, {"GD": [[1.0, 0.0], [np.inf, 0.0]]})
    with pytest.raises(TypeError, match=re.escape("`course` must be a Course")):
        race_results(None, {"GD": gd_path(0.1)})  # type: ignore[arg-type]


# -- reference implementation: the race's racer is torch's optimizer --------------------------


def test_a_racer_on_rosenbrock_follows_torch_adam() -> None:
    lr = 10**-0.5  # a grid point of the page
    path = optimize(Adam([BANANA.start.copy()], lr=lr), BANANA.gradient, BANANA.n_steps)
    w = torch.tensor(BANANA.start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([w], lr=lr)
    expected = [w.detach().numpy().copy()]
    for _ in range(BANANA.n_steps):
        opt.zero_grad()
        loss = (1.0 - w[0]) ** 2 + 100.0 * (w[1] - w[0] ** 2) ** 2
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
        expected.append(w.detach().numpy().copy())
    # float64 on both sides, the same formula in a different order: differences
    # start at ~1e-16 and grow at most ~10x per 10 steps on this course
    assert_allclose(path, np.array(expected), rtol=1e-9, atol=1e-12)
    scores = race_results(BANANA, {"Adam": path, "torch": np.array(expected)})
    assert scores["Adam"].first == scores["torch"].first
    assert scores["Adam"].settled == scores["torch"].settled


# -- plot_race_trajectories --------------------------------------------------------------------


def test_overlay_draws_each_path_and_its_markers() -> None:
    paths = {"GD": gd_path(0.1), "Momentum": gd_path(0.3)}
    fig = plot_race_trajectories(BOWL, paths, overlay=True)
    ax = fig.axes[0]
    for i, (name, path) in enumerate(paths.items()):
        (line,) = lines_with_label(fig, name)
        assert_array_equal(xy(line), path)  # the plotted path is the trajectory
        assert line.get_color() == RACER_COLORS[i]
        assert line.get_marker() == RACER_MARKERS[i]
    ends = lines_with_label(fig, "last iterate")
    assert [tuple(xy(end)[0]) for end in ends] == [tuple(p[-1]) for p in paths.values()]
    (start,) = lines_with_label(fig, "start")
    assert_array_equal(xy(start), [BOWL.start])
    (best,) = lines_with_label(fig, "minimiser")
    assert_array_equal(xy(best), [BOWL.minimizer])
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["GD", "Momentum", "start", "minimiser"]
    assert ax.get_xlabel() == "$x_1$"
    assert ax.get_ylabel() == "$x_2$"
    assert ax.get_title() == "bowl"


def contour_levels_of(ax: Axes) -> list[ContourSet]:
    return [c for c in ax.collections if isinstance(c, ContourSet)]


def contour_levels(fig: Figure) -> list[np.ndarray]:
    return [np.asarray(c.levels) for ax in fig.axes for c in contour_levels_of(ax)]


def test_default_contour_levels_are_geometric_in_the_gap() -> None:
    fig = plot_race_trajectories(BANANA, {"GD": [[-1.2, 1.0], [-1.0, 1.0]]}, overlay=True)
    (levels,) = contour_levels(fig)
    gaps = levels - BANANA.optimum
    assert np.all(np.diff(levels) > 0)  # increasing
    ratios = gaps[1:] / gaps[:-1]
    assert_allclose(ratios, ratios[0], rtol=1e-12)  # geometric spacing (np.geomspace)
    # four decades below the top of the window: the largest value of the loss on the
    # grid corners, (1 + 2)^2 + 100 (3 - 4)^2 ... computed here on the same grid
    X, Y = np.meshgrid(np.linspace(-2, 2, 241), np.linspace(-1, 3, 241))
    top = rosen(np.stack([X, Y])).max()
    assert_allclose([gaps[0], gaps[-1]], [top * 1e-4, top], rtol=1e-12)


def test_explicit_levels_are_used() -> None:
    fig = plot_race_trajectories(BOWL, {"GD": gd_path(0.1)}, overlay=True, levels=[0.1, 0.5, 1.0])
    (levels,) = contour_levels(fig)
    assert_array_equal(levels, [0.1, 0.5, 1.0])


def test_panels_show_one_racer_each_with_a_legend_in_the_spare_panel() -> None:
    names = ["GD", "Momentum", "Nesterov", "AdaGrad", "RMSProp"]
    paths = {name: gd_path(0.05 * (i + 1)) for i, name in enumerate(names)}
    lrs = {name: 0.05 * (i + 1) for i, name in enumerate(names)}
    fig = plot_race_trajectories(BOWL, paths, lrs=lrs, ncols=3)
    panels = [ax for ax in fig.axes if ax.lines]
    assert len(panels) == 5  # a 2 x 3 grid, one panel spare
    for i, (ax, name) in enumerate(zip(panels, names, strict=True)):
        assert ax.get_title() == f"{name}, η = {lrs[name]:.3g}"
        (line,) = [li for li in ax.lines if li.get_label() == ax.get_title()]
        assert_array_equal(xy(line), paths[name])
        assert line.get_color() == RACER_COLORS[i]
        assert len(contour_levels_of(ax)) == 1  # every panel has the contour lines
    spare = [ax for ax in fig.axes if not ax.lines]
    assert len(spare) == 1
    legend = spare[0].get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["start", "minimiser", "last iterate"]
    assert legend.get_title().get_text() == "bowl"


def test_panels_without_a_spare_put_the_legend_below() -> None:
    paths = {f"r{i}": gd_path(0.1) for i in range(4)}
    fig = plot_race_trajectories(BOWL, paths, ncols=2)
    assert len(fig.axes) == 4
    assert all(ax.get_legend() is None for ax in fig.axes)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["start", "minimiser", "last iterate"]


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"course": "bowl"}, TypeError, "`course` must be a Course"),
        ({"trajectories": {}}, ValueError, "`trajectories` must hold between 1 and 8 racers"),
        ({"trajectories": {f"r{i}": gd_path(0.1) for i in range(9)}}, ValueError,
         "between 1 and 8 racers"),
        ({"trajectories": {"GD": np.zeros(4)}}, ValueError, "`trajectories['GD']` must be a 2-D"),
        ({"levels": [1.0, 0.5]}, ValueError, "`levels` must be strictly increasing"),
        ({"trajectories": {"GD": [[0.0, 0.0], [1.0, 1.0]]}}, ValueError,
         "`trajectories['GD']` must start at `course.start`"),
        ({"resolution": 1}, ValueError, "`resolution` must be an integer of at least 2"),
        ({"ncols": 0}, ValueError, "`ncols` must be a positive integer"),
        ({"lrs": {"Adam": 0.1}}, ValueError, "`lrs` must map exactly the racers"),
    ],
)  # fmt: skip
def test_trajectories_reject_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    args: dict[str, object] = {"course": BOWL, "trajectories": {"GD": gd_path(0.1)}, **kwargs}
    with pytest.raises(exc, match=re.escape(message)):
        plot_race_trajectories(**args)  # type: ignore[arg-type]


def test_constant_loss_has_no_contour_lines() -> None:
    flat = replace(BOWL, loss=lambda p: np.zeros(p.shape[:-1]))
    with pytest.raises(ValueError, match=re.escape("`course.loss` must vary over the window")):
        plot_race_trajectories(flat, {"GD": gd_path(0.1)})


# -- plot_race_losses ----------------------------------------------------------------------------


def test_losses_are_drawn_per_course_on_a_log_scale() -> None:
    gaps_bowl = {"GD": BOWL.values(gd_path(0.25)), "Adam": BOWL.values(gd_path(0.1))}
    gaps_banana = {"Adam": np.array([24.2, 4.0, 0.0, 1e-3]), "GD": np.array([24.2, 10.0])}
    fig = plot_race_losses([BOWL, BANANA], [gaps_bowl, gaps_banana])
    left, right = fig.axes
    assert (left.get_yscale(), right.get_yscale()) == ("log", "log")
    assert (left.get_title(), right.get_title()) == ("bowl", "Rosenbrock")
    for ax, table in ((left, gaps_bowl), (right, gaps_banana)):
        for name, gaps in table.items():
            (line,) = [li for li in ax.lines if li.get_label() == name]
            assert_array_equal(line.get_xdata(), np.arange(gaps.size))
            expected = np.where(gaps > 0, gaps, np.nan)  # an exact 0 has no logarithm
            assert_array_equal(np.asarray(line.get_ydata(), float), expected)
            # a racer keeps its colour in every panel: the order of the first course
            assert line.get_color() == RACER_COLORS[list(gaps_bowl).index(name)]
        (tol_line,) = [li for li in ax.lines if li.get_label() == "tolerance"]
        tol = {"bowl": BOWL.tol, "Rosenbrock": BANANA.tol}[ax.get_title()]
        assert_array_equal(np.asarray(tol_line.get_ydata(), float), [tol, tol])
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["GD", "Adam", "tolerance"]


def test_losses_axis_stops_below_the_tolerance() -> None:
    gaps = {"fast": np.array([1.0, 1e-3, 1e-30]), "slow": np.array([1.0, 0.5, 0.2])}
    fig = plot_race_losses([BOWL], [gaps], decades_below_tol=4.0)
    assert fig.axes[0].get_ylim()[0] == pytest.approx(1e-3 * 1e-4, rel=1e-12)  # tol 1e-3
    fig = plot_race_losses([BOWL], [{"slow": gaps["slow"]}])  # nothing below: no cut
    assert fig.axes[0].get_ylim()[0] < 0.2


@pytest.mark.parametrize(
    ("courses", "losses", "exc", "message"),
    [
        ([], [], ValueError, "`courses` must be a non-empty sequence"),
        ([BOWL], [], ValueError, "`losses` must hold one mapping per course"),
        (["bowl"], [{"GD": [1.0, 0.5]}], TypeError, "`courses` must hold Course objects"),
        ([BOWL], [{"GD": [1.0, -0.5]}], ValueError, "`losses['GD']` must be non-negative"),
        ([BOWL], [{"GD": [1.0, np.nan]}], ValueError, "`losses['GD']` must contain only finite"),
        ([BOWL], [[1.0, 0.5]], TypeError, "`losses` must be a mapping"),
        ([BOWL, BANANA], [{"GD": [1.0]}, {"Adam": [1.0]}], ValueError,
         "`losses` names racers missing from the first course"),
    ],
)  # fmt: skip
def test_losses_reject_bad_input(
    courses: object, losses: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_race_losses(courses, losses)  # type: ignore[arg-type]


def test_losses_reject_a_negative_depth() -> None:
    with pytest.raises(ValueError, match=re.escape("`decades_below_tol` must be non-negative")):
        plot_race_losses([BOWL], [{"GD": [1.0, 0.5]}], decades_below_tol=-1.0)


# -- plot_rate_check -------------------------------------------------------------------------------


def test_rate_check_draws_measured_curves_and_theory_lines() -> None:
    # GD on ||x||^2 with lr 0.2: the distance shrinks by exactly |1 - 2 lr| = 0.6
    d_gd = np.linalg.norm(gd_path(0.2, 20), axis=1)
    w = np.array([3.0, -1.0])
    path = optimize(Momentum([w], lr=0.1, momentum=0.5), sphere_gradient, 20)
    d_mom = np.linalg.norm(path, axis=1) / np.linalg.norm(path[0])
    fig = plot_rate_check({"GD": d_gd, "heavy ball": d_mom}, {"GD": 0.6, "heavy ball": 0.5})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    k = np.arange(21)
    (measured,) = [li for li in ax.lines if li.get_label() == "GD, measured"]
    assert_array_equal(np.asarray(measured.get_ydata(), float), d_gd)
    (theory,) = [li for li in ax.lines if str(li.get_label()).startswith("GD, theory")]
    assert_allclose(np.asarray(theory.get_ydata(), float), 0.6**k, rtol=1e-15)
    # (0.6^k against the measured curve: the same numbers, the figure's point)
    assert_allclose(np.asarray(theory.get_ydata(), float), d_gd, rtol=1e-13)
    assert theory.get_linestyle() == "--"
    assert theory.get_color() == measured.get_color() == RACER_COLORS[0]
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "GD, measured",
        "GD, theory ρᵏ with ρ = 0.6",
        "heavy ball, measured",
        "heavy ball, theory ρᵏ with ρ = 0.5",
    ]
    assert ax.get_xlabel() == "step $k$"


@pytest.mark.parametrize(
    ("distances", "rates", "exc", "message"),
    [
        ({"GD": [1.0, 0.5]}, {"GD": 1.0}, ValueError, "`rates['GD']` must be a contraction"),
        ({"GD": [1.0, 0.5]}, {"GD": 0.0}, ValueError, "`rates['GD']` must be a contraction"),
        ({"GD": [1.0, 0.5]}, {"Adam": 0.5}, ValueError, "`rates` must name the racers"),
        ({"GD": [1.0, 0.5]}, [0.5], TypeError, "`rates` must be a mapping"),
        ({"GD": [1.0, -0.5]}, {"GD": 0.5}, ValueError, "`distances['GD']` must be non-negative"),
        ([1.0, 0.5], {"GD": 0.5}, TypeError, "`distances` must be a mapping"),
    ],
)
def test_rate_check_rejects_bad_input(
    distances: object, rates: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_rate_check(distances, rates)  # type: ignore[arg-type]
