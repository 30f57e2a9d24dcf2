"""Helpers the book's pages use to publish numbers and checks.

Pages never type a result: they compute it, then :func:`glue` it so the prose
can show it with ``{glue:text}`key``` (myst-nb). Claims are backed by
:func:`check_close` / :func:`check`, which fail the build when a claim is false
and print one visible line when it holds.

``myst_nb`` is imported only when :func:`glue` runs inside a page, so importing
this module (and ``aimath``) needs nothing beyond NumPy.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import finite_scalar

__all__ = ["check", "check_close", "format_number", "format_scientific", "glue"]


def _as_python_number(value: object, name: str) -> int | float:
    """Convert finite NumPy and Python scalars to ``int``/``float``; reject the rest."""
    if isinstance(value, (bool, np.bool_)):
        msg = f"`{name}` must be a number, not a boolean; glue a string for yes/no"
        raise TypeError(msg)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            # a page must never print "nan" or "inf" as if it were a result
            msg = f"`{name}` must be a finite number; got {number!r}"
            raise ValueError(msg)
        return number
    msg = f"`{name}` must be a real scalar; got {type(value).__name__}"
    raise TypeError(msg)


def _as_checked_array(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a float64 array for :func:`check_close`; NaN and inf are kept."""
    # NaN and inf stay: a claim about them fails (or holds) in the comparison itself
    complex_numpy = isinstance(x, (np.ndarray, np.generic)) and np.iscomplexobj(x)
    if isinstance(x, (str, bytes)) or x is None or complex_numpy:
        msg = f"`{name}` must be a real number or array of them; got {type(x).__name__}"
        raise TypeError(msg)
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = f"`{name}` must be a real number or array of them; got {type(x).__name__} ({exc})"
        raise TypeError(msg) from None
    if np.isnan(arr).any() and any(item is None for item in np.asarray(x, dtype=object).flat):
        msg = f"`{name}` must be a real number or array of them; got None among its entries"
        raise TypeError(msg)
    return arr


def _tolerance(value: object, name: str) -> float:
    """A tolerance of :func:`check_close`: a finite number >= 0, or an error naming it."""
    if isinstance(value, (bool, np.bool_)):
        msg = f"`{name}` must be a real number, not a boolean; got {value!r}"
        raise TypeError(msg)
    tol = finite_scalar(value, name)
    if tol < 0:
        msg = f"`{name}` must be non-negative; got {tol!r}"
        raise ValueError(msg)
    return tol


def format_number(value: object, fmt: str | None = None) -> str:
    """Format a scalar or a 1-D array of scalars for prose.

    Parameters
    ----------
    value : number or array_like of numbers
        NumPy scalars are converted to Python numbers first.
    fmt : str, optional
        A format spec such as ``".3f"`` or ``".2e"``; ``None`` uses ``repr``
        of the Python number (shortest round-trip form).

    Returns
    -------
    str
        The text, e.g. ``0.707`` or ``[1.00, 0.50]``; negative numbers use a
        typographic minus sign.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or a 1-D array of them.
    ValueError
        If ``value`` is or holds NaN or inf: a page must not print them as results.

    Examples
    --------
    >>> format_number(np.float64(2) / 3, ".3f")
    '0.667'
    >>> format_number([1.0, 0.5], ".2f")
    '[1.00, 0.50]'
    >>> format_number(np.int64(-7))
    '−7'
    """
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim >= 1):
        arr = np.asarray(value)
        if arr.ndim != 1:
            msg = f"`value` must be a scalar or a 1-D array; got shape {arr.shape}"
            raise TypeError(msg)
        parts = [format_number(item, fmt) for item in arr.tolist()]
        return "[" + ", ".join(parts) + "]"
    number = _as_python_number(value, "value")
    text = repr(number) if fmt is None else format(number, fmt)
    return text.replace("-", "\N{MINUS SIGN}")


_SUPERSCRIPTS = str.maketrans("-0123456789", "\N{SUPERSCRIPT MINUS}⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_scientific(value: object, digits: int = 1) -> str:
    """Format a number as ``m × 10ⁿ`` for prose.

    Parameters
    ----------
    value : number
        A finite, non-zero real number (NumPy scalars included).
    digits : int, optional
        Digits after the decimal point of the mantissa.

    Returns
    -------
    str
        E.g. ``6.5 × 10⁹``; negative mantissas use a typographic minus sign.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or ``digits`` is not an integer.
    ValueError
        If ``value`` is zero, NaN or infinite, or ``digits`` is negative.

    Examples
    --------
    >>> format_scientific(6.5e9)
    '6.5 × 10⁹'
    >>> format_scientific(-0.000123, digits=2)
    '−1.23 × 10⁻⁴'
    """
    number = float(_as_python_number(value, "value"))  # rejects NaN and inf
    if number == 0.0:
        msg = "`value` must be non-zero for scientific notation (zero has no exponent)"
        raise ValueError(msg)
    if not isinstance(digits, int) or isinstance(digits, bool):
        msg = f"`digits` must be an integer; got {type(digits).__name__}"
        raise TypeError(msg)
    if digits < 0:
        msg = f"`digits` must be non-negative; got {digits}"
        raise ValueError(msg)
    mantissa, exponent = f"{number:.{digits}e}".split("e")
    return f"{mantissa.replace('-', chr(0x2212))} × 10{str(int(exponent)).translate(_SUPERSCRIPTS)}"


def glue(name: str, value: object, fmt: str | None = None) -> int | float | str:
    """Publish a computed value under ``name`` for the page's prose.

    Parameters
    ----------
    name : str
        The glue key; the page shows it with ``{glue:text}`name``` (or, for a
        number glued without ``fmt``, with a format spec: ``{glue:text}`name:.3f```).
    value : number, array_like of numbers, or str
        The computed result. A string (a word a computation chose, say) is
        glued as it is.
    fmt : str, optional
        If given, glue the text of :func:`format_number` instead of the number:
        the prose then shows exactly that text (trailing zeros included).

    Returns
    -------
    int, float or str
        What was glued, so a page can reuse it.

    Raises
    ------
    TypeError
        If ``value`` is neither numeric nor a string, or ``fmt`` is given for a string.
    ValueError
        If ``value`` is or holds NaN or inf (glue their text as a string on purpose).

    Notes
    -----
    Under NumPy 2 myst-nb cannot apply a format spec to a glued
    ``np.float64``; this helper converts to Python numbers first. Formatted
    text is glued as a ``str``: myst-nb strips its quotes, whereas a number
    in text form would be parsed back into a float and lose trailing zeros.
    Outside a notebook kernel the glue is silently dropped.

    Examples
    --------
    >>> glue("ratio", np.float64(2) / 3, ".3f")
    '0.667'
    >>> glue("steps", np.int64(12))
    12
    """
    published: int | float | str
    if isinstance(value, str):
        if fmt is not None:
            msg = f"`fmt` applies to numbers; `value` is the string {value!r}"
            raise TypeError(msg)
        published = value
    elif fmt is not None or (isinstance(value, (list, tuple, np.ndarray)) and np.ndim(value) >= 1):
        published = format_number(value, fmt)
    else:
        published = _as_python_number(value, "value")
    from myst_nb import glue as _myst_glue  # only available where pages are built

    _myst_glue(name, published, display=False)
    return published


def check_close(
    actual: ArrayLike,
    desired: ArrayLike,
    *,
    rtol: float,
    atol: float = 0.0,
    what: str,
) -> None:
    """Assert that two arrays agree to a stated tolerance, and say so.

    Parameters
    ----------
    actual, desired : array_like
        The computed value and the value it must equal.
    rtol, atol : float
        Relative and absolute tolerances, as in ``numpy.testing.assert_allclose``.
        Both are required keywords so every check states its tolerance.
    what : str
        The claim being checked, for the printed line.

    Raises
    ------
    AssertionError
        If the values differ by more than the tolerance, or either holds NaN
        (this fails the build). NaN never equals anything, itself included.
    TypeError
        If ``actual`` or ``desired`` is not real numbers, or ``rtol``/``atol``
        is not a real number.
    ValueError
        If ``rtol`` or ``atol`` is negative, NaN or infinite.

    Examples
    --------
    >>> check_close(0.1 + 0.2, 0.3, rtol=1e-15, what="0.1 + 0.2 = 0.3")
    ✓ 0.1 + 0.2 = 0.3  (rtol=1e-15, atol=0)
    """
    rtol_ = _tolerance(rtol, "rtol")
    atol_ = _tolerance(atol, "atol")
    np.testing.assert_allclose(
        _as_checked_array(actual, "actual"),
        _as_checked_array(desired, "desired"),
        rtol=rtol_,
        atol=atol_,
        equal_nan=False,  # a NaN result is never a confirmed claim
        err_msg=what,
    )
    print(f"\N{CHECK MARK} {what}  (rtol={rtol_:g}, atol={atol_:g})")


def check(condition: bool | np.bool_, what: str) -> None:
    """Assert an exact (non-numeric) claim, and say so.

    Parameters
    ----------
    condition : bool or numpy.bool_
        The claim's truth value, computed on the page.
    what : str
        The claim, for the printed line and the error message.

    Raises
    ------
    AssertionError
        If ``condition`` is false (this fails the build).
    TypeError
        If ``condition`` is not a ``bool`` or ``numpy.bool_``: the truth of a
        number, a string or an array is not a claim (``bool(nan)`` is true).

    Examples
    --------
    >>> check(3 > 2, "three exceeds two")
    ✓ three exceeds two
    """
    given: object = condition  # checked at run time: bool(nan) and bool("no") are true
    if not isinstance(given, (bool, np.bool_)):
        msg = (
            "`condition` must be a bool or numpy.bool_ (the result of a comparison); "
            f"got {type(given).__name__}"
        )
        raise TypeError(msg)
    if not condition:
        raise AssertionError(f"check failed: {what}")
    print(f"\N{CHECK MARK} {what}")
