"""Ops that move values around without computing new ones: cast, reshape, broadcast_to."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import NUMPY_DTYPE, check_dtype, is_float
from ..errors import ShapeError
from ..tensor import Tensor, format_shape
from ._core import as_tensor, op, primitive, unbroadcast


@primitive("Cast")
def _cast(x, dtype):
    if dtype == "int32" and x.dtype.kind == "f" and not np.isfinite(x).all():
        raise ValueError("cast: NaN or Infinity cannot be cast to int32.")
    return x.astype(NUMPY_DTYPE[dtype])


def _cast_vjp(g, ans, x, dtype):
    from .creation import zeros_like

    if not is_float(x.dtype):
        return zeros_like(x)
    return cast(g, x.dtype)


_cast.defvjp(_cast_vjp)


@op
def cast(x: Any, dtype: str) -> Tensor:
    """x converted to `dtype` (float to int truncates toward zero, as in tfjs)."""
    x = as_tensor(x, "x", "cast")
    dtype = check_dtype(dtype, "cast")
    if dtype == x.dtype:
        return clone(x)
    return _cast(x, dtype=dtype)


@primitive("Identity", shares_buffer=True)
def _clone(x):
    return x


_clone.defvjp(lambda g, ans, x: g)


@op
def clone(x: Any) -> Tensor:
    """A new tensor with the same values (sharing its data buffer, as in tfjs)."""
    return _clone(as_tensor(x, "x", "clone"))


@primitive("Reshape", shares_buffer=True)
def _reshape(x, shape):
    return x.reshape(shape)


_reshape.defvjp(lambda g, ans, x, shape: reshape(g, x.shape))


def _resolve_shape(shape: Any, size: int, old: tuple, op_name: str) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        shape = [shape]
    dims = [int(d) for d in shape]
    unknown = [i for i, d in enumerate(dims) if d == -1]
    if len(unknown) > 1 or any(d < -1 for d in dims):
        raise ShapeError(
            f"{op_name}: shape {format_shape(dims)} may hold at most one -1 and no other "
            "negative sizes."
        )
    known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
    if unknown:
        if known == 0 or size % known:
            raise ShapeError(
                f"{op_name}: cannot reshape a tensor of shape {format_shape(old)} ({size} "
                f"elements) into {format_shape(dims)}: {size} is not a multiple of {known}."
            )
        dims[unknown[0]] = size // known
    elif known != size:
        raise ShapeError(
            f"{op_name}: cannot reshape a tensor of shape {format_shape(old)} ({size} elements) "
            f"into {format_shape(dims)} ({known} elements). The sizes must match."
        )
    return tuple(dims)


@op
def reshape(x: Any, shape: Any) -> Tensor:
    """The same values in a new shape (one entry may be -1: inferred)."""
    x = as_tensor(x, "x", "reshape")
    new = _resolve_shape(shape, x.size, x.shape, "reshape")
    if new == x.shape:
        return x
    return _reshape(x, shape=new)


@primitive("BroadcastTo")
def _broadcast_to(x, shape):
    return np.broadcast_to(x, shape).copy()


_broadcast_to.defvjp(lambda g, ans, x, shape: unbroadcast(g, x.shape))


@op
def broadcast_to(x: Any, shape: Any) -> Tensor:
    """x repeated along axes of size 1 (and new leading axes) to reach `shape`."""
    x = as_tensor(x, "x", "broadcast_to")
    shape = tuple(int(d) for d in shape)
    try:
        np.broadcast_shapes(x.shape, shape)
        ok = np.broadcast_shapes(x.shape, shape) == shape
    except ValueError:
        ok = False
    if not ok:
        raise ShapeError(
            f"broadcast_to: cannot broadcast a tensor of shape {format_shape(x.shape)} to "
            f"{format_shape(shape)}."
        )
    if shape == x.shape:
        return x
    return _broadcast_to(x, shape=shape)
