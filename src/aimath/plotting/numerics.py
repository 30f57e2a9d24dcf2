"""Figures of chapter 15, floating point and numerical stability.

Each function returns its :class:`~matplotlib.figure.Figure`; the tests in
``tests/test_numerics.py`` check that what it draws satisfies the mathematics.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from aimath._typing import ArrayLike
from aimath._validation import as_float_array, as_matrix, as_vector, finite_scalar
from aimath.numerics import (
    FORMATS,
    dequantize,
    float_anatomy,
    format_info,
    jacobian_product_norms,
    kahan_sum,
    matrix_with_spectral_radius,
    naive_sum,
    quantize,
)
from aimath.plotting import COLORS

__all__ = [
    "plot_float_layouts",
    "plot_jacobian_norms",
    "plot_quantization_errors",
    "plot_summation_errors",
]

#: Colours of the three fields of a float.
FIELD_COLORS: dict[str, str] = {
    "sign": COLORS["vermillion"],
    "exponent": COLORS["sky"],
    "mantissa": COLORS["green"],
}


def plot_float_layouts(x: float = 0.1, fmts: Sequence[str] = ("fp32", "fp16", "bf16")) -> Figure:
    """Draw the bit layout of several float formats, filled with the bits of ``x``.

    Parameters
    ----------
    x : float, optional
        A finite number whose stored bits are written in the cells.
    fmts : sequence of str, optional
        Format names (see :data:`aimath.numerics.FORMATS`), one row each,
        drawn from the top. FP64 is too wide to read and is not accepted.

    Returns
    -------
    Figure
        One row of cells per format (sign, exponent and mantissa coloured), the
        bits of ``x`` in the cells, the format and field widths on the left and
        the decoded value on the right.

    Raises
    ------
    TypeError
        If ``x`` is not a real number or a format name is not a string.
    ValueError
        If ``x`` is not finite, ``fmts`` is empty or names an unknown format or FP64.

    Examples
    --------
    >>> fig = plot_float_layouts(0.1, ["fp16"])
    >>> len(fig.axes[0].patches)
    16
    >>> plt.close(fig)
    """
    value = finite_scalar(x, "x")
    if isinstance(fmts, str) or len(fmts) == 0:
        msg = "`fmts` must be a non-empty sequence of format names; got " + repr(fmts)
        raise ValueError(msg)
    allowed = tuple(f for f in FORMATS if f != "fp64")
    for fmt in fmts:
        entry: object = fmt  # checked at run time
        if not isinstance(entry, str):
            msg = f"`fmts` must hold format names (str); got {type(fmt).__name__}"
            raise TypeError(msg)
        if fmt not in allowed:
            msg = f"`fmts` entries must be in {list(allowed)}; got {fmt!r}"
            raise ValueError(msg)
    rows = len(fmts)
    fig, ax = plt.subplots(figsize=(9.6, 0.95 * rows + 0.9), layout="constrained")
    for row, fmt in enumerate(fmts):
        y = rows - 1 - row
        anatomy = float_anatomy(value, fmt)
        info = format_info(fmt)
        fields = ["sign"] + ["exponent"] * info.exponent_bits + ["mantissa"] * info.mantissa_bits
        for i, (bit, field) in enumerate(zip(anatomy.bits, fields, strict=True)):
            ax.add_patch(
                Rectangle(
                    (i, y + 0.1),
                    1.0,
                    0.8,
                    facecolor=FIELD_COLORS[field],
                    edgecolor="white",
                    linewidth=1.0,
                    alpha=0.85,
                )
            )
            ax.text(i + 0.5, y + 0.5, bit, ha="center", va="center", fontsize=9, color="black")
        label = f"{fmt.upper()}\n1 + {info.exponent_bits} + {info.mantissa_bits}"
        ax.text(-0.6, y + 0.5, label, ha="right", va="center", fontsize=10, color="#222222")
        ax.text(
            info.bits + 0.6,
            y + 0.5,
            f"= {anatomy.value!r}",
            ha="left",
            va="center",
            fontsize=10,
            color="#222222",
        )
    ax.set_xlim(-5.0, 45.0)
    ax.set_ylim(-0.1, rows + 0.1)
    ax.set_axis_off()
    ax.set_title(f"the bits of x = {value!r}: sign, exponent, mantissa")
    ax.legend(
        handles=[Patch(facecolor=c, alpha=0.85, label=f) for f, c in FIELD_COLORS.items()],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=3,
    )
    return fig


def _powers_of_two_up_to(n: int) -> list[int]:
    return [2**k for k in range(1, int(math.log2(n)) + 1)]


def plot_summation_errors(x: ArrayLike, dtype: str = "fp32") -> Figure:
    """Relative error of naive, pairwise and Kahan summation against the number of terms.

    Parameters
    ----------
    x : array_like, shape (n, k)
        ``k`` independent columns of ``n`` summands; the errors of the ``k``
        columns are averaged. The prefixes of length 2, 4, 8, ... are summed.
    dtype : {"fp32", "fp16"}, optional
        The working precision (the reference is an exact sum of the rounded
        summands).

    Returns
    -------
    Figure
        Log-log axes with the mean relative error
        :math:`|\\hat s - s| / \\sum |x_i|` of each method, the first-order
        bound :math:`(n-1)u` of naive summation and the bound :math:`2u` of
        Kahan summation.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers or ``dtype`` is not a string.
    ValueError
        If ``x`` is not a finite 2-D array with at least 2 rows, or ``dtype``
        is not "fp32" or "fp16".

    Examples
    --------
    >>> fig = plot_summation_errors(np.random.default_rng(0).random((64, 2)))
    >>> [line.get_label() for line in fig.axes[0].lines][:3]
    ['naive (left to right)', 'pairwise (np.sum)', 'Kahan']
    >>> plt.close(fig)
    """
    X = as_matrix(x, "x")
    if X.shape[0] < 2:
        msg = f"`x` must have at least 2 rows (summands); got {X.shape[0]}"
        raise ValueError(msg)
    if dtype not in ("fp32", "fp16"):
        given: object = dtype  # checked at run time
        if not isinstance(given, str):
            msg = f"`dtype` must be a string; got {type(dtype).__name__}"
            raise TypeError(msg)
        msg = f"`dtype` must be 'fp32' or 'fp16'; got {dtype!r}"
        raise ValueError(msg)
    working = np.float32 if dtype == "fp32" else np.float16
    with np.errstate(over="ignore"):
        rounded = X.astype(working)
    if not np.all(np.isfinite(rounded)):
        msg = f"`x` must fit in {dtype}: some entries overflow to inf"
        raise ValueError(msg)
    exact_terms = rounded.astype(np.float64)
    u = format_info(dtype).unit_roundoff
    ns = _powers_of_two_up_to(X.shape[0])
    errors: dict[str, list[float]] = {"naive": [], "pairwise": [], "kahan": []}
    for n in ns:
        prefix = exact_terms[:n]
        exact = np.array([math.fsum(col) for col in prefix.T])  # correctly rounded float64
        size = np.abs(prefix).sum(axis=0)
        size[size == 0.0] = 1.0
        with np.errstate(over="ignore"):
            # np.sum is pairwise only along a contiguous axis: sum each column as a row
            columns = np.ascontiguousarray(rounded[:n].T)
            pairwise = columns.sum(axis=1, dtype=working).astype(np.float64)
        sums = {
            "naive": naive_sum(prefix, dtype),
            "pairwise": pairwise,
            "kahan": kahan_sum(prefix, dtype),
        }
        for key, s in sums.items():
            errors[key].append(float(np.mean(np.abs(s - exact) / size)))
    fig, ax = plt.subplots(layout="constrained")
    labels = {"naive": "naive (left to right)", "pairwise": "pairwise (np.sum)", "kahan": "Kahan"}
    colors = {"naive": COLORS["vermillion"], "pairwise": COLORS["orange"], "kahan": COLORS["blue"]}
    for key in ("naive", "pairwise", "kahan"):
        # an exact sum has error 0, which a log axis cannot show: mark it at u / 100
        shown = np.maximum(errors[key], u / 100)
        ax.plot(ns, shown, marker="o", ms=4, color=colors[key], label=labels[key])
    n_arr = np.asarray(ns, dtype=np.float64)
    ax.plot(ns, (n_arr - 1) * u, color="0.4", ls="--", lw=1.2, label="bound $(n-1)u$ (naive)")
    ax.plot(ns, np.full(len(ns), 2 * u), color="0.4", ls=":", lw=1.5, label="bound $2u$ (Kahan)")
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="number of terms $n$",
        ylabel=r"relative error $|\hat s - s| / \sum|x_i|$",
        title=f"summing in {dtype.upper()}",
    )
    ax.set_xscale("log", base=2)
    ax.legend(loc="upper left", fontsize=9)
    return fig


def plot_quantization_errors(x: ArrayLike, bits: ArrayLike = tuple(range(2, 13))) -> Figure:
    """Quantization error of ``x`` against the bit width, with the bound ``scale / 2``.

    Parameters
    ----------
    x : array_like
        Finite numbers to quantize (e.g. a weight matrix), not all zero.
    bits : array_like of int, optional
        Bit widths, each in [2, 16].

    Returns
    -------
    Figure
        Log-scale axes with the largest and the root-mean-square error of
        :func:`aimath.numerics.quantize` then :func:`aimath.numerics.dequantize`,
        and the bound ``scale / 2``, against the bit width.

    Raises
    ------
    TypeError
        If ``x`` is not array-like of real numbers or a bit width is not an integer.
    ValueError
        If ``x`` is empty, not finite or all zero, or ``bits`` is empty,
        not 1-D or holds a non-integer or a width outside [2, 16].

    Examples
    --------
    >>> fig = plot_quantization_errors([0.5, -1.0, 0.25], bits=[2, 4, 8])
    >>> fig.axes[0].get_xlabel()
    'bits $b$'
    >>> plt.close(fig)
    """
    X = as_float_array(x, "x")
    if not np.any(X != 0.0):
        msg = "`x` must not be all zero: its quantization error is trivially 0"
        raise ValueError(msg)
    widths_in = as_vector(bits, "bits")
    if np.any(widths_in != np.rint(widths_in)):
        msg = "`bits` must hold integers (bit widths); got non-integer values"
        raise ValueError(msg)
    widths, max_err, rms_err, bound = [], [], [], []
    for b in widths_in:
        qt = quantize(X, int(b))  # validates the range of b
        err = np.abs(dequantize(qt.q, qt.scale) - X)
        widths.append(qt.bits)
        max_err.append(float(err.max()))
        rms_err.append(float(np.sqrt(np.mean(err**2))))
        bound.append(qt.scale / 2)
    fig, ax = plt.subplots(layout="constrained")
    ax.plot(widths, max_err, marker="o", color=COLORS["vermillion"], label="largest error")
    ax.plot(widths, rms_err, marker="s", color=COLORS["blue"], label="root-mean-square error")
    # the bound is drawn last, on top: the largest error sits just under it
    ax.plot(widths, bound, color="black", ls="--", lw=1.2, label="bound: scale / 2", zorder=3)
    ax.set(
        yscale="log",
        xlabel="bits $b$",
        ylabel=r"$|x - \hat x|$",
        title="symmetric quantization: error halves with every extra bit",
    )
    ax.legend(loc="upper right")
    return fig


def plot_jacobian_norms(
    radii: ArrayLike = (0.9, 1.0, 1.1), depth: int = 60, n: int = 16, seed: int = 0
) -> Figure:
    """Norms of powers of a random matrix with each spectral radius, against depth.

    Parameters
    ----------
    radii : array_like of float, optional
        Spectral radii, each positive.
    depth : int, optional
        Number of layers (powers), 4 to 10000.
    n : int, optional
        Matrix size.
    seed : int, optional
        Seed of the random matrices (one generator, matrices drawn in turn).

    Returns
    -------
    Figure
        Log-scale axes: :math:`\\lVert W^k \\rVert_2` for each radius (solid,
        from :func:`aimath.numerics.jacobian_product_norms`) and
        :math:`\\rho^k` (dotted), against the depth :math:`k`.

    Raises
    ------
    TypeError
        If ``radii`` is not array-like of real numbers, or ``depth``, ``n`` or
        ``seed`` is not an integer.
    ValueError
        If ``radii`` is empty or not 1-D, a radius is not finite and positive,
        or ``depth`` or ``n`` is out of range.

    Examples
    --------
    >>> fig = plot_jacobian_norms([0.5, 2.0], depth=10, n=4)
    >>> len(fig.axes[0].get_legend().get_texts())  # one entry per radius
    2
    >>> plt.close(fig)
    """
    rho_values = as_vector(radii, "radii")
    if np.any(rho_values <= 0.0):
        msg = f"`radii` must be positive spectral radii; got {rho_values.tolist()}"
        raise ValueError(msg)
    for name, value, low, high in (("depth", depth, 4, 10000), ("seed", seed, 0, 2**63 - 1)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            msg = f"`{name}` must be an integer; got {type(value).__name__}"
            raise TypeError(msg)
        if not low <= value <= high:
            msg = f"`{name}` must be in [{low}, {high}]; got {value}"
            raise ValueError(msg)
    rng = np.random.default_rng(seed)
    k = np.arange(1, depth + 1)
    palette = [COLORS["blue"], COLORS["green"], COLORS["vermillion"], COLORS["purple"]]
    fig, ax = plt.subplots(layout="constrained")
    for i, rho in enumerate(rho_values.tolist()):
        W = matrix_with_spectral_radius(rho, n, rng)  # validates rho and n
        norms = jacobian_product_norms(np.broadcast_to(W, (depth, n, n)))
        color = palette[i % len(palette)]
        ax.plot(k, norms, color=color, label=rf"$\rho = {float(rho):g}$")
        ax.plot(k, float(rho) ** k.astype(np.float64), color=color, ls=":", lw=1.3)
    ax.axhline(1.0, color="0.4", lw=0.8)
    ax.set(
        yscale="log",
        xlabel="depth $k$ (number of Jacobians multiplied)",
        ylabel=r"$\|W^k\|_2$ (solid), $\rho^k$ (dotted)",
        title="repeated Jacobians: vanishing, steady, exploding",
    )
    ax.legend(loc="upper left")
    return fig
