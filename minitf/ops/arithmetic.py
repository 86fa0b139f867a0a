"""Elementwise arithmetic: + - * / // % **, max/min, and the sign-like unary ops.

Each primitive's numpy forward sits right above its VJPs. Binary VJPs end in
`unbroadcast`, because an input that was broadcast receives the sum of the
gradients of all the places it was copied to.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import is_float
from ..errors import DTypeError
from ..tensor import Tensor
from ._core import as_tensor, binary_operands, op, primitive, unbroadcast


def _zero_vjp(g: Tensor, ans: Tensor, *inputs: Tensor, **_: Any) -> Tensor:
    """Gradient of a piecewise-constant op (floor, sign, ...): zero almost everywhere."""
    from .creation import zeros_like

    return zeros_like(inputs[0])


def _no_int_zero_divisor(b: np.ndarray, op_name: str) -> None:
    if b.dtype.kind in "iub" and not b.all():
        raise ZeroDivisionError(
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
    lambda g, ans, a, b: unbroadcast(neg(g), b.shape),
)


@primitive("Mul")
def _mul(a, b):
    return a * b


_mul.defvjp(
    lambda g, ans, a, b: unbroadcast(mul(g, b), a.shape),
    lambda g, ans, a, b: unbroadcast(mul(g, a), b.shape),
)


@primitive("RealDiv")
def _div(a, b):
    with np.errstate(divide="ignore", invalid="ignore"):
        return a / b


_div.defvjp(
    lambda g, ans, a, b: unbroadcast(div(g, b), a.shape),
    lambda g, ans, a, b: unbroadcast(neg(mul(g, div(ans, b))), b.shape),
)


@primitive("FloorDiv")
def _floor_div(a, b):
    _no_int_zero_divisor(b, "floor_div")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.floor_divide(a, b)


_floor_div.defvjp(_zero_vjp, lambda g, ans, a, b: _zero_vjp(g, ans, b))


@primitive("FloorMod")
def _mod(a, b):
    _no_int_zero_divisor(b, "mod")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.mod(a, b)


_mod.defvjp(
    lambda g, ans, a, b: unbroadcast(g, a.shape),
    lambda g, ans, a, b: unbroadcast(neg(mul(g, floor(div(a, b)))), b.shape),
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
    return unbroadcast(mul(g, mul(b, pow(a, sub(b, 1.0)))), a.shape)


def _pow_vjp_exponent(g, ans, a, b):
    from .logic import greater, where
    from .math import log

    # d(a^b)/db = a^b log(a), defined for a > 0; tfjs and autograd use 0 elsewhere.
    positive = greater(a, 0.0)
    safe_log = where(positive, log(where(positive, a, 1.0)), 0.0)
    return unbroadcast(mul(g, mul(ans, safe_log)), b.shape)


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
    from .shape import cast

    return unbroadcast(mul(g, cast(mask, g.dtype)), shape)


def _ge(a, b):
    from .logic import greater_equal

    return greater_equal(a, b)


def _lt(a, b):
    from .logic import less

    return less(a, b)


# Ties send the gradient to a, as tfjs does.
_maximum.defvjp(
    lambda g, ans, a, b: _pick(g, _ge(a, b), a.shape),
    lambda g, ans, a, b: _pick(g, _lt(a, b), b.shape),
)
_minimum.defvjp(
    lambda g, ans, a, b: _pick(g, _ge(b, a), a.shape),
    lambda g, ans, a, b: _pick(g, _lt(b, a), b.shape),
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


_neg.defvjp(lambda g, ans, x: neg(g))


@primitive("Abs")
def _abs(x):
    return np.abs(x)


_abs.defvjp(lambda g, ans, x: mul(g, sign(x)))


@primitive("Square")
def _square(x):
    return np.square(x)


_square.defvjp(lambda g, ans, x: mul(g, mul(x, 2.0)))


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
    return prim(x) if is_float(x.dtype) else x  # integers are already whole


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


@primitive("ClipByValue")
def _clip(x, clip_value_min, clip_value_max):
    return np.clip(x, clip_value_min, clip_value_max).astype(x.dtype, copy=False)


def _clip_vjp(g, ans, x, clip_value_min, clip_value_max):
    from .logic import greater_equal, less_equal, logical_and
    from .shape import cast

    inside = logical_and(greater_equal(x, clip_value_min), less_equal(x, clip_value_max))
    return mul(g, cast(inside, g.dtype))


_clip.defvjp(_clip_vjp)


@op
def clip_by_value(x: Any, clip_value_min: float, clip_value_max: float) -> Tensor:
    """x limited to [clip_value_min, clip_value_max]."""
    x = _numeric(x, "clip_by_value")
    if clip_value_min > clip_value_max:
        raise ValueError(
            f"clip_by_value: clip_value_min ({clip_value_min}) must be <= clip_value_max "
            f"({clip_value_max})."
        )
    whole = float(clip_value_min).is_integer() and float(clip_value_max).is_integer()
    if x.dtype == "int32" and not whole:
        raise DTypeError("clip_by_value: an int32 tensor needs whole-number bounds.")
    return _clip(x, clip_value_min=clip_value_min, clip_value_max=clip_value_max)
