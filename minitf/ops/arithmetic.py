"""Elementwise arithmetic: + - * / // % **, max/min, and the sign-like unary ops.

Each primitive's numpy forward sits right above its VJPs. Binary VJPs end in
`unbroadcast`, because an input that was broadcast receives the sum of the
gradients of all the places it was copied to.

Inside a VJP the operands are already tensors of one float dtype, so VJPs call
primitives (`_mul`, `_neg`, ...) directly where they can: that skips argument
conversion on the hot backward path, and the calls are still recorded, so
gradients still nest.
"""

from __future__ import annotations

import builtins
import math as _pymath
from typing import Any

import numpy as np

from ..dtypes import is_float
from ..errors import DTypeError
from ..tensor import Tensor
from ._core import as_tensor, binary_operands, number_arg, op, primitive, unbroadcast
from .logic import greater, greater_equal, less, less_equal, logical_and, not_equal, where


class IntegerDivisionError(ZeroDivisionError, ValueError):
    """An int32 division or modulo by zero: the answer (NaN or Infinity) is not an int32."""


def _zeros_of(x: Tensor) -> Tensor:
    from ..creation import zeros_like

    return zeros_like(x)


def _zero_vjp(g: Tensor, ans: Tensor, x: Tensor, *rest: Any, **params: Any) -> Tensor:
    """Gradient of a piecewise-constant op (floor, sign, ...) w.r.t. its first input: zero."""
    return _zeros_of(x)


def _no_int_zero_divisor(b: np.ndarray, op_name: str) -> None:
    if b.dtype.kind in "iub" and not b.all():
        raise IntegerDivisionError(
            f"{op_name}: integer division by zero (the result would be NaN or Infinity, "
            "which int32 cannot hold). Cast to float32 first if that is what you want."
        )


# -- add, sub, mul, div --------------------------------------------------------------------
@primitive("Add")
def _add(a, b):
    return a + b


_add.defvjp(
    lambda g, ans, a, b: unbroadcast(g, a.shape),
    lambda g, ans, a, b: unbroadcast(g, b.shape),
)


@primitive("Sub")
def _sub(a, b):
    return a - b


_sub.defvjp(
    lambda g, ans, a, b: unbroadcast(g, a.shape),
    lambda g, ans, a, b: unbroadcast(_neg(g), b.shape),
)


@primitive("Mul")
def _mul(a, b):
    return a * b


_mul.defvjp(
    lambda g, ans, a, b: unbroadcast(_mul(g, b), a.shape),
    lambda g, ans, a, b: unbroadcast(_mul(g, a), b.shape),
)


@primitive("RealDiv")
def _div(a, b):
    if b.ndim == 0 and b != 0:
        return a / b  # dividing by a non-zero scalar cannot warn: skip errstate's cost
    with np.errstate(divide="ignore", invalid="ignore"):
        return a / b


_div.defvjp(
    lambda g, ans, a, b: unbroadcast(_div(g, b), a.shape),
    # d(a/b)/db = -a/b^2 = -(a/b)/b, reusing the forward result.
    lambda g, ans, a, b: unbroadcast(_neg(_mul(g, _div(ans, b))), b.shape),
)


@primitive("FloorDiv")
def _floor_div(a, b):
    _no_int_zero_divisor(b, "floor_div")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.floor_divide(a, b)


# floor(a / b) is piecewise constant: its gradient is zero almost everywhere (as in
# autograd; tfjs hands floorDiv the gradient of real division instead).
_floor_div.defvjp(_zero_vjp, lambda g, ans, a, b: _zeros_of(b))


@primitive("FloorMod")
def _mod(a, b):
    _no_int_zero_divisor(b, "mod")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.mod(a, b)


# a mod b = a - floor(a / b) * b, with floor's slope taken as zero.
_mod.defvjp(
    lambda g, ans, a, b: unbroadcast(g, a.shape),
    lambda g, ans, a, b: unbroadcast(_neg(_mul(g, floor(_div(a, b)))), b.shape),
)


@op
def add(a: Any, b: Any) -> Tensor:
    """a + b, elementwise with broadcasting."""
    return _add(*binary_operands(a, b, "add"))


@op
def sub(a: Any, b: Any) -> Tensor:
    """a - b, elementwise with broadcasting."""
    return _sub(*binary_operands(a, b, "sub"))


@op
def mul(a: Any, b: Any) -> Tensor:
    """a * b, elementwise with broadcasting."""
    return _mul(*binary_operands(a, b, "mul"))


@op
def div(a: Any, b: Any) -> Tensor:
    """a / b; for two int32 tensors the result is floored, as in tfjs."""
    a, b = binary_operands(a, b, "div")
    if a.dtype == "int32":
        return _floor_div(a, b)
    return _div(a, b)


@op
def floor_div(a: Any, b: Any) -> Tensor:
    """floor(a / b), elementwise with broadcasting."""
    return _floor_div(*binary_operands(a, b, "floor_div"))


@op
def mod(a: Any, b: Any) -> Tensor:
    """a mod b with the sign of b (floor modulo, like Python's % and tfjs's mod)."""
    return _mod(*binary_operands(a, b, "mod"))


# -- pow, maximum, minimum -----------------------------------------------------------------
@primitive("Pow")
def _pow(a, b):
    if b.dtype.kind in "iu" and (b < 0).any():
        raise ValueError(
            "pow: integers to negative integer powers are not allowed (the result is not an "
            "integer). Cast the base to float32 first."
        )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.power(a, b)


def _pow_vjp_base(g, ans, a, b):
    # b * a^(b-1); where b == 0 the exponent is kept at 1, so that 0^0 has slope 0
    # instead of 0 * 0^-1 = NaN (as autograd does).
    exponent = where(not_equal(b, 0.0), sub(b, 1.0), 1.0)
    return unbroadcast(_mul(g, _mul(b, _pow(a, exponent))), a.shape)


def _pow_vjp_exponent(g, ans, a, b):
    from .math import log

    # d(a^b)/db = a^b log(a), defined for a > 0; tfjs uses 0 elsewhere.
    positive = greater(a, 0.0)
    safe_log = where(positive, log(where(positive, a, 1.0)), 0.0)
    return unbroadcast(_mul(g, _mul(ans, safe_log)), b.shape)


_pow.defvjp(_pow_vjp_base, _pow_vjp_exponent)


@op
def pow(a: Any, b: Any) -> Tensor:
    """a ** b, elementwise with broadcasting."""
    return _pow(*binary_operands(a, b, "pow"))


@primitive("Maximum")
def _maximum(a, b):
    return np.maximum(a, b)


@primitive("Minimum")
def _minimum(a, b):
    return np.minimum(a, b)


def _pick(g: Tensor, mask: Tensor, shape: tuple) -> Tensor:
    """The gradient where `mask` holds (the input that won), zero elsewhere."""
    return unbroadcast(where(mask, g, 0.0), shape)


# Ties send the gradient to a, as tfjs does.
_maximum.defvjp(
    lambda g, ans, a, b: _pick(g, greater_equal(a, b), a.shape),
    lambda g, ans, a, b: _pick(g, less(a, b), b.shape),
)
_minimum.defvjp(
    lambda g, ans, a, b: _pick(g, less_equal(a, b), a.shape),
    lambda g, ans, a, b: _pick(g, greater(a, b), b.shape),
)


@op
def maximum(a: Any, b: Any) -> Tensor:
    """The larger of a and b, elementwise with broadcasting."""
    return _maximum(*binary_operands(a, b, "maximum"))


@op
def minimum(a: Any, b: Any) -> Tensor:
    """The smaller of a and b, elementwise with broadcasting."""
    return _minimum(*binary_operands(a, b, "minimum"))


# -- unary ops that keep the dtype -----------------------------------------------------------
def _numeric(x: Any, op_name: str) -> Tensor:
    """A tensor for ops on numbers: bool becomes int32, as in tfjs."""
    x = as_tensor(x, "x", op_name)
    if x.dtype == "bool":
        from .shape import cast

        return cast(x, "int32")
    return x


@primitive("Neg")
def _neg(x):
    return np.negative(x)


_neg.defvjp(lambda g, ans, x: _neg(g))


@primitive("Abs")
def _abs(x):
    return np.abs(x)


_abs.defvjp(lambda g, ans, x: _mul(g, _sign(x)))


@primitive("Square")
def _square(x):
    with np.errstate(over="ignore"):
        return np.square(x)


_square.defvjp(lambda g, ans, x: _mul(g, mul(x, 2.0)))


@primitive("Sign")
def _sign(x):
    return np.sign(x)


_sign.defvjp(_zero_vjp)


@primitive("Floor")
def _floor(x):
    return np.floor(x)


_floor.defvjp(_zero_vjp)


@primitive("Ceil")
def _ceil(x):
    return np.ceil(x)


_ceil.defvjp(_zero_vjp)


@primitive("Round")
def _round(x):
    return np.round(x)  # half to even, as tfjs's round


_round.defvjp(_zero_vjp)


@op
def neg(x: Any) -> Tensor:
    """-x."""
    return _neg(_numeric(x, "neg"))


@op
def abs(x: Any) -> Tensor:
    """|x|."""
    return _abs(_numeric(x, "abs"))


@op
def square(x: Any) -> Tensor:
    """x * x."""
    return _square(_numeric(x, "square"))


@op
def sign(x: Any) -> Tensor:
    """-1, 0 or 1 by the sign of x."""
    return _sign(_numeric(x, "sign"))


def _float_only_rounding(x: Any, op_name: str, prim) -> Tensor:
    x = _numeric(x, op_name)
    if is_float(x.dtype):
        return prim(x)
    from .shape import clone

    return clone(x)  # integers are already whole; still a new tensor, as the caller may dispose


@op
def floor(x: Any) -> Tensor:
    """The largest integer <= x."""
    return _float_only_rounding(x, "floor", _floor)


@op
def ceil(x: Any) -> Tensor:
    """The smallest integer >= x."""
    return _float_only_rounding(x, "ceil", _ceil)


@op
def round(x: Any) -> Tensor:
    """x rounded to the nearest integer, ties to even."""
    return _float_only_rounding(x, "round", _round)


# -- clip_by_value ---------------------------------------------------------------------------
@primitive("ClipByValue")
def _clip(x, clip_value_min, clip_value_max):
    return np.clip(x, clip_value_min, clip_value_max)


def _clip_vjp(g, ans, x, clip_value_min, clip_value_max):
    inside = logical_and(greater_equal(x, clip_value_min), less_equal(x, clip_value_max))
    return where(inside, g, 0.0)


_clip.defvjp(_clip_vjp)

_INT32 = np.iinfo(np.int32)
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def _clip_bound(v: Any, name: str, dtype: str) -> float | int:
    """A bound as a Python number that numpy can apply to `dtype` without overflow."""
    v = number_arg(v, name, "clip_by_value")
    if _pymath.isnan(v):
        raise ValueError(f"clip_by_value: {name} is NaN; pass a number.")
    if dtype == "int32":
        if not v.is_integer() and not _pymath.isinf(v):
            raise DTypeError(
                f"clip_by_value: an int32 tensor needs whole-number bounds, got {name}={v}. "
                "Cast the tensor to float32 first."
            )
        return int(min(max(v, _INT32.min), _INT32.max))
    if dtype == "float32" and builtins.abs(v) > _FLOAT32_MAX:
        return _pymath.copysign(_pymath.inf, v)  # what float32 would round it to anyway
    return v


@op
def clip_by_value(x: Any, clip_value_min: float, clip_value_max: float) -> Tensor:
    """x limited to [clip_value_min, clip_value_max]."""
    x = _numeric(x, "clip_by_value")
    lo = _clip_bound(clip_value_min, "clip_value_min", x.dtype)
    hi = _clip_bound(clip_value_max, "clip_value_max", x.dtype)
    if lo > hi:
        raise ValueError(
            f"clip_by_value: clip_value_min ({clip_value_min}) must be <= clip_value_max "
            f"({clip_value_max})."
        )
    return _clip(x, clip_value_min=lo, clip_value_max=hi)
