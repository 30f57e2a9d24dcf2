"""Tests for aimath.plotting.mi_features: MI of many features at once, and the figures."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.collections import PathCollection
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.feature_selection import mutual_info_classif
from sklearn.metrics import mutual_info_score
from strategies import FAST

from aimath.information import entropy, plugin_mutual_information
from aimath.plotting.mi_features import (
    feature_mi,
    greedy_mrmr,
    permutation_mi,
    plot_accuracy_vs_k,
    plot_mi_comparison,
    plot_mi_map,
    plugin_bias,
    top_k_overlap,
)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def discrete_samples(max_n: int = 40, max_d: int = 4) -> st.SearchStrategy[np.ndarray]:
    """Small integer-valued data matrices (values 0..4): discrete features."""
    shape = st.tuples(st.integers(2, max_n), st.integers(1, max_d))
    return arrays(np.int64, shape, elements=st.integers(0, 4))


# -- feature_mi: reference values ---------------------------------------------------------


def test_feature_mi_hand_table() -> None:
    # counts [[4, 0], [2, 2]]: by hand (eq-mif-hand), I = 3/2 - (3/4) log2 3
    x = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    y = np.array([0, 0, 0, 0, 0, 0, 1, 1])
    assert_allclose(feature_mi(x[:, None], y), [1.5 - 0.75 * math.log2(3)], rtol=1e-14)


def test_feature_mi_copy_and_constant() -> None:
    # a column equal to a balanced 4-class label carries H(Y) = 2 bits; a constant column 0
    y = np.tile([0, 1, 2, 3], 5)
    X = np.column_stack([y * 10.0, np.full(20, 7.0)])
    assert_allclose(feature_mi(X, y), [2.0, 0.0], rtol=1e-15, atol=0)
    assert_allclose(feature_mi(X, y, base=math.e), [math.log(4), 0.0], rtol=1e-15)


def test_feature_mi_matches_plugin_on_digits() -> None:
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X, y = X[:400], y[:400]
    reference = [plugin_mutual_information(X[:, j], y) for j in range(X.shape[1])]
    # same table sums, different order: rounding ~1e-15 bits
    assert_allclose(feature_mi(X, y), reference, rtol=1e-12, atol=1e-15)
    # sklearn's discrete estimator computes the same contingency tables, in nats
    sk = mutual_info_classif(X, y, discrete_features=True) / math.log(2)
    assert_allclose(feature_mi(X, y), sk, rtol=1e-12, atol=1e-14)


# -- feature_mi: properties -------------------------------------------------------------


@FAST
@given(discrete_samples(), st.data())
def test_feature_mi_properties(X: np.ndarray, data: st.DataObject) -> None:
    y = data.draw(arrays(np.int64, X.shape[0], elements=st.integers(0, 3)))
    mi = feature_mi(X, y)
    n = X.shape[0]
    H_y = entropy(np.unique(y, return_counts=True)[1] / n)
    for j in range(X.shape[1]):
        H_x = entropy(np.unique(X[:, j], return_counts=True)[1] / n)
        # exact bounds of the empirical distribution; 1e-12 covers rounding of the sums
        assert -1e-15 <= mi[j] <= min(H_x, H_y) + 1e-12
        # sklearn's mutual_info_score is the same plug-in estimate in nats
        assert_allclose(mi[j] * math.log(2), mutual_info_score(X[:, j], y), rtol=1e-10, atol=1e-13)


@FAST
@given(discrete_samples(max_d=3), st.data())
def test_feature_mi_is_invariant_to_relabelling(X: np.ndarray, data: st.DataObject) -> None:
    y = data.draw(arrays(np.int64, X.shape[0], elements=st.integers(0, 3)))
    # MI depends only on which samples share a value, not on the values themselves
    relabelled = 100.0 - 3.0 * X  # a bijection of the values of each column
    assert_allclose(feature_mi(relabelled, y + 7), feature_mi(X, y), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("X", "y", "kwargs", "exc", "message"),
    [
        ([[0.0, np.nan], [1.0, 1.0]], [0, 1], {}, ValueError, "`X` must contain only finite"),
        ([0.0, 1.0], [0, 1], {}, ValueError, "`X` must be a 2-D"),
        ([[0.0], [1.0]], [0, 1, 1], {}, ValueError, "`y` must have one entry per row of `X`"),
        ([[0.0], [1.0]], [0, np.inf], {}, ValueError, "`y` must contain only finite"),
        ([["a"], ["b"]], [0, 1], {}, TypeError, "`X`"),
        ([[0.0], [1.0]], [0, 1], {"base": 1.0}, ValueError, "`base` must be positive"),
        ([[0.0], [1.0]], [0, 1], {"base": -2.0}, ValueError, "`base` must be positive"),
    ],
)
def test_feature_mi_rejects_bad_input(
    X: object, y: object, kwargs: dict[str, object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        feature_mi(X, y, **kwargs)  # type: ignore[arg-type]


# -- permutation_mi and plugin_bias --------------------------------------------------------


def test_plugin_bias_reference_value() -> None:
    # by hand: m = 3 values, k = 2 labels, n = 100: (2)(1) / (2 * 100 ln 2) bits
    X = np.array([[0], [1], [2], [0]] * 25)
    y = np.array([0, 1] * 50)
    assert_allclose(plugin_bias(X, y), [1.0 / (100 * math.log(2))], rtol=1e-15)
    assert_allclose(plugin_bias(np.zeros((10, 1)), np.arange(10) % 2), [0.0], atol=0)


def test_permutation_baseline_matches_the_bias() -> None:
    rng = np.random.default_rng(1)
    X = rng.integers(0, 5, size=(2000, 3))  # 5 values, well filled cells
    y = rng.integers(0, 4, size=2000)
    null = permutation_mi(X, y, 200, np.random.default_rng(2))
    # first-order bias (4)(3) / (2 * 2000 ln 2) = 0.0043 bits; 200 x 3 shuffles give a
    # standard error of ~3 % of it, second-order terms ~1 %: 10 % is safe
    assert_allclose(null.mean(), plugin_bias(X, y).mean(), rtol=0.1)
    assert null.shape == (200, 3)
    assert np.all(null >= 0)


def test_permutation_keeps_marginals_and_is_seeded() -> None:
    X = np.arange(12.0).reshape(6, 2) % 3
    y = np.array([0, 0, 1, 1, 2, 2])
    a = permutation_mi(X, y, 5, np.random.default_rng(3))
    b = permutation_mi(X, y, 5, np.random.default_rng(3))
    assert_array_equal(a, b)
    # a permuted label has the same entropy, so the bound min(H(X), H(Y)) still holds
    H_y = math.log2(3)
    assert np.all(a <= H_y + 1e-12)


@pytest.mark.parametrize(
    ("n_permutations", "rng", "exc", "message"),
    [
        (0, np.random.default_rng(0), ValueError, "`n_permutations` must be a positive integer"),
        (2.5, np.random.default_rng(0), ValueError, "`n_permutations` must be a positive integer"),
        (2, 0, TypeError, "`rng` must be a numpy.random.Generator"),
    ],
)
def test_permutation_mi_rejects_bad_input(
    n_permutations: object, rng: object, exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=re.escape(message)):
        permutation_mi([[0.0], [1.0]], [0, 1], n_permutations, rng)  # type: ignore[arg-type]


def test_plugin_bias_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`y` must have one entry per row of `X`")):
        plugin_bias([[0.0], [1.0]], [0])
    with pytest.raises(ValueError, match=re.escape("`base` must be positive")):
        plugin_bias([[0.0], [1.0]], [0, 1], base=0.0)


# -- greedy_mrmr ----------------------------------------------------------------------------


def test_mrmr_avoids_a_duplicate() -> None:
    y = np.tile([0, 1, 2, 3], 100)  # balanced: each bit below carries exactly 1 bit
    a = y // 2  # the high bit of the label: 1 bit
    b = y % 2  # the low bit: 1 bit, independent of a
    X = np.column_stack([a, a, b])  # column 1 duplicates column 0
    # ranking by MI alone: 0 and 1 tie for first; mRMR replaces the duplicate by b
    assert greedy_mrmr(X, y, 2).tolist() == [0, 2]
    assert greedy_mrmr(X, y, 3).tolist() == [0, 2, 1]


@FAST
@given(discrete_samples(max_d=5), st.data())
def test_mrmr_is_a_permutation_prefix(X: np.ndarray, data: st.DataObject) -> None:
    y = data.draw(arrays(np.int64, X.shape[0], elements=st.integers(0, 3)))
    d = X.shape[1]
    full = greedy_mrmr(X, y, d)
    assert sorted(full.tolist()) == list(range(d))  # every feature once
    assert full[0] == int(np.argmax(feature_mi(X, y)))  # starts with the most relevant
    k = data.draw(st.integers(1, d))
    assert_array_equal(greedy_mrmr(X, y, k), full[:k])  # greedy: prefixes agree


@pytest.mark.parametrize("k", [0, 3, 1.5, True])
def test_mrmr_rejects_bad_k(k: object) -> None:
    with pytest.raises(ValueError, match=re.escape("`k` must be an integer in [1, 2]")):
        greedy_mrmr([[0.0, 1.0], [1.0, 0.0]], [0, 1], k)  # type: ignore[arg-type]


# -- top_k_overlap ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "k", "expected"),
    [
        ([0.9, 0.8, 0.1, 0.0], [0.7, 0.1, 0.8, 0.0], 2, 1),  # {0, 1} and {2, 0}
        ([0.9, 0.8, 0.1, 0.0], [0.9, 0.8, 0.1, 0.0], 3, 3),  # identical
        ([4.0, 3.0, 2.0, 1.0], [1.0, 2.0, 3.0, 4.0], 2, 0),  # reversed
        ([1.0, 1.0, 0.0], [0.0, 1.0, 1.0], 1, 0),  # ties go to the lower index: {0} vs {1}
    ],
)
def test_top_k_overlap_reference(a: list[float], b: list[float], k: int, expected: int) -> None:
    assert top_k_overlap(a, b, k) == expected


@pytest.mark.parametrize(
    ("b", "k", "message"),
    [
        ([1.0, 2.0], 1, "`scores_b` must have the length of `scores_a`"),
        ([1.0, 2.0, 3.0], 0, "`k` must be an integer in [1, 3]"),
        ([1.0, 2.0, 3.0], 4, "`k` must be an integer in [1, 3]"),
        ([1.0, np.nan, 3.0], 1, "`scores_b` must contain only finite"),
    ],
)
def test_top_k_overlap_rejects_bad_input(b: list[float], k: int, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        top_k_overlap([3.0, 2.0, 1.0], b, k)


# -- figures ------------------------------------------------------------------------------------


def test_mi_map_draws_the_scores_at_pixel_positions() -> None:
    mi = np.arange(6.0) / 10
    fig = plot_mi_map(mi, image_shape=(2, 3), selections={"best": [5, 4], "first": [0]})
    ax = fig.axes[0]
    assert_array_equal(np.asarray(ax.images[0].get_array()), mi.reshape(2, 3))
    assert ax.images[0].get_clim() == (0.0, 0.5)  # from 0 to the largest score
    markers = {str(line.get_label()): line for line in ax.lines}
    # pixel 5 is row 1, column 2; pixel 4 row 1, column 1 (x = column, y = row)
    assert_array_equal(markers["best"].get_xdata(), [2, 1])
    assert_array_equal(markers["best"].get_ydata(), [1, 1])
    assert_array_equal(markers["first"].get_xdata(), [0])
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert any("bits" in a.get_ylabel() for a in fig.axes[1:])  # the colour bar


@pytest.mark.parametrize(
    ("mi", "kwargs", "message"),
    [
        (np.zeros(5), {}, "`mi` must have h*w = 4 entries"),
        (-np.ones(4), {}, "`mi` must be non-negative"),
        (np.zeros(4), {"image_shape": (2,)}, "`image_shape` must be a pair"),
        (np.zeros(4), {"selections": {"a": [4]}}, "`selections['a']` must hold pixel indices"),
        (np.zeros(4), {"selections": {"a": [0.5]}}, "`selections['a']` must hold pixel indices"),
        (np.zeros(4), {"selections": {str(i): [0] for i in range(5)}}, "at most 4 sets"),
    ],
)
def test_mi_map_rejects_bad_input(mi: np.ndarray, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_mi_map(mi, **{"image_shape": (2, 2), **kwargs})  # type: ignore[arg-type]


def test_mi_comparison_draws_values_and_ranks() -> None:
    ours = np.array([0.3, 0.1, 0.2, 0.0])
    ref = np.array([0.25, 0.05, 0.3, 0.01])
    fig = plot_mi_comparison(ours, ref, noise_level=0.02)
    left, right = fig.axes
    (points,) = [c for c in left.collections if isinstance(c, PathCollection)]
    assert_array_equal(points.get_offsets(), np.column_stack([ours, ref]))
    # ranks by hand: ours 0.3 > 0.2 > 0.1 > 0.0 -> [1, 3, 2, 4]; ref -> [2, 3, 1, 4]
    (ranks,) = [c for c in right.collections if isinstance(c, PathCollection)]
    assert_array_equal(ranks.get_offsets(), [[1, 2], [3, 3], [2, 1], [4, 4]])
    noise = [line for line in left.lines if line.get_label() == "noise level"]
    assert_array_equal(noise[0].get_xdata(), [0.02, 0.02])
    assert left.get_xlabel()
    assert left.get_ylabel()
    assert right.get_xlabel()


def test_figures_reject_wrong_container_types() -> None:
    with pytest.raises(TypeError, match=re.escape("`selections` must map names")):
        plot_mi_map(np.zeros(4), image_shape=(2, 2), selections=[[0]])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`curves` must map names")):
        plot_accuracy_vs_k([1, 2], [[0.5, 0.6]])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("`labels` must be a pair of strings")):
        plot_mi_comparison([0.1, 0.2], [0.1, 0.2], labels=("a",))  # type: ignore[arg-type]


def test_mi_comparison_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=re.escape("`reference` must have the length of `ours`")):
        plot_mi_comparison([0.1, 0.2], [0.1])
    with pytest.raises(ValueError, match=re.escape("`noise_level` must be")):
        plot_mi_comparison([0.1, 0.2], [0.1, 0.2], noise_level=np.nan)


def test_accuracy_vs_k_draws_curves_band_and_line() -> None:
    ks = [1, 2, 4]
    random = np.array([[0.2, 0.3, 0.5], [0.4, 0.5, 0.7]])
    fig = plot_accuracy_vs_k(ks, {"top": [0.5, 0.7, 0.9]}, random=random, all_features=0.8)
    ax = fig.axes[0]
    lines = {str(line.get_label()): line for line in ax.lines}
    assert_array_equal(lines["top"].get_xdata(), ks)
    assert_array_equal(lines["top"].get_ydata(), [0.5, 0.7, 0.9])
    assert_allclose(np.asarray(lines["random $k$: mean"].get_ydata()), [0.3, 0.4, 0.6], rtol=1e-15)
    assert_array_equal(lines["all features"].get_ydata(), [0.8, 0.8])
    # the min..max band of the random draws
    band = np.asarray(ax.collections[0].get_paths()[0].vertices, dtype=float)
    assert band[:, 1].min() == 0.2
    assert band[:, 1].max() == 0.7
    assert ax.get_xlabel()
    assert ax.get_ylabel() == "test accuracy"


@pytest.mark.parametrize(
    ("curves", "kwargs", "message"),
    [
        ({"a": [0.5]}, {}, "must have one value per entry of `ks`"),
        ({"a": [0.5, 1.5]}, {}, "must hold accuracies in [0, 1]"),
        ({"a": [0.5, 0.6]}, {"random": [[0.1, 0.2, 0.3]]}, "`random` must have one value per"),
        ({"a": [0.5, 0.6]}, {"all_features": 2.0}, "`all_features` must be an accuracy"),
        ({str(i): [0.5, 0.6] for i in range(5)}, {}, "`curves` may hold at most 4"),
    ],
)
def test_accuracy_vs_k_rejects_bad_input(
    curves: dict[str, list[float]], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_accuracy_vs_k([1, 2], curves, **kwargs)  # type: ignore[arg-type]
