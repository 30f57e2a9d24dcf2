"""Figures of chapter 6, matrix calculus and backpropagation.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_autodiff.py`` check what it draws: one box per node of a
computation graph and one arrow per edge, each arrow running from an operand's
box to its result's box; contour lines on which the quadratic form takes the
level's value, and eigenvector lines along which the Hessian only scales;
decision regions that are the network's own predictions.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_matrix, as_vector, finite_scalar
from aimath.autodiff import (
    Value,
    graph_edges,
    graph_layers,
    two_layer_forward,
    two_layer_loss_and_grads,
)
from aimath.calculus import classify_critical_point
from aimath.plotting import COLORS

__all__ = ["plot_computation_graph", "plot_critical_points", "plot_two_layer_training"]

#: Box size in data units: columns are 1 apart, rows 1 apart.
_BOX_W, _BOX_H = 0.8, 0.66
#: Figure inches per column and per row: boxes of about 1.2 x 0.65 inches hold three lines.
_INCH_PER_COL, _INCH_PER_ROW = 1.5, 0.98

#: Largest graph :func:`plot_computation_graph` draws: beyond this the boxes are unreadable.
_MAX_NODES = 60

_OP_NAMES = {
    "+": "+",
    "-": "−",
    "*": "×",
    "/": "÷",
    "neg": "negate",
    "exp": "exp",
    "log": "log",
    "sin": "sin",
    "cos": "cos",
    "tanh": "tanh",
    "relu": "ReLU",
    "sigmoid": "sigmoid",
}


def _op_name(op: str) -> str:
    """How an operation is written in its box: ``*`` as ×, ``**2`` as ^2, ``3**`` as 3^x."""
    if op in _OP_NAMES:
        return _OP_NAMES[op]
    if op.startswith("**"):
        return "^" + op[2:]
    if op.endswith("**"):
        return op[:-2] + "^x"
    return op


def _node_text(node: Value, show_grad: bool) -> str:
    if node.op:
        head = _op_name(node.op) + (f"  ({node.label})" if node.label else "")
    else:
        head = node.label or "const"
    lines = [head, f"data {node.data:.4g}"]
    if show_grad:
        lines.append(f"grad {node.grad:.4g}")
    return "\n".join(lines).replace("-", "\N{MINUS SIGN}")


def _rows(layers: list[list[Value]]) -> dict[Value, float]:
    """Vertical position of every node: each column ordered by its neighbours' mean height."""
    height = max(len(layer) for layer in layers)
    parents: dict[Value, list[Value]] = {node: [] for layer in layers for node in layer}
    for layer in layers:
        for node in layer:
            for child in dict.fromkeys(node.children):
                parents[child].append(node)
    y: dict[Value, float] = {}

    def place(layer: list[Value]) -> None:
        for i, node in enumerate(layer):
            y[node] = (height - 1) / 2 - i - (height - len(layer)) / 2

    for layer in layers:
        place(layer)

    def mean_height(node: Value, neighbours: list[Value]) -> float:
        known = [y[n] for n in neighbours if n in y]
        return -sum(known) / len(known) if known else -y[node]

    # two barycentre sweeps: left to right by operands, right to left by consumers
    for layer in layers[1:]:
        layer.sort(key=lambda n: mean_height(n, list(n.children)))
        place(layer)
    for layer in reversed(layers[:-1]):
        layer.sort(key=lambda n: mean_height(n, parents[n]))
        place(layer)
    return y


def plot_computation_graph(
    root: Value, *, show_grad: bool = True, title: str | None = None
) -> Figure:
    """Draw the computation graph of ``root``: one box per node, one arrow per edge.

    Parameters
    ----------
    root : Value
        The output of the computation.
    show_grad : bool, optional
        Write each node's ``grad`` under its ``data`` (call ``root.backward()`` first).
    title : str, optional
        A title above the graph.

    Returns
    -------
    Figure
        Nodes in the columns of :func:`aimath.autodiff.graph_layers`, leaves
        (inputs and constants) with a blue frame, operations with an orange
        one and ``root`` with a vermillion one; each box names the node
        (operation or label) and shows its data and gradient. An arrow runs
        from each operand to the result it feeds, following
        :func:`aimath.autodiff.graph_edges`. Boxes and arrows carry the gids
        ``node-i`` and ``edge-i-j`` (indices into the topological order).

    Raises
    ------
    TypeError
        If ``root`` is not a :class:`~aimath.autodiff.Value`, ``show_grad``
        is not a bool or ``title`` is not a string.
    ValueError
        If the graph has more than 60 nodes (too many boxes to read).

    Examples
    --------
    >>> x, w = Value(2.0, label="x"), Value(-1.0, label="w")
    >>> y = (x * w).tanh()
    >>> y.backward()
    >>> fig = plot_computation_graph(y)
    >>> len([p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)])
    4
    >>> plt.close(fig)
    """
    layers = graph_layers(root)  # raises for a non-Value root
    size = sum(len(layer) for layer in layers)
    if size > _MAX_NODES:
        msg = f"`root`'s graph has {size} nodes; at most {_MAX_NODES} can be drawn legibly"
        raise ValueError(msg)
    flag: object = show_grad  # checked at run time: 0/1 and "yes" are common slips
    if not isinstance(flag, (bool, np.bool_)):
        msg = f"`show_grad` must be True or False; got {type(flag).__name__}"
        raise TypeError(msg)
    label: object = title
    if label is not None and not isinstance(label, str):
        msg = f"`title` must be a string or None; got {type(label).__name__}"
        raise TypeError(msg)
    y = _rows(layers)
    index = {node: i for i, node in enumerate(n for layer in layers for n in layer)}
    x = {node: float(k) for k, layer in enumerate(layers) for node in layer}
    height = max(len(layer) for layer in layers)
    fig, ax = plt.subplots(
        figsize=(
            max(3.0, _INCH_PER_COL * len(layers)),
            max(1.6, _INCH_PER_ROW * height + (0.35 if title else 0.0)),
        ),
        layout="constrained",
    )
    for node, i in index.items():
        if node is root:
            edge = COLORS["vermillion"]
        else:
            edge = COLORS["orange"] if node.op else COLORS["blue"]
        box = FancyBboxPatch(
            (x[node] - _BOX_W / 2, y[node] - _BOX_H / 2),
            _BOX_W,
            _BOX_H,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor="white",
            edgecolor=edge,
            linewidth=1.8,
            zorder=2,
            gid=f"node-{i}",
        )
        ax.add_patch(box)
        ax.text(
            x[node],
            y[node],
            _node_text(node, bool(flag)),
            ha="center",
            va="center",
            fontsize=9,
            color="#222222",
            zorder=3,
            linespacing=1.3,
        )
    for child, parent in graph_edges(root):
        arrow = FancyArrowPatch(
            (x[child] + _BOX_W / 2, y[child]),
            (x[parent] - _BOX_W / 2, y[parent]),
            arrowstyle="-|>",
            mutation_scale=11,
            color="0.4",
            linewidth=1.1,
            shrinkA=0.0,
            shrinkB=0.0,
            zorder=1,
            gid=f"edge-{index[child]}-{index[parent]}",
        )
        ax.add_patch(arrow)
    ax.set_xlim(-0.5, len(layers) - 0.5)
    ax.set_ylim(-height / 2, height / 2)
    ax.set_axis_off()
    if label is not None:
        ax.set_title(label)
    return fig


def _hessians(hessians: object) -> dict[str, FloatArray]:
    if not isinstance(hessians, Mapping) or not hessians:
        msg = (
            "`hessians` must be a non-empty mapping from a title to a 2x2 matrix; "
            f"got {type(hessians).__name__}"
        )
        raise TypeError(msg) if not isinstance(hessians, Mapping) else ValueError(msg)
    checked: dict[str, FloatArray] = {}
    for name, H in hessians.items():
        where = f"hessians[{name!r}]"
        if not isinstance(name, str):
            msg = f"`hessians` must have string titles as keys; got {type(name).__name__}"
            raise TypeError(msg)
        H_ = as_matrix(H, where, square=True)
        if H_.shape != (2, 2):
            msg = f"`{where}` must be a 2x2 matrix (a function of two variables); got {H_.shape}"
            raise ValueError(msg)
        if not np.allclose(H_, H_.T, rtol=1e-12, atol=0.0):
            msg = f"`{where}` must be symmetric (a Hessian); got {H_.tolist()}"
            raise ValueError(msg)
        checked[name] = H_
    return checked


def plot_critical_points(hessians: Mapping[str, ArrayLike], *, extent: float = 2.0) -> Figure:
    r"""Contours of :math:`f(v) = \tfrac12 v^\top H v` near a critical point, a panel per Hessian.

    Parameters
    ----------
    hessians : mapping of str to array_like, shape (2, 2)
        Panel title to symmetric Hessian, e.g. ``{"x² + y²": [[2, 0], [0, 2]]}``.
    extent : float, optional
        Each panel shows :math:`[-\text{extent}, \text{extent}]^2`.

    Returns
    -------
    Figure
        One panel per Hessian: grey contour lines of the quadratic (dashed
        where it is negative), the critical point at the origin, and the two
        eigenvector directions of :math:`H`, blue where the eigenvalue is
        positive (the surface curves up), vermillion where it is negative
        (down), grey where it is zero, each labelled with its eigenvalue. The
        panel's title adds the classification by
        :func:`aimath.calculus.classify_critical_point`. The eigenvector lines
        carry the gids ``eig-0`` and ``eig-1``.

    Raises
    ------
    TypeError
        If ``hessians`` is not a mapping with string keys, a matrix is not
        numeric, or ``extent`` is not a real number.
    ValueError
        If ``hessians`` is empty, a matrix is not a finite symmetric 2×2
        matrix, or ``extent`` is not finite and positive.

    Notes
    -----
    By Taylor's theorem, near a critical point every smooth function looks
    like its quadratic term; along the eigenvector :math:`q_i` it is
    :math:`\tfrac12 \lambda_i t^2`.

    Examples
    --------
    >>> fig = plot_critical_points({"saddle": [[2.0, 0.0], [0.0, -2.0]]})
    >>> fig.axes[0].get_title()
    'saddle\nsaddle: λ = −2, 2'
    >>> plt.close(fig)
    """
    panels = _hessians(hessians)
    given: object = extent  # checked at run time: "2" would pass float()
    if isinstance(given, (bool, np.bool_)) or not isinstance(given, numbers.Real):
        msg = f"`extent` must be a real number; got {type(given).__name__}"
        raise TypeError(msg)
    reach = finite_scalar(given, "extent")
    if reach <= 0:
        msg = f"`extent` must be positive; got {reach!r}"
        raise ValueError(msg)
    n = len(panels)
    fig, axes = plt.subplots(1, n, figsize=(2.8 * n, 3.3), layout="constrained", squeeze=False)
    t = np.linspace(-reach, reach, 201)
    U, V = np.meshgrid(t, t)
    for ax, (name, H) in zip(axes[0], panels.items(), strict=True):
        F = 0.5 * (H[0, 0] * U**2 + 2 * H[0, 1] * U * V + H[1, 1] * V**2)
        if F.max() > F.min():
            levels = np.linspace(F.min(), F.max(), 14)[1:-1]  # interior levels only
            ax.contour(U, V, F, levels=levels[levels != 0.0], colors="0.45", linewidths=0.9)
        eigenvalues, Q = np.linalg.eigh(H)
        for k, (lam, q) in enumerate(zip(eigenvalues, Q.T, strict=True)):
            if lam > 0:
                color = COLORS["blue"]
            else:
                color = COLORS["vermillion"] if lam < 0 else COLORS["grey"]
            end = 0.85 * reach * q
            ax.plot([-end[0], end[0]], [-end[1], end[1]], color=color, lw=2.4, gid=f"eig-{k}")
            tip = 0.62 * reach * q
            ax.text(
                tip[0],
                tip[1],
                f"λ = {lam:.3g}".replace("-", "\N{MINUS SIGN}"),
                color=color,
                fontsize=10,
                ha="center",
                va="center",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            )
        ax.plot([0.0], [0.0], "o", color="#222222", ms=5)
        kind = classify_critical_point(H)
        values = ", ".join(f"{lam:.3g}" for lam in eigenvalues).replace("-", "\N{MINUS SIGN}")
        ax.set_title(f"{name}\n{kind}: λ = {values}")
        ax.set(
            xlim=(-reach, reach), ylim=(-reach, reach), aspect="equal", xlabel="$x$", ylabel="$y$"
        )
    return fig


_CLASS_COLORS = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"], COLORS["sky"]]
_CLASS_MARKERS = ["o", "s", "^", "D", "v"]


def plot_two_layer_training(
    params: Mapping[str, ArrayLike],
    X: ArrayLike,
    labels: ArrayLike,
    losses: ArrayLike,
    *,
    resolution: int = 200,
) -> Figure:
    """Decision regions of a trained two-layer network and its training loss.

    Parameters
    ----------
    params : mapping
        ``W1`` (H, 2), ``b1``, ``W2`` (C, H), ``b2``: a network with two inputs
        and at most five classes.
    X : array_like, shape (N, 2)
        The training inputs.
    labels : array_like of int, shape (N,)
        Their classes.
    losses : array_like, shape (steps,)
        The training loss at each step, positive.
    resolution : int, optional
        Grid points per axis of the decision-region image, at least 2.

    Returns
    -------
    Figure
        Left: the class the network predicts (arg max of the logits) on a grid
        covering the data, as a lightly tinted image, with the training points
        drawn over it in the colour and marker of their true class. Right: the
        loss against the step, on a log scale.

    Raises
    ------
    TypeError
        If an argument has the wrong type (see
        :func:`aimath.autodiff.two_layer_loss_and_grads`), or ``resolution``
        is not an integer.
    ValueError
        If the network, data and labels do not fit together, ``X`` does not
        have two columns, there are more than five classes, ``losses`` is not
        a finite positive vector, or ``resolution`` is below 2.

    Examples
    --------
    >>> params = {"W1": [[1.0, 0.0]], "b1": [0.0], "W2": [[1.0], [-1.0]], "b2": [0.0, 0.0]}
    >>> fig = plot_two_layer_training(params, [[1.0, 0.0], [-1.0, 0.0]], [0, 1], [0.7, 0.5])
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['$x_1$', 'step']
    >>> plt.close(fig)
    """
    two_layer_loss_and_grads(params, X, labels)  # checks params, X and labels together
    X_ = as_matrix(X, "X")
    y = np.asarray(labels, dtype=np.float64).astype(np.intp)
    n_classes = np.shape(params["b2"])[0]
    if X_.shape[1] != 2:
        msg = f"`X` must have 2 columns (points of the plane); got shape {X_.shape}"
        raise ValueError(msg)
    if n_classes > len(_CLASS_COLORS):
        msg = f"`params` must have at most {len(_CLASS_COLORS)} classes; got {n_classes}"
        raise ValueError(msg)
    loss = as_vector(losses, "losses")
    if np.any(loss <= 0):
        msg = f"`losses` must be positive (a log-scale axis); got minimum {loss.min()!r}"
        raise ValueError(msg)
    given: object = resolution
    if isinstance(given, (bool, np.bool_)) or not isinstance(given, (int, np.integer)):
        msg = f"`resolution` must be an integer; got {type(given).__name__}"
        raise TypeError(msg)
    if given < 2:
        msg = f"`resolution` must be at least 2; got {given}"
        raise ValueError(msg)
    low, high = X_.min(axis=0), X_.max(axis=0)
    margin = 0.1 * np.maximum(high - low, 1.0)
    low, high = low - margin, high + margin
    g1, g2 = np.linspace(low[0], high[0], given), np.linspace(low[1], high[1], given)
    G1, G2 = np.meshgrid(g1, g2)  # (resolution, resolution), rows along x2
    logits, _ = two_layer_forward(params, np.column_stack([G1.ravel(), G2.ravel()]))
    predicted = logits.argmax(axis=1).reshape(G1.shape)
    step1, step2 = (high - low) / (given - 1)
    fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(9.0, 4.0), layout="constrained")
    ax.imshow(
        predicted,
        origin="lower",
        extent=(low[0] - step1 / 2, high[0] + step1 / 2, low[1] - step2 / 2, high[1] + step2 / 2),
        cmap=ListedColormap(_CLASS_COLORS[:n_classes]),
        vmin=-0.5,
        vmax=n_classes - 0.5,
        alpha=0.22,
        interpolation="nearest",
        aspect="auto",
    )
    for c in range(n_classes):
        members = X_[y == c]
        ax.scatter(
            members[:, 0],
            members[:, 1],
            s=22,
            color=_CLASS_COLORS[c],
            marker=_CLASS_MARKERS[c],
            edgecolors="#222222",
            linewidths=0.5,
            label=f"class {c}",
            gid=f"class-{c}",
        )
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title="predicted class (tint) and data")
    ax.grid(False)  # grid lines over the image would read as class boundaries
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=n_classes)
    ax_loss.semilogy(np.arange(loss.size), loss, color=COLORS["vermillion"])
    ax_loss.set(xlabel="step", ylabel="cross-entropy loss", title="training loss")
    return fig
