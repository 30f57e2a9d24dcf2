r"""Attention and transformers: the mathematics of one transformer layer.

Chapter 16 of the book. Scaled dot-product attention
(:func:`scaled_dot_product_attention`) is a soft dictionary lookup: every
query scores every key, a softmax turns the scores into weights, and the
output is the weighted average of the values. Masks (:func:`causal_mask`)
decide which keys a query may see; several heads (:func:`split_heads`,
:func:`merge_heads`, :func:`multi_head_attention`) attend in parallel
subspaces. Attention by itself ignores order, so positions are injected with
sinusoidal encodings (:func:`sinusoidal_positional_encoding`) or rotations
(:func:`rope`), and :func:`layer_norm` keeps the activations of every token on
a fixed scale. :func:`simulate_score_variance` measures why scores are
divided by :math:`\sqrt{d_k}`.

Weights are laid out as in the paper and in :mod:`aimath.tensors`, inputs by
outputs (``Q = x @ W_q``); ``torch.nn.Linear`` stores the transpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_float_array,
    as_matrix,
    as_vector,
    generator,
    integer_at_least,
    positive_number,
)
from aimath.tensors import attention_scores, broadcast_shape, qkv_projections

__all__ = [
    "causal_mask",
    "layer_norm",
    "merge_heads",
    "multi_head_attention",
    "rope",
    "scaled_dot_product_attention",
    "simulate_score_variance",
    "sinusoidal_positional_encoding",
    "split_heads",
]

BoolArray = NDArray[np.bool_]


def _at_least_2d(x: ArrayLike, name: str, width: str) -> FloatArray:
    """``x`` as a finite float64 array of shape (..., tokens, width), or raise naming it."""
    arr = as_float_array(x, name)
    if arr.ndim < 2:
        msg = (
            f"`{name}` must be at least 2-D with shape (..., tokens, {width}); "
            f"got shape {arr.shape}"
        )
        raise ValueError(msg)
    return arr


def _mask(mask: object, scores_shape: tuple[int, ...]) -> tuple[BoolArray, FloatArray | None]:
    """Split ``mask`` into (allowed entries, additive finite part), broadcast to the scores.

    A boolean mask says which keys each query may see (True = attend). A
    floating mask is added to the scores; ``-inf`` blocks an entry.
    """
    if mask is None or isinstance(mask, (str, bytes)):
        msg = f"`mask` must be a boolean or floating array; got {type(mask).__name__}"
        raise TypeError(msg)
    try:
        arr = np.asarray(mask)
    except (TypeError, ValueError) as exc:  # ragged nesting
        msg = f"`mask` must be a boolean or floating array; got {type(mask).__name__} ({exc})"
        raise TypeError(msg) from None
    if arr.dtype != np.bool_ and arr.dtype.kind != "f":
        # integers are ambiguous (is 1 "attend" or "add 1"?): ask for bool or float
        msg = (
            "`mask` must be boolean (True = may attend) or floating (added to the scores, "
            f"-inf blocks); got dtype {arr.dtype}"
        )
        raise TypeError(msg)
    if arr.size == 0:
        msg = f"`mask` must not be empty; got shape {arr.shape}"
        raise ValueError(msg)
    try:
        target = broadcast_shape(arr.shape, scores_shape)
    except ValueError:
        target = ()
    if target != scores_shape:
        msg = (
            f"`mask` of shape {arr.shape} must broadcast to the scores' shape {scores_shape} "
            "(..., T_q, T_k): shapes aligned on the right, each size equal or 1, "
            "no extra axes"
        )
        raise ValueError(msg)
    if arr.dtype == np.bool_:
        return np.broadcast_to(arr, scores_shape), None
    additive = arr.astype(np.float64)
    if np.any(np.isnan(additive)) or np.any(additive == np.inf):
        msg = "`mask` must hold finite numbers or -inf (which blocks an entry); got NaN or +inf"
        raise ValueError(msg)
    allowed = np.broadcast_to(additive > -np.inf, scores_shape)
    return allowed, np.broadcast_to(np.where(additive > -np.inf, additive, 0.0), scores_shape)


def _masked_softmax(scores: FloatArray, allowed: BoolArray | None) -> FloatArray:
    """Softmax over the last axis, with blocked entries given weight exactly 0."""
    if allowed is None:
        allowed = np.ones(scores.shape, dtype=np.bool_)
    if not np.all(np.any(allowed, axis=-1)):
        msg = (
            "`mask` blocks every key for at least one query: its weights would be 0/0; "
            "let each query attend to at least one key"
        )
        raise ValueError(msg)
    blocked = np.where(allowed, scores, -np.inf)
    m = blocked.max(axis=-1, keepdims=True)  # the largest allowed score: finite
    e = np.exp(blocked - m)  # exponents <= 0, so no overflow; blocked -> exp(-inf) = 0
    weights: FloatArray = e / e.sum(axis=-1, keepdims=True)
    return weights


def scaled_dot_product_attention(
    q: ArrayLike,
    k: ArrayLike,
    v: ArrayLike,
    mask: ArrayLike | None = None,
    *,
    scale: float | None = None,
) -> tuple[FloatArray, FloatArray]:
    r"""Attention :math:`\operatorname{softmax}(QK^\top/\sqrt{d_k} + M)\,V` and its weights.

    Parameters
    ----------
    q : array_like, shape (..., T_q, d_k)
        Queries; any number of leading (batch, head) axes.
    k : array_like, shape (..., T_k, d_k)
        Keys, with the same leading axes and vector length as ``q``.
    v : array_like, shape (..., T_k, d_v)
        Values, one per key.
    mask : array_like, optional
        Either boolean, ``True`` where a query may attend to a key (the
        convention of ``torch.nn.functional.scaled_dot_product_attention``),
        or floating, added to the scores, with ``-inf`` blocking an entry.
        Its shape must broadcast to the scores' shape ``(..., T_q, T_k)``
        under NumPy's rules (aligned on the right, sizes equal or 1) without
        enlarging it: ``(T_q, T_k)`` applies one mask to every sequence.
    scale : float, optional
        Factor applied to :math:`QK^\top`; default :math:`1/\sqrt{d_k}`.

    Returns
    -------
    output : ndarray, shape (..., T_q, d_v)
        Row ``i`` is the average of the values weighted by row ``i`` of ``weights``.
    weights : ndarray, shape (..., T_q, T_k)
        Attention weights: non-negative, each row sums to 1, blocked entries 0.

    Raises
    ------
    TypeError
        If an input is not array-like of real numbers, ``mask`` is neither
        boolean nor floating, or ``scale`` is not a real number.
    ValueError
        If ``q``, ``k`` or ``v`` is not a finite array of at least 2-D, the
        leading axes, ``d_k`` or the number of keys and values disagree,
        ``mask`` does not broadcast to the scores, holds NaN or ``+inf``, or
        blocks every key of some query, ``scale`` is not positive, or the
        scores overflow float64.

    Notes
    -----
    With :math:`S = QK^\top / \sqrt{d_k} + M` (:math:`M_{ij} = -\infty` where
    query :math:`i` may not see key :math:`j`),

    .. math::

        A_{ij} = \frac{e^{S_{ij} - m_i}}{\sum_{j'} e^{S_{ij'} - m_i}},
        \qquad m_i = \max_j S_{ij}, \qquad \text{output} = AV .

    Subtracting the row maximum :math:`m_i` changes nothing mathematically
    and keeps every exponent at most 0, so nothing overflows. A row with
    every key blocked would be :math:`0/0` (``NaN`` in torch); it is an error here.

    References
    ----------
    A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017, §3.2.1.

    Examples
    --------
    >>> q = [[1.0, 0.0]]                       # one query
    >>> k = [[1.0, 0.0], [0.0, 1.0]]           # two keys
    >>> v = [[10.0], [20.0]]
    >>> out, w = scaled_dot_product_attention(q, k, v, scale=float(np.log(3.0)))
    >>> w.round(12).tolist(), out.round(12).tolist()
    ([[0.75, 0.25]], [[12.5]])
    >>> q2 = [[1.0, 0.0], [1.0, 1.0]]           # two queries; the second scores both keys 1
    >>> out, w = scaled_dot_product_attention(q2, k, v, mask=causal_mask(2))
    >>> w.round(12).tolist()
    [[1.0, 0.0], [0.5, 0.5]]
    """
    q_ = _at_least_2d(q, "q", "d_k")
    k_ = _at_least_2d(k, "k", "d_k")
    v_ = _at_least_2d(v, "v", "d_v")
    if not (q_.shape[:-2] == k_.shape[:-2] == v_.shape[:-2]):
        msg = (
            "`q`, `k` and `v` must have the same leading (batch, head) axes; "
            f"got shapes {q_.shape}, {k_.shape} and {v_.shape}"
        )
        raise ValueError(msg)
    if q_.shape[-1] != k_.shape[-1]:
        msg = (
            "`q` and `k` must have the same vector length d_k; "
            f"got shapes {q_.shape} and {k_.shape}"
        )
        raise ValueError(msg)
    if k_.shape[-2] != v_.shape[-2]:
        msg = f"`k` and `v` must hold one value per key; got shapes {k_.shape} and {v_.shape}"
        raise ValueError(msg)
    lead, (t_q, d_k), t_k = q_.shape[:-2], q_.shape[-2:], k_.shape[-2]
    # fold the leading axes into one batch axis: attention_scores works on (B, T, d)
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
        if scale is None:
            flat = attention_scores(q_.reshape(-1, t_q, d_k), k_.reshape(-1, t_k, d_k))
        else:
            factor = positive_number(scale, "scale")
            raw = attention_scores(q_.reshape(-1, t_q, d_k), k_.reshape(-1, t_k, d_k), scale=False)
            flat = raw * factor
    scores = flat.reshape(*lead, t_q, t_k)  # (..., T_q, T_k)
    allowed: BoolArray | None = None
    if mask is not None:
        allowed, additive = _mask(mask, scores.shape)
        if additive is not None:
            with np.errstate(over="ignore", invalid="ignore"):
                scores = scores + additive
    if not np.all(np.isfinite(scores)):
        msg = "`q` and `k` give scores (plus `mask`) that overflow float64; scale them down"
        raise ValueError(msg)
    weights = _masked_softmax(scores, allowed)  # (..., T_q, T_k)
    output: FloatArray = weights @ v_  # (..., T_q, d_v)
    return output, weights


def causal_mask(n: int) -> BoolArray:
    r"""Boolean causal mask: token ``i`` may attend to tokens ``0, ..., i`` only.

    Parameters
    ----------
    n : int
        Sequence length, positive.

    Returns
    -------
    ndarray of bool, shape (n, n)
        Lower triangular: ``True`` on and below the diagonal (the past and the
        present), ``False`` above it (the future). Pass it as ``mask`` to
        :func:`scaled_dot_product_attention`.

    Raises
    ------
    TypeError
        If ``n`` is not an integer.
    ValueError
        If ``n`` is not positive.

    Notes
    -----
    .. math:: M_{ij} = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}

    is the additive form; this function returns the boolean form
    :math:`j \le i`. This is ``is_causal=True`` in
    ``torch.nn.functional.scaled_dot_product_attention``. Beware that
    ``torch.nn.MultiheadAttention`` reads a boolean ``attn_mask`` the other way
    round (``True`` = blocked): pass it ``~causal_mask(n)``.

    Examples
    --------
    >>> causal_mask(3).astype(int).tolist()
    [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    size = integer_at_least(n, "n", 1)
    return np.tril(np.ones((size, size), dtype=np.bool_))


def split_heads(x: ArrayLike, n_heads: int) -> FloatArray:
    r"""Split the feature axis into heads: ``(..., T, d_model) -> (..., H, T, d_model / H)``.

    Parameters
    ----------
    x : array_like, shape (..., T, d_model)
        Token vectors (queries, keys or values of all heads side by side).
    n_heads : int
        Number of heads ``H``; must divide ``d_model``.

    Returns
    -------
    ndarray, shape (..., H, T, d_model / H)
        Head ``h`` holds features ``h * d_head`` to ``(h + 1) * d_head - 1``.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers or ``n_heads`` is not an integer.
    ValueError
        If ``x`` is not a finite array of at least 2-D, or ``n_heads`` is not
        positive or does not divide ``d_model``.

    Notes
    -----
    With :math:`d_h = d_\text{model}/H`,
    :math:`\text{out}_{\ldots h t c} = x_{\ldots t,\, h d_h + c}`: a reshape
    to :math:`(\ldots, T, H, d_h)` and a swap of the token and head axes, as in
    nanoGPT's ``view(B, T, H, d_h).transpose(1, 2)``. :func:`merge_heads` undoes it.

    Examples
    --------
    >>> x = np.arange(8.0).reshape(2, 4)        # T=2 tokens, d_model=4
    >>> split_heads(x, 2).tolist()
    [[[0.0, 1.0], [4.0, 5.0]], [[2.0, 3.0], [6.0, 7.0]]]
    """
    x_ = _at_least_2d(x, "x", "d_model")
    h = _heads(n_heads, x_.shape[-1])
    *lead, t, d_model = x_.shape
    # (..., T, H, d_head) -> (..., H, T, d_head)
    return np.swapaxes(x_.reshape(*lead, t, h, d_model // h), -2, -3).copy()


def _heads(n_heads: object, d_model: int) -> int:
    """``n_heads`` as a positive int dividing ``d_model``, or raise naming it."""
    h = integer_at_least(n_heads, "n_heads", 1)
    if d_model % h != 0:
        msg = (
            f"`n_heads` must divide d_model (the last axis of `x`) so every head gets "
            "d_model / n_heads features; "
            f"got d_model = {d_model} and n_heads = {h} (remainder {d_model % h})"
        )
        raise ValueError(msg)
    return h


def merge_heads(x: ArrayLike) -> FloatArray:
    r"""Concatenate heads: ``(..., H, T, d_head) -> (..., T, H * d_head)``.

    Parameters
    ----------
    x : array_like, shape (..., H, T, d_head)
        Per-head token vectors, e.g. the outputs of attention in each head.

    Returns
    -------
    ndarray, shape (..., T, H * d_head)
        Token ``t`` is the concatenation of its vectors in heads ``0, ..., H - 1``.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers.
    ValueError
        If ``x`` is not a finite array of at least 3-D.

    Notes
    -----
    .. math:: \text{out}_{\ldots t,\, h d_h + c} = x_{\ldots h t c},

    the inverse of :func:`split_heads`: ``merge_heads(split_heads(x, H)) == x``.

    Examples
    --------
    >>> x = np.arange(8.0).reshape(2, 4)
    >>> bool(np.array_equal(merge_heads(split_heads(x, 2)), x))
    True
    """
    x_ = as_float_array(x, "x")
    if x_.ndim < 3:
        msg = (
            "`x` must be at least 3-D with shape (..., heads, tokens, d_head); "
            f"got shape {x_.shape}"
        )
        raise ValueError(msg)
    *lead, h, t, d_head = x_.shape
    # (..., H, T, d_head) -> (..., T, H, d_head) -> (..., T, H * d_head)
    return np.swapaxes(x_, -2, -3).reshape(*lead, t, h * d_head)


def _biases(biases: object, d_model: int) -> list[FloatArray]:
    """The four bias vectors ``(b_q, b_k, b_v, b_o)``, each of length d_model."""
    if isinstance(biases, np.ndarray) and biases.ndim == 2:
        items: list[object] = list(biases)
    elif isinstance(biases, Sequence) and not isinstance(biases, (str, bytes)):
        items = list(biases)
    else:
        msg = f"`biases` must be a sequence (b_q, b_k, b_v, b_o); got {type(biases).__name__}"
        raise TypeError(msg)
    if len(items) != 4:
        msg = f"`biases` must hold four vectors (b_q, b_k, b_v, b_o); got {len(items)}"
        raise ValueError(msg)
    out = []
    for name, b in zip(("b_q", "b_k", "b_v", "b_o"), items, strict=True):
        b_ = as_vector(b, f"biases ({name})")  # type: ignore[arg-type]
        if b_.shape != (d_model,):
            msg = f"`biases` ({name}) must have length d_model = {d_model}; got {b_.shape[0]}"
            raise ValueError(msg)
        out.append(b_)
    return out


def _square(W: ArrayLike, name: str, d_model: int) -> FloatArray:
    """``W`` as a finite (d_model, d_model) matrix, or raise naming ``name``."""
    W_ = as_matrix(W, name)
    if W_.shape != (d_model, d_model):
        msg = f"`{name}` must have shape (d_model, d_model) = {(d_model, d_model)}; got {W_.shape}"
        raise ValueError(msg)
    return W_


def multi_head_attention(
    x: ArrayLike,
    W_q: ArrayLike,
    W_k: ArrayLike,
    W_v: ArrayLike,
    W_o: ArrayLike,
    n_heads: int,
    mask: ArrayLike | None = None,
    biases: Sequence[ArrayLike] | None = None,
) -> tuple[FloatArray, FloatArray]:
    r"""Multi-head self-attention: project, split into heads, attend, merge, project.

    Parameters
    ----------
    x : array_like, shape (B, T, d_model) or (T, d_model)
        Token vectors of a batch of sequences (or of one sequence).
    W_q, W_k, W_v, W_o : array_like, shape (d_model, d_model)
        Query, key, value and output projections, inputs by outputs
        (``Q = x @ W_q``). From ``torch.nn.MultiheadAttention``:
        ``W_q, W_k, W_v = in_proj_weight.T`` split into three column blocks
        (equivalently, the three row blocks of ``in_proj_weight``, each
        transposed) and ``W_o = out_proj.weight.T``.
    n_heads : int
        Number of heads; must divide ``d_model``.
    mask : array_like, optional
        As in :func:`scaled_dot_product_attention` (``True`` = may attend, or
        additive), broadcast against the per-head scores ``(B, H, T, T)``;
        a ``(T, T)`` mask such as :func:`causal_mask` applies to all.
    biases : sequence of four array_like, optional
        ``(b_q, b_k, b_v, b_o)``, each of length ``d_model``; default none.

    Returns
    -------
    output : ndarray, shape of ``x``
        :math:`\operatorname{concat}(\text{head}_1, \dots, \text{head}_H)\,W_O + b_O`.
    weights : ndarray, shape (B, H, T, T) or (H, T, T)
        The attention weights of every head (torch averages them over heads
        unless ``average_attn_weights=False``).

    Raises
    ------
    TypeError
        If an input is not array-like of real numbers, ``n_heads`` is not an
        integer, ``mask`` is neither boolean nor floating, or ``biases`` is not
        a sequence.
    ValueError
        If ``x`` is not a finite 2-D or 3-D array, a weight is not a finite
        ``(d_model, d_model)`` matrix, ``n_heads`` is not positive or does not
        divide ``d_model``, ``biases`` does not hold four vectors of length
        ``d_model``, or ``mask`` is invalid (see
        :func:`scaled_dot_product_attention`).

    Notes
    -----
    With :math:`d_h = d_\text{model}/H` and :math:`W^{(h)}` the columns
    :math:`h d_h, \dots, (h+1) d_h - 1` of a projection,

    .. math::

        \text{head}_h = \operatorname{softmax}\!\left(
            \frac{(xW_Q^{(h)})(xW_K^{(h)})^\top}{\sqrt{d_h}} + M\right) xW_V^{(h)},
        \qquad
        \text{out} = [\text{head}_1, \dots, \text{head}_H]\, W_O .

    References
    ----------
    A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017, §3.2.2.

    Examples
    --------
    >>> x = np.eye(4)[:3]                  # T=3 tokens, d_model=4
    >>> out, w = multi_head_attention(x, *[np.eye(4)] * 4, n_heads=2)
    >>> out.shape, w.shape
    ((3, 4), (2, 3, 3))
    >>> np.allclose(w.sum(axis=-1), 1.0)
    True
    """
    x_ = as_float_array(x, "x")
    if x_.ndim not in (2, 3):
        msg = f"`x` must be 3-D (B, T, d_model) or 2-D (T, d_model); got shape {x_.shape}"
        raise ValueError(msg)
    d_model = x_.shape[-1]
    h = _heads(n_heads, d_model)
    Wq, Wk, Wv, Wo = (
        _square(W, name, d_model)
        for name, W in (("W_q", W_q), ("W_k", W_k), ("W_v", W_v), ("W_o", W_o))
    )
    bq, bk, bv, bo = [np.zeros(d_model)] * 4 if biases is None else _biases(biases, d_model)
    x3 = x_ if x_.ndim == 3 else x_[None]  # (B, T, d_model)
    Q, K, V = qkv_projections(x3, Wq, Wk, Wv)  # each (B, T, d_model)
    heads = [split_heads(P + b, h) for P, b in ((Q, bq), (K, bk), (V, bv))]  # (B, H, T, d_h)
    out_heads, weights = scaled_dot_product_attention(
        heads[0], heads[1], heads[2], mask
    )  # (B, H, T, d_h)
    output: FloatArray = merge_heads(out_heads) @ Wo + bo  # (B, T, d_model)
    if x_.ndim == 2:
        return output[0], weights[0]
    return output, weights


def sinusoidal_positional_encoding(
    n_positions: int, d_model: int, base: float = 10000.0
) -> FloatArray:
    r"""The sinusoidal positional encodings of the original transformer.

    Parameters
    ----------
    n_positions : int
        Number of positions ``0, ..., n_positions - 1``, positive.
    d_model : int
        Width of the encoding; positive and even (sine and cosine pairs).
    base : float, optional
        Wavelength scale, 10000 in the paper; must be positive.

    Returns
    -------
    ndarray, shape (n_positions, d_model)
        Row ``p`` is added to the embedding of the token at position ``p``.

    Raises
    ------
    TypeError
        If ``n_positions`` or ``d_model`` is not an integer, or ``base`` is
        not a real number.
    ValueError
        If ``n_positions`` or ``d_model`` is not positive, ``d_model`` is odd,
        or ``base`` is not positive and finite.

    Notes
    -----
    For :math:`i = 0, \dots, d/2 - 1`, with frequencies
    :math:`\omega_i = \text{base}^{-2i/d}`,

    .. math::

        PE_{p,\,2i} = \sin(\omega_i p), \qquad PE_{p,\,2i+1} = \cos(\omega_i p).

    The wavelengths :math:`2\pi/\omega_i` grow geometrically from
    :math:`2\pi` to nearly :math:`2\pi\,\text{base}`. Each pair
    :math:`(PE_{p,2i}, PE_{p,2i+1})` is a point on the unit circle at angle
    :math:`\omega_i p`, so moving by :math:`k` positions is a fixed rotation of
    every pair.

    References
    ----------
    A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017, §3.5.

    Examples
    --------
    >>> pe = sinusoidal_positional_encoding(3, 4)
    >>> pe[0].tolist()                       # position 0: sin 0 = 0, cos 0 = 1
    [0.0, 1.0, 0.0, 1.0]
    >>> bool(np.allclose(pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2, 1.0))
    True
    """
    n = integer_at_least(n_positions, "n_positions", 1)
    d = integer_at_least(d_model, "d_model", 1)
    if d % 2 != 0:
        msg = f"`d_model` must be even (sine and cosine come in pairs); got {d}"
        raise ValueError(msg)
    b = positive_number(base, "base")
    with np.errstate(over="ignore", invalid="ignore"):  # reported just below
        omega = b ** (-np.arange(0, d, 2) / d)  # (d/2,) frequencies
        angle = np.arange(n)[:, None] * omega[None, :]  # (n, d/2)
    if not np.all(np.isfinite(angle)):
        msg = f"`base` = {b!r} is so small that the angles overflow float64; use base > 1"
        raise ValueError(msg)
    pe = np.empty((n, d))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle)
    return pe


def rope(x: ArrayLike, positions: ArrayLike | None = None, base: float = 10000.0) -> FloatArray:
    r"""Rotary position embedding: rotate each pair of features by a position-dependent angle.

    Parameters
    ----------
    x : array_like, shape (..., T, d)
        Queries or keys of ``T`` tokens; ``d`` must be even.
    positions : array_like, shape (T,), optional
        Position of each token (default ``0, 1, ..., T - 1``); any finite
        reals, so interpolated (fractional) positions work too.
    base : float, optional
        Frequency base, 10000 as in RoFormer; must be positive.

    Returns
    -------
    ndarray, shape (..., T, d)
        The rotated vectors; pair :math:`(x_{2i}, x_{2i+1})` of the token at
        position :math:`p` is turned by the angle :math:`p\,\theta_i`.

    Raises
    ------
    TypeError
        If ``x`` or ``positions`` is not array-like of real numbers or
        ``base`` is not a real number.
    ValueError
        If ``x`` is not a finite array of at least 2-D with an even last axis,
        ``positions`` is not a finite vector with one entry per token, or
        ``base`` is not positive and finite.

    Notes
    -----
    With :math:`\theta_i = \text{base}^{-2i/d}` and :math:`R(\alpha)` the
    :math:`2 \times 2` rotation by :math:`\alpha`,

    .. math::

        \begin{pmatrix} y_{2i} \\ y_{2i+1} \end{pmatrix}
        = R(p\,\theta_i) \begin{pmatrix} x_{2i} \\ x_{2i+1} \end{pmatrix},
        \qquad
        \langle R_m q, R_n k \rangle = \langle q, R_{n-m} k \rangle .

    Rotations preserve lengths, and the score of a query at position
    :math:`m` with a key at :math:`n` depends on the positions only through
    :math:`n - m`. This pairs adjacent features, as the paper does; some
    implementations (GPT-NeoX, Llama in Hugging Face) pair feature :math:`i`
    with :math:`i + d/2` instead, which is the same rotation of a permuted vector.

    References
    ----------
    J. Su et al., "RoFormer: Enhanced Transformer with Rotary Position
    Embedding", 2021, §3.4.

    Examples
    --------
    >>> y = rope([[1.0, 0.0], [1.0, 0.0]], positions=[0.0, np.pi / 2], base=1.0)
    >>> y.round(12).tolist()                 # position pi/2 with theta = 1: a quarter turn
    [[1.0, 0.0], [0.0, 1.0]]
    """
    x_ = _at_least_2d(x, "x", "d")
    t, d = x_.shape[-2:]
    if d % 2 != 0:
        msg = f"`x` must have an even last axis (features rotate in pairs); got shape {x_.shape}"
        raise ValueError(msg)
    if positions is None:
        p = np.arange(t, dtype=np.float64)
    else:
        p = as_vector(positions, "positions")
        if p.shape != (t,):
            msg = (
                f"`positions` must hold one position per token of `x` (T = {t}); "
                f"got length {p.shape[0]}"
            )
            raise ValueError(msg)
    b = positive_number(base, "base")
    with np.errstate(over="ignore", invalid="ignore"):  # reported just below
        theta = b ** (-np.arange(0, d, 2) / d)  # (d/2,)
        angle = p[:, None] * theta[None, :]  # (T, d/2)
    if not np.all(np.isfinite(angle)):
        msg = "`positions` times the frequencies overflow float64; use smaller positions"
        raise ValueError(msg)
    cos, sin = np.cos(angle), np.sin(angle)
    even, odd = x_[..., 0::2], x_[..., 1::2]  # (..., T, d/2) each
    y = np.empty_like(x_)
    y[..., 0::2] = even * cos - odd * sin
    y[..., 1::2] = even * sin + odd * cos
    return y


def layer_norm(
    x: ArrayLike,
    gamma: ArrayLike | None = None,
    beta: ArrayLike | None = None,
    eps: float = 1e-5,
) -> FloatArray:
    r"""Layer normalization over the last axis, with gain ``gamma`` and shift ``beta``.

    Parameters
    ----------
    x : array_like, shape (..., d)
        Activations; each vector along the last axis is normalized on its own.
    gamma, beta : array_like, shape (d,), optional
        Learned gain and shift (default ones and zeros).
    eps : float, optional
        Added to the variance before the square root, as in
        ``torch.nn.LayerNorm`` (default 1e-5); must be positive.

    Returns
    -------
    ndarray, shape of ``x``
        :math:`\gamma \odot \hat x + \beta`.

    Raises
    ------
    TypeError
        If an input is not array-like of real numbers or ``eps`` is not a real number.
    ValueError
        If ``x`` is not a finite array of at least 1-D, ``gamma`` or ``beta`` is
        not a finite vector of length ``d``, or ``eps`` is not positive and finite.

    Notes
    -----
    For each vector :math:`x \in \mathbb{R}^d`,

    .. math::

        \mu = \frac1d \sum_i x_i, \qquad
        \sigma^2 = \frac1d \sum_i (x_i - \mu)^2, \qquad
        \hat x_i = \frac{x_i - \mu}{\sqrt{\sigma^2 + \varepsilon}} .

    The variance is the biased one (divide by :math:`d`), as in torch.
    The :math:`\varepsilon` keeps a constant vector (:math:`\sigma = 0`) from
    dividing by zero, at the price of :math:`\hat x` having variance
    :math:`\sigma^2/(\sigma^2 + \varepsilon)`, slightly below 1.

    References
    ----------
    J. L. Ba, J. R. Kiros and G. E. Hinton, "Layer Normalization", 2016.

    Examples
    --------
    >>> y = layer_norm([1.0, 2.0, 3.0], eps=1e-12)
    >>> (y * np.sqrt(1.5)).round(9).tolist()   # (x - 2) / sqrt(2/3)
    [-1.5, 0.0, 1.5]
    """
    x_ = as_float_array(x, "x")
    if x_.ndim < 1:
        msg = "`x` must be at least 1-D (normalized along its last axis); got a scalar"
        raise ValueError(msg)
    d = x_.shape[-1]
    params = []
    for name, value, default in (("gamma", gamma, 1.0), ("beta", beta, 0.0)):
        if value is None:
            params.append(np.full(d, default))
            continue
        p = as_vector(value, name)
        if p.shape != (d,):
            msg = f"`{name}` must have length d = {d} (the last axis of `x`); got {p.shape[0]}"
            raise ValueError(msg)
        params.append(p)
    g, b = params
    eps_ = positive_number(eps, "eps")
    mu = x_.mean(axis=-1, keepdims=True)
    centred = x_ - mu
    var = (centred**2).mean(axis=-1, keepdims=True)  # biased, as torch.nn.LayerNorm
    y: FloatArray = g * (centred / np.sqrt(var + eps_)) + b
    return y


def simulate_score_variance(
    d_k_values: Sequence[int] | NDArray[np.integer[Any]],
    n_samples: int,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    r"""Sample variance of :math:`q \cdot k` and of :math:`q \cdot k / \sqrt{d_k}`.

    Parameters
    ----------
    d_k_values : sequence of int
        Vector lengths to try, each positive.
    n_samples : int
        Number of independent pairs :math:`(q, k)` per length, at least 2.
    rng : numpy.random.Generator
        Source of the standard normal entries.

    Returns
    -------
    raw : ndarray, shape (len(d_k_values),)
        Unbiased sample variance of :math:`q \cdot k` for each :math:`d_k`.
    scaled : ndarray, shape (len(d_k_values),)
        The same for :math:`q \cdot k / \sqrt{d_k}`, computed as ``raw / d_k``
        (:math:`\operatorname{Var}(cX) = c^2 \operatorname{Var} X`).

    Raises
    ------
    TypeError
        If ``d_k_values`` is not a sequence of integers, ``n_samples`` is not
        an integer or ``rng`` is not a ``numpy.random.Generator``.
    ValueError
        If ``d_k_values`` is empty or holds a non-positive value, or
        ``n_samples`` is below 2.

    Notes
    -----
    For independent entries with mean 0 and variance 1, the :math:`d_k`
    products :math:`q_i k_i` are independent with mean 0 and variance
    :math:`E[q_i^2]E[k_i^2] = 1`, so

    .. math::

        \operatorname{Var}(q \cdot k) = d_k, \qquad
        \operatorname{Var}\!\left(\frac{q \cdot k}{\sqrt{d_k}}\right) = 1 .

    For Gaussian entries the relative standard error of the sample variance
    is about :math:`\sqrt{(2 + 6/d_k)/n}`, since :math:`E[(q_ik_i)^4] = 9`.

    References
    ----------
    A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017, §3.2.1, footnote 4.

    Examples
    --------
    >>> raw, scaled = simulate_score_variance([4, 64], 20000, np.random.default_rng(0))
    >>> bool(abs(raw[1] / 64 - 1) < 0.1 and abs(scaled[0] - 1) < 0.1)
    True
    """
    is_vector = isinstance(d_k_values, np.ndarray) and d_k_values.ndim == 1
    is_sequence = isinstance(d_k_values, Sequence) and not isinstance(d_k_values, (str, bytes))
    if not (is_vector or is_sequence):
        msg = (
            "`d_k_values` must be a sequence (or 1-D array) of positive integers; "
            f"got {type(d_k_values).__name__}"
        )
        raise TypeError(msg)
    values = list(d_k_values)
    if len(values) == 0:
        msg = "`d_k_values` must hold at least one vector length"
        raise ValueError(msg)
    dims = [integer_at_least(d, f"d_k_values[{i}]", 1) for i, d in enumerate(values)]
    n = integer_at_least(n_samples, "n_samples", 1)
    if n < 2:
        msg = f"`n_samples` must be at least 2 for a sample variance; got {n}"
        raise ValueError(msg)
    generator(rng)
    raw = np.empty(len(dims))
    for j, d_k in enumerate(dims):
        q = rng.standard_normal((n, d_k))
        k = rng.standard_normal((n, d_k))
        raw[j] = np.einsum("nd,nd->n", q, k).var(ddof=1)  # (n,) scores -> one variance
    scaled: FloatArray = raw / np.asarray(dims, dtype=np.float64)
    return raw, scaled
