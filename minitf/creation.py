"""Making tensors: scalar, zeros, ones, fill, eye, range, random_*, one_hot, buffer.

Everything here makes constants: a fresh ndarray wrapped by `Tensor._make`, no
primitive, so nothing is recorded on a gradient tape. The random ops draw from
one global numpy Generator that `set_seed(n)` re-seeds; a `seed=` argument
uses a private Generator instead, so its result depends on nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .dtypes import NUMPY_DTYPE, check_dtype, is_float
from .errors import DTypeError, ShapeError
from .ops._core import as_tensor, number_arg, op
from .tensor import Tensor, check_shape, format_shape, tensor, to_array

_rng = np.random.default_rng()


def set_seed(seed: int) -> None:
    """Re-seed the generator every random op uses when it gets no `seed=`."""
    global _rng
    _rng = np.random.default_rng(_seed_value(seed, "set_seed"))


def _seed_value(seed: Any, op_name: str) -> int:
    if isinstance(seed, float) and seed.is_integer():
        seed = int(seed)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"{op_name}: seed must be an integer, got {seed!r}.")
    return int(seed) % (1 << 64)  # numpy wants a non-negative seed; any int maps to one


def _generator(seed: Any, op_name: str) -> np.random.Generator:
    return _rng if seed is None else np.random.default_rng(_seed_value(seed, op_name))


def _count(v: Any, name: str, op_name: str, least: int = 0) -> int:
    """A whole-number argument such as a length or depth."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
        raise TypeError(f"{op_name}: {name} must be an integer, got {v!r}.")
    if v < least:
        raise ValueError(f"{op_name}: {name} must be at least {least}, got {v}.")
    return int(v)


# -- from values ------------------------------------------------------------------------------
@op(method=False)
def scalar(value: Any, dtype: str | None = None) -> Tensor:
    """A rank-0 tensor holding one number or bool."""
    if isinstance(value, (Tensor, list, tuple)) or (
        isinstance(value, np.ndarray) and value.ndim != 0
    ):
        raise TypeError(
            f"scalar: value must be a single number or bool, got {type(value).__name__}. "
            "Use tf.tensor for arrays."
        )
    return Tensor._make(to_array(value, dtype, "scalar"))


def _tensor_nd(values: Any, shape: Any, dtype: str | None, rank: int) -> Tensor:
    """tfjs's tensorNd rule: nested values of rank N, or flat values plus a shape."""
    name = f"tensor{rank}d"
    arr = to_array(values, dtype, name)
    if shape is not None:
        shape = check_shape(shape, name)
        if len(shape) != rank:
            raise ShapeError(
                f"{name}: shape {format_shape(shape)} has {len(shape)} axes; {name} needs "
                f"exactly {rank}."
            )
    if arr.ndim == rank:
        if shape is not None and shape != arr.shape:
            raise ShapeError(
                f"{name}: the values have shape {format_shape(arr.shape)} but shape "
                f"{format_shape(shape)} was given."
            )
        return Tensor._make(arr)
    if arr.ndim == 1 and rank > 1:
        if shape is None:
            raise ShapeError(
                f"{name}: flat values need a shape, e.g. {name}(values, "
                f"{[arr.size] + [1] * (rank - 1)})."
            )
        if math.prod(shape) != arr.size:
            raise ShapeError(
                f"{name}: shape {format_shape(shape)} needs {math.prod(shape)} values but "
                f"{arr.size} were given."
            )
        return Tensor._make(arr.reshape(shape))
    want = "a flat list" if rank == 1 else f"rank-{rank} nested lists or a flat list with a shape"
    raise ShapeError(
        f"{name}: needs {want}, but the values have rank {arr.ndim} "
        f"(shape {format_shape(arr.shape)}). Use tf.tensor{'' if arr.ndim > 4 else arr.ndim}"
        f"{'d' if 1 <= arr.ndim <= 4 else ''} or tf.tensor for this rank."
    )


@op(method=False)
def tensor1d(values: Any, dtype: str | None = None) -> Tensor:
    """A rank-1 tensor from a flat list (tfjs's tensor1d takes no shape)."""
    return _tensor_nd(values, None, dtype, 1)


@op(method=False)
def tensor2d(values: Any, shape: Any = None, dtype: str | None = None) -> Tensor:
    """A rank-2 tensor from nested lists, or from a flat list and a shape."""
    return _tensor_nd(values, shape, dtype, 2)


@op(method=False)
def tensor3d(values: Any, shape: Any = None, dtype: str | None = None) -> Tensor:
    """A rank-3 tensor from nested lists, or from a flat list and a shape."""
    return _tensor_nd(values, shape, dtype, 3)


@op(method=False)
def tensor4d(values: Any, shape: Any = None, dtype: str | None = None) -> Tensor:
    """A rank-4 tensor from nested lists, or from a flat list and a shape."""
    return _tensor_nd(values, shape, dtype, 4)


# -- constant fills -------------------------------------------------------------------------
@op(method=False)
def zeros(shape: Any, dtype: str = "float32") -> Tensor:
    """A tensor of zeros (false for bool)."""
    shape = check_shape(shape, "zeros")
    return Tensor._make(np.zeros(shape, NUMPY_DTYPE[check_dtype(dtype, "zeros")]))


@op(method=False)
def ones(shape: Any, dtype: str = "float32") -> Tensor:
    """A tensor of ones (true for bool)."""
    shape = check_shape(shape, "ones")
    return Tensor._make(np.ones(shape, NUMPY_DTYPE[check_dtype(dtype, "ones")]))


@op(method=False)
def fill(shape: Any, value: Any, dtype: str | None = None) -> Tensor:
    """A tensor with every entry `value`; dtype bool for a bool value, else float32."""
    shape = check_shape(shape, "fill")
    v = to_array(value, dtype, "fill")
    if v.ndim != 0 or isinstance(value, Tensor):
        raise TypeError(f"fill: value must be a single number or bool, got {value!r}.")
    return Tensor._make(np.full(shape, v, v.dtype))


@op
def zeros_like(x: Any) -> Tensor:
    """Zeros with the shape and dtype of x."""
    x = as_tensor(x, "x", "zeros_like")
    return Tensor._make(np.zeros(x.shape, NUMPY_DTYPE[x.dtype]))


@op
def ones_like(x: Any) -> Tensor:
    """Ones with the shape and dtype of x."""
    x = as_tensor(x, "x", "ones_like")
    return Tensor._make(np.ones(x.shape, NUMPY_DTYPE[x.dtype]))


@op(method=False)
def eye(
    num_rows: int,
    num_columns: int | None = None,
    batch_shape: Sequence[int] | None = None,
    dtype: str = "float32",
) -> Tensor:
    """An identity matrix (ones on the diagonal), optionally repeated over `batch_shape`."""
    n = _count(num_rows, "num_rows", "eye")
    m = n if num_columns is None else _count(num_columns, "num_columns", "eye")
    batch = () if batch_shape is None else check_shape(batch_shape, "eye")
    matrix = np.eye(n, m, dtype=NUMPY_DTYPE[check_dtype(dtype, "eye")])
    if batch:
        matrix = np.broadcast_to(matrix, batch + (n, m)).copy()
    return Tensor._make(matrix)


# -- sequences --------------------------------------------------------------------------------
@op(method=False)
def range(start: float, stop: float, step: float = 1, dtype: str = "float32") -> Tensor:
    """start, start + step, ... up to but excluding stop; empty when step points away.

    As in tfjs, the default step 1 turns into -1 when stop < start, so
    `range(5, 0)` counts down. (tfjs also counts *up* for a step in (0, 1) with
    stop < start; that is a bug, and we return an empty tensor there, as numpy.)
    """
    start = number_arg(start, "start", "range")
    stop = number_arg(stop, "stop", "range")
    step = number_arg(step, "step", "range")
    dtype = check_dtype(dtype, "range")
    if step == 0:
        raise ValueError("range: step must not be zero.")
    if dtype == "bool":
        raise DTypeError("range: dtype must be 'float32', 'int32' or 'float64', not 'bool'.")
    if not all(map(math.isfinite, (start, stop, step))):
        raise ValueError(f"range: start, stop and step must be finite, got {start}, {stop}, "
                         f"{step}.")
    if stop < start and step == 1:
        step = -1.0
    n = max(0, math.ceil((stop - start) / step))
    if dtype == "int32":
        if not (start.is_integer() and step.is_integer()):
            raise ValueError(
                f"range: an int32 range needs whole-number start and step, got start={start}, "
                f"step={step}. Use dtype 'float32'."
            )
        values = int(start) + int(step) * np.arange(n, dtype=np.int64)
        return Tensor._make(to_array(values, "int32", "range"))
    return Tensor._make((start + step * np.arange(n)).astype(NUMPY_DTYPE[dtype]))


@op(method=False)
def linspace(start: float, stop: float, num: int) -> Tensor:
    """`num` evenly spaced float32 values from start to stop, both included."""
    start = number_arg(start, "start", "linspace")
    stop = number_arg(stop, "stop", "linspace")
    num = _count(num, "num", "linspace", least=1)
    return Tensor._make(np.linspace(start, stop, num).astype(np.float32))


# -- random -----------------------------------------------------------------------------------
def _random_dtype(dtype: Any, op_name: str) -> str:
    dtype = check_dtype(dtype, op_name)
    if dtype == "bool":
        raise DTypeError(f"{op_name}: dtype must be 'float32', 'int32' or 'float64', not 'bool'.")
    return dtype


def _normal_values(gen: np.random.Generator, shape: tuple, dtype: str) -> np.ndarray:
    # asarray: for shape () numpy hands back a scalar, which cannot be written into.
    return np.asarray(
        gen.standard_normal(shape, dtype=np.float32 if dtype == "float32" else np.float64)
    )


def _scaled(z: np.ndarray, mean: float, stddev: float, dtype: str, op_name: str) -> np.ndarray:
    if stddev < 0:
        raise ValueError(f"{op_name}: stddev must be >= 0, got {stddev}.")
    out = z * stddev + mean  # Python floats keep float32 arrays float32
    if dtype == "int32":
        # tfjs rounds each draw with Math.round (halves go up).
        return to_array(np.floor(out + 0.5), "int32", op_name)
    return out.astype(NUMPY_DTYPE[dtype], copy=False)


@op(method=False)
def random_uniform(
    shape: Any,
    minval: float = 0,
    maxval: float = 1,
    dtype: str = "float32",
    seed: int | None = None,
) -> Tensor:
    """Uniform draws from [minval, maxval); int32 draws whole numbers in that range."""
    shape = check_shape(shape, "random_uniform")
    lo = number_arg(minval, "minval", "random_uniform")
    hi = number_arg(maxval, "maxval", "random_uniform")
    dtype = _random_dtype(dtype, "random_uniform")
    gen = _generator(seed, "random_uniform")
    if dtype == "int32":
        # tfjs rounds float draws, which gives its two end values half the odds of
        # the others; we draw each integer in [minval, maxval) equally often.
        if not (lo.is_integer() and hi.is_integer()) or hi <= lo:
            raise ValueError(
                f"random_uniform: int32 draws need whole numbers minval < maxval, got "
                f"minval={minval}, maxval={maxval}."
            )
        return Tensor._make(to_array(gen.integers(lo, hi, shape), "int32", "random_uniform"))
    if hi < lo:
        raise ValueError(f"random_uniform: minval ({minval}) must be <= maxval ({maxval}).")
    npdtype = NUMPY_DTYPE[dtype]
    u = np.asarray(gen.random(shape, dtype=npdtype))
    out = (u * (hi - lo) + lo).astype(npdtype, copy=False)
    if hi > lo:
        # Rounding of the product can land on maxval itself; keep the interval open.
        below = np.nextafter(npdtype.type(hi), npdtype.type(lo))
        out = np.minimum(out, below)
    return Tensor._make(out)


def _normal_args(shape: Any, mean: Any, stddev: Any, dtype: Any, seed: Any, op_name: str):
    """Checked arguments of the normal draws, and the generator to draw with."""
    return (check_shape(shape, op_name), number_arg(mean, "mean", op_name),
            number_arg(stddev, "stddev", op_name), _random_dtype(dtype, op_name),
            _generator(seed, op_name))


@op(method=False)
def random_normal(
    shape: Any,
    mean: float = 0,
    stddev: float = 1,
    dtype: str = "float32",
    seed: int | None = None,
) -> Tensor:
    """Draws from a normal distribution with this mean and standard deviation."""
    shape, mean, stddev, dtype, gen = _normal_args(shape, mean, stddev, dtype, seed,
                                                   "random_normal")
    z = _normal_values(gen, shape, dtype)
    return Tensor._make(_scaled(z, mean, stddev, dtype, "random_normal"))


@op(method=False)
def truncated_normal(
    shape: Any,
    mean: float = 0,
    stddev: float = 1,
    dtype: str = "float32",
    seed: int | None = None,
) -> Tensor:
    """Normal draws, with every draw more than 2 stddev from the mean drawn again."""
    shape, mean, stddev, dtype, gen = _normal_args(shape, mean, stddev, dtype, seed,
                                                   "truncated_normal")
    z = _normal_values(gen, shape, dtype)
    outside = np.abs(z) > 2
    while outside.any():  # about 4.6% of draws each round, so this ends fast
        z[outside] = _normal_values(gen, (int(outside.sum()),), dtype)
        outside = np.abs(z) > 2
    return Tensor._make(_scaled(z, mean, stddev, dtype, "truncated_normal"))


# -- one_hot ----------------------------------------------------------------------------------
@op
def one_hot(
    indices: Any, depth: int, on_value: float = 1, off_value: float = 0, dtype: str = "int32"
) -> Tensor:
    """A new last axis of length `depth`: on_value at each index, off_value elsewhere.

    Indices outside [0, depth) give a row of off_value, as in tfjs.
    """
    if isinstance(indices, Tensor):
        idx = as_tensor(indices, "indices", "one_hot")
        if idx.dtype != "int32":
            raise DTypeError(
                f"one_hot: indices must be int32, got {idx.dtype}. "
                "Cast them: tf.cast(indices, 'int32')."
            )
        idx = idx.values
    else:
        idx = to_array(indices, None, "one_hot")
        if idx.dtype == np.bool_ or (is_float(str(idx.dtype)) and not _whole(idx)):
            raise DTypeError("one_hot: indices must be whole numbers.")
        idx = to_array(idx, "int32", "one_hot")
    depth = _count(depth, "depth", "one_hot", least=1)
    dtype = check_dtype(dtype, "one_hot")
    on = to_array(on_value, dtype, "one_hot")
    off = to_array(off_value, dtype, "one_hot")
    hit = idx[..., None] == np.arange(depth, dtype=np.int32)
    return Tensor._make(np.where(hit, on, off))


def _whole(a: np.ndarray) -> bool:
    return bool(np.isfinite(a).all() and (a == np.round(a)).all())


# -- TensorBuffer -----------------------------------------------------------------------------
class TensorBuffer:
    """A writable n-d array to fill entry by entry, then freeze with `to_tensor()`.

    `values` is the flat (row-major) numpy array behind it; `strides` are
    tfjs's: how far to step in `values` per index of each axis but the last.
    """

    __slots__ = ("shape", "dtype", "size", "strides", "values")

    def __init__(self, shape: Any, dtype: str = "float32", values: Any = None) -> None:
        self.shape: tuple[int, ...] = check_shape(shape, "buffer")
        self.dtype: str = check_dtype(dtype, "buffer")
        self.size: int = math.prod(self.shape)
        strides, acc = [], 1
        for d in reversed(self.shape[1:]):
            acc *= d
            strides.append(acc)
        self.strides: list[int] = strides[::-1]
        if values is None:
            self.values: np.ndarray = np.zeros(self.size, NUMPY_DTYPE[self.dtype])
        else:
            flat = to_array(values, self.dtype, "buffer").reshape(-1)
            if flat.size != self.size:
                raise ShapeError(
                    f"buffer: shape {format_shape(self.shape)} holds {self.size} values but "
                    f"{flat.size} were given."
                )
            self.values = flat

    @property
    def rank(self) -> int:
        """The number of axes."""
        return len(self.shape)

    def loc_to_index(self, locs: Sequence[int]) -> int:
        """The position in `values` of the entry at coordinates `locs`."""
        locs = list(locs)
        if len(locs) != self.rank:
            raise ShapeError(
                f"buffer: got {len(locs)} coordinates {locs} but the buffer has rank "
                f"{self.rank} (shape {format_shape(self.shape)}); give one per axis."
            )
        index = 0
        for axis, (i, d) in enumerate(zip(locs, self.shape)):
            if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
                raise TypeError(f"buffer: coordinates must be integers, got {i!r}.")
            if not 0 <= i < d:
                raise ShapeError(
                    f"buffer: coordinate {i} on axis {axis} is out of range for shape "
                    f"{format_shape(self.shape)} (valid: 0 to {d - 1})."
                )
            index = index * d + int(i)
        return index

    def index_to_loc(self, index: int) -> list[int]:
        """The coordinates of position `index` in `values`."""
        if not 0 <= index < self.size:
            raise ShapeError(f"buffer: index {index} is out of range for size {self.size}.")
        return [int(i) for i in np.unravel_index(index, self.shape)] if self.rank else []

    @staticmethod
    def _locs(locs: tuple) -> tuple:
        # Accept buf.set(v, [1, 2]) as well as buf.set(v, 1, 2).
        if len(locs) == 1 and isinstance(locs[0], (list, tuple)):
            return tuple(locs[0])
        return locs

    def set(self, value: Any, *locs: int) -> None:
        """Write `value` at the coordinates `locs` (one integer per axis)."""
        if isinstance(value, (Tensor, list, tuple, np.ndarray)) or not isinstance(
            value, (int, float, bool, np.number, np.bool_)
        ):
            raise TypeError(f"buffer.set: value must be a single number or bool, got {value!r}.")
        index = self.loc_to_index(self._locs(locs))
        self.values[index] = to_array(value, self.dtype, "buffer.set")

    def get(self, *locs: int) -> float | int | bool:
        """The value at the coordinates `locs` (one integer per axis)."""
        return self.values[self.loc_to_index(self._locs(locs))].item()

    def to_tensor(self) -> Tensor:
        """A tensor with a copy of the current values (later `set`s do not change it)."""
        return Tensor._make(self.values.reshape(self.shape).copy())

    def __repr__(self) -> str:
        return f"TensorBuffer(shape={format_shape(self.shape)}, dtype={self.dtype})"


@op(method=False)
def buffer(shape: Any, dtype: str = "float32", values: Any = None) -> TensorBuffer:
    """A writable TensorBuffer (the book's tf.tensorBuffer); `to_tensor()` freezes it."""
    return TensorBuffer(shape, dtype, values)


__all__ = [
    "tensor", "scalar", "tensor1d", "tensor2d", "tensor3d", "tensor4d", "zeros", "ones",
    "fill", "zeros_like", "ones_like", "eye", "range", "linspace", "random_uniform",
    "random_normal", "truncated_normal", "one_hot", "buffer", "TensorBuffer", "set_seed",
]
