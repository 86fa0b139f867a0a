"""Gradients of the elementwise ops against HIPS autograd (values and VJPs, float64,
rtol 1e-6) on the shape matrix, second derivatives against autograd and central
differences, the tfjs conventions at kinks, and proof that the checker can fail."""

import itertools

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import check_against_autograd, check_finite_differences

import minitf as tf
from minitf.ops._core import primitive

pytestmark = pytest.mark.filterwarnings("ignore:Output seems independent of input")

SHAPES = [(), (4,), (3, 4), (1, 4)]
PAIRS = list(itertools.product(SHAPES, SHAPES)) + [
    ((1, 3, 1, 7, 1), (2, 1, 5, 1, 8)),
    ((3, 1), (1, 4)),
    ((2, 1, 4), (3, 1)),
]
UNARY_SHAPES = SHAPES + [(2, 1, 3)]


# -- inputs kept away from kinks and poles -----------------------------------------------------
def away_from_zero(rng, shape):
    """|x| in [0.3, 2]: no kink of abs/relu/elu at 0, no pole of 1/x."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.3, 2.0, size=shape)


def positive(rng, shape):
    return rng.uniform(0.5, 2.0, size=shape)


def quarter(rng, shape):
    """Integers + 0.25 +- 0.1; paired with `three_quarters`, the two never tie."""
    return rng.integers(-3, 3, size=shape) + 0.25 + rng.uniform(-0.1, 0.1, size=shape)


def three_quarters(rng, shape):
    return rng.integers(-3, 3, size=shape) + 0.75 + rng.uniform(-0.1, 0.1, size=shape)


def mid_integer(rng, shape):
    """k + 0.5 +- 0.2: with a divisor near +-1, a / b stays far from whole numbers."""
    return rng.integers(-3, 3, size=shape) + 0.5 + rng.uniform(-0.2, 0.2, size=shape)


def near_unit(rng, shape):
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.95, 1.05, size=shape)


def small(rng, shape):
    return rng.uniform(-1.2, 1.2, size=shape)


# -- binary ops on all pairs of the shape matrix -----------------------------------------------
BINARY = {
    # name: (minitf, autograd, input a, input b)
    "add": (tf.add, anp.add, small, small),
    "sub": (tf.sub, anp.subtract, small, small),
    "mul": (tf.mul, anp.multiply, small, small),
    "div": (tf.div, anp.divide, small, away_from_zero),
    "pow": (tf.pow, anp.power, positive, small),
    "maximum": (tf.maximum, anp.maximum, quarter, three_quarters),
    "minimum": (tf.minimum, anp.minimum, three_quarters, quarter),
    "mod": (tf.mod, anp.mod, mid_integer, near_unit),
    "floor_div": (tf.floor_div, anp.floor_divide, mid_integer, near_unit),
    "operators": (lambda a, b: (a * b - a / 3) ** 2 + (-b) % 2.5,
                  lambda a, b: (a * b - a / 3) ** 2 + anp.mod(-b, 2.5), small, positive),
}


@pytest.mark.parametrize("shapes", PAIRS, ids=str)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradients_match_autograd(name, shapes):
    mt_fn, ag_fn, make_a, make_b = BINARY[name]
    rng = np.random.default_rng(len(name) * 100 + PAIRS.index(shapes))
    a, b = make_a(rng, shapes[0]), make_b(rng, shapes[1])
    check_against_autograd(mt_fn, ag_fn, a, b)


def ag_where(cond, x, y):
    # autograd's where does not sum its gradient back over broadcast axes, so the
    # oracle broadcasts explicitly first (x + zeros does, with a correct VJP).
    zeros = np.zeros(np.broadcast_shapes(np.shape(cond), np.shape(x), np.shape(y)))
    return anp.where(cond, x + zeros, y + zeros)


@pytest.mark.parametrize("shapes", PAIRS, ids=str)
def test_where_gradients_match_autograd(shapes):
    rng = np.random.default_rng(PAIRS.index(shapes))
    a, b = small(rng, shapes[0]), small(rng, shapes[1])
    cond = rng.random(np.broadcast_shapes(a.shape, b.shape)) < 0.5
    check_against_autograd(lambda x, y: tf.where(cond, x, y),
                           lambda x, y: ag_where(cond, x, y), a, b)


def test_where_condition_broadcasts_too():
    rng = np.random.default_rng(1)
    cond = rng.random((3, 1)) < 0.5
    cond[0, 0], cond[1, 0] = True, False
    check_against_autograd(lambda x, y: tf.where(cond, x, y),
                           lambda x, y: ag_where(cond, x, y), small(rng, (4,)), small(rng, ()))


# -- unary ops on each shape -------------------------------------------------------------------
def ag_sigmoid(x):
    return 1 / (1 + anp.exp(-x))


def ag_softmax(x, axis=-1):
    e = anp.exp(x - anp.max(x, axis=axis, keepdims=True))
    return e / anp.sum(e, axis=axis, keepdims=True)


def ag_log_softmax(x, axis=-1):
    return x - anp.log(anp.sum(anp.exp(x), axis=axis, keepdims=True))


UNARY = {
    "neg": (tf.neg, anp.negative, small),
    "abs": (tf.abs, anp.abs, away_from_zero),
    "square": (tf.square, anp.square, small),
    "sign": (tf.sign, anp.sign, away_from_zero),
    "floor": (tf.floor, anp.floor, mid_integer),
    "ceil": (tf.ceil, anp.ceil, mid_integer),
    "round": (tf.round, anp.round, quarter),
    "sqrt": (tf.sqrt, anp.sqrt, positive),
    "rsqrt": (tf.rsqrt, lambda x: 1 / anp.sqrt(x), positive),
    "exp": (tf.exp, anp.exp, small),
    "log": (tf.log, anp.log, positive),
    "log1p": (tf.log1p, anp.log1p, lambda rng, s: rng.uniform(-0.6, 2.0, size=s)),
    "sin": (tf.sin, anp.sin, small),
    "cos": (tf.cos, anp.cos, small),
    "tan": (tf.tan, anp.tan, small),
    "atan": (tf.atan, anp.arctan, small),
    "tanh": (tf.tanh, anp.tanh, small),
    "sigmoid": (tf.sigmoid, ag_sigmoid, small),
    "relu": (tf.relu, lambda x: anp.maximum(x, 0.0), away_from_zero),
    "leaky_relu": (tf.leaky_relu, lambda x: anp.where(x > 0, x, 0.2 * x), away_from_zero),
    "leaky_relu_0.05": (lambda x: tf.leaky_relu(x, 0.05),
                        lambda x: anp.where(x > 0, x, 0.05 * x), away_from_zero),
    "elu": (tf.elu, lambda x: anp.where(x > 0, x, anp.exp(anp.minimum(x, 0.0)) - 1),
            away_from_zero),
    "softplus": (tf.softplus, lambda x: anp.logaddexp(0.0, x),
                 lambda rng, s: rng.uniform(-4.0, 4.0, size=s)),
    "clip_by_value": (lambda x: tf.clip_by_value(x, -0.5, 0.7),
                      lambda x: anp.clip(x, -0.5, 0.7), quarter),
    "square_chain": (lambda x: x.square().mul(3.0).add(x.sin()),
                     lambda x: anp.square(x) * 3.0 + anp.sin(x), small),
}


@pytest.mark.parametrize("shape", UNARY_SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradients_match_autograd(name, shape):
    mt_fn, ag_fn, make_x = UNARY[name]
    rng = np.random.default_rng(len(name) * 10 + UNARY_SHAPES.index(shape))
    check_against_autograd(mt_fn, ag_fn, make_x(rng, shape))


SOFTMAX_CASES = [((4,), -1), ((3, 4), -1), ((3, 4), 0), ((1, 4), -1), ((2, 1, 3), 1),
                 ((2, 3, 5), 1), ((2, 3, 5), -3)]


@pytest.mark.parametrize("shape,axis", SOFTMAX_CASES, ids=str)
def test_softmax_gradients_match_autograd(shape, axis):
    x = np.random.default_rng(len(shape) + axis).uniform(-3, 3, size=shape)
    check_against_autograd(lambda t: tf.softmax(t, axis), lambda t: ag_softmax(t, axis), x)
    check_against_autograd(lambda t: tf.log_softmax(t, axis), lambda t: ag_log_softmax(t, axis),
                           x)


# -- second order ------------------------------------------------------------------------------
SECOND_ORDER_UNARY = ["sin", "cos", "exp", "log", "sqrt", "rsqrt", "tan", "atan", "tanh",
                      "sigmoid", "softplus", "elu", "square", "log1p", "relu", "abs"]


@pytest.mark.parametrize("name", SECOND_ORDER_UNARY)
def test_second_derivative_matches_autograd(name):
    """grad(f) is itself differentiable: its VJP is the second derivative."""
    mt_fn, ag_fn, make_x = UNARY[name]
    x = make_x(np.random.default_rng(7), (3, 4))
    check_against_autograd(tf.grad(mt_fn), autograd.elementwise_grad(ag_fn), x)


def _with_const(fn, const, position):
    if position == 0:
        return lambda x: fn(x, tf.tensor(const, dtype="float64"))
    return lambda x: fn(tf.tensor(const, dtype="float64"), x)


SECOND_ORDER = {
    # name: (function of one tensor, input)
    "sin": (tf.sin, small),
    "exp": (tf.exp, small),
    "tanh": (tf.tanh, small),
    "sigmoid": (tf.sigmoid, small),
    "softplus": (tf.softplus, small),
    "elu": (tf.elu, away_from_zero),
    "softmax": (tf.softmax, small),
    "softmax_axis0": (lambda x: tf.softmax(x, 0), small),
    "log_softmax": (tf.log_softmax, small),
    "pow_base": (_with_const(tf.pow, np.array([1.5, -0.5, 2.0, 3.0]), 0), positive),
    "pow_exponent": (_with_const(tf.pow, np.array([1.5, 0.7, 2.0, 3.0]), 1), small),
    "div_numerator": (_with_const(tf.div, np.array([1.5, -0.5, 2.0, 3.0]), 0), small),
    "div_denominator": (_with_const(tf.div, np.array([1.5, -0.5, 2.0, 3.0]), 1), away_from_zero),
    "maximum": (_with_const(tf.maximum, np.array([0.5, -0.5, 2.0, -3.0]), 0), quarter),
    "where": (lambda x: tf.where(tf.tensor([True, False, True, False]), tf.sin(x), tf.exp(x)),
              small),
    "atan": (tf.atan, small),
}


# Linear (or piecewise-linear) in x: their first derivative does not depend on x at all,
# so minitf, like tfjs, reports a second derivative as not connected to x.
FIRST_ORDER_ONLY = {"div_numerator", "maximum"}
FD_CASES = [(name, order) for name in sorted(SECOND_ORDER) for order in (1, 2)
            if order == 1 or name not in FIRST_ORDER_ONLY]


@pytest.mark.parametrize("name,order", FD_CASES)
def test_finite_differences(name, order):
    fn, make_x = SECOND_ORDER[name]
    x = make_x(np.random.default_rng(3), (3, 4))
    check_finite_differences(fn, x, order=order)


def test_pow_second_derivatives_against_autograd():
    rng = np.random.default_rng(5)
    a, b = positive(rng, (3, 4)), small(rng, (4,))

    def mt(x, y):
        gx, gy = tf.grads(lambda p, q: tf.pow(p, q))([x, y])
        return gx * 2.0 + tf.sum(gy)

    def ag(x, y):
        gx = autograd.grad(lambda p: anp.sum(anp.power(p, y)))(x)
        gy = autograd.grad(lambda q: anp.sum(anp.power(x, q)))(y)
        return gx * 2.0 + anp.sum(gy)

    check_against_autograd(mt, ag, a, b)


# -- the conventions at kinks (tfjs's choices) -------------------------------------------------
def test_gradients_at_kinks_follow_tfjs():
    x = tf.tensor([0.0, 0.0])
    assert tf.grad(tf.relu)(x).array() == [0.0, 0.0]
    assert tf.grad(tf.abs)(x).array() == [0.0, 0.0]
    assert tf.grad(tf.leaky_relu)(x).array() == pytest.approx([0.2, 0.2])
    assert tf.grad(tf.elu)(x).array() == [1.0, 1.0]
    # ties of maximum and minimum send the whole gradient to a
    a, b = tf.tensor([1.0, 2.0]), tf.tensor([1.0, 3.0])
    ga, gb = tf.grads(tf.maximum)([a, b])
    assert ga.array() == [1.0, 0.0] and gb.array() == [0.0, 1.0]
    ga, gb = tf.grads(tf.minimum)([a, b])
    assert ga.array() == [1.0, 1.0] and gb.array() == [0.0, 0.0]
    # clip_by_value passes the gradient on its closed interval
    g = tf.grad(lambda t: tf.clip_by_value(t, -1, 1))(tf.tensor([-1.0, 1.0, 1.5, -2.0]))
    assert g.array() == [1.0, 1.0, 0.0, 0.0]


def test_pow_gradients_at_zero_are_finite():
    a, b = tf.tensor([0.0, 0.0, 0.0, -2.0]), tf.tensor([0.0, 1.0, 2.0, 2.0])
    ga, gb = tf.grads(tf.pow)([a, b])
    assert ga.array() == [0.0, 1.0, 0.0, -4.0]
    # d(a^b)/db = a^b log(a) is taken as 0 where a <= 0, as tfjs does
    assert gb.array() == [0.0, 0.0, 0.0, 0.0]


def test_gradients_keep_float_dtype_and_shape():
    for dtype in ("float32", "float64"):
        x = tf.tensor(np.ones((2, 1)), dtype=dtype)
        y = tf.tensor(np.ones(3), dtype=dtype)
        for fn in (tf.add, tf.mul, tf.div, tf.pow, tf.maximum, tf.mod):
            gx, gy = tf.grads(fn)([x, y])
            assert (gx.dtype, gx.shape, gy.dtype, gy.shape) == (dtype, (2, 1), dtype, (3,))


def test_integer_operand_gets_no_gradient_but_float_one_does():
    n = tf.tensor(np.array([2, 3], np.int32))
    g = tf.grad(lambda x: tf.mul(x, n))(tf.tensor([1.0, 1.0]))
    assert g.array() == [2.0, 3.0]


def test_backward_pass_leaks_no_tensors():
    x = tf.tensor(np.linspace(0.1, 1.0, 6).reshape(2, 3))
    before = tf.memory().num_tensors
    g = tf.grad(lambda t: tf.log_softmax(tf.sigmoid(t) * tf.exp(t) + t ** 2).sum())(x)
    assert tf.memory().num_tensors == before + 1
    g.dispose()


# -- the checker itself fails on a wrong VJP ---------------------------------------------------
@primitive("TestOnlyWrongSquare")
def _wrong_square(x):
    return np.square(x)


_wrong_square.defvjp(lambda g, ans, x: tf.mul(g, x))  # forgets the factor 2


@primitive("TestOnlyOpaqueSquare")
def _opaque_square(x):
    return np.square(x)


# Right first derivative 2x, but half of it, x + x, is computed in numpy outside the
# tape: an outer gradient sees x + constant, so the second derivative comes out 1, not 2.
_opaque_square.defvjp(
    lambda g, ans, x: tf.mul(g, tf.add(x, tf.tensor(x.numpy(), dtype=x.dtype)))
)


def test_checker_fails_on_a_wrong_vjp():
    x = np.random.default_rng(0).uniform(0.5, 2.0, size=(3, 4))
    with pytest.raises(AssertionError, match="gradient w.r.t. argument 0"):
        check_against_autograd(_wrong_square, anp.square, x)
    with pytest.raises(AssertionError, match="order-1 directional derivative"):
        check_finite_differences(_wrong_square, x, order=1)
    # and on a VJP that is right only to first order
    check_against_autograd(_opaque_square, anp.square, x)
    with pytest.raises(AssertionError, match="order-2 directional derivative"):
        check_finite_differences(_opaque_square, x, order=2)
    with pytest.raises(AssertionError, match="gradient w.r.t. argument 0"):
        check_against_autograd(tf.grad(_opaque_square), autograd.elementwise_grad(anp.square), x)
    # while the real square passes all three
    check_against_autograd(tf.square, anp.square, x)
    check_finite_differences(tf.square, x, order=2)
    check_against_autograd(tf.grad(tf.square), autograd.elementwise_grad(anp.square), x)
