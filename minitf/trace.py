"""`tf.trace(f, *args)`: record one call of f and return its graph as plain data.

Lessons print the graph to show what the tape saw; the visor draws it. The
graph holds only numbers and strings (shapes, dtypes, optional gradient
arrays), never live tensors, so tracing leaks nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .autodiff import _record_tape, _seed, backprop
from .dtypes import is_float
from .engine import tidy
from .tensor import Tensor, Variable, convert_to_tensor, format_shape


@dataclass
class GraphNode:
    """One value in the traced graph: an input, variable, constant or op output."""

    id: int
    kind: str  # 'input', 'variable', 'constant' or 'op'
    op: str  # the primitive's name for ops; the input's or variable's name otherwise
    inputs: list[int]
    shape: tuple[int, ...]
    dtype: str
    grad: np.ndarray | None = None

    @property
    def grad_shape(self) -> tuple[int, ...] | None:
        """Shape of dy/d(this value), when traced with backward=True and connected."""
        return None if self.grad is None else self.grad.shape


@dataclass
class Graph:
    """The nodes of one traced call, in execution order, and which one is y."""

    nodes: list[GraphNode] = field(default_factory=list)
    output: int = -1

    def node(self, node_id: int) -> GraphNode:
        """The node with this id."""
        return self.nodes[node_id]

    def ops(self) -> list[GraphNode]:
        """Only the op nodes."""
        return [n for n in self.nodes if n.kind == "op"]

    def to_text(self) -> str:
        """A plain-text listing, one line per node, for printing in a lesson."""
        lines = [f"graph: {len(self.nodes)} nodes, {len(self.ops())} ops, output %{self.output}"]
        for n in self.nodes:
            if n.kind == "op":
                what = f"{n.op}({', '.join(f'%{i}' for i in n.inputs)})"
            else:
                what = f"{n.kind} {n.op}"
            line = f"  %{n.id:<3} {what:<28} {n.dtype:<8} {format_shape(n.shape):<10}"
            if n.grad is not None:
                line += f"   grad {format_shape(n.grad.shape)}"
            lines.append(line.rstrip())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def trace(f: Callable[..., Tensor], *args: Any, backward: bool = False) -> Graph:
    """Run f(*args) once on a tape and return its graph (with gradients if `backward`)."""

    def run() -> Graph:
        xs = [convert_to_tensor(a, f"args[{i}]", "trace") for i, a in enumerate(args)]
        tape, y = _record_tape(lambda: f(*xs))
        if not isinstance(y, Tensor):
            raise TypeError(f"trace: f must return a Tensor, got {type(y).__name__}.")
        graph = Graph()
        ids: dict[int, int] = {}
        tensors: list[Tensor] = []

        def add(t: Tensor, kind: str, op: str, inputs: list[int]) -> int:
            ids[t.id] = len(graph.nodes)
            graph.nodes.append(GraphNode(len(graph.nodes), kind, op, inputs, t.shape, t.dtype))
            tensors.append(t)
            return ids[t.id]

        for i, x in enumerate(xs):
            add(x, "input", f"x{i}", [])
        for node in tape.nodes:
            for t in node.inputs:
                if t.id not in ids:
                    if isinstance(t, Variable):
                        add(t, "variable", repr(t.name), [])
                    else:
                        add(t, "constant", "const", [])
            add(node.out, "op", node.op, [ids[t.id] for t in node.inputs])
        if y.id not in ids:
            add(y, "constant", "y", [])  # not an input (those are in ids already)
        graph.output = ids[y.id]
        if backward and is_float(y.dtype):
            float_ts = [t for t in tensors if is_float(t.dtype)]
            gs = backprop(tape, float_ts, y, _seed(y, None, "trace"))
            for t, g in zip(float_ts, gs):
                if g is not None:
                    graph.nodes[ids[t.id]].grad = g.numpy()
            graph.nodes[graph.output].grad = np.ones(y.shape, dtype=y.values.dtype)
        return graph

    return tidy(run)
