"""The op registry: primitives (numpy forward + VJPs side by side) and public ops.

A *primitive* is the unit the gradient tape records. Its forward works on
numpy arrays; its VJPs, one per input as in HIPS autograd, take the output
gradient `g`, the output `ans` and the inputs (all Tensors) and are written
with minitf ops, so an outer tape records them and gradients nest to any
order.

A *public op* (`tf.add`, `x.add(b)`) checks and converts its arguments, then
calls primitives. `@op` registers it for the functional API and installs it as
a Tensor method for chaining; both APIs come from this one registry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..dtypes import FLOATS, is_float, upcast
from ..engine import ENGINE
from ..errors import DisposedTensorError, ShapeError
from ..tensor import Tensor, convert_to_tensor, format_shape

Vjp = Callable[..., Tensor]
_make = Tensor._make


class Primitive:
    """A recorded operation: `impl` on ndarrays, and one VJP per input."""

    __slots__ = ("name", "impl", "vjps", "shares_buffer")

    def __init__(self, name: str, impl: Callable[..., np.ndarray], shares_buffer: bool) -> None:
        self.name = name
        self.impl = impl
        self.vjps: tuple[Vjp | None, ...] = ()
        self.shares_buffer = shares_buffer

    def defvjp(self, *vjps: Vjp | None) -> Primitive:
        """Attach the VJPs, one per input (None: that input gets no gradient)."""
        self.vjps = vjps
        return self

    def __call__(self, *inputs: Tensor, **params: Any) -> Tensor:
        # Runs once per op: the one- and two-input cases skip building a list.
        n = len(inputs)
        if n == 1:
            a = inputs[0]._values
            if a is None:
                raise DisposedTensorError()
            values = self.impl(a, **params)
        elif n == 2:
            a, b = inputs[0]._values, inputs[1]._values
            if a is None or b is None:
                raise DisposedTensorError()
            values = self.impl(a, b, **params)
        else:
            arrays = [x._values for x in inputs]
            for v in arrays:
                if v is None:
                    raise DisposedTensorError()
            values = self.impl(*arrays, **params)
        if self.shares_buffer:
            out = _make(values, ENGINE.tensor_buffer.get(inputs[0]._id))
        else:
            out = _make(values)
        if ENGINE.tapes:
            ENGINE.tapes[-1].record(self.name, inputs, out, params, self.vjps)
        return out

    def __repr__(self) -> str:
        return f"<primitive {self.name}>"


PRIMITIVES: dict[str, Primitive] = {}
OPS: dict[str, Callable[..., Any]] = {}


def primitive(name: str, shares_buffer: bool = False) -> Callable[[Callable], Primitive]:
    """Decorator: turn a numpy forward function into a registered Primitive."""

    def wrap(impl: Callable[..., np.ndarray]) -> Primitive:
        if name in PRIMITIVES:
            raise ValueError(f"primitive {name!r} is defined twice")
        p = Primitive(name, impl, shares_buffer)
        PRIMITIVES[name] = p
        return p

    return wrap


def op(fn: Callable | None = None, *, method: bool = True, name: str | None = None) -> Any:
    """Decorator: register a public op; with `method`, also as a chaining method."""

    def wrap(f: Callable) -> Callable:
        key = name or f.__name__
        OPS[key] = f
        if method:
            setattr(Tensor, key, f)
        return f

    return wrap(fn) if fn is not None else wrap


# -- argument helpers shared by the op modules ---------------------------------------------
def as_tensor(x: Any, name: str, op_name: str, dtype: str | None = None) -> Tensor:
    """Convert one argument; a tensor passes through unchanged."""
    return convert_to_tensor(x, name, op_name, dtype)


def _weak_dtype(v: Any) -> str | None:
    """The smallest dtype a bare Python scalar needs (numpy-style weak typing)."""
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (int, np.integer)):
        return "int32"
    if isinstance(v, (float, np.floating)):
        return "float32"
    return None


def binary_operands(a: Any, b: Any, op_name: str, promote_bool: bool = True) -> tuple:
    """Convert two operands to tensors of one dtype and check they broadcast.

    A bare Python number adopts the tensor's dtype when it fits (`x_int + 1`
    stays int32, `x_int + 0.5` becomes float32), as numpy users expect. With
    `promote_bool`, arithmetic on bools happens in int32, as in tfjs.
    """
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        va, vb = a._values, b._values
        if va is None or vb is None:
            raise DisposedTensorError()
        if a._dtype == b._dtype and a._dtype != "bool":  # the common case, kept fast
            if va.shape != vb.shape:
                broadcast_shape(va.shape, vb.shape, op_name)
            return a, b
        dtype = upcast(a._dtype, b._dtype)
    elif type(b) is float and isinstance(a, Tensor) and a._dtype in FLOATS:
        # `x * 2.0` on a float tensor: the number becomes a scalar of x's dtype.
        return a, _scalar(b, a)
    elif type(a) is float and isinstance(b, Tensor) and b._dtype in FLOATS:
        return _scalar(a, b), b
    else:
        wa, wb = _weak_dtype(a), _weak_dtype(b)
        if isinstance(a, Tensor) and wb is not None:
            a = as_tensor(a, "a", op_name)
            dtype = upcast(a._dtype, wb)
        elif isinstance(b, Tensor) and wa is not None:
            b = as_tensor(b, "b", op_name)
            dtype = upcast(b._dtype, wa)
        else:
            a = as_tensor(a, "a", op_name)
            b = as_tensor(b, "b", op_name)
            dtype = upcast(a._dtype, b._dtype)
    if promote_bool and dtype == "bool":
        dtype = "int32"
    a = cast_to(a, dtype, op_name)
    b = cast_to(b, dtype, op_name)
    broadcast_shape(a.shape, b.shape, op_name)
    return a, b


def _scalar(value: float, like: Tensor) -> Tensor:
    """A new rank-0 tensor of `like`'s float dtype (after checking `like` is live)."""
    v = like._values
    if v is None:
        raise DisposedTensorError()
    return _make(v.dtype.type(value))


def number_arg(v: Any, name: str, op_name: str) -> float:
    """A plain real-number argument (not a bool, list or tensor) as a float."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"{op_name}: {name} must be a number, got {v!r}.")
    return float(v)


def cast_to(x: Any, dtype: str, op_name: str) -> Tensor:
    """`x` as a tensor of `dtype` (recorded as a Cast when it changes dtype)."""
    if not isinstance(x, Tensor):
        return as_tensor(x, "x", op_name, dtype)
    if x._dtype == dtype:
        return x
    return PRIMITIVES["Cast"](x, dtype=dtype)


def float_operand(x: Any, op_name: str) -> Tensor:
    """Convert; int32 and bool inputs become float32 (math like exp needs floats)."""
    if isinstance(x, Tensor) and x._dtype in FLOATS and x._values is not None:
        return x
    x = as_tensor(x, "x", op_name)
    return x if is_float(x._dtype) else cast_to(x, "float32", op_name)


def broadcast_shape(a: Sequence[int], b: Sequence[int], op_name: str) -> tuple[int, ...]:
    """The numpy/tfjs broadcast of two shapes, or the tfjs error naming both."""
    if tuple(a) == tuple(b):
        return tuple(a)
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        da = a[-i] if i <= len(a) else 1
        db = b[-i] if i <= len(b) else 1
        if da != db and da != 1 and db != 1:
            raise ShapeError(
                f"{op_name}: Operands could not be broadcast together with shapes "
                f"{format_shape(a)} and {format_shape(b)}."
            )
        out.append(da if db == 1 else db)
    return tuple(reversed(out))


def normalize_axes(axis: Any, rank: int, op_name: str) -> tuple[int, ...]:
    """Axes as sorted non-negative ints (None = all); errors name the bad axis.

    A scalar has no axes; as in reductions over it, axis 0 or -1 means "none".
    """
    if axis is None:
        return tuple(range(rank))
    if isinstance(axis, (int, np.integer)) and not isinstance(axis, bool):
        axes = [axis]
    elif isinstance(axis, (list, tuple)):
        axes = list(axis)
    else:
        raise TypeError(f"{op_name}: axis must be an int or a list of ints, got {axis!r}.")
    out = []
    for ax in axes:
        if isinstance(ax, bool) or not isinstance(ax, (int, np.integer)):
            raise TypeError(f"{op_name}: axis must be an int or a list of ints, got {ax!r}.")
        if rank == 0:
            if ax not in (0, -1):
                raise ShapeError(f"{op_name}: axis {ax} is out of range for a scalar (rank 0).")
            continue
        if not -rank <= ax < rank:
            raise ShapeError(
                f"{op_name}: axis {ax} is out of range for a tensor of rank {rank}; "
                f"valid axes are {-rank} to {rank - 1}."
            )
        out.append(int(ax) % rank)
    if len(set(out)) != len(out):
        raise ShapeError(f"{op_name}: axis {list(axes)} names the same axis twice.")
    return tuple(sorted(out))


def unbroadcast(g: Tensor, shape: tuple[int, ...]) -> Tensor:
    """Sum `g` over the axes that broadcasting stretched, back to `shape`.

    The one helper every binary VJP uses (as in HIPS autograd): if `x` of shape
    (3, 1) was broadcast to (2, 3, 4), its gradient is g summed over axis 0
    (added) and axis 2 (stretched from 1), then reshaped to (3, 1).
    """
    gshape = g.shape
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    axes = list(range(lead))
    axes += [lead + i for i, d in enumerate(shape) if d == 1 and gshape[lead + i] != 1]
    # The primitives by name: this module sits below the op modules it would import.
    g = PRIMITIVES["Sum"](g, axes=tuple(axes), keep_dims=False)
    return g if g.shape == shape else PRIMITIVES["Reshape"](g, shape=shape)
