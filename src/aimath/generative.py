r"""Generative models: variational autoencoders, GANs and denoising diffusion.

Chapter 17 of the book. Three families of models that learn to *sample*:

* the VAE's evidence lower bound, its reparameterization trick and the
  closed-form Gaussian KL term (:func:`reparameterize`, :func:`vae_kl`);
* the GAN minimax objective and its optimal discriminator
  (:func:`gan_value`, :func:`gan_value_quadrature`, :func:`optimal_discriminator`);
* DDPM diffusion (Ho et al. 2020): noise schedules, the closed-form forward
  marginal, the posterior, the reverse step and the :math:`\varepsilon`-loss
  (:func:`beta_schedule` … :func:`reverse_sample`), plus the exact
  :math:`\varepsilon`-predictor of a Gaussian mixture (:func:`gmm_optimal_eps`),
  which lets the chapter run a diffusion sampler with no neural network.

Step convention (as in the paper): ``t`` is 1-based, ``t`` in ``1..T``; arrays of
length ``T`` (``betas``, ``alpha_bar``) are indexed ``[t - 1]`` and
:math:`\bar\alpha_0 = 1` by definition. Wherever a function takes ``t`` it may
be a Python ``int`` (one step for the whole array) or an integer array of shape
``(n,)`` giving one step per row of a batch of shape ``(n, d)``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_float_array,
    as_matrix,
    as_vector,
    generator,
    integer_at_least,
    positive_number,
    real_number,
)

__all__ = [
    "alpha_bars",
    "beta_schedule",
    "energy_distance",
    "eps_loss",
    "forward_step",
    "gan_value",
    "gan_value_quadrature",
    "gmm_log_density",
    "gmm_optimal_eps",
    "gmm_sample",
    "optimal_discriminator",
    "posterior_mean_var",
    "predict_x0",
    "q_mean_var",
    "q_sample",
    "reparameterize",
    "reverse_sample",
    "reverse_step",
    "vae_kl",
]

#: offset ``s`` of the cosine schedule (Nichol & Dhariwal 2021)
COSINE_OFFSET = 0.008
#: largest beta the cosine schedule allows (its last steps would otherwise reach 1)
COSINE_MAX_BETA = 0.999

Step = int | np.integer[Any] | np.ndarray
"""A diffusion step: an ``int`` or an integer array of shape ``(n,)``."""


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------


def _betas(betas: ArrayLike, name: str = "betas") -> FloatArray:
    """A 1-D schedule with every entry strictly inside (0, 1)."""
    b = as_vector(betas, name)
    bad = np.flatnonzero((b <= 0.0) | (b >= 1.0))
    if bad.size:
        i = int(bad[0])
        msg = f"`{name}` must lie strictly between 0 and 1; got {name}[{i}] = {b[i]!r}"
        raise ValueError(msg)
    return b


def _alpha_bar(alpha_bar: ArrayLike) -> FloatArray:
    """A 1-D array of cumulative products, every entry in (0, 1]."""
    a = as_vector(alpha_bar, "alpha_bar")
    bad = np.flatnonzero((a <= 0.0) | (a > 1.0))
    if bad.size:
        i = int(bad[0])
        msg = f"`alpha_bar` must lie in (0, 1]; got alpha_bar[{i}] = {a[i]!r}"
        raise ValueError(msg)
    return a


def _step(t: object, T: int, schedule: str) -> int | np.ndarray:
    """``t`` as an int or an int array with every entry in ``1..T``, ``T = len(schedule)``."""
    if isinstance(t, (bool, np.bool_)):
        msg = f"`t` must be an integer step or an integer array; got {type(t).__name__}"
        raise TypeError(msg)
    if isinstance(t, numbers.Integral):
        if not 1 <= int(t) <= T:
            msg = (
                f"`t` must be a step in 1..{T} (1-based, as in DDPM; T = len(`{schedule}`)); "
                f"got {int(t)}"
            )
            raise ValueError(msg)
        return int(t)
    if isinstance(t, (list, tuple, np.ndarray)):
        arr = np.asarray(t)
        if arr.dtype.kind not in "iu" or arr.ndim != 1 or arr.size == 0:
            msg = (
                "`t` must be an int or a non-empty 1-D integer array; "
                f"got an array of dtype {arr.dtype} and shape {arr.shape}"
            )
            raise TypeError(msg)
        if arr.min() < 1 or arr.max() > T:
            msg = (
                f"`t` must hold steps in 1..{T} (1-based, as in DDPM; T = len(`{schedule}`)); "
                f"got values in [{int(arr.min())}, {int(arr.max())}]"
            )
            raise ValueError(msg)
        return arr.astype(np.int64)
    msg = f"`t` must be an integer step or an integer array; got {type(t).__name__}"
    raise TypeError(msg)


def _abar_table(b: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(abar, 1 - abar)`` of length ``T + 1`` with index ``t`` (``abar[0] = 1``).

    ``1 - abar`` comes from ``expm1`` of the log-product, so it keeps full
    relative accuracy for small ``t`` where ``abar`` is close to 1.
    """
    log_abar = np.concatenate(([0.0], np.cumsum(np.log1p(-b))))
    return np.exp(log_abar), 0.0 - np.expm1(log_abar)  # 0.0 - avoids -0.0 at t = 0


def _at(values: FloatArray, t: int | np.ndarray) -> float | FloatArray:
    """``values[t - 1]``: a float for int ``t``, an ``(n, 1)`` column for array ``t``."""
    if isinstance(t, int):
        return float(values[t - 1])
    column: FloatArray = values[t - 1][:, None]
    return column


def _batch(x: FloatArray, t: int | np.ndarray, name: str) -> None:
    """For array ``t``, ``x`` must be a batch ``(n, d)`` with one row per step."""
    if isinstance(t, np.ndarray) and (x.ndim != 2 or x.shape[0] != t.shape[0]):
        msg = (
            f"`{name}` must have shape (n, d) with n = len(t) = {t.shape[0]} "
            f"when `t` is an array; got shape {x.shape}"
        )
        raise ValueError(msg)


def _same_shape(a: FloatArray, b: FloatArray, name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        msg = f"`{name_a}` and `{name_b}` must have the same shape; got {a.shape} and {b.shape}"
        raise ValueError(msg)


def _points(x: ArrayLike, name: str) -> FloatArray:
    """Samples as an ``(n, d)`` array; a 1-D array is ``n`` points in one dimension."""
    arr = as_float_array(x, name)
    if arr.ndim == 1:
        return arr[:, None]
    if arr.ndim != 2:
        msg = f"`{name}` must be a 1-D or 2-D array of samples; got shape {arr.shape}"
        raise ValueError(msg)
    return arr


# ---------------------------------------------------------------------------
# diffusion: schedules and the forward process
# ---------------------------------------------------------------------------


def beta_schedule(
    T: int, kind: str = "linear", beta_start: float = 1e-4, beta_end: float = 0.02
) -> FloatArray:
    r"""Noise schedule :math:`\beta_1, \dots, \beta_T` of a diffusion model.

    Parameters
    ----------
    T : int
        Number of diffusion steps, at least 1.
    kind : {"linear", "cosine"}
        ``"linear"``: ``np.linspace(beta_start, beta_end, T)`` (Ho et al. 2020,
        who use ``T = 1000``, ``1e-4`` to ``0.02``). ``"cosine"``: the schedule
        of Nichol & Dhariwal (2021) with offset ``s = 0.008``, each beta clipped
        to at most ``0.999``; ``beta_start`` and ``beta_end`` are ignored.
    beta_start, beta_end : float
        First and last beta of the linear schedule, strictly inside (0, 1).

    Returns
    -------
    ndarray, shape (T,)
        ``betas[t - 1]`` is :math:`\beta_t`.

    Raises
    ------
    TypeError
        If ``T`` is not an integer or a beta is not a real number.
    ValueError
        If ``T < 1``, ``kind`` is unknown or a linear-schedule beta is outside (0, 1).

    Notes
    -----
    Cosine schedule:

    .. math::
        \bar\alpha_t = \frac{f(t)}{f(0)},\quad
        f(t) = \cos^2\Bigl(\frac{t/T + s}{1 + s}\cdot\frac{\pi}{2}\Bigr),\quad
        \beta_t = \min\Bigl(1 - \frac{\bar\alpha_t}{\bar\alpha_{t-1}},\ 0.999\Bigr).

    The linear schedule was tuned for ``T = 1000``: keeping ``beta_end`` while
    reducing ``T`` leaves :math:`\bar\alpha_T` far from 0 (chapter 17).

    References
    ----------
    J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models", NeurIPS 2020.
    A. Nichol, P. Dhariwal, "Improved denoising diffusion probabilistic models", ICML 2021.

    Examples
    --------
    >>> beta_schedule(3, beta_start=0.1, beta_end=0.3).tolist()
    [0.1, 0.2, 0.3]
    >>> b = beta_schedule(1000, "cosine")
    >>> bool(b.max() <= 0.999), b.shape
    (True, (1000,))
    """
    T = integer_at_least(T, "T", 1)
    if kind == "linear":
        start = real_number(beta_start, "beta_start")
        end = real_number(beta_end, "beta_end")
        for value, name in ((start, "beta_start"), (end, "beta_end")):
            if not 0.0 < value < 1.0:
                msg = f"`{name}` must lie strictly between 0 and 1; got {value!r}"
                raise ValueError(msg)
        out: FloatArray = np.linspace(start, end, T)
        return out
    if kind == "cosine":
        s = COSINE_OFFSET
        steps = np.arange(T + 1, dtype=np.float64) / T
        f = np.cos((steps + s) / (1.0 + s) * math.pi / 2.0) ** 2
        abar = f / f[0]  # (T + 1,) with abar[0] = 1
        betas: FloatArray = np.minimum(1.0 - abar[1:] / abar[:-1], COSINE_MAX_BETA)
        return betas
    msg = f'`kind` must be "linear" or "cosine"; got {kind!r}'
    raise ValueError(msg)


def alpha_bars(betas: ArrayLike) -> FloatArray:
    r"""Cumulative signal fractions :math:`\bar\alpha_t = \prod_{s \le t}(1 - \beta_s)`.

    Parameters
    ----------
    betas : array_like, shape (T,)
        Noise schedule, every entry strictly inside (0, 1).

    Returns
    -------
    ndarray, shape (T,)
        Entry ``[t - 1]`` is :math:`\bar\alpha_t` (and :math:`\bar\alpha_0 = 1`
        is not stored).

    Raises
    ------
    ValueError
        If ``betas`` is not a finite 1-D array with entries in (0, 1).

    Notes
    -----
    .. math:: \alpha_t = 1 - \beta_t,\qquad \bar\alpha_t = \prod_{s=1}^{t} \alpha_s

    The product is accumulated in log space (``log1p``), which keeps tiny
    betas exact to rounding.

    Examples
    --------
    >>> alpha_bars([0.5, 0.5]).tolist()
    [0.5, 0.25]
    """
    out: FloatArray = _abar_table(_betas(betas))[0][1:]
    return out


def q_mean_var(
    x0: ArrayLike, t: Step, alpha_bar: ArrayLike
) -> tuple[FloatArray, float | FloatArray]:
    r"""Mean and variance of the forward marginal :math:`q(x_t \mid x_0)`.

    Parameters
    ----------
    x0 : array_like
        Clean data; shape ``(n, d)`` when ``t`` is an array.
    t : int or ndarray of int, shape (n,)
        Step(s) in ``1..T``.
    alpha_bar : array_like, shape (T,)
        Output of :func:`alpha_bars`, entries in (0, 1].

    Returns
    -------
    mean : ndarray
        :math:`\sqrt{\bar\alpha_t}\,x_0`, the shape of ``x0``.
    var : float or ndarray, shape (n, 1)
        :math:`1 - \bar\alpha_t`, the same for every coordinate (broadcastable).

    Raises
    ------
    TypeError
        If ``t`` is not an integer or an integer array.
    ValueError
        If ``t`` is outside ``1..T``, ``alpha_bar`` is outside (0, 1] or the
        shapes of ``x0`` and an array ``t`` disagree.

    Notes
    -----
    .. math::
        q(x_t \mid x_0) = \mathcal N\bigl(\sqrt{\bar\alpha_t}\,x_0,\ (1 - \bar\alpha_t) I\bigr)

    Examples
    --------
    >>> mean, var = q_mean_var([2.0, 4.0], 2, [0.5, 0.25])
    >>> mean.tolist(), var
    ([1.0, 2.0], 0.75)
    """
    a = _alpha_bar(alpha_bar)
    step = _step(t, a.shape[0], "alpha_bar")
    x = as_float_array(x0, "x0")
    _batch(x, step, "x0")
    a_t = _at(a, step)
    mean: FloatArray = np.sqrt(a_t) * x
    return mean, 1.0 - a_t


def q_sample(x0: ArrayLike, t: Step, alpha_bar: ArrayLike, noise: ArrayLike) -> FloatArray:
    r"""Jump straight from :math:`x_0` to step ``t`` of the forward (noising) process.

    Parameters
    ----------
    x0 : array_like
        Clean data; shape ``(n, d)`` when ``t`` is an array.
    t : int or ndarray of int, shape (n,)
        Step(s) in ``1..T``.
    alpha_bar : array_like, shape (T,)
        Output of :func:`alpha_bars`.
    noise : array_like
        Standard normal noise :math:`\varepsilon`, the shape of ``x0``.

    Returns
    -------
    ndarray
        :math:`x_t`, the shape of ``x0``.

    Raises
    ------
    TypeError
        If ``t`` is not an integer or an integer array.
    ValueError
        If ``t`` is out of range, or ``x0`` and ``noise`` (or ``t``) disagree in shape.

    Notes
    -----
    .. math:: x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1 - \bar\alpha_t}\,\varepsilon,
        \qquad \varepsilon \sim \mathcal N(0, I)

    This is the reparameterization of :func:`q_mean_var`; it is how training
    pairs :math:`(x_t, \varepsilon)` are made in one step instead of ``t``.

    Examples
    --------
    >>> q_sample([2.0], 1, [0.64], [1.0]).tolist()
    [2.2]
    """
    x = as_float_array(x0, "x0")
    eps = as_float_array(noise, "noise")
    _same_shape(x, eps, "x0", "noise")
    mean, var = q_mean_var(x, t, alpha_bar)
    out: FloatArray = mean + np.sqrt(var) * eps
    return out


def forward_step(x_prev: ArrayLike, t: Step, betas: ArrayLike, noise: ArrayLike) -> FloatArray:
    r"""One noising step :math:`x_t = \sqrt{1 - \beta_t}\,x_{t-1} + \sqrt{\beta_t}\,\varepsilon`.

    Parameters
    ----------
    x_prev : array_like
        :math:`x_{t-1}`; shape ``(n, d)`` when ``t`` is an array.
    t : int or ndarray of int, shape (n,)
        Step(s) in ``1..T``.
    betas : array_like, shape (T,)
        Noise schedule, entries in (0, 1).
    noise : array_like
        Standard normal noise, the shape of ``x_prev``.

    Returns
    -------
    ndarray
        :math:`x_t`, the shape of ``x_prev``.

    Raises
    ------
    TypeError
        If ``t`` is not an integer or an integer array.
    ValueError
        If ``t`` is out of range, a beta is outside (0, 1), or shapes disagree.

    Notes
    -----
    .. math:: q(x_t \mid x_{t-1}) = \mathcal N\bigl(\sqrt{1-\beta_t}\,x_{t-1},\ \beta_t I\bigr)

    Applying it for ``t = 1..T`` gives the same distribution as one
    :func:`q_sample` (the chapter checks mean and variance by simulation).

    Examples
    --------
    >>> forward_step([1.0], 1, [0.36], [0.5]).tolist()
    [1.1]
    """
    b = _betas(betas)
    step = _step(t, b.shape[0], "betas")
    x = as_float_array(x_prev, "x_prev")
    eps = as_float_array(noise, "noise")
    _same_shape(x, eps, "x_prev", "noise")
    _batch(x, step, "x_prev")
    beta_t = _at(b, step)
    out: FloatArray = np.sqrt(1.0 - beta_t) * x + np.sqrt(beta_t) * eps
    return out


def posterior_mean_var(
    x0: ArrayLike, x_t: ArrayLike, t: Step, betas: ArrayLike
) -> tuple[FloatArray, float | FloatArray]:
    r"""The forward-process posterior :math:`q(x_{t-1} \mid x_t, x_0)`.

    Parameters
    ----------
    x0, x_t : array_like
        Clean data and its noised version at step ``t``, the same shape
        (``(n, d)`` when ``t`` is an array).
    t : int or ndarray of int, shape (n,)
        Step(s) in ``1..T``.
    betas : array_like, shape (T,)
        Noise schedule, entries in (0, 1).

    Returns
    -------
    mean : ndarray
        :math:`\tilde\mu_t(x_t, x_0)`, the shape of ``x0``.
    var : float or ndarray, shape (n, 1)
        :math:`\tilde\beta_t`; exactly 0 at ``t = 1`` (then :math:`x_0` is known).

    Raises
    ------
    TypeError
        If ``t`` is not an integer or an integer array.
    ValueError
        If ``t`` is out of range, a beta is outside (0, 1), or shapes disagree.

    Notes
    -----
    .. math::
        \tilde\mu_t = \frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1-\bar\alpha_t}\,x_0
                    + \frac{\sqrt{\alpha_t}\,(1-\bar\alpha_{t-1})}{1-\bar\alpha_t}\,x_t,
        \qquad
        \tilde\beta_t = \frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\,\beta_t,
        \qquad \bar\alpha_0 = 1.

    References
    ----------
    J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models", NeurIPS 2020, eq. (7).

    Examples
    --------
    >>> mean, var = posterior_mean_var([1.0], [0.0], 1, [0.5, 0.5])
    >>> mean.tolist(), var
    ([1.0], 0.0)
    """
    b = _betas(betas)
    step = _step(t, b.shape[0], "betas")
    x = as_float_array(x0, "x0")
    xt = as_float_array(x_t, "x_t")
    _same_shape(x, xt, "x0", "x_t")
    _batch(x, step, "x0")
    abar, one_minus_abar = _abar_table(b)  # index t, abar[0] = 1
    beta_t = _at(b, step)
    abar_prev = _at(abar[:-1], step)
    one_minus = _at(one_minus_abar[1:], step)  # 1 - abar_t
    one_minus_prev = _at(one_minus_abar[:-1], step)  # 1 - abar_{t-1}
    mean: FloatArray = (np.sqrt(abar_prev) * beta_t / one_minus) * x + (
        np.sqrt(1.0 - beta_t) * one_minus_prev / one_minus
    ) * xt
    var = one_minus_prev / one_minus * beta_t
    return mean, var


def predict_x0(x_t: ArrayLike, t: Step, alpha_bar: ArrayLike, eps: ArrayLike) -> FloatArray:
    r"""Invert :func:`q_sample` for :math:`x_0` given a noise (prediction).

    Parameters
    ----------
    x_t : array_like
        Noised data; shape ``(n, d)`` when ``t`` is an array.
    t : int or ndarray of int, shape (n,)
        Step(s) in ``1..T``.
    alpha_bar : array_like, shape (T,)
        Output of :func:`alpha_bars`, entries in (0, 1].
    eps : array_like
        The noise, or a model's prediction of it, the shape of ``x_t``.

    Returns
    -------
    ndarray
        :math:`\hat x_0 = (x_t - \sqrt{1-\bar\alpha_t}\,\varepsilon)/\sqrt{\bar\alpha_t}`.

    Raises
    ------
    TypeError
        If ``t`` is not an integer or an integer array.
    ValueError
        If ``t`` is out of range or shapes disagree.

    Notes
    -----
    .. math:: \hat x_0 = \frac{x_t - \sqrt{1 - \bar\alpha_t}\,\hat\varepsilon}{\sqrt{\bar\alpha_t}}

    With a small :math:`\bar\alpha_t` this divides by a small number: errors in
    :math:`\hat\varepsilon` are amplified by :math:`\sqrt{(1-\bar\alpha_t)/\bar\alpha_t}`.

    Examples
    --------
    >>> predict_x0([2.2], 1, [0.64], [1.0]).tolist()
    [2.0]
    """
    a = _alpha_bar(alpha_bar)
    step = _step(t, a.shape[0], "alpha_bar")
    xt = as_float_array(x_t, "x_t")
    e = as_float_array(eps, "eps")
    _same_shape(xt, e, "x_t", "eps")
    _batch(xt, step, "x_t")
    a_t = _at(a, step)
    out: FloatArray = (xt - np.sqrt(1.0 - a_t) * e) / np.sqrt(a_t)
    return out


def reverse_step(
    x_t: ArrayLike,
    t: Step,
    eps_pred: ArrayLike,
    betas: ArrayLike,
    noise: ArrayLike,
    variance: str = "posterior",
) -> FloatArray:
    r"""One DDPM sampling step from :math:`x_t` to :math:`x_{t-1}`.

    Parameters
    ----------
    x_t : array_like
        Current sample; shape ``(n, d)`` when ``t`` is an array.
    t : int or ndarray of int, shape (n,)
        Step(s) in ``1..T``.
    eps_pred : array_like
        Predicted noise :math:`\hat\varepsilon(x_t, t)`, the shape of ``x_t``.
    betas : array_like, shape (T,)
        Noise schedule, entries in (0, 1).
    noise : array_like
        Standard normal noise, the shape of ``x_t``; ignored where ``t = 1``.
    variance : {"posterior", "beta"}
        :math:`\sigma_t^2 = \tilde\beta_t` (``"posterior"``) or :math:`\beta_t`
        (``"beta"``); both choices appear in Ho et al. (2020).

    Returns
    -------
    ndarray
        :math:`x_{t-1}`, the shape of ``x_t``.

    Raises
    ------
    TypeError
        If ``t`` is not an integer or an integer array.
    ValueError
        If ``t`` is out of range, shapes disagree or ``variance`` is unknown.

    Notes
    -----
    .. math::
        x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\Bigl(x_t - \frac{\beta_t}{\sqrt{1-\bar\alpha_t}}
        \,\hat\varepsilon\Bigr) + \sigma_t z,\qquad z \sim \mathcal N(0, I),\quad \sigma_1 = 0.

    With :math:`\hat\varepsilon` the true noise that made :math:`x_t` from
    :math:`x_0`, the mean is exactly the posterior mean of
    :func:`posterior_mean_var` (the identity behind the :math:`\varepsilon`-loss).

    References
    ----------
    J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models",
    NeurIPS 2020, Algorithm 2.

    Examples
    --------
    >>> reverse_step([1.0], 1, [0.0], [0.36], [5.0]).tolist()
    [1.25]
    """
    if variance not in ("posterior", "beta"):
        msg = f'`variance` must be "posterior" or "beta"; got {variance!r}'
        raise ValueError(msg)
    b = _betas(betas)
    step = _step(t, b.shape[0], "betas")
    xt = as_float_array(x_t, "x_t")
    e = as_float_array(eps_pred, "eps_pred")
    z = as_float_array(noise, "noise")
    _same_shape(xt, e, "x_t", "eps_pred")
    _same_shape(xt, z, "x_t", "noise")
    _batch(xt, step, "x_t")
    # 1 - abar_t at index t (accurate for small t), with abar_0 = 1
    _, one_minus_abar = _abar_table(b)
    beta_t = _at(b, step)
    one_minus = _at(one_minus_abar[1:], step)
    one_minus_prev = _at(one_minus_abar[:-1], step)
    mean = (xt - beta_t / np.sqrt(one_minus) * e) / np.sqrt(1.0 - beta_t)
    tilde_beta = one_minus_prev / one_minus * beta_t
    var = tilde_beta if variance == "posterior" else beta_t
    # no noise on the last step: sigma_1 = 0
    if isinstance(step, np.ndarray):
        var = np.where(step[:, None] == 1, 0.0, var)  # (n, 1)
    elif step == 1:
        var = 0.0
    out: FloatArray = mean + np.sqrt(var) * z
    return out


def eps_loss(eps_pred: ArrayLike, eps: ArrayLike) -> float:
    r"""The simplified DDPM training loss: mean squared error on the noise.

    Parameters
    ----------
    eps_pred, eps : array_like
        Predicted and true noise, the same shape.

    Returns
    -------
    float
        :math:`\operatorname{mean}\,(\hat\varepsilon - \varepsilon)^2` over all entries.

    Raises
    ------
    ValueError
        If the shapes differ or an entry is not finite.

    Notes
    -----
    .. math:: L_{\text{simple}} = \mathbb E_{t, x_0, \varepsilon}
        \bigl\lVert \varepsilon - \hat\varepsilon_\theta(\sqrt{\bar\alpha_t}x_0
        + \sqrt{1-\bar\alpha_t}\varepsilon, t)\bigr\rVert^2

    Here the mean is over entries (as ``torch.nn.functional.mse_loss``), not a
    sum over coordinates; the two differ by the constant factor ``d``.

    Examples
    --------
    >>> eps_loss([1.0, 0.0], [0.0, 0.0])
    0.5
    """
    p = as_float_array(eps_pred, "eps_pred")
    e = as_float_array(eps, "eps")
    _same_shape(p, e, "eps_pred", "eps")
    return float(np.mean((p - e) ** 2))


def reverse_sample(
    eps_model: Callable[[FloatArray, int], FloatArray],
    x_T: ArrayLike,
    betas: ArrayLike,
    rng: np.random.Generator,
    variance: str = "posterior",
) -> FloatArray:
    r"""Run the whole reverse chain :math:`x_T \to x_{T-1} \to \dots \to x_0`.

    Parameters
    ----------
    eps_model : callable
        ``eps_model(x_t, t)`` returns the predicted noise for the batch ``x_t``
        at the integer step ``t`` (same shape as ``x_t``).
    x_T : array_like
        Starting points, usually standard normal noise.
    betas : array_like, shape (T,)
        Noise schedule, entries in (0, 1).
    rng : numpy.random.Generator
        Source of the fresh noise of each :func:`reverse_step`.
    variance : {"posterior", "beta"}
        Passed to :func:`reverse_step`.

    Returns
    -------
    ndarray
        The samples :math:`x_0`, the shape of ``x_T``.

    Raises
    ------
    TypeError
        If ``eps_model`` is not callable or ``rng`` is not a Generator.
    ValueError
        If ``betas`` is invalid or the model returns the wrong shape.

    Notes
    -----
    Algorithm 2 of Ho et al. (2020): for :math:`t = T, \dots, 1`,
    :math:`x_{t-1}` = :func:`reverse_step` of :math:`x_t` with
    :math:`\hat\varepsilon = \text{eps\_model}(x_t, t)`. Fresh noise
    ``rng.standard_normal(x.shape)`` is drawn at every step, including
    ``t = 1`` where it is not used, so a hand-written loop that does the same
    with a generator in the same state gives bit-identical samples.

    Examples
    --------
    >>> import numpy as np
    >>> x = reverse_sample(lambda x, t: 0 * x, [[0.0]], [0.5, 0.5], np.random.default_rng(0))
    >>> x.shape
    (1, 1)
    """
    model: object = eps_model
    if not callable(model):
        msg = f"`eps_model` must be callable as eps_model(x_t, t); got {type(eps_model).__name__}"
        raise TypeError(msg)
    gen = generator(rng)
    b = _betas(betas)
    x = as_float_array(x_T, "x_T")
    for t in range(b.shape[0], 0, -1):
        eps = as_float_array(eps_model(x, t), "eps_model(x_t, t)")
        _same_shape(x, eps, "x_t", "eps_model(x_t, t)")
        x = reverse_step(x, t, eps, b, gen.standard_normal(x.shape), variance)
    return x


# ---------------------------------------------------------------------------
# distances between samples
# ---------------------------------------------------------------------------

#: largest number of pairwise differences held in memory at once by energy_distance
_PAIR_BLOCK = 2**20


def _mean_pairwise_distance(X: FloatArray, Y: FloatArray) -> float:
    """Mean of ``||x - y||`` over all pairs, in row blocks of bounded memory."""
    n, m = int(X.shape[0]), int(Y.shape[0])
    rows = max(1, _PAIR_BLOCK // (m * X.shape[1]))
    total = 0.0
    for start in range(0, n, rows):
        diff = X[start : start + rows, None, :] - Y[None, :, :]  # (rows, m, d)
        total += float(np.sqrt(np.einsum("ijk,ijk->ij", diff, diff)).sum())
    return total / (n * m)


def energy_distance(X: ArrayLike, Y: ArrayLike) -> float:
    r"""Energy distance between two samples (V-statistic).

    Parameters
    ----------
    X : array_like, shape (n, d) or (n,)
        First sample; a 1-D array is ``n`` points on the line.
    Y : array_like, shape (m, d) or (m,)
        Second sample, same dimension ``d``.

    Returns
    -------
    float
        :math:`\sqrt{2\,\mathbb E\lVert X - Y\rVert - \mathbb E\lVert X - X'\rVert
        - \mathbb E\lVert Y - Y'\rVert}` with every mean over all pairs
        (including a point with itself). Zero iff the samples are equal as
        empirical distributions.

    Raises
    ------
    ValueError
        If a sample is empty, not 1-D/2-D, not finite, or the dimensions differ.

    Notes
    -----
    .. math:: D(X, Y)^2 = 2\,\mathbb E\lVert X - Y\rVert - \mathbb E\lVert X - X'\rVert
        - \mathbb E\lVert Y - Y'\rVert \;\ge 0

    In one dimension this equals ``scipy.stats.energy_distance`` (which is
    :math:`\sqrt 2` times the :math:`L^2` distance between the empirical CDFs).
    Cost: :math:`O((n + m)^2 d)` time; memory is bounded by processing rows in
    blocks of about a million pairwise differences, so 2000 x 2000 points is fine.
    Rounding can make the squared value a tiny negative number; it is clipped to 0.

    References
    ----------
    G. J. Székely, M. L. Rizzo, "Energy statistics: a class of statistics based
    on distances", J. Stat. Plan. Inference 143 (2013).

    Examples
    --------
    >>> energy_distance([0.0], [1.0])
    1.4142135623730951
    >>> energy_distance([[0.0, 0.0], [1.0, 1.0]], [[1.0, 1.0], [0.0, 0.0]])
    0.0
    """
    X_ = _points(X, "X")
    Y_ = _points(Y, "Y")
    if X_.shape[1] != Y_.shape[1]:
        msg = f"`X` and `Y` must have the same dimension d; got {X_.shape[1]} and {Y_.shape[1]}"
        raise ValueError(msg)
    squared = (
        2.0 * _mean_pairwise_distance(X_, Y_)
        - _mean_pairwise_distance(X_, X_)
        - _mean_pairwise_distance(Y_, Y_)
    )
    return math.sqrt(max(squared, 0.0))


# ---------------------------------------------------------------------------
# VAE
# ---------------------------------------------------------------------------


def reparameterize(mu: ArrayLike, logvar: ArrayLike, noise: ArrayLike) -> FloatArray:
    r"""The reparameterization trick: :math:`z = \mu + \sigma \odot \varepsilon`.

    Parameters
    ----------
    mu, logvar : array_like
        Encoder outputs: mean and log-variance :math:`\log\sigma^2`, the same shape.
    noise : array_like
        Standard normal noise :math:`\varepsilon`, the same shape.

    Returns
    -------
    ndarray
        :math:`z = \mu + e^{\frac12\log\sigma^2}\,\varepsilon`, a sample of
        :math:`\mathcal N(\mu, \operatorname{diag}\sigma^2)` that is a
        differentiable function of :math:`(\mu, \log\sigma^2)`.

    Raises
    ------
    ValueError
        If the shapes differ or an entry is not finite.

    Notes
    -----
    .. math:: z = \mu + \exp(\tfrac12 \log\sigma^2)\odot\varepsilon,\qquad
        \frac{\partial z}{\partial\mu} = 1,\quad
        \frac{\partial z}{\partial \log\sigma^2} = \tfrac12\sigma\varepsilon

    References
    ----------
    D. P. Kingma, M. Welling, "Auto-encoding variational Bayes", ICLR 2014.

    Examples
    --------
    >>> reparameterize([1.0, 0.0], [0.0, np.log(4.0)], [0.5, 1.0]).tolist()
    [1.5, 2.0]
    """
    m = as_float_array(mu, "mu")
    lv = as_float_array(logvar, "logvar")
    e = as_float_array(noise, "noise")
    _same_shape(m, lv, "mu", "logvar")
    _same_shape(m, e, "mu", "noise")
    out: FloatArray = m + np.exp(0.5 * lv) * e
    return out


def vae_kl(mu: ArrayLike, logvar: ArrayLike) -> float | FloatArray:
    r"""The VAE's KL term: a diagonal Gaussian posterior against the prior :math:`\mathcal N(0, I)`.

    Parameters
    ----------
    mu, logvar : array_like, shape (..., k)
        Means and log-variances, the same shape; the last axis is the latent dimension.

    Returns
    -------
    float or ndarray, shape (...)
        The KL in nats, summed over the last axis: a float for 1-D input,
        one value per row for a batch.

    Raises
    ------
    ValueError
        If the shapes differ or an entry is not finite.

    Notes
    -----
    .. math:: \mathrm{KL}\bigl(\mathcal N(\mu, \operatorname{diag}\sigma^2)\,\big\|\,
        \mathcal N(0, I)\bigr) = \frac12 \sum_{j=1}^{k}
        \bigl(\sigma_j^2 - 1 - \log\sigma_j^2 + \mu_j^2\bigr)

    :math:`\sigma^2 - 1 - \log\sigma^2` is evaluated as
    ``expm1(logvar) - logvar``: for :math:`\sigma^2` near 1 the naive form
    subtracts nearly equal numbers and loses digits.

    References
    ----------
    D. P. Kingma, M. Welling, "Auto-encoding variational Bayes", ICLR 2014, appendix B.

    Examples
    --------
    >>> vae_kl([0.0, 0.0], [0.0, 0.0])
    0.0
    >>> vae_kl([1.0], [0.0])
    0.5
    """
    m = as_float_array(mu, "mu")
    lv = as_float_array(logvar, "logvar")
    _same_shape(m, lv, "mu", "logvar")
    if m.ndim == 0:
        msg = f"`mu` must have at least one axis (the latent dimension); got shape {m.shape}"
        raise ValueError(msg)
    kl = 0.5 * np.sum(np.expm1(lv) - lv + m**2, axis=-1)
    if kl.ndim == 0:
        return float(kl)
    out: FloatArray = kl
    return out


# ---------------------------------------------------------------------------
# GAN
# ---------------------------------------------------------------------------


def _probabilities_open(d: ArrayLike, name: str) -> FloatArray:
    """Discriminator outputs, every entry strictly inside (0, 1)."""
    arr = as_float_array(d, name)
    bad = np.flatnonzero((arr <= 0.0) | (arr >= 1.0))
    if bad.size:
        i = int(bad[0])
        msg = (
            f"`{name}` must hold probabilities strictly between 0 and 1 (its log and "
            f"log(1 - D) are taken); got {arr.ravel()[i]!r} at flat index {i}"
        )
        raise ValueError(msg)
    return arr


def gan_value(d_real: ArrayLike, d_fake: ArrayLike) -> float:
    r"""Empirical GAN minimax objective :math:`V(D, G)`.

    Parameters
    ----------
    d_real : array_like
        Discriminator outputs :math:`D(x)` on data samples, in (0, 1).
    d_fake : array_like
        Discriminator outputs :math:`D(G(z))` on generated samples, in (0, 1).

    Returns
    -------
    float
        :math:`\operatorname{mean}\log D(x) + \operatorname{mean}\log(1 - D(G(z)))`,
        at most 0; the discriminator maximises it, the generator minimises it.

    Raises
    ------
    ValueError
        If an output is not strictly between 0 and 1 or not finite.

    Notes
    -----
    .. math:: V(D, G) = \mathbb E_{x\sim p_{\text{data}}}\log D(x)
        + \mathbb E_{z\sim p_z}\log\bigl(1 - D(G(z))\bigr)

    A discriminator that always answers 1/2 scores :math:`-\log 4`.

    References
    ----------
    I. Goodfellow et al., "Generative adversarial nets", NeurIPS 2014.

    Examples
    --------
    >>> round(gan_value([0.5], [0.5]), 6)  # -log 4
    -1.386294
    """
    real = _probabilities_open(d_real, "d_real")
    fake = _probabilities_open(d_fake, "d_fake")
    return float(np.mean(np.log(real)) + np.mean(np.log1p(-fake)))


def optimal_discriminator(p_data: ArrayLike, p_model: ArrayLike) -> FloatArray:
    r"""The best discriminator for a fixed generator, :math:`p_{\text{data}}/(p_{\text{data}}+p_g)`.

    Parameters
    ----------
    p_data, p_model : array_like
        Densities (or probabilities) of the data and of the generator at the
        same points, non-negative, not both zero at any point.

    Returns
    -------
    ndarray
        :math:`D^*(x)` at each point, in [0, 1].

    Raises
    ------
    ValueError
        If shapes differ, a density is negative, or both vanish at a point
        (where :math:`D^*` is undefined).

    Notes
    -----
    For each :math:`x`, :math:`a\log y + b\log(1-y)` is maximised over
    :math:`y \in (0, 1)` at :math:`y = a/(a+b)`, which gives

    .. math:: D^*_G(x) = \frac{p_{\text{data}}(x)}{p_{\text{data}}(x) + p_g(x)}.

    References
    ----------
    I. Goodfellow et al., "Generative adversarial nets", NeurIPS 2014, Proposition 1.

    Examples
    --------
    >>> optimal_discriminator([1.0, 3.0, 0.0], [1.0, 1.0, 2.0]).tolist()
    [0.5, 0.75, 0.0]
    """
    p = as_float_array(p_data, "p_data")
    q = as_float_array(p_model, "p_model")
    _same_shape(p, q, "p_data", "p_model")
    for arr, name in ((p, "p_data"), (q, "p_model")):
        if np.any(arr < 0.0):
            msg = f"`{name}` must be a non-negative density; got a minimum of {arr.min():.3g}"
            raise ValueError(msg)
    total = p + q
    if np.any(total == 0.0):
        i = int(np.flatnonzero(total.ravel() == 0.0)[0])
        msg = (
            "`p_data` and `p_model` must not both be zero at a point (D* is undefined); "
            f"got both zero at flat index {i}"
        )
        raise ValueError(msg)
    out: FloatArray = p / total
    return out


def gan_value_quadrature(d: ArrayLike, p_data: ArrayLike, p_model: ArrayLike, dx: float) -> float:
    r"""Population GAN objective :math:`V(D, G)` of a 1-D discriminator, by quadrature.

    Parameters
    ----------
    d : array_like, shape (n,)
        Discriminator values :math:`D(x_i)` on an evenly spaced grid, in [0, 1].
    p_data, p_model : array_like, shape (n,)
        The two densities on the same grid, non-negative.
    dx : float
        Grid spacing, positive.

    Returns
    -------
    float
        :math:`\int p_{\text{data}}\log D + p_g\log(1 - D)\,dx` by the
        trapezoidal rule; terms with zero density contribute 0 (the convention
        :math:`0\log 0 = 0`), so :math:`D^*` with values 0 or 1 is allowed.

    Raises
    ------
    ValueError
        If shapes differ, a density is negative, ``dx`` is not positive, or
        ``D`` is 0 (or 1) where ``p_data`` (or ``p_model``) is positive, which
        makes the objective :math:`-\infty`.

    Notes
    -----
    .. math:: V(D, G) = \int p_{\text{data}}(x)\log D(x) + p_g(x)\log\bigl(1 - D(x)\bigr)\,dx

    For :math:`D = D^*` this equals :math:`-\log 4 + 2\,\mathrm{JS}(p_{\text{data}}\,\|\,p_g)`
    (Goodfellow et al. 2014, Theorem 1), checked in chapter 17.

    Examples
    --------
    >>> round(gan_value_quadrature([0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], 1.0), 6)
    -1.386294
    """
    D = as_vector(d, "d")
    p = as_vector(p_data, "p_data")
    q = as_vector(p_model, "p_model")
    _same_shape(D, p, "d", "p_data")
    _same_shape(D, q, "d", "p_model")
    h = positive_number(dx, "dx")
    if np.any((D < 0.0) | (D > 1.0)):
        msg = f"`d` must hold probabilities in [0, 1]; got values in [{D.min():.3g}, {D.max():.3g}]"
        raise ValueError(msg)
    for arr, name in ((p, "p_data"), (q, "p_model")):
        if np.any(arr < 0.0):
            msg = f"`{name}` must be a non-negative density; got a minimum of {arr.min():.3g}"
            raise ValueError(msg)
    if np.any((p > 0.0) & (D == 0.0)) or np.any((q > 0.0) & (D == 1.0)):
        msg = "`d` must be in (0, 1) wherever the matching density is positive; V(D, G) = -inf"
        raise ValueError(msg)
    with np.errstate(divide="ignore"):
        term = np.where(p > 0.0, p * np.log(np.where(p > 0.0, D, 1.0)), 0.0) + np.where(
            q > 0.0, q * np.log1p(-np.where(q > 0.0, D, 0.0)), 0.0
        )
    return float(h * (np.sum(term) - 0.5 * (term[0] + term[-1])))


# ---------------------------------------------------------------------------
# isotropic Gaussian mixtures: data with an exact epsilon-predictor
# ---------------------------------------------------------------------------


def _mixture(
    means: ArrayLike, sigma: float, weights: ArrayLike | None
) -> tuple[FloatArray, float, FloatArray]:
    mu = as_matrix(means, "means")  # (K, d)
    s = positive_number(sigma, "sigma")
    if weights is None:
        w = np.full(mu.shape[0], 1.0 / mu.shape[0])
    else:
        w = as_vector(weights, "weights")
        if w.shape[0] != mu.shape[0]:
            msg = (
                f"`weights` must have one entry per row of `means` ({mu.shape[0]}); "
                f"got {w.shape[0]}"
            )
            raise ValueError(msg)
        if np.any(w < 0.0) or abs(math.fsum(w.tolist()) - 1.0) > 1e-9:
            msg = f"`weights` must be non-negative and sum to 1; got sum {math.fsum(w.tolist())!r}"
            raise ValueError(msg)
    return mu, s, w


def _log_responsibilities(
    x: FloatArray, mu: FloatArray, var: FloatArray | float, w: FloatArray
) -> FloatArray:
    """Unnormalised log posterior over components, ``(n, K)``; ``var`` scalar or ``(n, 1)``."""
    sq = np.sum((x[:, None, :] - mu[None, :, :]) ** 2, axis=-1)  # (n, K) squared distances
    with np.errstate(divide="ignore"):
        log_w = np.log(w)
    out: FloatArray = log_w[None, :] - sq / (2.0 * var)
    return out


def gmm_sample(
    n: int,
    means: ArrayLike,
    sigma: float,
    weights: ArrayLike | None = None,
    *,
    rng: np.random.Generator,
) -> FloatArray:
    r"""Draw ``n`` points from an isotropic Gaussian mixture.

    Parameters
    ----------
    n : int
        Number of points, at least 1.
    means : array_like, shape (K, d)
        Component means.
    sigma : float
        Common standard deviation of every coordinate of every component, positive.
    weights : array_like, shape (K,), optional
        Mixture weights summing to 1; uniform by default.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray, shape (n, d)

    Raises
    ------
    TypeError
        If ``n`` is not an integer or ``rng`` is not a Generator.
    ValueError
        If ``n < 1``, ``sigma <= 0``, or the weights are not a distribution over the K components.

    Notes
    -----
    .. math:: x = \mu_k + \sigma z,\qquad k \sim \text{Categorical}(w),\ z \sim \mathcal N(0, I)

    Examples
    --------
    >>> x = gmm_sample(5, [[0.0, 0.0], [4.0, 0.0]], 0.1, rng=np.random.default_rng(0))
    >>> x.shape
    (5, 2)
    """
    count = integer_at_least(n, "n", 1)
    mu, s, w = _mixture(means, sigma, weights)
    gen = generator(rng)
    k = gen.choice(mu.shape[0], size=count, p=w)
    out: FloatArray = mu[k] + s * gen.standard_normal((count, mu.shape[1]))
    return out


def gmm_log_density(
    x: ArrayLike, means: ArrayLike, sigma: float, weights: ArrayLike | None = None
) -> FloatArray:
    r"""Log density of an isotropic Gaussian mixture at the rows of ``x``.

    Parameters
    ----------
    x : array_like, shape (n, d)
        Points.
    means : array_like, shape (K, d)
        Component means.
    sigma : float
        Common standard deviation, positive.
    weights : array_like, shape (K,), optional
        Mixture weights summing to 1; uniform by default.

    Returns
    -------
    ndarray, shape (n,)
        :math:`\log\sum_k w_k\,\mathcal N(x; \mu_k, \sigma^2 I)`, by log-sum-exp.

    Raises
    ------
    ValueError
        If shapes disagree, ``sigma <= 0`` or the weights are not a distribution.

    Notes
    -----
    .. math:: \log p(x) = \log\sum_{k} w_k (2\pi\sigma^2)^{-d/2}
        \exp\Bigl(-\frac{\lVert x-\mu_k\rVert^2}{2\sigma^2}\Bigr)

    The noised marginal :math:`q(x_t)` of such data is the mixture with means
    :math:`\sqrt{\bar\alpha_t}\mu_k` and variance :math:`\bar\alpha_t\sigma^2 + 1 - \bar\alpha_t`.

    Examples
    --------
    >>> round(float(gmm_log_density([[0.0]], [[0.0]], 1.0)[0]), 6)  # -log(2 pi) / 2
    -0.918939
    """
    mu, s, w = _mixture(means, sigma, weights)
    pts = as_matrix(x, "x")
    if pts.shape[1] != mu.shape[1]:
        msg = f"`x` must have d = {mu.shape[1]} columns like `means`; got shape {pts.shape}"
        raise ValueError(msg)
    logits = _log_responsibilities(pts, mu, s**2, w)
    top = logits.max(axis=1, keepdims=True)  # subtract the max so exp cannot underflow to 0
    lse = top[:, 0] + np.log(np.sum(np.exp(logits - top), axis=1))
    out: FloatArray = lse - 0.5 * mu.shape[1] * math.log(2.0 * math.pi * s**2)
    return out


def gmm_optimal_eps(
    x_t: ArrayLike,
    t: Step,
    alpha_bar: ArrayLike,
    means: ArrayLike,
    sigma: float,
    weights: ArrayLike | None = None,
) -> FloatArray:
    r"""The exact noise predictor :math:`\mathbb E[\varepsilon \mid x_t]` for Gaussian-mixture data.

    Parameters
    ----------
    x_t : array_like, shape (n, d)
        Noised points at step ``t``.
    t : int or ndarray of int, shape (n,)
        Step(s) in ``1..T``.
    alpha_bar : array_like, shape (T,)
        Output of :func:`alpha_bars`.
    means : array_like, shape (K, d)
        Component means of the clean data.
    sigma : float
        Common standard deviation of the clean components, positive.
    weights : array_like, shape (K,), optional
        Mixture weights summing to 1; uniform by default.

    Returns
    -------
    ndarray, shape (n, d)
        The minimiser of the :math:`\varepsilon`-loss over all functions of
        :math:`(x_t, t)`: what a perfectly trained network would output.

    Raises
    ------
    TypeError
        If ``t`` is not an integer or an integer array.
    ValueError
        If shapes disagree, ``t`` is out of range, ``sigma <= 0`` or the weights
        are not a distribution.

    Notes
    -----
    Given component :math:`k`, :math:`x_t \sim \mathcal N(\sqrt{\bar\alpha_t}\mu_k, s_t^2 I)`
    with :math:`s_t^2 = \bar\alpha_t\sigma^2 + 1 - \bar\alpha_t`, and
    :math:`\varepsilon` and :math:`x_t` are jointly Gaussian, so

    .. math::
        \mathbb E[\varepsilon \mid x_t] = \sum_k r_k(x_t)\,
        \frac{\sqrt{1-\bar\alpha_t}}{s_t^2}\bigl(x_t - \sqrt{\bar\alpha_t}\mu_k\bigr)
        = -\sqrt{1-\bar\alpha_t}\,\nabla\log q(x_t),

    with responsibilities :math:`r(x_t) = \operatorname{softmax}_k\bigl(\log w_k
    - \lVert x_t - \sqrt{\bar\alpha_t}\mu_k\rVert^2 / 2s_t^2\bigr)`.

    Examples
    --------
    >>> gmm_optimal_eps([[0.6]], 1, [0.64], [[0.0]], 1.0).tolist()
    [[0.36]]
    """
    a = _alpha_bar(alpha_bar)
    step = _step(t, a.shape[0], "alpha_bar")
    mu, s, w = _mixture(means, sigma, weights)
    x = as_matrix(x_t, "x_t")
    if x.shape[1] != mu.shape[1]:
        msg = f"`x_t` must have d = {mu.shape[1]} columns like `means`; got {x.shape}"
        raise ValueError(msg)
    _batch(x, step, "x_t")
    a_t = _at(a, step)
    # s_t^2: a float, or (n, 1) for array t
    var = a_t * s**2 + (1.0 - a_t)
    # (1 or n, K, d) scaled means, (n, K, d) offsets
    centres = np.sqrt(a_t)[..., None] * mu[None, :, :]
    diff = x[:, None, :] - centres
    # a zero weight gives log 0 = -inf: that component drops out
    with np.errstate(divide="ignore"):
        log_w = np.log(w)
    sq = np.einsum("nkd,nkd->nk", diff, diff)  # (n, K) squared distances
    logits = log_w[None, :] - sq / (2.0 * var)
    # responsibilities r: a softmax over K, max subtracted so exp cannot overflow
    logits -= logits.max(axis=1, keepdims=True)
    r = np.exp(logits)
    r /= r.sum(axis=1, keepdims=True)
    # (n, d): E[x_t - sqrt(abar_t) mu_k | x_t]
    mean_diff = np.einsum("nk,nkd->nd", r, diff)
    out: FloatArray = np.sqrt(1.0 - a_t) / var * mean_diff
    return out
