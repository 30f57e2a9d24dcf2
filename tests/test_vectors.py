"""Tests for aimath.vectors (chapter 1): reference values, properties, torch, errors.

Tolerances. Inputs from ``tests/strategies.py`` have at most 6 entries per
vector/row with magnitudes in [1e-3, 1e3] (or 0). A float64 sum of k <= 6
products has absolute error at most about k*eps times the sum of the absolute
values of the products (Higham, *Accuracy and Stability of Numerical
Algorithms*, §3.1), i.e. ~1.3e-15 relative to that sum. The tests below compare
two such computations against the bound ``TOL * (sum of |terms|)`` with
``TOL = 1e-12``: about 1000x the rounding error, yet any wrong formula misses by
O(1) of that scale.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.text import Annotation
from numpy.testing import assert_allclose, assert_array_equal
from numpy.typing import ArrayLike
from strategies import (
    FAST,
    chained_layers,
    low_rank_integer_matrices,
    matrices,
    matrix_pairs,
    matrix_triples,
    nonzero_vectors,
    vector_pairs,
    vectors,
    well_conditioned_2x2,
)

from aimath import (
    collapse_linear_layers,
    cosine_similarity,
    det2,
    dot,
    inverse2,
    is_linearly_independent,
    linear_layer,
    matmul,
    most_similar,
    neuron,
    norm,
    polygon_area,
    rank,
    relu,
    transform_points,
)
from aimath.plotting.vectors import plot_linear_map, plot_unit_square, plot_vector_arithmetic

#: Relative-to-scale tolerance for float64 results of short sums (see module docstring).
TOL = 1e-12

UNIT_SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])


def assert_within(actual: object, expected: object, scale: object, tol: float = TOL) -> None:
    """Assert ``|actual - expected| <= tol * scale`` elementwise (scale: sum of |terms|)."""
    actual_ = np.asarray(actual, dtype=np.float64)
    expected_ = np.asarray(expected, dtype=np.float64)
    bound = tol * np.asarray(scale, dtype=np.float64)
    assert actual_.shape == expected_.shape
    excess = np.abs(actual_ - expected_) - bound
    assert np.all(excess <= 0.0), f"off by more than {tol} * scale: {actual_} vs {expected_}"


def exact_rank(A: np.ndarray) -> int:
    """Exact rank of an integer-valued matrix, by sympy's rational arithmetic."""
    return int(sympy.Matrix(A.astype(np.int64).tolist()).rank())


# ---------------------------------------------------------------------------
# 1. Reference values (provenance in the comments)
# ---------------------------------------------------------------------------


def test_dot_reference() -> None:
    # closed form: 1*4 + 2*5 + 3*6 = 32 (small integers: exact in float64)
    assert dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) == 32.0
    # hand computation: orthogonal vectors, 1*(-2) + 2*1 = 0
    assert dot([1, 2], [-2, 1]) == 0.0
    assert isinstance(dot([1, 2], [3, 4]), float)


def test_norm_reference() -> None:
    # closed form: the 3-4-5 right triangle
    assert norm([3.0, 4.0]) == 5.0
    # closed form: sqrt(1 + 4 + 4) = 3
    assert norm([1.0, -2.0, 2.0]) == pytest.approx(3.0, rel=1e-15, abs=0.0)
    # definition: the zero vector has length 0
    assert norm([0.0, 0.0, 0.0]) == 0.0


def test_norm_does_not_overflow_or_underflow() -> None:
    # closed form: ||(c, c)|| = sqrt(2) * c; c*c would overflow (1e400) or underflow
    # (1e-400) in float64, which the scaling in norm() must avoid
    for c in (1e200, 1e-200):
        assert norm([c, c]) == pytest.approx(math.sqrt(2.0) * c, rel=1e-15, abs=0.0)


def test_neuron_book_example() -> None:
    # hand computation: 0.5*1 + (-0.3)*2 + 0.8*3 + 0.1 = 0.5 - 0.6 + 2.4 + 0.1 = 2.4;
    # 0.3 and 0.8 are not exact in binary, so allow a few ulps (rel 1e-14)
    z = neuron([0.5, -0.3, 0.8], [1.0, 2.0, 3.0], b=0.1)
    assert z == pytest.approx(2.4, rel=1e-14, abs=0.0)


def test_neuron_default_bias_is_zero() -> None:
    # hand computation: 1*2 + (-1)*3 = -1
    assert neuron([1.0, -1.0], [2.0, 3.0]) == -1.0


def test_cosine_book_example() -> None:
    # closed form: a.b = 3*1 + 4*2 = 11, |a| = 5, |b| = sqrt(5)
    expected = 11.0 / (5.0 * math.sqrt(5.0))
    assert cosine_similarity([3.0, 4.0], [1.0, 2.0]) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([1.0, 0.0], [0.0, 2.0], 0.0),  # closed form: orthogonal, cos 90° = 0
        ([1.0, 1.0], [2.0, 2.0], 1.0),  # closed form: same direction, cos 0° = 1
        ([1.0, 2.0], [-3.0, -6.0], -1.0),  # closed form: opposite, cos 180° = -1
        ([1.0, 0.0], [1.0, 1.0], 1.0 / math.sqrt(2.0)),  # closed form: cos 45°
        ([3.0, 4.0], [4.0, 3.0], 24.0 / 25.0),  # closed form: (12 + 12) / (5 * 5)
    ],
)
def test_cosine_reference(a: list[float], b: list[float], expected: float) -> None:
    assert cosine_similarity(a, b) == pytest.approx(expected, rel=1e-15, abs=1e-15)


def test_cosine_is_clipped_to_valid_range() -> None:
    # definition: a cosine never exceeds 1 in magnitude. For v = (1, 2, 3) the
    # unclipped sum of the squared entries of v/|v| rounds to 1 + 2 ulp
    # (computed below with the same scaling as the library), so the clip is exercised
    v = np.array([1.0, 2.0, 3.0])
    v_hat = v / (3.0 * np.sqrt(np.sum((v / 3.0) ** 2)))
    assert float(np.sum(v_hat * v_hat)) > 1.0
    assert cosine_similarity(v, v) == 1.0
    assert cosine_similarity(v, -v) == -1.0


def test_cosine_tiny_nonzero_vectors() -> None:
    # closed form: cos(v, v) = 1 for every non-zero v; (1e-200, 0) is finite and
    # non-zero (norm() handles it), but v.v = 1e-400 underflows to 0 in float64
    v = [1e-200, 0.0]
    assert cosine_similarity(v, v) == pytest.approx(1.0, rel=1e-15)


def test_cosine_huge_vectors() -> None:
    # closed form: cos(v, v) = 1 and cos(v, w) = 0 for w ⟂ v; v.v = 2e320
    # overflows float64, but the cosine itself is a number in [-1, 1]
    v = [1e160, 1e160]
    w = [1e160, -1e160]
    assert cosine_similarity(v, v) == pytest.approx(1.0, rel=1e-15)
    assert cosine_similarity(v, w) == pytest.approx(0.0, abs=1e-15)


def test_most_similar_reference() -> None:
    table = {"x": [1.0, 0.0], "y": [0.0, 1.0], "xy": [1.0, 1.0]}
    ranked = most_similar([1.0, 0.1], table)
    # closed form: |q| = sqrt(1.01); cos(q, x) = 1/|q|, cos(q, xy) = 1.1/(sqrt(2)|q|),
    # cos(q, y) = 0.1/|q|
    q = math.sqrt(1.01)
    expected = [("x", 1.0 / q), ("xy", 1.1 / (math.sqrt(2.0) * q)), ("y", 0.1 / q)]
    assert [name for name, _ in ranked] == [name for name, _ in expected]
    for (_, got), (_, want) in zip(ranked, expected, strict=True):
        assert got == pytest.approx(want, rel=1e-14)


def test_most_similar_analogy_with_exclude() -> None:
    # hand-built toy embedding: axes are (royal, male, female)
    table = {
        "king": [1.0, 1.0, 0.0],
        "queen": [1.0, 0.0, 1.0],
        "man": [0.0, 1.0, 0.0],
        "woman": [0.0, 0.0, 1.0],
    }
    # hand computation: king - man + woman = (1, 0, 1) = queen exactly
    query = np.array(table["king"]) - table["man"] + table["woman"]
    ranked = most_similar(query, table, exclude=["king", "man", "woman"])
    assert [name for name, _ in ranked] == ["queen"]
    assert ranked[0][1] == pytest.approx(1.0, rel=1e-15)


def test_relu_reference() -> None:
    # definition: max(0, x) elementwise, shape preserved
    assert_array_equal(relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    assert_array_equal(relu([[-1.0, 2.0], [3.0, -4.0]]), [[0.0, 2.0], [3.0, 0.0]])
    assert relu(-5.0).shape == ()


def test_matmul_book_example() -> None:
    # hand computation: [1*5+2*7, 1*6+2*8; 3*5+4*7, 3*6+4*8] = [[19, 22], [43, 50]]
    C = matmul([[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]])
    assert_array_equal(C, [[19.0, 22.0], [43.0, 50.0]])


def test_matmul_non_square_reference() -> None:
    # hand computation: row times column gives a 1x1 matrix, 1*3 + 2*4 = 11;
    # column times row gives the 2x2 outer product
    assert_array_equal(matmul([[1.0, 2.0]], [[3.0], [4.0]]), [[11.0]])
    assert_array_equal(matmul([[3.0], [4.0]], [[1.0, 2.0]]), [[3.0, 6.0], [4.0, 8.0]])


def test_linear_layer_reference() -> None:
    W = [[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]
    # hand computation: W @ (3, 4) = (3, 8, 7); plus b = (0, 0, 1) gives (3, 8, 8)
    assert_array_equal(linear_layer([3.0, 4.0], W, b=[0.0, 0.0, 1.0]), [3.0, 8.0, 8.0])
    # hand computation: batch rows (3, 4) and (1, 0), no bias
    assert_array_equal(
        linear_layer([[3.0, 4.0], [1.0, 0.0]], W), [[3.0, 8.0, 7.0], [1.0, 0.0, 1.0]]
    )


def test_collapse_linear_layers_reference() -> None:
    # hand computation: 3 * (2x + 1) - 1 = 6x + 2
    W, b = collapse_linear_layers([[[2.0]], [[3.0]]], [[1.0], [-1.0]])
    assert_array_equal(W, [[6.0]])
    assert_array_equal(b, [2.0])


def test_collapse_single_layer_is_identity() -> None:
    # definition: one layer collapses to itself
    W, b = collapse_linear_layers([[[1.0, 2.0], [3.0, 4.0]]], [[5.0, 6.0]])
    assert_array_equal(W, [[1.0, 2.0], [3.0, 4.0]])
    assert_array_equal(b, [5.0, 6.0])


def test_det2_book_example() -> None:
    # closed form: 3*4 - 1*2 = 10
    assert det2([[3.0, 1.0], [2.0, 4.0]]) == 10.0


@pytest.mark.parametrize(
    ("A", "expected"),
    [
        ([[2.0, 0.0], [0.0, 3.0]], 6.0),  # closed form: diagonal, 2*3
        ([[1.0, 2.0], [2.0, 4.0]], 0.0),  # closed form: dependent rows, 4 - 4
        ([[0.0, 1.0], [1.0, 0.0]], -1.0),  # closed form: a reflection, 0 - 1
        ([[1.0, 5.0], [0.0, 1.0]], 1.0),  # closed form: a shear preserves area
    ],
)
def test_det2_reference(A: list[list[float]], expected: float) -> None:
    assert det2(A) == expected


@pytest.mark.parametrize(
    ("A", "expected"),
    [
        # closed form: det 1, so the inverse is [[d, -b], [-c, a]] = [[1, -1], [-1, 2]]
        ([[2.0, 1.0], [1.0, 1.0]], [[1.0, -1.0], [-1.0, 2.0]]),
        # closed form: det 24 - 14 = 10, inverse [[6, -7], [-2, 4]] / 10
        ([[4.0, 7.0], [2.0, 6.0]], [[0.6, -0.7], [-0.2, 0.4]]),
        # closed form: a rotation by 90° is inverted by its transpose
        ([[0.0, -1.0], [1.0, 0.0]], [[0.0, 1.0], [-1.0, 0.0]]),
    ],
)
def test_inverse2_reference(A: list[list[float]], expected: list[list[float]]) -> None:
    # 0.6, 0.7, ... are inexact in binary: compare to 1 ulp-ish (rtol 1e-15)
    assert_allclose(inverse2(A), expected, rtol=1e-15, atol=0.0)


def test_rank_book_example() -> None:
    # hand computation: row3 = 2*row2 - row1 and rows 1, 2 are not parallel
    assert rank([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]) == 2


@pytest.mark.parametrize(
    ("A", "expected"),
    [
        (np.eye(4), 4),  # definition: the identity has full rank
        (np.zeros((3, 2)), 0),  # definition: the zero matrix has rank 0
        ([[1.0, 2.0], [2.0, 4.0]], 1),  # hand computation: row2 = 2*row1
        ([[1.0, 2.0, 3.0]], 1),  # hand computation: one non-zero row
        ([[0.0, 1.0], [0.0, 2.0], [0.0, 3.0]], 1),  # hand computation: first column zero
        ([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], 2),  # hand computation: pivots in columns 0, 2
    ],
)
def test_rank_reference(A: ArrayLike, expected: int) -> None:
    assert rank(A) == expected


def test_rank_tolerance() -> None:
    # hand computation: the second pivot is 1e-10, non-zero by default (well above
    # 2 * eps * 1 ~ 4e-16) but zero when tol = 1e-8 treats it as noise
    A = [[1.0, 0.0], [0.0, 1e-10]]
    assert rank(A) == 2
    assert rank(A, tol=1e-8) == 1
    assert rank(A, tol=0.0) == 2


@pytest.mark.parametrize(
    ("vs", "expected"),
    [
        ([[1.0, 0.0], [1.0, 1.0]], True),  # hand computation: det = 1
        ([[1.0, 2.0], [2.0, 4.0]], False),  # hand computation: second = 2 * first
        ([[1.0, 2.0, 3.0]], True),  # definition: one non-zero vector
        ([[0.0, 0.0]], False),  # definition: the zero vector is dependent
        ([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], False),  # 3 vectors in R^2
    ],
)
def test_is_linearly_independent_reference(vs: list[list[float]], expected: bool) -> None:
    assert is_linearly_independent(vs) is expected


def test_transform_points_reference() -> None:
    # closed form: rotation by 90° maps e1 -> e2 and e2 -> -e1
    R = [[0.0, -1.0], [1.0, 0.0]]
    assert_array_equal(transform_points(R, [[1.0, 0.0], [0.0, 1.0]]), [[0.0, 1.0], [-1.0, 0.0]])
    # hand computation: [[1, 2], [3, 4]] @ (1, 1) = (3, 7)
    assert_array_equal(transform_points([[1.0, 2.0], [3.0, 4.0]], [[1.0, 1.0]]), [[3.0, 7.0]])


@pytest.mark.parametrize(
    ("vertices", "expected"),
    [
        ([[0.0, 0.0], [2.0, 0.0], [2.0, 1.0], [0.0, 1.0]], 2.0),  # 2x1 rectangle, CCW
        ([[0.0, 0.0], [0.0, 1.0], [2.0, 1.0], [2.0, 0.0]], -2.0),  # same, clockwise
        ([[0.0, 0.0], [4.0, 0.0], [0.0, 3.0]], 6.0),  # right triangle: 4*3/2
        # hand computation: a 2x1 rectangle with a roof (triangle, base 2, height 1)
        ([[1.0, 1.0], [3.0, 1.0], [3.0, 2.0], [2.0, 3.0], [1.0, 2.0]], 3.0),
    ],
)
def test_polygon_area_reference(vertices: list[list[float]], expected: float) -> None:
    # closed form (rectangle b*h, triangle b*h/2), orientation sign by definition
    assert polygon_area(vertices) == pytest.approx(expected, rel=1e-15, abs=0.0)


def test_unit_square_image_area_is_det() -> None:
    # book example: det [[3, 1], [2, 4]] = 10 is the area of the image of the unit square
    A = [[3.0, 1.0], [2.0, 4.0]]
    assert polygon_area(transform_points(A, UNIT_SQUARE)) == 10.0


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------


@FAST
@given(vector_pairs())
def test_dot_is_symmetric(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    # exact: a_i*b_i == b_i*a_i in IEEE arithmetic and the sum runs in the same order
    assert dot(a, b) == dot(b, a)


@FAST
@given(
    st.integers(1, 6).flatmap(lambda n: st.tuples(vectors(n), vectors(n), vectors(n))),
    # subnormal scalars (e.g. 5e-324) keep only a bit or two of precision, so a
    # relative error bound says nothing there; the bound is tested on normal floats
    st.floats(-10.0, 10.0, allow_subnormal=False),
)
def test_dot_is_bilinear(triple: tuple[np.ndarray, ...], s: float) -> None:
    a, b, c = triple
    # additivity: (a + b).c = a.c + b.c, within TOL of the sum of |terms|
    scale = np.sum(np.abs(a * c)) + np.sum(np.abs(b * c))
    assert_within(dot(a + b, c), dot(a, c) + dot(b, c), scale)
    # homogeneity: (s a).b = s (a.b)
    assert_within(dot(s * a, b), s * dot(a, b), abs(s) * np.sum(np.abs(a * b)))


@FAST
@given(vector_pairs(nonzero=True))
def test_cosine_is_in_range(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    c = cosine_similarity(a, b)
    assert -1.0 <= c <= 1.0
    # symmetric exactly: the formula is symmetric in a and b operation by operation
    assert c == cosine_similarity(b, a)


@FAST
@given(vector_pairs(nonzero=True), st.floats(1e-2, 1e2))
def test_cosine_is_positively_scale_invariant(
    pair: tuple[np.ndarray, np.ndarray], s: float
) -> None:
    a, b = pair
    # cosine is bounded by 1 and its rounding error is ~k*eps in absolute terms,
    # so an absolute tolerance of TOL is appropriate
    assert_within(cosine_similarity(s * a, b), cosine_similarity(a, b), 1.0)
    assert_within(cosine_similarity(a, s * b), cosine_similarity(a, b), 1.0)
    # negative scaling flips the sign
    assert_within(cosine_similarity(-s * a, b), -cosine_similarity(a, b), 1.0)


@FAST
@given(nonzero_vectors())
def test_cosine_of_vector_with_itself_is_one(v: np.ndarray) -> None:
    assert_within(cosine_similarity(v, v), 1.0, 1.0)


@FAST
@given(vectors())
def test_norm_squared_is_dot_with_itself(v: np.ndarray) -> None:
    # both sides have relative error ~k*eps; all terms v_i^2 are >= 0, so the
    # scale sum |terms| is v.v itself
    assert_within(norm(v) ** 2, dot(v, v), dot(v, v))
    assert norm(v) >= 0.0


@FAST
@given(vectors(), st.floats(-1e2, 1e2, allow_subnormal=False))  # see test_dot_is_bilinear
def test_norm_is_absolutely_homogeneous(v: np.ndarray, s: float) -> None:
    assert_within(norm(s * v), abs(s) * norm(v), abs(s) * norm(v))


@FAST
@given(vector_pairs())
def test_norm_triangle_inequality(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    assert norm(a + b) <= (norm(a) + norm(b)) * (1.0 + TOL)


@FAST
@given(vector_pairs())
def test_cauchy_schwarz(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    # |a.b| <= |a||b|; equality is possible (parallel vectors), so allow TOL
    # relative slack for rounding on each side
    assert abs(dot(a, b)) <= norm(a) * norm(b) * (1.0 + TOL)


@FAST
@given(nonzero_vectors(), st.floats(-1e2, 1e2).filter(lambda s: abs(s) >= 1e-2))
def test_cauchy_schwarz_equality_for_parallel_vectors(a: np.ndarray, s: float) -> None:
    b = s * a
    assert_within(abs(dot(a, b)), norm(a) * norm(b), norm(a) * norm(b))


@FAST
@given(matrix_pairs())
def test_matmul_agrees_with_numpy(pair: tuple[np.ndarray, np.ndarray]) -> None:
    A, B = pair
    C = matmul(A, B)
    assert C.shape == (A.shape[0], B.shape[1])
    # classic bound for a computed product: |C - fl(C)| <= k*eps |A||B|
    assert_within(C, A @ B, np.abs(A) @ np.abs(B))


@FAST
@given(matrix_pairs())
def test_matmul_transpose_rule(pair: tuple[np.ndarray, np.ndarray]) -> None:
    A, B = pair
    # exact: (B^T A^T)_ji = sum_p B_pj A_ip, the same products (multiplication is
    # commutative in IEEE arithmetic) summed in the same order as (AB)_ij
    assert_array_equal(matmul(A, B).T, matmul(B.T, A.T))


@FAST
@given(matrix_triples())
def test_matmul_is_associative(triple: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    A, B, C = triple
    # both groupings are within ~2k*eps of |A||B||C| of the exact product
    scale = np.abs(A) @ np.abs(B) @ np.abs(C)
    assert_within(matmul(matmul(A, B), C), matmul(A, matmul(B, C)), scale)


@FAST
@given(st.data())
def test_linear_layer_batch_equals_rows(data: st.DataObject) -> None:
    n_in = data.draw(st.integers(1, 6))
    n_out = data.draw(st.integers(1, 6))
    batch = data.draw(st.integers(1, 5))
    X = data.draw(matrices(batch, n_in))
    W = data.draw(matrices(n_out, n_in))
    b = data.draw(st.none() | vectors(n_out))
    Y = linear_layer(X, W, b)
    assert Y.shape == (batch, n_out)
    rows = np.stack([linear_layer(x, W, b) for x in X])
    scale = np.abs(X) @ np.abs(W).T + (0.0 if b is None else np.abs(b))
    # BLAS may use different kernels for a batch and a single vector
    assert_within(Y, rows, scale)
    # and each row is Wx + b by the definition
    assert_within(Y, X @ W.T + (0.0 if b is None else b), scale)


@FAST
@given(chained_layers(), st.data())
def test_collapse_reproduces_sequential_application(
    layers: tuple[list[np.ndarray], list[np.ndarray]], data: st.DataObject
) -> None:
    weights, biases = layers
    x = data.draw(vectors(weights[0].shape[1]))
    W, b = collapse_linear_layers(weights, biases)
    assert W.shape == (weights[-1].shape[0], weights[0].shape[1])
    y = x
    scale = np.abs(x)  # the same computation on |.| bounds the size of every term
    for W_l, b_l in zip(weights, biases, strict=True):
        y = linear_layer(y, W_l, b_l)
        scale = np.abs(W_l) @ scale + np.abs(b_l)
    # rounding grows with depth (<= 4 layers): 1e-11 is still ~1000x the bound
    assert_within(linear_layer(x, W, b), y, scale, tol=1e-11)


@FAST
@given(matrices(2, 2))
def test_image_of_unit_square_has_area_det(A: np.ndarray) -> None:
    area = polygon_area(transform_points(A, UNIT_SQUARE))
    # the shoelace terms are products of sums of entries: bounded by (sum |A_ij|)^2
    assert_within(area, det2(A), np.sum(np.abs(A)) ** 2)


@FAST
@given(matrices(2, 2))
def test_det2_agrees_with_numpy(A: np.ndarray) -> None:
    # np.linalg.det goes through LU; both are within ~eps*(|ad| + |bc|) of ad - bc
    scale = abs(A[0, 0] * A[1, 1]) + abs(A[0, 1] * A[1, 0])
    assert_within(det2(A), np.linalg.det(A), scale)


@FAST
@given(st.tuples(matrices(2, 2), matrices(2, 2)))
def test_det2_is_multiplicative(pair: tuple[np.ndarray, np.ndarray]) -> None:
    A, B = pair
    scale = (np.sum(np.abs(A)) * np.sum(np.abs(B))) ** 2
    assert_within(det2(A @ B), det2(A) * det2(B), scale)


@FAST
@given(well_conditioned_2x2())
def test_inverse2_is_an_inverse(A: np.ndarray) -> None:
    # cond(A) <= 1e3 by construction, so the computed inverse has relative error
    # <~ cond * eps ~ 2e-13 and A^{-1} A - I is within ~1e-12 of 0; atol 1e-10
    # leaves a margin of ~100 and is still far below any real error (O(1))
    identity = np.eye(2)
    assert_allclose(inverse2(A) @ A, identity, rtol=0.0, atol=1e-10)
    assert_allclose(A @ inverse2(A), identity, rtol=0.0, atol=1e-10)


@FAST
@given(well_conditioned_2x2())
def test_inverse2_agrees_with_numpy(A: np.ndarray) -> None:
    # same conditioning argument: both inverses are within ~cond*eps of the truth,
    # measured against the size of the inverse
    inv = np.linalg.inv(A)
    assert_allclose(inverse2(A), inv, rtol=0.0, atol=1e-10 * np.max(np.abs(inv)))


@FAST
@given(low_rank_integer_matrices())
def test_rank_agrees_with_exact_and_numpy(A: np.ndarray) -> None:
    expected = exact_rank(A)  # sympy, exact rational arithmetic
    # the SVD-based reference agrees on these exactly representable cases
    assert int(np.linalg.matrix_rank(A)) == expected
    assert rank(A) == expected
    # rank(A) = rank(A^T)
    assert rank(A.T) == expected


@FAST
@given(low_rank_integer_matrices())
def test_is_linearly_independent_agrees_with_rank(A: np.ndarray) -> None:
    rows = list(A)
    assert is_linearly_independent(rows) is (exact_rank(A) == len(rows))


@FAST
@given(matrices())
def test_rank_is_bounded_by_shape(A: np.ndarray) -> None:
    r = rank(A)
    assert 0 <= r <= min(A.shape)
    assert (r == 0) == bool(np.all(A == 0.0))


@FAST
@given(vectors() | matrices())
def test_relu_properties(x: np.ndarray) -> None:
    y = relu(x)
    assert y.shape == x.shape
    assert np.all(y >= 0.0)
    # exact: relu keeps positive entries and zeroes the rest
    assert_array_equal(y, np.where(x > 0.0, x, 0.0))
    assert_array_equal(relu(y), y)  # idempotent


# ---------------------------------------------------------------------------
# 3. Reference implementations (torch 2.13, float64 throughout)
# ---------------------------------------------------------------------------


def _t(x: ArrayLike) -> torch.Tensor:
    return torch.from_numpy(np.asarray(x, dtype=np.float64))


@FAST
@given(vector_pairs())
def test_dot_agrees_with_torch(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    expected = torch.dot(_t(a), _t(b)).item()
    assert_within(dot(a, b), expected, np.sum(np.abs(a * b)))


@FAST
@given(vector_pairs(nonzero=True))
def test_cosine_agrees_with_torch(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    # torch clamps each norm below at eps = 1e-8; our non-zero vectors have
    # norm >= 1e-3, so the clamp never acts and the formulas coincide
    expected = torch.nn.functional.cosine_similarity(_t(a), _t(b), dim=0).item()
    assert cosine_similarity(a, b) == pytest.approx(expected, rel=0.0, abs=1e-12)


@FAST
@given(st.data())
def test_linear_layer_agrees_with_torch_linear(data: st.DataObject) -> None:
    n_in = data.draw(st.integers(1, 6))
    n_out = data.draw(st.integers(1, 6))
    X = data.draw(matrices(st.integers(1, 5), n_in))
    W = data.draw(matrices(n_out, n_in))
    use_bias = data.draw(st.booleans())
    b = data.draw(vectors(n_out)) if use_bias else None
    layer = torch.nn.Linear(n_in, n_out, bias=use_bias, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(_t(W))
        if b is not None:
            layer.bias.copy_(_t(b))
        expected = layer(_t(X)).numpy()
        expected_single = layer(_t(X[0])).numpy()
    scale = np.abs(X) @ np.abs(W).T + (0.0 if b is None else np.abs(b))
    assert_within(linear_layer(X, W, b), expected, scale)
    assert_within(linear_layer(X[0], W, b), expected_single, scale[0])


@FAST
@given(matrices(2, 2))
def test_det2_agrees_with_torch(A: np.ndarray) -> None:
    scale = abs(A[0, 0] * A[1, 1]) + abs(A[0, 1] * A[1, 0])
    assert_within(det2(A), torch.linalg.det(_t(A)).item(), scale)


@FAST
@given(matrix_pairs())
def test_matmul_agrees_with_torch(pair: tuple[np.ndarray, np.ndarray]) -> None:
    A, B = pair
    assert_within(matmul(A, B), (_t(A) @ _t(B)).numpy(), np.abs(A) @ np.abs(B))


@FAST
@given(low_rank_integer_matrices())
def test_rank_agrees_with_torch(A: np.ndarray) -> None:
    assert rank(A) == int(torch.linalg.matrix_rank(_t(A)).item())


def test_book_examples_agree_with_torch() -> None:
    w, x = _t([0.5, -0.3, 0.8]), _t([1.0, 2.0, 3.0])
    assert neuron(w.numpy(), x.numpy(), 0.1) == pytest.approx(
        (torch.dot(w, x) + 0.1).item(), rel=1e-15
    )
    a, b = _t([3.0, 4.0]), _t([1.0, 2.0])
    assert cosine_similarity(a.numpy(), b.numpy()) == pytest.approx(
        torch.nn.functional.cosine_similarity(a, b, dim=0).item(), rel=1e-15
    )
    assert det2([[3.0, 1.0], [2.0, 4.0]]) == pytest.approx(
        torch.linalg.det(_t([[3.0, 1.0], [2.0, 4.0]])).item(), rel=1e-14
    )
    M = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
    assert rank(M) == int(torch.linalg.matrix_rank(_t(M)).item())


# ---------------------------------------------------------------------------
# Error paths: one test per branch; every message names the argument
# ---------------------------------------------------------------------------


def _named(name: str) -> str:
    """Regex matching the argument name as the library quotes it: `name`."""
    return re.escape(f"`{name}`")


@pytest.mark.parametrize(
    "bad",
    ["1, 2, 3", b"\x01\x02", None],
    ids=["str", "bytes", "None"],
)
def test_validation_rejects_strings_and_none(bad: object) -> None:
    with pytest.raises(TypeError, match=_named("a") + " must be array-like of numbers"):
        dot(bad, [1.0])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [[[1.0, 2.0], [3.0]], [object()], ["a", "b"]],
    ids=["ragged", "object", "non-numeric-strings"],
)
def test_validation_rejects_unconvertible(bad: object) -> None:
    with pytest.raises(TypeError, match=_named("v") + " must be array-like of numbers"):
        norm(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("empty", [[], np.empty((0, 3)), np.empty((2, 0))])
def test_validation_rejects_empty(empty: object) -> None:
    with pytest.raises(ValueError, match=_named("x") + " must not be empty"):
        relu(empty)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_validation_rejects_non_finite(bad: float) -> None:
    with pytest.raises(ValueError, match=_named("b") + " must contain only finite numbers"):
        dot([1.0, 2.0], [1.0, bad])


@pytest.mark.parametrize("bad", [3.0, [[1.0, 2.0]]], ids=["scalar", "matrix"])
def test_validation_rejects_non_vector(bad: object) -> None:
    with pytest.raises(ValueError, match=_named("v") + " must be a 1-D vector"):
        norm(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [[1.0, 2.0], np.ones((2, 2, 2))], ids=["vector", "3-D"])
def test_validation_rejects_non_matrix(bad: object) -> None:
    with pytest.raises(ValueError, match=_named("A") + " must be a 2-D matrix"):
        matmul(bad, [[1.0]])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [[None, 1.0], np.array([1.0, None], dtype=object), [[1.0], [None]]],
    ids=["list", "object-array", "nested"],
)
def test_validation_rejects_none_entries(bad: object) -> None:
    # NumPy would turn None into NaN: the message must say None, not "NaN or inf"
    with pytest.raises(TypeError, match=_named("x") + " must be array-like of numbers; got None"):
        relu(bad)  # type: ignore[arg-type]


def test_validation_accepts_object_arrays_of_numbers() -> None:
    assert relu(np.array([-1, 2.5], dtype=object)).tolist() == [0.0, 2.5]


def test_validation_rejects_non_square() -> None:
    with pytest.raises(ValueError, match=_named("A") + " must be square"):
        transform_points([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[1.0, 2.0, 3.0]])


def test_dot_rejects_mismatched_lengths() -> None:
    with pytest.raises(
        ValueError, match=_named("a") + " and " + _named("b") + " must have the same length"
    ):
        dot([1.0, 2.0], [1.0, 2.0, 3.0])


def test_cosine_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match=_named("a") + " and " + _named("b")):
        cosine_similarity([1.0, 2.0], [1.0])


@pytest.mark.parametrize(
    ("name", "a", "b"), [("a", [0.0, 0.0], [1.0, 2.0]), ("b", [1.0, 2.0], [0.0, 0.0])]
)
def test_cosine_rejects_zero_vector(name: str, a: list[float], b: list[float]) -> None:
    with pytest.raises(ValueError, match=_named(name) + " must not be the zero vector"):
        cosine_similarity(a, b)


def test_most_similar_rejects_unknown_exclude() -> None:
    with pytest.raises(ValueError, match=_named("exclude") + r".*\['nope'\]"):
        most_similar([1.0, 0.0], {"x": [1.0, 0.0]}, exclude=["x", "nope"])


@pytest.mark.parametrize(
    ("candidates", "exclude"),
    [({"x": [1.0, 0.0], "y": [0.0, 1.0]}, ["x", "y"]), ({}, [])],
    ids=["all-excluded", "no-candidates"],
)
def test_most_similar_rejects_nothing_left(
    candidates: dict[str, list[float]], exclude: list[str]
) -> None:
    with pytest.raises(ValueError, match=_named("candidates") + " must hold at least one vector"):
        most_similar([1.0, 0.0], candidates, exclude=exclude)


def test_most_similar_rejects_mismatched_candidate() -> None:
    with pytest.raises(
        ValueError, match=_named("query") + " and " + _named("candidates['x']") + " must have"
    ):
        most_similar([1.0, 0.0], {"x": [1.0, 0.0, 0.0]})


@pytest.mark.parametrize(
    ("query", "exc", "message"),
    [
        ([np.nan, 0.0], ValueError, " must contain only finite numbers"),
        ([0.0, 0.0], ValueError, " must not be the zero vector"),
        ([[1.0, 0.0]], ValueError, " must be a 1-D vector"),
        ("abc", TypeError, " must be array-like of numbers"),
    ],
    ids=["nan", "zero", "matrix", "str"],
)
def test_most_similar_names_a_bad_query(query: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=_named("query") + message):
        most_similar(query, {"x": [1.0, 0.0]})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("vector", "exc", "message"),
    [
        ([np.inf, 0.0], ValueError, " must contain only finite numbers"),
        ([0.0, 0.0], ValueError, " must not be the zero vector"),
        (None, TypeError, " must be array-like of numbers"),
        (np.array([1.0, None], dtype=object), TypeError, " must be array-like of numbers"),
    ],
    ids=["inf", "zero", "None", "object-with-None"],
)
def test_most_similar_names_a_bad_candidate(
    vector: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=_named("candidates['y']") + message):
        most_similar([1.0, 0.0], {"x": [1.0, 0.0], "y": vector})  # type: ignore[dict-item]


def test_most_similar_rejects_non_mapping_candidates() -> None:
    with pytest.raises(TypeError, match=_named("candidates") + " must be a mapping"):
        most_similar([1.0, 0.0], [[1.0, 0.0]])  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_neuron_rejects_non_finite_bias(bad: float) -> None:
    with pytest.raises(ValueError, match=_named("b") + " must be a finite number"):
        neuron([1.0], [1.0], b=bad)


def test_neuron_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match=_named("w") + " and " + _named("x") + " must have"):
        neuron([1.0, 2.0], [1.0])


@pytest.mark.parametrize(
    ("w", "x", "name", "exc", "message"),
    [
        ([np.nan, 1.0], [1.0, 1.0], "w", ValueError, " must contain only finite numbers"),
        ([1.0, 1.0], [], "x", ValueError, " must not be empty"),
        ([[1.0, 1.0]], [1.0, 1.0], "w", ValueError, " must be a 1-D vector"),
        ([1.0, 1.0], "abc", "x", TypeError, " must be array-like of numbers"),
        (None, [1.0, 1.0], "w", TypeError, " must be array-like of numbers"),
    ],
    ids=["w-nan", "x-empty", "w-matrix", "x-str", "w-None"],
)
def test_neuron_names_a_bad_w_or_x(
    w: object, x: object, name: str, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=_named(name) + message):
        neuron(w, x)  # type: ignore[arg-type]


def test_matmul_rejects_mismatched_inner_dimensions() -> None:
    with pytest.raises(
        ValueError, match="inner dimensions must agree: " + _named("A") + " has 3 columns"
    ):
        matmul(np.ones((2, 3)), np.ones((2, 2)))


@pytest.mark.parametrize("bad", [2.0, np.ones((2, 2, 2))], ids=["scalar", "3-D"])
def test_linear_layer_rejects_bad_x_ndim(bad: object) -> None:
    with pytest.raises(ValueError, match=_named("x") + " must be a vector or a batch matrix"):
        linear_layer(bad, np.ones((2, 2)))  # type: ignore[arg-type]


@pytest.mark.parametrize("x", [np.ones(3), np.ones((4, 3))], ids=["vector", "batch"])
def test_linear_layer_rejects_feature_mismatch(x: np.ndarray) -> None:
    with pytest.raises(
        ValueError, match=_named("x") + " has 3 features but " + _named("W") + " expects 2"
    ):
        linear_layer(x, np.ones((5, 2)))


def test_linear_layer_rejects_wrong_bias_length() -> None:
    with pytest.raises(ValueError, match=_named("b") + " must have length 5"):
        linear_layer(np.ones(2), np.ones((5, 2)), b=np.ones(4))


def test_linear_layer_rejects_non_finite_bias() -> None:
    with pytest.raises(ValueError, match=_named("b") + " must contain only finite numbers"):
        linear_layer(np.ones(2), np.ones((2, 2)), b=[0.0, np.nan])


@pytest.mark.parametrize(
    ("weights", "biases"),
    [([], []), ([np.ones((2, 2))], []), ([np.ones((2, 2))], [np.ones(2), np.ones(2)])],
    ids=["empty", "fewer-biases", "more-biases"],
)
def test_collapse_rejects_bad_list_lengths(
    weights: list[np.ndarray], biases: list[np.ndarray]
) -> None:
    with pytest.raises(
        ValueError, match=_named("weights") + " and " + _named("biases") + " must be non-empty"
    ):
        collapse_linear_layers(weights, biases)


def test_collapse_rejects_wrong_first_bias() -> None:
    # both culprits are named: the bias, and the weight whose rows it must match
    with pytest.raises(
        ValueError, match=_named("biases[0]") + " must have length 3 .*" + _named("weights[0]")
    ):
        collapse_linear_layers([np.ones((3, 2))], [np.ones(2)])


@pytest.mark.parametrize(
    "bad", [None, "abc", {"a": 1.0}, 3.0], ids=["None", "str", "dict", "number"]
)
@pytest.mark.parametrize("name", ["weights", "biases"])
def test_collapse_rejects_non_sequences(name: str, bad: object) -> None:
    layers: dict[str, object] = {"weights": [np.ones((1, 1))], "biases": [np.ones(1)], name: bad}
    with pytest.raises(TypeError, match=_named(name) + " must be a sequence of arrays"):
        collapse_linear_layers(**layers)  # type: ignore[arg-type]


def test_collapse_rejects_weights_that_do_not_chain() -> None:
    # layer 0 outputs 3 values, layer 1 expects 4 inputs
    with pytest.raises(ValueError, match="layer 1 does not chain: " + _named("weights[1]")):
        collapse_linear_layers([np.ones((3, 2)), np.ones((5, 4))], [np.ones(3), np.ones(5)])


def test_collapse_rejects_bias_that_does_not_chain() -> None:
    with pytest.raises(
        ValueError, match="layer 1 does not chain: .*" + _named("biases[1]") + " length 4"
    ):
        collapse_linear_layers([np.ones((3, 2)), np.ones((5, 3))], [np.ones(3), np.ones(4)])


def test_collapse_names_invalid_later_layer() -> None:
    with pytest.raises(ValueError, match=_named("weights[1]") + " must be a 2-D matrix"):
        collapse_linear_layers([np.ones((3, 2)), np.ones(3)], [np.ones(3), np.ones(1)])
    with pytest.raises(ValueError, match=_named("biases[1]") + " must contain only finite"):
        collapse_linear_layers([np.ones((3, 2)), np.ones((1, 3))], [np.ones(3), [np.inf]])


def test_det2_rejects_non_square() -> None:
    with pytest.raises(ValueError, match=_named("A") + " must be square"):
        det2(np.ones((2, 3)))


@pytest.mark.parametrize("shape", [(1, 1), (3, 3)])
def test_det2_rejects_non_2x2(shape: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match=_named("A") + " must be 2x2"):
        det2(np.ones(shape))


def test_inverse2_rejects_singular() -> None:
    with pytest.raises(ValueError, match=_named("A") + " is singular"):
        inverse2([[1.0, 2.0], [2.0, 4.0]])


def test_inverse2_rejects_non_2x2() -> None:
    with pytest.raises(ValueError, match=_named("A") + " must be 2x2"):
        inverse2(np.eye(3))


@pytest.mark.parametrize("tol", [-1e-12, -1.0, np.nan])
def test_rank_rejects_negative_or_nan_tol(tol: float) -> None:
    with pytest.raises(ValueError, match=_named("tol") + " must be non-negative"):
        rank(np.eye(2), tol=tol)


def test_rank_rejects_non_matrix() -> None:
    with pytest.raises(ValueError, match=_named("A") + " must be a 2-D matrix"):
        rank([1.0, 2.0])


def test_is_linearly_independent_rejects_empty() -> None:
    with pytest.raises(ValueError, match=_named("vectors") + " must hold at least one vector"):
        is_linearly_independent([])


def test_is_linearly_independent_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match=_named("vectors[0]") + " and " + _named("vectors[2]")):
        is_linearly_independent([[1.0, 0.0], [0.0, 1.0], [1.0, 2.0, 3.0]])


@pytest.mark.parametrize("bad", [None, {"a": 1.0}, 3.0], ids=["None", "dict", "number"])
def test_is_linearly_independent_rejects_non_sequences(bad: object) -> None:
    with pytest.raises(TypeError, match=_named("vectors") + " must be a sequence of arrays"):
        is_linearly_independent(bad)  # type: ignore[arg-type]


def test_is_linearly_independent_names_invalid_vector() -> None:
    with pytest.raises(ValueError, match=_named("vectors[1]") + " must contain only finite"):
        is_linearly_independent([[1.0, 0.0], [np.nan, 1.0]])


def test_transform_points_rejects_non_square() -> None:
    with pytest.raises(ValueError, match=_named("A") + " must be square"):
        transform_points(np.ones((2, 3)), np.ones((4, 3)))


def test_transform_points_rejects_dimension_mismatch() -> None:
    with pytest.raises(ValueError, match=_named("points") + " must have 2 columns"):
        transform_points(np.eye(2), np.ones((4, 3)))


def test_transform_points_rejects_non_matrix_points() -> None:
    with pytest.raises(ValueError, match=_named("points") + " must be a 2-D matrix"):
        transform_points(np.eye(2), [1.0, 2.0])


@pytest.mark.parametrize("shape", [(4, 3), (2, 2), (5, 1)])
def test_polygon_area_rejects_bad_shape(shape: tuple[int, int]) -> None:
    with pytest.raises(
        ValueError, match=_named("vertices") + r" must have shape \(N, 2\) with N >= 3"
    ):
        polygon_area(np.ones(shape))


def test_polygon_area_rejects_non_matrix() -> None:
    with pytest.raises(ValueError, match=_named("vertices") + " must be a 2-D matrix"):
        polygon_area([0.0, 1.0, 2.0])


# ===========================================================================
# Figures: aimath.plotting.vectors draws what it claims to draw
# ===========================================================================

# (A, det A) with det A by hand: a*d - b*c
MATRICES = {
    "shear": ([[1.0, 1.0], [0.0, 1.0]], 1.0),  # 1*1 - 1*0
    "scale": ([[2.0, 0.0], [0.0, 1.5]], 3.0),  # 2*1.5 - 0
    "rotation": ([[0.0, -1.0], [1.0, 0.0]], 1.0),  # 0 - (-1)*1
    "reflection": ([[0.0, 1.0], [1.0, 0.0]], -1.0),  # 0 - 1*1
    "singular": ([[1.0, 2.0], [2.0, 4.0]], 0.0),  # 4 - 4
    "book": ([[3.0, 1.0], [2.0, 4.0]], 10.0),  # 12 - 2
}
CASES = pytest.mark.parametrize(("A", "det"), list(MATRICES.values()), ids=list(MATRICES))

# Drawn coordinates are the library's float64 products of small numbers; 1e-12
# absorbs rounding in A @ p (a few ulps) and is far below any drawing error.
RTOL, ATOL = 1e-12, 1e-12


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def image_of_unit_square(A: list[list[float]]) -> np.ndarray:
    """Corners (0,0), (1,0), (1,1), (0,1) mapped by A, by hand: 0, Ae1, Ae1+Ae2, Ae2."""
    (a, b), (c, d) = A
    return np.array([[0.0, 0.0], [a, c], [a + b, c + d], [b, d]])


def shoelace(P: np.ndarray) -> float:
    """Signed area of a closed polygon (independent of aimath.polygon_area)."""
    x, y = P[:, 0], P[:, 1]
    return 0.5 * float(sum(x[i] * y[i + 1] - x[i + 1] * y[i] for i in range(len(P) - 1)))


def closed(P: np.ndarray) -> np.ndarray:
    return np.vstack([P, P[:1]])


def xy_data(line: Line2D) -> np.ndarray:
    """The (x, y) points of a drawn line as an (N, 2) float array."""
    return np.asarray(line.get_xydata(), dtype=np.float64)


def polygons(ax: Axes) -> list[Polygon]:
    return [p for p in ax.patches if isinstance(p, Polygon)]


# ---------------------------------------------------------------------------
# plot_unit_square
# ---------------------------------------------------------------------------


@CASES
def test_unit_square_draws_square_and_its_image(A: list[list[float]], det: float) -> None:
    fig = plot_unit_square(A)
    (ax,) = fig.axes
    drawn = polygons(ax)
    assert len(drawn) == 2
    square, image = (p.get_xy() for p in drawn)
    # matplotlib closes filled polygons: the first vertex is repeated at the end
    assert_array_equal(square, closed(np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])))
    assert_allclose(image, closed(image_of_unit_square(A)), rtol=RTOL, atol=ATOL)
    # the drawn parallelogram has area det A (signed), as the figure claims
    assert shoelace(image) == pytest.approx(det, rel=1e-12, abs=1e-12)
    assert shoelace(square) == 1.0


@CASES
def test_unit_square_outline_and_legend(A: list[list[float]], det: float) -> None:
    fig = plot_unit_square(A)
    (ax,) = fig.axes
    # the outline traces the image, closed
    (outline,) = ax.lines
    assert_allclose(xy_data(outline), closed(image_of_unit_square(A)), rtol=RTOL, atol=ATOL)
    # the legend states the areas: 1 for the square, |det A| for the image
    legend = ax.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert len(texts) == 2
    assert "area 1" in texts[0]
    assert texts[1].endswith(f"|det A| = {abs(det):.3g}")


@CASES
def test_unit_square_axes_labelled_and_everything_visible(A: list[list[float]], det: float) -> None:
    fig = plot_unit_square(A)
    (ax,) = fig.axes
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for p in polygons(ax):
        xy = p.get_xy()
        assert np.all((x0 < xy[:, 0]) & (xy[:, 0] < x1))
        assert np.all((y0 < xy[:, 1]) & (xy[:, 1] < y1))
    fig.canvas.draw()  # renders without warnings (warnings are errors)


@pytest.mark.parametrize(
    ("A", "exc", "message"),
    [
        (np.eye(3), ValueError, "`A` must be 2x2"),
        (np.ones((2, 3)), ValueError, "`A` must be square"),
        ([1.0, 2.0], ValueError, "`A` must be a 2-D matrix"),
        ([[1.0, np.nan], [0.0, 1.0]], ValueError, "`A` must contain only finite numbers"),
        ("[[1, 0], [0, 1]]", TypeError, "`A` must be array-like of numbers"),
    ],
    ids=["3x3", "non-square", "vector", "nan", "string"],
)
def test_unit_square_rejects_bad_A(A: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_unit_square(A)  # type: ignore[arg-type]
    assert plt.get_fignums() == []  # no half-drawn figure is left behind


# ---------------------------------------------------------------------------
# plot_linear_map
# ---------------------------------------------------------------------------


def _split_grid(lines: list[np.ndarray]) -> tuple[list[float], list[float]]:
    """The constant coordinate of each horizontal and each vertical line."""
    horizontal, vertical = [], []
    for xy in lines:
        if np.all(xy[:, 1] == xy[0, 1]):
            horizontal.append(float(xy[0, 1]))
        elif np.all(xy[:, 0] == xy[0, 0]):
            vertical.append(float(xy[0, 0]))
        else:
            pytest.fail(f"grid line is neither horizontal nor vertical: {xy[:3]}...")
    return horizontal, vertical


@pytest.mark.parametrize(("extent", "n"), [(2.0, 9), (1.0, 2), (3.5, 5)])
def test_linear_map_first_panel_is_the_standard_grid(extent: float, n: int) -> None:
    fig = plot_linear_map([[1.0, 1.0], [0.0, 1.0]], extent=extent, n=n)
    before = fig.axes[0]
    lines = [xy_data(line) for line in before.lines]
    assert len(lines) == 2 * n
    horizontal, vertical = _split_grid(lines)
    # n evenly spaced lines from -extent to extent in each direction
    ticks = [-extent + 2.0 * extent * i / (n - 1) for i in range(n)]
    assert sorted(horizontal) == pytest.approx(ticks, rel=1e-12, abs=1e-12)
    assert sorted(vertical) == pytest.approx(ticks, rel=1e-12, abs=1e-12)
    # every line spans the whole square
    for xy in lines:
        assert xy.min() == pytest.approx(-extent, rel=1e-12)
        assert xy.max() == pytest.approx(extent, rel=1e-12)


@CASES
def test_linear_map_second_panel_is_image_of_first(A: list[list[float]], det: float) -> None:
    fig = plot_linear_map(A)
    before, after = fig.axes
    assert len(before.lines) == len(after.lines) > 0
    M = np.array(A)
    for line, image in zip(before.lines, after.lines, strict=True):
        # each point p of the grid is drawn at A p: rows map as P @ A^T
        assert_allclose(xy_data(image), xy_data(line) @ M.T, rtol=RTOL, atol=ATOL)


@CASES
def test_linear_map_arrows_are_basis_vectors_and_their_images(
    A: list[list[float]], det: float
) -> None:
    fig = plot_linear_map(A)
    before, after = fig.axes
    (a, b), (c, d) = A
    expected = {
        before: {"e1": (1.0, 0.0), "e2": (0.0, 1.0)},
        after: {"Ae1": (a, c), "Ae2": (b, d)},  # A e_j is column j of A
    }
    for ax, tips in expected.items():
        arrows = [t for t in ax.texts if isinstance(t, Annotation)]
        labels = [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]
        assert labels == list(tips)
        assert len(arrows) == 2
        for arrow, tip in zip(arrows, tips.values(), strict=True):
            assert arrow.xy == pytest.approx(tip)
            assert arrow.xyann == pytest.approx((0.0, 0.0))


@CASES
def test_linear_map_titles_labels_and_visibility(A: list[list[float]], det: float) -> None:
    fig = plot_linear_map(A)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_title().strip()
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        for line in ax.lines:
            xy = xy_data(line)
            # the whole (image of the) grid fits in the panel
            assert np.all((x0 <= xy[:, 0]) & (xy[:, 0] <= x1))
            assert np.all((y0 <= xy[:, 1]) & (xy[:, 1] <= y1))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] != titles[1]
    fig.canvas.draw()  # renders without warnings, even for a singular A


def test_linear_map_of_zero_matrix_renders() -> None:
    # every grid line collapses to the origin; the figure must still draw
    fig = plot_linear_map(np.zeros((2, 2)))
    for line in fig.axes[1].lines:
        assert_array_equal(xy_data(line), 0.0)
    fig.canvas.draw()


@pytest.mark.parametrize(
    ("A", "message"),
    [
        (np.eye(3), "`A` must be 2x2"),
        (np.eye(1), "`A` must be 2x2"),
        (np.ones((2, 3)), "`A` must be square"),
        ([1.0, 0.0], "`A` must be a 2-D matrix"),
        ([[np.inf, 0.0], [0.0, 1.0]], "`A` must contain only finite numbers"),
    ],
    ids=["3x3", "1x1", "non-square", "vector", "inf"],
)
def test_linear_map_rejects_bad_A(A: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_linear_map(A)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    ("extent", "n", "exc", "message"),
    [
        (0.0, 9, ValueError, "`extent` must be positive; got 0.0"),
        (-1.0, 9, ValueError, "`extent` must be positive; got -1.0"),
        (float("nan"), 9, ValueError, "`extent` must be a finite number; got nan"),
        (float("inf"), 9, ValueError, "`extent` must be a finite number; got inf"),
        ("abc", 9, TypeError, "`extent` must be a real number; got str"),
        (2.0, 1, ValueError, "`n` must be at least 2; got 1"),
        (2.0, 0, ValueError, "`n` must be at least 2; got 0"),
        (2.0, -3, ValueError, "`n` must be at least 2; got -3"),
        (2.0, 9.0, TypeError, "`n` must be an integer (a number of grid lines); got float"),
        (2.0, float("nan"), TypeError, "`n` must be an integer"),
        (2.0, "abc", TypeError, "`n` must be an integer"),
    ],
    ids=[
        "extent-zero",
        "extent-negative",
        "extent-nan",
        "extent-inf",
        "extent-str",
        "n-1",
        "n-0",
        "n-negative",
        "n-float",
        "n-nan",
        "n-str",
    ],
)
def test_linear_map_rejects_bad_extent_or_n(
    extent: object, n: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        plot_linear_map(np.eye(2), extent=extent, n=n)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_linear_map_accepts_numpy_integer_n() -> None:
    fig = plot_linear_map(np.eye(2), n=np.int64(3))  # type: ignore[arg-type]
    assert len(fig.axes[0].lines) == 6  # 3 horizontal and 3 vertical grid lines


# -- plot_vector_arithmetic ------------------------------------------------------


def arrows(ax: Axes) -> list[tuple[np.ndarray, np.ndarray, str]]:
    """(start, end, linestyle) of every arrow annotation in ``ax``."""
    found = []
    for text in ax.texts:
        if isinstance(text, Annotation) and text.arrow_patch is not None:
            start = np.asarray(text.xyann, dtype=float)
            end = np.asarray(text.xy, dtype=float)
            found.append((start, end, str(text.arrow_patch.get_linestyle())))
    return found


@pytest.mark.parametrize(("a", "b"), [([3.0, 4.0], [1.0, 2.0]), ([2.0, -1.0], [-0.5, 1.5])])
def test_vector_arithmetic_draws_the_parallelogram_rule(a: list[float], b: list[float]) -> None:
    fig = plot_vector_arithmetic(a, b, scalars=(2.0, -1.0))
    left, right = fig.axes
    a_, b_ = np.array(a), np.array(b)
    s = a_ + b_  # the sum, by hand
    drawn = {(tuple(st), tuple(en)) for st, en, _ in arrows(left)}
    expected = {
        ((0.0, 0.0), tuple(a_)),
        ((0.0, 0.0), tuple(b_)),
        ((0.0, 0.0), tuple(s)),
        (tuple(a_), tuple(s)),  # b moved to the tip of a
        (tuple(b_), tuple(s)),  # a moved to the tip of b
    }
    assert drawn == expected
    dashed = [(st, en) for st, en, ls in arrows(left) if ls in {"--", "dashed"}]
    assert len(dashed) == 2  # the two translated copies close the parallelogram
    ends = sorted(tuple(en) for _, en, _ in arrows(right))
    assert ends == sorted([tuple(b_), tuple(2.0 * b_), tuple(-1.0 * b_)])
    labels = {t.get_text() for t in right.texts if not isinstance(t, Annotation)}
    assert labels == {"b", "2b", "-1b"}


def test_vector_arithmetic_axes_show_every_arrow() -> None:
    fig = plot_vector_arithmetic([3.0, 4.0], [1.0, 2.0], scalars=(3.0,))
    for ax in fig.axes:
        assert ax.get_title()
        assert ax.get_xlabel() == "$x_1$"
        assert ax.get_ylabel() == "$x_2$"
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        for start, end, _ in arrows(ax):
            for point in (start, end):
                assert x0 < point[0] < x1
                assert y0 < point[1] < y1


@pytest.mark.parametrize(
    ("a", "b", "scalars", "message"),
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], (2.0,), "`a` and `b` must be 2-D vectors"),
        ([1.0, 2.0], [1.0, 2.0, 3.0], (2.0,), "`a` and `b` must have the same length"),
        ([1.0, np.nan], [1.0, 2.0], (2.0,), "`a` must contain only finite numbers"),
        ([1.0, 2.0], [1.0, 2.0], (), "`scalars` must not be empty"),
        ([1.0, 2.0], [1.0, 2.0], (np.inf,), "`scalars` must contain only finite numbers"),
        ([1.0, 2.0], [1.0, 2.0], ((2.0, -1.0),), "`scalars` must be a 1-D vector"),
    ],
)
def test_vector_arithmetic_rejects_bad_input(
    a: list[float], b: list[float], scalars: tuple[float, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_vector_arithmetic(a, b, scalars=scalars)
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    "scalars",
    ["abc", None, {"a": 1.0}, np.array([2.0, -1.0]) + 0.5j, np.array([None, 2.0], dtype=object)],
    ids=["str", "None", "dict", "complex", "object-with-None"],
)
def test_vector_arithmetic_rejects_non_numeric_scalars(scalars: object) -> None:
    with pytest.raises(TypeError, match=re.escape("`scalars` must be array-like of numbers")):
        plot_vector_arithmetic([1.0, 2.0], [1.0, 2.0], scalars=scalars)  # type: ignore[arg-type]
    assert plt.get_fignums() == []


def test_vector_arithmetic_accepts_an_array_of_scalars() -> None:
    fig = plot_vector_arithmetic([1.0, 2.0], [1.0, 2.0], scalars=np.array([3.0]))  # type: ignore[arg-type]
    labels = {t.get_text() for t in fig.axes[1].texts if not isinstance(t, Annotation)}
    assert labels == {"b", "3b"}
