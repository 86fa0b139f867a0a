"""Gradient checks against independent references: HIPS autograd and finite differences.

`check_against_autograd(mt_fn, ag_fn, *arrays)` runs the same function written
twice, once with minitf ops and once with `autograd.numpy`, in float64, and
compares values and vector-Jacobian products (with a random cotangent, so
every output entry matters). `check_finite_differences` compares minitf's
gradient with a central difference along a random direction, to first or
second order; it needs no second implementation, so it also checks ops
autograd lacks.
"""

from __future__ import annotations

from collections.abc import Callable

import autograd
import autograd.numpy as anp  # noqa: F401  (re-exported for test modules)
import numpy as np

import minitf as tf

RTOL = 1e-6
ATOL = 1e-9


def _assert_close(actual, expected, what: str, rtol: float = RTOL, atol: float = ATOL) -> None:
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, err_msg=what)


def check_against_autograd(
    mt_fn: Callable, ag_fn: Callable, *arrays: np.ndarray, rtol: float = RTOL, seed: int = 0
) -> None:
    """Values and VJPs of mt_fn (minitf) and ag_fn (autograd.numpy) agree in float64."""
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    expected = np.asarray(ag_fn(*arrays), dtype=np.float64)
    xs = [tf.tensor(a, dtype="float64") for a in arrays]
    value = mt_fn(*xs)
    assert value.dtype == "float64", f"float64 inputs gave a {value.dtype} result"
    _assert_close(value.numpy(), expected, "value", rtol)
    dy = np.random.default_rng(seed).normal(size=expected.shape)
    got = tf.grads(mt_fn)(xs, tf.tensor(dy, dtype="float64"))
    for i, a in enumerate(arrays):

        def scalar(x, i=i):
            args = list(arrays)
            args[i] = x
            return anp.sum(ag_fn(*args) * dy)

        want = autograd.grad(scalar)(a)
        assert got[i].dtype == "float64", f"gradient {i} is {got[i].dtype}"
        _assert_close(got[i].numpy(), want, f"gradient w.r.t. argument {i}", rtol)
    tf.dispose([xs, value, got])


def directional_derivative_fd(f: Callable[[np.ndarray], float], x: np.ndarray, v: np.ndarray,
                              eps: float = 1e-5) -> float:
    """Central difference of f along v: (f(x + eps v) - f(x - eps v)) / (2 eps)."""
    return (f(x + eps * v) - f(x - eps * v)) / (2 * eps)


def check_finite_differences(mt_fn: Callable, x: np.ndarray, order: int = 1, seed: int = 0,
                             rtol: float = 1e-5) -> None:
    """minitf's gradient (order 1) or Hessian-vector product (order 2) of sum(mt_fn * w)
    along a random direction agrees with central differences, in float64."""
    rng = np.random.default_rng(seed)
    x = np.asarray(x, dtype=np.float64)
    out_shape = mt_fn(tf.tensor(x, dtype="float64")).shape
    w = tf.tensor(rng.normal(size=out_shape), dtype="float64")
    v = rng.normal(size=x.shape)
    vt = tf.tensor(v, dtype="float64")

    def scalar(t):
        return tf.sum(tf.mul(mt_fn(t), w))

    def first(t):  # d/dt scalar(t) . v, itself a minitf function of t
        return tf.sum(tf.mul(tf.grad(scalar)(t), vt))

    target = scalar if order == 1 else first
    if order not in (1, 2):
        raise ValueError("order must be 1 or 2")

    def numeric(a):
        return float(target(tf.tensor(a, dtype="float64")).item())

    fd = directional_derivative_fd(numeric, x, v)
    analytic = float(tf.sum(tf.mul(tf.grad(target)(tf.tensor(x, dtype="float64")), vt)).item())
    np.testing.assert_allclose(analytic, fd, rtol=rtol, atol=1e-7,
                               err_msg=f"order-{order} directional derivative")
