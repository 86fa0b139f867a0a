"""The appendix of *Deep Learning with JavaScript*, B.4 and its exercises, in Python.

Each printed output must match the book character for character.
"""

import numpy as np

import minitf as tf


def printed(capsys, *tensors):
    for t in tensors:
        t.print()
    return capsys.readouterr().out


def test_grad_of_atan(capsys):
    f = lambda x: tf.atan(x)  # noqa: E731
    df = tf.grad(f)
    x = tf.tensor([-4, -2, 0, 2, 4])
    assert printed(capsys, df(x)) == "Tensor\n    [0.0588235, 0.2, 1, 0.2, 0.0588235]\n"


def test_grads_of_a_product(capsys):
    h = lambda x, y: x.mul(y)  # noqa: E731
    dh = tf.grads(h)
    dh_values = dh([tf.tensor1d([1, 2]), tf.tensor1d([-1, -2])])
    assert printed(capsys, dh_values[0], dh_values[1]) == (
        "Tensor\n    [-1, -2]\nTensor\n    [1, 2]\n"
    )


def test_value_and_grads(capsys):
    h = lambda x, y: x.mul(y)  # noqa: E731
    vdh = tf.value_and_grads(h)
    out = vdh([tf.tensor1d([1, 2]), tf.tensor1d([-1, -2])])
    assert printed(capsys, out.value, out.grads[0], out.grads[1]) == (
        "Tensor\n    [-1, -4]\nTensor\n    [-1, -2]\nTensor\n    [1, 2]\n"
    )


def test_variable_grads(capsys):
    trainable = True
    a = tf.variable(tf.tensor1d([3, 4]), trainable, "a")
    b = tf.variable(tf.tensor1d([5, 6]), trainable, "b")
    x = tf.tensor1d([1, 2])
    f = lambda: a.mul(x.square()).add(b.mul(x)).sum()  # noqa: E731
    value, grads = tf.variable_grads(f)
    assert value.item() == 3 * 1 + 4 * 4 + 5 * 1 + 6 * 2
    assert printed(capsys, grads["a"], grads["b"]) == "Tensor\n    [1, 4]\nTensor\n    [1, 2]\n"


# -- the appendix's exercises on tensors -----------------------------------------------------
def test_exercise_1_identity_4d_with_a_buffer():
    buf = tf.buffer([5, 5, 5, 5])
    for i in range(5):
        buf.set(1, i, i, i, i)
    t = buf.to_tensor()
    expected = np.zeros((5, 5, 5, 5), dtype=np.float32)
    for i in range(5):
        expected[i, i, i, i] = 1
    np.testing.assert_array_equal(t.numpy(), expected)


def test_exercise_2_sum_of_uniform_over_two_axes():
    tf.set_seed(42)
    s = tf.sum(tf.random_uniform([2, 4, 5]), [1, 2])
    assert s.shape == (2,)
    # Each entry sums 20 independent U[0, 1) draws: mean 10, std sqrt(20/12) ~ 1.29.
    assert np.all(np.abs(s.numpy() - 10) < 5)


def test_exercise_3_center_of_a_4x4_matrix():
    m = tf.random_uniform([4, 4])
    center = tf.slice(m, [1, 1], [2, 2])
    np.testing.assert_array_equal(center.numpy(), m.numpy()[1:3, 1:3])


def test_exercise_4_slices_of_ones_times_their_index():
    t = tf.concat([tf.ones([1, 4, 3]).mul(i + 1) for i in range(5)], 0)
    assert t.shape == (5, 4, 3)
    values = t.array_sync()
    assert all(v == i + 1 for i in range(5) for row in values[i] for v in row)
    assert t.data_sync().tolist() == [float(i + 1) for i in range(5) for _ in range(12)]


def test_exercise_5_add_halve_transpose_without_leaks():
    def functional(a, b):
        return tf.tidy(lambda: tf.transpose(tf.div(tf.add(a, b), 2)))

    def chained(a, b):
        return tf.tidy(lambda: a.add(b).div(2).transpose())

    a = tf.tensor([[1, 2, 3], [4, 5, 6]])
    b = tf.tensor([[10, 20, 30], [40, 50, 60]])
    for fn in (functional, chained):
        before = tf.memory().num_tensors
        out = fn(a, b)
        assert tf.memory().num_tensors == before + 1  # only the result survives
        assert out.array_sync() == [[5.5, 22], [11, 27.5], [16.5, 33]]
