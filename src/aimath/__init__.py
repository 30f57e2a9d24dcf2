"""aimath: the tested mathematics behind *Mathematics for AI, verified*.

Every formula the book teaches lives here as a small NumPy function with a
docstring example, property tests and a check against a reference library.
Topic modules mirror the book's chapters::

    aimath.vectors         chapter 1, vectors and matrices
    aimath.decomposition   chapter 2, matrix decompositions
    aimath.norms           chapter 3, norms and distances
    aimath.tensors         chapter 4, linear algebra for deep learning

``import aimath`` needs only NumPy. :mod:`aimath.plotting` needs matplotlib and
:mod:`aimath.book` needs myst-nb when it glues.
"""

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
from aimath.norms import (
    ball_constrained_least_squares,
    distance_concentration,
    frobenius_norm,
    lp_norm,
    lp_quasinorm,
    mahalanobis,
    pairwise_distances,
    project_onto_ball,
    relative_contrast,
    spectral_norm,
    unit_ball_boundary,
)
from aimath.tensors import (
    attention_block_parameters,
    attention_scores,
    broadcast_shape,
    linear_layer_parameters,
    matmul_bytes,
    matmul_flops,
    mlp_parameters,
    product_condition_numbers,
    product_singular_values,
    qkv_projections,
)
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
    "PCAResult",
    "__version__",
    "attention_block_parameters",
    "attention_scores",
    "ball_constrained_least_squares",
    "broadcast_shape",
    "collapse_linear_layers",
    "condition_number",
    "cosine_similarity",
    "det2",
    "distance_concentration",
    "dot",
    "eig_sym",
    "frobenius_norm",
    "gram_schmidt",
    "inverse2",
    "is_linearly_independent",
    "linear_layer",
    "linear_layer_parameters",
    "lora_parameter_counts",
    "low_rank_approx",
    "low_rank_error",
    "low_rank_errors",
    "lp_norm",
    "lp_quasinorm",
    "lu",
    "lu_solve",
    "mahalanobis",
    "matmul",
    "matmul_bytes",
    "matmul_flops",
    "mlp_parameters",
    "most_similar",
    "neuron",
    "norm",
    "pairwise_distances",
    "pca",
    "pca_reconstruct",
    "pca_transform",
    "polygon_area",
    "power_iteration",
    "power_iteration_path",
    "product_condition_numbers",
    "product_singular_values",
    "project_onto_ball",
    "qkv_projections",
    "rank",
    "relative_contrast",
    "relu",
    "spectral_norm",
    "transform_points",
    "truncated_svd",
    "unit_ball_boundary",
]
