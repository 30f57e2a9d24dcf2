"""Tests for aimath.optim (chapter 8): reference values, properties, torch, errors, figures.

Tolerances. Every optimizer is compared with ``torch.optim`` (2.13, float64
tensors) by feeding both the *same* gradient at every step, so the two
trajectories differ only by the rounding of the update formulas: a handful of
float64 operations per step, ~1e-16 relative each, accumulating additively
over ``N_STEPS`` steps to well below ``ATOL = 1e-12`` times the size of the
parameter (at least 1; parameters grow to O(10) under large learning rates).
A wrong formula, e.g. a missing bias correction, differs by 1e-3 or more.
When each side instead differentiates its own loss at its own iterate, the
comparison is only done on contracting problems (convex quadratics with a
stable step): adaptive methods near a minimum amplify last-bit differences
(the book page shows it), which says nothing about their formulas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.testing import assert_allclose, assert_array_equal
from strategies import FAST

from aimath.norms import project_onto_ball
from aimath.optim import (
    AdaGrad,
    Adam,
    AdamW,
    GradientDescent,
    Momentum,
    Nesterov,
    Optimizer,
    RMSProp,
    clip_grad_norm,
    critical_learning_rate,
    gd_contraction_factor,
    gd_quadratic_closed_form,
    gd_quadratic_path,
    gd_quadratic_steps,
    minibatch_sgd_linear_regression,
    optimize,
    rosenbrock,
    rosenbrock_gradient,
    rosenbrock_grid,
    step_lr,
    steps_to_tolerance,
    warmup_cosine,
)
from aimath.plotting.optim import plot_curves, plot_lr_regimes, plot_quadratic_paths

#: Steps of every step-for-step comparison with torch (the issue asks for >= 50).
N_STEPS = 60
#: Absolute tolerance of those comparisons (see the module docstring).
ATOL = 1e-12
#: Fewer Hypothesis examples where each example runs torch for N_STEPS steps.
TORCH = settings(FAST, max_examples=12)
#: Parameter shapes exercised: a scalar-like vector, a vector, a matrix.
SHAPES = [(1,), (5,), (3, 4)]

Factory = Callable[[list[Any]], Any]


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


# ---------------------------------------------------------------------------
# Helpers: run aimath and torch side by side
# ---------------------------------------------------------------------------


def _gradients(seed: int, shape: tuple[int, ...], n: int, scale: float = 1.0) -> list[np.ndarray]:
    """A seeded sequence of gradients, including tiny and large entries."""
    rng = np.random.default_rng(seed)
    return [
        scale * rng.normal(size=shape) * 10.0 ** rng.integers(-3, 3, size=shape) for _ in range(n)
    ]


def _race(
    ours: Factory,
    theirs: Factory,
    shapes: Sequence[tuple[int, ...]],
    seed: int,
    n_steps: int = N_STEPS,
    lr_schedule: Callable[[int], float] | None = None,
    sync: bool = False,
) -> float:
    """Feed both optimizers the same gradients; the largest difference seen, relative
    to the parameter's size (at least 1).

    With ``sync``, torch's parameters are reset to aimath's before every step, so
    each step is compared from identical parameters (the optimizer states still
    run separately): with extreme hyper-parameters the decay term of Adam can
    nearly cancel the gradient, and the free-running trajectories then amplify
    last-bit differences, which says nothing about the update formula.
    """
    rng = np.random.default_rng(seed)
    starts = [rng.normal(size=s) for s in shapes]
    params = [s.copy() for s in starts]
    params_t = [torch.tensor(s, requires_grad=True) for s in starts]
    opt, opt_t = ours(params), theirs(params_t)
    grads = [_gradients(seed + 1 + i, s, n_steps) for i, s in enumerate(shapes)]
    worst = 0.0
    for k in range(n_steps):
        if lr_schedule is not None:
            opt.lr = lr_schedule(k)
            for group in opt_t.param_groups:
                group["lr"] = lr_schedule(k)
        step_grads = [g[k] for g in grads]
        if sync:
            with torch.no_grad():
                for p, p_t in zip(params, params_t, strict=True):
                    p_t.copy_(torch.tensor(p))
        opt.step(step_grads)
        for p_t, g in zip(params_t, step_grads, strict=True):
            p_t.grad = torch.tensor(g)
        opt_t.step()
        for p, p_t in zip(params, params_t, strict=True):
            theirs_now = p_t.detach().numpy()
            scale = max(1.0, float(np.max(np.abs(theirs_now))))
            worst = max(worst, float(np.max(np.abs(p - theirs_now))) / scale)
    return worst


def _pair(name: str, hyper: dict[str, Any]) -> tuple[Factory, Factory]:
    """The aimath optimizer ``name`` and its torch counterpart with the same hyper-parameters."""
    lr = hyper["lr"]
    optim = torch.optim
    table: dict[str, tuple[Factory, Factory]] = {
        "GradientDescent": (
            lambda p: GradientDescent(p, lr=lr),
            lambda p: optim.SGD(p, lr=lr),
        ),
        "Momentum": (
            lambda p: Momentum(p, lr=lr, momentum=hyper["momentum"]),
            lambda p: optim.SGD(p, lr=lr, momentum=hyper["momentum"]),
        ),
        "Nesterov": (
            lambda p: Nesterov(p, lr=lr, momentum=hyper["momentum"]),
            # torch requires momentum > 0 for nesterov
            lambda p: optim.SGD(p, lr=lr, momentum=hyper["momentum"], nesterov=True),
        ),
        "AdaGrad": (
            lambda p: AdaGrad(p, lr=lr, eps=hyper["eps"]),
            lambda p: optim.Adagrad(p, lr=lr, eps=hyper["eps"]),
        ),
        "RMSProp": (
            lambda p: RMSProp(p, lr=lr, alpha=hyper["alpha"], eps=hyper["eps"]),
            lambda p: optim.RMSprop(p, lr=lr, alpha=hyper["alpha"], eps=hyper["eps"]),
        ),
        "Adam": (
            lambda p: Adam(
                p, lr=lr, betas=hyper["betas"], eps=hyper["eps"], weight_decay=hyper["wd"]
            ),
            lambda p: optim.Adam(
                p, lr=lr, betas=hyper["betas"], eps=hyper["eps"], weight_decay=hyper["wd"]
            ),
        ),
        "AdamW": (
            lambda p: AdamW(
                p, lr=lr, betas=hyper["betas"], eps=hyper["eps"], weight_decay=hyper["wd"]
            ),
            lambda p: optim.AdamW(
                p, lr=lr, betas=hyper["betas"], eps=hyper["eps"], weight_decay=hyper["wd"]
            ),
        ),
    }
    return table[name]


OPTIMIZERS = ["GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW"]

#: Typical hyper-parameters (not the defaults, so a default cannot hide a mistake).
TYPICAL: dict[str, Any] = {
    "lr": 0.03,
    "momentum": 0.8,
    "eps": 1e-7,
    "alpha": 0.95,
    "betas": (0.85, 0.995),
    "wd": 0.05,
}

hyper_parameters = st.fixed_dictionaries(
    {
        "lr": st.floats(1e-4, 0.5),
        "momentum": st.floats(0.01, 0.99),
        "eps": st.floats(1e-10, 1e-3),
        "alpha": st.floats(0.0, 0.999),
        "betas": st.tuples(st.floats(0.0, 0.99), st.floats(0.0, 0.9999)),
        "wd": st.floats(0.0, 0.5),
    }
)


# ---------------------------------------------------------------------------
# 1. Reference values
# ---------------------------------------------------------------------------


def test_gd_step_table_by_hand() -> None:
    # hand: w1 = 10 - 0.1 * 2 * 7 = 8.6, w2 = 8.6 - 0.1 * 2 * 5.6 = 7.48,
    # w3 = 7.48 - 0.1 * 2 * 4.48 = 6.584, w4 = 6.584 - 0.1 * 2 * 3.584 = 5.8672
    path = gd_quadratic_path(10.0, 3.0, 0.1, 4)
    assert_allclose(path, [10.0, 8.6, 7.48, 6.584, 5.8672], rtol=1e-15)
    # the closed form 3 + 7 * 0.8^k gives the same numbers
    assert_allclose(gd_quadratic_closed_form(10.0, 3.0, 0.1, 4), path, rtol=1e-15)


def test_gd_regimes_by_hand() -> None:
    # lr = 1/2 is Newton's step for a quadratic: exact in one step
    assert_array_equal(gd_quadratic_path(10.0, 3.0, 0.5, 3), [10.0, 3.0, 3.0, 3.0])
    # lr = 1: w -> 6 - w, exact for these integers
    assert_array_equal(gd_quadratic_path(10.0, 3.0, 1.0, 4), [10.0, -4.0, 10.0, -4.0, 10.0])
    # lr = 0: nothing moves
    assert_array_equal(gd_quadratic_path(10.0, 3.0, 0.0, 2), [10.0, 10.0, 10.0])
    # lr = 1.5: factor 1 - 3 = -2, errors 7, -14, 28
    assert_array_equal(gd_quadratic_path(10.0, 3.0, 1.5, 2), [10.0, -11.0, 31.0])


def test_gd_quadratic_steps_reference() -> None:
    # hand, 6-digit logs: ln(1e-3/7) / ln(0.98) = -8.85367 / -0.0202027 = 438.24 -> 439
    assert gd_quadratic_steps(10.0, 3.0, 0.01, 1e-3) == 439
    # 7 * 0.5^k < 1: 7, 3.5, 1.75, 0.875 -> 3 steps
    assert gd_quadratic_steps(10.0, 3.0, 0.25, 1.0) == 3
    # boundary: 7 * 0.5^3 = 0.875 is not < 0.875 (strict), so one more step
    assert gd_quadratic_steps(10.0, 3.0, 0.25, 0.875) == 4
    assert gd_quadratic_steps(10.0, 3.0, 0.5, 1e-9) == 1  # exact in one step
    assert gd_quadratic_steps(3.0, 3.0, 0.1, 1e-9) == 0  # already there
    assert gd_quadratic_steps(10.0, 3.0, 1.0, 1e-3) is None  # oscillates
    assert gd_quadratic_steps(10.0, 3.0, 0.0, 1e-3) is None  # does not move
    assert gd_quadratic_steps(10.0, 3.0, 1.2, 1e-3) is None  # diverges


def test_critical_rate_and_contraction_reference() -> None:
    # closed forms: 2 / lambda_max; max |1 - lr lambda_i|
    assert critical_learning_rate([[2.0]]) == 1.0
    assert critical_learning_rate(np.diag([2.0, 8.0])) == 0.25
    assert critical_learning_rate(np.diag([0.0, 4.0])) == 0.5  # PSD is enough
    assert gd_contraction_factor(np.diag([2.0, 8.0]), 0.125) == 0.75
    assert gd_contraction_factor(np.diag([2.0, 8.0]), 0.25) == 1.0
    # (kappa - 1)/(kappa + 1) at 2 / (L + mu), kappa = 4; eigvalsh rounding: rtol 1e-14
    assert_allclose(gd_contraction_factor(np.diag([2.0, 8.0]), 0.2), 0.6, rtol=1e-14)


def test_contraction_is_rotation_invariant() -> None:
    # the factor depends on the eigenvalues only; eigvalsh of a rotated matrix: rtol 1e-13
    theta = 0.7
    Q = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    H = Q @ np.diag([1.0, 10.0]) @ Q.T
    H = (H + H.T) / 2
    for lr in (0.05, 0.15, 0.19, 0.21):
        assert_allclose(
            gd_contraction_factor(H, lr),
            gd_contraction_factor(np.diag([1.0, 10.0]), lr),
            rtol=1e-13,
        )
    assert_allclose(critical_learning_rate(H), 0.2, rtol=1e-13)


def test_first_steps_by_hand() -> None:
    g = np.array([4.0, -0.5])
    # GD: w - lr g
    w = np.zeros(2)
    GradientDescent([w], lr=0.1).step([g])
    assert_allclose(w, [-0.4, 0.05], rtol=1e-15)
    # Momentum: b = g, then b = mu b + g; steps lr g and lr (1 + mu) g
    w = np.zeros(2)
    mom = Momentum([w], lr=0.1, momentum=0.5)
    mom.step([g])
    mom.step([g])
    assert_allclose(w, -0.1 * g * (1 + 1.5), rtol=1e-15)
    # Nesterov first step: lr (g + mu g)
    w = np.zeros(2)
    Nesterov([w], lr=0.1, momentum=0.5).step([g])
    assert_allclose(w, -0.1 * 1.5 * g, rtol=1e-15)
    # AdaGrad first step: lr g / (|g| + eps)
    w = np.zeros(2)
    AdaGrad([w], lr=0.1, eps=1e-10).step([g])
    assert_allclose(w, -0.1 * g / (np.abs(g) + 1e-10), rtol=1e-15)
    # RMSProp first step: v = (1 - alpha) g^2, lr g / (sqrt(1 - alpha)|g| + eps)
    w = np.zeros(2)
    RMSProp([w], lr=0.1, alpha=0.75, eps=1e-8).step([g])
    assert_allclose(w, -0.1 * g / (0.5 * np.abs(g) + 1e-8), rtol=1e-15)
    # Adam first step: m_hat = g, v_hat = g^2 -> lr g / (|g| + eps)
    w = np.zeros(2)
    Adam([w], lr=0.1, eps=1e-8).step([g])
    assert_allclose(w, -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-14)
    # Adam without bias correction: lr (1 - b1) g / (sqrt(1 - b2)|g| + eps)
    w = np.zeros(2)
    Adam([w], lr=0.1, betas=(0.9, 0.99), eps=1e-8, bias_correction=False).step([g])
    assert_allclose(w, -0.1 * 0.1 * g / (0.1 * np.abs(g) + 1e-8), rtol=1e-14)
    # AdamW with zero gradient: only the decay, w (1 - lr wd)
    w = np.array([2.0, -4.0])
    AdamW([w], lr=0.1, weight_decay=0.5).step([np.zeros(2)])
    assert_allclose(w, [1.9, -3.8], rtol=1e-15)


def test_adam_l2_decay_versus_adamw() -> None:
    # zero loss gradient: Adam's L2 term g = lambda w = 0.1 is normalized to a step
    # lr g / (|g| + eps) ~ lr; AdamW shrinks by (1 - lr lambda). Hand, first step
    w_l2, w_dec = np.array([1.0]), np.array([1.0])
    Adam([w_l2], lr=0.01, weight_decay=0.1).step([np.zeros(1)])
    AdamW([w_dec], lr=0.01, weight_decay=0.1).step([np.zeros(1)])
    assert_allclose(w_l2, [1.0 - 0.01 * 0.1 / (0.1 + 1e-8)], rtol=1e-15)
    assert_allclose(w_dec, [1.0 - 0.01 * 0.1], rtol=1e-15)


def test_schedules_reference() -> None:
    # hand: 0.1 * 0.5^(t // 3)
    assert [step_lr(t, 0.1, 3, 0.5) for t in (0, 2, 3, 5, 6, 9)] == [
        0.1,
        0.1,
        0.05,
        0.05,
        0.025,
        0.0125,
    ]
    # warm-up (t + 1)/W, then the cosine: peak at t = W, midpoint (max + min)/2, floor at T
    assert warmup_cosine(0, 1.0, 4, 14) == 0.25
    assert warmup_cosine(3, 1.0, 4, 14) == 1.0
    assert warmup_cosine(4, 1.0, 4, 14) == 1.0
    assert_allclose(warmup_cosine(9, 1.0, 4, 14, min_lr=0.2), 0.6, rtol=1e-15)
    assert warmup_cosine(14, 1.0, 4, 14, min_lr=0.2) == 0.2
    assert warmup_cosine(1000, 1.0, 4, 14, min_lr=0.2) == 0.2
    # no warm-up: a plain cosine from base_lr
    assert warmup_cosine(0, 0.5, 0, 10) == 0.5


def test_clip_grad_norm_reference() -> None:
    # 3-4-5 triangle
    clipped, total = clip_grad_norm([np.array([3.0]), np.array([[4.0]])], 2.5, eps=0.0)
    assert total == 5.0
    assert_allclose(clipped[0], [1.5], rtol=1e-15)
    assert_allclose(clipped[1], [[2.0]], rtol=1e-15)
    assert clipped[1].shape == (1, 1)
    # torch's eps: factor 2.5 / (5 + 1e-6)
    clipped_eps, _ = clip_grad_norm([[3.0], [4.0]], 2.5)
    assert_allclose(clipped_eps[0], [3.0 * 2.5 / (5.0 + 1e-6)], rtol=1e-15)
    # inside the ball: unchanged copies
    g = np.array([0.3, 0.4])
    inside, total_in = clip_grad_norm([g], 1.0)
    assert_array_equal(inside[0], g)
    assert inside[0] is not g
    assert_allclose(total_in, 0.5, rtol=1e-15)
    # all zeros: nothing to clip, no division by zero even with eps = 0
    zeros, total_0 = clip_grad_norm([np.zeros(3)], 1.0, eps=0.0)
    assert total_0 == 0.0
    assert_array_equal(zeros[0], np.zeros(3))


def test_clip_grad_norm_huge_and_tiny_entries() -> None:
    # squares of 1e200 overflow and of 1e-200 underflow; the scaled norm does not
    clipped, total = clip_grad_norm([[3e200], [4e200]], 1.0)
    assert_allclose(total, 5e200, rtol=1e-15)
    assert_allclose(np.concatenate(clipped), [0.6, 0.8], rtol=1e-14)
    _, tiny = clip_grad_norm([[3e-200, 4e-200]], 1.0)
    assert_allclose(tiny, 5e-200, rtol=1e-15)


def test_rosenbrock_reference() -> None:
    # closed form: f(a, a^2) = 0; f(-1, 1) = 4; f(0, 1) = 1 + 100
    assert rosenbrock([1.0, 1.0]) == 0.0
    assert rosenbrock([-1.0, 1.0]) == 4.0
    assert rosenbrock([0.0, 1.0]) == 101.0
    assert rosenbrock([2.0, 4.0], a=2.0, b=7.0) == 0.0
    assert_array_equal(rosenbrock_gradient([1.0, 1.0]), [0.0, 0.0])
    assert_array_equal(rosenbrock_gradient([0.0, 1.0]), [-2.0, 200.0])
    assert_array_equal(rosenbrock_grid([[1.0, -1.0]], [[1.0, 1.0]]), [[0.0, 4.0]])


@given(
    st.floats(-2.0, 2.0),
    st.floats(-1.0, 3.0),
    st.floats(-2.0, 2.0),
    st.floats(0.0, 200.0),
)
@FAST
def test_rosenbrock_gradient_matches_torch(x: float, y: float, a: float, b: float) -> None:
    # autograd of the same polynomial, float64: entries of size <= ~1e4, rtol 1e-12
    point = torch.tensor([x, y], dtype=torch.float64, requires_grad=True)
    f = (a - point[0]) ** 2 + b * (point[1] - point[0] ** 2) ** 2
    f.backward()  # type: ignore[no-untyped-call]
    assert point.grad is not None
    assert_allclose(rosenbrock([x, y], a, b), f.item(), rtol=1e-12, atol=1e-12)
    assert_allclose(rosenbrock_gradient([x, y], a, b), point.grad.numpy(), rtol=1e-12, atol=1e-10)
    assert_allclose(rosenbrock_grid([x], [y], a, b), [rosenbrock([x, y], a, b)], rtol=1e-15)


def test_steps_to_tolerance_reference() -> None:
    assert steps_to_tolerance([4.0, 1.0, 0.25], 0.5) == 2
    assert steps_to_tolerance([0.1, 1.0], 0.5) == 0
    assert steps_to_tolerance([4.0, 1.0], 0.5) is None
    assert steps_to_tolerance([1.0, 0.5], 0.5) is None  # strict inequality
    # an overflowed (inf) entry is allowed: it is never below the tolerance
    assert steps_to_tolerance([1.0, math.inf, 0.1], 0.5) == 2
    assert steps_to_tolerance(np.array([3, 2, 1]), 2) == 2  # integers are fine


def test_optimize_records_the_path_and_updates_in_place() -> None:
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    path = optimize(GradientDescent([w], lr=0.5), lambda x: x, 3)
    assert path.shape == (4, 2, 2)
    # w_k = (1 - 0.5)^k w_0, exact halvings
    assert_array_equal(path, [0.5**k * np.array([[1.0, 2.0], [3.0, 4.0]]) for k in range(4)])
    assert_array_equal(w, path[-1])  # the caller's array was updated
    path[0, 0, 0] = 99.0
    assert w[0, 0] == 0.125  # the path is a copy
    assert optimize(GradientDescent([w], lr=0.5), lambda x: x, 0).shape == (1, 2, 2)


def test_optimize_passes_a_copy_to_the_gradient() -> None:
    w = np.array([1.0])

    def vandal(x: np.ndarray) -> np.ndarray:
        x[0] = 1e9  # must not reach the optimizer's parameter
        return np.array([1.0])

    optimize(GradientDescent([w], lr=0.5), vandal, 1)
    assert_array_equal(w, [0.5])


def test_lr_attribute_is_read_at_each_step() -> None:
    w = np.array([0.0])
    opt = GradientDescent([w], lr=1.0)
    opt.step([[1.0]])
    opt.lr = 0.25
    opt.step([[1.0]])
    assert_array_equal(w, [-1.25])
    assert opt.t == 2
    assert opt.lr == 0.25


def test_step_is_atomic() -> None:
    # a bad second gradient leaves the first parameter untouched too
    a, b = np.array([1.0]), np.array([2.0])
    opt = Adam([a, b], lr=0.1)
    with pytest.raises(ValueError, match=re.escape("`grads[1]` must contain only finite")):
        opt.step([[1.0], [math.nan]])
    assert_array_equal(a, [1.0])
    assert opt.t == 0
    # an overflowing step leaves the parameters unchanged
    w = np.array([1e300])
    gd = GradientDescent([w], lr=1e10)
    with pytest.raises(ValueError, match=re.escape("the step would make `params[0]` non-finite")):
        gd.step([[1e300]])
    assert_array_equal(w, [1e300])


def test_minibatch_sgd_full_batch_is_gradient_descent() -> None:
    rng = np.random.default_rng(5)
    X = rng.normal(size=(20, 3))
    y = rng.normal(size=20)
    weights, losses = minibatch_sgd_linear_regression(
        X, y, batch_size=20, lr=0.05, n_steps=30, rng=np.random.default_rng(0)
    )
    # reference: the full-batch iteration written out; the batch is a permutation
    # of the rows, so sums are in another order: rtol 1e-12
    w = np.zeros(3)
    expected = [w.copy()]
    for _ in range(30):
        w = w - 0.05 * (2 / 20) * X.T @ (X @ w - y)
        expected.append(w.copy())
    assert_allclose(weights, expected, rtol=1e-12, atol=1e-14)
    assert_allclose(losses, np.mean((np.array(expected) @ X.T - y) ** 2, axis=1), rtol=1e-12)


def test_minibatch_sgd_is_reproducible_and_noisy() -> None:
    rng = np.random.default_rng(6)
    X = rng.normal(size=(50, 2))
    y = X @ np.array([1.0, -1.0]) + 0.3 * rng.normal(size=50)

    def run(seed: int) -> np.ndarray:
        return minibatch_sgd_linear_regression(
            X, y, batch_size=5, lr=0.05, n_steps=40, rng=np.random.default_rng(seed)
        )[0]

    assert_array_equal(run(1), run(1))
    assert not np.array_equal(run(1), run(2))
    assert run(1).shape == (41, 2)


# ---------------------------------------------------------------------------
# 2. Properties
# ---------------------------------------------------------------------------


@given(
    st.floats(-100.0, 100.0),
    st.floats(-100.0, 100.0),
    st.floats(0.0, 1.0),
    st.integers(0, 40),
)
@FAST
def test_gd_path_matches_closed_form(w0: float, target: float, lr: float, n: int) -> None:
    # |1 - 2 lr| <= 1 here, so errors never grow: each step adds a few roundings of
    # size eps * (|w| + |target|) <= eps * 300; 40 steps -> < 1e-11 absolute
    path = gd_quadratic_path(w0, target, lr, n)
    closed = gd_quadratic_closed_form(w0, target, lr, n)
    assert path.shape == closed.shape == (n + 1,)
    assert_allclose(path, closed, rtol=0, atol=1e-11)


@given(st.floats(0.01, 0.99), st.floats(1e-6, 1.0))
@FAST
def test_steps_count_matches_the_run(lr: float, tol: float) -> None:
    d, q = 7.0, abs(1 - 2 * lr)
    ratio = math.log(tol / d) / math.log(q) if q > 0 else 0.0
    # a ratio within rounding of an integer puts the exact count on a knife edge
    assume(q == 0.0 or abs(ratio - round(ratio)) > 1e-6)
    k = gd_quadratic_steps(10.0, 3.0, lr, tol)
    assert k is not None
    path = gd_quadratic_path(10.0, 3.0, lr, k + 1)
    assert steps_to_tolerance(np.abs(path - 3.0), tol) == k
    if q > 0:
        assert k == math.ceil(ratio)


@given(
    st.lists(st.floats(0.1, 20.0), min_size=1, max_size=4),
    st.floats(0.5, 0.99),
)
@FAST
def test_critical_rate_separates_convergence_from_divergence(
    eigenvalues: list[float], fraction: float
) -> None:
    H = np.diag(eigenvalues)
    eta_c = critical_learning_rate(H)
    assert gd_contraction_factor(H, fraction * eta_c) < 1.0
    assert gd_contraction_factor(H, eta_c / fraction) > 1.0
    # at the critical rate the top eigen-direction flips sign forever: factor 1
    assert_allclose(gd_contraction_factor(H, eta_c), 1.0, rtol=1e-14)


@given(st.floats(1.0, 1e4))
@FAST
def test_best_step_gives_kappa_rate(kappa: float) -> None:
    H = np.diag([1.0, kappa])
    best = gd_contraction_factor(H, 2 / (1 + kappa))
    # a division and a subtraction: rtol 1e-12
    assert_allclose(best, (kappa - 1) / (kappa + 1), rtol=1e-12, atol=1e-15)
    for eta in (1.9 / (1 + kappa), 2.1 / (1 + kappa)):
        assert gd_contraction_factor(H, eta) >= best


@given(st.integers(0, 10**6), st.integers(1, 5))
@FAST
def test_clip_properties(seed: int, n_arrays: int) -> None:
    rng = np.random.default_rng(seed)
    grads = [
        rng.normal(size=rng.integers(1, 5, size=2)) * 10.0 ** rng.uniform(-3, 3)
        for _ in range(n_arrays)
    ]
    max_norm = float(10.0 ** rng.uniform(-2, 2))
    clipped, total = clip_grad_norm(grads, max_norm, eps=0.0)
    flat = np.concatenate([g.ravel() for g in grads])
    flat_c = np.concatenate([c.ravel() for c in clipped])
    # norms of <= 80 entries: a few ulp, rtol 1e-13
    assert_allclose(total, np.linalg.norm(flat), rtol=1e-13)
    assert np.linalg.norm(flat_c) <= max_norm * (1 + 1e-13)
    # eps = 0: exactly the Euclidean projection onto the ball (chapter 3)
    assert_allclose(flat_c, project_onto_ball(flat, 2, max_norm), rtol=1e-13, atol=1e-300)
    # the direction is kept: clipped = c * g with one c in (0, 1]
    coef = min(1.0, max_norm / total)
    assert_allclose(flat_c, coef * flat, rtol=1e-13, atol=1e-300)


@given(st.integers(0, 10**6), st.floats(-50.0, 50.0).filter(lambda g: abs(g) > 1e-2))
@FAST
def test_adam_corrected_steps_have_size_lr_for_constant_gradient(seed: int, g: float) -> None:
    # m_hat = g and v_hat = g^2 exactly in real arithmetic (geometric sums), so every
    # step is lr g / (|g| + eps); eps / |g| <= 1e-6 here, and 50 recursions: rtol 1e-6
    rng = np.random.default_rng(seed)
    lr = float(10.0 ** rng.uniform(-4, -1))
    w = np.array([0.0])
    path = optimize(Adam([w], lr=lr), lambda x: np.array([g]), 50)
    assert_allclose(np.diff(path[:, 0]), -lr * np.sign(g), rtol=1e-6)


def test_uncorrected_adam_steps_are_too_large() -> None:
    # the first step is (1 - b1) / sqrt(1 - b2) = 0.1 / sqrt(0.001) ~ 3.16 times lr
    w = np.array([0.0])
    path = optimize(Adam([w], lr=1e-3, bias_correction=False), lambda x: np.array([1.0]), 100)
    steps = -np.diff(path[:, 0]) / 1e-3
    assert_allclose(steps[0], 0.1 / math.sqrt(0.001), rtol=1e-6)
    assert steps.max() > 6.0


@given(st.floats(0.0, 1.0), st.integers(1, 60), st.integers(1, 10))
@FAST
def test_warmup_cosine_is_bounded_and_continuous(floor: float, warmup: int, extra: int) -> None:
    base = 0.5
    min_lr = floor * base
    total = warmup + extra
    rates = np.array([warmup_cosine(t, base, warmup, total, min_lr) for t in range(total + 5)])
    assert np.all(rates > 0.0) or min_lr == 0.0
    assert np.all(rates <= base)
    assert np.all(rates[warmup:] >= min_lr)
    assert np.all(np.diff(rates[:warmup]) > 0)  # the warm-up rises
    assert np.all(np.diff(rates[warmup - 1 :]) <= 1e-15)  # then never rises
    assert rates[warmup] == base
    assert np.all(rates[total:] == min_lr)


# ---------------------------------------------------------------------------
# 3. Reference implementations: torch.optim, lr_scheduler, clip_grad_norm_
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_optimizer_matches_torch_typical(name: str, shape: tuple[int, ...]) -> None:
    ours, theirs = _pair(name, TYPICAL)
    assert _race(ours, theirs, [shape], seed=7) < ATOL


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_matches_torch_on_several_parameters(name: str) -> None:
    # a weight matrix, a bias and a scalar-like parameter in one optimizer
    ours, theirs = _pair(name, TYPICAL)
    assert _race(ours, theirs, [(3, 4), (3,), (1,)], seed=11) < ATOL


@pytest.mark.parametrize("name", OPTIMIZERS)
@given(hyper=hyper_parameters, seed=st.integers(0, 10**6))
@TORCH
def test_optimizer_matches_torch_over_hyper_parameters(
    name: str, hyper: dict[str, Any], seed: int
) -> None:
    ours, theirs = _pair(name, hyper)
    assert _race(ours, theirs, [(2, 3)], seed=seed, sync=True) < ATOL


@pytest.mark.parametrize("name", ["Adam", "AdamW", "RMSProp", "Momentum"])
def test_optimizer_matches_torch_with_a_schedule(name: str) -> None:
    # the lr attribute changes every step, as under torch.optim.lr_scheduler
    ours, theirs = _pair(name, TYPICAL)

    def schedule(t: int) -> float:
        return warmup_cosine(t, 0.05, 10, N_STEPS)

    assert _race(ours, theirs, [(4,)], seed=3, lr_schedule=schedule) < ATOL


@pytest.mark.parametrize("name", ["GradientDescent", "Momentum", "Nesterov", "Adam", "AdamW"])
def test_optimizer_matches_torch_autograd_on_a_convex_quadratic(name: str) -> None:
    # each side differentiates its own loss at its own iterate; the problem is a
    # well-conditioned quadratic and the steps are stable, so the dynamics contract
    # and last-bit differences cannot grow: ATOL holds over 100 steps
    rng = np.random.default_rng(12)
    A = rng.normal(size=(6, 4))
    H = A.T @ A / 6 + np.eye(4)  # SPD, eigenvalues in [1, ~3]
    target = rng.normal(size=4)
    hyper = {**TYPICAL, "lr": 0.05, "momentum": 0.5}
    ours, theirs = _pair(name, hyper)
    w = np.zeros(4)
    w_t = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    opt, opt_t = ours([w]), theirs([w_t])
    H_t, target_t = torch.tensor(H), torch.tensor(target)
    for _ in range(100):
        opt.step([H @ (w - target)])
        opt_t.zero_grad()
        d = w_t - target_t
        (0.5 * d @ H_t @ d).backward()  # type: ignore[no-untyped-call]
        opt_t.step()
        assert_allclose(w, w_t.detach().numpy(), rtol=0, atol=ATOL)


def _torch_rates(make: Callable[[Any], Any], n: int, base_lr: float) -> np.ndarray:
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr)
    scheduler = make(opt)
    rates = []
    for _ in range(n):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return np.array(rates)


@given(st.integers(1, 20), st.floats(0.05, 1.0), st.floats(1e-4, 1.0))
@settings(FAST, max_examples=20)
def test_step_lr_matches_torch(step_size: int, gamma: float, base_lr: float) -> None:
    n = 5 * step_size + 3
    ours = [step_lr(t, base_lr, step_size, gamma) for t in range(n)]
    theirs = _torch_rates(
        lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=step_size, gamma=gamma), n, base_lr
    )
    # torch multiplies by gamma at each drop, ours takes a power: <= 5 roundings apart
    assert_allclose(ours, theirs, rtol=1e-14)


@pytest.mark.parametrize(
    ("warmup", "total", "min_lr"),
    [(10, 50, 0.0), (1, 20, 0.01), (5, 30, 0.05), (2, 3, 0.0), (25, 100, 0.001)],
)
def test_warmup_cosine_matches_torch_sequential(warmup: int, total: int, min_lr: float) -> None:
    base = 0.1
    sched = torch.optim.lr_scheduler

    def make(o: Any) -> Any:
        return sched.SequentialLR(
            o,
            [
                sched.LinearLR(o, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1),
                sched.CosineAnnealingLR(o, T_max=total - warmup, eta_min=min_lr),
            ],
            milestones=[warmup],
        )

    ours = [warmup_cosine(t, base, warmup, total, min_lr) for t in range(total + 1)]
    # torch updates the cosine recursively from the previous rate: rtol 1e-12
    assert_allclose(ours, _torch_rates(make, total + 1, base), rtol=1e-12, atol=1e-17)


@pytest.mark.parametrize(("total", "min_lr"), [(25, 0.0), (40, 0.02)])
def test_warmup_cosine_without_warmup_is_cosine_annealing(total: int, min_lr: float) -> None:
    def make(o: Any) -> Any:
        return torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=total, eta_min=min_lr)

    ours = [warmup_cosine(t, 0.1, 0, total, min_lr) for t in range(total + 1)]
    assert_allclose(ours, _torch_rates(make, total + 1, 0.1), rtol=1e-12, atol=1e-17)


@given(st.integers(0, 30), st.integers(1, 100), st.floats(0.0, 0.9))
@settings(FAST, max_examples=20)
def test_warmup_cosine_matches_torch_lambda(warmup: int, extra: int, floor: float) -> None:
    base, total = 0.3, warmup + extra

    def factor(t: int) -> float:
        return warmup_cosine(t, base, warmup, total, floor * base) / base

    theirs = _torch_rates(lambda o: torch.optim.lr_scheduler.LambdaLR(o, factor), total + 10, base)
    ours = [warmup_cosine(t, base, warmup, total, floor * base) for t in range(total + 10)]
    # LambdaLR multiplies base_lr by (ours / base): one or two roundings
    assert_allclose(ours, theirs, rtol=1e-15, atol=1e-18)


@given(st.integers(0, 10**6), st.integers(1, 4), st.floats(1e-3, 1e3))
@FAST
def test_clip_grad_norm_matches_torch(seed: int, n_arrays: int, max_norm: float) -> None:
    rng = np.random.default_rng(seed)
    grads = [
        rng.normal(size=rng.integers(1, 4, size=rng.integers(1, 3))) * 5 for _ in range(n_arrays)
    ]
    params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads, strict=True):
        p.grad = torch.tensor(g)
    total_t = torch.nn.utils.clip_grad_norm_(params, max_norm)
    clipped, total = clip_grad_norm(grads, max_norm)
    # the same sum of squares in another order, then one product: rtol 1e-14
    assert_allclose(total, total_t.item(), rtol=1e-14)
    for c, p in zip(clipped, params, strict=True):
        assert p.grad is not None
        assert_allclose(c, p.grad.numpy(), rtol=1e-14, atol=1e-300)
    assert_array_equal(grads[0], grads[0])  # inputs untouched below
    assert all(c is not g for c, g in zip(clipped, grads, strict=True))


# ---------------------------------------------------------------------------
# Error paths
# ---------------------------------------------------------------------------


def test_params_must_be_a_sequence_of_float_arrays() -> None:
    with pytest.raises(
        TypeError, match=re.escape("`params` must be a list or tuple of arrays (wrap")
    ):
        GradientDescent(np.zeros(3), lr=0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`params` must be a list or tuple")):
        GradientDescent(None, lr=0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`params` must be a list or tuple")):
        GradientDescent(iter([np.zeros(3)]), lr=0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`params` must hold at least one array")):
        GradientDescent([], lr=0.1)
    with pytest.raises(TypeError, match=re.escape("`params[0]` must be a NumPy float64 array")):
        GradientDescent([[1.0, 2.0]], lr=0.1)  # type: ignore[list-item]
    with pytest.raises(
        TypeError, match=re.escape("`params[1]` must have dtype float64; got dtype int64")
    ):
        GradientDescent([np.zeros(2), np.arange(3)], lr=0.1)  # type: ignore[list-item]
    with pytest.raises(
        TypeError, match=re.escape("`params[0]` must have dtype float64; got dtype float32")
    ):
        GradientDescent([np.zeros(2, dtype=np.float32)], lr=0.1)


def test_params_must_be_writeable_finite_non_empty_and_distinct() -> None:
    frozen = np.zeros(2)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match=re.escape("`params[0]` must be writeable")):
        Momentum([frozen], lr=0.1)
    with pytest.raises(ValueError, match=re.escape("`params[0]` must not be empty")):
        Adam([np.zeros(0)])
    with pytest.raises(ValueError, match=re.escape("`params[0]` must contain only finite")):
        AdaGrad([np.array([1.0, math.nan])])
    w = np.zeros(4)
    with pytest.raises(ValueError, match=re.escape("`params[1]` shares memory with `params[0]`")):
        RMSProp([w, w])
    with pytest.raises(ValueError, match=re.escape("`params[1]` shares memory with `params[0]`")):
        AdamW([w, w[1:3]])


@pytest.mark.parametrize(
    ("lr", "exc", "message"),
    [
        (-0.1, ValueError, "`lr` must be >= 0; got -0.1"),
        (math.nan, ValueError, "`lr` must be a finite number; got nan"),
        (math.inf, ValueError, "`lr` must be a finite number; got inf"),
        ("0.1", TypeError, "`lr` must be a real number; got str"),
        (True, TypeError, "`lr` must be a real number, not a boolean"),
        (None, TypeError, "`lr` must be a real number; got NoneType"),
    ],
)
def test_learning_rate_is_validated(lr: object, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        GradientDescent([np.zeros(2)], lr=lr)  # type: ignore[arg-type]
    opt = Adam([np.zeros(2)])
    with pytest.raises(exc, match=re.escape(message)):
        opt.lr = lr  # type: ignore[assignment]
    assert opt.lr == 1e-3  # unchanged


def test_hyper_parameters_are_validated() -> None:
    p = [np.zeros(2)]
    with pytest.raises(ValueError, match=re.escape("`momentum` must lie in [0, 1); got 1.0")):
        Momentum(p, lr=0.1, momentum=1.0)
    with pytest.raises(ValueError, match=re.escape("`momentum` must lie in [0, 1); got -0.5")):
        Nesterov(p, lr=0.1, momentum=-0.5)
    with pytest.raises(ValueError, match=re.escape("`eps` must be > 0; got 0.0")):
        AdaGrad(p, eps=0.0)
    with pytest.raises(ValueError, match=re.escape("`alpha` must lie in [0, 1); got 1.0")):
        RMSProp(p, alpha=1.0)
    with pytest.raises(ValueError, match=re.escape("`eps` must be > 0; got -1e-08")):
        RMSProp(p, eps=-1e-8)
    with pytest.raises(ValueError, match=re.escape("`betas[1]` must lie in [0, 1); got 1.0")):
        Adam(p, betas=(0.9, 1.0))
    with pytest.raises(ValueError, match=re.escape("`betas[0]` must lie in [0, 1); got -0.1")):
        AdamW(p, betas=(-0.1, 0.999))
    with pytest.raises(ValueError, match=re.escape("`betas[0]` must be a finite number; got nan")):
        Adam(p, betas=(math.nan, 0.999))
    with pytest.raises(TypeError, match=re.escape("`betas` must be a pair (beta1, beta2)")):
        Adam(p, betas=(0.9,))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`betas` must be a pair (beta1, beta2)")):
        Adam(p, betas=0.9)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`weight_decay` must be >= 0; got -0.01")):
        AdamW(p, weight_decay=-0.01)
    with pytest.raises(ValueError, match=re.escape("`weight_decay` must be >= 0")):
        Adam(p, weight_decay=-1.0)
    with pytest.raises(TypeError, match=re.escape("`bias_correction` must be a bool; got str")):
        Adam(p, bias_correction="yes")  # type: ignore[arg-type]


def test_step_validates_the_gradients() -> None:
    W, b = np.zeros((2, 3)), np.zeros(2)
    opt = Nesterov([W, b], lr=0.1)
    with pytest.raises(
        ValueError, match=re.escape("`grads` must hold one gradient per parameter (2); got 1")
    ):
        opt.step([np.zeros((2, 3))])
    with pytest.raises(
        ValueError, match=re.escape("`grads` must hold one gradient per parameter (2); got 3")
    ):
        opt.step([np.zeros((2, 3)), np.zeros(2), np.zeros(2)])
    with pytest.raises(
        ValueError,
        match=re.escape("`grads[0]` must have the shape of `params[0]`, (2, 3); got (3, 2)"),
    ):
        opt.step([np.zeros((3, 2)), np.zeros(2)])
    with pytest.raises(
        ValueError, match=re.escape("`grads[1]` must have the shape of `params[1]`, (2,); got ()")
    ):
        opt.step([np.zeros((2, 3)), 1.0])
    with pytest.raises(ValueError, match=re.escape("`grads[1]` must contain only finite numbers")):
        opt.step([np.zeros((2, 3)), [0.0, math.inf]])
    with pytest.raises(TypeError, match=re.escape("`grads[0]` must be array-like of numbers")):
        opt.step(["abc", np.zeros(2)])
    with pytest.raises(TypeError, match=re.escape("`grads` must be a list or tuple of arrays")):
        opt.step(np.zeros(2))  # type: ignore[arg-type]
    assert opt.t == 0
    b[0] = math.nan  # the caller broke a parameter between steps
    with pytest.raises(ValueError, match=re.escape("`params[1]` must contain only finite")):
        opt.step([np.zeros((2, 3)), np.zeros(2)])


def test_base_class_has_no_update_rule() -> None:
    opt = Optimizer([np.zeros(2)], lr=0.1)
    with pytest.raises(NotImplementedError):
        opt.step([np.zeros(2)])


def test_optimize_rejects_bad_input() -> None:
    w = np.zeros(2)
    with pytest.raises(TypeError, match=re.escape("`optimizer` must be an aimath.optim.Optimizer")):
        optimize(torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.1), lambda x: x, 3)  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=re.escape("`optimizer` must hold exactly one parameter array; got 2")
    ):
        optimize(GradientDescent([w, np.zeros(1)], lr=0.1), lambda x: x, 3)
    with pytest.raises(TypeError, match=re.escape("`gradient` must be callable")):
        optimize(GradientDescent([w], lr=0.1), np.zeros(2), 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`n_steps` must be at least 0; got -1")):
        optimize(GradientDescent([w], lr=0.1), lambda x: x, -1)
    with pytest.raises(TypeError, match=re.escape("`n_steps` must be an integer; got float")):
        optimize(GradientDescent([w], lr=0.1), lambda x: x, 3.0)  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=re.escape("`gradient` must return an array of the shape (2,)")
    ):
        optimize(GradientDescent([w], lr=0.1), lambda x: np.zeros(3), 3)
    with pytest.raises(ValueError, match=re.escape("`gradient` must contain only finite numbers")):
        optimize(GradientDescent([w], lr=0.1), lambda x: x / 0.0 if False else x * math.nan, 3)
    with pytest.raises(ValueError, match=re.escape("the step would make `params[0]` non-finite")):
        optimize(GradientDescent([np.array([10.0])], lr=1e200), lambda x: 1e200 * x, 3)


def test_steps_to_tolerance_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`values` must not contain NaN")):
        steps_to_tolerance([1.0, math.nan], 0.5)
    with pytest.raises(
        ValueError, match=re.escape("`values` must be a non-empty 1-D sequence; got shape (2, 2)")
    ):
        steps_to_tolerance([[1.0, 2.0], [3.0, 4.0]], 0.5)
    with pytest.raises(
        ValueError, match=re.escape("`values` must be a non-empty 1-D sequence; got shape (0,)")
    ):
        steps_to_tolerance([], 0.5)
    with pytest.raises(
        TypeError, match=re.escape("`values` must be array-like of real numbers; got str")
    ):
        steps_to_tolerance("abc", 0.5)
    with pytest.raises(TypeError, match=re.escape("`values` must be array-like of real numbers")):
        steps_to_tolerance(np.array([1j]), 0.5)
    with pytest.raises(ValueError, match=re.escape("`tol` must be a finite number; got nan")):
        steps_to_tolerance([1.0], math.nan)


def test_schedules_reject_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`step` must be at least 0; got -1")):
        step_lr(-1, 0.1, 10)
    with pytest.raises(TypeError, match=re.escape("`step` must be an integer; got float")):
        step_lr(1.5, 0.1, 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`step_size` must be at least 1; got 0")):
        step_lr(1, 0.1, 0)
    with pytest.raises(ValueError, match=re.escape("`gamma` must be > 0; got 0.0")):
        step_lr(1, 0.1, 10, gamma=0.0)
    with pytest.raises(ValueError, match=re.escape("`base_lr` must be >= 0; got -0.1")):
        step_lr(1, -0.1, 10)
    with pytest.raises(ValueError, match=re.escape("`total_steps` must be at least 11; got 10")):
        warmup_cosine(0, 0.1, 10, 10)
    with pytest.raises(
        ValueError, match=re.escape("`min_lr` must not exceed `base_lr` (0.1); got 0.2")
    ):
        warmup_cosine(0, 0.1, 10, 100, min_lr=0.2)
    with pytest.raises(ValueError, match=re.escape("`warmup_steps` must be at least 0; got -1")):
        warmup_cosine(0, 0.1, -1, 100)
    with pytest.raises(ValueError, match=re.escape("`step` must be at least 0; got -3")):
        warmup_cosine(-3, 0.1, 1, 100)
    with pytest.raises(ValueError, match=re.escape("`min_lr` must be >= 0; got -0.01")):
        warmup_cosine(0, 0.1, 1, 100, min_lr=-0.01)


def test_clip_grad_norm_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`grads` must hold at least one array")):
        clip_grad_norm([], 1.0)
    with pytest.raises(TypeError, match=re.escape("`grads` must be a list or tuple of arrays")):
        clip_grad_norm(np.ones(3), 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`grads[1]` must contain only finite numbers")):
        clip_grad_norm([np.ones(2), [math.inf]], 1.0)
    with pytest.raises(ValueError, match=re.escape("`grads[0]` must not be empty")):
        clip_grad_norm([np.ones(0)], 1.0)
    with pytest.raises(ValueError, match=re.escape("`max_norm` must be > 0; got 0.0")):
        clip_grad_norm([np.ones(2)], 0.0)
    with pytest.raises(ValueError, match=re.escape("`max_norm` must be a finite number; got inf")):
        clip_grad_norm([np.ones(2)], math.inf)
    with pytest.raises(ValueError, match=re.escape("`eps` must be >= 0; got -1e-06")):
        clip_grad_norm([np.ones(2)], 1.0, eps=-1e-6)


def test_quadratic_helpers_reject_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`lr` must be >= 0; got -0.1")):
        gd_quadratic_path(10.0, 3.0, -0.1, 5)
    with pytest.raises(ValueError, match=re.escape("`n_steps` must be at least 0; got -1")):
        gd_quadratic_path(10.0, 3.0, 0.1, -1)
    with pytest.raises(ValueError, match=re.escape("`w0` must be a finite number; got nan")):
        gd_quadratic_path(math.nan, 3.0, 0.1, 5)
    with pytest.raises(ValueError, match=re.escape("the step would make `params[0]` non-finite")):
        gd_quadratic_path(10.0, 3.0, 1e200, 5)
    with pytest.raises(
        ValueError, match=re.escape("`n_steps` is too large: (1 - 2 lr)^k overflows")
    ):
        gd_quadratic_closed_form(10.0, 3.0, 10.0, 1000)
    with pytest.raises(ValueError, match=re.escape("`target` must be a finite number; got inf")):
        gd_quadratic_closed_form(10.0, math.inf, 0.1, 5)
    with pytest.raises(ValueError, match=re.escape("`tol` must be > 0; got 0.0")):
        gd_quadratic_steps(10.0, 3.0, 0.1, 0.0)
    with pytest.raises(ValueError, match=re.escape("`lr` must be >= 0; got -1.0")):
        gd_quadratic_steps(10.0, 3.0, -1.0, 1e-3)


def test_hessian_helpers_reject_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`hessian` must be symmetric")):
        gd_contraction_factor([[1.0, 2.0], [0.0, 1.0]], 0.1)
    with pytest.raises(ValueError, match=re.escape("`hessian` must be square")):
        gd_contraction_factor([[1.0, 2.0, 3.0]], 0.1)
    with pytest.raises(ValueError, match=re.escape("`lr` must be >= 0")):
        gd_contraction_factor(np.eye(2), -0.1)
    with pytest.raises(
        ValueError,
        match=re.escape("`hessian` must be positive semi-definite; got the eigenvalue -1"),
    ):
        critical_learning_rate(np.diag([-1.0, 2.0]))
    with pytest.raises(ValueError, match=re.escape("`hessian` must not be zero")):
        critical_learning_rate(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=re.escape("`hessian` must be a 2-D matrix")):
        critical_learning_rate([1.0, 2.0])


def test_minibatch_sgd_rejects_bad_input() -> None:
    X, y = np.ones((4, 2)), np.ones(4)
    rng = np.random.default_rng(0)
    with pytest.raises(
        ValueError,
        match=re.escape("`y` must be a vector with one target per row of `X` (4); got shape (3,)"),
    ):
        minibatch_sgd_linear_regression(X, np.ones(3), batch_size=2, lr=0.1, n_steps=3, rng=rng)
    with pytest.raises(
        ValueError,
        match=re.escape("`batch_size` must be at most the number of rows of `X` (4); got 5"),
    ):
        minibatch_sgd_linear_regression(X, y, batch_size=5, lr=0.1, n_steps=3, rng=rng)
    with pytest.raises(ValueError, match=re.escape("`batch_size` must be at least 1; got 0")):
        minibatch_sgd_linear_regression(X, y, batch_size=0, lr=0.1, n_steps=3, rng=rng)
    expected = "`rng` must be a numpy.random.Generator (e.g. np.random.default_rng(0)); got int"
    with pytest.raises(TypeError, match=re.escape(expected)):
        minibatch_sgd_linear_regression(X, y, batch_size=2, lr=0.1, n_steps=3, rng=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`X` must be a 2-D matrix")):
        minibatch_sgd_linear_regression(np.ones(4), y, batch_size=2, lr=0.1, n_steps=3, rng=rng)
    with pytest.raises(ValueError, match=re.escape("`lr` must be >= 0")):
        minibatch_sgd_linear_regression(X, y, batch_size=2, lr=-0.1, n_steps=3, rng=rng)


def test_rosenbrock_rejects_bad_input() -> None:
    with pytest.raises(
        ValueError, match=re.escape("`x` must be a point of the plane, shape (2,); got shape (3,)")
    ):
        rosenbrock([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=re.escape("`x` must contain only finite numbers")):
        rosenbrock_gradient([1.0, math.nan])
    with pytest.raises(ValueError, match=re.escape("`b` must be >= 0; got -1.0")):
        rosenbrock([1.0, 1.0], b=-1.0)
    with pytest.raises(ValueError, match=re.escape("`a` must be a finite number; got nan")):
        rosenbrock_gradient([1.0, 1.0], a=math.nan)
    with pytest.raises(
        ValueError, match=re.escape("`x` and `y` must have the same shape; got (2,) and (3,)")
    ):
        rosenbrock_grid([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=re.escape("`x` and `y` are too large")):
        rosenbrock_grid([1e200], [1.0])


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def by_gid(ax: Axes, gid: str) -> Line2D:
    (line,) = [line for line in ax.lines if line.get_gid() == gid]
    return line


def test_plot_lr_regimes_draws_the_iterates() -> None:
    lrs = (0.01, 0.1, 0.9, 1.0, 1.1, 0.5)
    fig = plot_lr_regimes(10.0, 3.0, lrs, 25)
    ax_w, ax_d = fig.axes[:2]
    for lr in lrs:
        path = gd_quadratic_path(10.0, 3.0, lr, 25)
        assert_array_equal(by_gid(ax_w, f"lr={lr:g}").get_ydata(), path)
        dist = np.abs(path - 3.0)
        line = by_gid(ax_d, f"lr={lr:g}")
        assert_array_equal(line.get_ydata(), dist[dist > 0])  # exact zeros are dropped
        assert_array_equal(line.get_xdata(), np.arange(26)[dist > 0])
    assert ax_d.get_yscale() == "log"
    assert ax_w.get_xlim()[1] < 16  # the first steps only, for legibility
    for ax in (ax_w, ax_d):
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        assert ax.get_title()
    (legend,) = fig.legends
    assert len(legend.get_texts()) == len(lrs)
    assert all(text.get_text() for text in legend.get_texts())
    fig.canvas.draw()


def test_plot_lr_regimes_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`lrs` must not be empty")):
        plot_lr_regimes(lrs=[])
    with pytest.raises(ValueError, match=re.escape("`w0` must differ from `target`")):
        plot_lr_regimes(3.0, 3.0)
    with pytest.raises(ValueError, match=re.escape("`n_steps` must be at least 1; got 0")):
        plot_lr_regimes(n_steps=0)
    with pytest.raises(ValueError, match=re.escape("`lr` must be >= 0")):
        plot_lr_regimes(lrs=[0.1, -0.1])
    assert plt.get_fignums() == []


def test_plot_quadratic_paths_draws_paths_and_level_sets() -> None:
    H = np.array([[2.0, 0.5], [0.5, 8.0]])
    center = np.array([0.5, -0.5])
    paths = {
        "GD": optimize(
            GradientDescent([np.array([3.0, 2.0])], lr=0.1), lambda x: H @ (x - center), 15
        ),
        "Adam": optimize(Adam([np.array([-2.0, 1.0])], lr=0.3), lambda x: H @ (x - center), 15),
    }
    fig = plot_quadratic_paths(H, paths, minimum=center, n_levels=6)
    (ax,) = fig.axes
    for name, xy in paths.items():
        assert_array_equal(by_gid(ax, name).get_xydata(), xy)
    # each contour line is a level set of f: the grid is 241 x 241, so points lie
    # on the level up to linear interpolation, relative error < 1e-2
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    levels = np.asarray(contours.levels)
    assert len(levels) == 6
    for level, path in zip(levels, contours.get_paths(), strict=True):
        pts = path.vertices
        d = pts - center
        f = 0.5 * np.einsum("ki,ij,kj->k", d, H, d)
        assert_allclose(f, level, rtol=1e-2)
    star = [ln for ln in ax.lines if ln.get_marker() == "*"]
    assert_array_equal(star[0].get_xydata(), [center])
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    legend = ax.get_legend()
    assert legend is not None
    assert len(legend.get_texts()) == 2
    fig.canvas.draw()


def test_plot_quadratic_paths_rejects_bad_input() -> None:
    good = {"GD": [[1.0, 1.0], [0.5, 0.5]]}
    with pytest.raises(ValueError, match=re.escape("`hessian` must be 2x2")):
        plot_quadratic_paths(np.eye(3), good)
    with pytest.raises(ValueError, match=re.escape("`hessian` must be symmetric")):
        plot_quadratic_paths([[1.0, 1.0], [0.0, 1.0]], good)
    with pytest.raises(ValueError, match=re.escape("`hessian` must be positive definite")):
        plot_quadratic_paths([[1.0, 0.0], [0.0, -1.0]], good)
    with pytest.raises(
        ValueError, match=re.escape("`paths['GD']` must have shape (k, 2); got (2, 3)")
    ):
        plot_quadratic_paths(np.eye(2), {"GD": np.ones((2, 3))})
    with pytest.raises(TypeError, match=re.escape("`paths` must be a mapping of labels to arrays")):
        plot_quadratic_paths(np.eye(2), [[1.0, 1.0]])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`paths` must hold at least one entry")):
        plot_quadratic_paths(np.eye(2), {})
    with pytest.raises(
        ValueError, match=re.escape("`xlim` must be a pair (low, high) with low < high")
    ):
        plot_quadratic_paths(np.eye(2), good, xlim=(1.0, -1.0))
    with pytest.raises(ValueError, match=re.escape("`n_levels` must be at least 1; got 0")):
        plot_quadratic_paths(np.eye(2), good, n_levels=0)
    with pytest.raises(ValueError, match=re.escape("`minimum` must be a point of the plane")):
        plot_quadratic_paths(np.eye(2), good, minimum=[0.0, 0.0, 0.0])
    assert plt.get_fignums() == []


def test_plot_curves_draws_the_data() -> None:
    curves = {"loss": [4.0, 2.0, 1.0, 0.5], "theory": [4.0, 2.0, 1.0, 0.5]}
    fig = plot_curves(
        curves,
        ylabel="loss",
        log_y=True,
        dashed=["theory"],
        hline=0.25,
        title="t",
        colors={"theory": "#0072B2"},
    )
    (ax,) = fig.axes
    for name, values in curves.items():
        line = by_gid(ax, name)
        assert_array_equal(line.get_ydata(), values)
        assert_array_equal(line.get_xdata(), np.arange(4))
    assert by_gid(ax, "theory").get_linestyle() == "--"
    assert by_gid(ax, "theory").get_color() == "#0072B2"
    assert by_gid(ax, "loss").get_linestyle() == "-"
    assert ax.get_yscale() == "log"
    assert any(np.array_equal(np.asarray(ln.get_ydata()), [0.25, 0.25]) for ln in ax.lines)
    assert ax.get_xlabel() == "step"
    assert ax.get_ylabel() == "loss"
    assert ax.get_title() == "t"
    fig.canvas.draw()
    fig_lin = plot_curves({"lr": [0.0, 0.1]})
    assert fig_lin.axes[0].get_yscale() == "linear"


def test_plot_curves_rejects_bad_input() -> None:
    with pytest.raises(
        ValueError, match=re.escape("`curves['a']` must be positive for a log axis")
    ):
        plot_curves({"a": [1.0, 0.0]}, log_y=True)
    with pytest.raises(ValueError, match=re.escape("`dashed` must name curves of `curves`")):
        plot_curves({"a": [1.0]}, dashed=["b"])
    with pytest.raises(ValueError, match=re.escape("`xlabel` must not be empty")):
        plot_curves({"a": [1.0]}, xlabel=" ")
    with pytest.raises(TypeError, match=re.escape("`ylabel` must be a string; got int")):
        plot_curves({"a": [1.0]}, ylabel=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`curves['a']` must be 1-D")):
        plot_curves({"a": [[1.0, 2.0]]})
    with pytest.raises(TypeError, match=re.escape("`curves` must have string labels")):
        plot_curves({1: [1.0]})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match=re.escape("`log_y` must be True or False")):
        plot_curves({"a": [1.0]}, log_y="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("`hline` must be positive on a log axis")):
        plot_curves({"a": [1.0]}, log_y=True, hline=0.0)
    with pytest.raises(TypeError, match=re.escape("`dashed` must be a sequence of labels")):
        plot_curves({"a": [1.0]}, dashed="a")
    with pytest.raises(ValueError, match=re.escape("`colors` must name curves of `curves`")):
        plot_curves({"a": [1.0]}, colors={"b": "red"})
    with pytest.raises(ValueError, match=re.escape("`colors['a']` must be a matplotlib colour")):
        plot_curves({"a": [1.0]}, colors={"a": "not-a-colour"})
    with pytest.raises(TypeError, match=re.escape("`colors` must be a mapping of labels")):
        plot_curves({"a": [1.0]}, colors=["red"])  # type: ignore[arg-type]
    assert plt.get_fignums() == []


@pytest.mark.parametrize("func", [rosenbrock, rosenbrock_gradient])
def test_rosenbrock_far_out_is_an_error_not_an_overflow(func: Callable[..., Any]) -> None:
    # (1e200)^2 overflows float64; the house rule is a ValueError naming `x`
    with pytest.raises(
        ValueError, match=r"`x` = \(1e\+200, 1.0\) is too large: the Rosenbrock function overflows"
    ):
        func([1e200, 1.0])
