"""Tests for aimath.probability (chapter 10): reference values, properties, references, errors.

Tolerances. Probabilities and moments here are short sums of products of
numbers in [0, 1] (or of bounded values): their relative error is a few units
of eps = 2.2e-16 (Higham, *Accuracy and Stability of Numerical Algorithms*,
§3.1), so ``REL = 1e-12`` is ~1000x the rounding yet any wrong formula misses
by O(1). Where a result is a difference of nearly equal numbers (a covariance
close to 0), an absolute tolerance scaled by the size of the terms is added.
Simulation results are compared with the truth within a stated number of
Monte Carlo standard errors, computed from the simulation's own size.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.integrate
import scipy.stats
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_digits
from sklearn.naive_bayes import BernoulliNB, MultinomialNB
from strategies import FAST, MAX_DIM, matrices, vectors

from aimath._validation import SUM_TOL
from aimath.plotting.probability import (
    plot_base_rate,
    plot_bias_variance,
    plot_central_limit,
    plot_error_rate,
    plot_running_means,
)
from aimath.probability import (
    BiasVariance,
    NaiveBayes,
    bayes_posterior,
    bayes_rule,
    berry_esseen_bound,
    bias_variance_simulation,
    correlation,
    covariance,
    covariance_matrix,
    expectation,
    fit_naive_bayes,
    fit_power_law,
    log_bayes_posterior,
    naive_bayes_joint_log_likelihood,
    naive_bayes_log_proba,
    naive_bayes_predict,
    positive_predictive_value,
    running_mean,
    sample_mean_rmse,
    standardized_means,
    variance,
)

#: Relative tolerance for short float64 sums (see the module docstring).
REL = 1e-12

#: The book's toy corpus: word counts over (free, money, meeting, project).
X_TOY = [[2, 1, 0], [3, 0, 1], [0, 2, 3], [1, 0, 4]]
Y_TOY = [0, 0, 1, 1]


def _xy(line: Line2D) -> np.ndarray:
    """The (x, y) points a line draws, as float64 (matplotlib types them loosely)."""
    return np.asarray(line.get_xydata(), dtype=np.float64)


def _y(line: Line2D) -> np.ndarray:
    return _xy(line)[:, 1]


def _q(x: sp.Expr) -> float:
    """A SymPy exact value as the nearest float."""
    return float(sp.N(x, 30))


# ---------------------------------------------------------------------------
# Strategies used only here
# ---------------------------------------------------------------------------

_unit = st.floats(0.0, 1.0, allow_subnormal=False)


@st.composite
def pmfs(draw: st.DrawFn, n: int | None = None) -> np.ndarray:
    """Probability vectors: non-negative weights (some exactly 0) normalised to sum 1."""
    size = draw(st.integers(1, MAX_DIM)) if n is None else n
    w = draw(hnp.arrays(np.float64, size, elements=st.one_of(st.just(0.0), st.floats(1e-3, 1.0))))
    if not np.any(w > 0):
        w[draw(st.integers(0, size - 1))] = 1.0
    p: np.ndarray = w / w.sum()
    return p


@st.composite
def joint_tables(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x_values, y_values, joint)`` with joint of shape (len(x), len(y)), summing to 1."""
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    P = draw(pmfs(m * n)).reshape(m, n)
    x = draw(vectors(m))
    y = draw(vectors(n))
    return x, y, P


@st.composite
def consistent_events(draw: st.DrawFn) -> tuple[float, float, float]:
    """``(P(B|A), P(A), P(B))`` from one probability space: a joint over {A, not A} x {B, not B}."""
    p = draw(pmfs(4))  # P(A,B), P(A,~B), P(~A,B), P(~A,~B)
    p_a, p_b = p[0] + p[1], p[0] + p[2]
    if p_a == 0.0 or p_b == 0.0:  # P(B|A) undefined, or Bayes undefined
        p = np.array([0.25, 0.25, 0.25, 0.25])
        p_a, p_b = 0.5, 0.5
    return float(min(p[0] / p_a, 1.0)), float(p_a), float(p_b)


# ---------------------------------------------------------------------------
# 1. Reference values (provenance in the comments)
# ---------------------------------------------------------------------------


def test_bayes_rule_spam_filter_exact() -> None:
    # SymPy exact: P(spam|free) = (4/5)(3/10)/(7/20) = 24/35
    exact = sp.Rational(4, 5) * sp.Rational(3, 10) / sp.Rational(7, 20)
    assert exact == sp.Rational(24, 35)
    assert bayes_rule(0.8, 0.3, 0.35) == pytest.approx(_q(exact), rel=REL)


def test_bayes_rule_edge_cases() -> None:
    # definition: P(A) = 0 gives posterior 0; P(B|A) P(A) = P(B) gives posterior 1
    assert bayes_rule(0.8, 0.0, 0.35) == 0.0
    assert bayes_rule(0.5, 0.6, 0.3) == 1.0
    # rounding: 0.03 * 0.3333333333333334 = 0.010000000000000002 exceeds 0.01 by one
    # ulp, within the 1e-12 slack; the result is clipped to 1, never above 1
    assert 0.03 * 0.3333333333333334 > 0.01
    assert bayes_rule(0.3333333333333334, 0.03, 0.01) == 1.0
    # B certain: P(B) = 1 forces P(B|A) = 1 and the posterior is the prior
    assert bayes_rule(1.0, 0.3, 1.0) == pytest.approx(0.3, rel=REL)


def test_bayes_posterior_reference() -> None:
    # SymPy exact: (1/100)(99/100) / ((1/100)(99/100) + (99/100)(1/20)) = 1/6
    num = sp.Rational(1, 100) * sp.Rational(99, 100)
    exact = num / (num + sp.Rational(99, 100) * sp.Rational(1, 20))
    assert exact == sp.Rational(1, 6)
    post = bayes_posterior([0.01, 0.99], [0.99, 0.05])
    assert_allclose(post, [1 / 6, 5 / 6], rtol=REL)
    # a flat likelihood leaves the prior unchanged; a zero prior stays zero
    assert_allclose(bayes_posterior([0.2, 0.8], [0.3, 0.3]), [0.2, 0.8], rtol=REL)
    assert bayes_posterior([0.0, 1.0], [1.0, 0.5])[0] == 0.0


def test_bayes_posterior_survives_tiny_likelihoods() -> None:
    # closed form: likelihoods 1e-320 and 3e-320 (subnormal) with a flat prior give
    # posterior 1/4, 3/4; prior * likelihood would underflow, scaling by the max does
    # not. Subnormals carry few bits: 1e-320 is stored with ~3 significant digits
    post = bayes_posterior([0.5, 0.5], [1e-320, 3e-320])
    assert_allclose(post, [0.25, 0.75], rtol=1e-3)


def test_log_bayes_posterior_reference() -> None:
    # closed form: equal priors, log likelihoods -1000 and -1001: posterior
    # 1 / (1 + e^-1) and e^-1 / (1 + e^-1) although e^-1000 underflows to 0
    assert math.exp(-1000.0) == 0.0
    logp = log_bayes_posterior(np.log([0.5, 0.5]), [-1000.0, -1001.0])
    s = 1.0 / (1.0 + math.exp(-1.0))
    assert_allclose(np.exp(logp), [s, 1.0 - s], rtol=REL)
    # a batch: one row per observation, each normalised on its own
    batch = log_bayes_posterior(np.log([0.25, 0.75]), [[0.0, 0.0], [-1e4, 0.0]])
    assert_allclose(np.exp(batch[0]), [0.25, 0.75], rtol=REL)
    assert batch[1, 1] == 0.0  # log 1: the second hypothesis is certain to rounding
    assert batch[1, 0] == pytest.approx(math.log(0.25) - 1e4 - math.log(0.75), rel=REL)


def test_positive_predictive_value_reference() -> None:
    # SymPy exact: (99/100)(1/1000) / ((99/100)(1/1000) + (1/100)(999/1000)) = 11/122
    num = sp.Rational(99, 100) * sp.Rational(1, 1000)
    exact = num / (num + sp.Rational(1, 100) * sp.Rational(999, 1000))
    assert exact == sp.Rational(11, 122)
    assert positive_predictive_value(0.001, 0.99, 0.99) == pytest.approx(_q(exact), rel=REL)
    # definition: a perfect specificity leaves no false positives
    assert positive_predictive_value(0.001, 0.5, 1.0) == 1.0
    # zero prevalence: every positive is a false positive
    assert positive_predictive_value(0.0, 0.99, 0.9) == 0.0


def test_expectation_and_variance_reference() -> None:
    # hand computation: coin P(1) = 0.7: E = 0.7, Var = 0.7 * 0.3 = 0.21
    assert expectation([0.0, 1.0], [0.3, 0.7]) == 0.7
    assert variance([0.0, 1.0], [0.3, 0.7]) == pytest.approx(0.21, rel=REL)
    # hand computation: X in {1, 3} equally likely: E = 2, Var = 1 (exact in binary)
    assert expectation([1.0, 3.0], [0.5, 0.5]) == 2.0
    assert variance([1.0, 3.0], [0.5, 0.5]) == 1.0
    # Fraction exact: fair die E = 7/2, Var = 35/12
    die = [Fraction(k) for k in range(1, 7)]
    mean = sum(die) / 6
    var = sum((k - mean) ** 2 for k in die) / 6
    assert (mean, var) == (Fraction(7, 2), Fraction(35, 12))
    faces, sixth = np.arange(1.0, 7.0), np.full(6, 1 / 6)
    assert expectation(faces, sixth) == pytest.approx(float(mean), rel=REL)
    assert variance(faces, sixth) == pytest.approx(float(var), rel=REL)


def test_variance_two_pass_beats_the_textbook_shortcut() -> None:
    # closed form: X in {1e9 + 1, 1e9 + 3} equally likely has Var = 1. The shortcut
    # E[X^2] - E[X]^2 subtracts two numbers ~1e18 whose ulp is 128: it cannot be 1
    x, p = np.array([1e9 + 1, 1e9 + 3]), np.array([0.5, 0.5])
    assert variance(x, p) == 1.0
    shortcut = p @ x**2 - (p @ x) ** 2
    assert shortcut != 1.0


def test_covariance_and_correlation_reference() -> None:
    # hand computation: E[XY] = 0.4, E[X] = E[Y] = 0.5, Var = 0.25: Cov 0.15, rho 0.6
    P = [[0.4, 0.1], [0.1, 0.4]]
    assert covariance([0.0, 1.0], [0.0, 1.0], P) == pytest.approx(0.15, rel=REL)
    assert correlation([0.0, 1.0], [0.0, 1.0], P) == pytest.approx(0.6, rel=REL)
    # Y = -X exactly (anti-diagonal table): rho = -1
    assert correlation([0.0, 1.0], [0.0, -1.0], [[0.5, 0.0], [0.0, 0.5]]) == pytest.approx(
        -1.0, rel=REL
    )
    # independent: the outer product of the marginals has Cov exactly 0 here
    assert covariance([0.0, 1.0], [0.0, 1.0], np.outer([0.5, 0.5], [0.25, 0.75])) == 0.0


def test_uncorrelated_but_dependent() -> None:
    # X uniform on {-1, 0, 1}, Y = X^2 in {0, 1}: Cov = E[X^3] - E[X]E[X^2] = 0 - 0 = 0,
    # yet P(Y=1 | X=0) = 0 != P(Y=1) = 2/3
    third = 1 / 3
    P = np.array([[0.0, third], [third, 0.0], [0.0, third]])
    assert covariance([-1.0, 0.0, 1.0], [0.0, 1.0], P) == pytest.approx(0.0, abs=1e-16)
    assert not np.allclose(P, np.outer(P.sum(1), P.sum(0)))


def test_covariance_matrix_reference() -> None:
    # hand computation: the points (0,0), (1,2), (2,4) lie on y = 2x; mean (1, 2);
    # Var(x) = (1 + 0 + 1)/2 = 1, Cov = 2, Var(y) = 4 with divisor n - 1 = 2
    X = [[0.0, 0.0], [1.0, 2.0], [2.0, 4.0]]
    assert_array_equal(covariance_matrix(X), [[1.0, 2.0], [2.0, 4.0]])
    assert_allclose(covariance_matrix(X, ddof=0), [[2 / 3, 4 / 3], [4 / 3, 8 / 3]], rtol=REL)


def test_running_mean_and_rmse_reference() -> None:
    # hand computation
    assert_allclose(running_mean([1.0, 0.0, 1.0, 1.0]), [1.0, 0.5, 2 / 3, 0.75], rtol=REL)
    assert_allclose(running_mean([[2.0, 4.0], [0.0, 1.0]]), [[2.0, 3.0], [0.0, 0.5]], rtol=REL)
    # hand computation: row means (1, 3) -> errors -1, 1 at n=1; (2, 3) -> 0, 1 at n=2
    rmse = sample_mean_rmse([[1.0, 3.0], [3.0, 3.0]], 2.0, [1, 2])
    assert_allclose(rmse, [1.0, math.sqrt(0.5)], rtol=REL)


def test_fit_power_law_recovers_a_power_law() -> None:
    # closed form: y = 3 x^(-1/2) gives exponent -1/2 and prefactor 3
    x = np.array([1.0, 4.0, 16.0, 100.0, 1e4])
    slope, prefactor = fit_power_law(x, 3.0 / np.sqrt(x))
    assert slope == pytest.approx(-0.5, rel=REL)
    assert prefactor == pytest.approx(3.0, rel=REL)


def test_standardized_means_and_berry_esseen_reference() -> None:
    # hand computation: row means 1 and 2, n = 2: sqrt(2)(1 - 1)/1 = 0, sqrt(2)(2 - 1)/1
    assert_allclose(
        standardized_means([[0.0, 2.0], [2.0, 2.0]], 1.0, 1.0), [0.0, math.sqrt(2)], rtol=REL
    )
    # closed form: exponential(1) has sigma = 1 and, by hand (u = t - 1 on [1, inf),
    # s = 1 - t on [0, 1]), E|X - 1|^3 = 6/e + (6/e - 2) = 12/e - 2; confirmed by
    # scipy's adaptive quadrature (error estimate ~1e-10)
    rho = 12 / math.e - 2
    quad = scipy.integrate.quad(lambda t: abs(t - 1) ** 3 * math.exp(-t), 0, 1)[0]
    quad += scipy.integrate.quad(lambda t: (t - 1) ** 3 * math.exp(-t), 1, math.inf)[0]
    assert quad == pytest.approx(rho, rel=1e-9)
    bound = berry_esseen_bound(100, 1.0, rho)
    assert bound == pytest.approx(0.4748 * rho / 10.0, rel=REL)
    # sigma enters as sigma^3 and n as sqrt(n)
    assert berry_esseen_bound(400, 2.0, 8.0) == pytest.approx(0.4748 / 20.0, rel=REL)


def test_bias_variance_identity_and_reproducibility() -> None:
    bv = bias_variance_simulation([0, 1, 3, 6], n_datasets=60, seed=3)
    again = bias_variance_simulation([0, 1, 3, 6], n_datasets=60, seed=3)
    assert_array_equal(bv.test_error, again.test_error)  # same seed, same numbers
    other = bias_variance_simulation([0, 1, 3, 6], n_datasets=60, seed=4)
    assert not np.array_equal(bv.test_error, other.test_error)
    # algebraic identity: mean_k (f_k - f)^2 = (f_bar - f)^2 + mean_k (f_k - f_bar)^2,
    # exact up to rounding of sums of ~1e4 squares of O(1) numbers: rtol 1e-12
    mse_to_f = np.mean((bv.predictions - bv.f_test[None, None, :]) ** 2, axis=(1, 2))
    assert_allclose(bv.bias_sq + bv.variance, mse_to_f, rtol=1e-12)
    assert bv.noise == pytest.approx(0.09, rel=REL)
    assert bv.predictions.shape == (4, 60, 101)
    assert isinstance(bv, BiasVariance)


def test_bias_variance_without_noise_has_no_variance() -> None:
    # with sigma = 0 every data set is f itself: identical fits, variance 0 (all K
    # columns of the right-hand side are equal, so lstsq returns equal columns;
    # allow rounding), test error = bias^2 = the squared approximation error
    bv = bias_variance_simulation([1, 5], noise_std=0.0, n_datasets=5)
    assert_allclose(bv.variance, 0.0, atol=1e-28)
    assert_allclose(bv.test_error, bv.bias_sq, rtol=1e-12)
    assert_allclose(bv.test_error_se, 0.0, atol=1e-15)
    # without noise the average fit is the expected fit: estimated = exact bias^2
    assert_allclose(bv.bias_sq, bv.bias_sq_exact, rtol=1e-10)
    # reference: numpy's Polynomial.fit (power basis on a scaled domain) on the same data
    fit = np.polynomial.Polynomial.fit(bv.x_train, np.sin(2 * np.pi * bv.x_train), 5)
    # both solve the same well-conditioned least-squares problem: 1e-10
    assert_allclose(bv.predictions[1, 0], fit(bv.x_test), rtol=1e-10, atol=1e-10)


def test_exact_bias_is_the_noise_free_fit() -> None:
    # least squares at fixed inputs is linear in the labels, so E[f_hat] is the fit to f;
    # reference: numpy's Polynomial.fit on the noise-free labels (same least-squares
    # problem in another basis, cond <= ~1e5 for degree 12 on 15 points: rtol 1e-8)
    bv = bias_variance_simulation([0, 2, 5, 12], n_datasets=3, seed=1)
    f = np.sin(2 * np.pi * bv.x_train)
    for j, d in enumerate(bv.degrees):
        fit = np.polynomial.Polynomial.fit(bv.x_train, f, int(d))(bv.x_test)
        expected = np.mean((fit - bv.f_test) ** 2)
        assert bv.bias_sq_exact[j] == pytest.approx(expected, rel=1e-8, abs=1e-20)
    # degree 0 fits the mean of samples symmetric about zero, 0 up to rounding, so its
    # squared bias is the mean of f^2 on the grid
    assert bv.bias_sq_exact[0] == pytest.approx(np.mean(bv.f_test**2), rel=1e-10)


def test_bias_variance_agrees_with_numpy_polyfit_on_the_same_noise() -> None:
    # the documented drawing order: training noise (n_train, K) first, then test labels
    m, K, sigma, seed = 15, 8, 0.3, 11
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 1.0, m)
    Y = np.sin(2 * np.pi * x)[:, None] + sigma * rng.normal(size=(m, K))
    bv = bias_variance_simulation([4], n_datasets=K, noise_std=sigma, seed=seed)
    for k in range(K):
        coef = np.polyfit(x, Y[:, k], 4)  # monomial basis, cond ~1e4 on [0, 1]: 1e-9
        assert_allclose(bv.predictions[0, k], np.polyval(coef, bv.x_test), rtol=1e-9, atol=1e-9)


def test_naive_bayes_toy_corpus_exact() -> None:
    model = fit_naive_bayes(X_TOY, Y_TOY)
    # SymPy exact, Laplace alpha = 1, d = 3: class 0 counts (5, 1, 1) of 7 ->
    # (6, 2, 2)/10; class 1 counts (1, 2, 7) of 10 -> (2, 3, 8)/13; priors 1/2
    theta = [
        [sp.Rational(6, 10), sp.Rational(2, 10), sp.Rational(2, 10)],
        [sp.Rational(2, 13), sp.Rational(3, 13), sp.Rational(8, 13)],
    ]
    assert_allclose(
        np.exp(model.feature_log_prob), [[_q(t) for t in row] for row in theta], rtol=REL
    )
    assert_allclose(np.exp(model.class_log_prior), [0.5, 0.5], rtol=REL)
    # posterior of the document "word 0 once": (3/5) / (3/5 + 2/13) = 39/49
    post = sp.Rational(3, 5) / (sp.Rational(3, 5) + sp.Rational(2, 13))
    assert post == sp.Rational(39, 49)
    proba = np.exp(naive_bayes_log_proba(model, [[1, 0, 0]]))
    assert_allclose(proba, [[_q(post), 1 - _q(post)]], rtol=REL)
    assert_array_equal(naive_bayes_predict(model, [[1, 0, 0], [0, 0, 1]]), [0, 1])
    assert model.n_features == 3
    assert model.feature_log_prob_absent is None


def test_naive_bayes_bernoulli_exact() -> None:
    # hand computation, alpha = 1: class 0 rows (1,1,0), (1,0,0): present counts (2,1,0)
    # of N=2 -> theta = (3, 2, 1)/4; class 1 rows (0,1,1): (0,1,1) of 1 -> (1, 2, 2)/3
    X = [[1, 1, 0], [1, 0, 0], [0, 1, 1]]
    model = fit_naive_bayes(X, [5, 5, 9], kind="bernoulli")
    assert_array_equal(model.classes, [5, 9])
    assert_allclose(
        np.exp(model.feature_log_prob), [[3 / 4, 2 / 4, 1 / 4], [1 / 3, 2 / 3, 2 / 3]], rtol=REL
    )
    assert model.feature_log_prob_absent is not None
    assert_allclose(
        np.exp(model.feature_log_prob_absent),
        [[1 / 4, 2 / 4, 3 / 4], [2 / 3, 1 / 3, 1 / 3]],
        rtol=REL,
    )
    # x = (1, 0, 0): class 0: (2/3)(3/4)(2/4)(3/4); class 1: (1/3)(1/3)(1/3)(1/3)
    a = Fraction(2, 3) * Fraction(3, 4) * Fraction(2, 4) * Fraction(3, 4)
    b = Fraction(1, 3) ** 4
    proba = np.exp(naive_bayes_log_proba(model, [[1, 0, 0]]))
    assert_allclose(proba, [[float(a / (a + b)), float(b / (a + b))]], rtol=REL)


def test_naive_bayes_long_document_does_not_underflow() -> None:
    # a document of 20 000 words: every class's likelihood product is 0 in float64
    # (theta^count with count ~ 7000 underflows), the log-space posterior is fine
    model = fit_naive_bayes(X_TOY, Y_TOY)
    doc = np.array([[7000.0, 6000.0, 7000.0]])
    theta = np.exp(model.feature_log_prob)
    assert np.all(np.prod(theta**doc, axis=1) == 0.0)
    logp = naive_bayes_log_proba(model, doc)
    assert np.all(np.isfinite(logp))
    assert np.exp(logp).sum() == pytest.approx(1.0, rel=REL)
    # closed form: the log-odds of class 0 is sum_j x_j (log theta_0j - log theta_1j)
    log_odds = doc[0] @ (model.feature_log_prob[0] - model.feature_log_prob[1])
    assert logp[0, 0] - logp[0, 1] == pytest.approx(log_odds, rel=1e-12)


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------


@FAST
@given(
    st.integers(1, MAX_DIM).flatmap(
        lambda n: st.tuples(
            pmfs(n), hnp.arrays(np.float64, n, elements=st.floats(0.0, 10.0, allow_subnormal=False))
        )
    )
)
def test_posterior_is_a_distribution(data: tuple[np.ndarray, np.ndarray]) -> None:
    prior, lik = data
    if not np.any(prior * lik > 0):  # evidence 0: the error path, tested below
        lik = lik + 1.0
    post = bayes_posterior(prior, lik)
    assert np.all(post >= 0.0)
    assert post.sum() == pytest.approx(1.0, rel=REL)
    assert np.all(post[prior == 0.0] == 0.0)  # no prior mass, no posterior mass
    # proportional to prior * likelihood
    target = prior * lik / np.sum(prior * lik)
    assert_allclose(post, target, rtol=1e-12, atol=1e-300)


@FAST
@given(consistent_events())
def test_bayes_rule_is_consistent(events: tuple[float, float, float]) -> None:
    p_b_given_a, p_a, p_b = events
    p_a_given_b = bayes_rule(p_b_given_a, p_a, p_b)
    assert 0.0 <= p_a_given_b <= 1.0
    # symmetry of the joint: P(A|B) P(B) = P(B|A) P(A) (one product each side)
    assert p_a_given_b * p_b == pytest.approx(p_b_given_a * p_a, rel=1e-12, abs=1e-300)
    # the same answer as the discrete posterior over {A, not A}, with P(B|not A)
    # from total probability; that subtraction can cancel, hence the absolute floor
    if p_a < 1.0:
        p_b_given_not_a = max((p_b - p_b_given_a * p_a) / (1.0 - p_a), 0.0)
        post = bayes_posterior([p_a, 1.0 - p_a], [p_b_given_a, p_b_given_not_a])
        assert post[0] == pytest.approx(p_a_given_b, rel=1e-9, abs=1e-12)


@FAST
@given(
    st.integers(1, MAX_DIM).flatmap(
        lambda n: st.tuples(
            pmfs(n).filter(lambda p: bool(np.all(p > 0))),
            hnp.arrays(np.float64, n, elements=st.floats(-50.0, 50.0)),
        )
    ),
    st.floats(-1e3, 1e3),
)
def test_log_posterior_matches_posterior_and_ignores_shifts(
    data: tuple[np.ndarray, np.ndarray], shift: float
) -> None:
    prior, log_lik = data
    logp = log_bayes_posterior(np.log(prior), log_lik)
    # moderate log-likelihoods: exp does not underflow, so both routes are exact to
    # a few ulp relative to the largest posterior; rtol 1e-10 with a small floor
    assert_allclose(np.exp(logp), bayes_posterior(prior, np.exp(log_lik)), rtol=1e-10, atol=1e-15)
    # adding a constant to every log-likelihood (a common factor) changes nothing;
    # the shift (|c| <= 1e3) costs ~1e3 * eps of absolute accuracy
    assert_allclose(log_bayes_posterior(np.log(prior), log_lik + shift), logp, rtol=0, atol=1e-11)


@FAST
@given(
    st.integers(1, MAX_DIM).flatmap(lambda n: st.tuples(vectors(n), pmfs(n))),
    st.floats(-10.0, 10.0, allow_subnormal=False),
    st.floats(-10.0, 10.0),
)
def test_moments_properties(data: tuple[np.ndarray, np.ndarray], a: float, b: float) -> None:
    x, p = data
    var = variance(x, p)
    assert var >= 0.0
    scale = float(p @ x**2) + 1.0  # size of the terms entering the sums
    # linearity E[aX + b] = a E[X] + b and Var(aX + b) = a^2 Var(X): relative to the
    # magnitude of the terms (the centred sums can cancel)
    assert expectation(a * x + b, p) == pytest.approx(
        a * expectation(x, p) + b, rel=REL, abs=REL * (abs(a) * math.sqrt(scale) + abs(b))
    )
    # the rounded mean of aX + b is off by ~eps (|a| max|x| + |b|): squared, that is
    # the absolute floor (a constant b can come out with variance ~eps^2 b^2)
    assert variance(a * x + b, p) == pytest.approx(
        a * a * var, rel=1e-9, abs=1e-12 * (a * a * scale + b * b)
    )
    # Var(X) = E[X^2] - E[X]^2 in exact arithmetic; in float64 the shortcut loses
    # up to ~eps * E[X^2] absolutely
    assert var == pytest.approx(float(p @ x**2) - expectation(x, p) ** 2, abs=1e-12 * scale)


@FAST
@given(joint_tables())
def test_covariance_properties(table: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    x, y, P = table
    scale = math.sqrt(float(P.sum(1) @ x**2) * float(P.sum(0) @ y**2)) + 1e-300
    cov = covariance(x, y, P)
    assert covariance(y, x, P.T) == pytest.approx(cov, rel=REL, abs=REL * scale)  # symmetric
    # Cauchy-Schwarz: Cov^2 <= Var(X) Var(Y)
    var_x, var_y = variance(x, P.sum(1)), variance(y, P.sum(0))
    assert cov * cov <= var_x * var_y * (1 + 1e-9) + 1e-24 * scale**2
    if var_x > 1e-6 * float(P.sum(1) @ x**2) and var_y > 1e-6 * float(P.sum(0) @ y**2):
        rho = correlation(x, y, P)
        assert -1.0 <= rho <= 1.0
    # Cov(X, X) = Var(X): the diagonal table of X with itself
    assert covariance(x, x, np.diag(P.sum(1))) == pytest.approx(var_x, rel=1e-9, abs=REL * scale)


@FAST
@given(matrices(st.integers(2, MAX_DIM), st.integers(1, 4)))
def test_covariance_matrix_is_symmetric_psd_and_agrees_with_numpy(X: np.ndarray) -> None:
    C = covariance_matrix(X)
    assert_array_equal(C, C.T)  # symmetrised exactly
    scale = float(np.max(np.abs(X - X.mean(0)))) ** 2 + 1e-300
    # PSD: v^T C v = Var(v^T X) >= 0; eigenvalues >= -(rounding ~ d n eps scale)
    assert np.linalg.eigvalsh(C).min() >= -1e-12 * scale
    # numpy's np.cov (rowvar=False), the same centred formula: 1e-12 of the scale
    assert_allclose(C, np.cov(X, rowvar=False), rtol=1e-12, atol=1e-12 * scale)
    assert_allclose(
        covariance_matrix(X, ddof=0),
        np.cov(X, rowvar=False, bias=True),
        rtol=1e-12,
        atol=1e-12 * scale,
    )


@FAST
@given(vectors())
def test_running_mean_matches_prefix_means(x: np.ndarray) -> None:
    means = running_mean(x)
    expected = [np.mean(x[: n + 1]) for n in range(x.size)]
    # cumulative sum vs pairwise sum of <= 6 terms: a few ulp of max |x|
    assert_allclose(means, expected, rtol=1e-12, atol=1e-12 * (np.max(np.abs(x)) + 1e-300))


@FAST
@given(
    st.integers(2, 40).flatmap(
        lambda k: hnp.arrays(np.int64, k, elements=st.integers(1, 10**6), unique=True)
    ),
    st.floats(-2.0, 2.0),
    st.floats(-5.0, 5.0),
)
def test_fit_power_law_is_exact_on_power_laws(ns: np.ndarray, b: float, a: float) -> None:
    slope, prefactor = fit_power_law(ns, np.exp(a) * ns.astype(float) ** b)
    # logs of powers: exp and log round to ~1e-15 relative, amplified by 1/spread of ln n
    assert slope == pytest.approx(b, abs=1e-10)
    assert math.log(prefactor) == pytest.approx(a, abs=1e-9)


@FAST
@given(st.integers(0, 2**31), st.sampled_from([(1, 3, 5), (0, 2), (2, 7, 10)]))
def test_bias_variance_test_error_matches_the_decomposition(
    seed: int, degrees: tuple[int, ...]
) -> None:
    bv = bias_variance_simulation(list(degrees), n_datasets=30, seed=seed)
    # test_error - (bias^2 + variance + noise) is a mean of 30 * 101 independent
    # zero-mean terms: within 5 standard errors for all degrees (a two-sided normal
    # tail of 5 SE has probability ~6e-7 per degree)
    gap = bv.test_error - (bv.bias_sq + bv.variance + bv.noise)
    assert np.all(np.abs(gap) <= 5 * bv.test_error_se)


# ---------------------------------------------------------------------------
# 3. Reference implementations: scikit-learn, SciPy, NumPy
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    X, y = load_digits(return_X_y=True)
    return np.asarray(X, dtype=np.float64), np.asarray(y)


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.0])
def test_multinomial_naive_bayes_agrees_with_sklearn(
    digits: tuple[np.ndarray, np.ndarray], alpha: float
) -> None:
    X, y = digits
    train, test = slice(0, 1200), slice(1200, None)
    ours = fit_naive_bayes(X[train], y[train], alpha=alpha)
    sk = MultinomialNB(alpha=alpha).fit(X[train], y[train])
    # the same closed forms (log of smoothed counts); sums of up to 1200 integers are
    # exact, so only log and the final subtraction round: rtol 1e-12
    assert_allclose(ours.feature_log_prob, sk.feature_log_prob_, rtol=1e-12)
    assert_allclose(ours.class_log_prior, sk.class_log_prior_, rtol=1e-12)
    # log posteriors reach -500; matmul summation order and logsumexp differ by a few ulp
    # of the largest term (~2000): atol 1e-9
    assert_allclose(
        naive_bayes_log_proba(ours, X[test]), sk.predict_log_proba(X[test]), rtol=1e-12, atol=1e-9
    )
    assert_array_equal(naive_bayes_predict(ours, X[test]), sk.predict(X[test]))
    # the unnormalised scores: sklearn's predict_joint_log_proba (values ~ -2000)
    assert_allclose(
        naive_bayes_joint_log_likelihood(ours, X[test]),
        sk.predict_joint_log_proba(X[test]),
        rtol=1e-12,
        atol=1e-9,
    )


@pytest.mark.parametrize("alpha", [0.1, 1.0])
def test_bernoulli_naive_bayes_agrees_with_sklearn(
    digits: tuple[np.ndarray, np.ndarray], alpha: float
) -> None:
    X, y = digits
    Xb = (X > 8).astype(np.float64)  # ink present / absent
    ours = fit_naive_bayes(Xb[:1200], y[:1200], kind="bernoulli", alpha=alpha)
    sk = BernoulliNB(alpha=alpha, binarize=None).fit(Xb[:1200], y[:1200])
    assert_allclose(ours.feature_log_prob, sk.feature_log_prob_, rtol=1e-12)
    # sklearn forms log(1 - theta) as log(1 - exp(log theta)); ours from the counts:
    # both accurate to ~1e-15 relative per term, 64 terms per row: atol 1e-10
    assert_allclose(
        naive_bayes_log_proba(ours, Xb[1200:]),
        sk.predict_log_proba(Xb[1200:]),
        rtol=1e-12,
        atol=1e-10,
    )
    assert_array_equal(naive_bayes_predict(ours, Xb[1200:]), sk.predict(Xb[1200:]))


def test_naive_bayes_agrees_with_sklearn_on_synthetic_counts() -> None:
    # seeded synthetic "documents": 3 classes with different word distributions
    rng = np.random.default_rng(0)
    word_probs = rng.dirichlet(np.ones(30), size=3)
    y = rng.integers(0, 3, size=300)
    X = np.array([rng.multinomial(rng.integers(5, 200), word_probs[c]) for c in y], dtype=float)
    ours = fit_naive_bayes(X[:200], y[:200], alpha=0.7)
    sk = MultinomialNB(alpha=0.7).fit(X[:200], y[:200])
    assert_allclose(
        naive_bayes_log_proba(ours, X[200:]), sk.predict_log_proba(X[200:]), rtol=1e-12, atol=1e-9
    )


def test_covariance_agrees_with_numpy_weighted_cov() -> None:
    # numpy's cov with analytic weights = the joint probabilities over all (x_i, y_j)
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=3), rng.normal(size=4)
    P = rng.dirichlet(np.ones(12)).reshape(3, 4)
    xx, yy = np.meshgrid(x, y, indexing="ij")
    ref = np.cov(xx.ravel(), yy.ravel(), aweights=P.ravel(), ddof=0)
    assert covariance(x, y, P) == pytest.approx(ref[0, 1], rel=1e-12)
    assert correlation(x, y, P) == pytest.approx(
        ref[0, 1] / math.sqrt(ref[0, 0] * ref[1, 1]), rel=1e-12
    )


def test_clt_simulation_is_within_berry_esseen() -> None:
    # exponential(1): mu = sigma = 1, rho = 12/e - 2. The Kolmogorov distance of the
    # empirical cdf of R standardised means to Phi is at most BE(n) + DKW(R, 1e-3)
    # with probability >= 0.999 (Massart's constant in the DKW inequality)
    rng = np.random.default_rng(0)
    R = 5000
    dkw = math.sqrt(math.log(2 / 1e-3) / (2 * R))
    for n in (1, 4, 32):
        z = standardized_means(rng.exponential(size=(R, n)), 1.0, 1.0)
        ks = scipy.stats.kstest(z, "norm").statistic
        assert ks <= berry_esseen_bound(n, 1.0, 12 / math.e - 2) + dkw


def test_sample_mean_rmse_shrinks_like_one_over_sqrt_n() -> None:
    # Bernoulli(0.7): RMSE = sqrt(0.21 / n). R = 400 rows: each log RMSE has SD about
    # 1/sqrt(2R) = 0.035, and the fitted slope over ln 1..ln 1024 (range 6.9) has
    # SD below 0.01: |slope + 1/2| <= 0.05 is a 5-SD bound
    rng = np.random.default_rng(1)
    draws = (rng.random((400, 1024)) < 0.7).astype(np.float64)
    ns = 2 ** np.arange(11)
    rmse = sample_mean_rmse(draws, 0.7, ns)
    slope, _ = fit_power_law(ns, rmse)
    assert abs(slope + 0.5) <= 0.05
    # each point within 20% of sigma / sqrt(n) (~6 SD of 0.035)
    assert_allclose(rmse * np.sqrt(ns), math.sqrt(0.21), rtol=0.2)


# ---------------------------------------------------------------------------
# 4. Error paths
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "exc", "message"),
    [
        ((0.8, 0.3, 0.0), ValueError, "`p_b` must be positive: P(A | B) is undefined"),
        ((0.8, 0.3, 0.2), ValueError, "`p_b_given_a` * `p_a` = P(A and B) = 0.24 exceeds `p_b`"),
        ((0.1, 0.1, 0.95), ValueError, "`p_b` = P(B) = 0.95 exceeds P(A and B) + P(not A)"),
        ((1.2, 0.3, 0.35), ValueError, "`p_b_given_a` must be a probability in [0, 1]; got 1.2"),
        ((0.8, -0.1, 0.35), ValueError, "`p_a` must be a probability in [0, 1]"),
        ((0.8, 0.3, math.nan), ValueError, "`p_b` must be a finite number"),
        ((0.8, "0.3", 0.35), TypeError, "`p_a` must be a real number; got str"),
        ((True, 0.3, 0.35), TypeError, "`p_b_given_a` must be a real number, not a boolean"),
    ],
)
def test_bayes_rule_rejects_bad_input(
    args: tuple[object, ...], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        bayes_rule(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("prior", "lik", "message"),
    [
        ([0.5, 0.6], [1.0, 1.0], "`prior` must sum to 1 (within 1e-09); got a sum of 1.1"),
        ([1.5, -0.5], [1.0, 1.0], "`prior` must be non-negative (probabilities)"),
        ([0.5, 0.5], [1.0, -1.0], "`likelihood` must be non-negative"),
        ([0.5, 0.5], [1.0, 1.0, 1.0], "`prior` and `likelihood` must have the same length"),
        ([1.0, 0.0], [0.0, 1.0], "the evidence is 0: `likelihood` is 0 on every hypothesis"),
        ([[0.5, 0.5]], [1.0, 1.0], "`prior` must be a 1-D vector"),
        ([0.5, np.nan], [1.0, 1.0], "`prior` must contain only finite numbers"),
    ],
)
def test_bayes_posterior_rejects_bad_input(prior: object, lik: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        bayes_posterior(prior, lik)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("log_prior", "log_lik", "message"),
    [
        (np.log([0.5, 0.6]), [0.0, 0.0], "`log_prior` must be the log of a probability vector"),
        ([0.0, 0.0], [0.0, 0.0], "`log_prior` must be the log of a probability vector"),
        (
            np.log([0.5, 0.5]),
            [0.0, 0.0, 0.0],
            "`log_likelihood` must have 2 entries on its last axis",
        ),
        (
            np.log([0.5, 0.5]),
            np.zeros((2, 2, 2)),
            "`log_likelihood` must be 1-D (K,) or 2-D (n, K)",
        ),
        (np.log([0.5, 0.5]), [0.0, -np.inf], "`log_likelihood` must contain only finite numbers"),
        ([[0.0]], [0.0], "`log_prior` must be a 1-D vector"),
    ],
)
def test_log_bayes_posterior_rejects_bad_input(
    log_prior: object, log_lik: object, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        log_bayes_posterior(log_prior, log_lik)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "exc", "message"),
    [
        (
            (0.0, 0.9, 1.0),
            ValueError,
            "P(+) = 0: with this `prevalence`, `sensitivity` and `specificity`",
        ),
        ((0.5, 0.0, 1.0), ValueError, "P(+) = 0"),
        ((1.5, 0.9, 0.9), ValueError, "`prevalence` must be a probability in [0, 1]"),
        ((0.1, 0.9, -0.9), ValueError, "`specificity` must be a probability in [0, 1]"),
        ((0.1, None, 0.9), TypeError, "`sensitivity` must be a real number; got NoneType"),
    ],
)
def test_positive_predictive_value_rejects_bad_input(
    args: tuple[object, ...], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        positive_predictive_value(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize("func", [expectation, variance])
@pytest.mark.parametrize(
    ("values", "probs", "message"),
    [
        (
            [0.0, 1.0],
            [0.3, 0.6],
            "`probs` must sum to 1 (within 1e-09); got a sum of 0.8999999999999999",
        ),
        (
            [0.0, 1.0],
            [1.2, -0.2],
            "`probs` must be non-negative (probabilities); got a minimum of -0.2",
        ),
        (
            [0.0, 1.0, 2.0],
            [0.3, 0.7],
            "`values` and `probs` must have the same length; got 3 and 2",
        ),
        ([0.0, np.inf], [0.3, 0.7], "`values` must contain only finite numbers"),
        ([], [], "`values` must not be empty"),
        ([[0.0, 1.0]], [0.3, 0.7], "`values` must be a 1-D vector"),
    ],
)
def test_moments_reject_bad_input(
    func: object, values: object, probs: object, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        func(values, probs)  # type: ignore[operator]


def test_sum_tolerance_is_as_documented() -> None:
    # [0.1] * 10 sums to 0.9999999999999999: rounding, accepted
    assert expectation(np.arange(10.0), [0.1] * 10) == pytest.approx(4.5, rel=REL)
    # off by 2e-9 > SUM_TOL: rejected
    with pytest.raises(ValueError, match=re.escape("`probs` must sum to 1")):
        expectation([0.0, 1.0], [0.5, 0.5 + 2 * SUM_TOL])


@pytest.mark.parametrize("func", [covariance, correlation])
@pytest.mark.parametrize(
    ("x", "y", "joint", "message"),
    [
        (
            [0.0, 1.0],
            [0.0, 1.0],
            [[0.5, 0.5]],
            "`joint` must have shape (len(`x_values`), len(`y_values`)) = (2, 2); got (1, 2)",
        ),
        ([0.0, 1.0], [0.0, 1.0], [[0.5, 0.1], [0.1, 0.5]], "`joint` must sum to 1"),
        ([0.0, 1.0], [0.0, 1.0], [[0.6, -0.1], [0.1, 0.4]], "`joint` must be non-negative"),
        ([0.0, 1.0], [0.0, 1.0], [0.5, 0.5], "`joint` must be a 2-D matrix"),
        (
            [0.0, np.nan],
            [0.0, 1.0],
            [[0.4, 0.1], [0.1, 0.4]],
            "`x_values` must contain only finite numbers",
        ),
        ([0.0, 1.0], "ab", [[0.4, 0.1], [0.1, 0.4]], "`y_values` must be array-like of numbers"),
    ],
)
def test_joint_moments_reject_bad_input(
    func: object, x: object, y: object, joint: object, message: str
) -> None:
    with pytest.raises((ValueError, TypeError), match=re.escape(message)):
        func(x, y, joint)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("x", "y", "name"),
    [([1.0, 1.0], [0.0, 1.0], "x_values"), ([0.0, 1.0], [2.0, 2.0], "y_values")],
)
def test_correlation_of_a_constant_is_undefined(x: list[float], y: list[float], name: str) -> None:
    with pytest.raises(
        ValueError, match=re.escape(f"the variable of `{name}` is constant under `joint`")
    ):
        correlation(x, y, [[0.4, 0.1], [0.1, 0.4]])


@pytest.mark.parametrize(
    ("X", "ddof", "exc", "message"),
    [
        ([[1.0, 2.0]], 1, ValueError, "`X` must have more than `ddof` = 1 rows; got 1"),
        ([[1.0, 2.0], [3.0, 4.0]], -1, ValueError, "`ddof` must be at least 0; got -1"),
        ([[1.0, 2.0], [3.0, 4.0]], 1.0, TypeError, "`ddof` must be an integer; got float"),
        ([1.0, 2.0], 1, ValueError, "`X` must be a 2-D matrix"),
        ([[1.0, np.nan], [1.0, 2.0]], 1, ValueError, "`X` must contain only finite numbers"),
    ],
)
def test_covariance_matrix_rejects_bad_input(
    X: object, ddof: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        covariance_matrix(X, ddof)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.zeros((2, 2, 2)), "`x` must be 1-D (N,) or 2-D (R, N); got shape (2, 2, 2)"),
        ([], "`x` must not be empty"),
        ([1.0, np.inf], "`x` must contain only finite numbers"),
    ],
)
def test_running_mean_rejects_bad_input(x: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        running_mean(x)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("samples", "mean", "ns", "exc", "message"),
    [
        (
            [[1.0, 2.0]],
            1.0,
            [3],
            ValueError,
            "`ns` must not exceed the 2 draws per row of `samples`; got 3",
        ),
        ([[1.0, 2.0]], 1.0, [0], ValueError, "`ns` must hold integers >= 1; got a minimum of 0"),
        ([[1.0, 2.0]], 1.0, [1.5], ValueError, "`ns` must hold integers; got [1.5]"),
        ([1.0, 2.0], 1.0, [1], ValueError, "`samples` must be a 2-D matrix"),
        ([[1.0, 2.0]], math.inf, [1], ValueError, "`mean` must be a finite number; got inf"),
        ([[1.0, 2.0]], "1", [1], TypeError, "`mean` must be a real number; got str"),
    ],
)
def test_sample_mean_rmse_rejects_bad_input(
    samples: object, mean: object, ns: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        sample_mean_rmse(samples, mean, ns)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (
            [1.0, 2.0],
            [1.0, 0.0],
            "`y` must be positive (a logarithm is taken); got a minimum of 0.0",
        ),
        ([-1.0, 2.0], [1.0, 1.0], "`x` must be positive (a logarithm is taken)"),
        ([2.0, 2.0], [1.0, 3.0], "`x` must hold at least two distinct values to fit a power law"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], "`x` and `y` must have the same length; got 3 and 2"),
    ],
)
def test_fit_power_law_rejects_bad_input(x: object, y: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        fit_power_law(x, y)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "exc", "message"),
    [
        (([[1.0, 2.0]], 1.0, 0.0), ValueError, "`std` must be positive; got 0.0"),
        (([[1.0, 2.0]], 1.0, -2.0), ValueError, "`std` must be positive; got -2.0"),
        (([[1.0, 2.0]], math.nan, 1.0), ValueError, "`mean` must be a finite number"),
        (([1.0, 2.0], 1.0, 1.0), ValueError, "`samples` must be a 2-D matrix"),
    ],
)
def test_standardized_means_rejects_bad_input(
    args: tuple[object, ...], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        standardized_means(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "exc", "message"),
    [
        ((0, 1.0, 1.0), ValueError, "`n` must be at least 1; got 0"),
        ((10.0, 1.0, 1.0), TypeError, "`n` must be an integer; got float"),
        ((10, 0.0, 1.0), ValueError, "`std` must be positive; got 0.0"),
        ((10, 1.0, -1.0), ValueError, "`third_abs_moment` must be positive; got -1.0"),
    ],
)
def test_berry_esseen_bound_rejects_bad_input(
    args: tuple[object, ...], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        berry_esseen_bound(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("degrees", "kwargs", "exc", "message"),
    [
        (
            [15],
            {},
            ValueError,
            "`degrees` must be at most `n_train` - 1 = 14 (a polynomial of degree d needs "
            "d + 1 points); got 15",
        ),
        ([-1], {}, ValueError, "`degrees` must hold integers >= 0"),
        ([1.5], {}, ValueError, "`degrees` must hold integers; got [1.5]"),
        ([], {}, ValueError, "`degrees` must not be empty"),
        ([1], {"n_train": 1}, ValueError, "`n_train` must be at least 2; got 1"),
        ([1], {"n_datasets": 0}, ValueError, "`n_datasets` must be at least 1; got 0"),
        ([1], {"n_test": 0}, ValueError, "`n_test` must be at least 1; got 0"),
        ([1], {"noise_std": -0.1}, ValueError, "`noise_std` must be non-negative; got -0.1"),
        ([1], {"seed": -1}, ValueError, "`seed` must be at least 0; got -1"),
        ([1], {"seed": 1.0}, TypeError, "`seed` must be an integer; got float"),
    ],
)
def test_bias_variance_simulation_rejects_bad_input(
    degrees: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        bias_variance_simulation(degrees, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("X", "y", "kwargs", "exc", "message"),
    [
        (X_TOY, [0, 0, 1], {}, ValueError, "`X` has 4 rows but `y` has 3 labels; they must match"),
        (X_TOY, [0, 0.5, 1, 1], {}, ValueError, "`y` must hold integer class labels"),
        (
            [[1, -1], [0, 2]],
            [0, 1],
            {},
            ValueError,
            "`X` must hold non-negative counts for the multinomial model",
        ),
        ([[1, 2], [0, 1]], [0, 1], {"kind": "bernoulli"}, ValueError, "`X` must hold only 0 and 1"),
        (
            X_TOY,
            Y_TOY,
            {"kind": "gaussian"},
            ValueError,
            "`kind` must be one of ('multinomial', 'bernoulli'); got 'gaussian'",
        ),
        (X_TOY, Y_TOY, {"kind": 1}, TypeError, "`kind` must be a string"),
        (
            X_TOY,
            Y_TOY,
            {"alpha": 0.0},
            ValueError,
            "`alpha` must be positive (alpha = 0 gives log 0 for unseen features); got 0.0",
        ),
        (X_TOY, Y_TOY, {"alpha": "1"}, TypeError, "`alpha` must be a real number; got str"),
        ([1, 2, 3], [0], {}, ValueError, "`X` must be a 2-D matrix"),
        (X_TOY, [[0, 0, 1, 1]], {}, ValueError, "`y` must be a 1-D vector"),
    ],
)
def test_fit_naive_bayes_rejects_bad_input(
    X: object, y: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        fit_naive_bayes(X, y, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "func", [naive_bayes_log_proba, naive_bayes_predict, naive_bayes_joint_log_likelihood]
)
@pytest.mark.parametrize(
    ("X", "message"),
    [
        ([[1, 0]], "`X` must have 3 columns (features of the model); got 2"),
        ([[1, -1, 0]], "`X` must hold non-negative counts"),
        ([1, 0, 0], "`X` must be a 2-D matrix"),
        ([[1, np.nan, 0]], "`X` must contain only finite numbers"),
    ],
)
def test_naive_bayes_prediction_rejects_bad_X(func: object, X: object, message: str) -> None:
    model = fit_naive_bayes(X_TOY, Y_TOY)
    with pytest.raises(ValueError, match=re.escape(message)):
        func(model, X)  # type: ignore[operator]


@pytest.mark.parametrize(
    "func", [naive_bayes_log_proba, naive_bayes_predict, naive_bayes_joint_log_likelihood]
)
def test_naive_bayes_prediction_rejects_bad_model(func: object) -> None:
    with pytest.raises(
        TypeError, match=re.escape("`model` must be a NaiveBayes (from fit_naive_bayes); got dict")
    ):
        func({"kind": "multinomial"}, [[1, 0, 0]])  # type: ignore[operator]


def test_bernoulli_prediction_rejects_counts() -> None:
    model = fit_naive_bayes([[1, 0], [0, 1]], [0, 1], kind="bernoulli")
    with pytest.raises(ValueError, match=re.escape("`X` must hold only 0 and 1")):
        naive_bayes_log_proba(model, [[2, 0]])


# ---------------------------------------------------------------------------
# 5. Figures
# ---------------------------------------------------------------------------


def test_plot_base_rate_draws_bayes_rule() -> None:
    fig = plot_base_rate(0.99, (0.9, 0.99), marked_prevalence=0.001)
    ax = fig.axes[0]
    curves = [line for line in ax.lines if str(line.get_label()).startswith("specificity")]
    assert [c.get_label() for c in curves] == ["specificity 0.9", "specificity 0.99"]
    for line, spec in zip(curves, (0.9, 0.99), strict=True):
        x, y = _xy(line).T
        expected = [positive_predictive_value(p, 0.99, spec) for p in x]
        assert_allclose(y, expected, rtol=REL)
        assert x.min() == pytest.approx(1e-4, rel=1e-12)
        assert x.max() == pytest.approx(0.5, rel=1e-12)
    diagonal = next(line for line in ax.lines if line.get_label() == "posterior = prior")
    assert_array_equal(_xy(diagonal)[:, 0], _y(diagonal))
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert [_xy(d)[0, 0] for d in dots] == [0.001, 0.001]
    assert _y(dots[1])[0] == pytest.approx(11 / 122, rel=REL)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_xscale() == "log"
    plt.close(fig)


def test_plot_base_rate_rejects_bad_input() -> None:
    with pytest.raises(
        ValueError, match=re.escape("`specificities[1]` must be a probability in [0, 1]; got 1.5")
    ):
        plot_base_rate(0.9, (0.9, 1.5))
    with pytest.raises(ValueError, match=re.escape("`marked_prevalence` must be in (0, 1)")):
        plot_base_rate(0.9, marked_prevalence=0.0)
    with pytest.raises(ValueError, match=re.escape("`n_points` must be at least 2")):
        plot_base_rate(0.9, n_points=1)
    with pytest.raises(ValueError, match=re.escape("`sensitivity` must be a probability")):
        plot_base_rate(1.1)


def test_plot_running_means_draws_the_paths_and_the_band() -> None:
    draws = np.array([[1.0, 0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0, 1.0]])
    fig = plot_running_means(draws, 0.7, 0.5)
    ax = fig.axes[0]
    paths = [line for line in ax.lines if line.get_linestyle() == "-"]
    for line, row in zip(paths, draws, strict=True):
        assert_allclose(_y(line), running_mean(row), rtol=REL)
    band = next(c for c in ax.collections if isinstance(c, PolyCollection))
    verts = np.asarray(band.get_paths()[0].vertices, dtype=np.float64)
    n, y = verts[:, 0], verts[:, 1]
    # every vertex of the band is at mu +- 2 sigma / sqrt(n)
    assert_allclose(np.abs(y - 0.7), 2 * 0.5 / np.sqrt(n), rtol=1e-12)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_title()
    plt.close(fig)


def test_plot_running_means_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`std` must be positive")):
        plot_running_means([[1.0, 0.0]], 0.5, 0.0)
    with pytest.raises(ValueError, match=re.escape("`draws` must be a 2-D matrix")):
        plot_running_means([1.0, 0.0], 0.5, 0.5)


def test_plot_error_rate_draws_the_fit_and_theory() -> None:
    ns = np.array([1.0, 10.0, 100.0, 1000.0])
    err = np.array([0.5, 0.14, 0.06, 0.015])
    fig = plot_error_rate(ns, err, 0.5)
    ax = fig.axes[0]
    measured, fitted, theory = ax.lines
    assert_array_equal(_y(measured), err)
    slope, prefactor = fit_power_law(ns, err)
    assert_allclose(_y(fitted), prefactor * ns**slope, rtol=REL)
    assert f"{slope:.3f}" in str(fitted.get_label())
    assert_allclose(_y(theory), 0.5 / np.sqrt(ns), rtol=REL)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    plt.close(fig)


def test_plot_error_rate_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`errors` must be positive")):
        plot_error_rate([1, 2], [0.1, 0.0], 1.0)
    with pytest.raises(ValueError, match=re.escape("`ns` and `errors` must have the same length")):
        plot_error_rate([1, 2, 3], [0.1, 0.2], 1.0)


def test_plot_central_limit_draws_densities() -> None:
    rng = np.random.default_rng(0)
    fig = plot_central_limit({1: rng.normal(size=500), 16: rng.normal(size=500)}, bins=20)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        (curve,) = ax.lines
        z, y = _xy(curve).T
        assert_allclose(y, np.exp(-z * z / 2) / math.sqrt(2 * math.pi), rtol=REL)
        # density histogram: bar areas sum to 1 (all values lie inside [-4, 4] here)
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        area = sum(p.get_height() * p.get_width() for p in bars)
        assert area == pytest.approx(1.0, rel=1e-12)
        assert ax.get_title().startswith("$n$")
    assert fig.axes[0].get_ylabel()
    plt.close(fig)


@pytest.mark.parametrize(("k", "shape"), [(1, (1, 1)), (3, (1, 3)), (4, (2, 2)), (5, (2, 3))])
def test_plot_central_limit_grid(k: int, shape: tuple[int, int]) -> None:
    # one panel per sample size; four as a 2 x 2 grid; unused grid cells removed
    fig = plot_central_limit({n: [0.0, 1.0] for n in range(1, k + 1)})
    assert len(fig.axes) == k
    specs = [ax.get_subplotspec() for ax in fig.axes]
    rows = {spec.rowspan.start for spec in specs if spec is not None}
    cols = {spec.colspan.start for spec in specs if spec is not None}
    assert (len(rows), len(cols)) == shape
    plt.close(fig)


def test_plot_central_limit_rejects_bad_input() -> None:
    with pytest.raises(
        ValueError, match=re.escape("`samples_by_n` must hold 1 to 6 sample sizes; got 0")
    ):
        plot_central_limit({})
    with pytest.raises(
        ValueError, match=re.escape("`samples_by_n` keys must be positive integers")
    ):
        plot_central_limit({0: [1.0]})
    with pytest.raises(
        ValueError, match=re.escape("`samples_by_n[4]` must contain only finite numbers")
    ):
        plot_central_limit({4: [1.0, np.nan]})
    with pytest.raises(TypeError, match=re.escape("`samples_by_n` must be a mapping")):
        plot_central_limit([1.0, 2.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`bins` must be at least 2")):
        plot_central_limit({1: [1.0]}, bins=1)


def test_plot_bias_variance_draws_the_simulation() -> None:
    bv = bias_variance_simulation([0, 1, 3, 9], n_datasets=30)
    fig = plot_bias_variance(bv, show_degrees=[1, 9])
    assert len(fig.axes) == 3
    top1, top9, curves = fig.axes
    assert top1.get_title() == "degree 1"
    assert top9.get_title() == "degree 9"
    # 20 fits, their mean, the truth
    assert len(top9.lines) == 22
    assert_allclose(_y(top9.lines[0]), bv.predictions[3, 0], rtol=REL)
    assert_allclose(_y(top9.lines[20]), bv.predictions[3].mean(axis=0), rtol=REL)
    assert_allclose(_y(top9.lines[21]), np.sin(2 * np.pi * bv.x_test), rtol=REL, atol=1e-15)
    by_label = {str(line.get_label()): line for line in curves.lines}
    assert_allclose(_y(by_label["bias² (estimated)"]), bv.bias_sq, rtol=REL)
    assert_allclose(_y(by_label["bias² (exact)"]), bv.bias_sq_exact, rtol=REL)
    assert_allclose(_y(by_label["variance"]), bv.variance, rtol=REL)
    assert_allclose(
        _y(by_label["bias² + variance + noise"]),
        bv.bias_sq + bv.variance + bv.noise,
        rtol=REL,
    )
    assert curves.get_yscale() == "log"
    assert curves.get_xlabel()
    assert curves.get_ylabel()
    plt.close(fig)


def test_plot_bias_variance_rejects_bad_input() -> None:
    bv = bias_variance_simulation([1, 3], n_datasets=5)
    with pytest.raises(
        ValueError,
        match=re.escape("`show_degrees` holds 2, not among the simulated degrees [1, 3]"),
    ):
        plot_bias_variance(bv, show_degrees=[2])
    with pytest.raises(ValueError, match=re.escape("`show_degrees` must hold at most 4 degrees")):
        plot_bias_variance(bv, show_degrees=[1, 1, 1, 3, 3])
    with pytest.raises(TypeError, match=re.escape("`result` must be a BiasVariance; got dict")):
        plot_bias_variance({}, show_degrees=[1])  # type: ignore[arg-type]


def test_naive_bayes_model_type() -> None:
    assert isinstance(fit_naive_bayes(X_TOY, Y_TOY), NaiveBayes)
