"""Keras-style models: `tf.sequential()` with compile, fit, evaluate, predict, summary.

A Sequential model is a list of layers applied in order. `compile` picks an
optimizer, a loss and metrics; `fit` runs the training loop:

    for each epoch:          shuffle the sample order (tf.set_seed makes it repeatable)
        for each batch:      optimizer.minimize(mean loss of the batch)
        validation:          loss and metrics on held-out data, logged as val_*

Every batch runs inside `tidy`, so a fit leaks no tensors. Logs and the
returned `History` hold plain Python floats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import metrics as _metrics
from . import train
from .callbacks import Callback, History, ProgressBar, as_callback
from .engine import tidy
from .errors import ShapeError
from .layers import Layer, format_layer_shape
from .ops.reduction import mean
from .tensor import Tensor, Variable, to_array

_model_count = 0

# compile's optimizer names and the learning rates tfjs-layers gives them.
OPTIMIZERS: dict[str, Callable[[], train.Optimizer]] = {
    "sgd": lambda: train.sgd(0.01),
    "adam": lambda: train.adam(0.001, 0.9, 0.999),
    "rmsprop": lambda: train.rmsprop(0.001, 0.9, 0.0),
    "adagrad": lambda: train.adagrad(0.01),
}


class Sequential:
    """A stack of layers: the output of each is the input of the next."""

    def __init__(self, layers: Sequence[Layer] | None = None, name: str | None = None) -> None:
        global _model_count
        if name is None:
            _model_count += 1
            name = f"sequential_{_model_count}"
        self.name = name
        self._layers: list[Layer] = []
        self.optimizer: train.Optimizer | None = None
        self._own_optimizer = False
        self.loss: Any = None
        self._loss_fn: Callable | None = None
        self._metrics: list[tuple[str, Callable]] = []
        self.stop_training = False
        self.history: History | None = None
        for layer in layers or []:
            self.add(layer)

    # -- building ---------------------------------------------------------------------
    def add(self, layer: Layer) -> None:
        """Append a layer; the first one must say its `input_shape`."""
        if not isinstance(layer, Layer):
            raise TypeError(
                f"add: expected a layer such as tf.layers.dense(...), got {type(layer).__name__}."
            )
        if any(layer is known for known in self._layers):
            raise ValueError(f"add: layer {layer.name!r} is already in model {self.name!r}.")
        if not self._layers:
            shape = layer.batch_input_shape or layer.input_spec
            if shape is None:
                raise ValueError(
                    "The first layer in a Sequential model must get an `input_shape` argument, "
                    "e.g. tf.layers.dense(units=1, input_shape=[3]) for inputs of 3 numbers."
                )
        else:
            shape = self._layers[-1].output_shape
            given = layer.batch_input_shape
            if given is not None and tuple(given[1:]) != tuple(shape[1:]):
                raise ShapeError(
                    f"add: layer {layer.name!r} declares input_shape "
                    f"{format_layer_shape(given[1:])}, but the previous layer outputs "
                    f"{format_layer_shape(shape)}. Only the first layer needs input_shape."
                )
        layer._build_for(shape)
        self._layers.append(layer)

    @property
    def layers(self) -> list[Layer]:
        """The layers, in order."""
        return list(self._layers)

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """A layer by name or by position."""
        if index is not None:
            return self._layers[index]
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError(f"get_layer: no layer named {name!r} in {[x.name for x in self._layers]}.")

    @property
    def input_shape(self) -> tuple:
        """The input shape, with None for the batch axis."""
        return self._require_layers("input_shape")[0].input_spec

    @property
    def output_shape(self) -> tuple:
        """The output shape, with None for the batch axis."""
        return self._require_layers("output_shape")[-1].output_shape

    @property
    def weights(self) -> list[Variable]:
        """Every weight of every layer, in order."""
        return [w for layer in self._layers for w in layer.weights]

    @property
    def trainable_weights(self) -> list[Variable]:
        """The weights fit updates."""
        return [w for w in self.weights if w.trainable]

    @property
    def non_trainable_weights(self) -> list[Variable]:
        """The weights fit leaves alone (those of frozen layers)."""
        return [w for w in self.weights if not w.trainable]

    def count_params(self) -> int:
        """The number of weight elements in the model."""
        return sum(layer.count_params() for layer in self._layers)

    def get_weights(self) -> list[Tensor]:
        """The weight variables of all layers, in order (tfjs returns the variables themselves)."""
        return self.weights

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Set all weights from a list like the one `get_weights` returns."""
        weights = list(weights)
        total = len(self.weights)
        if len(weights) != total:
            raise ValueError(
                f"set_weights: model {self.name!r} has {total} weights but got {len(weights)} "
                "values."
            )
        i = 0
        for layer in self._layers:
            n = len(layer.weights)
            layer.set_weights(weights[i:i + n])
            i += n

    # -- running --------------------------------------------------------------------------
    def _forward(self, x: Tensor) -> Tensor:
        for layer in self._layers:
            x = layer.call(x)
        return x

    def apply(self, x: Any) -> Tensor:
        """Run the model on one batch (recorded by gradient tapes, unlike predict)."""
        arr = self._input_array(x, "apply")
        # A valid float tensor goes in as it is, so a tape sees the caller's tensor.
        xt = x if isinstance(x, Tensor) and x.values is arr else self._as_tensor(arr)
        return self._forward(xt)

    __call__ = apply

    def predict(self, x: Any, batch_size: int = 32, verbose: int = 0) -> Tensor:
        """The model's outputs for inputs `x`, computed batch by batch."""
        arr = self._input_array(x, "predict")
        batch_size = _positive_int(batch_size, "batch_size", "predict")
        outs = []
        for start in range(0, len(arr), batch_size):
            chunk = arr[start:start + batch_size]
            outs.append(tidy(lambda c=chunk: self._forward(self._as_tensor(c)).numpy()))
        return Tensor._make(outs[0] if len(outs) == 1 else np.concatenate(outs))

    def predict_on_batch(self, x: Any) -> Tensor:
        """The model's outputs for one batch."""
        arr = self._input_array(x, "predict_on_batch")
        return tidy(lambda: self._forward(self._as_tensor(arr)))

    # -- training ---------------------------------------------------------------------
    def compile(self, optimizer: Any = None, loss: Any = None, metrics: Any = None) -> None:
        """Choose the optimizer ('sgd', 'adam', ... or an Optimizer), the loss and metrics."""
        if optimizer is None:
            raise ValueError("compile: pass an optimizer, e.g. optimizer='sgd' or tf.train.adam().")
        if loss is None:
            raise ValueError("compile: pass a loss, e.g. loss='mean_squared_error'.")
        if isinstance(optimizer, str):
            make = OPTIMIZERS.get(optimizer.lower())
            if make is None:
                raise ValueError(
                    f"compile: unknown optimizer {optimizer!r}. Use one of "
                    f"{', '.join(repr(k) for k in OPTIMIZERS)}, or an optimizer object such as "
                    "tf.train.sgd(0.1)."
                )
            opt, own = make(), True
        elif isinstance(optimizer, train.Optimizer):
            opt, own = optimizer, False
        else:
            raise TypeError(
                f"compile: optimizer must be a name or a tf.train optimizer, got {optimizer!r}."
            )
        loss_fn = _metrics.get_loss(loss)
        if metrics is None:
            metrics = []
        elif isinstance(metrics, str) or callable(metrics):
            metrics = [metrics]
        units = self.output_shape[-1] if self._layers else None
        chosen = []
        for m in metrics:
            name = m if isinstance(m, str) else getattr(m, "__name__", "metric")
            chosen.append((name, _metrics.get_metric(m, loss_fn, units)))
        names = [n for n, _ in chosen]
        if len(set(names)) != len(names) or "loss" in names:
            raise ValueError(f"compile: metric names must be distinct and not 'loss': {names}.")
        if self._own_optimizer and self.optimizer is not opt:
            self.optimizer.dispose()
        self.optimizer, self._own_optimizer = opt, own
        self.loss, self._loss_fn, self._metrics = loss, loss_fn, chosen

    @property
    def metrics_names(self) -> list[str]:
        """'loss' and the metric names, in the order evaluate returns them."""
        return ["loss"] + [n for n, _ in self._metrics]

    def fit(
        self,
        x: Any,
        y: Any,
        epochs: int = 1,
        batch_size: int = 32,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: bool = True,
        callbacks: Any = None,
        verbose: int = 1,
        initial_epoch: int = 0,
    ) -> History:
        """Train for `epochs` epochs; returns a History of the per-epoch logs.

        `validation_split` holds out the *last* fraction of the samples (before
        shuffling), as Keras and tfjs do; `validation_data=(x_val, y_val)`
        takes precedence over it.
        """
        self._check_compiled("fit")
        xa = self._input_array(x, "fit")
        ya = self._target_array(y, len(xa), "fit")
        epochs = _count(epochs, "epochs", "fit")
        initial_epoch = _count(initial_epoch, "initial_epoch", "fit")
        batch_size = _positive_int(32 if batch_size is None else batch_size, "batch_size", "fit")
        val = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("fit: validation_data must be a pair (x_val, y_val).")
            xv = self._input_array(validation_data[0], "fit (validation_data)")
            val = (xv, self._target_array(validation_data[1], len(xv), "fit (validation_data)"))
        elif validation_split:
            if not 0 < validation_split < 1:
                raise ValueError(
                    f"fit: validation_split must be between 0 and 1, got {validation_split}."
                )
            split_at = int(len(xa) * (1 - validation_split))
            if split_at == 0 or split_at == len(xa):
                raise ValueError(
                    f"fit: validation_split={validation_split} of {len(xa)} samples leaves "
                    "no training or no validation samples."
                )
            val = (xa[split_at:], ya[split_at:])
            xa, ya = xa[:split_at], ya[:split_at]

        history = History()
        cbs: list[Callback] = [as_callback(c) for c in _as_list(callbacks)] + [history]
        if verbose:
            cbs.append(ProgressBar(verbose))
        n = len(xa)
        params = {
            "epochs": epochs, "initial_epoch": initial_epoch, "samples": n,
            "steps": -(-n // batch_size), "batch_size": batch_size, "verbose": verbose,
            "do_validation": val is not None, "metrics": self._log_names(val is not None),
        }
        for cb in cbs:
            cb.set_model(self)
            cb.set_params(params)
        self.history = history
        self.stop_training = False
        _call(cbs, "on_train_begin", {})
        for epoch in range(initial_epoch, epochs):
            _call(cbs, "on_epoch_begin", epoch, {})
            order = _shuffled(n) if shuffle else np.arange(n)
            totals: dict[str, float] = {}
            seen = 0
            for batch, start in enumerate(range(0, n, batch_size)):
                idx = order[start:start + batch_size]
                logs: dict[str, float] = {"batch": batch, "size": len(idx)}
                _call(cbs, "on_batch_begin", batch, dict(logs))
                outs = self._train_batch(xa[idx], ya[idx])
                for k, v in outs.items():
                    totals[k] = totals.get(k, 0.0) + v * len(idx)
                seen += len(idx)
                logs.update(outs)
                _call(cbs, "on_batch_end", batch, logs)
                if self.stop_training:
                    break
            epoch_logs = {k: v / seen for k, v in totals.items()}
            if val is not None:
                scores = self._evaluate_arrays(val[0], val[1], batch_size)
                epoch_logs.update({f"val_{k}": v for k, v in scores.items()})
            _call(cbs, "on_epoch_end", epoch, epoch_logs)
            if self.stop_training:
                break
        _call(cbs, "on_train_end", {})
        return history

    def _train_batch(self, xb: np.ndarray, yb: np.ndarray) -> dict[str, float]:
        """One optimizer step on one batch; returns its loss and metrics as floats."""
        out: dict[str, float] = {}

        def step() -> None:
            x, y = self._as_tensor(xb), Tensor._make(yb)

            def cost() -> Tensor:
                y_pred = self._forward(x)
                loss = self._mean_loss(y, y_pred)
                for name, fn in self._metrics:
                    out[name] = float(mean(fn(y, y_pred)).item())
                return loss

            weights = self.trainable_weights
            if weights:
                value = self.optimizer.minimize(cost, return_cost=True, var_list=weights)
            else:
                value = cost()
            out["loss"] = float(value.item())

        tidy(step)
        return {"loss": out.pop("loss"), **out}

    def _mean_loss(self, y: Tensor, y_pred: Tensor) -> Tensor:
        loss = self._loss_fn(y, y_pred)
        if not isinstance(loss, Tensor):
            raise TypeError(f"the loss function must return a Tensor, got {type(loss).__name__}.")
        return mean(loss) if loss.rank else loss

    def _evaluate_arrays(self, xa: np.ndarray, ya: np.ndarray, batch_size: int) -> dict:
        totals: dict[str, float] = {}

        def batch_scores(xb: np.ndarray, yb: np.ndarray) -> None:
            x, y = self._as_tensor(xb), Tensor._make(yb)
            y_pred = self._forward(x)
            scores = {"loss": self._mean_loss(y, y_pred)}
            scores.update({name: mean(fn(y, y_pred)) for name, fn in self._metrics})
            for k, v in scores.items():
                totals[k] = totals.get(k, 0.0) + float(v.item()) * len(xb)

        for start in range(0, len(xa), batch_size):
            xb, yb = xa[start:start + batch_size], ya[start:start + batch_size]
            tidy(lambda xb=xb, yb=yb: batch_scores(xb, yb))
        return {k: v / len(xa) for k, v in totals.items()}

    def evaluate(
        self, x: Any, y: Any, batch_size: int = 32, verbose: int = 0
    ) -> Tensor | list[Tensor]:
        """Loss (and metrics) on `x, y`: a scalar tensor, or a list [loss, *metrics] as tfjs."""
        self._check_compiled("evaluate")
        xa = self._input_array(x, "evaluate")
        ya = self._target_array(y, len(xa), "evaluate")
        batch_size = _positive_int(batch_size, "batch_size", "evaluate")
        scores = self._evaluate_arrays(xa, ya, batch_size)
        out = [Tensor._make(np.asarray(v, dtype=np.float32)) for v in scores.values()]
        return out[0] if len(out) == 1 else out

    # -- checking inputs ----------------------------------------------------------------
    def _require_layers(self, who: str) -> list[Layer]:
        if not self._layers:
            raise ValueError(f"{who}: model {self.name!r} has no layers yet; add some first.")
        return self._layers

    def _check_compiled(self, who: str) -> None:
        if self._loss_fn is None:
            raise RuntimeError(
                f"{who}: the model must be compiled first, e.g. "
                "model.compile(optimizer='sgd', loss='mean_squared_error')."
            )

    def _as_tensor(self, arr: np.ndarray) -> Tensor:
        return Tensor._make(arr)

    def _input_array(self, x: Any, who: str) -> np.ndarray:
        """x as a float ndarray whose shape the first layer accepts."""
        layers = self._require_layers(who)
        arr = x.values if isinstance(x, Tensor) else to_array(x, None, who)
        if arr.dtype.kind != "f":
            arr = arr.astype(np.float32)
        expected = layers[0].input_spec
        if arr.ndim != len(expected) or any(
            e is not None and e != d for e, d in zip(expected[1:], arr.shape[1:])
        ):
            raise ShapeError(
                f"{who}: expected {layers[0].name}_input to have shape "
                f"{format_layer_shape(expected)} but got an array of shape "
                f"{_plain_shape(arr.shape)}. Each row of x is one sample."
            )
        if len(arr) == 0:
            raise ValueError(f"{who}: x has no samples.")
        return arr

    def _target_array(self, y: Any, n: int, who: str) -> np.ndarray:
        """y as an ndarray matching the model's output (class indices for sparse losses)."""
        arr = y.values if isinstance(y, Tensor) else to_array(y, None, who)
        if arr.ndim == 0 or len(arr) != n:
            got = 1 if arr.ndim == 0 else len(arr)
            raise ValueError(
                f"{who}: x has {n} samples but y has {got}; give one target per input sample."
            )
        out_shape = self.output_shape
        last = self._layers[-1].name
        if self._loss_fn is _metrics.sparse_categorical_crossentropy:
            if arr.ndim > 2 or (arr.ndim == 2 and arr.shape[1] != 1):
                raise ShapeError(
                    f"{who}: sparse_categorical_crossentropy needs one integer class label per "
                    f"sample (shape [{n}] or [{n},1]), got shape {_plain_shape(arr.shape)}."
                )
            labels = arr.astype(np.float64)
            bad = ((labels != np.floor(labels)) | (labels < 0) | (labels >= out_shape[-1]))
            if bad.any():
                first = labels.reshape(-1)[bad.reshape(-1)][0]
                raise ValueError(
                    f"{who}: class labels must be whole numbers from 0 to {out_shape[-1] - 1} "
                    f"(the model has {out_shape[-1]} outputs); got {first:g}."
                )
            return arr.astype(np.int32)
        if arr.ndim == 1 and len(out_shape) == 2 and out_shape[-1] == 1:
            arr = arr.reshape(-1, 1)
        if arr.ndim != len(out_shape) or tuple(arr.shape[1:]) != tuple(out_shape[1:]):
            hint = ""
            if self._loss_fn is _metrics.categorical_crossentropy and (
                arr.ndim == 1 or arr.shape[-1] == 1
            ):
                hint = (" For integer class labels use loss='sparse_categorical_crossentropy', "
                        "or one-hot encode them with tf.one_hot.")
            raise ShapeError(
                f"{who}: expected {last} (the output) to have shape "
                f"{format_layer_shape(out_shape)} but got targets of shape "
                f"{_plain_shape(arr.shape)}.{hint}"
            )
        return arr if arr.dtype.kind == "f" else arr.astype(np.float32)

    def _log_names(self, with_val: bool) -> list[str]:
        names = self.metrics_names
        return names + [f"val_{k}" for k in names] if with_val else names

    # -- display, cleanup ---------------------------------------------------------------
    def summary(
        self,
        line_length: int | None = None,
        positions: Sequence[float] | None = None,
        print_fn: Callable[[str], Any] | None = None,
    ) -> None:
        """Print a table of the layers, their output shapes and parameter counts."""
        print_fn = print_fn or print
        line_length = line_length or 65
        positions = list(positions or [0.45, 0.85, 1])
        if positions[-1] <= 1:
            positions = [int(line_length * p) for p in positions]
        print_fn("_" * line_length)
        print_fn(_row(["Layer (type)", "Output shape", "Param #"], positions))
        print_fn("=" * line_length)
        for i, layer in enumerate(self._layers):
            fields = [f"{layer.name} ({type(layer).__name__})",
                      format_layer_shape(layer.output_shape), str(layer.count_params())]
            print_fn(_row(fields, positions))
            print_fn(("=" if i == len(self._layers) - 1 else "_") * line_length)
        trainable = sum(w.size for w in self.trainable_weights)
        frozen = sum(w.size for w in self.non_trainable_weights)
        print_fn(f"Total params: {trainable + frozen}")
        print_fn(f"Trainable params: {trainable}")
        print_fn(f"Non-trainable params: {frozen}")
        print_fn("_" * line_length)

    def dispose(self) -> None:
        """Dispose the layers' weights (and the optimizer if compile created it)."""
        for layer in self._layers:
            layer.dispose()
        if self._own_optimizer and self.optimizer is not None:
            self.optimizer.dispose()
            self.optimizer = None

    def __repr__(self) -> str:
        return f"<Sequential {self.name!r}: {len(self._layers)} layers>"


def sequential(layers: Sequence[Layer] | None = None, name: str | None = None) -> Sequential:
    """A Sequential model, optionally with its layers (tfjs's `tf.sequential`)."""
    return Sequential(layers, name)


# -- helpers ----------------------------------------------------------------------------------
def _row(fields: list[str], positions: list[int]) -> str:
    """One summary row: each field cut or padded to end at its column position."""
    line = ""
    for i, field in enumerate(fields):
        if i > 0:
            line = line[:-1] + " "  # at least one space between columns
        line = (line + field)[: positions[i]]
        line += " " * (positions[i] - len(line))
    return line.rstrip()


def _plain_shape(shape: Sequence[int]) -> str:
    """An array's shape as tfjs writes it: [4,5]."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def _as_list(callbacks: Any) -> list:
    if callbacks is None:
        return []
    if isinstance(callbacks, (list, tuple)):
        return list(callbacks)
    return [callbacks]


def _call(cbs: list[Callback], hook: str, *args: Any) -> None:
    for cb in cbs:
        # Each callback gets its own copy of the logs, so one cannot disturb another.
        getattr(cb, hook)(*args[:-1], dict(args[-1]))


def _shuffled(n: int) -> np.ndarray:
    from . import creation

    return creation._rng.permutation(n)


def _positive_int(v: Any, name: str, who: str) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
        raise ValueError(f"{who}: {name} must be a positive int, got {v!r}.")
    return int(v)


def _count(v: Any, name: str, who: str) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
        raise ValueError(f"{who}: {name} must be a non-negative int, got {v!r}.")
    return int(v)


__all__ = ["Sequential", "sequential", "History", "OPTIMIZERS"]
