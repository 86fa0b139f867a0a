"""Reductions over axes: sum, mean, max, min, prod, arg_max, arg_min, all, any.

`axis` is an int, a list of ints (negative counts from the end) or None for
every axis; `keep_dims` keeps each reduced axis with size 1. Every VJP first
puts the reduced axes back (`_expand`), so the gradient of an entry is the
output gradient of the slice it was reduced into.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ..errors import ShapeError
from ..tensor import Tensor, format_shape
from ._core import as_tensor, cast_to, float_operand, normalize_axes, op, primitive
from .arithmetic import div, mul
from .logic import equal, where
from .shape import _broadcast_to, _reshape, cast

_add_reduce = np.add.reduce


def _kept_shape(shape: tuple, axes: tuple) -> tuple:
    return tuple(1 if i in axes else d for i, d in enumerate(shape))


def _count(shape: tuple, axes: tuple) -> int:
    """How many entries of `shape` each slice over `axes` holds."""
    n = 1
    for ax in axes:
        n *= shape[ax]
    return n


def _with_kept_axes(g: Tensor, shape: tuple, axes: tuple) -> Tensor:
    """g (a reduction's output or gradient) reshaped so the reduced axes are size 1."""
    kept = _kept_shape(shape, axes)
    return g if g.shape == kept else _reshape(g, shape=kept)


def _expand(g: Tensor, shape: tuple, axes: tuple) -> Tensor:
    """g copied back along the reduced axes, to the input's `shape`."""
    g = _with_kept_axes(g, shape, axes)
    return g if g.shape == shape else _broadcast_to(g, shape=shape)


def _no_empty_slices(x: Tensor, axes: tuple, op_name: str) -> None:
    """max/min/arg_max have no value for an empty slice (numpy refuses too)."""
    empty = [ax for ax in axes if x.shape[ax] == 0]
    slices = _count(x.shape, tuple(i for i in range(x.rank) if i not in axes))
    if empty and slices:
        raise ShapeError(
            f"{op_name}: cannot reduce over axis {empty[0]} of size 0 (tensor shape "
            f"{format_shape(x.shape)}): an empty slice has no {op_name.replace('_', ' ')}."
        )


# -- sum and mean ----------------------------------------------------------------------------
@primitive("Sum")
def _sum(x, axes, keep_dims):
    # The ufunc's own reduce: np.sum's wrapper costs more than a small sum itself.
    return _add_reduce(x, axis=axes, keepdims=keep_dims, dtype=x.dtype)


_sum.defvjp(lambda g, ans, x, axes, keep_dims: _expand(g, x.shape, axes))


@op
def sum(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """Sum over `axis` (an int, a list, or None for all); bools are summed as int32."""
    x = as_tensor(x, "x", "sum")
    if x.dtype == "bool":
        x = cast_to(x, "int32", "sum")
    return _sum(x, axes=normalize_axes(axis, x.rank, "sum"), keep_dims=bool(keep_dims))


@primitive("Mean")
def _mean(x, axes, keep_dims):
    if not _count(x.shape, axes):
        # The mean of an empty slice is NaN, as in numpy (without its warning).
        shape = np.sum(x, axis=axes, keepdims=keep_dims).shape
        return np.full(shape, np.nan, x.dtype)
    total = _add_reduce(x, axis=axes, keepdims=keep_dims, dtype=x.dtype)
    return total / x.dtype.type(_count(x.shape, axes))  # np.mean, minus its overhead


def _mean_vjp(g, ans, x, axes, keep_dims):
    n = _count(x.shape, axes)
    return _expand(mul(g, 1.0 / builtins.max(n, 1)), x.shape, axes)


_mean.defvjp(_mean_vjp)


@op
def mean(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """Mean over `axis`; int32 and bool inputs give float32, as in tfjs."""
    x = float_operand(x, "mean")
    return _mean(x, axes=normalize_axes(axis, x.rank, "mean"), keep_dims=bool(keep_dims))


# -- max and min -----------------------------------------------------------------------------
@primitive("Max")
def _max(x, axes, keep_dims):
    return np.max(x, axis=axes, keepdims=keep_dims)


@primitive("Min")
def _min(x, axes, keep_dims):
    return np.min(x, axis=axes, keepdims=keep_dims)


def _chooser_vjp(g, ans, x, axes, keep_dims):
    """The gradient goes to the entries equal to the result, split evenly among ties.

    Splitting (as HIPS autograd does) keeps the gradient of max(x) summing to 1
    over a slice even when several entries tie for the maximum.
    """
    hit = cast(equal(x, _with_kept_axes(ans, x.shape, axes)), g.dtype)
    share = div(hit, sum(hit, axes, keep_dims=True))
    return mul(_with_kept_axes(g, x.shape, axes), share)


_max.defvjp(_chooser_vjp)
_min.defvjp(_chooser_vjp)


@op
def max(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """The largest entry over `axis` (an int, a list, or None for all)."""
    x = as_tensor(x, "x", "max")
    axes = normalize_axes(axis, x.rank, "max")
    _no_empty_slices(x, axes, "max")
    return _max(x, axes=axes, keep_dims=bool(keep_dims))


@op
def min(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """The smallest entry over `axis` (an int, a list, or None for all)."""
    x = as_tensor(x, "x", "min")
    axes = normalize_axes(axis, x.rank, "min")
    _no_empty_slices(x, axes, "min")
    return _min(x, axes=axes, keep_dims=bool(keep_dims))


# -- prod ------------------------------------------------------------------------------------
@primitive("Prod")
def _prod(x, axes, keep_dims):
    return np.prod(x, axis=axes, keepdims=keep_dims, dtype=x.dtype)


def _prod_vjp(g, ans, x, axes, keep_dims):
    """d prod / d x_i is the product of the other entries of x_i's slice.

    Without zeros that is prod / x_i. In a slice holding a zero, prod is 0,
    so prod / x_i is still right (0) at the nonzero entries; at a zero it is
    0/0, and the product of the others is the product of the slice's nonzero
    entries if that is the slice's only zero, else 0. Recorded in minitf ops,
    this is exact to every order except one case: for two zeros i, j of one
    slice, d2 prod / dx_i dx_j comes out 0 instead of the product of the rest.
    """
    from ..creation import ones_like

    ans_kept = _with_kept_axes(ans, x.shape, axes)
    g_kept = _with_kept_axes(g, x.shape, axes)
    is_zero = equal(x, 0.0)
    if not any(is_zero).item():
        return mul(g_kept, div(ans_kept, x))
    safe = where(is_zero, ones_like(x), x)
    nonzero_prod = prod(safe, axes, keep_dims=True)
    single_zero = equal(sum(is_zero, axes, keep_dims=True), 1)
    at_zero = where(single_zero, nonzero_prod, 0.0)
    others = where(is_zero, at_zero, div(ans_kept, safe))
    return mul(g_kept, others)


_prod.defvjp(_prod_vjp)


@op
def prod(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """Product over `axis`; bools are multiplied as int32. An empty product is 1."""
    x = as_tensor(x, "x", "prod")
    if x.dtype == "bool":
        x = cast_to(x, "int32", "prod")
    return _prod(x, axes=normalize_axes(axis, x.rank, "prod"), keep_dims=bool(keep_dims))


# -- arg_max and arg_min (no gradient: indices are integers) -----------------------------
@primitive("ArgMax")
def _arg_max(x, axis):
    return np.argmax(x, axis=axis).astype(np.int32)


@primitive("ArgMin")
def _arg_min(x, axis):
    return np.argmin(x, axis=axis).astype(np.int32)


_arg_max.defvjp(None)
_arg_min.defvjp(None)


def _one_axis(x: Tensor, axis: Any, op_name: str) -> int | None:
    if not isinstance(axis, (int, np.integer)) and len(list(axis)) != 1:
        raise ShapeError(f"{op_name}: takes one axis, got {list(axis)}.")
    axes = normalize_axes(axis, x.rank, op_name)
    _no_empty_slices(x, axes, op_name)
    return axes[0] if axes else None


@op
def arg_max(x: Any, axis: int = 0) -> Tensor:
    """The int32 index of the largest entry along `axis` (first one on ties)."""
    x = as_tensor(x, "x", "arg_max")
    return _arg_max(x, axis=_one_axis(x, axis, "arg_max"))


@op
def arg_min(x: Any, axis: int = 0) -> Tensor:
    """The int32 index of the smallest entry along `axis` (first one on ties)."""
    x = as_tensor(x, "x", "arg_min")
    return _arg_min(x, axis=_one_axis(x, axis, "arg_min"))


# -- all and any -----------------------------------------------------------------------------
@primitive("All")
def _all(x, axes, keep_dims):
    return np.all(x, axis=axes, keepdims=keep_dims)


@primitive("Any")
def _any(x, axes, keep_dims):
    return np.any(x, axis=axes, keepdims=keep_dims)


_all.defvjp(None)
_any.defvjp(None)


def _as_bool(x: Any, op_name: str) -> Tensor:
    # Numbers count as true when nonzero, as in numpy.
    return cast_to(as_tensor(x, "x", op_name), "bool", op_name)


@op
def all(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """True where every entry over `axis` is true (an empty slice gives true)."""
    x = _as_bool(x, "all")
    return _all(x, axes=normalize_axes(axis, x.rank, "all"), keep_dims=bool(keep_dims))


@op
def any(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """True where some entry over `axis` is true (an empty slice gives false)."""
    x = _as_bool(x, "any")
    return _any(x, axes=normalize_axes(axis, x.rank, "any"), keep_dims=bool(keep_dims))


__all__ = ["sum", "mean", "max", "min", "prod", "arg_max", "arg_min", "all", "any"]
