"""Tests for aimath.autodiff (chapter 6): the scalar engine, matrix calculus, backprop.

Tolerances. Everything runs in float64 (eps = 2.2e-16), in our code and in
torch. Where two implementations perform the same handful of operations on
O(1) numbers, they agree to a few ulp and ``rtol=1e-12`` is about 1000x the
rounding error. Where a computation cancels (a gradient that is a sum of
terms of both signs), the error is bounded relative to the *sum of absolute
values* of the terms, not to the result, and the tests compare against that
scale (see ``path_scale``). Numerical gradients by central differences with
step h carry a truncation error O(h^2) and a round-off error O(eps/h); the
tolerances at those comparisons say which dominates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from numpy.testing import assert_allclose, assert_array_equal
from numpy.typing import ArrayLike
from strategies import FAST, matrices, vectors

from aimath.autodiff import (
    TwoLayerCache,
    Value,
    graph_edges,
    graph_layers,
    init_two_layer,
    least_squares_gradient,
    quadratic_form_gradient,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
    topological_order,
    two_layer_backward,
    two_layer_forward,
    two_layer_loss_and_grads,
)
from aimath.calculus import jacobian, numerical_gradient, relative_error
from aimath.plotting.autodiff import (
    plot_computation_graph,
    plot_critical_points,
    plot_two_layer_training,
)

PARAM_NAMES = ("W1", "b1", "W2", "b2")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Every test starts and ends without open figures (error paths must not leak any)."""
    plt.close("all")
    yield
    plt.close("all")


def neuron() -> tuple[Value, dict[str, Value]]:
    """o = tanh(x1 w1 + x2 w2 + b), the chapter's example."""
    leaves = {
        "x1": Value(2.0, label="x1"),
        "x2": Value(-1.0, label="x2"),
        "w1": Value(-0.5, label="w1"),
        "w2": Value(1.5, label="w2"),
        "b": Value(0.8, label="b"),
    }
    v = leaves
    o = (v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"]).tanh()
    return o, leaves


# ---------------------------------------------------------------------------
# 1. Reference values
# ---------------------------------------------------------------------------


def test_value_polynomial_by_hand() -> None:
    # y = x^2 + 2x at x = 3: y = 15, dy/dx = 2x + 2 = 8 (exact in float64)
    x = Value(3.0, label="x")
    y = x * x + 2 * x
    y.backward()
    assert (y.data, x.grad, y.grad) == (15.0, 8.0, 1.0)


def test_value_neuron_by_hand() -> None:
    # closed form: do/dw1 = x1 (1 - tanh(n)^2), do/db = 1 - tanh(n)^2, n = -1 - 1.5 + 0.8
    o, v = neuron()
    o.backward()
    n = 2.0 * -0.5 + -1.0 * 1.5 + 0.8
    slope = 1.0 - math.tanh(n) ** 2
    # a few roundings on O(1) numbers
    assert o.data == pytest.approx(math.tanh(n), rel=1e-15)
    assert v["w1"].grad == pytest.approx(2.0 * slope, rel=1e-14)
    assert v["x2"].grad == pytest.approx(1.5 * slope, rel=1e-14)
    assert v["b"].grad == pytest.approx(slope, rel=1e-14)


def test_value_chain_rule_sin_of_square() -> None:
    # d/dx sin(x^2) = 2x cos(x^2) (chain rule), at x = 1.5
    x = Value(1.5)
    y = (x**2).sin()
    y.backward()
    assert y.data == pytest.approx(math.sin(2.25), rel=1e-15)
    assert x.grad == pytest.approx(3.0 * math.cos(2.25), rel=1e-14)


@pytest.mark.parametrize(
    ("build", "x0", "expected"),
    [
        # each derivative by hand, evaluated at x0
        (lambda x: x.exp(), 0.7, math.exp(0.7)),
        (lambda x: x.log(), 0.7, 1 / 0.7),
        (lambda x: x.tanh(), 0.7, 1 - math.tanh(0.7) ** 2),
        (lambda x: x.sigmoid(), 0.7, math.exp(-0.7) / (1 + math.exp(-0.7)) ** 2),
        (lambda x: x.sigmoid(), -40.0, math.exp(-40.0) / (1 + math.exp(-40.0)) ** 2),
        (lambda x: x.sin(), 0.7, math.cos(0.7)),
        (lambda x: x.cos(), 0.7, -math.sin(0.7)),
        (lambda x: x.relu(), 0.7, 1.0),
        (lambda x: x.relu(), -0.7, 0.0),
        (lambda x: x.relu(), 0.0, 0.0),  # torch's convention at the kink
        (lambda x: -x, 0.7, -1.0),
        (lambda x: x**3, -2.0, 12.0),
        (lambda x: x**0.5, 4.0, 0.25),
        (lambda x: x**0, 0.0, 0.0),  # x^0 = 1 everywhere: slope 0, even at 0
        (lambda x: x**2, 0.0, 0.0),
        (lambda x: 2.0**x, 3.0, 8.0 * math.log(2.0)),
        (lambda x: 1 / x, 4.0, -1 / 16),
        (lambda x: 1 - x, 4.0, -1.0),
        (lambda x: x / 4, 4.0, 0.25),
        (lambda x: 3 + x, 4.0, 1.0),
        (lambda x: x - 3, 4.0, 1.0),
    ],
)
def test_value_local_derivatives(
    build: Callable[[Value], Value], x0: float, expected: float
) -> None:
    x = Value(x0)
    y = build(x)
    y.backward()
    # one elementary function, correctly rounded or nearly: 1e-14
    assert x.grad == pytest.approx(expected, rel=1e-14, abs=1e-300)


def test_value_sigmoid_is_stable_for_large_inputs() -> None:
    # 1 / (1 + exp(800)) would overflow; the stable branch gives exp(-800) = 0 exactly
    assert Value(-800.0).sigmoid().data == 0.0
    assert Value(800.0).sigmoid().data == 1.0


def test_value_division_by_a_tiny_number() -> None:
    # d(a/b)/db = -a/b^2 = -1e170 for a = b = 1e-170, although b^2 underflows to 0
    a, b = Value(1e-170), Value(1e-170)
    q = a / b
    q.backward()
    assert (q.data, a.grad, b.grad) == (1.0, 1e170, -1e170)


def test_value_shared_operand_collects_both_paths() -> None:
    # x * x uses x twice: d/dx = x + x; y = x*x + x*x*x: 2x + 3x^2 = 6 + 27 at x = 3
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0
    y = x * x + x * x * x
    y.backward()
    assert x.grad == 33.0


def test_backward_resets_gradients_so_it_is_idempotent() -> None:
    o, v = neuron()
    o.backward()
    first = {k: leaf.grad for k, leaf in v.items()}
    o.backward()
    assert {k: leaf.grad for k, leaf in v.items()} == first


def test_value_records_graph() -> None:
    x, w = Value(2.0, label="x"), Value(-1.0, label="w")
    y = x * w
    assert (y.op, y.children, y.local_grads) == ("*", (x, w), (-1.0, 2.0))
    assert (x.op, x.children, x.local_grads, x.label) == ("", (), (), "x")
    assert (x * 2).children[1].data == 2.0  # a constant becomes a leaf
    assert repr(x) == "Value(data=2.0, grad=0.0, label='x')"
    assert repr(y) == "Value(data=-2.0, grad=0.0)"


def test_value_accepts_numpy_scalars_on_either_side() -> None:
    x = Value(np.float64(2.0))
    y = np.float64(3.0) * x + np.int64(1)  # type: ignore[operator]  # NumPy scalars are numbers
    assert isinstance(y, Value)
    assert y.data == 7.0
    x.data = np.float32(0.5)  # type: ignore[assignment]
    assert x.data == 0.5
    assert isinstance(x.data, float)


def test_topological_order_small_graph() -> None:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    c.label = "c"
    d = c + a
    assert topological_order(d) == [a, b, c, d]
    assert topological_order(a) == [a]


def test_deep_graph_has_no_recursion_limit() -> None:
    # 5000 chained additions: a recursive DFS would exceed Python's default limit (1000)
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y + 1.0
    y.backward()
    assert y.data == 5001.0
    assert x.grad == 1.0
    assert len(topological_order(y)) == 1 + 2 * 5000


def test_graph_layers_and_edges_of_the_neuron() -> None:
    o, v = neuron()
    layers = graph_layers(o)
    names = [[n.label or n.op for n in layer] for layer in layers]
    # products need their two leaves; b sits next to the addition that consumes it
    assert names == [["x1", "w1", "x2", "w2"], ["*", "*"], ["+", "b"], ["+"], ["tanh"]]
    edges = graph_edges(o)
    assert len(edges) == 9  # 4 into the products, 2 + 2 into the sums, 1 into tanh
    assert (v["b"], layers[3][0]) in edges


def test_graph_edges_are_distinct() -> None:
    x = Value(3.0)
    y = x * x
    assert graph_edges(y) == [(x, y)]
    assert [len(layer) for layer in graph_layers(y)] == [1, 1]


def test_softmax_reference() -> None:
    # closed form e^z / sum e^z for small z (no overflow possible)
    z = np.array([1.0, 2.0, 3.0])
    assert_allclose(softmax(z), np.exp(z) / np.exp(z).sum(), rtol=1e-15)
    # large logits: the naive formula gives inf / inf = nan; the shifted one is exact
    assert_allclose(softmax([1000.0, 1000.0]), [0.5, 0.5], rtol=0)
    Z = np.array([[1.0, 2.0], [3.0, 5.0]])
    assert_allclose(softmax(Z, axis=0).sum(axis=0), 1.0, rtol=1e-15)


def test_softmax_cross_entropy_reference() -> None:
    # -log softmax([2, 1, 0.1])_0 computed by hand from the closed form
    z = [2.0, 1.0, 0.1]
    expected = -math.log(math.exp(2.0) / (math.exp(2.0) + math.exp(1.0) + math.exp(0.1)))
    assert softmax_cross_entropy(z, 0) == pytest.approx(expected, rel=1e-15)
    # uniform logits over C classes: log C, the loss of a clueless classifier
    assert softmax_cross_entropy(np.zeros((4, 10)), [0, 3, 9, 2]) == pytest.approx(
        math.log(10), rel=1e-15
    )
    # huge logits: finite, and 0 when the true class wins by a mile
    assert softmax_cross_entropy([1e5, 0.0], 0) == 0.0
    assert softmax_cross_entropy([0.0, 1e5], 0) == 1e5


def test_softmax_cross_entropy_grad_is_p_minus_y() -> None:
    z = np.array([2.0, 1.0, 0.1])
    expected = softmax(z) - np.array([0.0, 1.0, 0.0])
    assert_allclose(softmax_cross_entropy_grad(z, 1), expected, rtol=1e-15)
    # float labels with integer values are accepted
    assert_allclose(softmax_cross_entropy_grad([z, z], [1.0, 1.0]), [expected / 2] * 2, rtol=1e-15)


def test_quadratic_form_and_least_squares_by_hand() -> None:
    # A = [[1, 2], [0, 3]], x = (1, 1): (A + A^T) x = [[2, 2], [2, 6]] (1, 1) = (4, 8)
    assert_array_equal(quadratic_form_gradient([[1.0, 2.0], [0.0, 3.0]], [1.0, 1.0]), [4.0, 8.0])
    # A = diag(1, 2), b = 0, x = (1, 1): 2 A^T A x = (2, 8)
    assert_array_equal(
        least_squares_gradient([[1.0, 0.0], [0.0, 2.0]], [1.0, 1.0], [0.0, 0.0]), [2.0, 8.0]
    )


def test_two_layer_by_hand() -> None:
    # X = (3, 1): Z1 = 3 - 1 = 2 > 0, H1 = 2, logits = (2*2, -2 + 1) = (4, -1)
    params: dict[str, ArrayLike] = {
        "W1": [[1.0, -1.0]],
        "b1": [0.0],
        "W2": [[2.0], [-1.0]],
        "b2": [0.0, 1.0],
    }
    logits, cache = two_layer_forward(params, [[3.0, 1.0]])
    assert_array_equal(logits, [[4.0, -1.0]])
    assert_array_equal(cache.Z1, [[2.0]])
    # dlogits = (1, 0): dW2 = dlogits^T H1 = (2, 0); delta1 = dlogits W2 = 2 (ReLU active);
    # dW1 = delta1 X = (6, 2); db1 = 2; db2 = (1, 0)
    grads = two_layer_backward(params, cache, [[1.0, 0.0]])
    assert_array_equal(grads["W2"], [[2.0], [0.0]])
    assert_array_equal(grads["b2"], [1.0, 0.0])
    assert_array_equal(grads["W1"], [[6.0, 2.0]])
    assert_array_equal(grads["b1"], [2.0])
    # an inactive hidden unit (X = (1, 3): Z1 = -2) blocks the gradient to W1 and b1
    _, cache = two_layer_forward(params, [[1.0, 3.0]])
    grads = two_layer_backward(params, cache, [[1.0, 0.0]])
    assert_array_equal(grads["W1"], [[0.0, 0.0]])
    assert_array_equal(grads["b1"], [0.0])


def test_init_two_layer_shapes_seed_and_scale() -> None:
    p = init_two_layer(400, 500, 3, rng=np.random.default_rng(1))
    assert {k: v.shape for k, v in p.items()} == {
        "W1": (500, 400),
        "b1": (500,),
        "W2": (3, 500),
        "b2": (3,),
    }
    assert_array_equal(p["b1"], 0.0)
    again = init_two_layer(400, 500, 3, rng=np.random.default_rng(1))
    assert all(np.array_equal(p[k], again[k]) for k in PARAM_NAMES)
    # He scale sqrt(2/400): the sample std of 200 000 normals has relative standard
    # error 1/sqrt(2 * 200000) = 0.0016, so 1 % is more than 6 standard errors
    assert p["W1"].std() == pytest.approx(math.sqrt(2 / 400), rel=0.01)
    # 1500 samples: relative standard error 0.018; 8 % is over 4 standard errors
    assert p["W2"].std() == pytest.approx(math.sqrt(1 / 500), rel=0.08)


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------

N_VARS = 3
UNARY = ("neg", "exp", "log", "sin", "cos", "tanh", "relu", "sigmoid")
BINARY = ("add", "sub", "mul", "div")
EXPONENTS = (0, 1, 2, 3, -1, -2, 0.5, 1.5, 2.0)

Spec = tuple[Any, ...]

# Leaves are variables; constants enter through "const" nodes that combine a plain
# float with a subtree, on either side, so that every subtree depends on a variable
# and the reflected operators (2.5 * x, 1 - x, 3 / x) are exercised.
_leaf = st.tuples(st.just("var"), st.integers(0, N_VARS - 1))
_constants = st.floats(-3.0, 3.0).filter(lambda c: abs(c) >= 0.1)


def _extend(children: st.SearchStrategy[Spec]) -> st.SearchStrategy[Spec]:
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children),
        st.tuples(st.sampled_from(BINARY), children, children),
        st.tuples(st.just("const"), st.sampled_from(BINARY), _constants, children, st.booleans()),
        st.tuples(st.just("pow"), children, st.sampled_from(EXPONENTS)),
        st.tuples(st.just("rpow"), st.floats(0.25, 4.0), children),
    )


expressions = st.recursive(_leaf, _extend, max_leaves=10)

_OURS: dict[str, Callable[[Any], Any]] = {
    "neg": lambda a: -a,
    "exp": lambda a: a.exp(),
    "log": lambda a: a.log(),
    "sin": lambda a: a.sin(),
    "cos": lambda a: a.cos(),
    "tanh": lambda a: a.tanh(),
    "relu": lambda a: a.relu(),
    "sigmoid": lambda a: a.sigmoid(),
}
_TORCH: dict[str, Callable[[Any], Any]] = {
    "neg": lambda a: -a,
    "exp": torch.exp,
    "log": torch.log,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
}
_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


def build(spec: Spec, leaves: list[Any], unary: dict[str, Callable[[Any], Any]], lift: Any) -> Any:
    """Evaluate an expression tree with the given leaves (Values or tensors)."""
    kind = spec[0]
    if kind == "var":
        return leaves[spec[1]]
    if kind == "const":
        _, op, c, child, on_left = spec
        a = build(child, leaves, unary, lift)
        # a plain float with a Value/tensor: Python calls the reflected operator
        return _BINARY[op](c, a) if on_left else _BINARY[op](a, c)
    if kind in unary:
        return unary[kind](lift(build(spec[1], leaves, unary, lift)))
    if kind in _BINARY:
        a = build(spec[1], leaves, unary, lift)
        b = build(spec[2], leaves, unary, lift)
        return _BINARY[kind](a, b)
    if kind == "pow":
        return lift(build(spec[1], leaves, unary, lift)) ** spec[2]
    assert kind == "rpow"
    return spec[1] ** lift(build(spec[2], leaves, unary, lift))


def _lift_value(a: Any) -> Value:
    return a if isinstance(a, Value) else Value(a)


def _lift_tensor(a: Any) -> torch.Tensor:
    return a if isinstance(a, torch.Tensor) else torch.tensor(a, dtype=torch.float64)


def well_conditioned(root: Value) -> bool:
    """Keep expressions away from poles and huge values, where two correct engines
    may legitimately differ by more than rounding (see test_engine_matches_torch)."""
    for node in topological_order(root):
        if abs(node.data) > 1e3:
            return False
        if node.op in ("/", "log") or (node.op.startswith("**") and float(node.op[2:]) < 1):
            arg = node.children[-1] if node.op == "/" else node.children[0]
            if abs(arg.data) < 1e-2:
                return False
    return True


def path_scale(root: Value) -> dict[Value, float]:
    """Sum over paths of |product of local derivatives|: the scale of each gradient's
    rounding error (a gradient is a sum of path products that may cancel)."""
    scale = dict.fromkeys(topological_order(root), 0.0)
    scale[root] = 1.0
    for node in reversed(list(scale)):
        for child, local in zip(node.children, node.local_grads, strict=True):
            scale[child] += abs(local) * scale[node]
    return scale


# the central claim of the chapter's engine: more examples than FAST's 60 (about 1 s)
@settings(FAST, max_examples=200)
@given(
    spec=expressions,
    xs=st.lists(st.floats(-2.0, 2.0), min_size=N_VARS, max_size=N_VARS),
)
def test_engine_matches_torch(spec: Spec, xs: list[float]) -> None:
    ours = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    try:
        root = build(spec, ours, _OURS, _lift_value)
    except ValueError:
        # our engine refuses log(0), 1/0, ...: torch would give inf or nan there
        assume(False)
    assume(well_conditioned(root))
    root.backward()

    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    out = build(spec, theirs, _TORCH, _lift_tensor)
    out.backward()
    # Forward values: each node has |data| <= 1e3 and poles are 1e-2 away, so rounding
    # differences between the engines (different formulas for sigmoid, division, pow)
    # are amplified by at most ~1e5: 1e-9 relative to the largest scale is ample.
    assert out.item() == pytest.approx(root.data, rel=1e-9, abs=1e-9)
    # Gradients: rounding error is bounded by eps times the path scale, times the
    # depth and the amplification above; 1e-9 of the scale leaves orders of margin,
    # while a wrong local derivative would miss by O(scale).
    scales = path_scale(root)
    for leaf, t in zip(ours, theirs, strict=True):
        expected = 0.0 if t.grad is None else t.grad.item()
        bound = 1e-9 * (1.0 + scales.get(leaf, 0.0))
        assert abs(leaf.grad - expected) <= bound, (spec, leaf.label, leaf.grad, expected)


@FAST
@given(spec=expressions, xs=st.lists(st.floats(-2.0, 2.0), min_size=N_VARS, max_size=N_VARS))
def test_topological_order_and_layers_respect_every_edge(spec: Spec, xs: list[float]) -> None:
    leaves = [Value(x) for x in xs]
    try:
        root = build(spec, leaves, _OURS, _lift_value)
    except ValueError:
        assume(False)
    order = topological_order(root)
    position = {node: i for i, node in enumerate(order)}
    assert len(position) == len(order)  # each node once
    assert order[-1] is root
    layers = graph_layers(root)
    column = {node: k for k, layer in enumerate(layers) for node in layer}
    assert set(column) == set(order)
    assert layers[-1] == [root]
    edges = graph_edges(root)
    assert len(edges) == len(set(edges))
    assert len(edges) == sum(len(set(node.children)) for node in order)
    for child, parent in edges:
        assert position[child] < position[parent]
        assert column[child] < column[parent]


@FAST
@given(A=matrices(4, 4), x=vectors(4))
def test_quadratic_form_gradient_matches_torch(A: np.ndarray, x: np.ndarray) -> None:
    x_t = torch.tensor(x, requires_grad=True)
    (x_t @ torch.tensor(A) @ x_t).backward()  # type: ignore[no-untyped-call]
    assert x_t.grad is not None
    # each entry is a sum of 8 products of magnitude <= |A||x|: compare to that scale
    scale = (np.abs(A) + np.abs(A.T)) @ np.abs(x)
    assert np.all(np.abs(quadratic_form_gradient(A, x) - x_t.grad.numpy()) <= 1e-12 * scale)


@FAST
@given(A=matrices(5, 3), x=vectors(3), b=vectors(5))
def test_least_squares_gradient_matches_torch(A: np.ndarray, x: np.ndarray, b: np.ndarray) -> None:
    x_t = torch.tensor(x, requires_grad=True)
    (((torch.tensor(A) @ x_t - torch.tensor(b)) ** 2).sum()).backward()  # type: ignore[no-untyped-call]
    assert x_t.grad is not None
    # two chained sums of products: bound relative to the sums of absolute values
    scale = 2 * np.abs(A.T) @ (np.abs(A) @ np.abs(x) + np.abs(b))
    assert np.all(np.abs(least_squares_gradient(A, x, b) - x_t.grad.numpy()) <= 1e-12 * scale)


logit_batches = st.integers(1, 5).flatmap(
    lambda n: st.integers(2, 5).flatmap(
        lambda c: st.tuples(
            matrices(n, c).map(lambda z: z / 100.0),  # logits up to 10 in magnitude
            st.lists(st.integers(0, c - 1), min_size=n, max_size=n),
        )
    )
)


@FAST
@given(batch=logit_batches)
def test_softmax_cross_entropy_and_grad_match_torch(
    batch: tuple[np.ndarray, list[int]],
) -> None:
    z, y = batch
    z_t = torch.tensor(z, requires_grad=True)
    loss_t = torch.nn.functional.cross_entropy(z_t, torch.tensor(y))
    loss_t.backward()  # type: ignore[no-untyped-call]
    assert z_t.grad is not None
    # log-sum-exp of at most 5 terms of size <= 10: a few ulp of the largest logit
    assert softmax_cross_entropy(z, y) == pytest.approx(loss_t.item(), rel=1e-12, abs=1e-12)
    # p - y has entries in [-1, 1]: absolute 1e-14 is ~50 ulp
    assert_allclose(softmax_cross_entropy_grad(z, y), z_t.grad.numpy(), rtol=0, atol=1e-14)
    assert_allclose(softmax(z).sum(axis=1), 1.0, rtol=1e-14)
    assert_allclose(softmax_cross_entropy_grad(z, y).sum(axis=1), 0.0, atol=1e-15)


@FAST
@given(z=vectors(5), shift=st.floats(-100.0, 100.0))
def test_softmax_is_shift_invariant(z: np.ndarray, shift: float) -> None:
    # entries up to 1e3 and a shift up to 100: exponents lose ~1e3 * eps absolute
    assert_allclose(softmax(z + shift), softmax(z), rtol=1e-10, atol=1e-12)


def torch_two_layer(
    params: dict[str, np.ndarray], X: np.ndarray, labels: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """The same network in torch: nn.functional ops and autograd."""
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    h = torch.relu(torch.tensor(X) @ tp["W1"].T + tp["b1"])
    logits = h @ tp["W2"].T + tp["b2"]
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels, dtype=torch.long))
    loss.backward()  # type: ignore[no-untyped-call]
    grads = {}
    for k, v in tp.items():
        assert v.grad is not None
        grads[k] = v.grad.numpy()
    return loss.item(), grads


@st.composite
def two_layer_problems(
    draw: st.DrawFn,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    n, d, h, c = (draw(st.integers(lo, hi)) for lo, hi in [(1, 6), (1, 4), (1, 5), (2, 4)])
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    params = init_two_layer(d, h, c, rng=rng)
    params["b1"] = rng.normal(size=h)  # non-zero biases exercise db1
    params["b2"] = rng.normal(size=c)
    X = rng.normal(size=(n, d))
    labels = rng.integers(0, c, size=n)
    return params, X, labels


@FAST
@given(problem=two_layer_problems())
def test_two_layer_backward_matches_torch(
    problem: tuple[dict[str, np.ndarray], np.ndarray, np.ndarray],
) -> None:
    params, X, labels = problem
    loss, grads = two_layer_loss_and_grads(params, X, labels)
    loss_t, grads_t = torch_two_layer(params, X, labels)
    # standard-normal data through two small layers: O(1) values, sums of <= 6 terms,
    # the same operations in another order; rtol 1e-10 with a small atol for entries
    # that cancel to ~0 (and for exact zeros behind inactive ReLUs)
    assert loss == pytest.approx(loss_t, rel=1e-12)
    for k in PARAM_NAMES:
        assert_allclose(grads[k], grads_t[k], rtol=1e-10, atol=1e-13, err_msg=k)


def test_two_layer_backward_matches_numerical_gradient() -> None:
    rng = np.random.default_rng(6)
    params = init_two_layer(3, 5, 4, rng=rng)
    params["b1"] = rng.normal(size=5)
    X = rng.normal(size=(8, 3))
    labels = rng.integers(0, 4, size=8)
    _, grads = two_layer_loss_and_grads(params, X, labels)
    _, cache = two_layer_forward(params, X)
    # central differences step 1e-5 must not cross a ReLU kink: every |Z1| is far above it
    assert np.min(np.abs(cache.Z1)) > 1e-3
    for k in PARAM_NAMES:

        def loss_of(w: np.ndarray, k: str = k) -> float:
            return two_layer_loss_and_grads({**params, k: w}, X, labels)[0]

        numeric = numerical_gradient(loss_of, params[k], 1e-5)
        # truncation O(h^2) = 1e-10 times third derivatives of order 1, round-off
        # eps / h = 2e-11: a correct gradient is within ~1e-8 relative, a wrong one ~1
        assert relative_error(grads[k], numeric) < 1e-8, k


def test_vector_chain_rule_with_engine_rows() -> None:
    # f(x, y) = (x^2 + y, sin(xy)); one backward pass per output gives one Jacobian row
    def f_values(v: np.ndarray) -> np.ndarray:
        return np.array([v[0] ** 2 + v[1], math.sin(v[0] * v[1])])

    point = np.array([1.2, -0.7])
    x, y = Value(point[0]), Value(point[1])
    outputs = [x * x + y, (x * y).sin()]
    rows = []
    for out in outputs:
        out.backward()
        rows.append([x.grad, y.grad])
    exact = np.array(
        [
            [2 * point[0], 1.0],
            [point[1] * math.cos(point.prod()), point[0] * math.cos(point.prod())],
        ]
    )
    assert_allclose(rows, exact, rtol=1e-14)
    # central differences with the default step: O(h^2) = 1e-10 truncation
    assert_allclose(jacobian(f_values, point), exact, rtol=1e-8, atol=1e-10)


# ---------------------------------------------------------------------------
# 3. Errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "exc", "message"),
    [
        (math.nan, ValueError, "`data` must be a finite number; got nan"),
        (math.inf, ValueError, "`data` must be a finite number; got inf"),
        ("1.0", TypeError, "`data` must be a real number (int or float); got str"),
        (True, TypeError, "`data` must be a real number (int or float); got bool"),
        (1 + 2j, TypeError, "`data` must be a real number (int or float); got complex"),
        (None, TypeError, "`data` must be a real number (int or float); got NoneType"),
    ],
)
def test_value_rejects_bad_data(data: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        Value(data)  # type: ignore[arg-type]
    x = Value(1.0)
    with pytest.raises(exc, match=re.escape(message)):
        x.data = data  # type: ignore[assignment]
    assert x.data == 1.0


def test_value_rejects_bad_label() -> None:
    with pytest.raises(TypeError, match=re.escape("`label` must be a string; got int")):
        Value(1.0, label=3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: Value(0.0).log(), ValueError, "log is defined for positive numbers only"),
        (lambda: Value(-1.0).log(), ValueError, "got `data` = -1.0"),
        (lambda: Value(1.0) / 0, ValueError, "division by zero: the divisor's `data` is 0.0"),
        (lambda: 1.0 / Value(0.0), ValueError, "division by zero"),
        (lambda: Value(2.0) ** Value(3.0), TypeError, "`exponent` must be a constant"),  # type: ignore[operator]
        (lambda: Value(2.0) ** "2", TypeError, "`exponent` must be a real number"),  # type: ignore[operator]
        (lambda: Value(2.0) ** True, TypeError, "`exponent` must be a real number"),
        (lambda: Value(2.0) ** math.nan, ValueError, "`exponent` must be a finite number"),
        (lambda: Value(-8.0) ** (1 / 3), ValueError, "a negative base (`data` = -8.0) needs"),
        (lambda: Value(0.0) ** 0.5, ValueError, "no finite derivative at `data` = 0.0"),
        (lambda: Value(0.0) ** -1, ValueError, "no finite derivative at `data` = 0.0"),
        (lambda: 0.0 ** Value(2.0), ValueError, "`base` of base ** x must be positive"),
        (lambda: (-2.0) ** Value(2.0), ValueError, "`base` of base ** x must be positive"),
        (lambda: "2" ** Value(2.0), TypeError, "`base` must be a real number"),  # type: ignore[operator]
        (lambda: Value(800.0).exp(), ValueError, "`exp` of `data` = 800.0 overflows float64"),
        (lambda: Value(1e200) * 1e200, ValueError, "`*` of `data` = 1e+200, 1e+200 overflows"),
        (lambda: Value(1e200) ** 2, ValueError, "`**2` of `data` = 1e+200 overflows"),
        (lambda: 10.0 ** Value(400.0), ValueError, "`10**` of `data` = 400.0 overflows"),
        (lambda: Value(1e-200) ** -2, ValueError, "overflows float64"),
        (lambda: Value(1.0) / 1e-200, ValueError, "`/` of `data` = 1.0, 1e-200 overflows"),
        (lambda: Value(1.0) + "a", TypeError, "`other` operand must be a Value or a real number"),  # type: ignore[operator]
        (lambda: "a" - Value(1.0), TypeError, "`other` operand must be a Value or a real"),  # type: ignore[operator]
        (lambda: Value(1.0) * None, TypeError, "got NoneType"),  # type: ignore[operator]
        (lambda: Value(1.0) * math.inf, ValueError, "`other` must be a finite number; got inf"),
        (lambda: [1.0] * Value(1.0), TypeError, "`other` operand must be a Value"),  # type: ignore[operator]
    ],
)
def test_value_operations_reject_bad_input(
    call: Callable[[], object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        call()


def test_backward_reports_gradient_overflow() -> None:
    # d/dx x^(-1/2) = -x^(-3/2)/2 = -5e449 at x = 1e-300: each local derivative is
    # finite (5e149 and 1e300) but their product is not
    x = Value(1e-300)
    y = 1 / x**0.5
    with pytest.raises(ValueError, match=re.escape("backward overflowed: `grad` of a node")):
        y.backward()


@pytest.mark.parametrize("func", [topological_order, graph_layers, graph_edges])
def test_graph_functions_reject_non_values(func: Callable[[Any], object]) -> None:
    with pytest.raises(TypeError, match=re.escape("`root` must be a Value; got float")):
        func(1.0)


@pytest.mark.parametrize(
    ("z", "axis", "exc", "message"),
    [
        (3.0, -1, ValueError, "`z` must be at least 1-D"),
        ([1.0, math.nan], -1, ValueError, "`z` must contain only finite numbers"),
        ([], -1, ValueError, "`z` must not be empty"),
        ("abc", -1, TypeError, "`z` must be array-like of numbers"),
        ([1.0, 2.0], 1, ValueError, "`axis` must be in [-1, 1) for an array with 1 axes; got 1"),
        ([1.0, 2.0], 0.0, TypeError, "`axis` must be an integer; got float"),
        ([1.0, 2.0], True, TypeError, "`axis` must be an integer; got bool"),
    ],
)
def test_softmax_rejects_bad_input(
    z: object, axis: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        softmax(z, axis)  # type: ignore[arg-type]


@pytest.mark.parametrize("func", [softmax_cross_entropy, softmax_cross_entropy_grad])
@pytest.mark.parametrize(
    ("logits", "labels", "exc", "message"),
    [
        (
            [1.0, 2.0],
            2,
            ValueError,
            "`labels` must lie in [0, 2) for the 2 classes of `logits`; got entries in [2, 2]",
        ),
        ([1.0, 2.0], -1, ValueError, "`labels` must lie in [0, 2)"),
        ([1.0, 2.0], 0.5, ValueError, "`labels` must be integer class indices; got a non-integer"),
        ([1.0, 2.0], True, TypeError, "`labels` must be integer class indices; got booleans"),
        ([[1.0, 2.0]], np.array([True]), TypeError, "`labels` must be integer class indices"),
        ([1.0, 2.0], math.nan, ValueError, "`labels` must contain only finite numbers"),
        ([1.0, 2.0], "0", TypeError, "`labels` must be array-like of numbers"),
        ([[1.0, 2.0]], [0, 1], ValueError, "`labels` must have shape (1,), one class index per"),
        ([[1.0, 2.0]], 0, ValueError, "`labels` must have shape (1,)"),
        ([[[1.0, 2.0]]], [[0]], ValueError, "`logits` must be 1-D (C,) or 2-D (N, C)"),
        ([1.0, math.inf], 0, ValueError, "`logits` must contain only finite numbers"),
    ],
)
def test_cross_entropy_rejects_bad_input(
    func: Callable[[Any, Any], object],
    logits: object,
    labels: object,
    exc: type[Exception],
    message: str,
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        func(logits, labels)


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (
            lambda: quadratic_form_gradient([[1.0, 2.0]], [1.0, 1.0]),
            ValueError,
            "`A` must be square; got shape (1, 2)",
        ),
        (
            lambda: quadratic_form_gradient(np.eye(2), [1.0, 1.0, 1.0]),
            ValueError,
            "`x` must have length 2 to match `A` (2, 2); got 3",
        ),
        (
            lambda: quadratic_form_gradient(np.eye(2), [1.0, math.nan]),
            ValueError,
            "`x` must contain only finite numbers",
        ),
        (
            lambda: least_squares_gradient(np.ones((3, 2)), [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]),
            ValueError,
            "`x` must have length 2, the number of columns of `A` (3, 2); got 3",
        ),
        (
            lambda: least_squares_gradient(np.ones((3, 2)), [1.0, 1.0], [0.0, 0.0]),
            ValueError,
            "`b` must have length 3, the number of rows of `A` (3, 2); got 2",
        ),
        (
            lambda: least_squares_gradient([1.0, 2.0], [1.0], [0.0]),
            ValueError,
            "`A` must be a 2-D matrix",
        ),
    ],
)
def test_matrix_calculus_rejects_bad_input(
    call: Callable[[], object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        call()


GOOD = {"W1": np.ones((3, 2)), "b1": np.zeros(3), "W2": np.ones((2, 3)), "b2": np.zeros(2)}


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"n_in": 0}, ValueError, "`n_in` must be at least 1; got 0"),
        ({"n_hidden": 2.0}, TypeError, "`n_hidden` must be an integer; got float"),
        ({"n_out": True}, TypeError, "`n_out` must be an integer; got bool"),
        ({"rng": 42}, TypeError, "`rng` must be a numpy.random.Generator (e.g. "),
    ],
)
def test_init_two_layer_rejects_bad_input(
    kwargs: dict[str, Any], exc: type[Exception], message: str
) -> None:
    args: dict[str, Any] = {"n_in": 2, "n_hidden": 3, "n_out": 2, "rng": np.random.default_rng(0)}
    with pytest.raises(exc, match=re.escape(message)):
        init_two_layer(**{**args, **kwargs})


@pytest.mark.parametrize(
    ("params", "X", "exc", "message"),
    [
        ([1.0], np.ones((1, 2)), TypeError, "`params` must be a mapping with keys"),
        (
            {**GOOD, "extra": 1.0},
            np.ones((1, 2)),
            ValueError,
            "`params` must have exactly the keys",
        ),
        ({k: GOOD[k] for k in ("W1", "b1", "W2")}, np.ones((1, 2)), ValueError, "exactly the keys"),
        ({**GOOD, "W1": np.ones(3)}, np.ones((1, 2)), ValueError, "`params['W1']` must be a 2-D"),
        (
            {**GOOD, "b1": np.zeros(2)},
            np.ones((1, 2)),
            ValueError,
            "`params['b1']` must have length 3",
        ),
        (
            {**GOOD, "W2": np.ones((2, 4))},
            np.ones((1, 2)),
            ValueError,
            "`params['W2']` must have 3",
        ),
        (
            {**GOOD, "b2": np.zeros(3)},
            np.ones((1, 2)),
            ValueError,
            "`params['b2']` must have length 2",
        ),
        (
            {**GOOD, "b2": [0.0, math.nan]},
            np.ones((1, 2)),
            ValueError,
            "`params['b2']` must contain",
        ),
        (
            GOOD,
            np.ones((1, 3)),
            ValueError,
            "`X` must have 2 columns, the input size of `params['W1']`",
        ),
        (GOOD, np.ones(2), ValueError, "`X` must be a 2-D matrix"),
        (GOOD, np.full((1, 2), 1e308), ValueError, "the logits overflow float64"),
    ],
)
def test_two_layer_forward_rejects_bad_input(
    params: object, X: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        two_layer_forward(params, X)  # type: ignore[arg-type]


def test_two_layer_backward_rejects_bad_input() -> None:
    _, cache = two_layer_forward(GOOD, np.ones((4, 2)))
    with pytest.raises(TypeError, match=re.escape("`cache` must be the TwoLayerCache")):
        two_layer_backward(GOOD, {"X": np.ones((4, 2))}, np.ones((4, 2)))  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=re.escape("`dlogits` must have the shape of the logits, (4, 2)")
    ):
        two_layer_backward(GOOD, cache, np.ones((4, 3)))
    with pytest.raises(ValueError, match=re.escape("`dlogits` must contain only finite numbers")):
        two_layer_backward(GOOD, cache, np.full((4, 2), math.nan))
    other = {**GOOD, "W1": np.ones((5, 2)), "b1": np.zeros(5), "W2": np.ones((2, 5))}
    with pytest.raises(ValueError, match=re.escape("`cache` does not come from a forward pass")):
        two_layer_backward(other, cache, np.ones((4, 2)))
    with pytest.raises(ValueError, match=re.escape("`params` must have exactly the keys")):
        two_layer_backward({}, cache, np.ones((4, 2)))
    assert isinstance(cache, TwoLayerCache)


def test_two_layer_loss_and_grads_rejects_bad_labels() -> None:
    X = np.ones((3, 2))
    with pytest.raises(
        ValueError, match=re.escape("`labels` must have shape (3,), one class index per row of `X`")
    ):
        two_layer_loss_and_grads(GOOD, X, [0, 1])
    with pytest.raises(ValueError, match=re.escape("`labels` must lie in [0, 2)")):
        two_layer_loss_and_grads(GOOD, X, [0, 1, 2])
    with pytest.raises(ValueError, match=re.escape("`X` must have 2 columns")):
        two_layer_loss_and_grads(GOOD, np.ones((3, 1)), [0, 1, 1])


# ---------------------------------------------------------------------------
# 4. Figures
# ---------------------------------------------------------------------------


def boxes(fig: Figure) -> dict[str, FancyBboxPatch]:
    return {str(p.get_gid()): p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)}


def arrows(fig: Figure) -> dict[str, FancyArrowPatch]:
    return {str(p.get_gid()): p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)}


def test_computation_graph_draws_one_box_per_node_and_one_arrow_per_edge() -> None:
    o, _ = neuron()
    o.backward()
    fig = plot_computation_graph(o, title="a neuron")
    ax = fig.axes[0]
    nodes = [n for layer in graph_layers(o) for n in layer]
    drawn_boxes, drawn_arrows = boxes(fig), arrows(fig)
    assert len(drawn_boxes) == len(nodes) == len(topological_order(o))
    assert len(drawn_arrows) == len(graph_edges(o))
    index = {node: i for i, node in enumerate(nodes)}
    for child, parent in graph_edges(o):
        arrow = drawn_arrows[f"edge-{index[child]}-{index[parent]}"]
        path = arrow.get_path()  # data units: the shaft, then the head (and a CLOSEPOLY)
        vertices = np.asarray(path.vertices, dtype=float)[path.codes != Path.CLOSEPOLY]
        x0, y0 = vertices[0]
        x1, y1 = vertices[np.argmax(np.hypot(*(vertices - vertices[0]).T))]  # the tip: farthest
        a, b = drawn_boxes[f"node-{index[child]}"], drawn_boxes[f"node-{index[parent]}"]
        # the arrow leaves the middle of the operand's right side ...
        assert x0 == pytest.approx(a.get_x() + a.get_width())
        assert y0 == pytest.approx(a.get_y() + a.get_height() / 2)
        # ... and its tip touches the result's left side (matplotlib pulls the tip of
        # a filled head back by about half a line width: 0.02 data units here)
        assert x1 == pytest.approx(b.get_x(), abs=0.02)
        assert y1 == pytest.approx(b.get_y() + b.get_height() / 2, abs=0.02)
        assert x1 > x0  # every edge points right, to a later column
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == len(nodes)
    for node in nodes:
        # each box shows the node's data and gradient (4 significant digits)
        expected = f"data {node.data:.4g}\ngrad {node.grad:.4g}".replace("-", "\N{MINUS SIGN}")
        assert any(expected in t for t in texts)
    assert any(t.startswith("tanh") for t in texts)
    assert ax.get_title() == "a neuron"
    # no two boxes overlap
    rects = [(p.get_x(), p.get_y()) for p in drawn_boxes.values()]
    assert len(set(rects)) == len(rects)
    plt.close(fig)


def test_computation_graph_without_gradients_and_with_constants() -> None:
    x = Value(3.0, label="x")
    y = (2.0 ** (x - 1) / x).exp() ** 2
    fig = plot_computation_graph(y, show_grad=False)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert not any("grad" in t for t in texts)
    assert sum(t.startswith("const") for t in texts) == 1  # the 1 of x - 1
    assert {"2^x", "÷", "exp", "^2", "−"} <= {t.split("\n")[0] for t in texts}
    assert fig.axes[0].get_title() == ""
    plt.close(fig)


def test_computation_graph_rejects_bad_input() -> None:
    with pytest.raises(TypeError, match=re.escape("`root` must be a Value; got list")):
        plot_computation_graph([1.0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`show_grad` must be True or False; got int")):
        plot_computation_graph(Value(1.0), show_grad=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`title` must be a string or None; got int")):
        plot_computation_graph(Value(1.0), title=3)  # type: ignore[arg-type]
    chain = Value(1.0)
    for _ in range(30):
        chain = chain * 2.0  # 1 + 2 * 30 = 61 nodes
    with pytest.raises(ValueError, match=re.escape("`root`'s graph has 61 nodes; at most 60")):
        plot_computation_graph(chain)
    assert plt.get_fignums() == []


HESSIANS = {
    "bowl": [[2.0, 1.0], [1.0, 2.0]],
    "cap": [[-2.0, 0.0], [0.0, -1.0]],
    "saddle": [[2.0, 0.0], [0.0, -2.0]],
    "trough": [[2.0, 0.0], [0.0, 0.0]],
}


def test_critical_points_draws_level_sets_and_eigenvectors() -> None:
    fig = plot_critical_points(HESSIANS, extent=1.5)
    assert len(fig.axes) == len(HESSIANS)
    kinds = {"bowl": "minimum", "cap": "maximum", "saddle": "saddle", "trough": "degenerate"}
    for ax, (name, H) in zip(fig.axes, HESSIANS.items(), strict=True):
        H_ = np.array(H)
        assert ax.get_title().startswith(f"{name}\n{kinds[name]}: λ = ")
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        assert ax.get_xlim() == (-1.5, 1.5)
        (contours,) = [c for c in ax.collections if isinstance(c, ContourSet)]
        checked = 0
        for level, segments in zip(contours.levels, contours.allsegs, strict=True):
            for seg in segments:
                values = 0.5 * np.einsum("ni,ij,nj->n", seg, H_, seg)
                # marching squares interpolates linearly on a 201-point grid (spacing
                # 0.015): error ~ spacing^2 * |H| / 8, below 1e-4 for |H| <= 2
                assert_allclose(values, level, atol=1e-4)
                checked += len(seg)
        assert checked > 100
        eigenvalues = np.linalg.eigvalsh(H_)
        for k in range(2):
            (line,) = [ln for ln in ax.lines if ln.get_gid() == f"eig-{k}"]
            direction = np.diff(line.get_xydata(), axis=0)[0]
            # H q = lambda q along the drawn line (eigh is accurate to ~1e-15)
            assert_allclose(H_ @ direction, eigenvalues[k] * direction, atol=1e-12)
    plt.close(fig)


@pytest.mark.parametrize(
    ("hessians", "extent", "exc", "message"),
    [
        ({}, 2.0, ValueError, "`hessians` must be a non-empty mapping"),
        ([[1.0, 0.0], [0.0, 1.0]], 2.0, TypeError, "`hessians` must be a non-empty mapping"),
        ({1: np.eye(2)}, 2.0, TypeError, "`hessians` must have string titles as keys; got int"),
        ({"a": np.eye(3)}, 2.0, ValueError, "`hessians['a']` must be a 2x2 matrix"),
        ({"a": [[1.0, 2.0], [0.0, 1.0]]}, 2.0, ValueError, "`hessians['a']` must be symmetric"),
        ({"a": [[1.0, math.nan], [0.0, 1.0]]}, 2.0, ValueError, "`hessians['a']` must contain"),
        ({"a": np.eye(2)}, 0.0, ValueError, "`extent` must be positive; got 0.0"),
        ({"a": np.eye(2)}, math.inf, ValueError, "`extent` must be a finite number"),
        ({"a": np.eye(2)}, "2", TypeError, "`extent` must be a real number"),
    ],
)
def test_critical_points_rejects_bad_input(
    hessians: object, extent: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_critical_points(hessians, extent=extent)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_two_layer_backward_reports_overflow() -> None:
    _, cache = two_layer_forward(GOOD, np.ones((4, 2)))
    with pytest.raises(ValueError, match=re.escape("the gradients overflow float64: `dlogits`")):
        two_layer_backward(GOOD, cache, np.full((4, 2), 1e308))


def test_two_layer_training_draws_the_networks_predictions() -> None:
    rng = np.random.default_rng(3)
    params = init_two_layer(2, 6, 3, rng=rng)
    params["b1"] = rng.normal(size=6)
    X = rng.normal(size=(30, 2))
    labels = rng.integers(0, 3, size=30)
    losses = [1.2, 0.9, 0.7]
    fig = plot_two_layer_training(params, X, labels, losses, resolution=50)
    ax, ax_loss = fig.axes
    (image,) = ax.images
    predicted = np.asarray(image.get_array())
    assert predicted.shape == (50, 50)
    # pixel centres: the extent is the grid padded by half a pixel on each side
    x0, x1, y0, y1 = image.get_extent()
    dx, dy = (x1 - x0) / 50, (y1 - y0) / 50
    G1, G2 = np.meshgrid(
        np.linspace(x0 + dx / 2, x1 - dx / 2, 50), np.linspace(y0 + dy / 2, y1 - dy / 2, 50)
    )
    logits, _ = two_layer_forward(params, np.column_stack([G1.ravel(), G2.ravel()]))
    assert_array_equal(predicted, logits.argmax(axis=1).reshape(50, 50))
    # the grid covers every data point
    assert x0 < X[:, 0].min()
    assert X[:, 0].max() < x1
    assert y0 < X[:, 1].min()
    assert X[:, 1].max() < y1
    for c in range(3):
        (points,) = [col for col in ax.collections if col.get_gid() == f"class-{c}"]
        assert_array_equal(points.get_offsets(), X[labels == c])
    (line,) = ax_loss.lines
    assert_array_equal(line.get_ydata(), losses)
    assert ax_loss.get_yscale() == "log"
    assert all(a.get_xlabel() and a.get_ylabel() and a.get_title() for a in fig.axes)


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"X": np.ones((2, 3))}, ValueError, "`X` must have 2 columns, the input size"),
        ({"labels": [0, 5]}, ValueError, "`labels` must lie in [0, 2)"),
        ({"losses": [1.0, 0.0]}, ValueError, "`losses` must be positive (a log-scale axis)"),
        ({"losses": [1.0, math.nan]}, ValueError, "`losses` must contain only finite numbers"),
        ({"resolution": 1}, ValueError, "`resolution` must be at least 2; got 1"),
        ({"resolution": 2.5}, TypeError, "`resolution` must be an integer; got float"),
        (
            {"params": {**GOOD, "W1": np.ones((3, 3))}, "X": np.ones((2, 3))},
            ValueError,
            "`X` must have 2 columns (points of the plane)",
        ),
        (
            {
                "params": {
                    "W1": np.ones((3, 2)),
                    "b1": np.zeros(3),
                    "W2": np.ones((6, 3)),
                    "b2": np.zeros(6),
                }
            },
            ValueError,
            "`params` must have at most 5 classes; got 6",
        ),
    ],
)
def test_two_layer_training_rejects_bad_input(
    kwargs: dict[str, Any], exc: type[Exception], message: str
) -> None:
    args: dict[str, Any] = {"params": GOOD, "X": np.ones((2, 2)), "labels": [0, 1], "losses": [1.0]}
    with pytest.raises(exc, match=re.escape(message)):
        plot_two_layer_training(**{**args, **kwargs})
    assert plt.get_fignums() == []
