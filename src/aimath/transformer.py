r"""A transformer block from scratch: GPT-2's block and a tiny character-level language model.

The project page *a transformer block from scratch* assembles the pieces of
chapter 16 (:mod:`aimath.attention`) into the block of GPT-2 and nanoGPT and
trains it. This module holds the NumPy side:

* :func:`gelu` and :func:`mlp`, the position-wise feed-forward network;
* :class:`BlockParams` and :func:`init_block_params`, the weights of one block
  with GPT-2's initialisation, and :func:`transformer_block`, the pre-LayerNorm
  block :math:`x + \operatorname{MHA}(\operatorname{LN}_1 x)`, then
  :math:`x + \operatorname{MLP}(\operatorname{LN}_2 x)`;
* :class:`LMParams`, :func:`init_lm_params`, :func:`lm_logits` and
  :func:`lm_attention_weights`, a language model of ``n`` blocks with learned
  token and position embeddings, a final layer norm and a head tied to the
  token embedding;
* :func:`next_token_loss`, the cross-entropy of next-token prediction;
* :func:`char_vocab`, :func:`encode_chars` and :func:`decode_chars`, a
  character vocabulary; and :func:`generate_tokens`, autoregressive sampling
  with temperature (through :func:`aimath.sampling.sample_tokens`).

Weights are laid out inputs by outputs (``y = x @ W + b``), as in
:mod:`aimath.attention`; ``torch.nn.Linear`` stores the transpose.
Attention, the causal mask and layer norm are chapter 16's own functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, generator, integer_at_least, positive_number
from aimath.attention import causal_mask, layer_norm, multi_head_attention
from aimath.information import cross_entropy_from_logits
from aimath.sampling import sample_tokens

__all__ = [
    "BlockParams",
    "LMParams",
    "char_vocab",
    "decode_chars",
    "encode_chars",
    "gelu",
    "generate_tokens",
    "init_block_params",
    "init_lm_params",
    "lm_attention_weights",
    "lm_logits",
    "mlp",
    "next_token_loss",
    "transformer_block",
]

IntArray = NDArray[np.int64]

#: Standard deviation of GPT-2's initial weights (its ``initializer_range``).
INIT_STD = 0.02

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_erfc = np.frompyfunc(math.erfc, 1, 1)


# ---------------------------------------------------------------------------
# checks
# ---------------------------------------------------------------------------


def _shaped(value: ArrayLike, name: str, shape: tuple[int, ...], why: str = "") -> FloatArray:
    """``value`` as a finite float64 array of exactly ``shape``, read-only, or raise.

    ``why`` says where the expected sizes come from, e.g. "(d_ff: the columns of `W_1`)".
    """
    arr = as_float_array(value, name)
    if arr.shape != shape:
        msg = f"`{name}` must have shape {shape}{' ' + why if why else ''}; got {arr.shape}"
        raise ValueError(msg)
    arr = arr.copy()
    arr.flags.writeable = False
    return arr


def _heads(n_heads: object, d_model: int) -> int:
    """``n_heads`` as a positive int dividing ``d_model``, or raise naming it."""
    h = integer_at_least(n_heads, "n_heads", 1)
    if d_model % h != 0:
        msg = (
            f"`n_heads` must divide d_model = {d_model} so that every head gets "
            f"d_model / n_heads features; got n_heads = {h}"
        )
        raise ValueError(msg)
    return h


def _token_ids(tokens: ArrayLike, name: str, vocab_size: int, why: str = "") -> IntArray:
    """``tokens`` as int64 ids in ``[0, vocab_size)``, or raise naming ``name``."""
    if isinstance(tokens, (bool, np.bool_)):
        msg = f"`{name}` must be integer token ids; got a boolean"
        raise TypeError(msg)
    arr = np.asarray(tokens)
    if arr.dtype == np.bool_:
        msg = f"`{name}` must be integer token ids; got a boolean array"
        raise TypeError(msg)
    values = as_float_array(tokens, name)
    if values.ndim == 0:
        msg = f"`{name}` must be a 1-D or 2-D array of token ids; got a scalar"
        raise ValueError(msg)
    if not np.all(values == np.round(values)):
        msg = f"`{name}` must hold integer token ids; got non-integer values"
        raise ValueError(msg)
    if values.min() < 0 or values.max() >= vocab_size:
        msg = (
            f"`{name}` must hold token ids in [0, {vocab_size}) "
            f"{why or '(the vocabulary size)'}; "
            f"got ids from {values.min():g} to {values.max():g}"
        )
        raise ValueError(msg)
    return values.astype(np.int64)


# ---------------------------------------------------------------------------
# the feed-forward network
# ---------------------------------------------------------------------------


def gelu(x: ArrayLike, approximate: str = "tanh") -> FloatArray:
    r"""The Gaussian error linear unit, GPT-2's activation, in its tanh or its exact form.

    Parameters
    ----------
    x : array_like
        Pre-activations, any shape.
    approximate : {"tanh", "none"}, optional
        ``"tanh"`` (the default here, used by GPT-2 and nanoGPT) is
        ``torch.nn.GELU(approximate="tanh")``; ``"none"`` is the exact form
        with :math:`\operatorname{erf}`, ``torch.nn.GELU()``'s default.

    Returns
    -------
    ndarray, shape of ``x``
        :math:`\operatorname{GELU}(x)`, elementwise.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers or ``approximate`` is not a string.
    ValueError
        If ``x`` is empty or not finite, or ``approximate`` is neither
        ``"tanh"`` nor ``"none"``.

    Notes
    -----
    With :math:`\Phi` the standard normal cdf,

    .. math::

        \operatorname{GELU}(x) = x\,\Phi(x)
            = \tfrac12 x \left(1 + \operatorname{erf}(x/\sqrt2)\right)
        \approx \tfrac12 x \left(1 + \tanh\!\left(\sqrt{2/\pi}\,
            (x + 0.044715\, x^3)\right)\right) .

    The two forms differ by less than :math:`10^{-3}` everywhere. The tanh
    form is GPT-2's (``gelu_new`` in Hugging Face). Both are evaluated
    without the cancellation of :math:`1 + \tanh u` or :math:`1 + \operatorname{erf}`
    for negative :math:`x`, as :math:`x / (1 + e^{-2u})` and
    :math:`\tfrac12 x \operatorname{erfc}(-x/\sqrt2)`; the exact form calls
    :func:`math.erfc` element by element, which is slow for large arrays.

    References
    ----------
    D. Hendrycks and K. Gimpel, "Gaussian Error Linear Units (GELUs)", 2016.

    Examples
    --------
    >>> gelu([0.0, 1.0], approximate="none").round(12).tolist()  # x * Phi(x)
    [0.0, 0.841344746069]
    >>> float(gelu(1.0).round(6))                                # tanh form
    0.841192
    """
    z = as_float_array(x, "x")
    mode: object = approximate  # checked at run time: callers may pass anything
    if not isinstance(mode, str):
        msg = f'`approximate` must be "tanh" or "none"; got {type(approximate).__name__}'
        raise TypeError(msg)
    if approximate == "tanh":
        with np.errstate(over="ignore"):  # x^3 and exp may overflow to inf: limits are right
            u = _SQRT_2_OVER_PI * (z + 0.044715 * z**3)
            # (1 + tanh u) / 2 = 1 / (1 + e^{-2u}): no cancellation for u << 0
            out: FloatArray = z / (1.0 + np.exp(-2.0 * u))
        return out
    if approximate == "none":
        # (1 + erf(x / sqrt 2)) / 2 = erfc(-x / sqrt 2) / 2: no cancellation for x << 0
        erfc = np.asarray(_erfc(-z / math.sqrt(2.0)), dtype=np.float64)  # math.erfc, elementwise
        exact: FloatArray = 0.5 * z * erfc
        return exact
    msg = f'`approximate` must be "tanh" or "none"; got {approximate!r}'
    raise ValueError(msg)


def mlp(x: ArrayLike, W_1: ArrayLike, b_1: ArrayLike, W_2: ArrayLike, b_2: ArrayLike) -> FloatArray:
    r"""The position-wise feed-forward network of a transformer block.

    Parameters
    ----------
    x : array_like, shape (..., d_model)
        Token vectors; each is transformed on its own.
    W_1 : array_like, shape (d_model, d_ff)
        Expansion, inputs by outputs (GPT-2's ``c_fc``; ``d_ff = 4 d_model``).
    b_1 : array_like, shape (d_ff,)
    W_2 : array_like, shape (d_ff, d_model)
        Projection back to the residual stream (GPT-2's ``c_proj``).
    b_2 : array_like, shape (d_model,)

    Returns
    -------
    ndarray, shape of ``x``
        :math:`\operatorname{GELU}(xW_1 + b_1)\,W_2 + b_2`, with the tanh GELU.

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If an argument is not finite or the shapes do not fit together.

    Notes
    -----
    .. math::

        \operatorname{MLP}(x) = \operatorname{GELU}(x W_1 + b_1)\, W_2 + b_2 .

    It acts on every token separately: no information moves between positions.

    Examples
    --------
    >>> x = np.array([[1.0, -1.0]])           # one token, d_model = 2
    >>> mlp(x, np.eye(2), np.zeros(2), np.eye(2), np.zeros(2)).round(6).tolist()
    [[0.841192, -0.158808]]
    """
    x_ = as_float_array(x, "x")
    if x_.ndim < 1:
        msg = "`x` must be at least 1-D with shape (..., d_model); got a scalar"
        raise ValueError(msg)
    d_model = x_.shape[-1]
    W1 = as_float_array(W_1, "W_1")
    if W1.ndim != 2 or W1.shape[0] != d_model:
        msg = (
            f"`W_1` must have shape (d_model, d_ff) with d_model = {d_model}, the last axis "
            f"of `x` of shape {x_.shape}; got {W1.shape}"
        )
        raise ValueError(msg)
    d_ff = W1.shape[1]
    b1 = _shaped(b_1, "b_1", (d_ff,), "(d_ff: the columns of `W_1`)")
    W2 = _shaped(W_2, "W_2", (d_ff, d_model), "(d_ff from `W_1`, d_model from `x`)")
    b2 = _shaped(b_2, "b_2", (d_model,), "(d_model: the last axis of `x`)")
    hidden = gelu(x_ @ W1 + b1)  # (..., d_ff)
    out: FloatArray = hidden @ W2 + b2  # (..., d_model)
    return out


# ---------------------------------------------------------------------------
# one block
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockParams:
    r"""The weights of one pre-LayerNorm transformer block (GPT-2 layout), as read-only arrays.

    Matrices are inputs by outputs. On construction every field is checked
    (finite, consistent shapes) and copied into a read-only float64 array, so
    a ``BlockParams`` cannot change after it is made; use
    :func:`dataclasses.replace` to derive a modified one.

    The fields:

    ln1_gamma, ln1_beta : ndarray, shape (d_model,)
        Layer norm before attention.
    W_q, W_k, W_v, W_o : ndarray, shape (d_model, d_model)
        Attention projections (GPT-2's ``c_attn`` split in three, and ``c_proj``).
    b_q, b_k, b_v, b_o : ndarray, shape (d_model,)
        Their biases.
    ln2_gamma, ln2_beta : ndarray, shape (d_model,)
        Layer norm before the MLP.
    W_1, b_1, W_2, b_2 : ndarray
        The MLP, :func:`mlp`, with shapes (d_model, d_ff), (d_ff,),
        (d_ff, d_model) and (d_model,).

    Raises
    ------
    TypeError
        If a field is not array-like of real numbers.
    ValueError
        If a field is not finite or its shape does not fit ``W_q`` (which sets
        ``d_model``) and ``W_1`` (which sets ``d_ff``).
    """

    ln1_gamma: FloatArray
    ln1_beta: FloatArray
    W_q: FloatArray
    W_k: FloatArray
    W_v: FloatArray
    W_o: FloatArray
    b_q: FloatArray
    b_k: FloatArray
    b_v: FloatArray
    b_o: FloatArray
    ln2_gamma: FloatArray
    ln2_beta: FloatArray
    W_1: FloatArray
    b_1: FloatArray
    W_2: FloatArray
    b_2: FloatArray

    def __post_init__(self) -> None:
        Wq = as_float_array(self.W_q, "W_q")
        if Wq.ndim != 2 or Wq.shape[0] != Wq.shape[1]:
            msg = f"`W_q` must be a square (d_model, d_model) matrix; got shape {Wq.shape}"
            raise ValueError(msg)
        d = Wq.shape[0]
        W1 = as_float_array(self.W_1, "W_1")
        if W1.ndim != 2 or W1.shape[0] != d:
            msg = f"`W_1` must have shape (d_model, d_ff) with d_model = {d}; got {W1.shape}"
            raise ValueError(msg)
        d_ff = W1.shape[1]
        shapes = {"W_1": (d, d_ff), "b_1": (d_ff,), "W_2": (d_ff, d)}
        for field in fields(self):
            name = field.name
            shape = shapes.get(name, (d, d) if name.startswith("W_") else (d,))
            object.__setattr__(self, name, _shaped(getattr(self, name), name, shape))

    @property
    def d_model(self) -> int:
        """Width of the residual stream."""
        return int(self.W_q.shape[0])

    @property
    def d_ff(self) -> int:
        """Width of the MLP's hidden layer."""
        return int(self.W_1.shape[1])

    @property
    def n_parameters(self) -> int:
        """Number of scalar parameters, :math:`4d^2 + 2 d\\,d_\\text{ff} + 9d + d_\\text{ff}`."""
        return sum(int(getattr(self, f.name).size) for f in fields(self))


def init_block_params(
    d_model: int, n_heads: int, d_ff: int, rng: np.random.Generator, *, n_layers: int = 1
) -> BlockParams:
    r"""GPT-2's initialisation of one block: small Gaussian weights, zero biases, unit gains.

    Parameters
    ----------
    d_model : int
        Width of the residual stream, positive.
    n_heads : int
        Number of attention heads; must divide ``d_model``.
    d_ff : int
        Width of the MLP's hidden layer (``4 * d_model`` in GPT-2), positive.
    rng : numpy.random.Generator
        Source of the Gaussian weights.
    n_layers : int, optional
        Number of blocks in the model, which scales the residual projections.

    Returns
    -------
    BlockParams
        Weights :math:`\mathcal N(0, 0.02^2)`, except the two projections
        into the residual stream, ``W_o`` and ``W_2``, with standard deviation
        :math:`0.02/\sqrt{2 n_\text{layers}}`; biases 0, layer-norm gains 1 and shifts 0.

    Raises
    ------
    TypeError
        If a size is not an integer or ``rng`` is not a Generator.
    ValueError
        If a size is not positive or ``n_heads`` does not divide ``d_model``.

    Notes
    -----
    Each block adds two terms to the residual stream, so after
    :math:`n_\text{layers}` blocks it is a sum of :math:`2 n_\text{layers}`
    roughly independent terms; scaling their projections by
    :math:`1/\sqrt{2 n_\text{layers}}` keeps its variance independent of depth.

    References
    ----------
    A. Radford et al., "Language Models are Unsupervised Multitask Learners",
    OpenAI, 2019, §2.3.

    Examples
    --------
    >>> p = init_block_params(8, 2, 32, np.random.default_rng(0))
    >>> p.W_q.shape, p.W_1.shape, p.n_parameters    # 4*64 + 2*8*32 + 9*8 + 32
    ((8, 8), (8, 32), 872)
    """
    d = integer_at_least(d_model, "d_model", 1)
    _heads(n_heads, d)
    f = integer_at_least(d_ff, "d_ff", 1)
    n = integer_at_least(n_layers, "n_layers", 1)
    gen = generator(rng)
    resid_std = INIT_STD / math.sqrt(2 * n)
    ones, zeros = np.ones(d), np.zeros(d)
    W_q, W_k, W_v = (INIT_STD * gen.standard_normal((d, d)) for _ in range(3))
    return BlockParams(
        ln1_gamma=ones,
        ln1_beta=zeros,
        W_q=W_q,
        W_k=W_k,
        W_v=W_v,
        W_o=resid_std * gen.standard_normal((d, d)),
        b_q=zeros,
        b_k=zeros,
        b_v=zeros,
        b_o=zeros,
        ln2_gamma=ones,
        ln2_beta=zeros,
        W_1=INIT_STD * gen.standard_normal((d, f)),
        b_1=np.zeros(f),
        W_2=resid_std * gen.standard_normal((f, d)),
        b_2=zeros,
    )


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        msg = f"`{name}` must be True or False; got {type(value).__name__}"
        raise TypeError(msg)
    return bool(value)


def _block_params(params: object, name: str = "params") -> BlockParams:
    if not isinstance(params, BlockParams):
        msg = f"`{name}` must be a BlockParams; got {type(params).__name__}"
        raise TypeError(msg)
    return params


def transformer_block(
    x: ArrayLike, params: BlockParams, n_heads: int, causal: bool = True
) -> tuple[FloatArray, FloatArray]:
    r"""One pre-LayerNorm transformer block (GPT-2): attention, then the MLP, each on a residual.

    Parameters
    ----------
    x : array_like, shape (T, d_model) or (B, T, d_model)
        The residual stream: one vector per token.
    params : BlockParams
        The block's weights (:func:`init_block_params`).
    n_heads : int
        Number of attention heads; must divide ``d_model``.
    causal : bool, optional
        Whether token :math:`t` may only attend to tokens :math:`\le t`
        (:func:`aimath.attention.causal_mask`); True for a language model.

    Returns
    -------
    output : ndarray, shape of ``x``
        The updated residual stream.
    weights : ndarray, shape (H, T, T) or (B, H, T, T)
        The attention weights of every head.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers, ``params`` is not a
        :class:`BlockParams`, ``n_heads`` is not an integer or ``causal`` not a bool.
    ValueError
        If ``x`` is not a finite 2-D or 3-D array whose last axis is
        ``params.d_model``, or ``n_heads`` is not positive or does not divide it.

    Notes
    -----
    .. math::

        h &= x + \operatorname{MHA}\!\left(\operatorname{LN}_1(x)\right), \\
        \text{output} &= h + \operatorname{MLP}\!\left(\operatorname{LN}_2(h)\right),

    with :func:`aimath.attention.multi_head_attention`,
    :func:`aimath.attention.layer_norm` (:math:`\varepsilon = 10^{-5}`) and
    :func:`mlp`. Normalising the *input* of each sublayer (pre-LN, GPT-2)
    instead of its output (post-LN, the original transformer) leaves an
    identity path from the input to the output of the whole stack.

    References
    ----------
    A. Radford et al., "Language Models are Unsupervised Multitask Learners",
    OpenAI, 2019, §2.3; R. Xiong et al., "On Layer Normalization in the
    Transformer Architecture", ICML 2020.

    Examples
    --------
    >>> p = init_block_params(8, 2, 32, np.random.default_rng(0))
    >>> x = np.random.default_rng(1).normal(size=(5, 8))   # 5 tokens
    >>> out, w = transformer_block(x, p, n_heads=2)
    >>> out.shape, w.shape
    ((5, 8), (2, 5, 5))
    >>> bool(np.all(w[:, 0, 1:] == 0.0))                   # token 0 sees only itself
    True
    """
    p = _block_params(params)
    x_ = as_float_array(x, "x")
    if x_.ndim not in (2, 3) or x_.shape[-1] != p.d_model:
        msg = (
            f"`x` must have shape (T, d_model) or (B, T, d_model) with d_model = {p.d_model} "
            f"(the width of `params`); got shape {x_.shape}"
        )
        raise ValueError(msg)
    h = _heads(n_heads, p.d_model)
    mask = causal_mask(x_.shape[-2]) if _flag(causal, "causal") else None
    a, weights = multi_head_attention(
        layer_norm(x_, p.ln1_gamma, p.ln1_beta),
        p.W_q,
        p.W_k,
        p.W_v,
        p.W_o,
        h,
        mask=mask,
        biases=(p.b_q, p.b_k, p.b_v, p.b_o),
    )
    x_ = x_ + a  # (…, T, d_model) residual after attention
    out = x_ + mlp(layer_norm(x_, p.ln2_gamma, p.ln2_beta), p.W_1, p.b_1, p.W_2, p.b_2)
    return out, weights


# ---------------------------------------------------------------------------
# a tiny language model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LMParams:
    r"""The weights of a GPT-style language model, as read-only arrays.

    The fields:

    token_embedding : ndarray, shape (V, d_model)
        One learned vector per vocabulary entry; also the output head (tied
        weights, as in GPT-2): the logits are :math:`h E^\top`.
    position_embedding : ndarray, shape (context_length, d_model)
        One learned vector per position; its length is the longest input.
    blocks : tuple of BlockParams
        The transformer blocks, applied in order; each of width ``d_model``.
    lnf_gamma, lnf_beta : ndarray, shape (d_model,)
        The final layer norm.

    Raises
    ------
    TypeError
        If an array field is not array-like of real numbers or ``blocks`` is
        not a non-empty tuple or list of :class:`BlockParams`.
    ValueError
        If an array is not finite or the widths disagree.
    """

    token_embedding: FloatArray
    position_embedding: FloatArray
    blocks: tuple[BlockParams, ...]
    lnf_gamma: FloatArray
    lnf_beta: FloatArray

    def __post_init__(self) -> None:
        E = as_float_array(self.token_embedding, "token_embedding")
        if E.ndim != 2:
            msg = f"`token_embedding` must be a (V, d_model) matrix; got shape {E.shape}"
            raise ValueError(msg)
        v, d = E.shape
        P = as_float_array(self.position_embedding, "position_embedding")
        if P.ndim != 2 or P.shape[1] != d:
            msg = (
                f"`position_embedding` must have shape (context_length, d_model) with "
                f"d_model = {d}; got {P.shape}"
            )
            raise ValueError(msg)
        blocks: object = self.blocks
        if not isinstance(blocks, (tuple, list)) or len(blocks) == 0:
            msg = f"`blocks` must be a non-empty tuple of BlockParams; got {type(blocks).__name__}"
            raise TypeError(msg)
        for i, block in enumerate(blocks):
            b = _block_params(block, f"blocks[{i}]")
            if b.d_model != d:
                msg = f"`blocks[{i}]` must have d_model = {d}; got {b.d_model}"
                raise ValueError(msg)
        object.__setattr__(self, "blocks", tuple(blocks))
        object.__setattr__(self, "token_embedding", _shaped(E, "token_embedding", (v, d)))
        object.__setattr__(self, "position_embedding", _shaped(P, "position_embedding", P.shape))
        for name in ("lnf_gamma", "lnf_beta"):
            object.__setattr__(self, name, _shaped(getattr(self, name), name, (d,)))

    @property
    def vocab_size(self) -> int:
        """Number of tokens in the vocabulary, ``V``."""
        return int(self.token_embedding.shape[0])

    @property
    def context_length(self) -> int:
        """The longest input, which is the number of learned positions."""
        return int(self.position_embedding.shape[0])

    @property
    def d_model(self) -> int:
        """Width of the residual stream."""
        return int(self.token_embedding.shape[1])

    @property
    def n_layers(self) -> int:
        """Number of blocks."""
        return len(self.blocks)

    @property
    def n_parameters(self) -> int:
        """Number of scalar parameters (the tied head counted once)."""
        arrays = self.token_embedding.size + self.position_embedding.size + 2 * self.d_model
        return int(arrays) + sum(b.n_parameters for b in self.blocks)


def init_lm_params(
    vocab_size: int,
    context_length: int,
    d_model: int,
    n_heads: int,
    d_ff: int,
    n_layers: int,
    rng: np.random.Generator,
) -> LMParams:
    r"""GPT-2's initialisation of a language model of ``n_layers`` blocks.

    Parameters
    ----------
    vocab_size : int
        Number of tokens ``V``, positive.
    context_length : int
        Number of learned positions (the longest input), positive.
    d_model, n_heads, d_ff : int
        As in :func:`init_block_params`.
    n_layers : int
        Number of blocks, positive.
    rng : numpy.random.Generator
        Source of the Gaussian weights.

    Returns
    -------
    LMParams
        Embeddings :math:`\mathcal N(0, 0.02^2)`, blocks from
        :func:`init_block_params`, final layer norm with gain 1 and shift 0.

    Raises
    ------
    TypeError
        If a size is not an integer or ``rng`` is not a Generator.
    ValueError
        If a size is not positive or ``n_heads`` does not divide ``d_model``.

    Notes
    -----
    With weights this small every logit is close to 0, so the first
    prediction is close to uniform and the first loss close to
    :math:`\ln V`.

    Examples
    --------
    >>> p = init_lm_params(10, 16, 8, 2, 32, 2, np.random.default_rng(0))
    >>> p.vocab_size, p.context_length, p.n_layers, p.n_parameters  # 80 + 128 + 16 + 2 * 872
    (10, 16, 2, 1968)
    """
    v = integer_at_least(vocab_size, "vocab_size", 1)
    t = integer_at_least(context_length, "context_length", 1)
    d = integer_at_least(d_model, "d_model", 1)
    n = integer_at_least(n_layers, "n_layers", 1)
    gen = generator(rng)
    _heads(n_heads, d)
    integer_at_least(d_ff, "d_ff", 1)
    E = INIT_STD * gen.standard_normal((v, d))
    P = INIT_STD * gen.standard_normal((t, d))
    blocks = tuple(init_block_params(d, n_heads, d_ff, gen, n_layers=n) for _ in range(n))
    return LMParams(E, P, blocks, np.ones(d), np.zeros(d))


def _lm_params(params: object) -> LMParams:
    if not isinstance(params, LMParams):
        msg = f"`params` must be an LMParams; got {type(params).__name__}"
        raise TypeError(msg)
    return params


def _forward(
    tokens: ArrayLike, params: LMParams, n_heads: int
) -> tuple[FloatArray, list[FloatArray]]:
    """Logits and the attention weights of every block."""
    p = _lm_params(params)
    ids = _token_ids(tokens, "tokens", p.vocab_size)
    if ids.ndim > 2:
        msg = f"`tokens` must be 1-D (T,) or 2-D (B, T); got shape {ids.shape}"
        raise ValueError(msg)
    t = ids.shape[-1]
    if t > p.context_length:
        msg = (
            f"`tokens` has {t} positions, longer than the position table of `params` "
            f"(context_length = {p.context_length}); crop it to the last {p.context_length}"
        )
        raise ValueError(msg)
    h = _heads(n_heads, p.d_model)
    x = p.token_embedding[ids] + p.position_embedding[:t]  # (…, T, d_model)
    weights = []
    for block in p.blocks:
        x, w = transformer_block(x, block, h)
        weights.append(w)
    logits: FloatArray = layer_norm(x, p.lnf_gamma, p.lnf_beta) @ p.token_embedding.T
    return logits, weights  # (…, T, V), n_layers x (…, H, T, T)


def lm_logits(tokens: ArrayLike, params: LMParams, n_heads: int) -> FloatArray:
    r"""Next-token logits of a GPT-style language model at every position.

    Parameters
    ----------
    tokens : array_like of int, shape (T,) or (B, T)
        Token ids in ``[0, V)``, at most ``params.context_length`` of them per sequence.
    params : LMParams
        The model's weights (:func:`init_lm_params`).
    n_heads : int
        Number of attention heads per block; must divide ``d_model``.

    Returns
    -------
    ndarray, shape (T, V) or (B, T, V)
        Row :math:`t` scores the token that follows ``tokens[..., t]``, having
        seen only ``tokens[..., :t + 1]``.

    Raises
    ------
    TypeError
        If ``tokens`` is not array-like of numbers, ``params`` is not an
        :class:`LMParams` or ``n_heads`` is not an integer.
    ValueError
        If ``tokens`` holds non-integers or ids outside ``[0, V)``, is not 1-D
        or 2-D, or is longer than the position table; or ``n_heads`` is not
        positive or does not divide ``d_model``.

    Notes
    -----
    With token embedding :math:`E`, position embedding :math:`P` and the
    blocks :math:`f_1, \dots, f_L` (:func:`transformer_block`, causal),

    .. math::

        x^{(0)}_t = E_{\text{tokens}_t} + P_t, \qquad
        x^{(\ell)} = f_\ell\bigl(x^{(\ell - 1)}\bigr), \qquad
        \text{logits} = \operatorname{LN}_f\bigl(x^{(L)}\bigr)\, E^\top .

    Examples
    --------
    >>> p = init_lm_params(10, 16, 8, 2, 32, 1, np.random.default_rng(0))
    >>> z = lm_logits([3, 1, 4, 1, 5], p, n_heads=2)
    >>> z.shape, bool(np.abs(z).max() < 1)    # small initial weights: near-uniform
    ((5, 10), True)
    """
    return _forward(tokens, params, n_heads)[0]


def lm_attention_weights(tokens: ArrayLike, params: LMParams, n_heads: int) -> FloatArray:
    r"""The attention weights of every block and head of a language model on ``tokens``.

    Parameters
    ----------
    tokens, params, n_heads
        As in :func:`lm_logits`.

    Returns
    -------
    ndarray, shape (n_layers, H, T, T) or (n_layers, B, H, T, T)
        Entry ``[l, ..., h, i, j]`` is the weight query ``i`` gives to key
        ``j`` in head ``h`` of block ``l``; zero for :math:`j > i`.

    Raises
    ------
    TypeError, ValueError
        As :func:`lm_logits`.

    Notes
    -----
    Each row is a softmax over the keys :math:`j \le i`,
    :math:`\sum_{j \le i} A_{ij} = 1` (:func:`aimath.attention.scaled_dot_product_attention`).

    Examples
    --------
    >>> p = init_lm_params(10, 16, 8, 2, 32, 1, np.random.default_rng(0))
    >>> A = lm_attention_weights([3, 1, 4], p, n_heads=2)
    >>> A.shape, bool(np.allclose(A.sum(axis=-1), 1.0))
    ((1, 2, 3, 3), True)
    """
    return np.stack(_forward(tokens, params, n_heads)[1])


def next_token_loss(logits: ArrayLike, targets: ArrayLike) -> float:
    r"""Mean cross-entropy, in nats, of next-token logits against the tokens that follow.

    Parameters
    ----------
    logits : array_like, shape (..., T, V)
        Scores of the next token at every position (e.g. :func:`lm_logits`).
    targets : array_like of int, shape (..., T)
        The tokens that actually follow: ``tokens[..., 1:]`` for logits
        computed from ``tokens[..., :-1]``.

    Returns
    -------
    float
        :math:`-\frac1N \sum_n \log \operatorname{softmax}(z_n)_{y_n}` over all
        :math:`N` positions, as ``torch.nn.functional.cross_entropy``.

    Raises
    ------
    TypeError
        If an argument is not array-like of numbers.
    ValueError
        If ``logits`` is not a finite array of at least 2-D, or ``targets``
        does not have its leading shape or holds ids outside ``[0, V)``.

    Notes
    -----
    Computed by :func:`aimath.information.cross_entropy_from_logits` (log-sum-exp):

    .. math:: \ell = \frac1N \sum_n \Bigl(\log \sum_v e^{z_{nv}} - z_{n y_n}\Bigr) .

    A model that predicts the uniform distribution over ``V`` tokens scores
    exactly :math:`\ln V`.

    Examples
    --------
    >>> next_token_loss(np.zeros((3, 4)), [0, 2, 3]) == math.log(4)   # uniform: ln V
    True
    """
    z = as_float_array(logits, "logits")
    if z.ndim < 2:
        msg = f"`logits` must be at least 2-D with shape (..., T, V); got shape {z.shape}"
        raise ValueError(msg)
    y = _token_ids(targets, "targets", z.shape[-1], "(the last axis of `logits`)")
    if y.shape != z.shape[:-1]:
        msg = (
            f"`targets` must have shape {z.shape[:-1]}, one id per position of `logits` "
            f"{z.shape}; got shape {y.shape}"
        )
        raise ValueError(msg)
    return cross_entropy_from_logits(z.reshape(-1, z.shape[-1]), y.reshape(-1))


# ---------------------------------------------------------------------------
# characters and sampling
# ---------------------------------------------------------------------------


def _text(text: object, name: str) -> str:
    if not isinstance(text, str):
        msg = f"`{name}` must be a string; got {type(text).__name__}"
        raise TypeError(msg)
    if not text:
        msg = f"`{name}` must not be empty"
        raise ValueError(msg)
    return text


def _vocab(vocab: object) -> str:
    v = _text(vocab, "vocab")
    if len(set(v)) != len(v):
        msg = "`vocab` must list each character once (e.g. from char_vocab); got repeats"
        raise ValueError(msg)
    return v


def char_vocab(text: str) -> str:
    r"""The character vocabulary of a text: its distinct characters, sorted.

    Parameters
    ----------
    text : str
        A non-empty text.

    Returns
    -------
    str
        Each character of ``text`` once, in code-point order; character
        ``vocab[i]`` is token ``i``.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    ValueError
        If ``text`` is empty.

    Notes
    -----
    A character-level tokenizer: :math:`V` is small (tens of symbols) and no
    text is ever out of vocabulary if the vocabulary comes from the same text.

    Examples
    --------
    >>> char_vocab("hello")
    'ehlo'
    """
    return "".join(sorted(set(_text(text, "text"))))


def encode_chars(text: str, vocab: str) -> IntArray:
    r"""Token ids of the characters of ``text`` in ``vocab``.

    Parameters
    ----------
    text : str
        Non-empty text whose characters all occur in ``vocab``.
    vocab : str
        The vocabulary, each character once (:func:`char_vocab`).

    Returns
    -------
    ndarray of int64, shape (len(text),)
        ``ids[i] = vocab.index(text[i])``.

    Raises
    ------
    TypeError
        If ``text`` or ``vocab`` is not a string.
    ValueError
        If either is empty, ``vocab`` repeats a character, or ``text`` has a
        character that is not in ``vocab``.

    Notes
    -----
    :func:`decode_chars` is its inverse: ``decode_chars(encode_chars(s, v), v) == s``.

    Examples
    --------
    >>> encode_chars("hello", "ehlo").tolist()
    [1, 0, 2, 2, 3]
    """
    s = _text(text, "text")
    index = {c: i for i, c in enumerate(_vocab(vocab))}
    unknown = sorted(set(s) - set(index))
    if unknown:
        msg = f"`text` has characters that are not in `vocab`: {''.join(unknown)!r}"
        raise ValueError(msg)
    return np.array([index[c] for c in s], dtype=np.int64)


def decode_chars(ids: ArrayLike, vocab: str) -> str:
    r"""The text spelled by token ids in a character vocabulary.

    Parameters
    ----------
    ids : array_like of int, shape (n,)
        Token ids in ``[0, len(vocab))``.
    vocab : str
        The vocabulary, each character once (:func:`char_vocab`).

    Returns
    -------
    str
        ``"".join(vocab[i] for i in ids)``.

    Raises
    ------
    TypeError
        If ``ids`` is not array-like of numbers or ``vocab`` is not a string.
    ValueError
        If ``ids`` is not a 1-D array of integer ids in range, or ``vocab`` is
        empty or repeats a character.

    Notes
    -----
    The inverse of :func:`encode_chars`.

    Examples
    --------
    >>> decode_chars([1, 0, 2, 2, 3], "ehlo")
    'hello'
    """
    v = _vocab(vocab)
    i = _token_ids(ids, "ids", len(v))
    if i.ndim != 1:
        msg = f"`ids` must be a 1-D sequence of token ids; got shape {i.shape}"
        raise ValueError(msg)
    return "".join(v[k] for k in i.tolist())


def generate_tokens(
    prompt: ArrayLike,
    params: LMParams,
    n_heads: int,
    n_new: int,
    *,
    rng: np.random.Generator,
    temperature: float = 1.0,
    top_k: int | None = None,
) -> IntArray:
    r"""Autoregressive sampling: extend ``prompt`` by ``n_new`` tokens, one at a time.

    Parameters
    ----------
    prompt : array_like of int, shape (T0,)
        Token ids to start from, at least one.
    params : LMParams
        The model.
    n_heads : int
        Number of attention heads per block.
    n_new : int
        Number of tokens to generate, at least 0.
    rng : numpy.random.Generator
        The source of randomness; the same seed gives the same text.
    temperature : float, optional
        :math:`T > 0`; the next token is drawn from
        :math:`\operatorname{softmax}(z/T)` (:func:`aimath.sampling.apply_temperature`).
    top_k : int, optional
        If given, sample only among the ``top_k`` most likely tokens.

    Returns
    -------
    ndarray of int64, shape (T0 + n_new,)
        The prompt followed by the generated tokens.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``prompt`` is not a 1-D array of valid ids, ``n_new`` is negative,
        ``temperature`` is not positive, or ``top_k`` is not in ``[1, V]``.

    Notes
    -----
    At each step the model sees the last ``context_length`` tokens at most
    (older ones are cropped, as in nanoGPT) and the next token is drawn by
    :func:`aimath.sampling.sample_tokens` from

    .. math:: x_{t+1} \sim \operatorname{softmax}\bigl(z_t / T\bigr), \qquad
              z_t = \text{lm\_logits}(x_{\le t})_t .

    Examples
    --------
    >>> p = init_lm_params(10, 4, 8, 2, 32, 1, np.random.default_rng(0))
    >>> out = generate_tokens([3, 1], p, 2, 6, rng=np.random.default_rng(1), temperature=0.5)
    >>> out.shape, out[:2].tolist()
    ((8,), [3, 1])
    """
    p = _lm_params(params)
    ids = _token_ids(prompt, "prompt", p.vocab_size)
    if ids.ndim != 1:
        msg = f"`prompt` must be a 1-D sequence of token ids; got shape {ids.shape}"
        raise ValueError(msg)
    n = integer_at_least(n_new, "n_new", 0)
    gen = generator(rng)
    temp = positive_number(temperature, "temperature")
    h = _heads(n_heads, p.d_model)
    if top_k is not None:
        k = integer_at_least(top_k, "top_k", 1)
        if k > p.vocab_size:
            msg = f"`top_k` must be in [1, {p.vocab_size}] (the vocabulary size); got {k}"
            raise ValueError(msg)
    out = list(ids.tolist())
    for _ in range(n):
        context = out[-p.context_length :]
        logits = _forward(np.asarray(context), p, h)[0][-1]  # (V,) scores of the next token
        nxt = sample_tokens(logits, 1, rng=gen, temperature=temp, top_k=top_k)
        out.append(int(nxt[0]))
    return np.asarray(out, dtype=np.int64)
