"""Matrix calculus and backpropagation: the gradients every network is trained with.

Chapter 6 of the book. Two ways to get the gradient of a loss:

* **by hand**, with matrix calculus: the softmax cross-entropy gradient
  ``p - y``, the gradients of a quadratic form and of least squares, and the
  backward pass of a two-layer ReLU network written out layer by layer
  (:func:`two_layer_forward`, :func:`two_layer_backward`);
* **automatically**, with :class:`Value`, a small scalar reverse-mode
  differentiation engine in the spirit of Karpathy's micrograd: every
  operation records its inputs and its local derivatives, and
  :meth:`Value.backward` applies the chain rule over the recorded graph in
  reverse topological order (:func:`topological_order`).

Both are checked against torch autograd and against numerical gradients in
``tests/test_autodiff.py``. Numerical differentiation itself (Jacobians,
Hessians, gradient checks) lives in :mod:`aimath.calculus`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, generator, integer_at_least

__all__ = [
    "TwoLayerCache",
    "Value",
    "graph_edges",
    "graph_layers",
    "init_two_layer",
    "least_squares_gradient",
    "quadratic_form_gradient",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "topological_order",
    "two_layer_backward",
    "two_layer_forward",
    "two_layer_loss_and_grads",
]


# ---------------------------------------------------------------------------
# The scalar engine
# ---------------------------------------------------------------------------


def _real_number(x: object, name: str) -> float:
    """``x`` as a finite float; bools, strings, complex numbers and NaN/inf are refused."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        msg = f"`{name}` must be a real number (int or float); got {type(x).__name__}"
        raise TypeError(msg)
    value = float(x)
    if not math.isfinite(value):
        msg = f"`{name}` must be a finite number; got {value!r}"
        raise ValueError(msg)
    return value


class Value:
    r"""A scalar that remembers how it was computed, for reverse-mode differentiation.

    Arithmetic on ``Value`` objects (``+``, ``-``, ``*``, ``/``, ``**`` with a
    constant exponent, and :meth:`exp`, :meth:`log`, :meth:`sin`, :meth:`cos`,
    :meth:`tanh`, :meth:`relu`, :meth:`sigmoid`) returns a new ``Value`` that records its
    operands (``children``), the operation (``op``) and the partial derivative
    of the result with respect to each operand (``local_grads``), evaluated
    at the operands' values. Plain ints and floats mix in on either side
    (``2 * x``, ``1 - x``) and become constant leaves of the graph.
    :meth:`backward` then fills ``grad`` of every node with the derivative of
    this value with respect to that node.

    Parameters
    ----------
    data : int or float
        The number, finite.
    label : str, optional
        A name shown when the graph is drawn, e.g. ``"w1"``.

    Attributes
    ----------
    grad : float
        :math:`\partial\,\text{root} / \partial\,\text{node}` after ``root.backward()``; 0 before.
    op : str
        The operation that produced the node, ``""`` for a leaf.
    children : tuple of Value
        The operands, in order (a node used twice, as in ``x * x``, appears twice).
    local_grads : tuple of float
        :math:`\partial\,\text{node} / \partial\,\text{child}` for each child.
    label : str
        The name given, or ``""``.

    Raises
    ------
    TypeError
        If ``data`` is not a real number (bools, strings and complex numbers
        are refused), ``label`` is not a string, an operand is neither a
        ``Value`` nor a real number, or an exponent is not a constant real number.
    ValueError
        If ``data`` is NaN or infinite, or an operation leaves the domain where
        it is finite and differentiable: ``log`` of a non-positive number,
        division by zero, a negative base with a non-integer exponent, a zero
        base with an exponent below 1, or a result (or local derivative) that
        overflows float64.

    Notes
    -----
    The chain rule, summed over every path from the root to a node ``v``:

    .. math::

        \frac{\partial r}{\partial v}
        = \sum_{p \,:\, v \to p} \frac{\partial r}{\partial p}\,
          \frac{\partial p}{\partial v},

    where the sum runs over the parents ``p`` that use ``v``. Visiting the
    nodes in reverse topological order guarantees that every
    :math:`\partial r / \partial p` is complete before it is used. Unlike
    torch, which accumulates into the ``.grad`` of leaves across calls,
    :meth:`backward` first resets the gradients of the whole graph, so
    calling it twice gives the same result.

    References
    ----------
    A. Karpathy, *micrograd* (2020), https://github.com/karpathy/micrograd.
    A. G. Baydin et al., "Automatic differentiation in machine learning: a
    survey", *JMLR* 18 (2018).

    Examples
    --------
    >>> x = Value(3.0, label="x")
    >>> y = x * x + 2 * x      # dy/dx = 2x + 2
    >>> y.backward()
    >>> y.data, x.grad
    (15.0, 8.0)
    """

    __slots__ = ("_data", "children", "grad", "label", "local_grads", "op")
    # NumPy scalars defer to Value's reflected operators (np.float64(2) * x is a Value)
    __array_ufunc__ = None

    def __init__(self, data: float, label: str = "") -> None:
        self._data = _real_number(data, "data")
        given: object = label  # checked at run time: any object can arrive
        if not isinstance(given, str):
            msg = f"`label` must be a string; got {type(given).__name__}"
            raise TypeError(msg)
        self.label = given
        self.grad = 0.0
        self.op = ""
        self.children: tuple[Value, ...] = ()
        self.local_grads: tuple[float, ...] = ()

    @property
    def data(self) -> float:
        """The value of the node (finite; may be reassigned, e.g. by a gradient step)."""
        return self._data

    @data.setter
    def data(self, value: float) -> None:
        self._data = _real_number(value, "data")

    @classmethod
    def _node(
        cls, data: float, children: tuple[Value, ...], local_grads: tuple[float, ...], op: str
    ) -> Value:
        """The result of ``op`` on ``children``, with its local derivatives."""
        if not (math.isfinite(data) and all(math.isfinite(g) for g in local_grads)):
            operands = ", ".join(repr(c.data) for c in children)
            msg = (
                f"`{op}` of `data` = {operands} overflows float64 (result {data!r}, "
                f"local derivatives {local_grads!r})"
            )
            raise ValueError(msg)
        out = cls.__new__(cls)
        out._data, out.grad, out.label, out.op = data, 0.0, "", op
        out.children, out.local_grads = children, local_grads
        return out

    def __repr__(self) -> str:
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{name})"

    # -- arithmetic: each op returns the value and d(out)/d(operand) -------------------

    def __add__(self, other: Value | float) -> Value:
        o = _as_value(other)
        return Value._node(self.data + o.data, (self, o), (1.0, 1.0), "+")

    def __radd__(self, other: float) -> Value:
        return _as_value(other) + self

    def __sub__(self, other: Value | float) -> Value:
        o = _as_value(other)
        return Value._node(self.data - o.data, (self, o), (1.0, -1.0), "-")

    def __rsub__(self, other: float) -> Value:
        return _as_value(other) - self

    def __mul__(self, other: Value | float) -> Value:
        o = _as_value(other)
        return Value._node(self.data * o.data, (self, o), (o.data, self.data), "*")

    def __rmul__(self, other: float) -> Value:
        return _as_value(other) * self

    def __truediv__(self, other: Value | float) -> Value:
        o = _as_value(other)
        if o.data == 0.0:
            msg = f"division by zero: the divisor's `data` is 0.0 (dividend {self.data!r})"
            raise ValueError(msg)
        a, b = self.data, o.data
        # -(a / b) / b, not -a / b**2: b**2 underflows to 0 for |b| < 1e-162
        return Value._node(a / b, (self, o), (1.0 / b, -(a / b) / b), "/")

    def __rtruediv__(self, other: float) -> Value:
        return _as_value(other) / self

    def __neg__(self) -> Value:
        return Value._node(-self.data, (self,), (-1.0,), "neg")

    def __pow__(self, k: float) -> Value:
        k = _exponent(k)
        x = self.data
        if x < 0.0 and not k.is_integer():
            msg = f"a negative base (`data` = {x!r}) needs an integer exponent; got {k!r}"
            raise ValueError(msg)
        if x == 0.0 and k < 1.0 and k != 0.0:
            msg = f"x ** {k!r} has no finite derivative at `data` = 0.0 (exponent below 1)"
            raise ValueError(msg)
        try:
            out = x**k
            slope = 0.0 if k == 0.0 else k * x ** (k - 1.0)  # d(x^k)/dx = k x^(k-1)
        except OverflowError:
            out = slope = math.inf  # reported by _node
        return Value._node(out, (self,), (slope,), f"**{k:g}")

    def __rpow__(self, base: float) -> Value:
        c = _real_number(base, "base")
        if c <= 0.0:
            msg = f"`base` of base ** x must be positive (it is exp(x log base)); got {c!r}"
            raise ValueError(msg)
        try:
            out = c**self.data
        except OverflowError:
            out = math.inf  # reported by _node
        return Value._node(out, (self,), (out * math.log(c),), f"{c:g}**")

    # -- elementary functions --------------------------------------------------------

    def exp(self) -> Value:
        """``e ** self``; derivative ``e ** self``."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            e = math.inf  # reported by _node
        return Value._node(e, (self,), (e,), "exp")

    def log(self) -> Value:
        """Natural logarithm; derivative ``1 / self``. Defined for positive data only."""
        if self.data <= 0.0:
            msg = f"log is defined for positive numbers only; got `data` = {self.data!r}"
            raise ValueError(msg)
        return Value._node(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def sin(self) -> Value:
        """Sine; derivative ``cos(self)``."""
        return Value._node(math.sin(self.data), (self,), (math.cos(self.data),), "sin")

    def cos(self) -> Value:
        """Cosine; derivative ``-sin(self)``."""
        return Value._node(math.cos(self.data), (self,), (-math.sin(self.data),), "cos")

    def tanh(self) -> Value:
        """Hyperbolic tangent; derivative ``1 - tanh ** 2``."""
        t = math.tanh(self.data)
        return Value._node(t, (self,), (1.0 - t * t,), "tanh")

    def relu(self) -> Value:
        """``max(0, self)``; derivative 1 for positive data, else 0 (torch's convention at 0)."""
        x = self.data
        return Value._node(max(x, 0.0), (self,), (1.0 if x > 0.0 else 0.0,), "relu")

    def sigmoid(self) -> Value:
        """Logistic sigmoid ``1 / (1 + e ** -self)``; derivative ``s (1 - s)``."""
        x = self.data
        # never exponentiate a large positive number: exp(-x) for x >= 0, exp(x) otherwise
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0.0 else math.exp(x) / (1.0 + math.exp(x))
        return Value._node(s, (self,), (s * (1.0 - s),), "sigmoid")

    # -- reverse mode --------------------------------------------------------------

    def backward(self) -> None:
        """Set ``grad`` of every node of the graph to ``d self / d node``."""
        order = topological_order(self)  # children before parents
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # a node's grad is complete before it is passed on
            for child, local in zip(node.children, node.local_grads, strict=True):
                child.grad += local * node.grad  # chain rule, summed over parents
        for node in order:
            if not math.isfinite(node.grad):
                msg = f"backward overflowed: `grad` of a node with data {node.data!r} is not finite"
                raise ValueError(msg)


def _as_value(x: object) -> Value:
    """An operand as a :class:`Value`: constants become leaves."""
    if isinstance(x, Value):
        return x
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        msg = f"`other` operand must be a Value or a real number; got {type(x).__name__}"
        raise TypeError(msg)
    return Value(_real_number(x, "other"))


def _exponent(k: object) -> float:
    """A constant exponent as a float, or an error naming ``exponent``."""
    if isinstance(k, Value):
        msg = (
            "`exponent` must be a constant int or float, not a Value: "
            "write (k * x.log()).exp() for x ** k with a variable k"
        )
        raise TypeError(msg)
    return _real_number(k, "exponent")


def _root(root: object) -> Value:
    if not isinstance(root, Value):
        msg = f"`root` must be a Value; got {type(root).__name__}"
        raise TypeError(msg)
    return root


def topological_order(root: Value) -> list[Value]:
    """Every node of the graph that produced ``root``, children before parents.

    Parameters
    ----------
    root : Value
        The output node.

    Returns
    -------
    list of Value
        Each node once; ``root`` is last, and every node comes after all of
        its children.

    Raises
    ------
    TypeError
        If ``root`` is not a :class:`Value`.

    Notes
    -----
    A depth-first search that emits a node when all of its children have been
    emitted (post-order). It uses an explicit stack, so a graph thousands of
    nodes deep does not hit Python's recursion limit.

    Examples
    --------
    >>> a, b = Value(2.0, label="a"), Value(3.0, label="b")
    >>> c = a * b
    >>> c.label = "c"
    >>> [node.label for node in topological_order(c + a)]
    ['a', 'b', 'c', '']
    """
    seen: set[Value] = set()
    order: list[Value] = []
    stack: list[tuple[Value, bool]] = [(_root(root), False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        # reversed, so the first operand is explored (and listed) first
        stack.extend((child, False) for child in reversed(node.children))
    return order


def graph_layers(root: Value) -> list[list[Value]]:
    """Group the nodes of ``root``'s graph into columns for drawing.

    Parameters
    ----------
    root : Value
        The output node.

    Returns
    -------
    list of list of Value
        Column ``k`` holds the operation nodes whose longest path from a leaf
        has ``k`` edges, so every edge points to a later column and ``root``
        is alone in the last one. A leaf sits one column before its first
        consumer, next to where it is used. Within a column nodes keep their
        topological order.

    Raises
    ------
    TypeError
        If ``root`` is not a :class:`Value`.

    Examples
    --------
    >>> x, w, b = Value(1.0, label="x"), Value(2.0, label="w"), Value(0.5, label="b")
    >>> out = (x * w + b).tanh()
    >>> [[node.label or node.op for node in layer] for layer in graph_layers(out)]
    [['x', 'w'], ['*', 'b'], ['+'], ['tanh']]
    """
    order = topological_order(root)
    depth: dict[Value, int] = {}
    for node in order:  # children first, so their depths are known
        depth[node] = 1 + max((depth[c] for c in node.children), default=-1)
    first_use: dict[Value, int] = {}
    for node in order:
        for child in node.children:
            first_use[child] = min(first_use.get(child, depth[node]), depth[node])
    for node in order:
        if not node.children and node in first_use:
            depth[node] = first_use[node] - 1  # a leaf next to its first consumer
    layers: list[list[Value]] = [[] for _ in range(depth[order[-1]] + 1)]
    for node in order:
        layers[depth[node]].append(node)
    return layers


def graph_edges(root: Value) -> list[tuple[Value, Value]]:
    """The edges ``(child, parent)`` of ``root``'s graph, each once.

    Parameters
    ----------
    root : Value
        The output node.

    Returns
    -------
    list of tuple of Value
        One pair per distinct operand of each node, parents in topological
        order. ``x * x`` has one edge from ``x``, although ``x`` is an operand
        twice (and receives both contributions in :meth:`Value.backward`).

    Raises
    ------
    TypeError
        If ``root`` is not a :class:`Value`.

    Examples
    --------
    >>> x = Value(3.0, label="x")
    >>> y = x * x
    >>> [(c.label, p.op) for c, p in graph_edges(y)]
    [('x', '*')]
    """
    edges: list[tuple[Value, Value]] = []
    for node in topological_order(root):
        for child in dict.fromkeys(node.children):  # distinct, in operand order
            edges.append((child, node))
    return edges


# ---------------------------------------------------------------------------
# Matrix-calculus identities
# ---------------------------------------------------------------------------


def _axis(axis: object, ndim: int) -> int:
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        msg = f"`axis` must be an integer; got {type(axis).__name__}"
        raise TypeError(msg)
    if not -ndim <= axis < ndim:
        msg = f"`axis` must be in [{-ndim}, {ndim}) for an array with {ndim} axes; got {axis}"
        raise ValueError(msg)
    return int(axis)


def softmax(z: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Softmax of logits along an axis: positive entries that sum to 1.

    Parameters
    ----------
    z : array_like
        Finite logits, at least 1-D.
    axis : int, optional
        The axis that sums to 1 (default: the last, the class axis).

    Returns
    -------
    ndarray
        Same shape as ``z``.

    Raises
    ------
    TypeError
        If ``z`` is not array-like of real numbers or ``axis`` is not an integer.
    ValueError
        If ``z`` is empty, 0-d or not finite, or ``axis`` is out of range.

    Notes
    -----
    .. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}},
              \qquad m = \max_j z_j .

    Subtracting the maximum changes nothing mathematically and keeps every
    exponent at most 0, so nothing overflows.

    Examples
    --------
    >>> p = softmax([1.0, 2.0, 3.0])
    >>> p.round(4).tolist()
    [0.09, 0.2447, 0.6652]
    >>> abs(float(p.sum()) - 1.0) < 1e-15
    True
    """
    z_ = as_float_array(z, "z")
    if z_.ndim == 0:
        msg = "`z` must be at least 1-D (a vector of logits); got a scalar"
        raise ValueError(msg)
    ax = _axis(axis, z_.ndim)
    e = np.exp(z_ - z_.max(axis=ax, keepdims=True))  # exponents <= 0: no overflow
    p: FloatArray = e / e.sum(axis=ax, keepdims=True)
    return p


def _logits(logits: ArrayLike) -> FloatArray:
    z = as_float_array(logits, "logits")
    if z.ndim not in (1, 2):
        msg = f"`logits` must be 1-D (C,) or 2-D (N, C); got shape {z.shape}"
        raise ValueError(msg)
    return z


def _class_labels(
    labels: object, rows: tuple[int, ...], n_classes: int, rows_name: str, classes_name: str
) -> FloatArray:
    """``labels`` as integer class indices of shape ``rows``, each in ``[0, n_classes)``.

    ``rows_name`` and ``classes_name`` name the arguments that fixed the number of
    rows and of classes, so a mismatch message points at both sides.
    """
    if isinstance(labels, (bool, np.bool_)) or (
        isinstance(labels, np.ndarray) and labels.dtype == np.bool_
    ):
        msg = "`labels` must be integer class indices; got booleans"
        raise TypeError(msg)
    y = as_float_array(labels, "labels")  # type: ignore[arg-type]
    if y.shape != rows:
        msg = (
            f"`labels` must have shape {rows}, one class index per row of `{rows_name}`; "
            f"got shape {y.shape}"
        )
        raise ValueError(msg)
    if not np.all(y == np.round(y)):
        msg = "`labels` must be integer class indices; got a non-integer entry"
        raise ValueError(msg)
    if y.min() < 0 or y.max() >= n_classes:
        msg = (
            f"`labels` must lie in [0, {n_classes}) for the {n_classes} classes of "
            f"`{classes_name}`; "
            f"got entries in [{y.min():g}, {y.max():g}]"
        )
        raise ValueError(msg)
    return y


def _one_hot(y: FloatArray, n_classes: int) -> FloatArray:
    onehot: FloatArray = (y[..., None] == np.arange(n_classes)).astype(np.float64)
    return onehot


def softmax_cross_entropy(logits: ArrayLike, labels: ArrayLike) -> float:
    r"""Cross-entropy of the softmax of ``logits`` against class labels, averaged.

    Parameters
    ----------
    logits : array_like, shape (C,) or (N, C)
        Finite scores of one example or a batch of ``N``.
    labels : int or array_like of int, shape () or (N,)
        The true class of each example, in ``[0, C)``.

    Returns
    -------
    float
        :math:`-\frac{1}{N}\sum_n \log p_{n, y_n}`, what
        ``torch.nn.functional.cross_entropy`` computes with its default mean.

    Raises
    ------
    TypeError
        If an argument is not numeric (or ``labels`` are booleans).
    ValueError
        If ``logits`` is not a finite 1-D or 2-D array, or ``labels`` has the
        wrong shape, a non-integer entry or an entry outside ``[0, C)``.

    Notes
    -----
    .. math:: \ell(z, y) = -\log \operatorname{softmax}(z)_y
              = \log\sum_j e^{z_j} - z_y ,

    computed as :math:`m + \log\sum_j e^{z_j - m} - z_y` with
    :math:`m = \max_j z_j` (log-sum-exp), so large logits neither overflow nor
    lose the loss to rounding.

    Examples
    --------
    >>> round(softmax_cross_entropy([2.0, 1.0, 0.1], 0), 5)
    0.41703
    >>> softmax_cross_entropy([[0.0, 0.0], [0.0, 0.0]], [0, 1]) == math.log(2)
    True
    """
    z = _logits(logits)
    y = _class_labels(labels, z.shape[:-1], z.shape[-1], "logits", "logits")
    m = z.max(axis=-1, keepdims=True)
    log_sum_exp = m[..., 0] + np.log(np.exp(z - m).sum(axis=-1))
    true_logit = np.take_along_axis(z, y.astype(np.intp)[..., None], axis=-1)[..., 0]
    return float(np.mean(log_sum_exp - true_logit))


def softmax_cross_entropy_grad(logits: ArrayLike, labels: ArrayLike) -> FloatArray:
    r"""Gradient of :func:`softmax_cross_entropy` with respect to the logits: ``(p - y) / N``.

    Parameters
    ----------
    logits : array_like, shape (C,) or (N, C)
        Finite scores of one example or a batch of ``N``.
    labels : int or array_like of int, shape () or (N,)
        The true class of each example, in ``[0, C)``.

    Returns
    -------
    ndarray
        Same shape as ``logits``: ``softmax(logits) - one_hot(labels)``,
        divided by ``N`` for a batch (the loss is a mean).

    Raises
    ------
    TypeError
        If an argument is not numeric (or ``labels`` are booleans).
    ValueError
        If ``logits`` is not a finite 1-D or 2-D array, or ``labels`` has the
        wrong shape, a non-integer entry or an entry outside ``[0, C)``.

    Notes
    -----
    For one example, with :math:`p = \operatorname{softmax}(z)` and
    :math:`y` the one-hot label,

    .. math:: \frac{\partial \ell}{\partial z_i} = p_i - y_i ,

    because :math:`\partial \log\sum_j e^{z_j} / \partial z_i = p_i` and
    :math:`\partial z_y / \partial z_i = y_i`. Each row sums to zero.

    Examples
    --------
    >>> softmax_cross_entropy_grad([0.0, 0.0], 1).tolist()
    [0.5, -0.5]
    """
    z = _logits(logits)
    y = _class_labels(labels, z.shape[:-1], z.shape[-1], "logits", "logits")
    n = 1 if z.ndim == 1 else z.shape[0]
    grad: FloatArray = (softmax(z) - _one_hot(y, z.shape[-1])) / n
    return grad


def quadratic_form_gradient(A: ArrayLike, x: ArrayLike) -> FloatArray:
    r"""Gradient of the quadratic form :math:`f(x) = x^\top A x`: :math:`(A + A^\top) x`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        A finite square matrix, symmetric or not.
    x : array_like, shape (n,)
        The point.

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If ``A`` is not a finite square matrix or ``x`` not a finite vector of matching length.

    Notes
    -----
    .. math:: \frac{\partial}{\partial x_k} \sum_{i,j} x_i A_{ij} x_j
              = \sum_j A_{kj} x_j + \sum_i x_i A_{ik} = \bigl((A + A^\top) x\bigr)_k ,

    which is :math:`2 A x` when :math:`A` is symmetric.

    Examples
    --------
    >>> quadratic_form_gradient([[1.0, 2.0], [0.0, 3.0]], [1.0, 1.0]).tolist()
    [4.0, 8.0]
    """
    A_ = as_matrix(A, "A", square=True)
    x_ = as_vector(x, "x")
    if x_.shape[0] != A_.shape[0]:
        msg = f"`x` must have length {A_.shape[0]} to match `A` {A_.shape}; got {x_.shape[0]}"
        raise ValueError(msg)
    grad: FloatArray = (A_ + A_.T) @ x_
    return grad


def least_squares_gradient(A: ArrayLike, x: ArrayLike, b: ArrayLike) -> FloatArray:
    r"""Gradient of :math:`\lVert Ax - b \rVert^2` with respect to ``x``: :math:`2 A^\top (Ax - b)`.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A finite matrix.
    x : array_like, shape (n,)
        The point.
    b : array_like, shape (m,)
        The target.

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If an argument is not finite or the shapes do not match.

    Notes
    -----
    With the residual :math:`r = Ax - b`, the chain rule gives

    .. math:: \nabla_x \lVert r \rVert^2 = J_r^\top \, \nabla_r \lVert r \rVert^2
              = A^\top (2 r) .

    Setting it to zero gives the normal equations :math:`A^\top A x = A^\top b`.

    Examples
    --------
    >>> least_squares_gradient([[1.0, 0.0], [0.0, 2.0]], [1.0, 1.0], [0.0, 0.0]).tolist()
    [2.0, 8.0]
    """
    A_ = as_matrix(A, "A")
    x_ = as_vector(x, "x")
    b_ = as_vector(b, "b")
    m, n = A_.shape
    if x_.shape[0] != n:
        msg = (
            f"`x` must have length {n}, the number of columns of `A` {A_.shape}; got {x_.shape[0]}"
        )
        raise ValueError(msg)
    if b_.shape[0] != m:
        msg = f"`b` must have length {m}, the number of rows of `A` {A_.shape}; got {b_.shape[0]}"
        raise ValueError(msg)
    grad: FloatArray = 2.0 * A_.T @ (A_ @ x_ - b_)
    return grad


# ---------------------------------------------------------------------------
# A two-layer ReLU network, forward and backward by hand
# ---------------------------------------------------------------------------

_PARAM_NAMES = ("W1", "b1", "W2", "b2")


@dataclass(frozen=True)
class TwoLayerCache:
    """What :func:`two_layer_forward` keeps for the backward pass.

    Attributes
    ----------
    X : numpy.ndarray
        The inputs, shape ``(N, D)``.
    Z1 : numpy.ndarray
        Hidden pre-activations :math:`X W_1^\\top + b_1`, shape ``(N, H)``.
    H1 : numpy.ndarray
        Hidden activations :math:`\\operatorname{ReLU}(Z_1)`, shape ``(N, H)``.
    logits : numpy.ndarray
        Outputs :math:`H_1 W_2^\\top + b_2`, shape ``(N, C)``.
    """

    X: FloatArray
    Z1: FloatArray
    H1: FloatArray
    logits: FloatArray


def _two_layer_params(params: object) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """``params`` as checked ``(W1, b1, W2, b2)`` with consistent shapes."""
    if not isinstance(params, Mapping):
        msg = f"`params` must be a mapping with keys {_PARAM_NAMES}; got {type(params).__name__}"
        raise TypeError(msg)
    if set(params) != set(_PARAM_NAMES):
        msg = f"`params` must have exactly the keys {_PARAM_NAMES}; got {tuple(params)}"
        raise ValueError(msg)
    W1 = as_matrix(params["W1"], "params['W1']")
    b1 = as_vector(params["b1"], "params['b1']")
    W2 = as_matrix(params["W2"], "params['W2']")
    b2 = as_vector(params["b2"], "params['b2']")
    hidden, classes = W1.shape[0], W2.shape[0]
    if b1.shape != (hidden,):
        msg = f"`params['b1']` must have length {hidden} (rows of `params['W1']`); got {b1.shape}"
        raise ValueError(msg)
    if W2.shape[1] != hidden:
        msg = (
            f"`params['W2']` must have {hidden} columns, one per hidden unit of "
            f"`params['W1']` {W1.shape}; got shape {W2.shape}"
        )
        raise ValueError(msg)
    if b2.shape != (classes,):
        msg = f"`params['b2']` must have length {classes} (rows of `params['W2']`); got {b2.shape}"
        raise ValueError(msg)
    return W1, b1, W2, b2


def _forward_pass(
    X: FloatArray, W1: FloatArray, b1: FloatArray, W2: FloatArray, b2: FloatArray
) -> tuple[FloatArray, TwoLayerCache]:
    """The forward pass of :func:`two_layer_forward`, on checked arrays."""
    Z1 = X @ W1.T + b1  # (N, H) hidden pre-activations
    H1 = np.maximum(Z1, 0.0)  # (N, H) ReLU
    logits = H1 @ W2.T + b2  # (N, C)
    return logits, TwoLayerCache(X, Z1, H1, logits)


def _backward_pass(
    cache: TwoLayerCache, W2: FloatArray, delta2: FloatArray
) -> dict[str, FloatArray]:
    """The chain rule of :func:`two_layer_backward`, on checked arrays."""
    dW2 = delta2.T @ cache.H1  # (C, H): outer products, summed over the batch
    db2 = delta2.sum(axis=0)  # (C,)
    delta1 = (delta2 @ W2) * (cache.Z1 > 0.0)  # (N, H): through W2, ReLU mask
    dW1 = delta1.T @ cache.X  # (H, D)
    db1 = delta1.sum(axis=0)  # (H,)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def init_two_layer(
    n_in: int, n_hidden: int, n_out: int, *, rng: np.random.Generator
) -> dict[str, FloatArray]:
    r"""Random parameters of a two-layer ReLU network ``n_in -> n_hidden -> n_out``.

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Input, hidden and output sizes, each at least 1.
    rng : numpy.random.Generator
        The source of randomness (seed it for reproducible weights).

    Returns
    -------
    dict of str to ndarray
        ``W1`` (n_hidden, n_in), ``b1`` (n_hidden,), ``W2`` (n_out, n_hidden),
        ``b2`` (n_out,): the names and shapes of ``torch.nn.Linear`` layers.

    Raises
    ------
    TypeError
        If a size is not an integer or ``rng`` is not a ``numpy.random.Generator``.
    ValueError
        If a size is below 1.

    Notes
    -----
    Weights are drawn from :math:`\mathcal{N}(0, 2 / n_\text{in})` for the
    ReLU layer (He initialisation, which keeps the activations' variance from
    shrinking layer by layer) and :math:`\mathcal{N}(0, 1 / n_\text{hidden})`
    for the output layer; biases start at zero.

    References
    ----------
    K. He, X. Zhang, S. Ren and J. Sun, "Delving deep into rectifiers",
    *ICCV* (2015).

    Examples
    --------
    >>> params = init_two_layer(2, 3, 2, rng=np.random.default_rng(0))
    >>> {name: p.shape for name, p in params.items()}
    {'W1': (3, 2), 'b1': (3,), 'W2': (2, 3), 'b2': (2,)}
    """
    d, h, c = (
        integer_at_least(v, n, 1)
        for v, n in [(n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out")]
    )
    generator(rng)
    return {
        "W1": rng.normal(0.0, math.sqrt(2.0 / d), size=(h, d)),
        "b1": np.zeros(h),
        "W2": rng.normal(0.0, math.sqrt(1.0 / h), size=(c, h)),
        "b2": np.zeros(c),
    }


def two_layer_forward(
    params: Mapping[str, ArrayLike], X: ArrayLike
) -> tuple[FloatArray, TwoLayerCache]:
    r"""Forward pass of the two-layer ReLU network: logits and the cache for backward.

    Parameters
    ----------
    params : mapping
        ``W1`` (H, D), ``b1`` (H,), ``W2`` (C, H), ``b2`` (C,), as made by
        :func:`init_two_layer`.
    X : array_like, shape (N, D)
        A batch of inputs, one per row.

    Returns
    -------
    logits : ndarray, shape (N, C)
    cache : TwoLayerCache
        The inputs and intermediate arrays :func:`two_layer_backward` needs.

    Raises
    ------
    TypeError
        If ``params`` is not a mapping or an array is not numeric.
    ValueError
        If an array is not finite, the shapes do not fit together, or the
        logits overflow float64.

    Notes
    -----
    .. math::

        Z_1 = X W_1^\top + b_1, \qquad H_1 = \operatorname{ReLU}(Z_1), \qquad
        \text{logits} = H_1 W_2^\top + b_2 .

    Examples
    --------
    >>> params = {"W1": [[1.0, -1.0]], "b1": [0.0], "W2": [[2.0], [-1.0]], "b2": [0.0, 1.0]}
    >>> logits, cache = two_layer_forward(params, [[3.0, 1.0], [1.0, 3.0]])
    >>> logits.tolist()
    [[4.0, -1.0], [0.0, 1.0]]
    """
    W1, b1, W2, b2 = _two_layer_params(params)
    X_ = as_matrix(X, "X")
    if X_.shape[1] != W1.shape[1]:
        msg = (
            f"`X` must have {W1.shape[1]} columns, the input size of `params['W1']` "
            f"{W1.shape}; got shape {X_.shape}"
        )
        raise ValueError(msg)
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
        logits, cache = _forward_pass(X_, W1, b1, W2, b2)
    if not np.all(np.isfinite(logits)):
        msg = "the logits overflow float64: `X` or `params` are too large"
        raise ValueError(msg)
    return logits, cache


def two_layer_backward(
    params: Mapping[str, ArrayLike], cache: TwoLayerCache, dlogits: ArrayLike
) -> dict[str, FloatArray]:
    r"""Backward pass of the two-layer ReLU network, written out by hand.

    Parameters
    ----------
    params : mapping
        The parameters used in the forward pass.
    cache : TwoLayerCache
        What :func:`two_layer_forward` returned with the logits.
    dlogits : array_like, shape (N, C)
        :math:`\partial L / \partial\,\text{logits}`, e.g. from
        :func:`softmax_cross_entropy_grad`.

    Returns
    -------
    dict of str to ndarray
        :math:`\partial L / \partial W_1, \partial L / \partial b_1,
        \partial L / \partial W_2, \partial L / \partial b_2`, each with the
        shape of its parameter.

    Raises
    ------
    TypeError
        If ``params`` is not a mapping, ``cache`` is not a :class:`TwoLayerCache`,
        or ``dlogits`` is not numeric.
    ValueError
        If ``dlogits`` is not finite, its shape, the cache's and the
        parameters' do not fit together, or the gradients overflow float64.

    Notes
    -----
    With :math:`\delta_2 = \partial L / \partial\,\text{logits}` (N, C), each
    line is the chain rule through one step of the forward pass:

    .. math::

        \frac{\partial L}{\partial W_2} = \delta_2^\top H_1, \quad
        \frac{\partial L}{\partial b_2} = \mathbf{1}^\top \delta_2, \quad
        \delta_1 = (\delta_2 W_2) \odot \mathbb{1}[Z_1 > 0], \quad
        \frac{\partial L}{\partial W_1} = \delta_1^\top X, \quad
        \frac{\partial L}{\partial b_1} = \mathbf{1}^\top \delta_1 .

    Examples
    --------
    >>> params = {"W1": [[1.0, -1.0]], "b1": [0.0], "W2": [[2.0], [-1.0]], "b2": [0.0, 1.0]}
    >>> logits, cache = two_layer_forward(params, [[3.0, 1.0]])
    >>> grads = two_layer_backward(params, cache, [[1.0, 0.0]])
    >>> grads["W1"].tolist(), grads["W2"].tolist()
    ([[6.0, 2.0]], [[2.0], [0.0]])
    """
    W1, _, W2, _ = _two_layer_params(params)
    given: object = cache  # checked at run time: any object can arrive
    if not isinstance(given, TwoLayerCache):
        msg = f"`cache` must be the TwoLayerCache of two_layer_forward; got {type(given).__name__}"
        raise TypeError(msg)
    n = cache.X.shape[0]
    if cache.X.shape[1] != W1.shape[1] or cache.Z1.shape != (n, W1.shape[0]):
        msg = "`cache` does not come from a forward pass with these `params` (shapes differ)"
        raise ValueError(msg)
    delta2 = as_matrix(dlogits, "dlogits")  # (N, C)
    if delta2.shape != (n, W2.shape[0]):
        msg = f"`dlogits` must have the shape of the logits, {(n, W2.shape[0])}; got {delta2.shape}"
        raise ValueError(msg)
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
        grads = _backward_pass(cache, W2, delta2)
    if not all(np.all(np.isfinite(g)) for g in grads.values()):
        msg = "the gradients overflow float64: `dlogits` or `params` are too large"
        raise ValueError(msg)
    return grads


def two_layer_loss_and_grads(
    params: Mapping[str, ArrayLike], X: ArrayLike, labels: ArrayLike
) -> tuple[float, dict[str, FloatArray]]:
    r"""Mean softmax cross-entropy of the two-layer network and its parameter gradients.

    Parameters
    ----------
    params : mapping
        ``W1`` (H, D), ``b1`` (H,), ``W2`` (C, H), ``b2`` (C,).
    X : array_like, shape (N, D)
        A batch of inputs.
    labels : array_like of int, shape (N,)
        The class of each row of ``X``, in ``[0, C)``.

    Returns
    -------
    loss : float
        :func:`softmax_cross_entropy` of the logits.
    grads : dict of str to ndarray
        Its gradient with respect to each parameter, by :func:`two_layer_backward`.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If an array is not finite or the shapes do not fit together, or a label
        is not a class index.

    Notes
    -----
    Forward, the loss, then backward from
    :math:`\partial L / \partial\,\text{logits} = (P - Y) / N`.

    Examples
    --------
    >>> params = init_two_layer(2, 4, 3, rng=np.random.default_rng(0))
    >>> loss, grads = two_layer_loss_and_grads(params, [[1.0, 2.0], [0.5, -1.0]], [0, 2])
    >>> sorted(grads), grads["W1"].shape
    (['W1', 'W2', 'b1', 'b2'], (4, 2))
    """
    logits, cache = two_layer_forward(params, X)
    _class_labels(labels, logits.shape[:1], logits.shape[1], "X", "params['W2']")
    loss = softmax_cross_entropy(logits, labels)
    grads = two_layer_backward(params, cache, softmax_cross_entropy_grad(logits, labels))
    return loss, grads
