"""aimath: the tested mathematics behind *Mathematics for AI, verified*.

Every formula the book teaches lives here as a small NumPy function with a
docstring example, property tests and a check against a reference library.
Topic modules mirror the book's chapters::

    aimath.vectors   chapter 1, vectors and matrices

``import aimath`` needs only NumPy. :mod:`aimath.plotting` needs matplotlib and
:mod:`aimath.book` needs myst-nb when it glues.
"""

from aimath.vectors import (
    collapse_linear_layers,
    cosine_similarity,
    det2,
    dot,
    inverse2,
    is_linearly_independent,
    linear_layer,
    matmul,
    most_similar,
    neuron,
    norm,
    polygon_area,
    rank,
    relu,
    transform_points,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "collapse_linear_layers",
    "cosine_similarity",
    "det2",
    "dot",
    "inverse2",
    "is_linearly_independent",
    "linear_layer",
    "matmul",
    "most_similar",
    "neuron",
    "norm",
    "polygon_area",
    "rank",
    "relu",
    "transform_points",
]
