r"""Estimation: maximum likelihood, MAP, least squares and Bayesian linear regression.

Each function implements one formula of chapter 12 of the book:

* maximum-likelihood estimates and negative log-likelihoods of the Bernoulli
  and Gaussian models (:func:`bernoulli_mle`, :func:`gaussian_mle`,
  :func:`bernoulli_nll`, :func:`gaussian_nll`) and the binary cross-entropy,
  which is the Bernoulli negative log-likelihood per example;
* linear regression by ordinary least squares, ridge and the lasso
  (:func:`ols`, :func:`ridge`, :func:`lasso`) and their MAP readings
  (:func:`map_gaussian_prior`, :func:`map_laplace_prior`);
* the Gaussian posterior and predictive distribution of Bayesian linear
  regression (:func:`blr_posterior`, :func:`blr_predictive`,
  :func:`blr_sample_weights`).

Conventions for the regression functions (``X`` of shape ``(n, d)``, ``y`` of
shape ``(n,)``):

* **No intercept is fitted.** Every function models :math:`y \approx Xw`. To
  fit an intercept, either add a column of ones to ``X`` (it is then
  penalised like any other weight by ridge and the lasso) or centre ``X`` and
  ``y`` first and recover :math:`b = \bar y - \bar x^\top w` (this is what
  scikit-learn's ``fit_intercept=True`` does, leaving the intercept
  unpenalised).
* **Objective scaling**, the one used throughout the book:

  .. math::

      \text{ridge:}\ \tfrac12\lVert y - Xw \rVert_2^2 + \tfrac{\lambda}{2}\lVert w \rVert_2^2,
      \qquad
      \text{lasso:}\ \tfrac12\lVert y - Xw \rVert_2^2 + \lambda\lVert w \rVert_1 .

  scikit-learn's ``Ridge(alpha)`` minimises :math:`\lVert y - Xw\rVert_2^2 +
  \alpha\lVert w\rVert_2^2`, the same minimiser with :math:`\alpha = \lambda`;
  its ``Lasso(alpha)`` minimises :math:`\tfrac{1}{2n}\lVert y - Xw\rVert_2^2 +
  \alpha\lVert w\rVert_1`, the same minimiser with :math:`\alpha = \lambda / n`.

The module imports only NumPy and lower ``aimath`` modules; the tests check it
against SymPy, SciPy, scikit-learn and torch.
"""

from __future__ import annotations

import math

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import as_float_array, as_matrix, as_vector, integer_at_least
from aimath._validation import nonnegative_number as _nonnegative
from aimath._validation import positive_number as _positive
from aimath.convex import fista
from aimath.distributions import mvn_sample

__all__ = [
    "bernoulli_mle",
    "bernoulli_nll",
    "binary_cross_entropy",
    "blr_posterior",
    "blr_predictive",
    "blr_sample_weights",
    "gaussian_mle",
    "gaussian_nll",
    "lasso",
    "map_gaussian_prior",
    "map_laplace_prior",
    "ols",
    "ridge",
]

#: A function of a number (``float``) or of an array of values.
FloatOrArray = float | FloatArray

_LOG_2PI = math.log(2.0 * math.pi)

#: ``cov`` counts as symmetric when ``max|cov - cov.T| <= _SYMMETRY_RTOL * max|cov|``.
_SYMMETRY_RTOL = 1e-10


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _binary(data: ArrayLike, name: str) -> FloatArray:
    """``data`` as a non-empty 1-D vector of 0s and 1s."""
    x = as_vector(data, name)
    bad = x[(x != 0.0) & (x != 1.0)]
    if bad.size:
        msg = f"`{name}` must hold Bernoulli outcomes 0 or 1; got {float(bad[0])!r}"
        raise ValueError(msg)
    return x


def _probabilities(p: ArrayLike, name: str) -> FloatArray:
    """``p`` as a finite float array with every entry in [0, 1]."""
    arr = as_float_array(p, name)
    if np.any((arr < 0.0) | (arr > 1.0)):
        bad = arr[(arr < 0.0) | (arr > 1.0)][0]
        msg = f"`{name}` must lie in [0, 1]; got {float(bad)!r}"
        raise ValueError(msg)
    return arr


def _design(X: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """``X`` as an (n, d) matrix and ``y`` as a vector of length n."""
    X_ = as_matrix(X, "X")
    y_ = as_vector(y, "y")
    if y_.shape[0] != X_.shape[0]:
        msg = f"`y` must have length {X_.shape[0]} (rows of `X`); got {y_.shape[0]}"
        raise ValueError(msg)
    return X_, y_


def _result(values: FloatArray, scalar: bool) -> FloatOrArray:
    return float(values) if scalar else values


# ---------------------------------------------------------------------------
# Bernoulli and Gaussian maximum likelihood
# ---------------------------------------------------------------------------


def bernoulli_mle(data: ArrayLike) -> float:
    r"""Maximum-likelihood estimate of the Bernoulli parameter: the fraction of 1s.

    Parameters
    ----------
    data : array_like, shape (n,)
        Observed outcomes, each 0 or 1 (at least one).

    Returns
    -------
    float
        :math:`\hat p = \frac{1}{n}\sum_i x_i`.

    Raises
    ------
    ValueError
        If ``data`` is empty, not 1-D, not finite, or holds a value other than 0 or 1.
    TypeError
        If ``data`` is not array-like of numbers.

    Notes
    -----
    With :math:`s = \sum_i x_i` ones among :math:`n` outcomes the
    log-likelihood is :math:`\ell(p) = s\log p + (n - s)\log(1 - p)`, and

    .. math::

        \ell'(p) = \frac{s}{p} - \frac{n - s}{1 - p} = 0
        \quad\Longrightarrow\quad \hat p = \frac{s}{n}.

    :math:`\ell` is concave, so the stationary point is the maximum (when
    :math:`s = 0` or :math:`s = n` the maximum is at the boundary, again
    :math:`s/n`).

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, §2.1.

    Examples
    --------
    >>> bernoulli_mle([1, 0, 1, 1, 0, 1, 1, 1, 0, 1])
    0.7
    """
    x = _binary(data, "data")
    return float(np.sum(x)) / int(x.shape[0])


def gaussian_mle(data: ArrayLike) -> tuple[float, float]:
    r"""Maximum-likelihood estimates of a Gaussian's mean and variance.

    Parameters
    ----------
    data : array_like, shape (n,)
        Observations (at least one).

    Returns
    -------
    tuple of float
        :math:`(\hat\mu, \hat\sigma^2)`: the sample mean and the *biased*
        variance, which divides by :math:`n`, not :math:`n - 1`.

    Raises
    ------
    ValueError
        If ``data`` is empty, not 1-D or not finite.
    TypeError
        If ``data`` is not array-like of numbers.

    Notes
    -----
    Setting the derivatives of the log-likelihood
    :math:`\ell(\mu, \sigma^2) = -\frac n2 \log(2\pi\sigma^2)
    - \frac{1}{2\sigma^2}\sum_i (x_i - \mu)^2` to zero gives

    .. math::

        \hat\mu = \frac1n \sum_i x_i, \qquad
        \hat\sigma^2 = \frac1n \sum_i (x_i - \hat\mu)^2,
        \qquad \mathbb E[\hat\sigma^2] = \frac{n-1}{n}\,\sigma^2 .

    The variance is computed in two passes (deviations from the mean first),
    which avoids the cancellation of :math:`\overline{x^2} - \bar x^2`.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, §1.2.4.

    Examples
    --------
    >>> gaussian_mle([1.0, 2.0, 3.0, 6.0])
    (3.0, 3.5)
    """
    x = as_vector(data, "data")
    mu = float(np.mean(x))
    return mu, float(np.mean((x - mu) ** 2))


def bernoulli_nll(p: ArrayLike, data: ArrayLike) -> FloatOrArray:
    r"""Negative log-likelihood of Bernoulli ``data`` under the parameter ``p``.

    Parameters
    ----------
    p : float or array_like
        The parameter, or an array of candidate parameters (a grid), in :math:`[0, 1]`.
    data : array_like, shape (n,)
        Observed outcomes, each 0 or 1 (at least one).

    Returns
    -------
    float or ndarray
        :math:`-\ell(p)` for each ``p`` (a ``float`` for a number, an array of
        the shape of ``p`` otherwise). It is :math:`+\infty` where the data
        are impossible (``p = 0`` with a 1 observed, ``p = 1`` with a 0).

    Raises
    ------
    ValueError
        If ``p`` is outside :math:`[0, 1]` or not finite, or ``data`` is not a
        non-empty 1-D vector of 0s and 1s.
    TypeError
        If ``p`` or ``data`` is not array-like of numbers.

    Notes
    -----
    With :math:`s` ones among :math:`n` outcomes,

    .. math::

        -\ell(p) = -\sum_i \bigl[x_i \log p + (1 - x_i)\log(1 - p)\bigr]
                 = -s\log p - (n - s)\log(1 - p),

    with the convention :math:`0 \log 0 = 0`. It is minimised by
    :func:`bernoulli_mle`.

    Examples
    --------
    >>> round(bernoulli_nll(0.5, [1, 0, 1, 1]), 6)
    2.772589
    >>> bernoulli_nll([0.0, 1.0], [1, 1]).tolist()
    [inf, 0.0]
    """
    p_ = _probabilities(p, "p")
    x = _binary(data, "data")
    s = float(np.sum(x))
    f = x.shape[0] - s
    with np.errstate(divide="ignore"):
        # 0 log 0 = 0: a term only counts when its outcome was observed
        ones = s * np.log(p_) if s > 0 else np.zeros_like(p_)
        zeros = f * np.log1p(-p_) if f > 0 else np.zeros_like(p_)
    return _result(-(ones + zeros) + 0.0, np.ndim(p) == 0)  # + 0.0: no -0.0


def gaussian_nll(mu: ArrayLike, sigma2: ArrayLike, data: ArrayLike) -> FloatOrArray:
    r"""Negative log-likelihood of ``data`` under :math:`\mathcal N(\mu, \sigma^2)`.

    Parameters
    ----------
    mu : float or array_like
        The mean, or an array of candidate means.
    sigma2 : float or array_like
        The variance :math:`\sigma^2 > 0` (note: variance, not standard
        deviation), or an array broadcastable with ``mu``.
    data : array_like, shape (n,)
        Observations (at least one).

    Returns
    -------
    float or ndarray
        :math:`-\ell(\mu, \sigma^2)` (a ``float`` when ``mu`` and ``sigma2`` are
        numbers, else an array of their broadcast shape).

    Raises
    ------
    ValueError
        If ``sigma2`` is not positive, an input is not finite, ``mu`` and
        ``sigma2`` do not broadcast, or ``data`` is empty or not 1-D.
    TypeError
        If an input is not array-like of numbers.

    Notes
    -----
    .. math::

        -\ell(\mu, \sigma^2) = \frac n2 \log(2\pi\sigma^2)
            + \frac{1}{2\sigma^2}\sum_i (x_i - \mu)^2,
        \qquad
        \sum_i (x_i - \mu)^2 = \sum_i (x_i - \bar x)^2 + n(\bar x - \mu)^2 .

    The second identity evaluates a whole grid of :math:`\mu` from two
    summaries of the data without cancellation.

    Examples
    --------
    >>> round(gaussian_nll(0.0, 1.0, [0.0]), 6)
    0.918939
    >>> gaussian_nll([3.0, 4.0], 3.5, [1.0, 2.0, 3.0, 6.0]).round(4).tolist()
    [8.1813, 8.7527]
    """
    m = as_float_array(mu, "mu")
    v = as_float_array(sigma2, "sigma2")
    if np.any(v <= 0.0):
        msg = f"`sigma2` must be positive; got {float(v[v <= 0.0][0])!r}"
        raise ValueError(msg)
    try:
        m, v = np.broadcast_arrays(m, v)
    except ValueError:
        msg = f"`mu` and `sigma2` must broadcast together; got shapes {m.shape} and {v.shape}"
        raise ValueError(msg) from None
    x = as_vector(data, "data")
    n = x.shape[0]
    x_bar = float(np.mean(x))
    scatter = float(np.sum((x - x_bar) ** 2))  # sum of squared deviations from the mean
    squares = scatter + n * (x_bar - m) ** 2  # (shape of mu) sum_i (x_i - mu)^2
    nll = 0.5 * n * (_LOG_2PI + np.log(v)) + squares / (2.0 * v)
    return _result(nll, np.ndim(mu) == 0 and np.ndim(sigma2) == 0)


def binary_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""Mean binary cross-entropy: the Bernoulli negative log-likelihood per example.

    Parameters
    ----------
    y_true : array_like, shape (n,)
        Targets in :math:`[0, 1]` (labels 0/1, or soft labels).
    y_pred : array_like, shape (n,)
        Predicted probabilities :math:`\hat y_i = P(y_i = 1)` in :math:`[0, 1]`.

    Returns
    -------
    float
        :math:`-\frac1n\sum_i [y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)]`,
        with :math:`0\log 0 = 0`; :math:`+\infty` if a confident prediction is
        wrong (:math:`\hat y_i = 0` where :math:`y_i > 0` or :math:`\hat y_i = 1`
        where :math:`y_i < 1`). No clipping is applied (torch clamps each log
        at :math:`-100`, scikit-learn clips :math:`\hat y` away from 0 and 1).

    Raises
    ------
    ValueError
        If an entry lies outside :math:`[0, 1]` or is not finite, or the
        shapes differ.
    TypeError
        If an input is not array-like of numbers.

    Notes
    -----
    For labels :math:`y_i \in \{0, 1\}`, :math:`\hat y_i^{y_i}(1 - \hat y_i)^{1 - y_i}`
    is the Bernoulli likelihood of :math:`y_i`, so

    .. math::

        \mathrm{BCE}(y, \hat y) = -\frac1n \sum_i \log P(y_i \mid \hat y_i)
        = \frac1n\,\mathrm{NLL}.

    Minimising the cross-entropy is maximum likelihood.

    Examples
    --------
    >>> round(binary_cross_entropy([1, 0], [0.5, 0.5]), 6)
    0.693147
    >>> binary_cross_entropy([1, 0, 1], [1.0, 0.0, 1.0])
    0.0
    """
    y = _probabilities(y_true, "y_true")
    q = _probabilities(y_pred, "y_pred")
    if y.ndim != 1:
        msg = f"`y_true` must be a 1-D vector; got an array of shape {y.shape}"
        raise ValueError(msg)
    if q.shape != y.shape:
        msg = f"`y_pred` must have the shape of `y_true` {y.shape}; got {q.shape}"
        raise ValueError(msg)
    with np.errstate(divide="ignore", invalid="ignore"):
        # 0 log 0 = 0: a term with zero weight contributes nothing, even where log is -inf
        ones = np.where(y > 0.0, y * np.log(q), 0.0)
        zeros = np.where(y < 1.0, (1.0 - y) * np.log1p(-q), 0.0)
    return float(-np.mean(ones + zeros)) + 0.0  # + 0.0 turns -0.0 into 0.0


# ---------------------------------------------------------------------------
# Linear regression: least squares, ridge, lasso, MAP
# ---------------------------------------------------------------------------


def ols(X: ArrayLike, y: ArrayLike) -> FloatArray:
    r"""Ordinary least squares: the maximum-likelihood weights under Gaussian noise.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix (no intercept column is added; see the module notes).
    y : array_like, shape (n,)
        Targets.

    Returns
    -------
    ndarray, shape (d,)
        :math:`\hat w` minimising :math:`\lVert y - Xw\rVert_2^2`; when ``X``
        does not have full column rank, the minimiser of smallest norm.

    Raises
    ------
    ValueError
        If the shapes do not match or an input is empty or not finite.
    TypeError
        If an input is not array-like of numbers.

    Notes
    -----
    The minimiser solves the normal equations

    .. math::

        X^\top X \hat w = X^\top y
        \quad\bigl(\hat w = (X^\top X)^{-1} X^\top y \text{ for full column rank}\bigr).

    They are not formed: :func:`numpy.linalg.lstsq` works on ``X`` itself
    (an SVD), whose condition number is the square root of that of
    :math:`X^\top X`.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, §3.1.1.

    Examples
    --------
    >>> ols([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [1.0, 3.0, 5.0]).round(12).tolist()
    [1.0, 2.0]
    """
    X_, y_ = _design(X, y)
    w = np.linalg.lstsq(X_, y_, rcond=None)[0]
    return np.asarray(w, dtype=np.float64)


def ridge(X: ArrayLike, y: ArrayLike, lam: float) -> FloatArray:
    r"""Ridge regression: least squares with an :math:`L_2` penalty.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix (no intercept column is added; see the module notes).
    y : array_like, shape (n,)
        Targets.
    lam : float
        The penalty weight :math:`\lambda \ge 0` (scikit-learn's ``Ridge(alpha=lam)``).

    Returns
    -------
    ndarray, shape (d,)
        The minimiser of
        :math:`\tfrac12\lVert y - Xw\rVert_2^2 + \tfrac\lambda2\lVert w\rVert_2^2`
        (for :math:`\lambda = 0`, :func:`ols`).

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, or ``lam`` is negative.
    TypeError
        If an input is not array-like of numbers or ``lam`` is not a real number.

    Notes
    -----
    Setting the gradient :math:`X^\top(Xw - y) + \lambda w` to zero:

    .. math::

        \hat w_\lambda = (X^\top X + \lambda I)^{-1} X^\top y .

    For :math:`\lambda > 0` the matrix is positive definite, so the solution
    is unique even when :math:`d > n`. It is computed as the least-squares
    solution of the stacked system
    :math:`\begin{bmatrix} X \\ \sqrt\lambda I\end{bmatrix} w
    \approx \begin{bmatrix} y \\ 0\end{bmatrix}`, whose normal equations are
    exactly the ones above, without forming :math:`X^\top X`.

    References
    ----------
    A. E. Hoerl and R. W. Kennard, "Ridge regression: biased estimation for
    nonorthogonal problems", *Technometrics* 12(1), 1970.

    Examples
    --------
    >>> ridge([[1.0, 0.0], [0.0, 1.0]], [2.0, 4.0], 1.0).round(12).tolist()
    [1.0, 2.0]
    """
    X_, y_ = _design(X, y)
    lam_ = _nonnegative(lam, "lam")
    d = X_.shape[1]
    A = np.vstack([X_, math.sqrt(lam_) * np.eye(d)])  # (n + d, d)
    b = np.concatenate([y_, np.zeros(d)])  # (n + d,)
    w = np.linalg.lstsq(A, b, rcond=None)[0]
    return np.asarray(w, dtype=np.float64)


def lasso(
    X: ArrayLike, y: ArrayLike, lam: float, *, max_iter: int = 50_000, tol: float = 1e-12
) -> FloatArray:
    r"""The lasso: least squares with an :math:`L_1` penalty, solved by FISTA.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix (no intercept column is added; see the module notes).
    y : array_like, shape (n,)
        Targets.
    lam : float
        The penalty weight :math:`\lambda \ge 0`. scikit-learn's
        ``Lasso(alpha)`` corresponds to ``lam = n * alpha``.
    max_iter : int, optional
        Iteration budget of :func:`aimath.convex.fista` (default 50 000).
    tol : float, optional
        Its stopping tolerance on the relative step (default ``1e-12``).

    Returns
    -------
    ndarray, shape (d,)
        The minimiser of
        :math:`\tfrac12\lVert y - Xw\rVert_2^2 + \lambda\lVert w\rVert_1`.
        Coefficients the penalty removes are exactly 0.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, ``lam`` or ``tol``
        is negative, ``max_iter < 1``, or the solver did not meet ``tol``
        within ``max_iter`` iterations.
    TypeError
        If an input is not array-like of numbers or a scalar has the wrong type.

    Notes
    -----
    There is no closed form; the optimality condition is

    .. math::

        X^\top (y - X\hat w) \in \lambda\, \partial\lVert \hat w\rVert_1,
        \quad\text{i.e.}\quad
        |x_j^\top (y - X\hat w)| \le \lambda \text{ where } \hat w_j = 0 .

    This function calls :func:`aimath.convex.fista` (proximal gradient with
    momentum, each step a :func:`aimath.convex.soft_threshold`) and returns its
    last iterate, after checking that it converged.

    References
    ----------
    R. Tibshirani, "Regression shrinkage and selection via the lasso",
    *J. R. Statist. Soc. B* 58(1), 1996.

    Examples
    --------
    >>> lasso([[1.0, 0.0], [0.0, 1.0]], [3.0, 0.5], 1.0).round(10).tolist()
    [2.0, 0.0]
    """
    X_, y_ = _design(X, y)
    result = fista(X_, y_, lam, max_iter=max_iter, tol=tol)
    if not result.converged:
        msg = (
            f"the lasso solver did not converge within `max_iter` = {result.n_iter} "
            f"iterations to `tol` = {tol!r}; raise `max_iter` or `tol`"
        )
        raise ValueError(msg)
    return result.x


def map_gaussian_prior(
    X: ArrayLike, y: ArrayLike, noise_var: float, prior_var: float
) -> FloatArray:
    r"""MAP weights of linear regression with a Gaussian prior: ridge regression.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Targets.
    noise_var : float
        Noise variance :math:`\sigma^2 > 0` in :math:`y = Xw + \varepsilon`,
        :math:`\varepsilon \sim \mathcal N(0, \sigma^2 I)`.
    prior_var : float
        Prior variance :math:`\tau^2 > 0` in :math:`w \sim \mathcal N(0, \tau^2 I)`.

    Returns
    -------
    ndarray, shape (d,)
        :math:`\arg\max_w p(w \mid X, y)`, equal to :func:`ridge` with
        :math:`\lambda = \sigma^2/\tau^2`.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, or a variance is
        not positive.
    TypeError
        If an input is not array-like of numbers or a variance is not a real number.

    Notes
    -----
    .. math::

        -\log p(w \mid X, y) = \frac{1}{2\sigma^2}\lVert y - Xw\rVert_2^2
            + \frac{1}{2\tau^2}\lVert w\rVert_2^2 + \text{const},

    and multiplying by :math:`\sigma^2` gives the ridge objective with
    :math:`\lambda = \sigma^2/\tau^2`: a vague prior (large :math:`\tau^2`)
    is a weak penalty.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, §3.3.1.

    Examples
    --------
    >>> map_gaussian_prior([[1.0, 0.0], [0.0, 1.0]], [2.0, 4.0], 1.0, 1.0).round(12).tolist()
    [1.0, 2.0]
    """
    s2 = _positive(noise_var, "noise_var")
    t2 = _positive(prior_var, "prior_var")
    return ridge(X, y, s2 / t2)


def map_laplace_prior(
    X: ArrayLike, y: ArrayLike, noise_var: float, prior_scale: float
) -> FloatArray:
    r"""MAP weights of linear regression with a Laplace prior: the lasso.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix.
    y : array_like, shape (n,)
        Targets.
    noise_var : float
        Noise variance :math:`\sigma^2 > 0`.
    prior_scale : float
        Scale :math:`b > 0` of the prior :math:`p(w_j) = \frac{1}{2b} e^{-|w_j|/b}`.

    Returns
    -------
    ndarray, shape (d,)
        :math:`\arg\max_w p(w \mid X, y)`, equal to :func:`lasso` with
        :math:`\lambda = \sigma^2 / b`.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, a scale is not
        positive, or the solver does not converge.
    TypeError
        If an input is not array-like of numbers or a scale is not a real number.

    Notes
    -----
    .. math::

        -\log p(w \mid X, y) = \frac{1}{2\sigma^2}\lVert y - Xw\rVert_2^2
            + \frac1b\lVert w\rVert_1 + \text{const}.

    References
    ----------
    R. Tibshirani, "Regression shrinkage and selection via the lasso", 1996, §5.

    Examples
    --------
    >>> map_laplace_prior([[1.0, 0.0], [0.0, 1.0]], [3.0, 0.5], 1.0, 1.0).round(10).tolist()
    [2.0, 0.0]
    """
    s2 = _positive(noise_var, "noise_var")
    b = _positive(prior_scale, "prior_scale")
    return lasso(X, y, s2 / b)


# ---------------------------------------------------------------------------
# Bayesian linear regression
# ---------------------------------------------------------------------------


def blr_posterior(
    X: ArrayLike, y: ArrayLike, noise_var: float, prior_var: float
) -> tuple[FloatArray, FloatArray]:
    r"""Posterior over the weights of Bayesian linear regression.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Design matrix (no intercept column is added). ``n = 0`` is allowed
        (pass an array of shape ``(0, d)`` and an empty ``y``): the posterior
        is then the prior.
    y : array_like, shape (n,)
        Targets.
    noise_var : float
        Noise variance :math:`\sigma^2 > 0` of :math:`y_i = x_i^\top w + \varepsilon_i`.
    prior_var : float
        Prior variance :math:`\tau^2 > 0` of :math:`w \sim \mathcal N(0, \tau^2 I)`.

    Returns
    -------
    mean : ndarray, shape (d,)
        Posterior mean :math:`m_N` (equal to :func:`map_gaussian_prior`).
    cov : ndarray, shape (d, d)
        Posterior covariance :math:`S_N`, symmetric positive definite.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, or a variance is
        not positive.
    TypeError
        If an input is not array-like of numbers or a variance is not a real number.

    Notes
    -----
    Prior and likelihood are Gaussian, so the posterior is Gaussian:

    .. math::

        S_N^{-1} = \frac{1}{\tau^2} I + \frac{1}{\sigma^2} X^\top X, \qquad
        m_N = \frac{1}{\sigma^2} S_N X^\top y .

    The precision :math:`S_N^{-1}` is factored once by Cholesky,
    :math:`S_N^{-1} = LL^\top`; then :math:`S_N = L^{-\top}L^{-1}` and
    :math:`m_N` is two triangular solves.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, §3.3.1, eq. (3.53)–(3.54).

    Examples
    --------
    >>> mean, cov = blr_posterior([[1.0], [1.0]], [1.0, 3.0], 1.0, 1.0)
    >>> round(float(mean[0]), 12), round(float(cov[0, 0]), 12)
    (1.333333333333, 0.333333333333)
    """
    s2 = _positive(noise_var, "noise_var")
    t2 = _positive(prior_var, "prior_var")
    X_, y_ = _design_allowing_no_rows(X, y)
    d = X_.shape[1]
    precision = np.eye(d) / t2 + (X_.T @ X_) / s2  # (d, d) S_N^{-1}
    L = np.linalg.cholesky(precision)  # positive definite: the 1/tau^2 I term
    L_inv = np.linalg.solve(L, np.eye(d))  # (d, d) L^{-1}
    product = L_inv.T @ L_inv  # S_N = L^{-T} L^{-1}
    cov: FloatArray = 0.5 * (product + product.T)  # exactly symmetric
    mean: FloatArray = cov @ (X_.T @ y_) / s2
    return mean, cov


def _design_allowing_no_rows(X: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Like :func:`_design`, but an ``(0, d)`` ``X`` with an empty ``y`` means no data."""
    if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[0] == 0 and X.shape[1] > 0:
        if np.iscomplexobj(X):
            msg = "`X` must be array-like of numbers; got a complex array"
            raise TypeError(msg)
        if np.size(y) != 0 or np.ndim(y) != 1:
            msg = f"`y` must have length 0 (rows of `X`); got shape {np.shape(y)}"
            raise ValueError(msg)
        return np.zeros(X.shape), np.zeros(0)
    return _design(X, y)


def _covariance(mean: ArrayLike, cov: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """``mean`` (d,) and ``cov`` (d, d) symmetric positive semi-definite, or an error."""
    m = as_vector(mean, "mean")
    C = as_matrix(cov, "cov", square=True)
    d = m.shape[0]
    if C.shape != (d, d):
        msg = f"`cov` must be {d}x{d} to match `mean` of length {d}; got shape {C.shape}"
        raise ValueError(msg)
    scale = float(np.max(np.abs(C)))
    asymmetry = float(np.max(np.abs(C - C.T)))
    if asymmetry > _SYMMETRY_RTOL * scale:
        msg = f"`cov` must be symmetric; got max |cov - cov.T| = {asymmetry:.3g}"
        raise ValueError(msg)
    smallest = float(np.linalg.eigvalsh(0.5 * (C + C.T))[0])
    if smallest < -d * np.finfo(np.float64).eps * scale * 10:
        msg = f"`cov` must be positive semi-definite; got smallest eigenvalue {smallest:.3g}"
        raise ValueError(msg)
    return m, 0.5 * (C + C.T)


def blr_predictive(
    X_new: ArrayLike, mean: ArrayLike, cov: ArrayLike, noise_var: float
) -> tuple[FloatArray, FloatArray]:
    r"""Posterior predictive mean and variance of Bayesian linear regression.

    Parameters
    ----------
    X_new : array_like, shape (m, d)
        Inputs at which to predict.
    mean : array_like, shape (d,)
        Posterior mean :math:`m_N` (from :func:`blr_posterior`).
    cov : array_like, shape (d, d)
        Posterior covariance :math:`S_N`, symmetric positive semi-definite.
    noise_var : float
        Noise variance :math:`\sigma^2 > 0`; pass the same value as to
        :func:`blr_posterior`.

    Returns
    -------
    pred_mean : ndarray, shape (m,)
        :math:`x^\top m_N` for each row :math:`x` of ``X_new``.
    pred_var : ndarray, shape (m,)
        :math:`\sigma^2 + x^\top S_N x`: the noise plus the uncertainty about
        the weights. The predictive distribution of a new target is
        :math:`\mathcal N(\text{pred\_mean}, \text{pred\_var})`.

    Raises
    ------
    ValueError
        If the shapes do not match, an input is not finite, ``cov`` is not
        symmetric positive semi-definite, or ``noise_var`` is not positive.
    TypeError
        If an input is not array-like of numbers or ``noise_var`` is not a real number.

    Notes
    -----
    With :math:`w \sim \mathcal N(m_N, S_N)` and independent noise,
    :math:`y = x^\top w + \varepsilon` is Gaussian with

    .. math::

        \mathbb E[y] = x^\top m_N, \qquad
        \operatorname{Var}[y] = \sigma^2 + x^\top S_N x .

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, §3.3.2, eq. (3.58)–(3.59).

    Examples
    --------
    >>> mu, var = blr_predictive([[1.0], [2.0]], [1.0], [[0.5]], 1.0)
    >>> mu.tolist(), var.tolist()
    ([1.0, 2.0], [1.5, 3.0])
    """
    s2 = _positive(noise_var, "noise_var")
    m, S = _covariance(mean, cov)
    Xn = as_matrix(X_new, "X_new")
    if Xn.shape[1] != m.shape[0]:
        msg = f"`X_new` must have {m.shape[0]} columns (length of `mean`); got {Xn.shape[1]}"
        raise ValueError(msg)
    pred_mean: FloatArray = Xn @ m
    # (m,) x^T S x for every row at once; clipped at 0 against rounding below it
    spread = np.maximum(np.einsum("ij,jk,ik->i", Xn, S, Xn), 0.0)
    pred_var: FloatArray = s2 + spread
    return pred_mean, pred_var


def blr_sample_weights(
    mean: ArrayLike, cov: ArrayLike, n: int, rng: np.random.Generator
) -> FloatArray:
    r"""Draw weight vectors from the Gaussian posterior :math:`\mathcal N(m_N, S_N)`.

    Parameters
    ----------
    mean : array_like, shape (d,)
        Posterior mean (from :func:`blr_posterior`).
    cov : array_like, shape (d, d)
        Posterior covariance, symmetric positive definite.
    n : int
        Number of samples, at least 1.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray, shape (n, d)
        One weight vector per row; each defines a regression line
        :math:`x \mapsto x^\top w` drawn from the posterior.

    Raises
    ------
    ValueError
        If ``cov`` is not symmetric positive definite or its shape does not
        match ``mean``, an input is not finite, or ``n < 1``.
    TypeError
        If an input is not array-like of numbers, ``n`` is not an integer, or
        ``rng`` is not a Generator.

    Notes
    -----
    Delegates to :func:`aimath.distributions.mvn_sample`:
    :math:`w = m_N + Lz` with :math:`S_N = LL^\top` and :math:`z \sim \mathcal N(0, I)`.

    Examples
    --------
    >>> W = blr_sample_weights([0.0, 1.0], [[1.0, 0.0], [0.0, 1.0]], 3, np.random.default_rng(0))
    >>> W.shape
    (3, 2)
    """
    return mvn_sample(mean, cov, integer_at_least(n, "n", 1), rng=rng)
