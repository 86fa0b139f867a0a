"""Loss functions under `tf.losses`, built from ops so they differentiate for free.

Each loss first computes one loss value per entry (per example for
softmax_cross_entropy), then `compute_weighted_loss` multiplies in the
optional weights and reduces as `reduction` says. The default,
SUM_BY_NONZERO_WEIGHTS, is the mean over the entries whose weight is not zero.

The work runs inside `tidy`, as a tfjs op would: the intermediate tensors are
freed and only the loss survives (a gradient tape still keeps what it needs).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import IntEnum
from typing import Any

import numpy as np

from .dtypes import is_float
from .engine import tidy
from .errors import ShapeError
from .ops import arithmetic as ar
from .ops import reduction as rd
from .ops._core import as_tensor, broadcast_shape, cast_to, primitive
from .ops.activations import _log_softmax, _softmax, softplus
from .ops.shape import _reshape
from .tensor import Tensor, format_shape


class Reduction(IntEnum):
    """How a loss turns per-entry values into its result (tfjs's `tf.Reduction`)."""

    NONE = 0  # the weighted per-entry losses, unreduced
    MEAN = 1  # sum of weighted losses / sum of weights
    SUM = 2  # sum of weighted losses
    SUM_BY_NONZERO_WEIGHTS = 3  # sum of weighted losses / number of nonzero weights


def _reduction(reduction: Any, op_name: str) -> Reduction:
    if type(reduction) is Reduction:
        return reduction
    if isinstance(reduction, str):
        key = reduction.upper()
        if key in Reduction.__members__:
            return Reduction[key]
    elif not isinstance(reduction, bool) and isinstance(reduction, (int, np.integer)):
        if reduction in Reduction._value2member_map_:
            return Reduction(int(reduction))
    names = ", ".join(f"Reduction.{r.name}" for r in Reduction)
    raise ValueError(f"{op_name}: unknown reduction {reduction!r}; use one of {names}.")


def _float(x: Any, name: str, op_name: str) -> Tensor:
    x = as_tensor(x, name, op_name)
    return x if is_float(x.dtype) else cast_to(x, "float32", op_name)


def _same_shape(a: Tensor, b: Tensor, names: tuple[str, str], op_name: str) -> None:
    if a.shape != b.shape:
        raise ShapeError(
            f"{op_name}: {names[0]} shape {format_shape(a.shape)} and {names[1]} shape "
            f"{format_shape(b.shape)} must be the same."
        )


def _label_smoothing(value: Any, op_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{op_name}: label_smoothing must be a number, got {value!r}.")
    if not 0 <= value <= 1:
        raise ValueError(f"{op_name}: label_smoothing must be in [0, 1], got {value}.")
    return float(value)


def _weighted(losses: Tensor, weights: Any, reduction: Reduction, op_name: str) -> Tensor:
    """Apply weights and reduce; runs inside the caller's tidy."""

    if weights is None:
        if reduction == Reduction.NONE:
            return losses
        if reduction == Reduction.SUM:
            return rd.sum(losses)
        # MEAN and SUM_BY_NONZERO_WEIGHTS agree when every weight is 1.
        return rd.mean(losses)
    w = _float(weights, "weights", op_name)
    # Weights may add leading axes of size 1 (tfjs allows [1,n] weights for n
    # losses), but must not copy a loss: tfjs would then count it several times.
    full = broadcast_shape(losses.shape, w.shape, op_name)
    if math.prod(full) != losses.size:
        raise ShapeError(
            f"{op_name}: weights of shape {format_shape(w.shape)} do not broadcast to the "
            f"losses' shape {format_shape(losses.shape)}."
        )
    weighted = ar.mul(losses, w)
    if reduction == Reduction.NONE:
        return weighted
    total = rd.sum(weighted)
    if reduction == Reduction.SUM:
        return total
    # Where tfjs divides by zero weights (and gets NaN), the loss is 0 here, as in
    # TensorFlow's losses, so a fully masked batch does not poison training.
    if reduction == Reduction.MEAN:
        if not np.sum(w.values):
            return ar.mul(total, 0.0)
        # Each weight stands for size(losses) / size(weights) entries.
        factor = losses.size / w.size if w.size else 1.0
        return ar.div(total, ar.mul(rd.sum(w), max(factor, 1.0)))
    # SUM_BY_NONZERO_WEIGHTS. The count is piecewise constant, so a plain number.
    count = int(np.count_nonzero(np.broadcast_to(w.values, full)))
    return ar.div(total, float(max(count, 1)))


def compute_weighted_loss(
    losses: Any, weights: Any = None, reduction: Any = Reduction.SUM_BY_NONZERO_WEIGHTS
) -> Tensor:
    """Multiply per-entry `losses` by `weights` (broadcast to them) and reduce."""
    red = _reduction(reduction, "compute_weighted_loss")

    def run() -> Tensor:
        return _weighted(_float(losses, "losses", "compute_weighted_loss"), weights, red,
                         "compute_weighted_loss")

    return tidy(run)


def _elementwise_loss(
    name: str, per_entry: Callable[[Tensor], Tensor], labels: Any, predictions: Any,
    weights: Any, reduction: Any,
) -> Tensor:
    """A loss that compares labels and predictions entry by entry, then weights and reduces."""
    red = _reduction(reduction, name)

    def run() -> Tensor:
        y = _float(labels, "labels", name)
        p = _float(predictions, "predictions", name)
        _same_shape(y, p, ("labels", "predictions"), name)
        return _weighted(per_entry(ar.sub(y, p)), weights, red, name)

    return tidy(run)


def mean_squared_error(
    labels: Any,
    predictions: Any,
    weights: Any = None,
    reduction: Any = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """(labels - predictions)^2, weighted and reduced."""
    return _elementwise_loss("mean_squared_error", ar.square, labels, predictions, weights,
                             reduction)


def absolute_difference(
    labels: Any,
    predictions: Any,
    weights: Any = None,
    reduction: Any = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """|labels - predictions|, weighted and reduced."""
    return _elementwise_loss("absolute_difference", ar.abs, labels, predictions, weights,
                             reduction)


# One primitive for the per-example loss, as tfjs fuses it with a custom
# gradient: the backward pass is then `softmax - labels` in a few ops instead of
# the chain rule through log_softmax, mul, sum and neg.
@primitive("SoftmaxCrossEntropyWithLogits")
def _softmax_xent(labels: np.ndarray, logits: np.ndarray) -> np.ndarray:
    # log_softmax never overflows, unlike log(softmax(x)) for large logits.
    with np.errstate(invalid="ignore", divide="ignore"):
        s = logits - logits.max(axis=-1, keepdims=True, initial=-np.inf)
        s -= np.log(np.exp(s).sum(axis=-1, keepdims=True))
    return -(labels * s).sum(axis=-1)


# The VJPs call primitives directly: the forward pass already checked that
# labels and logits share one shape and dtype.
def _per_class(g: Tensor) -> Tensor:
    """A per-example gradient with a trailing axis, to broadcast over the classes."""
    return _reshape(g, shape=g.shape + (1,))


def _xent_vjp_labels(g, ans, labels, logits):
    return ar._mul(_per_class(g), ar._neg(_log_softmax(logits, axis=logits.rank - 1)))


def _xent_vjp_logits(g, ans, labels, logits):
    # d/dx of -sum(y * log_softmax(x)) is softmax(x) * sum(y) - y (just
    # softmax(x) - y when each row of labels sums to 1, as tfjs assumes).
    last = logits.rank - 1
    total = rd._sum(labels, axes=(last,), keep_dims=True)
    probs = _softmax(logits, axis=last)
    return ar._mul(_per_class(g), ar._sub(ar._mul(probs, total), labels))


_softmax_xent.defvjp(_xent_vjp_labels, _xent_vjp_logits)


def softmax_cross_entropy(
    onehot_labels: Any,
    logits: Any,
    weights: Any = None,
    label_smoothing: float = 0,
    reduction: Any = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """-sum(labels * log_softmax(logits)) over the last axis, weighted and reduced.

    One loss per example (the last axis is the classes), so `weights` broadcast
    to the shape of logits without its last axis. With label_smoothing s the
    labels become labels * (1 - s) + s / num_classes.
    """
    name = "softmax_cross_entropy"
    red = _reduction(reduction, name)
    smoothing = _label_smoothing(label_smoothing, name)

    def run() -> Tensor:

        y = _float(onehot_labels, "onehot_labels", name)
        x = _float(logits, "logits", name)
        _same_shape(y, x, ("onehot_labels", "logits"), name)
        if x.rank == 0:
            raise ShapeError(f"{name}: logits must have a class axis; got a scalar.")
        if smoothing > 0:
            y = ar.add(ar.mul(y, 1.0 - smoothing), smoothing / x.shape[-1])
        return _weighted(_softmax_xent(y, x), weights, red, name)

    return tidy(run)


def sigmoid_cross_entropy(
    multi_class_labels: Any,
    logits: Any,
    weights: Any = None,
    label_smoothing: float = 0,
    reduction: Any = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """Binary cross-entropy of sigmoid(logits) against labels z, per entry.

    Computed as softplus(x) - x z, which is max(x, 0) - x z + log(1 + exp(-|x|)):
    no overflow for large |x|, and the gradient sigmoid(x) - z is exact
    everywhere (that sum of max and |x| would give the wrong one at x = 0).
    With label_smoothing s the labels become z (1 - s) + s / 2.
    """
    name = "sigmoid_cross_entropy"
    red = _reduction(reduction, name)
    smoothing = _label_smoothing(label_smoothing, name)

    def run() -> Tensor:

        z = _float(multi_class_labels, "multi_class_labels", name)
        x = _float(logits, "logits", name)
        _same_shape(z, x, ("multi_class_labels", "logits"), name)
        if smoothing > 0:
            z = ar.add(ar.mul(z, 1.0 - smoothing), 0.5 * smoothing)
        return _weighted(ar.sub(softplus(x), ar.mul(x, z)), weights, red, name)

    return tidy(run)


__all__ = [
    "Reduction",
    "compute_weighted_loss",
    "mean_squared_error",
    "absolute_difference",
    "softmax_cross_entropy",
    "sigmoid_cross_entropy",
]
