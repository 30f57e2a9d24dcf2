"""Tests for aimath.graphs (chapter 18): reference values, properties, references, errors.

Tolerances. The graphs here have at most 8 vertices (Hypothesis) or a few
hundred (block models), weights of order 1..10. Identities that only reorder
sums of ``n^2`` such terms agree to ``n^2 * eps`` relative to the sum of absolute
values; ``1e-10`` relative to that scale leaves a wide margin and would still
catch any wrong formula, which errs by O(1). Eigenvalues from LAPACK are
accurate to about ``eps * ||L||_2`` absolutely, so "is zero" means
``<= 1e-9 * lambda_max``.
"""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.sparse.csgraph as csgraph
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.collections import LineCollection, PathCollection
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.metrics import adjusted_rand_score
from strategies import FAST

from aimath.graphs import (
    adjacency_from_edges,
    connected_components,
    degree_matrix,
    gcn_normalize,
    gcn_propagate,
    google_matrix,
    kmeans,
    laplacian,
    laplacian_quadratic_form,
    pagerank,
    planted_partition,
    random_walk,
    spectral_clustering,
    spectral_embedding,
    transition_matrix,
)
from aimath.plotting.graphs import (
    component_layout,
    draw_graph,
    plot_clusterings,
    plot_laplacian_spectrum,
    plot_pagerank,
    plot_spectral_clustering,
)

#: Relative-to-scale tolerance for reordered sums (see module docstring).
TOL = 1e-10

PATH3 = [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
BRIDGED = adjacency_from_edges(6, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


# ---------------------------------------------------------------------------
# strategies (local: graphs are specific to this module)
# ---------------------------------------------------------------------------

# weights are 0 (no edge) or in [0.1, 10]. With w_min = 0.1 the Laplacian of a
# connected graph dominates 0.1 times the unweighted one, whose Fiedler value is
# >= 4 / (n diam) >= 4 / 56 for n <= 8 (Mohar 1991), so a non-zero eigenvalue is
# >= 7e-3, far above the "zero" threshold 1e-9 * lambda_max <= 1e-9 * 160.
_weights = st.one_of(st.just(0.0), st.floats(0.1, 10.0))


@st.composite
def weighted_graphs(draw: st.DrawFn, max_n: int = 8) -> np.ndarray:
    """Symmetric non-negative adjacency matrices with zero diagonal."""
    n = draw(st.integers(1, max_n))
    upper = draw(hnp.arrays(np.float64, (n, n), elements=_weights))
    U = np.triu(upper, k=1)
    A: np.ndarray = U + U.T
    return A


@st.composite
def directed_graphs(draw: st.DrawFn, max_n: int = 8) -> np.ndarray:
    """Non-negative (not necessarily symmetric) adjacency matrices; dangling rows allowed."""
    n = draw(st.integers(1, max_n))
    A: np.ndarray = draw(hnp.arrays(np.float64, (n, n), elements=_weights))
    return A


def _scale(A: np.ndarray, x: np.ndarray) -> float:
    """Sum of absolute values of the terms of x^T L x: the size of its rounding error."""
    return float(np.sum(np.abs(A) * (np.abs(x)[:, None] + np.abs(x)[None, :]) ** 2)) + 1e-300


# ---------------------------------------------------------------------------
# reference values
# ---------------------------------------------------------------------------


def test_adjacency_from_edges_hand_values() -> None:
    # by hand: undirected edges are mirrored, repeated edges add, self-loop once
    A = adjacency_from_edges(3, [(0, 1), (0, 1), (2, 2)], [1.0, 2.0, 5.0])
    assert_array_equal(A, [[0, 3, 0], [3, 0, 0], [0, 0, 5]])
    D = adjacency_from_edges(3, [(0, 1), (1, 2)], directed=True)
    assert_array_equal(D, [[0, 1, 0], [0, 0, 1], [0, 0, 0]])
    assert_array_equal(adjacency_from_edges(2, []), np.zeros((2, 2)))


def test_laplacians_of_path_by_hand() -> None:
    # P3 by hand: degrees (1, 2, 1)
    assert_array_equal(degree_matrix(PATH3), np.diag([1.0, 2.0, 1.0]))
    assert_array_equal(laplacian(PATH3), [[1, -1, 0], [-1, 2, -1], [0, -1, 1]])
    s = 1 / np.sqrt(2)  # L_sym[0, 1] = -1 / sqrt(1 * 2)
    assert_allclose(
        laplacian(PATH3, "symmetric"), [[1, -s, 0], [-s, 1, -s], [0, -s, 1]], rtol=1e-15
    )
    assert_array_equal(laplacian(PATH3, "random_walk"), [[1, -1, 0], [-0.5, 1, -0.5], [0, -1, 1]])


def test_isolated_vertex_keeps_zero_row() -> None:
    # convention (scipy's): d^{-1/2} := 0 for an isolated vertex
    A = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    for kind in ("symmetric", "random_walk"):
        L = laplacian(A, kind)
        assert_array_equal(L[2], 0.0)
        assert_array_equal(L[:, 2], 0.0)


def test_quadratic_form_by_hand() -> None:
    # 0.5 * (2 * 2 * (1 - 4)^2) = 18
    assert laplacian_quadratic_form([[0, 2], [2, 0]], [1.0, 4.0]) == 18.0


def test_spectrum_of_path_closed_form() -> None:
    # eigenvalues of the path P_n Laplacian: 2 - 2 cos(pi k / n) (Chung 1997, §1.2)
    n = 7
    A = adjacency_from_edges(n, [(i, i + 1) for i in range(n - 1)])
    lam, U = spectral_embedding(A, n, kind="combinatorial")
    assert_allclose(lam, np.sort(2 - 2 * np.cos(np.pi * np.arange(n) / n)), atol=1e-13)
    assert_allclose(U.T @ U, np.eye(n), atol=1e-13)
    # Fiedler vector of a path: cos(pi (i + 1/2) / n), up to sign
    f = np.cos(np.pi * (np.arange(n) + 0.5) / n)
    f /= np.linalg.norm(f)
    assert_allclose(np.abs(U[:, 1]), np.abs(f), atol=1e-12)


def test_pagerank_of_star_closed_form() -> None:
    # star, centre 0 and m leaves, undirected. Each leaf sends all its mass to the
    # centre: pi_c = alpha (1 - pi_c) + (1 - alpha) / n, so
    # pi_c = (alpha + (1 - alpha) / n) / (1 + alpha)   (derived by hand)
    m, alpha = 5, 0.85
    n = m + 1
    A = adjacency_from_edges(n, [(0, j) for j in range(1, n)])
    scores, iters = pagerank(A, alpha)
    pi_c = (alpha + (1 - alpha) / n) / (1 + alpha)
    assert_allclose(scores[0], pi_c, rtol=1e-10)
    assert_allclose(scores[1:], (1 - pi_c) / m, rtol=1e-10)
    assert 1 <= iters < 1000


def test_pagerank_dangling_vertex_by_hand() -> None:
    # 0 -> 1, 1 dangling. G = [[(1-a)/2, a + (1-a)/2], [1/2, 1/2]]; pi G = pi gives
    # pi_0 = pi_1 * (1 / 2) / ((1 + a) / 2) = pi_1 / (1 + a)  (by hand)
    a = 0.5
    scores, _ = pagerank([[0.0, 1.0], [0.0, 0.0]], a)
    assert_allclose(scores, [1 / (2 + a), (1 + a) / (2 + a)], rtol=1e-11)
    assert_allclose(google_matrix([[0, 1], [0, 0]], a), [[0.25, 0.75], [0.5, 0.5]], rtol=1e-15)


def test_gcn_two_vertices_by_hand() -> None:
    # A_hat = ones(2, 2), d_hat = (2, 2): S = ones / 2, so S H = mean of features
    S = gcn_normalize([[0, 1], [1, 0]])
    assert_allclose(S, np.full((2, 2), 0.5), rtol=1e-15)
    out = gcn_propagate([[0, 1], [1, 0]], [[1.0], [3.0]], [[1.0, -1.0]])
    assert_allclose(out, [[2.0, 0.0], [2.0, 0.0]], rtol=1e-15)
    lin = gcn_propagate([[0, 1], [1, 0]], [[1.0], [3.0]], [[1.0, -1.0]], activation="none")
    assert_allclose(lin, [[2.0, -2.0], [2.0, -2.0]], rtol=1e-15)


def test_kmeans_hand_example() -> None:
    # two obvious groups: means 0.1 and 5.1; inertia 4 * 0.1^2 = 0.04
    labels, centers, inertia = kmeans([[0.0], [0.2], [5.0], [5.2]], 2)
    assert labels.tolist() == [0, 0, 1, 1]
    assert_allclose(centers.ravel(), [0.1, 5.1], rtol=1e-14)
    assert_allclose(inertia, 0.04, rtol=1e-12)


def test_kmeans_duplicate_points_and_k_equals_n() -> None:
    labels, centers, inertia = kmeans([[1.0, 1.0], [1.0, 1.0], [2.0, 0.0]], 3)
    assert inertia == 0.0
    assert sorted(set(labels.tolist())) == [0, 1] or len(set(labels.tolist())) == 3
    assert centers.shape == (3, 2)


def test_random_walk_on_bipartite_graph_oscillates() -> None:
    # a 2-cycle is bipartite: the walk never converges (by hand)
    walk = random_walk([[0, 1], [1, 0]], [1.0, 0.0], 4)
    assert_array_equal(walk, [[1, 0], [0, 1], [1, 0], [0, 1], [1, 0]])


def test_random_walk_converges_to_degree_distribution() -> None:
    walk = random_walk(BRIDGED, np.eye(6)[0], 300)
    pi = BRIDGED.sum(axis=1) / BRIDGED.sum()
    # the bridged triangles mix at rate |lambda_2(P)| < 0.9: 0.9^300 ~ 1e-14
    assert_allclose(walk[-1], pi, atol=1e-12)
    assert_allclose(pi @ transition_matrix(BRIDGED), pi, atol=1e-15)


def test_planted_partition_extremes() -> None:
    A, labels = planted_partition([3, 2], 1.0, 0.0)
    # p_in = 1, p_out = 0: two cliques, exactly
    expected = np.zeros((5, 5))
    expected[:3, :3] = 1.0
    expected[3:, 3:] = 1.0
    np.fill_diagonal(expected, 0.0)
    assert_array_equal(A, expected)
    assert labels.tolist() == [0, 0, 0, 1, 1]
    assert connected_components(A)[0] == 2


def test_planted_partition_edge_density() -> None:
    A, labels = planted_partition([100, 100], 0.3, 0.05, rng=np.random.default_rng(1))
    same = labels[:, None] == labels[None, :]
    off = ~np.eye(200, dtype=bool)
    # 9900 within-block pairs (counted twice): binomial std of the mean ~ 0.005; 4 sigma
    assert abs(A[same & off].mean() - 0.3) < 0.02
    assert abs(A[~same].mean() - 0.05) < 0.01
    assert_array_equal(A, A.T)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


@FAST
@given(weighted_graphs())
def test_laplacian_rows_sum_to_zero_and_psd(A: np.ndarray) -> None:
    L = laplacian(A)
    scale = float(A.sum(axis=1).max()) + 1.0
    assert_allclose(L.sum(axis=1), 0.0, atol=TOL * scale)
    assert_array_equal(L, L.T)
    lam = np.linalg.eigvalsh(L)
    # LAPACK eigenvalues are accurate to ~eps * ||L||: allow -1e-12 * scale
    assert lam[0] >= -1e-12 * scale
    lam_sym = np.linalg.eigvalsh(laplacian(A, "symmetric"))
    # L_sym has eigenvalues in [0, 2] (von Luxburg 2007, Prop. 3)
    assert lam_sym[0] >= -1e-12
    assert lam_sym[-1] <= 2.0 + 1e-12


@FAST
@given(weighted_graphs(), st.data())
def test_quadratic_form_identity(A: np.ndarray, data: st.DataObject) -> None:
    n = A.shape[0]
    x = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-10, 10)))
    lhs = float(x @ laplacian(A) @ x)
    rhs = laplacian_quadratic_form(A, x)
    assert rhs >= 0.0
    assert abs(lhs - rhs) <= TOL * _scale(A, x)


@FAST
@given(weighted_graphs())
def test_zero_eigenvalue_multiplicity_is_number_of_components(A: np.ndarray) -> None:
    k, labels = connected_components(A)
    for kind in ("combinatorial", "symmetric", "random_walk"):
        lam = np.linalg.eigvals(laplacian(A, kind)).real
        top = max(float(np.abs(lam).max()), 1.0)
        # see the strategy: non-zero eigenvalues are >= 7e-3 / (max degree) here
        assert int(np.sum(np.abs(lam) <= 1e-9 * top)) == k
    # the labels agree with scipy's up to renaming
    k_sc, lab_sc = csgraph.connected_components(A, directed=False)
    assert k == k_sc
    assert adjusted_rand_score(lab_sc, labels) == 1.0 or k == A.shape[0]


@FAST
@given(weighted_graphs())
def test_laplacians_match_scipy(A: np.ndarray) -> None:
    assert_allclose(laplacian(A), csgraph.laplacian(A), rtol=0, atol=1e-13 * (A.max() + 1))
    # one division by sqrt(d_i d_j): a few ulp relative to entries <= 1
    assert_allclose(laplacian(A, "symmetric"), csgraph.laplacian(A, normed=True), atol=1e-14)


@FAST
@given(directed_graphs(), st.sampled_from([0.5, 0.85, 0.95]))
def test_pagerank_matches_eigenvector_of_google_matrix(A: np.ndarray, alpha: float) -> None:
    scores, _ = pagerank(A, alpha)
    assert_allclose(scores.sum(), 1.0, rtol=1e-14)
    assert np.all(scores > 0)
    G = google_matrix(A, alpha)
    assert_allclose(G.sum(axis=1), 1.0, rtol=1e-14)
    w, V = np.linalg.eig(G.T)
    top = int(np.argmax(w.real))
    pi = V[:, top].real / V[:, top].real.sum()
    # stopping at an L1 step of 1e-12 leaves an error <= 1e-12 * alpha / (1 - alpha)
    # <= 2e-11; eig adds ~1e-14
    assert_allclose(scores, pi, atol=5e-11)
    assert_allclose(pi @ G, pi, atol=1e-13)


@FAST
@given(weighted_graphs(), st.data())
def test_gcn_matches_explicit_loop_and_is_equivariant(A: np.ndarray, data: st.DataObject) -> None:
    n = A.shape[0]
    H = data.draw(hnp.arrays(np.float64, (n, 3), elements=st.floats(-5, 5)))
    W = data.draw(hnp.arrays(np.float64, (3, 2), elements=st.floats(-5, 5)))
    out = gcn_propagate(A, H, W)
    d_hat = A.sum(axis=1) + 1.0
    loop = np.zeros((n, 2))
    for i in range(n):
        for j in range(n):
            a_hat = A[i, j] + (1.0 if i == j else 0.0)
            if a_hat > 0:
                loop[i] += a_hat / np.sqrt(d_hat[i] * d_hat[j]) * (H[j] @ W)
    loop = np.maximum(loop, 0.0)
    # sums of <= 8 * 3 products of size <= 25 * (weights <= 10): absolute 1e-10
    assert_allclose(out, loop, rtol=1e-10, atol=1e-10)
    perm = data.draw(st.permutations(range(n)))
    p = np.array(perm, dtype=np.intp)
    assert_allclose(gcn_propagate(A[np.ix_(p, p)], H[p], W), out[p], rtol=1e-10, atol=1e-10)
    eig = np.linalg.eigvalsh(gcn_normalize(A))
    assert eig[0] > -1.0
    assert eig[-1] <= 1.0 + 1e-12


@FAST
@given(weighted_graphs())
def test_spectral_embedding_is_orthonormal_and_ascending(A: np.ndarray) -> None:
    n = A.shape[0]
    lam, U = spectral_embedding(A, n)
    assert np.all(np.diff(lam) >= -1e-12)
    assert_allclose(U.T @ U, np.eye(n), atol=1e-12)
    L = laplacian(A, "symmetric")
    assert_allclose(L @ U, U * lam, atol=1e-11)


@FAST
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(2, 20), st.just(2)), elements=st.floats(-5, 5)),
    st.integers(1, 4),
)
def test_kmeans_is_a_fixed_point_of_lloyd(X: np.ndarray, k: int) -> None:
    k = min(k, X.shape[0])
    labels, centers, inertia = kmeans(X, k, rng=np.random.default_rng(0), n_init=2)
    assert labels[0] == 0
    d2 = np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=2)
    # every point is at a nearest centre (ties allowed): rounding of 2-D squares only
    assert np.all(d2[np.arange(X.shape[0]), labels] <= d2.min(axis=1) + 1e-9)
    assert_allclose(inertia, np.sum((X - centers[labels]) ** 2), rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------------------
# reference implementations
# ---------------------------------------------------------------------------


def test_spectral_clustering_recovers_planted_blocks_like_sklearn() -> None:
    A, truth = planted_partition([40, 40, 40], 0.3, 0.03, rng=np.random.default_rng(18))
    assert connected_components(A)[0] == 1
    ours = spectral_clustering(A, 3, rng=np.random.default_rng(0))
    sk = SpectralClustering(n_clusters=3, affinity="precomputed", random_state=0).fit_predict(A)
    assert adjusted_rand_score(truth, ours) >= 0.95
    assert adjusted_rand_score(truth, sk) >= 0.95
    assert adjusted_rand_score(ours, sk) >= 0.95


def test_spectral_clustering_of_bridged_triangles() -> None:
    assert spectral_clustering(BRIDGED, 2).tolist() == [0, 0, 0, 1, 1, 1]


def test_kmeans_matches_sklearn_inertia() -> None:
    rng = np.random.default_rng(5)
    X = np.concatenate([rng.normal(c, 0.5, size=(30, 2)) for c in ((0, 0), (4, 0), (0, 4))])
    _, _, ours = kmeans(X, 3, rng=np.random.default_rng(0))
    sk = KMeans(n_clusters=3, n_init=10, random_state=0).fit(X)
    # both find the global optimum of this well-separated problem
    assert_allclose(ours, sk.inertia_, rtol=1e-10)


def test_gcn_matches_torch_message_passing() -> None:
    # an independent formulation: messages along an edge list, summed with index_add_
    A, _ = planted_partition([6, 6], 0.6, 0.1, rng=np.random.default_rng(3))
    rng = np.random.default_rng(4)
    H, W = rng.normal(size=(12, 4)), rng.normal(size=(4, 3))
    src, dst = np.nonzero(A + np.eye(12))
    deg = torch.zeros(12, dtype=torch.float64).index_add_(
        0, torch.as_tensor(dst), torch.ones(len(dst), dtype=torch.float64)
    )
    HW = torch.as_tensor(H) @ torch.as_tensor(W)
    norm = (deg[src] * deg[dst]).rsqrt().unsqueeze(1)
    out = torch.zeros(12, 3, dtype=torch.float64).index_add_(
        0, torch.as_tensor(dst), norm * HW[torch.as_tensor(src)]
    )
    # float64 sums of <= 12 terms in another order: 1e-12
    assert_allclose(gcn_propagate(A, H, W), torch.relu(out).numpy(), rtol=1e-12, atol=1e-12)


def test_connected_components_matches_scipy_on_block_model() -> None:
    A, _ = planted_partition([5, 7, 3, 1], 0.8, 0.0, rng=np.random.default_rng(2))
    k, labels = connected_components(A)
    k_sc, lab_sc = csgraph.connected_components(A, directed=False)
    assert k == k_sc
    assert adjusted_rand_score(lab_sc, labels) == 1.0


# ---------------------------------------------------------------------------
# error paths
# ---------------------------------------------------------------------------

ASYM = [[0.0, 1.0], [0.0, 0.0]]
NEG = [[0.0, -1.0], [-1.0, 0.0]]
NONSQUARE = [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]]
NAN = [[0.0, np.nan], [np.nan, 0.0]]


@pytest.mark.parametrize(
    "func",
    [laplacian, connected_components, gcn_normalize, degree_matrix, transition_matrix, pagerank],
)
def test_adjacency_must_be_square_finite_nonnegative(func: object) -> None:
    assert callable(func)
    with pytest.raises(ValueError, match="`A` must be square"):
        func(NONSQUARE)
    with pytest.raises(ValueError, match="`A` must have non-negative"):
        func(NEG)
    with pytest.raises(ValueError, match="`A` must contain only finite"):
        func(NAN)
    with pytest.raises(TypeError, match="`A` must be array-like"):
        func("graph")


@pytest.mark.parametrize("func", [laplacian, connected_components, gcn_normalize])
def test_undirected_functions_reject_asymmetric(func: object) -> None:
    assert callable(func)
    with pytest.raises(ValueError, match="`A` must be symmetric"):
        func(ASYM)


def test_adjacency_from_edges_errors() -> None:
    with pytest.raises(ValueError, match="`n` must be at least 1"):
        adjacency_from_edges(0, [])
    with pytest.raises(TypeError, match="`n` must be an integer"):
        adjacency_from_edges(2.0, [(0, 1)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`edges` must have shape"):
        adjacency_from_edges(3, [0, 1])
    with pytest.raises(ValueError, match="`edges` must hold integer vertex labels"):
        adjacency_from_edges(2, [(0, 2)])
    with pytest.raises(ValueError, match="`edges` must hold integer"):
        adjacency_from_edges(2, [(0, 0.5)])
    with pytest.raises(ValueError, match="`weights` must have one entry per edge"):
        adjacency_from_edges(2, [(0, 1)], [1.0, 2.0])
    with pytest.raises(ValueError, match="`weights` must be non-negative"):
        adjacency_from_edges(2, [(0, 1)], [-1.0])
    with pytest.raises(ValueError, match="`weights` must contain only finite"):
        adjacency_from_edges(2, [(0, 1)], [np.inf])
    with pytest.raises(TypeError, match="`directed` must be a bool"):
        adjacency_from_edges(2, [(0, 1)], directed="yes")  # type: ignore[arg-type]


def test_laplacian_and_embedding_errors() -> None:
    with pytest.raises(ValueError, match="`kind` must be one of"):
        laplacian(PATH3, "normalized")
    with pytest.raises(ValueError, match="`kind` must be 'symmetric' or 'combinatorial'"):
        spectral_embedding(PATH3, 2, kind="random_walk")
    with pytest.raises(ValueError, match="`k` must be at least 1 and at most 3"):
        spectral_embedding(PATH3, 4)
    with pytest.raises(ValueError, match="`k` must be at least 1"):
        spectral_clustering(PATH3, 0)
    with pytest.raises(TypeError, match="`k` must be an integer"):
        spectral_clustering(PATH3, 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`x` must have one value per vertex"):
        laplacian_quadratic_form(PATH3, [1.0, 2.0])
    with pytest.raises(ValueError, match="`A` must be symmetric"):
        laplacian_quadratic_form(ASYM, [1.0, 2.0])


def test_kmeans_errors() -> None:
    with pytest.raises(ValueError, match="`k` must be at least 1 and at most 2"):
        kmeans([[0.0], [1.0]], 3)
    with pytest.raises(TypeError, match=r"`rng` must be a numpy\.random\.Generator"):
        kmeans([[0.0], [1.0]], 1, rng=42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`n_init` must be at least 1"):
        kmeans([[0.0], [1.0]], 1, n_init=0)
    with pytest.raises(ValueError, match="`X` must be a 2-D matrix"):
        kmeans([0.0, 1.0], 1)
    with pytest.raises(ValueError, match="`max_iter` must be at least 1"):
        kmeans([[0.0], [1.0]], 1, max_iter=0)


def test_random_walk_errors() -> None:
    with pytest.raises(ValueError, match="vertex 1 has none"):
        transition_matrix(ASYM)
    with pytest.raises(ValueError, match="`p0` must be a probability vector"):
        random_walk(PATH3, [0.5, 0.0, 0.0], 2)
    with pytest.raises(ValueError, match="`p0` must have one entry per vertex"):
        random_walk(PATH3, [1.0], 2)
    with pytest.raises(ValueError, match="`steps` must be at least 0"):
        random_walk(PATH3, [1.0, 0.0, 0.0], -1)


@pytest.mark.parametrize("damping", [0.0, 1.0, -0.5, 1.5])
def test_damping_outside_unit_interval(damping: float) -> None:
    with pytest.raises(ValueError, match="`damping` must lie strictly between 0 and 1"):
        pagerank(PATH3, damping)
    with pytest.raises(ValueError, match="`damping` must lie strictly between 0 and 1"):
        google_matrix(PATH3, damping)


def test_pagerank_other_errors() -> None:
    with pytest.raises(ValueError, match="`damping` must be a finite number"):
        pagerank(PATH3, float("nan"))
    with pytest.raises(ValueError, match="`tol` must be positive"):
        pagerank(PATH3, tol=0.0)
    with pytest.raises(ValueError, match="did not reach `tol`"):
        pagerank(adjacency_from_edges(5, [(i, i + 1) for i in range(4)]), max_iter=2)


def test_gcn_errors() -> None:
    with pytest.raises(ValueError, match="`H` must have one row per vertex"):
        gcn_propagate(PATH3, np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="`W` must have 2 rows"):
        gcn_propagate(PATH3, np.ones((3, 2)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="`activation` must be 'relu' or 'none'"):
        gcn_propagate(PATH3, np.ones((3, 2)), np.ones((2, 2)), activation="tanh")
    with pytest.raises(ValueError, match="`H` must contain only finite"):
        gcn_propagate(PATH3, np.full((3, 2), np.inf), np.ones((2, 2)))


def test_planted_partition_errors() -> None:
    with pytest.raises(ValueError, match="`sizes` must be positive integers"):
        planted_partition([2, 0], 0.5, 0.1)
    with pytest.raises(ValueError, match="`sizes` must be positive integers"):
        planted_partition([2.5], 0.5, 0.1)
    with pytest.raises(ValueError, match="`p_in` must be a probability"):
        planted_partition([2, 2], 1.5, 0.1)
    with pytest.raises(ValueError, match="`p_out` must be a probability"):
        planted_partition([2, 2], 0.5, -0.1)
    with pytest.raises(TypeError, match=r"`rng` must be a numpy\.random\.Generator"):
        planted_partition([2, 2], 0.5, 0.1, rng=0)  # type: ignore[arg-type]


def test_plotting_errors() -> None:
    with pytest.raises(ValueError, match="`A` must be symmetric"):
        component_layout(ASYM)
    with pytest.raises(ValueError, match="`A` must be symmetric"):
        plot_laplacian_spectrum(ASYM)
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="`positions` must have shape"):
        draw_graph(ax, PATH3, [[0, 0], [1, 1]])
    with pytest.raises(ValueError, match="`colors` must give one colour per vertex"):
        draw_graph(ax, PATH3, np.zeros((3, 2)), colors=["red"])
    with pytest.raises(ValueError, match="`U` must have shape"):
        plot_spectral_clustering(PATH3, np.ones((3, 2)), [0, 0, 1], [0, 0, 1])
    with pytest.raises(ValueError, match="`found_labels` must hold 3"):
        plot_spectral_clustering(PATH3, np.ones((3, 3)), [0, 0, 1], [0, 1])
    with pytest.raises(ValueError, match="`X` must have shape"):
        plot_clusterings(np.ones((3, 3)), {"a": [0, 0, 1]})
    with pytest.raises(ValueError, match="`labelings` must hold at least one"):
        plot_clusterings(np.ones((3, 2)), {})
    with pytest.raises(ValueError, match="`errors` must be positive"):
        plot_pagerank(PATH3, np.zeros((3, 2)), [0.3, 0.4, 0.3], [0.1, 0.0], 0.85)
    with pytest.raises(ValueError, match="`scores` must have one entry per vertex"):
        plot_pagerank(PATH3, np.zeros((3, 2)), [0.5, 0.5], [0.1], 0.85)


def test_plot_clusterings_names_x_and_the_labelling_that_disagree() -> None:
    with pytest.raises(ValueError, match=r"`labelings\['a'\]` must hold one label per row of `X`"):
        plot_clusterings(np.ones((1, 2)), {"a": [0, 1]})
    with pytest.raises(ValueError, match=r"`labelings\['b'\]` must hold 2 non-negative integer"):
        plot_clusterings(np.ones((2, 2)), {"a": [0, 1], "b": [0, 0.5]})
    with pytest.raises(TypeError, match="`labelings` must be a mapping"):
        plot_clusterings(np.ones((2, 2)), [[0, 1]])  # type: ignore[arg-type]
    assert plt.get_fignums() == []  # checked before any figure is made


def test_plot_laplacian_spectrum_zero_tol_errors() -> None:
    with pytest.raises(TypeError, match="`zero_tol` must be a real number"):
        plot_laplacian_spectrum(PATH3, zero_tol="abc")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`zero_tol` must be a finite number"):
        plot_laplacian_spectrum(PATH3, zero_tol=np.nan)
    with pytest.raises(ValueError, match="`zero_tol` must be non-negative"):
        plot_laplacian_spectrum(PATH3, zero_tol=-1.0)


def test_plot_pagerank_damping_and_score_errors() -> None:
    positions = np.zeros((3, 2))
    scores = [0.3, 0.4, 0.3]
    with pytest.raises(ValueError, match="`damping` must be a finite number"):
        plot_pagerank(PATH3, positions, scores, [0.1], np.nan)
    with pytest.raises(TypeError, match="`damping` must be a real number"):
        plot_pagerank(PATH3, positions, scores, [0.1], "abc")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`damping` must lie strictly between 0 and 1"):
        plot_pagerank(PATH3, positions, scores, [0.1], 1.0)
    with pytest.raises(ValueError, match="`scores` must be non-negative and not all zero"):
        plot_pagerank(PATH3, positions, [0.0, 0.0, 0.0], [0.1], 0.85)
    with pytest.raises(ValueError, match="`scores` must be non-negative and not all zero"):
        plot_pagerank(PATH3, positions, [0.5, -0.1, 0.6], [0.1], 0.85)


# ---------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------


def _comp_graph() -> np.ndarray:
    return adjacency_from_edges(8, [(0, 1), (1, 2), (3, 4), (4, 5), (5, 3), (6, 7)])


def test_component_layout_puts_components_on_separate_unit_circles() -> None:
    A = _comp_graph()
    pos = component_layout(A)
    _, labels = connected_components(A)
    for c in range(3):
        members = pos[labels == c]
        centre = np.array([3.0 * c, 0.0])
        assert_allclose(np.linalg.norm(members - centre, axis=1), 1.0, rtol=1e-12)


def test_plot_laplacian_spectrum_draws_the_eigenvalues() -> None:
    A = _comp_graph()
    fig = plot_laplacian_spectrum(A)
    fig.canvas.draw()  # renders every label: mathtext errors surface here
    ax_g, ax_s = fig.axes
    (line,) = [ln for ln in ax_s.lines if ln.get_gid() == "eigenvalues"]
    eigenvalues = np.asarray(line.get_ydata(), dtype=np.float64)
    assert_allclose(eigenvalues, np.linalg.eigvalsh(laplacian(A)), atol=1e-12)
    zeros = next(ln for ln in ax_s.lines if ln.get_label() == "zero eigenvalue")
    assert np.asarray(zeros.get_ydata()).size == connected_components(A)[0] == 3
    assert ax_s.get_title() == "3 zero eigenvalues"
    edges = next(c for c in ax_g.collections if isinstance(c, LineCollection))
    assert len(edges.get_segments()) == 6  # the six undirected edges
    vertices = next(c for c in ax_g.collections if c.get_gid() == "vertices")
    assert_allclose(np.asarray(vertices.get_offsets()), component_layout(A))
    assert ax_s.get_xlabel()
    assert ax_s.get_ylabel()


def test_plot_spectral_clustering_draws_the_embedding() -> None:
    A, truth = planted_partition([10, 10, 10], 0.6, 0.02, rng=np.random.default_rng(0))
    _, U = spectral_embedding(A, 3)
    found = spectral_clustering(A, 3)
    fig = plot_spectral_clustering(A, U, truth, found)
    fig.canvas.draw()  # renders every label: mathtext errors surface here
    ax = fig.axes[2]
    points = np.concatenate(
        [
            c.get_offsets()
            for c in ax.collections
            if isinstance(c, PathCollection) and c.get_gid() == "embedding"
        ]
    )
    expected = np.concatenate([U[truth == t][:, 1:3] for t in range(3)])
    assert_allclose(points, expected)
    # the sorted image is block diagonal: the sorted matrix is a permutation of A
    image = fig.axes[1].images[0].get_array()
    order = np.argsort(found, kind="stable")
    assert_array_equal(np.asarray(image), A[np.ix_(order, order)])
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_title()


def test_plot_clusterings_one_panel_per_labelling() -> None:
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    fig = plot_clusterings(X, {"first": [0, 0, 1], "second": [1, 0, 1]})
    fig.canvas.draw()  # renders every label: mathtext errors surface here
    assert [ax.get_title() for ax in fig.axes] == ["first", "second"]
    for ax in fig.axes:
        (pts,) = [c for c in ax.collections if c.get_gid() == "points"]
        assert_allclose(np.asarray(pts.get_offsets()), X)


def test_plot_pagerank_bound_and_sizes() -> None:
    A = adjacency_from_edges(3, [(0, 1), (1, 2), (2, 0), (0, 2)], directed=True)
    scores, _ = pagerank(A, 0.85)
    errors = np.array([0.5, 0.1, 0.02])
    fig = plot_pagerank(A, np.eye(3)[:, :2], scores, errors, 0.85)
    fig.canvas.draw()  # renders every label: mathtext errors surface here
    ax_g, ax_e = fig.axes
    (bound,) = [ln for ln in ax_e.lines if ln.get_gid() == "bound"]
    assert_allclose(np.asarray(bound.get_ydata(), dtype=np.float64), 2 * 0.85 ** np.arange(3))
    (err,) = [ln for ln in ax_e.lines if ln.get_gid() == "errors"]
    assert_allclose(np.asarray(err.get_ydata(), dtype=np.float64), errors)
    (vertices,) = [
        c for c in ax_g.collections if isinstance(c, PathCollection) and c.get_gid() == "vertices"
    ]
    sizes = np.asarray(vertices.get_sizes())
    # marker area proportional to PageRank
    assert_allclose(sizes / scores, sizes[0] / scores[0], rtol=1e-12)
    arrows = [t for t in ax_g.texts if t.get_text() == ""]
    assert len(arrows) == 4  # one arrow per directed edge
    assert ax_e.get_yscale() == "log"
    assert ax_e.get_xlabel()
    assert ax_e.get_ylabel()
