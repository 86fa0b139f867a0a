"""Training callbacks: the `Callback` base, `History`, the progress bar, early stopping.

`model.fit` calls every callback at six moments, with a `logs` dict of
Python floats:

    on_train_begin(logs)
      on_epoch_begin(epoch, logs)
        on_batch_begin(batch, logs)   logs: batch, size
        on_batch_end(batch, logs)     logs: batch, size, loss, metrics
      on_epoch_end(epoch, logs)       logs: loss, metrics, val_loss, val_<metrics>
    on_train_end(logs)

A callback is a `Callback` subclass or a dict of functions with those names
(tfjs's CustomCallbackArgs, in snake_case). Setting `model.stop_training = True`
inside a callback ends `fit` after the current batch.
"""

from __future__ import annotations

import inspect
import math
import sys
from collections.abc import Callable
from typing import Any

HOOKS = (
    "on_train_begin",
    "on_train_end",
    "on_epoch_begin",
    "on_epoch_end",
    "on_batch_begin",
    "on_batch_end",
)


class Callback:
    """Subclass and override the hooks you need; `self.model` and `self.params` are set by fit."""

    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict[str, Any] = {}

    def set_model(self, model: Any) -> None:
        """Called by fit before training starts."""
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        """Called by fit with epochs, samples, steps, batch_size, verbose, metrics."""
        self.params = params

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Training is about to start."""

    def on_train_end(self, logs: dict | None = None) -> None:
        """Training has ended."""

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """An epoch is about to start."""

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """An epoch ended; logs hold its mean loss and metrics (and validation ones)."""

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """A batch is about to be trained on."""

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """A batch was trained on; logs hold its loss and metrics."""


class CustomCallback(Callback):
    """A callback made of plain functions, from a dict like `{'on_epoch_end': fn}`.

    Each function may take fewer arguments than the hook passes (e.g.
    `lambda epoch: ...` for on_epoch_end): the extra ones are dropped.
    """

    def __init__(self, hooks: dict[str, Callable]) -> None:
        super().__init__()
        for key, fn in hooks.items():
            if key not in HOOKS:
                hint = _snake(key)
                extra = f" Did you mean {hint!r}?" if hint in HOOKS else ""
                raise ValueError(
                    f"fit: unknown callback {key!r}.{extra} Callbacks are "
                    f"{', '.join(HOOKS)}."
                )
            if not callable(fn):
                raise TypeError(f"fit: callback {key!r} must be a function, got {fn!r}.")
            setattr(self, key, _tolerant(fn))


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _tolerant(fn: Callable) -> Callable:
    """Call `fn` with as many leading positional arguments as it accepts."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return fn
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return fn
    n = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
    return lambda *args: fn(*args[:n])


class History(Callback):
    """Records the epoch logs: `history.history['loss']` is a list of floats, one per epoch."""

    def __init__(self) -> None:
        super().__init__()
        self.epoch: list[int] = []
        self.history: dict[str, list[float]] = {}

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)

    def __repr__(self) -> str:
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"


class ProgressBar(Callback):
    """What `verbose` prints: a live bar per epoch on a terminal, else one line per epoch.

    verbose=1 redraws one line with '\\r' while a terminal shows it; in a
    notebook or a log file (and with verbose=2) it prints one line at the end
    of each epoch, so saved output stays short and reproducible.
    """

    width = 30

    def __init__(self, verbose: int = 1, stream: Any = None) -> None:
        super().__init__()
        self.verbose = verbose
        self.stream = stream

    def on_train_begin(self, logs: dict | None = None) -> None:
        out = self.stream or sys.stdout
        isatty = getattr(out, "isatty", None)
        self.live = self.verbose == 1 and callable(isatty) and isatty()

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.seen = 0
        self.epoch = epoch
        if self.live:
            self._write(f"Epoch {epoch + 1}/{self.params.get('epochs')}\n")

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        self.seen += int(logs.get("size", 0))
        if self.live:
            skip = ("batch", "size")
            self._write("\r" + self._bar() + _format_logs(logs, skip))

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        text = _format_logs(logs or {}, ())
        if self.live:
            self.seen = self.params.get("samples", self.seen)
            self._write("\r" + self._bar() + text + "\n")
        else:
            self._write(f"Epoch {epoch + 1}/{self.params.get('epochs')}{text}\n")

    def _bar(self) -> str:
        total = max(1, int(self.params.get("samples", 1)))
        done = min(self.width, self.width * self.seen // total)
        arrow = "=" * done + (">" if done < self.width else "")
        digits = len(str(total))
        return f"{self.seen:>{digits}}/{total} [{arrow:<{self.width}}]"

    def _write(self, text: str) -> None:
        out = self.stream or sys.stdout
        out.write(text)
        out.flush()


def _format_logs(logs: dict, skip: tuple) -> str:
    return "".join(f" - {k}: {v:.4f}" for k, v in logs.items() if k not in skip)


class EarlyStopping(Callback):
    """Stop training when a monitored quantity stops improving (tfjs's earlyStopping)."""

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0.0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
    ) -> None:
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"early_stopping: mode must be 'auto', 'min' or 'max', got {mode!r}.")
        self.monitor, self.patience = monitor, patience
        self.verbose, self.baseline = verbose, baseline
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self.mode = mode
        self.min_delta = abs(min_delta) * (1 if mode == "max" else -1)

    def _better(self, current: float, reference: float) -> bool:
        if self.mode == "max":
            return current - self.min_delta > reference
        return current - self.min_delta < reference

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        if self.baseline is not None:
            self.best = self.baseline
        else:
            self.best = -math.inf if self.mode == "max" else math.inf

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        current = (logs or {}).get(self.monitor)
        if current is None:
            raise KeyError(
                f"early_stopping: the logs have no {self.monitor!r} (they have "
                f"{sorted(logs or {})}). Monitor one of those, or pass validation data."
            )
        if self._better(current, self.best):
            self.best = current
            self.wait = 0
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.verbose:
                print(f"Epoch {epoch + 1}: early stopping")


def early_stopping(
    monitor: str = "val_loss",
    min_delta: float = 0.0,
    patience: int = 0,
    verbose: int = 0,
    mode: str = "auto",
    baseline: float | None = None,
) -> EarlyStopping:
    """A callback that ends fit when `monitor` has not improved for `patience` epochs."""
    return EarlyStopping(monitor, min_delta, patience, verbose, mode, baseline)


def as_callback(cb: Any) -> Callback:
    """A Callback from a Callback or a dict of hook functions."""
    if isinstance(cb, Callback):
        return cb
    if isinstance(cb, dict):
        return CustomCallback(cb)
    if any(callable(getattr(cb, h, None)) for h in HOOKS):
        # Any object with hook methods (duck typing, as tfjs allows).
        return CustomCallback({h: getattr(cb, h) for h in HOOKS if callable(getattr(cb, h, None))})
    raise TypeError(
        f"fit: a callback must be a tf.callbacks.Callback or a dict like "
        f"{{'on_epoch_end': fn}}, got {cb!r}."
    )


__all__ = ["Callback", "CustomCallback", "History", "ProgressBar", "EarlyStopping",
           "early_stopping", "as_callback"]
