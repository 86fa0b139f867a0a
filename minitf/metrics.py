"""Keras-style losses and metrics (`tf.metrics`), the ones `model.compile` takes by name.

Each function takes `(y_true, y_pred)` and returns one value per sample
(it reduces the last axis); the model averages them over the batch. The
crossentropies work on *probabilities*, as in Keras and tfjs-layers: the
predictions are clipped to [1e-7, 1 - 1e-7] before the log, so a confident
wrong answer costs about 16, not infinity.

`tf.losses` (minitf/losses.py) is a different family: tfjs-core's losses,
which take weights and a reduction and, for the crossentropies, logits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .ops._core import as_tensor
from .ops.arithmetic import abs, clip_by_value, div, floor, mul, neg, square, sub
from .ops.logic import equal, greater
from .ops.math import log
from .ops.reduction import arg_max, mean, sum
from .ops.shape import cast, reshape
from .tensor import Tensor

EPSILON = 1e-7

LossOrMetric = Callable[[Tensor, Tensor], Tensor]


def _pair(y_true: Any, y_pred: Any, name: str) -> tuple[Tensor, Tensor]:
    y_true = as_tensor(y_true, "y_true", name)
    y_pred = as_tensor(y_pred, "y_pred", name)
    if y_true.dtype != y_pred.dtype:
        y_true = cast(y_true, y_pred.dtype)
    return y_true, y_pred


# -- losses -------------------------------------------------------------------------------
def mean_squared_error(y_true: Any, y_pred: Any) -> Tensor:
    """Mean over the last axis of (y_pred - y_true)^2."""
    y_true, y_pred = _pair(y_true, y_pred, "mean_squared_error")
    return mean(square(sub(y_pred, y_true)), -1)


def mean_absolute_error(y_true: Any, y_pred: Any) -> Tensor:
    """Mean over the last axis of |y_pred - y_true|."""
    y_true, y_pred = _pair(y_true, y_pred, "mean_absolute_error")
    return mean(abs(sub(y_pred, y_true)), -1)


def binary_crossentropy(y_true: Any, y_pred: Any) -> Tensor:
    """-(y log p + (1 - y) log(1 - p)), p the clipped probability; mean over the last axis."""
    y_true, y_pred = _pair(y_true, y_pred, "binary_crossentropy")
    p = clip_by_value(y_pred, EPSILON, 1 - EPSILON)
    per_unit = neg(mul(y_true, log(p)) + mul(sub(1, y_true), log(sub(1, p))))
    return mean(per_unit, -1)


def categorical_crossentropy(y_true: Any, y_pred: Any) -> Tensor:
    """-sum(y log p) over the last axis, with p the predictions rescaled to sum to 1 and clipped."""
    y_true, y_pred = _pair(y_true, y_pred, "categorical_crossentropy")
    p = div(y_pred, sum(y_pred, -1, keep_dims=True))
    p = clip_by_value(p, EPSILON, 1 - EPSILON)
    return neg(sum(mul(y_true, log(p)), -1))


def _one_hot_labels(y_true: Tensor, y_pred: Tensor, name: str) -> Tensor:
    """Integer class labels of shape [n] or [n, 1] as one-hot rows like y_pred."""
    from .creation import one_hot

    n_classes = y_pred.shape[-1]
    labels = y_true if y_true.dtype == "int32" else cast(floor(y_true), "int32")
    labels = reshape(labels, [-1])
    return cast(reshape(one_hot(labels, n_classes), y_pred.shape), y_pred.dtype)


def sparse_categorical_crossentropy(y_true: Any, y_pred: Any) -> Tensor:
    """`categorical_crossentropy` with integer class labels instead of one-hot rows."""
    y_true = as_tensor(y_true, "y_true", "sparse_categorical_crossentropy")
    y_pred = as_tensor(y_pred, "y_pred", "sparse_categorical_crossentropy")
    return categorical_crossentropy(_one_hot_labels(y_true, y_pred, "sparse"), y_pred)


# -- metrics ------------------------------------------------------------------------------
def binary_accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """Fraction of units where (y_pred > 0.5) equals y_true, per sample."""
    y_true, y_pred = _pair(y_true, y_pred, "binary_accuracy")
    hit = equal(y_true, cast(greater(y_pred, 0.5), y_true.dtype))
    return mean(cast(hit, y_pred.dtype), -1)


def categorical_accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """1 where the largest prediction is at the true class (one-hot y_true), else 0."""
    y_true, y_pred = _pair(y_true, y_pred, "categorical_accuracy")
    return cast(equal(arg_max(y_true, -1), arg_max(y_pred, -1)), y_pred.dtype)


def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> Tensor:
    """`categorical_accuracy` with integer class labels."""
    y_true = as_tensor(y_true, "y_true", "sparse_categorical_accuracy")
    y_pred = as_tensor(y_pred, "y_pred", "sparse_categorical_accuracy")
    labels = y_true if y_true.dtype == "int32" else cast(floor(y_true), "int32")
    labels = reshape(labels, list(y_pred.shape[:-1]))
    return cast(equal(labels, arg_max(y_pred, -1)), y_pred.dtype)


# -- lookup by name (compile's strings) -----------------------------------------------------
LOSSES: dict[str, LossOrMetric] = {}
for _fn, _aliases in (
    (mean_squared_error, ("meanSquaredError", "mse", "MSE")),
    (mean_absolute_error, ("meanAbsoluteError", "mae", "MAE")),
    (binary_crossentropy, ("binaryCrossentropy",)),
    (categorical_crossentropy, ("categoricalCrossentropy",)),
    (sparse_categorical_crossentropy, ("sparseCategoricalCrossentropy",)),
):
    for _name in (_fn.__name__, *_aliases):
        LOSSES[_name] = _fn

METRICS: dict[str, LossOrMetric] = dict(LOSSES)
for _fn, _aliases in (
    (binary_accuracy, ("binaryAccuracy",)),
    (categorical_accuracy, ("categoricalAccuracy",)),
    (sparse_categorical_accuracy, ("sparseCategoricalAccuracy",)),
):
    for _name in (_fn.__name__, *_aliases):
        METRICS[_name] = _fn


def get_loss(identifier: Any) -> LossOrMetric:
    """A loss function from its name ('mean_squared_error', 'meanSquaredError', ...) or itself."""
    if isinstance(identifier, str):
        fn = LOSSES.get(identifier)
        if fn is None:
            known = ", ".join(f.__name__ for f in dict.fromkeys(LOSSES.values()))
            raise ValueError(
                f"compile: unknown loss {identifier!r}. Known losses: {known} "
                "(tfjs's camelCase names work too), or pass a function (y_true, y_pred)."
            )
        return fn
    if callable(identifier):
        return identifier
    raise TypeError(f"compile: loss must be a name or a function, got {identifier!r}.")


def get_metric(identifier: Any, loss: LossOrMetric, output_units: int | None) -> LossOrMetric:
    """A metric function; 'accuracy'/'acc' picks the accuracy that fits the loss, as Keras does."""
    if isinstance(identifier, str):
        if identifier in ("accuracy", "acc"):
            if output_units == 1 or loss is binary_crossentropy:
                return binary_accuracy
            if loss is sparse_categorical_crossentropy:
                return sparse_categorical_accuracy
            return categorical_accuracy
        fn = METRICS.get(identifier)
        if fn is None:
            known = ", ".join(["accuracy", "acc", *(f.__name__ for f in
                                                   dict.fromkeys(METRICS.values()))])
            raise ValueError(
                f"compile: unknown metric {identifier!r}. Known metrics: {known}, or pass a "
                "function (y_true, y_pred)."
            )
        return fn
    if callable(identifier):
        return identifier
    raise TypeError(f"compile: each metric must be a name or a function, got {identifier!r}.")


__all__ = [
    "mean_squared_error",
    "mean_absolute_error",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "get_loss",
    "get_metric",
]
