"""Memory as tfjs teaches it: exact counts, tidy, keep, dispose."""

import gc
import tracemalloc

import numpy as np
import pytest

import minitf as tf


def count():
    return tf.memory().num_tensors


def test_memory_counts_bytes_per_dtype():
    m0 = tf.memory()
    a = tf.tensor([1.0, 2.0, 3.0])  # float32: 12 bytes
    b = tf.tensor([1, 2], dtype="int32")  # 8
    c = tf.tensor([True, False, True])  # bool: 3
    d = tf.tensor([1.0], dtype="float64")  # 8
    m1 = tf.memory()
    assert m1.num_tensors - m0.num_tensors == 4
    assert m1.num_data_buffers - m0.num_data_buffers == 4
    assert m1.num_bytes - m0.num_bytes == 12 + 8 + 3 + 8
    tf.dispose([a, b, {"c": c, "d": (d,)}])
    assert tf.memory() == m0


def test_shared_buffers_are_counted_once():
    m0 = tf.memory()
    a = tf.tensor([[1.0, 2.0], [3.0, 4.0]])
    r = a.reshape([4])
    c = a.clone()
    m1 = tf.memory()
    assert (m1.num_tensors - m0.num_tensors, m1.num_data_buffers - m0.num_data_buffers) == (3, 1)
    assert m1.num_bytes - m0.num_bytes == 16
    a.dispose()
    assert r.array_sync() == [1, 2, 3, 4]  # the buffer lives while a tensor uses it
    assert tf.memory().num_data_buffers - m0.num_data_buffers == 1
    r.dispose()
    c.dispose()
    assert tf.memory() == m0


def test_dispose_is_idempotent_and_disposed_use_raises():
    t = tf.tensor([1.0])
    t.dispose()
    t.dispose()
    assert t.is_disposed
    for use in (lambda: t.add(1.0), lambda: t.data_sync(), lambda: t.shape, lambda: t.print()):
        with pytest.raises(tf.DisposedTensorError, match=r"^Tensor is disposed\.$"):
            use()
    assert isinstance(tf.DisposedTensorError(), ValueError)


def test_tidy_disposes_all_but_the_result():
    before = count()
    x = tf.tensor([1.0, 2.0])
    inside = []

    def fn():
        a = x.square()
        inside.append(a)
        return a.add(1.0)

    y = tf.tidy(fn)
    assert count() - before == 2  # x and y
    assert inside[0].is_disposed and not y.is_disposed and not x.is_disposed


def test_tidy_with_a_name_and_nested_containers():
    before = count()

    def fn():
        a, b, c = tf.tensor(1.0), tf.tensor(2.0), tf.tensor(3.0)
        tf.tensor(4.0)
        return {"pair": [a, (b,)], "n": 3, "c": {"deep": c}}

    out = tf.tidy("my scope", fn)
    assert count() - before == 3
    assert out["n"] == 3 and out["c"]["deep"].item() == 3


def test_nested_tidies_move_results_outward():
    before = count()
    leaked = []

    def outer():
        inner_result = tf.tidy(lambda: tf.tensor(1.0).add(1.0))
        leaked.append(inner_result)
        tf.tensor(5.0)
        return tf.tensor(9.0)

    out = tf.tidy(outer)
    assert count() - before == 1 and out.item() == 9
    assert leaked[0].is_disposed  # the outer tidy owned the inner result


def test_keep_survives_every_tidy():
    before = count()
    kept = []

    def fn():
        kept.append(tf.keep(tf.tensor(1.0)))
        tf.tidy(lambda: kept.append(tf.keep(tf.tensor(2.0))))
        return None

    tf.tidy(fn)
    assert count() - before == 2
    assert [k.item() for k in kept] == [1, 2]


def test_tidy_cleans_up_when_fn_raises():
    before = count()

    def fn():
        tf.tensor([1.0, 2.0]).square()
        raise KeyError("oops")

    with pytest.raises(KeyError, match="oops"):
        tf.tidy(fn)
    assert count() == before


def test_tidy_never_disposes_variables_created_inside():
    v = tf.tidy(lambda: tf.variable(tf.tensor([1.0]).mul(2.0), name="v_in_tidy"))
    assert v.array_sync() == [2]


def test_tidy_counts_tensors_the_user_dropped_inside():
    before = count()

    def fn():
        for _ in range(10):
            tf.tensor([1.0]).add(1.0)  # dropped at once
        return None

    tf.tidy(fn)
    gc.collect()
    assert count() == before


def test_tidy_bad_arguments():
    with pytest.raises(TypeError, match="pass a function"):
        tf.tidy(3)
    with pytest.raises(TypeError, match="tidy\\(name: str, fn: callable\\)"):
        tf.tidy(lambda: 1, lambda: 2)


def test_leaks_are_counted_but_buffers_are_freed():
    """Without tidy, the count says leak (as in tfjs), yet real memory stays flat."""
    before = count()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        big = np.ones((256, 1024), dtype=np.float32)  # 1 MiB
        for _ in range(200):  # 200 MiB if buffers were retained
            tf.tensor(big).mul(2.0)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert count() - before == 600  # input, the scalar 2.0 as a tensor (as in tfjs), result
    assert grown < 20 * 2**20, f"{grown / 2**20:.0f} MiB retained"


def test_tensors_are_immutable_from_outside():
    t = tf.tensor([1.0, 2.0])
    with pytest.raises(ValueError):
        t.values[0] = 5
    copy = t.numpy()
    copy[0] = 5
    assert t.array_sync() == [1, 2]
    for attr in ("shape", "dtype", "id", "rank", "size"):
        with pytest.raises(AttributeError):
            setattr(t, attr, 1)
