"""The four dtypes, how Python values map onto them, and how they upcast."""

from __future__ import annotations

import numpy as np

from .errors import DTypeError

# tfjs has float32, int32 and bool; float64 is our extension for gradient checks.
NUMPY_DTYPE = {
    "bool": np.dtype(np.bool_),
    "int32": np.dtype(np.int32),
    "float32": np.dtype(np.float32),
    "float64": np.dtype(np.float64),
}
DTYPE_NAME = {v: k for k, v in NUMPY_DTYPE.items()}
_RANK = {"bool": 0, "int32": 1, "float32": 2, "float64": 3}
FLOATS = ("float32", "float64")


def check_dtype(dtype: object, op: str = "tensor") -> str:
    """Return `dtype` as one of the four names, or raise naming what is allowed."""
    if dtype is None:
        return "float32"
    if isinstance(dtype, str) and dtype in NUMPY_DTYPE:
        return dtype
    try:
        name = DTYPE_NAME.get(np.dtype(dtype))  # accepts np.float32, 'float32', ...
    except TypeError:
        name = None
    if name is None:
        raise DTypeError(
            f"{op}: unknown dtype {dtype!r}. minitf supports 'float32', 'int32', 'bool' "
            "and 'float64'."
        )
    return name


def upcast(a: str, b: str) -> str:
    """The dtype of an op on `a` and `b`: bool < int32 < float32 < float64, as in tfjs."""
    return a if _RANK[a] >= _RANK[b] else b


def is_float(dtype: str) -> bool:
    """True for float32 and float64, the dtypes gradients flow through."""
    return dtype in FLOATS
