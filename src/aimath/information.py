r"""Information theory: surprisal, entropy, cross-entropy, KL and the losses of LLMs.

Each function implements one formula of chapter 14 of the book: surprisal and
entropy, joint and conditional entropy, mutual information (exact, and the
plug-in estimate from samples), cross-entropy, the Kullback–Leibler and
Jensen–Shannon divergences, the KL divergence between Gaussians (closed form
and Monte Carlo), the stable log-softmax and cross-entropy from logits that
language models are trained with, and perplexity.

Conventions shared by every function:

* **Units.** Measures of discrete distributions take a ``base``: ``2`` (the
  default) gives bits, ``math.e`` gives nats, as in :func:`scipy.stats.entropy`
  with ``base=None``. The functions that work with logits or densities
  (:func:`log_softmax`, :func:`cross_entropy_from_logits`, :func:`perplexity`,
  :func:`gaussian_kl`, :func:`mvn_kl`, :func:`monte_carlo_kl`) use natural
  logarithms, like PyTorch.
* **Probabilities.** A probability vector or table must be finite,
  non-negative and sum to 1 within ``SUM_TOL``; it is then divided by its
  sum, so rounding in the input does not leak into the result. Unlike
  :func:`scipy.stats.entropy`, nothing else is normalised silently: ``[1, 1, 2]``
  is an error, not ``[0.25, 0.25, 0.5]``.
* **Zeros.** :math:`0 \log 0 = 0`: outcomes of probability 0 contribute
  nothing. A quantity that would be *infinite* is an error, not ``inf``:
  :func:`cross_entropy` and :func:`kl_divergence` raise when ``q`` is 0 where
  ``p`` is positive (``P`` is not absolutely continuous with respect to
  ``Q``), and :func:`surprisal` raises for an event of probability 0. SciPy
  returns ``inf`` in both cases; the error names the offending entry instead.
* **Non-negativity.** Entropies, mutual information and divergences are
  non-negative exactly; a sum that rounding leaves a few ulp below 0 is
  returned as 0.
"""

from __future__ import annotations

import math

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    SUM_TOL,
    as_float_array,
    as_matrix,
    as_vector,
    positive_number,
    real_number,
    same_length,
)

__all__ = [
    "conditional_entropy",
    "cross_entropy",
    "cross_entropy_from_logits",
    "empirical_joint",
    "entropy",
    "fit_gaussian_kl",
    "gaussian_kl",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "log_softmax",
    "monte_carlo_kl",
    "mutual_information",
    "mvn_kl",
    "perplexity",
    "plugin_mutual_information",
    "surprisal",
]


#: ``cov`` counts as symmetric when ``max|cov - cov.T| <= _SYMMETRY_RTOL * max|cov|``.
_SYMMETRY_RTOL = 1e-10


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _log_base(base: object) -> float:
    r""":math:`\ln b` for a valid logarithm base :math:`b > 0`, :math:`b \ne 1`."""
    b = real_number(base, "base")
    if b <= 0.0 or b == 1.0:
        msg = f"`base` must be positive and different from 1 (2 for bits, e for nats); got {b!r}"
        raise ValueError(msg)
    return math.log(b)


def _distribution(p: ArrayLike, name: str, ndim: int = 1) -> FloatArray:
    """A probability vector (``ndim=1``) or joint table (``ndim=2``), divided by its sum."""
    q = as_vector(p, name) if ndim == 1 else as_matrix(p, name)
    if np.any(q < 0.0):
        where = np.unravel_index(int(np.argmin(q)), q.shape)
        index = where[0] if ndim == 1 else where
        msg = (
            f"`{name}` must hold non-negative probabilities; "
            f"got {name}[{', '.join(str(int(i)) for i in np.atleast_1d(index))}] = {q.min():.3g}"
        )
        raise ValueError(msg)
    total = math.fsum(q.ravel().tolist())  # exactly rounded: measures the input, not the sum
    if abs(total - 1.0) > SUM_TOL:
        msg = (
            f"`{name}` must sum to 1 (within {SUM_TOL:g}); got a sum of {total!r}. "
            "Normalise it first (divide counts by their total, or use a softmax for logits)"
        )
        raise ValueError(msg)
    out: FloatArray = q / total
    return out


def _pair(p: ArrayLike, q: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Two probability vectors on the same support (same length)."""
    p_, q_ = _distribution(p, "p"), _distribution(q, "q")
    if p_.shape != q_.shape:
        msg = (
            "`p` and `q` must be distributions on the same outcomes (the same length); "
            f"got lengths {p_.shape[0]} and {q_.shape[0]}"
        )
        raise ValueError(msg)
    return p_, q_


def _absolutely_continuous(p: FloatArray, q: FloatArray, what: str) -> None:
    """Raise naming ``q`` if ``q`` is 0 where ``p`` is positive (the measure is infinite)."""
    bad = np.flatnonzero((p > 0.0) & (q == 0.0))
    if bad.size:
        i = int(bad[0])
        msg = (
            f"`q` must be positive wherever `p` is: q[{i}] = 0 but p[{i}] = {p[i]:.3g}, "
            f"so {what} is infinite (P is not absolutely continuous with respect to Q)"
        )
        raise ValueError(msg)


def _log_where_positive(p: FloatArray) -> FloatArray:
    r""":math:`\ln p` where :math:`p > 0`, and :math:`-\infty` where :math:`p = 0`."""
    out: FloatArray = np.full(p.shape, -np.inf)
    np.log(p, out=out, where=p > 0.0)
    return out


def _axis(axis: object, ndim: int) -> int:
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        msg = f"`axis` must be an integer; got {type(axis).__name__}"
        raise TypeError(msg)
    if not -ndim <= axis < ndim:
        msg = f"`axis` must be in [{-ndim}, {ndim}) for an array with {ndim} axes; got {axis}"
        raise ValueError(msg)
    return int(axis)


def _nonnegative(value: float) -> float:
    """``value`` as a float, with rounding below 0 (and ``-0.0``) returned as ``0.0``."""
    return max(float(value), 0.0) + 0.0


# ---------------------------------------------------------------------------
# Surprisal and entropy
# ---------------------------------------------------------------------------


def surprisal(p: ArrayLike, base: float = 2) -> float | FloatArray:
    r"""Surprisal (self-information) of an event of probability ``p``: :math:`-\log p`.

    Parameters
    ----------
    p : float or array_like
        Probabilities in :math:`(0, 1]`, any shape.
    base : float, optional
        Base of the logarithm: 2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float or ndarray
        A float for a scalar ``p``, else an array of the same shape.

    Raises
    ------
    ValueError
        If ``p`` is empty, not finite, outside :math:`(0, 1]` (an event of
        probability 0 has infinite surprisal), or ``base`` is not positive or is 1.
    TypeError
        If ``p`` is not numeric or ``base`` is not a real number.

    Notes
    -----
    .. math:: I(p) = -\log_b p = \log_b \frac{1}{p} .

    Rare events carry more information, and the information of independent
    events adds: :math:`I(pq) = I(p) + I(q)`.

    Examples
    --------
    >>> surprisal(0.5)
    1.0
    >>> surprisal([0.25, 0.125]).tolist()
    [2.0, 3.0]
    """
    log_b = _log_base(base)
    x = as_float_array(p, "p")
    if np.any(x <= 0.0) or np.any(x > 1.0):
        bad = float(x[(x <= 0.0) | (x > 1.0)].ravel()[0])
        why = " (an impossible event has infinite surprisal)" if bad == 0.0 else ""
        msg = f"`p` must hold probabilities in (0, 1]; got {bad!r}{why}"
        raise ValueError(msg)
    out: FloatArray = -np.log(x) / log_b + 0.0  # + 0.0 turns -0.0 (p = 1) into 0.0
    return float(out) if out.ndim == 0 else out


def _entropy_nats(p: FloatArray) -> float:
    nz = p[p > 0.0]  # 0 log 0 = 0
    return _nonnegative(-np.sum(nz * np.log(nz)))


def entropy(p: ArrayLike, base: float = 2) -> float:
    r"""Shannon entropy of a discrete distribution: the average surprisal.

    Parameters
    ----------
    p : array_like, shape (K,)
        Probabilities: non-negative, summing to 1 (within ``SUM_TOL``).
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float
        :math:`H(P) \ge 0`; it is 0 for a point mass and :math:`\log_b K` for
        the uniform distribution, the largest possible value.

    Raises
    ------
    ValueError
        If ``p`` is not a finite probability vector or ``base`` is invalid.
    TypeError
        If ``p`` is not numeric or ``base`` is not a real number.

    Notes
    -----
    .. math:: H(P) = -\sum_k p_k \log_b p_k ,  \qquad 0 \log 0 = 0 .

    References
    ----------
    T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed.,
    Wiley, 2006, chapter 2.

    Examples
    --------
    >>> entropy([0.5, 0.5])
    1.0
    >>> entropy([0.25, 0.25, 0.25, 0.25])
    2.0
    >>> entropy([1.0, 0.0])
    0.0
    """
    log_b = _log_base(base)
    return _entropy_nats(_distribution(p, "p")) / log_b


def joint_entropy(P_xy: ArrayLike, base: float = 2) -> float:
    r"""Joint entropy :math:`H(X, Y)` of a joint probability table.

    Parameters
    ----------
    P_xy : array_like, shape (m, n)
        ``P_xy[i, j]`` :math:`= P(X = x_i, Y = y_j)`: non-negative, summing to 1.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float
        The entropy of the pair, :math:`H(X, Y) \ge \max(H(X), H(Y))`.

    Raises
    ------
    ValueError
        If ``P_xy`` is not a finite 2-D probability table or ``base`` is invalid.
    TypeError
        If ``P_xy`` is not numeric or ``base`` is not a real number.

    Notes
    -----
    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log_b p(x, y) .

    Examples
    --------
    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]])
    2.0
    """
    log_b = _log_base(base)
    return _entropy_nats(_distribution(P_xy, "P_xy", ndim=2).ravel()) / log_b


def conditional_entropy(P_xy: ArrayLike, base: float = 2) -> float:
    r"""Conditional entropy :math:`H(Y \mid X)` of a joint table (rows index :math:`X`).

    Parameters
    ----------
    P_xy : array_like, shape (m, n)
        ``P_xy[i, j]`` :math:`= P(X = x_i, Y = y_j)`: non-negative, summing to 1.
        For :math:`H(X \mid Y)`, pass the transpose.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float
        The average uncertainty left in :math:`Y` once :math:`X` is known.

    Raises
    ------
    ValueError
        If ``P_xy`` is not a finite 2-D probability table or ``base`` is invalid.
    TypeError
        If ``P_xy`` is not numeric or ``base`` is not a real number.

    Notes
    -----
    .. math::

        H(Y \mid X) = -\sum_{x, y} p(x, y) \log_b p(y \mid x)
                    = H(X, Y) - H(X) .

    The sum is computed term by term, each term non-negative because
    :math:`p(y \mid x) \le 1`, rather than as the difference of two entropies,
    which cancels when :math:`Y` is nearly determined by :math:`X`.

    Examples
    --------
    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])  # Y = X: nothing left
    0.0
    >>> conditional_entropy([[0.25, 0.25], [0.25, 0.25]])  # independent: H(Y)
    1.0
    """
    log_b = _log_base(base)
    P = _distribution(P_xy, "P_xy", ndim=2)
    p_x = P.sum(axis=1, keepdims=True)
    nz = P > 0.0
    p_y_given_x = np.divide(P, p_x, out=np.ones_like(P), where=nz)  # rows with p(x) = 0 skipped
    return _nonnegative(-np.sum(P[nz] * np.log(p_y_given_x[nz]))) / log_b


def mutual_information(P_xy: ArrayLike, base: float = 2) -> float:
    r"""Mutual information :math:`I(X; Y)` of a joint table: what one variable says about the other.

    Parameters
    ----------
    P_xy : array_like, shape (m, n)
        ``P_xy[i, j]`` :math:`= P(X = x_i, Y = y_j)`: non-negative, summing to 1.
        (Divide a table of counts by its total first.)
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float
        :math:`I(X; Y) \ge 0`, zero exactly when :math:`X` and :math:`Y` are
        independent.

    Raises
    ------
    ValueError
        If ``P_xy`` is not a finite 2-D probability table or ``base`` is invalid.
    TypeError
        If ``P_xy`` is not numeric or ``base`` is not a real number.

    Notes
    -----
    .. math::

        I(X; Y) = \sum_{x, y} p(x, y) \log_b \frac{p(x, y)}{p(x)\, p(y)}
                = \mathrm{KL}\bigl(P_{XY} \,\|\, P_X P_Y\bigr)
                = H(X) - H(X \mid Y) .

    Examples
    --------
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]])  # Y = X: one full bit
    1.0
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])
    0.0
    """
    log_b = _log_base(base)
    P = _distribution(P_xy, "P_xy", ndim=2)
    p_x, p_y = P.sum(axis=1), P.sum(axis=0)
    nz = P > 0.0
    i, j = np.nonzero(nz)
    # log p(x,y) - log p(x) - log p(y): no ratio that could overflow or underflow
    terms = P[nz] * (np.log(P[nz]) - np.log(p_x[i]) - np.log(p_y[j]))
    return _nonnegative(np.sum(terms)) / log_b


# ---------------------------------------------------------------------------
# Cross-entropy and divergences
# ---------------------------------------------------------------------------


def cross_entropy(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    r"""Cross-entropy :math:`H(P, Q)`: mean surprisal under ``q`` of outcomes drawn from ``p``.

    Parameters
    ----------
    p : array_like, shape (K,)
        The true distribution (for a classifier, the one-hot label).
    q : array_like, shape (K,)
        The model's distribution; positive wherever ``p`` is.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float
        :math:`H(P, Q) = H(P) + \mathrm{KL}(P \,\|\, Q) \ge H(P)`.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a finite probability vector, their lengths
        differ, ``q`` is 0 where ``p`` is positive (the cross-entropy is
        infinite), or ``base`` is invalid.
    TypeError
        If an argument is not numeric or ``base`` is not a real number.

    Notes
    -----
    .. math:: H(P, Q) = -\sum_k p_k \log_b q_k , \qquad 0 \log q = 0 .

    For a one-hot ``p`` on class :math:`y` this is :math:`-\log_b q_y`, the
    negative log-likelihood of the label.

    Examples
    --------
    >>> cross_entropy([0.0, 1.0], [0.5, 0.5])
    1.0
    >>> cross_entropy([0.5, 0.5], [0.5, 0.5]) == entropy([0.5, 0.5])
    True
    """
    log_b = _log_base(base)
    p_, q_ = _pair(p, q)
    _absolutely_continuous(p_, q_, "the cross-entropy")
    nz = p_ > 0.0
    return _nonnegative(-np.sum(p_[nz] * np.log(q_[nz]))) / log_b


def _kl_nats(p: FloatArray, q: FloatArray) -> float:
    nz = p > 0.0
    # log p - log q rather than log(p / q): the ratio overflows when q is tiny
    return _nonnegative(np.sum(p[nz] * (np.log(p[nz]) - np.log(q[nz]))))


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    r"""Kullback–Leibler divergence :math:`\mathrm{KL}(P \,\|\, Q)` of two discrete distributions.

    Parameters
    ----------
    p : array_like, shape (K,)
        The distribution the outcomes come from.
    q : array_like, shape (K,)
        The approximating distribution; positive wherever ``p`` is.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float
        :math:`\mathrm{KL}(P \,\|\, Q) \ge 0`, with equality exactly when
        :math:`P = Q` (Gibbs' inequality). It is not symmetric in ``p`` and ``q``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a finite probability vector, their lengths
        differ, ``q`` is 0 where ``p`` is positive (the divergence is
        infinite), or ``base`` is invalid.
    TypeError
        If an argument is not numeric or ``base`` is not a real number.

    Notes
    -----
    .. math::

        \mathrm{KL}(P \,\|\, Q) = \sum_k p_k \log_b \frac{p_k}{q_k}
                              = H(P, Q) - H(P) .

    ``scipy.stats.entropy(p, q)`` computes the same sum (in nats by default);
    ``torch.nn.functional.kl_div(input, target)`` takes ``input`` :math:`= \log q`
    and ``target`` :math:`= p` and sums :math:`p (\log p - \log q)`.

    References
    ----------
    S. Kullback and R. A. Leibler, "On information and sufficiency",
    *Annals of Mathematical Statistics* 22 (1951); Cover and Thomas (2006), §2.3.

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([1.0, 0.0], [0.5, 0.5])
    1.0
    """
    log_b = _log_base(base)
    p_, q_ = _pair(p, q)
    _absolutely_continuous(p_, q_, "KL(P || Q)")
    return _kl_nats(p_, q_) / log_b


def js_divergence(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    r"""Jensen–Shannon divergence: the symmetric, bounded average of KL to the midpoint.

    Parameters
    ----------
    p, q : array_like, shape (K,)
        Probability vectors on the same outcomes; zeros anywhere are allowed.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float
        :math:`0 \le \mathrm{JS}(P, Q) = \mathrm{JS}(Q, P) \le \log_b 2`
        (one bit), the upper bound reached by distributions with disjoint supports.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a finite probability vector, their lengths
        differ, or ``base`` is invalid.
    TypeError
        If an argument is not numeric or ``base`` is not a real number.

    Notes
    -----
    .. math::

        \mathrm{JS}(P, Q) = \tfrac12 \mathrm{KL}(P \,\|\, M)
                          + \tfrac12 \mathrm{KL}(Q \,\|\, M),
        \qquad M = \tfrac12 (P + Q) .

    :math:`M` is positive wherever :math:`P` or :math:`Q` is, so the
    divergence is always finite. It is computed in log space,
    :math:`\log m_k = \operatorname{logaddexp}(\log p_k, \log q_k) - \log 2`,
    so even a subnormal :math:`p_k` keeps a positive :math:`m_k`.
    ``scipy.spatial.distance.jensenshannon`` returns its square root.

    Examples
    --------
    >>> js_divergence([1.0, 0.0], [0.0, 1.0])
    1.0
    >>> js_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    """
    log_b = _log_base(base)
    p_, q_ = _pair(p, q)
    log_p, log_q = _log_where_positive(p_), _log_where_positive(q_)
    log_m = np.logaddexp(log_p, log_q) - math.log(2.0)
    half_kl_p = np.sum(p_[p_ > 0] * (log_p[p_ > 0] - log_m[p_ > 0]))
    half_kl_q = np.sum(q_[q_ > 0] * (log_q[q_ > 0] - log_m[q_ > 0]))
    # JS <= log 2 exactly; rounding may overshoot by a few ulp, which the min removes
    return min(_nonnegative(0.5 * (half_kl_p + half_kl_q)), math.log(2.0)) / log_b


# ---------------------------------------------------------------------------
# Gaussians
# ---------------------------------------------------------------------------


def gaussian_kl(mu0: float, sigma0: float, mu1: float, sigma1: float) -> float:
    r"""KL divergence between two univariate normals, in nats (closed form).

    Parameters
    ----------
    mu0, sigma0 : float
        Mean and standard deviation (> 0) of :math:`P = \mathcal N(\mu_0, \sigma_0^2)`.
    mu1, sigma1 : float
        Mean and standard deviation (> 0) of :math:`Q = \mathcal N(\mu_1, \sigma_1^2)`.

    Returns
    -------
    float
        :math:`\mathrm{KL}(P \,\|\, Q) \ge 0` in nats.

    Raises
    ------
    ValueError
        If a parameter is not finite or a standard deviation is not positive.
    TypeError
        If a parameter is not a real number.

    Notes
    -----
    .. math::

        \mathrm{KL}(P \,\|\, Q) = \log\frac{\sigma_1}{\sigma_0}
            + \frac{\sigma_0^2 + (\mu_0 - \mu_1)^2}{2 \sigma_1^2} - \frac12 .

    With :math:`t = \log(\sigma_0 / \sigma_1)` this is
    :math:`\tfrac12\bigl(e^{2t} - 1 - 2t\bigr) + (\mu_0 - \mu_1)^2 / (2\sigma_1^2)`,
    computed with ``expm1`` so that both parts are non-negative as computed.
    The VAE's KL term is the case :math:`\mu_1 = 0`, :math:`\sigma_1 = 1`:
    :math:`\tfrac12(\mu_0^2 + \sigma_0^2 - 1 - \log \sigma_0^2)`.

    References
    ----------
    D. P. Kingma and M. Welling, "Auto-encoding variational Bayes", ICLR 2014, appendix B.

    Examples
    --------
    >>> gaussian_kl(0.0, 1.0, 0.0, 1.0)
    0.0
    >>> gaussian_kl(1.0, 1.0, 0.0, 1.0)  # (mu0 - mu1)^2 / 2
    0.5
    """
    m0, m1 = real_number(mu0, "mu0"), real_number(mu1, "mu1")
    s0, s1 = positive_number(sigma0, "sigma0"), positive_number(sigma1, "sigma1")
    t = math.log(s0) - math.log(s1)  # log of the ratio, without forming a ratio that overflows
    with np.errstate(over="ignore"):
        kl = 0.5 * (np.expm1(2.0 * t) - 2.0 * t) + 0.5 * np.square((m0 - m1) / s1)
    if not np.isfinite(kl):
        msg = (
            "the KL divergence overflows float64 for these parameters: "
            f"`sigma0` / `sigma1` = exp({t:.4g}), (`mu0` - `mu1`) / `sigma1` = {(m0 - m1) / s1:.4g}"
        )
        raise ValueError(msg)
    return float(kl) + 0.0


def _mvn(
    mean: ArrayLike, cov: ArrayLike, mean_name: str, cov_name: str
) -> tuple[FloatArray, FloatArray]:
    """``mean`` and the Cholesky factor of ``cov``, checked (names for the messages)."""
    mu = as_vector(mean, mean_name)
    C = as_matrix(cov, cov_name, square=True)
    k = mu.shape[0]
    if C.shape != (k, k):
        msg = (
            f"`{cov_name}` must be {k}x{k} to match `{mean_name}` of length {k}; "
            f"got shape {C.shape}"
        )
        raise ValueError(msg)
    asymmetry = float(np.max(np.abs(C - C.T)))
    if asymmetry > _SYMMETRY_RTOL * float(np.max(np.abs(C))):
        msg = (
            f"`{cov_name}` must be symmetric; got max |{cov_name} - {cov_name}.T| = {asymmetry:.3g}"
        )
        raise ValueError(msg)
    try:
        L = np.asarray(np.linalg.cholesky(0.5 * (C + C.T)), dtype=np.float64)
    except np.linalg.LinAlgError:
        msg = (
            f"`{cov_name}` must be positive definite (its Cholesky factorisation failed); "
            f"got smallest eigenvalue {float(np.linalg.eigvalsh(C)[0]):.3g}"
        )
        raise ValueError(msg) from None
    pivots = np.diag(L) ** 2
    if float(pivots.min()) <= k * np.finfo(np.float64).eps * float(np.max(np.diag(C))):
        msg = (
            f"`{cov_name}` must be positive definite; it is singular to working precision "
            f"(smallest Cholesky pivot {float(pivots.min()):.3g})"
        )
        raise ValueError(msg)
    return mu, L


def mvn_kl(mean0: ArrayLike, cov0: ArrayLike, mean1: ArrayLike, cov1: ArrayLike) -> float:
    r"""KL divergence between two multivariate normals, in nats (closed form).

    Parameters
    ----------
    mean0 : array_like, shape (k,)
        Mean :math:`\mu_0` of :math:`P = \mathcal N(\mu_0, \Sigma_0)`.
    cov0 : array_like, shape (k, k)
        Covariance :math:`\Sigma_0`: symmetric positive definite.
    mean1 : array_like, shape (k,)
        Mean :math:`\mu_1` of :math:`Q = \mathcal N(\mu_1, \Sigma_1)`.
    cov1 : array_like, shape (k, k)
        Covariance :math:`\Sigma_1`: symmetric positive definite.

    Returns
    -------
    float
        :math:`\mathrm{KL}(P \,\|\, Q) \ge 0` in nats.

    Raises
    ------
    ValueError
        If an argument is empty or not finite, the shapes do not match, or a
        covariance is not symmetric positive definite.
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    .. math::

        \mathrm{KL}(P \,\|\, Q) = \tfrac12 \Bigl(
            \operatorname{tr}(\Sigma_1^{-1} \Sigma_0)
            + (\mu_1 - \mu_0)^\top \Sigma_1^{-1} (\mu_1 - \mu_0)
            - k + \log\frac{\det \Sigma_1}{\det \Sigma_0} \Bigr) .

    With Cholesky factors :math:`\Sigma_i = L_i L_i^\top`, the trace is
    :math:`\lVert L_1^{-1} L_0 \rVert_F^2`, the quadratic form is
    :math:`\lVert L_1^{-1} (\mu_1 - \mu_0) \rVert^2`, and
    :math:`\log\det\Sigma_i = 2 \sum_j \log (L_i)_{jj}`: no inverse and no
    determinant (which can overflow or underflow) is formed.

    Examples
    --------
    >>> mvn_kl([0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
    0.0
    >>> mvn_kl([1.0, 1.0], [[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
    1.0
    """
    mu0, L0 = _mvn(mean0, cov0, "mean0", "cov0")
    mu1, L1 = _mvn(mean1, cov1, "mean1", "cov1")
    if mu0.shape != mu1.shape:
        msg = (
            "`mean0` and `mean1` must have the same dimension; "
            f"got {mu0.shape[0]} and {mu1.shape[0]}"
        )
        raise ValueError(msg)
    k = mu0.shape[0]
    A = np.linalg.solve(L1, L0)  # L1^{-1} L0, so tr(S1^{-1} S0) = ||A||_F^2
    z = np.linalg.solve(L1, mu1 - mu0)
    log_det_ratio = 2.0 * float(np.sum(np.log(np.diag(L1))) - np.sum(np.log(np.diag(L0))))
    return _nonnegative(0.5 * (float(np.sum(A * A)) + float(z @ z) - k + log_det_ratio))


def monte_carlo_kl(log_p: ArrayLike, log_q: ArrayLike) -> tuple[float, float]:
    r"""Monte Carlo estimate of :math:`\mathrm{KL}(P \,\|\, Q)` from samples of P, with its error.

    Parameters
    ----------
    log_p : array_like, shape (n,)
        :math:`\log p(x_i)` at :math:`n \ge 2` independent samples :math:`x_i \sim P`.
    log_q : array_like, shape (n,)
        :math:`\log q(x_i)` at the same samples.

    Returns
    -------
    estimate : float
        The sample mean of :math:`\log p(x_i) - \log q(x_i)`, unbiased for the KL.
    standard_error : float
        The sample standard deviation of the log-ratios over :math:`\sqrt n`.

    Raises
    ------
    ValueError
        If an argument is not a finite 1-D vector, the lengths differ, or
        :math:`n < 2` (no standard error from one sample).
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    .. math::

        \mathrm{KL}(P \,\|\, Q) = \mathbb E_{x \sim P}\!\left[\log\frac{p(x)}{q(x)}\right]
        \approx \frac1n \sum_{i=1}^n \bigl(\log p(x_i) - \log q(x_i)\bigr) .

    Single estimates can be negative even though the KL is not; the
    standard error says how far the mean may be from the truth. RLHF
    implementations estimate their KL penalty this way, from the log-probabilities
    of the sampled tokens under the policy and the reference model.

    Examples
    --------
    >>> est, se = monte_carlo_kl([-1.0, -2.0, -1.5], [-1.5, -2.0, -2.5])
    >>> est, round(se, 4)
    (0.5, 0.2887)
    """
    a, b = as_vector(log_p, "log_p"), as_vector(log_q, "log_q")
    same_length(a, b, "log_p", "log_q")
    n = a.shape[0]
    if n < 2:
        msg = f"`log_p` must hold at least 2 samples for a standard error; got {n}"
        raise ValueError(msg)
    ratio = a - b
    return float(np.mean(ratio)), float(np.std(ratio, ddof=1) / math.sqrt(n))


def fit_gaussian_kl(
    x: ArrayLike, density: ArrayLike, direction: str = "forward"
) -> tuple[float, float]:
    r"""The normal distribution closest to a target density in forward or reverse KL, on a grid.

    Parameters
    ----------
    x : array_like, shape (n,)
        An evenly spaced, increasing grid, :math:`n \ge 3`, wide enough to hold
        the target's mass.
    density : array_like, shape (n,)
        The target density :math:`p` at ``x`` (non-negative, not all zero; it
        is normalised on the grid).
    direction : {"forward", "reverse"}
        ``"forward"`` minimises :math:`\mathrm{KL}(p \,\|\, q)` over normals
        :math:`q`; ``"reverse"`` minimises :math:`\mathrm{KL}(q \,\|\, p)`.

    Returns
    -------
    mu, sigma : float
        Mean and standard deviation of the best normal.

    Raises
    ------
    ValueError
        If ``x`` is not an evenly spaced increasing grid of at least 3 points,
        ``density`` has the wrong length, a negative entry or no mass (or a
        zero, for the reverse fit), or ``direction`` is not ``"forward"`` or
        ``"reverse"``.
    TypeError
        If ``x`` or ``density`` is not numeric or ``direction`` is not a string.

    Notes
    -----
    The forward fit has a closed form: :math:`\mathrm{KL}(p \,\|\, q) =
    -H(p) - \mathbb E_p[\log q]`, and the normal maximising
    :math:`\mathbb E_p[\log q]` matches the mean and variance of :math:`p`
    ("mean-seeking", moment matching). The reverse fit has none. With both
    densities discretised on the grid, it is found by exhaustive search: every
    grid point as :math:`\mu` and 80 geometrically spaced :math:`\sigma` from
    two grid steps to half the grid width (neighbours about 6 % apart for 400
    points), then a 21 × 21 search ten times finer around the winner. The
    reverse KL is large wherever :math:`q` puts mass where :math:`p` is
    small, so the reverse fit settles on one mode ("mode-seeking"); it is
    infinite where :math:`p = 0`, so the reverse fit needs :math:`p > 0` on
    the whole grid.

    Examples
    --------
    >>> x = np.linspace(-6.0, 6.0, 241)
    >>> p = np.exp(-0.5 * (x - 1.0) ** 2)  # N(1, 1), unnormalised
    >>> mu, sigma = fit_gaussian_kl(x, p, "forward")
    >>> round(mu, 4), round(sigma, 4)
    (1.0, 1.0)
    """
    grid = as_vector(x, "x")
    p = as_vector(density, "density")
    same_length(grid, p, "x", "density")
    given: object = direction  # checked at run time: callers may pass anything
    if not isinstance(given, str):
        msg = f'`direction` must be the string "forward" or "reverse"; got {type(given).__name__}'
        raise TypeError(msg)
    if direction not in ("forward", "reverse"):
        msg = f'`direction` must be "forward" or "reverse"; got {direction!r}'
        raise ValueError(msg)
    n = grid.shape[0]
    if n < 3:
        msg = f"`x` must be a grid of at least 3 points; got {n}"
        raise ValueError(msg)
    step = np.diff(grid)
    if not (step[0] > 0.0 and np.allclose(step, step[0], rtol=1e-9, atol=0.0)):
        msg = "`x` must be evenly spaced and increasing"
        raise ValueError(msg)
    if np.any(p < 0.0) or not np.any(p > 0.0):
        msg = "`density` must be non-negative with some positive entry"
        raise ValueError(msg)
    w = p / p.sum()  # the target as a probability vector on the grid
    if direction == "forward":
        mu = float(np.sum(w * grid))
        return mu, math.sqrt(float(np.sum(w * (grid - mu) ** 2)))
    if np.any(p == 0.0):
        msg = (
            "`density` must be positive on the whole grid for the reverse fit: a normal "
            "is positive everywhere, so KL(q || p) is infinite wherever p = 0"
        )
        raise ValueError(msg)
    log_w = np.log(w)
    dx, width = float(step[0]), float(grid[-1] - grid[0])
    # stage 1: every grid point as the mean, 80 standard deviations (neighbour ratio ~1.06)
    sigmas = np.geomspace(2.0 * dx, width / 2.0, 80)
    mu, sigma = _best_reverse_fit(grid, log_w, grid, sigmas)
    # stage 2: a 21 x 21 grid around the winner, ten times finer in both directions
    ratio = float(sigmas[1] / sigmas[0])
    fine_mus = np.linspace(mu - dx, mu + dx, 21)
    fine_sigmas = np.geomspace(sigma / ratio, sigma * ratio, 21)
    return _best_reverse_fit(grid, log_w, fine_mus, fine_sigmas)


def _best_reverse_fit(
    grid: FloatArray, log_w: FloatArray, mus: FloatArray, sigmas: FloatArray
) -> tuple[float, float]:
    r"""The ``(mu, sigma)`` among the candidates minimising the discretised KL(q || p)."""
    best = (math.inf, float(mus[0]), float(sigmas[0]))
    for sigma in sigmas:
        # (len(mus), n): row i is the normal with mean mus[i], discretised on the grid
        log_q = -0.5 * ((grid[None, :] - mus[:, None]) / sigma) ** 2
        q = np.exp(log_q)  # underflow to 0 in the far tails is the correct rounding
        total = q.sum(axis=1, keepdims=True)  # > 0: each mean lies within a grid step of a point
        q /= total
        log_q -= np.log(total)
        kl = np.sum(q * log_q, axis=1) - q @ log_w  # sum_x q (log q - log p)
        i = int(np.argmin(kl))
        if kl[i] < best[0]:
            best = (float(kl[i]), float(mus[i]), float(sigma))
    return best[1], best[2]


# ---------------------------------------------------------------------------
# Logits: the losses of classifiers and language models
# ---------------------------------------------------------------------------


def _log_softmax(z: FloatArray, axis: int, name: str) -> FloatArray:
    m = z.max(axis=axis, keepdims=True)  # subtract the max so exp cannot overflow
    with np.errstate(over="ignore"):
        shifted = z - m
    if not np.all(np.isfinite(shifted)):
        # logits beyond +-8.9e307 whose differences overflow: no float64 answer
        msg = (
            f"`{name}` must have logit differences within the float64 range; "
            f"got logits from {z.min():.3g} to {z.max():.3g}"
        )
        raise ValueError(msg)
    out: FloatArray = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return out


def log_softmax(z: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Logarithm of the softmax, computed stably with log-sum-exp.

    Parameters
    ----------
    z : array_like
        Finite logits, at least 1-D.
    axis : int, optional
        The class axis (default: the last).

    Returns
    -------
    ndarray
        Same shape as ``z``: log-probabilities, finite and :math:`\le 0`,
        whose exponentials sum to 1 along ``axis``.

    Raises
    ------
    ValueError
        If ``z`` is empty, 0-d or not finite, or ``axis`` is out of range.
    TypeError
        If ``z`` is not numeric or ``axis`` is not an integer.

    Notes
    -----
    .. math::

        \log \operatorname{softmax}(z)_i = z_i - \log\sum_j e^{z_j}
            = (z_i - m) - \log \sum_j e^{z_j - m}, \qquad m = \max_j z_j .

    After the shift every exponent is :math:`\le 0` and the largest is 0, so
    the sum lies in :math:`[1, K]`: nothing overflows, and the log of a tiny
    probability is a large negative number instead of :math:`\log 0 = -\infty`.
    Taking ``np.log(softmax(z))`` instead underflows for logit gaps beyond
    about 745.

    Examples
    --------
    >>> log_softmax([0.0, 0.0]).tolist() == [-math.log(2.0)] * 2
    True
    >>> log_softmax([1000.0, 0.0]).tolist()
    [0.0, -1000.0]
    """
    x = as_float_array(z, "z")
    if x.ndim == 0:
        msg = "`z` must be at least 1-D (a vector of logits); got a scalar"
        raise ValueError(msg)
    return _log_softmax(x, _axis(axis, x.ndim), "z")


def cross_entropy_from_logits(
    logits: ArrayLike, target: ArrayLike, *, label_smoothing: float = 0.0
) -> float:
    r"""Mean cross-entropy of ``softmax(logits)`` against class indices or probabilities, in nats.

    Parameters
    ----------
    logits : array_like, shape (C,) or (N, C)
        Finite scores of one example or of a batch of ``N``.
    target : int, array_like of int, or array_like of float
        Either class indices, shape ``()`` or ``(N,)``, each in ``[0, C)``; or
        target probabilities with the shape of ``logits`` (rows non-negative,
        summing to 1), as in knowledge distillation.
    label_smoothing : float, optional
        :math:`\varepsilon \in [0, 1]`: the target is mixed with the uniform
        distribution, :math:`(1 - \varepsilon)\, t + \varepsilon / C`, as in
        ``torch.nn.functional.cross_entropy``.

    Returns
    -------
    float
        :math:`-\frac1N \sum_n \sum_c t_{nc} \log \operatorname{softmax}(z_n)_c`,
        what ``torch.nn.functional.cross_entropy`` returns with its default mean.

    Raises
    ------
    ValueError
        If ``logits`` is not a finite 1-D or 2-D array; ``target`` has neither
        shape, holds a non-integer or out-of-range index, or rows that are not
        probability vectors; or ``label_smoothing`` is outside :math:`[0, 1]`.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    .. math::

        \ell(z, t) = -\sum_c t_c \log\operatorname{softmax}(z)_c
                   = H(t, \operatorname{softmax}(z)) ,

    computed from :func:`log_softmax` (log-sum-exp), so extreme logits give
    a finite, accurate loss. For a class index :math:`y` it is
    :math:`\log\sum_j e^{z_j} - z_y`, the negative log-likelihood of the label.

    Examples
    --------
    >>> cross_entropy_from_logits([0.0, 0.0], 1) == math.log(2.0)
    True
    >>> cross_entropy_from_logits([[0.0, 1000.0]], [0])
    1000.0
    """
    z = as_float_array(logits, "logits")
    if z.ndim not in (1, 2):
        msg = f"`logits` must be 1-D (C,) or 2-D (N, C); got shape {z.shape}"
        raise ValueError(msg)
    eps = real_number(label_smoothing, "label_smoothing")
    if not 0.0 <= eps <= 1.0:
        msg = f"`label_smoothing` must lie in [0, 1]; got {eps!r}"
        raise ValueError(msg)
    if isinstance(target, (bool, np.bool_)):
        msg = "`target` must be class indices or probabilities; got a boolean"
        raise TypeError(msg)
    t = as_float_array(target, "target")
    n_classes = z.shape[-1]
    if t.shape == z.shape[:-1]:  # class indices
        if not np.all(t == np.round(t)) or t.min() < 0 or t.max() >= n_classes:
            msg = (
                f"`target` must hold integer class indices in [0, {n_classes}) for the "
                f"{n_classes} classes of `logits`; got entries in [{t.min():g}, {t.max():g}]"
            )
            raise ValueError(msg)
        probs = (t[..., None] == np.arange(n_classes)).astype(np.float64)  # one-hot
    elif t.shape == z.shape:  # probabilities, one row per example
        rows = t.reshape(-1, n_classes)
        if np.any(rows < 0.0) or np.any(np.abs(rows.sum(axis=1) - 1.0) > SUM_TOL):
            msg = (
                "`target` given with the shape of `logits` must hold probability rows "
                f"(non-negative, each summing to 1 within {SUM_TOL:g})"
            )
            raise ValueError(msg)
        probs = t
    else:
        msg = (
            f"`target` must have shape {z.shape[:-1]} (class indices) or {z.shape} "
            f"(probabilities) to match `logits` of shape {z.shape}; got shape {t.shape}"
        )
        raise ValueError(msg)
    probs = (1.0 - eps) * probs + eps / n_classes
    losses = -np.sum(probs * _log_softmax(z, -1, "logits"), axis=-1)  # (N,) or ()
    return _nonnegative(np.mean(losses))


def perplexity(log_probs: ArrayLike) -> float:
    r"""Perplexity of a model on a text: :math:`\exp` of the mean negative log-likelihood per token.

    Parameters
    ----------
    log_probs : array_like
        Natural-log probabilities :math:`\log q(x_t \mid x_{<t}) \le 0` that
        the model gave to each observed token (any shape; all are averaged).

    Returns
    -------
    float
        :math:`\mathrm{PPL} \ge 1`. A model that spreads its probability
        uniformly over :math:`K` tokens has perplexity :math:`K`.

    Raises
    ------
    ValueError
        If ``log_probs`` is empty, not finite (a token of probability 0 gives
        infinite perplexity), or has a positive entry.
    TypeError
        If ``log_probs`` is not numeric.

    Notes
    -----
    .. math::

        \mathrm{PPL} = \exp\Bigl(-\frac1T \sum_{t=1}^T \log q(x_t \mid x_{<t})\Bigr)
                     = e^{\text{cross-entropy in nats}} = 2^{\text{bits per token}} .

    Examples
    --------
    >>> perplexity([math.log(0.25)] * 3)
    4.0
    """
    lp = as_float_array(log_probs, "log_probs")
    if np.any(lp > 0.0):
        msg = f"`log_probs` must be log-probabilities (<= 0); got a maximum of {lp.max():.3g}"
        raise ValueError(msg)
    mean_nll = -float(np.mean(lp))
    if mean_nll > math.log(np.finfo(np.float64).max):
        msg = (
            f"`log_probs` average {-mean_nll:.4g} nats per token: the perplexity "
            f"exp({mean_nll:.4g}) overflows float64 (report the loss in nats instead)"
        )
        raise ValueError(msg)
    return math.exp(mean_nll)


# ---------------------------------------------------------------------------
# Estimates from samples
# ---------------------------------------------------------------------------


def empirical_joint(x: ArrayLike, y: ArrayLike) -> FloatArray:
    r"""Joint probability table of two discrete samples: relative frequencies of each pair.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Paired observations of two discrete variables (labels, bins), numbers.

    Returns
    -------
    ndarray, shape (m, k)
        ``table[i, j]`` is the fraction of pairs with ``x`` equal to the
        ``i``-th smallest distinct value of ``x`` and ``y`` the ``j``-th
        smallest of ``y`` (the order of ``np.unique``). It sums to 1.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is empty, not finite or not 1-D, or their lengths differ.
    TypeError
        If ``x`` or ``y`` is not numeric.

    Examples
    --------
    >>> empirical_joint([0, 0, 1, 1], [0, 1, 1, 1]).tolist()
    [[0.25, 0.25], [0.0, 0.5]]
    """
    a, b = as_vector(x, "x"), as_vector(y, "y")
    same_length(a, b, "x", "y")
    _, i = np.unique(a, return_inverse=True)
    _, j = np.unique(b, return_inverse=True)
    counts = np.zeros((int(i.max()) + 1, int(j.max()) + 1))
    np.add.at(counts, (i, j), 1.0)
    table: FloatArray = counts / a.shape[0]
    return table


def plugin_mutual_information(x: ArrayLike, y: ArrayLike, base: float = 2) -> float:
    r"""Plug-in estimate of :math:`I(X; Y)` from paired discrete samples.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Paired observations of two discrete variables.
    base : float, optional
        2 (default) for bits, ``math.e`` for nats.

    Returns
    -------
    float
        :func:`mutual_information` of :func:`empirical_joint`.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is empty, not finite or not 1-D, their lengths
        differ, or ``base`` is invalid.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    The estimate replaces :math:`p(x, y)` by relative frequencies. It is
    biased upwards: for independent variables with :math:`m` and :math:`k`
    values its expectation is about :math:`(m - 1)(k - 1) / (2 n \ln 2)` bits
    (Miller–Madow), so small samples show information that is not there.
    In nats it equals ``sklearn.metrics.mutual_info_score(x, y)``.

    Examples
    --------
    >>> plugin_mutual_information([0, 0, 1, 1], [0, 0, 1, 1])
    1.0
    >>> plugin_mutual_information([0, 1, 0, 1], [0, 0, 1, 1])
    0.0
    """
    log_b = _log_base(base)
    return mutual_information(empirical_joint(x, y), base=math.e) / log_b
