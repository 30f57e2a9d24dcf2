"""Figures of chapter 2, matrix decompositions.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_decomposition.py`` check that what it draws satisfies the
mathematics (bounds hold, arrows are the principal axes, curves are the tail
singular values).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aimath._typing import ArrayLike
from aimath._validation import as_matrix, finite_scalar
from aimath.decomposition import (
    PCAResult,
    low_rank_errors,
    power_iteration_path,
    truncated_svd,
)
from aimath.plotting import COLORS, draw_arrow

__all__ = [
    "plot_low_rank_spectra",
    "plot_pca",
    "plot_power_iteration",
    "plot_svd_geometry",
]

#: Lowest value shown on log axes: float64 rounding lives around 1e-16.
LOG_FLOOR = 1e-17


def plot_power_iteration(A: ArrayLike, n_iter: int = 60, *, seed: int = 0) -> Figure:
    r"""Error of power iteration against the iteration number, with the predicted rates.

    Parameters
    ----------
    A : array_like, shape (n, n)
        A symmetric matrix with a strictly dominant eigenvalue,
        :math:`|\lambda_1| > |\lambda_2| \ge \dots`.
    n_iter : int, optional
        Number of iterations drawn.
    seed : int, optional
        Seed of the Gaussian start vector (as in
        :func:`aimath.decomposition.power_iteration`).

    Returns
    -------
    Figure
        One log-scale panel with two measured errors and their bounds, where
        :math:`\rho = |\lambda_2/\lambda_1|` and :math:`\theta_0` is the angle
        between the start vector and the eigenvector :math:`x_1`:

        * the eigenvector error :math:`\lVert v_k - (x_1^\top v_k) x_1\rVert = \sin\theta_k`
          and its bound :math:`\tan\theta_0\,\rho^k`;
        * the eigenvalue error :math:`|v_k^\top A v_k - \lambda_1|` and its bound
          :math:`\max_i |\lambda_1 - \lambda_i| \tan^2\theta_0\,\rho^{2k}`.

        The reference eigenpair comes from ``numpy.linalg.eigh``; errors that
        are exactly zero are not drawn, and the axis stops at ``LOG_FLOOR``.

    Raises
    ------
    ValueError
        If ``A`` is not symmetric or has no strictly dominant eigenvalue,
        ``n_iter`` is below 1 or ``seed`` is negative.
    TypeError
        If ``n_iter`` or ``seed`` is not an integer.

    Examples
    --------
    >>> fig = plot_power_iteration([[2.0, 1.0], [1.0, 2.0]], n_iter=10)
    >>> fig.axes[0].get_yscale()
    'log'
    >>> plt.close(fig)
    """
    A_ = as_matrix(A, "A", square=True)
    if not np.allclose(A_, A_.T, rtol=1e-12, atol=0.0):
        msg = "`A` must be symmetric for the eigenvector bounds drawn here"
        raise ValueError(msg)
    eigenvalues, X = np.linalg.eigh(A_)
    order = np.argsort(-np.abs(eigenvalues), kind="stable")
    eigenvalues, X = eigenvalues[order], X[:, order]
    if eigenvalues.size < 2 or abs(eigenvalues[1]) >= abs(eigenvalues[0]):
        msg = (
            f"`A` must have a strictly dominant eigenvalue; got |eigenvalues| {np.abs(eigenvalues)}"
        )
        raise ValueError(msg)
    lam1, x1 = float(eigenvalues[0]), X[:, 0]
    rho = abs(eigenvalues[1] / eigenvalues[0])
    lams, vs = power_iteration_path(A_, n_iter, seed=seed)
    k = np.arange(lams.size)
    vec_err = np.linalg.norm(vs - np.outer(vs @ x1, x1), axis=1)  # sin(theta_k), no cancellation
    val_err = np.abs(lams - lam1)
    cos0 = abs(float(vs[0] @ x1))
    tan0 = vec_err[0] / cos0
    spread = float(np.max(np.abs(lam1 - eigenvalues)))
    vec_bound = tan0 * rho**k
    val_bound = spread * tan0**2 * rho ** (2 * k)

    fig, ax = plt.subplots(layout="constrained")
    shown = [(vec_err, vec_bound, COLORS["blue"], "eigenvector error $\\sin\\theta_k$",
              "bound $\\tan\\theta_0\\,\\rho^k$"),
             (val_err, val_bound, COLORS["vermillion"],
              "eigenvalue error $|\\lambda^{(k)} - \\lambda_1|$",
              "bound $\\propto \\rho^{2k}$")]  # fmt: skip
    for err, bound, color, label, bound_label in shown:
        ax.plot(k, np.where(err > 0.0, err, np.nan), color=color, marker="o", ms=3, label=label)
        ax.plot(k, bound, color=color, ls="--", lw=1.5, label=bound_label)
    ax.set_yscale("log")
    measured = np.concatenate([vec_err, val_err])
    measured = measured[measured > 0.0]
    # from just below the smallest error drawn (never below rounding level) to
    # just above the largest: the bounds may start higher and are clipped
    ax.set_ylim(max(LOG_FLOOR, 0.1 * float(measured.min())), 30.0 * float(measured.max()))
    ax.set(
        xlabel="iteration $k$",
        ylabel="error (log scale)",
        title=f"power iteration, $\\rho = |\\lambda_2/\\lambda_1| = {rho:.3g}$",
    )
    ax.legend(loc="lower left", fontsize=9)
    return fig


def plot_pca(X: ArrayLike, result: PCAResult, *, n_std: float = 2.0) -> Figure:
    r"""Scatter 2-D data with its principal axes drawn as arrows from the mean.

    Parameters
    ----------
    X : array_like, shape (n, 2)
        The data.
    result : PCAResult
        A PCA of ``X`` with two components, from :func:`aimath.decomposition.pca`.
    n_std : float, optional
        Arrow ``j`` has length ``n_std`` times the standard deviation
        :math:`\sqrt{\lambda_j}` along component ``j``.

    Returns
    -------
    Figure
        One panel (equal axes): the points, and for each component an arrow
        from the mean to ``mean + n_std * sqrt(explained_variance[j]) *
        components[j]``, labelled with its share of the variance.

    Raises
    ------
    ValueError
        If ``X`` is not an (n, 2) matrix, ``result`` does not have two
        components in 2-D, or ``n_std`` is not positive.
    TypeError
        If ``result`` is not a :class:`~aimath.decomposition.PCAResult`.

    Examples
    --------
    >>> from aimath.decomposition import pca
    >>> X = [[0.0, 0.0], [2.0, 1.0], [4.0, 2.5], [6.0, 2.5]]
    >>> fig = plot_pca(X, pca(X))
    >>> fig.axes[0].get_xlabel()
    '$x_1$'
    >>> plt.close(fig)
    """
    X_ = as_matrix(X, "X")
    if X_.shape[1] != 2:
        msg = f"`X` must have 2 columns; got shape {X_.shape}"
        raise ValueError(msg)
    given: object = result  # checked at run time as well as by the type checker
    if not isinstance(given, PCAResult):
        msg = f"`result` must be a PCAResult; got {type(given).__name__}"
        raise TypeError(msg)
    if result.components.shape != (2, 2):
        msg = f"`result` must hold 2 components in 2-D; got {result.components.shape}"
        raise ValueError(msg)
    n_std_ = finite_scalar(n_std, "n_std")
    if n_std_ <= 0.0:
        msg = f"`n_std` must be positive; got {n_std_!r}"
        raise ValueError(msg)
    fig, ax = plt.subplots(figsize=(6.0, 5.0), layout="constrained")
    ax.scatter(X_[:, 0], X_[:, 1], s=12, color=COLORS["sky"], alpha=0.6, label="data")
    tips = []
    for j, color in enumerate([COLORS["vermillion"], COLORS["blue"]]):
        tip = result.mean + n_std_ * np.sqrt(result.explained_variance[j]) * result.components[j]
        tips.append(tip)
        share = 100.0 * result.explained_variance_ratio[j]
        draw_arrow(ax, result.mean, tip, color)
        # the arrow itself is an annotation; a proxy line carries its legend entry
        ax.plot([], [], color=color, label=f"PC{j + 1}: {share:.1f}% of the variance")
    ax.plot(*result.mean, "o", color="black", ms=5, label="mean")
    points = np.vstack([X_, *tips])
    pad = 0.15 * float(np.max(np.ptp(points, axis=0)))
    low, high = points.min(axis=0) - pad, points.max(axis=0) + pad
    ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), aspect="equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper left")
    return fig


def plot_low_rank_spectra(
    matrices: Mapping[str, ArrayLike], *, mark_rank: int | None = None
) -> Figure:
    r"""Singular-value spectra and best rank-r errors of several matrices, side by side.

    Parameters
    ----------
    matrices : mapping of str to array_like
        Named matrices (e.g. a random Gaussian matrix and one with a decaying
        spectrum); at most seven.
    mark_rank : int, optional
        A rank to mark with a vertical line on both panels (e.g. a LoRA rank).

    Returns
    -------
    Figure
        Left: :math:`\sigma_i / \sigma_1` against :math:`i` (log scale).
        Right: the relative Frobenius error
        :math:`\lVert A - A_r\rVert_F / \lVert A\rVert_F` of the best rank-:math:`r`
        approximation against :math:`r`, which by Eckart–Young is
        :math:`\sqrt{\sum_{i>r}\sigma_i^2 / \sum_i \sigma_i^2}`.

    Raises
    ------
    ValueError
        If ``matrices`` is empty or too long, a matrix is invalid or zero, or
        ``mark_rank`` is below 1.
    TypeError
        If ``mark_rank`` is neither None nor an integer.

    Examples
    --------
    >>> fig = plot_low_rank_spectra({"diag": [[3.0, 0.0], [0.0, 1.0]]}, mark_rank=1)
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['index $i$', 'rank $r$']
    >>> plt.close(fig)
    """
    palette = [c for name, c in COLORS.items() if name != "grey"]
    if not 1 <= len(matrices) <= len(palette):
        msg = f"`matrices` must hold 1 to {len(palette)} matrices; got {len(matrices)}"
        raise ValueError(msg)
    if mark_rank is not None:
        given: object = mark_rank  # checked at run time: 2.0 or NaN would draw a line anyway
        if isinstance(given, (bool, np.bool_)) or not isinstance(given, numbers.Integral):
            msg = f"`mark_rank` must be an integer or None; got {type(given).__name__}"
            raise TypeError(msg)
        if given < 1:
            msg = f"`mark_rank` must be at least 1; got {int(given)}"
            raise ValueError(msg)
        mark_rank = int(given)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 4.0), layout="constrained")
    for (name, M), color in zip(matrices.items(), palette, strict=False):
        M_ = as_matrix(M, f"matrices[{name!r}]")
        s = np.linalg.svd(M_, compute_uv=False)
        if s[0] == 0.0:
            msg = f"`matrices[{name!r}]` is the zero matrix: it has no spectrum to draw"
            raise ValueError(msg)
        errors = low_rank_errors(M_, "fro", relative=True)
        index = np.arange(1, s.size + 1)
        left.plot(index, s / s[0], color=color, label=name)
        right.plot(np.arange(errors.size), errors, color=color, label=name)
    left.set_yscale("log")
    left.set(xlabel="index $i$", ylabel="$\\sigma_i / \\sigma_1$ (log scale)",
             title="singular values")  # fmt: skip
    right.set(
        xlabel="rank $r$",
        ylabel="$\\|A - A_r\\|_F \\,/\\, \\|A\\|_F$",
        title="best rank-$r$ error",
        ylim=(0.0, 1.05),
    )
    if mark_rank is not None:
        for ax in (left, right):
            ax.axvline(mark_rank, color=COLORS["grey"], ls=":", lw=1.5, label=f"$r = {mark_rank}$")
    right.legend(loc="upper right")
    return fig


def plot_svd_geometry(A: ArrayLike) -> Figure:
    r"""The unit circle and its image under a 2×2 matrix: an ellipse with axes :math:`\sigma_i u_i`.

    Parameters
    ----------
    A : array_like, shape (2, 2)
        The map.

    Returns
    -------
    Figure
        Left: the unit circle with the right singular vectors :math:`v_1, v_2`.
        Right: its image, an ellipse, with the arrows :math:`A v_i = \sigma_i u_i`,
        its semi-axes. The ratio of their lengths is the condition number.

    Raises
    ------
    ValueError
        If ``A`` is not a finite 2×2 matrix.

    Examples
    --------
    >>> fig = plot_svd_geometry([[2.0, 1.0], [0.0, 1.0]])
    >>> [ax.get_title() for ax in fig.axes]
    ['unit circle and $v_1, v_2$', 'image under $A$ and $\\sigma_i u_i$']
    >>> plt.close(fig)
    """
    A_ = as_matrix(A, "A", square=True)
    if A_.shape != (2, 2):
        msg = f"`A` must be 2x2; got shape {A_.shape}"
        raise ValueError(msg)
    U, s, Vt = truncated_svd(A_, 2)
    t = np.linspace(0.0, 2.0 * np.pi, 201)
    circle = np.column_stack([np.cos(t), np.sin(t)])  # (201, 2)
    ellipse = circle @ A_.T  # each point mapped by A
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.0, 4.0), layout="constrained")
    left.plot(circle[:, 0], circle[:, 1], color=COLORS["grey"])
    right.plot(ellipse[:, 0], ellipse[:, 1], color=COLORS["grey"])
    origin = np.zeros(2)
    for i, color in enumerate([COLORS["vermillion"], COLORS["blue"]]):
        draw_arrow(left, origin, Vt[i], color, label=f"$v_{i + 1}$")
        draw_arrow(right, origin, s[i] * U[:, i], color, label=f"$\\sigma_{i + 1} u_{i + 1}$")
    reach_left = 1.4
    reach_right = 1.25 * max(float(s[0]), 1e-12) + 0.3
    for ax, reach, title in [
        (left, reach_left, "unit circle and $v_1, v_2$"),
        (right, reach_right, "image under $A$ and $\\sigma_i u_i$"),
    ]:
        ax.set(xlim=(-reach, reach), ylim=(-reach, reach), aspect="equal", title=title)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
    return fig
