"""Hypothesis strategies shared by the test modules.

Magnitudes are bounded on both sides: every entry is either exactly 0 or has
absolute value in ``[SMALLEST, LARGEST]``. The upper bound keeps products of a
few entries far from overflow; the lower bound keeps them far from underflow,
so the properties below test the formulas and not the limits of float64.
(What happens at those limits is tested separately, with explicit inputs.)
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = [
    "FAST",
    "LARGEST",
    "SMALLEST",
    "chained_layers",
    "entries",
    "low_rank_integer_matrices",
    "matrices",
    "matrix_pairs",
    "matrix_triples",
    "nonzero_vectors",
    "vector_pairs",
    "vectors",
    "well_conditioned_2x2",
]

#: Largest absolute value of a generated entry.
LARGEST = 1e3
#: Smallest absolute value of a non-zero generated entry.
SMALLEST = 1e-3
#: Largest vector length / matrix dimension the strategies generate.
MAX_DIM = 6

#: Settings for every property test: small, fast, no example database on disk
#: (the tests must not write into the repository).
FAST = settings(
    max_examples=60,
    deadline=None,
    database=None,
    # the same examples on every run: a green suite stays green (reproducible
    # CI). To hunt for new counterexamples, turn it off locally and raise max_examples.
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

_magnitudes = st.floats(SMALLEST, LARGEST, allow_nan=False, allow_infinity=False)


def entries() -> st.SearchStrategy[float]:
    """0.0, or a float with absolute value in ``[SMALLEST, LARGEST]``."""
    return st.one_of(st.just(0.0), _magnitudes, _magnitudes.map(lambda x: -x))


def vectors(n: int | st.SearchStrategy[int] | None = None) -> st.SearchStrategy[np.ndarray]:
    """Finite float64 vectors of bounded magnitude; length ``n`` or 1..MAX_DIM."""
    shape = st.integers(1, MAX_DIM) if n is None else n
    return hnp.arrays(np.float64, shape, elements=entries())


def nonzero_vectors(n: int | None = None) -> st.SearchStrategy[np.ndarray]:
    """Like :func:`vectors`, but never the zero vector."""
    return vectors(n).filter(lambda v: bool(np.any(v != 0.0)))


def vector_pairs(*, nonzero: bool = False) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    """Two vectors of the same (random) length."""
    make = nonzero_vectors if nonzero else vectors
    return st.integers(1, MAX_DIM).flatmap(lambda n: st.tuples(make(n), make(n)))


def matrices(
    rows: int | st.SearchStrategy[int] | None = None,
    cols: int | st.SearchStrategy[int] | None = None,
) -> st.SearchStrategy[np.ndarray]:
    """Finite float64 matrices of bounded magnitude with the given (or random) shape."""
    dims = st.integers(1, MAX_DIM)
    r = dims if rows is None else rows
    c = dims if cols is None else cols
    return hnp.arrays(np.float64, st.tuples(_as_strategy(r), _as_strategy(c)), elements=entries())


def _as_strategy(x: int | st.SearchStrategy[int]) -> st.SearchStrategy[int]:
    return st.just(x) if isinstance(x, int) else x


@st.composite
def matrix_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """``(A, B)`` with shapes ``(m, k)`` and ``(k, n)``: the product ``AB`` exists."""
    m, k, n = (draw(st.integers(1, MAX_DIM)) for _ in range(3))
    return draw(matrices(m, k)), draw(matrices(k, n))


@st.composite
def matrix_triples(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(A, B, C)`` with shapes ``(m, k)``, ``(k, p)``, ``(p, n)``."""
    m, k, p, n = (draw(st.integers(1, MAX_DIM)) for _ in range(4))
    return draw(matrices(m, k)), draw(matrices(k, p)), draw(matrices(p, n))


@st.composite
def chained_layers(
    draw: st.DrawFn, max_layers: int = 4
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Weights ``W_l`` of shape ``(n_l, n_{l-1})`` and biases ``b_l`` of length ``n_l``."""
    depth = draw(st.integers(1, max_layers))
    sizes = [draw(st.integers(1, MAX_DIM)) for _ in range(depth + 1)]
    weights = [draw(matrices(sizes[i + 1], sizes[i])) for i in range(depth)]
    biases = [draw(vectors(sizes[i + 1])) for i in range(depth)]
    return weights, biases


def well_conditioned_2x2(min_det_ratio: float = 1e-3) -> st.SearchStrategy[np.ndarray]:
    """2x2 matrices with ``|det A| >= min_det_ratio * ||A||_F**2``.

    For a 2x2 matrix the 2-norm condition number is at most ``||A||_F**2 / |det A|``
    (since ``sigma_1 * sigma_2 = |det A|`` and ``sigma_1 <= ||A||_F``), so the
    default keeps ``cond(A) <= 1e3``.
    """

    def ok(A: np.ndarray) -> bool:
        det = A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
        return bool(abs(det) >= min_det_ratio * float(np.sum(A * A)) > 0.0)

    return matrices(2, 2).filter(ok)


@st.composite
def low_rank_integer_matrices(
    draw: st.DrawFn, max_dim: int = MAX_DIM, max_rank: int = 4, max_entry: int = 3
) -> np.ndarray:
    """``U @ V`` for small random integer ``U`` (m×r) and ``V`` (r×n), as float64.

    The rank is at most ``r`` and usually less than ``min(m, n)``; every entry is a
    small integer, exactly representable, so the exact rank is well defined and
    any rank-revealing method with a sensible tolerance must find it.
    """
    m = draw(st.integers(1, max_dim))
    n = draw(st.integers(1, max_dim))
    r = draw(st.integers(1, max_rank))
    small = st.integers(-max_entry, max_entry)
    U: np.ndarray = draw(hnp.arrays(np.int64, (m, r), elements=small))
    V: np.ndarray = draw(hnp.arrays(np.int64, (r, n), elements=small))
    product: np.ndarray = (U @ V).astype(np.float64)
    return product
