"""Tests for aimath.generative (chapter 17): reference values, properties, references, errors.

Tolerances. The diffusion formulas are a handful of float64 operations on
numbers of order 1 (betas in (0, 1), cumulative products in (0, 1]), so
closed-form identities hold to a few ulp; ``REL = 1e-12`` leaves three orders
of magnitude of headroom while any wrong formula misses by O(1). Where an
identity goes through ``1 / sqrt(alpha_bar_t)`` (recovering ``x0`` from
``x_t``), rounding is amplified by up to ``1 / sqrt(alpha_bar_T)`` (about 160
for the standard schedule) and the tolerance says so. Monte Carlo checks use
4 standard errors of the estimate, with a fixed seed.
"""

from __future__ import annotations

import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.stats
import torch
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.collections import PathCollection
from numpy.testing import assert_allclose
from strategies import FAST

from aimath.generative import (
    alpha_bars,
    beta_schedule,
    energy_distance,
    eps_loss,
    forward_step,
    gan_value,
    gan_value_quadrature,
    gmm_log_density,
    gmm_optimal_eps,
    gmm_sample,
    optimal_discriminator,
    posterior_mean_var,
    predict_x0,
    q_mean_var,
    q_sample,
    reparameterize,
    reverse_sample,
    reverse_step,
    vae_kl,
)
from aimath.information import gaussian_kl, js_divergence, mvn_kl
from aimath.plotting.generative import (
    plot_diffusion_scatter,
    plot_gan_discriminator,
    plot_schedules,
)

REL = 1e-12

BETAS = beta_schedule(1000)
ABAR = alpha_bars(BETAS)

steps = st.integers(1, 1000)
small = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    yield
    plt.close("all")


# ---------------------------------------------------------------------------
# schedules
# ---------------------------------------------------------------------------


def test_linear_schedule_is_linspace() -> None:
    # definition (Ho et al. 2020): evenly spaced from beta_start to beta_end
    b = beta_schedule(5, beta_start=0.1, beta_end=0.5)
    assert_allclose(b, [0.1, 0.2, 0.3, 0.4, 0.5], rtol=1e-15)
    assert beta_schedule(1, beta_start=0.3).tolist() == [0.3]


def test_alpha_bars_hand_values() -> None:
    # hand computation: (1 - 0.5)(1 - 0.2) = 0.4, then * (1 - 0.5) = 0.2
    assert_allclose(alpha_bars([0.5, 0.2, 0.5]), [0.5, 0.4, 0.2], rtol=1e-15)


def test_alpha_bars_matches_cumprod() -> None:
    # numpy reference: direct cumulative product; log-space accumulation differs by ulps
    assert_allclose(ABAR, np.cumprod(1.0 - BETAS), rtol=1e-12)


def test_standard_schedule_ends_near_zero_and_short_one_does_not() -> None:
    # exp(-sum beta) with sum = 1000 * (1e-4 + 0.02) / 2 = 10.05 gives about 4.3e-5
    assert 3e-5 < ABAR[-1] < 5e-5
    # T = 50: sum = 50 * 0.01005 = 0.5025, so alpha_bar_T is about exp(-0.5) = 0.6
    assert 0.55 < alpha_bars(beta_schedule(50))[-1] < 0.65


def test_cosine_schedule_matches_its_definition() -> None:
    # Nichol & Dhariwal (2021), eq. 17, written out independently
    T, s = 10, 0.008
    f = np.cos((np.arange(T + 1) / T + s) / (1 + s) * np.pi / 2) ** 2
    expected = np.minimum(1 - (f[1:] / f[0]) / (f[:-1] / f[0]), 0.999)
    assert_allclose(beta_schedule(T, "cosine"), expected, rtol=1e-12)
    assert beta_schedule(T, "cosine")[-1] == 0.999  # f(T) = cos^2(pi/2) ~ 0: clipped
    # away from the clip, alpha_bars reproduces f(t) / f(0)
    assert_allclose(alpha_bars(beta_schedule(T, "cosine"))[:-1], f[1:-1] / f[0], rtol=1e-12)


def test_cosine_schedule_ignores_beta_arguments() -> None:
    assert_allclose(beta_schedule(20, "cosine", 0.3, 0.4), beta_schedule(20, "cosine"), rtol=0)


@FAST
@given(st.integers(1, 300))
def test_schedules_are_valid_betas(T: int) -> None:
    for kind in ("linear", "cosine"):
        b = beta_schedule(T, kind)
        assert b.shape == (T,)
        assert np.all((b > 0) & (b < 1))
        a = alpha_bars(b)
        assert np.all(np.diff(a) < 0)
        assert 0 < a[-1] <= a[0] < 1


# ---------------------------------------------------------------------------
# forward process
# ---------------------------------------------------------------------------


def test_q_mean_var_hand_values() -> None:
    # closed form: sqrt(0.25) * [2, 4] = [1, 2], variance 1 - 0.25
    mean, var = q_mean_var([2.0, 4.0], 2, [0.5, 0.25])
    assert_allclose(mean, [1.0, 2.0], rtol=1e-15)
    assert var == 0.75


def test_batched_t_gives_one_step_per_row() -> None:
    x0 = np.array([[1.0, 2.0], [3.0, 4.0]])
    t = np.array([1, 1000])
    mean, var = q_mean_var(x0, t, ABAR)
    assert np.shape(var) == (2, 1)
    for i in range(2):
        m_i, v_i = q_mean_var(x0[i], int(t[i]), ABAR)
        assert_allclose(mean[i], m_i, rtol=1e-15)
        assert_allclose(np.asarray(var)[i, 0], v_i, rtol=1e-15)


@FAST
@given(small, small, steps)
def test_q_sample_is_mean_plus_sd_noise(x0: float, noise: float, t: int) -> None:
    mean, var = q_mean_var([x0], t, ABAR)
    # two roundings on O(1) numbers
    assert_allclose(
        q_sample([x0], t, ABAR, [noise]), mean + math.sqrt(var) * noise, rtol=REL, atol=1e-14
    )


@FAST
@given(small, small, steps)
def test_predict_x0_inverts_q_sample(x0: float, noise: float, t: int) -> None:
    xt = q_sample([x0], t, ABAR, [noise])
    # division by sqrt(abar_t) >= sqrt(4e-5): rounding amplified at most ~160x
    assert_allclose(predict_x0(xt, t, ABAR, [noise]), [x0], rtol=0, atol=1e-11)


def test_forward_steps_compose_to_closed_form_by_simulation() -> None:
    # Monte Carlo over 4000 paths, T = 100 shortened schedule; 4 standard errors
    rng = np.random.default_rng(1)
    betas = beta_schedule(100, beta_start=1e-3, beta_end=0.2)
    abar = alpha_bars(betas)
    n, x0 = 4000, np.array([2.0, -1.0])
    x = np.tile(x0, (n, 1))
    for t in range(1, 101):
        x = forward_step(x, t, betas, rng.standard_normal(x.shape))
        if t in (5, 50, 100):
            mean, var = q_mean_var(x0, t, abar)
            assert np.all(np.abs(x.mean(axis=0) - mean) < 4 * math.sqrt(var / n))
            assert np.all(np.abs(x.var(axis=0, ddof=1) - var) < 4 * var * math.sqrt(2 / (n - 1)))


def test_forward_step_hand_value() -> None:
    # sqrt(1 - 0.36) * 1 + sqrt(0.36) * 0.5 = 0.8 + 0.3
    assert_allclose(forward_step([1.0], 1, [0.36], [0.5]), [1.1], rtol=1e-15)


# ---------------------------------------------------------------------------
# posterior and reverse step
# ---------------------------------------------------------------------------


@FAST
@given(small, small, st.integers(2, 1000))
def test_posterior_is_gaussian_conditioning(x0: float, xt: float, t: int) -> None:
    # independent derivation: condition the joint Gaussian of (x_{t-1}, x_t) given x0
    a_prev, a_t, b_t = ABAR[t - 2], ABAR[t - 1], BETAS[t - 1]
    s11, s22, s12 = 1 - a_prev, 1 - a_t, math.sqrt(1 - b_t) * (1 - a_prev)
    mean_ref = math.sqrt(a_prev) * x0 + s12 / s22 * (xt - math.sqrt(a_t) * x0)
    var_ref = s11 - s12**2 / s22
    mean, var = posterior_mean_var([x0], [xt], t, BETAS)
    # 1 - abar is as small as 1e-4 at t = 1: cancellation costs ~4 digits
    assert_allclose(mean, [mean_ref], rtol=1e-9, atol=1e-12)
    assert_allclose(var, var_ref, rtol=1e-9, atol=1e-15)


def test_posterior_at_t1_returns_x0_with_zero_variance() -> None:
    mean, var = posterior_mean_var([0.7, -2.0], [5.0, 5.0], 1, BETAS)
    # abar_0 = 1: the mean is x0 (coefficient of x_t is 0), variance exactly 0;
    # 1 - abar_1 = beta_1 is computed by expm1, so the coefficient of x0 is 1 to an ulp
    assert_allclose(mean, [0.7, -2.0], rtol=1e-15)
    assert var == 0.0


def test_posterior_variance_is_between_bounds() -> None:
    # tilde beta_t <= beta_t since (1 - abar_{t-1}) / (1 - abar_t) < 1
    var = np.array([float(posterior_mean_var([0.0], [0.0], t, BETAS)[1]) for t in range(2, 1001)])
    assert np.all(var < BETAS[1:])
    assert np.all(var > 0)


@FAST
@given(st.lists(small, min_size=4, max_size=4), st.lists(small, min_size=4, max_size=4), steps)
def test_reverse_step_with_true_noise_is_posterior_mean(
    x0: list[float], eps: list[float], t: int
) -> None:
    x0_ = np.array(x0).reshape(2, 2)
    eps_ = np.array(eps).reshape(2, 2)
    xt = q_sample(x0_, t, ABAR, eps_)
    mean, _ = posterior_mean_var(x0_, xt, t, BETAS)
    # the identity divides by sqrt(abar_t): rounding amplified up to ~160x on O(1) values
    assert_allclose(reverse_step(xt, t, eps_, BETAS, np.zeros((2, 2))), mean, rtol=0, atol=1e-10)


def test_reverse_step_adds_the_right_noise() -> None:
    xt, eps, z = np.array([[0.3]]), np.array([[0.1]]), np.array([[1.0]])
    base = reverse_step(xt, 500, eps, BETAS, np.zeros((1, 1)))
    post = reverse_step(xt, 500, eps, BETAS, z) - base
    beta = reverse_step(xt, 500, eps, BETAS, z, variance="beta") - base
    var_post = float(posterior_mean_var([0.0], [0.0], 500, BETAS)[1])
    assert_allclose(post, math.sqrt(var_post), rtol=1e-12)
    assert_allclose(beta, math.sqrt(BETAS[499]), rtol=1e-12)
    # no noise at t = 1, whatever the variance choice, also inside a batch
    assert_allclose(
        reverse_step(xt, 1, eps, BETAS, z, "beta"), reverse_step(xt, 1, eps, BETAS, 0 * z), rtol=0
    )
    batch = reverse_step(
        np.zeros((2, 1)), np.array([1, 2]), np.zeros((2, 1)), BETAS, np.ones((2, 1))
    )
    assert batch[0, 0] == 0.0
    assert batch[1, 0] > 0.0


def test_reverse_step_hand_value() -> None:
    # t = 1, beta = 0.36: (1 - 0) / sqrt(0.64) = 1.25 and no noise
    assert_allclose(reverse_step([1.0], 1, [0.0], [0.36], [5.0]), [1.25], rtol=1e-15)


def test_per_step_kl_is_weighted_noise_error() -> None:
    # Ho et al. (2020) eq. 8-12: KL of equal-variance Gaussians = weight * ||eps - eps_hat||^2
    rng = np.random.default_rng(2)
    x0, eps = rng.normal(size=3), rng.normal(size=3)
    eps_hat = eps + 0.2 * rng.normal(size=3)
    t = 300
    xt = q_sample(x0, t, ABAR, eps)
    mu_q, var = posterior_mean_var(x0, xt, t, BETAS)
    mu_p = reverse_step(xt, t, eps_hat, BETAS, np.zeros(3))
    kl = sum(gaussian_kl(mu_q[j], math.sqrt(var), mu_p[j], math.sqrt(var)) for j in range(3))
    weight = BETAS[t - 1] ** 2 / (2 * var * (1 - BETAS[t - 1]) * (1 - ABAR[t - 1]))
    assert_allclose(kl, weight * 3 * eps_loss(eps_hat, eps), rtol=1e-8)


def test_eps_loss_matches_torch_mse() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    ref = torch.nn.functional.mse_loss(torch.from_numpy(a), torch.from_numpy(b)).item()
    assert_allclose(eps_loss(a, b), ref, rtol=1e-12)  # float64 mean, other order
    assert eps_loss([1.0, 0.0], [0.0, 0.0]) == 0.5


def test_reverse_sample_runs_the_chain() -> None:
    # with eps_model = 0 and variance 'beta', the chain is x / prod sqrt(alpha) plus noise;
    # compare with a hand-written loop using the same noise stream
    betas = np.array([0.1, 0.2, 0.3])
    out = reverse_sample(
        lambda x, t: np.zeros_like(x), [[1.0, 2.0]], betas, np.random.default_rng(0)
    )
    rng = np.random.default_rng(0)
    x = np.array([[1.0, 2.0]])
    abar = np.concatenate(([1.0], np.cumprod(1 - betas)))
    for t in (3, 2, 1):
        z = rng.standard_normal(x.shape)
        var = (1 - abar[t - 1]) / (1 - abar[t]) * betas[t - 1]
        x = x / math.sqrt(1 - betas[t - 1]) + (math.sqrt(var) * z if t > 1 else 0.0)
    assert_allclose(out, x, rtol=1e-13)


# ---------------------------------------------------------------------------
# energy distance
# ---------------------------------------------------------------------------


def test_energy_distance_matches_scipy_in_1d() -> None:
    rng = np.random.default_rng(4)
    for n, m in ((1, 1), (7, 3), (200, 350)):
        u, v = rng.normal(size=n), rng.normal(1.0, 2.0, size=m)
        # scipy integrates the CDF difference; same value, other rounding
        assert_allclose(energy_distance(u, v), scipy.stats.energy_distance(u, v), rtol=1e-10)
        assert_allclose(energy_distance(u[:, None], v[:, None]), energy_distance(u, v), rtol=1e-14)


def test_energy_distance_2d_reference_and_chunking() -> None:
    rng = np.random.default_rng(5)
    X, Y = rng.normal(size=(2000, 2)), rng.normal(0.3, 1.0, size=(1500, 2))
    # reference: scipy.spatial cdist on all pairs at once
    from scipy.spatial.distance import cdist

    ref = math.sqrt(2 * cdist(X, Y).mean() - cdist(X, X).mean() - cdist(Y, Y).mean())
    assert_allclose(energy_distance(X, Y), ref, rtol=1e-10)


@FAST
@given(st.lists(small, min_size=1, max_size=8), st.lists(small, min_size=1, max_size=8))
def test_energy_distance_is_symmetric_and_nonnegative(a: list[float], b: list[float]) -> None:
    d = energy_distance(a, b)
    assert d >= 0.0
    assert_allclose(d, energy_distance(b, a), rtol=1e-12, atol=1e-12)
    assert energy_distance(a, a) < 1e-6  # exact zero up to cancellation of O(1) means


def test_energy_distance_hand_value() -> None:
    # X = {0}, Y = {1}: sqrt(2 * 1 - 0 - 0)
    assert energy_distance([0.0], [1.0]) == math.sqrt(2.0)


# ---------------------------------------------------------------------------
# VAE
# ---------------------------------------------------------------------------


def test_vae_kl_hand_value() -> None:
    # (1/2)(1 - 1 - 0 + 1) + (1/2)(4 - 1 - log 4 + 1) = 5/2 - log 2
    assert_allclose(vae_kl([1.0, -1.0], [0.0, math.log(4.0)]), 2.5 - math.log(2.0), rtol=1e-14)
    assert vae_kl([0.0], [0.0]) == 0.0


@FAST
@given(st.lists(st.tuples(small, small), min_size=1, max_size=4))
def test_vae_kl_matches_mvn_kl_and_torch(pairs: list[tuple[float, float]]) -> None:
    mu = np.array([p[0] for p in pairs])
    logvar = np.array([p[1] for p in pairs])
    kl = vae_kl(mu, logvar)
    ref = mvn_kl(mu, np.diag(np.exp(logvar)), np.zeros(mu.size), np.eye(mu.size))
    std = torch.from_numpy(np.exp(0.5 * logvar))
    ref_torch = (
        torch.distributions.kl_divergence(
            torch.distributions.Normal(torch.from_numpy(mu), std),
            torch.distributions.Normal(torch.zeros(mu.size, dtype=torch.float64), 1.0),
        )
        .sum()
        .item()
    )
    # terms of size up to e^3: absolute tolerance on the sum scaled accordingly
    assert_allclose(kl, ref, rtol=1e-10, atol=1e-12)
    assert_allclose(kl, ref_torch, rtol=1e-10, atol=1e-12)
    assert kl >= 0.0


def test_vae_kl_batch_and_accuracy_near_unit_variance() -> None:
    out = vae_kl(np.zeros((3, 2)), np.array([[0.0, 0.0], [1e-8, 0.0], [-1e-8, 1e-8]]))
    assert isinstance(out, np.ndarray)
    assert out.shape == (3,)
    # series: e^x - 1 - x = x^2 / 2 + ..., so (1/2)(x^2 / 2) = 2.5e-17 for x = 1e-8
    assert_allclose(out, [0.0, 2.5e-17, 5e-17], rtol=1e-6)


def test_vae_kl_monte_carlo() -> None:
    rng = np.random.default_rng(6)
    mu, logvar = np.array([0.5, -1.0]), np.array([0.3, -0.7])
    z = reparameterize(
        np.tile(mu, (50_000, 1)), np.tile(logvar, (50_000, 1)), rng.normal(size=(50_000, 2))
    )
    std = np.exp(0.5 * logvar)
    ratio = np.sum(-0.5 * ((z - mu) / std) ** 2 - np.log(std) + 0.5 * z**2, axis=1)
    assert abs(ratio.mean() - vae_kl(mu, logvar)) < 4 * ratio.std() / math.sqrt(ratio.size)


def test_reparameterize_matches_torch_rsample_and_gradient() -> None:
    mu = torch.tensor([0.5, -1.0], dtype=torch.float64, requires_grad=True)
    logvar = torch.tensor([0.2, -0.4], dtype=torch.float64, requires_grad=True)
    eps = torch.tensor([0.3, 1.2], dtype=torch.float64)
    z_t = mu + torch.exp(0.5 * logvar) * eps
    z_t.sum().backward()  # type: ignore[no-untyped-call]
    z = reparameterize(mu.detach().numpy(), logvar.detach().numpy(), eps.numpy())
    assert_allclose(z, z_t.detach().numpy(), rtol=1e-15)
    # dz/dlogvar = (1/2) sigma eps (docstring Notes)
    assert logvar.grad is not None
    assert_allclose(
        logvar.grad.numpy(), 0.5 * np.exp(0.5 * logvar.detach().numpy()) * eps.numpy(), rtol=1e-15
    )


# ---------------------------------------------------------------------------
# GAN
# ---------------------------------------------------------------------------


def test_gan_value_hand_values() -> None:
    # log(1/2) + log(1/2) = -log 4
    assert_allclose(gan_value([0.5, 0.5], [0.5]), -math.log(4.0), rtol=1e-15)
    # mean(log 0.8, log 0.6) + log(1 - 0.1)
    expected = 0.5 * (math.log(0.8) + math.log(0.6)) + math.log(0.9)
    assert_allclose(gan_value([0.8, 0.6], [0.1]), expected, rtol=1e-14)


def test_optimal_discriminator_maximises_pointwise() -> None:
    # a log y + b log(1 - y) peaks at y = a / (a + b): check on a grid of y
    y = np.linspace(1e-3, 1 - 1e-3, 999)
    for a, b in ((1.0, 1.0), (0.3, 2.0), (5.0, 0.1)):
        d = float(optimal_discriminator([a], [b])[0])
        assert (
            a * math.log(d) + b * math.log1p(-d) >= np.max(a * np.log(y) + b * np.log1p(-y)) - 1e-12
        )


def test_gan_value_quadrature_js_identity() -> None:
    # Goodfellow et al. (2014), Theorem 1, on N(0, 1) vs N(1, 1.5^2)
    x = np.linspace(-15.0, 16.0, 6201)
    dx = x[1] - x[0]
    p = scipy.stats.norm.pdf(x, 0.0, 1.0)
    q = scipy.stats.norm.pdf(x, 1.0, 1.5)
    v = gan_value_quadrature(optimal_discriminator(p, q), p, q, dx)
    js = js_divergence(p / p.sum(), q / q.sum(), base=math.e)
    # trapezoid vs Riemann sum of smooth, fast-decaying integrands: 1e-9
    assert_allclose(v, -math.log(4.0) + 2 * js, rtol=0, atol=1e-9)
    # constant 1/2 scores -log 4 (up to the mass outside the grid)
    assert_allclose(gan_value_quadrature(np.full_like(x, 0.5), p, q, dx), -math.log(4.0), atol=1e-9)


def test_gan_value_quadrature_zero_density_terms() -> None:
    # D* = 0 where p_data = 0 and 1 where p_model = 0: those terms are 0 log 0 = 0
    v = gan_value_quadrature([1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0], 1.0)
    assert v == 0.0


# ---------------------------------------------------------------------------
# Gaussian mixtures
# ---------------------------------------------------------------------------

RING = 2.0 * np.stack([np.cos(np.arange(4) * np.pi / 2), np.sin(np.arange(4) * np.pi / 2)], axis=1)


def test_gmm_optimal_eps_single_gaussian_closed_form() -> None:
    # one component N(mu, sigma^2):
    # E[eps | x_t] = sqrt(1 - a)(x_t - sqrt(a) mu) / (a sigma^2 + 1 - a)
    x = np.array([[0.6, -1.0]])
    a = ABAR[99]
    expected = math.sqrt(1 - a) * (x - math.sqrt(a) * np.array([1.0, 2.0])) / (a * 0.25 + 1 - a)
    assert_allclose(gmm_optimal_eps(x, 100, ABAR, [[1.0, 2.0]], 0.5), expected, rtol=1e-13)


def test_gmm_optimal_eps_is_minus_scaled_score() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(6, 2))
    for t in (1, 50, 700):
        a = ABAR[t - 1]
        means, s = math.sqrt(a) * RING, math.sqrt(a * 0.3**2 + 1 - a)
        h = 1e-5
        grad = np.stack(
            [
                (gmm_log_density(x + h * e, means, s) - gmm_log_density(x - h * e, means, s))
                / (2 * h)
                for e in np.eye(2)
            ],
            axis=1,
        )
        # central differences: O(h^2) truncation, rounding ~1e-10 times the curvature 1/s^2
        assert_allclose(gmm_optimal_eps(x, t, ABAR, RING, 0.3), -math.sqrt(1 - a) * grad, atol=1e-5)


def test_gmm_optimal_eps_batched_t_and_weights() -> None:
    x = np.array([[0.5, 0.5], [-1.0, 2.0]])
    w = [0.1, 0.2, 0.3, 0.4]
    batched = gmm_optimal_eps(x, np.array([3, 900]), ABAR, RING, 0.3, w)
    for i, t in enumerate((3, 900)):
        assert_allclose(
            batched[i], gmm_optimal_eps(x[i : i + 1], t, ABAR, RING, 0.3, w)[0], rtol=1e-14
        )


def test_gmm_optimal_eps_is_the_conditional_mean() -> None:
    # Monte Carlo regression: E[eps | x_t] beats a perturbed predictor on fresh pairs
    rng = np.random.default_rng(8)
    x0 = gmm_sample(20_000, RING, 0.3, rng=rng)
    eps = rng.normal(size=x0.shape)
    t = rng.integers(1, 1001, size=x0.shape[0])
    xt = q_sample(x0, t, ABAR, eps)
    opt = gmm_optimal_eps(xt, t, ABAR, RING, 0.3)
    assert eps_loss(opt, eps) < eps_loss(1.05 * opt, eps)
    assert eps_loss(opt, eps) < eps_loss(gmm_optimal_eps(xt, t, ABAR, RING, 0.6), eps)


def test_gmm_log_density_matches_scipy() -> None:
    x = np.array([[0.1, 0.2], [3.0, -1.0]])
    w = np.array([0.1, 0.2, 0.3, 0.4])
    ref = np.log(
        sum(
            w[k] * scipy.stats.multivariate_normal.pdf(x, RING[k], 0.49 * np.eye(2))
            for k in range(4)
        )
    )
    assert_allclose(gmm_log_density(x, RING, 0.7, w), ref, rtol=1e-12)


def test_gmm_sample_moments() -> None:
    rng = np.random.default_rng(9)
    x = gmm_sample(40_000, RING, 0.3, [0.25, 0.25, 0.25, 0.25], rng=rng)
    # mean 0 (symmetric ring); per-coordinate variance 0.09 + 2 (half the points at +-2)
    se = math.sqrt(2.09 / 40_000)
    assert np.all(np.abs(x.mean(axis=0)) < 4 * se)
    assert_allclose(x.var(axis=0), 2.09, rtol=0.03)  # about 4 standard errors of a variance


def test_reverse_sample_with_exact_predictor_reproduces_mixture() -> None:
    rng = np.random.default_rng(10)
    betas = beta_schedule(200, beta_start=5e-4, beta_end=0.1)
    abar = alpha_bars(betas)
    out = reverse_sample(
        lambda x, t: gmm_optimal_eps(x, t, abar, RING, 0.2), rng.normal(size=(400, 2)), betas, rng
    )
    fresh = gmm_sample(400, RING, 0.2, rng=rng)
    noise = rng.normal(size=(400, 2))
    # the V-statistic noise level sqrt(E||X - X'|| * 2 / n) is about 0.1 here
    assert energy_distance(out, fresh) < 0.2 < energy_distance(noise, fresh)


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------


def test_schedule_errors() -> None:
    with pytest.raises(ValueError, match="`T` must be at least 1"):
        beta_schedule(0)
    with pytest.raises(TypeError, match="`T` must be an integer"):
        beta_schedule(10.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`kind` must be"):
        beta_schedule(10, "quadratic")
    with pytest.raises(ValueError, match="`beta_end` must lie strictly between 0 and 1"):
        beta_schedule(10, beta_end=1.0)
    with pytest.raises(ValueError, match="`beta_start` must lie strictly between 0 and 1"):
        beta_schedule(10, beta_start=0.0)
    with pytest.raises(
        ValueError, match=re.escape("`betas` must lie strictly between 0 and 1; got betas[1]")
    ):
        alpha_bars([0.1, 1.5])
    with pytest.raises(ValueError, match="`betas` must contain only finite"):
        alpha_bars([0.1, np.nan])


def test_step_errors() -> None:
    with pytest.raises(ValueError, match=re.escape("`t` must be a step in 1..1000")):
        q_mean_var([1.0], 0, ABAR)
    with pytest.raises(ValueError, match=re.escape("`t` must be a step in 1..1000")):
        q_sample([1.0], 1001, ABAR, [0.0])
    with pytest.raises(ValueError, match=re.escape("`t` must hold steps in 1..1000")):
        forward_step(np.zeros((2, 1)), np.array([0, 3]), BETAS, np.zeros((2, 1)))
    with pytest.raises(TypeError, match="`t` must be an int or a non-empty 1-D integer array"):
        predict_x0(np.zeros((2, 1)), np.array([1.0, 2.0]), ABAR, np.zeros((2, 1)))
    with pytest.raises(TypeError, match="`t` must be an integer step"):
        posterior_mean_var([0.0], [0.0], 2.5, BETAS)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="`t` must be an integer step"):
        reverse_step([0.0], True, [0.0], BETAS, [0.0])


def test_shape_errors() -> None:
    with pytest.raises(ValueError, match="`x0` and `noise` must have the same shape"):
        q_sample([1.0, 2.0], 3, ABAR, [0.0])
    with pytest.raises(
        ValueError, match=re.escape("`x0` must have shape (n, d) with n = len(t) = 3")
    ):
        q_mean_var(np.zeros((2, 2)), np.array([1, 2, 3]), ABAR)
    with pytest.raises(ValueError, match="`x_t` and `eps_pred` must have the same shape"):
        reverse_step([0.0, 1.0], 5, [0.0], BETAS, [0.0, 0.0])
    with pytest.raises(ValueError, match="`x0` and `x_t` must have the same shape"):
        posterior_mean_var([0.0, 1.0], [0.0], 5, BETAS)
    with pytest.raises(ValueError, match="`eps_pred` and `eps` must have the same shape"):
        eps_loss([0.0, 1.0], [0.0])
    with pytest.raises(ValueError, match="`X` and `Y` must have the same dimension"):
        energy_distance(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="`X` must be a 1-D or 2-D array"):
        energy_distance(np.zeros((3, 2, 1)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="`mu` and `logvar` must have the same shape"):
        vae_kl([0.0, 1.0], [0.0])
    with pytest.raises(ValueError, match="`mu` and `noise` must have the same shape"):
        reparameterize([0.0], [0.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="`x_t` must have d = 2 columns"):
        gmm_optimal_eps(np.zeros((3, 3)), 5, ABAR, RING, 0.3)
    with pytest.raises(ValueError, match="`x` must have d = 2 columns"):
        gmm_log_density(np.zeros((3, 1)), RING, 0.3)


def test_value_errors() -> None:
    with pytest.raises(ValueError, match=re.escape("`alpha_bar` must lie in (0, 1]")):
        q_mean_var([1.0], 1, [0.0])
    with pytest.raises(ValueError, match='`variance` must be "posterior" or "beta"'):
        reverse_step([0.0], 5, [0.0], BETAS, [0.0], variance="fixed")
    with pytest.raises(
        ValueError, match="`d_real` must hold probabilities strictly between 0 and 1"
    ):
        gan_value([1.0], [0.5])
    with pytest.raises(
        ValueError, match="`d_fake` must hold probabilities strictly between 0 and 1"
    ):
        gan_value([0.5], [0.0])
    with pytest.raises(ValueError, match="`p_data` must be a non-negative density"):
        optimal_discriminator([-0.1], [1.0])
    with pytest.raises(ValueError, match="must not both be zero"):
        optimal_discriminator([0.0, 1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="`d` must be in"):
        gan_value_quadrature([0.0, 0.5], [1.0, 1.0], [1.0, 1.0], 0.1)
    with pytest.raises(ValueError, match="`d` must hold probabilities in"):
        gan_value_quadrature([1.5, 0.5], [1.0, 1.0], [1.0, 1.0], 0.1)
    with pytest.raises(ValueError, match="`dx` must be positive"):
        gan_value_quadrature([0.5, 0.5], [1.0, 1.0], [1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="`sigma` must be positive"):
        gmm_optimal_eps(np.zeros((1, 2)), 5, ABAR, RING, -0.3)
    with pytest.raises(ValueError, match="`weights` must be non-negative and sum to 1"):
        gmm_sample(5, RING, 0.3, [0.5, 0.5, 0.5, 0.5], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="`weights` must have one entry per row of `means`"):
        gmm_log_density(np.zeros((1, 2)), RING, 0.3, [0.5, 0.5])
    with pytest.raises(ValueError, match="`n` must be at least 1"):
        gmm_sample(0, RING, 0.3, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match=re.escape("`rng` must be a numpy.random.Generator")):
        gmm_sample(3, RING, 0.3, rng=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`mu` must have at least one axis"):
        vae_kl(0.0, 0.0)
    with pytest.raises(ValueError, match="`logvar` must contain only finite"):
        reparameterize([0.0], [np.inf], [0.0])


def test_reverse_sample_errors() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="`eps_model` must be callable"):
        reverse_sample(3, [[0.0]], [0.1], rng)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`rng` must be a numpy.random.Generator")):
        reverse_sample(lambda x, t: x, [[0.0]], [0.1], 0)  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=re.escape("`x_t` and `eps_model(x_t, t)` must have the same shape")
    ):
        reverse_sample(lambda x, t: np.zeros(3), [[0.0]], [0.1], rng)


# ---------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------


def test_plot_schedules_draws_betas_and_alpha_bars() -> None:
    schedules = {"linear": beta_schedule(100), "cosine": beta_schedule(40, "cosine")}
    fig = plot_schedules(schedules)
    ax_b, ax_a = fig.axes
    for label, betas in schedules.items():
        (lb,) = [ln for ln in ax_b.lines if ln.get_gid() == f"beta:{label}"]
        (la,) = [ln for ln in ax_a.lines if ln.get_gid() == f"alpha_bar:{label}"]
        assert_allclose(np.asarray(lb.get_ydata(), dtype=float), betas, rtol=0)
        # the plotted alpha_bar is the cumulative product of 1 - beta
        assert_allclose(np.asarray(la.get_ydata(), dtype=float), np.cumprod(1 - betas), rtol=1e-12)
        assert_allclose(
            np.asarray(la.get_xdata(), dtype=float),
            np.arange(1, betas.size + 1) / betas.size,
            rtol=0,
        )
    assert ax_b.get_xlabel()
    assert ax_b.get_ylabel()
    assert ax_a.get_ylabel()
    assert ax_b.get_yscale() == "log"


def test_plot_diffusion_scatter_draws_the_clouds() -> None:
    rng = np.random.default_rng(0)
    clouds = [rng.normal(size=(n, 2)) for n in (10, 20, 30)]
    fig = plot_diffusion_scatter(clouds[0], clouds[1], clouds[2])
    for ax, gid, pts in zip(fig.axes, ("data", "noised", "sampled"), clouds, strict=True):
        (coll,) = [
            c for c in ax.collections if isinstance(c, PathCollection) and c.get_gid() == gid
        ]
        assert_allclose(np.asarray(coll.get_offsets(), dtype=float), pts, rtol=0)
        assert ax.get_title()
        assert ax.get_xlabel()


def test_plot_gan_discriminator_draws_d_star() -> None:
    x = np.linspace(-5.0, 5.0, 101)
    p, q = scipy.stats.norm.pdf(x), scipy.stats.norm.pdf(x, 1.0, 2.0)
    fig = plot_gan_discriminator(x, p, q)
    ax_p, ax_d = fig.axes
    (d_line,) = [ln for ln in ax_d.lines if ln.get_gid() == "d_star"]
    assert_allclose(np.asarray(d_line.get_ydata(), dtype=float), p / (p + q), rtol=1e-15)
    (p_line,) = [ln for ln in ax_p.lines if ln.get_gid() == "p_data"]
    assert_allclose(np.asarray(p_line.get_ydata(), dtype=float), p, rtol=0)
    assert ax_d.get_xlabel()
    assert ax_p.get_ylabel()
    assert ax_d.get_ylabel()


def test_figure_errors() -> None:
    with pytest.raises(TypeError, match="`schedules` must be a mapping"):
        plot_schedules([0.1, 0.2])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`schedules` must hold at least one"):
        plot_schedules({})
    with pytest.raises(ValueError, match=re.escape("`schedules['bad']` must hold betas strictly")):
        plot_schedules({"bad": [0.5, 1.0]})
    with pytest.raises(
        ValueError, match=re.escape("`noised` must be points of the plane, shape (n, 2)")
    ):
        plot_diffusion_scatter(np.zeros((3, 2)), np.zeros((3, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="`titles` must be three strings"):
        plot_diffusion_scatter(np.zeros((3, 2)), np.zeros((3, 2)), np.zeros((3, 2)), ("a", "b"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`x` must be strictly increasing"):
        plot_gan_discriminator([0.0, 0.0], [1.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="must have the same length"):
        plot_gan_discriminator([0.0, 1.0], [1.0], [1.0, 1.0])
