"""Figures and bookkeeping of the optimizer-race project.

A :class:`Course` is a loss on the plane with a start, a known minimiser, a
step budget and a tolerance. The page runs every optimizer of
:mod:`aimath.optim` on each course; this module scores a run by the step from
which it stays below the tolerance (:func:`settling_step`), chooses each
optimizer's learning rate from a grid by a fixed rule
(:func:`pick_learning_rate`), scores and tabulates the race
(:func:`race_results`, :func:`race_table`) and draws the figures: paths over
contour lines (:func:`plot_race_trajectories`), loss against step on a log
scale (:func:`plot_race_losses`) and measured against theoretical convergence
rates (:func:`plot_rate_check`). The tests in ``tests/test_optimizer_race.py``
check that each figure draws exactly the data it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, finite_scalar
from aimath.optim import steps_to_tolerance

__all__ = [
    "RACER_COLORS",
    "RACER_MARKERS",
    "Course",
    "RaceResult",
    "pick_learning_rate",
    "plot_race_losses",
    "plot_race_trajectories",
    "plot_rate_check",
    "race_results",
    "race_table",
    "settling_step",
]

#: One colour per racer, from the Okabe–Ito palette of :data:`aimath.plotting.COLORS`
#: without its grey, then two colour-blind-safe colours of Paul Tol's "muted"
#: scheme. No grey, black or white: those are ink, recoloured in dark mode.
RACER_COLORS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#D55E00",  # vermillion
    "#CC79A7",  # purple
    "#56B4E9",  # sky
    "#882255",  # wine
    "#999933",  # olive
)
#: One marker per racer, in the order of :data:`RACER_COLORS`: racers never
#: depend on colour alone.
RACER_MARKERS: tuple[str, ...] = ("o", "s", "D", "^", "v", "P", "X", "<")

_INK = "#333333"  # start and minimiser markers, tolerance lines: ink, not data
_CONTOUR = "#AAAAAA"


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _interval(value: object, name: str) -> tuple[float, float]:
    """``value`` as an increasing pair of finite numbers, or an error naming ``name``."""
    if not isinstance(value, (tuple, list, np.ndarray)) or len(value) != 2:
        msg = f"`{name}` must be a pair (low, high); got {value!r}"
        raise TypeError(msg)
    low, high = (finite_scalar(v, name) for v in value)
    if not low < high:
        msg = f"`{name}` must be increasing (low < high); got ({low!r}, {high!r})"
        raise ValueError(msg)
    return low, high


def _point(value: ArrayLike, name: str) -> FloatArray:
    xy = as_vector(value, name)
    if xy.shape != (2,):
        msg = f"`{name}` must be a point of the plane (length 2); got length {xy.shape[0]}"
        raise ValueError(msg)
    return xy


@dataclass(frozen=True, init=False)
class Course:
    r"""A race course: a loss on the plane, where the race starts, and where it ends.

    Parameters
    ----------
    name : str
        Title of the course in figures and tables.
    loss : callable
        The loss, vectorised over the last axis: ``loss(points)`` maps an array
        of shape ``(..., 2)`` to the values, shape ``(...)``. The contour grid
        and whole trajectories are evaluated with one call each.
    gradient : callable
        ``gradient(x)`` for one point ``x`` of shape ``(2,)``, as
        :func:`aimath.optim.optimize` calls it.
    start : array_like, shape (2,)
        Where every racer starts.
    minimizer : array_like, shape (2,)
        The known minimiser.
    xlim, ylim : tuple of float
        The window drawn by :func:`plot_race_trajectories`.
    n_steps : int
        The step budget of every racer.
    tol : float
        The finish line: a racer has finished when its loss gap
        :math:`f(x_k) - f^\star` is below ``tol``.

    Raises
    ------
    ValueError
        If ``start`` or ``minimizer`` is not a finite point of the plane, a
        window is not increasing, ``n_steps`` is not positive, ``tol`` is not
        positive, or ``loss`` does not map ``(..., 2)`` to finite values of
        shape ``(...)``.
    TypeError
        If ``name`` is not a non-empty string, ``loss`` or ``gradient`` is not
        callable, or ``n_steps`` is not an integer.

    Notes
    -----
    A course is frozen; :func:`dataclasses.replace` makes a changed copy
    (a longer budget, another start), checked like a new one.

    Examples
    --------
    >>> bowl = Course("bowl", lambda p: np.sum(p**2, axis=-1), lambda x: 2 * x,
    ...               start=[1.0, 1.0], minimizer=[0.0, 0.0], xlim=(-2, 2),
    ...               ylim=(-2, 2), n_steps=10, tol=1e-6)
    >>> bowl.optimum, bowl.start
    (0.0, array([1., 1.]))
    """

    name: str
    loss: Callable[[FloatArray], Any]
    gradient: Callable[[FloatArray], Any]
    start: FloatArray
    minimizer: FloatArray
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    n_steps: int
    tol: float

    def __init__(
        self,
        name: str,
        loss: Callable[[FloatArray], Any],
        gradient: Callable[[FloatArray], Any],
        *,
        start: ArrayLike,
        minimizer: ArrayLike,
        xlim: tuple[float, float],
        ylim: tuple[float, float],
        n_steps: int,
        tol: float,
    ) -> None:
        given: object = name  # callers without type checking may pass anything
        if not isinstance(given, str) or not given:
            msg = f"`name` must be a non-empty string; got {given!r}"
            raise TypeError(msg)
        functions: tuple[tuple[str, object], ...] = (("loss", loss), ("gradient", gradient))
        for label, function in functions:
            if not callable(function):
                msg = f"`{label}` must be callable; got {type(function).__name__}"
                raise TypeError(msg)
        if not _is_int(n_steps):
            msg = f"`n_steps` must be an integer; got {type(n_steps).__name__}"
            raise TypeError(msg)
        if n_steps < 1:
            msg = f"`n_steps` must be at least 1; got {n_steps}"
            raise ValueError(msg)
        tol_ = finite_scalar(tol, "tol")
        if tol_ <= 0.0:
            msg = f"`tol` must be positive; got {tol_!r}"
            raise ValueError(msg)
        fields = {
            "name": given,
            "loss": loss,
            "gradient": gradient,
            "start": _point(start, "start"),
            "minimizer": _point(minimizer, "minimizer"),
            "xlim": _interval(xlim, "xlim"),
            "ylim": _interval(ylim, "ylim"),
            "n_steps": int(n_steps),
            "tol": tol_,
        }
        for key, value in fields.items():
            object.__setattr__(self, key, value)  # frozen: set once, here
        self.values(np.stack([self.start, self.minimizer]))  # the loss is vectorised

    def values(self, points: ArrayLike) -> FloatArray:
        """The loss at ``points`` of shape ``(..., 2)``: finite values of shape ``(...)``."""
        p = as_float_array(points, "points")
        if p.shape[-1] != 2:
            msg = f"`points` must have shape (..., 2); got {p.shape}"
            raise ValueError(msg)
        z = np.asarray(self.loss(p), dtype=np.float64)
        if z.shape != p.shape[:-1]:
            msg = (
                f"`loss` must map points of shape (..., 2) to values of shape (...); "
                f"for {p.shape} it returned {z.shape}"
            )
            raise ValueError(msg)
        if not np.all(np.isfinite(z)):
            msg = "`loss` must return finite values; got NaN or inf (the points are too large?)"
            raise ValueError(msg)
        return z

    @property
    def optimum(self) -> float:
        r"""The loss at the minimiser, :math:`f^\star`."""
        return float(self.values(self.minimizer))


def settling_step(values: ArrayLike, tol: float) -> int | None:
    r"""The first step from which a sequence stays below a tolerance.

    Parameters
    ----------
    values : array_like, shape (n,)
        Loss gaps (or distances) indexed by step; entry 0 is the start.
    tol : float
        The finish line, positive.

    Returns
    -------
    int or None
        The smallest :math:`k` with :math:`v_j < \text{tol}` for every
        :math:`j \ge k`, or ``None`` if the last entry is not below ``tol``.
        For a sequence that never comes back above ``tol`` this equals
        :func:`aimath.optim.steps_to_tolerance`; for one that oscillates
        (momentum spirals do) it can be much later.

    Raises
    ------
    ValueError
        If ``values`` is not a finite, non-empty 1-D vector or ``tol`` is not
        positive.
    TypeError
        If ``values`` or ``tol`` is not numeric.

    Notes
    -----
    The running maximum from the end, :math:`s_k = \max_{j \ge k} v_j`, is
    below ``tol`` exactly from the settling step on, so the settling step is
    the first crossing of :math:`s`:

    .. math:: k_{\text{settle}} = \min\{k : s_k < \text{tol}\}.

    Examples
    --------
    >>> settling_step([4.0, 0.1, 2.0, 0.1, 0.01], 0.5)  # dips at 1, comes back at 2
    3
    >>> settling_step([4.0, 0.1, 2.0], 0.5) is None
    True
    """
    v = as_vector(values, "values")
    threshold = finite_scalar(tol, "tol")
    if threshold <= 0.0:
        msg = f"`tol` must be positive; got {threshold!r}"
        raise ValueError(msg)
    suffix_max = np.maximum.accumulate(v[::-1])[::-1]  # s_k = max of v[k:]
    return steps_to_tolerance(suffix_max, threshold)


def pick_learning_rate(
    curves: Mapping[float, ArrayLike | None],
    tol: float,
) -> float:
    r"""Choose a learning rate from a grid by the race's fixed rule.

    Parameters
    ----------
    curves : mapping of float to array_like or None
        For each learning rate of the grid, the loss gap :math:`f(x_k) - f^\star`
        at steps ``0..n``, or ``None`` if that run diverged.
    tol : float
        The finish line, positive.

    Returns
    -------
    float
        Among the runs that finish (stay below ``tol`` from some step on,
        :func:`settling_step`), the learning rate that settles first; if none
        finishes, the one with the smallest final loss gap. Ties go to the
        smaller learning rate.

    Raises
    ------
    ValueError
        If ``curves`` is empty, every run diverged, a learning rate is not a
        positive finite number, a curve is not a finite 1-D vector, or ``tol``
        is not positive.
    TypeError
        If ``curves`` is not a mapping.

    Notes
    -----
    Each learning rate :math:`\eta` is scored by the key

    .. math::

        \bigl(0,\ k_{\text{settle}},\ \eta\bigr) \text{ if the run finishes,}
        \qquad \bigl(1,\ f(x_n) - f^\star,\ \eta\bigr) \text{ otherwise,}

    compared lexicographically; the smallest key wins. Scoring by the
    settling step rather than the first crossing stops a run that dips below
    the line and bounces out again from winning.

    Examples
    --------
    >>> pick_learning_rate({0.1: [1.0, 0.1, 0.01], 0.5: [1.0, 0.001, 0.0001], 1.0: None}, 0.05)
    0.5
    >>> pick_learning_rate({0.1: [1.0, 0.5], 0.2: [1.0, 0.3]}, 0.01)  # nobody finishes
    0.2
    """
    given: object = curves  # callers without type checking may pass anything
    if not isinstance(given, Mapping):
        msg = (
            f"`curves` must be a mapping from learning rate to losses; got {type(curves).__name__}"
        )
        raise TypeError(msg)
    if len(curves) == 0:
        msg = "`curves` must hold at least one learning rate; got an empty mapping"
        raise ValueError(msg)
    tol_ = finite_scalar(tol, "tol")
    if tol_ <= 0.0:
        msg = f"`tol` must be positive; got {tol_!r}"
        raise ValueError(msg)
    best: tuple[tuple[int, float, float], float] | None = None
    for lr, curve in curves.items():
        eta = finite_scalar(lr, "curves")
        if eta <= 0.0:
            msg = f"the learning rates (keys of `curves`) must be positive; got {eta!r}"
            raise ValueError(msg)
        if curve is None:
            continue  # diverged: never chosen
        gaps = as_vector(curve, "curves")
        settled = settling_step(gaps, tol_)
        # finished: settling sooner is better; not finished: a smaller final gap is
        key = (0, float(settled), eta) if settled is not None else (1, float(gaps[-1]), eta)
        if best is None or key < best[0]:
            best = (key, eta)
    if best is None:
        msg = "`curves` must hold at least one run that did not diverge; every entry is None"
        raise ValueError(msg)
    return best[1]


class RaceResult(NamedTuple):
    """How one racer did on one course (see :func:`race_results`)."""

    first: int | None
    """First step with a loss gap below ``tol`` (:func:`aimath.optim.steps_to_tolerance`)."""
    settled: int | None
    """First step from which the gap stays below ``tol`` (:func:`settling_step`)."""
    final_gap: float
    """Loss gap :math:`f(x_n) - f^\\star` after the last step."""
    distance: float
    """Distance :math:`\\lVert x_n - x^\\star \\rVert` of the last iterate from the minimiser."""


def race_results(course: Course, trajectories: Mapping[str, ArrayLike]) -> dict[str, RaceResult]:
    r"""Score every racer's path on a course.

    Parameters
    ----------
    course : Course
        Gives the loss, the minimiser and the tolerance.
    trajectories : mapping of str to array_like, shape (n_steps + 1, 2)
        Each racer's iterates, start first.

    Returns
    -------
    dict of str to RaceResult
        For each racer, in the order given: the first step below ``tol``, the
        settling step, the final loss gap and the final distance to the
        minimiser.

    Raises
    ------
    ValueError
        If a trajectory is not a finite ``(n, 2)`` array or there are not
        between 1 and 8 racers.
    TypeError
        If ``course`` is not a :class:`Course` or ``trajectories`` is not a
        mapping with string keys.

    Examples
    --------
    >>> bowl = Course("bowl", lambda p: np.sum(p**2, axis=-1), lambda x: 2 * x,
    ...               start=[1.0, 0.0], minimizer=[0.0, 0.0], xlim=(-2, 2),
    ...               ylim=(-2, 2), n_steps=2, tol=0.1)
    >>> race_results(bowl, {"GD": [[1.0, 0.0], [0.25, 0.0], [0.0625, 0.0]]})["GD"]
    RaceResult(first=1, settled=1, final_gap=0.00390625, distance=0.0625)
    """
    given: object = course  # callers without type checking may pass anything
    if not isinstance(given, Course):
        msg = f"`course` must be a Course; got {type(given).__name__}"
        raise TypeError(msg)
    results: dict[str, RaceResult] = {}
    for name in _racers(trajectories, "trajectories"):
        path = _trajectory(trajectories[name], f"trajectories[{name!r}]")
        gaps = course.values(path) - course.optimum
        results[name] = RaceResult(
            first=steps_to_tolerance(gaps, course.tol),
            settled=settling_step(gaps, course.tol),
            final_gap=float(gaps[-1]),
            distance=float(np.linalg.norm(path[-1] - course.minimizer)),
        )
    return results


def _format_lr(lr: float) -> str:
    return f"{lr:.3g}"


def _format_steps(k: int | None) -> str:
    return "did not reach" if k is None else str(k)


def race_table(
    course: Course,
    trajectories: Mapping[str, ArrayLike],
    lrs: Mapping[str, float],
) -> str:
    """The results of a course as a Markdown table, one row per racer.

    Parameters
    ----------
    course : Course
        Gives the loss, the minimiser and the tolerance.
    trajectories : mapping of str to array_like, shape (n_steps + 1, 2)
        Each racer's iterates, start first.
    lrs : mapping of str to float
        Each racer's learning rate, for the second column.

    Returns
    -------
    str
        A Markdown table of :func:`race_results`: learning rates with three
        significant digits, step counts as integers (``did not reach`` for a
        racer that did not), the final loss gap and distance in scientific
        notation.

    Raises
    ------
    ValueError
        If ``lrs`` does not name exactly the racers of ``trajectories``, or
        as :func:`race_results`.
    TypeError
        As :func:`race_results`.

    Examples
    --------
    >>> bowl = Course("bowl", lambda p: np.sum(p**2, axis=-1), lambda x: 2 * x,
    ...               start=[1.0, 0.0], minimizer=[0.0, 0.0], xlim=(-2, 2),
    ...               ylim=(-2, 2), n_steps=2, tol=0.1)
    >>> print(race_table(bowl, {"GD": [[1.0, 0.0], [0.25, 0.0], [0.0625, 0.0]],
    ...                         "slow": [[1.0, 0.0], [0.9, 0.0], [0.8, 0.0]]},
    ...                  {"GD": 0.375, "slow": 0.05}))
    | optimizer | η | first below tol | below tol from | final loss gap | final distance |
    |---|---:|---:|---:|---:|---:|
    | GD | 0.375 | 1 | 1 | 3.91e-03 | 6.25e-02 |
    | slow | 0.05 | did not reach | did not reach | 6.40e-01 | 8.00e-01 |
    """
    results = race_results(course, trajectories)
    if not isinstance(lrs, Mapping) or set(lrs) != set(results):
        msg = f"`lrs` must map exactly the racers {list(results)!r} to learning rates; got {lrs!r}"
        raise ValueError(msg)
    lines = [
        "| optimizer | η | first below tol | below tol from | final loss gap | final distance |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        eta = finite_scalar(lrs[name], f"lrs[{name!r}]")
        lines.append(
            f"| {name} | {_format_lr(eta)} | {_format_steps(r.first)} | "
            f"{_format_steps(r.settled)} | {r.final_gap:.2e} | {r.distance:.2e} |"
        )
    return "\n".join(lines)


def _racers(data: Mapping[str, ArrayLike], name: str) -> list[str]:
    """The racers' names, checked: a non-empty mapping of at most 8 string keys."""
    given: object = data  # callers without type checking may pass anything
    if not isinstance(given, Mapping):
        msg = f"`{name}` must be a mapping from optimizer name to data; got {type(data).__name__}"
        raise TypeError(msg)
    if not 1 <= len(data) <= len(RACER_COLORS):
        msg = f"`{name}` must hold between 1 and {len(RACER_COLORS)} racers; got {len(data)}"
        raise ValueError(msg)
    names: list[str] = []
    for key in given:
        if not isinstance(key, str):
            msg = f"the keys of `{name}` must be optimizer names (str); got {key!r}"
            raise TypeError(msg)
        names.append(key)
    return names


def _trajectory(path: ArrayLike, name: str) -> FloatArray:
    xy = as_matrix(path, name)
    if xy.shape[1] != 2:
        msg = f"`{name}` must have shape (n_steps + 1, 2); got {xy.shape}"
        raise ValueError(msg)
    return xy


def _default_levels(
    z: FloatArray, optimum: float, count: int = 14, decades: float = 4.0
) -> FloatArray:
    """Geometrically spaced levels of the gap ``z - optimum``, from the top of the window down."""
    top = float(np.max(z)) - optimum
    if not top > 0.0:
        msg = "`course.loss` must vary over the window to draw contour lines; it is constant"
        raise ValueError(msg)
    return optimum + np.geomspace(top * 10.0 ** (-decades), top, count)


def _contour_grid(
    course: Course, levels: ArrayLike | None, resolution: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """The contour grid ``X, Y, Z`` of the course's window and the levels to draw."""
    if not _is_int(resolution) or resolution < 2:
        msg = f"`resolution` must be an integer of at least 2; got {resolution!r}"
        raise ValueError(msg)
    X, Y = np.meshgrid(np.linspace(*course.xlim, resolution), np.linspace(*course.ylim, resolution))
    Z = course.values(np.stack([X, Y], axis=-1))  # (resolution, resolution): one call
    if levels is None:
        return X, Y, Z, _default_levels(Z, course.optimum)
    chosen = as_vector(levels, "levels")
    if np.any(np.diff(chosen) <= 0.0):
        msg = f"`levels` must be strictly increasing; got {chosen.tolist()!r}"
        raise ValueError(msg)
    return X, Y, Z, chosen


def _draw_course(ax: Axes, course: Course, grid: tuple[FloatArray, ...]) -> tuple[Line2D, Line2D]:
    """Contour lines, the start and the minimiser on ``ax``; returns the two markers."""
    X, Y, Z, levels = grid
    ax.contour(X, Y, Z, levels=levels, colors=_CONTOUR, linewidths=0.7, zorder=1)
    (start,) = ax.plot(
        [course.start[0]], [course.start[1]], linestyle="none", marker="o", markersize=12,
        markerfacecolor="none", markeredgecolor=_INK, markeredgewidth=2.0, label="start",
        zorder=30,
    )  # fmt: skip
    (best,) = ax.plot(
        [course.minimizer[0]], [course.minimizer[1]], linestyle="none", marker="*",
        markersize=16, markerfacecolor="none", markeredgecolor=_INK, markeredgewidth=1.5,
        label="minimiser", zorder=31,
    )  # fmt: skip
    ax.set(xlim=course.xlim, ylim=course.ylim)
    ax.set_aspect("equal")
    ax.grid(False)
    return start, best


def _draw_path(ax: Axes, path: FloatArray, i: int, label: str) -> tuple[Line2D, Line2D]:
    """Racer ``i``'s path (a line with markers) and its last point (a large marker)."""
    color, marker = RACER_COLORS[i], RACER_MARKERS[i]
    (line,) = ax.plot(
        path[:, 0], path[:, 1], color=color, marker=marker, markersize=4.5, markevery=0.08,
        linewidth=1.5, label=label, zorder=3 + i,
    )  # fmt: skip
    (end,) = ax.plot(
        [path[-1, 0]], [path[-1, 1]], linestyle="none", marker=marker, markersize=11,
        color=color, markeredgecolor=_INK, markeredgewidth=1.0, label="last iterate",
        zorder=20 + i,
    )  # fmt: skip
    return line, end


def plot_race_trajectories(
    course: Course,
    trajectories: Mapping[str, ArrayLike],
    *,
    overlay: bool = False,
    lrs: Mapping[str, float] | None = None,
    levels: ArrayLike | None = None,
    ncols: int = 4,
    resolution: int = 241,
) -> Figure:
    r"""Draw each racer's path over contour lines of the course's loss.

    Parameters
    ----------
    course : Course
        The loss, its start, its minimiser and the window to draw.
    trajectories : mapping of str to array_like, shape (n_steps + 1, 2)
        Each racer's iterates, start first (as :func:`aimath.optim.optimize`
        returns them). At most 8 racers.
    overlay : bool, optional
        Draw every racer in one panel. By default each racer gets its own
        panel on the same contour lines, which stays legible when paths
        cross or zig-zag.
    lrs : mapping of str to float, optional
        Each racer's learning rate, added to its label as ``η = ...``.
    levels : array_like, optional
        Strictly increasing loss values of the contour lines. By default 14
        levels spaced geometrically in :math:`f - f^\star` over four decades
        below the largest loss in the window, so the lines crowd where the
        loss is steep and the valley floor stays visible.
    ncols : int, optional
        Panels per row when ``overlay`` is false.
    resolution : int, optional
        Grid points per axis of the contour grid (one vectorised call of
        ``course.loss``).

    Returns
    -------
    Figure
        Grey contour lines; each racer's path as a line with markers in its
        colour (:data:`RACER_COLORS`, :data:`RACER_MARKERS`) and its last
        iterate as a large marker; the start as an open circle and the
        minimiser as a star. With ``overlay`` one panel and a legend naming
        every racer; otherwise one panel per racer, titled with its name, and
        one legend for the markers, titled with the course's name (in a
        spare panel if there is one, else below the panels). Paths that leave the window are clipped
        at its edge.

    Raises
    ------
    ValueError
        If a trajectory is not a finite ``(n, 2)`` array or does not begin
        at ``course.start``, there are not between 1 and 8 racers, ``lrs``
        does not name the same racers, ``levels`` is not strictly increasing,
        or ``ncols`` or ``resolution`` is too small.
    TypeError
        If ``course`` is not a :class:`Course` or ``trajectories`` is not a
        mapping with string keys.

    Examples
    --------
    >>> bowl = Course("bowl", lambda p: np.sum(p**2, axis=-1), lambda x: 2 * x,
    ...               start=[1.0, 1.0], minimizer=[0.0, 0.0], xlim=(-2, 2),
    ...               ylim=(-2, 2), n_steps=2, tol=1e-6)
    >>> path = [[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]]
    >>> fig = plot_race_trajectories(bowl, {"GD": path}, overlay=True)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['GD', 'start', 'minimiser']
    >>> plt.close(fig)
    """
    given: object = course  # callers without type checking may pass anything
    if not isinstance(given, Course):
        msg = f"`course` must be a Course; got {type(given).__name__}"
        raise TypeError(msg)
    names = _racers(trajectories, "trajectories")
    paths = [_trajectory(trajectories[name], f"trajectories[{name!r}]") for name in names]
    for name, path in zip(names, paths, strict=True):
        if not np.allclose(path[0], course.start, rtol=1e-12, atol=1e-12):
            msg = (
                f"`trajectories[{name!r}]` must start at `course.start` "
                f"{course.start.tolist()}; got {path[0].tolist()}"
            )
            raise ValueError(msg)
    labels = list(names)
    if lrs is not None:
        if not isinstance(lrs, Mapping) or set(lrs) != set(names):
            msg = f"`lrs` must map exactly the racers {names!r} to learning rates; got {lrs!r}"
            raise ValueError(msg)
        labels = [
            f"{name}, \N{GREEK SMALL LETTER ETA} = {_format_lr(finite_scalar(lrs[name], 'lrs'))}"
            for name in names
        ]
    if not _is_int(ncols) or ncols < 1:
        msg = f"`ncols` must be a positive integer; got {ncols!r}"
        raise ValueError(msg)
    grid = _contour_grid(course, levels, resolution)

    if overlay:
        fig, ax = plt.subplots(figsize=(7.4, 5.6), layout="constrained")
        start, best = _draw_course(ax, course, grid)
        lines = [
            _draw_path(ax, path, i, label)[0]
            for i, (path, label) in enumerate(zip(paths, labels, strict=True))
        ]
        ax.set(xlabel="$x_1$", ylabel="$x_2$", title=course.name)
        ax.legend(handles=[*lines, start, best], loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  borderaxespad=0.0)  # fmt: skip
        return fig

    ncols = min(ncols, len(names))
    nrows = -(-len(names) // ncols)  # ceiling division
    width = course.xlim[1] - course.xlim[0]
    height = course.ylim[1] - course.ylim[0]
    panel = 2.6
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(panel * ncols + 0.3, panel * height / width * nrows + 0.8),
        layout="constrained", sharex=True, sharey=True, squeeze=False,
    )  # fmt: skip
    flat = list(axes.ravel())
    for ax in flat[len(names) :]:
        ax.set_axis_off()
    markers: tuple[Line2D, Line2D] | None = None
    end: Line2D | None = None
    for i, (ax, path, label) in enumerate(zip(flat, paths, labels, strict=False)):
        markers = _draw_course(ax, course, grid)
        _, end = _draw_path(ax, path, i, label)
        ax.set_title(label, fontsize=10, color=RACER_COLORS[i])
    for ax in axes[-1]:
        ax.set_xlabel("$x_1$")
    for ax in axes[:, 0]:
        ax.set_ylabel("$x_2$")
    assert markers is not None
    assert end is not None
    key = Line2D([], [], linestyle="none", marker="s", markersize=10, color="#BBBBBB",
                 markeredgecolor=_INK, label="last iterate")  # fmt: skip
    handles = [markers[0], markers[1], key]
    spare = flat[len(names) :]
    if spare:  # an empty panel holds the legend
        spare[0].legend(handles=handles, loc="center", title=course.name)
    else:
        fig.legend(handles=handles, loc="outside lower center", ncol=3, title=course.name)
    return fig


def _positive_or_nan(values: FloatArray) -> FloatArray:
    """Values for a log axis: exact zeros (a racer that hit the minimum) are not drawn."""
    return np.where(values > 0.0, values, np.nan)


def _curves(data: Mapping[str, ArrayLike], name: str) -> dict[str, FloatArray]:
    names = _racers(data, name)
    out: dict[str, FloatArray] = {}
    for key in names:
        v = as_vector(data[key], f"{name}[{key!r}]")
        if np.any(v < 0.0):
            msg = (
                f"`{name}[{key!r}]` must be non-negative (a gap or a distance); got min {v.min()!r}"
            )
            raise ValueError(msg)
        out[key] = v
    return out


def plot_race_losses(
    courses: Sequence[Course],
    losses: Sequence[Mapping[str, ArrayLike]],
    *,
    decades_below_tol: float = 6.0,
) -> Figure:
    """Draw each racer's loss gap against the step, one log-scale panel per course.

    Parameters
    ----------
    courses : sequence of Course
        The courses, one panel each; each course's ``tol`` is drawn as a
        dashed line.
    losses : sequence of mapping of str to array_like
        For each course, each racer's loss gap ``f(x_k) - f*`` at steps
        ``0..n``. The racers' colours and markers follow their order in the
        first mapping, so a racer looks the same in every panel.
    decades_below_tol : float, optional
        How far below each course's tolerance its axis reaches (if the data
        go lower); a curve that falls further leaves the panel at the bottom,
        so one runaway racer does not squash everyone else into a corner.

    Returns
    -------
    Figure
        One panel per course, the step on a linear axis and the loss gap on a
        log axis, and one legend for the whole figure. Gaps of exactly 0 have
        no logarithm and are not drawn.

    Raises
    ------
    ValueError
        If the sequences are empty or differ in length, a curve is not a
        finite, non-negative 1-D vector, or a course has a racer the first
        course does not.
    TypeError
        If a course is not a :class:`Course` or a loss table is not a mapping.

    Examples
    --------
    >>> bowl = Course("bowl", lambda p: np.sum(p**2, axis=-1), lambda x: 2 * x,
    ...               start=[1.0, 1.0], minimizer=[0.0, 0.0], xlim=(-2, 2),
    ...               ylim=(-2, 2), n_steps=2, tol=1e-3)
    >>> fig = plot_race_losses([bowl], [{"GD": [2.0, 0.5, 0.125]}])
    >>> fig.axes[0].get_yscale()
    'log'
    >>> plt.close(fig)
    """
    if not isinstance(courses, Sequence) or len(courses) == 0:
        msg = f"`courses` must be a non-empty sequence of Course; got {courses!r}"
        raise ValueError(msg)
    if not isinstance(losses, Sequence) or len(losses) != len(courses):
        msg = (
            f"`losses` must hold one mapping per course ({len(courses)}); "
            f"got {len(losses) if isinstance(losses, Sequence) else type(losses).__name__}"
        )
        raise ValueError(msg)
    tables = [_curves(table, "losses") for table in losses]
    depth = finite_scalar(decades_below_tol, "decades_below_tol")
    if depth < 0.0:
        msg = f"`decades_below_tol` must be non-negative; got {depth!r}"
        raise ValueError(msg)
    order = list(tables[0])
    for course in courses:
        item: object = course
        if not isinstance(item, Course):
            msg = f"`courses` must hold Course objects; got {type(item).__name__}"
            raise TypeError(msg)
    for table in tables[1:]:
        extra = [key for key in table if key not in order]
        if extra:
            msg = f"`losses` names racers missing from the first course: {extra!r}"
            raise ValueError(msg)
    fig, axes = plt.subplots(
        1, len(courses), figsize=(5.2 * len(courses) + 0.4, 4.6), layout="constrained",
        squeeze=False,
    )  # fmt: skip
    handles: dict[str, Line2D] = {}
    for ax, course, table in zip(axes[0], courses, tables, strict=True):
        for name, gaps in table.items():
            i = order.index(name)
            (line,) = ax.plot(
                np.arange(gaps.size), _positive_or_nan(gaps), color=RACER_COLORS[i],
                marker=RACER_MARKERS[i], markersize=5, markevery=0.1, linewidth=1.6, label=name,
            )  # fmt: skip
            handles.setdefault(name, line)
        tol_line = ax.axhline(
            course.tol, color=_INK, linestyle="--", linewidth=1.0, label="tolerance"
        )
        ax.set_yscale("log")
        floor = course.tol * 10.0**-depth
        if any(np.any((gaps > 0.0) & (gaps < floor)) for gaps in table.values()):
            ax.set_ylim(bottom=floor)
        ax.set(title=course.name, xlabel="step $k$", ylabel="loss gap $f(x_k) - f^\\star$")
    legend_handles = [handles[name] for name in order if name in handles] + [tol_line]
    fig.legend(
        handles=legend_handles,
        loc="outside lower center",
        ncol=min(len(legend_handles), 5),
    )
    return fig


def plot_rate_check(
    distances: Mapping[str, ArrayLike],
    rates: Mapping[str, float],
) -> Figure:
    """Draw measured distances to the minimiser against the theoretical rate ``rho**k``.

    Parameters
    ----------
    distances : mapping of str to array_like
        For each racer, the relative distance ``||x_k - x*|| / ||x_0 - x*||``
        at steps ``0..n`` (it starts at 1).
    rates : mapping of str to float
        For each racer, the contraction factor ``rho`` in ``(0, 1)`` that
        theory predicts; drawn as the dashed line ``rho**k``.

    Returns
    -------
    Figure
        One panel, log scale: each racer's measured curve (solid, with
        markers) and its predicted line (dashed, same colour), and a legend
        below the panel.

    Raises
    ------
    ValueError
        If a curve is not a finite non-negative vector, a rate is outside
        ``(0, 1)``, or the names of ``rates`` differ from those of ``distances``.
    TypeError
        If ``distances`` or ``rates`` is not a mapping.

    Examples
    --------
    >>> fig = plot_rate_check({"GD": [1.0, 0.5, 0.25]}, {"GD": 0.5})
    >>> [t.get_text() for t in fig.legends[0].get_texts()]
    ['GD, measured', 'GD, theory ρᵏ with ρ = 0.5']
    >>> plt.close(fig)
    """
    curves = _curves(distances, "distances")
    given: object = rates  # callers without type checking may pass anything
    if not isinstance(given, Mapping):
        msg = f"`rates` must be a mapping from racer to rate; got {type(rates).__name__}"
        raise TypeError(msg)
    if set(rates) != set(curves):
        msg = (
            f"`rates` must name the racers of `distances` {sorted(curves)!r}; got {sorted(rates)!r}"
        )
        raise ValueError(msg)
    fig, ax = plt.subplots(figsize=(7.0, 5.2), layout="constrained")
    for i, (name, d) in enumerate(curves.items()):
        rho = finite_scalar(rates[name], f"rates[{name!r}]")
        if not 0.0 < rho < 1.0:
            msg = f"`rates[{name!r}]` must be a contraction factor in (0, 1); got {rho!r}"
            raise ValueError(msg)
        k = np.arange(d.size)
        ax.plot(
            k, _positive_or_nan(d), color=RACER_COLORS[i], marker=RACER_MARKERS[i],
            markersize=5, markevery=0.1, linewidth=1.8, label=f"{name}, measured",
        )  # fmt: skip
        theory = f"{name}, theory \N{GREEK SMALL LETTER RHO}\N{MODIFIER LETTER SMALL K} with "
        ax.plot(
            k, rho ** k.astype(np.float64), color=RACER_COLORS[i], linestyle="--",
            linewidth=1.4, label=f"{theory}\N{GREEK SMALL LETTER RHO} = {rho:.4g}",
        )  # fmt: skip
    ax.set_yscale("log")
    ax.set(xlabel="step $k$", ylabel="$\\|x_k - x^\\star\\| \\,/\\, \\|x_0 - x^\\star\\|$")
    fig.legend(loc="outside lower center", ncol=2)  # below: the curves fill the panel
    return fig
