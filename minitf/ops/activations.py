"""Activation functions: relu, leaky_relu, elu, softplus, sigmoid, softmax, log_softmax.

All but relu work in floats (int32 and bool inputs become float32); relu keeps
int32, as in tfjs. Each forward is written so that no input overflows: sigmoid
and softplus only ever exponentiate -|x|, and softmax and log_softmax subtract
the largest logit first.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError
from ..tensor import Tensor
from ._core import as_tensor, float_operand, normalize_axes, number_arg, op, primitive
from .arithmetic import _mul, _sub, add, minimum, sub
from .math import _exp
from .reduction import sum as reduce_sum


# -- the relu family ---------------------------------------------------------------------------
@primitive("Step")
def _step(x, alpha):
    """The slope of (leaky) relu: 1 where x > 0, else alpha."""
    if alpha == 0:
        return (x > 0).astype(x.dtype)  # relu's case, several times faster than where
    return np.where(x > 0, x.dtype.type(1), x.dtype.type(alpha))


def _step_vjp(g, ans, x, alpha):
    from ..creation import zeros_like

    return zeros_like(x)  # piecewise constant


_step.defvjp(_step_vjp)


@primitive("Relu")
def _relu(x):
    return np.maximum(x, 0)


_relu.defvjp(lambda g, ans, x: _mul(g, _step(x, alpha=0.0)))


@op
def relu(x: Any) -> Tensor:
    """max(x, 0); int32 stays int32, bool becomes int32."""
    x = as_tensor(x, "x", "relu")
    if x.dtype == "bool":
        from .shape import cast

        x = cast(x, "int32")
    return _relu(x)


@primitive("LeakyRelu")
def _leaky_relu(x, alpha):
    return np.where(x > 0, x, x * x.dtype.type(alpha))


_leaky_relu.defvjp(lambda g, ans, x, alpha: _mul(g, _step(x, alpha=alpha)))


@op
def leaky_relu(x: Any, alpha: float = 0.2) -> Tensor:
    """x where x > 0, else alpha * x (tfjs's leakyRelu)."""
    alpha = number_arg(alpha, "alpha", "leaky_relu")
    return _leaky_relu(float_operand(x, "leaky_relu"), alpha=alpha)


@primitive("Elu")
def _elu(x):
    # min(x, 0) keeps expm1 from overflowing in the branch that where() discards.
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


# The slope is 1 for x > 0 and exp(x) = elu(x) + 1 below; min(elu(x), 0) + 1 says both
# at once, and differentiates to exp(x) for x < 0, so second derivatives come out right.
_elu.defvjp(lambda g, ans, x: _mul(g, add(minimum(ans, 0.0), 1.0)))


@op
def elu(x: Any) -> Tensor:
    """x where x > 0, else exp(x) - 1."""
    return _elu(float_operand(x, "elu"))


# -- sigmoid and softplus ----------------------------------------------------------------------
@primitive("Sigmoid")
def _sigmoid(x):
    # 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) below: e = exp(-|x|) never overflows.
    e = np.exp(-np.abs(x))
    r = 1 / (1 + e)
    return np.where(x >= 0, r, e * r)


_sigmoid.defvjp(lambda g, ans, x: _mul(g, _mul(ans, sub(1.0, ans))))


@op
def sigmoid(x: Any) -> Tensor:
    """1 / (1 + exp(-x))."""
    return _sigmoid(float_operand(x, "sigmoid"))


@primitive("Softplus")
def _softplus(x):
    return np.logaddexp(0, x)  # log(e^0 + e^x), computed without overflow


_softplus.defvjp(lambda g, ans, x: _mul(g, sigmoid(x)))


@op
def softplus(x: Any) -> Tensor:
    """log(1 + exp(x))."""
    return _softplus(float_operand(x, "softplus"))


# -- softmax and log_softmax -------------------------------------------------------------------
def _one_axis(axis: Any, x: Tensor, name: str, op_name: str) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{op_name}: {name} must be one int axis, got {axis!r}.")
    if x.rank == 0:
        raise ShapeError(
            f"{op_name}: the logits are a scalar (shape []); pass a tensor of rank >= 1, "
            "e.g. tf.reshape(logits, [1])."
        )
    return normalize_axes(axis, x.rank, op_name)[0]


@primitive("Softmax")
def _softmax(x, axis):
    # `initial` makes the max of an empty axis -inf instead of an error.
    with np.errstate(invalid="ignore"):  # inf - inf = NaN, as in tfjs
        e = x - x.max(axis=axis, keepdims=True, initial=-np.inf)
        np.exp(e, out=e)
        e /= e.sum(axis=axis, keepdims=True)
    return e


def _softmax_vjp(g, ans, x, axis):
    # J^T g for J = diag(s) - s s^T: s * (g - sum(g * s)).
    return _mul(ans, _sub(g, reduce_sum(_mul(g, ans), axis, keep_dims=True)))


_softmax.defvjp(_softmax_vjp)


@op
def softmax(logits: Any, dim: int = -1) -> Tensor:
    """exp(logits) normalized to sum to 1 along `dim` (the last axis by default)."""
    x = float_operand(logits, "softmax")
    return _softmax(x, axis=_one_axis(dim, x, "dim", "softmax"))


@primitive("LogSoftmax")
def _log_softmax(x, axis):
    with np.errstate(invalid="ignore", divide="ignore"):
        s = x - x.max(axis=axis, keepdims=True, initial=-np.inf)
        s -= np.log(np.exp(s).sum(axis=axis, keepdims=True))
    return s


def _log_softmax_vjp(g, ans, x, axis):
    # exp(ans) is softmax(x): g - softmax(x) * sum(g).
    return _sub(g, _mul(_exp(ans), reduce_sum(g, axis, keep_dims=True)))


_log_softmax.defvjp(_log_softmax_vjp)


@op
def log_softmax(logits: Any, axis: int = -1) -> Tensor:
    """log(softmax(logits)) along `axis`, computed without overflow."""
    x = float_operand(logits, "log_softmax")
    return _log_softmax(x, axis=_one_axis(axis, x, "axis", "log_softmax"))
