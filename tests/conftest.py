"""Shared test configuration."""

import matplotlib

matplotlib.use("Agg")  # figures render off-screen, before any test imports pyplot
