"""Derivatives and multivariate calculus, computed numerically and checked.

Each function implements one formula of chapter 5 of the book: finite
differences (forward and central) and the measurement of their order of
convergence, the gradient, Jacobian and Hessian of a function given only as
Python code, the directional derivative, Taylor polynomials, the relative error
used for gradient checking, the classification of a critical point by the
eigenvalues of its Hessian, and the activation functions of neural networks
with their closed-form derivatives. The tests check every one of them against
SymPy's exact derivatives and against ``torch.autograd``.

Default step sizes
------------------
A finite difference makes two errors: the *truncation* error of the formula,
which shrinks like :math:`h` (forward) or :math:`h^2` (central), and the
*round-off* error :math:`\\approx \\varepsilon |f| / h` of subtracting two nearly
equal floats, which grows as :math:`h` shrinks (:math:`\\varepsilon = 2^{-52}`).
Balancing the two for a function whose value and derivatives are of order 1
gives the defaults below: :math:`h \\approx \\sqrt{\\varepsilon}` for forward,
:math:`h \\approx \\varepsilon^{1/3}` for central and
:math:`h \\approx \\varepsilon^{1/4}` for second differences (Nocedal & Wright,
*Numerical Optimization*, chapter 8). They are absolute steps: for :math:`|x|` far
from 1, or for rapidly varying functions, pass a step scaled to the problem.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_float_array,
    as_matrix,
    as_vector,
    euclidean_length,
    nonzero_norm,
    positive_number,
    real_number,
    same_length,
)

__all__ = [
    "central_difference",
    "classify_critical_point",
    "directional_derivative",
    "finite_difference_errors",
    "forward_difference",
    "gradient_check",
    "hessian",
    "jacobian",
    "loglog_slope",
    "numerical_gradient",
    "relative_error",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softplus",
    "softplus_derivative",
    "tanh_derivative",
    "taylor_polynomial",
]

#: Default step of :func:`forward_difference`: about
#: :math:`\sqrt{\varepsilon} \approx 1.5 \cdot 10^{-8}`.
FORWARD_STEP = 1e-8
#: Default step of the central differences (:func:`central_difference`,
#: :func:`numerical_gradient`, :func:`jacobian`, :func:`directional_derivative`):
#: about :math:`\varepsilon^{1/3} \approx 6 \cdot 10^{-6}`.
CENTRAL_STEP = 1e-5
#: Default step of :func:`hessian`: about :math:`\varepsilon^{1/4} \approx 1.2 \cdot 10^{-4}`.
HESSIAN_STEP = 1e-4

#: The finite-difference formulas :func:`finite_difference_errors` knows.
METHODS = ("forward", "central")

#: :func:`classify_critical_point` requires ``max|H - H^T| <= _SYMMETRY_RTOL * max|H|``:
#: Hessians computed in floating point may be asymmetric by rounding, not more.
_SYMMETRY_RTOL = 1e-8


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _function(f: object, name: str) -> Callable[..., Any]:
    """``f`` if it can be called, or a TypeError naming ``name``."""
    if not callable(f):
        msg = f"`{name}` must be a callable function; got {type(f).__name__}"
        raise TypeError(msg)
    return f


def _real_array(value: object, name: str, where: str) -> FloatArray:
    """The output ``value`` of the function ``name`` as a float64 array, or a TypeError."""
    msg = f"`{name}` must return real numbers; got {type(value).__name__} at {where}"
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(msg)
    try:
        raw = np.asarray(value)
        if raw.dtype.kind not in "biuf" and raw.dtype != object:
            raise TypeError(msg)  # complex (float() would drop the imaginary part), text, ...
        return raw.astype(np.float64)  # an object array of complex numbers fails here
    except (TypeError, ValueError):
        raise TypeError(msg) from None


def _scalar_value(value: object, name: str, where: str) -> float:
    """The output ``value`` of the function ``name`` as a finite float, or an error."""
    arr = _real_array(value, name, where)
    if arr.ndim != 0:
        msg = f"`{name}` must return a real scalar; got an array of shape {arr.shape} at {where}"
        raise ValueError(msg)
    number = float(arr)
    if not math.isfinite(number):
        msg = f"`{name}` must return a finite value; got {number!r} at {where}"
        raise ValueError(msg)
    return number


def _array_value(value: object, name: str, where: str) -> FloatArray:
    """The output ``value`` of the function ``name`` as a finite float array, or an error."""
    arr = _real_array(value, name, where)
    if not np.all(np.isfinite(arr)):
        msg = f"`{name}` must return finite values; got NaN or inf at {where}"
        raise ValueError(msg)
    return arr


def _shifted(x: FloatArray, index: int, delta: float) -> FloatArray:
    """A copy of ``x`` with the entry at flat ``index`` moved by ``delta``."""
    moved = x.copy()  # f gets a fresh array: it may keep or modify what it is given
    moved.flat[index] += delta
    return moved


def _lost_step(x: float, h: float) -> str:
    """The message for a step ``h`` that vanishes when added to ``x``."""
    return (
        f"`h` = {h!r} is below the float spacing at `x` = {x!r}: x + h == x, "
        "so no difference can be taken; use a larger step"
    )


def _check_step_resolves(x: FloatArray, h: float) -> None:
    """Raise if adding ``h`` leaves some entry of ``x`` unchanged (the step is lost)."""
    lost = (x + h == x) | (x - h == x)
    if np.any(lost):
        raise ValueError(_lost_step(float(x[lost].flat[0]), h))


# ---------------------------------------------------------------------------
# Derivatives of functions of one variable
# ---------------------------------------------------------------------------


def forward_difference(f: Callable[[float], float], x: float, h: float = FORWARD_STEP) -> float:
    r"""Forward-difference approximation of :math:`f'(x)`.

    Parameters
    ----------
    f : callable
        A function of one real number returning a real number.
    x : float
        Where to differentiate.
    h : float, optional
        The step, positive. The default ``FORWARD_STEP`` (about
        :math:`\sqrt{\varepsilon}`) balances truncation and round-off for
        :math:`|x|`, :math:`|f|` and :math:`|f''|` of order 1.

    Returns
    -------
    float
        :math:`\bigl(f(x + h) - f(x)\bigr) / h`.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` or ``h`` is not a real number, or ``f``
        does not return a real number.
    ValueError
        If ``x`` or ``h`` is not finite, ``h <= 0``, ``x + h == x`` in
        floating point, or ``f`` returns an array or a non-finite value.

    Notes
    -----
    Taylor's theorem gives the error:

    .. math::

        \frac{f(x+h) - f(x)}{h} = f'(x) + \frac{h}{2} f''(\xi),
        \quad \xi \in (x, x+h),

    so the truncation error is :math:`O(h)`: first order. The division uses the
    step actually taken, ``(x + h) - x``, which is exactly representable,
    rather than ``h``, which ``x + h`` may have rounded.

    References
    ----------
    J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., chapter 8.

    Examples
    --------
    For :math:`f(t) = t^2` the error is exactly :math:`h`:

    >>> forward_difference(lambda t: t**2, 3.0, h=0.5)
    6.5
    """
    func = _function(f, "f")
    x0 = real_number(x, "x")
    step = positive_number(h, "h")
    x_plus = x0 + step
    taken = x_plus - x0  # exact: the step that was really made
    if taken == 0.0:
        raise ValueError(_lost_step(x0, step))
    f_plus = _scalar_value(func(x_plus), "f", f"x = {x_plus!r}")
    f_0 = _scalar_value(func(x0), "f", f"x = {x0!r}")
    return (f_plus - f_0) / taken


def central_difference(f: Callable[[float], float], x: float, h: float = CENTRAL_STEP) -> float:
    r"""Central-difference approximation of :math:`f'(x)`.

    Parameters
    ----------
    f : callable
        A function of one real number returning a real number.
    x : float
        Where to differentiate.
    h : float, optional
        The half-width of the stencil, positive. The default
        ``CENTRAL_STEP`` (about :math:`\varepsilon^{1/3}`) balances
        truncation and round-off for :math:`|x|`, :math:`|f|` and
        :math:`|f'''|` of order 1.

    Returns
    -------
    float
        :math:`\bigl(f(x + h) - f(x - h)\bigr) / (2h)`.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` or ``h`` is not a real number, or ``f``
        does not return a real number.
    ValueError
        If ``x`` or ``h`` is not finite, ``h <= 0``, ``x ± h == x`` in
        floating point, or ``f`` returns an array or a non-finite value.

    Notes
    -----
    The even-order terms of the two Taylor expansions cancel:

    .. math::

        \frac{f(x+h) - f(x-h)}{2h} = f'(x) + \frac{h^2}{6} f'''(\xi),
        \quad \xi \in (x-h, x+h),

    so the truncation error is :math:`O(h^2)`: second order, for the price of
    two evaluations, like the forward difference. The division uses the width
    actually taken, ``(x + h) - (x - h)``.

    References
    ----------
    J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., chapter 8.

    Examples
    --------
    For :math:`f(t) = t^3` at 2 the error is exactly :math:`h^2`:

    >>> central_difference(lambda t: t**3, 2.0, h=0.5)
    12.25
    """
    func = _function(f, "f")
    x0 = real_number(x, "x")
    step = positive_number(h, "h")
    x_plus, x_minus = x0 + step, x0 - step
    if x_plus == x0 or x_minus == x0:
        raise ValueError(_lost_step(x0, step))
    f_plus = _scalar_value(func(x_plus), "f", f"x = {x_plus!r}")
    f_minus = _scalar_value(func(x_minus), "f", f"x = {x_minus!r}")
    return (f_plus - f_minus) / (x_plus - x_minus)


def finite_difference_errors(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x: float,
    hs: ArrayLike,
    method: str = "central",
) -> FloatArray:
    r"""Absolute error of a finite difference for each step in ``hs``.

    Parameters
    ----------
    f : callable
        A function of one real number returning a real number.
    df : callable
        Its exact derivative (a closed form, or SymPy's derivative lambdified).
    x : float
        Where to differentiate.
    hs : array_like, shape (k,)
        Positive steps, e.g. ``np.logspace(-12, -1, 45)``.
    method : {"central", "forward"}, optional
        Which formula: :func:`central_difference` or :func:`forward_difference`.

    Returns
    -------
    ndarray, shape (k,)
        :math:`|D_h f(x) - f'(x)|` for each :math:`h`. On log-log axes the
        curve falls with slope 1 (forward) or 2 (central) while truncation
        dominates and rises with slope about -1 once round-off dominates.

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable or returns something other than a
        real number, ``x`` is not a real number, ``hs`` is not array-like of
        numbers, or ``method`` is not a string.
    ValueError
        If ``x`` is not finite, ``hs`` is not a non-empty 1-D array of finite
        positive steps, ``method`` is unknown, or a function returns a
        non-finite value.

    Notes
    -----
    .. math::

        e_{\text{fwd}}(h) \approx \tfrac{h}{2}|f''(x)| + \tfrac{\varepsilon |f(x)|}{h},
        \qquad
        e_{\text{cen}}(h) \approx \tfrac{h^2}{6}|f'''(x)| + \tfrac{\varepsilon |f(x)|}{h}

    (:math:`\varepsilon = 2^{-52}`, the round-off term up to a small factor).
    :func:`loglog_slope` measures the order from these errors.

    Examples
    --------
    >>> finite_difference_errors(lambda t: t**2, lambda t: 2 * t, 3.0, [0.5, 0.25], "forward")
    array([0.5 , 0.25])
    """
    func = _function(f, "f")
    deriv = _function(df, "df")
    x0 = real_number(x, "x")
    steps = as_vector(hs, "hs")
    if np.any(steps <= 0.0):
        msg = f"`hs` must hold positive steps; got a minimum of {float(np.min(steps))!r}"
        raise ValueError(msg)
    given: object = method  # checked at run time: callers may pass anything
    if not isinstance(given, str):
        msg = f"`method` must be one of {METHODS}; got {type(given).__name__}"
        raise TypeError(msg)
    if method not in METHODS:
        msg = f"`method` must be one of {METHODS}; got {method!r}"
        raise ValueError(msg)
    exact = _scalar_value(deriv(x0), "df", f"x = {x0!r}")
    rule = forward_difference if method == "forward" else central_difference
    errors = [abs(rule(func, x0, float(h)) - exact) for h in steps]
    return np.asarray(errors, dtype=np.float64)


def loglog_slope(hs: ArrayLike, errors: ArrayLike) -> float:
    r"""Least-squares slope of :math:`\log(\text{error})` against :math:`\log h`.

    Parameters
    ----------
    hs : array_like, shape (k,)
        Positive step sizes, at least two distinct ones.
    errors : array_like, shape (k,)
        Positive errors measured at those steps.

    Returns
    -------
    float
        The slope :math:`p` of the best straight line
        :math:`\log e = p \log h + c`: the measured order of convergence when
        :math:`e \approx C h^p`.

    Raises
    ------
    ValueError
        If the inputs are not finite 1-D arrays of equal length, hold a value
        :math:`\le 0` (no logarithm), or ``hs`` has fewer than two distinct values.
    TypeError
        If either input is not array-like of numbers.

    Notes
    -----
    With :math:`u_i = \log h_i` and :math:`v_i = \log e_i`,

    .. math:: p = \frac{\sum_i (u_i - \bar u)(v_i - \bar v)}{\sum_i (u_i - \bar u)^2} .

    The slope does not depend on the base of the logarithm. Fit only the range
    where one error term dominates: across the round-off floor the points do
    not lie on one line.

    Examples
    --------
    >>> loglog_slope([0.5, 0.25, 0.125], [0.25, 0.0625, 0.015625])
    2.0
    """
    u_raw = as_vector(hs, "hs")
    v_raw = as_vector(errors, "errors")
    same_length(u_raw, v_raw, "hs", "errors")
    for values, name in ((u_raw, "hs"), (v_raw, "errors")):
        if np.any(values <= 0.0):
            lowest = float(np.min(values))
            msg = f"`{name}` must be positive to take logarithms; got a minimum of {lowest!r}"
            raise ValueError(msg)
    u, v = np.log2(u_raw), np.log2(v_raw)
    du = u - u.mean()
    spread = float(np.sum(du * du))
    if spread == 0.0:
        msg = "`hs` must hold at least two distinct step sizes to fit a slope"
        raise ValueError(msg)
    return float(np.sum(du * (v - v.mean())) / spread)


# ---------------------------------------------------------------------------
# Functions of several variables
# ---------------------------------------------------------------------------


def numerical_gradient(
    f: Callable[[FloatArray], float], x: ArrayLike, h: float = CENTRAL_STEP
) -> FloatArray:
    r"""Gradient of a scalar function by central differences, one coordinate at a time.

    Parameters
    ----------
    f : callable
        A function of a float64 array (the shape of ``x``) returning a real
        number, e.g. a loss as a function of a weight matrix.
    x : array_like
        Where to differentiate; any shape.
    h : float, optional
        The step, positive (default ``CENTRAL_STEP``).

    Returns
    -------
    ndarray, same shape as ``x``
        :math:`\partial f / \partial x_i` for every entry :math:`x_i`.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` is not array-like of numbers, ``h`` is
        not a real number, or ``f`` does not return a real number.
    ValueError
        If ``x`` is empty or not finite, ``h`` is not finite or not positive,
        ``x ± h == x`` for some entry, or ``f`` returns an array or a
        non-finite value.

    Notes
    -----
    .. math::

        \frac{\partial f}{\partial x_i}(x) \approx
        \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    with :math:`e_i` the :math:`i`-th basis vector: :math:`2n` evaluations of
    :math:`f` for :math:`n` entries, an error :math:`O(h^2)` per entry. This is
    the reference that gradient checking compares backpropagation against;
    reverse-mode autodiff gets all :math:`n` entries for the cost of a few
    evaluations. ``f`` receives a fresh copy of the shifted point each time.

    Examples
    --------
    The gradient of :math:`\lVert x \rVert^2` is :math:`2x`:

    >>> np.round(numerical_gradient(lambda v: float(np.sum(v**2)), [1.0, 2.0]), 6)
    array([2., 4.])
    """
    func = _function(f, "f")
    x0 = as_float_array(x, "x")
    step = positive_number(h, "h")
    _check_step_resolves(x0, step)
    grad = np.empty_like(x0)
    for i in range(x0.size):
        x_plus, x_minus = _shifted(x0, i, step), _shifted(x0, i, -step)
        width = x_plus.flat[i] - x_minus.flat[i]  # the 2h taken; read before f runs
        where = f"`x` shifted in entry {i}"
        f_plus = _scalar_value(func(x_plus), "f", where)
        f_minus = _scalar_value(func(x_minus), "f", where)
        grad.flat[i] = (f_plus - f_minus) / width
    return grad


def jacobian(
    f: Callable[[FloatArray], ArrayLike], x: ArrayLike, h: float = CENTRAL_STEP
) -> FloatArray:
    r"""Jacobian matrix of :math:`f : \mathbb{R}^n \to \mathbb{R}^m` by central differences.

    Parameters
    ----------
    f : callable
        A function of a float64 vector of length :math:`n` returning a vector
        of length :math:`m` (a scalar counts as :math:`m = 1`).
    x : array_like, shape (n,)
        Where to differentiate.
    h : float, optional
        The step, positive (default ``CENTRAL_STEP``).

    Returns
    -------
    ndarray, shape (m, n)
        :math:`J_{ij} = \partial f_i / \partial x_j`: row :math:`i` is the
        gradient of output :math:`i`, column :math:`j` the sensitivity of every
        output to input :math:`j`.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` is not array-like of numbers, ``h`` is
        not a real number, or ``f`` does not return real numbers.
    ValueError
        If ``x`` is not a non-empty finite 1-D vector, ``h`` is not finite or
        not positive, ``x ± h == x`` for some entry, or ``f`` returns a
        non-finite value, an array of more than one dimension, or outputs of
        different lengths at different points.

    Notes
    -----
    .. math::

        J_{:, j} \approx \frac{f(x + h e_j) - f(x - h e_j)}{2h},

    one column per input, :math:`2n` evaluations. Chapter 6 uses the Jacobian
    in the vector chain rule :math:`J_{g \circ f}(x) = J_g(f(x))\, J_f(x)`.

    References
    ----------
    M. P. Deisenroth, A. A. Faisal and C. S. Ong, *Mathematics for Machine
    Learning*, §5.3.

    Examples
    --------
    >>> f = lambda v: np.array([np.sum(v), np.prod(v)])
    >>> np.round(jacobian(f, [1.0, 2.0]), 6)
    array([[1., 1.],
           [2., 1.]])
    """
    func = _function(f, "f")
    x0 = as_vector(x, "x")
    step = positive_number(h, "h")
    _check_step_resolves(x0, step)
    columns = []
    m: int | None = None
    for j in range(x0.size):
        x_plus, x_minus = _shifted(x0, j, step), _shifted(x0, j, -step)
        width = x_plus[j] - x_minus[j]  # the 2h taken; read before f runs
        where = f"`x` shifted in entry {j}"
        values = []
        for point in (x_plus, x_minus):
            out = _array_value(func(point), "f", where)
            if out.ndim > 1:
                msg = f"`f` must return a scalar or a 1-D vector; got shape {out.shape} at {where}"
                raise ValueError(msg)
            out = out.reshape(-1)  # a scalar output is the m = 1 case
            if m is None:
                m = out.size
            elif out.size != m:
                msg = (
                    f"`f` must return outputs of one length; got {m} and then {out.size} at {where}"
                )
                raise ValueError(msg)
            values.append(out)
        columns.append((values[0] - values[1]) / width)
    J: FloatArray = np.column_stack(columns)  # (m, n)
    return J


def hessian(f: Callable[[FloatArray], float], x: ArrayLike, h: float = HESSIAN_STEP) -> FloatArray:
    r"""Hessian matrix of a scalar function by second-order central differences.

    Parameters
    ----------
    f : callable
        A function of a float64 vector of length :math:`n` returning a real number.
    x : array_like, shape (n,)
        Where to differentiate.
    h : float, optional
        The step, positive. The default ``HESSIAN_STEP`` (about
        :math:`\varepsilon^{1/4}`) balances the :math:`O(h^2)` truncation
        against the round-off :math:`\approx \varepsilon |f| / h^2`.

    Returns
    -------
    ndarray, shape (n, n)
        :math:`H_{ij} = \partial^2 f / \partial x_i \partial x_j`, exactly
        symmetric (the upper triangle is computed and mirrored).

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` is not array-like of numbers, ``h`` is
        not a real number, or ``f`` does not return a real number.
    ValueError
        If ``x`` is not a non-empty finite 1-D vector, ``h`` is not finite or
        not positive, ``x ± h == x`` for some entry, or ``f`` returns an array
        or a non-finite value.

    Notes
    -----
    .. math::

        H_{ii} &\approx \frac{f(x + h e_i) - 2 f(x) + f(x - h e_i)}{h^2}, \\
        H_{ij} &\approx \frac{f(x + h e_i + h e_j) - f(x + h e_i - h e_j)
                 - f(x - h e_i + h e_j) + f(x - h e_i - h e_j)}{4 h^2},

    both with truncation error :math:`O(h^2)`; :math:`1 + 2n^2` evaluations
    in all. For a function with continuous second derivatives the Hessian is
    symmetric (Schwarz's theorem), so only :math:`i \le j` is computed.

    Examples
    --------
    :math:`f(v) = v \cdot v + v_1 v_2` has Hessian :math:`2I` plus ones off the diagonal:

    >>> f = lambda v: float(v @ v + np.prod(v))
    >>> np.round(hessian(f, [1.0, 2.0]), 4)
    array([[2., 1.],
           [1., 2.]])
    """
    func = _function(f, "f")
    x0 = as_vector(x, "x")
    step = positive_number(h, "h")
    _check_step_resolves(x0, step)
    n = x0.size

    def value(point: FloatArray, where: str) -> float:
        return _scalar_value(func(point), "f", where)

    f_0 = value(x0.copy(), "`x`")
    H = np.empty((n, n))
    for i in range(n):
        where = f"`x` shifted in entry {i}"
        f_plus = value(_shifted(x0, i, step), where)
        f_minus = value(_shifted(x0, i, -step), where)
        H[i, i] = (f_plus - 2.0 * f_0 + f_minus) / (step * step)
        for j in range(i + 1, n):
            where = f"`x` shifted in entries {i} and {j}"
            pp = value(_shifted(_shifted(x0, i, step), j, step), where)
            pm = value(_shifted(_shifted(x0, i, step), j, -step), where)
            mp = value(_shifted(_shifted(x0, i, -step), j, step), where)
            mm = value(_shifted(_shifted(x0, i, -step), j, -step), where)
            H[i, j] = H[j, i] = (pp - pm - mp + mm) / (4.0 * step * step)
    return H


def directional_derivative(
    f: Callable[[FloatArray], float],
    x: ArrayLike,
    direction: ArrayLike,
    h: float = CENTRAL_STEP,
) -> float:
    r"""Rate of change of :math:`f` at :math:`x` along a direction, per unit distance.

    Parameters
    ----------
    f : callable
        A function of a float64 vector returning a real number.
    x : array_like, shape (n,)
        Where to differentiate.
    direction : array_like, shape (n,)
        Any non-zero vector; it is **normalised to unit length** first, so the
        result depends only on where it points, not on its length.
    h : float, optional
        The step along the unit direction, positive (default ``CENTRAL_STEP``).

    Returns
    -------
    float
        :math:`D_u f(x) = \nabla f(x) \cdot u` with :math:`u = d / \lVert d \rVert`.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` or ``direction`` is not array-like of
        numbers, ``h`` is not a real number, or ``f`` does not return a real number.
    ValueError
        If ``x`` or ``direction`` is not a non-empty finite 1-D vector, their
        lengths differ, ``direction`` is the zero vector (no direction), ``h``
        is not finite or not positive, ``x ± h u == x``, or ``f`` returns an
        array or a non-finite value.

    Notes
    -----
    .. math::

        D_u f(x) = \lim_{t \to 0} \frac{f(x + t u) - f(x)}{t}
                 \approx \frac{f(x + h u) - f(x - h u)}{2h}
                 = \nabla f(x) \cdot u + O(h^2).

    By Cauchy–Schwarz, :math:`|D_u f(x)| \le \lVert \nabla f(x) \rVert`, with
    equality for :math:`u = \nabla f(x) / \lVert \nabla f(x) \rVert`: the
    gradient points in the direction of steepest ascent.

    Examples
    --------
    The gradient of :math:`\lVert x \rVert^2` at (1, 2) is (2, 4); along
    (3, 4)/5 the slope is (2·3 + 4·4)/5:

    >>> round(directional_derivative(lambda v: float(np.sum(v**2)), [1.0, 2.0], [3.0, 4.0]), 6)
    4.4
    """
    func = _function(f, "f")
    x0 = as_vector(x, "x")
    d = as_vector(direction, "direction")
    same_length(x0, d, "x", "direction")
    u = d / nonzero_norm(d, "direction")
    step = positive_number(h, "h")
    x_plus, x_minus = x0 + step * u, x0 - step * u
    if np.array_equal(x_plus, x0) or np.array_equal(x_minus, x0):
        msg = f"`h` = {step!r} is below the float spacing at `x`: x + h u == x; use a larger step"
        raise ValueError(msg)
    f_plus = _scalar_value(func(x_plus), "f", "x + h u")
    f_minus = _scalar_value(func(x_minus), "f", "x - h u")
    return (f_plus - f_minus) / (2.0 * step)


def taylor_polynomial(derivatives: ArrayLike, x0: float, x: ArrayLike) -> FloatArray:
    r"""Evaluate the Taylor polynomial with the given derivatives at ``x0``.

    Parameters
    ----------
    derivatives : sequence of float, length n + 1
        :math:`f(x_0), f'(x_0), \dots, f^{(n)}(x_0)`; the polynomial has
        degree (order) :math:`n`.
    x0 : float
        The expansion point.
    x : array_like
        Where to evaluate; any shape.

    Returns
    -------
    ndarray, same shape as ``x``
        :math:`T_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(x_0)}{k!} (x - x_0)^k`.

    Raises
    ------
    TypeError
        If ``derivatives`` or ``x`` is not array-like of numbers, or ``x0``
        is not a real number.
    ValueError
        If ``derivatives`` is not a non-empty finite 1-D sequence, ``x0`` or
        ``x`` is not finite, or the polynomial overflows at some ``x`` (too
        far from ``x0`` for float64).

    Notes
    -----
    .. math::

        f(x) = T_n(x) + \frac{f^{(n+1)}(\xi)}{(n+1)!} (x - x_0)^{n+1}
        \quad\text{for some } \xi \text{ between } x_0 \text{ and } x

    (Lagrange's form of the remainder). The polynomial is evaluated by Horner's
    rule on the coefficients :math:`c_k = f^{(k)}(x_0)/k!`; :math:`1/k!` is
    built up by division, so it underflows gracefully to 0 instead of overflowing.

    References
    ----------
    I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, §4.3.

    Examples
    --------
    The order-2 polynomial of :math:`e^x` at 0 is :math:`1 + x + x^2/2`:

    >>> taylor_polynomial([1.0, 1.0, 1.0], 0.0, [0.0, 1.0])
    array([1. , 2.5])
    """
    d = as_vector(derivatives, "derivatives")
    center = real_number(x0, "x0")
    t = as_float_array(x, "x") - center
    coefficients = np.empty_like(d)
    inverse_factorial = 1.0
    for k, dk in enumerate(d):
        if k > 0:
            inverse_factorial /= k
        coefficients[k] = dk * inverse_factorial
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
        values = np.full_like(t, coefficients[-1])
        for c in coefficients[-2::-1]:
            values = values * t + c  # Horner: ((c_n t + c_{n-1}) t + ...) t + c_0
    if not np.all(np.isfinite(values)):
        msg = "`x` is too far from `x0`: the Taylor polynomial overflows float64 there"
        raise ValueError(msg)
    result: FloatArray = values
    return result


# ---------------------------------------------------------------------------
# Gradient checking and critical points
# ---------------------------------------------------------------------------


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Symmetric relative error :math:`\lVert a - b \rVert / (\lVert a \rVert + \lVert b \rVert)`.

    Parameters
    ----------
    a, b : array_like
        Two finite arrays of the same shape, e.g. an analytic and a numerical
        gradient.

    Returns
    -------
    float
        A number in :math:`[0, 1]`: 0 when ``a == b`` (also when both are
        zero), 1 when one of them is zero and the other is not, or ``b = -a``.

    Raises
    ------
    ValueError
        If either input is empty or not finite, or the shapes differ.
    TypeError
        If either input is not array-like of numbers.

    Notes
    -----
    .. math::

        \operatorname{rel}(a, b) =
        \frac{\lVert a - b \rVert_2}{\max(\lVert a \rVert_2 + \lVert b \rVert_2,\ \text{tiny})}

    with Euclidean norms over all entries and ``tiny`` the smallest normal
    float64, so two zero arrays give 0 instead of 0/0. Unlike
    :math:`\lVert a - b \rVert / \lVert b \rVert` it is symmetric and bounded
    by 1 (triangle inequality), and, unlike an absolute error, it does not
    depend on the scale of the loss. CS231n's gradient check divides by
    :math:`\max(|a|, |b|)` instead, which is at most twice this value. Both
    arrays are scaled by their largest entry first, so nothing overflows; the
    result is clipped to 1 against rounding.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> relative_error([3.0, 4.0], [0.0, 0.0])
    1.0
    """
    a_ = as_float_array(a, "a")
    b_ = as_float_array(b, "b")
    if a_.shape != b_.shape:
        msg = f"`a` and `b` must have the same shape; got {a_.shape} and {b_.shape}"
        raise ValueError(msg)
    scale = max(float(np.max(np.abs(a_))), float(np.max(np.abs(b_))))
    if scale == 0.0:
        return 0.0  # both zero: equal
    a_s, b_s = (a_ / scale).ravel(), (b_ / scale).ravel()  # entries in [-1, 1]
    numerator = euclidean_length(a_s - b_s)
    denominator = max(euclidean_length(a_s) + euclidean_length(b_s), np.finfo(np.float64).tiny)
    return min(numerator / denominator, 1.0)


def gradient_check(
    f: Callable[[FloatArray], float],
    grad: Callable[[FloatArray], ArrayLike],
    x: ArrayLike,
    h: float = CENTRAL_STEP,
) -> float:
    r"""Relative error between an analytic gradient and central differences.

    Parameters
    ----------
    f : callable
        A function of a float64 array (the shape of ``x``) returning a real number.
    grad : callable
        The gradient to be checked: a function of the same array returning an
        array of the shape of ``x`` (e.g. a hand-written backward pass).
    x : array_like
        Where to check; any shape.
    h : float, optional
        The step of :func:`numerical_gradient` (default ``CENTRAL_STEP``).

    Returns
    -------
    float
        :func:`relative_error` of ``grad(x)`` and ``numerical_gradient(f, x, h)``.
        With the default step a correct gradient of a smooth function of order-1
        values typically gives :math:`10^{-10}` or less; a wrong one :math:`10^{-2}` or more.

    Raises
    ------
    TypeError
        If ``f`` or ``grad`` is not callable or returns something other than
        real numbers, ``x`` is not array-like of numbers, or ``h`` is not a
        real number.
    ValueError
        If ``x`` is empty or not finite, ``h`` is not finite or not positive,
        ``f`` returns an array or a non-finite value, or ``grad`` returns
        non-finite values or an array of another shape than ``x``.

    Notes
    -----
    .. math::

        \operatorname{rel}\Bigl(g(x),\ \bigl[\tfrac{f(x + h e_i) - f(x - h e_i)}{2h}\bigr]_i\Bigr)

    The central difference is exact up to :math:`O(h^2)` truncation and
    :math:`O(\varepsilon/h)` round-off, so agreement to about
    :math:`10^{-8}` or better is strong evidence that the gradient is right.
    A kink (ReLU at 0) inside the stencil can make a correct gradient fail.

    References
    ----------
    I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, §11.5.

    Examples
    --------
    >>> f = lambda v: float(np.sum(v**2))
    >>> gradient_check(f, lambda v: 2 * v, [1.0, 2.0]) < 1e-10
    True
    >>> gradient_check(f, lambda v: v, [1.0, 2.0]) > 0.3
    True
    """
    _function(f, "f")
    g_func = _function(grad, "grad")
    x0 = as_float_array(x, "x")
    numeric = numerical_gradient(f, x0, h)
    analytic = _array_value(g_func(x0.copy()), "grad", "`x`")
    if analytic.shape != x0.shape:
        msg = f"`grad` must return an array of the shape of `x`, {x0.shape}; got {analytic.shape}"
        raise ValueError(msg)
    return relative_error(analytic, numeric)


def classify_critical_point(hess: ArrayLike, tol: float = 1e-6) -> str:
    r"""Classify a critical point by the signs of its Hessian's eigenvalues.

    Parameters
    ----------
    hess : array_like, shape (n, n)
        The Hessian at a point where the gradient vanishes; symmetric up to
        rounding (its symmetric part is used).
    tol : float, optional
        An eigenvalue :math:`\lambda` counts as zero when
        :math:`|\lambda| \le \text{tol} \cdot \max_i |\lambda_i|`. The default
        leaves room for the :math:`\approx 10^{-7}` relative error of a
        finite-difference :func:`hessian`; 0 classifies exactly. Must lie in [0, 1).

    Returns
    -------
    str
        ``"minimum"`` (all eigenvalues positive), ``"maximum"`` (all negative),
        ``"saddle"`` (some positive and some negative) or ``"degenerate"``
        (otherwise: a zero eigenvalue and no sign change; the second-order
        test cannot decide, e.g. :math:`x^4` and :math:`x^3` at 0).

    Raises
    ------
    ValueError
        If ``hess`` is not a non-empty finite square matrix or is not
        symmetric up to a relative :math:`10^{-8}`, or ``tol`` is not in [0, 1).
    TypeError
        If ``hess`` is not array-like of numbers or ``tol`` is not a real number.

    Notes
    -----
    At a critical point :math:`x^*`, Taylor's theorem gives
    :math:`f(x^* + \delta) = f(x^*) + \tfrac12 \delta^\top H \delta + o(\lVert\delta\rVert^2)`,
    and with :math:`H = Q \Lambda Q^\top`,

    .. math:: \delta^\top H \delta = \sum_i \lambda_i (q_i^\top \delta)^2 ,

    which is positive for every :math:`\delta \ne 0` iff all
    :math:`\lambda_i > 0` (a strict local minimum), negative iff all
    :math:`\lambda_i < 0` (a maximum), and takes both signs iff the
    eigenvalues do (a saddle). The tolerance is relative because the
    classification does not change when :math:`f` is multiplied by a positive number.

    References
    ----------
    I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, §4.3.1.

    Examples
    --------
    >>> classify_critical_point([[2.0, 0.0], [0.0, -1.0]])
    'saddle'
    >>> classify_critical_point([[2.0, 1.0], [1.0, 2.0]])
    'minimum'
    """
    H = as_matrix(hess, "hess", square=True)
    threshold = real_number(tol, "tol")
    if not 0.0 <= threshold < 1.0:
        msg = f"`tol` must lie in [0, 1); got {threshold!r}"
        raise ValueError(msg)
    asymmetry = float(np.max(np.abs(H - H.T)))
    if asymmetry > _SYMMETRY_RTOL * float(np.max(np.abs(H))):
        msg = f"`hess` must be symmetric (a Hessian); got max|H - H^T| = {asymmetry!r}"
        raise ValueError(msg)
    eigenvalues = np.linalg.eigvalsh(0.5 * (H + H.T))
    zero = threshold * float(np.max(np.abs(eigenvalues)))
    positive = bool(np.any(eigenvalues > zero))
    negative = bool(np.any(eigenvalues < -zero))
    if positive and negative:
        return "saddle"
    if np.any(np.abs(eigenvalues) <= zero):
        return "degenerate"  # a flat direction and no sign change: second order cannot decide
    return "minimum" if positive else "maximum"


# ---------------------------------------------------------------------------
# Activation functions and their derivatives
# ---------------------------------------------------------------------------


def sigmoid(x: ArrayLike) -> FloatArray:
    r"""The logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`, elementwise.

    Parameters
    ----------
    x : array_like
        Finite real numbers; any shape.

    Returns
    -------
    ndarray, same shape as ``x``
        Values in :math:`[0, 1]` (strictly inside unless rounding reaches an end).

    Raises
    ------
    ValueError
        If ``x`` is empty or not finite.
    TypeError
        If ``x`` is not array-like of numbers.

    Notes
    -----
    .. math::

        \sigma(x) = \frac{1}{1 + e^{-x}} = \frac{e^{x}}{1 + e^{x}}

    The first form is used for :math:`x \ge 0` and the second for
    :math:`x < 0`, so :math:`e^{|x|}` is never computed and nothing overflows.

    Examples
    --------
    >>> sigmoid([0.0])
    array([0.5])
    """
    z = as_float_array(x, "x")
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    result: FloatArray = np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
    return result


def sigmoid_derivative(x: ArrayLike) -> FloatArray:
    r"""The derivative of the sigmoid, :math:`\sigma'(x) = \sigma(x)(1 - \sigma(x))`.

    Parameters
    ----------
    x : array_like
        Finite real numbers; any shape.

    Returns
    -------
    ndarray, same shape as ``x``
        Values in :math:`(0, 1/4]`, the maximum at :math:`x = 0`.

    Raises
    ------
    ValueError
        If ``x`` is empty or not finite.
    TypeError
        If ``x`` is not array-like of numbers.

    Notes
    -----
    .. math::

        \sigma'(x) = \frac{e^{-x}}{(1 + e^{-x})^2} = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)

    Since :math:`\sigma'(x) \le 1/4`, the gradient shrinks by at least a
    factor 4 through every sigmoid layer: the vanishing-gradient problem.
    :math:`1 - \sigma(x)` is computed as :math:`\sigma(-x)`, which keeps full
    relative accuracy in the tails.

    References
    ----------
    I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, §6.3.2.

    Examples
    --------
    >>> sigmoid_derivative([0.0])
    array([0.25])
    """
    z = as_float_array(x, "x")
    result: FloatArray = sigmoid(z) * sigmoid(-z)
    return result


def tanh_derivative(x: ArrayLike) -> FloatArray:
    r"""The derivative of tanh, :math:`1 - \tanh^2(x)`.

    Parameters
    ----------
    x : array_like
        Finite real numbers; any shape.

    Returns
    -------
    ndarray, same shape as ``x``
        Values in :math:`[0, 1]`, the maximum 1 at :math:`x = 0`.

    Raises
    ------
    ValueError
        If ``x`` is empty or not finite.
    TypeError
        If ``x`` is not array-like of numbers.

    Notes
    -----
    .. math::

        \frac{d}{dx}\tanh x = \frac{1}{\cosh^2 x} = 1 - \tanh^2 x,
        \qquad \tanh x = 2\sigma(2x) - 1,

    so :math:`\tanh'(x) = 4\sigma'(2x)`: four times the sigmoid's peak slope.

    Examples
    --------
    >>> tanh_derivative([0.0])
    array([1.])
    """
    t = np.tanh(as_float_array(x, "x"))
    result: FloatArray = 1.0 - t * t
    return result


def softplus(x: ArrayLike) -> FloatArray:
    r"""The softplus :math:`\log(1 + e^{x})`, a smooth ReLU, elementwise.

    Parameters
    ----------
    x : array_like
        Finite real numbers; any shape.

    Returns
    -------
    ndarray, same shape as ``x``
        Positive values, close to :math:`\max(x, 0)` away from 0.

    Raises
    ------
    ValueError
        If ``x`` is empty or not finite.
    TypeError
        If ``x`` is not array-like of numbers.

    Notes
    -----
    .. math:: \log(1 + e^{x}) = \max(x, 0) + \log\bigl(1 + e^{-|x|}\bigr)

    The right-hand side never overflows (``log1p`` of a number in (0, 1]);
    the left-hand side overflows for :math:`x > 709`.

    Examples
    --------
    >>> softplus([0.0]) == np.log(2.0)
    array([ True])
    """
    z = as_float_array(x, "x")
    result: FloatArray = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    return result


def softplus_derivative(x: ArrayLike) -> FloatArray:
    r"""The derivative of the softplus: the sigmoid, :math:`\sigma(x)`.

    Parameters
    ----------
    x : array_like
        Finite real numbers; any shape.

    Returns
    -------
    ndarray, same shape as ``x``
        :math:`\sigma(x)`, in :math:`[0, 1]`.

    Raises
    ------
    ValueError
        If ``x`` is empty or not finite.
    TypeError
        If ``x`` is not array-like of numbers.

    Notes
    -----
    .. math:: \frac{d}{dx} \log(1 + e^{x}) = \frac{e^{x}}{1 + e^{x}} = \sigma(x)

    Examples
    --------
    >>> softplus_derivative([0.0])
    array([0.5])
    """
    return sigmoid(as_float_array(x, "x"))


def relu_derivative(x: ArrayLike) -> FloatArray:
    r"""The derivative of ReLU: 1 where :math:`x > 0`, 0 elsewhere (0 at the kink).

    Parameters
    ----------
    x : array_like
        Finite real numbers; any shape.

    Returns
    -------
    ndarray, same shape as ``x``
        The step function :math:`\mathbf 1[x > 0]` as floats.

    Raises
    ------
    ValueError
        If ``x`` is empty or not finite.
    TypeError
        If ``x`` is not array-like of numbers.

    Notes
    -----
    .. math::

        \frac{d}{dx}\max(x, 0) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}

    At :math:`x = 0` ReLU has no derivative (the one-sided slopes are 0 and 1);
    any value in :math:`[0, 1]` is a subgradient. We return 0 there, the
    convention of PyTorch and JAX.

    Examples
    --------
    >>> relu_derivative([-1.0, 0.0, 2.0])
    array([0., 0., 1.])
    """
    z = as_float_array(x, "x")
    return np.where(z > 0.0, 1.0, 0.0)
