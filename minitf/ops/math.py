"""Elementwise math on floats: sqrt, exp, log, trig... (int and bool inputs become float32).

Inputs outside an op's domain give NaN or Infinity, as in numpy and tfjs
(`log(-1)` is NaN, `exp(1000)` is Infinity), without printing a numpy
warning: the forwards that warn on ordinary inputs run under `np.errstate`.
sin, cos and tan warn only for an infinite input, so they skip errstate,
whose ~1 us per call would be a third of a scalar op's cost: for them
numpy's "invalid value" warning does show, next to the NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor
from ._core import float_operand, op, primitive
from .arithmetic import _div, _mul, _neg, _square, add, mul, sub


# -- sqrt, rsqrt, exp, log, log1p ----------------------------------------------------------------
@primitive("Sqrt")
def _sqrt(x):
    with np.errstate(invalid="ignore"):
        return np.sqrt(x)


_sqrt.defvjp(lambda g, ans, x: _div(g, mul(ans, 2.0)))


@op
def sqrt(x: Any) -> Tensor:
    """Square root (NaN for negative x)."""
    return _sqrt(float_operand(x, "sqrt"))


@primitive("Rsqrt")
def _rsqrt(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.reciprocal(np.sqrt(x))


# d(x^-1/2)/dx = -1/2 x^-3/2 = -1/2 * ans / x
_rsqrt.defvjp(lambda g, ans, x: _mul(g, mul(_div(ans, x), -0.5)))


@op
def rsqrt(x: Any) -> Tensor:
    """1 / sqrt(x)."""
    return _rsqrt(float_operand(x, "rsqrt"))


@primitive("Exp")
def _exp(x):
    with np.errstate(over="ignore"):
        return np.exp(x)


_exp.defvjp(lambda g, ans, x: _mul(g, ans))


@op
def exp(x: Any) -> Tensor:
    """e to the power x."""
    return _exp(float_operand(x, "exp"))


@primitive("Log")
def _log(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


_log.defvjp(lambda g, ans, x: _div(g, x))


@op
def log(x: Any) -> Tensor:
    """Natural logarithm (-Infinity at 0, NaN for negative x)."""
    return _log(float_operand(x, "log"))


@primitive("Log1p")
def _log1p(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log1p(x)


_log1p.defvjp(lambda g, ans, x: _div(g, add(x, 1.0)))


@op
def log1p(x: Any) -> Tensor:
    """log(1 + x), accurate for small x."""
    return _log1p(float_operand(x, "log1p"))


# -- trigonometry ------------------------------------------------------------------------------
@primitive("Sin")
def _sin(x):
    return np.sin(x)


_sin.defvjp(lambda g, ans, x: _mul(g, _cos(x)))


@op
def sin(x: Any) -> Tensor:
    """Sine."""
    return _sin(float_operand(x, "sin"))


@primitive("Cos")
def _cos(x):
    return np.cos(x)


_cos.defvjp(lambda g, ans, x: _neg(_mul(g, _sin(x))))


@op
def cos(x: Any) -> Tensor:
    """Cosine."""
    return _cos(float_operand(x, "cos"))


@primitive("Tan")
def _tan(x):
    return np.tan(x)


_tan.defvjp(lambda g, ans, x: _div(g, _square(_cos(x))))


@op
def tan(x: Any) -> Tensor:
    """Tangent."""
    return _tan(float_operand(x, "tan"))


@primitive("Atan")
def _atan(x):
    return np.arctan(x)


_atan.defvjp(lambda g, ans, x: _div(g, add(_square(x), 1.0)))


@op
def atan(x: Any) -> Tensor:
    """Arctangent, in (-pi/2, pi/2)."""
    return _atan(float_operand(x, "atan"))


@primitive("Tanh")
def _tanh(x):
    return np.tanh(x)


_tanh.defvjp(lambda g, ans, x: _mul(g, sub(1.0, _square(ans))))


@op
def tanh(x: Any) -> Tensor:
    """Hyperbolic tangent."""
    return _tanh(float_operand(x, "tanh"))

