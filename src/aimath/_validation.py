"""Input checks shared by the topic modules.

Every function here turns user input into a float64 array or raises a
``TypeError``/``ValueError`` whose message names the argument, says what was
expected and shows what was received.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from aimath._typing import ArrayLike, FloatArray

#: Largest ``|sum(p) - 1|`` accepted for a probability vector or table, in every
#: module. Rounded inputs such as ``[0.1] * 10`` (sum ``0.9999999999999999``)
#: pass; a typo such as ``[0.2, 0.7]`` does not. For ``n`` float64 entries the
#: rounding of the sum is at most about ``n * 1.1e-16``, far below this for any
#: realistic ``n``. (A float32 softmax is off by up to about ``n * 6e-8``: cast
#: it to float64 and renormalise before passing it.)
SUM_TOL = 1e-9


def _describe(x: object) -> str:
    return type(x).__name__


def as_float_array(x: ArrayLike, name: str) -> FloatArray:
    """Convert ``x`` to a finite float64 array or raise naming ``name``."""
    if (
        isinstance(x, (str, bytes))
        or x is None
        or (isinstance(x, np.ndarray) and np.iscomplexobj(x))
    ):
        msg = f"`{name}` must be array-like of numbers; got {_describe(x)}"
        raise TypeError(msg)
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = f"`{name}` must be array-like of numbers; got {_describe(x)} ({exc})"
        raise TypeError(msg) from None
    if arr.size == 0:
        msg = f"`{name}` must not be empty; got shape {arr.shape}"
        raise ValueError(msg)
    if not np.all(np.isfinite(arr)):
        if _holds_none(x):
            # NumPy turns None into NaN: report the None, not a NaN the caller never wrote
            msg = f"`{name}` must be array-like of numbers; got None among its entries"
            raise TypeError(msg)
        msg = f"`{name}` must contain only finite numbers; got NaN or inf"
        raise ValueError(msg)
    return arr


def _holds_none(x: ArrayLike) -> bool:
    """Whether ``x`` (already known to convert to a float array) has a ``None`` entry."""
    entries = np.asarray(x, dtype=object)
    return any(item is None for item in entries.flat)


def as_vector(x: ArrayLike, name: str) -> FloatArray:
    """Return ``x`` as a non-empty, finite 1-D float64 array."""
    arr = as_float_array(x, name)
    if arr.ndim != 1:
        msg = f"`{name}` must be a 1-D vector; got an array of shape {arr.shape}"
        raise ValueError(msg)
    return arr


def as_matrix(x: ArrayLike, name: str, *, square: bool = False) -> FloatArray:
    """Return ``x`` as a non-empty, finite 2-D float64 array."""
    arr = as_float_array(x, name)
    if arr.ndim != 2:
        msg = f"`{name}` must be a 2-D matrix; got an array of shape {arr.shape}"
        raise ValueError(msg)
    if square and arr.shape[0] != arr.shape[1]:
        msg = f"`{name}` must be square; got shape {arr.shape}"
        raise ValueError(msg)
    return arr


def same_length(a: FloatArray, b: FloatArray, name_a: str, name_b: str) -> None:
    """Raise unless the 1-D arrays ``a`` and ``b`` have equal length."""
    if a.shape != b.shape:
        msg = (
            f"`{name_a}` and `{name_b}` must have the same length; "
            f"got {a.shape[0]} and {b.shape[0]}"
        )
        raise ValueError(msg)


def euclidean_length(v: FloatArray) -> float:
    """Euclidean length of ``v`` without overflow or underflow of the squares."""
    # scale by the largest entry first: squaring 1e200 overflows, 1e-200 underflows
    scale = float(np.max(np.abs(v)))
    if scale == 0.0:
        return 0.0
    return scale * float(np.sqrt(np.sum((v / scale) ** 2)))


def finite_scalar(x: object, name: str) -> float:
    """Return ``x`` as a finite float or raise naming ``name``.

    Text is refused even when it spells a number (``float("0.1")`` would
    accept it); see :func:`real_number` for the stricter check that also
    refuses booleans.
    """
    if isinstance(x, (str, bytes)):
        msg = f"`{name}` must be a real number; got {type(x).__name__}"
        raise TypeError(msg)
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        msg = f"`{name}` must be a real number; got {_describe(x)}"
        raise TypeError(msg) from None
    if not np.isfinite(value):
        msg = f"`{name}` must be a finite number; got {value!r}"
        raise ValueError(msg)
    return value


def nonzero_norm(v: FloatArray, name: str) -> float:
    """Return the Euclidean length of ``v``, raising if it is zero."""
    length = euclidean_length(v)
    if length == 0.0:
        msg = f"`{name}` must not be the zero vector: its direction is undefined"
        raise ValueError(msg)
    return length


def real_number(x: object, name: str) -> float:
    """``x`` as a finite float, or raise naming ``name``.

    Stricter than :func:`finite_scalar`: booleans, strings, complex numbers
    and other non-real types are refused (``float("0.1")`` would accept
    text). NumPy scalars and 0-d arrays of integer or float dtype count as
    real numbers.
    """
    if isinstance(x, (bool, np.bool_)):
        msg = f"`{name}` must be a real number, not a boolean; got {x!r}"
        raise TypeError(msg)
    if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind == "b":
        msg = f"`{name}` must be a real number, not a boolean; got {x!r}"
        raise TypeError(msg)
    zero_d_real = isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf"
    if not (isinstance(x, numbers.Real) or zero_d_real):
        msg = f"`{name}` must be a real number; got {type(x).__name__}"
        raise TypeError(msg)
    value = float(x)  # type: ignore[arg-type]
    if not math.isfinite(value):
        msg = f"`{name}` must be a finite number; got {value!r}"
        raise ValueError(msg)
    return value


def positive_number(x: object, name: str) -> float:
    """``x`` as a finite float ``> 0``, or raise naming ``name``."""
    value = real_number(x, name)
    if value <= 0.0:
        msg = f"`{name}` must be positive; got {value!r}"
        raise ValueError(msg)
    return value


def nonnegative_number(x: object, name: str) -> float:
    """``x`` as a finite float ``>= 0``, or raise naming ``name``."""
    value = real_number(x, name)
    if value < 0.0:
        msg = f"`{name}` must be non-negative; got {value!r}"
        raise ValueError(msg)
    return value


def integer_at_least(x: object, name: str, minimum: int, maximum: int | None = None) -> int:
    """``x`` as an ``int`` in ``[minimum, maximum]``, or raise naming ``name``.

    ``maximum=None`` leaves the range open above.
    """
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        msg = f"`{name}` must be an integer; got {type(x).__name__}"
        raise TypeError(msg)
    value = int(x)
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        msg = f"`{name}` must be at least {minimum}{upper}; got {value}"
        raise ValueError(msg)
    return value


def generator(rng: object, name: str = "rng") -> np.random.Generator:
    """``rng`` itself if it is a NumPy ``Generator``, or raise naming ``name``.

    Randomness in aimath comes only from a generator the caller seeds, so a
    legacy ``RandomState``, a seed or ``None`` is refused rather than guessed.
    """
    if not isinstance(rng, np.random.Generator):
        msg = (
            f"`{name}` must be a numpy.random.Generator (e.g. np.random.default_rng(0)); "
            f"got {type(rng).__name__}"
        )
        raise TypeError(msg)
    return rng
