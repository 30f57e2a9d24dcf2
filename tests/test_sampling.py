"""Tests for aimath.sampling (chapter 13): reference values, statistics, torch, errors.

Statistical tolerances. Samplers are checked with fixed seeds by a
goodness-of-fit test (Kolmogorov–Smirnov for continuous, chi-square for
discrete distributions) at significance level ``ALPHA = 1e-3``, and sample
moments must lie within ``Z = 5`` standard errors of the truth (a correct
sampler fails such a check with probability ~6e-7). With the seed fixed each
outcome is deterministic; the level says how unlikely a pass-to-fail flip is
when a seed or a length changes. MCMC moments use batch-means standard
errors, because successive states are correlated and s/sqrt(n) understates
the error. "Power" tests show that the same checks reject a wrong sampler.

Exact arithmetic. Deterministic functions (quantiles, filters, gradient
estimators on given noise) are compared with closed forms and with torch in
float64 at ``rtol=1e-12``: a handful of correctly rounded operations on O(1)
numbers, so 1e-12 is ~1000x the rounding error yet far below any real bug.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.stats as ss
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose, assert_array_equal
from strategies import FAST

from aimath.distributions import beta_pdf, normal_logpdf
from aimath.plotting.sampling import (
    plot_decoding,
    plot_gibbs,
    plot_gradient_estimators,
    plot_mc_error,
    plot_mcmc,
    plot_rejection,
)
from aimath.sampling import (
    ImportanceEstimate,
    apply_temperature,
    batch_means_se,
    box_muller,
    decoding_distribution,
    effective_sample_size,
    estimate_pi,
    exponential_inverse_cdf,
    gibbs_bivariate_gaussian,
    importance_estimate,
    inverse_transform,
    mc_integrate,
    metropolis_hastings,
    pi_draws,
    rejection_sample,
    reparam_gradient,
    sample_tokens,
    score_function_gradient,
    top_k_filter,
    top_p_filter,
)

ALPHA = 1e-3
Z = 5.0
REL = 1e-12

LOGITS = [2.0, 1.0, 0.1, -1.0, 3.0]
VOCAB = ["the", "cat", "sat", "on", "mat"]


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def uniform_proposal(size: int, gen: np.random.Generator) -> np.ndarray:
    return gen.random(size)


def std_normal_logpdf(x: float) -> float:
    return -0.5 * x * x


def data(line: Line2D) -> tuple[np.ndarray, np.ndarray]:
    """The x and y data of a plotted line as float arrays."""
    return (
        np.asarray(line.get_xdata(), dtype=np.float64),
        np.asarray(line.get_ydata(), dtype=np.float64),
    )


def bars(ax: Axes) -> list[Rectangle]:
    """The rectangles (bars, histogram bins) drawn on ``ax``."""
    return [p for p in ax.patches if isinstance(p, Rectangle)]


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


#: Logit vectors for the filter properties: finite, moderate (softmax stays
#: well away from underflow to exactly 0 for most entries), ties allowed.
logit_vectors = hnp.arrays(
    np.float64,
    st.integers(1, 8),
    elements=st.sampled_from([-3.0, -1.0, 0.0, 0.5, 1.0, 2.0, 4.0]) | st.floats(-10.0, 10.0),
)


# ---------------------------------------------------------------------------
# Monte Carlo integration
# ---------------------------------------------------------------------------


def test_mc_integrate_polynomial_within_standard_error() -> None:
    # closed form: int_0^2 x^3 dx = 4; Var of 2 f(U) with U ~ U[0, 2] is
    # 4 (E[U^6] - E[U^3]^2) = 4 (64/7 - 4) = 144/7
    est, se = mc_integrate(lambda x: x**3, 0.0, 2.0, 50_000, rng=rng(1))
    assert abs(est - 4.0) < Z * se
    assert_allclose(se, math.sqrt(144 / 7) / math.sqrt(50_000), rtol=0.05)  # sd of an sd ~ 1 %


def test_mc_integrate_constant_is_exact() -> None:
    # a constant integrand has zero variance: the estimate is exact
    est, se = mc_integrate(lambda x: np.full_like(x, 3.0), -1.0, 1.0, 10, rng=rng())
    assert est == 6.0
    assert se == 0.0


def test_pi_draws_and_estimate() -> None:
    d = pi_draws(1000, rng=rng(2))
    assert set(np.unique(d).tolist()) <= {0.0, 4.0}
    est, se = estimate_pi(200_000, rng=rng(3))
    assert abs(est - math.pi) < Z * se
    # closed form: the sd of one draw is sqrt(pi (4 - pi)); sd estimate from 2e5 draws: ~0.2 %
    assert_allclose(se, math.sqrt(math.pi * (4 - math.pi) / 200_000), rtol=0.02)


def test_pi_draws_match_the_quarter_disc() -> None:
    # same generator state, computed independently: 4 * 1[x^2 + y^2 <= 1]
    xy = rng(4).random((50, 2))
    expected = 4.0 * (xy[:, 0] ** 2 + xy[:, 1] ** 2 <= 1.0)
    assert_array_equal(pi_draws(50, rng=rng(4)), expected)


def test_batch_means_reference_values() -> None:
    # hand computation: batch means [2, 2] -> sd 0; batch means [1, 3] -> sd sqrt(2), se 1
    assert batch_means_se([1.0, 3.0, 1.0, 3.0], n_batches=2) == 0.0
    assert batch_means_se([1.0, 1.0, 3.0, 3.0], n_batches=2) == 1.0
    # 2-D: one value per column; the trailing point that fills no batch is dropped
    se2 = batch_means_se([[1.0, 0.0], [1.0, 0.0], [3.0, 0.0], [3.0, 0.0], [99.0, 5.0]], 2)
    assert isinstance(se2, np.ndarray)
    assert_allclose(se2, [1.0, 0.0], rtol=REL)


def test_batch_means_on_iid_data_matches_naive_se() -> None:
    # for independent draws both estimate sigma/sqrt(n); with 50 batches the
    # batch-means estimate has relative sd ~ 1/sqrt(2 * 49) = 10 %
    x = rng(5).standard_normal(100_000)
    assert_allclose(batch_means_se(x, 50), 1 / math.sqrt(x.size), rtol=0.35)


def test_batch_means_on_ar1_matches_the_long_run_variance() -> None:
    # AR(1) with coefficient phi and unit innovations: the long-run variance of the
    # mean is sigma^2 / (1 - phi)^2 / n (closed form), 100x the iid value for phi = 0.9
    phi, n = 0.9, 200_000
    e = rng(6).standard_normal(n)
    x = np.empty(n)
    x[0] = e[0] / math.sqrt(1 - phi**2)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + e[t]
    expected = 1.0 / (1 - phi) / math.sqrt(n)
    assert_allclose(batch_means_se(x, 40), expected, rtol=0.4)  # 40 batches: ~11 % sd
    assert batch_means_se(x, 40) > 3 * x.std() / math.sqrt(n)  # naive SE far too small


# ---------------------------------------------------------------------------
# Exact samplers
# ---------------------------------------------------------------------------


def test_exponential_inverse_cdf_reference_values() -> None:
    # closed form: F^{-1}(u) = -log(1 - u) / rate
    assert_allclose(
        exponential_inverse_cdf([0.0, 0.5, 0.75], 2.0),
        [0.0, math.log(2) / 2, math.log(4) / 2],
        rtol=REL,
    )
    # log1p keeps tiny u accurate: -log(1 - 1e-20) = 1e-20 (float64 1 - 1e-20 == 1)
    assert_allclose(exponential_inverse_cdf([1e-20]), [1e-20], rtol=REL)


def test_exponential_inverse_cdf_agrees_with_scipy() -> None:
    u = np.linspace(0.0, 0.999, 101)
    assert_allclose(exponential_inverse_cdf(u, 3.0), ss.expon(scale=1 / 3).ppf(u), rtol=1e-12)


def test_inverse_transform_exponential_goodness_of_fit() -> None:
    x = inverse_transform(rng(7).random(20_000), lambda u: exponential_inverse_cdf(u, 0.5))
    assert ss.kstest(x, ss.expon(scale=2.0).cdf).pvalue > ALPHA
    assert abs(x.mean() - 2.0) < Z * 2.0 / math.sqrt(x.size)  # sd of Exp = its mean


def test_inverse_transform_power_rejects_wrong_quantile() -> None:
    # the same check rejects a sampler with the wrong rate
    x = inverse_transform(rng(7).random(20_000), lambda u: exponential_inverse_cdf(u, 0.55))
    assert ss.kstest(x, ss.expon(scale=2.0).cdf).pvalue < ALPHA


def test_box_muller_goodness_of_fit_and_moments() -> None:
    z = box_muller(40_001, rng=rng(8))  # odd n: one sample of the last pair dropped
    assert z.shape == (40_001,)
    assert ss.kstest(z, ss.norm.cdf).pvalue > ALPHA
    n = z.size
    assert abs(z.mean()) < Z / math.sqrt(n)
    assert abs(z.var(ddof=1) - 1.0) < Z * math.sqrt(2 / (n - 1))
    # the two halves are the cos and sin of the same pairs: uncorrelated
    half = n // 2
    assert abs(np.corrcoef(z[:half], z[half : 2 * half])[0, 1]) < Z / math.sqrt(half)


def test_box_muller_matches_formula() -> None:
    # reference: the textbook formulas applied to the same uniforms
    u = rng(9).random((2, 3))
    r = np.sqrt(-2 * np.log(1 - u[0]))
    expected = np.concatenate([r * np.cos(2 * np.pi * u[1]), r * np.sin(2 * np.pi * u[1])])
    assert_allclose(box_muller(6, rng=rng(9)), expected, rtol=REL)


def test_rejection_sample_beta_acceptance_and_fit() -> None:
    M = float(beta_pdf(0.2, 2.0, 5.0))  # the mode of Beta(2, 5) is 1/5: M = max p
    x, rate = rejection_sample(
        lambda t: beta_pdf(t, 2.0, 5.0), uniform_proposal, np.ones_like, M, 20_000, rng=rng(10)
    )
    assert x.shape == (20_000,)
    assert ss.kstest(x, ss.beta(2, 5).cdf).pvalue > ALPHA
    n_proposed = x.size / rate
    assert abs(rate - 1 / M) < Z * math.sqrt(rate * (1 - rate) / n_proposed)


def test_rejection_sample_loose_envelope_still_exact() -> None:
    # a larger M lowers the acceptance rate to 1/M but leaves the samples exact
    x, rate = rejection_sample(
        lambda t: 2 * t, uniform_proposal, np.ones_like, 8.0, 5000, rng=rng(11)
    )
    assert ss.kstest(x, ss.triang(1.0).cdf).pvalue > ALPHA  # density 2x on [0, 1]
    assert abs(rate - 1 / 8) < Z * math.sqrt((1 / 8) * (7 / 8) / (5000 * 8))


def test_rejection_sample_unnormalised_target_rate() -> None:
    # target 6x (integral 3) with M = 6: the rate is Z_p / M = 1/2
    x, rate = rejection_sample(
        lambda t: 6 * t, uniform_proposal, np.ones_like, 6.0, 5000, rng=rng()
    )
    assert abs(rate - 0.5) < Z * math.sqrt(0.25 / 10_000)
    assert abs(x.mean() - 2 / 3) < Z * math.sqrt(1 / 18 / x.size)  # Var of density 2x is 1/18


# ---------------------------------------------------------------------------
# Importance sampling
# ---------------------------------------------------------------------------


def test_effective_sample_size_reference_values() -> None:
    # hand computation: (1 + 1 + 2)^2 / (1 + 1 + 4) = 16/6
    assert_allclose(effective_sample_size([1.0, 1.0, 2.0]), 8 / 3, rtol=REL)
    assert effective_sample_size([5.0] * 7) == 7.0
    # scale invariance, also at extreme scales (no overflow of the squares)
    assert_allclose(effective_sample_size([1e200, 1e200, 2e200]), 8 / 3, rtol=REL)


@FAST
@given(hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(0.0, 1e3)))
def test_effective_sample_size_in_range(w: np.ndarray) -> None:
    if not np.any(w > 0):
        return
    ess = effective_sample_size(w)
    # exact bounds 1 <= ESS <= n (Cauchy-Schwarz); rounding of a few ulp allowed
    assert 1.0 - 1e-12 <= ess <= w.size * (1 + 1e-12)


def test_importance_estimate_gaussian_mean() -> None:
    # E[X] = 1 under N(1, 1) from proposals N(0, 2^2); unnormalised log-densities
    res = importance_estimate(
        lambda x: x,
        lambda x: -0.5 * (x - 1.0) ** 2,
        lambda size, gen: gen.normal(0.0, 2.0, size),
        lambda x: -(x**2) / 8.0,
        40_000,
        rng=rng(12),
    )
    assert isinstance(res, ImportanceEstimate)
    assert abs(res.estimate - 1.0) < Z * res.standard_error
    assert_allclose(res.weights.sum(), 1.0, rtol=REL)
    assert 0 < res.ess <= 40_000


def test_importance_weights_and_ess_match_hand_formula() -> None:
    # reference: the self-normalised formula evaluated directly on the same draws
    res = importance_estimate(
        lambda x: x**2,
        lambda x: normal_logpdf(x, 0.5, 1.0),
        lambda size, gen: gen.normal(0.0, 1.5, size),
        lambda x: normal_logpdf(x, 0.0, 1.5),
        500,
        rng=rng(13),
    )
    x = rng(13).normal(0.0, 1.5, 500)
    w = ss.norm(0.5, 1.0).pdf(x) / ss.norm(0.0, 1.5).pdf(x)
    assert_allclose(res.samples, x, rtol=0)
    assert_allclose(res.weights, w / w.sum(), rtol=1e-10)  # exp of log-differences: 1e-10
    assert_allclose(res.estimate, (w @ x**2) / w.sum(), rtol=1e-10)
    assert_allclose(res.ess, w.sum() ** 2 / (w @ w), rtol=1e-10)


def test_importance_unnormalised_tail_probability() -> None:
    # P(X > 4) for N(0, 1) (scipy's sf as the reference) from N(4, 1) proposals
    res = importance_estimate(
        lambda x: (x > 4).astype(float),
        normal_logpdf,
        lambda size, gen: gen.normal(4.0, 1.0, size),
        lambda x: normal_logpdf(x, 4.0, 1.0),
        10_000,
        rng=rng(14),
        self_normalize=False,
    )
    exact = ss.norm.sf(4.0)
    assert abs(res.estimate - exact) < Z * res.standard_error
    assert res.standard_error < 0.05 * exact  # a relative error plain MC could not reach


def test_importance_proposal_equal_to_target_gives_full_ess() -> None:
    res = importance_estimate(
        lambda x: x,
        normal_logpdf,
        lambda size, gen: gen.standard_normal(size),
        normal_logpdf,
        1000,
        rng=rng(),
    )
    assert res.ess == pytest.approx(1000.0, rel=REL)
    assert_allclose(res.weights, np.full(1000, 1e-3), rtol=REL)


# ---------------------------------------------------------------------------
# Markov chain Monte Carlo
# ---------------------------------------------------------------------------


def test_metropolis_hastings_gaussian_target() -> None:
    # target N(2, 1.5^2), known only up to a constant
    def logp(x: float) -> float:
        return -0.5 * ((x - 2.0) / 1.5) ** 2 + 17.0

    chain, rate = metropolis_hastings(logp, 0.0, 3.5, 30_000, rng=rng(15))
    kept = chain[1000:]
    assert chain.shape == (30_000,)
    assert 0.2 < rate < 0.7
    se_mean = batch_means_se(kept, 30)
    se_var = batch_means_se((kept - 2.0) ** 2, 30)
    assert abs(kept.mean() - 2.0) < Z * se_mean
    assert abs(np.mean((kept - 2.0) ** 2) - 2.25) < Z * se_var


def test_metropolis_hastings_power_detects_wrong_variance() -> None:
    # the same check, against a wrong target variance (1.0 instead of 2.25), fails
    chain, _ = metropolis_hastings(
        lambda x: -0.5 * ((x - 2.0) / 1.5) ** 2, 0.0, 3.5, 30_000, rng=rng(15)
    )
    kept = chain[1000:]
    assert abs(np.mean((kept - 2.0) ** 2) - 1.0) > Z * batch_means_se((kept - 2.0) ** 2, 30)


def test_metropolis_hastings_bivariate_covariance() -> None:
    cov = np.array([[1.0, 0.6], [0.6, 2.0]])
    prec = np.linalg.inv(cov)

    def logp(x: np.ndarray) -> float:
        return float(-0.5 * x @ prec @ x)

    chain, _rate = metropolis_hastings(logp, [0.0, 0.0], 1.6, 30_000, rng=rng(16))
    kept = chain[1000:]
    assert chain.shape == (30_000, 2)
    products = np.column_stack([kept[:, 0] ** 2, kept[:, 0] * kept[:, 1], kept[:, 1] ** 2])
    se = batch_means_se(products, 30)
    assert isinstance(se, np.ndarray)
    assert np.all(np.abs(products.mean(axis=0) - cov[[0, 0, 1], [0, 1, 1]]) < Z * se)
    assert np.all(np.abs(kept.mean(axis=0)) < Z * batch_means_se(kept, 30))


def test_metropolis_hastings_respects_support() -> None:
    # an exponential target: -inf outside [0, inf); the chain never leaves the support
    def logp(x: float) -> float:
        return -x if x >= 0 else -math.inf

    chain, _ = metropolis_hastings(logp, 1.0, 1.0, 20_000, rng=rng(17))
    assert chain.min() >= 0.0
    kept = chain[500:]
    assert abs(kept.mean() - 1.0) < Z * batch_means_se(kept)


def test_metropolis_hastings_acceptance_falls_with_step() -> None:
    rates = [
        metropolis_hastings(std_normal_logpdf, 0.0, s, 3000, rng=rng(18))[1]
        for s in (0.1, 2.4, 50.0)
    ]
    assert rates[0] > rates[1] > rates[2]
    assert rates[0] > 0.9
    assert rates[2] < 0.1


def test_gibbs_bivariate_gaussian_covariance() -> None:
    rho = 0.8
    xy = gibbs_bivariate_gaussian(rho, 40_000, rng=rng(19))[500:]
    products = np.column_stack([xy[:, 0] ** 2, xy[:, 0] * xy[:, 1], xy[:, 1] ** 2])
    se = batch_means_se(products, 40)
    assert isinstance(se, np.ndarray)
    assert np.all(np.abs(products.mean(axis=0) - [1.0, rho, 1.0]) < Z * se)
    # closed form: the x-chain is AR(1) with coefficient rho^2; sd ~ sqrt((1 - rho^4) / n)
    lag1 = np.corrcoef(xy[:-1, 0], xy[1:, 0])[0, 1]
    assert abs(lag1 - rho**2) < Z * math.sqrt((1 - rho**4) / xy.shape[0])


def test_gibbs_first_sweep_matches_conditionals() -> None:
    # reference: one sweep from (1, 2) by hand with the same noise
    rho = -0.5
    z = math.sqrt(1 - rho**2) * rng(20).standard_normal((1, 2))
    x1 = rho * 2.0 + z[0, 0]
    y1 = rho * x1 + z[0, 1]
    out = gibbs_bivariate_gaussian(rho, 1, rng=rng(20), x0=[1.0, 2.0])
    assert_allclose(out, [[x1, y1]], rtol=REL)


# ---------------------------------------------------------------------------
# Gradient estimators
# ---------------------------------------------------------------------------


def test_gradient_estimators_reference_values() -> None:
    # hand computation for f = x^2, mu = 1, sigma = 1/2: x = 1 + eps/2
    eps = [-1.0, 0.0, 1.0]
    assert_allclose(reparam_gradient(lambda x: 2 * x, 1.0, 0.5, eps), [1.0, 2.0, 3.0], rtol=REL)
    # (f(x) - b) eps / sigma: x = [0.5, 1, 1.5] -> [0.25 * -2, 0, 2.25 * 2]
    assert_allclose(
        score_function_gradient(lambda x: x**2, 1.0, 0.5, eps), [-0.5, 0.0, 4.5], rtol=REL
    )
    assert_allclose(
        score_function_gradient(lambda x: x**2, 1.0, 0.5, eps, baseline=1.0),
        [1.5, 0.0, 2.5],
        rtol=REL,
    )


@FAST
@given(st.floats(-3.0, 3.0), st.floats(0.2, 2.0))
def test_gradient_estimators_quadratic_family(mu: float, sigma: float) -> None:
    # f = x^2: exact gradient 2 mu; closed-form per-sample variances
    # reparam 4 sigma^2 < score mu^4/sigma^2 + 14 mu^2 + 15 sigma^2 (always)
    eps = np.random.default_rng(21).standard_normal(40_000)
    g_r = reparam_gradient(lambda x: 2 * x, mu, sigma, eps)
    g_s = score_function_gradient(lambda x: x**2, mu, sigma, eps)
    n = eps.size
    for g in (g_r, g_s):
        assert abs(g.mean() - 2 * mu) < Z * g.std(ddof=1) / math.sqrt(n)
    v_r, v_s = 4 * sigma**2, mu**4 / sigma**2 + 14 * mu**2 + 15 * sigma**2
    assert abs(g_r.var(ddof=1) - v_r) < Z * ((g_r - g_r.mean()) ** 2).std() / math.sqrt(n)
    assert abs(g_s.var(ddof=1) - v_s) < Z * ((g_s - g_s.mean()) ** 2).std() / math.sqrt(n)
    assert g_r.var() < g_s.var()


def test_reparam_not_always_lower_variance() -> None:
    # f = sin(8x): f' is large, f small; reparameterization is the noisier one
    eps = rng(22).standard_normal(40_000)
    omega, mu, sigma = 8.0, 1.0, 0.5
    g_r = reparam_gradient(lambda x: omega * np.cos(omega * x), mu, sigma, eps)
    g_s = score_function_gradient(lambda x: np.sin(omega * x), mu, sigma, eps)
    exact = omega * math.cos(omega * mu) * math.exp(-(omega**2) * sigma**2 / 2)
    for g in (g_r, g_s):
        assert abs(g.mean() - exact) < Z * g.std(ddof=1) / math.sqrt(eps.size)
    assert g_r.var() > 5 * g_s.var()


def test_gradient_estimators_agree_with_torch() -> None:
    eps = rng(23).standard_normal(1000)
    mu, sigma = 0.7, 1.3

    def f_t(x: torch.Tensor) -> torch.Tensor:
        return torch.sin(x) + x**3

    eps_t = torch.tensor(eps, dtype=torch.float64)
    mu_t = torch.tensor(mu, dtype=torch.float64, requires_grad=True)
    f_t(mu_t + sigma * eps_t).mean().backward()  # type: ignore[no-untyped-call]
    assert mu_t.grad is not None
    g_r = reparam_gradient(lambda x: np.cos(x) + 3 * x**2, mu, sigma, eps)
    assert_allclose(g_r.mean(), mu_t.grad.item(), rtol=1e-12)

    mu_t = torch.tensor(mu, dtype=torch.float64, requires_grad=True)
    x_fixed = (mu + sigma * eps_t).detach()
    log_p = torch.distributions.Normal(mu_t, sigma).log_prob(x_fixed)  # type: ignore[no-untyped-call]
    (f_t(x_fixed) * log_p).mean().backward()
    assert mu_t.grad is not None
    g_s = score_function_gradient(lambda x: np.sin(x) + x**3, mu, sigma, eps)
    # log_prob evaluates (x - mu)/sigma^2 after a subtraction: 1e-10
    assert_allclose(g_s.mean(), mu_t.grad.item(), rtol=1e-10)


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------


def test_apply_temperature_reference_and_torch() -> None:
    # closed form: logits (0, log 3) -> (1/4, 3/4); at T = 1/2 -> (1/10, 9/10)
    assert_allclose(apply_temperature([0.0, math.log(3)], 1.0), [0.25, 0.75], rtol=REL)
    assert_allclose(apply_temperature([0.0, math.log(3)], 0.5), [0.1, 0.9], rtol=REL)
    z = torch.tensor(LOGITS, dtype=torch.float64)
    for T in (0.3, 1.0, 2.5):
        assert_allclose(apply_temperature(LOGITS, T), torch.softmax(z / T, -1).numpy(), rtol=REL)


def test_top_k_and_top_p_on_the_book_logits() -> None:
    p = np.exp(LOGITS) / np.exp(LOGITS).sum()  # plain softmax: O(1) logits, no overflow
    kept, probs = top_k_filter(LOGITS, 2)
    assert kept.tolist() == [4, 0]  # "mat", "the"
    assert_allclose(
        probs, np.where(np.isin(np.arange(5), [4, 0]), p, 0) / p[[4, 0]].sum(), rtol=REL
    )
    # p_mat + p_the ~ 0.867 < 0.9 <= p_mat + p_the + p_cat ~ 0.953 (hand computation)
    kept_p, probs_p = top_p_filter(LOGITS, 0.9)
    assert kept_p.tolist() == [4, 0, 1]
    assert_allclose(probs_p[[4, 0, 1]], p[[4, 0, 1]] / p[[4, 0, 1]].sum(), rtol=REL)
    assert top_p_filter(LOGITS, 0.5)[0].tolist() == [4]
    assert top_p_filter(LOGITS, 1.0)[0].tolist() == [4, 0, 1, 2, 3]


def test_top_k_torch_topk() -> None:
    z = torch.tensor(LOGITS, dtype=torch.float64)
    for k in range(1, 6):
        kept, probs = top_k_filter(LOGITS, k)
        top = torch.topk(z, k)
        assert kept.tolist() == top.indices.tolist()  # distinct logits: the order is defined
        assert_allclose(probs[kept], torch.softmax(top.values, -1).numpy(), rtol=REL)


def hf_top_p_mask(z: np.ndarray, p: float) -> np.ndarray:
    """Hugging Face's TopPLogitsWarper rule, in torch: a boolean mask of kept tokens."""
    zt = torch.tensor(z, dtype=torch.float64)
    sorted_z, idx = torch.sort(zt, descending=False)
    cum = torch.softmax(sorted_z, -1).cumsum(-1)
    remove_sorted = cum <= (1 - p)
    remove_sorted[-1] = False
    remove = torch.zeros_like(remove_sorted).scatter(0, idx, remove_sorted)
    mask: np.ndarray = (~remove).numpy()
    return mask


@FAST
@given(logit_vectors, st.integers(1, 8))
def test_top_k_properties(z: np.ndarray, k: int) -> None:
    k = min(k, z.size)
    kept, probs = top_k_filter(z, k)
    dropped = np.setdiff1d(np.arange(z.size), kept)
    assert kept.size == k
    assert np.unique(kept).size == k
    # every kept logit >= every dropped one (exact comparison of the inputs)
    if dropped.size:
        assert z[kept].min() >= z[dropped].max()
    assert np.all(probs[dropped] == 0.0)
    assert_allclose(probs.sum(), 1.0, rtol=1e-12)
    # ratios among kept tokens are those of the softmax: p_i / p_j = exp(z_i - z_j)
    assert_allclose(probs[kept] / probs[kept[0]], np.exp(z[kept] - z[kept[0]]), rtol=1e-12)


@FAST
@given(logit_vectors, st.floats(0.01, 1.0))
def test_top_p_properties(z: np.ndarray, p: float) -> None:
    kept, probs = top_p_filter(z, p)
    full = np.exp(z - z.max())
    full /= full.sum()
    dropped = np.setdiff1d(np.arange(z.size), kept)
    # the nucleus is a top set, it reaches p, and it is minimal; the cumulative
    # sums are float64 sums of <= 8 terms, so 1e-12 absorbs their rounding
    if dropped.size:
        assert z[kept].min() >= z[dropped].max()
    mass = math.fsum(full[kept].tolist())
    assert mass >= p - 1e-12
    assert mass - full[kept[-1]] < p + 1e-12
    assert np.all(probs[dropped] == 0.0)
    assert_allclose(probs.sum(), 1.0, rtol=1e-12)


@FAST
@given(logit_vectors, st.floats(0.05, 0.95))
def test_top_p_matches_hugging_face_rule(z: np.ndarray, p: float) -> None:
    mask = hf_top_p_mask(z, p)
    ours = decoding_distribution(z, top_p=p) > 0
    # Among equal logits the two rules may keep different indices (torch.sort's
    # tie order is unspecified), so compare the kept logit values as multisets.
    # They may also differ when a cumulative sum ties with p up to rounding; then
    # the kept masses are within 1e-12 of p (sums of <= 8 float64 terms).
    if sorted(z[ours].tolist()) != sorted(z[mask].tolist()):
        full = np.exp(z - z.max())
        full /= full.sum()
        near = [abs(math.fsum(full[m].tolist()) - p) < 1e-12 for m in (ours, mask)]
        assert any(near)


def test_top_k_ties_keep_lower_index() -> None:
    kept, probs = top_k_filter([0.0, 2.0, 1.0, 2.0], 2)
    assert kept.tolist() == [1, 3]
    assert_allclose(probs, [0.0, 0.5, 0.0, 0.5], rtol=REL)
    assert top_k_filter([1.0, 1.0, 1.0], 1)[0].tolist() == [0]


def test_decoding_distribution_order_of_operations() -> None:
    # T = 2 flattens: the 0.9 nucleus now holds four tokens, at T = 1 three
    assert np.count_nonzero(decoding_distribution(LOGITS, top_p=0.9)) == 3
    p2 = decoding_distribution(LOGITS, temperature=2.0, top_p=0.9)
    assert np.count_nonzero(p2) == 4
    assert hf_top_p_mask(np.array(LOGITS) / 2.0, 0.9).tolist() == (p2 > 0).tolist()
    # top-k before top-p: the nucleus is taken within the renormalised top 2.
    # Hand computation: there p(mat) = 1 / (1 + e^-1) ~ 0.731 >= 0.7, so "mat"
    # alone; over the full vocabulary p(mat) ~ 0.634 < 0.7, so "mat" and "the".
    assert np.flatnonzero(decoding_distribution(LOGITS, top_k=2, top_p=0.7)).tolist() == [4]
    assert np.flatnonzero(decoding_distribution(LOGITS, top_p=0.7)).tolist() == [0, 4]
    assert np.flatnonzero(decoding_distribution(LOGITS, top_k=2, top_p=0.75)).tolist() == [0, 4]


@pytest.mark.parametrize(
    ("kw", "seed"),
    [
        ({}, 0),
        ({"temperature": 0.5}, 1),
        ({"top_k": 2}, 2),
        ({"top_p": 0.9}, 3),
        ({"temperature": 2.0, "top_p": 0.9}, 4),
        ({"temperature": 1.5, "top_k": 4}, 5),
    ],
)
def test_sample_tokens_chi_square(kw: dict[str, Any], seed: int) -> None:
    probs = decoding_distribution(LOGITS, **kw)
    tokens = sample_tokens(LOGITS, 20_000, rng=rng(seed), **kw)
    counts = np.bincount(tokens, minlength=5)
    keep = probs > 0
    assert counts[~keep].sum() == 0
    assert ss.chisquare(counts[keep], tokens.size * probs[keep]).pvalue > ALPHA


def test_sample_tokens_chi_square_power() -> None:
    # samples at T = 1 are rejected as samples of the T = 1.2 distribution
    tokens = sample_tokens(LOGITS, 20_000, rng=rng(6))
    wrong = apply_temperature(LOGITS, 1.2)
    assert ss.chisquare(np.bincount(tokens, minlength=5), 20_000 * wrong).pvalue < ALPHA


# ---------------------------------------------------------------------------
# Error paths
# ---------------------------------------------------------------------------

Call = Callable[[], object]


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: mc_integrate(np.sin, 1.0, 1.0, 10, rng=rng()), ValueError, "`a`"),
        (lambda: mc_integrate(np.sin, 0.0, 1.0, 1, rng=rng()), ValueError, "`n`"),
        (lambda: mc_integrate(np.log, -1.0, 1.0, 10, rng=rng()), ValueError, "`f`"),
        (lambda: mc_integrate(lambda x: x[:2], 0.0, 1.0, 10, rng=rng()), ValueError, "`f`"),
        (lambda: mc_integrate("sin", 0.0, 1.0, 10, rng=rng()), TypeError, "`f`"),  # type: ignore[arg-type]
        (lambda: mc_integrate(np.sin, 0.0, 1.0, 10, rng=0), TypeError, "`rng`"),  # type: ignore[arg-type]
        (lambda: mc_integrate(np.sin, 0.0, math.inf, 10, rng=rng()), ValueError, "`b`"),
        (lambda: pi_draws(0, rng=rng()), ValueError, "`n`"),
        (lambda: pi_draws(2.0, rng=rng()), TypeError, "`n`"),  # type: ignore[arg-type]
        (lambda: estimate_pi(1, rng=rng()), ValueError, "`n`"),
        (lambda: batch_means_se([1.0, 2.0, 3.0], 4), ValueError, "`x`"),
        (lambda: batch_means_se([1.0, 2.0, 3.0], 1), ValueError, "`n_batches`"),
        (lambda: batch_means_se(np.ones((2, 2, 2)), 2), ValueError, "`x`"),
        (lambda: batch_means_se([1.0, np.nan], 2), ValueError, "`x`"),
        (lambda: inverse_transform([0.5, 1.5], np.sqrt), ValueError, "`u`"),
        (lambda: inverse_transform([0.5], "sqrt"), TypeError, "`quantile`"),  # type: ignore[arg-type]
        (lambda: inverse_transform([0.0], np.log), ValueError, "`quantile`"),
        (lambda: exponential_inverse_cdf([1.0]), ValueError, "`u`"),
        (lambda: exponential_inverse_cdf([-0.1]), ValueError, "`u`"),
        (lambda: exponential_inverse_cdf([0.5], 0.0), ValueError, "`rate`"),
        (lambda: exponential_inverse_cdf([0.5], "1"), TypeError, "`rate`"),  # type: ignore[arg-type]
        (lambda: box_muller(0, rng=rng()), ValueError, "`n`"),
        (lambda: box_muller(True, rng=rng()), TypeError, "`n`"),
        (lambda: effective_sample_size([1.0, -1.0]), ValueError, "`weights`"),
        (lambda: effective_sample_size([0.0, 0.0]), ValueError, "`weights`"),
        (lambda: effective_sample_size([[1.0]]), ValueError, "`weights`"),
        (lambda: effective_sample_size([1.0, math.inf]), ValueError, "`weights`"),
    ],
)
def test_errors_integration_and_exact(call: Call, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


def _rej(M: float = 2.0, **kw: Any) -> object:
    args: dict[str, Any] = {
        "target_pdf": lambda t: 2 * t,
        "proposal_sample": uniform_proposal,
        "proposal_pdf": np.ones_like,
        "M": M,
        "n": 10,
        "rng": rng(),
    }
    args.update(kw)
    return rejection_sample(**args)


def _is(**kw: Any) -> object:
    args: dict[str, Any] = {
        "f": lambda x: x,
        "target_logpdf": normal_logpdf,
        "proposal_sample": lambda size, gen: gen.standard_normal(size),
        "proposal_logpdf": normal_logpdf,
        "n": 10,
        "rng": rng(),
    }
    args.update(kw)
    return importance_estimate(**args)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: _rej(0.5), ValueError, "`M`"),
        (lambda: _rej(1.5), ValueError, "`M` = 1.5 is too small"),
        (lambda: _rej(math.nan), ValueError, "`M`"),
        (lambda: _rej("2"), TypeError, "`M`"),  # type: ignore[arg-type]
        (lambda: _rej(n=0), ValueError, "`n`"),
        (lambda: _rej(target_pdf=lambda t: -t), ValueError, "`target_pdf`"),
        (lambda: _rej(proposal_pdf=np.zeros_like), ValueError, "`proposal_pdf`"),
        (
            lambda: _rej(proposal_sample=lambda size, gen: gen.random(size + 1)),
            ValueError,
            "`proposal_sample`",
        ),
        (lambda: _rej(proposal_sample=lambda size: size), TypeError, "`proposal_sample`"),
        (lambda: _rej(target_pdf=None), TypeError, "`target_pdf`"),
        (lambda: _rej(M=1e9, n=10**6), ValueError, "`M`"),
        (lambda: _is(n=0), ValueError, "`n`"),
        (lambda: _is(f=lambda x: x / 0.0), ValueError, "`f`"),
        (
            lambda: _is(target_logpdf=lambda x: np.full_like(x, -np.inf)),
            ValueError,
            "`target_logpdf`",
        ),
        (
            lambda: _is(target_logpdf=lambda x: np.full_like(x, np.nan)),
            ValueError,
            "`target_logpdf`",
        ),
        (
            lambda: _is(proposal_logpdf=lambda x: np.full_like(x, -np.inf)),
            ValueError,
            "`proposal_logpdf`",
        ),
        (
            lambda: _is(proposal_sample=lambda size, gen: np.ones(3)),
            ValueError,
            "`proposal_sample`",
        ),
        (lambda: _is(proposal_sample=lambda size: size), TypeError, "`proposal_sample`"),
        (lambda: _is(self_normalize="no"), TypeError, "`self_normalize`"),
        (
            lambda: _is(target_logpdf=lambda x: x * 0 + 800.0, self_normalize=False),
            ValueError,
            "`target_logpdf`",
        ),
        (lambda: _is(proposal_logpdf=3), TypeError, "`proposal_logpdf`"),
    ],
)
def test_errors_rejection_and_importance(call: Call, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (
            lambda: metropolis_hastings(std_normal_logpdf, 0.0, 0.0, 10, rng=rng()),
            ValueError,
            "`step`",
        ),
        (
            lambda: metropolis_hastings(std_normal_logpdf, 0.0, -1.0, 10, rng=rng()),
            ValueError,
            "`step`",
        ),
        (lambda: metropolis_hastings(std_normal_logpdf, 0.0, 1.0, 0, rng=rng()), ValueError, "`n`"),
        (
            lambda: metropolis_hastings(std_normal_logpdf, [[0.0]], 1.0, 5, rng=rng()),
            ValueError,
            "`x0`",
        ),
        (
            lambda: metropolis_hastings(std_normal_logpdf, math.nan, 1.0, 5, rng=rng()),
            ValueError,
            "`x0`",
        ),
        (
            lambda: metropolis_hastings(lambda x: -math.inf, 0.0, 1.0, 5, rng=rng()),
            ValueError,
            "`x0`",
        ),
        (
            lambda: metropolis_hastings(lambda x: math.nan, 0.0, 1.0, 5, rng=rng()),
            ValueError,
            "`logpdf`",
        ),
        (lambda: metropolis_hastings(lambda x: "a", 0.0, 1.0, 5, rng=rng()), TypeError, "`logpdf`"),
        (lambda: metropolis_hastings(None, 0.0, 1.0, 5, rng=rng()), TypeError, "`logpdf`"),  # type: ignore[arg-type]
        (lambda: metropolis_hastings(std_normal_logpdf, 0.0, 1.0, 5, rng=None), TypeError, "`rng`"),  # type: ignore[arg-type]
        (lambda: gibbs_bivariate_gaussian(1.0, 10, rng=rng()), ValueError, "`rho`"),
        (lambda: gibbs_bivariate_gaussian(-1.5, 10, rng=rng()), ValueError, "`rho`"),
        (lambda: gibbs_bivariate_gaussian(0.5, 0, rng=rng()), ValueError, "`n`"),
        (
            lambda: gibbs_bivariate_gaussian(0.5, 10, rng=rng(), x0=[0.0, 0.0, 0.0]),
            ValueError,
            "`x0`",
        ),
        (lambda: gibbs_bivariate_gaussian("0.5", 10, rng=rng()), TypeError, "`rho`"),  # type: ignore[arg-type]
        (lambda: reparam_gradient(np.cos, 0.0, 0.0, [1.0]), ValueError, "`sigma`"),
        (lambda: reparam_gradient(np.cos, 0.0, 1.0, [[1.0]]), ValueError, "`eps`"),
        (lambda: reparam_gradient(np.cos, math.inf, 1.0, [1.0]), ValueError, "`mu`"),
        (lambda: reparam_gradient(1.0, 0.0, 1.0, [1.0]), TypeError, "`df`"),  # type: ignore[arg-type]
        (lambda: reparam_gradient(np.log, 0.0, 1.0, [-1.0]), ValueError, "`df`"),
        (lambda: score_function_gradient(np.sin, 0.0, -1.0, [1.0]), ValueError, "`sigma`"),
        (
            lambda: score_function_gradient(np.sin, 0.0, 1.0, [1.0], baseline=math.nan),
            ValueError,
            "`baseline`",
        ),
        (lambda: score_function_gradient(np.sin, 0.0, 1.0, []), ValueError, "`eps`"),
        (lambda: score_function_gradient("sin", 0.0, 1.0, [1.0]), TypeError, "`f`"),  # type: ignore[arg-type]
    ],
)
def test_errors_mcmc_and_gradients(call: Call, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: apply_temperature(LOGITS, 0.0), ValueError, "`temperature`"),
        (lambda: apply_temperature(LOGITS, -1.0), ValueError, "`temperature`"),
        (lambda: apply_temperature(LOGITS, 1e-310), ValueError, "`temperature`"),
        (lambda: apply_temperature([1.0, math.inf], 1.0), ValueError, "`logits`"),
        (lambda: apply_temperature([1.0, math.nan], 1.0), ValueError, "`logits`"),
        (lambda: apply_temperature([[1.0, 2.0]], 1.0), ValueError, "`logits`"),
        (lambda: apply_temperature([], 1.0), ValueError, "`logits`"),
        (lambda: top_k_filter(LOGITS, 0), ValueError, "`k`"),
        (lambda: top_k_filter(LOGITS, 6), ValueError, "`k`"),
        (lambda: top_k_filter(LOGITS, 2.0), TypeError, "`k`"),  # type: ignore[arg-type]
        (lambda: top_k_filter([1.0, -math.inf], 1), ValueError, "`logits`"),
        (lambda: top_p_filter(LOGITS, 0.0), ValueError, "`p`"),
        (lambda: top_p_filter(LOGITS, 1.5), ValueError, "`p`"),
        (lambda: top_p_filter(LOGITS, math.nan), ValueError, "`p`"),
        (lambda: top_p_filter(LOGITS, "0.9"), TypeError, "`p`"),  # type: ignore[arg-type]
        (lambda: top_p_filter("abc", 0.9), TypeError, "`logits`"),
        (lambda: decoding_distribution(LOGITS, top_k=9), ValueError, "`top_k`"),
        (lambda: decoding_distribution(LOGITS, top_p=-0.1), ValueError, "`top_p`"),
        (lambda: decoding_distribution(LOGITS, temperature=0.0), ValueError, "`temperature`"),
        (lambda: sample_tokens(LOGITS, 0, rng=rng()), ValueError, "`n`"),
        (lambda: sample_tokens(LOGITS, 5, rng=1), TypeError, "`rng`"),  # type: ignore[arg-type]
        (lambda: sample_tokens([1.0, math.nan], 5, rng=rng()), ValueError, "`logits`"),
        (lambda: sample_tokens(LOGITS, 5, rng=rng(), top_p=2.0), ValueError, "`top_p`"),
    ],
)
def test_errors_decoding(call: Call, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def test_plot_mc_error_draws_the_power_law() -> None:
    ns = np.array([10.0, 100.0, 1000.0])
    fig = plot_mc_error(ns, [0.3, 0.1, 0.03], -0.5, 0.9, sigma=1.0)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert ax.get_yscale() == "log"
    measured, fit, theory = ax.lines
    assert_allclose(data(measured)[1], [0.3, 0.1, 0.03])
    xf, yf = data(fit)
    assert_allclose(yf, 0.9 * xf**-0.5, rtol=REL)
    xt, yt = data(theory)
    assert_allclose(yt, 1.0 / np.sqrt(xt), rtol=REL)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    with pytest.raises(ValueError, match="`ns`"):
        plot_mc_error([0.0, 1.0], [1.0, 1.0], -0.5, 1.0)
    with pytest.raises(ValueError, match="`ns`"):
        plot_mc_error([1.0, 2.0], [1.0], -0.5, 1.0)


def test_plot_rejection_draws_envelope() -> None:
    M = 2.5
    fig = plot_rejection(lambda t: 2 * t, np.ones_like, M, [0.2, 0.5, 0.9], (0.0, 1.0))
    ax = fig.axes[0]
    target, envelope = ax.lines
    x, p = data(target)
    assert_allclose(p, 2 * x, rtol=REL)
    assert_allclose(data(envelope)[1], np.full_like(x, M), rtol=REL)
    assert np.all(data(envelope)[1] >= p)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    with pytest.raises(ValueError, match="`x_range`"):
        plot_rejection(lambda t: 2 * t, np.ones_like, M, [0.5], (1.0, 0.0))
    with pytest.raises(TypeError, match="`target_pdf`"):
        plot_rejection(None, np.ones_like, M, [0.5], (0.0, 1.0))  # type: ignore[arg-type]


def test_plot_mcmc_trace_and_density() -> None:
    chain, _ = metropolis_hastings(std_normal_logpdf, 0.0, 2.4, 2000, rng=rng(30))
    fig = plot_mcmc(chain, lambda t: ss.norm.pdf(t), burn_in=100)
    ax_t, ax_h = fig.axes
    assert_allclose(data(ax_t.lines[0])[1], chain, rtol=0)
    xc, yc = data(ax_h.lines[0])
    assert_allclose(yc, ss.norm.pdf(xc), rtol=REL)
    # the histogram is a density of the post-burn-in states: bar areas sum to 1
    areas = [p.get_height() * p.get_width() for p in bars(ax_h)]
    assert_allclose(sum(areas), 1.0, rtol=1e-9)
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    with pytest.raises(ValueError, match="`burn_in`"):
        plot_mcmc(chain, ss.norm.pdf, burn_in=2000)
    with pytest.raises(TypeError, match="`burn_in`"):
        plot_mcmc(chain, ss.norm.pdf, burn_in=1.5)  # type: ignore[arg-type]


def test_plot_gibbs_staircase_and_ellipses() -> None:
    rho = 0.6
    xy = gibbs_bivariate_gaussian(rho, 500, rng=rng(31))
    fig = plot_gibbs(xy, rho, n_path=10)
    ax = fig.axes[0]
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    assert_allclose(np.asarray(scatter.get_offsets(), dtype=np.float64), xy, rtol=0)
    ring1, ring2, path = ax.lines
    # the rings are Mahalanobis radii 1 and 2 of the target covariance
    prec = np.linalg.inv([[1.0, rho], [rho, 1.0]])
    for ring, radius in ((ring1, 1.0), (ring2, 2.0)):
        pts = np.column_stack(data(ring))
        assert_allclose(np.einsum("ij,jk,ik->i", pts, prec, pts), radius**2, rtol=1e-9)
    # the path moves one coordinate at a time, from the origin through the samples
    path_xy = np.column_stack(data(path))
    steps = np.diff(path_xy, axis=0)
    assert np.all((steps[:, 0] == 0) | (steps[:, 1] == 0))
    assert_allclose(path_xy[0], [0.0, 0.0])
    assert_allclose(path_xy[2::2], xy[:10])
    with pytest.raises(ValueError, match="`samples`"):
        plot_gibbs(np.ones((3, 3)), rho)
    with pytest.raises(ValueError, match="`rho`"):
        plot_gibbs(xy, 1.0)
    with pytest.raises(ValueError, match="`n_path`"):
        plot_gibbs(xy, rho, n_path=0)


def test_plot_gradient_estimators() -> None:
    a, b = rng(32).normal(2, 1, 500), rng(33).normal(2, 3, 500)
    fig = plot_gradient_estimators({"narrow": a, "wide": b}, 2.0)
    ax = fig.axes[0]
    assert_allclose(data(ax.lines[0])[0], [2.0, 2.0])  # the exact gradient
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert any(label.startswith("narrow") for label in labels)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    with pytest.raises(ValueError, match="`estimates`"):
        plot_gradient_estimators({}, 1.0)


def test_plot_decoding_bar_heights() -> None:
    dists = {
        name: decoding_distribution(LOGITS, **kw)
        for name, kw in {"T = 1": {}, "top-k = 2": {"top_k": 2}}.items()
    }
    fig = plot_decoding(VOCAB, dists)
    ax = fig.axes[0]
    heights = np.array([p.get_height() for p in bars(ax)])
    assert_allclose(heights, np.concatenate(list(dists.values())), rtol=REL)
    assert [t.get_text() for t in ax.get_xticklabels()] == VOCAB
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    with pytest.raises(ValueError, match="distributions"):
        plot_decoding(VOCAB, {"bad": [0.5, 0.5]})
    with pytest.raises(ValueError, match="`distributions`"):
        plot_decoding(VOCAB, {})


def test_errors_direct_calls() -> None:
    # the same error paths as the helpers above, called directly
    with pytest.raises(ValueError, match="`M`"):
        rejection_sample(lambda t: 2 * t, uniform_proposal, np.ones_like, 0.5, 10, rng=rng())
    with pytest.raises(ValueError, match="`n`"):
        importance_estimate(
            lambda x: x, normal_logpdf, uniform_proposal, normal_logpdf, 0, rng=rng()
        )
