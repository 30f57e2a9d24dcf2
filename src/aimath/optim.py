"""Gradient descent and the optimizers that train neural networks.

Chapter 8 of the book. The optimizers share one small interface modelled on
``torch.optim``: an optimizer holds a list of float64 NumPy arrays (the
parameters) and :meth:`Optimizer.step` updates them *in place* from a list of
gradients of the same shapes. Each one reproduces the update of the matching
``torch.optim`` optimizer with the same hyper-parameters (the tests compare
them step for step):

==========================  ============================================
``aimath.optim``            ``torch.optim``
==========================  ============================================
``GradientDescent(lr)``     ``SGD(lr)``
``Momentum(lr, momentum)``  ``SGD(lr, momentum)``
``Nesterov(lr, momentum)``  ``SGD(lr, momentum, nesterov=True)``
``AdaGrad``                 ``Adagrad`` (``lr_decay=0``)
``RMSProp``                 ``RMSprop`` (``centered=False, momentum=0``)
``Adam``                    ``Adam`` (L2 penalty added to the gradient)
``AdamW``                   ``AdamW`` (decoupled weight decay)
==========================  ============================================

The learning rate is the attribute :attr:`Optimizer.lr`, read at every step,
so a schedule (:func:`step_lr`, :func:`warmup_cosine`) changes it by
assignment. The module also holds the closed forms of gradient descent on a
quadratic that the chapter checks the iterations against, and the test
functions of the optimizer race.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from aimath._typing import ArrayLike, FloatArray
from aimath._validation import (
    as_float_array,
    as_matrix,
    euclidean_length,
    generator,
    real_number,
)
from aimath._validation import integer_at_least as _integer

__all__ = [
    "AdaGrad",
    "Adam",
    "AdamW",
    "GradientDescent",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "RMSProp",
    "clip_grad_norm",
    "critical_learning_rate",
    "gd_contraction_factor",
    "gd_quadratic_closed_form",
    "gd_quadratic_path",
    "gd_quadratic_steps",
    "minibatch_sgd_linear_regression",
    "optimize",
    "rosenbrock",
    "rosenbrock_gradient",
    "rosenbrock_grid",
    "step_lr",
    "steps_to_tolerance",
    "warmup_cosine",
]

#: ``hessian`` counts as symmetric when ``max|H - H.T| <= _SYMMETRY_RTOL * max|H|``.
_SYMMETRY_RTOL = 1e-10


# ---------------------------------------------------------------------------
# Argument checks used only here
# ---------------------------------------------------------------------------


def _at_least(x: object, name: str, low: float, *, strict: bool = False) -> float:
    """A finite float ``>= low`` (``> low`` if ``strict``), or raise naming ``name``."""
    value = real_number(x, name)
    if value < low or (strict and value == low):
        relation = ">" if strict else ">="
        msg = f"`{name}` must be {relation} {low:g}; got {value!r}"
        raise ValueError(msg)
    return value


def _decay_rate(x: object, name: str) -> float:
    """A decay rate of a running average: a float in ``[0, 1)``."""
    value = real_number(x, name)
    if not 0.0 <= value < 1.0:
        msg = f"`{name}` must lie in [0, 1); got {value!r}"
        raise ValueError(msg)
    return value


def _as_list(items: object, name: str) -> list[object]:
    """The entries of a sequence as a list, or a TypeError naming ``name``."""
    # an array, a string or a mapping iterates, but not over separate arrays
    if isinstance(items, (str, bytes, Mapping, np.ndarray)) or items is None:
        msg = (
            f"`{name}` must be a list or tuple of arrays (wrap a single array in a "
            f"list); got {type(items).__name__}"
        )
        raise TypeError(msg)
    if not isinstance(items, Sequence):
        msg = f"`{name}` must be a list or tuple of arrays; got {type(items).__name__}"
        raise TypeError(msg)
    return list(items)


def _check_params(params: object) -> list[FloatArray]:
    """The parameter arrays an optimizer updates in place, checked."""
    arrays = _as_list(params, "params")
    if not arrays:
        msg = "`params` must hold at least one array; got an empty sequence"
        raise ValueError(msg)
    checked: list[FloatArray] = []
    for i, p in enumerate(arrays):
        name = f"params[{i}]"
        if not isinstance(p, np.ndarray):
            msg = (
                f"`{name}` must be a NumPy float64 array (it is updated in place); "
                f"got {type(p).__name__}"
            )
            raise TypeError(msg)
        if p.dtype != np.float64:
            msg = f"`{name}` must have dtype float64; got dtype {p.dtype}"
            raise TypeError(msg)
        if not p.flags.writeable:
            msg = f"`{name}` must be writeable (it is updated in place); got a read-only array"
            raise ValueError(msg)
        if p.size == 0:
            msg = f"`{name}` must not be empty; got shape {p.shape}"
            raise ValueError(msg)
        if not np.all(np.isfinite(p)):
            msg = f"`{name}` must contain only finite numbers; got NaN or inf"
            raise ValueError(msg)
        for j, q in enumerate(checked):
            if np.may_share_memory(p, q):
                msg = f"`{name}` shares memory with `params[{j}]`: each would be updated twice"
                raise ValueError(msg)
        checked.append(p)
    return checked


def _check_grads(grads: object, params: list[FloatArray]) -> list[FloatArray]:
    """One finite float64 gradient per parameter, of the parameter's shape."""
    items = _as_list(grads, "grads")
    if len(items) != len(params):
        msg = f"`grads` must hold one gradient per parameter ({len(params)}); got {len(items)}"
        raise ValueError(msg)
    checked: list[FloatArray] = []
    for i, (g, p) in enumerate(zip(items, params, strict=True)):
        g_ = as_float_array(g, f"grads[{i}]")  # type: ignore[arg-type]
        if g_.shape != p.shape:
            msg = f"`grads[{i}]` must have the shape of `params[{i}]`, {p.shape}; got {g_.shape}"
            raise ValueError(msg)
        checked.append(g_)
    return checked


# ---------------------------------------------------------------------------
# The optimizers
# ---------------------------------------------------------------------------


class Optimizer:
    """Base class: parameters, a learning rate, and an in-place :meth:`step`.

    Parameters
    ----------
    params : sequence of numpy.ndarray
        The parameters, float64 arrays that :meth:`step` updates *in place*
        (like ``torch.optim``). They must be writeable, non-empty, finite and
        must not share memory with each other.
    lr : float
        The learning rate, finite and ``>= 0``. ``lr = 0`` is allowed (a
        schedule may pass through it) and leaves the parameters unchanged,
        while the running averages of the adaptive methods still update.

    Attributes
    ----------
    params : list of numpy.ndarray
        The arrays being optimized (the caller's arrays, not copies).
    t : int
        The number of steps taken so far.

    The learning rate is the property :attr:`lr`.

    Raises
    ------
    TypeError
        If ``params`` is not a list or tuple of float64 ndarrays, or ``lr`` is
        not a real number.
    ValueError
        If ``params`` is empty, a parameter is read-only, empty or non-finite,
        two parameters share memory, or ``lr`` is negative or not finite.

    Notes
    -----
    A subclass implements ``_update(i, p, g)``, returning the new value of
    parameter ``i`` from its current value ``p`` and gradient ``g``.
    :meth:`step` first validates every gradient, then computes every new
    value, and writes them only if all are finite: a bad gradient or an
    overflowing step leaves the parameters untouched.

    Examples
    --------
    >>> w = np.array([10.0])
    >>> opt = GradientDescent([w], lr=0.1)
    >>> opt.step([2 * (w - 3.0)])  # the gradient of (w - 3)^2
    >>> w
    array([8.6])
    """

    def __init__(self, params: Sequence[FloatArray], lr: float) -> None:
        self.params: list[FloatArray] = _check_params(params)
        self._lr = _at_least(lr, "lr", 0.0)
        self.t = 0

    @property
    def lr(self) -> float:
        """The learning rate of the next step.

        Read at every step: assign to it to follow a schedule. An assignment
        is validated like the constructor argument (finite, ``>= 0``).
        """
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = _at_least(value, "lr", 0.0)

    def _zeros(self) -> list[FloatArray]:
        """One zero array per parameter: the initial state of a running sum."""
        return [np.zeros_like(p) for p in self.params]

    def _update(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        raise NotImplementedError

    def step(self, grads: Sequence[ArrayLike]) -> None:
        """Update every parameter in place from its gradient.

        Parameters
        ----------
        grads : sequence of array_like
            One finite gradient per parameter, of the parameter's shape.

        Raises
        ------
        TypeError
            If ``grads`` is not a list or tuple of arrays of numbers.
        ValueError
            If the number or shapes of the gradients do not match the
            parameters, a gradient is not finite, a parameter was set to a
            non-finite value, or the step would overflow (the parameters are
            then left unchanged).
        """
        checked = _check_grads(grads, self.params)
        for i, p in enumerate(self.params):
            if not np.all(np.isfinite(p)):
                msg = f"`params[{i}]` must contain only finite numbers; got NaN or inf"
                raise ValueError(msg)
        self.t += 1
        with np.errstate(over="ignore", invalid="ignore"):
            new = [
                self._update(i, p, g)
                for i, (p, g) in enumerate(zip(self.params, checked, strict=True))
            ]
        for i, value in enumerate(new):
            if not np.all(np.isfinite(value)):
                msg = (
                    f"the step would make `params[{i}]` non-finite (overflow: the "
                    f"iteration diverges); lower `lr` (now {self.lr!r})"
                )
                raise ValueError(msg)
        for p, value in zip(self.params, new, strict=True):
            p[...] = value


class GradientDescent(Optimizer):
    r"""Plain gradient descent, :math:`w \leftarrow w - \eta\, g` (``torch.optim.SGD``).

    Parameters
    ----------
    params : sequence of numpy.ndarray
        Float64 arrays updated in place (see :class:`Optimizer`).
    lr : float
        The step size :math:`\eta \ge 0`.

    Raises
    ------
    TypeError, ValueError
        As :class:`Optimizer`.

    Notes
    -----
    .. math:: w_{t} = w_{t-1} - \eta\, \nabla L(w_{t-1})

    With a mini-batch gradient this is stochastic gradient descent.

    Examples
    --------
    >>> w = np.array([1.0, -2.0])
    >>> GradientDescent([w], lr=0.5).step([[2.0, 2.0]])
    >>> w
    array([ 0., -3.])
    """

    def _update(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        return p - self.lr * g


class Momentum(Optimizer):
    r"""Heavy-ball momentum (Polyak 1964), as ``torch.optim.SGD(momentum=...)``.

    Parameters
    ----------
    params : sequence of numpy.ndarray
        Float64 arrays updated in place (see :class:`Optimizer`).
    lr : float
        The step size :math:`\eta \ge 0`.
    momentum : float, optional
        :math:`\mu \in [0, 1)`; ``0`` is plain gradient descent.

    Attributes
    ----------
    buffers : list of numpy.ndarray
        The velocities :math:`b`, one per parameter, initially zero.

    Raises
    ------
    TypeError, ValueError
        As :class:`Optimizer`, or if ``momentum`` is outside :math:`[0, 1)`.

    Notes
    -----
    .. math:: b_t = \mu\, b_{t-1} + g_t, \qquad w_t = w_{t-1} - \eta\, b_t,
              \qquad b_0 = 0

    This is torch's convention (no dampening): the velocity sums gradients,
    so on a constant gradient the step approaches :math:`\eta\, g / (1 - \mu)`.

    References
    ----------
    B. T. Polyak, "Some methods of speeding up the convergence of iteration
    methods", *USSR Comput. Math. Math. Phys.* 4(5), 1964.

    Examples
    --------
    >>> w = np.array([0.0])
    >>> opt = Momentum([w], lr=1.0, momentum=0.5)
    >>> for _ in range(3):
    ...     opt.step([[1.0]])
    >>> w  # steps 1, 1.5, 1.75
    array([-4.25])
    """

    def __init__(
        self,
        params: Sequence[FloatArray],
        lr: float,
        momentum: float = 0.9,
    ) -> None:
        super().__init__(params, lr)
        self.momentum = _decay_rate(momentum, "momentum")
        self.buffers = self._zeros()

    def _update(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        b = self.buffers[i]
        b[...] = self.momentum * b + g
        return p - self.lr * b


class Nesterov(Momentum):
    r"""Nesterov momentum, as ``torch.optim.SGD(momentum=..., nesterov=True)``.

    Parameters
    ----------
    params : sequence of numpy.ndarray
        Float64 arrays updated in place (see :class:`Optimizer`).
    lr : float
        The step size :math:`\eta \ge 0`.
    momentum : float, optional
        :math:`\mu \in [0, 1)`.

    Raises
    ------
    TypeError, ValueError
        As :class:`Momentum`.

    Notes
    -----
    .. math:: b_t = \mu\, b_{t-1} + g_t, \qquad
              w_t = w_{t-1} - \eta\, (g_t + \mu\, b_t)

    The step uses the velocity *after* this step's update, a look-ahead; it is
    the form of Sutskever et al. (2013) of Nesterov's accelerated gradient,
    written for the current rather than the look-ahead parameters.

    References
    ----------
    Y. Nesterov, "A method for solving the convex programming problem with
    convergence rate O(1/k^2)", *Soviet Math. Dokl.* 27, 1983.

    Examples
    --------
    >>> w = np.array([0.0])
    >>> opt = Nesterov([w], lr=1.0, momentum=0.5)
    >>> opt.step([[1.0]])  # b = 1, step 1 + 0.5 * 1
    >>> w
    array([-1.5])
    """

    def _update(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        b = self.buffers[i]
        b[...] = self.momentum * b + g
        return p - self.lr * (g + self.momentum * b)


class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi et al. 2011), as ``torch.optim.Adagrad``.

    Parameters
    ----------
    params : sequence of numpy.ndarray
        Float64 arrays updated in place (see :class:`Optimizer`).
    lr : float, optional
        :math:`\eta \ge 0`.
    eps : float, optional
        :math:`\epsilon > 0`, added to the root so the first division is safe.

    Attributes
    ----------
    sums : list of numpy.ndarray
        The running sums of squared gradients :math:`s`, one per parameter.

    Raises
    ------
    TypeError, ValueError
        As :class:`Optimizer`, or if ``eps`` is not a positive finite number.

    Notes
    -----
    .. math:: s_t = s_{t-1} + g_t^2, \qquad
              w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{s_t} + \epsilon}

    (element-wise). Each coordinate gets its own step size, which only shrinks.

    References
    ----------
    J. Duchi, E. Hazan, Y. Singer, "Adaptive subgradient methods for online
    learning and stochastic optimization", *JMLR* 12, 2011.

    Examples
    --------
    >>> w = np.array([0.0, 0.0])
    >>> opt = AdaGrad([w], lr=0.1)
    >>> opt.step([[4.0, -0.01]])  # every coordinate moves by about lr at first
    >>> np.round(w, 6)
    array([-0.1,  0.1])
    """

    def __init__(
        self,
        params: Sequence[FloatArray],
        lr: float = 0.01,
        eps: float = 1e-10,
    ) -> None:
        super().__init__(params, lr)
        self.eps = _at_least(eps, "eps", 0.0, strict=True)
        self.sums = self._zeros()

    def _update(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        s = self.sums[i]
        s += g * g
        return p - self.lr * g / (np.sqrt(s) + self.eps)


class RMSProp(Optimizer):
    r"""RMSProp (Tieleman & Hinton 2012), as ``torch.optim.RMSprop``.

    Parameters
    ----------
    params : sequence of numpy.ndarray
        Float64 arrays updated in place (see :class:`Optimizer`).
    lr : float, optional
        :math:`\eta \ge 0`.
    alpha : float, optional
        Decay rate :math:`\alpha \in [0, 1)` of the average of squared gradients.
    eps : float, optional
        :math:`\epsilon > 0`, added to the root.

    Attributes
    ----------
    averages : list of numpy.ndarray
        The running averages of squared gradients :math:`v`, one per parameter.

    Raises
    ------
    TypeError, ValueError
        As :class:`Optimizer`, or if ``alpha`` is outside :math:`[0, 1)` or
        ``eps`` is not positive.

    Notes
    -----
    .. math:: v_t = \alpha\, v_{t-1} + (1 - \alpha)\, g_t^2, \qquad
              w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{v_t} + \epsilon}

    Unlike AdaGrad's sum, the average forgets old gradients, so the step size
    can grow again. There is no bias correction (torch has none either).

    References
    ----------
    T. Tieleman, G. Hinton, Lecture 6.5 of *Neural Networks for Machine
    Learning* (Coursera), 2012.

    Examples
    --------
    >>> w = np.array([0.0])
    >>> opt = RMSProp([w], lr=0.01, alpha=0.99)
    >>> opt.step([[3.0]])  # v = 0.01 * 9, step 0.01 * 3 / 0.3
    >>> np.round(w, 6)
    array([-0.1])
    """

    def __init__(
        self,
        params: Sequence[FloatArray],
        lr: float = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        self.alpha = _decay_rate(alpha, "alpha")
        self.eps = _at_least(eps, "eps", 0.0, strict=True)
        self.averages = self._zeros()

    def _update(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        v = self.averages[i]
        v[...] = self.alpha * v + (1.0 - self.alpha) * g * g
        return p - self.lr * g / (np.sqrt(v) + self.eps)


def _betas(betas: object) -> tuple[float, float]:
    """Adam's ``(beta1, beta2)``, each in ``[0, 1)``."""
    if isinstance(betas, (str, bytes)) or not isinstance(betas, Sequence) or len(betas) != 2:
        msg = f"`betas` must be a pair (beta1, beta2); got {betas!r}"
        raise TypeError(msg)
    return _decay_rate(betas[0], "betas[0]"), _decay_rate(betas[1], "betas[1]")


class Adam(Optimizer):
    r"""Adam (Kingma & Ba 2015), as ``torch.optim.Adam``.

    Parameters
    ----------
    params : sequence of numpy.ndarray
        Float64 arrays updated in place (see :class:`Optimizer`).
    lr : float, optional
        :math:`\eta \ge 0`.
    betas : tuple of float, optional
        Decay rates :math:`(\beta_1, \beta_2)`, each in :math:`[0, 1)`, of the
        averages of the gradient and of its square.
    eps : float, optional
        :math:`\epsilon > 0`, added to :math:`\sqrt{\hat v}`.
    weight_decay : float, optional
        :math:`\lambda \ge 0`. As in torch's ``Adam``, it is an L2 penalty: it
        adds :math:`\lambda w` to the gradient *before* the adaptive scaling.
        :class:`AdamW` decouples it.
    bias_correction : bool, optional
        ``True`` (the algorithm, and torch). ``False`` drops the division by
        :math:`1 - \beta^t`, to show what the correction is for; torch has
        no such option.

    Attributes
    ----------
    m, v : list of numpy.ndarray
        The first- and second-moment averages, one per parameter.

    Raises
    ------
    TypeError, ValueError
        As :class:`Optimizer`, or if a beta is outside :math:`[0, 1)`, ``eps``
        is not positive or ``weight_decay`` is negative.

    Notes
    -----
    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \quad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2, \\
        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \quad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \quad
        w_t = w_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    with :math:`m_0 = v_0 = 0` and :math:`g_t` the gradient plus
    :math:`\lambda w_{t-1}`. The averages start at zero, so they are biased
    towards zero early on; dividing by :math:`1 - \beta^t` removes that bias
    exactly for a constant gradient.

    References
    ----------
    D. P. Kingma, J. Ba, "Adam: A method for stochastic optimization", ICLR 2015.

    Examples
    --------
    >>> w = np.array([1.0, 1.0])
    >>> opt = Adam([w], lr=0.1)
    >>> opt.step([[0.5, -20.0]])  # the first step is about lr * sign(g)
    >>> np.round(w, 6)
    array([0.9, 1.1])
    """

    def __init__(
        self,
        params: Sequence[FloatArray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        *,
        bias_correction: bool = True,
    ) -> None:
        super().__init__(params, lr)
        self.betas = _betas(betas)
        self.eps = _at_least(eps, "eps", 0.0, strict=True)
        self.weight_decay = _at_least(weight_decay, "weight_decay", 0.0)
        flag: object = bias_correction  # checked at run time
        if not isinstance(flag, (bool, np.bool_)):
            got = type(flag).__name__
            msg = f"`bias_correction` must be a bool; got {got}"
            raise TypeError(msg)
        self.bias_correction = bool(flag)
        self.m = self._zeros()
        self.v = self._zeros()

    def _adam_step(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        beta1, beta2 = self.betas
        m, v = self.m[i], self.v[i]
        m[...] = beta1 * m + (1.0 - beta1) * g
        v[...] = beta2 * v + (1.0 - beta2) * g * g
        m_hat, v_hat = m, v
        if self.bias_correction:
            m_hat = m / (1.0 - beta1**self.t)
            v_hat = v / (1.0 - beta2**self.t)
        return p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def _update(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        # L2 penalty: its gradient joins g and is rescaled with it
        return self._adam_step(i, p, g + self.weight_decay * p)


class AdamW(Adam):
    r"""AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay.

    Same as ``torch.optim.AdamW``: the weights shrink by the factor
    :math:`1 - \eta\lambda` directly, and the Adam step uses the plain
    gradient.

    Parameters
    ----------
    params : sequence of numpy.ndarray
        Float64 arrays updated in place (see :class:`Optimizer`).
    lr, betas, eps : optional
        As :class:`Adam`.
    weight_decay : float, optional
        :math:`\lambda \ge 0`; note torch's default ``0.01``.
    bias_correction : bool, optional
        As :class:`Adam`.

    Raises
    ------
    TypeError, ValueError
        As :class:`Adam`.

    Notes
    -----
    .. math:: w_t = (1 - \eta\lambda)\, w_{t-1}
              - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    with :math:`\hat m_t, \hat v_t` computed from the gradient alone. With L2
    in Adam, a weight whose gradient is large gets its decay divided by
    :math:`\sqrt{\hat v}` too; here every weight decays at the same rate.

    References
    ----------
    I. Loshchilov, F. Hutter, "Decoupled weight decay regularization", ICLR 2019.

    Examples
    --------
    >>> w = np.array([2.0])
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> opt.step([[0.0]])  # zero gradient: only the decay acts, 2 * (1 - 0.05)
    >>> w
    array([1.9])
    """

    def __init__(
        self,
        params: Sequence[FloatArray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
        *,
        bias_correction: bool = True,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            bias_correction=bias_correction,
        )

    def _update(self, i: int, p: FloatArray, g: FloatArray) -> FloatArray:
        # decoupled: shrink the weights themselves, outside the adaptive scaling
        return self._adam_step(i, p * (1.0 - self.lr * self.weight_decay), g)


# ---------------------------------------------------------------------------
# Running an optimizer
# ---------------------------------------------------------------------------


def optimize(
    optimizer: Optimizer,
    gradient: Callable[[FloatArray], ArrayLike],
    n_steps: int,
) -> FloatArray:
    r"""Run an optimizer holding one parameter array and record its path.

    Parameters
    ----------
    optimizer : Optimizer
        An optimizer with exactly one parameter array :math:`w`; it is
        updated in place (and its state advances).
    gradient : callable
        ``gradient(w)`` returns :math:`\nabla L(w)`, an array of the shape of
        ``w``; it receives a copy of the current parameters.
    n_steps : int
        The number of steps, ``>= 0``.

    Returns
    -------
    numpy.ndarray, shape (n_steps + 1, *w.shape)
        Row ``k`` is the parameter after ``k`` steps; row 0 is the start.

    Raises
    ------
    TypeError
        If ``optimizer`` is not an :class:`Optimizer`, ``gradient`` is not
        callable, or ``n_steps`` is not an integer.
    ValueError
        If the optimizer holds more than one array, ``n_steps`` is negative,
        ``gradient`` returns a non-finite array or one of the wrong shape, or
        a step overflows.

    Examples
    --------
    >>> w = np.array([10.0])
    >>> path = optimize(GradientDescent([w], lr=0.25), lambda x: 2 * (x - 3.0), 3)
    >>> path[:, 0]  # the distance to 3 halves at every step
    array([10.   ,  6.5  ,  4.75 ,  3.875])
    """
    opt: object = optimizer  # checked at run time: any object can arrive
    if not isinstance(opt, Optimizer):
        msg = f"`optimizer` must be an aimath.optim.Optimizer; got {type(opt).__name__}"
        raise TypeError(msg)
    if len(opt.params) != 1:
        msg = f"`optimizer` must hold exactly one parameter array; got {len(opt.params)}"
        raise ValueError(msg)
    func: object = gradient
    if not callable(func):
        msg = f"`gradient` must be callable, gradient(w) -> array; got {type(func).__name__}"
        raise TypeError(msg)
    steps = _integer(n_steps, "n_steps", 0)
    w = opt.params[0]
    path = np.empty((steps + 1, *w.shape))
    path[0] = w
    for k in range(1, steps + 1):
        g = as_float_array(func(w.copy()), "gradient")
        if g.shape != w.shape:
            msg = f"`gradient` must return an array of the shape {w.shape} of `w`; got {g.shape}"
            raise ValueError(msg)
        opt.step([g])
        path[k] = w
    return path


def steps_to_tolerance(values: ArrayLike, tol: float) -> int | None:
    """The first index at which a sequence drops below a tolerance.

    Parameters
    ----------
    values : array_like, shape (n,)
        A sequence such as losses or distances to the optimum, indexed by
        step (entry 0 = the start). ``+inf`` entries are allowed (a run that
        overflowed); NaN is not.
    tol : float
        The threshold, finite.

    Returns
    -------
    int or None
        The smallest ``k`` with ``values[k] < tol`` (strictly), or ``None`` if
        no entry is below ``tol``.

    Raises
    ------
    TypeError
        If ``values`` is not array-like of real numbers or ``tol`` not a number.
    ValueError
        If ``values`` is empty, not 1-D or holds NaN, or ``tol`` is not finite.

    Examples
    --------
    >>> steps_to_tolerance([4.0, 1.0, 0.25, 0.0625], 0.5)
    2
    >>> steps_to_tolerance([4.0, 1.0], 0.5) is None
    True
    """
    if isinstance(values, (str, bytes)) or values is None or np.iscomplexobj(values):
        msg = f"`values` must be array-like of real numbers; got {type(values).__name__}"
        raise TypeError(msg)
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = f"`values` must be array-like of real numbers; got {type(values).__name__} ({exc})"
        raise TypeError(msg) from None
    if arr.ndim != 1 or arr.size == 0:
        msg = f"`values` must be a non-empty 1-D sequence; got shape {arr.shape}"
        raise ValueError(msg)
    if np.any(np.isnan(arr)):
        msg = "`values` must not contain NaN (cut a diverged run at its last number)"
        raise ValueError(msg)
    threshold = real_number(tol, "tol")
    below = np.flatnonzero(arr < threshold)
    return int(below[0]) if below.size else None


# ---------------------------------------------------------------------------
# Learning-rate schedules and gradient clipping
# ---------------------------------------------------------------------------


def step_lr(step: int, base_lr: float, step_size: int, gamma: float = 0.1) -> float:
    r"""Step decay: multiply the learning rate by ``gamma`` every ``step_size`` steps.

    Parameters
    ----------
    step : int
        The number of steps taken so far, ``>= 0`` (the rate returned is the
        one for the next step).
    base_lr : float
        The initial rate, ``>= 0``.
    step_size : int
        Steps between two decays, ``>= 1``.
    gamma : float, optional
        The decay factor, ``> 0``.

    Returns
    -------
    float
        :math:`\eta_0\, \gamma^{\lfloor t / s \rfloor}`.

    Raises
    ------
    TypeError
        If an integer argument is not an integer or a real one not a number.
    ValueError
        If ``step < 0``, ``step_size < 1``, ``base_lr < 0`` or ``gamma <= 0``.

    Notes
    -----
    .. math:: \eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}

    ``torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma)`` gives
    the same rate after ``t`` calls of ``scheduler.step()``.

    Examples
    --------
    >>> step_lr(5, 1.0, step_size=2, gamma=0.5)  # two decays after 4 steps
    0.25
    >>> [step_lr(t, 1.0, step_size=2, gamma=0.5) for t in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """
    t = _integer(step, "step", 0)
    eta0 = _at_least(base_lr, "base_lr", 0.0)
    size = _integer(step_size, "step_size", 1)
    factor = _at_least(gamma, "gamma", 0.0, strict=True)
    return eta0 * factor ** (t // size)


def warmup_cosine(
    step: int,
    base_lr: float,
    warmup_steps: int,
    total_steps: int,
    min_lr: float = 0.0,
) -> float:
    r"""Linear warm-up followed by cosine decay, the schedule of most LLM training.

    Parameters
    ----------
    step : int
        The number of steps taken so far, ``>= 0``: the rate returned is the
        one used by update number ``step + 1``.
    base_lr : float
        The peak rate :math:`\eta_{\max} \ge 0`.
    warmup_steps : int
        :math:`W \ge 0`, the number of warm-up steps.
    total_steps : int
        :math:`T > W`: the cosine reaches ``min_lr`` at ``step == total_steps``.
    min_lr : float, optional
        :math:`\eta_{\min}`, with :math:`0 \le \eta_{\min} \le \eta_{\max}`;
        the rate stays there after ``total_steps``.

    Returns
    -------
    float
        The learning rate for this step.

    Raises
    ------
    TypeError
        If an integer argument is not an integer or a real one not a number.
    ValueError
        If ``step < 0``, ``warmup_steps < 0``, ``total_steps <= warmup_steps``,
        or the rates are negative or ``min_lr > base_lr``.

    Notes
    -----
    .. math::
        \eta_t = \begin{cases}
        \eta_{\max}\, \dfrac{t + 1}{W} & 0 \le t < W, \\[1ex]
        \eta_{\min} + \tfrac12 (\eta_{\max} - \eta_{\min})
        \bigl(1 + \cos\bigl(\pi\, \tfrac{t - W}{T - W}\bigr)\bigr) & W \le t \le T, \\[1ex]
        \eta_{\min} & t > T.
        \end{cases}

    The warm-up counts from :math:`t + 1` so the first update is not wasted
    with a zero rate; it reaches :math:`\eta_{\max}` at :math:`t = W - 1`, and
    the cosine starts from :math:`\eta_{\max}` at :math:`t = W`. In torch this
    is ``SequentialLR`` of ``LinearLR(start_factor=1/W, end_factor=1,
    total_iters=W-1)`` and ``CosineAnnealingLR(T_max=T-W, eta_min=min_lr)``
    with ``milestones=[W]``, for :math:`t \le T` (after ``T_max`` torch's
    cosine rises again; here it stays at :math:`\eta_{\min}`). Hugging Face's
    ``get_cosine_schedule_with_warmup`` uses :math:`t / W` instead, starting
    at zero.

    References
    ----------
    I. Loshchilov, F. Hutter, "SGDR: Stochastic gradient descent with warm
    restarts", ICLR 2017.

    Examples
    --------
    >>> warmup_cosine(4, 1.0, 2, 6)  # half-way through the cosine: the mid rate
    0.5
    >>> [round(warmup_cosine(t, 1.0, 2, 6), 4) for t in range(8)]
    [0.5, 1.0, 1.0, 0.8536, 0.5, 0.1464, 0.0, 0.0]
    """
    t = _integer(step, "step", 0)
    eta_max = _at_least(base_lr, "base_lr", 0.0)
    W = _integer(warmup_steps, "warmup_steps", 0)
    T = _integer(total_steps, "total_steps", W + 1)
    eta_min = _at_least(min_lr, "min_lr", 0.0)
    if eta_min > eta_max:
        msg = f"`min_lr` must not exceed `base_lr` ({eta_max!r}); got {eta_min!r}"
        raise ValueError(msg)
    if t < W:
        return eta_max * (t + 1) / W
    if t >= T:
        return eta_min
    progress = (t - W) / (T - W)  # in [0, 1)
    return eta_min + 0.5 * (eta_max - eta_min) * (1.0 + math.cos(math.pi * progress))


def clip_grad_norm(
    grads: Sequence[ArrayLike], max_norm: float, *, eps: float = 1e-6
) -> tuple[list[FloatArray], float]:
    r"""Rescale gradients so their global Euclidean norm is at most ``max_norm``.

    Parameters
    ----------
    grads : sequence of array_like
        The gradients of all parameters, any shapes.
    max_norm : float
        :math:`c > 0`.
    eps : float, optional
        :math:`\epsilon \ge 0` added to the norm before dividing, as torch does
        (``1e-6``); ``eps=0`` gives the exact projection onto the ball of radius
        :math:`c`.

    Returns
    -------
    clipped : list of numpy.ndarray
        Rescaled copies of the gradients (the inputs are not modified).
    total_norm : float
        The global norm :math:`\lVert g \rVert_2` *before* clipping.

    Raises
    ------
    TypeError
        If ``grads`` is not a list or tuple of arrays of numbers.
    ValueError
        If ``grads`` is empty, a gradient is empty or non-finite, or
        ``max_norm``/``eps`` are out of range.

    Notes
    -----
    With :math:`g` all gradients concatenated into one vector,

    .. math:: g \leftarrow g \cdot \min\Bigl(1, \frac{c}{\lVert g \rVert_2 + \epsilon}\Bigr)

    the formula of ``torch.nn.utils.clip_grad_norm_`` (which clips in place
    and returns the norm). The direction is kept; only the length shrinks.

    Examples
    --------
    >>> clipped, total = clip_grad_norm([[3.0], [4.0]], max_norm=2.5, eps=0.0)
    >>> total, [c.tolist() for c in clipped]  # halved, to length 2.5
    (5.0, [[1.5], [2.0]])
    """
    items = _as_list(grads, "grads")
    if not items:
        msg = "`grads` must hold at least one array; got an empty sequence"
        raise ValueError(msg)
    arrays = [
        as_float_array(g, f"grads[{i}]")  # type: ignore[arg-type]
        for i, g in enumerate(items)
    ]
    c = _at_least(max_norm, "max_norm", 0.0, strict=True)
    eps_ = _at_least(eps, "eps", 0.0)
    # scaled by the largest entry: squares of huge or tiny entries stay finite
    total = euclidean_length(np.concatenate([a.ravel() for a in arrays]))
    coef = min(1.0, c / (total + eps_)) if total + eps_ > 0.0 else 1.0
    return [a * coef for a in arrays], total


# ---------------------------------------------------------------------------
# Gradient descent on quadratics: the closed forms of chapter 8
# ---------------------------------------------------------------------------


def gd_quadratic_path(w0: float, target: float, lr: float, n_steps: int) -> FloatArray:
    r"""Gradient descent on :math:`L(w) = (w - w^\ast)^2`, run step by step.

    Parameters
    ----------
    w0 : float
        The start :math:`w_0`.
    target : float
        The minimizer :math:`w^\ast`.
    lr : float
        The step size :math:`\eta \ge 0`.
    n_steps : int
        Number of steps, ``>= 0``.

    Returns
    -------
    numpy.ndarray, shape (n_steps + 1,)
        :math:`w_0, w_1, \dots`, computed by :class:`GradientDescent` with the
        gradient :math:`L'(w) = 2 (w - w^\ast)`.

    Raises
    ------
    TypeError
        If an argument is not a number (``n_steps`` not an integer).
    ValueError
        If an argument is not finite, ``lr < 0``, ``n_steps < 0``, or the
        iteration overflows.

    Notes
    -----
    See :func:`gd_quadratic_closed_form` for the formula the iterates follow.

    Examples
    --------
    >>> gd_quadratic_path(10.0, 3.0, 0.25, 3)
    array([10.   ,  6.5  ,  4.75 ,  3.875])
    """
    w = np.array([real_number(w0, "w0")])
    w_star = real_number(target, "target")
    path = optimize(GradientDescent([w], lr), lambda x: 2.0 * (x - w_star), n_steps)
    return path[:, 0]


def gd_quadratic_closed_form(w0: float, target: float, lr: float, n_steps: int) -> FloatArray:
    r"""The closed form of gradient descent on :math:`L(w) = (w - w^\ast)^2`.

    Parameters
    ----------
    w0, target, lr : float
        Start, minimizer and step size (``lr >= 0``).
    n_steps : int
        Number of steps, ``>= 0``.

    Returns
    -------
    numpy.ndarray, shape (n_steps + 1,)
        :math:`w_k` for :math:`k = 0, \dots, n`.

    Raises
    ------
    TypeError
        If an argument is not a number (``n_steps`` not an integer).
    ValueError
        If an argument is not finite, ``lr < 0`` or ``n_steps < 0``.

    Notes
    -----
    One step maps :math:`w - w^\ast` to :math:`(w - w^\ast) - 2\eta (w - w^\ast)`, so

    .. math:: w_k = w^\ast + (w_0 - w^\ast)\,(1 - 2\eta)^k .

    Examples
    --------
    >>> gd_quadratic_closed_form(10.0, 3.0, 1.0, 3)  # oscillates between 10 and -4
    array([10., -4., 10., -4.])
    """
    start = real_number(w0, "w0")
    w_star = real_number(target, "target")
    eta = _at_least(lr, "lr", 0.0)
    k = np.arange(_integer(n_steps, "n_steps", 0) + 1)
    with np.errstate(over="ignore"):
        path = np.asarray(w_star + (start - w_star) * (1.0 - 2.0 * eta) ** k, dtype=np.float64)
    if not np.all(np.isfinite(path)):
        msg = f"`n_steps` is too large: (1 - 2 lr)^k overflows for lr = {eta!r}"
        raise ValueError(msg)
    return path


def gd_quadratic_steps(w0: float, target: float, lr: float, tol: float) -> int | None:
    r"""The number of steps gradient descent on :math:`(w - w^\ast)^2` needs to get within ``tol``.

    Parameters
    ----------
    w0, target : float
        Start and minimizer.
    lr : float
        The step size :math:`\eta \ge 0`.
    tol : float
        :math:`\tau > 0`.

    Returns
    -------
    int or None
        The smallest :math:`k` with :math:`|w_k - w^\ast| < \tau`, or ``None``
        if the iterates never get there (:math:`|1 - 2\eta| \ge 1`).

    Raises
    ------
    TypeError
        If an argument is not a number.
    ValueError
        If an argument is not finite, ``lr < 0`` or ``tol <= 0``.

    Notes
    -----
    With :math:`d = |w_0 - w^\ast| \ge \tau` and :math:`q = |1 - 2\eta| \in (0, 1)`,
    :math:`d q^k < \tau` holds exactly when :math:`k > \log(\tau/d) / \log q`, so

    .. math:: k = \Bigl\lfloor \frac{\log(\tau / d)}{\log q} \Bigr\rfloor + 1,

    which equals :math:`\lceil \log(\tau/d) / \log q \rceil` unless the ratio
    is an integer. The result is corrected by one if rounding of the
    logarithms puts the ratio on the wrong side of an integer.

    Examples
    --------
    >>> gd_quadratic_steps(10.0, 3.0, 0.25, 1.0)  # 7, 3.5, 1.75, 0.875
    3
    """
    d = abs(real_number(w0, "w0") - real_number(target, "target"))
    eta = _at_least(lr, "lr", 0.0)
    tau = _at_least(tol, "tol", 0.0, strict=True)
    q = abs(1.0 - 2.0 * eta)
    if d < tau:
        return 0
    if q == 0.0:
        return 1
    if q >= 1.0:
        return None
    k = math.floor(math.log(tau / d) / math.log(q)) + 1
    # the logs are rounded: move k by one if they put it on the wrong side
    while k > 1 and d * q ** (k - 1) < tau:
        k -= 1
    while d * q**k >= tau:
        k += 1
    return k


def _symmetric_eigenvalues(hessian: ArrayLike) -> FloatArray:
    """The eigenvalues of a symmetric matrix, ascending, or raise naming ``hessian``."""
    H = as_matrix(hessian, "hessian", square=True)
    asym = float(np.max(np.abs(H - H.T)))
    if asym > _SYMMETRY_RTOL * float(np.max(np.abs(H))):
        msg = f"`hessian` must be symmetric; got max |H - H^T| = {asym:.3g}"
        raise ValueError(msg)
    return np.asarray(np.linalg.eigvalsh((H + H.T) / 2), dtype=np.float64)


def gd_contraction_factor(hessian: ArrayLike, lr: float) -> float:
    r"""How much one gradient-descent step shrinks the error on a quadratic.

    Parameters
    ----------
    hessian : array_like, shape (n, n)
        The symmetric Hessian :math:`H` of :math:`f(x) = \tfrac12 (x - x^\ast)^\top H (x - x^\ast)`.
    lr : float
        The step size :math:`\eta \ge 0`.

    Returns
    -------
    float
        :math:`\rho(\eta) = \max_i |1 - \eta \lambda_i|`, the spectral radius
        of the iteration matrix :math:`I - \eta H`.

    Raises
    ------
    TypeError
        If ``hessian`` is not array-like of numbers or ``lr`` not a number.
    ValueError
        If ``hessian`` is not a finite symmetric square matrix, or ``lr < 0``.

    Notes
    -----
    The error obeys :math:`x_{k+1} - x^\ast = (I - \eta H)(x_k - x^\ast)`, so
    :math:`\lVert x_k - x^\ast \rVert \le \rho^k \lVert x_0 - x^\ast \rVert`,
    with equality along the eigenvector that attains the maximum. The
    iteration converges from every start iff :math:`\rho < 1`. For
    :math:`\mu I \preceq H \preceq L I` the best fixed step
    :math:`\eta = 2 / (L + \mu)` gives :math:`\rho = (\kappa - 1)/(\kappa + 1)`,
    :math:`\kappa = L / \mu` (Boyd & Vandenberghe 2004, §9.3).

    Examples
    --------
    >>> gd_contraction_factor([[2.0, 0.0], [0.0, 8.0]], 0.125)  # max(|1 - 0.25|, |1 - 1|)
    0.75
    """
    lam = _symmetric_eigenvalues(hessian)
    eta = _at_least(lr, "lr", 0.0)
    return float(np.max(np.abs(1.0 - eta * lam)))


def critical_learning_rate(hessian: ArrayLike) -> float:
    r"""The step size above which gradient descent on a quadratic diverges.

    Parameters
    ----------
    hessian : array_like, shape (n, n)
        A symmetric positive semi-definite Hessian with a positive largest
        eigenvalue :math:`L` (the smoothness constant).

    Returns
    -------
    float
        :math:`2 / L`.

    Raises
    ------
    TypeError
        If ``hessian`` is not array-like of numbers.
    ValueError
        If ``hessian`` is not finite, square and symmetric, has a negative
        eigenvalue (the quadratic is unbounded below) or is zero.

    Notes
    -----
    Along the top eigenvector the error is multiplied by :math:`1 - \eta L`
    each step: it shrinks iff :math:`|1 - \eta L| < 1`, i.e.
    :math:`0 < \eta < 2 / L`. At :math:`\eta = 2/L` it flips sign forever;
    above, it grows geometrically.

    Examples
    --------
    >>> critical_learning_rate([[2.0]])  # L(w) = (w - 3)^2 has L'' = 2
    1.0
    """
    lam = _symmetric_eigenvalues(hessian)
    scale = float(np.max(np.abs(lam)))
    if lam[0] < -_SYMMETRY_RTOL * scale:
        msg = f"`hessian` must be positive semi-definite; got the eigenvalue {lam[0]:.6g}"
        raise ValueError(msg)
    if lam[-1] <= 0.0:
        msg = "`hessian` must not be zero: every step size leaves a constant function alone"
        raise ValueError(msg)
    return 2.0 / float(lam[-1])


# ---------------------------------------------------------------------------
# Stochastic gradient descent on least squares
# ---------------------------------------------------------------------------


def minibatch_sgd_linear_regression(
    X: ArrayLike,
    y: ArrayLike,
    *,
    batch_size: int,
    lr: float,
    n_steps: int,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    r"""Mini-batch SGD on the mean squared error of a linear model, from :math:`w = 0`.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features.
    y : array_like, shape (n,)
        Targets.
    batch_size : int
        :math:`B`, from 1 (pure SGD) to ``n`` (full-batch gradient descent).
    lr : float
        The step size, ``>= 0``.
    n_steps : int
        Number of steps, ``>= 0``.
    rng : numpy.random.Generator
        Draws each step's batch: :math:`B` rows without replacement.

    Returns
    -------
    weights : numpy.ndarray, shape (n_steps + 1, d)
        The iterates; row 0 is zero.
    losses : numpy.ndarray, shape (n_steps + 1,)
        The full-data loss :math:`L(w_k)` of each iterate.

    Raises
    ------
    TypeError
        If an argument has the wrong type (``rng`` must be a Generator).
    ValueError
        If ``X``/``y`` are not finite with matching rows, ``batch_size`` is
        outside ``1..n``, ``lr < 0``, ``n_steps < 0``, or the iteration overflows.

    Notes
    -----
    .. math:: L(w) = \frac1n \lVert Xw - y \rVert^2, \qquad
              g_B(w) = \frac2B X_B^\top (X_B w - y_B)

    The batch gradient :math:`g_B` is an unbiased estimate of
    :math:`\nabla L(w)`; its variance shrinks like :math:`1/B`, which is
    the noise floor the loss curves of small batches hover at.

    Examples
    --------
    >>> X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    >>> w, loss = minibatch_sgd_linear_regression(
    ...     X, [1.0, 2.0, 3.0], batch_size=3, lr=0.3, n_steps=200,
    ...     rng=np.random.default_rng(0))
    >>> np.round(w[-1], 6), float(np.round(loss[-1], 12))
    (array([1., 2.]), 0.0)
    """
    X_ = as_matrix(X, "X")
    y_ = as_float_array(y, "y")
    n = X_.shape[0]
    if y_.shape != (n,):
        msg = f"`y` must be a vector with one target per row of `X` ({n}); got shape {y_.shape}"
        raise ValueError(msg)
    B = _integer(batch_size, "batch_size", 1)
    if n < B:
        msg = f"`batch_size` must be at most the number of rows of `X` ({n}); got {B}"
        raise ValueError(msg)
    rows_rng = generator(rng)

    def batch_gradient(w: FloatArray) -> FloatArray:
        rows = rows_rng.choice(n, size=B, replace=False)
        X_B, y_B = X_[rows], y_[rows]  # (B, d), (B,)
        return (2.0 / B) * (X_B.T @ (X_B @ w - y_B))

    w0 = np.zeros(X_.shape[1])
    weights = optimize(GradientDescent([w0], lr), batch_gradient, n_steps)
    residuals = weights @ X_.T - y_  # (n_steps + 1, n)
    losses: FloatArray = np.mean(residuals**2, axis=1)
    return weights, losses


# ---------------------------------------------------------------------------
# Rosenbrock's function, the classic hard test of optimizers
# ---------------------------------------------------------------------------


def _point(x: ArrayLike) -> tuple[float, float]:
    xy = as_float_array(x, "x")
    if xy.shape != (2,):
        msg = f"`x` must be a point of the plane, shape (2,); got shape {xy.shape}"
        raise ValueError(msg)
    return float(xy[0]), float(xy[1])


def rosenbrock(x: ArrayLike, a: float = 1.0, b: float = 100.0) -> float:
    r"""Rosenbrock's banana function of two variables.

    Parameters
    ----------
    x : array_like, shape (2,)
        The point :math:`(x, y)`.
    a : float, optional
        Position of the minimum :math:`(a, a^2)`.
    b : float, optional
        Steepness of the valley walls, ``>= 0``.

    Returns
    -------
    float
        :math:`f(x, y) = (a - x)^2 + b (y - x^2)^2`.

    Raises
    ------
    TypeError
        If an argument is not numeric.
    ValueError
        If ``x`` is not a finite point of the plane, or ``a``/``b`` are not
        finite, or ``b < 0``.

    Notes
    -----
    .. math:: f(x, y) = (a - x)^2 + b\,(y - x^2)^2

    The minimum 0 lies at :math:`(a, a^2)` at the bottom of a curved, flat
    valley: gradient descent finds the valley quickly and then crawls along it.

    References
    ----------
    H. H. Rosenbrock, "An automatic method for finding the greatest or least
    value of a function", *The Computer Journal* 3(3), 1960.

    Examples
    --------
    >>> rosenbrock([1.0, 1.0]), rosenbrock([-1.0, 1.0]), rosenbrock([0.0, 1.0])
    (0.0, 4.0, 101.0)
    """
    px, py = _point(x)
    a_ = real_number(a, "a")
    b_ = _at_least(b, "b", 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        px_, py_ = np.float64(px), np.float64(py)
        value = (a_ - px_) ** 2 + b_ * (py_ - px_**2) ** 2
    return float(_finite_result(value, px, py))


def rosenbrock_gradient(x: ArrayLike, a: float = 1.0, b: float = 100.0) -> FloatArray:
    r"""Gradient of :func:`rosenbrock`.

    Parameters
    ----------
    x : array_like, shape (2,)
        The point :math:`(x, y)`.
    a, b : float, optional
        As :func:`rosenbrock`.

    Returns
    -------
    numpy.ndarray, shape (2,)
        :math:`\nabla f(x, y)`.

    Raises
    ------
    TypeError, ValueError
        As :func:`rosenbrock`.

    Notes
    -----
    .. math:: \nabla f = \begin{pmatrix} -2 (a - x) - 4 b x (y - x^2) \\
              2 b (y - x^2) \end{pmatrix}

    Examples
    --------
    >>> rosenbrock_gradient([1.0, 1.0])  # the minimum
    array([0., 0.])
    >>> rosenbrock_gradient([0.0, 1.0])
    array([ -2., 200.])
    """
    px, py = _point(x)
    a_ = real_number(a, "a")
    b_ = _at_least(b, "b", 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        px_, py_ = np.float64(px), np.float64(py)
        valley = py_ - px_**2
        gradient = np.array([2.0 * (px_ - a_) - 4.0 * b_ * px_ * valley, 2.0 * b_ * valley])
    return np.asarray(_finite_result(gradient, px, py), dtype=np.float64)


def _finite_result(result: Any, px: float, py: float) -> Any:
    """``result``, or an error naming ``x`` if it overflowed float64."""
    if not np.all(np.isfinite(result)):
        msg = f"`x` = ({px!r}, {py!r}) is too large: the Rosenbrock function overflows float64"
        raise ValueError(msg)
    return result


def rosenbrock_grid(x: ArrayLike, y: ArrayLike, a: float = 1.0, b: float = 100.0) -> FloatArray:
    """:func:`rosenbrock` evaluated on arrays of points, e.g. a meshgrid for contours.

    Parameters
    ----------
    x, y : array_like
        Coordinates, of the same shape.
    a, b : float, optional
        As :func:`rosenbrock`.

    Returns
    -------
    numpy.ndarray
        :math:`f(x, y)` element-wise, of the shape of ``x``.

    Raises
    ------
    TypeError
        If an argument is not numeric.
    ValueError
        If ``x`` and ``y`` differ in shape or are not finite, or ``a``/``b``
        are invalid as in :func:`rosenbrock`.

    Examples
    --------
    >>> rosenbrock_grid([1.0, -1.0, 0.0], [1.0, 1.0, 1.0])
    array([  0.,   4., 101.])
    """
    X_ = as_float_array(x, "x")
    Y_ = as_float_array(y, "y")
    if X_.shape != Y_.shape:
        msg = f"`x` and `y` must have the same shape; got {X_.shape} and {Y_.shape}"
        raise ValueError(msg)
    a_ = real_number(a, "a")
    b_ = _at_least(b, "b", 0.0)
    with np.errstate(over="ignore"):
        values: FloatArray = (a_ - X_) ** 2 + b_ * (Y_ - X_**2) ** 2
    if not np.all(np.isfinite(values)):
        msg = "`x` and `y` are too large: f(x, y) overflows float64"
        raise ValueError(msg)
    return values
