"""Tests for aimath.tensors (chapter 4): reference values, properties, torch, errors.

Tolerances. The float64 functions here (attention scores, projections) are
sums of at most a few dozen products of entries of size at most ``LARGEST``
(tests/strategies.py). A computed sum of k products is within about k*eps of
the sum of the absolute values of the products (Higham, *Accuracy and
Stability of Numerical Algorithms*, §3.1). Comparisons use ``TOL = 1e-12``
times that scale: ~1000x the rounding error, while a wrong formula misses by
O(1) of it. The counting functions return Python ints and are compared exactly.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose, assert_array_equal
from strategies import FAST, entries

from aimath.plotting.tensors import (
    CELL_COLORS,
    plot_broadcasting,
    plot_matmul_cost,
    plot_product_conditioning,
)
from aimath.tensors import (
    attention_block_parameters,
    attention_scores,
    broadcast_shape,
    linear_layer_parameters,
    matmul_bytes,
    matmul_flops,
    mlp_parameters,
    product_condition_numbers,
    product_singular_values,
    qkv_projections,
)

#: Relative-to-scale tolerance for float64 results of short sums (see module docstring).
TOL = 1e-12


def assert_within(actual: object, expected: object, scale: object, tol: float = TOL) -> None:
    """Assert ``|actual - expected| <= tol * scale`` elementwise (scale: sum of |terms|)."""
    actual_ = np.asarray(actual, dtype=np.float64)
    expected_ = np.asarray(expected, dtype=np.float64)
    assert actual_.shape == expected_.shape
    excess = np.abs(actual_ - expected_) - tol * np.asarray(scale, dtype=np.float64)
    assert np.all(excess <= 0.0), f"off by more than {tol} * scale: {actual_} vs {expected_}"


def _named(name: str) -> str:
    """Regex matching the argument name as the library quotes it: `name`."""
    return re.escape(f"`{name}`")


def ydata(line: Line2D) -> np.ndarray:
    """The y values of a drawn line as a float array."""
    return np.asarray(line.get_ydata(), dtype=np.float64)


def _t(x: object) -> torch.Tensor:
    return torch.from_numpy(np.asarray(x, dtype=np.float64))


def loop_scores(Q: np.ndarray, K: np.ndarray) -> np.ndarray:
    """S[b, i, j] = sum_d Q[b, i, d] K[b, j, d] by explicit loops (the definition)."""
    B, Tq, d = Q.shape
    Tk = K.shape[1]
    S = np.zeros((B, Tq, Tk))
    for b, i, j in itertools.product(range(B), range(Tq), range(Tk)):
        S[b, i, j] = sum(Q[b, i, p] * K[b, j, p] for p in range(d))
    return S


def counted_matmul_flops(m: int, k: int, n: int) -> int:
    """Multiply the matrices of ones by the triple loop, counting every * and +."""
    A, B = np.ones((m, k)), np.ones((k, n))
    flops = 0
    for i, j in itertools.product(range(m), range(n)):
        acc = 0.0
        for p in range(k):
            acc += A[i, p] * B[p, j]  # one multiplication and one addition
            flops += 2
        assert acc == k
    return flops


# strategies -----------------------------------------------------------------

#: shapes of up to 4 axes with sizes 0..4: small enough to build the arrays
shapes = st.lists(st.integers(0, 4), max_size=4).map(tuple)


@st.composite
def compatible_shapes(draw: st.DrawFn) -> list[tuple[int, ...]]:
    """2-4 shapes derived from one target shape, so they always broadcast."""
    target = draw(st.lists(st.integers(1, 4), max_size=4))
    result = []
    for _ in range(draw(st.integers(2, 4))):
        keep = draw(st.integers(0, len(target)))  # drop leading axes
        tail = target[len(target) - keep :]
        result.append(tuple(1 if draw(st.booleans()) else n for n in tail))  # some become 1
    return result


@st.composite
def query_key_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """(Q, K) of shapes (B, T_q, d) and (B, T_k, d) with bounded entries."""
    B, Tq, Tk, d = (draw(st.integers(1, 4)) for _ in range(4))
    Q = draw(hnp.arrays(np.float64, (B, Tq, d), elements=entries()))
    K = draw(hnp.arrays(np.float64, (B, Tk, d), elements=entries()))
    return Q, K


def orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    """A random orthogonal matrix: Q of the QR factorisation of a Gaussian matrix."""
    Q, R = np.linalg.qr(rng.normal(size=(n, n)))
    return Q * np.sign(np.diag(R))


# ===========================================================================
# 1. Reference values (provenance in the comments)
# ===========================================================================


@pytest.mark.parametrize(
    ("shapes_in", "expected"),
    [
        # the examples of NumPy's broadcasting documentation, checked by hand
        ([(256, 256, 3), (3,)], (256, 256, 3)),
        ([(8, 1, 6, 1), (7, 1, 5)], (8, 7, 6, 5)),
        ([(5, 4), (1,)], (5, 4)),
        ([(5, 4), (4,)], (5, 4)),
        ([(15, 3, 5), (15, 1, 5)], (15, 3, 5)),
        ([(15, 3, 5), (3, 5)], (15, 3, 5)),
        ([(15, 3, 5), (3, 1)], (15, 3, 5)),
        # hand: column times row
        ([(3, 1), (1, 4)], (3, 4)),
        # hand: a bias over a batch of sequences
        ([(2, 10, 64), (64,)], (2, 10, 64)),
        # hand: three operands
        ([(1, 3), (2, 1), (1,)], (2, 3)),
        # definition: a size-0 axis broadcasts against 1, a scalar against anything
        ([(0,), (1,)], (0,)),
        ([(), (2, 3)], (2, 3)),
        ([(4, 0), (1, 1)], (4, 0)),
        # definition: one shape is its own broadcast, no shapes give a scalar
        ([(2, 3)], (2, 3)),
        ([], ()),
    ],
)
def test_broadcast_shape_reference(
    shapes_in: list[tuple[int, ...]], expected: tuple[int, ...]
) -> None:
    assert broadcast_shape(*shapes_in) == expected
    assert np.broadcast_shapes(*shapes_in) == expected  # NumPy agrees


def test_broadcast_shape_accepts_lists_and_numpy_integers() -> None:
    assert broadcast_shape([2, 1], (np.int64(3),)) == (2, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shapes_in", "message"),
    [
        # hand: the last axes are 3 and 2
        (
            [(2, 3), (2,)],
            "at axis -1 (counted from the right) `shapes[0]` has size 3 and `shapes[1]` has size 2",
        ),
        # hand: last axes 3 and 1 agree; next 4 and 2 do not
        (
            [(8, 4, 3), (2, 1)],
            "at axis -2 (counted from the right) `shapes[0]` has size 4 and `shapes[1]` has size 2",
        ),
        # hand: size 0 only broadcasts against 0 or 1
        ([(0,), (3,)], "`shapes[0]` has size 0 and `shapes[1]` has size 3"),
        # hand: the first two agree at axis -2 (1 stretches), the third disagrees
        (
            [(1, 3), (2, 1), (4, 1)],
            "at axis -2 (counted from the right) `shapes[1]` has size 2 and `shapes[2]` has size 4",
        ),
    ],
)
def test_broadcast_shape_error_names_axis_and_sizes(
    shapes_in: list[tuple[int, ...]], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        broadcast_shape(*shapes_in)
    with pytest.raises(ValueError, match="shape mismatch"):  # NumPy refuses too
        np.broadcast_shapes(*shapes_in)


def test_attention_scores_reference() -> None:
    # hand computation: rows of Q dotted with rows of K
    Q = [[[1.0, 0.0], [0.0, 2.0]]]
    K = [[[1.0, 1.0], [2.0, 0.0], [0.0, 0.0]]]
    assert_array_equal(attention_scores(Q, K, scale=False), [[[1.0, 2.0, 0.0], [2.0, 0.0, 0.0]]])
    # hand computation: d_k = 4, so the scale is 1/sqrt(4) = 1/2 (exact)
    Q4 = np.array([[[1.0, 1.0, 1.0, 1.0]]])
    K4 = np.array([[[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, -2.0]]])
    assert_array_equal(attention_scores(Q4, K4), [[[5.0, -1.0]]])


def test_attention_scores_batches_do_not_mix() -> None:
    # hand computation: sequence b only sees its own keys
    Q = np.array([[[1.0]], [[2.0]]])  # B=2, T_q=1, d=1
    K = np.array([[[3.0], [4.0]], [[5.0], [6.0]]])  # T_k=2
    assert_array_equal(attention_scores(Q, K, scale=False), [[[3.0, 4.0]], [[10.0, 12.0]]])


def test_qkv_projections_reference() -> None:
    # hand computation: X of two tokens; W_q picks feature 0, W_k sums, W_v doubles
    X = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    W_q = np.array([[1.0], [0.0]])
    W_k = np.array([[1.0], [1.0]])
    W_v = 2.0 * np.eye(2)
    Q, K, V = qkv_projections(X, W_q, W_k, W_v)
    assert_array_equal(Q, [[[1.0], [3.0]]])
    assert_array_equal(K, [[[3.0], [7.0]]])
    assert_array_equal(V, [[[2.0, 4.0], [6.0, 8.0]]])


@pytest.mark.parametrize(
    ("mkn", "expected"),
    [
        ((2, 3, 4), 48),  # hand: 2*2*3*4
        ((1, 1, 1), 2),  # hand: one multiply and one add
        ((1, 768, 3072), 4_718_592),  # hand: 2 * 768 * 3072, one token through a GPT-2 MLP layer
        ((4096, 4096, 4096), 137_438_953_472),  # hand: 2 * 2**36
    ],
)
def test_matmul_flops_reference(mkn: tuple[int, int, int], expected: int) -> None:
    assert matmul_flops(*mkn) == expected


@pytest.mark.parametrize("mkn", [(1, 1, 1), (2, 3, 4), (3, 1, 2), (4, 2, 1)])
def test_matmul_flops_counts_the_loop(mkn: tuple[int, int, int]) -> None:
    # reference: every * and + of the triple loop, counted
    assert matmul_flops(*mkn) == counted_matmul_flops(*mkn)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2, 3, 4), 104),  # hand: (6 + 12 + 8) entries * 4 bytes
        ((2, 3, 4, 2), 52),  # hand: 26 entries * 2 bytes (float16)
        ((1024, 1024, 1024, 8), 25_165_824),  # hand: 3 * 2**20 entries * 8 bytes = 24 MiB
    ],
)
def test_matmul_bytes_reference(args: tuple[int, ...], expected: int) -> None:
    assert matmul_bytes(*args) == expected


def test_matmul_bytes_matches_numpy_nbytes() -> None:
    # reference: NumPy's own byte counts of the three arrays
    m, k, n = 3, 5, 7
    for dtype in (np.float16, np.float32, np.float64):
        A, B = np.ones((m, k), dtype), np.ones((k, n), dtype)
        total = A.nbytes + B.nbytes + (A @ B).nbytes
        assert matmul_bytes(m, k, n, np.dtype(dtype).itemsize) == total


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((784, 256), 200_960),  # hand: 784*256 + 256
        ((784, 256, False), 200_704),  # hand: 784*256
        ((1, 1), 2),  # hand: one weight, one bias
    ],
)
def test_linear_layer_parameters_reference(args: tuple[Any, ...], expected: int) -> None:
    assert linear_layer_parameters(*args) == expected


@pytest.mark.parametrize(
    ("sizes", "bias", "expected"),
    [
        ([784, 256, 10], True, 203_530),  # hand: 200960 + 2570 (chapter 1, exercise 2)
        ([768, 3072, 768], True, 4_722_432),  # hand: 2359296 + 3072 + 2359296 + 768
        ([768, 3072, 768], False, 4_718_592),  # hand: 2 * 768 * 3072
        ([3, 1], True, 4),  # hand: three weights and a bias
    ],
)
def test_mlp_parameters_reference(sizes: list[int], bias: bool, expected: int) -> None:
    assert mlp_parameters(sizes, bias) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((768, 12), 2_362_368),  # hand: 4 * (768**2 + 768), GPT-2 small
        ((768, 12, False), 2_359_296),  # hand: 4 * 768**2
        ((64, 8), 16_640),  # hand: 4 * (4096 + 64)
        ((1, 1), 8),  # hand: four 1x1 weights and four biases
    ],
)
def test_attention_block_parameters_reference(args: tuple[Any, ...], expected: int) -> None:
    assert attention_block_parameters(*args) == expected


def test_product_singular_values_reference() -> None:
    # closed form: products of diagonal matrices are diagonal, singular values |d_i|
    weights = [np.diag([2.0, -1.0]), np.diag([3.0, 0.5])]
    s1, s2 = product_singular_values(weights)
    assert_allclose(s1, [2.0, 1.0], rtol=1e-15)
    assert_allclose(s2, [6.0, 0.5], rtol=1e-15)
    # closed form: a rectangular chain 3 -> 2 -> 1; P = [1, 1] [[1, 0, 0], [0, 1, 0]] = [1, 1, 0]
    s = product_singular_values([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [[1.0, 1.0]]])
    assert_allclose(s[1], [math.sqrt(2.0)], rtol=1e-15)


def test_product_condition_numbers_reference() -> None:
    # closed form: cond(diag(2, 1)^l) = 2^l
    assert_allclose(product_condition_numbers([np.diag([2.0, 1.0])] * 4), [2, 4, 8, 16], rtol=1e-15)
    # closed form: a rotation has condition number 1 at every depth
    c, s = math.cos(0.3), math.sin(0.3)
    R = [[c, -s], [s, c]]
    assert_allclose(product_condition_numbers([R] * 5), np.ones(5), rtol=1e-14)
    # definition: a singular product has infinite condition number
    assert product_condition_numbers([np.eye(2), [[1.0, 0.0], [0.0, 0.0]]]).tolist() == [
        1.0,
        math.inf,
    ]


# ===========================================================================
# 2. Properties (Hypothesis)
# ===========================================================================


@FAST
@given(compatible_shapes())
def test_broadcast_shape_agrees_with_numpy_when_compatible(shps: list[tuple[int, ...]]) -> None:
    assert broadcast_shape(*shps) == np.broadcast_shapes(*shps)


@FAST
@given(st.lists(shapes, min_size=1, max_size=3))
def test_broadcast_shape_agrees_with_numpy_on_any_shapes(shps: list[tuple[int, ...]]) -> None:
    try:
        expected = np.broadcast_shapes(*shps)
    except ValueError:
        with pytest.raises(ValueError, match="cannot be broadcast"):
            broadcast_shape(*shps)
    else:
        assert broadcast_shape(*shps) == expected
        # and it is the shape of an actual elementwise sum
        arrays = [np.zeros(s) for s in shps]
        assert sum(arrays[1:], arrays[0]).shape == expected


@FAST
@given(compatible_shapes())
def test_broadcast_shape_is_symmetric_and_associative(shps: list[tuple[int, ...]]) -> None:
    full = broadcast_shape(*shps)
    assert broadcast_shape(*reversed(shps)) == full
    assert broadcast_shape(broadcast_shape(*shps[:2]), *shps[2:]) == full


@FAST
@given(query_key_pairs())
def test_attention_scores_equal_explicit_loops(pair: tuple[np.ndarray, np.ndarray]) -> None:
    Q, K = pair
    scale = loop_scores(np.abs(Q), np.abs(K))  # sum of |products| for each entry
    assert_within(attention_scores(Q, K, scale=False), loop_scores(Q, K), scale)
    # the scaled scores are the unscaled ones divided by sqrt(d_k): one more rounding
    d_k = Q.shape[2]
    assert_within(attention_scores(Q, K), loop_scores(Q, K) / math.sqrt(d_k), scale)


@FAST
@given(query_key_pairs())
def test_attention_scores_swap_is_transpose(pair: tuple[np.ndarray, np.ndarray]) -> None:
    Q, K = pair
    K2 = K[:, : Q.shape[1]]  # scores(K, Q) needs both as queries and keys
    scale = loop_scores(np.abs(Q), np.abs(K2))
    assert_within(
        attention_scores(K2, Q, scale=False),
        attention_scores(Q, K2, scale=False).transpose(0, 2, 1),
        scale.transpose(0, 2, 1),
    )


@FAST
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4))
def test_matmul_flops_counts_every_multiply_add(m: int, k: int, n: int) -> None:
    assert matmul_flops(m, k, n) == counted_matmul_flops(m, k, n)
    # the honest minimum: k - 1 additions per output, not k
    assert matmul_flops(m, k, n) - m * n == m * n * (2 * k - 1)


@FAST
@given(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(1, 10**6), st.integers(1, 10**6))
def test_matmul_flops_is_additive_in_each_dimension(a: int, b: int, k: int, n: int) -> None:
    # splitting the rows of A (or the columns of B) splits the work exactly
    assert matmul_flops(a + b, k, n) == matmul_flops(a, k, n) + matmul_flops(b, k, n)
    assert matmul_flops(k, n, a + b) == matmul_flops(k, n, a) + matmul_flops(k, n, b)
    # Python ints: no overflow even at 2 * 10**24
    assert matmul_flops(a, k, n) == 2 * a * k * n


@FAST
@given(st.lists(st.integers(1, 50), min_size=2, max_size=6), st.booleans())
def test_mlp_parameters_is_sum_of_layers_and_flops_link(sizes: list[int], bias: bool) -> None:
    total = mlp_parameters(sizes, bias)
    assert total == sum(linear_layer_parameters(a, b, bias) for a, b in itertools.pairwise(sizes))
    # the forward pass of one example costs 2 FLOPs per weight (bias adds excluded)
    weights = mlp_parameters(sizes, bias=False)
    assert sum(matmul_flops(1, a, b) for a, b in itertools.pairwise(sizes)) == 2 * weights


@FAST
@given(st.integers(1, 64), st.booleans())
def test_attention_parameters_do_not_depend_on_heads(head_dim: int, bias: bool) -> None:
    d_model = 12 * head_dim
    counts = {attention_block_parameters(d_model, h, bias) for h in (1, 2, 3, 4, 6, 12)}
    assert counts == {4 * linear_layer_parameters(d_model, d_model, bias)}


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(2, 6), st.integers(1, 6))
def test_condition_numbers_agree_with_numpy_and_ignore_scale(seed: int, n: int, depth: int) -> None:
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(n, n)) for _ in range(depth)]
    conds = product_condition_numbers(weights)
    assume(np.all(conds < 1e8))  # beyond ~1e8 both computations lose digits to rounding
    P, expected = np.eye(n), []
    for W in weights:
        P = W @ P
        expected.append(np.linalg.cond(P))
    # the same SVD of the same product up to rounding: cond * eps ~ 1e-8 relative at worst
    assert_allclose(conds, expected, rtol=1e-6)
    assert np.all(conds >= 1.0 - 1e-12)
    # scale invariance: scaling every layer by 0.5 (exact in binary) leaves kappa unchanged
    assert_allclose(product_condition_numbers([0.5 * W for W in weights]), conds, rtol=1e-12)
    # submultiplicative: kappa(P_l) <= prod kappa(W_i), up to rounding
    singles = np.cumprod([np.linalg.cond(W) for W in weights])
    assert np.all(conds <= singles * (1 + 1e-6))


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(2, 8))
def test_orthogonal_products_stay_perfectly_conditioned(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    weights = [orthogonal(rng, n) for _ in range(10)]
    # each product is orthogonal up to ~10 * n * eps of rounding: 1e-12 relative is ample
    assert_allclose(product_condition_numbers(weights), np.ones(10), rtol=1e-12)
    for s in product_singular_values(weights):
        assert_allclose(s, np.ones(n), rtol=1e-12)


# ===========================================================================
# 3. Reference implementations (torch 2.13, float64 throughout)
# ===========================================================================


@FAST
@given(query_key_pairs())
def test_attention_scores_agree_with_torch(pair: tuple[np.ndarray, np.ndarray]) -> None:
    Q, K = pair
    q, k = _t(Q), _t(K)
    d_k = Q.shape[2]
    expected = (torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(d_k)).numpy()
    scale = loop_scores(np.abs(Q), np.abs(K))
    assert_within(attention_scores(Q, K), expected, scale)
    assert_within(
        attention_scores(Q, K, scale=False), torch.einsum("bqd,bkd->bqk", q, k).numpy(), scale
    )


def test_qkv_and_scores_agree_with_torch_linear() -> None:
    # the book's example: batch 2, sequence 10, d_model 64, one head of width 16
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 10, 64))
    W = [rng.normal(size=(64, 16)) / 8.0 for _ in range(3)]
    Q, K, V = qkv_projections(X, *W)
    layers = [torch.nn.Linear(64, 16, bias=False, dtype=torch.float64) for _ in range(3)]
    with torch.no_grad():
        for layer, W_i in zip(layers, W, strict=True):
            layer.weight.copy_(_t(W_i.T))  # torch stores (out, in)
        q, k, v = (layer(_t(X)) for layer in layers)
        expected_scores = (q @ k.transpose(-2, -1) / math.sqrt(16)).numpy()
    # sums of 64 products of O(1) numbers: 1e-12 absolute is ~100x the rounding
    for ours, theirs in ((Q, q), (K, k), (V, v)):
        assert_allclose(ours, theirs.numpy(), rtol=1e-12, atol=1e-12)
    scores = attention_scores(Q, K)
    assert scores.shape == (2, 10, 10)
    assert_allclose(scores, expected_scores, rtol=1e-12, atol=1e-12)


@FAST
@given(st.lists(st.integers(1, 40), min_size=2, max_size=5), st.booleans())
def test_mlp_parameters_agree_with_torch(sizes: list[int], bias: bool) -> None:
    layers: list[torch.nn.Module] = []
    for a, b in itertools.pairwise(sizes):
        layers += [torch.nn.Linear(a, b, bias=bias), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers)
    assert mlp_parameters(sizes, bias) == sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize(("d_model", "n_heads"), [(768, 12), (768, 1), (64, 8), (30, 5)])
def test_attention_block_parameters_agree_with_torch(
    d_model: int, n_heads: int, bias: bool
) -> None:
    # torch packs W_Q, W_K, W_V into in_proj_weight (3d, d); same count as four separate
    # projections. bias=False drops all four biases in torch as here.
    mha = torch.nn.MultiheadAttention(d_model, n_heads, bias=bias)
    expected = sum(p.numel() for p in mha.parameters())
    assert attention_block_parameters(d_model, n_heads, bias) == expected


def test_torch_also_rejects_heads_that_do_not_divide() -> None:
    with pytest.raises(AssertionError, match="divisible"):
        torch.nn.MultiheadAttention(768, 10)
    with pytest.raises(ValueError, match=_named("n_heads") + " must divide " + _named("d_model")):
        attention_block_parameters(768, 10)


def test_broadcast_shape_agrees_with_torch() -> None:
    # torch follows the same rules (torch.broadcast_shapes)
    for shps in ([(8, 1, 6, 1), (7, 1, 5)], [(2, 10, 64), (64,)], [(3, 1), (1, 4)]):
        assert broadcast_shape(*shps) == tuple(torch.broadcast_shapes(*shps))  # type: ignore[no-untyped-call]


# ===========================================================================
# Error paths: one test per branch; every message names the argument
# ===========================================================================


@pytest.mark.parametrize(
    ("bad", "name"),
    [(3, "shapes[1]"), ("2,3", "shapes[1]"), (None, "shapes[1]")],
    ids=["int", "str", "None"],
)
def test_broadcast_shape_rejects_non_sequence(bad: object, name: str) -> None:
    with pytest.raises(TypeError, match=_named(name) + " must be a shape"):
        broadcast_shape((2,), bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [2.0, True, "2", None], ids=["float", "bool", "str", "None"])
def test_broadcast_shape_rejects_non_integer_sizes(bad: object) -> None:
    with pytest.raises(TypeError, match=_named("shapes[0][1]") + " must be an integer"):
        broadcast_shape((3, bad))  # type: ignore[arg-type]


def test_broadcast_shape_rejects_negative_sizes() -> None:
    with pytest.raises(ValueError, match=_named("shapes[1][0]") + " must be a non-negative size"):
        broadcast_shape((3,), (-1, 3))


@pytest.mark.parametrize(
    ("Q", "K", "message"),
    [
        (np.ones((2, 3)), np.ones((1, 2, 3)), "`Q` must be 3-D"),
        (np.ones((1, 2, 3)), np.ones((1, 2, 3, 1)), "`K` must be 3-D"),
        (
            np.ones((2, 4, 3)),
            np.ones((3, 4, 3)),
            "`Q` and `K` must have the same batch size; got 2 and 3",
        ),
        (
            np.ones((2, 4, 3)),
            np.ones((2, 5, 8)),
            "`Q` and `K` must have the same vector length d_k; got 3 and 8",
        ),
    ],
    ids=["Q-2d", "K-4d", "batch", "d_k"],
)
def test_attention_scores_rejects_bad_shapes(Q: np.ndarray, K: np.ndarray, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        attention_scores(Q, K)


def test_attention_scores_rejects_non_finite() -> None:
    with pytest.raises(ValueError, match=_named("K") + " must contain only finite"):
        attention_scores(np.ones((1, 1, 1)), [[[np.nan]]])


def test_attention_scores_rejects_non_bool_scale() -> None:
    with pytest.raises(TypeError, match=_named("scale") + " must be True or False"):
        attention_scores(np.ones((1, 1, 2)), np.ones((1, 1, 2)), scale=2.0)  # type: ignore[arg-type]


def test_qkv_rejects_non_3d_input() -> None:
    with pytest.raises(ValueError, match=_named("X") + r" must be 3-D with shape \(batch"):
        qkv_projections(np.ones((10, 64)), np.ones((64, 8)), np.ones((64, 8)), np.ones((64, 8)))


@pytest.mark.parametrize("which", ["W_q", "W_k", "W_v"])
def test_qkv_rejects_wrong_d_model(which: str) -> None:
    weights = {"W_q": np.ones((4, 2)), "W_k": np.ones((4, 2)), "W_v": np.ones((4, 3))}
    weights[which] = np.ones((2, 4))  # torch layout (out, in) passed by mistake
    with pytest.raises(ValueError, match=_named(which) + " must have d_model = 4 rows"):
        qkv_projections(np.ones((1, 3, 4)), **weights)


def test_qkv_rejects_mismatched_query_and_key_widths() -> None:
    with pytest.raises(ValueError, match=_named("W_q") + " and " + _named("W_k") + " must have"):
        qkv_projections(np.ones((1, 3, 4)), np.ones((4, 2)), np.ones((4, 3)), np.ones((4, 3)))


def test_qkv_rejects_non_matrix_weight() -> None:
    with pytest.raises(ValueError, match=_named("W_v") + " must be a 2-D matrix"):
        qkv_projections(np.ones((1, 3, 4)), np.ones((4, 2)), np.ones((4, 2)), np.ones(4))


#: positional arguments of each counting function (all integers)
ARITY: dict[object, int] = {
    matmul_flops: 3,
    matmul_bytes: 4,
    linear_layer_parameters: 2,
    attention_block_parameters: 2,
}


@pytest.mark.parametrize("bad", [2.0, "2", True, None], ids=["float", "str", "bool", "None"])
@pytest.mark.parametrize(
    ("func", "position", "name"),
    [
        (matmul_flops, 0, "m"),
        (matmul_flops, 1, "k"),
        (matmul_flops, 2, "n"),
        (matmul_bytes, 3, "dtype_bytes"),
        (linear_layer_parameters, 0, "n_in"),
        (linear_layer_parameters, 1, "n_out"),
        (attention_block_parameters, 0, "d_model"),
        (attention_block_parameters, 1, "n_heads"),
    ],
)
def test_counts_reject_non_integers(func: object, position: int, name: str, bad: object) -> None:
    args: list[object] = [4] * ARITY[func]
    args[position] = bad
    with pytest.raises(TypeError, match=_named(name) + " must be an integer"):
        func(*args)  # type: ignore[operator]


@pytest.mark.parametrize("bad", [0, -3])
@pytest.mark.parametrize(
    ("func", "position", "name"),
    [
        (matmul_flops, 1, "k"),
        (matmul_bytes, 0, "m"),
        (matmul_bytes, 3, "dtype_bytes"),
        (linear_layer_parameters, 1, "n_out"),
        (attention_block_parameters, 0, "d_model"),
        (attention_block_parameters, 1, "n_heads"),
    ],
)
def test_counts_reject_non_positive(func: object, position: int, name: str, bad: int) -> None:
    args: list[object] = [4] * ARITY[func]
    args[position] = bad
    with pytest.raises(ValueError, match=_named(name) + f" must be at least 1; got {bad}"):
        func(*args)  # type: ignore[operator]


@pytest.mark.parametrize(
    "call",
    [
        lambda: linear_layer_parameters(3, 4, bias=1),  # type: ignore[arg-type]
        lambda: mlp_parameters([3, 4], bias="yes"),  # type: ignore[arg-type]
        lambda: attention_block_parameters(8, 2, bias=None),  # type: ignore[arg-type]
    ],
    ids=["linear", "mlp", "attention"],
)
def test_counts_reject_non_bool_bias(call: object) -> None:
    with pytest.raises(TypeError, match=_named("bias") + " must be True or False"):
        call()  # type: ignore[operator]


def test_attention_block_rejects_heads_not_dividing() -> None:
    with pytest.raises(ValueError, match=r"got d_model = 768 and n_heads = 10 \(remainder 8\)"):
        attention_block_parameters(768, 10)


@pytest.mark.parametrize("bad", [[784], []], ids=["one", "empty"])
def test_mlp_rejects_too_few_sizes(bad: list[int]) -> None:
    with pytest.raises(ValueError, match=_named("sizes") + " must list at least an input"):
        mlp_parameters(bad)


@pytest.mark.parametrize("bad", [784, "784", None], ids=["int", "str", "None"])
def test_mlp_rejects_non_sequence(bad: object) -> None:
    with pytest.raises(TypeError, match=_named("sizes") + " must be a sequence"):
        mlp_parameters(bad)  # type: ignore[arg-type]


def test_mlp_names_bad_width() -> None:
    with pytest.raises(ValueError, match=_named("sizes[2]") + " must be at least 1"):
        mlp_parameters([4, 3, 0])
    with pytest.raises(TypeError, match=_named("sizes[1]") + " must be an integer"):
        mlp_parameters([4, 2.5, 1])  # type: ignore[list-item]


def test_product_singular_values_rejects_empty() -> None:
    with pytest.raises(ValueError, match=_named("weights") + " must hold at least one matrix"):
        product_singular_values([])


def test_product_singular_values_rejects_chain_break() -> None:
    with pytest.raises(ValueError, match="layer 1 does not chain: " + _named("weights[1]")):
        product_condition_numbers([np.ones((3, 2)), np.ones((2, 4))])


def test_product_singular_values_names_bad_layer() -> None:
    with pytest.raises(ValueError, match=_named("weights[1]") + " must be a 2-D matrix"):
        product_singular_values([np.eye(2), np.ones(2)])
    with pytest.raises(ValueError, match=_named("weights[0]") + " must contain only finite"):
        product_singular_values([[[np.inf]]])


@pytest.mark.parametrize(
    "bad",
    [None, {0: np.eye(2), 1: np.eye(2)}, "ab", 2.0, np.array(2.0)],
    ids=["None", "dict", "str", "float", "0-d array"],
)
@pytest.mark.parametrize("func", [product_singular_values, product_condition_numbers])
def test_products_reject_non_sequence_weights(func: object, bad: object) -> None:
    # once a bare len() TypeError (None) or KeyError: 0 (a dict keyed by layer)
    with pytest.raises(TypeError, match=_named("weights") + " must be a sequence"):
        func(bad)  # type: ignore[operator]


def test_products_name_the_layer_that_overflows() -> None:
    # finite weights whose product exceeds float64: once a RuntimeWarning from matmul
    big = [np.eye(2) * 1e200, np.eye(2) * 1e200]
    with pytest.raises(
        ValueError, match=_named("weights[1]") + " makes the product of layers 1 to 2"
    ):
        product_singular_values(big)
    with pytest.raises(
        ValueError, match=_named("weights[0]") + " makes the product of layers 1 to 1"
    ):
        product_condition_numbers([np.full((2, 2), 1e308)])  # sigma_1 = 2e308


def test_products_accept_a_stacked_array() -> None:
    # an (L, n, n) array: the first axis runs over the layers, as a list of matrices would
    stack: Any = np.stack([np.diag([2.0, 1.0])] * 3)
    values = [s.tolist() for s in product_singular_values(stack)]
    assert values == [[2.0, 1.0], [4.0, 1.0], [8.0, 1.0]]
    assert_array_equal(product_condition_numbers(stack), [2.0, 4.0, 8.0])


def test_condition_number_beyond_float64_is_inf() -> None:
    # sigma_1 / sigma_min = 1e330: inf, as for a singular product, not an overflow warning
    assert product_condition_numbers([np.diag([1e10, 1e-320])]).tolist() == [np.inf]


# ===========================================================================
# Figures: aimath.plotting.tensors draws what it claims to draw
# ===========================================================================


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _cells(ax: Axes) -> dict[str, tuple[str, str]]:
    """gid -> (text, face colour) of every cell of a broadcasting panel."""
    texts = {str(t.get_gid()): t.get_text() for t in ax.texts if t.get_gid()}
    boxes = {
        str(p.get_gid()): p.get_facecolor()
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_gid()
    }
    assert set(texts) == set(boxes)  # every cell has a box and a label
    return {gid: (texts[gid], to_hex(boxes[gid])) for gid in texts}


def _expected_cells(shps: list[tuple[int, ...]]) -> dict[str, tuple[str, str]]:
    """The diagram by the rule, independently of the library: align right, pad with 1."""
    ndim = max(len(s) for s in shps)
    padded = [(1,) * (ndim - len(s)) + tuple(s) for s in shps]
    cells: dict[str, tuple[str, str]] = {}
    for axis in range(-ndim, 0):
        column = [p[axis] for p in padded]
        sizes = {n for n in column if n != 1}
        ok = len(sizes) <= 1
        out = next(iter(sizes)) if sizes else 1
        for j, s in enumerate(shps):
            if len(s) < -axis:
                kind, text = "padded", "1"
            elif s[axis] == 1 and ok and out != 1 and _all_ok(padded):
                kind, text = "stretched", "1"
            else:
                kind, text = "size", str(s[axis])
            cells[f"input:{j}:{axis}:{kind}"] = (text, CELL_COLORS[kind])
        kind = "result" if ok else "conflict"
        cells[f"result:{axis}:{kind}"] = (str(out) if ok else "✗", CELL_COLORS[kind])
    return {gid: (t, c.lower()) for gid, (t, c) in cells.items()}


def _all_ok(padded: list[tuple[int, ...]]) -> bool:
    return all(len({n for n in col if n != 1}) <= 1 for col in zip(*padded, strict=True))


BROADCAST_EXAMPLES = [
    [(3, 1), (1, 4)],
    [(2, 10, 64), (64,)],
    [(2, 3), (2,)],
    [(8, 1, 6, 1), (7, 1, 5)],
    [(1, 3), (2, 1), (4, 1)],
    [(5,)],
]


@pytest.mark.parametrize("shps", BROADCAST_EXAMPLES, ids=str)
def test_broadcasting_diagram_cells_follow_the_rule(shps: list[tuple[int, ...]]) -> None:
    fig = plot_broadcasting([shps])
    (ax,) = fig.axes
    assert _cells(ax) == _expected_cells(shps)
    fig.canvas.draw()


def test_broadcasting_diagram_aligns_right_and_titles() -> None:
    fig = plot_broadcasting([[(2, 10, 64), (64,)], [(2, 3), (2,)]], names=[["X", "b"], ["a", "b"]])
    top, bottom = fig.axes
    assert top.get_title() == "(2, 10, 64) and (64,): broadcast to (2, 10, 64)"
    assert bottom.get_title() == "(2, 3) and (2,): cannot be broadcast"
    for ax in fig.axes:
        # cells of the same axis (counted from the right) share one column, and the
        # last axis (-1) of every shape is the rightmost column: the shapes align right
        columns: dict[int, set[float]] = {}
        for t in ax.texts:
            if t.get_gid():
                parts = str(t.get_gid()).split(":")
                axis = int(parts[2] if parts[0] == "input" else parts[1])
                columns.setdefault(axis, set()).add(t.get_position()[0])
        assert all(len(xs) == 1 for xs in columns.values())
        x = {axis: xs.pop() for axis, xs in columns.items()}
        assert x[-1] == max(x.values())
        assert all(x[a] < x[a + 1] for a in x if a + 1 in x)
    labels = [t.get_text() for t in top.texts if not t.get_gid()]
    assert labels[:2] == ["X  (2, 10, 64)", "b  (64,)"]
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "size 1, stretched",
        "missing axis, treated as 1",
        "result size",
        "incompatible sizes",
    ]


@pytest.mark.parametrize(
    ("examples", "names", "exc", "message"),
    [
        ([], None, ValueError, "`examples` must be a non-empty list"),
        ([[]], None, ValueError, "`examples` must be a non-empty list"),
        ([[(2, -1)]], None, ValueError, "`examples[0][0]` is not a valid shape"),
        ([[(2,), "ab"]], None, TypeError, "`examples[0][1]` is not a valid shape"),
        ([[(1,) * 7]], None, ValueError, "`examples[0][0]` has 7 axes"),
        ([[(2,), (2,)]], [["a"]], ValueError, "`names` must give one label per shape"),
        # not lists of lists of shapes: once a bare len() TypeError
        (None, None, TypeError, "`examples` must be a list of examples"),
        (3, None, TypeError, "`examples` must be a list of examples"),
        ("ab", None, TypeError, "`examples` must be a list of examples"),
        ([3, 1, 1, 4], None, TypeError, "`examples[0]` must be a list of shapes"),
        (np.array([3, 1, 1, 4]), None, TypeError, "`examples[0]` must be a list of shapes"),
        ([[(2,), (2,)]], 5, TypeError, "`names` must be a list of lists of labels"),
        ([[(2,), (2,)]], [None], TypeError, "`names[0]` must be a list of labels"),
    ],
)
def test_broadcasting_diagram_rejects_bad_input(
    examples: object, names: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_broadcasting(examples, names)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_matmul_cost_plots_the_formulas() -> None:
    sizes = [16, 64, 256, 1024]
    fig = plot_matmul_cost(sizes, dtype_bytes=2)
    left, right = fig.axes
    flops_line, bytes_line = left.get_lines()
    n = np.array(sizes, dtype=np.float64)
    # closed forms: 2 n^3 FLOPs; 3 n^2 entries of 2 bytes; ratio n / 3
    assert_array_equal(flops_line.get_xdata(), n)
    assert_array_equal(ydata(flops_line), 2 * n**3)
    assert_array_equal(ydata(bytes_line), 3 * n**2 * 2)
    (ratio,) = right.get_lines()
    assert_allclose(ydata(ratio), n / 3, rtol=1e-15)
    for ax in (left, right):
        assert ax.get_xscale() == ax.get_yscale() == "log"
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        assert ax.get_title()
    assert "2-byte" in right.get_title()
    fig.canvas.draw()


@pytest.mark.parametrize(
    ("sizes", "dtype_bytes", "exc", "message"),
    [
        ([16], 4, ValueError, "`sizes` must hold at least two"),
        ([16, 0], 4, ValueError, "`sizes[1]` must be at least 1"),
        ([16.0, 32.0], 4, TypeError, "`sizes[0]` must be an integer"),
        ([16, 32], 0, ValueError, "`dtype_bytes` must be at least 1"),
        # a bad size is named as an entry of `sizes`, not as `m` of matmul_flops
        (np.array([16, np.nan], dtype=object), 4, TypeError, "`sizes[1]` must be an integer"),
        (np.array([np.inf, 32.0]), 4, TypeError, "`sizes[0]` must be an integer; got float"),
        ([0.5j, 32], 4, TypeError, "`sizes[0]` must be an integer; got complex"),
        (np.array([None, 32], dtype=object), 4, TypeError, "`sizes[0]` must be an integer"),
        ([[16], [32], [64]], 4, ValueError, "`sizes` must be 1-D"),
        (None, 4, TypeError, "`sizes` must be array-like of positive integers"),
        ("abc", 4, TypeError, "`sizes` must be array-like of positive integers"),
        ({"a": 16}, 4, TypeError, "`sizes` must be array-like of positive integers"),
        ([16, [32, 64]], 4, TypeError, "`sizes` must be array-like of positive integers"),
        ([16, 10**200], 4, ValueError, "`sizes` (largest 1" + "0" * 200 + ") or `dtype_bytes`"),
    ],
)
def test_matmul_cost_rejects_bad_input(
    sizes: object, dtype_bytes: int, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_matmul_cost(sizes, dtype_bytes)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_product_conditioning_plots_kappa_and_sigma() -> None:
    rng = np.random.default_rng(0)
    gauss = [rng.normal(size=(4, 4)) for _ in range(5)]
    stacks = {
        "gaussian": gauss,
        "half": [0.5 * W for W in gauss],
        "diag": [np.diag([3.0, 1.0])] * 3,
    }
    fig = plot_product_conditioning(stacks)
    left, right = fig.axes
    assert left.get_yscale() == right.get_yscale() == "log"
    assert [line.get_label() for line in left.get_lines()] == list(stacks)
    for (label, weights), kappa_line, sigma_line in zip(
        stacks.items(), left.get_lines(), right.get_lines(), strict=True
    ):
        # independent reference: numpy's cond and 2-norm of the explicit products
        P, kappas, sigmas = np.eye(weights[0].shape[1]), [], []
        for W in weights:
            P = W @ P
            kappas.append(np.linalg.cond(P))
            sigmas.append(np.linalg.norm(P, 2))
        assert_array_equal(kappa_line.get_xdata(), np.arange(1, len(weights) + 1))
        # same product, SVDs by different LAPACK drivers; kappa <= 1e6 here: rtol 1e-8
        assert_allclose(ydata(kappa_line), kappas, rtol=1e-8, err_msg=label)
        assert_allclose(ydata(sigma_line), sigmas, rtol=1e-12, err_msg=label)
    # closed form for the diagonal stack: kappa = 3^l, sigma_1 = 3^l
    assert_allclose(ydata(left.get_lines()[2]), [3.0, 9.0, 27.0], rtol=1e-15)
    # scaling does not change kappa (the two Gaussian curves coincide) but does change sigma_1
    assert_allclose(ydata(left.get_lines()[0]), ydata(left.get_lines()[1]), rtol=1e-12)
    assert_allclose(
        ydata(right.get_lines()[1]),
        ydata(right.get_lines()[0]) * 0.5 ** np.arange(1, 6),
        rtol=1e-12,
    )
    for ax in fig.axes:
        assert ax.get_xlabel()
        assert ax.get_ylabel()
    assert left.get_legend() is not None
    fig.canvas.draw()


@pytest.mark.parametrize(
    ("stacks", "message"),
    [
        ({}, "`stacks` must name at least one stack"),
        # messages name the stack (and layer), not `weights` of product_singular_values
        (
            {"bad": [np.ones((2, 2)), np.ones((3, 3))]},
            "layer 1 does not chain: `stacks['bad'][1]` has shape (3, 3)",
        ),
        ({"empty": []}, "`stacks['empty']` must hold at least one matrix"),
        ({"diag": [np.diag([2.0, np.nan])]}, "`stacks['diag'][0]` must contain only finite"),
        ({"diag": np.ones((1, 3, 2, 2))}, "`stacks['diag'][0]` must be a 2-D matrix"),
        ({"big": [np.eye(2) * 1e200] * 2}, "`stacks['big'][1]` makes the product of layers 1 to 2"),
    ],
)
def test_product_conditioning_rejects_bad_input(
    stacks: dict[str, list[np.ndarray]], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_product_conditioning(stacks)
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    ("stacks", "message"),
    [
        (None, "`stacks` must be a mapping of labels to lists of weight matrices"),
        ([np.eye(2)], "`stacks` must be a mapping of labels to lists of weight matrices"),
        # once a bare len() TypeError (None) and a KeyError: 0 (a dict keyed by layer)
        ({"diag": None}, "`stacks['diag']` must be a sequence (list or tuple)"),
        ({"diag": {0: np.eye(2)}}, "`stacks['diag']` must be a sequence (list or tuple)"),
        ({"diag": "abc"}, "`stacks['diag']` must be a sequence (list or tuple)"),
        ({"diag": [np.eye(2) + 0.5j]}, "`stacks['diag'][0]` must be array-like of numbers"),
    ],
)
def test_product_conditioning_rejects_badly_typed_stacks(stacks: object, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        plot_product_conditioning(stacks)  # type: ignore[arg-type]
    assert plt.get_fignums() == []
