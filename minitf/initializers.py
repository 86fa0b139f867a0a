"""Weight initializers (`tf.initializers`), as tfjs-layers defines them.

An initializer is a callable `init(shape, dtype='float32') -> Tensor`. Layers
take one by name ('glorot_normal', or tfjs's 'glorotNormal') or as an object.
The random ones draw from the global generator, so `tf.set_seed(n)` before
building a model makes its initial weights reproducible; a `seed=` makes one
initializer reproducible on its own.
"""

from __future__ import annotations

import math
from typing import Any

from .tensor import Tensor, check_shape


class Initializer:
    """Base class: subclasses implement `__call__(shape, dtype)`."""

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        """The arguments that define this initializer."""
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Zeros(Initializer):
    """All zeros."""

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        from .creation import zeros

        return zeros(check_shape(shape, "initializer"), dtype)


class Ones(Initializer):
    """All ones."""

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        from .creation import ones

        return ones(check_shape(shape, "initializer"), dtype)


class Constant(Initializer):
    """Every element equal to `value`."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        from .creation import fill

        return fill(check_shape(shape, "initializer"), self.value, dtype)

    def get_config(self) -> dict[str, Any]:
        return {"value": self.value}


class RandomNormal(Initializer):
    """Normal draws with this mean and standard deviation."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        from .creation import random_normal

        return random_normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self) -> dict[str, Any]:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class TruncatedNormal(RandomNormal):
    """Normal draws, redrawn when more than two standard deviations from the mean."""

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        from .creation import truncated_normal

        return truncated_normal(shape, self.mean, self.stddev, dtype, self.seed)


class RandomUniform(Initializer):
    """Uniform draws from [minval, maxval)."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        from .creation import random_uniform

        return random_uniform(shape, self.minval, self.maxval, dtype, self.seed)

    def get_config(self) -> dict[str, Any]:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


_MODES = {"fan_in": "fan_in", "fanIn": "fan_in", "fan_out": "fan_out", "fanOut": "fan_out",
          "fan_avg": "fan_avg", "fanAvg": "fan_avg"}


def compute_fans(shape: tuple[int, ...]) -> tuple[float, float]:
    """(fan_in, fan_out) of a weight shape, as Keras and tfjs compute them."""
    if len(shape) == 2:
        return float(shape[0]), float(shape[1])
    if len(shape) in (3, 4, 5):
        # Convolution kernels [..spatial.., in, out]: every spatial position counts.
        receptive = math.prod(shape[:-2])
        return float(shape[-2] * receptive), float(shape[-1] * receptive)
    root = math.sqrt(math.prod(shape))
    return root, root


class VarianceScaling(Initializer):
    """Draws scaled to the layer's size: variance `scale / n`.

    `n` is fan_in, fan_out or their average (`mode`). 'normal' draws from a
    truncated normal with stddev `sqrt(scale / n)` (tfjs applies no
    correction for the truncation); 'uniform' from [-limit, limit) with
    `limit = sqrt(3 * scale / n)`.
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "normal",
        seed: int | None = None,
    ) -> None:
        if scale <= 0:
            raise ValueError(f"variance_scaling: scale must be positive, got {scale}.")
        if mode not in _MODES:
            raise ValueError(
                f"variance_scaling: mode must be 'fan_in', 'fan_out' or 'fan_avg', got {mode!r}."
            )
        if distribution not in ("normal", "uniform"):
            raise ValueError(
                f"variance_scaling: distribution must be 'normal' or 'uniform', got "
                f"{distribution!r}."
            )
        self.scale, self.mode = scale, _MODES[mode]
        self.distribution, self.seed = distribution, seed

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        from .creation import random_uniform, truncated_normal

        shape = check_shape(shape, "initializer")
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        scale = self.scale / max(1.0, n)
        if self.distribution == "normal":
            return truncated_normal(shape, 0.0, math.sqrt(scale), dtype, self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_uniform(shape, -limit, limit, dtype, self.seed)

    def get_config(self) -> dict[str, Any]:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed}


# -- factory functions: tf.initializers.glorot_normal() etc. ------------------------------
def zeros() -> Zeros:
    """Initializer of zeros."""
    return Zeros()


def ones() -> Ones:
    """Initializer of ones."""
    return Ones()


def constant(value: float) -> Constant:
    """Initializer of one constant value."""
    return Constant(value)


def random_normal(mean: float = 0.0, stddev: float = 0.05, seed: int | None = None) -> RandomNormal:
    """Initializer drawing from a normal distribution."""
    return RandomNormal(mean, stddev, seed)


def truncated_normal(
    mean: float = 0.0, stddev: float = 0.05, seed: int | None = None
) -> TruncatedNormal:
    """Initializer drawing from a normal distribution truncated at two stddevs."""
    return TruncatedNormal(mean, stddev, seed)


def random_uniform(
    minval: float = -0.05, maxval: float = 0.05, seed: int | None = None
) -> RandomUniform:
    """Initializer drawing uniformly from [minval, maxval)."""
    return RandomUniform(minval, maxval, seed)


def variance_scaling(
    scale: float = 1.0, mode: str = "fan_in", distribution: str = "normal", seed: int | None = None
) -> VarianceScaling:
    """Initializer whose variance is scale / fan (see `VarianceScaling`)."""
    return VarianceScaling(scale, mode, distribution, seed)


def glorot_normal(seed: int | None = None) -> VarianceScaling:
    """Glorot (Xavier) normal: stddev sqrt(2 / (fan_in + fan_out)); tfjs's Dense default."""
    return VarianceScaling(1.0, "fan_avg", "normal", seed)


def glorot_uniform(seed: int | None = None) -> VarianceScaling:
    """Glorot (Xavier) uniform: limit sqrt(6 / (fan_in + fan_out))."""
    return VarianceScaling(1.0, "fan_avg", "uniform", seed)


def he_normal(seed: int | None = None) -> VarianceScaling:
    """He normal: stddev sqrt(2 / fan_in), suited to relu."""
    return VarianceScaling(2.0, "fan_in", "normal", seed)


def he_uniform(seed: int | None = None) -> VarianceScaling:
    """He uniform: limit sqrt(6 / fan_in)."""
    return VarianceScaling(2.0, "fan_in", "uniform", seed)


def lecun_normal(seed: int | None = None) -> VarianceScaling:
    """LeCun normal: stddev sqrt(1 / fan_in)."""
    return VarianceScaling(1.0, "fan_in", "normal", seed)


def lecun_uniform(seed: int | None = None) -> VarianceScaling:
    """LeCun uniform: limit sqrt(3 / fan_in)."""
    return VarianceScaling(1.0, "fan_in", "uniform", seed)


_BY_NAME = {
    "zeros": zeros, "ones": ones,
    "random_normal": random_normal, "randomNormal": random_normal,
    "random_uniform": random_uniform, "randomUniform": random_uniform,
    "truncated_normal": truncated_normal, "truncatedNormal": truncated_normal,
    "variance_scaling": variance_scaling, "varianceScaling": variance_scaling,
    "glorot_normal": glorot_normal, "glorotNormal": glorot_normal,
    "glorot_uniform": glorot_uniform, "glorotUniform": glorot_uniform,
    "he_normal": he_normal, "heNormal": he_normal,
    "he_uniform": he_uniform, "heUniform": he_uniform,
    "lecun_normal": lecun_normal, "leCunNormal": lecun_normal,
    "lecun_uniform": lecun_uniform, "leCunUniform": lecun_uniform,
}


def get(identifier: Any, who: str = "initializer") -> Initializer:
    """An initializer from a name ('glorot_normal' or 'glorotNormal') or an object."""
    if isinstance(identifier, Initializer):
        return identifier
    if isinstance(identifier, str):
        make = _BY_NAME.get(identifier)
        if make is None:
            known = ", ".join(sorted(k for k in _BY_NAME if "_" in k or k in ("zeros", "ones")))
            raise ValueError(f"{who}: unknown initializer {identifier!r}. Known: {known}.")
        return make()
    if callable(identifier):
        return _Wrapped(identifier)
    raise TypeError(f"{who}: expected an initializer name or object, got {identifier!r}.")


class _Wrapped(Initializer):
    """A plain function `f(shape, dtype) -> Tensor` used as an initializer."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def __call__(self, shape: Any, dtype: str = "float32") -> Tensor:
        return self.fn(shape, dtype)
