r"""Floating point and numerical stability (chapter 15).

Float formats (FP64, FP32, FP16, BF16) read from their bits, their epsilons and
ranges, emulated round-to-nearest-even into BF16 and FP16, the log-sum-exp
trick, binary cross-entropy from logits, compensated (Kahan) summation,
symmetric integer quantization, and the norms of products of Jacobians behind
vanishing and exploding gradients.

The stable softmax, log-softmax and sigmoid the chapter discusses already live
in lower modules (:func:`aimath.autodiff.softmax`,
:func:`aimath.information.log_softmax`, :func:`aimath.calculus.sigmoid`); this
module adds what they lack.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_vector, finite_scalar, generator
from aimath.calculus import sigmoid

__all__ = [
    "FORMATS",
    "FloatAnatomy",
    "FormatInfo",
    "Quantized",
    "bce_with_logits",
    "dequantize",
    "fitted_growth_rate",
    "float_anatomy",
    "format_info",
    "jacobian_product_norms",
    "kahan_sum",
    "logsumexp",
    "matrix_with_spectral_radius",
    "naive_bce_with_logits",
    "naive_softmax",
    "naive_sum",
    "quantize",
    "round_to_bf16",
    "round_to_format",
]

#: Exponent and stored-mantissa bit counts of the formats this module knows.
_LAYOUT: dict[str, tuple[int, int]] = {
    "fp64": (11, 52),
    "fp32": (8, 23),
    "fp16": (5, 10),
    "bf16": (8, 7),
}

#: Names of the supported formats, widest first.
FORMATS: tuple[str, ...] = tuple(_LAYOUT)

#: NumPy dtypes for the formats NumPy can compute in (it has no bfloat16).
_NUMPY_DTYPE: dict[str, type[np.floating]] = {
    "fp64": np.float64,
    "fp32": np.float32,
    "fp16": np.float16,
}


def _format(fmt: object, name: str = "fmt", allowed: tuple[str, ...] = FORMATS) -> str:
    """``fmt`` as a known format name, or an error naming ``name``."""
    if not isinstance(fmt, str):
        msg = f"`{name}` must be a format name, one of {list(allowed)}; got {type(fmt).__name__}"
        raise TypeError(msg)
    if fmt not in allowed:
        msg = f"`{name}` must be one of {list(allowed)}; got {fmt!r}"
        raise ValueError(msg)
    return fmt


def _floats_or_inf(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a non-empty float64 array in which ±inf is allowed and NaN is not."""
    try:
        return as_float_array(x, name)
    except ValueError:
        arr = np.asarray(x, dtype=np.float64)  # as_float_array converted it already
        if arr.size == 0:
            raise  # the empty-array message of as_float_array
        if np.isnan(arr).any():
            msg = f"`{name}` must not contain NaN: a NaN has no rounding (±inf is allowed)"
            raise ValueError(msg) from None
        return arr


def _integer(value: object, name: str, low: int, high: int) -> int:
    """``value`` as an int in ``[low, high]``, or an error naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        msg = f"`{name}` must be an integer; got {type(value).__name__}"
        raise TypeError(msg)
    if not low <= value <= high:
        msg = f"`{name}` must be in [{low}, {high}]; got {value}"
        raise ValueError(msg)
    return int(value)


def _axis(axis: object, ndim: int) -> int:
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        msg = f"`axis` must be an integer; got {type(axis).__name__}"
        raise TypeError(msg)
    if not -ndim <= axis < ndim:
        msg = f"`axis` must be in [{-ndim}, {ndim}) for an array with {ndim} axes; got {axis}"
        raise ValueError(msg)
    return int(axis)


# ---------------------------------------------------------------------------
# Float formats
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FormatInfo:
    """Constants of a binary floating-point format (returned by :func:`format_info`).

    ``eps`` is the gap between 1 and the next float, :math:`2^{-p}` for ``p``
    stored mantissa bits; ``unit_roundoff`` is half of it, the largest relative
    error of round-to-nearest on normal numbers.
    """

    name: str
    bits: int
    exponent_bits: int
    mantissa_bits: int
    bias: int
    min_exponent: int
    max_exponent: int
    eps: float
    unit_roundoff: float
    smallest_normal: float
    smallest_subnormal: float
    max: float


def format_info(fmt: str) -> FormatInfo:
    r"""Machine epsilon, range and bias of a float format, from its bit counts.

    Parameters
    ----------
    fmt : {"fp64", "fp32", "fp16", "bf16"}
        The format.

    Returns
    -------
    FormatInfo
        Bit counts, the exponent bias, the smallest and largest unbiased
        exponents of normal numbers, ``eps``, the unit roundoff, the smallest
        normal and subnormal numbers and the largest finite number.

    Raises
    ------
    TypeError
        If ``fmt`` is not a string.
    ValueError
        If ``fmt`` is not a known format.

    Notes
    -----
    With :math:`k` exponent bits and :math:`p` stored mantissa bits, the bias is
    :math:`b = 2^{k-1} - 1` and

    .. math::

        \varepsilon = 2^{-p}, \quad
        x_{\min} = 2^{1-b}, \quad
        x_{\text{sub}} = 2^{1-b-p}, \quad
        x_{\max} = (2 - 2^{-p})\, 2^{b}.

    References
    ----------
    [1] D. Goldberg, "What every computer scientist should know about
       floating-point arithmetic", ACM Computing Surveys 23(1), 1991.

    Examples
    --------
    >>> format_info("fp16").max
    65504.0
    >>> format_info("bf16").eps
    0.0078125
    """
    name = _format(fmt)
    k, p = _LAYOUT[name]
    bias = 2 ** (k - 1) - 1
    eps = math.ldexp(1.0, -p)
    return FormatInfo(
        name=name,
        bits=1 + k + p,
        exponent_bits=k,
        mantissa_bits=p,
        bias=bias,
        min_exponent=1 - bias,
        max_exponent=bias,
        eps=eps,
        unit_roundoff=eps / 2,
        smallest_normal=math.ldexp(1.0, 1 - bias),
        smallest_subnormal=math.ldexp(1.0, 1 - bias - p),
        max=math.ldexp(2.0 - eps, bias),
    )


@dataclass(frozen=True)
class FloatAnatomy:
    """The fields of one stored float (returned by :func:`float_anatomy`).

    ``exponent`` is the unbiased exponent: ``biased_exponent - bias`` for
    normal numbers, ``1 - bias`` for subnormals and zero, and ``None`` for
    infinities. ``value`` is decoded from the bits, not copied from the input.
    """

    fmt: str
    sign: int
    exponent_bits: str
    mantissa_bits: str
    biased_exponent: int
    exponent: int | None
    kind: str
    value: float

    @property
    def bits(self) -> str:
        """All bits, sign first."""
        return f"{self.sign}{self.exponent_bits}{self.mantissa_bits}"


def _bf16_bits(x32: NDArray[np.float32]) -> NDArray[np.uint32]:
    """Round FP32 values to BF16 (nearest, ties to even); return the 16-bit patterns."""
    u = x32.view(np.uint32)
    # add 0x7FFF plus the lowest kept bit: carries into the kept half exactly when the
    # dropped half exceeds one half, or equals it and the kept half is odd (ties to even)
    lowest_kept = (u >> np.uint32(16)) & np.uint32(1)
    rounded: NDArray[np.uint32] = (u + np.uint32(0x7FFF) + lowest_kept) >> np.uint32(16)
    return rounded


def _pattern(value: float, name: str) -> int:
    """The bit pattern of ``value`` rounded to format ``name``, as a Python int."""
    with np.errstate(over="ignore"):  # beyond the range the cast gives inf, on purpose
        if name == "bf16":
            return int(_bf16_bits(np.array([value], dtype=np.float32))[0])
        unsigned = {"fp64": np.uint64, "fp32": np.uint32, "fp16": np.uint16}[name]
        return int(np.array([value], dtype=_NUMPY_DTYPE[name]).view(unsigned)[0])


def float_anatomy(x: float, fmt: str = "fp32") -> FloatAnatomy:
    r"""Sign, exponent and mantissa of ``x`` stored in a float format.

    Parameters
    ----------
    x : float
        A real number or ±inf. It is rounded to ``fmt`` first (to nearest, ties
        to even); numbers beyond the format's range become ±inf.
    fmt : {"fp32", "fp16", "bf16", "fp64"}, optional
        The format. FP64, FP32 and FP16 are read through NumPy (``x.view`` of
        the unsigned integer of the same width); BF16 is the upper half of the
        FP32 pattern after rounding (:func:`round_to_bf16`).

    Returns
    -------
    FloatAnatomy
        The bit fields as strings, the biased and unbiased exponent, the kind
        (``"normal"``, ``"subnormal"``, ``"zero"`` or ``"infinity"``) and the
        value decoded from the bits by the formula below.

    Raises
    ------
    TypeError
        If ``x`` is not a real number or ``fmt`` is not a string.
    ValueError
        If ``x`` is NaN or ``fmt`` is not a known format.

    Notes
    -----
    With sign bit :math:`s`, biased exponent :math:`E`, stored fraction
    :math:`m` of :math:`p` bits and bias :math:`b`:

    .. math::

        x = \begin{cases}
            (-1)^s \, 2^{E-b} \,(1 + m / 2^p) & 0 < E < 2^k - 1
                \text{ (normal)}\\
            (-1)^s \, 2^{1-b} \,(m / 2^p) & E = 0 \text{ (subnormal, zero)}
        \end{cases}

    Examples
    --------
    >>> a = float_anatomy(-2.5, "fp16")
    >>> a.sign, a.exponent_bits, a.mantissa_bits, a.exponent, a.value
    (1, '10000', '0100000000', 1, -2.5)
    """
    given: object = x  # checked at run time: callers may pass anything
    if isinstance(given, (bool, np.bool_)) or not isinstance(
        given, (int, float, np.integer, np.floating)
    ):
        msg = f"`x` must be a real number; got {type(x).__name__}"
        raise TypeError(msg)
    value = float(x)
    if math.isnan(value):
        msg = "`x` must not be NaN: the anatomy of a NaN is not a number's"
        raise ValueError(msg)
    name = _format(fmt)
    k, p = _LAYOUT[name]
    bias = 2 ** (k - 1) - 1
    pattern = _pattern(value, name)
    sign = pattern >> (k + p)
    biased = (pattern >> p) & (2**k - 1)
    fraction = pattern & (2**p - 1)
    sign_factor = -1.0 if sign else 1.0
    exponent: int | None
    if biased == 2**k - 1:  # all ones: infinity (NaN was rejected above)
        kind, exponent, decoded = "infinity", None, sign_factor * math.inf
    elif biased == 0:  # no implicit leading 1: subnormal or zero
        kind = "zero" if fraction == 0 else "subnormal"
        exponent = 1 - bias
        decoded = sign_factor * math.ldexp(fraction, 1 - bias - p)
    else:
        kind, exponent = "normal", biased - bias
        decoded = sign_factor * math.ldexp(2**p + fraction, biased - bias - p)
    return FloatAnatomy(
        fmt=name,
        sign=sign,
        exponent_bits=format(biased, f"0{k}b"),
        mantissa_bits=format(fraction, f"0{p}b"),
        biased_exponent=biased,
        exponent=exponent,
        kind=kind,
        value=decoded,
    )


def round_to_bf16(x: ArrayLike) -> FloatArray:
    r"""Round to BF16 exactly as hardware does: on the bits of the FP32 value.

    Parameters
    ----------
    x : array_like
        Real numbers or ±inf, any shape. They are converted to FP32 first
        (round to nearest), as ``torch`` does when it casts a float64 tensor
        to ``bfloat16``.

    Returns
    -------
    ndarray
        Same shape, float64 holding the BF16 values exactly. Values beyond the
        BF16 range become ±inf, as in the cast.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers.
    ValueError
        If ``x`` is empty or contains NaN.

    Notes
    -----
    BF16 keeps the upper 16 bits of the FP32 pattern :math:`u`. Round to
    nearest, ties to even, is one integer addition before the shift:

    .. math:: u_{16} = \big(u + \texttt{0x7FFF} + \lfloor u / 2^{16} \rfloor \bmod 2\big)
              \gg 16 .

    The carry reaches the kept half exactly when the dropped half is above
    :math:`2^{15}` (more than half a unit), or equal to it and the kept half is
    odd. A carry out of the mantissa increments the exponent, which is the
    correct rounding up to the next power of two (or to infinity).

    Because the input passes through FP32, a float64 that lies just above a BF16
    tie can round down (double rounding); :func:`round_to_format` rounds
    float64 directly.

    Examples
    --------
    >>> round_to_bf16([1.0 + 2.0**-8, 1.0 + 3 * 2.0**-8, 70000.0]).tolist()
    [1.0, 1.015625, 70144.0]
    """
    arr = _floats_or_inf(x, "x")
    with np.errstate(over="ignore"):  # beyond FP32's range the cast gives inf, like torch
        x32 = arr.astype(np.float32)
    bits16 = _bf16_bits(np.ascontiguousarray(x32))
    out: FloatArray = (bits16 << np.uint32(16)).view(np.float32).astype(np.float64)
    return out


def round_to_format(x: ArrayLike, fmt: str) -> FloatArray:
    r"""Round float64 numbers to the nearest number of a format (ties to even).

    Parameters
    ----------
    x : array_like
        Real numbers or ±inf, any shape.
    fmt : {"fp32", "fp16", "bf16", "fp64"}
        The target format.

    Returns
    -------
    ndarray
        Same shape, float64 holding the rounded values exactly: subnormals
        where the format has them, ±inf beyond its range, signed zeros kept.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers or ``fmt`` is not a string.
    ValueError
        If ``x`` is empty or contains NaN, or ``fmt`` is unknown.

    Notes
    -----
    Numbers of a format with :math:`p` mantissa bits are spaced
    :math:`2^{e-p}` apart in the binade :math:`[2^e, 2^{e+1})`, with :math:`e`
    never below the smallest normal exponent :math:`e_{\min}` (that floor is
    what makes subnormals evenly spaced). So

    .. math::

        \operatorname{fl}(x) = \operatorname{rne}\!\big(x / q\big)\, q, \qquad
        q = 2^{\max(\lfloor \log_2 |x| \rfloor,\ e_{\min}) - p},

    where :math:`\operatorname{rne}` rounds to the nearest integer, ties to even
    (``np.rint``). Division by a power of two is exact, so this is the
    correctly rounded result; if it exceeds the largest finite number the
    result is infinite, as IEEE 754 prescribes.

    Examples
    --------
    >>> round_to_format([65000.0, 70000.0, 1e-8], "fp16").tolist()
    [64992.0, inf, 0.0]
    >>> round_to_format([1.0 + 2.0**-8 + 2.0**-40], "bf16").tolist()
    [1.0078125]
    """
    arr = _floats_or_inf(x, "x")
    info = format_info(fmt)
    out = arr.copy()
    finite = np.isfinite(arr)
    magnitude = np.abs(arr[finite])
    _, e = np.frexp(magnitude)  # magnitude = f * 2**e with f in [0.5, 1)
    binade = np.maximum(e - 1, info.min_exponent)  # floor(log2|x|), floored at e_min
    quantum = np.ldexp(1.0, binade - info.mantissa_bits)
    rounded = np.rint(magnitude / quantum) * quantum  # np.rint: nearest, ties to even
    rounded[rounded > info.max] = np.inf  # overflow after rounding
    out[finite] = np.copysign(rounded, arr[finite])
    return out


# ---------------------------------------------------------------------------
# Softmax and cross-entropy without overflow
# ---------------------------------------------------------------------------


def logsumexp(z: ArrayLike, axis: int = -1) -> FloatArray:
    r"""The log-sum-exp :math:`\log \sum_i e^{z_i}` along an axis, without overflow.

    Parameters
    ----------
    z : array_like
        Finite numbers, at least 1-D.
    axis : int, optional
        The axis summed over (default: the last).

    Returns
    -------
    ndarray
        ``z`` with ``axis`` removed (a 0-d array for a vector).

    Raises
    ------
    TypeError
        If ``z`` is not array-like of real numbers or ``axis`` is not an integer.
    ValueError
        If ``z`` is empty, 0-d or not finite, or ``axis`` is out of range.

    Notes
    -----
    .. math::

        \log \sum_i e^{z_i} = m + \log \sum_i e^{z_i - m}, \qquad m = \max_i z_i .

    Every shifted exponent is at most 0 and one of them is 0, so the sum lies
    in :math:`[1, n]`: it can neither overflow nor underflow to zero.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0])) == 1000.0 + math.log(2.0)
    True
    >>> float(logsumexp([0.0, 0.0, 0.0, 0.0])) == math.log(4.0)
    True
    """
    z_ = as_float_array(z, "z")
    if z_.ndim == 0:
        msg = "`z` must be at least 1-D; got a scalar"
        raise ValueError(msg)
    ax = _axis(axis, z_.ndim)
    m = z_.max(axis=ax, keepdims=True)  # subtract the max so no exp overflows
    out: FloatArray = (m + np.log(np.exp(z_ - m).sum(axis=ax, keepdims=True))).squeeze(ax)
    return out


def naive_softmax(z: ArrayLike, dtype: str = "fp64", axis: int = -1) -> FloatArray:
    r"""Softmax straight from the definition, computed in ``dtype``: it can overflow.

    A teaching foil for :func:`aimath.autodiff.softmax`. It exponentiates the
    logits without shifting them, so large logits give ``inf / inf = nan``.

    Parameters
    ----------
    z : array_like
        Finite logits, at least 1-D.
    dtype : {"fp64", "fp32", "fp16"}, optional
        The precision of the computation (NumPy has no BF16 arithmetic).
    axis : int, optional
        The axis that sums to 1.

    Returns
    -------
    ndarray
        Float64, same shape as ``z``. It contains NaN where an exponential
        overflowed: that is the failure this function exists to show.

    Raises
    ------
    TypeError
        If ``z`` is not array-like of real numbers, ``dtype`` is not a string
        or ``axis`` is not an integer.
    ValueError
        If ``z`` is empty, 0-d or not finite, ``dtype`` is unknown or ``axis``
        is out of range.

    Notes
    -----
    .. math:: \operatorname{softmax}(z)_i = e^{z_i} \Big/ \sum_j e^{z_j}

    :math:`e^{z}` overflows once :math:`z > \log x_{\max}`: about 709.8 in
    FP64, 88.7 in FP32 and 11.1 in FP16.

    Examples
    --------
    >>> naive_softmax([1.0, 2.0, 3.0]).round(4).tolist()
    [0.09, 0.2447, 0.6652]
    >>> naive_softmax([1000.0, 2000.0, 3000.0]).tolist()
    [nan, nan, nan]
    """
    z_ = as_float_array(z, "z")
    name = _format(dtype, "dtype", tuple(_NUMPY_DTYPE))
    if z_.ndim == 0:
        msg = "`z` must be at least 1-D (a vector of logits); got a scalar"
        raise ValueError(msg)
    ax = _axis(axis, z_.ndim)
    # overflow and inf/inf are the lesson here: compute them without warnings
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z_.astype(_NUMPY_DTYPE[name]))
        p = e / e.sum(axis=ax, keepdims=True)
    out: FloatArray = p.astype(np.float64)
    return out


def _logits_and_targets(logits: ArrayLike, targets: ArrayLike) -> tuple[FloatArray, FloatArray]:
    z = as_float_array(logits, "logits")
    y = as_float_array(targets, "targets")
    if z.shape != y.shape:
        msg = f"`logits` and `targets` must have the same shape; got {z.shape} and {y.shape}"
        raise ValueError(msg)
    if np.any((y < 0.0) | (y > 1.0)):
        msg = f"`targets` must be probabilities in [0, 1]; got values in [{y.min()}, {y.max()}]"
        raise ValueError(msg)
    return z, y


def bce_with_logits(logits: ArrayLike, targets: ArrayLike) -> FloatArray:
    r"""Binary cross-entropy of ``sigmoid(logits)`` against targets, stably, elementwise.

    Parameters
    ----------
    logits : array_like
        Finite logits :math:`z`, any shape.
    targets : array_like
        Targets :math:`y \in [0, 1]`, the same shape.

    Returns
    -------
    ndarray
        The loss of each element, in nats (``reduction="none"`` in torch).

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If an argument is empty or not finite, the shapes differ, or a target
        lies outside [0, 1].

    Notes
    -----
    With :math:`\sigma(z) = 1/(1 + e^{-z})`,
    :math:`-\log\sigma(z) = \log(1 + e^{-z})` and
    :math:`-\log(1-\sigma(z)) = z + \log(1 + e^{-z})`, so

    .. math::

        \ell(z, y) = -y \log \sigma(z) - (1 - y)\log(1 - \sigma(z))
                   = \max(z, 0) - z y + \log\!\big(1 + e^{-|z|}\big).

    The exponent :math:`-|z|` is never positive, so nothing overflows, and
    ``log1p`` keeps the last term accurate when it is tiny.

    References
    ----------
    [1] PyTorch, ``torch.nn.functional.binary_cross_entropy_with_logits``.

    Examples
    --------
    >>> bce_with_logits([0.0, 40.0], [1.0, 0.0]).tolist() == [math.log(2.0), 40.0]
    True
    """
    z, y = _logits_and_targets(logits, targets)
    loss: FloatArray = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return loss


def naive_bce_with_logits(logits: ArrayLike, targets: ArrayLike) -> FloatArray:
    r"""Binary cross-entropy through the probability :math:`p = \sigma(z)`: it can give inf.

    A teaching foil for :func:`bce_with_logits`. The sigmoid itself is stable
    (:func:`aimath.calculus.sigmoid`), but for :math:`z \gtrsim 37` the
    probability rounds to exactly 1 in float64, and :math:`\log(1 - p)` is
    :math:`\log 0 = -\infty`.

    Parameters
    ----------
    logits : array_like
        Finite logits, any shape.
    targets : array_like
        Targets in [0, 1], the same shape.

    Returns
    -------
    ndarray
        The loss of each element; ``inf`` where a probability saturated, and
        ``nan`` where a saturated term is multiplied by a zero target weight.

    Raises
    ------
    TypeError
        If an argument is not array-like of real numbers.
    ValueError
        If an argument is empty or not finite, the shapes differ, or a target
        lies outside [0, 1].

    Notes
    -----
    .. math:: \ell = -y \log p - (1 - y) \log(1 - p), \qquad p = \sigma(z).

    Examples
    --------
    >>> naive_bce_with_logits([0.0, 40.0], [1.0, 0.0]).tolist()[1]
    inf
    """
    z, y = _logits_and_targets(logits, targets)
    p = sigmoid(z)
    with np.errstate(divide="ignore", invalid="ignore"):  # log(0) is the lesson
        loss: FloatArray = -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
    return loss


# ---------------------------------------------------------------------------
# Summation
# ---------------------------------------------------------------------------


def _summands(x: ArrayLike, dtype: str) -> NDArray[np.floating]:
    arr = as_float_array(x, "x")
    name = _format(dtype, "dtype", tuple(_NUMPY_DTYPE))
    if arr.ndim not in (1, 2):
        msg = f"`x` must be 1-D or 2-D (summed along axis 0); got shape {arr.shape}"
        raise ValueError(msg)
    with np.errstate(over="ignore"):  # a summand beyond the format's range becomes inf
        converted: NDArray[np.floating] = arr.astype(_NUMPY_DTYPE[name])
    if not np.all(np.isfinite(converted)):
        msg = f"`x` must fit in {name}: some entries overflow to inf"
        raise ValueError(msg)
    return converted


def naive_sum(x: ArrayLike, dtype: str = "fp32") -> FloatArray:
    r"""Left-to-right (recursive) summation along axis 0, every addition rounded to ``dtype``.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, k)
        Finite numbers; a 2-D array sums each column separately.
    dtype : {"fp32", "fp16", "fp64"}, optional
        The format of the running sum (the summands are rounded to it first).

    Returns
    -------
    ndarray
        The sums as float64, shape ``()`` or ``(k,)``.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers or ``dtype`` is not a string.
    ValueError
        If ``x`` is empty, not finite, not 1-D or 2-D or does not fit in
        ``dtype``, or ``dtype`` is unknown.

    Notes
    -----
    :math:`s_1 = x_1,\ s_i = \operatorname{fl}(s_{i-1} + x_i)`. Its error is
    bounded by :math:`(n-1)\,u \sum_i |x_i|` to first order. NumPy's
    ``np.sum`` does *not* sum this way: it adds pairwise in blocks, which is
    far more accurate; ``np.cumsum`` does, and is used here.

    References
    ----------
    [1] N. J. Higham, *Accuracy and Stability of Numerical Algorithms*,
       2nd ed., SIAM, 2002, §4.2.

    Examples
    --------
    >>> float(naive_sum([1.0, 2.0**-24, 2.0**-24]))
    1.0
    """
    terms = _summands(x, dtype)
    with np.errstate(over="ignore"):
        running = np.cumsum(terms, axis=0)  # sequential: s_i = fl(s_{i-1} + x_i)
    out: FloatArray = running[-1].astype(np.float64)
    return out


def kahan_sum(x: ArrayLike, dtype: str = "fp32") -> FloatArray:
    r"""Compensated (Kahan) summation along axis 0, every operation rounded to ``dtype``.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, k)
        Finite numbers; a 2-D array sums each column separately (in one pass).
    dtype : {"fp32", "fp16", "fp64"}, optional
        The format of every intermediate (the summands are rounded to it first).

    Returns
    -------
    ndarray
        The sums as float64, shape ``()`` or ``(k,)``.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers or ``dtype`` is not a string.
    ValueError
        If ``x`` is empty, not finite, not 1-D or 2-D or does not fit in
        ``dtype``, or ``dtype`` is unknown.

    Notes
    -----
    A second variable :math:`c` carries the low-order bits each addition loses:

    .. math::

        y = x_i - c, \quad t = s + y, \quad c = (t - s) - y, \quad s = t .

    The computed sum satisfies
    :math:`|\hat s - s| \le \big(2u + O(n u^2)\big) \sum_i |x_i|` (Kahan; Goldberg):
    the error no longer grows with :math:`n`.

    References
    ----------
    [1] W. Kahan, "Further remarks on reducing truncation errors",
       Communications of the ACM 8(1), 1965.
    [2] D. Goldberg, "What every computer scientist should know about
       floating-point arithmetic", 1991, Theorem 8.

    Examples
    --------
    >>> float(kahan_sum([1.0, 2.0**-24, 2.0**-24]))
    1.0000001192092896
    """
    terms = _summands(x, dtype)
    s = np.zeros(terms.shape[1:], dtype=terms.dtype)
    c = np.zeros_like(s)  # the running compensation: what the last additions lost
    with np.errstate(over="ignore", invalid="ignore"):
        for term in terms:
            y = term - c
            t = s + y
            c = (t - s) - y  # (t - s) is what was actually added; minus y is the loss
            s = t
    out: FloatArray = s.astype(np.float64)
    return out


# ---------------------------------------------------------------------------
# Integer quantization
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantized:
    """Integers and the scale that maps them back (returned by :func:`quantize`).

    ``q`` holds integers in :math:`[-(2^{b-1}-1),\\ 2^{b-1}-1]` (int8 storage
    for ``bits <= 8``); the dequantized values are ``q * scale``.
    """

    q: NDArray[np.integer]
    scale: float
    bits: int


def quantize(x: ArrayLike, bits: int = 8) -> Quantized:
    r"""Symmetric per-tensor quantization of ``x`` to signed ``bits``-bit integers.

    Parameters
    ----------
    x : array_like
        Finite numbers, any shape.
    bits : int, optional
        Bit width, 2 to 16 (8 gives int8 with levels -127..127).

    Returns
    -------
    Quantized
        The integers ``q`` (int8 or int16), the ``scale`` and ``bits``.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers or ``bits`` is not an integer.
    ValueError
        If ``x`` is empty or not finite, or ``bits`` is outside [2, 16].

    Notes
    -----
    .. math::

        s = \frac{\max_i |x_i|}{2^{b-1} - 1}, \qquad
        q_i = \operatorname{round}(x_i / s), \qquad
        |x_i - s\, q_i| \le s / 2 .

    One outlier sets :math:`s` for the whole tensor: all other entries get the
    same coarse grid, the problem LLM.int8() solves by keeping outlier
    features in 16 bits. An all-zero ``x`` gets ``scale = 1``.

    References
    ----------
    [1] T. Dettmers, M. Lewis, Y. Belkada, L. Zettlemoyer, "LLM.int8(): 8-bit
       matrix multiplication for transformers at scale", NeurIPS 2022.

    Examples
    --------
    >>> qt = quantize([0.5, -1.27, 0.003])
    >>> qt.q.tolist(), qt.scale
    ([50, -127, 0], 0.01)
    """
    arr = as_float_array(x, "x")
    b = _integer(bits, "bits", 2, 16)
    q_max = 2 ** (b - 1) - 1
    peak = float(np.max(np.abs(arr)))
    scale = peak / q_max if peak > 0.0 else 1.0  # all zeros: any scale works
    q = np.clip(np.rint(arr / scale), -q_max, q_max)  # clip guards rounding at the peak
    storage = np.int8 if b <= 8 else np.int16
    return Quantized(q=q.astype(storage), scale=scale, bits=b)


def dequantize(q: ArrayLike, scale: float) -> FloatArray:
    r"""Map quantized integers back to real numbers: ``q * scale``.

    Parameters
    ----------
    q : array_like
        Integers (any integer dtype, or floats with integer values).
    scale : float
        The positive scale from :func:`quantize`.

    Returns
    -------
    ndarray
        Float64 values, same shape as ``q``.

    Raises
    ------
    TypeError
        If ``q`` is not array-like of numbers or ``scale`` is not a real number.
    ValueError
        If ``q`` is empty, not finite or not integer-valued, or ``scale`` is
        not a finite positive number.

    Notes
    -----
    .. math:: \hat x_i = s\, q_i

    Examples
    --------
    >>> dequantize([50, -127, 0], 0.01).tolist()
    [0.5, -1.27, 0.0]
    """
    q_ = as_float_array(q, "q")
    if np.any(q_ != np.rint(q_)):
        msg = "`q` must hold integers (quantized levels); got non-integer values"
        raise ValueError(msg)
    s = finite_scalar(scale, "scale")
    if s <= 0.0:
        msg = f"`scale` must be positive; got {s!r}"
        raise ValueError(msg)
    out: FloatArray = q_ * s
    return out


# ---------------------------------------------------------------------------
# Vanishing and exploding gradients
# ---------------------------------------------------------------------------


def matrix_with_spectral_radius(rho: float, n: int, rng: np.random.Generator) -> FloatArray:
    r"""A random Gaussian ``n x n`` matrix rescaled to spectral radius ``rho``.

    Parameters
    ----------
    rho : float
        The target spectral radius, positive.
    n : int
        The size, 1 to 1000.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray, shape (n, n)
        :math:`W = \rho\, A / \rho(A)` for :math:`A` with standard normal entries.

    Raises
    ------
    TypeError
        If ``rho`` is not a real number, ``n`` not an integer or ``rng`` not a Generator.
    ValueError
        If ``rho`` is not finite and positive or ``n`` is out of range.

    Notes
    -----
    :math:`\rho(W) = \max_i |\lambda_i(W)|`. Eigenvalues scale with the matrix,
    so the rescaled matrix has spectral radius exactly :math:`\rho` (up to
    rounding). Its spectral *norm* is larger: a random matrix is not normal.

    Examples
    --------
    >>> W = matrix_with_spectral_radius(0.9, 4, np.random.default_rng(0))
    >>> round(float(np.max(np.abs(np.linalg.eigvals(W)))), 12)
    0.9
    """
    r = finite_scalar(rho, "rho")
    if r <= 0.0:
        msg = f"`rho` must be positive; got {r!r}"
        raise ValueError(msg)
    size = _integer(n, "n", 1, 1000)
    generator(rng)
    A = rng.standard_normal((size, size))
    radius = float(np.max(np.abs(np.linalg.eigvals(A))))
    W: FloatArray = (r / radius) * A
    return W


def jacobian_product_norms(jacobians: ArrayLike) -> FloatArray:
    r"""Spectral norms of the running products :math:`J_k J_{k-1} \cdots J_1`.

    Parameters
    ----------
    jacobians : array_like, shape (L, n, n)
        The Jacobians of ``L`` layers, first layer first.

    Returns
    -------
    ndarray, shape (L,)
        :math:`\lVert J_k \cdots J_1 \rVert_2` for :math:`k = 1, \dots, L`.

    Raises
    ------
    TypeError
        If ``jacobians`` is not array-like of real numbers.
    ValueError
        If ``jacobians`` is empty, not finite or not a stack of square matrices.

    Notes
    -----
    Backpropagation through :math:`L` layers multiplies the gradient by
    :math:`(J_L \cdots J_1)^\top`, so this norm bounds how much a gradient can
    grow or shrink. For one repeated matrix, Gelfand's formula
    :math:`\lVert W^k \rVert^{1/k} \to \rho(W)` makes the norms grow or decay
    like :math:`\rho(W)^k`. The running product is renormalised at each
    step and the scale factors are multiplied in a separate mantissa and
    exponent, so no intermediate product overflows or underflows.

    References
    ----------
    [1] R. Pascanu, T. Mikolov, Y. Bengio, "On the difficulty of training
       recurrent neural networks", ICML 2013.

    Examples
    --------
    >>> jacobian_product_norms([[[2.0, 0.0], [0.0, 0.5]]] * 3).tolist()
    [2.0, 4.0, 8.0]
    """
    J = as_float_array(jacobians, "jacobians")
    if J.ndim != 3 or J.shape[1] != J.shape[2]:
        msg = f"`jacobians` must have shape (L, n, n); got {J.shape}"
        raise ValueError(msg)
    norms = np.zeros(J.shape[0])
    product = np.eye(J.shape[1])  # the running product, rescaled to norm 1
    mantissa, exponent = 1.0, 0  # the removed scale, mantissa * 2**exponent
    for k, J_k in enumerate(J):
        product = J_k @ product
        norm = float(np.linalg.norm(product, 2))
        if norm == 0.0:  # a singular product stays zero
            break
        mantissa, shift = math.frexp(mantissa * norm)
        exponent += shift
        with np.errstate(over="ignore", under="ignore"):  # only the result may leave the range
            norms[k] = np.ldexp(mantissa, exponent)
        product /= norm
    return norms


def fitted_growth_rate(norms: ArrayLike) -> float:
    r"""Per-layer growth factor of a sequence of norms: :math:`e^{\text{slope}}` of a log fit.

    Parameters
    ----------
    norms : array_like, shape (L,)
        Positive, finite norms, at least 4 of them (e.g. from
        :func:`jacobian_product_norms`).

    Returns
    -------
    float
        :math:`e^{\hat\beta}`, where :math:`\hat\beta` is the least-squares slope
        of :math:`\log \lVert\cdot\rVert_k` against :math:`k` over the second half
        of the sequence (the first half holds the transient).

    Raises
    ------
    TypeError
        If ``norms`` is not array-like of real numbers.
    ValueError
        If ``norms`` is not a finite 1-D array of at least 4 positive numbers.

    Notes
    -----
    .. math:: \log \lVert P_k \rVert \approx \alpha + \beta k
              \quad\Longrightarrow\quad \lVert P_k \rVert \approx e^{\alpha} (e^{\beta})^k .

    Examples
    --------
    >>> round(fitted_growth_rate([0.5**k for k in range(1, 11)]), 12)
    0.5
    """
    v = as_vector(norms, "norms")
    if v.shape[0] < 4:
        msg = f"`norms` must hold at least 4 values to fit a rate; got {v.shape[0]}"
        raise ValueError(msg)
    if np.any(v <= 0.0):
        msg = "`norms` must be positive (their logarithms are fitted); got a value <= 0"
        raise ValueError(msg)
    k = np.arange(1, v.shape[0] + 1, dtype=np.float64)
    half = v.shape[0] // 2
    slope = np.polyfit(k[half:], np.log(v[half:]), 1)[0]
    return float(np.exp(slope))
