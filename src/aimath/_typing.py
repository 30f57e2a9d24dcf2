"""Type aliases shared by the topic modules."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

__all__ = ["ArrayLike", "FloatArray"]
