"""Optimizers: `tf.train.sgd`, `momentum`, `adam`, `rmsprop`, `adagrad`.

An optimizer turns gradients into new variable values. `minimize(f)` is the
whole training step: compute the gradients of the scalar `f()` with respect
to the trainable variables (`variable_grads`), then `apply_gradients`. Each
update rule is the one TensorFlow.js uses, written with minitf ops in the
same order, so float32 results agree with tfjs.

State such as Adam's moment estimates lives in non-trainable *slot*
variables, one per (weight, kind) and keyed by the weight's name. Every
update runs inside `tidy` and changes variables with `assign`, so a training
step leaves `memory().num_tensors` unchanged once the slots exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np

from .autodiff import variable_grads
from .dtypes import NUMPY_DTYPE
from .engine import ENGINE, dispose, tidy
from .errors import DTypeError, ShapeError
from .ops._core import number_arg
from .ops.arithmetic import add, div, mul, square, sub
from .ops.math import sqrt
from .tensor import Tensor, Variable, format_shape, tensor, variable

# The float32 epsilon tfjs's CPU and WebGL backends report (`backend.epsilon()`).
EPSILON = 1e-7


class NamedTensor(NamedTuple):
    """A tensor with a name: what `get_weights` returns and `apply_gradients` accepts."""

    name: str
    tensor: Tensor


class Optimizer:
    """The base of every optimizer: `minimize`, `compute_gradients`, `apply_gradients`.

    A subclass lists its slot kinds in `slot_names` and implements `_update`,
    which computes one variable's new value (and new slot values) from its
    gradient; the base class finds the variables, creates slots lazily, runs
    the update in `tidy` and counts `iterations`.
    """

    slot_names: tuple[str, ...] = ()
    class_name = "Optimizer"

    def __init__(self, learning_rate: float) -> None:
        if learning_rate is None:
            raise ValueError(f"{self.class_name}: learning_rate must be given.")
        _check_number(learning_rate, "learning_rate", self.class_name)
        self.learning_rate = float(learning_rate)
        self._iterations = 0
        # kind -> {weight name -> slot variable}; dict order is creation order.
        self._slots: dict[str, dict[str, Variable]] = {k: {} for k in self.slot_names}

    # -- the public API ---------------------------------------------------------------
    @property
    def iterations(self) -> int:
        """How many times `apply_gradients` (or `minimize`) has run."""
        return self._iterations

    def minimize(
        self,
        f: Callable[[], Tensor],
        return_cost: bool = False,
        var_list: Sequence[Variable] | None = None,
    ) -> Tensor | None:
        """One training step: update the trainable variables to decrease the scalar `f()`.

        Without `var_list` every trainable variable that `f` uses is updated;
        with it, only the trainable ones in the list. Returns the cost `f()`
        (computed before the update) when `return_cost`, else None.
        """
        value, grads = self.compute_gradients(f, var_list)
        try:
            if var_list is None:
                self.apply_gradients(grads)
            else:
                self.apply_gradients([(v.name, grads.get(v.name)) for v in var_list])
        except BaseException:
            value.dispose()
            raise
        finally:
            dispose(grads)
        if return_cost:
            return value
        value.dispose()
        return None

    def compute_gradients(
        self, f: Callable[[], Tensor], var_list: Sequence[Variable] | None = None
    ) -> tuple[Tensor, dict[str, Tensor]]:
        """`(value, grads)`: the scalar `f()` and its gradients by variable name."""
        return variable_grads(f, var_list)

    def apply_gradients(self, variable_gradients: Any) -> None:
        """Update variables from gradients: a dict name -> tensor, or a list of (name, tensor).

        The list may hold `NamedTensor`s, `(name, tensor)` pairs or tfjs-style
        dicts `{'name': ..., 'tensor': ...}`. A None gradient leaves its
        variable alone.
        """
        pairs = _named_pairs(variable_gradients, self.class_name)
        for name, g in pairs:
            v = ENGINE.variables.get(name)
            if v is None:
                raise ValueError(
                    f"{self.class_name}.apply_gradients: there is no variable named {name!r}. "
                    "Gradients are matched to variables by name; pass the names that "
                    "variable_grads returned."
                )
            if g is not None:
                _check_gradient(v, g, self.class_name)
        work = [(ENGINE.variables[n], g) for n, g in pairs if g is not None]
        for v, _ in work:
            self._ensure_slots(v)

        def step() -> None:
            self._before_step()
            for v, g in work:
                self._update(v, g, {k: self._slots[k][v.name] for k in self.slot_names})
            self._after_step()

        tidy(step)
        self._iterations += 1

    def dispose(self) -> None:
        """Dispose the variables this optimizer owns (its slots)."""
        self._dispose_slots()

    def _dispose_slots(self) -> None:
        for slots in self._slots.values():
            for s in slots.values():
                s.dispose()
            slots.clear()

    def get_weights(self) -> list[NamedTensor]:
        """The optimizer state: `('iter', int32 scalar)` then every slot variable.

        Slots are grouped by kind and named `<weight name>/<kind>` (e.g.
        `w/m` for Adam's first moment), as tfjs saves them.
        """
        out = [NamedTensor("iter", tensor(self._iterations, dtype="int32"))]
        for kind in self.slot_names:
            for name, s in self._slots[kind].items():
                out.append(NamedTensor(f"{name}/{kind}", s))
        return out

    def set_weights(self, weight_values: Sequence[Any]) -> None:
        """Restore the state that `get_weights` returned (the same list format)."""
        pairs = _named_pairs(list(weight_values), f"{self.class_name}.set_weights")
        if not pairs or pairs[0][0] != "iter":
            raise ValueError(
                f"{self.class_name}.set_weights: the first entry must be ('iter', count), "
                "as get_weights returns it."
            )
        new: list[tuple[str, str, Tensor]] = []
        for name, t in pairs[1:]:
            weight, _, kind = name.rpartition("/")
            if kind not in self.slot_names or not weight:
                raise ValueError(
                    f"{self.class_name}.set_weights: cannot read slot name {name!r}; "
                    f"expected '<weight name>/<kind>' with kind one of {list(self.slot_names)}."
                )
            new.append((weight, kind, t))
        slots: dict[str, dict[str, Variable]] = {k: {} for k in self.slot_names}
        for weight, kind, t in new:
            # A copy, so that restoring an optimizer from its own get_weights() works.
            slots[kind][weight] = variable(np.array(t), trainable=False, dtype=_dtype_of(t))
        self._iterations = int(np.asarray(pairs[0][1]).reshape(-1)[0])
        self._dispose_slots()
        self._slots = slots
        self._restored()

    def get_config(self) -> dict[str, Any]:
        """The hyperparameters, as a dict."""
        return {"learning_rate": self.learning_rate}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    # -- what subclasses fill in -------------------------------------------------------
    def _update(self, v: Variable, g: Tensor, slots: dict[str, Variable]) -> None:
        raise NotImplementedError

    def _before_step(self) -> None:
        """Hook run once per step before the per-variable updates (inside the tidy)."""

    def _after_step(self) -> None:
        """Hook run once per step after the per-variable updates (inside the tidy)."""

    def _restored(self) -> None:
        """Hook run after `set_weights` (Adam recomputes its beta powers)."""

    def _slot_initial(self, v: Variable) -> np.ndarray:
        return np.zeros(v.shape, NUMPY_DTYPE[v.dtype])

    def _ensure_slots(self, v: Variable) -> None:
        for kind in self.slot_names:
            slot = self._slots[kind].get(v.name)
            if slot is not None and not slot.is_disposed:
                if slot.shape == v.shape and slot.dtype == v.dtype:
                    continue
                # A new variable took the old one's name (a re-run notebook cell): start over.
                slot.dispose()
            init = self._slot_initial(v)
            self._slots[kind][v.name] = variable(init, trainable=False, dtype=v.dtype)


class SGDOptimizer(Optimizer):
    """Plain gradient descent: `w <- w - learning_rate * g`."""

    class_name = "SGD"

    def _update(self, v: Variable, g: Tensor, slots: dict[str, Variable]) -> None:
        v.assign(add(mul(g, -self.learning_rate), v))


class MomentumOptimizer(Optimizer):
    """Gradient descent with momentum (optionally Nesterov's form), as tfjs computes it.

    `a <- momentum * a + g`, then `w <- w - lr * a`, or with Nesterov
    `w <- w - lr * (g + momentum * a)` using the new `a`.
    """

    class_name = "Momentum"
    slot_names = ("momentum",)

    def __init__(self, learning_rate: float, momentum: float, use_nesterov: bool = False):
        super().__init__(learning_rate)
        _check_number(momentum, "momentum", self.class_name)
        self.momentum = float(momentum)
        self.use_nesterov = bool(use_nesterov)

    def _update(self, v: Variable, g: Tensor, slots: dict[str, Variable]) -> None:
        acc = slots["momentum"]
        new_acc = add(mul(acc, self.momentum), g)
        if self.use_nesterov:
            step = add(g, mul(new_acc, self.momentum))
        else:
            step = new_acc
        acc.assign(new_acc)
        v.assign(add(mul(step, -self.learning_rate), v))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "momentum": self.momentum,
                "use_nesterov": self.use_nesterov}


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba), with tfjs's bias correction by accumulated powers of beta.

    `m <- b1 m + (1-b1) g`, `v <- b2 v + (1-b2) g^2`, then
    `w <- w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + epsilon)`.
    The powers `b1^t`, `b2^t` are float32 scalar variables multiplied by beta
    after each step, exactly as in tfjs.
    """

    class_name = "Adam"
    slot_names = ("m", "v")

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float | None = None,
    ) -> None:
        super().__init__(learning_rate)
        for k, val in (("beta1", beta1), ("beta2", beta2)):
            _check_number(val, k, self.class_name)
        self.beta1, self.beta2 = float(beta1), float(beta2)
        self.epsilon = EPSILON if epsilon is None else float(epsilon)
        self._acc_beta1 = variable(self.beta1, trainable=False)
        self._acc_beta2 = variable(self.beta2, trainable=False)

    def _before_step(self) -> None:
        self._one_minus_b1 = sub(1, self._acc_beta1)
        self._one_minus_b2 = sub(1, self._acc_beta2)

    def _update(self, v: Variable, g: Tensor, slots: dict[str, Variable]) -> None:
        m, s = slots["m"], slots["v"]
        new_m = add(mul(m, self.beta1), mul(g, 1 - self.beta1))
        new_s = add(mul(s, self.beta2), mul(square(g), 1 - self.beta2))
        m_hat = div(new_m, self._one_minus_b1)
        s_hat = div(new_s, self._one_minus_b2)
        m.assign(new_m)
        s.assign(new_s)
        v.assign(add(mul(div(m_hat, add(sqrt(s_hat), self.epsilon)), -self.learning_rate), v))

    def _after_step(self) -> None:
        self._acc_beta1.assign(mul(self._acc_beta1, self.beta1))
        self._acc_beta2.assign(mul(self._acc_beta2, self.beta2))
        del self._one_minus_b1, self._one_minus_b2

    def _restored(self) -> None:
        t = self._iterations + 1
        tidy(lambda: self._acc_beta1.assign(tensor(self.beta1**t)))
        tidy(lambda: self._acc_beta2.assign(tensor(self.beta2**t)))

    def dispose(self) -> None:
        super().dispose()
        self._acc_beta1.dispose()
        self._acc_beta2.dispose()

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta1": self.beta1, "beta2": self.beta2,
                "epsilon": self.epsilon}


class RMSPropOptimizer(Optimizer):
    """RMSProp, as tfjs computes it (momentum and the centered variant included).

    `ms <- decay ms + (1-decay) g^2`; `mom <- momentum mom + lr g / sqrt(ms + eps)`;
    `w <- w - mom`. Centered also tracks `mg <- decay mg + (1-decay) g` and
    divides by `sqrt(ms - (mg^2 + eps))` -- tfjs subtracts epsilon there, and
    so do we, to give the same numbers.
    """

    class_name = "RMSProp"

    def __init__(
        self,
        learning_rate: float,
        decay: float = 0.9,
        momentum: float = 0.0,
        epsilon: float | None = None,
        centered: bool = False,
    ) -> None:
        super().__init__(learning_rate)
        for k, val in (("decay", decay), ("momentum", momentum)):
            _check_number(val, k, self.class_name)
        self.decay, self.momentum = float(decay), float(momentum)
        self.epsilon = EPSILON if epsilon is None else float(epsilon)
        self.centered = bool(centered)
        self.slot_names = ("rms", "momentum", "mg") if centered else ("rms", "momentum")
        self._slots = {k: {} for k in self.slot_names}

    def _update(self, v: Variable, g: Tensor, slots: dict[str, Variable]) -> None:
        ms, mom = slots["rms"], slots["momentum"]
        new_ms = add(mul(ms, self.decay), mul(square(g), 1 - self.decay))
        if self.centered:
            mg = slots["mg"]
            new_mg = add(mul(mg, self.decay), mul(g, 1 - self.decay))
            denom = sqrt(sub(new_ms, add(square(new_mg), self.epsilon)))
            mg.assign(new_mg)
        else:
            denom = sqrt(add(new_ms, self.epsilon))
        new_mom = add(mul(mom, self.momentum), div(mul(g, self.learning_rate), denom))
        ms.assign(new_ms)
        mom.assign(new_mom)
        v.assign(sub(v, new_mom))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "decay": self.decay, "momentum": self.momentum,
                "epsilon": self.epsilon, "centered": self.centered}


class AdagradOptimizer(Optimizer):
    """Adagrad: `acc <- acc + g^2`, `w <- w - lr * g / sqrt(acc + 1e-7)`."""

    class_name = "Adagrad"
    slot_names = ("accumulator",)

    def __init__(self, learning_rate: float, initial_accumulator_value: float = 0.1) -> None:
        super().__init__(learning_rate)
        _check_number(initial_accumulator_value, "initial_accumulator_value", self.class_name)
        self.initial_accumulator_value = float(initial_accumulator_value)

    def _slot_initial(self, v: Variable) -> np.ndarray:
        return np.full(v.shape, self.initial_accumulator_value, NUMPY_DTYPE[v.dtype])

    def _update(self, v: Variable, g: Tensor, slots: dict[str, Variable]) -> None:
        acc = slots["accumulator"]
        new_acc = add(acc, square(g))
        acc.assign(new_acc)
        step = div(g, sqrt(add(new_acc, EPSILON)))
        v.assign(add(mul(step, -self.learning_rate), v))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(),
                "initial_accumulator_value": self.initial_accumulator_value}


# -- the tf.train factory functions ----------------------------------------------------
def sgd(learning_rate: float) -> SGDOptimizer:
    """Stochastic gradient descent (tfjs's `tf.train.sgd`)."""
    return SGDOptimizer(learning_rate)


def momentum(
    learning_rate: float, momentum: float, use_nesterov: bool = False
) -> MomentumOptimizer:
    """Gradient descent with momentum (tfjs's `tf.train.momentum`)."""
    return MomentumOptimizer(learning_rate, momentum, use_nesterov)


def adam(
    learning_rate: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float | None = None,
) -> AdamOptimizer:
    """Adam (tfjs's `tf.train.adam`); epsilon defaults to 1e-7."""
    return AdamOptimizer(learning_rate, beta1, beta2, epsilon)


def rmsprop(
    learning_rate: float,
    decay: float = 0.9,
    momentum: float = 0.0,
    epsilon: float | None = None,
    centered: bool = False,
) -> RMSPropOptimizer:
    """RMSProp (tfjs's `tf.train.rmsprop`); epsilon defaults to 1e-7."""
    return RMSPropOptimizer(learning_rate, decay, momentum, epsilon, centered)


def adagrad(learning_rate: float, initial_accumulator_value: float = 0.1) -> AdagradOptimizer:
    """Adagrad (tfjs's `tf.train.adagrad`)."""
    return AdagradOptimizer(learning_rate, initial_accumulator_value)


# -- helpers --------------------------------------------------------------------------------
def _check_number(x: Any, name: str, who: str) -> None:
    if not np.isfinite(number_arg(x, name, who)):
        raise ValueError(f"{who}: {name} must be finite, got {x!r}.")


def _named_pairs(items: Any, who: str) -> list[tuple[str, Any]]:
    """Normalize a dict or a list of named tensors into (name, tensor) pairs."""
    if isinstance(items, dict):
        if set(items) == {"name", "tensor"}:
            raise TypeError(f"{who}: pass a list of named tensors, not a single one.")
        return list(items.items())
    if not isinstance(items, Iterable) or isinstance(items, (str, Tensor)):
        raise TypeError(
            f"{who}: expected a dict name -> gradient or a list of (name, tensor) pairs, "
            f"got {type(items).__name__}."
        )
    out = []
    for item in items:
        if isinstance(item, dict) and "name" in item:
            out.append((item["name"], item.get("tensor")))
        elif isinstance(item, (tuple, list)) and len(item) == 2 and isinstance(item[0], str):
            out.append((item[0], item[1]))
        else:
            raise TypeError(
                f"{who}: each entry must be a (name, tensor) pair or a dict with 'name' and "
                f"'tensor', got {item!r}."
            )
    return out


def _dtype_of(t: Any) -> str | None:
    return t.dtype if isinstance(t, Tensor) else None


def _check_gradient(v: Variable, g: Any, who: str) -> None:
    if not isinstance(g, Tensor):
        raise TypeError(f"{who}: the gradient for {v.name!r} must be a Tensor, got {g!r}.")
    if g.shape != v.shape:
        raise ShapeError(
            f"{who}: the gradient for {v.name!r} has shape {format_shape(g.shape)} but the "
            f"variable has shape {format_shape(v.shape)}."
        )
    if g.dtype not in ("float32", "float64"):
        raise DTypeError(f"{who}: the gradient for {v.name!r} has dtype {g.dtype}; need a float.")


__all__ = [
    "NamedTensor",
    "Optimizer",
    "SGDOptimizer",
    "MomentumOptimizer",
    "AdamOptimizer",
    "RMSPropOptimizer",
    "AdagradOptimizer",
    "sgd",
    "momentum",
    "adam",
    "rmsprop",
    "adagrad",
]
