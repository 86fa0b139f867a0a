"""Creation: tensor() inference, tensorNd, fills, eye, range, linspace, random, one_hot, buffer."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitf as tf
from minitf.errors import DTypeError, ShapeError

shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)
dtypes = st.sampled_from(["float32", "int32", "bool", "float64"])
NP = {"float32": np.float32, "int32": np.int32, "bool": np.bool_, "float64": np.float64}


def same(t, expected, dtype):
    """t has exactly these values, this shape and this dtype."""
    expected = np.asarray(expected)
    assert t.dtype == dtype
    assert t.shape == expected.shape
    np.testing.assert_array_equal(t.numpy(), expected)


# -- tensor(): tfjs's dtype inference ------------------------------------------------------
def test_python_numbers_become_float32_like_javascript_numbers():
    same(tf.tensor([-4, -2, 0, 2, 4]), [-4, -2, 0, 2, 4], "float32")
    same(tf.tensor(3), 3, "float32")
    same(tf.tensor([[1.5, 2], [3, 4]]), [[1.5, 2], [3, 4]], "float32")


def test_bools_numpy_ints_and_numpy_floats():
    same(tf.tensor([True, False]), [True, False], "bool")
    same(tf.tensor(np.array([True])), [True], "bool")
    same(tf.tensor(np.arange(3)), [0, 1, 2], "int32")  # int64 array -> int32
    same(tf.tensor(np.uint8([7])), [7], "int32")
    same(tf.tensor(np.int64(5)), 5, "int32")
    same(tf.tensor(np.array([0.5, 1.0])), [0.5, 1.0], "float32")  # float64 -> float32
    same(tf.tensor(np.array([0.1]), dtype="float64"), [0.1], "float64")
    same(tf.tensor([1, 2], dtype="int32"), [1, 2], "int32")


def test_tensor_copies_its_input():
    a = np.array([1.0, 2.0], dtype=np.float32)
    t = tf.tensor(a)
    a[0] = 99
    assert t.array_sync() == [1.0, 2.0]


def test_tensor_with_shape_and_size_mismatch():
    same(tf.tensor([1, 2, 3, 4], [2, 2]), [[1, 2], [3, 4]], "float32")
    with pytest.raises(ShapeError, match=r"shape \[2,2\].*4 values but has 3"):
        tf.tensor([1, 2, 3], [2, 2])


@pytest.mark.parametrize(
    "values, where",
    [
        ([[1, 2], [3]], r"values\[1\] has 1 entries but values\[0\] has 2"),
        ([[1, 2], 3], r"values\[1\] is 3 but its siblings are lists"),
        ([[[1], [2]], [[3], [4, 5]]], r"values\[1\]\[1\] has 2 entries"),
    ],
)
def test_ragged_lists_say_where(values, where):
    with pytest.raises(ShapeError, match=where):
        tf.tensor(values)


def test_bad_values_and_unknown_dtype():
    with pytest.raises(TypeError, match="numbers or bools.*'a'"):
        tf.tensor(["a"])
    with pytest.raises(DTypeError, match="unknown dtype 'int64'.*'float32', 'int32'"):
        tf.tensor([1], dtype="int64")
    with pytest.raises(DTypeError, match="unknown dtype 'complex64'"):
        tf.zeros([2], "complex64")
    with pytest.raises(ValueError, match="NaN or Infinity"):
        tf.tensor([float("nan")], dtype="int32")


# -- scalar and tensor1d..tensor4d ---------------------------------------------------------
def test_scalar():
    same(tf.scalar(3), 3, "float32")
    same(tf.scalar(True), True, "bool")
    same(tf.scalar(2.9, "int32"), 2, "int32")  # truncates, as an Int32Array does
    same(tf.scalar(np.float64(0.5)), 0.5, "float32")
    with pytest.raises(TypeError, match="scalar: value must be a single number"):
        tf.scalar([1, 2])


def test_tensor1d_to_4d_from_nested_values():
    same(tf.tensor1d([1, 2]), [1, 2], "float32")
    same(tf.tensor1d([1, 2], "int32"), [1, 2], "int32")
    same(tf.tensor2d([[1, 2], [3, 4]]), [[1, 2], [3, 4]], "float32")
    same(tf.tensor3d([[[1], [2]]], dtype="bool"), [[[True], [True]]], "bool")
    same(tf.tensor4d(np.zeros((1, 2, 3, 4))), np.zeros((1, 2, 3, 4)), "float32")


def test_tensor_nd_from_flat_values_and_shape():
    same(tf.tensor2d([1, 2, 3, 4], [2, 2]), [[1, 2], [3, 4]], "float32")
    same(tf.tensor3d([1, 2, 3, 4], [1, 2, 2], "int32"), [[[1, 2], [3, 4]]], "int32")
    same(tf.tensor4d(list(range(16)), [2, 2, 2, 2]), np.arange(16).reshape(2, 2, 2, 2),
         "float32")


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: tf.tensor1d([[1]]), r"tensor1d: needs a flat list.*rank 2"),
        (lambda: tf.tensor1d(5), r"tensor1d: needs a flat list.*rank 0"),
        (lambda: tf.tensor2d([1, 2, 3, 4]), r"tensor2d: flat values need a shape"),
        (lambda: tf.tensor2d([[1, 2], [3, 4]], [1, 4]), r"values have shape \[2,2\].*\[1,4\]"),
        (lambda: tf.tensor2d([1, 2, 3], [2, 2]), r"shape \[2,2\] needs 4 values but 3"),
        (lambda: tf.tensor2d([1, 2], [2]), r"shape \[2\] has 1 axes; tensor2d needs exactly 2"),
        (lambda: tf.tensor3d([[1, 2], [3, 4]]), r"tensor3d: needs rank-3.*rank 2"),
        (lambda: tf.tensor4d([[[1]]], [1, 1, 1, 1]), r"tensor4d: needs rank-4.*rank 3"),
    ],
)
def test_tensor_nd_errors(make, message):
    with pytest.raises(ShapeError, match=message):
        make()


# -- fills -----------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(shapes, dtypes)
def test_zeros_ones_fill_like(shape, dtype):
    same(tf.zeros(shape, dtype), np.zeros(shape, NP[dtype]), dtype)
    same(tf.ones(list(shape), dtype), np.ones(shape, NP[dtype]), dtype)
    x = tf.ones(shape, dtype)
    same(tf.zeros_like(x), np.zeros(shape, NP[dtype]), dtype)
    same(x.ones_like(), np.ones(shape, NP[dtype]), dtype)
    value = True if dtype == "bool" else 3
    same(tf.fill(shape, value, dtype), np.full(shape, value, NP[dtype]), dtype)


def test_defaults_and_fill_inference():
    same(tf.zeros([2]), [0, 0], "float32")
    same(tf.ones(3), [1, 1, 1], "float32")
    same(tf.fill([2], 7), [7, 7], "float32")
    same(tf.fill([2], True), [True, True], "bool")
    same(tf.fill([2], 2.7, "int32"), [2, 2], "int32")
    same(tf.zeros_like([[1, 2]]), [[0, 0]], "float32")
    with pytest.raises(ValueError, match="NaN or Infinity"):
        tf.fill([2], float("nan"), "int32")
    with pytest.raises(TypeError, match="fill: value must be a single number"):
        tf.fill([2], [1, 2])


@pytest.mark.parametrize("bad", [[2, -1], [2.5], "ab", [True]])
def test_bad_shapes(bad):
    with pytest.raises((ShapeError, TypeError), match="zeros: shape"):
        tf.zeros(bad)


def test_eye():
    same(tf.eye(3), np.eye(3), "float32")
    same(tf.eye(2, 3), np.eye(2, 3), "float32")
    same(tf.eye(3, 2, dtype="int32"), np.eye(3, 2), "int32")
    same(tf.eye(2, batch_shape=[2, 3]), np.broadcast_to(np.eye(2), (2, 3, 2, 2)), "float32")
    same(tf.eye(0), np.zeros((0, 0)), "float32")
    with pytest.raises(ValueError, match="num_rows must be at least 0"):
        tf.eye(-1)
    with pytest.raises(TypeError, match="num_columns must be an integer"):
        tf.eye(2, 2.5)


# -- range and linspace --------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, expected",
    [
        ((0, 5), [0, 1, 2, 3, 4]),
        ((5, 0), [5, 4, 3, 2, 1]),  # tfjs turns the default step 1 into -1
        ((0, 5, 2), [0, 2, 4]),
        ((0, -5, -2), [0, -2, -4]),
        ((0, 1, 0.25), [0, 0.25, 0.5, 0.75]),
        ((0, 5, -1), []),
        ((5, 0, 2), []),
        ((5, 0, 0.5), []),  # tfjs would count up from 5 here: a bug we do not copy
        ((3, 3), []),
    ],
)
def test_range(args, expected):
    same(tf.range(*args), np.array(expected, dtype=np.float32), "float32")


def test_range_dtypes_and_errors():
    same(tf.range(0, 5, 2, "int32"), [0, 2, 4], "int32")
    same(tf.range(0, 4.5, 2, "int32"), [0, 2, 4], "int32")
    same(tf.range(0, 0.3, 0.1, "float64"), np.arange(3) * 0.1, "float64")
    with pytest.raises(ValueError, match="step must not be zero"):
        tf.range(0, 5, 0)
    with pytest.raises(ValueError, match="int32 range needs whole-number start and step"):
        tf.range(0, 5, 1.5, "int32")
    with pytest.raises(DTypeError, match="not 'bool'"):
        tf.range(0, 5, 1, "bool")
    with pytest.raises(TypeError, match="start must be a number"):
        tf.range([0], 5)


@settings(max_examples=50, deadline=None)
@given(st.integers(-30, 30), st.integers(-30, 30), st.integers(-7, 7).filter(bool))
def test_range_matches_numpy_arange(start, stop, step):
    if stop < start and step == 1:
        step = -1  # tfjs's one special case
    same(tf.range(start, stop, step, "int32"), np.arange(start, stop, step), "int32")
    same(tf.range(start, stop, step), np.arange(start, stop, step, dtype=np.float32),
         "float32")


def test_linspace():
    same(tf.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], "float32")
    same(tf.linspace(2, -2, 3), [2, 0, -2], "float32")
    same(tf.linspace(7, 9, 1), [7], "float32")
    assert tf.linspace(0, 1, 1000).numpy()[-1] == 1
    with pytest.raises(ValueError, match="num must be at least 1"):
        tf.linspace(0, 1, 0)


# -- random ops ------------------------------------------------------------------------------
RANDOM = [tf.random_uniform, tf.random_normal, tf.truncated_normal]


@pytest.mark.parametrize("fn", RANDOM)
def test_same_seed_same_values_and_independent_of_global(fn):
    a = fn([50], seed=7).numpy()
    tf.set_seed(1)
    b = fn([50], seed=7).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, fn([50], seed=8).numpy())


@pytest.mark.parametrize("fn", RANDOM)
def test_set_seed_makes_unseeded_calls_reproducible(fn):
    tf.set_seed(123)
    first = [fn([4, 5]).numpy(), fn([3]).numpy(), tf.random_uniform([2], 0, 9, "int32").numpy()]
    tf.set_seed(123)
    again = [fn([4, 5]).numpy(), fn([3]).numpy(), tf.random_uniform([2], 0, 9, "int32").numpy()]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], fn([4, 5]).numpy())  # the stream moves on


@pytest.mark.parametrize("fn", RANDOM)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_random_shape_and_dtype(fn, dtype):
    t = fn([2, 3, 0]) if dtype == "float32" else fn((4, 3), dtype=dtype)
    assert t.dtype == dtype
    assert t.shape == ((2, 3, 0) if dtype == "float32" else (4, 3))
    assert fn([]).shape == ()


def test_scalar_draws_including_redrawn_truncated_ones():
    draws = [tf.truncated_normal([], seed=s).item() for s in range(200)]
    assert max(abs(d) for d in draws) <= 2
    assert all(tf.random_uniform([], seed=s).shape == () for s in range(5))


def test_random_uniform_statistics_and_bounds():
    x = tf.random_uniform([200_000], -2, 6, seed=0).numpy()
    assert x.min() >= -2 and x.max() < 6
    assert abs(x.mean() - 2) < 0.03
    assert abs(x.std() - 8 / math.sqrt(12)) < 0.02
    # The book's exercise 2: sums over [2,4,5] of U[0,1) are about 20 / 2 = 10.
    sums = tf.sum(tf.random_uniform([2, 4, 5], seed=1), [1, 2])
    assert sums.shape == (2,)
    assert np.all(np.abs(sums.numpy() - 10) < 5)


def test_random_uniform_never_reaches_maxval_in_float32():
    x = tf.random_uniform([100_000], 0, 1e-30, seed=3).numpy()
    assert x.dtype == np.float32 and x.max() < np.float32(1e-30)
    same(tf.random_uniform([3], 5, 5), [5, 5, 5], "float32")
    same(tf.random_uniform([3], 0, 1, "int32"), [0, 0, 0], "int32")  # [0, 1) holds only 0


def test_random_uniform_int32_draws_every_integer_in_half_open_range():
    x = tf.random_uniform([60_000], -2, 4, "int32", seed=5).numpy()
    assert x.dtype == np.int32
    values, counts = np.unique(x, return_counts=True)
    assert values.tolist() == [-2, -1, 0, 1, 2, 3]
    assert np.all(np.abs(counts / 10_000 - 1) < 0.05)


def test_random_normal_statistics():
    x = tf.random_normal([200_000], 3, 2, seed=0).numpy()
    assert abs(x.mean() - 3) < 0.02 and abs(x.std() - 2) < 0.02
    ints = tf.random_normal([1000], 0, 10, "int32", seed=0)
    assert ints.dtype == "int32"
    floats = tf.random_normal([1000], 0, 10, "float64", seed=0).numpy()
    np.testing.assert_array_equal(ints.numpy(), np.floor(floats + 0.5))


def test_truncated_normal_stays_within_two_stddev():
    x = tf.truncated_normal([200_000], -1, 3, seed=0).numpy()
    assert x.min() >= -7 and x.max() <= 5
    assert abs(x.mean() + 1) < 0.03
    # The standard deviation of N(0, 1) cut at +-2: sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)).
    phi2 = math.exp(-2) / math.sqrt(2 * math.pi)
    mass = math.erf(2 / math.sqrt(2))
    assert abs(x.std() - 3 * math.sqrt(1 - 4 * phi2 / mass)) < 0.02
    assert (np.abs(x + 1) > 5.5).sum() > 100  # it is not simply clipped near the middle


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: tf.random_uniform([2], dtype="bool"), DTypeError, "not 'bool'"),
        (lambda: tf.random_uniform([2], 3, 1), ValueError, r"minval \(3\) must be <= maxval"),
        (lambda: tf.random_uniform([2], 1, 1, "int32"), ValueError, "whole numbers minval <"),
        (lambda: tf.random_uniform([2], 0, 2.5, "int32"), ValueError, "whole numbers"),
        (lambda: tf.random_normal([2], 0, -1), ValueError, "stddev must be >= 0"),
        (lambda: tf.random_normal([2], seed="x"), TypeError, "seed must be an integer"),
        (lambda: tf.set_seed(1.5), TypeError, "seed must be an integer"),
        (lambda: tf.truncated_normal([-1]), ShapeError, "truncated_normal: shape"),
        (lambda: tf.random_normal([2], "a"), TypeError, "mean must be a number"),
    ],
)
def test_random_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_negative_and_huge_seeds_work():
    np.testing.assert_array_equal(tf.random_normal([3], seed=-5).numpy(),
                                  tf.random_normal([3], seed=-5).numpy())
    assert tf.random_normal([3], seed=2**70).shape == (3,)


# -- one_hot ---------------------------------------------------------------------------------
def test_one_hot_like_tfjs():
    same(tf.one_hot(tf.tensor1d([0, 2, -1, 5], "int32"), 3),
         [[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]], "int32")
    same(tf.one_hot([1, 0], 2, 5, -1), [[-1, 5], [5, -1]], "int32")
    same(tf.one_hot([1], 2, dtype="float32"), [[0, 1]], "float32")
    same(tf.one_hot(np.array([[0], [1]]), 2), [[[1, 0]], [[0, 1]]], "int32")
    same(tf.tensor([2, 0], dtype="int32").one_hot(3), [[0, 0, 1], [1, 0, 0]], "int32")
    same(tf.one_hot(1, 3), [0, 1, 0], "int32")


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.int32, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
                  elements=st.integers(-2, 6)), st.integers(1, 6))
def test_one_hot_matches_numpy(indices, depth):
    expected = (indices[..., None] == np.arange(depth)).astype(np.int32)
    same(tf.one_hot(tf.tensor(indices), depth), expected, "int32")


def test_one_hot_errors():
    with pytest.raises(DTypeError, match="indices must be int32, got float32.*tf.cast"):
        tf.one_hot(tf.tensor([0, 1]), 2)
    with pytest.raises(DTypeError, match="whole numbers"):
        tf.one_hot([0.5], 2)
    with pytest.raises(ValueError, match="depth must be at least 1"):
        tf.one_hot([0], 0)
    with pytest.raises(TypeError, match="depth must be an integer"):
        tf.one_hot([0], 2.0)


# -- buffer ----------------------------------------------------------------------------------
def test_buffer_set_get_to_tensor():
    buf = tf.buffer([2, 3])
    assert (buf.shape, buf.dtype, buf.rank, buf.size, buf.strides) == ((2, 3), "float32", 2, 6, [3])
    buf.set(5, 1, 2)
    buf.set(-1.5, [0, 1])  # coordinates may also come as one list
    assert buf.get(1, 2) == 5 and buf.get(0, 1) == -1.5 and buf.get(0, 0) == 0
    np.testing.assert_array_equal(buf.values, [0, -1.5, 0, 0, 0, 5])
    t = buf.to_tensor()
    same(t, [[0, -1.5, 0], [0, 0, 5]], "float32")
    buf.set(7, 0, 0)  # the tensor is a snapshot
    assert t.array_sync()[0][0] == 0
    buf.values[1] = 9  # values is the live flat storage, as in tfjs
    assert buf.get(0, 1) == 9


def test_buffer_dtypes_values_and_strides():
    assert tf.buffer([2, 3, 4]).strides == [12, 4]
    assert tf.buffer([5]).strides == [] and tf.buffer([]).strides == []
    ints = tf.buffer([3], "int32", [1, 2, 3])
    ints.set(2.9, 0)
    same(ints.to_tensor(), [2, 2, 3], "int32")
    flags = tf.buffer([2], "bool")
    flags.set(True, 1)
    assert flags.get(1) is True
    same(flags.to_tensor(), [False, True], "bool")
    scalar = tf.buffer([])
    scalar.set(4)
    same(scalar.to_tensor(), 4, "float32")
    assert repr(tf.buffer([2, 2], "int32")) == "TensorBuffer(shape=[2,2], dtype=int32)"
    assert ints.loc_to_index([2]) == 2 and tf.buffer([2, 3]).index_to_loc(4) == [1, 1]


def test_tensor_buffer_round_trip():
    t = tf.tensor([[1, 2], [3, 4]], dtype="int32")
    buf = t.buffer()
    assert isinstance(buf, tf.TensorBuffer) and buf.dtype == "int32"
    buf.set(10, 0, 0)
    same(buf.to_tensor(), [[10, 2], [3, 4]], "int32")
    same(t, [[1, 2], [3, 4]], "int32")


@pytest.mark.parametrize(
    "action, error, message",
    [
        (lambda b: b.set(1, 0), ShapeError, r"got 1 coordinates \[0\] but the buffer has rank 2"),
        (lambda b: b.get(0, 0, 0), ShapeError, r"3 coordinates.*rank 2 \(shape \[2,3\]\)"),
        (lambda b: b.get(2, 0), ShapeError, r"coordinate 2 on axis 0 is out of range.*0 to 1"),
        (lambda b: b.set(1, 0, -1), ShapeError, r"coordinate -1 on axis 1 is out of range"),
        (lambda b: b.get(0, 1.0), TypeError, "coordinates must be integers"),
        (lambda b: b.set([1, 2], 0, 0), TypeError, "value must be a single number"),
        (lambda b: b.set(float("nan"), 0, 0) if b.dtype == "int32" else b.set("x", 0, 0),
         TypeError, "value must be a single number"),
    ],
)
def test_buffer_errors(action, error, message):
    with pytest.raises(error, match=message):
        action(tf.buffer([2, 3]))


def test_buffer_construction_errors():
    with pytest.raises(ShapeError, match=r"shape \[2,2\] holds 4 values but 3 were given"):
        tf.buffer([2, 2], "float32", [1, 2, 3])
    with pytest.raises(DTypeError, match="unknown dtype"):
        tf.buffer([2], "string")
    with pytest.raises(ValueError, match="NaN or Infinity"):
        tf.buffer([1], "int32").set(float("nan"), 0)


def test_book_exercise_1_identity_4d_tensor():
    buf = tf.buffer([5, 5, 5, 5])
    for i in range(5):
        buf.set(1, i, i, i, i)
    t = buf.to_tensor()
    expected = np.zeros((5, 5, 5, 5), np.float32)
    for i in range(5):
        expected[i, i, i, i] = 1
    same(t, expected, "float32")
    assert t.sum().item() == 5


# -- creation makes counted constants ------------------------------------------------------
def test_each_creation_makes_exactly_one_tensor():
    makers = [
        lambda: tf.scalar(1), lambda: tf.tensor2d([1, 2], [1, 2]), lambda: tf.zeros([2]),
        lambda: tf.fill([2], 3), lambda: tf.eye(3), lambda: tf.range(0, 3),
        lambda: tf.linspace(0, 1, 3), lambda: tf.random_uniform([2]),
        lambda: tf.truncated_normal([9]), lambda: tf.one_hot([0, 1], 2),
        lambda: tf.buffer([2]).to_tensor(),
    ]
    for make in makers:
        before = tf.memory().num_tensors
        t = make()
        assert tf.memory().num_tensors == before + 1
        t.dispose()
    before = tf.memory().num_tensors
    tf.buffer([3, 3])
    assert tf.memory().num_tensors == before  # a buffer is not a tensor yet


def test_created_tensors_are_constants_for_gradients():
    w = tf.ones([3])
    g = tf.grad(lambda x: tf.sum(tf.mul(x, w)))(tf.tensor([1, 2, 3]))
    same(g, [1, 1, 1], "float32")


def test_functional_names_are_registered():
    for name in ["scalar", "tensor1d", "tensor4d", "zeros", "fill", "eye", "range", "linspace",
                 "random_uniform", "random_normal", "truncated_normal", "one_hot", "buffer"]:
        assert callable(getattr(tf, name))
    assert not hasattr(tf.Tensor, "zeros") and hasattr(tf.Tensor, "one_hot")
