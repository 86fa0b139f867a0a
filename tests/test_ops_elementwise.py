"""Elementwise ops against numpy: values over random shapes and broadcasting pairs,
dtype rules, the three ways to call an op, and the errors bad input gets."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitf as tf
from minitf.errors import DTypeError, ShapeError

FAST = settings(max_examples=40, deadline=None)
RTOL = 1e-6

shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4)
broadcast_pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4,
                                                    max_side=4)


def floats32(shape, lo=-10.0, hi=10.0):
    lo, hi = float(np.float32(lo)), float(np.float32(hi))  # hypothesis wants exact float32 bounds
    return hnp.arrays(np.float32, shape, elements=st.floats(lo, hi, width=32))


def check(t, want, rtol=RTOL, atol=0.0):
    """t (a Tensor) has want's shape, dtype and values (NaN matching NaN)."""
    want = np.asarray(want)
    assert isinstance(t, tf.Tensor)
    assert t.shape == want.shape, f"shape {t.shape} != {want.shape}"
    assert t.dtype == str(want.dtype), f"dtype {t.dtype} != {want.dtype}"
    if want.dtype.kind in "biu":
        np.testing.assert_array_equal(t.numpy(), want)
    else:
        np.testing.assert_allclose(t.numpy(), want, rtol=rtol, atol=atol, equal_nan=True)


# -- binary arithmetic in float32, broadcasting both sides ---------------------------------------
def _nonzero(b):
    return np.where(np.abs(b) < 0.5, np.float32(1.5), b).astype(np.float32)


BINARY = {
    # name: (numpy reference, how to make b valid)
    "add": (np.add, None),
    "sub": (np.subtract, None),
    "mul": (np.multiply, None),
    "div": (np.divide, _nonzero),
    "floor_div": (np.floor_divide, _nonzero),
    "mod": (np.mod, _nonzero),
    "maximum": (np.maximum, None),
    "minimum": (np.minimum, None),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@FAST
@given(data=st.data(), shapes=broadcast_pairs)
def test_binary_float32_matches_numpy(name, data, shapes):
    ref, fix_b = BINARY[name]
    sa, sb = shapes.input_shapes
    a = data.draw(floats32(sa))
    b = data.draw(floats32(sb))
    if fix_b:
        b = fix_b(b)
    got = getattr(tf, name)(tf.tensor(a), tf.tensor(b))
    check(got, ref(a, b))


@FAST
@given(data=st.data(), shapes=broadcast_pairs)
def test_pow_float32_matches_numpy(data, shapes):
    sa, sb = shapes.input_shapes
    a = data.draw(floats32(sa, 0.1, 4.0))
    b = data.draw(floats32(sb, -3.0, 3.0))
    check(tf.pow(tf.tensor(a), tf.tensor(b)), np.power(a, b))


INT_BINARY = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.floor_divide,  # int32 / int32 floors, as in tfjs
    "floor_div": np.floor_divide,
    "mod": np.mod,
    "maximum": np.maximum,
    "minimum": np.minimum,
}


@pytest.mark.parametrize("name", sorted(INT_BINARY))
@FAST
@given(data=st.data(), shapes=broadcast_pairs)
def test_binary_int32_stays_int32(name, data, shapes):
    sa, sb = shapes.input_shapes
    a = data.draw(hnp.arrays(np.int32, sa, elements=st.integers(-50, 50)))
    b = data.draw(hnp.arrays(np.int32, sb, elements=st.integers(-50, 50).filter(bool)))
    got = getattr(tf, name)(tf.tensor(a), tf.tensor(b))
    check(got, INT_BINARY[name](a, b))


def ints(*values):
    return tf.tensor(np.array(values, np.int32))


def test_int_pow_and_floor_semantics():
    check(tf.pow(ints(2, -3, 5), ints(3, 2, 0)), np.array([8, 9, 1], np.int32))
    check(tf.div(ints(7, -7, 7), ints(2, 2, -2)), np.array([3, -4, -4], np.int32))
    # mod takes the sign of the divisor, like Python's %
    check(tf.mod(tf.tensor([-7.0, 7.0, 5.5]), tf.tensor([3.0, -3.0, 2.0])),
          np.array([2.0, -2.0, 1.5], np.float32))


# -- comparisons and logic ---------------------------------------------------------------------
COMPARE = {
    "equal": np.equal,
    "not_equal": np.not_equal,
    "greater": np.greater,
    "greater_equal": np.greater_equal,
    "less": np.less,
    "less_equal": np.less_equal,
}
few_values = st.sampled_from([-1.5, 0.0, 1.0, 2.0])  # small pool, so ties are common


@pytest.mark.parametrize("name", sorted(COMPARE))
@FAST
@given(data=st.data(), shapes=broadcast_pairs)
def test_comparisons_match_numpy(name, data, shapes):
    sa, sb = shapes.input_shapes
    a = data.draw(hnp.arrays(np.float32, sa, elements=few_values))
    b = data.draw(hnp.arrays(np.float32, sb, elements=few_values))
    check(getattr(tf, name)(tf.tensor(a), tf.tensor(b)), COMPARE[name](a, b))


@pytest.mark.parametrize("name", ["logical_and", "logical_or"])
@FAST
@given(data=st.data(), shapes=broadcast_pairs)
def test_logical_binary_matches_numpy(name, data, shapes):
    sa, sb = shapes.input_shapes
    a = data.draw(hnp.arrays(np.bool_, sa))
    b = data.draw(hnp.arrays(np.bool_, sb))
    check(getattr(tf, name)(tf.tensor(a), tf.tensor(b)), getattr(np, name)(a, b))


@FAST
@given(x=hnp.arrays(np.bool_, shapes))
def test_logical_not_matches_numpy(x):
    check(tf.logical_not(tf.tensor(x)), np.logical_not(x))


@FAST
@given(data=st.data(),
       shapes=hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=4, max_side=4))
def test_where_broadcasts_all_three(data, shapes):
    sc, sa, sb = shapes.input_shapes
    c = data.draw(hnp.arrays(np.bool_, sc))
    a = data.draw(floats32(sa))
    b = data.draw(floats32(sb))
    check(tf.where(tf.tensor(c), tf.tensor(a), tf.tensor(b)), np.where(c, a, b))


def test_comparisons_upcast_operands_first():
    ints = tf.tensor(np.array([0, 1, 2], np.int32))
    check(tf.less(ints, 0.5), np.array([True, False, False]))
    check(tf.greater(ints, tf.tensor([0.5, 1.0, 1.5])), np.array([False, False, True]))
    check(tf.equal(tf.tensor([True, False]), tf.tensor([True, True])), np.array([True, False]))
    # A Python float is weakly typed: it is compared as float32, like the tensor.
    check(tf.equal(tf.tensor([0.1, 0.2]), 0.1), np.array([True, False]))
    # float32 against float64 happens in float64, where 0.1f != 0.1.
    check(tf.equal(tf.tensor([0.1]), tf.tensor([0.1], dtype="float64")), np.array([False]))


# -- unary math ----------------------------------------------------------------------------------
UNARY = {
    # name: (numpy reference in float32, lowest input, highest input)
    "neg": (np.negative, -10, 10),
    "abs": (np.abs, -10, 10),
    "square": (np.square, -10, 10),
    "sign": (np.sign, -10, 10),
    "floor": (np.floor, -10, 10),
    "ceil": (np.ceil, -10, 10),
    "round": (np.round, -10, 10),
    "sqrt": (np.sqrt, 0, 100),
    "rsqrt": (lambda x: np.float32(1) / np.sqrt(x), 0.01, 100),
    "exp": (np.exp, -20, 20),
    "log": (np.log, 0.001, 100),
    "log1p": (np.log1p, -0.999, 100),
    "sin": (np.sin, -10, 10),
    "cos": (np.cos, -10, 10),
    "tan": (np.tan, -1.5, 1.5),
    "atan": (np.arctan, -10, 10),
    "tanh": (np.tanh, -10, 10),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@FAST
@given(data=st.data(), shape=shapes)
def test_unary_float32_matches_numpy(name, data, shape):
    ref, lo, hi = UNARY[name]
    x = data.draw(floats32(shape, lo, hi))
    got = getattr(tf, name)(tf.tensor(x))
    check(got, np.asarray(ref(x)).astype(np.float32))


def test_round_is_half_to_even():
    check(tf.round(tf.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 0.4999])),
          np.array([0.0, 2.0, 2.0, -0.0, -2.0, 0.0], np.float32))


@FAST
@given(x=floats32(shapes), lo=st.floats(-5, 0, width=32), hi=st.floats(0, 5, width=32))
def test_clip_by_value_matches_numpy(x, lo, hi):
    check(tf.clip_by_value(tf.tensor(x), lo, hi), np.clip(x, np.float32(lo), np.float32(hi)))


def test_clip_by_value_int_and_huge_bounds():
    ints = tf.tensor(np.array([-5, 0, 5], np.int32))
    check(tf.clip_by_value(ints, -2, 3.0), np.array([-2, 0, 3], np.int32))
    check(tf.clip_by_value(ints, -1e20, 1e20), np.array([-5, 0, 5], np.int32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check(tf.clip_by_value(tf.tensor([-1.0, 2.0]), -1e300, 1.0),
              np.array([-1.0, 1.0], np.float32))


def test_domain_errors_give_nan_and_inf_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check(tf.sqrt(tf.tensor([-1.0, 4.0])), np.array([np.nan, 2.0], np.float32))
        check(tf.rsqrt(tf.tensor([0.0, -1.0])), np.array([np.inf, np.nan], np.float32))
        check(tf.log(tf.tensor([0.0, -1.0])), np.array([-np.inf, np.nan], np.float32))
        check(tf.log1p(tf.tensor([-1.0, -2.0])), np.array([-np.inf, np.nan], np.float32))
        check(tf.exp(tf.tensor([1000.0])), np.array([np.inf], np.float32))
        check(tf.div(tf.tensor([1.0, 0.0]), 0.0), np.array([np.inf, np.nan], np.float32))
        check(tf.square(tf.tensor([1e30])), np.array([np.inf], np.float32))


def test_trig_of_infinity_is_nan_with_numpys_warning():
    for name in ("sin", "cos", "tan"):
        with pytest.warns(RuntimeWarning, match="invalid value"):
            out = getattr(tf, name)(tf.tensor([np.inf]))
        check(out, np.array([np.nan], np.float32))


# -- activations -------------------------------------------------------------------------------
def _np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _np_softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


ACTIVATIONS = {
    "relu": lambda x: np.maximum(x, 0),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "elu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "sigmoid": _np_sigmoid,
    "softmax": lambda x: _np_softmax(x, -1),
    "log_softmax": lambda x: np.log(_np_softmax(x, -1)),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@FAST
@given(data=st.data(), shape=shapes)
def test_activations_match_float64_numpy(name, data, shape):
    if name in ("softmax", "log_softmax") and shape == ():
        shape = (3,)
    x = data.draw(floats32(shape, -15, 15))
    want = ACTIVATIONS[name](x.astype(np.float64)).astype(np.float32)
    # log_softmax near 0 is log(1 + tiny), which float32 knows only to about 1e-7 absolute
    atol = 1e-6 if name == "log_softmax" else 1e-7
    check(getattr(tf, name)(tf.tensor(x)), want, rtol=2e-6, atol=atol)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@FAST
@given(data=st.data(), shape=hnp.array_shapes(min_dims=1, max_dims=4, max_side=4))
def test_softmax_along_any_axis(name, data, shape):
    x = data.draw(floats32(shape, -15, 15))
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    want = _np_softmax(x.astype(np.float64), axis)
    if name == "log_softmax":
        want = np.log(want)
        got = tf.log_softmax(tf.tensor(x), axis)
    else:
        got = tf.softmax(tf.tensor(x), dim=axis)
    check(got, want.astype(np.float32), rtol=2e-6, atol=1e-6)


def test_activations_are_stable_for_large_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = tf.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0])
        check(tf.sigmoid(x), np.array([0.0, _np_sigmoid(-50.0), 0.5, 1.0, 1.0], np.float32))
        check(tf.softplus(x), np.array([0.0, np.exp(-50.0), np.log(2.0), 50.0, 1000.0],
                                       np.float32))
        check(tf.elu(x), np.array([-1.0, -1.0, 0.0, 50.0, 1000.0], np.float32))
        check(tf.softmax(tf.tensor([1000.0, 0.0, 1000.0])), np.array([0.5, 0.0, 0.5], np.float32))
        check(tf.log_softmax(tf.tensor([1000.0, 0.0])), np.array([0.0, -1000.0], np.float32))
        # -inf logits (a mask) get probability 0
        check(tf.softmax(tf.tensor([-np.inf, 0.0])), np.array([0.0, 1.0], np.float32))


def test_activation_options_and_dtypes():
    check(tf.leaky_relu(tf.tensor([-2.0, 3.0]), 0.5), np.array([-1.0, 3.0], np.float32))
    check(tf.leaky_relu(tf.tensor([-2.0, 3.0]), alpha=0.1), np.array([-0.2, 3.0], np.float32))
    ints = tf.tensor(np.array([-2, 3], np.int32))
    check(tf.relu(ints), np.array([0, 3], np.int32))
    check(tf.relu(tf.tensor([True, False])), np.array([1, 0], np.int32))
    check(tf.sigmoid(ints), _np_sigmoid(np.array([-2.0, 3.0])).astype(np.float32))
    check(tf.softmax(tf.tensor([[1.0, 1.0]]), 0), np.array([[1.0, 1.0]], np.float32))
    check(tf.elu(tf.tensor([1.0], dtype="float64")), np.array([1.0]))


# -- dtype rules ---------------------------------------------------------------------------------
def test_dtype_rules():
    i = tf.tensor(np.array([1, 2], np.int32))
    f = tf.tensor([1.0, 2.0])
    d = tf.tensor([1.0, 2.0], dtype="float64")
    bools = tf.tensor([True, False])
    assert tf.add(i, i).dtype == "int32"
    assert tf.add(i, 1).dtype == "int32"
    assert tf.add(i, 0.5).dtype == "float32"
    assert tf.mul(2.5, i).dtype == "float32"
    assert tf.add(i, f).dtype == "float32"
    assert tf.add(f, d).dtype == "float64"
    assert tf.mul(f, 2).dtype == "float32"
    assert tf.mul(d, 2.0).dtype == "float64"
    for name in ("add", "sub", "mul", "maximum", "minimum"):
        assert getattr(tf, name)(bools, bools).dtype == "int32", name
    for name in ("neg", "abs", "square", "sign", "floor"):
        assert getattr(tf, name)(bools).dtype == "int32", name
    assert tf.abs(i).dtype == tf.square(i).dtype == tf.floor(i).dtype == "int32"
    for name in ("sqrt", "exp", "log", "sin", "tanh", "sigmoid", "softplus"):
        assert getattr(tf, name)(i).dtype == "float32", name
        assert getattr(tf, name)(bools).dtype == "float32", name
        assert getattr(tf, name)(d).dtype == "float64", name
    for name in COMPARE:
        assert getattr(tf, name)(i, f).dtype == "bool", name
        assert getattr(tf, name)(f, 1).dtype == "bool", name
    assert tf.where(tf.tensor([True, False]), i, 0.5).dtype == "float32"
    assert tf.where(tf.tensor([True, False]), i, 5).dtype == "int32"


def test_rounding_an_int_tensor_returns_a_new_tensor():
    i = tf.tensor(np.array([1, 2], np.int32))
    y = tf.floor(i)
    assert y is not i
    y.dispose()
    assert i.array() == [1, 2]


# -- functional, chaining and Python operators agree ---------------------------------------------
A = np.array([[1.5, -2.0, 3.0], [0.5, 4.0, -1.0]], np.float32)
B = np.array([2.0, -2.0, 0.5], np.float32)


def _same(x, y):
    assert x.dtype == y.dtype and x.shape == y.shape
    np.testing.assert_array_equal(x.numpy(), y.numpy())


@pytest.mark.parametrize("name", sorted(BINARY) + ["pow"] + sorted(COMPARE))
def test_chaining_method_equals_functional(name):
    a, b = tf.tensor(A), tf.tensor(B)
    _same(getattr(a, name)(b), getattr(tf, name)(a, b))


@pytest.mark.parametrize("name", sorted(UNARY) + sorted(ACTIVATIONS))
def test_unary_chaining_method_equals_functional(name):
    a = tf.tensor(np.abs(A) + 0.5)
    _same(getattr(a, name)(), getattr(tf, name)(a))


def test_where_method_takes_the_true_branch_first_as_in_tfjs():
    cond = tf.tensor([True, False, True])
    a, b = tf.tensor([1.0, 2.0, 3.0]), tf.tensor([-1.0, -2.0, -3.0])
    _same(a.where(cond, b), tf.where(cond, a, b))
    assert a.where(cond, 0.0).array() == [1.0, 0.0, 3.0]


def test_python_operators_equal_functional_ops():
    a, b = tf.tensor(A), tf.tensor(B)
    _same(a + b, tf.add(a, b))
    _same(a - b, tf.sub(a, b))
    _same(2 - a, tf.sub(2, a))
    _same(a * 3, tf.mul(a, 3))
    _same(3 * a, tf.mul(3, a))
    _same(a / b, tf.div(a, b))
    _same(1 / a, tf.div(1, a))
    _same(a // b, tf.floor_div(a, b))
    _same(a % b, tf.mod(a, b))
    _same(7 % b, tf.mod(7, b))
    _same(abs(a) ** b, tf.pow(tf.abs(a), b))
    _same(2 ** a, tf.pow(2, a))
    _same(-a, tf.neg(a))
    _same(abs(a), tf.abs(a))
    _same(a < b, tf.less(a, b))
    _same(a <= b, tf.less_equal(a, b))
    _same(a > b, tf.greater(a, b))
    _same(a >= b, tf.greater_equal(a, b))
    _same(a == b, tf.equal(a, b))
    _same(a != b, tf.not_equal(a, b))
    _same(a == 3.0, tf.equal(a, 3.0))
    # numpy arrays on the left hand over to the tensor's reflected operator
    _same(B + a, tf.add(B, a))
    _same(A < b, tf.less(A, b))
    assert (a == 3.0).array() == [[False, False, True], [False, False, False]]


# -- errors ----------------------------------------------------------------------------------------
BROADCAST_MSG = "Operands could not be broadcast together with shapes [2,3] and [4]."


@pytest.mark.parametrize(
    "name",
    sorted(BINARY) + ["pow"] + sorted(COMPARE) + ["logical_and", "logical_or"],
)
def test_broadcast_error_names_op_and_shapes(name):
    dtype = "bool" if name.startswith("logical") else "float32"
    a = tf.tensor(np.ones((2, 3)), dtype=dtype)
    b = tf.tensor(np.ones(4), dtype=dtype)
    with pytest.raises(ShapeError) as e:
        getattr(tf, name)(a, b)
    assert BROADCAST_MSG in str(e.value)
    assert name in str(e.value)
    assert isinstance(e.value, ValueError)


def test_where_shape_errors():
    with pytest.raises(ShapeError, match=r"where: .*\[2,3\] and \[4\]"):
        tf.where(tf.tensor([[True] * 3] * 2), tf.tensor(np.ones(4)), 1.0)
    with pytest.raises(ShapeError, match=r"where: .*\[5\] and \[2,3\]"):
        tf.where(tf.tensor([True] * 5), tf.tensor(np.ones((2, 3))), 1.0)


@pytest.mark.parametrize("name", ["div", "floor_div", "mod"])
def test_int_division_by_zero_raises(name):
    a = tf.tensor(np.array([1, 2], np.int32))
    b = tf.tensor(np.array([1, 0], np.int32))
    with pytest.raises(ZeroDivisionError, match=f"{name}: integer division by zero"):
        getattr(tf, name)(a, b)
    with pytest.raises(ValueError):  # also catchable as a ValueError, like every minitf error
        getattr(tf, name)(a, 0)
    # in floats, it is Infinity (no error), as in tfjs
    assert getattr(tf, name)(tf.tensor([1.0]), 0.0).dtype == "float32"


def test_int_to_negative_power_raises():
    with pytest.raises(ValueError, match="pow: integers to negative integer powers"):
        tf.pow(tf.tensor(np.array([2], np.int32)), tf.tensor(np.array([-1], np.int32)))
    check(tf.pow(tf.tensor(np.array([2], np.int32)), -1.0), np.array([0.5], np.float32))


@pytest.mark.parametrize("name", ["logical_and", "logical_or"])
def test_logical_ops_refuse_non_bool(name):
    with pytest.raises(DTypeError, match=f"{name}: argument 'a' must be a bool tensor, but got "
                                         "a float32 tensor"):
        getattr(tf, name)(tf.tensor([1.0, 0.0]), tf.tensor([True, False]))
    with pytest.raises(DTypeError, match="argument 'b' must be a bool tensor, but got a int32"):
        getattr(tf, name)(tf.tensor([True]), tf.tensor(np.array([1], np.int32)))
    with pytest.raises(TypeError):
        getattr(tf, name)([True], [1.0])
    check(getattr(tf, name)([True, False], True), getattr(np, name)([True, False], True))


def test_logical_not_and_where_refuse_non_bool():
    with pytest.raises(DTypeError, match="logical_not: argument 'x' must be a bool tensor"):
        tf.logical_not(tf.tensor([1.0]))
    with pytest.raises(DTypeError, match="where: argument 'condition' must be a bool tensor, "
                                         "but got a float32 tensor"):
        tf.where(tf.tensor([1.0, 0.0]), tf.tensor([1.0, 2.0]), tf.tensor([3.0, 4.0]))
    with pytest.raises(DTypeError, match="where: .*int32"):
        tf.where(tf.tensor(np.array([1, 0], np.int32)), 1.0, 2.0)


def test_activation_and_clip_argument_errors():
    with pytest.raises(ShapeError, match="softmax: the logits are a scalar"):
        tf.softmax(tf.tensor(1.0))
    with pytest.raises(ShapeError, match="log_softmax: axis 2 is out of range"):
        tf.log_softmax(tf.tensor([[1.0, 2.0]]), 2)
    with pytest.raises(TypeError, match="softmax: dim must be one int axis"):
        tf.softmax(tf.tensor([[1.0, 2.0]]), [0, 1])
    with pytest.raises(TypeError, match="leaky_relu: alpha must be a number"):
        tf.leaky_relu(tf.tensor([1.0]), "0.2")
    with pytest.raises(ValueError, match=r"clip_by_value: clip_value_min \(2\) must be <= "):
        tf.clip_by_value(tf.tensor([1.0]), 2, 1)
    with pytest.raises(DTypeError, match="clip_by_value: an int32 tensor needs whole-number"):
        tf.clip_by_value(tf.tensor(np.array([1], np.int32)), 0.5, 2)
    with pytest.raises(ValueError, match="clip_value_max is NaN"):
        tf.clip_by_value(tf.tensor([1.0]), 0, math.nan)
    with pytest.raises(TypeError, match="clip_value_min must be a number"):
        tf.clip_by_value(tf.tensor([1.0]), None, 1)
