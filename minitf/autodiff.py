"""Reverse-mode automatic differentiation on a tape of primitive calls.

While a gradient function runs `f`, every primitive call is appended to the
innermost active *tape* as a node: op name, input tensors, output tensor, the
op's parameters and its VJPs. Backward then

1. prunes the tape to the nodes on a path from the xs to y,
2. orders them with an iterative (stack-based, so no recursion limit)
   depth-first topological sort from y, and
3. walks them from y back to the xs, calling each input's VJP and summing
   gradients in a dict local to this pass (no `.grad` fields to zero).

VJPs are written with minitf ops, so when an outer tape is active it records
the backward pass too: that is all nested gradients need. An inner tape's
nodes are handed to the outer tape when the inner one closes, so the outer
gradient sees the inner forward pass; the inner backward pass, in turn, only
sees its own tape, which is what keeps `x * grad(lambda y: x + y)(0.)` from
confusing the two x's (perturbation confusion).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .dtypes import FLOATS, is_float
from .engine import ENGINE, tidy
from .errors import DTypeError, GradientError, ShapeError
from .tensor import Tensor, Variable, convert_to_tensor, format_shape

NOT_CONNECTED = (
    "Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you "
    "passed encloses all operations that lead from x to y."
)


class Node:
    """One recorded primitive call."""

    __slots__ = ("op", "inputs", "out", "params", "vjps")

    def __init__(self, op: str, inputs: Sequence[Tensor], out: Tensor, params: dict, vjps: tuple):
        self.op = op
        self.inputs = inputs
        self.out = out
        self.params = params
        self.vjps = vjps


class Tape:
    """The nodes recorded while one gradient function runs `f`, in execution order."""

    __slots__ = ("nodes", "saved")

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.saved: list[Tensor] = []  # what custom_grad saved for its backward pass

    def record(self, op: str, inputs: Sequence[Tensor], out: Tensor, params: dict, vjps: tuple):
        """Append one primitive call."""
        self.nodes.append(Node(op, inputs, out, params, vjps))

    def tensor_ids(self) -> set[int]:
        """Ids of every tensor the backward pass may read: tidy must not dispose them."""
        ids = {t._id for t in self.saved}
        for node in self.nodes:
            ids.add(node.out._id)
            ids.update(x._id for x in node.inputs)
        return ids


def _push_tape() -> Tape:
    tape = Tape()
    ENGINE.tapes.append(tape)
    return tape


def _pop_tape(tape: Tape) -> None:
    """Close `tape`; the enclosing tape (if any) inherits its nodes, in order."""
    popped = ENGINE.tapes.pop()
    assert popped is tape, "gradient tapes closed out of order"
    if ENGINE.tapes:
        outer = ENGINE.tapes[-1]
        outer.nodes.extend(tape.nodes)
        outer.saved.extend(tape.saved)


def _record_tape(f: Callable[[], Any]) -> tuple[Tape, Any]:
    tape = _push_tape()
    try:
        return tape, f()
    finally:
        _pop_tape(tape)


# -- the backward pass -------------------------------------------------------------------
def _prune_and_sort(tape: Tape, xs: Sequence[Tensor], y: Tensor) -> tuple[list[Node], set[int]]:
    """Nodes on a path from any x to y, ordered from y backwards; plus x-dependent ids."""
    # Forward sweep: which tensors depend on some x (through float values only).
    depends = {x._id for x in xs}
    producer: dict[int, Node] = {}
    for node in tape.nodes:
        out = node.out
        if out._dtype in FLOATS:
            for x in node.inputs:
                if x._id in depends:
                    depends.add(out._id)
                    producer[out._id] = node
                    break
    if y._id not in producer:
        return [], depends
    # Iterative depth-first search from y: post-order lists every node after
    # its inputs' producers, so its reverse is a topological order from y.
    post: list[Node] = []
    visited: set[int] = set()
    stack: list[tuple[Node, bool]] = [(producer[y._id], False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            post.append(node)
            continue
        if node.out._id in visited:
            continue
        visited.add(node.out._id)
        stack.append((node, True))
        for x in node.inputs:
            p = producer.get(x._id)
            if p is not None and x._id not in visited:
                stack.append((p, False))
    post.reverse()
    return post, depends


def backprop(tape: Tape, xs: Sequence[Tensor], y: Tensor, dy: Tensor) -> list[Tensor | None]:
    """Gradients of `sum(y * dy)` with respect to each x (None where unconnected)."""
    from .ops.arithmetic import add

    order, depends = _prune_and_sort(tape, xs, y)
    grads: dict[int, Tensor] = {y._id: dy}
    for node in order:
        out, inputs, vjps = node.out, node.inputs, node.vjps
        g = grads[out._id]
        for i, x in enumerate(inputs):
            if x._id not in depends:
                continue
            vjp = vjps[i] if i < len(vjps) else None
            if vjp is None:
                continue
            gx = vjp(g, out, *inputs, **node.params)
            if gx._values.shape != x._values.shape:
                raise GradientError(
                    f"The gradient of op {node.op!r} for its input {i} has shape "
                    f"{format_shape(gx.shape)}, but that input has shape "
                    f"{format_shape(x.shape)}. The op's VJP is wrong."
                )
            prev = grads.get(x._id)
            grads[x._id] = gx if prev is None else add(prev, gx)
    return [grads.get(x._id) if x._id in depends else None for x in xs]


# -- the public gradient API ----------------------------------------------------------
class ValueAndGrad(NamedTuple):
    """What `value_and_grad(f)(x)` returns."""

    value: Tensor
    grad: Tensor


class ValueAndGrads(NamedTuple):
    """What `value_and_grads(f)(xs)` and `variable_grads(f)` return."""

    value: Tensor
    grads: Any


def _as_x(x: Any, i: int, api: str) -> Tensor:
    x = convert_to_tensor(x, f"x[{i}]", api)
    if not is_float(x.dtype):
        raise DTypeError(
            f"{api}: cannot differentiate with respect to argument {i}, an {x.dtype} tensor; "
            f"gradients need float inputs. Cast it first: tf.cast(x, 'float32')."
        )
    return x


def _check_y(y: Any, api: str) -> Tensor:
    if not isinstance(y, Tensor):
        raise TypeError(
            f"{api}: the function must return a Tensor (the y in dy/dx), got {type(y).__name__}."
        )
    return y


def _seed(y: Tensor, dy: Any, api: str) -> Tensor:
    from .creation import ones_like

    if dy is None:
        return ones_like(y)
    dy = convert_to_tensor(dy, "dy", api, y.dtype)
    if dy.shape != y.shape:
        raise ShapeError(
            f"{api}: dy has shape {format_shape(dy.shape)} but y=f(x) has shape "
            f"{format_shape(y.shape)}; they must match."
        )
    return dy


def _gradients(f: Callable, xs: list[Tensor], dy: Any, api: str) -> tuple[Tensor, list[Tensor]]:
    """Run f(*xs) on a tape and backpropagate; every x must be connected to y."""
    tape, y = _record_tape(lambda: f(*xs))
    y = _check_y(y, api)
    grads = backprop(tape, xs, y, _seed(y, dy, api))
    for i, (x, g) in enumerate(zip(xs, grads)):
        if g is None:
            if x is y:  # f returned its input: dy/dx is dy itself
                grads[i] = _seed(y, dy, api)
            else:
                raise GradientError(NOT_CONNECTED)
    return y, grads


def grad(f: Callable[[Tensor], Tensor]) -> Callable[..., Tensor]:
    """The gradient function of a one-input f: `grad(f)(x, dy=None)` has x's shape.

    For a non-scalar y this is the gradient of `sum(y)` (or of `sum(y * dy)`).
    """

    def g(x: Any, dy: Any = None) -> Tensor:
        def run() -> Tensor:
            return _gradients(f, [_as_x(x, 0, "grad")], dy, "grad")[1][0]

        return tidy(run)

    return g


def grads(f: Callable[..., Tensor]) -> Callable[..., list[Tensor]]:
    """The gradient function of a many-input f: `grads(f)(args, dy=None)` is a list."""

    def g(args: Sequence[Any], dy: Any = None) -> list[Tensor]:
        _check_args(args, "grads")

        def run() -> list[Tensor]:
            xs = [_as_x(a, i, "grads") for i, a in enumerate(args)]
            return _gradients(f, xs, dy, "grads")[1]

        return tidy(run)

    return g


def value_and_grad(f: Callable[[Tensor], Tensor]) -> Callable[..., ValueAndGrad]:
    """Like `grad`, but returns `(value, grad)` with the value of f(x) too."""

    def g(x: Any, dy: Any = None) -> ValueAndGrad:
        def run() -> ValueAndGrad:
            y, gs = _gradients(f, [_as_x(x, 0, "value_and_grad")], dy, "value_and_grad")
            return ValueAndGrad(y, gs[0])

        return tidy(run)

    return g


def value_and_grads(f: Callable[..., Tensor]) -> Callable[..., ValueAndGrads]:
    """Like `grads`, but returns `(value, grads)` with the value of f(*args) too."""

    def g(args: Sequence[Any], dy: Any = None) -> ValueAndGrads:
        _check_args(args, "value_and_grads")

        def run() -> ValueAndGrads:
            xs = [_as_x(a, i, "value_and_grads") for i, a in enumerate(args)]
            y, gs = _gradients(f, xs, dy, "value_and_grads")
            return ValueAndGrads(y, gs)

        return tidy(run)

    return g


def _check_args(args: Any, api: str) -> None:
    if not isinstance(args, (list, tuple)):
        raise TypeError(
            f"{api}: pass the arguments of f as a list, e.g. {api}(f)([x, y]); "
            f"got {type(args).__name__}."
        )


def variable_grads(
    f: Callable[[], Tensor], var_list: Sequence[Variable] | None = None
) -> ValueAndGrads:
    """Value of the scalar `f()` and its gradients w.r.t. trainable variables, by name.

    Without `var_list`, every trainable variable counts; variables that f does
    not use are left out of the dict.
    """
    if var_list is None:
        var_list = [v for v in ENGINE.variables.values() if v.trainable]
    else:
        for v in var_list:
            if not isinstance(v, Variable):
                raise TypeError(f"variable_grads: var_list must hold Variables, got {v!r}.")
        var_list = [v for v in var_list if v.trainable]
    if not var_list:
        raise GradientError(
            "variable_grads: no trainable variable to differentiate. Create one with "
            "tf.variable(value) (trainable=True is the default) or pass var_list."
        )
    for v in var_list:
        _as_x(v, 0, "variable_grads")

    def run() -> ValueAndGrads:
        tape, y = _record_tape(f)
        y = _check_y(y, "variable_grads")
        if y.rank != 0:
            raise ShapeError(
                f"variable_grads: the result y returned by f() must be a scalar, but it has "
                f"shape {format_shape(y.shape)}. Reduce it, e.g. with .sum() or .mean()."
            )
        gs = backprop(tape, var_list, y, _seed(y, None, "variable_grads"))
        named = {v.name: g for v, g in zip(var_list, gs) if g is not None}
        if not named:
            raise GradientError(
                "variable_grads: cannot find a connection between any variable and the result "
                "of f. Make sure the operations that use the variables are inside f."
            )
        return ValueAndGrads(y, named)

    return tidy(run)


def custom_grad(f: Callable[..., dict]) -> Callable[..., Tensor]:
    """An op with a gradient of your own, as tfjs's `customGrad`.

    `f(*inputs, save)` returns `{'value': y, 'grad_func': fn}`; `save(tensors)`
    keeps tensors for the backward pass, and `fn(dy, saved)` returns the
    gradient of each input (a list, or one tensor for one input). The forward
    pass inside f is not recorded: only `grad_func` defines the gradient, and
    because it is written in minitf ops, it can itself be differentiated.
    """

    def wrapped(*inputs: Any) -> Tensor:
        xs = [convert_to_tensor(x, f"inputs[{i}]", "custom_grad") for i, x in enumerate(inputs)]
        saved: list[Tensor] = []

        def save(tensors: Sequence[Tensor]) -> None:
            saved.extend(tensors)

        paused, ENGINE.tapes = ENGINE.tapes, []
        try:
            result = f(*xs, save)
        finally:
            ENGINE.tapes = paused
        if not isinstance(result, dict) or "value" not in result or "grad_func" not in result:
            raise TypeError(
                "custom_grad: f must return a dict {'value': tensor, 'grad_func': fn}."
            )
        value, grad_func = result["value"], result["grad_func"]
        if not isinstance(value, Tensor):
            raise TypeError("custom_grad: 'value' must be a Tensor.")
        if ENGINE.tapes:
            # One node whose VJP for input i is grad_func's i-th result; grad_func
            # runs once per backward pass, however many inputs need it.
            cache: dict[int, list[Tensor]] = {}
            vjps = tuple(_custom_vjp(grad_func, saved, i, len(xs), cache) for i in range(len(xs)))
            ENGINE.tapes[-1].record("CustomGrad", xs, value, {}, vjps)
            ENGINE.tapes[-1].saved.extend(saved)
        return value

    return wrapped


def _custom_vjp(grad_func: Callable, saved: list[Tensor], i: int, n: int, cache: dict) -> Callable:
    def vjp(g: Tensor, ans: Tensor, *inputs: Tensor) -> Tensor:
        if g._id not in cache:
            out = grad_func(g, saved)
            outs = [out] if isinstance(out, Tensor) else list(out)
            if len(outs) != n or not all(isinstance(o, Tensor) for o in outs):
                raise GradientError(
                    f"custom_grad: grad_func must return {n} tensor(s), one per input; "
                    f"got {out!r}."
                )
            cache.clear()
            cache[g._id] = outs
        return cache[g._id][i]

    return vjp
