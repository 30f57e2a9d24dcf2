"""Tests for aimath.attention (chapter 16): reference values, properties, torch, errors.

Tolerances. Everything is float64. An attention output is a softmax (a few
exponentials and one division per entry, relative error a few eps) followed
by a weighted sum of at most a handful of values, so it is within ~10 eps of
the largest |value|; the scores before it are sums of at most 6 products.
Comparisons with torch use ``rtol=1e-12`` and an ``atol`` of ``1e-12`` times
the size of the entries: ~1000x the rounding, while any wrong formula misses
by O(1). Hypothesis inputs for numerical comparisons are drawn from [-3, 3] (a
scale where the softmax is neither uniform nor saturated, so errors in it
show); exact properties (masked weights are 0, rows sum to 1) use the wide
``entries()`` of tests/strategies.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.testing import assert_allclose, assert_array_equal
from strategies import FAST, entries

from aimath.attention import (
    causal_mask,
    layer_norm,
    merge_heads,
    multi_head_attention,
    rope,
    scaled_dot_product_attention,
    simulate_score_variance,
    sinusoidal_positional_encoding,
    split_heads,
)
from aimath.plotting.attention import (
    plot_attention_weights,
    plot_positional_encoding,
    plot_score_variance,
)

#: relative tolerance of float64 comparisons of short computations (module docstring)
TOL = 1e-12

#: the reference implementation (torch 2.13)
sdpa_torch = torch.nn.functional.scaled_dot_product_attention


def _named(name: str) -> str:
    """Regex matching the argument name as the library quotes it: `name`."""
    return re.escape(f"`{name}`")


def _mha(
    x: np.ndarray,
    Ws: Sequence[np.ndarray],
    n_heads: int,
    mask: np.ndarray | None = None,
    biases: Sequence[np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """multi_head_attention with the four weights passed as one sequence."""
    return multi_head_attention(x, Ws[0], Ws[1], Ws[2], Ws[3], n_heads, mask, biases)


def _t(x: object) -> torch.Tensor:
    return torch.from_numpy(np.asarray(x, dtype=np.float64))


# strategies -----------------------------------------------------------------

moderate = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@st.composite
def qkv(
    draw: st.DrawFn, elements: st.SearchStrategy[float] = moderate
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(q, k, v) of shapes (B, T_q, d), (B, T_k, d), (B, T_k, d_v)."""
    B, Tq, Tk, d, dv = (draw(st.integers(1, 4)) for _ in range(5))
    q = draw(hnp.arrays(np.float64, (B, Tq, d), elements=elements))
    k = draw(hnp.arrays(np.float64, (B, Tk, d), elements=elements))
    v = draw(hnp.arrays(np.float64, (B, Tk, dv), elements=elements))
    return q, k, v


@st.composite
def masks_for(draw: st.DrawFn, Tq: int, Tk: int) -> np.ndarray:
    """A boolean (T_q, T_k) mask letting every query see at least one key."""
    mask = draw(hnp.arrays(np.bool_, (Tq, Tk)))
    keep = draw(hnp.arrays(np.int64, (Tq,), elements=st.integers(0, Tk - 1)))
    mask[np.arange(Tq), keep] = True
    return mask


def _copied_mha(
    rng: np.random.Generator, d_model: int, n_heads: int
) -> tuple[torch.nn.MultiheadAttention, tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """A torch MHA with random weights and biases, and the same in our layout."""
    mha = torch.nn.MultiheadAttention(d_model, n_heads, batch_first=True, dtype=torch.float64)
    W_in = rng.normal(size=(3 * d_model, d_model)) / math.sqrt(d_model)
    W_out = rng.normal(size=(d_model, d_model)) / math.sqrt(d_model)
    b_in, b_out = rng.normal(size=3 * d_model), rng.normal(size=d_model)
    with torch.no_grad():
        mha.in_proj_weight.copy_(_t(W_in))
        mha.in_proj_bias.copy_(_t(b_in))
        mha.out_proj.weight.copy_(_t(W_out))
        mha.out_proj.bias.copy_(_t(b_out))
    d = d_model
    weights = (W_in[:d].T, W_in[d : 2 * d].T, W_in[2 * d :].T, W_out.T)  # inputs by outputs
    biases = (b_in[:d], b_in[d : 2 * d], b_in[2 * d :], b_out)
    return mha, weights, biases


def _rope_complex(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    """RoPE as in Meta's Llama reference code: pairs as complex numbers times e^{i p theta}."""
    d = x.shape[-1]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.outer(_t(positions), theta)
    freqs_cis = torch.polar(torch.ones_like(angles), angles)  # (T, d/2)
    xc = torch.view_as_complex(_t(x).reshape(*x.shape[:-1], d // 2, 2).contiguous())
    return torch.view_as_real(xc * freqs_cis).reshape(x.shape).numpy()


# ===========================================================================
# 1. Reference values (provenance in the comments)
# ===========================================================================


def test_sdpa_hand_example() -> None:
    # hand computation: scores ln3 * (1, 0) -> exp = (3, 1) -> weights (3/4, 1/4);
    # output 3/4 * 10 + 1/4 * 20 = 12.5
    out, w = scaled_dot_product_attention(
        [[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]], [[10.0], [20.0]], scale=math.log(3.0)
    )
    assert_allclose(w, [[0.75, 0.25]], rtol=1e-15)
    assert_allclose(out, [[12.5]], rtol=1e-15)


def test_sdpa_default_scale_is_inverse_sqrt_dk() -> None:
    # closed form: with d_k = 4 the default divides by 2; scores (2, 0) / 2 = (1, 0)
    # -> weights (e, 1) / (e + 1)
    q = [[2.0, 0.0, 0.0, 0.0]]
    k = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]
    _, w = scaled_dot_product_attention(q, k, [[1.0], [0.0]])
    assert_allclose(w, [[math.e / (math.e + 1), 1 / (math.e + 1)]], rtol=1e-15)


def test_sdpa_equal_scores_give_uniform_weights() -> None:
    # closed form: zero queries score 0 against every key -> weights 1/T, output = mean of v
    v = np.arange(12.0).reshape(4, 3)
    out, w = scaled_dot_product_attention(np.zeros((2, 5)), np.ones((4, 5)), v)
    assert_array_equal(w, np.full((2, 4), 0.25))
    assert_allclose(out, np.tile(v.mean(axis=0), (2, 1)), rtol=1e-15)


def test_causal_mask_values() -> None:
    # by definition: j <= i allowed
    assert_array_equal(causal_mask(3), [[True, False, False], [True, True, False], [True] * 3])
    assert causal_mask(1).tolist() == [[True]]
    assert causal_mask(4).dtype == np.bool_


def test_causal_attention_first_token_sees_itself() -> None:
    # definition: token 0 may only attend to itself, so its output is v[0] exactly
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 3))
    out, w = scaled_dot_product_attention(x, x, x, mask=causal_mask(5))
    assert_array_equal(w[0], [1.0, 0.0, 0.0, 0.0, 0.0])
    assert_array_equal(out[0], x[0])


def test_split_heads_hand_example() -> None:
    # hand computation: features 0-1 form head 0, 2-3 head 1
    x = np.arange(8.0).reshape(2, 4)
    assert_array_equal(split_heads(x, 2), [[[0, 1], [4, 5]], [[2, 3], [6, 7]]])
    assert split_heads(np.zeros((3, 5, 12)), 4).shape == (3, 4, 5, 3)
    assert merge_heads(np.zeros((3, 4, 5, 3))).shape == (3, 5, 12)


def test_sinusoidal_hand_values() -> None:
    # closed form for d_model = 4: omega_0 = 1, omega_1 = 10000^(-1/2) = 1/100
    pe = sinusoidal_positional_encoding(3, 4)
    assert_allclose(pe[1], [math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)], rtol=1e-15)
    assert_allclose(pe[2], [math.sin(2), math.cos(2), math.sin(0.02), math.cos(0.02)], rtol=1e-15)
    assert_array_equal(pe[0], [0.0, 1.0, 0.0, 1.0])


def test_rope_quarter_turn_and_identity_at_zero() -> None:
    # base 1 gives theta_i = 1: position pi/2 rotates (1, 0) to (0, 1), (0, 1) to (-1, 0)
    y = rope([[1.0, 0.0, 0.0, 1.0]], positions=[math.pi / 2], base=1.0)
    assert_allclose(y, [[0.0, 1.0, -1.0, 0.0]], atol=1e-15)
    # position 0: cos 0 = 1, sin 0 = 0 -> unchanged exactly
    x = np.random.default_rng(1).normal(size=(1, 6))
    assert_array_equal(rope(x, positions=[0.0]), x)


def test_rope_default_positions_are_arange() -> None:
    # definition: positions default to 0..T-1
    x = np.random.default_rng(2).normal(size=(2, 5, 4))
    assert_array_equal(rope(x), rope(x, positions=np.arange(5.0)))


def test_layer_norm_hand_example() -> None:
    # hand computation: mean 2, biased variance 2/3 -> (x - 2) / sqrt(2/3 + eps)
    eps = 1e-5
    y = layer_norm([1.0, 2.0, 3.0], eps=eps)
    assert_allclose(y, np.array([-1.0, 0.0, 1.0]) / math.sqrt(2 / 3 + eps), rtol=1e-15)
    # gain and shift act per feature
    y2 = layer_norm([1.0, 2.0, 3.0], gamma=[2.0, 2.0, 2.0], beta=[1.0, 1.0, 1.0], eps=eps)
    assert_allclose(y2, 2 * y + 1, rtol=1e-15)


def test_layer_norm_constant_vector_is_beta() -> None:
    # sigma = 0: (x - mu) = 0 exactly, so the output is beta, no division by zero
    assert_array_equal(layer_norm([5.0, 5.0, 5.0], beta=[1.0, 2.0, 3.0]), [1.0, 2.0, 3.0])


def test_simulate_score_variance_matches_theory() -> None:
    # closed form Var(q.k) = d_k; relative standard error sqrt((2 + 6/d)/n) <= 0.011
    # at n = 20000, so 0.06 is over 5 standard errors
    d_ks = [1, 4, 16, 64]
    raw, scaled = simulate_score_variance(d_ks, 20000, np.random.default_rng(3))
    assert_allclose(raw, d_ks, rtol=0.06)
    assert_allclose(scaled, np.ones(4), rtol=0.06)
    assert_array_equal(scaled, raw / np.array(d_ks, dtype=float))


def test_simulate_score_variance_is_reproducible() -> None:
    a = simulate_score_variance(np.array([2, 8]), 50, np.random.default_rng(4))
    b = simulate_score_variance([2, 8], 50, np.random.default_rng(4))
    assert_array_equal(a[0], b[0])


def test_mha_one_head_identity_weights_is_plain_attention() -> None:
    # with W = I and no biases, MHA with one head is sdpa(x, x, x)
    x = np.random.default_rng(5).normal(size=(2, 4, 6))
    out, w = _mha(x, [np.eye(6)] * 4, n_heads=1)
    ref_out, ref_w = scaled_dot_product_attention(x, x, x)
    assert_allclose(out, ref_out, rtol=TOL, atol=1e-14)
    assert_allclose(w[:, 0], ref_w, rtol=TOL, atol=1e-15)


# ===========================================================================
# 2. Properties
# ===========================================================================


@FAST
@given(qkv(entries()))
def test_rows_sum_to_one_and_weights_in_unit_interval(arrays: tuple[np.ndarray, ...]) -> None:
    q, k, v = arrays
    _, w = scaled_dot_product_attention(q, k, v)
    assert np.all(w >= 0.0)
    assert np.all(w <= 1.0)
    # a sum of T_k <= 4 weights, each with relative error a few eps: 1e-14
    assert_allclose(w.sum(axis=-1), 1.0, rtol=0, atol=1e-14)


@FAST
@given(st.data())
def test_masked_entries_are_exactly_zero(data: st.DataObject) -> None:
    q, k, v = data.draw(qkv(entries()))
    mask = data.draw(masks_for(q.shape[1], k.shape[1]))
    _, w = scaled_dot_product_attention(q, k, v, mask=mask)
    assert np.all(w[:, ~mask] == 0.0)
    assert_allclose(w.sum(axis=-1), 1.0, rtol=0, atol=1e-14)


@FAST
@given(st.data())
def test_additive_minus_inf_mask_equals_boolean_mask(data: st.DataObject) -> None:
    q, k, v = data.draw(qkv())
    mask = data.draw(masks_for(q.shape[1], k.shape[1]))
    additive = np.where(mask, 0.0, -np.inf)
    out_b, w_b = scaled_dot_product_attention(q, k, v, mask=mask)
    out_a, w_a = scaled_dot_product_attention(q, k, v, mask=additive)
    # adding 0.0 to a score changes nothing: identical results
    assert_array_equal(w_a, w_b)
    assert_array_equal(out_a, out_b)


@FAST
@given(qkv())
def test_output_is_a_convex_combination_of_values(arrays: tuple[np.ndarray, ...]) -> None:
    q, k, v = arrays
    out, _ = scaled_dot_product_attention(q, k, v)
    lo, hi = v.min(axis=1, keepdims=True), v.max(axis=1, keepdims=True)
    slack = 1e-13 * (1 + np.abs(v).max())  # rounding of a weighted average of <= 4 values
    assert np.all(out >= lo - slack)
    assert np.all(out <= hi + slack)


@FAST
@given(qkv(), st.integers(0, 2**32 - 1))
def test_permuting_keys_and_values_together_changes_nothing(
    arrays: tuple[np.ndarray, ...], seed: int
) -> None:
    q, k, v = arrays
    perm = np.random.default_rng(seed).permutation(k.shape[1])
    out, w = scaled_dot_product_attention(q, k, v)
    out_p, w_p = scaled_dot_product_attention(q, k[:, perm], v[:, perm])
    # the same sums of <= 4 terms in another order: within a few eps of the values' size
    assert_allclose(out_p, out, rtol=TOL, atol=1e-13)
    assert_allclose(w_p, w[:, :, perm], rtol=TOL, atol=1e-15)


@FAST
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 5), st.integers(0, 10**6))
def test_mha_is_permutation_equivariant(B: int, H: int, T: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    d = 2 * H
    x = rng.normal(size=(B, T, d))
    Ws = [rng.normal(size=(d, d)) for _ in range(4)]
    bs = [rng.normal(size=d) for _ in range(4)]
    perm = rng.permutation(T)
    out, w = _mha(x, Ws, n_heads=H, biases=bs)
    out_p, w_p = _mha(x[:, perm], Ws, n_heads=H, biases=bs)
    # same sums in another order; entries O(10): atol 1e-12
    assert_allclose(out_p, out[:, perm], rtol=TOL, atol=1e-12)
    assert_allclose(w_p, w[:, :, perm][:, :, :, perm], rtol=TOL, atol=1e-14)


@FAST
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 3), st.integers(1, 4), st.sampled_from([2, 4, 6, 8])),
        elements=entries(),
    ),
)
def test_split_then_merge_is_identity(x: np.ndarray) -> None:
    for h in (1, 2):
        assert_array_equal(merge_heads(split_heads(x, h)), x)


@FAST
@given(
    hnp.arrays(
        np.float64, st.tuples(st.integers(1, 4), st.sampled_from([2, 4, 8])), elements=entries()
    ),
    st.floats(-1e4, 1e4, allow_subnormal=False),
)
def test_rope_preserves_norms(x: np.ndarray, shift: float) -> None:
    positions = shift + np.arange(x.shape[0])
    y = rope(x, positions)
    # a 2x2 rotation in float64 changes a pair's length by a few eps relative
    assert_allclose(np.linalg.norm(y, axis=-1), np.linalg.norm(x, axis=-1), rtol=1e-14, atol=0)


@FAST
@given(
    hnp.arrays(np.float64, (2, 8), elements=moderate),
    st.integers(-500, 500),
    st.integers(-500, 500),
    st.integers(-500, 500),
)
def test_rope_scores_depend_only_on_offset(qk: np.ndarray, m: int, n: int, s: int) -> None:
    q, k = qk[:1], qk[1:]

    def score(a: float, b: float) -> float:
        return float((rope(q, [a]) @ rope(k, [b]).T)[0, 0])

    # angles up to ~1000 rad carry an absolute error ~1000 eps ~ 2e-13 each; the score
    # is a sum of 4 pairs of size <= 9 * 2: atol 1e-10 leaves ample room
    assert math.isclose(score(m + s, n + s), score(m, n), rel_tol=1e-10, abs_tol=1e-10)
    assert math.isclose(score(0, n - m), score(m, n), rel_tol=1e-10, abs_tol=1e-10)


@FAST
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 6)), elements=moderate))
def test_layer_norm_mean_zero_and_variance(x: np.ndarray) -> None:
    eps = 1e-5
    y = layer_norm(x, eps=eps)
    var = x.var(axis=-1)
    # mean of <= 6 numbers of size <= sqrt(6): rounding ~1e-15
    assert_allclose(y.mean(axis=-1), 0.0, rtol=0, atol=1e-14)
    # closed form: variance sigma^2 / (sigma^2 + eps)
    assert_allclose(y.var(axis=-1), var / (var + eps), rtol=1e-10, atol=1e-14)


@FAST
@given(st.integers(1, 40), st.sampled_from([2, 8, 16, 64]), st.integers(1, 10))
def test_sinusoidal_dot_products_depend_only_on_distance(n: int, d: int, lag: int) -> None:
    pe = sinusoidal_positional_encoding(n + lag, d)
    dots = np.einsum("pd,pd->p", pe[:-lag], pe[lag:])
    omega = 10000.0 ** (-np.arange(0, d, 2) / d)
    # sum_i cos(omega_i * lag) (angle-difference identity); sums of <= 64 terms of size 1
    assert_allclose(dots, np.cos(omega * lag).sum(), rtol=0, atol=1e-12)
    assert_allclose(pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2, 1.0, rtol=1e-15)


# ===========================================================================
# 3. Reference implementations (torch 2.13, float64)
# ===========================================================================


@FAST
@given(qkv())
def test_sdpa_agrees_with_torch(arrays: tuple[np.ndarray, ...]) -> None:
    q, k, v = arrays
    out, _ = scaled_dot_product_attention(q, k, v)
    expected = sdpa_torch(_t(q), _t(k), _t(v)).numpy()
    assert_allclose(out, expected, rtol=TOL, atol=1e-13)


@FAST
@given(st.data())
def test_sdpa_with_masks_agrees_with_torch(data: st.DataObject) -> None:
    q, k, v = data.draw(qkv())
    mask = data.draw(masks_for(q.shape[1], k.shape[1]))
    out, _ = scaled_dot_product_attention(q, k, v, mask=mask)
    expected = sdpa_torch(_t(q), _t(k), _t(v), attn_mask=torch.from_numpy(mask))
    assert_allclose(out, expected.numpy(), rtol=TOL, atol=1e-13)
    # a finite additive mask is added to the scores, in torch as here
    bias = data.draw(hnp.arrays(np.float64, mask.shape, elements=moderate))
    out_b, _ = scaled_dot_product_attention(q, k, v, mask=bias)
    expected_b = sdpa_torch(_t(q), _t(k), _t(v), attn_mask=_t(bias))
    assert_allclose(out_b, expected_b.numpy(), rtol=TOL, atol=1e-13)


@pytest.mark.parametrize("shape", [(6, 4), (2, 6, 4), (2, 3, 6, 4)])
def test_sdpa_causal_agrees_with_torch_is_causal(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(6)
    q, k, v = (rng.normal(size=shape) for _ in range(3))
    out, w = scaled_dot_product_attention(q, k, v, mask=causal_mask(shape[-2]))
    expected = sdpa_torch(_t(q), _t(k), _t(v), is_causal=True).numpy()
    assert_allclose(out, expected, rtol=TOL, atol=1e-13)
    assert np.all(w[..., ~causal_mask(shape[-2])] == 0.0)


def test_sdpa_custom_scale_agrees_with_torch() -> None:
    rng = np.random.default_rng(7)
    q, k, v = (rng.normal(size=(2, 5, 3)) for _ in range(3))
    out, _ = scaled_dot_product_attention(q, k, v, scale=0.3)
    expected = sdpa_torch(_t(q), _t(k), _t(v), scale=0.3).numpy()
    assert_allclose(out, expected, rtol=TOL, atol=1e-13)


def test_sdpa_per_batch_mask_broadcasts_like_torch() -> None:
    # mask (B, 1, T, T) against scores (B, H, T, T): one mask per sequence, shared by heads
    rng = np.random.default_rng(8)
    q, k, v = (rng.normal(size=(2, 3, 4, 5)) for _ in range(3))
    mask = rng.random(size=(2, 1, 4, 4)) < 0.6
    mask[..., 0] = True  # every query sees key 0
    out, _ = scaled_dot_product_attention(q, k, v, mask=mask)
    expected = sdpa_torch(_t(q), _t(k), _t(v), attn_mask=torch.from_numpy(mask)).numpy()
    assert_allclose(out, expected, rtol=TOL, atol=1e-13)


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize(("d_model", "n_heads"), [(8, 2), (12, 3), (6, 1)])
def test_mha_agrees_with_torch_multihead_attention(
    causal: bool, d_model: int, n_heads: int
) -> None:
    rng = np.random.default_rng(d_model + n_heads)
    mha, Ws, bs = _copied_mha(rng, d_model, n_heads)
    x = rng.normal(size=(3, 5, d_model))
    mask = causal_mask(5) if causal else None
    out, w = _mha(x, Ws, n_heads=n_heads, mask=mask, biases=bs)
    # torch's MultiheadAttention reads a boolean mask as True = blocked
    torch_mask = torch.from_numpy(~causal_mask(5)) if causal else None
    ref_out, ref_w = mha(_t(x), _t(x), _t(x), attn_mask=torch_mask, average_attn_weights=False)
    assert_allclose(out, ref_out.detach().numpy(), rtol=TOL, atol=1e-12)
    assert_allclose(w, ref_w.detach().numpy(), rtol=TOL, atol=1e-14)
    _, ref_mean = mha(_t(x), _t(x), _t(x), attn_mask=torch_mask)  # averaged over heads
    assert_allclose(w.mean(axis=1), ref_mean.detach().numpy(), rtol=TOL, atol=1e-14)


def test_mha_unbatched_input_agrees_with_torch() -> None:
    rng = np.random.default_rng(9)
    mha, Ws, bs = _copied_mha(rng, 8, 4)
    x = rng.normal(size=(5, 8))
    out, w = _mha(x, Ws, n_heads=4, biases=bs)
    ref_out, ref_w = mha(_t(x), _t(x), _t(x), average_attn_weights=False)
    assert out.shape == (5, 8)
    assert w.shape == (4, 5, 5)
    assert_allclose(out, ref_out.detach().numpy(), rtol=TOL, atol=1e-12)
    assert_allclose(w, ref_w.detach().numpy(), rtol=TOL, atol=1e-14)


def test_mha_without_biases_agrees_with_torch_bias_false() -> None:
    rng = np.random.default_rng(10)
    mha = torch.nn.MultiheadAttention(8, 2, bias=False, batch_first=True, dtype=torch.float64)
    W_in = mha.in_proj_weight.detach().numpy()
    Ws = (W_in[:8].T, W_in[8:16].T, W_in[16:].T, mha.out_proj.weight.detach().numpy().T)
    x = rng.normal(size=(2, 4, 8))
    out, _ = _mha(x, Ws, n_heads=2)
    ref_out, _ = mha(_t(x), _t(x), _t(x))
    assert_allclose(out, ref_out.detach().numpy(), rtol=TOL, atol=1e-12)


@pytest.mark.parametrize("eps", [1e-5, 1e-12, 0.1])
def test_layer_norm_agrees_with_torch(eps: float) -> None:
    rng = np.random.default_rng(11)
    x = rng.normal(loc=2.0, scale=5.0, size=(3, 4, 10))
    gamma, beta = rng.normal(size=10), rng.normal(size=10)
    ln = torch.nn.LayerNorm(10, eps=eps, dtype=torch.float64)
    with torch.no_grad():
        ln.weight.copy_(_t(gamma))
        ln.bias.copy_(_t(beta))
    assert_allclose(
        layer_norm(x, gamma, beta, eps=eps), ln(_t(x)).detach().numpy(), rtol=TOL, atol=1e-13
    )
    plain = torch.nn.functional.layer_norm(_t(x), (10,), eps=eps).numpy()
    assert_allclose(layer_norm(x, eps=eps), plain, rtol=TOL, atol=1e-13)


@FAST
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 3), st.integers(1, 6), st.sampled_from([2, 4, 8])),
        elements=moderate,
    ),
    st.floats(1.5, 1e5),
)
def test_rope_agrees_with_complex_reference(x: np.ndarray, base: float) -> None:
    positions = np.arange(x.shape[-2], dtype=np.float64) * 3.0
    # one complex product vs one 2x2 rotation per pair: a few eps of the entries (<= 3)
    assert_allclose(
        rope(x, positions, base), _rope_complex(x, positions, base), rtol=TOL, atol=1e-13
    )


# ===========================================================================
# 4. Bad input: one test per error path
# ===========================================================================

GOOD = np.ones((2, 3, 4))


@pytest.mark.parametrize(
    ("q", "k", "v", "name", "pattern"),
    [
        ([1.0, 2.0], GOOD, GOOD, "q", "at least 2-D"),
        (GOOD, [1.0, 2.0], GOOD, "k", "at least 2-D"),
        (GOOD, GOOD, [1.0], "v", "at least 2-D"),
        (GOOD, np.ones((3, 3, 4)), GOOD, "q", "same leading"),
        (GOOD, np.ones((2, 3, 5)), GOOD, "q", "same vector length d_k"),
        (GOOD, GOOD, np.ones((2, 4, 4)), "k", "one value per key"),
        ([[np.nan, 1.0]], [[1.0, 1.0]], [[1.0]], "q", "finite"),
        ([[1e200, 1e200]], [[1e200, 1e200]], [[1.0]], "q", "overflow"),
    ],
)
def test_sdpa_bad_arrays(q: object, k: object, v: object, name: str, pattern: str) -> None:
    with pytest.raises(ValueError, match=_named(name) + ".*" + pattern):
        scaled_dot_product_attention(q, k, v)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mask", "pattern"),
    [
        (np.ones((2, 2), dtype=bool), "must broadcast"),
        (np.ones((5, 2, 3, 3), dtype=bool), "must broadcast"),  # extra axis
        (np.ones((3, 3)) * np.nan, "NaN"),
        (np.full((3, 3), np.inf), "NaN or \\+inf"),
        (np.zeros((0, 3), dtype=bool), "empty"),
        (np.zeros((3, 3), dtype=bool), "blocks every key"),
        (np.full((3, 3), -np.inf), "blocks every key"),
    ],
)
def test_sdpa_bad_mask_values(mask: np.ndarray, pattern: str) -> None:
    with pytest.raises(ValueError, match=_named("mask") + ".*" + pattern):
        scaled_dot_product_attention(GOOD, GOOD, GOOD, mask=mask)


@pytest.mark.parametrize(
    "mask", [np.ones((3, 3), dtype=int), "causal", np.ones((3, 3)) * 1j, [[1.0], [1.0, 2.0]]]
)
def test_sdpa_bad_mask_types(mask: object) -> None:
    with pytest.raises(TypeError, match=_named("mask")):
        scaled_dot_product_attention(GOOD, GOOD, GOOD, mask=mask)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("scale", "exc"),
    [
        (0.0, ValueError),
        (-1.0, ValueError),
        (np.nan, ValueError),
        (True, TypeError),
        ([2.0], TypeError),
    ],
)
def test_sdpa_bad_scale(scale: object, exc: type[Exception]) -> None:
    with pytest.raises(exc, match=_named("scale")):
        scaled_dot_product_attention(GOOD, GOOD, GOOD, scale=scale)  # type: ignore[arg-type]


def test_sdpa_rejects_complex_and_strings() -> None:
    with pytest.raises(TypeError, match=_named("q")):
        scaled_dot_product_attention(np.ones((2, 2)) * 1j, GOOD[0], GOOD[0])
    with pytest.raises(TypeError, match=_named("v")):
        scaled_dot_product_attention(GOOD, GOOD, "values")


@pytest.mark.parametrize(
    ("n", "exc"), [(0, ValueError), (-2, ValueError), (2.5, TypeError), (True, TypeError)]
)
def test_causal_mask_bad_n(n: object, exc: type[Exception]) -> None:
    with pytest.raises(exc, match=_named("n")):
        causal_mask(n)  # type: ignore[arg-type]


def test_split_heads_errors() -> None:
    with pytest.raises(ValueError, match=_named("n_heads") + ".*must divide"):
        split_heads(np.ones((2, 6)), 4)
    with pytest.raises(ValueError, match=_named("n_heads") + " must be at least 1"):
        split_heads(np.ones((2, 6)), 0)
    with pytest.raises(TypeError, match=_named("n_heads")):
        split_heads(np.ones((2, 6)), 2.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("x") + ".*at least 2-D"):
        split_heads([1.0, 2.0], 1)


def test_merge_heads_errors() -> None:
    with pytest.raises(ValueError, match=_named("x") + ".*at least 3-D"):
        merge_heads(np.ones((2, 6)))
    with pytest.raises(ValueError, match=_named("x") + ".*finite"):
        merge_heads(np.full((1, 2, 2), np.inf))


def test_mha_errors() -> None:
    W = np.eye(6)
    x = np.ones((2, 3, 6))
    with pytest.raises(ValueError, match=_named("n_heads") + ".*must divide d_model"):
        multi_head_attention(x, W, W, W, W, n_heads=4)
    with pytest.raises(ValueError, match=_named("x") + ".*3-D"):
        multi_head_attention(np.ones((1, 2, 3, 6)), W, W, W, W, n_heads=2)
    with pytest.raises(ValueError, match=_named("W_v") + ".*d_model, d_model"):
        multi_head_attention(x, W, W, np.ones((6, 4)), W, n_heads=2)
    with pytest.raises(ValueError, match=_named("W_o")):
        multi_head_attention(x, W, W, W, [1.0] * 6, n_heads=2)
    with pytest.raises(ValueError, match=_named("biases") + ".*four"):
        multi_head_attention(x, W, W, W, W, n_heads=2, biases=[np.zeros(6)] * 3)
    with pytest.raises(ValueError, match=_named("biases") + ".*length d_model"):
        multi_head_attention(x, W, W, W, W, n_heads=2, biases=[np.zeros(5)] * 4)
    with pytest.raises(TypeError, match=_named("biases")):
        multi_head_attention(x, W, W, W, W, n_heads=2, biases=3.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("x") + ".*finite"):
        multi_head_attention(np.full((3, 6), np.nan), W, W, W, W, n_heads=2)
    with pytest.raises(ValueError, match=_named("mask") + ".*must broadcast"):
        multi_head_attention(x, W, W, W, W, n_heads=2, mask=causal_mask(4))


def test_sinusoidal_errors() -> None:
    with pytest.raises(ValueError, match=_named("d_model") + ".*even"):
        sinusoidal_positional_encoding(4, 5)
    with pytest.raises(ValueError, match=_named("n_positions")):
        sinusoidal_positional_encoding(0, 4)
    with pytest.raises(ValueError, match=_named("base") + ".*positive"):
        sinusoidal_positional_encoding(4, 4, base=-1.0)
    with pytest.raises(TypeError, match=_named("d_model")):
        sinusoidal_positional_encoding(4, 4.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("base") + ".*overflow"):
        sinusoidal_positional_encoding(4, 64, base=5e-324)


def test_rope_errors() -> None:
    with pytest.raises(ValueError, match=_named("x") + ".*even last axis"):
        rope(np.ones((2, 3)))
    with pytest.raises(ValueError, match=_named("x") + ".*at least 2-D"):
        rope([1.0, 2.0])
    with pytest.raises(ValueError, match=_named("positions") + ".*one position per token"):
        rope(np.ones((3, 4)), positions=[0.0, 1.0])
    with pytest.raises(ValueError, match=_named("positions") + ".*finite"):
        rope(np.ones((1, 4)), positions=[np.nan])
    with pytest.raises(ValueError, match=_named("positions") + ".*overflow"):
        rope(np.ones((1, 4)), positions=[1e308], base=1e-300)
    with pytest.raises(ValueError, match=_named("base")):
        rope(np.ones((1, 4)), base=0.0)


def test_layer_norm_errors() -> None:
    with pytest.raises(ValueError, match=_named("eps") + ".*positive"):
        layer_norm([1.0, 2.0], eps=0.0)
    with pytest.raises(ValueError, match=_named("eps") + ".*positive"):
        layer_norm([1.0, 2.0], eps=-1e-5)
    with pytest.raises(ValueError, match=_named("eps")):
        layer_norm([1.0, 2.0], eps=np.inf)
    with pytest.raises(TypeError, match=_named("eps")):
        layer_norm([1.0, 2.0], eps=True)
    with pytest.raises(ValueError, match=_named("gamma") + ".*length d = 2"):
        layer_norm([1.0, 2.0], gamma=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=_named("beta")):
        layer_norm([1.0, 2.0], beta=[[1.0, 1.0]])
    with pytest.raises(ValueError, match=_named("x") + ".*finite"):
        layer_norm([1.0, np.nan])
    with pytest.raises(ValueError, match=_named("x") + ".*at least 1-D"):
        layer_norm(3.0)


def test_simulate_score_variance_errors() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match=_named("rng")):
        simulate_score_variance([4], 10, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("n_samples") + ".*at least 2"):
        simulate_score_variance([4], 1, rng)
    with pytest.raises(ValueError, match=_named("d_k_values")):
        simulate_score_variance([], 10, rng)
    with pytest.raises(ValueError, match=_named("d_k_values[1]")):
        simulate_score_variance([4, 0], 10, rng)
    with pytest.raises(TypeError, match=_named("d_k_values")):
        simulate_score_variance("4", 10, rng)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=_named("d_k_values[0]")):
        simulate_score_variance([4.5], 10, rng)  # type: ignore[list-item]


# ===========================================================================
# 5. Figures
# ===========================================================================


def _lines(ax: Axes) -> list[Line2D]:
    return list(ax.get_lines())


def test_plot_score_variance_draws_data_and_theory() -> None:
    d = np.array([4.0, 16.0, 64.0])
    raw, scaled = np.array([4.2, 15.0, 66.0]), np.array([1.05, 0.94, 1.03])
    fig = plot_score_variance(d, raw, scaled, max_weight=([0.4, 0.6, 0.9], [0.3, 0.3, 0.3]))
    ax, ax2 = fig.axes[:2]
    lines = _lines(ax)
    by_label = {line.get_label(): line for line in lines}
    theory = [line for line in lines if str(line.get_label()).startswith("theory")]
    # the theory lines are y = d_k and y = 1 (eq. Var = d_k, Var = 1)
    diag = next(line for line in theory if "d_k" in str(line.get_label()))
    assert_allclose(np.asarray(diag.get_ydata()), np.asarray(diag.get_xdata()), rtol=1e-15)
    flat = next(line for line in theory if line is not diag)
    assert_array_equal(flat.get_ydata(), 1.0)
    data = [line for line in lines if line not in theory]
    assert_array_equal(data[0].get_ydata(), raw)
    assert_array_equal(data[1].get_ydata(), scaled)
    assert ax.get_xscale() == "log"
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_title()
    assert_array_equal(_lines(ax2)[0].get_ydata(), [0.4, 0.6, 0.9])
    assert ax2.get_ylabel()
    assert by_label
    plt.close(fig)


def test_plot_score_variance_errors() -> None:
    with pytest.raises(ValueError, match=_named("raw") + ".*positive"):
        plot_score_variance([1, 2], [1.0, -1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match=_named("scaled") + ".*one entry per d_k"):
        plot_score_variance([1, 2], [1.0, 2.0], [1.0])
    with pytest.raises(TypeError, match=_named("max_weight")):
        plot_score_variance([1, 2], [1.0, 2.0], [1.0, 1.0], max_weight=[1.0])  # type: ignore[arg-type]


def test_plot_positional_encoding_shows_the_matrix_and_columns() -> None:
    pe = sinusoidal_positional_encoding(30, 16)
    fig = plot_positional_encoding(pe, dims=(0, 6))
    ax = next(a for a in fig.axes if a.images)  # the heat map
    ax2 = next(a for a in fig.axes if a.get_lines())  # the columns as curves
    assert_array_equal(ax.images[0].get_array(), pe)
    assert ax.images[0].get_cmap().name == "viridis"
    lines = _lines(ax2)
    assert_array_equal(lines[0].get_ydata(), pe[:, 0])
    assert_array_equal(lines[1].get_ydata(), pe[:, 6])
    # the plotted column 0 is sin(p): the curve satisfies eq-att-sinusoidal
    xs, ys = np.asarray(lines[0].get_xdata()), np.asarray(lines[0].get_ydata())
    assert_allclose(ys, np.sin(xs), rtol=0, atol=1e-15)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax2.get_xlabel()
    plt.close(fig)


def test_plot_positional_encoding_errors() -> None:
    with pytest.raises(ValueError, match=re.escape("`dims[1]`")):
        plot_positional_encoding(np.zeros((3, 4)), dims=(0, 4))
    with pytest.raises(TypeError, match=re.escape("`dims[0]`")):
        plot_positional_encoding(np.zeros((3, 4)), dims=(1.0,))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=_named("dims")):
        plot_positional_encoding(np.zeros((3, 4)), dims=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("pe")):
        plot_positional_encoding(np.zeros(4))


def test_plot_attention_weights_shows_each_matrix() -> None:
    x = np.random.default_rng(12).normal(size=(4, 3))
    _, w_full = scaled_dot_product_attention(x, x, x)
    _, w_causal = scaled_dot_product_attention(x, x, x, mask=causal_mask(4))
    tokens = ["a", "b", "c", "d"]
    fig = plot_attention_weights(np.stack([w_full, w_causal]), tokens, titles=["full", "causal"])
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == 2
    assert_array_equal(panels[0].images[0].get_array(), w_full)
    assert_array_equal(panels[1].images[0].get_array(), w_causal)
    assert panels[1].images[0].get_clim() == (0.0, 1.0)
    for ax in panels:
        assert [t.get_text() for t in ax.get_xticklabels()] == tokens
        assert [t.get_text() for t in ax.get_yticklabels()] == tokens
        assert ax.get_xlabel()
        assert ax.get_ylabel()
    assert [ax.get_title() for ax in panels] == ["full", "causal"]
    plt.close(fig)


def test_plot_attention_weights_errors() -> None:
    with pytest.raises(ValueError, match=_named("tokens")):
        plot_attention_weights(np.eye(2), ["a"])
    with pytest.raises(ValueError, match=_named("weights") + ".*square"):
        plot_attention_weights(np.ones((2, 3)) / 3, ["a", "b"])
    with pytest.raises(ValueError, match=_named("weights") + ".*\\[0, 1\\]"):
        plot_attention_weights(2 * np.eye(2), ["a", "b"])
    with pytest.raises(TypeError, match=re.escape("`tokens[1]`")):
        plot_attention_weights(np.eye(2), ["a", 2])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=_named("titles")):
        plot_attention_weights(np.eye(2), ["a", "b"], titles=["x", "y"])
    with pytest.raises(TypeError, match=_named("titles")):
        plot_attention_weights(np.eye(2), ["a", "b"], titles="x")
    with pytest.raises(ValueError, match=_named("ncols")):
        plot_attention_weights(np.eye(2), ["a", "b"], ncols=0)
    with pytest.raises(TypeError, match=_named("tick_rotation")):
        plot_attention_weights(np.eye(2), ["a", "b"], tick_rotation="45")  # type: ignore[arg-type]


def test_plot_attention_weights_grid_hides_spare_panels() -> None:
    W = np.full((3, 2, 2), 0.5)
    fig = plot_attention_weights(W, ["a", "b"], ncols=2, tick_rotation=0.0)
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == 3
    assert sum(not ax.get_visible() for ax in fig.axes) == 1  # 2 x 2 grid, 3 heads
    assert all(t.get_rotation() == 0.0 for t in panels[0].get_xticklabels())
    plt.close(fig)
