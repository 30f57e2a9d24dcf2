"""Tests for aimath.numerics (chapter 15): formats, rounding, stable losses, sums, quantization.

Tolerances. Rounding emulations are compared bit for bit (``==`` on the values,
plus the sign of zeros): a correctly rounded result is unique, so any tolerance
would hide a wrong rounding rule. Stable float64 formulas (log-sum-exp, BCE
with logits) are compared with SciPy/torch with ``rtol=1e-12``: each is a few
roundings of O(1) relative size, so they agree to ~1e-15; 1e-12 is ample yet
misses any wrong formula by orders of magnitude. Summation and quantization are
tested against their proven error bounds (Higham 2002, §4.2-4.3).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.special
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from strategies import FAST

from aimath.autodiff import softmax
from aimath.calculus import sigmoid
from aimath.information import log_softmax
from aimath.numerics import (
    FORMATS,
    bce_with_logits,
    dequantize,
    fitted_growth_rate,
    float_anatomy,
    format_info,
    jacobian_product_norms,
    kahan_sum,
    logsumexp,
    matrix_with_spectral_radius,
    naive_bce_with_logits,
    naive_softmax,
    naive_sum,
    quantize,
    round_to_bf16,
    round_to_format,
)
from aimath.plotting.numerics import (
    FIELD_COLORS,
    plot_float_layouts,
    plot_jacobian_norms,
    plot_quantization_errors,
    plot_summation_errors,
)

NUMPY_DTYPES: dict[str, type[np.floating[Any]]] = {
    "fp64": np.float64,
    "fp32": np.float32,
    "fp16": np.float16,
}
TORCH_DTYPES = {
    "fp64": torch.float64,
    "fp32": torch.float32,
    "fp16": torch.float16,
    "bf16": torch.bfloat16,
}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def ydata(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_ydata(), dtype=np.float64)


def xdata(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_xdata(), dtype=np.float64)


def same_floats(a: np.ndarray, b: np.ndarray) -> bool:
    """Bit-level equality of float64 arrays without NaN: equal values and equal zero signs."""
    return bool(np.array_equal(a, b) and np.array_equal(np.signbit(a), np.signbit(b)))


# -- formats ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_info_matches_torch_finfo(fmt: str) -> None:
    info = format_info(fmt)
    ref = torch.finfo(TORCH_DTYPES[fmt])
    assert info.bits == ref.bits
    assert info.eps == ref.eps
    assert info.smallest_normal == ref.smallest_normal
    assert info.max == ref.max
    assert info.smallest_subnormal == math.ldexp(ref.smallest_normal, -info.mantissa_bits)


@pytest.mark.parametrize("fmt", ["fp64", "fp32", "fp16"])
def test_format_info_matches_numpy_finfo(fmt: str) -> None:
    info = format_info(fmt)
    ref = np.finfo(NUMPY_DTYPES[fmt])
    assert (info.eps, info.max, info.smallest_normal) == (
        float(ref.eps),
        float(ref.max),
        float(ref.smallest_normal),
    )
    assert info.smallest_subnormal == float(ref.smallest_subnormal)
    assert (info.exponent_bits, info.mantissa_bits) == (ref.nexp, ref.nmant)
    assert info.min_exponent == ref.minexp
    assert info.max_exponent == ref.maxexp - 1


def test_format_info_reference_values() -> None:
    # IEEE 754-2008 table 3.5 (binary16): max 65504, eps 2^-10; BF16: 8 exponent bits
    assert format_info("fp16").max == 65504.0
    assert format_info("fp16").unit_roundoff == 2.0**-11
    assert format_info("bf16").smallest_normal == format_info("fp32").smallest_normal


def test_float_anatomy_hand_computed() -> None:
    # -2.5 = -1.25 * 2^1: sign 1, biased exponent 1 + 15 = 16 = 10000b, fraction .01b
    a = float_anatomy(-2.5, "fp16")
    assert (a.sign, a.exponent_bits, a.mantissa_bits) == (1, "10000", "0100000000")
    assert (a.biased_exponent, a.exponent, a.kind, a.value) == (16, 1, "normal", -2.5)
    assert a.bits == "1100000100000000"
    # 1.0 in FP32 is 0x3F800000 (IEEE 754)
    assert float_anatomy(1.0, "fp32").bits == format(0x3F800000, "032b")
    # the smallest FP16 subnormal 2^-24 is the pattern 0x0001
    sub = float_anatomy(2.0**-24, "fp16")
    assert (sub.kind, sub.bits, sub.exponent, sub.value) == (
        "subnormal",
        "0" * 15 + "1",
        -14,
        2.0**-24,
    )
    zero = float_anatomy(-0.0, "bf16")
    assert zero.kind == "zero"
    assert zero.sign == 1
    assert math.copysign(1.0, zero.value) == -1.0
    inf = float_anatomy(70000.0, "fp16")  # beyond 65504: the cast overflows
    assert (inf.kind, inf.exponent, inf.value) == ("infinity", None, math.inf)


@FAST
@given(st.floats(allow_nan=False, width=32), st.sampled_from(["fp64", "fp32", "fp16", "bf16"]))
def test_float_anatomy_decodes_to_the_cast(x: float, fmt: str) -> None:
    # the value decoded from the bits equals the cast (numpy, or torch for bf16)
    a = float_anatomy(x, fmt)
    with np.errstate(over="ignore"):
        if fmt == "bf16":
            ref = torch.tensor([x], dtype=torch.float32).to(torch.bfloat16).double().item()
        else:
            ref = float(np.array([x]).astype(NUMPY_DTYPES[fmt])[0])
    assert a.value == ref
    assert math.copysign(1.0, a.value) == math.copysign(1.0, ref)
    info = format_info(fmt)
    assert len(a.bits) == info.bits


# -- rounding emulations ---------------------------------------------------------------


def random_float32_patterns(n: int, seed: int) -> np.ndarray:
    """Every float32 bit pattern is equally likely: all exponents, subnormals, ±inf (no NaN)."""
    u = np.random.default_rng(seed).integers(0, 2**32, size=n, dtype=np.uint64).astype(np.uint32)
    x = u.view(np.float32)
    return x[~np.isnan(x)]


def test_round_to_bf16_matches_torch_on_all_bit_patterns() -> None:
    x = random_float32_patterns(100_000, seed=0)
    ref = torch.from_numpy(x).to(torch.bfloat16).double().numpy()
    assert same_floats(round_to_bf16(x), ref)


def test_round_to_bf16_ties_go_to_even() -> None:
    # exact midpoints between neighbouring BF16 numbers (spacing 2^-7 near 1)
    ties = np.array([1.0 + 2.0**-8, 1.0 + 3 * 2.0**-8, -(1.0 + 5 * 2.0**-8)], dtype=np.float32)
    expected = [1.0, 1.0 + 2 * 2.0**-7, -(1.0 + 2 * 2.0**-7)]  # the even neighbour, by hand
    assert round_to_bf16(ties).tolist() == expected
    assert round_to_bf16(ties).tolist() == torch.from_numpy(ties).to(torch.bfloat16).tolist()


def test_round_to_bf16_edges() -> None:
    fp32_max = float(np.finfo(np.float32).max)
    # fp32 max lies beyond the BF16 max + half an ulp: rounds to inf (torch agrees)
    out = round_to_bf16([fp32_max, -math.inf, math.inf, 1e300, -0.0])
    assert out[:4].tolist() == [math.inf, -math.inf, math.inf, math.inf]
    assert out[4] == 0.0
    assert np.signbit(out[4])
    assert format_info("bf16").max == round_to_bf16([format_info("bf16").max])[0]


@FAST
@given(
    hnp.arrays(
        np.float32,
        st.integers(1, 20),
        elements=st.floats(width=32, allow_nan=False, allow_subnormal=True),
    )
)
def test_round_to_bf16_property_matches_torch(x: np.ndarray) -> None:
    ref = torch.from_numpy(x.copy()).to(torch.bfloat16).double().numpy()
    assert same_floats(round_to_bf16(x), ref)


@pytest.mark.parametrize("fmt", ["fp32", "fp16"])
def test_round_to_format_matches_numpy_casts_from_float64(fmt: str) -> None:
    # random float64 bit patterns, restricted to |x| < 1e6 so fp16's range and
    # subnormals are both exercised; plus float32 patterns for the full fp32 range
    u = np.random.default_rng(1).integers(0, 2**64, size=200_000, dtype=np.uint64)
    y = u.view(np.float64)
    y = np.concatenate([y[np.isfinite(y) & (np.abs(y) < 1e6)], random_float32_patterns(50_000, 2)])
    with np.errstate(over="ignore"):
        ref = y.astype(NUMPY_DTYPES[fmt]).astype(np.float64)
    assert same_floats(round_to_format(y, fmt), ref)


def test_round_to_format_fp16_matches_torch() -> None:
    x = random_float32_patterns(100_000, seed=3)
    ref = torch.from_numpy(x).to(torch.float16).double().numpy()
    assert same_floats(round_to_format(x.astype(np.float64), "fp16"), ref)


def test_round_to_format_bf16_equals_bit_trick_on_float32_inputs() -> None:
    # two independent emulations (integer bits vs arithmetic) agree on every fp32 input
    x = random_float32_patterns(100_000, seed=4)
    assert same_floats(round_to_format(x.astype(np.float64), "bf16"), round_to_bf16(x))


def test_double_rounding_through_float32() -> None:
    # 1 + 2^-8 + 2^-40 lies just above the BF16 tie 1 + 2^-8: direct rounding goes up,
    # but float32 rounds it onto the tie first, which then goes to even (down)
    x = 1.0 + 2.0**-8 + 2.0**-40
    assert round_to_format([x], "bf16")[0] == 1.0 + 2.0**-7
    assert round_to_bf16([x])[0] == 1.0
    assert torch.tensor([x], dtype=torch.float64).to(torch.bfloat16).item() == 1.0


def test_round_to_format_reference_values() -> None:
    # FP16 spacing in [2^15, 2^16) is 32: 65000 = 2031.25 * 32 -> 64992; 70000 > 65504 + 16
    assert round_to_format([65000.0, 70000.0, -70000.0], "fp16").tolist() == [
        64992.0,
        math.inf,
        -math.inf,
    ]
    # 65519.99 rounds down to 65504, 65520 (the tie with 2^16) rounds to even: inf
    assert round_to_format([65519.99, 65520.0], "fp16").tolist() == [65504.0, math.inf]
    # below half the smallest subnormal 2^-24: zero; exactly half: tie to even (zero)
    assert round_to_format([2.0**-26, 2.0**-25, 1.5 * 2.0**-25], "fp16").tolist() == [
        0.0,
        0.0,
        2.0**-24,
    ]


@FAST
@given(st.floats(1e-30, 1e30), st.sampled_from(["fp32", "bf16"]))
def test_round_to_format_relative_error_at_most_unit_roundoff(x: float, fmt: str) -> None:
    # normal range of both formats: |fl(x) - x| <= u |x| (Higham 2002, Thm 2.2); exact check
    r = round_to_format([x], fmt)[0]
    assert abs(r - x) <= format_info(fmt).unit_roundoff * abs(x)


@FAST
@given(st.floats(-1e5, 1e5), st.sampled_from(["fp16", "bf16", "fp32"]))
def test_round_to_format_is_idempotent_and_monotone(x: float, fmt: str) -> None:
    r = round_to_format([x, x * (1 + 1e-9)], fmt)
    assert round_to_format(r, fmt).tolist() == r.tolist()
    assert (r[1] >= r[0]) if x >= 0 else (r[1] <= r[0])


# -- softmax, logsumexp, BCE ------------------------------------------------------------


def test_naive_softmax_overflows_where_stable_does_not() -> None:
    z = [1000.0, 2000.0, 3000.0]
    assert np.all(np.isnan(naive_softmax(z)))
    assert softmax(z).tolist() == [0.0, 0.0, 1.0]  # e^-1000 underflows to 0: exact here
    # fp16 overflows already at e^12 > 65504; fp32 at e^89
    assert np.all(np.isnan(naive_softmax([12.0, 0.0], dtype="fp16"))[:1])
    assert np.isnan(naive_softmax([89.0, 0.0], dtype="fp32")[0])
    assert np.isfinite(naive_softmax([88.0, 0.0], dtype="fp32")).all()


def test_naive_softmax_agrees_for_small_logits() -> None:
    z = np.array([1.0, 2.0, 3.0])
    # float64, a handful of roundings of O(1) numbers: rtol 1e-14
    np.testing.assert_allclose(naive_softmax(z), scipy.special.softmax(z), rtol=1e-14)
    # in fp32 the result is only good to about fp32's unit roundoff times a few
    np.testing.assert_allclose(naive_softmax(z, "fp32"), scipy.special.softmax(z), rtol=1e-6)


wide_logits = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 4), st.integers(1, 6)),
    elements=st.floats(-1e4, 1e4),
)


@FAST
@given(wide_logits)
def test_stable_softmax_family_matches_scipy_and_torch(z: np.ndarray) -> None:
    # logits up to ±1e4, far beyond where exp overflows; see module docstring for rtol
    np.testing.assert_allclose(logsumexp(z), scipy.special.logsumexp(z, axis=-1), rtol=1e-12)
    t = torch.from_numpy(z)
    np.testing.assert_allclose(logsumexp(z), torch.logsumexp(t, dim=-1).numpy(), rtol=1e-12)
    # probabilities: absolute 1e-15 covers the tiny ones that underflow differently
    np.testing.assert_allclose(
        softmax(z), scipy.special.softmax(z, axis=-1), rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(
        log_softmax(z), torch.log_softmax(t, dim=-1).numpy(), rtol=1e-12, atol=1e-9
    )


@FAST
@given(wide_logits)
def test_logsumexp_properties(z: np.ndarray) -> None:
    lse = logsumexp(z, axis=1)
    m = z.max(axis=1)
    # max <= lse <= max + log n, the bounds of the shifted sum in [1, n] (tiny slack: rounding)
    assert np.all(lse >= m - 1e-12 * np.abs(m))
    assert np.all(lse <= m + math.log(z.shape[1]) + 1e-12 * (1 + np.abs(m)))
    # shift invariance: lse(z + c) = lse(z) + c (c = 7, exact in float64)
    np.testing.assert_allclose(logsumexp(z + 7.0, axis=1), lse + 7.0, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(logsumexp(z.T, axis=0), lse, rtol=1e-15)


@FAST
@given(
    hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-1e4, 1e4)),
    st.data(),
)
def test_bce_with_logits_matches_torch(z: np.ndarray, data: st.DataObject) -> None:
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.floats(0.0, 1.0)))
    ref = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.from_numpy(z), torch.from_numpy(y), reduction="none"
    ).numpy()
    # torch uses the same max/log1p form; a few float64 roundings (atol for losses near 0)
    np.testing.assert_allclose(bce_with_logits(z, y), ref, rtol=1e-12, atol=1e-15)
    assert np.all(bce_with_logits(z, y) >= 0.0)


def test_bce_reference_values_and_naive_failure() -> None:
    # closed form: l(0, y) = log 2 for any y; l(z, 0) = z + log(1 + e^-z) ~ z for large z
    assert bce_with_logits([0.0, 0.0], [0.0, 1.0]).tolist() == [math.log(2.0)] * 2
    assert bce_with_logits([40.0], [0.0])[0] == 40.0 + math.log1p(math.exp(-40.0))
    naive = naive_bce_with_logits([40.0, 1.0], [0.0, 1.0])
    assert naive[0] == math.inf  # sigmoid(40) == 1.0 exactly in float64: log(1 - 1)
    # where nothing saturates the naive form is right (rtol: a log of a rounded p)
    np.testing.assert_allclose(naive[1], math.log1p(math.exp(-1.0)), rtol=1e-14)


@FAST
@given(hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-700, 700)))
def test_sigmoid_is_stable_for_both_signs(z: np.ndarray) -> None:
    s = sigmoid(z)
    ref = torch.sigmoid(torch.from_numpy(z)).numpy()
    # tiny values underflow differently at the end of the range: atol 1e-300
    np.testing.assert_allclose(s, ref, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(s + sigmoid(-z), 1.0, rtol=1e-15)


# -- summation -------------------------------------------------------------------------


def test_naive_and_kahan_reference_values() -> None:
    # 1 + 2^-24 + 2^-24 in fp32: each 2^-24 is half an ulp of 1, so each naive
    # addition ties back to 1.0 (even); Kahan carries the lost halves and gets 1 + 2^-23
    assert float(naive_sum([1.0, 2.0**-24, 2.0**-24])) == 1.0
    assert float(kahan_sum([1.0, 2.0**-24, 2.0**-24])) == 1.0 + 2.0**-23


def test_naive_sum_is_sequential_float32() -> None:
    x = np.random.default_rng(5).random(300).astype(np.float32)
    s = np.float32(0.0)
    for xi in x:  # the definition, one rounded addition at a time
        s = np.float32(s + xi)
    assert float(naive_sum(x)) == float(s)


@FAST
@given(
    hnp.arrays(
        np.float64,
        st.integers(1, 150),
        elements=st.floats(-1e3, 1e3).filter(lambda v: v == 0.0 or abs(v) > 1e-3),
    ),
    st.sampled_from(["fp32", "fp16"]),
)
def test_summation_error_bounds(x: np.ndarray, dtype: str) -> None:
    if dtype == "fp16":
        x = x / 1e3 * 50.0  # keep every partial sum below fp16's max (150 * 50 < 65504)
    terms = x.astype(NUMPY_DTYPES[dtype]).astype(np.float64)
    exact = math.fsum(terms)
    size = float(np.abs(terms).sum())
    u = format_info(dtype).unit_roundoff
    n = len(x)
    # Higham 2002 (4.4): naive |error| <= gamma_{n-1} sum|x|, gamma_k = k u / (1 - k u)
    gamma = (n - 1) * u / (1 - (n - 1) * u)
    # fp16 sums are subnormal-limited near 0: add one smallest subnormal per step
    floor = n * format_info(dtype).smallest_subnormal
    assert abs(float(naive_sum(x, dtype)) - exact) <= gamma * size + floor
    # Kahan, Higham 2002 (4.8): |error| <= (2u + O(n u^2)) sum|x|; 2u + 2 n u^2 here
    assert abs(float(kahan_sum(x, dtype)) - exact) <= (2 * u + 2 * n * u * u) * size + floor


def test_kahan_beats_naive_on_many_terms() -> None:
    x = np.full(100_000, 0.1)
    exact = math.fsum(x.astype(np.float32).astype(np.float64))
    naive_err = abs(float(naive_sum(x)) - exact)
    kahan_err = abs(float(kahan_sum(x)) - exact)
    assert kahan_err <= 2 * format_info("fp32").unit_roundoff * exact
    assert naive_err > 1000 * kahan_err
    # columns are summed independently: a 2-D input gives the per-column sums
    two = np.column_stack([x[:10], 2 * x[:10]])
    assert kahan_sum(two).shape == (2,)
    assert naive_sum(two, "fp64").shape == (2,)


# -- quantization ----------------------------------------------------------------------


def test_quantize_reference_values() -> None:
    qt = quantize([0.5, -1.27, 0.003])
    # scale = 1.27 / 127 by hand; 0.5 / 0.01 = 50; 0.003 / 0.01 = 0.3 -> 0
    assert qt.q.tolist() == [50, -127, 0]
    assert qt.q.dtype == np.int8
    np.testing.assert_allclose(qt.scale, 0.01, rtol=1e-15)
    assert quantize([0.0, 0.0]).scale == 1.0
    assert quantize([1.0, -1.0], bits=2).q.tolist() == [1, -1]
    assert quantize([1.0], bits=12).q.dtype == np.int16


@FAST
@given(
    hnp.arrays(np.float64, st.integers(1, 50), elements=st.floats(-1e6, 1e6)),
    st.integers(2, 16),
)
def test_quantization_error_at_most_half_a_step(x: np.ndarray, bits: int) -> None:
    qt = quantize(x, bits)
    q_max = 2 ** (bits - 1) - 1
    assert np.all(np.abs(qt.q.astype(np.int64)) <= q_max)
    err = np.abs(dequantize(qt.q, qt.scale) - x)
    # |x - s q| <= s/2 exactly; x/s and s*q each add a relative rounding of ~1e-16 of |x|
    assert np.all(err <= qt.scale / 2 + 4e-16 * np.abs(x))


def test_quantization_matches_torch_fake_quantize() -> None:
    x = np.random.default_rng(6).standard_normal(1000)
    qt = quantize(x)
    t = torch.from_numpy(x).float()
    ref = torch.fake_quantize_per_tensor_affine(t, qt.scale, 0, -127, 127).double().numpy()
    ours = dequantize(qt.q, qt.scale)
    # torch works in float32: x / scale can land on the other side of a .5 for a
    # handful of entries, so levels may differ by one step (never more)
    steps = np.rint(np.abs(ref - ours) / qt.scale)
    assert steps.max() <= 1
    assert np.mean(steps) < 0.01
    # elsewhere the values agree to float32 precision of the product q * scale
    same = steps == 0
    np.testing.assert_allclose(ours[same], ref[same], rtol=1e-6, atol=1e-7)


# -- Jacobian products and clipping -----------------------------------------------------


def test_jacobian_product_norms_reference_values() -> None:
    # diag(2, 1/2)^k has norm 2^k; the product of a rotation and a scaling: norms multiply
    assert jacobian_product_norms([[[2.0, 0.0], [0.0, 0.5]]] * 3).tolist() == [2.0, 4.0, 8.0]
    c, s = math.cos(0.3), math.sin(0.3)
    R = np.array([[c, -s], [s, c]])
    norms = jacobian_product_norms([R, 3 * R, 0.5 * R])
    np.testing.assert_allclose(norms, [1.0, 3.0, 1.5], rtol=1e-14)
    assert jacobian_product_norms([[[0.0]], [[5.0]]]).tolist() == [0.0, 0.0]


def test_jacobian_product_norms_matches_direct_products_and_survives_overflow() -> None:
    rng = np.random.default_rng(7)
    J = rng.standard_normal((12, 5, 5))
    direct = []
    P = np.eye(5)
    for J_k in J:
        P = J_k @ P
        direct.append(np.linalg.norm(P, 2))
    # 12 products of 5x5 matrices: each step a relative rounding ~1e-15; 1e-12 ample
    np.testing.assert_allclose(jacobian_product_norms(J), direct, rtol=1e-12)
    # 2^2000 overflows float64, but every intermediate stays finite: the result is inf
    huge = jacobian_product_norms(np.broadcast_to(2 * np.eye(2), (2000, 2, 2)))
    assert huge[1022] == 2.0**1023
    assert huge[-1] == math.inf
    tiny = jacobian_product_norms(np.broadcast_to(0.5 * np.eye(2), (1100, 2, 2)))
    assert tiny[1073] == 2.0**-1074
    assert tiny[-1] == 0.0


@pytest.mark.parametrize("rho", [0.8, 1.0, 1.25])
def test_fitted_growth_rate_recovers_the_spectral_radius(rho: float) -> None:
    W = matrix_with_spectral_radius(rho, 8, np.random.default_rng(8))
    # spectral radius to rounding (eigvals of a rescaled 8x8 matrix)
    np.testing.assert_allclose(np.max(np.abs(np.linalg.eigvals(W))), rho, rtol=1e-12)
    norms = jacobian_product_norms(np.broadcast_to(W, (200, 8, 8)))
    # Gelfand: ||W^k||^(1/k) -> rho; over k in [100, 200] the transient has died
    # down to a bounded (polynomial at most) factor: the fitted rate is within 2%
    np.testing.assert_allclose(fitted_growth_rate(norms), rho, rtol=0.02)


def test_fitted_growth_rate_exact_geometric() -> None:
    assert round(fitted_growth_rate([3.0 * 1.5**k for k in range(1, 21)]), 12) == 1.5


# -- error paths -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["fp8", "FP32", "float32"])
def test_unknown_format(bad: str) -> None:
    with pytest.raises(ValueError, match="`fmt` must be one of"):
        format_info(bad)
    with pytest.raises(ValueError, match="`fmt` must be one of"):
        float_anatomy(1.0, bad)
    with pytest.raises(ValueError, match="`fmt` must be one of"):
        round_to_format([1.0], bad)


def test_format_type_errors() -> None:
    with pytest.raises(TypeError, match="`fmt` must be a format name"):
        format_info(32)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="`x` must be a real number"):
        float_anatomy("1.0", "fp32")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="`x` must be a real number"):
        float_anatomy(True, "fp32")
    with pytest.raises(ValueError, match="`x` must not be NaN"):
        float_anatomy(math.nan, "fp16")


@pytest.mark.parametrize("func", [round_to_bf16, lambda x: round_to_format(x, "fp16")])
def test_rounding_rejects_nan_and_empty(func: object) -> None:
    assert callable(func)
    with pytest.raises(ValueError, match="`x` must not contain NaN"):
        func([1.0, math.nan])
    with pytest.raises(ValueError, match="`x` must not be empty"):
        func([])
    with pytest.raises(TypeError, match="`x` must be array-like"):
        func("abc")
    with pytest.raises(ValueError, match="`x` must not contain NaN"):
        round_to_bf16([math.nan])
    with pytest.raises(ValueError, match="`x` must not be empty"):
        round_to_format([], "bf16")


def test_softmax_family_errors() -> None:
    with pytest.raises(ValueError, match="`z` must be at least 1-D"):
        logsumexp(3.0)
    with pytest.raises(ValueError, match="`z` must contain only finite"):
        logsumexp([1.0, math.inf])
    with pytest.raises(ValueError, match="`axis` must be in"):
        logsumexp([[1.0]], axis=2)
    with pytest.raises(TypeError, match="`axis` must be an integer"):
        logsumexp([1.0], axis=0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`dtype` must be one of"):
        naive_softmax([1.0], dtype="bf16")
    with pytest.raises(ValueError, match="`z` must be at least 1-D"):
        naive_softmax(1.0)
    with pytest.raises(ValueError, match="`z` must not be empty"):
        naive_softmax([])


def test_bce_errors() -> None:
    with pytest.raises(ValueError, match="`logits` and `targets` must have the same shape"):
        bce_with_logits([0.0, 1.0], [1.0])
    with pytest.raises(ValueError, match="`logits` and `targets` must have the same shape"):
        naive_bce_with_logits([0.0, 1.0], [1.0])
    with pytest.raises(ValueError, match="`targets` must be probabilities"):
        bce_with_logits([0.0], [1.5])
    with pytest.raises(ValueError, match="`targets` must be probabilities"):
        naive_bce_with_logits([0.0], [-0.5])
    with pytest.raises(ValueError, match="`logits` must contain only finite"):
        bce_with_logits([math.nan], [1.0])
    with pytest.raises(TypeError, match="`targets` must be array-like"):
        naive_bce_with_logits([0.0], "abc")


def test_summation_errors() -> None:
    with pytest.raises(ValueError, match="`x` must be 1-D or 2-D"):
        naive_sum(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="`x` must be 1-D or 2-D"):
        kahan_sum(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="`x` must fit in fp16"):
        naive_sum([1e5], "fp16")
    with pytest.raises(ValueError, match="`x` must fit in fp16"):
        kahan_sum([1e5], "fp16")
    with pytest.raises(ValueError, match="`dtype` must be one of"):
        kahan_sum([1.0], "bf16")
    with pytest.raises(TypeError, match="`dtype` must be a format name"):
        naive_sum([1.0], 32)  # type: ignore[arg-type]


def test_quantization_errors() -> None:
    with pytest.raises(ValueError, match="`bits` must be in"):
        quantize([1.0], bits=1)
    with pytest.raises(TypeError, match="`bits` must be an integer"):
        quantize([1.0], bits=8.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`x` must contain only finite"):
        quantize([math.inf])
    with pytest.raises(ValueError, match="`q` must hold integers"):
        dequantize([1.5], 0.1)
    with pytest.raises(ValueError, match="`scale` must be positive"):
        dequantize([1], 0.0)
    with pytest.raises(ValueError, match="`scale` must be a finite"):
        dequantize([1], math.nan)


def test_jacobian_and_clipping_errors() -> None:
    with pytest.raises(ValueError, match=r"`jacobians` must have shape \(L, n, n\)"):
        jacobian_product_norms(np.ones((3, 2, 4)))
    with pytest.raises(ValueError, match=r"`jacobians` must have shape"):
        jacobian_product_norms(np.ones((2, 2)))
    with pytest.raises(ValueError, match="`rho` must be positive"):
        matrix_with_spectral_radius(0.0, 3, np.random.default_rng(0))
    with pytest.raises(TypeError, match=r"`rng` must be a numpy\.random\.Generator"):
        matrix_with_spectral_radius(1.0, 3, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`n` must be in"):
        matrix_with_spectral_radius(1.0, 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="`norms` must hold at least 4"):
        fitted_growth_rate([1.0, 2.0, 4.0])
    with pytest.raises(ValueError, match="`norms` must be positive"):
        fitted_growth_rate([1.0, 0.0, 1.0, 1.0])


# -- figures ---------------------------------------------------------------------------


def test_plot_float_layouts_draws_the_bits() -> None:
    fig = plot_float_layouts(0.1, ["fp32", "fp16", "bf16"])
    ax = fig.axes[0]
    cells = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(cells) == 32 + 16 + 16
    # the cell texts, row by row, are the stored bits
    bits = "".join(t.get_text() for t in ax.texts if t.get_text() in {"0", "1"})
    expected = "".join(float_anatomy(0.1, f).bits for f in ["fp32", "fp16", "bf16"])
    assert bits == expected
    # the FP16 row: 1 sign, 5 exponent, 10 mantissa cells in the field colours
    fp16_cells = [c for c in cells if math.isclose(c.get_y(), 1.1)]
    colours = [c.get_facecolor() for c in fp16_cells]
    sign_rgb = to_rgba(FIELD_COLORS["sign"], 0.85)
    exp_rgb = to_rgba(FIELD_COLORS["exponent"], 0.85)
    assert colours[0] == sign_rgb
    assert colours[1:6] == [exp_rgb] * 5
    assert ax.get_title()


def test_plot_float_layouts_errors() -> None:
    with pytest.raises(ValueError, match="`fmts` entries must be in"):
        plot_float_layouts(1.0, ["fp64"])
    with pytest.raises(ValueError, match="`fmts` must be a non-empty"):
        plot_float_layouts(1.0, [])
    with pytest.raises(ValueError, match="`x` must be a finite"):
        plot_float_layouts(math.inf)


def test_plot_summation_errors_respects_the_bounds() -> None:
    x = np.random.default_rng(10).random((256, 3))
    fig = plot_summation_errors(x)
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.lines}
    ns = xdata(lines["Kahan"])
    assert list(ns) == [2**k for k in range(1, 9)]
    u = format_info("fp32").unit_roundoff
    assert np.all(ydata(lines["Kahan"]) <= 2 * u * (1 + 1e-9))
    assert np.all(ydata(lines["naive (left to right)"]) <= (ns - 1) * u + u / 100)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    with pytest.raises(ValueError, match="`x` must have at least 2 rows"):
        plot_summation_errors(np.ones((1, 3)))
    with pytest.raises(ValueError, match="`dtype` must be 'fp32' or 'fp16'"):
        plot_summation_errors(np.ones((4, 2)), dtype="fp64")


def test_plot_quantization_errors_below_bound() -> None:
    x = np.random.default_rng(11).standard_normal(500)
    fig = plot_quantization_errors(x, bits=[2, 4, 8])
    lines = {ln.get_label(): ln for ln in fig.axes[0].lines}
    bound = ydata(lines["bound: scale / 2"])
    assert np.all(ydata(lines["largest error"]) <= bound * (1 + 1e-12))
    assert np.all(ydata(lines["root-mean-square error"]) <= ydata(lines["largest error"]))
    # bound = max|x| / (2^(b-1) - 1) / 2, by hand
    np.testing.assert_allclose(bound, np.abs(x).max() / (2 * np.array([1, 7, 127])), rtol=1e-15)
    with pytest.raises(ValueError, match="`x` must not be all zero"):
        plot_quantization_errors([0.0, 0.0])
    with pytest.raises(ValueError, match="`bits` must be in"):
        plot_quantization_errors([1.0], bits=[20])
    with pytest.raises(ValueError, match="`bits` must hold integers"):
        plot_quantization_errors([1.0], bits=[2.5])


def test_plot_jacobian_norms_vanish_and_explode() -> None:
    fig = plot_jacobian_norms([0.5, 2.0], depth=30, n=4)
    ax = fig.axes[0]
    solid = [
        ln
        for ln in ax.lines
        if ln.get_linestyle() == "-" and not str(ln.get_label()).startswith("_")
    ]
    assert [ln.get_label() for ln in solid] == [r"$\rho = 0.5$", r"$\rho = 2$"]
    assert ydata(solid[0])[-1] < 1e-3 < 1e3 < ydata(solid[1])[-1]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel()
    with pytest.raises(ValueError, match="`depth` must be in"):
        plot_jacobian_norms(depth=2)
    with pytest.raises(ValueError, match="`radii` must not be empty"):
        plot_jacobian_norms([])
    with pytest.raises(ValueError, match="`radii` must be positive"):
        plot_jacobian_norms([-1.0])
