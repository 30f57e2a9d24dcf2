"""Tests for aimath.information (chapter 14): reference values, identities, scipy/torch, errors.

Tolerances. The discrete measures are sums of at most ``MAX_K**2 = 36`` terms
``p log p`` (or ``p log q``), each term rounded to a few units of
eps = 2.2e-16 of its own size. With probabilities bounded below by ``1e-6``
(see :func:`distributions`) no logarithm exceeds ``log(1e6) ~ 14``, so every
sum is known to ``36 * 14 * few eps ~ 1e-13`` absolutely. Identities between
such sums (``H(P,Q) = H(P) + KL``, the chain rule, ``I = H(X) - H(X|Y)``) are
checked with ``ABS = 1e-12``: ten times that bound, and still ten orders of
magnitude below any real mistake (a wrong formula is off by O(0.1) bits).
SciPy and torch (float64) evaluate the same sums in another order, so they are
compared with the same ``ABS`` plus ``rtol=1e-12``. Logit computations subtract
the maximum logit first; for logits of size ``s`` the log-softmax is exact to
about ``s * eps``, so extreme logits (up to 1e6) are compared with
``rtol=1e-12`` and ``atol = 1e-12 * max|z|``.

Monte Carlo checks use fixed seeds and accept ``Z = 5`` standard errors: with
the seed fixed the outcome is deterministic, and a fresh seed would fail with
probability about 6e-7.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.spatial.distance as ssd
import scipy.stats as ss
import sklearn.metrics
import torch
import torch.nn.functional as F  # noqa: N812  (torch's own convention)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose
from numpy.typing import NDArray
from strategies import FAST

from aimath._validation import SUM_TOL
from aimath.information import (
    conditional_entropy,
    cross_entropy,
    cross_entropy_from_logits,
    empirical_joint,
    entropy,
    fit_gaussian_kl,
    gaussian_kl,
    joint_entropy,
    js_divergence,
    kl_divergence,
    log_softmax,
    monte_carlo_kl,
    mutual_information,
    mvn_kl,
    perplexity,
    plugin_mutual_information,
    surprisal,
)
from aimath.plotting.information import (
    plot_binary_entropy,
    plot_information_bars,
    plot_kl_asymmetry,
    plot_kl_fits,
    plot_temperature_entropy,
)

#: Absolute tolerance of identities between information measures (module docstring).
ABS = 1e-12
#: Relative tolerance against scipy / torch float64.
REL = 1e-12
#: Standard errors accepted by the Monte Carlo checks.
Z = 5.0
#: Largest number of outcomes the strategies generate.
MAX_K = 6
LN2 = math.log(2.0)

FloatArr = NDArray[np.float64]


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

_weights = st.one_of(st.just(0.0), st.floats(1e-3, 1.0))


@st.composite
def distributions(draw: st.DrawFn, k: int | None = None, positive: bool = False) -> FloatArr:
    """A probability vector of length ``k`` (or 1..MAX_K): weights in [1e-3, 1] or 0, normalised.

    Non-zero entries are at least 1e-3 / MAX_K > 1e-6 after normalisation.
    """
    n = draw(st.integers(1, MAX_K)) if k is None else k
    w = draw(hnp.arrays(np.float64, n, elements=st.floats(1e-3, 1.0) if positive else _weights))
    assume(bool(w.sum() > 0.0))
    out: FloatArr = w / w.sum()
    return out


@st.composite
def distribution_pairs(draw: st.DrawFn, q_positive: bool = True) -> tuple[FloatArr, FloatArr]:
    """``(p, q)`` on the same support; ``q`` positive everywhere unless asked otherwise."""
    k = draw(st.integers(1, MAX_K))
    return draw(distributions(k)), draw(distributions(k, positive=q_positive))


@st.composite
def joint_tables(draw: st.DrawFn) -> FloatArr:
    """A joint probability table of shape (m, n), 1 <= m, n <= MAX_K."""
    m, n = draw(st.integers(1, MAX_K)), draw(st.integers(1, MAX_K))
    flat = draw(distributions(m * n))
    table: FloatArr = flat.reshape(m, n)
    return table


def logit_vectors(scale: float = 1e6) -> st.SearchStrategy[FloatArr]:
    """Logits of length 2..MAX_K with entries in [-scale, scale] (extreme gaps included)."""
    return st.integers(2, MAX_K).flatmap(
        lambda k: hnp.arrays(
            np.float64, k, elements=st.floats(-scale, scale, allow_subnormal=False)
        )
    )


# ---------------------------------------------------------------------------
# 1. Reference values (provenance in the comments)
# ---------------------------------------------------------------------------


def test_surprisal_reference_values() -> None:
    # definition: -log2(1/2) = 1, -log2(1/8) = 3, -ln(1/e) = 1; a sure event carries nothing
    assert surprisal(0.5) == 1.0
    assert surprisal(0.125) == 3.0
    assert surprisal(math.exp(-1.0), base=math.e) == pytest.approx(1.0, rel=1e-15)
    assert surprisal(1.0) == 0.0
    assert math.copysign(1.0, surprisal(1.0)) == 1.0  # +0.0, not -0.0
    assert isinstance(surprisal(0.5), float)
    # independent events: surprisals add, I(pq) = I(p) + I(q)
    assert surprisal(0.3 * 0.2) == pytest.approx(surprisal(0.3) + surprisal(0.2), rel=1e-14)


def test_entropy_book_examples() -> None:
    # closed forms: fair coin 1 bit = ln 2 nats; uniform over 4: 2 bits
    assert entropy([0.5, 0.5]) == 1.0
    assert entropy([0.5, 0.5], base=math.e) == pytest.approx(LN2, rel=1e-15)
    assert entropy([0.25] * 4) == 2.0
    # hand formula: -(0.9 log2 0.9 + 0.1 log2 0.1) = 0.4689955935892812 (also scipy below)
    h_coin = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
    assert entropy([0.9, 0.1]) == pytest.approx(h_coin, rel=1e-14)
    assert h_coin == pytest.approx(0.4689955935892812, rel=1e-15)
    # hand formula for the confident classifier's distribution
    h_conf = -(0.97 * math.log2(0.97) + 3 * 0.01 * math.log2(0.01))
    assert entropy([0.97, 0.01, 0.01, 0.01]) == pytest.approx(h_conf, rel=1e-14)
    # a point mass has zero entropy (0 log 0 = 0), returned as +0.0
    assert entropy([0.0, 1.0, 0.0]) == 0.0
    assert math.copysign(1.0, entropy([1.0])) == 1.0


def test_entropy_of_uniform_is_log_k() -> None:
    # closed form: H(uniform over K) = log2 K, the maximum over K outcomes
    for k in range(1, 40):
        assert entropy(np.full(k, 1.0 / k)) == pytest.approx(math.log2(k), abs=ABS)


def test_joint_table_worked_example() -> None:
    # the chapter's table: P(X=0,Y=0)=1/2, P(0,1)=1/4, P(1,0)=0, P(1,1)=1/4
    P = [[0.5, 0.25], [0.0, 0.25]]
    # hand computation: H(X,Y) = 1/2*1 + 2*(1/4)*2 = 1.5 bits
    assert joint_entropy(P) == 1.5
    # H(X) = H(3/4, 1/4); H(Y|X) = 3/4 * H(2/3, 1/3) + 1/4 * 0
    h_x = -(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))
    h_third = -(2 / 3 * math.log2(2 / 3) + 1 / 3 * math.log2(1 / 3))
    assert conditional_entropy(P) == pytest.approx(0.75 * h_third, rel=1e-14)
    assert joint_entropy(P) == pytest.approx(h_x + 0.75 * h_third, rel=1e-14)
    # I = H(Y) - H(Y|X) with H(Y) = H(1/2, 1/2) = 1
    assert mutual_information(P) == pytest.approx(1.0 - 0.75 * h_third, rel=1e-13)


def test_mutual_information_extremes() -> None:
    # Y = X uniform over 4: I = H(X) = 2 bits; independent: I = 0
    assert mutual_information(np.eye(4) / 4) == 2.0
    assert mutual_information(np.outer([0.2, 0.8], [0.1, 0.6, 0.3])) == pytest.approx(0.0, abs=ABS)
    assert conditional_entropy(np.eye(3) / 3) == 0.0


def test_cross_entropy_cat_example() -> None:
    # one-hot target "cat" (index 1): H(P, Q) = -log Q_cat
    target = [0.0, 1.0, 0.0, 0.0, 0.0]
    good, bad = [0.05, 0.85, 0.03, 0.02, 0.05], [0.3, 0.1, 0.2, 0.2, 0.2]
    assert cross_entropy(target, good, base=math.e) == pytest.approx(-math.log(0.85), rel=1e-14)
    assert cross_entropy(target, bad, base=math.e) == pytest.approx(-math.log(0.1), rel=1e-14)
    assert cross_entropy(target, bad) == pytest.approx(-math.log2(0.1), rel=1e-14)


def test_kl_book_example_and_asymmetry() -> None:
    # hand formula: sum p log(p/q) for P=[.4,.3,.2,.1], Q=[.35,.35,.15,.15]
    P, Q = [0.4, 0.3, 0.2, 0.1], [0.35, 0.35, 0.15, 0.15]
    forward = math.fsum(p * math.log(p / q) for p, q in zip(P, Q, strict=True))
    reverse = math.fsum(q * math.log(q / p) for p, q in zip(P, Q, strict=True))
    assert kl_divergence(P, Q, base=math.e) == pytest.approx(forward, rel=1e-13)
    assert kl_divergence(Q, P, base=math.e) == pytest.approx(reverse, rel=1e-13)
    assert abs(forward - reverse) > 1e-4  # asymmetric
    # one bit between a point mass and a fair coin (closed form log2(1/0.5))
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == 1.0
    assert kl_divergence(P, P) == 0.0


def test_js_reference_values() -> None:
    # disjoint supports: the bound log 2 exactly (1 bit); identical: 0
    assert js_divergence([1.0, 0.0], [0.0, 1.0]) == 1.0
    assert js_divergence([0.5, 0.5, 0.0], [0.0, 0.0, 1.0], base=math.e) == pytest.approx(
        LN2, rel=1e-15
    )
    assert js_divergence([0.2, 0.8], [0.2, 0.8]) == 0.0
    # hand formula with M = (0.75, 0.25) for P = (1, 0), Q = (0.5, 0.5)
    m = [0.75, 0.25]
    expected = 0.5 * math.log2(1 / m[0]) + 0.5 * (
        0.5 * math.log2(0.5 / m[0]) + 0.5 * math.log2(0.5 / m[1])
    )
    assert js_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(expected, rel=1e-14)


def test_js_survives_subnormal_probabilities() -> None:
    # m = (p + q) / 2 would round 5e-324 / 2 to 0 and give log 0; log space keeps it
    tiny = 5e-324
    value = js_divergence([1.0 - tiny, tiny], [1.0, 0.0])
    assert math.isfinite(value)
    assert value == pytest.approx(0.0, abs=1e-300)


def test_gaussian_kl_closed_form() -> None:
    # KL(N(0,1) || N(1,4)) = log 2 + (1 + 1)/8 - 1/2 = log 2 - 1/4 (closed form by hand)
    assert gaussian_kl(0.0, 1.0, 1.0, 2.0) == pytest.approx(LN2 - 0.25, rel=1e-15)
    # VAE term: KL(N(mu, s^2) || N(0, 1)) = (mu^2 + s^2 - 1 - log s^2) / 2
    mu, s = 0.7, 0.4
    vae = 0.5 * (mu**2 + s**2 - 1.0 - math.log(s**2))
    assert gaussian_kl(mu, s, 0.0, 1.0) == pytest.approx(vae, rel=1e-14)
    assert gaussian_kl(3.0, 2.0, 3.0, 2.0) == 0.0


def test_gaussian_kl_near_equal_scales_keeps_accuracy() -> None:
    # sigma0/sigma1 = 1 + d: KL = (e^{2t} - 1 - 2t)/2 with t = log(1 + d) ~ d^2 (series)
    d = 1e-7
    t = math.log1p(d)
    expected = t**2 + (2.0 / 3.0) * t**3  # Taylor series of (e^{2t} - 1 - 2t)/2
    assert gaussian_kl(0.0, 1.0 + d, 0.0, 1.0) == pytest.approx(expected, rel=1e-6)


def test_mvn_kl_reference_and_torch() -> None:
    mean0, cov0 = (
        np.array([0.5, -1.0, 2.0]),
        np.array([[2.0, 0.3, 0.1], [0.3, 1.0, 0.2], [0.1, 0.2, 0.5]]),
    )
    mean1, cov1 = (
        np.array([0.0, 0.0, 1.0]),
        np.array([[1.0, -0.2, 0.0], [-0.2, 1.5, 0.3], [0.0, 0.3, 2.0]]),
    )
    # closed form with explicit inverses and determinants (fine for a 3x3 well-conditioned case)
    S1_inv = np.linalg.inv(cov1)
    d = mean1 - mean0
    expected = 0.5 * (
        np.trace(S1_inv @ cov0)
        + d @ S1_inv @ d
        - 3
        + math.log(np.linalg.det(cov1) / np.linalg.det(cov0))
    )
    assert mvn_kl(mean0, cov0, mean1, cov1) == pytest.approx(expected, rel=1e-12)
    P = torch.distributions.MultivariateNormal(torch.tensor(mean0), torch.tensor(cov0))
    Q = torch.distributions.MultivariateNormal(torch.tensor(mean1), torch.tensor(cov1))
    assert mvn_kl(mean0, cov0, mean1, cov1) == pytest.approx(
        float(torch.distributions.kl_divergence(P, Q)), rel=1e-12
    )
    # 1-D case reduces to gaussian_kl
    assert mvn_kl([1.0], [[4.0]], [0.0], [[1.0]]) == pytest.approx(
        gaussian_kl(1.0, 2.0, 0.0, 1.0), rel=1e-14
    )


def test_gaussian_kl_against_monte_carlo() -> None:
    # closed form vs sample mean of log p(x) - log q(x), x ~ P, within Z standard errors
    mu0, s0, mu1, s1 = 1.0, 0.5, 0.0, 1.0
    x = mu0 + s0 * rng(14).standard_normal(200_000)
    log_p = -0.5 * ((x - mu0) / s0) ** 2 - math.log(s0)  # the common -log sqrt(2 pi) cancels
    log_q = -0.5 * ((x - mu1) / s1) ** 2 - math.log(s1)
    est, se = monte_carlo_kl(log_p, log_q)
    exact = gaussian_kl(mu0, s0, mu1, s1)
    assert abs(est - exact) < Z * se
    # the standard error is that of a mean: sd / sqrt(n), sd from the log-ratios
    ratio = log_p - log_q
    assert se == pytest.approx(np.std(ratio, ddof=1) / math.sqrt(x.size), rel=1e-12)


def test_perplexity_reference_values() -> None:
    # a model uniform over K tokens has perplexity K; PPL = 2^(bits per token)
    for k in (2, 5, 50_000):
        assert perplexity(np.full(7, -math.log(k))) == pytest.approx(k, rel=1e-12)
    lp = np.log([0.5, 0.25, 0.125])
    bits = -np.mean(lp) / LN2  # = 2 bits per token
    assert perplexity(lp) == pytest.approx(2.0**bits, rel=1e-14)
    assert perplexity([[0.0, 0.0]]) == 1.0  # any shape; a sure model has PPL 1


def test_empirical_joint_counts_pairs() -> None:
    # hand count: pairs (0,0) once, (0,1) once, (1,1) twice out of 4
    table = empirical_joint([0, 0, 1, 1], [0, 1, 1, 1])
    assert table.tolist() == [[0.25, 0.25], [0.0, 0.5]]
    # rows and columns follow np.unique's order of the distinct values
    table = empirical_joint([5.0, -1.0, 5.0], [2, 2, 7])
    assert table.tolist() == [[1 / 3, 0.0], [1 / 3, 1 / 3]]


def test_plugin_mi_matches_sklearn() -> None:
    # sklearn.metrics.mutual_info_score is the same plug-in estimator, in nats
    g = rng(3)
    x = g.integers(0, 4, 500)
    y = (x + g.integers(0, 3, 500)) % 5
    ours = plugin_mutual_information(x, y, base=math.e)
    assert ours == pytest.approx(sklearn.metrics.mutual_info_score(x, y), rel=1e-12)
    assert plugin_mutual_information(x, y) == pytest.approx(ours / LN2, rel=1e-14)


def test_plugin_mi_is_biased_upwards_for_independent_samples() -> None:
    # Miller-Madow: E[I_hat] ~ (m-1)(k-1) / (2 n ln 2) bits for independent variables
    g = rng(8)
    n, m, k, reps = 200, 4, 5, 200
    estimates = [
        plugin_mutual_information(g.integers(0, m, n), g.integers(0, k, n)) for _ in range(reps)
    ]
    bias = (m - 1) * (k - 1) / (2 * n * LN2)
    se = float(np.std(estimates, ddof=1)) / math.sqrt(reps)
    assert min(estimates) > 0.0  # true MI is 0, every estimate exceeds it
    # first-order formula: agreement within Z standard errors plus 15 % for the
    # neglected higher-order terms at this small n
    assert abs(float(np.mean(estimates)) - bias) < Z * se + 0.15 * bias


def test_fit_gaussian_kl_forward_is_moment_matching() -> None:
    # closed form: mixture mean sum w_i m_i, variance sum w_i (s_i^2 + m_i^2) - mean^2
    x = np.linspace(-12.0, 12.0, 2401)
    w, m, s = [0.3, 0.7], [-2.0, 2.5], [0.8, 1.0]
    p = sum(wi * ss.norm.pdf(x, mi, si) for wi, mi, si in zip(w, m, s, strict=True))
    mean = sum(wi * mi for wi, mi in zip(w, m, strict=True))
    var = sum(wi * (si**2 + mi**2) for wi, mi, si in zip(w, m, s, strict=True)) - mean**2
    mu_f, sigma_f = fit_gaussian_kl(x, p, "forward")
    # Riemann sum of smooth densities 9 sd inside the grid: error far below 1e-8
    assert mu_f == pytest.approx(mean, abs=1e-8)
    assert sigma_f == pytest.approx(math.sqrt(var), rel=1e-8)


def test_fit_gaussian_kl_reverse_recovers_a_normal_and_seeks_a_mode() -> None:
    x = np.linspace(-8.0, 8.0, 401)
    # a normal target: the reverse fit is the target itself, within the search resolution
    # (mean steps of dx/10 = 0.004, sigma steps of ~0.6 %)
    mu, sigma = fit_gaussian_kl(x, ss.norm.pdf(x, 1.0, 1.3), "reverse")
    assert mu == pytest.approx(1.0, abs=0.01)
    assert sigma == pytest.approx(1.3, rel=0.01)
    # a bimodal target: the reverse fit sits on the heavier mode, the forward fit between
    p = 0.3 * ss.norm.pdf(x, -2.5, 0.8) + 0.7 * ss.norm.pdf(x, 2.5, 1.0)
    mu_r, sigma_r = fit_gaussian_kl(x, p, "reverse")
    mu_f, sigma_f = fit_gaussian_kl(x, p, "forward")
    assert abs(mu_r - 2.5) < 0.2
    assert abs(sigma_r - 1.0) < 0.2
    assert sigma_f > 2.0 * sigma_r

    # each fit wins in its own direction (discretised KL on the grid)
    def q(mu_: float, s_: float) -> FloatArr:
        out: FloatArr = ss.norm.pdf(x, mu_, s_)
        normalised: FloatArr = out / out.sum()
        return normalised

    w = p / p.sum()
    fwd, rev = q(mu_f, sigma_f), q(mu_r, sigma_r)
    assert kl_divergence(w, fwd) < kl_divergence(w, rev)
    assert kl_divergence(rev, w) < kl_divergence(fwd, w)


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------


@FAST
@given(distributions())
def test_entropy_bounds(p: FloatArr) -> None:
    # 0 <= H(P) <= log2 K, with rounding slack ABS
    h = entropy(p)
    assert 0.0 <= h <= math.log2(p.size) + ABS


@FAST
@given(distribution_pairs())
def test_cross_entropy_is_entropy_plus_kl(pq: tuple[FloatArr, FloatArr]) -> None:
    p, q = pq
    for base in (2.0, math.e, 10.0):
        assert cross_entropy(p, q, base) == pytest.approx(
            entropy(p, base) + kl_divergence(p, q, base), abs=ABS, rel=REL
        )
    assert cross_entropy(p, q) >= entropy(p) - ABS  # Gibbs: H(P, Q) >= H(P)


@FAST
@given(distribution_pairs())
def test_kl_nonnegative_zero_iff_equal_pinsker(pq: tuple[FloatArr, FloatArr]) -> None:
    p, q = pq
    kl = kl_divergence(p, q, base=math.e)
    assert kl >= 0.0
    assert kl_divergence(q, q) == 0.0  # exactly: every log-ratio is log 1 = 0
    # Pinsker: KL >= 2 TV^2 in nats and max_i |p_i - q_i| <= TV, so P != Q forces KL > 0;
    # the slack covers the ~1e-13 absolute rounding of the sum
    gap = float(np.max(np.abs(p - q)))
    assert kl >= 2.0 * gap**2 - ABS
    if gap > 1e-5:
        assert kl > 0.0


@FAST
@given(joint_tables())
def test_mutual_information_identities(P: FloatArr) -> None:
    h_x, h_y = entropy(P.sum(axis=1)), entropy(P.sum(axis=0))
    h_xy = joint_entropy(P)
    h_y_given_x, h_x_given_y = conditional_entropy(P), conditional_entropy(P.T)
    mi = mutual_information(P)
    assert mi >= 0.0
    assert mi == pytest.approx(h_x - h_x_given_y, abs=ABS)  # I = H(X) - H(X|Y)
    assert mi == pytest.approx(h_y - h_y_given_x, abs=ABS)  # symmetric
    assert mi == pytest.approx(h_x + h_y - h_xy, abs=ABS)
    assert h_xy == pytest.approx(h_x + h_y_given_x, abs=ABS)  # chain rule
    assert h_y_given_x <= h_y + ABS  # conditioning reduces entropy
    # I(X;Y) = KL(P_XY || P_X P_Y), where the product is positive wherever P_XY is
    indep = np.outer(P.sum(axis=1), P.sum(axis=0)).ravel()
    if np.all(indep > 0):
        assert mi == pytest.approx(kl_divergence(P.ravel(), indep), abs=ABS)


@FAST
@given(distributions(), distributions())
def test_independent_tables_have_zero_mi(a: FloatArr, b: FloatArr) -> None:
    P = np.outer(a, b)
    P /= P.sum()
    assert mutual_information(P) == pytest.approx(0.0, abs=ABS)
    assert joint_entropy(P) == pytest.approx(entropy(a) + entropy(b), abs=ABS)


@FAST
@given(distribution_pairs(q_positive=False))
def test_js_symmetric_and_bounded(pq: tuple[FloatArr, FloatArr]) -> None:
    p, q = pq
    js = js_divergence(p, q)
    assert js == js_divergence(q, p)  # the formula is symmetric term by term
    assert 0.0 <= js <= 1.0  # bounded by log2(2) = 1 bit
    # scipy's jensenshannon is the square root of JS (nats by default)
    assert js_divergence(p, q, base=math.e) == pytest.approx(
        float(ssd.jensenshannon(p, q)) ** 2, abs=ABS, rel=1e-10
    )


@FAST
@given(logit_vectors(), st.floats(-1e3, 1e3))
def test_log_softmax_normalised_and_shift_invariant(z: FloatArr, c: float) -> None:
    ls = log_softmax(z)
    assert np.all(ls <= 0.0)
    assert np.all(np.isfinite(ls))
    # exp sums to 1: the largest term is exactly 1, the rest add a few ulp each
    assert math.fsum(np.exp(ls).tolist()) == pytest.approx(1.0, rel=1e-14)
    # adding a constant does not change the softmax (rounding ~ eps * |z|)
    atol = 1e-12 * max(1.0, float(np.max(np.abs(z))), abs(c))
    assert_allclose(log_softmax(z + c), ls, rtol=REL, atol=atol)


@FAST
@given(logit_vectors(scale=30.0), st.data())
def test_cross_entropy_from_logits_is_cross_entropy_of_softmax(
    z: FloatArr, data: st.DataObject
) -> None:
    # with |z| <= 30 the softmax has no zeros, so H(t, softmax(z)) is finite
    t = data.draw(distributions(z.size))
    q = np.exp(log_softmax(z))
    assert cross_entropy_from_logits(z, t) == pytest.approx(
        cross_entropy(t, q, base=math.e), abs=ABS, rel=REL
    )
    # a one-hot target gives the negative log-likelihood of its class
    y = data.draw(st.integers(0, z.size - 1))
    assert cross_entropy_from_logits(z, y) == pytest.approx(-log_softmax(z)[y], rel=REL, abs=ABS)


@FAST
@given(
    st.floats(-50, 50),
    st.floats(1e-2, 50),
    st.floats(-50, 50),
    st.floats(1e-2, 50),
)
def test_gaussian_kl_properties_and_torch(m0: float, s0: float, m1: float, s1: float) -> None:
    kl = gaussian_kl(m0, s0, m1, s1)
    assert kl >= 0.0
    assert gaussian_kl(m0, s0, m0, s0) == 0.0
    P = torch.distributions.Normal(
        torch.tensor(m0, dtype=torch.float64), torch.tensor(s0, dtype=torch.float64)
    )
    Q = torch.distributions.Normal(
        torch.tensor(m1, dtype=torch.float64), torch.tensor(s1, dtype=torch.float64)
    )
    ref = float(torch.distributions.kl_divergence(P, Q))
    # torch uses var_ratio - 1 - log(var_ratio): it cancels when s0 ~ s1, so its absolute
    # error is ~eps times the largest term (var ratio up to 2.5e7, mean term up to 5e7)
    scale = max(1.0, (s0 / s1) ** 2, ((m0 - m1) / s1) ** 2)
    assert kl == pytest.approx(ref, rel=1e-10, abs=1e-13 * scale)
    assert mvn_kl([m0], [[s0**2]], [m1], [[s1**2]]) == pytest.approx(
        kl, rel=1e-10, abs=1e-13 * scale
    )


# ---------------------------------------------------------------------------
# 3. Reference implementations: scipy and torch
# ---------------------------------------------------------------------------


@FAST
@given(distribution_pairs())
def test_entropy_and_kl_match_scipy(pq: tuple[FloatArr, FloatArr]) -> None:
    p, q = pq
    assert entropy(p) == pytest.approx(float(ss.entropy(p, base=2)), abs=ABS, rel=REL)
    assert entropy(p, math.e) == pytest.approx(float(ss.entropy(p)), abs=ABS, rel=REL)
    # scipy.stats.entropy(p, q) is the KL divergence (its "relative entropy" form)
    assert kl_divergence(p, q, math.e) == pytest.approx(float(ss.entropy(p, q)), abs=ABS, rel=REL)
    assert kl_divergence(p, q, 10) == pytest.approx(
        float(ss.entropy(p, q, base=10)), abs=ABS, rel=REL
    )


@FAST
@given(distribution_pairs())
def test_kl_matches_torch_kl_div_log_space_convention(pq: tuple[FloatArr, FloatArr]) -> None:
    p, q = pq
    # F.kl_div(input, target): input is log q (log space), target is p (probabilities);
    # it sums target * (log target - input) = p (log p - log q)
    ref = F.kl_div(torch.tensor(np.log(q)), torch.tensor(p), reduction="sum")
    assert kl_divergence(p, q, math.e) == pytest.approx(float(ref), abs=ABS, rel=REL)
    # with log_target=True the target is log p as well (torch computes exp(log p) * (log p -
    # log q), which is 0 * -inf = NaN where p = 0: compare only where p has no zeros)
    if np.all(p > 0):
        log_p = torch.log(torch.tensor(p))
        ref_log = F.kl_div(torch.tensor(np.log(q)), log_p, reduction="sum", log_target=True)
        assert kl_divergence(p, q, math.e) == pytest.approx(float(ref_log), abs=ABS, rel=REL)


def test_torch_kl_div_log_target_gives_nan_for_zero_probabilities() -> None:
    # documented trap (torch 2.13): with log_target=True a zero in p is log p = -inf, and
    # exp(-inf) * (-inf - log q) = 0 * -inf = NaN; the probability-space target handles 0 log 0
    p, q = np.array([1.0, 0.0]), np.array([0.5, 0.5])
    with np.errstate(divide="ignore"):
        log_p = torch.tensor(np.log(p))
    log_space = F.kl_div(torch.tensor(np.log(q)), log_p, reduction="sum", log_target=True)
    assert math.isnan(float(log_space))
    prob_space = F.kl_div(torch.tensor(np.log(q)), torch.tensor(p), reduction="sum")
    assert float(prob_space) == pytest.approx(kl_divergence(p, q, math.e), rel=REL)


def test_torch_kl_div_default_mean_is_not_the_kl() -> None:
    # documented trap: reduction="mean" divides by the number of elements, "batchmean"
    # by the batch size; only "batchmean" (or "sum" for one row) is the KL divergence
    p, q = np.array([[0.4, 0.3, 0.2, 0.1]]), np.array([[0.35, 0.35, 0.15, 0.15]])
    kl = kl_divergence(p[0], q[0], math.e)
    inp, tgt = torch.tensor(np.log(q)), torch.tensor(p)
    assert float(F.kl_div(inp, tgt, reduction="batchmean")) == pytest.approx(kl, rel=REL)
    with pytest.warns(UserWarning, match="batchmean"):  # torch 2.13 warns about it too
        mean = float(F.kl_div(inp, tgt, reduction="mean"))
    assert mean == pytest.approx(kl / 4, rel=REL)


@settings(parent=FAST, max_examples=30)  # each example makes five torch calls
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(st.just(n), logit_vectors())), st.data())
def test_log_softmax_and_cross_entropy_match_torch(
    nz: tuple[int, FloatArr], data: st.DataObject
) -> None:
    n, z0 = nz
    c = z0.size
    Z = np.stack([np.roll(z0, i) * (0.5 + i) for i in range(n)])  # (n, c), extreme logits
    atol = 1e-12 * max(1.0, float(np.max(np.abs(Z))))  # rounding of z - max (docstring)
    zt = torch.tensor(Z)
    assert_allclose(log_softmax(Z), F.log_softmax(zt, dim=-1).numpy(), rtol=REL, atol=atol)
    assert_allclose(
        log_softmax(Z.T, axis=0), F.log_softmax(zt.T, dim=0).numpy(), rtol=REL, atol=atol
    )
    labels = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    ref = F.cross_entropy(zt, torch.tensor(labels))
    assert cross_entropy_from_logits(Z, labels) == pytest.approx(float(ref), rel=REL, abs=atol)
    # probability targets (distillation) and label smoothing, as torch defines them
    T = np.stack([data.draw(distributions(c)) for _ in range(n)])
    eps = data.draw(st.floats(0.0, 1.0))
    ref_soft = F.cross_entropy(zt, torch.tensor(T), label_smoothing=eps)
    assert cross_entropy_from_logits(Z, T, label_smoothing=eps) == pytest.approx(
        float(ref_soft), rel=REL, abs=atol
    )
    ref_smooth = F.cross_entropy(zt, torch.tensor(labels), label_smoothing=eps)
    assert cross_entropy_from_logits(Z, labels, label_smoothing=eps) == pytest.approx(
        float(ref_smooth), rel=REL, abs=atol
    )


def test_cross_entropy_from_logits_survives_extreme_logits() -> None:
    # naive log(softmax) underflows to log 0 = -inf for a gap of 1000; log-sum-exp does not
    z = np.array([[1000.0, 0.0, -1000.0]])
    assert cross_entropy_from_logits(z, [2]) == pytest.approx(2000.0, rel=1e-15)
    assert float(F.cross_entropy(torch.tensor(z), torch.tensor([2]))) == pytest.approx(2000.0)
    with np.errstate(divide="ignore", under="ignore"):
        naive = -np.log(np.exp(z - z.max()) / np.exp(z - z.max()).sum())[0, 2]
    assert naive == math.inf


# ---------------------------------------------------------------------------
# 4. Error paths
# ---------------------------------------------------------------------------


def test_probability_vector_errors() -> None:
    with pytest.raises(ValueError, match=r"`p` must hold non-negative probabilities.*p\[1\]"):
        entropy([1.2, -0.2])
    with pytest.raises(ValueError, match=r"`p` must sum to 1"):
        entropy([1.0, 1.0, 2.0])  # scipy would silently normalise this
    with pytest.raises(ValueError, match="`p` must be a 1-D vector"):
        entropy([[0.5, 0.5]])
    with pytest.raises(ValueError, match="`p` must contain only finite"):
        entropy([math.nan, 1.0])
    with pytest.raises(TypeError, match="`p` must be array-like"):
        entropy("0.5 0.5")
    with pytest.raises(ValueError, match="`p` must not be empty"):
        entropy([])


def test_sum_tolerance_is_as_stated() -> None:
    # inside SUM_TOL: accepted and normalised; outside: an error
    assert entropy([0.5 + SUM_TOL / 4, 0.5]) == pytest.approx(1.0, abs=1e-15)
    with pytest.raises(ValueError, match=r"`q` must sum to 1 \(within 1e-09\)"):
        kl_divergence([0.5, 0.5], [0.5 + 4 * SUM_TOL, 0.5])


@pytest.mark.parametrize("base", [0.0, -2.0, 1.0, math.inf, math.nan])
def test_bad_base_value(base: float) -> None:
    with pytest.raises(ValueError, match="`base`"):
        entropy([0.5, 0.5], base=base)


@pytest.mark.parametrize("base", ["2", None, True, [2.0]])
def test_bad_base_type(base: Any) -> None:
    with pytest.raises(TypeError, match="`base` must be a real number"):
        surprisal(0.5, base=base)


def test_surprisal_errors() -> None:
    with pytest.raises(ValueError, match=r"`p` must hold probabilities in \(0, 1\].*infinite"):
        surprisal(0.0)
    with pytest.raises(ValueError, match=r"`p` must hold probabilities in \(0, 1\]; got 1.5"):
        surprisal([0.5, 1.5])


def test_joint_table_errors() -> None:
    with pytest.raises(ValueError, match="`P_xy` must be a 2-D matrix"):
        joint_entropy([0.5, 0.5])
    with pytest.raises(ValueError, match=r"`P_xy` must hold non-negative.*P_xy\[0, 1\]"):
        conditional_entropy([[0.6, -0.1], [0.25, 0.25]])
    with pytest.raises(ValueError, match="`P_xy` must sum to 1"):
        mutual_information([[10, 20], [30, 40]])  # counts: divide by the total first
    with pytest.raises(ValueError, match="`base`"):
        mutual_information([[0.5, 0.0], [0.0, 0.5]], base=1)


def test_mismatched_supports() -> None:
    with pytest.raises(ValueError, match="`p` and `q` must be distributions on the same outcomes"):
        kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="`p` and `q`"):
        cross_entropy([1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="`p` and `q`"):
        js_divergence([0.5, 0.5], [1.0])


def test_zero_where_the_measure_is_infinite() -> None:
    # q = 0 where p > 0: cross-entropy and KL are infinite; scipy returns inf, we raise
    p, q = [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]
    assert float(ss.entropy(p, q)) == math.inf
    with pytest.raises(ValueError, match=r"`q` must be positive wherever `p` is: q\[1\] = 0"):
        kl_divergence(p, q)
    with pytest.raises(ValueError, match="the cross-entropy is infinite"):
        cross_entropy(p, q)
    # the other way round is fine: p = 0 where q > 0 contributes 0 log 0 = 0
    assert kl_divergence(q, p) == pytest.approx(1.0, rel=1e-15)
    # and JS is always finite
    assert js_divergence(p, q) > 0.0


def test_gaussian_kl_errors() -> None:
    with pytest.raises(ValueError, match="`sigma0` must be positive"):
        gaussian_kl(0.0, 0.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="`sigma1` must be positive"):
        gaussian_kl(0.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="`mu1` must be a finite number"):
        gaussian_kl(0.0, 1.0, math.inf, 1.0)
    with pytest.raises(TypeError, match="`mu0` must be a real number"):
        gaussian_kl("0", 1.0, 0.0, 1.0)  # type: ignore[arg-type]


def test_gaussian_kl_overflow_is_an_error() -> None:
    # sigma0 / sigma1 = 1e400 and (mu0 - mu1) / sigma1 = 1e400 overflow float64
    with pytest.raises(ValueError, match=r"overflows float64.*`sigma0` / `sigma1`"):
        gaussian_kl(0.0, 1e200, 0.0, 1e-200)
    with pytest.raises(ValueError, match="overflows float64"):
        gaussian_kl(1e200, 1.0, 0.0, 1e-200)


def test_mvn_kl_errors() -> None:
    eye = np.eye(2)
    with pytest.raises(ValueError, match="`cov1` must be positive definite"):
        mvn_kl([0, 0], eye, [0, 0], [[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(ValueError, match="`cov0` must be symmetric"):
        mvn_kl([0, 0], [[1.0, 0.5], [0.0, 1.0]], [0, 0], eye)
    with pytest.raises(ValueError, match="`cov0` must be 2x2 to match `mean0`"):
        mvn_kl([0, 0], np.eye(3), [0, 0], eye)
    with pytest.raises(ValueError, match="`mean0` and `mean1` must have the same dimension"):
        mvn_kl([0, 0], eye, [0, 0, 0], np.eye(3))
    with pytest.raises(ValueError, match="`cov1` must be positive definite; it is singular"):
        mvn_kl([0, 0], eye, [0, 0], [[1.0, 1.0], [1.0, 1.0 + 2.3e-16]])


def test_monte_carlo_kl_errors() -> None:
    with pytest.raises(ValueError, match="`log_p` and `log_q` must have the same length"):
        monte_carlo_kl([0.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="`log_p` must hold at least 2 samples"):
        monte_carlo_kl([0.0], [0.0])
    with pytest.raises(ValueError, match="`log_q` must contain only finite"):
        monte_carlo_kl([0.0, 0.0], [0.0, -math.inf])


def test_fit_gaussian_kl_errors() -> None:
    x = np.linspace(-3.0, 3.0, 61)
    p = np.exp(-0.5 * x**2)
    with pytest.raises(ValueError, match='`direction` must be "forward" or "reverse"'):
        fit_gaussian_kl(x, p, "backward")
    with pytest.raises(TypeError, match="`direction` must be the string"):
        fit_gaussian_kl(x, p, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`x` must be evenly spaced"):
        fit_gaussian_kl(x**3, p)
    with pytest.raises(ValueError, match="`x` must be a grid of at least 3 points"):
        fit_gaussian_kl([0.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="`density` must be non-negative"):
        fit_gaussian_kl(x, -p)
    with pytest.raises(ValueError, match="`x` and `density` must have the same length"):
        fit_gaussian_kl(x, p[:-1])
    with pytest.raises(ValueError, match="`density` must be positive on the whole grid"):
        fit_gaussian_kl(x, np.where(np.abs(x) < 1, 0.0, p), "reverse")


def test_log_softmax_errors() -> None:
    with pytest.raises(ValueError, match="`z` must be at least 1-D"):
        log_softmax(3.0)
    with pytest.raises(ValueError, match="`axis` must be in"):
        log_softmax([1.0, 2.0], axis=1)
    with pytest.raises(TypeError, match="`axis` must be an integer"):
        log_softmax([1.0, 2.0], axis=0.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`z` must contain only finite"):
        log_softmax([1.0, math.inf])
    # finite logits whose difference overflows (2e308 > float64 max)
    with pytest.raises(ValueError, match="`z` must have logit differences within the float64"):
        log_softmax([1e308, -1e308])


def test_cross_entropy_from_logits_errors() -> None:
    z = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"`target` must hold integer class indices in \[0, 3\)"):
        cross_entropy_from_logits(z, [0, 3])
    with pytest.raises(ValueError, match="`target` must hold integer class indices"):
        cross_entropy_from_logits(z, [0, 1.5])
    with pytest.raises(ValueError, match=r"`target` must have shape \(2,\)"):
        cross_entropy_from_logits(z, [0, 1, 2])
    with pytest.raises(ValueError, match="`target` given with the shape of `logits`"):
        cross_entropy_from_logits(z, np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"`logits` must be 1-D \(C,\) or 2-D"):
        cross_entropy_from_logits(np.zeros((2, 2, 2)), [0, 1])
    with pytest.raises(ValueError, match=r"`label_smoothing` must lie in \[0, 1\]"):
        cross_entropy_from_logits(z, [0, 1], label_smoothing=1.5)
    with pytest.raises(ValueError, match="`logits` must have logit differences within"):
        cross_entropy_from_logits([1e308, -1e308], 0)
    with pytest.raises(TypeError, match="`target` must be class indices or probabilities"):
        cross_entropy_from_logits([0.0, 1.0], True)


def test_perplexity_errors() -> None:
    with pytest.raises(ValueError, match=r"`log_probs` must be log-probabilities \(<= 0\)"):
        perplexity([-1.0, 0.5])
    with pytest.raises(ValueError, match="`log_probs` must contain only finite"):
        perplexity([-1.0, -math.inf])  # a token of probability 0
    with pytest.raises(ValueError, match=r"the perplexity exp\(1000\) overflows float64"):
        perplexity([-1000.0])


def test_sample_errors() -> None:
    with pytest.raises(ValueError, match="`x` and `y` must have the same length"):
        empirical_joint([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="`y` must contain only finite"):
        plugin_mutual_information([0, 1], [0, math.nan])
    with pytest.raises(ValueError, match="`base`"):
        plugin_mutual_information([0, 1], [0, 1], base=-2)


# ---------------------------------------------------------------------------
# 5. Figures
# ---------------------------------------------------------------------------


def _line(fig: Figure, gid: str, axis: int = 0) -> Line2D:
    (line,) = [ln for ln in fig.axes[axis].get_lines() if ln.get_gid() == gid]
    return line


def _xy(line: Line2D) -> FloatArr:
    return np.asarray(line.get_xydata(), dtype=np.float64)


def test_plot_binary_entropy_draws_the_binary_entropy() -> None:
    fig = plot_binary_entropy([0.5, 0.9])
    p, h = _xy(_line(fig, "entropy")).T
    with np.errstate(divide="ignore", invalid="ignore"):
        closed = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
    closed[[0, -1]] = 0.0  # 0 log 0 = 0 at the ends
    assert_allclose(h, closed, atol=ABS)
    assert h.max() == 1.0  # the fair coin, p = 0.5 is on the grid
    pts = _xy(_line(fig, "marked"))
    assert_allclose(pts[:, 1], [1.0, entropy([0.9, 0.1])], rtol=1e-15)
    ax = fig.axes[0]
    assert ax.get_xlabel()
    assert "bits" in ax.get_ylabel()
    assert [t.get_text() for t in ax.texts] == ["$H(0.5) = 1.000$", "$H(0.9) = 0.469$"]
    plt.close(fig)
    fig = plot_binary_entropy([0.5], base=math.e)
    assert "nats" in fig.axes[0].get_ylabel()
    assert _xy(_line(fig, "marked"))[0, 1] == pytest.approx(LN2, rel=1e-15)
    plt.close(fig)


def test_plot_binary_entropy_errors() -> None:
    with pytest.raises(ValueError, match="`marked` must hold probabilities"):
        plot_binary_entropy([1.5])
    with pytest.raises(ValueError, match="`base`"):
        plot_binary_entropy(base=1.0)
    with pytest.raises(TypeError, match="`base` must be a real number"):
        plot_binary_entropy(base=True)


def test_plot_kl_asymmetry_draws_both_directions() -> None:
    fig = plot_kl_asymmetry(0.2)
    q, fwd = _xy(_line(fig, "forward")).T
    _, rev = _xy(_line(fig, "reverse")).T
    # closed forms of the Bernoulli KL in bits
    p = 0.2
    closed_fwd = p * np.log2(p / q) + (1 - p) * np.log2((1 - p) / (1 - q))
    closed_rev = q * np.log2(q / p) + (1 - q) * np.log2((1 - q) / (1 - p))
    assert_allclose(fwd, closed_fwd, atol=ABS)
    assert_allclose(rev, closed_rev, atol=ABS)
    assert not np.allclose(fwd, rev)  # the point of the figure
    assert _xy(_line(fig, "p"))[0, 0] == 0.2
    assert fig.axes[0].get_xlabel()
    assert fig.axes[0].get_ylabel()
    plt.close(fig)
    with pytest.raises(ValueError, match="`p` must lie strictly between 0 and 1"):
        plot_kl_asymmetry(1.0)
    with pytest.raises(TypeError, match="`p` must be a real number"):
        plot_kl_asymmetry("0.2")  # type: ignore[arg-type]


def test_plot_kl_fits_draws_the_fitted_normals() -> None:
    x = np.linspace(-8.0, 8.0, 321)
    p = 0.3 * ss.norm.pdf(x, -2.5, 0.8) + 0.7 * ss.norm.pdf(x, 2.5, 1.0)
    fig = plot_kl_fits(x, p)
    target = _xy(_line(fig, "target"))
    # the target is normalised on the grid: its Riemann sum is 1
    assert target[:, 1].sum() * (x[1] - x[0]) == pytest.approx(1.0, rel=1e-12)
    for gid, direction in (("forward", "forward"), ("reverse", "reverse")):
        mu, sigma = fit_gaussian_kl(x, p, direction)
        xs, ys = _xy(_line(fig, gid)).T
        assert_allclose(ys, ss.norm.pdf(xs, mu, sigma), rtol=1e-12)
        label = str(_line(fig, gid).get_label())
        assert f"{mu:.2f}" in label
        assert f"{sigma:.2f}" in label
    ax = fig.axes[0]
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    plt.close(fig)
    with pytest.raises(ValueError, match="`density` must be positive on the whole grid"):
        plot_kl_fits(x, np.where(x < 0, 0.0, p))


def test_plot_information_bars_segments_add_up() -> None:
    P = np.array([[0.5, 0.25], [0.0, 0.25]])
    fig = plot_information_bars(P)
    ax = fig.axes[0]
    bars = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
    by_row: dict[int, list[Rectangle]] = {}
    for bar in bars:
        by_row.setdefault(round(bar.get_y() + bar.get_height() / 2), []).append(bar)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["$H(Y)$", "$H(X)$", "$H(X, Y)$"]
    totals = {rows[r]: sum(b.get_width() for b in bs) for r, bs in by_row.items()}
    assert totals["$H(X)$"] == pytest.approx(entropy(P.sum(axis=1)), abs=ABS)
    assert totals["$H(Y)$"] == pytest.approx(entropy(P.sum(axis=0)), abs=ABS)
    assert totals["$H(X, Y)$"] == pytest.approx(joint_entropy(P), abs=ABS)
    # the shared-information segments sit in one column, with width I(X;Y)
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        r"$H(X \mid Y)$",
        r"$I(X;Y)$",
        r"$H(Y \mid X)$",
    ]
    mi_bars = [b for b in bars if b.get_gid() == "I(X;Y)"]
    assert len(mi_bars) == 3
    assert len({b.get_x() for b in mi_bars}) == 1
    assert all(b.get_width() == pytest.approx(mutual_information(P), abs=ABS) for b in mi_bars)
    assert ax.get_xlabel()
    plt.close(fig)
    with pytest.raises(ValueError, match="`P_xy` must sum to 1"):
        plot_information_bars([[1.0, 1.0], [1.0, 1.0]])


def test_plot_temperature_entropy_draws_tempered_entropy() -> None:
    z = np.array([2.0, 1.0, 0.1, -1.0, 3.0])
    fig = plot_temperature_entropy(z, (0.5, 1.0, 2.0), ["the", "cat", "sat", "on", "mat"])
    ax_p = fig.axes[0]
    containers = [c for c in ax_p.containers if isinstance(c, BarContainer)]
    assert len(containers) == 3
    for container, t in zip(containers, (0.5, 1.0, 2.0), strict=True):
        heights = np.array([bar.get_height() for bar in container])
        assert_allclose(heights, torch.softmax(torch.tensor(z / t), 0).numpy(), rtol=1e-12)
    ts, h = _xy(_line(fig, "entropy", 1)).T
    ref = [float(ss.entropy(torch.softmax(torch.tensor(z / t), 0).numpy(), base=2)) for t in ts]
    assert_allclose(h, ref, atol=ABS)
    assert np.all(np.diff(h) > 0)  # entropy rises with temperature for these logits
    assert _xy(_line(fig, "max", 1))[0, 1] == pytest.approx(math.log2(5), rel=1e-15)
    assert [t.get_text() for t in ax_p.get_xticklabels()] == ["the", "cat", "sat", "on", "mat"]
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    plt.close(fig)


def test_plot_temperature_entropy_errors() -> None:
    with pytest.raises(ValueError, match="`temperatures` must be positive"):
        plot_temperature_entropy([1.0, 2.0], (0.0, 1.0))
    with pytest.raises(ValueError, match="`logits` must hold at least 2 classes"):
        plot_temperature_entropy([1.0])
    with pytest.raises(ValueError, match="`temperatures` must hold at most 4"):
        plot_temperature_entropy([1.0, 2.0], (1.0, 2.0, 3.0, 4.0, 5.0))
    with pytest.raises(ValueError, match="`labels` must name each of the 2 classes"):
        plot_temperature_entropy([1.0, 2.0], (1.0,), ["a"])
