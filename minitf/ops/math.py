"""Elementwise math on floats: sqrt, exp, log, trig... (int inputs become float32)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor
from ._core import float_operand, op, primitive
from .arithmetic import add, div, mul, neg, square


@primitive("Log")
def _log(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


_log.defvjp(lambda g, ans, x: div(g, x))


@op
def log(x: Any) -> Tensor:
    """Natural logarithm."""
    return _log(float_operand(x, "log"))


@primitive("Sin")
def _sin(x):
    return np.sin(x)


_sin.defvjp(lambda g, ans, x: mul(g, cos(x)))


@op
def sin(x: Any) -> Tensor:
    """Sine."""
    return _sin(float_operand(x, "sin"))


@primitive("Cos")
def _cos(x):
    return np.cos(x)


_cos.defvjp(lambda g, ans, x: neg(mul(g, sin(x))))


@op
def cos(x: Any) -> Tensor:
    """Cosine."""
    return _cos(float_operand(x, "cos"))


@primitive("Atan")
def _atan(x):
    return np.arctan(x)


_atan.defvjp(lambda g, ans, x: div(g, add(square(x), 1.0)))


@op
def atan(x: Any) -> Tensor:
    """Arctangent."""
    return _atan(float_operand(x, "atan"))
