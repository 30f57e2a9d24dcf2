"""Probability for machine learning: Bayes' rule, moments, limit theorems, naive Bayes.

Each function implements one idea of chapter 10 of the book: Bayes' rule for
two events and over a discrete set of hypotheses (also in log space), the
base-rate effect of a diagnostic test, expectation, variance, covariance and
correlation of discrete random variables, sample covariance matrices, the
simulations behind the law of large numbers, the central limit theorem and the
bias–variance decomposition, and a naive Bayes classifier computed in log
space. The tests check them against exact fractions (SymPy), NumPy, SciPy and
scikit-learn.

Probabilities. A probability vector (or table) must be finite, non-negative
and sum to 1 within ``SUM_TOL``; a single probability must lie in
:math:`[0, 1]`. Anything else raises a ``ValueError`` naming the argument.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import SUM_TOL, as_float_array, as_matrix, as_vector, same_length
from aimath._validation import integer_at_least as _count
from aimath._validation import real_number as _real

__all__ = [
    "BiasVariance",
    "NaiveBayes",
    "bayes_posterior",
    "bayes_rule",
    "berry_esseen_bound",
    "bias_variance_simulation",
    "correlation",
    "covariance",
    "covariance_matrix",
    "expectation",
    "fit_naive_bayes",
    "fit_power_law",
    "log_bayes_posterior",
    "naive_bayes_joint_log_likelihood",
    "naive_bayes_log_proba",
    "naive_bayes_predict",
    "positive_predictive_value",
    "running_mean",
    "sample_mean_rmse",
    "standardized_means",
    "variance",
]


#: Relative slack of the consistency checks of :func:`bayes_rule`: the joint
#: probability ``P(B|A) P(A)`` is a rounded product, so ``P(A and B) <= P(B)``
#: is checked as ``P(B|A) P(A) <= P(B) (1 + _CONSISTENCY_RTOL)``.
_CONSISTENCY_RTOL = 1e-12

#: Best known constant of the Berry–Esseen inequality for i.i.d. summands
#: (Shevtsova 2011).
BERRY_ESSEEN_C = 0.4748

#: Naive Bayes event models understood by :func:`fit_naive_bayes`.
NAIVE_BAYES_KINDS = ("multinomial", "bernoulli")


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _probability(x: object, name: str) -> float:
    """``x`` as a float in [0, 1], or raise naming ``name``."""
    p = _real(x, name)
    if not 0.0 <= p <= 1.0:
        msg = f"`{name}` must be a probability in [0, 1]; got {p!r}"
        raise ValueError(msg)
    return p


def _integers(x: ArrayLike, name: str, minimum: int) -> NDArray[np.int64]:
    """``x`` as a 1-D array of integers >= ``minimum``, or raise naming ``name``."""
    arr = as_vector(x, name)
    if np.any(arr != np.round(arr)):
        msg = f"`{name}` must hold integers; got {arr.tolist()}"
        raise ValueError(msg)
    if np.any(arr < minimum):
        msg = f"`{name}` must hold integers >= {minimum}; got a minimum of {arr.min():g}"
        raise ValueError(msg)
    return arr.astype(np.int64)


def _pmf(p: ArrayLike, name: str) -> FloatArray:
    """``p`` as a probability table: finite, non-negative, summing to 1 within SUM_TOL."""
    arr = as_float_array(p, name)
    if np.any(arr < 0.0):
        msg = (
            f"`{name}` must be non-negative (probabilities); got a minimum of {float(arr.min())!r}"
        )
        raise ValueError(msg)
    total = float(np.sum(arr))
    if abs(total - 1.0) > SUM_TOL:
        msg = f"`{name}` must sum to 1 (within {SUM_TOL:g}); got a sum of {total!r}"
        raise ValueError(msg)
    return arr


def _logsumexp(a: FloatArray, axis: int = -1) -> FloatArray:
    """:math:`\\log \\sum_i e^{a_i}` along ``axis``, without overflow or underflow."""
    m = np.max(a, axis=axis, keepdims=True)  # subtract the max so no exp overflows
    out: FloatArray = (m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))).squeeze(axis)
    return out


# ---------------------------------------------------------------------------
# Bayes' rule
# ---------------------------------------------------------------------------


def bayes_rule(p_b_given_a: float, p_a: float, p_b: float) -> float:
    r"""Bayes' rule for two events: :math:`P(A \mid B)` from :math:`P(B \mid A)`, P(A) and P(B).

    Parameters
    ----------
    p_b_given_a : float
        The likelihood :math:`P(B \mid A)`, in :math:`[0, 1]`.
    p_a : float
        The prior :math:`P(A)`, in :math:`[0, 1]`.
    p_b : float
        The evidence :math:`P(B)`, in :math:`(0, 1]`.

    Returns
    -------
    float
        The posterior :math:`P(A \mid B)`.

    Raises
    ------
    ValueError
        If an argument is not a finite probability, if ``p_b`` is 0 (then
        :math:`P(A \mid B)` is undefined), or if the three numbers cannot come
        from one probability space: the joint :math:`P(A \cap B) = P(B \mid A) P(A)`
        must satisfy :math:`P(A \cap B) \le P(B) \le P(A \cap B) + 1 - P(A)`.
    TypeError
        If an argument is not a real number.

    Notes
    -----
    .. math::

        P(A \mid B) = \frac{P(B \mid A)\, P(A)}{P(B)} .

    The consistency bounds hold because :math:`A \cap B \subseteq B` and
    :math:`B \setminus A \subseteq A^c`. Without them the formula returns
    "probabilities" above 1. Both bounds allow a slack of ``1e-12`` (relative
    for the first, absolute for the second) for the rounding of the product
    and the sum, and the result is then clipped to 1.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, §1.2.

    Examples
    --------
    The spam filter: P(free | spam) = 0.8, P(spam) = 0.3, P(free) = 0.35.

    >>> round(bayes_rule(0.8, 0.3, 0.35), 6)
    0.685714
    """
    likelihood = _probability(p_b_given_a, "p_b_given_a")
    prior = _probability(p_a, "p_a")
    evidence = _probability(p_b, "p_b")
    if evidence == 0.0:
        msg = "`p_b` must be positive: P(A | B) is undefined when P(B) = 0"
        raise ValueError(msg)
    joint = likelihood * prior  # P(A and B)
    if joint > evidence * (1.0 + _CONSISTENCY_RTOL):
        msg = (
            f"inconsistent inputs: `p_b_given_a` * `p_a` = P(A and B) = {joint!r} exceeds "
            f"`p_b` = P(B) = {evidence!r}, but A and B is part of B"
        )
        raise ValueError(msg)
    if evidence > joint + (1.0 - prior) + _CONSISTENCY_RTOL:
        msg = (
            f"inconsistent inputs: `p_b` = P(B) = {evidence!r} exceeds P(A and B) + P(not A) = "
            f"{joint + 1.0 - prior!r} (from `p_b_given_a` and `p_a`)"
        )
        raise ValueError(msg)
    return min(joint / evidence, 1.0)


def bayes_posterior(prior: ArrayLike, likelihood: ArrayLike) -> FloatArray:
    r"""Posterior over a discrete set of hypotheses: prior times likelihood, normalised.

    Parameters
    ----------
    prior : array_like, shape (K,)
        :math:`P(h_k)`: non-negative, summing to 1 (within ``SUM_TOL``).
    likelihood : array_like, shape (K,)
        :math:`P(D \mid h_k)`, non-negative. It need not sum to 1 (it is a
        function of the hypothesis, not a distribution), and it may exceed 1
        when :math:`D` is continuous and these are densities.

    Returns
    -------
    ndarray, shape (K,)
        :math:`P(h_k \mid D)`, summing to 1.

    Raises
    ------
    ValueError
        If ``prior`` is not a probability vector, ``likelihood`` is negative,
        the lengths differ, an input is not a finite 1-D vector, or the
        evidence :math:`P(D)` is 0 (every hypothesis with prior mass gives the
        data likelihood 0), where the posterior is undefined.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    .. math::

        P(h_k \mid D) = \frac{P(D \mid h_k)\, P(h_k)}{\sum_j P(D \mid h_j)\, P(h_j)} .

    The likelihood is divided by its maximum first: the posterior does not
    change, and products of tiny likelihoods cannot all underflow to 0. For
    very small likelihoods use :func:`log_bayes_posterior`.

    Examples
    --------
    A disease with prevalence 1 %, a test with sensitivity 0.99 and a false
    positive rate 0.05; the posterior after a positive test:

    >>> post = bayes_posterior([0.01, 0.99], [0.99, 0.05])
    >>> [round(float(q), 4) for q in post]
    [0.1667, 0.8333]
    """
    p = _pmf(as_vector(prior, "prior"), "prior")
    lik = as_vector(likelihood, "likelihood")
    same_length(p, lik, "prior", "likelihood")
    if np.any(lik < 0.0):
        msg = f"`likelihood` must be non-negative; got a minimum of {float(lik.min())!r}"
        raise ValueError(msg)
    top = float(lik.max())
    unnormalised = p * (lik / top) if top > 0.0 else p * lik  # scale so no product underflows
    evidence = float(np.sum(unnormalised))
    if evidence == 0.0:
        msg = (
            "the evidence is 0: `likelihood` is 0 on every hypothesis with positive `prior`, "
            "so the posterior is undefined"
        )
        raise ValueError(msg)
    posterior: FloatArray = unnormalised / evidence
    return posterior


def log_bayes_posterior(log_prior: ArrayLike, log_likelihood: ArrayLike) -> FloatArray:
    r"""Bayes' rule in log space: log posterior from log prior and log likelihood.

    Parameters
    ----------
    log_prior : array_like, shape (K,)
        :math:`\log P(h_k)`, finite; :math:`\sum_k P(h_k)` must be 1 within
        ``SUM_TOL``.
    log_likelihood : array_like, shape (K,) or (n, K)
        :math:`\log P(D \mid h_k)`, finite; one row per observation for a batch.

    Returns
    -------
    ndarray, same shape as ``log_likelihood``
        :math:`\log P(h_k \mid D)`; each row exponentiates to a vector summing to 1.

    Raises
    ------
    ValueError
        If an input is not finite, ``log_prior`` is not 1-D or does not
        exponentiate to a probability vector, ``log_likelihood`` is not 1-D or
        2-D, or its last axis does not match ``log_prior``.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    .. math::

        \log P(h_k \mid D) = \log P(D \mid h_k) + \log P(h_k)
            - \log \sum_j \exp\bigl(\log P(D \mid h_j) + \log P(h_j)\bigr).

    The last term is computed with the log-sum-exp trick: subtract the
    largest term before exponentiating, so nothing underflows even when every
    likelihood is far below the smallest positive float64 (about
    :math:`10^{-308}`, or :math:`e^{-744}` with subnormals).

    Examples
    --------
    Likelihoods of :math:`e^{-1000}` and :math:`e^{-1001}` underflow to 0 in
    float64, yet their posterior is well defined:

    >>> logp = log_bayes_posterior(np.log([0.5, 0.5]), [-1000.0, -1001.0])
    >>> [round(float(q), 4) for q in np.exp(logp)]
    [0.7311, 0.2689]
    """
    lp = as_vector(log_prior, "log_prior")
    ll = as_float_array(log_likelihood, "log_likelihood")
    if ll.ndim not in (1, 2):
        msg = f"`log_likelihood` must be 1-D (K,) or 2-D (n, K); got shape {ll.shape}"
        raise ValueError(msg)
    if ll.shape[-1] != lp.shape[0]:
        msg = (
            f"`log_likelihood` must have {lp.shape[0]} entries on its last axis, one per "
            f"hypothesis in `log_prior`; got shape {ll.shape}"
        )
        raise ValueError(msg)
    total = float(_logsumexp(lp))
    if abs(total) > SUM_TOL:
        msg = (
            f"`log_prior` must be the log of a probability vector (sum of exp within "
            f"{SUM_TOL:g} of 1); got a sum of exp of {math.exp(total)!r}"
        )
        raise ValueError(msg)
    joint = ll + lp  # log P(D, h_k), broadcast over rows
    log_post: FloatArray = joint - _logsumexp(joint)[..., None]
    return log_post


def positive_predictive_value(prevalence: float, sensitivity: float, specificity: float) -> float:
    r"""Probability of the disease given a positive test: :math:`P(D \mid +)`.

    Parameters
    ----------
    prevalence : float
        The prior :math:`P(D)`, in :math:`[0, 1]`.
    sensitivity : float
        The true positive rate :math:`P(+ \mid D)`, in :math:`[0, 1]`.
    specificity : float
        The true negative rate :math:`P(- \mid \neg D)`, in :math:`[0, 1]`;
        the false positive rate is ``1 - specificity``.

    Returns
    -------
    float
        :math:`P(D \mid +)`.

    Raises
    ------
    ValueError
        If an argument is not a probability, or no one tests positive
        (:math:`P(+) = 0`, e.g. zero prevalence with a perfect specificity),
        where the posterior is undefined.
    TypeError
        If an argument is not a real number.

    Notes
    -----
    Bayes' rule with the law of total probability in the denominator:

    .. math::

        P(D \mid +) = \frac{P(+ \mid D)\, P(D)}
            {P(+ \mid D)\, P(D) + P(+ \mid \neg D)\, (1 - P(D))} .

    For a rare disease the second term of the denominator (false positives
    among the many healthy) dominates: the *base-rate effect*.

    Examples
    --------
    >>> round(positive_predictive_value(0.001, 0.99, 0.99), 4)
    0.0902
    """
    prior = _probability(prevalence, "prevalence")
    tpr = _probability(sensitivity, "sensitivity")
    fpr = 1.0 - _probability(specificity, "specificity")
    evidence = tpr * prior + fpr * (1.0 - prior)  # P(+), total probability
    if evidence == 0.0:
        msg = (
            "P(+) = 0: with this `prevalence`, `sensitivity` and `specificity` no one tests "
            "positive, so P(D | +) is undefined"
        )
        raise ValueError(msg)
    return tpr * prior / evidence


# ---------------------------------------------------------------------------
# Moments of discrete random variables
# ---------------------------------------------------------------------------


def _values_and_probs(values: ArrayLike, probs: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = as_vector(values, "values")
    p = _pmf(as_vector(probs, "probs"), "probs")
    same_length(x, p, "values", "probs")
    return x, p


def expectation(values: ArrayLike, probs: ArrayLike) -> float:
    r"""Expectation of a discrete random variable: :math:`\mathbb{E}[X] = \sum_i x_i p_i`.

    Parameters
    ----------
    values : array_like, shape (n,)
        The values :math:`x_i` the variable takes.
    probs : array_like, shape (n,)
        Their probabilities :math:`p_i = P(X = x_i)`: non-negative, summing to
        1 within ``SUM_TOL``.

    Returns
    -------
    float
        :math:`\mathbb{E}[X]`.

    Raises
    ------
    ValueError
        If an input is not a finite non-empty 1-D vector, the lengths differ,
        or ``probs`` is negative or does not sum to 1.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    .. math::

        \mathbb{E}[X] = \sum_{i} x_i \, P(X = x_i) .

    Examples
    --------
    A biased coin with P(1) = 0.7:

    >>> expectation([0.0, 1.0], [0.3, 0.7])
    0.7
    """
    x, p = _values_and_probs(values, probs)
    return float(x @ p)


def variance(values: ArrayLike, probs: ArrayLike) -> float:
    r"""Variance of a discrete random variable: :math:`\mathbb{E}[(X - \mathbb{E}X)^2]`.

    Parameters
    ----------
    values : array_like, shape (n,)
        The values :math:`x_i`.
    probs : array_like, shape (n,)
        Their probabilities, as in :func:`expectation`.

    Returns
    -------
    float
        :math:`\operatorname{Var}(X) \ge 0`.

    Raises
    ------
    ValueError
        As :func:`expectation`.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    .. math::

        \operatorname{Var}(X) = \sum_i p_i \,(x_i - \mu)^2
            = \mathbb{E}[X^2] - \mu^2, \qquad \mu = \mathbb{E}[X] .

    The first (two-pass) form is computed: it is a sum of non-negative terms,
    so it is never negative. The second form subtracts two nearly equal
    numbers when :math:`|\mu|` is large compared with the spread, and can
    lose every digit (or even come out negative) in floating point.

    Examples
    --------
    X in {1, 3}, equally likely:

    >>> variance([1.0, 3.0], [0.5, 0.5])
    1.0
    """
    x, p = _values_and_probs(values, probs)
    mu = float(x @ p)
    return float(p @ (x - mu) ** 2)


def _joint_moments(
    x_values: ArrayLike, y_values: ArrayLike, joint: ArrayLike
) -> tuple[float, float, float]:
    """Covariance and the two variances of a discrete joint distribution."""
    x = as_vector(x_values, "x_values")
    y = as_vector(y_values, "y_values")
    P = _pmf(as_matrix(joint, "joint"), "joint")
    if P.shape != (x.shape[0], y.shape[0]):
        msg = (
            f"`joint` must have shape (len(`x_values`), len(`y_values`)) = "
            f"({x.shape[0]}, {y.shape[0]}); got {P.shape}"
        )
        raise ValueError(msg)
    px, py = P.sum(axis=1), P.sum(axis=0)  # marginals
    dx, dy = x - x @ px, y - y @ py  # centred values
    return float(dx @ P @ dy), float(px @ dx**2), float(py @ dy**2)


def covariance(x_values: ArrayLike, y_values: ArrayLike, joint: ArrayLike) -> float:
    r"""Covariance of two discrete random variables from their joint table.

    Parameters
    ----------
    x_values : array_like, shape (m,)
        The values :math:`x_i` of :math:`X`.
    y_values : array_like, shape (n,)
        The values :math:`y_j` of :math:`Y`.
    joint : array_like, shape (m, n)
        :math:`P(X = x_i, Y = y_j)`: non-negative, summing to 1 within ``SUM_TOL``.

    Returns
    -------
    float
        :math:`\operatorname{Cov}(X, Y)`.

    Raises
    ------
    ValueError
        If the inputs are not finite, ``joint`` is not a probability table, or
        its shape does not match the two value vectors.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    .. math::

        \operatorname{Cov}(X, Y) = \sum_{i,j} P(x_i, y_j)\,(x_i - \mu_X)(y_j - \mu_Y)
            = \mathbb{E}[XY] - \mu_X \mu_Y ,

    computed in the first (centred) form, with the means taken from the
    marginals :math:`P(x_i) = \sum_j P(x_i, y_j)`.

    Examples
    --------
    >>> round(covariance([0.0, 1.0], [0.0, 1.0], [[0.4, 0.1], [0.1, 0.4]]), 12)
    0.15
    """
    return _joint_moments(x_values, y_values, joint)[0]


def correlation(x_values: ArrayLike, y_values: ArrayLike, joint: ArrayLike) -> float:
    r"""Pearson correlation of two discrete random variables from their joint table.

    Parameters
    ----------
    x_values, y_values, joint : array_like
        As in :func:`covariance`.

    Returns
    -------
    float
        :math:`\rho(X, Y) \in [-1, 1]`.

    Raises
    ------
    ValueError
        As :func:`covariance`, and if :math:`X` or :math:`Y` is constant under
        ``joint`` (zero variance), where the correlation is undefined.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    .. math::

        \rho(X, Y) = \frac{\operatorname{Cov}(X, Y)}
            {\sqrt{\operatorname{Var}(X)\,\operatorname{Var}(Y)}} .

    By Cauchy–Schwarz :math:`|\rho| \le 1`; the result is clipped to
    :math:`[-1, 1]` against rounding.

    Examples
    --------
    >>> round(correlation([0.0, 1.0], [0.0, 1.0], [[0.4, 0.1], [0.1, 0.4]]), 12)
    0.6
    """
    cov, var_x, var_y = _joint_moments(x_values, y_values, joint)
    for var, name in ((var_x, "x_values"), (var_y, "y_values")):
        if var == 0.0:
            msg = (
                f"the variable of `{name}` is constant under `joint`: its correlation is undefined"
            )
            raise ValueError(msg)
    return float(np.clip(cov / math.sqrt(var_x * var_y), -1.0, 1.0))


def covariance_matrix(X: ArrayLike, ddof: int = 1) -> FloatArray:
    r"""Sample covariance matrix of the rows of ``X``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        One observation per row, one variable per column.
    ddof : int, optional
        "Delta degrees of freedom": the divisor is ``n - ddof``. The default 1
        gives the unbiased estimator (as ``numpy.cov``); 0 gives the maximum
        likelihood estimator.

    Returns
    -------
    ndarray, shape (d, d)
        :math:`\hat\Sigma`, exactly symmetric and positive semi-definite.

    Raises
    ------
    ValueError
        If ``X`` is not a finite non-empty 2-D array, ``ddof`` is negative, or
        ``n <= ddof``.
    TypeError
        If ``X`` is not array-like of real numbers or ``ddof`` is not an integer.

    Notes
    -----
    .. math::

        \hat\Sigma = \frac{1}{n - \text{ddof}} \sum_{i=1}^{n}
            (x_i - \bar x)(x_i - \bar x)^\top
            = \frac{1}{n - \text{ddof}} X_c^\top X_c ,

    with :math:`X_c` the centred data. The product is symmetrised,
    :math:`(\hat\Sigma + \hat\Sigma^\top)/2`, so that rounding in the matrix
    product cannot leave it asymmetric.

    Examples
    --------
    >>> covariance_matrix([[0.0, 0.0], [1.0, 2.0], [2.0, 4.0]])
    array([[1., 2.],
           [2., 4.]])
    """
    A = as_matrix(X, "X")
    dof = _count(ddof, "ddof", 0)
    n = A.shape[0]
    if n <= dof:
        msg = f"`X` must have more than `ddof` = {dof} rows; got {n}"
        raise ValueError(msg)
    Xc = A - A.mean(axis=0)  # centred data, (n, d)
    S = Xc.T @ Xc / (n - dof)
    sym: FloatArray = 0.5 * (S + S.T)
    return sym


# ---------------------------------------------------------------------------
# Law of large numbers and central limit theorem
# ---------------------------------------------------------------------------


def running_mean(x: ArrayLike) -> FloatArray:
    r"""Running means :math:`\bar x_n = \frac{1}{n} \sum_{i \le n} x_i` for n = 1, 2, ...

    Parameters
    ----------
    x : array_like, shape (N,) or (R, N)
        A sequence of observations, or ``R`` sequences (one per row).

    Returns
    -------
    ndarray, same shape as ``x``
        Entry ``n - 1`` (along the last axis) is the mean of the first ``n``
        observations.

    Raises
    ------
    ValueError
        If ``x`` is not a finite, non-empty 1-D or 2-D array.
    TypeError
        If ``x`` is not array-like of real numbers.

    Notes
    -----
    By the law of large numbers, :math:`\bar x_n \to \mathbb{E}[X]` as
    :math:`n \to \infty` for i.i.d. observations with a finite mean. Computed
    as a cumulative sum divided by :math:`n`; its rounding error grows like
    :math:`n \epsilon`, far below the sampling error :math:`\sigma / \sqrt n`
    for any simulated length.

    Examples
    --------
    >>> running_mean([1.0, 0.0, 1.0, 1.0])
    array([1.        , 0.5       , 0.66666667, 0.75      ])
    """
    arr = as_float_array(x, "x")
    if arr.ndim not in (1, 2):
        msg = f"`x` must be 1-D (N,) or 2-D (R, N); got shape {arr.shape}"
        raise ValueError(msg)
    n = np.arange(1, arr.shape[-1] + 1)
    means: FloatArray = np.cumsum(arr, axis=-1) / n
    return means


def _samples(samples: ArrayLike) -> FloatArray:
    """``samples`` as (R, n): R independent repetitions of n draws."""
    return as_matrix(samples, "samples")


def sample_mean_rmse(samples: ArrayLike, mean: float, ns: ArrayLike) -> FloatArray:
    r"""Root-mean-square error of the sample mean of the first ``n`` draws, for each ``n``.

    Parameters
    ----------
    samples : array_like, shape (R, N)
        ``R`` independent sequences of ``N`` i.i.d. draws, one per row.
    mean : float
        The true mean :math:`\mu` of the distribution drawn from.
    ns : array_like of int, shape (k,)
        Sample sizes, each in :math:`[1, N]`.

    Returns
    -------
    ndarray, shape (k,)
        :math:`\sqrt{\frac{1}{R} \sum_{r=1}^{R} (\bar x_{r,n} - \mu)^2}` for each ``n``.

    Raises
    ------
    ValueError
        If ``samples`` is not a finite non-empty 2-D array, ``mean`` is not
        finite, or ``ns`` is not 1-D or holds a non-integer or a size outside
        :math:`[1, N]`.
    TypeError
        If an input is not a real number or array-like of them.

    Notes
    -----
    For i.i.d. draws with variance :math:`\sigma^2`,
    :math:`\mathbb{E}[(\bar x_n - \mu)^2] = \sigma^2 / n`, so the RMSE estimates
    :math:`\sigma / \sqrt{n}`: a line of slope :math:`-1/2` on log-log axes
    (see :func:`fit_power_law`). The sample means for different ``n`` share
    their first draws, so their errors are correlated, but each is unbiased.

    Examples
    --------
    >>> sample_mean_rmse([[1.0, 3.0], [3.0, 3.0]], 2.0, [1, 2])
    array([1.        , 0.70710678])
    """
    S = _samples(samples)
    mu = _real(mean, "mean")
    sizes = _integers(ns, "ns", 1)
    if np.any(sizes > S.shape[1]):
        msg = f"`ns` must not exceed the {S.shape[1]} draws per row of `samples`; got {sizes.max()}"
        raise ValueError(msg)
    means = running_mean(S)[:, sizes - 1]  # (R, k) sample means of the first n draws
    rmse: FloatArray = np.sqrt(np.mean((means - mu) ** 2, axis=0))
    return rmse


def fit_power_law(x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
    r"""Fit :math:`y \approx c\, x^{b}` by least squares on log–log axes.

    Parameters
    ----------
    x, y : array_like, shape (k,)
        Positive values, at least two distinct ``x``.

    Returns
    -------
    exponent : float
        :math:`b`, the slope of the line through :math:`(\ln x_i, \ln y_i)`.
    prefactor : float
        :math:`c > 0`, the exponential of that line's intercept.

    Raises
    ------
    ValueError
        If an input is not a finite 1-D vector, the lengths differ, a value is
        not positive, or the ``x`` are all equal.
    TypeError
        If an input is not array-like of real numbers.

    Notes
    -----
    Minimises :math:`\sum_i (\ln y_i - a - b \ln x_i)^2` over :math:`a, b`:

    .. math::

        b = \frac{\sum_i (u_i - \bar u)(v_i - \bar v)}{\sum_i (u_i - \bar u)^2},
        \quad a = \bar v - b \bar u, \quad c = e^{a},
        \quad u = \ln x,\ v = \ln y .

    For an error that shrinks like :math:`\sigma / \sqrt{n}`, the exponent is
    :math:`-1/2` and the prefactor :math:`\sigma`.

    Examples
    --------
    >>> exponent, prefactor = fit_power_law([1.0, 100.0, 10000.0], [3.0, 0.3, 0.03])
    >>> round(exponent, 12), round(prefactor, 12)
    (-0.5, 3.0)
    """
    xs, ys = as_vector(x, "x"), as_vector(y, "y")
    same_length(xs, ys, "x", "y")
    for arr, name in ((xs, "x"), (ys, "y")):
        if np.any(arr <= 0.0):
            smallest = float(arr.min())
            msg = f"`{name}` must be positive (a logarithm is taken); got a minimum of {smallest!r}"
            raise ValueError(msg)
    u, v = np.log(xs), np.log(ys)
    du = u - u.mean()
    if not np.any(du != 0.0):
        msg = "`x` must hold at least two distinct values to fit a power law"
        raise ValueError(msg)
    exponent = float(du @ (v - v.mean()) / (du @ du))
    return exponent, math.exp(v.mean() - exponent * u.mean())


def standardized_means(samples: ArrayLike, mean: float, std: float) -> FloatArray:
    r"""Standardised sample means :math:`Z = \sqrt{n}\,(\bar x - \mu)/\sigma`, one per row.

    Parameters
    ----------
    samples : array_like, shape (R, n)
        ``R`` independent samples of size ``n``, one per row.
    mean : float
        The true mean :math:`\mu`.
    std : float
        The true standard deviation :math:`\sigma > 0`.

    Returns
    -------
    ndarray, shape (R,)
        One :math:`Z` per row; by the central limit theorem their distribution
        tends to the standard normal as ``n`` grows.

    Raises
    ------
    ValueError
        If ``samples`` is not a finite non-empty 2-D array, ``mean`` is not
        finite, or ``std`` is not positive and finite.
    TypeError
        If an input is not a real number or array-like of them.

    Notes
    -----
    .. math::

        Z_n = \frac{\bar X_n - \mu}{\sigma / \sqrt{n}}
            \xrightarrow{d} \mathcal{N}(0, 1) .

    :math:`Z_n` has mean 0 and variance 1 for every ``n``; only its shape
    changes. How far it can be from normal is bounded by
    :func:`berry_esseen_bound`.

    Examples
    --------
    >>> standardized_means([[0.0, 2.0], [2.0, 2.0]], 1.0, 1.0)
    array([0.        , 1.41421356])
    """
    S = _samples(samples)
    mu = _real(mean, "mean")
    sigma = _real(std, "std")
    if sigma <= 0.0:
        msg = f"`std` must be positive; got {sigma!r}"
        raise ValueError(msg)
    n = S.shape[1]
    z: FloatArray = math.sqrt(n) * (S.mean(axis=1) - mu) / sigma
    return z


def berry_esseen_bound(n: int, std: float, third_abs_moment: float) -> float:
    r"""Berry–Esseen bound on the distance between :math:`Z_n` and the standard normal.

    Parameters
    ----------
    n : int
        The sample size, at least 1.
    std : float
        :math:`\sigma > 0`, the standard deviation of one draw.
    third_abs_moment : float
        :math:`\rho = \mathbb{E}|X - \mu|^3 > 0`.

    Returns
    -------
    float
        :math:`C \rho / (\sigma^3 \sqrt n)` with :math:`C` = ``BERRY_ESSEEN_C``.
        A value of 1 or more says nothing (distribution functions differ by at most 1).

    Raises
    ------
    ValueError
        If ``n < 1`` or ``std`` or ``third_abs_moment`` is not positive and finite.
    TypeError
        If ``n`` is not an integer or the others are not real numbers.

    Notes
    -----
    For i.i.d. draws with finite :math:`\rho`, the distribution function
    :math:`F_n` of the standardised mean :math:`Z_n` (see
    :func:`standardized_means`) satisfies

    .. math::

        \sup_z |F_n(z) - \Phi(z)| \le \frac{C \rho}{\sigma^3 \sqrt{n}},
        \qquad C \le 0.4748 .

    References
    ----------
    I. Shevtsova, "On the absolute constants in the Berry–Esseen type
    inequalities for identically distributed summands", arXiv:1111.6554, 2011.

    Examples
    --------
    The exponential distribution with rate 1 has :math:`\sigma = 1` and
    :math:`\rho = 12/e - 2`:

    >>> round(berry_esseen_bound(100, 1.0, 12 / np.e - 2), 4)
    0.1146
    """
    size = _count(n, "n", 1)
    sigma = _real(std, "std")
    rho = _real(third_abs_moment, "third_abs_moment")
    for value, name in ((sigma, "std"), (rho, "third_abs_moment")):
        if value <= 0.0:
            msg = f"`{name}` must be positive; got {value!r}"
            raise ValueError(msg)
    return BERRY_ESSEEN_C * rho / (sigma**3 * math.sqrt(size))


# ---------------------------------------------------------------------------
# Bias-variance decomposition
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BiasVariance:
    """The result of :func:`bias_variance_simulation`.

    Per polynomial degree (arrays of shape ``(k,)``, in the order of ``degrees``):

    ``degrees``
        The polynomial degrees fitted.
    ``bias_sq``
        Squared bias :math:`\\overline{(\\bar f(x) - f(x))^2}` averaged over the test grid,
        where :math:`\\bar f` is the average fit over the data sets (the plug-in
        estimate: it exceeds the true squared bias by about ``variance / n_datasets``).
    ``bias_sq_exact``
        The true squared bias :math:`\\overline{(\\mathbb{E}\\hat f(x) - f(x))^2}`. Least
        squares at fixed inputs is linear in the labels, so :math:`\\mathbb{E}\\hat f` is
        the fit to the noise-free :math:`f`, computed directly.
    ``variance``
        :math:`\\overline{(\\hat f_k(x) - \\bar f(x))^2}`, averaged over data sets and grid.
    ``noise``
        The irreducible error :math:`\\sigma^2` (the same for every degree).
    ``test_error``
        Mean squared error of the fits on fresh noisy labels at the test grid.
    ``test_error_se``
        Standard error of ``test_error - (bias_sq + variance + noise)``: the
        Monte Carlo noise of the measured test error.

    And, for figures:

    ``x_train`` (n_train,), ``x_test`` (n_test,), ``f_test`` (n_test,)
        The fixed training inputs, the test grid and :math:`f` on it.
    ``predictions`` (k, n_datasets, n_test)
        Every fitted polynomial evaluated on the test grid.
    """

    degrees: NDArray[np.int64]
    bias_sq: FloatArray
    bias_sq_exact: FloatArray
    variance: FloatArray
    noise: float
    test_error: FloatArray
    test_error_se: FloatArray
    x_train: FloatArray
    x_test: FloatArray
    f_test: FloatArray
    predictions: FloatArray


def bias_variance_simulation(
    degrees: ArrayLike,
    *,
    n_train: int = 15,
    n_datasets: int = 200,
    noise_std: float = 0.3,
    n_test: int = 101,
    seed: int = 0,
) -> BiasVariance:
    r"""Measure bias², variance and noise of polynomial fits to :math:`\sin(2\pi x)`.

    Parameters
    ----------
    degrees : array_like of int, shape (k,)
        Polynomial degrees to fit, each in :math:`[0, \text{n\_train} - 1]`.
    n_train : int, optional
        Training points per data set, at least 2: the fixed inputs
        :math:`x_i = i/(n_\text{train} - 1)`, equally spaced on :math:`[0, 1]`.
    n_datasets : int, optional
        Number of independent training sets (fresh noise each), at least 1.
    noise_std : float, optional
        :math:`\sigma \ge 0` of the Gaussian label noise.
    n_test : int, optional
        Points of the equally spaced test grid on :math:`[0, 1]`, at least 1.
    seed : int, optional
        Seed of ``numpy.random.default_rng``, at least 0: the same seed gives
        the same result.

    Returns
    -------
    BiasVariance
        Bias², variance, noise, measured test error and its standard error
        per degree, plus the fits for plotting.

    Raises
    ------
    ValueError
        If ``degrees`` is empty, not 1-D, not integers, or holds a degree
        outside :math:`[0, n_\text{train} - 1]`, or a count or ``seed`` is out of range,
        or ``noise_std`` is negative or not finite.
    TypeError
        If a count or ``seed`` is not an integer or ``noise_std`` is not a real number.

    Notes
    -----
    Labels are :math:`y = f(x) + \varepsilon` with :math:`f(x) = \sin(2\pi x)`
    and :math:`\varepsilon \sim \mathcal{N}(0, \sigma^2)`. Each data set gets
    fresh noise at the same inputs, and a least-squares polynomial
    :math:`\hat f_k` is fitted (in the Legendre basis on :math:`[-1, 1]`, which
    is far better conditioned than powers of :math:`x`). At a test point,

    .. math::

        \mathbb{E}\bigl[(y - \hat f(x))^2\bigr]
            = \underbrace{(\mathbb{E}\hat f(x) - f(x))^2}_{\text{bias}^2}
            + \underbrace{\mathbb{E}\bigl[(\hat f(x) - \mathbb{E}\hat f(x))^2\bigr]}
                _{\text{variance}}
            + \underbrace{\sigma^2}_{\text{noise}} ,

    with expectations over training noise and the test label's noise. Here
    :math:`\mathbb{E}\hat f` is estimated by the average :math:`\bar f` of the
    ``n_datasets`` fits, so ``bias_sq + variance`` equals the mean squared
    distance of the fits from :math:`f` exactly (up to rounding), and the
    plug-in ``bias_sq`` exceeds the true squared bias by about
    ``variance / n_datasets``. ``test_error`` uses fresh labels (new noise)
    at every grid point for every fit; it matches the sum within a few
    ``test_error_se``.

    References
    ----------
    S. Geman, E. Bienenstock and R. Doursat, "Neural networks and the
    bias/variance dilemma", *Neural Computation* 4(1), 1992; T. Hastie,
    R. Tibshirani and J. Friedman, *The Elements of Statistical Learning*,
    2nd ed., §7.3.

    Examples
    --------
    >>> bv = bias_variance_simulation([1, 3], n_datasets=50, seed=0)
    >>> bool(bv.bias_sq[0] > bv.bias_sq[1]), bool(bv.variance[0] < bv.variance[1])
    (True, True)
    """
    m = _count(n_train, "n_train", 2)
    degs = _integers(degrees, "degrees", 0)
    if np.any(degs > m - 1):
        msg = (
            f"`degrees` must be at most `n_train` - 1 = {m - 1} (a polynomial of degree d "
            f"needs d + 1 points); got {degs.max()}"
        )
        raise ValueError(msg)
    K = _count(n_datasets, "n_datasets", 1)
    t = _count(n_test, "n_test", 1)
    sigma = _real(noise_std, "noise_std")
    if sigma < 0.0:
        msg = f"`noise_std` must be non-negative; got {sigma!r}"
        raise ValueError(msg)
    rng = np.random.default_rng(_count(seed, "seed", 0))

    x_train, x_test = np.linspace(0.0, 1.0, m), np.linspace(0.0, 1.0, t)
    f_train, f_test = np.sin(2 * np.pi * x_train), np.sin(2 * np.pi * x_test)
    Y = f_train[:, None] + sigma * rng.normal(size=(m, K))  # (n_train, K): one column per set
    Y_test = f_test[None, :] + sigma * rng.normal(size=(K, t))  # fresh labels, (K, n_test)
    preds = np.empty((degs.size, K, t))
    expected_fit = np.empty((degs.size, t))  # E[f_hat]: the fit to the noise-free labels
    for j, d in enumerate(degs):
        V = np.polynomial.legendre.legvander(2 * x_train - 1, int(d))  # (n_train, d + 1)
        V_test = np.polynomial.legendre.legvander(2 * x_test - 1, int(d))
        # all K noisy fits and the noise-free one in one solve: (d + 1, K + 1)
        coef = np.linalg.lstsq(V, np.column_stack([Y, f_train]), rcond=None)[0]
        preds[j] = (V_test @ coef[:, :K]).T
        expected_fit[j] = V_test @ coef[:, K]
    f_bar = preds.mean(axis=1)  # (k, n_test), the average fit
    bias_sq = np.mean((f_bar - f_test) ** 2, axis=1)
    var = np.mean((preds - f_bar[:, None, :]) ** 2, axis=(1, 2))
    sq_err = (Y_test[None] - preds) ** 2  # (k, K, n_test)
    # per-point terms of test_error - (bias^2 + variance + noise): independent, mean 0
    resid = sq_err - (preds - f_test) ** 2 - sigma**2
    se = resid.reshape(degs.size, -1).std(axis=1) / math.sqrt(K * t)
    return BiasVariance(
        degrees=degs,
        bias_sq=bias_sq,
        bias_sq_exact=np.mean((expected_fit - f_test) ** 2, axis=1),
        variance=var,
        noise=sigma**2,
        test_error=sq_err.mean(axis=(1, 2)),
        test_error_se=se,
        x_train=x_train,
        x_test=x_test,
        f_test=f_test,
        predictions=preds,
    )


# ---------------------------------------------------------------------------
# Naive Bayes in log space
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NaiveBayes:
    """A fitted naive Bayes classifier (returned by :func:`fit_naive_bayes`).

    ``kind``
        ``"multinomial"`` (word counts) or ``"bernoulli"`` (word present or not).
    ``alpha``
        The Laplace / additive smoothing used.
    ``classes``, shape (K,)
        The sorted class labels (integers).
    ``class_log_prior``, shape (K,)
        :math:`\\log P(c)`, the log class frequencies of the training labels.
    ``feature_log_prob``, shape (K, d)
        Multinomial: :math:`\\log \\theta_{cj}`, the log probability that a word
        of a class-:math:`c` document is word :math:`j` (each row exponentiates to a
        distribution). Bernoulli: :math:`\\log P(x_j = 1 \\mid c)`.
    ``feature_log_prob_absent``, shape (K, d), or None
        Bernoulli only: :math:`\\log P(x_j = 0 \\mid c)`.
    """

    kind: str
    alpha: float
    classes: NDArray[np.int64]
    class_log_prior: FloatArray
    feature_log_prob: FloatArray
    feature_log_prob_absent: FloatArray | None

    @property
    def n_features(self) -> int:
        """Number of features ``d``."""
        return int(self.feature_log_prob.shape[1])


def _features(X: ArrayLike, kind: str, n_features: int | None = None) -> FloatArray:
    """``X`` as a valid feature matrix for ``kind``, or raise naming ``X``."""
    A = as_matrix(X, "X")
    if n_features is not None and A.shape[1] != n_features:
        msg = f"`X` must have {n_features} columns (features of the model); got {A.shape[1]}"
        raise ValueError(msg)
    if kind == "multinomial" and np.any(A < 0.0):
        msg = f"`X` must hold non-negative counts for the multinomial model; got {float(A.min())!r}"
        raise ValueError(msg)
    if kind == "bernoulli" and not np.all((A == 0.0) | (A == 1.0)):
        msg = "`X` must hold only 0 and 1 (word absent / present) for the Bernoulli model"
        raise ValueError(msg)
    return A


def fit_naive_bayes(
    X: ArrayLike, y: ArrayLike, *, kind: str = "multinomial", alpha: float = 1.0
) -> NaiveBayes:
    r"""Fit a multinomial or Bernoulli naive Bayes classifier with additive smoothing.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features: non-negative counts (``"multinomial"``) or 0/1 indicators
        (``"bernoulli"``).
    y : array_like of int, shape (n,)
        Integer class labels.
    kind : {"multinomial", "bernoulli"}, optional
        The event model.
    alpha : float, optional
        Additive (Laplace for 1, Lidstone below 1) smoothing :math:`\alpha > 0`.

    Returns
    -------
    NaiveBayes
        Log class priors and log feature probabilities, ready for
        :func:`naive_bayes_log_proba`.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D array of valid features for ``kind``,
        ``y`` is not a 1-D vector of integers with one label per row of ``X``,
        ``kind`` is unknown, or ``alpha`` is not positive and finite.
    TypeError
        If ``X`` or ``y`` is not array-like of numbers, ``kind`` is not a
        string or ``alpha`` is not a real number.

    Notes
    -----
    With :math:`N_{cj}` the total count of feature :math:`j` in class :math:`c`
    (multinomial) or the number of class-:math:`c` rows with feature :math:`j`
    present (Bernoulli), :math:`N_c` the number of rows of class :math:`c`, and
    :math:`d` features:

    .. math::

        \text{multinomial: } \theta_{cj} = \frac{N_{cj} + \alpha}{\sum_{j'} N_{cj'} + \alpha d},
        \qquad
        \text{Bernoulli: } \theta_{cj} = \frac{N_{cj} + \alpha}{N_c + 2\alpha},
        \qquad
        P(c) = \frac{N_c}{n} .

    Smoothing keeps every :math:`\theta_{cj}` positive: a word never seen in
    a class would otherwise have probability 0 and veto that class for any
    document containing it. These are the estimates of scikit-learn's
    ``MultinomialNB`` / ``BernoulliNB`` with the same ``alpha`` (and
    ``fit_prior=True``).

    References
    ----------
    A. McCallum and K. Nigam, "A comparison of event models for naive Bayes
    text classification", AAAI-98 Workshop on Learning for Text
    Categorization, 1998.

    Examples
    --------
    Four documents over a vocabulary of three words, two classes:

    >>> X = [[2, 1, 0], [3, 0, 1], [0, 2, 3], [1, 0, 4]]
    >>> model = fit_naive_bayes(X, [0, 0, 1, 1])
    >>> np.exp(model.feature_log_prob).round(4)
    array([[0.6   , 0.2   , 0.2   ],
           [0.1538, 0.2308, 0.6154]])
    """
    given: object = kind  # checked at run time: callers may pass anything
    if not isinstance(given, str):
        msg = f"`kind` must be a string, one of {NAIVE_BAYES_KINDS}; got {type(given).__name__}"
        raise TypeError(msg)
    if kind not in NAIVE_BAYES_KINDS:
        msg = f"`kind` must be one of {NAIVE_BAYES_KINDS}; got {kind!r}"
        raise ValueError(msg)
    A = _features(X, kind)
    labels = as_vector(y, "y")
    if np.any(labels != np.round(labels)):
        msg = "`y` must hold integer class labels"
        raise ValueError(msg)
    if labels.shape[0] != A.shape[0]:
        msg = f"`X` has {A.shape[0]} rows but `y` has {labels.shape[0]} labels; they must match"
        raise ValueError(msg)
    a = _real(alpha, "alpha")
    if a <= 0.0:
        msg = f"`alpha` must be positive (alpha = 0 gives log 0 for unseen features); got {a!r}"
        raise ValueError(msg)
    classes, index = np.unique(labels.astype(np.int64), return_inverse=True)
    onehot = np.eye(classes.size)[index]  # (n, K)
    N_c = onehot.sum(axis=0)  # rows per class, (K,)
    N_cj = onehot.T @ A  # (K, d): counts (multinomial) or rows with the feature (Bernoulli)
    if kind == "multinomial":
        log_theta = np.log(N_cj + a) - np.log(N_cj.sum(axis=1, keepdims=True) + a * A.shape[1])
        log_absent = None
    else:
        log_denominator = np.log(N_c + 2 * a)[:, None]
        log_theta = np.log(N_cj + a) - log_denominator
        log_absent = np.log(N_c[:, None] - N_cj + a) - log_denominator  # log(1 - theta), exactly
    return NaiveBayes(kind, a, classes, np.log(N_c) - math.log(A.shape[0]), log_theta, log_absent)


def _model(model: object) -> NaiveBayes:
    if not isinstance(model, NaiveBayes):
        msg = f"`model` must be a NaiveBayes (from fit_naive_bayes); got {type(model).__name__}"
        raise TypeError(msg)
    return model


def naive_bayes_joint_log_likelihood(model: NaiveBayes, X: ArrayLike) -> FloatArray:
    r"""Unnormalised log posteriors :math:`\log P(c) + \log P(x \mid c)`, one per class.

    Parameters
    ----------
    model : NaiveBayes
        From :func:`fit_naive_bayes`.
    X : array_like, shape (n, d)
        Rows to score, valid features for ``model.kind``.

    Returns
    -------
    ndarray, shape (n, K)
        :math:`\log P(c) + \sum_j x_j \log\theta_{cj}` (multinomial, without the
        class-independent multinomial coefficient) or
        :math:`\log P(c) + \sum_j x_j \log\theta_{cj} + (1 - x_j)\log(1 - \theta_{cj})`
        (Bernoulli). Subtracting the log-sum-exp of a row gives
        :func:`naive_bayes_log_proba`.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D array of valid features with
        ``model.n_features`` columns.
    TypeError
        If ``model`` is not a :class:`NaiveBayes` or ``X`` is not array-like of numbers.

    Notes
    -----
    These are the logarithms of the products :math:`P(c)\prod_j \theta_{cj}^{x_j}`,
    which underflow to 0 in float64 for long documents while their logarithms
    stay of moderate size (scikit-learn calls this ``predict_joint_log_proba``).

    Examples
    --------
    >>> model = fit_naive_bayes([[2, 1, 0], [3, 0, 1], [0, 2, 3], [1, 0, 4]], [0, 0, 1, 1])
    >>> naive_bayes_joint_log_likelihood(model, [[1, 0, 0]]).round(4)
    array([[-1.204 , -2.5649]])
    """
    m = _model(model)
    A = _features(X, m.kind, m.n_features)
    joint_ll = A @ m.feature_log_prob.T  # (n, K): sum_j x_j log theta_cj
    if m.feature_log_prob_absent is not None:
        joint_ll = joint_ll + (1.0 - A) @ m.feature_log_prob_absent.T
    joint: FloatArray = joint_ll + m.class_log_prior
    return joint


def naive_bayes_log_proba(model: NaiveBayes, X: ArrayLike) -> FloatArray:
    r"""Log posterior class probabilities :math:`\log P(c \mid x)`, computed in log space.

    Parameters
    ----------
    model : NaiveBayes
        From :func:`fit_naive_bayes`.
    X : array_like, shape (n, d)
        Rows to classify, valid features for ``model.kind``.

    Returns
    -------
    ndarray, shape (n, K)
        :math:`\log P(c \mid x_i)`; each row exponentiates to a distribution.

    Raises
    ------
    ValueError
        If ``X`` is not a finite 2-D array of valid features with
        ``model.n_features`` columns.
    TypeError
        If ``model`` is not a :class:`NaiveBayes` or ``X`` is not array-like of numbers.

    Notes
    -----
    The "naive" assumption makes features independent given the class, so
    the likelihood is a product over features. Its logarithm is a sum:

    .. math::

        \log P(c \mid x) = \log P(c) + \sum_j x_j \log\theta_{cj}
            - \log \sum_{c'} \exp\Bigl(\log P(c') + \sum_j x_j \log\theta_{c'j}\Bigr)

    (multinomial; the multinomial coefficient is the same for every class and
    cancels), and for the Bernoulli model the sum is
    :math:`\sum_j x_j \log\theta_{cj} + (1 - x_j)\log(1 - \theta_{cj})`. The
    product itself underflows to 0 for long documents; the sum
    (:func:`naive_bayes_joint_log_likelihood`) does not, and it is normalised
    with the log-sum-exp trick, as in :func:`log_bayes_posterior`.

    Examples
    --------
    >>> model = fit_naive_bayes([[2, 1, 0], [3, 0, 1], [0, 2, 3], [1, 0, 4]], [0, 0, 1, 1])
    >>> np.exp(naive_bayes_log_proba(model, [[1, 0, 0], [0, 0, 1]])).round(4)
    array([[0.7959, 0.2041],
           [0.2453, 0.7547]])
    """
    joint = naive_bayes_joint_log_likelihood(model, X)  # (n, K) log P(c) + log P(x | c)
    return joint - _logsumexp(joint)[:, None]  # normalise each row (log-sum-exp trick)


def naive_bayes_predict(model: NaiveBayes, X: ArrayLike) -> NDArray[np.int64]:
    r"""Most probable class of each row: :math:`\arg\max_c \log P(c \mid x)`.

    Parameters
    ----------
    model : NaiveBayes
        From :func:`fit_naive_bayes`.
    X : array_like, shape (n, d)
        Rows to classify.

    Returns
    -------
    ndarray of int, shape (n,)
        The predicted labels (entries of ``model.classes``).

    Raises
    ------
    ValueError
        As :func:`naive_bayes_log_proba`.
    TypeError
        As :func:`naive_bayes_log_proba`.

    Notes
    -----
    The logarithm is increasing, so the arg max of the log posterior is the
    arg max of the posterior: working in log space changes no decision, it
    only keeps the numbers representable.

    Examples
    --------
    >>> model = fit_naive_bayes([[2, 1, 0], [3, 0, 1], [0, 2, 3], [1, 0, 4]], [0, 0, 1, 1])
    >>> naive_bayes_predict(model, [[1, 0, 0], [0, 0, 1]])
    array([0, 1])
    """
    m = _model(model)
    labels: NDArray[np.int64] = m.classes[np.argmax(naive_bayes_log_proba(m, X), axis=1)]
    return labels
