"""Tests for aimath.manifold (chapter 19): reference values, properties, references, errors.

Tolerances. Distances here are sums of a few float64 terms of size 1..100,
exact to a few ulp; ``1e-12`` relative leaves a wide margin and would still
catch any wrong formula. Eigenvectors from LAPACK (ours) and from another
solver (scikit-learn) agree to about ``eps * ||B|| / gap``; the swiss-roll
spectrum has a wide gap, so ``1e-8`` relative to the largest coordinate is
safe. Perplexity calibration stops when the row entropy is within ``tol`` nats
of ``log(perplexity)``, so the achieved perplexity is within a relative
``exp(tol) - 1 < 1.0001 * tol`` of the target.
"""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose, assert_array_equal
from scipy.integrate import quad
from scipy.sparse.csgraph import shortest_path
from scipy.spatial.distance import squareform
from scipy.stats import spearmanr
from sklearn.datasets import load_digits
from sklearn.manifold import TSNE, ClassicalMDS, Isomap
from sklearn.manifold import _t_sne as sk_tsne
from sklearn.manifold import trustworthiness as sk_trustworthiness
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine
from sklearn.model_selection import LeaveOneOut, cross_val_score
from sklearn.neighbors import KNeighborsClassifier, kneighbors_graph
from strategies import FAST

from aimath.graphs import connected_components, laplacian
from aimath.manifold import (
    classical_mds,
    conditional_affinities,
    cosine_similarity_matrix,
    isomap,
    joint_affinities,
    knn_accuracy,
    knn_graph,
    neighbourhood_preservation,
    shortest_path_distances,
    swiss_roll,
    swiss_roll_geodesics,
    trustworthiness,
    tsne,
    tsne_gradient,
    tsne_kl,
)
from aimath.norms import pairwise_distances
from aimath.plotting.manifold import (
    cosine_density,
    plot_cosine_histograms,
    plot_distance_comparison,
    plot_embeddings_by_class,
    plot_kl_history,
    plot_swiss_roll,
    plot_unrolling,
)

TOL = 1e-12


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _arr(x: object) -> np.ndarray:
    """Plotted data as a float array (matplotlib's getters are loosely typed)."""
    return np.asarray(x, dtype=np.float64)


def _points(n: int, d: int, seed: int) -> np.ndarray:
    """Continuous random points: no ties among their distances (almost surely)."""
    return np.random.default_rng(seed).normal(size=(n, d))


def _joint_P(X: np.ndarray, perplexity: float) -> np.ndarray:
    P_cond, _ = conditional_affinities(pairwise_distances(X) ** 2, perplexity)
    return joint_affinities(P_cond)


# point clouds of 5..12 points in 1..4 dimensions, entries of moderate size
_clouds = st.tuples(st.integers(5, 12), st.integers(1, 4)).flatmap(
    lambda s: hnp.arrays(np.float64, s, elements=st.floats(-10.0, 10.0, width=64))
)


def _distinct(X: np.ndarray) -> bool:
    D = pairwise_distances(X) + np.eye(X.shape[0])
    return bool(np.all(D > 1e-3))


# ---------------------------------------------------------------------------
# reference values
# ---------------------------------------------------------------------------


def test_swiss_roll_lies_on_the_surface() -> None:
    X, t = swiss_roll(500, rng=np.random.default_rng(0))
    # closed form: (t cos t, h, t sin t) has distance t from the x2 axis, at angle t
    assert_allclose(np.hypot(X[:, 0], X[:, 2]), t, rtol=TOL)
    assert_allclose(np.arctan2(X[:, 2], X[:, 0]), np.angle(np.exp(1j * t)), atol=1e-12)
    assert t.min() >= 1.5 * np.pi
    assert t.max() <= 4.5 * np.pi
    assert X[:, 1].min() >= 0.0
    assert X[:, 1].max() <= 21.0
    noisy, t2 = swiss_roll(500, noise=0.5, rng=np.random.default_rng(0))
    assert_array_equal(t, t2)  # noise is drawn after (t, h): same intrinsic coordinates
    assert 0.4 < np.std(noisy - X) < 0.6


def test_swiss_roll_geodesics_match_numerical_arc_length() -> None:
    # s(1) - s(0) = int_0^1 sqrt(1 + u^2) du, by scipy.integrate.quad (abs error ~1e-14)
    arc, _ = quad(lambda u: np.sqrt(1.0 + u * u), 0.0, 1.0)
    D = swiss_roll_geodesics([0.0, 1.0, 1.0], [0.0, 0.0, 2.0])
    assert_allclose(D[0, 1], arc, rtol=1e-13)
    assert_allclose(D[0, 2], np.hypot(arc, 2.0), rtol=1e-13)
    # a fine polyline along the spiral at one height has the same length
    t = np.linspace(5.0, 12.0, 20001)
    pts = np.column_stack([t * np.cos(t), t * np.sin(t)])
    polyline = np.sum(np.linalg.norm(np.diff(pts, axis=0), axis=1))
    # chord error per segment ~ h^2 curvature: relative 1e-8 is ample
    assert_allclose(swiss_roll_geodesics([5.0, 12.0], [3.0, 3.0])[0, 1], polyline, rtol=1e-8)


def test_knn_graph_by_hand() -> None:
    # points 0, 1, 3 on a line, k = 1: 0 -> 1, 1 -> 0, 3 -> 1
    assert_array_equal(knn_graph([[0.0], [1.0], [3.0]], 1), [[0, 1, 0], [1, 0, 2], [0, 2, 0]])
    # ties go to the smaller index: from 1, points 0 and 2 are both at distance 1
    assert_array_equal(knn_graph([[0.0], [1.0], [2.0]], 1), [[0, 1, 0], [1, 0, 1], [0, 1, 0]])


def test_knn_graph_matches_sklearn_and_works_with_graphs() -> None:
    X = _points(60, 3, 1)
    W = knn_graph(X, 5)
    A = kneighbors_graph(X, 5, mode="distance").toarray()
    # sklearn's directed k-NN graph, symmetrised as Isomap does: same entries, exactly
    assert_allclose(W, np.maximum(A, A.T), rtol=1e-14)
    assert np.all((W > 0).sum(axis=1) >= 5)
    # usable by chapter 18: a symmetric non-negative adjacency matrix
    assert connected_components(W)[0] >= 1
    assert_allclose(laplacian(W).sum(axis=1), 0.0, atol=1e-12)


def test_shortest_paths_by_hand() -> None:
    W = [[0, 1, 0, 0], [1, 0, 2, 0], [0, 2, 0, 0], [0, 0, 0, 0]]
    G = shortest_path_distances(W)
    assert_array_equal(G[:3, :3], [[0, 1, 3], [1, 0, 2], [3, 2, 0]])
    assert np.all(np.isinf(G[3, :3]))
    assert G[3, 3] == 0.0
    # directed: 0 -> 1 -> 2 but no way back
    Gd = shortest_path_distances([[0, 1, 0], [0, 0, 1], [0, 0, 0]])
    assert Gd[0, 2] == 2.0
    assert np.isinf(Gd[2, 0])


def test_classical_mds_of_a_square() -> None:
    # unit square: B = centred Gram matrix with eigenvalues 1, 1, 0, 0 (by hand)
    sq = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    Y, lam = classical_mds(pairwise_distances(sq), 2)
    assert_allclose(lam, [1.0, 1.0, 0.0, 0.0], atol=1e-14)
    assert_allclose(pairwise_distances(Y), pairwise_distances(sq), atol=1e-14)


def test_perplexity_of_equidistant_points_is_exact() -> None:
    # all other points equally far: p_{j|i} uniform, perplexity n - 1 for any beta;
    # so a target below n - 1 must come from sharpening, and the bound is enforced
    D2 = np.ones((5, 5)) - np.eye(5)
    with pytest.raises(ValueError, match="`perplexity`"):
        conditional_affinities(D2, 4.0)
    # a 1-D chain: the search converges for every row (closed-form check below)
    D2 = (np.arange(6.0)[:, None] - np.arange(6.0)[None, :]) ** 2
    P, perp = conditional_affinities(D2, 2.5)
    H = -np.sum(np.where(P > 0, P * np.log(np.where(P > 0, P, 1.0)), 0.0), axis=1)
    assert_allclose(np.exp(H), perp, rtol=1e-12)  # returned perplexity = exp(entropy)
    assert_allclose(perp, 2.5, rtol=1.0001e-5)


def test_tsne_kl_is_zero_when_q_equals_p() -> None:
    # two points: Q = [[0, 1/2], [1/2, 0]] whatever Y is
    P = [[0.0, 0.5], [0.5, 0.0]]
    assert tsne_kl(P, [[0.0, 0.0], [3.0, 4.0]]) == 0.0
    assert_array_equal(tsne_gradient(P, [[0.0, 0.0], [3.0, 4.0]]), 0.0)


def test_neighbourhood_scores_by_hand() -> None:
    X = [[0.0], [1.0], [3.0], [7.0]]
    assert neighbourhood_preservation(X, X, 1) == 1.0
    # nearest neighbours in X: 0->1, 1->0, 2->1, 3->2; in Y: 0->1, 1->0, 2->3, 3->1
    assert neighbourhood_preservation(X, [[0.0], [1.0], [7.0], [3.0]], 1) == 0.5
    assert knn_accuracy([[0.0], [0.1], [5.0], [5.1]], [0, 0, 1, 1], 1) == 1.0
    assert knn_accuracy([[0.0], [5.0], [0.1], [5.1]], [0, 0, 1, 1], 1) == 0.0


def test_cosine_similarity_matrix_by_hand() -> None:
    S = cosine_similarity_matrix([[3.0, 4.0], [1.0, 0.0], [-3.0, -4.0]])
    assert_allclose(S, [[1, 0.6, -1], [0.6, 1, -0.6], [-1, -0.6, 1]], rtol=1e-15)
    # huge and tiny rows: scaled first, no overflow or underflow
    S2 = cosine_similarity_matrix([[1e200, 1e200], [1e-200, 0.0]])
    assert_allclose(S2[0, 1], np.sqrt(0.5), rtol=1e-15)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


@FAST
@given(_clouds)
def test_mds_recovers_euclidean_configurations(X: np.ndarray) -> None:
    d = X.shape[1]
    D = pairwise_distances(X)
    Y, lam = classical_mds(D, d)
    scale = float(D.max()) + 1.0
    # B = centred Gram matrix: exact reconstruction, errors ~ eps * scale^2 / gap; 1e-6 * scale
    assert_allclose(pairwise_distances(Y), D, atol=1e-6 * scale)
    # rank <= d: the remaining eigenvalues vanish up to eps * ||B||
    assert np.all(np.abs(lam[d:]) <= 1e-9 * scale**2)
    assert np.all(np.diff(lam) <= 1e-9 * scale**2)  # descending


@FAST
@given(_clouds, st.integers(1, 4))
def test_shortest_paths_match_scipy(X: np.ndarray, k: int) -> None:
    if not _distinct(X):
        return
    W = knn_graph(X, min(k, X.shape[0] - 1))
    G = shortest_path_distances(W)
    # same min-plus updates in the same order as scipy's Floyd-Warshall: bit for bit
    assert_array_equal(G, shortest_path(W, method="FW", directed=False))
    # Dijkstra adds the edges of a path in another order: a few ulp per edge
    assert_allclose(G, shortest_path(W, method="D", directed=False), rtol=1e-13)
    # triangle inequality and the graph distance is never shorter than the straight line
    finite = np.isfinite(G)
    assert np.all(G[finite] >= pairwise_distances(X)[finite] * (1 - 1e-12))


@FAST
@given(_clouds, st.floats(1.5, 3.5))
def test_perplexity_calibration_hits_target_in_every_row(X: np.ndarray, perp: float) -> None:
    if not _distinct(X):
        return
    D2 = pairwise_distances(X) ** 2
    P, achieved = conditional_affinities(D2, perp)
    # |H - log perp| <= tol = 1e-5 nats => relative perplexity error <= exp(1e-5) - 1
    assert_allclose(achieved, perp, rtol=1.0001e-5)
    assert_allclose(P.sum(axis=1), 1.0, rtol=1e-13)
    assert np.all(np.diag(P) == 0.0)
    J = joint_affinities(P)
    assert_allclose(J.sum(), 1.0, rtol=1e-13)
    assert_array_equal(J, J.T)
    assert np.all(J.sum(axis=1) > 1.0 / (2 * X.shape[0]) * (1 - 1e-12))


@FAST
@given(_clouds, st.data())
def test_gradient_equals_central_differences(X: np.ndarray, data: st.DataObject) -> None:
    if not _distinct(X):
        return
    n = X.shape[0]
    P = _joint_P(X, 2.0)
    Y = data.draw(hnp.arrays(np.float64, (n, 2), elements=st.floats(-3.0, 3.0)))
    grad = tsne_gradient(P, Y)
    h = 1e-6
    fd = np.zeros_like(Y)
    for i in range(n):
        for c in range(2):
            E = np.zeros_like(Y)
            E[i, c] = h
            fd[i, c] = (tsne_kl(P, Y + E) - tsne_kl(P, Y - E)) / (2 * h)
    # central differences: truncation ~h^2 * |C'''| ~ 1e-12, rounding ~eps * C / h ~ 1e-10
    assert_allclose(grad, fd, rtol=1e-5, atol=1e-8)


@FAST
@given(_clouds)
def test_neighbourhood_scores_are_invariant_to_similarities(X: np.ndarray) -> None:
    if not _distinct(X):
        return
    rng = np.random.default_rng(0)
    Qm, _ = np.linalg.qr(rng.normal(size=(X.shape[1], X.shape[1])))
    moved = 3.0 * X @ Qm + 1.0  # rotate, scale, shift: the same neighbours
    k = 2
    assert neighbourhood_preservation(X, moved, k) == 1.0
    assert trustworthiness(X, moved, k) == 1.0


# ---------------------------------------------------------------------------
# reference implementations
# ---------------------------------------------------------------------------


def test_isomap_matches_sklearn_and_unrolls_the_roll() -> None:
    # 600 points, k = 8: connected, and no edge short-circuits between layers
    X, t = swiss_roll(600, rng=np.random.default_rng(19))
    Y = isomap(X, 8)
    Y_sk = Isomap(n_neighbors=8, n_components=2, eigen_solver="dense").fit_transform(X)
    for c in range(2):
        sign = np.sign(Y[:, c] @ Y_sk[:, c])  # eigenvectors are defined up to sign
        # dense LAPACK on the same matrix: see the module docstring (1e-8)
        assert_allclose(Y[:, c], sign * Y_sk[:, c], atol=1e-8 * np.abs(Y).max())
    # the first coordinate is the unrolled t: rank correlation near 1
    assert abs(spearmanr(Y[:, 0], t)[0]) > 0.99


def test_classical_mds_matches_sklearn_on_geodesic_distances() -> None:
    X, _ = swiss_roll(150, rng=np.random.default_rng(3))
    G = shortest_path_distances(knn_graph(X, 8))
    Y, lam = classical_mds(G, 2)
    Y_sk = ClassicalMDS(2, metric="precomputed").fit_transform(G)
    for c in range(2):
        sign = np.sign(Y[:, c] @ Y_sk[:, c])
        assert_allclose(Y[:, c], sign * Y_sk[:, c], atol=1e-8 * np.abs(Y).max())
    assert lam[-1] < 0.0  # geodesic distances of a curved sheet are not Euclidean


def test_joint_affinities_match_sklearn() -> None:
    X = _points(80, 5, 2)
    D2 = pairwise_distances(X) ** 2
    P = joint_affinities(conditional_affinities(D2, 10.0)[0])
    P_sk = squareform(sk_tsne._joint_probabilities(D2, 10.0, 0))
    # both bisect to an entropy tolerance of 1e-5 nats: the bandwidths differ by
    # about that much relative, and so do the (normalised) affinities
    assert_allclose(P, P_sk, rtol=1e-3, atol=1e-12)


def test_kl_and_gradient_match_sklearn_and_torch() -> None:
    X = _points(30, 4, 4)
    P = _joint_P(X, 5.0)
    Y = np.random.default_rng(5).normal(size=(30, 2))
    kl_sk, grad_sk = sk_tsne._kl_divergence(Y.ravel(), squareform(P, checks=False), 1, 30, 2)
    # sklearn clips q at machine epsilon and sums in another order: 1e-10 relative
    assert_allclose(tsne_kl(P, Y), kl_sk, rtol=1e-10)
    assert_allclose(tsne_gradient(P, Y).ravel(), grad_sk, rtol=1e-10, atol=1e-14)
    # torch autograd of the KL written with torch operations
    Yt = torch.tensor(Y, requires_grad=True)
    Pt = torch.tensor(P)
    num = 1.0 / (1.0 + torch.cdist(Yt, Yt) ** 2)
    num = num * (1.0 - torch.eye(30, dtype=torch.float64))
    Q = num / num.sum()
    mask = Pt > 0
    kl = torch.sum(Pt[mask] * (torch.log(Pt[mask]) - torch.log(Q[mask])))
    kl.backward()  # type: ignore[no-untyped-call]
    assert Yt.grad is not None
    # float64 autograd: same formula, different order of operations
    assert_allclose(tsne_kl(P, Y), kl.item(), rtol=1e-12)
    assert_allclose(tsne_gradient(P, Y), Yt.grad.numpy(), rtol=1e-9, atol=1e-14)


def test_tsne_on_digits_is_comparable_to_sklearn() -> None:
    X_all, y_all = load_digits(return_X_y=True)
    idx = np.random.default_rng(0).choice(len(X_all), 300, replace=False)
    X, y = X_all[idx], y_all[idx]
    Y, kl = tsne(X, perplexity=20.0, n_iter=500, rng=np.random.default_rng(0))
    sk = TSNE(
        2, perplexity=20.0, method="exact", max_iter=500, init="random",
        learning_rate=200.0, random_state=0, n_jobs=1,
    )  # fmt: skip
    Y_sk = sk.fit_transform(X)
    # the KL decreases after early exaggeration (sampled every 50 steps)
    assert np.all(np.diff(kl[250::50]) < 0)
    assert kl[-1] < kl[0]
    # comparable: within 0.05 of sklearn on each score (both ~0.6-0.99; a failed
    # embedding scores ~0.03 on preservation and ~0.1 on accuracy)
    assert abs(kl[-1] - sk.kl_divergence_) < 0.1
    np_ours, np_sk = (neighbourhood_preservation(X, E, 10) for E in (Y, Y_sk))
    assert np_ours > np_sk - 0.05
    acc_ours, acc_sk = (knn_accuracy(E, y, 5) for E in (Y, Y_sk))
    assert acc_ours > acc_sk - 0.05
    assert trustworthiness(X, Y, 5) > trustworthiness(X, Y_sk, 5) - 0.02


def test_tsne_steps_match_sklearn_gradient_descent() -> None:
    X = _points(60, 5, 0)
    P = _joint_P(X, 10.0)
    Y0 = 1e-4 * np.random.default_rng(1).standard_normal((60, 2))
    Y, _ = tsne(X, perplexity=10.0, n_iter=10, exaggeration_iter=10, init=Y0)
    p, _, _ = sk_tsne._gradient_descent(
        sk_tsne._kl_divergence, Y0.ravel().copy(), it=0, max_iter=10, n_iter_check=10**6,
        n_iter_without_progress=10**6, momentum=0.5, learning_rate=200.0, min_gain=0.01,
        min_grad_norm=0.0, args=[12.0 * squareform(P, checks=False), 1, 60, 2],
    )  # fmt: skip
    # the same momentum + gains update on the same exaggerated objective; ten steps
    # of rounding differences stay ~1e-12 (later, a gain decision taken on a product
    # that is 0 up to rounding can flip, and the two trajectories part)
    assert_allclose(Y.ravel(), p, rtol=0, atol=1e-9 * np.abs(p).max())


def test_trustworthiness_matches_sklearn() -> None:
    X = _points(120, 6, 7)
    Y = X[:, :2] + 0.3 * _points(120, 2, 8)
    for k in (1, 5, 20):
        # integer rank sums, then one division: identical up to rounding
        assert_allclose(trustworthiness(X, Y, k), sk_trustworthiness(X, Y, n_neighbors=k), rtol=TOL)


def test_knn_accuracy_matches_sklearn_leave_one_out() -> None:
    rng = np.random.default_rng(9)
    Y = np.vstack([rng.normal(0, 1, (20, 2)), rng.normal(1.5, 1, (20, 2))])
    y = np.repeat([0, 1], 20)
    for k in (1, 3, 5):  # odd k, two classes: no vote ties
        ref = cross_val_score(KNeighborsClassifier(n_neighbors=k), Y, y, cv=LeaveOneOut()).mean()
        assert_allclose(knn_accuracy(Y, y, k), ref, rtol=TOL)


def test_cosine_matrix_matches_sklearn_and_concentrates() -> None:
    X = _points(50, 7, 10)
    assert_allclose(cosine_similarity_matrix(X), sk_cosine(X), rtol=1e-12, atol=1e-15)
    # random Gaussian directions in d = 400: off-diagonal cosines have sd 1/sqrt(d);
    # with 4950 pairs the sample sd is within 5% of it (its own sd is ~1%)
    S = cosine_similarity_matrix(_points(100, 400, 11))
    off = S[np.triu_indices(100, 1)]
    assert_allclose(off.std(), 1 / np.sqrt(400), rtol=0.05)


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------


def test_swiss_roll_errors() -> None:
    with pytest.raises(ValueError, match="`n`"):
        swiss_roll(0, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="`n`"):
        swiss_roll(2.5, rng=np.random.default_rng(0))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`noise`"):
        swiss_roll(5, noise=-1.0, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="`rng`"):
        swiss_roll(5, rng=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`t` must be non-negative"):
        swiss_roll_geodesics([-1.0, 1.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="same length"):
        swiss_roll_geodesics([1.0, 1.0], [0.0])


def test_knn_graph_and_isomap_errors() -> None:
    X = _points(6, 2, 0)
    with pytest.raises(ValueError, match="`k` must be at least 1 and at most 5"):
        knn_graph(X, 6)  # k >= n
    with pytest.raises(ValueError, match="`k`"):
        knn_graph(X, 0)
    with pytest.raises(TypeError, match="`k`"):
        knn_graph(X, 2.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`X` must contain only finite"):
        knn_graph([[0.0, np.nan], [1.0, 1.0], [2.0, 2.0]], 1)
    with pytest.raises(ValueError, match="`X` must be a 2-D matrix"):
        knn_graph([0.0, 1.0, 2.0], 1)
    with pytest.raises(ValueError, match="`X` must not contain duplicate"):
        knn_graph([[0.0], [1.0], [0.0]], 1)
    with pytest.raises(ValueError, match="`X` must have at least 2 rows"):
        isomap([[0.0, 1.0]], 1)
    two_blobs = np.vstack([_points(5, 2, 1), 100.0 + _points(5, 2, 2)])
    with pytest.raises(ValueError, match=r"2 connected components.*increase `k`"):
        isomap(two_blobs, 3)
    with pytest.raises(ValueError, match="`n_components`"):
        isomap(X, 2, 7)


def test_shortest_path_and_mds_errors() -> None:
    with pytest.raises(ValueError, match="`W` must have non-negative"):
        shortest_path_distances([[0.0, -1.0], [-1.0, 0.0]])
    with pytest.raises(ValueError, match="`W` must be square"):
        shortest_path_distances([[0.0, 1.0]])
    with pytest.raises(ValueError, match="`W` must contain only finite"):
        shortest_path_distances([[0.0, np.inf], [np.inf, 0.0]])
    with pytest.raises(ValueError, match="`D` must be symmetric"):
        classical_mds([[0.0, 1.0], [2.0, 0.0]])
    with pytest.raises(ValueError, match="`D` must have a zero diagonal"):
        classical_mds([[1.0, 1.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="`D` must be non-negative"):
        classical_mds([[0.0, -1.0], [-1.0, 0.0]])
    with pytest.raises(ValueError, match="`n_components`"):
        classical_mds([[0.0, 1.0], [1.0, 0.0]], 3)


def test_affinity_errors() -> None:
    D2 = pairwise_distances(_points(10, 2, 3)) ** 2
    for bad in (1.0, 9.0, 0.5, 20.0):  # must lie in (1, n - 1) = (1, 9)
        with pytest.raises(
            ValueError, match=r"`perplexity` must be in the open interval \(1, n - 1\)"
        ):
            conditional_affinities(D2, bad)
    with pytest.raises(TypeError, match="`perplexity`"):
        conditional_affinities(D2, "30")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`tol`"):
        conditional_affinities(D2, 3.0, tol=0.0)
    with pytest.raises(ValueError, match="`max_iter`"):
        conditional_affinities(D2, 3.0, max_iter=0)
    with pytest.raises(ValueError, match="at least 3 points"):
        conditional_affinities([[0.0, 1.0], [1.0, 0.0]], 1.5)
    with pytest.raises(ValueError, match="`D2` must contain only finite"):
        conditional_affinities(np.where(D2 > 1, np.inf, D2), 3.0)
    with pytest.raises(ValueError, match="`P_cond` rows must sum to 1"):
        joint_affinities([[0.0, 0.5], [0.5, 0.0]])
    with pytest.raises(ValueError, match="`P_cond` must be non-negative"):
        joint_affinities([[0.5, 0.5], [1.0, 0.0]])
    with pytest.raises(ValueError, match="`P_cond` must have at least 2 rows"):
        joint_affinities([[1.0]])


def test_kl_and_gradient_errors() -> None:
    P = [[0.0, 0.5], [0.5, 0.0]]
    for func in (tsne_kl, tsne_gradient):
        with pytest.raises(ValueError, match="`P` and `Y` must have the same number of rows"):
            func(P, [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
        with pytest.raises(ValueError, match="`P` must sum to 1"):
            func([[0.0, 1.0], [1.0, 0.0]], [[0.0], [1.0]])
        with pytest.raises(ValueError, match="`P` must be non-negative"):
            func([[0.0, -0.5], [1.5, 0.0]], [[0.0], [1.0]])
        with pytest.raises(ValueError, match="`Y` must contain only finite"):
            func(P, [[0.0], [np.inf]])
    with pytest.raises(ValueError, match="`P` must sum to 1"):
        tsne_gradient([[0.0, 2.0], [2.0, 0.0]], [[0.0], [1.0]])
    with pytest.raises(ValueError, match="`P` puts mass on a diagonal"):
        tsne_kl([[0.5, 0.0], [0.0, 0.5]], [[0.0], [1.0]])


def test_tsne_errors() -> None:
    X = _points(10, 3, 0)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="`perplexity`"):
        tsne(X, perplexity=30.0, rng=rng)  # n = 10 needs perplexity < 9
    with pytest.raises(ValueError, match="`learning_rate`"):
        tsne(X, perplexity=3.0, learning_rate=0.0, rng=rng)
    with pytest.raises(ValueError, match="`early_exaggeration`"):
        tsne(X, perplexity=3.0, early_exaggeration=0.5, rng=rng)
    with pytest.raises(ValueError, match="`momentum`"):
        tsne(X, perplexity=3.0, momentum=1.0, rng=rng)
    with pytest.raises(ValueError, match="`initial_momentum`"):
        tsne(X, perplexity=3.0, initial_momentum=-0.1, rng=rng)
    with pytest.raises(ValueError, match="`n_iter`"):
        tsne(X, perplexity=3.0, n_iter=0, rng=rng)
    with pytest.raises(ValueError, match="`exaggeration_iter`"):
        tsne(X, perplexity=3.0, exaggeration_iter=-1, rng=rng)
    with pytest.raises(TypeError, match="`n_components`"):
        tsne(X, n_components=2.0, perplexity=3.0, rng=rng)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`X` must have at least 3 rows"):
        tsne(X[:2], perplexity=1.5, rng=rng)
    with pytest.raises(ValueError, match="`X` must contain only finite"):
        tsne(np.where(X > 1, np.nan, X), perplexity=3.0, rng=rng)
    with pytest.raises(TypeError, match="`rng`"):
        tsne(X, perplexity=3.0)
    with pytest.raises(TypeError, match="`rng`"):
        tsne(X, perplexity=3.0, rng=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`init` must have shape"):
        tsne(X, perplexity=3.0, init=np.zeros((10, 3)))


def test_score_errors() -> None:
    X = _points(10, 3, 0)
    with pytest.raises(ValueError, match="`X` and `Y` must have the same number of rows"):
        neighbourhood_preservation(X, X[:5], 2)
    with pytest.raises(ValueError, match="`k`"):
        neighbourhood_preservation(X, X, 10)
    with pytest.raises(ValueError, match="`k` must be less than n / 2"):
        trustworthiness(X, X, 5)
    with pytest.raises(ValueError, match="`Y` must be a 2-D matrix"):
        trustworthiness(X, X[:, 0], 2)
    with pytest.raises(ValueError, match="`labels` must hold 10 non-negative integers"):
        knn_accuracy(X, [0.5] * 10, 3)
    with pytest.raises(ValueError, match="`labels`"):
        knn_accuracy(X, [0, 1], 1)
    with pytest.raises(ValueError, match="`k`"):
        knn_accuracy(X, [0] * 10, 10)
    with pytest.raises(ValueError, match="`X` must not have a zero row"):
        cosine_similarity_matrix([[1.0, 0.0], [0.0, 0.0]])
    with pytest.raises(TypeError, match="`X`"):
        cosine_similarity_matrix("abc")


def test_plotting_errors() -> None:
    with pytest.raises(ValueError, match="`X` must have 3 columns"):
        plot_swiss_roll([[0.0, 1.0]], [1.0])
    with pytest.raises(ValueError, match="`t` must have one value per point"):
        plot_swiss_roll([[0.0, 1.0, 2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="`graph`"):
        plot_distance_comparison([1.0, 2.0], [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="`embeddings`"):
        plot_unrolling({}, [1.0])
    with pytest.raises(TypeError, match="`embeddings`"):
        plot_embeddings_by_class([[0.0, 0.0]], [0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must have 2 rows like the first"):
        plot_unrolling({"a": [[0.0, 0.0], [1.0, 1.0]], "b": [[0.0, 0.0]]}, [0.0, 1.0])
    with pytest.raises(ValueError, match="at most 10 classes"):
        plot_embeddings_by_class({"a": np.zeros((11, 2))}, np.arange(11))
    with pytest.raises(ValueError, match="`labels` must hold integer"):
        plot_embeddings_by_class({"a": np.zeros((2, 2))}, [0.5, 1.0])
    with pytest.raises(ValueError, match="`exaggeration_iter`"):
        plot_kl_history([1.0, 0.5], -1)
    with pytest.raises(TypeError, match="`exaggeration_iter`"):
        plot_kl_history([1.0, 0.5], 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`similarities` keys"):
        plot_cosine_histograms({1: [0.1]})
    with pytest.raises(ValueError, match="`d` must be at least 2"):
        cosine_density([0.0], 1)
    with pytest.raises(TypeError, match="`d`"):
        cosine_density([0.0], 2.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"`c` must lie in the open interval"):
        cosine_density([1.0], 3)
    with pytest.raises(ValueError, match=r"`similarities\[2\]` must lie in \[-1, 1\]"):
        plot_cosine_histograms({2: [1.5]})


# ---------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------


def test_plot_swiss_roll_draws_the_points_and_the_spiral() -> None:
    X, t = swiss_roll(100, rng=np.random.default_rng(0))
    fig = plot_swiss_roll(X, t)
    ax3, ax2, cbar = fig.axes
    offsets = _arr(ax2.collections[0].get_offsets())
    # the projection is (x1, x3): radius t, so the spiral r = t
    assert_allclose(np.hypot(offsets[:, 0], offsets[:, 1]), t, rtol=1e-12)
    assert_allclose(_arr(ax2.collections[0].get_array()), t)
    assert "t" in cbar.get_ylabel()
    assert ax3.get_xlabel()
    assert ax2.get_xlabel()
    assert ax2.get_ylabel()


def test_plot_distance_comparison_draws_pairs_and_diagonal() -> None:
    fig = plot_distance_comparison([1.0, 4.0], [1.0, 2.0], [1.0, 4.1])
    ax = fig.axes[0]
    eu, gr = ax.collections
    assert_allclose(_arr(eu.get_offsets()), [[1.0, 1.0], [4.0, 2.0]])
    assert_allclose(_arr(gr.get_offsets()), [[1.0, 1.0], [4.0, 4.1]])
    assert_allclose(
        _arr(ax.lines[0].get_xdata()), _arr(ax.lines[0].get_ydata())
    )  # the diagonal y = x
    assert ax.get_xlabel()
    assert ax.get_ylabel()


def test_plot_unrolling_one_panel_per_embedding() -> None:
    Y = np.arange(8.0).reshape(4, 2)
    fig = plot_unrolling({"PCA": Y, "Isomap": -Y}, [0.0, 1.0, 2.0, 3.0])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["PCA", "Isomap"]
    assert_allclose(_arr(fig.axes[1].collections[0].get_offsets()), -Y)
    assert_allclose(_arr(fig.axes[0].collections[0].get_array()), [0.0, 1.0, 2.0, 3.0])


def test_plot_embeddings_by_class_scatters_each_class() -> None:
    Y = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    fig = plot_embeddings_by_class({"ours": Y, "sklearn": 2 * Y}, [3, 3, 7])
    ax = fig.axes[1]
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert_allclose(_arr(scatters[0].get_offsets()), 2 * Y[:2])
    assert_allclose(_arr(scatters[1].get_offsets()), 2 * Y[2:])
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["3", "7"]
    # class names at the class medians
    texts = {t.get_text(): t.get_position() for t in ax.texts}
    assert_allclose(_arr(texts["3"]), [1.0, 0.0])
    assert_allclose(_arr(texts["7"]), [10.0, 10.0])


def test_plot_kl_history_draws_curve_and_markers() -> None:
    fig = plot_kl_history([3.0, 2.0, 1.0], 1, {"sklearn": 1.5})
    ax = fig.axes[0]
    assert_allclose(_arr(ax.lines[0].get_ydata()), [3.0, 2.0, 1.0])
    assert_allclose(_arr(ax.lines[1].get_xdata()), [1.0, 1.0])
    assert_allclose(_arr(ax.lines[2].get_ydata()), [1.5, 1.5])
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()][-1] == "sklearn"
    assert ax.get_xlabel()
    assert ax.get_ylabel()


def test_cosine_density_closed_forms() -> None:
    # d = 2: arcsine density 1 / (pi sqrt(1 - c^2)); d = 3: uniform 1/2 (closed forms)
    c = np.array([-0.9, 0.0, 0.5])
    assert_allclose(cosine_density(c, 2), 1 / (np.pi * np.sqrt(1 - c**2)), rtol=1e-13)
    assert_allclose(cosine_density(c, 3), 0.5, rtol=1e-13)
    # large d: close to the N(0, 1/d) density (relative error O(1/d) near 0)
    assert_allclose(cosine_density([0.0], 1000), np.sqrt(1000 / (2 * np.pi)), rtol=1e-3)
    # integrates to 1 (midpoint rule, smooth integrand for d = 5: error ~1e-7)
    mid = np.linspace(-1, 1, 20001)[:-1] + 1e-4 / 2
    assert_allclose(np.sum(cosine_density(mid[np.abs(mid) < 1], 5)) * 1e-4, 1.0, rtol=1e-6)


def test_plot_cosine_histograms_overlays_the_exact_density() -> None:
    rng = np.random.default_rng(0)
    sims = {d: cosine_similarity_matrix(rng.normal(size=(40, d)))[np.triu_indices(40, 1)]
            for d in (3, 300, 30)}  # fmt: skip
    fig = plot_cosine_histograms(sims)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 3
    for ax, d in zip(visible, (3, 300, 30), strict=True):
        line = ax.lines[0]
        x, y = _arr(line.get_xdata()), _arr(line.get_ydata())
        assert_allclose(y, cosine_density(x, d), rtol=1e-15)
        heights = [p.get_height() for p in ax.patches if isinstance(p, Rectangle)]
        # a density histogram on bins of width 0.05 integrates to 1
        assert_allclose(np.sum(heights) * 0.05, 1.0, rtol=1e-12)
        assert ax.get_title() == f"$d = {d}$"
