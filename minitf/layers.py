"""Keras-style layers (`tf.layers`): the `Layer` base and `dense`.

A layer owns weights (Variables named `<layer name>/<weight>`, e.g.
`dense_Dense1/kernel`) and maps an input batch to an output batch. Shapes
here include the batch axis as None: `input_shape=[3]` on a layer means
inputs of shape [None, 3]. A layer creates its weights in `build`, once the
width of its input is known -- when a model adds it, or on its first call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import initializers
from .engine import ENGINE, tidy
from .errors import ShapeError
from .tensor import Tensor, Variable, convert_to_tensor, format_shape, variable

Shape = tuple  # dims, None for the batch axis

_uids: dict[str, int] = {}


def _unique_layer_name(class_name: str) -> str:
    """'dense_Dense1', 'dense_Dense2', ...: tfjs's default layer names."""
    _uids[class_name] = _uids.get(class_name, 0) + 1
    snake = "".join("_" + c.lower() if c.isupper() else c for c in class_name).lstrip("_")
    return f"{snake}_{class_name}{_uids[class_name]}"


def _unique_variable_name(name: str) -> str:
    if name not in ENGINE.variables:
        return name
    i = 1
    while f"{name}_{i}" in ENGINE.variables:
        i += 1
    return f"{name}_{i}"


def format_layer_shape(shape: Sequence[int | None]) -> str:
    """A shape as tfjs prints it in summaries and errors: [null,3]."""
    return "[" + ",".join("null" if d is None else str(d) for d in shape) + "]"


# -- activations ------------------------------------------------------------------------
def _linear(x: Tensor) -> Tensor:
    return x


ACTIVATIONS = ("relu", "sigmoid", "softmax", "tanh", "linear", "elu", "softplus")


def get_activation(identifier: Any) -> tuple[str, Callable[[Tensor], Tensor]]:
    """(name, function) for an activation given by name ('relu') or as a function."""
    from .ops import OPS

    if identifier is None:
        return "linear", _linear
    if isinstance(identifier, str):
        if identifier == "linear":
            return "linear", _linear
        if identifier in ACTIVATIONS and identifier in OPS:
            return identifier, OPS[identifier]
        raise ValueError(
            f"dense: unknown activation {identifier!r}. Use one of {', '.join(ACTIVATIONS)}, "
            "or pass a function of a tensor."
        )
    if callable(identifier):
        return getattr(identifier, "__name__", "custom"), identifier
    raise TypeError(f"dense: activation must be a name or a function, got {identifier!r}.")


# -- the Layer base class ----------------------------------------------------------------
class Layer:
    """The base of every layer: weights, build-on-first-use, shapes, get/set_weights."""

    def __init__(
        self,
        name: str | None = None,
        input_shape: Sequence[int] | None = None,
        batch_input_shape: Sequence[int | None] | None = None,
        batch_size: int | None = None,
        trainable: bool = True,
        dtype: str = "float32",
    ) -> None:
        cls = type(self).__name__
        if name is not None and (not isinstance(name, str) or not name):
            raise TypeError(f"{cls}: name must be a non-empty string, got {name!r}.")
        self.name = name or _unique_layer_name(cls)
        if input_shape is not None and batch_input_shape is None:
            dims = _dims(input_shape, "input_shape", cls)
            batch_input_shape = (batch_size, *dims)
        elif batch_input_shape is not None:
            batch_input_shape = tuple(
                None if d is None else _dims([d], "batch_input_shape", cls)[0]
                for d in batch_input_shape
            )
        self.batch_input_shape: Shape | None = batch_input_shape
        self.dtype = dtype
        self._trainable = bool(trainable)
        self._weights: list[Variable] = []
        self.built = False
        self.input_spec: Shape | None = None  # the shape seen at build time
        self.output_shape: Shape | None = None

    # -- what subclasses implement ------------------------------------------------------
    def build(self, input_shape: Shape) -> None:
        """Create the weights for inputs of `input_shape` (batch axis included)."""

    def call(self, x: Tensor) -> Tensor:
        """The forward computation on a batch."""
        raise NotImplementedError

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """The output shape for an input shape (batch axis as None)."""
        return tuple(input_shape)

    # -- weights ------------------------------------------------------------------------
    def add_weight(
        self, name: str, shape: Sequence[int], initializer: Any, trainable: bool = True
    ) -> Variable:
        """Create a weight variable named '<layer name>/<name>' from an initializer."""
        init = initializers.get(initializer, type(self).__name__)
        full = _unique_variable_name(f"{self.name}/{name}")
        v = tidy(lambda: variable(init(tuple(shape), self.dtype), trainable and self._trainable,
                                  full))
        self._weights.append(v)
        return v

    @property
    def weights(self) -> list[Variable]:
        """All weight variables, in creation order."""
        return list(self._weights)

    @property
    def trainable_weights(self) -> list[Variable]:
        """The weights an optimizer updates."""
        return [w for w in self._weights if w.trainable]

    @property
    def non_trainable_weights(self) -> list[Variable]:
        """The weights an optimizer leaves alone."""
        return [w for w in self._weights if not w.trainable]

    @property
    def trainable(self) -> bool:
        """Whether fit updates this layer's weights; settable to freeze a layer."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for w in self._weights:
            w.trainable = self._trainable

    def count_params(self) -> int:
        """The number of weight elements."""
        return int(sum(w.size for w in self._weights))

    def get_weights(self) -> list[Tensor]:
        """The weight variables themselves (as tfjs returns them: training changes them)."""
        return self.weights

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Copy new values into the weights: one array per weight, same shapes."""
        weights = list(weights)
        if len(weights) != len(self._weights):
            raise ValueError(
                f"set_weights: layer {self.name!r} has {len(self._weights)} weight(s) but got "
                f"{len(weights)} value(s)."
            )
        values = []
        for w, new in zip(self._weights, weights):
            arr = np.asarray(new)
            if arr.shape != w.shape:
                raise ShapeError(
                    f"set_weights: weight {w.name!r} has shape {format_shape(w.shape)} but the "
                    f"value has shape {format_shape(arr.shape)}."
                )
            values.append(arr)
        for w, arr in zip(self._weights, values):
            tidy(lambda w=w, arr=arr: w.assign(Tensor._make(arr.astype(w.values.dtype))))

    def dispose(self) -> None:
        """Dispose the weight variables."""
        for w in self._weights:
            w.dispose()

    # -- applying the layer -------------------------------------------------------------
    def _build_for(self, input_shape: Shape) -> Shape:
        """Build (once) for `input_shape`; return the output shape."""
        input_shape = tuple(input_shape)
        if not self.built:
            self.build(input_shape)
            self.input_spec = (None, *input_shape[1:])
            self.output_shape = self.compute_output_shape(self.input_spec)
            self.built = True
        elif tuple(input_shape[1:]) != tuple(self.input_spec[1:]):
            raise ShapeError(
                f"layer {self.name!r} was built for inputs of shape "
                f"{format_layer_shape(self.input_spec)} but got {format_layer_shape(input_shape)}."
            )
        return self.output_shape

    def apply(self, x: Any) -> Tensor:
        """Run the layer on a batch (building it on first use)."""
        x = convert_to_tensor(x, "x", self.name)
        if x.rank == 0:
            raise ShapeError(f"layer {self.name!r}: the input needs a batch axis, got a scalar.")
        self._build_for((None, *x.shape[1:]))
        return self.call(x)

    __call__ = apply

    def get_config(self) -> dict[str, Any]:
        """The arguments that define this layer."""
        return {"name": self.name, "trainable": self._trainable}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def _dims(shape: Any, what: str, who: str) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        shape = [shape]
    try:
        dims = list(shape)
    except TypeError:
        raise TypeError(f"{who}: {what} must be a list of ints, got {shape!r}.") from None
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d <= 0:
            raise ValueError(f"{who}: {what} {dims} must hold positive ints; {d!r} isn't.")
    return tuple(int(d) for d in dims)


# -- Dense --------------------------------------------------------------------------------
class Dense(Layer):
    """A fully connected layer: `activation(x @ kernel + bias)` on the last axis."""

    def __init__(
        self,
        units: int,
        activation: Any = None,
        use_bias: bool = True,
        input_shape: Sequence[int] | None = None,
        kernel_initializer: Any = "glorot_normal",
        bias_initializer: Any = "zeros",
        name: str | None = None,
        input_dim: int | None = None,
        batch_input_shape: Sequence[int | None] | None = None,
        batch_size: int | None = None,
        trainable: bool = True,
    ) -> None:
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"dense: units must be a positive int, got {units!r}.")
        if input_shape is None and input_dim is not None:
            input_shape = [input_dim]
        self.activation_name, self.activation = get_activation(activation)
        super().__init__(name, input_shape, batch_input_shape, batch_size, trainable)
        self.units = int(units)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer, "dense")
        self.bias_initializer = initializers.get(bias_initializer, "dense")
        self.kernel: Variable | None = None
        self.bias: Variable | None = None

    def build(self, input_shape: Shape) -> None:
        if len(input_shape) < 2:
            raise ShapeError(
                f"dense: layer {self.name!r} needs inputs with a batch axis and a feature axis, "
                f"got shape {format_layer_shape(input_shape)}."
            )
        self.kernel = self.add_weight("kernel", (input_shape[-1], self.units),
                                      self.kernel_initializer)
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.units,), self.bias_initializer)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (*input_shape[:-1], self.units)

    def call(self, x: Tensor) -> Tensor:
        from .ops.linalg import matmul
        from .ops.shape import cast, reshape

        if x.dtype != self.kernel.dtype:
            x = cast(x, self.kernel.dtype)
        if x.rank == 2:
            y = matmul(x, self.kernel)
        else:
            # Any leading axes: fold them into one batch axis and back.
            y = reshape(matmul(reshape(x, [-1, x.shape[-1]]), self.kernel),
                        [*x.shape[:-1], self.units])
        if self.bias is not None:
            y = y + self.bias
        return self.activation(y)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "units": self.units, "activation": self.activation_name,
                "use_bias": self.use_bias}


def dense(
    units: int,
    activation: Any = None,
    use_bias: bool = True,
    input_shape: Sequence[int] | None = None,
    kernel_initializer: Any = "glorot_normal",
    bias_initializer: Any = "zeros",
    name: str | None = None,
    input_dim: int | None = None,
    batch_input_shape: Sequence[int | None] | None = None,
    trainable: bool = True,
) -> Dense:
    """A fully connected layer (tfjs's `tf.layers.dense`); kernel init defaults to glorot_normal."""
    return Dense(units, activation, use_bias, input_shape, kernel_initializer, bias_initializer,
                 name, input_dim, batch_input_shape, trainable=trainable)


__all__ = ["Layer", "Dense", "dense", "get_activation", "ACTIVATIONS", "format_layer_shape"]
