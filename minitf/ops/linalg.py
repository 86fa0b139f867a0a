"""Matrix products: matmul (batched, with broadcasting batch axes) and dot.

The VJPs of C = op(A) op(B) are again matrix products, written with the
transpose flags instead of transposed copies, so the backward pass of a dense
layer costs two BLAS calls and nothing else:

    C = A B      dA = g B^T    dB = A^T g
    C = A^T B    dA = B g^T    dB = A g
    C = A B^T    dA = g B      dB = g^T A
    C = A^T B^T  dA = B^T g^T  dB = g^T A^T

Batch axes broadcast like numpy's; a broadcast input gets its gradient summed
back over them (`unbroadcast`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import upcast
from ..errors import ShapeError
from ..tensor import Tensor, format_shape
from ._core import as_tensor, cast_to, op, primitive, unbroadcast


@primitive("BatchMatMul")
def _matmul(a, b, transpose_a, transpose_b):
    if transpose_a:
        a = a.swapaxes(-1, -2)
    if transpose_b:
        b = b.swapaxes(-1, -2)
    return a @ b


def _matmul_vjp_a(g, ans, a, b, transpose_a, transpose_b):
    if transpose_a:
        ga = _matmul(b, g, transpose_a=transpose_b, transpose_b=True)
    else:
        ga = _matmul(g, b, transpose_a=False, transpose_b=not transpose_b)
    return unbroadcast(ga, a.shape)


def _matmul_vjp_b(g, ans, a, b, transpose_a, transpose_b):
    if transpose_b:
        gb = _matmul(g, a, transpose_a=True, transpose_b=transpose_a)
    else:
        gb = _matmul(a, g, transpose_a=not transpose_a, transpose_b=False)
    return unbroadcast(gb, b.shape)


_matmul.defvjp(_matmul_vjp_a, _matmul_vjp_b)


def _operands(a: Any, b: Any, op_name: str) -> tuple[Tensor, Tensor]:
    a, b = as_tensor(a, "a", op_name), as_tensor(b, "b", op_name)
    dtype = upcast(a.dtype, b.dtype)
    if dtype == "bool":  # arithmetic on bools happens in int32, as in tfjs
        dtype = "int32"
    return cast_to(a, dtype, op_name), cast_to(b, dtype, op_name)


@op
def matmul(a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False) -> Tensor:
    """The matrix product of a and b (rank >= 2), over broadcast batch axes.

    With `transpose_a`/`transpose_b` the last two axes of that input are
    swapped first. For vectors use `dot`.
    """
    a, b = _operands(a, b, "matmul")
    if a.rank < 2 or b.rank < 2:
        raise ShapeError(
            f"matmul: both inputs need rank >= 2, got shapes {format_shape(a.shape)} and "
            f"{format_shape(b.shape)}. For a vector use tf.dot, or reshape it to a matrix."
        )
    inner_a = a.shape[-2] if transpose_a else a.shape[-1]
    inner_b = b.shape[-1] if transpose_b else b.shape[-2]
    if inner_a != inner_b:
        raise ShapeError(
            f"matmul: inner dimensions must match, but a has shape {format_shape(a.shape)} "
            f"(transpose_a={bool(transpose_a)}) giving {inner_a} and b has shape "
            f"{format_shape(b.shape)} (transpose_b={bool(transpose_b)}) giving {inner_b}."
        )
    try:
        if a.rank > 2 or b.rank > 2:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise ShapeError(
            f"matmul: the batch axes of a (shape {format_shape(a.shape)}) and b (shape "
            f"{format_shape(b.shape)}) cannot be broadcast together: "
            f"{format_shape(a.shape[:-2])} vs {format_shape(b.shape[:-2])}."
        ) from None
    return _matmul(a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))


@op
def dot(t1: Any, t2: Any) -> Tensor:
    """The dot product of vectors and matrices (rank 1 or 2), as tfjs's dot.

    vector . vector is a scalar, matrix . vector and vector . matrix are
    vectors, matrix . matrix is matmul.
    """
    from .shape import reshape

    a, b = _operands(t1, t2, "dot")
    if a.rank not in (1, 2) or b.rank not in (1, 2):
        raise ShapeError(
            f"dot: both inputs must have rank 1 or 2, got shapes {format_shape(a.shape)} and "
            f"{format_shape(b.shape)}. Use tf.matmul for batches of matrices."
        )
    inner_a, inner_b = a.shape[-1], b.shape[0]
    if inner_a != inner_b:
        raise ShapeError(
            f"dot: inner dimensions must match, but t1 has shape {format_shape(a.shape)} "
            f"({inner_a}) and t2 has shape {format_shape(b.shape)} ({inner_b})."
        )
    # A vector is a 1-row matrix on the left and a 1-column matrix on the right.
    a2 = a if a.rank == 2 else reshape(a, (1, inner_a))
    b2 = b if b.rank == 2 else reshape(b, (inner_b, 1))
    out = _matmul(a2, b2, transpose_a=False, transpose_b=False)
    shape = a.shape[:-1] + b.shape[1:]
    return out if out.shape == shape else reshape(out, shape)
