"""Random compositions of ops: minitf's gradients agree with HIPS autograd.

Hypothesis builds small expression graphs from a pool of ops (unary and
binary, with broadcasting, reductions and reshapes mixed in), runs the same
graph in minitf and in autograd.numpy, and compares value and gradient with
respect to every input. Reusing intermediate values makes fan-out and
diamonds common, which single-op tests never see.
"""

import autograd
import autograd.numpy as anp
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import minitf as tf

# (name, minitf function, autograd function); inputs are kept where each is smooth.
UNARY = [
    ("sin", tf.sin, anp.sin),
    ("tanh", tf.tanh, anp.tanh),
    ("sigmoid", tf.sigmoid, lambda x: 1 / (1 + anp.exp(-x))),
    ("square", tf.square, anp.square),
    ("exp_small", lambda x: tf.exp(tf.mul(x, 0.3)), lambda x: anp.exp(x * 0.3)),
    ("softplus", tf.softplus, lambda x: anp.logaddexp(x, 0.0)),
    ("log1p_sq", lambda x: tf.log1p(tf.square(x)), lambda x: anp.log1p(x**2)),
    ("neg", tf.neg, anp.negative),
    ("atan", tf.atan, anp.arctan),
]
BINARY = [
    ("add", tf.add, anp.add),
    ("sub", tf.sub, anp.subtract),
    ("mul", tf.mul, anp.multiply),
    ("div_safe", lambda a, b: tf.div(a, tf.add(tf.square(b), 1.0)), lambda a, b: a / (b**2 + 1.0)),
    ("maximum_soft", lambda a, b: tf.add(a, tf.mul(b, 0.5)), lambda a, b: a + 0.5 * b),
]

SHAPES = [(), (3,), (2, 3), (1, 3), (2, 1)]


@st.composite
def programs(draw):
    """A list of steps; each reads earlier values by index and appends one value."""
    n_inputs = draw(st.integers(1, 3))
    shapes = [draw(st.sampled_from(SHAPES)) for _ in range(n_inputs)]
    steps = []
    n_values = n_inputs
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["unary", "binary", "binary", "reduce"]))
        if kind == "unary":
            steps.append(("unary", draw(st.integers(0, len(UNARY) - 1)),
                          draw(st.integers(0, n_values - 1))))
        elif kind == "binary":
            steps.append(("binary", draw(st.integers(0, len(BINARY) - 1)),
                          draw(st.integers(0, n_values - 1)), draw(st.integers(0, n_values - 1))))
        else:
            steps.append(("reduce", draw(st.booleans()), draw(st.integers(0, n_values - 1))))
        n_values += 1
    seed = draw(st.integers(0, 2**16))
    return shapes, steps, seed


def run(program, xs, lib):
    """Evaluate the program with minitf (lib='tf') or autograd (lib='ag')."""
    _, steps, _ = program
    values = list(xs)
    for step in steps:
        if step[0] == "unary":
            _, k, i = step
            fn = UNARY[k][1] if lib == "tf" else UNARY[k][2]
            values.append(fn(values[i]))
        elif step[0] == "binary":
            _, k, i, j = step
            fn = BINARY[k][1] if lib == "tf" else BINARY[k][2]
            values.append(fn(values[i], values[j]))
        else:
            _, mean, i = step
            v = values[i]
            if lib == "tf":
                values.append(tf.mean(v) if mean else tf.sum(v))
            else:
                values.append(anp.mean(v) if mean else anp.sum(v))
    # The output combines every value, so that every input is connected to it.
    if lib == "tf":
        return _total_tf(values)
    return sum(anp.sum(anp.sin(v)) for v in values)


def _total_tf(values):
    total = tf.sum(tf.sin(values[0]))
    for v in values[1:]:
        total = tf.add(total, tf.sum(tf.sin(v)))
    return total


@settings(max_examples=60, deadline=None)
@given(programs())
def test_random_compositions_match_autograd(program):
    shapes, _, seed = program
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(-1.5, 1.5, size=s) for s in shapes]
    xs = [tf.tensor(a, dtype="float64") for a in arrays]
    before = tf.memory().num_tensors
    value, grads = tf.value_and_grads(lambda *t: run(program, t, "tf"))(xs)
    assert tf.memory().num_tensors - before == 1 + len(xs)  # nothing else leaks
    expected = run(program, arrays, "ag")
    np.testing.assert_allclose(value.item(), expected, rtol=1e-9)
    for i, a in enumerate(arrays):

        def f(x, i=i):
            args = list(arrays)
            args[i] = x
            return run(program, args, "ag")

        np.testing.assert_allclose(grads[i].numpy(), autograd.grad(f)(a), rtol=1e-7, atol=1e-10)


@settings(max_examples=25, deadline=None)
@given(programs())
def test_random_compositions_second_order_match_autograd(program):
    """Hessian-vector products: grad of (grad . v), through the same random graph."""
    shapes, _, seed = program
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(-1.5, 1.5, size=s) for s in shapes]
    vs = [rng.normal(size=s) for s in shapes]
    xs = [tf.tensor(a, dtype="float64") for a in arrays]
    vts = [tf.tensor(v, dtype="float64") for v in vs]

    def directional(*t):
        gs = tf.grads(lambda *u: run(program, u, "tf"))(list(t))
        total = tf.sum(tf.mul(gs[0], vts[0]))
        for g, v in zip(gs[1:], vts[1:]):
            total = tf.add(total, tf.sum(tf.mul(g, v)))
        return total

    hvp = tf.grads(directional)(xs)

    def directional_ag(*t):
        gs = autograd.grad(lambda args: run(program, args, "ag"))(list(t))
        return sum(anp.sum(g * v) for g, v in zip(gs, vs))

    for i in range(len(arrays)):
        want = autograd.grad(directional_ag, i)(*arrays)
        np.testing.assert_allclose(hvp[i].numpy(), want, rtol=1e-7, atol=1e-9)
