"""Tensor and Variable: immutable n-d arrays that the engine counts.

A Tensor wraps a read-only numpy array. Its ops (`x.square().mul(a)`) and
Python operators are attached by `minitf.ops` from the op registry, so the
functional and chaining APIs are one set of functions.
"""

from __future__ import annotations

import builtins
import weakref
from typing import Any, Union

import numpy as np

from .dtypes import DTYPE_NAME, NUMPY_DTYPE, check_dtype
from .engine import ENGINE
from .errors import DisposedTensorError, DTypeError, ShapeError
from .format import tensor_to_string

TensorLike = Union["Tensor", np.ndarray, list, tuple, float, int, bool]
_INT32 = np.iinfo(np.int32)
_new = object.__new__
# The engine's containers, bound once: _make runs for every op.
_next_id = ENGINE.ids.__next__
_buffers, _tensor_buffer, _scopes = ENGINE.buffers, ENGINE.tensor_buffer, ENGINE.scopes
_dtype_name = DTYPE_NAME.get
_weakref = weakref.ref


class Tensor:
    """An immutable n-d array of float32, int32, bool (or float64), as in tfjs."""

    __slots__ = ("_values", "_dtype", "_id", "__weakref__")
    # numpy must hand `ndarray + tensor` to our reflected operators.
    __array_ufunc__ = None
    __array_priority__ = 1000

    _values: np.ndarray | None
    _dtype: str
    _id: int

    # -- construction (internal: users call tf.tensor and friends) ------------------
    @classmethod
    def _make(cls, values: Any, buffer: int | None = None) -> Tensor:
        """Wrap a fresh ndarray that no one else will write to; count it as live.

        This runs once per op, so it is written for speed: the engine's
        bookkeeping is inlined here rather than called. A numpy ufunc on a
        rank-0 array returns a numpy scalar; it is kept as it is (it has the
        ndarray attributes ops use, and is immutable), because converting it
        back to an array would cost a third of a scalar op.
        """
        if type(values) is not np.ndarray and not isinstance(values, np.generic):
            values = np.asarray(values)
        dtype = _dtype_name(values.dtype)
        if dtype is None:
            raise DTypeError(f"internal: an op produced dtype {values.dtype}, which minitf lacks.")
        t = _new(cls)
        t._values = values
        t._dtype = dtype
        t._id = tid = _next_id()
        if buffer is None:
            buffer = tid  # a fresh buffer is named after the tensor that made it
            _buffers[tid] = [1, values.nbytes]
        else:
            _buffers[buffer][0] += 1
        _tensor_buffer[tid] = buffer
        if _scopes:
            _scopes[-1].tracked.append((tid, _weakref(t)))
        return t

    # -- what a tensor is ------------------------------------------------------------
    # dtype and id are read-only properties over private slots; hot code inside
    # minitf reads the slots directly (a property costs ~45 ns per read).
    @property
    def dtype(self) -> str:
        """'float32', 'int32', 'bool' or 'float64'."""
        return self._dtype

    @property
    def id(self) -> int:
        """A number unique to this tensor in this process."""
        return self._id

    @property
    def values(self) -> np.ndarray:
        """The ndarray behind this tensor, read-only; raises if disposed."""
        v = self._values
        if v is None:
            raise DisposedTensorError()
        if type(v) is not np.ndarray:  # a numpy scalar (see _make)
            v = np.asarray(v)
        if v.flags.writeable:
            # Ops never write to their inputs; this stops users from doing so.
            v.flags.writeable = False
        return v

    @property
    def shape(self) -> tuple[int, ...]:
        """The size of each axis, as a tuple."""
        v = self._values
        if v is None:
            raise DisposedTensorError()
        return v.shape

    @property
    def rank(self) -> int:
        """The number of axes."""
        v = self._values
        if v is None:
            raise DisposedTensorError()
        return v.ndim

    @property
    def size(self) -> int:
        """The number of elements."""
        v = self._values
        if v is None:
            raise DisposedTensorError()
        return v.size

    @property
    def strides(self) -> list[int]:
        """Elements to step per index of each axis but the last (tfjs's `strides`)."""
        shape = self.shape
        out, acc = [], 1
        for d in reversed(shape[1:]):
            acc *= d
            out.append(acc)
        return out[::-1]

    @property
    def is_disposed(self) -> bool:
        """True once `dispose()` ran (directly or by a tidy)."""
        return self._values is None

    @property
    def is_variable(self) -> bool:
        """True for a `Variable`."""
        return False

    def dispose(self) -> None:
        """Free this tensor; a second call does nothing."""
        if self._values is not None:
            self._values = None
            ENGINE.release(self.id)

    # -- reading values --------------------------------------------------------------
    def data_sync(self) -> np.ndarray:
        """The values as a flat numpy copy (tfjs's `dataSync()`)."""
        return self.values.flatten()

    def data(self) -> np.ndarray:
        """The values as a flat numpy copy (tfjs's `data()`, here without a Promise)."""
        return self.data_sync()

    def array_sync(self) -> Any:
        """The values as nested Python lists (a number for a scalar)."""
        return self.values.tolist()

    def array(self) -> Any:
        """The values as nested Python lists (tfjs's `array()`, here without a Promise)."""
        return self.array_sync()

    def numpy(self) -> np.ndarray:
        """The values as a writable numpy copy."""
        return self.values.copy()

    def item(self) -> float | int | bool:
        """The single value of a one-element tensor, as a Python number."""
        v = self.values
        if v.size != 1:
            raise ShapeError(
                f"item: the tensor has {v.size} elements (shape {format_shape(v.shape)}); "
                "item() needs exactly one. Use array() for all values."
            )
        return v.item()

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        v = self.values
        if dtype is not None and np.dtype(dtype) != v.dtype:
            return v.astype(dtype)
        return v.copy() if copy else v

    def buffer(self) -> Any:
        """A writable `TensorBuffer` copy of this tensor."""
        from .creation import TensorBuffer

        return TensorBuffer(self.shape, self.dtype, self.data_sync())

    # -- printing --------------------------------------------------------------------
    def to_string(self, verbose: bool = False) -> str:
        """The text tfjs prints for this tensor."""
        return tensor_to_string(self.values, self.dtype, verbose)

    def print(self, verbose: bool = False) -> None:
        """Print the tensor as tfjs does (`verbose` adds dtype, rank and shape)."""
        builtins.print(self.to_string(verbose))

    def __str__(self) -> str:
        return self.to_string()

    def __repr__(self) -> str:
        if self._values is None:
            return f"<disposed Tensor id={self.id}>"
        return self.to_string()

    # -- Python protocol -------------------------------------------------------------
    def __len__(self) -> int:
        if self.rank == 0:
            raise TypeError("len() of a rank-0 tensor (a scalar) is undefined.")
        return self.shape[0]

    def __bool__(self) -> bool:
        v = self.values
        if v.size != 1:
            raise ValueError(
                f"The truth value of a tensor with {v.size} elements is ambiguous. "
                "Use tf.any(t) or tf.all(t)."
            )
        return bool(v.item())

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    __hash__ = object.__hash__  # identity, so tensors can sit in sets and dict keys


ENGINE.tensor_type = Tensor


class Variable(Tensor):
    """A mutable tensor for weights: `assign` changes its value in place.

    Variables are never disposed by `tidy`. `variable_grads` and optimizers
    find the trainable ones by name.
    """

    __slots__ = ("trainable", "name")

    def __init__(self, initial: Tensor, trainable: bool = True, name: str | None = None) -> None:
        if name is None:
            name = _auto_name()
        if not isinstance(name, str) or not name:
            raise TypeError(f"variable: name must be a non-empty string, got {name!r}.")
        if name in ENGINE.variables:
            raise ValueError(
                f"variable: a variable named {name!r} already exists. Pick another name, or "
                "dispose the old one (v.dispose() or tf.dispose_variables())."
            )
        self._values = initial.values
        self._dtype = initial._dtype
        self._id = _next_id()
        self.trainable = bool(trainable)
        self.name = name
        # A variable starts on its initial tensor's buffer, as in tfjs.
        ENGINE.register(self, ENGINE.tensor_buffer[initial.id], track=False)
        ENGINE.variables[name] = self

    @property
    def is_variable(self) -> bool:
        """True for a `Variable`."""
        return True

    def assign(self, new_value: Tensor) -> None:
        """Replace the value; dtype and shape must stay the same."""
        new_value = convert_to_tensor(new_value, "new_value", "assign", self.dtype)
        if new_value.dtype != self.dtype:
            raise DTypeError(
                f"assign: variable {self.name!r} has dtype {self.dtype} but the new value has "
                f"dtype {new_value.dtype}. Cast it first: tf.cast(value, '{self.dtype}')."
            )
        if new_value.shape != self.shape:
            raise ShapeError(
                f"assign: variable {self.name!r} has shape {format_shape(self.shape)} but the "
                f"new value has shape {format_shape(new_value.shape)}."
            )
        ENGINE.release(self.id)
        ENGINE.register(self, ENGINE.tensor_buffer[new_value.id], track=False)
        self._values = new_value._values

    def dispose(self) -> None:
        """Free the variable and forget its name."""
        if self._values is not None:
            ENGINE.variables.pop(self.name, None)
        super().dispose()

    def __repr__(self) -> str:
        return f"Variable {self.name!r} " + super().__repr__()


_variable_counter = 0


def _auto_name() -> str:
    global _variable_counter
    while True:
        _variable_counter += 1
        name = f"variable{_variable_counter}"
        if name not in ENGINE.variables:
            return name


def format_shape(shape: tuple[int, ...] | list[int]) -> str:
    """A shape the way tfjs error messages write it: [2,3]."""
    return "[" + ",".join(str(d) for d in shape) + "]"


# -- turning Python values into tensors ----------------------------------------------------
def to_array(values: Any, dtype: str | None = None, op: str = "tensor") -> np.ndarray:
    """A fresh ndarray from Python/numpy values with tfjs's dtype inference."""
    if dtype is not None:
        dtype = check_dtype(dtype, op)
    if isinstance(values, Tensor):
        arr = values.values
        inferred = values.dtype
    elif isinstance(values, (np.ndarray, np.generic)):
        arr = np.asarray(values)
        inferred = _infer_numpy(arr, op)
    elif isinstance(values, (bool, np.bool_)):
        arr, inferred = np.asarray(values), "bool"
    elif isinstance(values, (int, float)):
        arr, inferred = np.asarray(values, dtype=np.float64), "float32"
    elif isinstance(values, (list, tuple)):
        arr = _nested_to_array(values, op)
        inferred = "bool" if arr.dtype == np.bool_ else "float32"
    else:
        raise TypeError(
            f"{op}: cannot make a tensor from {type(values).__name__}; pass numbers, bools, "
            "nested lists of them, a numpy array or a Tensor."
        )
    target = dtype or inferred
    return _cast_checked(arr, target, op)


def _infer_numpy(arr: np.ndarray, op: str) -> str:
    kind = arr.dtype.kind
    if kind == "b":
        return "bool"
    if kind in "iu":
        return "int32"
    if kind == "f":
        return "float32"
    raise DTypeError(f"{op}: numpy dtype {arr.dtype} has no minitf equivalent.")


def _nested_to_array(values: list | tuple, op: str) -> np.ndarray:
    try:
        arr = np.asarray(values)
    except ValueError:
        _raise_ragged(values, op)
    if arr.dtype == object:
        _raise_ragged(values, op)
    if arr.dtype.kind not in "biuf":
        bad = next(v for v in arr.reshape(-1).tolist() if not isinstance(v, (int, float, bool)))
        raise TypeError(f"{op}: values must be numbers or bools, got {type(bad).__name__} {bad!r}.")
    return arr


def _raise_ragged(values: Any, op: str, path: str = "values") -> None:
    """Find the first place where nested lists disagree in length, and say where."""
    level = [(path, values)]
    while level:
        lengths = [(p, v) for p, v in level if isinstance(v, (list, tuple))]
        if lengths and len(lengths) != len(level):
            p, v = next((p, v) for p, v in level if not isinstance(v, (list, tuple)))
            raise ShapeError(f"{op}: ragged nested list: {p} is {v!r} but its siblings are lists.")
        if not lengths:
            break
        first_p, first = lengths[0]
        for p, v in lengths:
            if len(v) != len(first):
                raise ShapeError(
                    f"{op}: ragged nested list: {p} has {len(v)} entries but {first_p} has "
                    f"{len(first)}. Every row must have the same length."
                )
        level = [(f"{p}[{i}]", x) for p, v in lengths for i, x in enumerate(v)]
    raise TypeError(f"{op}: could not read the values as a rectangular array of numbers.")


def _cast_checked(arr: np.ndarray, dtype: str, op: str) -> np.ndarray:
    """Cast to `dtype`, refusing values the target cannot hold (NaN or huge into int32)."""
    target = NUMPY_DTYPE[dtype]
    if dtype == "int32" and arr.dtype.kind in "fiu" and arr.size:
        if arr.dtype.kind == "f" and not np.isfinite(arr).all():
            raise ValueError(f"{op}: NaN or Infinity cannot be stored in an int32 tensor.")
        lo, hi = arr.min(), arr.max()
        if lo < _INT32.min or hi > _INT32.max:
            bad = lo if lo < _INT32.min else hi
            raise ValueError(f"{op}: value {bad} does not fit in int32; use dtype 'float32'.")
    return np.array(arr, dtype=target, copy=True)


def tensor(values: TensorLike, shape: Any = None, dtype: str | None = None) -> Tensor:
    """A new tensor from numbers, nested lists, a numpy array or a tensor (copied).

    Python numbers become float32 (JavaScript has one number type), bools become
    bool, numpy integer arrays int32 and numpy float arrays float32, unless
    `dtype` says otherwise.
    """
    arr = to_array(values, dtype, "tensor")
    if shape is not None:
        shape = check_shape(shape, "tensor")
        need = int(np.prod(shape, dtype=np.int64))
        if need != arr.size:
            raise ShapeError(
                f"tensor: based on the provided shape {format_shape(shape)}, the tensor "
                f"should have {need} values but has {arr.size}."
            )
        _check_layout(arr.shape, shape)
        arr = arr.reshape(shape)
    return Tensor._make(arr)


def _check_layout(inferred: tuple[int, ...], shape: tuple[int, ...]) -> None:
    """tfjs's rule: nested values keep their axes; only the last may split into several.

    So [1, 2, 3, 4] fits shape [2, 2] and [[1, 2, 3, 4]] fits [1, 2, 2], but
    [[1, 2], [3, 4]] does not fit [1, 4].
    """
    for i, d in enumerate(inferred):
        last = i == len(inferred) - 1
        if i < len(shape) and d == shape[i]:
            continue
        if last and d == int(np.prod(shape[i:], dtype=np.int64)):
            continue
        raise ShapeError(
            f"tensor: the values have shape {format_shape(inferred)}, which does not match "
            f"the provided shape {format_shape(shape)}. Only the last axis of the values may "
            "be split into several axes (pass flat values to reshape freely)."
        )


def check_shape(shape: Any, op: str) -> tuple[int, ...]:
    """A shape as a tuple of non-negative ints, or a clear error."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise TypeError(f"{op}: shape must be a list of ints, got {shape!r}.") from None
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 0:
            raise ShapeError(f"{op}: shape {list(dims)} must hold non-negative ints; {d!r} isn't.")
    return tuple(int(d) for d in dims)


def convert_to_tensor(x: TensorLike, name: str, op: str, dtype: str | None = None) -> Tensor:
    """`x` itself if it is a live tensor, else a new tensor from it."""
    if isinstance(x, Tensor):
        if x._values is None:
            raise DisposedTensorError()
        return x
    try:
        return Tensor._make(to_array(x, dtype, op))
    except TypeError as e:
        raise type(e)(f"{op}: argument '{name}': {e}") from None


def variable(
    initial_value: TensorLike, trainable: bool = True, name: str | None = None,
    dtype: str | None = None,
) -> Variable:
    """A new Variable holding `initial_value` (cast to `dtype` when given)."""
    if isinstance(initial_value, Tensor) and (dtype is None or dtype == initial_value.dtype):
        initial = convert_to_tensor(initial_value, "initial_value", "variable")
        return Variable(initial, trainable, name)
    initial = Tensor._make(to_array(initial_value, dtype, "variable"))
    v = Variable(initial, trainable, name)
    initial.dispose()  # the variable holds its own reference to the buffer
    return v


def dispose_variables() -> None:
    """Dispose every variable (tfjs's `tf.disposeVariables()`)."""
    for v in list(ENGINE.variables.values()):
        v.dispose()
