"""Tensor basics: properties, reading values, numpy interop."""

import numpy as np
import pytest

import minitf as tf


def test_properties():
    t = tf.tensor([[1, 2, 3], [4, 5, 6]])
    assert (t.shape, t.rank, t.size, t.dtype, t.strides) == ((2, 3), 2, 6, "float32", [3])
    assert isinstance(t.id, int) and tf.tensor(1.0).id != t.id
    assert tf.tensor(1.0).shape == () and tf.tensor(1.0).rank == 0


def test_readers_return_copies_of_the_right_kind():
    t = tf.tensor([[1, 2], [3, 4]])
    assert t.data_sync().tolist() == [1, 2, 3, 4] and t.data().shape == (4,)
    assert t.array_sync() == [[1, 2], [3, 4]] == t.array()
    assert t.numpy().dtype == np.float32 and t.numpy().shape == (2, 2)
    assert tf.tensor([7.0]).item() == 7.0
    with pytest.raises(tf.ShapeError, match="has 4 elements"):
        t.item()


def test_numpy_interop():
    t = tf.tensor([1.0, 2.0])
    assert np.asarray(t).tolist() == [1, 2]
    assert np.asarray(t, dtype=np.float64).dtype == np.float64
    r = np.array([10.0, 20.0]) + t  # numpy defers to the tensor
    assert isinstance(r, tf.Tensor) and r.array_sync() == [11, 22]
    assert isinstance(np.float32(2) * t, tf.Tensor)


def test_truth_value_and_len():
    assert bool(tf.tensor([True]))
    with pytest.raises(ValueError, match="ambiguous"):
        bool(tf.tensor([1.0, 2.0]))
    assert len(tf.tensor([[1.0], [2.0], [3.0]])) == 3
    with pytest.raises(TypeError):
        len(tf.tensor(1.0))
    assert float(tf.tensor(2.5)) == 2.5 and int(tf.tensor([3.0])) == 3


def test_tensors_are_hashable_by_identity():
    a, b = tf.tensor(1.0), tf.tensor(1.0)
    assert len({a, b}) == 2


def test_chaining_and_functional_are_the_same_function():
    assert tf.Tensor.add is tf.add and tf.Tensor.sum is tf.sum


def test_rank0_results_read_back_as_ndarrays():
    s = tf.sin(tf.tensor(0.5)).mul(2.0)  # numpy hands ufunc results on rank 0 back as scalars
    assert s.shape == () and s.rank == 0 and s.size == 1 and s.dtype == "float32"
    for arr in (s.numpy(), s.values, np.asarray(s)):
        assert type(arr) is np.ndarray and arr.shape == ()
    with pytest.raises(ValueError):
        s.values[()] = 1.0
    assert s.data_sync().shape == (1,) and isinstance(s.array_sync(), float)
    assert s.reshape([1, 1]).shape == (1, 1) and s.expand_dims(0).shape == (1,)


def test_nested_values_keep_their_axes_when_a_shape_is_given():
    assert tf.tensor([1, 2, 3, 4], [2, 2]).array_sync() == [[1, 2], [3, 4]]
    assert tf.tensor([[1, 2, 3, 4]], [1, 2, 2]).shape == (1, 2, 2)
    with pytest.raises(tf.ShapeError, match=r"values have shape \[2,2\].*shape \[1,4\]"):
        tf.tensor([[1, 2], [3, 4]], [1, 4])


def test_axis_checks_on_scalars_and_bad_types():
    s = tf.tensor(3.0)
    assert tf.sum(s, 0).item() == 3 and tf.sum(s, -1).item() == 3
    with pytest.raises(tf.ShapeError, match="out of range for a scalar"):
        tf.sum(s, 1)
    with pytest.raises(TypeError, match="axis must be an int.*got 1.5"):
        tf.sum(tf.tensor([1.0, 2.0]), 1.5)
    with pytest.raises(TypeError, match="reverse: axis must be an int or a list of ints"):
        tf.ops._core.normalize_axes(1.5, 2, "reverse")
