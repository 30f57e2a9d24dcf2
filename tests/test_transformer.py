"""Tests for aimath.transformer and aimath.plotting.transformer: values, properties, torch, errors.

Tolerances. Everything is float64. A block's output is a sum of a few hundred
rounded products (projections of width <= 24, a softmax over <= 8 keys, an
MLP of width <= 24) of entries of size ~1-10, so it is exact to ~1e-14
relative; comparisons with torch use ``rtol=1e-12`` and ``atol=1e-12``, ~100x
the rounding, while a wrong transpose, mask or GELU form misses by more than
1e-4. The torch reference here is deliberately a *different* implementation
from the one on the book page: ``nn.MultiheadAttention`` (not
``F.scaled_dot_product_attention``), ``nn.LayerNorm``, ``nn.GELU``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.collections import PolyCollection
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit
from scipy.stats import norm
from strategies import FAST

from aimath.attention import causal_mask
from aimath.plotting.transformer import (
    char_label,
    plot_attention_heads,
    plot_loss_curves,
    plot_temperature_entropy,
)
from aimath.sampling import apply_temperature, sample_tokens
from aimath.transformer import (
    BlockParams,
    LMParams,
    char_vocab,
    decode_chars,
    encode_chars,
    gelu,
    generate_tokens,
    init_block_params,
    init_lm_params,
    lm_attention_weights,
    lm_logits,
    mlp,
    next_token_loss,
    transformer_block,
)

#: float64 agreement with torch (module docstring)
TOL = 1e-12


def _named(name: str) -> str:
    """Regex matching the argument name as the library quotes it: `name`."""
    return re.escape(f"`{name}`")


def _t(x: object) -> torch.Tensor:
    return torch.from_numpy(np.array(x, dtype=np.float64))


def _random_block(d: int, d_ff: int, seed: int, scale: float = 0.4) -> BlockParams:
    """A block with every weight, bias, gain and shift random (non-zero)."""
    rng = np.random.default_rng(seed)
    shapes = {"W_1": (d, d_ff), "b_1": (d_ff,), "W_2": (d_ff, d)}
    values = {}
    for f in dataclasses.fields(BlockParams):
        shape = shapes.get(f.name, (d, d) if f.name.startswith("W_") else (d,))
        values[f.name] = rng.normal(scale=scale, size=shape) + f.name.endswith("gamma")
    return BlockParams(**values)


def _random_lm(v: int, ctx: int, d: int, d_ff: int, n_layers: int, seed: int) -> LMParams:
    rng = np.random.default_rng(seed)
    blocks = tuple(_random_block(d, d_ff, seed + 1 + i) for i in range(n_layers))
    return LMParams(
        rng.normal(scale=0.5, size=(v, d)),
        rng.normal(scale=0.5, size=(ctx, d)),
        blocks,
        1 + rng.normal(scale=0.3, size=d),
        rng.normal(scale=0.3, size=d),
    )


class TorchBlock(torch.nn.Module):
    """The reference block: nn.MultiheadAttention, nn.LayerNorm, nn.GELU(tanh)."""

    def __init__(self, p: BlockParams, n_heads: int, causal: bool = True) -> None:
        super().__init__()
        d, f = p.d_model, p.d_ff
        f64 = torch.float64
        self.causal = causal
        self.ln1 = torch.nn.LayerNorm(d, dtype=f64)
        self.attn = torch.nn.MultiheadAttention(d, n_heads, batch_first=True, dtype=f64)
        self.ln2 = torch.nn.LayerNorm(d, dtype=f64)
        self.fc = torch.nn.Linear(d, f, dtype=f64)
        self.act = torch.nn.GELU(approximate="tanh")
        self.proj = torch.nn.Linear(f, d, dtype=f64)
        with torch.no_grad():
            self.ln1.weight.copy_(_t(p.ln1_gamma))
            self.ln1.bias.copy_(_t(p.ln1_beta))
            # in_proj_weight stacks W_q^T, W_k^T, W_v^T (torch's (out, in) layout)
            self.attn.in_proj_weight.copy_(_t(np.vstack([p.W_q.T, p.W_k.T, p.W_v.T])))
            self.attn.in_proj_bias.copy_(_t(np.concatenate([p.b_q, p.b_k, p.b_v])))
            self.attn.out_proj.weight.copy_(_t(p.W_o.T))
            self.attn.out_proj.bias.copy_(_t(p.b_o))
            self.ln2.weight.copy_(_t(p.ln2_gamma))
            self.ln2.bias.copy_(_t(p.ln2_beta))
            self.fc.weight.copy_(_t(p.W_1.T))
            self.fc.bias.copy_(_t(p.b_1))
            self.proj.weight.copy_(_t(p.W_2.T))
            self.proj.bias.copy_(_t(p.b_2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        T = x.shape[-2]
        # nn.MultiheadAttention: a boolean mask is True where attention is BLOCKED
        mask = torch.from_numpy(~causal_mask(T)) if self.causal else None
        h = self.ln1(x)
        a, _ = self.attn(h, h, h, attn_mask=mask, need_weights=False)
        x = x + a
        out: torch.Tensor = x + self.proj(self.act(self.fc(self.ln2(x))))
        return out


def _torch_lm_logits(p: LMParams, n_heads: int, tokens: np.ndarray) -> np.ndarray:
    """Logits of the reference model with the weights of ``p``."""
    idx = torch.from_numpy(tokens)
    E, P = _t(p.token_embedding), _t(p.position_embedding)
    x = torch.nn.functional.embedding(idx, E) + P[: tokens.shape[-1]]
    for block in p.blocks:
        x = TorchBlock(block, n_heads)(x)
    lnf = torch.nn.functional.layer_norm(x, (p.d_model,), _t(p.lnf_gamma), _t(p.lnf_beta))
    out: np.ndarray = (lnf @ E.T).detach().numpy()
    return out


# -- GELU and the MLP -----------------------------------------------------------------


def test_gelu_reference_values() -> None:
    # exact form: x Phi(x), Phi(1) = 0.841344746068543 (scipy.stats.norm.cdf(1.0))
    assert_allclose(
        gelu([1.0, -1.0], approximate="none"), [0.841344746068543, -0.158655253931457], rtol=1e-14
    )
    # tanh form: the formula evaluated with math.tanh by hand
    expected = 0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (1 + 0.044715)))
    assert gelu(1.0).item() == pytest.approx(expected, rel=1e-15)
    assert gelu(0.0).item() == 0.0
    assert gelu([0.0], approximate="none").tolist() == [0.0]


@pytest.mark.parametrize("approximate", ["tanh", "none"])
def test_gelu_matches_torch(approximate: str) -> None:
    x = np.concatenate([np.linspace(-8, 8, 401), [-50.0, -20.0, 20.0, 50.0, 1e3]])
    ref = torch.nn.functional.gelu(_t(x), approximate=approximate).numpy()
    # torch computes 1 + tanh(u) and 1 + erf(.), which cancel for x << 0: its absolute
    # error there is ~eps * |x| <= 1e-14 while ours stays relative (erfc, 1/(1 + e^-2u))
    assert_allclose(gelu(x, approximate=approximate), ref, rtol=1e-14, atol=1e-14)


@FAST
@given(st.floats(-50, 50, allow_nan=False, allow_subnormal=False))
def test_gelu_forms_are_within_1e_3(x: float) -> None:
    # the documented bound; the true maximum is ~4.7e-4 near |x| ~ 2.4
    assert abs(gelu(x).item() - gelu(x, approximate="none").item()) < 1e-3


def test_gelu_huge_inputs_do_not_warn() -> None:
    # x^3 and e^{-2u} overflow to inf; the limits GELU(x) = x and 0 come out exactly
    out = gelu([1e200, -1e200, -40.0])
    assert out[0] == 1e200
    assert out[1] == 0.0
    # the tails stay accurate to a relative 1e-14 (no cancellation in 1 + tanh, 1 + erf);
    # references from scipy's tail-accurate normal cdf and logistic function:
    # GELU(x) = x Phi(x), and (1 + tanh u) / 2 = expit(2u)
    u = math.sqrt(2 / math.pi) * (-6.0 + 0.044715 * (-6.0) ** 3)
    assert gelu(-6.0).item() == pytest.approx(-6.0 * expit(2 * u), rel=1e-14)
    assert gelu(-6.0, approximate="none").item() == pytest.approx(-6.0 * norm.cdf(-6.0), rel=1e-14)


def test_mlp_hand_computed() -> None:
    # identity weights: MLP(x) = GELU(x); GELU_tanh(+-1) from the formula above
    g1 = 0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * 1.044715))
    out = mlp([[1.0, -1.0]], np.eye(2), np.zeros(2), np.eye(2), np.zeros(2))
    assert_allclose(out, [[g1, g1 - 1.0]], rtol=1e-14)  # GELU(-x) = GELU(x) - x


def test_mlp_matches_torch() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(3, 5, 6))
    W1, b1, W2, b2 = (
        rng.normal(size=(6, 10)),
        rng.normal(size=10),
        rng.normal(size=(10, 6)),
        rng.normal(size=6),
    )
    ref = torch.nn.functional.gelu(_t(x) @ _t(W1) + _t(b1), approximate="tanh") @ _t(W2) + _t(b2)
    assert_allclose(mlp(x, W1, b1, W2, b2), ref.numpy(), rtol=TOL, atol=TOL)


# -- parameters --------------------------------------------------------------------


def test_init_block_params_follows_gpt2() -> None:
    p = init_block_params(64, 4, 256, np.random.default_rng(0), n_layers=8)
    # 4096 (or 16384) Gaussian entries: the sample std has relative error ~1/sqrt(2n) ~ 1%
    assert np.std(p.W_q) == pytest.approx(0.02, rel=0.05)
    assert np.std(p.W_1) == pytest.approx(0.02, rel=0.05)
    assert np.std(p.W_o) == pytest.approx(0.02 / 4, rel=0.05)  # / sqrt(2 * 8)
    assert np.std(p.W_2) == pytest.approx(0.02 / 4, rel=0.05)
    assert_array_equal(p.ln1_gamma, np.ones(64))
    for name in ("ln1_beta", "b_q", "b_k", "b_v", "b_o", "ln2_beta", "b_1", "b_2"):
        assert not np.any(getattr(p, name)), name
    again = init_block_params(64, 4, 256, np.random.default_rng(0), n_layers=8)
    assert_array_equal(again.W_2, p.W_2)
    # 4 d^2 + 2 d d_ff + 9 d + d_ff, by hand
    assert p.n_parameters == 4 * 64**2 + 2 * 64 * 256 + 9 * 64 + 256


def test_params_are_read_only_copies() -> None:
    W = np.eye(4)
    p = _random_block(4, 8, 0)
    q = dataclasses.replace(p, W_q=W)
    W[0, 0] = 5.0  # changing the caller's array does not change the parameters
    assert q.W_q[0, 0] == 1.0
    with pytest.raises(ValueError, match="read-only"):
        q.W_q[0, 0] = 2.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.W_q = np.eye(4)  # type: ignore[misc]


def test_lm_params_properties() -> None:
    p = init_lm_params(7, 5, 8, 2, 16, 3, np.random.default_rng(0))
    assert (p.vocab_size, p.context_length, p.d_model, p.n_layers) == (7, 5, 8, 3)
    # 7*8 + 5*8 + 2*8 (final LN) + 3 blocks of 4*64 + 2*8*16 + 9*8 + 16
    assert p.n_parameters == 56 + 40 + 16 + 3 * (256 + 256 + 72 + 16)
    assert isinstance(
        LMParams(
            p.token_embedding,
            p.position_embedding,
            list(p.blocks),  # type: ignore[arg-type]
            p.lnf_gamma,
            p.lnf_beta,
        ).blocks,
        tuple,
    )


# -- the block and the model against torch ----------------------------------------------


@pytest.mark.parametrize("causal", [True, False])
def test_block_matches_torch(causal: bool) -> None:
    p = _random_block(12, 20, seed=1)
    x = np.random.default_rng(2).normal(size=(3, 7, 12))
    out, w = transformer_block(x, p, 3, causal=causal)
    ref = TorchBlock(p, 3, causal=causal)(_t(x)).detach().numpy()
    assert_allclose(out, ref, rtol=TOL, atol=TOL)
    assert w.shape == (3, 3, 7, 7)
    # one unbatched sequence gives the same as its row of the batch
    out1, w1 = transformer_block(x[1], p, 3, causal=causal)
    assert_allclose(out1, out[1], rtol=TOL, atol=TOL)
    assert w1.shape == (3, 7, 7)


def test_lm_logits_match_torch() -> None:
    p = _random_lm(v=11, ctx=9, d=12, d_ff=20, n_layers=2, seed=5)
    tokens = np.random.default_rng(6).integers(0, 11, size=(2, 9))
    z = lm_logits(tokens, p, 2)
    assert z.shape == (2, 9, 11)
    assert_allclose(z, _torch_lm_logits(p, 2, tokens), rtol=TOL, atol=1e-11)
    assert_allclose(lm_logits(tokens[0, :4], p, 2), z[0, :4], rtol=TOL, atol=TOL)


def test_lm_attention_weights_shape_and_rows() -> None:
    p = _random_lm(v=5, ctx=6, d=8, d_ff=8, n_layers=3, seed=0)
    A = lm_attention_weights([[0, 1, 2, 3], [4, 3, 2, 1]], p, 4)
    assert A.shape == (3, 2, 4, 4, 4)
    assert_allclose(A.sum(axis=-1), 1.0, rtol=0, atol=1e-14)
    assert np.all(A[..., ~causal_mask(4)] == 0.0)


def test_next_token_loss_matches_torch() -> None:
    rng = np.random.default_rng(7)
    logits, targets = rng.normal(scale=3.0, size=(2, 5, 9)), rng.integers(0, 9, size=(2, 5))
    ref = torch.nn.functional.cross_entropy(
        _t(logits).reshape(-1, 9), torch.from_numpy(targets).reshape(-1)
    )
    assert next_token_loss(logits, targets) == pytest.approx(ref.item(), rel=1e-13)


def test_initial_loss_is_near_ln_v() -> None:
    p = init_lm_params(20, 16, 32, 4, 64, 2, np.random.default_rng(0))
    tokens = np.random.default_rng(1).integers(0, 20, size=(8, 17))
    loss = next_token_loss(lm_logits(tokens[:, :-1], p, 4), tokens[:, 1:])
    # logits ~ 0.02 * sqrt(32) ~ 0.1: the loss is ln V + O(0.01)
    assert loss == pytest.approx(math.log(20), abs=0.05)


# -- properties ---------------------------------------------------------------------------


@FAST
@given(st.integers(1, 7), st.integers(1, 10), st.integers(0, 10_000))
def test_causality_future_tokens_do_not_change_the_past(k: int, shift: int, seed: int) -> None:
    p = _random_lm(v=11, ctx=8, d=8, d_ff=12, n_layers=2, seed=seed % 7)
    tokens = np.random.default_rng(seed).integers(0, 11, size=8)
    changed = tokens.copy()
    changed[k:] = (changed[k:] + shift) % 11
    z, z_changed = lm_logits(tokens, p, 2), lm_logits(changed, p, 2)
    assert_array_equal(z_changed[:k], z[:k])  # bit for bit
    assert np.abs(z_changed[k] - z[k]).max() > 0


@FAST
@given(st.permutations(range(6)))
def test_noncausal_block_is_permutation_equivariant(perm: Sequence[int]) -> None:
    p = _random_block(8, 12, seed=3)
    x = np.random.default_rng(3).normal(size=(6, 8))
    out, _ = transformer_block(x, p, 2, causal=False)
    out_perm, _ = transformer_block(x[list(perm)], p, 2, causal=False)
    # same sums in another order: ~1e-15 of entries of size ~10
    assert_allclose(out_perm, out[list(perm)], rtol=1e-12, atol=1e-12)


@FAST
@given(st.integers(0, 1000))
def test_block_that_writes_nothing_is_the_identity(seed: int) -> None:
    p = _random_block(8, 12, seed=seed)
    zero = dataclasses.replace(
        p, W_o=np.zeros((8, 8)), b_o=np.zeros(8), W_2=np.zeros((12, 8)), b_2=np.zeros(8)
    )
    x = np.random.default_rng(seed).normal(size=(5, 8))
    assert_array_equal(transformer_block(x, zero, 4)[0], x)


@FAST
@given(st.text(alphabet="ab c\n!Z", min_size=1, max_size=40))
def test_encode_decode_round_trip(text: str) -> None:
    vocab = char_vocab(text)
    assert list(vocab) == sorted(set(text))
    ids = encode_chars(text, vocab)
    assert ids.dtype == np.int64
    assert decode_chars(ids, vocab) == text


# -- generation ----------------------------------------------------------------------------


def test_generate_is_reproducible_and_keeps_the_prompt() -> None:
    p = _random_lm(v=9, ctx=5, d=8, d_ff=8, n_layers=1, seed=2)
    prompt = [1, 2, 3, 4, 5, 6, 7]  # longer than the context: the model sees the last 5
    a = generate_tokens(prompt, p, 2, 12, rng=np.random.default_rng(0), temperature=1.3)
    b = generate_tokens(prompt, p, 2, 12, rng=np.random.default_rng(0), temperature=1.3)
    assert_array_equal(a, b)
    assert a[:7].tolist() == prompt
    assert a.shape == (19,)
    assert a.min() >= 0
    assert a.max() < 9
    assert generate_tokens(prompt, p, 2, 0, rng=np.random.default_rng(0)).tolist() == prompt


@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0])
def test_generate_draws_with_sample_tokens(temperature: float) -> None:
    p = _random_lm(v=9, ctx=5, d=8, d_ff=8, n_layers=1, seed=4)
    prompt = np.array([3, 1, 4])
    for seed in range(5):
        nxt = generate_tokens(
            prompt, p, 2, 1, rng=np.random.default_rng(seed), temperature=temperature
        )[-1]
        ref = sample_tokens(
            lm_logits(prompt, p, 2)[-1], 1, rng=np.random.default_rng(seed), temperature=temperature
        )[0]
        assert nxt == ref


def test_generate_at_low_temperature_or_top_1_is_greedy() -> None:
    p = _random_lm(v=9, ctx=6, d=8, d_ff=8, n_layers=2, seed=8)
    greedy = [0, 5]
    for _ in range(10):
        z = lm_logits(greedy[-6:], p, 2)[-1]
        # a gap > 0.02 at T = 1e-3 leaves the runner-up a probability < e^-20: no near-tie
        assert np.sort(z)[-1] - np.sort(z)[-2] > 0.02
        greedy.append(int(np.argmax(z)))
    options: list[dict[str, float]] = [{"temperature": 1e-3}, {"top_k": 1}]
    for kw in options:
        out = generate_tokens([0, 5], p, 2, 10, rng=np.random.default_rng(1), **kw)  # type: ignore[arg-type]
        assert out.tolist() == greedy
    # and temperature flattens: entropy of softmax(z/T) grows with T
    z = lm_logits([0, 5], p, 2)[-1]
    ents = [-(q * np.log(q)).sum() for q in (apply_temperature(z, T) for T in (0.5, 1, 2))]
    assert ents[0] < ents[1] < ents[2]


# -- error paths ---------------------------------------------------------------------------


def test_gelu_errors() -> None:
    with pytest.raises(ValueError, match=_named("approximate")):
        gelu([1.0], approximate="erf")
    with pytest.raises(TypeError, match=_named("approximate")):
        gelu([1.0], approximate=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("x")):
        gelu([np.nan])


def test_mlp_wrong_shapes() -> None:
    x = np.ones((2, 4))
    with pytest.raises(ValueError, match=_named("W_1")):
        mlp(x, np.ones((3, 8)), np.zeros(8), np.ones((8, 4)), np.zeros(4))
    with pytest.raises(ValueError, match=_named("W_2")):
        mlp(x, np.ones((4, 8)), np.zeros(8), np.ones((8, 3)), np.zeros(4))
    with pytest.raises(ValueError, match=_named("b_1")):
        mlp(x, np.ones((4, 8)), np.zeros(4), np.ones((8, 4)), np.zeros(4))
    with pytest.raises(ValueError, match=_named("x")):
        mlp(1.0, np.ones((1, 8)), np.zeros(8), np.ones((8, 1)), np.zeros(1))


def test_block_params_wrong_shapes() -> None:
    p = _random_block(4, 8, 0)
    with pytest.raises(ValueError, match=_named("b_1")):
        dataclasses.replace(p, b_1=np.zeros(4))
    with pytest.raises(ValueError, match=_named("W_k")):
        dataclasses.replace(p, W_k=np.zeros((4, 5)))
    with pytest.raises(ValueError, match=_named("W_q")):
        dataclasses.replace(p, W_q=np.zeros((4, 5)))
    with pytest.raises(ValueError, match=_named("W_1")):
        dataclasses.replace(p, W_1=np.zeros((5, 8)))
    with pytest.raises(ValueError, match=_named("ln2_gamma")):
        dataclasses.replace(p, ln2_gamma=np.full(4, np.inf))


def test_lm_params_wrong_shapes() -> None:
    p = init_lm_params(5, 4, 8, 2, 16, 1, np.random.default_rng(0))
    with pytest.raises(ValueError, match=_named("position_embedding")):
        dataclasses.replace(p, position_embedding=np.zeros((4, 6)))
    with pytest.raises(ValueError, match=_named("token_embedding")):
        dataclasses.replace(p, token_embedding=np.zeros(8))
    with pytest.raises(ValueError, match=re.escape("`blocks[0]`")):
        dataclasses.replace(p, blocks=(_random_block(6, 8, 0),))
    with pytest.raises(TypeError, match=_named("blocks")):
        dataclasses.replace(p, blocks=())
    with pytest.raises(TypeError, match=re.escape("`blocks[0]`")):
        dataclasses.replace(p, blocks=("block",))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("lnf_beta")):
        dataclasses.replace(p, lnf_beta=np.zeros(7))


def test_init_errors() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=_named("n_heads")):
        init_block_params(10, 4, 16, rng)  # 4 does not divide 10
    with pytest.raises(ValueError, match=_named("d_ff")):
        init_block_params(8, 2, 0, rng)
    with pytest.raises(TypeError, match=_named("rng")):
        init_block_params(8, 2, 16, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("n_heads")):
        init_lm_params(5, 4, 10, 3, 16, 1, rng)
    with pytest.raises(ValueError, match=_named("n_layers")):
        init_lm_params(5, 4, 8, 2, 16, 0, rng)
    with pytest.raises(TypeError, match=_named("vocab_size")):
        init_lm_params(5.0, 4, 8, 2, 16, 1, rng)  # type: ignore[arg-type]


def test_transformer_block_errors() -> None:
    p = _random_block(8, 8, 0)
    x = np.ones((3, 8))
    with pytest.raises(ValueError, match=_named("n_heads")):
        transformer_block(x, p, 3)  # 3 does not divide 8
    with pytest.raises(ValueError, match=_named("x")):
        transformer_block(np.ones((3, 6)), p, 2)
    with pytest.raises(ValueError, match=_named("x")):
        transformer_block(np.ones(8), p, 2)
    with pytest.raises(TypeError, match=_named("params")):
        transformer_block(x, {"W_q": np.eye(8)}, 2)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=_named("causal")):
        transformer_block(x, p, 2, causal=1)  # type: ignore[arg-type]


def test_lm_errors() -> None:
    p = init_lm_params(5, 4, 8, 2, 16, 1, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"`tokens`.*position table"):
        lm_logits([0, 1, 2, 3, 4], p, 2)  # 5 tokens, 4 positions
    with pytest.raises(ValueError, match=_named("tokens")):
        lm_logits([0, 5], p, 2)  # id 5 in a vocabulary of 5
    with pytest.raises(ValueError, match=_named("tokens")):
        lm_logits([0.5, 1.0], p, 2)
    with pytest.raises(TypeError, match=_named("tokens")):
        lm_logits([True, False], p, 2)
    with pytest.raises(ValueError, match=_named("tokens")):
        lm_logits(np.zeros((1, 1, 2), dtype=int), p, 2)
    with pytest.raises(ValueError, match=_named("n_heads")):
        lm_logits([0, 1], p, 3)
    with pytest.raises(TypeError, match=_named("params")):
        lm_logits([0, 1], p.blocks[0], 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("tokens")):
        lm_attention_weights([], p, 2)


def test_next_token_loss_errors() -> None:
    with pytest.raises(ValueError, match=_named("targets")):
        next_token_loss(np.zeros((3, 4)), [0, 1])
    with pytest.raises(ValueError, match=_named("targets")):
        next_token_loss(np.zeros((3, 4)), [0, 1, 4])
    with pytest.raises(ValueError, match=_named("logits")):
        next_token_loss(np.zeros(4), 0)


def test_vocabulary_errors() -> None:
    with pytest.raises(ValueError, match=r"`text`.*not in `vocab`: 'z'"):
        encode_chars("abz", "ab")
    with pytest.raises(ValueError, match=_named("vocab")):
        encode_chars("ab", "aab")
    with pytest.raises(TypeError, match=_named("text")):
        encode_chars(["a"], "ab")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("text")):
        char_vocab("")
    with pytest.raises(TypeError, match=_named("text")):
        char_vocab(b"abc")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("ids")):
        decode_chars([0, 2], "ab")
    with pytest.raises(ValueError, match=_named("ids")):
        decode_chars([[0, 1]], "ab")
    with pytest.raises(TypeError, match=_named("vocab")):
        decode_chars([0], None)  # type: ignore[arg-type]


def test_generate_errors() -> None:
    p = init_lm_params(5, 4, 8, 2, 16, 1, np.random.default_rng(0))
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=_named("temperature")):
        generate_tokens([0], p, 2, 3, rng=rng, temperature=0.0)
    with pytest.raises(ValueError, match=_named("temperature")):
        generate_tokens([0], p, 2, 3, rng=rng, temperature=-1.0)
    with pytest.raises(ValueError, match=_named("n_new")):
        generate_tokens([0], p, 2, -1, rng=rng)
    with pytest.raises(TypeError, match=_named("rng")):
        generate_tokens([0], p, 2, 3, rng=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("prompt")):
        generate_tokens([[0, 1]], p, 2, 3, rng=rng)
    with pytest.raises(ValueError, match=_named("prompt")):
        generate_tokens([7], p, 2, 3, rng=rng)
    with pytest.raises(ValueError, match=_named("top_k")):
        generate_tokens([0], p, 2, 3, rng=rng, top_k=6)
    with pytest.raises(ValueError, match=_named("n_heads")):
        generate_tokens([0], p, 3, 3, rng=rng)


# -- figures --------------------------------------------------------------------------------


def test_plot_loss_curves_draws_the_data() -> None:
    steps, train = np.arange(5), np.array([3.0, 2.5, 2.0, 1.0, 0.5])
    refs = {"ln V": 3.2, "unigram": 2.9}
    fig = plot_loss_curves(steps, train, [0, 4], [3.1, 3.5], refs)
    ax = fig.axes[0]
    lines = ax.lines
    assert_array_equal(lines[0].get_ydata(), train)
    assert_array_equal(lines[1].get_xdata(), [0, 4])
    assert_array_equal(lines[1].get_ydata(), [3.1, 3.5])
    for line, (label, level) in zip(lines[2:], refs.items(), strict=True):
        assert line.get_label() == label
        assert_array_equal(line.get_ydata(), [level, level])
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    plt.close(fig)


def test_plot_loss_curves_errors() -> None:
    with pytest.raises(ValueError, match=_named("train_loss")):
        plot_loss_curves([0, 1], [1.0], [0], [1.0], {})
    with pytest.raises(ValueError, match=_named("heldout_loss")):
        plot_loss_curves([0], [1.0], [0, 1], [1.0], {})
    with pytest.raises(TypeError, match=_named("references")):
        plot_loss_curves([0], [1.0], [0], [1.0], [("a", 1.0)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=_named("references")):
        plot_loss_curves([0], [1.0], [0], [1.0], {"a": 1, "b": 2, "c": 3, "d": 4})


def test_plot_attention_heads_draws_every_head() -> None:
    rng = np.random.default_rng(0)
    W = rng.dirichlet(np.ones(4), size=(3, 4))  # 3 heads, rows on the simplex
    fig = plot_attention_heads(W, "a b\n", titles=["x", "y", "z"])
    heads = [ax for ax in fig.axes if ax.images and ax.get_visible()]
    assert len(heads) == 3
    for ax, matrix in zip(heads, W, strict=True):
        assert_array_equal(ax.images[0].get_array(), matrix)
        assert ax.images[0].get_clim() == (0.0, 1.0)
    assert [t.get_text() for t in heads[0].get_xticklabels()] == ["a", "␣", "b", "⏎"]
    assert [ax.get_title() for ax in heads] == ["x", "y", "z"]
    colorbars = [ax for ax in fig.axes if ax.get_ylabel() == "attention weight"]
    assert len(colorbars) == 1
    plt.close(fig)


def test_plot_attention_heads_errors() -> None:
    with pytest.raises(ValueError, match=_named("weights")):
        plot_attention_heads(np.full((1, 2, 3), 0.5), "ab")
    with pytest.raises(ValueError, match=_named("weights")):
        plot_attention_heads(np.full((1, 2, 2), 1.5), "ab")
    with pytest.raises(ValueError, match=_named("chars")):
        plot_attention_heads(np.full((1, 2, 2), 0.5), "abc")
    with pytest.raises(ValueError, match=_named("titles")):
        plot_attention_heads(np.full((2, 2, 2), 0.5), "ab", titles=["one"])
    with pytest.raises(TypeError, match=_named("chars")):
        plot_attention_heads(np.full((1, 2, 2), 0.5), 12)  # type: ignore[arg-type]


def test_plot_temperature_entropy_draws_means_and_band() -> None:
    rng = np.random.default_rng(1)
    T = np.array([0.5, 1.0, 2.0])
    H = rng.uniform(0, 2, size=(20, 3))
    fig = plot_temperature_entropy(T, H, math.log(9), marked=[1.0])
    ax = fig.axes[0]
    assert_allclose(np.asarray(ax.lines[0].get_ydata()), H.mean(axis=0), rtol=1e-15)
    assert_array_equal(ax.lines[1].get_ydata(), [math.log(9)] * 2)
    assert_array_equal(ax.lines[2].get_xdata(), [1.0, 1.0])
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    plt.close(fig)


def test_plot_temperature_entropy_errors() -> None:
    with pytest.raises(ValueError, match=_named("temperatures")):
        plot_temperature_entropy([0.0, 1.0], np.ones((2, 2)), 1.0)
    with pytest.raises(ValueError, match=_named("entropies")):
        plot_temperature_entropy([0.5, 1.0], np.ones((2, 3)), 1.0)
    with pytest.raises(ValueError, match=_named("entropies")):
        plot_temperature_entropy([0.5, 1.0], -np.ones((2, 2)), 1.0)
    with pytest.raises(ValueError, match=_named("max_entropy")):
        plot_temperature_entropy([0.5, 1.0], np.ones((2, 2)), 0.0)


def test_char_label() -> None:
    assert [char_label(c) for c in "x \n"] == ["x", "␣", "⏎"]
    with pytest.raises(ValueError, match=_named("c")):
        char_label("ab")
    with pytest.raises(TypeError, match=_named("c")):
        char_label(1)  # type: ignore[arg-type]
