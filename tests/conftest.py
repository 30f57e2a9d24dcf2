"""Shared test configuration."""

from collections.abc import Iterator

import matplotlib
import pytest

matplotlib.use("Agg")  # figures render off-screen, before any test imports pyplot


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Undo Hypothesis' per-invocation wrapping of a parametrized test's settings.

    For every invocation of a parametrized ``@given`` test, Hypothesis' pytest
    plugin (6.170) replaces the function's settings with a child of the
    previous ones. The chain grows by one per invocation, and reading a setting
    walks it: after about a thousand invocations in one process (the bad-input
    audit has thousands) a lookup exceeds the recursion limit. Restoring the
    decorated settings before the plugin runs keeps the chain one link long.
    """
    function = getattr(getattr(item, "obj", None), "__func__", getattr(item, "obj", None))
    if function is not None and hasattr(function, "_hypothesis_internal_use_settings"):
        if not hasattr(function, "_aimath_decorated_settings"):
            function._aimath_decorated_settings = function._hypothesis_internal_use_settings
        function._hypothesis_internal_use_settings = function._aimath_decorated_settings
    yield


@pytest.fixture(autouse=True)
def _no_figures_left_open() -> None:
    """Start every test with no open figure.

    Tests assert ``plt.get_fignums() == []`` after an error path to show the
    function under test leaked no figure; a figure left open by an earlier test
    in another file must not decide that (the outcome would depend on order).
    """
    import matplotlib.pyplot as plt

    plt.close("all")
