"""Comparisons, logical ops and where: bool results, no gradient through conditions.

Comparisons first bring both operands to one dtype (bool < int32 < float32 <
float64, with Python numbers weakly typed), so `x_int < 0.5` compares in
float32. Logical ops and `where`'s condition accept bool tensors only, as in
tfjs: a float used as a condition is almost always a bug.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import DTypeError
from ..tensor import Tensor
from ._core import as_tensor, binary_operands, broadcast_shape, op, primitive, unbroadcast


def _bool_operand(x: Any, name: str, op_name: str) -> Tensor:
    """Convert; refuse anything but bool (Python bools and numpy bool arrays are fine)."""
    x = as_tensor(x, name, op_name)
    if x.dtype != "bool":
        raise DTypeError(
            f"{op_name}: argument '{name}' must be a bool tensor, but got a {x.dtype} tensor. "
            "Compare first (e.g. tf.greater(x, 0)) or cast: tf.cast(x, 'bool')."
        )
    return x


# -- comparisons: bool results, no VJPs (a bool output never carries a gradient) ---------------
@primitive("Equal")
def _equal(a, b):
    return np.equal(a, b)


@primitive("NotEqual")
def _not_equal(a, b):
    return np.not_equal(a, b)


@primitive("Greater")
def _greater(a, b):
    return np.greater(a, b)


@primitive("GreaterEqual")
def _greater_equal(a, b):
    return np.greater_equal(a, b)


@primitive("Less")
def _less(a, b):
    return np.less(a, b)


@primitive("LessEqual")
def _less_equal(a, b):
    return np.less_equal(a, b)


@op
def equal(a: Any, b: Any) -> Tensor:
    """a == b elementwise, as a bool tensor."""
    return _equal(*binary_operands(a, b, "equal", promote_bool=False))


@op
def not_equal(a: Any, b: Any) -> Tensor:
    """a != b elementwise, as a bool tensor."""
    return _not_equal(*binary_operands(a, b, "not_equal", promote_bool=False))


@op
def greater(a: Any, b: Any) -> Tensor:
    """a > b elementwise, as a bool tensor."""
    return _greater(*binary_operands(a, b, "greater", promote_bool=False))


@op
def greater_equal(a: Any, b: Any) -> Tensor:
    """a >= b elementwise, as a bool tensor."""
    return _greater_equal(*binary_operands(a, b, "greater_equal", promote_bool=False))


@op
def less(a: Any, b: Any) -> Tensor:
    """a < b elementwise, as a bool tensor."""
    return _less(*binary_operands(a, b, "less", promote_bool=False))


@op
def less_equal(a: Any, b: Any) -> Tensor:
    """a <= b elementwise, as a bool tensor."""
    return _less_equal(*binary_operands(a, b, "less_equal", promote_bool=False))


# -- logical_and, logical_or, logical_not ------------------------------------------------------
@primitive("LogicalAnd")
def _logical_and(a, b):
    return np.logical_and(a, b)


@primitive("LogicalOr")
def _logical_or(a, b):
    return np.logical_or(a, b)


@primitive("LogicalNot")
def _logical_not(x):
    return np.logical_not(x)


@op
def logical_and(a: Any, b: Any) -> Tensor:
    """a AND b for bool tensors, with broadcasting."""
    a, b = _bool_operand(a, "a", "logical_and"), _bool_operand(b, "b", "logical_and")
    broadcast_shape(a.shape, b.shape, "logical_and")
    return _logical_and(a, b)


@op
def logical_or(a: Any, b: Any) -> Tensor:
    """a OR b for bool tensors, with broadcasting."""
    a, b = _bool_operand(a, "a", "logical_or"), _bool_operand(b, "b", "logical_or")
    broadcast_shape(a.shape, b.shape, "logical_or")
    return _logical_or(a, b)


@op
def logical_not(x: Any) -> Tensor:
    """NOT x for a bool tensor."""
    return _logical_not(_bool_operand(x, "x", "logical_not"))


# -- where -------------------------------------------------------------------------------------
@primitive("Select")
def _where(condition, a, b):
    return np.where(condition, a, b)


def _zero_like_scalar(g: Tensor) -> Tensor:
    # One 0-d zero that np.where broadcasts, rather than a full array of zeros.
    return as_tensor(0, "zero", "where", g.dtype)


# g already has the broadcast shape of all three inputs, so each branch's gradient is
# g where that branch was taken, summed back to the branch's own shape.
def _where_vjp_a(g, ans, condition, a, b):
    return unbroadcast(_where(condition, g, _zero_like_scalar(g)), a.shape)


def _where_vjp_b(g, ans, condition, a, b):
    return unbroadcast(_where(condition, _zero_like_scalar(g), g), b.shape)


_where.defvjp(None, _where_vjp_a, _where_vjp_b)


@op(method=False)
def where(condition: Any, a: Any, b: Any) -> Tensor:
    """a where condition is true, else b; all three broadcast together."""
    condition = _bool_operand(condition, "condition", "where")
    a, b = binary_operands(a, b, "where", promote_bool=False)
    broadcast_shape(condition.shape, broadcast_shape(a.shape, b.shape, "where"), "where")
    return _where(condition, a, b)


def _where_method(self: Tensor, condition: Any, b: Any) -> Tensor:
    """self where condition is true, else b."""
    return where(condition, self, b)


# As in tfjs, the chained form is `a.where(condition, b)`: the tensor is the "true" branch.
Tensor.where = _where_method
