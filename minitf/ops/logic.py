"""Comparisons, logical ops and where: bool results, no gradient through conditions."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor
from ._core import as_tensor, binary_operands, broadcast_shape, op, primitive, unbroadcast


def _comparison(name: str, fn):
    prim = primitive(name)(lambda a, b: fn(a, b))

    def compare(a: Any, b: Any) -> Tensor:
        return prim(*binary_operands(a, b, compare.__name__, promote_bool=False))

    return compare


greater = op(_comparison("Greater", np.greater), name="greater")
greater_equal = op(_comparison("GreaterEqual", np.greater_equal), name="greater_equal")
less = op(_comparison("Less", np.less), name="less")
less_equal = op(_comparison("LessEqual", np.less_equal), name="less_equal")


@primitive("LogicalAnd")
def _logical_and(a, b):
    return np.logical_and(a, b)


@op
def logical_and(a: Any, b: Any) -> Tensor:
    """a AND b for bool tensors, with broadcasting."""
    a, b = as_tensor(a, "a", "logical_and", "bool"), as_tensor(b, "b", "logical_and", "bool")
    broadcast_shape(a.shape, b.shape, "logical_and")
    return _logical_and(a, b)


@primitive("Select")
def _where(condition, a, b):
    return np.where(condition, a, b)


def _where_vjp_a(g, ans, condition, a, b):
    from .creation import zeros_like

    return unbroadcast(_where(condition, g, zeros_like(g)), a.shape)


def _where_vjp_b(g, ans, condition, a, b):
    from .creation import zeros_like

    return unbroadcast(_where(condition, zeros_like(g), g), b.shape)


_where.defvjp(None, _where_vjp_a, _where_vjp_b)


@op
def where(condition: Any, a: Any, b: Any) -> Tensor:
    """a where condition is true, else b; all three broadcast together."""
    condition = as_tensor(condition, "condition", "where", "bool")
    a, b = binary_operands(a, b, "where", promote_bool=False)
    broadcast_shape(condition.shape, broadcast_shape(a.shape, b.shape, "where"), "where")
    return _where(condition, a, b)
