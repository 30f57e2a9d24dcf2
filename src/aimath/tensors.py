"""Linear algebra for deep learning: shapes, broadcasting, einsum and counting.

Chapter 4 of the book. A deep-learning program is mostly bookkeeping about
tensors: which shapes may be combined (:func:`broadcast_shape`), how a batch
of queries meets a batch of keys (:func:`attention_scores`), how many numbers
a layer stores (:func:`mlp_parameters`, :func:`attention_block_parameters`)
and how much arithmetic and memory a matrix product costs
(:func:`matmul_flops`, :func:`matmul_bytes`). The last functions follow the
conditioning of long products of weight matrices, the linear-algebra reason
initialisation matters.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, integer_at_least

__all__ = [
    "attention_block_parameters",
    "attention_scores",
    "broadcast_shape",
    "linear_layer_parameters",
    "matmul_bytes",
    "matmul_flops",
    "mlp_parameters",
    "product_condition_numbers",
    "product_singular_values",
    "qkv_projections",
]


def _integer(x: object, name: str) -> int:
    """Return ``x`` as a Python int, raising ``TypeError`` for anything else."""
    # bool is an Integral in Python, but True as a layer width is a bug
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        msg = f"`{name}` must be an integer; got {type(x).__name__} {x!r}"
        raise TypeError(msg)
    return int(x)


def _flag(x: object, name: str) -> bool:
    """Return ``x`` if it is a bool; raise ``TypeError`` otherwise."""
    if not isinstance(x, (bool, np.bool_)):
        msg = f"`{name}` must be True or False; got {type(x).__name__} {x!r}"
        raise TypeError(msg)
    return bool(x)


def _shape(shape: object, name: str) -> tuple[int, ...]:
    """Validate one array shape: a sequence of non-negative integers."""
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence):
        msg = f"`{name}` must be a shape (a tuple of integers); got {type(shape).__name__}"
        raise TypeError(msg)
    sizes = tuple(_integer(size, f"{name}[{axis}]") for axis, size in enumerate(shape))
    for axis, size in enumerate(sizes):
        if size < 0:
            msg = f"`{name}[{axis}]` must be a non-negative size; got {size}"
            raise ValueError(msg)
    return sizes


def _batch_of_sequences(x: ArrayLike, name: str, width: str) -> FloatArray:
    """Return ``x`` as a finite float64 array of shape (batch, tokens, width)."""
    arr = as_float_array(x, name)
    if arr.ndim != 3:
        msg = f"`{name}` must be 3-D with shape (batch, tokens, {width}); got shape {arr.shape}"
        raise ValueError(msg)
    return arr


def _projection(W: ArrayLike, name: str, d_model: int) -> FloatArray:
    """Return ``W`` as a (d_model, d_head) matrix or raise naming ``name``."""
    W_ = as_matrix(W, name)
    if W_.shape[0] != d_model:
        msg = (
            f"`{name}` must have d_model = {d_model} rows to match `X` (shape (d_model, "
            f"d_head), inputs by outputs); got shape {W_.shape}"
        )
        raise ValueError(msg)
    return W_


def broadcast_shape(*shapes: Sequence[int]) -> tuple[int, ...]:
    r"""Shape of the result of broadcasting arrays of the given shapes.

    The rules are NumPy's (and torch's): align the shapes on the right, treat
    missing leading axes as size 1, and along each axis the sizes must be
    equal or 1; a size 1 is stretched to the other size.

    Parameters
    ----------
    *shapes : tuple of int
        Any number of shapes, e.g. ``(2, 3, 4)`` and ``(4,)``. Sizes may be 0,
        as in NumPy (a size-0 axis broadcasts only against 0 or 1).

    Returns
    -------
    tuple of int
        The broadcast shape; ``()`` if no shapes are given.

    Raises
    ------
    TypeError
        If a shape is not a sequence of integers.
    ValueError
        If a size is negative, or two shapes disagree along an axis where
        neither size is 1. The message names both shapes, the axis (counted
        from the right, as the rule aligns shapes) and the two sizes.

    Notes
    -----
    With shapes left-padded by ones to a common length :math:`r`, the result
    has, for each axis :math:`i`,

    .. math::

        n_i = \max_j n_i^{(j)} \quad \text{provided every } n_i^{(j)} \in \{1, n_i\}.

    This agrees with ``numpy.broadcast_shapes`` (checked in the tests), whose
    error message names the shapes but not the axis.

    Examples
    --------
    >>> broadcast_shape((2, 3, 4), (4,))
    (2, 3, 4)
    >>> broadcast_shape((3, 1), (1, 4))
    (3, 4)
    >>> broadcast_shape((2, 3), (2,))
    Traceback (most recent call last):
    ...
    ValueError: shapes (2, 3) and (2,) cannot be broadcast: at axis -1 (counted from the right) `shapes[0]` has size 3 and `shapes[1]` has size 2; sizes must be equal or one of them 1
    """  # noqa: E501
    checked = [_shape(s, f"shapes[{j}]") for j, s in enumerate(shapes)]
    ndim = max((len(s) for s in checked), default=0)
    result: list[int] = []
    for axis in range(-1, -ndim - 1, -1):  # right to left: shapes are aligned on the right
        size, owner = 1, -1  # the size so far, and which shape set it
        for j, s in enumerate(checked):
            if len(s) < -axis or s[axis] == 1:
                continue  # a missing or size-1 axis stretches to anything
            if owner >= 0 and s[axis] != size:
                msg = (
                    f"shapes {checked[owner]} and {s} cannot be broadcast: at axis {axis} "
                    f"(counted from the right) `shapes[{owner}]` has size {size} and "
                    f"`shapes[{j}]` has size {s[axis]}; sizes must be equal or one of them 1"
                )
                raise ValueError(msg)
            size, owner = s[axis], j
        result.append(size)
    return tuple(reversed(result))


def attention_scores(Q: ArrayLike, K: ArrayLike, *, scale: bool = True) -> FloatArray:
    r"""Scaled dot-product attention scores :math:`QK^\top / \sqrt{d_k}` for a batch.

    Parameters
    ----------
    Q : array_like, shape (B, T_q, d_k)
        Queries: a batch of ``B`` sequences of ``T_q`` vectors. For multi-head
        attention, fold the heads into the batch axis, ``(B * H, T, d_head)``.
    K : array_like, shape (B, T_k, d_k)
        Keys, with the same batch size and vector length as ``Q``.
    scale : bool, optional
        Divide by :math:`\sqrt{d_k}` (default), as in the transformer.

    Returns
    -------
    ndarray, shape (B, T_q, T_k)
        Entry ``[b, i, j]`` is the score of query ``i`` against key ``j`` in
        sequence ``b``: the logits a softmax turns into attention weights.

    Raises
    ------
    ValueError
        If ``Q`` or ``K`` is not a finite 3-D array, or their batch sizes or
        vector lengths :math:`d_k` differ.
    TypeError
        If ``scale`` is not a bool.

    Notes
    -----
    In index notation (one ``np.einsum`` call),

    .. math:: S_{bij} = \frac{1}{\sqrt{d_k}} \sum_{d=1}^{d_k} Q_{bid} K_{bjd}.

    Without the scale the scores of random unit-variance vectors have
    variance :math:`d_k`, which pushes the softmax into saturation.

    References
    ----------
    A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017, §3.2.1.

    Examples
    --------
    >>> Q = [[[1.0, 0.0], [0.0, 2.0]]]            # B=1, T_q=2, d_k=2
    >>> K = [[[1.0, 1.0], [2.0, 0.0], [0.0, 0.0]]]  # T_k=3
    >>> attention_scores(Q, K, scale=False).tolist()
    [[[1.0, 2.0, 0.0], [2.0, 0.0, 0.0]]]
    >>> attention_scores(Q, K).shape
    (1, 2, 3)
    """
    Q_ = _batch_of_sequences(Q, "Q", "d_k")  # (B, T_q, d_k)
    K_ = _batch_of_sequences(K, "K", "d_k")  # (B, T_k, d_k)
    for axis, what in ((0, "batch size"), (2, "vector length d_k")):
        if Q_.shape[axis] != K_.shape[axis]:
            msg = (
                f"`Q` and `K` must have the same {what}; got {Q_.shape[axis]} and "
                f"{K_.shape[axis]} (shapes {Q_.shape} and {K_.shape})"
            )
            raise ValueError(msg)
    d_k = Q_.shape[2]
    # (B, T_q, T_k): every query dotted with every key of the same sequence
    scores: FloatArray = np.einsum("bqd,bkd->bqk", Q_, K_)
    if _flag(scale, "scale"):
        scores = scores / np.sqrt(d_k)
    return scores


def qkv_projections(
    X: ArrayLike, W_q: ArrayLike, W_k: ArrayLike, W_v: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Queries, keys and values of a batch of token vectors: :math:`XW_Q, XW_K, XW_V`.

    Parameters
    ----------
    X : array_like, shape (B, T, d_model)
        A batch of ``B`` sequences of ``T`` token vectors.
    W_q, W_k : array_like, shape (d_model, d_k)
        Query and key projections, laid out as in the paper (inputs by
        outputs), so that ``Q = X @ W_q``. A ``torch.nn.Linear(d_model, d_k)``
        stores the transpose: pass ``linear.weight.T``.
    W_v : array_like, shape (d_model, d_v)
        Value projection; ``d_v`` may differ from ``d_k``.

    Returns
    -------
    Q, K : ndarray, shape (B, T, d_k)
    V : ndarray, shape (B, T, d_v)

    Raises
    ------
    ValueError
        If ``X`` is not a finite 3-D array, a weight is not a finite matrix with
        ``d_model`` rows, or ``W_q`` and ``W_k`` have different shapes (queries
        and keys must have the same length to be dotted).

    Notes
    -----
    The same weights act on every token of every sequence:

    .. math:: Q_{bt\cdot} = X_{bt\cdot} W_Q, \qquad Q = XW_Q \in \mathbb{R}^{B \times T \times d_k},

    and likewise for :math:`K` and :math:`V`. No biases: add them by
    broadcasting if needed.

    References
    ----------
    A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017, §3.2.2.

    Examples
    --------
    >>> X = np.ones((2, 5, 4))
    >>> Q, K, V = qkv_projections(X, np.eye(4)[:, :3], np.ones((4, 3)), np.ones((4, 2)))
    >>> Q.shape, K.shape, V.shape
    ((2, 5, 3), (2, 5, 3), (2, 5, 2))
    """
    X_ = _batch_of_sequences(X, "X", "d_model")  # (B, T, d_model)
    d_model = X_.shape[2]
    named = {"W_q": W_q, "W_k": W_k, "W_v": W_v}
    Wq, Wk, Wv = (_projection(W, name, d_model) for name, W in named.items())
    if Wq.shape != Wk.shape:
        msg = (
            "`W_q` and `W_k` must have the same shape so queries and keys can be dotted; "
            f"got {Wq.shape} and {Wk.shape}"
        )
        raise ValueError(msg)
    # (B, T, d_model) @ (d_model, d_head) -> (B, T, d_head): matmul broadcasts over B
    return X_ @ Wq, X_ @ Wk, X_ @ Wv


def matmul_flops(m: int, k: int, n: int) -> int:
    r"""Floating-point operations of an ``(m, k) @ (k, n)`` matrix product.

    Parameters
    ----------
    m, k, n : int
        Positive dimensions: ``m`` rows of the left factor, ``k`` the shared
        inner dimension, ``n`` columns of the right factor.

    Returns
    -------
    int
        :math:`2mkn`, counting each multiply–add as two operations.

    Raises
    ------
    TypeError
        If a dimension is not an integer.
    ValueError
        If a dimension is not positive.

    Notes
    -----
    Each of the :math:`mn` outputs is a sum of :math:`k` products:

    .. math:: \text{FLOPs} = mn \cdot (k \text{ multiplications} + k \text{ additions}) = 2mkn.

    Strictly, a sum of :math:`k` terms needs :math:`k - 1` additions, so the
    minimum is :math:`mn(2k - 1)`; the convention :math:`2mkn` (used in
    scaling-law papers and hardware specs) counts an accumulation that starts
    from zero, which is also how fused multiply–add hardware works.

    References
    ----------
    J. Kaplan et al., "Scaling Laws for Neural Language Models", 2020, §2.1.

    Examples
    --------
    >>> matmul_flops(2, 3, 4)
    48
    """
    m_, k_, n_ = (
        integer_at_least(m, "m", 1),
        integer_at_least(k, "k", 1),
        integer_at_least(n, "n", 1),
    )
    return 2 * m_ * k_ * n_


def matmul_bytes(m: int, k: int, n: int, dtype_bytes: int = 4) -> int:
    r"""Memory of the inputs and output of an ``(m, k) @ (k, n)`` product.

    Parameters
    ----------
    m, k, n : int
        Positive dimensions, as in :func:`matmul_flops`.
    dtype_bytes : int, optional
        Bytes per entry: 4 for float32 (default), 2 for float16/bfloat16,
        8 for float64.

    Returns
    -------
    int
        :math:`(mk + kn + mn) \cdot \text{dtype\_bytes}`: the two factors and
        the result, each stored once.

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If an argument is not positive.

    Notes
    -----
    This is the least traffic a product can cause: each matrix read or written
    once. Dividing :func:`matmul_flops` by it gives the arithmetic intensity,
    FLOPs per byte, which decides whether a product is limited by arithmetic
    or by memory bandwidth. For square matrices it is
    :math:`2n^3 / (3n^2 \cdot \text{dtype\_bytes})`, growing linearly in
    :math:`n`.

    Examples
    --------
    >>> matmul_bytes(2, 3, 4)             # (6 + 12 + 8) float32 entries
    104
    >>> matmul_bytes(2, 3, 4, dtype_bytes=2)
    52
    """
    m_, k_, n_ = (
        integer_at_least(m, "m", 1),
        integer_at_least(k, "k", 1),
        integer_at_least(n, "n", 1),
    )
    size = integer_at_least(dtype_bytes, "dtype_bytes", 1)
    return (m_ * k_ + k_ * n_ + m_ * n_) * size


def linear_layer_parameters(n_in: int, n_out: int, bias: bool = True) -> int:
    r"""Number of trainable parameters of a fully connected layer.

    Parameters
    ----------
    n_in, n_out : int
        Positive numbers of input and output features.
    bias : bool, optional
        Whether the layer has a bias vector (default True, as ``torch.nn.Linear``).

    Returns
    -------
    int
        :math:`n_\text{in} n_\text{out} + n_\text{out}` with a bias,
        :math:`n_\text{in} n_\text{out}` without.

    Raises
    ------
    TypeError
        If ``n_in`` or ``n_out`` is not an integer or ``bias`` is not a bool.
    ValueError
        If ``n_in`` or ``n_out`` is not positive.

    Notes
    -----
    The weight :math:`W \in \mathbb{R}^{n_\text{out} \times n_\text{in}}` and
    the bias :math:`b \in \mathbb{R}^{n_\text{out}}` of :math:`y = Wx + b`.

    Examples
    --------
    >>> linear_layer_parameters(784, 256)
    200960
    >>> linear_layer_parameters(784, 256, bias=False)
    200704
    """
    n_in_ = integer_at_least(n_in, "n_in", 1)
    n_out_ = integer_at_least(n_out, "n_out", 1)
    return n_in_ * n_out_ + (n_out_ if _flag(bias, "bias") else 0)


def mlp_parameters(sizes: Sequence[int], bias: bool = True) -> int:
    r"""Number of trainable parameters of a multilayer perceptron.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[n_0, n_1, ..., n_L]``: ``n_0`` inputs, ``n_L``
        outputs, at least two entries, all positive.
    bias : bool, optional
        Whether every layer has a bias (default True).

    Returns
    -------
    int
        The sum of :func:`linear_layer_parameters` over consecutive widths.
        Activation functions have no parameters.

    Raises
    ------
    TypeError
        If ``sizes`` is not a sequence of integers or ``bias`` is not a bool.
    ValueError
        If ``sizes`` has fewer than two entries or a width is not positive.

    Notes
    -----
    .. math:: N = \sum_{\ell=1}^{L} \left( n_{\ell-1} n_\ell + n_\ell \right).

    Examples
    --------
    >>> mlp_parameters([784, 256, 10])
    203530
    >>> mlp_parameters([768, 3072, 768])   # the MLP of a GPT-2-small block
    4722432
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        msg = f"`sizes` must be a sequence of layer widths; got {type(sizes).__name__}"
        raise TypeError(msg)
    if len(sizes) < 2:
        msg = f"`sizes` must list at least an input and an output width; got {list(sizes)}"
        raise ValueError(msg)
    widths = [integer_at_least(n, f"sizes[{i}]", 1) for i, n in enumerate(sizes)]
    with_bias = _flag(bias, "bias")
    return sum(linear_layer_parameters(n_in, n_out, with_bias) for n_in, n_out in pairwise(widths))


def attention_block_parameters(d_model: int, n_heads: int, bias: bool = True) -> int:
    r"""Parameters of a multi-head self-attention block (Q, K, V and output projections).

    Parameters
    ----------
    d_model : int
        Width of the token vectors (768 in GPT-2 small).
    n_heads : int
        Number of heads; must divide ``d_model``. Each head has width
        ``d_model // n_heads``.
    bias : bool, optional
        Whether the four projections have biases (default True, as in GPT-2
        and ``torch.nn.MultiheadAttention``).

    Returns
    -------
    int
        :math:`4 d_\text{model}^2 + 4 d_\text{model}` with biases,
        :math:`4 d_\text{model}^2` without. Layer norms, the MLP and
        embeddings are not included.

    Raises
    ------
    TypeError
        If ``d_model`` or ``n_heads`` is not an integer or ``bias`` is not a bool.
    ValueError
        If either is not positive, or ``n_heads`` does not divide ``d_model``.

    Notes
    -----
    The heads split the model width, they do not multiply it: the ``H``
    query projections of width :math:`d_\text{model}/H` together form one
    :math:`d_\text{model} \times d_\text{model}` matrix, and likewise for keys,
    values and the output. Hence the count does not depend on ``n_heads``:

    .. math:: N_\text{attn} = 4\,(d_\text{model}^2 + d_\text{model}).

    References
    ----------
    A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017, §3.2.2.

    Examples
    --------
    >>> attention_block_parameters(768, 12)
    2362368
    >>> attention_block_parameters(768, 12, bias=False)
    2359296
    """
    d = integer_at_least(d_model, "d_model", 1)
    h = integer_at_least(n_heads, "n_heads", 1)
    if d % h != 0:
        msg = (
            f"`n_heads` must divide `d_model` so every head gets d_model / n_heads "
            f"features; got d_model = {d} and n_heads = {h} (remainder {d % h})"
        )
        raise ValueError(msg)
    # four d_model x d_model projections: W_Q, W_K, W_V (all heads side by side) and W_O
    return 4 * linear_layer_parameters(d, d, _flag(bias, "bias"))


def _weight_sequence(weights: object, name: str) -> list[ArrayLike]:
    """The matrices of ``weights``, checked to be a non-empty sequence, naming ``name``.

    Lists and tuples are accepted, and so is an ndarray whose first axis runs
    over the layers (a stack of equal-shaped matrices). Mappings are refused:
    ``{0: W_1, 1: W_2}`` looks like a sequence but is not indexed like one.
    Each matrix is checked later, as ``name[i]``.
    """
    layers: list[ArrayLike]
    if isinstance(weights, np.ndarray) and weights.ndim >= 1:
        layers = list(weights)  # the first axis runs over the layers
    elif isinstance(weights, Sequence) and not isinstance(weights, (str, bytes)):
        layers = list(weights)
    else:
        msg = (
            f"`{name}` must be a sequence (list or tuple) of weight matrices; "
            f"got {type(weights).__name__}"
        )
        raise TypeError(msg)
    if len(layers) == 0:
        msg = f"`{name}` must hold at least one matrix"
        raise ValueError(msg)
    return layers


def _singular_values(P: FloatArray, name: str, layer: int) -> FloatArray:
    """Singular values of ``P`` in decreasing order, as float64.

    ``P`` is the product of the first ``layer + 1`` weights; ``name`` is the
    last of them, which a message blames if the product overflows.
    """
    msg = (
        f"`{name}` makes the product of layers 1 to {layer + 1} overflow float64 "
        f"(an entry or singular value above {np.finfo(np.float64).max:.3g}); "
        "scale the weights down"
    )
    if not np.all(np.isfinite(P)):
        raise ValueError(msg)
    s = np.linalg.svd(P, compute_uv=False).astype(np.float64, copy=False)
    if not np.all(np.isfinite(s)):  # finite entries, but sigma_1 beyond float64
        raise ValueError(msg)
    return s


def _product_singular_values(weights: object, name: str) -> list[FloatArray]:
    """:func:`product_singular_values`, with messages naming ``name`` for ``weights``."""
    stack = _weight_sequence(weights, name)
    P = as_matrix(stack[0], f"{name}[0]")
    values = [_singular_values(P, f"{name}[0]", 0)]
    for layer in range(1, len(stack)):
        W_ = as_matrix(stack[layer], f"{name}[{layer}]")
        if W_.shape[1] != P.shape[0]:
            msg = (
                f"layer {layer} does not chain: `{name}[{layer}]` has shape {W_.shape} but "
                f"the previous layer outputs {P.shape[0]} values"
            )
            raise ValueError(msg)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
            P = W_ @ P  # (n_l, n_0): the whole network so far as one matrix
        values.append(_singular_values(P, f"{name}[{layer}]", layer))
    return values


def _condition_numbers(values: list[FloatArray]) -> FloatArray:
    """sigma_1 / sigma_min of each array of decreasing singular values; inf if singular."""
    # sigma_min = 0 means a singular product: the condition number is infinite.
    # Python floats: a ratio beyond float64 is inf, without numpy's overflow warning.
    return np.array([np.inf if s[-1] == 0.0 else float(s[0]) / float(s[-1]) for s in values])


def product_singular_values(weights: Sequence[ArrayLike]) -> list[FloatArray]:
    r"""Singular values of the running products :math:`W_\ell \cdots W_2 W_1`.

    Parameters
    ----------
    weights : sequence of array_like
        ``W_1, ..., W_L`` applied in that order, ``W_l`` of shape
        ``(n_l, n_{l-1})`` as in ``torch.nn.Linear``: a list or tuple, or an
        array of shape ``(L, n, n)`` whose first axis runs over the layers.

    Returns
    -------
    list of ndarray
        Entry ``l - 1`` holds the singular values of
        :math:`P_\ell = W_\ell \cdots W_1` in decreasing order: the factors by
        which a depth-:math:`\ell` linear network stretches its inputs most and least.

    Raises
    ------
    TypeError
        If ``weights`` is not a sequence of matrices (``None``, a number, a
        string or a mapping), or a weight is not array-like of real numbers.
        The message names ``weights`` or the layer, ``weights[i]``.
    ValueError
        If ``weights`` is empty, a weight is not a finite matrix, the shapes do
        not chain, or a running product overflows float64.

    Notes
    -----
    .. math:: P_\ell = W_\ell P_{\ell-1}, \qquad P_0 = I, \qquad
              \sigma_1(P_\ell) \ge \dots \ge \sigma_{\min}(P_\ell) \ge 0.

    The product is formed explicitly in float64. Once
    :math:`\sigma_1 / \sigma_{\min}` approaches :math:`1/\varepsilon \approx 4.5
    \times 10^{15}`, the computed :math:`\sigma_{\min}` is rounding noise, so
    only singular values above :math:`\varepsilon\,\sigma_1` are meaningful.

    Examples
    --------
    >>> [s.tolist() for s in product_singular_values([np.diag([2.0, 1.0])] * 3)]
    [[2.0, 1.0], [4.0, 1.0], [8.0, 1.0]]
    """
    return _product_singular_values(weights, "weights")


def product_condition_numbers(weights: Sequence[ArrayLike]) -> FloatArray:
    r"""2-norm condition numbers of the running products :math:`W_\ell \cdots W_1`.

    Parameters
    ----------
    weights : sequence of array_like
        ``W_1, ..., W_L`` as in :func:`product_singular_values`.

    Returns
    -------
    ndarray, shape (L,)
        :math:`\kappa(P_\ell) = \sigma_1(P_\ell) / \sigma_{\min}(P_\ell)` for
        :math:`\ell = 1, \dots, L`; ``inf`` where the product is singular.

    Raises
    ------
    TypeError
        As :func:`product_singular_values`: ``weights`` is not a sequence of
        matrices, or a weight is not array-like of real numbers.
    ValueError
        As :func:`product_singular_values`: ``weights`` is empty, a weight is
        not a finite matrix, the shapes do not chain, or a product overflows.

    Notes
    -----
    .. math:: \kappa(P_\ell) = \frac{\sigma_1(P_\ell)}{\sigma_{\min}(P_\ell)}
              \le \prod_{i=1}^{\ell} \kappa(W_i).

    The condition number is unchanged by scaling, :math:`\kappa(cP) =
    \kappa(P)`: an initialisation scale controls the *size* of the signal
    (:math:`\sigma_1`), not the *spread* between directions. Values near
    :math:`1/\varepsilon` are limited by float64 (see
    :func:`product_singular_values`).

    Examples
    --------
    >>> product_condition_numbers([np.diag([2.0, 1.0])] * 3).tolist()
    [2.0, 4.0, 8.0]
    >>> product_condition_numbers([np.diag([1.0, 0.0])]).tolist()
    [inf]
    """
    return _condition_numbers(_product_singular_values(weights, "weights"))
