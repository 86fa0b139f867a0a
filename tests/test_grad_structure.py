"""Gradients of the structural ops against HIPS autograd, and second order by finite differences.

Every differentiable reduction, shape op and matrix product is checked in
float64 (values and VJPs with a random cotangent, via gradcheck). Inputs are
random normals, so maxima are unique and products have no zeros unless a test
puts them there on purpose.
"""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import anp, check_against_autograd, check_finite_differences

import minitf as tf

RNG = np.random.default_rng(1234)


def rand(*shape):
    return RNG.normal(size=shape)


def np_axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


# -- reductions --------------------------------------------------------------------------------
REDUCTION_CASES = [
    ((), None), ((), []), ((4,), None), ((4,), 0), ((4,), -1), ((3, 4), None), ((3, 4), 0),
    ((3, 4), -1), ((3, 4), [0, 1]), ((3, 4), []), ((1, 4), 0), ((2, 3, 4), [0, -1]),
    ((2, 3, 4), 1), ((2, 3, 4), [-2, 0]), ((2, 1, 3, 2), [1, 3]),
]
REDUCTIONS = {
    "sum": anp.sum, "mean": anp.mean, "max": anp.max, "min": anp.min, "prod": anp.prod,
}


@pytest.mark.parametrize("name", list(REDUCTIONS))
@pytest.mark.parametrize("shape,axis", REDUCTION_CASES)
@pytest.mark.parametrize("keep_dims", [False, True])
def test_reductions_match_autograd(name, shape, axis, keep_dims):
    mt, ag = getattr(tf, name), REDUCTIONS[name]
    ag_axis = None if shape == () else np_axis(axis)
    check_against_autograd(
        lambda x: mt(x, axis, keep_dims),
        lambda x: ag(x, axis=ag_axis, keepdims=keep_dims),
        rand(*shape),
    )


def test_max_min_split_the_gradient_among_ties_as_autograd_does():
    x = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0], [0.0, -1.0, -1.0]])
    for mt, ag in [(tf.max, anp.max), (tf.min, anp.min)]:
        check_against_autograd(lambda t, mt=mt: mt(t, 1), lambda a, ag=ag: ag(a, axis=1), x)
        check_against_autograd(lambda t, mt=mt: mt(t), lambda a, ag=ag: ag(a), x)
    g = tf.grad(lambda t: tf.max(t, 1))(tf.tensor(x, dtype="float64"))
    np.testing.assert_allclose(g.numpy(), [[0, 0.5, 0.5], [1 / 3] * 3, [1, 0, 0]])


def test_prod_gradient_is_exact_with_zeros():
    x = np.array([[2.0, 0.0, 3.0, 5.0], [0.0, 1.5, 0.0, 2.0], [1.0, 2.0, 3.0, 4.0]])
    g = tf.grad(lambda t: tf.prod(t, 1))(tf.tensor(x, dtype="float64"))
    want = [[0, 30, 0, 0], [0, 0, 0, 0], [24, 12, 8, 6]]
    np.testing.assert_allclose(g.numpy(), want)
    assert not np.isnan(tf.grad(lambda t: tf.prod(t))(tf.tensor(x)).numpy()).any()
    # Second order across a single zero in a slice: still exact.
    check_finite_differences(lambda t: tf.prod(t, -1), x[[0, 2]], order=1)
    check_finite_differences(lambda t: tf.prod(t, -1), x[[0, 2]], order=2)


# -- shape ops ---------------------------------------------------------------------------------
SHAPE_CASES = [
    ("transpose", lambda x: tf.transpose(x), lambda x: anp.transpose(x), (3, 4)),
    ("transpose perm", lambda x: x.transpose([2, 0, 1]), lambda x: anp.transpose(x, (2, 0, 1)),
     (2, 3, 4)),
    ("reshape", lambda x: tf.reshape(x, [4, -1]), lambda x: anp.reshape(x, (4, -1)), (2, 3, 4)),
    ("flatten", lambda x: x.flatten(), lambda x: anp.ravel(x), (2, 3)),
    ("expand_dims", lambda x: tf.expand_dims(x, -1), lambda x: anp.expand_dims(x, -1), (3, 4)),
    ("squeeze", lambda x: tf.squeeze(x, [0, 2]), lambda x: anp.squeeze(x, (0, 2)), (1, 3, 1, 2)),
    ("slice", lambda x: tf.slice(x, [1, 0, 2], [2, -1, 1]), lambda x: x[1:3, :, 2:3], (4, 3, 4)),
    ("slice short", lambda x: x.slice([1]), lambda x: x[1:], (3, 4)),
    ("slice int", lambda x: x.slice(1, 2), lambda x: x[1:3], (4,)),
    ("pad", lambda x: tf.pad(x, [[1, 0], [2, 3]], 2.5),
     lambda x: anp.pad(x, [(1, 0), (2, 3)], "constant", constant_values=2.5), (3, 4)),
    ("tile", lambda x: tf.tile(x, [2, 1, 3]), lambda x: anp.tile(x, (2, 1, 3)), (2, 3, 1)),
    ("reverse", lambda x: tf.reverse(x), lambda x: x[::-1, ::-1], (3, 4)),
    ("reverse axes", lambda x: x.reverse([0, -1]), lambda x: x[::-1, :, ::-1], (2, 3, 4)),
    ("broadcast_to", lambda x: tf.broadcast_to(x, [2, 3, 4]),
     lambda x: x + anp.zeros((2, 3, 4)), (3, 1)),
    ("broadcast_to scalar", lambda x: x.broadcast_to([2, 2]), lambda x: x + anp.zeros((2, 2)),
     ()),
    ("gather", lambda x: tf.gather(x, [2, 0, 2, 2]), lambda x: x[np.array([2, 0, 2, 2])], (3, 4)),
    ("gather axis 1, 2-d indices", lambda x: x.gather([[1, 1], [0, 3]], 1),
     lambda x: x[:, np.array([[1, 1], [0, 3]])], (2, 4, 3)),
    ("gather scalar index", lambda x: tf.gather(x, 1, -1), lambda x: x[..., 1], (2, 3)),
    ("unstack", lambda x: _weighted(x.unstack(1)), lambda x: _weighted([x[:, i] for i in range(3)]),
     (2, 3, 4)),
    ("split", lambda x: _reorder(tf.split(x, [1, -1, 2], 1)),
     lambda x: _reorder(anp.split(x, [1, 3], 1), anp.concatenate), (2, 5)),
    ("split even", lambda x: _reorder(x.split(2, -1)),
     lambda x: _reorder(anp.split(x, 2, -1), anp.concatenate), (3, 4)),
]


def _weighted(pieces):
    return sum(p * float(i + 1) for i, p in enumerate(pieces))


def _reorder(pieces, concat=None):
    """The pieces joined back in reverse order, each scaled differently."""
    scaled = [p * float(i + 2) for i, p in enumerate(pieces)][::-1]
    if concat is None:
        return tf.concat(scaled, -1)
    return concat(scaled, -1)


@pytest.mark.parametrize("name,mt,ag,shape", SHAPE_CASES, ids=[c[0] for c in SHAPE_CASES])
def test_shape_ops_match_autograd(name, mt, ag, shape):
    check_against_autograd(mt, ag, rand(*shape))


def test_tile_with_zero_reps_has_a_zero_gradient():
    # (autograd's tile cannot differentiate zero repetitions, so this one is by hand.)
    x = tf.tensor(rand(3, 2), dtype="float64")
    assert tf.tile(x, [0, 2]).shape == (0, 4)
    g = tf.grad(lambda t: tf.tile(t, [0, 2]))(x)
    np.testing.assert_array_equal(g.numpy(), np.zeros((3, 2)))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concat_and_stack_match_autograd(axis):
    a, b, c = rand(2, 3), rand(2, 3), rand(2, 3)
    check_against_autograd(lambda *xs: tf.concat(list(xs), axis),
                           lambda *xs: anp.concatenate(xs, axis), a, b, c)
    check_against_autograd(lambda *xs: tf.stack(list(xs), axis),
                           lambda *xs: anp.stack(xs, axis), a, b, c)
    check_against_autograd(lambda x, y: x.concat([y, x], axis),
                           lambda x, y: anp.concatenate([x, y, x], axis), a, b)


def test_concat_of_uneven_pieces_matches_autograd():
    check_against_autograd(lambda *xs: tf.concat(list(xs), 1),
                           lambda *xs: anp.concatenate(xs, 1), rand(2, 1), rand(2, 0), rand(2, 4))
    many = [rand(2) for _ in range(12)]  # more inputs than the initial table of VJPs
    check_against_autograd(lambda *xs: tf.concat(list(xs)), lambda *xs: anp.concatenate(xs),
                           *many)


# -- matmul and dot ----------------------------------------------------------------------------
MATMUL_CASES = [
    ((3, 4), (4, 5)), ((1, 4), (4, 1)), ((2, 1, 3, 4), (5, 4, 2)), ((2, 3, 4), (4, 5)),
    ((3, 4), (2, 4, 5)), ((1, 3, 4), (2, 4, 5)), ((2, 1, 2, 3), (1, 4, 3, 2)),
]


def _t(x, flag):
    return anp.swapaxes(x, -1, -2) if flag else x


@pytest.mark.parametrize("a_shape,b_shape", MATMUL_CASES)
@pytest.mark.parametrize("ta,tb", [(False, False), (True, False), (False, True), (True, True)])
def test_matmul_matches_autograd(a_shape, b_shape, ta, tb):
    a, b = rand(*a_shape), rand(*b_shape)
    a, b = np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b
    check_against_autograd(lambda x, y: tf.matmul(x, y, ta, tb),
                           lambda x, y: anp.matmul(_t(x, ta), _t(y, tb)), a, b)


def test_matmul_operator_matches_autograd():
    check_against_autograd(lambda x, y: x @ y, lambda x, y: anp.matmul(x, y), rand(3, 2),
                           rand(2, 4))


@pytest.mark.parametrize("a_shape,b_shape", [((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 5)),
                                             ((3, 4), (4, 5))])
def test_dot_matches_autograd(a_shape, b_shape):
    check_against_autograd(tf.dot, anp.dot, rand(*a_shape), rand(*b_shape))


# -- second order ------------------------------------------------------------------------------
W = rand(3, 3)

SECOND_ORDER = [
    ("matmul x x^T", lambda x: tf.matmul(x, x, transpose_b=True), (3, 4)),
    ("matmul x^T x^2", lambda x: tf.matmul(x, x * x, transpose_a=True), (3, 3)),
    ("matmul batch broadcast",
     lambda x: tf.matmul(x, tf.sum(x, [0, 1]) * tf.tensor(W, dtype="float64"), True, True),
     (2, 1, 3, 3)),
    ("dot", lambda x: tf.dot(x, tf.dot(x, x)), (3, 3)),
    ("sum", lambda x: tf.sum(x, 1) * tf.sum(x, [0, 1], keep_dims=True), (3, 4)),
    ("mean", lambda x: tf.square(tf.mean(x, 0)) * tf.mean(x), (3, 4)),
    ("max", lambda x: tf.max(x, -1) * tf.max(x, 0, keep_dims=True), (4, 4)),
    ("min", lambda x: tf.square(tf.min(x, [0, 2])), (2, 3, 2)),
    ("prod", lambda x: tf.prod(x, 1), (3, 4)),
    ("gather", lambda x: tf.square(tf.gather(x, [1, 1, 0], 1)), (2, 3)),
    ("slice", lambda x: tf.square(tf.slice(x, [1, 1], [-1, 2])), (3, 4)),
    ("pad and tile", lambda x: tf.square(tf.tile(tf.pad(x, [[1, 0], [0, 1]]), [2, 1])), (2, 2)),
    ("concat", lambda x: tf.square(tf.concat([x, x * x], 1)), (2, 3)),
    ("transpose", lambda x: tf.transpose(x) * x, (3, 3)),
    ("reverse", lambda x: tf.reverse(x, 0) * x, (3, 2)),
]


@pytest.mark.parametrize("name,fn,shape", SECOND_ORDER, ids=[c[0] for c in SECOND_ORDER])
def test_second_order_by_finite_differences(name, fn, shape):
    x = rand(*shape)
    check_finite_differences(fn, x, order=1)
    check_finite_differences(fn, x, order=2)


def test_vjps_nest_to_third_order():
    # d^3/dx^3 of sum(x)^3 is 6 in every direction pair: each VJP is differentiable again.
    def f(x):
        return tf.sum(x) * tf.sum(x) * tf.sum(x)

    x = tf.tensor([0.5, -1.0, 2.0], dtype="float64")
    g3 = tf.grad(lambda t: tf.sum(tf.grad(lambda u: tf.sum(tf.grad(f)(u)))(t)))(x)
    np.testing.assert_allclose(g3.numpy(), [6 * 9] * 3)
