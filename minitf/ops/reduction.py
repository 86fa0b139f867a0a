"""Reductions over axes: sum, mean, max, min, prod, arg_max, arg_min, all, any."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ..tensor import Tensor
from ._core import as_tensor, normalize_axes, op, primitive


def _kept_shape(shape: tuple, axes: tuple) -> tuple:
    return tuple(1 if i in axes else d for i, d in enumerate(shape))


@primitive("Sum")
def _sum(x, axes, keep_dims):
    return np.sum(x, axis=axes, keepdims=keep_dims, dtype=x.dtype)


def _sum_vjp(g, ans, x, axes, keep_dims):
    from .shape import broadcast_to, reshape

    return broadcast_to(reshape(g, _kept_shape(x.shape, axes)), x.shape)


_sum.defvjp(_sum_vjp)


@op
def sum(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """Sum over `axis` (an int, a list, or None for all); bools are summed as int32."""
    x = as_tensor(x, "x", "sum")
    if x.dtype == "bool":
        from .shape import cast

        x = cast(x, "int32")
    axes = normalize_axes(axis, x.rank, "sum")
    return _sum(x, axes=axes, keep_dims=bool(keep_dims))


__all__ = ["sum", "builtins"]
