"""Figures of chapter 4, linear algebra for deep learning.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_tensors.py`` check that what it draws satisfies the mathematics.
Every drawn cell of the broadcasting diagram carries a ``gid`` saying what it
is, so a test (or a curious reader) can find it without guessing coordinates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import NDArray

from aimath._typing import ArrayLike
from aimath._validation import integer_at_least
from aimath.plotting import COLORS
from aimath.tensors import (
    _condition_numbers,
    _product_singular_values,
    broadcast_shape,
    matmul_bytes,
    matmul_flops,
)

__all__ = ["plot_broadcasting", "plot_matmul_cost", "plot_product_conditioning"]

#: Fill colour of each kind of cell in the broadcasting diagram.
CELL_COLORS: dict[str, str] = {
    "size": "#FFFFFF",  # an input axis used as it is
    "stretched": COLORS["orange"],  # a size-1 axis repeated to the result's size
    "padded": "#F2F2F2",  # a missing leading axis, treated as size 1 and stretched
    "result": COLORS["sky"],
    "conflict": COLORS["vermillion"],  # sizes differ and neither is 1
}


def _is_sequence(x: object) -> TypeGuard[Sequence[Any] | NDArray[Any]]:
    """A list, tuple or other sequence, or an array with at least one axis; not a string."""
    if isinstance(x, np.ndarray):
        return x.ndim >= 1
    return isinstance(x, Sequence) and not isinstance(x, (str, bytes))


def _check_names(names: object, examples: list[list[tuple[int, ...]]]) -> list[list[object]]:
    """Row labels from ``names``: one sequence of labels per example, one label per shape."""
    if not _is_sequence(names):
        msg = (
            "`names` must be a list of lists of labels, one per example; "
            f"got {type(names).__name__}"
        )
        raise TypeError(msg)
    rows = list(names)
    for i, row in enumerate(rows):
        if not (isinstance(row, str) or _is_sequence(row)):
            msg = f"`names[{i}]` must be a list of labels, one per shape; got {type(row).__name__}"
            raise TypeError(msg)
    if len(rows) != len(examples) or any(
        len(row) != len(ex) for row, ex in zip(rows, examples, strict=False)
    ):
        msg = "`names` must give one label per shape of each example"
        raise ValueError(msg)
    return [list(row) for row in rows]


def _matrix_sizes(sizes: object) -> list[int]:
    """``sizes`` as a list of at least two positive Python ints, or raise naming it."""
    if sizes is None or isinstance(sizes, (str, bytes, Mapping)):
        msg = f"`sizes` must be array-like of positive integers; got {type(sizes).__name__}"
        raise TypeError(msg)
    try:
        arr = np.asarray(sizes)
    except (TypeError, ValueError) as exc:  # ragged nesting
        msg = f"`sizes` must be array-like of positive integers; got {type(sizes).__name__} ({exc})"
        raise TypeError(msg) from None
    if arr.ndim > 1:
        msg = f"`sizes` must be 1-D, one matrix size per point; got an array of shape {arr.shape}"
        raise ValueError(msg)
    ns = np.atleast_1d(arr).tolist()  # Python scalars, so floats are rejected below
    if len(ns) < 2:
        msg = f"`sizes` must hold at least two matrix sizes; got {ns}"
        raise ValueError(msg)
    return [integer_at_least(n, f"sizes[{i}]", 1) for i, n in enumerate(ns)]


def _cell(ax: Axes, x: float, y: float, text: str, kind: str, gid: str) -> None:
    """Draw one labelled cell of the diagram, tagged with ``gid``."""
    dashed = kind == "padded"
    box = Rectangle(
        (x - 0.42, y - 0.36),
        0.84,
        0.72,
        facecolor=CELL_COLORS[kind],
        edgecolor="#999999" if dashed else "#333333",
        linestyle="--" if dashed else "-",
        linewidth=1.2,
        alpha=0.9 if kind in {"stretched", "result", "conflict"} else 1.0,
    )
    box.set_gid(gid)
    ax.add_patch(box)
    label = ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=12,
        color="#999999" if dashed else "#111111",
        fontstyle="italic" if dashed else "normal",
    )
    label.set_gid(gid)


def _draw_example(
    ax: Axes, shapes: list[tuple[int, ...]], names: Sequence[object], width: int
) -> None:
    """One panel: the shapes aligned on the right, and the result (or the conflict).

    ``width`` is the number of columns of the widest example, so that all
    panels share one grid and their right edges line up.
    """
    ndim = max((len(s) for s in shapes), default=0)
    offset = width - ndim  # empty columns on the left of a narrower example
    try:
        result: tuple[int, ...] | None = broadcast_shape(*shapes)
    except ValueError:
        result = None
    for j, shape in enumerate(shapes):
        y = -float(j)
        ax.text(offset - 0.7, y, f"{names[j]}  {shape}", ha="right", va="center", fontsize=11)
        for axis in range(-ndim, 0):
            x = float(width + axis)  # the rightmost axis (-1) sits in the last column
            if len(shape) < -axis:
                kind, text = "padded", "1"
            else:
                size = shape[axis]
                stretched = size == 1 and result is not None and result[axis] != 1
                kind, text = ("stretched" if stretched else "size"), str(size)
            _cell(ax, x, y, text, kind, f"input:{j}:{axis}:{kind}")
    y_result = -float(len(shapes)) - 0.3
    ax.plot([offset - 0.5, width - 0.5], [y_result + 0.6] * 2, color="#333333", lw=1.5)
    ax.text(
        offset - 0.7, y_result, "result", ha="right", va="center", fontsize=11, fontweight="bold"
    )
    for axis in range(-ndim, 0):
        x = float(width + axis)
        column = [(s[axis],) for s in shapes if len(s) >= -axis]
        try:  # each column on its own: which axes are compatible?
            (size,) = broadcast_shape(*column)
            _cell(ax, x, y_result, str(size), "result", f"result:{axis}:result")
        except ValueError:
            _cell(ax, x, y_result, "✗", "conflict", f"result:{axis}:conflict")
    outcome = "cannot be broadcast" if result is None else f"broadcast to {result}"
    ax.set_title(" and ".join(str(s) for s in shapes) + f": {outcome}", fontsize=11)
    ax.set(xlim=(-4.6, max(width, 1) - 0.4), ylim=(y_result - 0.6, 0.6), aspect="equal")
    ax.set_axis_off()


def plot_broadcasting(
    examples: Sequence[Sequence[Sequence[int]]],
    names: Sequence[Sequence[str]] | None = None,
) -> Figure:
    """Draw shapes aligned on the right, as the broadcasting rule compares them.

    Parameters
    ----------
    examples : sequence of sequences of shapes
        One panel per example; each example lists the shapes combined, e.g.
        ``[[(3, 1), (1, 4)], [(2, 3), (2,)]]``.
    names : sequence of sequences of str, optional
        Row labels per example (default ``a``, ``b``, ...).

    Returns
    -------
    Figure
        One panel per example. Each input shape is a row of cells, one per
        axis, aligned on the right; missing leading axes are dashed cells
        holding an implicit 1, size-1 axes that get stretched are orange. The
        last row is the result; an axis where two sizes differ and neither is
        1 is a red cell marked ✗. Cells carry the gid
        ``input:<j>:<axis>:<kind>`` or ``result:<axis>:<kind>``.

    Raises
    ------
    ValueError
        If ``examples`` or an example is empty, ``names`` does not match, or
        a shape is invalid (as :func:`aimath.tensors.broadcast_shape`).
    TypeError
        If ``examples`` is not a list of lists of shapes (the message names
        ``examples`` or ``examples[i]``), a shape is not a sequence of
        integers, or ``names`` is not a list of lists of labels.

    Examples
    --------
    >>> fig = plot_broadcasting([[(3, 1), (1, 4)]])
    >>> fig.axes[0].get_title()
    '(3, 1) and (1, 4): broadcast to (3, 4)'
    >>> plt.close(fig)
    """
    if not _is_sequence(examples):
        msg = (
            "`examples` must be a list of examples, each a list of shapes; "
            f"got {type(examples).__name__}"
        )
        raise TypeError(msg)
    for i, example in enumerate(examples):
        if not _is_sequence(example):
            msg = (
                f"`examples[{i}]` must be a list of shapes, e.g. [(3, 1), (1, 4)]; "
                f"got {type(example).__name__} {example!r}"
            )
            raise TypeError(msg)
    if len(examples) == 0 or any(len(example) == 0 for example in examples):
        msg = "`examples` must be a non-empty list of non-empty lists of shapes"
        raise ValueError(msg)
    checked = []
    for i, example in enumerate(examples):
        for j, shape in enumerate(example):
            try:  # one shape on its own always broadcasts: this only validates it
                broadcast_shape(shape)
            except (TypeError, ValueError) as exc:
                msg = f"`examples[{i}][{j}]` is not a valid shape: {exc}"
                raise type(exc)(msg) from None
            if len(shape) > 6:
                msg = f"`examples[{i}][{j}]` has {len(shape)} axes; the diagram draws at most 6"
                raise ValueError(msg)
        checked.append([tuple(int(n) for n in shape) for shape in example])
    labels: list[list[object]] = [[chr(ord("a") + j) for j in range(len(ex))] for ex in checked]
    if names is not None:
        labels = _check_names(names, checked)
    heights = [len(ex) + 1.5 for ex in checked]
    width = max(len(shape) for ex in checked for shape in ex)
    fig, axes = plt.subplots(
        len(checked),
        1,
        figsize=(6.4, 0.5 * sum(heights) + 0.9),
        gridspec_kw={"height_ratios": heights},
        layout="constrained",
        squeeze=False,
    )
    for ax, example, row_names in zip(axes[:, 0], checked, labels, strict=True):
        _draw_example(ax, example, row_names, width)
    key = [
        ("stretched", "size 1, stretched"),
        ("padded", "missing axis, treated as 1"),
        ("result", "result size"),
        ("conflict", "incompatible sizes"),
    ]
    handles = [
        Rectangle((0, 0), 1, 1, facecolor=CELL_COLORS[kind], edgecolor="#333333", label=text)
        for kind, text in key
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=9)
    return fig


def plot_matmul_cost(sizes: ArrayLike, dtype_bytes: int = 4) -> Figure:
    """FLOPs, memory and arithmetic intensity of square matrix products.

    Parameters
    ----------
    sizes : array_like of int
        Matrix sizes ``n`` (at least two, positive); each point is an
        ``(n, n) @ (n, n)`` product.
    dtype_bytes : int, optional
        Bytes per entry (default 4, float32).

    Returns
    -------
    Figure
        Left, on log–log axes: :func:`~aimath.tensors.matmul_flops` (grows as
        :math:`n^3`) and :func:`~aimath.tensors.matmul_bytes` (as :math:`n^2`).
        Right: their ratio, FLOPs per byte, which grows linearly in ``n``.

    Raises
    ------
    ValueError
        If fewer than two sizes are given, ``sizes`` is not 1-D, a size or
        ``dtype_bytes`` is not positive, or the costs overflow float64.
    TypeError
        If ``sizes`` is not array-like (``None``, a string, a mapping), or a
        size or ``dtype_bytes`` is not an integer (NaN, inf, floats and
        complex numbers included). A bad size is named ``sizes[i]``.

    Examples
    --------
    >>> fig = plot_matmul_cost([16, 256, 4096])
    >>> fig.axes[1].get_ylabel()
    'FLOPs per byte'
    >>> plt.close(fig)
    """
    ns = _matrix_sizes(sizes)
    try:  # exact Python ints, converted for plotting
        flops = np.array([matmul_flops(n, n, n) for n in ns], dtype=np.float64)
        memory = np.array([matmul_bytes(n, n, n, dtype_bytes) for n in ns], dtype=np.float64)
    except OverflowError:
        msg = (
            f"`sizes` (largest {max(ns)}) or `dtype_bytes` ({dtype_bytes}) is too large: "
            "the FLOPs or bytes exceed float64"
        )
        raise ValueError(msg) from None
    n_arr = np.array(ns, dtype=np.float64)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 3.8), layout="constrained")
    left.loglog(n_arr, flops, "o-", color=COLORS["blue"], label="FLOPs, $2n^3$")
    left.loglog(
        n_arr, memory, "s-", color=COLORS["orange"], label="bytes, $3n^2 \\times$ entry size"
    )
    left.set(
        xlabel="matrix size $n$",
        ylabel="FLOPs or bytes",
        title="cost of an $n \\times n$ by $n \\times n$ product",
    )
    left.legend(loc="upper left")
    right.loglog(n_arr, flops / memory, "o-", color=COLORS["green"])
    right.set(
        xlabel="matrix size $n$",
        ylabel="FLOPs per byte",
        title=f"arithmetic intensity ({dtype_bytes}-byte entries)",
    )
    return fig


def plot_product_conditioning(stacks: Mapping[str, Sequence[ArrayLike]]) -> Figure:
    r"""Condition number and norm of products of weight matrices against depth.

    Parameters
    ----------
    stacks : mapping of str to sequence of array_like
        Named stacks of weights ``W_1, ..., W_L`` (as in
        :func:`aimath.tensors.product_singular_values`); one curve per stack.

    Returns
    -------
    Figure
        Left: :math:`\kappa(W_\ell \cdots W_1)` against depth :math:`\ell`;
        right: the largest singular value :math:`\sigma_1`, the most the
        product can stretch an input. Both on a log scale.

    Raises
    ------
    TypeError
        If ``stacks`` is not a mapping, or a stack is not a sequence of
        matrices of real numbers.
    ValueError
        If ``stacks`` is empty or a stack is invalid (as
        :func:`aimath.tensors.product_singular_values`). Messages name the
        stack and the layer: ``stacks['gaussian']``, ``stacks['gaussian'][3]``.

    Examples
    --------
    >>> fig = plot_product_conditioning({"diag": [np.diag([2.0, 1.0])] * 3})
    >>> fig.axes[0].get_lines()[0].get_ydata().tolist()
    [2.0, 4.0, 8.0]
    >>> plt.close(fig)
    """
    given: object = stacks  # checked at run time: None or a bare list are common slips
    if not isinstance(given, Mapping):
        msg = (
            "`stacks` must be a mapping of labels to lists of weight matrices, e.g. "
            f"{{'gaussian': [W_1, W_2]}}; got {type(stacks).__name__}"
        )
        raise TypeError(msg)
    if len(stacks) == 0:
        msg = "`stacks` must name at least one stack of weight matrices"
        raise ValueError(msg)
    styles = [("o", "-"), ("s", "--"), ("^", ":"), ("D", "-."), ("v", "-")]
    palette = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"], COLORS["grey"]]
    # compute everything first, so invalid input leaves no half-drawn figure behind
    curves = []
    for label, weights in stacks.items():
        # as product_singular_values, but messages name the stack: `stacks['gaussian'][3]`
        values = _product_singular_values(weights, f"stacks[{label!r}]")
        curves.append((label, _condition_numbers(values), np.array([s[0] for s in values])))
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 3.8), layout="constrained")
    for i, (label, conds, sigma_1) in enumerate(curves):
        depth = np.arange(1, len(conds) + 1)
        marker, line = styles[i % len(styles)]
        # later curves thinner, so curves that coincide (as kappa does under scaling) stay visible
        kwargs = {
            "color": palette[i % len(palette)],
            "marker": marker,
            "linestyle": line,
            "linewidth": max(1.2, 4.0 - 1.1 * i),
            "markersize": max(3.5, 9.0 - 2.0 * i),
        }
        left.semilogy(depth, conds, label=label, **kwargs)
        right.semilogy(depth, sigma_1, label=label, **kwargs)
    left.set(xlabel="depth $\\ell$", ylabel="condition number $\\kappa$", title="conditioning")
    right.set(xlabel="depth $\\ell$", ylabel="largest singular value $\\sigma_1$", title="scale")
    left.legend(loc="upper left", fontsize=9)
    return fig
