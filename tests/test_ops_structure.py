"""Structural ops against numpy: reductions, shape ops, matmul/dot, buffers and errors."""

from __future__ import annotations

import functools
import re

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minitf as tf

SETTINGS = settings(max_examples=60, deadline=None)
DTYPES = ["float32", "int32", "bool"]


# -- strategies --------------------------------------------------------------------------------
def elements(dtype: str):
    if dtype == "bool":
        return st.booleans()
    if dtype == "int32":
        return st.integers(-20, 20)
    return st.floats(-10, 10, width=32)


@st.composite
def arrays(draw, dtype=None, min_dims=0, max_dims=4, min_side=1, max_side=4, shape=None):
    """An ndarray of one of the three tfjs dtypes (or `dtype`) and its dtype name."""
    dtype = dtype or draw(st.sampled_from(DTYPES))
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                                      max_side=max_side))
    np_dtype = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}[dtype]
    return draw(hnp.arrays(np_dtype, shape, elements=elements(dtype))), dtype


@st.composite
def axes_for(draw, rank: int):
    """None, one axis (maybe negative) or a list of distinct axes with mixed signs."""
    if rank == 0:
        return draw(st.sampled_from([None, 0, -1, []]))
    kind = draw(st.sampled_from(["none", "int", "list"]))
    if kind == "none":
        return None
    if kind == "int":
        return draw(st.integers(-rank, rank - 1))
    chosen = draw(st.lists(st.integers(0, rank - 1), unique=True, max_size=rank))
    return [a - rank if draw(st.booleans()) else a for a in chosen]


def np_axes(axis, rank):
    """The numpy equivalent of a minitf axis argument."""
    if axis is None or rank == 0:
        return None if rank else ()
    return tuple(axis) if isinstance(axis, list) else axis


def t(a, dtype=None):
    return tf.tensor(a, dtype=dtype or {np.dtype(np.bool_): "bool", np.dtype(np.int32): "int32"}
                     .get(a.dtype, "float32"))


def check(result, expected, dtype=None, rtol=1e-5):
    expected = np.asarray(expected)
    assert isinstance(result, tf.Tensor)
    assert result.shape == expected.shape, (result.shape, expected.shape)
    if dtype is not None:
        assert result.dtype == dtype
    if result.dtype == "bool" or result.dtype == "int32":
        np.testing.assert_array_equal(result.numpy(), expected)
    else:
        np.testing.assert_allclose(result.numpy(), expected, rtol=rtol, atol=1e-5)


def raises(exc, *fragments):
    """pytest.raises whose message must contain every fragment."""
    return pytest.raises(exc, match="(?s)" + "".join(f"(?=.*{re.escape(f)})" for f in fragments))


# -- reductions --------------------------------------------------------------------------------
@SETTINGS
@given(st.data())
def test_sum_prod_mean_match_numpy(data):
    a, dtype = data.draw(arrays())
    axis = data.draw(axes_for(a.ndim))
    keep = data.draw(st.booleans())
    ax = np_axes(axis, a.ndim)
    acc = "float32" if dtype == "float32" else "int32"
    x = t(a)
    check(tf.sum(x, axis, keep), np.sum(a, axis=ax, keepdims=keep, dtype=acc), acc)
    check(x.prod(axis, keep_dims=keep), np.prod(a, axis=ax, keepdims=keep, dtype=acc), acc)
    check(x.mean(axis, keep), np.mean(a.astype(np.float32), axis=ax, keepdims=keep), "float32")


@SETTINGS
@given(st.data())
def test_max_min_match_numpy(data):
    a, dtype = data.draw(arrays())
    axis = data.draw(axes_for(a.ndim))
    keep = data.draw(st.booleans())
    ax = np_axes(axis, a.ndim)
    check(tf.max(t(a), axis, keep), np.max(a, axis=ax, keepdims=keep), dtype)
    check(t(a).min(axis, keep_dims=keep), np.min(a, axis=ax, keepdims=keep), dtype)


@SETTINGS
@given(st.data())
def test_arg_max_arg_min_match_numpy(data):
    a, _ = data.draw(arrays(min_dims=1))
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    check(tf.arg_max(t(a), axis), np.argmax(a, axis=axis), "int32")
    check(t(a).arg_min(axis), np.argmin(a, axis=axis), "int32")
    check(tf.arg_max(t(a)), np.argmax(a, axis=0), "int32")  # tfjs's default axis is 0


@SETTINGS
@given(st.data())
def test_all_any_match_numpy(data):
    a, _ = data.draw(arrays())
    axis = data.draw(axes_for(a.ndim))
    keep = data.draw(st.booleans())
    ax = np_axes(axis, a.ndim)
    check(tf.all(t(a), axis, keep), np.all(a, axis=ax, keepdims=keep), "bool")
    check(t(a).any(axis, keep_dims=keep), np.any(a, axis=ax, keepdims=keep), "bool")


def test_reductions_over_empty_axes_follow_numpy():
    e = tf.zeros([2, 0, 3])
    check(tf.sum(e, 1), np.zeros((2, 3)), "float32")
    check(tf.prod(e, 1), np.ones((2, 3)), "float32")
    check(tf.all(tf.cast(e, "bool"), 1), np.ones((2, 3), bool), "bool")
    check(tf.any(tf.cast(e, "bool"), 1), np.zeros((2, 3), bool), "bool")
    m = tf.mean(e, 1)
    assert m.shape == (2, 3) and np.isnan(m.numpy()).all()
    check(tf.max(e, 0), np.zeros((0, 3)), "float32")  # no slices, so nothing to refuse
    check(tf.sum(tf.tensor([[1, 2], [3, 4]]), []), [[1, 2], [3, 4]])  # no axes: a copy
    for name in ["max", "min", "arg_max", "arg_min"]:
        with raises(tf.ShapeError, name, "axis 1 of size 0", "[2,0,3]"):
            getattr(tf, name)(e, 1)


def test_reduction_dtypes_follow_tfjs():
    b = tf.tensor([True, True, False])
    i = tf.tensor([1, 2, 4], dtype="int32")
    assert tf.sum(b).dtype == "int32" and tf.sum(b).item() == 2
    assert tf.sum(i).dtype == "int32" and tf.prod(i).item() == 8
    assert tf.mean(i).dtype == "float32" and tf.mean(i).item() == pytest.approx(7 / 3)
    assert tf.max(i).dtype == "int32" and tf.arg_max(i).dtype == "int32"
    assert tf.all(tf.tensor([1.0, 0.0])).item() is False  # numbers count as true when nonzero
    assert tf.sum(tf.tensor([1.5], dtype="float64")).dtype == "float64"


def test_reduction_axis_errors():
    x = tf.zeros([2, 3])
    with raises(tf.ShapeError, "sum", "axis 2", "rank 2"):
        tf.sum(x, 2)
    with raises(tf.ShapeError, "mean", "axis -3"):
        x.mean([0, -3])
    with raises(tf.ShapeError, "max", "same axis twice"):
        tf.max(x, [1, -1])
    with raises(tf.ShapeError, "arg_max", "one axis"):
        tf.arg_max(x, [0, 1])
    with raises(TypeError, "prod", "axis"):
        tf.prod(x, 1.5)


# -- reshape family and buffer sharing ---------------------------------------------------------
@SETTINGS
@given(st.data())
def test_reshape_flatten_expand_squeeze(data):
    a, dtype = data.draw(arrays())
    x = t(a)
    dims = data.draw(st.permutations(list(a.shape) + [1] * data.draw(st.integers(0, 2))))
    if dims and data.draw(st.booleans()):
        dims[data.draw(st.integers(0, len(dims) - 1))] = -1
    check(tf.reshape(x, dims), a.reshape(dims), dtype)
    check(x.flatten(), a.reshape(-1), dtype)
    axis = data.draw(st.integers(-a.ndim - 1, a.ndim))
    check(tf.expand_dims(x, axis), np.expand_dims(a, axis), dtype)
    check(x.squeeze(), np.squeeze(a), dtype)
    ones = [i for i, d in enumerate(a.shape) if d == 1]
    some = data.draw(st.lists(st.sampled_from(ones), unique=True)) if ones else []
    check(tf.squeeze(x, some), np.squeeze(a, tuple(some)), dtype)


def test_shape_only_ops_share_the_buffer_and_copies_do_not():
    x = tf.tensor([[1, 2, 3], [4, 5, 6]])
    before = tf.memory()
    views = [x.reshape([3, 2]), x.reshape([2, 3]), tf.clone(x), x.flatten(), x.expand_dims(1),
             x.expand_dims(0).squeeze(), tf.cast(x, "float32")]
    after = tf.memory()
    assert after.num_data_buffers == before.num_data_buffers
    assert after.num_tensors == before.num_tensors + len(views) + 1
    assert after.num_bytes == before.num_bytes
    views[0].dispose()
    np.testing.assert_array_equal(x.numpy(), [[1, 2, 3], [4, 5, 6]])  # x is not affected
    s = x.slice([0, 1], [1, 2])
    assert tf.memory().num_data_buffers == before.num_data_buffers + 1
    assert s.values.base is None or s.values.base.size == s.size  # owns its values
    idx = tf.tensor([1], dtype="int32")
    copies = [(lambda: x.transpose(), 1), (lambda: x.reverse(0), 1), (lambda: x.tile([1, 1]), 1),
              (lambda: tf.gather(x, idx, 1), 1), (lambda: tf.split(x, 3, 1), 3),
              (lambda: x.unstack(), 2), (lambda: x.pad([[0, 1], [0, 0]]), 1)]
    for make, new_buffers in copies:
        n = tf.memory().num_data_buffers
        make()
        assert tf.memory().num_data_buffers == n + new_buffers


def test_reshape_errors():
    x = tf.zeros([2, 3])
    with raises(tf.ShapeError, "reshape", "[2,3]", "[4,2]", "6 elements"):
        x.reshape([4, 2])
    with raises(tf.ShapeError, "reshape", "[-1,-1]"):
        x.reshape([-1, -1])
    with raises(tf.ShapeError, "reshape", "[-1,4]", "cannot be inferred"):
        x.reshape([-1, 4])
    with raises(tf.ShapeError, "expand_dims", "axis 3", "rank 1", "-2 to 1"):
        tf.expand_dims(tf.zeros([4]), 3)
    with raises(tf.ShapeError, "squeeze", "axis 1", "[2,3]", "size is 3"):
        x.squeeze([1])
    with raises(tf.ShapeError, "squeeze", "axis 2", "rank 2"):
        x.squeeze(2)


# -- transpose, slice, pad -------------------------------------------------------------------
@SETTINGS
@given(st.data())
def test_transpose(data):
    a, dtype = data.draw(arrays())
    perm = data.draw(st.permutations(range(a.ndim)))
    check(tf.transpose(t(a), perm), np.transpose(a, perm), dtype)
    check(t(a).transpose(), a.T, dtype)


def test_transpose_errors():
    x = tf.zeros([2, 3, 4])
    with raises(tf.ShapeError, "transpose", "perm [0, 1]", "rank 3"):
        x.transpose([0, 1])
    with raises(tf.ShapeError, "transpose", "perm [0, 0, 1]", "rank 3", "exactly once"):
        x.transpose([0, 0, 1])
    with raises(tf.ShapeError, "transpose", "perm [0, 1, 3]"):
        x.transpose([0, 1, 3])
    with raises(TypeError, "transpose", "perm"):
        x.transpose(["a"])


@st.composite
def slice_args(draw, shape):
    """begin/size lists, maybe shorter than the rank, and the numpy index they mean."""
    rank = len(shape)
    begin = [draw(st.integers(0, d)) for d in shape]
    size = [draw(st.sampled_from([-1, draw(st.integers(0, d - b))])) for d, b in zip(shape, begin)]
    nb, ns = draw(st.integers(0, rank)), draw(st.integers(0, rank))
    begin, size = begin[:nb], size[:ns]
    # tfjs: a shorter begin means 0 for the rest, a shorter size means "to the end".
    full_b = begin + [0] * (rank - nb)
    full_s = size + [-1] * (rank - ns)
    index = tuple(slice(b, d if s == -1 else b + s) for d, b, s in zip(shape, full_b, full_s))
    return begin, (None if not size and draw(st.booleans()) else size), index


@SETTINGS
@given(st.data())
def test_slice_matches_numpy_with_tfjs_rules(data):
    a, dtype = data.draw(arrays(min_side=0))
    begin, size, index = data.draw(slice_args(a.shape))
    check(tf.slice(t(a), begin, size), a[index], dtype)


def test_slice_int_arguments_and_copy():
    x = tf.tensor([1, 2, 3, 4, 5])
    check(x.slice(1, 2), [2, 3])
    check(x.slice(2), [3, 4, 5])
    check(tf.slice(tf.tensor([[1, 2], [3, 4], [5, 6]]), 1), [[3, 4], [5, 6]])
    check(tf.slice(tf.tensor([[1, 2], [3, 4], [5, 6]]), [1, 1], [-1, 1]), [[4], [6]])
    check(tf.slice(tf.scalar(3), []), 3)


def test_slice_errors():
    x = tf.zeros([2, 3])
    with raises(tf.ShapeError, "slice", "begin [1, 2]", "size [1, 2]", "[2,3]", "exceeds"):
        x.slice([1, 2], [1, 2])
    with raises(tf.ShapeError, "slice", "begin [3]", "[2,3]"):
        x.slice([3])
    with raises(tf.ShapeError, "slice", "begin [-1]"):
        x.slice([-1])
    with raises(tf.ShapeError, "slice", "size [0, -2]", "negative"):
        x.slice([0, 0], [0, -2])
    with raises(tf.ShapeError, "slice", "begin [0, 0, 0]", "at most 2"):
        x.slice([0, 0, 0])


@SETTINGS
@given(st.data())
def test_pad(data):
    a, dtype = data.draw(arrays(min_side=0))
    pads = [[data.draw(st.integers(0, 2)), data.draw(st.integers(0, 2))] for _ in a.shape]
    value = data.draw(st.sampled_from([0, 1, 7]))
    want = np.pad(a, pads, constant_values=value) if a.ndim else a
    check(tf.pad(t(a), pads, value), want, dtype)


def test_pad_errors():
    x = tf.zeros([2, 3])
    with raises(tf.ShapeError, "pad", "[[1, 1]]", "[2,3]", "rank 2"):
        x.pad([[1, 1]])
    with raises(tf.ShapeError, "pad", "[[1, 1], [0, -1]]"):
        x.pad([[1, 1], [0, -1]])
    with raises(tf.DTypeError, "pad", "0.5", "int32"):
        tf.pad(tf.tensor([1, 2], dtype="int32"), [[1, 1]], 0.5)


# -- concat, stack, unstack, split ---------------------------------------------------------
@SETTINGS
@given(st.data())
def test_concat_with_upcast(data):
    base, _ = data.draw(arrays(min_dims=1, dtype="int32"))
    axis = data.draw(st.integers(-base.ndim, base.ndim - 1))
    parts = []
    for _ in range(data.draw(st.integers(1, 4))):
        shape = list(base.shape)
        shape[axis] = data.draw(st.integers(0, 3))
        parts.append(data.draw(arrays(shape=tuple(shape))))
    result = tf.concat([t(a) for a, _ in parts], axis)
    want = functools.reduce(tf.upcast, [d for _, d in parts])
    expected = np.concatenate([a.astype(result.values.dtype) for a, _ in parts], axis)
    check(result, expected, want)
    check(t(parts[0][0]).concat([t(a) for a, _ in parts[1:]], axis), expected)


@SETTINGS
@given(st.data())
def test_stack_unstack(data):
    first, dtype = data.draw(arrays(max_dims=3))
    others = [data.draw(arrays(dtype=dtype, shape=first.shape))[0]
              for _ in range(data.draw(st.integers(0, 3)))]
    arrays_ = [first] + others
    axis = data.draw(st.integers(-first.ndim - 1, first.ndim))
    stacked = tf.stack([t(a) for a in arrays_], axis)
    check(stacked, np.stack(arrays_, axis), dtype)
    pieces = stacked.unstack(axis)
    assert len(pieces) == len(arrays_)
    for p, a in zip(pieces, arrays_):
        check(p, a, dtype)
    if others:
        check(t(first).stack([t(a) for a in others], axis), np.stack(arrays_, axis))


@SETTINGS
@given(st.data())
def test_split(data):
    a, dtype = data.draw(arrays(min_dims=1, min_side=0, max_side=6))
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    dim = a.shape[axis]
    divisors = [n for n in range(1, 7) if dim % n == 0]
    if data.draw(st.booleans()):
        n = data.draw(st.sampled_from(divisors))
        got, want = tf.split(t(a), n, axis), np.split(a, n, axis)
    else:
        cuts = sorted(data.draw(st.lists(st.integers(0, dim), max_size=3)))
        sizes = np.diff([0, *cuts, dim]).tolist()
        want = np.split(a, cuts, axis)
        if data.draw(st.booleans()):
            sizes[data.draw(st.integers(0, len(sizes) - 1))] = -1
        got = t(a).split(sizes, axis)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        check(g, w, dtype)


def test_concat_stack_split_errors():
    a, b = tf.zeros([2, 3]), tf.zeros([2, 4])
    with raises(tf.ShapeError, "concat", "tensors[1]", "[2,4]", "[2,3]", "axis 0"):
        tf.concat([a, b])
    with raises(tf.ShapeError, "concat", "tensors[2]", "rank 1", "[3]", "rank 2"):
        tf.concat([a, a, tf.zeros([3])], 1)
    with raises(tf.ShapeError, "concat", "scalars"):
        tf.concat([tf.scalar(1), tf.scalar(2)])
    with raises(tf.ShapeError, "concat", "axis 2"):
        tf.concat([a, a], 2)
    with raises(ValueError, "concat", "at least one"):
        tf.concat([])
    with raises(TypeError, "concat", "list"):
        tf.concat(a)
    with raises(tf.ShapeError, "stack", "tensors[1]", "[2,4]", "[2,3]"):
        tf.stack([a, b])
    with raises(tf.ShapeError, "stack", "axis 3", "-3 to 2"):
        tf.stack([a, a], 3)
    with raises(tf.ShapeError, "split", "axis 1 of size 3", "[2,3]", "2 equal pieces"):
        tf.split(a, 2, 1)
    with raises(tf.ShapeError, "split", "[1, 1]", "sum to 3"):
        a.split([1, 1], 1)
    with raises(tf.ShapeError, "split", "[-1, -1]"):
        a.split([-1, -1], 1)
    with raises(tf.ShapeError, "unstack", "scalar"):
        tf.unstack(tf.scalar(1))
    check(tf.concat([a]), np.zeros((2, 3)))
    check(tf.concat([tf.tensor([True]), tf.tensor([2], dtype="int32")]), [1, 2], "int32")


# -- tile, gather, reverse, broadcast_to, cast ---------------------------------------------
@SETTINGS
@given(st.data())
def test_tile(data):
    a, dtype = data.draw(arrays(max_dims=3))
    reps = [data.draw(st.integers(0, 3)) for _ in a.shape]
    check(tf.tile(t(a), reps), np.tile(a, reps) if a.ndim else a, dtype)


@SETTINGS
@given(st.data())
def test_gather(data):
    a, dtype = data.draw(arrays(min_dims=1))
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    idx_shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3))
    idx = data.draw(hnp.arrays(np.int32, idx_shape, elements=st.integers(0, a.shape[axis] - 1)))
    want = np.take(a, idx, axis=axis)
    check(tf.gather(t(a), t(idx), axis), want, dtype)
    if idx.size:  # a nested list loses the shape of an empty array
        check(t(a).gather(idx.tolist(), axis), want, dtype)


def test_gather_errors():
    x = tf.zeros([2, 3])
    with raises(tf.ShapeError, "gather", "index 3", "axis 1 of size 3", "[2,3]", "[0, 2]"):
        tf.gather(x, [0, 3], 1)
    with raises(tf.ShapeError, "gather", "index -1"):
        tf.gather(x, [-1])
    with raises(tf.DTypeError, "gather", "int32", "float32"):
        tf.gather(x, tf.tensor([0.0]))
    with raises(tf.DTypeError, "gather", "whole numbers"):
        tf.gather(x, [0.5])
    with raises(tf.ShapeError, "gather", "scalar"):
        tf.gather(tf.scalar(1), [0])


@SETTINGS
@given(st.data())
def test_reverse(data):
    a, dtype = data.draw(arrays())
    axis = data.draw(axes_for(a.ndim))
    ax = np_axes(axis, a.ndim)
    check(tf.reverse(t(a), axis), np.flip(a, ax) if a.ndim else a, dtype)


@SETTINGS
@given(st.data())
def test_broadcast_to_and_cast(data):
    a, dtype = data.draw(arrays(max_dims=3, max_side=3))
    lead = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))
    shape = tuple(lead) + tuple(
        data.draw(st.integers(1, 3)) if d == 1 else d for d in a.shape
    )
    check(tf.broadcast_to(t(a), shape), np.broadcast_to(a, shape), dtype)
    target = data.draw(st.sampled_from(DTYPES))
    expected = a.astype({"float32": np.float32, "int32": np.int32, "bool": np.bool_}[target])
    check(t(a).cast(target), expected, target)


def test_tile_reverse_broadcast_errors():
    x = tf.zeros([2, 3])
    with raises(tf.ShapeError, "tile", "reps [2]", "[2,3]", "rank 2"):
        x.tile([2])
    with raises(tf.ShapeError, "tile", "reps [1, -1]"):
        x.tile([1, -1])
    with raises(tf.ShapeError, "reverse", "axis 2", "rank 2"):
        x.reverse(2)
    with raises(tf.ShapeError, "broadcast_to", "[2,3]", "[3,3]"):
        x.broadcast_to([3, 3])


# -- matmul and dot --------------------------------------------------------------------------
@st.composite
def matmul_args(draw):
    m, k, n = (draw(st.integers(1, 4)) for _ in range(3))
    batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
    ta, tb = draw(st.booleans()), draw(st.booleans())
    a_shape = batch.input_shapes[0] + ((k, m) if ta else (m, k))
    b_shape = batch.input_shapes[1] + ((n, k) if tb else (k, n))
    dtype = draw(st.sampled_from(["float32", "int32"]))
    a = draw(arrays(dtype=dtype, shape=a_shape))[0]
    b = draw(arrays(dtype=dtype, shape=b_shape))[0]
    return a, b, ta, tb, dtype


@SETTINGS
@given(matmul_args())
def test_matmul_matches_numpy_with_batch_broadcasting(args):
    a, b, ta, tb, dtype = args
    want = np.matmul(np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b)
    check(tf.matmul(t(a), t(b), ta, tb), want, dtype, rtol=1e-4)
    if not ta and not tb:
        check(t(a) @ t(b), want, dtype, rtol=1e-4)
        check(t(a).matmul(t(b)), want, dtype, rtol=1e-4)


@SETTINGS
@given(st.data())
def test_dot_matches_numpy(data):
    k = data.draw(st.integers(1, 4))
    a_shape = data.draw(st.sampled_from([(k,), (data.draw(st.integers(1, 4)), k)]))
    b_shape = data.draw(st.sampled_from([(k,), (k, data.draw(st.integers(1, 4)))]))
    a = data.draw(arrays(dtype="float32", shape=a_shape))[0]
    b = data.draw(arrays(dtype="float32", shape=b_shape))[0]
    check(tf.dot(t(a), t(b)), np.dot(a, b), "float32", rtol=1e-4)
    check(t(a).dot(t(b)), np.dot(a, b), "float32", rtol=1e-4)


def test_matmul_and_dot_errors():
    a, b = tf.zeros([2, 3]), tf.zeros([4, 5])
    with raises(tf.ShapeError, "matmul", "[2,3]", "transpose_a=False", "[4,5]",
                "transpose_b=True"):
        tf.matmul(a, b, transpose_b=True)
    with raises(tf.ShapeError, "matmul", "[3]", "tf.dot"):
        tf.matmul(tf.zeros([3]), b)
    with raises(tf.ShapeError, "matmul", "batch", "[2]", "[3]"):
        tf.matmul(tf.zeros([2, 2, 3]), tf.zeros([3, 3, 4]))
    with raises(tf.ShapeError, "dot", "[2,3]", "[4,5]"):
        tf.dot(a, b)
    with raises(tf.ShapeError, "dot", "rank 1 or 2", "[1,2,3]"):
        tf.dot(tf.zeros([1, 2, 3]), b)
    check(tf.matmul(a, tf.ones([3, 2], dtype="int32")), np.zeros((2, 2)), "float32")
    check(tf.dot(tf.tensor([1, 2, 3]), tf.tensor([4, 5, 6])), 32.0, "float32")
