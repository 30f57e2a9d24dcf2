"""Tests for aimath.decomposition (chapter 2): references, properties, oracles, errors, figures.

Tolerances. Everything here is float64 linear algebra on small matrices
(at most 6x6 from ``tests/strategies.py``, entries 0 or of magnitude in
[1e-3, 1e3]). A backward-stable factorisation (SVD, eigh, Householder QR, LU
with partial pivoting) returns factors that reproduce ``A`` to about
``c * n * eps * ||A||`` with small ``c`` (Golub & Van Loan §2.7, Higham ch. 9,
19); ``eps = 2.2e-16``, so ``n * eps ~ 1.3e-15``. The tests compare against
``TOL * ||A||`` with ``TOL = 1e-12``: roughly 1000x the rounding error, far
below any algorithmic mistake (which is O(1) of ``||A||``). Quantities that
are *not* backward stable (eigenvectors, orthogonality of Gram–Schmidt)
depend on gaps and conditioning; their tolerances are derived where used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.linalg
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.decomposition import PCA
from strategies import FAST, MAX_DIM, matrices

from aimath.decomposition import (
    PCAResult,
    condition_number,
    eig_sym,
    gram_schmidt,
    lora_parameter_counts,
    low_rank_approx,
    low_rank_error,
    low_rank_errors,
    lu,
    lu_solve,
    pca,
    pca_reconstruct,
    pca_transform,
    power_iteration,
    power_iteration_path,
    truncated_svd,
)
from aimath.plotting.decomposition import (
    plot_low_rank_spectra,
    plot_pca,
    plot_power_iteration,
    plot_svd_geometry,
)

#: Relative-to-||A|| tolerance of backward-stable results (see module docstring).
TOL = 1e-12


def fro(A: np.ndarray) -> float:
    return float(np.linalg.norm(A))


def random_orthogonal(n: int, seed: int) -> np.ndarray:
    """A random orthogonal matrix (Householder QR of a Gaussian matrix, numpy)."""
    Q, R = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    return Q * np.sign(np.diag(R))


def flip_like_library(V: np.ndarray) -> np.ndarray:
    """Flip rows of V so the largest-|.| entry is positive (independent of aimath)."""
    out = V.copy()
    for i, row in enumerate(V):
        if row[np.argmax(np.abs(row))] < 0:
            out[i] = -row
    return out


# ---------------------------------------------------------------------------
# Hypothesis strategies used only here
# ---------------------------------------------------------------------------


@st.composite
def symmetric_matrices(draw: st.DrawFn) -> np.ndarray:
    """(M + M^T) / 2 for M from the shared strategy: symmetric, bounded entries."""
    n = draw(st.integers(1, MAX_DIM))
    M = draw(matrices(n, n))
    sym: np.ndarray = (M + M.T) / 2.0
    return sym


@st.composite
def data_matrices(draw: st.DrawFn) -> np.ndarray:
    """(n, d) data with n >= 2 rows and non-zero total variance."""
    n = draw(st.integers(2, MAX_DIM + 2))
    d = draw(st.integers(1, MAX_DIM))
    X: np.ndarray = draw(matrices(n, d))
    assume(float(np.sum((X - X.mean(axis=0)) ** 2)) > 0.0)
    return X


@st.composite
def dominant_spectrum_matrices(draw: st.DrawFn) -> tuple[np.ndarray, float, np.ndarray]:
    """Q diag(lam) Q^T with |lam_2 / lam_1| <= 0.7: (A, lam_1, x_1)."""
    n = draw(st.integers(2, MAX_DIM))
    lam1 = draw(st.floats(1.0, 10.0)) * draw(st.sampled_from([1.0, -1.0]))
    rho = draw(st.floats(0.05, 0.7))
    rest = draw(
        st.lists(st.floats(-1.0, 1.0), min_size=n - 1, max_size=n - 1).map(
            lambda xs: [abs(lam1) * rho * x for x in xs]
        )
    )
    rest[0] = abs(lam1) * rho  # the second eigenvalue sets the rate
    Q = random_orthogonal(n, draw(st.integers(0, 2**16)))
    A: np.ndarray = (Q * np.array([lam1, *rest])) @ Q.T
    return (A + A.T) / 2.0, lam1, Q[:, 0]


@st.composite
def well_conditioned_tall(draw: st.DrawFn, square: bool = False) -> np.ndarray:
    """(m, n), m >= n (m == n if ``square``), with condition number at most 1e4."""
    n = draw(st.integers(1, MAX_DIM))
    m = n if square else draw(st.integers(n, MAX_DIM))
    A: np.ndarray = draw(matrices(m, n))
    s = np.linalg.svd(A, compute_uv=False)
    assume(s[-1] > 0.0 and s[0] / s[-1] <= 1e4)
    return A


# ---------------------------------------------------------------------------
# 1. Reference values (provenance in the comments)
# ---------------------------------------------------------------------------


def test_book_eigenvalues_by_sympy() -> None:
    # sympy exact: det(A - t I) of the book's matrices and its roots
    t = sympy.symbols("t")
    for M, roots in [([[4, 2], [1, 3]], {5, 2}), ([[2, 1], [1, 2]], {3, 1})]:
        poly = sympy.Matrix(M).charpoly(t).as_expr()
        assert set(sympy.solve(poly, t)) == roots
    # the symmetric one by Jacobi, the general one by power iteration
    lam, _ = eig_sym([[2.0, 1.0], [1.0, 2.0]])
    assert_allclose(lam, [1.0, 3.0], rtol=0, atol=1e-15)  # a single exact rotation
    lam1, v, _ = power_iteration([[4.0, 2.0], [1.0, 3.0]], tol=1e-14)
    # non-symmetric: the Rayleigh quotient error is of the order of the residual
    assert lam1 == pytest.approx(5.0, rel=1e-12)
    # hand computation: (A - 5I) v = 0 gives -v1 + 2 v2 = 0, so v = (2, 1)/sqrt(5)
    assert_allclose(v, np.array([2.0, 1.0]) / math.sqrt(5.0), rtol=0, atol=1e-12)


def test_eig_sym_reference_2x2() -> None:
    # closed form: [[2,1],[1,2]] has eigenpairs 1, (1,-1)/sqrt(2) and 3, (1,1)/sqrt(2);
    # the tie |q_1| = |q_2| is broken towards the first entry being positive
    lam, Q = eig_sym([[2.0, 1.0], [1.0, 2.0]])
    r = 1.0 / math.sqrt(2.0)
    assert_allclose(Q, [[r, r], [-r, r]], rtol=0, atol=1e-15)
    assert_allclose(lam, [1.0, 3.0], rtol=0, atol=1e-15)


def test_eig_sym_reference_tridiagonal() -> None:
    # closed form: the tridiagonal Toeplitz matrix tridiag(-1, 2, -1) of size 3 has
    # eigenvalues 2 - 2 cos(k pi / 4), k = 1, 2, 3, i.e. 2 - sqrt(2), 2, 2 + sqrt(2),
    # with eigenvectors (sin(k pi/4), sin(2k pi/4), sin(3k pi/4))
    A = [[2.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 2.0]]
    lam, Q = eig_sym(A)
    # ~3 sweeps of rotations on O(1) numbers: 1e-14 is generous
    assert_allclose(lam, [2.0 - math.sqrt(2.0), 2.0, 2.0 + math.sqrt(2.0)], rtol=0, atol=1e-14)
    expected = np.array(
        [[math.sin(k * j * math.pi / 4) for k in (1, 2, 3)] for j in (1, 2, 3)]
    )  # column k is the k-th eigenvector
    expected /= np.linalg.norm(expected, axis=0)
    assert_allclose(Q, flip_like_library(expected.T).T, rtol=0, atol=1e-14)


def test_eig_sym_diagonal_and_identity() -> None:
    # definition: a diagonal matrix is already diagonal; no rotation happens
    lam, Q = eig_sym([[3.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 2.0]])
    assert_array_equal(lam, [-1.0, 2.0, 3.0])
    assert_array_equal(Q, [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    lam, Q = eig_sym(np.eye(4))
    assert_array_equal(lam, np.ones(4))
    assert_array_equal(Q, np.eye(4))


def test_power_iteration_reference() -> None:
    # closed form: [[2,1],[1,2]] has dominant pair 3, (1,1)/sqrt(2)
    lam, v, k = power_iteration([[2.0, 1.0], [1.0, 2.0]], seed=3)
    assert lam == pytest.approx(3.0, rel=1e-15)  # symmetric: error ~ residual^2
    assert_allclose(v, [1 / math.sqrt(2.0)] * 2, rtol=0, atol=1e-10)
    assert 1 <= k <= 1000
    # closed form: diag(-5, 2) has the dominant eigenvalue -5 with eigenvector e1;
    # the iterates alternate in sign, the returned vector is normalised to +e1
    lam, v, _ = power_iteration([[-5.0, 0.0], [0.0, 2.0]], v0=[1.0, 1.0])
    assert lam == pytest.approx(-5.0, rel=1e-15)
    assert_allclose(v, [1.0, 0.0], rtol=0, atol=1e-10)


def test_power_iteration_path_closed_form() -> None:
    # closed form: for diag(2, 1) and v0 = (1, 1), A^k v0 = (2^k, 1), so the
    # Rayleigh quotient is (2 * 4^k + 1) / (4^k + 1)
    lams, vs = power_iteration_path([[2.0, 0.0], [0.0, 1.0]], 10, v0=[1.0, 1.0])
    k = np.arange(11)
    assert_allclose(lams, (2 * 4.0**k + 1) / (4.0**k + 1), rtol=1e-15)
    expected = np.column_stack([2.0**k, np.ones(11)])
    assert_allclose(vs, expected / np.linalg.norm(expected, axis=1)[:, None], rtol=1e-15)


def test_power_iteration_is_reproducible() -> None:
    # definition: the same seed (or an equal generator) gives the same start vector
    A = [[3.0, 1.0, 0.0], [1.0, 2.0, 1.0], [0.0, 1.0, 1.0]]
    a = power_iteration(A, seed=7)
    b = power_iteration(A, rng=np.random.default_rng(7))
    assert a[0] == b[0]
    assert a[2] == b[2]
    assert_array_equal(a[1], b[1])
    assert power_iteration(A)[2] == power_iteration(A, seed=0)[2]  # default is seed 0


def test_pca_reference_hand_computed() -> None:
    # hand computation: mean 0; var(x) = (1 + 1)/3 = 2/3, var(y) = (4 + 4)/3 = 8/3,
    # cov = 0, so the components are e2 then e1, ratios 0.8 and 0.2
    X = [[-1.0, 0.0], [1.0, 0.0], [0.0, -2.0], [0.0, 2.0]]
    for method in ("svd", "covariance"):
        res = pca(X, method=method)
        assert_allclose(res.mean, [0.0, 0.0], rtol=0, atol=0)
        assert_allclose(res.components, [[0.0, 1.0], [1.0, 0.0]], rtol=0, atol=1e-15)
        assert_allclose(res.explained_variance, [8 / 3, 2 / 3], rtol=1e-15)
        assert_allclose(res.explained_variance_ratio, [0.8, 0.2], rtol=1e-15)
        assert res.n_components == 2


def test_pca_reference_line() -> None:
    # hand computation: points on the line y = x, spacing sqrt(2): the only
    # direction is (1,1)/sqrt(2), variance (2 + 0 + 2)/2 = 2, ratio 1
    X = [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]
    res = pca(X, n_components=1)
    assert_allclose(res.components, [[1 / math.sqrt(2.0)] * 2], rtol=1e-15)
    assert_allclose(res.explained_variance, [2.0], rtol=1e-15)
    assert_allclose(res.explained_variance_ratio, [1.0], rtol=1e-15)
    # hand computation: (3,1) - mean (2,2) = (1,-1) is orthogonal to the line
    Z = pca_transform(res, [[3.0, 1.0], [4.0, 4.0]])
    assert_allclose(Z, [[0.0], [2.0 * math.sqrt(2.0)]], rtol=1e-15, atol=1e-15)
    assert_allclose(pca_reconstruct(res, Z), [[2.0, 2.0], [4.0, 4.0]], rtol=1e-15)


def test_svd_book_example() -> None:
    # closed form: A A^T = [[14, 32], [32, 77]], eigenvalues (91 +- sqrt(8065)) / 2
    A = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    s_exact = [math.sqrt((91 + math.sqrt(8065)) / 2), math.sqrt((91 - math.sqrt(8065)) / 2)]
    U, s, Vt = truncated_svd(A, 2)
    assert_allclose(s, s_exact, rtol=1e-14)
    assert_allclose((U * s) @ Vt, A, rtol=0, atol=TOL * fro(np.array(A)))
    # Eckart-Young for the rank-1 approximation: the error is sigma_2 in both norms
    A1 = low_rank_approx(A, 1)
    assert np.linalg.matrix_rank(A1) == 1
    assert fro(np.array(A) - A1) == pytest.approx(s_exact[1], rel=1e-12)
    assert low_rank_error(A, 1) == pytest.approx(s_exact[1], rel=1e-14)
    assert low_rank_error(A, 1, norm="spectral") == pytest.approx(s_exact[1], rel=1e-14)
    assert low_rank_error(A, 2) == 0.0  # definition: nothing is dropped


def test_low_rank_reference_diagonal() -> None:
    # hand computation: diag(3, 2, 1): dropping (2, 1) costs sqrt(5) (Frobenius)
    # or 2 (spectral); the curve over r = 0..3 is (sqrt(14), sqrt(5), 1, 0)
    A = np.diag([3.0, 2.0, 1.0])
    assert_array_equal(low_rank_approx(A, 1), np.diag([3.0, 0.0, 0.0]))
    assert low_rank_error(A, 1) == pytest.approx(math.sqrt(5.0), rel=1e-15)
    assert low_rank_error(A, 1, norm="spectral") == 2.0
    assert_allclose(low_rank_errors(A), [math.sqrt(14.0), math.sqrt(5.0), 1.0, 0.0], rtol=1e-15)
    assert_array_equal(low_rank_errors(A, "spectral"), [3.0, 2.0, 1.0, 0.0])
    assert_allclose(
        low_rank_errors(A, relative=True),
        [1.0, math.sqrt(5 / 14), math.sqrt(1 / 14), 0.0],
        rtol=1e-15,
    )
    # definition: the zero matrix has zero error at every rank
    assert_array_equal(low_rank_errors(np.zeros((2, 3))), [0.0, 0.0, 0.0])


def test_low_rank_errors_tiny_tail_is_not_lost() -> None:
    # closed form: diag(1, 1e-10): the rank-1 error is 1e-10 exactly; summing the
    # squares largest-first would give sqrt((1 + 1e-20) - 1) = 0
    errors = low_rank_errors(np.diag([1.0, 1e-10]))
    assert errors[1] == pytest.approx(1e-10, rel=1e-15)


def test_lora_book_example() -> None:
    # hand computation: 768 * 768 = 589824; 16 * (768 + 768) = 24576 = 589824 / 24
    full, lora, fraction = lora_parameter_counts(768, 768, 16)
    assert (full, lora) == (589824, 24576)
    assert fraction == pytest.approx(1 / 24, rel=1e-15)
    assert isinstance(full, int)
    assert isinstance(lora, int)
    assert isinstance(fraction, float)
    # hand computation: rectangular 4096 x 1024, r = 8: 8 * 5120 = 40960
    assert lora_parameter_counts(4096, 1024, 8)[:2] == (4194304, 40960)


def test_gram_schmidt_reference() -> None:
    # hand computation: q1 = (3,4)/5, r12 = q1.a2 = (3 + 8)/5 = 2.2,
    # a2 - 2.2 q1 = (-0.32, 0.24) with length 0.4, so q2 = (-0.8, 0.6)
    Q, R = gram_schmidt([[3.0, 1.0], [4.0, 2.0]])
    assert_allclose(Q, [[0.6, -0.8], [0.8, 0.6]], rtol=0, atol=1e-15)
    assert_allclose(R, [[5.0, 2.2], [0.0, 0.4]], rtol=0, atol=1e-15)
    assert R[1, 0] == 0.0  # definition: R is upper triangular, exactly


def test_lu_reference() -> None:
    # hand computation: pivot 3 (row 2), l21 = 1/3, u22 = 2 - 4/3 = 2/3
    P, L, U = lu([[1.0, 2.0], [3.0, 4.0]])
    assert_array_equal(P, [[0.0, 1.0], [1.0, 0.0]])
    assert_allclose(L, [[1.0, 0.0], [1 / 3, 1.0]], rtol=1e-15)
    assert_allclose(U, [[3.0, 4.0], [0.0, 2 / 3]], rtol=1e-15, atol=0)
    # hand computation: x = (-4, 4.5) solves [[1,2],[3,4]] x = (5, 6)
    assert_allclose(lu_solve(P, L, U, [5.0, 6.0]), [-4.0, 4.5], rtol=1e-15)


def test_lu_singular_matrix() -> None:
    # hand computation: [[1,2,3],[4,5,6],[7,8,9]] has rank 2; elimination with the
    # pivots 7 and 6/7 leaves a last pivot that is zero up to rounding
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    P, L, U = lu(A)
    assert_allclose(P @ A, L @ U, rtol=0, atol=TOL * fro(A))
    assert U[0, 0] == 7.0
    assert U[1, 1] == pytest.approx(6 / 7, rel=1e-14)
    assert abs(U[2, 2]) <= 1e-14
    # a column of zeros needs no elimination and does not break the factorisation
    Z = np.array([[0.0, 1.0], [0.0, 2.0]])
    P, L, U = lu(Z)
    assert_array_equal(P @ Z, L @ U)


@pytest.mark.parametrize(
    ("A", "expected"),
    [
        ([[2.0, 0.0], [0.0, 0.5]], 4.0),  # closed form: sigma = 2, 0.5
        ([[0.0, -1.0], [1.0, 0.0]], 1.0),  # closed form: orthogonal matrices have kappa = 1
        ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], 1.0),  # closed form: orthonormal rows
        ([[1.0, 2.0], [2.0, 4.0]], math.inf),  # hand computation: rank 1
        ([[0.0, 0.0], [0.0, 0.0]], math.inf),  # definition: the zero matrix is singular
    ],
)
def test_condition_number_reference(A: list[list[float]], expected: float) -> None:
    assert condition_number(A) == pytest.approx(expected, rel=1e-15)


def test_condition_number_hilbert() -> None:
    # closed form (sympy, exact rationals): kappa_2 of the 3x3 Hilbert matrix is
    # the ratio of its largest and smallest eigenvalue (it is symmetric positive definite)
    H = sympy.Matrix(3, 3, lambda i, j: sympy.Rational(1, i + j + 1))
    eig = sorted(float(sympy.re(e)) for e in H.eigenvals())
    H_float = np.array(H.tolist(), dtype=np.float64)
    # kappa ~ 524: relative error ~ kappa * eps ~ 1e-13
    assert condition_number(H_float) == pytest.approx(eig[-1] / eig[0], rel=1e-12)


# ---------------------------------------------------------------------------
# 2. Properties (Hypothesis)
# ---------------------------------------------------------------------------


@FAST
@given(data_matrices(), st.sampled_from(["svd", "covariance"]))
def test_pca_components_orthonormal_sorted_and_signed(X: np.ndarray, method: str) -> None:
    res = pca(X, method=method)
    k = min(X.shape)
    W = res.components
    assert W.shape == (k, X.shape[1])
    # orthonormal rows from LAPACK: ~n eps
    assert_allclose(W @ W.T, np.eye(k), rtol=0, atol=TOL)
    assert np.all(np.diff(res.explained_variance) <= TOL * res.explained_variance[0])
    assert np.all(res.explained_variance >= 0.0)
    # k = min(n, d) components capture all the variance
    assert float(np.sum(res.explained_variance_ratio)) == pytest.approx(1.0, rel=TOL)
    # sign convention: the largest-|.| entry of each row is positive
    assert np.all(W[np.arange(k), np.argmax(np.abs(W), axis=1)] > 0.0)


@FAST
@given(data_matrices())
def test_pca_svd_and_covariance_agree(X: np.ndarray) -> None:
    a, b = pca(X, method="svd"), pca(X, method="covariance")
    top = a.explained_variance[0]
    # eigenvalues of C = Xc^T Xc/(n-1) are computed to ~n eps ||C|| absolute
    assert_allclose(a.explained_variance, b.explained_variance, rtol=0, atol=1e-10 * top)
    # the first component is unique up to sign when it is well separated; its
    # angle error is then ~ eps ||C|| / gap <= 1e-13 for a gap >= 1e-3 ||C||
    second = float(a.explained_variance[1]) if a.n_components > 1 else 0.0
    if top - second >= 1e-3 * top:
        assert abs(float(a.components[0] @ b.components[0])) == pytest.approx(1.0, abs=1e-9)


@FAST
@given(data_matrices())
def test_pca_transform_reconstruct_round_trip(X: np.ndarray) -> None:
    res = pca(X)  # all min(n, d) components: reconstruction is exact
    Z = pca_transform(res, X)
    scale = fro(X - res.mean) + fro(res.mean)
    assert_allclose(pca_reconstruct(res, Z), X, rtol=0, atol=TOL * scale)
    # the sample variance of each score column is the explained variance
    assert_allclose(Z.var(axis=0, ddof=1), res.explained_variance, rtol=0, atol=TOL * scale**2)
    # scores are uncorrelated: Z^T Z / (n - 1) is diagonal
    C = Z.T @ Z / (X.shape[0] - 1)
    assert_allclose(C - np.diag(np.diag(C)), 0.0, rtol=0, atol=TOL * scale**2)


@FAST
@given(data_matrices())
def test_pca_first_component_is_best_one_dimensional_fit(X: np.ndarray) -> None:
    # Pearson's characterisation: the first component minimises the squared
    # distance to a line through the mean; compare with random directions
    res = pca(X, n_components=1)
    Xc = X - res.mean
    best = fro(Xc - Xc @ res.components.T @ res.components) ** 2
    rng = np.random.default_rng(0)
    for _ in range(5):
        w = rng.standard_normal(X.shape[1])
        w = w / float(np.linalg.norm(w))
        other = fro(Xc - np.outer(Xc @ w, w)) ** 2
        assert best <= other + TOL * fro(Xc) ** 2


@FAST
@given(symmetric_matrices())
def test_eig_sym_reconstructs_and_is_orthogonal(A: np.ndarray) -> None:
    lam, Q = eig_sym(A)
    n = A.shape[0]
    # rotations are orthogonal to rounding; a few sweeps of n^2/2 rotations each
    # accumulate ~100 n eps: far below TOL
    assert_allclose(Q.T @ Q, np.eye(n), rtol=0, atol=TOL)
    assert_allclose((Q * lam) @ Q.T, A, rtol=0, atol=TOL * fro(A))
    assert np.all(np.diff(lam) >= 0.0)  # ascending, like eigh
    # eigenvalues are perfectly conditioned for symmetric A (Weyl): |error| <= ~eps ||A||
    assert_allclose(lam, np.linalg.eigvalsh(A), rtol=0, atol=TOL * fro(A))


@FAST
@given(symmetric_matrices())
def test_eig_sym_eigenvectors_match_eigh(A: np.ndarray) -> None:
    _, Q = eig_sym(A)
    lam_np, Q_np = np.linalg.eigh(A)
    scale = max(fro(A), 1e-300)
    for j in range(A.shape[0]):
        gaps = np.abs(np.delete(lam_np, j) - lam_np[j])
        if gaps.size and gaps.min() < 1e-4 * scale:
            continue  # a (nearly) repeated eigenvalue has no unique eigenvector
        # angle error <= ~eps ||A|| / gap <= 1e-11; compare up to sign
        assert abs(float(Q[:, j] @ Q_np[:, j])) == pytest.approx(1.0, abs=1e-9)


@FAST
@given(dominant_spectrum_matrices())
def test_power_iteration_finds_dominant_pair(case: tuple[np.ndarray, float, np.ndarray]) -> None:
    A, lam1, x1 = case
    lam, v, k = power_iteration(A, seed=1)
    # stopping rule: residual <= 1e-10 ||A||_F; for symmetric A the eigenvalue error
    # is at most the residual and the angle at most residual / gap, gap >= 0.3 |lam1|
    assert lam == pytest.approx(lam1, abs=2e-10 * fro(A))
    assert abs(float(v @ x1)) == pytest.approx(1.0, abs=1e-8)
    assert float(np.linalg.norm(v)) == pytest.approx(1.0, abs=1e-15)
    assert v[np.argmax(np.abs(v))] > 0.0
    assert 1 <= k <= 1000
    assert np.linalg.norm(A @ v - lam * v) <= 1e-10 * fro(A) * (1 + 1e-6)


@FAST
@given(st.integers(1, MAX_DIM).flatmap(lambda m: st.tuples(st.just(m), st.integers(1, MAX_DIM))))
def test_eckart_young_tail_singular_values(shape: tuple[int, int]) -> None:
    # seeded Gaussian matrices of the drawn shape (entries O(1), generic spectrum)
    A = np.random.default_rng(sum(shape)).standard_normal(shape)
    s = np.linalg.svd(A, compute_uv=False)
    errors_f, errors_2 = low_rank_errors(A), low_rank_errors(A, "spectral")
    for r in range(1, min(shape) + 1):
        Ar = low_rank_approx(A, r)
        assert np.linalg.matrix_rank(Ar) == r
        # both sides are ~eps ||A|| accurate
        tail = float(np.sqrt(np.sum(s[r:] ** 2)))
        assert fro(A - Ar) == pytest.approx(tail, abs=TOL * fro(A))
        assert low_rank_error(A, r) == pytest.approx(tail, abs=TOL * fro(A))
        spectral = float(s[r]) if r < s.size else 0.0
        assert np.linalg.norm(A - Ar, 2) == pytest.approx(spectral, abs=TOL * fro(A))
        assert low_rank_error(A, r, "spectral") == pytest.approx(spectral, abs=TOL * fro(A))
        assert errors_f[r] == pytest.approx(tail, abs=TOL * fro(A))
        assert errors_2[r] == pytest.approx(spectral, abs=TOL * fro(A))


@FAST
@given(matrices(), st.integers(0, 2**16))
def test_eckart_young_is_optimal(A: np.ndarray, seed: int) -> None:
    # no rank-r matrix (here: random products B C) beats the truncated SVD
    rng = np.random.default_rng(seed)
    m, n = A.shape
    for r in range(1, min(m, n) + 1):
        B = rng.standard_normal((m, r)) @ rng.standard_normal((r, n)) * fro(A) / max(r, 1)
        best = low_rank_error(A, r)
        assert fro(A - B) >= best - TOL * fro(A)
        # the optimum is attained by low_rank_approx (relative to ||A||, ~eps)
        assert fro(A - low_rank_approx(A, r)) == pytest.approx(best, abs=TOL * fro(A))


@FAST
@given(matrices())
def test_truncated_svd_factors(A: np.ndarray) -> None:
    r = min(A.shape)
    U, s, Vt = truncated_svd(A, r)
    assert_allclose(U.T @ U, np.eye(r), rtol=0, atol=TOL)
    assert_allclose(Vt @ Vt.T, np.eye(r), rtol=0, atol=TOL)
    assert np.all(np.diff(s) <= 0.0)
    assert np.all(s >= 0.0)
    assert_allclose((U * s) @ Vt, A, rtol=0, atol=TOL * fro(A))
    assert np.all(Vt[np.arange(r), np.argmax(np.abs(Vt), axis=1)] > 0.0)


@FAST
@given(well_conditioned_tall())
def test_gram_schmidt_properties_and_numpy(A: np.ndarray) -> None:
    Q, R = gram_schmidt(A)
    n = A.shape[1]
    # MGS loses orthogonality like eps * kappa(A) <= 2.2e-16 * 1e4 ~ 2e-12 (times a
    # small constant): 1e-10
    assert_allclose(Q.T @ Q, np.eye(n), rtol=0, atol=1e-10)
    assert_allclose(Q @ R, A, rtol=0, atol=TOL * fro(A))  # backward stable
    assert_array_equal(np.tril(R, -1), 0.0)
    assert np.all(np.diag(R) > 0.0)
    # numpy's Householder QR agrees up to the signs of the columns (R's diagonal);
    # Q is determined to ~eps * kappa, R to ~eps * kappa * ||A||
    Q_np, R_np = np.linalg.qr(A)
    signs = np.sign(np.diag(R_np))
    assert_allclose(Q, Q_np * signs, rtol=0, atol=1e-10)
    assert_allclose(R, R_np * signs[:, None], rtol=0, atol=1e-10 * fro(A))


@FAST
@given(matrices().filter(lambda M: M.shape[0] == M.shape[1]))
def test_lu_properties(A: np.ndarray) -> None:
    P, L, U = lu(A)
    n = A.shape[0]
    assert_array_equal(P @ P.T, np.eye(n))  # a permutation matrix, exactly
    assert_array_equal(np.diag(L), 1.0)
    assert_array_equal(np.triu(L, 1), 0.0)
    assert_array_equal(np.tril(U, -1), 0.0)
    assert np.all(np.abs(L) <= 1.0)  # partial pivoting bounds the multipliers
    # backward stability of GEPP: growth factor <= 2^(n-1) = 32 for n <= 6
    assert_allclose(P @ A, L @ U, rtol=0, atol=32 * TOL * fro(A))


@FAST
@given(well_conditioned_tall(square=True), st.data())
def test_lu_solve_matches_numpy(A: np.ndarray, data: st.DataObject) -> None:
    b = data.draw(matrices(A.shape[0], 1))[:, 0]
    x = lu_solve(*lu(A), b)
    # forward error <= kappa * backward error ~ 1e4 * n eps: compare at 1e-9 relative
    x_np = np.linalg.solve(A, b)
    assert_allclose(x, x_np, rtol=0, atol=1e-9 * (float(np.linalg.norm(x_np)) + 1e-300))


@FAST
@given(matrices(), st.floats(1e-3, 1e3))
def test_condition_number_properties(A: np.ndarray, c: float) -> None:
    kappa = condition_number(A)
    assert kappa >= 1.0
    if math.isfinite(kappa) and kappa < 1e8:
        # scaling changes every singular value by |c|; relative error ~ kappa eps
        assert condition_number(c * A) == pytest.approx(kappa, rel=1e-8)
        assert kappa == pytest.approx(np.linalg.cond(A), rel=1e-8)


@FAST
@given(st.integers(1, 5000), st.integers(1, 5000), st.data())
def test_lora_counts_properties(d_out: int, d_in: int, data: st.DataObject) -> None:
    r = data.draw(st.integers(1, min(d_out, d_in)))
    full, lora, fraction = lora_parameter_counts(d_out, d_in, r)
    assert full == d_out * d_in
    assert lora == r * (d_out + d_in)
    assert fraction == lora / full
    # low-rank factors are smaller exactly when r < d_out d_in / (d_out + d_in)
    assert (lora < full) == (r * (d_out + d_in) < d_out * d_in)


# ---------------------------------------------------------------------------
# 3. Reference implementations (scikit-learn, SciPy, NumPy)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "d", "seed"), [(200, 2, 0), (50, 7, 1), (300, 64, 2), (8, 5, 3)])
@pytest.mark.parametrize("method", ["svd", "covariance"])
def test_pca_agrees_with_sklearn(n: int, d: int, seed: int, method: str) -> None:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) @ rng.standard_normal((d, d)) + rng.standard_normal(d)
    k = min(n - 1, d)  # components with non-zero variance: unique up to sign
    ours = pca(X, k, method=method)
    sk = PCA(n_components=k, svd_solver="full").fit(X)
    # scikit-learn >= 1.5 uses the same sign convention (svd_flip on the rows of Vt).
    # Gaussian data have well-separated variances, so components are determined to
    # ~eps * ||C|| / gap; the covariance route adds the squared conditioning: 1e-8
    assert_allclose(ours.mean, sk.mean_, rtol=1e-14, atol=1e-14)
    assert_allclose(ours.components, sk.components_, rtol=0, atol=1e-8)
    assert_allclose(ours.explained_variance, sk.explained_variance_, rtol=1e-8)
    assert_allclose(ours.explained_variance_ratio, sk.explained_variance_ratio_, rtol=1e-8)
    assert_allclose(pca_transform(ours, X), sk.transform(X), rtol=0, atol=1e-8 * fro(X))


@pytest.mark.parametrize("n", [2, 5, 12, 30])
def test_eig_sym_agrees_with_scipy_eigh(n: int) -> None:
    rng = np.random.default_rng(n)
    M = rng.standard_normal((n, n))
    A = M + M.T
    lam, Q = eig_sym(A)
    lam_sp, Q_sp = scipy.linalg.eigh(A)
    assert_allclose(lam, lam_sp, rtol=0, atol=TOL * fro(A))
    # Gaussian spectra are well separated: eigenvectors agree to ~1e-13 up to sign
    assert_allclose(Q, flip_like_library(Q_sp.T).T, rtol=0, atol=1e-10)


@pytest.mark.parametrize("n", [2, 3, 6, 20])
def test_lu_agrees_with_scipy(n: int) -> None:
    A = np.random.default_rng(10 + n).standard_normal((n, n))  # no ties among pivots
    P, L, U = lu(A)
    P_sp, L_sp, U_sp = scipy.linalg.lu(A)  # A = P_sp L U: P_sp = P^T
    assert_array_equal(P.T, P_sp)
    assert_allclose(L, L_sp, rtol=0, atol=1e-12)
    assert_allclose(U, U_sp, rtol=0, atol=TOL * fro(A))


@pytest.mark.parametrize(("m", "n"), [(2, 3), (5, 5), (40, 30), (30, 40)])
def test_svd_agrees_with_scipy(m: int, n: int) -> None:
    A = np.random.default_rng(m * n).standard_normal((m, n))
    r = min(m, n)
    _, s, Vt = truncated_svd(A, r)
    assert_allclose(s, scipy.linalg.svdvals(A), rtol=1e-13)
    _, _, Vt_sp = scipy.linalg.svd(A, full_matrices=False)
    assert_allclose(Vt, flip_like_library(Vt_sp), rtol=0, atol=1e-10)
    assert condition_number(A) == pytest.approx(np.linalg.cond(A), rel=1e-12)


def test_book_examples_agree_with_numpy() -> None:
    # power iteration on the symmetric book example vs numpy.linalg.eigh
    lam, v, _ = power_iteration([[2.0, 1.0], [1.0, 2.0]])
    w, V = np.linalg.eigh([[2.0, 1.0], [1.0, 2.0]])
    assert lam == pytest.approx(w[-1], rel=1e-15)
    assert abs(float(v @ V[:, -1])) == pytest.approx(1.0, abs=1e-15)
    # Gram-Schmidt on a 3x3 book-style example vs numpy.linalg.qr
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]])
    Q, R = gram_schmidt(A)
    Q_np, R_np = np.linalg.qr(A)
    signs = np.sign(np.diag(R_np))
    assert_allclose(Q, Q_np * signs, rtol=0, atol=1e-12)  # kappa(A) ~ 90
    assert_allclose(R, R_np * signs[:, None], rtol=0, atol=1e-12)


# ---------------------------------------------------------------------------
# Error paths: one test each, matching the argument named in the message
# ---------------------------------------------------------------------------

GOOD_X = [[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]]


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"X": [1.0, 2.0, 3.0]}, ValueError, "`X` must be a 2-D matrix"),
        ({"X": [[1.0, 2.0]]}, ValueError, "`X` must have at least 2 rows"),
        ({"X": [[1.0, 2.0], [1.0, 2.0]]}, ValueError, "`X` has zero total variance"),
        ({"X": [[1.0, np.nan], [0.0, 1.0]]}, ValueError, "`X` must contain only finite"),
        ({"X": GOOD_X, "n_components": 0}, ValueError, "`n_components` must be at least 1"),
        ({"X": GOOD_X, "n_components": 3}, ValueError, "`n_components` must be at most"),
        ({"X": GOOD_X, "n_components": 1.5}, TypeError, "`n_components` must be an integer"),
        ({"X": GOOD_X, "n_components": True}, TypeError, "`n_components` must be an integer"),
        ({"X": GOOD_X, "method": "eig"}, ValueError, "`method` must be 'svd' or 'covariance'"),
    ],
)
def test_pca_rejects_bad_input(
    kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        pca(**kwargs)  # type: ignore[arg-type]


def test_pca_transform_rejects_wrong_columns() -> None:
    with pytest.raises(ValueError, match=re.escape("`X` must have 2 columns")):
        pca_transform(pca(GOOD_X), [[1.0, 2.0, 3.0]])


def test_pca_reconstruct_rejects_wrong_columns() -> None:
    with pytest.raises(ValueError, match=re.escape("`Z` must have 1 columns")):
        pca_reconstruct(pca(GOOD_X, 1), [[1.0, 2.0]])


@pytest.mark.parametrize("func", [pca_transform, pca_reconstruct])
def test_pca_helpers_reject_non_result(func: object) -> None:
    with pytest.raises(TypeError, match=re.escape("`result` must be a PCAResult")):
        func({"mean": [0.0]}, [[1.0]])  # type: ignore[operator]


def test_pca_result_is_frozen() -> None:
    res = pca(GOOD_X)
    assert isinstance(res, PCAResult)
    with pytest.raises(AttributeError):
        res.mean = np.zeros(2)  # type: ignore[misc]


SQ = [[2.0, 1.0], [1.0, 2.0]]


@pytest.mark.parametrize(
    ("A", "kwargs", "exc", "message"),
    [
        ([[1.0, 2.0, 3.0]], {}, ValueError, "`A` must be square"),
        (SQ, {"tol": 0.0}, ValueError, "`tol` must be positive"),
        (SQ, {"tol": np.nan}, ValueError, "`tol` must be a finite number"),
        (SQ, {"max_iter": 0}, ValueError, "`max_iter` must be at least 1"),
        (SQ, {"max_iter": 10.0}, TypeError, "`max_iter` must be an integer"),
        (SQ, {"seed": 1, "rng": np.random.default_rng(1)}, ValueError, "at most one of"),
        (SQ, {"seed": 1, "v0": [1.0, 0.0]}, ValueError, "got v0, seed"),
        (SQ, {"v0": [1.0, 0.0, 0.0]}, ValueError, "`v0` must have length 2"),
        (SQ, {"v0": [0.0, 0.0]}, ValueError, "`v0` must not be the zero vector"),
        (SQ, {"rng": 42}, TypeError, "`rng` must be a numpy.random.Generator"),
        (SQ, {"seed": -1}, ValueError, "`seed` must be a non-negative integer or None; got -1"),
        (SQ, {"seed": np.nan}, TypeError, "`seed` must be a non-negative integer or None"),
        (SQ, {"seed": "abc"}, TypeError, "`seed` must be a non-negative integer or None"),
        ([[0.0, 0.0], [0.0, 0.0]], {}, ValueError, "`A` maps iterate 0 to the zero vector"),
    ],
)
def test_power_iteration_rejects_bad_input(
    A: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        power_iteration(A, **kwargs)  # type: ignore[arg-type]


def test_power_iteration_reports_non_convergence() -> None:
    # closed form: [[0,1],[1,0]] has eigenvalues +1 and -1, equal in absolute
    # value: the iterates swap entries forever and the residual never shrinks
    with pytest.raises(ValueError, match=re.escape("did not converge within `max_iter` = 50")):
        power_iteration([[0.0, 1.0], [1.0, 0.0]], max_iter=50)
    # a rotation has complex eigenvalues: no real dominant eigenvector exists
    with pytest.raises(ValueError, match="did not converge"):
        power_iteration([[0.0, -1.0], [1.0, 0.0]])


def test_power_iteration_path_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`n_iter` must be at least 1")):
        power_iteration_path(SQ, 0)
    with pytest.raises(ValueError, match=re.escape("`A` maps iterate 1 to the zero vector")):
        power_iteration_path([[0.0, 1.0], [0.0, 0.0]], 5, v0=[0.0, 1.0])  # nilpotent
    with pytest.raises(ValueError, match=re.escape("`seed` must be a non-negative integer")):
        power_iteration_path(SQ, 5, seed=-3)


@pytest.mark.parametrize(
    ("A", "kwargs", "exc", "message"),
    [
        ([[4.0, 2.0], [1.0, 3.0]], {}, ValueError, "`A` must be symmetric"),
        ([[1.0, 2.0, 3.0]], {}, ValueError, "`A` must be square"),
        (SQ, {"tol": -1.0}, ValueError, "`tol` must be positive"),
        (SQ, {"max_sweeps": 0}, ValueError, "`max_sweeps` must be at least 1"),
        (SQ, {"max_sweeps": "3"}, TypeError, "`max_sweeps` must be an integer"),
    ],
)
def test_eig_sym_rejects_bad_input(
    A: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        eig_sym(A, **kwargs)  # type: ignore[arg-type]


def test_eig_sym_reports_non_convergence() -> None:
    # one sweep cannot diagonalise a generic 6x6 matrix (rotations refill zeros)
    M = np.random.default_rng(0).standard_normal((6, 6))
    with pytest.raises(ValueError, match=re.escape("did not converge within `max_sweeps` = 1")):
        eig_sym(M + M.T, max_sweeps=1)


def test_eig_sym_tolerates_rounding_asymmetry() -> None:
    # asymmetry at the 1e-14 relative level is rounding, not a different matrix
    A = np.array([[2.0, 1.0], [1.0 + 1e-14, 2.0]])
    lam, _ = eig_sym(A)
    assert_allclose(lam, [1.0, 3.0], rtol=0, atol=1e-13)


A23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


@pytest.mark.parametrize(
    ("func", "args", "exc", "message"),
    [
        (truncated_svd, (A23, 0), ValueError, "`r` must be at least 1"),
        (truncated_svd, (A23, 3), ValueError, "`r` must be at most min(m, n) = 2"),
        (truncated_svd, (A23, 1.0), TypeError, "`r` must be an integer"),
        (low_rank_approx, (A23, 5), ValueError, "`r` must be at most min(m, n) = 2"),
        (low_rank_approx, ([1.0, 2.0], 1), ValueError, "`A` must be a 2-D matrix"),
        (low_rank_error, (A23, 0), ValueError, "`r` must be at least 1"),
        (low_rank_error, (A23, 1, "nuclear"), ValueError, "`norm` must be 'fro' or 'spectral'"),
        (low_rank_errors, (A23, "l1"), ValueError, "`norm` must be 'fro' or 'spectral'"),
        (lora_parameter_counts, (768, 768, 769), ValueError, "`r` must be at most min(m, n)"),
        (lora_parameter_counts, (768, 768, 0), ValueError, "`r` must be at least 1"),
        (lora_parameter_counts, (0, 768, 1), ValueError, "`d_out` must be at least 1"),
        (lora_parameter_counts, (768, -1, 1), ValueError, "`d_in` must be at least 1"),
        (lora_parameter_counts, (768.0, 768, 1), TypeError, "`d_out` must be an integer"),
        (gram_schmidt, (A23,), ValueError, "at least as many rows as columns"),
        (lu, (A23,), ValueError, "`A` must be square"),
        (condition_number, ([1.0, 2.0],), ValueError, "`A` must be a 2-D matrix"),
    ],
)
def test_rejects_bad_input(
    func: object, args: tuple[object, ...], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        func(*args)  # type: ignore[operator]


def test_low_rank_errors_rejects_relative_zero_matrix() -> None:
    with pytest.raises(ValueError, match=re.escape("`A` must not be the zero matrix")):
        low_rank_errors(np.zeros((2, 2)), relative=True)


@pytest.mark.parametrize(
    "A",
    [
        [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]],  # column 1 = 2 * column 0
        [[1.0, 0.0], [0.0, 0.0]],  # a zero column
        [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],  # rank 2, the book's example
    ],
)
def test_gram_schmidt_rejects_dependent_columns(A: list[list[float]]) -> None:
    with pytest.raises(ValueError, match=re.escape("`A` has linearly dependent columns")):
        gram_schmidt(A)


def test_gram_schmidt_rejects_bad_rtol() -> None:
    with pytest.raises(ValueError, match=re.escape("`rtol` must be positive")):
        gram_schmidt(np.eye(2), rtol=0.0)


def test_lu_solve_rejects_bad_input() -> None:
    P, L, U = lu([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match=re.escape("`b` of length 2")):
        lu_solve(P, L, U, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=re.escape("`U` has a zero on its diagonal")):
        lu_solve(*lu([[1.0, 2.0], [2.0, 4.0]]), [1.0, 2.0])
    with pytest.raises(ValueError, match=re.escape("`P` must be square")):
        lu_solve([[1.0, 0.0]], L, U, [1.0, 2.0])


# ---------------------------------------------------------------------------
# Complete error messages: the whole text, so a wrong name, value or type fails
# ---------------------------------------------------------------------------


def whole(message: str) -> str:
    """A regex that matches exactly ``message`` (``pytest.raises`` searches otherwise)."""
    return f"^{re.escape(message)}$"


P2, L2, U2 = lu([[1.0, 2.0], [3.0, 4.0]])
MEAN_ONLY = {"mean": [0.0]}


@pytest.mark.parametrize(
    ("func", "args", "kwargs", "exc", "message"),
    [
        (
            power_iteration,
            (SQ,),
            {"max_iter": 10.0},
            TypeError,
            "`max_iter` must be an integer; got float",
        ),
        (
            power_iteration,
            (SQ,),
            {"seed": "abc"},
            TypeError,
            "`seed` must be a non-negative integer or None; got str",
        ),
        (
            power_iteration,
            (SQ,),
            {"rng": 42},
            TypeError,
            "`rng` must be a numpy.random.Generator; got int",
        ),
        (
            power_iteration,
            (SQ,),
            {"rng": np.random.default_rng(1), "seed": 1},
            ValueError,
            "give at most one of `v0`, `rng` and `seed`; got rng, seed",
        ),
        (
            power_iteration,
            (SQ,),
            {"v0": [[1.0, 0.0]]},
            ValueError,
            "`v0` must be a 1-D vector; got an array of shape (1, 2)",
        ),
        (
            power_iteration,
            (SQ,),
            {"v0": [0.0, 0.0]},
            ValueError,
            "`v0` must not be the zero vector",
        ),
        (
            power_iteration_path,
            ([1.0, 2.0], 3),
            {},
            ValueError,
            "`A` must be a 2-D matrix; got an array of shape (2,)",
        ),
        (
            power_iteration_path,
            ([[1.0, 2.0, 3.0]], 3),
            {},
            ValueError,
            "`A` must be square; got shape (1, 3)",
        ),
        (
            pca,
            ([[1.0, 2.0], [1.0, 2.0]],),
            {},
            ValueError,
            "`X` has zero total variance (all rows are equal): no direction to find",
        ),
        (
            pca_transform,
            (MEAN_ONLY, [[1.0]]),
            {},
            TypeError,
            "`result` must be a PCAResult returned by pca(); got dict",
        ),
        (
            pca_transform,
            (pca(GOOD_X), [1.0, 2.0]),
            {},
            ValueError,
            "`X` must be a 2-D matrix; got an array of shape (2,)",
        ),
        (
            pca_reconstruct,
            (pca(GOOD_X, 1), [1.0]),
            {},
            ValueError,
            "`Z` must be a 2-D matrix; got an array of shape (1,)",
        ),
        (
            low_rank_error,
            ([1.0, 2.0], 1),
            {},
            ValueError,
            "`A` must be a 2-D matrix; got an array of shape (2,)",
        ),
        (
            low_rank_errors,
            ([1.0, 2.0],),
            {},
            ValueError,
            "`A` must be a 2-D matrix; got an array of shape (2,)",
        ),
        (
            low_rank_errors,
            (np.zeros((2, 2)),),
            {"relative": True},
            ValueError,
            "`A` must not be the zero matrix when `relative` is true",
        ),
        (
            gram_schmidt,
            ([1.0, 2.0],),
            {},
            ValueError,
            "`A` must be a 2-D matrix; got an array of shape (2,)",
        ),
        (
            lu_solve,
            (P2, [[1.0, 0.0]], U2, [1.0, 2.0]),
            {},
            ValueError,
            "`L` must be square; got shape (1, 2)",
        ),
        (
            lu_solve,
            (P2, L2, [[3.0, 4.0, 0.0], [0.0, 1.0, 0.0]], [1.0, 2.0]),
            {},
            ValueError,
            "`U` must be square; got shape (2, 3)",
        ),
        (
            lu_solve,
            (P2, L2, U2, [[1.0], [2.0]]),
            {},
            ValueError,
            "`b` must be a 1-D vector; got an array of shape (2, 1)",
        ),
        (
            lu_solve,
            (np.eye(3), L2, U2, [1.0, 2.0]),
            {},
            ValueError,
            "`P`, `L`, `U` must be (2, 2) and `b` of length 2; got shapes "
            "(3, 3), (2, 2), (2, 2) and (2,)",
        ),
        (
            lu_solve,
            (P2, np.eye(3), U2, [1.0, 2.0]),
            {},
            ValueError,
            "`P`, `L`, `U` must be (2, 2) and `b` of length 2; got shapes "
            "(2, 2), (3, 3), (2, 2) and (2,)",
        ),
        (
            lu_solve,
            (*lu([[1.0, 2.0], [2.0, 4.0]]), [1.0, 2.0]),
            {},
            ValueError,
            "`U` has a zero on its diagonal: the matrix is singular",
        ),
    ],
)
def test_error_messages_are_complete(
    func: object,
    args: tuple[object, ...],
    kwargs: dict[str, object],
    exc: type[Exception],
    message: str,
) -> None:
    with pytest.raises(exc, match=whole(message)):
        func(*args, **kwargs)  # type: ignore[operator]


def test_power_iteration_default_budget_in_the_message() -> None:
    # closed form: a rotation by 90 degrees has eigenvalues +-i. Every unit v has
    # v^T A v = 0 and ||Av - 0 v|| = 1, while ||A||_F = sqrt(2): the relative
    # residual stays 1/sqrt(2) = 7.07e-01 through all 1000 (default) iterations
    message = (
        "power iteration did not converge within `max_iter` = 1000 iterations "
        "(relative residual 7.07e-01 > `tol` = 1e-10); the two largest |eigenvalues| "
        "may be equal, complex, or too close"
    )
    with pytest.raises(ValueError, match=whole(message)):
        power_iteration([[0.0, -1.0], [1.0, 0.0]])


# ---------------------------------------------------------------------------
# Boundaries: stopping rules, iteration budgets, thresholds
# ---------------------------------------------------------------------------


def test_power_iteration_stops_at_the_first_iterate_within_tol() -> None:
    # closed form: for diag(2, 1) and v0 = (1, 1), v_k = (2^k, 1) / sqrt(4^k + 1),
    # lambda_k = (2 * 4^k + 1) / (4^k + 1) and ||A v_k - lambda_k v_k|| = 2^k / (4^k + 1).
    # With ||A||_F = sqrt(5) the relative residuals at k = 8 and 9 are 1.75e-3 and
    # 8.7e-4, so tol = 1e-3 is first met at k = 9 (margins of 13% or more, far above
    # rounding; tol / ||A||_F instead of tol * ||A||_F would need k = 12)
    A = [[2.0, 0.0], [0.0, 1.0]]
    k = 9
    lam, v, iterations = power_iteration(A, tol=1e-3, v0=[1.0, 1.0])
    assert iterations == k
    assert lam == pytest.approx((2 * 4.0**k + 1) / (4.0**k + 1), rel=1e-15)
    assert_allclose(v, np.array([2.0**k, 1.0]) / math.sqrt(4.0**k + 1), rtol=1e-15)
    # a budget of exactly 9 products is enough ...
    assert power_iteration(A, tol=1e-3, v0=[1.0, 1.0], max_iter=k)[2] == k
    # ... and 8 are not; the message reports 2^8 / (4^8 + 1) / sqrt(5) = 1.75e-03
    message = (
        "power iteration did not converge within `max_iter` = 8 iterations "
        "(relative residual 1.75e-03 > `tol` = 0.001); the two largest |eigenvalues| "
        "may be equal, complex, or too close"
    )
    with pytest.raises(ValueError, match=whole(message)):
        power_iteration(A, tol=1e-3, v0=[1.0, 1.0], max_iter=k - 1)


def test_power_iteration_tolerance_is_inclusive() -> None:
    # hand computation, exact in float64: A = [[2, 0], [2, 1]] maps v0 = (1, -2) to
    # (2, 0), so v_1 = e1, A v_1 = (2, 2), lambda = 2 and the residual is
    # ||(0, 2)|| = 2; ||A||_F = sqrt(4 + 4 + 1) = 3. With tol = 2/3 the residual
    # equals tol * ||A||_F exactly, and "at most tol" accepts it
    assert (2 / 3) * 3.0 == 2.0  # the boundary really is hit exactly
    lam, v, k = power_iteration([[2.0, 0.0], [2.0, 1.0]], tol=2 / 3, v0=[1.0, -2.0], max_iter=1)
    assert (lam, k) == (2.0, 1)
    assert_array_equal(v, [1.0, 0.0])


def test_power_iteration_path_draws_from_the_given_generator() -> None:
    # definition: the start vector is a Gaussian draw of the generator, normalised
    A = [[2.0, 1.0], [1.0, 2.0]]
    _, vs = power_iteration_path(A, 3, rng=np.random.default_rng(5))
    g = np.random.default_rng(5).standard_normal(2)
    assert_allclose(vs[0], g / np.linalg.norm(g), rtol=1e-15)
    # and a different seed gives a different start (the generator was not ignored)
    _, vs0 = power_iteration_path(A, 3, seed=0)
    assert not np.allclose(vs[0], vs0[0])


def test_eig_sym_sweep_budget() -> None:
    # closed form: one Jacobi rotation diagonalises a 2x2 matrix exactly, so a
    # budget of one sweep suffices; [[2, 1], [1, 2]] has eigenvalues 1 and 3
    lam, Q = eig_sym([[2.0, 1.0], [1.0, 2.0]], max_sweeps=1)
    assert_allclose(lam, [1.0, 3.0], rtol=1e-15)
    r = 1 / math.sqrt(2.0)
    assert_allclose(Q, [[r, r], [-r, r]], rtol=1e-15)
    # a generic 6x6 needs several sweeps: convergence is only asymptotically
    # quadratic, and from an off-diagonal norm of O(||A||) two sweeps cannot reach
    # 1e-15; the budget must be enforced, not just the first sweep counted
    M = np.random.default_rng(0).standard_normal((6, 6))
    with pytest.raises(
        ValueError, match=whole("Jacobi did not converge within `max_sweeps` = 2 sweeps")
    ):
        eig_sym(M + M.T, max_sweeps=2)
    lam, _ = eig_sym(M + M.T)  # the default budget is ample
    assert_allclose(lam, np.linalg.eigvalsh(M + M.T), rtol=0, atol=TOL * fro(M + M.T))


def test_eig_sym_rotates_pairs_after_a_zero_entry() -> None:
    # closed form: A[0, 1] = 0 must not stop the sweep before the pair (0, 2).
    # The (0, 2) block [[1, 1], [1, 3]] has eigenvalues 2 -+ sqrt(2) with
    # eigenvectors (1, 1 -+ sqrt(2)); e2 has eigenvalue 2
    lam, Q = eig_sym([[1.0, 0.0, 1.0], [0.0, 2.0, 0.0], [1.0, 0.0, 3.0]])
    s2 = math.sqrt(2.0)
    assert_allclose(lam, [2.0 - s2, 2.0, 2.0 + s2], rtol=1e-15)
    lo = np.array([1.0, 0.0, 1.0 - s2])
    hi = np.array([1.0, 0.0, 1.0 + s2])
    expected = np.column_stack([lo / np.linalg.norm(lo), [0.0, 1.0, 0.0], hi / np.linalg.norm(hi)])
    assert_allclose(Q, expected, rtol=0, atol=1e-15)  # one exact rotation: ~eps


def test_eig_sym_keeps_the_order_of_repeated_eigenvalues() -> None:
    # definition: a diagonal matrix needs no rotation; sorting diag(2, 2, 1, 1)
    # ascending while keeping equal eigenvalues in index order gives e3, e4, e1, e2,
    # which is also what numpy.linalg.eigh (LAPACK) returns
    A = np.diag([2.0, 2.0, 1.0, 1.0])
    lam, Q = eig_sym(A)
    expected = np.eye(4)[:, [2, 3, 0, 1]]
    assert_array_equal(lam, [1.0, 1.0, 2.0, 2.0])
    assert_array_equal(Q, expected)
    assert_array_equal(np.linalg.eigh(A).eigenvectors, expected)


def test_pca_default_method_resolves_a_tiny_variance() -> None:
    # hand computation: Z has centred, orthogonal columns with sums of squares 4 and
    # 4 d^2, so the variances are 4/3 and 4 d^2 / 3 along the rotated axes
    # (0.6, 0.8) and (0.8, -0.6). The default SVD route errs by ~eps * sigma_1 in
    # sigma_2 = 2d, a relative 1e-9 for d = 1e-7 (rtol 1e-6 leaves a 1000x margin);
    # forming the covariance would lose eps * sigma_1^2 / sigma_2^2 ~ 1e-2 of it
    d = 1e-7
    Z = np.array([[1.0, d], [-1.0, d], [1.0, -d], [-1.0, -d]])
    R = np.array([[0.6, -0.8], [0.8, 0.6]])
    X = Z @ R.T + np.array([3.0, -2.0])
    res = pca(X)
    assert_allclose(res.explained_variance, [4 / 3, 4 * d**2 / 3], rtol=1e-6)
    assert_allclose(res.components, [[0.6, 0.8], [0.8, -0.6]], rtol=0, atol=1e-8)


def test_low_rank_errors_relative_for_rank_one() -> None:
    # hand computation: [[3, 4]] has the single singular value 5, so the curve is
    # (5, 0) and relative (1, 0); diag(3, 0) gives (3, 0, 0) and (1, 0, 0). The
    # zero rank-1 error must not be mistaken for a zero matrix
    assert_array_equal(low_rank_errors([[3.0, 4.0]], relative=True), [1.0, 0.0])
    assert_array_equal(low_rank_errors(np.diag([3.0, 0.0]), relative=True), [1.0, 0.0, 0.0])


def test_gram_schmidt_rtol_threshold_and_message() -> None:
    # hand computation, exact in float64: columns a0 = e1 and a1 = (4, 3), ||a1|| = 5.
    # Removing q0 = e1 leaves (0, 3): relative length 3/5 = 0.6
    A = [[1.0, 4.0], [0.0, 3.0]]
    Q, R = gram_schmidt(A, rtol=0.5)  # 0.6 > 0.5: independent
    assert_array_equal(Q, np.eye(2))
    assert_array_equal(R, [[1.0, 4.0], [0.0, 3.0]])
    message = (
        "`A` has linearly dependent columns: column 1 lies in the span of columns 0..0 "
        "(what is left of it has relative length 6.0e-01)"
    )
    with pytest.raises(ValueError, match=whole(message)):
        gram_schmidt(A, rtol=0.7)  # 0.6 <= 0.7: dependent
    # a zero column has nothing left and no length to compare with: reported as 0
    message = (
        "`A` has linearly dependent columns: column 1 lies in the span of columns 0..0 "
        "(what is left of it has relative length 0.0e+00)"
    )
    with pytest.raises(ValueError, match=whole(message)):
        gram_schmidt([[1.0, 0.0], [0.0, 0.0]])


def test_lu_zero_first_column_then_pivots() -> None:
    # hand computation: column 0 of A is zero, so step 0 eliminates nothing; step 1
    # still has to run: pivot 5 (row 2), l = 3/5, u22 = 4 - (3/5) 7 = -1/5
    A = np.array([[0.0, 1.0, 2.0], [0.0, 3.0, 4.0], [0.0, 5.0, 7.0]])
    P, L, U = lu(A)
    assert_array_equal(P, [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    assert_allclose(L, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.6, 1.0]], rtol=1e-15)
    # entries O(1): one rounding in 3/5 and in 4 - 4.2 gives ~1e-15 absolute
    assert_allclose(U, [[0.0, 1.0, 2.0], [0.0, 5.0, 7.0], [0.0, 0.0, -0.2]], rtol=0, atol=1e-15)
    assert_allclose(P @ A, L @ U, rtol=0, atol=TOL * fro(A))


# ---------------------------------------------------------------------------
# Figures: what is drawn satisfies the mathematics
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def arrows(ax: Axes) -> list[tuple[np.ndarray, np.ndarray]]:
    """(start, end) of every arrow annotation in ``ax``."""
    return [
        (np.asarray(t.xyann, dtype=float), np.asarray(t.xy, dtype=float))
        for t in ax.texts
        if isinstance(t, Annotation) and t.arrow_patch is not None
    ]


def ydata(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_ydata(), dtype=np.float64)


def xdata(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_xdata(), dtype=np.float64)


def spectrum_matrix(values: list[float], seed: int) -> np.ndarray:
    Q = random_orthogonal(len(values), seed)
    A: np.ndarray = (Q * np.array(values)) @ Q.T
    return A


def test_power_iteration_figure_draws_errors_below_bounds() -> None:
    A = spectrum_matrix([5.0, 4.0, 2.0, -1.0], seed=3)
    A = (A + A.T) / 2.0
    fig = plot_power_iteration(A, n_iter=40, seed=2)
    (ax,) = fig.axes
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_title()
    vec_line, vec_bound, val_line, val_bound = ax.get_lines()
    # independent recomputation of the errors (numpy eigh + the same start vector)
    lams, vs = power_iteration_path(A, 40, seed=2)
    w, V = np.linalg.eigh(A)
    x1 = V[:, np.argmax(np.abs(w))]
    sin_k = np.linalg.norm(vs - np.outer(vs @ x1, x1), axis=1)
    assert_allclose(ydata(vec_line), sin_k, rtol=1e-12)
    assert_allclose(ydata(val_line), np.abs(lams - 5.0), rtol=0, atol=1e-13)
    # the theorem: measured errors lie below their bounds (slack: rounding, ~1e-14)
    assert np.all(ydata(vec_line) <= ydata(vec_bound) + 1e-14)
    assert np.all(ydata(val_line) <= ydata(val_bound) + 1e-13)
    # the bounds decay at the predicted rates rho = 4/5 and rho^2
    b = ydata(vec_bound)
    assert_allclose(b[1:] / b[:-1], 0.8, rtol=1e-12)
    b2 = ydata(val_bound)
    assert_allclose(b2[1:] / b2[:-1], 0.64, rtol=1e-12)
    legend = ax.get_legend()
    assert legend is not None
    assert all(t.get_text() for t in legend.get_texts())


def test_power_iteration_figure_rejects_bad_A() -> None:
    with pytest.raises(ValueError, match=re.escape("`A` must be symmetric")):
        plot_power_iteration([[4.0, 2.0], [1.0, 3.0]])
    with pytest.raises(ValueError, match=re.escape("`A` must have a strictly dominant")):
        plot_power_iteration([[0.0, 1.0], [1.0, 0.0]])


@pytest.mark.parametrize(
    ("seed", "exc"), [(-1, ValueError), (np.inf, TypeError), (1.5, TypeError), ("0", TypeError)]
)
def test_power_iteration_figure_rejects_bad_seed(seed: object, exc: type[Exception]) -> None:
    before = plt.get_fignums()
    with pytest.raises(exc, match=re.escape("`seed` must be a non-negative integer or None")):
        plot_power_iteration(SQ, n_iter=5, seed=seed)  # type: ignore[arg-type]
    assert plt.get_fignums() == before  # rejected before any figure is made


def test_pca_figure_draws_principal_axes() -> None:
    rng = np.random.default_rng(5)
    X = rng.multivariate_normal([1.0, -1.0], [[3.0, 1.0], [1.0, 1.0]], size=100)
    res = pca(X)
    fig = plot_pca(X, res, n_std=2.0)
    (ax,) = fig.axes
    (points,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert_array_equal(points.get_offsets(), X)
    drawn = arrows(ax)
    assert len(drawn) == 2
    # covariance eigenvectors by numpy, scaled by 2 standard deviations
    w, V = np.linalg.eigh(np.cov(X.T))
    for j, (start, end) in enumerate(drawn):
        assert_allclose(start, X.mean(axis=0), rtol=1e-14)
        direction = end - start
        assert float(np.linalg.norm(direction)) == pytest.approx(2 * math.sqrt(w[1 - j]), rel=1e-12)
        cos = abs(float(direction @ V[:, 1 - j])) / float(np.linalg.norm(direction))
        assert cos == pytest.approx(1.0, abs=1e-12)
    first, second = (end - start for start, end in drawn)
    assert abs(float(first @ second)) <= 1e-12 * float(
        np.linalg.norm(first) * np.linalg.norm(second)
    )
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert f"PC1: {100 * w[1] / w.sum():.1f}% of the variance" in labels
    assert ax.get_xlabel() == "$x_1$"
    assert ax.get_ylabel() == "$x_2$"
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for _, end in drawn:
        assert x0 < end[0] < x1
        assert y0 < end[1] < y1


@pytest.mark.parametrize(
    ("X", "result", "kwargs", "exc", "message"),
    [
        ([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]], None, {}, ValueError, "`X` must have 2 columns"),
        (GOOD_X, "not a result", {}, TypeError, "`result` must be a PCAResult"),
        (GOOD_X, 1, {}, ValueError, "`result` must hold 2 components in 2-D"),
        (GOOD_X, None, {"n_std": 0.0}, ValueError, "`n_std` must be positive"),
    ],
)
def test_pca_figure_rejects_bad_input(
    X: object, result: object, kwargs: dict[str, float], exc: type[Exception], message: str
) -> None:
    if result is None:
        result = pca(GOOD_X)
    elif result == 1:
        result = pca(GOOD_X, 1)
    with pytest.raises(exc, match=re.escape(message)):
        plot_pca(X, result, **kwargs)  # type: ignore[arg-type]


def test_low_rank_figure_draws_tail_singular_values() -> None:
    rng = np.random.default_rng(8)
    G = rng.standard_normal((30, 20))
    D = spectrum_matrix([2.0**-i for i in range(20)], seed=4)
    fig = plot_low_rank_spectra({"Gaussian": G, "decaying": D}, mark_rank=3)
    left, right = fig.axes
    assert left.get_yscale() == "log"
    for name, M in (("Gaussian", G), ("decaying", D)):
        (spec,) = [ln for ln in left.get_lines() if ln.get_label() == name]
        (err,) = [ln for ln in right.get_lines() if ln.get_label() == name]
        s = scipy.linalg.svdvals(M)
        assert_allclose(ydata(spec), s / s[0], rtol=1e-12)
        # Eckart-Young, checked against explicit truncations: ||M - M_r||_F / ||M||_F
        U, s_, Vt = np.linalg.svd(M, full_matrices=False)
        explicit = [fro(M - (U[:, :r] * s_[:r]) @ Vt[:r]) / fro(M) for r in range(s.size + 1)]
        assert_allclose(ydata(err), explicit, rtol=0, atol=1e-12)
        assert_array_equal(xdata(err), np.arange(s.size + 1))
    marks = [ln for ln in right.get_lines() if ln.get_label() == "$r = 3$"]
    assert len(marks) == 1
    assert_array_equal(xdata(marks[0]), [3.0, 3.0])
    for ax in fig.axes:
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        assert ax.get_title()


@pytest.mark.parametrize(
    ("mats", "kwargs", "message"),
    [
        ({}, {}, "`matrices` must hold 1 to"),
        ({"z": np.zeros((2, 2))}, {}, "`matrices['z']` is the zero matrix"),
        ({"a": np.eye(2)}, {"mark_rank": 0}, "`mark_rank` must be at least 1"),
        ({"a": [1.0, 2.0]}, {}, "`matrices['a']` must be a 2-D matrix"),
    ],
)
def test_low_rank_figure_rejects_bad_input(
    mats: dict[str, object], kwargs: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_low_rank_spectra(mats, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("mark_rank", [np.nan, 1.0, "abc"])
def test_low_rank_figure_rejects_a_non_integer_mark_rank(mark_rank: object) -> None:
    # NaN used to pass the `< 1` check and draw a vertical line at x = NaN
    before = plt.get_fignums()
    with pytest.raises(TypeError, match=re.escape("`mark_rank` must be an integer or None")):
        plot_low_rank_spectra({"a": np.eye(2)}, mark_rank=mark_rank)  # type: ignore[arg-type]
    assert plt.get_fignums() == before  # rejected before any figure is made


@pytest.mark.parametrize("A", [[[2.0, 1.0], [0.5, 1.5]], [[3.0, 0.0], [0.0, 1.0]]])
def test_svd_geometry_figure_draws_the_ellipse_axes(A: list[list[float]]) -> None:
    fig = plot_svd_geometry(A)
    left, right = fig.axes
    A_ = np.array(A)
    (circle,) = left.get_lines()
    (ellipse,) = right.get_lines()
    pts = np.asarray(circle.get_xydata())
    assert_allclose(np.linalg.norm(pts, axis=1), 1.0, rtol=1e-15)
    assert_allclose(np.asarray(ellipse.get_xydata()), pts @ A_.T, rtol=1e-14, atol=1e-14)
    v_arrows, image_arrows = arrows(left), arrows(right)
    s = scipy.linalg.svdvals(A_)
    for (_, v), (origin, Av), sigma in zip(v_arrows, image_arrows, s, strict=True):
        assert_array_equal(origin, [0.0, 0.0])
        assert float(np.linalg.norm(v)) == pytest.approx(1.0, rel=1e-14)
        assert_allclose(Av, A_ @ v, rtol=1e-13, atol=1e-14)  # A v_i = sigma_i u_i
        assert float(np.linalg.norm(Av)) == pytest.approx(sigma, rel=1e-13)
    # the two arrow lengths on the right give the condition number
    lengths = [float(np.linalg.norm(e)) for _, e in image_arrows]
    assert lengths[0] / lengths[1] == pytest.approx(np.linalg.cond(A_), rel=1e-12)
    for ax in fig.axes:
        assert ax.get_title()
        assert ax.get_xlabel()
        assert ax.get_ylabel()


def test_svd_geometry_rejects_non_2x2() -> None:
    with pytest.raises(ValueError, match=re.escape("`A` must be 2x2")):
        plot_svd_geometry(np.eye(3))
