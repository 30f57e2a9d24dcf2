"""Tests of aimath.estimation and its figures (chapter 12).

Layers: reference values with their provenance (closed forms, SymPy), Hypothesis
properties (MAP = ridge, MLEs minimise their NLLs), and reference implementations
(scipy.optimize, scipy.stats, scikit-learn, torch). Then one test per error path
and tests of what each figure draws.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.optimize
import scipy.stats
import sympy as sp
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.metrics import log_loss
from strategies import FAST

from aimath.estimation import (
    bernoulli_mle,
    bernoulli_nll,
    binary_cross_entropy,
    blr_posterior,
    blr_predictive,
    blr_sample_weights,
    gaussian_mle,
    gaussian_nll,
    lasso,
    map_gaussian_prior,
    map_laplace_prior,
    ols,
    ridge,
)
from aimath.plotting.estimation import (
    plot_bernoulli_likelihood,
    plot_blr_predictive,
    plot_coefficients,
    plot_variance_bias,
)

COIN = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1]
TRUE_W = np.array([1, -2, 3, 0, 0, 0, 0.5, -0.5, 0, 0], dtype=float)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def regression_problem(seed: int = 0, n: int = 60) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, TRUE_W.size))
    return X, X @ TRUE_W + 0.5 * rng.standard_normal(n)


# ---------------------------------------------------------------------------
# 1. Reference values
# ---------------------------------------------------------------------------


def test_bernoulli_mle_matches_sympy() -> None:
    # SymPy solves d/dp [s log p + (n - s) log(1 - p)] = 0 exactly: 7/10
    p, s, n = sp.symbols("p s n", positive=True)
    root = sp.solve(sp.diff(s * sp.log(p) + (n - s) * sp.log(1 - p), p), p)[0]
    assert root == s / n
    assert bernoulli_mle(COIN) == float(root.subs({s: 7, n: 10}))


def test_gaussian_mle_matches_sympy() -> None:
    # SymPy on the explicit 4-point log-likelihood: mean 3, variance (4+1+0+9)/4 = 3.5
    mu, v = sp.symbols("mu v", positive=True)
    data = [1, 2, 3, 6]
    ell = sum(-sp.log(2 * sp.pi * v) / 2 - (x - mu) ** 2 / (2 * v) for x in data)
    sol = sp.solve([sp.diff(ell, mu), sp.diff(ell, v)], [mu, v], dict=True)[0]
    assert gaussian_mle([1.0, 2.0, 3.0, 6.0]) == (float(sol[mu]), float(sol[v]))


def test_bernoulli_nll_closed_form() -> None:
    # 7 ones, 3 zeros at p = 0.7: -(7 log 0.7 + 3 log 0.3), by hand
    expected = -(7 * math.log(0.7) + 3 * math.log(0.3))
    assert bernoulli_nll(0.7, COIN) == pytest.approx(expected, rel=1e-15)
    # impossible data: infinite NLL; certain and right: 0 (0 log 0 = 0)
    assert bernoulli_nll(0.0, [1]) == math.inf
    assert bernoulli_nll(1.0, [1, 1]) == 0.0
    assert bernoulli_nll(0.0, [0, 0]) == 0.0


def test_gaussian_nll_agrees_with_scipy_stats() -> None:
    # scipy.stats.norm.logpdf summed, on a grid of mu and sigma2; rtol 1e-12 for the
    # different (but exact) decomposition of the sum of squares
    x = np.random.default_rng(1).normal(1.0, 2.0, size=30)
    mus = np.linspace(-2.0, 3.0, 7)[:, None]
    sig2 = np.array([0.5, 1.0, 4.0])[None, :]
    expected = -scipy.stats.norm.logpdf(x[:, None, None], mus, np.sqrt(sig2)).sum(axis=0)
    assert_allclose(gaussian_nll(mus, sig2, x), expected, rtol=1e-12)
    assert isinstance(gaussian_nll(0.0, 1.0, x), float)


def test_bce_reference_example_torch_and_sklearn() -> None:
    y = [1, 0, 1, 1, 0]
    q = [0.9, 0.1, 0.8, 0.7, 0.2]
    ours = binary_cross_entropy(y, q)
    # torch 2.x and scikit-learn: five logs and a mean, rounding only (rtol 1e-14)
    ref_torch = torch.nn.functional.binary_cross_entropy(
        torch.tensor(q, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    ).item()
    assert ours == pytest.approx(ref_torch, rel=1e-14)
    assert ours == pytest.approx(log_loss(y, q), rel=1e-14)
    # equals the mean per-example Bernoulli NLL
    per_example = [float(bernoulli_nll(p, [t])) for t, p in zip(y, q, strict=True)]
    assert ours == pytest.approx(float(np.mean(per_example)), rel=1e-14)


def test_bce_impossible_label_is_infinite() -> None:
    assert binary_cross_entropy([1, 0], [0.0, 0.5]) == math.inf
    assert binary_cross_entropy([1, 0], [1.0, 0.0]) == 0.0


def test_ridge_and_map_small_closed_form() -> None:
    # (I + I)^{-1} [2, 4] = [1, 2] by hand
    assert_allclose(ridge(np.eye(2), [2.0, 4.0], 1.0), [1.0, 2.0], rtol=1e-14)
    assert_allclose(map_gaussian_prior(np.eye(2), [2.0, 4.0], 2.0, 2.0), [1.0, 2.0], rtol=1e-14)


def test_lasso_orthogonal_design_is_soft_threshold() -> None:
    # X = I: the lasso solution is soft-thresholding of y at lam (closed form)
    y = np.array([3.0, 0.5, -2.0, -0.2])
    expected = np.sign(y) * np.maximum(np.abs(y) - 1.0, 0.0)
    assert_allclose(lasso(np.eye(4), y, 1.0), expected, atol=1e-10)
    assert_allclose(map_laplace_prior(np.eye(4), y, 2.0, 2.0), expected, atol=1e-10)


def test_blr_posterior_one_dimension_by_hand() -> None:
    # d = 1, x = (1, 1), y = (1, 3), sigma2 = tau2 = 1: precision 1 + 2 = 3, mean 4/3
    mean, cov = blr_posterior([[1.0], [1.0]], [1.0, 3.0], 1.0, 1.0)
    assert_allclose(mean, [4.0 / 3.0], rtol=1e-14)
    assert_allclose(cov, [[1.0 / 3.0]], rtol=1e-14)


def test_blr_posterior_without_data_is_prior() -> None:
    mean, cov = blr_posterior(np.zeros((0, 3)), [], 0.5, 2.0)
    assert_allclose(mean, np.zeros(3), atol=0)
    assert_allclose(cov, 2.0 * np.eye(3), rtol=1e-15)


# ---------------------------------------------------------------------------
# 2. Properties
# ---------------------------------------------------------------------------

finite = st.floats(-10.0, 10.0, allow_nan=False, allow_subnormal=False)
positive = st.floats(1e-2, 1e2, allow_nan=False, allow_subnormal=False)


@FAST
@given(
    X=hnp.arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(1, 4)), elements=finite),
    seed=st.integers(0, 2**16),
    noise_var=positive,
    prior_var=positive,
)
def test_map_gaussian_prior_is_ridge(
    X: np.ndarray, seed: int, noise_var: float, prior_var: float
) -> None:
    y = np.random.default_rng(seed).standard_normal(X.shape[0])
    w_map = map_gaussian_prior(X, y, noise_var, prior_var)
    # the identity is exact; both sides are the same lstsq call (rtol 1e-12 for safety)
    assert_allclose(w_map, ridge(X, y, noise_var / prior_var), rtol=1e-12, atol=1e-12)
    # and the posterior mean is the MAP; different algorithms (Cholesky vs SVD), lambda
    # >= 1e-4 bounds the condition number of X^T X + lam I by ~1e6: rtol 1e-7
    mean, _ = blr_posterior(X, y, noise_var, prior_var)
    scale = max(1.0, float(np.max(np.abs(w_map))))
    assert_allclose(mean, w_map, rtol=1e-7, atol=1e-7 * scale)


@FAST
@given(data=st.lists(st.integers(0, 1), min_size=1, max_size=40))
def test_bernoulli_mle_minimises_nll(data: list[int]) -> None:
    p_hat = bernoulli_mle(data)
    nll_hat = float(bernoulli_nll(p_hat, data))
    grid = np.linspace(0.0, 1.0, 101)
    # no grid point does better than the MLE (up to rounding of the logs)
    assert np.all(np.asarray(bernoulli_nll(grid, data)) >= nll_hat - 1e-9 * (1 + abs(nll_hat)))


@FAST
@given(data=hnp.arrays(np.float64, st.integers(2, 30), elements=finite))
def test_gaussian_mle_matches_numpy_and_scipy_fit(data: np.ndarray) -> None:
    mu, var = gaussian_mle(data)
    assert_allclose(mu, np.mean(data), rtol=1e-12, atol=1e-12)
    assert_allclose(var, np.var(data, ddof=0), rtol=1e-12, atol=1e-12)


@FAST
@given(
    y=hnp.arrays(np.float64, 6, elements=st.floats(0.0, 1.0)),
    q=hnp.arrays(np.float64, 6, elements=st.floats(1e-6, 1.0 - 1e-6)),
)
def test_bce_matches_torch_on_soft_labels(y: np.ndarray, q: np.ndarray) -> None:
    # predictions away from 0 and 1, so torch's clamp at log = -100 never acts
    ref = torch.nn.functional.binary_cross_entropy(torch.tensor(q), torch.tensor(y)).item()
    assert_allclose(binary_cross_entropy(y, q), ref, rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------------------
# 3. Reference implementations
# ---------------------------------------------------------------------------


def test_mles_match_numeric_optimisation() -> None:
    # bounded Brent on the NLL; a minimiser is resolved to ~sqrt(eps) in float64: atol 1e-6
    res = scipy.optimize.minimize_scalar(
        lambda p: bernoulli_nll(p, COIN), bounds=(1e-9, 1 - 1e-9), method="bounded"
    )
    assert abs(res.x - bernoulli_mle(COIN)) < 1e-5
    x = np.random.default_rng(3).normal(2.0, 3.0, size=50)
    opt = scipy.optimize.minimize(
        lambda th: gaussian_nll(th[0], math.exp(th[1]), x), [0.0, 0.0], method="BFGS"
    )
    assert_allclose([opt.x[0], math.exp(opt.x[1])], gaussian_mle(x), rtol=1e-4)


def test_ols_ridge_lasso_match_sklearn_without_intercept() -> None:
    X, y = regression_problem()
    n = X.shape[0]
    # direct solvers on a well-conditioned 60 x 10 problem: rounding only
    assert_allclose(
        ols(X, y), LinearRegression(fit_intercept=False).fit(X, y).coef_, rtol=1e-10, atol=1e-12
    )
    assert_allclose(
        ridge(X, y, 5.0), Ridge(alpha=5.0, fit_intercept=False).fit(X, y).coef_, rtol=1e-10
    )
    # two iterative solvers (FISTA vs coordinate descent) at tight tolerances: atol 1e-8
    for alpha in (0.01, 0.1, 0.5):
        ref = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y)
        assert_allclose(lasso(X, y, n * alpha), ref.coef_, atol=1e-8)


def test_centering_reproduces_sklearn_intercept() -> None:
    X, y = regression_problem(seed=4)
    X, y = X + 2.0, y - 3.0
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    ref = Ridge(alpha=2.0).fit(X, y)
    w = ridge(Xc, yc, 2.0)
    assert_allclose(w, ref.coef_, rtol=1e-10)
    assert_allclose(y.mean() - X.mean(axis=0) @ w, ref.intercept_, rtol=1e-10)
    ref_l = Lasso(alpha=0.05, tol=1e-12, max_iter=100_000).fit(X, y)
    assert_allclose(lasso(Xc, yc, X.shape[0] * 0.05), ref_l.coef_, atol=1e-8)


def test_lasso_is_sparse_and_ols_is_not() -> None:
    X, y = regression_problem()
    w = lasso(X, y, 6.0)
    assert np.sum(w == 0.0) >= 3
    assert np.all(ols(X, y) != 0.0)


def test_ols_rank_deficient_gives_minimum_norm_solution() -> None:
    # duplicated column: numpy.linalg.pinv gives the minimum-norm least-squares solution
    X = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    y = np.array([1.0, 2.0, 2.0])
    assert_allclose(ols(X, y), np.linalg.pinv(X) @ y, rtol=1e-12)


def test_blr_posterior_matches_joint_gaussian_conditioning() -> None:
    rng = np.random.default_rng(7)
    X = rng.standard_normal((12, 3))
    y = rng.standard_normal(12)
    s2, t2 = 0.3, 2.0
    mean, cov = blr_posterior(X, y, s2, t2)
    # condition the joint Gaussian of (w, y): Cov(y) = t2 X X^T + s2 I, Cov(w, y) = t2 X^T
    K = t2 * X @ X.T + s2 * np.eye(12)
    C = t2 * X.T
    assert_allclose(mean, C @ np.linalg.solve(K, y), rtol=1e-10, atol=1e-12)
    assert_allclose(cov, t2 * np.eye(3) - C @ np.linalg.solve(K, C.T), rtol=1e-9, atol=1e-12)
    assert_allclose(cov, cov.T, rtol=0, atol=0)


def test_blr_predictive_matches_monte_carlo() -> None:
    rng = np.random.default_rng(11)
    X = np.column_stack([np.ones(6), rng.uniform(-1, 1, 6)])
    y = X @ np.array([0.5, -1.0]) + 0.1 * rng.standard_normal(6)
    mean, cov = blr_posterior(X, y, 0.01, 1.0)
    X_new = np.array([[1.0, -2.0], [1.0, 0.0], [1.0, 3.0]])
    mu, var = blr_predictive(X_new, mean, cov, 0.01)
    n = 40_000
    W = blr_sample_weights(mean, cov, n, rng)
    samples = W @ X_new.T + 0.1 * rng.standard_normal((n, 3))
    # 4 standard errors: a fixed seed, and a 1-in-15000 miss per comparison otherwise
    assert np.all(np.abs(samples.mean(axis=0) - mu) < 4 * np.sqrt(var / n))
    assert np.all(np.abs(samples.var(axis=0, ddof=1) - var) < 4 * var * math.sqrt(2 / (n - 1)))
    assert_allclose(W.mean(axis=0), mean, atol=4 * float(np.sqrt(np.max(np.diag(cov)) / n)))


# ---------------------------------------------------------------------------
# Error paths
# ---------------------------------------------------------------------------


def test_bernoulli_functions_reject_non_binary_data() -> None:
    with pytest.raises(ValueError, match=r"`data` must hold Bernoulli outcomes 0 or 1; got 2.0"):
        bernoulli_mle([1, 0, 2])
    with pytest.raises(ValueError, match=r"`data` must hold Bernoulli outcomes"):
        bernoulli_nll(0.5, [0.5])
    with pytest.raises(ValueError, match=r"`data` must not be empty"):
        bernoulli_mle([])


def test_bernoulli_nll_rejects_p_outside_unit_interval() -> None:
    with pytest.raises(ValueError, match=r"`p` must lie in \[0, 1\]"):
        bernoulli_nll(1.5, [1])
    with pytest.raises(ValueError, match=r"`p` must contain only finite numbers"):
        bernoulli_nll(math.nan, [1])


def test_gaussian_mle_rejects_bad_data() -> None:
    with pytest.raises(ValueError, match=r"`data` must contain only finite numbers"):
        gaussian_mle([1.0, math.inf])
    with pytest.raises(ValueError, match=r"`data` must be a 1-D vector"):
        gaussian_mle([[1.0, 2.0]])
    with pytest.raises(TypeError, match=r"`data` must be array-like of numbers"):
        gaussian_mle("abc")


def test_gaussian_nll_rejects_non_positive_variance_and_bad_shapes() -> None:
    with pytest.raises(ValueError, match=r"`sigma2` must be positive; got 0.0"):
        gaussian_nll(0.0, 0.0, [1.0])
    with pytest.raises(ValueError, match=r"`mu` and `sigma2` must broadcast"):
        gaussian_nll([0.0, 1.0], [1.0, 2.0, 3.0], [1.0])
    with pytest.raises(ValueError, match=r"`mu` must contain only finite numbers"):
        gaussian_nll(math.nan, 1.0, [1.0])


def test_binary_cross_entropy_errors() -> None:
    with pytest.raises(ValueError, match=r"`y_pred` must have the shape of `y_true`"):
        binary_cross_entropy([1, 0], [0.5])
    with pytest.raises(ValueError, match=r"`y_pred` must lie in \[0, 1\]"):
        binary_cross_entropy([1, 0], [0.5, 1.5])
    with pytest.raises(ValueError, match=r"`y_true` must lie in \[0, 1\]"):
        binary_cross_entropy([2, 0], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"`y_true` must be a 1-D vector"):
        binary_cross_entropy([[1, 0]], [[0.5, 0.5]])


def test_regression_shape_mismatch() -> None:
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"`y` must have length 3 \(rows of `X`\); got 2"):
        ols(X, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"`y` must have length 3"):
        ridge(X, [1.0, 2.0], 1.0)
    with pytest.raises(ValueError, match=r"`y` must have length 3"):
        lasso(X, [1.0, 2.0], 1.0)
    with pytest.raises(ValueError, match=r"`X` must be a 2-D matrix"):
        ols([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"`X` must contain only finite numbers"):
        ridge([[math.nan]], [1.0], 1.0)


def test_negative_lambda_rejected() -> None:
    with pytest.raises(ValueError, match=r"`lam` must be non-negative; got -1.0"):
        ridge(np.eye(2), [1.0, 1.0], -1.0)
    with pytest.raises(ValueError, match=r"`lam` must be non-negative"):
        lasso(np.eye(2), [1.0, 1.0], -1.0)
    with pytest.raises(TypeError, match=r"`lam` must be a real number"):
        ridge(np.eye(2), [1.0, 1.0], "1")  # type: ignore[arg-type]


def test_lasso_reports_non_convergence() -> None:
    X, y = regression_problem()
    with pytest.raises(ValueError, match=r"did not converge within `max_iter`"):
        lasso(X, y, 1.0, max_iter=2)


def test_variances_must_be_positive() -> None:
    with pytest.raises(ValueError, match=r"`noise_var` must be positive"):
        map_gaussian_prior(np.eye(2), [1.0, 1.0], 0.0, 1.0)
    with pytest.raises(ValueError, match=r"`prior_var` must be positive"):
        map_gaussian_prior(np.eye(2), [1.0, 1.0], 1.0, -1.0)
    with pytest.raises(ValueError, match=r"`prior_scale` must be positive"):
        map_laplace_prior(np.eye(2), [1.0, 1.0], 1.0, 0.0)
    with pytest.raises(ValueError, match=r"`noise_var` must be a finite number"):
        blr_posterior(np.eye(2), [1.0, 1.0], math.inf, 1.0)
    with pytest.raises(ValueError, match=r"`prior_var` must be positive"):
        blr_posterior(np.eye(2), [1.0, 1.0], 1.0, 0.0)


def test_blr_posterior_empty_data_shape_mismatch() -> None:
    with pytest.raises(ValueError, match=r"`y` must have length 0"):
        blr_posterior(np.zeros((0, 2)), [1.0], 1.0, 1.0)


def test_blr_predictive_errors() -> None:
    with pytest.raises(ValueError, match=r"`X_new` must have 2 columns"):
        blr_predictive([[1.0]], [0.0, 0.0], np.eye(2), 1.0)
    with pytest.raises(ValueError, match=r"`cov` must be 2x2"):
        blr_predictive([[1.0, 1.0]], [0.0, 0.0], np.eye(3), 1.0)
    with pytest.raises(ValueError, match=r"`cov` must be symmetric"):
        blr_predictive([[1.0, 1.0]], [0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]], 1.0)
    with pytest.raises(ValueError, match=r"`cov` must be positive semi-definite"):
        blr_predictive([[1.0, 1.0]], [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], 1.0)
    with pytest.raises(ValueError, match=r"`noise_var` must be positive"):
        blr_predictive([[1.0, 1.0]], [0.0, 0.0], np.eye(2), 0.0)


def test_blr_sample_weights_errors() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"`n` must be at least 1"):
        blr_sample_weights([0.0], [[1.0]], 0, rng)
    with pytest.raises(TypeError, match=r"`n` must be an integer"):
        blr_sample_weights([0.0], [[1.0]], 2.5, rng)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"`cov` must be positive definite"):
        blr_sample_weights([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], 2, rng)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def test_plot_bernoulli_likelihood_draws_the_likelihood() -> None:
    fig = plot_bernoulli_likelihood(COIN, n_points=201)
    ax_l, ax_ll = fig.axes
    p, lik = ax_l.lines[0].get_data()
    _, loglik = ax_ll.lines[0].get_data()
    p = np.asarray(p, dtype=float)
    lik = np.asarray(lik, dtype=float)
    assert_allclose(lik, np.exp(-np.asarray(bernoulli_nll(p, COIN))), rtol=1e-12)
    assert_allclose(np.log(lik), np.asarray(loglik, dtype=float), rtol=1e-10)
    assert abs(p[np.argmax(lik)] - 0.7) <= p[1] - p[0]
    # the marked MLE
    assert_allclose(np.asarray(ax_l.lines[1].get_xdata(), dtype=float), [0.7, 0.7])
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)


def test_plot_bernoulli_likelihood_errors() -> None:
    with pytest.raises(ValueError, match=r"`n_points` must be at least 3"):
        plot_bernoulli_likelihood(COIN, n_points=2)
    with pytest.raises(TypeError, match=r"`n_points` must be an integer"):
        plot_bernoulli_likelihood(COIN, n_points=2.5)  # type: ignore[arg-type]


def test_plot_variance_bias_draws_exact_curve() -> None:
    fig = plot_variance_bias([2, 4, 8], [0.5, 0.75, 0.875], [0.01, 0.01, 0.01])
    ax = fig.axes[0]
    n, r = ax.lines[0].get_data()
    n = np.asarray(n, dtype=float)
    assert_allclose(np.asarray(r, dtype=float), (n - 1) / n, rtol=1e-14)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    with pytest.raises(ValueError, match=r"`mean_ratio` must have the length of `ns`"):
        plot_variance_bias([2, 4], [0.5])
    with pytest.raises(ValueError, match=r"`ns` must hold sample sizes of at least 1"):
        plot_variance_bias([0, 4], [0.5, 0.75])
    with pytest.raises(ValueError, match=r"`stderr` must have the length of `ns`"):
        plot_variance_bias([2, 4], [0.5, 0.75], [0.1])


def test_plot_coefficients_draws_the_coefficients() -> None:
    coefs = {"a": [1.0, -2.0, 0.0], "b": [0.5, -1.0, 0.25]}
    fig = plot_coefficients(coefs, [1.0, -2.0, 0.0])
    ax = fig.axes[0]
    heights = [patch.get_height() for patch in ax.patches if isinstance(patch, Rectangle)]
    assert_allclose(heights, [1.0, -2.0, 0.0, 0.5, -1.0, 0.25])
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["true $w$", "a", "b"]
    with pytest.raises(ValueError, match=r"`coefs\['b'\]` must have length 3"):
        plot_coefficients({"a": [1.0, 2.0, 3.0], "b": [1.0]})
    with pytest.raises(ValueError, match=r"`coefs` must hold at least one"):
        plot_coefficients({})
    with pytest.raises(TypeError, match=r"`coefs` must be a mapping"):
        plot_coefficients([1.0, 2.0])
    with pytest.raises(ValueError, match=r"`true_w` must have length 3"):
        plot_coefficients({"a": [1.0, 2.0, 3.0]}, [1.0])


def test_plot_blr_predictive_draws_mean_and_band() -> None:
    x_grid = np.linspace(-1, 1, 11)
    mean, var = 2 * x_grid, 0.1 + x_grid**2
    fig = plot_blr_predictive(
        [0.0, 0.5],
        [0.1, 1.0],
        x_grid,
        mean,
        var,
        sample_lines=np.vstack([mean, mean + 0.1]),
        true_line=2 * x_grid,
    )
    ax = fig.axes[0]
    band = np.asarray(ax.collections[0].get_paths()[0].vertices, dtype=float)
    assert_allclose(band[:, 1].max(), np.max(mean + 2 * np.sqrt(var)), rtol=1e-12)
    assert_allclose(band[:, 1].min(), np.min(mean - 2 * np.sqrt(var)), rtol=1e-12)
    mean_line = next(line for line in ax.lines if line.get_label() == "predictive mean")
    assert_allclose(np.asarray(mean_line.get_ydata(), dtype=float), mean)
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    with pytest.raises(ValueError, match=r"`pred_var` must be positive"):
        plot_blr_predictive([0.0], [0.0], [0.0, 1.0], [0.0, 0.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"`y_train` must have the length of `x_train`"):
        plot_blr_predictive([0.0], [0.0, 1.0], [0.0], [0.0], [1.0])
    with pytest.raises(ValueError, match=r"`pred_mean` must have the length of `x_grid`"):
        plot_blr_predictive([0.0], [0.0], [0.0, 1.0], [0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"`sample_lines` must have 2 columns"):
        plot_blr_predictive([0.0], [0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 1.0], [[0.0]])
    with pytest.raises(ValueError, match=r"`true_line` must have the length of `x_grid`"):
        plot_blr_predictive([0.0], [0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 1.0], None, [0.0])
