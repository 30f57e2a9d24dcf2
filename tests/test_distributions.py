"""Tests for aimath.distributions (chapter 11): reference values, properties, scipy, errors.

Tolerances. Densities are computed in log space from ``math.lgamma``; the
absolute error of a log-density is a few units of eps = 2.2e-16 times the size
of the largest term that cancels in it (``log Γ(n + 1)``, ``k log p``, ...).
SciPy evaluates the same formulas (``scipy.stats.binom.logpmf`` is
``gammaln + xlogy + xlog1py``), so log-densities are compared with
``rtol=1e-12`` (which covers the large terms: a 1e5-sized ``k log p`` is only
known to ~2e-11) and an absolute floor of ``1e-10`` in log space, ~100x the
rounding of terms of size <= ~2000 (the parameter ranges below keep them there).
A log error of ``e`` is a relative error of about ``e`` in the density, so
densities and cdfs are compared with ``rtol=1e-10``, plus ``atol=1e-300``:
results in the subnormal range (< 2.2e-308) keep only a few significant bits,
in SciPy as here. Where a density underflows to 0 the comparison moves to log
space, where the tails stay finite.

Samplers are checked statistically with fixed seeds: a goodness-of-fit test
(Kolmogorov–Smirnov for continuous, chi-square for discrete distributions)
at significance level ``ALPHA = 1e-3`` and sample moments within ``Z = 5``
standard errors of the truth. With the seed fixed each outcome is
deterministic; the level says how unlikely a pass-to-fail flip is when a seed
or N is changed. "Power" tests show the same checks reject a slightly wrong
sampler.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.special as sps
import scipy.stats as ss
import sympy
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.contour import ContourSet
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose, assert_array_equal
from numpy.typing import NDArray
from strategies import FAST

from aimath._validation import SUM_TOL
from aimath.distributions import (
    bernoulli_log_partition,
    bernoulli_logpmf,
    bernoulli_natural_parameter,
    bernoulli_pmf,
    bernoulli_sample,
    beta_bernoulli_update,
    beta_logpdf,
    beta_pdf,
    binomial_cdf,
    binomial_logpmf,
    binomial_pmf,
    binomial_sample,
    categorical_logpmf,
    categorical_pmf,
    categorical_sample,
    multinomial_logpmf,
    multinomial_pmf,
    multinomial_sample,
    mvn_logpdf,
    mvn_pdf,
    mvn_sample,
    normal_cdf,
    normal_log_partition,
    normal_logpdf,
    normal_natural_parameters,
    normal_pdf,
    normal_sample,
    poisson_cdf,
    poisson_logpmf,
    poisson_pmf,
    poisson_sample,
    uniform_cdf,
    uniform_logpdf,
    uniform_pdf,
    uniform_sample,
)
from aimath.plotting.distributions import (
    plot_beta_posteriors,
    plot_mvn_samples,
    plot_normal_sigma_bands,
    plot_pmf_bars,
    plot_sample_fit,
)

FloatArray = NDArray[np.float64]

#: Log-space tolerances (see the module docstring).
LOG_RTOL, LOG_ATOL = 1e-12, 1e-10
#: Density and cdf tolerances (see the module docstring).
RTOL, TINY = 1e-10, 1e-300
#: Significance level of the goodness-of-fit tests, and the moment band in SEs.
ALPHA, Z = 1e-3, 5.0
#: Samples per statistical test: enough for power, fast enough (~1 ms per draw call).
N_SAMPLES = 20_000


def arr(x: object) -> FloatArray:
    """The result of a density as a float array (for indexing under mypy)."""
    return np.asarray(x, dtype=np.float64)


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def xy(line: Line2D) -> FloatArray:
    """The plotted points of a line, as an (n, 2) float array."""
    return np.asarray(line.get_xydata(), dtype=np.float64)


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


# ---------------------------------------------------------------------------
# Strategies used only here
# ---------------------------------------------------------------------------

#: A probability: the endpoints, tiny values and anything in between (no subnormals).
probabilities = st.one_of(
    st.sampled_from([0.0, 1.0, 1e-300, 0.5]),
    st.floats(0.0, 1.0, allow_subnormal=False),
)
open_probabilities = st.floats(1e-6, 1.0 - 1e-6)


@st.composite
def binomial_cases(draw: st.DrawFn) -> tuple[FloatArray, int, float]:
    """``(k, n, p)``: n <= 300, k mostly in the support, some outside or non-integer."""
    n = draw(st.integers(0, 300))
    p = draw(probabilities)
    ks = draw(hnp.arrays(np.float64, st.integers(1, 12), elements=st.integers(-2, n + 2)))
    extra = draw(st.sampled_from([[], [0.5], [n + 0.25]]))
    return np.concatenate([ks, extra]), n, p


@st.composite
def poisson_cases(draw: st.DrawFn) -> tuple[FloatArray, float]:
    """``(k, lam)``: lam <= 1000, k around the bulk and in both tails."""
    lam = draw(st.one_of(st.just(0.0), st.floats(1e-3, 1e3)))
    top = int(lam + 10 * math.sqrt(lam) + 20)
    ks = draw(hnp.arrays(np.float64, st.integers(1, 12), elements=st.integers(-1, top)))
    return np.concatenate([ks, [2.5]]), lam


@st.composite
def normal_cases(draw: st.DrawFn, z_max: float) -> tuple[FloatArray, float, float]:
    """``(x, mu, sigma)`` with standardized points ``|z| <= z_max``."""
    mu = draw(st.floats(-1e3, 1e3))
    sigma = draw(st.floats(1e-3, 1e3))
    z = draw(hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(-z_max, z_max)))
    return mu + sigma * z, mu, sigma


@st.composite
def probability_vectors(draw: st.DrawFn, min_size: int = 1) -> FloatArray:
    """Weights in [1e-3, 1] (sometimes an exact 0) divided by their sum."""
    K = draw(st.integers(min_size, 8))
    w = draw(
        hnp.arrays(np.float64, K, elements=st.one_of(st.just(0.0), st.floats(1e-3, 1.0))).filter(
            lambda v: bool(v[-1] > 0)
        )  # SciPy's multinomial rebuilds the last entry
    )
    out: FloatArray = w / w.sum()
    return out


@st.composite
def spd_matrices(draw: st.DrawFn, d: int) -> FloatArray:
    """Symmetric positive definite d x d matrices with condition number <= ~1e4."""
    B = draw(hnp.arrays(np.float64, (d, d), elements=st.floats(-3.0, 3.0)))
    shift = draw(st.floats(1e-2, 10.0))
    out: FloatArray = B @ B.T + shift * np.eye(d)
    return out


# ---------------------------------------------------------------------------
# 1. Reference values (provenance in the comments)
# ---------------------------------------------------------------------------


def test_binomial_book_example_is_252_over_1024() -> None:
    # exact rational arithmetic: C(10, 5) / 2^10 = 252 / 1024
    exact = Fraction(math.comb(10, 5), 2**10)
    assert exact == Fraction(252, 1024)
    # log C(10, 5) from lgamma terms of size ~15: a few ulp of 15, rtol 1e-14
    assert binomial_pmf(5, 10, 0.5) == pytest.approx(float(exact), rel=1e-14)
    assert binomial_logpmf(5, 10, 0.5) == pytest.approx(math.log(252 / 1024), rel=1e-14)
    assert isinstance(binomial_pmf(5, 10, 0.5), float)


def test_binomial_pmf_where_the_coefficient_overflows() -> None:
    # exact rational arithmetic: C(2000, 1000) / 2^2000 (C ~ 2e600 overflows float64,
    # and 2^-2000 underflows, but their ratio ~0.0178 is an ordinary number)
    with pytest.raises(OverflowError):
        float(math.comb(2000, 1000))
    exact = float(Fraction(math.comb(2000, 1000), 2**2000))
    # lgamma terms of size ~1.3e4 cancel: ~eps * 1.3e4 * few ~ 1e-11 relative
    assert binomial_pmf(1000, 2000, 0.5) == pytest.approx(exact, rel=1e-11)


def test_binomial_cdf_exact_fractions() -> None:
    # exact rational arithmetic: P(X <= k) = sum_{j<=k} C(10, j) / 2^10
    cdf = [float(sum(Fraction(math.comb(10, j), 1024) for j in range(k + 1))) for k in range(11)]
    # sums of <= 11 terms each accurate to ~1e-14
    assert_allclose(arr(binomial_cdf(np.arange(11), 10, 0.5)), cdf, rtol=1e-13)
    assert binomial_cdf(10, 10, 0.5) == 1.0
    assert binomial_cdf(-0.5, 10, 0.5) == 0.0
    # floor: P(X <= 4.9) = P(X <= 4)
    assert binomial_cdf(4.9, 10, 0.5) == binomial_cdf(4, 10, 0.5)


def test_poisson_reference_values() -> None:
    # closed form: e^-lam lam^k / k!, and P(X <= 2) = e^-lam (1 + lam + lam^2/2)
    lam = 3.0
    for k in range(8):
        assert poisson_pmf(k, lam) == pytest.approx(
            math.exp(-lam) * lam**k / math.factorial(k), rel=1e-14
        )
    assert poisson_cdf(2, lam) == pytest.approx(math.exp(-lam) * (1 + lam + lam**2 / 2), rel=1e-14)
    assert poisson_pmf(0, 0.0) == 1.0  # lam = 0: the point mass at 0
    assert poisson_pmf(1, 0.0) == 0.0


def test_poisson_large_rate() -> None:
    # lam = 1e6: the log-pmf cancels terms of size ~1.4e7, so its absolute error is
    # ~eps * 1.4e7 ~ 3e-9: compared with SciPy at atol 1e-8 in log space
    lam = 1e6
    k = np.array([9e5, 999_000.0, 1e6, 1.001e6, 1.1e6])
    assert_allclose(arr(poisson_logpmf(k, lam)), ss.poisson.logpmf(k, lam), rtol=0, atol=1e-8)
    # the cdf sums ~1.05e6 terms, each accurate to ~3e-9 relative
    assert_allclose(arr(poisson_cdf(k, lam)), ss.poisson.cdf(k, lam), rtol=1e-7, atol=TINY)


def test_bernoulli_reference_values() -> None:
    # definition: P(1) = p, P(0) = 1 - p, 0 elsewhere
    assert_array_equal(arr(bernoulli_pmf([0, 1, 2, -1, 0.5], 0.3)), [0.7, 0.3, 0.0, 0.0, 0.0])
    assert bernoulli_logpmf(0, 0.0) == 0.0
    assert bernoulli_logpmf(1, 0.0) == -math.inf
    # log1p keeps log(1 - p) accurate for tiny p: log(1 - 1e-20) = -1e-20
    assert bernoulli_logpmf(0, 1e-20) == pytest.approx(-1e-20, rel=1e-15)


def test_normal_reference_values() -> None:
    # closed forms: p(mu) = 1 / (sigma sqrt(2 pi)); Phi(0) = 1/2; Phi(1) - Phi(-1) = erf(1/sqrt 2)
    assert normal_pdf(2.0, 2.0, 3.0) == pytest.approx(1 / (3 * math.sqrt(2 * math.pi)), rel=1e-15)
    assert normal_cdf(0.0) == 0.5
    mass_1 = arr(normal_cdf(1.0)) - arr(normal_cdf(-1.0))
    assert float(mass_1) == pytest.approx(math.erf(1 / math.sqrt(2)), rel=1e-15)
    # SymPy (mpmath underneath) at 50 digits: Phi(z) = erfc(-z / sqrt 2) / 2 at z = -10, -37
    for z in (-10.0, -37.0):
        # condition number of erfc at z/sqrt2 ~ z^2: ~1400 ulp at z = -37
        assert normal_cdf(z) == pytest.approx(
            float((sympy.erfc(-sympy.Integer(int(z)) / sympy.sqrt(2)) / 2).evalf(50)), rel=1e-12
        )
    # the textbook erf form cancels to exactly 0 there
    assert 0.5 * (1 + math.erf(-10 / math.sqrt(2))) == 0.0
    # closed form: log p(40) = -800 - log(2 pi)/2, though p(40) underflows
    assert normal_logpdf(40.0) == pytest.approx(-800 - 0.5 * math.log(2 * math.pi), rel=1e-15)
    assert normal_pdf(40.0) == 0.0


def test_uniform_reference_values() -> None:
    # definition: 1/(b - a) on [a, b] (closed), (x - a)/(b - a) for the cdf
    assert_array_equal(
        arr(uniform_pdf([-1.0, 0.0, 1.0, 4.0, 5.0], 0.0, 4.0)), [0, 0.25, 0.25, 0.25, 0]
    )
    assert_array_equal(arr(uniform_cdf([-1.0, 1.0, 4.0, 5.0], 0.0, 4.0)), [0.0, 0.25, 1.0, 1.0])
    assert uniform_logpdf(3.0, 2.0, 6.0) == -math.log(4.0)
    assert uniform_pdf(0.5) == 1.0  # default [0, 1]


def test_mvn_reference_values() -> None:
    # closed form, d = 2: log p(mu) = -log(2 pi) - log(det S)/2 with det S = 1 - 0.49
    S = [[1.0, 0.7], [0.7, 1.0]]
    expected = -math.log(2 * math.pi) - 0.5 * math.log(0.51)
    assert mvn_logpdf([0.0, 0.0], [0.0, 0.0], S) == pytest.approx(expected, rel=1e-14)
    # closed form: S^-1 = [[1, -0.7], [-0.7, 1]] / 0.51, so (1, 1) has quad form 0.6/0.51
    quad = (1 - 1.4 + 1) / 0.51
    assert mvn_logpdf([1.0, 1.0], [0.0, 0.0], S) == pytest.approx(expected - quad / 2, rel=1e-14)
    assert mvn_pdf([0.0, 0.0], [0.0, 0.0], S) == pytest.approx(math.exp(expected), rel=1e-14)
    # a batch of points gives one value per row
    out = arr(mvn_logpdf([[0.0, 0.0], [1.0, 1.0]], [0.0, 0.0], S))
    assert out.shape == (2,)


def test_categorical_and_multinomial_reference_values() -> None:
    p = [0.2, 0.3, 0.5]
    assert_array_equal(arr(categorical_pmf([0, 1, 2, 3, 1.5, -1], p)), [0.2, 0.3, 0.5, 0, 0, 0])
    assert categorical_logpmf(2, p) == math.log(0.5)
    # hand computation: 3!/(2! 1! 0!) * 0.2^2 * 0.3 = 3 * 0.012
    assert multinomial_pmf([2, 1, 0], 3, p) == pytest.approx(0.036, rel=1e-13)
    # off the support: the counts do not add up to n, or are negative
    assert multinomial_pmf([2, 1, 1], 3, p) == 0.0
    assert multinomial_logpmf([4, -1, 0], 3, p) == -math.inf


def test_beta_reference_values() -> None:
    # closed forms: Beta(2, 2) = 6 x (1 - x); Beta(1/2, 1/2) = 1 / (pi sqrt(x (1 - x)))
    assert beta_pdf(0.25, 2.0, 2.0) == pytest.approx(6 * 0.25 * 0.75, rel=1e-14)
    assert beta_pdf(0.5, 0.5, 0.5) == pytest.approx(2 / math.pi, rel=1e-14)
    # endpoints: unbounded for alpha < 1, zero for alpha > 1, b for alpha = 1 (Beta(1, b))
    assert_array_equal(arr(beta_pdf([0.0, 1.0], 0.5, 2.0)), [math.inf, 0.0])
    assert beta_pdf(0.0, 1.0, 3.0) == pytest.approx(3.0, rel=1e-14)
    assert beta_logpdf(1.5, 2.0, 2.0) == -math.inf


def test_beta_bernoulli_update_closed_form() -> None:
    # Bishop (2006) eq. 2.18: Beta(a + #ones, b + #zeros)
    assert beta_bernoulli_update(2.0, 2.0, [1, 0, 1, 1]) == (5.0, 3.0)
    assert beta_bernoulli_update(0.5, 0.5, np.ones(7)) == (7.5, 0.5)
    assert beta_bernoulli_update(1.0, 1.0, []) == (1.0, 1.0)  # no data: the prior


def test_exponential_family_reference_values() -> None:
    # closed forms: logit(3/4) = log 3, A(0) = log 2, A(eta) ~ eta for large eta
    assert bernoulli_natural_parameter(0.75) == pytest.approx(math.log(3.0), rel=1e-15)
    assert bernoulli_log_partition(0.0) == math.log(2.0)
    assert bernoulli_log_partition(1000.0) == 1000.0  # log(1 + e^1000) without overflow
    assert bernoulli_log_partition(-1000.0) == 0.0
    # (mu, sigma) = (1, 2): eta = (1/4, -1/8); A = mu^2/(2 sigma^2) + log sigma = 1/8 + log 2
    eta = normal_natural_parameters(1.0, 2.0)
    assert eta == (0.25, -0.125)
    assert normal_log_partition(*eta) == pytest.approx(0.125 + math.log(2.0), rel=1e-15)


def test_samplers_are_reproducible_and_use_only_the_generator() -> None:
    draws: list[Callable[[np.random.Generator], np.ndarray]] = [
        lambda g: bernoulli_sample(0.3, 50, rng=g),
        lambda g: binomial_sample(10, 0.3, 50, rng=g),
        lambda g: poisson_sample(4.0, 50, rng=g),
        lambda g: uniform_sample(-1.0, 2.0, 50, rng=g),
        lambda g: normal_sample(1.0, 2.0, 50, rng=g),
        lambda g: mvn_sample([0.0, 1.0], [[2.0, 0.5], [0.5, 1.0]], 50, rng=g),
        lambda g: categorical_sample([0.2, 0.8], 50, rng=g),
        lambda g: multinomial_sample(5, [0.2, 0.8], 50, rng=g),
    ]
    saved = np.random.get_state()  # noqa: NPY002 - restored below
    try:
        for draw in draws:
            np.random.seed(1)  # noqa: NPY002 - the legacy global state must not matter
            a = draw(rng(7))
            np.random.seed(2)  # noqa: NPY002
            b = draw(rng(7))
            assert_array_equal(a, b)
            assert not np.array_equal(a, draw(rng(8)))
    finally:
        np.random.set_state(saved)  # noqa: NPY002


def test_sample_shapes_and_types() -> None:
    assert bernoulli_sample(0.5, 4, rng=rng(0)).dtype == np.int64
    assert mvn_sample([0.0, 0.0, 0.0], np.eye(3), 6, rng=rng(0)).shape == (6, 3)
    counts = multinomial_sample(9, [0.1, 0.2, 0.7], 5, rng=rng(0))
    assert counts.shape == (5, 3)
    assert_array_equal(counts.sum(axis=1), 9)  # each row is one multinomial outcome
    assert set(bernoulli_sample(0.5, 100, rng=rng(0)).tolist()) == {0, 1}
    # degenerate parameters give degenerate samples
    assert_array_equal(bernoulli_sample(1.0, 5, rng=rng(0)), 1)
    assert_array_equal(binomial_sample(7, 0.0, 5, rng=rng(0)), 0)


def test_probabilities_summing_to_one_within_tolerance_are_accepted() -> None:
    # a deficit of half the tolerance is accepted as it is; twice the tolerance is an error
    assert SUM_TOL == 1e-9  # the documented value
    p = [0.1, 0.2, 0.7 - SUM_TOL / 2]
    assert categorical_pmf(2, p) == 0.7 - SUM_TOL / 2
    with pytest.raises(ValueError, match="must sum to 1"):
        categorical_pmf(2, [0.1, 0.2, 0.7 - 2 * SUM_TOL])


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------


@FAST
@given(st.integers(0, 200), probabilities)
def test_binomial_pmf_sums_to_one_and_has_the_right_moments(n: int, p: float) -> None:
    k = np.arange(n + 1.0)
    pmf = arr(binomial_pmf(k, n, p))
    # n + 1 terms, each accurate to ~1e-13 relative: the sum to ~1e-12
    assert float(np.sum(pmf)) == pytest.approx(1.0, rel=1e-11)
    mean = float(np.sum(k * pmf))
    var = float(np.sum((k - mean) ** 2 * pmf))
    # closed forms np and np(1 - p); absolute slack scaled by n for sums of n terms
    assert mean == pytest.approx(n * p, rel=1e-10, abs=1e-10 * (n + 1))
    assert var == pytest.approx(n * p * (1 - p), rel=1e-8, abs=1e-10 * (n + 1) ** 2)


@FAST
@given(st.integers(0, 200), probabilities, st.data())
def test_binomial_symmetry(n: int, p: float, data: st.DataObject) -> None:
    # P(X = k; n, p) = P(X = n - k; n, 1 - p): the roles of success and failure swap
    k = data.draw(st.integers(0, n))
    q = 1.0 - p
    if 1.0 - q != p:  # 1 - p is rounded; the identity is exact only when it rounds back
        return
    lhs, rhs = arr(binomial_logpmf(k, n, p)), arr(binomial_logpmf(n - k, n, q))
    assert_allclose(lhs, rhs, rtol=LOG_RTOL, atol=LOG_ATOL)


@FAST
@given(st.floats(0.0, 1e3), st.integers(0, 50))
def test_poisson_cdf_is_monotone_and_bounded(lam: float, k: int) -> None:
    values = arr(poisson_cdf(np.arange(-1.0, k + 1.0), lam))
    assert values[0] == 0.0
    assert np.all(np.diff(values) >= 0.0)
    assert np.all(values <= 1.0)
    # far above the bulk the cdf is 1 to double precision
    assert poisson_cdf(lam + 60 * math.sqrt(lam) + 60, lam) == 1.0


@FAST
@given(normal_cases(z_max=8.0))
def test_normal_cdf_symmetry_and_pdf_integrates(case: tuple[FloatArray, float, float]) -> None:
    x, mu, sigma = case
    z = (x - mu) / sigma
    # Phi(z) + Phi(-z) = 1 (standardized, so no rounding enters the two arguments);
    # both are erfc values to a few ulp
    assert_allclose(arr(normal_cdf(z)) + arr(normal_cdf(-z)), 1.0, rtol=0, atol=1e-15)
    # the density integrates to 1: trapezoid on mu +- 12 sigma with 4001 points
    # (the trapezoid rule is spectrally accurate for this smooth, rapidly decaying integrand)
    grid = np.linspace(mu - 12 * sigma, mu + 12 * sigma, 4001)
    assert float(np.trapezoid(arr(normal_pdf(grid, mu, sigma)), grid)) == pytest.approx(
        1.0, rel=1e-12
    )


@FAST
@given(st.integers(1, 4), st.data())
def test_mvn_with_diagonal_covariance_factorizes(d: int, data: st.DataObject) -> None:
    variances = data.draw(hnp.arrays(np.float64, d, elements=st.floats(1e-2, 1e2)))
    mean = data.draw(hnp.arrays(np.float64, d, elements=st.floats(-10.0, 10.0)))
    x = data.draw(hnp.arrays(np.float64, (3, d), elements=st.floats(-10.0, 10.0)))
    # independent coordinates: log p(x) = sum_i log N(x_i; mu_i, sigma_i^2)
    expected = sum(arr(normal_logpdf(x[:, i], mean[i], math.sqrt(variances[i]))) for i in range(d))
    assert_allclose(arr(mvn_logpdf(x, mean, np.diag(variances))), expected, rtol=1e-12, atol=1e-12)


@FAST
@given(
    st.floats(0.1, 20.0),
    st.floats(0.1, 20.0),
    hnp.arrays(np.float64, st.integers(0, 30), elements=st.sampled_from([0.0, 1.0])),
    st.randoms(use_true_random=False),
)
def test_beta_bernoulli_update_is_sequential_and_order_free(
    a: float, b: float, y: FloatArray, shuffler: Any
) -> None:
    batch = beta_bernoulli_update(a, b, y)
    state = (a, b)
    for obs in y:  # one observation at a time: the posterior becomes the next prior
        state = beta_bernoulli_update(*state, [obs])
    # up to 30 additions of 1 to numbers < 50, each rounded: a few ulp of 50
    assert state == pytest.approx(batch, rel=1e-14)
    # the count of ones is exact in any order
    shuffled = list(y)
    shuffler.shuffle(shuffled)
    assert beta_bernoulli_update(a, b, shuffled) == batch


@FAST
@given(
    st.floats(1.0, 10.0),
    st.floats(1.0, 10.0),
    hnp.arrays(np.float64, st.integers(0, 60), elements=st.sampled_from([0.0, 1.0])),
)
def test_beta_bernoulli_posterior_matches_grid_posterior(a: float, b: float, y: FloatArray) -> None:
    # Bayes' rule on a grid, independent of the conjugacy algebra: the log posterior
    # minus log(prior * likelihood) must be the same constant at every p (the log
    # evidence). Comparing shapes in log space avoids numerical normalisation, whose
    # trapezoid error is not uniform (a or b near 1 gives the density an infinite
    # slope at an end).
    grid = np.linspace(0.001, 0.999, 999)
    s, n = float(y.sum()), y.size
    log_joint = ss.beta.logpdf(grid, a, b) + ss.binom.logpmf(s, n, grid)
    a_post, b_post = beta_bernoulli_update(a, b, y)
    difference = log_joint - arr(beta_logpdf(grid, a_post, b_post))
    # the log evidence of a binomial count under a Beta prior, from scipy's betaln
    log_evidence = (
        float(ss.binom.logpmf(s, n, 0.5))
        - n * np.log(0.5)  # log C(n, s)
        + float(sps.betaln(a + s, b + n - s) - sps.betaln(a, b))
    )
    # terms of size <= ~400 (60 * log 1000): each carries ~1e-13 of rounding
    assert_allclose(difference, log_evidence, rtol=0, atol=1e-10)


@FAST
@given(open_probabilities, st.sampled_from([0, 1]))
def test_bernoulli_exponential_family_form(p: float, k: int) -> None:
    eta = bernoulli_natural_parameter(p)
    # exp(eta k - A(eta)) is the pmf; a few roundings in exp/log1p: rtol 1e-12
    assert math.exp(eta * k - bernoulli_log_partition(eta)) == pytest.approx(
        bernoulli_pmf(k, p), rel=1e-12
    )
    # A'(eta) = E[X] = p, by central differences: truncation h^2 A''' / 6 <= 1e-10,
    # round-off eps * |A| / h ~ 1e-11 for |A| <= 14: atol 1e-8
    h = 1e-5
    slope = (bernoulli_log_partition(eta + h) - bernoulli_log_partition(eta - h)) / (2 * h)
    assert slope == pytest.approx(p, abs=1e-8)


@FAST
@given(st.floats(-5.0, 5.0), st.floats(0.2, 5.0), st.floats(-10.0, 10.0))
def test_normal_exponential_family_form(mu: float, sigma: float, x: float) -> None:
    eta1, eta2 = normal_natural_parameters(mu, sigma)
    A = normal_log_partition(eta1, eta2)
    # h(x) exp(eta . T(x) - A) with h = 1/sqrt(2 pi), T = (x, x^2), is the density
    # (terms up to ~1e3 cancel to the exponent: abs error ~1e-13, relative in the pdf)
    via_family = math.exp(eta1 * x + eta2 * x * x - A) / math.sqrt(2 * math.pi)
    # (atol: results near the subnormal range keep fewer significant bits)
    assert via_family == pytest.approx(normal_pdf(x, mu, sigma), rel=1e-11, abs=TINY)
    # grad A = (E[x], E[x^2]) = (mu, mu^2 + sigma^2), by central differences with step
    # h relative to |eta_i|: truncation ~h^2 |A'''| and round-off eps |A| / h; rtol 1e-6
    h1, h2 = 1e-5 * max(1.0, abs(eta1)), 1e-5 * abs(eta2)
    d1 = (normal_log_partition(eta1 + h1, eta2) - normal_log_partition(eta1 - h1, eta2)) / (2 * h1)
    d2 = (normal_log_partition(eta1, eta2 + h2) - normal_log_partition(eta1, eta2 - h2)) / (2 * h2)
    assert d1 == pytest.approx(mu, rel=1e-6, abs=1e-6)
    assert d2 == pytest.approx(mu**2 + sigma**2, rel=1e-6)


# ---------------------------------------------------------------------------
# 3. Reference implementations: scipy.stats over parameter grids
# ---------------------------------------------------------------------------


@FAST
@given(binomial_cases())
def test_binomial_agrees_with_scipy(case: tuple[FloatArray, int, float]) -> None:
    k, n, p = case
    assert_allclose(
        arr(binomial_logpmf(k, n, p)), ss.binom.logpmf(k, n, p), rtol=LOG_RTOL, atol=LOG_ATOL
    )
    assert_allclose(arr(binomial_pmf(k, n, p)), ss.binom.pmf(k, n, p), rtol=RTOL, atol=TINY)
    assert_allclose(arr(binomial_cdf(k, n, p)), ss.binom.cdf(k, n, p), rtol=RTOL, atol=TINY)


@FAST
@given(poisson_cases())
def test_poisson_agrees_with_scipy(case: tuple[FloatArray, float]) -> None:
    k, lam = case
    assert_allclose(
        arr(poisson_logpmf(k, lam)), ss.poisson.logpmf(k, lam), rtol=LOG_RTOL, atol=LOG_ATOL
    )
    assert_allclose(arr(poisson_pmf(k, lam)), ss.poisson.pmf(k, lam), rtol=RTOL, atol=TINY)
    assert_allclose(arr(poisson_cdf(k, lam)), ss.poisson.cdf(k, lam), rtol=RTOL, atol=TINY)


@FAST
@given(
    hnp.arrays(np.float64, st.integers(1, 8), elements=st.sampled_from([-1.0, 0.0, 1.0, 0.5, 2.0])),
    probabilities,
)
def test_bernoulli_agrees_with_scipy(k: FloatArray, p: float) -> None:
    assert_allclose(arr(bernoulli_pmf(k, p)), ss.bernoulli.pmf(k, p), rtol=1e-15, atol=0)
    assert_allclose(
        arr(bernoulli_logpmf(k, p)), ss.bernoulli.logpmf(k, p), rtol=LOG_RTOL, atol=LOG_ATOL
    )


@FAST
@given(
    st.floats(-1e3, 1e3),
    st.floats(1e-3, 1e3),
    hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(-0.5, 1.5)),
)
def test_uniform_agrees_with_scipy(a: float, width: float, u: FloatArray) -> None:
    b = a + width
    # away from the endpoints: SciPy tests loc <= x <= loc + scale, and a + (b - a)
    # may differ from b by an ulp, so a point exactly at b is tested separately above
    u = u[(np.abs(u) > 1e-9) & (np.abs(u - 1.0) > 1e-9)]
    if u.size == 0:
        return
    x = a + (b - a) * u
    ref = ss.uniform(loc=a, scale=b - a)
    assert_allclose(arr(uniform_pdf(x, a, b)), ref.pdf(x), rtol=1e-15, atol=0)
    assert_allclose(arr(uniform_logpdf(x, a, b)), ref.logpdf(x), rtol=1e-15, atol=0)
    # (x - a)/(b - a) in both; a couple of roundings
    assert_allclose(arr(uniform_cdf(x, a, b)), ref.cdf(x), rtol=1e-13, atol=1e-15)


@FAST
@given(normal_cases(z_max=37.0))
def test_normal_agrees_with_scipy(case: tuple[FloatArray, float, float]) -> None:
    x, mu, sigma = case
    assert_allclose(arr(normal_pdf(x, mu, sigma)), ss.norm.pdf(x, mu, sigma), rtol=RTOL, atol=TINY)
    # Phi(z) via erfc of z/sqrt2: the division rounds z by eps, amplified by the
    # condition number ~z^2 <= 1400 of erfc: ~3e-13 relative in the far lower tail
    assert_allclose(arr(normal_cdf(x, mu, sigma)), ss.norm.cdf(x, mu, sigma), rtol=1e-11, atol=TINY)


@FAST
@given(normal_cases(z_max=1e4))
def test_normal_logpdf_agrees_with_scipy_in_the_far_tails(
    case: tuple[FloatArray, float, float],
) -> None:
    # |z| up to 1e4: the density underflows to 0, its logarithm (~ -5e7) does not;
    # compared in log space, relative to the size of z^2/2
    x, mu, sigma = case
    assert_allclose(
        arr(normal_logpdf(x, mu, sigma)), ss.norm.logpdf(x, mu, sigma), rtol=1e-12, atol=1e-12
    )


@FAST
@given(
    st.floats(0.1, 50.0),
    st.floats(0.1, 50.0),
    hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(1e-12, 1.0 - 1e-12)),
)
def test_beta_agrees_with_scipy(a: float, b: float, x: FloatArray) -> None:
    # log B(a, b) from lgamma terms <= lgamma(100) ~ 360: abs error ~1e-13 (SciPy's
    # betaln is more careful); (a - 1) log x <= 50 * 28: rtol covers it
    assert_allclose(arr(beta_logpdf(x, a, b)), ss.beta.logpdf(x, a, b), rtol=LOG_RTOL, atol=1e-11)
    assert_allclose(arr(beta_pdf(x, a, b)), ss.beta.pdf(x, a, b), rtol=RTOL, atol=TINY)


@FAST
@given(probability_vectors(), st.data())
def test_categorical_agrees_with_scipy(p: FloatArray, data: st.DataObject) -> None:
    K = p.size
    k = data.draw(hnp.arrays(np.float64, st.integers(1, 10), elements=st.integers(-1, K)))
    ref = ss.rv_discrete(values=(np.arange(K), p))
    # both look the probability up: exactly equal
    assert_array_equal(arr(categorical_pmf(k, p)), ref.pmf(k))
    with np.errstate(divide="ignore"):  # log 0 = -inf for zero-probability classes
        assert_array_equal(arr(categorical_logpmf(k, p)), np.log(ref.pmf(k)))


@FAST
@given(probability_vectors(min_size=2), st.integers(0, 30), st.data())
def test_multinomial_agrees_with_scipy(p: FloatArray, n: int, data: st.DataObject) -> None:
    K = p.size
    # count vectors that sum to n (the support), plus one that does not
    cuts = np.sort(data.draw(hnp.arrays(np.int64, K - 1, elements=st.integers(0, n))))
    x = np.diff(np.concatenate([[0], cuts, [n]])).astype(np.float64)
    X = np.vstack([x, x + np.eye(K)[0]])  # (2, K): on and off the support
    # SciPy rebuilds the last probability as 1 - sum(others): ~eps absolute, relative
    # ~eps / p_K <= ~1e-12 (p_K >= 1e-3 / 8), times a count <= 31: within the log tolerances
    assert_allclose(
        arr(multinomial_logpmf(X, n, p)), ss.multinomial.logpmf(X, n, p), rtol=1e-10, atol=1e-10
    )
    assert_allclose(arr(multinomial_pmf(X, n, p)), ss.multinomial.pmf(X, n, p), rtol=1e-9, atol=0)


@FAST
@given(st.integers(1, 4).flatmap(lambda d: st.tuples(spd_matrices(d), st.just(d))), st.data())
def test_mvn_agrees_with_scipy(case: tuple[FloatArray, int], data: st.DataObject) -> None:
    S, d = case
    mean = data.draw(hnp.arrays(np.float64, d, elements=st.floats(-10.0, 10.0)))
    x = data.draw(hnp.arrays(np.float64, (5, d), elements=st.floats(-20.0, 20.0)))
    ref = ss.multivariate_normal(mean, S)
    # condition number <= ~1e4: the solve and SciPy's eigendecomposition each carry
    # ~cond * eps ~ 1e-12 relative error in the quadratic form
    assert_allclose(arr(mvn_logpdf(x, mean, S)), ref.logpdf(x), rtol=1e-9, atol=1e-9)
    assert mvn_logpdf(x[0], mean, S) == pytest.approx(float(ref.logpdf(x[0])), rel=1e-9, abs=1e-9)
    assert_allclose(arr(mvn_pdf(x, mean, S)), ref.pdf(x), rtol=1e-8, atol=TINY)


# ---------------------------------------------------------------------------
# Samplers: goodness of fit and moments
# ---------------------------------------------------------------------------


def _pooled_chi2_pvalue(samples: np.ndarray, probs: FloatArray) -> float:
    """Chi-square p-value of integer samples against probabilities of 0, 1, ..., m - 1.

    ``probs[-1]`` must be the probability of ``>= m - 1`` (the upper tail).
    Adjacent cells are pooled until each expected count is at least 5, the
    usual condition for the chi-square approximation.
    """
    m = probs.size
    observed = np.bincount(np.minimum(samples, m - 1), minlength=m).astype(float)
    expected = samples.size * probs
    obs_pooled, exp_pooled = [0.0], [0.0]
    for o, e in zip(observed, expected, strict=True):
        if exp_pooled[-1] >= 5.0:
            obs_pooled.append(0.0)
            exp_pooled.append(0.0)
        obs_pooled[-1] += o
        exp_pooled[-1] += e
    if exp_pooled[-1] < 5.0 and len(exp_pooled) > 1:  # fold a thin last cell into its neighbour
        last_obs, last_exp = obs_pooled.pop(), exp_pooled.pop()
        obs_pooled[-1] += last_obs
        exp_pooled[-1] += last_exp
    return float(ss.chisquare(obs_pooled, exp_pooled).pvalue)


def _assert_moments(samples: np.ndarray, dist: Any) -> None:
    """Sample mean and variance within Z standard errors of a frozen scipy distribution's."""
    n = samples.shape[0]
    mean, var, kurt = (float(v) for v in dist.stats(moments="mvk"))
    # SE of the mean sqrt(var/n); of the unbiased sample variance, exactly for iid
    # samples, sqrt((mu4 - var^2 (n - 3)/(n - 1)) / n) with mu4 = (excess kurtosis + 3)
    # var^2 (the (n - 3)/(n - 1) keeps it positive for a fair coin, where mu4 = var^2)
    se_mean = math.sqrt(var / n)
    mu4 = (kurt + 3.0) * var**2
    se_var = math.sqrt((mu4 - var**2 * (n - 3) / (n - 1)) / n)
    assert abs(float(np.mean(samples)) - mean) <= Z * se_mean
    assert abs(float(np.var(samples, ddof=1)) - var) <= Z * se_var + 1e-15


@pytest.mark.parametrize("p", [0.03, 0.5, 0.9])
def test_bernoulli_sampler(p: float) -> None:
    x = bernoulli_sample(p, N_SAMPLES, rng=rng(11))
    assert _pooled_chi2_pvalue(x, np.array([1 - p, p])) > ALPHA
    _assert_moments(x, ss.bernoulli(p))


@pytest.mark.parametrize(("n", "p"), [(1, 0.3), (10, 0.5), (50, 0.05), (200, 0.7)])
def test_binomial_sampler(n: int, p: float) -> None:
    x = binomial_sample(n, p, N_SAMPLES, rng=rng(12))
    assert _pooled_chi2_pvalue(x, ss.binom.pmf(np.arange(n + 1), n, p)) > ALPHA
    _assert_moments(x, ss.binom(n, p))


@pytest.mark.parametrize("lam", [0.2, 3.0, 40.0])
def test_poisson_sampler(lam: float) -> None:
    x = poisson_sample(lam, N_SAMPLES, rng=rng(13))
    m = int(lam + 10 * math.sqrt(lam) + 10)
    probs = ss.poisson.pmf(np.arange(m), lam)
    probs[-1] = ss.poisson.sf(m - 2, lam)  # the last cell is the tail P(X >= m - 1)
    assert _pooled_chi2_pvalue(x, probs) > ALPHA
    _assert_moments(x, ss.poisson(lam))


@pytest.mark.parametrize("probs", [[0.5, 0.5], [0.05, 0.15, 0.3, 0.5], [0.2, 0.0, 0.8]])
def test_categorical_sampler(probs: list[float]) -> None:
    x = categorical_sample(probs, N_SAMPLES, rng=rng(14))
    assert not np.any(x[np.asarray(probs)[x] == 0.0])  # a class of probability 0 never appears
    keep = np.asarray(probs) > 0
    observed = np.bincount(x, minlength=len(probs))[keep]
    assert ss.chisquare(observed, N_SAMPLES * np.asarray(probs)[keep]).pvalue > ALPHA


def test_multinomial_sampler() -> None:
    p = np.array([0.1, 0.3, 0.6])
    X = multinomial_sample(20, p, N_SAMPLES // 20, rng=rng(15))
    # pooled over rows the class totals are Multinomial(20 * rows, p): chi-square
    assert ss.chisquare(X.sum(axis=0), X.sum() * p).pvalue > ALPHA
    # each coordinate is Binomial(20, p_i)
    for i in range(3):
        _assert_moments(X[:, i], ss.binom(20, p[i]))


@pytest.mark.parametrize(("a", "b"), [(0.0, 1.0), (-3.0, 5.0)])
def test_uniform_sampler(a: float, b: float) -> None:
    x = uniform_sample(a, b, N_SAMPLES, rng=rng(16))
    assert np.all((x >= a) & (x < b))
    assert ss.kstest(x, ss.uniform(loc=a, scale=b - a).cdf).pvalue > ALPHA
    _assert_moments(x, ss.uniform(loc=a, scale=b - a))


@pytest.mark.parametrize(("mu", "sigma"), [(0.0, 1.0), (5.0, 0.1), (-2.0, 30.0)])
def test_normal_sampler(mu: float, sigma: float) -> None:
    x = normal_sample(mu, sigma, N_SAMPLES, rng=rng(17))
    # KS against SciPy's cdf and against ours
    assert ss.kstest(x, ss.norm(mu, sigma).cdf).pvalue > ALPHA
    assert ss.kstest(x, lambda t: arr(normal_cdf(t, mu, sigma))).pvalue > ALPHA
    _assert_moments(x, ss.norm(mu, sigma))


def test_mvn_sampler_mean_covariance_and_projections() -> None:
    mean = np.array([1.0, -2.0, 0.5])
    S = np.array([[2.0, 0.6, -0.3], [0.6, 1.0, 0.2], [-0.3, 0.2, 0.5]])
    X = mvn_sample(mean, S, N_SAMPLES, rng=rng(18))
    n = X.shape[0]
    # SE of the sample mean: sqrt(S_ii / n); of the sample covariance (Gaussian data):
    # sqrt((S_ij^2 + S_ii S_jj) / (n - 1))
    assert np.all(np.abs(X.mean(axis=0) - mean) <= Z * np.sqrt(np.diag(S) / n))
    se_cov = np.sqrt((S**2 + np.outer(np.diag(S), np.diag(S))) / (n - 1))
    assert np.all(np.abs(np.cov(X, rowvar=False) - S) <= Z * se_cov)
    # every projection u.x is N(u.mean, u S u): KS on a few fixed directions
    for u in ([1.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.3, -1.0, 2.0]):
        v = np.asarray(u)
        proj = ss.norm(v @ mean, math.sqrt(v @ S @ v))
        assert ss.kstest(X @ v, proj.cdf).pvalue > ALPHA


def test_goodness_of_fit_checks_have_power() -> None:
    # the same checks reject samplers that are slightly wrong: a shifted normal
    # (D ~ 0.04 against a 5% critical value of 1.95/sqrt(2e4) ~ 0.014) ...
    x = normal_sample(0.1, 1.0, N_SAMPLES, rng=rng(19))
    assert ss.kstest(x, ss.norm(0.0, 1.0).cdf).pvalue < ALPHA
    # ... and a binomial with p off by 0.02 (mean off by 0.4, ~40 SEs)
    y = binomial_sample(20, 0.32, N_SAMPLES, rng=rng(20))
    assert _pooled_chi2_pvalue(y, ss.binom.pmf(np.arange(21), 20, 0.3)) < ALPHA
    with pytest.raises(AssertionError):
        _assert_moments(y, ss.binom(20, 0.3))


# ---------------------------------------------------------------------------
# Errors: one test per error path, each naming the argument
# ---------------------------------------------------------------------------

S_OK = [[1.0, 0.7], [0.7, 1.0]]
G = {"rng": np.random.default_rng(0)}

ERROR_CASES = [
    # p outside [0, 1], or not a number
    (bernoulli_pmf, (1, 1.5), {}, ValueError, r"`p` must be a probability in \[0, 1\]"),
    (bernoulli_logpmf, (1, -0.1), {}, ValueError, "`p` must be a probability"),
    (bernoulli_sample, (2.0, 5), G, ValueError, "`p` must be a probability"),
    (binomial_pmf, (1, 10, "0.5"), {}, TypeError, "`p` must be a real number"),
    (binomial_cdf, (1, 10, True), {}, TypeError, "`p` must be a real number"),
    # negative n, non-integer n
    (binomial_logpmf, (1, -1, 0.5), {}, ValueError, "`n` must be at least 0"),
    (binomial_pmf, (1, 10.0, 0.5), {}, TypeError, "`n` must be an integer"),
    (binomial_sample, (-3, 0.5, 5), G, ValueError, "`n` must be at least 0"),
    (binomial_cdf, (1e8, 10**8, 0.5), {}, ValueError, "`n` is too large for this summation"),
    # negative or non-finite lambda
    (poisson_pmf, (1, -2.0), {}, ValueError, "`lam` .* must be non-negative"),
    (poisson_logpmf, (1, math.inf), {}, ValueError, "`lam` must be a finite number"),
    (poisson_cdf, (1, math.nan), {}, ValueError, "`lam` must be a finite number"),
    (poisson_cdf, (1e9, 1e9), {}, ValueError, "`lam` is too large for this summation"),
    (poisson_sample, (1e16, 3), G, ValueError, "`lam` must be at most"),
    # sigma <= 0
    (normal_pdf, (0.0, 0.0, 0.0), {}, ValueError, "`sigma` must be positive"),
    (normal_logpdf, (0.0, 0.0, -1.0), {}, ValueError, "`sigma` must be positive"),
    (normal_cdf, (0.0, math.nan, 1.0), {}, ValueError, "`mu` must be a finite number"),
    (normal_sample, (0.0, 0.0, 5), G, ValueError, "`sigma` must be positive"),
    # b <= a
    (uniform_pdf, (0.5, 1.0, 1.0), {}, ValueError, "`b` must be greater than `a`"),
    (uniform_logpdf, (0.5, 2.0, 1.0), {}, ValueError, "`b` must be greater than `a`"),
    (uniform_cdf, (0.5, -1e308, 1e308), {}, ValueError, "`b` - `a` must be finite"),
    (uniform_sample, (1.0, 0.0, 5), G, ValueError, "`b` must be greater than `a`"),
    # bad points
    (binomial_pmf, ([1.0, math.nan], 10, 0.5), {}, ValueError, "`k` must contain only finite"),
    (normal_pdf, ([], 0.0, 1.0), {}, ValueError, "`x` must not be empty"),
    (beta_pdf, ("0.5", 2.0, 2.0), {}, TypeError, "`x` must be array-like of numbers"),
    # beta parameters
    (beta_pdf, (0.5, 0.0, 2.0), {}, ValueError, "`alpha` must be positive"),
    (beta_logpdf, (0.5, 2.0, -1.0), {}, ValueError, "`beta` must be positive"),
    (beta_bernoulli_update, (0.0, 1.0, [1]), {}, ValueError, "`alpha` must be positive"),
    (beta_bernoulli_update, (1.0, 1.0, [1, 2]), {}, ValueError, "`data` must hold .* 0 or 1"),
    (beta_bernoulli_update, (1.0, 1.0, [[1, 0]]), {}, ValueError, "`data` must be a 1-D"),
    # probability vectors: negative entries, not summing to 1, wrong rank
    (categorical_pmf, (0, [0.5, 0.6]), {}, ValueError, "`probs` must sum to 1"),
    (categorical_logpmf, (0, [1.2, -0.2]), {}, ValueError, "`probs` must hold non-negative"),
    (categorical_sample, ([[0.5, 0.5]], 3), G, ValueError, "`probs` must be a 1-D"),
    (multinomial_pmf, ([1, 1], 2, [0.3, 0.3]), {}, ValueError, "`probs` must sum to 1"),
    (multinomial_sample, (3, [0.5, 0.4], 2), G, ValueError, "`probs` must sum to 1"),
    # mismatched shapes
    (multinomial_logpmf, ([1, 1, 0], 2, [0.5, 0.5]), {}, ValueError, r"`counts` must have shape"),
    (mvn_logpdf, ([0.0, 0.0, 0.0], [0.0, 0.0], S_OK), {}, ValueError, r"`x` must have shape"),
    (mvn_pdf, ([0.0], [0.0], S_OK), {}, ValueError, r"`cov` must be 1x1 to match `mean`"),
    # non-symmetric, non-positive-definite and singular covariances
    (
        mvn_logpdf,
        ([0.0, 0.0], [0.0, 0.0], [[1.0, 0.5], [0.4, 1.0]]),
        {},
        ValueError,
        "`cov` must be symmetric",
    ),
    (
        mvn_logpdf,
        ([0.0, 0.0], [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]]),
        {},
        ValueError,
        "`cov` must be positive definite",
    ),
    (
        mvn_sample,
        ([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], 3),
        G,
        ValueError,
        "`cov` must be positive definite",
    ),
    (mvn_pdf, ([0.0, 0.0], [0.0, 0.0], [[1.0, 2.0, 3.0]]), {}, ValueError, "`cov` must be square"),
    # size and rng of samplers
    (normal_sample, (0.0, 1.0, 0), G, ValueError, "`size` must be at least 1"),
    (poisson_sample, (1.0, 2.5), G, TypeError, "`size` must be an integer"),
    (
        categorical_sample,
        ([0.5, 0.5], 3),
        {"rng": 0},
        TypeError,
        "`rng` must be a numpy.random.Generator",
    ),
    (bernoulli_sample, (0.5, 3), {"rng": np.random.RandomState(0)}, TypeError, "`rng` must be"),
    # exponential-family domains
    (bernoulli_natural_parameter, (0.0,), {}, ValueError, r"`p` must be in the open interval"),
    (bernoulli_log_partition, (math.inf,), {}, ValueError, "`eta` must be a finite number"),
    (normal_natural_parameters, (0.0, 0.0), {}, ValueError, "`sigma` must be positive"),
    (normal_log_partition, (1.0, 0.5), {}, ValueError, "`eta2` must be negative"),
    # figures
    (
        plot_pmf_bars,
        ([0, 1], {"a": [0.5, 0.3, 0.2]}),
        {},
        ValueError,
        r"`pmfs\['a'\]` must have one",
    ),
    (plot_pmf_bars, ([0, 1], {"a": [1.5, -0.5]}), {}, ValueError, r"`pmfs\['a'\]` must be non-neg"),
    (plot_pmf_bars, ([1, 0], {"a": [0.5, 0.5]}), {}, ValueError, "`support` must be strictly"),
    (plot_pmf_bars, ([0, 1], {}), {}, ValueError, "`pmfs` must hold at least one"),
    (plot_normal_sigma_bands, (0.0, -1.0), {}, ValueError, "`sigma` must be positive"),
    (plot_normal_sigma_bands, (0.0, 1.0, (2.0, 1.0)), {}, ValueError, "`ks` must be positive and"),
    (
        plot_sample_fit,
        ([1.0], normal_pdf, normal_cdf),
        {},
        ValueError,
        "`samples` must hold at least 2",
    ),
    (plot_sample_fit, ([1.0, 2.0], "pdf", normal_cdf), {}, TypeError, "`pdf` must be callable"),
    (
        plot_sample_fit,
        ([1.0, 2.0], normal_pdf, normal_cdf),
        {"bins": 0},
        ValueError,
        "`bins` must be",
    ),
    (
        plot_mvn_samples,
        ([0.0, 0.0, 0.0], np.eye(3), [[0.0, 0.0]]),
        {},
        ValueError,
        "`mean` must have length 2",
    ),
    (
        plot_mvn_samples,
        ([0.0, 0.0], S_OK, [[0.0, 0.0, 0.0]]),
        {},
        ValueError,
        r"`samples` must have shape",
    ),
    (
        plot_mvn_samples,
        ([0.0, 0.0], S_OK, [[0.0, 0.0]]),
        {"radii": (0.0,)},
        ValueError,
        "`radii` must be positive",
    ),
    (
        plot_mvn_samples,
        ([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], [[0.0, 0.0]]),
        {},
        ValueError,
        "`cov` must be positive definite",
    ),
    (
        plot_beta_posteriors,
        (1.0, 1.0, [1, 0], [0, 3]),
        {},
        ValueError,
        r"`checkpoints\[1\]` must be between",
    ),
    (
        plot_beta_posteriors,
        (1.0, 1.0, [1, 0], [0.5]),
        {},
        TypeError,
        r"`checkpoints\[0\]` must be an integer",
    ),
    (
        plot_beta_posteriors,
        (1.0, 1.0, [1, 0], []),
        {},
        ValueError,
        "`checkpoints` must hold at least",
    ),
    (
        plot_beta_posteriors,
        (1.0, 1.0, [1, 0], [1]),
        {"true_p": 1.5},
        ValueError,
        r"`true_p` must be in",
    ),
    (plot_beta_posteriors, (1.0, 1.0, [1, 3], [1]), {}, ValueError, "`data` must hold"),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "error", "match"), ERROR_CASES)
def test_error_paths_name_the_argument(
    func: Callable[..., object],
    args: tuple[object, ...],
    kwargs: dict[str, object],
    error: type[Exception],
    match: str,
) -> None:
    with pytest.raises(error, match=match):  # each `match` is a regular expression
        func(*args, **kwargs)
    plt.close("all")


def test_every_public_function_has_an_error_case() -> None:
    import aimath.distributions as mod
    import aimath.plotting.distributions as plots

    covered = {case[0] for case in ERROR_CASES}
    public = [getattr(mod, name) for name in mod.__all__ if callable(getattr(mod, name))]
    public += [getattr(plots, name) for name in plots.__all__]
    missing = [f.__name__ for f in public if f not in covered]
    assert not missing, f"no error-path case for {missing}"


# ---------------------------------------------------------------------------
# Figures: what they draw is the mathematics
# ---------------------------------------------------------------------------


def test_plot_pmf_bars_draws_the_pmf() -> None:
    k = np.arange(6)
    pmfs = {
        "Binomial(5, 0.3)": arr(binomial_pmf(k, 5, 0.3)),
        "Poisson(1.5)": arr(poisson_pmf(k, 1.5)),
    }
    fig = plot_pmf_bars(k, pmfs, title="two pmfs")
    ax = fig.axes[0]
    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert [c.get_label() for c in containers] == list(pmfs)
    for container, values in zip(containers, pmfs.values(), strict=True):
        heights = [bar.get_height() for bar in container]
        centres = [bar.get_x() + bar.get_width() / 2 for bar in container]
        assert_allclose(heights, values, rtol=1e-15)
        # each bar sits within half a unit of its k, series side by side
        assert np.all(np.abs(np.asarray(centres) - k) < 0.5)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_title() == "two pmfs"
    plt.close(fig)


def test_plot_normal_sigma_bands_states_the_masses() -> None:
    fig = plot_normal_sigma_bands(2.0, 0.5)
    ax = fig.axes[0]
    (curve,) = [ln for ln in ax.lines if ln.get_gid() == "pdf"]
    x, y = xy(curve).T
    assert_allclose(y, ss.norm.pdf(x, 2.0, 0.5), rtol=1e-12)
    texts = legend_texts(ax)
    for k in (1, 2, 3):
        mass = ss.norm.cdf(k) - ss.norm.cdf(-k)
        assert f"\\pm {k}\\sigma$: {100 * mass:.2f} %" in texts[k]
        patches = [c for c in ax.collections if c.get_gid() == f"band {k}"]
        assert len(patches) == 2
        assert all(isinstance(p, PolyCollection) for p in patches)
        xs = np.concatenate([np.asarray(p.get_paths()[0].vertices)[:, 0] for p in patches])
        # the two patches of band k together reach exactly mu -+ k sigma
        assert xs.min() == pytest.approx(2.0 - 0.5 * k, abs=1e-12)
        assert xs.max() == pytest.approx(2.0 + 0.5 * k, abs=1e-12)
    plt.close(fig)


def test_plot_sample_fit_marks_the_ks_statistic() -> None:
    x = normal_sample(0.0, 1.0, 300, rng=rng(3))
    fig = plot_sample_fit(x, normal_pdf, normal_cdf, bins=20)
    ax_hist, ax_cdf = fig.axes
    (segment,) = [ln for ln in ax_cdf.lines if ln.get_gid() == "ks"]
    (_, y0), (_, y1) = xy(segment)
    d_ref = ss.kstest(x, ss.norm.cdf).statistic
    # cdf values agree with SciPy to ~1e-15: the marked gap is the KS statistic
    assert abs(y1 - y0) == pytest.approx(d_ref, abs=1e-12)
    assert f"{d_ref:.4f}" in ax_cdf.get_title()
    # the histogram is a density: bar areas add up to 1
    bars = [b for b in ax_hist.patches if isinstance(b, Rectangle)]
    assert sum(b.get_height() * b.get_width() for b in bars) == pytest.approx(1.0, rel=1e-12)
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    plt.close(fig)


def test_plot_mvn_samples_contours_sit_at_the_mahalanobis_radii() -> None:
    mean, S = np.array([1.0, -1.0]), np.array([[1.0, 0.7], [0.7, 1.0]])
    X = mvn_sample(mean, S, 400, rng=rng(4))
    fig = plot_mvn_samples(mean, S, X, radii=(1.0, 2.0))
    ax = fig.axes[0]
    (scatter,) = [c for c in ax.collections if c.get_gid() == "samples"]
    assert_array_equal(np.asarray(scatter.get_offsets()), X)
    (contours,) = [c for c in ax.collections if isinstance(c, ContourSet)]
    assert contours.get_gid() == "contours"
    assert_allclose(np.asarray(contours.levels), np.exp(-0.5 * np.array([4.0, 1.0])), rtol=1e-15)
    S_inv = np.linalg.inv(S)
    for path, r in zip(contours.get_paths(), (2.0, 1.0), strict=True):
        d = path.vertices - mean
        radius = np.sqrt(np.einsum("ni,ij,nj->n", d, S_inv, d))
        # marching squares interpolates linearly on a 241-point grid: error ~1e-3
        assert_allclose(radius, r, rtol=5e-3)
    (marker,) = [ln for ln in ax.lines if ln.get_gid() == "sample-mean"]
    assert_allclose(xy(marker)[0], X.mean(axis=0), rtol=1e-15)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    plt.close(fig)


def test_plot_beta_posteriors_draws_the_conjugate_updates() -> None:
    data = bernoulli_sample(0.7, 40, rng=rng(5))
    checkpoints = [0, 3, 40]
    fig = plot_beta_posteriors(2.0, 3.0, data, checkpoints, true_p=0.7)
    ax = fig.axes[0]
    for n in checkpoints:
        (line,) = [ln for ln in ax.lines if ln.get_gid() == f"n={n}"]
        s = int(data[:n].sum())
        x, y = xy(line).T
        # Beta(2 + s, 3 + n - s), evaluated by SciPy
        assert_allclose(y, ss.beta.pdf(x, 2.0 + s, 3.0 + n - s), rtol=1e-10)
    vertical = [ln for ln in ax.lines if ln.get_gid() is None]
    assert vertical
    assert xy(vertical[0])[0, 0] == 0.7
    assert all(legend_texts(ax))
    plt.close(fig)
