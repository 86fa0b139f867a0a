"""Ops that move values around without computing new ones.

cast, clone, reshape (with flatten, expand_dims, squeeze), broadcast_to,
transpose, slice, pad, concat, stack, unstack, split, tile, gather, reverse.

As in tfjs, the ops that only relabel the shape (clone, reshape, flatten,
expand_dims, squeeze) share the input's data buffer. Every other op makes a
tensor that owns a fresh buffer: where numpy would hand back a view (slicing,
flipping), we copy, or a small slice would keep a big array alive behind
`memory()`'s back.

The VJPs pair up: slice <-> pad, gather <-> scatter-add, tile -> reshape + sum,
transpose -> the inverse transpose, concat -> one slice per input.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ..dtypes import NUMPY_DTYPE, check_dtype, is_float, upcast
from ..errors import DTypeError, ShapeError
from ..tensor import Tensor, format_shape
from ._core import as_tensor, cast_to, normalize_axes, op, primitive, unbroadcast


def _ints(value: Any, what: str, op_name: str) -> list[int]:
    """An int or a sequence of ints as a list, or a TypeError naming `what`."""
    items = [value] if isinstance(value, (int, np.integer)) else value
    try:
        items = list(items)
    except TypeError:
        raise TypeError(
            f"{op_name}: {what} must be an int or a list of ints, got {value!r}."
        ) from None
    for v in items:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"{op_name}: {what} must hold ints, got {v!r} in {value!r}.")
    return [int(v) for v in items]


def _axis(axis: Any, x: Tensor, op_name: str) -> int:
    """One axis of a tensor of rank >= 1 (negative counts from the end)."""
    if x.rank == 0:
        raise ShapeError(f"{op_name}: needs a tensor of rank >= 1, got a scalar (shape []).")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{op_name}: axis must be an int, got {axis!r}.")
    return normalize_axes(axis, x.rank, op_name)[0]


def _new_axis(axis: Any, x: Tensor, op_name: str) -> int:
    """Where a new axis goes in the result: -1 appends it, so valid is -rank-1..rank."""
    rank = x.rank
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{op_name}: axis must be an int, got {axis!r}.")
    if not -rank - 1 <= axis <= rank:
        raise ShapeError(
            f"{op_name}: axis {axis} is out of range for a new axis of a tensor of rank {rank} "
            f"(shape {format_shape(x.shape)}); valid axes are {-rank - 1} to {rank}."
        )
    return int(axis) % (rank + 1)


# -- cast and clone --------------------------------------------------------------------------
@primitive("Cast")
def _cast(x, dtype):
    if dtype == "int32" and x.dtype.kind == "f" and not np.isfinite(x).all():
        raise ValueError("cast: NaN or Infinity cannot be cast to int32.")
    return x.astype(NUMPY_DTYPE[dtype])


def _cast_vjp(g, ans, x, dtype):
    from ..creation import zeros_like

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


# -- reshape and its relatives: new shape, same buffer -----------------------------------
@primitive("Reshape", shares_buffer=True)
def _reshape(x, shape):
    return x.reshape(shape)


_reshape.defvjp(lambda g, ans, x, shape: _reshape(g, shape=x.shape))


def _resolve_shape(shape: Any, size: int, old: tuple, op_name: str) -> tuple[int, ...]:
    dims = _ints(shape, "shape", op_name)
    unknown = [i for i, d in enumerate(dims) if d == -1]
    if len(unknown) > 1 or builtins.any(d < -1 for d in dims):
        raise ShapeError(
            f"{op_name}: shape {format_shape(dims)} may hold at most one -1 and no other "
            "negative sizes."
        )
    known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
    if unknown:
        if known == 0 or size % known:
            raise ShapeError(
                f"{op_name}: cannot reshape a tensor of shape {format_shape(old)} ({size} "
                f"elements) into {format_shape(dims)}: the -1 cannot be inferred."
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
    return _reshape(x, shape=_resolve_shape(shape, x.size, x.shape, "reshape"))


@op
def flatten(x: Any) -> Tensor:
    """The values as a rank-1 tensor, in row-major order."""
    x = as_tensor(x, "x", "flatten")
    return _reshape(x, shape=(x.size,))


@op
def expand_dims(x: Any, axis: int = 0) -> Tensor:
    """x with a new axis of size 1 inserted at `axis` (-1 appends it)."""
    x = as_tensor(x, "x", "expand_dims")
    axis = _new_axis(axis, x, "expand_dims")
    return _reshape(x, shape=x.shape[:axis] + (1,) + x.shape[axis:])


@op
def squeeze(x: Any, axis: Any = None) -> Tensor:
    """x without its axes of size 1 (or only the listed ones, which must have size 1)."""
    x = as_tensor(x, "x", "squeeze")
    if axis is None:
        axes = tuple(i for i, d in enumerate(x.shape) if d == 1)
    else:
        axes = normalize_axes(axis, x.rank, "squeeze") if x.rank else ()
        for ax in axes:
            if x.shape[ax] != 1:
                raise ShapeError(
                    f"squeeze: cannot squeeze axis {ax} of a tensor of shape "
                    f"{format_shape(x.shape)}: its size is {x.shape[ax]}, not 1."
                )
    return _reshape(x, shape=tuple(d for i, d in enumerate(x.shape) if i not in axes))


# -- broadcast_to and transpose --------------------------------------------------------------
@primitive("BroadcastTo")
def _broadcast_to(x, shape):
    return np.broadcast_to(x, shape).copy()


_broadcast_to.defvjp(lambda g, ans, x, shape: unbroadcast(g, x.shape))


@op
def broadcast_to(x: Any, shape: Any) -> Tensor:
    """x repeated along axes of size 1 (and new leading axes) to reach `shape`."""
    x = as_tensor(x, "x", "broadcast_to")
    shape = tuple(_ints(shape, "shape", "broadcast_to"))
    try:
        ok = np.broadcast_shapes(x.shape, shape) == shape
    except ValueError:
        ok = False
    if not ok:
        raise ShapeError(
            f"broadcast_to: cannot broadcast a tensor of shape {format_shape(x.shape)} to "
            f"{format_shape(shape)}."
        )
    if shape == x.shape:
        return clone(x)
    return _broadcast_to(x, shape=shape)


@primitive("Transpose")
def _transpose(x, perm):
    return np.transpose(x, perm).copy()


def _transpose_vjp(g, ans, x, perm):
    return _transpose(g, perm=tuple(np.argsort(perm).tolist()))


_transpose.defvjp(_transpose_vjp)


@op
def transpose(x: Any, perm: Any = None) -> Tensor:
    """x with its axes permuted: axis i of the result is axis perm[i] of x (default: reversed)."""
    x = as_tensor(x, "x", "transpose")
    rank = x.rank
    if perm is None:
        perm = tuple(range(rank - 1, -1, -1))
    else:
        given = _ints(perm, "perm", "transpose")
        perm = tuple(p % rank if -rank <= p < rank else p for p in given)
        if sorted(perm) != list(range(rank)):
            raise ShapeError(
                f"transpose: perm {given} is not a permutation of the axes of a tensor of rank "
                f"{rank} (shape {format_shape(x.shape)}); it must list each axis 0..{rank - 1} "
                "exactly once."
            )
    if perm == tuple(range(rank)):
        return clone(x)
    return _transpose(x, perm=perm)


# -- slice and pad: each is the other's gradient -----------------------------------------
@primitive("Slice")
def _slice(x, begin, size):
    return x[tuple(builtins.slice(b, b + s) for b, s in zip(begin, size))].copy()


def _slice_vjp(g, ans, x, begin, size):
    after = tuple(d - b - s for d, b, s in zip(x.shape, begin, size))
    return _pad(g, paddings=tuple(zip(begin, after)), constant_value=0)


_slice.defvjp(_slice_vjp)


@op
def slice(x: Any, begin: Any, size: Any = None) -> Tensor:
    """The block of x starting at `begin` with `size` entries per axis (a copy).

    As in tfjs, an int applies to the first axis, missing trailing `begin`
    entries are 0, missing `size` entries and a size of -1 mean "to the end".
    """
    x = as_tensor(x, "x", "slice")
    shape, rank = x.shape, x.rank
    b = _ints(begin, "begin", "slice")
    s = [-1] * rank if size is None else _ints(size, "size", "slice")

    def fail(why: str) -> ShapeError:
        return ShapeError(
            f"slice: begin {begin!r} and size {size!r} do not fit a tensor of shape "
            f"{format_shape(shape)}: {why}"
        )

    if len(b) > rank or len(s) > rank:
        raise fail(f"begin and size may have at most {rank} entries, one per axis.")
    b += [0] * (rank - len(b))
    s += [-1] * (rank - len(s))
    for i in range(rank):
        if not 0 <= b[i] <= shape[i]:
            raise fail(f"begin[{i}] = {b[i]} is outside [0, {shape[i]}].")
        if s[i] == -1:
            s[i] = shape[i] - b[i]
        elif s[i] < 0:
            raise fail(f"size[{i}] = {s[i]} is negative (only -1, 'to the end', is allowed).")
        elif b[i] + s[i] > shape[i]:
            end = b[i] + s[i]
            raise fail(f"begin[{i}] + size[{i}] = {end} exceeds axis {i}'s size {shape[i]}.")
    return _slice(x, begin=tuple(b), size=tuple(s))


@primitive("PadV2")
def _pad(x, paddings, constant_value):
    out = np.full(
        tuple(b + d + a for (b, a), d in zip(paddings, x.shape)), constant_value, x.dtype
    )
    out[tuple(builtins.slice(b, b + d) for (b, _), d in zip(paddings, x.shape))] = x
    return out


def _pad_vjp(g, ans, x, paddings, constant_value):
    return _slice(g, begin=tuple(b for b, _ in paddings), size=x.shape)


_pad.defvjp(_pad_vjp)


@op
def pad(x: Any, paddings: Any, constant_value: float = 0) -> Tensor:
    """x surrounded by `constant_value`: paddings[i] = [before, after] entries on axis i."""
    x = as_tensor(x, "x", "pad")
    try:
        pairs = [tuple(_ints(p, "paddings", "pad")) for p in paddings]
    except TypeError:
        raise TypeError(
            f"pad: paddings must be a list of [before, after] pairs of ints, got {paddings!r}."
        ) from None
    if len(pairs) != x.rank or builtins.any(len(p) != 2 or min(p) < 0 for p in pairs):
        raise ShapeError(
            f"pad: paddings {paddings!r} must hold one [before, after] pair of non-negative ints "
            f"per axis of the tensor (shape {format_shape(x.shape)}, rank {x.rank})."
        )
    if x.dtype == "int32" and not float(constant_value).is_integer():
        raise DTypeError(
            f"pad: constant_value {constant_value} does not fit an int32 tensor; cast x to "
            "float32 first."
        )
    return _pad(x, paddings=tuple(pairs), constant_value=constant_value)


# -- concat, stack, unstack, split ---------------------------------------------------------
@primitive("Concat")
def _concat(*arrays, axis):
    return np.concatenate(arrays, axis=axis)


def _concat_piece_vjp(i: int):
    """The VJP for input i of a concat: g's slice where that input was put."""

    def vjp(g, ans, *inputs, axis):
        begin = [0] * g.rank
        begin[axis] = builtins.sum(t.shape[axis] for t in inputs[:i])
        return _slice(g, begin=tuple(begin), size=inputs[i].shape)

    return vjp


def _ensure_concat_vjps(n: int) -> None:
    # A concat may have any number of inputs; grow the table of per-input VJPs.
    have = len(_concat.vjps)
    if have < n:
        _concat.defvjp(*(_concat_piece_vjp(i) for i in range(builtins.max(n, 2 * have))))


_ensure_concat_vjps(8)


def _tensor_list(tensors: Any, op_name: str) -> list[Tensor]:
    """A non-empty list of tensors upcast to one dtype."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op_name}: pass a list of tensors, got {type(tensors).__name__}.")
    if not tensors:
        raise ValueError(f"{op_name}: needs at least one tensor, got an empty list.")
    ts = [as_tensor(t, f"tensors[{i}]", op_name) for i, t in enumerate(tensors)]
    dtype = ts[0].dtype
    for t in ts[1:]:
        dtype = upcast(dtype, t.dtype)
    return [cast_to(t, dtype, op_name) for t in ts]


@op(method=False)
def concat(tensors: Any, axis: int = 0) -> Tensor:
    """The tensors joined along `axis`; all other axes must match. Dtypes are upcast."""
    ts = _tensor_list(tensors, "concat")
    first = ts[0]
    if first.rank == 0:
        raise ShapeError("concat: cannot concatenate scalars (rank 0); use tf.stack instead.")
    for i, t in enumerate(ts):
        if t.rank != first.rank:
            raise ShapeError(
                f"concat: tensors[{i}] has rank {t.rank} (shape {format_shape(t.shape)}) but "
                f"tensors[0] has rank {first.rank} (shape {format_shape(first.shape)}); all "
                "tensors must have the same rank."
            )
    ax = _axis(axis, first, "concat")
    for i, t in enumerate(ts):
        if t.shape[:ax] + t.shape[ax + 1 :] != first.shape[:ax] + first.shape[ax + 1 :]:
            raise ShapeError(
                f"concat: tensors[{i}] has shape {format_shape(t.shape)} but tensors[0] has "
                f"shape {format_shape(first.shape)}; they must match on every axis except "
                f"axis {ax}."
            )
    if len(ts) == 1:
        return clone(first)
    _ensure_concat_vjps(len(ts))
    return _concat(*ts, axis=ax)


@op(method=False)
def stack(tensors: Any, axis: int = 0) -> Tensor:
    """The tensors (all of one shape) stacked along a new axis `axis`."""
    ts = _tensor_list(tensors, "stack")
    first = ts[0]
    for i, t in enumerate(ts):
        if t.shape != first.shape:
            raise ShapeError(
                f"stack: tensors[{i}] has shape {format_shape(t.shape)} but tensors[0] has "
                f"shape {format_shape(first.shape)}; stack needs tensors of one shape."
            )
    ax = _new_axis(axis, first, "stack")
    pieces = [_reshape(t, shape=t.shape[:ax] + (1,) + t.shape[ax:]) for t in ts]
    return concat(pieces, ax) if len(pieces) > 1 else pieces[0]


def _concat_method(self: Tensor, tensors: Any, axis: int = 0) -> Tensor:
    """This tensor joined with another tensor or a list of tensors along `axis`."""
    others = list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]
    return concat([self, *others], axis)


def _stack_method(self: Tensor, tensors: Any, axis: int = 0) -> Tensor:
    """This tensor stacked with another tensor or a list of tensors along a new `axis`."""
    others = list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]
    return stack([self, *others], axis)


Tensor.concat = _concat_method
Tensor.stack = _stack_method


def _pieces(x: Tensor, ax: int, sizes: list[int]) -> list[Tensor]:
    out, start = [], 0
    for n in sizes:
        begin = [0] * x.rank
        begin[ax] = start
        size = list(x.shape)
        size[ax] = n
        out.append(_slice(x, begin=tuple(begin), size=tuple(size)))
        start += n
    return out


@op
def unstack(x: Any, axis: int = 0) -> list[Tensor]:
    """The slices of x along `axis`, as a list of tensors of rank one less."""
    x = as_tensor(x, "x", "unstack")
    ax = _axis(axis, x, "unstack")
    rest = x.shape[:ax] + x.shape[ax + 1 :]
    return [_reshape(p, shape=rest) for p in _pieces(x, ax, [1] * x.shape[ax])]


@op
def split(x: Any, num_or_size_splits: Any, axis: int = 0) -> list[Tensor]:
    """x cut along `axis` into n equal pieces, or pieces of the listed sizes (one may be -1)."""
    x = as_tensor(x, "x", "split")
    ax = _axis(axis, x, "split")
    dim = x.shape[ax]
    where = f"axis {ax} of size {dim} (shape {format_shape(x.shape)})"
    if isinstance(num_or_size_splits, (int, np.integer)) and not isinstance(
        num_or_size_splits, bool
    ):
        n = int(num_or_size_splits)
        if n <= 0 or dim % n:
            raise ShapeError(
                f"split: cannot split {where} into {n} equal pieces. Pass a list of sizes "
                "for uneven pieces."
            )
        sizes = [dim // n] * n
    else:
        sizes = _ints(num_or_size_splits, "num_or_size_splits", "split")
        unknown = [i for i, s in enumerate(sizes) if s == -1]
        known = builtins.sum(s for s in sizes if s != -1)
        if len(unknown) > 1 or builtins.any(s < -1 for s in sizes) or known > dim or (
            not unknown and known != dim
        ):
            raise ShapeError(
                f"split: sizes {sizes} do not add up to {where}; they must sum to {dim}, with "
                "at most one -1 standing for the rest."
            )
        if unknown:
            sizes[unknown[0]] = dim - known
    return _pieces(x, ax, sizes)


# -- tile, gather, reverse -----------------------------------------------------------------
@primitive("Tile")
def _tile(x, reps):
    return np.tile(x, reps)


def _tile_vjp(g, ans, x, reps):
    from .reduction import sum as reduce_sum

    # Axis i of the result is reps[i] copies of x's axis i: split it into
    # (copy, position) and add up the copies.
    split_shape = tuple(n for r, d in zip(reps, x.shape) for n in (r, d))
    return reduce_sum(_reshape(g, shape=split_shape), tuple(range(0, 2 * x.rank, 2)))


_tile.defvjp(_tile_vjp)


@op
def tile(x: Any, reps: Any) -> Tensor:
    """x repeated reps[i] times along each axis i."""
    x = as_tensor(x, "x", "tile")
    r = _ints(reps, "reps", "tile")
    if len(r) != x.rank or builtins.any(n < 0 for n in r):
        raise ShapeError(
            f"tile: reps {r} must hold one non-negative count per axis of the tensor (shape "
            f"{format_shape(x.shape)}, rank {x.rank})."
        )
    return _tile(x, reps=tuple(r))


@primitive("GatherV2")
def _gather(x, indices, axis):
    return np.take(x, indices, axis=axis)


@primitive("ScatterAdd")
def _scatter_add(g, indices, axis, dim):
    """The adjoint of gather: g's slices added into a zero tensor at `indices`."""
    k = indices.ndim
    out = np.zeros(g.shape[:axis] + (dim,) + g.shape[axis + k :], g.dtype)
    # Move the gathered axes of g to the front, to match out[indices] with axis first.
    np.add.at(np.moveaxis(out, axis, 0), indices, np.moveaxis(g, range(axis, axis + k), range(k)))
    return out


_gather.defvjp(
    lambda g, ans, x, indices, axis: _scatter_add(g, indices, axis=axis, dim=x.shape[axis]), None
)
_scatter_add.defvjp(lambda g, ans, gin, indices, axis, dim: _gather(g, indices, axis=axis), None)


@op
def gather(x: Any, indices: Any, axis: int = 0) -> Tensor:
    """The slices of x at `indices` (int32) along `axis`: shape x[:axis] + indices + x[axis+1:]."""
    x = as_tensor(x, "x", "gather")
    ax = _axis(axis, x, "gather")
    if isinstance(indices, Tensor):
        if indices.dtype != "int32":
            raise DTypeError(
                f"gather: indices must be an int32 tensor, got {indices.dtype}. Cast it: "
                "tf.cast(indices, 'int32')."
            )
        iv = indices.values
    else:
        iv = np.asarray(indices)
        if iv.size and (iv.dtype.kind not in "iuf" or (iv != np.round(iv)).any()):
            raise DTypeError(f"gather: indices must be whole numbers, got {indices!r}.")
    dim = x.shape[ax]
    if iv.size and (iv.min() < 0 or iv.max() >= dim):
        bad = int(iv.min()) if iv.min() < 0 else int(iv.max())
        raise ShapeError(
            f"gather: index {bad} is out of range for axis {ax} of size {dim} (x has shape "
            f"{format_shape(x.shape)}); indices must lie in [0, {dim - 1}]."
        )
    if not isinstance(indices, Tensor):
        indices = as_tensor(iv.astype(np.int32), "indices", "gather")
    return _gather(x, indices, axis=ax)


@primitive("Reverse")
def _reverse(x, axes):
    return np.flip(x, axes).copy()


_reverse.defvjp(lambda g, ans, x, axes: _reverse(g, axes=axes))


@op
def reverse(x: Any, axis: Any = None) -> Tensor:
    """x with the order of entries reversed along `axis` (an int, a list, or None for all)."""
    x = as_tensor(x, "x", "reverse")
    axes = normalize_axes(axis, x.rank, "reverse") if x.rank else ()
    if not axes:
        return clone(x)
    return _reverse(x, axes=axes)
