r"""Probability distributions: pmf, pdf, log-density, cdf and sampling.

Each function implements one formula of chapter 11 of the book. The names
follow one pattern, so a reader who knows one knows them all:

* ``<name>_pmf(k, ...)`` / ``<name>_logpmf`` / ``<name>_cdf`` for the discrete
  distributions (Bernoulli, binomial, Poisson, categorical, multinomial);
* ``<name>_pdf(x, ...)`` / ``<name>_logpdf`` / ``<name>_cdf`` for the
  continuous ones (uniform, normal, multivariate normal, beta);
* ``<name>_sample(<parameters>, size, *, rng)`` draws ``size`` samples with an
  explicit :class:`numpy.random.Generator`, never the global NumPy state.

Conventions shared by every density:

* The point argument (``k`` or ``x``) may be a number or an array of any
  shape. A number gives a Python ``float``; an array gives an array of the
  same shape, evaluated entry by entry.
* Parameters are numbers, checked: a parameter outside its range (``p``
  outside :math:`[0, 1]`, ``sigma <= 0``, a covariance that is not positive
  definite, probabilities that do not sum to 1) raises an error naming it.
* A point outside the support is not an error: as in :mod:`scipy.stats`, the
  pmf/pdf there is 0 and its logarithm is :math:`-\infty` (for a discrete
  distribution, a non-integer ``k`` is outside the support). NaN and
  infinite points are errors.
* Log-densities are computed in log space, from :func:`math.lgamma`, so that
  they stay finite where the density itself underflows to 0.

Every density is checked against :mod:`scipy.stats` in ``tests/test_distributions.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    SUM_TOL,
    as_float_array,
    as_matrix,
    as_vector,
    generator,
    integer_at_least,
    positive_number,
    real_number,
)

__all__ = [
    "bernoulli_log_partition",
    "bernoulli_logpmf",
    "bernoulli_natural_parameter",
    "bernoulli_pmf",
    "bernoulli_sample",
    "beta_bernoulli_update",
    "beta_logpdf",
    "beta_pdf",
    "binomial_cdf",
    "binomial_logpmf",
    "binomial_pmf",
    "binomial_sample",
    "categorical_logpmf",
    "categorical_pmf",
    "categorical_sample",
    "multinomial_logpmf",
    "multinomial_pmf",
    "multinomial_sample",
    "mvn_logpdf",
    "mvn_pdf",
    "mvn_sample",
    "normal_cdf",
    "normal_log_partition",
    "normal_logpdf",
    "normal_natural_parameters",
    "normal_pdf",
    "normal_sample",
    "poisson_cdf",
    "poisson_logpmf",
    "poisson_pmf",
    "poisson_sample",
    "uniform_cdf",
    "uniform_logpdf",
    "uniform_pdf",
    "uniform_sample",
]

#: A density evaluated at a number (``float``) or at an array of points.
FloatOrArray = float | FloatArray
IntArray = NDArray[np.int64]

_LOG_2PI = math.log(2.0 * math.pi)


#: ``cov`` counts as symmetric when ``max|cov - cov.T| <= _SYMMETRY_RTOL * max|cov|``.
_SYMMETRY_RTOL = 1e-10

#: Most pmf terms a discrete cdf adds up before it refuses (memory and time).
_MAX_TERMS = 10**7

#: Largest Poisson rate numpy's sampler accepts comfortably (it fails near 9e18).
_MAX_POISSON_RATE = 1e15


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _probability(p: object, name: str = "p") -> float:
    r"""A probability in :math:`[0, 1]`."""
    value = real_number(p, name)
    if not 0.0 <= value <= 1.0:
        msg = f"`{name}` must be a probability in [0, 1]; got {value!r}"
        raise ValueError(msg)
    return value


def _probability_vector(p: ArrayLike, name: str) -> FloatArray:
    r"""A 1-D vector of non-negative numbers summing to 1 within ``SUM_TOL``."""
    q = as_vector(p, name)
    if np.any(q < 0.0):
        msg = f"`{name}` must hold non-negative probabilities; got a minimum of {q.min():.3g}"
        raise ValueError(msg)
    total = math.fsum(q.tolist())  # exactly rounded: the check measures the input, not the sum
    if abs(total - 1.0) > SUM_TOL:
        msg = (
            f"`{name}` must sum to 1 (within {SUM_TOL:g}); got a sum of {total!r}. "
            "Normalise it first (divide by its sum, or use a softmax for logits)"
        )
        raise ValueError(msg)
    return q


def _result(values: FloatArray, points: FloatArray) -> FloatOrArray:
    r"""A float for a 0-d ``points``, else the array; ``-0.0`` becomes ``0.0``."""
    out: FloatArray = np.asarray(values, dtype=np.float64) + 0.0  # -0.0 + 0.0 == +0.0
    return float(out) if points.ndim == 0 else out


# ---------------------------------------------------------------------------
# Special functions, vectorised over math's correctly handled scalars
# ---------------------------------------------------------------------------

_lgamma_ufunc = np.frompyfunc(math.lgamma, 1, 1)
_erfc_ufunc = np.frompyfunc(math.erfc, 1, 1)


def _lgamma(x: ArrayLike) -> FloatArray:
    r""":math:`\log\Gamma(x)` entry by entry, for :math:`x > 0`.

    ``math.lgamma`` works with the logarithm directly, so it stays finite long
    after :math:`\Gamma(x)` itself overflows (:math:`\Gamma(172) > 10^{308}`).
    """
    return np.asarray(_lgamma_ufunc(np.asarray(x, dtype=np.float64)), dtype=np.float64)


def _erfc(x: ArrayLike) -> FloatArray:
    r"""The complementary error function entry by entry (``math.erfc``)."""
    return np.asarray(_erfc_ufunc(np.asarray(x, dtype=np.float64)), dtype=np.float64)


def _xlogy(x: ArrayLike, y: ArrayLike) -> FloatArray:
    r""":math:`x \log y`, with the convention :math:`0 \log 0 = 0`."""
    x_, y_ = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):  # log 0 = -inf; 0 * -inf replaced
        out: FloatArray = np.where(x_ == 0.0, 0.0, x_ * np.log(y_))
    return out


def _xlog1py(x: ArrayLike, y: ArrayLike) -> FloatArray:
    r""":math:`x \log(1 + y)`, with :math:`0 \log 0 = 0`; accurate for small ``y``."""
    x_, y_ = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(x_ == 0.0, 0.0, x_ * np.log1p(y_))
    return out


def _exp(log_values: FloatArray) -> FloatArray:
    r"""``exp`` of log-densities; underflow to 0 is the correct rounding, not an error."""
    with np.errstate(under="ignore"):
        out: FloatArray = np.exp(log_values)
    return out


def _is_count(k: FloatArray) -> NDArray[np.bool_]:
    r"""Entries of ``k`` that are non-negative integers (the support of a count)."""
    out: NDArray[np.bool_] = (k >= 0.0) & (k == np.floor(k))
    return out


def _discrete_cdf(
    k: FloatArray, logpmf: Callable[[FloatArray], FloatArray], last: int, name: str
) -> FloatArray:
    r""":math:`P(X \le k) = \sum_{j=0}^{\lfloor k \rfloor} p(j)` for a distribution on 0, 1, 2, ...

    ``last`` is the point from which the cdf is 1 to double precision (the
    end of the support, or a point far in the upper tail).
    """
    kk = np.floor(k)
    top = int(min(float(kk.max()), float(last)))  # compare as floats: kk may be 1e300
    out = np.zeros(k.shape)
    if top < 0:
        return out
    if top + 1 > _MAX_TERMS:
        msg = (
            f"the cdf adds the pmf term by term and would need {top + 1} terms "
            f"(limit {_MAX_TERMS}); `{name}` is too large for this summation"
        )
        raise ValueError(msg)
    # a cumulative sum of non-negative terms is non-decreasing; rounding can push
    # it a few ulp above 1, which the clip removes
    cumulative = np.minimum(np.cumsum(_exp(logpmf(np.arange(top + 1.0)))), 1.0)
    inside = (kk >= 0.0) & (kk <= top) & (kk < last)
    out[inside] = cumulative[kk[inside].astype(np.int64)]
    out[kk >= last] = 1.0  # exactly 1, not a sum that rounds to 1 - 2e-16
    return out


def _upper_tail_end(mean: float, sd: float) -> int:
    r"""A point beyond which a Poisson or binomial upper tail is below :math:`10^{-30}`.

    Bernstein's inequality,
    :math:`P(X - \mu \ge t) \le \exp\bigl(-t^2 / (2(\sigma^2 + t/3))\bigr)`,
    with :math:`t = 50\sigma + 50` gives at most :math:`e^{-70}`.
    """
    return math.ceil(mean + 50.0 * sd + 50.0)


# ---------------------------------------------------------------------------
# Bernoulli
# ---------------------------------------------------------------------------


def bernoulli_logpmf(k: ArrayLike, p: float) -> FloatOrArray:
    r"""Log-probability of ``k`` under a Bernoulli distribution with success probability ``p``.

    Parameters
    ----------
    k : array_like
        Points; the support is :math:`\{0, 1\}`.
    p : float
        Probability of a 1, in :math:`[0, 1]`.

    Returns
    -------
    float or ndarray
        :math:`\log P(X = k)`; :math:`-\infty` off the support or where the
        probability is 0.

    Raises
    ------
    ValueError
        If ``k`` is empty or holds NaN/inf, or ``p`` is outside :math:`[0, 1]`.
    TypeError
        If ``k`` is not numbers or ``p`` is not a real number.

    Notes
    -----
    .. math:: \log P(X = k) = k \log p + (1 - k) \log(1 - p), \qquad k \in \{0, 1\},

    with :math:`0 \log 0 = 0`, and :math:`\log(1 - p)` computed as
    ``log1p(-p)`` so that it is accurate for small ``p``.

    Examples
    --------
    >>> bernoulli_logpmf(1, 0.5) == math.log(0.5)
    True
    >>> bernoulli_logpmf([0, 1, 2], 1.0).tolist()
    [-inf, 0.0, -inf]
    """
    p_ = _probability(p)
    k_ = as_float_array(k, "k")
    on = (k_ == 0.0) | (k_ == 1.0)
    values = _xlogy(k_, p_) + _xlog1py(1.0 - k_, -p_)
    return _result(np.where(on, values, -np.inf), k_)


def bernoulli_pmf(k: ArrayLike, p: float) -> FloatOrArray:
    r"""Probability of ``k`` under a Bernoulli distribution: :math:`p^k (1 - p)^{1 - k}`.

    Parameters
    ----------
    k : array_like
        Points; the support is :math:`\{0, 1\}`.
    p : float
        Probability of a 1, in :math:`[0, 1]`.

    Returns
    -------
    float or ndarray
        :math:`P(X = k)`: ``p`` at 1, ``1 - p`` at 0, 0 elsewhere.

    Raises
    ------
    ValueError
        If ``k`` is empty or holds NaN/inf, or ``p`` is outside :math:`[0, 1]`.
    TypeError
        If ``k`` is not numbers or ``p`` is not a real number.

    Notes
    -----
    .. math:: P(X = k) = p^k (1 - p)^{1 - k}, \qquad k \in \{0, 1\}.

    Mean :math:`p`, variance :math:`p(1 - p)`.

    Examples
    --------
    >>> bernoulli_pmf(1, 0.25)
    0.25
    >>> bernoulli_pmf([0, 1, 0.5], 0.25).tolist()
    [0.75, 0.25, 0.0]
    """
    p_ = _probability(p)
    k_ = as_float_array(k, "k")
    values = np.where(k_ == 1.0, p_, np.where(k_ == 0.0, 1.0 - p_, 0.0))
    return _result(values, k_)


def bernoulli_sample(p: float, size: int, *, rng: np.random.Generator) -> IntArray:
    r"""Draw ``size`` independent Bernoulli(``p``) samples, as 0/1 integers.

    Parameters
    ----------
    p : float
        Probability of a 1, in :math:`[0, 1]`.
    size : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray of int64, shape (size,)
        Zeros and ones.

    Raises
    ------
    ValueError
        If ``p`` is outside :math:`[0, 1]` or ``size < 1``.
    TypeError
        If ``p`` is not a real number, ``size`` not an integer, or ``rng``
        not a Generator.

    Notes
    -----
    With :math:`U \sim \mathrm{Uniform}[0, 1)`, :math:`\mathbf{1}[U < p]` is
    Bernoulli(:math:`p`): :math:`P(U < p) = p`. This is the mask of dropout.

    Examples
    --------
    >>> bernoulli_sample(0.5, 8, rng=np.random.default_rng(0)).tolist()
    [0, 1, 1, 1, 0, 0, 0, 0]
    """
    p_ = _probability(p)
    n = integer_at_least(size, "size", 1)
    u = generator(rng).random(n)
    return (u < p_).astype(np.int64)


# ---------------------------------------------------------------------------
# Binomial
# ---------------------------------------------------------------------------


def _binomial_logpmf(k: FloatArray, n: int, p: float) -> FloatArray:
    on = _is_count(k) & (k <= n)
    ks = np.where(on, k, 0.0)  # a point of the support where k is not, so no log of < 0
    log_choose = _lgamma(n + 1.0) - _lgamma(ks + 1.0) - _lgamma(n - ks + 1.0)
    values = log_choose + _xlogy(ks, p) + _xlog1py(n - ks, -p)
    out: FloatArray = np.where(on, values, -np.inf)
    return out


def binomial_logpmf(k: ArrayLike, n: int, p: float) -> FloatOrArray:
    r"""Log-probability of ``k`` successes in ``n`` independent trials of probability ``p``.

    Parameters
    ----------
    k : array_like
        Points; the support is :math:`\{0, 1, \dots, n\}`.
    n : int
        Number of trials, :math:`n \ge 0`.
    p : float
        Success probability of each trial, in :math:`[0, 1]`.

    Returns
    -------
    float or ndarray
        :math:`\log P(X = k)`; :math:`-\infty` off the support.

    Raises
    ------
    ValueError
        If ``k`` is empty or holds NaN/inf, ``n < 0``, or ``p`` is outside
        :math:`[0, 1]`.
    TypeError
        If ``k`` is not numbers, ``n`` is not an integer, or ``p`` is not a
        real number.

    Notes
    -----
    .. math::

        \log P(X = k) = \log\Gamma(n + 1) - \log\Gamma(k + 1) - \log\Gamma(n - k + 1)
                        + k \log p + (n - k) \log(1 - p).

    The binomial coefficient is never formed: :math:`\binom{2000}{1000}`
    overflows float64, its logarithm does not. The absolute error of the
    result is a few units of :math:`\varepsilon \cdot n \log n` (the size of
    the cancelling :math:`\log\Gamma` terms).

    Examples
    --------
    >>> round(binomial_logpmf(5, 10, 0.5), 12) == round(math.log(252 / 1024), 12)
    True
    >>> binomial_logpmf(2000, 2000, 1.0)
    0.0
    """
    n_ = integer_at_least(n, "n", 0)
    p_ = _probability(p)
    k_ = as_float_array(k, "k")
    return _result(_binomial_logpmf(k_, n_, p_), k_)


def binomial_pmf(k: ArrayLike, n: int, p: float) -> FloatOrArray:
    r"""Probability of ``k`` successes in ``n`` independent trials of probability ``p``.

    Parameters
    ----------
    k : array_like
        Points; the support is :math:`\{0, 1, \dots, n\}`.
    n : int
        Number of trials, :math:`n \ge 0`.
    p : float
        Success probability of each trial, in :math:`[0, 1]`.

    Returns
    -------
    float or ndarray
        :math:`P(X = k)`; 0 off the support.

    Raises
    ------
    ValueError
        If ``k`` is empty or holds NaN/inf, ``n < 0``, or ``p`` is outside
        :math:`[0, 1]`.
    TypeError
        If ``k`` is not numbers, ``n`` is not an integer, or ``p`` is not a
        real number.

    Notes
    -----
    .. math:: P(X = k) = \binom{n}{k} p^k (1 - p)^{n - k}, \qquad k = 0, 1, \dots, n,

    computed as the exponential of :func:`binomial_logpmf`. Mean :math:`np`,
    variance :math:`np(1 - p)`.

    Examples
    --------
    >>> round(binomial_pmf(5, 10, 0.5), 12)  # 252 / 1024, to 12 digits
    0.24609375
    >>> binomial_pmf([0, 1, 2, 3], 2, 0.5).round(12).tolist()
    [0.25, 0.5, 0.25, 0.0]
    """
    n_ = integer_at_least(n, "n", 0)
    p_ = _probability(p)
    k_ = as_float_array(k, "k")
    return _result(_exp(_binomial_logpmf(k_, n_, p_)), k_)


def binomial_cdf(k: ArrayLike, n: int, p: float) -> FloatOrArray:
    r"""Probability of at most ``k`` successes in ``n`` trials of probability ``p``.

    Parameters
    ----------
    k : array_like
        Points (any real numbers; :math:`P(X \le k) = P(X \le \lfloor k \rfloor)`).
    n : int
        Number of trials, :math:`0 \le n \le 10^7`.
    p : float
        Success probability of each trial, in :math:`[0, 1]`.

    Returns
    -------
    float or ndarray
        :math:`P(X \le k)`: 0 for :math:`k < 0`, 1 for :math:`k \ge n`.

    Raises
    ------
    ValueError
        If ``k`` is empty or holds NaN/inf, ``n < 0``, ``p`` is outside
        :math:`[0, 1]`, or the sum would need more than :math:`10^7` terms.
    TypeError
        If ``k`` is not numbers, ``n`` is not an integer, or ``p`` is not a
        real number.

    Notes
    -----
    .. math:: P(X \le k) = \sum_{j=0}^{\lfloor k \rfloor} \binom{n}{j} p^j (1 - p)^{n - j}.

    The terms are added from :math:`j = 0` upwards (small terms first, so the
    lower tail keeps its relative accuracy), and only as far as
    :math:`np + 50\sqrt{np(1-p)} + 50`: beyond it, the remaining upper tail is
    below :math:`10^{-30}` by Bernstein's inequality and the cdf is 1 to double
    precision.

    Examples
    --------
    >>> round(binomial_cdf(1, 3, 0.5), 12)
    0.5
    >>> binomial_cdf([-1, 2.5, 3], 3, 0.5).round(12).tolist()
    [0.0, 0.875, 1.0]
    """
    n_ = integer_at_least(n, "n", 0)
    p_ = _probability(p)
    k_ = as_float_array(k, "k")
    last = min(n_, _upper_tail_end(n_ * p_, math.sqrt(n_ * p_ * (1.0 - p_))))
    values = _discrete_cdf(k_, lambda j: _binomial_logpmf(j, n_, p_), last, "n")
    return _result(values, k_)


def binomial_sample(n: int, p: float, size: int, *, rng: np.random.Generator) -> IntArray:
    r"""Draw ``size`` independent Binomial(``n``, ``p``) samples.

    Parameters
    ----------
    n : int
        Number of trials, :math:`n \ge 0`.
    p : float
        Success probability of each trial, in :math:`[0, 1]`.
    size : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray of int64, shape (size,)
        Counts in :math:`\{0, \dots, n\}`.

    Raises
    ------
    ValueError
        If ``n < 0``, ``p`` is outside :math:`[0, 1]` or ``size < 1``.
    TypeError
        If ``n`` or ``size`` is not an integer, ``p`` is not a real number, or
        ``rng`` is not a Generator.

    Notes
    -----
    Uses the generator's own binomial sampler
    (:meth:`numpy.random.Generator.binomial`); chapter 13 builds samplers from
    uniform numbers.

    Examples
    --------
    >>> binomial_sample(10, 0.5, 5, rng=np.random.default_rng(0)).tolist()
    [6, 4, 2, 2, 6]
    """
    n_ = integer_at_least(n, "n", 0)
    p_ = _probability(p)
    m = integer_at_least(size, "size", 1)
    return generator(rng).binomial(n_, p_, m).astype(np.int64)


# ---------------------------------------------------------------------------
# Poisson
# ---------------------------------------------------------------------------


def _rate(lam: object) -> float:
    value = real_number(lam, "lam")
    if value < 0.0:
        msg = f"`lam` (the Poisson rate) must be non-negative; got {value!r}"
        raise ValueError(msg)
    return value


def _poisson_logpmf(k: FloatArray, lam: float) -> FloatArray:
    on = _is_count(k)
    ks = np.where(on, k, 0.0)
    values = _xlogy(ks, lam) - lam - _lgamma(ks + 1.0)
    out: FloatArray = np.where(on, values, -np.inf)
    return out


def poisson_logpmf(k: ArrayLike, lam: float) -> FloatOrArray:
    r"""Log-probability of the count ``k`` under a Poisson distribution with rate ``lam``.

    Parameters
    ----------
    k : array_like
        Points; the support is :math:`\{0, 1, 2, \dots\}`.
    lam : float
        The rate (mean) :math:`\lambda \ge 0`.

    Returns
    -------
    float or ndarray
        :math:`\log P(X = k)`; :math:`-\infty` off the support.

    Raises
    ------
    ValueError
        If ``k`` is empty or holds NaN/inf, or ``lam`` is negative.
    TypeError
        If ``k`` is not numbers or ``lam`` is not a real number.

    Notes
    -----
    .. math:: \log P(X = k) = k \log\lambda - \lambda - \log\Gamma(k + 1).

    :math:`\lambda = 0` is the point mass at 0 (with :math:`0 \log 0 = 0`).

    Examples
    --------
    >>> poisson_logpmf(0, 3.0)
    -3.0
    >>> poisson_logpmf([0, 1], 0.0).tolist()
    [0.0, -inf]
    """
    lam_ = _rate(lam)
    k_ = as_float_array(k, "k")
    return _result(_poisson_logpmf(k_, lam_), k_)


def poisson_pmf(k: ArrayLike, lam: float) -> FloatOrArray:
    r"""Probability of the count ``k`` under a Poisson distribution with rate ``lam``.

    Parameters
    ----------
    k : array_like
        Points; the support is :math:`\{0, 1, 2, \dots\}`.
    lam : float
        The rate (mean) :math:`\lambda \ge 0`.

    Returns
    -------
    float or ndarray
        :math:`P(X = k)`; 0 off the support.

    Raises
    ------
    ValueError
        If ``k`` is empty or holds NaN/inf, or ``lam`` is negative.
    TypeError
        If ``k`` is not numbers or ``lam`` is not a real number.

    Notes
    -----
    .. math:: P(X = k) = \frac{\lambda^k e^{-\lambda}}{k!}, \qquad k = 0, 1, 2, \dots

    Mean and variance are both :math:`\lambda`. It is the limit of
    Binomial(:math:`n`, :math:`\lambda / n`) as :math:`n \to \infty`.

    Examples
    --------
    >>> round(poisson_pmf(2, 2.0), 12) == round(2.0 * math.exp(-2.0), 12)
    True
    >>> poisson_pmf([-1, 0, 1.5], 1.0).tolist() == [0.0, math.exp(-1.0), 0.0]
    True
    """
    lam_ = _rate(lam)
    k_ = as_float_array(k, "k")
    return _result(_exp(_poisson_logpmf(k_, lam_)), k_)


def poisson_cdf(k: ArrayLike, lam: float) -> FloatOrArray:
    r"""Probability of a count of at most ``k`` under a Poisson distribution with rate ``lam``.

    Parameters
    ----------
    k : array_like
        Points (any real numbers; :math:`P(X \le k) = P(X \le \lfloor k \rfloor)`).
    lam : float
        The rate :math:`\lambda \ge 0`.

    Returns
    -------
    float or ndarray
        :math:`P(X \le k)`.

    Raises
    ------
    ValueError
        If ``k`` is empty or holds NaN/inf, ``lam`` is negative, or the sum
        would need more than :math:`10^7` terms (both ``k`` and ``lam`` above
        about :math:`10^7`).
    TypeError
        If ``k`` is not numbers or ``lam`` is not a real number.

    Notes
    -----
    .. math:: P(X \le k) = \sum_{j=0}^{\lfloor k \rfloor} \frac{\lambda^j e^{-\lambda}}{j!}.

    Summed from :math:`j = 0` up to at most :math:`\lambda + 50\sqrt\lambda + 50`,
    beyond which the upper tail is below :math:`10^{-30}` (Bernstein's
    inequality) and the cdf is 1 to double precision.

    Examples
    --------
    >>> poisson_cdf(0, 2.0) == math.exp(-2.0)
    True
    >>> round(poisson_cdf(1, 1.0), 15) == round(2 * math.exp(-1.0), 15)
    True
    """
    lam_ = _rate(lam)
    k_ = as_float_array(k, "k")
    last = _upper_tail_end(lam_, math.sqrt(lam_))
    return _result(_discrete_cdf(k_, lambda j: _poisson_logpmf(j, lam_), last, "lam"), k_)


def poisson_sample(lam: float, size: int, *, rng: np.random.Generator) -> IntArray:
    r"""Draw ``size`` independent Poisson(``lam``) counts.

    Parameters
    ----------
    lam : float
        The rate :math:`0 \le \lambda \le 10^{15}`.
    size : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray of int64, shape (size,)
        Non-negative counts.

    Raises
    ------
    ValueError
        If ``lam`` is negative or above :math:`10^{15}`, or ``size < 1``.
    TypeError
        If ``lam`` is not a real number, ``size`` not an integer, or ``rng``
        not a Generator.

    Notes
    -----
    Uses :meth:`numpy.random.Generator.poisson`.

    Examples
    --------
    >>> poisson_sample(3.0, 5, rng=np.random.default_rng(0)).tolist()
    [2, 0, 7, 1, 4]
    """
    lam_ = _rate(lam)
    if lam_ > _MAX_POISSON_RATE:
        msg = f"`lam` must be at most {_MAX_POISSON_RATE:g} for sampling; got {lam_!r}"
        raise ValueError(msg)
    m = integer_at_least(size, "size", 1)
    return generator(rng).poisson(lam_, m).astype(np.int64)


# ---------------------------------------------------------------------------
# Uniform
# ---------------------------------------------------------------------------


def _interval(a: object, b: object) -> tuple[float, float]:
    a_, b_ = real_number(a, "a"), real_number(b, "b")
    if not b_ > a_:
        msg = f"`b` must be greater than `a`; got a={a_!r}, b={b_!r}"
        raise ValueError(msg)
    if not math.isfinite(b_ - a_):
        msg = f"`b` - `a` must be finite; got a={a_!r}, b={b_!r} (the width overflows)"
        raise ValueError(msg)
    return a_, b_


def uniform_logpdf(x: ArrayLike, a: float = 0.0, b: float = 1.0) -> FloatOrArray:
    r"""Log-density of the uniform distribution on :math:`[a, b]`.

    Parameters
    ----------
    x : array_like
        Points.
    a, b : float, optional
        The interval, :math:`a < b` (default :math:`[0, 1]`).

    Returns
    -------
    float or ndarray
        :math:`-\log(b - a)` on :math:`[a, b]`, :math:`-\infty` outside.

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN/inf, or :math:`b \le a` (or
        :math:`b - a` overflows).
    TypeError
        If ``x`` is not numbers or ``a``/``b`` is not a real number.

    Notes
    -----
    .. math:: \log p(x) = -\log(b - a), \qquad a \le x \le b .

    Examples
    --------
    >>> uniform_logpdf(0.5, 0.0, 1.0)
    0.0
    >>> uniform_logpdf([1.0, 3.0], 0.0, 2.0).tolist() == [-math.log(2.0), -math.inf]
    True
    """
    a_, b_ = _interval(a, b)
    x_ = as_float_array(x, "x")
    values = np.where((x_ >= a_) & (x_ <= b_), -math.log(b_ - a_), -np.inf)
    return _result(values, x_)


def uniform_pdf(x: ArrayLike, a: float = 0.0, b: float = 1.0) -> FloatOrArray:
    r"""Density of the uniform distribution on :math:`[a, b]`.

    Parameters
    ----------
    x : array_like
        Points.
    a, b : float, optional
        The interval, :math:`a < b` (default :math:`[0, 1]`).

    Returns
    -------
    float or ndarray
        :math:`1 / (b - a)` on the closed interval :math:`[a, b]`, 0 outside.

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN/inf, or :math:`b \le a` (or
        :math:`b - a` overflows).
    TypeError
        If ``x`` is not numbers or ``a``/``b`` is not a real number.

    Notes
    -----
    .. math:: p(x) = \frac{1}{b - a}, \qquad a \le x \le b .

    Mean :math:`(a + b)/2`, variance :math:`(b - a)^2 / 12`. SciPy's
    ``uniform(loc, scale)`` is this distribution with ``loc = a`` and
    ``scale = b - a``.

    Examples
    --------
    >>> uniform_pdf(1.0, 0.0, 4.0)
    0.25
    >>> uniform_pdf([-1.0, 0.0, 4.0, 5.0], 0.0, 4.0).tolist()
    [0.0, 0.25, 0.25, 0.0]
    """
    a_, b_ = _interval(a, b)
    x_ = as_float_array(x, "x")
    values = np.where((x_ >= a_) & (x_ <= b_), 1.0 / (b_ - a_), 0.0)
    return _result(values, x_)


def uniform_cdf(x: ArrayLike, a: float = 0.0, b: float = 1.0) -> FloatOrArray:
    r"""Cumulative distribution function of the uniform distribution on :math:`[a, b]`.

    Parameters
    ----------
    x : array_like
        Points.
    a, b : float, optional
        The interval, :math:`a < b` (default :math:`[0, 1]`).

    Returns
    -------
    float or ndarray
        :math:`P(X \le x)`: 0 left of :math:`a`, 1 right of :math:`b`, linear between.

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN/inf, or :math:`b \le a` (or
        :math:`b - a` overflows).
    TypeError
        If ``x`` is not numbers or ``a``/``b`` is not a real number.

    Notes
    -----
    .. math:: F(x) = \min\Bigl(1, \max\Bigl(0, \frac{x - a}{b - a}\Bigr)\Bigr).

    Examples
    --------
    >>> uniform_cdf(1.0, 0.0, 4.0)
    0.25
    >>> uniform_cdf([-1.0, 2.0, 9.0], 0.0, 4.0).tolist()
    [0.0, 0.5, 1.0]
    """
    a_, b_ = _interval(a, b)
    x_ = as_float_array(x, "x")
    with np.errstate(over="ignore"):  # x - a may overflow far outside: clipped to 0 or 1
        values = np.clip((x_ - a_) / (b_ - a_), 0.0, 1.0)
    return _result(values, x_)


def uniform_sample(a: float, b: float, size: int, *, rng: np.random.Generator) -> FloatArray:
    r"""Draw ``size`` independent samples, uniform on :math:`[a, b)`.

    Parameters
    ----------
    a, b : float
        The interval, :math:`a < b`.
    size : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray, shape (size,)
        Samples :math:`a + (b - a) U` with :math:`U` uniform on :math:`[0, 1)`.

    Raises
    ------
    ValueError
        If :math:`b \le a` (or :math:`b - a` overflows), or ``size < 1``.
    TypeError
        If ``a``/``b`` is not a real number, ``size`` not an integer, or
        ``rng`` not a Generator.

    Examples
    --------
    >>> uniform_sample(0.0, 10.0, 3, rng=np.random.default_rng(0)).round(4).tolist()
    [6.3696, 2.6979, 0.4097]
    """
    a_, b_ = _interval(a, b)
    m = integer_at_least(size, "size", 1)
    out: FloatArray = a_ + (b_ - a_) * generator(rng).random(m)
    return out


# ---------------------------------------------------------------------------
# Normal (Gaussian)
# ---------------------------------------------------------------------------


def normal_logpdf(x: ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> FloatOrArray:
    r"""Log-density of the normal distribution :math:`\mathcal N(\mu, \sigma^2)`.

    Parameters
    ----------
    x : array_like
        Points.
    mu : float, optional
        Mean (default 0).
    sigma : float, optional
        Standard deviation, positive (default 1). Note: the standard
        deviation, not the variance.

    Returns
    -------
    float or ndarray
        :math:`\log p(x)`, finite even where :math:`p(x)` underflows to 0.

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN/inf, ``mu`` is not finite, or
        ``sigma`` is not positive and finite.
    TypeError
        If ``x`` is not numbers or ``mu``/``sigma`` is not a real number.

    Notes
    -----
    .. math::

        \log p(x) = -\frac{(x - \mu)^2}{2\sigma^2} - \log\sigma - \tfrac12 \log(2\pi).

    Examples
    --------
    >>> normal_logpdf(0.0, 0.0, 1.0) == -0.5 * math.log(2 * math.pi)
    True
    >>> normal_logpdf(40.0)  # the density is 1e-348, below the smallest float
    -800.9189385332047
    """
    mu_ = real_number(mu, "mu")
    sigma_ = positive_number(sigma, "sigma")
    x_ = as_float_array(x, "x")
    with np.errstate(over="ignore"):  # z**2 overflows to inf only for |z| > 1e154: log p = -inf
        z = (x_ - mu_) / sigma_
        values = -0.5 * z * z - math.log(sigma_) - 0.5 * _LOG_2PI
    return _result(values, x_)


def normal_pdf(x: ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> FloatOrArray:
    r"""Density of the normal distribution :math:`\mathcal N(\mu, \sigma^2)`.

    Parameters
    ----------
    x : array_like
        Points.
    mu : float, optional
        Mean (default 0).
    sigma : float, optional
        Standard deviation, positive (default 1).

    Returns
    -------
    float or ndarray
        :math:`p(x)`.

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN/inf, ``mu`` is not finite, or
        ``sigma`` is not positive and finite.
    TypeError
        If ``x`` is not numbers or ``mu``/``sigma`` is not a real number.

    Notes
    -----
    .. math::

        p(x) = \frac{1}{\sigma\sqrt{2\pi}} \exp\Bigl(-\frac{(x - \mu)^2}{2\sigma^2}\Bigr).

    Examples
    --------
    >>> normal_pdf(1.0, 1.0, 2.0) == 1 / (2.0 * math.sqrt(2 * math.pi))
    True
    >>> normal_pdf([-1.0, 1.0]).round(12).tolist()
    [0.241970724519, 0.241970724519]
    """
    mu_ = real_number(mu, "mu")
    sigma_ = positive_number(sigma, "sigma")
    x_ = as_float_array(x, "x")
    with np.errstate(over="ignore", under="ignore"):  # far tails: exp(-inf) = 0, correctly
        z = (x_ - mu_) / sigma_
        values = np.exp(-0.5 * z * z) / (sigma_ * math.sqrt(2.0 * math.pi))
    return _result(values, x_)


def normal_cdf(x: ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> FloatOrArray:
    r"""Cumulative distribution function of :math:`\mathcal N(\mu, \sigma^2)`.

    Parameters
    ----------
    x : array_like
        Points.
    mu : float, optional
        Mean (default 0).
    sigma : float, optional
        Standard deviation, positive (default 1).

    Returns
    -------
    float or ndarray
        :math:`\Phi((x - \mu)/\sigma)`, with full relative accuracy in the
        lower tail (e.g. :math:`\Phi(-10) \approx 7.6 \cdot 10^{-24}`, not 0).

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN/inf, ``mu`` is not finite, or
        ``sigma`` is not positive and finite.
    TypeError
        If ``x`` is not numbers or ``mu``/``sigma`` is not a real number.

    Notes
    -----
    .. math::

        \Phi(z) = \tfrac12 \operatorname{erfc}\bigl(-z / \sqrt 2\bigr),
        \qquad z = \frac{x - \mu}{\sigma}.

    The textbook form :math:`\tfrac12 (1 + \operatorname{erf}(z / \sqrt 2))`
    is equal in exact arithmetic but returns 0 for :math:`z < -8.3`: there
    :math:`\operatorname{erf}` rounds to :math:`-1` and the sum cancels.
    ``erfc`` computes the small tail directly.

    Examples
    --------
    >>> normal_cdf(0.0, 0.0, 1.0)
    0.5
    >>> normal_cdf(-10.0) > 0.0
    True
    """
    mu_ = real_number(mu, "mu")
    sigma_ = positive_number(sigma, "sigma")
    x_ = as_float_array(x, "x")
    with np.errstate(over="ignore"):  # |z| overflowing to inf gives 0 or 1, correctly
        z = (x_ - mu_) / sigma_
    return _result(0.5 * _erfc(-z / math.sqrt(2.0)), x_)


def normal_sample(mu: float, sigma: float, size: int, *, rng: np.random.Generator) -> FloatArray:
    r"""Draw ``size`` independent samples from :math:`\mathcal N(\mu, \sigma^2)`.

    Parameters
    ----------
    mu : float
        Mean.
    sigma : float
        Standard deviation, positive.
    size : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray, shape (size,)
        :math:`\mu + \sigma Z` with :math:`Z` standard normal.

    Raises
    ------
    ValueError
        If ``mu`` is not finite, ``sigma`` is not positive and finite, or
        ``size < 1``.
    TypeError
        If ``mu``/``sigma`` is not a real number, ``size`` not an integer, or
        ``rng`` not a Generator.

    Notes
    -----
    Location-scale: if :math:`Z \sim \mathcal N(0, 1)` then
    :math:`\mu + \sigma Z \sim \mathcal N(\mu, \sigma^2)`. This is the
    reparameterization used by VAEs and by the forward process of DDPM.

    Examples
    --------
    >>> normal_sample(10.0, 2.0, 3, rng=np.random.default_rng(0)).round(4).tolist()
    [10.2515, 9.7358, 11.2808]
    """
    mu_ = real_number(mu, "mu")
    sigma_ = positive_number(sigma, "sigma")
    m = integer_at_least(size, "size", 1)
    out: FloatArray = mu_ + sigma_ * generator(rng).standard_normal(m)
    return out


# ---------------------------------------------------------------------------
# Multivariate normal
# ---------------------------------------------------------------------------


def _mvn_parameters(mean: ArrayLike, cov: ArrayLike) -> tuple[FloatArray, FloatArray]:
    r"""``mean`` and the Cholesky factor ``L`` of ``cov`` (``cov = L L^T``), or an error."""
    mu = as_vector(mean, "mean")
    C = as_matrix(cov, "cov", square=True)
    d = mu.shape[0]
    if C.shape != (d, d):
        msg = f"`cov` must be {d}x{d} to match `mean` of length {d}; got shape {C.shape}"
        raise ValueError(msg)
    asymmetry = float(np.max(np.abs(C - C.T)))
    if asymmetry > _SYMMETRY_RTOL * float(np.max(np.abs(C))):
        msg = f"`cov` must be symmetric; got max |cov - cov.T| = {asymmetry:.3g}"
        raise ValueError(msg)
    try:
        L = np.asarray(np.linalg.cholesky(0.5 * (C + C.T)), dtype=np.float64)
    except np.linalg.LinAlgError:
        smallest = float(np.linalg.eigvalsh(C)[0])
        msg = (
            "`cov` must be positive definite (its Cholesky factorisation failed); "
            f"got smallest eigenvalue {smallest:.3g}"
        )
        raise ValueError(msg) from None
    # a pivot at rounding level means cov is singular to working precision
    pivots = np.diag(L) ** 2
    if float(pivots.min()) <= d * np.finfo(np.float64).eps * float(np.max(np.diag(C))):
        msg = (
            "`cov` must be positive definite; it is singular to working precision "
            f"(smallest Cholesky pivot {float(pivots.min()):.3g})"
        )
        raise ValueError(msg)
    return mu, L


def mvn_logpdf(x: ArrayLike, mean: ArrayLike, cov: ArrayLike) -> FloatOrArray:
    r"""Log-density of the multivariate normal :math:`\mathcal N(\mu, \Sigma)`.

    Parameters
    ----------
    x : array_like, shape (d,) or (N, d)
        One point, or N points as rows.
    mean : array_like, shape (d,)
        The mean :math:`\mu`.
    cov : array_like, shape (d, d)
        The covariance :math:`\Sigma`: symmetric (up to ``1e-10`` relative
        rounding) and positive definite.

    Returns
    -------
    float or ndarray, shape (N,)
        :math:`\log p(x)` for one point, or one value per row.

    Raises
    ------
    ValueError
        If an argument is empty or not finite, the shapes do not match,
        ``cov`` is not symmetric, or ``cov`` is not positive definite (or is
        singular to working precision).
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    .. math::

        \log p(x) = -\tfrac12 \Bigl(d \log(2\pi) + \log\det\Sigma
                    + (x - \mu)^\top \Sigma^{-1} (x - \mu)\Bigr).

    With the Cholesky factorisation :math:`\Sigma = L L^\top`,
    :math:`\log\det\Sigma = 2 \sum_i \log L_{ii}` and the quadratic form is
    :math:`\lVert z \rVert^2` with :math:`L z = x - \mu`: neither
    :math:`\Sigma^{-1}` nor :math:`\det\Sigma` (which can underflow) is formed.

    Examples
    --------
    >>> mvn_logpdf([0.0, 0.0], [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]]) == -math.log(2 * math.pi)
    True
    >>> mvn_logpdf([[0.0, 0.0], [1.0, 1.0]], [0.0, 0.0], np.eye(2)).round(4).tolist()
    [-1.8379, -2.8379]
    """
    mu, L = _mvn_parameters(mean, cov)
    d = mu.shape[0]
    X = as_float_array(x, "x")
    if X.ndim not in (1, 2) or X.shape[-1] != d:
        msg = f"`x` must have shape ({d},) or (N, {d}) to match `mean`; got shape {X.shape}"
        raise ValueError(msg)
    rows = np.atleast_2d(X)  # (N, d)
    z = np.linalg.solve(L, (rows - mu).T)  # (d, N) whitened points: L z = x - mu
    quad = np.sum(z * z, axis=0)  # (N,) squared Mahalanobis distances
    log_det = 2.0 * float(np.sum(np.log(np.diag(L))))
    values = -0.5 * (d * _LOG_2PI + log_det + quad)
    return float(values[0]) + 0.0 if X.ndim == 1 else _result(values, X)


def mvn_pdf(x: ArrayLike, mean: ArrayLike, cov: ArrayLike) -> FloatOrArray:
    r"""Density of the multivariate normal :math:`\mathcal N(\mu, \Sigma)`.

    Parameters
    ----------
    x : array_like, shape (d,) or (N, d)
        One point, or N points as rows.
    mean : array_like, shape (d,)
        The mean :math:`\mu`.
    cov : array_like, shape (d, d)
        The covariance :math:`\Sigma`, symmetric positive definite.

    Returns
    -------
    float or ndarray, shape (N,)
        :math:`p(x)`.

    Raises
    ------
    ValueError
        If an argument is empty or not finite, the shapes do not match, or
        ``cov`` is not symmetric positive definite.
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    .. math::

        p(x) = (2\pi)^{-d/2} (\det\Sigma)^{-1/2}
               \exp\Bigl(-\tfrac12 (x - \mu)^\top \Sigma^{-1} (x - \mu)\Bigr),

    the exponential of :func:`mvn_logpdf`.

    Examples
    --------
    >>> mvn_pdf([0.0, 0.0], [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]]) == 1 / (2 * math.pi)
    True
    """
    log_values = mvn_logpdf(x, mean, cov)
    if isinstance(log_values, float):
        return math.exp(log_values)
    return _exp(log_values)


def mvn_sample(
    mean: ArrayLike, cov: ArrayLike, size: int, *, rng: np.random.Generator
) -> FloatArray:
    r"""Draw ``size`` samples from :math:`\mathcal N(\mu, \Sigma)` by the Cholesky factor.

    Parameters
    ----------
    mean : array_like, shape (d,)
        The mean :math:`\mu`.
    cov : array_like, shape (d, d)
        The covariance :math:`\Sigma`, symmetric positive definite.
    size : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray, shape (size, d)
        One sample per row.

    Raises
    ------
    ValueError
        If ``mean``/``cov`` are invalid (see :func:`mvn_logpdf`) or ``size < 1``.
    TypeError
        If ``mean``/``cov`` are not array-like of numbers, ``size`` is not an
        integer, or ``rng`` is not a Generator.

    Notes
    -----
    With :math:`\Sigma = L L^\top` and :math:`z \sim \mathcal N(0, I)`,

    .. math:: x = \mu + L z \sim \mathcal N(\mu, \Sigma),
              \qquad \operatorname{Cov}(Lz) = L\, I\, L^\top = \Sigma .

    Examples
    --------
    >>> X = mvn_sample([0.0, 0.0], [[1.0, 0.7], [0.7, 1.0]], 4, rng=np.random.default_rng(0))
    >>> X.shape
    (4, 2)
    """
    mu, L = _mvn_parameters(mean, cov)
    m = integer_at_least(size, "size", 1)
    Z = generator(rng).standard_normal((m, mu.shape[0]))  # (size, d) standard normals
    out: FloatArray = mu + Z @ L.T
    return out


# ---------------------------------------------------------------------------
# Categorical and multinomial
# ---------------------------------------------------------------------------


def categorical_logpmf(k: ArrayLike, probs: ArrayLike) -> FloatOrArray:
    r"""Log-probability of the class ``k`` under a categorical distribution.

    Parameters
    ----------
    k : array_like
        Class indices; the support is :math:`\{0, \dots, K - 1\}`.
    probs : array_like, shape (K,)
        Class probabilities: non-negative, summing to 1 within ``SUM_TOL`` (``1e-9``).

    Returns
    -------
    float or ndarray
        :math:`\log p_k`; :math:`-\infty` off the support or where
        :math:`p_k = 0`.

    Raises
    ------
    ValueError
        If ``k`` is empty or not finite, or ``probs`` is not 1-D, has a
        negative entry, or does not sum to 1.
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    .. math:: \log P(X = k) = \log p_k .

    The negative of this, at the true class, is the cross-entropy loss of a
    classifier whose softmax output is ``probs``.

    Examples
    --------
    >>> categorical_logpmf(1, [0.25, 0.5, 0.25]) == math.log(0.5)
    True
    >>> categorical_logpmf([0, 3], [1.0, 0.0, 0.0]).tolist()
    [0.0, -inf]
    """
    q = _probability_vector(probs, "probs")
    k_ = as_float_array(k, "k")
    on = _is_count(k_) & (k_ < q.shape[0])
    with np.errstate(divide="ignore"):  # log 0 = -inf: a class of probability 0
        log_q = np.log(q)
    values = np.where(on, log_q[np.where(on, k_, 0.0).astype(np.int64)], -np.inf)
    return _result(values, k_)


def categorical_pmf(k: ArrayLike, probs: ArrayLike) -> FloatOrArray:
    r"""Probability of the class ``k`` under a categorical distribution.

    Parameters
    ----------
    k : array_like
        Class indices; the support is :math:`\{0, \dots, K - 1\}`.
    probs : array_like, shape (K,)
        Class probabilities: non-negative, summing to 1 within ``SUM_TOL`` (``1e-9``).

    Returns
    -------
    float or ndarray
        :math:`p_k`; 0 off the support.

    Raises
    ------
    ValueError
        If ``k`` is empty or not finite, or ``probs`` is not 1-D, has a
        negative entry, or does not sum to 1.
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    .. math:: P(X = k) = p_k, \qquad k = 0, \dots, K - 1 .

    The Bernoulli distribution is the case :math:`K = 2`.

    Examples
    --------
    >>> categorical_pmf(2, [0.2, 0.3, 0.5])
    0.5
    >>> categorical_pmf([0, 1, 5], [0.2, 0.3, 0.5]).tolist()
    [0.2, 0.3, 0.0]
    """
    q = _probability_vector(probs, "probs")
    k_ = as_float_array(k, "k")
    on = _is_count(k_) & (k_ < q.shape[0])
    values = np.where(on, q[np.where(on, k_, 0.0).astype(np.int64)], 0.0)
    return _result(values, k_)


def categorical_sample(probs: ArrayLike, size: int, *, rng: np.random.Generator) -> IntArray:
    r"""Draw ``size`` class indices from a categorical distribution.

    Parameters
    ----------
    probs : array_like, shape (K,)
        Class probabilities: non-negative, summing to 1 within ``SUM_TOL`` (``1e-9``).
    size : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray of int64, shape (size,)
        Indices in :math:`\{0, \dots, K - 1\}`.

    Raises
    ------
    ValueError
        If ``probs`` is invalid (see :func:`categorical_pmf`) or ``size < 1``.
    TypeError
        If ``probs`` is not array-like of numbers, ``size`` is not an integer,
        or ``rng`` is not a Generator.

    Notes
    -----
    Uses :meth:`numpy.random.Generator.choice` with the probabilities
    renormalised to sum to 1 exactly. Sampling the next token of a language
    model is this draw, with ``probs`` the softmax of the logits.

    Examples
    --------
    >>> categorical_sample([0.2, 0.3, 0.5], 6, rng=np.random.default_rng(0)).tolist()
    [2, 1, 0, 0, 2, 2]
    """
    q = _probability_vector(probs, "probs")
    m = integer_at_least(size, "size", 1)
    return generator(rng).choice(q.shape[0], size=m, p=q / q.sum()).astype(np.int64)


def _multinomial_logpmf(X: FloatArray, n: int, q: FloatArray) -> FloatArray:
    on = np.all(_is_count(X), axis=-1) & (np.sum(X, axis=-1) == n)
    Xs = np.where(on[..., None], X, 0.0)
    values = _lgamma(n + 1.0) + np.sum(_xlogy(Xs, q) - _lgamma(Xs + 1.0), axis=-1)
    out: FloatArray = np.where(on, values, -np.inf)
    return out


def _counts(counts: ArrayLike, K: int) -> FloatArray:
    X = as_float_array(counts, "counts")
    if X.ndim not in (1, 2) or X.shape[-1] != K:
        msg = f"`counts` must have shape ({K},) or (N, {K}) to match `probs`; got shape {X.shape}"
        raise ValueError(msg)
    return X


def multinomial_logpmf(counts: ArrayLike, n: int, probs: ArrayLike) -> FloatOrArray:
    r"""Log-probability of the class counts ``counts`` in ``n`` categorical draws.

    Parameters
    ----------
    counts : array_like, shape (K,) or (N, K)
        Counts per class (one vector, or N vectors as rows). The support is
        the non-negative integer vectors summing to ``n``.
    n : int
        Number of draws, :math:`n \ge 0`.
    probs : array_like, shape (K,)
        Class probabilities: non-negative, summing to 1 within ``SUM_TOL`` (``1e-9``).

    Returns
    -------
    float or ndarray, shape (N,)
        :math:`\log P(\text{counts})`; :math:`-\infty` off the support.

    Raises
    ------
    ValueError
        If an argument is empty or not finite, the shapes do not match,
        ``n < 0``, or ``probs`` is not a probability vector.
    TypeError
        If ``counts``/``probs`` are not array-like of numbers or ``n`` is not
        an integer.

    Notes
    -----
    .. math::

        \log P(x_1, \dots, x_K) = \log\Gamma(n + 1)
            + \sum_{i=1}^K \bigl(x_i \log p_i - \log\Gamma(x_i + 1)\bigr),
        \qquad \sum_i x_i = n .

    Examples
    --------
    >>> round(multinomial_logpmf([1, 1], 2, [0.5, 0.5]), 12) == round(math.log(0.5), 12)
    True
    """
    q = _probability_vector(probs, "probs")
    n_ = integer_at_least(n, "n", 0)
    X = _counts(counts, q.shape[0])
    values = _multinomial_logpmf(X, n_, q)
    return float(values) + 0.0 if X.ndim == 1 else _result(values, X)


def multinomial_pmf(counts: ArrayLike, n: int, probs: ArrayLike) -> FloatOrArray:
    r"""Probability of the class counts ``counts`` in ``n`` independent categorical draws.

    Parameters
    ----------
    counts : array_like, shape (K,) or (N, K)
        Counts per class (one vector, or N vectors as rows). The support is
        the non-negative integer vectors summing to ``n``.
    n : int
        Number of draws, :math:`n \ge 0`.
    probs : array_like, shape (K,)
        Class probabilities: non-negative, summing to 1 within ``SUM_TOL`` (``1e-9``).

    Returns
    -------
    float or ndarray, shape (N,)
        :math:`P(\text{counts})`; 0 off the support.

    Raises
    ------
    ValueError
        If an argument is empty or not finite, the shapes do not match,
        ``n < 0``, or ``probs`` is not a probability vector.
    TypeError
        If ``counts``/``probs`` are not array-like of numbers or ``n`` is not
        an integer.

    Notes
    -----
    .. math::

        P(x_1, \dots, x_K) = \frac{n!}{x_1! \cdots x_K!} \, p_1^{x_1} \cdots p_K^{x_K},
        \qquad \sum_i x_i = n .

    :math:`K = 2` is the binomial distribution; :math:`n = 1` is the categorical.

    Examples
    --------
    >>> round(multinomial_pmf([1, 1, 0], 2, [0.5, 0.25, 0.25]), 12)
    0.25
    >>> multinomial_pmf([[2, 0], [1, 0]], 2, [0.5, 0.5]).round(12).tolist()
    [0.25, 0.0]
    """
    q = _probability_vector(probs, "probs")
    n_ = integer_at_least(n, "n", 0)
    X = _counts(counts, q.shape[0])
    values = _exp(_multinomial_logpmf(X, n_, q))
    return float(values) + 0.0 if X.ndim == 1 else _result(values, X)


def multinomial_sample(
    n: int, probs: ArrayLike, size: int, *, rng: np.random.Generator
) -> IntArray:
    r"""Draw ``size`` count vectors, each the class counts of ``n`` categorical draws.

    Parameters
    ----------
    n : int
        Draws per count vector, :math:`n \ge 0`.
    probs : array_like, shape (K,)
        Class probabilities: non-negative, summing to 1 within ``SUM_TOL`` (``1e-9``).
    size : int
        Number of count vectors, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray of int64, shape (size, K)
        Each row sums to ``n``.

    Raises
    ------
    ValueError
        If ``n < 0``, ``probs`` is invalid, or ``size < 1``.
    TypeError
        If ``n`` or ``size`` is not an integer, ``probs`` is not array-like of
        numbers, or ``rng`` is not a Generator.

    Notes
    -----
    Uses :meth:`numpy.random.Generator.multinomial`.

    Examples
    --------
    >>> multinomial_sample(10, [0.2, 0.3, 0.5], 2, rng=np.random.default_rng(0)).tolist()
    [[2, 2, 6], [0, 1, 9]]
    """
    n_ = integer_at_least(n, "n", 0)
    q = _probability_vector(probs, "probs")
    m = integer_at_least(size, "size", 1)
    return generator(rng).multinomial(n_, q / q.sum(), size=m).astype(np.int64)


# ---------------------------------------------------------------------------
# Beta and the Beta-Bernoulli conjugate update
# ---------------------------------------------------------------------------


def _beta_logpdf(x: FloatArray, a: float, b: float) -> FloatArray:
    on = (x >= 0.0) & (x <= 1.0)
    xs = np.where(on, x, 0.5)  # a point of the support, so no log of a negative number
    log_B = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    values = _xlogy(a - 1.0, xs) + _xlog1py(b - 1.0, -xs) - log_B
    out: FloatArray = np.where(on, values, -np.inf)
    return out


def beta_logpdf(x: ArrayLike, alpha: float, beta: float) -> FloatOrArray:
    r"""Log-density of the Beta(:math:`\alpha`, :math:`\beta`) distribution on :math:`[0, 1]`.

    Parameters
    ----------
    x : array_like
        Points; the support is :math:`[0, 1]`.
    alpha, beta : float
        Shape parameters, positive.

    Returns
    -------
    float or ndarray
        :math:`\log p(x)`; :math:`-\infty` outside :math:`[0, 1]`, and
        :math:`+\infty` at an endpoint where the density is unbounded
        (:math:`\alpha < 1` at 0, :math:`\beta < 1` at 1).

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN/inf, or ``alpha``/``beta`` is not
        positive and finite.
    TypeError
        If ``x`` is not numbers or ``alpha``/``beta`` is not a real number.

    Notes
    -----
    .. math::

        \log p(x) = (\alpha - 1) \log x + (\beta - 1) \log(1 - x) - \log B(\alpha, \beta),
        \qquad \log B(\alpha, \beta) = \log\Gamma(\alpha) + \log\Gamma(\beta)
                                       - \log\Gamma(\alpha + \beta),

    with :math:`0 \log 0 = 0` (so Beta(1, 1) is the uniform density 1 on the
    closed interval).

    Examples
    --------
    >>> beta_logpdf(0.5, 1.0, 1.0)
    0.0
    >>> beta_logpdf([0.0, 2.0], 2.0, 1.0).tolist()
    [-inf, -inf]
    """
    a = positive_number(alpha, "alpha")
    b = positive_number(beta, "beta")
    x_ = as_float_array(x, "x")
    return _result(_beta_logpdf(x_, a, b), x_)


def beta_pdf(x: ArrayLike, alpha: float, beta: float) -> FloatOrArray:
    r"""Density of the Beta(:math:`\alpha`, :math:`\beta`) distribution on :math:`[0, 1]`.

    Parameters
    ----------
    x : array_like
        Points; the support is :math:`[0, 1]`.
    alpha, beta : float
        Shape parameters, positive.

    Returns
    -------
    float or ndarray
        :math:`p(x)`; 0 outside :math:`[0, 1]`, ``inf`` at an endpoint where
        the density is unbounded.

    Raises
    ------
    ValueError
        If ``x`` is empty or holds NaN/inf, or ``alpha``/``beta`` is not
        positive and finite.
    TypeError
        If ``x`` is not numbers or ``alpha``/``beta`` is not a real number.

    Notes
    -----
    .. math::

        p(x) = \frac{x^{\alpha - 1} (1 - x)^{\beta - 1}}{B(\alpha, \beta)},
        \qquad B(\alpha, \beta) = \frac{\Gamma(\alpha)\Gamma(\beta)}{\Gamma(\alpha + \beta)} .

    Mean :math:`\alpha / (\alpha + \beta)`. The prior of a coin's bias
    :math:`p` in the Beta–Bernoulli model (:func:`beta_bernoulli_update`).

    Examples
    --------
    >>> round(beta_pdf(0.5, 2.0, 2.0), 12)
    1.5
    >>> beta_pdf([0.25, 0.75], 2.0, 1.0).round(12).tolist()
    [0.5, 1.5]
    """
    a = positive_number(alpha, "alpha")
    b = positive_number(beta, "beta")
    x_ = as_float_array(x, "x")
    with np.errstate(over="ignore"):  # +inf at an unbounded endpoint stays +inf
        values = _exp(_beta_logpdf(x_, a, b))
    return _result(values, x_)


def _binary_data(data: ArrayLike) -> FloatArray:
    r"""Observations in {0, 1} as a float vector; an empty 1-D sequence is allowed."""
    no_data = (isinstance(data, (list, tuple)) and len(data) == 0) or (
        isinstance(data, np.ndarray) and data.shape == (0,)
    )
    if no_data:
        return np.zeros(0)
    y = as_vector(data, "data")
    if not np.all((y == 0.0) | (y == 1.0)):
        bad = y[(y != 0.0) & (y != 1.0)][0]
        msg = f"`data` must hold Bernoulli outcomes 0 or 1; got {bad!r}"
        raise ValueError(msg)
    return y


def beta_bernoulli_update(alpha: float, beta: float, data: ArrayLike) -> tuple[float, float]:
    r"""Posterior Beta parameters after observing Bernoulli ``data`` under a Beta prior.

    Parameters
    ----------
    alpha, beta : float
        The prior Beta(:math:`\alpha`, :math:`\beta`), both positive.
    data : array_like, shape (n,)
        Observed outcomes, each 0 or 1; may be empty (no data: the prior).

    Returns
    -------
    tuple of float
        :math:`(\alpha + s, \beta + n - s)`, where :math:`s` is the number of 1s.

    Raises
    ------
    ValueError
        If ``alpha``/``beta`` is not positive and finite, or ``data`` is not a
        1-D sequence of 0s and 1s.
    TypeError
        If ``alpha``/``beta`` is not a real number or ``data`` is not
        array-like of numbers.

    Notes
    -----
    Bayes' rule with prior :math:`p^{\alpha - 1}(1 - p)^{\beta - 1}` and
    likelihood :math:`\prod_i p^{x_i}(1 - p)^{1 - x_i} = p^s (1 - p)^{n - s}`:

    .. math::

        \pi(p \mid x_{1:n}) \propto p^{\alpha + s - 1} (1 - p)^{\beta + n - s - 1}
        \quad\Longrightarrow\quad
        p \mid x_{1:n} \sim \mathrm{Beta}(\alpha + s, \beta + n - s).

    The posterior is again a Beta distribution (the prior is *conjugate*), so
    updating one observation at a time gives the same result as updating with
    all of them at once, in any order.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, §2.1.1.

    Examples
    --------
    >>> beta_bernoulli_update(2.0, 2.0, [1, 0, 1, 1])
    (5.0, 3.0)
    >>> beta_bernoulli_update(1.0, 1.0, [])
    (1.0, 1.0)
    """
    a = positive_number(alpha, "alpha")
    b = positive_number(beta, "beta")
    y = _binary_data(data)
    s = float(np.sum(y))
    return a + s, b + (y.shape[0] - s)


# ---------------------------------------------------------------------------
# Exponential-family pieces
# ---------------------------------------------------------------------------


def bernoulli_natural_parameter(p: float) -> float:
    r"""Natural parameter of the Bernoulli distribution: the log-odds :math:`\log\frac{p}{1-p}`.

    Parameters
    ----------
    p : float
        Success probability, strictly between 0 and 1.

    Returns
    -------
    float
        :math:`\eta = \operatorname{logit}(p)`.

    Raises
    ------
    ValueError
        If ``p`` is not in the open interval :math:`(0, 1)` (at 0 and 1 the
        natural parameter would be :math:`\mp\infty`).
    TypeError
        If ``p`` is not a real number.

    Notes
    -----
    In exponential-family form
    :math:`P(X = k) = \exp(\eta k - A(\eta))` with
    :math:`\eta = \log\frac{p}{1 - p}` and :math:`A` from
    :func:`bernoulli_log_partition`. The inverse map is the sigmoid: a
    logistic-regression output is the Bernoulli mean for the natural
    parameter :math:`\eta = w^\top x + b`.

    Examples
    --------
    >>> bernoulli_natural_parameter(0.5)
    0.0
    >>> round(bernoulli_natural_parameter(0.75), 12) == round(math.log(3.0), 12)
    True
    """
    p_ = _probability(p)
    if p_ in (0.0, 1.0):
        msg = f"`p` must be in the open interval (0, 1) for a finite log-odds; got {p_!r}"
        raise ValueError(msg)
    return math.log(p_) - math.log1p(-p_)


def bernoulli_log_partition(eta: float) -> float:
    r"""Log-partition function of the Bernoulli family: :math:`A(\eta) = \log(1 + e^\eta)`.

    Parameters
    ----------
    eta : float
        The natural parameter (log-odds).

    Returns
    -------
    float
        :math:`A(\eta)`, the softplus of :math:`\eta`, computed without overflow.

    Raises
    ------
    ValueError
        If ``eta`` is not finite.
    TypeError
        If ``eta`` is not a real number.

    Notes
    -----
    .. math::

        A(\eta) = \log(1 + e^\eta) = \max(\eta, 0) + \log\bigl(1 + e^{-|\eta|}\bigr),
        \qquad A'(\eta) = \frac{1}{1 + e^{-\eta}} = p = \mathbb E[X].

    The derivative of the log-partition is the mean of the sufficient
    statistic :math:`T(k) = k`.

    Examples
    --------
    >>> bernoulli_log_partition(0.0) == math.log(2.0)
    True
    >>> bernoulli_log_partition(1000.0)
    1000.0
    """
    e = real_number(eta, "eta")
    return max(e, 0.0) + math.log1p(math.exp(-abs(e)))


def normal_natural_parameters(mu: float, sigma: float) -> tuple[float, float]:
    r"""Natural parameters :math:`(\mu/\sigma^2, -1/(2\sigma^2))` of the normal distribution.

    Parameters
    ----------
    mu : float
        Mean.
    sigma : float
        Standard deviation, positive.

    Returns
    -------
    tuple of float
        :math:`(\eta_1, \eta_2)`, with :math:`\eta_2 < 0`.

    Raises
    ------
    ValueError
        If ``mu`` is not finite or ``sigma`` is not positive and finite.
    TypeError
        If ``mu``/``sigma`` is not a real number.

    Notes
    -----
    With sufficient statistics :math:`T(x) = (x, x^2)` and base measure
    :math:`h(x) = 1 / \sqrt{2\pi}`,

    .. math::

        p(x) = h(x) \exp\bigl(\eta_1 x + \eta_2 x^2 - A(\eta)\bigr),
        \qquad \eta_1 = \frac{\mu}{\sigma^2}, \quad \eta_2 = -\frac{1}{2\sigma^2},

    with :math:`A` from :func:`normal_log_partition`.

    Examples
    --------
    >>> normal_natural_parameters(1.0, 2.0)
    (0.25, -0.125)
    """
    mu_ = real_number(mu, "mu")
    sigma_ = positive_number(sigma, "sigma")
    var = sigma_ * sigma_
    return mu_ / var, -0.5 / var


def normal_log_partition(eta1: float, eta2: float) -> float:
    r"""Log-partition function of the normal family in natural parameters.

    Parameters
    ----------
    eta1 : float
        First natural parameter, :math:`\mu / \sigma^2`.
    eta2 : float
        Second natural parameter, :math:`-1 / (2\sigma^2)`; negative.

    Returns
    -------
    float
        :math:`A(\eta) = -\eta_1^2 / (4\eta_2) - \tfrac12 \log(-2\eta_2)`.

    Raises
    ------
    ValueError
        If ``eta1`` is not finite or ``eta2`` is not negative and finite
        (a non-negative :math:`\eta_2` gives no normalisable density).
    TypeError
        If ``eta1``/``eta2`` is not a real number.

    Notes
    -----
    In terms of :math:`\mu, \sigma`: :math:`A = \mu^2 / (2\sigma^2) + \log\sigma`.
    Its gradient is the mean of the sufficient statistics,

    .. math::

        \frac{\partial A}{\partial \eta_1} = -\frac{\eta_1}{2\eta_2} = \mu = \mathbb E[x],
        \qquad
        \frac{\partial A}{\partial \eta_2} = \frac{\eta_1^2}{4\eta_2^2} - \frac{1}{2\eta_2}
        = \mu^2 + \sigma^2 = \mathbb E[x^2].

    Examples
    --------
    >>> normal_log_partition(0.0, -0.5)
    0.0
    >>> normal_log_partition(*normal_natural_parameters(2.0, 1.0))
    2.0
    """
    e1 = real_number(eta1, "eta1")
    e2 = real_number(eta2, "eta2")
    if not e2 < 0.0:
        msg = f"`eta2` must be negative (it is -1/(2 sigma^2)); got {e2!r}"
        raise ValueError(msg)
    return -e1 * e1 / (4.0 * e2) - 0.5 * math.log(-2.0 * e2)
