"""Making tensors: tensor, scalar, zeros, ones, ... (no gradient: these are constants)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .dtypes import NUMPY_DTYPE, check_dtype
from .ops._core import as_tensor, op
from .tensor import Tensor, tensor


def zeros_like(x: Any) -> Tensor:
    """Zeros with the shape and dtype of x."""
    x = as_tensor(x, "x", "zeros_like")
    return Tensor._make(np.zeros(x.shape, NUMPY_DTYPE[x.dtype]))


def ones_like(x: Any) -> Tensor:
    """Ones with the shape and dtype of x."""
    x = as_tensor(x, "x", "ones_like")
    return Tensor._make(np.ones(x.shape, NUMPY_DTYPE[x.dtype]))


op(zeros_like)
op(ones_like)

__all__ = ["tensor", "zeros_like", "ones_like", "check_dtype"]
