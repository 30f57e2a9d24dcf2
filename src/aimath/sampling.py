r"""Sampling and Monte Carlo: chapter 13 of the book.

Every function here turns uniform or Gaussian random numbers into an answer
(an integral, samples from a target density, a gradient, a token), with the
randomness passed in explicitly as a :class:`numpy.random.Generator` (or, for
the gradient estimators, as the standard-normal noise itself, so that two
estimators can share it).

* Monte Carlo integration: :func:`mc_integrate`, :func:`pi_draws`,
  :func:`estimate_pi`, and :func:`batch_means_se` for the standard error of
  a correlated (MCMC) sequence.
* Exact samplers: :func:`inverse_transform`, :func:`exponential_inverse_cdf`,
  :func:`box_muller`, :func:`rejection_sample`.
* Weighting: :func:`importance_estimate`, :func:`effective_sample_size`.
* Markov chain Monte Carlo: :func:`metropolis_hastings`,
  :func:`gibbs_bivariate_gaussian`.
* Gradients of expectations: :func:`reparam_gradient`,
  :func:`score_function_gradient`.
* LLM decoding: :func:`apply_temperature`, :func:`top_k_filter`,
  :func:`top_p_filter`, :func:`decoding_distribution`, :func:`sample_tokens`.

Callables passed in (integrands, densities, samplers) must be vectorised:
given an array of points they return an array of the same shape, and every
value they return is checked (NaN is an error, not a silently wrong mean).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_float_array,
    as_vector,
    generator,
    integer_at_least,
    positive_number,
    real_number,
)
from aimath.autodiff import softmax
from aimath.distributions import categorical_sample

__all__ = [
    "ImportanceEstimate",
    "apply_temperature",
    "batch_means_se",
    "box_muller",
    "decoding_distribution",
    "effective_sample_size",
    "estimate_pi",
    "exponential_inverse_cdf",
    "gibbs_bivariate_gaussian",
    "importance_estimate",
    "inverse_transform",
    "mc_integrate",
    "metropolis_hastings",
    "pi_draws",
    "rejection_sample",
    "reparam_gradient",
    "sample_tokens",
    "score_function_gradient",
    "top_k_filter",
    "top_p_filter",
]

IntArray = NDArray[np.int64]

#: Most proposals :func:`rejection_sample` makes before giving up (memory and time).
MAX_PROPOSALS = 10**8

#: ``target_pdf <= M * proposal_pdf`` is enforced up to this relative slack, so
#: that an envelope that touches the target (equality in real arithmetic) is
#: not rejected for a rounding error in the last bits.
ENVELOPE_RTOL = 1e-9


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _callable(f: object, name: str) -> None:
    if not callable(f):
        msg = f"`{name}` must be a callable; got {type(f).__name__}"
        raise TypeError(msg)


def _evaluate(
    f: Callable[[Any], Any], x: FloatArray, name: str, *, allow_neg_inf: bool = False
) -> FloatArray:
    """``f(x)`` as a float array of the shape of ``x``, checked for NaN and inf."""
    try:
        # NaN or inf from f is reported below, naming f, rather than as a NumPy warning
        with np.errstate(all="ignore"):
            values = np.asarray(f(x), dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = f"`{name}` must return real numbers for an array of points; it raised {exc!r}"
        raise TypeError(msg) from None
    if values.shape != x.shape:
        msg = (
            f"`{name}` must be vectorised: for points of shape {x.shape} it must return "
            f"the same shape; got {values.shape}"
        )
        raise ValueError(msg)
    bad = np.isnan(values) | (values == np.inf)
    if not allow_neg_inf:
        bad |= values == -np.inf
    if np.any(bad):
        msg = f"`{name}` returned NaN or inf at {float(x[bad].ravel()[0])!r}"
        raise ValueError(msg)
    return values


def _logits(logits: ArrayLike) -> FloatArray:
    return as_vector(logits, "logits")


# ---------------------------------------------------------------------------
# Monte Carlo integration
# ---------------------------------------------------------------------------


def mc_integrate(
    f: Callable[[FloatArray], ArrayLike], a: float, b: float, n: int, *, rng: np.random.Generator
) -> tuple[float, float]:
    r"""Monte Carlo estimate of :math:`\int_a^b f(x)\,dx` and its standard error.

    Parameters
    ----------
    f : callable
        Vectorised integrand: maps an array of points to an array of finite values.
    a, b : float
        Limits of integration, :math:`a < b`.
    n : int
        Number of uniform draws, at least 2 (the standard error needs two).
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    estimate : float
        :math:`(b - a)\,\frac1n \sum_i f(U_i)` with :math:`U_i \sim \mathrm{Uniform}[a, b)`.
    standard_error : float
        :math:`(b - a)\, s / \sqrt n`, with :math:`s` the sample standard
        deviation of the :math:`f(U_i)`.

    Raises
    ------
    ValueError
        If ``a >= b``, ``n < 2``, or ``f`` returns NaN/inf or the wrong shape.
    TypeError
        If ``f`` is not callable, ``a``/``b`` are not real numbers, ``n`` is
        not an integer, or ``rng`` is not a Generator.

    Notes
    -----
    .. math::

        \int_a^b f(x)\,dx = (b - a)\,\mathbb E[f(U)], \qquad
        \hat I_n = \frac{b - a}{n} \sum_{i=1}^n f(U_i), \qquad
        \operatorname{sd}(\hat I_n) = \frac{(b - a)\,\sigma_f}{\sqrt n} .

    The error shrinks like :math:`1/\sqrt n` in any dimension; the constant
    :math:`\sigma_f` is what variance reduction attacks.

    References
    ----------
    C. P. Robert and G. Casella, *Monte Carlo Statistical Methods*, 2nd ed., §3.2.

    Examples
    --------
    >>> est, se = mc_integrate(lambda x: 3 * x**2, 0.0, 1.0, 10_000, rng=np.random.default_rng(0))
    >>> abs(est - 1.0) < 4 * se
    True
    """
    _callable(f, "f")
    lo, hi = real_number(a, "a"), real_number(b, "b")
    if not lo < hi:
        msg = f"`a` must be smaller than `b`; got a={lo!r}, b={hi!r}"
        raise ValueError(msg)
    m = integer_at_least(n, "n", 2)
    u = lo + (hi - lo) * generator(rng).random(m)
    values = _evaluate(f, u, "f")
    width = hi - lo
    return width * float(values.mean()), width * float(values.std(ddof=1)) / math.sqrt(m)


def pi_draws(n: int, *, rng: np.random.Generator) -> FloatArray:
    r"""Draws whose mean is :math:`\pi`: :math:`4 \cdot \mathbf 1[U_1^2 + U_2^2 \le 1]`.

    Parameters
    ----------
    n : int
        Number of points, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray, shape (n,)
        Each entry is 4 (the point fell in the quarter disc) or 0.

    Raises
    ------
    ValueError
        If ``n < 1``.
    TypeError
        If ``n`` is not an integer or ``rng`` is not a Generator.

    Notes
    -----
    A point uniform in the unit square lands in the quarter disc
    :math:`x^2 + y^2 \le 1` with probability :math:`\pi / 4`, its area, so each
    draw has mean :math:`\pi` and variance :math:`\pi(4 - \pi)`.

    Examples
    --------
    >>> pi_draws(6, rng=np.random.default_rng(0)).tolist()
    [4.0, 4.0, 0.0, 4.0, 0.0, 4.0]
    """
    m = integer_at_least(n, "n", 1)
    xy = generator(rng).random((m, 2))  # (n, 2) points in the unit square
    inside = np.einsum("ij,ij->i", xy, xy) <= 1.0
    draws: FloatArray = 4.0 * inside.astype(np.float64)
    return draws


def estimate_pi(n: int, *, rng: np.random.Generator) -> tuple[float, float]:
    r"""Estimate :math:`\pi` from ``n`` random points, with its standard error.

    Parameters
    ----------
    n : int
        Number of points, at least 2.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    estimate : float
        Four times the fraction of points in the quarter disc.
    standard_error : float
        :math:`s / \sqrt n` for the draws of :func:`pi_draws`.

    Raises
    ------
    ValueError
        If ``n < 2``.
    TypeError
        If ``n`` is not an integer or ``rng`` is not a Generator.

    Notes
    -----
    .. math::

        \hat\pi_n = \frac4n \sum_{i=1}^n \mathbf 1\bigl[U_{i1}^2 + U_{i2}^2 \le 1\bigr],
        \qquad \operatorname{sd}(\hat\pi_n) = \sqrt{\frac{\pi (4 - \pi)}{n}} .

    Examples
    --------
    >>> est, se = estimate_pi(100_000, rng=np.random.default_rng(0))
    >>> abs(est - math.pi) < 4 * se
    True
    """
    m = integer_at_least(n, "n", 2)
    draws = pi_draws(m, rng=rng)
    return float(draws.mean()), float(draws.std(ddof=1)) / math.sqrt(m)


def batch_means_se(x: ArrayLike, n_batches: int = 20) -> float | FloatArray:
    r"""Standard error of the mean of a correlated sequence, by batch means.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        A sequence, e.g. an MCMC chain after burn-in; a 2-D input is ``d``
        sequences, one per column.
    n_batches : int, optional
        Number of consecutive, non-overlapping batches, at least 2. Each batch
        must hold at least one point; trailing points that do not fill a batch
        are dropped.

    Returns
    -------
    float or ndarray, shape (d,)
        The estimated standard error of the mean of each sequence.

    Raises
    ------
    ValueError
        If ``x`` is not a finite 1-D/2-D array, or there are fewer points than
        batches, or ``n_batches < 2``.
    TypeError
        If ``x`` is not array-like of numbers or ``n_batches`` not an integer.

    Notes
    -----
    Split the :math:`n = a b` points into :math:`a` batches of length
    :math:`b` with means :math:`\bar x_1, \dots, \bar x_a`. If :math:`b` is
    much longer than the sequence's correlation time, the batch means are
    nearly independent, each with variance :math:`\approx \sigma^2_{\text{eff}} / b`, so

    .. math::

        \widehat{\operatorname{se}}(\bar x) = \frac{1}{\sqrt a}
        \sqrt{\frac{1}{a - 1} \sum_{j=1}^a (\bar x_j - \bar x)^2} .

    The naive :math:`s / \sqrt n` assumes independent points and, for a
    positively correlated chain, is too small.

    References
    ----------
    C. P. Robert and G. Casella, *Monte Carlo Statistical Methods*, 2nd ed., §12.3.

    Examples
    --------
    >>> batch_means_se([1.0, 3.0, 1.0, 3.0], n_batches=2)
    0.0
    >>> batch_means_se([1.0, 1.0, 3.0, 3.0], n_batches=2)
    1.0
    """
    arr = as_float_array(x, "x")
    if arr.ndim not in (1, 2):
        msg = f"`x` must be 1-D (n,) or 2-D (n, d); got shape {arr.shape}"
        raise ValueError(msg)
    a = integer_at_least(n_batches, "n_batches", 2)
    b = arr.shape[0] // a
    if b < 1:
        msg = f"`x` must hold at least `n_batches` = {a} points; got {arr.shape[0]}"
        raise ValueError(msg)
    means = arr[: a * b].reshape(a, b, *arr.shape[1:]).mean(axis=1)  # (a,) or (a, d)
    se = means.std(axis=0, ddof=1) / math.sqrt(a)
    return float(se) if arr.ndim == 1 else np.asarray(se, dtype=np.float64)


# ---------------------------------------------------------------------------
# Exact samplers
# ---------------------------------------------------------------------------


def inverse_transform(u: ArrayLike, quantile: Callable[[FloatArray], ArrayLike]) -> FloatArray:
    r"""Turn uniform numbers into samples by applying a quantile function.

    Parameters
    ----------
    u : array_like
        Numbers in :math:`[0, 1]`, e.g. ``rng.random(n)``.
    quantile : callable
        The inverse cdf :math:`F^{-1}` of the target, vectorised; it must
        return finite values at the given ``u``.

    Returns
    -------
    ndarray, same shape as ``u``
        :math:`F^{-1}(u)`.

    Raises
    ------
    ValueError
        If ``u`` is empty, not finite or outside :math:`[0, 1]`, or
        ``quantile`` returns NaN/inf or the wrong shape.
    TypeError
        If ``u`` is not array-like of numbers or ``quantile`` is not callable.

    Notes
    -----
    If :math:`U \sim \mathrm{Uniform}[0, 1]` and :math:`F` is a continuous cdf, then

    .. math:: P\bigl(F^{-1}(U) \le x\bigr) = P\bigl(U \le F(x)\bigr) = F(x),

    so :math:`F^{-1}(U)` has cdf :math:`F`.

    Examples
    --------
    >>> inverse_transform([0.0, 0.5, 1.0], lambda u: 2.0 + 4.0 * u).tolist()
    [2.0, 4.0, 6.0]
    """
    u_ = as_float_array(u, "u")
    _callable(quantile, "quantile")
    if np.any((u_ < 0.0) | (u_ > 1.0)):
        msg = f"`u` must lie in [0, 1]; got values in [{float(u_.min())!r}, {float(u_.max())!r}]"
        raise ValueError(msg)
    return _evaluate(quantile, u_, "quantile")


def exponential_inverse_cdf(u: ArrayLike, rate: float = 1.0) -> FloatArray:
    r"""Quantile function of the exponential distribution: :math:`-\log(1 - u) / \lambda`.

    Parameters
    ----------
    u : array_like
        Probabilities in :math:`[0, 1)`.
    rate : float, optional
        The rate :math:`\lambda > 0` (mean :math:`1/\lambda`).

    Returns
    -------
    ndarray, same shape as ``u``
        :math:`F^{-1}(u)`; exponential samples when ``u`` is uniform.

    Raises
    ------
    ValueError
        If ``u`` is empty, not finite or outside :math:`[0, 1)` (the quantile
        at 1 is infinite), or ``rate`` is not positive and finite.
    TypeError
        If ``u`` is not array-like of numbers or ``rate`` not a real number.

    Notes
    -----
    Solving :math:`u = F(x) = 1 - e^{-\lambda x}` for :math:`x`:

    .. math:: F^{-1}(u) = -\frac{\log(1 - u)}{\lambda},

    computed with ``log1p`` so that small :math:`u` keeps its precision.

    Examples
    --------
    >>> exponential_inverse_cdf([0.0, 0.5], rate=2.0).tolist() == [0.0, math.log(2.0) / 2]
    True
    """
    u_ = as_float_array(u, "u")
    lam = positive_number(rate, "rate")
    if np.any((u_ < 0.0) | (u_ >= 1.0)):
        msg = f"`u` must lie in [0, 1) (the quantile at 1 is infinite); got max {float(u_.max())!r}"
        raise ValueError(msg)
    out: FloatArray = -np.log1p(-u_) / lam + 0.0  # + 0.0 turns -0.0 into 0.0
    return out


def box_muller(n: int, *, rng: np.random.Generator) -> FloatArray:
    r"""Draw ``n`` independent standard normal samples by the Box–Muller transform.

    Parameters
    ----------
    n : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of uniform randomness (only ``rng.random`` is used).

    Returns
    -------
    ndarray, shape (n,)
        Samples from :math:`\mathcal N(0, 1)`.

    Raises
    ------
    ValueError
        If ``n < 1``.
    TypeError
        If ``n`` is not an integer or ``rng`` is not a Generator.

    Notes
    -----
    For independent :math:`U_1 \in (0, 1]` and :math:`U_2 \in [0, 1)`,

    .. math::

        R = \sqrt{-2 \log U_1}, \quad \Theta = 2\pi U_2, \qquad
        Z_1 = R \cos\Theta, \quad Z_2 = R \sin\Theta

    are independent standard normals: in polar coordinates the 2-D standard
    Gaussian has a uniform angle and :math:`R^2 \sim \mathrm{Exp}(1/2)`,
    whose inverse cdf is :math:`-2 \log(1 - u)`. ``U_1`` is drawn as
    ``1 - rng.random()`` so :math:`\log U_1` is never :math:`\log 0`.

    References
    ----------
    G. E. P. Box and M. E. Muller, "A note on the generation of random normal
    deviates", *Ann. Math. Statist.* 29 (1958).

    Examples
    --------
    >>> z = box_muller(100_000, rng=np.random.default_rng(0))
    >>> abs(float(z.mean())) < 0.02, abs(float(z.var()) - 1.0) < 0.02
    (True, True)
    """
    m = integer_at_least(n, "n", 1)
    pairs = (m + 1) // 2
    u = generator(rng).random((2, pairs))
    r = np.sqrt(-2.0 * np.log(1.0 - u[0]))  # 1 - u in (0, 1]: the log is finite
    theta = 2.0 * np.pi * u[1]
    z: FloatArray = np.concatenate([r * np.cos(theta), r * np.sin(theta)])[:m]
    return z


def rejection_sample(
    target_pdf: Callable[[FloatArray], ArrayLike],
    proposal_sample: Callable[[int, np.random.Generator], ArrayLike],
    proposal_pdf: Callable[[FloatArray], ArrayLike],
    M: float,
    n: int,
    *,
    rng: np.random.Generator,
) -> tuple[FloatArray, float]:
    r"""Draw ``n`` samples from ``target_pdf`` by rejection from a proposal.

    Parameters
    ----------
    target_pdf : callable
        Vectorised density :math:`p(x) \ge 0` to sample from (it need not be
        normalised, but then the acceptance rate is :math:`Z_p / M`).
    proposal_sample : callable
        ``proposal_sample(size, rng)`` returns ``size`` draws from the proposal :math:`q`.
    proposal_pdf : callable
        Vectorised density :math:`q(x)`, positive at every draw of the proposal.
    M : float
        Envelope constant, :math:`M \ge 1`, with :math:`p(x) \le M q(x)` everywhere.
    n : int
        Number of accepted samples wanted, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    samples : ndarray, shape (n,)
        Independent draws from :math:`p` (normalised).
    acceptance_rate : float
        Accepted proposals divided by all proposals made. For normalised
        :math:`p` and :math:`q` its expectation is :math:`1/M`.

    Raises
    ------
    ValueError
        If ``M < 1`` or is not finite, ``n < 1``, a density returns a
        negative, NaN or infinite value or the wrong shape, ``q`` is 0 at a
        proposed point, ``p > M q`` at a proposed point (``M`` too small: the
        samples would be wrong), or more than ``MAX_PROPOSALS`` proposals
        are needed.
    TypeError
        If a callable argument is not callable, ``M`` is not a real number,
        ``n`` not an integer, or ``rng`` not a Generator.

    Notes
    -----
    Draw :math:`x \sim q` and :math:`u \sim \mathrm{Uniform}[0, 1)`; accept
    :math:`x` if :math:`u\, M q(x) < p(x)`. An accepted :math:`x` has density
    proportional to :math:`q(x) \cdot p(x) / (M q(x)) = p(x) / M`, i.e. it is a
    draw from :math:`p`, and

    .. math:: P(\text{accept}) = \int q(x) \frac{p(x)}{M q(x)}\,dx = \frac1M .

    References
    ----------
    C. P. Robert and G. Casella, *Monte Carlo Statistical Methods*, 2nd ed., §2.3.

    Examples
    --------
    Sample the density :math:`2x` on :math:`[0, 1]` from uniform proposals (:math:`M = 2`):

    >>> x, rate = rejection_sample(
    ...     lambda x: 2 * x, lambda size, rng: rng.random(size), np.ones_like, 2.0, 5_000,
    ...     rng=np.random.default_rng(0))
    >>> abs(float(x.mean()) - 2 / 3) < 0.02, abs(rate - 0.5) < 0.02
    (True, True)
    """
    for f, name in ((target_pdf, "target_pdf"), (proposal_sample, "proposal_sample")):
        _callable(f, name)
    _callable(proposal_pdf, "proposal_pdf")
    M_ = real_number(M, "M")
    if not M_ >= 1.0:
        msg = f"`M` must be >= 1 (an envelope M q of a density p has M >= 1); got {M_!r}"
        raise ValueError(msg)
    m = integer_at_least(n, "n", 1)
    gen = generator(rng)
    accepted: list[FloatArray] = []
    n_accepted = n_proposed = 0
    while n_accepted < m:
        batch = max(64, math.ceil(1.2 * M_ * (m - n_accepted)))
        if n_proposed + batch > MAX_PROPOSALS:
            msg = f"`M` = {M_!r} needs more than {MAX_PROPOSALS} proposals for {m} samples"
            raise ValueError(msg)
        try:
            x = np.asarray(proposal_sample(batch, gen), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            msg = f"`proposal_sample` must accept (size, rng) and return numbers; it raised {exc!r}"
            raise TypeError(msg) from None
        if x.shape != (batch,) or not np.all(np.isfinite(x)):
            msg = f"`proposal_sample` must return {batch} finite draws; got shape {x.shape}"
            raise ValueError(msg)
        p = _evaluate(target_pdf, x, "target_pdf")
        q = _evaluate(proposal_pdf, x, "proposal_pdf")
        if np.any(p < 0.0) or np.any(q <= 0.0):
            msg = (
                "`target_pdf` must be >= 0 and `proposal_pdf` > 0 at every proposal; "
                f"got min p = {float(p.min())!r}, min q = {float(q.min())!r}"
            )
            raise ValueError(msg)
        ratio = p / (M_ * q)  # acceptance probability of each proposal
        if np.any(ratio > 1.0 + ENVELOPE_RTOL):
            worst = int(np.argmax(ratio))
            msg = (
                f"`M` = {M_!r} is too small: p / q = {float(p[worst] / q[worst]):.6g} > M "
                f"at x = {float(x[worst]):.6g}, so M q is not an envelope of p"
            )
            raise ValueError(msg)
        keep = gen.random(batch) < ratio
        accepted.append(x[keep])
        n_accepted += int(keep.sum())
        n_proposed += batch
    samples: FloatArray = np.concatenate(accepted)[:m]
    return samples, n_accepted / n_proposed


# ---------------------------------------------------------------------------
# Importance sampling
# ---------------------------------------------------------------------------


class ImportanceEstimate(NamedTuple):
    """Result of :func:`importance_estimate`."""

    #: The self-normalised estimate of :math:`\mathbb E_p[f(X)]`.
    estimate: float
    #: Its delta-method standard error :math:`\sqrt{\sum_i \tilde w_i^2 (f(x_i) - \hat\mu)^2}`.
    standard_error: float
    #: Kish's effective sample size of the weights, in :math:`[1, n]`.
    ess: float
    #: The normalised weights (non-negative, summing to 1), shape (n,).
    weights: FloatArray
    #: The proposal draws, shape (n,).
    samples: FloatArray


def effective_sample_size(weights: ArrayLike) -> float:
    r"""Kish's effective sample size :math:`(\sum_i w_i)^2 / \sum_i w_i^2` of importance weights.

    Parameters
    ----------
    weights : array_like, shape (n,)
        Non-negative weights, not all zero (normalised or not).

    Returns
    -------
    float
        A number in :math:`[1, n]`: ``n`` for equal weights, 1 when one weight
        carries everything.

    Raises
    ------
    ValueError
        If ``weights`` is not a finite 1-D vector, has a negative entry, or is all zero.
    TypeError
        If ``weights`` is not array-like of numbers.

    Notes
    -----
    .. math::

        \mathrm{ESS} = \frac{\bigl(\sum_i w_i\bigr)^2}{\sum_i w_i^2}
        = \frac{1}{\sum_i \tilde w_i^2}, \qquad \tilde w_i = \frac{w_i}{\sum_j w_j} .

    It is the number of equally weighted independent draws whose mean would
    have the same variance as the weighted mean (for a function of constant
    variance), a rule of thumb for how many draws "count".

    Examples
    --------
    >>> effective_sample_size([1.0, 1.0, 1.0, 1.0])
    4.0
    >>> effective_sample_size([1.0, 0.0, 0.0, 0.0])
    1.0
    """
    w = as_vector(weights, "weights")
    if np.any(w < 0.0):
        msg = f"`weights` must be non-negative; got a minimum of {float(w.min())!r}"
        raise ValueError(msg)
    top = float(w.max())
    if top == 0.0:
        msg = "`weights` must not all be zero"
        raise ValueError(msg)
    w_ = w / top  # scale first: squares of tiny or huge weights would under/overflow
    return float(w_.sum() ** 2 / (w_ @ w_))


def importance_estimate(
    f: Callable[[FloatArray], ArrayLike],
    target_logpdf: Callable[[FloatArray], ArrayLike],
    proposal_sample: Callable[[int, np.random.Generator], ArrayLike],
    proposal_logpdf: Callable[[FloatArray], ArrayLike],
    n: int,
    *,
    rng: np.random.Generator,
    self_normalize: bool = True,
) -> ImportanceEstimate:
    r"""Importance-sampling estimate of :math:`\mathbb E_p[f(X)]` from draws of a proposal.

    Parameters
    ----------
    f : callable
        Vectorised function whose expectation under the target is wanted.
    target_logpdf : callable
        Vectorised log-density of the target :math:`p`, up to an additive
        constant; :math:`-\infty` (zero density) is allowed.
    proposal_sample : callable
        ``proposal_sample(size, rng)`` returns ``size`` draws from :math:`q`.
    proposal_logpdf : callable
        Vectorised log-density of :math:`q`, up to a constant; finite at its draws.
    n : int
        Number of proposal draws, at least 1.
    rng : numpy.random.Generator
        The source of randomness.
    self_normalize : bool, optional
        If true (default), divide by the sum of the weights, so both
        log-densities may omit their normalising constants. If false, both
        must be normalised, and the estimate is the plain average
        :math:`\frac1n \sum_i f(x_i)\, p(x_i) / q(x_i)` (unbiased).

    Returns
    -------
    ImportanceEstimate
        ``(estimate, standard_error, ess, weights, samples)``.

    Raises
    ------
    ValueError
        If ``n < 1``, a callable returns NaN/+inf, the wrong shape, or
        :math:`\log q = -\infty` at a draw, or every weight is zero
        (no draw lands where :math:`p > 0`).
    TypeError
        If a callable argument is not callable, ``n`` not an integer, or
        ``rng`` not a Generator.

    Notes
    -----
    With :math:`x_i \sim q` and :math:`w_i \propto p(x_i) / q(x_i)`,

    .. math::

        \mathbb E_p[f(X)] = \mathbb E_q\!\left[f(X) \frac{p(X)}{q(X)}\right]
        \approx \sum_{i=1}^n \tilde w_i f(x_i), \qquad
        \tilde w_i = \frac{w_i}{\sum_j w_j} .

    Normalising the weights cancels the unknown normalising constants of
    :math:`p` and :math:`q` (the estimate is consistent, with an
    :math:`O(1/n)` bias), at a price: the weights now also estimate
    :math:`\int p`, and where :math:`f` vanishes on the draws that carry
    large weights, the unnormalised estimator
    (``self_normalize=False``) can be far more accurate. Weights are formed
    in log space, shifted by their maximum, so no exponential overflows. The effective sample size
    (:func:`effective_sample_size`) says how many draws carry the estimate;
    the standard error is the delta-method approximation

    .. math::

        \widehat{\operatorname{se}}
        = \sqrt{\textstyle\sum_i \tilde w_i^2 \bigl(f(x_i) - \hat\mu\bigr)^2},

    which, like the ESS, is only as good as the draws: a proposal that
    misses the region that matters gives a small standard error around a
    wrong answer.

    References
    ----------
    C. P. Robert and G. Casella, *Monte Carlo Statistical Methods*, 2nd ed., §3.3.

    Examples
    --------
    :math:`\mathbb E[X] = 1` under :math:`\mathcal N(1, 1)`, from proposals
    :math:`\mathcal N(0, 2^2)`:

    >>> res = importance_estimate(
    ...     lambda x: x, lambda x: -0.5 * (x - 1.0) ** 2,
    ...     lambda size, rng: rng.normal(0.0, 2.0, size), lambda x: -x**2 / 8.0,
    ...     20_000, rng=np.random.default_rng(0))
    >>> abs(res.estimate - 1.0) < 0.05, 0.4 < res.ess / 20_000 < 0.8
    (True, True)
    """
    for g, name in (
        (f, "f"),
        (target_logpdf, "target_logpdf"),
        (proposal_sample, "proposal_sample"),
        (proposal_logpdf, "proposal_logpdf"),
    ):
        _callable(g, name)
    m = integer_at_least(n, "n", 1)
    gen = generator(rng)
    try:
        x = np.asarray(proposal_sample(m, gen), dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = f"`proposal_sample` must accept (size, rng) and return numbers; it raised {exc!r}"
        raise TypeError(msg) from None
    if x.shape != (m,) or not np.all(np.isfinite(x)):
        msg = f"`proposal_sample` must return {m} finite draws; got shape {x.shape}"
        raise ValueError(msg)
    log_p = _evaluate(target_logpdf, x, "target_logpdf", allow_neg_inf=True)
    log_q = _evaluate(proposal_logpdf, x, "proposal_logpdf")
    log_w = log_p - log_q
    top = float(log_w.max())
    if top == -np.inf:
        msg = "`target_logpdf` is -inf at every proposal draw: all importance weights are zero"
        raise ValueError(msg)
    values = _evaluate(f, x, "f")
    flag: object = self_normalize  # checked at run time: bool("no") is true
    if not isinstance(flag, (bool, np.bool_)):
        msg = f"`self_normalize` must be a bool; got {type(self_normalize).__name__}"
        raise TypeError(msg)
    w = np.exp(log_w - top)  # largest weight is exactly 1: no overflow
    w /= w.sum()
    if self_normalize:
        estimate = float(w @ values)
        se = math.sqrt(float(np.sum((w * (values - estimate)) ** 2)))
    else:
        if top > 700.0:  # exp(709.8) overflows float64
            msg = (
                "`target_logpdf` - `proposal_logpdf` reaches "
                f"{top!r}: with self_normalize=False both must be normalised log-densities"
            )
            raise ValueError(msg)
        terms = values * np.exp(log_w)  # f(x_i) p(x_i) / q(x_i)
        estimate = float(terms.mean())
        se = float(terms.std(ddof=1)) / math.sqrt(m) if m > 1 else math.inf
    return ImportanceEstimate(estimate, se, effective_sample_size(w), w, x)


# ---------------------------------------------------------------------------
# Markov chain Monte Carlo
# ---------------------------------------------------------------------------


def _log_density_at(logpdf: Callable[[Any], Any], x: float | FloatArray) -> float:
    try:
        value = float(logpdf(x))
    except (TypeError, ValueError) as exc:
        msg = f"`logpdf` must return a real number at a single point; it raised {exc!r}"
        raise TypeError(msg) from None
    if math.isnan(value) or value == math.inf:
        msg = f"`logpdf` returned {value!r} at {x!r}; it must be finite or -inf"
        raise ValueError(msg)
    return value


def metropolis_hastings(
    logpdf: Callable[[Any], Any],
    x0: ArrayLike,
    step: float,
    n: int,
    *,
    rng: np.random.Generator,
) -> tuple[FloatArray, float]:
    r"""Random-walk Metropolis–Hastings chain targeting ``exp(logpdf)``.

    Parameters
    ----------
    logpdf : callable
        Log of the target density up to a constant, evaluated at one point
        (a float for a scalar ``x0``, a vector otherwise); it may return
        :math:`-\infty` outside the support.
    x0 : float or array_like, shape (d,)
        Starting point, with finite ``logpdf(x0)``.
    step : float
        Standard deviation of the Gaussian proposal, positive.
    n : int
        Number of steps, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    chain : ndarray, shape (n,) or (n, d)
        The states after each step (``x0`` not included): a scalar ``x0``
        gives a 1-D chain.
    acceptance_rate : float
        The fraction of proposals accepted.

    Raises
    ------
    ValueError
        If ``x0`` is not finite or has more than one axis, ``logpdf(x0)`` is
        :math:`-\infty`, ``logpdf`` returns NaN or :math:`+\infty`, ``step``
        is not positive, or ``n < 1``.
    TypeError
        If ``logpdf`` is not callable or returns a non-number, ``x0``/``step``
        are not numbers, ``n`` not an integer, or ``rng`` not a Generator.

    Notes
    -----
    From :math:`x`, propose :math:`x' = x + s\,\varepsilon`,
    :math:`\varepsilon \sim \mathcal N(0, I)`, and move there with probability

    .. math:: \alpha(x, x') = \min\!\left(1, \frac{p(x')}{p(x)}\right)

    (the symmetric proposal cancels from the Hastings ratio
    :math:`p(x') q(x \mid x') / (p(x) q(x' \mid x))`); otherwise stay. The
    chain satisfies detailed balance, :math:`p(x) T(x \to x') = p(x') T(x' \to x)`,
    so :math:`p` is its stationary distribution, and only ratios of :math:`p`
    are needed: its normalising constant never appears. The comparison is
    done in log space.

    References
    ----------
    C. P. Robert and G. Casella, *Monte Carlo Statistical Methods*, 2nd ed., §7.3.

    Examples
    --------
    >>> chain, rate = metropolis_hastings(lambda x: -0.5 * x**2, 0.0, 2.4, 20_000,
    ...                                   rng=np.random.default_rng(0))
    >>> chain.shape, abs(float(chain.mean())) < 0.1, 0.3 < rate < 0.6
    ((20000,), True, True)
    """
    _callable(logpdf, "logpdf")
    start = as_float_array(x0, "x0")
    if start.ndim > 1:
        msg = f"`x0` must be a number or a 1-D vector; got shape {start.shape}"
        raise ValueError(msg)
    s = positive_number(step, "step")
    m = integer_at_least(n, "n", 1)
    gen = generator(rng)
    scalar = start.ndim == 0
    x = start.reshape(-1).copy()  # (d,) current state
    d = x.shape[0]
    at = (lambda v: float(v[0])) if scalar else (lambda v: v.copy())
    log_p = _log_density_at(logpdf, at(x))
    if log_p == -math.inf:
        msg = f"`x0` must have positive target density; logpdf(x0) = -inf at {start.tolist()!r}"
        raise ValueError(msg)
    noise = s * gen.standard_normal((m, d))  # (n, d) proposal increments
    log_u = np.log(1.0 - gen.random(m))  # log of uniforms in (0, 1]: never log 0
    chain = np.empty((m, d))
    accepted = 0
    for t in range(m):
        proposal = x + noise[t]
        log_p_new = _log_density_at(logpdf, at(proposal))
        if log_u[t] < log_p_new - log_p:  # accept with probability min(1, p'/p)
            x, log_p = proposal, log_p_new
            accepted += 1
        chain[t] = x
    out: FloatArray = chain[:, 0] if scalar else chain
    return out, accepted / m


def gibbs_bivariate_gaussian(
    rho: float, n: int, *, rng: np.random.Generator, x0: ArrayLike = (0.0, 0.0)
) -> FloatArray:
    r"""Gibbs sampler for the standard bivariate Gaussian with correlation ``rho``.

    Parameters
    ----------
    rho : float
        Correlation, :math:`-1 < \rho < 1`.
    n : int
        Number of sweeps, at least 1; each sweep updates :math:`x` then :math:`y`.
    rng : numpy.random.Generator
        The source of randomness.
    x0 : array_like, shape (2,), optional
        Starting point.

    Returns
    -------
    ndarray, shape (n, 2)
        The state :math:`(x_t, y_t)` after each sweep.

    Raises
    ------
    ValueError
        If ``rho`` is not in the open interval :math:`(-1, 1)`, ``n < 1``, or
        ``x0`` is not a finite vector of length 2.
    TypeError
        If ``rho`` is not a real number, ``n`` not an integer, ``x0`` not
        numbers, or ``rng`` not a Generator.

    Notes
    -----
    The target is :math:`\mathcal N(0, \Sigma)` with unit variances and
    :math:`\Sigma_{12} = \rho`, whose full conditionals are one-dimensional Gaussians:

    .. math::

        x \mid y \sim \mathcal N\bigl(\rho y,\ 1 - \rho^2\bigr), \qquad
        y \mid x \sim \mathcal N\bigl(\rho x,\ 1 - \rho^2\bigr).

    Each update leaves the target invariant, so the sweep does too. The
    :math:`x`-chain is an AR(1) process with coefficient :math:`\rho^2`: the
    closer :math:`|\rho|` is to 1, the smaller the steps and the slower the mixing.

    References
    ----------
    S. Geman and D. Geman (1984); C. M. Bishop, *Pattern Recognition and
    Machine Learning*, §11.3.

    Examples
    --------
    >>> xy = gibbs_bivariate_gaussian(0.8, 20_000, rng=np.random.default_rng(0))
    >>> xy.shape, abs(float(np.corrcoef(xy.T)[0, 1]) - 0.8) < 0.02
    ((20000, 2), True)
    """
    r = real_number(rho, "rho")
    if not -1.0 < r < 1.0:
        msg = f"`rho` must be a correlation in the open interval (-1, 1); got {r!r}"
        raise ValueError(msg)
    m = integer_at_least(n, "n", 1)
    start = as_vector(x0, "x0")
    if start.shape != (2,):
        msg = f"`x0` must be a point of the plane (length 2); got length {start.shape[0]}"
        raise ValueError(msg)
    cond_sd = math.sqrt(1.0 - r * r)  # conditional standard deviation
    z = cond_sd * generator(rng).standard_normal((m, 2))  # (n, 2) pre-scaled noise
    out = np.empty((m, 2))
    x, y = float(start[0]), float(start[1])
    for t in range(m):
        x = r * y + z[t, 0]  # draw x | y
        y = r * x + z[t, 1]  # draw y | x (the new x)
        out[t] = x, y
    return out


# ---------------------------------------------------------------------------
# Gradients of expectations: reparameterization vs score function
# ---------------------------------------------------------------------------


def _noise_and_params(
    eps: ArrayLike, mu: float, sigma: float
) -> tuple[FloatArray, float, float, FloatArray]:
    e = as_vector(eps, "eps")
    m = real_number(mu, "mu")
    s = positive_number(sigma, "sigma")
    return e, m, s, m + s * e


def reparam_gradient(
    df: Callable[[FloatArray], ArrayLike], mu: float, sigma: float, eps: ArrayLike
) -> FloatArray:
    r"""Per-sample reparameterization estimates of the gradient d/dmu E[f(X)], X ~ N(mu, sigma^2).

    Parameters
    ----------
    df : callable
        The derivative :math:`f'` of the integrand, vectorised.
    mu : float
        Mean of the Gaussian.
    sigma : float
        Its standard deviation, positive.
    eps : array_like, shape (n,)
        Standard normal noise :math:`\varepsilon_i`, e.g. ``rng.standard_normal(n)``.

    Returns
    -------
    ndarray, shape (n,)
        :math:`f'(\mu + \sigma \varepsilon_i)`; their mean is the gradient
        estimate and their variance divided by :math:`n` its variance.

    Raises
    ------
    ValueError
        If ``eps`` is not a finite 1-D vector, ``mu`` is not finite,
        ``sigma`` is not positive, or ``df`` returns NaN/inf or the wrong shape.
    TypeError
        If ``df`` is not callable or an argument is not numbers.

    Notes
    -----
    Write the sample as a differentiable function of the parameter and
    parameter-free noise, :math:`x = \mu + \sigma\varepsilon`. Then the
    derivative moves inside the expectation:

    .. math::

        \frac{d}{d\mu}\,\mathbb E_{\varepsilon}\bigl[f(\mu + \sigma\varepsilon)\bigr]
        = \mathbb E_{\varepsilon}\bigl[f'(\mu + \sigma\varepsilon)\bigr].

    This is the trick of the variational autoencoder; autograd computes
    exactly these per-sample derivatives when it backpropagates through
    ``mu + sigma * eps``.

    References
    ----------
    D. P. Kingma and M. Welling, "Auto-encoding variational Bayes", ICLR 2014.

    Examples
    --------
    For :math:`f(x) = x^2`, :math:`f'(x) = 2x` and the exact gradient is :math:`2\mu`:

    >>> reparam_gradient(lambda x: 2 * x, 1.0, 0.5, [-1.0, 0.0, 1.0]).tolist()
    [1.0, 2.0, 3.0]
    """
    _callable(df, "df")
    _, _, _, x = _noise_and_params(eps, mu, sigma)
    return _evaluate(df, x, "df") + 0.0  # + 0.0 turns -0.0 into 0.0


def score_function_gradient(
    f: Callable[[FloatArray], ArrayLike],
    mu: float,
    sigma: float,
    eps: ArrayLike,
    baseline: float = 0.0,
) -> FloatArray:
    r"""Per-sample score-function (REINFORCE) estimates of the gradient d/dmu E[f(X)].

    Parameters
    ----------
    f : callable
        The integrand, vectorised; only its values are used, never its derivative.
    mu : float
        Mean of the Gaussian :math:`\mathcal N(\mu, \sigma^2)`.
    sigma : float
        Its standard deviation, positive.
    eps : array_like, shape (n,)
        Standard normal noise; the samples are :math:`x_i = \mu + \sigma\varepsilon_i`.
    baseline : float, optional
        A constant :math:`b` subtracted from :math:`f`; it leaves the
        expectation unchanged and can reduce the variance.

    Returns
    -------
    ndarray, shape (n,)
        :math:`(f(x_i) - b)\,(x_i - \mu) / \sigma^2`.

    Raises
    ------
    ValueError
        If ``eps`` is not a finite 1-D vector, ``mu`` or ``baseline`` is not
        finite, ``sigma`` is not positive, or ``f`` returns NaN/inf or the
        wrong shape.
    TypeError
        If ``f`` is not callable or an argument is not numbers.

    Notes
    -----
    The log-derivative identity :math:`\nabla_\mu p = p\,\nabla_\mu \log p` gives

    .. math::

        \frac{d}{d\mu}\,\mathbb E_{p_\mu}[f(X)]
        = \mathbb E_{p_\mu}\!\bigl[f(X)\,\partial_\mu \log p_\mu(X)\bigr]
        = \mathbb E\!\left[f(X)\,\frac{X - \mu}{\sigma^2}\right],

    and since :math:`\mathbb E[\partial_\mu \log p_\mu(X)] = 0`, replacing
    :math:`f` by :math:`f - b` changes nothing in expectation. It needs
    neither a differentiable :math:`f` nor a reparameterizable sampler, which
    is why policy gradients use it.

    References
    ----------
    R. J. Williams, "Simple statistical gradient-following algorithms for
    connectionist reinforcement learning", *Machine Learning* 8 (1992).

    Examples
    --------
    >>> score_function_gradient(lambda x: x**2, 1.0, 0.5, [-1.0, 0.0, 1.0]).tolist()
    [-0.5, 0.0, 4.5]
    """
    _callable(f, "f")
    e, _, s, x = _noise_and_params(eps, mu, sigma)
    b = real_number(baseline, "baseline")
    out: FloatArray = (_evaluate(f, x, "f") - b) * e / s + 0.0  # (x - mu) / sigma^2 = eps / sigma
    return out


# ---------------------------------------------------------------------------
# LLM decoding: temperature, top-k, top-p
# ---------------------------------------------------------------------------


def _temperature_logits(z: FloatArray, temperature: object) -> FloatArray:
    T = positive_number(temperature, "temperature")
    with np.errstate(over="ignore"):
        scaled = z / T
    if not np.all(np.isfinite(scaled)):
        msg = f"`temperature` = {T!r} is too small: logits / temperature overflows"
        raise ValueError(msg)
    return scaled


def _order(z: FloatArray) -> IntArray:
    """Indices by decreasing logit; ties keep the lower index first."""
    return np.argsort(-z, kind="stable").astype(np.int64)


def _renormalised(z: FloatArray, kept: IntArray) -> FloatArray:
    """Softmax over the kept logits, 0 elsewhere."""
    probs = np.zeros_like(z)
    probs[kept] = softmax(z[kept])
    return probs


def _top_k(z: FloatArray, k: object, name: str = "k") -> IntArray:
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)):
        msg = f"`{name}` must be an integer; got {type(k).__name__}"
        raise TypeError(msg)
    if not 1 <= int(k) <= z.shape[0]:
        msg = f"`{name}` must be in [1, {z.shape[0]}] (the vocabulary size); got {int(k)}"
        raise ValueError(msg)
    return _order(z)[: int(k)]


def _top_p(z: FloatArray, p: object, name: str = "p") -> IntArray:
    p_ = real_number(p, name)
    if not 0.0 < p_ <= 1.0:
        msg = f"`{name}` must be in the interval (0, 1]; got {p_!r}"
        raise ValueError(msg)
    order = _order(z)
    if p_ == 1.0:  # the whole vocabulary, whatever the rounding of the cumulative sum
        return order
    sorted_probs = softmax(z)[order]
    mass_before = np.cumsum(sorted_probs) - sorted_probs  # mass of strictly more likely tokens
    n_keep = int(np.count_nonzero(mass_before < p_))  # a prefix: mass_before is non-decreasing
    return order[: max(n_keep, 1)]


def apply_temperature(logits: ArrayLike, temperature: float) -> FloatArray:
    r"""Next-token probabilities :math:`\operatorname{softmax}(z / T)` at temperature ``T``.

    Parameters
    ----------
    logits : array_like, shape (V,)
        Finite logits :math:`z` over a vocabulary of size :math:`V`.
    temperature : float
        :math:`T > 0`. :math:`T < 1` sharpens, :math:`T > 1` flattens,
        :math:`T = 1` is the model's distribution.

    Returns
    -------
    ndarray, shape (V,)
        Probabilities, summing to 1.

    Raises
    ------
    ValueError
        If ``logits`` is not a finite non-empty 1-D vector, or ``temperature``
        is not positive and finite (or so small that ``logits / T`` overflows).
    TypeError
        If ``logits`` is not numbers or ``temperature`` not a real number.

    Notes
    -----
    .. math:: p_i(T) = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}} .

    As :math:`T \to 0` the mass concentrates on the largest logit (greedy
    decoding); as :math:`T \to \infty` it tends to uniform. The ranking of
    tokens never changes.

    Examples
    --------
    >>> apply_temperature([0.0, math.log(3.0)], 1.0).round(12).tolist()
    [0.25, 0.75]
    >>> apply_temperature([0.0, math.log(3.0)], 0.5).round(12).tolist()
    [0.1, 0.9]
    """
    z = _logits(logits)
    return softmax(_temperature_logits(z, temperature))


def top_k_filter(logits: ArrayLike, k: int) -> tuple[IntArray, FloatArray]:
    r"""Keep the ``k`` most likely tokens and renormalise.

    Parameters
    ----------
    logits : array_like, shape (V,)
        Finite logits.
    k : int
        Number of tokens kept, :math:`1 \le k \le V`.

    Returns
    -------
    kept : ndarray of int64, shape (k,)
        Indices of the kept tokens, most likely first; among equal logits the
        lower index comes first.
    probs : ndarray, shape (V,)
        The softmax restricted to the kept tokens, 0 elsewhere; sums to 1.

    Raises
    ------
    ValueError
        If ``logits`` is not a finite non-empty 1-D vector or ``k`` is not in
        :math:`[1, V]`.
    TypeError
        If ``logits`` is not numbers or ``k`` is not an integer.

    Notes
    -----
    With :math:`K` the set of the :math:`k` largest logits,

    .. math::

        \tilde p_i = \frac{p_i}{\sum_{j \in K} p_j} = \frac{e^{z_i}}{\sum_{j \in K} e^{z_j}}
        \quad (i \in K), \qquad \tilde p_i = 0 \quad (i \notin K),

    computed as a softmax over the kept logits (no division of rounded probabilities).

    Examples
    --------
    >>> kept, probs = top_k_filter([0.0, 2.0, 1.0, 2.0], 2)
    >>> kept.tolist(), probs.round(12).tolist()
    ([1, 3], [0.0, 0.5, 0.0, 0.5])
    """
    z = _logits(logits)
    kept = _top_k(z, k)
    return kept, _renormalised(z, kept)


def top_p_filter(logits: ArrayLike, p: float) -> tuple[IntArray, FloatArray]:
    r"""Nucleus filtering: keep the smallest set of top tokens with probability at least ``p``.

    Parameters
    ----------
    logits : array_like, shape (V,)
        Finite logits.
    p : float
        The nucleus mass, :math:`0 < p \le 1`; :math:`p = 1` keeps every token.

    Returns
    -------
    kept : ndarray of int64
        Indices of the kept tokens, most likely first (ties: lower index first).
    probs : ndarray, shape (V,)
        The softmax restricted to the kept tokens, 0 elsewhere; sums to 1.

    Raises
    ------
    ValueError
        If ``logits`` is not a finite non-empty 1-D vector or ``p`` is not in
        :math:`(0, 1]`.
    TypeError
        If ``logits`` is not numbers or ``p`` not a real number.

    Notes
    -----
    Sort the probabilities, :math:`p_{(1)} \ge p_{(2)} \ge \dots`, and keep the
    shortest prefix whose mass reaches :math:`p`:

    .. math::

        V^{(p)} = \{(1), \dots, (m)\}, \qquad
        m = \min\Bigl\{m' : \sum_{j \le m'} p_{(j)} \ge p\Bigr\} .

    Equivalently, token :math:`(i)` is kept when the tokens strictly more
    likely than it carry less than :math:`p`. Unlike top-k, the number of
    tokens kept adapts: few when the model is confident, many when it is not.

    References
    ----------
    A. Holtzman, J. Buys, L. Du, M. Forbes and Y. Choi, "The curious case of
    neural text degeneration", ICLR 2020.

    Examples
    --------
    >>> kept, probs = top_p_filter([math.log(5.0), math.log(3.0), math.log(2.0)], 0.7)
    >>> kept.tolist(), probs.round(12).tolist()
    ([0, 1], [0.625, 0.375, 0.0])
    """
    z = _logits(logits)
    kept = _top_p(z, p)
    return kept, _renormalised(z, kept)


def decoding_distribution(
    logits: ArrayLike,
    *,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> FloatArray:
    r"""The distribution a sampler draws the next token from: temperature, then top-k, then top-p.

    Parameters
    ----------
    logits : array_like, shape (V,)
        Finite logits.
    temperature : float, optional
        :math:`T > 0`, applied first.
    top_k : int, optional
        If given, keep only the ``top_k`` most likely tokens (:func:`top_k_filter`).
    top_p : float, optional
        If given, then keep the nucleus of mass ``top_p`` among the remaining
        tokens (:func:`top_p_filter`).

    Returns
    -------
    ndarray, shape (V,)
        Probabilities summing to 1, zero on the filtered-out tokens.

    Raises
    ------
    ValueError
        If ``logits`` is not a finite 1-D vector, ``temperature`` is not
        positive, ``top_k`` is not in :math:`[1, V]`, or ``top_p`` is not in :math:`(0, 1]`.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    The order is the one of common implementations (Hugging Face
    ``generate``): scale by :math:`1/T`, restrict to the top :math:`k`, then
    take the nucleus of the renormalised remainder. Because temperature
    changes the probabilities, it changes which tokens the nucleus holds.

    Examples
    --------
    >>> decoding_distribution([0.0, math.log(3.0), 5.0], top_k=2, top_p=0.5).round(12).tolist()
    [0.0, 0.0, 1.0]
    """
    z = _temperature_logits(_logits(logits), temperature)
    kept = _order(z) if top_k is None else _top_k(z, top_k, "top_k")
    if top_p is not None:
        kept = kept[_top_p(z[kept], top_p, "top_p")]
    return _renormalised(z, kept)


def sample_tokens(
    logits: ArrayLike,
    n: int,
    *,
    rng: np.random.Generator,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> IntArray:
    r"""Sample ``n`` independent next-token indices with temperature, top-k and top-p.

    Parameters
    ----------
    logits : array_like, shape (V,)
        Finite logits.
    n : int
        Number of tokens to draw, at least 1.
    rng : numpy.random.Generator
        The source of randomness.
    temperature, top_k, top_p
        As in :func:`decoding_distribution`.

    Returns
    -------
    ndarray of int64, shape (n,)
        Token indices in :math:`[0, V)`; a filtered-out token never appears.

    Raises
    ------
    ValueError
        As :func:`decoding_distribution`, or if ``n < 1``.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    Draws from :func:`decoding_distribution` with
    :func:`aimath.distributions.categorical_sample` (inverse-cdf sampling of a
    categorical). Real decoders draw one token per step, feeding it back to
    the model; here the logits are fixed, so the draws are i.i.d.

    Examples
    --------
    >>> tokens = sample_tokens([2.0, 1.0, 0.1, -1.0, 3.0], 1_000, top_k=2,
    ...                        rng=np.random.default_rng(0))
    >>> sorted(set(tokens.tolist()))
    [0, 4]
    """
    probs = decoding_distribution(logits, temperature=temperature, top_k=top_k, top_p=top_p)
    m = integer_at_least(n, "n", 1)
    return categorical_sample(probs, m, rng=generator(rng))
