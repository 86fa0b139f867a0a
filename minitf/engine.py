"""Bookkeeping of live tensors, the way TensorFlow.js teaches memory.

numpy frees an array as soon as nothing refers to it, so minitf never *needs*
`dispose`. But tfjs code must dispose, and the course teaches that habit, so
the engine counts every tensor that was created and not disposed, exactly as
tfjs's `tf.memory()` would. The engine holds only integers (ids and byte
counts), never the arrays: a tensor that is dropped without `dispose` still
counts as a leak, yet its buffer is freed.

Several tensors may share one data buffer (a reshape, a clone, a variable made
from a tensor), as in tfjs; the buffer is counted once and lives until the
last tensor on it is disposed.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .tensor import Tensor

T = TypeVar("T")


@dataclass(frozen=True)
class MemoryInfo:
    """What `memory()` reports: live tensors, live data buffers, and their bytes."""

    num_tensors: int
    num_data_buffers: int
    num_bytes: int
    unreliable: bool = False


class _Scope:
    """One `tidy` level: the tensors created while it was the innermost scope."""

    __slots__ = ("name", "tracked")

    def __init__(self, name: str) -> None:
        self.name = name
        # (id, weak reference): a tensor the user dropped inside the tidy is still
        # released by id when the tidy ends, while its buffer is freed at once.
        self.tracked: list[tuple[int, weakref.ref]] = []


class Engine:
    """The single global state: counters, tidy scopes and active gradient tapes."""

    def __init__(self) -> None:
        self.ids = itertools.count(1)  # tensor ids; a fresh buffer takes its tensor's id
        self.tensor_buffer: dict[int, int] = {}  # live tensor id -> buffer id
        self.buffers: dict[int, list[int]] = {}  # buffer id -> [refcount, nbytes]
        self.scopes: list[_Scope] = []
        self.tapes: list[Any] = []  # autodiff.Tape objects, innermost last
        self.variables: dict[str, Tensor] = {}
        self.kept: set[int] = set()  # ids marked by keep(): no tidy disposes them
        # tensor.py sets this to Tensor; this module cannot import it (tensor imports us).
        self.tensor_type: type = type(None)

    # -- registering and releasing ------------------------------------------------
    def register(self, t: Tensor, buffer: int, track: bool = True) -> None:
        """Count `t` as live on an existing `buffer`; let the innermost tidy own it.

        (Tensor._make does the same for new tensors, inlined for speed.)
        """
        self.tensor_buffer[t._id] = buffer
        self.buffers[buffer][0] += 1
        if track and self.scopes:
            self.scopes[-1].tracked.append((t._id, weakref.ref(t)))

    def release(self, tensor_id: int) -> None:
        """Stop counting a tensor; free its buffer's count when no tensor uses it."""
        buffer = self.tensor_buffer.pop(tensor_id, None)
        if buffer is None:
            return
        if self.kept:
            self.kept.discard(tensor_id)
        entry = self.buffers[buffer]
        entry[0] -= 1
        if entry[0] == 0:
            del self.buffers[buffer]

    def memory(self) -> MemoryInfo:
        """Exact counts of what has been created and not yet disposed."""
        return MemoryInfo(
            num_tensors=len(self.tensor_buffer),
            num_data_buffers=len(self.buffers),
            num_bytes=sum(nbytes for _, nbytes in self.buffers.values()),
        )

    # -- tidy -----------------------------------------------------------------------
    def start_scope(self, name: str) -> None:
        """Open a tidy level."""
        self.scopes.append(_Scope(name))

    def end_scope(self, result: Any) -> None:
        """Close the innermost tidy: dispose what it created, except `result` and kept ones.

        Returned tensors move up to the enclosing scope (so an outer tidy still
        owns them). Tensors that an active gradient tape still needs also move up
        instead of dying: `grad` disposes them when its own scope ends.
        """
        scope = self.scopes.pop()
        if result is None:
            keep_ids = set()
        elif type(result) is self.tensor_type:
            keep_ids = {result._id}
        else:
            keep_ids = {t._id for t in _tensors_in(result)}
        parent = self.scopes[-1] if self.scopes else None
        taped: set[int] = set()
        for tape in self.tapes:
            taped |= tape.tensor_ids()
        release = self.release
        for entry in scope.tracked:
            tid, ref = entry
            t = ref()
            if t is None:
                release(tid)  # unreachable already; it was created here, so it ends here
            elif t._values is None or tid in self.kept:
                continue
            elif tid in keep_ids or tid in taped:
                if parent is not None:
                    parent.tracked.append(entry)
            else:
                t._values = None  # what Tensor.dispose does, inlined: tidy ends many
                release(tid)


ENGINE = Engine()


def _tensors_in(value: Any) -> Iterable[Tensor]:
    """Every tensor inside nested lists, tuples, dicts (and a tensor itself)."""
    tensor_type = ENGINE.tensor_type
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, tensor_type):
            yield v
        elif isinstance(v, (list, tuple, set)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())


def memory() -> MemoryInfo:
    """Live tensors, data buffers and bytes, as tfjs's `tf.memory()`."""
    return ENGINE.memory()


def tidy(name_or_fn: str | Callable[[], T], fn: Callable[[], T] | None = None) -> T:
    """Run `fn`, then dispose every tensor it created except what it returns or kept.

    `tidy(fn)` or `tidy(name, fn)`. Nested tidies work; if `fn` raises, its
    tensors are still disposed and the error propagates. Variables are never
    disposed by tidy.
    """
    if fn is None:
        if not callable(name_or_fn):
            raise TypeError("tidy: pass a function, e.g. tf.tidy(lambda: x.square()).")
        name, fn = "unnamed scope", name_or_fn
    else:
        if not isinstance(name_or_fn, str) or not callable(fn):
            raise TypeError("tidy: the two-argument form is tidy(name: str, fn: callable).")
        name = name_or_fn
    ENGINE.start_scope(name)
    result = None
    try:
        result = fn()
        return result
    finally:
        ENGINE.end_scope(result)


def keep(t: T) -> T:
    """Mark `t` so that no enclosing tidy disposes it; returns `t`."""
    from .tensor import Tensor

    if not isinstance(t, Tensor):
        raise TypeError(f"keep: expected a Tensor, got {type(t).__name__}.")
    ENGINE.kept.add(t._id)
    return t


def dispose(container: Any) -> None:
    """Dispose every tensor in `container` (a tensor, or nested lists/tuples/dicts)."""
    for t in _tensors_in(container):
        t.dispose()
